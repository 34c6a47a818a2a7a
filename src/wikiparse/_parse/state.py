"""The one object every pass reads and writes, and the node helpers every pass shares.

A parse is a :class:`ParseState` handed from pass to pass (as markdown-it-py hands its state
to its rules, without the rule-chaining machinery: MediaWiki's pass order is fixed).  The
state holds the source text, the config and its compiled patterns, the work list of
containers still to process (so nested containers cost no recursion), and what the later
passes collect on the way (headings to number, diagnostics, unclosed runs).

The ``new_*`` helpers make the most frequent nodes without the attrs ``__init__``: the parser
makes hundreds of thousands of them, and in the compiled build the interpreted ``__init__``
call was the largest single cost of a node (``tests/test_parse_invariants.py`` checks every
field against the attrs constructors).  They are written out rather than generated from the
attrs field lists because, in the compiled build, only hand-written ones are compiled: a
generated one runs interpreted, 2x slower for ``Text`` and 20x for a hooked class.
"""

from __future__ import annotations

from typing import Any, Final, TypeVar

from ..config import ParserConfig
from ..nodes import (
    Comment,
    Diagnostic,
    Entity,
    ExtensionTag,
    ExternalLink,
    FileLink,
    Formatting,
    Heading,
    HtmlTag,
    List,
    ListItem,
    Node,
    Parameter,
    Section,
    TableCell,
    TableRow,
    Template,
    Text,
    Wikicode,
    Wikilink,
    number_params,
    unhooked,
)
from .patterns import WIDE_UNDERSCORE, Patterns, may_hold_construct, patterns
from .splice import _Splice

# Work-list modes: which passes a queued container still needs.
#: Inline passes only (a template value, a file option).
INLINE = 0
#: Block structure (the page).
BLOCK = 1
#: Block structure in a table cell.
CELL = 2
#: Inline, but no free URLs or magic links: the label of a wikilink.
LABEL = 3
#: Block structure in an extension tag's body (``<ref>``, ``<poem>``): headings there are not
#: the preprocessor's, so they take no section number and get no edit link.
TAG = 4


class ParseState:
    """Everything one parse knows: the text, the wiki, and what the passes collect."""

    def __init__(self, text: str, config: ParserConfig) -> None:
        self.text = text
        self.config = config
        self.pats: Patterns = patterns(config)
        self.diagnostics: list[Diagnostic] = []
        #: Containers still to process, with their mode (``INLINE``, ``BLOCK``...).
        self.work: list[tuple[Wikicode, int]] = []
        self.headings: list[Heading] = []
        #: Offsets of heading lines inside template arguments: not nodes (template arguments
        #: get no block structure) but MediaWiki's preprocessor numbers them all the same.
        self.phantom_headings: list[int] = []
        #: Where an unclosed ``{{``/``[[`` starts: a heading line holding one is no
        #: preprocessor heading (no section number, no edit link).
        self.unclosed: list[int] = []
        self.count_headings = True
        self.no_edit_section = False
        #: (tag name, search end) pairs for which no closing tag exists: MediaWiki's
        #: "no more closing tag" memo, which keeps ``<ref><ref><ref>...`` linear.
        self.no_close: set[tuple[str, int]] = set()
        #: See :func:`wikiparse._parse.parse_for_rendering`.
        self.skim_templates = False
        self.skim_tags: frozenset[str] = frozenset()
        #: Inclusion mode (a template body as transcluded): ``<includeonly>`` tags are
        #: markers and ``<noinclude>`` sections are cut out; see :func:`.preprocessor.preprocess`.
        self.inclusion = False
        #: Braces on: ``{{``/``{{{`` open frames.  Off for text that is already expanded, where
        #: MediaWiki never reads braces again (see :func:`wikiparse._parse.parse`).
        self.braces = True
        #: Inclusion mode on a text with ``<onlyinclude>`` sections: only they are kept.
        self.onlyinclude = False
        #: Will queued values get their inline pass (every parse but the preprocessor alone,
        #: :func:`.preprocessor.preprocess`, whose values keep their text)?  Then
        #: ``braces.flat_template`` may give a value what that pass would, at once.
        self.inline_values = True
        #: Has this parse made a placeholder for a link shown as text (``.splice._Splice``)?
        #: Until it has, no node list holds one, and :func:`flatten_splices` has nothing to do.
        self.spliced = False
        #: May the whole-construct scans leave a plain name, value or link target as text
        #: until it is read (``nodes.HELD_TEXTS``)?  Only in :func:`wikiparse.parse`, whose
        #: reader may read few of them; a renderer's parse reads them all anyway.
        self.held_texts = False

    def text_at(self, start: int, end: int) -> Text:
        """A Text node for ``text[start:end]`` (:func:`new_text`, written out: hot)."""
        node: Text = NEW_TEXT(Text)
        node.start = start
        node.end = end
        node.value = self.text[start:end]
        return node


