"""Tables in plain text without the parser: the rows of a table that ``to_text(tables=True)``
can read directly.

With ``tables=True`` plain text writes a table as its rows, one line each, cells separated by
tabs, a caption as a row of its own, attributes dropped.  Building the table's tree (rows,
cells, each cell's content parsed as a container of its own) costs far more than what the
text shows; this module reads a table's lines as ``tables.split_tables`` (MediaWiki's
doTableStuff) splits them, and each cell's content with the prose reader's own line scan
(:meth:`._text_prose.ProseScanner.line`), and hands the text renderer the cells' pieces, which it
renders as its walk over the table's nodes would (``TextRenderer.prose_table``).

It reads a table when every line of it is a line of table markup whose split this scan is
sure of, a comment or blank line, or a line of a cell's content: a cell whose content goes on
over lines of its own is read as the reader reads a page (paragraphs and lists,
:class:`ProseCell`), and a table nested in it (at a line start) as this table is, up to
:data:`MAX_DEPTH` levels.  Anything else hands the whole table to the parser (``None``):

* text after the closing ``|}`` on its line, an indented nested table, or one too deep;
* a cell line with something whose nodes the split might see otherwise: ``{{{``, ``-{``, a
  link over a line break or holding ``||``, an HTML tag not closed on its line, a link after
  a template before the cell's attribute bar that the parser, asked about it alone, does not
  make a link (the split's test for a link looks at the first text run only), a transclusion
  tag or anything left open;
* a cell whose content the reader does not read whole, that starts with what a container's
  block pass reads as block markup, or a list right after the cell's bar with more lines.

What the split sees as nodes (templates, links, comments, extension tags) is skipped whole
with :meth:`~._text_prose.ProseScanner.nested_end` and :meth:`~._text_prose.ProseScanner.skip_tag`,
which charge the reader's shared budget: the scans stay linear in the page's length.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .._parse.preprocessor_syntax import TRANSCLUSION_TAGS
from ..nodes import Wikilink

if TYPE_CHECKING:
    from ._text_prose import Block, Piece, ProseScanner

__all__ = ["Cell", "ProseCell", "ProseTableRows", "read_table"]


class ProseCell:
    """A cell whose content goes on over lines of its own: its paragraphs and lists, as a
    prose run's blocks."""

    __slots__ = ("blocks",)

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks


#: A cell: the pieces of its one line of content, or its blocks.
Cell = list["Piece"] | ProseCell


class ProseTableRows:
    """A table read without the parser for ``tables=True``: its rows in the order the walk
    over its nodes renders them (a caption is a row of one cell), each cell as the pieces of
    its content (or its blocks)."""

    __slots__ = ("rows",)

    def __init__(self, rows: list[list[Cell]]) -> None:
        self.rows = rows


#: How deep tables nested in cells are read (each level a call deeper): deeper ones go to the
#: parser, whose table pass nests without recursion.
MAX_DEPTH = 3
#: What a link is when the split sees it as a node (file, category and language links too).
_LINK_NODES = (Wikilink,)
#: Templates and links with nothing nested in them, matched whole (as
#: :meth:`~._text_prose.ProseScanner.nested_end` would end them, without its loop).
_PLAIN_CONSTRUCTS = r"\{\{(?!\{)[^{}\[\]<]*\}\}(?!\})|\[\[[^{}\[\]<\n]*\]\](?!\])"
#: What matters on a line whose rest is attributes (the table's first line, a row line):
#: where it ends, and the constructs that may hide its line break.
_ATTR_TOKEN = re.compile(r"\n|" + _PLAIN_CONSTRUCTS + r"|\{\{|\[\[|<|-\{")
#: What matters on a cell line: also the cell separators and the attribute bar.  Header lines
#: (``!``) split at ``!!`` too.
_CELL_TOKEN = re.compile(r"\n|\|\||\||" + _PLAIN_CONSTRUCTS + r"|\{\{|\[\[|<|-\{")
_HEADER_TOKEN = re.compile(r"\n|\|\||!!|\||" + _PLAIN_CONSTRUCTS + r"|\{\{|\[\[|<|-\{")
_BLANKS = re.compile(r"[ \t]*")
#: An HTML tag closed on its line with nothing in it that the split could read otherwise.
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>|!\n{}\[\]]*>")
#: A start of an extension tag, a comment or a transclusion tag (skipped by ``skip_tag``).
_TAG_NAME = re.compile(r"<([A-Za-z][A-Za-z0-9]*)(?=[\s/>])")
#: A cell's content of plain words: nothing that starts markup, a magic word, a bare URL
#: (``:``) or a character reference (the line scan's plain runs, without ``:``).
_PLAIN_CELL = re.compile(r"[^\[\]{}<&'\n_~|＿:\x00-\x08\x0b-\x1f\x7f]+")
#: A start of a cell's content that a container's block pass may read as block markup (a
#: definition list, a heading, a rule, a nested table, a comment before blanks...), when
#: the content starts right after its bar (a list there shows its marks as text, as the
#: line scan reads them); after blanks the line starts no block, and only some matter.
_CONTENT_REFUSED = re.compile(r"[:;=!|]|----|\{\||<!--|<[^A-Za-z]")
_CONTENT_REFUSED_AFTER_BLANKS = re.compile(r"[=!|]|----|\{\||<!--|<[^A-Za-z]")


