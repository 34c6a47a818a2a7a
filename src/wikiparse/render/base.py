"""The shared visitor base of every renderer.

A renderer subclasses :class:`Renderer` and defines ``enter_<ClassName>(node)`` and/or
``leave_<ClassName>(node)`` methods.  The walk uses an explicit stack, so a 100,000-deep tree
renders without touching Python's recursion limit.  Handlers are resolved once per node class
along the MRO (``enter_Bold`` falls back to ``enter_Formatting``, then ``enter_Wikicode``, then
``enter_Node``) and cached.

``enter_X`` returns ``True`` (or None) to descend into the node's children, ``False`` to skip
them (the handler rendered the node itself).  Output is appended to ``self.out`` and joined once.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar, TypeVar

from mypy_extensions import mypyc_attr

from .._parse import document, gc_paused, parse_for_rendering
from .._parse.state import ParseState
from ..config import DEFAULT_CONFIG, ParserConfig
from ..nodes import Document, Heading, Node, Text, Wikicode
from ._part_cuts import quiet_cuts, quiet_heading_lines

__all__ = [
    "PART_CHARS", "PART_MIN_CHARS", "Renderer", "child_nodes", "clean_output", "clean_rows",
    "heading_origins", "page_parts", "render_page", "source_of",
]

#: C0 control characters other than tab and newline: MediaWiki drops NUL from its output (ask
#: the oracle: ``a \x00 b`` renders ``a  b``, in ``<pre>`` and ``<syntaxhighlight>`` too); the
#: others it passes through, which makes the HTML invalid, so every output here drops them all
#: (a carriage return included: wikitext lines end in ``\n``).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f]+")
#: Lone surrogates: a ``str`` may hold them, UTF-8 cannot; they become U+FFFD, which is what
#: MediaWiki's input normalisation makes of bytes that are not UTF-8.  This pattern and
#: ``_UNCLEAN`` are compiled at first need (:func:`_surrogates`, :func:`_unclean`): few pages
#: need them, and their ranges of surrogates cost more to compile than most patterns.
_SURROGATES: re.Pattern[str] | None = None
_UNCLEAN: re.Pattern[str] | None = None

_NUL = re.compile("\x00")

_R = TypeVar("_R")

#: Wikitext at least this long is parsed and rendered a part at a time (see
#: :func:`page_parts`) by ``to_text``, ``to_markdown`` and ``to_html``.
PART_MIN_CHARS = 100_000
#: About how long each part is: a part ends at the first safe heading line after this many
#: characters.  Its tree (13-135 bytes per character) is all the page's tree held at once.
PART_CHARS = 50_000

#: A line that starts and ends with '=': without one past the first part, nothing is cut.
_HEADING_LINE = re.compile(r"^=[^\n]*=[ \t]*$", re.MULTILINE)
#: A paragraph line after a blank line (as ``_part_cuts`` proposes them), roughly.
_BLANK_LINE = re.compile(r"[^\n]\n\n[^\W_]")
#: ``__NOEDITSECTION__`` anywhere turns off every heading's edit marker, before it too.
_NO_EDIT_SECTION = re.compile("__NOEDITSECTION__", re.IGNORECASE)


def render_page(
    doc_or_text: Document | str,
    render: Callable[[Document], _R],
    *,
    config: ParserConfig | None,
    skim_tags: frozenset[str] = frozenset(),
    wiki: Any = None,
    title: str | None = None,
    render_parts: Callable[[Iterator[Any], int], _R] | None = None,
    heading_marks: Callable[[dict[int, tuple[str, int]]], None] | None = None,
    parts: Callable[[str], Iterator[Any]] | None = None,
    edit_sections: bool = True,
) -> _R:
    """``render`` a Document, or wikitext parsed for that renderer (``parse_for_rendering``:
    template values skimmed, ``skim_tags`` bodies left as source), with the collector paused
    over parse and render together so that the tree is freed before it could walk it (only
    for large pages: see ``gc_paused``).

    ``render_parts`` renders a page given as consecutive parts (their Documents, one at a
    time, and the page's length); with it, wikitext of at least :data:`PART_MIN_CHARS` is
    cut into parts by :func:`page_parts`, so that only one part's tree is alive at a time.
    ``parts`` replaces :func:`page_parts`, for wikitext of any length (``to_text`` gives its
    prose reader, ``render._text_prose.prose_parts``, which cuts long parts the same way).
    A page holding ``__NOEDITSECTION__`` is not cut (the switch turns off the edit sections
    of the headings before it too), unless ``edit_sections`` is False: the output shows none
    (plain text without ``edit_markers``), so the search for it is spared.

    With a ``wiki`` (a :class:`wikiparse.expand.Wiki`), wikitext is expanded first (templates,
    arguments, parser functions), as the page ``title``, and parsed with braces off (braces
    left by expansion are text, as in MediaWiki).  ``heading_marks`` is then given, per
    heading title offset of the text parsed, the page that heading came from and its section
    index there (see :func:`heading_origins`)."""
    braces = True
    if wiki is not None and not isinstance(doc_or_text, Node):
        expanded = wiki.expand_full(doc_or_text, title or "Main Page", for_rendering=True)
        text: str = expanded.text
        doc_or_text = text
        braces = False
        if heading_marks is not None:
            heading_marks(heading_origins(text, expanded.headings))
    size = len(doc_or_text) if isinstance(doc_or_text, str) else len(doc_or_text.source)
    with gc_paused(size):
        if isinstance(doc_or_text, Node):
            out = render(doc_or_text)
        else:
            text = _as_mediawiki_reads(doc_or_text)
            if (
                render_parts is not None and braces and (parts is not None or len(text) >= PART_MIN_CHARS)
                and not (edit_sections and _NO_EDIT_SECTION.search(text))
            ):
                split = page_parts(text, config, skim_tags) if parts is None else parts(text)
                out = render_parts(split, len(text))
            else:
                doc = parse_for_rendering(
                    text, config=config, skim_templates=True, skim_tags=skim_tags, braces=braces
                )
                out = render(doc)
                del doc  # freed by reference counting before the collector runs again
    if isinstance(out, str):
        return clean_output(out)  # type: ignore[return-value]  # a str in, a str out
    return out


def heading_origins(expanded: str, marks: Iterable[tuple[int, str, int]]) -> dict[int, tuple[str, int]]:
    """Expansion's heading marks (offset, title, index) keyed by offset in the text the parser
    reads (:func:`_as_mediawiki_reads` drops NUL characters, which moves later offsets)."""
    if "\x00" not in expanded:
        return {offset: (title, index) for offset, title, index in marks}
    nuls = [m.start() for m in _NUL.finditer(expanded)]
    return {offset - bisect.bisect_left(nuls, offset): (title, index) for offset, title, index in marks}


def page_parts(
    text: str, config: ParserConfig | None, skim_tags: frozenset[str], part_chars: int | None = None
) -> Iterator[Document]:
    """The page as consecutive parts, each parsed (for rendering) on its own, such that
    rendering them one after the other with one renderer gives what rendering the whole
    tree gives.  Each part is yielded once parsed and dropped before the next is parsed.

    A part ends right before a heading line at the top level, and only where that is safe:
    nothing is open at the cut (the part alone leaves no bracket frame, tag, comment or
    table unclosed and reports nothing) and the heading line alone is a whole heading (its
    own brackets and tags close on it).  Then the preprocessor, the table and block passes
    (headings end paragraphs, lists and pre) and the line-local inline passes see the same
    on both sides as in the whole page; the renderer keeps its own state (footnote and link
    numbers, open HTML tags) across the parts.  Headings take the edit-section numbers they
    have in the whole page (the parts are for rendering: their sections keep their own).
    Where a cut is not safe the part grows (to twice the length, so that re-parsing stays
    linear) to the next candidate."""
    cfg = config or DEFAULT_CONFIG
    size = len(text)
    part_chars = part_chars or PART_CHARS
    # The candidates: heading lines where the whole page's preprocessor scan has nothing open
    # (one linear scan, no trial parse; see render._part_cuts).  Each cut is still verified.
    # Paragraph lines after a blank line are candidates too (_part_cuts.quiet_cuts), so that
    # a page without heading lines is cut as well; they need no check of their own.
    candidates, blank_lines = _all_cut_candidates(text, cfg, skim_tags, part_chars)
    whole_lines: dict[str, bool] = {}  # heading line -> is it a whole heading alone?
    start = 0
    want = part_chars
    numbered = 0  # edit-section numbers taken by the parts before
    while start < size:
        cut = _next_cut(text, candidates, start + want, cfg, skim_tags, whole_lines, blank_lines)
        part = text[start:cut]
        st, doc = _parse_part(part, cfg, skim_tags)
        if cut < size and not _closed(st, part):
            # The scan read something differently from the parser (never seen on the test
            # pages): grow the part, to twice the failed one, so that re-parsing stays linear.
            del st, doc, part
            want = 2 * (cut - start)
            continue
        if numbered:
            for heading in st.headings:
                if heading.number:
                    heading.number += numbered
        # A closed part numbers every heading line it has (none sits on an unclosed run).
        numbered += len(st.headings) + len(st.phantom_headings)
        del st, part
        start = cut
        want = part_chars
        yield doc
        del doc  # the renderer is done with it: free it before parsing the next part


def _cut_candidates(text: str, config: ParserConfig, skim_tags: frozenset[str], part_chars: int) -> list[int]:
    """The heading lines a part may end before (``_part_cuts.quiet_heading_lines``); none
    scanned for when no heading line comes after the first part."""
    if _HEADING_LINE.search(text, part_chars) is None:
        return []
    return quiet_heading_lines(text, config, skim_tags)


def _all_cut_candidates(
    text: str, config: ParserConfig, skim_tags: frozenset[str], part_chars: int
) -> tuple[list[int], set[int]]:
    """The heading lines and the paragraph lines after a blank line a part may end before
    (``_part_cuts.quiet_cuts``), and which are the latter; none scanned for when neither
    kind of line comes after the first part."""
    if _HEADING_LINE.search(text, part_chars) is None and _BLANK_LINE.search(text, part_chars) is None:
        return [], set()
    return quiet_cuts(text, config, skim_tags)


def _parse_part(text: str, config: ParserConfig, skim_tags: frozenset[str]) -> tuple[ParseState, Document]:
    """``parse_for_rendering`` of one part, with the state that tells whether it is closed."""
    st = ParseState(text, config)
    st.skim_templates = True
    st.skim_tags = skim_tags
    return st, document(st)


def _closed(st: ParseState, text: str) -> bool:
    """Does this parse leave nothing open at its end?  (Conservative: any diagnostic, any
    unclosed frame, any tag without its closing tag, a last ``<!--`` without ``-->``.)"""
    if st.diagnostics or st.unclosed or st.no_close or st.no_edit_section:
        return False
    comment = text.rfind("<!--")
    return comment == -1 or text.find("-->", comment + 4) != -1


def _next_cut(
    text: str, candidates: list[int], pos: int, config: ParserConfig, skim_tags: frozenset[str],
    whole_lines: dict[str, bool], blank_lines: set[int] | frozenset[int] = frozenset(),
) -> int:
    """The offset of the first candidate at or after ``pos`` that is a paragraph line after a
    blank line (in ``blank_lines``) or whose heading line is a whole heading on its own, or
    the end of the text.  (``whole_lines`` remembers the answer per line, so that a page of
    the same line repeated parses it once.)"""
    for i in range(bisect.bisect_left(candidates, pos), len(candidates)):
        at = candidates[i]
        if at in blank_lines:
            return at
        nl = text.find("\n", at)
        line = text[at:] if nl == -1 else text[at:nl]
        whole = whole_lines.get(line)
        if whole is None:
            st, doc = _parse_part(line, config, skim_tags)
            whole = whole_lines[line] = _closed(st, line) and _whole_heading(doc, len(line))
        if whole:
            return at
    return len(text)


def _whole_heading(doc: Document, size: int) -> bool:
    """Is this one-line page a heading and nothing else?"""
    sections = doc.nodes
    if len(sections) != 2 or not isinstance(sections[0], Wikicode) or sections[0].nodes:
        return False
    second = sections[1]
    if not isinstance(second, Wikicode) or len(second.nodes) != 1:
        return False
    heading = second.nodes[0]
    return type(heading) is Heading and heading.start == 0 and heading.end == size


#: How many characters are encoded at a time to check them (bounds the scratch memory).
_ENCODE_CHUNK = 1 << 20


def _utf8_slices(text: str) -> Iterator[bytes]:
    """``text`` as UTF-8, a slice of :data:`_ENCODE_CHUNK` characters at a time (so the
    scratch bytes stay small); a strict encode, so a lone surrogate raises
    ``UnicodeEncodeError`` (which is how both callers find one)."""
    for start in range(0, len(text), _ENCODE_CHUNK):
        yield text[start : start + _ENCODE_CHUNK].encode("utf-8")


def _as_mediawiki_reads(text: str) -> str:
    """The wikitext MediaWiki would parse: NUL removed before anything else (``\x00== x ==``
    is a heading there), lone surrogates as U+FFFD (its input is always valid UTF-8)."""
    if text.isascii():  # (a flag, no scan): no surrogate, and a NUL search is a memchr
        return text.replace("\x00", "") if "\x00" in text else text
    # Otherwise both come from the UTF-8 bytes: a strict encode refuses a surrogate, and a
    # NUL is a zero byte (a search in wide text for "\x00" meets a zero in every ASCII char).
    nul = surrogate = False
    try:
        for data in _utf8_slices(text):
            nul = nul or b"\x00" in data
    except UnicodeEncodeError:
        surrogate = True
        nul = "\x00" in text
    if nul:
        text = text.replace("\x00", "")
    if surrogate:
        text = _surrogates().sub("\ufffd", text)
    return text


def _surrogates() -> re.Pattern[str]:
    """:data:`_SURROGATES`, compiled once."""
    global _SURROGATES
    if _SURROGATES is None:
        _SURROGATES = re.compile(r"[\ud800-\udfff]")  # a regex escape: mypyc cannot compile surrogate literals
    return _SURROGATES


def _unclean() -> re.Pattern[str]:
    """:data:`_UNCLEAN` (what :func:`clean_output` removes or replaces), compiled once."""
    global _UNCLEAN
    if _UNCLEAN is None:
        _UNCLEAN = re.compile(r"[\x00-\x08\x0b-\x1f\ud800-\udfff]")
    return _UNCLEAN


def clean_output(text: str) -> str:
    """``text`` as every rendered output must be: encodable as UTF-8, no C0 control but tab
    and newline.  The one place renderers' output is cleaned (see :func:`_is_clean`)."""
    if _is_clean(text):
        return text
    return _surrogates().sub("\ufffd", _CONTROLS.sub("", text))


#: Every byte but the C0 controls :data:`_CONTROLS` drops (UTF-8 writes those bytes for those
#: characters only: a multi-byte sequence is made of bytes of 0x80 and above).
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not (b <= 0x08 or 0x0B <= b <= 0x1F))


