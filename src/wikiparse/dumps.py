"""Streaming reader for MediaWiki XML exports and Wikimedia dumps.

:func:`iter_pages` reads a dump one ``<page>`` at a time with lxml's ``iterparse`` and frees each
page's elements as soon as its record is built, so memory stays flat whatever the dump's size.
It accepts a path or a binary stream; the compression (bzip2, including Wikimedia's multistream
files, which are plain concatenated bzip2 streams; gzip; xz) is recognised from the first bytes
rather than the file name, so streams and misnamed files work too.  The text encoding is left to
libxml2, which honours the XML declaration and a byte-order mark (the Bulgarian sample dump is
UTF-16).

Every failure of the file itself (unreadable, truncated or corrupt archive, broken XML, invalid
bytes for the declared encoding) surfaces as one :class:`DumpError` whose message names the file,
the byte offset reached and the last complete page, so a caller can report it on one line after
writing out everything read before the fault.
"""

from __future__ import annotations

import bz2
import codecs
import contextlib
import gzip
import io
import lzma
import os
import queue
import re
import sys
import threading
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from typing import IO, Any

import attrs
from lxml import etree

from .config import DEFAULT_CONFIG, ParserConfig

__all__ = ["DamagedPage", "DumpError", "DumpReader", "NotADumpError", "Page", "Revision", "iter_pages"]

#: ``iterparse`` tag filter: everything else is skipped in C, which keeps the reader fast.
_TAGS = ("{*}mediawiki", "{*}page", "{*}revision", "{*}siteinfo")


@attrs.frozen(slots=True)
class Revision:
    """One ``<revision>`` of a page (a plain, picklable record)."""

    id: int | None = None
    parent_id: int | None = None
    timestamp: str = ""
    contributor: str = ""
    comment: str = ""
    minor: bool = False
    model: str = ""
    format: str = ""
    sha1: str = ""
    text: str = ""


@attrs.frozen(slots=True)
class Page:
    """One ``<page>``: its identity plus its latest revision's id, timestamp and text.

    ``revisions`` holds every revision in dump order when the reader was asked for history,
    otherwise just the latest one (or nothing, for a page without revisions).
    """

    title: str
    namespace: int
    id: int | None
    redirect: str | None = None
    revision_id: int | None = None
    timestamp: str = ""
    text: str = ""
    revisions: tuple[Revision, ...] = ()

    @property
    def is_redirect(self) -> bool:
        return self.redirect is not None


@attrs.frozen(slots=True)
class DamagedPage:
    """A page the reader skipped because its XML is broken; the pages around it are kept.

    ``offset`` is the byte offset of the page's ``<page>`` tag in the XML (for a UTF-16 dump,
    in its UTF-8 re-encoding), ``line`` the XML line of the fault when libxml2 names one.
    ``title`` and ``id`` are read from the page's raw bytes when they are legible there.
    A fault between two pages (nothing lost) is reported with ``title`` ``None`` too.
    """

    offset: int
    reason: str
    title: str | None = None
    id: int | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f"byte {self.offset} of the XML" + (f", XML line {self.line}" if self.line else "")
        return f"damaged page in the dump ({where}): {self.reason}"


class DumpError(Exception):
    """The dump file itself is unusable from some point on.

    ``str(error)`` is a single line: file, reason, byte offset reached (of the file as stored,
    i.e. compressed bytes for an archive) and the last page read completely.
    """

    def __init__(
        self,
        name: str,
        reason: str,
        *,
        offset: int | None = None,
        xml_offset: int | None = None,
        line: int | None = None,
        last_page: Page | None = None,
        pages_read: int = 0,
    ) -> None:
        self.name = name
        self.reason = " ".join(reason.split())
        self.offset = offset
        self.xml_offset = xml_offset
        self.line = line
        self.last_page = last_page
        self.pages_read = pages_read
        super().__init__(self._message())

    def _message(self) -> str:
        where: list[str] = []
        if self.offset is not None:
            where.append(f"byte {self.offset} of the file")
        if self.xml_offset is not None and self.xml_offset != self.offset:
            where.append(f"byte {self.xml_offset} of the XML")
        if self.line:
            where.append(f"XML line {self.line}")
        if self.last_page is not None:
            page = self.last_page
            where.append(f"after page {self.pages_read} (id {page.id}, {page.title!r})")
        elif self.offset is not None:
            where.append("before the first page")
        suffix = f" (at {', '.join(where)})" if where else ""
        return f"{self.name}: {self.reason}{suffix}"


