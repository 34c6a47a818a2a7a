"""The parser pauses the process-wide garbage collector only for long inputs, and always
restores the host's setting; dump workers, which own their process, pause it for every page
(docs/architecture.md, "The garbage collector")."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import wikiparse
from wikiparse._parse import _PROMOTE_WITHOUT_SCAN, GC_PAUSE_MIN_CHARS, gc_paused


@pytest.fixture(autouse=True)
def _restore_gc() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_short_inputs_leave_the_collector_alone() -> None:
    with gc_paused(GC_PAUSE_MIN_CHARS - 1):
        assert gc.isenabled()


def test_long_inputs_pause_it_and_restore_it() -> None:
    with gc_paused(GC_PAUSE_MIN_CHARS):
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_host_that_disabled_the_collector_keeps_it_disabled() -> None:
    gc.disable()
    with gc_paused(GC_PAUSE_MIN_CHARS):
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_the_collector_is_restored_when_parsing_raises() -> None:
    with pytest.raises(TypeError):
        wikiparse.parse(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(RuntimeError), gc_paused(GC_PAUSE_MIN_CHARS):
        raise RuntimeError
    assert gc.isenabled()


def test_a_page_parse_and_render_runs_with_the_collector_on() -> None:
    seen: list[bool] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        seen.append(True)

    old = gc.get_threshold()
    gc.callbacks.append(watch)
    try:
        gc.set_threshold(1, old[1], old[2])
        wikiparse.to_text("''a'' [[b]] {{c|d}}\n" * 50)
    finally:
        gc.set_threshold(*old)
        gc.callbacks.remove(watch)
    assert seen  # collections ran during a short parse


LONG_PAGE = "''a'' [[b]] {{c|d}} text\n" * (GC_PAUSE_MIN_CHARS // 20)


def _in_oldest_generation(obj: object) -> bool:
    return any(o is obj for o in gc.get_objects(generation=2))


def test_a_long_parse_hands_its_tree_to_the_oldest_generation() -> None:
    """Where freezing is cheap, the tree is promoted unscanned when the collector resumes
    (else it is young, and the next young collection walks it)."""
    assert len(LONG_PAGE) >= GC_PAUSE_MIN_CHARS
    gc.collect()
    doc = wikiparse.parse(LONG_PAGE)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert _in_oldest_generation(doc) is _PROMOTE_WITHOUT_SCAN


def test_young_garbage_from_before_the_pause_is_not_promoted() -> None:
    """What the host left as cyclic garbage before a long parse stays in the young
    generations (or is collected): a young collection afterwards frees it."""
    import weakref

    class Cycle:
        pass

    gc.collect()
    cycle = Cycle()
    cycle.me = cycle  # type: ignore[attr-defined]
    alive = weakref.ref(cycle)
    del cycle
    wikiparse.parse(LONG_PAGE)
    gc.collect(1)
    assert alive() is None


def test_a_hosts_frozen_objects_stay_frozen() -> None:
    """A host (a dump worker) that froze its start-up objects keeps them frozen: the pause
    then leaves the generations alone."""
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        doc = wikiparse.parse(LONG_PAGE)
        assert gc.get_freeze_count() == frozen
        assert not _in_oldest_generation(doc)
    finally:
        gc.unfreeze()


WATCHER = '''
import gc

def render(doc, **options):
    return f"{gc.isenabled()} {gc.get_freeze_count() > 0}"
'''


def test_dump_workers_pause_the_collector_per_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dump worker runs only our pages, so it pauses the collector for each page (and has
    frozen what start-up made); the main process, a host's, keeps its collector running."""
    from test_dumps import make_dump, page_xml
    from wikiparse._convert import DumpJob, run_dump

    folder = tmp_path / "plugin"
    folder.mkdir()
    (folder / "gc_watcher.py").write_text(WATCHER)
    monkeypatch.syspath_prepend(str(folder))
    dump = tmp_path / "dump.xml"
    dump.write_bytes(make_dump([page_xml(f"P{i}", i + 1, ["text"]) for i in range(3)]))
    out = tmp_path / "out.jsonl"
    summary = run_dump(DumpJob(str(dump), fmt="gc_watcher:render", output=str(out), jobs=1))
    assert summary.exit_code == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["output"] for r in records] == ["False True"] * 3
    assert gc.isenabled()
