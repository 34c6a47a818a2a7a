"""HTML renderer: the HTML MediaWiki's legacy parser produces for the same wikitext, made safe.

How it works, in MediaWiki's own order:

1. :class:`HtmlRenderer` walks the tree (explicit stack, no recursion) and writes *half-parsed*
   text: inline markup, links, tables, headings and extension output are HTML, while list items
   stay ``prefix + content`` lines and preformatted lines keep their leading space.  Output of
   ``<nowiki>`` waits behind strip markers; comment-only lines are marked for removal.
2. :func:`~wikiparse.render._html_blocks.do_block_levels` applies MediaWiki's block-level rules
   (paragraphs, ``<pre>``, list nesting) line by line.
3. Markers are replaced (nowiki text, the table of contents, edit-section links).

Safety comes from building only what is allowed: text and attribute values are escaped in one
place each (:mod:`._html_text`), tags written in wikitext pass MediaWiki's Sanitizer rules
(:mod:`.sanitizer`), and URLs are checked against a protocol allow-list.  ``nh3=True`` adds
the nh3 sanitizer as a second line; ``tidy=True`` balances tags with an HTML5 parser.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, cast
from urllib.parse import unquote

import attrs
from mypy_extensions import mypyc_attr

from .._mw import PHP_WHITESPACE, decode_char_refs, normalize_title
from .._parse import parse_fragment
from ..config import DEFAULT_CONFIG
from ..file_options import canonical_option
from ..nodes import (
    Argument,
    BehaviorSwitch,
    Bold,
    CategoryLink,
    Comment,
    Document,
    EditSection,
    Entity,
    ExtensionTag,
    ExternalLink,
    FileLink,
    Formatting,
    Heading,
    HorizontalRule,
    HtmlTag,
    InterlanguageLink,
    Italic,
    LanguageConverter,
    List,
    ListItem,
    MagicLink,
    MagicVariable,
    Node,
    ParserFunction,
    Preformatted,
    Redirect,
    Signature,
    Table,
    TableCaption,
    TableCell,
    TableRow,
    Template,
    Text,
    Wikilink,
)
from ..presets.words import switch_name
from ._html_blocks import do_block_levels
from ._html_cite import CiteState
from ._html_media import FileOptions, file_markup, interpret_file_options
from ._html_result import HtmlResult
from ._html_text import (
    escape_attr,
    escape_text,
    fragment_href,
    fragment_id,
    strip_tags,
    title_to_url,
    url_encode,
)
from ._html_tidy import p_wrap, too_deep_to_tidy
from ._langconv import shown_nodes
from ._templates import MARKUP_CHARS, expand_call
from .base import Renderer, child_nodes, clean_output, clean_rows, render_page, source_of
from .options import HtmlOptions
from .sanitizer import ALLOWED_TAGS, VOID_TAGS, is_safe_url, sanitize_attributes

__all__ = ["HtmlOptions", "HtmlRenderer", "HtmlResult", "to_html"]


class _Raw(Node):
    """Internal: already-safe HTML the renderer interleaves between real children.

    A plain class (no attrs): compiled with this module, it is a native subclass of the
    native ``Node``."""

    __slots__ = ("value",)

    value: str

    def __init__(self, value: str) -> None:
        self.start = self.end = -1
        self.value = value

    def parts(self) -> Sequence[str | Node]:
        return ("",)


# Strip markers: \x7f never survives escaping, so user text cannot forge one.
_MARK = "\x7f"
_COMMENT_MARK = "\x7fC\x7f"
#: A transclusion marker (``<noinclude>``...) or a cut-out ``<includeonly>`` section: gone
#: before the block pass like a comment, but a line holding one is no comment-only line
#: (MediaWiki's preprocessor keeps it and its newline: a blank line once the marker is gone).
_MARKER_MARK = "\x7fM\x7f"
_MARK_RE = re.compile("\x7f(N)(\\d+)\x7f|<mw:(toc)(\\d)/>")
_NOWIKI_MARK_RE = re.compile("\x7fN(\\d+)\x7f")
_TOC_MARK_RE = re.compile("<mw:toc(\\d)/>")
# An <hN> written in wikitext (the renderer's own headings follow their mw-heading div).
# (The look-behind comes after the literal ``<h`` so that the scan can jump between ``<h``s.)
_HTML_HEADING_RE = re.compile(r'<h([1-6])(?<!mw-heading\d"><h\d)((?:\s[^>]*)?)>(.*?)</h\1>', re.S)
_TRANSCLUSION_TAGS = frozenset({"noinclude", "onlyinclude", "includeonly"})
#: The renderer's own headings (in the text ``finish`` works on), to order HTML ones among them.
_WIKI_HEADING_RE = re.compile(r'<div class="mw-heading mw-heading[1-6]"><h[1-6] id="')
_HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_ID_ATTR_RE = re.compile(r'\sid="([^"]*)"')
_EMPTY_ELT_RE = re.compile(r"<(li|dt|dd|p)></\1>")
_COMMENT_LINE_RE = re.compile("\n[ \t]*(?:\x7fC\x7f[ \t]*)+(?=\n)")
_LIST_START = frozenset("*#:;")
_LIST_ESC = {"*": "&#42;", "#": "&#35;", ":": "&#58;", ";": "&#59;"}
_ENTITY_LINE_START = {**_LIST_ESC, " ": "&#32;"}
_BAD_TITLE_RE = re.compile(r"[<>\[\]{}|\x00-\x1f\x7f\ufffd]|%[0-9A-Fa-f]{2}")
# Relative-path titles MediaWiki refuses: ./x, ../x, x/./y, x/../y, x/., x/..
_BAD_PATH_RE = re.compile(r"^\.\.?/|/\.\.?/|/\.\.?$|^\.\.?$")
_TWO_COLONS_RE = re.compile(r"[ _]*:[ _]*:")
_TITLE_SPACES_RE = re.compile(r"[ _]+")
_URL_ESC_RE = re.compile(r"[\s\"<>\[\]{}|\\^`\x00-\x1f\x7f]")
_NOWIKI_PAIR_RE = re.compile(r"<nowiki\s*>(.*?)</nowiki\s*>|<nowiki\s*/>", re.I | re.S)


_IPV6_HOST_RE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//\[[0-9A-Fa-f:.]*\]")


def _ascii_lower(anchor: str) -> str:
    """The key duplicate heading ids are counted by: MediaWiki lowercases with PHP's
    ``strtolower``, ASCII letters only (``Foo``/``foo`` share a count, ``Тест``/``тест`` not)."""
    return anchor.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


def _url_escape(url: str) -> str:
    """Percent-encode what may not stand in a URL (MediaWiki's ``Sanitizer::cleanUrl``);
    the brackets of an IPv6 host stay."""
    m = _IPV6_HOST_RE.match(url)
    head, rest = (url[: m.end()], url[m.end() :]) if m else ("", url)
    return head + _URL_ESC_RE.sub(lambda m: url_encode(m.group()), rest)


_FREE_TEXT_RE = re.compile(r"[\[\]|]|[\u00ad\u200b-\u200d\u2060\ufeff]")


def _free_link_text(url: str) -> str:
    """A bare URL as MediaWiki shows it: brackets and pipes percent-encoded, invisible
    characters MediaWiki strips from host names removed."""
    m = _IPV6_HOST_RE.match(url)
    head, rest = (url[: m.end()], url[m.end() :]) if m else ("", url)
    return head + _FREE_TEXT_RE.sub(
        lambda m: url_encode(m.group()) if m.group() in "[]|" else "", rest
    )


_PIPE_TOKEN_RE = re.compile(r"\[\[|\]\]|\{\{|\}\}|\|")


def _split_pipes(text: str) -> list[str]:
    """Split a gallery line at the pipes that are not inside ``[[...]]`` or ``{{...}}``."""
    parts: list[str] = []
    depth = 0
    start = 0
    for m in _PIPE_TOKEN_RE.finditer(text):
        tok = m.group()
        if tok in ("[[", "{{"):
            depth += 1
        elif tok in ("]]", "}}"):
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(text[start : m.start()])
            start = m.end()
    parts.append(text[start:])
    return parts


def _attr_string(pairs: list[tuple[str, str]]) -> str:
    return "".join(f' {name}="{escape_attr(value)}"' for name, value in pairs)


@mypyc_attr(allow_interpreted_subclasses=True)  # subclassing customises it
class HtmlRenderer(Renderer):
    """Half-parsed HTML for one document (see the module docstring for the pipeline)."""

    def __init__(
        self,
        options: HtmlOptions | None = None,
        *,
        title: str | None = None,
        page_exists: Callable[[str], bool] | None = None,
        file_url: Callable[[str, int | None], str] | None = None,
    ) -> None:
        super().__init__()
        self.opts = options or HtmlOptions()
        self.config = self.opts.config or DEFAULT_CONFIG
        #: ``$wgFragmentMode``: the option's one mode, else the config's (primary first).
        self._fragment_modes: tuple[str, ...] = (
            (self.opts.fragment_mode,)
            if self.opts.fragment_mode
            else self.config.fragment_mode or ("html5",)
        )
        #: The wiki's upload page (``Special:Upload``, ``Spezial:Hochladen``) for red file links.
        self._upload_title = self.config.special_page("Upload")
        self.title = normalize_title(title, config=self.config) if title else None
        self.page_exists = page_exists
        self.file_url = file_url
        self._saved: list[list[str]] = []
        self._literal_links: set[int] = set()
        #: Where each open labelled link's output starts in ``out`` (see :meth:`leave_Wikilink`).
        self._link_starts: list[int] = []
        self._after_heading = False
        self._nowiki: list[str] = []
        self._editsections: list[str] = []
        self._anchors: dict[str, int] = {}
        self._autonumber = 0
        self._toc_here = False  # __TOC__ seen: the TOC goes there, not before heading 1
        self._force_toc = False
        self._no_toc = False
        self._first_heading_marker = False
        self.cite = CiteState()
        self.categories: list[tuple[str, str | None]] = []
        self.langlinks: list[tuple[str, str]] = []
        self.headings: list[tuple[int, str, str]] = []
        #: Per wikitext heading, its section number for ``tocsection-N`` (0: none).
        self._heading_sections: list[int] = []
        #: With a wiki: per heading title offset of the expanded text, the page the heading
        #: came from ("" for this page) and its index there (see ``use_heading_origins``).
        self._heading_origins: dict[int, tuple[str, int]] | None = None
        self._html_headings: list[tuple[int, int, str, str]] = []
        self._expansions: dict[int, list[Node]] = {}
        self._expanded_chars = 0
        self._expansion_budget = 1_000_000  # handler output parsed per page (see finish)

    # -- buffers ------------------------------------------------------------------------------

    def _capture(self) -> None:
        """Start collecting output separately (finished by :meth:`_release`), so a handler
        can post-process a subtree's HTML without a recursive render."""
        self._saved.append(self.out)
        self.out = []

    def _release(self) -> str:
        text = "".join(self.out)
        self.out = self._saved.pop()
        return text

    def _at_line_start(self) -> bool:
        out = self.out
        return not out or out[-1].endswith("\n")

    def _nowiki_marker(self, html: str) -> str:
        self._nowiki.append(html)
        return f"{_MARK}N{len(self._nowiki) - 1}{_MARK}"

    # -- which children to descend into ---------------------------------------------------

    def children_of(self, node: Node) -> list[Node]:
        kind = type(node)
        if kind is Text or kind is _Raw:
            return []
        getter = _CHILDREN.get(kind)
        if getter is not None:
            return getter(self, node)
        return child_nodes(node)

    def _kids_list(self, node: List) -> list[Node]:
        kids: list[Node] = []
        items = node.items
        for i, item in enumerate(items):
            if i and not (not item.leading and _ends_in_new_line(items[i - 1].content.nodes)):
                kids.append(_Raw(value="\n"))
            kids.append(item)
        return kids

    def _kids_pre(self, node: Preformatted) -> list[Node]:
        kids: list[Node] = []
        for i, line in enumerate(node.lines):
            kids.append(_Raw(value="\n " if i else " "))
            kids.append(line)
        return kids

    def _kids_table(self, node: Table) -> list[Node]:
        kids: list[Node] = []
        opened = False
        explicit_rows = False
        fostered_last = False  # the table's last content was text outside any cell
        for row in node.rows:
            fostered_last = False
            if isinstance(row, TableRow):
                explicit_rows = explicit_rows or bool(row.marker)
                if not any(isinstance(cell, TableCell) for cell in row.cells):
                    # MediaWiki opens a <tr> at a row's first cell: a row without cells is
                    # none, and text in it (outside any cell) stays for the browser to foster.
                    for content in row.cells:
                        kids.append(_Raw(value="\n"))
                        kids.append(content)
                    fostered_last = bool(row.cells)
                    continue
                if not opened:
                    kids.append(_Raw(value=_TBODY))
                    opened = True
            kids.append(row)
        line_end = "\n" if fostered_last else ""  # text outside cells ends its own line
        if opened:
            kids.append(_Raw(value=line_end + "</tbody>"))
            line_end = ""
        elif not explicit_rows:
            kids.append(_Raw(value="<tbody><tr><td></td></tr></tbody>"))  # as MediaWiki does
        kids.append(_Raw(value=line_end + "</table>"))
        return kids

    def _kids_row(self, node: TableRow) -> list[Node]:
        kids: list[Node] = []
        cells = node.cells
        for i, cell in enumerate(cells):
            kids.append(cell)
            if not isinstance(cell, TableCell):
                continue
            tag = "th" if cell.header else "td"
            nxt = cells[i + 1] if i + 1 < len(cells) else None
            inline = isinstance(nxt, TableCell) and not nxt.leading
            kids.append(_Raw(value=f"</{tag}>\n" if inline else f"\n</{tag}>"))
        # Content outside any cell (browsers foster it out of the table) ends its own line, as
        # it does in MediaWiki's output, so an open list closes before the row does.
        fostered_last = bool(cells) and not isinstance(cells[-1], TableCell)
        kids.append(_Raw(value="\n</tr>" if fostered_last else "</tr>"))
        return kids

    def _kids_content(self, node: Any) -> list[Node]:
        return [node.content]

    def _kids_cell(self, node: TableCell | TableCaption) -> list[Node]:
        nodes = node.content.nodes
        trimmed = _trimmed_cell(nodes)
        return [node.content] if trimmed is nodes else trimmed

    def _kids_heading(self, node: Heading) -> list[Node]:
        return [node.title]

    def _kids_link(self, node: Wikilink) -> list[Node]:
        if id(node) in self._literal_links:
            # Not a valid title: the brackets are text and the parts render as wikitext would.
            target = node.target
            kids: list[Node] = (
                [_Raw(value=_escape_keep_entities(source_of(target)))]
                if all(type(k) is Text for k in target.nodes)
                else [target]
            )
            if node.text is not None:
                kids += [_Raw(value="|"), node.text]
            kids.append(_Raw(value="]]" + escape_text(node.trail)))
            return kids
        label = node.text
        return [label] if label is not None else []

    def _kids_extlink(self, node: ExternalLink) -> list[Node]:
        return [node.text] if node.text is not None and node.brackets else []

    def _kids_none(self, node: Node) -> list[Node]:
        return []

    def _kids_file(self, node: FileLink) -> list[Node]:
        cap = interpret_file_options(node, self.config).caption
        return [cap] if cap is not None else []

    def _kids_ext(self, node: ExtensionTag) -> list[Node]:
        if node.contents is not None and node.name in _WIKITEXT_EXT:
            return [node.contents]
        return []

    # -- leaves -----------------------------------------------------------------------------

    def enter__Raw(self, node: _Raw) -> bool:
        self.out.append(node.value)
        return False

    def enter_Text(self, node: Text) -> bool:
        value = node.value
        if self._after_heading:
            # MediaWiki's heading pattern ends in ``\s*$`` (multi-line), swallowing the blank
            # lines after a heading: keep only the last line break of the whitespace run.
            self._after_heading = False
            run = len(value) - len(value.lstrip(" \t\n\r"))
            last = value.rfind("\n", 0, run)
            if last > 0:
                value = value[last:]
        if not value:
            return False
        text = escape_text(value)
        if text and text[0] in _LIST_START and self._at_line_start():
            text = _LIST_ESC[text[0]] + text[1:]
        self.out.append(text)
        return False

    def enter_Comment(self, node: Comment) -> bool:
        self.out.append(_COMMENT_MARK)
        return False

    def enter_Excluded(self, node: Node) -> bool:
        return False  # what a transclusion leaves out (only in an inclusion-mode tree)

    def enter_Entity(self, node: Entity) -> bool:
        # MediaWiki keeps a character reference a reference to the end: the block pass must
        # not see the list marker or indent space it stands for (``{{msgnw:}}`` escapes a
        # line's first ``*`` or space this way), nor a line break.
        text = escape_text(_html.unescape(node.raw))
        if text and text[0] in _ENTITY_LINE_START and self._at_line_start():
            text = _ENTITY_LINE_START[text[0]] + text[1:]
        if "\n" in text or "\r" in text:
            text = text.replace("\n", "&#10;").replace("\r", "&#13;")
        self.out.append(text)
        return False

    def enter_BehaviorSwitch(self, node: BehaviorSwitch) -> bool:
        name = switch_name(node.raw, self.config)  # __KEININHALTSVERZEICHNIS__ is NOTOC
        if name == "TOC" and not self._toc_here:
            self._toc_here = True
            self.out.append("<mw:toc0/>")
        elif name == "FORCETOC":
            self._force_toc = True
        elif name == "NOTOC":
            self._no_toc = True
        # Removed; its line stays, as in MediaWiki, where the preprocessor has already taken
        # the comments beside it, so ``<!--c-->__NOTOC__`` is no comment-only line: a blank one.
        self.out.append(_MARKER_MARK)
        return False

    def enter_Signature(self, node: Signature) -> bool:
        self.out.append(escape_text(node.raw))
        return False

    def enter_EditSection(self, node: EditSection) -> bool:
        return False

    def enter_HorizontalRule(self, node: HorizontalRule) -> bool:
        self.out.append("<hr />")
        return False

    def enter_MagicLink(self, node: MagicLink) -> bool:
        raw = _html.unescape(node.raw) if "&" in node.raw else node.raw
        ident = re.sub(r"[^0-9Xx]", "", raw[len(node.kind) :]).upper()
        label = escape_text(raw)
        if node.kind == "ISBN":
            href = self._article_url(f"{self.config.special_page('BookSources')}/{ident}")
            self.out.append(
                f'<a href="{escape_attr(href)}" class="internal mw-magiclink-isbn">{label}</a>'
            )
        elif node.kind == "RFC":
            href = f"https://datatracker.ietf.org/doc/html/rfc{ident}"
            self.out.append(
                f'<a class="external mw-magiclink-rfc" rel="nofollow" href="{href}">{label}</a>'
            )
        else:
            href = f"//www.ncbi.nlm.nih.gov/pubmed/{ident}?dopt=Abstract"
            self.out.append(
                f'<a class="external mw-magiclink-pmid" rel="nofollow" href="{href}">{label}</a>'
            )
        return False

    # -- unexpanded brace constructs -----------------------------------------------------

    def _placeholder(self, node: Node) -> bool:
        if self.opts.templates == "placeholder":
            self.out.append(f'<span class="wikiparse-template">{escape_text(str(node))}</span>')
        else:
            self.out.append(_COMMENT_MARK)
        return False

    def enter_Template(self, node: Template) -> bool:
        opts = self.opts
        if (opts.template_handlers or opts.handlers) and self._expanded_chars < self._expansion_budget:
            text = expand_call(node, opts.template_handlers, opts.handlers, "html", opts.today, self.config)
            if text:
                # A built-in meaning (docs/templates-without-a-store.md): its wikitext is
                # rendered in the template's place; ``_kids_template`` hands the walk its nodes.
                self._expanded_chars += len(text)
                if MARKUP_CHARS.search(text) is None:  # plain words: no parse
                    self._expansions[id(node)] = [Text(value=text)]
                else:
                    self._expansions[id(node)] = parse_fragment(text, config=opts.config, inline=True).nodes
                return True
        return self._placeholder(node)

    def _kids_template(self, node: Template) -> list[Node]:
        return self._expansions.pop(id(node), [])

    def enter_ParserFunction(self, node: ParserFunction) -> bool:
        return self._placeholder(node)

    def enter_Argument(self, node: Argument) -> bool:
        if node.default is not None:
            return True  # an unexpanded argument shows its default, as on the template page
        if self.opts.templates == "placeholder":
            return self._placeholder(node)
        self.out.append(escape_text(str(node)))  # a page view shows ``{{{1}}}`` as written
        return False

    def _kids_argument(self, node: Argument) -> list[Node]:
        return [node.default] if node.default is not None else []

    def enter_MagicVariable(self, node: MagicVariable) -> bool:
        var = node.variable
        if var == "!":
            self.out.append("|")
        elif var == "=":
            self.out.append("=")
        elif var in ("PAGENAME", "FULLPAGENAME") and self.title:
            self.out.append(escape_text(self.title))
        else:
            return self._placeholder(node)
        return False

    # -- inline formatting --------------------------------------------------------------------

    def enter_Bold(self, node: Bold) -> None:
        self.out.append("<b>")

    def leave_Bold(self, node: Bold) -> None:
        self.out.append("</b>")

    def enter_Italic(self, node: Italic) -> None:
        self.out.append("<i>")

    def leave_Italic(self, node: Italic) -> None:
        self.out.append("</i>")

    def enter_HtmlTag(self, node: HtmlTag) -> bool:
        name = node.name
        if name in _TRANSCLUSION_TAGS:
            self.out.append(_MARKER_MARK)  # a page view ignores these markers
            return False
        if name not in ALLOWED_TAGS or (
            name in ("meta", "link") and "itemprop" not in node.attributes
        ):
            self.out.append(escape_text(str(node)))
            return False
        if node.closing:
            if name not in VOID_TAGS:
                self.out.append(f"</{name}>")
            elif name == "br":
                self.out.append("<br />")
            return False
        attrs_html = _attr_string(sanitize_attributes(name, node.attrs))
        if name in _HEADING_TAGS and not self._first_heading_marker:
            self._first_heading_marker = True  # the TOC goes before the first heading of any kind
            self.out.append("<mw:toc1/>")
        if name in VOID_TAGS:
            self.out.append(f"<{name}{attrs_html} />")
        else:  # ``<div/>`` opens a div, as in HTML5 and MediaWiki's tidy
            self.out.append(f"<{name}{attrs_html}>")
        return False

    # -- block structure ------------------------------------------------------------------------

    def enter_ListItem(self, node: ListItem) -> None:
        self.out.append(node.level_prefix or node.prefix)

    def enter_Table(self, node: Table) -> bool:
        attrs_html = _attr_string(sanitize_attributes("table", node.attrs))
        if not node.rows and not node.close and "|}" in node.attrs:
            # ``{| attrs |}`` on one line: an empty table, dropped when it has no attributes.
            self.out.append(f"<table{attrs_html}></table>" if attrs_html else "")
            self.out.append(_SKIPPED)
            return False
        self.out.append(f"{'<dl><dd>' * node.indent.count(':')}<table{attrs_html}>")
        return True

    def leave_Table(self, node: Table) -> None:
        if self.out and self.out[-1] is _SKIPPED:
            self.out.pop()
        elif node.indent.count(":"):
            self.out.append("</dd></dl>" * node.indent.count(":"))

    def enter_TableCaption(self, node: TableCaption) -> None:
        attrs_html = _attr_string(sanitize_attributes("caption", node.attrs))
        self.out.append(f"\n<caption{attrs_html}>")

    def leave_TableCaption(self, node: TableCaption) -> None:
        self.out.append("\n</caption>")

    def enter_TableRow(self, node: TableRow) -> None:
        attrs_html = _attr_string(sanitize_attributes("tr", node.attrs))
        out = self.out
        # The first row follows <tbody> on its line, where an HTML parser inserts the tbody
        # that MediaWiki's own output lacks (``<table>\n<tbody><tr>``).
        out.append(f"<tr{attrs_html}>" if out and out[-1] == _TBODY else f"\n<tr{attrs_html}>")

    def enter_TableCell(self, node: TableCell) -> None:
        tag = "th" if node.header else "td"
        attrs_html = _attr_string(sanitize_attributes(tag, node.attrs))
        self.out.append(f"{chr(10) if node.leading else ''}<{tag}{attrs_html}>")

    def enter_Heading(self, node: Heading) -> None:
        for n in node.trailing.nodes:  # ``== h ==__NOTOC__``: a heading, its switch after it
            if type(n) is BehaviorSwitch:
                name = switch_name(n.raw, self.config)
                if name == "FORCETOC":
                    self._force_toc = True
                elif name == "NOTOC":
                    self._no_toc = True
        self._capture()

    def leave_Heading(self, node: Heading) -> None:
        inner = self._release().replace(_COMMENT_MARK, "").replace(_MARKER_MARK, "").strip()
        text = strip_tags(self._unmark(inner))
        anchor = self._anchor(text) or "_"
        key = _ascii_lower(anchor)
        suffix = ""
        if key in self._anchors:
            # MediaWiki numbers duplicates _2, _3... skipping ids an earlier heading has.
            number = self._anchors[key] + 1
            while f"{key}_{number}" in self._anchors:
                number += 1
            self._anchors[key] = number
            suffix = f"_{number}"
            anchor += suffix
            self._anchors.setdefault(_ascii_lower(anchor), 1)
        else:
            self._anchors[key] = 1
        fallback = self._fallback_span(text, anchor, suffix)
        level = max(1, min(6, node.level))
        self._after_heading = True
        self.headings.append((level, anchor, inner))
        page, section = self._section_of(node)
        # A heading MediaWiki's preprocessor did not see (after a comment or a transclusion
        # marker, with an unclosed bracket) has no section number: no ``tocsection-N``; nor
        # has one from a template (its section is the template's).
        self._heading_sections.append(section if not page else 0)
        if not self._first_heading_marker:
            self._first_heading_marker = True
            self.out.append("<mw:toc1/>")
        edit = ""
        # Without a title there is no page to edit: no edit links (they used to point at
        # Main_Page, which is wrong for every page but one).
        if node.editable and self.opts.edit_sections and section > 0 and self.title:
            edit = self._edit_section(f"T-{section}" if page else str(section), text, page)
        self.out.append(
            f'<div class="mw-heading mw-heading{level}"><h{level} id="{escape_attr(anchor)}">'
            f"{fallback}{inner}</h{level}>{edit}</div>"
        )

    def use_heading_origins(self, origins: dict[int, tuple[str, int]]) -> None:
        """Where the headings of an expanded page came from (``render_page`` gives them):
        MediaWiki links a heading to the section of the page whose own text had it, a
        template's as ``T-N``, and gives none to a heading its preprocessor did not find
        (made by a parser function, assembled from pieces)."""
        self._heading_origins = origins

    def _section_of(self, node: Heading) -> tuple[str, int]:
        """The page a heading's edit link opens ("" for this page) and its section there
        (0: no section)."""
        origins = self._heading_origins
        if origins is None:
            return "", max(node.number, 0)
        return origins.get(node.start + len(node.open), ("", 0))

    def _edit_section(self, section: str, text: str, source: str = "") -> str:
        """The edit links of a heading: section ``section`` of ``source`` (a template's
        title) or of this page."""
        page = title_to_url(source or self.title or "")
        tip = escape_attr(self.opts.edit_tooltip + text)
        links = []
        for label, query in self.opts.edit_links:
            href = escape_attr(f"{self.opts.script_path}?title={page}&{query}&section={section}")
            links.append(f'<a href="{href}" title="{tip}">{escape_text(label)}</a>')
        bracket = '<span class="mw-editsection-bracket">'
        sep = '<span class="mw-editsection-divider"> | </span>'
        return (
            f'<span class="mw-editsection">{bracket}[</span>{sep.join(links)}'
            f"{bracket}]</span></span>"
        )

    def enter_Redirect(self, node: Redirect) -> bool:
        target = node.target
        href = self._article_url(target)
        self.out.append(
            f'<div class="redirectMsg"><p>{escape_text(self.config.message("redirectto", "Redirect to:"))}</p>'
            '<ul class="redirectText"><li>'
            f'<a href="{escape_attr(href)}" title="{escape_attr(target)}">'
            f"{escape_text(target)}</a></li></ul></div>"
        )
        return False

    # -- links ----------------------------------------------------------------------------------

    def _anchor(self, text: str) -> str:
        """The id for a heading or fragment text, in the primary fragment mode."""
        return fragment_id(text, self._fragment_modes[0])

    def _fallback_span(self, text: str, anchor: str, suffix: str) -> str:
        """The empty ``<span id>`` MediaWiki puts first in a heading when a second fragment
        mode is configured and gives another id (``.C3.89t.C3.A9`` beside ``Été``); the
        duplicate suffix (``_2``) is the primary id's."""
        if len(self._fragment_modes) < 2:
            return ""
        fallback = (fragment_id(text, self._fragment_modes[1]) or "_") + suffix
        return "" if fallback == anchor else f'<span id="{escape_attr(fallback)}"></span>'

    def _fragment(self, text: str) -> str:
        """The ``#...`` part of a URL that points at the id of ``text``."""
        return fragment_href(text, self._fragment_modes[0])

    def _article_url(self, title: str, fragment: str = "") -> str:
        url = self.opts.article_path.replace("$1", title_to_url(title))
        if fragment:
            url += "#" + self._fragment(fragment)
        return url

    def _red_url(self, title: str) -> str:
        return f"{self.opts.script_path}?title={title_to_url(title)}&action=edit&redlink=1"

    def _exists(self, title: str) -> bool:
        if self.page_exists is None:
            return True
        try:
            return bool(self.page_exists(title))
        except Exception:
            return True

    def _interwiki(self, page: str) -> tuple[str, str, str] | None:
        """``(URL pattern, rest, title)`` when ``page`` starts with a prefix the interwiki
        table has a URL for; ``title`` as MediaWiki writes it (``zh:Chinese`` for
        ``[[ : zh : Chinese ]]``: prefix lower-cased, spaces folded, a colon after the prefix
        dropped)."""
        head = page.strip().lstrip(":")
        if ":" not in head:
            return None
        prefix, rest = head.split(":", 1)
        key = prefix.strip().lower().replace(" ", "_")
        table = self.opts.interwiki if self.opts.interwiki is not None else self.config.interwiki_urls
        pattern = table.get(key)
        if pattern is None or self.config.namespace_id(prefix) is not None:
            return None
        rest = _TITLE_SPACES_RE.sub(" ", rest).strip()
        if rest.startswith(":"):
            rest = rest[1:].lstrip()
        return pattern, rest, f"{key}:{rest}"

    def enter_Wikilink(self, node: Wikilink) -> bool:
        raw = source_of(node.target)
        if "%" in raw:
            raw = unquote(raw)  # MediaWiki decodes percent-escapes in link targets first
        target = decode_char_refs(raw)  # as Title::newFromText: then NFC, if anything was decoded
        shown = raw.lstrip(":") if node.text is None else None
        if "#" in target:
            page, fragment = target.split("#", 1)
        else:
            page, fragment = target, ""
        fragment = fragment.strip()
        if (
            _BAD_TITLE_RE.search(page)
            or ("." in page and _BAD_PATH_RE.search(page.strip()))
            or (not page.strip(" :_") and "#" not in target)
            or _TWO_COLONS_RE.match(page)  # a colon left after the one that escapes: no title
        ):
            self._literal_links.add(id(node))
            self.out.append(escape_text(node.prefix) + "[[")
            return True
        interwiki = self._interwiki(page)
        if interwiki is not None:
            pattern, rest, iw_title = interwiki
            href = pattern.replace("$1", title_to_url(rest))
            if fragment:
                href += "#" + fragment_href(fragment, self.config.interwiki_fragment_mode)
            opening = f'<a href="{escape_attr(href)}" class="extiw" title="{escape_attr(iw_title)}">'
        elif not page.strip():
            opening = f'<a href="#{escape_attr(self._fragment(fragment))}">'
        else:
            # No URL for its prefix (if it has one): a page of this wiki, as MediaWiki links
            # a prefix missing from its interwiki table.
            title = normalize_title(page, config=self.config, interwiki=False)
            ns = self.config.split_namespace(title)[0] if ":" in title else 0
            if ns == -2:
                name = title.split(":", 1)[1]
                url = self._file_src(name, None) or self._article_url(self._file_title(name))
                opening = (
                    f'<a href="{escape_attr(url)}" class="internal" title="{escape_attr(name)}">'
                )
            elif self.title is not None and title == self.title and not fragment:
                opening = '<a class="mw-selflink selflink">'
            elif ns == -1 or self._exists(title):
                opening = (
                    f'<a href="{escape_attr(self._article_url(title, fragment))}" '
                    f'title="{escape_attr(title)}">'
                )
            else:
                opening = (
                    f'<a href="{escape_attr(self._red_url(title))}" class="new" '
                    f'title="{escape_attr(title)} (page does not exist)">'
                )
        if node.prefix:
            # A link prefix joins the label; before a self-link or a media link it stays
            # text beside it, as in MediaWiki.
            prefix = escape_text(node.prefix)
            opening = prefix + opening if "selflink" in opening or 'class="internal"' in opening else opening + prefix
        self.out.append(opening)
        if shown is not None:
            self.out.append(escape_text(_html.unescape(shown) if "&" in shown else shown))
        else:
            self._link_starts.append(len(self.out))
        return True

    def leave_Wikilink(self, node: Wikilink) -> None:
        if id(node) in self._literal_links:
            self._literal_links.discard(id(node))
            return
        if self.out and self.out[-1] is _SKIPPED:
            self.out.pop()
            return
        self.out.append(escape_text(node.trail) + "</a>")
        if node.text is not None:
            self._hold_multiline_label(self._link_starts.pop())

    def _hold_multiline_label(self, start: int) -> None:
        """A label that spans lines waits behind a marker until the block pass is done, as
        MediaWiki's link holders keep it out of that pass: its lines make no paragraph, pre
        or list, and the link stays one element (``[[X|a\n b]]``)."""
        out = self.out
        label = out[start:]
        if not any("\n" in piece for piece in label):
            return
        held = self._unmark("".join(label).replace(_COMMENT_MARK, "").replace(_MARKER_MARK, ""))
        del out[start:]
        out[-1] += self._nowiki_marker(held)  # after the opening tag, so the link stays whole

    def _rtrim(self) -> None:
        """Strip the line breaks before a category or language link, with the whitespace
        around them, as MediaWiki does (T2087); spaces alone stay (T359886)."""
        out = self.out
        tail: list[str] = []
        while out:
            last = out[-1].replace(_COMMENT_MARK, "").replace(_MARKER_MARK, "")
            stripped = last.rstrip(" \t\n\r")
            if stripped:
                tail.append(last[len(stripped) :])
                if "\n" in "".join(tail):
                    out[-1] = stripped
                else:
                    out[-1] = last
                    out.extend(reversed(tail[:-1]))
                return
            tail.append(last)
            out.pop()
        if "\n" not in "".join(tail):
            out.extend(reversed(tail))

    def enter_CategoryLink(self, node: CategoryLink) -> bool:
        name = normalize_title(str(node.target), config=self.config).split(":", 1)[-1]
        self.categories.append((name, str(node.text) if node.text is not None else None))
        self._rtrim()
        self.out.append(_SKIPPED)  # removed from the text
        return False

    def enter_InterlanguageLink(self, node: InterlanguageLink) -> bool:
        raw = str(node.target).strip()
        lang, _, page = raw.partition(":")
        self.langlinks.append((lang.strip().lower(), page.strip()))
        self._rtrim()
        self.out.append(_SKIPPED)  # removed from the text
        return False

    def _file_title(self, name: str) -> str:
        """``File:name`` in the wiki's own name for the file namespace (``Datei:name``)."""
        return f"{self.config.namespace_name(6)}:{name}"

    def _file_src(self, name: str, width: int | None) -> str | None:
        if self.file_url is None:
            return self._article_url(f"{self.config.special_page('FilePath')}/{name}")
        try:
            url = self.file_url(name, width)
        except Exception:
            return None
        if not url:
            return None
        return url if is_safe_url(url) else None

    def enter_FileLink(self, node: FileLink) -> None:
        self._capture()

    def leave_FileLink(self, node: FileLink) -> None:
        # MediaWiki's Linker writes a file's whole markup on one line (its newlines, the
        # caption's too, become spaces), so the block pass makes no paragraph, pre or list of
        # a caption's lines; nowiki text waits behind a marker and keeps its own.
        caption_html = self._release().replace(_COMMENT_MARK, "").replace(_MARKER_MARK, "").strip()
        caption_html = caption_html.replace("\n", " ")
        title = normalize_title(str(node.target).split("#", 1)[0], config=self.config)
        name = title.split(":", 1)[1].strip() if ":" in title else title
        opts = interpret_file_options(node, self.config)
        shown = name
        if opts.manual_thumb:
            manual = normalize_title(opts.manual_thumb, config=self.config)
            shown = manual.split(":", 1)[1].strip() if ":" in manual else manual
        upload = f"{self.opts.script_path}?title={self._upload_title}&wpDestFile={title_to_url(name)}"
        self.out.append(
            file_markup(
                filename=name,
                opts=opts,
                caption_html=caption_html,
                url=self._file_src(shown, self._display_width(opts)),
                description_href=self._article_url(self._file_title(name)),
                upload_href=upload,
                link_href=self._file_link_target,
                shown_name=shown,
                file_namespace=self.config.namespace_name(6),
                legacy_labels=self.opts.legacy_media_labels,
                caption_text=self._unmark(caption_html).replace("\n", " ") if _MARK in caption_html else None,
            )
            + escape_text(node.trail)
        )

    def _display_width(self, opts: Any) -> int | None:
        """The width asked of ``file_url``: explicit, else the thumbnail default for thumbs."""
        if opts.width:
            return int(opts.width)
        if opts.format in ("thumb", "frameless") and not opts.manual_thumb:
            return self.opts.thumb_width
        return None

    def _file_link_target(self, target: str) -> tuple[str, str]:
        url = _html.unescape(target)
        if any(url.lower().startswith(p) for p in self.config.url_protocols):
            if is_safe_url(url):
                return _url_escape(url), ' rel="nofollow"'
            return "#", ""
        page, _, fragment = url.partition("#")
        title = normalize_title(page, config=self.config)
        return self._article_url(title, fragment.strip()), f' title="{escape_attr(title)}"'

    def enter_ExternalLink(self, node: ExternalLink) -> bool:
        url = source_of(node.url)
        url = (_html.unescape(url) if "&" in url else url).strip()
        if not is_safe_url(url) or not url:
            self.out.append(escape_text(str(node)))
            self.out.append(_SKIPPED)
            return False
        href = escape_attr(_url_escape(url))
        if not node.brackets:
            self.out.append(
                f'<a rel="nofollow" class="external free" href="{href}">'
                f"{escape_text(_free_link_text(url))}</a>"
            )
            self.out.append(_SKIPPED)
            return False
        if node.text is None or not source_of(node.text).strip():
            self._autonumber += 1
            self.out.append(
                f'<a rel="nofollow" class="external autonumber" href="{href}">'
                f"[{self._autonumber}]</a>"
            )
            self.out.append(_SKIPPED)
            return False
        self.out.append(f'<a rel="nofollow" class="external text" href="{href}">')
        return True

    def leave_ExternalLink(self, node: ExternalLink) -> None:
        if self.out and self.out[-1] is _SKIPPED:
            self.out.pop()
            return
        self.out.append("</a>")

    # -- extension tags --------------------------------------------------------------------

    def enter_ExtensionTag(self, node: ExtensionTag) -> bool:
        name = node.name
        if name in ("ref", "references", "poem"):
            self._capture()
            if name == "references":
                self.cite.enter_references(node.attributes.get("group", ""))
            return True
        handler = _EXT_HANDLERS.get(name)
        if handler is not None:
            handler(self, node)
        elif name in ("noinclude", "onlyinclude") and node.contents is not None:
            return True
        elif name == "includeonly":
            self.out.append(_MARKER_MARK)  # the section a page view cuts out
        self.out.append(_SKIPPED)
        return False

    def leave_ExtensionTag(self, node: ExtensionTag) -> None:
        if self.out and self.out[-1] is _SKIPPED:
            self.out.pop()
            return
        name = node.name
        if name == "ref":
            # Cite keeps the text's leading newlines (a list on the ref's first line stays
            # a list in the references) and drops trailing ones; blank text is no text.
            inner = self._release().replace(_COMMENT_MARK, "").replace(_MARKER_MARK, "")
            inner = inner.rstrip("\n") if inner.strip() else ""
            if node.contents is None and node.body:
                inner = escape_text(node.body.strip())
            attrs_ = node.attributes
            self.out.append(
                self.cite.ref(
                    inner,
                    name=attrs_.get("name", "").strip(),
                    group=attrs_.get("group", "").strip(),
                    has_body=node.body is not None,
                )
            )
        elif name == "references":
            self._release()
            group = node.attributes.get("group", "").strip()
            responsive = node.attributes.get("responsive", "").strip() != "0"
            self.out.append(self.cite.references(group, responsive))
        elif name == "poem":
            inner = self._release()
            self.out.append(_poem(inner))

    def _ext_nowiki(self, node: ExtensionTag) -> None:
        self.out.append(self._nowiki_marker(_escape_keep_entities(node.body or "")))

    def _ext_pre(self, node: ExtensionTag) -> None:
        # Paired <nowiki> tags inside <pre> are unwrapped (their content stays literal); a
        # lone one is text, as in MediaWiki.
        body = _NOWIKI_PAIR_RE.sub(r"\1", node.body or "")
        if body.startswith("\n"):
            body = body[1:]
        attrs_html = _attr_string(sanitize_attributes("pre", node.attrs))
        self.out.append(f"<pre{attrs_html}>{_escape_keep_entities(body)}</pre>")

    def _ext_math(self, node: ExtensionTag) -> None:
        tex = (node.body or "").strip()
        block = node.attributes.get("display", "") == "block"
        tag = "div" if block else "span"
        self.out.append(
            self._nowiki_marker(
                f'<{tag} class="mwe-math-element"><code class="mwe-math-fallback-source-'
                f'{"display" if block else "inline"} tex" dir="ltr">{escape_text(tex)}</code>'
                f"</{tag}>"
            )
        )

    def _ext_highlight(self, node: ExtensionTag) -> None:
        attrs_ = node.attributes
        lang = re.sub(r"[^A-Za-z0-9_+#.\-]", "", attrs_.get("lang", "text")) or "text"
        code = escape_text((node.body or "").strip("\n"))
        if "inline" in attrs_:
            html = f'<code class="mw-highlight mw-highlight-lang-{lang}" dir="ltr">{code}</code>'
        else:
            html = (
                f'<div class="mw-highlight mw-highlight-lang-{lang} mw-content-ltr" dir="ltr">'
                f"<pre>{code}</pre></div>"
            )
        self.out.append(html)

    def _inline_html(self, wikitext: str) -> str:
        """A caption's HTML, rendered on its own (gallery captions are one-line wikitext)."""
        from .._parse import parse

        if not wikitext.strip():
            return ""
        sub = HtmlRenderer(
            attrs.evolve(self.opts, toc=False, edit_sections=False, standalone=False),
            title=self.title,
            page_exists=self.page_exists,
            file_url=self.file_url,
        )
        html = sub.finish(parse(wikitext.strip(), config=self.opts.config)).strip()
        if html.startswith("<p>") and html.endswith("</p>"):
            html = html[3:-4].strip()
        return html

    def _ext_gallery(self, node: ExtensionTag) -> None:
        items: list[str] = []
        gallery_caption = node.attributes.get("caption", "")
        if gallery_caption.strip():
            items.append(f'<li class="gallerycaption">{self._inline_html(gallery_caption)}</li>')
        for line in (node.body or "").split("\n"):
            line = line.strip()
            if not line:
                continue
            name, _, rest = line.partition("|")
            # Option parts (alt=, link=, ...) precede the caption, which is the last part.
            caption = ""
            opts = FileOptions()
            for raw_part in _split_pipes(rest) if rest else []:
                part = canonical_option(raw_part, self.config)  # verweis= is link= on dewiki
                key = part.split("=", 1)[0].strip().lower() if "=" in part else ""
                if key == "link":
                    opts.link = part.split("=", 1)[1].strip()
                elif key == "alt":
                    opts.alt = part.split("=", 1)[1]
                elif key not in ("page", "class", "lang"):
                    caption = part
            title = normalize_title(name, config=self.config)
            if ":" not in title:
                title = self._file_title(title)
            fname = title.split(":", 1)[1]
            upload = (
                f"{self.opts.script_path}?title={self._upload_title}&wpDestFile={title_to_url(fname)}"
            )
            src = self._file_src(fname, 120)
            if src is None and self.opts.legacy_media_labels:
                thumb = escape_text(fname)  # the legacy gallery shows a missing file's name
            else:
                thumb = file_markup(
                    filename=fname,
                    opts=opts,
                    caption_html="",
                    url=src,
                    description_href=self._article_url(title),
                    upload_href=upload,
                    link_href=self._file_link_target,
                    file_namespace=self.config.namespace_name(6),
                ).replace(' class="mw-default-size"', "", 1)
            items.append(
                f'<li class="gallerybox" style="width: 155px">'
                f'<div class="thumb" style="width: 150px; height: 150px;">{thumb}</div>'
                f'<div class="gallerytext">{self._inline_html(caption)}</div></li>'
            )
        self.out.append('<ul class="gallery mw-gallery-traditional">' + "\n".join(items) + "</ul>")

    # -- finishing ------------------------------------------------------------------------------

    def _unmark(self, text: str) -> str:
        def sub(m: re.Match[str]) -> str:
            if m.group(1) == "N":
                return self._nowiki[int(m.group(2))]
            return ""

        return _MARK_RE.sub(sub, text)

    def _html_heading(self, m: re.Match[str]) -> str:
        """``<h2>x</h2>`` written in wikitext gets an id and ``mw-html-heading``, as
        MediaWiki gives it (the heading's own id wins), and a place in the table of contents
        (recorded with its offset, to be put in order among the wikitext headings)."""
        level, attrs_html, inner = m.group(1), m.group(2), m.group(3)
        if 'id="mw-toc-heading"' in attrs_html:
            return m.group()  # the TOC box's own title
        own_id = _ID_ATTR_RE.search(attrs_html)
        fallback = ""
        if own_id is not None:
            anchor = _html.unescape(own_id.group(1))
        else:
            text = strip_tags(self._unmark(inner))
            anchor = self._anchor(text) or "_"
            key = _ascii_lower(anchor)
            suffix = ""
            if key in self._anchors:
                self._anchors[key] += 1
                suffix = f"_{self._anchors[key]}"
                anchor += suffix
            else:
                self._anchors[key] = 1
            attrs_html = f' id="{escape_attr(anchor)}"' + attrs_html
            fallback = self._fallback_span(text, anchor, suffix)
        self._html_headings.append((m.start(), int(level), anchor, inner))
        if 'class="' in attrs_html:
            attrs_html = attrs_html.replace('class="', 'class="mw-html-heading ', 1)
        else:
            attrs_html += ' class="mw-html-heading"'
        return f"<h{level}{attrs_html}>{fallback}{inner}</h{level}>"

    def _toc_entries(self, body: str) -> list[tuple[int, str, str, int]]:
        """Every heading of the page in document order, as ``(level, anchor, inner html,
        numbered)``: the wikitext headings (numbered sections) and, between them, the ones
        written as HTML (``_html_heading`` recorded their offsets in ``body``)."""
        wiki = [
            (lvl, anchor, self._unmark(inner), numbered)
            for (lvl, anchor, inner), numbered in zip(self.headings, self._heading_sections, strict=True)
        ]
        if not self._html_headings:
            return wiki
        starts = [m.start() for m in _WIKI_HEADING_RE.finditer(body)]
        if len(starts) != len(wiki):  # cannot place them; keep the wikitext headings
            return wiki
        placed = [(start, entry) for start, entry in zip(starts, wiki, strict=True)]
        placed += [
            (start, (lvl, anchor, self._unmark(inner).strip(), 0)) for start, lvl, anchor, inner in self._html_headings
        ]
        placed.sort(key=lambda item: item[0])
        return [entry for _start, entry in placed]

    def _toc_html(self, entries: list[tuple[int, str, str, int]]) -> str:
        from ._html_toc import toc_html

        title = self.opts.toc_title
        if title == "Contents":  # the default: the wiki's own word (Inhaltsverzeichnis)
            title = self.config.message("toc", title)
        return toc_html(entries, title, self.config.language, self.config.direction)

    def _flush_done(self, done: list[str]) -> None:
        """Between parts, join the output so far into one string on ``done`` (a long page's
        pieces cost far more than their characters), keeping the pieces from the last one
        with more than whitespace on: what :meth:`_rtrim`, :meth:`_at_line_start` and the
        skip sentinel may still read or change."""
        out = self.out
        if self._saved or len(out) < 2:
            return
        keep = len(out) - 1
        while keep > 0 and not out[keep].replace(_COMMENT_MARK, "").replace(_MARKER_MARK, "").rstrip(" \t\n\r"):
            keep -= 1
        if keep > 0:
            done.append("".join(out[:keep]))
            del out[:keep]

    def finish(self, root: Node) -> str:
        """Render ``root`` through the whole pipeline and return the final HTML body."""
        return self.finish_parts(iter((root,)), root.end - root.start)

    def finish_parts(self, docs: Iterator[Node], size: int) -> str:
        """:meth:`finish` of a page given as consecutive parts (see ``render.base.page_parts``),
        ``size`` characters in all: one walk per part, each let go before the next is made
        (node ids remembered for a later visit are forgotten between parts), then the
        page-wide passes over the whole output."""
        self.out = []
        self._expansion_budget = 1_000_000 + 4 * size
        done: list[str] = []
        for doc in docs:
            self.walk(doc)
            del doc
            self._literal_links.clear()
            self._expansions.clear()
            self._flush_done(done)
        while self._saved:  # unbalanced capture (cannot happen; be robust anyway)
            self._release()
        self.out.append(self.cite.leftover())
        done += self.out
        self.out = []  # each page-wide pass lets go of its input: a long page's peak
        # Each input is handed over in a list that no name holds, so that the pass can let
        # go of it before it joins its result.
        body = do_block_levels([_without_comment_lines(done)])
        del done
        entries: list[tuple[int, str, str, int]] = []
        if "<h" in body:
            self._html_headings = []
            marked = _HTML_HEADING_RE.sub(self._html_heading, body)
            entries = self._toc_entries(body)
            body = marked
            del marked
        show_toc = (
            self.opts.toc
            and not self._no_toc
            and (len(entries) >= 4 or self._force_toc or self._toc_here)
            and len(entries) > 0
        )
        toc = self._toc_html(entries) if show_toc else ""
        where = "T0" if self._toc_here else "T1"

        def nowiki(m: re.Match[str]) -> str:
            return self._nowiki[int(m.group(1))]

        def place_toc(m: re.Match[str]) -> str:
            return toc if f"T{m.group(1)}" == where else ""

        held = [body]
        del body
        if "\x7f" in held[0]:
            held.append(_sub_by_lines(_NOWIKI_MARK_RE, nowiki, held))
        # The TOC's place is still marked when paragraphs are wrapped, as MediaWiki's is
        # (``<mw:tocplace>``) when its tidy runs: a block there, so ``a __TOC__ b`` is two
        # paragraphs, with or without a TOC.
        out = p_wrap(held)
        if "></" in out:
            held.append(out)
            del out
            out = _sub_by_lines(_EMPTY_ELT_RE, _empty_elt, held)
        if "<mw:toc" in out:
            held.append(out)
            del out
            out = _sub_by_lines(_TOC_MARK_RE, place_toc, held)
        return out


#: A table's opening ``tbody``: the row after it stays on its line (see ``enter_TableRow``).
_TBODY = "\n<tbody>"

#: What PHP's ``trim`` removes, less the line break (a cell's text is trimmed on its line).
_CELL_TRIM = PHP_WHITESPACE.replace("\n", "")


def _trimmed_cell(nodes: list[Node]) -> list[Node]:
    """A table cell's (or caption's) content with its first line trimmed, as MediaWiki trims
    each cell's wikitext on its line before the inline passes: ``| a || b`` gives
    ``<td>a</td>``, and a bold left open by the cell's end loses its trailing space too.
    The nodes themselves when nothing changes (most cells: a copy only when one is needed)."""
    out = nodes
    for i, n in enumerate(nodes):  # leading: texts and comments, up to the first line break
        if type(n) is Text:
            value = n.value
            kept = value.lstrip(_CELL_TRIM)
            if len(kept) != len(value):
                if out is nodes:
                    out = list(nodes)
                out[i] = attrs.evolve(n, value=kept)
            if kept:
                break
        elif type(n) is not Comment:
            break
    first_break = len(out)
    for j, n in enumerate(out):
        if type(n) is Text and "\n" in n.value:
            first_break = j
            break
    if first_break < len(out):
        text = cast(Text, out[first_break])
        head, _, tail = text.value.partition("\n")
        kept = head.rstrip(_CELL_TRIM)
        if len(kept) != len(head):
            if out is nodes:
                out = list(nodes)
            out[first_break] = attrs.evolve(text, value=f"{kept}\n{tail}")
        if kept:
            return out
    if first_break and _ends_in_trim(out[first_break - 1]):
        line = out[:first_break]
        if _rstrip_line(line):
            out = line + out[first_break:]
    return out


def _ends_in_trim(n: Node) -> bool:
    """Whether a line's last node may end in what a trim removes (a text or comment, or a
    bold or italic the line's end closed): the few cells :func:`_rstrip_line` is asked for."""
    kind = type(n)
    if kind is Text:
        value = cast(Text, n).value
        return not value or value[-1] in _CELL_TRIM
    return kind is Comment or ((kind is Bold or kind is Italic) and not cast(Formatting, n).close)


def _rstrip_line(line: list[Node]) -> bool:
    """Strip the whitespace that ends a line's nodes, in place: from texts, past comments, and
    inside a bold or italic that the line's end closed; True if anything changed."""
    changed = False
    for j in range(len(line) - 1, -1, -1):
        n = line[j]
        if type(n) is Text:
            value = n.value.rstrip(_CELL_TRIM)
            if value != n.value:
                line[j] = attrs.evolve(n, value=value)
                changed = True
            if value:
                return changed
        elif type(n) is Bold or type(n) is Italic:
            formatting = cast(Formatting, n)
            if formatting.close:
                return changed  # closed by its own apostrophes: they end the line
            inner = list(formatting.nodes)
            if _rstrip_line(inner):
                line[j] = attrs.evolve(formatting, nodes=inner)
                changed = True
            return changed
        elif type(n) is not Comment:
            return changed
    return changed


def _empty_elt(m: re.Match[str]) -> str:
    return f'<{m.group(1)} class="mw-empty-elt"></{m.group(1)}>'


#: :func:`_sub_by_lines` works on slices of about this many characters.
_SUB_SLICE = 1 << 20


def _sub_by_lines(pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], held: list[str]) -> str:
    """``pattern.sub(repl, text)`` for a pattern whose matches hold no line break, on the text
    handed over in a one-item list: a slice of about :data:`_SUB_SLICE` characters (ending
    after a line break) at a time, and the text let go before the results are joined.  One
    ``re.sub`` over a long page holds the page, a copy of every stretch between matches and
    the result at once (about 2.6 times the page; a page-wide pass of ``finish_parts`` was
    the peak of ``to_html`` on long pages); this holds the page and the results, then the
    results and their join."""
    text = held.pop()
    size = len(text)
    if size <= _SUB_SLICE:
        return pattern.sub(repl, text)
    out: list[str] = []
    pos = 0
    while pos < size:
        end = text.find("\n", pos + _SUB_SLICE)
        end = size if end == -1 else end + 1
        out.append(pattern.sub(repl, text[pos:end]))
        pos = end
    del text
    return "".join(out)


