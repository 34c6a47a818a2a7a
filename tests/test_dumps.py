"""wikiparse.dumps: streaming pages out of MediaWiki XML exports, on the bundled real dumps.

Every error case is a real damaged file made from a real dump (cut archives, cut XML, a bad
byte), and every check is on what the reader yields and on the one-line error it raises.
"""

from __future__ import annotations

import bz2
import gzip
import io
import itertools
import lzma
import re
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikiparse.config import DEFAULT_CONFIG
from wikiparse.dumps import DumpError, DumpReader, Page, iter_pages

DUMPS = Path(__file__).resolve().parent.parent / "fixtures" / "dumps"
TESTCORPUS = DUMPS / "testcorpus.xml.bz2"
ENWIKI = DUMPS / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
BGWIKI = DUMPS / "bgwiki-latest-pages-articles-shortened.xml.bz2"
TABLES = DUMPS / "enwiki-table-markup.xml.bz2"

HEADER = (
    '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">\n'
    "  <siteinfo>\n    <sitename>Testwiki</sitename>\n    <case>first-letter</case>\n"
    '    <namespaces>\n      <namespace key="0" case="first-letter" />\n'
    '      <namespace key="6" case="first-letter">Datei</namespace>\n'
    '      <namespace key="14" case="first-letter">Kategorie</namespace>\n'
    "    </namespaces>\n  </siteinfo>\n"
)


def page_xml(
    title: str, page_id: int, texts: list[str], *, ns: int | None = 0, redirect: str | None = None
) -> str:
    """One ``<page>`` element as MediaWiki writes it (revisions in chronological order)."""
    out = [f"  <page>\n    <title>{escape(title)}</title>\n"]
    if ns is not None:
        out.append(f"    <ns>{ns}</ns>\n")
    out.append(f"    <id>{page_id}</id>\n")
    if redirect is not None:
        out.append(f"    <redirect title={quoteattr(redirect)} />\n")
    for i, text in enumerate(texts):
        out.append(
            f"    <revision>\n      <id>{page_id * 100 + i}</id>\n"
            f"      <timestamp>2020-01-0{i + 1}T00:00:00Z</timestamp>\n"
            "      <contributor><username>Ann</username><id>7</id></contributor>\n"
            + ("      <minor />\n" if i else "")
            + f'      <model>wikitext</model>\n      <text bytes="{len(text)}" xml:space="preserve">'
            f"{escape(text)}</text>\n    </revision>\n"
        )
    out.append("  </page>\n")
    return "".join(out)


def make_dump(pages: list[str], *, header: str = HEADER) -> bytes:
    return (header + "".join(pages) + "</mediawiki>\n").encode("utf-8")


@pytest.fixture(scope="module")
def enwiki_xml() -> bytes:
    return bz2.decompress(ENWIKI.read_bytes())


# --------------------------------------------------------------------------------------------
# The real sample dumps
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "count", "first"),
    [(TESTCORPUS, 9, "Article1"), (ENWIKI, 206, "AccessibleComputing"),
     (BGWIKI, 3, "Григориански календар"), (TABLES, 5, "Constructive vote of no confidence")],
    ids=lambda v: v.name if isinstance(v, Path) else str(v),
)
def test_every_sample_dump_streams_completely(path: Path, count: int, first: str) -> None:
    pages = list(iter_pages(path))
    assert len(pages) == count
    assert pages[0].title == first
    assert all(isinstance(p, Page) and p.text and p.revision_id for p in pages)
    assert len({p.id for p in pages}) == count


def test_enwiki_records_carry_identity_revision_and_redirects() -> None:
    pages = list(iter_pages(ENWIKI))
    first = pages[0]
    assert (first.title, first.namespace, first.id) == ("AccessibleComputing", 0, 10)
    assert first.redirect == "Computer accessibility"
    assert first.revision_id == 631144794
    assert first.timestamp == "2014-10-26T04:50:23Z"
    assert first.text.startswith("#REDIRECT [[Computer accessibility]]")
    assert len(first.revisions) == 1 and first.revisions[0].contributor
    anarchism = next(p for p in pages if p.title == "Anarchism")
    assert anarchism.redirect is None and anarchism.id == 12
    assert "'''Anarchism''' is a [[political philosophy]]" in anarchism.text
    redirects = [p for p in pages if p.redirect is not None]
    assert all(p.text.lstrip().upper().startswith("#REDIRECT") for p in redirects)
    assert 0 < len(redirects) < len(pages)


