"""Lines that hold only transclusion markers break blocks as in MediaWiki.

On a page view MediaWiki's preprocessor drops ``<noinclude>``, ``</noinclude>``,
``<onlyinclude>``, ``</onlyinclude>`` (keeping what they enclose) and ``<includeonly>…</includeonly>``
whole, before the block pass reads lines: a line left empty (or of spaces) is a blank line,
and a list, heading, rule or pre line after such markers is that block.  A line of comments
alone is another matter: the preprocessor removes it with its newline (``a\\n<!--c-->\\nb`` is
one paragraph), unless a marker stands on it too.

Oracle: ``fixtures/marker_lines/oracle.json``, MediaWiki 1.39's HTML of each case
(``tests/make_marker_lines_oracle.py``).  ``to_html`` is compared on its element structure
(``conformance.normalise``, headings written alike); ``to_text`` and ``to_markdown`` on their
blocks (the words of each paragraph, list, pre or heading, blocks apart at blank lines).
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from conformance import normalise
from wikiparse import Wiki, parse, to_html, to_markdown, to_text
from wikiparse.nodes import HtmlTag, List, Node, Paragraph

_FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "marker_lines" / "oracle.json"
CASES: list[dict[str, str]] = json.loads(_FIXTURE.read_text(encoding="utf-8"))

#: MediaWiki 1.39's heading markup and ours, both read as ``<hN>title</hN>``.
_MW_HEADING = re.compile(r'<h([1-6])>(?:<span id="[^"]*"></span>)?<span class="mw-headline" id="[^"]*">(.*?)</span></h\1>')
_OUR_HEADING = re.compile(r'<div class="mw-heading mw-heading\d"><h([1-6]) id="[^"]*">(.*?)</h\1></div>')
#: The top-level block elements of MediaWiki's output.
_BLOCK_TAG = re.compile(r"<(/?)(p|pre|ul|ol|dl|table|h[1-6])\b[^>]*>")
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[A-Za-z]+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_TOC_BOX = re.compile(r'<div id="toc".*?</ul>\n</div>', re.S)

#: Where plain text and Markdown differ from the blocks of MediaWiki's HTML.
_TEXT_GAPS: dict[str, str] = {
    "a\nb __TOC__\nc": (
        "MediaWiki's block pass also closes the paragraph before a line holding __TOC__ and "
        "after it (the placeholder is a block); text and Markdown end the paragraph at the "
        "TOC only, keeping the lines before and after in the paragraphs around it"
    ),
}


#: Cases with a parser function are expanded (with no pages: markers in an argument go with
#: the expansion, as in MediaWiki).
_WIKI = Wiki({})


def _wiki(wikitext: str) -> Wiki | None:
    return _WIKI if "{{" in wikitext else None


def _headings(html: str) -> str:
    html = _MW_HEADING.sub(r"<h\1>\2</h\1>", html)
    return _OUR_HEADING.sub(r"<h\1>\2</h\1>", html)


def _structure(html: str) -> str:
    return normalise(_headings(html))["struct"]


def _html_blocks(html: str) -> list[list[str]]:
    """The words of each top-level block of MediaWiki's HTML (tables, the table of contents
    and empty blocks left out: plain text drops tables and the TOC, and ``<p><br /></p>``
    shows nothing)."""
    html = _TOC_BOX.sub("", html)
    blocks: list[list[str]] = []
    depth = 0
    start = 0
    table = False
    for m in _BLOCK_TAG.finditer(html):
        closing = m.group(1) == "/"
        if not closing:
            if depth == 0:
                start = m.end()
                table = m.group(2) == "table"
            depth += 1
        else:
            depth -= 1
            if depth == 0 and not table:
                blocks.extend(_text_blocks(unescape(_TAG.sub("", html[start : m.start()]))))
    return blocks


def _text_blocks(text: str) -> list[list[str]]:
    """The words of each stretch of ``text`` between blank lines (a pre's blank line too)."""
    return [words for block in _BLANK_LINE.split(text) if (words := _WORD.findall(block))]


def _params(gaps: dict[str, str], blocks: bool = False, markdown: bool = False) -> list[object]:
    """The fixture's cases, the known gaps marked.  ``blocks``: only those whose blocks the
    comparison of words reads alike (no tables, which plain text drops, no ``<div>``, whose
    lines are no top-level blocks); ``markdown``: nor definition lists, whose terms and
    definitions (and each ``:`` item) Markdown writes as blocks apart."""
    return [
        pytest.param(
            case["wikitext"], case["html"], id=repr(case["wikitext"])[1:-1],
            marks=[pytest.mark.xfail(strict=True, reason=gaps[case["wikitext"]])] if case["wikitext"] in gaps else [],
        )
        for case in CASES
        if not blocks or not ("{|" in case["wikitext"] or "<div>" in case["wikitext"] or (markdown and ("; " in case["wikitext"] or case["wikitext"].startswith(": "))))
    ]


def test_fixture_found_cases() -> None:
    assert len(CASES) >= 200
    assert sum(1 for case in CASES if case["html"] == "<p>a\n</p><p>b\n</p>") >= 20


@pytest.mark.parametrize(("wikitext", "html"), _params({}))
def test_html_structure_matches_mediawiki(wikitext: str, html: str) -> None:
    assert _structure(to_html(wikitext, wiki=_wiki(wikitext))) == _structure(html)


@pytest.mark.parametrize(("wikitext", "html"), _params(_TEXT_GAPS, blocks=True))
def test_text_blocks_match_mediawiki(wikitext: str, html: str) -> None:
    assert _text_blocks(to_text(wikitext, wiki=_wiki(wikitext))) == _html_blocks(html)


@pytest.mark.parametrize(("wikitext", "html"), _params(_TEXT_GAPS, blocks=True, markdown=True))
def test_markdown_blocks_match_mediawiki(wikitext: str, html: str) -> None:
    markdown = _LINK_TARGET.sub("]", to_markdown(wikitext, wiki=_wiki(wikitext)))  # a link's words are its label's
    assert _text_blocks(markdown) == _html_blocks(html)


def _kinds(nodes: list[Node]) -> list[str]:
    return [type(n).__name__ for n in nodes]


@pytest.mark.parametrize(
    "text",
    ["a\n<noinclude>\nb", "a\n<includeonly>x</includeonly>\nb", "a\n <noinclude> <!--c-->\t\nb", "a\n</onlyinclude>\nb"],
)
def test_a_marker_line_parts_paragraphs_and_stays_in_the_tree(text: str) -> None:
    """The markers stay in the tree, between the paragraphs, and the tree is lossless."""
    doc = parse(text)
    assert str(doc) == text
    section = doc.nodes[0]
    kinds = _kinds(section.nodes)
    assert kinds[0] == "Paragraph" and kinds[-1] == "Paragraph" and "Paragraph" not in kinds[1:-1]
    middle = section.nodes[1:-1]
    assert any(not isinstance(n, (Paragraph,)) and type(n).__name__ in ("HtmlTag", "ExtensionTag") for n in middle)
    pos = section.nodes[0].end
    for n in middle:  # spans follow each other
        assert n.start == pos
        pos = n.end
    assert pos == section.nodes[-1].start


def test_a_list_after_markers_is_a_list() -> None:
    doc = parse("a\n<noinclude>* x\nb")
    section = doc.nodes[0]
    assert _kinds(section.nodes) == ["Paragraph", "Text", "HtmlTag", "List", "Text", "Paragraph"]
    lst = section.nodes[3]
    assert isinstance(lst, List) and str(lst) == "* x" and lst.start == len("a\n<noinclude>")
    assert isinstance(section.nodes[2], HtmlTag)


def test_a_comment_line_still_vanishes() -> None:
    """A line of comments alone goes with its newline: one paragraph."""
    doc = parse("a\n<!--c-->\nb")
    assert _kinds(doc.nodes[0].nodes) == ["Paragraph"]
    assert to_text("a\n<!--c-->\nb") == "a b"


@pytest.mark.parametrize("text", ["* a\n<noinclude>* b", "* a\n<!--c-->* b", "# a\n<includeonly>x</includeonly># b\n# c"])
def test_a_list_continued_after_markers_is_one_list(text: str) -> None:
    """MediaWiki's one list: the markers end the item before, the next item starts after them."""
    doc = parse(text)
    assert str(doc) == text
    section = doc.nodes[0]
    assert _kinds(section.nodes) == ["List"]
    lst = section.nodes[0]
    assert isinstance(lst, List) and len(lst.items) == len(text.splitlines())
    first, second = lst.items[0], lst.items[1]
    assert first.end == second.start and second.leading == "" and str(second).startswith(second.prefix)
    assert _kinds(first.content.nodes)[-1] in ("HtmlTag", "Comment", "ExtensionTag")


@pytest.mark.parametrize(
    "text", ["a\n__NOTOC__\nb", "a\n<!--c-->__NOTOC__ \nb", "a\n<noinclude>__NOTOC__\nb", "a\n __NOTOC__\nb"]
)
def test_a_switch_line_parts_paragraphs(text: str) -> None:
    """MediaWiki removes behaviour switches before its block pass: the line is blank, the switch
    a sibling between the paragraphs."""
    doc = parse(text)
    assert str(doc) == text
    kinds = _kinds(doc.nodes[0].nodes)
    assert kinds[0] == "Paragraph" and kinds[-1] == "Paragraph" and "BehaviorSwitch" in kinds
    assert kinds.count("Paragraph") == 2
    assert to_text(text) == "a\n\nb"


def test_a_pre_continued_after_markers_is_one_block() -> None:
    """The tree keeps two pres (no nodes between a pre's lines); text and Markdown join them."""
    text = " a\n<noinclude> b\n<!--c--> c"
    assert _kinds(parse(text).nodes[0].nodes).count("Preformatted") == 3
    assert to_text(text) == "a\nb\nc"
    assert to_markdown(text) == "```\na\nb\nc\n```\n"


def test_a_heading_line_ending_in_switches_is_a_heading() -> None:
    """MediaWiki removes the switch before its heading test; its preprocessor saw no heading
    (no section number, no edit link).  The switch is a node after the heading."""
    text = "== h ==__NOTOC__ <!--c-->\nb"
    doc = parse(text)
    assert str(doc) == text
    heading = doc.nodes[1].nodes[0] if len(doc.nodes) > 1 else doc.nodes[0].nodes[0]
    assert type(heading).__name__ == "Heading" and not heading.editable  # type: ignore[attr-defined]
    assert "BehaviorSwitch" in _kinds(heading.trailing.nodes)  # type: ignore[attr-defined]
    assert to_text(text) == "h\n\nb"
    assert "toc" not in to_html("a\n== h ==__NOTOC__\n== i ==\n== j ==\n== k ==")
