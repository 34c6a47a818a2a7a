"""Bold and italic: MediaWiki's apostrophe rules (``Parser::doQuotes``).

Per line: runs of 2 are italic, 3 bold, 5 both; a run of 4 is an apostrophe plus bold; more
than 5 keep the surplus as text.  When both the italic and the bold counts are odd, one bold
run is read as an apostrophe plus italics (preferring a run after a single-letter word, then
one after a multi-letter word, then one after a space).  Whatever is still open at the end of
the line is closed there.

Besides node-level tests, every test of ``fixtures/parsertests/quotes.txt`` is an oracle: the
``<b>``/``<i>`` structure of the tree must equal that of MediaWiki's expected HTML.
"""

from __future__ import annotations

import re

import pytest

import wikiparse
from conftest import find, one, parse
from parsertests import iter_cases
from wikiparse.nodes import (
    Bold,
    Comment,
    Entity,
    ExtensionTag,
    Formatting,
    Italic,
    ListItem,
    Node,
    Text,
    Wikilink,
)


def test_italic() -> None:
    i = one(parse("a ''b'' c"), Italic)
    assert (i.open, str(Text(value="".join(str(n) for n in i.nodes))), i.close) == ("''", "b", "''")


def test_bold() -> None:
    b = one(parse("'''b'''"), Bold)
    assert (b.open, "".join(str(n) for n in b.nodes), b.close) == ("'''", "b", "'''")


def test_bold_italic_five_quotes_nest_italic_outside() -> None:
    """quotes.txt "(5,2+3)": ``'''''foo'''''`` is ``<i><b>foo</b></i>``."""
    i = one(parse("'''''foo'''''"), Italic)
    b = one(i, Bold)
    assert "".join(str(n) for n in b.nodes) == "foo"


def test_britannica_possessive() -> None:
    """``''Britannica'''s``: the bold run after a multi-letter word becomes ``'`` + ``''``."""
    doc = parse("''Britannica'''s")
    i = one(doc, Italic)
    assert not find(doc, Bold)
    assert str(i) == "''Britannica'''"
    assert "".join(str(n) for n in i.nodes) == "Britannica'"


def test_unclosed_italic_closes_at_line_end() -> None:
    doc = parse("''a\nb")
    i = one(doc, Italic)
    assert (str(i), i.close) == ("''a", "")


def test_unclosed_bold_closes_at_line_end() -> None:
    b = one(parse("'''a"), Bold)
    assert (b.open, b.close) == ("'''", "")


def test_four_quotes_are_an_apostrophe_and_bold() -> None:
    doc = parse("l''''bold''' x")
    b = one(doc, Bold)
    assert "".join(str(n) for n in b.nodes) == "bold"
    assert str(doc).index(str(b)) == 2


def test_formatting_spans_links() -> None:
    i = one(parse("''[[a]] b''"), Italic)
    assert one(i, Wikilink)


def test_formatting_in_list_items_is_per_line() -> None:
    doc = parse("* ''a\n* b''")
    items = find(doc, ListItem)
    assert find(items[0], Italic)
    assert find(items[1], Italic)
    assert all(n.close == "" or n.open == "" for n in find(doc, Italic))


def test_lone_apostrophe_is_text() -> None:
    assert not find(parse("l'amour"), Formatting)


# --------------------------------------------------------------------------------------------
# Oracle: quotes.txt
# --------------------------------------------------------------------------------------------


def inline_markup(root: Node) -> str:
    """The tree as text with only ``<b>``/``<i>`` tags, the way the expected HTML shows it
    once paragraphs, lists and link anchors are stripped (iterative, like every walk here)."""
    out: list[str] = []
    stack: list[str | Node] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, Text):
            out.append(item.value)
        elif isinstance(item, Formatting):
            tag = "b" if isinstance(item, Bold) else "i"
            stack.extend([f"</{tag}>", *reversed(item.nodes), f"<{tag}>"])
        elif isinstance(item, Wikilink):
            shown = item.text if item.text is not None else item.target
            stack.extend([item.trail, shown])
        elif isinstance(item, ListItem):
            stack.append(item.content)
        elif isinstance(item, ExtensionTag):
            out.append(item.inner)
        elif isinstance(item, Comment):
            continue
        elif isinstance(item, Entity):
            out.append(item.char)
        elif item.children or not item.parts():
            stack.extend(reversed(item.children))
        else:
            out.append(str(item))
    return "".join(out)


_STRIP = re.compile(r"</?(?:p|ul|ol|li|a|span|tbody)\b[^>]*>|\n")


def _normalise(html: str) -> str:
    return _STRIP.sub("", html.replace("&#39;", "'").replace("&amp;", "&"))


def _quote_cases() -> list[tuple[str, str, str]]:
    out = []
    for case in iter_cases():
        w, html = case.wikitext, case.html_php
        if case.file != "quotes.txt" or not w or not html or "{{" in w or "{|" in w:
            continue
        out.append((case.id, w, html))
    return out


QUOTE_CASES = _quote_cases()


def test_quote_oracle_found_cases() -> None:
    assert len(QUOTE_CASES) >= 20


@pytest.mark.parametrize(
    ("wikitext", "html"), [c[1:] for c in QUOTE_CASES], ids=[c[0] for c in QUOTE_CASES]
)
def test_bold_italic_structure_matches_mediawiki(wikitext: str, html: str) -> None:
    assert _normalise(inline_markup(parse(wikitext))) == _normalise(html)


#: Lines whose italic and bold counts are both odd, built a second time with one ``'''`` read
#: as ``'`` + ``''`` (after a space, after a single-letter word, after a longer word, a
#: pending ``'''''``, runs of 4 and of more than 5), with the HTML MediaWiki gives them
#: (asked of the oracle).
_ODD_COUNTS = (
    ("x '''a'' b", "<p>x '<i>a</i> b\n</p>"),
    ("l'''a'' b c'''d", "<p>l<b>a<i> b c</i></b><i>d</i>\n</p>"),
    ("ab'''c'' x '''d e''' f", "<p>ab<b>c<i> x </i></b><i>d e'</i> f\n</p>"),
    ("'''''a''' b'' c ''d'''", "<p><b><i>a'</i> b<i> c </i>d</b>\n</p>"),
    # runs of 4 and of more than 5 among them
    ("x ''''a'' b", "<p>x ''<i>a</i> b\n</p>"),
    ("ab ''''c'' d'''''e", "<p>ab '<b>c<i> d</i></b>e\n</p>"),
    ("'''''''a'' b'''", "<p>''<b><i>a</i> b</b>\n</p>"),
)


@pytest.mark.parametrize(("wikitext", "html"), _ODD_COUNTS)
def test_odd_italic_and_bold_counts_match_mediawiki(wikitext: str, html: str) -> None:
    assert wikiparse.to_html(wikitext) == html
