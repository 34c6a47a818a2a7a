"""Where a long page may be cut into parts: one linear scan of the whole page.

:func:`wikiparse.render.base.page_parts` cuts a long page before top-level heading lines
where nothing is open.  It verifies every cut by parsing the part (the part alone must leave
nothing open), but it must not *find* cuts by trial parses: a page where nothing ever closes
(``'{{a|\\n== h ==\\n' * n``) would be parsed once per failed attempt, up to twice over, and
a page whose heading lines each open a template (``'== {{a| ==\\n' * n``) once per line.

So the candidates come from one scan, :func:`quiet_heading_lines`, that follows MediaWiki's
preprocessor as the parser's pass 1 (:mod:`wikiparse._parse.preprocessor`) does, with the
same token patterns and rules (frames for ``{{``, ``{{{``, ``[[`` and ``-{``, closing runs
that only look at the frame on top, heading lines inside braces that hide closers, comments
and extension tags jumped over), but builds no node: it keeps the stack of open frames
only, and the depth of top-level tables.  A heading line that starts where that stack is
empty and no table is open is a candidate.  An extension tag that never closes, or whose
body (when the parser reads it as wikitext) leaves something open, makes every later part
unclosed: the scan stops there.

The scan only proposes; ``page_parts`` still verifies each cut, so where the two disagree
(a construct the scan reads differently) the output stays the same and only time is lost.
"""

from __future__ import annotations

import re

from .._parse.patterns import patterns
from .._parse.preprocessor_syntax import (
    COMMENT_CLOSE,
    COMMENT_OPEN,
    PAGE_VIEW,
    TRANSCLUSION_TAGS,
    brace_match,
    close_tag,
    comment_end,
    self_closed,
    tag_open_end,
)
from ..config import ParserConfig

__all__ = ["quiet_cuts", "quiet_heading_lines"]

#: Line events of the top level: a heading-line candidate (as ``page_parts`` reads them), a
#: table opening, a table closing, or a paragraph line after a blank line (``blank``: a line
#: that starts with a letter or digit, right after an empty line that follows a line of text).
_LINE_EVENT = re.compile(
    r"\n(?P<at>)(?:(?P<heading>=[^\n]*=[ \t]*$)|:*[ \t]*(?P<table>\{\|)|[ \t]*\|\}"
    r"|(?P<blank>(?<=[^\n]\n\n)(?=[^\W_])))",
    re.MULTILINE,
)
#: The same at the first line of a tag body (which starts a block container there).
_FIRST_LINE_EVENT = re.compile(
    r"(?P<at>)(?:(?P<heading>=[^\n]*=[ \t]*$)|:*[ \t]*(?P<table>\{\|)|[ \t]*\|\}|(?P<blank>(?!)))",
    re.MULTILINE,
)
#: A table line right after comments or markers that start a line.
_TABLE_AFTER_VANISHING = re.compile(r":*[ \t]*(\{\|)|[ \t]*(\|\})")



class _Frame:
    """An open frame, as much of the parser's ``_Frame`` as decides what closes it: its kind
    (``{``, ``[``, ``-`` or ``=``, a heading line inside braces), the brackets still unmatched,
    whether a link has a label (a ``-{`` there ends with the link) or a ``-{`` is in one."""

    __slots__ = ("count", "in_link", "kind", "pipe")

    def __init__(self, kind: str, count: int, in_link: bool = False) -> None:
        self.kind = kind
        self.count = count
        self.pipe = False
        self.in_link = in_link


def quiet_heading_lines(text: str, config: ParserConfig, skim_tags: frozenset[str]) -> list[int]:
    """Offsets of the heading lines of ``text`` (lines that start and end with ``=``) at
    which MediaWiki's preprocessor has no frame open and no top-level table is open, in
    order; none after an extension tag that leaves something open."""
    found: list[int] = []
    _Scan(text, config, skim_tags, None).run(0, len(text), found)
    return _comment_closed(text, found)


def quiet_cuts(text: str, config: ParserConfig, skim_tags: frozenset[str]) -> tuple[list[int], set[int]]:
    """:func:`quiet_heading_lines` and, among them in order, the paragraph lines after a blank
    line where the same holds (the second item: which offsets are such lines).

    A blank line ends every paragraph, list and pre block in MediaWiki's block pass, and a
    line that starts with a letter or digit starts no block of its own, opens no frame or
    table on its first character and trims nothing before it (a category link first on a
    line trims the blank lines before it: it starts with ``[``).  So where nothing is open,
    the text on either side of such a blank line is read the same alone as in the page, as
    it is at a quiet heading line; a page with no heading line can be cut there."""
    headings: list[int] = []
    blanks: list[int] = []
    _Scan(text, config, skim_tags, blanks).run(0, len(text), headings)
    if not blanks:
        return _comment_closed(text, headings), set()
    merged = _comment_closed(text, sorted(headings + blanks))
    return merged, set(blanks).intersection(merged)


