"""The :class:`Wiki`: pages to transclude from, the page context and the limits.

A wiki is a page store (a dict, a folder of files, or a SQLite file built from a dump) plus
what MediaWiki knows about the site (``<siteinfo>``: name, server, namespaces), a clock and
the parser limits.  Nothing ever goes to the network.
"""

from __future__ import annotations

import datetime
import os
import re
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from .._mw import PHP_WHITESPACE
from .._parse.preprocessor_syntax import TRANSCLUSION_TAGS
from ..config import DEFAULT_CONFIG, EXTENSION_TAGS, ParserConfig
from ..nodes import Document
from ._expander import Expander, HeadingMark, Limits
from ._names import Title, make_title
from ._preprocessor import Node, preprocess
from ._sources import Segment, SourceMap
from ._store import DictStore, FolderStore, PageStore, SqliteStore

__all__ = ["ExpandResult", "SiteInfo", "Wiki"]


@attrs.define(frozen=True, slots=True)
class SiteInfo:
    """What ``{{SITENAME}}``, ``{{SERVER}}``, ``{{fullurl:}}`` and friends answer."""

    sitename: str = "Wikipedia"
    server: str = "https://en.wikipedia.org"
    script_path: str = "/w"
    article_path: str = "/wiki/$1"
    language: str = "en"
    version: str = "1.39.0"

    @staticmethod
    def from_siteinfo(info: Mapping[str, Any], config: ParserConfig) -> SiteInfo:
        """A dump's site facts (see :func:`_site_from_siteinfo`)."""
        return _site_from_siteinfo(info, config)


def _site_from_siteinfo(info: Mapping[str, Any], config: ParserConfig) -> SiteInfo:
    """Server and article path from ``<base>`` (the main page's URL), name from
    ``<sitename>``, language from ``<dbname>`` (``bgwiki`` is ``bg``)."""
    base = str(info.get("base") or "")
    m = re.match(r"((?:https?:)?//[^/]+)(/.*/)?[^/]*$", base)
    server = m.group(1) if m else "https://en.wikipedia.org"
    path = (m.group(2) or "/wiki/") if m else "/wiki/"
    dbname = str(info.get("dbname") or "")
    return SiteInfo(
        sitename=str(info.get("sitename") or config.site_name or "Wikipedia"),
        server=server,
        script_path="/w" if path == "/wiki/" else path.rstrip("/"),
        article_path=path + "$1",
        language=config.language
        if config.wiki_id
        else dbname[:-4].replace("_", "-")
        if dbname.endswith("wiki") and len(dbname) > 4
        else "en",
    )


@attrs.define(slots=True)
class ExpandResult:
    """Expanded text with what expansion learnt about the page."""

    text: str
    diagnostics: list[Any]
    categories: list[str]
    display_title: str | None
    default_sort: str | None
    limits: dict[str, tuple[int, int]]
    #: How many ``{{#invoke:}}`` calls the page made (Lua modules it needs).
    lua_calls: int = 0
    #: When expanded for rendering: where the headings MediaWiki's preprocessor found came
    #: from (their edit sections), in text order; see :class:`HeadingMark`.
    headings: list[HeadingMark] = attrs.Factory(list)


_PARSER_TEST_CLOCK = datetime.datetime(1970, 1, 1, 0, 2, 3, tzinfo=datetime.UTC)


