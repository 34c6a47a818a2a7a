"""Finding nodes in a tree, and the name normalisation MediaWiki applies before comparing names.

The public face of reading a tree: the walks themselves live with the node classes
(:mod:`wikiparse.nodes`, data and traversal) and MediaWiki's string rules in the bottom layer
(``wikiparse._mw``); both are re-exported here under their documented names.  Everything walks with an explicit stack, so a 100,000-deep tree is searched without
touching Python's recursion limit.

``recursive=False`` means "the nodes at this level of the text": the direct children of the
node, looking *through* the containers that only arrange text into blocks and carry no meaning
of their own (plain :class:`~wikiparse.nodes.Wikicode`, :class:`~wikiparse.nodes.Section`,
:class:`~wikiparse.nodes.Paragraph`, :class:`~wikiparse.nodes.List` and its items,
:class:`~wikiparse.nodes.Preformatted` lines, bold and italic runs).  So
``doc.find_templates(recursive=False)`` finds the templates written at the top level of a page,
wherever the page's layout put them, but not a template inside another template's parameter,
inside a link label, a heading, a table or a tag.  This matches what mwparserfromhell users get
from ``filter_templates(recursive=False)``, where paragraphs and sections are not nodes at all.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from . import edit as _edit
from . import file_options as _file_options
from . import nodes as _nodes
from ._mw import normalize_template_name, normalize_title
from ._parse import parse_fragment
from .config import ParserConfig
from .nodes import (
    Argument,
    Comment,
    Entity,
    ExtensionTag,
    ExternalLink,
    FileLink,
    Formatting,
    Heading,
    HorizontalRule,
    HtmlTag,
    List,
    ListItem,
    MagicVariable,
    Node,
    Paragraph,
    Parameter,
    ParserFunction,
    Preformatted,
    Redirect,
    Section,
    Table,
    TableCaption,
    TableCell,
    TableRow,
    Tag,
    Template,
    Text,
    Wikicode,
    Wikilink,
    find_templates,
    iter_nodes,
    walk,
    walk_with_ancestors,
)

__all__ = [
    "find_templates",
    "interpret_file_options",
    "iter_nodes",
    "normalize_template_name",
    "normalize_title",
]


def interpret_file_options(filelink: FileLink, config: ParserConfig | None = None) -> dict[str, Any]:
    """Read a file link's options the way MediaWiki's image parameter parser does; with a
    ``config``, in that wiki's words too (``mini``, ``hochkant=1.3`` on dewiki: see
    :mod:`wikiparse.file_options`).

    Keys: ``format`` (``thumb``/``frame``/``frameless``/None), ``align``, ``valign``, ``width``,
    ``height`` (ints), ``upright`` (float; bare ``upright`` is 0.75), ``alt``, ``link`` (``""``
    means no link), ``page`` (int), ``class``, ``lang``, ``border`` (bool), ``manualthumb``
    (the file of ``thumb=File``), for audio and video files TimedMediaHandler's ``thumbtime``,
    ``start``, ``end``, ``disablecontrols`` (strings), ``muted`` and ``loop`` (True when given),
    and ``caption``: the last part that is not a valid option, as a
    :class:`~wikiparse.nodes.Wikicode` (the option node itself, so editing it edits the link).
    """
    if config is None:
        return filelink.interpret()
    return _file_options.interpret_file_options(filelink, config)


# --------------------------------------------------------------------------------------------
# mwparserfromhell's query API (``filter_*``, ``get_sections``, ``strip_code``, ...)
#
# The node classes expose these as methods under mwparserfromhell's names; the work is done
# here, above the node layer, where the parser is at hand for values given as strings.  See
# docs/migrating.md for the method-by-method comparison and every deliberate difference.
# --------------------------------------------------------------------------------------------

#: mwparserfromhell's default regex flags for ``matches=``.
FLAGS = re.IGNORECASE | re.DOTALL

#: ``recursive=RECURSE_OTHERS``: descend into everything but the nodes being looked for.
RECURSE_OTHERS = "others"

#: Our classes for each mwparserfromhell node class: its ``Template`` is every brace call
#: (parser functions and magic variables too), its ``Wikilink`` every ``[[...]]`` link.
TEMPLATE_LIKE: tuple[type[Node], ...] = (Template, ParserFunction, MagicVariable)

#: ``forcetype`` as mwparserfromhell means it: its Template is every brace call, its Tag
#: also bold and italic runs and tables (wiki markup it represents as tags).
_ALIASES: dict[type[Node], tuple[type[Node], ...]] = {
    Template: TEMPLATE_LIKE,
    Tag: (Tag, Formatting, Table),
}

#: Containers that only arrange text (no node of mwparserfromhell's corresponds to them):
#: ``get_ancestors`` skips them, ``filter(recursive=False)`` looks through them.
_LAYOUT: tuple[type[Node], ...] = (
    Section, Paragraph, List, ListItem, Preformatted, Parameter, Redirect,
)

Matcher = Callable[[Any], object] | re.Pattern[str] | str | None


def _forcetype(forcetype: type[Node] | tuple[type[Node], ...] | None) -> tuple[type[Node], ...]:
    if forcetype is None:
        return ()
    wanted = forcetype if isinstance(forcetype, tuple) else (forcetype,)
    return tuple(c for t in wanted for c in _ALIASES.get(t, (t,)))


def _matcher(matches: Matcher, flags: int) -> Callable[[Any], object]:
    """mwparserfromhell's ``matches``: a callable, or a regex searched in the node's text."""
    if not matches:
        return lambda node: True
    if callable(matches):
        return matches
    pattern = matches
    return lambda node: re.search(pattern, str(node), flags)


def _is_layout(node: Node) -> bool:
    return type(node) is Wikicode or isinstance(node, _LAYOUT)


def ifilter(
    node: Node,
    recursive: bool | str = True,
    matches: Matcher = None,
    flags: int = FLAGS,
    forcetype: type[Node] | tuple[type[Node], ...] | None = None,
) -> Iterator[Any]:
    """mwparserfromhell's ``Wikicode.ifilter`` over our tree, in source order.

    ``recursive=False`` gives the nodes at this level of the text (seen through layout
    containers, which are not yielded themselves); ``RECURSE_OTHERS`` descends into everything
    except the nodes of ``forcetype``.  ``forcetype=Template`` means every brace call.
    """
    wanted = _forcetype(forcetype)
    match = _matcher(matches, flags)
    stack: list[Node] = list(reversed(node.children))
    while stack:
        n = stack.pop()
        hit = isinstance(n, wanted) if wanted else not (not recursive and _is_layout(n))
        if hit and match(n):
            yield n
        if recursive == RECURSE_OTHERS and wanted and isinstance(n, wanted):
            continue
        if recursive or _is_layout(n):
            kids = n.children
            if kids:
                stack.extend(reversed(kids))


def filter_nodes(
    node: Node,
    recursive: bool | str = True,
    matches: Matcher = None,
    flags: int = FLAGS,
    forcetype: type[Node] | tuple[type[Node], ...] | None = None,
) -> list[Any]:
    """Eager :func:`ifilter`."""
    return list(ifilter(node, recursive, matches, flags, forcetype))


def get_ancestors(root: Node, obj: Node) -> list[Node]:
    """The nodes between ``root`` and ``obj``, outermost first, as mwparserfromhell counts them:
    layout containers (Wikicode, Section, Paragraph, List, ListItem, Preformatted, Parameter,
    Redirect) are not nodes there and are skipped.  ValueError if ``obj`` is not under
    ``root``.  One walk per call, stopping at ``obj`` (for many lookups build a
    :class:`~wikiparse.nodes.ParentIndex`)."""
    if type(obj) is Wikicode and obj.nodes:
        obj = obj.nodes[0]
    for n, path in walk_with_ancestors(root):
        if n is obj and n is not root:
            return [a for a in path[1:] if not _is_layout(a)]
    raise ValueError(obj)


def get_parent(root: Node, obj: Node) -> Node | None:
    """The nearest of :func:`get_ancestors`, or None when ``obj`` is at the root's level."""
    ancestors = get_ancestors(root, obj)
    return ancestors[-1] if ancestors else None


