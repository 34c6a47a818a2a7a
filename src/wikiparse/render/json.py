"""The JSON form of the syntax tree, and back.

Every node becomes one JSON object::

    {"type": "Heading", "span": [0, 14], "level": 2, "open": "==", "title": {...}, ...}

* ``type`` is the node class name (see :mod:`wikiparse.nodes`);
* ``span`` is ``[start, end]``, the half-open character offsets into the parsed text;
* every other key is one attrs field of the class, under its own name: scalars (strings,
  integers, booleans, null) as they are, a child node as a nested object (or null when the
  field is optional and empty), a list of children as an array of objects.  A private field
  marked ``metadata={"json": key}`` is written under that key: ``Parameter._name`` (the name
  as written, null for a positional parameter) is ``"name"``.

:class:`~wikiparse.nodes.Document` also carries ``source`` and ``diagnostics`` (an array of
``{"code", "message", "start", "end"}``).  The form is described by the JSON Schema shipped as
``wikiparse/schema/ast.schema.json`` (see :func:`build_schema`), and ``from_json(to_json(doc))``
gives back an equal tree: same text, same classes, same spans.

Both directions walk with explicit stacks, so depth is never limited by Python's recursion
limit.  The per-class field layout is computed once, at import, from the attrs field
declarations: conversion is a table lookup per node rather than reflection per node.
:func:`dumps` writes JSON text iteratively too (the standard library's encoder recurses).
"""

from __future__ import annotations

import json as _json
import re
from collections.abc import Callable
from typing import Any

import attrs

from .. import nodes as _nodes
from .._parse import gc_paused
from ..nodes import Diagnostic, Document, Node, number_templates
from . import _json_v2 as _v2

__all__ = [
    "FIELD_TABLE",
    "NODE_CLASSES",
    "build_schema",
    "dumps",
    "from_json",
    "load_schema",
    "loads",
    "to_json",
]

#: Field kinds: a scalar, a child node, an optional child node, or a list of child nodes.
SCALAR, NODE, OPT_NODE, NODES = "scalar", "node", "node?", "nodes"

_ABSTRACT = {"Node", "Tag"}

#: JSON Schema fragments for the scalar annotations used by node fields.
_SCALAR_SCHEMAS: dict[str, dict[str, Any]] = {
    "str": {"type": "string"},
    "str | None": {"type": ["string", "null"]},
    "bool": {"type": "boolean"},
    "int": {"type": "integer"},
}


def _kind(annotation: str) -> str:
    """Classify a (string) attrs annotation of a node field."""
    if annotation in _SCALAR_SCHEMAS:
        return SCALAR
    if annotation.startswith("list["):
        return NODES
    if annotation.endswith("| None"):
        return OPT_NODE
    return NODE


def _node_classes() -> dict[str, type[Node]]:
    """Every concrete node class exported by :mod:`wikiparse.nodes`, by name."""
    out: dict[str, type[Node]] = {}
    for name in _nodes.__all__:
        obj = getattr(_nodes, name)
        if isinstance(obj, type) and issubclass(obj, Node) and name not in _ABSTRACT:
            out[name] = obj
    return out


#: Class name -> class, for every node type that can appear in the JSON form.
NODE_CLASSES: dict[str, type[Node]] = _node_classes()

#: Class -> ((field name, kind, annotation), ...) without ``start``/``end``; Document's
#: ``diagnostics`` and private fields are handled apart.
FIELD_TABLE: dict[type[Node], tuple[tuple[str, str, str], ...]] = {
    cls: tuple(
        (f.metadata.get("json", f.name), _kind(str(f.type)), str(f.type))
        for f in attrs.fields(cls)
        if f.name not in ("start", "end", "diagnostics")
        and (not f.name.startswith("_") or "json" in f.metadata)
    )
    for cls in NODE_CLASSES.values()
}

_SCALARS: dict[type[Node], tuple[str, ...]] = {
    cls: tuple(n for n, k, _ in fields if k == SCALAR) for cls, fields in FIELD_TABLE.items()
}
_CHILDREN: dict[type[Node], tuple[tuple[str, str], ...]] = {
    cls: tuple((n, k) for n, k, _ in fields if k != SCALAR) for cls, fields in FIELD_TABLE.items()
}


