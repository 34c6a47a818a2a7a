"""Dump partitions: plan them, read one, convert one into a part file (engine-neutral).

A distributed run (:mod:`wikiparse.dask`, or any other engine) needs three things from the
library, and nothing else: a *plan* (which independent pieces a dump splits into), a way to
*read* one piece as a stream of pages, and a way to *convert* one piece into one output file.
They live here, free of any engine, so that the engine only schedules.

Planning, and why it is done this way:

* **Multistream bzip2** (``…-pages-articles-multistream.xml.bz2``): Wikimedia compresses every
  100 pages as a separate bzip2 stream and publishes ``…-multistream-index.txt.bz2``, one
  ``offset:page_id:title`` line per page, the offset being that of the page's stream.  The
  index is read once; consecutive streams are grouped into byte ranges of about
  ``partition_size`` compressed bytes.  Stream 0 holds the dump header (``<mediawiki>`` and
  ``<siteinfo>``): every partition is read as header + its streams + ``</mediawiki>``, so each
  one is a complete XML document with the wiki's own configuration.
* **Everything else** (plain bzip2, gzip, xz, 7z, XML): one partition per file.  Many Wikimedia
  dumps come as page-range files (``…-articles1.xml-p1p41242.bz2``), which gives the
  parallelism.  A single-stream bzip2 file is never split at the bit level: finding block
  boundaries by scanning for magic numbers is fragile and would be ours to maintain.

Files are opened through fsspec, so paths may be URLs (``s3://``, ``gs://``, ``hdfs://``) when
the matching fsspec package is installed; a byte range is read with a seek and a bounded read,
which fsspec turns into an HTTP range request on object stores.

Converting (:func:`convert_partition`) runs the partition's pages through the same worker pool
as ``wikiparse dump`` (:func:`wikiparse._convert.run_dump`), so per-page time limits and
crash isolation still hold, into a JSONL or Parquet *part file*.  The part is written under a
temporary name and renamed, and a ``_part-NNNNN.stats.json`` file is written beside it afterwards: a part
whose stats file exists is complete, which is what resuming relies on (a partition computed
twice, e.g. after a worker was lost, just finds its stats file and is not counted twice).
"""

from __future__ import annotations

import bz2
import contextlib
import io
import json
import multiprocessing
import os
import re
import resource
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

import attrs

from ._convert import DumpJob, run_dump
from .dumps import DumpError, DumpReader

__all__ = [
    "DEFAULT_PARTITION_SIZE",
    "PartSettings",
    "Partition",
    "PartitionError",
    "convert_partition",
    "find_index",
    "open_partition",
    "parse_size",
    "part_done",
    "plan_partitions",
    "read_partition",
    "read_stats",
]

#: About 64 MB of compressed dump per partition: a few minutes of work for one core, large
#: enough that scheduling costs nothing, small enough that a lost partition is cheap to redo.
DEFAULT_PARTITION_SIZE = 64 * 1000 * 1000

#: What a multistream partition's last stream may end with; dropped, then added once at the end.
_END_TAG = b"</mediawiki>"

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?)b?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12,
          "ki": 2**10, "mi": 2**20, "gi": 2**30, "ti": 2**40}


def parse_size(text: str | int) -> int:
    """``"64MB"``, ``"512 KiB"``, ``"1e6"``-free plain numbers: a size in bytes (at least 1)."""
    if isinstance(text, int):
        return max(1, text)
    m = _SIZE.match(text)
    if m is None:
        raise ValueError(f"not a size: {text!r} (examples: 64MB, 512KiB, 1000000)")
    return max(1, int(float(m.group(1)) * _UNITS[m.group(2).lower()]))


def _fs(url: str) -> tuple[Any, str]:
    """The fsspec file system and the path inside it (fsspec is imported only when needed)."""
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(url)
    return fs, path


# --------------------------------------------------------------------------------------------
# Planning
# --------------------------------------------------------------------------------------------


