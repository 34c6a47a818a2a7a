"""Editing a parsed tree in place, keeping every untouched character where it was.

Two kinds of edit live here:

* semantic ones on templates and links (set, add, remove and rename parameters; change a link's
  target or label), which copy the layout of their neighbours so that a new parameter in an
  infobox lands on its own ``| key = value`` line, aligned like the others;
* generic ones on any node (:func:`replace`, :func:`remove`, :func:`insert_before`,
  :func:`insert_after`), which find the node's parent with an iterative walk, because nodes keep
  no parent pointers.

Values given as strings are wikitext: they are parsed into nodes, so the edited tree is the
tree that parsing the edited text gives.  Offsets (``start``/``end``) go stale after an edit;
call :func:`wikiparse.reindex` on the root when you need them again.
"""

from __future__ import annotations

import bisect
import contextlib
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any, cast

import attrs

from . import nodes as _nodes
from ._mw import normalize_title
from ._parse import parse_fragment
from .config import DEFAULT_CONFIG, ParserConfig
from .nodes import (
    BehaviorSwitch,
    Document,
    ExtensionTag,
    ExternalLink,
    FileLink,
    Formatting,
    Heading,
    Node,
    Paragraph,
    Parameter,
    ParentIndex,
    Section,
    Template,
    Text,
    Wikicode,
    Wikilink,
    get_param,
    number_params,
    param_items,
)

__all__ = [
    "Editor",
    "editing",
    "get_param",
    "insert_after",
    "insert_before",
    "param_items",
    "parse_value",
    "regroup_sections",
    "remove",
    "remove_param",
    "rename_template",
    "replace",
    "set_link_target",
    "set_link_text",
    "set_param",
]

NewContent = str | Node | Sequence[Node]

_LEAD_WS_RE = re.compile(r"\A\s*")
_TRAIL_WS_RE = re.compile(r"\s*\Z")
_NAME_RE = re.compile(r"\A(\s*)(.*?)((?:\s|<!--.*?(?:-->|\Z))*)\Z", re.S)


# --------------------------------------------------------------------------------------------
# Parsing values
# --------------------------------------------------------------------------------------------


def _fragment(text: str, config: ParserConfig | None = None, *, inline: bool = True) -> Wikicode:
    """Parse wikitext with the parser's fragment entry point: inline (as in a parameter value or
    a link label) unless the text goes between blocks of a section."""
    return parse_fragment(text, config=config, inline=inline)


def parse_value(
    text: str, config: ParserConfig | None = None, owner: Node | None = None, field: str = ""
) -> Wikicode:
    """What a ``str`` assigned to the wikitext field ``owner.<field>`` becomes
    (``template.name = "x"``): the text parsed inline, with ``config`` (see :func:`editing`).

    An external link's ``url`` takes the URL's own nodes (parsing ``https://x`` alone gives a
    bare link, which inside a link would make a link in a link); text that MediaWiki would not
    read as a URL there raises ValueError, since the edited text would not be a link at all.
    """
    code = _fragment(text, config)
    if isinstance(owner, ExternalLink) and field == "url":
        only = code.nodes[0] if len(code.nodes) == 1 else None
        if not (isinstance(only, ExternalLink) and not only.brackets):
            raise ValueError(f"{text!r} is not a URL MediaWiki would link")
        return only.url
    return code


@contextlib.contextmanager
def editing(doc_or_config: Document | ParserConfig) -> Iterator[ParserConfig]:
    """Within this block, strings assigned to node fields (``param.value = "[[Файл:B.jpg]]"``)
    are parsed with the document's config (or the config given), not the default one.

    Nodes do not know their document, so outside such a block (or an :class:`Editor`) an
    assigned string is parsed with :data:`~wikiparse.config.DEFAULT_CONFIG`.
    """
    config = doc_or_config.config if isinstance(doc_or_config, Document) else doc_or_config
    token = _nodes.EDIT_CONFIG.set(config)
    try:
        yield config
    finally:
        _nodes.EDIT_CONFIG.reset(token)


def _leading_ws(s: str) -> str:
    m = _LEAD_WS_RE.match(s)
    return m.group(0) if m else ""


def _trailing_ws(s: str) -> str:
    m = _TRAIL_WS_RE.search(s)
    return m.group(0) if m else ""


# --------------------------------------------------------------------------------------------
# Template parameters
# --------------------------------------------------------------------------------------------


