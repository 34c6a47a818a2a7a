"""Frames and the expansion of a preprocessor tree, as MediaWiki's PPFrame_Hash and Parser's
``braceSubstitution``/``argSubstitution`` do it.

One :class:`Expander` serves one page: it holds the page context, the limits and their
counters, the diagnostics, caches of preprocessed template bodies and the strip table used when
expanding for rendering.  A :class:`Frame` is one template call (or the page): its arguments
are kept as preprocessor nodes and expanded lazily, once, in the caller's frame (named ones
trimmed, numbered ones not).  Recursion follows template nesting only and is bounded by
``$wgMaxPPExpandDepth``.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from .._mw import PHP_WHITESPACE
from ..nodes import Diagnostic
from ._magic import local_words
from ._names import SUBPAGE_NAMESPACES, Title, make_title
from ._preprocessor import (
    EQUALS_NODE,
    Argument,
    Comment,
    Equals,
    ExtTag,
    Heading,
    Ignore,
    Node,
    Part,
    Template,
    preprocess,
    source_length,
)

if TYPE_CHECKING:
    from ._wiki import Wiki

__all__ = [
    "NO_ARGS",
    "NO_TEMPLATES",
    "RECOVER_ORIG",
    "STRIP_COMMENTS",
    "Expander",
    "Frame",
    "HeadingMark",
    "Limits",
    "kill_markers",
    "skip_markers",
]

NO_ARGS = 1
NO_TEMPLATES = 2
STRIP_COMMENTS = 4
NO_IGNORE = 8
RECOVER_COMMENTS = 16
RECOVER_ORIG = 59  # every "keep the source" flag, as MediaWiki's PPFrame::RECOVER_ORIG

_PHP_WS = PHP_WHITESPACE
_INT_KEY = re.compile(r"(?:0|-?[1-9][0-9]{0,17})\Z")
_BLOCK_START = re.compile(r"\{\||[:;#*]")

#: Extension tags whose bodies are wikitext that their extension parses in the calling frame
#: (Cite's ``<ref>`` and ``<references>``, ``<poem>``, ``<gallery>`` captions...).  When
#: expanding for rendering, their bodies are expanded too, as MediaWiki's rendering does.
WIKITEXT_BODY_TAGS = frozenset({"ref", "references", "poem", "gallery", "indicator", "center"})

#: Extension tags whose attribute values their extension parses as wikitext (``<gallery
#: caption="{{…}}">``): expanded too when rendering.
WIKITEXT_ATTR_TAGS = frozenset({"gallery"})


class Limits:
    """MediaWiki's parser limits (names and defaults of its settings)."""

    __slots__ = (
        "max_arg_size",
        "max_expand_depth",
        "max_expensive",
        "max_include_size",
        "max_node_count",
        "max_template_depth",
    )

    def __init__(
        self,
        *,
        max_template_depth: int = 100,
        max_expand_depth: int = 100,
        max_node_count: int = 1_000_000,
        max_include_size: int = 2 * 1024 * 1024,
        max_arg_size: int = 2 * 1024 * 1024,
        max_expensive: int = 100,
    ) -> None:
        self.max_template_depth = max_template_depth  # $wgMaxTemplateDepth
        self.max_expand_depth = max_expand_depth  # $wgMaxPPExpandDepth
        self.max_node_count = max_node_count  # $wgMaxPPNodeCount
        self.max_include_size = max_include_size  # $wgMaxArticleSize * 1024 (post-expand)
        self.max_arg_size = max_arg_size  # template argument size
        self.max_expensive = max_expensive  # $wgExpensiveParserFunctionLimit


def php_trim(text: str) -> str:
    return text.strip(_PHP_WS)


def arg_key(name: str) -> str | int:
    """PHP array-key semantics: a canonical decimal integer string becomes an int."""
    return int(name) if _INT_KEY.match(name) else name


