"""``mw.ustring``'s pattern functions: Lua patterns over Unicode characters.

MediaWiki answers ``mw.ustring.find``/``match``/``gmatch``/``gsub`` by translating the Lua
pattern into a PCRE regex; we translate it into a ``regex`` (the PyPI module) pattern with
the same character classes (``%a`` is ``\\p{L}``, ``%s`` is POSIX space plus ``\\p{Z}``, …),
the same anchoring rules and the same error messages, so results agree character for
character.  Positions are character (code point) positions, 1-based, as in Lua.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

import regex

PATTERN_LENGTH_LIMIT = 10000
MATCH_TIMEOUT = 5.0

_SPACE = r"\t\n\x0b\f\r\p{Z}"
_HEX = "0-9A-Fa-f\uff10-\uff19\uff21-\uff26\uff41-\uff46"
# Classes outside brackets, and inside them (V1 nested sets stand for the complements).
_CLASSES = {
    "a": r"\p{L}", "c": r"\p{Cc}", "d": r"\p{Nd}", "l": r"\p{Ll}", "p": r"\p{P}",
    "s": f"[{_SPACE}]", "u": r"\p{Lu}", "w": r"[\p{L}\p{Nd}]", "x": f"[{_HEX}]", "z": r"\x00",
    "A": r"\P{L}", "C": r"\P{Cc}", "D": r"\P{Nd}", "L": r"\P{Ll}", "P": r"\P{P}",
    "S": f"[^{_SPACE}]", "U": r"\P{Lu}", "W": r"[^\p{L}\p{Nd}]", "X": f"[^{_HEX}]",
    "Z": r"[^\x00]",
}  # fmt: skip
_BRACKET_CLASSES = {
    **{k: v for k, v in _CLASSES.items() if v.startswith("\\")},
    "s": _SPACE, "w": r"\p{L}\p{Nd}", "x": _HEX,
    "S": f"[^{_SPACE}]", "W": r"[^\p{L}\p{Nd}]", "X": f"[^{_HEX}]", "Z": r"[^\x00]",
}  # fmt: skip


# Lua's own (C locale, byte) classes, for the string library's slow path.
_ASCII = {
    "a": "A-Za-z", "c": r"\x00-\x1f\x7f", "d": "0-9", "l": "a-z",
    "p": r"!-/:-@\[-`{-~", "s": r"\t\n\x0b\f\r ", "u": "A-Z", "w": "A-Za-z0-9",
    "x": "0-9A-Fa-f", "z": r"\x00",
}  # fmt: skip
_ASCII_CLASSES = {
    **{k: f"[{v}]" for k, v in _ASCII.items()},
    **{k.upper(): f"[^{v}]" for k, v in _ASCII.items()},
}
_ASCII_BRACKET = {
    **_ASCII,
    **{k.upper(): f"[^{v}]" for k, v in _ASCII.items()},
}


class PatternError(ValueError):
    """A malformed Lua pattern; the message is MediaWiki's."""


def _lit(char: str) -> str:
    """A literal character in a regex (inside or outside a set)."""
    return char if char.isalnum() else "\\" + char


class _Compiled:
    """A translated pattern: the regex, which groups are position captures, anchoring."""

    __slots__ = ("anchored", "groups", "positions", "regex")

    def __init__(self, compiled: Any, positions: list[bool], anchored: bool) -> None:
        self.regex = compiled
        self.positions = positions
        self.groups = len(positions)
        self.anchored = anchored


def _bracket(pat: str, i: int, classes: dict[str, str] = _BRACKET_CLASSES) -> tuple[int, str]:
    """Translate the set starting at ``pat[i] == '['``; return the index of its ``]``."""
    start = i + 1
    n = len(pat)
    out = ["["]
    i += 1
    if i < n and pat[i] == "^":
        out.append("^")
        i += 1
    first = i
    while i < n and (i == first or pat[i] != "]"):
        c = pat[i]
        if c == "%":
            i += 1
            if i >= n:
                break
            out.append(classes.get(pat[i], _lit(pat[i])))
        elif i + 2 < n and pat[i + 1] == "-" and pat[i + 2] not in "]%":
            if c <= pat[i + 2]:
                out.append(f"{_lit(c)}-{_lit(pat[i + 2])}")
            i += 2
        else:
            out.append(_lit(c))
        i += 1
    if i >= n:
        raise PatternError(
            f"Missing close-bracket for character set beginning at pattern character {start}"
        )
    body = "".join(out)
    if body == "[":
        return i, "(?!)"
    if body == "[^":
        return i, "."
    return i, body + "]"