def _mode(samples: list[str], default: str) -> str:
    """The most common sample (the earliest on ties), or ``default`` when there is none."""
    if not samples:
        return default
    counts = Counter(samples)
    best = max(counts.values())
    return next(s for s in samples if counts[s] == best)


@attrs.define
class _Layout:
    """How a template's parameters are written: the whitespace around names, ``=`` and pipes."""

    name_lead: str = ""
    name_trail: str = ""
    value_lead: str = ""
    sep: str = ""  # whitespace that ends a value before the next "|"
    end: str = ""  # whitespace that ends the last value (or the name) before "}}"
    align: int = 0  # column of "=" counted from the pipe, when the names are padded to it


def _layout(template: Template) -> _Layout:
    """Learn the layout from the existing parameters (named ones first, for named layouts)."""
    named = [p for p in template.params if p.showkey]
    names = [str(p.name) for p in named]
    lay = _Layout()
    lay.name_lead = _mode([_leading_ws(n) for n in names], "")
    lay.name_trail = _mode([_trailing_ws(n) for n in names], "")
    lay.value_lead = _mode([_leading_ws(str(p.value)) for p in named], "")
    lay.align = _alignment(names)
    last = str(template.params[-1].value) if template.params else str(template.name)
    lay.end = _trailing_ws(last)
    seps = [_trailing_ws(str(p.value)) for p in template.params[:-1]]
    if template.params:
        seps.append(_trailing_ws(str(template.name)))
    lay.sep = _mode(seps, lay.end)
    return lay


def _alignment(names: list[str]) -> int:
    """The column names are padded to (0 if they are not): the most common name width, when
    most names share it and some name was padded with more than one space to reach it."""
    if not names:
        return 0
    widths = Counter(len(n) for n in names)
    width, count = widths.most_common(1)[0]
    if count * 2 < len(names) or (count < 2 < len(names)):
        return 0
    padded = any(len(n) == width and len(_trailing_ws(n)) > 1 for n in names)
    return width if padded else 0


def _set_trailing_ws(code: Wikicode, ws: str, config: ParserConfig | None) -> Wikicode:
    """``code`` with its trailing whitespace replaced by ``ws`` (in place when possible)."""
    text = str(code)
    if _trailing_ws(text) == ws:
        return code
    last = code.nodes[-1] if code.nodes else None
    if type(last) is Text and last.value.rstrip():
        last.value = last.value.rstrip() + ws
        return code
    return _fragment(text.rstrip() + ws, config)


def _surround(value: str, lead: str, trail: str) -> str:
    """Add layout whitespace at each end of ``value`` that does not bring its own."""
    if value[:1].isspace() is False:
        value = lead + value
    if value[-1:].isspace() is False:
        value = value + trail
    return value


def _named_name(lay: _Layout, key: str) -> str:
    if lay.align:
        pad = lay.align - len(lay.name_lead) - len(key)
        return lay.name_lead + key + " " * max(pad, 1 if lay.name_trail else 0)
    return lay.name_lead + key + lay.name_trail


def _set_existing(param: Parameter, key: str, value: str, config: ParserConfig | None) -> None:
    """Replace a parameter's value, keeping the whitespace around the old one."""
    old = str(param.value)
    if value == value.strip():
        if old.strip():
            value = _leading_ws(old) + value + _trailing_ws(old)
        else:
            # An empty value such as " \n" (``| b = \n| c = 3``): the new value goes before
            # the line break, which ends the value, not after it.
            br = old.find("\n")
            value = old + value if br < 0 else old[:br] + value + old[br:]
    if not param.showkey and "=" in value:
        # A positional value holding "=" would be read as a named parameter: name it.
        param.name = Wikicode(nodes=[Text(value=key)])
    param.value = _fragment(value, config)


def set_param(
    template: Template,
    name: str | int,
    value: str,
    before: str | int | None = None,
    *,
    config: ParserConfig | None = None,
) -> Parameter:
    """Set parameter ``name`` to the wikitext ``value``; return the parameter.

    An existing parameter (the last duplicate, the one MediaWiki uses) keeps its place and the
    whitespace around its value.  A new one is appended (or inserted before the parameter
    ``before``) in the layout of its neighbours: the same whitespace around name, ``=`` and
    pipes, names padded to the same column when the others are aligned.  A new number that
    continues the positional parameters is written positionally.
    """
    key = str(name).strip()
    existing = get_param(template, key)
    if existing is not None:
        _set_existing(existing, key, value, config)
        return existing
    lay = _layout(template)
    anchor = get_param(template, before) if before is not None else None
    if before is not None and anchor is None:
        raise ValueError(f"no parameter {before!r} to insert before")
    positional = sum(1 for p in template.params if not p.showkey)
    trail = lay.sep if anchor is not None else lay.end
    if key.isdigit() and int(key) == positional + 1 and anchor is None and "=" not in value:
        param = Parameter(name=None, value=_fragment(_surround(value, "", trail), config))
    else:
        param = Parameter(
            name=_fragment(_named_name(lay, key), config),
            value=_fragment(_surround(value, lay.value_lead, trail), config),
        )
    if anchor is not None:
        template.params.insert(_index(template.params, anchor), param)
    else:
        if template.params:
            last = template.params[-1]
            last.value = _set_trailing_ws(last.value, lay.sep, config)
        template.params.append(param)
    number_params(template.params)
    return param


