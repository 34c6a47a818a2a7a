"""Lossless round trip and span consistency.

For every input: ``str(parse(t)) == t``; every node's ``start``/``end`` are consistent with its
parts (children and literal strings tile their parent exactly, so ``t[n.start:n.end] ==
str(n)`` for every node); ``Document.source`` is the input.  Inputs: every page of every
bundled dump, the wikitext of every MediaWiki parser test, and hypothesis-generated wikitext
biased towards the pieces that make wikitext hard.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wikiparse
from conftest import Page, all_pages, assert_lossless, span_errors
from parsertests import ParserTestCase, iter_cases
from wikiparse.config import ParserConfig
from wikiparse.nodes import Node, walk

PAGES = all_pages()
CASES = [c for c in iter_cases() if c.wikitext is not None]


@pytest.mark.parametrize("page", PAGES, ids=[p.id for p in PAGES])
def test_dump_page_round_trips(page: Page) -> None:
    doc = assert_lossless(page.text)
    assert doc.source == page.text


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}:{c.line}" for c in CASES])
def test_parser_test_wikitext_round_trips(case: ParserTestCase) -> None:
    assert case.wikitext is not None
    assert_lossless(case.wikitext)


def test_every_node_slice_equals_its_text_on_a_real_page() -> None:
    """The literal form of the span property, checked node by node on one mid-sized page."""
    page = min((p for p in PAGES if len(p.text) > 20_000), key=lambda p: len(p.text))
    doc = wikiparse.parse(page.text)
    count = 0
    for node in walk(doc):
        assert page.text[node.start : node.end] == str(node), repr(node)
        count += 1
    assert count > 500


def test_bulgarian_page_with_its_own_config() -> None:
    """A page parsed with a config built from its dump's namespaces still round-trips."""
    bg = [p for p in PAGES if p.dump.startswith("bgwiki") and p.ns == 0]
    assert bg
    config = ParserConfig(namespaces={6: "Файл", 10: "Шаблон", 14: "Категория"})
    for page in bg:
        assert_lossless(page.text, config)


# --------------------------------------------------------------------------------------------
# Generated wikitext
# --------------------------------------------------------------------------------------------

PIECES = [
    "{{", "}}", "{{{", "}}}", "|", "=", "==", "[[", "]]", "[", "]", "''", "'''", "'",
    "\n*", "\n#", "\n:", "\n;", "\n{|", "\n|-", "\n|", "\n!", "||", "!!", "\n|}", "\n|+",
    "\n==", "==\n", "<ref>", "</ref>", "<ref name=a/>", "<!--", "-->", "<nowiki>", "</nowiki>",
    "<b>", "</b>", "<div class=\"x\">", "</div>", "<pre>", "</pre>", "<math>", "</math>",
    "http://x.org", "[http://x.org ", "//x.org", "ISBN 123456789X", "RFC 1234", "PMID 42",
    "&amp;", "&#160;", "&bogus;", "~~~~", "__TOC__", "__NOTOC__", "\n ", "----", "\n\n",
    "#REDIRECT ", "File:", "Category:", "fr:", "#if:", "PAGENAME", "\n", " ", "a", "b", "x",
    "é", "\t", ":",
]

wikitext = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(alphabet="abcxyz |=:#*", max_size=4)),
    max_size=60,
).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wikitext)
def test_generated_wikitext_round_trips(text: str) -> None:
    assert_lossless(text)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_round_trips(text: str) -> None:
    assert_lossless(text)


@settings(max_examples=100, deadline=None)
@given(wikitext, wikitext)
def test_reindex_after_concatenation_matches_parse(a: str, b: str) -> None:
    """``reindex`` over a parsed tree reproduces the parser's own offsets."""
    text = a + b
    doc = wikiparse.parse(text)
    before = [(n.start, n.end) for n in walk(doc)]
    wikiparse.reindex(doc)
    after = [(n.start, n.end) for n in walk(doc)]
    assert before == after
    assert not span_errors(doc, text)


def test_span_checker_catches_a_wrong_offset() -> None:
    """Guard the guard: a corrupted offset is reported."""
    doc = wikiparse.parse("a [[b]] c")
    node: Node = doc
    while node.children:
        node = node.children[-1]
    node.start += 1
    assert span_errors(doc, "a [[b]] c")