def _without_comment_lines(chunks: list[str]) -> str:
    """``"".join(chunks)`` without the lines that hold only comments (their marks and
    spaces), each taken with the line break before it (the first line with the one after),
    and without the other comment marks.  Done a block of whole lines at a time (a line that
    held only a comment is no line for the block passes, as in MediaWiki), so that a long
    page is not copied four times over at once; ``chunks`` is emptied as it is read."""
    if not any("\x7f" in chunk for chunk in chunks):  # (a mark cut between chunks too)
        out = "".join(chunks)
        chunks.clear()
        return out
    pieces: list[str] = []
    carry: list[str] = ["\n"]  # the unfinished last line, after its line break
    chunks.reverse()
    while chunks:
        chunk = chunks.pop()
        cut = chunk.rfind("\n")
        if cut == -1:
            carry.append(chunk)
            continue
        carry.append(chunk[: cut + 1])
        block = "".join(carry)
        # The block ends with the line break that starts the next line, which no match takes.
        pieces.append(_COMMENT_LINE_RE.sub("", block)[:-1].replace(_COMMENT_MARK, "").replace(_MARKER_MARK, ""))
        carry = ["\n", chunk[cut + 1 :]]
        del block, chunk
    pieces.append("".join(carry).replace(_COMMENT_MARK, "").replace(_MARKER_MARK, ""))
    for index, piece in enumerate(pieces):  # the first line break (one was put before)
        if piece:
            pieces[index] = piece[1:]
            break
    return "".join(pieces)


