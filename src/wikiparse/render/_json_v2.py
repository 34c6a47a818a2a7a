"""Version 2 of the JSON form: compact, and typed field by field.

Version 1 (``wikiparse.render.json``, ``version=1``) spells every node as an object with its
type name, its span and every field under its own name, and carries the page's source a
second time: 7.7 times the wikitext on the sample articles (median).  Version 2 keeps what
cannot be derived and nothing else:

* a :class:`~wikiparse.nodes.Text` is a JSON string;
* any other node is an array ``[TypeName, field, field, ...]``, its fields in declaration
  order (``FIELDS`` below; ``start``/``end`` and the Document's ``source`` left out; private
  fields too, except those marked ``metadata={"json": ...}`` such as ``Parameter._name``);
* a field that holds a plain :class:`~wikiparse.nodes.Wikicode` is the array of its children
  (a Wikicode subclass there, which the parser never makes, is ``{"node": [node]}``);
* spans are not stored: they are the text offsets, which :func:`~wikiparse.nodes.reindex`
  recomputes from the text on reading (identical to the parser's spans on every node of the
  sample pages), and the Document's ``source`` is ``str(doc)``.

The envelope is ``{"format": "wikiparse-ast", "version": 2, "root": node, "diagnostics":
[[code, message, start, end], ...]}``.  Reading checks each child against the type its field
declares (a Text where a Parameter belongs is an error naming the path), and both directions
use explicit stacks (any depth).
"""

from __future__ import annotations

import ast
import functools
import typing
from pathlib import Path
from typing import Any

import attrs

from .. import nodes as _nodes
from ..nodes import Diagnostic, Document, Node, Text, Wikicode

__all__ = ["FIELDS", "decode", "encode", "schema"]

FORMAT = "wikiparse-ast"
VERSION = 2

#: Field kinds.
SCALAR, CODE, NODE, NODES, CODES = "scalar", "code", "node", "nodes", "codes"

_SCALAR_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "str | None": (str, type(None)),
    "bool": (bool,),
    "int": (int,),
}


def _classes() -> dict[str, type[Node]]:
    out: dict[str, type[Node]] = {}
    for name in _nodes.__all__:
        obj = getattr(_nodes, name)
        if isinstance(obj, type) and issubclass(obj, Node) and name not in ("Node", "Tag"):
            out[name] = obj
    return out


CLASSES: dict[str, type[Node]] = _classes()


def _field(annotation: str) -> tuple[str, bool, type]:
    """(kind, optional, the class a child must be an instance of) of one annotation."""
    optional = annotation.endswith(" | None")
    bare = annotation.removesuffix(" | None")
    if annotation in _SCALAR_TYPES:
        return SCALAR, False, object
    if bare.startswith("list["):
        inner = bare[5:-1]
        return (CODES if inner == "Wikicode" else NODES), False, getattr(_nodes, inner)
    if bare == "Wikicode":
        return CODE, optional, Wikicode
    return NODE, optional, getattr(_nodes, bare)


