"""Lines, shared by the block and inline passes: a container split at the newlines of its
top-level text (and lines joined again), and MediaWiki's test for a heading line.

The inline pass needs both too (a heading line inside a template value takes a section
number, though it gets no block structure), which is why they sit below both passes.
"""

from __future__ import annotations

from ..nodes import Comment, ExtensionTag, HtmlTag, Node, Text
from .patterns import WIDE_UNDERSCORE
from .preprocessor_syntax import TRANSCLUSION_TAGS, mode_rules
from .state import NEW_TEXT, ParseState, flatten_splices, new_text

__all__ = ["closing_equals", "heading_match", "joined_lines", "split_lines", "switch_cut", "vanished_line", "vanishes"]

#: How a behaviour switch ends (``__NOTOC__``, ``＿＿目次非表示＿＿``).
_SWITCH_ENDS = ("__", WIDE_UNDERSCORE * 2)


def vanishes(st: ParseState, node: Node) -> bool:
    """Does ``node`` leave nothing in the text MediaWiki's parser reads after preprocessing?
    A comment, a transclusion marker (``<noinclude>``, ``</onlyinclude>`` on a page view) or
    the section the mode cuts out (``<includeonly>…</includeonly>``): a heading, ``----`` or
    table may follow one at a line start, and a heading may end with one."""
    kind = type(node)
    if kind is Comment:
        return True
    if kind is HtmlTag:
        assert isinstance(node, HtmlTag)
        return node.name in TRANSCLUSION_TAGS
    if kind is ExtensionTag:
        assert isinstance(node, ExtensionTag)
        return node.name == mode_rules(st.inclusion).hidden
    return False


def vanished_line(st: ParseState, line: list[Node]) -> bool:
    """Is ``line`` blank once MediaWiki's preprocessor has dropped its transclusion markers
    and cut-out sections (``<noinclude>``, ``</onlyinclude>``, ``<includeonly>x</includeonly>``,
    with spaces, tabs and comments around them) and its parser the behaviour switches
    (``__NOTOC__``, which go before its block pass)?  Such a line is a blank line for the block
    pass: it ends a paragraph, list or pre.  A line of comments alone is no such line: the
    preprocessor removes it with its newline (``kind "comment"`` in the block pass), whereas a
    marker or switch on the line keeps the line, and its newline, in place."""
    marker = False
    for n in line:
        kind = type(n)
        if kind is Text:
            assert isinstance(n, Text)
            value = n.value
            if value.strip(" \t"):
                if "_" not in value and WIDE_UNDERSCORE not in value:
                    return False
                left = st.pats.switch.sub("", value)
                if left.strip(" \t"):
                    return False
                marker = True
        elif kind is Comment:
            continue
        elif vanishes(st, n):
            marker = True
        else:
            return False
    return marker


def split_lines(st: ParseState, nodes: list[Node], start: int, end: int) -> list[list[Node]]:
    """Split a container's nodes at the newlines of its top-level text runs.

    Each line is a list of nodes; the newline characters themselves are not in any line
    (line ``i`` ends where line ``i+1`` starts minus one).  Lines are never empty lists:
    an empty line is ``[Text("")]`` at its offset so it keeps a position.

    A text's first piece ends the line open before it, its last piece opens the next, and
    the pieces between are lines of their own, each made at once (a quarter of a page's lines
    are empty).  The pieces' nodes are made written out, without a call (as ``new_text``).
    """
    lines: list[list[Node]] = []
    cur: list[Node] = []
    cur_start = start  # where the open line ``cur`` starts
    new_t = NEW_TEXT
    t: Text  # (declared: compiled, its field writes are struct writes)
    for n in flatten_splices(nodes) if st.spliced else nodes:
        if type(n) is not Text or "\n" not in n.value:
            cur.append(n)
            continue
        pieces = n.value.split("\n")
        off = n.start
        piece = pieces[0]
        if piece:
            t = new_t(Text)
            t.start = off
            off += len(piece)
            t.end = off
            t.value = piece
            cur.append(t)
        elif not cur:
            cur.append(new_text(cur_start, cur_start, ""))
        lines.append(cur)
        off += 1
        for piece in pieces[1:-1]:
            t = new_t(Text)
            t.start = off
            off += len(piece)
            t.end = off
            t.value = piece
            lines.append([t])
            off += 1
        piece = pieces[-1]
        cur_start = off
        if piece:
            t = new_t(Text)
            t.start = off
            t.end = off + len(piece)
            t.value = piece
            cur = [t]
        else:
            cur = []
    if not cur:
        cur.append(new_text(cur_start, cur_start, ""))
    lines.append(cur)
    return lines


