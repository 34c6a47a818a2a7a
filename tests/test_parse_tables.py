"""Tables: ``{|`` ... ``|}`` with captions, rows, header and data cells, inline cells,
attributes, nesting and tables inside list items.

Spec: MediaWiki's ``Parser::handleTables`` and ``fixtures/parsertests/tables.txt``.  A cell's
text before its first single ``|`` is its attributes, unless that text contains ``[[`` (a link
pipe is not an attribute separator).  Cells on one line are separated by ``||`` (and ``!!`` in
header rows).
"""

from __future__ import annotations

import re

import pytest

from conftest import find, one, parse
from parsertests import iter_cases
from wikiparse.nodes import (
    Preformatted,
    Table,
    TableCaption,
    TableCell,
    TableRow,
    Template,
    Wikilink,
)

BASIC = '{| class="wikitable"\n|+ Cap\n|-\n! h1 !! h2\n|- style="color:red"\n| a || b\n|}'


def test_table_attrs_caption_rows_and_close() -> None:
    t = one(parse(BASIC), Table)
    assert t.attrs == ' class="wikitable"'
    assert t.attributes == {"class": "wikitable"}
    assert isinstance(t.rows[0], TableCaption)
    assert str(t.rows[0].content) == " Cap"
    assert len(t.table_rows) == 2
    assert t.close == "\n|}"


def test_header_and_data_cells_inline_and_not() -> None:
    t = one(parse(BASIC), Table)
    head, body = t.table_rows
    assert [(c.marker, c.header, str(c.content)) for c in head.cells] == [
        ("!", True, " h1 "), ("!!", True, " h2")
    ]
    assert [(c.marker, c.header, str(c.content)) for c in body.cells] == [
        ("|", False, " a "), ("||", False, " b")
    ]
    assert [c.leading for c in body.cells] == ["\n", ""]


def test_row_attributes() -> None:
    t = one(parse(BASIC), Table)
    assert t.table_rows[1].attrs == ' style="color:red"'
    assert t.table_rows[1].attributes == {"style": "color:red"}


def test_implicit_first_row() -> None:
    t = one(parse("{|\n| a\n|}"), Table)
    row = one(t, TableRow)
    assert row.marker == ""
    assert str(one(row, TableCell).content) == " a"


def test_cell_attributes() -> None:
    cells = find(parse('{|\n| style="x" | a || align=right | b\n|}'), TableCell)
    assert [(c.attrs, str(c.content)) for c in cells] == [
        (' style="x" ', " a "), (" align=right ", " b")
    ]
    assert cells[0].attributes == {"style": "x"}


def test_link_pipe_is_not_an_attribute_separator() -> None:
    cell = one(parse("{|\n| [[a|b]]\n|}"), TableCell)
    assert cell.attrs is None
    assert str(one(cell, Wikilink).target) == "a"


def test_template_pipe_is_not_a_cell_separator() -> None:
    cell = one(parse("{|\n| {{x|y}}\n|}"), TableCell)
    assert cell.attrs is None
    assert str(one(cell, Template).name) == "x"


def test_double_bar_inside_a_link_still_separates_cells() -> None:
    """handleTables runs before links are parsed, so ``||`` splits even inside ``[[...]]``
    (tables.txt "Exclamation points in wikilink content in table precedence")."""
    cells = find(parse("{|\n| [[a||b]] || c\n|}"), TableCell)
    assert [str(c.content) for c in cells] == [" [[a", "b]] ", " c"]
    assert not find(cells[0], Wikilink)


def test_double_bang_inside_a_link_in_a_header_cell() -> None:
    cells = find(parse("{|\n![[Foo|Bar!!]]\n|}"), TableCell)
    assert [str(c.content) for c in cells] == ["[[Foo|Bar", "]]"]


def test_header_row_data_cell_separator() -> None:
    """``||`` also separates cells on a header line (the new cells are header cells)."""
    cells = find(parse("{|\n! a || b\n|}"), TableCell)
    assert [c.header for c in cells] == [True, True]


def test_double_bang_on_a_data_line_is_text() -> None:
    cells = find(parse("{|\n| a !! b\n|}"), TableCell)
    assert [str(c.content) for c in cells] == [" a !! b"]


def test_caption_with_attributes() -> None:
    cap = one(parse('{|\n|+ style="x" | Cap\n|}'), TableCaption)
    assert cap.attrs == ' style="x" '
    assert str(cap.content) == " Cap"


def test_multiline_cell_content() -> None:
    cell = one(parse("{|\n| a\n\nb\n* c\n|}"), TableCell)
    assert str(cell.content) == " a\n\nb\n* c"


