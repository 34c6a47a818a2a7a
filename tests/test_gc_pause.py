"""The parser pauses the process-wide garbage collector only for long inputs, and always
restores the host's setting (docs/architecture.md, "The garbage collector")."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

import wikiparse
from wikiparse._parse import GC_PAUSE_MIN_CHARS, gc_paused


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
