"""Pass 2b, block levels: headings, lists, ``----``, indent-pre and paragraphs over a
container's lines (after tables), as MediaWiki's doBlockLevels decides them.

:class:`_BlockLevels` holds the block being collected (a paragraph, a pre or a list) and
whether a block-level HTML tag forbids a pre, and takes the lines one at a time.  A
paragraph's and a list's lines get the inline passes (:func:`.inline.inline_nodes`) as they
come (a prose line, :func:`prose_line`, most of an article's lines, has its kind told in the
same step), a pre's lines as the pre is made.
"""

from __future__ import annotations

from typing import cast

from ..nodes import (
    Argument,
    Comment,
    ExtensionTag,
    Heading,
    HorizontalRule,
    HtmlTag,
    ListItem,
    MagicVariable,
    Node,
    Paragraph,
    ParserFunction,
    Preformatted,
    Redirect,
    Table,
    Template,
    Text,
    Wikicode,
    Wikilink,
)
from .inline import inline_nodes, no_trail_starts, trails, url_colon
from .lines import (
    closing_equals,
    heading_match,
    joined_lines,
    split_lines,
    switch_cut,
    vanished_line,
    vanishes,
)
from .patterns import WIDE_UNDERSCORE, may_hold_construct
from .quotes import quotes
from .state import (
    ParseState,
    flatten_splices,
    merge_text,
    new_container,
    new_heading,
    new_list,
    new_list_item,
    new_wikicode,
)
from .tables import lift_tables, line_tail, split_tables

__all__ = ["build_blocks"]

#: Merge the output of every :func:`line_blocks` call, loose or not (a switch for the tests:
#: ``tests/test_parse_shortcuts.py``).
MERGE_ALWAYS = False

#: A container's lines, with each outermost table in place of its lines.
_Items = list[list[Node] | Table]

#: What a behaviour switch starts with (``__NOTOC__``, ``＿＿目次非表示＿＿``).
_SWITCH_START = ("_", WIDE_UNDERSCORE)

#: HTML elements that never take content (their tag opens nothing).
_VOID_TAGS = frozenset(("br", "hr", "img", "wbr", "meta", "link"))

#: What a line's first character must not be for :func:`prose_line` (a list, heading, rule,
#: pre or switch may start with it; any white space, a blank or pre line): ``_BlockLevels.line``
#: asks it only of a line that starts with none of these, or with a template or link.
_NOT_PROSE_START = frozenset("*#:;=-_ \t" + WIDE_UNDERSCORE)

#: What a list line starts with (``classify``; no block-tag test for those in ``kind_of``).
_LIST_MARKERS = frozenset("*#:;")

#: What a heading line starts with (``_BlockLevels.heading_line``: at a line start, a heading
#: line is one at once).
_HEADING_MARKS = frozenset("=")

#: Nodes a prose line may start with: a line starting with one is a paragraph line
#: (``classify``: no head text, and the node neither vanishes nor is a comment or redirect).
_PROSE_FIRST_NODES = frozenset((Template, Wikilink, ParserFunction, MagicVariable, Argument))


def build_blocks(st: ParseState, nodes: list[Node], start: int, end: int, regular: bool = True) -> list[Node]:
    """The block structure of one container (the page, a cell, a tag body).  ``regular``:
    its texts are merged (no two adjacent, none empty), as the preprocessor leaves the page
    and a tag's body; a cell's content is not (its lines are joined as they come), and its
    lines' texts are merged as they are read."""
    one = one_line_after_tag(st, nodes)
    if one is not None:
        return one
    lines = split_lines(st, nodes, start, end)
    # No "{|" anywhere in the container's source: no line starts a table (nor is one lifted).
    if st.text.find("{|", start, end) == -1:
        return line_blocks(st, cast(_Items, lines), regular)
    return line_blocks(st, lift_tables(split_tables(st, lines)), regular)


