"""Which texts each whole-construct scan holds until read (``nodes.HELD_TEXTS``, the
pure-Python build), beyond ``tests/test_held_texts.py``: a template with ordinary links in its
values (``braces._flat_template_links``).  Whatever is held, the tree reads as one built at
once, spans included."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import wikiparse
from test_held_texts import _built_at_once, _held_fields
from wikiparse.nodes import HELD_TEXTS
from wikiparse.testing import assert_same_tree

_TEXTS = (
    "{{a|b=[[c]] d|e=f|g|h=[[i|j]]}}",
    "{{a|=[[c]]|=|[[d]]|e=}}",
    "{{ a \n| b = [[c]]\n| d = x: y\n| e = ISBN 1\n| f = g＿h\n}}",
    "<ref>{{cite|title=[[A]] b|publisher=[[C|D]]|date=2001}}</ref>",
    "{{a|b=[[c]]d|e=''f''}}",
)


def _held(text: str) -> list[str]:
    return sorted(_held_fields(wikiparse.parse(text)))


def test_a_template_with_links_holds_its_name_names_and_plain_values() -> None:
    # The name, the names b, e and h, the plain values f and g; not the values with links
    # (whose links ``_held_fields`` does not walk into).
    expected = ["_name", "_name", "_name", "name", "value", "value"]
    assert _held("{{a|b=[[c]] d|e=f|g|h=[[i|j]]}}") == ([] if not HELD_TEXTS else expected)


def test_a_value_the_inline_pass_reads_is_not_held() -> None:
    # A colon, an ISBN and a full-width low line: each value is made and queued.
    text = "{{a|b=[[c]]|d=x: y|e=ISBN 1|f=g＿h}}"
    held = _held(text)
    assert held.count("value") == 0 and held.count("_name") == (4 if HELD_TEXTS else 0)


@pytest.mark.parametrize("text", _TEXTS)
def test_same_tree_as_built_at_once(text: str) -> None:
    assert_same_tree(wikiparse.parse(text), _built_at_once(text), spans=True)


def _values(tree: wikiparse.Document) -> Iterator[tuple[str, int, int]]:
    for template in tree.find_templates():
        for p in template.params:
            yield str(p.name), p.value.start, p.value.end


def test_held_values_read_at_their_offsets() -> None:
    text = "{{a|b=[[c]] d|e=f|g|=}}"
    assert list(_values(wikiparse.parse(text))) == [("b", 6, 13), ("e", 16, 17), ("1", 18, 19), ("", 21, 21)]