#: Class -> ((field, kind, optional, required class, annotation), ...), in declaration order.
FIELDS: dict[type[Node], tuple[tuple[str, str, bool, type, str], ...]] = {
    cls: tuple(
        (f.name, *_field(str(f.type)), str(f.type))
        for f in attrs.fields(typing.cast(Any, cls))
        if f.name not in ("start", "end", "source", "diagnostics")
        and (not f.name.startswith("_") or "json" in f.metadata)
    )
    for cls in CLASSES.values()
}


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def encode(root: Node) -> dict[str, Any]:
    """The version-2 envelope of ``root`` (any node), built with an explicit stack."""
    holder: list[Any] = [None]
    jobs: list[tuple[Node, list[Any], int]] = [(root, holder, 0)]
    pop, push = jobs.pop, jobs.append
    fields = FIELDS
    while jobs:
        node, target, at = pop()
        cls = type(node)
        if cls is Text:
            target[at] = node.value  # type: ignore[attr-defined]
            continue
        spec = fields.get(cls)
        if spec is None:
            raise TypeError(f"to_json: {cls.__name__} is not a wikiparse node class")
        out: list[Any] = [cls.__name__]
        for name, kind, _, _, _ in spec:
            value = getattr(node, name)
            if kind == SCALAR or value is None:
                out.append(value)
            elif kind == CODE:
                out.append(_code(value, push))
            elif kind == NODE:
                out.append(None)
                push((value, out, len(out) - 1))
            elif kind == NODES:
                out.append(_many(value, push))
            else:
                out.append([_code(c, push) for c in value])
        target[at] = out
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION, "root": holder[0]}
    if isinstance(root, Document):
        data["diagnostics"] = [[d.code, d.message, d.start, d.end] for d in root.diagnostics]
    return data


def _many(items: list[Node], push: Any) -> list[Any]:
    out: list[Any] = [None] * len(items)
    for i in range(len(items) - 1, -1, -1):
        push((items[i], out, i))
    return out


def _code(value: Node, push: Any) -> Any:
    """A Wikicode field's value: the children of a plain Wikicode, else a wrapped node."""
    if type(value) is Wikicode:
        return _many(value.nodes, push)
    wrapper: list[Any] = [None]
    push((value, wrapper, 0))
    return {"node": wrapper}  # unwrapped below, once the node is written


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------

#: A path into the JSON as a linked list of ``(parent path, step)`` pairs, spelt only on error.
JsonPath = tuple[Any, str] | None
_Path = JsonPath
_ROOT: _Path = (None, ".root")
_set = object.__setattr__


def spell_path(path: JsonPath) -> str:
    """``$.nodes[0].title`` from a linked path (also used by the version-1 reader)."""
    steps: list[str] = []
    while path is not None:
        path, step = path
        steps.append(step)
    return "$" + "".join(reversed(steps))


def _bad(path: _Path, message: str) -> ValueError:
    return ValueError(f"from_json: {spell_path(path)}: {message}")


def decode(data: dict[str, Any]) -> Node:
    """The node of a version-2 envelope, every child checked against its field's type; spans
    are recomputed from the text, and a Document's ``source`` is its text."""
    if data.get("version") != VERSION or data.get("format") != FORMAT:
        raise _bad(None, f"not a version-{VERSION} {FORMAT} object")
    holder: list[Any] = [None]
    jobs: list[tuple[Any, Any, Any, type, _Path]] = [(data.get("root"), holder, 0, Node, _ROOT)]
    pop, push = jobs.pop, jobs.append
    while jobs:
        value, target, at, wanted, path = pop()
        node = _node(value, wanted, path, push)
        if isinstance(target, list):
            target[at] = node
        else:
            _set(target, at, node)
    root = holder[0]
    _nodes.reindex(root)
    if isinstance(root, Document):
        _set(root, "source", str(root))
        _set(root, "diagnostics", _diagnostics(data.get("diagnostics", [])))
    assert isinstance(root, Node)
    return root


def _diagnostics(items: Any) -> list[Diagnostic]:
    if not isinstance(items, list):
        raise _bad((None, ".diagnostics"), "expected an array")
    out: list[Diagnostic] = []
    for i, d in enumerate(items):
        if not (isinstance(d, list) and len(d) == 4 and isinstance(d[0], str)
                and isinstance(d[1], str) and isinstance(d[2], int) and isinstance(d[3], int)):
            raise _bad((None, f".diagnostics[{i}]"), "expected [code, message, start, end]")
        out.append(Diagnostic(d[0], d[1], d[2], d[3]))
    return out


