"""The parser: wikitext to a lossless typed tree, one module per MediaWiki pass.

MediaWiki does not parse wikitext with a grammar; it runs passes, and each pass sees what the
previous one left.  So does this package, over one :class:`~.state.ParseState`:

1. :mod:`.preprocessor` (MediaWiki's preprocessor): comments, extension tags, ``{{ }}`` and
   ``{{{ }}}`` frames and ``[[ ]]`` pipe scopes; closed frames become nodes in
   :mod:`.braces` (templates, parser functions, arguments) and :mod:`.links`.
2. Per block container (the page, a table cell, a ``<ref>`` body): :mod:`.tables` first,
   then :mod:`.blocks` (headings, lists, ``----``, pre, paragraphs), over :mod:`.lines`.
3. :mod:`.inline`, per line: link trails, HTML tags, external links, bare URLs, magic links,
   entities, switches, signatures, then :mod:`.quotes` (bold and italic).
4. :mod:`.sections`: redirect, edit-section numbers, sections.

Containers found inside others (parameter values, link labels, table cells) go on the state's
work list instead of being parsed by a recursive call, so a template nested 100,000 deep costs
no Python stack.  :mod:`.patterns` holds the compiled patterns, kept on the config.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import sysconfig
from collections.abc import Iterator

from ..config import DEFAULT_CONFIG, ParserConfig
from ..nodes import HELD_TEXTS, Document, Wikicode
from .blocks import build_blocks
from .inline import inline_lines
from .preprocessor import brackets, preprocess
from .sections import build_sections, number_headings, redirect
from .state import BLOCK, CELL, INLINE, LABEL, TAG, ParseState, new_wikicode

__all__ = ["GC_PAUSE_MIN_CHARS", "gc_paused", "parse", "parse_for_rendering", "parse_fragment", "preprocess"]


def parse(text: str, *, config: ParserConfig | None = None, braces: bool = True) -> Document:
    """Parse wikitext into a :class:`~wikiparse.nodes.Document`.  Never raises on a ``str``.

    ``braces=False`` reads text whose templates are already expanded (what
    :meth:`wikiparse.Wiki.expand_for_rendering` gives): MediaWiki's parser never reads braces
    after expansion, so ``{{``, ``}}``, ``{{{`` and ``}}}`` are plain text; comments,
    extension tags and links are still recognised."""
    if not isinstance(text, str):
        raise TypeError(f"parse() takes a str, not {type(text).__name__}")
    st = ParseState(text, config or DEFAULT_CONFIG)
    st.braces = braces
    st.held_texts = HELD_TEXTS
    with gc_paused(len(text)):
        return document(st)


def parse_for_rendering(
    text: str,
    *,
    config: ParserConfig | None = None,
    skim_templates: bool = False,
    skim_tags: frozenset[str] = frozenset(),
    braces: bool = True,
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
    links inside references too).  ``braces=False``: as in :func:`parse`, for expanded text."""
    if not isinstance(text, str):
        raise TypeError(f"parse_for_rendering() takes a str, not {type(text).__name__}")
    st = ParseState(text, config or DEFAULT_CONFIG)
    st.braces = braces
    st.skim_templates = skim_templates
    st.skim_tags = skim_tags
    with gc_paused(len(text)):
        return document(st)


def parse_fragment(text: str, *, config: ParserConfig | None = None, inline: bool = True) -> Wikicode:
    """Parse a piece of wikitext (a parameter value, a link label) into a :class:`Wikicode`.

    With ``inline=True`` no block structure (paragraphs, lists, headings) is built, which is
    what a value inside a template or a link needs.
    """
    st = ParseState(text, config or DEFAULT_CONFIG)
    with gc_paused(len(text)):
        root = new_wikicode(0, len(text), brackets(st, 0, len(text)))
        drain(st, root, INLINE if inline else BLOCK)
    return root


