"""Pass 1, MediaWiki's preprocessor: comments, extension tags, ``{{ }}``/``{{{ }}}`` frames and
``[[ ]]`` pipe scopes, resolved with a stack of open frames.

A compiled alternation (one per kind of frame on top, see ``Patterns.scan_page``) jumps from
one interesting position to the next; the loop reads ``(kind, start, end)`` off each match
without slicing text.  The commonest constructs are one match each, built at once without a
frame: an ordinary link (``links.ordinary_link``) and a template of text, pipes and ``=`` only
(``braces.flat_template``).  A closing run only ever looks at the frame on top, as in MediaWiki, and
an unclosed frame becomes literal text with its children spliced into its parent, so the pass
is linear and never raises.  Closed frames become nodes through :mod:`.braces` and
:mod:`.links`; the values inside them are queued on the state's work list for the later
passes.  :func:`preprocess` runs this pass on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from ..config import DEFAULT_CONFIG, ParserConfig
from ..nodes import (
    Argument,
    Diagnostic,
    Excluded,
    MagicVariable,
    Node,
    ParserFunction,
    Template,
    Text,
    Wikicode,
)
from . import braces, links
from .preprocessor_syntax import (
    ONLYINCLUDE_CLOSE,
    ONLYINCLUDE_OPEN,
    TRANSCLUSION_TAGS,
    brace_match,
    close_tag,
    comment_end,
    mode_rules,
    onlyinclude_enabled,
    self_closed,
    tag_open_end,
)
from .splice import _Splice
from .state import (
    NEW_TEXT,
    TAG,
    ParseState,
    merge_text,
    new_comment,
    new_extension_tag,
    new_html_tag,
    new_text,
    new_wikicode,
)

__all__ = ["brackets", "preprocess"]

# Token kinds.
T_COMMENT: Final = 1
T_EXT: Final = 2
T_LBRACE: Final = 3
T_RBRACE: Final = 4
T_LBRACKET: Final = 5
T_RBRACKET: Final = 6
T_PIPE: Final = 7
T_EQUALS: Final = 8
T_NEWLINE: Final = 9
T_LANG: Final = 10

_TAG_NAME = re.compile(r"[A-Za-z]+")
#: A compiled pattern's bound ``search``.
_Search = Callable[[str, int, int], re.Match[str] | None]

#: Merge the top-level list of every :func:`brackets` call, regular or not (a switch for the
#: tests: ``tests/test_parse_shortcuts.py``).
MERGE_ALWAYS = False

#: The frame kind a closing token of two closes in place (see :func:`brackets`).
_OPENED_BY: Final = {T_RBRACE: "{", T_RBRACKET: "["}

_KIND_OF_CHAR: Final = {
    "|": T_PIPE, "=": T_EQUALS, "{": T_LBRACE, "}": T_RBRACE,
    "[": T_LBRACKET, "]": T_RBRACKET, "\n": T_NEWLINE, "-": T_LANG,
}

def preprocess(text: str, *, config: ParserConfig | None = None, inclusion: bool = False) -> Wikicode:
    """The preprocessor pass alone: ``text`` as a brace tree (comments, extension tags,
    templates, arguments, parser functions and links as nodes; everything else text).

    No later pass runs: values hold unprocessed text, and no inline or block structure is
    built.  ``inclusion=True`` reads ``text`` as a template body being transcluded, as
    MediaWiki's preprocessor does for inclusion: ``<includeonly>`` and ``</includeonly>``
    are markers (:class:`~wikiparse.nodes.HtmlTag`) around text that is parsed in place, a
    ``<noinclude>`` section (to its closing tag, or to the end) is one
    :class:`~wikiparse.nodes.ExtensionTag` whose raw body is not parsed, and when the text
    holds both ``<onlyinclude>`` and ``</onlyinclude>`` everything outside those sections is
    :class:`~wikiparse.nodes.Excluded` (a lone ``<onlyinclude>`` is text).  Without it the
    text is a page view, as in :func:`wikiparse.parse`, where ``<noinclude>`` and
    ``<onlyinclude>`` are markers.  Never raises on a ``str``.
    """
    st = ParseState(text, config or DEFAULT_CONFIG)
    st.inclusion = inclusion
    st.inline_values = False  # (no inline pass follows: values keep their text)
    st.onlyinclude = onlyinclude_enabled(mode_rules(inclusion), text)
    return new_wikicode(0, len(text), brackets(st, 0, len(text)))


class _Frame:
    """An open ``{{``/``{{{``/``[[`` run or a ``-{`` on the bracket stack, or a heading line
    inside braces.

    A heading line (kind ``=``, MediaWiki's heading piece) makes no node: it shares its
    parent's node list and only hides closing runs, pipes and ``=`` until its newline."""

    def __init__(self, kind: str, start: int, count: int, pat: re.Pattern[str]) -> None:
        self.kind = kind  # "{", "[", "=" or "-" (a language-converter block)
        #: The token scan while this frame is on top (the bound method: compiled, a call
        #: through it skips the method lookup that ``pat.search(...)`` makes per token).
        self.search: _Search = pat.search
        self.start = start  # offset of the first bracket of the run
        self.count = count  # brackets still unmatched
        self.parts: list[list[Node]] = [[]]
        self.part_starts: list[int] = [start + count]
        #: Per part: where in the part's node list a name/value ``=`` split it, or -1.  The
        #: ``=`` itself is no node (see :func:`eq_offset`); where a frame's parts end up as
        #: text, :func:`with_equals` puts it back.
        self.eq: list[int] = [-1]
        self.in_link = False  # a "-" frame inside a link: "]]" ends it (see brackets)


def brackets(st: ParseState, start: int, end: int) -> list[Node]:
    """MediaWiki's preprocessor over ``text[start:end]``: the top-level node list."""
    text = st.text
    pats = st.pats
    root: list[Node] = []
    stack: list[_Frame] = []
    accum = root  # the node list text is currently flushed into
    pending = start  # start of text not yet flushed
    pos = start  # tokens before this offset were consumed by a comment or tag
    # The pattern depends on the frame on top: at the top level '|', '=' and closing runs
    # mean nothing, inside a link '=' and '}}' mean nothing, inside braces ']]' does not.
    # (Without braces no "{{" opens a frame: brace_pat is never used.)
    top_pat, brace_pat, link_pat, heading_pat, lang_pat, lang_link_pat = (
        pats.scan_plain if not st.braces else pats.scan_inclusion if st.inclusion else pats.scan_page
    )
    simple_link_pat = pats.simple_link
    simple_part = pats.simple_part.match
    top_search = top_pat.search
    scan = start
    # Does ``root`` need its text merge?  Not while only the regular steps below have run
    # (each flushes a non-empty text right before a node, so no two texts meet, none is empty
    # and no placeholder is there); the others clear this.
    regular = True
    # Only the outermost call honours <onlyinclude> (extension tag bodies, parsed by nested
    # calls, are raw text to MediaWiki's preprocessor).
    onlyinclude = st.onlyinclude
    st.onlyinclude = False
    if onlyinclude:
        root.append(_excluded(st, start, start, end))
        pending = pos = scan = root[-1].end
    while True:
        m = (stack[-1].search if stack else top_search)(text, scan if scan > pos else pos, end)
        if m is None:
            break
        s, e = m.span()
        whole = m.lastindex
        if whole is not None:
            # An ordinary link (groups 1 and 2) or a flat template (group 3), matched whole:
            # built at once, as the frames would build it.  (None: a magic variable, or the
            # shortcut switched off: then its opening run is a token like any other.)
            node = links.ordinary_link(st, m) if whole < 3 else braces.flat_template(st, s, e)
            if node is not None:
                if s > pending:  # ``new_text``, written out: before most nodes of a page
                    flushed: Text = NEW_TEXT(Text)
                    flushed.start = pending
                    flushed.end = s
                    flushed.value = text[pending:s]
                    accum.append(flushed)
                accum.append(node)
                pending = pos = scan = e
                continue
            e = s + 2
        scan = e
        kind = _KIND_OF_CHAR.get(text[s], T_EXT)
        if kind in (T_PIPE, T_EQUALS):  # the commonest tokens first
            # (Only frames that split at them scan for them: the stack is not empty.)
            frame = stack[-1]
            if kind == T_EQUALS and (
                # Only the first "=" of a template part after its name, outside a heading
                # line, splits the part into a parameter name and value.
                frame.kind != "{" or len(frame.parts) < 2 or frame.eq[-1] != -1
                or in_heading_line(st, s, frame.part_starts[-1])
            ):
                continue
            if s > pending:
                accum.append(new_text(pending, s, text[pending:s]))
            if kind == T_PIPE:  # a new part
                accum = []
                frame.parts.append(accum)
                frame.part_starts.append(e)
                if frame.kind == "{" and (part := simple_part(text, e, end)) is not None:
                    # ``name=value`` with nothing inside for the scan to stop at: its "=" and
                    # the token after it read at once, with the nodes the loop would make.
                    at = part.end(1)
                    if at > e:
                        accum.append(new_text(e, at, text[e:at]))
                    frame.eq.append(len(accum))
                    value_end = part.end()
                    if value_end > at + 1:
                        accum.append(new_text(at + 1, value_end, text[at + 1 : value_end]))
                    pending = pos = scan = value_end
                    continue
                frame.eq.append(-1)
            else:  # the "=" splitting the part into a name and a value
                frame.eq[-1] = len(accum)
            pending = pos = e
        elif kind == T_EXT:  # "<": a comment, a marker's closing tag or an extension tag
            if onlyinclude and text.startswith(ONLYINCLUDE_CLOSE, s):
                if s > pending:
                    accum.append(st.text_at(pending, s))
                accum.append(_excluded(st, s, e, end))
                pending = pos = scan = accum[-1].end
            else:
                after = _markup(st, accum, pending, s, e, end)
                if after != -1:
                    pending = pos = after
        elif kind == T_NEWLINE:
            if stack[-1].kind == "=":
                stack.pop()  # the heading line ends; its newline may start another
                scan = s
            elif _heading_line(stack[-1], text, s + 1):
                heading = _Frame("=", s + 1, 0, heading_pat)
                heading.parts = [accum]
                stack.append(heading)
                scan = s + 1
            else:  # one "=" after a pipe: a name/value split, not a heading
                if s + 1 > pending:
                    accum.append(st.text_at(pending, s + 1))
                stack[-1].eq[-1] = len(accum)
                pending = pos = e
        elif kind == T_LBRACKET and e - s == 2 and (simple := simple_link_pat.match(text, e, end)) is not None:
            # The common ``[[Target]]`` / ``[[Target|label]]`` with nothing inside that opens,
            # closes or hides a bracket: the same node a frame would give, without one.
            if s > pending:
                accum.append(new_text(pending, s, text[pending:s]))
            close = simple.end()
            node = simple_link(st, s, e, close)
            accum.append(node)
            pending = pos = scan = close
            if type(node) is _Splice:
                regular = False  # (a link shown as text is a placeholder)
        elif kind in (T_LBRACE, T_LBRACKET, T_LANG):
            if s > pending:
                accum.append(new_text(pending, s, text[pending:s]))
            if kind == T_LBRACE:
                frame = _Frame("{", s, e - s, brace_pat)
            elif kind == T_LBRACKET:
                frame = _Frame("[", s, e - s, link_pat)
            else:
                frame = _Frame("-", s, e - s, lang_pat)
                if stack:
                    # In a link's label, "]]" will end the link; in its target, the block makes
                    # the title invalid, so the link stays text and the block lives on.
                    parent = stack[-1]
                    if (parent.kind == "[" and len(parent.parts) > 1) or parent.in_link:
                        frame.in_link = True
                        frame.search = lang_link_pat.search
            stack.append(frame)
            accum = frame.parts[0]
            pending = pos = e
        elif kind == T_RBRACE and stack and stack[-1].kind == "-":
            # ``}-`` (the only closing the pattern finds inside ``-{``).
            regular = False
            if s > pending:
                accum.append(st.text_at(pending, s))
            frame = stack.pop()
            accum = stack[-1].parts[-1] if stack else root
            if st.config.variants:
                accum.append(braces.language_converter(st, frame.start, e, frame.parts[0]))
            else:  # no variants: the block is text (its pipes still were its own)
                accum.append(st.text_at(frame.start, frame.start + 2))
                accum.extend(frame.parts[0])
                accum.append(st.text_at(s, e))
            pending = pos = e
        elif kind == T_RBRACKET and stack and stack[-1].kind == "-":
            # "]]" inside -{ inside a link: the link ends here, the open blocks are text.
            regular = False
            if s > pending:
                accum.append(st.text_at(pending, s))
            accum = _drop_lang_frames(st, stack, root)
            accum, pending, pos = _closing_run(st, stack, root, accum, s, pos, s, e, False)
        elif e - s == 2 and stack and stack[-1].count == 2 and stack[-1].kind == _OPENED_BY.get(kind):
            # ``}}`` closing ``{{``, ``]]`` closing ``[[`` (a link the whole match did not take:
            # a file, a colon in the title...), the commonest closings: what ``_closing_run``
            # does for them, a regular step unless the link is shown as text (a placeholder).
            if s > pending:
                accum.append(new_text(pending, s, text[pending:s]))
            frame = stack.pop()
            node = close_frame(st, frame, 2, e)
            accum = stack[-1].parts[-1] if stack else root
            accum.append(node)
            pending = pos = e
            if type(node) is _Splice:
                regular = False
        else:  # a closing run
            regular = False
            accum, pending, pos = _closing_run(st, stack, root, accum, pending, pos, s, e, kind == T_RBRACE)
    if end > pending:
        accum.append(new_text(pending, end, text[pending:end]))
    if stack:
        _break_unclosed(st, stack, root)
        regular = False
    return root if regular and not MERGE_ALWAYS else merge_text(root)


def _drop_lang_frames(st: ParseState, stack: list[_Frame], root: list[Node]) -> list[Node]:
    """Turn the ``-{`` frames on top of the stack into text in their parents; the list to go on
    in (the current part of the frame below them)."""
    while stack and stack[-1].kind == "-":
        frame = stack.pop()
        parent = stack[-1].parts[-1] if stack else root
        parent.append(st.text_at(frame.start, frame.start + frame.count))
        parent.extend(frame.parts[0])
    return stack[-1].parts[-1] if stack else root


def _excluded(st: ParseState, start: int, after: int, end: int) -> Excluded:
    """What inclusion leaves out from ``start`` (the start of the text, or a
    ``</onlyinclude>`` ending at ``after``) to the end of the next ``<onlyinclude>`` (or of
    the text)."""
    nxt = st.text.find(ONLYINCLUDE_OPEN, after, end)
    stop = end if nxt == -1 else nxt + len(ONLYINCLUDE_OPEN)
    return Excluded(start=start, end=stop, raw=st.text[start:stop])


def _heading_line(frame: _Frame, text: str, s: int) -> bool:
    """Does the ``=`` at ``s``, first on its line inside ``frame``, open a heading line?
    Yes, except for a single ``=`` where a template part may still split into name and
    value (MediaWiki's guess: a separator then, not a heading)."""
    if frame.kind != "{" or len(frame.parts) < 2 or frame.eq[-1] != -1:
        return True
    return text.startswith("==", s)


def eq_offset(nodes: list[Node], eq: int, part_start: int) -> int:
    """The offset of the ``=`` that split a part before its node ``eq`` (the part's nodes
    cover its text without a gap, so it is where the node before ends)."""
    return nodes[eq - 1].end if eq else part_start


def with_equals(st: ParseState, nodes: list[Node], eq: int, part_start: int) -> list[Node]:
    """A part's nodes with its splitting ``=`` back as text (a part that is not split into
    a name and a value after all: an argument's, an unclosed frame's)."""
    if eq == -1:
        return nodes
    at = eq_offset(nodes, eq, part_start)
    return [*nodes[:eq], st.text_at(at, at + 1), *nodes[eq:]]


def _closing_run(
    st: ParseState, stack: list[_Frame], root: list[Node], accum: list[Node], pending: int, pos: int,
    s: int, e: int, brace: bool,
) -> tuple[list[Node], int, int]:
    """A run of ``}`` or ``]`` at ``s``: close frames on top while it lasts.  Returns the
    list to go on in, the start of unflushed text and the scan position."""
    want = "{" if brace else "["
    run = e - s
    cur = s
    if (
        not brace
        and run >= 3
        and stack
        and stack[-1].kind == "["
        and stack[-1].count == 2
        and (len(stack) < 2 or stack[-2].kind != "[")  # an outer link needs its ]]
    ):
        # [[Page|[label]]]: the label's own ']' comes first (MediaWiki moves one
        # ']' back into a label that holds a '[').
        if cur > pending:
            accum.append(st.text_at(pending, cur))
            pending = cur
        if len(stack[-1].parts) > 1 and links.open_square(accum):
            accum.append(st.text_at(cur, cur + 1))
            cur += 1
            run -= 1
            pending = cur
    while stack and stack[-1].kind == want and run >= 2:
        frame = stack[-1]
        if cur > pending:
            accum.append(st.text_at(pending, cur))
        matched = brace_match(run, frame.count) if brace else 2
        node = close_frame(st, frame, matched, cur + matched)
        cur += matched
        run -= matched
        pending = pos = cur
        frame.count -= matched
        if frame.count >= 2:
            # Leftover opening brackets: the frame lives on, the new node first.
            frame.parts = [[node]]
            frame.part_starts = [frame.start + frame.count]
            frame.eq = [-1]
            accum = frame.parts[0]
        else:
            stack.pop()
            accum = stack[-1].parts[-1] if stack else root
            if frame.count == 1:
                accum.append(st.text_at(frame.start, frame.start + 1))
            accum.append(node)
    return accum, pending, max(pos, s)


def _markup(st: ParseState, accum: list[Node], pending: int, s: int, e: int, end: int) -> int:
    """A comment, a closing transclusion marker or an extension tag at ``s``: the offset
    after it, or -1 if it is text."""
    text = st.text
    if text[s + 1] == "!":  # (the scan's only token that starts "<!" is a comment's "<!--")
        if s > pending:
            accum.append(st.text_at(pending, s))
        after = comment_end(text, s, end)
        if after == -1:
            accum.append(new_comment(s, end, text[e:end], False))
            return end
        accum.append(new_comment(s, after, text[e : after - 3], True))
        return after
    if text[s + 1] == "/":
        # </noinclude>, </onlyinclude> (</includeonly> in inclusion mode): markers
        # MediaWiki drops.  (A </onlyinclude> that ends no section, in inclusion mode, is text.)
        if st.inclusion and text.startswith(ONLYINCLUDE_CLOSE, s):
            return -1
        if s > pending:
            accum.append(st.text_at(pending, s))
        name = _TAG_NAME.match(text, s + 2)
        assert name is not None  # the scan matched a name here
        name_end = name.end()
        self_closing = self_closed(text, name_end, e)  # </noinclude/>, dropped all the same
        accum.append(new_html_tag(s, e, name.group().lower(), name.group(),
                                  text[name_end : e - 2 if self_closing else e - 1], True, self_closing))
        return e
    return ext_tag(st, s, e, end, accum, pending)


def _break_unclosed(st: ParseState, stack: list[_Frame], root: list[Node]) -> None:
    """Unclosed frames, bottom to top: each one's literal text and children go to the root.
    (Each frame's parts hold only its own content, so this is linear.)"""
    for frame in stack:
        if frame.kind == "=":
            continue  # a heading line's nodes are in its parent's list already
        root.extend(break_frame(st, frame))
        st.unclosed.append(frame.start)
        st.diagnostics.append(
            Diagnostic(
                "unclosed-" + {"{": "template", "[": "link"}.get(frame.kind, "language-converter"),
                f"'{st.text[frame.start : frame.start + frame.count]}' is never closed; kept as text",
                frame.start,
                frame.start + frame.count,
            )
        )


def simple_link(st: ParseState, start: int, open_end: int, end: int) -> Node:
    """A link whose inside holds no bracket, brace, tag or newline: split at its pipes."""
    text = st.text
    inner_end = end - 2
    bar = text.find("|", open_end, inner_end)
    if bar == -1 or text.find("|", bar + 1, inner_end) == -1:  # one label at most: the common link
        plain = links.plain_link(st, start, open_end, end, bar)
        if plain is not None:
            return plain
    parts: list[Wikicode] = []
    part_start = open_end
    while True:
        bar = text.find("|", part_start, inner_end)
        part_end = inner_end if bar == -1 else bar
        nodes: list[Node] = [new_text(part_start, part_end, text[part_start:part_end])] if part_end > part_start else []
        parts.append(new_wikicode(part_start, part_end, nodes))
        if bar == -1:
            return links.link(st, start, end, parts)
        part_start = bar + 1


def in_heading_line(st: ParseState, pos: int, part_start: int) -> bool:
    """An ``=`` on a line that starts with ``==`` inside a template part belongs to a
    heading, not to a name/value split (MediaWiki's preprocessor pushes a heading piece)."""
    text = st.text
    nl = text.rfind("\n", part_start, pos)
    if nl == -1:
        return False
    return text.startswith("==", nl + 1)


def break_frame(st: ParseState, frame: _Frame) -> list[Node]:
    out: list[Node] = [st.text_at(frame.start, frame.start + frame.count)]
    for i, part in enumerate(frame.parts):
        if i:
            ps = frame.part_starts[i] - 1
            out.append(st.text_at(ps, ps + 1))
        out.extend(with_equals(st, part, frame.eq[i], frame.part_starts[i]))
    return out


def ext_tag(st: ParseState, s: int, name_end: int, end: int, accum: list[Node], pending: int) -> int:
    """Resolve an extension tag at ``s``; return the offset after it, or -1 if it is text."""
    text = st.text
    open_end = tag_open_end(text, name_end, end)
    if open_end == -1:
        return -1
    raw_name = text[s + 1 : name_end]
    name = raw_name.lower()
    self_closing = self_closed(text, name_end, open_end)
    attrs_raw = text[name_end : open_end - 2 if self_closing else open_end - 1]
    hidden = False  # the mode's cut-out element?  (Only a transclusion tag may be one.)
    if name in TRANSCLUSION_TAGS:
        rules = mode_rules(st.inclusion)
        if name in rules.markers:
            # <noinclude>/<onlyinclude> are standalone markers on a page view, not elements
            # (<includeonly> in inclusion mode).
            if s > pending:
                accum.append(st.text_at(pending, s))
            accum.append(new_html_tag(s, open_end, name, raw_name, attrs_raw, False, self_closing))
            return open_end
        if name != rules.hidden:
            return -1  # <onlyinclude> in inclusion mode: text (its sections are found apart)
        hidden = True
    if self_closing:
        if s > pending:
            accum.append(st.text_at(pending, s))
        accum.append(
            new_extension_tag(s, open_end, name, raw_name, attrs_raw, True, None, "")
        )
        return open_end
    close = None if (name, end) in st.no_close else close_tag(name).search(text, open_end, end)
    if close is None:
        st.no_close.add((name, end))
        if not hidden:
            return -1  # MediaWiki shows an unclosed tag as text and goes on
        body_end = close_start = close_end = end
    else:
        body_end, close_end = close.span()
        close_start = body_end
    if s > pending:
        accum.append(st.text_at(pending, s))
    contents: Wikicode | None = None  # (made first: the tag gets it as it is made)
    if name in st.config.wikitext_tags and not (st.inclusion and hidden) and not (
        name in st.skim_tags and st.pats.bracket_url.search(text, open_end, body_end) is None
    ):
        only = _flat_template_body(st, open_end, body_end)
        if only is not None:  # ``<ref>{{cite web|...}}</ref>``: nothing for a block pass
            contents = new_wikicode(open_end, body_end, [only])
        else:
            contents = new_wikicode(open_end, body_end, brackets(st, open_end, body_end))
            if not all(type(n) in _BRACE_NODES for n in contents.nodes):
                st.work.append((contents, TAG))
    accum.append(
        new_extension_tag(
            s, close_end, name, raw_name, attrs_raw, False, text[open_end:body_end], text[close_start:close_end],
            contents,
        )
    )
    return close_end


def _flat_template_body(st: ParseState, start: int, end: int) -> Node | None:
    """The template that is all of ``text[start:end]`` (a tag body), if it is one that
    ``braces.flat_template`` reads: what :func:`brackets` would give as the body's only node."""
    text = st.text
    if not (st.braces and end - start > 4 and text[start] == "{" and text[start + 1] == "{" and text[start + 2] != "{"):
        return None
    m = st.pats.flat_template.match(text, start + 2, end)
    if m is None or m.end() != end:
        return None
    return braces.flat_template(st, start, end)


#: The nodes of a closed brace frame.  A tag body of nothing else (``<ref>{{cite web|...}}</ref>``,
#: the commonest body), or of nothing at all, is not queued for its block pass: it is one line
#: after the opening tag with no text, of which that pass gives back the same nodes (see
#: ``blocks.one_line_after_tag``).
_BRACE_NODES: Final = frozenset((Template, ParserFunction, MagicVariable, Argument))


def close_frame(st: ParseState, frame: _Frame, matched: int, end: int) -> Node:
    """Turn a matched frame into a node (or, for an invalid link, into text nodes)."""
    start = frame.start + frame.count - matched
    starts = frame.part_starts
    ends = [ps - 1 for ps in starts[1:]]  # each part ends at the next one's pipe
    ends.append(end - matched)
    parts = list(map(new_wikicode, starts, ends, frame.parts))
    if frame.kind == "[":
        return links.link(st, start, end, parts, leftover=frame.count - matched == 1)
    if matched == 3:
        for part, eq in zip(parts, frame.eq, strict=True):
            part.nodes = with_equals(st, part.nodes, eq, part.start)
        return braces.argument(st, start, end, parts)
    return braces.template(st, start, end, parts, frame.eq)
