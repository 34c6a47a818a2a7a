"""Dump conversion throughput and memory: ``wikiparse dump`` against wikiextractor 3.1.

    python benchmarks/bench_dump.py                 # 100 MB run of both, then 400 MB of wikiparse
    python benchmarks/bench_dump.py --mb 20 --big-mb 0   # a quick look

It builds a plain-XML dump of at least ``--mb`` MB in a temporary folder by repeating the pages
of the bundled enwiki sample with distinct page ids and titles, converts it to plain text with
``wikiparse dump --jobs N`` and with ``python -m wikiextractor.WikiExtractor --processes N`` in the
same run, and prints pages/s, MB/s and peak RSS of each.  Then it converts a ``--big-mb`` dump
with wikiparse alone: its peak RSS must not grow with the dump's size.  ``--startup N`` instead
converts a dump of one page N times with each tool: what a user waits for before the first page
(interpreter, imports, worker start), whose bar is half a second.

Like with like: both tools see the same input, keep the same pages (namespace 0, no redirects:
wikiextractor's rule, ``--namespace 0 --no-redirects`` for wikiparse) and write one JSON line per
page (wikiextractor ``--json``; wikiparse's JSONL record).  Neither expands templates:
wikiextractor runs with ``--no-templates``, since by default it first reads the whole dump once
more to collect the template pages and then expands them, which ``wikiparse dump`` does only with
``--expand`` (``--wikiextractor-templates`` times wikiextractor's default instead).  wikiparse
keeps more: tables as tab-separated rows (``-O tables=true``) and lists, which wikiextractor
drops; the last table counts list-item and table-row lines in both outputs, to show it.

``--format bz2`` stores the compared dump as one bzip2 stream, ``--format multistream`` as
Wikimedia's ``pages-articles-multistream`` files are (a bzip2 stream for the head, for every 100
pages and for the tail): real dumps come compressed, and decompressing them is work for whoever
reads them (both tools read them with Python's ``bz2``).  Sizes and MB/s count the XML.

The wikiparse measured is the one ``python -m wikiparse`` imports: set ``PYTHONPATH`` to pick a
build (``src`` for the pure one, a ``pip install --target`` folder for the compiled one); the
first line says which it is (``wikiparse --version``).  The load average is printed before and
after: on a shared machine, compare CPU seconds, not wall time.

Peak RSS is the largest sum of the resident memory of the command's whole process tree
(main process, workers, helpers), sampled from ``/proc`` every 50 ms: Linux only.  CPU s is the
CPU time of that tree: on a shared machine it is steadier than wall time, so MB per CPU-second
is printed too.  The tools run alternately, ``--rounds`` times each, and the fastest run counts.
"""

from __future__ import annotations

import argparse
import bz2
import dataclasses
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import BinaryIO

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "dumps" / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"

_PAGE = re.compile(rb"  <page>.*?</page>\n", re.S)
_TITLE = re.compile(rb"<title>(.*?)</title>")
_PAGE_ID = re.compile(rb"(</ns>\s*<id>)(\d+)(</id>)")
_LIST_LINE = re.compile(rb"^[ \t]*(?:[-*]|\d+\.) \S", re.M)
_TAB_LINE = re.compile(rb"^[^\n]*\t[^\n]*$", re.M)


#: ``--format``: how the built dump is stored.  ``bz2`` is one bzip2 stream; ``multistream`` is
#: Wikimedia's ``pages-articles-multistream`` layout: the head, every 100 pages and the tail
#: each in a bzip2 stream of its own, concatenated.
FORMATS = ("xml", "bz2", "multistream")
#: Pages per bzip2 stream in a multistream dump (as Wikimedia writes them).
STREAM_PAGES = 100


class _Writer:
    """Where the built dump's bytes go: the plain file, or a bzip2 compressor (one stream, or
    a new stream every ``STREAM_PAGES`` pages)."""

    def __init__(self, out: BinaryIO, fmt: str) -> None:
        self.out, self.fmt = out, fmt
        self.compressor = bz2.BZ2Compressor(9) if fmt != "xml" else None
        self.pages = 0

    def write(self, data: bytes, *, page: bool = False, end_stream: bool = False) -> None:
        if self.compressor is None:
            self.out.write(data)
            return
        self.out.write(self.compressor.compress(data))
        self.pages += page
        if self.fmt == "multistream" and (end_stream or (page and self.pages % STREAM_PAGES == 0)):
            self.flush()

    def flush(self) -> None:
        if self.compressor is not None:
            self.out.write(self.compressor.flush())
            self.compressor = bz2.BZ2Compressor(9)