_EMPTY = "empty file, not an XML dump"


class NotADumpError(DumpError):
    """The input is not a MediaWiki dump: an empty file, XML whose root element is not
    ``<mediawiki>`` (an RSS feed, a web page), or, reported by :meth:`DumpReader.not_a_dump`
    rather than raised, a file read to its end without a single ``<page>``.

    The reader is the one place that decides it; the command line maps it to exit status 2.
    """


class _Counter(io.RawIOBase):
    """Raw reader that counts the bytes it hands out: the progress and error offsets."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self._raw.read(len(view))
        n = len(data)
        view[:n] = data
        self.count += n
        return n


class _XmlFeed:
    """What lxml reads from: counts the XML's bytes, for error positions."""

    def __init__(self, read: Callable[[int], bytes]) -> None:
        self._read = read
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self._read(size)
        self.count += len(data)
        return data




def _wide_codec(first: bytes) -> str | None:
    """The codec of a UTF-16 or UTF-32 stream from its first bytes (``None``: ASCII-compatible)."""
    if first.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if first.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    for prefix, codec in ((b"<\x00\x00\x00", "utf-32-le"), (b"\x00\x00\x00<", "utf-32-be"),
                          (b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be")):
        if first.startswith(prefix):
            return codec
    return None


_DECLARED_ENCODING = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([^"']*)""")


class _Utf8Feed:
    """Re-encodes a UTF-16 or UTF-32 stream as UTF-8, declaration included.

    The reader cuts the XML at ``<page>`` tags found in the bytes, which needs an encoding
    where ``<`` is one byte; every other encoding libxml2 knows (UTF-8, ISO-8859-x, ...) is
    one already and passes through untouched.  A lone surrogate stays one (``surrogatepass``)
    so that libxml2 rejects the page it is in, not the file.
    """

    def __init__(self, read: Callable[[int], bytes], codec: str) -> None:
        self._read = read
        self._decoder = codecs.getincrementaldecoder(codec)("surrogatepass")
        self._started = False

    def read(self, size: int) -> bytes:
        while True:
            data = self._read(size)
            try:
                text = self._decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                raise EOFError(f"the file ends inside a character ({exc.reason})") from exc
            out = text.encode("utf-8", "surrogatepass")
            if not self._started and out:
                self._started = True
                out = _DECLARED_ENCODING.sub(rb"\1UTF-8", out, count=1)
            if out or not data:
                return out


def _open_source(source: str | os.PathLike[str] | IO[bytes]) -> tuple[IO[bytes], str, int | None, bool]:
    """The raw binary stream, a display name, the size if known, and whether we own it."""
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        if path == "-":
            return sys.stdin.buffer, "<stdin>", None, False
        fh = open(path, "rb")  # noqa: SIM115 - closed by DumpReader.close
        try:
            size: int | None = os.fstat(fh.fileno()).st_size
        except OSError:  # pragma: no cover - fstat on an open file
            size = None
        return fh, path, size, True
    if isinstance(source, io.TextIOBase):
        raise TypeError("iter_pages needs a path or a binary stream (open the file in 'rb' mode)")
    name = getattr(source, "name", None)
    size = None
    try:
        stat = os.fstat(source.fileno())
        size = stat.st_size if stat.st_size > 0 else None
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        pass
    return source, str(name) if isinstance(name, str) else "<stream>", size, False


def _decompressor(buffered: Any) -> IO[bytes]:
    """Wrap ``buffered`` in the decompressor its magic bytes call for (none for plain XML)."""
    magic = buffered.peek(6)[:6]
    if magic.startswith(b"BZh"):
        return bz2.BZ2File(buffered)  # reads concatenated (multistream) streams too
    if magic.startswith(b"\x1f\x8b"):
        return gzip.GzipFile(fileobj=buffered)  # type: ignore[return-value]
    if magic.startswith(b"\xfd7zXZ\x00"):
        return lzma.LZMAFile(buffered)
    stream: IO[bytes] = buffered
    return stream


def _local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _siteinfo_dict(elem: Any) -> dict[str, Any]:
    """The picklable essentials of ``<siteinfo>`` (what :meth:`ParserConfig.from_siteinfo` reads)."""
    info: dict[str, Any] = {"namespaces": {}}
    for child in elem:
        tag = _local(child.tag)
        if tag == "namespaces":
            for ns in child:
                key = _int(ns.get("key"))
                if key is not None:
                    info["namespaces"][key] = ns.text or ""
        elif tag in ("sitename", "dbname", "base", "generator", "case"):
            info[tag] = child.text or ""
    return info


class _NotADumpPage(Exception):
    """Well-formed XML that no dump contains (markup inside ``<text>``): the page is damaged."""


def _revision(elem: Any) -> Revision:
    fields: dict[str, Any] = {}
    for child in elem:
        tag = _local(child.tag)
        if tag == "id":
            fields["id"] = _int(child.text)
        elif tag == "parentid":
            fields["parent_id"] = _int(child.text)
        elif tag in ("timestamp", "comment", "model", "format", "sha1"):
            fields[tag] = child.text or ""
        elif tag == "text":
            if len(child):  # an element inside the text: its text and tail would be lost
                raise _NotADumpPage(f"element <{_local(child[0].tag)}> inside <text>")
            fields["text"] = child.text or ""
        elif tag == "minor":
            fields["minor"] = True
        elif tag == "contributor":
            name = child.findtext("{*}username") or child.findtext("{*}ip") or ""
            fields["contributor"] = name
    return Revision(**fields)


#: Where a page begins (dumps write ``<page>`` with no attributes; the text inside a page
#: cannot contain this, since ``<`` in text is always escaped).
_PAGE_START = re.compile(rb"<page[\s>/]")
#: How much of the stream is cut into pieces at a time (a page bigger than this is fed in parts).
_BLOCK = 1 << 20


class _ReadAhead:
    """Decompresses in a thread of its own, a few blocks ahead of the XML parser.

    bzip2, gzip and xz decompression release the GIL, so this thread runs beside the one that
    parses the XML and hands pages on: ``wikiparse dump`` opts in (``read_ahead=True``) when
    a core is free for it, and its main process, which alone decompresses, then no longer
    does both in turn (on a 100 MB bzip2 dump about 3 CPU-s of decompression against 1 of
    everything else; it matters when more workers wait on it than it can feed alone).  The thread reads the same blocks as the
    parser would, in the same order, so a failure (truncated or corrupt archive) is raised in
    the parser's thread after exactly the blocks before it; ``count`` is the stored bytes read
    for the blocks handed out so far, so progress and error offsets do not run ahead.  At most
    ``DEPTH`` blocks wait in the queue: memory stays bounded.
    """

    DEPTH = 4

    def __init__(self, read: Callable[[int], bytes], counter: _Counter, block: int = _BLOCK) -> None:
        self._read = read
        self._counter = counter
        self._block = block
        self.count = counter.count
        self._queue: queue.Queue[tuple[bytes, int, BaseException | None]] = queue.Queue(self.DEPTH)
        self._stop = threading.Event()
        self._done = False
        self._thread = threading.Thread(target=self._run, name="wikiparse-dump-read-ahead", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                data = self._read(self._block)
                self._put((data, self._counter.count, None))
                if not data:
                    return
        except BaseException as exc:  # handed to the parser's thread, raised there
            self._put((b"", self._counter.count, exc))

    def _put(self, item: tuple[bytes, int, BaseException | None]) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def read(self, size: int = -1) -> bytes:
        """The next block (of the thread's size, whatever ``size`` asks: the reader's callers
        take pieces of any length); ``b""`` at the end."""
        if self._done:
            return b""
        data, self.count, exc = self._queue.get()
        if exc is not None:
            self._done = True
            raise exc
        if not data:
            self._done = True
        return data

    def stop(self) -> None:
        """Stop the thread (before the file under it is closed): it ends after its block."""
        self._stop.set()
        with contextlib.suppress(queue.Empty):
            while True:
                self._queue.get_nowait()
        self._thread.join(1.0)  # a pipe that sends nothing may keep it: it is a daemon


def _pieces(read: Callable[[int], bytes], block: int = _BLOCK) -> Iterator[bytes]:
    """The stream from ``read`` in consecutive pieces, each new page starting a new piece.

    A piece never spans the start of a page, so a fault in a piece concerns one page (or the
    text between two pages) and never a page before it.  Only 5 bytes are held back between
    blocks: a ``<page>`` tag cut by a block boundary is still seen whole.
    """
    carry = b""
    while True:
        data = read(block)
        buf = carry + data if carry else data
        limit = max(0, len(buf) - 5) if data else len(buf)
        start = 0
        for match in _PAGE_START.finditer(buf):
            at = match.start()
            if at >= limit:
                break
            if at > start:
                yield buf[start:at]
                start = at
        if limit > start:
            yield buf[start:limit]
        if not data:
            return
        carry = buf[limit:]


#: An entity reference other than XML's five: libxml2 (resolve_entities off) stops parsing at
#: one without a word, silently dropping the rest of the text, so the reader refuses it itself.
_UNDEFINED_ENTITY = re.compile(rb"&(?!(?:lt|gt|amp|quot|apos);)([A-Za-z_:][\w.:-]*);")
_LXML_POSITION = re.compile(r",? line (\d+), column \d+$")


def _undefined_entity(data: bytes) -> str | None:
    match = _UNDEFINED_ENTITY.search(data)
    if match is None:
        return None
    name = match.group(1).decode("ascii", "replace")
    return f"entity reference &{name}; (a dump only uses the five predefined XML entities)"


def _fault(exc: etree.XMLSyntaxError) -> tuple[str, int | None]:
    """libxml2's message without its position, and the line it names (``None``: none)."""
    msg = exc.msg or str(exc)
    match = _LXML_POSITION.search(msg)
    if match is not None:
        return msg[: match.start()], int(match.group(1))
    line = exc.position[0] if exc.position and exc.position[0] else None
    return msg, line


#: What may stand between two pages: white space and comments.
_GAP = re.compile(rb"(?:\s+|<!--(?:[^-]|-(?!->))*-->)*")
_ROOT_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_OPENING = re.compile(rb"<(?:[\w.-]+:)?mediawiki\b[^>]*>")
_TITLE = re.compile(rb"<title>([^<]{0,1000})</title>")
_PAGE_ID = re.compile(rb"<id>(\d{1,19})</id>")


class _Cutter:
    """Where the reader is in the XML: the current page's start and head, lines, the opening.

    The opening (everything up to the end of the ``<mediawiki ...>`` tag) is what a fresh
    parser is fed after a fault, so that it decodes and namespaces the rest like the first.
    """

    HEAD = 4096

    def __init__(self) -> None:
        self.offset = 0  # XML bytes before the current piece
        self.lines = 0  # newlines before the current piece
        self.page_at: int | None = None  # offset of the current page's <page>
        self.page_closed = False
        self.page_fault = ""
        self.gap = b""  # what follows the last </page> (up to HEAD bytes)
        self.root_seen = False
        self.head = b""  # the file's first bytes, until the opening is found
        self.opening = b""
        self.encoding = "utf-8"  # as declared: how titles of damaged pages are decoded
        self.page_head = b""
        self.tail = b""  # the last bytes of the previous piece (an entity cut by a block)
        self._line_base = 0  # what to add to a parser's line numbers

    def starts_page(self, piece: bytes) -> bool:
        return _PAGE_START.match(piece) is not None

    def take(self, piece: bytes) -> None:
        if not self.opening and len(self.head) < _BLOCK:
            self.head += piece[: _BLOCK - len(self.head)]
            match = _OPENING.search(self.head)
            if match is not None:
                self.opening = self.head[: match.end()]
                declared = _DECLARED_ENCODING.match(self.opening.lstrip(b"\xef\xbb\xbf"))
                if declared is not None:
                    self.encoding = declared.group(2).decode("ascii", "replace")
        if self.page_at is not None and len(self.page_head) < self.HEAD:
            self.page_head += piece[: self.HEAD - len(self.page_head)]

    def advance(self, piece: bytes) -> None:
        closing = piece.rfind(b"</page>")
        if closing >= 0:
            self.gap = piece[closing + 7 : closing + 7 + self.HEAD]
        elif len(self.gap) < self.HEAD:
            self.gap += piece[: self.HEAD - len(self.gap)]
        self.offset += len(piece)
        self.lines += piece.count(b"\n")
        self.tail = piece[-40:]

    def begin_page(self) -> None:
        self.page_at = self.offset
        self.page_closed = False
        self.page_fault = ""  # why a well-formed page is no dump page
        self.gap = b""
        self.page_head = b""
        self.tail = b""

    def restart(self) -> None:
        """A fresh parser has read the opening: its line 1 + n is this piece's line 1 + n."""
        self._line_base = self.lines - self.opening.count(b"\n")

    def absolute_line(self, line: int | None) -> int | None:
        return line + self._line_base if line else None

    def root_name(self) -> str | None:
        match = _ROOT_TAG.search(self.head.replace(b"<?", b"").replace(b"<!", b""))
        return match.group(1).decode("utf-8", "replace") if match else None

    def page_identity(self) -> tuple[str | None, int | None]:
        title = _TITLE.search(self.page_head)
        page_id = _PAGE_ID.search(self.page_head.partition(b"<revision")[0])
        try:
            text = title.group(1).decode(self.encoding, "replace") if title else None
        except LookupError:  # an encoding Python does not know (libxml2 may)
            text = title.group(1).decode("utf-8", "replace") if title else None
        if text is not None:
            text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            text = text.replace("&#039;", "'").replace("&amp;", "&")
        return text, int(page_id.group(1)) if page_id else None


class DumpReader(Iterator[Page]):
    """An iterator over a dump's pages that also exposes the dump's siteinfo and progress.

    ``config`` (read lazily, before the first page) is the wiki's :class:`ParserConfig`, or the
    English Wikipedia default when the export has no ``<siteinfo>``.  ``bytes_read`` counts the
    bytes taken from the file as stored (compressed), ``size`` is its size when known: together
    they give an honest progress fraction for compressed dumps.  With ``read_ahead=True`` a
    compressed dump is decompressed in a thread of its own, a few blocks ahead of the XML
    parser (see :class:`_ReadAhead`); pages, errors and offsets are the same.
    """

    def __init__(
        self, source: str | os.PathLike[str] | IO[bytes], *, history: bool = False,
        read_ahead: bool = False,
    ) -> None:
        self.history = history
        self.pages_read = 0
        self.last_page: Page | None = None
        self.siteinfo: dict[str, Any] | None = None
        self._config: ParserConfig | None = None
        self._pending: deque[Page] = deque()
        self._siteinfo_done = False
        self._finished = False  # read to the end of the XML, cleanly
        self._closed = False
        self._read_ahead: _ReadAhead | None = None  # see read_ahead
        self._revisions: list[Revision] = []
        #: Pages skipped because their XML is broken, in dump order (see :class:`DamagedPage`).
        self.damaged: list[DamagedPage] = []
        self.name = str(source) if isinstance(source, str | os.PathLike) else "<stream>"
        try:
            raw, self.name, self.size, self._owns = _open_source(source)
        except OSError as exc:
            raise DumpError(self.name, f"cannot open: {exc.strerror or exc}") from exc
        self._raw = raw
        self._counter = _Counter(raw)
        try:
            buffered = io.BufferedReader(self._counter, 1 << 16)
            self._stream = _decompressor(buffered)
            codec = _wide_codec(self._stream.peek(4)[:4])  # type: ignore[attr-defined]
        except (OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
            self.close()
            raise DumpError(self.name, f"cannot read: {exc}", offset=0) from exc
        read: Callable[[int], bytes] = self._stream.read
        if read_ahead and self._stream is not buffered:  # compressed: decompress in a thread
            self._read_ahead = _ReadAhead(read, self._counter)
            read = self._read_ahead.read
        if codec is not None:
            read = _Utf8Feed(read, codec).read
        self._feed = _XmlFeed(read)
        self._items = self._generate()

    # -- progress -------------------------------------------------------------------------

    @property
    def bytes_read(self) -> int:
        """Bytes read so far from the file as stored (compressed bytes for an archive)."""
        return self._counter.count if self._read_ahead is None else self._read_ahead.count

    @property
    def config(self) -> ParserConfig:
        """The wiki's parser configuration (reads ahead to the end of ``<siteinfo>``)."""
        while not self._siteinfo_done:
            try:
                self._pending.append(next(self._items))
            except StopIteration:
                break
        if self._config is None:
            self._config = (
                ParserConfig.from_siteinfo(self.siteinfo) if self.siteinfo else DEFAULT_CONFIG
            )
        return self._config

    # -- iteration ------------------------------------------------------------------------

    def __iter__(self) -> DumpReader:
        return self

    def __next__(self) -> Page:
        if self._pending:
            return self._pending.popleft()
        return next(self._items)

    def not_a_dump(self) -> NotADumpError | None:
        """Once the reader has been read to its end: the error that says the input held no
        ``<page>`` at all (so it was not a dump), or None.

        Reading such a file is no error (a ``<mediawiki>`` export of nothing iterates as empty),
        but a converter given it was almost surely given the wrong file: ``wikiparse dump``
        reports this and exits with status 2.
        """
        if self._finished and self.pages_read == 0 and not self.damaged:
            return NotADumpError(self.name, "not a MediaWiki dump (no <page> element in it)")
        return None

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._read_ahead is not None:
            self._read_ahead.stop()
        if self._owns:
            self._raw.close()

    def __enter__(self) -> DumpReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _generate(self) -> Iterator[Page]:
        try:
            yield from self._parse()
        except DumpError:
            raise
        except etree.XMLSyntaxError as exc:
            msg = exc.msg or str(exc)
            line = exc.position[0] if exc.position and ", line " not in msg else None
            if self._feed.count == 0:
                raise self._error(f"broken XML: {_EMPTY}", line, kind=NotADumpError) from exc
            raise self._error(f"broken XML: {msg}", line) from exc
        except EOFError as exc:
            raise self._error(f"truncated archive: {exc}") from exc
        except (OSError, zlib.error, lzma.LZMAError) as exc:
            raise self._error(f"corrupt or unreadable file: {exc}") from exc
        finally:
            self.close()

    def _error(
        self, reason: str, line: int | None = None, *, kind: type[DumpError] = DumpError
    ) -> DumpError:
        return kind(
            self.name,
            reason,
            offset=self.bytes_read,
            xml_offset=self._feed.count,
            line=line,
            last_page=self.last_page,
            pages_read=self.pages_read,
        )

    def _new_parser(self) -> Any:
        return etree.XMLPullParser(
            events=("start", "end"),
            tag=_TAGS,
            huge_tree=True,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            remove_comments=True,
            remove_pis=True,
        )

    def _parse(self) -> Iterator[Page]:
        """Feed lxml's pull parser the dump cut at every ``<page>`` start; resume after a fault.

        lxml's ``iterparse`` reads ahead and, depending on the lxml/libxml2 version, drops the
        events it had parsed when it meets a fault further on (lxml 6.2 lost every page of the
        first 32 KiB-1 MiB), and a fault ends it for good.  Here the parser is fed by hand, never
        past the start of the next page, and its events are collected after every feed, so a
        fault can only cost the page it is in.  After one, a fresh parser is given the dump's
        opening (XML declaration and ``<mediawiki>`` tag) and the stream from the next
        ``<page>`` on: the damaged page is recorded in :attr:`damaged` and reading goes on.
        """
        cut = _Cutter()
        parser = self._new_parser()
        broken = False
        for piece in _pieces(self._feed.read):
            if cut.starts_page(piece):
                if cut.page_at is None:
                    self._check_root(cut)
                elif not cut.page_closed and not broken:
                    self._damage(cut, "the page is not closed before the next <page>")
                    broken = True
                elif not broken and _GAP.fullmatch(cut.gap) is None:
                    self._damage(cut, f"unexpected {cut.gap.strip()[:40]!r}")
                    broken = True
                if broken:
                    parser = self._new_parser()
                    parser.feed(cut.opening)
                    broken = False
                    cut.restart()
                cut.begin_page()
            cut.take(piece)
            if broken:
                cut.advance(piece)
                continue
            fault: str | None = _undefined_entity(cut.tail + piece)
            line: int | None = None
            if fault is None:
                try:
                    parser.feed(piece)
                except etree.XMLSyntaxError as exc:
                    fault, line = _fault(exc)
            yield from self._take_events(parser, cut)
            if fault is not None:
                if cut.page_at is None:  # in <siteinfo>: nothing to resume from
                    raise self._error(f"broken XML: {fault}", cut.absolute_line(line))
                self._damage(cut, fault, cut.absolute_line(line))
                broken = True
            cut.advance(piece)
        if broken:
            return
        self._check_root(cut)
        try:
            parser.close()
        except etree.XMLSyntaxError as exc:
            fault, line = _fault(exc)
            if self._feed.count == 0:
                raise self._error(
                    f"broken XML: {_EMPTY}", cut.absolute_line(line), kind=NotADumpError
                ) from exc
            if cut.page_at is not None and not cut.page_closed:
                fault = f"the file ends inside a page ({fault})"
            raise self._error(f"broken XML: {fault}", cut.absolute_line(line)) from exc
        self._siteinfo_done = True
        self._finished = True

    def _take_events(self, parser: Any, cut: _Cutter) -> Iterator[Page]:
        for event, item in parser.read_events():
            elem: Any = item
            tag = _local(elem.tag)
            if event == "start":
                if tag == "mediawiki":
                    cut.root_seen = True
                continue
            if tag == "revision":
                try:
                    rev = _revision(elem)
                except _NotADumpPage as exc:
                    cut.page_fault = cut.page_fault or str(exc)
                    elem.clear()
                    continue
                if self.history:
                    self._revisions.append(rev)
                else:
                    self._revisions[:] = [rev]
                elem.clear()
                continue
            if tag == "mediawiki":
                continue
            if tag == "siteinfo":
                self.siteinfo = _siteinfo_dict(elem)
                self._siteinfo_done = True
            elif cut.page_fault:
                cut.page_closed = True
                self._siteinfo_done = True
                self._damage(cut, cut.page_fault)
            else:
                self._siteinfo_done = True
                cut.page_closed = True
                page = self._page(elem, self._revisions)
                self._revisions = []
                self.pages_read += 1
                self.last_page = page
                yield page
            self._free(elem)

    def _check_root(self, cut: _Cutter) -> None:
        """A file whose root element is not ``<mediawiki>`` is not a dump: say so, once."""
        if cut.root_seen:
            return
        name = cut.root_name()
        if name is None:
            return  # no element at all: the parser's own error says what is wrong
        raise self._error(
            f"not a MediaWiki dump: the root element is <{name}>, not <mediawiki>", kind=NotADumpError
        )

    def _damage(self, cut: _Cutter, reason: str, line: int | None = None) -> None:
        self._revisions = []
        title, page_id = cut.page_identity()
        at = cut.page_at or 0
        if cut.page_closed and not cut.page_fault:  # the page itself was read and yielded
            reason = f"broken XML between pages, after page id {page_id} ({reason})"
            title, page_id, at = None, None, cut.offset
        self.damaged.append(DamagedPage(at, " ".join(reason.split()), title, page_id, line))

    @staticmethod
    def _free(elem: Any) -> None:
        """Drop ``elem`` and everything parsed before it, keeping memory flat."""
        elem.clear()
        parent = elem.getparent()
        if parent is not None:
            while elem.getprevious() is not None:
                del parent[0]

    def _page(self, elem: Any, revisions: list[Revision]) -> Page:
        title = ""
        ns: int | None = None
        page_id: int | None = None
        redirect: str | None = None
        for child in elem:
            tag = _local(child.tag)
            if tag == "title":
                title = child.text or ""
            elif tag == "ns":
                ns = _int(child.text)
            elif tag == "id":
                page_id = _int(child.text)
            elif tag == "redirect":
                redirect = child.get("title") or ""
        if ns is None:
            ns = self.config.split_namespace(title)[0] if title else 0
        latest = revisions[-1] if revisions else None
        return Page(
            title=title,
            namespace=ns,
            id=page_id,
            redirect=redirect,
            revision_id=latest.id if latest else None,
            timestamp=latest.timestamp if latest else "",
            text=latest.text if latest else "",
            revisions=tuple(revisions),
        )


def iter_pages(
    path_or_file: str | os.PathLike[str] | IO[bytes], *, history: bool = False
) -> DumpReader:
    """Stream the pages of a MediaWiki XML dump (``.xml``, ``.bz2``, ``.gz``, ``.xz``, or ``-``).

    Returns a :class:`DumpReader`: iterate it for :class:`Page` records; its ``config`` is the
    wiki's :class:`ParserConfig` built from ``<siteinfo>``.  With ``history=True`` each page
    carries all its revisions, otherwise only the latest.  Raises :class:`DumpError` (a one-line
    message) when the file cannot be opened or stops being a readable dump.

    >>> reader = iter_pages("fixtures/dumps/testcorpus.xml.bz2")
    >>> reader.config.site_name, next(reader).title
    ('Wikipedia', 'Article1')
    """
    return DumpReader(path_or_file, history=history)