@lru_cache(maxsize=512)
def compile_pattern(pat: str, anchor: bool, byte_mode: bool = False) -> _Compiled:
    """Translate a Lua pattern; ``anchor`` says whether a leading ``^`` anchors.

    ``byte_mode`` gives Lua's own string-library semantics (the text is bytes decoded as
    Latin-1, classes are the C locale's, ``$`` is the very end) for the slow path that
    replaces C pattern matching where backtracking could run unbounded.
    """
    classes = _ASCII_CLASSES if byte_mode else _CLASSES
    brackets = _ASCII_BRACKET if byte_mode else _BRACKET_CLASSES
    if len(pat.encode("utf-8", "surrogatepass")) > PATTERN_LENGTH_LIMIT:
        raise PatternError(
            f"bad argument #2 to '{{name}}' (pattern is longer than {PATTERN_LENGTH_LIMIT} bytes)"
        )
    out: list[str] = []
    positions: list[bool] = []
    open_caps: list[int] = []
    cap_start: dict[int, int] = {}
    anchored = False
    balance = 0
    n = len(pat)
    i = 0
    while i < n:
        c = pat[i]
        here = i + 1
        quantifiable = False
        if c == "^":
            if i == 0 and anchor:
                anchored = True
            else:
                out.append(r"\^")
        elif c == "$":
            out.append(r"\$" if i < n - 1 else (r"\Z" if byte_mode else "$"))
        elif c == "(":
            if i + 1 >= n:
                raise PatternError(f"Unmatched open-paren at pattern character {here}")
            num = len(positions) + 1
            positions.append(pat[i + 1] == ")")
            out.append(f"(?P<m{num}>")
            open_caps.append(num)
            cap_start[num] = here
        elif c == ")":
            if not open_caps:
                raise PatternError(f"Unmatched close-paren at pattern character {here}")
            open_caps.pop()
            out.append(")")
        elif c == "%":
            i += 1
            if i >= n:
                raise PatternError("malformed pattern (ends with '%')")
            d = pat[i]
            if d in classes:
                out.append(classes[d])
                quantifiable = True
            elif d == "b":
                if i + 2 >= n:
                    raise PatternError("malformed pattern (missing arguments to '%b')")
                o, e = _lit(pat[i + 1]), _lit(pat[i + 2])
                i += 2
                if o == e:
                    out.append(f"{o}[^{o}]*{o}")
                else:
                    balance += 1
                    out.append(f"(?P<b{balance}>{o}(?:(?>[^{o}{e}]+)|(?&b{balance}))*{e})")
            elif d == "f":
                if i + 1 >= n or pat[i + 1] != "[":
                    raise PatternError(
                        f"missing '[' after %f in pattern at pattern character {here}"
                    )
                i, body = _bracket(pat, i + 1, brackets)
                if regex.match(body, "\x00", regex.V1 | regex.DOTALL):
                    out.append(f"(?<!^)(?<!{body})(?={body}|$)")
                else:
                    out.append(f"(?<!{body})(?={body})")
            elif d.isdigit():
                num = int(d)
                if num == 0 or num > len(positions) or num in open_caps:
                    raise PatternError(f"invalid capture index %{num} at pattern character {here}")
                out.append(f"(?P=m{num})")
            else:
                out.append(_lit(d))
                quantifiable = True
        elif c == "[":
            i, body = _bracket(pat, i, brackets)
            out.append(body)
            quantifiable = True
        elif c == "]":
            raise PatternError(f"Unmatched close-bracket at pattern character {here}")
        elif c == ".":
            out.append(".")
            quantifiable = True
        else:
            out.append(_lit(c))
            quantifiable = True
        if quantifiable and i + 1 < n:
            q = pat[i + 1]
            if q in "*+?":
                out.append(q)
                i += 1
            elif q == "-":
                out.append("*?")
                i += 1
        i += 1
    if open_caps:
        raise PatternError(
            f"Unclosed capture beginning at pattern character {cap_start[open_caps[0]]}"
        )
    flags = regex.V1 | regex.DOTALL | (regex.ASCII if byte_mode else 0)
    compiled = regex.compile("".join(out), flags)
    return _Compiled(compiled, positions, anchored)


