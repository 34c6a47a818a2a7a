"""What declaring node classes needs from interpreted Python: the ``node_class`` decorator
(re-exported as ``wikiparse.nodes.node_class``) and :func:`as_method`.

A module of its own, left interpreted, because ``wikiparse.nodes`` is compiled by mypyc and a
compiled function can neither take the attribute ``typing.dataclass_transform`` marks it with
nor bind to an instance as a method.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

from attrs import define, field

__all__ = ["as_method", "node_class"]

_C = TypeVar("_C", bound=type)


@dataclass_transform(kw_only_default=True, eq_default=False, field_specifiers=(field,))
def node_class(cls: _C) -> _C:
    """Declare a node class: attrs, keyword-only, slots, identity equality, short repr.

    Equality is identity on purpose: ``list.index``/``in``/``remove`` on children must find
    *this* node, and comparing two nodes must never walk two whole trees by accident.  Use
    :func:`wikiparse.testing.assert_same_tree` for structural comparison.  The classes of
    :mod:`wikiparse.nodes` spell the same declaration out in the form mypyc compiles.
    """
    return define(kw_only=True, eq=False, slots=True, repr=False)(cls)


def as_method(hook: Callable[[Any, str, Any], None]) -> Callable[[Any, str, Any], None]:
    """``hook`` as a Python function, which binds to an instance when set as a class's
    ``__setattr__`` (a compiled function stays unbound and would miss ``self``)."""

    def __setattr__(self: Any, name: str, value: Any) -> None:
        hook(self, name, value)

    __setattr__.__doc__ = hook.__doc__
    return __setattr__
