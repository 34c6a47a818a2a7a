"""The string functions against MediaWiki: oracle outputs, the extension's parser tests, and
properties.

``fixtures/pfuncs/strfuncs_oracle.json`` holds MediaWiki 1.39's ``expanded`` text for ~4,000
calls (``benchmarks/pfuncs_oracle.py strfuncs``); ``fixtures/pfuncs/stringFunctionTests.txt``
is ParserFunctions' own parser-test file for these functions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikiparse.expand import _strfuncs as sf

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pfuncs"
_ORACLE = json.loads((FIXTURES / "strfuncs_oracle.json").read_text(encoding="utf-8"))
#: Random calls (``benchmarks/pfuncs_oracle.py misc_fuzz``), also covering the other modules.
_FUZZ = json.loads((FIXTURES / "misc_fuzz_oracle.json").read_text(encoding="utf-8"))
FUNCTIONS: dict[str, Callable[..., str]] = {
    "len": sf.len_, "pos": sf.pos, "rpos": sf.rpos, "sub": sf.sub, "count": sf.count,
    "replace": sf.replace, "explode": sf.explode, "urldecode": sf.urldecode,
}  # fmt: skip
_PHP_TRIM = " \t\n\r\0\x0b"


def _call(name: str, args: list[str]) -> str:
    """What ``{{#name:args}}`` expands to: arguments trimmed as the preprocessor trims them, and
    the newline MediaWiki puts before a result that starts with ``*#:;`` or ``{|`` (T2529)."""
    result = FUNCTIONS[name](*(a.strip(_PHP_TRIM) for a in args))
    return "\n" + result if result[:1] in ("*", "#", ":", ";") or result[:2] == "{|" else result


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_oracle(name: str) -> None:
    cases = [c for c in _ORACLE if c["call"][0] == name]
    bad = [
        (c["call"], c["expanded"], got)
        for c in cases
        if (got := _call(name, c["call"][1:])) != c["expanded"]
    ]
    assert not bad, bad[:10]
    assert len(cases) >= 30


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_random_calls(name: str) -> None:
    cases = [c for c in _FUZZ if c["call"][0] == name]
    bad = [
        (c["call"], c["expanded"], got)
        for c in cases
        if (got := _call(name, c["call"][1:])) != c["expanded"]
    ]
    assert not bad, bad[:10]
    assert len(cases) > 100


def _parser_tests() -> list[tuple[str, str, str]]:
    text = (FIXTURES / "stringFunctionTests.txt").read_text(encoding="utf-8")
    tests = re.findall(r"!! test\n(.*?)\n!! wikitext\n(.*?)!! html\n(.*?)!! end", text, re.S)
    return [(name, wikitext, html) for name, wikitext, html in tests]


@pytest.mark.parametrize(("name", "wikitext", "html"), _parser_tests(), ids=lambda v: v[:30])
def test_extension_parser_tests(name: str, wikitext: str, html: str) -> None:
    outputs = []
    for call in re.findall(r"\{\{#(\w+):(.*?)\}\}", wikitext):
        fn, raw = call
        outputs.append(_call(fn, raw.split("|")))
    expected = re.sub(r"</?p>", "", html).strip()
    assert "\n".join(outputs).strip() == expected


def test_parser_tests_were_found() -> None:
    assert len(_parser_tests()) == 6


def test_strip_markers_are_removed() -> None:
    marker = "\x7f'\"`UNIQ--nowiki-00000001-QINU`\"'\x7f"
    assert sf.len_(marker) == "0"
    assert sf.len_("a" + marker + "b") == "2"
    assert sf.pos("x" + marker + "y", "y") == "1"
    assert sf.replace(marker + "aa", "a", "b") == "bb"


def test_limit_message() -> None:
    error = '<strong class="error">Error: String exceeds 1,000 character limit.</strong>'
    assert sf.sub("x" * 1000, "1") == error
    assert sf.sub("x" * 999, "998") == "x"


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(FUNCTIONS)),
    st.lists(st.one_of(st.text(max_size=12), st.sampled_from(["-1", "0", "2", "-5", "1e3"])),
             max_size=4),
)  # fmt: skip
def test_never_raises(name: str, args: list[str]) -> None:
    arity = {"len": 1, "urldecode": 1, "rpos": 2, "count": 2, "pos": 3, "sub": 3}.get(name, 4)
    assert isinstance(FUNCTIONS[name](*args[:arity]), str)


def test_extra_arguments_are_ignored() -> None:
    assert sf.len_("abc", "x", "y") == "3"
    assert sf.explode("a b", " ", "1", "", "extra") == "b"
    assert sf.urldecode("a%20b", "x") == "a b"
