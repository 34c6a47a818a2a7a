"""The dump pipeline's own steps around a page's rendering: the worker's JSONL line, the
worker's start-up check of the renderer (see ``wikiparse._convert``) and the reader's
decompression thread (``DumpReader(read_ahead=True)``, see ``wikiparse.dumps``)."""

from __future__ import annotations

import bz2
import gzip
import io
import itertools
import json
import lzma
import os
import re
import threading
from pathlib import Path
from typing import Any

import pytest

from test_dumps import make_dump, page_xml
from wikiparse._convert import DumpJob, _core_to_spare, _json_line, dumps_json, run_dump
from wikiparse.cli import main
from wikiparse.dumps import DamagedPage, DumpError, DumpReader, Page

DUMPS = Path(__file__).resolve().parent.parent / "fixtures" / "dumps"
TESTCORPUS = DUMPS / "testcorpus.xml.bz2"


def _deep(levels: int) -> dict[str, Any]:
    """A JSON value nested deeper than the C encoder goes (an AST of a deeply nested page)."""
    value: dict[str, Any] = {"type": "Text", "value": "x\udfff"}
    for _ in range(levels):
        value = {"type": "Bold", "children": [value]}
    return value


RECORDS: dict[str, dict[str, Any]] = {
    "ascii": {"id": 1, "title": "T", "text": "plain"},
    "wide": {"id": 2, "title": "\u00e9\U0001d11e", "text": "\u4e2d\u6587 \U0001f600\n\t\"q\""},
    "lone-low": {"id": 3, "title": "T", "text": "a\udfffb"},
    "lone-high": {"id": None, "title": "\ud800", "text": ""},
    "pair-of-lone-halves": {"id": 4, "title": "T", "text": "\ud83d\ude00"},
    "deep-with-surrogate": {"id": 5, "title": "T", "json": _deep(5000)},
}


@pytest.mark.parametrize("name", list(RECORDS))
def test_a_worker_line_is_the_records_json_as_dumps_json_writes_it(name: str) -> None:
    """The fast path (C encoder, strict UTF-8) and its fallbacks (a lone surrogate escaped, an
    AST too deep for the C encoder) all give exactly ``dumps_json``'s text, as valid UTF-8."""
    record = RECORDS[name]
    expected = dumps_json(record).encode("utf-8") + b"\n"
    line = _json_line(dict(record))
    assert line == expected
    assert line.count(b"\n") == 1
    if name != "deep-with-surrogate":  # (two lone halves written in a row read back as one pair)
        assert json.loads(line) == json.loads(dumps_json(record))


def test_the_record_is_emptied_once_its_line_is_written() -> None:
    """The worker's record (holding the page's output) is let go before the text is encoded."""
    record = {"id": 1, "title": "T", "text": "x" * 1000}
    assert _json_line(record).startswith(b'{"id":1')
    assert record == {}