def _comment_closed(text: str, found: list[int]) -> list[int]:
    """``found`` less the offsets that come after a ``<!--`` with no ``-->`` before them."""
    # ``page_parts`` also refuses a part whose last ``<!--`` has no ``-->`` after it, wherever
    # it is (inside ``<nowiki>`` too): drop such candidates.  (A candidate starts a line, so
    # no mark straddles it: each stretch between two candidates is searched once.)
    out: list[int] = []
    last = -1  # the last "<!--" so far
    closed = True  # ... has a "-->" after it
    before = 0
    for at in found:
        opening = text.rfind(COMMENT_OPEN, before, at)
        if opening != -1:
            last = opening
            closed = text.find(COMMENT_CLOSE, opening + 4, at) != -1
        elif not closed:
            closed = text.find(COMMENT_CLOSE, max(last + 4, before), at) != -1
        if closed:
            out.append(at)
        before = at
    return out


class _Scan:
    """The preprocessor's frames over one page (see the module's docstring)."""

    def __init__(
        self, text: str, config: ParserConfig, skim_tags: frozenset[str], blank_out: list[int] | None
    ) -> None:
        pats = patterns(config)
        self.text = text
        #: Where the top-level scan collects paragraph lines after a blank line (None: not).
        self.blank_out = blank_out
        self.skim_tags = skim_tags
        self.wikitext_tags = config.wikitext_tags
        self.top_pat, brace_pat = _patterns(config)
        self.frame_pats = {
            "{": brace_pat, "[": pats.bracket_link_frame, "=": pats.bracket_heading,
            "-": pats.bracket_lang_frame,
        }
        self.lang_link_pat = pats.bracket_lang_in_link
        self.simple_link_pat = pats.simple_link
        self.bracket_url = pats.bracket_url

    def run(self, start: int, end: int, out: list[int] | None) -> bool:
        """Follow the preprocessor over ``text[start:end]`` (the page, or a tag body read as
        wikitext, which is a block container of its own); with ``out``, collect the quiet
        heading lines.  True when nothing is left open at ``end``."""
        text = self.text
        top_pat = self.top_pat
        frame_pats = self.frame_pats
        lang_link_pat = self.lang_link_pat
        simple_link_pat = self.simple_link_pat
        blank_out = self.blank_out if out is not None else None
        stack: list[_Frame] = []
        tables = 0
        pos = start
        vanished_to = -1  # where the comments and markers that start the current line end
        # The next line event, kept until the scan passes it, so that the text is searched
        # for line events once in all (``None``: none left).
        line = _FIRST_LINE_EVENT.match(text, start, end) or _LINE_EVENT.search(text, start, end)
        line_at = end if line is None else line.start("at")
        while True:
            if stack:
                top = stack[-1]
                pat = lang_link_pat if top.in_link else frame_pats[top.kind]
            else:
                pat = top_pat
            m = pat.search(text, pos, end)
            token_at = end if m is None else m.start()
            if not stack:
                # Line events before the token are at the top level.
                while line is not None and line_at < token_at:
                    if line.group("heading") is not None:
                        if tables == 0 and out is not None:
                            out.append(line_at)
                    elif line.group("blank") is not None:
                        if tables == 0 and blank_out is not None:
                            blank_out.append(line_at)
                    elif line.group("table") is not None:
                        tables += 1
                    elif tables:
                        tables -= 1
                    line = _LINE_EVENT.search(text, line.end(), end)
                    line_at = end if line is None else line.start("at")
            if m is None:
                break
            s, e = m.span()
            pos = e
            char = text[s]
            if char == "\n":
                if stack[-1].kind == "=":
                    stack.pop()  # the heading line ends; its newline may start another
                    pos = s
                else:
                    # A heading line inside braces.  (A single "=" after a pipe, in a part not
                    # yet split by "=", splits it instead; the scan follows no pipes in braces
                    # and reads it as a heading line too, which can only hide a closing run.)
                    stack.append(_Frame("=", 0))
                    pos = s + 1
            elif char == "|":
                stack[-1].pipe = True  # in a link: what follows is its label
            elif char == "{":
                if text[e - 1] != "}":  # else a simple template, whole
                    stack.append(_Frame("{", e - s))
            elif char == "[":
                if e - s == 2 and (simple := simple_link_pat.match(text, e, end)) is not None:
                    pos = simple.end()
                else:
                    stack.append(_Frame("[", e - s))
            elif char == "-":
                in_link = False
                if stack:
                    parent = stack[-1]
                    in_link = (parent.kind == "[" and parent.pipe) or parent.in_link
                stack.append(_Frame("-", 2, in_link))
            elif char == "}" and stack[-1].kind == "-":
                stack.pop()
            elif char == "]" and stack[-1].kind == "-":
                while stack and stack[-1].kind == "-":
                    stack.pop()
                _closing_run(stack, e - s, False)
            elif char in "}]":
                _closing_run(stack, e - s, char == "}")
            else:  # "<": a comment, a marker's closing tag or an extension tag
                after, vanishes = self.markup(s, e, end)
                if after == -2:
                    return False  # something open from here on: no later part closes
                if after != -1:
                    pos = after
                    if vanishes and not stack and (s in (start, vanished_to) or text[s - 1] == "\n"):
                        # What the preprocessor removes is gone before table lines are read:
                        # ``<!--c-->{|`` at a line start opens a table, ``<!--c-->|}`` closes one.
                        vanished_to = after
                        table = _TABLE_AFTER_VANISHING.match(text, after, end)
                        if table is not None:
                            if table.group(1) is not None:
                                tables += 1
                            elif tables:
                                tables -= 1
            if line_at < pos:
                # Events in what was jumped over are none; a line starting at ``pos`` is one.
                line = _LINE_EVENT.search(text, pos - 1 if text[pos - 1] == "\n" else pos, end)
                line_at = end if line is None else line.start("at")
        return not stack and tables == 0

    def markup(self, s: int, e: int, end: int) -> tuple[int, bool]:
        """A comment, a marker's closing tag or an extension tag at ``s``: the offset after
        it (-1 if it is text, -2 if it leaves something open: a tag that never closes, a
        body that leaves a frame or table open), and whether it vanishes before MediaWiki
        reads lines (a comment, a transclusion marker, an ``<includeonly>`` section)."""
        text = self.text
        if text.startswith(COMMENT_OPEN, s):
            after = comment_end(text, s, end)
            return (end if after == -1 else after), True
        if text[s + 1] == "/":
            return e, True
        open_end = tag_open_end(text, e, end)
        if open_end == -1:
            return -1, False
        name = text[s + 1 : e].lower()
        if name in TRANSCLUSION_TAGS and name not in PAGE_VIEW.markers and name != PAGE_VIEW.hidden:
            return -1, False
        vanishes = name in PAGE_VIEW.markers or name == PAGE_VIEW.hidden
        if name in PAGE_VIEW.markers or self_closed(text, e, open_end):
            return open_end, vanishes
        close = close_tag(name).search(text, open_end, end)
        if close is None:
            return -2, vanishes
        body_end = close.start()
        if (
            name in self.wikitext_tags
            and not (name in self.skim_tags and self.bracket_url.search(text, open_end, body_end) is None)
            and not self.run(open_end, body_end, None)
        ):
            return -2, vanishes
        return close.end(), vanishes