def _index(items: Sequence[object], item: object) -> int:
    for i, x in enumerate(items):
        if x is item:
            return i
    raise ValueError("item not found")  # pragma: no cover - callers pass members


def remove_param(
    template: Template, name: str | int, *, config: ParserConfig | None = None
) -> None:
    """Remove every parameter with key ``name`` (KeyError if there is none).

    A positional parameter followed by other positional ones is emptied rather than removed,
    so that the ones after it keep their numbers.  Removing the last parameter hands its final
    whitespace (often the newline before ``}}``) to the parameter now last.
    """
    key = str(name).strip()
    doomed = [p for k, p in param_items(template) if k == key]
    if not doomed:
        raise KeyError(name)
    for p in doomed:
        i = _index(template.params, p)
        later_positional = any(not q.showkey for q in template.params[i + 1 :])
        if not p.showkey and later_positional:
            old = str(p.value)
            p.value = _fragment(_leading_ws(old) + _trailing_ws(old) if old.strip() else old, config)
            continue
        end = _trailing_ws(str(p.value))
        was_last = i == len(template.params) - 1
        del template.params[i]
        number_params(template.params)
        if was_last:
            if template.params:
                prev = template.params[-1]
                prev.value = _set_trailing_ws(prev.value, end, config)
            else:
                template.name = _set_trailing_ws(template.name, end, config)


def rename_template(template: Template, new_name: str, *, config: ParserConfig | None = None) -> None:
    """Give the template a new name, keeping the whitespace and comments around the old one."""
    m = _NAME_RE.match(str(template.name))
    lead, trail = (m.group(1), m.group(3)) if m else ("", "")
    template.name = _fragment(lead + new_name.strip() + trail, config)


# --------------------------------------------------------------------------------------------
# Links
# --------------------------------------------------------------------------------------------


def set_link_target(
    link: Wikilink,
    target: str,
    *,
    keep_text: bool = False,
    config: ParserConfig | None = None,
) -> None:
    """Point ``link`` at ``target`` (wikitext); the label and trail stay as written.

    A link without a label shows its target, so retargeting changes what a reader sees; pass
    ``keep_text=True`` to keep the old visible text as an explicit label (``[[Old]]`` becomes
    ``[[New|Old]]``).  The link's ``namespace`` is updated from ``config``.
    """
    m = _NAME_RE.match(str(link.target))
    lead, trail = (m.group(1), m.group(3)) if m else ("", "")
    new_target = _fragment(lead + target.strip() + trail, config)
    # How the parser reads the new target (namespace, interwiki prefix, kind of link).
    probe = _fragment(f"[[{new_target}]]", config).nodes
    if len(probe) == 1 and isinstance(probe[0], Wikilink):
        if type(probe[0]) is not type(link):
            raise ValueError(
                f"[[{target}]] is a {type(probe[0]).__name__}, not a {type(link).__name__}: "
                "replace the link instead (wikiparse.edit.replace)"
            )
        namespace, interwiki = probe[0].namespace, probe[0].interwiki
    else:
        cfg = config or DEFAULT_CONFIG
        ns, _ = cfg.split_namespace(normalize_title(target.split("#", 1)[0], config=cfg))
        namespace, interwiki = (cfg.namespace_name(ns) if ns else ""), ""
    if keep_text and link.text is None and not isinstance(link, FileLink):
        link.text = _fragment(str(link.target).lstrip(":"), config)
    link.target = new_target
    link.namespace, link.interwiki = namespace, interwiki


def set_link_text(
    link: Wikilink | ExternalLink, text: str | None, *, config: ParserConfig | None = None
) -> None:
    """Set the label a reader sees (wikitext), or remove it with ``None``.

    For a file link the label is its caption (the last part that is not an option); for an
    external link, a bare URL gains brackets when it gets a label.
    """
    if isinstance(link, FileLink):
        _set_caption(link, text, config)
    elif isinstance(link, ExternalLink):
        _set_external_text(link, text, config)
    else:
        link.text = None if text is None else _fragment(text, config)