def one_line_after_tag(st: ParseState, nodes: list[Node]) -> list[Node] | None:
    """The blocks of a container that is one line not at a line start (most ``<ref>``
    bodies, most table cells: ``<ref>{{cite web|...}}</ref>``, ``| 1990 ||``), or None for
    any other container.

    Such a line follows a tag in MediaWiki's output, so it is never a list, heading, pre or
    ``<p>`` paragraph (see ``_BlockLevels.kind_of``): what the general path makes of it is
    its inline nodes (a blank line: itself), which this gives without splitting lines or
    building the paragraph that would be unwrapped again.  Lines a table may start on, or
    that start with a node that vanishes before MediaWiki reads the line, take the general
    path."""
    flat = flatten_splices(nodes) if st.spliced else nodes
    if not flat:
        return []
    first = flat[0]
    lstart = first.start
    if lstart == 0 or st.text[lstart - 1] == "\n":
        return None
    kind = type(first)
    if kind is Text:
        value: str = first.value  # type: ignore[attr-defined]
        if "{|" in value and st.pats.table_start.match(value) is not None:
            return None
    elif kind is Table or vanishes(st, first):
        return None
    for n in flat:
        if type(n) is Text and "\n" in n.value:
            return None
    if len(flat) == 1 and kind is Text and not first.value.strip():  # type: ignore[attr-defined]
        return flat if first.end > lstart else []  # a blank line: itself, if not empty
    return inline_nodes(st, flat)  # merged already


def line_blocks(st: ParseState, items: list[list[Node] | Table], regular: bool = True) -> list[Node]:
    """Headings, lists, ``----``, pre and paragraphs over a container's lines (nested tables
    lifted already: see :func:`.tables.lift_tables`)."""
    levels = _BlockLevels(st, regular)
    for item in items:
        if type(item) is list:
            levels.line(item)
        else:
            assert isinstance(item, Table)
            levels.table(item)
    levels.flush()
    out = levels.out
    prev_end = levels.prev_end
    if prev_end is not None and items:
        last = items[-1]
        last_end = last.end if isinstance(last, Table) else last[-1].end
        if last_end > prev_end:
            if out and type(out[-1]) is Text:
                levels.loose = True
            out.append(st.text_at(prev_end, last_end))
    return merge_text(out) if levels.loose or MERGE_ALWAYS else out


