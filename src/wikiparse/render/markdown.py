"""GitHub-flavoured Markdown, in document order, with every literal character escaped.

What each construct becomes (options in :class:`MarkdownOptions`):

* headings ``#``-style; bold ``**x**``, italic ``*x*`` (whitespace kept outside the markers);
* internal links ``[label](article_path)``, external links ``[label](url)`` / ``<url>``;
  categories and interlanguage links are dropped (they are not part of the text);
* lists nested the way MediaWiki nests them: ``- `` and ``1. `` items indented under their
  parent's marker; definition lists as a bold term followed by the definitions as block quotes
  (``:`` indentation, talk-page style, is a block quote too);
* tables as pipe tables; a table with ``rowspan``/``colspan``, a nested table or block content in
  a cell falls back to an inline-HTML ``<table>`` (links and emphasis kept as HTML);
* indent-pre, ``<pre>`` and ``<syntaxhighlight lang=x>`` as fenced code blocks (with the
  language); ``<math>`` as ``$tex$`` (``$$`` block when ``display="block"``);
* files as ``![alt](file_path "caption")``; references as footnotes ``[^1]`` (a reused named
  reference repeats its number) with the definitions at the end; ``----`` as ``---``;
* character references decoded, and every character Markdown would read as markup
  (``\\ ` * _ [ ] < > | ~ $``, entity-like ``&``, and line-leading ``# > + - =`` and ``1.``)
  backslash-escaped, so the words come out as written.

Templates are not expanded: those with a built-in meaning (``template_handlers``) are rendered
from it and the rest vanish, as in :func:`~wikiparse.render.text.to_text`.  The
renderer reuses the plain-text renderer's contexts (page, item, cell) on the shared explicit
stack visitor, so no construct is moved ahead of the text it follows and depth costs no recursion.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
from mypy_extensions import mypyc_attr

from .._mw import normalize_title
from ..config import DEFAULT_CONFIG, INTERWIKI_URLS
from ..file_options import interpret_file_options
from ..nodes import (
    Bold,
    Document,
    ExtensionTag,
    ExternalLink,
    FileLink,
    Formatting,
    Heading,
    HtmlTag,
    List,
    MagicLink,
    MagicVariable,
    Node,
    Paragraph,
    Preformatted,
    Redirect,
    Table,
    TableCaption,
    TableCell,
    TableRow,
    Text,
    Wikilink,
    walk,
)
from ._html_text import escape_attr, escape_text, fragment_href, title_to_url
from ._text_gallery import gallery_nodes
from ._text_lists import ItemLayout, layout_items
from .base import render_page
from .options import DEFAULT_MARKDOWN_OPTIONS, MarkdownOptions
from .text import _GAP, SKIMMED_TAGS, TextOptions, TextRenderer, _finish_inline, target_label

__all__ = ["DEFAULT_MARKDOWN_OPTIONS", "MarkdownOptions", "MarkdownRenderer", "to_markdown"]


_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>|~$]|&(?=#?[0-9A-Za-z]+;)")
_BR = "\x02"
_EDGE = " \t\n" + _GAP + _BR
_HARD = "\\\n"


def md_escape(text: str) -> str:
    """Backslash-escape the characters Markdown reads as inline markup."""
    return _MD_SPECIAL.sub(r"\\\g<0>", text)


_LINE_START = re.compile(r"^(?:([#>+=-])|(\d{1,9})([.)]))", re.MULTILINE)


def _escape_line_starts(text: str) -> str:
    """Escape what would open a block (heading, quote, list, setext underline) at a line start.

    Idempotent: an escaped start begins with a backslash and no longer matches.
    """
    return _LINE_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text
    )


def _fence(body: str) -> str:
    """A backtick fence longer than any backtick run inside ``body``."""
    runs = re.findall(r"`+", body)
    return "`" * max(3, max((len(r) for r in runs), default=0) + 1)


def _url_target(url: str) -> str:
    """A link destination Markdown reads back exactly (angle brackets when needed)."""
    url = url.replace("<", "%3C").replace(">", "%3E")
    if not url or re.search(r"[\s()\\]", url):
        return f"<{url.replace(' ', '%20')}>"
    return url


_EMPH_CLOSE = re.compile(r"\x0f(\d+)\x0f(?:\x0f\d+\x0f|\x01)*(.?)", re.DOTALL)
_EMPH_ANY = re.compile(r"([\x0e\x0f])(\d+)\1")
_AUTOLINK = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*")
_SPAN_ATTR = re.compile(r"\b(rowspan|colspan)\s*=", re.IGNORECASE)
_BLOCKY = (List, Preformatted, Table, Heading)
#: Inline HTML kept as tags (without attributes): Markdown has no syntax for them, and
#: dropping them would glue emphasis runs together (``*θ*<sub>*i*</sub>``).
_INLINE_HTML = frozenset("sub sup u ins del s strike small big code kbd samp var mark tt".split())
_BLOCK_EXTENSIONS = frozenset(("pre", "syntaxhighlight", "source", "gallery", "poem"))


#: Tables nested deeper than this are written as their text (see ``enter_Table``).
_MAX_TABLE_DEPTH = 32


@mypyc_attr(allow_interpreted_subclasses=True)  # subclassing customises it
class MarkdownRenderer(TextRenderer):
    """The Markdown visitor (see the module docstring)."""

    def __init__(self, options: MarkdownOptions = DEFAULT_MARKDOWN_OPTIONS) -> None:
        super().__init__()
        self.md = options
        # Interwiki URL tables, first match wins: the options' own table when the caller set
        # one, else the wiki's (``wikt:`` is de.wiktionary on dewiki), then the English default.
        wiki_urls: Mapping[str, str] = (options.config or DEFAULT_CONFIG).interwiki_urls
        self.interwiki_tables: tuple[Mapping[str, str], Mapping[str, str]]
        if options.interwiki != INTERWIKI_URLS:
            self.interwiki_tables = (options.interwiki, wiki_urls)
        else:
            self.interwiki_tables = (wiki_urls, options.interwiki)
        self.marks: list[int] = []
        self.emphasis: list[tuple[str, bool, bool]] = []  # (tag, open unsafe, ends in punct.)
        self.marks_links: list[int] = []  # open links (their labels' start in the buffer)
        self.code = 0  # inside code blocks: text verbatim
        self.html_mode = 0  # inside a table written as HTML
        self.plain = 0  # inside an image title: text without markup
        self.footnotes: dict[int, str] = {}
        self.ref_open: list[int] = []
        self.table_modes: list[str] = []
        self.use_template_handlers(options, "markdown")

    # -- output plumbing --------------------------------------------------------------------

    def flush(self) -> None:
        self.pre_tail = None  # a block between: no pre continues the last one
        ctx = self.ctx
        if ctx.buf:
            text = _finish_inline(self.resolve_emphasis("".join(ctx.buf))).strip(_BR + " ")
            ctx.buf.clear()
            if text:
                if ctx.kind == "page":  # line breaks are real only at the top level
                    text = text.replace(_BR, _HARD)
                ctx.blocks.append(_escape_line_starts(text))

    def pop(self) -> str:
        """Close a nested context (item, cell, heading, footnote): its text on one line."""
        ctx = self.stack.pop()
        self.ctx = self.stack[-1]
        last = _finish_inline(self.resolve_emphasis("".join(ctx.buf))).strip(_BR + " ")
        parts = [*ctx.blocks, last]
        text = " ".join(p.replace("\n", " ") for p in parts if p).strip(_BR + " ")
        return text.replace(_BR, "<br>" if ctx.kind == "cell" else " ")

    def children_of(self, node: Node) -> list[Node]:
        cls = type(node)
        if cls is FileLink:
            cap = interpret_file_options(node, self.md.config)["caption"]  # type: ignore[arg-type]
            return [cap] if cap is not None else []
        if cls is ExtensionTag and node.name == "gallery":  # type: ignore[attr-defined]
            return gallery_nodes(node, self.md.config)  # type: ignore[arg-type]
        return super().children_of(node)

    def literal(self, text: str) -> str:
        return self.escape(text)

    def escape(self, text: str) -> str:
        if self.code or self.plain:
            return text
        if self.html_mode:
            return escape_text(text)
        return md_escape(text)

    def render_document(self, doc: Node) -> str:
        return self.render_parts(iter((doc,)), doc.end - doc.start)

    def render_parts(self, docs: Iterator[Node], size: int) -> str:
        """Markdown of a page given as consecutive parts (see ``TextRenderer.render_parts``)."""
        self.expansion_budget = 1_000_000 + 4 * size
        self.walk_parts(docs)
        self.flush()
        blocks = self.ctx.blocks
        if self.footnotes:
            blocks.append(
                "\n".join(f"[^{n}]: {text}" for n, text in sorted(self.footnotes.items()))
            )
        return "\n\n".join(blocks) + ("\n" if blocks else "")

    # -- leaves -----------------------------------------------------------------------------

    def enter_Text(self, node: Text) -> bool:
        value = node.value
        if "\n" in value and not self.keep_newlines:
            value = value.replace("\n", " ")
        elif self.keep_newlines and not self.code and "\n" in value:
            self.ctx.buf.append(self.escape(value).replace("\n", _BR))
            return False
        self.ctx.buf.append(self.escape(value))
        return False

    def enter_Entity(self, node: Any) -> bool:
        self.ctx.buf.append(self.escape(node.char))
        return False

    def enter_MagicLink(self, node: MagicLink) -> bool:
        label = self.escape(node.raw)
        ident = node.identifier
        if node.kind == "ISBN":
            special = (self.md.config or DEFAULT_CONFIG).special_page("BookSources")
            url = self.md.article_path.replace("$1", f"{special}/{ident}")
        elif node.kind == "RFC":
            url = f"https://datatracker.ietf.org/doc/html/rfc{ident}"
        else:
            url = f"https://pubmed.ncbi.nlm.nih.gov/{ident}/"
        self.ctx.buf.append(self.link(label, url))
        return False

    def link(self, label: str, url: str) -> str:
        """A link in the current mode (Markdown, HTML inside an HTML table, bare label).

        Inside another link's label only the label is kept: Markdown does not nest links.
        """
        if self.plain or self.code or len(self.marks_links) > 0:
            return label
        if self.html_mode:
            return f'<a href="{escape_attr(url)}">{label}</a>'
        return f"[{label}]({_url_target(url)})"

    def enter_Redirect(self, node: Redirect) -> bool:
        """As MediaWiki shows a redirect page: ``Redirect to:`` and a link to the target."""
        self.flush()
        config = self.md.config
        self.ctx.blocks.append(config.message("redirectto", "Redirect to:") if config else "Redirect to:")
        target = node.target
        url = self.md.article_path.replace("$1", title_to_url(target))
        self.ctx.blocks.append("- " + self.link(self.escape(target), url))
        return False

    def enter_MagicVariable(self, node: MagicVariable) -> bool:
        var = node.variable
        self.ctx.buf.append(self.escape("|") if var == "!" else "=" if var == "=" else _GAP)
        return False

    def enter_HorizontalRule(self, node: Node) -> bool:
        self.block("---")
        return False

    def enter_HtmlTag(self, node: HtmlTag) -> bool:
        name = node.name
        if name == "br":
            self.ctx.buf.append("\n" if self.code else _BR)
            return False
        if name in _INLINE_HTML or (self.html_mode and name in _HTML_BLOCK_TAGS):
            # Inside an HTML table the wikitext's own block tags stay tags too.
            if not (self.code or self.plain or node.self_closing):
                self.ctx.buf.append(f"</{name}>" if node.closing else f"<{name}{_safe_attrs(node)}>")
            return False
        return super().enter_HtmlTag(node)

    # -- emphasis ---------------------------------------------------------------------------

    def enter_Formatting(self, node: Formatting) -> None:
        self.marks.append(len(self.ctx.buf))

    def leave_Formatting(self, node: Formatting) -> None:
        mark = self.marks.pop()
        buf = self.ctx.buf
        if mark > len(buf) or self.code or self.plain:
            return
        inner = "".join(buf[mark:])
        del buf[mark:]
        core = inner.strip(_EDGE)  # dropped markup at the edges counts as space here
        if not core:
            buf.append(inner)
            return
        lead = inner[: len(inner) - len(inner.lstrip(_EDGE))]
        trail = inner[len(inner.rstrip(_EDGE)) :]
        tag = "b" if isinstance(node, Bold) else "i"
        if self.html_mode:
            buf.append(f"{lead}<{tag}>{core}</{tag}>{trail}")
            return
        # Markdown's flanking rules refuse ``*`` between punctuation and a letter
        # (``a*"b"*``, ``*[GQ](/wiki/GQ)*s``).  Which side is safe is known only once the
        # characters around the run are, so the delimiters are placeholders until the
        # block is finished (:meth:`resolve_emphasis`); unsafe runs become inline HTML.
        core_text = core.strip(_GAP)
        before = lead or (buf[-1][-1:] if buf else "")
        self.emphasis.append(
            (tag, bool(before) and before.isalnum() and not core_text[:1].isalnum(),
             not core_text[-1:].isalnum())
        )
        n = len(self.emphasis) - 1
        buf.append(f"{lead}\x0e{n}\x0e{core}\x0f{n}\x0f{trail}")

    def resolve_emphasis(self, text: str) -> str:
        """Turn the emphasis placeholders of a finished block into ``*``/``**`` or HTML."""
        if "\x0e" not in text:
            return text
        html_runs: set[int] = set()
        for m in _EMPH_CLOSE.finditer(text):
            n = int(m.group(1))
            _, open_unsafe, ends_in_punct = self.emphasis[n]
            if open_unsafe or (ends_in_punct and m.group(2).isalnum()):
                html_runs.add(n)

        def replace(m: re.Match[str]) -> str:
            n = int(m.group(2))
            tag = self.emphasis[n][0]
            closing = m.group(1) == "\x0f"
            if n in html_runs:
                return f"</{tag}>" if closing else f"<{tag}>"
            return "**" if tag == "b" else "*"

        return _EMPH_ANY.sub(replace, text)

    # -- blocks -----------------------------------------------------------------------------

    def leave_Heading(self, node: Heading) -> None:
        title = self.pop()
        if title.endswith("#"):
            title = title[:-1] + "\\#"
        level = min(max(node.level, 1), 6)
        self.block("#" * level + " " + title if title else "")

    def enter_Preformatted(self, node: Preformatted) -> None:
        if self.inline_pre(node):
            return
        self.pre_carry.append(self.pre_continued())
        self.flush()
        self.keep_newlines += 1
        self.code += 1

    def leave_Preformatted(self, node: Preformatted) -> None:
        if self.inline_pre(node, leaving=True):
            return
        self.keep_newlines -= 1
        self.code -= 1
        raw = self.pre_carry.pop() + "".join(self.ctx.buf).replace(_GAP, "")
        self.ctx.buf.clear()
        blocks = len(self.ctx.blocks)
        self.code_fence(raw, "")
        self.note_pre(raw, blocks)

    def code_fence(self, raw: str, lang: str) -> None:
        raw = raw.replace(_GAP, "").replace(_BR, "")
        lines = [ln.rstrip() for ln in raw.split("\n")]
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        if not lines:
            return
        if self.html_mode or self.ctx.kind != "page":
            self.ctx.buf.append(self.escape(" ".join(lines)))
            return
        body = "\n".join(lines)
        fence = _fence(body)
        self.ctx.blocks.append(f"{fence}{lang}\n{body}\n{fence}")

    # -- lists ------------------------------------------------------------------------------

    def leave_List(self, node: List) -> None:
        if self.in_inline_list():
            super().leave_List(node)
            return
        entries = self.lists.pop()
        layouts = layout_items([item for item, _ in entries])
        if self.html_mode:
            self.ctx.buf.append(_html_list([t for _, t in entries], layouts))
            return
        lines: list[str] = []
        # One entry per open nesting level: (list family, continuation indent of its item).
        container: list[tuple[str, str]] = []
        blank_after = False
        for (_, text), lay in zip(entries, layouts, strict=True):
            d = lay.depth
            want = [_FAMILY[k] for k in lay.parents]
            keep = 0
            while keep < min(len(container), d) and container[keep][0] == want[keep]:
                keep += 1
            del container[keep:]
            prefix = "".join(c for _, c in container)
            # Levels with no open item (``**x`` after a paragraph, ``:*`` after ``*``) get an
            # item of their own on the same line, as MediaWiki opens them: ``- - x``.
            stacked = ""
            for kind in lay.parents[keep:]:
                marker, cont = _MARKERS.get(kind, ("", ""))
                stacked += marker
                container.append((_FAMILY[kind], cont))
            text = _escape_line_starts(text)
            if lay.kind == "ol":
                own = f"{lay.number}. "
                cont = " " * len(own)
            else:
                own, cont = _MARKERS[lay.kind]
                if lay.kind == "dt":
                    text = f"**{text}**" if text else ""
            container.append((_FAMILY[lay.kind], cont))
            if not text:
                if lay.kind in ("dd", "dt"):
                    continue  # an empty bullet is still a list item; an empty definition is not
                text = "<!-- -->"  # a bare "-" under a line would make it a setext heading
            if blank_after:
                lines.append(prefix.rstrip() if prefix.strip(" ") else "")
            lines.append(f"{prefix}{stacked}{own}{text}")
            blank_after = lay.kind in ("dd", "dt")
        self.block("\n".join(lines))

    # -- tables -----------------------------------------------------------------------------

    def enter_Table(self, node: Table) -> bool:
        mode = self.md.tables
        self.ctx.buf.append(_GAP)
        if mode == "drop":
            return False
        if len(self.tables) >= _MAX_TABLE_DEPTH:
            # Each nesting level re-reads its cells' text, so a table 100,000 levels deep
            # would cost quadratic time: past this depth, inner tables become their text.
            flattener = TextRenderer(TextOptions(tables=True))
            flattener.max_table_depth = 0  # every table's cells as words, in one pass
            flat = flattener.render_document(node)
            self.ctx.buf.append(self.escape(" ".join(flat.split())))
            self.table_modes.append("flat")
            self.tables.append([])
            return False
        if not self.html_mode:
            self.flush()
            if mode == "html" or self.ctx.kind != "page" or not _fits_pipe_table(node):
                mode = "html"
            else:
                mode = "pipe"
        else:
            mode = "html"
        if mode == "html":
            self.html_mode += 1
        self.table_modes.append(mode)
        self.tables.append([])
        return True

    def leave_Table(self, node: Table) -> None:
        if self.md.tables == "drop":
            return
        mode = self.table_modes.pop()
        rows = self.tables.pop()
        if mode == "flat":
            return
        if mode == "html":
            self.html_mode -= 1
            body = " ".join(
                cells[0][1:] if _is_caption(cells) else f"<tr>{' '.join(cells)}</tr>"
                for cells in rows
                if cells
            )
            out = f"<table>{body}</table>"
            if self.html_mode:
                self.ctx.buf.append(out)
            else:
                self.block(out)
            return
        self.block(_pipe_table(rows))

    def enter_TableRow(self, node: TableRow) -> None:
        if self.tables:
            self.tables[-1].append([])

    def leave_TableCell(self, node: TableCell) -> None:
        text = self.pop()
        if not (self.tables and self.tables[-1]):
            return
        if self.table_modes and self.table_modes[-1] == "html":
            tag = "th" if node.header else "td"
            attrs_ = node.attributes
            span = "".join(
                f' {k}="{escape_attr(v.strip())}"'
                for k, v in attrs_.items()
                if k in ("rowspan", "colspan") and v.strip().isdigit()
            )
            text = f"<{tag}{span}>{text}</{tag}>"
        elif node.header:
            text = "\x03" + text  # remembered as a header cell for the pipe table
        self.tables[-1][-1].append(text)

    def leave_TableCaption(self, node: TableCaption) -> None:
        text = self.pop()
        if not self.tables:
            return
        if self.table_modes and self.table_modes[-1] == "html":
            self.tables[-1].append([f"\x04<caption>{text}</caption>"])
        elif text:
            self.block(text)

    # -- links ------------------------------------------------------------------------------

    def _article_url(self, node: Wikilink) -> str:
        target = str(node.target)
        if "&" in target:
            target = html.unescape(target)
        target = target.strip().lstrip(":").strip()
        page, _, fragment = target.partition("#")
        config = self.md.config or DEFAULT_CONFIG  # its $wgFragmentMode makes the #fragment
        prefix = node.interwiki.lower()
        if prefix and ":" in page:
            pattern = self.interwiki_tables[0].get(prefix) or self.interwiki_tables[1].get(prefix)
            if pattern is not None:
                rest = page.split(":", 1)[1].strip()
                url = pattern.replace("$1", title_to_url(rest))
                if fragment.strip():
                    url += "#" + fragment_href(fragment.strip(), config.interwiki_fragment_mode)
                return url
            # No URL for the prefix: a page of this wiki, as MediaWiki links a prefix missing
            # from its interwiki table (``Google:foo``).
            title = normalize_title(page, config=config, interwiki=False)
        else:
            title = node.normalized_title
        url = self.md.article_path.replace("$1", title_to_url(title)) if page.strip() else ""
        if fragment.strip():
            mode = config.fragment_mode[0] if config.fragment_mode else "html5"
            url += "#" + fragment_href(fragment.strip(), mode)
        return url

    def enter_Wikilink(self, node: Wikilink) -> None:
        self.marks_links.append(len(self.ctx.buf))

    def leave_Wikilink(self, node: Wikilink) -> None:
        mark = self.marks_links.pop()
        buf = self.ctx.buf
        if mark > len(buf):
            return
        label = "".join(buf[mark:])
        del buf[mark:]
        if node.text is None:
            label = self.escape(target_label(node))
        if node.prefix:
            label = self.escape(node.prefix) + label
        if node.trail:
            label += self.escape(node.trail)
        url = self._article_url(node)
        # A label made only of an unexpanded template still links, as in the HTML.
        buf.append(self.link(label, url) if url else label)

    def enter_ExternalLink(self, node: ExternalLink) -> None:
        self.marks_links.append(len(self.ctx.buf))
        if node.brackets and node.text is None:
            self.autolink_count += 1
            self.ctx.buf.append(self.escape(f"[{self.autolink_count}]"))

    def leave_ExternalLink(self, node: ExternalLink) -> None:
        mark = self.marks_links.pop()
        buf = self.ctx.buf
        if mark > len(buf):
            return
        label = "".join(buf[mark:])
        del buf[mark:]
        url = html.unescape(str(node.url)).strip()
        nested = self.plain or self.code or self.html_mode or self.marks_links
        if not nested and not node.brackets and _AUTOLINK.fullmatch(url):
            buf.append(f"<{url}>")
        else:
            buf.append(self.link(label, url))

    def enter_FileLink(self, node: FileLink) -> bool:
        self.push("caption")
        self.plain += 1
        return True

    def leave_FileLink(self, node: FileLink) -> None:
        self.plain -= 1
        caption = self.pop()
        info = interpret_file_options(node, self.md.config)
        alt = info["alt"]
        alt = html.unescape(_strip_markup(alt)).strip() if alt else caption or node.filename
        url = self.md.file_path.replace("$1", title_to_url(node.filename))
        if self.plain or self.code:
            return
        if self.html_mode:
            title = f' title="{escape_attr(caption)}"' if caption else ""
            self.ctx.buf.append(f'<img src="{escape_attr(url)}" alt="{escape_attr(alt)}"{title}>')
            return
        title = ' "' + caption.replace("\\", "\\\\").replace('"', '\\"') + '"' if caption else ""
        self.ctx.buf.append(f"![{md_escape(alt)}]({_url_target(url)}{title})")

    # -- extension tags ---------------------------------------------------------------------

    def enter_ExtensionTag(self, node: ExtensionTag) -> bool:
        name = node.name
        buf = self.ctx.buf
        if name == "ref":
            self.ref_open.append(0)
            if not self.md.refs:
                buf.append(_GAP)
                return False
            n = self.ref_number(node)
            if self.html_mode:
                buf.append(f'<sup class="footnote-ref">[{n}]</sup>')
            elif self.plain or self.code:
                buf.append(f"[{n}]")
            else:
                buf.append(f"[^{n}]")
            if node.contents is None or self.footnotes.get(n) or not node.contents.nodes:
                # A named ref reused; a body given only at a later use still fills the note.
                self.footnotes.setdefault(n, "")
                return False
            self.ref_open[-1] = n
            self.push("footnote")
            return True
        if name == "nowiki":
            buf.append(self.escape(html.unescape(node.body or "")))
            return False
        if name in ("math", "chem", "ce"):
            tex = (node.body or "").strip()
            if not self.md.math or not tex:
                buf.append(_GAP)
            elif self.html_mode or self.plain or self.code:
                buf.append(self.escape(tex))
            elif node.attributes.get("display", "").strip() == "block" and self.ctx.kind == "page":
                self.flush()
                self.ctx.blocks.append(f"$$\n{tex}\n$$")
            else:
                buf.append(f"${tex}$")
            return False
        if name == "gallery":
            return True  # children_of gives its images and captions as a list
        if name in ("pre", "syntaxhighlight", "source"):
            self.flush()
            body = node.body or ""
            if name == "pre":
                body = html.unescape(body)
            lang = re.sub(r"[^\w+#.-]", "", node.attributes.get("lang", "")) if name != "pre" else ""
            self.code_fence(body, lang)
            return False
        return super().enter_ExtensionTag(node)

    def leave_ExtensionTag(self, node: ExtensionTag) -> None:
        if node.name == "ref":
            n = self.ref_open.pop() if self.ref_open else 0
            if n:
                self.footnotes[n] = self.pop()
            return
        super().leave_ExtensionTag(node)


_HTML_BLOCK_TAGS = frozenset("ul ol li dl dt dd p div blockquote center".split())


def _safe_attrs(node: HtmlTag) -> str:
    """The only attribute worth keeping on a passed-through tag: an ordered list's start."""
    start = node.attributes.get("start", "").strip() if node.name == "ol" else ""
    return f' start="{start}"' if start.isdigit() else ""