#: Sentinel pushed on ``out`` by an enter handler that already rendered the whole node, so
#: its leave handler knows to do nothing.  Never joined into the output (it is removed).
_SKIPPED = "\x00skip"


def _ends_in_new_line(nodes: list[Node]) -> bool:
    """Does an item's content end with a line break and then only nodes that vanish before
    MediaWiki's block pass (``* a\\n<noinclude>* b``: the parser's one list, whose next item
    starts on that line, needs no line break of its own)?"""
    k = len(nodes) - 1
    while k > 0 and (
        type(nodes[k]) is Comment
        or (type(nodes[k]) is HtmlTag and cast(HtmlTag, nodes[k]).name in _TRANSCLUSION_TAGS)
        or (type(nodes[k]) is ExtensionTag and cast(ExtensionTag, nodes[k]).name == "includeonly")
    ):
        k -= 1
    last = nodes[k] if nodes and k < len(nodes) - 1 else None
    return type(last) is Text and last.value.endswith("\n")

_WIKITEXT_EXT = frozenset({"ref", "references", "poem", "noinclude", "onlyinclude"})

_EXT_HANDLERS: dict[str, Callable[[HtmlRenderer, ExtensionTag], None]] = {
    "nowiki": HtmlRenderer._ext_nowiki,
    "pre": HtmlRenderer._ext_pre,
    "math": HtmlRenderer._ext_math,
    "chem": HtmlRenderer._ext_math,
    "ce": HtmlRenderer._ext_math,
    "syntaxhighlight": HtmlRenderer._ext_highlight,
    "source": HtmlRenderer._ext_highlight,
    "gallery": HtmlRenderer._ext_gallery,
}