class _BlockLevels:
    """The state of doBlockLevels over one container: the output so far, the block being
    collected, and where the previous line ended (its newline follows)."""

    def __init__(self, st: ParseState, regular: bool) -> None:
        self.st = st
        #: Are the texts of the container's lines merged (see :func:`build_blocks`)?
        self.regular = regular
        self.out: list[Node] = []
        #: The lines of the open paragraph, their inline passes done and their texts merged
        #: (the newlines between them are not in them: :func:`make_paragraph` joins them).
        self.para: list[list[Node]] = []
        self.pre: list[list[Node]] = []
        self.lst: list[ListItem] = []
        self.prev_end: int | None = None
        #: Text after a tag on the tag's own line: a paragraph without ``<p>``.
        self.bare_para = False
        #: After an opening block tag (``<div>``, ``<table>``...): no pre until a closing one.
        self.in_block_elem = False
        self.in_blockquote = False
        #: May ``out`` hold two adjacent texts?  Only where a line's own nodes, or text that is
        #: not a block's newlines, go into it (rare): the blocks and the newlines between them
        #: alternate, so a container of blocks alone is not merged again.
        self.loose = False

    def flush(self) -> None:
        """Close the block being collected."""
        st = self.st
        if self.para:
            if self.bare_para:
                self.out.extend(make_paragraph(st, self.para).nodes)
                self.loose = True
            else:
                self.out.append(make_paragraph(st, self.para))
            self.para.clear()
            self.bare_para = False
        if self.pre:
            self.out.append(make_pre(st, self.pre))
            self.pre.clear()
        if self.lst:
            lst = self.lst
            self.out.append(new_list(lst[0].start, lst[-1].end, list(lst)))
            lst.clear()

    def sep(self, upto: int) -> None:
        """The newline(s) between the previous block and a line starting at ``upto``."""
        prev_end = self.prev_end
        if prev_end is not None and upto > prev_end:
            self.out.append(self.st.text_at(prev_end, upto))

    def table(self, item: Table) -> None:
        self.in_block_elem = False
        start = item.start
        self.flush()
        prev_end = self.prev_end
        if prev_end is not None and start > prev_end:
            nl = self.st.text.rfind("\n", prev_end, start) + 1
            self.sep(nl)
            if nl < start:
                self.out.append(self.st.text_at(nl, start))
                self.loose = True
        self.out.append(item)
        self.prev_end = item.end

    def line(self, line: list[Node]) -> None:
        first = line[0]
        if type(first) is Text:
            head: str = first.value
            if not head and len(line) == 1:
                # An empty line (a quarter of a page's lines): blank, whatever came before (what
                # ``continues`` does with a blank line, written out: most have nothing to close).
                if self.para or self.pre or self.lst:
                    self.flush()
                if self.prev_end is None:
                    self.prev_end = first.end
                return
            c = head[:1]
            prose = c != "" and c not in _NOT_PROSE_START and not c.isspace()
        else:
            head = c = ""
            prose = type(first) in _PROSE_FIRST_NODES
        if prose:
            done = prose_line(self.st, line)
            if done is not None:
                # A paragraph line with nothing on it for the block pass, its inline passes
                # done: it continues the open paragraph, or starts one (as ``continues`` and
                # ``start_block`` would take a "para" line).
                if not self.regular:
                    done = merge_text(done)
                if not self.para or self.prev_end is None:
                    self.flush()
                    lstart = first.start
                    self.sep(lstart)
                    if lstart and self.st.text[lstart - 1] != "\n":
                        # After a tag on its line: a paragraph without <p> (see ``kind_of``).
                        self.bare_para = True
                self.para.append(done)
                self.prev_end = line[-1].end
                return
        elif type(first) is not Text and vanishes(self.st, first) and self.after_vanishing(line):
            return
        lstart = first.start
        lend = line[-1].end
        if c in _LIST_MARKERS and (lstart == 0 or self.st.text[lstart - 1] == "\n"):
            # A list line at a line start, told by its first character alone (what ``kind_of``
            # says of it): it goes on with the open list after a single newline, or starts one.
            self.list_line(line, head, lstart)
            self.prev_end = lend
            return
        if (
            c in _HEADING_MARKS and (lstart == 0 or self.st.text[lstart - 1] == "\n")
            and self.heading_line(line, lstart, lend)
        ):
            return
        kind = self.kind_of(line, head, lstart)
        if self.continues(kind, line, head, lstart, lend):
            return
        self.flush()
        self.sep(lstart)
        self.start_block(kind, line, head, lstart)
        self.prev_end = lend

    def list_line(self, line: list[Node], head: str, lstart: int) -> None:
        """A list line: its items go on with the open list (see :meth:`list_goes_on`), or
        start a list (the open block is closed): what ``continues`` and ``start_block`` do
        with a "list" line, at once."""
        lst = self.lst
        prev_end = self.prev_end
        # (Right after the line before, one newline between: it goes on, nothing to ask.)
        if lst and prev_end is not None and (lstart == prev_end + 1 or self.list_goes_on(lstart)):
            list_items(self.st, line, head, "\n", lst)
            return
        self.flush()
        self.sep(lstart)
        list_items(self.st, line, head, "", lst)

    def list_goes_on(self, lstart: int) -> bool:
        """Does a list line at ``lstart`` continue the open list?  Only after one newline
        alone (MediaWiki's one list)."""
        prev_end = self.prev_end
        if not self.lst or prev_end is None:
            return False
        text = self.st.text
        return text.count("\n", prev_end, lstart) == 1 and not text[prev_end:lstart].strip()

    def heading_line(self, line: list[Node], lstart: int, lend: int) -> bool:
        """A line at a line start that starts with "=": the heading, if it is one, read once
        (what ``kind_of``, ``continues`` and ``start_block`` do with a heading line, at once:
        a block tag on it may open or close a blockquote; after the heading, none is open);
        False, and nothing done, for any other line."""
        st = self.st
        match = heading_match(st, line, expanded=True)
        if match is None:
            return False
        tag_state = block_tag_state(st, line)
        if tag_state is not None and tag_state[2] is not None:
            self.in_blockquote = tag_state[2]
        self.flush()
        self.sep(lstart)
        self.out.append(make_heading(st, line, match=match))
        self.in_block_elem = False
        self.prev_end = lend
        return True

    def kind_of(self, line: list[Node], head: str, lstart: int) -> str:
        """What the line is ("para", "pre", "list", "heading", "hr", "blank", "vanished",
        "comment", "redirect"), after the block-tag state it leaves."""
        st = self.st
        no_pre = self.in_block_elem or self.in_blockquote
        if head[:1] not in ("*", "#", ":", ";"):
            tag_state = block_tag_state(st, line)
            if tag_state is not None:
                _opened, closed, quote = tag_state
                no_pre = True
                self.in_block_elem = not closed
                if quote is not None:
                    self.in_blockquote = quote
        kind = classify(st, line, head, bool(self.pre), no_pre)
        if lstart > 0 and st.text[lstart - 1] != "\n" and kind != "blank":
            # Not at a line start (text on a cell's or tag's own line, after ``|}``): it
            # follows a tag in MediaWiki's output, so it is never a list, heading or pre,
            # and never wrapped in <p>.
            kind = "para"
            if not self.para:
                self.bare_para = True
        return kind

    def after_vanishing(self, line: list[Node]) -> bool:
        """A heading, ``----``, list or pre line after nodes that vanish before MediaWiki's
        parser reads the line (``<!--c-->== a ==``, ``<noinclude>* x``,
        ``<includeonly>…</includeonly> x``): the line is that block, the vanishing nodes its
        siblings; a list the line continues (one newline before it) takes them at the end of
        its last item and goes on, as MediaWiki's one list does; a pre it continues ends before
        them (:class:`.Preformatted` keeps no nodes between its lines: the renderers join the
        two, as MediaWiki's one pre).  Such a heading is no preprocessor heading: no
        section number, no edit link.  False (nothing done) when the rest is none of these."""
        st = self.st
        k = 1
        while k < len(line) and vanishes(st, line[k]):
            k += 1
        lstart = line[0].start
        rest = line[k:]
        if not rest or type(rest[0]) is not Text or (lstart > 0 and st.text[lstart - 1] != "\n"):
            return False
        head = rest[0].value
        c = head[:1]
        heading = heading_match(st, rest, expanded=True) if c == "=" else None
        if heading is not None:
            kind = "heading"
        elif c == "-" and st.pats.hr.match(head) is not None:
            kind = "hr"
        elif c in ("*", "#", ":", ";"):
            kind = "list"
        elif c == " " and (len(rest) > 1 or head.strip(" \t")):
            # A block-level tag on the line forbids the pre (as in ``kind_of``).
            no_pre = self.in_block_elem or self.in_blockquote or block_tag_state(st, rest) is not None
            if classify(st, rest, head, bool(self.pre), no_pre) != "pre":
                return False
            kind = "pre"
        else:
            return False
        prev_end = self.prev_end
        if kind == "list" and self.lst and prev_end is not None and st.text[prev_end:lstart] == "\n":
            # The list goes on (MediaWiki's block pass sees ``* a\n* b``): the newline and the
            # vanishing nodes end the item before, as a comment-only line does.
            extend_item(self.lst[-1], [st.text_at(prev_end, lstart), *line[:k]])
            list_items(st, rest, head, "", self.lst)
            self.prev_end = line[-1].end
            return True
        self.flush()
        self.sep(lstart)
        self.out.extend(line[:k])
        if kind == "heading":
            assert heading is not None
            self.out.append(make_heading(st, rest, counted=False, match=heading))
            self.in_block_elem = False
        else:
            self.start_block(kind, rest, head, rest[0].start)
        self.prev_end = line[-1].end
        return True

    def continues(self, kind: str, line: list[Node], head: str, lstart: int, lend: int) -> bool:
        """Take a line that joins the block being collected (or vanishes); False if the line
        starts a block of its own."""
        st = self.st
        prev_end = self.prev_end
        if kind == "comment":
            # A line of only comments vanishes in MediaWiki's preprocessor (newline and
            # all): it neither ends nor starts a block.  Keep it inside the open block.
            if self.para and prev_end is not None:
                self.para.append(inline_nodes(st, line))
            elif self.pre and prev_end is not None:
                self.pre[-1].extend([st.text_at(prev_end, lstart), *line])
            elif self.lst and prev_end is not None:
                extend_item(self.lst[-1], [st.text_at(prev_end, lstart), *line])
            else:
                self.sep(lstart)
                self.out.extend(line)
                self.loose = True
        elif kind == "vanished":
            # A blank line whose markers stay in the tree, as siblings of the blocks.
            self.flush()
            self.sep(lstart)
            self.loose = True
            if any(type(n) is Text and n.value.strip(" \t") for n in line):
                self.out.extend(inline_nodes(st, line))  # behaviour switches
            else:
                self.out.extend(line)
        elif kind == "blank":
            self.flush()
            if prev_end is None:
                self.prev_end = lend
                if lend > lstart:
                    self.out.append(st.text_at(lstart, lend))
                    self.loose = True
            return True
        elif prev_end is None:
            return False
        elif kind == "para" and self.para:
            self.para.append(inline_nodes(st, line))
        elif kind == "pre" and self.pre:
            self.pre.append(line)
        elif kind == "list" and self.list_goes_on(lstart):
            list_items(st, line, head, "\n", self.lst)
        else:
            return False
        self.prev_end = lend
        return True

    def start_block(self, kind: str, line: list[Node], head: str, lstart: int) -> None:
        """A line that starts a block (the previous one is flushed)."""
        st = self.st
        if kind == "para":
            self.para.append(inline_nodes(st, line))
        elif kind == "pre":
            self.pre.append(line)
        elif kind == "list":
            list_items(st, line, head, "", self.lst)
        elif kind == "heading":
            self.out.append(make_heading(st, line))
            self.in_block_elem = False
        elif kind == "redirect":
            self.out.append(line[0])
            if len(line) > 1:
                self.para.append(inline_nodes(st, line[1:]))
        elif kind == "hr":
            m = st.pats.hr.match(head)
            assert m is not None
            self.out.append(HorizontalRule(start=lstart, end=lstart + m.end(), raw=m.group()))
            rest = line_tail(st, line, m.end())
            if rest is not None:
                self.para.append(inline_nodes(st, rest))