def contains(root: Node, obj: Node | str) -> bool:
    """mwparserfromhell's ``contains``: a node anywhere under ``root`` (by identity), or a
    string in its text."""
    if not isinstance(obj, Node):
        return str(obj) in str(root)
    return any(n is obj for n in walk(root) if n is not root)


# -- sections ----------------------------------------------------------------------------------


def get_sections(
    code: Node,
    levels: Iterable[int] | None = None,
    matches: Matcher = None,
    flags: int = FLAGS,
    flat: bool = False,
    include_lead: bool | None = None,
    include_headings: bool = True,
) -> list[Wikicode]:
    """mwparserfromhell's ``get_sections`` over our :class:`Section` nodes.

    A section is returned as the :class:`Section` node itself (edits to it edit the page),
    except with ``flat=True`` (subsections left out) or ``include_headings=False``, which give
    a new :class:`Wikicode` holding the same child nodes.
    """
    match = _matcher(matches, flags)
    wanted = set(levels) if levels is not None else None
    out: list[Wikicode] = []
    if include_lead or not (include_lead is not None or matches or levels):
        out.append(_lead(code))
    for s in walk(code):
        if not isinstance(s, Section) or s.heading is None:
            continue
        if (wanted and s.level not in wanted) or not match(s.heading.title):
            continue
        if flat or not include_headings:
            kept = [
                n
                for i, n in enumerate(s.nodes)
                if not (flat and isinstance(n, Section)) and (include_headings or i)
            ]
            out.append(Wikicode(nodes=kept))
        else:
            out.append(s)
    return out


