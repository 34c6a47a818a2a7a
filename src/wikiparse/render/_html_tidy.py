"""The paragraph fix-up MediaWiki's tidy step (Remex's compatibility munger) applies.

After the block-level pass, inline content can still stand directly in the page body or in a
``<blockquote>``: text next to a ``<div>`` on the same line (``a <div>x</div>``), text after
stray table end tags, a blockquote's first line.  MediaWiki's tidy wraps such runs in ``<p>``;
an inline element that contains a block element is left unwrapped, as there.  This pass does
the same with one compiled regex over the tags (per tag, never per character) and a stack of
open elements.
"""

from __future__ import annotations

import re

__all__ = ["MAX_TIDY_DEPTH", "p_wrap", "too_deep_to_tidy"]

#: The deepest markup ``to_html(tidy=True)`` hands to html5lib.  html5lib checks the stack of
#: open elements for every tag, so its time grows with depth x size: ``'#' * 4000`` (4,000
#: nested lists) took 4.6 s.  Browsers stop nesting at about this depth too (Blink: 512).
#: The renderer's own markup is balanced already, so deeper output is returned as it is.
MAX_TIDY_DEPTH = 512

_TAG_RE = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9:\-]*)\b[^>]*>", re.S)

_INLINE = frozenset(
    """a abbr b bdi bdo big br cite code data del dfn em font i img ins kbd mark q rb rp rt rtc
    ruby s samp small span strike strong sub sup time tt u var wbr""".split()
)
_VOID = frozenset("br wbr hr img meta link input col area base embed source track".split())
#: Elements HTML5 reopens after a block interrupts them (its "formatting elements").
_FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
_NEUTRAL = frozenset({"meta", "link", "style"})
_WRAP_PARENTS = frozenset({"blockquote"})
_SPACE = " \t\n\r\f"


def too_deep_to_tidy(body: str) -> bool:
    """Whether ``body`` nests elements deeper than :data:`MAX_TIDY_DEPTH` (one tag scan)."""
    depth = 0
    for match in _TAG_RE.finditer(body):
        name = match.group(2)
        if name is None:
            continue  # a comment
        if match.group(1):
            depth = max(depth - 1, 0)
        elif name.lower() not in _VOID and not match.group().endswith("/>"):
            depth += 1
            if depth > MAX_TIDY_DEPTH:
                return True
    return False


class _Wrapper:
    """State of the pass: open elements, the open ``<p>`` and the inline run it may hold."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.stack: list[str] = []
        self.p_depth = -1  # stack depth where our <p> is open, -1 when none
        self.inline_slot = -1  # out index before an inline element opened at p level
        self.inline_opened_p = False
        self.inline_has_text = False  # text seen inside the inline run before any block
        self.tokens: dict[int, str] = {}  # start tag written at each stack depth (slow path)

    def in_context(self) -> bool:
        return not self.stack or self.stack[-1] in _WRAP_PARENTS

    def open_p(self) -> None:
        self.out.append("<p>")
        self.p_depth = len(self.stack)

    def close_p(self) -> None:
        if self.p_depth >= 0:
            self.out.append("</p>")
            self.p_depth = -1

    def text(self, tok: str) -> None:
        if self.p_depth < 0 and self.in_context() and tok.strip(_SPACE):
            self.open_p()
        self.out.append(tok)

    def end_tag(self, name: str, tok: str) -> None:
        stack = self.stack
        if name in stack:
            if self.p_depth >= 0 and len(stack) == self.p_depth and stack[-1] == name:
                self.close_p()
            while stack:
                if stack.pop() == name:
                    break
            if len(stack) == self.p_depth:
                self.inline_slot = -1
            if self.p_depth > len(stack):
                self.p_depth = -1
        elif self.p_depth == len(stack) and name not in _INLINE:
            self.close_p()
        self.out.append(tok)

    def start_tag(self, name: str, tok: str) -> None:
        stack = self.stack
        inline = name in _INLINE
        if self.in_context():
            if inline:
                self.inline_has_text = False
                self.inline_slot = len(self.out)
                self.inline_opened_p = self.p_depth < 0
                self.out.append("")
                if self.p_depth < 0:
                    self.open_p()
            elif name not in _NEUTRAL:
                self.close_p()
        elif not inline and name not in _NEUTRAL and self.inline_slot >= 0:
            self._block_in_inline()
        if name not in _VOID and not tok.endswith("/>"):
            self.tokens[len(stack)] = tok
            stack.append(name)
        self.out.append(tok)

    def _block_in_inline(self) -> None:
        """A block inside inline elements at paragraph level.  Formatting elements are split
        around it, as HTML5 reconstructs them (``<p><b>foo</b></p><b><figure>``); any other
        inline element (a span) is left unwrapped, as MediaWiki's tidy leaves it."""
        chain = self.stack[self.p_depth :] if self.p_depth >= 0 else []
        if self.inline_has_text and chain and all(name in _FORMATTING for name in chain):
            reopen = [self.tokens.get(self.p_depth + i, f"<{n}>") for i, n in enumerate(chain)]
            self.out.append("".join(f"</{n}>" for n in reversed(chain)) + "</p>" + "".join(reopen))
            self.p_depth = -1
            self.inline_slot = -1
        else:
            self._unwrap_inline()

    def _unwrap_inline(self) -> None:
        """A block inside an inline element at paragraph level: that element is not wrapped."""
        slot = self.inline_slot
        if self.inline_opened_p:
            self.out[slot + 1] = ""  # the "<p>" opened for this element
        else:
            self.out[slot] = "</p>"
        self.p_depth = -1
        self.inline_slot = -1


