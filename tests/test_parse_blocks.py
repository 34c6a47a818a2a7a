"""Block-level constructs: paragraphs, preformatted lines, rules, lists, redirects.

Spec: MediaWiki's ``BlockLevelPass`` (``doBlockLevels``) and the parser tests in
``fixtures/parsertests`` (``pWrapping.txt``, ``indentPre.txt``, ``definitionLists.txt``,
``parserTests.txt``, ``redirects.txt``).  Lists are flat: each line is a :class:`ListItem` with
its marker prefix; a same-line ``; term : definition`` yields a ``:`` item whose
``level_prefix`` is the term's prefix with ``;`` turned into ``:``.
"""

from __future__ import annotations

import re

import pytest

from conftest import find, one, parse
from parsertests import iter_cases
from wikiparse import to_text
from wikiparse.nodes import (
    HorizontalRule,
    List,
    ListItem,
    Paragraph,
    Preformatted,
    Redirect,
    Table,
    Text,
    Wikilink,
)

# --------------------------------------------------------------------------------------------
# Paragraphs
# --------------------------------------------------------------------------------------------


def test_lines_without_blank_line_form_one_paragraph() -> None:
    p = one(parse("a\nb"), Paragraph)
    assert str(p) == "a\nb"


def test_blank_line_separates_paragraphs_and_stays_as_text() -> None:
    doc = parse("a\n\nb")
    assert [str(p) for p in find(doc, Paragraph)] == ["a", "b"]
    section = doc.nodes[0]
    between = [n for n in section.nodes if isinstance(n, Text)]
    assert "".join(t.value for t in between) == "\n\n"


def test_paragraph_never_holds_its_final_newline() -> None:
    doc = parse("a\nb\n")
    assert str(one(doc, Paragraph)) == "a\nb"


def test_paragraph_holds_inline_nodes() -> None:
    p = one(parse("x [[a]] y"), Paragraph)
    assert [type(n).__name__ for n in p.nodes if not isinstance(n, Text)] == ["Wikilink"]


# --------------------------------------------------------------------------------------------
# Preformatted text
# --------------------------------------------------------------------------------------------


def test_leading_space_lines_are_preformatted() -> None:
    pre = one(parse(" a\n b ''c''"), Preformatted)
    assert [str(line) for line in pre.lines] == ["a", "b ''c''"]


def test_preformatted_content_is_parsed_inline() -> None:
    pre = one(parse(" [[a]]"), Preformatted)
    assert find(pre, Wikilink)


def test_whitespace_only_line_does_not_start_pre() -> None:
    """doBlockLevels: a blank-looking line only continues an open pre block."""
    assert not find(parse(" \nabc"), Preformatted)


def test_pre_ends_at_a_line_without_leading_space() -> None:
    doc = parse(" a\nb")
    assert [str(line) for line in one(doc, Preformatted).lines] == ["a"]
    assert str(one(doc, Paragraph)) == "b"


# --------------------------------------------------------------------------------------------
# Horizontal rules
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dashes", [4, 5, 12])
def test_four_or_more_dashes_make_a_rule(dashes: int) -> None:
    hr = one(parse("a\n" + "-" * dashes + "\nb"), HorizontalRule)
    assert hr.raw == "-" * dashes


def test_text_after_a_rule_is_kept() -> None:
    doc = parse("---- x")
    assert one(doc, HorizontalRule).raw == "----"
    assert "x" in str(doc.nodes[0])


@pytest.mark.parametrize("text", ["---", "a----", " ----"])
def test_not_rules(text: str) -> None:
    assert not find(parse(text), HorizontalRule)


# --------------------------------------------------------------------------------------------
# Lists
# --------------------------------------------------------------------------------------------


def _items(text: str) -> list[tuple[str, str, str]]:
    """(prefix, level_prefix or prefix, content) of every list item."""
    return [
        (i.prefix, i.level_prefix or i.prefix, str(i.content)) for i in find(parse(text), ListItem)
    ]


def test_bulleted_list_items_are_flat_with_prefixes() -> None:
    assert _items("* a\n** b\n* c") == [("*", "*", " a"), ("**", "**", " b"), ("*", "*", " c")]


