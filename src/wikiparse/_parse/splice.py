"""A placeholder the passes use internally (kept in a module of its own, left interpreted, so
that the others can be compiled with mypyc: a compiled module cannot subclass the slotted,
interpreted Node)."""

from __future__ import annotations

from collections.abc import Sequence

from ..nodes import Node

__all__ = ["_Splice"]


class _Splice(Node):
    """Internal: nodes to splice into the parent in place of an invalid link (never in a tree)."""

    __slots__ = ("items",)

    def __init__(self, start: int, end: int, items: list[Node]) -> None:
        self.start = start
        self.end = end
        self.items = items

    def parts(self) -> Sequence[str | Node]:
        return self.items