def _is_clean(text: str) -> bool:
    """Has ``text`` no lone surrogate and no C0 control but tab and newline?  Its UTF-8 bytes
    (a strict encode refuses a surrogate) with every other byte deleted are empty: two C loops
    that take a third of a regular-expression search's time (``_UNCLEAN``).  A slice at a
    time, so the scratch bytes stay small."""
    try:
        return not any(data.translate(None, _NOT_CONTROL_BYTES) for data in _utf8_slices(text))
    except UnicodeEncodeError:
        return False


_Row = TypeVar("_Row", bound=tuple[Any, ...])


def clean_rows(rows: list[_Row]) -> list[_Row]:
    """:func:`clean_output` over the strings of metadata rows (headings, categories, ...)."""
    unclean = _unclean()
    if not any(type(v) is str and unclean.search(v) for row in rows for v in row):
        return rows
    return [type(row)(clean_output(v) if type(v) is str else v for v in row) for row in rows]


def source_of(code: Wikicode) -> str:
    """The wikitext of a small container such as a link target, reading the usual single text
    node directly instead of walking the tree."""
    nodes = code.nodes
    if len(nodes) == 1:
        first = nodes[0]
        if type(first) is Text:
            assert isinstance(first, Text)
            return first.value
    return str(code)

Handler = Callable[[Any, Any], Any]


