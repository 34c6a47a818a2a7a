"""The typed, lossless syntax tree of a wikitext page.

Every node is plain data: an attrs class with slots and identity equality.  Each class lists
its source text as an ordered sequence of literal strings and child nodes in :meth:`Node.parts`;
that one method is the single source of truth for three things:

* ``str(node)`` (the exact wikitext, rebuilt without recursion, so edits show up),
* tree walking (children are the ``Node`` items of ``parts``, in source order),
* span recomputation after edits (:func:`reindex`).

Offsets (``start``/``end``) are half-open character offsets into the text given to
:func:`wikiparse.parse`.  They are set by the parser and by :func:`reindex`; after an edit they
are stale until ``reindex`` is called (on a Document it also refreshes ``source`` and the line
table behind :meth:`Document.location`).

Assigning a ``str`` to a field that holds wikitext (``template.name = "x"``,
``param.value = "[[a]]"``, ``heading.title = "T"``) parses it into a :class:`Wikicode`, with the
config of :func:`wikiparse.edit.editing` when one is active (else the default config); a ``str``
assigned to a field that holds one structural node (``Redirect.link``) raises TypeError.
Assigning ``Heading.level`` rewrites the ``=`` markers.  The parser builds nodes without these
hooks (attrs' ``__init__`` and the parser's constructors set slots directly).
"""

from __future__ import annotations

import html
import importlib
import re
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from types import BuiltinFunctionType
from typing import Any, TypeVar, cast, overload

import attr
from attrs import define
from mypy_extensions import mypyc_attr

from . import _mw
from ._node_class import as_method
from ._node_class import node_class as node_class
from .config import DEFAULT_CONFIG, ParserConfig

__all__ = [
    "Argument",
    "Attribute",
    "BehaviorSwitch",
    "Bold",
    "CategoryLink",
    "Comment",
    "Diagnostic",
    "Document",
    "EditSection",
    "Entity",
    "Excluded",
    "ExtensionTag",
    "ExternalLink",
    "FileLink",
    "Formatting",
    "Heading",
    "HorizontalRule",
    "HtmlTag",
    "InterlanguageLink",
    "Italic",
    "LanguageConverter",
    "List",
    "ListItem",
    "MagicLink",
    "MagicVariable",
    "Node",
    "Paragraph",
    "Parameter",
    "ParameterNotFound",
    "ParentIndex",
    "ParserFunction",
    "Preformatted",
    "Redirect",
    "Section",
    "Signature",
    "Table",
    "TableCaption",
    "TableCell",
    "TableRow",
    "Tag",
    "Template",
    "Text",
    "Wikicode",
    "Wikilink",
    "flatten",
    "parent_of",
    "parse_attributes",
    "reindex",
    "to_wikitext",
    "unflatten",
    "walk",
    "walk_with_ancestors",
    "wikitext_head",
]

N = TypeVar("N", bound="Node")
_D = TypeVar("_D")

#: mwparserfromhell's default regex flags for ``matches=`` (``re.IGNORECASE | re.DOTALL``).
FLAGS = re.IGNORECASE | re.DOTALL


# The classes below spell out what :func:`node_class` does, in the one form mypyc compiles to
# native classes (``attr.s`` and ``attr.ib`` written as such; docs/architecture.md, "The
# compiled build"): their fields are C struct members, read and written directly by the
# compiled parser and renderers.  ``type=_ann(...)`` repeats each annotation as text: compiled,
# the class hands attrs no annotations, and the JSON codecs and the edit hooks read
# ``attrs.fields(cls)[i].type`` (tests/test_nodes_native.py checks that the two agree).
# ``allow_interpreted_subclasses``: users and the interpreted modules may subclass any node.


def _ann(annotation: str) -> Any:
    """A field's annotation for ``attr.ib(type=...)``: the text when this module is compiled
    (attrs sees no annotation then), else None (attrs reads the annotation itself, and
    refuses a field that has both)."""
    return annotation if _COMPILED else None


#: Is this module compiled by mypyc?  (Its functions are then built-in functions.)
_COMPILED: bool = isinstance(_ann, BuiltinFunctionType)


Part = "str | Node"


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Node:
    """Base of every node.  ``start``/``end`` are half-open offsets into the parsed text."""

    start: int = attr.ib(default=-1, type=_ann("int"))
    end: int = attr.ib(default=-1, type=_ann("int"))

    def parts(self) -> Sequence[str | Node]:
        """The node's source text as literal strings and child nodes, in order."""
        raise NotImplementedError  # pragma: no cover - every concrete class overrides it

    @property
    def children(self) -> list[Node]:
        """The direct child nodes, in source order."""
        return [p for p in self.parts() if isinstance(p, Node)]

    def __str__(self) -> str:
        return to_wikitext(self)

    # -- copying and pickling at any depth (see flatten/unflatten) ----------------------------

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle as one flat table (:func:`flatten`): the default protocol recurses once
        per level and fails past a few hundred nested templates."""
        return unflatten, (flatten(self),)

    def __deepcopy__(self, memo: dict[int, Any]) -> Node:
        copy = unflatten(flatten(self))
        memo[id(self)] = copy
        return copy

    def __copy__(self) -> Node:
        """A shallow copy: a new node whose fields hold the same children."""
        cls = type(self)
        clone: Node = cls.__new__(cls)
        for name in _field_names(type(self)):
            _object_setattr(clone, name, getattr(self, name))
        return clone

    def __repr__(self) -> str:
        text = str(self)
        if len(text) > 40:
            text = text[:37] + "..."
        return f"{type(self).__name__}({text!r}, {self.start}-{self.end})"

    # -- queries (thin wrappers over wikiparse.query; kept here for discoverability) --------

    def iter_nodes(
        self,
        types: type[N] | tuple[type[N], ...] = (),
        *,
        recursive: bool = True,
        predicate: Callable[[N], bool] | None = None,
    ) -> Iterator[N]:
        """Nodes beneath this one (not itself) of the given types, in source order."""
        return iter_nodes(self, types, recursive=recursive, predicate=predicate)

    def find_nodes(
        self,
        types: type[N] | tuple[type[N], ...] = (),
        *,
        recursive: bool = True,
        predicate: Callable[[N], bool] | None = None,
    ) -> list[N]:
        """Eager form of :meth:`iter_nodes`."""
        return list(self.iter_nodes(types, recursive=recursive, predicate=predicate))

    def find_templates(self, name: str | None = None, *, recursive: bool = True) -> list[Template]:
        """Templates (not parser functions), optionally only those whose normalised name matches."""
        return find_templates(self, name, recursive=recursive)

    def find_wikilinks(self, *, recursive: bool = True) -> list[Wikilink]:
        """Plain wikilinks: not files, categories or interlanguage links."""
        return [
            n
            for n in self.iter_nodes(Wikilink, recursive=recursive)
            if type(n) is Wikilink
        ]

    def find_external_links(self, *, recursive: bool = True) -> list[ExternalLink]:
        return self.find_nodes(ExternalLink, recursive=recursive)

    def find_headings(self, *, recursive: bool = True) -> list[Heading]:
        return self.find_nodes(Heading, recursive=recursive)

    def find_categories(self, *, recursive: bool = True) -> list[CategoryLink]:
        return self.find_nodes(CategoryLink, recursive=recursive)

    def find_files(self, *, recursive: bool = True) -> list[FileLink]:
        return self.find_nodes(FileLink, recursive=recursive)

    def find_tags(self, name: str | None = None, *, recursive: bool = True) -> list[Tag]:
        """HTML and extension tags, optionally only those named ``name`` (case-insensitive)."""
        wanted = name.lower() if name else None
        return [
            t
            for t in self.iter_nodes(Tag, recursive=recursive)
            if wanted is None or t.name == wanted
        ]

    def find_comments(self, *, recursive: bool = True) -> list[Comment]:
        return self.find_nodes(Comment, recursive=recursive)

    # -- mwparserfromhell's API (wikiparse.query does the work; docs/migrating.md) -------------
    #
    # Its names with its parameters and its results: ``filter_templates`` finds every brace
    # call (parser functions and magic variables too), ``filter_wikilinks`` every [[link]]
    # (categories, files, interlanguage links too); ``matches`` is a callable or a regex
    # searched in the node's text.  The ``find_*`` methods above keep wikiparse's meanings.

    def __eq__(self, other: object) -> bool:
        """A node equals a string with the same text (as in mwparserfromhell); otherwise a
        node equals only itself (see :func:`node_class`)."""
        if isinstance(other, str):
            return to_wikitext(self) == other
        return self is other

    def __hash__(self) -> int:
        return object.__hash__(self)

    def ifilter(
        self,
        recursive: bool | str = True,
        matches: Any = None,
        flags: int = FLAGS,
        forcetype: Any = None,
    ) -> Iterator[Any]:
        """Nodes beneath this one, as mwparserfromhell's ``Wikicode.ifilter``."""
        return _query().ifilter(self, recursive, matches, flags, forcetype)  # type: ignore[no-any-return]

    def filter(
        self,
        recursive: bool | str = True,
        matches: Any = None,
        flags: int = FLAGS,
        forcetype: Any = None,
    ) -> list[Any]:
        return list(self.ifilter(recursive, matches, flags, forcetype))

    def ifilter_templates(self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS) -> Iterator[Template]:
        return self.ifilter(recursive, matches, flags, Template)

    def ifilter_wikilinks(self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS) -> Iterator[Wikilink]:
        return self.ifilter(recursive, matches, flags, Wikilink)

    def ifilter_external_links(self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS) -> Iterator[ExternalLink]:
        return self.ifilter(recursive, matches, flags, ExternalLink)

    def ifilter_headings(self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS) -> Iterator[Heading]:
        return self.ifilter(recursive, matches, flags, Heading)

    def ifilter_tags(
        self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS
    ) -> Iterator[Tag | Formatting | Table]:
        """HTML and extension tags, and the markup mwparserfromhell reads as tags: bold and
        italic runs (``tag`` is ``b``/``i``) and tables (``table``)."""
        return self.ifilter(recursive, matches, flags, Tag)

    def ifilter_comments(self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS) -> Iterator[Comment]:
        return self.ifilter(recursive, matches, flags, Comment)

    def ifilter_text(self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS) -> Iterator[Text]:
        return self.ifilter(recursive, matches, flags, Text)

    def ifilter_arguments(self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS) -> Iterator[Argument]:
        return self.ifilter(recursive, matches, flags, Argument)

    def ifilter_html_entities(self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS) -> Iterator[Entity]:
        return self.ifilter(recursive, matches, flags, Entity)

    def filter_templates(self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS) -> list[Template]:
        return list(self.ifilter_templates(recursive, matches, flags))

    def filter_wikilinks(self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS) -> list[Wikilink]:
        return list(self.ifilter_wikilinks(recursive, matches, flags))

    def filter_external_links(self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS) -> list[ExternalLink]:
        return list(self.ifilter_external_links(recursive, matches, flags))

    def filter_headings(self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS) -> list[Heading]:
        return list(self.ifilter_headings(recursive, matches, flags))

    def filter_tags(
        self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS
    ) -> list[Tag | Formatting | Table]:
        return list(self.ifilter_tags(recursive, matches, flags))

    def filter_comments(self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS) -> list[Comment]:
        return list(self.ifilter_comments(recursive, matches, flags))

    def filter_text(self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS) -> list[Text]:
        return list(self.ifilter_text(recursive, matches, flags))

    def filter_arguments(self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS) -> list[Argument]:
        return list(self.ifilter_arguments(recursive, matches, flags))

    def filter_html_entities(self, recursive: bool | str = True, matches: Any = None, flags: int = FLAGS) -> list[Entity]:
        return list(self.ifilter_html_entities(recursive, matches, flags))

    def get_sections(
        self,
        levels: Any = None,
        matches: Any = None,
        flags: int = FLAGS,
        flat: bool = False,
        include_lead: bool | None = None,
        include_headings: bool = True,
    ) -> list[Wikicode]:
        """mwparserfromhell's ``get_sections`` (see :func:`wikiparse.query.get_sections`)."""
        found: list[Wikicode] = _query().get_sections(
            self, levels, matches, flags, flat, include_lead, include_headings
        )
        return found

    def strip_code(
        self, normalize: bool = True, collapse: bool = True, keep_template_params: bool = False
    ) -> str:
        """mwparserfromhell's ``strip_code`` (see :func:`wikiparse.query.strip_code`)."""
        return str(_query().strip_code(self, normalize, collapse, keep_template_params))

    def get_ancestors(self, obj: Node) -> list[Node]:
        """The nodes between this one and ``obj``, outermost first (layout containers skipped,
        see :func:`wikiparse.query.get_ancestors`); ValueError if ``obj`` is not beneath."""
        found: list[Node] = _query().get_ancestors(self, obj)
        return found

    def get_parent(self, obj: Node) -> Node | None:
        """The innermost of :meth:`get_ancestors`, None when ``obj`` is at this level."""
        ancestors = self.get_ancestors(obj)
        return ancestors[-1] if ancestors else None

    def contains(self, obj: Node | str) -> bool:
        """``obj`` is a node beneath this one (identity), or a string in its text."""
        return bool(_query().contains(self, obj))

    def matches(self, other: Any) -> bool:
        """The stripped text equals ``other``'s (or one of several) up to the case of the
        first letter and underscores: ``tmpl.name.matches("cite web")``."""
        return bool(_query().matches(self, other))

    def get_tree(self) -> str:
        return str(_query().get_tree(self))