@attrs.frozen
class Partition:
    """One independent piece of work: a whole file, or a byte range of a multistream file.

    ``start``/``end`` (compressed bytes, half-open) are ``None`` for a whole file; ``header``
    is then ``None`` too.  ``pages`` is the number of pages the index promises (``None`` when
    unknown).  ``wiki`` is the dump's dbname (``enwiki``), read from its ``<siteinfo>``.
    """

    number: int
    url: str
    start: int | None = None
    end: int | None = None
    header: tuple[int, int] | None = None
    pages: int | None = None
    wiki: str = ""

    @property
    def name(self) -> str:
        """``part-00042``: part files sort in dump order."""
        return f"part-{self.number:05d}"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "url": self.url, "start": self.start, "end": self.end,
            "header": list(self.header) if self.header else None, "pages": self.pages,
        }


def find_index(url: str) -> str | None:
    """The multistream index published beside a dump, if there is one.

    ``enwiki-…-pages-articles-multistream.xml.bz2`` → ``…-pages-articles-multistream-index.txt.bz2``
    (also ``…-multistream1.xml-p1p41242.bz2`` → ``…-multistream-index1.txt-p1p41242.bz2``).
    """
    candidates = []
    if url.endswith(".xml.bz2"):
        candidates.append(url[: -len(".xml.bz2")] + "-index.txt.bz2")
    m = re.search(r"multistream(\d+)\.xml(-p\d+p\d+)\.bz2$", url)
    if m:
        candidates.append(url[: m.start()] + f"multistream-index{m.group(1)}.txt{m.group(2)}.bz2")
    for candidate in candidates:
        fs, path = _fs(candidate)
        if fs.exists(path):
            return candidate
    return None


def read_index(index_url: str) -> tuple[list[int], list[int]]:
    """The distinct stream offsets of a multistream index, in order, and each stream's page count."""
    offsets: list[int] = []
    counts: list[int] = []
    fs, path = _fs(index_url)
    with fs.open(path, "rb") as raw:
        stream: IO[bytes] = bz2.BZ2File(raw) if index_url.endswith(".bz2") else raw
        last = -1
        for line in stream:
            head, sep, _rest = line.partition(b":")
            if not sep:
                continue
            offset = int(head)
            if offset != last:
                if offset < last:
                    raise ValueError(f"{index_url}: stream offsets go backwards ({last} then {offset})")
                offsets.append(offset)
                counts.append(0)
                last = offset
            counts[-1] += 1
    return offsets, counts


def _group_streams(
    offsets: Sequence[int], counts: Sequence[int], file_size: int, target: int
) -> Iterator[tuple[int, int, int]]:
    """Consecutive streams grouped into ``(start, end, pages)`` ranges of about ``target`` bytes."""
    start = None
    pages = 0
    for i, offset in enumerate(offsets):
        if start is None:
            start = offset
        pages += counts[i]
        end = offsets[i + 1] if i + 1 < len(offsets) else file_size
        if end - start >= target or i + 1 == len(offsets):
            yield start, end, pages
            start = None
            pages = 0


def plan_partitions(
    urls: str | Sequence[str],
    *,
    index: str | None = None,
    partition_size: int | str = DEFAULT_PARTITION_SIZE,
) -> list[Partition]:
    """Split dumps into partitions (see the module docstring).

    ``urls``: one path/URL or several (a glob such as ``dumps/*.bz2`` is expanded); ``index``:
    the multistream index, for a single dump (found beside the dump by name otherwise).
    """
    target = parse_size(partition_size)
    paths = [urls] if isinstance(urls, str) else list(urls)
    expanded: list[str] = []
    for url in paths:
        expanded.extend(_expand(url))
    if index is not None and len(expanded) != 1:
        raise ValueError("--index names the index of one multistream dump, but there are "
                         f"{len(expanded)} dump files")
    partitions: list[Partition] = []
    for url in expanded:
        idx = index if index is not None else (find_index(url) if url.endswith(".bz2") else None)
        for part in _plan_file(url, idx, target):
            partitions.append(attrs.evolve(part, number=len(partitions)))
    return partitions


