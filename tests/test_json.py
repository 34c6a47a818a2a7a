"""The JSON form of the tree: round trip, schema validity, depth, and error reporting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wikiparse
from conftest import Page, all_pages
from wikiparse.nodes import (
    Bold,
    Diagnostic,
    Document,
    ExtensionTag,
    FileLink,
    Heading,
    Italic,
    List,
    ListItem,
    Node,
    Paragraph,
    Parameter,
    Section,
    Table,
    TableCell,
    TableRow,
    Template,
    Text,
    Wikicode,
    Wikilink,
    reindex,
    walk,
)
from wikiparse.render.json import (
    FIELD_TABLE,
    NODE_CLASSES,
    build_schema,
    dumps,
    from_json,
    load_schema,
    node_from_json,
    to_json,
)

SCHEMA_DIR = Path(wikiparse.__file__).parent / "schema"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def assert_same_tree(a: Node, b: Node) -> None:
    """Same text, same classes, same spans, same scalar fields, node for node."""
    assert str(a) == str(b)
    left, right = list(walk(a)), list(walk(b))
    assert len(left) == len(right)
    for x, y in zip(left, right, strict=True):
        assert type(x) is type(y)
        assert (x.start, x.end) == (y.start, y.end)
        for name, kind, _ in FIELD_TABLE[type(x)]:
            if kind == "scalar":
                assert getattr(x, name) == getattr(y, name), (type(x).__name__, name)


def _t(s: str) -> Text:
    return Text(value=s)


def _wc(*nodes: Node) -> Wikicode:
    return Wikicode(nodes=list(nodes))


def sample_doc() -> Document:
    """A hand-built tree that uses optional, list and nested node fields."""
    heading = Heading(level=2, title=_wc(_t(" Title ")), number=1)
    para = Paragraph(
        nodes=[
            Bold(open="'''", close="'''", nodes=[_t("IL-2")]),
            _t(" binds "),
            Wikilink(target=_wc(_t("interleukin 2")), text=None, trail="s"),
            Template(
                name=_wc(_t("cite")),
                params=[Parameter(value=_wc(_t("a"))), Parameter(name=_wc(_t("b")), value=_wc())],
            ),
            ExtensionTag(name="ref", raw_name="ref", body="x", contents=_wc(_t("x")), close="</ref>"),
        ]
    )
    lst = List(items=[ListItem(prefix="*", content=_wc(_t(" a"))), ListItem(leading="\n", prefix="**", content=_wc(_t(" b")))])
    table = Table(
        rows=[TableRow(marker="", cells=[TableCell(marker="|", attrs=' class="x" ', content=_wc(_t("c")))])],
        close="\n|}",
    )
    f = FileLink(target=_wc(_t("File:X.png")), options=[_wc(_t("thumb")), _wc(_t("cap"))], namespace="File")
    lead = Section(nodes=[para, _t("\n"), lst, _t("\n"), table, _t("\n"), f])
    sec = Section(level=2, number=1, nodes=[heading, _t("\n"), Paragraph(nodes=[Italic(open="''", close="", nodes=[_t("i")])])])
    doc = Document(nodes=[lead, _t("\n"), sec])
    reindex(doc)
    doc.source = str(doc)
    doc.diagnostics = [Diagnostic("unclosed-italic", "Italic never closed", 3, 5)]
    return doc


def test_every_node_class_has_a_table_entry() -> None:
    import wikiparse.nodes as n

    concrete = {
        name for name in n.__all__
        if isinstance(getattr(n, name), type) and issubclass(getattr(n, name), Node)
    } - {"Node", "Tag"}
    assert set(NODE_CLASSES) == concrete
    assert FIELD_TABLE[Heading] == (
        ("level", "scalar", "int"),
        ("open", "scalar", "str"),
        ("title", "node", "Wikicode"),
        ("close", "scalar", "str"),
        ("trailing", "node", "Wikicode"),
        ("number", "scalar", "int"),
        ("editable", "scalar", "bool"),
    )


def test_documented_form_of_a_small_tree() -> None:
    doc = Document(nodes=[Paragraph(nodes=[Bold(open="'''", close="'''", nodes=[Text(value="x")])])])
    reindex(doc)
    doc.source = str(doc)
    assert to_json(doc, version=1) == {
        "type": "Document",
        "span": [0, 7],
        "source": "'''x'''",
        "nodes": [
            {
                "type": "Paragraph",
                "span": [0, 7],
                "nodes": [
                    {
                        "type": "Bold",
                        "span": [0, 7],
                        "open": "'''",
                        "close": "'''",
                        "nodes": [{"type": "Text", "span": [3, 4], "value": "x"}],
                    }
                ],
            }
        ],
        "diagnostics": [],
    }


def test_hand_built_round_trip_and_schema() -> None:
    doc = sample_doc()
    data = to_json(doc, version=1)
    jsonschema.validate(data, load_schema(1))
    back = from_json(data)
    assert_same_tree(doc, back)
    assert back.source == doc.source
    assert back.diagnostics == doc.diagnostics
    # Through JSON text, with both writers.
    assert json.loads(dumps(doc)) == to_json(doc)
    assert json.loads(dumps(data)) == json.loads(json.dumps(data))
    assert_same_tree(doc, from_json(dumps(doc)))


@pytest.mark.parametrize(("version", "name"), [(1, "ast-v1"), (2, "ast")])
def test_shipped_schema_matches_the_generator(version: int, name: str) -> None:
    shipped = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8"))
    assert shipped == build_schema(version) == load_schema(version)
    jsonschema.Draft202012Validator.check_schema(build_schema(version))


def test_schema_rejects_malformed_trees() -> None:
    validator = jsonschema.Draft202012Validator(load_schema(1))
    data = to_json(sample_doc(), version=1)
    data["nodes"][0]["nodes"][0]["nodes"][0]["value"] = 3  # Text.value must be a string
    assert not validator.is_valid(data)
    data = to_json(sample_doc(), version=1)
    data["nodes"][0]["type"] = "Nonsense"
    assert not validator.is_valid(data)
    data = to_json(sample_doc(), version=1)
    del data["nodes"][0]["span"]
    assert not validator.is_valid(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"type": "Nope", "span": [0, 0]}, "unknown node type"),
        ({"type": "Document", "span": [0]}, "span"),
        ({"type": "Document", "span": [0, 0], "nodes": None}, "array"),
        ({"type": "Document", "span": [0, 0], "nodes": [3]}, r"\$.nodes\[0\]"),
        ({"type": "Text", "span": [0, 0], "value": ""}, "not a Document"),
        ({"type": "MagicVariable", "span": [0, 0]}, "required"),
    ],
)
def test_from_json_reports_bad_input(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        if isinstance(data, dict) and data.get("type") == "MagicVariable":
            node_from_json(data)
        else:
            from_json(data)


def test_deep_tree_needs_no_recursion() -> None:
    depth = 100_000
    inner: Node = Text(value="x")
    for _ in range(depth):
        inner = Italic(open="''", close="''", nodes=[inner])
    doc = Document(nodes=[inner])
    reindex(doc)
    for version in (1, 2):
        data = to_json(doc, version=version)
        back = from_json(data)
        assert str(back) == str(doc)
    text = dumps(doc)
    assert text.count('"Italic"') == depth
    assert_same_tree(doc, from_json(text))


_PIECES = st.sampled_from(
    ["{{", "}}", "|", "[[", "]]", "''", "'''", "\n", "\n*", "\n#", "\n;", ":", "\n{|", "\n|-",
     "\n|}", "\n!", "<ref>", "</ref>", "<ref name=a/>", "==", "\n==", "<!--", "-->", "&amp;",
     "[http://x.org y]", "File:", "Category:", " ", "a", "text", "=", "<b>", "</b>", "\n ",
     "----", "__TOC__", "<nowiki>", "</nowiki>", "<math>", "</math>"]
)
WIKITEXT = st.lists(_PIECES | st.text(max_size=3), max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(WIKITEXT)
def test_round_trip_property(text: str) -> None:
    doc = wikiparse.parse(text)
    for version in (1, 2):
        back = from_json(to_json(doc, version=version))
        assert_same_tree(doc, back)
        assert str(back) == text
        assert back.source == doc.source


class ShapeValidator:
    """Validates every node object of a JSON tree against its own ``$defs`` entry of the schema.

    Child node references are checked shallowly (an object with ``type`` and ``span``) because
    every child is then validated in its own right.  The schema constrains a node object only
    through its keys and the JSON types of their values, so a node whose *shape* (type name, keys,
    value types, span length and item types) was already found valid is valid again: the shapes
    are memoised, which makes validating all nodes of every sample page cheap.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        shallow = {"type": "object", "required": ["type", "span"]}

        def replace(x: Any) -> Any:
            if isinstance(x, dict):
                if x == {"$ref": "#/$defs/node"}:
                    return shallow
                return {k: replace(v) for k, v in x.items()}
            if isinstance(x, list):
                return [replace(v) for v in x]
            return x

        defs = replace(schema["$defs"])
        self.validators = {
            name: jsonschema.Draft202012Validator({"$defs": defs, "$ref": f"#/$defs/{name}"})
            for name in NODE_CLASSES
        }
        self.valid_shapes: set[tuple[Any, ...]] = set()

    def errors(self, data: dict[str, Any]) -> list[str]:
        out: list[str] = []
        stack = [data]
        while stack:
            x = stack.pop()
            span = x.get("span")
            shape = (
                x.get("type"),
                tuple((k, type(v)) for k, v in x.items()),
                tuple(map(type, span)) if isinstance(span, list) else None,
            )
            if x.get("type") == "Document" or shape not in self.valid_shapes:
                validator = self.validators.get(x.get("type"))  # type: ignore[arg-type]
                if validator is None:
                    out.append(f"unknown type {x.get('type')!r}")
                    continue
                errs = [e.message for e in validator.iter_errors(x)]
                if errs:
                    out.extend(errs)
                    continue
                self.valid_shapes.add(shape)
            for value in x.values():
                if isinstance(value, dict):
                    stack.append(value)
                elif isinstance(value, list) and value and isinstance(value[0], dict):
                    stack.extend(v for v in value if "type" in v)
        return out