def classify(st: ParseState, line: list[Node], head: str, in_pre: bool, no_pre: bool) -> str:
    pats = st.pats
    if (type(line[0]) is Comment or (len(line) > 1 and not head.strip(" \t"))) and all(
        type(n) is Comment or (type(n) is Text and not n.value.strip(" \t")) for n in line
    ):
        return "comment"
    c0 = head[:1]
    if (
        ((len(line) > 1 or not head) and not head.strip(" \t"))
        or c0 in _SWITCH_START
        or ((c0 == " " or c0 == "\t") and head.lstrip(" \t")[:1] in _SWITCH_START)
    ) and vanished_line(st, line):
        # Blank once the preprocessor drops the markers (``<noinclude>``...) and the parser
        # the behaviour switches (``__NOTOC__``, before its block pass): a blank line,
        # but a line of the open pre when what is left starts with a space (a pre line when
        # the space comes first, else joined to the pre's last line as a comment line is).
        if in_pre and "".join([n.value for n in line if type(n) is Text])[:1] == " ":
            return "pre" if head[:1] == " " else "comment"
        return "vanished"
    if not head:
        if len(line) == 1 and type(line[0]) is Text:
            return "blank"
        if type(line[0]) is Redirect:
            return "redirect"
        return "para"  # starts with a node: a template, a link...
    c = head[0]
    if c == "=" and heading_match(st, line, expanded=True) is not None:
        return "heading"
    if c in "*#:;":
        return "list"
    if c == "-" and pats.hr.match(head):
        return "hr"
    if c == " ":
        if len(line) == 1 and not head.strip():
            return "pre" if in_pre else "blank"
        return "para" if no_pre else "pre"
    if len(line) == 1 and not head.strip():
        return "blank"
    return "para"