def build_dump(path: Path, megabytes: int, fmt: str = "xml") -> int:
    """Write a dump of at least ``megabytes`` MB of XML; returns its number of pages."""
    xml = bz2.decompress(SAMPLE.read_bytes())
    pages = _PAGE.findall(xml)
    head = xml[: xml.index(b"  <page>")]
    target = megabytes * 1_000_000
    written = len(head)
    count = 0
    with open(path, "wb") as out:
        writer = _Writer(out, fmt)
        writer.write(head, end_stream=True)
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
                writer.write(body, page=True)
                written += len(body)
                count += 1
            copy += 1
        if fmt == "multistream" and writer.pages % STREAM_PAGES:
            writer.flush()  # the tail in a stream of its own
        writer.write(b"</mediawiki>\n")
        writer.flush()
        writer.flush()
    return count


def build_one_page_dump(path: Path) -> None:
    """Write a dump holding the sample's first article (not a redirect) alone."""
    xml = bz2.decompress(SAMPLE.read_bytes())
    page = next(p for p in _PAGE.findall(xml) if b"<redirect" not in p)
    path.write_bytes(xml[: xml.index(b"  <page>")] + page + b"</mediawiki>\n")


class TreeRss:
    """Samples a process and all its descendants: the peak of their summed RSS, and their CPU
    time (the last value seen for each process, summed: load-independent, unlike wall time)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self.cpu_ticks: dict[int, int] = {}
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
        ticks: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    fields = fh.read().rsplit(b")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
                rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
                ticks[int(entry)] = int(fields[11]) + int(fields[12])
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
        for pid in tree:
            if pid in ticks:
                self.cpu_ticks[pid] = ticks[pid]
        return sum(rss.get(pid, 0) for pid in tree)

    def stop(self) -> tuple[int, float]:
        """The peak RSS (bytes) and the CPU time (seconds) of the whole tree."""
        self._stop.set()
        self._thread.join()
        return self.peak, sum(self.cpu_ticks.values()) / os.sysconf("SC_CLK_TCK")


@dataclasses.dataclass
class Measure:
    seconds: float
    peak_rss: int
    cpu: float


def run_measured(cmd: list[str]) -> Measure:
    """Run ``cmd`` to completion; its wall time, peak tree RSS and tree CPU time."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = TreeRss(proc.pid)
    _, err = proc.communicate()
    elapsed = time.perf_counter() - started
    peak, cpu = sampler.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[:4]} failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    return Measure(elapsed, peak, cpu)


def _xml_size(path: Path) -> int:
    """The size of a compressed dump's XML (the MB/s columns count XML, whatever the storage)."""
    size = 0
    with bz2.open(path) as fh:
        while block := fh.read(1 << 20):
            size += len(block)
    return size


def wikiparse_cmd(dump: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "wikiparse", "dump", str(dump), "--to", "text", "-O", "tables=true",
            "--namespace", "0", "--no-redirects", "--jobs", str(jobs), "-q", "--force", "-o", str(out)]


def wikiextractor_cmd(dump: Path, out: Path, jobs: int, *, templates: bool = False) -> list[str]:
    return [sys.executable, "-m", "wikiextractor.WikiExtractor", str(dump), "--processes", str(jobs),
            "--json", *([] if templates else ["--no-templates"]), "-q", "-o", str(out)]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def wikiparse_version() -> str:
    done = subprocess.run([sys.executable, "-m", "wikiparse", "--version"], capture_output=True, text=True,
                          check=False)
    return done.stdout.strip() or done.stderr.strip()


def count_structure(paths: list[Path]) -> tuple[int, int]:
    lists = tables = 0
    for path in paths:
        data = path.read_bytes()
        if data.startswith(b"{"):  # JSON lines: unescape newlines and tabs, roughly
            data = data.replace(b"\\n", b"\n").replace(b"\\t", b"\t")
        lists += len(_LIST_LINE.findall(data))
        tables += len(_TAB_LINE.findall(data))
    return lists, tables


def row(name: str, pages: int, size: int, m: Measure) -> str:
    return (f"{name:<24} {pages / m.seconds:>9.1f} {size / m.seconds / 1e6:>8.2f} "
            f"{m.peak_rss / 2**20:>10.0f} {m.seconds:>9.1f} {m.cpu:>8.1f} {size / m.cpu / 1e6:>9.2f}")


