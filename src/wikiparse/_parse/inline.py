"""Pass 3, inline: what MediaWiki finds inside a line once blocks are known: link trails,
HTML tags (its sanitizer reads them first), bracketed external links, then the constructs
inside plain text (bare URLs, magic links, entities, behaviour switches, signatures), and last
the apostrophes (:mod:`.quotes`).

Text runs are scanned with one compiled alternation whose every alternative starts with a
fixed character, so the engine jumps from candidate to candidate (see ``Patterns.inline``);
bare URLs are found from the colon of their protocol.
"""

from __future__ import annotations

import re

import regex

from ..nodes import (
    Argument,
    BehaviorSwitch,
    Comment,
    ExtensionTag,
    ExternalLink,
    MagicLink,
    MagicVariable,
    Node,
    ParserFunction,
    Signature,
    Template,
    Text,
    Wikicode,
    Wikilink,
)
from .lines import heading_match, split_lines
from .patterns import WIDE_UNDERSCORE, is_valid_entity, may_hold_construct
from .quotes import quotes
from .state import (
    ParseState,
    merge_text,
    new_entity,
    new_external_link,
    new_html_tag,
    new_wikicode,
)

__all__ = ["inline_lines", "inline_nodes", "no_trail_starts", "url_colon", "whole_url"]

#: Merge what the inline steps give even when the line's texts were merged (a switch for
#: the tests: ``tests/test_parse_shortcuts.py``).
MERGE_ALWAYS = False

#: Nodes a bare URL runs on through when they are written right against it: what expands to
#: URL text (``{{PAGENAME}}``, ``{{urlencode:…}}``, ``{{{1}}}``), and a template call where
#: it reads as a piece of the URL (see ``_template_continues_url``).
_BRACE_NODES = frozenset((Template, MagicVariable, Argument, ParserFunction))

#: URL text ending in one of these expects more of the URL: ``http://x.org/{{1x|hi}}``.
_URL_SEPARATORS = frozenset("/=?&#:.-_+~%")

#: Nodes that may stand inside an HTML tag's attribute values (then part of its raw text).
_ATTRIBUTE_NODES = frozenset((Template, MagicVariable, Argument, ParserFunction, Comment, ExtensionTag, Wikilink))

#: Kinds of the constructs found inside text runs, and the first character of each.
_URL, _ENTITY, _MAGIC, _SWITCH, _SIGNATURE = range(5)
_INLINE_KINDS: dict[str, int] = {"&": _ENTITY, "_": _SWITCH, "＿": _SWITCH, "~": _SIGNATURE, "I": _MAGIC, "R": _MAGIC, "P": _MAGIC}


def inline_lines(st: ParseState, nodes: list[Node], urls: bool = True) -> list[Node]:
    """Inline processing of a container that has no block structure, line by line."""
    if len(nodes) == 1:  # most values: one node (a text, a template), no generator
        only = nodes[0]
        if type(only) is not Text or "\n" not in only.value:
            return inline_nodes(st, nodes, urls)
    else:
        for n in nodes:  # (a loop, not ``any`` over a generator: cheaper on a few nodes)
            if type(n) is Text and "\n" in n.value:
                break
        else:
            return inline_nodes(st, nodes, urls)
    if not nodes:
        return nodes
    start = nodes[0].start
    end = nodes[-1].end
    lines = split_lines(st, nodes, start, end)
    out: list[Node] = []
    for i, line in enumerate(lines):
        if i:
            nl = line[0].start - 1
            out.append(st.text_at(nl, nl + 1))
            first = line[0]
            if (
                urls
                and type(first) is Text
                and first.value.startswith("=")
                and heading_match(st, line) is not None
            ):
                st.phantom_headings.append(first.start)
        out.extend(inline_nodes(st, line, urls))
    return merge_text([n for n in out if not (type(n) is Text and n.start == n.end)])