def _node(value: Any, wanted: type, path: _Path, push: Any) -> Node:
    """One node from its JSON value (children queued), checked to be a ``wanted``."""
    if isinstance(value, str):
        if not issubclass(Text, wanted):
            raise _bad(path, f"a Text where a {wanted.__name__} belongs")
        text = Text.__new__(Text)
        text.start = text.end = 0
        text.value = value
        return text
    if not (isinstance(value, list) and value and isinstance(value[0], str)):
        raise _bad(path, "expected a node: a string (Text) or [TypeName, fields...]")
    cls = CLASSES.get(value[0])
    if cls is None:
        raise _bad(path, f"unknown node type {value[0]!r}")
    if not issubclass(cls, wanted) or (cls is Document and path is not _ROOT):
        raise _bad(path, f"a {cls.__name__} where a {wanted.__name__} belongs")
    spec = FIELDS[cls]
    if len(value) != len(spec) + 1:
        raise _bad(path, f"{cls.__name__} has {len(spec)} fields, not {len(value) - 1}")
    node = cls.__new__(cls)
    _set(node, "start", 0)
    _set(node, "end", 0)
    if cls is Document:
        _set(node, "_line_starts", None)
        _set(node, "_config", None)
    for i, (name, kind, optional, required, annotation) in enumerate(spec, 1):
        v = value[i]
        here = (path, f"[{i}]<{name}>")
        if kind == SCALAR:
            if not isinstance(v, _SCALAR_TYPES[annotation]) or (annotation == "int" and isinstance(v, bool)):
                raise _bad(here, f"{cls.__name__}.{name} must be {annotation}")
            _set(node, name, v)
        elif v is None:
            if not optional:
                raise _bad(here, f"{cls.__name__}.{name} is required")
            _set(node, name, None)
        elif kind == CODE:
            _set(node, name, _read_code(v, here, push))
        elif kind == NODE:
            push((v, node, name, required, here))
        elif kind == NODES:
            _set(node, name, _read_many(v, required, here, push))
        else:
            if not isinstance(v, list):
                raise _bad(here, "expected an array of Wikicode")
            _set(node, name, [_read_code(c, (here, f"[{j}]"), push) for j, c in enumerate(v)])
    return node


def _read_many(v: Any, required: type, path: _Path, push: Any) -> list[Node]:
    if not isinstance(v, list):
        raise _bad(path, "expected an array of nodes")
    out: list[Any] = [None] * len(v)
    for j in range(len(v) - 1, -1, -1):
        push((v[j], out, j, required, (path, f"[{j}]")))
    return out


def _read_code(v: Any, path: _Path, push: Any) -> Wikicode:
    """A Wikicode field's value (see :func:`_code`)."""
    if isinstance(v, dict):
        wrapped = v.get("node")
        if set(v) != {"node"} or not (isinstance(wrapped, list) and len(wrapped) == 1):
            raise _bad(path, 'expected an array of nodes or {"node": [node]}')
        node = _node(wrapped[0], Wikicode, (path, ".node[0]"), push)
        assert isinstance(node, Wikicode)
        return node
    code: Wikicode = Wikicode.__new__(Wikicode)
    _set(code, "start", 0)
    _set(code, "end", 0)
    _set(code, "nodes", _read_many(v, Node, path, push))
    return code


# --------------------------------------------------------------------------------------------
# JSON Schema
# --------------------------------------------------------------------------------------------

_SCALAR_SCHEMAS: dict[str, dict[str, Any]] = {
    "str": {"type": "string"},
    "str | None": {"type": ["string", "null"]},
    "bool": {"type": "boolean"},
    "int": {"type": "integer"},
}


def _group(required: type, *, root: bool = False) -> str:
    """The ``$defs`` name of "any node that is a ``required``"."""
    return ("root" if root else "of-") + ("" if root else required.__name__)