def block_tag_state(st: ParseState, line: list[Node]) -> tuple[bool, bool, bool | None] | None:
    """MediaWiki's block-tag test for a line: (opens, closes, inside blockquote after it),
    or None when the line has no block-level tag.  Lines after an opening block tag
    (``<table>``, ``<p>``, ``<li>``...) cannot start a pre until a closing one."""
    texts: list[str] = []
    has_pre_tag = False
    for n in line:
        if type(n) is Text:
            if "<" in n.value:
                texts.append(n.value)
        elif type(n) is ExtensionTag and n.name == "pre":
            has_pre_tag = True
    if not texts and not has_pre_tag:
        return None
    t = " ".join(texts)
    pats = st.pats
    opened = pats.block_open.search(t) is not None
    closed = has_pre_tag or pats.block_close.search(t) is not None
    if not opened and not closed:
        return None
    quote: bool | None = None
    for m in pats.blockquote.finditer(t):
        quote = not m.group(1)
    return opened, closed, quote


def extend_item(item: ListItem, nodes: list[Node]) -> None:
    """Append nodes (a comment-only line) to a list item's content."""
    item.content.nodes = merge_text([*item.content.nodes, *nodes])
    item.content.end = nodes[-1].end
    item.end = nodes[-1].end


def make_heading(
    st: ParseState, line: list[Node], counted: bool = True, match: tuple[int, int, int] | None = None
) -> Heading:
    """A heading line as a Heading.  ``counted=False``, or a transclusion marker, cut-out
    section or behaviour switch after the closing ``=`` (which MediaWiki's preprocessor does
    not see through):
    no preprocessor heading, so no section number and no edit link.  ``match``: the line's
    ``heading_match`` (``expanded=True``) if the caller has it."""
    if match is None:
        match = heading_match(st, line, expanded=True)
    assert match is not None
    level, idx, _ = match
    first = line[0]
    last = line[idx]
    assert isinstance(first, Text) and isinstance(last, Text)
    cut = switch_cut(st, last.value)
    after = line[idx + 1 :]  # (most headings: nothing after the closing '=')
    # Switches after the closing '=' (MediaWiki removes them before its heading test).
    switched = cut < len(last.value) or (
        bool(after) and any(type(n) is Text and n.value.strip(" \t") for n in after)
    )
    if counted and after:
        counted = not switched and all(type(n) is Comment or not vanishes(st, n) for n in after)
    elif counted:
        counted = not switched
    open_end = first.start + level
    close_start = last.start + closing_equals(last.value[:cut])[0] - level
    close_end = close_start + level
    inner: list[Node] = []
    if idx == 0:
        if close_start > open_end:
            inner.append(st.text_at(open_end, close_start))
    else:
        if first.end > open_end:
            inner.append(st.text_at(open_end, first.end))
        inner.extend(line[1:idx])
        if close_start > last.start:
            inner.append(st.text_at(last.start, close_start))
    trailing: list[Node] = []
    if last.end > close_end:
        trailing.append(st.text_at(close_end, last.end))
    trailing.extend(after)
    if switched:
        trailing = inline_nodes(st, trailing)
    title = new_wikicode(open_end, close_start, inline_nodes(st, inner))
    trail = new_wikicode(close_end, line[-1].end, trailing)
    heading = new_heading(first.start, line[-1].end, level, title, trail)
    if st.count_headings and counted:
        st.headings.append(heading)
    else:
        heading.editable = False
    return heading


