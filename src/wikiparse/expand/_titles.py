"""``{{#titleparts:}}`` and ``{{#rel2abs:}}``: slash-separated title paths, as ParserFunctions
handles them."""

from __future__ import annotations

from typing import Final

import regex

from .._mw import decode_char_refs
from ..config import DEFAULT_CONFIG, ParserConfig
from ..query import normalize_title
from ._expr import error_html
from ._strfuncs import php_intval

__all__ = ["rel2abs", "titleparts"]

#: Characters MediaWiki refuses in a title (outside ``$wgLegalTitleChars``), percent-escapes,
#: and character references left after decoding.
_ILLEGAL: Final = regex.compile(
    r"[^ %!\"$&'()*,\-./0-9:;=?@A-Z\\^_`a-z~+\x80-\U0010ffff]|\ufffd"
    r"|%[0-9A-Fa-f]{2}|&[A-Za-z0-9\x80-\U0010ffff]+;"
)
_RELATIVE: Final = regex.compile(r"^\.\.?(?:/|$)|/\.\.?(?:/|$)")
_CURRENT_DIR: Final = regex.compile(r"/(?:\./)+")
_SLASHES: Final = regex.compile(r"/{2,}")
_MAX_SPLIT: Final = 25


def titleparts(
    title: str, parts: str | int = 0, first: str | int = 0, *, config: ParserConfig | None = None
) -> str:
    """``{{#titleparts:title|parts|first}}``: ``parts`` slash-separated segments of the
    normalised title starting at segment ``first`` (1-based; negatives count from the end;
    ``parts`` 0 means all, negative drops that many from the end).  Only the first 25
    segments are split.  An invalid title comes back unchanged."""
    normalized = _valid_title(title, config or DEFAULT_CONFIG)
    if normalized is None:
        return title
    bits = normalized.split("/", _MAX_SPLIT - 1)
    offset = php_intval(first)
    if offset > 0:
        offset -= 1
    length = php_intval(parts)
    return "/".join(_array_slice(bits, offset, length if length != 0 else None))


def _array_slice(items: list[str], offset: int, length: int | None) -> list[str]:
    """PHP's ``array_slice`` on a list."""
    size = len(items)
    start = max(size + offset, 0) if offset < 0 else min(offset, size)
    if length is None:
        return items[start:]
    stop = size + length if length < 0 else start + length
    return items[start:stop] if stop > start else []


def _valid_title(text: str, config: ParserConfig) -> str | None:
    """``Title::newFromText($text)->getPrefixedText()``, or None where MediaWiki finds no title.

    The fragment (after ``#``) is dropped; a title made only of a fragment is ``""``.
    """
    decoded = decode_char_refs(text)
    decoded, _, _ = decoded.partition("#")
    if not text.strip():
        return None
    if _ILLEGAL.search(decoded):
        return None
    if not decoded.strip(" _"):
        return "" if "#" in text else None
    normalized = normalize_title(decoded, config=config)
    prefix, colon, rest = normalized.partition(":")
    namespace = config.namespace_id(prefix) if colon else None
    dbkey = rest if namespace not in (None, 0) else normalized
    if namespace not in (None, 0) and (not dbkey or dbkey.startswith(":")):
        return None
    if namespace == 1 and _names_another_namespace(dbkey, config):
        return None  # "Talk:File:x" and "Talk:Interwiki:x" are not titles
    if "." in dbkey and _RELATIVE.search(dbkey):
        return None
    if "~~~" in dbkey or (len(dbkey.encode("utf-8", "surrogatepass")) > 255 and namespace != -1):
        return None
    return normalized


def _names_another_namespace(dbkey: str, config: ParserConfig) -> bool:
    prefix, colon, _ = dbkey.partition(":")
    if not colon:
        return False
    low = prefix.strip().lower()
    return bool(config.namespace_id(prefix)) or low in (
        config.interwiki_prefixes | config.interlanguage_prefixes
    )


def rel2abs(path: str, base: str = "") -> str:
    """``{{#rel2abs:path|base}}``: resolve a relative page path (``/sub``, ``./sub``, ``../x``)
    against ``base`` (the caller passes the current page title when the argument is empty or
    missing).  A path that climbs above the root gives MediaWiki's error markup."""
    base = base.strip(" \t\n\r\0\x0b")
    path = path.rstrip(" /")
    if path in ("", "."):
        return base
    if not (path.startswith(("/", "./", "../")) or path == ".."):
        base = ""
    full = _SLASHES.sub("/", _CURRENT_DIR.sub("/", f"/{base}/{path}/")).strip("/")
    resolved: list[str] = []
    for segment in full.split("/"):
        if segment == "..":
            if not resolved:
                message = (
                    f'Error: Invalid depth in path: "{full}" '
                    "(tried to access a node above the root node)."
                )
                return error_html(message)
            resolved.pop()
        else:
            resolved.append(segment)
    return "/".join(resolved)
