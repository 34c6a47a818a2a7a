"""The tree builder: tokens in, a lossless typed tree out, in MediaWiki's layer order.

1. **Brackets** (MediaWiki's preprocessor): comments, extension tags, ``{{templates}}``,
   ``{{{arguments}}}`` and ``[[links]]``, resolved with a stack of open frames.  A closing run
   only ever looks at the frame on top, as in MediaWiki, and an unclosed frame becomes literal
   text with its children spliced into its parent, so the pass is linear and never raises.
2. **Lines** (per block container: the page, a table cell, a ``<ref>`` body): tables first (an
   explicit stack of open tables, so nesting depth costs no recursion), then headings, lists,
   ``----``, indent-pre and paragraphs.
3. **Inline**, per line: external links, bare URLs, magic links, HTML tags, entities,
   behaviour switches, signatures, then bold/italic with MediaWiki's apostrophe rules.

Containers nested inside others (template parameters, link labels, cells) are queued on a
worklist instead of being processed recursively.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterator
from typing import Any, TypeVar

from . import _tokenizer as tk
from ._splice import _Splice
from .config import DEFAULT_CONFIG, ParserConfig
from .nodes import (
    Argument,
    BehaviorSwitch,
    Bold,
    CategoryLink,
    Comment,
    Diagnostic,
    Document,
    Entity,
    ExtensionTag,
    ExternalLink,
    FileLink,
    Formatting,
    Heading,
    HorizontalRule,
    HtmlTag,
    InterlanguageLink,
    Italic,
    List,
    ListItem,
    MagicLink,
    MagicVariable,
    Node,
    Paragraph,
    Parameter,
    ParserFunction,
    Preformatted,
    Redirect,
    Section,
    Signature,
    Table,
    TableCaption,
    TableCell,
    TableRow,
    Template,
    Text,
    Wikicode,
    Wikilink,
)

__all__ = ["parse", "parse_fragment"]

# Worklist modes.
_INLINE = 0
_BLOCK = 1
#: Inline, but no free URLs or magic links: the label of a wikilink.
_LABEL = 3
#: Block structure in a table cell.
_CELL = 2
#: Block structure in an extension tag's body (``<ref>``, ``<poem>``): headings there are not
#: the preprocessor's, so they take no section number and get no edit link.
_TAG = 4

#: Tags that mark transclusion boundaries: on a page view MediaWiki drops them (and keeps
#: what they enclose), so they are leaf markers, not elements with a body.
_TRANSCLUSION_MARKERS = frozenset(("noinclude", "onlyinclude"))

_KIND_OF_CHAR = {
    "|": tk.T_PIPE, "=": tk.T_EQUALS, "{": tk.T_LBRACE, "}": tk.T_RBRACE,
    "[": tk.T_LBRACKET, "]": tk.T_RBRACKET,
}

#: Nodes a bare URL runs on through when they are written right against it.
_BRACE_NODES = frozenset((Template, MagicVariable, Argument, ParserFunction))

#: Nodes that may stand inside an HTML tag's attribute values (then part of its raw text).
_ATTRIBUTE_NODES = frozenset((Template, MagicVariable, Argument, ParserFunction, Comment, ExtensionTag, Wikilink))

#: HTML elements that never take content (their tag opens nothing).
_VOID_TAGS = frozenset(("br", "hr", "img", "wbr", "meta", "link"))

#: Behaviour switches MediaWiki matches case-sensitively (``__noindex__`` is text).
_CASE_SENSITIVE_SWITCHES = frozenset(
    "NOINDEX INDEX NEWSECTIONLINK NONEWSECTIONLINK HIDDENCAT STATICREDIRECT EXPECTUNUSEDCATEGORY".split()
)

# -- node construction on the hot path ------------------------------------------------------
_W = TypeVar("_W", bound=Wikicode)
# Each helper sets every attrs field of its class (tests/test_parse_invariants.py checks that
# they agree with the attrs constructors field by field).


def _new_text(start: int, end: int, value: str) -> Text:
    """``Text(start=start, end=end, value=value)``, made without calling the attrs
    ``__init__``: the builder makes hundreds of thousands of these, and in the compiled
    builder the interpreted ``__init__`` call was the largest single cost of making one."""
    node: Text = _object_new(Text)
    node.start = start
    node.end = end
    node.value = value
    return node


def _new_container(cls: type[_W], start: int, end: int, nodes: list[Node]) -> _W:
    """``cls(start=start, end=end, nodes=nodes)`` for a class whose only fields are those
    (``Wikicode``, ``Paragraph``), made the same way as :func:`_new_text`."""
    node: _W = _object_new(cls)
    node.start = start
    node.end = end
    node.nodes = nodes
    return node


def _new_wikicode(start: int, end: int, nodes: list[Node]) -> Wikicode:
    return _new_container(Wikicode, start, end, nodes)


def _new_parameter(start: int, end: int, name: Wikicode | None, value: Wikicode) -> Parameter:
    node: Parameter = _object_new(Parameter)
    node.start = start
    node.end = end
    node.name = name
    node.value = value
    return node


def _new_wikilink(start: int, end: int, target: Wikicode, text: Wikicode | None) -> Wikilink:
    node: Wikilink = _object_new(Wikilink)
    node.start = start
    node.end = end
    node.target = target
    node.text = text
    node.trail = ""
    node.namespace = ""
    node.interwiki = ""
    return node


def _new_template(start: int, end: int, name: Wikicode, params: list[Parameter]) -> Template:
    node: Template = _object_new(Template)
    node.start = start
    node.end = end
    node.name = name
    node.params = params
    return node


def _new_list_item(start: int, end: int, leading: str, prefix: str, content: Wikicode, level_prefix: str) -> ListItem:
    node: ListItem = _object_new(ListItem)
    node.start = start
    node.end = end
    node.leading = leading
    node.prefix = prefix
    node.content = content
    node.level_prefix = level_prefix
    return node


def _new_extension_tag(
    start: int, end: int, name: str, raw_name: str, attrs: str, self_closing: bool, body: str | None, close: str
) -> ExtensionTag:
    node: ExtensionTag = _object_new(ExtensionTag)
    node.start = start
    node.end = end
    node.name = name
    node.attrs = attrs
    node.raw_name = raw_name
    node.self_closing = self_closing
    node.body = body
    node.contents = None
    node.close = close
    return node


_object_new: Any = object.__new__

#: Kinds of the constructs found inside text runs, and the first character of each.
_URL, _ENTITY, _MAGIC, _SWITCH, _SIGNATURE = range(5)
_INLINE_KINDS: dict[str, int] = {"&": _ENTITY, "_": _SWITCH, "~": _SIGNATURE, "I": _MAGIC, "R": _MAGIC, "P": _MAGIC}

#: Names that modify a template call rather than name a parser function.
_TEMPLATE_MODIFIERS = frozenset(("subst", "safesubst", "msg", "msgnw", "raw"))


def parse(text: str, *, config: ParserConfig | None = None) -> Document:
    """Parse wikitext into a :class:`~wikiparse.nodes.Document`.  Never raises on a ``str``."""
    if not isinstance(text, str):
        raise TypeError(f"parse() takes a str, not {type(text).__name__}")
    builder = _Builder(text, config or DEFAULT_CONFIG)
    with gc_paused():
        return builder.document()


def parse_for_rendering(
    text: str,
    *,
    config: ParserConfig | None = None,
    skim_templates: bool = False,
    skim_tags: frozenset[str] = frozenset(),
) -> Document:
    """Parse for a renderer that shows neither unexpanded templates nor some tags' bodies.

    ``skim_templates``: the values inside templates and parser functions keep their
    bracket structure (nested templates, links, comments) but get no inline pass (no
    formatting, URLs, entities); ``skim_tags``: those extension tags keep their body as source.
    The tree is still lossless and every span is right; only detail the renderer would throw
    away is not built, which on Wikipedia pages (a third of whose bytes are citations and
    templates) saves about a third of the parse.  Anything that could change what the
    renderer *does* show is still built in full: a value holding a heading line (section
    numbers count it) and a tag body holding a bracketed URL (MediaWiki numbers ``[1]``-style
    links inside references too)."""
    if not isinstance(text, str):
        raise TypeError(f"parse_for_rendering() takes a str, not {type(text).__name__}")
    builder = _Builder(text, config or DEFAULT_CONFIG)
    builder.skim_templates = skim_templates
    builder.skim_tags = skim_tags
    with gc_paused():
        return builder.document()


def parse_fragment(text: str, *, config: ParserConfig | None = None, inline: bool = True) -> Wikicode:
    """Parse a piece of wikitext (a parameter value, a link label) into a :class:`Wikicode`.

    With ``inline=True`` no block structure (paragraphs, lists, headings) is built, which is
    what a value inside a template or a link needs.
    """
    builder = _Builder(text, config or DEFAULT_CONFIG)
    with gc_paused():
        return builder.fragment(inline)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a tree is built.

    Building allocates hundreds of thousands of small objects and no cycles (nodes hold no
    parent pointers), yet each allocation burst triggers full collections whose cost grows with
    the heap: on long inputs that made parsing measurably super-linear.  Reference counting
    still frees everything; the collector resumes afterwards.  Renderers hold the pause over
    parse and render together, so the tree is freed before the collector would walk it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Frame:
    """An open ``{{``/``{{{``/``[[`` run on the bracket stack."""

    def __init__(self, kind: str, start: int, count: int) -> None:
        self.kind = kind  # "{" or "["
        self.start = start  # offset of the first bracket of the run
        self.count = count  # brackets still unmatched
        self.parts: list[list[Node]] = [[]]
        self.part_starts: list[int] = [start + count]
        self.eq: list[int] = [-1]  # per part: index in the part's node list where "=" split


class _Builder:
    def __init__(self, text: str, config: ParserConfig) -> None:
        self.text = text
        self.config = config
        self.pats = tk.patterns(config)
        self.diagnostics: list[Diagnostic] = []
        self.work: list[tuple[Wikicode, int]] = []
        self.headings: list[Heading] = []
        #: Offsets of heading lines inside template arguments: not nodes (template arguments
        #: get no block structure) but MediaWiki's preprocessor numbers them all the same.
        self.phantom_headings: list[int] = []
        #: Where an unclosed ``{{``/``[[`` starts: a heading line holding one is no
        #: preprocessor heading (no section number, no edit link).
        self.unclosed: list[int] = []
        self.count_headings = True
        self.no_edit_section = False
        #: (tag name, search end) pairs for which no closing tag exists: MediaWiki's
        #: "no more closing tag" memo, which keeps ``<ref><ref><ref>...`` linear.
        self.no_close: set[tuple[str, int]] = set()
        #: See :func:`parse_for_rendering`.
        self.skim_templates = False
        self.skim_tags: frozenset[str] = frozenset()

    # ------------------------------------------------------------------ entry points

    def document(self) -> Document:
        text = self.text
        top = self._redirect(self._brackets(0, len(text)))
        root = _new_wikicode(0, len(text), top)
        self._drain(root, _BLOCK)
        self._number_headings()
        sections = self._sections(root.nodes)
        doc = Document(start=0, end=len(text), nodes=sections, source=text)
        doc.diagnostics = self.diagnostics
        return doc

    def fragment(self, inline: bool) -> Wikicode:
        text = self.text
        root = _new_wikicode(0, len(text), self._brackets(0, len(text)))
        self._drain(root, _INLINE if inline else _BLOCK)
        return root

    def _drain(self, root: Wikicode, mode: int) -> None:
        """Process ``root`` and every container queued while doing so (no recursion)."""
        work = self.work
        work.append((root, mode))
        while work:
            container, m = work.pop()
            self.count_headings = m != _TAG
            if m in (_INLINE, _LABEL):
                container.nodes = self._inline_lines(container.nodes, m == _INLINE)
            else:
                container.nodes = self._blocks(container.nodes, container.start, container.end)
        self.count_headings = True

    # ------------------------------------------------------------------ layer 1: brackets

    def _text(self, start: int, end: int) -> Text:
        return _new_text(start, end, self.text[start:end])

    def _brackets(self, start: int, end: int) -> list[Node]:
        """MediaWiki's preprocessor over ``text[start:end]``: the top-level node list."""
        text = self.text
        pats = self.pats
        root: list[Node] = []
        stack: list[_Frame] = []
        accum = root  # the node list text is currently flushed into
        pending = start  # start of text not yet flushed
        pos = start  # tokens before this offset were consumed by a comment or tag
        # The pattern depends on the frame on top: at the top level '|', '=' and closing runs
        # mean nothing, inside a link '=' and '}}' mean nothing, inside braces ']]' does not.
        top_pat, brace_pat, link_pat = pats.bracket_top, pats.bracket_brace, pats.bracket_link_frame
        simple_link = pats.simple_link
        scan = start
        while True:
            pat = (brace_pat if stack[-1].kind == "{" else link_pat) if stack else top_pat
            m = pat.search(text, scan if scan > pos else pos, end)
            if m is None:
                break
            s, e = m.span()
            scan = e
            c = text[s]
            kind = _KIND_OF_CHAR.get(c, tk.T_EXT)
            if kind == tk.T_EXT:
                if text.startswith("<!--", s):
                    kind = tk.T_COMMENT
                elif text[s + 1] == "/":
                    # </noinclude>, </onlyinclude>: markers MediaWiki drops from a page view.
                    if s > pending:
                        accum.append(self._text(pending, s))
                    raw = text[s:e]
                    name_raw = raw[2:].rstrip("> \t\n")
                    accum.append(HtmlTag(start=s, end=e, name=name_raw.lower(), raw_name=name_raw,
                                         attrs=raw[2 + len(name_raw) : -1], closing=True))
                    pending = pos = e
                    continue
            if kind == tk.T_PIPE:
                if not stack:
                    continue
                frame = stack[-1]
                if s > pending:
                    accum.append(self._text(pending, s))
                frame.parts.append([])
                frame.part_starts.append(e)
                frame.eq.append(-1)
                accum = frame.parts[-1]
                pending = pos = e
            elif kind == tk.T_EQUALS:
                if not stack:
                    continue
                frame = stack[-1]
                if frame.kind != "{" or len(frame.parts) < 2 or frame.eq[-1] != -1:
                    continue
                if self._in_heading_line(s, frame.part_starts[-1]):
                    continue
                if s > pending:
                    accum.append(self._text(pending, s))
                frame.eq[-1] = len(accum)
                accum.append(_new_text(s, e, "="))
                pending = pos = e
            elif kind == tk.T_LBRACKET and e - s == 2 and (simple := simple_link.match(text, e, end)) is not None:
                # The common ``[[Target]]`` / ``[[Target|label]]`` with nothing inside that opens,
                # closes or hides a bracket: the same node a frame would give, without one.
                if s > pending:
                    accum.append(self._text(pending, s))
                close = simple.end()
                accum.append(self._simple_link(s, e, close))
                pending = pos = scan = close
            elif kind == tk.T_LBRACE or kind == tk.T_LBRACKET:
                if s > pending:
                    accum.append(self._text(pending, s))
                frame = _Frame("{" if kind == tk.T_LBRACE else "[", s, e - s)
                stack.append(frame)
                accum = frame.parts[0]
                pending = pos = e
            elif kind == tk.T_RBRACE or kind == tk.T_RBRACKET:
                want = "{" if kind == tk.T_RBRACE else "["
                run = e - s
                cur = s
                if (
                    want == "["
                    and run >= 3
                    and stack
                    and stack[-1].kind == "["
                    and stack[-1].count == 2
                    and (len(stack) < 2 or stack[-2].kind != "[")  # an outer link needs its ]]
                ):
                    # [[Page|[label]]]: the label's own ']' comes first (MediaWiki moves one
                    # ']' back into a label that holds a '[').
                    frame = stack[-1]
                    if cur > pending:
                        accum.append(self._text(pending, cur))
                        pending = cur
                    if len(frame.parts) > 1 and _open_square(accum):
                        accum.append(self._text(cur, cur + 1))
                        cur += 1
                        run -= 1
                        pending = cur
                while stack and stack[-1].kind == want and run >= 2:
                    frame = stack[-1]
                    if cur > pending:
                        accum.append(self._text(pending, cur))
                    if want == "{":
                        matched = 3 if min(run, frame.count) >= 3 else 2
                    else:
                        matched = 2
                    node = self._close_frame(frame, matched, cur + matched)
                    cur += matched
                    run -= matched
                    pending = pos = cur
                    frame.count -= matched
                    if frame.count >= 2:
                        # Leftover opening brackets: the frame lives on, the new node first.
                        frame.parts = [[node]]
                        frame.part_starts = [frame.start + frame.count]
                        frame.eq = [-1]
                        accum = frame.parts[0]
                    else:
                        stack.pop()
                        accum = stack[-1].parts[-1] if stack else root
                        if frame.count == 1:
                            accum.append(self._text(frame.start, frame.start + 1))
                        accum.append(node)
                pos = max(pos, s)
            elif kind == tk.T_COMMENT:
                if s > pending:
                    accum.append(self._text(pending, s))
                close = text.find("-->", e, end)
                if close == -1:
                    accum.append(Comment(start=s, end=end, contents=text[e:end], closed=False))
                    pending = pos = end
                else:
                    accum.append(Comment(start=s, end=close + 3, contents=text[e:close]))
                    pending = pos = close + 3
            else:  # extension tag
                tag_end = self._ext_tag(s, e, end, accum, pending)
                if tag_end != -1:
                    pending = pos = tag_end
        if end > pending:
            accum.append(self._text(pending, end))
        # Unclosed frames: bottom to top, each one's literal text and children go to the root.
        # (Each frame's parts hold only its own content, so this is linear.)
        if stack:
            for frame in stack:
                root.extend(self._break_frame(frame))
                self.unclosed.append(frame.start)
                self.diagnostics.append(
                    Diagnostic(
                        "unclosed-" + ("template" if frame.kind == "{" else "link"),
                        f"'{frame.kind * frame.count}' is never closed; kept as text",
                        frame.start,
                        frame.start + frame.count,
                    )
                )
        return _merge_text(root)

    def _simple_link(self, start: int, open_end: int, end: int) -> Node:
        """A link whose inside holds no bracket, brace, tag or newline: split at its pipes."""
        text = self.text
        inner_end = end - 2
        parts: list[Wikicode] = []
        part_start = open_end
        while True:
            bar = text.find("|", part_start, inner_end)
            part_end = inner_end if bar == -1 else bar
            nodes: list[Node] = [self._text(part_start, part_end)] if part_end > part_start else []
            parts.append(_new_wikicode(part_start, part_end, nodes))
            if bar == -1:
                return self._link(start, end, parts)
            part_start = bar + 1

    def _in_heading_line(self, pos: int, part_start: int) -> bool:
        """An ``=`` on a line that starts with ``==`` inside a template part belongs to a
        heading, not to a name/value split (MediaWiki's preprocessor pushes a heading piece)."""
        text = self.text
        nl = text.rfind("\n", part_start, pos)
        if nl == -1:
            return False
        return text.startswith("==", nl + 1)

    def _break_frame(self, frame: _Frame) -> list[Node]:
        out: list[Node] = [self._text(frame.start, frame.start + frame.count)]
        for i, part in enumerate(frame.parts):
            if i:
                ps = frame.part_starts[i] - 1
                out.append(self._text(ps, ps + 1))
            out.extend(part)
        return out

    def _ext_tag(self, s: int, name_end: int, end: int, accum: list[Node], pending: int) -> int:
        """Resolve an extension tag at ``s``; return the offset after it, or -1 if it is text."""
        text = self.text
        m = self.pats.ext_open_end.match(text, name_end, end)
        if m is None:
            return -1
        open_end = m.end()
        raw_name = text[s + 1 : name_end]
        name = raw_name.lower()
        self_closing = text[open_end - 2] == "/" and open_end - 2 >= name_end
        attrs_raw = text[name_end : open_end - 2 if self_closing else open_end - 1]
        if name in _TRANSCLUSION_MARKERS:
            # <noinclude>/<onlyinclude> are standalone markers on a page view, not elements.
            if s > pending:
                accum.append(self._text(pending, s))
            accum.append(HtmlTag(start=s, end=open_end, name=name, raw_name=raw_name,
                                 attrs=attrs_raw, self_closing=self_closing))
            return open_end
        if self_closing:
            if s > pending:
                accum.append(self._text(pending, s))
            accum.append(
                _new_extension_tag(s, open_end, name, raw_name, attrs_raw, True, None, "")
            )
            return open_end
        close = None if (name, end) in self.no_close else self.pats.close_tag(name).search(text, open_end, end)
        if close is None:
            self.no_close.add((name, end))
            if name != "includeonly":
                return -1  # MediaWiki shows an unclosed tag as text and goes on
            body_end = close_start = close_end = end
        else:
            body_end = close_start = close.start()
            close_end = close.end()
        if s > pending:
            accum.append(self._text(pending, s))
        tag = _new_extension_tag(
            s, close_end, name, raw_name, attrs_raw, False, text[open_end:body_end], text[close_start:close_end]
        )
        if name in self.config.wikitext_tags and not (
            name in self.skim_tags and self.pats.bracket_url.search(text, open_end, body_end) is None
        ):
            inner = _new_wikicode(open_end, body_end, self._brackets(open_end, body_end))
            tag.contents = inner
            self.work.append((inner, _TAG))
        accum.append(tag)
        return close_end

    def _close_frame(self, frame: _Frame, matched: int, end: int) -> Node:
        """Turn a matched frame into a node (or, for an invalid link, into text nodes)."""
        start = frame.start + frame.count - matched
        n_parts = len(frame.parts)
        parts = [
            _new_wikicode(ps, frame.part_starts[i + 1] - 1 if i + 1 < n_parts else end - matched, p)
            for i, (p, ps) in enumerate(zip(frame.parts, frame.part_starts, strict=True))
        ]
        if frame.kind == "[":
            for p in parts:
                p.nodes = _merge_text(p.nodes)
            return self._link(start, end, parts, leftover=frame.count - matched == 1)
        if matched == 3:
            return self._argument(start, end, parts)
        return self._template(start, end, parts, frame.eq)

    # -- brace constructs ---------------------------------------------------------------

    def _argument(self, start: int, end: int, parts: list[Wikicode]) -> Node:
        for p in parts:
            p.nodes = _merge_text(p.nodes)
        for p in parts[1:]:
            self.work.append((p, _INLINE))  # renderers show an argument's default
        return Argument(
            start=start, end=end, name=parts[0],
            default=parts[1] if len(parts) > 1 else None, extra=parts[2:],
        )

    def _template(self, start: int, end: int, parts: list[Wikicode], eqs: list[int]) -> Node:
        name = parts[0]
        name.nodes = _merge_text(name.nodes)
        first = name.nodes[0] if name.nodes else None
        head = first.value if isinstance(first, Text) else ""
        colon = head.find(":")
        if colon != -1:
            fname = head[:colon].strip().lower()
            if fname not in _TEMPLATE_MODIFIERS and (
                fname in self.config.parser_functions or (fname.startswith("#") and len(fname) > 1)
            ):
                return self._parser_function(start, end, parts, eqs, colon)
        if len(parts) == 1 and head.strip() in self.config.variables and len(name.nodes) == 1:
            return MagicVariable(start=start, end=end, name=name)
        params = [self._parameter(p, eq) for p, eq in zip(parts[1:], eqs[1:], strict=True)]
        return _new_template(start, end, name, params)

    def _parameter(self, part: Wikicode, eq: int) -> Parameter:
        if eq == -1:
            part.nodes = _merge_text(part.nodes)
            self._queue_value(part)
            return _new_parameter(part.start, part.end, None, part)
        eq_node = part.nodes[eq]
        name = _new_wikicode(part.start, eq_node.start, _merge_text(part.nodes[:eq]))
        value = _new_wikicode(eq_node.end, part.end, _merge_text(part.nodes[eq + 1 :]))
        self._queue_value(value)
        return _new_parameter(part.start, part.end, name, value)

    def _queue_value(self, value: Wikicode) -> None:
        """Queue a template's or parser function's value for its inline pass."""
        if self.skim_templates and not any(type(n) is Text and "\n=" in n.value for n in value.nodes):
            return  # the renderer drops it; a heading line inside still counts for sections
        if not self._plain_text(value.nodes):
            self.work.append((value, _INLINE))

    def _parser_function(
        self, start: int, end: int, parts: list[Wikicode], eqs: list[int], colon: int
    ) -> Node:
        name = parts[0]
        first = name.nodes[0]
        assert isinstance(first, Text)
        cut = first.start + colon
        fname = _new_wikicode(name.start, cut, [self._text(first.start, cut)] if colon else [])
        rest: list[Node] = []
        if cut + 1 < first.end:
            rest.append(self._text(cut + 1, first.end))
        rest.extend(name.nodes[1:])
        arg0 = _new_wikicode(cut + 1, name.end, rest)
        self._queue_value(arg0)
        params = [_new_parameter(arg0.start, arg0.end, None, arg0)]
        params += [self._parameter(p, eq) for p, eq in zip(parts[1:], eqs[1:], strict=True)]
        return ParserFunction(start=start, end=end, name=fname, params=params)

    # -- links --------------------------------------------------------------------------

    def _link(self, start: int, end: int, parts: list[Wikicode], leftover: bool = False) -> Node:
        target = parts[0]
        tnodes = target.nodes
        raw = tnodes[0].value if len(tnodes) == 1 and type(tnodes[0]) is Text else str(target)
        stripped = raw.strip()
        invalid = self.pats.invalid_title
        if (
            not stripped
            or any(type(n) is Text and invalid.search(n.value) for n in tnodes)
            or self.pats.url_start.match(stripped) is not None
            or _invalid_after_decoding(stripped)
        ):
            return _Splice(start, end, self._literal_link(start, end, parts))
        title = stripped
        leading_colon = title.startswith(":")
        if leading_colon:
            title = title[1:].lstrip()
        prefix, sep, rest = title.partition(":")
        ns_id = self.config.namespace_id(prefix) if sep else None
        lower = prefix.strip().lower()
        texts0 = parts[1:]
        if (
            (ns_id is not None and ns_id != 0 and (not rest.strip() or rest.strip().startswith("#")))
            or (len(texts0) == 1 and not texts0[0].nodes and ns_id != 6)
            or any(isinstance(n, Wikilink | ExtensionTag) for n in tnodes)
            or (leftover and ns_id != 6)
        ):
            # A namespace with no title, the pipe trick (a pre-save transform only), a link
            # in the target, or a third '[' before it: MediaWiki shows the text.
            return _Splice(start, end, self._literal_link(start, end, parts))
        trail_node_end = end
        texts = parts[1:]
        if not leading_colon and ns_id == 6:
            texts = self._join_bracketed_options(texts)
            for p in texts:
                self.work.append((p, _INLINE))
            return FileLink(start=start, end=end, target=target, options=texts,
                            namespace=self.config.namespace_name(6))
        label = self._join_parts(texts) if texts else None
        if label is not None:
            if any(isinstance(n, Wikilink) for n in label.nodes):
                # Only a file's caption may hold links: this is text around a link.
                return _Splice(start, end, self._literal_link(start, end, parts))
            if not self._plain_text(label.nodes):
                self.work.append((label, _LABEL))
        if not leading_colon and ns_id == 14:
            return CategoryLink(start=start, end=end, target=target, text=label,
                                namespace=self.config.namespace_name(14))
        if sep and ns_id is None and not leading_colon and lower in self.pats.interlanguage:
            return InterlanguageLink(start=start, end=end, target=target, text=label,
                                     interwiki=lower)
        link = _new_wikilink(start, trail_node_end, target, label)
        if ns_id is not None:
            link.namespace = self.config.namespace_name(ns_id)
        elif sep and (lower in self.pats.interwiki or lower in self.pats.interlanguage):
            link.interwiki = lower
        return link

    def _join_bracketed_options(self, parts: list[Wikicode]) -> list[Wikicode]:
        """File options are split at pipes outside single ``[...]`` (an external link in a
        caption keeps its pipes), as MediaWiki's option splitting does."""
        out: list[Wikicode] = []
        depth = 0
        for p in parts:
            if depth > 0 and out:
                prev = out[-1]
                prev.nodes = _merge_text([*prev.nodes, self._text(p.start - 1, p.start), *p.nodes])
                prev.end = p.end
            else:
                out.append(p)
            for n in p.nodes:
                if type(n) is Text:
                    depth = max(0, depth + n.value.count("[") - n.value.count("]"))
        return out

    def _join_parts(self, parts: list[Wikicode]) -> Wikicode:
        """Link text after the first pipe: later pipes are literal text in it."""
        if len(parts) == 1:
            return parts[0]  # one label part: already a container of merged nodes
        nodes: list[Node] = []
        for i, p in enumerate(parts):
            if i:
                nodes.append(self._text(p.start - 1, p.start))
            nodes.extend(p.nodes)
        return _new_wikicode(parts[0].start, parts[-1].end, _merge_text(nodes))

    def _literal_link(self, start: int, end: int, parts: list[Wikicode]) -> list[Node]:
        out: list[Node] = [self._text(start, start + 2)]
        for i, p in enumerate(parts):
            if i:
                out.append(self._text(p.start - 1, p.start))
            out.extend(p.nodes)
        out.append(self._text(end - 2, end))
        return out

    # ------------------------------------------------------------------ layer 2: lines

    def _split_lines(self, nodes: list[Node], start: int, end: int) -> list[list[Node]]:
        """Split a container's nodes at the newlines of its top-level text runs.

        Each line is a list of nodes; the newline characters themselves are not in any line
        (line ``i`` ends where line ``i+1`` starts minus one).  Lines are never empty lists:
        an empty line is ``[Text("")]`` at its offset so it keeps a position.
        """
        text = self.text
        lines: list[list[Node]] = []
        cur: list[Node] = []
        cur_start = start
        for n in _flatten_splices(nodes):
            if type(n) is not Text or "\n" not in n.value:
                cur.append(n)
                continue
            s = n.start
            value = n.value
            pieces = value.split("\n")
            off = s
            for j, piece in enumerate(pieces):
                if j:
                    if not cur:
                        cur.append(_new_text(cur_start, cur_start, ""))
                    lines.append(cur)
                    cur = []
                    cur_start = off
                if piece:
                    cur.append(_new_text(off, off + len(piece), piece))
                off += len(piece) + 1
        if not cur:
            cur.append(_new_text(cur_start, cur_start, ""))
        lines.append(cur)
        del text
        return lines

    def _blocks(self, nodes: list[Node], start: int, end: int) -> list[Node]:
        lines = self._split_lines(nodes, start, end)
        items = self._tables(lines)
        return self._line_blocks(items)

    # -- tables --------------------------------------------------------------------------

    def _tables(self, lines: list[list[Node]]) -> list[list[Node] | Table]:
        """Pull tables out of a container's lines (MediaWiki's doTableStuff comes first).

        Returns the lines that are not table markup, with each outermost table in place of
        its lines.  Open tables form an explicit stack, so nesting costs no recursion.
        """
        pats = self.pats
        out: list[list[Node] | Table] = []
        stack: list[_OpenTable] = []
        for line in lines:
            first = line[0]
            head = first.value if type(first) is Text else ""
            m = pats.table_start.match(head)
            if m is not None:
                table = Table(start=first.start, indent=m.group(1), attrs=self._line_rest(line, m.end()))
                if stack:
                    stack[-1].add_content_line(self, line, table)
                else:
                    out.append(table)
                stack.append(_OpenTable(table))
                continue
            if not stack:
                out.append(line)
                continue
            newline = "\n"
            if type(first) is Comment:
                # Comments vanish before MediaWiki reads table lines: `<!--c-->|b` is a cell.
                k = 0
                while k < len(line) and (
                    type(line[k]) is Comment or (type(line[k]) is Text and not line[k].value.strip())  # type: ignore[attr-defined]
                ):
                    k += 1
                rest_first = line[k] if k < len(line) else None
                if type(rest_first) is Text and pats.table_line.match(rest_first.value.lstrip()):
                    stack[-1].add_content_line(self, line[:k], None)
                    line = line[k:]
                    first = line[0]
                    head = first.value  # type: ignore[attr-defined]
                    newline = ""
            mt = pats.table_line.match(head)
            if mt is None:
                stack[-1].add_content_line(self, line, None)
                continue
            marker = mt.group(1)
            lead = newline + head[: mt.start(1)]
            after = mt.end(1)
            top = stack[-1]
            if marker == "|}":
                table = top.table
                table.close = lead + "|}"
                top.finish(self)
                table.end = first.start + after
                stack.pop()
                rest = self._line_tail(line, after)
                if rest is not None:
                    if stack:
                        stack[-1].add_content_line(self, rest, None, newline=False)
                    else:
                        out.append(rest)
            elif marker.startswith("|-"):
                top.new_row(self, lead, marker, self._line_rest(line, after), first.start)
            elif marker == "|+":
                top.new_caption(self, lead, line, after)
            else:
                top.new_cells(self, lead, line, mt.start(1), marker)
        for open_table in reversed(stack):
            open_table.finish(self)
            self.diagnostics.append(
                Diagnostic("unclosed-table", "table is never closed with '|}'", open_table.table.start, open_table.table.start + 2)
            )
        return out

    def _line_rest(self, line: list[Node], offset: int) -> str:
        """The rest of a line after ``offset`` chars of its first text node, as raw text."""
        first = line[0]
        assert isinstance(first, Text)
        return first.value[offset:] + "".join(str(n) for n in line[1:])

    def _line_tail(self, line: list[Node], offset: int) -> list[Node] | None:
        """The nodes of a line after ``offset`` chars of its first text node (None if empty)."""
        first = line[0]
        assert isinstance(first, Text)
        nodes: list[Node] = []
        if offset < len(first.value):
            nodes.append(self._text(first.start + offset, first.end))
        nodes.extend(line[1:])
        return nodes or None

    # -- other line structure ------------------------------------------------------------

    def _line_blocks(self, items: list[list[Node] | Table]) -> list[Node]:
        """Headings, lists, ``----``, pre and paragraphs over a container's lines."""
        pats = self.pats
        text = self.text
        out: list[Node] = []
        para: list[list[Node]] = []
        pre: list[list[Node]] = []
        lst: list[ListItem] = []
        prev_end: int | None = None  # end offset of the previous line (its newline follows)

        bare_para = False
        in_block_elem = False  # MediaWiki's doBlockLevels: after an opening block tag, no pre
        in_blockquote = False

        def flush() -> None:
            nonlocal bare_para
            if para:
                if bare_para:
                    out.extend(self._paragraph(para).nodes)
                else:
                    out.append(self._paragraph(para))
                para.clear()
                bare_para = False
            if pre:
                out.append(self._pre(pre))
                pre.clear()
            if lst:
                out.append(List(start=lst[0].start, end=lst[-1].end, items=list(lst)))
                lst.clear()

        def sep(upto: int) -> None:
            """The newline(s) between the previous block and a line starting at ``upto``."""
            if prev_end is not None and upto > prev_end:
                out.append(self._text(prev_end, upto))

        for item in _lift_tables(items):
            if isinstance(item, Table):
                in_block_elem = False
                start = item.start
                flush()
                if prev_end is not None and start > prev_end:
                    nl = text.rfind("\n", prev_end, start) + 1
                    sep(nl)
                    if nl < start:
                        out.append(self._text(nl, start))
                out.append(item)
                prev_end = item.end
                continue
            line = item
            first = line[0]
            lstart = first.start
            head = first.value if type(first) is Text else ""
            lend = line[-1].end
            no_pre = in_block_elem or in_blockquote
            if head[:1] not in ("*", "#", ":", ";"):
                tag_state = self._block_tag_state(line)
                if tag_state is not None:
                    _opened, closed, quote = tag_state
                    no_pre = True
                    in_block_elem = not closed
                    if quote is not None:
                        in_blockquote = quote
            kind = self._classify(line, head, bool(pre), no_pre)
            if lstart > 0 and text[lstart - 1] != "\n" and kind != "blank":
                # Not at a line start (text on a cell's or tag's own line, after ``|}``): it
                # follows a tag in MediaWiki's output, so it is never a list, heading or pre,
                # and never wrapped in <p>.
                kind = "para"
                if not para:
                    bare_para = True
            if kind == "comment":
                # A line of only comments vanishes in MediaWiki's preprocessor (newline and
                # all): it neither ends nor starts a block.  Keep it inside the open block.
                if para and prev_end is not None:
                    para.append([self._text(prev_end, lstart), *line])
                elif pre and prev_end is not None:
                    pre[-1].extend([self._text(prev_end, lstart), *line])
                elif lst and prev_end is not None:
                    self._extend_item(lst[-1], [self._text(prev_end, lstart), *line])
                else:
                    sep(lstart)
                    out.extend(line)
                prev_end = lend
                continue
            if kind == "blank":
                flush()
                prev_end_before = prev_end
                if prev_end_before is None:
                    prev_end = lend
                    if lend > lstart:
                        out.append(self._text(lstart, lend))
                continue
            if kind == "para" and para and prev_end is not None:
                para.append([self._text(prev_end, lstart), *line])
                prev_end = lend
                continue
            if kind == "pre" and pre and prev_end is not None:
                pre.append(line)
                prev_end = lend
                continue
            if kind == "list" and lst and prev_end is not None and text.count("\n", prev_end, lstart) == 1 and not text[prev_end:lstart].strip():
                lst.extend(self._list_items(line, head, "\n", lst[-1]))
                prev_end = lend
                continue
            flush()
            sep(lstart)
            if kind == "para":
                para.append(line)
            elif kind == "pre":
                pre.append(line)
            elif kind == "list":
                lst.extend(self._list_items(line, head, "", None))
            elif kind == "heading":
                out.append(self._heading(line))
                in_block_elem = False
            elif kind == "redirect":
                out.append(line[0])
                if len(line) > 1:
                    para.append(line[1:])
            elif kind == "hr":
                m = pats.hr.match(head)
                assert m is not None
                out.append(HorizontalRule(start=lstart, end=lstart + m.end(), raw=m.group()))
                rest = self._line_tail(line, m.end())
                if rest is not None:
                    para.append(rest)
            prev_end = lend
        flush()
        if prev_end is not None and items:
            last = items[-1]
            last_end = last.end if isinstance(last, Table) else last[-1].end
            if last_end > prev_end:
                out.append(self._text(prev_end, last_end))
        return _merge_text(out)

    def _classify(self, line: list[Node], head: str, in_pre: bool, no_pre: bool) -> str:
        pats = self.pats
        if (type(line[0]) is Comment or (len(line) > 1 and not head.strip(" \t"))) and all(
            type(n) is Comment or (type(n) is Text and not n.value.strip(" \t")) for n in line
        ):
            return "comment"
        if not head:
            if len(line) == 1 and type(line[0]) is Text:
                return "blank"
            if type(line[0]) is Redirect:
                return "redirect"
            return "para"  # starts with a node: a template, a link...
        c = head[0]
        if c == "=" and self._heading_match(line) is not None:
            return "heading"
        if c in "*#:;":
            return "list"
        if c == "-" and pats.hr.match(head):
            return "hr"
        if c == " ":
            if len(line) == 1 and not head.strip():
                return "pre" if in_pre else "blank"
            return "para" if no_pre else "pre"
        if len(line) == 1 and not head.strip():
            return "blank"
        return "para"

    def _block_tag_state(self, line: list[Node]) -> tuple[bool, bool, bool | None] | None:
        """MediaWiki's block-tag test for a line: (opens, closes, inside blockquote after it),
        or None when the line has no block-level tag.  Lines after an opening block tag
        (``<table>``, ``<p>``, ``<li>``...) cannot start a pre until a closing one."""
        texts: list[str] = []
        has_pre_tag = False
        for n in line:
            if type(n) is Text:
                if "<" in n.value:
                    texts.append(n.value)
            elif type(n) is ExtensionTag and n.name == "pre":
                has_pre_tag = True
        if not texts and not has_pre_tag:
            return None
        t = " ".join(texts)
        pats = self.pats
        opened = pats.block_open.search(t) is not None
        closed = has_pre_tag or pats.block_close.search(t) is not None
        if not opened and not closed:
            return None
        quote: bool | None = None
        for m in pats.blockquote.finditer(t):
            quote = not m.group(1)
        return opened, closed, quote

    def _extend_item(self, item: ListItem, nodes: list[Node]) -> None:
        """Append nodes (a comment-only line) to a list item's content."""
        item.content.nodes = _merge_text([*item.content.nodes, *nodes])
        item.content.end = nodes[-1].end
        item.end = nodes[-1].end

    def _heading_match(self, line: list[Node]) -> tuple[int, int, int] | None:
        """(level, index of the last title node, closing '=' count) or None."""
        first = line[0]
        assert isinstance(first, Text)
        n_open = len(first.value) - len(first.value.lstrip("="))
        # Find the last node that is not a comment or trailing whitespace.
        idx = len(line) - 1
        while idx >= 0:
            n = line[idx]
            if type(n) is Comment or (type(n) is Text and not n.value.strip(" \t")):
                idx -= 1
                continue
            break
        if idx < 0:
            return None
        last = line[idx]
        if type(last) is not Text:
            return None
        m = self.pats.heading_end.search(last.value)
        if m is None:
            return None
        n_close = len(m.group(1))
        if idx == 0 and n_open == len(first.value.rstrip(" \t")):
            # A line of nothing but '=': MediaWiki reads it as '=' * n around '=' * m.
            total = n_open
            if total < 3:
                return None
            level = min(6, (total - 1) // 2)
            return level, idx, level
        level = min(n_open, n_close, 6)
        if level < 1:
            return None
        return level, idx, level

    def _heading(self, line: list[Node]) -> Heading:
        match = self._heading_match(line)
        assert match is not None
        level, idx, _ = match
        first = line[0]
        last = line[idx]
        assert isinstance(first, Text) and isinstance(last, Text)
        open_end = first.start + level
        m = self.pats.heading_end.search(last.value)
        assert m is not None
        close_start = last.start + m.start(1) + len(m.group(1)) - level
        close_end = close_start + level
        inner: list[Node] = []
        if idx == 0:
            if close_start > open_end:
                inner.append(self._text(open_end, close_start))
        else:
            if first.end > open_end:
                inner.append(self._text(open_end, first.end))
            inner.extend(line[1:idx])
            if close_start > last.start:
                inner.append(self._text(last.start, close_start))
        trailing: list[Node] = []
        if last.end > close_end:
            trailing.append(self._text(close_end, last.end))
        trailing.extend(line[idx + 1 :])
        title = _new_wikicode(open_end, close_start, self._inline(inner))
        trail = _new_wikicode(close_end, line[-1].end, trailing)
        heading = Heading(
            start=first.start, end=line[-1].end, level=level, open="=" * level, title=title,
            close="=" * level, trailing=trail,
        )
        if self.count_headings:
            self.headings.append(heading)
        else:
            heading.editable = False
        return heading

    def _paragraph(self, lines: list[list[Node]]) -> Paragraph:
        nodes: list[Node] = []
        for line in lines:
            nodes.extend(self._inline(line))
        merged = _merge_text(nodes)
        return _new_container(Paragraph, lines[0][0].start, lines[-1][-1].end, merged)

    def _pre(self, lines: list[list[Node]]) -> Preformatted:
        wl: list[Wikicode] = []
        for line in lines:
            first = line[0]
            assert isinstance(first, Text)
            nodes: list[Node] = []
            if len(first.value) > 1:
                nodes.append(self._text(first.start + 1, first.end))
            nodes.extend(line[1:])
            s = first.start + 1
            wl.append(_new_wikicode(s, max(s, line[-1].end), self._inline(nodes)))
        return Preformatted(start=lines[0][0].start, end=lines[-1][-1].end, lines=wl)

    def _list_items(self, line: list[Node], head: str, leading: str, prev: ListItem | None) -> list[ListItem]:
        first = line[0]
        m = self.pats.list_prefix.match(head)
        assert m is not None
        prefix = m.group()
        lstart = first.start - len(leading)
        content_start = first.start + len(prefix)
        body: list[Node] = []
        if content_start < first.end:
            body.append(self._text(content_start, first.end))
        body.extend(line[1:])
        items: list[ListItem] = []
        inline = self._inline(body)
        if prefix.endswith(";"):
            split = self._find_definition_colon(inline)
            if split is not None:
                term_nodes, colon_at, def_nodes = split
                term = _new_wikicode(content_start, colon_at, term_nodes)
                items.append(
                    _new_list_item(lstart, colon_at, leading, prefix, term, prefix)
                )
                dd = _new_wikicode(colon_at + 1, line[-1].end, def_nodes)
                items.append(
                    _new_list_item(colon_at, line[-1].end, "", ":", dd, prefix[:-1] + ":")
                )
                return items
        content = _new_wikicode(content_start, max(content_start, line[-1].end), inline)
        items.append(
            _new_list_item(lstart, content.end, leading, prefix, content, prefix)
        )
        return items

    def _find_definition_colon(self, nodes: list[Node]) -> tuple[list[Node], int, list[Node]] | None:
        """Split ``; term : definition`` at the first colon that MediaWiki's findColonNoLinks
        accepts: not inside an open HTML element, ``[...]``, bold/italic or a link (those are
        nodes here, as apostrophes and links are resolved before block levels in MediaWiki)."""
        level = 0
        square = 0
        for i, n in enumerate(nodes):
            kind = type(n)
            if kind is HtmlTag:
                assert isinstance(n, HtmlTag)
                if n.closing:
                    level = max(0, level - 1)
                elif not n.self_closing and n.name not in _VOID_TAGS:
                    level += 1
                continue
            if kind is not Text or level:
                continue
            assert isinstance(n, Text)
            value = n.value
            for m in self.pats.colon_scan.finditer(value):
                c = m.group()
                j = m.start()
                if c == "[":
                    square += 1
                elif c == "]":
                    square = max(0, square - 1)
                elif c != ":" or square or value[j : j + 3] == "://" or _url_before(value, j):
                    continue
                else:
                    at = n.start + j
                    before = nodes[:i] + ([self._text(n.start, at)] if j else [])
                    after = ([self._text(at + 1, n.end)] if at + 1 < n.end else []) + nodes[i + 1 :]
                    return before, at, after
        return None

    # ------------------------------------------------------------------ layer 3: inline

    def _inline_lines(self, nodes: list[Node], urls: bool = True) -> list[Node]:
        """Inline processing of a container that has no block structure, line by line."""
        if not any(type(n) is Text and "\n" in n.value for n in nodes):
            return self._inline(nodes, urls)
        if not nodes:
            return nodes
        start = nodes[0].start
        end = nodes[-1].end
        lines = self._split_lines(nodes, start, end)
        out: list[Node] = []
        for i, line in enumerate(lines):
            if i:
                nl = line[0].start - 1
                out.append(self._text(nl, nl + 1))
                first = line[0]
                if (
                    urls
                    and type(first) is Text
                    and first.value.startswith("=")
                    and self._heading_match(line) is not None
                ):
                    self.phantom_headings.append(first.start)
            out.extend(self._inline(line, urls))
        return _merge_text([n for n in out if not (type(n) is Text and n.start == n.end)])

    def _plain_text(self, nodes: list[Node]) -> bool:
        """Is this one line of text with nothing for the inline pass to find?  (Then queueing
        it for that pass would give back the same list.)"""
        if len(nodes) != 1 or type(nodes[0]) is not Text:
            return False
        v = nodes[0].value
        return "\n" not in v and "[" not in v and "''" not in v and self.pats.inline_hint.search(v) is None

    def _inline(self, nodes: list[Node], urls: bool = True) -> list[Node]:
        """One line's nodes, in MediaWiki's order: link trails, bracketed external links,
        then constructs inside plain text (URLs, tags, entities, ...), then apostrophes."""
        if self._plain_text(nodes):  # the common case: a short value, a plain line
            return nodes
        pieces = self._html_tags(self._trails(nodes))
        if urls:
            pieces = self._bracket_links(pieces)
        return self._scan_and_quote(pieces, urls)

    def _scan_and_quote(self, pieces: list[Node], urls: bool) -> list[Node]:
        """The last inline steps: constructs inside text runs (``urls=False`` in a link label:
        no bare URLs or magic links), bare URLs through templates, then apostrophes."""
        scanned: list[Node] = []
        for n in pieces:
            if type(n) is Text:
                if n.start != n.end:
                    self._scan_text(n, scanned, urls=urls)
            else:
                scanned.append(n)
        if urls and len(scanned) > 1:
            scanned = self._extend_free_urls(scanned)
        if any(type(p) is Text and "''" in p.value for p in scanned):
            scanned = self._quotes(scanned)
        return _merge_text(scanned)

    def _extend_free_urls(self, pieces: list[Node]) -> list[Node]:
        """A bare URL runs on through a template (or argument) written right against it,
        ``http://x.org/{{PAGENAME}}/y``: MediaWiki expands the template before it looks for
        URLs, so the link covers both."""
        out: list[Node] = []
        i = 0
        n = len(pieces)
        while i < n:
            p = pieces[i]
            out.append(p)
            i += 1
            if type(p) is not ExternalLink or i >= n:
                continue
            assert isinstance(p, ExternalLink)
            if p.brackets or type(pieces[i]) not in _BRACE_NODES or pieces[i].start != p.end:
                continue
            end = p.end
            url_nodes = list(p.url.nodes)
            while i < n:
                q = pieces[i]
                if type(q) in _BRACE_NODES and q.start == end:
                    url_nodes.append(q)
                    end = q.end
                    i += 1
                    continue
                if type(q) is Text and q.start == end:
                    assert isinstance(q, Text)
                    m = self.pats.url_tail.match(q.value)
                    cut = len(m.group().rstrip(",;.:!?\\)")) if m else 0
                    if cut:
                        url_nodes.append(self._text(q.start, q.start + cut))
                        end += cut
                        if cut < len(q.value):
                            pieces[i] = self._text(q.start + cut, q.end)
                        else:
                            i += 1
                            continue
                break
            p.url.nodes = url_nodes
            p.url.end = p.end = end
        return out

    def _trails(self, nodes: list[Node]) -> list[Node]:
        """``[[a]]bc``: letters right after a plain wikilink join its label (the link trail)."""
        out: list[Node] = []
        trail_re = self.pats.link_trail
        for n in nodes:
            prev = out[-1] if out else None
            if type(n) is Text and type(prev) is Wikilink and prev.end == n.start:
                m = trail_re.match(n.value)
                if m is not None:
                    link = prev
                    assert isinstance(link, Wikilink)
                    cut = m.end()
                    link.trail = m.group()
                    link.end += cut
                    if cut < len(n.value):
                        out.append(self._text(n.start + cut, n.end))
                    continue
            out.append(n)
        return out

    def _scan_text(self, node: Text, out: list[Node], *, urls: bool) -> None:
        """Split a text run at URLs, HTML tags, entities, magic links, switches, signatures.

        ``urls=False`` (link labels) finds neither free URLs nor magic links: MediaWiki does
        not link inside a link."""
        value = node.value
        base = node.start
        pos = 0
        config = self.config
        for s, e, kind in self._inline_matches(value):
            made: Node | None = None
            if kind == _URL:
                if urls:
                    made, e = self._free_url(base, value, s, e)
            elif kind == _ENTITY:
                raw = value[s:e]
                if tk.is_valid_entity(raw):
                    made = Entity(start=base + s, end=base + e, raw=raw)
            elif kind == _MAGIC:
                if not urls:
                    continue
                raw = value[s:e]
                kind_name = "RFC" if raw.startswith("RFC") else raw[:4]
                made = MagicLink(start=base + s, end=base + e, kind=kind_name, raw=raw)
            elif kind == _SWITCH:
                raw = value[s:e]
                name = raw[2:-2].upper()
                if name in config.behavior_switches and (
                    name not in _CASE_SENSITIVE_SWITCHES or raw[2:-2] == name
                ):
                    made = BehaviorSwitch(start=base + s, end=base + e, raw=raw)
                    if name == "NOEDITSECTION":
                        self.no_edit_section = True
            else:
                made = Signature(start=base + s, end=base + e, raw=value[s:e])
            if made is None:
                continue
            if s > pos:
                out.append(self._text(base + pos, base + s))
            out.append(made)
            pos = e
        if pos == 0:
            out.append(node)
        elif pos < len(value):
            out.append(self._text(base + pos, base + len(value)))

    def _inline_matches(self, value: str) -> list[tuple[int, int, int]]:
        """``(start, end, kind)`` of the constructs in a text run, left to right, as one
        scan that tries a bare URL first at each position would find them: a match that
        starts inside an earlier one is not a match."""
        pats = self.pats
        found = [(m.start(), m.end(), _INLINE_KINDS[value[m.start()]]) for m in pats.inline.finditer(value)]
        if ":" not in value:
            return found
        urls: list[tuple[int, int, int]] = []
        colon = value.find(":")
        while colon != -1:
            word = pats.word_before.search(value, max(0, colon - 12), colon)
            if word is not None:
                start = word.start()
                if start == 0 or pats.word_or_slash.match(value, start - 1) is None:
                    url = pats.free_url.match(value, start)
                    if url is not None and (not urls or start >= urls[-1][1]):
                        urls.append((start, url.end(), _URL))
            colon = value.find(":", colon + 1)
        if not urls:
            return found
        merged: list[tuple[int, int, int]] = []
        last_end = 0
        for item in sorted(found + urls):
            if item[0] >= last_end:
                merged.append(item)
                last_end = item[1]
        return merged

    def _free_url(self, base: int, value: str, s: int, e: int) -> tuple[Node | None, int]:
        url = value[s:e]
        # MediaWiki: trailing punctuation is not part of a free URL; ')' only if no '('.
        seps = ",;.:!?\\" if "(" in url else ",;.:!?\\)"
        cut = self.pats.url_entity_end.search(url)
        if cut is not None:
            url = url[: cut.start()]
        if "__" in url:
            # Behaviour switches are removed before MediaWiki looks for URLs.
            for sw in self.pats.switch.finditer(url):
                if sw.group()[2:-2].upper() in self.config.behavior_switches:
                    url = url[: sw.start()]
                    break
        trimmed = url.rstrip(seps)
        if not self._ok_url(trimmed):
            return None, e
        end = s + len(trimmed)
        url_node = _new_wikicode(base + s, base + end, [self._text(base + s, base + end)])
        return ExternalLink(start=base + s, end=base + end, url=url_node, brackets=False), end

    def _html_tags(self, pieces: list[Node]) -> list[Node]:
        """HTML tags first, as MediaWiki's sanitizer reads them before links and apostrophes.

        An opening tag whose attribute values hold a template, a link or a comment spans
        several pieces; it becomes one tag whose attribute text is what was written.
        """
        if not any(type(p) is Text and "<" in p.value for p in pieces):
            return pieces
        pats = self.pats
        pieces = list(pieces)
        out: list[Node] = []
        i = 0
        while i < len(pieces):
            p = pieces[i]
            if type(p) is not Text or "<" not in p.value:
                out.append(p)
                i += 1
                continue
            value = p.value
            base = p.start
            pos = 0
            for m in pats.html_tag.finditer(value):
                tag = self._html_tag(base + m.start(), m.group())
                if tag is None:
                    continue
                if m.start() > pos:
                    out.append(self._text(base + pos, base + m.start()))
                out.append(tag)
                pos = m.end()
            tail = pats.html_open_tail.search(value, pos)
            spanned = self._spanning_tag(pieces, i, base + tail.start()) if tail else None
            if spanned is not None:
                tag, j, rest = spanned
                if tail is not None and tail.start() > pos:
                    out.append(self._text(base + pos, base + tail.start()))
                out.append(tag)
                if rest is not None:
                    pieces[j] = rest
                    i = j
                else:
                    i = j + 1
                continue
            if pos == 0:
                out.append(p)
            elif pos < len(value):
                out.append(self._text(base + pos, base + len(value)))
            i += 1
        return out

    def _spanning_tag(self, pieces: list[Node], i: int, start: int) -> tuple[Node, int, Text | None] | None:
        """The tag opened at ``start`` in piece ``i`` and closed by the first ``>`` of a later
        text piece: (tag, index of that piece, what follows the ``>`` in it)."""
        for j in range(i + 1, len(pieces)):
            q = pieces[j]
            if type(q) is not Text:
                if type(q) not in _ATTRIBUTE_NODES:
                    return None
                continue
            assert isinstance(q, Text)
            gt = q.value.find(">")
            lt = q.value.find("<")
            if gt == -1 or (lt != -1 and lt < gt):
                return None
            end = q.start + gt + 1
            tag = self._html_tag(start, self.text[start:end])
            if tag is None:
                return None
            rest = self._text(end, q.end) if end < q.end else None
            return tag, j, rest
        return None

    def _ok_url(self, url: str) -> bool:
        """A URL needs something after its protocol: a lone ``bitcoin:`` is text."""
        m = self.pats.url_start.match(url)
        return m is not None and len(url) > m.end()

    def _html_tag(self, start: int, raw: str) -> Node | None:
        m = self.pats.html_tag_parts.match(raw)
        if m is None:
            return None
        closing, name, attrs_raw, slash = m.groups()
        return HtmlTag(
            start=start, end=start + len(raw), name=name.lower(), raw_name=name,
            attrs=attrs_raw, closing=bool(closing), self_closing=bool(slash),
        )

    def _bracket_links(self, pieces: list[Node]) -> list[Node]:
        """``[url label]`` over a line's raw pieces; the label may span several nodes
        (templates, links) up to the first ``]`` in a later text piece."""
        if not any(type(p) is Text and "[" in p.value for p in pieces):
            return pieces
        pieces = list(pieces)
        pats = self.pats
        out: list[Node] = []
        last_close_piece = -1
        for idx in range(len(pieces) - 1, -1, -1):
            q = pieces[idx]
            if type(q) is Text and "]" in q.value:
                last_close_piece = idx
                break
        i = 0
        while i < len(pieces):
            p = pieces[i]
            if type(p) is not Text or "[" not in p.value:
                out.append(p)
                i += 1
                continue
            value = p.value
            base = p.start
            pos = 0
            k = value.find("[")
            jumped = False
            last_close = value.rfind("]")
            # Is there a later text piece with a ']' (a label running across nodes)?
            later_close = last_close_piece > i
            while k != -1:
                if k > last_close and not later_close:
                    break
                m = pats.bracket_link.match(value, k) if k < last_close else None
                if m is not None and self._ok_url(m.group(1)):
                    if k > pos:
                        out.append(self._text(base + pos, base + k))
                    out.append(self._ext_link(base, m))
                    pos = m.end()
                    k = value.find("[", pos)
                    continue
                m2 = pats.bracket_link_open.match(value, k) if later_close else None
                if m2 is not None and self._ok_url(m2.group(1)):
                    j = i + 1
                    while j < len(pieces) and not (
                        type(pieces[j]) is Text and "]" in pieces[j].value  # type: ignore[attr-defined]
                    ):
                        j += 1
                    if j < len(pieces):
                        if k > pos:
                            out.append(self._text(base + pos, base + k))
                        closing = pieces[j]
                        cut = closing.value.find("]")  # type: ignore[attr-defined]
                        label_nodes: list[Node] = []
                        if m2.end(3) > m2.start(3):
                            label_nodes.append(self._text(base + m2.start(3), base + m2.end(3)))
                        label_nodes.extend(pieces[i + 1 : j])
                        if cut:
                            label_nodes.append(self._text(closing.start, closing.start + cut))
                        url_s, url_e = base + m2.start(1), base + m2.end(1)
                        label = _new_wikicode(base + m2.start(3), closing.start + cut, self._label_inline(label_nodes))
                        out.append(
                            ExternalLink(
                                start=base + k, end=closing.start + cut + 1,
                                url=_new_wikicode(url_s, url_e, [self._text(url_s, url_e)]),
                                text=label, brackets=True, space=m2.group(2),
                            )
                        )
                        rest_start = closing.start + cut + 1
                        if rest_start < closing.end:
                            pieces[j] = self._text(rest_start, closing.end)
                            i = j
                        else:
                            i = j + 1
                        jumped = True
                        break
                k = value.find("[", k + 1)
            if not jumped:
                if pos == 0:
                    out.append(p)
                elif pos < len(value):
                    out.append(self._text(base + pos, base + len(value)))
                i += 1
        return out

    def _label_inline(self, nodes: list[Node]) -> list[Node]:
        """An external link's label: text constructs (but no nested URLs), then apostrophes."""
        return self._scan_and_quote(self._html_tags(nodes), urls=False)

    def _ext_link(self, base: int, m: re.Match[str]) -> ExternalLink:
        url_s, url_e = base + m.start(1), base + m.end(1)
        url = _new_wikicode(url_s, url_e, [self._text(url_s, url_e)])
        label: Wikicode | None = None
        if m.end(3) > m.start(3):
            ls, le = base + m.start(3), base + m.end(3)
            label = _new_wikicode(ls, le, self._label_inline([self._text(ls, le)]))
        return ExternalLink(
            start=base + m.start(), end=base + m.end(), url=url, text=label, brackets=True,
            space=m.group(2),
        )

    # -- apostrophes ----------------------------------------------------------------------

    def _quotes(self, pieces: list[Node]) -> list[Node]:
        """MediaWiki's doQuotes over one line, building Bold/Italic containers."""
        # Tokenise: (node, None) for non-quote pieces, (None, (start, length)) for runs.
        toks: list[tuple[Node | None, int, int]] = []
        for p in pieces:
            if type(p) is not Text or "''" not in p.value:
                toks.append((p, 0, 0))
                continue
            value = p.value
            base = p.start
            pos = 0
            for m in self.pats.apostrophes.finditer(value):
                s, e = m.span()
                if s > pos:
                    toks.append((self._text(base + pos, base + s), 0, 0))
                toks.append((None, base + s, e - s))
                pos = e
            if pos < len(value):
                toks.append((self._text(base + pos, base + len(value)), 0, 0))
        # Normalise run lengths: 4 -> "'" + 3; >5 -> extra + 5.
        runs: list[tuple[Node | None, int, int]] = []
        for node, s, length in toks:
            if node is not None:
                runs.append((node, 0, 0))
            elif length == 4:
                runs.append((self._text(s, s + 1), 0, 0))
                runs.append((None, s + 1, 3))
            elif length > 5:
                extra = length - 5
                runs.append((self._text(s, s + extra), 0, 0))
                runs.append((None, s + extra, 5))
            else:
                runs.append((None, s, length))
        n_italic = sum(1 for node, _, ln in runs if node is None and ln in (2, 5))
        n_bold = sum(1 for node, _, ln in runs if node is None and ln in (3, 5))
        if n_italic % 2 and n_bold % 2:
            self._fix_odd_bold(runs)
        return self._quote_tree(runs)

    def _fix_odd_bold(self, runs: list[tuple[Node | None, int, int]]) -> None:
        """Both counts odd: one ''' becomes ' + '' (MediaWiki's rule: prefer one after a
        single-letter word, then one after a longer word, then one after a space)."""
        text = self.text
        single = multi = space = -1
        for idx, (node, s, ln) in enumerate(runs):
            if node is not None or ln != 3:
                continue
            x1 = text[s - 1] if s >= 1 and text[s - 1] != "\n" else ""
            x2 = text[s - 2] if x1 and s >= 2 and text[s - 2] != "\n" else ""
            if x1 == " ":
                if space == -1:
                    space = idx
            elif x2 == " ":
                single = idx
                break
            elif multi == -1:
                multi = idx
        pick = single if single != -1 else multi if multi != -1 else space
        if pick == -1:
            return
        _, s, _ = runs[pick]
        runs[pick : pick + 1] = [(self._text(s, s + 1), 0, 0), (None, s + 1, 2)]

    def _quote_tree(self, runs: list[tuple[Node | None, int, int]]) -> list[Node]:
        text = self.text
        root: list[Node] = []
        stack: list[Formatting] = []
        state = ""  # MediaWiki's state: "", "b", "i", "bi", "ib", "both"
        both_at = -1  # offset of a pending ''''' whose order is not known yet
        both_buf: list[Node] = []

        def target() -> list[Node]:
            return stack[-1].nodes if stack else root

        def open_(cls: type[Formatting], marker_start: int, length: int) -> None:
            node = cls(start=marker_start, open=text[marker_start : marker_start + length])
            target().append(node)
            stack.append(node)

        def close(marker_start: int, length: int) -> None:
            node = stack.pop()
            node.close = text[marker_start : marker_start + length]
            node.end = marker_start + length
            node.nodes = _merge_text(node.nodes)

        def flush_both(first: type[Formatting], second: type[Formatting]) -> None:
            """Resolve a pending ''''': ``first`` opened outside ``second``."""
            nonlocal both_at
            flen = 3 if first is Bold else 2
            open_(first, both_at, flen)
            open_(second, both_at + flen, 5 - flen)
            target().extend(both_buf)
            both_buf.clear()
            both_at = -1

        for node, s, ln in runs:
            if node is not None:
                if state == "both":
                    both_buf.append(node)
                else:
                    target().append(node)
                continue
            if ln == 2:
                if state == "i":
                    close(s, 2)
                    state = ""
                elif state == "bi":
                    close(s, 2)
                    state = "b"
                elif state == "ib":
                    close(s, 0)  # implicit </b>
                    close(s, 2)
                    open_(Bold, s + 2, 0)
                    state = "b"
                elif state == "both":
                    flush_both(Bold, Italic)
                    close(s, 2)
                    state = "b"
                else:
                    open_(Italic, s, 2)
                    state += "i"
            elif ln == 3:
                if state == "b":
                    close(s, 3)
                    state = ""
                elif state == "bi":
                    close(s, 0)  # implicit </i>
                    close(s, 3)
                    open_(Italic, s + 3, 0)
                    state = "i"
                elif state == "ib":
                    close(s, 3)
                    state = "i"
                elif state == "both":
                    flush_both(Italic, Bold)
                    close(s, 3)
                    state = "i"
                else:
                    open_(Bold, s, 3)
                    state += "b"
            else:  # 5
                if state == "b":
                    close(s, 3)
                    open_(Italic, s + 3, 2)
                    state = "i"
                elif state == "i":
                    close(s, 2)
                    open_(Bold, s + 2, 3)
                    state = "b"
                elif state == "bi":
                    close(s, 2)
                    close(s + 2, 3)
                    state = ""
                elif state == "ib":
                    close(s, 3)
                    close(s + 3, 2)
                    state = ""
                elif state == "both":
                    flush_both(Italic, Bold)
                    close(s, 3)
                    close(s + 3, 2)
                    state = ""
                else:
                    both_at = s
                    state = "both"
        if state == "both":
            flush_both(Bold, Italic)
        end = runs[-1][0].end if runs[-1][0] is not None else runs[-1][1] + runs[-1][2]
        while stack:
            node = stack.pop()
            node.end = end
            node.nodes = _merge_text(node.nodes)
        return root

    # ------------------------------------------------------------------ sections

    def _sections(self, blocks: list[Node]) -> list[Node]:
        """Group top-level blocks into nested sections (lead first)."""
        text_len = len(self.text)
        lead = Section(start=0, level=0, number=0)
        top: list[Node] = [lead]
        stack: list[Section] = [lead]
        for b in blocks:
            if isinstance(b, Heading):
                while len(stack) > 1 and stack[-1].level >= b.level:
                    stack.pop()
                sec = Section(start=b.start, level=b.level, number=b.number, nodes=[b])
                if len(stack) == 1:
                    top.append(sec)
                else:
                    stack[-1].nodes.append(sec)
                stack.append(sec)
            else:
                stack[-1].nodes.append(b)
        # Spans: a section ends where the next one at its level or above begins.
        _fix_section_ends(top, text_len)
        if not lead.nodes:
            lead.end = lead.start
        return top

    def _redirect(self, nodes: list[Node]) -> list[Node]:
        """``#REDIRECT [[Target]]`` at the very start of the page becomes a Redirect node."""
        if len(nodes) < 2 or type(nodes[0]) is not Text:
            return nodes
        first = nodes[0]
        assert isinstance(first, Text)
        m = self.pats.redirect.match(first.value)
        if m is None or not isinstance(nodes[1], Wikilink):
            return nodes
        gap = first.value[m.end() :]
        if not self.pats.redirect_gap.match(gap):
            return nodes
        link = nodes[1]
        assert isinstance(link, Wikilink)
        lead_ws = len(first.value) - len(first.value.lstrip())
        if "\n" in first.value[:lead_ws]:
            return nodes
        marker = first.value[lead_ws : m.end()]
        red = Redirect(start=first.start + lead_ws, end=link.end, marker=marker, space=gap, link=link)
        head: list[Node] = [self._text(first.start, first.start + lead_ws)] if lead_ws else []
        return [*head, red, *nodes[2:]]

    def _number_headings(self) -> None:
        """Edit-section numbers in source order; ``__NOEDITSECTION__`` turns markers off.

        Headings were collected as they were built (containers are processed in worklist
        order, so sort by offset); no extra walk over the tree is needed.  Heading lines
        inside template arguments take numbers too; a heading line holding an unclosed
        bracket run takes none, exactly as in MediaWiki's preprocessor.
        """
        import bisect

        unclosed = sorted(self.unclosed)
        entries: list[tuple[int, Heading | None]] = [(h.start, h) for h in self.headings]
        entries += [(off, None) for off in self.phantom_headings]
        entries.sort(key=lambda e: e[0])
        number = 0
        for _, h in entries:
            if h is not None and unclosed:
                k = bisect.bisect_left(unclosed, h.start)
                if k < len(unclosed) and unclosed[k] < h.end:
                    h.editable = False
                    continue
            number += 1
            if h is not None:
                h.number = number
                h.editable = not self.no_edit_section


class _OpenTable:
    """A table being built: its current row and cell, and the content lines of that cell."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.row: TableRow | None = None
        self.cell: TableCell | TableCaption | Wikicode | None = None
        self.cell_lines: list[Node] = []

    def add_content_line(self, b: _Builder, line: list[Node], nested: Table | None, newline: bool = True) -> None:
        """A line that is not table markup (or a nested table's first line) inside the table."""
        first = line[0]
        if self.cell is None:
            # Content before any cell: a stray block (MediaWiki moves it out of the table).
            stray = Wikicode(start=first.start - (1 if newline else 0), nodes=[])
            if self.row is not None:
                self.row.cells.append(stray)
            else:
                self.table.rows.append(stray)
            self.cell = stray
            self.cell_lines = []
        if newline:
            nl = first.start - 1
            self.cell_lines.append(b._text(nl, nl + 1))
        if nested is not None:
            # Text before the table on its line (indentation) stays with the table itself.
            self.cell_lines.append(nested)
        else:
            self.cell_lines.extend(line)

    def close_cell(self, b: _Builder) -> None:
        cell = self.cell
        if cell is None:
            return
        content = cell if isinstance(cell, Wikicode) else cell.content
        nodes = _flatten_splices(content.nodes + self.cell_lines)
        content.nodes = nodes
        if nodes:
            content.start = min(content.start, nodes[0].start) if content.start >= 0 else nodes[0].start
            content.end = nodes[-1].end
        else:
            content.end = content.start
        cell.end = content.end if content.end >= 0 else cell.end
        if isinstance(cell, TableCell | TableCaption):
            cell.end = content.end
        b.work.append((content, _CELL))
        if self.row is not None and self.row.cells:
            self.row.end = self.row.cells[-1].end
        self.cell = None
        self.cell_lines = []

    def new_row(self, b: _Builder, lead: str, marker: str, attrs: str, line_start: int) -> None:
        self.close_cell(b)
        start = line_start - 1 if lead.startswith("\n") else line_start
        end = line_start + len(lead.lstrip("\n")) + len(marker) + len(attrs)
        row = TableRow(start=start, end=end, leading=lead, marker=marker, attrs=attrs)
        self.table.rows.append(row)
        self.row = row

    def new_caption(self, b: _Builder, lead: str, line: list[Node], after: int) -> None:
        self.close_cell(b)
        first = line[0]
        assert isinstance(first, Text)
        start = first.start - (1 if lead.startswith("\n") else 0)
        body = b._line_tail(line, after) or []
        attrs, content_nodes, content_start = _split_cell_attrs(b, body, first.start + after)
        cap = TableCaption(start=start, leading=lead, marker="|+", attrs=attrs,
                           content=Wikicode(start=content_start, nodes=[]))
        self.table.rows.append(cap)
        self.cell = cap
        self.cell_lines = list(content_nodes)

    def new_cells(self, b: _Builder, lead: str, line: list[Node], marker_at: int, marker: str) -> None:
        """A line of cells: ``| a || b`` or ``! a !! b || c``."""
        self.close_cell(b)
        first = line[0]
        assert isinstance(first, Text)
        if self.row is None:
            at = first.start - (1 if lead.startswith("\n") else 0)
            row = TableRow(start=at, end=at, leading="", marker="", attrs="")
            self.table.rows.append(row)
            self.row = row
        header = marker.startswith("!")
        mlen = 2 if marker in ("||",) else 1
        cell_start = first.start + marker_at + mlen
        body = b._line_tail(line, marker_at + mlen) or []
        chunks = _split_inline_cells(b, body, header, cell_start)
        for idx, (cmarker, cnodes, cstart) in enumerate(chunks):
            if idx == 0:
                leading = lead
                mk = marker
                start = first.start - (1 if lead.startswith("\n") else 0)
            else:
                leading = ""
                mk = cmarker
                start = cstart - len(cmarker)
            attrs, content_nodes, content_start = _split_cell_attrs(b, cnodes, cstart)
            cell = TableCell(start=start, leading=leading, marker=mk, header=header, attrs=attrs,
                             content=Wikicode(start=content_start, nodes=[]))
            assert self.row is not None
            self.row.cells.append(cell)
            self.cell = cell
            self.cell_lines = list(content_nodes)
            if idx < len(chunks) - 1:
                self.close_cell(b)

    def finish(self, b: _Builder) -> None:
        self.close_cell(b)
        t = self.table
        last = t.rows[-1].end if t.rows else t.start + len(t.indent) + 2 + len(t.attrs)
        t.end = last + len(t.close)


def _split_inline_cells(
    b: _Builder, nodes: list[Node], header: bool, start: int
) -> list[tuple[str, list[Node], int]]:
    """Split a cell line's nodes at ``||`` (and ``!!`` on header lines) in its text runs."""
    seps = ("||", "!!") if header else ("||",)
    chunks: list[tuple[str, list[Node], int]] = []
    cur: list[Node] = []
    cur_marker = ""
    cur_start = start
    for n in nodes:
        if type(n) is not Text or not any(s in n.value for s in seps):
            cur.append(n)
            continue
        value = n.value
        pos = 0
        while True:
            hits = [(value.find(s, pos), s) for s in seps]
            hits = [(k, s) for k, s in hits if k != -1]
            if not hits:
                break
            k, s = min(hits)
            lt = value.rfind("<", 0, k)
            if lt != -1 and value.rfind(">", 0, k) < lt and value[lt + 1 : lt + 2].isalpha():
                # Inside an HTML tag's attributes (`<div class="!!">`): not a separator.
                gt = value.find(">", k)
                if gt != -1:
                    cur.append(b._text(n.start + pos, n.start + gt + 1))
                    pos = gt + 1
                    continue
            if k > pos:
                cur.append(b._text(n.start + pos, n.start + k))
            chunks.append((cur_marker, cur, cur_start))
            cur = []
            cur_marker = s
            cur_start = n.start + k + 2
            pos = k + 2
        if pos < len(value):
            cur.append(b._text(n.start + pos, n.end))
    chunks.append((cur_marker, cur, cur_start))
    return chunks


def _split_cell_attrs(b: _Builder, nodes: list[Node], start: int) -> tuple[str | None, list[Node], int]:
    """``attrs | content``: split at the first single ``|`` in the cell's text runs, unless a
    link comes first (then it is all content, as in MediaWiki).  A ``|`` inside
    ``<nowiki>`` or a template is not a separator; what precedes the split is raw attribute
    text."""
    for i, n in enumerate(nodes):
        kind = type(n)
        if kind is Wikilink or isinstance(n, Wikilink | ExternalLink):
            return None, nodes, start
        if kind is not Text:
            continue
        value = n.value  # type: ignore[attr-defined]
        if i == 0 and "[[" in value.split("|", 1)[0]:
            return None, nodes, start
        k = value.find("|")
        while k != -1 and value.startswith("||", k):
            k = value.find("|", k + 2)
        if k == -1:
            continue
        attrs = "".join(str(x) for x in nodes[:i]) + value[:k]
        rest: list[Node] = []
        if k + 1 < len(value):
            rest.append(b._text(n.start + k + 1, n.end))
        rest.extend(nodes[i + 1 :])
        return attrs, rest, n.start + k + 1
    return None, nodes, start


_RELATIVE_TITLE = re.compile(r"(?:^|/)\.{1,2}(?:/|$)")
_ENTITY_IN_TITLE = re.compile(r"&[A-Za-z0-9\x80-\uffff]+;")
_BAD_TITLE_CHARS = re.compile(r"[<>\[\]{}|\x00-\x1f\x7f]")


def _invalid_after_decoding(target: str) -> bool:
    """MediaWiki's title checks that need decoding: ``%3C`` or ``&lt;`` hiding a forbidden
    character, an entity left after decoding, a relative ``./`` or ``../`` title."""
    title = target.split("#", 1)[0].lstrip(":").strip()
    if title.startswith(".") and _RELATIVE_TITLE.search(title):
        return True
    if "%" not in title and "&" not in title:
        return False
    import html
    import urllib.parse

    decoded = html.unescape(title)
    if "%" in decoded:
        decoded = urllib.parse.unquote(decoded, errors="strict") if _utf8_ok(decoded) else decoded
    return bool(_BAD_TITLE_CHARS.search(decoded) or _ENTITY_IN_TITLE.search(decoded))


def _utf8_ok(text: str) -> bool:
    import urllib.parse

    try:
        urllib.parse.unquote(text, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def _lift_tables(items: list[list[Node] | Table]) -> list[list[Node] | Table]:
    """A nested table reaches its cell's content as the first node of a line (followed by
    any text after its ``|}``): make it a block item of its own."""
    out: list[list[Node] | Table] = []
    for item in items:
        if isinstance(item, list) and type(item[0]) is Table:
            table = item[0]
            assert isinstance(table, Table)
            out.append(table)
            if len(item) > 1:
                out.append(item[1:])
        else:
            out.append(item)
    return out


def _open_square(nodes: list[Node]) -> bool:
    """Does this run of nodes leave a single ``[`` open in its text?"""
    depth = 0
    for n in nodes:
        if type(n) is Text:
            depth += n.value.count("[") - n.value.count("]")
    return depth > 0


def _merge_text(nodes: list[Node]) -> list[Node]:
    """Join adjacent Text nodes and drop empty ones (splicing invalid-link placeholders).

    Each run of adjacent texts becomes one node, its value joined once (not grown pairwise,
    which would copy a long paragraph's text once per line)."""
    if not nodes:
        return nodes
    if len(nodes) == 1:
        only = nodes[0]
        kind = type(only)
        if kind is not _Splice and not (kind is Text and only.start == only.end):
            return nodes
    out: list[Node] = []
    run: list[Text] = []
    for n in _spliced(nodes):
        if type(n) is Text:
            assert isinstance(n, Text)
            if n.start == n.end and not n.value:
                continue
            if run and run[-1].end == n.start:
                run.append(n)
                continue
            if run:
                out.append(_join_run(run))
            run = [n]
            continue
        if run:
            out.append(_join_run(run))
            run = []
        out.append(n)
    if run:
        out.append(_join_run(run))
    return out


def _spliced(nodes: list[Node]) -> list[Node]:
    """The nodes with invalid-link placeholders replaced by what they stand for."""
    if not any(type(n) is _Splice for n in nodes):
        return nodes
    flat: list[Node] = []
    for n in nodes:
        if type(n) is _Splice:
            assert isinstance(n, _Splice)
            flat.extend(n.items)
        else:
            flat.append(n)
    return flat


def _join_run(run: list[Text]) -> Text:
    if len(run) == 1:
        return run[0]
    return _new_text(run[0].start, run[-1].end, "".join(t.value for t in run))


def _flatten_splices(nodes: list[Node]) -> list[Node]:
    if not any(type(n) is _Splice for n in nodes):
        return nodes
    return _merge_text(nodes)


def _url_before(value: str, j: int) -> bool:
    """Is the colon at ``j`` part of a URL scheme like ``mailto:``?"""
    k = j
    while k > 0 and value[k - 1].isalpha():
        k -= 1
    return value[k:j].lower() in ("http", "https", "ftp", "mailto", "news", "irc", "ircs", "tel", "urn", "geo")


def _fix_section_ends(sections: list[Node], text_len: int) -> None:
    """A section spans its children: set spans bottom-up (children before parents, no recursion)."""
    order: list[Section] = []
    stack: list[Node] = list(sections)
    while stack:
        n = stack.pop()
        if isinstance(n, Section):
            order.append(n)
            stack.extend(n.nodes)
    for sec in reversed(order):
        if sec.nodes:
            if sec.level:
                sec.start = sec.nodes[0].start
            sec.end = sec.nodes[-1].end
        else:
            sec.end = sec.start
    del text_len