def make_paragraph(st: ParseState, lines: list[list[Node]]) -> Paragraph:
    """A paragraph of ``lines``, each with its inline passes done and its texts merged (see
    ``_BlockLevels.para``), joined by the text between them."""
    line = lines[0]
    if len(lines) == 1:  # most paragraphs: one line, merged already
        head = line[0]
        # (A line of empty texts, which only a cell's content may hold: none.)
        nodes = line if head.end > head.start else merge_text(line)
        return new_container(Paragraph, head.start, line[-1].end, nodes)
    return new_container(Paragraph, line[0].start, lines[-1][-1].end, joined_lines(st, lines))


def prose_line(st: ParseState, line: list[Node]) -> list[Node] | None:
    """A paragraph line with nothing on it for the block pass (most lines of an article's
    prose: text, links, templates, references), its inline passes done; None for any other
    line.

    Its kind is told from its start (a character no block starts with, or a template or
    link: ``classify`` says "para"; not at a line start, after a tag, any line but a blank is
    one, whose paragraph ``line`` makes a bare one) and its texts (no ``<``, so no block tag);
    the general path would classify it, queue it in the paragraph and run the inline passes
    over it.  The same look at its texts says whether the inline
    pass has anything to do but link trails and apostrophes (see
    :func:`.patterns.may_hold_construct`; a colon counts only where a bare URL may start,
    :func:`.inline.url_colon`): most lines have not, and get those two steps alone; the
    others get :func:`.inline.inline_nodes`.  Its texts are merged if the line's were.

    The caller has told its start already (``_BlockLevels.line``: a character in none of
    :data:`_NOT_PROSE_START`, nor white space, or a node of :data:`_PROSE_FIRST_NODES`): most
    lines that are none, list items and headings, are not asked."""
    values: list[str] = []
    # (A text that starts where a wikilink ends with the link trail: see ``inline_nodes``.)
    trail_re = st.pats.link_trail
    link_end = -1  # where the last wikilink ends
    trail = False
    no_trail: frozenset[str] | None = None  # (asked once a text follows a link)
    for n in line:
        kind = type(n)
        if kind is Text:
            value: str = n.value  # type: ignore[attr-defined]
            values.append(value)
            if n.start == link_end:
                if no_trail is None:
                    no_trail = no_trail_starts(st)
                if value[:1] not in no_trail and trail_re.match(value) is not None:
                    trail = True
        elif kind is Wikilink:
            link_end = n.end
        elif kind is ExtensionTag and n.name == "pre":  # type: ignore[attr-defined]
            return None  # a block tag (``block_tag_state``)
    texts = "\x00".join(values)
    if "<" in texts:
        return None  # a block tag may be there (``block_tag_state``)
    if (
        "[" in texts or may_hold_construct(texts) or WIDE_UNDERSCORE in texts
        or (":" in texts and url_colon(st, texts))
    ):
        # Still a paragraph line, with more for the inline pass: all of it, now.
        return inline_nodes(st, line)
    pieces = trails(st, line) if trail or (link_end != -1 and st.pats.link_prefix is not None) else line
    if "''" not in texts:
        return pieces  # merged, if the line was: a link trail leaves a text or takes it whole
    return quotes(st, pieces)  # merged, if the pieces were


