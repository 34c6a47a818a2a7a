"""Texts held until read (``nodes.HELD_TEXTS``, the pure-Python build): a template's plain
name, a parameter's plain name and value, an ordinary link's target and plain label are kept
as their ``str`` by :func:`wikiparse.parse` and built when first read.

What must hold: nothing a user can do tells a held tree from one built at once.  Every read,
walk, copy, edit and ``reindex`` gives what the tree built at once gives, spans included.
In the compiled build nothing is held (native fields cannot be properties), and the same
tests check that build as it is.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wikiparse
from conftest import main_pages
from wikiparse import _parse
from wikiparse.nodes import (
    HELD_SLOTS,
    HELD_TEXTS,
    Parameter,
    Template,
    Text,
    Wikicode,
    reindex,
)
from wikiparse.testing import assert_same_tree

_SAMPLE = main_pages()[::10]

_PIECES = (
    "{{", "}}", "|", "=", "\n", "[[", "]]", "[[a]]", "[[a|b]]", "[[a|b]]c", "[[a|''b'']]", "x",
    " ", "{{a|b=c|d}}", "{{a|b=[[c]]|d=e}}", "{{ a |1= x | y }}", "{{a|=|b=}}", "{{PAGENAME}}",
    "{{a|url=http://e.org/x}}", "[[:a]]", "[[Category:c]]", "[[File:x.png|thumb|c]]", "''",
    "<ref>{{a|b=c}}</ref>", "{{a|b=c\n|d=e\n}}", "é", "&amp;", "~~~~", "[[a|b|c]]",
)


def _built_at_once(text: str) -> wikiparse.Document:
    """The tree of ``wikiparse.parse`` with nothing held."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_parse, "HELD_TEXTS", False)
        return wikiparse.parse(text)


def _held_fields(tree: wikiparse.Document) -> Iterator[str]:
    """The names of the fields still held in ``tree``, read without building them (a walk
    through ``parts`` would build them: this one follows node lists and the slots of
    parameter lists only)."""
    stack: list[object] = [tree]
    while stack:
        node = stack.pop()
        for cls, slots in HELD_SLOTS.items():
            if isinstance(node, cls):
                for name, slot in slots.items():
                    value = slot.__get__(node, cls)
                    if type(value) is str:
                        yield name
                    elif name == "params":
                        stack.extend(value)
        stack.extend(getattr(node, "nodes", ()))
        if not HELD_SLOTS and isinstance(node, Template):
            stack.extend(node.params)


def test_a_citation_parse_holds_its_plain_texts() -> None:
    tree = wikiparse.parse("{{cite web|title=T|url=http://e.org|x}} [[a|b]] [[c]]")
    held = sorted(_held_fields(tree))
    # Compiled: nothing held.  Interpreted: the template's name, both names, the title and
    # the positional value, both targets and the label (the URL value is made at once).
    assert held == ([] if not HELD_TEXTS else ["_name", "_name", "name", "target", "target", "text", "value", "value"])


