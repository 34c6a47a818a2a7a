"""Preset load time and parse speed with a preset.

1. Load time: each bundled preset is loaded in a fresh interpreter (``wikiparse`` already
   imported, so only the preset's own cost is timed: reading and decompressing its file,
   building the config), best of ``--loads`` processes.  The bar is 50 ms.
2. Parse speed: the main-namespace pages of the bundled English dump parsed with the default
   config, the enwiki preset and the dewiki preset, interleaved round by round; then the
   Bulgarian sample dump with the config its ``<siteinfo>`` alone gives (namespaces) and with
   the bgwiki preset.  The bar is "within 5% of the default".  Parse times are CPU times of
   the process (MB per CPU second), so that other work on the machine counts less.

    python3 benchmarks/bench_presets.py [--rounds 5] [--loads 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import ROOT, load_pages, megabytes

from wikiparse import DEFAULT_CONFIG, ParserConfig, parse
from wikiparse.presets import available

_LOAD = """
import time, wikiparse, wikiparse.presets
t = time.perf_counter()
wikiparse.ParserConfig.for_wiki({wiki!r})
print((time.perf_counter() - t) * 1000)
"""


def load_times(loads: int) -> dict[str, float]:
    """Best-of-``loads`` milliseconds to load each preset in a fresh process."""
    env_path = str(ROOT / "src")
    out: dict[str, float] = {}
    for wiki in available():
        best = float("inf")
        for _ in range(loads):
            proc = subprocess.run(
                [sys.executable, "-c", _LOAD.format(wiki=wiki)],
                capture_output=True, text=True, check=True,
                env={"PYTHONPATH": env_path, "PATH": ""},
            )
            best = min(best, float(proc.stdout))
        out[wiki] = best
    return out


def _timer(texts: list[str], config: ParserConfig) -> Callable[[], float]:
    # CPU time of this process: on a shared machine wall time mostly measures the neighbours.
    def run() -> float:
        t = time.process_time()
        for text in texts:
            parse(text, config=config)
        return time.process_time() - t

    return run


def compare(name: str, texts: list[str], configs: dict[str, ParserConfig], rounds: int) -> None:
    size = megabytes([("", text) for text in texts])
    runs = {label: _timer(texts, c) for label, c in configs.items()}
    for run in runs.values():
        run()  # compile each config's patterns outside the timing
    times: dict[str, list[float]] = {label: [] for label in runs}
    for _ in range(rounds):
        for label, run in runs.items():
            times[label].append(run())
    base_label = next(iter(runs))
    base = min(times[base_label])
    print(f"\n{name}: {len(texts)} pages, {size:.2f} MB, best of {rounds} interleaved rounds")
    for label, ts in times.items():
        best = min(ts)
        print(
            f"  {label:<28} {size / best:6.2f} MB/cpu-s (median {size / statistics.median(ts):6.2f})"
            f"  {100 * (best / base - 1):+5.1f}% time vs {base_label}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--loads", type=int, default=3)
    args = ap.parse_args()

    times = load_times(args.loads)
    print(f"preset load time (fresh process, best of {args.loads}), ms:")
    for wiki, ms in times.items():
        print(f"  {wiki:<14} {ms:6.1f}")
    print(f"  max {max(times.values()):.1f} ms, median {statistics.median(times.values()):.1f} ms (bar: 50 ms)")

    english = [text for _title, text in load_pages()]
    compare("English sample", english, {
        "default config": DEFAULT_CONFIG,
        "enwiki preset": ParserConfig.for_wiki("enwiki"),
        "dewiki preset": ParserConfig.for_wiki("dewiki"),
    }, args.rounds)

    from wikiparse.dumps import DumpReader

    reader = DumpReader(ROOT / "fixtures" / "dumps" / "bgwiki-latest-pages-articles-shortened.xml.bz2")
    preset = reader.config
    info = dict(reader.siteinfo or {})
    info.pop("dbname", None)
    bulgarian = [page.text for page in reader]
    compare("Bulgarian sample", bulgarian, {
        "siteinfo namespaces only": ParserConfig.from_siteinfo(info),
        "bgwiki preset": preset,
    }, args.rounds)


if __name__ == "__main__":
    main()