def joined_lines(st: ParseState, lines: list[list[Node]]) -> list[Node]:
    """The nodes of ``lines`` (a paragraph's, a value's) and of the text between them (the
    newline), merged.

    Each line's texts are merged already, so only a line's first and last node may join the
    newline into one run of text: the runs are joined at the line ends alone, each once,
    with no newline node made and no walk over the nodes inside the lines (a line of one
    text may carry a run on through it: three lines of plain text are one text)."""
    text = st.text
    out: list[Node] = []
    run: list[str] | None = None  # the values of the text run not yet in ``out``
    run_start = 0
    only: Text | None = None  # the run's one node, while it is one node as it came
    prev_end = -1
    for line in lines:
        head = line[0]
        if prev_end >= 0:  # the newline before the line
            gap = text[prev_end : head.start]
            if run is None:
                run, run_start = [gap], prev_end
            else:
                run.append(gap)
            only = None
        skip = 0
        if type(head) is Text:
            if run is None:
                run, run_start, only = [head.value], head.start, head
            else:
                run.append(head.value)
                only = None
            skip = 1
        if skip < len(line):
            if run is not None:
                _add_run(out, run, run_start, only)
                run = None
            tail = line[-1]
            if type(tail) is Text:
                out.extend(line[skip:-1])
                run, run_start, only = [tail.value], tail.start, tail
            else:
                out.extend(line[skip:] if skip else line)
        prev_end = line[-1].end
    if run is not None:
        _add_run(out, run, run_start, only)
    return out


def _add_run(out: list[Node], run: list[str], start: int, only: Text | None) -> None:
    """A run of text at ``start`` onto ``out``: ``only`` if it is that node as it came, else
    one Text of its values joined; nothing if it is empty (as :func:`.state.merge_text`)."""
    if only is not None:
        if only.end > start:
            out.append(only)
        return
    value = "".join(run)
    if value:
        out.append(new_text(start, start + len(value), value))


def switch_cut(st: ParseState, value: str) -> int:
    """Where the behaviour switches (and blanks) that end ``value`` start, or ``len(value)``.

    MediaWiki removes switches before its heading test, so ``== h ==__NOTOC__`` is a heading;
    not ``__TOC__``, which it replaces with a placeholder that stays on the line then."""
    end = len(value.rstrip(" \t"))
    if value[end - 2 : end] not in _SWITCH_ENDS:
        return len(value)
    names = st.pats.switch_names
    starts = {m.end(): m.start() for m in st.pats.switch.finditer(value) if names.get(m.group().upper()) != "TOC"}
    cut = len(value)
    pos = end
    while pos in starts:
        cut = pos = starts[pos]
        while pos and value[pos - 1] in " \t":
            pos -= 1
    return cut


def closing_equals(value: str) -> tuple[int, int]:
    r"""(end, count) of the run of '=' that ends ``value`` before its trailing spaces and tabs.

    Counted after an ``rstrip`` rather than searched with ``(=+)[ \t]*\Z``: a search restarts
    at every '=' of an earlier run, so ``'=' * n + 'x' + '=' * n`` was quadratic.
    """
    stripped = value.rstrip(" \t")
    return len(stripped), len(stripped) - len(stripped.rstrip("="))


def heading_match(st: ParseState, line: list[Node], expanded: bool = False) -> tuple[int, int, int] | None:
    """(level, index of the last title node, closing '=' count) or None.

    ``expanded``: the test of MediaWiki's parser on the text after preprocessing, where
    transclusion markers and cut-out sections at the end of the line are gone too, and
    behaviour switches (see ``switch_cut``; the preprocessor's own test, for heading lines
    inside template arguments, skips comments only)."""
    first = line[0]
    assert isinstance(first, Text)
    n_open = len(first.value) - len(first.value.lstrip("="))
    # Find the last node that is not a comment or trailing whitespace (nor, expanded, a node
    # that vanishes or a text of switches alone); ``cut``: where that text's switches start.
    idx = len(line) - 1
    cut = -1
    while idx >= 0:
        n = line[idx]
        kind = type(n)
        if kind is Text:
            value = n.value  # type: ignore[attr-defined]
            if value.strip(" \t") and (not expanded or (cut := switch_cut(st, value))):
                break
        elif kind is not Comment and not (expanded and vanishes(st, n)):
            return None  # the last such node is no text
        idx -= 1
    if idx < 0:
        return None
    last = line[idx]
    assert isinstance(last, Text)
    value = last.value[:cut] if expanded else last.value
    n_close = closing_equals(value)[1]
    if not n_close:
        return None
    if idx == 0 and n_open == len(value.rstrip(" \t")):
        # A line of nothing but '=': MediaWiki reads it as '=' * n around '=' * m.
        total = n_open
        if total < 3:
            return None
        level = min(6, (total - 1) // 2)
        return level, idx, level
    level = min(n_open, n_close, 6)
    if level < 1:
        return None
    return level, idx, level
