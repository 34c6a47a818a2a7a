"""Plain text for corpora and NLP: the words a reader sees, in order, and no markup.

Policy (each point an option of :class:`TextOptions`):

* paragraphs are separated by one blank line; source line breaks inside a paragraph become
  spaces (``<br>`` stays a line break); headings stand on their own line, optionally followed by
  MediaWiki's ``[edit | edit source]`` marker (``edit_markers``, ``edit_label``);
* list items are written ``- item`` / ``1. item``, two spaces of indentation per nesting level;
  definition lists as ``term: definition``;
* link labels are kept; parser functions and arguments (not expanded) are dropped, and so are
  templates, except those with a built-in meaning (``template_handlers``: ``{{convert}}``,
  ``{{lang}}``, ``{{cite web}}``... see docs/templates-without-a-store.md), whose wikitext is
  rendered in their place;
* references are dropped (``refs=True`` keeps them as ``[1]`` markers, numbered as MediaWiki
  numbers them: a reused ``<ref name=x/>`` repeats its number);
* files, categories and interlanguage links are dropped (``file_captions`` / ``file_alt`` keep a
  file's caption or alt text as a paragraph);
* tables are dropped (``tables=True`` writes each row as a tab-separated line);
* ``<math>`` keeps its TeX (``math=False`` drops it); ``<pre>``, indent-pre and
  ``<syntaxhighlight>`` keep their lines;
* character references are decoded; comments, behaviour switches and signatures vanish.

Everything is one pass of the shared explicit-stack :class:`~wikiparse.render.base.Renderer`.
Output goes into a stack of contexts (the page, a list item, a table cell, a heading), each with
finished blocks and an inline buffer, so block constructs nested in cells or items flatten to
one line without recursion.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs
from mypy_extensions import mypyc_attr

from .._parse import parse_fragment
from ..config import DEFAULT_CONFIG, ParserConfig
from ..file_options import interpret_file_options
from ..nodes import (
    Argument,
    BehaviorSwitch,
    Document,
    ExtensionTag,
    ExternalLink,
    FileLink,
    Heading,
    HtmlTag,
    LanguageConverter,
    List,
    ListItem,
    MagicVariable,
    Node,
    ParserFunction,
    Preformatted,
    Redirect,
    Table,
    TableCaption,
    TableCell,
    TableRow,
    Template,
    Text,
    Wikicode,
    Wikilink,
)
from ..presets.words import switch_name
from ._langconv import shown_nodes
from ._templates import MARKUP_CHARS, TemplateHandler, expand_call
from ._text_lists import layout_prefixes
from ._text_prose import (
    ProseExpansion,
    ProseHeading,
    ProseList,
    ProseRun,
    ProseScanner,
    ProseTable,
    numbered_link_pattern,
    prose_parts,
)
from ._text_prose_tables import ProseCell, ProseTableRows
from .base import Renderer, child_nodes, render_page, source_of
from .options import DEFAULT_TEXT_OPTIONS, MarkdownOptions, TextOptions

__all__ = ["DEFAULT_TEXT_OPTIONS", "TextOptions", "TextRenderer", "to_text"]


#: Marks where dropped markup stood: a space before it goes if punctuation follows it.
_GAP = "\x01"
_HARD_BREAK = "\n"
#: The Markdown renderer's line-break mark; never part of plain text.
_MD_BREAK = "\x02"

#: Gap marks before punctuation (or the end): they go, with the spaces before them.  The
#: pattern starts at the mark (not at the optional spaces), so the scan jumps between marks.
_GAP_BEFORE_PUNCT = re.compile(r"\x01[\x01 \t]*(?=[.,;:!?)\]]|$)")
_GAPS = re.compile(r"\x01+")
_GAP_OR_BLANK = "\x01 \t"
#: Runs of spaces to fold into one: only runs that change (two or more, or a tab alone), so
#: that the common single space costs no replacement.
_SPACES = re.compile(r"[ \t\r\f\v]{2,}|[\t\r\f\v]")
#: Runs of spaces alone (text with no tab or other blank in it).
_RUN_OF_SPACES = re.compile("  +")
_MANY_NL = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00\x03-\x08\x0b\x0e-\x1f]")  # \x01, \x02: renderer marks
#: Any C0 control (line breaks and tabs too): text without one needs only its spaces folded.
_C0 = re.compile(r"[\x00-\x1f]")

#: HTML tags whose opening or closing breaks the line in a browser.
_BLOCK_TAGS = frozenset(
    ["p", "div", "blockquote", "center", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "caption", "ul", "ol", "dl", "li", "dt", "dd", "pre", "hr"]
)
_CELL_TAGS = frozenset(("td", "th"))

#: One reference as handlers write them (``{{sfn}}``, ``{{efn}}``...): ``<ref ...>words</ref>``
#: or ``<ref .../>``, no tag in its body (its body: group 1), which ends it at the first
#: ``</ref>``; a body with a bracket must hold no numbered link to count (``plain_ref``).
_PLAIN_REF = re.compile(r"<ref(?:\s[^<>]*)?(?:/>|(?<!/)>([^<]*)</ref>)")
#: A list of references (``{{reflist}}``'s expansion): one self-closed extension tag, which
#: plain text shows as a gap whatever the options (see :meth:`TextRenderer.plain_ref`).
_REFERENCES_LIST = re.compile(r"<references(?:[ \t][^<>\n]*)?/>")

#: Extension tags whose parsed contents are shown as ordinary text.
_SHOWN_CONTENTS = frozenset(("poem", "noinclude", "onlyinclude", "indicator"))
_CODE_TAGS = frozenset(("pre", "syntaxhighlight", "source"))
_MATH_TAGS = frozenset(("math", "chem", "ce"))
#: Tags whose parsed bodies plain text never shows (a reference is at most a ``[1]`` marker).
SKIMMED_TAGS = frozenset(("ref", "references"))


def _drop_gaps_before_punctuation(text: str) -> str:
    """``word <gap>.`` -> ``word.``: a dropped template or reference before punctuation takes
    the spaces before it along."""
    pieces: list[str] = []
    last = 0
    for m in _GAP_BEFORE_PUNCT.finditer(text):
        pieces.append(text[last : m.start()].rstrip(" \t"))
        last = m.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _finish_inline(text: str) -> str:
    """Normalise one block's inline text: gaps, runs of spaces, spaces at line ends."""
    if _GAP in text:
        # Gaps that end the block go with the blanks before them, as before punctuation (the
        # usual case: a reference ends most paragraphs); blanks at the end go anyway.
        text = text.rstrip(_GAP_OR_BLANK)
        if _GAP in text:
            if _GAP_BEFORE_PUNCT.search(text) is not None:  # (most stand before a space)
                text = _drop_gaps_before_punctuation(text)
            text = text.replace(_GAP, "")
    if text.isprintable() or _C0.search(text) is None:
        # One C pass says there is no control character, tab or line break (a no-break space,
        # which is not printable, needs nothing either: the second pass tells that): only runs
        # of spaces may need folding.  Most paragraphs end here.
        if "  " in text:
            text = _RUN_OF_SPACES.sub(" ", text)  # its literal start: a fast scan, unlike _SPACES
        return text.strip()
    if _CONTROL.search(text) is not None:
        text = _CONTROL.sub("", text)
    if "  " in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)
    if "\n" in text:
        # Runs of spaces are single by now: one space at most on each side of a break.
        text = text.replace(" \n", "\n").replace("\n ", "\n")
        if "\n\n\n" in text:
            text = _MANY_NL.sub("\n\n", text)
    return text.strip()


