"""Is pausing the cyclic garbage collector during a parse worth its global side effect?

``gc.disable()`` is process-wide: while wikiparse parses, a host application's threads run
without the collector too.  This measures what the pause buys, on the same inputs in one
interleaved run, parsing with the collector running ("gc on") and paused ("paused"):

* the corpus (main-namespace pages of the bundled enwiki sample): MB/s, best of N rounds;
* long inputs (the sample's pages joined, and pathological runs of ``{{``, ``[[``,
  ``<ref>``, ``''``): seconds at n and 2n, and the ratio time(2n)/time(n) (2.0 is linear).

Prints a table; docs/architecture.md quotes it.

    python3 benchmarks/gc_pause.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import load_pages, megabytes

from wikiparse._parse import GC_PAUSE_MIN_CHARS, document, gc_paused
from wikiparse._parse.state import ParseState
from wikiparse.config import DEFAULT_CONFIG


def parse_gc_on(text: str) -> object:
    """The passes without any pause (``parse`` pauses only from ``GC_PAUSE_MIN_CHARS`` on)."""
    return document(ParseState(text, DEFAULT_CONFIG))


def parse_paused(text: str) -> object:
    with gc_paused(GC_PAUSE_MIN_CHARS):
        return document(ParseState(text, DEFAULT_CONFIG))


MODES: dict[str, Callable[[str], object]] = {"gc on": parse_gc_on, "paused": parse_paused}


def seconds(parse: Callable[[str], object], texts: list[str]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    for text in texts:
        parse(text)
    return time.perf_counter() - t0


def corpus(rounds: int) -> None:
    texts = [t for _title, t in load_pages()]
    mb = megabytes([("", t) for t in texts])
    best = dict.fromkeys(MODES, float("inf"))
    for _ in range(rounds):
        for name, parse in MODES.items():
            best[name] = min(best[name], seconds(parse, texts))
    print(f"corpus: {len(texts)} pages, {mb:.2f} MB")
    for name in MODES:
        print(f"  {name:7s} {mb / best[name]:6.2f} MB/s")


def size_sweep() -> None:
    """Where does the pause start to matter?  Prefixes of the joined sample pages."""
    joined = "\n".join(t for _title, t in load_pages())
    print("one document of n characters: seconds gc on / paused")
    for n in (100_000, 300_000, 1_000_000, 3_000_000):
        text = joined[:n]
        on = min(seconds(parse_gc_on, [text]) for _ in range(2))
        off = min(seconds(parse_paused, [text]) for _ in range(2))
        print(f"  {n:>9,d}  {on:6.2f} / {off:6.2f}  ({on / off:4.2f}x)")


def long_inputs() -> None:
    joined = "\n".join(t for _title, t in load_pages())
    cases = {
        "joined sample pages": (joined[: len(joined) // 2], joined),
        "unclosed {{ x 40000": ("{{a|" * 20_000, "{{a|" * 40_000),
        "nested {{ x 40000": ("{{a|" * 20_000 + "}}" * 20_000, "{{a|" * 40_000 + "}}" * 40_000),
        "<ref> x 40000": ("<ref>x" * 20_000, "<ref>x" * 40_000),
        "'' x 80000": ("''x " * 40_000, "''x " * 80_000),
    }
    print("long inputs: seconds at n and 2n, ratio")
    for label, (small, big) in cases.items():
        row = []
        for name, parse in MODES.items():
            a = min(seconds(parse, [small]) for _ in range(2))
            b = min(seconds(parse, [big]) for _ in range(2))
            row.append(f"{name}: {a:6.2f} {b:6.2f} {b / a:4.2f}")
        print(f"  {label:22s} " + " | ".join(row))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    corpus(args.rounds)
    size_sweep()
    long_inputs()


if __name__ == "__main__":
    main()