# --------------------------------------------------------------------------------------------
# Leaves
# --------------------------------------------------------------------------------------------


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Text(Node):
    """Literal text (entities and markup that MediaWiki would show as text stay here)."""

    value: str = attr.ib(default="", type=_ann("str"))

    def parts(self) -> Sequence[str | Node]:
        return (self.value,)


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Comment(Node):
    """``<!-- contents -->``; an unclosed comment runs to the end of the text (``closed=False``)."""

    contents: str = attr.ib(default="", type=_ann("str"))
    closed: bool = attr.ib(default=True, type=_ann("bool"))

    def parts(self) -> Sequence[str | Node]:
        return ("<!--", self.contents, "-->" if self.closed else "")


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Excluded(Node):
    """Source a transclusion leaves out, kept as written: in inclusion mode
    (:func:`wikiparse._parse.preprocess` with ``inclusion=True``) on a page with both
    ``<onlyinclude>`` and ``</onlyinclude>``, everything outside those sections, the tags
    included (MediaWiki's ``ignore`` nodes).  A page view never has one."""

    raw: str = attr.ib(default="", type=_ann("str"))

    def parts(self) -> Sequence[str | Node]:
        return (self.raw,)


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Entity(Node):
    """An HTML character reference: ``&amp;``, ``&#160;``, ``&#x2014;``."""

    raw: str = attr.ib(default="", type=_ann("str"))

    def parts(self) -> Sequence[str | Node]:
        return (self.raw,)

    @property
    def char(self) -> str:
        """The decoded character(s)."""
        return html.unescape(self.raw)

    # mwparserfromhell's HTMLEntity: ``value`` is the name or the number's digits.
    @property
    def named(self) -> bool:
        return not self.raw.startswith("&#")

    @property
    def hexadecimal(self) -> bool:
        return self.raw[:3].lower() == "&#x"

    @property
    def value(self) -> str:
        body = self.raw[1:].rstrip(";")
        return body if self.named else body[2:] if self.hexadecimal else body[1:]

    def normalize(self) -> str:
        """The character (mwparserfromhell's name for :attr:`char`)."""
        return self.char


#: mwparserfromhell's name for :class:`Entity`.
HTMLEntity = Entity


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class MagicLink(Node):
    """``ISBN 0-306-40615-2``, ``RFC 2616``, ``PMID 12345``: ``kind`` is ISBN, RFC or PMID."""

    kind: str = attr.ib(default="", type=_ann("str"))
    raw: str = attr.ib(default="", type=_ann("str"))

    def parts(self) -> Sequence[str | Node]:
        return (self.raw,)

    @property
    def identifier(self) -> str:
        """The number, without separators (ISBN keeps a final X)."""
        body = self.raw[len(self.kind) :]
        return re.sub(r"[^0-9Xx]", "", body).upper()


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class BehaviorSwitch(Node):
    """``__TOC__``, ``__NOTOC__``, ``__NOEDITSECTION__``, ...; ``name`` is upper-case, no underscores."""

    raw: str = attr.ib(default="", type=_ann("str"))

    def parts(self) -> Sequence[str | Node]:
        return (self.raw,)

    @property
    def name(self) -> str:
        return self.raw.strip("_").upper()


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Signature(Node):
    """``~~~``, ``~~~~`` or ``~~~~~`` (replaced by a signature when a page is saved)."""

    raw: str = attr.ib(default="", type=_ann("str"))

    def parts(self) -> Sequence[str | Node]:
        return (self.raw,)


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class EditSection(Node):
    """The ``[edit | edit source]`` / ``[edit]`` marker after a heading on a *rendered* page.

    Only :func:`wikiparse.parse_rendered` makes these (wikitext has no such syntax);
    renderers generate the marker from :attr:`Heading.editable` instead.
    """

    raw: str = attr.ib(default="", type=_ann("str"))

    def parts(self) -> Sequence[str | Node]:
        return (self.raw,)

    @property
    def labels(self) -> list[str]:
        """The link labels, e.g. ``["edit", "edit source"]``."""
        return [s.strip() for s in self.raw.strip()[1:-1].split("|")]


