"""The parser's hookless twins (``nodes.unhooked``): a twin writes every field of its class,
held ones included, as a plain slot, and an instance switched to the class is that class's
own (no ``__dict__``, the class's hook on later writes)."""

from __future__ import annotations

import pytest

from wikiparse.nodes import (
    HELD_SLOTS,
    NATIVE_NODES,
    ExtensionTag,
    FileLink,
    Parameter,
    Template,
    Wikicode,
    Wikilink,
    unhooked,
)

_HOOKED = (Parameter, Template, Wikilink, FileLink, ExtensionTag)


@pytest.mark.parametrize("cls", _HOOKED, ids=lambda c: c.__name__)
def test_a_twin_adds_no_slot_and_no_hook(cls: type) -> None:
    twin = unhooked(cls)
    if NATIVE_NODES:
        assert twin is cls
        return
    assert twin.__bases__ == (cls,) and vars(twin)["__slots__"] == ()
    assert twin.__setattr__ is object.__setattr__
    assert unhooked(cls) is twin  # made once


@pytest.mark.parametrize("cls", (Parameter, Template, Wikilink, FileLink), ids=lambda c: c.__name__)
def test_a_twin_writes_held_fields_as_slots(cls: type) -> None:
    twin = unhooked(cls)
    if NATIVE_NODES:  # compiled: no twin, and no field is held
        assert twin is cls and not HELD_SLOTS.get(cls)
        return
    for base in cls.__mro__:
        for name, slot in HELD_SLOTS.get(base, {}).items():
            assert vars(twin)[name] is slot


def test_a_switched_instance_is_its_class_own() -> None:
    raw = unhooked(Wikilink)
    node = raw.__new__(raw)
    node.start, node.end = 0, 5
    node.target = Wikicode(start=2, end=3, nodes=[])
    node.text = None
    node.trail = node.prefix = node.namespace = node.interwiki = ""
    if not NATIVE_NODES:
        node.__class__ = Wikilink
    assert type(node) is Wikilink and not hasattr(node, "__dict__")
    node.text = "label"  # the class's hook: a str becomes parsed wikitext
    assert isinstance(node.text, Wikicode) and str(node.text) == "label"