def _one_line(text: str) -> str:
    """Finished inline text on one line (a cell's, an item's): line breaks as spaces, and the
    runs of spaces that makes folded."""
    if "\n" in text:
        text = text.replace("\n", " ")
    if "  " in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)  # (only these change: most items and cells have none)
    return text


def _text_block(pieces: list[Any]) -> str | None:
    """Pieces that are all text, joined and finished as :meth:`TextRenderer.flush` finishes a
    buffer of them; None when one is a node or an expansion (``str.join`` refuses it), which
    the caller renders the general way.  Most paragraphs, items and cells are text only."""
    try:
        raw = "".join(pieces)
    except TypeError:
        return None
    return _finish_inline(raw).replace(_MD_BREAK, "")


#: How deep tables nest before inner ones flow into their cell as words (see ``flat_tables``).
MAX_TABLE_DEPTH = 32


class _Context:
    """Where output currently goes: finished blocks plus the inline text being gathered."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.blocks: list[str] = []
        self.buf: list[str] = []


@mypyc_attr(allow_interpreted_subclasses=True)  # subclassing customises it
class TextRenderer(Renderer):
    """The plain-text visitor (see the module docstring for the policy)."""

    def __init__(self, options: TextOptions = DEFAULT_TEXT_OPTIONS) -> None:
        super().__init__()
        self.options = options
        self.ctx = _Context("page")
        self.stack: list[_Context] = [self.ctx]
        self.keep_newlines = 0  # > 0 inside <poem> and code: source newlines are line breaks
        self.lists: list[list[tuple[ListItem, str]]] = []
        self.tables: list[list[list[str]]] = []
        #: Tables nested deeper than this flow into the cell they are in as plain words: each
        #: level re-reads its cells' text, so a table 100,000 levels deep (``'{|\n| w\n' * n``)
        #: would cost quadratic time.  ``flat_tables`` counts the open ones.
        self.max_table_depth = MAX_TABLE_DEPTH
        self.flat_tables = 0
        self.link_marks: list[int] = []
        self.captions: list[bool] = []
        self.inline_pres: set[int] = set()
        #: The pre last written as a block: (its context, the context's block count after
        #: it, its text), and what each open pre continues (see ``pre_continued``).
        self.pre_tail: tuple[_Context, int, str] | None = None
        self.pre_carry: list[str] = []
        self.inline_lists: list[int] = []
        self.ref_numbers: dict[str, int] = {}
        self.ref_count = 0
        self.autolink_count = 0
        # Templates without a store (see ``expand_template``).
        self.template_handlers: Mapping[str, TemplateHandler] | None = None
        self.user_handlers: Mapping[str, TemplateHandler] | None = None
        self.today: datetime.date | None = None
        self.output_kind = "text"
        self.parse_config: ParserConfig | None = None
        self.toc_placed = False  # the first __TOC__ seen (see enter_BehaviorSwitch)
        self.variant: str | None = None
        self.expansions: dict[int, list[Node]] = {}
        self.expanded_chars = 0
        #: Handler output parsed per page at most (set from the page's size): nested built-in
        #: templates re-parse their insides, and this keeps a pathological page linear.
        self.expansion_budget = 1_000_000
        #: Reads a handler's expansion as the prose reader reads one (``ProseScanner``'s
        #: ``expansion_pieces``) instead of parsing it; set by :func:`text_of` for plain text
        #: only (the Markdown subclass renders its nodes otherwise), made at first need.
        self.read_expansions = False
        self.expansion_reader: ProseScanner | None = None
        self.use_template_handlers(options, "text")

    # -- templates without a store ------------------------------------------------------------

    def use_template_handlers(self, options: TextOptions | MarkdownOptions, output: str) -> None:
        """Take the template handlers of ``options`` (a text or Markdown options object)."""
        self.template_handlers = options.template_handlers
        self.user_handlers = options.handlers
        self.today = options.today
        self.output_kind = output
        self.parse_config = options.config
        self.variant = options.variant

    def expand_template(self, node: Node) -> list[Node] | None:
        """The nodes a built-in (or the user's) handler gives for a template, or None."""
        text = self.template_text(node)
        if text is None:
            return None
        if MARKUP_CHARS.search(text) is None:  # plain words ("5 kilometres (3.1 mi)"): no parse
            return [Text(value=text)]
        return parse_fragment(text, config=self.parse_config, inline=True).nodes

    def template_text(self, node: Node) -> str | None:
        """The wikitext a built-in (or the user's) handler gives for a template, accounted
        against the expansion budget; None for none (or nothing, or the budget spent)."""
        if not self.template_handlers and not self.user_handlers:
            return None
        if self.expanded_chars > self.expansion_budget or not isinstance(node, Template):
            return None
        text = expand_call(
            node, self.template_handlers, self.user_handlers, self.output_kind, self.today, self.parse_config
        )
        if not text:
            return None
        self.expanded_chars += len(text)
        return text

    def read_expansion(self, text: str) -> bool:
        """Render a handler's expansion (with markup) without parsing it, when that gives what
        the walk over its parse gives: a plain reference (:data:`_PLAIN_REF`) is a gap, other
        text as the prose reader reads it.  False (nothing done) when the parse must tell."""
        if not self.read_expansions:
            return False
        if text.startswith("<ref") and self.plain_ref(text):
            self.ctx.buf.append(_GAP)
            return True
        reader = self.expansion_reader
        if reader is None:
            opts = self.options
            reader = self.expansion_reader = ProseScanner("", opts.config or DEFAULT_CONFIG, SKIMMED_TAGS, opts)
        pieces = reader.expansion_pieces(text)
        if pieces is None:
            return False
        self.prose_pieces(pieces)
        return True

    def plain_ref(self, text: str) -> bool:
        """Is ``text`` one reference that plain text shows as a gap alone (no ``refs``
        numbers, no numbered link inside to count: see :meth:`enter_ExtensionTag`), or a
        self-closed list of references (a gap too)?"""
        if _REFERENCES_LIST.fullmatch(text) is not None:  # (a gap even with refs=True)
            return "references" in (self.parse_config or DEFAULT_CONFIG).extension_tags
        if self.options.refs:
            return False
        m = _PLAIN_REF.fullmatch(text)
        if m is None:
            return False
        config = self.parse_config or DEFAULT_CONFIG
        body = m.group(1)
        if body and "[" in body and numbered_link_pattern(config).search(body) is not None:
            return False  # MediaWiki numbers it: the walk counts it (``skip``)
        return "ref" in config.extension_tags

    # -- contexts -------------------------------------------------------------------------

    def push(self, kind: str) -> None:
        self.ctx = _Context(kind)
        self.stack.append(self.ctx)

    def pop(self) -> str:
        """Close the current context and return all its text on one line (cells, items)."""
        ctx = self.stack.pop()
        self.ctx = self.stack[-1]
        last = _finish_inline("".join(ctx.buf)).replace(_MD_BREAK, "")
        if not ctx.blocks:
            return _one_line(last)
        parts = [*ctx.blocks, last]
        return _one_line(" ".join(p.replace("\n", " ") for p in parts if p))

    def flush(self) -> None:
        """End the current paragraph-like run of inline text as a block."""
        self.pre_tail = None  # a block between: no pre continues the last one
        ctx = self.ctx
        if ctx.buf:
            text = _finish_inline("".join(ctx.buf)).replace(_MD_BREAK, "")
            ctx.buf.clear()
            if text:
                ctx.blocks.append(text)

    def block(self, text: str) -> None:
        self.flush()
        if text:
            self.ctx.blocks.append(text)

    def emit(self, text: str) -> None:
        self.ctx.buf.append(text)

    # -- the walk -------------------------------------------------------------------------

    def children_of(self, node: Node) -> list[Node]:
        pick = _CHILD_PICKERS.get(type(node))
        return pick(self, node) if pick is not None else child_nodes(node)

    def render_document(self, doc: Node) -> str:
        return self.render_parts(iter((doc,)), doc.end - doc.start)

    def prose(self, run: ProseRun) -> None:
        """Paragraphs, lists, headings and dropped tables read without the parser (see
        ``render._text_prose``): each piece goes into the buffer (a node is walked), as the
        walk over their Paragraph, List, Heading and Table nodes would.

        A paragraph or list item made only of text (most are) is joined and finished at
        once, as :meth:`flush` and :meth:`pop` finish a buffer of those pieces, without the
        buffer or an item context; ``str.join`` refusing a piece (a node, an expansion) is
        the sign to take the general way."""
        self.flush()
        blocks = self.ctx.blocks
        for block in run.blocks:
            if type(block) is list:
                text = _text_block(block)
                if text is None:  # a node or an expansion: the pieces go into the buffer
                    self.prose_pieces(block)
                    self.flush()
                elif text:
                    blocks.append(text)
                continue
            if isinstance(block, ProseList):
                entries: list[tuple[ListItem, str]] = []
                for item, pieces in block.items:
                    text = _text_block(pieces)
                    if text is None:
                        self.push("item")
                        self.prose_pieces(pieces)
                        text = self.pop()
                    else:
                        text = _one_line(text)
                    entries.append((item, text))
                self.list_block(entries)
                continue
            if isinstance(block, ProseHeading):  # as enter_Heading and leave_Heading
                # (what push, the title in the buffer and pop give, without a context)
                title = _one_line(_finish_inline(block.title).replace(_MD_BREAK, ""))
                if self.options.edit_markers:  # a top-level heading line is editable
                    title += f"[{self.options.edit_label}]"
                self.block(title)
            elif isinstance(block, ProseTable):  # as enter_Table without tables: a gap
                self.ctx.buf.append(_GAP)
                self.flush()
            elif isinstance(block, ProseTableRows):
                self.prose_table(block)

    def prose_table(self, table: ProseTableRows) -> None:
        """A table read without the parser (``tables=True``, ``render._text_prose_tables``),
        as the walk over its Table, TableRow, TableCaption and TableCell nodes renders it (at
        the top level or a few tables deep, never flattened by ``max_table_depth``): a gap,
        then each cell's pieces (or blocks) in a context of its own, then the rows that show
        something, cells joined by tabs."""
        self.ctx.buf.append(_GAP)
        self.flush()
        rows: list[list[str]] = []
        for row in table.rows:
            texts: list[str] = []
            for cell in row:
                text = _text_block(cell) if type(cell) is list else None
                if text is not None:  # as pop() finishes a context of those pieces
                    texts.append(_one_line(text))
                    continue
                self.push("cell")
                if isinstance(cell, ProseCell):
                    self.prose(ProseRun(cell.blocks))
                else:
                    self.prose_pieces(cell)
                texts.append(self.pop())
            rows.append(texts)
        self.block("\n".join("\t".join(r) for r in rows if any(r)))

    def prose_pieces(self, pieces: list[str | Node | ProseExpansion]) -> None:
        """Text into the buffer, nodes walked, expansions rendered."""
        for piece in pieces:
            if isinstance(piece, str):
                self.ctx.buf.append(piece)
            elif isinstance(piece, ProseExpansion):
                self.prose_expansion(piece)
            else:
                self.walk(piece)

    def prose_expansion(self, expansion: ProseExpansion) -> None:
        """A handler's expansion of a template the reader did not build (see
        ``_text_prose.ProseExpansion``), as ``enter_Template`` and the walk over the nodes
        of ``expand_template`` render it: within the expansion budget, else a gap.  Its
        pieces, when the reader read it, are those the walk over its parse would give."""
        if self.expanded_chars > self.expansion_budget:
            self.ctx.buf.append(_GAP)
            return
        text = expansion.text
        self.expanded_chars += len(text)
        if expansion.pieces is not None:
            self.prose_pieces(expansion.pieces)
            return
        if MARKUP_CHARS.search(text) is None:  # one Text node (no line break in it)
            self.ctx.buf.append(text)
            return
        if text.startswith("<ref") and self.read_expansions and self.plain_ref(text):
            self.ctx.buf.append(_GAP)  # (the reader refused it: only this shortcut is left)
            return
        for node in parse_fragment(text, config=self.parse_config, inline=True).nodes:
            self.walk(node)

    def render_parts(self, docs: Iterator[Node], size: int) -> str:
        """The text of a page given as consecutive parts (see ``render.base.page_parts``),
        ``size`` characters in all: one walk per part, the renderer's state carried on."""
        return self.render_prose_parts(docs, size)

    def render_prose_parts(self, docs: Iterator[Node | ProseRun], size: int) -> str:
        """:meth:`render_parts`, some parts being prose runs (``render._text_prose``)."""
        self.expansion_budget = 1_000_000 + 4 * size
        opts = self.options
        if opts.title is not None:
            self.ctx.blocks.append(opts.title)
        if opts.tagline is not None:
            self.ctx.blocks.append(opts.tagline)
        self.walk_parts(docs)
        self.flush()
        return "\n\n".join(self.ctx.blocks)

    def walk_parts(self, docs: Iterator[Node | ProseRun]) -> None:
        """Walk each part, letting go of it before the next is made.  Node ids remembered
        for a later visit are forgotten between parts: a freed part's ids are reused."""
        for doc in docs:
            if isinstance(doc, ProseRun):
                self.prose(doc)
                continue
            self.walk(doc)
            del doc
            self.inline_pres.clear()
            self.expansions.clear()

    # leaves

    def enter_Text(self, node: Text) -> bool:
        value = node.value
        if "\n" in value and not self.keep_newlines:
            value = value.replace("\n", " ")
        self.ctx.buf.append(value)
        return False

    def enter_Entity(self, node: Any) -> bool:
        self.ctx.buf.append(node.char)
        return False

    def enter_MagicLink(self, node: Any) -> bool:
        self.ctx.buf.append(node.raw)
        return False

    # Dropped constructs leave a gap mark (a space before it goes if punctuation follows).
    # Spelled out one handler per class rather than aliased: mypyc compiles this class.

    def _drop(self, node: Node) -> bool:
        self.ctx.buf.append(_GAP)
        return False

    def enter_Template(self, node: Node) -> bool:
        if self.read_expansions:
            text = self.template_text(node)
            if text is None:
                return self._drop(node)
            if MARKUP_CHARS.search(text) is None:  # as the walk over its one Text node
                self.ctx.buf.append(text)
                return False
            if self.read_expansion(text):
                return False
            self.expansions[id(node)] = parse_fragment(text, config=self.parse_config, inline=True).nodes
            return True  # the walk asks children_of for them next
        expansion = self.expand_template(node)
        if expansion is None:
            return self._drop(node)
        self.expansions[id(node)] = expansion
        return True

    def enter_ParserFunction(self, node: Node) -> bool:
        return self._drop(node)

    def enter_Argument(self, node: Node) -> bool:
        return self._drop(node)

    def enter_CategoryLink(self, node: Node) -> bool:
        return self._drop(node)

    def enter_InterlanguageLink(self, node: Node) -> bool:
        return self._drop(node)

    # Stop the walk from falling back to ``leave_Wikilink`` for dropped link kinds.

    def leave_CategoryLink(self, node: Node) -> None:
        pass

    def leave_InterlanguageLink(self, node: Node) -> None:
        pass

    # Constructs that vanish without a trace.

    def enter_Comment(self, node: Node) -> bool:
        return False

    def enter_BehaviorSwitch(self, node: BehaviorSwitch) -> bool:
        # The first __TOC__ is where MediaWiki puts the table of contents, a block: on the
        # page's own level (not in a list or a cell) the paragraph around it ends there.
        if not self.toc_placed and len(self.stack) == 1:
            if switch_name(node.raw, self.parse_config) == "TOC":
                self.toc_placed = True
                self.flush()
        return False

    def enter_Signature(self, node: Node) -> bool:
        return False

    def enter_EditSection(self, node: Node) -> bool:
        return False

    def enter_HorizontalRule(self, node: Node) -> bool:
        return False

    def enter_MagicVariable(self, node: MagicVariable) -> bool:
        var = node.variable
        self.ctx.buf.append("|" if var == "!" else "=" if var == "=" else _GAP)
        return False

    def enter_HtmlTag(self, node: HtmlTag) -> bool:
        name = node.name
        if name == "br":
            self.ctx.buf.append(_HARD_BREAK)
        elif name in _BLOCK_TAGS:
            self.ctx.buf.append("\n")
        elif name in _CELL_TAGS:
            self.ctx.buf.append(" ")
        return False

    # blocks

    def enter_Paragraph(self, node: Node) -> None:
        self.flush()

    def leave_Paragraph(self, node: Node) -> None:
        self.flush()

    def enter_Heading(self, node: Heading) -> None:
        self.flush()
        self.push("heading")

    def leave_Heading(self, node: Heading) -> None:
        title = self.pop()
        if self.options.edit_markers and node.editable:
            title += f"[{self.options.edit_label}]"
        self.block(title)

    def inline_pre(self, node: Preformatted | List, leaving: bool = False) -> bool:
        """Whether ``node`` opens a cell's content (``| text`` written with a space).

        The parser reports such content as indent-pre; MediaWiki does not, since the text does
        not start a line.  It is shown as ordinary inline text.
        """
        key = id(node)
        if key not in self.inline_pres:
            return False
        if leaving:
            self.inline_pres.discard(key)
        return True

    def note_cell_start(self, content: Wikicode) -> None:
        first = content.nodes[0] if content.nodes else None
        if isinstance(first, Preformatted | List):
            self.inline_pres.add(id(first))

    def inline_list(self, node: List, leaving: bool = False) -> bool:
        """A list opening a cell's content (``|*p``): MediaWiki shows its markers as text,
        because the cell's text does not start a line.  Written inline, markers included."""
        return self.inline_pre(node, leaving)

    def enter_Preformatted(self, node: Preformatted) -> None:
        if self.inline_pre(node):
            return
        self.pre_carry.append(self.pre_continued())
        self.flush()
        self.keep_newlines += 1

    def leave_Preformatted(self, node: Preformatted) -> None:
        if self.inline_pre(node, leaving=True):
            return
        self.keep_newlines -= 1
        raw = self.pre_carry.pop() + "".join(self.ctx.buf)
        self.ctx.buf.clear()
        blocks = len(self.ctx.blocks)
        self.code_block(raw)
        self.note_pre(raw, blocks)

    def pre_continued(self) -> str:
        """The text of the pre just written, taken back with a line break, when the pre
        starting here continues it: one line break and only nodes that vanish before
        MediaWiki's block pass lie between (``\u0020a\n<noinclude> b``, one ``<pre>`` in
        MediaWiki; the tree's :class:`.Preformatted` keeps no nodes between its lines, so the
        parser makes two).  Else ``""``.  Any block between (a paragraph, even of tags
        that show nothing, a list, a heading...) flushes, which forgets the pre; the line
        break is the one space in the buffer (two for a blank line, or a line of markers)."""
        tail = self.pre_tail
        self.pre_tail = None
        ctx = self.ctx
        if tail is None or tail[0] is not ctx or len(ctx.blocks) != tail[1] or ctx.buf != [" "]:
            return ""
        ctx.blocks.pop()
        return tail[2] + "\n"

    def note_pre(self, raw: str, blocks: int) -> None:
        """Remember a pre written as the block after the first ``blocks`` (see ``pre_continued``)."""
        ctx = self.ctx
        self.pre_tail = (ctx, len(ctx.blocks), raw) if len(ctx.blocks) == blocks + 1 and not ctx.buf else None

    def code_block(self, raw: str) -> None:
        """A block whose spaces and line breaks are kept (trailing blanks trimmed)."""
        lines = [ln.rstrip() for ln in _GAPS.sub("", raw).split("\n")]
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        if lines:
            self.ctx.blocks.append("\n".join(lines))

    def enter_Redirect(self, node: Redirect) -> bool:
        """Written as MediaWiki shows a redirect page: ``Redirect to:`` and the target."""
        self.flush()
        config = self.options.config
        self.ctx.blocks.append(config.message("redirectto", "Redirect to:") if config else "Redirect to:")
        self.ctx.blocks.append("- " + node.target)
        return False

    # lists

    def enter_List(self, node: List) -> None:
        if self.inline_list(node):
            self.lists.append([])
            self.inline_lists.append(len(self.lists))
            return
        self.flush()
        self.lists.append([])

    def enter_ListItem(self, node: ListItem) -> None:
        if self.in_inline_list():
            self.ctx.buf.append(self.literal(node.leading.replace("\n", " ") + node.prefix))
            return
        self.push("item")

    def leave_ListItem(self, node: ListItem) -> None:
        if self.in_inline_list():
            return
        text = self.pop()
        if self.lists:
            self.lists[-1].append((node, text))

    def in_inline_list(self) -> bool:
        return bool(self.inline_lists) and self.inline_lists[-1] == len(self.lists)

    def literal(self, text: str) -> str:
        """Source characters shown as text (the Markdown renderer escapes them)."""
        return text

    def leave_List(self, node: List) -> None:
        if self.inline_list(node, leaving=True):
            self.lists.pop()
            self.inline_lists.pop()
            return
        self.list_block(self.lists.pop())

    def list_block(self, entries: list[tuple[ListItem, str]]) -> None:
        """Write a list given its items and their texts (see ``layout_prefixes``)."""
        prefixes = [item.level_prefix or item.prefix or "*" for item, _ in entries]
        markers = self.options.list_markers
        lines: list[str] = []
        for (_, text), lp, (kind, number, joins_term) in zip(entries, prefixes, layout_prefixes(prefixes), strict=True):
            if joins_term and lines:
                if text:
                    lines[-1] = f"{lines[-1]}: {text}"
                continue
            if not text:
                continue
            indent = "  " * (len(lp) - 1)
            if not markers:
                lines.append(f"{indent}{text}")
            elif kind == "ul":
                lines.append(f"{indent}- {text}")
            elif kind == "ol":
                lines.append(f"{indent}{number}. {text}")
            else:
                lines.append(f"{indent}{text}")
        self.block("\n".join(lines))

    # tables

    def enter_Table(self, node: Table) -> bool:
        self.ctx.buf.append(_GAP)
        self.flush()
        if not self.options.tables:
            self.skip(node)
            return False
        if self.flat_tables or len(self.tables) >= self.max_table_depth:
            self.flat_tables += 1
            return True
        self.tables.append([])
        return True

    def leave_Table(self, node: Table) -> None:
        if not self.options.tables:
            return
        if self.flat_tables:
            self.flat_tables -= 1
            self.emit(" ")
            return
        rows = self.tables.pop()
        self.block("\n".join("\t".join(r) for r in rows if any(r)))

    def enter_TableRow(self, node: TableRow) -> None:
        if self.tables and not self.flat_tables:
            self.tables[-1].append([])

    def enter_TableCell(self, node: TableCell) -> None:
        if self.flat_tables:
            self.emit(" ")
            return
        self.push("cell")
        self.note_cell_start(node.content)

    def leave_TableCell(self, node: TableCell) -> None:
        if self.flat_tables:
            return
        text = self.pop()
        if self.tables and self.tables[-1]:
            self.tables[-1][-1].append(text)

    def enter_TableCaption(self, node: TableCaption) -> None:
        if self.flat_tables:
            self.emit(" ")
            return
        self.push("cell")
        self.note_cell_start(node.content)

    def leave_TableCaption(self, node: TableCaption) -> None:
        if self.flat_tables:
            return
        text = self.pop()
        if self.tables:
            self.tables[-1].append([text])

    # links

    def enter_Wikilink(self, node: Wikilink) -> None:
        self.link_marks.append(len(self.ctx.buf))
        if node.prefix:
            self.ctx.buf.append(node.prefix)

    def leave_Wikilink(self, node: Wikilink) -> None:
        self.link_marks.pop()
        buf = self.ctx.buf
        if node.text is None:
            buf.append(target_label(node))
        if node.trail:
            buf.append(node.trail)

    def enter_FileLink(self, node: FileLink) -> bool:
        opts = self.options
        self.ctx.buf.append(_GAP)
        caption_open = False
        if opts.file_captions or opts.file_alt:
            info = interpret_file_options(node, opts.config)
            if opts.file_alt and info["alt"]:
                self.block(_finish_inline(html.unescape(_strip_markup(info["alt"]))))
            if opts.file_captions and info["caption"] is not None:
                self.flush()
                self.push("caption")
                caption_open = True
        self.captions.append(caption_open)
        if not caption_open:
            self.skip(node)
        return caption_open

    def leave_FileLink(self, node: FileLink) -> None:
        if self.captions.pop():
            self.block(self.pop())

    def skip(self, node: Node) -> None:
        """Account for a subtree left out of the text: MediaWiki still numbers the ``[1]``-style
        links inside it (a reference's, a caption's, a table's), so later numbers must agree."""
        self.autolink_count += count_autolinks(node)

    def enter_ExternalLink(self, node: ExternalLink) -> None:
        if node.brackets and node.text is None:
            self.autolink_count += 1
            self.ctx.buf.append(f"[{self.autolink_count}]")

    # extension tags

    def enter_ExtensionTag(self, node: ExtensionTag) -> bool:
        name = node.name
        buf = self.ctx.buf
        if name == "ref":
            if self.options.refs:
                buf.append(f"[{self.ref_number(node)}]")
            else:
                buf.append(_GAP)
            self.skip(node)
            return False
        if name == "nowiki":
            buf.append(html.unescape(node.body or ""))
            return False
        if name in _MATH_TAGS:
            buf.append(node.body or "" if self.options.math else _GAP)
            return False
        if name in _CODE_TAGS:
            self.flush()
            body = node.body or ""
            self.code_block(html.unescape(body) if name == "pre" else body)
            return False
        if name in _SHOWN_CONTENTS and node.contents is not None:
            if name == "poem":  # a block of its own, line breaks kept
                self.flush()
                self.keep_newlines += 1
            return True
        buf.append(_GAP)
        return False

    def leave_ExtensionTag(self, node: ExtensionTag) -> None:
        if node.name == "poem" and node.contents is not None:
            self.keep_newlines -= 1
            self.flush()

    def ref_number(self, node: ExtensionTag) -> int:
        """MediaWiki's footnote number: a named ref reused later keeps its first number."""
        key = node.attributes.get("name", "").strip()
        if key and key in self.ref_numbers:
            return self.ref_numbers[key]
        self.ref_count += 1
        if key:
            self.ref_numbers[key] = self.ref_count
        return self.ref_count


_MARKUP = re.compile(r"\[\[(?:[^|\]]*\|)?|\]\]|'{2,}|\{\{[^{}]*\}\}|<[^<>]*>")


def _strip_markup(text: str) -> str:
    """Alt text is raw wikitext: drop the common markup so only its words remain."""
    return _MARKUP.sub("", text)


def _link_children(r: TextRenderer, node: Node) -> list[Node]:
    assert isinstance(node, Wikilink)
    return [node.text] if node.text is not None else []


_UNRENDERED = (Template, ParserFunction, Argument)


def count_autolinks(root: Node) -> int:
    """Bracketed external links without a label under ``root`` (those MediaWiki numbers),
    outside unexpanded templates, which render nothing."""
    count = 0
    stack = list(child_nodes(root))
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is Text:  # most nodes: no children to ask for
            continue
        if kind is ExternalLink:
            assert isinstance(node, ExternalLink)
            if node.brackets and node.text is None:
                count += 1
        elif kind in _UNRENDERED:
            continue
        stack.extend(child_nodes(node))
    return count


_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)


