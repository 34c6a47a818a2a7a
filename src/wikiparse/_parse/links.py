"""Pass 1c, links: a closed ``[[ ]]`` frame becomes a wikilink, a file link, a category link,
an interlanguage link, or (when MediaWiki would not link it) the text it was written as.

The title checks are MediaWiki's: forbidden characters (also hidden behind ``%``-escapes and
entities), a URL in the target, a namespace with no title, relative ``./`` titles.  An
invalid link becomes a placeholder (:class:`.splice._Splice`) that the parent's text merge
splices away.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from typing import Any

from .._mw import ENTITY_NAME_CHAR
from ..nodes import (
    CategoryLink,
    ExtensionTag,
    InterlanguageLink,
    Node,
    Text,
    Wikicode,
    Wikilink,
)
from .patterns import WIDE_UNDERSCORE
from .splice import _Splice
from .state import (
    INLINE,
    LABEL,
    NEW_TEXT,
    NEW_WIKICODE,
    NEW_WIKILINK,
    RAW_WIKILINK,
    TWINS,
    ParseState,
    inert,
    merge_text,
    new_file_link,
    new_text,
    new_wikicode,
    new_wikilink,
)

__all__ = ["link", "open_square", "ordinary_link", "plain_link"]

_RELATIVE_TITLE = re.compile(r"(?:^|/)\.{1,2}(?:/|$)")
_ENTITY_IN_TITLE = re.compile(rf"&{ENTITY_NAME_CHAR}+;")
_BAD_TITLE_CHARS = re.compile(r"[<>\[\]{}|\x00-\x1f\x7f]")


def link(st: ParseState, start: int, end: int, parts: list[Wikicode], leftover: bool = False) -> Node:
    """A closed ``[[...]]`` split at its pipes: the link node, or a placeholder for the text
    it was written as.  ``leftover``: a third ``[`` stands right before it.

    The parts come unmerged (placeholders of inner links not spliced yet): a link that is
    text anyway because of an inner one is decided without joining the inner text, so that
    each level of ``'[' * n`` or ``'[[a|' * n`` costs the same."""
    target = parts[0]
    tnodes = target.nodes
    only = tnodes[0] if len(tnodes) == 1 else None
    if type(only) is Text:
        # The common target, one text run: nothing to merge, no inner link or tag.
        simple_target = True
        raw = only.value
    else:
        simple_target = False
        if _Splice in map(type, tnodes):
            # The '[[' of a link written as text makes the title invalid.
            return _as_text(st, start, end, parts)
        target.nodes = tnodes = merge_text(tnodes)
        raw = tnodes[0].value if len(tnodes) == 1 and type(tnodes[0]) is Text else str(target)
    stripped = raw.strip()
    if _invalid_title(st, tnodes, stripped):
        return _as_text(st, start, end, parts)
    leading_colon = stripped.startswith(":")
    title = stripped[1:].lstrip() if leading_colon else stripped
    prefix, sep, rest = title.partition(":")
    ns_id = st.config.namespace_id(prefix) if sep else None
    if _shown_as_text(ns_id, rest, parts, leftover, simple_target):
        # A namespace with no title, the pipe trick (a pre-save transform only), a link
        # in the target, or a third '[' before it: MediaWiki shows the text.
        return _as_text(st, start, end, parts)
    texts = parts[1:]
    if not leading_colon and ns_id == 6:
        for p in texts:
            p.nodes = merge_text(p.nodes)
        texts = join_bracketed_options(st, texts)
        for p in texts:
            if not inert(st, p.nodes):
                st.work.append((p, INLINE))
        return new_file_link(start, end, target, texts, st.config.namespace_name(6))
    if texts and _labels_hold_link(texts):
        # Only a file's caption may hold links: this is text around a link.
        return _as_text(st, start, end, parts)
    for p in texts:
        p.nodes = merge_text(p.nodes)
    label = join_parts(st, texts) if texts else None
    if label is not None and not inert(st, label.nodes):
        st.work.append((label, LABEL))
    lower = prefix.strip().lower() if sep else ""
    return _typed_link(st, start, end, target, label, ns_id, lower, leading_colon)


def plain_link(st: ParseState, start: int, open_end: int, end: int, bar: int) -> Node | None:
    """The link ``text[start:end]`` whose inside is one run of text with at most one pipe
    (at ``bar``, or -1), when it is an ordinary, category or interlanguage link: the node
    :func:`link` would make, made without splitting parts and merging them again.  None for
    every other case (an invalid title, a file, an empty label, a namespace alone...), which
    :func:`link` then decides."""
    text = st.text
    target_end = end - 2 if bar == -1 else bar
    raw = text[open_end:target_end]
    pats = st.pats
    # The commonest title, told by one match: no colon (no namespace, interwiki or URL), no
    # "/" (no protocol-relative URL), nothing to decode, not relative, nothing forbidden.
    ordinary = pats.url_marked and pats.ordinary_title.fullmatch(raw) is not None
    prefix = sep = ""
    leading_colon = False
    ns_id: int | None = None
    if not ordinary:
        stripped = raw.strip()
        if (
            not stripped
            or pats.invalid_title.search(raw) is not None
            or ((":" in stripped or "/" in stripped or not pats.url_marked) and pats.url_start.match(stripped) is not None)
            or (("%" in stripped or "&" in stripped or "." in stripped) and _invalid_after_decoding(stripped))
        ):
            return None
        leading_colon = stripped.startswith(":")
        title = stripped[1:].lstrip() if leading_colon else stripped
        prefix, sep, rest = title.partition(":")
        ns_id = st.config.namespace_id(prefix) if sep else None
        if ns_id is not None and ns_id != 0 and (ns_id == 6 or not rest.strip() or rest.strip().startswith("#")):
            return None  # a file link, or a namespace with no title (text)
    if bar == -1:
        label = None
    else:
        label_start = bar + 1
        label_end = end - 2
        if label_start == label_end:
            return None  # the pipe trick: text
        label_text = text[label_start:label_end]
        label = new_wikicode(label_start, label_end, [new_text(label_start, label_end, label_text)])
        if pats.value_hint.search(label_text) is not None or WIDE_UNDERSCORE in label_text:  # ``inert``
            st.work.append((label, LABEL))
    target = new_wikicode(open_end, target_end, [new_text(open_end, target_end, raw)])
    if not sep:  # no colon: an ordinary link, whatever ``_typed_link`` would ask
        return new_wikilink(start, end, target, label)
    return _typed_link(st, start, end, target, label, ns_id, prefix.strip().lower(), leading_colon)


def ordinary_link(st: ParseState, m: re.Match[str]) -> Node | None:
    """The link the preprocessor's scan matched whole as an ordinary one (``Patterns.scan_page``:
    group 1 an ordinary title, group 2 the label if there is one), made from the match: what
    :func:`plain_link` makes of it, its nodes written out (the commonest link: a tenth of the
    nodes of a page).  (None only where the shortcut is switched off.)"""
    start, end = m.span()
    title, label_text = m.group(1, 2)  # (one call for both groups)
    open_end = start + 2
    target_end = open_end + len(title)
    new_t = NEW_TEXT
    new_w = NEW_WIKICODE
    t: Text
    target: Wikicode | None = None  # None: held as text until read (see ``nodes.HELD_TEXTS``)
    if not st.held_texts:
        t = new_t(Text)  # (declared: compiled, its field writes are struct writes)
        t.start = open_end
        t.end = target_end
        t.value = title
        made_target: Wikicode = new_w(Wikicode)
        made_target.start = open_end
        made_target.end = target_end
        made_target.nodes = [t]
        target = made_target
    label: Wikicode | None = None
    held_label = False  # a label held as text (as the target above)
    if label_text is not None:
        needs_pass = st.pats.value_hint.search(label_text) is not None or WIDE_UNDERSCORE in label_text  # ``inert``
        if needs_pass or not st.held_texts:
            label_start = target_end + 1
            label_end = end - 2
            t = new_t(Text)
            t.start = label_start
            t.end = label_end
            t.value = label_text
            made: Wikicode = new_w(Wikicode)
            made.start = label_start
            made.end = label_end
            made.nodes = [t]
            label = made
            if needs_pass:
                st.work.append((made, LABEL))
        else:
            held_label = True
    link: Wikilink = NEW_WIKILINK(RAW_WIKILINK)
    link.start = start
    link.end = end
    if target is None:
        holder: Any = link  # (the hookless twin takes a str in a node field)
        holder.target = title
        holder.text = label_text if held_label else label
    else:
        link.target = target
        link.text = label
    link.trail = ""
    link.prefix = ""
    link.namespace = ""
    link.interwiki = ""
    if TWINS:
        link.__class__ = Wikilink  # the hooked class (see nodes.unhooked)
    return link


def _invalid_title(st: ParseState, tnodes: list[Node], stripped: str) -> bool:
    """MediaWiki's title checks: empty, a forbidden character, a URL, or one hidden behind
    an escape."""
    search = st.pats.invalid_title.search
    return (
        not stripped
        or (
            search(tnodes[0].value) is not None
            if len(tnodes) == 1 and type(tnodes[0]) is Text
            else any(type(n) is Text and search(n.value) for n in tnodes)
        )
        or (
            (":" in stripped or "/" in stripped or not st.pats.url_marked)
            and st.pats.url_start.match(stripped) is not None
        )
        or _invalid_after_decoding(stripped)
    )


def _labels_hold_link(parts: list[Wikicode]) -> bool:
    """Does any of these parts hold a link?  (A one-text label, the common one, does not.)"""
    if len(parts) == 1:
        nodes = parts[0].nodes
        if len(nodes) == 1 and type(nodes[0]) is Text:
            return False
    return any(_holds_link(p.nodes) for p in parts)


def _holds_link(nodes: list[Node]) -> bool:
    """Is there a link among these nodes once placeholders are spliced in?"""
    return any(isinstance(n, Wikilink) or (type(n) is _Splice and n.links) for n in nodes)


def _is_empty(nodes: list[Node]) -> bool:
    """Would the text merge leave nothing of these nodes (none, or empty texts only)?"""
    if len(nodes) == 1:
        only = nodes[0]
        return type(only) is Text and only.start == only.end and not only.value
    return all(type(n) is Text and n.start == n.end and not n.value for n in nodes)


def _shown_as_text(
    ns_id: int | None, rest: str, parts: list[Wikicode], leftover: bool, simple_target: bool
) -> bool:
    """``simple_target``: the target is one text run (so it holds no link or tag)."""
    return (
        (ns_id is not None and ns_id != 0 and (not rest.strip() or rest.strip().startswith("#")))
        or (len(parts) == 2 and _is_empty(parts[1].nodes) and ns_id != 6)
        or (not simple_target and any(isinstance(n, Wikilink | ExtensionTag) for n in parts[0].nodes))
        or (leftover and ns_id != 6)
    )


def _typed_link(
    st: ParseState, start: int, end: int, target: Wikicode, label: Wikicode | None,
    ns_id: int | None, prefix: str, leading_colon: bool,
) -> Node:
    """A category, interlanguage or plain link (``prefix``: the lower-cased text before the
    first colon, "" if there is none)."""
    if not leading_colon and ns_id == 14:
        return new_wikilink(start, end, target, label, st.config.namespace_name(14), CategoryLink)
    if prefix and ns_id is None and not leading_colon and prefix in st.pats.interlanguage:
        return InterlanguageLink(start=start, end=end, target=target, text=label,
                                 interwiki=prefix)
    if ns_id is not None:
        return new_wikilink(start, end, target, label, st.config.namespace_name(ns_id))
    node = new_wikilink(start, end, target, label)
    if prefix and (prefix in st.pats.interwiki or prefix in st.pats.interlanguage):
        node.interwiki = prefix
    return node


def join_bracketed_options(st: ParseState, parts: list[Wikicode]) -> list[Wikicode]:
    """File options are split at pipes outside single ``[...]`` (an external link in a
    caption keeps its pipes), as MediaWiki's option splitting does."""
    out: list[Wikicode] = []
    depth = 0
    for p in parts:
        if depth > 0 and out:
            prev = out[-1]
            prev.nodes = merge_text([*prev.nodes, st.text_at(p.start - 1, p.start), *p.nodes])
            prev.end = p.end
        else:
            out.append(p)
        for n in p.nodes:
            if type(n) is Text:
                depth = max(0, depth + n.value.count("[") - n.value.count("]"))
    return out