def _diagnostics_to_json(diags: list[Diagnostic]) -> list[dict[str, Any]]:
    return [{"code": d.code, "message": d.message, "start": d.start, "end": d.end} for d in diags]


# --------------------------------------------------------------------------------------------
# Per-class converters, generated once from FIELD_TABLE
# --------------------------------------------------------------------------------------------
#
# Each class gets a "make" function (one node -> its object with scalars, children not yet
# converted) and, when it has children, a "fill" function that converts the direct children
# with their own make functions and queues them for filling.  A conversion is then one stack
# of (fill, node, obj) jobs: no recursion, and per node one dict or constructor call built from
# straight-line code instead of a loop over field descriptions.

_Push = Callable[[tuple[Any, Any, Any]], None]
_DUMP: dict[type, Callable[[Any, _Push], dict[str, Any]]] = {}
_LOAD: dict[str, Callable[[Any, _Push], Node]] = {}


def _generate(cls: type[Node]) -> str:
    """Python source of the four converters of one class (see the comment above)."""
    name = cls.__name__
    fields = FIELD_TABLE[cls]
    scalars = [f for f, k, _ in fields if k == SCALAR]
    children = [(f, k) for f, k, _ in fields if k != SCALAR]
    extra = ', "diagnostics": _diags(n.diagnostics)' if cls is Document else ""
    # A private field written under a public key (Parameter._name as "name") is read raw.
    raw = {f.metadata["json"]: f.name for f in attrs.fields(cls) if "json" in f.metadata}
    dump_items = "".join(f', "{f}": n.{f}' for f in scalars)
    lines = [
        f"def dump_{name}(n, push):",
        f'    d = {{"type": "{name}", "span": [n.start, n.end]{dump_items}{extra}}}',
    ]
    if children:
        lines.append(f"    push((dfill_{name}, n, d))")
    lines.append("    return d")
    load_args = "".join(f', {f}=d["{f}"]' for f in scalars)
    # Children are filled in later; meanwhile a field holds a value of its own type (compiled
    # node classes check the type of every field they are given).
    load_args += "".join(
        f", {f}=[]" if k == NODES else f", {f}=None" if k == OPT_NODE else f", {f}=PLACEHOLDER_{ann}"
        for f, k, ann in fields
        if k != SCALAR
    )
    lines += [
        f"def load_{name}(d, push):",
        '    s = d["span"]',
        f"    n = {name}(start=s[0], end=s[1]{load_args})",
    ]
    if cls is Document:
        lines.append('    n.diagnostics = [Diagnostic(x["code"], x["message"], x["start"], x["end"])'
                     ' for x in d["diagnostics"]]')
    if children:
        lines.append(f"    push((lfill_{name}, n, d))")
    lines.append("    return n")
    if children:
        lines.append(f"def dfill_{name}(n, d, push):")
        for f, k in children:
            if k == NODES:
                lines.append(f'    d["{f}"] = [DUMP[c.__class__](c, push) for c in n.{raw.get(f, f)}]')
            elif k == NODE:
                lines.append(f'    c = n.{raw.get(f, f)}; d["{f}"] = DUMP[c.__class__](c, push)')
            else:
                lines.append(
                    f'    c = n.{raw.get(f, f)}; d["{f}"] = None if c is None else DUMP[c.__class__](c, push)'
                )
        lines.append(f"def lfill_{name}(n, d, push):")
        for f, k in children:
            if k == NODES:
                lines.append(f'    n.{f} = [LOAD[c["type"]](c, push) for c in d["{f}"]]')
            elif k == NODE:
                lines.append(f'    c = d["{f}"]; n.{f} = LOAD[c["type"]](c, push)')
            else:
                lines.append(
                    f'    c = d["{f}"]; n.{f} = None if c is None else LOAD[c["type"]](c, push)'
                )
    return "\n".join(lines) + "\n"