def _expand(url: str) -> list[str]:
    """A glob's matches (sorted), or the URL itself; raise if the file does not exist."""
    fs, path = _fs(url)
    if any(c in path for c in "*?["):
        found = sorted(fs.glob(path))
        if not found:
            raise FileNotFoundError(f"no file matches {url}")
        return [fs.unstrip_protocol(p) if "://" in url else p for p in found]
    if not fs.exists(path):
        raise FileNotFoundError(f"{url}: no such file")
    return [url]


def _plan_file(url: str, index: str | None, target: int) -> list[Partition]:
    if index is None:
        return [Partition(0, url, wiki=_wiki_of(url, None))]
    offsets, counts = read_index(index)
    if not offsets:
        raise ValueError(f"{index}: an empty multistream index")
    fs, path = _fs(url)
    size = fs.size(path)
    header = (0, offsets[0])
    wiki = _wiki_of(url, header)
    return [
        Partition(0, url, start, end, header, pages, wiki)
        for start, end, pages in _group_streams(offsets, counts, size, target)
    ]


def _wiki_of(url: str, header: tuple[int, int] | None) -> str:
    """The dump's dbname from its ``<siteinfo>`` (reads only the header)."""
    probe = Partition(0, url, header[1] if header else None, header[1] if header else None, header)
    with open_partition(probe) as stream:
        reader = DumpReader(stream)
        try:
            reader.config  # noqa: B018 - reads to the end of <siteinfo>
        except DumpError:
            return ""
        finally:
            reader.close()
    return str((reader.siteinfo or {}).get("dbname", ""))


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


class _RangeReader(io.RawIOBase):
    """Bytes ``[start, end)`` of an open (fsspec) file, read in bounded chunks."""

    def __init__(self, fh: Any, start: int, end: int) -> None:
        super().__init__()
        self._fh = fh
        self._left = end - start
        fh.seek(start)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        want = min(len(view), self._left)
        if want <= 0:
            return 0
        data = self._fh.read(want)
        n = len(data)
        view[:n] = data
        self._left -= n
        return n


