"""``wikiparse.Visitor`` and ``wikiparse.Transformer``: handlers per class along the MRO, an
explicit stack (no recursion), replacements that equal a re-parse."""

from __future__ import annotations

from typing import Any

import pytest

import wikiparse
from conftest import main_pages
from wikiparse import REMOVE, Transformer, Visitor
from wikiparse.nodes import ExternalLink, Node, Template, Text, Wikilink, walk
from wikiparse.testing import assert_same_tree

PAGES = main_pages()[:12]


class CountNodes(Visitor):
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.order: list[Node] = []

    def visit_Node(self, node: Node) -> None:
        self.counts[type(node).__name__] = self.counts.get(type(node).__name__, 0) + 1
        self.order.append(node)


@pytest.mark.parametrize("page", PAGES, ids=[p.id for p in PAGES])
def test_a_visitor_sees_every_node_in_walk_order(page: Any) -> None:
    doc = wikiparse.parse(page.text)
    counter = CountNodes()
    counter.visit(doc)
    walked = list(walk(doc))
    assert len(counter.order) == len(walked)
    assert all(a is b for a, b in zip(counter.order, walked, strict=True))
    assert counter.counts["Document"] == 1


class DropParameters(Transformer):
    """Every template loses its parameters: ``{{name}}`` (a string, parsed as wikitext)."""

    def leave_Template(self, node: Template) -> str:
        return "{{" + str(node.name) + "}}"


@pytest.mark.parametrize("page", PAGES, ids=[p.id for p in PAGES])
def test_a_transformer_replacing_templates_equals_a_reparse(page: Any) -> None:
    doc = wikiparse.parse(page.text)
    count = len(doc.find_templates())
    assert DropParameters().transform(doc) is doc
    templates = doc.find_templates()
    assert len(templates) <= count and not any(t.params for t in templates)
    assert_same_tree(doc, wikiparse.parse(str(doc)))


def test_replace_with_nodes_remove_and_skip_children() -> None:
    class Edit(Transformer):
        def visit_Template(self, node: Template) -> bool:
            return False  # links inside templates stay

        def leave_Wikilink(self, node: Wikilink) -> Any:
            return REMOVE if node.normalized_title == "Gone" else [Text(value="<"), node, Text(value=">")]

        def leave_ExternalLink(self, node: ExternalLink) -> Any:
            return None  # keep

    doc = wikiparse.parse("a [[Gone]] b [[Kept]] {{t|[[Gone]]}} [http://x y]")
    Edit().transform(doc)
    assert str(doc) == "a  b <[[Kept]]> {{t|[[Gone]]}} [http://x y]"
    assert_same_tree(doc, wikiparse.parse(str(doc)))


def test_handlers_fall_back_along_the_mro() -> None:
    seen: list[str] = []

    class Links(Visitor):
        def leave_Wikilink(self, node: Wikilink) -> None:
            seen.append(type(node).__name__)

    Links().visit(wikiparse.parse("[[a]] [[File:x.png]] [[Category:c]]"))
    assert seen == ["Wikilink", "FileLink", "CategoryLink"]


def test_the_root_can_be_replaced_and_bad_results_are_refused() -> None:
    class Root(Transformer):
        def leave_Document(self, node: Node) -> Node:
            return wikiparse.parse("new")

    assert str(Root().transform(wikiparse.parse("old"))) == "new"

    class Bad(Transformer):
        def leave_Text(self, node: Text) -> object:
            return 42

    with pytest.raises(TypeError):
        Bad().transform(wikiparse.parse("x"))


DEPTH = 100_000


@pytest.fixture(scope="module")
def deep() -> wikiparse.Document:
    return wikiparse.parse("{{a|" * DEPTH + "x" + "}}" * DEPTH)


def test_100000_deep_input_visited_without_recursion(deep: wikiparse.Document) -> None:
    counter = CountNodes()
    counter.visit(deep)
    assert counter.counts["Template"] == DEPTH


def test_100000_deep_input_transformed_without_recursion(deep: wikiparse.Document) -> None:
    class Innermost(Transformer):
        def leave_Text(self, node: Text) -> Any:
            return "[[y]]" if node.value == "x" else None

    Innermost().transform(deep)
    assert str(deep) == "{{a|" * DEPTH + "[[y]]" + "}}" * DEPTH
