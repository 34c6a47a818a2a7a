"""Many edits of one page: the module-level edit functions (a walk from the root per edit)
against ``wikiparse.Editor`` (one parent index, kept up to date).

Removes 200 wikilinks from the bundled sample's "Anarchism" (or ``--title``) both ways, best of
``--rounds``, and prints the seconds next to one full parse of the page.

    python3 benchmarks/bench_edit.py [--title Anarchism] [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import load_pages

import wikiparse
from wikiparse import edit


def best(rounds: int, run: object) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--title", default="Anarchism")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--edits", type=int, default=200)
    args = ap.parse_args(argv)
    text = dict(load_pages())[args.title]

    def walking() -> None:
        doc = wikiparse.parse(text)
        for link in doc.find_wikilinks()[: args.edits]:
            edit.remove(doc, link)

    def indexed() -> None:
        doc = wikiparse.parse(text)
        editor = wikiparse.Editor(doc)
        for link in doc.find_wikilinks()[: args.edits]:
            editor.remove(link)

    parse = best(args.rounds, lambda: wikiparse.parse(text))
    walk = best(args.rounds, walking) - parse
    index = best(args.rounds, indexed) - parse
    print(f"{args.title}: {len(text):,} characters; one parse {parse:.3f} s")
    print(f"{args.edits} removals, walking from the root each time: {walk:.3f} s")
    print(f"{args.edits} removals through Editor (index built once):  {index:.3f} s")


if __name__ == "__main__":
    main()