class _PartitionXml(io.RawIOBase):
    """A multistream partition as one XML document: header, the streams, ``</mediawiki>``.

    The streams' own ``</mediawiki>`` (the footer stream, in the last partition) is dropped: in
    dump XML, page text is escaped, so the literal tag can only be the document's end.  A carry
    of a few bytes finds a tag split between two chunks.
    """

    def __init__(self, header: bytes, body: IO[bytes], name: str) -> None:
        super().__init__()
        end = header.rfind(_END_TAG)
        self._pending = header[:end] if end != -1 else header
        self._body: IO[bytes] | None = body
        self._carry = b""
        self.name = name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        while not self._pending and self._body is not None:
            chunk = self._body.read(1 << 18)
            if not chunk:
                self._pending = self._carry.replace(_END_TAG, b"") + _END_TAG + b"\n"
                self._body = None
                break
            data = (self._carry + chunk).replace(_END_TAG, b"")
            keep = len(_END_TAG) - 1
            self._pending, self._carry = data[:-keep], data[-keep:]
        n = min(len(view), len(self._pending))
        view[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


class _Blocks(io.RawIOBase):
    """A raw stream over an iterator of byte blocks (libarchive's decompressed output)."""

    def __init__(self, blocks: Iterator[bytes]) -> None:
        super().__init__()
        self._blocks = blocks
        self._rest = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        while not self._rest:
            block = next(self._blocks, None)
            if block is None:
                return 0
            self._rest = bytes(block)
        n = min(len(view), len(self._rest))
        view[:n] = self._rest[:n]
        self._rest = self._rest[n:]
        return n


_SEVEN_ZIP = b"7z\xbc\xaf\x27\x1c"


@contextlib.contextmanager
def _seven_zip(fh: Any, name: str) -> Iterator[IO[bytes]]:
    """The first file of a 7z archive (Wikimedia's history dumps), decompressed as it is read.

    libarchive (through libarchive-c) does the work: it streams 7z, which the standard library
    cannot read at all."""
    try:
        import libarchive
    except (ImportError, OSError) as exc:
        raise PartitionError(f"{name}: reading .7z needs libarchive-c and the libarchive "
                             f"library (pip install libarchive-c): {exc}") from exc
    with libarchive.stream_reader(fh, format_name="7zip") as archive:
        entry = next(iter(archive), None)
        blocks: Iterator[bytes] = entry.get_blocks() if entry is not None else iter(())
        yield io.BufferedReader(_Blocks(blocks), 1 << 18)


@contextlib.contextmanager
def open_partition(part: Partition) -> Iterator[IO[bytes]]:
    """A binary stream of the partition's dump data (compressed as stored for a whole file,
    except 7z, which is decompressed here; plain XML for a multistream range), for
    :class:`wikiparse.dumps.DumpReader`."""
    fs, path = _fs(part.url)
    with fs.open(path, "rb") as fh:
        if part.header is None or part.start is None or part.end is None:
            magic = fh.read(len(_SEVEN_ZIP))
            fh.seek(0)
            if magic == _SEVEN_ZIP:
                with _seven_zip(fh, part.url) as stream:
                    yield stream
            else:
                yield fh
            return
        head_start, head_end = part.header
        fh.seek(head_start)
        header = bz2.decompress(fh.read(head_end - head_start))
        body: IO[bytes] = (
            bz2.BZ2File(io.BufferedReader(_RangeReader(fh, part.start, part.end), 1 << 20))
            if part.end > part.start else io.BytesIO()
        )
        name = f"{part.url} (bytes {part.start}-{part.end})"
        yield io.BufferedReader(_PartitionXml(header, body, name), 1 << 18)


def read_partition(part: Partition, *, history: bool = False) -> Iterator[Any]:
    """The pages of one partition (:class:`wikiparse.dumps.Page` records), streamed."""
    with open_partition(part) as stream:
        reader = DumpReader(stream, history=history)
        try:
            yield from reader
        finally:
            reader.close()


# --------------------------------------------------------------------------------------------
# Converting
# --------------------------------------------------------------------------------------------


class PartitionError(Exception):
    """A partition could not be converted (unreadable range, broken XML, no worker process):
    the engine retries it, then records it as failed."""


@attrs.frozen
class PartSettings:
    """How each partition is converted (picklable: it travels to the engine's workers)."""

    fmt: str = "text"
    options: dict[str, Any] = attrs.field(factory=dict)
    output_format: str = "jsonl"  # or "parquet"
    namespaces: frozenset[int] | None = None
    redirects: bool = True
    page_timeout: float | None = 120.0
    jobs: int = 1
    start_method: str | None = None

    @property
    def extension(self) -> str:
        return "parquet" if self.output_format == "parquet" else "jsonl"

    def to_json(self) -> dict[str, Any]:
        return {
            "to": self.fmt, "options": self.options, "format": self.output_format,
            "namespaces": sorted(self.namespaces) if self.namespaces is not None else None,
            "redirects": self.redirects,
        }


def part_names(part: Partition, settings: PartSettings | None) -> tuple[str, str]:
    """The part file's and the stats file's names.  The stats file starts with ``_``, which
    Parquet readers (pyarrow datasets, Spark, DuckDB globs on ``*.parquet``) skip, so a whole
    output folder loads as one table."""
    ext = settings.extension if settings is not None else ""
    return f"{part.name}.{ext}", f"_{part.name}.stats.json"


def part_done(outdir: str, part: Partition, settings: PartSettings) -> bool:
    """Whether the partition's part file and stats file both exist (resume skips it)."""
    fs, root = _fs(outdir)
    part_file, stats_file = part_names(part, settings)
    root = root.rstrip("/")
    return bool(fs.exists(f"{root}/{stats_file}") and fs.exists(f"{root}/{part_file}"))


def read_stats(outdir: str, part: Partition) -> dict[str, Any] | None:
    """A finished partition's stats, or ``None`` when it is not finished."""
    fs, root = _fs(outdir)
    path = f"{root.rstrip('/')}/{part_names(part, None)[1]}"
    try:
        with fs.open(path, "rb") as fh:
            stats: dict[str, Any] = json.loads(fh.read())
    except FileNotFoundError:
        return None
    return stats


def _preload_workers(start_method: str | None) -> None:
    """Let forkserver children start with wikiparse already imported (once per process)."""
    if start_method == "forkserver":
        with contextlib.suppress(ValueError, RuntimeError):
            multiprocessing.get_context("forkserver").set_forkserver_preload(
                ["wikiparse", "wikiparse._convert", "wikiparse.render"]
            )


def _cpu_seconds() -> float:
    """CPU time of this process (reading, decompressing, handing out pages).  The page pool's
    processes are not included: under forkserver they are not our children, so the OS does
    not add their time to ours."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def convert_partition(part: Partition, settings: PartSettings, outdir: str) -> dict[str, Any]:
    """Convert one partition into ``outdir/part-NNNNN.{jsonl,parquet}`` and its stats file.

    Returns the stats (also when the part was already complete: then nothing is redone and
    ``"reused": True``).  Raises :class:`PartitionError` when the partition cannot be read to
    its end (the part file is then not written), so the engine can retry it.
    """
    fs, root = _fs(outdir)
    root = root.rstrip("/")
    part_name, stats_name = part_names(part, settings)
    existing = read_stats(outdir, part)
    if existing is not None:
        if fs.exists(f"{root}/{part_name}"):
            return {**existing, "reused": True}
        fs.rm(f"{root}/{stats_name}")  # the part was deleted: redo it
    local = _is_local(fs)
    scratch = root if local else _scratch_dir()
    tmp_jsonl = os.path.join(scratch, f".{part.name}.{uuid.uuid4().hex}.jsonl.tmp")
    started, cpu0 = time.monotonic(), _cpu_seconds()
    _preload_workers(settings.start_method)
    try:
        with open_partition(part) as stream:
            job = DumpJob(
                source=stream, fmt=settings.fmt, options=settings.options, output=tmp_jsonl,
                jobs=settings.jobs, namespaces=settings.namespaces, redirects=settings.redirects,
                page_timeout=settings.page_timeout, start_method=settings.start_method,
            )
            summary = run_dump(job)
        problem = summary.error or summary.fatal or ("interrupted" if summary.interrupted else None)
        if problem is not None:
            raise PartitionError(f"{part.name}: {problem}")
        final_tmp = tmp_jsonl
        if settings.output_format == "parquet":
            from ._parquet import jsonl_to_parquet

            final_tmp = tmp_jsonl[: -len(".jsonl.tmp")] + ".parquet.tmp"
            jsonl_to_parquet(tmp_jsonl, final_tmp, fmt=settings.fmt, wiki=part.wiki)
        stats = {
            "partition": part.name,
            "url": part.url,
            "start": part.start,
            "end": part.end,
            "pages": summary.written,
            "failed": [attrs.asdict(f) for f in summary.failures],
            "filtered": summary.filtered,
            "bytes": (part.end - part.start) if part.end is not None and part.start is not None
            else summary.bytes_read,
            "seconds": round(time.monotonic() - started, 3),
            "reader_cpu_seconds": round(_cpu_seconds() - cpu0, 3),
            "workers_replaced": summary.workers_replaced,
        }
        _publish(fs, final_tmp, f"{root}/{part_name}", local)
        _write_bytes(fs, f"{root}/{stats_name}", json.dumps(stats, indent=1).encode(), local)
        return {**stats, "reused": False}
    finally:
        for leftover in (tmp_jsonl, tmp_jsonl[: -len(".jsonl.tmp")] + ".parquet.tmp"):
            with contextlib.suppress(OSError):
                os.remove(leftover)


def _is_local(fs: Any) -> bool:
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return protocol in ("file", "local")


def _scratch_dir() -> str:
    import tempfile

    return tempfile.gettempdir()


def _publish(fs: Any, tmp: str, final: str, local: bool) -> None:
    """Make ``tmp`` appear as ``final`` all at once (rename; on object stores one upload)."""
    if local:
        os.replace(tmp, final)
        return
    remote_tmp = _hidden_tmp(final)
    fs.put_file(tmp, remote_tmp)
    fs.mv(remote_tmp, final)


def _hidden_tmp(final: str) -> str:
    """A temporary name beside ``final`` that starts with ``.``: readers of the folder skip it."""
    folder, _, name = final.rpartition("/")
    return f"{folder}/.{name}.{uuid.uuid4().hex}.tmp"


def _write_bytes(fs: Any, final: str, data: bytes, local: bool) -> None:
    tmp = _hidden_tmp(final)
    if local:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, final)
        return
    fs.pipe_file(tmp, data)
    fs.mv(tmp, final)


def part_files(outdir: str, partitions: Iterable[Partition], settings: PartSettings) -> list[str]:
    """The part files of a finished run, in dump order (for readers that want the list)."""
    root = outdir.rstrip("/")
    return [f"{root}/{part_names(p, settings)[0]}" for p in partitions]


# --------------------------------------------------------------------------------------------
# Making a multistream dump (tests, benchmarks, and single-stream dumps worth splitting)
# --------------------------------------------------------------------------------------------

_PAGE_START = re.compile(rb"<page>")
_PAGE_ID = re.compile(rb"<id>(\d+)</id>")
_TITLE = re.compile(rb"<title>([^<]*)</title>")


def write_multistream(
    xml: bytes, dump_path: str, index_path: str, *, pages_per_stream: int = 100,
    compresslevel: int = 9,
) -> int:
    """Write ``xml`` (a whole UTF-8 dump) as a Wikimedia-style multistream bzip2 file plus its
    ``offset:page_id:title`` index (bzip2 too): stream 0 is the header, then one stream per
    ``pages_per_stream`` pages, then the footer.  Returns the number of streams of pages."""
    import html

    starts = [m.start() - _line_start_gap(xml, m.start()) for m in _PAGE_START.finditer(xml)]
    end = xml.rfind(_END_TAG)
    if not starts or end == -1:
        raise ValueError("not a dump: no <page> or no </mediawiki>")
    end -= _line_start_gap(xml, end)
    index_lines: list[bytes] = []
    streams = 0
    with open(dump_path, "wb") as out:
        out.write(bz2.compress(xml[: starts[0]], compresslevel))
        for first in range(0, len(starts), pages_per_stream):
            bounds = [*starts[first : first + pages_per_stream + 1]]
            chunk_end = bounds[pages_per_stream] if len(bounds) > pages_per_stream else end
            offset = out.tell()
            for s in starts[first : first + pages_per_stream]:
                page_id = _PAGE_ID.search(xml, s)
                title = _TITLE.search(xml, s)
                index_lines.append(b"%d:%s:%s\n" % (
                    offset, page_id.group(1) if page_id else b"",
                    html.unescape(title.group(1).decode()).encode() if title else b"",
                ))
            out.write(bz2.compress(xml[starts[first] : chunk_end], compresslevel))
            streams += 1
        out.write(bz2.compress(xml[end:], compresslevel))
    with open(index_path, "wb") as idx:
        idx.write(bz2.compress(b"".join(index_lines), compresslevel))
    return streams


def _line_start_gap(xml: bytes, pos: int) -> int:
    """How many spaces precede ``pos`` on its line (so streams split at whole lines)."""
    gap = 0
    while pos - gap > 0 and xml[pos - gap - 1] == 0x20:
        gap += 1
    return gap
