"""Edit-section links of headings on a page rendered with a wiki, against MediaWiki 1.39.

A heading from a transcluded template links to ``section=T-N`` of the template (N: the
heading's index in the template's own text); a heading the preprocessor did not find (made by
a parser function, assembled from pieces, in an argument) has no link; the page's own
headings keep their index in the page's text.  Oracle answers: ``fixtures/heading_edit``
(``tests/make_heading_edit_oracle.py``).
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wikiparse

ORACLE = json.loads(
    (Path(__file__).resolve().parent.parent / "fixtures" / "heading_edit" / "oracle.json").read_text(encoding="utf-8")
)
WIKI = wikiparse.Wiki(ORACLE["templates"])

_HEADING_RE = re.compile(r'<div class="mw-heading mw-heading([1-6])"><h\1 id="([^"]*)">.*?</div>')
_EDIT_RE = re.compile(r'<a href="[^"]*\?title=([^"&]*)&amp;action=edit&amp;section=([^"&]*)"')
_TOC_RE = re.compile(r'<li class="(toclevel-[^"]*)"')


def _ours(html: str) -> dict[str, list[list[str]] | list[str]]:
    """What the fixture holds, read from our markup: per heading ``[id, page, section]``, and
    the TOC entries' classes."""
    headings: list[list[str]] = []
    for m in _HEADING_RE.finditer(html):
        edit = _EDIT_RE.search(m.group())
        page, section = (unescape(edit.group(1)), unescape(edit.group(2))) if edit else ("", "")
        headings.append([unescape(m.group(2)), page, section])
    return {"headings": headings, "toc": _TOC_RE.findall(html)}


@pytest.mark.parametrize("name", sorted(ORACLE["cases"]))
def test_edit_links_match_mediawiki(name: str) -> None:
    case = ORACLE["cases"][name]
    html = wikiparse.to_html(case["wikitext"], title=ORACLE["title"], wiki=WIKI)
    assert _ours(html) == {"headings": case["headings"], "toc": case["toc"]}


def test_expansion_keeps_no_heading_marker_and_says_where_headings_came_from() -> None:
    result = WIKI.expand_full("== A ==\n{{H}}\n{{Echo|\n== X ==\n}}", "P", for_rendering=True)
    assert result.text == "== A ==\n== TH ==\ntext\n=== TH2 ===\n\n== X ==\n"
    assert [tuple(m) for m in result.headings] == [(2, "", 1), (10, "Template:H", 1), (25, "Template:H", 2)]
    assert WIKI.expand_for_rendering("{{H}}") == "== TH ==\ntext\n=== TH2 ==="
    doc, sources = WIKI.parse_with_sources("== A ==\n{{H}}", "P")
    assert doc.source == "== A ==\n== TH ==\ntext\n=== TH2 ===" and sources.segments[-1].out_end == len(doc.source)


def test_a_nul_before_a_heading_does_not_move_its_link() -> None:
    html = wikiparse.to_html("a\x00b\n{{H}}", title="P", wiki=wikiparse.Wiki({"Template:H": "x\x00\n== TH =="}))
    assert _ours(html)["headings"] == [["TH", "Template:H", "T-1"]]


def test_a_document_rendered_without_the_wiki_keeps_its_own_numbers() -> None:
    doc = WIKI.parse("{{H}}\n== B ==", "P")
    assert [h[2] for h in _ours(wikiparse.to_html(doc, title="P"))["headings"]] == ["1", "2", "3"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="=\n{}|H:#ifEcho x<!->", max_size=40))
def test_any_page_expands_without_heading_markers(text: str) -> None:
    expanded = WIKI.expand_for_rendering(text, "P")
    assert "\x7f" not in expanded or "\x7f" in text
    wikiparse.to_html(text, title="P", wiki=WIKI)


def test_toc_section_numbers_are_the_edit_sections_without_a_wiki_too() -> None:
    """``tocsection-N`` is the heading's section index, which counts a heading line inside a
    template argument (MediaWiki's preprocessor sees it) even when nothing renders it."""
    case = ORACLE["cases"]["toc_numbers_skip_argument_heading"]
    html = wikiparse.to_html(case["wikitext"], title=ORACLE["title"])
    assert _ours(html) == {"headings": case["headings"], "toc": case["toc"]}
