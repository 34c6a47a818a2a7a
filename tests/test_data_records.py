"""Richer dump records: --fields, url from siteinfo, compressed output by extension, size
shards, --title-regex (through the command line, on the bundled English sample)."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path

import pytest
import zstandard

from conftest import ENWIKI_SHORTENED
from wikiparse._records import page_url, parse_fields, parse_size, shard_path
from wikiparse.cli import main

DUMP = str(ENWIKI_SHORTENED)


def _lines(path: Path) -> list[dict[str, object]]:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    elif path.suffix == ".bz2":
        raw = bz2.decompress(raw)
    elif path.suffix == ".xz":
        raw = lzma.decompress(raw)
    elif path.suffix == ".zst":
        raw = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True).read()
    return [json.loads(line) for line in raw.splitlines()]


@pytest.mark.parametrize("ext", [".gz", ".bz2", ".xz", ".zst", ""])
def test_output_is_compressed_by_its_extension(tmp_path: Path, ext: str) -> None:
    out = tmp_path / f"out.jsonl{ext}"
    assert main(["dump", DUMP, "--to", "text", "--no-redirects", "-o", str(out), "--limit", "3", "-j", "1", "-q"]) == 0
    records = _lines(out)
    assert [r["title"] for r in records] == ["Anarchism", "Autism", "Albedo"]
    assert str(records[0]["text"]).startswith("Anarchism is a political philosophy")


def test_fields_url_and_parsed_data(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    fields = "title,url,revision_id,categories,links,sections,infoboxes,references"
    assert main(["dump", DUMP, "--to", "text", "--no-redirects", "-o", str(out), "--limit", "2", "-j", "1", "-q", "--fields", fields]) == 0
    first = _lines(out)[0]
    assert list(first) == ["id", "title", "revision_id", "url", "categories", "links", "sections", "infoboxes", "references"]
    assert first["url"] == "https://en.wikipedia.org/wiki/Anarchism"
    assert "Anarchism" in first["categories"]  # type: ignore[operator]
    assert "text" not in first
    sections = first["sections"]
    assert isinstance(sections, list) and sections[0]["level"] == 0 and sections[1]["title"]
    refs = first["references"]
    assert isinstance(refs, list) and refs[0]["number"] == 1 and refs[0]["text"]


def test_title_regex_and_size_shards(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl.gz"
    assert main(["dump", DUMP, "--to", "text", "--no-redirects", "-o", str(out), "-j", "1", "-q", "--title-regex", "^Al", "--max-bytes", "100kB"]) == 0
    shards = sorted(tmp_path.glob("out-*.jsonl.gz"))
    assert len(shards) >= 2 and not out.exists()
    titles = [r["title"] for s in shards for r in _lines(s)]
    assert titles and all(str(t).startswith("Al") for t in titles)
    for shard in shards[:-1]:
        assert len(gzip.decompress(shard.read_bytes())) <= 100_000 or len(_lines(shard)) == 1


def test_resume_a_compressed_output(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl.gz"
    assert main(["dump", DUMP, "--to", "text", "--no-redirects", "-o", str(out), "--limit", "2", "-j", "1", "-q"]) == 0
    assert main(["dump", DUMP, "--to", "text", "--no-redirects", "-o", str(out), "--limit", "4", "-j", "1", "-q", "--resume"]) == 0
    assert [r["title"] for r in _lines(out)] == ["Anarchism", "Autism", "Albedo", "A"]


def test_option_parsing() -> None:
    assert parse_fields("url, text") == ("id", "title", "url", "text")
    with pytest.raises(ValueError, match="unknown field"):
        parse_fields("colour")
    assert parse_size("256MB") == 256_000_000 and parse_size("1GiB") == 2**30 and parse_size("10") == 10
    with pytest.raises(ValueError):
        parse_size("lots")
    assert shard_path("dir/out.jsonl.zst", 3) == "dir/out-00003.jsonl.zst"
    assert page_url({"base": "https://bg.wikipedia.org/wiki/Начална_страница"}, "Sofia (city)") == "https://bg.wikipedia.org/wiki/Sofia_(city)"
    assert page_url({}, "X") is None


def test_max_bytes_needs_a_file(tmp_path: Path) -> None:
    assert main(["dump", DUMP, "--to", "text", "--no-redirects", "--max-bytes", "1MB", "-q"]) == 2