#: Marks a class whose handler has not been looked up yet.
_MISSING: Any = object()


def child_nodes(node: Node) -> list[Node]:
    """``node.children``, reading a container's ``nodes`` list directly: the ``children``
    property is interpreted code, and the compiled walk asks for it once per node."""
    if isinstance(node, Wikicode):
        return node.nodes
    return node.children


@mypyc_attr(allow_interpreted_subclasses=True)  # users write renderers of their own
class Renderer:
    """Explicit-stack visitor with per-class handler lookup along the MRO."""

    _enter_cache: ClassVar[dict[type, Handler | None]]
    _leave_cache: ClassVar[dict[type, Handler | None]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._enter_cache = {}
        cls._leave_cache = {}

    def __init__(self) -> None:
        self.out: list[str] = []

    @classmethod
    def _handler(cls, prefix: str, node_type: type, cache: dict[type, Handler | None]) -> Handler | None:
        try:
            return cache[node_type]
        except KeyError:
            pass
        found: Handler | None = None
        for klass in node_type.__mro__:
            found = getattr(cls, f"{prefix}{klass.__name__}", None)
            if found is not None:
                break
        cache[node_type] = found
        return found

    def children_of(self, node: Node) -> list[Node]:
        """The children the walk descends into (override to reorder or filter)."""
        return child_nodes(node)

    def walk(self, root: Node) -> None:
        """Visit ``root`` and its descendants, calling enter/leave handlers.

        The hot loop: handlers come from per-class caches read inline, and a node without a
        leave handler is not pushed a second time."""
        klass = type(self)
        enter_cache = klass._enter_cache
        leave_cache = klass._leave_cache
        handler = klass._handler
        children_of = self.children_of
        stack: list[tuple[bool, Node]] = [(False, root)]
        pop = stack.pop
        push = stack.append
        extend = stack.extend
        missing = _MISSING
        while stack:
            leaving, node = pop()
            cls = type(node)
            if leaving:
                leave = leave_cache.get(cls, missing)
                if leave is missing:
                    leave = handler("leave_", cls, leave_cache)
                if leave is not None:
                    leave(self, node)
                continue
            enter = enter_cache.get(cls, missing)
            if enter is missing:
                enter = handler("enter_", cls, enter_cache)
            descend = True if enter is None else enter(self, node)
            leave = leave_cache.get(cls, missing)
            if leave is missing:
                leave = handler("leave_", cls, leave_cache)
            if leave is not None:
                push((True, node))
            if descend is not False:
                kids = children_of(node)
                if kids:
                    extend([(False, child) for child in reversed(kids)])

    def render(self, root: Node) -> str:
        self.out = []
        self.walk(root)
        return "".join(self.out)
