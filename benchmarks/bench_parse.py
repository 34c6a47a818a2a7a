"""Parse speed and memory: wikiparse versus mwparserfromhell (C tokenizer).

Default mode parses every main-namespace page of the bundled shortened English dump with both
parsers, interleaved round by round (so that thermal and load drift hits both alike), and
prints MB/s (best and median round), the ratio, and the peak traced memory of each.

``--scaling`` prints time(2n)/time(n) for the pathological inputs of issue 2 (long runs of
unclosed ``{{``, ``[[``, ``[http://x ``, ``<ref>``, ``''``, ``{|`` and brace soups).  A linear
parser shows about 2.0; a quadratic one about 4.0.  mwparserfromhell runs in a child process
with a time cap, because it is quadratic or worse on several of these.

    python3 benchmarks/bench_parse.py [--rounds 5]
    python3 benchmarks/bench_parse.py --scaling [--n 20000] [--mwp-n 2000] [--cap 20]
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mwparserfromhell
from _corpus import DEFAULT_DUMP, load_pages, megabytes

import wikiparse

Parser = Callable[[str], object]

PARSERS: dict[str, Parser] = {
    "wikiparse": wikiparse.parse,
    "mwparserfromhell": mwparserfromhell.parse,
}


def time_corpus(parse: Parser, texts: list[str]) -> float:
    """Seconds to parse every text once, results discarded as we go (as a converter would)."""
    gc.collect()
    t0 = time.perf_counter()
    for text in texts:
        parse(text)
    return time.perf_counter() - t0


def peak_memory(parse: Parser, texts: list[str]) -> tuple[float, float]:
    """(peak MB while parsing the corpus page by page, MB retained by the largest page's tree).

    tracemalloc sees every allocation made through Python's allocators, which covers the
    nodes of both parsers (mwparserfromhell's C tokenizer builds Python objects too).
    """
    gc.collect()
    tracemalloc.start()
    for text in texts:
        parse(text)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    largest = max(texts, key=len)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    tree = parse(largest)
    retained = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del tree
    return peak / 1e6, retained / 1e6


def run_corpus(dump: Path, rounds: int) -> None:
    pages = load_pages(dump)
    texts = [text for _title, text in pages]
    size = megabytes(pages)
    print(f"corpus: {dump.name}: {len(texts)} main-namespace pages, {size:.2f} MB (UTF-8)")
    for parse in PARSERS.values():  # warm-up: imports, regex compilation, caches
        time_corpus(parse, texts[:20])
    times: dict[str, list[float]] = {name: [] for name in PARSERS}
    for r in range(rounds):
        order = list(PARSERS) if r % 2 == 0 else list(reversed(PARSERS))
        for name in order:
            times[name].append(time_corpus(PARSERS[name], texts))
        line = "  ".join(f"{n}: {size / times[n][-1]:6.2f} MB/s" for n in PARSERS)
        print(f"round {r + 1}/{rounds}: {line}")
    print()
    print(f"{'parser':<18} {'best MB/s':>10} {'median MB/s':>12} {'peak MB':>9} {'tree MB':>9}")
    best: dict[str, float] = {}
    for name, parse in PARSERS.items():
        best[name] = size / min(times[name])
        median = size / statistics.median(times[name])
        peak, retained = peak_memory(parse, texts)
        print(f"{name:<18} {best[name]:10.2f} {median:12.2f} {peak:9.1f} {retained:9.1f}")
    ratio = best["wikiparse"] / best["mwparserfromhell"]
    per_round = [m / w for w, m in zip(times["wikiparse"], times["mwparserfromhell"], strict=True)]
    print(f"\nratio wikiparse / mwparserfromhell (best rounds): {ratio:.2f}x")
    print(f"ratio, median of the per-round ratios:            {statistics.median(per_round):.2f}x")
    print("(peak MB: traced peak while parsing page by page; tree MB: the largest page's tree)")


# --------------------------------------------------------------------------------------------
# Scaling
# --------------------------------------------------------------------------------------------

#: family -> the unit repeated n times.
FAMILIES: dict[str, str] = {
    "unclosed {{": "{{a",
    "unclosed [[": "[[a",
    "unclosed [http://x ": "[http://x a ",
    "unclosed <ref>": "<ref>a",
    "unclosed ''": "''a",
    "unclosed {|": "{|\n",
    "brace soup {{{|": "{{{|",
    "brace soup {{[[|}}": "{{[[|}}",
    "brace soup mixed": "{{{{{a|[[b|}}]]{{{c",
    "nested unclosed {{x|": "{{x|",
}


def _time_once(parser_name: str, text: str) -> float:
    """CPU seconds of one parse: CPU time is less disturbed by other load than wall time."""
    parse = PARSERS[parser_name]
    t0 = time.process_time()
    parse(text)
    return time.process_time() - t0


def _child(parser_name: str, text: str, queue: mp.Queue[float]) -> None:
    queue.put(_time_once(parser_name, text))


def timed(parser_name: str, text: str, cap: float | None) -> float | None:
    """Seconds to parse ``text`` (best of 3 uncapped), or None when it exceeded ``cap`` seconds.

    With a cap the parse runs in a child process that is killed when the cap expires.
    """
    if cap is None:
        return min(_time_once(parser_name, text) for _ in range(3))
    queue: mp.Queue[float] = mp.Queue()
    proc = mp.Process(target=_child, args=(parser_name, text, queue))
    proc.start()
    proc.join(cap)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None
    return queue.get() if not queue.empty() else None


def doubling(name: str, unit: str, n: int, cap: float | None) -> tuple[int, float, float] | None:
    """(n, time(n), time(2n)) for ``unit * n``; under a cap, n is halved until both fit."""
    while n >= 50:
        t1 = timed(name, unit * n, cap)
        t2 = timed(name, unit * (2 * n), cap) if t1 is not None else None
        if t1 is not None and t2 is not None:
            return n, t1, t2
        if cap is None:
            return None
        n //= 2
    return None


def run_scaling(n: int, mwp_n: int, cap: float) -> None:
    print("CPU time(2n)/time(n) for n repetitions of each unit (~2.0 linear, ~4.0 quadratic)")
    print(f"wikiparse: n = {n}; mwparserfromhell: n = {mwp_n}, halved until a parse of 2n")
    print(f"finishes within {cap:.0f} s (child process, killed at the cap)\n")
    head = f"{'family':<22} {'wikiparse':>9} {'t(n)':>8} {'ratio':>6}"
    print(f"{head} {'mwpfh n':>8} {'t(n)':>8} {'ratio':>6}")
    for family, unit in FAMILIES.items():
        cells = [f"{family:<22}"]
        for name, size, limit in (("wikiparse", n, None), ("mwparserfromhell", mwp_n, cap)):
            res = doubling(name, unit, size, limit)
            if res is None:
                cells.append(f"{'-':>8} {'>cap':>8} {'-':>6}")
                continue
            used, t1, t2 = res
            cells.append(f"{used:>9} {t1:7.3f}s {t2 / t1:6.2f}")
        print(" ".join(cells))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dump", type=Path, default=DEFAULT_DUMP)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--scaling", action="store_true", help="pathological-input scaling mode")
    ap.add_argument("--n", type=int, default=20_000, help="repetitions per unit (scaling)")
    ap.add_argument("--mwp-n", type=int, default=2_000, help="mwparserfromhell start n")
    ap.add_argument("--cap", type=float, default=20.0, help="mwparserfromhell time cap, s")
    args = ap.parse_args(argv)
    if args.scaling:
        run_scaling(args.n, args.mwp_n, args.cap)
    else:
        run_corpus(args.dump, args.rounds)


if __name__ == "__main__":
    main()
