"""MediaWiki's preprocessor (``Preprocessor_Hash``): wikitext to a tree of expandable parts.

The tree is what expansion walks: text, templates ``{{…}}``, arguments ``{{{…}}}``, comments,
extension tags (bodies kept raw), ``<includeonly>``/``<noinclude>`` material to ignore and
headings.  Two modes, as in MediaWiki: a page view (``<includeonly>`` bodies ignored) and
inclusion (a template body: ``<noinclude>`` bodies ignored, ``<onlyinclude>`` honoured).

The scan is one loop over an explicit stack of open brackets (no recursion, linear time):
``strcspn``-style jumps to the next interesting character, the same bracket rules, the same
recovery of unclosed brackets as literal text, the same heading and comment rules as MediaWiki.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .._parse.preprocessor_syntax import (
    COMMENT_OPEN,
    ONLYINCLUDE_CLOSE,
    ONLYINCLUDE_OPEN,
    TAG_NAME_END,
    TRANSCLUSION_TAGS,
    brace_match,
    close_tag,
    comment_end,
    mode_rules,
    onlyinclude_enabled,
)

__all__ = [
    "Argument",
    "Comment",
    "Equals",
    "ExtTag",
    "Heading",
    "Ignore",
    "Node",
    "Part",
    "Template",
    "preprocess",
    "source_length",
]


class Part:
    """One ``|``-separated part of a template or argument: ``name=value`` or a positional value.

    ``name`` is None for a positional part (``index`` is then its 1-based position).
    """

    __slots__ = ("index", "name", "value")

    def __init__(self, name: list[Node] | None, value: list[Node], index: int) -> None:
        self.name = name
        self.value = value
        self.index = index


class Template:
    """``{{title|parts}}``; ``line_start`` when the braces open a line (MediaWiki's lineStart)."""

    __slots__ = ("length", "line_start", "parts", "title")

    def __init__(self, title: list[Node], parts: list[Part], line_start: bool) -> None:
        self.title = title
        self.parts = parts
        self.line_start = line_start
        self.length = 0  # characters of source, braces included


class Argument:
    """``{{{name|default|…}}}``: a template argument."""

    __slots__ = ("length", "parts", "title")

    def __init__(self, title: list[Node], parts: list[Part]) -> None:
        self.title = title
        self.parts = parts
        self.length = 0  # characters of source, braces included


class Comment:
    """An HTML comment (with the whitespace and newline MediaWiki eats with it, if any)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class Ignore:
    """Text that the current mode leaves out (inclusion tags and what they hide)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class ExtTag:
    """An extension tag: name as written, raw attribute text, raw body (None when
    self-closed) and the closing tag as written (None when missing)."""

    __slots__ = ("attrs", "close", "inner", "name")

    def __init__(self, name: str, attrs: str, inner: str | None, close: str | None) -> None:
        self.name = name
        self.attrs = attrs
        self.inner = inner
        self.close = close


class Heading:
    """A ``== heading ==`` line as the preprocessor sees it (its children include the ``=``).

    ``index`` numbers the headings of one text in order (1, 2, ...; those inside template
    arguments too): it is MediaWiki's section number of the heading in that text.  ``root``
    says the heading is a top-level node of the text's tree; only those get the marker that
    ties a rendered heading to its edit section (see ``Expander.heading_marker``)."""

    __slots__ = ("children", "index", "level", "root")

    def __init__(self, children: list[Node], level: int, index: int = 0) -> None:
        self.children = children
        self.level = level
        self.index = index
        self.root = False


class Equals:
    """The ``=`` that splits a part into name and value (expands to ``=``)."""

    __slots__ = ()


#: The one Equals instance.
EQUALS_NODE = Equals()

Node = str | Template | Argument | Comment | Ignore | ExtTag | Heading | Equals


class _PartAccum:
    __slots__ = ("comment_end", "eqpos", "out", "visual_end")

    def __init__(self, out: list[Node] | None = None) -> None:
        self.out: list[Node] = out if out is not None else []
        self.eqpos = -1
        self.comment_end = -1
        self.visual_end = -1


class _Piece:
    __slots__ = ("close", "count", "line_start", "open", "parts", "saved_prefix", "start_pos")

    def __init__(
        self, open_: str, close: str, count: int, line_start: bool, start_pos: int
    ) -> None:
        self.open = open_
        self.close = close
        self.count = count
        self.line_start = line_start
        self.start_pos = start_pos
        self.parts: list[_PartAccum] = [_PartAccum()]
        #: ``-`` of a ``-{{`` read as a brace run (the rightmost opening wins).
        self.saved_prefix = ""

    def break_syntax(self, opening_count: int | None = None) -> list[Node]:
        """The piece as literal text plus its children (an unclosed bracket)."""
        if self.open == "\n":
            return self.parts[0].out
        count = self.count if opening_count is None else opening_count
        opening = "-" + "{" * (count - 1) if self.open == "-{" else self.open * count
        out: list[Node] = [self.saved_prefix + opening]
        first = True
        for part in self.parts:
            if first:
                first = False
            else:
                _add_literal(out, "|")
            for node in part.out:
                if isinstance(node, str):
                    _add_literal(out, node)
                else:
                    out.append(node)
        return out


def _add_literal(accum: list[Node], text: str) -> None:
    if accum and isinstance(accum[-1], str):
        accum[-1] += text
    else:
        accum.append(text)


def _flags(stack: list[_Piece]) -> tuple[bool, bool, bool]:
    """(find_pipe, find_equals, in_heading) for the piece on top of the stack."""
    if not stack:
        return False, False, False
    top = stack[-1]
    find_pipe = top.open != "\n" and top.open != "["
    find_equals = find_pipe and len(top.parts) > 1 and top.parts[-1].eqpos < 0
    return find_pipe, find_equals, top.open == "\n"


@lru_cache(maxsize=256)
def _scan_pattern(extra: str) -> re.Pattern[str]:
    """Literal text up to the next character MediaWiki's strcspn stops at (``[{<\n``, the
    closing of the piece on top, ``|`` and ``=`` when they matter).  A ``-`` stops it only
    before ``{`` (a language-converter block); inside ``-{`` a ``}`` only before ``-``."""
    chars = "[{<\n-" + extra.replace("}-", "}")
    run = "[^" + re.escape(chars) + "]*"
    single = "-(?!\\{)|\\}(?!-)" if "}-" in extra else "-(?!\\{)"
    # Unrolled (runs of ordinary characters between single exceptions): the engine stays in
    # its fast character-class loop; the match may be empty.
    return re.compile(run + "(?:(?:" + single + ")" + run + ")*")


@lru_cache(maxsize=32)
def _element_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(r"(?:(" + alts + r")" + TAG_NAME_END + "|(" + re.escape(COMMENT_OPEN[1:]) + "))", re.I)


_SPACE_TAB = re.compile(r"[ \t]*")
_SPACE_TAB_BACK = re.compile(r"[ \t]*\Z")
_EQUALS_RUN = re.compile(r"=*")


def _trailing_ws(text: str, end: int) -> int:
    """How many spaces/tabs end ``text[:end]`` (MediaWiki's strspn on the reversed text)."""
    n = 0
    while n < end and text[end - 1 - n] in " \t":
        n += 1
    return n


def _trailing_equals(text: str, end: int) -> int:
    n = 0
    while n < end and text[end - 1 - n] == "=":
        n += 1
    return n


_RULES = {"{": ("}", 2, 3), "[": ("]", 2, 2), "-{": ("}-", 2, 2)}


@lru_cache(maxsize=64)
def _mode(
    ext_tags: tuple[str, ...], for_inclusion: bool
) -> tuple[frozenset[str], str, re.Pattern[str]]:
    """(tags to ignore, the element to ignore, the tag-name pattern) of a mode, built once
    from the mode's rules in :mod:`wikiparse._parse.preprocessor_syntax`."""
    rules = mode_rules(for_inclusion)
    ignored_tags = rules.markers | {"/" + name for name in rules.markers}
    xmlish = (set(ext_tags) - TRANSCLUSION_TAGS) | {rules.hidden}
    return ignored_tags, rules.hidden, _element_pattern(tuple(sorted(xmlish | ignored_tags)))


def preprocess(text: str, *, for_inclusion: bool, ext_tags: Iterable[str]) -> list[Node]:
    """The preprocessor tree of ``text`` (see the module docstring).  Never raises."""
    length = len(text)
    tags = ext_tags if isinstance(ext_tags, tuple) else tuple(ext_tags)
    ignored_tags, ignored_element, element_re = _mode(tags, for_inclusion)
    enable_onlyinclude = onlyinclude_enabled(mode_rules(for_inclusion), text)
    scan_patterns: dict[str, re.Pattern[str]] = {}
    root: list[Node] = []
    stack: list[_Piece] = []
    accum = root
    find_pipe = find_equals = in_heading = False
    no_more_gt = False
    no_more_closing: set[str] = set()
    find_onlyinclude = enable_onlyinclude
    fake_line_start = True
    headings = 0
    i = 0
    while True:
        if find_onlyinclude:
            start = text.find(ONLYINCLUDE_OPEN, i)
            if start < 0:
                if i < length:
                    accum.append(Ignore(text[i:]))
                break
            tag_end = start + len(ONLYINCLUDE_OPEN)
            accum.append(Ignore(text[i:tag_end]))
            i = tag_end
            find_onlyinclude = False
        cur = ""
        rule: tuple[str, int, int] | None = None
        if fake_line_start:
            found = "line-start"
        else:
            closing = stack[-1].close if stack else ""
            extra = closing + ("|" if find_pipe else "") + ("=" if find_equals else "")
            scan = scan_patterns.get(extra)
            if scan is None:
                scan = scan_patterns[extra] = _scan_pattern(extra)
            m = scan.match(text, i)
            if m is not None and m.end() > i:
                _add_literal(accum, m.group())
                i = m.end()
            if i >= length:
                if closing == "\n":
                    found = "line-end"
                else:
                    break
            else:
                cur = text[i]
                if cur == "|":
                    found = "pipe"
                elif cur == "=":
                    found = "equals"
                elif cur == "<":
                    found = "angle"
                elif cur == "\n":
                    found = "line-end" if in_heading else "line-start"
                elif cur == closing:
                    found = "close"
                elif cur == "}":  # the scan stops at '}' otherwise only before the '-' of '}-'
                    found = "close"
                    cur = "}-"
                elif cur == "-":  # ... and at '-' only before '{'
                    found = "open"
                    cur = "-{"
                    rule = _RULES[cur]
                elif cur in _RULES:
                    found = "open"
                    rule = _RULES[cur]
                else:
                    _add_literal(accum, cur)
                    i += 1
                    continue
        if found == "angle":
            if enable_onlyinclude and text.startswith(ONLYINCLUDE_CLOSE, i):
                find_onlyinclude = True
                continue
            em = element_re.match(text, i + 1)
            if em is None:
                _add_literal(accum, "<")
                i += 1
                continue
            if em.group(2):
                i = _comment(text, i, accum, stack)
                if i < 0:  # the comment ate a line: look for a heading after it
                    i = -i
                    fake_line_start = True
                continue
            name = em.group(1)
            lower = name.lower()
            attr_start = i + len(name) + 1
            tag_end = -1 if no_more_gt else text.find(">", attr_start)
            if tag_end < 0:
                no_more_gt = True
                _add_literal(accum, "<")
                i += 1
                continue
            if lower in ignored_tags:
                accum.append(Ignore(text[i : tag_end + 1]))
                i = tag_end + 1
                continue
            tag_start = i
            inner: str | None
            close: str | None
            if text[tag_end - 1] == "/":
                attr_end = tag_end - 1
                inner = None
                close = None
                i = tag_end + 1
            else:
                attr_end = tag_end
                cm = (
                    None
                    if name in no_more_closing
                    else close_tag(name).search(text, tag_end + 1)
                )
                if cm is not None:
                    inner = text[tag_end + 1 : cm.start()]
                    close = cm.group()
                    i = cm.end()
                elif lower == ignored_element:
                    inner = text[tag_end + 1 :]
                    close = None
                    i = length
                else:
                    i = tag_end + 1
                    _add_literal(accum, text[tag_start:i])
                    no_more_closing.add(name)
                    continue
            if lower == ignored_element:
                accum.append(Ignore(text[tag_start:i]))
                continue
            attrs = text[attr_start:attr_end] if attr_end > attr_start else ""
            accum.append(ExtTag(name, attrs, inner, close))
        elif found == "line-start":
            if fake_line_start:
                fake_line_start = False
            else:
                _add_literal(accum, cur)
                i += 1
            count = len(_EQUALS_RUN.match(text, i, min(length, i + 6)).group())  # type: ignore[union-attr]
            if count == 1 and find_equals:
                pass  # MediaWiki's guess: a name/value separator, not a heading
            elif count > 0:
                piece = _Piece("\n", "\n", count, False, i)
                piece.parts[0].out.append("=" * count)
                stack.append(piece)
                accum = piece.parts[-1].out
                find_pipe, find_equals, in_heading = _flags(stack)
                i += count
        elif found == "line-end":
            piece = stack[-1]
            part = piece.parts[-1]
            search_start = i - _trailing_ws(text, i)
            if part.comment_end >= 0 and search_start - 1 == part.comment_end:
                search_start = part.visual_end
                search_start -= _trailing_ws(text, search_start)
            count = piece.count
            equals = _trailing_equals(text, search_start)
            element: list[Node]
            if equals > 0:
                if search_start - equals == piece.start_pos:
                    count = equals
                    count = 0 if count < 3 else min(6, (count - 1) // 2)
                else:
                    count = min(equals, count)
                if count > 0:
                    headings += 1
                    element = [Heading(part.out, count, headings)]
                else:
                    element = part.out
            else:
                element = piece.break_syntax()
            stack.pop()
            accum = stack[-1].parts[-1].out if stack else root
            find_pipe, find_equals, in_heading = _flags(stack)
            _extend(accum, element)
        elif found == "open":
            assert rule is not None
            line_start = i > 0 and text[i - 1] == "\n"
            saved_prefix = ""
            if cur == "-{":
                count = _run_length(text, i + 1, "{") + 1
                if count > 2:
                    # -{{ is a '-' before a brace run: the rightmost opening wins.
                    saved_prefix = "-"
                    i += 1
                    cur = "{"
                    count -= 1
                    rule = _RULES[cur]
            else:
                count = _run_length(text, i, cur)
            if count >= rule[1]:
                piece = _Piece(cur, rule[0], count, line_start, i)
                piece.saved_prefix = saved_prefix
                stack.append(piece)
                accum = piece.parts[-1].out
                find_pipe, find_equals, in_heading = _flags(stack)
            else:
                _add_literal(accum, saved_prefix + cur * count)
            i += count
        elif found == "close":
            piece = stack[-1]
            max_count = piece.count
            count = 2 if cur == "}-" else _run_length(text, i, cur, max_count)
            min_count = _RULES[piece.open][1]
            matching = brace_match(count, max_count) if piece.open == "{" else (2 if count >= 2 else 0)
            if matching <= 0:
                _add_literal(accum, text[i : i + count])
                i += count
                continue
            if piece.open != "{":
                # [[ ]] and -{ }- are no elements here: literal text around their children.
                element = piece.break_syntax(matching)
                _add_literal(element, text[i : i + matching])
            else:
                bracket = _make_bracket(piece, matching, max_count)
                bracket.length = i + matching - (piece.start_pos + piece.count - matching)
                element = [bracket]
            i += matching
            stack.pop()
            accum = stack[-1].parts[-1].out if stack else root
            if matching < piece.count:
                piece.parts = [_PartAccum()]
                piece.count -= matching
                if piece.count >= min_count:
                    stack.append(piece)
                    accum = piece.parts[-1].out
                elif piece.count == 1 and piece.open == "{" and piece.saved_prefix == "-":
                    # One '{' left of a -{{…: it and the '-' open a language-converter block.
                    piece.saved_prefix = ""
                    piece.open, piece.close, piece.count = "-{", "}-", 2
                    piece.start_pos -= 1
                    stack.append(piece)
                    accum = piece.parts[-1].out
                else:
                    _add_literal(accum, piece.saved_prefix + piece.open * piece.count)
            elif piece.saved_prefix:
                _add_literal(accum, piece.saved_prefix)
            find_pipe, find_equals, in_heading = _flags(stack)
            _extend(accum, element)
        elif found == "pipe":
            find_equals = True
            stack[-1].parts.append(_PartAccum())
            accum = stack[-1].parts[-1].out
            i += 1
        elif found == "equals":
            find_equals = False
            part = stack[-1].parts[-1]
            part.eqpos = len(accum)
            accum.append(EQUALS_NODE)
            i += 1
    for piece in stack:
        _extend(root, piece.break_syntax())
    if headings:
        # Headings left at the top (unclosed brackets' contents included) are the text's own.
        for node in root:
            if isinstance(node, Heading):
                node.root = True
    return root


_RUNS = {ch: re.compile(re.escape(ch) + "+") for ch in "{}[]"}


def _run_length(text: str, i: int, ch: str, limit: int | None = None) -> int:
    """How many ``ch`` start at ``i`` (at most ``limit``): MediaWiki's strspn."""
    end = len(text) if limit is None else min(len(text), i + limit)
    m = _RUNS[ch].match(text, i, end)
    return m.end() - i if m else 0


def _extend(accum: list[Node], element: list[Node]) -> None:
    for node in element:
        if isinstance(node, str):
            _add_literal(accum, node)
        else:
            accum.append(node)


def _make_bracket(piece: _Piece, matching: int, max_count: int) -> Template | Argument:
    parts_acc = piece.parts
    title = _strip_equals(parts_acc[0].out)
    parts: list[Part] = []
    index = 1
    for part in parts_acc[1:]:
        if part.eqpos >= 0:
            parts.append(
                Part(
                    _strip_equals(part.out[: part.eqpos]),
                    _strip_equals(part.out[part.eqpos + 1 :]),
                    0,
                )
            )
        else:
            parts.append(Part(None, _strip_equals(part.out), index))
            index += 1
    if matching == 3:
        return Argument(title, parts)
    return Template(title, parts, matching == max_count and piece.line_start and not piece.saved_prefix)


def source_length(node: Node) -> int:
    """How many characters of source a node stands for (the nodes of a tree tile their text)."""
    if isinstance(node, str):
        return len(node)
    if isinstance(node, Template | Argument):
        return node.length
    if isinstance(node, Comment | Ignore):
        return len(node.text)
    if isinstance(node, ExtTag):
        size = 1 + len(node.name) + len(node.attrs)
        if node.inner is None:
            return size + 2
        return size + 1 + len(node.inner) + len(node.close or "")
    if isinstance(node, Heading):
        return sum(source_length(child) for child in node.children)
    return 1  # the name/value equals sign


def _strip_equals(nodes: list[Node]) -> list[Node]:
    """Turn the equals markers of nested, not name-splitting ``=`` into plain text."""
    out: list[Node] = []
    for node in nodes:
        if node is EQUALS_NODE:
            _add_literal(out, "=")
        elif isinstance(node, str):
            _add_literal(out, node)
        else:
            out.append(node)
    return out


def _comment(text: str, i: int, accum: list[Node], stack: list[_Piece]) -> int:
    """Add the comment at ``i`` (and the line it may eat); return the next position,
    negated when the comment ate a whole line (so a heading may start after it)."""
    length = len(text)
    after = comment_end(text, i, length)
    if after < 0:
        accum.append(Comment(text[i:]))
        return length
    end = after - 3
    ws_start = i - _trailing_ws(text, i) if i else 0
    ws_end = end + 2 + len(_SPACE_TAB.match(text, end + 3).group())  # type: ignore[union-attr]
    comments = [(ws_start, ws_end)]
    while text.startswith("<!--", ws_end + 1):
        c = text.find("-->", ws_end + 4)
        if c < 0:
            break
        c = c + 2 + len(_SPACE_TAB.match(text, c + 3).group())  # type: ignore[union-attr]
        comments.append((ws_end + 1, c))
        ws_end = c
    ate_line = False
    if ws_start > 0 and text[ws_start - 1] == "\n" and text[ws_end + 1 : ws_end + 2] == "\n":
        ws_len = i - ws_start
        last = accum[-1] if accum else None
        if ws_len > 0 and isinstance(last, str) and last.endswith(text[ws_start:i]):
            accum[-1] = last[:-ws_len]
        for start, stop in comments[:-1]:
            accum.append(Comment(text[start : stop + 1]))
        start, end = comments[-1][0], comments[-1][1] + 1
        ate_line = True
    else:
        start = i
        end += 2
    if stack:
        part = stack[-1].parts[-1]
        if not (part.comment_end >= 0 and part.comment_end == ws_start - 1):
            part.visual_end = ws_start
        part.comment_end = end
    accum.append(Comment(text[start : end + 1]))
    return -(end + 1) if ate_line else end + 1