def plain_text(st: ParseState, nodes: list[Node]) -> bool:
    """Is this one line of text with nothing for the inline pass to find?  (Then queueing
    it for that pass would give back the same text.)  Whitespace after the line may hold
    newlines (``| name = value\n``, most values of a multi-line template call): the lines
    after the first are blank then, which gives the inline pass nothing either."""
    if len(nodes) != 1 or type(nodes[0]) is not Text:
        return False
    value = nodes[0].value
    if "\n" in value:
        value = value.rstrip()
    # (``str`` tests: see :func:`.patterns.may_hold_construct`.)
    return not (
        "\n" in value or "[" in value or "''" in value or ":" in value
        or may_hold_construct(value) or WIDE_UNDERSCORE in value
    )


def inert(st: ParseState, nodes: list[Node]) -> bool:
    """Would the inline pass give back this container's nodes as they are?  (Then it is not
    queued for that pass.)  ``nodes`` must be merged (no adjacent or empty texts): a value,
    a label.  True when no text holds anything the pass looks for (a newline alone is
    nothing: the lines it cuts are joined again unchanged; a newline before ``=`` may be a
    heading line, which counts for section numbers) and no ordinary link stands right before
    a text that starts with its trail (on a wiki with link prefixes, no ordinary link at all).
    Most values of a multi-line citation are one line of text, or a template and the
    whitespace after it; most file options are a word."""
    pats = st.pats
    search = pats.inert_hint.search
    link_end = -1  # where the node before ends, if it is an ordinary link
    for n in nodes:
        kind = type(n)
        if kind is Text:
            value: str = n.value  # type: ignore[attr-defined]
            if search(value) is not None or WIDE_UNDERSCORE in value:
                return False
            if link_end == n.start and pats.link_trail.match(value) is not None:
                return False
            link_end = -1
        elif kind is Wikilink:
            if pats.link_prefix is not None:
                return False
            link_end = n.end
        else:
            link_end = -1
    return True


# -- node construction on the hot path ------------------------------------------------------
_W = TypeVar("_W", bound=Wikicode)
_F = TypeVar("_F", bound=Formatting)
# Hookless twins: fields are written as plain slots, then the instance becomes the real class
# (with compiled node classes, the classes themselves: nothing to switch, see nodes.unhooked).
RAW_PARAMETER: Any = unhooked(Parameter)
RAW_WIKILINK: Any = unhooked(Wikilink)
_RAW_TEMPLATE: Any = unhooked(Template)
_RAW_LISTITEM: Any = unhooked(ListItem)
_RAW_EXTENSIONTAG: Any = unhooked(ExtensionTag)
_RAW_EXTERNALLINK: Any = unhooked(ExternalLink)
_RAW_TABLECELL: Any = unhooked(TableCell)
_RAW_HEADING: Any = unhooked(Heading)
_RAW_FILELINK: Any = unhooked(FileLink)
TWINS: Final = RAW_PARAMETER is not Parameter
# The blank-node makers of the four commonest nodes, looked up once (``Text.__new__(Text)``
# looks ``__new__`` up on the class at every call; interpreted, that lookup is a tenth of the
# node).  Native classes keep their own ``__new__``, so this is that one in both builds.
# Public, with the twins above, for the scans that write their nodes out
# (``braces.flat_template``, ``links.ordinary_link``, the preprocessor's text flush).
NEW_TEXT: Final = Text.__new__
NEW_WIKICODE: Final = Wikicode.__new__
NEW_PARAMETER: Final = RAW_PARAMETER.__new__
NEW_WIKILINK: Final = RAW_WIKILINK.__new__