def inline_nodes(st: ParseState, nodes: list[Node], urls: bool = True) -> list[Node]:
    """One line's nodes, in MediaWiki's order: link trails, bracketed external links,
    then constructs inside plain text (URLs, tags, entities, ...), then apostrophes.  The
    texts of what it gives are merged (no two adjacent, none empty).

    Every step keeps merged texts merged (the texts it makes are cuts of one text, never
    empty, with a node between two cuts of the same text), so when ``nodes`` is merged, as
    most lines are, what the steps give is not merged again: the loop over the texts tells
    it on the way."""
    if len(nodes) == 1:
        only = nodes[0]
        if type(only) is not Text:
            # A lone template, link, tag...: no text for any step, and a link alone takes
            # no trail; merged, which leaves it as it is unless it is a placeholder.
            return merge_text(nodes)
        texts = only.value
        colon = urls and ":" in texts
        if colon and (whole := whole_url(st, only)) is not None:
            return whole
        pieces = nodes
        # (An empty text is given as it is, merged or not: nothing finds anything in it.)
        merged = not MERGE_ALWAYS or not texts
    else:
        # Every later text piece is a cut of these texts: what they cannot hold, no step finds.
        # The same loop looks for a text that starts right where a wikilink ends with the
        # link trail: most links take none, and then :func:`trails` is not run.  (Node
        # starts only grow, so a text starting where the last link ended follows it, or an
        # empty node between: that asks :func:`trails`, which then takes nothing.)
        values: list[str] = []
        trail_re = st.pats.link_trail
        link_end = -1  # where the last wikilink ends
        trail = False
        no_trail: frozenset[str] | None = None  # (asked once a text follows a link)
        # Merged: no placeholder (none made in this parse), no empty text and no text right
        # after a text (``text_end``: where the node before ends if it is a text, else -2).
        merged = not (st.spliced or MERGE_ALWAYS)
        text_end = -2
        for n in nodes:  # (one loop: cheaper than a comprehension and a scan of the types)
            kind = type(n)
            if kind is Text:
                value: str = n.value  # type: ignore[attr-defined]
                values.append(value)
                start = n.start
                if start == link_end:
                    if no_trail is None:
                        no_trail = no_trail_starts(st)
                    if value[:1] not in no_trail and trail_re.match(value) is not None:
                        trail = True
                if start == text_end or not value:
                    merged = False
                text_end = n.end
            else:
                text_end = -2
                if kind is Wikilink:
                    link_end = n.end
        texts = "\x00".join(values)
        colon = urls and ":" in texts
        if trail or (link_end != -1 and st.pats.link_prefix is not None):
            pieces = trails(st, nodes)
        else:
            pieces = nodes
    # Each trigger is looked for once (a ``str`` test costs its call even on a short text);
    # ``<`` is among :func:`.patterns.may_hold_construct`'s.
    construct = may_hold_construct(texts) or WIDE_UNDERSCORE in texts
    if construct and "<" in texts:
        pieces = html_tags(st, pieces)
    if urls and "[" in texts:
        pieces = bracket_links(st, pieces)
    # (A colon is a reason to scan only where a URL may end its protocol there: in a link
    # label, where no bare URL is made, never.)
    scan = construct or (colon and url_colon(st, texts))
    apostrophes = "''" in texts
    if not scan:
        # Nothing left to find but apostrophes: what scan_and_quote would give, without its
        # loop over the pieces (it drops empty texts, which the merges here drop too).
        if apostrophes:
            pieces = quotes(st, pieces)
        return pieces if merged else merge_text(pieces)
    return scan_and_quote(st, pieces, urls, apostrophes, scan, merged)


#: What a text right after a wikilink mostly starts with (a space, punctuation): the
#: characters :func:`no_trail_starts` asks the trail pattern about.
_AFTER_LINK = " ,.;:!?'\"()[]<>\n-/&\u2013\u2014"


def no_trail_starts(st: ParseState) -> frozenset[str]:
    """First characters that start no link trail on this wiki, of those a text after a link
    mostly starts with (:data:`_AFTER_LINK`), asked of the trail pattern once per config: a
    text starting with one is not matched against it (a third of a page's texts follow a
    link; few take a trail).  A trail pattern that is a class repeated (``[a-z]+``: every
    wiki but the few whose config carries the whole pattern) matches a text exactly when it
    matches the text's first character; of another pattern, none is known."""
    derived = st.config.derived
    found: frozenset[str] | None = derived.get("no_trail_starts")
    if found is None:
        trail_re = st.pats.link_trail
        found = frozenset(
            () if st.config.link_trail_pattern else (c for c in _AFTER_LINK if trail_re.match(c) is None)
        )
        derived["no_trail_starts"] = found
    return found


