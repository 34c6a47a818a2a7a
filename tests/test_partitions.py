"""Engine-neutral dump partitions (``wikiparse._partitions``) and Parquet output.

The multistream dump is made here from the bundled enwiki sample (decompressed, re-compressed
in 10-page bzip2 streams, with its ``offset:id:title`` index), not committed as a binary.
"""

from __future__ import annotations

import bz2
import io
import itertools
import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wikiparse._convert import DumpJob, run_dump
from wikiparse._parquet import jsonl_to_parquet, schema
from wikiparse._partitions import (
    Partition,
    PartitionError,
    PartSettings,
    convert_partition,
    find_index,
    parse_size,
    part_done,
    plan_partitions,
    read_partition,
    write_multistream,
)
from wikiparse.cli import main
from wikiparse.dumps import iter_pages

ROOT = Path(__file__).resolve().parent.parent
ENWIKI = ROOT / "fixtures" / "dumps" / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
PAGES = 206


@pytest.fixture(scope="module")
def multistream(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The enwiki sample as a multistream dump of 10-page streams, its index beside it."""
    folder = tmp_path_factory.mktemp("multistream")
    dump = folder / "enwiki-sample-pages-articles-multistream.xml.bz2"
    index = folder / "enwiki-sample-pages-articles-multistream-index.txt.bz2"
    streams = write_multistream(bz2.decompress(ENWIKI.read_bytes()), str(dump), str(index),
                                pages_per_stream=10, compresslevel=1)
    assert streams == 21
    return dump


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


@pytest.fixture(scope="module")
def local_text(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``wikiparse dump --to text`` of the sample with the local engine: the reference."""
    out = tmp_path_factory.mktemp("local") / "enwiki.jsonl"
    summary = run_dump(DumpJob(source=str(ENWIKI), fmt="text", output=str(out), jobs=2,
                               start_method="forkserver"))
    assert summary.exit_code == 0 and summary.written == PAGES
    return out


def test_the_multistream_file_is_the_same_dump(multistream: Path) -> None:
    assert bz2.decompress(multistream.read_bytes()) == bz2.decompress(ENWIKI.read_bytes())
    data = multistream.read_bytes()
    assert data.count(b"BZh1") >= 23  # header, 21 page streams, footer
    index = bz2.decompress(Path(find_index(str(multistream)) or "").read_bytes()).splitlines()
    assert len(index) == PAGES
    assert index[0].split(b":", 2)[1:] == [b"10", b"AccessibleComputing"]


@pytest.mark.parametrize(("size", "count"), [(1, 21), ("300KB", 6), ("1GB", 1)])
def test_plan_groups_whole_streams(multistream: Path, size: int | str, count: int) -> None:
    parts = plan_partitions(str(multistream), partition_size=size)
    assert len(parts) == count
    assert [p.number for p in parts] == list(range(count))
    assert parts[0].header == (0, parts[0].start)
    assert all(a.end == b.start for a, b in itertools.pairwise(parts))
    assert parts[-1].end == multistream.stat().st_size
    assert sum(p.pages or 0 for p in parts) == PAGES
    assert {p.wiki for p in parts} == {"enwiki"}
    if size == 1:
        assert [p.pages for p in parts] == [10] * 20 + [6]


@pytest.mark.parametrize("size", [1, "300KB", "1GB"])
def test_partitions_read_every_page_once_in_order(multistream: Path, size: int | str) -> None:
    expected = list(iter_pages(ENWIKI))
    got = [page for part in plan_partitions(str(multistream), partition_size=size)
           for page in read_partition(part)]
    assert got == expected


def test_other_files_are_one_partition_each(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    for name in ("enwiki-1.xml.bz2", "enwiki-2.xml.bz2"):
        (tmp_path / "a" / name).write_bytes(ENWIKI.read_bytes())
    parts = plan_partitions(str(tmp_path / "a" / "*.bz2"))
    assert [(p.number, os.path.basename(p.url), p.start, p.header, p.wiki) for p in parts] == [
        (0, "enwiki-1.xml.bz2", None, None, "enwiki"), (1, "enwiki-2.xml.bz2", None, None, "enwiki"),
    ]
    assert len(list(read_partition(parts[1]))) == PAGES
    with pytest.raises(FileNotFoundError):
        plan_partitions(str(tmp_path / "missing.xml.bz2"))


def test_every_language_in_one_plan(tmp_path: Path) -> None:
    """Dumps of several wikis in one run: each partition knows its own wiki (bgwiki is UTF-16)."""
    for dump in ("bgwiki-latest-pages-articles-shortened.xml.bz2", ENWIKI.name):
        (tmp_path / dump).write_bytes((ENWIKI.parent / dump).read_bytes())
    parts = plan_partitions(str(tmp_path / "*wiki-latest-pages-articles*"))
    assert [p.wiki for p in parts] == ["bgwiki", "enwiki"]
    first = next(read_partition(parts[0]))
    assert first == next(iter_pages(ENWIKI.parent / "bgwiki-latest-pages-articles-shortened.xml.bz2"))


@pytest.mark.parametrize(("dump", "index"), [
    ("enwiki-20260101-pages-articles-multistream.xml.bz2",
     "enwiki-20260101-pages-articles-multistream-index.txt.bz2"),
    ("enwiki-20260101-pages-articles-multistream1.xml-p1p41242.bz2",
     "enwiki-20260101-pages-articles-multistream-index1.txt-p1p41242.bz2"),
])
def test_find_index_knows_wikimedias_names(tmp_path: Path, dump: str, index: str) -> None:
    (tmp_path / dump).write_bytes(b"")
    assert find_index(str(tmp_path / dump)) is None
    (tmp_path / index).write_bytes(b"")
    assert find_index(str(tmp_path / dump)) == str(tmp_path / index)


@pytest.mark.parametrize(("text", "size"), [
    ("64MB", 64_000_000), ("512KiB", 524_288), ("1000", 1000), ("1.5 GB", 1_500_000_000), (7, 7),
])
def test_parse_size(text: str | int, size: int) -> None:
    assert parse_size(text) == size


def test_parse_size_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="not a size"):
        parse_size("lots")


def test_convert_partition_writes_part_and_stats_and_resumes(
    multistream: Path, local_text: Path, tmp_path: Path
) -> None:
    part = plan_partitions(str(multistream), partition_size="300KB")[1]
    settings = PartSettings(fmt="text", start_method="forkserver")
    stats = convert_partition(part, settings, str(tmp_path))
    assert stats["reused"] is False and stats["pages"] == part.pages and stats["failed"] == []
    assert sorted(os.listdir(tmp_path)) == ["_part-00001.stats.json", "part-00001.jsonl"]
    first = sum(p.pages or 0 for p in plan_partitions(str(multistream), partition_size="300KB")[:1])
    assert _records(tmp_path / "part-00001.jsonl") == _records(local_text)[first : first + stats["pages"]]
    assert part_done(str(tmp_path), part, settings)
    assert convert_partition(part, settings, str(tmp_path))["reused"] is True
    (tmp_path / "part-00001.jsonl").unlink()  # a deleted part is redone, stats or not
    assert not part_done(str(tmp_path), part, settings)
    assert convert_partition(part, settings, str(tmp_path))["reused"] is False


def test_a_broken_range_raises_and_leaves_no_part(multistream: Path, tmp_path: Path) -> None:
    good = plan_partitions(str(multistream), partition_size="300KB")[2]
    broken = Partition(2, good.url, (good.start or 0) + 7, good.end, good.header, good.pages)
    with pytest.raises(PartitionError, match="part-00002"):
        convert_partition(broken, PartSettings(start_method="forkserver"), str(tmp_path))
    assert os.listdir(tmp_path) == []


def test_parquet_has_the_documented_schema_and_the_jsonl_content(
    local_text: Path, tmp_path: Path
) -> None:
    out = tmp_path / "enwiki.parquet"
    assert jsonl_to_parquet(str(local_text), str(out), fmt="text", wiki="enwiki",
                            row_group_bytes=2_000_000) == PAGES
    meta = pq.ParquetFile(out).metadata
    assert meta.num_row_groups > 1
    assert meta.row_group(0).column(0).compression == "ZSTD"
    table = pq.read_table(out)
    assert table.schema == schema("text")
    assert table.schema.field("timestamp").type == pa.timestamp("ms", tz="UTC")
    rows = table.to_pylist()
    records = _records(local_text)
    assert [{k: v for k, v in r.items() if k not in ("wiki", "timestamp")} for r in rows] == [
        {k: v for k, v in r.items() if k != "timestamp"} for r in records
    ]
    assert {r["wiki"] for r in rows} == {"enwiki"}
    assert [r["timestamp"].strftime("%Y-%m-%dT%H:%M:%SZ") for r in rows] == [
        r["timestamp"] for r in records
    ]


def test_parquet_of_the_json_ast_and_of_no_pages(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id":null,"title":"T","namespace":0,"revision_id":null,"timestamp":"",'
                   '"redirect":null,"json":{"type":"Document","nodes":[]}}\n')
    jsonl_to_parquet(str(src), str(tmp_path / "a.parquet"), fmt="json", wiki="")
    row = pq.read_table(tmp_path / "a.parquet").to_pylist()[0]
    assert row["id"] is None and row["timestamp"] is None
    assert json.loads(row["json"]) == {"type": "Document", "nodes": []}
    (tmp_path / "empty.jsonl").write_bytes(b"")
    assert jsonl_to_parquet(str(tmp_path / "empty.jsonl"), str(tmp_path / "b.parquet"), fmt="html",
                            wiki="x") == 0
    assert pq.read_table(tmp_path / "b.parquet").schema == schema("html")


def test_cli_local_engine_parquet(local_text: Path, tmp_path: Path) -> None:
    out = tmp_path / "enwiki.parquet"
    assert main(["dump", str(ENWIKI), "--to", "text", "--format", "parquet", "-o", str(out),
                 "-j", "2", "-q"]) == 0
    rows = pq.read_table(out).to_pylist()
    assert [(r["id"], r["text"], r["wiki"]) for r in rows] == [
        (r["id"], r["text"], "enwiki") for r in _records(local_text)
    ]
    assert os.listdir(tmp_path) == ["enwiki.parquet"]


def test_a_7z_dump_is_one_partition_read_through_libarchive(tmp_path: Path) -> None:
    import libarchive

    xml = bz2.decompress(ENWIKI.read_bytes())
    xml = xml[: xml.index(b"  <page>", 2_000_000)] + b"</mediawiki>\n"  # 2 MB: quick to compress
    dump = tmp_path / "enwiki-pages-meta-history1.xml-p1p857.7z"
    with libarchive.file_writer(str(dump), "7zip", options="compression-level=1") as archive:
        archive.add_file_from_memory("enwiki-pages-meta-history1.xml-p1p857", len(xml), xml)
    assert dump.read_bytes()[:6] == b"7z\xbc\xaf\x27\x1c"
    parts = plan_partitions(str(dump))
    assert [(p.start, p.header, p.wiki) for p in parts] == [(None, None, "enwiki")]
    assert list(read_partition(parts[0])) == list(iter_pages(io.BytesIO(xml)))


def test_urls_go_through_fsspec(multistream: Path, tmp_path: Path) -> None:
    """A dump, its index and the output on another file system (fsspec's in-memory one, here
    standing for s3:// or gs://): byte ranges, the index beside the dump, upload-then-rename."""
    import fsspec

    mem = fsspec.filesystem("memory")
    index = Path(find_index(str(multistream)) or "")
    mem.pipe_file("/dumps/" + multistream.name, multistream.read_bytes())
    mem.pipe_file("/dumps/" + index.name, index.read_bytes())
    url = f"memory://dumps/{multistream.name}"
    parts = plan_partitions(url, partition_size="600KB")
    assert [p.url for p in parts] == [url] * 3
    assert [page for p in parts for page in read_partition(p)] == list(iter_pages(ENWIKI))
    settings = PartSettings(fmt="wikitext", start_method="forkserver")
    stats = convert_partition(parts[2], settings, "memory://out")
    local = convert_partition(parts[2], settings, str(tmp_path))
    assert stats["pages"] == local["pages"] == parts[2].pages
    assert mem.cat_file("/out/part-00002.jsonl") == (tmp_path / "part-00002.jsonl").read_bytes()
    assert sorted(mem.ls("/out", detail=False)) == ["/out/_part-00002.stats.json", "/out/part-00002.jsonl"]
    assert convert_partition(parts[2], settings, "memory://out")["reused"] is True
