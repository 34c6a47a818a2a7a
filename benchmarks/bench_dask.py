"""``wikiparse dump --engine dask`` against ``--engine local`` on one machine.

    python benchmarks/bench_dask.py                      # ~100 MB of XML, 2 workers
    python benchmarks/bench_dask.py --mb 20 --rounds 1   # a quick look

It builds a plain-XML dump of at least ``--mb`` MB from the bundled enwiki sample (as
``bench_dump.py`` does: pages repeated with distinct ids and titles), writes it as a Wikimedia
style multistream bzip2 file of 100-page streams with its index, then converts it to plain text
(JSONL) with the local pool (``--jobs N``) and with a local Dask cluster of N worker processes
(``--partition-size``), alternately, ``--rounds`` times; the fastest run of each counts.
Printed: pages/s, wall seconds, CPU seconds of the whole process tree (scheduler, nannies,
workers and their page pools included), peak RSS of the tree.

From the Dask run's stats files it then prints the per-partition times and the scaling to
expect per added worker: each worker converts about ``pages / sum(partition seconds)`` pages
per second, so N workers take about ``start-up + sum(partition seconds) / N`` (never less than
the slowest partition), as long as storage keeps up.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench_dump import Measure, build_dump, run_measured

from wikiparse._partitions import write_multistream


def local_cmd(dump: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "wikiparse", "dump", str(dump), "--to", "text", "--jobs", str(jobs),
            "-q", "-o", str(out)]


def dask_cmd(dump: Path, out: Path, jobs: int, size: str, fmt: str) -> list[str]:
    return [sys.executable, "-m", "wikiparse", "dump", str(dump), "--to", "text", "--engine", "dask",
            "--jobs", str(jobs), "--partition-size", size, "--format", fmt, "-q", "-o", str(out)]


def row(name: str, pages: int, m: Measure) -> str:
    return (f"{name:<34} {pages / m.seconds:>9.1f} {m.seconds:>9.1f} {m.cpu:>8.1f} "
            f"{m.peak_rss / 2**20:>9.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=100, help="plain XML size of the built dump (default 100)")
    parser.add_argument("--jobs", type=int, default=2, help="local pool processes / Dask workers (default 2)")
    parser.add_argument("--partition-size", default="4MB",
                        help="Dask partition size, compressed (default 4MB: ~1/8 of the built dump)")
    parser.add_argument("--format", default="jsonl", choices=("jsonl", "parquet"))
    parser.add_argument("--rounds", type=int, default=2, help="alternating runs of each; the fastest counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_dask_") as tmp_name:
        tmp = Path(tmp_name)
        xml = tmp / "dump.xml"
        pages = build_dump(xml, args.mb)
        dump = tmp / "enwiki-bench-pages-articles-multistream.xml.bz2"
        streams = write_multistream(xml.read_bytes(), str(dump),
                                    str(tmp / "enwiki-bench-pages-articles-multistream-index.txt.bz2"))
        print(f"input: {xml.stat().st_size / 1e6:.0f} MB of XML, {pages} pages, as a "
              f"{dump.stat().st_size / 1e6:.1f} MB multistream bz2 of {streams} streams; "
              f"best of {args.rounds} alternating rounds")
        xml.unlink()
        local: list[Measure] = []
        distributed: list[Measure] = []
        out_dir = tmp / "dask-out"
        for _ in range(args.rounds):
            local.append(run_measured(local_cmd(dump, tmp / "local.jsonl", args.jobs)))
            shutil.rmtree(out_dir, ignore_errors=True)
            distributed.append(run_measured(dask_cmd(dump, out_dir, args.jobs, args.partition_size, args.format)))
        best_local = min(local, key=lambda m: m.seconds)
        best_dask = min(distributed, key=lambda m: m.seconds)
        print(f"{'engine':<34} {'pages/s':>9} {'seconds':>9} {'CPU s':>8} {'peak MB':>9}")
        print(row(f"local --jobs {args.jobs}", pages, best_local))
        print(row(f"dask {args.jobs} workers, {args.partition_size} parts", pages, best_dask))
        print(f"dask / local: wall {best_dask.seconds / best_local.seconds:.2f}x, "
              f"CPU {min(m.cpu for m in distributed) / min(m.cpu for m in local):.2f}x")
        stats = [json.loads(p.read_text()) for p in sorted(out_dir.glob("_part-*.stats.json"))]
        seconds = [s["seconds"] for s in stats]
        total = sum(seconds)
        per_worker = sum(s["pages"] for s in stats) / total
        print(f"partitions: {len(stats)}, seconds each: median {statistics.median(seconds):.1f}, "
              f"max {max(seconds):.1f}, sum {total:.1f} (last run; the Dask workers' own CPU, reading "
              f"and decompressing: {sum(s['reader_cpu_seconds'] for s in stats):.1f} s)")
        startup = max(0.0, best_dask.seconds - total / args.jobs)
        print(f"one worker converts ~{per_worker:.1f} pages/s; start-up and scheduling ~{startup:.1f} s")
        for workers in (1, 2, 4, 8, 16):
            wall = startup + max(total / workers, max(seconds))
            print(f"  expected with {workers:>2} workers: ~{wall:.1f} s ({pages / wall:.0f} pages/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
