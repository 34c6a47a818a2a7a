"""``{{formatnum:}}``, ``{{padleft:}}`` and ``{{padright:}}`` against MediaWiki's output
(``fixtures/pfuncs/numbers_oracle.json``, made by ``benchmarks/pfuncs_oracle.py numbers``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikiparse.expand._numbers import formatnum, pad

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pfuncs"
_ORACLE = json.loads((FIXTURES / "numbers_oracle.json").read_text(encoding="utf-8"))
_FUZZ = [
    c
    for c in json.loads((FIXTURES / "misc_fuzz_oracle.json").read_text(encoding="utf-8"))
    if c["call"][0] in ("formatnum", "padleft", "padright")
]
_PHP_TRIM = " \t\n\r\0\x0b"


def _call(name: str, args: list[str]) -> str:
    """What ``{{name:args}}`` expands to (arguments trimmed as the preprocessor does)."""
    args = [a.strip(_PHP_TRIM) for a in args]
    if name == "formatnum":
        flag = args[1] if len(args) > 1 else ""
        return formatnum(args[0], raw=flag == "R", nocommafy=flag == "NOSEP")
    return pad(*args, left=name == "padleft")


@pytest.mark.parametrize(
    "case", _ORACLE, ids=[f"{c['call'][0]}:{'|'.join(c['call'][1:])[:40]}" for c in _ORACLE]
)
def test_oracle(case: dict[str, object]) -> None:
    call = case["call"]
    assert isinstance(call, list)
    assert _call(call[0], call[1:]) == case["expanded"]


def test_random_calls() -> None:
    """~570 random calls (``benchmarks/pfuncs_oracle.py misc_fuzz``)."""
    bad = [(c["call"], c["expanded"], got) for c in _FUZZ
           if (got := _call(c["call"][0], c["call"][1:])) != c["expanded"]]  # fmt: skip
    assert not bad, bad[:10]
    assert len(_FUZZ) > 400


def test_fixture_size() -> None:
    assert len(_ORACLE) > 300


def test_strip_markers_are_skipped() -> None:
    marker = "\x7f'\"`UNIQ--ref-00000001-QINU`\"'\x7f"
    assert formatnum(f"1234{marker}5678") == f"1,234{marker}5,678"
    assert pad("a", 3, marker + "x", left=True) == "xxa"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.booleans(), st.booleans())
def test_formatnum_never_raises(text: str, raw: bool, nocommafy: bool) -> None:
    assert isinstance(formatnum(text, raw=raw, nocommafy=nocommafy), str)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=10), st.one_of(st.integers(-10, 600), st.text(max_size=5)),
       st.text(max_size=4), st.booleans())  # fmt: skip
def test_pad_never_raises_and_stops_at_500(
    text: str, length: int | str, with_: str, left: bool
) -> None:
    result = pad(text, length, with_, left=left)
    assert len(result) <= max(len(text), 500)
