"""``{{#titleparts:}}`` and ``{{#rel2abs:}}`` against MediaWiki's output
(``fixtures/pfuncs/titles_oracle.json``, made by ``benchmarks/pfuncs_oracle.py titles`` on the
page ``Test/Sub/Page``) and the extension's own parser tests."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikiparse.config import ParserConfig
from wikiparse.expand._titles import rel2abs, titleparts

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pfuncs"
_ORACLE = json.loads((FIXTURES / "titles_oracle.json").read_text(encoding="utf-8"))
_FUZZ = json.loads((FIXTURES / "misc_fuzz_oracle.json").read_text(encoding="utf-8"))
_PHP_TRIM = " \t\n\r\0\x0b"
#: The oracle wiki has an empty interwiki table.
_ORACLE_WIKI = ParserConfig(interlanguage_prefixes=frozenset(), interwiki_prefixes=frozenset())


def _call(name: str, args: list[str], page: str) -> str:
    args = [a.strip(_PHP_TRIM) for a in args]
    if name == "titleparts":
        result = titleparts(*args, config=_ORACLE_WIKI)
    else:
        path, base = ([*args, ""])[:2]
        result = rel2abs(path, base or page)
    # MediaWiki puts a newline before a result starting with * # : ; or {| (T2529).
    return "\n" + result if result[:1] in ("*", "#", ":", ";") or result[:2] == "{|" else result


@pytest.mark.parametrize("name", ["titleparts", "rel2abs"])
def test_oracle(name: str) -> None:
    cases = [c for c in _ORACLE if c["call"][0] == name]
    bad = [
        (c["call"], c["expanded"], got)
        for c in cases
        if (got := _call(name, c["call"][1:], c["page"])) != c["expanded"]
    ]
    assert not bad, bad[:10]
    assert len(cases) > 100


@pytest.mark.parametrize("name", ["titleparts", "rel2abs"])
def test_random_calls(name: str) -> None:
    cases = [c for c in _FUZZ if c["call"][0] == name]
    bad = [
        (c["call"], c["expanded"], got)
        for c in cases
        if (got := _call(name, c["call"][1:], c["page"])) != c["expanded"]
    ]
    assert not bad, bad[:10]
    assert len(cases) > 100


def _parser_tests() -> list[tuple[str, str, str]]:
    text = (FIXTURES / "funcsParserTests.txt").read_text(encoding="utf-8")
    tests = re.findall(r"!! test\n(.*?)\n!! wikitext\n(.*?)!! html\n(.*?)!! end", text, re.S)
    return [t for t in tests if t[0].startswith("#titleparts")]


@pytest.mark.parametrize(("name", "wikitext", "html"), _parser_tests(), ids=lambda v: v[:30])
def test_extension_parser_tests(name: str, wikitext: str, html: str) -> None:
    outputs = [
        _call("titleparts", raw.split("|"), "Test")
        for raw in re.findall(r"\{\{#titleparts:(.*?)\}\}", wikitext)
    ]
    assert "\n".join(outputs).strip() == re.sub(r"</?p>", "", html).strip()


def test_rel2abs_error_markup() -> None:
    assert rel2abs("../../..", "a/b") == (
        '<strong class="error">Error: Invalid depth in path: &quot;a/b/../../..&quot; '
        "(tried to access a node above the root node).</strong>"
    )


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20), st.text(max_size=3), st.text(max_size=3))
def test_never_raises(title: str, parts: str, first: str) -> None:
    assert isinstance(titleparts(title, parts, first), str)
    assert isinstance(rel2abs(title, parts), str)


#: MediaWiki 1.39 (the oracle, ``{{#titleparts:…}}`` on page ``T``): a character reference
#: counts only with its ``;``, an invalid code point makes no title, and nothing is decoded twice.
_REFERENCE_CASES = [
    ("a&ampb", "A&ampb"),
    ("a&amp;amp;b", "a&amp;amp;b"),
    ("x&#128;y", "x&#128;y"),
    ("&eacute&eacute;", "&eacuteé"),
]


@pytest.mark.parametrize(("text", "expected"), _REFERENCE_CASES)
def test_titleparts_decodes_references_as_mediawiki(text: str, expected: str) -> None:
    assert titleparts(text, config=_ORACLE_WIKI) == expected
