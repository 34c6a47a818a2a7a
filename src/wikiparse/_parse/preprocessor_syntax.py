"""What MediaWiki's preprocessor recognises: the one place that decides what a comment, an
extension or transclusion tag and a brace frame are, in both modes.

Two scanners read wikitext with these rules, because they build different trees (see
docs/architecture.md, "One preprocessor syntax, two trees"): the parser's pass 1
(:mod:`.preprocessor`, a lossless typed tree with links) and the expander's
(:mod:`wikiparse.expand._preprocessor`, MediaWiki's ``Preprocessor_Hash`` tree with headings,
comment whitespace and ignored stretches).  Both take from here:

* the **mode rules** (:data:`PAGE_VIEW`, :data:`INCLUSION`): which transclusion tags are
  markers dropped where they stand, which element is cut out with its content (and may run
  unclosed to the end of the text), and whether ``<onlyinclude>`` sections are honoured;
* the **tag syntax**: a tag name ends at white space, ``/>`` or ``>`` (:data:`TAG_NAME_END`);
  the opening tag runs to the next ``>`` and is self-closed when that ``>`` follows a ``/``;
  the body runs to the first ``</name\\s*>`` in any letter case (:func:`close_tag`);
* the **comment syntax**: ``<!--`` to the first ``-->``, or to the end of the text;
* the **brace rule**: a closing run takes three braces from a frame (an argument) when both
  the run and the frame's opening run have three, else two (a template)
  (:func:`brace_match`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

__all__ = [
    "COMMENT_CLOSE",
    "COMMENT_OPEN",
    "INCLUSION",
    "ONLYINCLUDE_CLOSE",
    "ONLYINCLUDE_OPEN",
    "PAGE_VIEW",
    "TAG_NAME_END",
    "TRANSCLUSION_TAGS",
    "ModeRules",
    "brace_match",
    "close_tag",
    "comment_end",
    "mode_rules",
    "onlyinclude_enabled",
    "self_closed",
    "tag_open_end",
]

COMMENT_OPEN: Final = "<!--"
COMMENT_CLOSE: Final = "-->"
ONLYINCLUDE_OPEN: Final = "<onlyinclude>"
ONLYINCLUDE_CLOSE: Final = "</onlyinclude>"
#: What may follow a tag's name (a regex fragment, for look-aheads): MediaWiki's
#: ``(?:\s|\/>|>)`` after the name in its element pattern.
TAG_NAME_END: Final = r"(?:\s|/>|>)"
#: The three tags that mark transclusion boundaries.
TRANSCLUSION_TAGS: Final = frozenset(("includeonly", "noinclude", "onlyinclude"))


class ModeRules:
    """What one preprocessor mode does with the transclusion tags.

    ``markers``: tag names dropped where they stand, opening and closing alike (their content
    stays in place).  ``hidden``: the element cut out together with its content; unclosed, it
    runs to the end of the text.  ``honours_onlyinclude``: when the text holds both
    ``<onlyinclude>`` and ``</onlyinclude>`` (exactly so written), everything outside those
    sections is cut out too.
    """

    __slots__ = ("hidden", "honours_onlyinclude", "inclusion", "markers")

    def __init__(self, inclusion: bool, markers: frozenset[str], hidden: str, honours_onlyinclude: bool) -> None:
        self.inclusion = inclusion
        self.markers = markers
        self.hidden = hidden
        self.honours_onlyinclude = honours_onlyinclude


#: A page viewed directly: ``<noinclude>`` and ``<onlyinclude>`` are dropped (their content
#: shows), ``<includeonly>`` sections are cut out.
PAGE_VIEW: Final = ModeRules(False, frozenset(("noinclude", "onlyinclude")), "includeonly", False)
#: A template body being transcluded: ``<includeonly>`` is dropped, ``<noinclude>`` sections
#: are cut out, ``<onlyinclude>`` sections (if any) are all that is kept.  A lone
#: ``<onlyinclude>`` (without ``</onlyinclude>``) is plain text in this mode.
INCLUSION: Final = ModeRules(True, frozenset(("includeonly",)), "noinclude", True)


def mode_rules(inclusion: bool) -> ModeRules:
    return INCLUSION if inclusion else PAGE_VIEW


def onlyinclude_enabled(rules: ModeRules, text: str) -> bool:
    """Are ``<onlyinclude>`` sections honoured in ``text`` (MediaWiki tests the two literal
    strings, in this letter case, anywhere in the text)?"""
    return rules.honours_onlyinclude and ONLYINCLUDE_OPEN in text and ONLYINCLUDE_CLOSE in text


def comment_end(text: str, start: int, end: int) -> int:
    """The offset after the ``-->`` closing the comment that opens at ``start``, or -1 when
    none closes it before ``end`` (the comment then runs to the end)."""
    close = text.find(COMMENT_CLOSE, start + len(COMMENT_OPEN), end)
    return -1 if close == -1 else close + len(COMMENT_CLOSE)


def tag_open_end(text: str, name_end: int, end: int) -> int:
    """The offset after the ``>`` ending an opening tag whose name ends at ``name_end``, or
    -1 (no ``>`` left: the ``<`` is text)."""
    gt = text.find(">", name_end, end)
    return -1 if gt == -1 else gt + 1


def self_closed(text: str, name_end: int, open_end: int) -> bool:
    """Is the opening tag ending at ``open_end`` self-closed (``<ref name=a/>``)?"""
    return open_end - 2 >= name_end and text[open_end - 2] == "/"


@lru_cache(maxsize=512)
def close_tag(name: str) -> re.Pattern[str]:
    """The closing tag of element ``name``: ``</name>``, white space allowed before ``>``,
    any letter case."""
    # Case-insensitive only around the name: the literal ``</`` lets the engine jump to each
    # candidate (a whole-pattern flag tries the pattern at every position of the body).
    return re.compile(r"</(?i:" + re.escape(name) + r")\s*>")


def brace_match(run: int, open_count: int) -> int:
    """How many braces a closing run of ``run`` takes from a frame opened by ``open_count``:
    3 (an argument) when both have three, 2 (a template) when both have two, else 0."""
    least = min(run, open_count)
    return 3 if least >= 3 else 2 if least == 2 else 0
