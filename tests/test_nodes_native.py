"""The node classes in both builds: interpreted attrs classes, or native classes compiled by
mypyc (docs/architecture.md, "The compiled build").  Users must not see the difference:
field metadata, subclassing, pickling, copying and the text-parsing assignment hooks behave
the same.  CI runs this file against both builds."""

from __future__ import annotations

import ast
import copy
import pickle
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import attrs
import pytest

import wikiparse
from wikiparse import nodes
from wikiparse.nodes import Document, Heading, Node, Parameter, Template, Text, Wikicode, node_class
from wikiparse.testing import assert_same_tree

NODES_SOURCE = Path(__file__).resolve().parents[1] / "src" / "wikiparse" / "nodes.py"

NODE_CLASSES = sorted(
    {c for c in vars(nodes).values() if isinstance(c, type) and issubclass(c, Node)},
    key=lambda c: c.__name__,
)

PAGE = """'''Bold''' and ''it'' {{Infobox|name=X|1|{{#if:a|b}}}} [[Link|label]]s
== Head ==
* item <ref name="r">cite {{{arg|d}}}</ref>
{| class="t"
|+ cap
|-
! h || i
|}
[http://example.org ext] &amp; <!-- c --> ISBN 0-306-40615-2
"""


def _declared() -> dict[str, list[tuple[str, str, str | None]]]:
    """class -> [(field, annotation, the text given to ``_ann``)] for every ``attr.ib`` field
    written in nodes.py, in order."""
    out: dict[str, list[tuple[str, str, str | None]]] = {}
    for cls in ast.parse(NODES_SOURCE.read_text(encoding="utf-8")).body:
        if not isinstance(cls, ast.ClassDef):
            continue
        for stmt in cls.body:
            if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.value, ast.Call)):
                continue
            if ast.unparse(stmt.value.func) != "attr.ib":
                continue
            given = None
            for kw in stmt.value.keywords:
                if kw.arg == "type" and isinstance(kw.value, ast.Call) and kw.value.args:
                    arg = kw.value.args[0]
                    given = arg.value if isinstance(arg, ast.Constant) else None
            assert isinstance(stmt.target, ast.Name)
            out.setdefault(cls.name, []).append((stmt.target.id, ast.unparse(stmt.annotation), given))
    return out


DECLARED = _declared()


def test_every_field_repeats_its_annotation_for_the_compiled_build() -> None:
    """``type=_ann("...")`` must say what the annotation says: compiled, it is all attrs sees."""
    assert DECLARED, "no attr.ib field found in nodes.py"
    wrong = [
        (cls, name, ann, given)
        for cls, fields in DECLARED.items()
        for name, ann, given in fields
        if given != ann
    ]
    assert wrong == []


@pytest.mark.parametrize("cls", NODE_CLASSES, ids=lambda c: c.__name__)
def test_field_types_are_the_annotations_as_text(cls: type[Node]) -> None:
    """The JSON codecs and the assignment hooks read ``attrs.fields(cls)[i].type`` as text."""
    expected: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        for name, ann, _given in DECLARED.get(klass.__name__, []):
            if klass.__module__ == "wikiparse.nodes":
                expected[name] = ann
    assert {f.name: f.type for f in attrs.fields(cls)} == expected


def test_native_exactly_when_compiled() -> None:
    compiled = (nodes.__file__ or "").endswith(tuple(EXTENSION_SUFFIXES))
    assert nodes.NATIVE_NODES is compiled
    assert nodes._COMPILED is compiled


def test_parser_makes_the_public_classes() -> None:
    """No hookless twin (nodes.unhooked) is left in a tree."""
    doc = wikiparse.parse(PAGE)
    public = set(NODE_CLASSES)
    assert {type(n) for n in nodes.walk(doc)} <= public


@node_class
class Marked(Text):
    """A user's node class, declared as the docs say (an interpreted subclass)."""

    mark: str = "!"

    def parts(self) -> tuple[str, ...]:
        return (self.value, self.mark)


class Plain(Template):
    """A plain subclass without attrs."""

    def describe(self) -> str:
        return "plain " + self.normalized_name


def test_interpreted_subclasses() -> None:
    m = Marked(value="hi", start=0, end=3)
    assert (str(m), m.mark, m.start) == ("hi!", "!", 0)
    code = Wikicode(nodes=[m, Text(value=" x")])
    assert str(code) == "hi! x"
    assert [type(n) for n in nodes.walk(code)] == [Wikicode, Marked, Text]
    back = pickle.loads(pickle.dumps(code))
    assert str(back) == "hi! x" and type(back.nodes[0]) is Marked
    p = Plain(name=Wikicode(nodes=[Text(value="Foo")]))
    assert p.describe() == "plain Foo" and str(p) == "{{Foo}}"
    assert isinstance(copy.copy(p), Plain)


def test_pickle_and_copies_keep_the_tree() -> None:
    doc = wikiparse.parse(PAGE)
    for clone in (pickle.loads(pickle.dumps(doc)), copy.deepcopy(doc)):
        assert isinstance(clone, Document)
        assert_same_tree(clone, doc)
        assert str(clone) == PAGE
    shallow = copy.copy(doc)
    assert shallow is not doc and shallow.nodes is doc.nodes


def test_assignment_hooks_parse_text() -> None:
    doc = wikiparse.parse("{{a|b}}\n== H ==\n")
    template = doc.find_templates()[0]
    template.name = "[[x]]"
    assert type(template.name) is Wikicode and template.name.find_wikilinks()
    param = template.params[0]
    assert isinstance(param, Parameter)
    param.name = "key"
    assert type(param.name) is Wikicode and str(template) == "{{[[x]]|key=b}}"
    heading = doc.find_headings()[0]
    assert isinstance(heading, Heading)
    heading.level = 3
    assert str(heading) == "=== H ==="
    with pytest.raises(TypeError):  # a field holding one structural node takes no text
        nodes.Redirect().link = "x"  # type: ignore[assignment]


def test_no_new_attributes() -> None:
    """Slots in both builds: a typo in a field name is an error, not a silent new attribute."""
    text = Text(value="a")
    with pytest.raises(AttributeError):
        text.valeu = "b"  # type: ignore[attr-defined]