class Wiki:
    """A wiki to expand templates from (see the module docstring).

    ``pages`` maps full titles (``"Template:Hello"``) to wikitext; ``store`` is any
    :class:`PageStore` instead.  ``clock`` is the page's time (``{{CURRENTYEAR}}``, ``#time``);
    ``string_functions`` is ParserFunctions' ``$wgPFEnableStringFunctions``.
    """

    def __init__(
        self,
        pages: Mapping[str, str] | None = None,
        *,
        store: PageStore | None = None,
        config: ParserConfig | None = None,
        site: SiteInfo | None = None,
        clock: datetime.datetime | None = None,
        limits: Limits | None = None,
        string_functions: bool = True,
        local_timezone: datetime.tzinfo | None = None,
        file_exists: Callable[[str], bool] | None = None,
    ) -> None:
        self.config: ParserConfig = config or DEFAULT_CONFIG
        if store is None:
            store = DictStore(pages or {}, self.config)
        self.store: PageStore = store
        self.site: SiteInfo = site or SiteInfo(
            sitename=self.config.site_name or "Wikipedia", language=self.config.language
        )
        self.clock: datetime.datetime = clock or datetime.datetime.now(datetime.UTC).replace(
            microsecond=0
        )
        if self.clock.tzinfo is None:
            self.clock = self.clock.replace(tzinfo=datetime.UTC)
        self.local_timezone: datetime.tzinfo = local_timezone or datetime.UTC
        self.limits: Limits = limits or Limits()
        self.string_functions: bool = string_functions
        self.ext_tags: tuple[str, ...] = tuple(
            sorted(self.config.extension_tags - TRANSCLUSION_TAGS)
        )
        self.missing: set[str] = set()
        self._file_exists = file_exists
        #: Preprocessed template bodies shared across pages (least recently used dropped).
        self.dom_cache_size = 5000
        self._dom_cache: OrderedDict[str, tuple[list[Node], Title] | None] = OrderedDict()

    def __getstate__(self) -> dict[str, Any]:
        # worker processes get the wiki without its caches
        state = dict(self.__dict__)
        state["_dom_cache"] = OrderedDict()
        state["missing"] = set()
        return state

    # -- construction ---------------------------------------------------------------------

    @classmethod
    def from_dump(
        cls,
        path: str | os.PathLike[str],
        *,
        cache: str | os.PathLike[str] | None = None,
        all_namespaces: bool = False,
        **options: Any,
    ) -> Wiki:
        """A wiki backed by a SQLite file built from an XML dump in one streaming pass.

        The file (``cache``, default ``<dump>.wikiparse.sqlite`` beside the dump) is reused
        while the dump's path, size and modification time are unchanged.  Template, Module and
        MediaWiki pages (every page with ``all_namespaces``) are stored; every title is kept so
        that ``#ifexist`` and red links are right offline.
        """
        store = SqliteStore.for_dump(
            Path(path), cache=Path(cache) if cache else None, all_namespaces=all_namespaces
        )
        config = store.config()
        options.setdefault("clock", store.dump_time())
        if "site" not in options:
            options["site"] = SiteInfo.from_siteinfo(store.siteinfo(), config)
        return cls(store=store, config=config, **options)

    @classmethod
    def from_folder(cls, folder: str | os.PathLike[str], **options: Any) -> Wiki:
        """Pages as files: ``Template:Hello.wiki`` (``/`` in titles as ``%2F``)."""
        config = options.get("config") or DEFAULT_CONFIG
        return cls(store=FolderStore(Path(folder), config), **options)

    @classmethod
    def for_parser_tests(
        cls,
        pages: Mapping[str, str],
        config: ParserConfig | None = None,
        files: frozenset[str] = frozenset(),
    ) -> Wiki:
        """The environment of MediaWiki's parser tests (clock 1970-01-01 00:02:03 UTC)."""
        return cls(
            pages,
            config=config,
            clock=_PARSER_TEST_CLOCK,
            site=SiteInfo(
                sitename="MediaWiki",
                server="http://example.org",
                script_path="",
                article_path="/wiki/$1",
                language=(config or DEFAULT_CONFIG).language,
            ),
            file_exists=lambda name: name.replace(" ", "_") in files,
        )

    # -- pages ----------------------------------------------------------------------------

    def fetch(self, title: Title) -> tuple[str, Title] | None:
        """A page's text and real title (up to two redirects followed), or None."""
        current = title
        for _ in range(3):
            text = self.store.get(current.prefixed)
            if text is None:
                return None
            target = self._redirect_target(text)
            if target is None:
                return text, current
            nxt = make_title(target, self.config, 0)
            if nxt is None:
                return text, current
            current = nxt
        return None

    def template_dom(self, title: Title) -> tuple[list[Node], Title] | None:
        """A page's preprocessor tree for inclusion and its real title (redirects followed),
        shared by every page this wiki expands (trees are never changed once built)."""
        key = title.prefixed
        cache = self._dom_cache
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
        got = self.fetch(title)
        result: tuple[list[Node], Title] | None = None
        if got is not None:
            text, real = got
            result = (preprocess(text, for_inclusion=True, ext_tags=self.ext_tags), real)
        cache[key] = result
        if len(cache) > self.dom_cache_size:
            cache.popitem(last=False)
        return result

    def _redirect_target(self, text: str) -> str | None:
        head = text.lstrip(PHP_WHITESPACE)[:300]
        for word in self.config.redirect_words:
            if head[: len(word)].upper() == word.upper():
                m = _REDIRECT.match(head, len(word))
                if m:
                    return m.group(1)
        return None

    def exists(self, title: str) -> bool:
        parsed = make_title(title, self.config, 0)
        return parsed is not None and self.store.exists(parsed.prefixed)

    def file_exists(self, name: str) -> bool:
        """Whether the file ``name`` (no namespace) exists, its description page's redirects
        followed: the ``file_exists`` callable given, else whether the File: page exists."""
        final = make_title(name, self.config, 6)
        for _ in range(3):  # the description page's redirects, to wherever they lead
            text = self.store.get(final.prefixed) if final is not None else None
            target = self._redirect_target(text) if text is not None else None
            if target is None:
                break
            final = make_title(target, self.config, 0)
        if final is None or final.namespace != 6:
            return False
        if self._file_exists is not None:
            return self._file_exists(final.text)
        return self.store.exists(final.prefixed)

    def note_missing(self, title: str) -> None:
        if len(self.missing) < 10000:
            self.missing.add(title)

    # -- expansion ------------------------------------------------------------------------

    def expander(self, title: str, *, for_rendering: bool = False) -> Expander:
        return Expander(self, title, for_rendering=for_rendering)

    def expand(self, text: str, title: str = "Main Page") -> str:
        """The text as Special:ExpandTemplates shows it (comments removed).  Never raises."""
        return self.expand_full(text, title).text

    def expand_full(
        self, text: str, title: str = "Main Page", *, for_rendering: bool = False
    ) -> ExpandResult:
        """Expansion with diagnostics, categories, display title and the limit report."""
        exp = self.expander(title, for_rendering=for_rendering)
        try:
            out = exp.expand_text(text)
        except RecursionError:
            exp.warn("expansion-depth-exceeded", "Expansion depth limit exceeded")
            out = '<span class="error">Expansion depth limit exceeded</span>'
        except Exception as err:  # a bug in wikiparse: the page comes back unexpanded
            exp.warn("internal-error", f"bug in wikiparse's expander: {err!r}")
            out = text
        out = exp.unstrip(exp.prepare(out) if for_rendering else out)
        out, headings = exp.take_heading_marks(out)
        lim = exp.limits
        return ExpandResult(
            out,
            exp.diagnostics,
            exp.categories,
            exp.display_title,
            exp.default_sort,
            {
                "ppvisitednodes": (exp.node_count, lim.max_node_count),
                "postexpandincludesize": (exp.include_size, lim.max_include_size),
                "templateargumentsize": (exp.arg_size, lim.max_arg_size),
                "expansiondepth": (exp.highest_depth, lim.max_expand_depth),
                "expensivefunctioncount": (exp.expensive_count, lim.max_expensive),
            },
            exp.lua_calls,
            headings,
        )

    def expand_for_rendering(self, text: str, title: str = "Main Page") -> str:
        """Expanded text ready for the parser: extension-tag bodies that are wikitext
        (``<ref>``) expanded in their frame.  Parse it with ``braces=False`` (as
        :meth:`parse` and the renderers' ``wiki=`` do): braces left by expansion are text."""
        return self.expand_full(text, title, for_rendering=True).text

    def parse(self, text: str, title: str = "Main Page", *, config: ParserConfig | None = None) -> Document:
        """The expanded page as a Document (its spans index the expanded text), parsed with
        braces off and ``config`` (by default the wiki's own)."""
        from .._parse import parse

        result = self.expand_full(text, title, for_rendering=True)
        doc = parse(result.text, config=config or self.config, braces=False)
        doc.diagnostics.extend(result.diagnostics)
        return doc

    def parse_with_sources(self, text: str, title: str = "Main Page") -> tuple[Document, SourceMap]:
        """The expanded page as a Document, and the map from its spans back to ``text``:
        ``sources.source_span(node.start, node.end)`` is the source a node came from (the text
        itself, or the whole template call that produced it)."""
        from .._parse import parse

        exp = self.expander(title, for_rendering=True)
        segments: list[Segment] = []
        chunks: list[str] = []
        at = 0
        try:
            pieces = exp.expand_pieces(text)
        except Exception:  # depth exhausted, or a bug: the page comes back as one piece
            pieces = [
                ('<span class="error">Expansion depth limit exceeded</span>', 0, len(text), "error")
            ]
        for piece, src_start, src_end, kind in pieces:
            done = exp.take_heading_marks(exp.unstrip(exp.prepare(piece)))[0]
            chunks.append(done)
            segments.append(Segment(at, at + len(done), src_start, src_end, kind))
            at += len(done)
        doc = parse("".join(chunks), config=self.config, braces=False)
        doc.diagnostics.extend(exp.diagnostics)
        return doc, SourceMap(segments)

    # -- the LuaHost protocol -------------------------------------------------------------

    def page_text(self, title: str) -> str | None:
        parsed = make_title(title, self.config, 0)
        if parsed is None:
            return None
        got = self.fetch(parsed)
        return got[0] if got else None

    def title_exists(self, title: str) -> bool:
        return self.exists(title)

    def current_time(self) -> float:
        return self.clock.timestamp()


_REDIRECT = re.compile(r"\s*:?\s*\[\[([^\]|\n]+)")

_ = EXTENSION_TAGS
