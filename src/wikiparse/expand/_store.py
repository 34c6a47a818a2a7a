"""Page stores: where a :class:`~wikiparse.expand.Wiki` finds the pages it transcludes.

Three kinds, one small protocol (``get`` a page's text by full title, ask whether a title
``exists``): a dict (tests, scripts), a folder of files, and a SQLite file built from an XML
dump in one streaming pass (the default for dumps: reused while the dump is unchanged, and
safe for many reader processes since SQLite readers never block each other).
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import sqlite3
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from ..config import DEFAULT_CONFIG, ParserConfig
from ._names import make_title

__all__ = ["DictStore", "FolderStore", "PageStore", "SqliteStore"]

#: Namespaces stored with their text by default: Template, Module, MediaWiki (and their data).
TEXT_NAMESPACES = frozenset({8, 10, 828})


class PageStore(Protocol):
    def get(self, title: str) -> str | None:
        """The text of the page with this normalised full title, or None."""
        ...

    def exists(self, title: str) -> bool:
        """Whether a page with this normalised full title exists."""
        ...


def _normalise(title: str, config: ParserConfig) -> str:
    parsed = make_title(title, config, 0)
    return parsed.prefixed if parsed is not None else title


class DictStore:
    """Pages in memory: ``{"Template:Hello": "Hi {{{1|there}}}"}`` (titles normalised)."""

    __slots__ = ("pages",)

    def __init__(self, pages: Mapping[str, str], config: ParserConfig = DEFAULT_CONFIG) -> None:
        self.pages = {_normalise(k, config): v for k, v in pages.items()}

    def get(self, title: str) -> str | None:
        return self.pages.get(title)

    def exists(self, title: str) -> bool:
        return title in self.pages


class FolderStore:
    """Pages as files in a folder: ``Template:Hello.wiki``, with ``/`` written as ``%2F``."""

    __slots__ = ("config", "folder", "titles")

    def __init__(self, folder: Path, config: ParserConfig = DEFAULT_CONFIG) -> None:
        self.folder = folder
        self.config = config
        self.titles = {
            _normalise(urllib.parse.unquote(p.stem), config): p for p in folder.glob("*.wiki")
        }

    def get(self, title: str) -> str | None:
        path = self.titles.get(title)
        return path.read_text(encoding="utf-8") if path is not None else None

    def exists(self, title: str) -> bool:
        return title in self.titles


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS page (
    title TEXT PRIMARY KEY,   -- normalised full title ("Template:Cite web")
    ns INTEGER NOT NULL,
    text TEXT                 -- NULL for pages stored by title only
) WITHOUT ROWID;
"""


class SqliteStore:
    """A SQLite file of a dump's pages, keyed on the dump's path, size and mtime."""

    __slots__ = ("_conn", "path")

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    @staticmethod
    def _key(dump: Path) -> str:
        st = dump.stat()
        return json.dumps([str(dump.resolve()), st.st_size, st.st_mtime_ns])

    @classmethod
    def for_dump(
        cls, dump: Path, *, cache: Path | None = None, all_namespaces: bool = False
    ) -> SqliteStore:
        """Open the store of ``dump``, building it first when missing or stale."""
        cache = cache or dump.with_name(dump.name + ".wikiparse.sqlite")
        key = cls._key(dump)
        if cache.exists():
            with contextlib.suppress(sqlite3.Error):
                conn = sqlite3.connect(f"file:{cache}?mode=ro", uri=True)
                try:
                    row = conn.execute("SELECT value FROM meta WHERE key='source'").fetchone()
                finally:
                    conn.close()
                if row and row[0] == key:
                    return cls(cache)
        cls.build(dump, cache, key=key, all_namespaces=all_namespaces)
        return cls(cache)

    @staticmethod
    def build(dump: Path, cache: Path, *, key: str, all_namespaces: bool = False) -> None:
        """One streaming pass over the dump into a fresh file, renamed into place at the end
        (readers never see a half-built store)."""
        from ..dumps import DumpReader

        tmp = cache.with_name(cache.name + f".tmp{os.getpid()}")
        if tmp.exists():
            tmp.unlink()
        conn = sqlite3.connect(tmp)
        try:
            conn.executescript(_SCHEMA)
            reader = DumpReader(str(dump))
            config = reader.config
            latest = ""
            batch: list[tuple[str, int, str | None]] = []
            for page in reader:
                title = _normalise(page.title, config)
                if page.timestamp > latest:
                    latest = page.timestamp
                keep = all_namespaces or page.namespace in TEXT_NAMESPACES
                batch.append((title, page.namespace, page.text if keep else None))
                if len(batch) >= 2000:
                    conn.executemany("INSERT OR REPLACE INTO page VALUES (?, ?, ?)", batch)
                    batch.clear()
            conn.executemany("INSERT OR REPLACE INTO page VALUES (?, ?, ?)", batch)
            meta = {
                "source": key,
                "siteinfo": json.dumps(reader.siteinfo or {}, default=str),
                "timestamp": latest,
            }
            conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(meta.items()))
            conn.commit()
        finally:
            conn.close()
        os.replace(tmp, cache)

    def __getstate__(self) -> dict[str, Any]:
        # a connection cannot cross processes: workers reopen the file
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.path = state["path"]
        self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    def get(self, title: str) -> str | None:
        row = self._conn.execute("SELECT text FROM page WHERE title=?", (title,)).fetchone()
        return row[0] if row else None

    def exists(self, title: str) -> bool:
        return (
            self._conn.execute("SELECT 1 FROM page WHERE title=?", (title,)).fetchone() is not None
        )

    def _meta(self, key: str) -> str:
        row = self._conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return str(row[0]) if row else ""

    def siteinfo(self) -> dict[str, Any]:
        """The dump's ``<siteinfo>`` essentials (sitename, base, namespaces...)."""
        info = json.loads(self._meta("siteinfo") or "{}")
        return info if isinstance(info, dict) else {}

    def config(self) -> ParserConfig:
        info: Any = json.loads(self._meta("siteinfo") or "{}")
        return ParserConfig.from_siteinfo(info) if info else DEFAULT_CONFIG

    def dump_time(self) -> datetime.datetime | None:
        stamp = self._meta("timestamp")
        if not stamp:
            return None
        try:
            return datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            return None