def test_nested_table() -> None:
    doc = parse("{|\n|\n{|\n| inner\n|}\n| outer\n|}")
    outer, inner = find(doc, Table)
    assert inner in find(outer.table_rows[0].cells[0], Table)
    assert [str(c.content).strip() for c in outer.table_rows[0].cells][1] == "outer"


def test_table_in_definition_list() -> None:
    """handleTables itself reads ``:{|``: the colons are the table's indent (``<dl><dd>``)."""
    doc = parse(":{|\n| x\n|}")
    assert one(doc, Table).indent == ":"
    assert str(one(doc, TableCell).content) == " x"
    assert one(parse("::{|\n| x\n|}"), Table).indent == "::"


def test_bullet_before_table_start_is_not_a_table() -> None:
    """Only ``:`` may precede ``{|``; ``*{|`` is a list item holding text."""
    assert not find(parse("*{|\n| x\n|}"), Table)


def test_indented_table_start() -> None:
    t = one(parse("  {|\n| x\n  |}"), Table)
    assert t.indent == "  "
    assert t.close == "\n  |}"


def test_unclosed_table_runs_to_the_end() -> None:
    t = one(parse("{|\n| x"), Table)
    assert t.close == ""


def test_table_start_not_at_line_start_is_text() -> None:
    assert not find(parse("a {|\n| x\n|}"), Table)


def test_cells_hold_block_content() -> None:
    cell = one(parse("{|\n|\n== h ==\n* a\n|}"), TableCell)
    names = {type(n).__name__ for n in cell.content.nodes}
    assert "List" in names


def test_text_before_the_first_row_is_kept() -> None:
    t = one(parse("{|\nstray\n| x\n|}"), Table)
    assert "stray" in "".join(str(r) for r in t.rows)


def test_empty_table() -> None:
    t = one(parse("{|\n|}"), Table)
    assert not t.table_rows
    assert t.close == "\n|}"


@pytest.mark.parametrize("marker", ["|-", "|--", "|----"])
def test_row_marker_with_extra_dashes(marker: str) -> None:
    t = one(parse("{|\n" + marker + "\n| a\n|}"), Table)
    assert one(t, TableRow).marker + one(t, TableRow).attrs == marker


# --------------------------------------------------------------------------------------------
# Oracle: table and cell counts from the expected HTML of tables.txt
# --------------------------------------------------------------------------------------------


def _table_cases() -> list[tuple[str, str, int, int]]:
    """(id, wikitext, tables, cells) for template-free, tag-free tests of tables.txt."""
    out = []
    for case in iter_cases():
        w, html = case.wikitext, case.html_php
        if case.file != "tables.txt" or not w or not html or "{{" in w or "<" in w:
            continue
        if "!! html/php" in w or "html/php" not in case.sections:
            continue
        tables = len(re.findall(r"<table\b", html))
        # MediaWiki gives an empty table one empty cell; the tree has none.
        cells = len(re.findall(r"<t[dh]\b", html)) - html.count("<tr><td></td></tr>")
        out.append((case.id, w, tables, cells))
    return out


TABLE_CASES = _table_cases()


def test_table_oracle_found_cases() -> None:
    assert len(TABLE_CASES) >= 15


@pytest.mark.parametrize(
    ("wikitext", "tables", "cells"), [c[1:] for c in TABLE_CASES], ids=[c[0] for c in TABLE_CASES]
)
def test_table_and_cell_counts_match_mediawiki(wikitext: str, tables: int, cells: int) -> None:
    doc = parse(wikitext)
    assert (len(find(doc, Table)), len(find(doc, TableCell))) == (tables, cells)


@pytest.mark.parametrize(
    "text",
    ["{|\n| a || b\n|}", "{|\n|+ cap\n|}", "{|\n! h !! i\n|}", "{|\n| x=y | a\n|}",
     "{|\n| <!--c--> a\n|}"],
)
def test_content_on_the_marker_line_is_never_preformatted(text: str) -> None:
    """Cell and caption text after the marker is not at a line start: never indent-pre."""
    doc = parse(text)
    assert not find(doc, Preformatted)


def test_indented_line_inside_a_cell_is_preformatted() -> None:
    cell = one(parse("{|\n|\n a\n|}"), TableCell)
    assert find(cell, Preformatted)


def test_text_after_the_table_close_is_not_preformatted() -> None:
    """tables.txt "Round-trip tables directly followed by content": ``|} bar``."""
    doc = parse("{|\n|foo\n|} bar")
    assert not find(doc, Preformatted)
    assert "bar" in str(doc.nodes[0].nodes[-1])
