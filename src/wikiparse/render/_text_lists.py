"""List nesting shared by the plain-text and Markdown renderers.

Wikitext lists are flat lines with marker prefixes (``*``, ``#``, ``;``, ``:``).  MediaWiki's
``doBlockLevels`` nests them by comparing each line's prefix with the previous line's: the common
part stays open, the rest closes, the new tail opens.  :func:`layout_items` replays that
comparison once, without building a nested tree, and gives each item what a line-oriented
renderer needs: its depth, kind, its number in an ordered list, and whether it is a definition
that belongs on its term's line.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import define

from ..nodes import ListItem

__all__ = ["ItemLayout", "layout_items", "layout_prefixes"]


@define(slots=True)
class ItemLayout:
    """Where one list item sits once nested.

    ``depth`` counts from 0 for the outermost list; ``kind`` is ``ul``, ``ol``, ``dt`` or
    ``dd``; ``number`` is the item's 1-based position in its ordered list (0 elsewhere);
    ``joins_term`` is true for a definition that directly follows its term (``;t:d`` or
    ``;t`` then ``:d``), which line renderers write as ``term: definition``; ``parents`` are the
    kinds of the enclosing lists, outermost first.
    """

    depth: int
    kind: str
    number: int
    joins_term: bool
    parents: tuple[str, ...]


_KIND = {"*": "ul", "#": "ol", ";": "dt", ":": "dd"}


def _same_list(a: str, b: str) -> bool:
    """Whether two marker characters continue the same list (``;`` and ``:`` share a ``<dl>``)."""
    return a == b or (a in ";:" and b in ";:")


def layout_items(items: Sequence[ListItem]) -> list[ItemLayout]:
    """Nesting facts for each item of one :class:`~wikiparse.nodes.List`, in order."""
    prefixes = [item.level_prefix or item.prefix or "*" for item in items]
    return [
        ItemLayout(depth=len(lp) - 1, kind=kind, number=number, joins_term=joins, parents=_parents(lp))
        for lp, (kind, number, joins) in zip(prefixes, layout_prefixes(prefixes), strict=True)
    ]


_PARENTS: dict[str, tuple[str, ...]] = {}


def _parents(prefix: str) -> tuple[str, ...]:
    """The kinds of the lists enclosing an item of this prefix, outermost first."""
    parents = _PARENTS.get(prefix)
    if parents is None:
        parents = tuple(_KIND.get(c, "ul") for c in prefix[:-1])
        if len(_PARENTS) < 1024:  # prefixes repeat; a page of odd ones must not grow this
            _PARENTS[prefix] = parents
    return parents


def layout_prefixes(prefixes: Sequence[str]) -> list[tuple[str, int, bool]]:
    """:func:`layout_items` for items given by their effective prefixes (``level_prefix or
    prefix``, never empty): each item's ``kind``, ``number`` and ``joins_term`` (its depth is
    its prefix's length less one)."""
    out: list[tuple[str, int, bool]] = []
    prev = ""
    counters: list[int] = []
    prev_kind = ""
    for lp in prefixes:
        if lp == prev:  # the next item of the same list (most are): every position is kept
            common = len(lp)
        else:
            common = 0
            limit = min(len(lp), len(prev))
            while common < limit and _same_list(lp[common], prev[common]):
                common += 1
            del counters[common:]
            # Positions opened anew start their count from zero; a kept position keeps counting.
            if len(counters) < len(lp):
                counters.extend([0] * (len(lp) - len(counters)))
        counters[-1] += 1
        kind = _KIND.get(lp[-1], "ul")
        joins = kind == "dd" and prev_kind == "dt" and len(prev) == len(lp) and common == len(lp)
        out.append((kind, counters[-1] if kind == "ol" else 0, joins))
        prev, prev_kind = lp, kind
    return out
