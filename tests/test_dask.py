"""Dump conversion on a real Dask ``LocalCluster`` (2 worker processes, shared by the module).

The multistream dump is the bundled enwiki sample re-compressed in 10-page streams (built in a
fixture).  Faults are injected through the ``--to MODULE:FUNCTION`` plug-in renderer, as in
``test_cli.py``: it kills the Dask worker it runs under, or hangs, on one chosen page.
"""

from __future__ import annotations

import bz2
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from distributed import Client

import wikiparse
import wikiparse.dask as wdask
from wikiparse._convert import DumpJob, run_dump
from wikiparse._partitions import Partition, write_multistream
from wikiparse.cli import main
from wikiparse.dask import ShipFile, cluster_client, convert_dump, read_dump, ship_file
from wikiparse.dumps import iter_pages

ROOT = Path(__file__).resolve().parent.parent
ENWIKI = ROOT / "fixtures" / "dumps" / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
PAGES = 206

PLUGIN = '''
import multiprocessing, os, signal, time

def render(doc, kill_needle=None, kill_marker=None, hang_needle=None, store=None):
    text = str(doc)
    if store is not None:  # a shipped SQLite file, read-only
        import sqlite3
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
            return ",".join(v for (v,) in db.execute("select v from t order by v"))
    if kill_needle and kill_needle in text and not os.path.exists(kill_marker):
        open(kill_marker, "w").close()            # once: the retried partition goes through
        os.kill(multiprocessing.parent_process().pid, signal.SIGKILL)   # the Dask worker
        os._exit(1)
    if hang_needle and hang_needle in text:
        time.sleep(3600)
    return text[:300].upper()
'''
RENDERER = "dask_test_renderer:render"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """One local cluster of 2 single-threaded worker processes for the whole module; the
    plug-in renderer is importable in its workers (and their page pools) through PYTHONPATH."""
    folder = tmp_path_factory.mktemp("plugin")
    (folder / "dask_test_renderer.py").write_text(PLUGIN)
    with pytest.MonkeyPatch.context() as mp:
        mp.syspath_prepend(str(folder))
        here = str(Path(wikiparse.__file__).resolve().parent.parent)  # this build of wikiparse
        mp.setenv("PYTHONPATH", os.pathsep.join([str(folder), here, os.environ.get("PYTHONPATH", "")]))
        with cluster_client(workers=2) as c:
            yield c