def url_colon(st: ParseState, texts: str) -> bool:
    """May a colon in ``texts`` end the protocol of a bare URL?  False when before no colon
    the word (as :func:`inline_matches` reads it: the word characters of at most 12 before
    it) is or ends with a protocol's word (``http``, ``mailto``; a word with letters outside
    ASCII may match one case-insensitively: it counts).  Then no piece cut from ``texts`` (a
    link trail leaves the end of a word; tags and bracketed links cut at characters that are
    no word's) holds a bare URL either, and the construct scan, which a colon alone would
    have started, is not run: most colons in text are prose (``Portal:Physics``, ``10:30``)."""
    ends = st.pats.protocol_ends
    if ends is None:
        return True
    colon = texts.find(":")
    while colon != -1:
        # The 12 characters before the colon end with the word (the run of word characters)
        # before it: if they end with a protocol's word, so does the word.  (Any letter
        # outside ASCII among them counts, as it may in the word.)
        before = texts[max(0, colon - 12) : colon]
        if not before.isascii() or before.lower().endswith(ends):
            return True
        colon = texts.find(":", colon + 1)
    return False


#: What a bare URL may not end with (``free_url`` cuts it off, ``)`` unless it holds a ``(``).
_URL_END_PUNCTUATION = frozenset(",;.:!?\\)")


def whole_url(st: ParseState, node: Text) -> list[Node] | None:
    """A text that is one bare URL with nothing for ``free_url`` to cut off, between spaces
    or tabs at most (most ``url=`` values of a citation): what :func:`inline_nodes` gives
    it, made at once; None for any other text.  The URL runs to the end of the text (so no
    construct inside counts), its scheme is a word the construct scan accepts, and it holds
    no ``&`` (an entity may end it), ``__`` (a switch) or closing punctuation."""
    value = node.value
    url = value.strip(" \t")
    colon = url.find(":")
    words = st.pats.protocol_words
    if colon < 1 or colon > 12 or words is None:
        return None
    # (The scheme first: it turns most texts away, ``Smith: A title``, ``10:30``.)
    scheme = url[:colon]
    if not (scheme.lower() in words and scheme.isascii() and scheme.isalnum()):
        return None
    if url[-1] in _URL_END_PUNCTUATION or "&" in url or "__" in url or WIDE_UNDERSCORE in url:
        return None
    pats = st.pats
    # (``match`` and its end, not ``fullmatch``: the pattern's nested repeat would try every
    # split of a text that does not end as a URL.)
    m = pats.free_url.match(url)
    if m is None or m.end() != len(url) or not ok_url(st, url):
        return None
    start = node.start + len(value) - len(value.lstrip(" \t"))
    end = start + len(url)
    out: list[Node] = []
    if start > node.start:
        out.append(st.text_at(node.start, start))
    out.append(new_external_link(start, end, new_wikicode(start, end, [st.text_at(start, end)]), None, False, ""))
    if end < node.end:
        out.append(st.text_at(end, node.end))
    return out


def scan_and_quote(
    st: ParseState,
    pieces: list[Node],
    urls: bool,
    apostrophes: bool = True,
    scan: bool = True,
    merged: bool = False,
) -> list[Node]:
    """The last inline steps: constructs inside text runs (``urls=False`` in a link label:
    no bare URLs or magic links), bare URLs through templates, then apostrophes
    (``apostrophes=False``: the caller knows no text piece holds ``''``; ``scan=False``: no
    text piece holds a character the construct scan starts at; ``merged``: the pieces'
    texts are merged, and so are those these steps give, see :func:`inline_nodes`)."""
    scanned: list[Node] = []
    free_urls = False
    for n in pieces:
        if type(n) is Text:
            if n.start != n.end:
                value = n.value
                # A cheap test first (``patterns.may_hold_construct``): most pieces hold nothing.
                if not scan or not (may_hold_construct(value) or ":" in value or WIDE_UNDERSCORE in value):
                    scanned.append(n)
                elif scan_text(st, n, scanned, urls=urls):
                    free_urls = True
        else:
            scanned.append(n)
    if free_urls and len(scanned) > 1:
        scanned = extend_free_urls(st, scanned)
    if apostrophes:
        for p in scanned:  # (a loop, not ``any`` over a generator)
            if type(p) is Text and "''" in p.value:
                scanned = quotes(st, scanned)
                break
    return scanned if merged else merge_text(scanned)