def target_label(node: Wikilink) -> str:
    """What a link without a label shows: its target as written, comments dropped, character
    references decoded, without the leading colon."""
    raw = source_of(node.target)
    if "<!--" in raw:
        raw = _COMMENT.sub("", raw)
    if "&" in raw:
        raw = html.unescape(raw)
    return raw.strip().lstrip(":").strip()


def _only(field: str) -> Callable[[TextRenderer, Node], list[Node]]:
    def pick(r: TextRenderer, node: Node) -> list[Node]:
        child = getattr(node, field)
        return [child] if child is not None else []

    return pick


def _pre_children(r: TextRenderer, node: Node) -> list[Node]:
    assert isinstance(node, Preformatted)
    out: list[Node] = []
    for i, line in enumerate(node.lines):
        if i:
            out.append(_NEWLINE)
        out.append(line)
    return out


def _external_children(r: TextRenderer, node: Node) -> list[Node]:
    assert isinstance(node, ExternalLink)
    if node.brackets:
        return [node.text] if node.text is not None else []
    return [node.url]


def _template_children(r: TextRenderer, node: Node) -> list[Node]:
    """A template a handler expanded: the nodes of its expansion (see ``enter_Template``)."""
    return r.expansions.pop(id(node), [])


def _file_children(r: TextRenderer, node: Node) -> list[Node]:
    assert isinstance(node, FileLink)
    cap = interpret_file_options(node, r.options.config)["caption"] if r.options.file_captions else None
    return [cap] if cap is not None else []


