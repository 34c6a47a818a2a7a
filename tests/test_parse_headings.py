"""Headings and the section tree, as MediaWiki's preprocessor and edit-section numbering see them.

Spec: ``fixtures/parsertests/headings.txt`` and MediaWiki's ``Preprocessor_Hash``: a heading is
a line that starts and ends with ``=`` runs (spaces and comments may follow the closing run);
its level is the shorter of the two runs, capped at 6, the surplus staying in the title.
Section ``N`` of ``action=edit&section=N`` counts headings in source order, the lead being 0.
"""

from __future__ import annotations

import re

import pytest

from conftest import find, one, parse
from parsertests import iter_cases
from wikiparse.nodes import Comment, Heading, Paragraph, Section, Wikilink


def test_level_two_heading_keeps_its_spaces() -> None:
    h = one(parse("== Title =="), Heading)
    assert (h.level, h.open, str(h.title), h.close) == (2, "==", " Title ", "==")
    assert h.number == 1
    assert h.editable


@pytest.mark.parametrize("level", range(1, 7))
def test_levels_one_to_six(level: int) -> None:
    eq = "=" * level
    h = one(parse(f"{eq}x{eq}"), Heading)
    assert h.level == level
    assert str(h.title) == "x"


def test_level_is_capped_at_six_with_surplus_in_the_title() -> None:
    h = one(parse("========x========"), Heading)
    assert h.level == 6
    assert h.open + str(h.title) + h.close == "========x========"
    assert str(h.title).strip("=") == "x"


@pytest.mark.parametrize(
    ("text", "level", "title"),
    [("===a==", 2, "=a"), ("==a===", 2, "a="), ("=''x''=", 1, "''x''"), ("===a=", 1, "==a")],
)
def test_unbalanced_runs_take_the_shorter_level(text: str, level: int, title: str) -> None:
    """From headings.txt "Ensure headings with special chars get the right anchors"."""
    h = one(parse(text), Heading)
    assert h.level == level
    assert str(h.title) == title


def test_trailing_spaces_and_comments_after_the_closing_run() -> None:
    h = one(parse("==a== <!-- c -->\t\nx"), Heading)
    assert str(h.title) == "a"
    assert str(h.trailing) == " <!-- c -->\t"
    assert find(h.trailing, Comment)


@pytest.mark.parametrize("text", ["==a==x", "x==a==", " ==a==", "==a", "=", "=="])
def test_lines_that_are_not_headings(text: str) -> None:
    assert not find(parse(text), Heading)


def test_three_equals_is_a_level_one_heading_of_an_equals_sign() -> None:
    """A line of only ``=`` splits in the middle: ``===`` is ``<h1>=</h1>``."""
    h = one(parse("==="), Heading)
    assert h.level == 1
    assert str(h.title) == "="


def test_heading_content_is_parsed_inline() -> None:
    doc = parse("==[[Cat|I love my ''cat'']]==\n==[[Dog]]s==")
    links = find(doc, Wikilink)
    assert [str(link.target) for link in links] == ["Cat", "Dog"]
    assert links[1].trail == "s"


def test_headings_split_paragraphs() -> None:
    doc = parse("a\n==h==\nb")
    paras = find(doc, Paragraph)
    assert [str(p) for p in paras] == ["a", "b"]


# --------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------

TREE = "lead\n==A==\na\n===A1===\na1\n====A1x====\n==B==\nb\n=C=\n===C1===\n"


def test_document_children_are_top_level_sections() -> None:
    doc = parse(TREE)
    assert all(isinstance(n, Section) for n in doc.nodes)
    assert [s.title for s in doc.nodes] == ["", "A", "B", "C"]
    lead = doc.nodes[0]
    assert (lead.level, lead.number, lead.heading) == (0, 0, None)


def test_sections_nest_by_level() -> None:
    doc = parse(TREE)
    a = doc.nodes[1]
    assert [s.title for s in a.subsections] == ["A1"]
    assert [s.title for s in a.subsections[0].subsections] == ["A1x"]
    c = doc.nodes[3]
    assert (c.level, [s.level for s in c.subsections]) == (1, [3])


def test_section_numbers_count_headings_in_source_order() -> None:
    doc = parse(TREE)
    assert [(s.title, s.number) for s in doc.sections] == [
        ("", 0), ("A", 1), ("A1", 2), ("A1x", 3), ("B", 4), ("C", 5), ("C1", 6)
    ]
    assert [h.number for h in find(doc, Heading)] == [1, 2, 3, 4, 5, 6]


def test_heading_is_the_first_child_of_its_section() -> None:
    doc = parse(TREE)
    for sec in doc.sections[1:]:
        assert sec.nodes[0] is sec.heading
        assert str(sec).startswith(str(sec.heading))


def test_section_text_runs_to_the_next_heading_of_same_or_higher_level() -> None:
    doc = parse(TREE)
    a = doc.nodes[1]
    assert str(a) == "==A==\na\n===A1===\na1\n====A1x====\n"