def extend_free_urls(st: ParseState, pieces: list[Node]) -> list[Node]:
    """A bare URL runs on through a magic word, parser function or argument written right
    against it, ``http://x.org/{{PAGENAME}}/y``: MediaWiki expands them before it looks for
    URLs, so the link covers both (a template call ends it: see ``_BRACE_NODES``)."""
    out: list[Node] = []
    i = 0
    n = len(pieces)
    while i < n:
        p = pieces[i]
        out.append(p)
        i += 1
        if type(p) is not ExternalLink or i >= n:
            continue
        assert isinstance(p, ExternalLink)
        if p.brackets or type(pieces[i]) not in _BRACE_NODES or pieces[i].start != p.end:
            continue
        end = p.end
        url_nodes = list(p.url.nodes)
        while i < n:
            q = pieces[i]
            if type(q) in _BRACE_NODES and q.start == end and _continues_url(st, q, url_nodes, pieces, i):
                url_nodes.append(q)
                end = q.end
                i += 1
                continue
            if type(q) is Text and q.start == end:
                assert isinstance(q, Text)
                m = st.pats.url_tail.match(q.value)
                cut = len(m.group().rstrip(",;.:!?\\)")) if m else 0
                if cut:
                    url_nodes.append(st.text_at(q.start, q.start + cut))
                    end += cut
                    if cut < len(q.value):
                        pieces[i] = st.text_at(q.start + cut, q.end)
                    else:
                        i += 1
                        continue
            break
        p.url.nodes = url_nodes
        p.url.end = p.end = end
    return out


def _continues_url(
    st: ParseState, node: Node, url_nodes: list[Node], pieces: list[Node], i: int
) -> bool:
    """Whether a brace construct right after a bare URL is part of it.  Magic words, parser
    functions and arguments are (they expand to text).  A template call only where it reads
    as a piece of the URL: after a separator (``http://x.org/{{1x|hi}}``) or with more URL
    right after it (``…/{{x}}/y``).  Without its expansion the commonest other case is a
    maintenance tag after the URL (``…?id=756{{dead link|…}}``), which expands to ``<sup>``
    and so ends the URL in MediaWiki."""
    if type(node) is not Template:
        return True
    last = url_nodes[-1] if url_nodes else None
    if type(last) is Text and last.value and last.value[-1] in _URL_SEPARATORS:
        return True
    after = pieces[i + 1] if i + 1 < len(pieces) else None
    if type(after) is not Text or after.start != node.end:
        return False
    m = st.pats.url_tail.match(after.value)
    return m is not None and bool(m.group().rstrip(",;.:!?\\)"))


def trails(st: ParseState, nodes: list[Node]) -> list[Node]:
    """``[[a]]bc``: letters right after a plain wikilink join its label (the link trail);
    on wikis with a link prefix, ``al[[Razi]]``: the letters before it too."""
    out: list[Node] = []
    trail_re = st.pats.link_trail
    prefix_re = st.pats.link_prefix
    if prefix_re is None:  # most wikis: trails only
        return _trails_only(st, nodes, trail_re)
    for n in nodes:
        prev = out[-1] if out else None
        if prefix_re is not None and type(n) is Wikilink and type(prev) is Text and prev.end == n.start:
            _take_prefix(st, prefix_re, prev, n, out)
        if type(n) is Text and type(prev) is Wikilink and prev.end == n.start:
            m = trail_re.match(n.value)
            if m is not None:
                link = prev
                assert isinstance(link, Wikilink)
                cut = m.end()
                link.trail = m.group()
                link.end += cut
                if cut < len(n.value):
                    out.append(st.text_at(n.start + cut, n.end))
                continue
        out.append(n)
    return out


def _trails_only(st: ParseState, nodes: list[Node], trail_re: re.Pattern[str] | regex.Pattern[str]) -> list[Node]:
    """:func:`trails` on a wiki without link prefixes: only a text right after a plain
    wikilink is looked at."""
    out: list[Node] = []
    link: Wikilink | None = None  # the node before, if it is a plain wikilink
    for n in nodes:
        if link is not None and type(n) is Text and link.end == n.start:
            assert isinstance(n, Text)
            m = trail_re.match(n.value)
            if m is not None:
                cut = m.end()
                link.trail = m.group()
                link.end += cut
                if cut < len(n.value):
                    out.append(st.text_at(n.start + cut, n.end))
                    link = None  # (a text taken whole leaves the link last, as in ``trails``)
                continue
        link = n if type(n) is Wikilink else None
        out.append(n)
    return out


