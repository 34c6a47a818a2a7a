"""Pass 4, the page: a redirect at the very start, edit-section numbers, and the grouping of
top-level blocks into nested sections.

Headings were collected as they were built (``ParseState.headings``), so numbering them needs
no walk over the tree.
"""

from __future__ import annotations

import bisect

from .._mw import PHP_WHITESPACE
from ..nodes import Heading, Node, Redirect, Section, Text, Wikilink
from .state import ParseState, new_section

__all__ = ["build_sections", "number_headings", "redirect"]


def build_sections(st: ParseState, blocks: list[Node]) -> list[Node]:
    """Group top-level blocks into nested sections (lead first)."""
    lead = new_section(0, 0, 0, [])
    top: list[Node] = [lead]
    stack: list[Section] = [lead]
    made: list[Section] = []  # the sections below the lead, each after its parent
    for b in blocks:
        if isinstance(b, Heading):
            while len(stack) > 1 and stack[-1].level >= b.level:
                stack.pop()
            sec = new_section(b.start, b.level, b.number, [b])
            made.append(sec)
            if len(stack) == 1:
                top.append(sec)
            else:
                stack[-1].nodes.append(sec)
            stack.append(sec)
        else:
            stack[-1].nodes.append(b)
    # Spans: a section ends where the next one at its level or above begins.
    _fix_section_ends(lead, made)
    return top


def redirect(st: ParseState, nodes: list[Node]) -> list[Node]:
    """``#REDIRECT [[Target]]`` at the very start of the page becomes a Redirect node."""
    if len(nodes) < 2 or type(nodes[0]) is not Text:
        return nodes
    first = nodes[0]
    assert isinstance(first, Text)
    m = st.pats.redirect.match(first.value)
    if m is None or not isinstance(nodes[1], Wikilink):
        return nodes
    gap = first.value[m.end() :]
    if not st.pats.redirect_gap.match(gap):
        return nodes
    link = nodes[1]
    assert isinstance(link, Wikilink)
    lead_ws = len(first.value) - len(first.value.lstrip(PHP_WHITESPACE))
    if "\n" in first.value[:lead_ws]:
        return nodes
    marker = first.value[lead_ws : m.end()]
    red = Redirect(start=first.start + lead_ws, end=link.end, marker=marker, space=gap, link=link)
    head: list[Node] = [st.text_at(first.start, first.start + lead_ws)] if lead_ws else []
    return [*head, red, *nodes[2:]]


def number_headings(st: ParseState) -> None:
    """Edit-section numbers in source order; ``__NOEDITSECTION__`` turns markers off.

    Headings were collected as they were built (containers are processed in worklist
    order, so sort by offset); no extra walk over the tree is needed.  Heading lines
    inside template arguments take numbers too; a heading line holding an unclosed
    bracket run takes none, exactly as in MediaWiki's preprocessor.
    """
    unclosed = sorted(st.unclosed)
    entries: list[tuple[int, Heading | None]] = [(h.start, h) for h in st.headings]
    entries += [(off, None) for off in st.phantom_headings]
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
            h.editable = not st.no_edit_section


def _fix_section_ends(lead: Section, made: list[Section]) -> None:
    """A section spans its children: set spans bottom-up, each section after the sections
    inside it (``made`` in reverse: a section is made after its parent), with no walk over
    the blocks and no recursion."""
    for sec in reversed(made):
        nodes = sec.nodes  # never empty: its heading comes first
        sec.start = nodes[0].start
        sec.end = nodes[-1].end
    nodes = lead.nodes
    lead.end = nodes[-1].end if nodes else lead.start
