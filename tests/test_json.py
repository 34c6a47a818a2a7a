"""The JSON form of the tree: round trip, schema validity, depth, and error reporting."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wikiparse
from conftest import all_pages
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

SCHEMA_FILE = Path(wikiparse.__file__).parent / "schema" / "ast.schema.json"


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
    assert to_json(doc) == {
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
    data = to_json(doc)
    jsonschema.validate(data, load_schema())
    back = from_json(data)
    assert_same_tree(doc, back)
    assert back.source == doc.source
    assert back.diagnostics == doc.diagnostics
    # Through JSON text, with both writers.
    assert json.loads(dumps(doc)) == data
    assert json.loads(dumps(data)) == json.loads(json.dumps(data))
    assert_same_tree(doc, from_json(dumps(doc)))


def test_shipped_schema_matches_the_generator() -> None:
    assert json.loads(SCHEMA_FILE.read_text("utf-8")) == build_schema()
    jsonschema.Draft202012Validator.check_schema(build_schema())


def test_schema_rejects_malformed_trees() -> None:
    validator = jsonschema.Draft202012Validator(load_schema())
    data = to_json(sample_doc())
    data["nodes"][0]["nodes"][0]["nodes"][0]["value"] = 3  # Text.value must be a string
    assert not validator.is_valid(data)
    data = to_json(sample_doc())
    data["nodes"][0]["type"] = "Nonsense"
    assert not validator.is_valid(data)
    data = to_json(sample_doc())
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
    data = to_json(doc)
    back = from_json(data)
    assert str(back) == str(doc)
    text = dumps(doc)
    assert text.count('"Italic"') == depth


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
    back = from_json(to_json(doc))
    assert_same_tree(doc, back)
    assert str(back) == text


def test_every_sample_page_round_trips_and_validates() -> None:
    validator = jsonschema.Draft202012Validator(load_schema())
    pages = all_pages()
    assert len(pages) > 100
    for i, page in enumerate(pages):
        doc = wikiparse.parse(page.text)
        data = to_json(doc)
        if i % 4 == 0:  # jsonschema is slow; a quarter of the pages keeps the test brisk
            errors = list(validator.iter_errors(data))
            assert not errors, (page.id, errors[0].message)
        back = from_json(json.loads(dumps(data)))
        assert_same_tree(doc, back)