def _lead(code: Node) -> Wikicode:
    """The nodes before the first heading: the lead :class:`Section` of a page."""
    for s in walk(code):
        if isinstance(s, Section) and s.heading is None:
            return s
    kids = code.children
    for i, n in enumerate(kids):
        if isinstance(n, (Section, Heading)):
            return Wikicode(nodes=kids[:i])
    return Wikicode(nodes=list(kids))


# -- strip_code ----------------------------------------------------------------------------

#: Extension tags whose contents mwparserfromhell's ``strip_code`` leaves out.
INVISIBLE_TAGS = frozenset(
    "categorytree gallery graph imagemap inputbox math score section templatedata timeline".split()
)

class _Nested:
    """Items that mwparserfromhell strips as a Wikicode of their own (a link's label, a tag's
    contents...): ``collapse`` then applies to their text alone, before it joins the rest."""

    __slots__ = ("items",)

    def __init__(self, *items: str | Node | None) -> None:
        self.items = [i for i in items if i is not None]


class _Joined:
    """Template values with ``keep_template_params``: each stripped on its own, the non-empty
    ones joined by spaces."""

    __slots__ = ("items",)

    def __init__(self, items: list[Node]) -> None:
        self.items = items


_CLOSE = object()
_JOIN = object()
_Item = str | Node | _Nested | _Joined