def read_table(sc: ProseScanner, pos: int, depth: int = 1) -> tuple[ProseTableRows, int] | None:
    """The table opening at ``pos`` (a line start, ``{|``) as rows of cells' pieces, and where
    it ends (the line break after its ``|}`` line, or the end of the text); None if the
    parser must tell (see the module docstring).  ``depth`` counts the tables it is nested
    in, itself included: deeper than :data:`MAX_DEPTH`, the parser reads them."""
    if sc.budget < 0:
        return None
    text = sc.text
    size = len(text)
    table_line = sc.st.pats.table_line
    p = _attrs_end(sc, pos + 2)
    rows: list[list[Cell]] = []
    row: list[Cell] | None = None
    start = pos
    while p >= 0:
        if p >= size or sc.budget < 0:
            break  # never closed (or the budget is spent): the parser tells
        sc.budget -= p - start
        start = p + 1
        m = table_line.match(text, start)
        if m is None:
            q = _blank_or_comments(sc, start)
            if q < 0:
                break  # content on a line of its own, a nested table
            if q >= size or text[q] == "\n":
                p = q  # a blank line, or comments alone: the cell gets nothing to show
                continue
            m = table_line.match(text, q)  # "<!--c-->| cell": the comments vanish first
            if m is None:
                break
        marker = m.group(1)
        after = m.end()
        if marker == "|}":
            if after < size and text[after] != "\n":
                break  # text after the table on its line
            return ProseTableRows(rows), after
        if marker[:2] == "|-":
            row = []
            rows.append(row)
            p = _attrs_end(sc, after)
            continue
        if marker == "|+":
            cells: list[Cell] = []
            rows.append(cells)
        else:
            if row is None:
                row = []
                rows.append(row)
            cells = row
        p, content = _cells(sc, after, marker == "!", marker == "|+", cells)
        if p >= 0:
            p = _last_cell(sc, content, p, cells, depth)
    sc.budget -= p - start if p > start else 0
    return None


def _last_cell(sc: ProseScanner, start: int, end: int, out: list[Cell], depth: int) -> int:
    """Read the last cell of a line (its content from ``start`` to the line break at
    ``end``) into ``out``, with the lines after it that are no table markup (the split adds
    them to the cell) and the tables nested in it; where its last line ends, or -1."""
    text = sc.text
    size = len(text)
    pats = sc.st.pats
    first = start
    while first < end and text[first] in " \t":
        first += 1
    # The cell's parts after its line: spans of lines (each from the line break before it;
    # the first from the content on the cell's own line) and nested tables.
    parts: list[tuple[int, int] | ProseTableRows] = []
    seg = first if first < end else end
    seg_end = end
    has_text = first < end
    last = -1  # where the cell's last line of content or nested table ends
    q = end
    while q < size:
        if sc.budget < 0:
            return -1
        line = q + 1
        if pats.table_line.match(text, line) is not None:
            break
        after = _blank_or_comments(sc, line)
        if after >= 0 and (after >= size or text[after] == "\n"):
            q = after  # a blank or comment line: content only if more follows
            continue
        if after >= 0 and pats.table_line.match(text, after) is not None:
            break
        if pats.table_start.match(text, line) is not None:
            if depth >= MAX_DEPTH or not text.startswith("{|", line):
                return -1  # too deep, or indented: the parser tells
            got = read_table(sc, line, depth + 1)
            if got is None:
                return -1
            if has_text:
                parts.append((seg, seg_end))
            parts.append(got[0])
            q = last = seg = seg_end = got[1]
            has_text = False
            continue
        q = _attrs_end(sc, line)
        if q < 0:
            return -1
        # The lines looked over count against the reader's budget (the table's loop counts
        # them again when it goes on): a failed look on a page of such lines stays linear.
        sc.budget -= q - line
        last = seg_end = q
        has_text = True
    if last < 0:
        pieces = _content(sc, start, end)
        if pieces is None:
            return -1
        out.append(pieces)
        return end
    if first < end and text[first] in "*#:;":
        return -1  # a list right after the bar, with more lines: the parser shows its marks
    if has_text:
        parts.append((seg, seg_end))
    blocks: list[Block] = []
    for part in parts:
        if isinstance(part, ProseTableRows):
            blocks.append(part)
            continue
        more = _span_blocks(sc, text[part[0] : part[1]])
        if more is None:
            return -1
        blocks.extend(more)
    out.append(ProseCell(blocks))
    return last