class Frame:
    """One expansion frame: the page (no parent) or a template call.

    Implements :class:`wikiparse.lua.host.LuaFrame` for Scribunto.
    """

    __slots__ = ("args", "cache", "depth", "expander", "loop_titles", "parent", "title")

    def __init__(
        self,
        expander: Expander,
        title: Title,
        parent: Frame | None,
        args: dict[str | int, tuple[list[Node], bool]],
    ) -> None:
        self.expander = expander
        self.title = title
        self.parent = parent
        self.args = args
        self.cache: dict[str | int, str] = {}
        self.depth: int = 0 if parent is None else parent.depth + 1
        self.loop_titles: frozenset[str] = (
            frozenset() if parent is None else parent.loop_titles | {title.prefixed}
        )

    # -- arguments ------------------------------------------------------------------------

    def argument(self, name: str | int) -> str | None:
        """The expanded value of an argument (memoized), None if the frame lacks it."""
        key = arg_key(name) if isinstance(name, str) else name
        got = self.cache.get(key)
        if got is not None:
            return got
        entry = self.args.get(key)
        if entry is None or self.parent is None:
            return None
        nodes, named = entry
        value = self.parent.expand(nodes, STRIP_COMMENTS)
        if named:
            value = php_trim(value)
        self.cache[key] = value
        return value

    def is_template(self) -> bool:
        return self.parent is not None

    # -- expansion ------------------------------------------------------------------------

    def expand(self, nodes: list[Node], flags: int = 0) -> str:
        return self.expander.expand(nodes, self, flags)

    def expand_part(self, part: Part) -> str:
        """A part as text: ``name=value`` or the positional value."""
        if part.name is None:
            return self.expand(part.value)
        return self.expand(part.name) + "=" + self.expand(part.value)

    # -- the LuaFrame protocol ------------------------------------------------------------

    def get_title(self) -> str:
        return self.title.prefixed

    def argument_names(self) -> Iterable[str | int]:
        return list(self.args)

    def get_argument(self, name: str | int) -> str | None:
        return self.argument(name)

    def get_parent(self) -> Frame | None:
        return self.parent

    def new_child(self, title: str, args: Mapping[str | int, str]) -> Frame:
        parsed = make_title(title, self.expander.config, 0) or self.title
        child_args: dict[str | int, tuple[list[Node], bool]] = {
            (arg_key(k) if isinstance(k, str) else k): ([v], False) for k, v in args.items()
        }
        return Frame(self.expander, parsed, self, child_args)

    def expand_template(self, title: str, args: Mapping[str | int, str]) -> str:
        return self.expander.call_template(self, title, args)

    def call_parser_function(self, name: str, args: list[str]) -> str:
        """``frame:callParserFunction``: ``name`` as MediaWiki knows it (``#if``, ``lc``); a
        name without its ``#`` is found too.  ``name=value`` strings are named arguments."""
        first = args[0] if args else ""
        parts = []
        for i, arg in enumerate(args[1:]):
            key, eq, value = arg.partition("=")
            parts.append(Part([key], [value], 0) if eq else Part(None, [arg], i + 1))
        got = self.expander.call_function(self, name, first, parts)
        if got is None and not name.startswith("#"):
            got = self.expander.call_function(self, "#" + name, first, parts)
        return got if got is not None else ""

    def preprocess(self, text: str) -> str:
        """``frame:preprocess``: a template's frame (the #invoke frame too) reads the text as
        included (``<includeonly>`` shown, ``<noinclude>`` hidden); the page's own frame not."""
        return self.expand(self.expander.dom(text, self.is_template()))

    def extension_tag(self, name: str, content: str, attrs: Mapping[str, str]) -> str:
        return self.expander.make_tag(name, content, dict(attrs))


class HeadingMark(NamedTuple):
    """Where a heading of the expanded page came from: the heading that starts its title at
    ``offset`` (right after its ``=`` run) is section ``section`` of ``title`` (a template's
    or another page's title; "" for the page itself)."""

    offset: int
    title: str
    section: int


class _Abort(Exception):
    """Raised inside expansion when a hard limit makes further work pointless."""


