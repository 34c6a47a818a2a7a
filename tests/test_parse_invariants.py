"""Structural invariants of the tree, checked on every page of the sample dumps.

These hold for any input, so real pages (with their long tail of odd markup) are the right
place to look: sections nest by level and are numbered in source order, every heading opens
its section, list items carry only marker characters, tables hold only table parts, brace
nodes have typed parameters, and containers only hold what their class documents.
"""

from __future__ import annotations

import pytest

import wikiparse
from conftest import Page, all_pages
from wikiparse.nodes import (
    Argument,
    Document,
    ExtensionTag,
    Formatting,
    Heading,
    List,
    ListItem,
    Paragraph,
    Parameter,
    ParserFunction,
    Section,
    Table,
    TableCaption,
    TableCell,
    TableRow,
    Template,
    Wikicode,
)

PAGES = all_pages()
#: Block-level node types that never sit inside a paragraph.
BLOCKS = (Heading, List, Table, Section, Paragraph)


@pytest.fixture(scope="module")
def docs() -> list[tuple[Page, Document]]:
    return [(p, wikiparse.parse(p.text)) for p in PAGES]


def test_top_level_children_are_sections(docs: list[tuple[Page, Document]]) -> None:
    for page, doc in docs:
        assert doc.nodes and all(isinstance(n, Section) for n in doc.nodes), page.id
        assert doc.nodes[0].level == 0 and doc.nodes[0].number == 0, page.id


def test_sections_are_numbered_in_order_and_nest_by_level(
    docs: list[tuple[Page, Document]],
) -> None:
    """Section numbers increase in source order (they may skip: a heading inside a table is
    numbered by MediaWiki but opens no section of the tree)."""
    for page, doc in docs:
        sections = doc.sections
        numbers = [s.number for s in sections]
        assert numbers == sorted(set(numbers)) and numbers[0] == 0, page.id
        for sec in sections:
            if sec.number:
                assert sec.heading is not None, page.id
                assert sec.heading.level == sec.level
                assert sec.heading.number == sec.number, (page.id, sec.title)
            for sub in sec.subsections:
                assert sub.level > sec.level, (page.id, sec.title, sub.title)


def test_numbered_headings_count_from_one_in_source_order(
    docs: list[tuple[Page, Document]],
) -> None:
    for page, doc in docs:
        numbers = [h.number for h in doc.iter_nodes(Heading) if h.number]
        assert numbers == list(range(1, len(numbers) + 1)), page.id
        opened = {id(s.heading) for s in doc.sections if s.heading is not None}
        for h in doc.iter_nodes(Heading):
            if id(h) in opened:
                assert h.number > 0, (page.id, str(h))


def test_list_items_carry_marker_prefixes(docs: list[tuple[Page, Document]]) -> None:
    for page, doc in docs:
        for lst in doc.iter_nodes(List):
            assert lst.items, page.id
            for item in lst.items:
                assert isinstance(item, ListItem)
                assert item.prefix and set(item.prefix) <= set("*#:;"), (page.id, item.prefix)
                assert set(item.level_prefix or item.prefix) <= set("*#:;")
                assert item.leading in ("", "\n"), (page.id, item.leading)


def test_tables_hold_only_table_parts(docs: list[tuple[Page, Document]]) -> None:
    for page, doc in docs:
        for table in doc.iter_nodes(Table):
            assert table.open == "{|"
            assert table.close in ("",) or table.close.rstrip().endswith("|}"), page.id
            for row in table.rows:
                if isinstance(row, TableRow):
                    assert all(isinstance(c, TableCell) for c in row.cells), page.id
                else:
                    # captions, and stray content before the first row (as Wikicode)
                    assert isinstance(row, TableCaption | Wikicode), (page.id, repr(row))


def test_brace_nodes_have_typed_parts(docs: list[tuple[Page, Document]]) -> None:
    for page, doc in docs:
        for node in doc.iter_nodes((Template, ParserFunction)):
            assert isinstance(node.name, Wikicode)
            assert all(isinstance(p, Parameter) for p in node.params), page.id
        for arg in doc.iter_nodes(Argument):
            assert isinstance(arg.name, Wikicode)


def test_paragraphs_hold_no_blocks(docs: list[tuple[Page, Document]]) -> None:
    for page, doc in docs:
        for para in doc.iter_nodes(Paragraph):
            for child in para.nodes:
                assert not isinstance(child, BLOCKS), (page.id, repr(child))


def test_formatting_stays_inline(docs: list[tuple[Page, Document]]) -> None:
    for page, doc in docs:
        for fmt in doc.iter_nodes(Formatting):
            assert fmt.open in ("", "''", "'''"), (page.id, fmt.open)
            assert fmt.close in ("", "''", "'''"), (page.id, fmt.close)
            assert not any(isinstance(c, BLOCKS) for c in fmt.nodes), page.id


def test_extension_tag_bodies_match_their_text(docs: list[tuple[Page, Document]]) -> None:
    for page, doc in docs:
        for tag in doc.iter_nodes(ExtensionTag):
            if tag.self_closing:
                assert tag.body is None and tag.close == "", page.id
            elif tag.contents is not None:
                assert str(tag.contents) == tag.body, (page.id, tag.name)
            assert tag.name == tag.name.lower()


