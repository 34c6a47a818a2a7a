"""Richer dump records: chosen fields, page URLs, compressed and size-sharded output.

Used by the dump converter (``wikiparse dump --fields ... --max-bytes ... -o out.jsonl.zst``).
Kept apart from ``_convert`` so that the converter only asks "which record for this page?"
and "which file to write to?".  Private: the names may change between versions.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import re
from collections.abc import Callable
from typing import IO, Any, cast
from urllib.parse import quote

__all__ = [
    "DEFAULT_FIELDS",
    "FIELDS",
    "PARSED_FIELDS",
    "build_record",
    "open_output",
    "page_url",
    "parse_fields",
    "parse_size",
    "shard_path",
]

#: Fields a record can hold, in the order they are written.
FIELDS = (
    "id", "title", "namespace", "revision_id", "timestamp", "redirect", "url",
    "text", "wikitext", "categories", "links", "sections", "infoboxes", "references",
)  # fmt: skip
#: What a record holds without ``--fields`` (the output is under the format's own key).
DEFAULT_FIELDS = ("id", "title", "namespace", "revision_id", "timestamp", "redirect", "text")
#: Fields that need the page's full tree (one extra parse per page).
PARSED_FIELDS = frozenset(("categories", "links", "sections", "infoboxes", "references"))
_ALIASES = {"revision id": "revision_id", "revid": "revision_id", "revision": "revision_id", "ns": "namespace"}


def parse_fields(text: str) -> tuple[str, ...]:
    """``"title,url,text"`` -> ``("title", "url", "text")``; ValueError names an unknown one.
    ``id`` and ``title`` always lead (resuming a run reads them back)."""
    wanted: list[str] = []
    for raw in text.split(","):
        name = raw.strip().lower().replace("-", "_")
        name = _ALIASES.get(name.replace("_", " "), name)
        if not name:
            continue
        if name not in FIELDS:
            raise ValueError(f"unknown field {raw.strip()!r} (choose from {', '.join(FIELDS)})")
        if name not in wanted:
            wanted.append(name)
    return tuple(f for f in FIELDS if f in {"id", "title", *wanted})


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)b?\s*$", re.IGNORECASE)


def parse_size(text: str) -> int:
    """``"256MB"`` -> 256,000,000; ``"1GiB"`` -> 2**30; a plain number is bytes."""
    m = _SIZE.match(text)
    if m is None:
        raise ValueError(f"not a size: {text!r} (e.g. 256MB, 1GiB, 5000000)")
    number, unit, binary = m.groups()
    base = 1024 if binary else 1000
    power = " kmgt".index(unit.lower() or " ")
    size = int(float(number) * base**power)
    if size <= 0:
        raise ValueError(f"size must be positive: {text!r}")
    return size


def page_url(siteinfo: dict[str, Any] | None, title: str) -> str | None:
    """The page's URL on its wiki, from the dump's ``<base>`` (the main page's URL):
    ``https://en.wikipedia.org/wiki/Main_Page`` gives ``https://en.wikipedia.org/wiki/<Title>``."""
    base = str((siteinfo or {}).get("base", ""))
    if not base:
        return None
    main_page = base.rsplit("/", 1)
    if len(main_page) != 2 or "://" not in main_page[0] + "/":
        return None
    return f"{main_page[0]}/{quote(title.replace(' ', '_'), safe='/:@!$()*,;~')}"


def build_record(
    fields: tuple[str, ...],
    meta: dict[str, Any],
    *,
    source: str,
    output_key: str,
    render: Callable[[], Any],
    siteinfo: dict[str, Any] | None,
    config: Any,
) -> dict[str, Any]:
    """One page's record holding ``fields`` (the rendered output under ``output_key``)."""
    record: dict[str, Any] = {}
    doc = None
    if PARSED_FIELDS.intersection(fields):
        from ._parse import parse

        doc = parse(source, config=config)
    for name in fields:
        if name in meta:
            record[name] = meta[name]
        elif name == "url":
            record["url"] = page_url(siteinfo, meta.get("title") or "")
        elif name == "text":
            record[output_key] = render()
        elif name == "wikitext":
            record["wikitext"] = source
        elif doc is not None:
            record[name] = _parsed_field(name, doc)
    return record


def _parsed_field(name: str, doc: Any) -> Any:
    from . import data

    if name == "categories":
        return list(dict.fromkeys(c.category for c in doc.find_categories()))
    if name == "links":
        return list(dict.fromkeys(link.normalized_title for link in doc.find_wikilinks() if link.normalized_title))
    if name == "sections":
        return [
            {"number": s.number, "level": s.level, "title": s.title, "text": data.section_text(s, subsections=False)}
            for s in doc.sections
        ]
    if name == "infoboxes":
        return [{"name": box.name, "fields": box.as_dict()} for box in data.infoboxes(doc)]
    if name == "references":
        return [ref.as_dict() for ref in data.references(doc)]
    raise ValueError(name)  # pragma: no cover - FIELDS and this function agree


def _open_by_extension(path: str, mode: str) -> IO[bytes]:
    """``path`` opened raw or through the codec its extension names (``.zst`` aside)."""
    ext = os.path.splitext(path)[1].lower()
    opened: Any
    if ext == ".gz":
        opened = gzip.GzipFile(path, mode)
    elif ext == ".bz2":
        opened = bz2.BZ2File(path, mode)  # type: ignore[call-overload]
    elif ext == ".xz":
        opened = lzma.LZMAFile(path, mode)  # noqa: SIM115
    else:
        opened = open(path, mode)  # noqa: SIM115
    return cast("IO[bytes]", opened)


def open_output(path: str, mode: str) -> IO[bytes]:
    """Open an output file, compressed by its extension (``.gz``, ``.bz2``, ``.xz``, ``.zst``).
    ``mode`` is ``"wb"`` or ``"ab"`` (appending adds a compressed stream; readers of all four
    formats read concatenated streams)."""
    if path.lower().endswith(".zst"):
        try:
            import zstandard
        except ImportError as exc:  # an optional dependency: pip install 'wikiparse[zstd]'
            raise OSError(f"writing {path} needs the zstandard package (pip install 'wikiparse[zstd]')") from exc
        raw = open(path, mode)  # noqa: SIM115 - closed with the stream
        writer: IO[bytes] = zstandard.ZstdCompressor().stream_writer(raw, closefd=True)
        return writer
    return _open_by_extension(path, mode)


def open_input(path: str) -> IO[bytes]:
    """Read back an output file, decompressing by its extension (for ``--resume``)."""
    if path.lower().endswith(".zst"):
        import zstandard

        raw = open(path, "rb")  # noqa: SIM115 - closed with the stream
        reader: IO[bytes] = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=True)
        return reader
    return _open_by_extension(path, "rb")


_COMPRESSED = (".gz", ".bz2", ".xz", ".zst")


def is_compressed(path: str) -> bool:
    return path.lower().endswith(_COMPRESSED)


def shard_path(path: str, index: int) -> str:
    """``out.jsonl.gz`` -> ``out-00003.jsonl.gz``: the shard number before the extensions."""
    folder, name = os.path.split(path)
    stem, dot, ext = name.partition(".")
    return os.path.join(folder, f"{stem}-{index:05d}{dot}{ext}")