class Expander:
    """Expands wikitext for one page (see the module docstring)."""

    def __init__(
        self,
        wiki: Wiki,
        title: str,
        *,
        for_rendering: bool = False,
        limits: Limits | None = None,
    ) -> None:
        self.wiki = wiki
        self.config = wiki.config
        self.limits = limits or wiki.limits
        self.for_rendering = for_rendering
        self.page_title: Title = make_title(title or "Main Page", self.config, 0) or Title(
            0, "", "Main Page"
        )
        self.diagnostics: list[Diagnostic] = []
        self.node_count = 0
        self.expand_depth = 0
        self.highest_depth = 0
        self.include_size = 0
        self.arg_size = 0
        self.expensive_count = 0
        self.strip: list[str] = []
        self.dom_cache: dict[tuple[str, bool], list[Node]] = {}
        self.template_cache: dict[str, tuple[list[Node], Title] | None] = {}
        self.empty_frame_cache: dict[str, str] = {}
        self.categories: list[str] = []
        self.display_title: str | None = None
        self.default_sort: str | None = None
        self._warned: set[str] = set()
        self.script_errors = 0
        self.lua_calls = 0
        self.lua_engine: Any = None
        #: Makes this page's strip markers unguessable by the text being expanded.
        self.marker_token = secrets.token_hex(4)
        #: The same for heading markers (another token: ``unstrip`` leaves them in place).
        self.heading_token = self.marker_token
        while self.heading_token == self.marker_token:
            self.heading_token = secrets.token_hex(4)
        #: Per heading marker (its serial number): the title of the frame whose own text had
        #: the heading ("" for the page) and the heading's index in that text.
        self.heading_marks: list[tuple[str, int]] = []
        #: The span of the page's top-level node being expanded (diagnostics point there).
        self.current_span = (0, 0)
        self.root = Frame(self, self.page_title, None, {})
        #: Parser functions, variables and modifiers in the wiki's spellings.
        self.words = local_words(self.config)
        self.functions = self.words.functions

    # -- entry points ---------------------------------------------------------------------

    def expand_text(self, text: str) -> str:
        """The page text expanded in the root frame (strip markers left in when rendering)."""
        return "".join(piece for piece, _, _, _ in self.expand_pieces(text))

    def expand_pieces(self, text: str) -> list[tuple[str, int, int, str]]:
        """The page expanded one top-level node at a time, each with its source span and
        kind: what :class:`~wikiparse.expand._sources.SourceMap` is built from."""
        out: list[tuple[str, int, int, str]] = []
        pos = 0
        for node in self.dom(text, False):
            size = source_length(node)
            self.current_span = (pos, pos + size)  # where diagnostics point
            out.append(
                (self.expand([node], self.root, 0), pos, pos + size, _KINDS.get(type(node), "text"))
            )
            pos += size
        return out

    def dom(self, text: str, for_inclusion: bool) -> list[Node]:
        key = (text, for_inclusion)
        got = self.dom_cache.get(key) if len(text) < 4096 else None
        if got is not None:
            return got
        nodes = preprocess(text, for_inclusion=for_inclusion, ext_tags=self.wiki.ext_tags)
        if len(text) < 4096:
            self.dom_cache[key] = nodes
        return nodes

    def warn(self, code: str, message: str) -> None:
        if code + message not in self._warned:
            self._warned.add(code + message)
            start, end = self.current_span
            self.diagnostics.append(Diagnostic(code, message, start, end))

    # -- the expansion loop ---------------------------------------------------------------

    def expand(self, nodes: list[Node], frame: Frame, flags: int = 0) -> str:
        """MediaWiki's PPFrame::expand: the text of ``nodes`` in ``frame``."""
        if self.expand_depth >= self.limits.max_expand_depth:
            self.warn("expansion-depth-exceeded", "Expansion depth limit exceeded")
            return '<span class="error">Expansion depth limit exceeded</span>'
        self.expand_depth += 1
        if self.expand_depth > self.highest_depth:
            self.highest_depth = self.expand_depth
        try:
            return self._expand(nodes, frame, flags)
        finally:
            self.expand_depth -= 1

    def _expand(self, nodes: list[Node], frame: Frame, flags: int) -> str:
        out: list[str] = []
        max_nodes = self.limits.max_node_count
        for node in nodes:
            self.node_count += 1
            if self.node_count > max_nodes:
                self.warn("node-count-exceeded", "Node-count limit exceeded")
                out.append('<span class="error">Node-count limit exceeded</span>')
                break
            if isinstance(node, str):
                out.append(node)
            elif isinstance(node, Template):
                if flags & NO_TEMPLATES:
                    out.append(self._bracketed("{{", "}}", node.title, node.parts, frame, flags))
                else:
                    out.append(self.brace_substitution(node, frame))
            elif isinstance(node, Argument):
                if flags & NO_ARGS:
                    out.append(self._bracketed("{{{", "}}}", node.title, node.parts, frame, flags))
                else:
                    out.append(self.arg_substitution(node, frame))
            elif isinstance(node, Comment):
                if flags & RECOVER_COMMENTS:
                    out.append(node.text)
            elif isinstance(node, Ignore):
                if flags & NO_IGNORE:
                    out.append(node.text)
            elif isinstance(node, ExtTag):
                out.append(self.extension_substitution(node, frame, flags))
            elif isinstance(node, Heading):
                text = self._expand(node.children, frame, flags)
                if node.root and self.for_rendering and not flags:
                    level = node.level
                    text = text[:level] + self.heading_marker(frame, node.index) + text[level:]
                out.append(text)
            elif isinstance(node, Equals):
                out.append("=")
        return "".join(out)

    def _bracketed(
        self, open_: str, close: str, title: list[Node], parts: list[Part], frame: Frame, flags: int
    ) -> str:
        """MediaWiki's virtualBracketedImplode: the call rebuilt around expanded pieces."""
        pieces = [open_, self._expand(title, frame, flags)]
        for part in parts:
            pieces.append("|")
            if part.name is not None:
                pieces.append(self._expand(part.name, frame, flags))
                pieces.append("=")
            pieces.append(self._expand(part.value, frame, flags))
        pieces.append(close)
        return "".join(pieces)

    # -- heading markers ------------------------------------------------------------------

    def heading_marker(self, frame: Frame, index: int) -> str:
        """A marker put after the ``=`` run of a heading its frame's own text has at the top,
        as MediaWiki's PPFrame does when rendering: the heading of the final parse that starts
        with it gets an edit link to section ``index`` of the frame's page (``T-index`` of a
        template).  Headings without one (made by a parser function, assembled from pieces,
        inside an argument) get none.  Markers survive string functions as strip markers do."""
        title = frame.title.prefixed
        self.heading_marks.append(("" if title == self.page_title.prefixed else title, index))
        return f"\x7f'\"`UNIQ-{self.heading_token}-{len(self.heading_marks) - 1}-QINU`\"'\x7f"

    def take_heading_marks(self, text: str, at: int = 0) -> tuple[str, list[HeadingMark]]:
        """``text`` without its heading markers, and per marker ``(offset in the returned
        text plus at, title, index)`` (see :meth:`heading_marker`)."""
        if not self.heading_marks:
            return text, []
        # str.find, not a regex scan: the markers' fixed start is this page's own token.
        prefix = f"\x7f'\"`UNIQ-{self.heading_token}-"
        start = text.find(prefix)
        if start < 0:
            return text, []
        pieces: list[str] = []
        marks: list[HeadingMark] = []
        last = removed = 0
        while start >= 0:
            digits = start + len(prefix)
            end = text.find(_MARKER_SUFFIX, digits)
            serial = text[digits:end] if end > digits else ""
            if serial.isdigit() and serial.isascii() and int(serial) < len(self.heading_marks):
                end += len(_MARKER_SUFFIX)
                pieces.append(text[last:start])
                title, index = self.heading_marks[int(serial)]
                marks.append(HeadingMark(at + start - removed, title, index))
                removed += end - start
                last = end
                start = text.find(prefix, end)
            else:
                start = text.find(prefix, start + 1)
        if not marks:
            return text, []
        pieces.append(text[last:])
        return "".join(pieces), marks

    # -- extension tags -------------------------------------------------------------------

    def extension_substitution(self, node: ExtTag, frame: Frame, flags: int) -> str:
        if flags & RECOVER_ORIG == RECOVER_ORIG:
            return f"<{node.name}{node.attrs}" + (
                "/>" if node.inner is None else f">{node.inner}{node.close or ''}"
            )
        attrs = node.attrs
        if self.for_rendering and "{" in attrs and node.name.lower() in WIKITEXT_ATTR_TAGS:
            attrs = self.unstrip(self.prepare(self.expand(self.dom(attrs, False), frame)))
        if node.inner is None:
            text = f"<{node.name}{attrs}/>"
        else:
            inner = node.inner
            if self.for_rendering and node.name.lower() in WIKITEXT_BODY_TAGS:
                inner = self.unstrip(self.prepare(self.expand(self.dom(inner, False), frame)))
            text = f"<{node.name}{attrs}>{inner}{node.close or ''}"
        return self.strip_item(text)

    def strip_item(self, text: str) -> str:
        """A strip marker standing for ``text`` (an extension tag's output), as MediaWiki's:
        parser functions see the marker, not the tag (``{{lc:<nowiki>A</nowiki>}}`` keeps
        ``A``)."""
        self.strip.append(text)
        return f"\x7f'\"`UNIQ-{self.marker_token}-{len(self.strip) - 1}-QINU`\"'\x7f"

    def prepare(self, text: str) -> str:
        """Expanded text made ready for the parser (which reads it with ``braces=False``, so
        braces left by expansion are text, as in MediaWiki): as MediaWiki's sanitizer does
        before block parsing, line breaks inside an HTML tag's attributes become spaces (so
        ``style="a:\n#fff"`` from a template makes no list)."""
        if "\n" in text and "<" in text:
            html_tags = self.config.html_tags
            text = _TAG_WITH_NEWLINE.sub(
                lambda m: (
                    m.group().replace("\n", " ") if m.group(1).lower() in html_tags else m.group()
                ),
                text,
            )
        return text

    def _unstrip_one(self, m: re.Match[str]) -> str:
        # markers of this page only: text that merely looks like a marker stays as it is
        if m.group(1) != self.marker_token or int(m.group(2)) >= len(self.strip):
            return m.group()
        return self.strip[int(m.group(2))]

    def unstrip_nowiki(self, text: str) -> str:
        """Scribunto's ``mw.text.unstripNoWiki``: this page's ``<nowiki>`` markers replaced by
        what MediaWiki's nowiki hook outputs (the content, ``<``/``>`` and ``-{``/``}-``
        escaped); other markers stay."""
        if "\x7f" not in text:
            return text

        def one(m: re.Match[str]) -> str:
            if m.group(1) != self.marker_token or int(m.group(2)) >= len(self.strip):
                return m.group()
            tag = _NOWIKI_ITEM.match(self.strip[int(m.group(2))])
            if tag is None:
                return m.group()
            content = tag.group(1) or ""
            for old, new in _NOWIKI_ESCAPES:
                content = content.replace(old, new)
            return content

        return _MARKER.sub(one, text)

    def unstrip(self, text: str) -> str:
        """Markers replaced by what they stand for (markers inside too, 20 levels at most).
        Only this page's strip markers are replaced, so a pass is made only while one is
        left: heading markers (and text that only looks like a marker) stay as they are."""
        own = f"\x7f'\"`UNIQ-{self.marker_token}-"
        for _ in range(20):
            if own not in text:
                break
            text = _MARKER.sub(self._unstrip_one, text)
        return text

    def make_tag(self, name: str, content: str | None, attrs: dict[str, str]) -> str:
        """An extension tag built by ``{{#tag:}}`` or ``frame:extensionTag`` (body already expanded)."""
        attr_text = "".join(f' {_html_attr(k)}="{_html_attr(v)}"' for k, v in attrs.items())
        if content is None:
            return self.strip_item(f"<{name}{attr_text}/>")
        body = self.unstrip(self.prepare(content)) if self.for_rendering else content
        return self.strip_item(f"<{name}{attr_text}>{body}</{name}>")

    # -- {{{arguments}}} ------------------------------------------------------------------

    def arg_substitution(self, node: Argument, frame: Frame) -> str:
        name_with_spaces = self.expand(node.title, frame)
        name = php_trim(name_with_spaces)
        text = frame.argument(name)
        if text is None:
            if node.parts:
                return self.expand(_part_nodes(node.parts[0]), frame)
            return self._bracketed("{{{", "}}}", node.title, node.parts, frame, 0)
        self.arg_size += len(text)
        if self.arg_size > self.limits.max_arg_size:
            self.warn("post-expand-template-argument", "Template argument size exceeded")
            return "<!-- WARNING: argument omitted, expansion size too large -->"
        return text

    # -- {{templates}} --------------------------------------------------------------------

    def brace_substitution(self, node: Template, frame: Frame) -> str:
        title_with_spaces = self.expand(node.title, frame)
        part1 = php_trim(title_with_spaces)
        original = part1
        words = self.words
        m = words.subst.match(part1)
        if m is not None:
            if m.group("subst") is not None:
                return self._bracketed("{{", "}}", node.title, node.parts, frame, 0)
            part1 = php_trim(part1[m.end() :])
        text: str | None = None
        if not node.parts:
            var = words.variable(part1)
            if var is not None:
                text = var(self, frame)
        nowiki = False
        if text is None:
            m = words.msgnw.match(part1)
            if m is not None:
                nowiki = True
                part1 = part1[m.end() :]
            else:
                m = words.msg.match(part1)
                if m is not None:
                    part1 = part1[m.end() :]
            m = words.raw.match(part1)
            if m is not None:
                part1 = part1[m.end() :]
            colon = part1.find(":")
            if colon >= 0:
                text = self.call_function(
                    frame, part1[:colon], php_trim(part1[colon + 1 :]), node.parts
                )
        title: Title | None = None
        if text is None:
            ns = 10
            rel = self._relative(part1)
            if rel is not None:
                part1 = rel
                ns = self.page_title.namespace
            title = make_title(part1, self.config, ns)
            if title is not None and frame.depth >= self.limits.max_template_depth:
                self.warn("template-depth-exceeded", "Template recursion depth limit exceeded")
                text = (
                    '<span class="error">Template recursion depth limit exceeded '
                    f"({self.limits.max_template_depth})</span>"
                )
        if text is None and title is not None:
            if title.prefixed in frame.loop_titles:
                self.warn("template-loop", f"Template loop detected: [[{title.prefixed}]]")
                text = f'<span class="error">Template loop detected: [[{title.prefixed}]]</span>'
            else:
                text = self._transclude(title, node, frame, nowiki)
        if text is None:
            return self._bracketed("{{", "}}", node.title, node.parts, frame, 0)
        if not node.line_start and _BLOCK_START.match(text):
            text = "\n" + text
        self.include_size += len(text)
        if self.include_size > self.limits.max_include_size:
            self.warn("post-expand-template-inclusion", "Post-expand include size too large")
            return f"[[{original}]]" + self.strip_item(
                "<!-- WARNING: template omitted, post-expand include size too large -->"
            )
        return text

    def _relative(self, text: str) -> str | None:
        """``{{/sub}}`` and ``{{../x}}`` relative to the page, where its namespace has subpages."""
        if not text.startswith(("/", "../")) or self.page_title.namespace not in SUBPAGE_NAMESPACES:
            return None
        base = self.page_title.text
        if text.startswith("/"):
            return self.page_title.prefixed + text.rstrip("/") if text != "/" else None
        ups = 0
        while text.startswith("../"):
            ups += 1
            text = text[3:]
        segments = base.split("/")
        if ups >= len(segments):
            return None
        kept = "/".join(segments[: len(segments) - ups])
        prefix = self.page_title.ns_name + ":" if self.page_title.ns_name else ""
        return prefix + kept + ("/" + text.rstrip("/") if text else "")

    def _transclude(self, title: Title, node: Template, frame: Frame, nowiki: bool) -> str | None:
        if title.namespace < 0:
            if title.namespace == -1:
                return f"[[:{title.prefixed}]]"
            return None
        found = self.template(title)
        if found is None:
            if nowiki:
                return _escape_wikitext(f"[[:{title.prefixed}]]")
            self.wiki.note_missing(title.prefixed)
            return f"[[:{title.prefixed}]]"
        dom, real = found
        if nowiki:
            return _escape_wikitext(self.expand(dom, frame, RECOVER_ORIG))
        child = Frame(self, real, frame, self.child_args(node.parts, frame))
        if real.prefixed != title.prefixed:
            child.loop_titles = child.loop_titles | {title.prefixed}
        if not node.parts:
            cached = self.empty_frame_cache.get(real.prefixed)
            if cached is not None:
                return cached
            text = child.expand(dom)
            self.empty_frame_cache[real.prefixed] = text
            return text
        return child.expand(dom)

    def child_args(
        self, parts: list[Part], frame: Frame, index_offset: int = 0
    ) -> dict[str | int, tuple[list[Node], bool]]:
        """A child frame's arguments (positional ones numbered from ``1 + index_offset``:
        ``#invoke`` passes 1, its function name being the first positional part)."""
        args: dict[str | int, tuple[list[Node], bool]] = {}
        for part in parts:
            if part.name is None:
                args[part.index - index_offset] = (part.value, False)
            else:
                name = php_trim(self.expand(part.name, frame, STRIP_COMMENTS))
                args[arg_key(name)] = (part.value, True)
        return args

    def template(self, title: Title) -> tuple[list[Node], Title] | None:
        """The preprocessed body of a page for inclusion (redirects followed), cached."""
        key = title.prefixed
        if key in self.template_cache:
            return self.template_cache[key]
        result = self.wiki.template_dom(title)
        self.template_cache[key] = result
        return result

    def call_template(self, frame: Frame, title: str, args: Mapping[str | int, str]) -> str:
        """``frame:expandTemplate``: a template called with already expanded arguments."""
        parsed = make_title(title, self.config, 10)
        if parsed is None:
            return ""
        found = self.template(parsed)
        if found is None:
            return f"[[:{parsed.prefixed}]]"
        dom, real = found
        child = frame.new_child(real.prefixed, args)
        return child.expand(dom)

    # -- parser functions -----------------------------------------------------------------

    def call_function(self, frame: Frame, name: str, first: str, parts: list[Part]) -> str | None:
        """A parser function's output, or None when ``name`` is no parser function."""
        entry = self.functions.get(name)
        if entry is None:
            entry = self.functions.get(name.lower())
            if entry is None or entry.case_sensitive:
                return None
        try:
            if entry.object_args:
                return str(entry.fn(self, frame, first, parts))
            args = [first] + [php_trim(frame.expand_part(p)) for p in parts]
            return str(entry.fn(self, frame, args))
        except RecursionError:
            self.warn("expansion-depth-exceeded", "Expansion depth limit exceeded")
            return '<span class="error">Expansion depth limit exceeded</span>'
        except Exception as err:  # a bug in one function must not take the page down
            self.warn("internal-error", f"bug in wikiparse's {name}: {err!r}")
            return f'<strong class="error">{name}: internal error in wikiparse</strong>'

    # -- the LuaHost protocol (one engine per page, created on the first #invoke) ---------

    def page_text(self, title: str) -> str | None:
        return self.wiki.page_text(title)

    def title_exists(self, title: str) -> bool:
        if not self.increment_expensive():
            return False
        return self.wiki.exists(title)

    def current_title(self) -> str:
        return self.page_title.prefixed

    def current_time(self) -> float:
        return self.wiki.clock.timestamp()

    def lua_site(self) -> Any:
        """The wiki's site facts (server, paths, name) for ``mw.site`` and ``mw.uri``."""
        return self.wiki.site

    def increment_expensive(self) -> bool:
        self.expensive_count += 1
        if self.expensive_count > self.limits.max_expensive:
            self.warn("expensive-parserfunction", "Too many expensive parser function calls")
            return False
        return True