#: A ``[[`` run as the parser reads it, and the same but for the ``[[`` of a link with nothing
#: inside that opens, closes or hides a bracket (the parser's ``simple_link``), which opens
#: no frame: where no token can be found inside such a link (at the top level and inside
#: braces, where ``|`` and ``]]`` are no tokens here), the search passes over it.
_LINK_RUN = r"|\[\[+|"
_LINK_RUN_NOT_SIMPLE = r"|\[\[(?![^\[\]{}<\n]*\]\](?!\]))\[*|"
#: A ``{{`` run, and before it a whole template with nothing inside that opens a frame or
#: hides a closing run: one token instead of two.
_BRACE_RUN = r"|\{\{+|"
_BRACE_RUN_OR_SIMPLE = r"|\{\{[^{}\[<\n]*\}\}|\{\{+|"


def _patterns(config: ParserConfig) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The scan's token patterns at the top level and inside ``{{``/``{{{``: the parser's,
    with simple links passed over and simple templates as one token, and inside braces less
    pipes and ``=``, which only decide names and values (and whether a line starting with
    one ``=`` is a heading line)."""
    pats = config.derived.get("part_cuts")
    if pats is None:
        view = patterns(config).bracket_top.pattern
        assert _LINK_RUN in view and _BRACE_RUN in view  # the parser's pattern, as written
        view = view.replace(_LINK_RUN, _LINK_RUN_NOT_SIMPLE).replace(_BRACE_RUN, _BRACE_RUN_OR_SIMPLE)
        pats = config.derived["part_cuts"] = (
            re.compile(view, re.IGNORECASE), re.compile(view + r"|\}\}+|\n=", re.IGNORECASE)
        )
    assert isinstance(pats, tuple)
    return pats


def _closing_run(stack: list[_Frame], run: int, brace: bool) -> None:
    """A run of ``run`` closing braces or brackets: close frames on top while it lasts."""
    want = "{" if brace else "["
    while stack and stack[-1].kind == want and run >= 2:
        frame = stack[-1]
        matched = brace_match(run, frame.count) if brace else 2
        run -= matched
        frame.count -= matched
        if frame.count >= 2:
            frame.pipe = False  # leftover brackets: the frame lives on, its parts start anew
        else:
            stack.pop()