def _take_prefix(
    st: ParseState, prefix_re: regex.Pattern[str], prev: Text, link: Wikilink, out: list[Node]
) -> None:
    """Move the link-prefix letters at the end of ``prev`` (the last node of ``out``) into
    ``link``, as MediaWiki joins them to an ordinary link's label (not to a file, category,
    media or language link: there the letters stay text)."""
    if link.namespace and st.config.namespace_id(link.namespace) == -2:
        return
    m = prefix_re.match(prev.value)
    if m is None:
        return
    cut = m.start()
    link.prefix = m.group()
    link.start = prev.start + cut
    if cut:
        out[-1] = st.text_at(prev.start, prev.start + cut)
    else:
        out.pop()


def scan_text(st: ParseState, node: Text, out: list[Node], *, urls: bool) -> bool:
    """Split a text run at URLs, HTML tags, entities, magic links, switches, signatures;
    whether a bare URL was found (only then may one run on through the next nodes: see
    :func:`extend_free_urls`).

    ``urls=False`` (link labels) finds neither free URLs nor magic links: MediaWiki does
    not link inside a link."""
    value = node.value
    base = node.start
    pos = 0
    config = st.config
    found_url = False
    for s, e, kind in inline_matches(st, value):
        made: Node | None = None
        if kind == _URL:
            if urls:
                made, e = free_url(st, base, value, s, e)
                found_url = found_url or made is not None
        elif kind == _ENTITY:
            raw = value[s:e]
            if is_valid_entity(raw):
                made = new_entity(base + s, base + e, raw)
        elif kind == _MAGIC:
            if not urls:
                continue
            raw = value[s:e]
            kind_name = "RFC" if raw.startswith("RFC") else raw[:4]
            if kind_name not in config.magic_links:
                continue
            made = MagicLink(start=base + s, end=base + e, kind=kind_name, raw=raw)
        elif kind == _SWITCH:
            # The pattern lists this wiki's spellings only (see ``Patterns.switch``).
            raw = value[s:e]
            made = BehaviorSwitch(start=base + s, end=base + e, raw=raw)
            if st.pats.switch_names.get(raw.upper()) == "NOEDITSECTION":
                st.no_edit_section = True
        else:
            made = Signature(start=base + s, end=base + e, raw=value[s:e])
        if made is None:
            continue
        if s > pos:
            out.append(st.text_at(base + pos, base + s))
        out.append(made)
        pos = e
    if pos == 0:
        out.append(node)
    elif pos < len(value):
        out.append(st.text_at(base + pos, base + len(value)))
    return found_url


def inline_matches(st: ParseState, value: str) -> list[tuple[int, int, int]]:
    """``(start, end, kind)`` of the constructs in a text run, left to right, as one
    scan that tries a bare URL first at each position would find them: a match that
    starts inside an earlier one is not a match."""
    pats = st.pats
    found: list[tuple[int, int, int]] = []
    last = 0
    for m in (pats.inline if WIDE_UNDERSCORE not in value else pats.inline_wide).finditer(value):
        s = m.start()
        kind = _INLINE_KINDS[value[s]]
        e = m.end()
        if kind == _SWITCH:  # a candidate ``__``: is one of the wiki's switches here?
            sw = pats.switch.match(value, s)
            if sw is None:
                continue
            e = sw.end()
        if s >= last:
            found.append((s, e, kind))
            last = e
    if ":" not in value:
        return found
    urls: list[tuple[int, int, int]] = []
    protocol_words = pats.protocol_words
    colon = value.find(":")
    while colon != -1:
        word = pats.word_before.search(value, max(0, colon - 12), colon)
        if word is not None:
            start = word.start()
            w = word.group()
            # (An ASCII word that no protocol ends with: no URL, see ``Patterns.protocol_words``.)
            maybe = protocol_words is None or not w.isascii() or w.lower() in protocol_words
            if maybe and (start == 0 or pats.word_or_slash.match(value, start - 1) is None):
                url = pats.free_url.match(value, start)
                if url is not None and (not urls or start >= urls[-1][1]):
                    urls.append((start, url.end(), _URL))
        colon = value.find(":", colon + 1)
    if not urls or not found:  # (the URLs are in order and apart already)
        return urls or found
    merged: list[tuple[int, int, int]] = []
    last_end = 0
    for item in sorted(found + urls):
        if item[0] >= last_end:
            merged.append(item)
            last_end = item[1]
    return merged