def _set_caption(link: FileLink, text: str | None, config: ParserConfig | None) -> None:
    caption = link.interpret()["caption"]
    if caption is None:
        if text is not None:
            link.options.append(_fragment(text, config))
        return
    i = _index(link.options, caption)
    if text is None:
        del link.options[i]
    else:
        link.options[i] = _fragment(text, config)


def _set_external_text(link: ExternalLink, text: str | None, config: ParserConfig | None) -> None:
    if text is None:
        link.text = None
        if link.brackets:
            link.space = ""
        return
    link.brackets = True
    link.space = link.space or " "
    link.text = _fragment(text, config)


# --------------------------------------------------------------------------------------------
# Generic edits
# --------------------------------------------------------------------------------------------


@attrs.define
class _Slot:
    """Where a node lives: ``parent.<field>`` itself, or ``parent.<field>[index]``;
    ``ancestors`` are the parent's own ancestors, innermost first."""

    parent: Node
    field: str
    index: int | None
    ancestors: list[Node] = attrs.field(factory=list)

    def refresh_tag_bodies(self) -> None:
        """Keep the raw ``body`` of enclosing extension tags (``<ref>`` ...) equal to their
        parsed ``contents`` after an edit inside them."""
        for node in (self.parent, *self.ancestors):
            if isinstance(node, ExtensionTag) and node.contents is not None:
                node.body = str(node.contents)


_FIELD_CACHE: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    """The attrs field names of a node class (cached: edits walk many nodes)."""
    names = _FIELD_CACHE.get(cls)
    if names is None:
        names = tuple(f.name for f in attrs.fields(cast(Any, cls)))
        _FIELD_CACHE[cls] = names
    return names


def _locate(root: Node, node: Node) -> _Slot:
    """Find the field holding ``node`` by walking down from ``root`` (iteratively), noting
    each node's parent on the way so that the ancestors can be listed."""
    if node is root:
        raise ValueError("cannot edit the root itself; edit its children")
    parent_of: dict[int, Node] = {}
    stack: list[Node] = [root]
    while stack:
        parent = stack.pop()
        for name in _field_names(type(parent)):
            value = getattr(parent, name)
            if value is node:
                return _Slot(parent, name, None, _ancestors(parent, parent_of))
            if isinstance(value, list) and value and isinstance(value[0], Node):
                for i, item in enumerate(value):
                    if item is node:
                        return _Slot(parent, name, i, _ancestors(parent, parent_of))
        kids = parent.children
        for kid in kids:
            parent_of[id(kid)] = parent
        stack.extend(reversed(kids))
    raise ValueError(f"{node!r} is not beneath {root!r}")


def _ancestors(node: Node, parent_of: dict[int, Node]) -> list[Node]:
    out: list[Node] = []
    up = parent_of.get(id(node))
    while up is not None:
        out.append(up)
        up = parent_of.get(id(up))
    return out


def _as_nodes(new: NewContent, config: ParserConfig | None) -> list[Node]:
    """New content as a node list: strings are parsed, a bare Wikicode is unwrapped."""
    if isinstance(new, str):
        return list(_fragment(new, config).nodes)
    if isinstance(new, Node):
        return list(new.nodes) if type(new) is Wikicode else [new]
    return list(new)


def _for_list(slot: _Slot, new: NewContent, config: ParserConfig | None) -> list[Node]:
    """New content shaped for the list at ``slot``: inline nodes for a node sequence
    (``Wikicode.nodes``), one Wikicode per entry for lists of Wikicode (file options, pre
    lines), and nodes given as such for lists of structural nodes (parameters, rows, cells)."""
    items: list[Node] = getattr(slot.parent, slot.field)
    if slot.field == "nodes":
        if isinstance(new, str) and isinstance(slot.parent, Section):
            return list(_fragment(new, config, inline=False).nodes)
        return _as_nodes(new, config)
    if all(type(x) is Wikicode for x in items):
        if isinstance(new, str):
            return [_fragment(new, config)]
        if isinstance(new, Node):
            return [new if type(new) is Wikicode else Wikicode(nodes=[new])]
        return [Wikicode(nodes=list(new))]
    if isinstance(new, str):
        raise TypeError(f"{type(slot.parent).__name__}.{slot.field} takes nodes, not text")
    return [new] if isinstance(new, Node) else list(new)