def test_walk_and_iter_nodes_agree(docs: list[tuple[Page, Document]]) -> None:
    for page, doc in docs[:20]:
        walked = [n for n in wikiparse.walk(doc) if isinstance(n, Template)]
        assert walked == doc.find_nodes(Template), page.id


def test_fast_node_constructors_set_every_field_as_attrs_does() -> None:
    """The builder makes its most frequent nodes without the attrs ``__init__`` (speed): each
    helper must set every field, to the value the attrs constructor would give."""
    import attrs

    from wikiparse._parse import state as b
    from wikiparse.nodes import (
        Bold,
        CategoryLink,
        Comment,
        Entity,
        ExtensionTag,
        ExternalLink,
        FileLink,
        Heading,
        HtmlTag,
        Italic,
        List,
        ListItem,
        Paragraph,
        Parameter,
        Section,
        TableCell,
        TableRow,
        Template,
        Text,
        Wikicode,
        Wikilink,
    )

    target = Wikicode(start=2, end=3, nodes=[])
    label = Wikicode(start=4, end=5, nodes=[])
    pairs = [
        (b.new_text(1, 2, "x"), Text(start=1, end=2, value="x")),
        (b.new_wikicode(1, 2, []), Wikicode(start=1, end=2, nodes=[])),
        (b.new_parameter(1, 2, label, target), Parameter(start=1, end=2, name=label, value=target)),
        (b.new_parameter(1, 2, None, target), Parameter(start=1, end=2, value=target)),
        (b.new_wikilink(0, 7, target, label), Wikilink(start=0, end=7, target=target, text=label)),
        (b.new_wikilink(0, 7, target, None), Wikilink(start=0, end=7, target=target)),
        (b.new_wikilink(0, 7, target, label, "Help"),
         Wikilink(start=0, end=7, target=target, text=label, namespace="Help")),
        (b.new_wikilink(0, 7, target, None, "Category", CategoryLink),
         CategoryLink(start=0, end=7, target=target, namespace="Category")),

        (b.new_container(Paragraph, 1, 2, []), Paragraph(start=1, end=2, nodes=[])),
        (b.new_template(0, 9, target, []), Template(start=0, end=9, name=target, params=[])),
        (b.new_list_item(0, 3, "\n", "*#", label, "*#"),
         ListItem(start=0, end=3, leading="\n", prefix="*#", content=label, level_prefix="*#")),
        (b.new_extension_tag(0, 9, "ref", "Ref", " name=a", True, None, ""),
         ExtensionTag(start=0, end=9, name="ref", raw_name="Ref", attrs=" name=a", self_closing=True)),
        (b.new_extension_tag(0, 20, "ref", "ref", "", False, "x", "</ref>"),
         ExtensionTag(start=0, end=20, name="ref", raw_name="ref", attrs="", body="x", close="</ref>")),
        (b.new_external_link(0, 9, target, label, True, " "),
         ExternalLink(start=0, end=9, url=target, text=label, brackets=True, space=" ")),
        (b.new_external_link(0, 9, target, None, False, ""),
         ExternalLink(start=0, end=9, url=target, brackets=False)),
        (b.new_table_cell(3, "\n", "!", True, None, label),
         TableCell(start=3, leading="\n", marker="!", header=True, content=label)),
        (b.new_table_cell(3, "", "||", False, " a", label),
         TableCell(start=3, leading="", marker="||", attrs=" a", content=label)),
        (b.new_heading(0, 9, 3, target, label),
         Heading(start=0, end=9, level=3, open="===", close="===", title=target, trailing=label)),
        (b.new_formatting(Bold, 4, "'''"), Bold(start=4, open="'''")),
        (b.new_formatting(Italic, 4, "''"), Italic(start=4, open="''")),
        (b.new_section(0, 0, 0, []), Section(start=0, level=0, number=0)),
        (b.new_section(5, 2, 3, [target]), Section(start=5, level=2, number=3, nodes=[target])),
        (b.new_html_tag(0, 6, "br", "BR", " a", False, True),
         HtmlTag(start=0, end=6, name="br", raw_name="BR", attrs=" a", self_closing=True)),
        (b.new_html_tag(0, 7, "span", "span", "", True, False),
         HtmlTag(start=0, end=7, name="span", raw_name="span", closing=True)),
        (b.new_table_row(1, 4, "\n", "|-", " a"), TableRow(start=1, end=4, leading="\n", marker="|-", attrs=" a")),
        (b.new_table_row(1, 1, "", "", ""), TableRow(start=1, end=1, leading="", marker="", attrs="")),
        (b.new_entity(0, 5, "&amp;"), Entity(start=0, end=5, raw="&amp;")),
        (b.new_comment(0, 9, " x ", True), Comment(start=0, end=9, contents=" x ")),
        (b.new_comment(0, 7, " x", False), Comment(start=0, end=7, contents=" x", closed=False)),
        (b.new_list(0, 3, []), List(start=0, end=3, items=[])),
        (b.new_file_link(0, 9, target, [label], "File"),
         FileLink(start=0, end=9, target=target, options=[label], namespace="File")),
    ]
    for fast, slow in pairs:
        assert type(fast) is type(slow)
        for f in attrs.fields(type(slow)):
            assert getattr(fast, f.name) == getattr(slow, f.name), (type(slow).__name__, f.name)