def free_url(st: ParseState, base: int, value: str, s: int, e: int) -> tuple[Node | None, int]:
    url = value[s:e]
    # MediaWiki: trailing punctuation is not part of a free URL; ')' only if no '('.
    seps = ",;.:!?\\" if "(" in url else ",;.:!?\\)"
    cut = st.pats.url_entity_end.search(url)
    if cut is not None:
        url = url[: cut.start()]
    if "__" in url or "＿＿" in url:
        # Behaviour switches are removed before MediaWiki looks for URLs.
        sw = st.pats.switch.search(url)
        if sw is not None:
            url = url[: sw.start()]
    trimmed = url.rstrip(seps)
    if not ok_url(st, trimmed):
        return None, e
    end = s + len(trimmed)
    url_node = new_wikicode(base + s, base + end, [st.text_at(base + s, base + end)])
    return new_external_link(base + s, base + end, url_node, None, False, ""), end


def html_tags(st: ParseState, pieces: list[Node]) -> list[Node]:
    """HTML tags first, as MediaWiki's sanitizer reads them before links and apostrophes.

    An opening tag whose attribute values hold a template, a link or a comment spans
    several pieces; it becomes one tag whose attribute text is what was written.  (The
    callers run it only when a text holds a ``<``.)
    """
    pats = st.pats
    pieces = list(pieces)
    out: list[Node] = []
    i = 0
    while i < len(pieces):
        p = pieces[i]
        if type(p) is not Text or "<" not in p.value:
            out.append(p)
            i += 1
            continue
        value = p.value
        base = p.start
        pos = 0
        for m in pats.html_tag.finditer(value):
            tag = html_tag(st, base + m.start(), m.group())
            if tag is None:
                continue
            if m.start() > pos:
                out.append(st.text_at(base + pos, base + m.start()))
            out.append(tag)
            pos = m.end()
        tail = pats.html_open_tail.search(value, pos)
        spanned = spanning_tag(st, pieces, i, base + tail.start()) if tail else None
        if spanned is not None:
            tag, j, rest = spanned
            if tail is not None and tail.start() > pos:
                out.append(st.text_at(base + pos, base + tail.start()))
            out.append(tag)
            if rest is not None:
                pieces[j] = rest
                i = j
            else:
                i = j + 1
            continue
        if pos == 0:
            out.append(p)
        elif pos < len(value):
            out.append(st.text_at(base + pos, base + len(value)))
        i += 1
    return out


def spanning_tag(st: ParseState, pieces: list[Node], i: int, start: int) -> tuple[Node, int, Text | None] | None:
    """The tag opened at ``start`` in piece ``i`` and closed by the first ``>`` of a later
    text piece: (tag, index of that piece, what follows the ``>`` in it)."""
    for j in range(i + 1, len(pieces)):
        q = pieces[j]
        if type(q) is not Text:
            if type(q) not in _ATTRIBUTE_NODES:
                return None
            continue
        assert isinstance(q, Text)
        gt = q.value.find(">")
        lt = q.value.find("<")
        if gt == -1 or (lt != -1 and lt < gt):
            return None
        end = q.start + gt + 1
        tag = html_tag(st, start, st.text[start:end])
        if tag is None:
            return None
        rest = st.text_at(end, q.end) if end < q.end else None
        return tag, j, rest
    return None


def ok_url(st: ParseState, url: str) -> bool:
    """A URL needs something after its protocol: a lone ``bitcoin:`` is text."""
    m = st.pats.url_start.match(url)
    return m is not None and len(url) > m.end()


def html_tag(st: ParseState, start: int, raw: str) -> Node | None:
    m = st.pats.html_tag_parts.match(raw)
    if m is None:
        return None
    closing, name, attrs_raw, slash = m.groups()
    return new_html_tag(start, start + len(raw), name.lower(), name, attrs_raw, bool(closing), bool(slash))


