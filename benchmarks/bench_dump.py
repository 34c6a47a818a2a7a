"""Dump conversion throughput and memory: ``wikiparse dump`` against wikiextractor 3.1.

    python benchmarks/bench_dump.py                 # 100 MB run of both, then 400 MB of wikiparse
    python benchmarks/bench_dump.py --mb 20 --big-mb 0   # a quick look

It builds a plain-XML dump of at least ``--mb`` MB in a temporary folder by repeating the pages
of the bundled enwiki sample with distinct page ids and titles, converts it to plain text with
``wikiparse dump --jobs N`` and with ``python -m wikiextractor.WikiExtractor --processes N`` in the
same run, and prints pages/s, MB/s and peak RSS of each.  Then it converts a ``--big-mb`` dump
with wikiparse alone: its peak RSS must not grow with the dump's size.

Both tools see the same input and keep the same pages (articles, no redirects: wikiextractor's
defaults).  wikiparse writes tables as tab-separated rows (``-O tables=true``) and keeps lists;
the last table counts list-item and table-row lines in both outputs, to show what each keeps.

Peak RSS is the largest sum of the resident memory of the command's whole process tree
(main process, workers, helpers), sampled from ``/proc`` every 50 ms: Linux only.
"""

from __future__ import annotations

import argparse
import bz2
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "dumps" / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"

_PAGE = re.compile(rb"  <page>.*?</page>\n", re.S)
_TITLE = re.compile(rb"<title>(.*?)</title>")
_PAGE_ID = re.compile(rb"(</ns>\s*<id>)(\d+)(</id>)")
_LIST_LINE = re.compile(rb"^[ \t]*(?:[-*]|\d+\.) \S", re.M)
_TAB_LINE = re.compile(rb"^[^\n]*\t[^\n]*$", re.M)


def build_dump(path: Path, megabytes: int) -> int:
    """Write a dump of at least ``megabytes`` MB; returns its number of pages."""
    xml = bz2.decompress(SAMPLE.read_bytes())
    pages = _PAGE.findall(xml)
    head = xml[: xml.index(b"  <page>")]
    target = megabytes * 1_000_000
    written = len(head)
    count = 0
    with open(path, "wb") as out:
        out.write(head)
        copy = 0
        while written < target:
            for page in pages:
                suffix = f" (copy {copy})".encode()
                body = _TITLE.sub(lambda m, s=suffix: b"<title>" + m.group(1) + s + b"</title>", page, count=1)
                body = _PAGE_ID.sub(
                    lambda m, c=copy: m.group(1) + str(int(m.group(2)) + c * 10_000_000).encode() + m.group(3),
                    body,
                    count=1,
                )
                out.write(body)
                written += len(body)
                count += 1
            copy += 1
        out.write(b"</mediawiki>\n")
    return count


class TreeRss:
    """Samples the summed RSS of a process and all its descendants; keeps the peak."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(0.05)

    def _sample(self) -> int:
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    fields = fh.read().rsplit(b")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
                rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                continue
        tree = {self.pid}
        grew = True
        while grew:
            grew = False
            for pid, ppid in parents.items():
                if ppid in tree and pid not in tree:
                    tree.add(pid)
                    grew = True
        return sum(rss.get(pid, 0) for pid in tree)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_measured(cmd: list[str]) -> tuple[float, int]:
    """Run ``cmd`` to completion; its wall time and peak tree RSS."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = TreeRss(proc.pid)
    _, err = proc.communicate()
    elapsed = time.perf_counter() - started
    peak = sampler.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[:4]} failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    return elapsed, peak


def wikiparse_cmd(dump: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "wikiparse", "dump", str(dump), "--to", "text", "-O", "tables=true",
            "--namespace", "0", "--no-redirects", "--jobs", str(jobs), "-q", "-o", str(out)]


def wikiextractor_cmd(dump: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "wikiextractor.WikiExtractor", str(dump), "--processes", str(jobs),
            "-q", "-o", str(out)]


def count_structure(paths: list[Path]) -> tuple[int, int]:
    lists = tables = 0
    for path in paths:
        data = path.read_bytes()
        if path.suffix == ".jsonl":  # JSON-escaped: unescape newlines and tabs, roughly
            data = data.replace(b"\\n", b"\n").replace(b"\\t", b"\t")
        lists += len(_LIST_LINE.findall(data))
        tables += len(_TAB_LINE.findall(data))
    return lists, tables


def row(name: str, pages: int, size: int, elapsed: float, peak: int) -> str:
    return (f"{name:<24} {pages / elapsed:>9.1f} {size / elapsed / 1e6:>8.2f} "
            f"{peak / 2**20:>10.0f} {elapsed:>9.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=100, help="size of the compared dump (default 100)")
    parser.add_argument("--big-mb", type=int, default=400, help="size of the memory-growth dump (0: skip)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for both tools (default 2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_dump_") as tmp_name:
        tmp = Path(tmp_name)
        dump = tmp / "dump.xml"
        pages = build_dump(dump, args.mb)
        size = dump.stat().st_size
        print(f"input: {size / 1e6:.0f} MB plain XML, {pages} pages (the enwiki sample repeated)")
        print(f"{'tool':<24} {'pages/s':>9} {'MB/s':>8} {'peak RSS':>10} {'seconds':>9}")
        print(f"{'':<24} {'':>9} {'':>8} {'(MB)':>10}")
        wp_out = tmp / "wikiparse.jsonl"
        elapsed, peak = run_measured(wikiparse_cmd(dump, wp_out, args.jobs))
        print(row(f"wikiparse --jobs {args.jobs}", pages, size, elapsed, peak), flush=True)
        we_out = tmp / "wikiextractor"
        we_elapsed, we_peak = run_measured(wikiextractor_cmd(dump, we_out, args.jobs))
        print(row(f"wikiextractor -p {args.jobs}", pages, size, we_elapsed, we_peak), flush=True)
        print(f"speed ratio wikiparse / wikiextractor: {we_elapsed / elapsed:.2f}")
        wp_lists, wp_tables = count_structure([wp_out])
        we_lists, we_tables = count_structure(sorted(we_out.rglob("wiki_*")))
        print(f"kept in the output     {'list items':>12} {'table rows':>12}")
        print(f"wikiparse              {wp_lists:>12} {wp_tables:>12}")
        print(f"wikiextractor          {we_lists:>12} {we_tables:>12}")
        dump.unlink()
        wp_out.unlink()
        if args.big_mb:
            big = tmp / "big.xml"
            big_pages = build_dump(big, args.big_mb)
            big_size = big.stat().st_size
            big_elapsed, big_peak = run_measured(wikiparse_cmd(big, tmp / "big.jsonl", args.jobs))
            print(f"wikiparse peak RSS: {peak / 2**20:.0f} MB at {size / 1e6:.0f} MB, "
                  f"{big_peak / 2**20:.0f} MB at {big_size / 1e6:.0f} MB "
                  f"({big_pages / big_elapsed:.1f} pages/s, {big_size / big_elapsed / 1e6:.2f} MB/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