def strip_code(
    code: Node, normalize: bool = True, collapse: bool = True, keep_template_params: bool = False
) -> str:
    """mwparserfromhell's ``strip_code`` rules applied to our tree, without recursion.

    Kept: text, link labels (or the target when there is none, categories and files
    included, as mwparserfromhell does), the label of a bracketed external link and a bare
    URL, headings' titles, the contents of tags (not of the invisible extension tags), the
    defaults of template arguments, entities decoded (``normalize``).  Dropped: templates
    (their parameters' values with ``keep_template_params``), comments, markup.  ``collapse``
    trims newlines at the ends and folds runs of three or more into two, in each nested
    piece as mwparserfromhell does.  For the text a reader of the page sees, use
    :func:`wikiparse.to_text` instead.
    """
    buffers: list[list[str]] = [[]]
    stack: list[_Item | object] = [_CLOSE, _Nested(code)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            buffers[-1].append(item)
        elif isinstance(item, _Nested):
            buffers.append([])
            stack.append(_CLOSE)
            stack.extend(reversed(item.items))
        elif isinstance(item, _Joined):
            buffers.append([])
            stack.append(_JOIN)
            stack.extend(_Nested(value) for value in reversed(item.items))
        elif item is _JOIN:
            parts = buffers.pop()
            buffers[-1].append(" ".join(part for part in parts if part))
        elif item is _CLOSE:
            text = "".join(buffers.pop())
            if collapse:
                text = _THREE_NEWLINES.sub("\n\n", text.strip("\n"))
            if not buffers:
                return text
            buffers[-1].append(text)
        elif isinstance(item, Node):
            stack.extend(reversed(_strip_pieces(item, normalize, keep_template_params)))
    return ""  # pragma: no cover - the outer _CLOSE returns


_THREE_NEWLINES = re.compile(r"\n{3,}")


def _strip_pieces(n: Node, normalize: bool, keep_params: bool) -> list[_Item]:
    """What ``strip_code`` keeps of one node: strings to emit, nodes to strip in turn."""
    if type(n) is Text:
        return [n.value]
    if isinstance(n, Formatting):  # a tag (b, i) with contents to mwparserfromhell
        return [_Nested(*n.nodes)]
    if isinstance(n, Wikicode):  # Section, Paragraph, plain sequences
        return list(n.nodes)
    if isinstance(n, (Comment, HtmlTag, HorizontalRule)):
        return []
    if isinstance(n, Entity):
        return [n.char if normalize else n.raw]
    if isinstance(n, (Template, ParserFunction, MagicVariable)):
        return _template_pieces(n) if keep_params else []
    if isinstance(n, Argument):
        return [_Nested(n.default)] if n.default is not None else []
    if isinstance(n, FileLink):
        return [_Nested(*_joined(n.options, "|")), n.trail] if n.options else [_Nested(n.target), n.trail]
    if isinstance(n, Wikilink):
        return [_Nested(n.text if n.text is not None else n.target), n.trail]
    if isinstance(n, ExternalLink):
        if n.brackets:
            return [_Nested(n.text)] if n.text is not None else []
        return [_Nested(n.url)]
    if isinstance(n, Heading):
        return [_Nested(n.title), n.trailing]
    if isinstance(n, ExtensionTag):
        if n.name in INVISIBLE_TAGS:
            return []
        return [_Nested(n.contents if n.contents is not None else n.body or "")]
    if isinstance(n, ListItem):
        return [n.leading, n.content]
    # A cell's newline ends the previous cell's contents there, and is trimmed with them.
    if isinstance(n, (TableCell, TableCaption)):
        return [_Nested(n.content)]
    if isinstance(n, TableRow):
        return [_Nested(*n.cells)]
    if isinstance(n, Table):
        return [_Nested(*n.rows, n.close[: len(n.close.rstrip().rstrip("|}").rstrip())])]
    if isinstance(n, Preformatted):
        return list(n.parts())
    if isinstance(n, List):
        return list(n.items)
    if isinstance(n, Redirect):
        return [n.marker.lstrip("#"), n.space, n.link]  # the word stays, the markup goes
    return [str(n)]  # behaviour switches, signatures, magic links: text to mwparserfromhell


def _joined(codes: Sequence[Node], sep: str) -> list[str | Node]:
    out: list[str | Node] = []
    for i, c in enumerate(codes):
        if i:
            out.append(sep)
        out.append(c)
    return out


def _template_pieces(t: Template | ParserFunction | MagicVariable) -> list[_Item]:
    """``keep_template_params``: the parameters' stripped values, joined by spaces."""
    if isinstance(t, MagicVariable):
        return []
    params = t.params[1:] if isinstance(t, ParserFunction) else t.params
    return [_Joined([p.value for p in params])]


# -- matches, editing by position ---------------------------------------------------------


def _normal_title(s: str) -> str:
    return (s[0].upper() + s[1:]).replace("_", " ") if s else s


def matches(code: Node, other: object) -> bool:
    """mwparserfromhell's ``matches``: stripped text equal, up to the case of the first
    letter and underscores; ``other`` may be a string, a node or an iterable of them."""
    this = _normal_title(strip_code(code).strip())
    options = [other] if isinstance(other, (str, bytes, Node)) else list(other)  # type: ignore[call-overload]
    for o in options:
        text = o.decode() if isinstance(o, bytes) else o
        that = strip_code(text if isinstance(text, Node) else parse_fragment(str(text))).strip()
        if this == _normal_title(that):
            return True
    return False


def as_nodes(value: object) -> list[Node]:
    """mwparserfromhell's ``parse_anything``: a string is parsed (inline), a node is itself,
    a Wikicode gives its nodes, None nothing, an iterable the concatenation."""
    if value is None:
        return []
    if isinstance(value, Wikicode) and type(value) is Wikicode:
        return list(value.nodes)
    if isinstance(value, Node):
        return [value]
    if isinstance(value, (str, int, bytes)):
        text = value.decode() if isinstance(value, bytes) else str(value)
        return list(parse_fragment(text).nodes) if text else []
    out: list[Node] = []
    for item in value:  # type: ignore[attr-defined]
        out.extend(as_nodes(item))
    return out


def _slot(root: Wikicode, obj: Node) -> tuple[list[Node], int]:
    """The list holding ``obj`` (a ``nodes`` list under ``root``) and its index there."""
    if obj is root:
        raise ValueError(obj)
    for n in walk(root):
        if isinstance(n, Wikicode):
            for i, kid in enumerate(n.nodes):
                if kid is obj:
                    return n.nodes, i
    raise ValueError(obj)


def _exact(root: Wikicode, obj: object, recursive: bool) -> list[tuple[list[Node], int]]:
    """Where ``obj`` is: the node itself, or (for a string) every node whose text it is."""
    if isinstance(obj, Node):
        if isinstance(obj, Wikicode) and type(obj) is Wikicode:
            if not obj.nodes:
                raise ValueError(obj)
            obj = obj.nodes[0]
        if not recursive:
            for i, n in enumerate(root.nodes):
                if n is obj:
                    return [(root.nodes, i)]
            raise ValueError(obj)
        return [_slot(root, obj)]
    text = str(obj)
    found: list[tuple[list[Node], int]] = []
    codes = [n for n in walk(root) if isinstance(n, Wikicode)] if recursive else [root]
    for code in codes:
        found.extend((code.nodes, i) for i, n in enumerate(code.nodes) if str(n) == text)
    if not found:
        raise ValueError(obj)
    return found


def insert_nodes(code: Wikicode, index: int, value: object) -> None:
    code.nodes[index:index] = as_nodes(value)


def insert_before(code: Wikicode, obj: object, value: object, recursive: bool = True) -> None:
    for nodes, i in reversed(_exact(code, obj, recursive)):
        nodes[i:i] = as_nodes(value)


def insert_after(code: Wikicode, obj: object, value: object, recursive: bool = True) -> None:
    for nodes, i in reversed(_exact(code, obj, recursive)):
        nodes[i + 1 : i + 1] = as_nodes(value)


def replace(code: Wikicode, obj: object, value: object, recursive: bool = True) -> None:
    for nodes, i in reversed(_exact(code, obj, recursive)):
        nodes[i : i + 1] = as_nodes(value)


def remove(code: Wikicode, obj: object, recursive: bool = True) -> None:
    for nodes, i in reversed(_exact(code, obj, recursive)):
        del nodes[i]


def index(code: Wikicode, obj: object, recursive: bool = False) -> int:
    """The index in ``code.nodes`` of ``obj`` (a node: by identity, else by text); with
    ``recursive`` the index of the top-level node that holds it."""
    for i, n in enumerate(code.nodes):
        for m in walk(n) if recursive else (n,):
            if (m is obj) if isinstance(obj, Node) else str(m) == str(obj):
                return i
    raise ValueError(obj)


def get_tree(code: Node) -> str:
    """An indented outline of the tree (one line per node: class and its text, shortened)."""
    lines: list[str] = []
    stack: list[tuple[int, Node]] = [(0, k) for k in reversed(code.children)]
    while stack:
        depth, n = stack.pop()
        text = str(n)
        shown = text if len(text) <= 60 else text[:57] + "..."
        lines.append(f"{'  ' * depth}{type(n).__name__} {shown!r}")
        stack.extend((depth + 1, k) for k in reversed(n.children))
    return "\n".join(lines)


_nodes.register_layer("query", sys.modules[__name__])


# -- mwparserfromhell's Template.add / Template.remove, Wikilink.title = ... --------------------

_EDGES = re.compile(r"\A(\s*).*?(\s*)\Z", re.S)


def _escape_top_text(code: Wikicode, char: str) -> None:
    """Write ``char`` as an entity where it would split the value (its top-level text)."""
    entity = f"&#{ord(char)};"
    for n in code.nodes:
        if type(n) is Text and char in n.value:
            n.value = n.value.replace(char, entity)


def _edges(text: str) -> tuple[str, str]:
    m = _EDGES.match(text)
    return (m.group(1), m.group(2)) if m else ("", "")


def _code(*parts: object) -> Wikicode:
    """A Wikicode of ``parts`` (None skipped), adjacent text merged as the parser merges it."""
    nodes: list[Node] = []
    for part in parts:
        for n in as_nodes(part) if part is not None else ():
            if type(n) is Text and nodes and type(nodes[-1]) is Text:
                nodes[-1] = Text(value=nodes[-1].value + n.value)
            else:
                nodes.append(n)
    return Wikicode(nodes=nodes)


def _blank(param: Parameter) -> None:
    text = str(param.value)
    lead, trail = ("", text) if text.isspace() else _edges(text)
    param.value = Wikicode(nodes=[Text(value=lead + trail)] if lead + trail else [])


def remove_param(template: Template, param: object, keep_field: bool = False) -> None:
    """``Template.remove``: a :class:`Parameter` object, or every parameter with that key.

    By key without ``keep_field`` this is :func:`wikiparse.edit.remove_param` (a positional
    parameter followed by others is emptied, so that their numbers do not change; the last
    one's final whitespace goes to the new last).  ``keep_field=True`` empties the first and
    removes the other duplicates, keeping the whitespace, as mwparserfromhell does.  Missing:
    :class:`~wikiparse.nodes.ParameterNotFound` (a KeyError and a ValueError)."""
    params = template.params
    if isinstance(param, Parameter):
        i = next((j for j, p in enumerate(params) if p is param), -1)
        if i < 0:
            raise _nodes.ParameterNotFound(param)
        if keep_field:
            _blank(param)
        else:
            _edit.remove_param(template, _nodes.param_items(template)[i][0])
        return
    key = str(param).strip()
    if not keep_field:
        try:
            _edit.remove_param(template, key)
        except KeyError:
            raise _nodes.ParameterNotFound(param) from None
        return
    doomed = [p for k, p in _nodes.param_items(template) if k == key]
    if not doomed:
        raise _nodes.ParameterNotFound(param)
    _blank(doomed[0])
    for p in doomed[1:]:
        params.remove(p)
    _nodes.number_params(params)


def add_param(
    template: Template,
    name: object,
    value: object,
    showkey: bool | None = None,
    before: object = None,
    after: object = None,
    preserve_spacing: bool = True,
) -> Parameter:
    """``Template.add`` with mwparserfromhell's parameters.

    With ``preserve_spacing`` (the default) this is :func:`wikiparse.edit.set_param`: an
    existing parameter keeps its place and the whitespace around its value, a new one copies
    its neighbours' layout (newlines, alignment) and is positional when its number continues
    the positional ones.  ``preserve_spacing=False`` writes ``name=value`` as given.
    ``before``/``after`` name a parameter (or are one); ``showkey=True`` writes a number
    out; ``|`` in the value's text is written ``&#124;`` so the value stays one parameter,
    as mwparserfromhell does (a positional value holding ``=`` gets its number written out,
    ``1=x=y``, where mwparserfromhell writes ``x&#61;y``)."""
    if before is not None and after is not None:
        raise ValueError("Cannot set a value for both 'before' and 'after'")
    key = str(name).strip()
    code = _code(value)
    _escape_top_text(code, "|")
    items = _nodes.param_items(template)
    anchor_key = _key_of(items, before) if before is not None else None
    if after is not None:
        i = _index_of(items, after)
        anchor_key = items[i + 1][0] if i + 1 < len(items) else None
    existing = template.get(key, None)
    if existing is not None or preserve_spacing:
        # A positional value holding "=" gets its number written out (set_param), not &#61;.
        if existing is not None and not preserve_spacing:
            existing.value = code
            param = existing
        else:
            param = _edit.set_param(template, key, str(code), before=anchor_key)
    else:
        param = Parameter(name=None if showkey is False else _code(name), value=code)
        if showkey is False:
            _escape_top_text(code, "=")
        at = next(i for i, (k, _) in enumerate(items) if k == anchor_key) if anchor_key else len(items)
        template.params.insert(at, param)
    if showkey and not param.showkey:
        param.name = Wikicode(nodes=[Text(value=key)])
    _nodes.number_params(template.params)
    return param


def _key_of(items: list[tuple[str, Parameter]], which: object) -> str:
    return items[_index_of(items, which)][0]


def _index_of(items: list[tuple[str, Parameter]], which: object) -> int:
    """Where a parameter (given as itself or by key; the last duplicate) is in ``items``."""
    found = -1
    for i, (k, p) in enumerate(items):
        if p is which if isinstance(which, Parameter) else k == str(which).strip():
            found = i
    if found < 0:
        raise _nodes.ParameterNotFound(which)
    return found


def set_link_title(link: Wikilink, value: object) -> None:
    """``link.title = value``: the target becomes exactly ``value`` (mwparserfromhell's
    assignment); the link's namespace is recomputed."""
    text = str(value)
    _edit.set_link_target(link, text)
    link.target = _code(text)