def _captures(comp: _Compiled, m: Any, whole_if_none: bool) -> list[str | int]:
    """The Lua captures of one match: strings, or 1-based positions for ``()``."""
    if not comp.groups:
        return [m.group(0)] if whole_if_none else []
    caps: list[str | int] = []
    for num, is_position in enumerate(comp.positions, 1):
        if is_position:
            caps.append(m.start(f"m{num}") + 1)
        else:
            caps.append(m.group(f"m{num}") or "")
    return caps


def _start(s: str, init: int | None) -> int:
    """A Lua ``init`` argument as a 0-based character offset, clamped as MediaWiki does."""
    length = len(s)
    pos = 1 if init is None else int(init)
    if pos < 0:
        pos = length + pos + 1
    elif pos > length + 1:
        pos = length + 1
    return max(pos, 1) - 1


def _search(comp: _Compiled, s: str, pos: int) -> Any:
    if comp.anchored:
        return comp.regex.match(s, pos, timeout=MATCH_TIMEOUT)
    return comp.regex.search(s, pos, timeout=MATCH_TIMEOUT)


def find(s: str, pattern: str, init: int | None, plain: bool) -> tuple[Any, ...]:
    """``mw.ustring.find``: (start, end, captures...) or (None,)."""
    pos = _start(s, init)
    if plain:
        found = s.find(pattern, pos) if pattern else pos
        if found < 0:
            return (None,)
        return (found + 1, found + len(pattern))
    m = _search(compile_pattern(pattern, True), s, pos)
    if m is None:
        return (None,)
    comp = compile_pattern(pattern, True)
    return (m.start() + 1, m.end(), *_captures(comp, m, False))


def match(s: str, pattern: str, init: int | None) -> tuple[Any, ...]:
    """``mw.ustring.match``: the captures (or the whole match), or (None,)."""
    comp = compile_pattern(pattern, True)
    m = _search(comp, s, _start(s, init))
    if m is None:
        return (None,)
    return tuple(_captures(comp, m, True))


def gmatch_all(s: str, pattern: str) -> list[list[str | int]]:
    """Every match's captures for ``mw.ustring.gmatch`` (``^`` is a literal there)."""
    comp = compile_pattern(pattern, False)
    return [_captures(comp, m, True) for m in comp.regex.finditer(s, timeout=MATCH_TIMEOUT)]


def gsub_matches(
    s: str, pattern: str, limit: int | None
) -> tuple[list[str], list[list[str | int]]]:
    """The pieces between matches and each match as [whole, captures...] (for gsub)."""
    return _split_at_matches(compile_pattern(pattern, True), s, limit)


def _split_at_matches(
    comp: _Compiled, s: str, limit: int | None
) -> tuple[list[str], list[list[str | int]]]:
    """The pieces of ``s`` between the first ``limit`` matches of ``comp``, and each match as
    ``[whole, captures...]``: the shared core of both gsub paths."""
    pieces: list[str] = []
    found: list[list[str | int]] = []
    last = 0
    if comp.anchored:
        first = comp.regex.match(s, timeout=MATCH_TIMEOUT)
        matches = [first] if first is not None else []
    else:
        matches = comp.regex.finditer(s, timeout=MATCH_TIMEOUT)
    for m in matches:
        if limit is not None and len(found) >= limit:
            break
        pieces.append(s[last : m.start()])
        found.append([m.group(0), *_captures(comp, m, False)])
        last = m.end()
    pieces.append(s[last:])
    return pieces, found


