"""Pass 3b, apostrophes: MediaWiki's doQuotes over one line, as a transition table.

A line's apostrophe runs are normalised as they are read (four is ``'`` + three, more than
five is the extra as text + five), and each run of 2, 3 or 5 moves a small state machine
(MediaWiki's states: nothing open, ``b``, ``i``, ``bi``, ``ib``, and ``both`` for a ``'''''``
whose order is not known yet); :data:`_TRANSITIONS` says, per state and run, which markers
open and close and the next state.  Runs still open at the end of the line are closed there.
When both the italic and the bold counts are odd, one ``'''`` is ``'`` + ``''``: the counts
are known at the end of the line, so such a line (rare) is built a second time.
"""

from __future__ import annotations

from typing import Final

from ..nodes import Bold, Formatting, Italic, Node, Text
from .state import NEW_TEXT, ParseState, merge_text, new_formatting

__all__ = ["quotes"]

# Operations of a transition: (operation, offset into the run, marker length).
_CLOSE: Final = 0  # close the innermost open element with the marker at offset
_OPEN_BOLD: Final = 1
_OPEN_ITALIC: Final = 2
_RESOLVE_BOLD_OUTSIDE: Final = 3  # a pending ''''' opened bold, then italic
_RESOLVE_ITALIC_OUTSIDE: Final = 4  # a pending ''''' opened italic, then bold
_PEND_BOTH: Final = 5  # remember a ''''' whose order the next run decides

_Op = tuple[int, int, int]

#: (state, run length) -> (operations, next state): every state meets every run length.
_TRANSITIONS: Final[dict[tuple[str, int], tuple[tuple[_Op, ...], str]]] = {
    ("i", 2): (((_CLOSE, 0, 2),), ""),
    ("bi", 2): (((_CLOSE, 0, 2),), "b"),
    ("ib", 2): (((_CLOSE, 0, 0), (_CLOSE, 0, 2), (_OPEN_BOLD, 2, 0)), "b"),  # implicit </b>
    ("both", 2): (((_RESOLVE_BOLD_OUTSIDE, 0, 0), (_CLOSE, 0, 2)), "b"),
    ("", 2): (((_OPEN_ITALIC, 0, 2),), "i"),
    ("b", 2): (((_OPEN_ITALIC, 0, 2),), "bi"),
    ("b", 3): (((_CLOSE, 0, 3),), ""),
    ("bi", 3): (((_CLOSE, 0, 0), (_CLOSE, 0, 3), (_OPEN_ITALIC, 3, 0)), "i"),  # implicit </i>
    ("ib", 3): (((_CLOSE, 0, 3),), "i"),
    ("both", 3): (((_RESOLVE_ITALIC_OUTSIDE, 0, 0), (_CLOSE, 0, 3)), "i"),
    ("", 3): (((_OPEN_BOLD, 0, 3),), "b"),
    ("i", 3): (((_OPEN_BOLD, 0, 3),), "ib"),
    ("b", 5): (((_CLOSE, 0, 3), (_OPEN_ITALIC, 3, 2)), "i"),
    ("i", 5): (((_CLOSE, 0, 2), (_OPEN_BOLD, 2, 3)), "b"),
    ("bi", 5): (((_CLOSE, 0, 2), (_CLOSE, 2, 3)), ""),
    ("ib", 5): (((_CLOSE, 0, 3), (_CLOSE, 3, 2)), ""),
    ("both", 5): (((_RESOLVE_ITALIC_OUTSIDE, 0, 0), (_CLOSE, 0, 3), (_CLOSE, 3, 2)), ""),
    ("", 5): (((_PEND_BOTH, 0, 0),), "both"),
}


#: :data:`_TRANSITIONS` as :func:`_quote_tree` reads it: states as numbers times 8 (``""`` 0,
#: ``b`` 8, ``i`` 16, ``bi`` 24, ``ib`` 32, ``both`` 40), indexed by state plus run length,
#: so a run costs one list index (no key tuple to build and hash).
_STATE_IDS: Final = {"": 0, "b": 8, "i": 16, "bi": 24, "ib": 32, "both": 40}
_BOTH: Final = 40

#: The shape of a transition: most are one operation with the whole run as its marker
#: (``''`` or ``'''`` opening or closing one element), which :func:`_quote_tree` does at
#: once, without reading the operations; the others (``'''''``, an implicit close) go
#: through them.
_ONE_CLOSE: Final = 0
_ONE_BOLD: Final = 1
_ONE_ITALIC: Final = 2
_SEVERAL: Final = 3
_ONE_OP_SHAPES: Final = {_CLOSE: _ONE_CLOSE, _OPEN_BOLD: _ONE_BOLD, _OPEN_ITALIC: _ONE_ITALIC}

