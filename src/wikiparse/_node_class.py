"""The decorator that declares a node class (re-exported as ``wikiparse.nodes.node_class``).

A module of its own, left interpreted: ``typing.dataclass_transform`` marks the function it
decorates with an attribute at run time, which a function compiled by mypyc cannot take (and
``wikiparse.nodes`` is compiled).
"""

from __future__ import annotations

from typing import TypeVar, dataclass_transform

from attrs import define, field

__all__ = ["node_class"]

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