def expand_replacement(template: str, match_: list[str | int]) -> str:
    """A gsub replacement string with ``%0``-``%9`` and ``%%`` filled in (MediaWiki's rules)."""
    if "%" not in template:
        return template
    out: list[str] = []
    i = 0
    n = len(template)
    while i < n:
        c = template[i]
        if c == "%" and i + 1 < n and (template[i + 1] == "%" or template[i + 1].isdigit()):
            x = template[i + 1]
            if x == "%":
                out.append("%")
            elif x == "0":
                out.append(str(match_[0]))
            elif int(x) < len(match_):
                out.append(_str(match_[int(x)]))
            elif x == "1":
                out.append(str(match_[0]))
            else:
                raise PatternError(f"invalid capture index %{x} in replacement string")
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _str(value: str | int) -> str:
    return value if isinstance(value, str) else str(value)


def gsub_string(s: str, pattern: str, repl: str, limit: int | None) -> tuple[str, int]:
    """``mw.ustring.gsub`` with a string replacement, entirely in Python."""
    pieces, found = gsub_matches(s, pattern, limit)
    out = [pieces[0]]
    for m, piece in zip(found, pieces[1:], strict=True):
        out.append(expand_replacement(repl, m))
        out.append(piece)
    return "".join(out), len(found)


def is_utf8(s: str) -> bool:
    """Whether the decoded Lua string was valid UTF-8 (no escaped bytes, no surrogates)."""
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def normalize(form: str, s: str) -> str | None:
    """``mw.ustring.toNFC`` and friends; None for invalid UTF-8."""
    if not is_utf8(s):
        return None
    return unicodedata.normalize(form, s)  # type: ignore[arg-type]


def _lua_replacement(template: str, match_: list[str | int]) -> str:
    """Lua 5.1's gsub replacement string: ``%0``-``%9``; ``%`` before anything else is literal."""
    out: list[str] = []
    i = 0
    n = len(template)
    while i < n:
        c = template[i]
        if c == "%" and i + 1 < n:
            x = template[i + 1]
            if x.isdigit():
                k = int(x)
                if k == 0 or (k == 1 and len(match_) == 1):
                    out.append(_str(match_[0]))
                elif k < len(match_):
                    out.append(_str(match_[k]))
                else:
                    raise PatternError("invalid capture index")
            else:
                out.append(x)
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def byte_call(kind: str, s: str, pattern: str, init: int | None, extra: object) -> tuple[Any, ...]:
    """The string library's find/match/gmatch/gsub on Latin-1 text, with a timeout.

    ``extra`` is ``plain`` for find, the replacement string or None for gsub, unused else.
    """
    if kind == "find":
        return find_bytes(s, pattern, init)
    if kind == "match":
        comp = compile_pattern(pattern, True, True)
        m = _search(comp, s, _byte_start(s, init))
        return (None,) if m is None else tuple(_captures(comp, m, True))
    if kind == "gmatch":
        comp = compile_pattern(pattern, False, True)
        return ([_captures(comp, m, True) for m in comp.regex.finditer(s, timeout=MATCH_TIMEOUT)],)
    comp = compile_pattern(pattern, True, True)
    pieces, found = _split_at_matches(comp, s, init)
    if isinstance(extra, str):
        out = [pieces[0]]
        for m_, piece in zip(found, pieces[1:], strict=True):
            out.append(_lua_replacement(extra, m_))
            out.append(piece)
        return ("".join(out), len(found))
    return (pieces, found)


def _byte_start(s: str, init: int | None) -> int:
    pos = 1 if init is None else int(init)
    if pos < 0:
        pos = max(len(s) + pos + 1, 1)
    elif pos == 0:
        pos = 1
    return pos - 1


def find_bytes(s: str, pattern: str, init: int | None) -> tuple[Any, ...]:
    pos = _byte_start(s, init)
    if pos > len(s):
        return (None,)
    comp = compile_pattern(pattern, True, True)
    m = _search(comp, s, pos)
    if m is None:
        return (None,)
    return (m.start() + 1, m.end(), *_captures(comp, m, False))