def _build_converters() -> None:
    namespace: dict[str, Any] = {
        "DUMP": _DUMP,
        "LOAD": _LOAD,
        "Diagnostic": Diagnostic,
        "_diags": _diagnostics_to_json,
        **NODE_CLASSES,
        # One shared, never-kept instance per class a required child field holds.
        **{
            f"PLACEHOLDER_{ann}": NODE_CLASSES[ann]()
            for fields in FIELD_TABLE.values()
            for _f, kind, ann in fields
            if kind == NODE
        },
    }
    for name, cls in NODE_CLASSES.items():
        exec(compile(_generate(cls), f"<wikiparse.json:{name}>", "exec"), namespace)
        _DUMP[cls] = namespace[f"dump_{name}"]
        _LOAD[name] = namespace[f"load_{name}"]


_build_converters()


def _run(jobs: list[tuple[Any, Any, Any]]) -> None:
    """Drain a stack of (fill, source, target) jobs; each fill may queue more.

    The collector is paused throughout: a conversion allocates one container per node and
    frees none, the very pattern that makes CPython rescan every live object again and again
    (5x slower on the sample dump, and quadratic on a deeply nested page, with it running).
    """
    pop, push = jobs.pop, jobs.append
    with gc_paused():
        while jobs:
            fill, a, b = pop()
            fill(a, b, push)


def to_json(doc: Node, *, version: int = 2) -> dict[str, Any]:
    """The JSON-ready ``dict`` of ``doc`` (any node; usually a :class:`Document`).

    ``version=2`` (the default) is the compact form of :mod:`wikiparse.render._json_v2`;
    ``version=1`` the verbose one described above, which :func:`from_json` still reads."""
    if version == 2:
        with gc_paused():  # one container per node, none freed: see _run
            return _v2.encode(doc)
    if version != 1:
        raise ValueError(f"to_json: no JSON form version {version!r} (1 or 2)")
    try:
        make = _DUMP[type(doc)]
    except KeyError:
        raise TypeError(f"to_json: {type(doc).__name__} is not a wikiparse node class") from None
    jobs: list[tuple[Any, Any, Any]] = []
    try:
        root = make(doc, jobs.append)
        _run(jobs)
    except (KeyError, AttributeError) as exc:
        raise TypeError(f"to_json: the tree holds something that is not a node ({exc})") from None
    return root


def _bad(path: str, message: str) -> ValueError:
    return ValueError(f"from_json: {path}: {message}")


def from_json(data: Any) -> Document:
    """Rebuild the tree of :func:`to_json` output (a ``dict``, or JSON text).

    Raises :class:`ValueError` naming the offending path when ``data`` is not in the documented
    form.  The root must be a ``Document``; use :func:`node_from_json` for other nodes.
    """
    node = node_from_json(data)
    if not isinstance(node, Document):
        raise _bad("$", f"the root is a {type(node).__name__}, not a Document")
    return node


def node_from_json(data: Any) -> Node:
    """Rebuild any node (and its subtree) from its JSON form."""
    if isinstance(data, str | bytes):
        with gc_paused():
            data = loads(data)
    if isinstance(data, dict) and "version" in data:
        with gc_paused():
            node = _v2.decode(data)
    else:
        jobs: list[tuple[Any, Any, Any]] = []
        try:
            node = _LOAD[data["type"]](data, jobs.append)
            _run(jobs)
        except (KeyError, TypeError, IndexError, AttributeError):
            # Not exactly the documented form: the careful reader below names the problem
            # (or accepts what it can, such as an object that leaves out a field).
            node = _careful_from_json(data)
    # parameters are filled after their templates: number the positional ones now
    number_templates(node)
    return node


def _careful_from_json(data: Any) -> Node:
    """The checking reader: slower, reports the path of the first problem."""
    holder: list[Any] = [None]
    # Paths are linked tuples (parent, step), spelled out only for an error message: building
    # the string for every node would cost time proportional to depth at every level.
    stack: list[tuple[Any, Any, Any, _Path]] = [(data, holder, 0, None)]
    pop, push = stack.pop, stack.append
    children_of = _CHILDREN
    while stack:
        d, container, key, path = pop()
        node = _make_node(d, path)
        for name, kind in children_of[type(node)]:
            value = d.get(name)
            if kind == NODES:
                if not isinstance(value, list):
                    raise _bad(_spell((path, "." + name)), "expected an array of nodes")
                slots: list[Any] = [None] * len(value)
                # Without the assignment hook: it would number parameters not read yet (the
                # caller numbers them all at the end).
                object.__setattr__(node, name, slots)
                for i in range(len(value) - 1, -1, -1):
                    push((value[i], slots, i, (path, f".{name}[{i}]")))
            elif value is None:
                if kind == NODE:
                    raise _bad(_spell((path, "." + name)), "a node is required here")
                setattr(node, name, None)
            else:
                push((value, node, name, (path, "." + name)))
        if isinstance(container, list):
            container[key] = node
        else:
            setattr(container, key, node)
    result = holder[0]
    assert isinstance(result, Node)
    return result