_SAME_TAG_CACHE: dict[str, re.Pattern[str]] = {}


def _matching_close(markup: str, name: str, pos: int) -> int:
    """End offset of the tag closing the ``name`` element opened just before ``pos``, or -1."""
    pattern = _SAME_TAG_CACHE.get(name)
    if pattern is None:
        pattern = re.compile(rf"<(/?){re.escape(name)}\b[^>]*>", re.I)
        if len(_SAME_TAG_CACHE) < 256:
            _SAME_TAG_CACHE[name] = pattern
    depth = 1
    for m in pattern.finditer(markup, pos):
        if m.group(1):
            depth -= 1
            if depth == 0:
                return m.end()
        elif not m.group().endswith("/>"):
            depth += 1
    return -1


#: Output pieces p_wrap gathers before joining them into one chunk.
_CHUNK_PIECES = 4096


def p_wrap(markup: str | list[str]) -> str:
    """Wrap body- and blockquote-level runs of text and inline elements in ``<p>``.

    The pieces are joined into chunks as they come (whenever no piece is still to be changed:
    no inline element's slot is open), so that a long page's peak is the input, the chunks
    and the result rather than also a list of every token.  Given as a one-item list, the
    input is taken out of it and let go before the chunks are joined (see
    ``do_block_levels``)."""
    if isinstance(markup, list):
        markup = markup.pop()
    state = _Wrapper()
    out = state.out
    chunks: list[str] = []
    stack = state.stack
    pos = 0
    search = _TAG_RE.search
    find = markup.find
    while (m := search(markup, pos)) is not None:
        if len(out) > _CHUNK_PIECES and state.inline_slot < 0:
            chunks.append("".join(out))
            out.clear()
        start = m.start()
        if start > pos:
            text = markup[pos:start]
            if state.p_depth < 0 and (not stack or stack[-1] in _WRAP_PARENTS):
                state.text(text)
            else:
                if state.inline_slot >= 0 and text.strip(_SPACE):
                    state.inline_has_text = True
                out.append(text)
        pos = m.end()
        name = m.group(2)
        tok = m.group()
        if name is None:
            out.append(tok)
            continue
        name = name.lower()
        if (
            not stack
            and state.p_depth < 0
            and not m.group(1)
            and name not in _INLINE
            and name not in _VOID
            and name not in _WRAP_PARENTS
        ):
            # A whole top-level block: nothing inside needs wrapping (unless a blockquote).
            close = _matching_close(markup, name, pos)
            if close != -1 and find("<blockquote", pos, close) == -1:
                out.append(markup[start:close])
                pos = close
                continue
        if m.group(1):
            if (
                stack
                and stack[-1] == name
                and len(stack) - 1 > state.p_depth
                and (state.inline_slot < 0)
            ):
                stack.pop()  # fast path: closing the innermost element, deep inside a block
                out.append(tok)
            else:
                state.end_tag(name, tok)
        elif stack and stack[-1] not in _WRAP_PARENTS and state.inline_slot < 0:
            if name not in _VOID and not tok.endswith("/>"):
                stack.append(name)  # fast path: an element inside a block, nothing to wrap
            out.append(tok)
        else:
            state.start_tag(name, tok)
    if pos < len(markup):
        if not stack or stack[-1] in _WRAP_PARENTS:
            state.text(markup[pos:])
        else:
            out.append(markup[pos:])
    if state.p_depth >= 0:
        out.append("</p>")
    del markup, find
    chunks.append("".join(out))
    out.clear()
    return "".join(chunks)
