"""Pass 1b, brace constructs: a closed ``{{ }}`` or ``{{{ }}}`` frame becomes a template, a
parser function, a magic variable or an argument.

MediaWiki decides between these from the name part alone (a known function name or a ``#``
before the first colon, a known variable name with no parameters); the values are queued on
the work list for their inline pass, or skipped when the renderer will not show them (see
``ParseState.skim_templates``).
"""

from __future__ import annotations

from typing import Any, Final

from ..nodes import (
    Argument,
    LanguageConverter,
    MagicVariable,
    Node,
    Parameter,
    ParserFunction,
    Text,
    Wikicode,
)
from . import inline, links
from .patterns import WIDE_UNDERSCORE
from .state import (
    INLINE,
    NEW_PARAMETER,
    NEW_TEXT,
    NEW_WIKICODE,
    RAW_PARAMETER,
    TWINS,
    ParseState,
    inert,
    merge_text,
    new_held_template,
    new_parameter,
    new_template,
    new_text,
    new_wikicode,
    plain_text,
)

__all__ = ["argument", "flat_template", "language_converter", "template"]

#: What ``Patterns.value_hint`` finds in a flat template's parameters, as ``in`` tests (a
#: pattern's engine stops at every capital ``I``, ``R`` and ``P`` and tests each character
#: against its set; these are C scans): there is no ``[`` or ``<`` in them, and a colon
#: counts before ``//`` alone.  A hint never runs over a pipe, so a value needs its
#: inline pass when it holds one of these.
_BODY_HINTS: Final = ("://", "''", "\n=", "&", "_", "~", "ISBN", "RFC", "PMID")

#: Names that modify a template call rather than name a parser function.
_TEMPLATE_MODIFIERS = frozenset(("subst", "safesubst", "msg", "msgnw", "raw"))


def argument(st: ParseState, start: int, end: int, parts: list[Wikicode]) -> Node:
    for p in parts:
        p.nodes = merge_text(p.nodes)
    for p in parts[1:]:
        st.work.append((p, INLINE))  # renderers show an argument's default
    return Argument(
        start=start, end=end, name=parts[0],
        default=parts[1] if len(parts) > 1 else None, extra=parts[2:],
    )


def language_converter(st: ParseState, start: int, end: int, nodes: list[Node]) -> Node:
    """A closed ``-{ … }-``: its inside as one container, queued for the inline pass (links,
    templates and text in it render as anywhere else before the variant is chosen)."""
    contents = new_wikicode(start + 2, end - 2, merge_text(nodes))
    if not plain_text(st, contents.nodes):
        st.work.append((contents, INLINE))
    return LanguageConverter(start=start, end=end, contents=contents)


def template(st: ParseState, start: int, end: int, parts: list[Wikicode], eqs: list[int]) -> Node:
    name = parts[0]
    name.nodes = merge_text(name.nodes)
    first = name.nodes[0] if name.nodes else None
    head = first.value if isinstance(first, Text) else ""
    colon = head.find(":")
    if colon != -1:
        fname = head[:colon].strip().lower()
        if fname not in _TEMPLATE_MODIFIERS and (
            fname in st.config.parser_functions or (fname.startswith("#") and len(fname) > 1)
        ):
            return parser_function(st, start, end, parts, eqs, colon)
    if len(parts) == 1 and head.strip() in st.config.variables and len(name.nodes) == 1:
        return MagicVariable(start=start, end=end, name=name)
    params: list[Parameter] = []
    position = 1  # numbered as they are made (MediaWiki counts positional ones from 1)
    for i in range(1, len(parts)):
        eq = eqs[i]
        params.append(parameter(st, parts[i], eq, position if eq == -1 else -1))
        if eq == -1:
            position += 1
    return new_template(start, end, name, params, numbered=True)