def _for_field(slot: _Slot, current: Node, new: NewContent, config: ParserConfig | None) -> Node:
    """New content shaped for a single-node field: a Wikicode field gets a Wikicode."""
    if type(current) is Wikicode:
        if isinstance(new, Node) and type(new) is Wikicode:
            return new
        if isinstance(new, str):
            return parse_value(new, config, slot.parent, slot.field)
        return Wikicode(nodes=_as_nodes(new, config))
    nodes = _as_nodes(new, config)
    if len(nodes) != 1 or not isinstance(nodes[0], type(current)):
        raise TypeError(
            f"{type(slot.parent).__name__}.{slot.field} needs one {type(current).__name__}"
        )
    return nodes[0]


def replace(
    root: Node, old: Node, new: NewContent, *, config: ParserConfig | None = None
) -> list[Node]:
    """Put ``new`` (wikitext, a node or nodes) where ``old`` is; return the inserted nodes.

    Strings are parsed with ``config``, or the config of ``root`` when it is a Document.
    On a Document, an edit that adds or removes headings renumbers them and regroups the
    sections (as do :func:`remove` and the inserts)."""
    removed = _headings([old])
    nodes = _replace_at(_locate(root, old), old, new, config or _config_of(root))
    _after_heading_edit(root, _headings(nodes), removed)
    return nodes


def _replace_at(slot: _Slot, old: Node, new: NewContent, config: ParserConfig | None) -> list[Node]:
    if slot.index is None:
        node = _for_field(slot, old, new, config)
        setattr(slot.parent, slot.field, node)
        slot.refresh_tag_bodies()
        return [node]
    nodes = _for_list(slot, new, config)
    items: list[Node] = getattr(slot.parent, slot.field)
    items[slot.index : slot.index + 1] = nodes
    if slot.field == "nodes":
        _merge_texts(items, slot.index - 1, slot.index + len(nodes))
    slot.refresh_tag_bodies()
    return nodes


def _merge_texts(items: list[Node], lo: int, hi: int) -> None:
    """Join adjacent text nodes in ``items[lo:hi + 1]``, as the parser would have made one
    text node of them (so that re-parsing the edited text gives the edited tree)."""
    i = max(lo, 0)
    hi = min(hi, len(items) - 1)
    while i < hi:
        a, b = items[i], items[i + 1]
        if type(a) is Text and type(b) is Text:
            a.value += b.value
            del items[i + 1]
            hi -= 1
        else:
            i += 1


def remove(root: Node, node: Node) -> None:
    """Take ``node`` out of the tree.

    In a list it is deleted; a line-level neighbour that followed it (a list item, a table cell
    or row) inherits its line start, so that ``* a\\n* b`` minus ``a`` is ``* b``, not ``\\n* b``,
    and an inline ``|| cell`` moved to a line start becomes ``| cell``.  An optional field (a
    link label, a default) becomes None; a required Wikicode field becomes empty.

    MediaWiki's line rules: a node that began a line takes the spaces after it along (left
    behind, they would start the line and make it preformatted text), and a node that filled
    its line takes the line break after it (left behind, two breaks would end the paragraph).
    """
    section = _remove_at(_locate(root, node), node)
    if section is not None:
        _resettle(section, _config_of(root))
    _after_heading_edit(root, [], _headings([node]))


def _remove_at(slot: _Slot, node: Node) -> Section | None:
    """Remove ``node``; return the section whose blocks to re-settle (see :func:`_resettle`)
    when the removal touched a line of a paragraph or of the section itself."""
    if slot.index is not None:
        items: list[Node] = getattr(slot.parent, slot.field)
        del items[slot.index]
        if slot.index < len(items):
            _inherit_line_start(node, items[slot.index], first=slot.index == 0)
        touched = False
        if slot.field == "nodes":
            touched = _close_line_gap(slot.parent, items, slot.index)
            _merge_texts(items, slot.index - 1, slot.index)
        slot.refresh_tag_bodies()
        if isinstance(slot.parent, Formatting) and not items and slot.ancestors:
            # An italic link minus its link would leave four apostrophes, which read as an
            # apostrophe and a bold marker: the emptied formatting goes too.
            outer = _slot_in(slot.ancestors[0], slot.parent, slot.ancestors[1:])
            if outer is not None:
                return _remove_at(outer, slot.parent)
        if isinstance(slot.parent, Section) and (touched or isinstance(node, Paragraph)):
            return slot.parent
        if touched and isinstance(slot.parent, Paragraph) and slot.ancestors:
            up = slot.ancestors[0]
            return up if isinstance(up, Section) else None
        return None
    f = attrs.fields_dict(cast(Any, type(slot.parent)))[slot.field]
    if f.default is None:
        setattr(slot.parent, slot.field, None)
    elif isinstance(node, Wikicode):
        setattr(slot.parent, slot.field, Wikicode())
    else:
        raise TypeError(f"{type(slot.parent).__name__}.{slot.field} cannot be removed")
    slot.refresh_tag_bodies()
    return None