def _table_children(r: TextRenderer, node: Node) -> list[Node]:
    assert isinstance(node, Table)
    return [c for c in node.rows if isinstance(c, TableRow | TableCaption)]


_NEWLINE = Text(value="\n")

_CHILD_PICKERS: dict[type, Callable[[TextRenderer, Node], list[Node]]] = {
    Wikilink: _link_children,
    Heading: _only("title"),
    Preformatted: _pre_children,
    ExternalLink: _external_children,
    FileLink: _file_children,
    Table: _table_children,
    Template: _template_children,
    LanguageConverter: lambda r, node: shown_nodes(node, r.parse_config, r.variant),  # type: ignore[arg-type]
}


def to_text(
    doc_or_text: Document | str,
    options: TextOptions | None = None,
    *,
    wiki: Any = None,
    **overrides: Any,
) -> str:
    """The plain text of a page (a :class:`Document`, or wikitext to parse first).

    With ``wiki`` (a :class:`wikiparse.Wiki`), wikitext is expanded first as the page ``title``
    (the :class:`TextOptions` field).

    ``options`` is a :class:`TextOptions`; keyword ``overrides`` replace some of its fields,
    e.g. ``to_text(doc, refs=True, edit_markers=True)``.  Never raises on a ``str``.
    """
    opts = options or DEFAULT_TEXT_OPTIONS
    if overrides:
        opts = attrs.evolve(opts, **overrides)
    return text_of(doc_or_text, opts, wiki)


def text_of(doc_or_text: Document | str, opts: TextOptions, wiki: Any = None, *, prose: bool = True) -> str:
    """:func:`to_text` with its options resolved.  ``prose=False`` parses every paragraph
    (the reference the prose reader of ``render._text_prose`` is tested against)."""
    renderer = TextRenderer(opts)
    renderer.read_expansions = prose  # the reference (prose=False) parses every expansion
    config = opts.config or DEFAULT_CONFIG

    def parts(text: str) -> Iterator[Node | ProseRun]:
        return prose_parts(text, config, SKIMMED_TAGS, opts)

    return render_page(
        doc_or_text,
        renderer.render_document,
        config=opts.config,
        skim_tags=SKIMMED_TAGS,
        wiki=wiki,
        title=opts.title,
        render_parts=renderer.render_prose_parts,
        parts=parts if prose else None,
        edit_sections=opts.edit_markers,
    )