def _span_blocks(sc: ProseScanner, span: str) -> list[Block] | None:
    """The paragraphs and lists of ``span`` (a cell's lines) read as the reader reads a
    page's (``_prose_runs``), the scanner reading ``span`` as the whole text; None if it
    refuses any."""
    saved = sc.read_instead(span, sc.page_numbered_links is not False)  # a part of the page
    try:
        return _blocks_of(sc, span)
    finally:
        sc.read_page_again(saved)


def _blocks_of(sc: ProseScanner, text: str) -> list[Block] | None:
    """:func:`_span_blocks`' loop over the text the scanner reads."""
    size = len(text)
    blocks: list[Block] = []
    pos = 0
    while pos < size:
        c = text[pos]
        if c == "\n":
            pos += 1
            continue
        if c == "<" and text.startswith("<!--", pos):
            after = sc.comment_lines(pos)
            if after > pos:
                pos = after
                continue
        got: tuple[Block, int] | None
        if c in "*#:;":
            got = sc.list_block(pos)
        else:
            got = sc.paragraph(pos)
        if got is None:
            return None
        block, end = got
        blocks.append(block)
        pos = end + 1
    return blocks


def _blank_or_comments(sc: ProseScanner, pos: int) -> int:
    """Past the blanks at the line start ``pos``, or past the comments opening it and the
    blanks between and after them (the split drops those before it reads table markup);
    -1 if the line has neither, or a comment is left open."""
    text = sc.text
    if not text.startswith("<!--", pos):
        m = _BLANKS.match(text, pos)
        end = pos if m is None else m.end()
        return end if end >= len(text) or text[end] == "\n" else -1
    while text.startswith("<!--", pos):
        end = sc.skip_tag(pos)
        if end < 0:
            return -1
        m = _BLANKS.match(text, end)
        pos = end if m is None else m.end()
    return pos


def _attrs_end(sc: ProseScanner, pos: int) -> int:
    """The line break (or the text's end) ending the line whose rest from ``pos`` is
    attributes, constructs in it skipped; -1 if the parser must tell."""
    text = sc.text
    p = pos
    while True:
        m = _ATTR_TOKEN.search(text, p)
        if m is None:
            return len(text)
        s = m.start()
        c = text[s]
        if c == "\n":
            return s
        if c == "<":
            p = sc.table_tag(s)
        elif m.end() - s > 2:
            p = m.end()  # a plain template or link
        else:
            p = _construct_end(sc, s)
        if p < 0:
            return -1


def _construct_end(sc: ProseScanner, s: int) -> int:
    """Past the template or link at ``s`` (a node of its own when the table is split), or
    -1 (``{{{``, ``-{``, a link over a line break or left open)."""
    text = sc.text
    if text.startswith("-{", s) or text.startswith("{{{", s):
        return -1
    end = sc.nested_end(s)
    if end >= 0 and text[s] == "[" and text.find("\n", s, end) != -1:
        return -1
    return end