#: A run's marker by its length (a run is apostrophes only: no slice of the text needed).
_MARKS: Final = tuple("'" * n for n in range(6))


def _transition_table() -> list[tuple[int, tuple[_Op, ...], int]]:
    table: list[tuple[int, tuple[_Op, ...], int]] = [(_SEVERAL, (), 0)] * 48
    for (state, length), (ops, next_state) in _TRANSITIONS.items():
        shape = _SEVERAL
        if len(ops) == 1 and ops[0][1] == 0 and ops[0][2] == length:
            shape = _ONE_OP_SHAPES.get(ops[0][0], _SEVERAL)
        table[_STATE_IDS[state] + length] = (shape, ops, _STATE_IDS[next_state])
    return table


_TABLE: Final = _transition_table()


#: What a normalised run of each length adds to one sum of the line's two counts: italic
#: runs (2 and 5) in its low bits, bold runs (3 and 5) from bit 40 (a line has fewer runs).
_BOLD_COUNT: Final = 1 << 40
_COUNTS: Final = (0, 0, 1, _BOLD_COUNT, 0, 1 + _BOLD_COUNT)


def quotes(st: ParseState, pieces: list[Node]) -> list[Node]:
    """MediaWiki's doQuotes over one line, building Bold/Italic containers.

    One pass reads the runs and builds the tree as it goes (:func:`_quote_tree`), counting
    the italic and the bold runs on the way.  Only when both counts are odd (a few lines in
    a thousand) does MediaWiki read one ``'''`` as ``'`` + ``''`` (:func:`_odd_bold`): then
    the line is built again with that run split.

    The top level is merged if ``pieces`` is (no two adjacent texts, none empty, no
    placeholder), so the callers need not merge it again: the texts it makes are cuts of one
    text each, never empty, with a marker or a formatting node between two cuts of the same
    text; only the split run leaves its ``'`` beside a text, and that line is merged here."""
    root, odd = _quote_tree(st, pieces, -1)
    if odd:
        split_at = _odd_bold(st.text, _bold_runs(st, pieces))
        if split_at != -1:
            root = merge_text(_quote_tree(st, pieces, split_at)[0])
    return root


def _bold_runs(st: ParseState, pieces: list[Node]) -> list[int]:
    """Where the line's ``'''`` runs start, as :func:`_quote_tree` normalises them (a run
    of 4 from its second apostrophe)."""
    starts: list[int] = []
    for p in pieces:
        if type(p) is Text and "''" in p.value:
            for m in st.pats.apostrophes.finditer(p.value):
                length = m.end() - m.start()
                if length in (3, 4):
                    starts.append(p.start + m.start() + length - 3)
    return starts


def _odd_bold(text: str, bold_runs: list[int]) -> int:
    """Where the ``'''`` that becomes ``'`` + ``''`` starts, of the line's ``'''`` runs
    (``bold_runs``, their starts in ``text``), or -1 for none.  MediaWiki's rule: prefer one
    after a single-letter word, then one after a longer word, then one after a space."""
    single = multi = space = -1
    for s in bold_runs:
        x1 = text[s - 1] if s >= 1 and text[s - 1] != "\n" else ""
        x2 = text[s - 2] if x1 and s >= 2 and text[s - 2] != "\n" else ""
        if x1 == " ":
            if space == -1:
                space = s
        elif x2 == " ":
            single = s
            break
        elif multi == -1:
            multi = s
    return single if single != -1 else multi if multi != -1 else space