#: A path into the JSON as a linked list of steps (shared with the version-2 reader).
_Path = _v2.JsonPath
_spell = _v2.spell_path


def _make_node(d: Any, path: _Path) -> Node:
    """One node with its scalar fields and span set (child fields are filled by the caller)."""
    if not isinstance(d, dict):
        raise _bad(_spell(path), f"expected a node object, got {type(d).__name__}")
    cls = NODE_CLASSES.get(d.get("type"))  # type: ignore[arg-type]
    if cls is None:
        raise _bad(_spell(path), f"unknown node type {d.get('type')!r}")
    span = d.get("span")
    if not (isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span)):
        raise _bad(_spell(path), "span must be [start, end]")
    kwargs: dict[str, Any] = {"start": span[0], "end": span[1]}
    for name in _SCALARS[cls]:
        if name in d:
            kwargs[name] = d[name]
    try:
        node = cls(**kwargs)
    except TypeError as exc:  # pragma: no cover - attrs rejects only unknown keywords
        raise _bad(_spell(path), str(exc)) from None
    if cls is Document:
        diags = d.get("diagnostics") or []
        node.diagnostics = [  # type: ignore[attr-defined]
            Diagnostic(x["code"], x["message"], x["start"], x["end"]) for x in diags
        ]
    return node


# --------------------------------------------------------------------------------------------
# JSON text, without recursion
# --------------------------------------------------------------------------------------------

_encode_str: Callable[[str], str] = _json.encoder.encode_basestring_ascii


def dumps(doc_or_data: Node | dict[str, Any], *, ensure_ascii: bool = False) -> str:
    """Compact JSON text of a node (or of a :func:`to_json` dict), written iteratively.

    ``json.dumps`` recurses once per nesting level and fails on very deep trees; this writer
    does not: ordinary trees go through the fast C encoder, trees too deep for it through an
    iterative writer.  The output parses with any JSON reader (``json.loads`` for ordinary
    depths).
    """
    data = to_json(doc_or_data) if isinstance(doc_or_data, Node) else doc_or_data
    return _escape_surrogates(_json_text(data, ensure_ascii))


def dumps_line(record: dict[str, Any]) -> bytes:
    """``dumps(record)`` as one UTF-8 JSONL line (the dump workers' output), emptying
    ``record`` on the way (it is the caller's, built for this line).

    Only a strict UTF-8 encode that fails (on a lone surrogate) makes the text be scanned
    for surrogates to escape, which saves :func:`dumps`' scan of every page's output.  The
    record is emptied once its JSON text exists, so a big page's output is freed before the
    text is encoded (the output, its JSON text and their bytes held at once were a worker's
    peak on a 50 MB page), and the newline is added to the bytes (adding it to the ``str``
    would copy the text once more, at 1-4 bytes a character).
    """
    line = _json_text(record, False)
    record.clear()
    try:
        return line.encode("utf-8") + b"\n"
    except UnicodeEncodeError:  # a lone surrogate (a str may hold one)
        return _escape_surrogates(line).encode("utf-8") + b"\n"


