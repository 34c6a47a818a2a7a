"""``mw.text.jsonEncode``/``jsonDecode`` with Scribunto's rules for Lua tables.

Lua tables have no array/object distinction, so MediaWiki decides: a table whose keys are
exactly 1..n (holes filled with null) becomes a JSON array; anything else an object with
string keys.  Decoding turns JSON arrays into 1-based sequences, and object keys that are
canonical integers into numbers (PHP's array-key rule).  ``JSON_PRESERVE_KEYS`` keeps keys
as they are (0-based arrays).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

PRESERVE_KEYS = 1
TRY_FIXING = 2
PRETTY = 4
_INT_KEY = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


class JsonError(ValueError):
    """A value that cannot be encoded or text that cannot be decoded; MediaWiki's message."""


def _text(value: bytes) -> str:
    return value.decode("utf-8", "surrogateescape")


def _key(key: Any) -> int | str:
    if isinstance(key, bytes):
        text = _text(key)
        return int(text) if _INT_KEY.match(text) and abs(int(text)) < 2**63 else text
    if isinstance(key, bool):
        raise JsonError("mw.text.jsonEncode: Cannot use type 'boolean' as a table key")
    if isinstance(key, (int, float)):
        if math.isnan(key) or math.isinf(key):
            name = "nan" if math.isnan(key) else ("inf" if key > 0 else "-inf")
            raise JsonError(f"mw.text.jsonEncode: Cannot use '{name}' as a table key")
        if float(key).is_integer():
            return int(key)
        return repr(key)
    raise JsonError(f"mw.text.jsonEncode: Cannot use type '{_lua_type(key)}' as a table key")


def _lua_type(value: Any) -> str:
    if hasattr(value, "items"):
        return "table"
    return "function" if callable(value) else "userdata"


def to_json_value(value: Any, preserve: bool, stack: list[int]) -> Any:
    """A Lua value as a Python value that ``json.dumps`` writes as MediaWiki would."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, bytes):
        return _text(value)
    if isinstance(value, (int, float)):
        if math.isnan(value) or math.isinf(value):
            raise JsonError("mw.text.jsonEncode: Cannot encode non-finite numbers")
        return int(value) if float(value).is_integer() and abs(value) < 2**53 else value
    if not hasattr(value, "items"):
        raise JsonError(f"mw.text.jsonEncode: Cannot encode type '{_lua_type(value)}'")
    if id(value) in stack:
        raise JsonError("mw.text.jsonEncode: Cannot use recursive tables")
    if len(stack) > 100:
        raise JsonError("mw.text.jsonEncode: Unable to encode value")
    stack.append(id(value))
    try:
        pairs = [(_key(k), to_json_value(v, preserve, stack)) for k, v in value.items()]
    finally:
        stack.pop()
    return _php_array(pairs, preserve)


def _php_array(pairs: list[tuple[int | str, Any]], preserve: bool) -> Any:
    if not pairs:
        return []
    keys = [k for k, _ in pairs]
    numbers = [k for k in keys if isinstance(k, int)]
    if not preserve and len(numbers) == len(keys) and min(numbers) >= 1:
        top = max(numbers)
        if top <= 2 * len(numbers):  # a sequence with nil holes: MediaWiki fills them with null
            by_key = dict(pairs)
            return [by_key.get(i) for i in range(1, top + 1)]
    if len(numbers) == len(keys) and sorted(numbers) == list(range(len(numbers))):
        return [v for _, v in sorted(pairs, key=lambda p: str(p[0]).zfill(20))]
    return {str(k): v for k, v in pairs}


def encode(value: Any, flags: int) -> str:
    """``mw.text.jsonEncode``."""
    data = to_json_value(value, bool(flags & PRESERVE_KEYS), [])
    if flags & PRETTY:
        return json.dumps(data, ensure_ascii=False, indent=4).replace("/", "\\/")
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("/", "\\/")


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _decoded(value: Any, preserve: bool) -> Any:
    if isinstance(value, list):
        items = [_decoded(v, preserve) for v in value]
        if preserve:
            return dict(enumerate(items))
        return items
    if isinstance(value, dict):
        out: dict[Any, Any] = {}
        for k, v in value.items():
            key: Any = int(k) if _INT_KEY.match(k) and abs(int(k)) < 2**63 else k
            out[key] = _decoded(v, preserve)
        if not preserve and list(out) == list(range(len(out))) and out:
            return [out[i] for i in range(len(out))]
        return out
    return value


def decode(text: str, flags: int) -> Any:
    """``mw.text.jsonDecode``."""
    if flags & TRY_FIXING:
        text = _TRAILING_COMMA.sub(r"\1", text)
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise JsonError("mw.text.jsonDecode: Syntax error") from None
    return _decoded(value, bool(flags & PRESERVE_KEYS))