def join_parts(st: ParseState, parts: list[Wikicode]) -> Wikicode:
    """Link text after the first pipe: later pipes are literal text in it."""
    if len(parts) == 1:
        return parts[0]  # one label part: already a container of merged nodes
    nodes: list[Node] = []
    for i, p in enumerate(parts):
        if i:
            nodes.append(st.text_at(p.start - 1, p.start))
        nodes.extend(p.nodes)
    return new_wikicode(parts[0].start, parts[-1].end, merge_text(nodes))


def _as_text(st: ParseState, start: int, end: int, parts: list[Wikicode]) -> _Splice:
    """The placeholder for a link MediaWiki shows as the text it was written as (noted on
    the state: until a parse makes one, no list needs splicing)."""
    st.spliced = True
    return _Splice(start, end, literal_link(st, start, end, parts))


def literal_link(st: ParseState, start: int, end: int, parts: list[Wikicode]) -> list[Node]:
    out: list[Node] = [st.text_at(start, start + 2)]
    for i, p in enumerate(parts):
        if i:
            out.append(st.text_at(p.start - 1, p.start))
        out.extend(p.nodes)
    out.append(st.text_at(end - 2, end))
    return out


def _invalid_after_decoding(target: str) -> bool:
    """MediaWiki's title checks that need decoding: ``%3C`` or ``&lt;`` hiding a forbidden
    character, an entity left after decoding, a relative ``./`` or ``../`` title."""
    if "%" not in target and "&" not in target and "." not in target:
        return False  # the common title: nothing to decode, nothing relative
    title = target.split("#", 1)[0].lstrip(":").strip()
    if title.startswith(".") and _RELATIVE_TITLE.search(title):
        return True
    if "%" not in title and "&" not in title:
        return False
    decoded = html.unescape(title)
    if "%" in decoded:
        decoded = urllib.parse.unquote(decoded, errors="strict") if _utf8_ok(decoded) else decoded
    return bool(_BAD_TITLE_CHARS.search(decoded) or _ENTITY_IN_TITLE.search(decoded))


def _utf8_ok(text: str) -> bool:
    try:
        urllib.parse.unquote(text, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def open_square(nodes: list[Node]) -> bool:
    """Does this run of nodes leave a single ``[`` open in its text?"""
    depth = 0
    for n in nodes:
        if type(n) is Text:
            depth += n.value.count("[") - n.value.count("]")
    return depth > 0