_MARKER = re.compile("\x7f'\"`UNIQ-([0-9a-f]*)-?([0-9]+)-QINU`\"'\x7f")
_MARKER_SUFFIX = "-QINU`\"'\x7f"
_KINDS: dict[type, str] = {
    Template: "template",
    Argument: "argument",
    ExtTag: "tag",
    Comment: "comment",
    Heading: "heading",
    Ignore: "ignore",
}
_NOWIKI_ITEM = re.compile(r"<nowiki(?:\s[^>]*)?(?:/>|>(.*?)(?:</nowiki\s*>)?\Z)", re.S | re.I)
_NOWIKI_ESCAPES = (("-{", "-&#123;"), ("}-", "&#125;-"), ("<", "&lt;"), (">", "&gt;"))
_TAG_WITH_NEWLINE = re.compile(r"<([A-Za-z][A-Za-z0-9]*)\s[^<>]*\n[^<>]*>")


def kill_markers(text: str) -> str:
    """MediaWiki's killMarkers: strip markers removed (``{{urlencode:}}`` and friends)."""
    return _MARKER.sub("", text) if "\x7f" in text else text


def skip_markers(text: str, fn: Callable[[str], str]) -> str:
    """MediaWiki's markerSkipCallback: ``fn`` applied to the text between strip markers."""
    if "\x7f" not in text:
        return fn(text)
    out: list[str] = []
    pos = 0
    for m in _MARKER.finditer(text):
        out.append(fn(text[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(fn(text[pos:]))
    return "".join(out)


def _part_nodes(part: Part) -> list[Node]:
    """A part's children as MediaWiki expands them for a default: ``name=value`` or value."""
    if part.name is None:
        return part.value
    return [*part.name, EQUALS_NODE, *part.value]


def _html_attr(text: str) -> str:
    return skip_markers(
        text,
        lambda t: (
            t.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
        ),
    )


_WIKI_ESCAPES = {
    '"': "&#34;",
    "&": "&#38;",
    "'": "&#39;",
    "<": "&#60;",
    "=": "&#61;",
    ">": "&#62;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "|": "&#124;",
    "}": "&#125;",
    ";": "&#59;",
}
_WIKI_ESCAPE_RE = re.compile(r"[\"&'<=>\[\]{|};]")
_LINE_START_ESCAPES = {
    "#": "&#35;",
    "*": "&#42;",
    ":": "&#58;",
    ";": "&#59;",
    " ": "&#32;",
    "\n": "&#10;",
    "\r": "&#13;",
}


def _escape_wikitext(text: str) -> str:
    """MediaWiki's wfEscapeWikiText: the characters that could start markup as entities."""
    out = _WIKI_ESCAPE_RE.sub(lambda m: _WIKI_ESCAPES[m.group()], text)
    if out and out[0] in _LINE_START_ESCAPES:
        out = _LINE_START_ESCAPES[out[0]] + out[1:]
    out = re.sub(r"\n([#*:; ])", lambda m: "\n" + _LINE_START_ESCAPES[m.group(1)], out)
    out = re.sub(
        r"(?i)(__|://|ISBN |RFC |PMID )",
        lambda m: m.group().replace(m.group()[0], f"&#{ord(m.group()[0])};", 1),
        out,
    )
    out = re.sub(r"(?m)^----", "&#45;---", out)
    return out
