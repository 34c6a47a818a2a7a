"""Structural comparison of trees, for tests.

Nodes compare by identity (see :func:`wikiparse.nodes.node_class`), so two parses of the same
text are never ``==``.  These helpers compare what matters instead: the classes, the non-node
fields and the children, position by position.  Both walk with explicit stacks.
"""

from __future__ import annotations

from typing import Any, cast

import attrs

from .nodes import Document, ExtensionTag, Node

__all__ = ["assert_same_tree", "tree_signature"]

#: Fields that describe where a node was, not what it is.
_SPAN_FIELDS = frozenset({"start", "end"})
#: Document bookkeeping that is not part of the tree's shape.
_DOCUMENT_FIELDS = frozenset({"source", "diagnostics", "_line_starts", "_config"})

_FIELDS: dict[type, tuple[str, ...]] = {}
_MAX_INDENT = 64


def _fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        # a positional parameter's number is derived from its template, not part of the tree
        skip = (_DOCUMENT_FIELDS if issubclass(cls, Document) else frozenset()) | {"_position"}
        names = tuple(f.name for f in attrs.fields(cast(Any, cls)) if f.name not in skip)
        _FIELDS[cls] = names
    return names


def _differs(path: str, what: str, a: object, b: object) -> AssertionError:
    return AssertionError(f"trees differ at {path}: {what}: {a!r} != {b!r}")


def _compare_values(path: str, a: object, b: object, stack: list[tuple[str, Node, Node]]) -> None:
    """Compare one field's values, queueing node pairs on ``stack``."""
    if isinstance(a, Node) and isinstance(b, Node):
        stack.append((path, a, b))
        return
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            raise _differs(path, "length", len(a), len(b))
        for i in range(len(a) - 1, -1, -1):
            _compare_values(f"{path}[{i}]", a[i], b[i], stack)
        return
    if isinstance(a, Node) or isinstance(b, Node) or a != b:
        raise _differs(path, "value", a, b)


def assert_same_tree(a: Node, b: Node, *, spans: bool = False) -> None:
    """Raise AssertionError naming the first difference between two trees.

    Compares classes, every field (strings, flags, levels...) and children in order.  Offsets
    are compared only with ``spans=True``; a Document's ``source`` and ``diagnostics`` never,
    nor the raw ``body`` of an extension tag whose parsed ``contents`` are compared instead
    (an edit inside a ``<ref>`` changes the contents, and the text follows them).
    """
    stack: list[tuple[str, Node, Node]] = [(type(a).__name__, a, b)]
    while stack:
        path, x, y = stack.pop()
        if type(x) is not type(y):
            raise _differs(path, "class", type(x).__name__, type(y).__name__)
        derived_body = isinstance(x, ExtensionTag) and x.contents is not None
        for name in reversed(_fields(type(x))):
            if name in _SPAN_FIELDS and not spans:
                continue
            if derived_body and name == "body":
                continue  # the raw copy of ``contents``, which is the source of truth
            _compare_values(f"{path}.{name}", getattr(x, name), getattr(y, name), stack)


def _describe(node: Node) -> str:
    """One line for a node: its class and its non-node fields."""
    bits: list[str] = []
    for name in _fields(type(node)):
        if name in _SPAN_FIELDS:
            continue
        value = getattr(node, name)
        if isinstance(value, Node) or value is None:
            continue
        if isinstance(value, list) and (not value or isinstance(value[0], Node)):
            continue
        bits.append(f"{name}={value!r}")
    return f"{type(node).__name__}({', '.join(bits)})"


def tree_signature(node: Node) -> str:
    """An indented outline of the tree, one node a line, without offsets.

    Two trees have the same signature exactly when :func:`assert_same_tree` finds them equal
    (up to fields that hold ``None`` versus an empty node list), and a failing test can show
    the two outlines side by side.
    """
    lines: list[str] = []
    stack: list[tuple[int, Node]] = [(0, node)]
    while stack:
        depth, n = stack.pop()
        # Past 64 levels the depth is written as a number: indenting 100,000-deep trees with
        # spaces would make the outline quadratic in size.
        indent = "  " * depth if depth <= _MAX_INDENT else f"{'  ' * _MAX_INDENT}[{depth}] "
        lines.append(indent + _describe(n))
        kids = n.children
        for k in reversed(kids):
            stack.append((depth + 1, k))
    return "\n".join(lines)
