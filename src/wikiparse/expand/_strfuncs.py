"""ParserFunctions' string functions: ``#len``, ``#pos``, ``#rpos``, ``#sub``, ``#count``,
``#replace``, ``#explode`` and ``#urldecode``.

Each takes its arguments as the expander hands them over (expanded and trimmed text; a missing
argument is left at its default, extra ones are ignored as MediaWiki ignores them) and returns
the text MediaWiki puts in its place, error markup included.  MediaWiki's rules that matter:

* strip markers (``\\x7f'"`UNIQ-...-QINU`"'\\x7f``) are removed from every string argument first
  (``Parser::killMarkers``), so ``{{#len:<nowiki>abc</nowiki>}}`` is ``0``;
* every string argument (and ``#replace``'s result) must be shorter than
  ``$wgPFStringLengthLimit`` (1,000) characters, else the result is
  ``<strong class="error">Error: String exceeds 1,000 character limit.</strong>``
  (``#len`` has no limit);
* an empty needle or delimiter means a single space;
* numbers are read the way PHP casts a string to ``int`` (leading number, ``1e2`` is 100,
  anything else 0), and ``#explode``'s position is compared the way PHP 8 compares a string with
  an integer (so ``- 1`` and ``01`` select nothing).

Lengths and offsets count Unicode code points, as PHP's ``mb_*`` functions do on UTF-8.
"""

from __future__ import annotations

import math
from typing import Final

import regex

from ._expr import error_html

__all__ = [
    "STRING_LENGTH_LIMIT",
    "count",
    "explode",
    "kill_markers",
    "len_",
    "php_intval",
    "php_is_numeric",
    "pos",
    "replace",
    "rpos",
    "sub",
    "urldecode",
]

#: ``$wgPFStringLengthLimit``: strings must be strictly shorter than this.
STRING_LENGTH_LIMIT: Final = 1000

_MARKER: Final = regex.compile("\x7f'\"`UNIQ-[^\x7f<>&'\"]+-QINU`\"'\x7f")
#: PHP 8's numeric strings: optional surrounding whitespace, a decimal or float literal.
_NUMERIC: Final = regex.compile(
    r"[ \t\n\r\v\f]*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)[ \t\n\r\v\f]*"
)
#: The numeric prefix PHP's ``(int)`` cast reads (leading whitespace allowed).
_LEADING_NUMBER: Final = regex.compile(
    r"[ \t\n\r\v\f]*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
)
_INTEGER: Final = regex.compile(r"[+-]?[0-9]+")
#: Array keys PHP stores as integers: canonical decimal spellings.
_CANONICAL_INT: Final = regex.compile(r"0|-?[1-9][0-9]*")
_PERCENT: Final = regex.compile(rb"%([0-9A-Fa-f]{2})")
_INT_MAX: Final = 2**63 - 1
_INT_MIN: Final = -(2**63)


def kill_markers(text: str) -> str:
    """Remove MediaWiki strip markers, as ``Parser::killMarkers`` does."""
    return _MARKER.sub("", text) if "\x7f" in text else text


def php_is_numeric(text: str) -> bool:
    """PHP 8's ``is_numeric`` for a string."""
    return _NUMERIC.fullmatch(text) is not None


def php_intval(value: str | int) -> int:
    """PHP's ``(int)`` cast of a string: its leading number (floats truncated and capped to the
    int64 range, infinities 0), or 0."""
    if isinstance(value, int):
        return value
    m = _LEADING_NUMBER.match(value)
    if m is None:
        return 0
    literal = m.group(1)
    if _INTEGER.fullmatch(literal):
        number = int(literal)
        if _INT_MIN <= number <= _INT_MAX:
            return number
    as_float = float(literal)
    if not math.isfinite(as_float):
        return 0
    if as_float >= 9.223372036854775807e18:
        return _INT_MAX
    if as_float <= -9.223372036854775808e18:
        return _INT_MIN
    return int(as_float)


def _too_long(*texts: str) -> bool:
    return any(len(t) >= STRING_LENGTH_LIMIT for t in texts)


def _too_long_error() -> str:
    return error_html(f"Error: String exceeds {STRING_LENGTH_LIMIT:,} character limit.")


def len_(s: str = "", *_ignored: str) -> str:
    """``{{#len:s}}``: the number of characters (no length limit)."""
    return str(len(kill_markers(s)))


def pos(haystack: str = "", needle: str = "", offset: str | int = 0, *_ignored: str) -> str:
    """``{{#pos:haystack|needle|offset}}``: first index of ``needle`` at or after ``offset``
    (negative: counted from the end), or ``""`` if absent.

    An offset before the start makes PHP throw (MediaWiki shows a fatal error); we return ``""``.
    """
    haystack, needle = kill_markers(haystack), kill_markers(needle)
    if _too_long(haystack, needle):
        return _too_long_error()
    needle = needle or " "
    start = min(php_intval(offset), len(haystack))
    if start < 0:
        start += len(haystack)
        if start < 0:
            return ""
    found = haystack.find(needle, start)
    return "" if found < 0 else str(found)