_CHILDREN: dict[type, Callable[[HtmlRenderer, Any], list[Node]]] = {
    List: HtmlRenderer._kids_list,
    Preformatted: HtmlRenderer._kids_pre,
    Table: HtmlRenderer._kids_table,
    TableRow: HtmlRenderer._kids_row,
    TableCell: HtmlRenderer._kids_cell,
    TableCaption: HtmlRenderer._kids_cell,
    ListItem: HtmlRenderer._kids_content,
    Heading: HtmlRenderer._kids_heading,
    Wikilink: HtmlRenderer._kids_link,
    CategoryLink: HtmlRenderer._kids_none,
    InterlanguageLink: HtmlRenderer._kids_none,
    FileLink: HtmlRenderer._kids_file,
    ExternalLink: HtmlRenderer._kids_extlink,
    ExtensionTag: HtmlRenderer._kids_ext,
    Template: HtmlRenderer._kids_template,
    ParserFunction: HtmlRenderer._kids_none,
    MagicVariable: HtmlRenderer._kids_none,
    Argument: HtmlRenderer._kids_argument,
    Redirect: HtmlRenderer._kids_none,
    LanguageConverter: lambda r, node: shown_nodes(node, r.config, r.opts.variant),
}

_ENTITY_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")


def _escape_keep_entities(text: str) -> str:
    """Escape ``<>&`` but keep valid character references (as ``<nowiki>`` and ``<pre>`` do),
    decoding them so that nothing they encode can become markup."""
    out: list[str] = []
    pos = 0
    for m in _ENTITY_RE.finditer(text):
        out.append(escape_text(text[pos : m.start()]))
        decoded = _html.unescape(m.group())
        out.append(escape_text(decoded) if decoded != m.group() else escape_text(m.group()))
        pos = m.end()
    out.append(escape_text(text[pos:]))
    return "".join(out)


