"""Pass 2a, tables: MediaWiki's doTableStuff, which runs on a container's lines before any
other line structure.

Open tables form an explicit stack, so nesting depth costs no recursion.  Each cell's content
is queued on the work list for its own block pass (``CELL`` mode).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Final

from ..nodes import (
    Diagnostic,
    ExternalLink,
    Node,
    Table,
    TableCaption,
    TableCell,
    TableRow,
    Text,
    Wikicode,
    Wikilink,
)
from .lines import vanishes
from .state import (
    CELL,
    ParseState,
    flatten_splices,
    inert,
    new_table_cell,
    new_table_row,
    new_wikicode,
)

__all__ = ["lift_tables", "line_rest", "line_tail", "settled_cell", "split_tables"]

#: Classes tested with ``isinstance`` on every cell (a tuple: ``A | B`` would build a union
#: object at each test).
_CELLS: Final = (TableCell, TableCaption)
_LINKS: Final = (Wikilink, ExternalLink)


def split_tables(st: ParseState, lines: list[list[Node]]) -> list[list[Node] | Table]:
    """Pull tables out of a container's lines (MediaWiki's doTableStuff comes first).

    Returns the lines that are not table markup, with each outermost table in place of
    its lines.  Open tables form an explicit stack, so nesting costs no recursion.
    """
    pats = st.pats
    out: list[list[Node] | Table] = []
    stack: list[_OpenTable] = []
    count = len(lines)
    i = 0
    while i < count:
        if not stack:
            # Outside a table only a line holding ``{|`` may start one: the lines before the
            # next such line go out as they are, in one slice (most lines of a page).
            following = _next_opening_line(st, lines, i)
            if following > i:
                out += lines[i:following]
                i = following
                if i == count:
                    break
        line = lines[i]
        i += 1
        first = line[0]
        head = first.value if type(first) is Text else ""
        m = pats.table_start.match(head) if "{|" in head else None
        if m is None and len(line) > 1 and (
            vanishes(st, first) if type(first) is not Text else not head.strip(" \t") and vanishes(st, line[1])
        ):
            # ``<!--c-->{|``, `` <noinclude>{|``: what the preprocessor removes is gone before
            # MediaWiki reads table lines; it stays in front of the table, as a line of its own.
            k = 1 if type(first) is not Text else 2
            while k < len(line) and vanishes(st, line[k]):
                k += 1
            rest_first = line[k] if k < len(line) else None
            if type(rest_first) is Text and (m := pats.table_start.match(rest_first.value)) is not None:
                if stack:
                    stack[-1].add_content_line(st, line[:k], None)
                else:
                    out.append(line[:k])
                line = line[k:]
                first = line[0]
        if m is not None:
            table = Table(start=first.start, indent=m.group(1), attrs=line_rest(st, line, m.end()))
            if stack:
                at_line_start = first.start == 0 or st.text[first.start - 1] == "\n"
                stack[-1].add_content_line(st, line, table, newline=at_line_start)
            else:
                out.append(table)
            stack.append(_OpenTable(table))
            continue
        if not stack:
            out.append(line)
            continue
        newline = "\n"
        if type(first) is not Text and vanishes(st, first):
            # Comments and transclusion markers vanish before MediaWiki reads table lines:
            # `<!--c-->|b` and `<noinclude>|b` are cells.
            k = 0
            while k < len(line) and (
                vanishes(st, line[k]) or (type(line[k]) is Text and not line[k].value.strip())  # type: ignore[attr-defined]
            ):
                k += 1
            rest_first = line[k] if k < len(line) else None
            if type(rest_first) is Text and pats.table_line.match(rest_first.value.lstrip()):
                stack[-1].add_content_line(st, line[:k], None)
                line = line[k:]
                first = line[0]
                head = first.value  # type: ignore[attr-defined]
                newline = ""
        mt = pats.table_line.match(head)
        if mt is None:
            stack[-1].add_content_line(st, line, None)
            continue
        marker = mt.group(1)
        lead = newline + head[: mt.start(1)]
        after = mt.end(1)
        top = stack[-1]
        if marker == "|}":
            table = top.table
            table.close = lead + "|}"
            top.finish(st)
            table.end = first.start + after
            stack.pop()
            rest = line_tail(st, line, after)
            if rest is not None:
                if stack:
                    stack[-1].add_content_line(st, rest, None, newline=False)
                else:
                    out.append(rest)
        elif marker.startswith("|-"):
            top.new_row(st, lead, marker, line_rest(st, line, after), first.start)
        elif marker == "|+":
            top.new_caption(st, lead, line, after)
        else:
            top.new_cells(st, lead, line, mt.start(1), marker)
    for open_table in reversed(stack):
        open_table.finish(st)
        st.diagnostics.append(
            Diagnostic("unclosed-table", "table is never closed with '|}'", open_table.table.start, open_table.table.start + 2)
        )
    return out


def _line_start(line: list[Node]) -> int:
    return line[0].start


def _next_opening_line(st: ParseState, lines: list[list[Node]], i: int) -> int:
    """The index of the first line from ``i`` on whose source may hold a ``{|`` (the line
    holding the next one: ``str.find`` and a binary search by line start), ``len(lines)``
    for none."""
    opening = st.text.find("{|", lines[i][0].start, lines[-1][-1].end)
    if opening == -1:
        return len(lines)
    return bisect_right(lines, opening, lo=i, key=_line_start) - 1


def line_rest(st: ParseState, line: list[Node], offset: int) -> str:
    """The rest of a line after ``offset`` chars of its first text node, as raw text."""
    first = line[0]
    assert isinstance(first, Text)
    return first.value[offset:] + "".join(str(n) for n in line[1:])


def line_tail(st: ParseState, line: list[Node], offset: int) -> list[Node] | None:
    """The nodes of a line after ``offset`` chars of its first text node (None if empty)."""
    first = line[0]
    assert isinstance(first, Text)
    nodes: list[Node] = []
    if offset < len(first.value):
        nodes.append(st.text_at(first.start + offset, first.end))
    nodes.extend(line[1:])
    return nodes or None


class _OpenTable:
    """A table being built: its current row and cell, and the content lines of that cell."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.row: TableRow | None = None
        self.cell: TableCell | TableCaption | Wikicode | None = None
        self.cell_lines: list[Node] = []

    def add_content_line(self, st: ParseState, line: list[Node], nested: Table | None, newline: bool = True) -> None:
        """A line that is not table markup (or a nested table's first line) inside the table."""
        first = line[0]
        if self.cell is None:
            # Content before any cell: a stray block (MediaWiki moves it out of the table).
            stray = Wikicode(start=first.start - (1 if newline else 0), nodes=[])
            if self.row is not None:
                self.row.cells.append(stray)
            else:
                self.table.rows.append(stray)
            self.cell = stray
            self.cell_lines = []
        if newline:
            nl = first.start - 1
            self.cell_lines.append(st.text_at(nl, nl + 1))
        if nested is not None:
            # Text before the table on its line (indentation) stays with the table itself.
            self.cell_lines.append(nested)
        else:
            self.cell_lines.extend(line)

    def close_cell(self, st: ParseState) -> None:
        cell = self.cell
        if cell is None:
            return
        content = cell if isinstance(cell, Wikicode) else cell.content
        # (The content is empty until now: its nodes are the cell's lines, no copy made.)
        nodes = content.nodes + self.cell_lines if content.nodes else self.cell_lines
        if st.spliced:
            nodes = flatten_splices(nodes)
        content.nodes = nodes
        if nodes:
            content.start = min(content.start, nodes[0].start) if content.start >= 0 else nodes[0].start
            content.end = nodes[-1].end
        else:
            content.end = content.start
        if content.end >= 0 or isinstance(cell, _CELLS):
            cell.end = content.end
        if not settled_cell(st, nodes):
            st.work.append((content, CELL))
        if self.row is not None and self.row.cells:
            self.row.end = self.row.cells[-1].end
        self.cell = None
        self.cell_lines = []

    def new_row(self, st: ParseState, lead: str, marker: str, attrs: str, line_start: int) -> None:
        self.close_cell(st)
        start = line_start - 1 if lead.startswith("\n") else line_start
        end = line_start + len(lead.lstrip("\n")) + len(marker) + len(attrs)
        row = new_table_row(start, end, lead, marker, attrs)
        self.table.rows.append(row)
        self.row = row

    def new_caption(self, st: ParseState, lead: str, line: list[Node], after: int) -> None:
        self.close_cell(st)
        first = line[0]
        assert isinstance(first, Text)
        start = first.start - (1 if lead.startswith("\n") else 0)
        body = line_tail(st, line, after) or []
        attrs, content_nodes, content_start = _split_cell_attrs(st, body, first.start + after)
        cap = TableCaption(start=start, leading=lead, marker="|+", attrs=attrs,
                           content=Wikicode(start=content_start, nodes=[]))
        self.table.rows.append(cap)
        self.cell = cap
        self.cell_lines = content_nodes  # (a list of its own: a cut of ``body``)

    def new_cells(self, st: ParseState, lead: str, line: list[Node], marker_at: int, marker: str) -> None:
        """A line of cells: ``| a || b`` or ``! a !! b || c``."""
        self.close_cell(st)
        first = line[0]  # (a Text: the marker is in it)
        if self.row is None:
            at = first.start - (1 if lead.startswith("\n") else 0)
            row = new_table_row(at, at, "", "", "")
            self.table.rows.append(row)
            self.row = row
        header = marker.startswith("!")
        mlen = 2 if marker in ("||",) else 1
        cell_start = first.start + marker_at + mlen
        body = line[1:]  # (``line_tail``, written out)
        if marker_at + mlen < len(first.value):  # type: ignore[attr-defined]
            body.insert(0, st.text_at(cell_start, first.end))
        # Most lines hold one cell: split only where a text holds a separator.
        for n in body:
            if type(n) is Text and ("||" in n.value or (header and "!!" in n.value)):
                chunks = _split_inline_cells(st, body, header, cell_start)
                break
        else:
            chunks = [("", body, cell_start)]
        for idx, (cmarker, cnodes, cstart) in enumerate(chunks):
            if idx == 0:
                leading = lead
                mk = marker
                start = first.start - (1 if lead.startswith("\n") else 0)
            else:
                leading = ""
                mk = cmarker
                start = cstart - len(cmarker)
            attrs, content_nodes, content_start = _split_cell_attrs(st, cnodes, cstart)
            cell = new_table_cell(start, leading, mk, header, attrs, new_wikicode(content_start, -1, []))
            assert self.row is not None
            self.row.cells.append(cell)
            self.cell = cell
            self.cell_lines = content_nodes  # (a list of its own: a cut of the chunk's)
            if idx < len(chunks) - 1:
                self.close_cell(st)

    def finish(self, st: ParseState) -> None:
        self.close_cell(st)
        t = self.table
        last = t.rows[-1].end if t.rows else t.start + len(t.indent) + 2 + len(t.attrs)
        t.end = last + len(t.close)


def settled_cell(st: ParseState, nodes: list[Node]) -> bool:
    """Would the block pass give this cell's content back as it is?  (Then it is not queued
    for that pass.)  It would for no content, and for content that is one line not at a line
    start (``blocks.one_line_after_tag``, which gives its inline nodes) with no two texts
    adjacent or empty (merged already), no table start and no node that vanishes first, on
    which the inline pass finds nothing (:func:`.state.inert`): three cells in four on the
    sample (``| 1990 ||``, ``| [[Paris]] ||``, ``| {{flag|France}}``)."""
    if not nodes:
        return True
    first = nodes[0]
    start = first.start
    if not start or st.text[start - 1] == "\n":
        return False
    kind = type(first)
    if kind is Text:
        if "{|" in first.value:  # type: ignore[attr-defined]
            return False
    elif kind is Table or vanishes(st, first):
        return False
    text_end = -2  # where the node before ends if it is a Text (-2: it is not)
    for n in nodes:
        if type(n) is Text:
            if n.start == text_end or n.start == n.end or "\n" in n.value:
                return False
            text_end = n.end
        else:
            text_end = -2
    return inert(st, nodes)


def _split_inline_cells(
    st: ParseState, nodes: list[Node], header: bool, start: int
) -> list[tuple[str, list[Node], int]]:
    """Split a cell line's nodes at ``||`` (and ``!!`` on header lines) in its text runs."""
    chunks: list[tuple[str, list[Node], int]] = []
    cur: list[Node] = []
    cur_marker = ""
    cur_start = start
    for n in nodes:
        if type(n) is not Text or ("||" not in n.value and not (header and "!!" in n.value)):
            cur.append(n)  # (the separators tested as written: no generator per node)
            continue
        value = n.value
        pos = 0
        while True:
            k = value.find("||", pos)
            s = "||"
            if header:
                bang = value.find("!!", pos)
                if bang != -1 and (k == -1 or bang < k):
                    k, s = bang, "!!"
            if k == -1:
                break
            lt = value.rfind("<", 0, k)
            if lt != -1 and value.rfind(">", 0, k) < lt and value[lt + 1 : lt + 2].isalpha():
                # Inside an HTML tag's attributes (`<div class="!!">`): not a separator.
                gt = value.find(">", k)
                if gt != -1:
                    cur.append(st.text_at(n.start + pos, n.start + gt + 1))
                    pos = gt + 1
                    continue
            if k > pos:
                cur.append(st.text_at(n.start + pos, n.start + k))
            chunks.append((cur_marker, cur, cur_start))
            cur = []
            cur_marker = s
            cur_start = n.start + k + 2
            pos = k + 2
        if pos < len(value):
            cur.append(st.text_at(n.start + pos, n.end))
    chunks.append((cur_marker, cur, cur_start))
    return chunks


def _split_cell_attrs(st: ParseState, nodes: list[Node], start: int) -> tuple[str | None, list[Node], int]:
    """``attrs | content``: split at the first single ``|`` in the cell's text runs, unless a
    link comes first (then it is all content, as in MediaWiki).  A ``|`` inside
    ``<nowiki>`` or a template is not a separator; what precedes the split is raw attribute
    text."""
    for i, n in enumerate(nodes):
        kind = type(n)
        if kind is Wikilink or isinstance(n, _LINKS):
            return None, nodes, start
        if kind is not Text:
            continue
        value = n.value  # type: ignore[attr-defined]
        if i == 0 and "[[" in value and "[[" in value.split("|", 1)[0]:
            return None, nodes, start
        k = value.find("|")
        while k != -1 and value.startswith("||", k):
            k = value.find("|", k + 2)
        if k == -1:
            continue
        attrs = "".join(str(x) for x in nodes[:i]) + value[:k]
        rest: list[Node] = []
        if k + 1 < len(value):
            rest.append(st.text_at(n.start + k + 1, n.end))
        rest.extend(nodes[i + 1 :])
        return attrs, rest, n.start + k + 1
    return None, nodes, start


def lift_tables(items: list[list[Node] | Table]) -> list[list[Node] | Table]:
    """A nested table reaches its cell's content as the first node of a line (followed by
    any text after its ``|}``): make it a block item of its own."""
    out: list[list[Node] | Table] = []
    for item in items:
        if isinstance(item, list) and type(item[0]) is Table:
            table = item[0]
            assert isinstance(table, Table)
            out.append(table)
            if len(item) > 1:
                out.append(item[1:])
        else:
            out.append(item)
    return out