def bracket_links(st: ParseState, pieces: list[Node]) -> list[Node]:
    """``[url label]`` over a line's raw pieces; the label may span several nodes
    (templates, links) up to the first ``]`` in a later text piece.  (Run only when a text
    of the line holds a ``[``.)"""
    pieces = list(pieces)
    pats = st.pats
    out: list[Node] = []
    last_close_piece = -1
    for idx in range(len(pieces) - 1, -1, -1):
        q = pieces[idx]
        if type(q) is Text and "]" in q.value:
            last_close_piece = idx
            break
    i = 0
    while i < len(pieces):
        p = pieces[i]
        if type(p) is not Text or "[" not in p.value:
            out.append(p)
            i += 1
            continue
        value = p.value
        base = p.start
        pos = 0
        k = value.find("[")
        jumped = False
        last_close = value.rfind("]")
        # Is there a later text piece with a ']' (a label running across nodes)?
        later_close = last_close_piece > i
        while k != -1:
            if k > last_close and not later_close:
                break
            m = pats.bracket_link.match(value, k) if k < last_close else None
            if m is not None and ok_url(st, m.group(1)):
                if k > pos:
                    out.append(st.text_at(base + pos, base + k))
                out.append(ext_link(st, base, m))
                pos = m.end()
                k = value.find("[", pos)
                continue
            m2 = pats.bracket_link_open.match(value, k) if later_close else None
            if m2 is not None and ok_url(st, m2.group(1)):
                j = _closing_piece(pieces, i + 1)
                if j < len(pieces):
                    if k > pos:
                        out.append(st.text_at(base + pos, base + k))
                    link = _spanning_ext_link(st, pieces, i, j, base, k, m2)
                    out.append(link)
                    closing = pieces[j]
                    if link.end < closing.end:
                        pieces[j] = st.text_at(link.end, closing.end)
                        i = j
                    else:
                        i = j + 1
                    jumped = True
                    break
            k = value.find("[", k + 1)
        if not jumped:
            if pos == 0:
                out.append(p)
            elif pos < len(value):
                out.append(st.text_at(base + pos, base + len(value)))
            i += 1
    return out


def _closing_piece(pieces: list[Node], start: int) -> int:
    """The index of the first text piece from ``start`` on that holds a ``]``."""
    j = start
    while j < len(pieces) and not (type(pieces[j]) is Text and "]" in pieces[j].value):  # type: ignore[attr-defined]
        j += 1
    return j


def _spanning_ext_link(
    st: ParseState, pieces: list[Node], i: int, j: int, base: int, k: int, m: re.Match[str]
) -> ExternalLink:
    """``[url label`` opened at ``k`` in piece ``i``, its label running on through the pieces
    up to the first ``]`` of piece ``j``."""
    closing = pieces[j]
    cut = closing.value.find("]")  # type: ignore[attr-defined]
    label_nodes: list[Node] = []
    if m.end(3) > m.start(3):
        label_nodes.append(st.text_at(base + m.start(3), base + m.end(3)))
    label_nodes.extend(pieces[i + 1 : j])
    if cut:
        label_nodes.append(st.text_at(closing.start, closing.start + cut))
    url_s, url_e = base + m.start(1), base + m.end(1)
    label = new_wikicode(base + m.start(3), closing.start + cut, label_inline(st, label_nodes))
    url = new_wikicode(url_s, url_e, [st.text_at(url_s, url_e)])
    return new_external_link(base + k, closing.start + cut + 1, url, label, True, m.group(2))


def label_inline(st: ParseState, nodes: list[Node]) -> list[Node]:
    """An external link's label: text constructs (but no nested URLs), then apostrophes."""
    if any(type(n) is Text and "<" in n.value for n in nodes):
        nodes = html_tags(st, nodes)
    return scan_and_quote(st, nodes, urls=False)


def ext_link(st: ParseState, base: int, m: re.Match[str]) -> ExternalLink:
    url_s, url_e = base + m.start(1), base + m.end(1)
    url = new_wikicode(url_s, url_e, [st.text_at(url_s, url_e)])
    label: Wikicode | None = None
    if m.end(3) > m.start(3):
        ls, le = base + m.start(3), base + m.end(3)
        label = new_wikicode(ls, le, label_inline(st, [st.text_at(ls, le)]))
    return new_external_link(base + m.start(), base + m.end(), url, label, True, m.group(2))