def test_bgwiki_utf16_dump_and_its_local_namespace_names() -> None:
    reader = iter_pages(BGWIKI)
    config = reader.config
    assert config.site_name == "Уикипедия"
    assert config.namespace_id("Файл") == 6
    assert config.namespace_id("Категория") == 14
    assert config.namespace_id("File") == 6  # the English names keep working
    assert config.namespace_name(14) == "Категория"
    pages = list(reader)
    assert pages[0].title == "Григориански календар"
    assert any("[[Категория:" in p.text for p in pages)


def test_export_without_siteinfo_gets_the_default_config() -> None:
    reader = iter_pages(TABLES)
    assert reader.config is DEFAULT_CONFIG
    assert reader.siteinfo is None
    assert len(list(reader)) == 5


def test_config_is_read_before_the_first_page_without_losing_it() -> None:
    reader = iter_pages(TESTCORPUS)
    assert reader.config.site_name == "Wikipedia"
    assert [p.title for p in reader][:2] == ["Article1", "Article2"]


# --------------------------------------------------------------------------------------------
# Sources: paths, streams, compressions, encodings
# --------------------------------------------------------------------------------------------


def _titles(source: object) -> list[str]:
    return [p.title for p in iter_pages(source)]  # type: ignore[arg-type]


def test_plain_gzip_xz_and_streams_read_the_same(tmp_path: Path, enwiki_xml: bytes) -> None:
    expected = _titles(ENWIKI)
    plain = tmp_path / "dump.xml"
    plain.write_bytes(enwiki_xml)
    gz = tmp_path / "dump.xml.gz"
    gz.write_bytes(gzip.compress(enwiki_xml, compresslevel=1))
    xz = tmp_path / "dump.xml.xz"
    xz.write_bytes(lzma.compress(enwiki_xml, preset=0))
    misnamed = tmp_path / "dump.txt"  # the compression is recognised from the bytes
    misnamed.write_bytes(ENWIKI.read_bytes())
    assert _titles(plain) == expected
    assert _titles(str(gz)) == expected
    assert _titles(xz) == expected
    assert _titles(misnamed) == expected
    with open(ENWIKI, "rb") as fh:
        assert _titles(fh) == expected
    assert _titles(io.BytesIO(enwiki_xml)) == expected


def test_multistream_bz2_is_read_across_streams(enwiki_xml: bytes) -> None:
    """Wikimedia's multistream files: the header, then 100 pages per bz2 stream, concatenated."""
    starts = [m.start() for m in re.finditer(rb"  <page>", enwiki_xml)]
    cuts = [0, starts[0], *starts[1::100], len(enwiki_xml)]
    streams = b"".join(
        bz2.compress(enwiki_xml[a:b], compresslevel=1) for a, b in itertools.pairwise(cuts)
    )
    assert streams.count(b"BZh") >= 3
    assert _titles(io.BytesIO(streams)) == _titles(ENWIKI)


def test_utf16_and_bom_and_declared_encodings() -> None:
    body = make_dump([page_xml("Ελληνικά", 1, ["Καλημέρα [[Datei:X.png]]"])]).decode()
    utf16 = body.replace("<mediawiki", '<?xml version="1.0" encoding="UTF-16"?>\n<mediawiki', 1)
    latin = body.replace("Ελληνικά", "Café").replace("Καλημέρα", "Crème")
    latin = '<?xml version="1.0" encoding="ISO-8859-1"?>\n' + latin
    for blob in (utf16.encode("utf-16"), b"\xef\xbb\xbf" + body.encode(), latin.encode("latin-1")):
        (page,) = iter_pages(io.BytesIO(blob))
        assert page.title in ("Ελληνικά", "Café")
        assert page.text in ("Καλημέρα [[Datei:X.png]]", "Crème [[Datei:X.png]]")


def test_history_keeps_every_revision_on_request() -> None:
    blob = make_dump([page_xml("H", 5, ["v1", "v2", "v3"]), page_xml("I", 6, ["only"])])
    latest = list(iter_pages(io.BytesIO(blob)))
    assert [p.text for p in latest] == ["v3", "only"]
    assert [len(p.revisions) for p in latest] == [1, 1]
    assert latest[0].revision_id == 502
    full = list(iter_pages(io.BytesIO(blob), history=True))
    assert [r.text for r in full[0].revisions] == ["v1", "v2", "v3"]
    assert [r.minor for r in full[0].revisions] == [False, True, True]
    assert full[0].text == "v3" and full[0].timestamp == "2020-01-03T00:00:00Z"


def test_namespace_from_title_when_ns_is_missing_and_redirect_attribute() -> None:
    blob = make_dump(
        [page_xml("Kategorie:Tiere", 1, ["x"], ns=None), page_xml("A", 2, ["#WEITERLEITUNG [[B]]"], redirect="B")]
    )
    cat, red = iter_pages(io.BytesIO(blob))
    assert cat.namespace == 14
    assert red.redirect == "B" and red.is_redirect and not cat.is_redirect


