"""Data out of a page: infoboxes, citations, table grids, the lead and a section's text.

The asks users make most after clean text.  Everything here reads a parsed
:class:`~wikiparse.nodes.Document` (or one of its nodes) and returns plain records; text is
rendered with the plain-text renderer, so templates with a built-in meaning
(docs/templates-without-a-store.md) read as they would on the wiki.  This module sits above
``render`` and is the only place that joins the tree to the renderers for data; the node
classes may expose these as methods by delegating here (see docs/data.md).
"""

from __future__ import annotations

import datetime
import re
import sys
from collections.abc import Iterator
from typing import Any

import attrs

from . import nodes as _nodes
from ._mw import normalize_template_name
from .config import ParserConfig
from .nodes import (
    Document,
    ExtensionTag,
    Node,
    Section,
    Table,
    TableCaption,
    TableCell,
    TableRow,
    Template,
    Wikicode,
)
from .render._templates import TemplateCall, citation_fields, lookup_key
from .render.options import DEFAULT_TEXT_OPTIONS, TextOptions
from .render.text import TextRenderer

__all__ = [
    "Citation",
    "GridCell",
    "Infobox",
    "InfoboxField",
    "TableGrid",
    "find_section",
    "infoboxes",
    "lead",
    "references",
    "section_text",
    "table_grid",
    "table_records",
]


def _text(node: Node, options: TextOptions = DEFAULT_TEXT_OPTIONS) -> str:
    """The plain text of any node (a value, a cell, a section)."""
    return TextRenderer(options).render_document(node)


def _walk_skipping(root: Node, skip: type | tuple[type, ...]) -> Iterator[Node]:
    """Every node under ``root`` in document order (explicit stack), not descending into
    nodes of type ``skip`` (they are still yielded)."""
    stack: list[Node] = list(reversed(root.children))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, skip):
            stack.extend(reversed(node.children))


# -- infoboxes ----------------------------------------------------------------------------------

#: Templates that are infoboxes without saying so in their name.
_INFOBOX_NAMES = frozenset(("taxobox", "automatic taxobox", "speciesbox", "subspeciesbox", "chembox", "drugbox", "geobox"))


def _template_name(template: Template, config: ParserConfig | None) -> str:
    """The template's name, the wiki's template namespace dropped (``Vorlage:`` on dewiki)."""
    return template.normalized_name if config is None else normalize_template_name(str(template.name), config=config)


def _config_of(doc: Node, opts: TextOptions) -> ParserConfig | None:
    """The config to read names with: the options', else the one ``doc`` was parsed with."""
    return opts.config or (doc.config if isinstance(doc, _nodes.Document) else None)


def is_infobox(template: Template, config: ParserConfig | None = None) -> bool:
    """``{{Infobox ...}}`` (any case, ``Template:`` prefix or not; with a ``config``, that
    wiki's template namespace, ``{{Vorlage:Infobox …}}``) and the taxoboxes."""
    key = lookup_key(_template_name(template, config))
    return key.startswith("infobox") or key in _INFOBOX_NAMES


@attrs.define(slots=True)
class InfoboxField:
    """One parameter of an infobox: its name, its value as parsed wikitext, its text."""

    name: str
    value: Wikicode
    text: str

    @property
    def wikitext(self) -> str:
        return str(self.value).strip()


@attrs.define(slots=True)
class Infobox:
    """An infobox: its template's name (``"Infobox country"``), its fields in source order
    (empty ones included), and the template node itself (edits go through it)."""

    name: str
    fields: list[InfoboxField]
    template: Template

    def get(self, name: str, default: str | None = None) -> str | None:
        """The text of field ``name`` (the last one, as MediaWiki uses the last duplicate)."""
        for f in reversed(self.fields):
            if f.name == name:
                return f.text
        return default

    def as_dict(self, *, skip_empty: bool = True) -> dict[str, str]:
        """``{field name: text}``; empty fields are left out unless ``skip_empty=False``."""
        return {f.name: f.text for f in self.fields if f.text or not skip_empty}