def rpos(haystack: str = "", needle: str = "", *_ignored: str) -> str:
    """``{{#rpos:haystack|needle}}``: last index of ``needle``, or ``-1``."""
    haystack, needle = kill_markers(haystack), kill_markers(needle)
    if _too_long(haystack, needle):
        return _too_long_error()
    return str(haystack.rfind(needle or " "))


def sub(s: str = "", start: str | int = 0, length: str | int = 0, *_ignored: str) -> str:
    """``{{#sub:s|start|length}}``: ``mb_substr``; a length of 0 means "to the end", a negative
    start counts from the end and a negative length stops that far before the end."""
    s = kill_markers(s)
    if _too_long(s):
        return _too_long_error()
    size = len(s)
    begin = php_intval(start)
    if begin < 0:
        begin = max(size + begin, 0)
    if begin > size:
        return ""
    n = php_intval(length)
    if n == 0:
        return s[begin:]
    stop = begin + n if n > 0 else size + n
    return s[begin:stop] if stop > begin else ""


def count(s: str = "", substring: str = "", *_ignored: str) -> str:
    """``{{#count:s|substring}}``: non-overlapping occurrences."""
    s, substring = kill_markers(s), kill_markers(substring)
    if _too_long(s, substring):
        return _too_long_error()
    return str(s.count(substring or " "))


def replace(
    s: str = "", old: str = "", new: str = "", limit: str | int = -1, *_ignored: str
) -> str:
    """``{{#replace:s|old|new|limit}}``: replace at most ``limit`` occurrences (negative: all;
    the count is also capped so the result cannot grow far past the length limit)."""
    s, old, new = kill_markers(s), kill_markers(old), kill_markers(new)
    if _too_long(s, old, new):
        return _too_long_error()
    old = old or " "
    growth = len(new) - len(old)
    cap = (STRING_LENGTH_LIMIT - len(s)) // growth + 1 if growth > 0 else -1
    wanted = php_intval(limit)
    if wanted >= 0 and (cap > wanted or cap == -1):
        cap = wanted
    result = s.replace(old, new, cap)
    if _too_long(result):
        return _too_long_error()
    return result


def explode(
    s: str = "",
    delimiter: str = "",
    position: str | int = 0,
    limit: str | int | None = None,
    *_ignored: str,
) -> str:
    """``{{#explode:s|delimiter|position|limit}}``: the ``position``-th piece (negative: from
    the end) of ``s`` split on ``delimiter`` into at most ``limit`` pieces, or ``""``."""
    s, delimiter = kill_markers(s), kill_markers(delimiter)
    delimiter = delimiter or " "
    if _too_long(s, delimiter):
        return _too_long_error()
    pieces = _split(s, delimiter, 0 if limit is None else php_intval(limit))
    index = _piece_index(position, len(pieces))
    return pieces[index] if index is not None else ""


def _split(s: str, delimiter: str, limit: int) -> list[str]:
    """``preg_split`` with a literal pattern: limit 0 or -1 is unlimited, other negatives and
    1 leave the string whole."""
    if limit in (0, -1):
        return s.split(delimiter)
    if limit < 1:
        return [s]
    return s.split(delimiter, limit - 1)


def _piece_index(position: str | int, size: int) -> int | None:
    """Which piece MediaWiki's ``#explode`` returns, following PHP 8's comparison rules:
    ``$pos >= 0 && isset($pieces[$pos])`` then ``$pos < 0 && isset($pieces[count + (int)$pos])``."""
    if isinstance(position, int):
        sign = (position > 0) - (position < 0)
        key: int | None = position
    else:
        sign = _compare_with_zero(position)
        key = int(position) if _CANONICAL_INT.fullmatch(position) else None
        if key is not None and not _INT_MIN <= key <= _INT_MAX:
            key = None
    if sign >= 0:
        return key if key is not None and 0 <= key < size else None
    index = size + php_intval(position)
    return index if 0 <= index < size else None


def _compare_with_zero(text: str) -> int:
    """PHP 8's ``$text <=> 0``: numerically for a numeric string, else as strings with ``"0"``."""
    m = _NUMERIC.fullmatch(text)
    if m is not None:
        value = float(m.group(1))
        return (value > 0) - (value < 0)
    raw = text.encode("utf-8", "surrogatepass")
    return (raw > b"0") - (raw < b"0")


def urldecode(s: str = "", *_ignored: str) -> str:
    """``{{#urldecode:s}}``: PHP's ``urldecode`` (``+`` is a space, ``%XX`` a byte; bytes that
    are not UTF-8 become U+FFFD)."""
    s = kill_markers(s)
    if _too_long(s):
        return _too_long_error()
    if "%" not in s and "+" not in s:
        return s
    raw = s.encode("utf-8", "surrogatepass").replace(b"+", b" ")
    raw = _PERCENT.sub(lambda m: bytes((int(m.group(1), 16),)), raw)
    return raw.decode("utf-8", "replace")