def test_shape_validator_agrees_with_the_full_schema() -> None:
    schema = load_schema(1)
    full = jsonschema.Draft202012Validator(schema)
    shapes = ShapeValidator(schema)
    il2 = wikiparse.parse((FIXTURES / "IL-2_receptor.wiki").read_text("utf-8"))
    for doc in (sample_doc(), il2):
        data = to_json(doc, version=1)
        assert full.is_valid(data)
        assert shapes.errors(data) == []
        data["nodes"][0]["nodes"][0]["type"] = "Bogus"
        assert not full.is_valid(data)
        assert shapes.errors(data)


@pytest.fixture(scope="module")
def shapes() -> ShapeValidator:
    return ShapeValidator(load_schema(1))


def test_the_sample_is_substantial() -> None:
    assert len(all_pages()) > 100


@pytest.mark.parametrize("page", all_pages(), ids=lambda p: p.id)
def test_sample_page_round_trips_and_validates(page: Page, shapes: ShapeValidator) -> None:
    doc = wikiparse.parse(page.text)
    data = to_json(doc, version=1)
    errors = shapes.errors(data)
    assert not errors, errors[:3]
    back = from_json(json.loads(dumps(data)))
    assert_same_tree(doc, back)
    assert_same_tree(doc, from_json(dumps(doc)))  # version 2
