"""Plain text, in process: ``wikiparse.to_text`` against wikiextractor's ``clean_text``.

    python3 benchmarks/bench_text.py [--rounds 5]

The main job of the library is a dump to plain text; this measures its per-page part without
the dump machinery, on two sets of real articles (redirects left out, as a dump converter
does):

* ``sample``: the articles of the bundled English sample dump (the corpus of every benchmark);
* ``other``: the articles of the bundled Bulgarian sample and of the English table-markup
  sample (other writers, other templates, many tables).

wikiextractor runs as its dump converter calls it, without template expansion
(``Extractor.clean_text(text, expand_templates=False)``).  Rounds are interleaved (the order
alternates) and timed in CPU seconds of this process, so load from other processes hurts
both alike; the ratio is taken between the best rounds.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import DEFAULT_DUMP, ROOT, load_pages, megabytes
from wikiextractor.extract import Extractor  # type: ignore[import-untyped]

import wikiparse

Job = Callable[[str], object]

SETS: dict[str, list[Path]] = {
    "sample": [DEFAULT_DUMP],
    "other": [
        ROOT / "fixtures" / "dumps" / "bgwiki-latest-pages-articles-shortened.xml.bz2",
        ROOT / "fixtures" / "dumps" / "enwiki-table-markup.xml.bz2",
    ],
}


def articles(paths: list[Path]) -> list[tuple[str, str]]:
    """Main-namespace pages that are not redirects."""
    pages = [page for path in paths for page in load_pages(path)]
    return [(title, text) for title, text in pages if not text.lstrip()[:9].upper().startswith("#REDIRECT")]


def wikiextractor_text(text: str) -> str:
    extractor = Extractor(0, 0, "", "", [])
    return "\n".join(extractor.clean_text(text, expand_templates=False))


JOBS: list[tuple[str, Job]] = [
    ("wikiparse.to_text", lambda t: wikiparse.to_text(t)),
    ("wikiextractor clean_text", wikiextractor_text),
]


def run_once(job: Job, texts: list[str]) -> float:
    gc.collect()
    t0 = time.process_time()
    for text in texts:
        job(text)
    return time.process_time() - t0


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    print(f"wikiparse from {Path(wikiparse.__file__).parent}")
    for name, paths in SETS.items():
        pages = articles(paths)
        texts = [text for _title, text in pages]
        size = megabytes(pages)
        times: dict[str, list[float]] = {job_name: [] for job_name, _ in JOBS}
        for r in range(args.rounds):
            for job_name, job in JOBS if r % 2 == 0 else JOBS[::-1]:
                times[job_name].append(run_once(job, texts))
        ours, theirs = (min(times[job_name]) for job_name, _ in JOBS)
        print(f"== {name}: {len(texts)} articles, {size:.2f} MB; CPU MB/s of the best round")
        for job_name, _ in JOBS:
            print(f"  {job_name:<26} {size / min(times[job_name]):7.2f} MB/s")
        print(f"  to_text / clean_text: {theirs / ours:.2f}x\n")


if __name__ == "__main__":
    main()
