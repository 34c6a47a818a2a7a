"""A placeholder the passes use internally (kept in a module of its own, left interpreted, so
that the others can be compiled with mypyc: a compiled module cannot subclass the slotted,
interpreted Node)."""

from __future__ import annotations

from collections.abc import Sequence

from ..nodes import Node, Wikilink

__all__ = ["_Splice"]


class _Splice(Node):
    """Internal: nodes to splice into the parent in place of an invalid link (never in a tree).

    ``items`` may hold other placeholders: they are flattened once, by the text merge of the
    first container that is not a link (a link written as text inside another one is not
    joined into text at every level, which made ``'[[a|' * n + 'x' + ']]' * n`` quadratic).
    ``links``: is there a link among the items, once flattened?  (A label holding one makes
    the outer link text too.)"""

    __slots__ = ("items", "links")

    items: list[Node]
    links: bool

    def __init__(self, start: int, end: int, items: list[Node]) -> None:
        self.start = start
        self.end = end
        self.items = items
        self.links = any(
            isinstance(n, Wikilink) or (type(n) is _Splice and n.links)
            for n in items
        )

    def parts(self) -> Sequence[str | Node]:
        return self.items