def _poem(inner: str) -> str:
    """``<poem>``: each line break kept as ``<br />``, leading spaces as non-breaking."""
    inner = inner.strip("\n")
    lines = [
        re.sub(r"^( +)", lambda m: "&#160;" * len(m.group(1)), line) for line in inner.split("\n")
    ]
    return '<div class="poem">\n<p>' + "<br />\n".join(lines) + "\n</p></div>"


_OPTION_FIELDS = frozenset(f.name for f in attrs.fields(HtmlOptions))


def to_html(
    doc_or_text: Document | str,
    *,
    title: str | None = None,
    page_exists: Callable[[str], bool] | None = None,
    file_url: Callable[[str, int | None], str] | None = None,
    wiki: Any = None,
    **options: Any,
) -> HtmlResult:
    """Render a document (or wikitext, parsed first) to HTML.

    ``title`` is the page's title (self-links, edit links); ``page_exists(title)`` decides red
    links (all pages exist when omitted); ``file_url(name, width)`` resolves image URLs (an
    empty string marks a missing file).  ``wiki`` (a :class:`wikiparse.Wiki`) expands
    templates and parser functions in wikitext first, as the page ``title``.  Other keywords are :class:`HtmlOptions` fields, or
    ``options=HtmlOptions(...)``.  The result is a ``str`` that also carries ``categories``,
    ``interlanguage_links`` and ``headings``.  Never raises on any ``str`` input.
    """
    base = options.pop("options", None) or HtmlOptions()
    unknown = set(options) - _OPTION_FIELDS
    if unknown:
        raise TypeError(f"unknown to_html option(s): {', '.join(sorted(unknown))}")
    opts = attrs.evolve(base, **options) if options else base
    opts = _on_the_wiki_server(opts, options)
    renderer = HtmlRenderer(opts, title=title, page_exists=page_exists, file_url=file_url)
    # Unexpanded templates render as nothing or as their source: their insides are skimmed.
    body = render_page(doc_or_text, renderer.finish, config=opts.config, wiki=wiki, title=title,
                       render_parts=renderer.finish_parts, heading_marks=renderer.use_heading_origins)
    if opts.tidy:
        body = _tidy(body)
    if opts.nh3:
        from .sanitizer import nh3_clean

        body = nh3_clean(body)
    if opts.standalone:
        from ._html_page import standalone_page

        body = standalone_page(
            body,
            title=renderer.title or "",
            categories=renderer.categories,
            article_url=renderer._article_url,
            language=renderer.config.language,
            direction=renderer.config.direction,
            category_namespace=renderer.config.namespace_name(14),
        )
        body = clean_output(body)  # the title given by the caller
    result = HtmlResult(body)
    result.language = renderer.config.language
    result.direction = renderer.config.direction
    result.categories = clean_rows(renderer.categories)
    result.interlanguage_links = clean_rows(renderer.langlinks)
    result.headings = clean_rows(renderer.headings)
    return result