def new_text(start: int, end: int, value: str) -> Text:
    """``Text(start=start, end=end, value=value)`` without the attrs ``__init__``."""
    node: Text = NEW_TEXT(Text)
    node.start = start
    node.end = end
    node.value = value
    return node


def new_container(cls: type[_W], start: int, end: int, nodes: list[Node]) -> _W:
    """``cls(start=start, end=end, nodes=nodes)`` for a class whose only fields are those
    (``Wikicode``, ``Paragraph``), made the same way as :func:`new_text`."""
    node: _W = cls.__new__(cls)
    node.start = start
    node.end = end
    node.nodes = nodes
    return node


def new_wikicode(start: int, end: int, nodes: list[Node]) -> Wikicode:
    """``new_container(Wikicode, ...)``, written out: the parser's second most made node."""
    node: Wikicode = NEW_WIKICODE(Wikicode)
    node.start = start
    node.end = end
    node.nodes = nodes
    return node


def new_parameter(start: int, end: int, name: Wikicode | None, value: Wikicode, position: int = -1) -> Parameter:
    """A parameter; ``position``: its number if it is positional and its call numbers its
    parameters as it makes them (:func:`.braces.template`), else -1 (numbered later by
    ``nodes.number_params``)."""
    node: Parameter = NEW_PARAMETER(RAW_PARAMETER)
    node.start = start
    node.end = end
    node._name = name
    node.value = value
    node._position = position
    if TWINS:
        node.__class__ = Parameter  # the hooked class (see nodes.unhooked)
    return node


def new_wikilink(
    start: int, end: int, target: Wikicode, text: Wikicode | None, namespace: str = "",
    cls: type[Wikilink] = Wikilink,
) -> Wikilink:
    """A link of class ``cls``: :class:`Wikilink` or a subclass that adds no field
    (:class:`CategoryLink`), whose layout the twin of :class:`Wikilink` shares."""
    raw: Any = RAW_WIKILINK if TWINS else cls  # a native instance cannot change class
    node: Wikilink = raw.__new__(raw)
    node.start = start
    node.end = end
    node.target = target
    node.text = text
    node.trail = ""
    node.prefix = ""
    node.namespace = namespace
    node.interwiki = ""
    if TWINS:
        node.__class__ = cls  # the hooked class (see nodes.unhooked)
    return node


def new_template(start: int, end: int, name: Wikicode, params: list[Parameter], numbered: bool = False) -> Template:
    """A template; ``numbered``: its positional parameters carry their numbers already."""
    node: Template = _RAW_TEMPLATE.__new__(_RAW_TEMPLATE)
    node.start = start
    node.end = end
    node.name = name
    node.params = params
    if params and not numbered:
        number_params(params)
    if TWINS:
        node.__class__ = Template  # the hooked class (see nodes.unhooked)
    return node


def new_held_template(start: int, end: int, name: str, params: list[Parameter] | str) -> Template:
    """:func:`new_template` of numbered ``params`` with its name held as text until read
    (see ``nodes.HELD_TEXTS``: only where the node classes have hookless twins); ``params``
    a str: the parameters held too, as their text from the first pipe on."""
    node: Any = _RAW_TEMPLATE.__new__(_RAW_TEMPLATE)
    node.start = start
    node.end = end
    node.name = name
    node.params = params
    node.__class__ = Template  # the hooked class (see nodes.unhooked)
    made: Template = node
    return made


def new_list_item(start: int, end: int, leading: str, prefix: str, content: Wikicode, level_prefix: str) -> ListItem:
    node: ListItem = _RAW_LISTITEM.__new__(_RAW_LISTITEM)
    node.start = start
    node.end = end
    node.leading = leading
    node.prefix = prefix
    node.content = content
    node.level_prefix = level_prefix
    if TWINS:
        node.__class__ = ListItem  # the hooked class (see nodes.unhooked)
    return node


