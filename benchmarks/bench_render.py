"""Render speed: wikiparse's renderers versus the usual Python alternatives, parse included.

Every timing is parse + render of each main-namespace page of the bundled shortened English
dump, as a user converting pages would pay it:

* HTML:      ``wikiparse.to_html(t)``     vs mwcomposerfromhell ``compose(mwp.parse(t))``
* text:      ``wikiparse.to_text(t)``     vs mwparserfromhell ``strip_code()`` and
             wikitextparser ``plain_text()``
* Markdown:  ``wikiparse.to_markdown(t)`` vs the same two text extractors (there is no
             Markdown renderer to compare with; they bound what a lighter job costs)

``to_x(t)`` is the one call a converter makes (it parses only what the renderer shows, see
``parse_for_rendering``); each task also times ``to_x(parse(t))``, the path of a caller who
keeps the full tree to query it too.  Ratios are taken against the first (one-call) line.

The competitors are interleaved with wikiparse round by round.  A renderer that is not written
yet (raises ``NotImplementedError``) is reported as such and the others still run; a page on
which any implementation raises is counted as an error for it, and timing goes on.

    python3 benchmarks/bench_render.py [--rounds 3] [--pages N]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mwcomposerfromhell
import mwparserfromhell
import wikitextparser
from _corpus import DEFAULT_DUMP, load_pages, megabytes

import wikiparse

Job = Callable[[str], object]

#: task -> [(implementation name, parse + render)], wikiparse first.
TASKS: dict[str, list[tuple[str, Job]]] = {
    "html": [
        ("wikiparse.to_html(text)", lambda t: wikiparse.to_html(t)),
        ("wikiparse.to_html(parse(text))", lambda t: wikiparse.to_html(wikiparse.parse(t))),
        ("mwcomposerfromhell", lambda t: mwcomposerfromhell.compose(mwparserfromhell.parse(t))),
    ],
    "text": [
        ("wikiparse.to_text(text)", lambda t: wikiparse.to_text(t)),
        ("wikiparse.to_text(parse(text))", lambda t: wikiparse.to_text(wikiparse.parse(t))),
        ("mwpfh strip_code", lambda t: mwparserfromhell.parse(t).strip_code()),
        ("wikitextparser plain_text", lambda t: wikitextparser.parse(t).plain_text()),
    ],
    "markdown": [
        ("wikiparse.to_markdown(text)", lambda t: wikiparse.to_markdown(t)),
        ("wikiparse.to_markdown(parse(text))", lambda t: wikiparse.to_markdown(wikiparse.parse(t))),
        ("mwpfh strip_code", lambda t: mwparserfromhell.parse(t).strip_code()),
        ("wikitextparser plain_text", lambda t: wikitextparser.parse(t).plain_text()),
    ],
}


def available(job: Job) -> str | None:
    """None if ``job`` works on a small page, else why not (e.g. not implemented yet)."""
    try:
        job("'''IL-2''' binds [[interleukin 2]].\n\n== Structure ==\n* a\n* b\n")
    except NotImplementedError as exc:
        return f"not implemented yet ({exc})"
    except Exception as exc:  # a broken renderer must not stop the benchmark
        return f"raises {type(exc).__name__}: {exc}"
    return None


def run_once(job: Job, texts: list[str]) -> tuple[float, int]:
    """(seconds, pages that raised) for one pass over the corpus."""
    gc.collect()
    errors = 0
    t0 = time.perf_counter()
    for text in texts:
        try:
            job(text)
        except Exception:
            errors += 1
    return time.perf_counter() - t0, errors


def run(dump: Path, rounds: int, limit: int | None) -> None:
    pages = load_pages(dump)[:limit]
    texts = [text for _title, text in pages]
    size = megabytes(pages)
    print(f"corpus: {dump.name}: {len(texts)} main-namespace pages, {size:.2f} MB")
    print("every figure includes parsing; MB/s of the best round\n")
    for task, impls in TASKS.items():
        print(f"== {task}")
        usable: list[tuple[str, Job]] = []
        for name, job in impls:
            why = available(job)
            if why is None:
                usable.append((name, job))
            else:
                print(f"  {name:<34} {why}")
        times: dict[str, list[float]] = {name: [] for name, _ in usable}
        errors: dict[str, int] = dict.fromkeys(times, 0)
        for r in range(rounds):
            order = usable if r % 2 == 0 else list(reversed(usable))
            for name, job in order:
                seconds, errs = run_once(job, texts)
                times[name].append(seconds)
                errors[name] = max(errors[name], errs)
        ours = next((min(times[n]) for n, _ in usable if n.startswith("wikiparse")), None)  # the first
        for name, _job in usable:
            best = min(times[name])
            median = statistics.median(times[name])
            ratio = f"  wikiparse is {best / ours:5.2f}x" if ours and name[:9] != "wikiparse" else ""
            err = f"  ({errors[name]} pages raised)" if errors[name] else ""
            print(f"  {name:<34} {size / best:8.2f} MB/s  median {size / median:8.2f}{ratio}{err}")
        print()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dump", type=Path, default=DEFAULT_DUMP)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--pages", type=int, default=None, help="only the first N pages")
    args = ap.parse_args(argv)
    run(args.dump, args.rounds, args.pages)


if __name__ == "__main__":
    main()