def _cells(sc: ProseScanner, pos: int, header: bool, caption: bool, out: list[Cell]) -> tuple[int, int]:
    """Read the cells of the line whose cells start at ``pos`` (after its ``|``, ``!`` or
    ``|+``) into ``out`` (a caption is one cell: its line is not split at ``||``), all but
    the last, whose content may go on over the next lines: the line break ending the line
    and where the last cell's content starts, or ``(-1, -1)``."""
    text = sc.text
    size = len(text)
    token = _HEADER_TOKEN if header else _CELL_TOKEN
    chunk = pos  # where the current cell's text starts
    content = -1  # where its content starts, once its attribute bar is seen
    construct = False  # a node (template, comment, tag) came before in this cell
    p = pos
    while True:
        m = token.search(text, p)
        if m is None:
            return size, chunk if content < 0 else content
        s = m.start()
        tok = m.group()
        if tok == "\n":
            return s, chunk if content < 0 else content
        if (tok == "||" or tok == "!!") and not caption:
            pieces = _content(sc, chunk if content < 0 else content, s)
            if pieces is None:
                return -1, -1
            out.append(pieces)
            chunk = p = s + 2
            content = -1
            construct = False
            continue
        if tok == "|":
            if content < 0:
                content = s + 1
                p = s + 1
                continue
            return -1, -1  # a second bar: content the line scan refuses anyway
        if tok == "||":  # in a caption: not its attribute bar, and content the scan refuses
            return -1, -1
        if tok == "!!":  # in a caption: text
            p = s + 2
            continue
        if tok == "<":
            end, node = _tag_end(sc, s)
            if end < 0:
                return -1, -1
            construct = construct or node
            p = end
            continue
        end = m.end() if len(tok) > 2 else _construct_end(sc, s)
        if end < 0:
            return -1, -1
        if tok[1] == "[":
            inner = text[s:end]
            if "||" in inner or (header and "!!" in inner):
                return -1, -1  # a link the parser might not make: its bars would split
            if content < 0 and construct:
                # The split's first text run holds no link: is this one a node (no
                # attributes then) or text (whose bar would split)?  The parser tells.
                if sc.fragment(s, end, _LINK_NODES) is None:
                    return -1, -1
                content = chunk
            elif content < 0:
                content = chunk  # a link first: the cell has no attributes
        else:
            construct = True
        p = end


def _tag_end(sc: ProseScanner, s: int) -> tuple[int, bool]:
    """Past the ``<`` at ``s`` in a cell line, and whether it was a node of the split: a
    comment or an extension tag whole (a node), an HTML tag closed on its line whole (text),
    other text past the ``<``; -1 if unsure (a transclusion tag, a tag left open)."""
    text = sc.text
    if text.startswith("<!--", s):
        return sc.skip_tag(s), True
    m = _TAG_NAME.match(text, s)
    if m is not None:
        name = m.group(1).lower()
        if name in sc.config.extension_tags or name in TRANSCLUSION_TAGS:
            return sc.skip_tag(s), True
    after = text[s + 1 : s + 2]
    if after == "/" or after.isalpha():
        # The split looks for its separators inside a tag: only a tag closed before any
        # of them is sure to be read alike.
        h = _HTML_TAG.match(text, s)
        return (-1 if h is None else h.end()), False
    return s + 1, False


def _content(sc: ProseScanner, start: int, end: int) -> list[Piece] | None:
    """The pieces of a cell's content ``text[start:end]`` read by the line scan (leading
    blanks dropped: a cell's text starting with a blank is shown as inline text), or None."""
    text = sc.text
    first = start
    while start < end and text[start] in " \t":
        start += 1
    if start >= end:
        return []
    refused = _CONTENT_REFUSED if start == first else _CONTENT_REFUSED_AFTER_BLANKS
    if refused.match(text, start) is not None:
        return None
    if _PLAIN_CELL.fullmatch(text, start, end) is not None:
        return [text[start:end]]  # words only: what the line scan gives, without it
    out: list[Piece] = []
    if end == len(text) or text[end] == "\n":
        got = sc.line(start, out)
        return out if got == end else None
    return _span_pieces(sc, text[start:end])


def _span_pieces(sc: ProseScanner, span: str) -> list[Piece] | None:
    """The line scan over ``span`` (a cell's content ending before a ``||``) as if it were
    the whole text, the scanner's remembered searches set aside."""
    saved = sc.read_instead(span, sc.page_numbered_links is not False)  # a part of the page
    try:
        out: list[Piece] = []
        end = sc.line(0, out)
    finally:
        sc.read_page_again(saved)
    return out if end == len(span) else None