# --------------------------------------------------------------------------------------------
# Containers
# --------------------------------------------------------------------------------------------


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Wikicode(Node):
    """A sequence of nodes: a template name or parameter value, a link label, a cell's content."""

    nodes: list[Node] = attr.ib(factory=list, type=_ann("list[Node]"))

    def parts(self) -> Sequence[str | Node]:
        return self.nodes

    @property
    def children(self) -> list[Node]:
        """The same list as :attr:`nodes` (mutating it edits the tree)."""
        return self.nodes

    # -- mwparserfromhell's Wikicode: the str methods it offers, and editing by position ------

    def strip(self, chars: str | None = None) -> str:
        return str(self).strip(chars)

    def lstrip(self, chars: str | None = None) -> str:
        return str(self).lstrip(chars)

    def rstrip(self, chars: str | None = None) -> str:
        return str(self).rstrip(chars)

    def lower(self) -> str:
        return str(self).lower()

    def upper(self) -> str:
        return str(self).upper()

    def casefold(self) -> str:
        return str(self).casefold()

    def startswith(self, prefix: str | tuple[str, ...]) -> bool:
        return str(self).startswith(prefix)

    def endswith(self, suffix: str | tuple[str, ...]) -> bool:
        return str(self).endswith(suffix)

    def split(self, sep: str | None = None, maxsplit: int = -1) -> list[str]:
        return str(self).split(sep, maxsplit)

    def splitlines(self, keepends: bool = False) -> list[str]:
        return str(self).splitlines(keepends)

    def partition(self, sep: str) -> tuple[str, str, str]:
        return str(self).partition(sep)

    def isspace(self) -> bool:
        return str(self).isspace()

    def isdigit(self) -> bool:
        return str(self).isdigit()

    def __contains__(self, item: object) -> bool:
        """A string: is it in the text?  A node: is it beneath (by identity)?"""
        return self.contains(item) if isinstance(item, (str, Node)) else False

    def get(self, index: int) -> Node:
        """``nodes[index]``."""
        return self.nodes[index]

    def set(self, index: int, value: Any) -> None:
        """Replace ``nodes[index]`` with ``value`` (wikitext parsed; nothing removes it)."""
        new = _query().as_nodes(value)
        if len(new) > 1:
            raise ValueError("Cannot coerce multiple nodes into one index")
        self.nodes[index : index + 1 if index != -1 else None] = new

    def index(self, obj: Any, recursive: bool = False) -> int:
        return int(_query().index(self, obj, recursive))

    def insert(self, index: int, value: Any) -> None:
        """Insert ``value`` (wikitext is parsed, inline) before ``nodes[index]``."""
        _query().insert_nodes(self, index, value)

    def insert_before(self, obj: Any, value: Any, recursive: bool = True) -> None:
        _query().insert_before(self, obj, value, recursive)

    def insert_after(self, obj: Any, value: Any, recursive: bool = True) -> None:
        _query().insert_after(self, obj, value, recursive)

    def replace(self, obj: Any, value: Any, recursive: bool = True) -> None:
        """Put ``value`` where ``obj`` is (a node, or every node whose text is ``obj``)."""
        _query().replace(self, obj, value, recursive)

    def append(self, value: Any) -> None:
        self.nodes.extend(_query().as_nodes(value))

    def remove(self, obj: Any, recursive: bool = True) -> None:
        _query().remove(self, obj, recursive)


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Formatting(Wikicode):
    """Common base of :class:`Bold` and :class:`Italic`.

    ``open``/``close`` are the apostrophes as written; either may be empty where MediaWiki's
    apostrophe rules opened or closed the run implicitly (line end, misnesting repair).
    """

    open: str = attr.ib(default="", type=_ann("str"))
    close: str = attr.ib(default="", type=_ann("str"))

    def parts(self) -> Sequence[str | Node]:
        return [self.open, *self.nodes, self.close]

    @property
    def tag(self) -> Wikicode:
        """mwparserfromhell's tag name for the run (``b`` or ``i``): ``filter_tags`` finds it."""
        return Wikicode(nodes=[Text(value="b" if isinstance(self, Bold) else "i")])


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Bold(Formatting):
    """``'''bold'''``."""


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Italic(Formatting):
    """``''italic''``."""


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Paragraph(Wikicode):
    """Consecutive text lines not separated by a blank line or a block construct.

    Holds the lines' inline nodes with the newlines between them as text; never the final newline.
    """


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Document(Wikicode):
    """The root: a list of :class:`Section` (the first, number 0, is the lead)."""

    source: str = attr.ib(default="", type=_ann("str"))
    diagnostics: list[Diagnostic] = attr.ib(factory=list, type=_ann("list[Diagnostic]"))
    _line_starts: list[int] | None = attr.ib(default=None, init=False, type=_ann("list[int] | None"))
    #: The config the document was parsed with (set by the parser; None: the default).
    _config: ParserConfig | None = attr.ib(default=None, init=False, repr=False, type=_ann("ParserConfig | None"))

    @property
    def config(self) -> ParserConfig:
        """The :class:`~wikiparse.config.ParserConfig` this document was parsed with: edits
        parse new values with it (see ``wikiparse.edit.Editor``)."""
        return self._config or DEFAULT_CONFIG

    @property
    def sections(self) -> list[Section]:
        """Every section, nested ones included, in source order (lead first).

        Regroups the sections first when edits made elsewhere (a heading's ``level`` set, a
        heading added through a node's list) left them out of step with the headings."""
        _edits().regroup_sections(self)
        return [s for s in walk(self) if isinstance(s, Section)]

    @property
    def redirect(self) -> Redirect | None:
        for node in self.iter_nodes(Redirect):
            return node
        return None

    def infoboxes(self, options: Any = None) -> list[Any]:
        """Every infobox, as typed records (see :func:`wikiparse.data.infoboxes`)."""
        found: list[Any] = _data().infoboxes(self, options)
        return found

    def references(self, options: Any = None) -> list[Any]:
        """The footnotes as citation records (see :func:`wikiparse.data.references`)."""
        found: list[Any] = _data().references(self, options)
        return found

    @property
    def lead(self) -> str:
        """The text of the lead section (see :func:`wikiparse.data.lead`)."""
        return str(_data().lead(self))

    def location(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of a character offset in :attr:`source`."""
        import bisect

        if self._line_starts is None:
            starts = [0]
            find = self.source.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._line_starts = starts
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Section(Wikicode):
    """A heading and everything up to the next heading of the same or a higher level.

    ``level`` is 0 for the lead section.  ``number`` is the index MediaWiki uses in
    ``action=edit&section=N`` (0 for the lead; headings counted in source order).
    The heading, when there is one, is the first child; subsections are children too.
    """

    level: int = attr.ib(default=0, type=_ann("int"))
    number: int = attr.ib(default=0, type=_ann("int"))

    @property
    def heading(self) -> Heading | None:
        first = self.nodes[0] if self.nodes else None
        return first if isinstance(first, Heading) else None

    def text(self, *, subsections: bool = True, options: Any = None) -> str:
        """The section's text without its heading (see :func:`wikiparse.data.section_text`)."""
        return str(_data().section_text(self, subsections=subsections, options=options))

    def find(self, title: str) -> Section | None:
        """The first section under this one whose heading reads ``title``."""
        found: Section | None = _data().find_section(self, title)
        return found

    @property
    def subsections(self) -> list[Section]:
        return [c for c in self.nodes if isinstance(c, Section)]

    @property
    def title(self) -> str:
        h = self.heading
        return h.title.strip() if h else ""


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Heading(Node):
    """``== Title ==``.

    ``open``/``close`` are the ``=`` runs as written (unbalanced runs keep their surplus in the
    title, as MediaWiki does); ``trailing`` holds spaces and comments after the closing run.
    ``number`` is the heading's edit-section number (1-based, in source order); ``editable``
    says whether MediaWiki would give it an edit link (false under ``__NOEDITSECTION__``).
    """

    level: int = attr.ib(default=2, type=_ann("int"))
    open: str = attr.ib(default="==", type=_ann("str"))
    title: Wikicode = attr.ib(factory=Wikicode, type=_ann("Wikicode"))
    close: str = attr.ib(default="==", type=_ann("str"))
    trailing: Wikicode = attr.ib(factory=Wikicode, type=_ann("Wikicode"))
    number: int = attr.ib(default=0, type=_ann("int"))
    editable: bool = attr.ib(default=True, type=_ann("bool"))

    def parts(self) -> Sequence[str | Node]:
        return (self.open, self.title, self.close, self.trailing)

    @property
    def edit_section(self) -> EditSection | None:
        """The marker node on a page read by :func:`wikiparse.parse_rendered`."""
        for n in self.trailing.nodes:
            if isinstance(n, EditSection):
                return n
        return None


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class HorizontalRule(Node):
    """``----`` (four or more dashes)."""

    raw: str = attr.ib(default="----", type=_ann("str"))

    def parts(self) -> Sequence[str | Node]:
        return (self.raw,)


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Preformatted(Node):
    """Lines that start with a space: each entry of ``lines`` is a line after its leading space."""

    lines: list[Wikicode] = attr.ib(factory=list, type=_ann("list[Wikicode]"))

    def parts(self) -> Sequence[str | Node]:
        out: list[str | Node] = []
        for i, line in enumerate(self.lines):
            out.append(" " if i == 0 else "\n ")
            out.append(line)
        return out


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class ListItem(Node):
    """One line of a list: ``prefix`` is the marker run as written (``*``, ``#:``, ``;``, ...).

    ``leading`` is the newline before the item ("" for the first item, and for a ``: definition``
    on the same line as its ``; term``).  ``level_prefix`` is the effective prefix MediaWiki nests
    by (for a same-line definition ``;a:b`` it is the term's prefix with ``;`` turned into ``:``).
    """

    leading: str = attr.ib(default="", type=_ann("str"))
    prefix: str = attr.ib(default="*", type=_ann("str"))
    content: Wikicode = attr.ib(factory=Wikicode, type=_ann("Wikicode"))
    level_prefix: str = attr.ib(default="", type=_ann("str"))

    def parts(self) -> Sequence[str | Node]:
        return (self.leading, self.prefix, self.content)

    @property
    def depth(self) -> int:
        return len(self.level_prefix or self.prefix)

    @property
    def kind(self) -> str:
        """``ul``, ``ol``, ``dt`` or ``dd``: what the innermost marker makes."""
        last = (self.level_prefix or self.prefix)[-1:]
        return {"*": "ul", "#": "ol", ";": "dt", ":": "dd"}.get(last, "ul")


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class List(Node):
    """Consecutive list lines.  Items are flat; nesting follows their ``level_prefix``,
    exactly as MediaWiki nests (compare each line's prefix with the previous one)."""

    items: list[ListItem] = attr.ib(factory=list, type=_ann("list[ListItem]"))

    def parts(self) -> Sequence[str | Node]:
        return self.items


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Table(Node):
    """``{| attrs`` ... ``|}``.

    ``indent`` is what stands before ``{|`` on its line: spaces, and colons for a table indented
    as a definition (``:{|``, which MediaWiki wraps in ``<dl><dd>``); ``attrs`` the raw attribute
    text after ``{|``.  ``children`` are :class:`TableCaption`, :class:`TableRow` and, before the
    first row, stray content lines.  ``close`` is the newline, indentation and ``|}`` as written,
    or "" when the table is never closed.
    """

    indent: str = attr.ib(default="", type=_ann("str"))
    open: str = attr.ib(default="{|", type=_ann("str"))
    attrs: str = attr.ib(default="", type=_ann("str"))
    rows: list[Node] = attr.ib(factory=list, type=_ann("list[Node]"))
    close: str = attr.ib(default="", type=_ann("str"))

    def parts(self) -> Sequence[str | Node]:
        return [self.indent, self.open, self.attrs, *self.rows, self.close]

    @property
    def attributes(self) -> dict[str, str]:
        return attributes_dict(self.attrs)

    @property
    def tag(self) -> Wikicode:
        """mwparserfromhell's tag name for a table (``table``): ``filter_tags`` finds it."""
        return Wikicode(nodes=[Text(value="table")])

    def grid(self, options: Any = None) -> Any:
        """The table as a grid, spans spread (see :func:`wikiparse.data.table_grid`)."""
        return _data().table_grid(self, options)

    def records(self, options: Any = None) -> list[dict[str, str]]:
        """The data rows as ``{header: text}`` (see :func:`wikiparse.data.table_records`)."""
        rows: list[dict[str, str]] = _data().table_records(self, options)
        return rows

    @property
    def caption(self) -> TableCaption | None:
        for r in self.rows:
            if isinstance(r, TableCaption):
                return r
        return None

    @property
    def table_rows(self) -> list[TableRow]:
        return [r for r in self.rows if isinstance(r, TableRow)]


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class TableCaption(Node):
    """``|+ caption`` (``attrs`` is None unless written as ``|+ attrs | caption``)."""

    leading: str = attr.ib(default="\n", type=_ann("str"))
    marker: str = attr.ib(default="|+", type=_ann("str"))
    attrs: str | None = attr.ib(default=None, type=_ann("str | None"))
    content: Wikicode = attr.ib(factory=Wikicode, type=_ann("Wikicode"))

    def parts(self) -> Sequence[str | Node]:
        return (
            (self.leading, self.marker, self.content)
            if self.attrs is None
            else (self.leading, self.marker, self.attrs, "|", self.content)
        )

    @property
    def attributes(self) -> dict[str, str]:
        return attributes_dict(self.attrs or "")


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class TableRow(Node):
    """``|-`` and the cells after it.  The first row may be implicit (``marker == ""``)."""

    leading: str = attr.ib(default="\n", type=_ann("str"))
    marker: str = attr.ib(default="|-", type=_ann("str"))
    attrs: str = attr.ib(default="", type=_ann("str"))
    cells: list[Node] = attr.ib(factory=list, type=_ann("list[Node]"))

    def parts(self) -> Sequence[str | Node]:
        return [self.leading, self.marker, self.attrs, *self.cells]

    @property
    def attributes(self) -> dict[str, str]:
        return attributes_dict(self.attrs)


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class TableCell(Node):
    """A data (``|``/``||``) or header (``!``/``!!``) cell.

    ``leading`` is the newline and indentation before a cell that starts a line ("" for inline
    cells); ``marker`` is the cell marker as written; ``attrs`` is None unless the cell is written
    ``| attrs | content``.  ``content`` may hold block nodes (paragraphs, lists, nested tables).
    """

    leading: str = attr.ib(default="\n", type=_ann("str"))
    marker: str = attr.ib(default="|", type=_ann("str"))
    header: bool = attr.ib(default=False, type=_ann("bool"))
    attrs: str | None = attr.ib(default=None, type=_ann("str | None"))
    content: Wikicode = attr.ib(factory=Wikicode, type=_ann("Wikicode"))

    def parts(self) -> Sequence[str | Node]:
        return (
            (self.leading, self.marker, self.content)
            if self.attrs is None
            else (self.leading, self.marker, self.attrs, "|", self.content)
        )

    @property
    def attributes(self) -> dict[str, str]:
        return attributes_dict(self.attrs or "")


# --------------------------------------------------------------------------------------------
# Brace constructs
# --------------------------------------------------------------------------------------------


_UNSET: Any = object()


@mypyc_attr(native_class=False)  # two built-in bases: a plain Python class
class ParameterNotFound(KeyError, ValueError):
    """No such template parameter (``KeyError`` for wikiparse, ``ValueError`` as in
    mwparserfromhell)."""


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Parameter(Node):
    """A template parameter: ``value`` alone (positional) or ``name=value`` (named).

    Whitespace around name and value is kept in them, as written.  As in mwparserfromhell,
    ``name`` is always text: a positional parameter's is its number among its template's
    positional parameters (``"1"``, ``"2"``...; the argument right after a parser function's
    colon is ``"0"``) and ``showkey`` is False.  That number is not part of the text: it is
    stored as written (``_name`` None) and numbered by the template when it is parsed,
    built, loaded or edited; a parameter moved by hand in ``params`` keeps its old number until
    the template renumbers it (:func:`number_params`), as mwparserfromhell's names do.
    """

    _name: Wikicode | None = attr.ib(default=None, alias="name", metadata={"json": "name"}, type=_ann("Wikicode | None"))
    value: Wikicode = attr.ib(factory=Wikicode, type=_ann("Wikicode"))
    #: position among the positional parameters; -1 until a template numbers it.
    _position: int = attr.ib(default=-1, init=False, type=_ann("int"))

    def parts(self) -> Sequence[str | Node]:
        if self._name is None:
            return (self.value,)
        return (self._name, "=", self.value)

    @property
    def name(self) -> Wikicode:
        """The name as written, or a positional parameter's number (see the class)."""
        written = self._name
        if written is not None:
            return written
        position: int = getattr(self, "_position", -1)  # unset in a node built slot by slot
        if position < 0:
            raise AttributeError(
                "this positional parameter has not been numbered by a template (it was built "
                "or moved by hand): call wikiparse.nodes.number_params(template.params) or use "
                "template.param_items()"
            )
        return Wikicode(nodes=[Text(value=str(position))])

    @name.setter
    def name(self, value: Wikicode | str | None) -> None:
        """Assigning a name makes the parameter named (``None`` makes it positional)."""
        # Through the hook, which parses a str: compiled, a plain assignment is a direct
        # field write that would skip it.
        setattr(self, "_name", value)  # noqa: B010

    @property
    def showkey(self) -> bool:
        """Whether the name is written (``name=value``); False for a positional parameter."""
        return self._name is not None


def number_params(params: Sequence[Parameter], first: int = 1) -> None:
    """Number the positional parameters of ``params`` from ``first`` (their ``name``)."""
    position = first
    for p in params:
        if p._name is None:
            _object_setattr(p, "_position", position)
            position += 1


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Template(Node):
    """``{{name|positional|key=value}}``.

    Positional parameters are numbered from 1 as MediaWiki numbers them (explicit numeric keys
    and positional ones share the numbering; see :meth:`get`).
    """

    name: Wikicode = attr.ib(factory=Wikicode, type=_ann("Wikicode"))
    params: list[Parameter] = attr.ib(factory=list, type=_ann("list[Parameter]"))

    def __attrs_post_init__(self) -> None:
        if self.params:
            number_params(self.params)

    def parts(self) -> Sequence[str | Node]:
        out: list[str | Node] = ["{{", self.name]
        for p in self.params:
            out.append("|")
            out.append(p)
        out.append("}}")
        return out

    @property
    def normalized_name(self) -> str:
        """The name as a page title: comments dropped, spaces/underscores folded, first letter
        upper-cased, a leading ``Template:`` removed."""
        return _mw.normalize_template_name(str(self.name))

    def param_items(self) -> list[tuple[str, Parameter]]:
        """``(key, parameter)`` for each parameter, with positional ones numbered from 1."""
        return param_items(self)

    def has(self, name: Any, ignore_empty: bool = False) -> bool:
        p = get_param(self, str(name))
        return p is not None and not (ignore_empty and not p.value.strip())

    def has_param(self, name: Any, ignore_empty: bool = False) -> bool:
        """mwparserfromhell's other name for :meth:`has`."""
        return self.has(name, ignore_empty)

    @overload
    def get(self, name: Any) -> Parameter: ...
    @overload
    def get(self, name: Any, default: _D) -> Parameter | _D: ...
    def get(self, name: Any, default: Any = _UNSET) -> Any:
        """The parameter MediaWiki would use for ``name`` (the last duplicate); ``default``
        if there is none, else :class:`ParameterNotFound` (both a KeyError and a ValueError,
        the error mwparserfromhell raises)."""
        p = get_param(self, str(name))
        if p is None:
            if default is not _UNSET:
                return default
            raise ParameterNotFound(name)
        return p

    def __getitem__(self, name: Any) -> Parameter:
        return self.get(name)

    def add(
        self,
        name: Any,
        value: Any,
        showkey: bool | None = None,
        before: Any = None,
        after: Any = None,
        preserve_spacing: bool = True,
    ) -> Parameter:
        """Set ``name`` to ``value`` (wikitext), keeping the layout of the existing parameters;
        mwparserfromhell's parameters (see docs/migrating.md for the layout rules).

        The value is parsed with the default config: a template alone does not know its
        wiki.  ``wikiparse.edit.Editor(doc).set_param`` parses with the document's config."""
        return _query().add_param(  # type: ignore[no-any-return]
            self, name, value, showkey=showkey, before=before, after=after,
            preserve_spacing=preserve_spacing,
        )

    def __setitem__(self, name: Any, value: Any) -> None:
        self.add(name, value)

    def update(self, params: Any, **kwargs: Any) -> None:
        for name, value in params.items():
            self.add(name, value, **kwargs)

    def remove(self, param: Any, keep_field: bool = False) -> None:
        """Remove the parameter (a :class:`Parameter` or a name) as mwparserfromhell does;
        ``keep_field=True`` empties the value instead, keeping its whitespace."""
        _query().remove_param(self, param, keep_field=keep_field)

    def __delitem__(self, param: Any) -> None:
        self.remove(param)

    def rename(self, new_name: str) -> None:
        """Change the template's name, keeping the whitespace around it."""
        _edits().rename_template(self, new_name)


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class ParserFunction(Node):
    """``{{#if: cond | then | else}}``, ``{{lc:Text}}``: ``name`` is what stands before the colon.

    ``params[0]`` is the argument right after the colon (never split at ``=``).
    """

    name: Wikicode = attr.ib(factory=Wikicode, type=_ann("Wikicode"))
    params: list[Parameter] = attr.ib(factory=list, type=_ann("list[Parameter]"))

    def __attrs_post_init__(self) -> None:
        if self.params:
            number_params(self.params, 0)

    def parts(self) -> Sequence[str | Node]:
        out: list[str | Node] = ["{{", self.name, ":"]
        for i, p in enumerate(self.params):
            if i:
                out.append("|")
            out.append(p)
        out.append("}}")
        return out

    @property
    def function(self) -> str:
        """The function's name, trimmed and lower-cased where MediaWiki is case-insensitive."""
        return str(self.name).strip().lower()

    # ``filter_templates`` returns parser functions too (as mwparserfromhell does), so they
    # answer its parameter questions; the arguments after the first pipe are numbered from 1.
    def param_items(self) -> list[tuple[str, Parameter]]:
        return _param_items(self.params[1:])

    def has(self, name: Any, ignore_empty: bool = False) -> bool:
        p = _param_in(self.params[1:], str(name))
        return p is not None and not (ignore_empty and not p.value.strip())

    @overload
    def get(self, name: Any) -> Parameter: ...
    @overload
    def get(self, name: Any, default: _D) -> Parameter | _D: ...
    def get(self, name: Any, default: Any = _UNSET) -> Any:
        p = _param_in(self.params[1:], str(name))
        if p is None:
            if default is not _UNSET:
                return default
            raise ParameterNotFound(name)
        return p


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class MagicVariable(Node):
    """``{{PAGENAME}}``, ``{{CURRENTYEAR}}``, ``{{!}}``: a magic-word variable."""

    name: Wikicode = attr.ib(factory=Wikicode, type=_ann("Wikicode"))

    def parts(self) -> Sequence[str | Node]:
        return ("{{", self.name, "}}")

    @property
    def variable(self) -> str:
        return str(self.name).strip()

    # What ``filter_templates`` users ask of every brace call: a variable has no parameters.
    @property
    def params(self) -> list[Parameter]:
        return []

    def has(self, name: Any, ignore_empty: bool = False) -> bool:
        return False

    def param_items(self) -> list[tuple[str, Parameter]]:
        return []

    @overload
    def get(self, name: Any) -> Parameter: ...
    @overload
    def get(self, name: Any, default: _D) -> Parameter | _D: ...
    def get(self, name: Any, default: Any = _UNSET) -> Any:
        if default is not _UNSET:
            return default
        raise ParameterNotFound(name)


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Argument(Node):
    """A template argument ``{{{name|default}}}``; pipes after the default are kept in ``extra``."""

    name: Wikicode = attr.ib(factory=Wikicode, type=_ann("Wikicode"))
    default: Wikicode | None = attr.ib(default=None, type=_ann("Wikicode | None"))
    extra: list[Wikicode] = attr.ib(factory=list, type=_ann("list[Wikicode]"))

    def parts(self) -> Sequence[str | Node]:
        out: list[str | Node] = ["{{{", self.name]
        if self.default is not None:
            out += ["|", self.default]
        for e in self.extra:
            out += ["|", e]
        out.append("}}}")
        return out


# --------------------------------------------------------------------------------------------
# Links
# --------------------------------------------------------------------------------------------


def wikitext_head(node: Node, size: int) -> str:
    """The start of ``str(node)``: its leading whitespace and then at least ``size`` more
    characters (all of it if shorter), built without serialising the rest.

    A file link's option is read from its text, and a caption holds every file link nested in
    it: asking only for the head (enough to rule an option out) keeps nested file links
    linear where ``str()`` on each level would be quadratic.
    """
    out: list[str] = []
    seen = 0  # characters after the leading whitespace
    stack: list[str | Node] = [node]
    pop = stack.pop
    while stack and seen < size:
        item = pop()
        if not isinstance(item, str):
            if type(item) is not Text:
                parts = list(item.parts())
                parts.reverse()
                stack.extend(parts)
                continue
            item = item.value
        if not item:
            continue
        out.append(item)
        if seen:
            seen += len(item)
        else:
            seen = len(item.lstrip())
    return "".join(out)


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Wikilink(Node):
    """``prefix[[target|text]]trail``.

    ``namespace`` (canonical name, "" for articles) and ``interwiki`` are resolved by the parser
    from its :class:`~wikiparse.config.ParserConfig`; they are not part of the text.
    ``prefix`` is the end of the word written right before ``[[`` on wikis whose language
    joins it to the link (``al[[Razi]]`` on arwiki, MediaWiki's link prefix); "" elsewhere.
    """

    target: Wikicode = attr.ib(factory=Wikicode, type=_ann("Wikicode"))
    text: Wikicode | None = attr.ib(default=None, type=_ann("Wikicode | None"))
    trail: str = attr.ib(default="", type=_ann("str"))
    namespace: str = attr.ib(default="", type=_ann("str"))
    interwiki: str = attr.ib(default="", type=_ann("str"))
    prefix: str = attr.ib(default="", type=_ann("str"))

    def parts(self) -> Sequence[str | Node]:
        out: list[str | Node] = [self.prefix, "[[", self.target] if self.prefix else ["[[", self.target]
        if self.text is not None:
            out += ["|", self.text]
        out += ["]]", self.trail]
        return out

    @property
    def title(self) -> Wikicode:
        """The target as written (mwparserfromhell's ``title``: the same :attr:`target` node).
        Assigning replaces it (wikitext is parsed).  The page it names is
        :attr:`normalized_title`."""
        return self.target

    @title.setter
    def title(self, value: Any) -> None:
        _query().set_link_title(self, value)

    @property
    def normalized_title(self) -> str:
        """The target without fragment or leading colon, spaces folded, first letter upper-cased."""
        return _mw.normalize_title(str(self.target).split("#", 1)[0])

    @property
    def fragment(self) -> str:
        t = str(self.target)
        return t.split("#", 1)[1].strip() if "#" in t else ""

    @property
    def label(self) -> str:
        """What a reader sees: the prefix, the text if given, else the target as written; plus
        the trail."""
        shown = str(self.text) if self.text is not None else str(self.target).lstrip(":")
        return self.prefix + shown + self.trail

    def set_target(self, target: str, *, keep_text: bool = False) -> None:
        """Point the link elsewhere; ``keep_text=True`` keeps what readers see (adding the
        old target as the label when the link had none)."""
        _edits().set_link_target(self, target, keep_text=keep_text)

    def set_text(self, text: str | None) -> None:
        _edits().set_link_text(self, text)


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class CategoryLink(Wikilink):
    """``[[Category:Name|sort key]]`` (not ``[[:Category:Name]]``, which is a plain link)."""

    @property
    def sortkey(self) -> str | None:
        return str(self.text) if self.text is not None else None

    @property
    def category(self) -> str:
        """The category name without its namespace prefix."""
        title = self.normalized_title
        return title.split(":", 1)[1].strip() if ":" in title else title


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class InterlanguageLink(Wikilink):
    """``[[fr:Page]]``: the same page in another language edition (``interwiki`` is the code)."""


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class FileLink(Wikilink):
    """``[[File:Name.jpg|thumb|200px|alt=...|Caption]]``: ``options`` are the pipe-separated parts.

    ``text`` is always None for files; the typed views (:attr:`caption`, :attr:`format`, ...)
    interpret ``options`` the way MediaWiki does (the last non-option part is the caption).
    """

    options: list[Wikicode] = attr.ib(factory=list, type=_ann("list[Wikicode]"))

    def parts(self) -> Sequence[str | Node]:
        out: list[str | Node] = [self.prefix, "[[", self.target] if self.prefix else ["[[", self.target]
        for o in self.options:
            out += ["|", o]
        out += ["]]", self.trail]
        return out

    @property
    def filename(self) -> str:
        title = self.normalized_title
        return title.split(":", 1)[1].strip() if ":" in title else title

    def interpret(self) -> dict[str, Any]:
        """The options as MediaWiki reads them: format, align, valign, width, height, upright,
        alt, link, page, class, lang, border, caption (a Wikicode or None)."""
        return _mw.file_options(str(self.target), self.options, head=_option_head)

    @property
    def caption(self) -> Wikicode | None:
        cap = self.interpret()["caption"]
        return cap if isinstance(cap, Wikicode) else None


def _option_head(option: Wikicode) -> str:
    """Enough of a file link option's text to tell whether it can be an option."""
    return wikitext_head(option, _mw.OPTION_HEAD_CHARS)


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class ExternalLink(Node):
    """``[http://x label]`` (``brackets``) or a bare ``http://x``.

    ``space`` is the whitespace between URL and label as written.
    """

    url: Wikicode = attr.ib(factory=Wikicode, type=_ann("Wikicode"))
    text: Wikicode | None = attr.ib(default=None, type=_ann("Wikicode | None"))
    brackets: bool = attr.ib(default=True, type=_ann("bool"))
    space: str = attr.ib(default="", type=_ann("str"))

    def parts(self) -> Sequence[str | Node]:
        if not self.brackets:
            return (self.url,)
        if self.text is None:
            return ("[", self.url, self.space, "]")
        return ("[", self.url, self.space, self.text, "]")

    @property
    def title(self) -> Wikicode | None:
        """mwparserfromhell's name for the label, :attr:`text`."""
        return self.text

    @title.setter
    def title(self, value: Any) -> None:
        _edits().set_link_text(self, None if value is None else str(value))


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Redirect(Node):
    """``#REDIRECT [[Target]]`` at the start of a page (``marker`` as written, any case)."""

    marker: str = attr.ib(default="#REDIRECT", type=_ann("str"))
    space: str = attr.ib(default=" ", type=_ann("str"))
    link: Wikilink = attr.ib(factory=Wikilink, type=_ann("Wikilink"))

    def parts(self) -> Sequence[str | Node]:
        return (self.marker, self.space, self.link)

    @property
    def target(self) -> str:
        link = self.link
        return link.normalized_title + (("#" + link.fragment) if link.fragment else "")


# --------------------------------------------------------------------------------------------
# Tags
# --------------------------------------------------------------------------------------------


@define(slots=True)
class Attribute:
    """One attribute of a tag, as written: ``pad`` is what precedes the name (spaces, junk)."""

    pad: str
    name: str
    equals: str  # "=" with its surrounding spaces, or "" for a bare attribute
    quote: str  # '"', "'" or ""
    value: str

    def __str__(self) -> str:
        if not self.equals:
            return self.pad + self.name
        return f"{self.pad}{self.name}{self.equals}{self.quote}{self.value}{self.quote}"


_ATTR_RE = re.compile(
    r"""(?P<pad>[^\w<>"'/=\s]*\s*[^\w<>"'=\s]*?)?"""  # spaces and stray characters
    r"""(?P<name>[^\s"'<>/=\x00-\x1f]+)"""
    r"""(?:(?P<eq>\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'<>]*)))?""",
)


def parse_attributes(raw: str) -> list[Attribute]:
    """Split a tag's raw attribute text into :class:`Attribute` records, losslessly.

    Whatever is not an attribute (stray quotes, slashes) is kept in the next attribute's ``pad``
    or, at the end, returned as a nameless final record so that ``"".join(map(str, ...)) == raw``.
    """
    out: list[Attribute] = []
    pos = 0
    for m in _ATTR_RE.finditer(raw):
        pad = raw[pos : m.start()] + (m.group("pad") or "")
        pos = m.end()
        eq = m.group("eq")
        if eq is None:
            out.append(Attribute(pad, m.group("name"), "", "", ""))
            continue
        if m.group("dq") is not None:
            out.append(Attribute(pad, m.group("name"), eq, '"', m.group("dq")))
        elif m.group("sq") is not None:
            out.append(Attribute(pad, m.group("name"), eq, "'", m.group("sq")))
        else:
            out.append(Attribute(pad, m.group("name"), eq, "", m.group("uq") or ""))
    if pos < len(raw):
        out.append(Attribute(raw[pos:], "", "", "", ""))
    return out


def attributes_dict(raw: str) -> dict[str, str]:
    """Attribute names (lower-cased) to decoded values; the last duplicate wins, as in MediaWiki."""
    return {
        a.name.lower(): html.unescape(a.value)
        for a in parse_attributes(raw)
        if a.name
    }


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class Tag(Node):
    """Base of :class:`HtmlTag` and :class:`ExtensionTag`; ``name`` is lower-case."""

    name: str = attr.ib(default="", type=_ann("str"))
    attrs: str = attr.ib(default="", type=_ann("str"))

    @property
    def attributes(self) -> dict[str, str]:
        return attributes_dict(self.attrs)

    # mwparserfromhell's Tag: ``tag`` is the name as written; ``has``/``get`` read attributes.
    @property
    def tag(self) -> Wikicode:
        """The name as written, as a new Wikicode (editing it does not rename the tag)."""
        return Wikicode(nodes=[Text(value=getattr(self, "raw_name", "") or self.name)])

    @property
    def wiki_markup(self) -> None:
        """Always None: bold, lists and tables are their own node classes here."""
        return None

    def has(self, name: str) -> bool:
        wanted = str(name).strip().lower()
        return any(a.name.lower() == wanted for a in parse_attributes(self.attrs))

    def get(self, name: str) -> Attribute:
        """The attribute (the last duplicate, which MediaWiki uses); ValueError if none."""
        wanted = str(name).strip().lower()
        for a in reversed(parse_attributes(self.attrs)):
            if a.name.lower() == wanted:
                return a
        raise ValueError(name)


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class HtmlTag(Tag):
    """One HTML tag as written: ``<span class="x">``, ``</span>`` (``closing``), ``<br/>``.

    Tags are leaves: an opening tag and its closing tag are separate nodes, because wikitext
    lets them straddle paragraphs, cells and templates; renderers pair them the way
    MediaWiki's HTML fix-up does.  Only names MediaWiki allows become tags; ``<foo>`` is text.
    """

    raw_name: str = attr.ib(default="", type=_ann("str"))
    closing: bool = attr.ib(default=False, type=_ann("bool"))
    self_closing: bool = attr.ib(default=False, type=_ann("bool"))

    def parts(self) -> Sequence[str | Node]:
        return (
            "</" if self.closing else "<",
            self.raw_name or self.name,
            self.attrs,
            "/>" if self.self_closing else ">",
        )


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class ExtensionTag(Tag):
    """``<ref name="x">body</ref>``, ``<nowiki/>``, ``<math>...</math>``.

    ``body`` is the raw text between the tags (None when self-closing).  For tags whose body is
    wikitext (``ref``, ``poem``, ``references``, ...) the parser also fills ``contents`` with
    the parsed body, and then ``contents`` is the source of truth for the text.  ``close`` is
    the closing tag as written ("" when self-closing or when the body runs to the end).
    """

    raw_name: str = attr.ib(default="", type=_ann("str"))
    self_closing: bool = attr.ib(default=False, type=_ann("bool"))
    body: str | None = attr.ib(default=None, type=_ann("str | None"))
    contents: Wikicode | None = attr.ib(default=None, type=_ann("Wikicode | None"))
    close: str = attr.ib(default="", type=_ann("str"))

    def parts(self) -> Sequence[str | Node]:
        head = f"<{self.raw_name or self.name}{self.attrs}{'/>' if self.self_closing else '>'}"
        if self.contents is not None:
            return (head, self.contents, self.close)
        return (head, self.body or "", self.close)

    @property
    def inner(self) -> str:
        """The body as text (rebuilt from ``contents`` when the body was parsed)."""
        if self.contents is not None:
            return str(self.contents)
        return self.body or ""


@mypyc_attr(allow_interpreted_subclasses=True)
@attr.s(kw_only=True, eq=False, slots=True, repr=False)
class LanguageConverter(Node):
    """``-{zh-hans:计算机;zh-hant:電腦}-``, ``-{R|raw}-``: a language-converter block.

    Made by the parser on wikis whose language has variants (zh, sr...: the config's
    ``variants``); elsewhere ``-{ }-`` is text, as MediaWiki shows it.  ``contents`` is the
    inside, parsed (links and templates in it are nodes); :attr:`raw` is its wikitext, which
    :func:`wikiparse.presets.langconv.show_variant` reads as flags and rules.
    """

    contents: Wikicode = attr.ib(factory=Wikicode, type=_ann("Wikicode"))

    def parts(self) -> Sequence[str | Node]:
        return ("-{", self.contents, "}-")

    @property
    def raw(self) -> str:
        """The inside as written (``zh-hans:计算机;zh-hant:電腦``)."""
        return str(self.contents)


# --------------------------------------------------------------------------------------------
# Assigning text to wikitext fields (the hooks described in the module docstring)
# --------------------------------------------------------------------------------------------

#: The config that strings assigned to wikitext fields are parsed with; set by
#: :func:`wikiparse.edit.editing` (None: the default config).
EDIT_CONFIG: ContextVar[ParserConfig | None] = ContextVar("wikiparse_edit_config", default=None)

_object_setattr = object.__setattr__


def _field_kinds(cls: type) -> tuple[frozenset[str], frozenset[str]]:
    """(fields holding a Wikicode, fields holding one other node) of a node class."""
    import attrs

    text_fields: set[str] = set()
    node_fields: set[str] = set()
    for f in attrs.fields(cls):
        annotation = str(f.type).removesuffix(" | None")
        if annotation == "Wikicode":
            text_fields.add(f.name)
        elif annotation in __all__ and annotation not in ("Diagnostic", "Attribute"):
            node_fields.add(f.name)
    return frozenset(text_fields), frozenset(node_fields)


_TEXT_FIELDS: dict[type, frozenset[str]] = {}
_NODE_FIELDS: dict[type, frozenset[str]] = {}


def _parse_assigned(node: Node, name: str, value: str) -> Node:
    """The node a ``str`` assigned to ``node.<name>`` stands for (see the module docstring)."""
    if name in _TEXT_FIELDS[type(node)]:
        parsed: Node = _edits().parse_value(value, EDIT_CONFIG.get(), node, name)
        return parsed
    raise TypeError(
        f"{type(node).__name__}.{name} holds a node, not text: assign a node "
        "(or use wikiparse.edit.replace, which parses text)"
    )


def _setattr_parsing_text(self: Node, name: str, value: Any) -> None:
    """``__setattr__`` of node classes with node fields: strings become parsed wikitext."""
    if type(value) is str and name in _NODE_FIELDS[type(self)]:
        value = _parse_assigned(self, name, value)
    _object_setattr(self, name, value)


def number_templates(root: Node) -> None:
    """Number the positional parameters of every template and parser function in ``root``
    (after a tree is loaded from JSON: its parameters are filled after their templates)."""
    calls: list[Template | ParserFunction] = list(iter_nodes(root, (Template, ParserFunction)))
    if isinstance(root, Template | ParserFunction):
        calls.append(root)
    for node in calls:
        number_params(node.params, 0 if isinstance(node, ParserFunction) else 1)


def _setattr_numbering(self: Node, name: str, value: Any) -> None:
    """``__setattr__`` of templates and parser functions: new ``params`` are numbered."""
    _setattr_parsing_text(self, name, value)
    if name == "params" and value:
        number_params(value, 0 if isinstance(self, ParserFunction) else 1)


def _setattr_heading(self: Heading, name: str, value: Any) -> None:
    """``Heading.__setattr__``: text fields as above, and a new level rewrites the markers."""
    if name == "level":
        if not (isinstance(value, int) and 1 <= value <= 6):
            raise ValueError(f"a heading level is 1 to 6, not {value!r}")
        try:
            old_open, old_close = self.open, self.close
        except AttributeError:  # still being built
            _object_setattr(self, name, value)
            return
        # Keep any surplus "=" the old markers carried beyond the old level (unbalanced
        # headings), so that only the level changes.
        old = self.level
        _object_setattr(self, "open", "=" * value + old_open[old:])
        _object_setattr(self, "close", "=" * value + old_close[old:])
        _object_setattr(self, name, value)
        return
    _setattr_parsing_text(self, name, value)


#: Are the node classes compiled (mypyc native classes)?  Their instances cannot change
#: class, and compiled code writes their fields without going through ``__setattr__``.
NATIVE_NODES: bool = Node.__new__ is not object.__new__

#: Hookless twins of the hooked classes (see :func:`unhooked`).
_UNHOOKED: dict[type, type] = {}


def unhooked(cls: type[N]) -> type[N]:
    """A twin of node class ``cls``: a subclass of it with no slot of its own and no
    ``__setattr__`` hook.

    The parser's hot-path constructors fill an instance of the twin with plain slot writes and
    then set its ``__class__`` to ``cls`` (one write instead of one hooked call per field:
    the hooks cost the parser 7% when it went through them).  With compiled node classes
    (:data:`NATIVE_NODES`) it is ``cls`` itself: the compiled parser's field writes skip the
    hook anyway, and a native instance cannot change class.
    """
    if NATIVE_NODES:
        return cls  # compiled code writes native fields directly: no hook to skip
    twin = _UNHOOKED.get(cls)
    if twin is None:
        # A subclass adding no slot: the switch to ``cls`` then finds the two layouts alike
        # at once (a twin with slots of its own had its slot names compared at every switch:
        # a third of the switch's cost).  object's own __setattr__: a base may be hooked too
        # (FileLink's base is Wikilink).  A field that may be held is a property of ``cls``
        # (see _hold_texts): the twin writes its slot.
        fields: dict[str, Any] = {"__slots__": (), "__setattr__": object.__setattr__}
        for base in reversed(cls.__mro__):
            fields.update(HELD_SLOTS.get(base, {}))
        twin = type(cls.__name__, (cls,), fields)
        _UNHOOKED[cls] = twin
    return twin


def _install_setattr_hooks() -> None:
    """Give every node class with node fields the hook; the others keep plain slot writes."""
    for name in __all__:
        cls = globals()[name]
        if not (isinstance(cls, type) and issubclass(cls, Node)):
            continue
        text_fields, node_fields = _field_kinds(cls)
        _TEXT_FIELDS[cls] = text_fields
        _NODE_FIELDS[cls] = text_fields | node_fields
        if text_fields or node_fields:
            hook: Callable[[Any, str, Any], None] = (
                _setattr_heading if cls is Heading
                else _setattr_numbering if cls in (Template, ParserFunction)
                else _setattr_parsing_text
            )
            # Compiled, the hook is a built-in function, which does not bind to the instance.
            cls.__setattr__ = as_method(hook) if _COMPILED else hook  # type: ignore[method-assign]


#: Does the parser leave a node's plain-text fields as text until they are read (see
#: :func:`_hold_texts`)?  In the pure-Python build only: compiled node classes are native,
#: whose fields cannot become properties.
HELD_TEXTS: bool = not NATIVE_NODES


def _text_container(start: int, end: int, value: str) -> Wikicode:
    """The Wikicode the parser makes of one run of plain text: one Text, none if empty."""
    code: Wikicode = Wikicode.__new__(Wikicode)
    code.start = start
    code.end = end
    if value:
        text: Text = Text.__new__(Text)
        text.start = start
        text.end = end
        text.value = value
        code.nodes = [text]
    else:
        code.nodes = []
    return code


#: The slot behind each field that may be held, by class: reads it without building it.
HELD_SLOTS: dict[type, dict[str, Any]] = {}


def _hold_texts(cls: type[Node], readers: dict[str, Callable[[Any], Any]], span_fields: frozenset[str]) -> None:
    """Let the Wikicode fields of ``cls`` that ``readers`` names hold their text as a
    ``str`` until they are read.

    Most of the Wikicode a page's parse makes holds one run of plain text that no later
    pass reads: citations' parameter names and values (``|title=...``), link targets.  With
    their lists and Text nodes they were a third of the objects :func:`wikiparse.parse`
    made, and freeing them a part of dropping the tree.  The parser's scans of a whole
    template and a whole link (``braces.flat_template``, ``links.ordinary_link``) write such
    a text as the ``str`` itself into the field's slot (through the hookless twin, see
    :func:`unhooked`); the field becomes a property whose reader builds the Wikicode the
    parser would have built and keeps it: a tree reads the same whenever it is read.  The
    reader finds the slot under a second name, ``_held_<field>`` (a slot read costs a tenth
    of a call to the slot's own ``__get__``).

    A reader places a text by the node's own fields only; so before any of ``span_fields``
    is written (the hook below; :func:`reindex` writes ``start``), every text still held is
    built with the offsets of the text it came from.
    """
    HELD_SLOTS[cls] = {}
    _UNHOOKED.clear()  # (a twin writes the slots of its class's held fields: made anew)
    for name, read in readers.items():
        slot: Any = vars(cls)[name]
        HELD_SLOTS[cls][name] = slot
        setattr(cls, "_held" + name if name.startswith("_") else "_held_" + name, slot)
        setattr(cls, name, property(read, slot.__set__, slot.__delete__))
    hook = cls.__setattr__
    settle = tuple(readers.values())

    def settle_then_set(self: Node, name: str, value: Any) -> None:
        """The hook of ``cls``: texts still held are built before a field they are placed
        by changes."""
        if name in span_fields:
            try:
                for read in settle:
                    read(self)
            except AttributeError:  # a node still being built: nothing held yet
                pass
        hook(self, name, value)

    setattr(cls, "__setattr__", settle_then_set)  # noqa: B010


# The readers of the held fields (see _hold_texts): each reads its slot and, if it still holds
# the text, builds it at the offset its node gives it.  (``self`` is Any: the ``_held_`` names
# are set at run time.)


def _read_parameter_name(self: Any) -> Any:
    """``Parameter._name``: a name starts where its parameter starts."""
    name = self._held_name
    return _built(self, "_held_name", self.start, name) if type(name) is str else name


def _read_parameter_value(self: Any) -> Any:
    """``Parameter.value``: a value ends where its parameter ends."""
    value = self._held_value
    return _built(self, "_held_value", self.end - len(value), value) if type(value) is str else value


def _read_template_name(self: Any) -> Any:
    """``Template.name``: after the ``{{``."""
    name = self._held_name
    return _built(self, "_held_name", self.start + 2, name) if type(name) is str else name


def _read_template_params(self: Any) -> Any:
    """``Template.params``: held as the text from the first pipe to the ``}}``, when every
    parameter's name and value is plain text no pass reads; each is held in turn."""
    params = self._held_params
    return _built_params(self, params) if type(params) is str else params


def _built_params(template: Any, held: str) -> list[Parameter]:
    """The parameters of held text ``held`` (``|a=b|c``), ending before the template's
    ``}}``: what ``braces.flat_template`` makes of it, their names and values held."""
    raw: Any = unhooked(Parameter)
    params: list[Parameter] = []
    position = 1
    ps = template.end - 1 - len(held)  # after the first pipe
    for piece in held[1:].split("|"):
        pe = ps + len(piece)
        param = raw.__new__(raw)
        param.start = ps
        param.end = pe
        key, eq, value = piece.partition("=")
        if eq:
            param._name = key
            param.value = value
            param._position = -1
        else:
            param._name = None
            param.value = piece
            param._position = position
            position += 1
        param.__class__ = Parameter
        params.append(param)
        ps = pe + 1
    _object_setattr(template, "_held_params", params)
    return params


def _read_link_target(self: Any) -> Any:
    """``Wikilink.target``: after the link's prefix and ``[[``."""
    target = self._held_target
    return _built(self, "_held_target", self.start + len(self.prefix) + 2, target) if type(target) is str else target


def _read_link_label(self: Any) -> Any:
    """``Wikilink.text``: after the target and the pipe (the target is not built for it)."""
    label = self._held_text
    if type(label) is not str:
        return label
    target = self._held_target
    target_end = self.start + len(self.prefix) + 2 + len(target) if type(target) is str else target.end
    return _built(self, "_held_text", target_end + 1, label)


def _built(node: Any, slot: str, start: int, text: str) -> Wikicode:
    """The Wikicode of the held ``text`` at ``start``, kept in the node's ``slot``."""
    code = _text_container(start, start + len(text), text)
    _object_setattr(node, slot, code)
    return code


def _install_held_texts() -> None:
    """The fields that may be held: those the parser's whole-construct scans write as text.
    ``Parameter.showkey`` then reads the name's slot: it need not build the name."""
    _hold_texts(Parameter, {"_name": _read_parameter_name, "value": _read_parameter_value}, frozenset(("start", "end")))
    setattr(Parameter, "showkey", property(_parameter_showkey, doc=vars(Parameter)["showkey"].__doc__))  # noqa: B010
    _hold_texts(
        Template, {"name": _read_template_name, "params": _read_template_params}, frozenset(("start", "end"))
    )
    _hold_texts(
        Wikilink, {"target": _read_link_target, "text": _read_link_label}, frozenset(("start", "prefix", "target"))
    )


def _parameter_showkey(self: Any) -> bool:
    """``Parameter.showkey`` where names may be held."""
    return self._held_name is not None


# --------------------------------------------------------------------------------------------
# Diagnostics
# --------------------------------------------------------------------------------------------


@define(slots=True, frozen=True)
class Diagnostic:
    """Something worth a user's attention that MediaWiki silently tolerates (an unclosed
    template, a table without ``|}``...).  Parsing never raises; it reports these instead."""

    code: str
    message: str
    start: int
    end: int


# --------------------------------------------------------------------------------------------
# Generic traversal (explicit stacks: no recursion, whatever the nesting depth)
# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# Finding nodes, reading parameters (re-exported by wikiparse.query and wikiparse.edit)
# --------------------------------------------------------------------------------------------

#: Containers that ``recursive=False`` looks through (see :mod:`wikiparse.query`).
_TRANSPARENT: tuple[type[Node], ...] = (Section, Paragraph, Formatting, List, ListItem, Preformatted)


def _is_transparent(node: Node) -> bool:
    # A bare Wikicode (not a subclass such as Bold, Document...) is a plain sequence of nodes.
    return type(node) is Wikicode or isinstance(node, _TRANSPARENT)


def iter_nodes(
    node: Node,
    types: type[N] | tuple[type[N], ...] = (),
    *,
    recursive: bool = True,
    predicate: Callable[[N], bool] | None = None,
) -> Iterator[N]:
    """Yield the nodes beneath ``node`` (never ``node`` itself), in source order.

    ``types`` filters by class (an empty tuple means every node); ``predicate`` filters further.
    With ``recursive=False`` only the nodes at this level are yielded (see :mod:`wikiparse.query`).
    """
    wanted: tuple[type[Node], ...] = types if isinstance(types, tuple) else (types,)
    stack: list[Node] = list(reversed(node.children))
    pop = stack.pop
    while stack:
        n = pop()
        if (not wanted or isinstance(n, wanted)) and (predicate is None or predicate(n)):  # type: ignore[arg-type]
            yield n  # type: ignore[misc]
        if recursive or _is_transparent(n):
            kids = n.children
            if kids:
                stack.extend(reversed(kids))


def find_templates(node: Node, name: str | None = None, *, recursive: bool = True) -> list[Template]:
    """Templates beneath ``node`` (parser functions and magic variables are other classes),
    optionally only those whose normalised name equals the normalised ``name`` (read with
    the config a :class:`Document` was parsed with: ``Vorlage:Foo`` is ``Foo`` on dewiki)."""
    if name is None:
        return list(iter_nodes(node, Template, recursive=recursive))
    config = node.config if isinstance(node, Document) else None
    wanted = _mw.normalize_template_name(name, config=config)
    return [
        t
        for t in iter_nodes(node, Template, recursive=recursive)
        if _mw.normalize_template_name(str(t.name), config=config) == wanted
    ]


def param_items(template: Template) -> list[tuple[str, Parameter]]:
    """``(key, parameter)`` for every parameter, positional ones numbered from 1 as in MediaWiki
    (an explicit ``2=`` and the second positional parameter share the key ``"2"``)."""
    return _param_items(template.params)


def _param_items(params: Sequence[Parameter]) -> list[tuple[str, Parameter]]:
    out: list[tuple[str, Parameter]] = []
    position = 0
    for p in params:
        if p._name is None:
            position += 1
            out.append((str(position), p))
        else:
            out.append((_mw.param_key(str(p.name)), p))
    return out


def _param_in(params: Sequence[Parameter], name: str) -> Parameter | None:
    """The last parameter of ``params`` with key ``name`` (positional ones numbered from 1)."""
    key = name.strip()
    found: Parameter | None = None
    position = 0
    for p in params:
        if p._name is None:
            position += 1
            k = str(position)
        else:
            k = _mw.param_key(str(p.name))
        if k == key:
            found = p
    return found


def get_param(template: Template, name: str | int) -> Parameter | None:
    """The parameter MediaWiki would use for ``name`` (the last of duplicates), or None."""
    key = str(name).strip()
    found: Parameter | None = None
    for k, p in param_items(template):
        if k == key:
            found = p
    return found


#: Upper layers that the nodes' convenience methods reach: ``"edit"`` (``wikiparse.edit``:
#: ``Template.add``, ``Wikilink.set_target``...) and ``"data"`` (``wikiparse.data``:
#: ``Document.infoboxes``, ``Table.grid``, ``Section.text``...).  Each registers itself when
#: it is imported (the package imports both), so this bottom layer never imports upward.
_LAYERS: dict[str, Any] = {}


def register_layer(name: str, module: Any) -> None:
    """Called once by ``wikiparse.edit`` and ``wikiparse.data`` (see ``_LAYERS``)."""
    _LAYERS[name] = module


def _layer(name: str) -> Any:
    module = _LAYERS.get(name)
    if module is None:
        # The package loads its layers on first use (``wikiparse.__getattr__``): a program
        # that imported only ``wikiparse.nodes`` gets the layer loaded (and registered) here,
        # by name, so this bottom layer still has no import of an upper one.
        importlib.import_module(f"wikiparse.{name}")
        module = _LAYERS[name]
    return module


def _edits() -> Any:
    return _layer("edit")


def _data() -> Any:
    return _layer("data")


def _query() -> Any:
    return _layer("query")


def walk(node: Node) -> Iterator[Node]:
    """Yield ``node`` and every node beneath it, in source (pre-)order, without recursion."""
    stack: list[Node] = [node]
    pop = stack.pop
    push = stack.extend
    while stack:
        n = pop()
        yield n
        kids = [p for p in n.parts() if isinstance(p, Node)]
        if kids:
            kids.reverse()
            push(kids)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        import attrs

        names = tuple(f.name for f in attrs.fields(cls))
        _FIELD_NAMES[cls] = names
    return names


@mypyc_attr(native_class=False)  # a subclass of int: a plain Python class
class _Ref(int):
    """A child's row number in a :func:`flatten` table (a subclass, so that an ``int`` field
    value is never read as a reference)."""

    __slots__ = ()


@mypyc_attr(native_class=False)  # a subclass of list: a plain Python class
class _Refs(list):  # type: ignore[type-arg]
    """A list field whose items are child row numbers in a :func:`flatten` table."""

    __slots__ = ()


def flatten(root: Node) -> list[tuple[type, tuple[Any, ...]]]:
    """The tree as a flat table, one ``(class, field values)`` row per node in pre-order,
    child nodes replaced by their row numbers; no recursion, so pickle and deepcopy work
    at any depth.  Scalar field values are shared (they are immutable, except a Document's
    line table, which is copied)."""
    rows: list[tuple[type, tuple[Any, ...]]] = []
    pending: list[tuple[Node, int]] = [(root, 0)]
    rows.append((type(root), ()))
    while pending:
        node, row = pending.pop()
        values: list[Any] = []
        for name in _field_names(type(node)):
            value = getattr(node, name)
            if isinstance(value, Node):
                pending.append((value, len(rows)))
                values.append(_Ref(len(rows)))
                rows.append((type(value), ()))
            elif isinstance(value, list) and value and isinstance(value[0], Node):
                refs = _Refs()
                for child in value:
                    pending.append((child, len(rows)))
                    refs.append(len(rows))
                    rows.append((type(child), ()))
                values.append(refs)
            elif isinstance(value, list):
                values.append(list(value))
            else:
                values.append(value)
        rows[row] = (type(node), tuple(values))
    return rows


def unflatten(rows: list[tuple[type, tuple[Any, ...]]]) -> Node:
    """The tree of a :func:`flatten` table (new nodes, built without hooks or recursion)."""
    made: list[Node] = [cast("type[Node]", cls).__new__(cls) for cls, _ in rows]
    for node, (cls, values) in zip(made, rows, strict=True):
        for name, value in zip(_field_names(cls), values, strict=True):
            if type(value) is _Ref:
                value = made[value]
            elif type(value) is _Refs:
                value = [made[i] for i in value]
            _object_setattr(node, name, value)
    return made[0]


def walk_with_ancestors(node: Node) -> Iterator[tuple[Node, Sequence[Node]]]:
    """Yield ``(n, ancestors)`` for ``node`` and every node beneath it, in source order;
    ``ancestors`` runs from ``node`` down to ``n``'s parent.  It is one live list, updated as
    the walk goes (no copy per node, so deep trees cost no more): copy it to keep it."""
    path: list[Node] = []
    leave = object()
    stack: list[Any] = [node]
    pop, push = stack.pop, stack.append
    while stack:
        item = pop()
        if item is leave:
            path.pop()
            continue
        yield item, path
        kids = [p for p in item.parts() if isinstance(p, Node)]
        if kids:
            path.append(item)
            push(leave)
            kids.reverse()
            stack.extend(kids)


@mypyc_attr(allow_interpreted_subclasses=True)  # wikiparse.edit.Editor is one
class ParentIndex:
    """The parent of every node beneath ``root``, from one walk (explicit stack).

    Nodes keep no parent pointers (a tree edited in place would have to keep them right);
    build an index when you need many lookups, and again after editing (or use
    :class:`wikiparse.edit.Editor`, which keeps its own index up to date as it edits).
    """

    __slots__ = ("_parents", "root")

    def __init__(self, root: Node) -> None:
        self.root = root
        self._parents: dict[int, tuple[Node, Node]] = {}
        self._index(root)

    def _index(self, top: Node) -> None:
        """Record the parent of every node beneath ``top`` (explicit stack; an editor calls
        it again for the content it inserts)."""
        parents = self._parents
        stack = [top]
        while stack:
            parent = stack.pop()
            for kid in parent.children:
                parents[id(kid)] = (kid, parent)
                stack.append(kid)

    def parent(self, node: Node) -> Node | None:
        """The node holding ``node``; None for the root or a node not in the tree."""
        entry = self._parents.get(id(node))
        return entry[1] if entry is not None and entry[0] is node else None

    def ancestors(self, node: Node) -> list[Node]:
        """``node``'s parent, its parent's parent, ... up to the root (innermost first)."""
        out: list[Node] = []
        up = self.parent(node)
        while up is not None:
            out.append(up)
            up = self.parent(up)
        return out


def parent_of(root: Node, node: Node) -> Node | None:
    """The parent of ``node`` beneath ``root`` (one walk; see :class:`ParentIndex` for many)."""
    for n, ancestors in walk_with_ancestors(root):
        if n is node:
            return ancestors[-1] if ancestors else None
    return None


def to_wikitext(node: Node) -> str:
    """The exact wikitext of ``node`` (what ``str(node)`` returns), built without recursion."""
    kind = type(node)
    if kind is Wikicode:  # the commonest: a link target, a name, a value of one text
        nodes = cast(Wikicode, node).nodes
        if len(nodes) == 1:
            first = nodes[0]
            if type(first) is Text:
                return first.value
    elif kind is Text:
        return cast(Text, node).value
    out: list[str] = []
    stack: list[str | Node] = [node]
    pop = stack.pop
    while stack:
        item = pop()
        if isinstance(item, str):
            out.append(item)
            continue
        if type(item) is Text:
            out.append(item.value)
            continue
        parts = list(item.parts())
        parts.reverse()
        stack.extend(parts)
    return "".join(out)


def reindex(node: Node, start: int = 0) -> None:
    """Recompute ``start``/``end`` of ``node`` and everything beneath it from their text,
    as if ``str(node)`` had been parsed at offset ``start``.  Call after editing.

    On a :class:`Document` it also sets ``source`` to the edited text and drops the line
    table, so that :meth:`Document.location` answers for the edited text."""
    if isinstance(node, Document):
        node.source = to_wikitext(node)
        node._line_starts = None
    # Iterative post-order over parts: ("enter", node) sets start, ("leave", node) sets end.
    pos = start
    stack: list[tuple[bool, str | Node]] = [(False, node)]
    while stack:
        leaving, item = stack.pop()
        if isinstance(item, str):
            pos += len(item)
            continue
        if leaving:
            item.end = pos
            continue
        item.start = pos
        stack.append((True, item))
        for p in reversed(item.parts()):
            stack.append((False, p))


_install_setattr_hooks()
if HELD_TEXTS:
    _install_held_texts()