@pytest.mark.parametrize("page", range(len(_SAMPLE)), ids=[p.title for p in _SAMPLE])
def test_sample_page_same_tree_as_built_at_once(page: int) -> None:
    text = _SAMPLE[page].text
    assert_same_tree(wikiparse.parse(text), _built_at_once(text), spans=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_random_wikitext_same_tree_as_built_at_once(text: str) -> None:
    assert_same_tree(wikiparse.parse(text), _built_at_once(text), spans=True)


def test_a_template_of_plain_values_holds_its_parameters() -> None:
    tree = wikiparse.parse("{{a|b=c|d}} {{e|f=g|h=http://e.org}} {{i|j=k: l}}")
    held = sorted(_held_fields(tree))
    # The first template's parameters are held whole; the second's are made (a URL value)
    # and hold their plain names and values; a colon makes the third's (its name and its value,
    # where no URL starts, held one by one).
    expected = ["_name", "_name", "_name", "name", "name", "name", "params", "value", "value"]
    assert held == ([] if not HELD_TEXTS else expected)
    first = tree.find_templates()[0]
    assert [str(p) for p in first.params] == ["b=c", "d"] and first.params is first.params
    assert [(p.start, p.end, p.value.start) for p in first.params] == [(4, 7, 6), (8, 9, 8)]
    assert str(first.get("1").value) == "d"


def test_a_held_field_is_built_once_and_kept() -> None:
    tree = wikiparse.parse("{{a|b=c}}[[d|e]]")
    param = tree.find_templates()[0].params[0]
    assert param.value is param.value and param.name is param.name
    assert (param.name.start, param.name.end, param.value.start, param.value.end) == (4, 5, 6, 7)
    link = tree.find_wikilinks()[0]
    assert link.target is link.target and link.text is link.text and link.text is not None
    assert (link.target.start, link.target.end, link.text.start, link.text.end) == (11, 12, 13, 14)
    assert [type(n) for n in param.value.nodes] == [Text]


def test_a_link_trail_leaves_the_held_label_where_it_was() -> None:
    tree = wikiparse.parse("x [[a|b]]cd y")
    link = tree.find_wikilinks()[0]
    assert link.text is not None
    assert link.trail == "cd" and (link.text.start, link.text.end) == (6, 7) and (link.start, link.end) == (2, 11)


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: setattr(t.find_templates()[0], "name", "longer name"),
        lambda t: setattr(t.find_templates()[0].params[0], "value", "[[q]] r"),
        lambda t: setattr(t.find_templates()[0].params[0], "name", "key2"),
        lambda t: setattr(t.find_wikilinks()[0], "target", "Other page"),
        lambda t: setattr(t.find_wikilinks()[0], "text", "label ''x''"),
        lambda t: t.find_templates()[0].add("new", "value"),
        lambda t: t.find_templates()[0].remove("b"),
    ],
)
def test_edits_then_reindex_give_the_spans_of_a_new_parse(edit: object) -> None:
    source = "a {{tpl|b=c|d|e = f }} [[Page|label]]s and [[Other]]\n"
    tree = wikiparse.parse(source)
    edit(tree)  # type: ignore[operator]
    reindex(tree)
    assert_same_tree(tree, wikiparse.parse(str(tree)), spans=True)


def test_copies_and_pickles_read_as_built_at_once() -> None:
    text = "{{a|b=c|d}} [[e|f]]g {{h|i=[[j]]}}"
    for made in (copy.deepcopy(wikiparse.parse(text)), pickle.loads(pickle.dumps(wikiparse.parse(text)))):
        assert_same_tree(made, _built_at_once(text), spans=True)
    param = wikiparse.parse(text).find_templates()[0].params[0]
    shallow = copy.copy(param)
    assert shallow.value is param.value and str(shallow) == "b=c"


def test_nodes_built_by_hand_are_unchanged() -> None:
    param = Parameter(name=Wikicode(nodes=[Text(value="k")]), value=Wikicode(nodes=[Text(value="v")]))
    assert str(param) == "k=v" and param.start == -1
    param.start = 3  # a span write with nothing held
    assert param.start == 3
    blank = Parameter.__new__(Parameter)
    with pytest.raises(AttributeError):
        _ = blank.value


#: What a script may do to a tree: read its fields (which builds what is held), write one (whose
#: hook builds the rest of its node first), add a parameter, reindex.
_EDITS = (
    "read", "template name", "param value", "param name", "add param", "link target", "link label", "reindex",
)


def _edit(tree: wikiparse.Document, kind: str, i: int) -> None:
    """Do edit ``kind`` to the ``i``-th node it applies to (counted round), if there is one."""
    templates = tree.find_templates()
    params = [p for t in templates for p in t.params]
    links = tree.find_wikilinks()
    by_kind: dict[str, list[Any]] = {
        "template name": templates, "add param": templates, "param value": params,
        "param name": params, "link target": links, "link label": links,
    }
    targets = by_kind.get(kind, [tree])
    if not targets:
        return
    node = targets[i % len(targets)]
    if kind == "read":
        _ = [(str(p.name), str(p.value)) for p in params] + [(str(k.target), str(k.text)) for k in links]
    elif kind == "reindex":
        reindex(tree)
    elif kind == "add param":
        node.add("z", "q")
    else:
        field, text = {"template name": ("name", "n x"), "param value": ("value", "v [[w]]"),
                       "param name": ("name", "k"), "link target": ("target", "T u"),
                       "link label": ("text", "l m")}[kind]
        setattr(node, field, text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=20).map("".join),
    st.lists(st.tuples(st.sampled_from(_EDITS), st.integers(0, 9)), max_size=6),
)
def test_random_edits_read_as_on_a_tree_built_at_once(text: str, edits: list[tuple[str, int]]) -> None:
    held, built = wikiparse.parse(text), _built_at_once(text)
    for kind, i in edits:
        _edit(held, kind, i)
        _edit(built, kind, i)
    assert_same_tree(held, built, spans=True)
    reindex(held)
    assert_same_tree(held, wikiparse.parse(str(held)), spans=True)