def _group_schema(required: type, *, root: bool = False) -> dict[str, Any]:
    members = [
        name for name, cls in CLASSES.items()
        if issubclass(cls, required) and cls is not Text and (root or cls is not Document)
    ]
    alternatives: list[dict[str, Any]] = []
    if issubclass(Text, required):
        alternatives.append({"$ref": "#/$defs/Text"})
    alternatives.append({
        "type": "array",
        "prefixItems": [{"enum": members}],
        "minItems": 1,
        "allOf": [
            {"if": {"prefixItems": [{"const": m}]}, "then": {"$ref": f"#/$defs/{m}"}} for m in members
        ],
    })
    return alternatives[0] if len(alternatives) == 1 else {"anyOf": alternatives}


def _code_schema() -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "array", "items": {"$ref": "#/$defs/of-Node"}},
            {
                "type": "object",
                "required": ["node"],
                "properties": {"node": {"type": "array", "prefixItems": [{"$ref": "#/$defs/of-Wikicode"}],
                                        "minItems": 1, "maxItems": 1}},
                "additionalProperties": False,
            },
        ],
        "description": "a Wikicode: its children (or a Wikicode subclass, wrapped)",
    }


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of version 2, every field typed with what it may hold."""
    defs: dict[str, Any] = {"Text": {"type": "string", "description": "a Text node: its value"}}
    groups: set[type] = {Node, Wikicode}
    for name, cls in CLASSES.items():
        if cls is Text:
            continue
        items: list[dict[str, Any]] = [{"const": name}]
        for fname, kind, optional, required, annotation in FIELDS[cls]:
            if kind == SCALAR:
                field = dict(_SCALAR_SCHEMAS[annotation])
            elif kind == CODE:
                field = {"$ref": "#/$defs/code"}
            elif kind == NODE:
                groups.add(required)
                field = {"$ref": f"#/$defs/{_group(required)}"}
            elif kind == NODES:
                groups.add(required)
                field = {"type": "array", "items": {"$ref": f"#/$defs/{_group(required)}"}}
            else:
                field = {"type": "array", "items": {"$ref": "#/$defs/code"}}
            if optional:
                field = {"anyOf": [{"type": "null"}, field]}
            field["title"] = fname.lstrip("_")
            items.append(field)
        defs[name] = {
            "type": "array",
            "description": class_doc(cls).strip().split("\n\n")[0],
            "prefixItems": items,
            "minItems": len(items),
            "items": False,
        }
    defs["code"] = _code_schema()
    for g in sorted(groups, key=lambda c: c.__name__):
        defs[_group(g)] = _group_schema(g)
    defs["root"] = _group_schema(Node, root=True)
    diagnostic = {
        "type": "array",
        "prefixItems": [{"type": "string"}, {"type": "string"}, {"type": "integer"}, {"type": "integer"}],
        "minItems": 4,
        "items": False,
        "description": "[code, message, start, end]",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.invalid/wikiparse/ast.schema.json",
        "title": "wikiparse syntax tree, version 2",
        "description": "The JSON form of a wikiparse tree (wikiparse.to_json): see wikiparse.render._json_v2.",
        "type": "object",
        "required": ["format", "version", "root"],
        "properties": {
            "format": {"const": FORMAT},
            "version": {"const": VERSION},
            "root": {"$ref": "#/$defs/root"},
            "diagnostics": {"type": "array", "items": diagnostic},
        },
        "additionalProperties": False,
        "$defs": defs,
    }


def class_doc(cls: type) -> str:
    """The docstring of a node class.  Compiled, the classes keep none (mypyc drops them):
    they are read from the source shipped beside the extension module."""
    return cls.__doc__ or _source_docstrings().get(cls.__name__, "")


@functools.cache
def _source_docstrings() -> dict[str, str]:
    source = Path(_nodes.__file__ or "").with_name("nodes.py")
    if not source.is_file():
        return {}
    tree = ast.parse(source.read_text(encoding="utf-8"))
    return {
        c.name: ast.get_docstring(c, clean=False) or ""
        for c in tree.body
        if isinstance(c, ast.ClassDef)
    }