def document(st: ParseState) -> Document:
    """Every pass over the whole text: the Document."""
    text = st.text
    top = redirect(st, brackets(st, 0, len(text)))
    root = new_wikicode(0, len(text), top)
    drain(st, root, BLOCK)
    number_headings(st)
    doc = Document(start=0, end=len(text), nodes=build_sections(st, root.nodes), source=text)
    doc.diagnostics = st.diagnostics
    doc._config = st.config
    return doc


def drain(st: ParseState, root: Wikicode, mode: int) -> None:
    """Process ``root`` and every container queued while doing so (no recursion)."""
    work = st.work
    work.append((root, mode))
    while work:
        container, m = work.pop()
        st.count_headings = m != TAG
        if m in (INLINE, LABEL):
            container.nodes = inline_lines(st, container.nodes, m == INLINE)
        else:
            container.nodes = build_blocks(st, container.nodes, container.start, container.end, m != CELL)
    st.count_headings = True


#: Inputs shorter than this parse with the collector left alone.  Measured with
#: ``benchmarks/gc_pause.py`` (docs/architecture.md, "The garbage collector"): on ordinary
#: pages pausing buys little; on one long document full collections walking a growing tree
#: cost up to 2x.  The first full collection comes after about 70,000 container allocations,
#: which a node-dense page of 40,000-80,000 characters makes: with the pause starting at
#: 100,000 a doubling there cost 2.3-2.6x (``benchmarks/adversarial.py``, heading lines and
#: table cells); from 20,000 on, no input is long enough to meet a full collection unpaused.
GC_PAUSE_MIN_CHARS = 20_000

#: Are ``gc.freeze()`` and ``gc.unfreeze()`` two constant-time list moves?  They are in
#: CPython 3.11 to 3.13 with the GIL; free-threaded builds and the incremental collector of
#: 3.14 walk the heap in them, which would cost more than the scan they save.
_PROMOTE_WITHOUT_SCAN: bool = (
    sys.implementation.name == "cpython"
    and sys.version_info < (3, 14)
    and not sysconfig.get_config_var("Py_GIL_DISABLED")
)


@contextlib.contextmanager
def gc_paused(size: int = GC_PAUSE_MIN_CHARS) -> Iterator[None]:
    """Pause the cyclic garbage collector while a tree of ``size`` characters of wikitext
    is built, if it is at least :data:`GC_PAUSE_MIN_CHARS` long (without ``size``: always,
    as the JSON converters pause it over one whole tree, whatever its source's length).

    ``gc.disable()`` is process-wide: a host application's threads run without the collector
    while it is paused, so the pause is kept to the inputs where it pays.  Building allocates
    many small objects and no cycles (nodes hold no parent pointers); on a long document the
    collector's full passes over the growing heap cost up to twice the parse itself, while
    reference counting frees the same objects anyway.  The collector is re-enabled afterwards
    (if it was enabled before).  Renderers hold the pause over parse and render together.

    On re-enabling, the first young collection would walk the whole new tree (all of it was
    allocated in the pause): 3-10% of the parse on the sample pages.  Where
    :data:`_PROMOTE_WITHOUT_SCAN` holds and nothing is frozen (a host's own ``gc.freeze``
    stays untouched), the pause instead moves what is young to the oldest generation
    unscanned, where the tree waits for a full collection (reference counting frees it long
    before); the young generations are collected first, so what the host left as garbage
    before the pause is not carried along.
    """
    if size < GC_PAUSE_MIN_CHARS or not gc.isenabled():
        yield
        return
    promote = _PROMOTE_WITHOUT_SCAN and not gc.get_freeze_count()
    if promote:
        gc.collect(1)  # the young garbage of before the pause: collected, not promoted
    gc.disable()
    try:
        yield
    finally:
        if promote:
            gc.freeze()  # young and old objects to the permanent generation...
            gc.unfreeze()  # ...and all of them back to the oldest one: no scan of the tree
        gc.enable()
