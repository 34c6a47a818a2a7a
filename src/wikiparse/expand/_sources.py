"""Where expanded text came from: a map from spans of the expanded page back to its source.

The page's top-level preprocessor nodes tile its text, and each is expanded on its own, so
every span of the expanded text belongs to one or more *segments*: literal text (copied, so
offsets map one to one), a template call, an argument, an extension tag or a comment (the
whole call is the source of everything it produced).
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

__all__ = ["Segment", "SourceMap"]


class Segment(NamedTuple):
    """``expanded[out_start:out_end]`` came from ``source[src_start:src_end]``."""

    out_start: int
    out_end: int
    src_start: int
    src_end: int
    #: ``text``, ``template``, ``argument``, ``tag``, ``comment``, ``heading``, ``ignore`` or
    #: ``error`` (expansion stopped: the whole page is the source).
    kind: str


class SourceMap:
    """Segments in expanded-text order; answers "which source made this span"."""

    __slots__ = ("_starts", "segments")

    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments
        self._starts = [s.out_start for s in segments]

    def segments_for(self, start: int, end: int) -> list[Segment]:
        """The segments that produced ``expanded[start:end]`` (the one at ``start`` if empty)."""
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        found: list[Segment] = []
        while i < len(self.segments):
            seg = self.segments[i]
            if seg.out_start >= end and found:
                break
            if seg.out_end > start or (seg.out_start <= start <= seg.out_end and start == end):
                found.append(seg)
            if seg.out_start >= end:
                break
            i += 1
        return found

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the source that produced ``expanded[start:end]``: exact inside literal
        text, the whole call where a template or argument produced it."""
        segs = self.segments_for(start, end)
        if not segs:
            return (0, 0)
        first, last = segs[0], segs[-1]
        src_start = (
            first.src_start + (start - first.out_start)
            if first.kind == "text" and start >= first.out_start
            else first.src_start
        )
        src_end = (
            last.src_start + (end - last.out_start)
            if last.kind == "text" and end <= last.out_end
            else last.src_end
        )
        return (src_start, max(src_start, src_end))