_FAMILY = {"ul": "ul", "ol": "ol", "dt": "dl", "dd": "dl"}
#: Marker and continuation indent per item kind (ordered items get their number instead).
_MARKERS = {"ul": ("- ", "  "), "ol": ("1. ", "   "), "dd": ("> ", "> "), "dt": ("", "")}
_LIST_TAGS = {"ul": ("ul", "li"), "ol": ("ol", "li"), "dt": ("dl", "dt"), "dd": ("dl", "dd")}


def _html_list(texts: list[str], layouts: list[ItemLayout]) -> str:
    """Nested HTML lists for list items inside an HTML table (same nesting as MediaWiki)."""
    out: list[str] = []
    stack: list[tuple[str, str]] = []  # open (list tag, item tag), each with an open item
    for text, lay in zip(texts, layouts, strict=True):
        want = [_LIST_TAGS[k][0] for k in lay.parents] + [_LIST_TAGS[lay.kind][0]]
        keep = 0
        while keep < min(len(stack), len(want)) and stack[keep][0] == want[keep]:
            keep += 1
        if keep == len(want):
            keep -= 1  # same list as the previous item: close that item only
        while len(stack) > keep + 1:
            tag, item = stack.pop()
            out.append(f"</{item}></{tag}>")
        if len(stack) == keep + 1:
            if stack[-1][0] == want[keep]:
                out.append(f"</{stack[-1][1]}>")
                stack.pop()
                stack.append((want[keep], _LIST_TAGS[lay.kind][1]))
                out.append(f"<{stack[-1][1]}>{text}")
                continue
            tag, item = stack.pop()
            out.append(f"</{item}></{tag}>")
        for depth in range(len(stack), len(want)):
            last = depth == len(want) - 1
            kind = lay.kind if last else lay.parents[depth]
            tag, item = _LIST_TAGS[kind]
            out.append(f"<{tag}><{item}>" + (text if last else ""))
            stack.append((tag, item))
    while stack:
        tag, item = stack.pop()
        out.append(f"</{item}></{tag}>")
    return "".join(out)


