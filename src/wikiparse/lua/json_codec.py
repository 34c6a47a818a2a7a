"""``mw.text.jsonEncode``/``jsonDecode`` with Scribunto's rules for Lua tables.

Lua tables have no array/object distinction, so MediaWiki decides: a table whose keys are
exactly 1..n (holes filled with null) becomes a JSON array; anything else an object with
string keys.  Decoding turns JSON arrays into 1-based sequences, and object keys that are
canonical integers into numbers (PHP's array-key rule).  ``JSON_PRESERVE_KEYS`` keeps keys
as they are (0-based arrays).
"""

from __future__ import annotations

import json
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
    if isinstance(key, float) and not key.is_integer():
        return repr(key)
    return int(key)


def to_json_value(value: Any) -> Any:
    """A value prepared by mw.text.lua (tables as pair lists) as a Python JSON value."""
    if isinstance(value, bytes):
        return _text(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if not hasattr(value, "items"):
        return value
    pairs = value[b"t"]
    if pairs is None:
        return None  # { n = true }: a nil
    return [(_key(pair[1]), to_json_value(pair[2])) for pair in pairs.values()]


def _php_array(value: Any, preserve: bool) -> Any:
    """MediaWiki's reindexing: keys exactly 1..n make a JSON array, else an object."""
    if not isinstance(value, list):
        return value
    pairs = [(k, _php_array(v, preserve)) for k, v in value]
    if not pairs:
        return []
    keys = [k for k, _ in pairs]
    numbers = sorted(k for k in keys if isinstance(k, int))
    if len(numbers) == len(keys):
        start = 0 if preserve else 1
        if numbers == list(range(start, start + len(numbers))) or numbers == list(
            range(len(numbers))
        ):
            by_key = dict(pairs)
            return [by_key[k] for k in numbers]
    return {str(k): v for k, v in pairs}


def encode(value: Any, flags: int) -> str:
    """``mw.text.jsonEncode``."""
    data = _php_array(to_json_value(value), bool(flags & PRESERVE_KEYS))
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
