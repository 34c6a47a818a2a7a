"""Visiting and transforming a tree: :class:`Visitor` and :class:`Transformer`.

In the style of LibCST: a subclass defines ``visit_<ClassName>(node)`` (called before the
node's children; return ``False`` to skip them) and ``leave_<ClassName>(node)`` (called after
them).  A :class:`Transformer`'s ``leave_`` handlers return what takes the node's place: the
node itself (or ``None``) to keep it, another node, a list of nodes (where the node sits in a
list), wikitext (parsed with the document's config), or :data:`REMOVE`.

Handlers are found along the class's MRO, as the renderers' are (``leave_Wikilink`` also sees
``FileLink`` and ``CategoryLink`` unless they have handlers of their own; ``visit_Node`` sees
everything).  The walk keeps its own stack, so a 100,000-deep tree is visited and transformed
without touching Python's recursion limit.  See docs/visitor.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Final, cast

import attrs

from ._parse import parse_fragment
from .config import ParserConfig
from .nodes import Document, ExtensionTag, Node, Section, Text, Wikicode

__all__ = ["REMOVE", "Transformer", "Visitor"]


class _Remove:
    """The type of :data:`REMOVE`."""

    def __repr__(self) -> str:
        return "REMOVE"


#: Returned by a ``leave_`` handler of a :class:`Transformer`: take the node out.  In a list
#: it is deleted; an optional field (a link label) becomes None; a required container empty.
REMOVE: Final = _Remove()

_Handler = Callable[[Any, Any], Any]
_MISSING: Any = object()
_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in attrs.fields(cast(Any, cls)))
        _FIELDS[cls] = names
    return names


class Visitor:
    """Calls ``visit_<Class>`` before and ``leave_<Class>`` after each node's children.

    ``visit_`` returning ``False`` skips the node's children (its ``leave_`` still runs).
    """

    _visit_cache: ClassVar[dict[type, _Handler | None]] = {}
    _leave_cache: ClassVar[dict[type, _Handler | None]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._visit_cache = {}
        cls._leave_cache = {}

    @classmethod
    def _handler(cls, prefix: str, node_type: type, cache: dict[type, _Handler | None]) -> _Handler | None:
        found = cache.get(node_type, _MISSING)
        if found is _MISSING:
            found = None
            for klass in node_type.__mro__:
                found = getattr(cls, prefix + klass.__name__, None)
                if found is not None:
                    break
            cache[node_type] = found
        return cast("_Handler | None", found)

    def visit(self, root: Node) -> None:
        """Walk ``root`` and everything beneath it, in source order."""
        klass = type(self)
        stack: list[tuple[bool, Node]] = [(False, root)]
        while stack:
            leaving, node = stack.pop()
            if leaving:
                leave = klass._handler("leave_", type(node), klass._leave_cache)
                if leave is not None:
                    leave(self, node)
                continue
            enter = klass._handler("visit_", type(node), klass._visit_cache)
            descend = enter is None or enter(self, node) is not False
            stack.append((True, node))
            if descend:
                stack.extend((False, kid) for kid in reversed(node.children))


class _Visit:
    """One node on a :class:`Transformer`'s stack: where it sits in its parent, and the
    replacements its children asked for (applied when it is left)."""

    __slots__ = ("changes", "dirty", "field", "index", "node", "parent")

    def __init__(self, node: Node, parent: _Visit | None, field: str, index: int) -> None:
        self.node = node
        self.parent = parent
        self.field = field
        self.index = index
        self.changes: list[tuple[str, int, object]] | None = None
        #: Something beneath changed (an enclosing tag's raw body must follow its contents).
        self.dirty = False


class Transformer(Visitor):
    """A :class:`Visitor` whose ``leave_`` handlers may replace or remove the node.

    A handler receives the node with its children already transformed.  Strings are parsed
    as wikitext with ``config`` (by default the config of the Document being transformed),
    inline, or as blocks when they go between a section's blocks.  Adjacent text nodes left
    side by side by a change are joined, as the parser would have made them, so that the
    edited tree is the tree a re-parse of ``str(result)`` gives.  Offsets go stale; call
    :func:`wikiparse.reindex` when you need them.
    """

    def __init__(self, *, config: ParserConfig | None = None) -> None:
        self.config = config

    def transform(self, root: Node) -> Any:
        """Transform ``root`` in place and return what takes its place (usually ``root``)."""
        if self.config is None and isinstance(root, Document):
            self.config = root.config
        klass = type(self)
        top = _Visit(root, None, "", -1)
        stack: list[tuple[bool, _Visit]] = [(False, top)]
        result: object = root
        while stack:
            leaving, rec = stack.pop()
            node = rec.node
            if not leaving:
                enter = klass._handler("visit_", type(node), klass._visit_cache)
                stack.append((True, rec))
                if enter is None or enter(self, node) is not False:
                    stack.extend((False, kid) for kid in reversed(self._slots(rec)))
                continue
            if rec.changes:
                self._apply(node, rec.changes)
                rec.dirty = True
            if rec.dirty:
                if isinstance(node, ExtensionTag) and node.contents is not None:
                    node.body = str(node.contents)
                if rec.parent is not None:
                    rec.parent.dirty = True
            leave = klass._handler("leave_", type(node), klass._leave_cache)
            out = leave(self, node) if leave is not None else None
            if out is None or out is node:
                continue
            if rec.parent is None:
                result = out
            else:
                if rec.parent.changes is None:
                    rec.parent.changes = []
                rec.parent.changes.append((rec.field, rec.index, out))
        return result

    @staticmethod
    def _slots(rec: _Visit) -> list[_Visit]:
        """The children of ``rec.node`` in source order, each with its field and index."""
        node = rec.node
        if type(node) is Text:
            return []
        if isinstance(node, Wikicode) and _field_names(type(node)) == ("start", "end", "nodes"):
            return [_Visit(kid, rec, "nodes", i) for i, kid in enumerate(node.nodes)]
        where: dict[int, tuple[str, int]] = {}
        for name in _field_names(type(node)):
            value = getattr(node, name)
            if isinstance(value, Node):
                where[id(value)] = (name, -1)
            elif isinstance(value, list) and value and isinstance(value[0], Node):
                for i, item in enumerate(value):
                    where[id(item)] = (name, i)
        out: list[_Visit] = []
        for kid in node.children:
            field, index = where[id(kid)]
            out.append(_Visit(kid, rec, field, index))
        return out

    def _apply(self, node: Node, changes: list[tuple[str, int, object]]) -> None:
        """Put the children's replacements in place, list entries from the last to the first
        (so that earlier indices stay right)."""
        changes.sort(key=lambda c: (c[0], c[1]), reverse=True)
        touched: set[str] = set()
        for field, index, out in changes:
            if index < 0:
                setattr(node, field, self._single(node, field, out))
                continue
            items: list[Node] = getattr(node, field)
            items[index : index + 1] = self._many(node, field, out)
            touched.add(field)
        if "nodes" in touched:
            _join_texts(cast(Wikicode, node).nodes)

    def _parse(self, text: str, inline: bool) -> Wikicode:
        return parse_fragment(text, config=self.config, inline=inline)

    def _many(self, node: Node, field: str, out: object) -> list[Node]:
        if out is REMOVE:
            return []
        if isinstance(out, str):
            if field != "nodes":
                return [self._parse(out, True)]
            return list(self._parse(out, not isinstance(node, Section)).nodes)
        if isinstance(out, Node):
            return [out]
        if isinstance(out, Sequence) and all(isinstance(x, Node) for x in out):
            return list(cast("Sequence[Node]", out))
        raise TypeError(f"a leave_ handler returned {out!r}: a node, nodes, wikitext or REMOVE")

    def _single(self, node: Node, field: str, out: object) -> Node | None:
        current = getattr(node, field)
        if out is REMOVE:
            default = attrs.fields_dict(cast(Any, type(node)))[field].default
            if default is None:
                return None
            if isinstance(current, Wikicode):
                return Wikicode()
            raise TypeError(f"{type(node).__name__}.{field} cannot be removed")
        if isinstance(out, str):
            return self._parse(out, True)
        if isinstance(out, Node):
            if type(current) is Wikicode and type(out) is not Wikicode:
                return Wikicode(nodes=[out])
            return out
        raise TypeError(f"{type(node).__name__}.{field} takes one node, not {out!r}")


def _join_texts(items: list[Node]) -> None:
    """Join adjacent text nodes, as the parser would have made one of them."""
    i = 0
    while i + 1 < len(items):
        a, b = items[i], items[i + 1]
        if type(a) is Text and type(b) is Text:
            assert isinstance(a, Text) and isinstance(b, Text)
            items[i] = Text(value=a.value + b.value, start=a.start, end=b.end)
            del items[i + 1]
        else:
            i += 1