def _slot_in(parent: Node, node: Node, ancestors: list[Node]) -> _Slot | None:
    """Where ``node`` sits in ``parent`` (which must hold it directly)."""
    for name in _field_names(type(parent)):
        value = getattr(parent, name)
        if value is node:
            return _Slot(parent, name, None, ancestors)
        if isinstance(value, list):
            for i, item in enumerate(value):
                if item is node:
                    return _Slot(parent, name, i, ancestors)
    return None


def _resettle(section: Section, config: ParserConfig | None) -> bool:
    """Make the blocks of ``section`` (between its heading and its first subsection) what
    parsing their text gives, when a removal changed the lines they stand on.

    MediaWiki's line rules reach past the removed node: a comment left alone at a paragraph's
    start, an emptied paragraph, two paragraphs now joined by their text.  The blocks are
    re-read from their text; when that gives the same tree nothing changes, else the new
    blocks replace the old ones (nodes inside them are then new objects).  Returns whether
    the blocks were replaced.
    """
    first = 1 if section.heading is not None else 0
    last = next(
        (i for i in range(first, len(section.nodes)) if isinstance(section.nodes[i], Section)),
        len(section.nodes),
    )
    body = section.nodes[first:last]
    fresh = _fragment("".join(map(str, body)), config, inline=False).nodes
    if _same_tree(Wikicode(nodes=body), Wikicode(nodes=fresh)):
        return False
    section.nodes[first:last] = fresh
    return True


def _same_tree(a: Node, b: Node) -> bool:
    from .testing import assert_same_tree

    try:
        assert_same_tree(a, b)
    except AssertionError:
        return False
    return True


def _close_line_gap(parent: Node, items: list[Node], at: int) -> bool:
    """After removing ``items[at]`` (see :func:`remove`): if it began a line, drop the spaces
    that would now begin it, and the line break when the line is now empty.  Returns whether
    the removal touched the start or the end of a line (then the blocks may change)."""
    before = items[at - 1] if at > 0 else None
    after = items[at] if at < len(items) else None
    if before is None:
        line_start = isinstance(parent, Paragraph | Section | Document)
    else:
        line_start = type(before) is Text and before.value.endswith("\n")
    line_end = after is None or (type(after) is Text and after.value[:1] == "\n")
    # Apostrophes meeting across the gap make new bold or italic markers.
    quotes = (
        type(before) is Text and before.value.endswith("'")
        and type(after) is Text and after.value.startswith("'")
    )
    if not line_start or type(after) is not Text:
        return line_start or line_end or quotes
    text = after
    rest = text.value.lstrip(" \t")
    if rest.startswith("\n"):
        rest = rest[1:]
    if rest:
        text.value = rest
    else:
        del items[at]
    return True


def _inherit_line_start(removed: Node, nxt: Node, *, first: bool) -> None:
    gone = getattr(removed, "leading", None)
    here = getattr(nxt, "leading", None)
    if not isinstance(gone, str) or not isinstance(here, str):
        return
    if here == "" or first:
        nxt.leading = gone  # type: ignore[attr-defined]
        marker = getattr(nxt, "marker", None)
        if gone and marker in ("||", "!!"):
            nxt.marker = marker[0]  # type: ignore[attr-defined]


def _insert(
    root: Node, anchor: Node, new: NewContent, after: bool, config: ParserConfig | None
) -> list[Node]:
    nodes = _insert_at(_locate(root, anchor), new, after, config or _config_of(root))
    _after_heading_edit(root, _headings(nodes), [])
    return nodes


def _insert_at(slot: _Slot, new: NewContent, after: bool, config: ParserConfig | None) -> list[Node]:
    if slot.index is None:
        raise ValueError(
            f"{type(slot.parent).__name__}.{slot.field} holds one node; "
            "insert into its contents instead"
        )
    nodes = _for_list(slot, new, config)
    at = slot.index + 1 if after else slot.index
    items: list[Node] = getattr(slot.parent, slot.field)
    items[at:at] = nodes
    if slot.field == "nodes":
        _merge_texts(items, at - 1, at + len(nodes))
    slot.refresh_tag_bodies()
    return nodes