def test_noeditsection_removes_every_edit_link() -> None:
    doc = parse("==a==\n__NOEDITSECTION__\n==b==")
    assert [h.editable for h in find(doc, Heading)] == [False, False]
    assert [h.number for h in find(doc, Heading)] == [1, 2]


def test_heading_inside_a_template_argument_is_not_editable_but_takes_a_number() -> None:
    """The preprocessor gives every heading it sees an index, those inside template
    arguments too (headings.txt 386, 408, 456: ``==bar==`` after one is section 2); only
    page-level headings get an edit link."""
    doc = parse("==a==\n{{1x|1=\n==b==\n}}\n==c==")
    top = [h for h in find(doc, Heading) if h.editable]
    assert [str(h.title) for h in top] == ["a", "c"]
    assert [h.number for h in top] == [1, 3]


# --------------------------------------------------------------------------------------------
# Oracle: every parser test's expected HTML names the wikitext headings and their levels
# --------------------------------------------------------------------------------------------

_MW_HEADING = re.compile(r'<div class="mw-heading mw-heading(\d)"><h\d')
_EDIT = re.compile(r"action=edit&amp;section=(\d+)")


def _heading_cases() -> list[tuple[str, str, list[int], list[int]]]:
    """(id, wikitext, levels, edit numbers) of plain-wikitext tests with wikitext headings."""
    out = []
    for case in iter_cases():
        w, html = case.wikitext, case.html_php
        if not w or not html or "{{" in w or "<h" in w or "-{" in w or "<" in w:
            continue
        levels = [int(x) for x in _MW_HEADING.findall(html)]
        if levels:
            out.append((case.id, w, levels, [int(x) for x in _EDIT.findall(html)]))
    return out


HEADING_CASES = _heading_cases()


def test_heading_oracle_found_cases() -> None:
    assert len(HEADING_CASES) >= 15


@pytest.mark.parametrize(
    ("wikitext", "levels", "numbers"),
    [c[1:] for c in HEADING_CASES],
    ids=[c[0] for c in HEADING_CASES],
)
def test_heading_levels_and_numbers_match_mediawiki(
    wikitext: str, levels: list[int], numbers: list[int]
) -> None:
    heads = find(parse(wikitext), Heading)
    assert [h.level for h in heads] == levels
    if numbers:
        assert [h.number for h in heads if h.editable] == numbers


def test_heading_in_a_table_cell_is_numbered_but_opens_no_section() -> None:
    """The preprocessor numbers every heading it sees, tables included."""
    doc = parse("==a==\n{|\n|\n==b==\n|}\n==c==")
    assert [(str(h.title), h.number) for h in find(doc, Heading)] == [("a", 1), ("b", 2), ("c", 3)]
    assert [s.number for s in doc.sections] == [0, 1, 3]


@pytest.mark.parametrize("tag", ["ref", "includeonly"])
def test_heading_inside_an_extension_tag_body_is_not_numbered(tag: str) -> None:
    """Extension-tag bodies are opaque to the preprocessor, which numbers the sections
    (``includeonly`` content is dropped on the page itself)."""
    doc = parse(f"==a==\n<{tag}>\n==b==\n</{tag}>\n==c==")
    numbered = [(str(h.title), h.number) for h in find(doc, Heading) if h.number]
    assert numbered == [("a", 1), ("c", 2)]


def test_heading_inside_noinclude_is_numbered() -> None:
    """``noinclude`` content is part of the page when it is viewed: its headings count."""
    doc = parse("==a==\n<noinclude>\n==b==\n</noinclude>\n==c==")
    assert [h.number for h in find(doc, Heading)] == [1, 2, 3]


# --------------------------------------------------------------------------------------------
# Oracle: the section metadata (``Sections: ... index:N``) of the parser tests
# --------------------------------------------------------------------------------------------

#: Extension tags that only MediaWiki's parser-test runner registers (``<spantag>``...):
#: with them the section indexes depend on the test wiki, not on the page's wikitext.
_TEST_ONLY_TAGS = re.compile(r"<(?:tag|tåg|spantag|divtag|statictag|asidetag|embedtag)\b", re.I)


def _metadata_cases() -> list[tuple[str, str, list[int]]]:
    out = []
    for case in iter_cases():
        meta = case.sections.get("metadata/php") or case.sections.get("metadata")
        if not meta or "Sections:" not in meta or not case.wikitext:
            continue
        if _TEST_ONLY_TAGS.search(case.wikitext):
            continue
        out.append((case.id, case.wikitext, [int(i) for i in re.findall(r"\bindex:(\d+)", meta)]))
    return out


METADATA_CASES = _metadata_cases()


def test_metadata_oracle_found_cases() -> None:
    assert len(METADATA_CASES) >= 30


@pytest.mark.parametrize(
    ("wikitext", "indexes"), [c[1:] for c in METADATA_CASES], ids=[c[0] for c in METADATA_CASES]
)
def test_edit_section_numbers_match_mediawiki_metadata(wikitext: str, indexes: list[int]) -> None:
    """``index:N`` is the ``section=N`` of a heading's edit link (empty when it has none)."""
    assert [h.number for h in find(parse(wikitext), Heading) if h.editable] == indexes
