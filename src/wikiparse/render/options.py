"""The options of the text, Markdown and HTML renderers.

Plain attrs classes in a module of their own: the renderer modules are compiled with mypyc,
and these stay ordinary Python classes that ``attrs.evolve`` and keyword overrides work on.
Each renderer module re-exports its own options class.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Literal

import attrs

from ..config import INTERWIKI_URLS, ParserConfig
from ._templates import BUILTIN_TEMPLATES, TemplateHandler

__all__ = [
    "DEFAULT_MARKDOWN_OPTIONS",
    "DEFAULT_TEXT_OPTIONS",
    "HtmlOptions",
    "MarkdownOptions",
    "TextOptions",
]


@attrs.frozen(kw_only=True)
class TextOptions:
    """What :func:`to_text` keeps.  Pass an instance, keyword overrides, or both."""

    #: Write ``[edit | edit source]`` after each editable heading, as a rendered page shows it.
    edit_markers: bool = False
    #: The marker's inside (``"edit"`` gives ``[edit]``).
    edit_label: str = "edit | edit source"
    #: A first line with the page title, and a second paragraph (a site's tagline) after it.
    title: str | None = None
    tagline: str | None = None
    #: Keep references as ``[1]`` markers where they stand.
    refs: bool = False
    #: Keep a file's caption / alt text (as a paragraph of its own).
    file_captions: bool = False
    file_alt: bool = False
    #: Start list items with ``- `` / ``1. `` (False: indentation only).
    list_markers: bool = True
    #: Write tables as tab-separated rows instead of dropping them.
    tables: bool = False
    #: Keep ``<math>`` / ``<chem>`` bodies as TeX.
    math: bool = True
    #: The wiki's configuration, used when the input is wikitext rather than a Document.
    config: ParserConfig | None = None
    #: Meanings of common templates for pages rendered without a template store (see
    #: docs/templates-without-a-store.md): ``{{convert|5|km}}`` gives "5 kilometres (3.1 mi)"
    #: instead of a hole.  None (or ``{}``) drops every template, as without handlers.
    template_handlers: Mapping[str, TemplateHandler] | None = BUILTIN_TEMPLATES
    #: Your own handlers, by template name; consulted before ``template_handlers``.
    handlers: Mapping[str, TemplateHandler] = attrs.field(factory=dict)
    #: The date ages are computed against (``{{birth date and age}}``); today (UTC) if None.
    today: datetime.date | None = None
    #: The language variant to show ``-{zh-hans:…;zh-hant:…}-`` blocks in (``zh-tw``,
    #: ``sr-el``); None shows what MediaWiki shows without conversion (docs/wikis.md).
    variant: str | None = None


DEFAULT_TEXT_OPTIONS = TextOptions()


@attrs.frozen(kw_only=True)
class MarkdownOptions:
    """What :func:`to_markdown` writes.  Pass an instance, keyword overrides, or both."""

    #: URL of an article; ``$1`` is the title with underscores, URL-encoded.
    article_path: str = "/wiki/$1"
    #: URL of a file's image; ``$1`` is the file name.
    file_path: str = "/wiki/Special:FilePath/$1"
    #: References as footnotes (False drops them).
    refs: bool = True
    #: ``<math>`` as ``$tex$`` (False drops it).
    math: bool = True
    #: ``auto``: pipe tables, HTML when a pipe table cannot hold the table; ``html``: always
    #: HTML; ``drop``: leave tables out.
    tables: str = "auto"
    #: URL patterns of interwiki prefixes (``[[wikt:word]]``); ``$1`` is the encoded title.
    interwiki: Mapping[str, str] = attrs.field(factory=lambda: dict(INTERWIKI_URLS))
    #: The wiki's configuration, used when the input is wikitext rather than a Document.
    config: ParserConfig | None = None
    #: Meanings of common templates for pages rendered without a template store (see
    #: docs/templates-without-a-store.md): ``{{convert|5|km}}`` gives "5 kilometres (3.1 mi)"
    #: instead of a hole.  None (or ``{}``) drops every template, as without handlers.
    template_handlers: Mapping[str, TemplateHandler] | None = BUILTIN_TEMPLATES
    #: Your own handlers, by template name; consulted before ``template_handlers``.
    handlers: Mapping[str, TemplateHandler] = attrs.field(factory=dict)
    #: The date ages are computed against (``{{birth date and age}}``); today (UTC) if None.
    today: datetime.date | None = None
    #: The language variant to show ``-{zh-hans:…;zh-hant:…}-`` blocks in (``zh-tw``,
    #: ``sr-el``); None shows what MediaWiki shows without conversion (docs/wikis.md).
    variant: str | None = None


DEFAULT_MARKDOWN_OPTIONS = MarkdownOptions()


@attrs.frozen
class HtmlOptions:
    """What the HTML renderer produces.  Pass as ``to_html(..., options=HtmlOptions(...))`` or
    as keyword arguments (``to_html(text, edit_sections=False)``)."""

    #: Edit-section links after headings (also off under ``__NOEDITSECTION__``).
    edit_sections: bool = True
    #: ``(label, query)`` per edit link: ``[edit | edit source]`` by default.
    edit_links: tuple[tuple[str, str], ...] = (
        ("edit", "veaction=edit"),
        ("edit source", "action=edit"),
    )
    edit_tooltip: str = "Edit section: "
    #: URL pattern of an article; ``$1`` is the encoded title.
    article_path: str = "/wiki/$1"
    #: Entry point for edit and red links.
    script_path: str = "/index.php"
    #: Unexpanded templates, arguments and parser functions: dropped, or shown as a placeholder.
    templates: Literal["drop", "placeholder"] = "drop"
    #: Table of contents where MediaWiki shows one.
    toc: bool = True
    toc_title: str = "Contents"
    #: Wrap the page in a complete HTML document with a small stylesheet.
    standalone: bool = False
    #: Balance tags with an HTML5 parser (html5lib), as MediaWiki's tidy step does.
    tidy: bool = False
    #: Run the result through nh3 as a second sanitizer.
    nh3: bool = False
    #: Per-wiki knowledge (namespaces for link titles); the parser's default if None.
    config: ParserConfig | None = None
    #: Interwiki prefix -> URL pattern (``$1`` is the title); a small Wikimedia set if None.
    interwiki: Mapping[str, str] | None = None
    #: Heading ids and fragments in one mode only, overriding the config's
    #: ``fragment_mode``: ``"html5"`` (``Été``) or ``"legacy"`` (``.C3.89t.C3.A9``, what
    #: MediaWiki's parser tests use).  None: the config's modes (docs/wikis.md).
    fragment_mode: Literal["html5", "legacy"] | None = None
    #: Missing files labelled as MediaWiki labels them with ``$wgParserEnableLegacyMediaDOM``
    #: (MediaWiki 1.39's default): a missing thumb or frame shows ``File:Name``, another
    #: missing image its caption (never its ``alt``), a gallery the bare file name.  Off:
    #: current MediaWiki's labels (``alt`` first).  The markup is the current one either way.
    legacy_media_labels: bool = False
    #: Default width of thumbnails without an explicit size (passed to ``file_url``).
    thumb_width: int = 220
    #: Meanings of common templates for pages rendered without a template store (see
    #: docs/templates-without-a-store.md): ``{{convert|5|km}}`` gives "5 kilometres (3.1 mi)"
    #: instead of a hole.  None (or ``{}``) drops every template, as without handlers.
    template_handlers: Mapping[str, TemplateHandler] | None = BUILTIN_TEMPLATES
    #: Your own handlers, by template name; consulted before ``template_handlers``.
    handlers: Mapping[str, TemplateHandler] = attrs.field(factory=dict)
    #: The date ages are computed against (``{{birth date and age}}``); today (UTC) if None.
    today: datetime.date | None = None
    #: The language variant to show ``-{zh-hans:…;zh-hant:…}-`` blocks in (``zh-tw``,
    #: ``sr-el``); None shows what MediaWiki shows without conversion (docs/wikis.md).
    variant: str | None = None