def _quote_tree(st: ParseState, pieces: list[Node], split_at: int) -> tuple[list[Node], bool]:
    """The line's top level with its Bold and Italic containers, built as the runs are
    read; and whether both the italic and the bold counts are odd.

    A run is normalised as it is read (4 is ``'`` + 3; more than 5 is the extra as text + 5;
    the ``'''`` at ``split_at`` is ``'`` + 2) and moves the state by :data:`_TRANSITIONS`
    (as :data:`_TABLE`).  Nodes go straight to where they belong (``target``: the innermost
    open element, the top level, or the nodes after a pending ``'''''``): no list of runs is
    made and read again.  Opening and closing, nearly every operation, and the texts between
    runs are written out here; the rare operations (a pending ``'''''``) go through a
    :class:`_QuoteTree`, made when the first of them comes."""
    text = st.text
    finditer = st.pats.apostrophes.finditer
    new_t = NEW_TEXT
    root: list[Node] = []
    target = root  # where the next node goes
    open_stack: list[Formatting] = []
    tree: _QuoteTree | None = None
    state = 0
    counts = 0  # (see ``_COUNTS``)
    t: Text
    node: Formatting
    for p in pieces:
        if type(p) is not Text or "''" not in p.value:
            target.append(p)
            continue
        value: str = p.value
        base = p.start
        pos = base  # where the text not read yet starts
        for m in finditer(value):
            s, e = m.span()
            length = e - s
            if length == 4:
                s, length = s + 1, 3
            elif length > 5:
                s, length = e - 5, 5
            at = base + s
            if at > pos:
                t = new_t(Text)
                t.start = pos
                t.end = at
                t.value = text[pos:at]
                target.append(t)
            pos = base + e
            counts += _COUNTS[length]
            if at == split_at:
                t = new_t(Text)
                t.start = at
                t.end = at + 1
                t.value = "'"
                target.append(t)
                at += 1
                length = 2
            shape, ops, state = _TABLE[state + length]
            if shape == _ONE_CLOSE:  # (the run's own marker closes the innermost element)
                node = open_stack.pop()
                node.close = _MARKS[length]
                node.end = at + length
                node.nodes = merge_text(node.nodes)
                target = open_stack[-1].nodes if open_stack else root
                continue
            if shape != _SEVERAL:  # (the run's own marker opens an element)
                # (``new_formatting``, written out as the texts here are: its call measured
                # 0.3% of a parse.)
                cls = Bold if shape == _ONE_BOLD else Italic
                node = cls.__new__(cls)
                node.start = at
                node.end = -1
                node.nodes = []
                node.open = _MARKS[length]
                node.close = ""
                target.append(node)
                open_stack.append(node)
                target = node.nodes
                continue
            for op, offset, mlen in ops:
                mark = at + offset
                if op == _CLOSE:  # ``tree.close``
                    node = open_stack.pop()
                    node.close = text[mark : mark + mlen]
                    node.end = mark + mlen
                    node.nodes = merge_text(node.nodes)
                    target = open_stack[-1].nodes if open_stack else root
                elif op in (_OPEN_BOLD, _OPEN_ITALIC):  # ``tree.open``
                    node = new_formatting(Bold if op == _OPEN_BOLD else Italic, mark, text[mark : mark + mlen])
                    target.append(node)
                    open_stack.append(node)
                    target = node.nodes
                else:
                    if tree is None:
                        tree = _QuoteTree(text, root, open_stack)
                    tree.apply(op, mark, mlen)
                    target = open_stack[-1].nodes if open_stack else root
                    if state == _BOTH:
                        target = tree.both_buf
        end = base + len(value)
        if pos < end:
            t = new_t(Text)
            t.start = pos
            t.end = end
            t.value = text[pos:end]
            target.append(t)
    if state == _BOTH:
        assert tree is not None
        tree.resolve(Bold, Italic)
    if open_stack:
        end = pieces[-1].end  # (where the last run or node ends)
        while open_stack:
            node = open_stack.pop()
            node.end = end
            node.nodes = merge_text(node.nodes)
    return root, bool(counts & 1 and counts & _BOLD_COUNT)


class _QuoteTree:
    """The containers built so far (the line's top level and the open elements, shared with
    :func:`_quote_tree`), and a pending ``'''''`` (its offset, and the nodes after it) while
    the state is ``both``."""

    def __init__(self, text: str, root: list[Node], stack: list[Formatting]) -> None:
        self.text = text
        self.root = root
        self.stack = stack
        self.both_at = -1
        self.both_buf: list[Node] = []

    def target(self) -> list[Node]:
        return self.stack[-1].nodes if self.stack else self.root

    def apply(self, op: int, at: int, length: int) -> None:
        if op == _CLOSE:
            self.close(at, length)
        elif op == _OPEN_BOLD:
            self.open(Bold, at, length)
        elif op == _OPEN_ITALIC:
            self.open(Italic, at, length)
        elif op == _RESOLVE_BOLD_OUTSIDE:
            self.resolve(Bold, Italic)
        elif op == _RESOLVE_ITALIC_OUTSIDE:
            self.resolve(Italic, Bold)
        else:
            self.both_at = at

    def open(self, cls: type[Formatting], marker_start: int, length: int) -> None:
        node = new_formatting(cls, marker_start, self.text[marker_start : marker_start + length])
        self.target().append(node)
        self.stack.append(node)

    def close(self, marker_start: int, length: int) -> None:
        node = self.stack.pop()
        node.close = self.text[marker_start : marker_start + length]
        node.end = marker_start + length
        node.nodes = merge_text(node.nodes)

    def resolve(self, first: type[Formatting], second: type[Formatting]) -> None:
        """Resolve the pending ''''': ``first`` opened outside ``second``."""
        both_at = self.both_at
        flen = 3 if first is Bold else 2
        self.open(first, both_at, flen)
        self.open(second, both_at + flen, 5 - flen)
        self.target().extend(self.both_buf)
        self.both_buf.clear()
        self.both_at = -1