def make_pre(st: ParseState, lines: list[list[Node]]) -> Preformatted:
    wl: list[Wikicode] = []
    for line in lines:
        first = line[0]
        assert isinstance(first, Text)
        nodes: list[Node] = []
        if len(first.value) > 1:
            nodes.append(st.text_at(first.start + 1, first.end))
        nodes.extend(line[1:])
        s = first.start + 1
        wl.append(new_wikicode(s, max(s, line[-1].end), inline_nodes(st, nodes)))
    return Preformatted(start=lines[0][0].start, end=lines[-1][-1].end, lines=wl)


def list_items(st: ParseState, line: list[Node], head: str, leading: str, items: list[ListItem]) -> None:
    """Append a list line's items to ``items`` (the open list's): one, or two for a
    ``; term : definition`` line."""
    first = line[0]
    m = st.pats.list_prefix.match(head)
    assert m is not None
    prefix = m.group()
    lstart = first.start - len(leading)
    content_start = first.start + len(prefix)
    body = line[1:]
    if content_start < first.end:
        body.insert(0, st.text_at(content_start, first.end))
    inline = inline_nodes(st, body)
    if prefix.endswith(";"):
        split = find_definition_colon(st, inline)
        if split is not None:
            term_nodes, colon_at, def_nodes = split
            term = new_wikicode(content_start, colon_at, term_nodes)
            items.append(
                new_list_item(lstart, colon_at, leading, prefix, term, prefix)
            )
            dd = new_wikicode(colon_at + 1, line[-1].end, def_nodes)
            items.append(
                new_list_item(colon_at, line[-1].end, "", ":", dd, prefix[:-1] + ":")
            )
            return
    content = new_wikicode(content_start, max(content_start, line[-1].end), inline)
    items.append(
        new_list_item(lstart, content.end, leading, prefix, content, prefix)
    )


def find_definition_colon(st: ParseState, nodes: list[Node]) -> tuple[list[Node], int, list[Node]] | None:
    """Split ``; term : definition`` at the first colon that MediaWiki's findColonNoLinks
    accepts: not inside an open HTML element, ``[...]``, bold/italic or a link (those are
    nodes here, as apostrophes and links are resolved before block levels in MediaWiki)."""
    level = 0
    square = 0
    for i, n in enumerate(nodes):
        kind = type(n)
        if kind is HtmlTag:
            assert isinstance(n, HtmlTag)
            if n.closing:
                level = max(0, level - 1)
            elif not n.self_closing and n.name not in _VOID_TAGS:
                level += 1
            continue
        if kind is not Text or level:
            continue
        assert isinstance(n, Text)
        value = n.value
        for m in st.pats.colon_scan.finditer(value):
            c = m.group()
            j = m.start()
            if c == "[":
                square += 1
            elif c == "]":
                square = max(0, square - 1)
            elif c != ":" or square or value[j : j + 3] == "://" or _url_before(value, j):
                continue
            else:
                at = n.start + j
                before = nodes[:i] + ([st.text_at(n.start, at)] if j else [])
                after = ([st.text_at(at + 1, n.end)] if at + 1 < n.end else []) + nodes[i + 1 :]
                return before, at, after
    return None


def _url_before(value: str, j: int) -> bool:
    """Is the colon at ``j`` part of a URL scheme like ``mailto:``?"""
    k = j
    while k > 0 and value[k - 1].isalpha():
        k -= 1
    return value[k:j].lower() in ("http", "https", "ftp", "mailto", "news", "irc", "ircs", "tel", "urn", "geo")