def infoboxes(doc: Node, options: TextOptions | None = None) -> list[Infobox]:
    """Every infobox of ``doc`` in source order (nested ones, such as an infobox inside
    another's ``module`` field, too)."""
    opts = options or DEFAULT_TEXT_OPTIONS
    config = _config_of(doc, opts)
    out: list[Infobox] = []
    for node in _walk_skipping(doc, ()):
        if isinstance(node, Template) and is_infobox(node, config):
            fields = [
                InfoboxField(name=key, value=param.value, text=_text(param.value, opts))
                for key, param in node.param_items()
            ]
            out.append(Infobox(name=_template_name(node, config), fields=fields, template=node))
    return out


# -- references ---------------------------------------------------------------------------------


@attrs.define(slots=True)
class Citation:
    """One footnote as the page's reference list shows it.

    ``number`` is MediaWiki's footnote number within its group; ``uses`` how many ``<ref>``
    tags point at it (a named ref reused); ``text`` the footnote as plain text (a
    ``{{cite ...}}`` inside reads as a citation line); ``template`` the name of the first
    citation template inside, and the fields after it come from that template (plain text,
    None when absent; ``fields`` holds every known field).
    """

    number: int
    name: str | None
    group: str
    text: str
    wikitext: str
    uses: int = 1
    template: str | None = None
    title: str | None = None
    url: str | None = None
    authors: list[str] = attrs.field(factory=list)
    date: str | None = None
    publisher: str | None = None
    journal: str | None = None
    doi: str | None = None
    isbn: str | None = None
    access_date: str | None = None
    archive_url: str | None = None
    fields: dict[str, Any] = attrs.field(factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


def _is_citation_template(node: Node) -> bool:
    if not isinstance(node, Template):
        return False
    key = lookup_key(node.normalized_name)
    return key.startswith("cite ") or key in ("citation", "cite")


def _plain(value: str, opts: TextOptions) -> str:
    from .render.text import to_text

    return to_text(value, opts) if any(c in value for c in "[{<'&") else value.strip()


def _fill_citation(record: Citation, contents: Wikicode, opts: TextOptions) -> None:
    for node in _walk_skipping(contents, (Template,)):
        if _is_citation_template(node):
            assert isinstance(node, Template)
            call = TemplateCall(node, "text", opts.today or datetime.date.today())
            raw = citation_fields(call)
            fields: dict[str, Any] = {}
            for key, value in raw.items():
                fields[key] = [_plain(v, opts) for v in value] if isinstance(value, list) else _plain(str(value), opts)
            record.template = node.normalized_name
            record.fields = fields
            record.title = fields.get("title")
            record.url = fields.get("url")
            record.authors = list(fields.get("authors", []))
            record.date = fields.get("date")
            record.publisher = fields.get("publisher")
            record.journal = fields.get("journal")
            record.doi = fields.get("doi")
            record.isbn = fields.get("isbn")
            record.access_date = fields.get("access-date")
            record.archive_url = fields.get("archive-url")
            return


def references(doc: Node, options: TextOptions | None = None) -> list[Citation]:
    """The page's footnotes in MediaWiki's order (numbered per group in order of first use),
    one record per footnote: a named ref used again (``<ref name=x/>``) adds to ``uses``, and
    its body is found wherever the name is defined (later in the text, or list-defined inside
    ``<references>``)."""
    opts = options or DEFAULT_TEXT_OPTIONS
    records: list[Citation] = []
    by_name: dict[tuple[str, str], Citation] = {}
    counters: dict[str, int] = {}
    pending: list[tuple[Citation, ExtensionTag]] = []  # bodies to render once all are known
    for node in _walk_skipping(doc, ()):  # refs inside template values count (infoboxes show them)
        if not isinstance(node, ExtensionTag) or node.name != "ref":
            continue
        attributes = node.attributes
        name = attributes.get("name", "").strip() or None
        group = attributes.get("group", "").strip()
        has_body = node.contents is not None and bool(str(node.contents).strip())
        record = by_name.get((group, name)) if name else None
        if record is not None:
            record.uses += 1
            if has_body and not record.wikitext:
                record.wikitext = str(node.contents).strip()
                pending.append((record, node))
            continue
        counters[group] = counters.get(group, 0) + 1
        record = Citation(number=counters[group], name=name, group=group, text="", wikitext="")
        if has_body:
            record.wikitext = str(node.contents).strip()
            pending.append((record, node))
        records.append(record)
        if name:
            by_name[(group, name)] = record
    for record, node in pending:
        assert node.contents is not None
        record.text = _text(node.contents, opts)
        _fill_citation(record, node.contents, opts)
    # A list-defined reference inside <references> counts only when the text uses its name.
    return [r for r in records if r.wikitext or r.uses]


# -- tables -------------------------------------------------------------------------------------

_SPAN_DIGITS = re.compile(r"\s*(\d+)")
_MAX_COLSPAN = 1000  # the HTML table model's limits
_MAX_ROWSPAN = 65534


def _span(cell: TableCell, name: str, limit: int) -> int:
    m = _SPAN_DIGITS.match(cell.attributes.get(name, ""))
    if m is None:
        return 1
    value = min(int(m.group(1)[:6]), limit)
    if value == 0:
        return 0 if name == "rowspan" else 1  # rowspan=0: to the end of the table
    return value


@attrs.define(slots=True)
class GridCell:
    """One slot of a table grid.  A cell spanning several slots fills each of them with the
    same ``cell`` node; ``row``/``col`` are the slot where that cell starts."""

    text: str
    wikitext: str
    header: bool
    row: int
    col: int
    cell: TableCell | None = None


@attrs.define(slots=True)
class TableGrid:
    """A table as a rectangle: ``rows`` of :class:`GridCell` with row and column spans
    spread over every slot they cover (as a browser lays the table out), ``caption`` the
    caption's text.  Slots no cell reaches are None."""

    caption: str | None
    rows: list[list[GridCell | None]]

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def texts(self) -> list[list[str]]:
        """The text of every slot (``""`` for an empty slot)."""
        return [[c.text if c is not None else "" for c in row] for row in self.rows]

    def wikitext(self) -> list[list[str]]:
        """Every slot's wikitext (stripped), as ``wikitextparser``'s ``Table.data()`` gives it."""
        return [[c.wikitext if c is not None else "" for c in row] for row in self.rows]

    @property
    def header_rows(self) -> int:
        """How many rows at the top are made only of header cells."""
        count = 0
        for row in self.rows:
            if row and all(c is not None and c.header for c in row):
                count += 1
            else:
                break
        return count

    @property
    def headers(self) -> list[str]:
        """Column names: the texts of the last all-header row at the top (empty when the table
        has none)."""
        n = self.header_rows
        return [c.text if c is not None else "" for c in self.rows[n - 1]] if n else []


def table_grid(table: Table, options: TextOptions | None = None) -> TableGrid:
    """``table`` laid out as a grid (see :class:`TableGrid`).  Rows without cells are left
    out, as MediaWiki writes no ``<tr>`` for them; nested tables stay inside their cell."""
    opts = options or DEFAULT_TEXT_OPTIONS
    caption: str | None = None
    rows: list[list[GridCell | None]] = []
    pending: dict[int, tuple[GridCell, int]] = {}  # column -> (cell, rows it still covers)
    body_rows = [r for r in table.rows if isinstance(r, TableRow) and any(isinstance(c, TableCell) for c in r.cells)]
    for row_index, row in enumerate(body_rows):
        slots: list[GridCell | None] = []
        col = 0
        for node in row.cells:
            if not isinstance(node, TableCell):
                continue
            col = _fill_spanned(slots, pending, col)
            colspan = _span(node, "colspan", _MAX_COLSPAN)
            rowspan = _span(node, "rowspan", _MAX_ROWSPAN)
            remaining = len(body_rows) - row_index
            rowspan = remaining if rowspan == 0 else min(rowspan, remaining)
            cell = GridCell(
                text=_text(node.content, opts),
                wikitext=str(node.content).strip(),
                header=node.header,
                row=row_index,
                col=col,
                cell=node,
            )
            for offset in range(colspan):
                _put(slots, col + offset, cell)
                if rowspan > 1:
                    pending[col + offset] = (cell, rowspan - 1)
            col += colspan
        _fill_spanned(slots, pending, col)
        # Cells still spanning down from above, to the right of this row's last cell.
        for extra in sorted(c for c in pending if c >= col):
            _take_spanned(slots, pending, extra)
        rows.append(slots)
    for node in table.rows:
        if isinstance(node, TableCaption):
            caption = _text(node.content, opts)
            break
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend([None] * (width - len(r)))
    return TableGrid(caption=caption, rows=rows)


def _fill_spanned(slots: list[GridCell | None], pending: dict[int, tuple[GridCell, int]], col: int) -> int:
    """Fill the slots from ``col`` on that cells of earlier rows still span; return the first
    free column."""
    while col in pending:
        _take_spanned(slots, pending, col)
        col += 1
    return col


def _take_spanned(slots: list[GridCell | None], pending: dict[int, tuple[GridCell, int]], col: int) -> None:
    cell, left = pending[col]
    _put(slots, col, cell)
    if left <= 1:
        del pending[col]
    else:
        pending[col] = (cell, left - 1)


def _put(slots: list[GridCell | None], col: int, cell: GridCell) -> None:
    if col >= len(slots):
        slots.extend([None] * (col + 1 - len(slots)))
    slots[col] = cell


def table_records(table: Table | TableGrid, options: TextOptions | None = None) -> list[dict[str, str]]:
    """The data rows of a table as ``{column header: text}`` (columns without a header are
    named by their 1-based number; a repeated header gets `` (2)``, `` (3)``...)."""
    grid = table if isinstance(table, TableGrid) else table_grid(table, options)
    n = grid.header_rows
    names = _unique(grid.headers or [str(i + 1) for i in range(grid.width)])
    names = [name or str(i + 1) for i, name in enumerate(names)]
    out: list[dict[str, str]] = []
    for row in grid.rows[n:]:
        out.append({name: (c.text if c is not None else "") for name, c in zip(names, row, strict=False)})
    return out


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out: list[str] = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


# -- lead and sections --------------------------------------------------------------------------


def lead(doc: Document, options: TextOptions | None = None) -> str:
    """The text of the lead section (before the first heading)."""
    sections = [c for c in doc.nodes if isinstance(c, Section)]
    if not sections or sections[0].level != 0:
        return ""
    return _text(sections[0], options or DEFAULT_TEXT_OPTIONS)


def section_text(section: Section, *, subsections: bool = True, options: TextOptions | None = None) -> str:
    """A section's text without its heading; ``subsections=False`` stops at the first
    subsection."""
    kept: list[Node] = []
    for node in section.nodes:
        if node is section.heading:
            continue
        if isinstance(node, Section) and not subsections:
            break
        kept.append(node)
    return _text(Wikicode(nodes=kept), options or DEFAULT_TEXT_OPTIONS)


_TITLE_SPACES = re.compile(r"[\s_]+")


def _title_key(title: str) -> str:
    return _TITLE_SPACES.sub(" ", title).strip().casefold()


def find_section(root: Node, title: str) -> Section | None:
    """The first section under ``root`` whose heading reads ``title`` (compared as text:
    case, markup and runs of spaces do not matter)."""
    want = _title_key(title)
    for node in _walk_skipping(root, ()):
        if isinstance(node, Section) and node.heading is not None:
            if _title_key(_text(node.heading.title)) == want:
                return node
    return None


_nodes.register_layer("data", sys.modules[__name__])