def insert_before(
    root: Node, anchor: Node, new: NewContent, *, config: ParserConfig | None = None
) -> list[Node]:
    """Insert ``new`` (wikitext, a node or nodes) just before ``anchor``; return the new nodes."""
    return _insert(root, anchor, new, False, config)


def insert_after(
    root: Node, anchor: Node, new: NewContent, *, config: ParserConfig | None = None
) -> list[Node]:
    """Insert ``new`` (wikitext, a node or nodes) just after ``anchor``; return the new nodes."""
    return _insert(root, anchor, new, True, config)


def _config_of(root: Node) -> ParserConfig | None:
    """The config a Document was parsed with (None for other roots: the default)."""
    return root.config if isinstance(root, Document) else None


# --------------------------------------------------------------------------------------------
# Sections and heading numbers after edits
# --------------------------------------------------------------------------------------------


def regroup_sections(doc: Document) -> None:
    """Group ``doc``'s top-level blocks into nested sections again, as parsing would.

    Edits that add or remove a heading, or change a heading's level, leave the old grouping
    behind; this rebuilds it, keeping the Section object of every heading that had one (and
    the lead), and changes nothing when the grouping is still right.  Called by the edit
    functions after such edits, and by :attr:`Document.sections`.  Pages read by
    :func:`wikiparse.parse_rendered` (whose sections follow the rendered page) are left alone.
    """
    blocks: list[Node] = []
    owner: dict[int, Section] = {}  # id(heading) -> its current section
    lead: Section | None = None
    stack: list[Node] = list(reversed(doc.nodes))
    while stack:
        n = stack.pop()
        if isinstance(n, Section):
            if n.level < 0:
                return  # a page read by parse_rendered: its sections are not wikitext's
            if n.heading is not None:
                if n.heading.edit_section is not None:
                    return  # likewise
                owner[id(n.heading)] = n
            elif lead is None and n.level == 0:
                lead = n
            stack.extend(reversed(n.nodes))
        else:
            blocks.append(n)
    if lead is None:
        lead = Section(level=0, number=0)
    plan: list[tuple[Section, list[Node]]] = [(lead, [])]
    top: list[Node] = [lead]
    open_: list[tuple[Section, list[Node]]] = [plan[0]]
    for b in blocks:
        if isinstance(b, Heading):
            while len(open_) > 1 and open_[-1][0].level >= b.level:
                open_.pop()
            sec = owner.get(id(b)) or Section()
            sec.level, sec.number = b.level, b.number
            entry: tuple[Section, list[Node]] = (sec, [b])
            plan.append(entry)
            (top if len(open_) == 1 else open_[-1][1]).append(sec)
            open_.append(entry)
        else:
            open_[-1][1].append(b)
    for sec, kids in plan:
        _merge_texts(kids, 0, len(kids))  # text on both sides of a removed heading
        if not _same_items(sec.nodes, kids):
            sec.nodes = kids
    if not _same_items(doc.nodes, top):
        doc.nodes = top