def test_a_bad_option_ends_the_run_in_one_line_and_leaves_the_output_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The renderer is tried before the output is opened: an unknown ``-O`` option stops the
    run with one line and status 2, and an existing output file survives, ``--force`` too."""
    out = tmp_path / "o.jsonl"
    out.write_bytes(b"kept\n")
    code = main(["dump", str(TESTCORPUS), "--to", "text", "-O", "no_such_option=1", "-o", str(out),
                 "-j", "1", "-q", "--force"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("wikiparse: error: cannot render --to text") and err.count("\n") == 1
    assert "no_such_option" in err
    assert out.read_bytes() == b"kept\n"


# --------------------------------------------------------------------------------------------
# Read-ahead: a compressed dump decompressed in a thread reads exactly as without it
# --------------------------------------------------------------------------------------------

ENWIKI = DUMPS / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"


def _hostile_xml() -> bytes:
    """A dump whose pages 2 and 7 of 10 are damaged (as in test_hostile_dumps)."""
    pages = [page_xml(f"P{i}", i + 1, [f"text of page {i} " + "x" * 300_000]) for i in range(10)]
    pages[2] = pages[2].replace("text of page", "text &e; of page", 1)
    pages[7] = pages[7].replace("<revision>", "<revision><ti tle>", 1)
    return make_dump(pages)


def _blob(name: str) -> bytes:
    enwiki = ENWIKI.read_bytes()
    if name == "enwiki-bz2":
        return enwiki
    if name == "bgwiki-utf16-bz2":
        return (DUMPS / "bgwiki-latest-pages-articles-shortened.xml.bz2").read_bytes()
    if name == "multistream-bz2":
        xml = bz2.decompress(enwiki)
        cuts = [*[m.start() for m in re.finditer(rb"  <page>", xml)][::50], len(xml)]
        return bz2.compress(xml[: cuts[0]]) + b"".join(
            bz2.compress(xml[a:b]) for a, b in itertools.pairwise(cuts))
    if name == "truncated-bz2":
        return enwiki[: len(enwiki) // 2]
    if name == "corrupt-bz2":
        middle = len(enwiki) // 2
        return enwiki[:middle] + b"\x00" * 64 + enwiki[middle + 64 :]
    if name == "truncated-gzip":
        gz = gzip.compress(bz2.decompress(enwiki), compresslevel=1)
        return gz[: len(gz) * 3 // 4]
    if name == "hostile-xz":
        return lzma.compress(_hostile_xml())
    if name == "hostile-bz2-cut-in-a-page":
        xml = _hostile_xml()
        return bz2.compress(xml[: xml.index(b"text of page 8") + 1000])
    raise AssertionError(name)


BLOBS = ["enwiki-bz2", "bgwiki-utf16-bz2", "multistream-bz2", "truncated-bz2", "corrupt-bz2",
         "truncated-gzip", "hostile-xz", "hostile-bz2-cut-in-a-page"]


def _read_all(blob: bytes, *, read_ahead: bool) -> tuple[list[Page], list[DamagedPage], str, list[int]]:
    """Every page, every damaged page, the closing error (``""``: none) and the progress seen."""
    reader = DumpReader(io.BytesIO(blob), read_ahead=read_ahead)
    pages: list[Page] = []
    progress: list[int] = []
    error = ""
    try:
        for page in reader:
            pages.append(page)
            progress.append(reader.bytes_read)
    except DumpError as exc:
        error = str(exc)
    progress.append(reader.bytes_read)
    return pages, reader.damaged, error, progress


@pytest.mark.parametrize("name", BLOBS)
def test_read_ahead_reads_pages_faults_and_offsets_the_same(name: str) -> None:
    blob = _blob(name)
    plain = _read_all(blob, read_ahead=False)
    ahead = _read_all(blob, read_ahead=True)
    assert ahead[:3] == plain[:3]
    assert ahead[3] == sorted(ahead[3]) and ahead[3][-1] <= len(blob)
    assert plain[0] or plain[2]  # (every case reads something)


def test_read_ahead_stops_its_thread_when_the_reader_is_closed_early() -> None:
    before = {t.name for t in threading.enumerate()}
    with DumpReader(ENWIKI, read_ahead=True) as reader:
        assert next(reader).title
        assert reader.bytes_read < ENWIKI.stat().st_size  # the thread is only a few blocks ahead
    assert not [t for t in threading.enumerate() if t.name == "wikiparse-dump-read-ahead"]
    assert {t.name for t in threading.enumerate()} <= before


def test_plain_xml_is_read_without_a_thread(tmp_path: Path) -> None:
    path = tmp_path / "d.xml"
    path.write_bytes(_hostile_xml())
    reader = DumpReader(path, read_ahead=True)
    assert reader._read_ahead is None
    assert [p.title for p in reader] == [f"P{i}" for i in range(10) if i not in (2, 7)]


def test_the_decompression_thread_waits_for_a_free_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """``wikiparse dump`` decompresses in a thread only when a core is left besides the workers
    and the main process: on cores all taken the thread costs CPU and gains nothing."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(4)), raising=False)
    assert _core_to_spare(1) and _core_to_spare(2)
    assert not _core_to_spare(3) and not _core_to_spare(4)


@pytest.mark.parametrize("cores", [1, 8])
def test_a_dump_converts_the_same_with_and_without_the_thread(
    cores: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    blob = _blob("truncated-bz2")
    out = tmp_path / "out.jsonl"
    summary = run_dump(DumpJob(source=io.BytesIO(blob), fmt="wikitext", output=str(out), jobs=1))
    pages, _damaged, error, _progress = _read_all(blob, read_ahead=False)
    assert str(summary.error) == error
    assert [json.loads(line)["wikitext"] for line in out.read_bytes().splitlines()] == [p.text for p in pages]
