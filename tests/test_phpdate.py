"""``{{#time:}}``, ``{{#timel:}}`` and ``{{#timef:}}`` against MediaWiki.

``fixtures/pfuncs/time_oracle.json`` (``benchmarks/pfuncs_oracle.py time``) holds MediaWiki
1.39's output for every format code on ~26 fixed dates, ~190 absolute date texts, and ~50 texts
relative to the moment the oracle ran (its first entry records that moment as ``now``, so the
clock does not matter).  ``funcsParserTests.txt`` is ParserFunctions' own parser-test file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikiparse.expand._phpdate import (
    civil_from_days,
    days_from_civil,
    expand_time,
    expand_timef,
    format_time,
    parse_time,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pfuncs"
_DATA = json.loads((FIXTURES / "time_oracle.json").read_text(encoding="utf-8"))
NOW = dt.datetime.fromtimestamp(_DATA[0]["now"], dt.UTC)
_CASES: list[dict[str, list[str] | str]] = _DATA[1:]
_PHP_TRIM = " \t\n\r\0\x0b"
#: Inputs PHP accepts that the parser does not model, with the reason.
KNOWN_GAPS: dict[str, str] = {}


def _expand(call: list[str]) -> str:
    name, fmt, date, *rest = (a.strip(_PHP_TRIM) for a in call)
    local = name == "timel" or (len(rest) > 1 and rest[1] != "")
    result = expand_time(fmt, date, NOW, local=local)
    # MediaWiki puts a newline before a result starting with * # : ; (T2529).
    return "\n" + result if result[:1] in ("*", "#", ":", ";") else result


def _by_format() -> dict[str, list[dict[str, list[str] | str]]]:
    groups: dict[str, list[dict[str, list[str] | str]]] = {}
    for case in _CASES:
        call = case["call"]
        if call[1] not in ("Y-m-d H:i:s", "Y-m-d"):
            groups.setdefault(call[1], []).append(case)
    return groups


_FORMATS = _by_format()
_PARSES = [c for c in _CASES if c["call"][1] in ("Y-m-d H:i:s", "Y-m-d")]


@pytest.mark.parametrize("fmt", sorted(_FORMATS))
def test_format_codes(fmt: str) -> None:
    bad = [(c["call"][2], c["expanded"], got) for c in _FORMATS[fmt]
           if (got := _expand(list(c["call"]))) != c["expanded"]]  # fmt: skip
    assert not bad


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[c["call"][2]]))
        if c["call"][2] in KNOWN_GAPS
        else c
        for c in _PARSES
    ],
    ids=[f"{c['call'][1]}|{c['call'][2]}" for c in _PARSES],
)
def test_parsing(case: dict[str, list[str] | str]) -> None:
    assert _expand(list(case["call"])) == case["expanded"]


def test_fixture_size() -> None:
    assert len(_FORMATS) > 70
    assert len(_PARSES) > 200


def _parser_tests() -> list[tuple[str, str, str, str]]:
    text = (FIXTURES / "funcsParserTests.txt").read_text(encoding="utf-8")
    found = re.findall(
        r"!! test\n(.*?)\n(?:!! options\n(.*?)\n)?!! wikitext\n(.*?)!! html\n(.*?)!! end",
        text,
        re.S,
    )
    return [t for t in found if re.search(r"\{\{#time", t[2])]


_NOT_MODELLED = {
    "Explicitly specified output language (Dutch)": "month names in other languages",
    "#timef: Japanese target language": "date formats of other languages",
    "#timef: ja parameter": "date formats of other languages",
}


@pytest.mark.parametrize(
    ("name", "options", "wikitext", "html"),
    [
        pytest.param(*t, marks=pytest.mark.xfail(strict=True, reason=_NOT_MODELLED[t[0]]))
        if t[0] in _NOT_MODELLED
        else t
        for t in _parser_tests()
    ],
    ids=[t[0] for t in _parser_tests()],
)
def test_extension_parser_tests(name: str, options: str, wikitext: str, html: str) -> None:
    zone_match = re.search(r"wgLocaltimezone=(\S+)", options)
    zone = ZoneInfo(zone_match.group(1)) if zone_match else None
    call = re.search(r"\{\{#(timefl|timef|timel|time):(.*?)\}\}", wikitext, re.S)
    assert call is not None
    fn, raw = call.groups()
    args = [a.strip(_PHP_TRIM) for a in raw.split("|")]
    if fn.startswith("timef"):
        kind = args[1] if len(args) > 1 else ""
        got = expand_timef(args[0], kind, NOW, local_zone=zone, local=fn == "timefl")
        if len(args) > 2 and args[2] != "en":
            got = "(language " + args[2] + " not modelled)"
    else:
        fmt, date = args[0], args[1] if len(args) > 1 else ""
        got = expand_time(fmt, date, NOW, local_zone=zone, local=fn == "timel")
        if len(args) > 2 and args[2] != "en":
            got = "(language " + args[2] + " not modelled)"
    if "language=" in options:
        got = "(content language not modelled)"
    assert got == re.sub(r"</?p>", "", html).strip()


def test_parser_tests_found() -> None:
    assert len(_parser_tests()) == 17


def test_format_time_takes_the_zone_of_its_datetime() -> None:
    when = dt.datetime(2001, 1, 15, 10, 20, 30, tzinfo=ZoneInfo("Europe/Paris"))
    assert format_time("c e T I", when) == "2001-01-15T10:20:30+01:00 Europe/Paris CET 0"
    assert format_time("H:i T", dt.datetime(2001, 7, 1, 12)) == "12:00 UTC"


def test_parse_time_returns_utc() -> None:
    parsed = parse_time("2011-11-12 23:00 Europe/Paris", NOW)
    assert parsed == dt.datetime(2011, 11, 12, 22, 0, tzinfo=dt.UTC)
    assert parse_time("not a date", NOW) is None


def test_year_limits() -> None:
    assert expand_time("Y", "31 December 9999 23:59:59 +1 second", NOW) == (
        '<strong class="error">Error: #time only supports years up to 9999.</strong>'
    )
    assert expand_time("Y", "-0001-01-01", NOW) == (
        '<strong class="error">Error: #time only supports years from 0.</strong>'
    )


@given(st.integers(-800_000, 800_000))
def test_day_numbers_round_trip(days: int) -> None:
    assert days_from_civil(*civil_from_days(days)) == days


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=25), st.text(max_size=12))
def test_never_raises(date: str, fmt: str) -> None:
    assert isinstance(expand_time(fmt, date, NOW), str)
    assert isinstance(
        expand_time(fmt, date, NOW, local=True, local_zone=ZoneInfo("Asia/Kolkata")), str
    )


_TOKENS = st.sampled_from(["2001", "-", "01", " ", "15", "jan", "next", "monday", "+1", "day",
                           "ago", "@", "10:20", "am", "UTC", "T", ":", "/", "week", "of", "last"])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_TOKENS, max_size=10).map("".join))
def test_date_like_text_never_raises(date: str) -> None:
    assert isinstance(expand_time("c", date, NOW), str)


_FUZZ = json.loads((FIXTURES / "time_fuzz_oracle.json").read_text(encoding="utf-8"))
#: Random token strings on which the parser still disagrees with PHP (an ``@`` timestamp
#: glued after other tokens, a military zone letter glued to an offset).
FUZZ_MISMATCH_CEILING = 3


def test_random_date_text_agrees_with_php() -> None:
    now = dt.datetime.fromtimestamp(_FUZZ[0]["now"], dt.UTC)
    cases = _FUZZ[1:]
    bad = [(c["date"], c["expanded"], got) for c in cases
           if (got := expand_time("Y-m-d H:i", c["date"], now)) != c["expanded"]]  # fmt: skip
    assert len(cases) > 1400
    assert len(bad) <= FUZZ_MISMATCH_CEILING, bad


@pytest.mark.parametrize(
    "date", ["@-99999999999999", "@99999999999999", "0001-01-01", "9999-12-31 23:59:59"]
)
@pytest.mark.parametrize("zone", ["America/St_Johns", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_extreme_instants_in_local_zones(date: str, zone: str) -> None:
    result = expand_time("c", date, NOW, local=True, local_zone=ZoneInfo(zone))
    assert result.startswith(("<strong", "0", "1", "9"))


def test_four_digits_are_a_year_for_parse_time_too() -> None:
    now = dt.datetime(2020, 5, 5, 10, 0, tzinfo=dt.UTC)
    assert parse_time("2001", now) == dt.datetime(2001, 5, 5, tzinfo=dt.UTC)
    assert parse_time("1999", now) == dt.datetime(1999, 5, 5, tzinfo=dt.UTC)