def flat_template(st: ParseState, start: int, close: int) -> Node | None:
    """The template ``text[start:close]`` that ``Patterns.flat_template`` matched after its
    ``{{`` (no brace, bracket, tag, heading line or colon in its name inside: pipes, ``=``
    and text only), built from its text at once: the nodes the token loop, ``close_frame``,
    :func:`template` and :func:`parameter` give it.  None for a magic variable
    (``{{PAGENAME}}``), which the token loop then reads.

    Its parts are cut at the pipes with one ``str.split``, each part at its first ``=`` with
    one ``str.partition`` (no index arithmetic and slicing per part); each part is at most a
    name and a value of one text run each, so no text is merged and each node is made once, written
    out here (five nodes a part, a tenth of a parse: the helpers' calls cost a third of it).
    Which values the inline pass needs (``inert``, for one text) is told by ``in`` tests
    (:data:`_BODY_HINTS`): which hints the parameters hold at all is asked once, and each
    value is asked only those (most templates hold none, or a URL's ``://`` alone); a colon
    counts only where ``inline.url_colon`` says a protocol's word may end there."""
    text = st.text
    inner_start = start + 2
    body = text[inner_start : close - 2]
    if "[" in body:
        return _flat_template_links(st, start, close)
    # Plain names, keys and values no pass reads are held as text until read where
    # ``nodes.HELD_TEXTS`` (skimmed values are all queued: never held).
    held = st.held_texts and not st.skim_templates
    bar = body.find("|")
    pieces: list[str]
    hints: list[str] = []  # the hints the parameters hold (see _BODY_HINTS)
    if bar == -1:
        name_text = body
        if name_text.strip() in st.config.variables:
            return None
        pieces = []
    else:
        name_text = body[:bar]
        params_text = body[bar:]
        if not st.skim_templates:  # (skimmed values are all queued)
            hints = [h for h in _BODY_HINTS if h in params_text]
        if held and not hints and ":" not in params_text and WIDE_UNDERSCORE not in params_text:
            # No value needs the inline pass (the loop below would hold them all): the
            # parameters are held too, as the text from the first pipe on (``nodes.HELD_TEXTS``),
            # and not cut.
            return new_held_template(start, close, name_text, params_text)
        pieces = params_text.split("|")
        del pieces[0]  # (empty: before the first pipe)
    name_end = inner_start + len(name_text)
    new_t = NEW_TEXT
    new_w = NEW_WIKICODE
    # (Each node is declared its class: compiled, a field write to a native node is then a
    # struct write, not a generic attribute lookup on an ``Any``.)
    t: Text
    name: Wikicode | None = None  # None: held
    if not held:
        made_name: Wikicode = new_w(Wikicode)
        made_name.start = inner_start
        made_name.end = name_end
        if name_text:
            t = new_t(Text)
            t.start = inner_start
            t.end = name_end
            t.value = name_text
            made_name.nodes = [t]
        else:
            made_name.nodes = []
        name = made_name
    params: list[Parameter] = []
    skim = st.skim_templates
    work = st.work
    # (The searches read the body, not the page: a slice of ASCII is one byte a character,
    # which ``str`` searches at once, where most pages are two.)
    wide = WIDE_UNDERSCORE in body  # then each value is asked (``inert``)
    position = 1
    ps = name_end + 1
    raw = RAW_PARAMETER
    new_p = NEW_PARAMETER
    urls = st.inline_values
    holder: Any  # the parameter, to write a held text into a node field (see below)
    for piece in pieces:
        pe = ps + len(piece)
        key_text, eq, value_text = piece.partition("=")
        param: Parameter = new_p(raw)
        param.start = ps
        param.end = pe
        if eq:
            vs = ps + len(key_text)  # the "=", then the value after it
            if held:
                holder = param
                holder._name = key_text
            else:
                key: Wikicode = new_w(Wikicode)
                key.start = ps
                key.end = vs
                if key_text:
                    t = new_t(Text)
                    t.start = ps
                    t.end = vs
                    t.value = key_text
                    key.nodes = [t]
                else:
                    key.nodes = []
                param._name = key
            vs += 1
            param._position = -1
        else:  # positional: the part's container is the value
            vs = ps
            value_text = piece
            param._name = None
            param._position = position
            position += 1
        # Does the value need the inline pass?
        needs_pass = False
        if value_text and not skim:
            for h in hints:
                if h in value_text:
                    needs_pass = True
                    break
            else:
                needs_pass = (wide and WIDE_UNDERSCORE in value_text) or (
                    ":" in value_text and inline.url_colon(st, value_text)
                )
        if held and not needs_pass:
            # Plain text that no pass reads: held as the str until read (see
            # ``nodes.HELD_TEXTS``; the hookless twin takes a str in a node field).
            holder = param
            holder.value = value_text
        else:
            value: Wikicode = new_w(Wikicode)
            value.start = vs
            value.end = pe
            if value_text:
                t = new_t(Text)
                t.start = vs
                t.end = pe
                t.value = value_text
                value.nodes = [t]
                if skim:
                    queue_value(st, value)
                elif needs_pass:
                    # A value that is one bare URL (most ``url=`` values) is made at once:
                    # what its inline pass would give it (``inline.inline_nodes`` asks the
                    # same), without queueing it for that pass.
                    whole = (
                        inline.whole_url(st, t) if urls and "//" in value_text and "\n" not in value_text else None
                    )
                    if whole is None:
                        work.append((value, INLINE))
                    else:
                        value.nodes = whole
            else:
                value.nodes = []
                if skim:
                    queue_value(st, value)
            param.value = value
        if TWINS:
            param.__class__ = Parameter  # the hooked class (see nodes.unhooked)
        params.append(param)
        ps = pe + 1
    if name is None:
        return new_held_template(start, close, name_text, params)
    return new_template(start, close, name, params, numbered=True)