def _same_items(a: Sequence[object], b: Sequence[object]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def _headings(nodes: Sequence[Node]) -> list[Heading]:
    return [h for n in nodes for h in _nodes.walk(n) if isinstance(h, Heading)]


def _after_heading_edit(root: Node, added: list[Heading], removed: list[Heading]) -> None:
    """Renumber the headings and regroup the sections of a Document after an edit that added
    or removed headings (each keeps MediaWiki's edit-section number: source order)."""
    if not isinstance(root, Document) or not (added or removed):
        return
    gone = sorted(h.number for h in removed if h.number > 0)
    new = {id(h) for h in added}
    no_edit = any(
        isinstance(n, BehaviorSwitch) and n.name == "NOEDITSECTION" for n in _nodes.walk(root)
    )
    shift = last = 0
    for h in _nodes.walk(root):
        if not isinstance(h, Heading):
            continue
        if id(h) in new:
            last += 1
            shift += 1
            h.number, h.editable = last, not no_edit
        elif h.number > 0:
            h.number += shift - bisect.bisect_left(gone, h.number)
            last = h.number
    regroup_sections(root)


# --------------------------------------------------------------------------------------------
# Many edits of one document
# --------------------------------------------------------------------------------------------


class Editor(ParentIndex):
    """Many edits of one tree: a parent index built once, and the document's config.

    The module-level :func:`replace`, :func:`remove`, :func:`insert_before` and
    :func:`insert_after` find a node's parent by walking down from the root, once per edit;
    an Editor walks the tree once, keeps ``id(node) -> (node, parent)`` and updates it as it
    edits (new content is indexed as it is inserted), so each edit costs about the size of
    what it changes.  Strings are parsed with ``config``, by default the config the document
    was parsed with (:attr:`wikiparse.nodes.Document.config`), so that on a Bulgarian wiki
    ``[[Файл:B.jpg]]`` becomes a FileLink, as re-parsing the edited text would make it.

    Edit the tree only through the Editor while you use one: an edit made elsewhere is not in
    its index (a node it cannot place raises ValueError).
    """

    def __init__(self, root: Node, *, config: ParserConfig | None = None) -> None:
        self.config: ParserConfig = config or _config_of(root) or DEFAULT_CONFIG
        super().__init__(root)

    def _locate(self, node: Node) -> _Slot:
        if node is self.root:
            raise ValueError("cannot edit the root itself; edit its children")
        parent = self.parent(node)
        if parent is not None:
            for name in _field_names(type(parent)):
                value = getattr(parent, name)
                if value is node:
                    return _Slot(parent, name, None, self.ancestors(parent))
                if isinstance(value, list) and value and isinstance(value[0], Node):
                    for i, item in enumerate(value):
                        if item is node:
                            return _Slot(parent, name, i, self.ancestors(parent))
        raise ValueError(f"{node!r} is not beneath {self.root!r}")

    def _adopt(self, parent: Node, nodes: list[Node]) -> list[Node]:
        for n in nodes:
            self._parents[id(n)] = (n, parent)
            self._index(n)
        return nodes

    # -- generic edits ----------------------------------------------------------------------

    def replace(self, old: Node, new: NewContent) -> list[Node]:
        """:func:`replace` without the walk from the root."""
        slot = self._locate(old)
        removed = _headings([old])
        nodes = self._adopt(slot.parent, _replace_at(slot, old, new, self.config))
        self._after_heading_edit(_headings(nodes), removed)
        return nodes

    def _after_heading_edit(self, added: list[Heading], removed: list[Heading]) -> None:
        """Renumber and regroup (see :func:`replace`); new sections join the index."""
        if added or removed:
            _after_heading_edit(self.root, added, removed)
            self._index(self.root)

    def remove(self, node: Node) -> None:
        """:func:`remove` without the walk from the root."""
        slot = self._locate(node)
        section = _remove_at(slot, node)
        self._parents.pop(id(node), None)
        if section is not None:
            old = section.nodes[:]
            if _resettle(section, self.config):
                for gone in old:
                    for n in _nodes.walk(gone):
                        self._parents.pop(id(n), None)
                self._index(section)
        self._after_heading_edit([], _headings([node]))
        if slot.index is None:  # a required Wikicode field became a new, empty one
            value = getattr(slot.parent, slot.field)
            if isinstance(value, Node):
                self._adopt(slot.parent, [value])

    def insert_before(self, anchor: Node, new: NewContent) -> list[Node]:
        slot = self._locate(anchor)
        nodes = self._adopt(slot.parent, _insert_at(slot, new, False, self.config))
        self._after_heading_edit(_headings(nodes), [])
        return nodes

    def insert_after(self, anchor: Node, new: NewContent) -> list[Node]:
        slot = self._locate(anchor)
        nodes = self._adopt(slot.parent, _insert_at(slot, new, True, self.config))
        self._after_heading_edit(_headings(nodes), [])
        return nodes

    # -- templates and links ----------------------------------------------------------------

    def set_param(self, template: Template, name: str | int, value: str, *, before: str | None = None) -> Parameter:
        """:func:`set_param`, parsing ``value`` with the document's config."""
        param = set_param(template, name, value, before=before, config=self.config)
        self._index(template)
        return param

    def remove_param(self, template: Template, name: str | int) -> None:
        remove_param(template, name, config=self.config)
        self._index(template)

    def rename_template(self, template: Template, new_name: str) -> None:
        rename_template(template, new_name, config=self.config)
        self._index(template)

    def set_link_target(self, link: Wikilink, target: str, *, keep_text: bool = False) -> None:
        set_link_target(link, target, keep_text=keep_text, config=self.config)
        self._index(link)

    def set_link_text(self, link: Wikilink | ExternalLink, text: str | None) -> None:
        set_link_text(link, text, config=self.config)
        self._index(link)


_nodes.register_layer("edit", sys.modules[__name__])