def new_extension_tag(
    start: int, end: int, name: str, raw_name: str, attrs: str, self_closing: bool, body: str | None, close: str,
    contents: Wikicode | None = None,
) -> ExtensionTag:
    node: ExtensionTag = _RAW_EXTENSIONTAG.__new__(_RAW_EXTENSIONTAG)
    node.start = start
    node.end = end
    node.name = name
    node.attrs = attrs
    node.raw_name = raw_name
    node.self_closing = self_closing
    node.body = body
    node.contents = contents
    node.close = close
    if TWINS:
        node.__class__ = ExtensionTag  # the hooked class (see nodes.unhooked)
    return node


def new_external_link(
    start: int, end: int, url: Wikicode, text: Wikicode | None, brackets: bool, space: str
) -> ExternalLink:
    node: ExternalLink = _RAW_EXTERNALLINK.__new__(_RAW_EXTERNALLINK)
    node.start = start
    node.end = end
    node.url = url
    node.text = text
    node.brackets = brackets
    node.space = space
    if TWINS:
        node.__class__ = ExternalLink  # the hooked class (see nodes.unhooked)
    return node


def new_table_cell(
    start: int, leading: str, marker: str, header: bool, attrs: str | None, content: Wikicode
) -> TableCell:
    """A cell whose end is not known yet (-1, as the attrs default)."""
    node: TableCell = _RAW_TABLECELL.__new__(_RAW_TABLECELL)
    node.start = start
    node.end = -1
    node.leading = leading
    node.marker = marker
    node.header = header
    node.attrs = attrs
    node.content = content
    if TWINS:
        node.__class__ = TableCell  # the hooked class (see nodes.unhooked)
    return node


def new_heading(start: int, end: int, level: int, title: Wikicode, trailing: Wikicode) -> Heading:
    """A heading whose markers are ``level`` signs each (its number is set later)."""
    node: Heading = _RAW_HEADING.__new__(_RAW_HEADING)
    node.start = start
    node.end = end
    node.level = level
    node.open = node.close = "=" * level
    node.title = title
    node.trailing = trailing
    node.number = 0
    node.editable = True
    if TWINS:
        node.__class__ = Heading  # the hooked class (see nodes.unhooked)
    return node


def new_formatting(cls: type[_F], start: int, open: str) -> _F:
    """A :class:`Bold` or :class:`Italic` just opened: no end, no children, no close yet."""
    node: _F = cls.__new__(cls)
    node.start = start
    node.end = -1
    node.nodes = []
    node.open = open
    node.close = ""
    return node


def new_section(start: int, level: int, number: int, nodes: list[Node]) -> Section:
    """A section whose end is not known yet (-1)."""
    node: Section = Section.__new__(Section)
    node.start = start
    node.end = -1
    node.nodes = nodes
    node.level = level
    node.number = number
    return node


def new_html_tag(
    start: int, end: int, name: str, raw_name: str, attrs: str, closing: bool, self_closing: bool
) -> HtmlTag:
    node: HtmlTag = HtmlTag.__new__(HtmlTag)
    node.start = start
    node.end = end
    node.name = name
    node.attrs = attrs
    node.raw_name = raw_name
    node.closing = closing
    node.self_closing = self_closing
    return node


def new_table_row(start: int, end: int, leading: str, marker: str, attrs: str) -> TableRow:
    """A row with no cells yet."""
    node: TableRow = TableRow.__new__(TableRow)
    node.start = start
    node.end = end
    node.leading = leading
    node.marker = marker
    node.attrs = attrs
    node.cells = []
    return node


def new_entity(start: int, end: int, raw: str) -> Entity:
    node: Entity = Entity.__new__(Entity)
    node.start = start
    node.end = end
    node.raw = raw
    return node