def _is_caption(cells: list[str]) -> bool:
    return len(cells) == 1 and cells[0].startswith("\x04")


def _strip_markup(text: str) -> str:
    return re.sub(r"\[\[(?:[^|\]]*\|)?|\]\]|'{2,}|\{\{[^{}]*\}\}|<[^<>]*>", "", text)


def _fits_pipe_table(table: Table) -> bool:
    """Whether a GFM pipe table can hold ``table``: no spans, no nested tables, no block
    content in a cell (one scan of the table's subtree)."""
    inline_starts: set[int] = set()  # content opening a cell: inline text, not a block
    for node in walk(table):
        if node is table or id(node) in inline_starts:
            continue
        if isinstance(node, TableCell | TableCaption) and node.content.nodes:
            inline_starts.add(id(node.content.nodes[0]))
        if isinstance(node, TableCell):
            if node.attrs and _SPAN_ATTR.search(node.attrs):
                return False
            paragraphs = sum(1 for c in node.content.nodes if isinstance(c, Paragraph))
            if paragraphs > 1:
                return False
        elif isinstance(node, _BLOCKY) or (
            isinstance(node, ExtensionTag) and node.name in _BLOCK_EXTENSIONS
        ):
            return False
    return True


def _pipe_table(rows: list[list[str]]) -> str:
    """Rows of cell texts (header cells marked) as a GFM pipe table."""
    rows = [r for r in rows if r]
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    first = rows[0]
    if all(c.startswith("\x03") for c in first):
        header, body = first, rows[1:]
    else:
        header, body = [""] * width, rows

    def line(cells: list[str]) -> str:
        cells = [c.lstrip("\x03") or " " for c in cells] + [" "] * (width - len(cells))
        return "| " + " | ".join(cells) + " |"

    return "\n".join([line(header), "|" + "---|" * width, *(line(r) for r in body)])


def to_markdown(
    doc_or_text: Document | str,
    options: MarkdownOptions | None = None,
    *,
    wiki: Any = None,
    title: str | None = None,
    **overrides: Any,
) -> str:
    """GitHub-flavoured Markdown of a page (a :class:`Document`, or wikitext to parse first).

    With ``wiki`` (a :class:`wikiparse.Wiki`), wikitext is expanded first as the page ``title``.

    ``options`` is a :class:`MarkdownOptions`; keyword ``overrides`` replace some of its
    fields, e.g. ``to_markdown(doc, tables="html")``.  Never raises on a ``str``.
    """
    opts = options or DEFAULT_MARKDOWN_OPTIONS
    if overrides:
        opts = attrs.evolve(opts, **overrides)
    skimmed = frozenset() if opts.refs else SKIMMED_TAGS  # footnotes need the bodies
    renderer = MarkdownRenderer(opts)
    return render_page(
        doc_or_text,
        renderer.render_document,
        config=opts.config,
        skim_tags=skimmed,
        wiki=wiki,
        title=title,
        render_parts=renderer.render_parts,
    )
