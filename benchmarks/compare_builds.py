"""Is one wikiparse as fast as another?  Interleaved runs of two builds on the same work.

Each side is a ``PYTHONPATH`` entry: a ``src`` directory (pure Python, e.g. a ``git worktree``
of ``main`` at ``git merge-base``) or a folder a compiled wheel was installed into with
``pip install --target``.  Round by round, alternating which side goes first, a fresh process
of each side runs one task over the main-namespace pages of the bundled English sample:

* ``parse``, ``to_text``, ``to_html``, ``to_markdown``: the call on every page's wikitext;
* ``to_text_tables``: ``to_text(text, tables=True)``, the plain text ``wikiparse dump`` writes
  (tables as tab-separated rows);
* ``dump``: ``wikiparse dump SAMPLE --to text -j 2`` (fork workers) on the sample as plain XML.

CPU time is what counts (of the process, and for ``dump`` of the whole process tree): on a
shared machine it is far steadier than wall time.  Prints every run, then per task the best
and the median CPU time of each side and the speed ratio B/A (above 1: B is faster).

    python3 benchmarks/compare_builds.py --a /tmp/base/src --b src [--rounds 5] [--tasks parse dump]
"""

from __future__ import annotations

import argparse
import bz2
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _corpus import DEFAULT_DUMP  # noqa: E402

TASKS = ("parse", "to_text", "to_text_tables", "to_html", "to_markdown", "dump")

_CHILD = """
import gc, json, sys, time
sys.path.insert(0, {bench!r})
from _corpus import load_pages
import wikiparse
texts = [t for _, t in load_pages()]
name = sys.argv[1]
if name == "to_text_tables":
    to_text = wikiparse.to_text  # imported now (lazily), as getattr does for the others
    def call(text):
        return to_text(text, tables=True)
else:
    call = getattr(wikiparse, name)
gc.collect()
t0 = time.process_time()
for text in texts:
    call(text)
print(json.dumps({{"cpu": time.process_time() - t0, "bytes": sum(len(t.encode()) for t in texts)}}))
"""


def run_calls(path: str, task: str) -> tuple[float, int]:
    """CPU seconds of one side running ``task`` over the corpus, and the corpus's bytes."""
    env = {**os.environ, "PYTHONPATH": path}
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD.format(bench=str(HERE)), task],
        env=env, capture_output=True, text=True, check=True, cwd=tempfile.gettempdir(),
    )
    row = json.loads(proc.stdout.strip().splitlines()[-1])
    return float(row["cpu"]), int(row["bytes"])


def run_dump(path: str, xml: Path, out: Path) -> tuple[float, int]:
    """CPU seconds of ``wikiparse dump`` with its workers (forked, so they are its children)."""
    env = {**os.environ, "PYTHONPATH": path}
    before = os.times()
    subprocess.run(
        [sys.executable, "-m", "wikiparse", "dump", str(xml), "--to", "text", "-o", str(out),
         "-j", "2", "-q", "--start-method", "fork", "--force"],
        env=env, check=True, cwd=tempfile.gettempdir(),
    )
    after = os.times()
    cpu = (after.children_user + after.children_system) - (before.children_user + before.children_system)
    return cpu, xml.stat().st_size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--a", required=True, help="PYTHONPATH of side A (the baseline)")
    ap.add_argument("--b", required=True, help="PYTHONPATH of side B")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--tasks", nargs="+", choices=TASKS, default=["parse", "to_text", "to_html", "dump"])
    args = ap.parse_args(argv)
    # Absolute: the children run in the temporary directory, where a relative ``src`` would
    # name nothing and the installed (editable) package would be measured instead.
    sides = {"A": os.path.abspath(args.a), "B": os.path.abspath(args.b)}
    for side, path in sides.items():
        if not Path(path, "wikiparse").is_dir():
            ap.error(f"--{side.lower()} {path}: no wikiparse package there")
    times: dict[tuple[str, str], list[float]] = {}
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "sample.xml"
        xml.write_bytes(bz2.decompress(DEFAULT_DUMP.read_bytes()))
        for n in range(args.rounds):
            for task in args.tasks:
                for side in ("A", "B") if n % 2 == 0 else ("B", "A"):
                    t0 = time.perf_counter()
                    if task == "dump":
                        cpu, size = run_dump(sides[side], xml, Path(tmp) / f"out-{side}.jsonl")
                    else:
                        cpu, size = run_calls(sides[side], task)
                    sizes[task] = size
                    times.setdefault((task, side), []).append(cpu)
                    wall = time.perf_counter() - t0
                    print(f"round {n} {task:11s} {side}: {cpu:6.2f} s CPU ({wall:.1f} s wall)", flush=True)
    print()
    print("| task | A best (MB/s) | B best (MB/s) | B/A best | B/A median |")
    print("|---|---|---|---|---|")
    for task in args.tasks:
        a, b = times[(task, "A")], times[(task, "B")]
        mb = sizes[task] / 1e6
        print(
            f"| {task} | {min(a):.2f} s ({mb / min(a):.2f}) | {min(b):.2f} s ({mb / min(b):.2f}) "
            f"| {min(a) / min(b):.3f} | {statistics.median(a) / statistics.median(b):.3f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