def test_consecutive_list_lines_form_one_list() -> None:
    doc = parse("* a\n# b\n: c")
    lst = one(doc, List)
    assert [i.leading for i in lst.items] == ["", "\n", "\n"]
    assert [i.kind for i in lst.items] == ["ul", "ol", "dd"]


def test_mixed_prefixes() -> None:
    assert [p for p, _, _ in _items("*# a\n*#: b\n#*; c")] == ["*#", "*#:", "#*;"]


def test_definition_term_and_same_line_definition() -> None:
    items = find(parse("; term : def"), ListItem)
    assert [(i.prefix, i.leading, str(i.content)) for i in items] == [
        (";", "", " term "), (":", "", " def")
    ]
    assert items[1].level_prefix == ":"
    assert items[1].kind == "dd"


def test_nested_same_line_definition_level_prefix() -> None:
    items = find(parse("*;a:b"), ListItem)
    assert [i.prefix for i in items] == ["*;", ":"]
    assert items[1].level_prefix == "*:"


def test_colon_inside_a_link_does_not_split_a_term() -> None:
    items = find(parse("; [[a:b]] : c"), ListItem)
    assert [str(i.content) for i in items] == [" [[a:b]] ", " c"]
    assert str(one(items[0], Wikilink).target) == "a:b"


def test_list_ends_at_a_blank_line() -> None:
    doc = parse("* a\n\n* b")
    assert len(find(doc, List)) == 2


def test_list_item_content_is_inline() -> None:
    item = one(parse("* ''x'' [[y]]"), ListItem)
    assert find(item, Wikilink)


def test_table_inside_a_definition() -> None:
    """``:{|`` is read by handleTables, which indents the table (see test_parse_tables)."""
    doc = parse("* a\n:{|\n|x\n|}")
    assert one(doc, ListItem).prefix == "*"
    assert one(doc, Table).indent == ":"


def test_list_marker_not_at_line_start_is_text() -> None:
    assert not find(parse("a * b"), ListItem)


# --------------------------------------------------------------------------------------------
# Redirects
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "marker", "target"),
    [
        ("#REDIRECT [[Main Page]]", "#REDIRECT", "Main Page"),
        ("#redirect [[main page#Sec]]", "#redirect", "Main page#Sec"),
        ("#REDIRECT[[Foo]]", "#REDIRECT", "Foo"),
        ("#REDIRECT [[Foo]]\n[[Category:Redirects]]", "#REDIRECT", "Foo"),
        ("#REDIRECT:[[Main Page]]", "#REDIRECT", "Main Page"),
    ],
)
def test_redirect(text: str, marker: str, target: str) -> None:
    doc = parse(text)
    r = one(doc, Redirect)
    assert r.marker == marker
    assert r.target == target
    assert doc.redirect is r


def test_redirect_only_at_the_start_of_the_page() -> None:
    doc = parse("x\n#REDIRECT [[Foo]]")
    assert not find(doc, Redirect)
    assert one(doc, ListItem).prefix == "#"


@pytest.mark.parametrize("lead", [" ", "\t", "\r", "\x0b", "\0", " \t "])
def test_redirect_after_what_php_ltrim_strips(lead: str) -> None:
    """MediaWiki looks for the word after ``ltrim`` of the page (WikitextContent)."""
    doc = parse(lead + "#REDIRECT [[Foo]]")
    assert one(doc, Redirect).target == "Foo"
    assert str(doc) == lead + "#REDIRECT [[Foo]]"


@pytest.mark.parametrize("lead", ["\u2003", "\x85", "\xa0", "\u3000", "\x0c"])
def test_no_redirect_after_a_space_php_ltrim_keeps(lead: str) -> None:
    """Unicode spaces, NEL and form feed are not stripped by ``ltrim``: the page is text, in
    the tree and in both plain-text paths alike."""
    text = lead + "#REDIRECT [[Foo]]\nbar"
    doc = parse(text)
    assert not find(doc, Redirect)
    assert to_text(doc) == to_text(text)
    assert "Redirect to" not in to_text(text)


