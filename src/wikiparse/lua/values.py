"""Lua strings and numbers as Python text, and back (the runtime has no encoding).

Lua strings are bytes; they become ``str`` through UTF-8 with ``surrogateescape`` so that
invalid UTF-8 survives a round trip unchanged.
"""

from __future__ import annotations


def from_lua_str(value: object) -> str:
    """A Lua string (bytes) or number as Python text, as Lua's ``tostring`` would give it."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.14g}"
    if value is None:
        return ""
    return str(value)


def to_lua(value: str) -> bytes:
    """Python text as a Lua string."""
    return value.encode("utf-8", "surrogateescape")