def new_comment(start: int, end: int, contents: str, closed: bool) -> Comment:
    node: Comment = Comment.__new__(Comment)
    node.start = start
    node.end = end
    node.contents = contents
    node.closed = closed
    return node


def new_list(start: int, end: int, items: list[ListItem]) -> List:
    node: List = List.__new__(List)
    node.start = start
    node.end = end
    node.items = items
    return node


def new_file_link(start: int, end: int, target: Wikicode, options: list[Wikicode], namespace: str) -> FileLink:
    node: FileLink = _RAW_FILELINK.__new__(_RAW_FILELINK)
    node.start = start
    node.end = end
    node.target = target
    node.text = None
    node.trail = ""
    node.prefix = ""
    node.namespace = namespace
    node.interwiki = ""
    node.options = options
    if TWINS:
        node.__class__ = FileLink  # the hooked class (see nodes.unhooked)
    return node


# -- text runs ------------------------------------------------------------------------------


def merge_text(nodes: list[Node]) -> list[Node]:
    """Join adjacent Text nodes and drop empty ones (splicing invalid-link placeholders).

    Each run of adjacent texts becomes one node, its value joined once (not grown pairwise,
    which would copy a long paragraph's text once per line)."""
    if not nodes:
        return nodes
    if len(nodes) == 1:
        only = nodes[0]
        kind = type(only)
        if kind is not _Splice and not (kind is Text and only.start == only.end):
            return nodes
    elif _nothing_to_merge(nodes):  # most lists: one read-only pass instead of a copy
        return nodes
    out: list[Node] = []
    run_at = -1  # index in ``out`` of the Text the current run starts with, -1 if none
    run_end = -1  # where the current run ends
    values: list[str] | None = None  # the run's values, once a second text joins it
    for n in _spliced(nodes):
        if type(n) is Text:
            if n.start == n.end and not n.value:
                continue
            if run_at >= 0 and run_end == n.start:
                if values is None:
                    values = [out[run_at].value]  # type: ignore[attr-defined]
                values.append(n.value)
                run_end = n.end
                continue
            if values is not None:
                out[run_at] = _join_run(out[run_at].start, run_end, values)
                values = None
            run_at = len(out)
            run_end = n.end
        else:
            if values is not None:
                out[run_at] = _join_run(out[run_at].start, run_end, values)
                values = None
            run_at = -1
        out.append(n)
    if values is not None:
        out[run_at] = _join_run(out[run_at].start, run_end, values)
    return out


def _join_run(start: int, end: int, values: list[str]) -> Text:
    """One Text for a run of adjacent texts (two or more values), joined once."""
    return new_text(start, end, "".join(values))


def _nothing_to_merge(nodes: list[Node]) -> bool:
    """No placeholder, no empty text and no two adjacent texts: :func:`merge_text` would
    give the same nodes."""
    text_end = -2  # where the previous node ends if it is a Text (-2: it is not)
    splice = _Splice  # a local: compiled, the interpreted class is a module-dict lookup
    for n in nodes:
        kind = type(n)
        if kind is Text:
            if n.start == text_end or n.start == n.end:
                return False
            text_end = n.end
        elif kind is splice:
            return False
        else:
            text_end = -2
    return True


def _spliced(nodes: list[Node]) -> list[Node]:
    """The nodes with invalid-link placeholders replaced by what they stand for, placeholders
    inside placeholders too (with a stack: they nest as deep as the links do)."""
    if _Splice not in map(type, nodes):  # one C-level scan: most lists hold no placeholder
        return nodes
    flat: list[Node] = []
    stack: list[tuple[list[Node], int]] = [(nodes, 0)]
    while stack:
        items, i = stack.pop()
        while i < len(items):
            n = items[i]
            i += 1
            if type(n) is _Splice:
                assert isinstance(n, _Splice)
                stack.append((items, i))
                items, i = n.items, 0
            else:
                flat.append(n)
    return flat


def flatten_splices(nodes: list[Node]) -> list[Node]:
    """``nodes`` with placeholders spliced in (and merged), or ``nodes`` itself if none."""
    if _Splice not in map(type, nodes):
        return nodes
    return merge_text(nodes)