def _json_text(data: Any, ensure_ascii: bool) -> str:
    """Compact JSON text of ``data``: the C encoder, or the iterative writer for data deeper
    than the C encoder's recursion limit.  Lone surrogates are left as they are."""
    try:
        return _json.dumps(data, ensure_ascii=ensure_ascii, separators=(",", ":"))
    except RecursionError:  # deeper than the C encoder's limit: write it ourselves
        with gc_paused():
            return _write(data, ensure_ascii)


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _escape_surrogates(text: str) -> str:
    """Lone surrogates (a ``str`` may hold them) as ``\\udXXX`` escapes: the text is then
    valid UTF-8, and reads back to the same string.  They can only stand inside strings."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _write(data: Any, ensure_ascii: bool) -> str:
    """The iterative JSON writer behind :func:`dumps`."""
    enc = _encode_str if ensure_ascii else _json.encoder.encode_basestring
    out: list[str] = []
    emit = out.append
    stack: list[Any] = [data]
    pop, push = stack.pop, stack.append
    close_obj, close_arr = object(), object()
    while stack:
        item = pop()
        if item is close_obj:
            emit("}")
        elif item is close_arr:
            emit("]")
        elif isinstance(item, _Raw):
            emit(item.text)
        elif isinstance(item, str):
            emit(enc(item))
        elif item is None:
            emit("null")
        elif item is True:
            emit("true")
        elif item is False:
            emit("false")
        elif isinstance(item, int | float):
            emit(_json.dumps(item))
        elif isinstance(item, dict):
            emit("{")
            push(close_obj)
            entries = list(item.items())
            for i in range(len(entries) - 1, -1, -1):
                k, v = entries[i]
                push(v)
                push(_Raw(("," if i else "") + enc(str(k)) + ":"))
        elif isinstance(item, list | tuple):
            emit("[")
            push(close_arr)
            for i in range(len(item) - 1, -1, -1):
                push(item[i])
                if i:
                    push(_Raw(","))
        else:
            raise TypeError(f"dumps: cannot encode {type(item).__name__}")
    return "".join(out)


class _Raw:
    """Literal JSON punctuation queued on the writer's stack."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def loads(text: str | bytes) -> Any:
    """Parse JSON text at any nesting depth.

    Ordinary text goes through the standard library's C reader; text nested deeper than it can
    go (it recurses, about a thousand levels) through :func:`_read`, an iterative reader that
    gives the same values.  A page such as ``'{{a|' * 197 + 'x' + '}}' * 197`` is already that
    deep in JSON (five levels per template), so this is not only a theoretical case.
    """
    if isinstance(text, bytes | bytearray):
        text = text.decode(_json.detect_encoding(text), "surrogatepass")
    try:
        return _json.loads(text)
    except RecursionError:
        return _read(text)


_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"(-?(?:0|[1-9][0-9]*))(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERALS = {"true": True, "false": False, "null": None}
_scanstring: Callable[[str, int], tuple[str, int]] = _json.decoder.scanstring  # type: ignore[attr-defined]


def _read(text: str) -> Any:
    with gc_paused():
        return _read_iteratively(text)


def _read_iteratively(text: str) -> Any:
    """Iterative JSON reader: one explicit stack of open arrays and objects, no recursion.

    Strings go through the standard library's own (C) string scanner, so escapes and errors
    are exactly ``json.loads``'s; errors are :class:`json.JSONDecodeError` too.
    """
    stack: list[Any] = []  # open containers
    keys: list[str] = []  # for each open object: the key whose value comes next
    root: list[Any] = []
    pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
    want_value = True
    while True:
        if want_value:
            value, pos, opened = _read_value(text, pos)
            if stack:
                top = stack[-1]
                if type(top) is list:
                    top.append(value)
                else:
                    top[keys[-1]] = value
            else:
                root.append(value)
            if opened:
                stack.append(value)
                pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                closer = "]" if type(value) is list else "}"
                if text.startswith(closer, pos):
                    stack.pop()
                    pos += 1
                    want_value = False
                elif type(value) is dict:
                    keys.append("")
                    pos = _read_key(text, pos, keys)
                continue
            want_value = False
            continue
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if not stack:
            if pos != len(text):
                raise _json.JSONDecodeError("Extra data", text, pos)
            return root[0]
        top = stack[-1]
        char = text[pos : pos + 1]
        if char == ",":
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
            if type(top) is dict:
                pos = _read_key(text, pos, keys)
            want_value = True
        elif char == ("]" if type(top) is list else "}"):
            stack.pop()
            if type(top) is dict:
                keys.pop()
            pos += 1
        else:
            raise _json.JSONDecodeError("Expecting ',' delimiter", text, pos)