def _flat_template_links(st: ParseState, start: int, close: int) -> Node | None:
    """:func:`flat_template` for a template with ordinary links in its values
    (``{{cite web|title=[[A]] b|publisher=[[C|D]]}}``): its links first, made from their
    matches in the order the token loop meets them (``links.ordinary_link``: a label the inline
    pass needs is queued as the loop queues it), then its parts, cut at the pipes outside
    them, each value its texts and links.  (None where links are switched off: then none is
    made.)  As in :func:`flat_template`, its name, its parameters' names and the values of
    one plain text that no pass reads are held as text until read (``nodes.HELD_TEXTS``)."""
    text = st.text
    inner_start = start + 2
    inner_end = close - 2
    found: list[Node] = []
    for m in st.pats.ordinary_link.finditer(text, inner_start, inner_end):
        link = links.ordinary_link(st, m)
        if link is None:
            return None
        found.append(link)
    name_end = text.find("|", inner_start, inner_end)  # (a link is in a value: a pipe comes first)
    held = st.held_texts and not st.skim_templates
    # The pipes outside links end the parts.
    cuts: list[int] = []
    count = len(found)
    k = 0
    bar = text.find("|", name_end + 1, inner_end)
    while bar != -1:
        while k < count and found[k].end <= bar:
            k += 1
        if k < count and found[k].start < bar:  # a label's pipe
            bar = text.find("|", found[k].end, inner_end)
            continue
        cuts.append(bar)
        bar = text.find("|", bar + 1, inner_end)
    cuts.append(inner_end)
    params: list[Parameter] = []
    position = 1
    first = 0  # the first link not yet in a value
    ps = name_end + 1
    hint = st.pats.inert_hint.search
    for pe in cuts:
        after = first
        while after < count and found[after].start < pe:
            after += 1
        # A name has no link: the part's "=" comes before its first link, if it has one.
        at = text.find("=", ps, found[first].start if first < after else pe)
        key: Wikicode | str | None = None
        number = -1
        if at == -1:
            vs = ps
            number = position
            position += 1
        else:
            key = text[ps:at] if held else new_wikicode(ps, at, [new_text(ps, at, text[ps:at])] if at > ps else [])
            vs = at + 1
        value: Wikicode | str
        if first == after and held and hint(text, vs, pe) is None and text.find(WIDE_UNDERSCORE, vs, pe) == -1:
            value = text[vs:pe]  # one plain text (or none) that ``inert`` passes: held
        else:
            nodes: list[Node] = []
            cur = vs
            for link in found[first:after]:
                if link.start > cur:
                    nodes.append(new_text(cur, link.start, text[cur : link.start]))
                nodes.append(link)
                cur = link.end
            if pe > cur:
                nodes.append(new_text(cur, pe, text[cur:pe]))
            first = after
            value = new_wikicode(vs, pe, nodes)
            if st.skim_templates:
                queue_value(st, value)
            elif not inert(st, nodes):
                st.work.append((value, INLINE))
        params.append(_any_parameter(ps, pe, key, value, number))
        ps = pe + 1
    if held:
        return new_held_template(start, close, text[inner_start:name_end], params)
    name = new_wikicode(inner_start, name_end, [new_text(inner_start, name_end, text[inner_start:name_end])] if name_end > inner_start else [])
    return new_template(start, close, name, params, numbered=True)


