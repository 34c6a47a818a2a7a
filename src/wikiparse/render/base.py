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

import re
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from mypy_extensions import mypyc_attr

from .._parse import gc_paused, parse_for_rendering
from ..config import ParserConfig
from ..nodes import Document, Node, Text, Wikicode

__all__ = ["Renderer", "child_nodes", "clean_output", "clean_rows", "render_page", "source_of"]

#: C0 control characters other than tab and newline: MediaWiki drops NUL from its output (ask
#: the oracle: ``a \x00 b`` renders ``a  b``, in ``<pre>`` and ``<syntaxhighlight>`` too); the
#: others it passes through, which makes the HTML invalid, so every output here drops them all
#: (a carriage return included: wikitext lines end in ``\n``).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f]+")
#: Lone surrogates: a ``str`` may hold them, UTF-8 cannot; they become U+FFFD, which is what
#: MediaWiki's input normalisation makes of bytes that are not UTF-8.
_SURROGATES = re.compile(r"[\ud800-\udfff]")  # a regex escape: mypyc cannot compile surrogate literals
_UNCLEAN = re.compile(r"[\x00-\x08\x0b-\x1f\ud800-\udfff]")

_R = TypeVar("_R")


def render_page(
    doc_or_text: Document | str,
    render: Callable[[Document], _R],
    *,
    config: ParserConfig | None,
    skim_tags: frozenset[str] = frozenset(),
    wiki: Any = None,
    title: str | None = None,
) -> _R:
    """``render`` a Document, or wikitext parsed for that renderer (``parse_for_rendering``:
    template values skimmed, ``skim_tags`` bodies left as source), with the collector paused
    over parse and render together so that the tree is freed before it could walk it (only
    for large pages: see ``gc_paused``).

    With a ``wiki`` (a :class:`wikiparse.expand.Wiki`), wikitext is expanded first (templates,
    arguments, parser functions), as the page ``title``, and parsed with braces off (braces
    left by expansion are text, as in MediaWiki)."""
    braces = True
    if wiki is not None and not isinstance(doc_or_text, Node):
        doc_or_text = wiki.expand_for_rendering(doc_or_text, title or "Main Page")
        braces = False
    size = len(doc_or_text) if isinstance(doc_or_text, str) else len(doc_or_text.source)
    with gc_paused(size):
        if isinstance(doc_or_text, Node):
            doc = doc_or_text
        else:
            text = _as_mediawiki_reads(doc_or_text)
            doc = parse_for_rendering(
                text, config=config, skim_templates=True, skim_tags=skim_tags, braces=braces
            )
        out = render(doc)
        del doc  # freed by reference counting before the collector runs again
    if isinstance(out, str):
        return clean_output(out)  # type: ignore[return-value]  # a str in, a str out
    return out


def _as_mediawiki_reads(text: str) -> str:
    """The wikitext MediaWiki would parse: NUL removed before anything else (``\x00== x ==``
    is a heading there), lone surrogates as U+FFFD (its input is always valid UTF-8)."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if _SURROGATES.search(text) is not None:
        text = _SURROGATES.sub("\ufffd", text)
    return text


def clean_output(text: str) -> str:
    """``text`` as every rendered output must be: encodable as UTF-8, no C0 control but tab
    and newline.  The one place renderers' output is cleaned (a single scan when clean)."""
    if _UNCLEAN.search(text) is None:
        return text
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub("", text))


_Row = TypeVar("_Row", bound=tuple[Any, ...])


def clean_rows(rows: list[_Row]) -> list[_Row]:
    """:func:`clean_output` over the strings of metadata rows (headings, categories, ...)."""
    if not any(type(v) is str and _UNCLEAN.search(v) for row in rows for v in row):
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