def _read_key(text: str, pos: int, keys: list[str]) -> int:
    """Read ``"key" :`` at ``pos`` into ``keys[-1]``; the position of the value after it."""
    if not text.startswith('"', pos):
        raise _json.JSONDecodeError("Expecting property name enclosed in double quotes", text, pos)
    keys[-1], pos = _scanstring(text, pos + 1)
    pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
    if not text.startswith(":", pos):
        raise _json.JSONDecodeError("Expecting ':' delimiter", text, pos)
    return _WS.match(text, pos + 1).end()  # type: ignore[union-attr]


def _read_value(text: str, pos: int) -> tuple[Any, int, bool]:
    """The value at ``pos``: (value, position after it, whether it is an opened container)."""
    char = text[pos : pos + 1]
    if char == "{":
        return {}, pos + 1, True
    if char == "[":
        return [], pos + 1, True
    if char == '"':
        value, pos = _scanstring(text, pos + 1)
        return value, pos, False
    for word, literal in _LITERALS.items():
        if text.startswith(word, pos):
            return literal, pos + len(word), False
    match = _NUMBER.match(text, pos)
    if match is None:
        raise _json.JSONDecodeError("Expecting value", text, pos)
    integer, fraction, exponent = match.groups()
    if fraction or exponent:
        return float(integer + (fraction or "") + (exponent or "")), match.end(), False
    return int(integer), match.end(), False


# --------------------------------------------------------------------------------------------
# JSON Schema
# --------------------------------------------------------------------------------------------

SCHEMA_ID = "https://example.invalid/wikiparse/ast.schema.json"


def build_schema(version: int = 2) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a version of the JSON form.

    Version 2 types every field with the node classes it may hold; version 1 (generated from
    :data:`FIELD_TABLE`) only says "a node".  The shipped ``schema/ast.schema.json`` and
    ``schema/ast-v1.schema.json`` are these dicts; a test keeps them identical.
    """
    if version == 2:
        return _v2.schema()
    node_ref = {"$ref": "#/$defs/node"}
    defs: dict[str, Any] = {
        "span": {
            "type": "array",
            "prefixItems": [{"type": "integer"}, {"type": "integer"}],
            "minItems": 2,
            "maxItems": 2,
            "description": "[start, end]: half-open character offsets into the parsed text",
        },
        "diagnostic": {
            "type": "object",
            "required": ["code", "message", "start", "end"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "start": {"type": "integer"},
                "end": {"type": "integer"},
            },
            "additionalProperties": False,
        },
    }
    dispatch: list[dict[str, Any]] = []
    for name, cls in NODE_CLASSES.items():
        props: dict[str, Any] = {"type": {"const": name}, "span": {"$ref": "#/$defs/span"}}
        for fname, kind, annotation in FIELD_TABLE[cls]:
            if kind == SCALAR:
                props[fname] = dict(_SCALAR_SCHEMAS[annotation])
            elif kind == NODE:
                props[fname] = node_ref
            elif kind == OPT_NODE:
                props[fname] = {"oneOf": [{"type": "null"}, node_ref]}
            else:
                props[fname] = {"type": "array", "items": node_ref}
        if cls is Document:
            props["diagnostics"] = {"type": "array", "items": {"$ref": "#/$defs/diagnostic"}}
        defs[name] = {
            "type": "object",
            "description": _v2.class_doc(cls).strip().split("\n\n")[0],
            "required": sorted(props),
            "properties": props,
            "additionalProperties": False,
        }
        dispatch.append(
            {"if": {"properties": {"type": {"const": name}}}, "then": {"$ref": f"#/$defs/{name}"}}
        )
    defs["node"] = {
        "type": "object",
        "required": ["type", "span"],
        "properties": {"type": {"enum": list(NODE_CLASSES)}},
        "allOf": dispatch,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID.replace("ast.schema", "ast-v1.schema"),
        "title": "wikiparse syntax tree",
        "description": "The JSON form of a wikiparse Document (wikiparse.to_json).",
        "$ref": "#/$defs/Document",
        "$defs": defs,
    }


def load_schema(version: int = 2) -> dict[str, Any]:
    """The shipped schema file of a version of the JSON form (package data)."""
    from importlib import resources

    name = "ast.schema.json" if version == 2 else f"ast-v{version}.schema.json"
    text = resources.files("wikiparse").joinpath(f"schema/{name}").read_text("utf-8")
    result: dict[str, Any] = _json.loads(text)
    return result