def _any_parameter(start: int, end: int, name: Wikicode | str | None, value: Wikicode | str, position: int) -> Parameter:
    """``state.new_parameter``, whose name and value may be held as text (``nodes.HELD_TEXTS``:
    the hookless twin takes a str in a node field)."""
    node: Any = NEW_PARAMETER(RAW_PARAMETER)
    node.start = start
    node.end = end
    node._name = name
    node.value = value
    node._position = position
    if TWINS:
        node.__class__ = Parameter  # the hooked class (see nodes.unhooked)
    made: Parameter = node
    return made


def parameter(st: ParseState, part: Wikicode, eq: int, position: int = -1) -> Parameter:
    """A template part as a parameter (split into name and value before its node ``eq``, or
    positional if -1, numbered ``position``).  A part's nodes come from the preprocessor,
    which makes no empty text: a name or value of one text run needs no merge."""
    nodes = part.nodes
    if eq == -1:
        if len(nodes) != 1 or type(nodes[0]) is not Text:
            part.nodes = nodes = merge_text(nodes)
        if st.skim_templates:
            queue_value(st, part)
        elif not inert(st, nodes):  # ``queue_value``, written out
            st.work.append((part, INLINE))
        return new_parameter(part.start, part.end, None, part, position)
    start = part.start
    at = nodes[eq - 1].end if eq else start  # the "=" (no node: see preprocessor._Frame.eq)
    value_nodes: list[Node]
    if eq == 1 and len(nodes) == 2 and type(nodes[0]) is Text and type(nodes[1]) is Text:
        name = new_wikicode(start, at, [nodes[0]])  # ``name=value``: the commonest part
        value_nodes = [nodes[1]]
    else:
        name = new_wikicode(start, at, merge_text(nodes[:eq]))
        value_nodes = merge_text(nodes[eq:])
    # The part's container (no longer needed as such) becomes the value.
    value = part
    value.start = at + 1
    value.nodes = value_nodes
    if st.skim_templates:
        queue_value(st, value)
    elif not inert(st, value_nodes):  # ``queue_value``, written out
        st.work.append((value, INLINE))
    return new_parameter(start, part.end, name, value, position)


def queue_value(st: ParseState, value: Wikicode) -> None:
    """Queue a template's or parser function's value for its inline pass."""
    if st.skim_templates and not any(type(n) is Text and "\n=" in n.value for n in value.nodes):
        return  # the renderer drops it; a heading line inside still counts for sections
    if not inert(st, value.nodes):
        st.work.append((value, INLINE))


def parser_function(
    st: ParseState, start: int, end: int, parts: list[Wikicode], eqs: list[int], colon: int
) -> Node:
    name = parts[0]
    first = name.nodes[0]
    assert isinstance(first, Text)
    cut = first.start + colon
    fname = new_wikicode(name.start, cut, [st.text_at(first.start, cut)] if colon else [])
    rest: list[Node] = []
    if cut + 1 < first.end:
        rest.append(st.text_at(cut + 1, first.end))
    rest.extend(name.nodes[1:])
    arg0 = new_wikicode(cut + 1, name.end, rest)
    queue_value(st, arg0)
    params = [new_parameter(arg0.start, arg0.end, None, arg0)]
    params += [parameter(st, p, eq) for p, eq in zip(parts[1:], eqs[1:], strict=True)]
    return ParserFunction(start=start, end=end, name=fname, params=params)