def test_a_dump_without_pages_is_empty_not_an_error() -> None:
    reader = iter_pages(io.BytesIO(make_dump([])))
    assert list(reader) == []
    assert reader.config.site_name == "Testwiki"


def _stream_pages(count: int, size: int) -> Iterator[bytes]:
    yield HEADER.encode()
    filler = ("Lorem ipsum [[dolor]] sit amet. " * (size // 32 + 1))[:size]
    for i in range(count):
        yield page_xml(f"Page {i}", i + 1, [filler]).encode()
    yield b"</mediawiki>\n"


class _Generated(io.RawIOBase):
    """A dump produced on the fly: memory use is the reader's alone."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray) -> int:  # type: ignore[override]
        while not self._buf:
            try:
                self._buf = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def _rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096


def test_memory_stays_flat_while_streaming_a_large_dump() -> None:
    """80 MB of XML through the reader: resident memory must not grow with it."""
    pages = iter_pages(io.BufferedReader(_Generated(_stream_pages(4000, 20_000))))
    baseline = 0
    for i, page in enumerate(pages):
        assert len(page.text) == 20_000
        if i == 200:
            baseline = _rss()
    grown = _rss() - baseline
    assert pages.pages_read == 4000
    assert grown < 16 * 2**20, f"RSS grew by {grown / 2**20:.1f} MB"


# --------------------------------------------------------------------------------------------
# Damaged files: everything before the fault is yielded, then one clear DumpError
# --------------------------------------------------------------------------------------------


def _read_until_error(source: object) -> tuple[list[Page], DumpError]:
    got: list[Page] = []
    with pytest.raises(DumpError) as info:
        for page in iter_pages(source):  # type: ignore[arg-type]
            got.append(page)
    return got, info.value


def test_truncated_bz2(tmp_path: Path) -> None:
    path = tmp_path / "cut.xml.bz2"
    data = ENWIKI.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    pages, error = _read_until_error(path)
    assert 20 < len(pages) < 206
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"{path}: truncated archive")
    assert f"byte {len(data) // 2} of the file" in message
    assert f"after page {len(pages)} (id {pages[-1].id}, {pages[-1].title!r})" in message


def test_truncated_gzip(tmp_path: Path, enwiki_xml: bytes) -> None:
    path = tmp_path / "cut.xml.gz"
    data = gzip.compress(enwiki_xml, compresslevel=1)
    path.write_bytes(data[: len(data) * 3 // 4])
    pages, error = _read_until_error(path)
    assert 50 < len(pages) < 206
    assert "truncated archive" in str(error) and str(path) in str(error)
    assert error.offset == len(data) * 3 // 4


def test_corrupt_bz2_block(tmp_path: Path) -> None:
    data = bytearray(ENWIKI.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = b"\x00" * 64
    path = tmp_path / "corrupt.bz2"
    path.write_bytes(bytes(data))
    pages, error = _read_until_error(path)
    assert len(pages) < 206
    assert "corrupt" in str(error) or "truncated" in str(error)


def test_xml_cut_mid_page(enwiki_xml: bytes) -> None:
    starts = [m.start() for m in re.finditer(rb"  <page>", enwiki_xml)]
    cut = starts[30] + 500  # inside page 31
    pages, error = _read_until_error(io.BytesIO(enwiki_xml[:cut]))
    assert len(pages) == 30
    assert error.reason.startswith("broken XML")
    assert error.last_page is pages[-1]
    assert "<stream>" in str(error) and "after page 30" in str(error)


def test_invalid_utf8_costs_its_page_alone(enwiki_xml: bytes) -> None:
    pos = enwiki_xml.index(b"<text", enwiki_xml.index(b"<title>Anarchism</title>")) + 300
    bad = enwiki_xml[:pos] + b"\xff\xfe\xc3" + enwiki_xml[pos:]
    reader = iter_pages(io.BytesIO(bad))
    titles = [p.title for p in reader]
    everything = [p.title for p in iter_pages(io.BytesIO(enwiki_xml))]
    assert titles == [t for t in everything if t != "Anarchism"]
    (damage,) = reader.damaged
    assert damage.title == "Anarchism" and damage.id == 12
    assert damage.offset == bad.rindex(b"<page>", 0, pos)
    assert damage.line == bad[:pos].count(b"\n") + 1
    assert str(damage) == (
        f"damaged page in the dump (byte {damage.offset} of the XML, XML line {damage.line}): "
        + damage.reason
    )
    assert re.match("Invalid bytes in character encoding|Input is not proper UTF-8", damage.reason)


def test_empty_file_and_missing_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    pages, error = _read_until_error(empty)
    assert pages == [] and "empty file" in str(error) and str(empty) in str(error)
    empty_bz2 = tmp_path / "empty.xml.bz2"
    empty_bz2.write_bytes(bz2.compress(b""))
    assert _read_until_error(empty_bz2)[0] == []
    with pytest.raises(DumpError, match="cannot open"):
        iter_pages(tmp_path / "missing.xml.bz2")
    with pytest.raises(DumpError, match="cannot open: Is a directory"):
        iter_pages(tmp_path)
    with open(empty) as text_mode, pytest.raises(TypeError, match="binary stream"):
        iter_pages(text_mode)  # type: ignore[arg-type]


def test_reader_reports_progress_in_stored_bytes() -> None:
    with DumpReader(ENWIKI) as reader:
        assert reader.size == ENWIKI.stat().st_size
        next(reader)
        assert 0 < reader.bytes_read < reader.size
        for _ in reader:
            pass
        assert reader.bytes_read == reader.size


# --------------------------------------------------------------------------------------------
# Property: whatever the titles and texts, the reader gives them back exactly
# --------------------------------------------------------------------------------------------

_XML_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"
) | st.sampled_from("\n\t<>&\"'[]{}|=")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(_XML_CHARS, min_size=1, max_size=30).filter(str.strip),
                  st.lists(st.text(_XML_CHARS, max_size=200), min_size=1, max_size=3)),
        max_size=6,
    ),
    st.sampled_from(["utf-8", "utf-16", "gzip", "bz2"]),
)
def test_property_pages_come_back_exactly(pages: list[tuple[str, list[str]]], packing: str) -> None:
    blob = make_dump([page_xml(title, i + 1, texts) for i, (title, texts) in enumerate(pages)])
    if packing == "utf-16":
        blob = blob.decode().replace("<mediawiki", '<?xml version="1.0" encoding="UTF-16"?><mediawiki', 1).encode("utf-16")
    elif packing == "gzip":
        blob = gzip.compress(blob, compresslevel=1)
    elif packing == "bz2":
        blob = bz2.compress(blob, compresslevel=1)
    got = list(iter_pages(io.BytesIO(blob), history=True))
    assert [(p.title, [r.text for r in p.revisions]) for p in got] == pages
    assert [p.text for p in got] == [texts[-1] for _, texts in pages]


# --------------------------------------------------------------------------------------------
# A fault costs nothing before it, whatever lxml reads ahead (lxml 6.2 lost up to 1 MiB of pages)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad_page", [0, 1, 2, 10, 49])
def test_every_page_but_the_one_with_a_bad_byte_is_yielded(bad_page: int) -> None:
    pages = [page_xml(f"P{i}", i + 1, [f"text {i} [[link]]"]) for i in range(50)]
    blob = make_dump(pages)
    at = blob.index(f"text {bad_page} ".encode())
    blob = blob[:at] + b"\xff" + blob[at:]
    reader = iter_pages(io.BytesIO(blob))
    assert [p.title for p in reader] == [f"P{i}" for i in range(50) if i != bad_page]
    assert [(d.title, d.id) for d in reader.damaged] == [(f"P{bad_page}", bad_page + 1)]


@pytest.mark.parametrize("block", [1, 2, 5, 6, 7, 64])
def test_pieces_cut_at_every_page_start_whatever_the_block_size(block: int) -> None:
    from wikiparse.dumps import _pieces

    blob = make_dump([page_xml(f"P{i}", i + 1, ["x <page> y"]) for i in range(4)])
    stream = io.BytesIO(blob)
    pieces = list(_pieces(stream.read, block))
    assert b"".join(pieces) == blob
    starts = [m.start() for m in re.finditer(rb"<page>", blob)]
    offsets = list(itertools.accumulate(len(p) for p in pieces))
    assert set(starts) <= {0, *offsets}


def test_the_reader_decides_what_is_not_a_dump() -> None:
    """One place decides "not a dump" (the CLI maps the verdict to exit status 2)."""
    from wikiparse.dumps import DumpReader, NotADumpError

    empty = DumpReader(io.BytesIO(make_dump([])))
    assert empty.not_a_dump() is None  # not read to its end yet
    assert list(empty) == []
    verdict = empty.not_a_dump()
    assert isinstance(verdict, NotADumpError)
    assert str(verdict) == "<stream>: not a MediaWiki dump (no <page> element in it)"
    full = DumpReader(io.BytesIO(make_dump([page_xml("A", 1, ["x"])])))
    assert [p.title for p in full] == ["A"]
    assert full.not_a_dump() is None
    for data in (b"", b"<rss><channel/></rss>"):
        with pytest.raises(NotADumpError):
            list(iter_pages(io.BytesIO(data)))