def test_empty_redirect_target_is_a_numbered_list_item() -> None:
    """redirects.txt "Empty redirect": ``#REDIRECT [[]]`` renders as ``<ol><li>``."""
    doc = parse("#REDIRECT [[]]")
    assert not find(doc, Redirect)
    assert one(doc, ListItem).prefix == "#"


# --------------------------------------------------------------------------------------------
# Oracle: preformatted blocks and rules counted in the expected HTML of the parser tests
# --------------------------------------------------------------------------------------------

_BLOCK_FILES = (
    "parserTests.txt", "pWrapping.txt", "indentPre.txt", "definitionLists.txt", "preTags.txt",
    "regressions.txt", "headings.txt", "wikiLinks.txt",
)


def _block_cases() -> list[tuple[str, str, int, int]]:
    """(id, wikitext, <pre> count, <hr> count) of markup-only tests (no templates, tags or
    tables, no section-extraction options: those render something other than the page)."""
    out = []
    for case in iter_cases():
        w, h = case.wikitext, case.html_php
        if case.file not in _BLOCK_FILES or not w or not h or case.config:
            continue
        if "{{" in w or "<" in w or "{|" in w or "-{" in w or "section=" in case.options or "replace=" in case.options:
            continue
        out.append((case.id, w, len(re.findall(r"<pre\b", h)), len(re.findall(r"<hr\b", h))))
    return out


BLOCK_CASES = _block_cases()


def test_block_oracle_found_cases() -> None:
    assert len(BLOCK_CASES) >= 200
    assert sum(1 for c in BLOCK_CASES if c[2]) >= 10 and sum(1 for c in BLOCK_CASES if c[3]) >= 3


@pytest.mark.parametrize(
    ("wikitext", "pre", "hr"), [c[1:] for c in BLOCK_CASES], ids=[c[0] for c in BLOCK_CASES]
)
def test_pre_and_rule_counts_match_mediawiki(wikitext: str, pre: int, hr: int) -> None:
    doc = parse(wikitext)
    assert (len(find(doc, Preformatted)), len(find(doc, HorizontalRule))) == (pre, hr)


# --------------------------------------------------------------------------------------------
# Comment-only lines and indent-pre suppression
# --------------------------------------------------------------------------------------------


def test_comment_only_line_does_not_split_a_list() -> None:
    """The preprocessor removes a line holding only comments (and its newline)."""
    doc = parse("* a\n<!-- c -->\n* b")
    assert len(find(doc, List)) == 1


def test_indented_comment_line_is_neither_pre_nor_a_list_break() -> None:
    """parserTests.txt "Single-comment whitespace lines dont break lists"."""
    doc = parse("*a\n <!--x-->\n*b\n <!--y--> <!----> \n*c")
    assert not find(doc, Preformatted)
    assert len(find(doc, List)) == 1


def test_indented_comment_line_between_paragraph_lines() -> None:
    """pWrapping.txt "Paragraphs with newline spacing with comment lines in between"."""
    doc = parse("a\n <!--foo--> <!----> \nb")
    assert not find(doc, Preformatted)
    assert len(find(doc, Paragraph)) == 1


def test_comment_then_spaces_is_pre() -> None:
    """indentPre.txt "1c": the comment goes first, leaving ``  a``: a pre line."""
    assert find(parse("<!--a-->  a"), Preformatted)


@pytest.mark.parametrize(
    "text",
    ["<blockquote>\n foo\n\n bar\n</blockquote>", "<ol>\n<li>\n foo\n bar\n</li>\n</ol>",
     "<p>\n foo\n</p>"],
)
def test_no_indent_pre_in_blockquote_or_after_an_opening_block_line(text: str) -> None:
    """indentPre.txt 701, 872, 572: doBlockLevels suppresses pre in these contexts."""
    assert not find(parse(text), Preformatted)


@pytest.mark.parametrize("text", ["<div>\n foo\n</div>", "<center>\n foo\n</center>"])
def test_indent_pre_after_div_or_center_line(text: str) -> None:
    """indentPre.txt 572: after ``<div>`` or ``<center>`` a space line is a pre again."""
    assert find(parse(text), Preformatted)