def _on_the_wiki_server(opts: HtmlOptions, given: dict[str, Any]) -> HtmlOptions:
    """A standalone page of a known wiki (a config whose article path is a full URL, as the
    presets and dump siteinfo give) links pages and files on that wiki's server: opened from
    disk, root-relative ``/wiki/…`` links and ``Special:FilePath`` images would point nowhere.
    Paths the caller set are kept."""
    config = opts.config
    server_path = config.article_path if config is not None else ""
    if not opts.standalone or not server_path.startswith(("http://", "https://", "//")):
        return opts
    if "article_path" in given or opts.article_path != HtmlOptions().article_path:
        return opts
    return attrs.evolve(opts, article_path=server_path)


def _tidy(body: str) -> str:
    """Balance the markup the way a browser (and MediaWiki's Remex tidy) would.

    html5lib is an optional extra (``wikiparse-mw[tidy]``): most users never balance tags, and
    the default output is already balanced for every tag the renderer writes itself."""
    try:
        import html5lib  # type: ignore[import-untyped,import-not-found,unused-ignore]
        from html5lib import serializer
    except ImportError as exc:
        raise ImportError(
            "to_html(tidy=True) needs html5lib: pip install 'wikiparse-mw[tidy]'"
        ) from exc
    if too_deep_to_tidy(body):  # html5lib is quadratic in depth (see MAX_TIDY_DEPTH)
        return body

    fragment = html5lib.parseFragment(body, treebuilder="etree", namespaceHTMLElements=False)
    walker = html5lib.getTreeWalker("etree")
    ser = serializer.HTMLSerializer(
        omit_optional_tags=False,
        quote_attr_values="always",
        use_trailing_solidus=True,
        minimize_boolean_attributes=False,
    )
    return "".join(ser.serialize(walker(fragment)))