@pytest.fixture(scope="module")
def multistream(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("multistream")
    dump = folder / "enwiki-sample-pages-articles-multistream.xml.bz2"
    index = folder / "enwiki-sample-pages-articles-multistream-index.txt.bz2"
    write_multistream(bz2.decompress(ENWIKI.read_bytes()), str(dump), str(index),
                      pages_per_stream=10, compresslevel=1)
    return dump


def _local(fmt: str, out: Path) -> list[dict[str, Any]]:
    """The reference: ``--engine local`` on the original single-stream sample."""
    summary = run_dump(DumpJob(source=str(ENWIKI), fmt=fmt, output=str(out), jobs=2,
                               start_method="forkserver"))
    assert summary.exit_code == 0
    return _jsonl(out)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def _parts(outdir: Path) -> list[dict[str, Any]]:
    """Every page of a JSONL run, parts concatenated in name (dump) order."""
    return [r for part in sorted(outdir.glob("part-*.jsonl")) for r in _jsonl(part)]


@pytest.fixture(scope="module")
def local_text(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    return _local("text", tmp_path_factory.mktemp("ref") / "text.jsonl")


@pytest.fixture(scope="module")
def local_plugin(client: Client, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    return _local(RENDERER, tmp_path_factory.mktemp("ref") / "plugin.jsonl")


def _needle(index: int) -> str:
    """A piece of one page's wikitext found in no other page."""
    texts = [page.text for page in iter_pages(ENWIKI)]
    needle = texts[index][:80]
    assert sum(needle in t for t in texts) == 1
    return needle


def test_parquet_output_equals_the_local_engine(
    client: Client, multistream: Path, local_text: list[dict[str, Any]], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    summary = convert_dump(str(multistream), str(out), client=client, fmt="text",
                           output_format="parquet", partition_size="300KB")
    assert (summary.partitions, summary.written, summary.failures, summary.exit_code) == (6, PAGES, [], 0)
    table = pq.read_table(out)  # the folder loads as one table: stats files start with "_"
    rows = [r for part in sorted(out.glob("part-*.parquet")) for r in pq.read_table(part).to_pylist()]
    assert table.num_rows == len(rows) == PAGES
    assert [(r["id"], r["title"], r["namespace"], r["redirect"], r["text"]) for r in rows] == [
        (r["id"], r["title"], r["namespace"], r["redirect"], r["text"]) for r in local_text
    ]
    assert {r["wiki"] for r in rows} == {"enwiki"}
    manifest = json.loads((out / "_manifest.json").read_text())
    assert [p["name"] for p in manifest["partitions"]] == [f"part-{i:05d}" for i in range(6)]
    assert manifest["schema"][4] == {"name": "timestamp", "type": "timestamp[ms, tz=UTC]"}
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert stamps["_manifest.json"] <= min(stamps.values())  # first
    assert stamps["_SUCCESS"] == max(stamps.values())  # last
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_killing_a_worker_mid_run_gives_equal_output_and_counts(
    client: Client, multistream: Path, local_plugin: list[dict[str, Any]], tmp_path: Path
) -> None:
    marker = tmp_path / "killed"
    options = {"kill_needle": _needle(95), "kill_marker": str(marker)}
    out = tmp_path / "out"
    summary = convert_dump(str(multistream), str(out), client=client, fmt=RENDERER,
                           options=options, output_format="jsonl", partition_size="300KB")
    assert marker.exists()  # a worker really died
    assert (summary.written, summary.failures, summary.failed_partitions) == (PAGES, [], {})
    assert _parts(out) == local_plugin
    assert sum(json.loads(p.read_text())["pages"] for p in out.glob("_part-*.stats.json")) == PAGES
    assert (out / "_SUCCESS").exists()


def test_resume_after_deleting_a_part_recomputes_only_that_part(
    client: Client, multistream: Path, local_text: list[dict[str, Any]], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = {"client": client, "fmt": "text", "output_format": "jsonl", "partition_size": "600KB"}
    first = convert_dump(str(multistream), str(out), **args)
    assert first.partitions == 3 and first.written == PAGES
    (out / "part-00001.jsonl").unlink()
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*part-*")}
    again = convert_dump(str(multistream), str(out), resume=True, **args)
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("*part-*")}
    assert (again.reused, again.written, len(again.partition_seconds)) == (2, PAGES, 1)
    assert {n for n in after if before.get(n) != after[n]} == {
        "part-00001.jsonl", "_part-00001.stats.json",
    }
    assert _parts(out) == local_text
    with pytest.raises(ValueError, match="cannot resume"):
        convert_dump(str(multistream), str(out), resume=True, **{**args, "partition_size": 1})


def test_a_hanging_page_is_recorded_as_failed_and_the_run_finishes(
    client: Client, multistream: Path, local_plugin: list[dict[str, Any]], tmp_path: Path
) -> None:
    hanging = local_plugin[42]
    out = tmp_path / "out"
    summary = convert_dump(str(multistream), str(out), client=client, fmt=RENDERER,
                           options={"hang_needle": _needle(42)}, output_format="jsonl",
                           partition_size="600KB", page_timeout=10)  # slack for a loaded machine
    assert summary.failures == [
        {"page_id": hanging["id"], "title": hanging["title"], "reason": "timeout after 10 s"}
    ]
    assert (summary.written, summary.exit_code, summary.failed_partitions) == (PAGES - 1, 1, {})
    assert _parts(out) == [r for r in local_plugin if r["id"] != hanging["id"]]
    assert (out / "_SUCCESS").exists()


def test_a_partition_that_keeps_failing_is_recorded_and_the_run_goes_on(
    client: Client, multistream: Path, local_text: list[dict[str, Any]], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = wdask.plan_partitions

    def broken_plan(*args: Any, **kwargs: Any) -> list[Partition]:
        parts = plan(*args, **kwargs)
        bad = parts[1]
        parts[1] = Partition(1, bad.url, (bad.start or 0) + 5, bad.end, bad.header, bad.pages, bad.wiki)
        return parts

    monkeypatch.setattr(wdask, "plan_partitions", broken_plan)
    out = tmp_path / "out"
    summary = convert_dump(str(multistream), str(out), client=client, fmt="text",
                           output_format="jsonl", partition_size="600KB", retries=1)
    assert list(summary.failed_partitions) == ["part-00001"]
    assert "PartitionError" in summary.failed_partitions["part-00001"]
    assert summary.exit_code == 2
    assert not (out / "_SUCCESS").exists()
    assert json.loads((out / "_failed_partitions.json").read_text()) == summary.failed_partitions
    assert sorted(p.name for p in out.glob("part-*")) == ["part-00000.jsonl", "part-00002.jsonl"]
    assert summary.written == len(_parts(out)) < PAGES


def test_read_dump_is_a_bag_of_pages(client: Client, multistream: Path) -> None:
    bag = read_dump(str(multistream), partition_size="300KB")
    assert bag.npartitions == 6
    titles = bag.map(lambda page: page.title).compute()
    assert titles == [page.title for page in iter_pages(ENWIKI)]


def _query_shipped(name: str) -> tuple[int, str]:
    path = wdask.shipped_path(name)
    with wdask.open_sqlite_readonly(path) as db:
        count = db.execute("select count(*) from t").fetchone()[0]
        try:
            db.execute("insert into t values ('x')")
            writable = "writable"
        except sqlite3.OperationalError as exc:
            writable = str(exc)
    return count, writable


def test_ship_file_copies_a_checked_read_only_file_to_every_worker(
    client: Client, tmp_path: Path
) -> None:
    store = tmp_path / "store.sqlite"
    with sqlite3.connect(store) as db:
        db.execute("create table t (v text)")
        db.executemany("insert into t values (?)", [("a",), ("b",), ("c",)])
    db.close()
    ship_file(client, str(store), name="test-store", stage_dir=str(tmp_path / "stage"))
    assert list((tmp_path / "stage" / "_files").iterdir())  # staged once, workers fetch it
    answers = client.run(_query_shipped, "test-store")
    assert len(answers) == 2
    assert set(answers.values()) == {(3, "attempt to write a readonly database")}
    paths = set(client.run(wdask.shipped_path, "test-store").values())
    assert all(oct(os.stat(p).st_mode)[-3:] == "444" for p in paths)


def test_a_shipped_file_reaches_the_renderer_on_every_worker(
    client: Client, multistream: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store.sqlite"
    with sqlite3.connect(store) as db:
        db.execute("create table t (v text)")
        db.executemany("insert into t values (?)", [("x",), ("y",)])
    db.close()
    out = tmp_path / "out"
    summary = convert_dump(str(multistream), str(out), client=client, fmt=RENDERER,
                           output_format="jsonl", partition_size=1, namespaces=frozenset({4}),
                           ship={"store": str(store)})
    assert (summary.written, summary.filtered, summary.failures) == (1, PAGES - 1, [])
    assert [r["output"] for r in _parts(out)] == ["x,y"]
    assert [p.name for p in (out / "_files").iterdir()] == [
        f"{wdask.sha256_of(str(store))[:16]}-store.sqlite"
    ]


def test_ship_file_refuses_a_file_with_another_sha256(tmp_path: Path) -> None:
    (tmp_path / "f.bin").write_bytes(b"data")

    class Worker:
        local_directory = str(tmp_path / "worker")

    plugin = ShipFile(str(tmp_path / "f.bin"), "0" * 64, name="bad")
    with pytest.raises(ValueError, match="sha256"):
        plugin.setup(Worker())
    good = ShipFile(str(tmp_path / "f.bin"), wdask.sha256_of(str(tmp_path / "f.bin")), name="good")
    good.setup(Worker())
    assert Path(wdask.shipped_path("good")).read_bytes() == b"data"


def test_cli_dask_engine_on_a_given_scheduler(
    client: Client, multistream: Path, local_text: list[dict[str, Any]], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    code = main(["dump", str(multistream), "--to", "text", "--engine", "dask", "--scheduler",
                 client.scheduler.address, "--format", "jsonl", "--partition-size", "1MB",
                 "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert _parts(out) == local_text
    assert f"{PAGES} pages written to 2 parts" in err
    assert main(["dump", str(multistream), "--to", "text", "--engine", "dask", "--limit", "3",
                 "-o", str(out)]) == 2


def test_daemonic_workers_are_refused_with_advice() -> None:
    class FakeClient:
        def run(self, func: Any) -> dict[str, bool]:
            return {"tcp://a:1": True, "tcp://b:2": False}

    with pytest.raises(RuntimeError, match="DASK_DISTRIBUTED__WORKER__DAEMON=False"):
        wdask._check_workers(FakeClient())  # type: ignore[arg-type]