def startup(rounds: int, jobs: int) -> None:
    """Convert a one-page dump ``rounds`` times with each tool, alternately: start-up time."""
    with tempfile.TemporaryDirectory(prefix="bench_startup_") as tmp_name:
        tmp = Path(tmp_name)
        dump = tmp / "one.xml"
        build_one_page_dump(dump)
        wp: list[Measure] = []
        we: list[Measure] = []
        for _ in range(rounds):
            wp.append(run_measured(wikiparse_cmd(dump, tmp / "wikiparse.jsonl", jobs)))
            shutil.rmtree(tmp / "wikiextractor", ignore_errors=True)
            we.append(run_measured(wikiextractor_cmd(dump, tmp / "wikiextractor", jobs)))
    for name, runs in ((f"wikiparse --jobs {jobs}", wp), (f"wikiextractor -p {jobs}", we)):
        walls = sorted(m.seconds for m in runs)  # wall only: /proc sampling misses short processes' CPU
        print(f"{name:<24} one-page dump: wall best {walls[0]:.2f} s, median {walls[len(walls) // 2]:.2f} s")
    print(f"load average {load()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=100, help="size of the compared dump (default 100)")
    parser.add_argument("--big-mb", type=int, default=400, help="size of the memory-growth dump (0: skip)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for both tools (default 2)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating runs of each tool; the fastest counts")
    parser.add_argument("--format", choices=FORMATS, default="xml",
                        help="how the compared dump is stored: plain XML (default), one bzip2 stream, "
                             "or bzip2 multistream (Wikimedia's layout, 100 pages a stream)")
    parser.add_argument("--wikiextractor-templates", action="store_true",
                        help="let wikiextractor expand templates (its default; a second pass over the dump)")
    parser.add_argument("--startup", type=int, default=0, metavar="N",
                        help="only time N alternating conversions of a one-page dump (start-up)")
    args = parser.parse_args()
    print(f"{wikiparse_version()}; load average {load()}")
    if args.startup:
        startup(args.startup, args.jobs)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench_dump_") as tmp_name:
        tmp = Path(tmp_name)
        dump = tmp / ("dump.xml" if args.format == "xml" else "dump.xml.bz2")
        pages = build_dump(dump, args.mb, args.format)
        size = dump.stat().st_size if args.format == "xml" else _xml_size(dump)
        stored = "plain XML" if args.format == "xml" else (
            f"XML as {dump.stat().st_size / 1e6:.0f} MB of "
            f"{'single-stream' if args.format == 'bz2' else 'multistream'} bzip2")
        print(f"input: {size / 1e6:.0f} MB {stored}, {pages} pages (the enwiki sample repeated); "
              f"best of {args.rounds} alternating rounds")
        wp_out, we_out = tmp / "wikiparse.jsonl", tmp / "wikiextractor"
        wp: list[Measure] = []
        we: list[Measure] = []
        for _ in range(args.rounds):  # alternate, so both see the same machine load
            wp.append(run_measured(wikiparse_cmd(dump, wp_out, args.jobs)))
            shutil.rmtree(we_out, ignore_errors=True)
            we.append(run_measured(wikiextractor_cmd(dump, we_out, args.jobs,
                                                     templates=args.wikiextractor_templates)))
        wp_best = min(wp, key=lambda m: m.seconds)
        we_best = min(we, key=lambda m: m.seconds)
        print(f"{'tool':<24} {'pages/s':>9} {'MB/s':>8} {'peak RSS':>10} {'seconds':>9} {'CPU s':>8} {'MB/CPU-s':>9}")
        print(row(f"wikiparse --jobs {args.jobs}", pages, size, wp_best))
        print(row(f"wikiextractor -p {args.jobs}", pages, size, we_best))
        print(f"wikiparse / wikiextractor: wall-clock speed {we_best.seconds / wp_best.seconds:.2f}x, "
              f"CPU efficiency {min(m.cpu for m in we) / min(m.cpu for m in wp):.2f}x; load average {load()}")
        print("per round (wall s / CPU s): wikiparse " + ", ".join(f"{m.seconds:.1f}/{m.cpu:.1f}" for m in wp)
              + "; wikiextractor " + ", ".join(f"{m.seconds:.1f}/{m.cpu:.1f}" for m in we))
        wp_lists, wp_tables = count_structure([wp_out])
        we_lists, we_tables = count_structure(sorted(we_out.rglob("wiki_*")))
        print(f"kept in the output     {'list items':>12} {'table rows':>12}")
        print(f"wikiparse              {wp_lists:>12} {wp_tables:>12}")
        print(f"wikiextractor          {we_lists:>12} {we_tables:>12}", flush=True)
        dump.unlink()
        wp_out.unlink()
        if args.big_mb:
            big = tmp / "big.xml"
            build_dump(big, args.big_mb)
            big_size = big.stat().st_size
            m = run_measured(wikiparse_cmd(big, tmp / "big.jsonl", args.jobs))
            print(f"wikiparse peak RSS: {wp_best.peak_rss / 2**20:.0f} MB at {size / 1e6:.0f} MB, "
                  f"{m.peak_rss / 2**20:.0f} MB at {big_size / 1e6:.0f} MB "
                  f"({big_size / m.seconds / 1e6:.2f} MB/s, {big_size / m.cpu / 1e6:.2f} MB/CPU-s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
