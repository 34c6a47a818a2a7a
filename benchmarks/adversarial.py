"""Hostile input at every stage: doubling ratios time(2n)/time(n) per family and stage.

Every family of pathological wikitext (issue 13's and more) is run at sizes n, 2n, 4n, ...
through every stage: ``parse``, ``to_text`` (also with ``tables=True``), ``to_markdown``,
``to_html`` (also ``tidy=True``), the JSON text round trip (``dumps`` then ``from_json``) and
the dump path (the page inside an XML dump, read by ``wikiparse.dumps`` and rendered).  A
linear stage prints about 2.0 at every step, a quadratic one about 4.0.  A stage that passes
``--cap`` seconds at some size stops climbing (``>cap``).  Times are CPU seconds of this
process (``time.process_time``), the best of ``--repeat`` runs, so load from other processes
on a shared machine disturbs them less than wall-clock time would.

    python3 benchmarks/adversarial.py [--start 16384] [--max 1048576] [--cap 30]
                                      [--families templates,tables] [--stages parse,markdown]
    python3 benchmarks/adversarial.py --memory [--memory-page articles] [--memory-mb 50] [--trace]

``--memory`` runs each stage, in a fresh process each, on one page of about ``--memory-mb`` MB:
the largest article of the bundled dump repeated (``--memory-page largest``), all its articles
one after the other, repeated (``articles``), token-dense sections (``dense``: links,
italics and templates, 93-135 bytes of tree per byte), or a family's wikitext repeated (e.g.
``links``); it prints CPU seconds and the growth of the peak resident set per input byte,
and with ``--trace`` tracemalloc's peak per input byte (a second run).
"""

from __future__ import annotations

import argparse
import gc
import io
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

import wikiparse
from wikiparse.dumps import iter_pages
from wikiparse.render.json import dumps, from_json

#: name -> n -> wikitext of about n repetitions of the family's unit.
FAMILIES: dict[str, Callable[[int], str]] = {
    "templates": lambda n: "{{a|" * n + "x" + "}}" * n,
    "arguments": lambda n: "{{{a|" * n + "x" + "}}}" * n,
    "brackets": lambda n: "[" * n + "x" + "]" * n,
    "links": lambda n: "[[a|" * n + "x" + "]]" * n,
    "invalid-links": lambda n: "[[<|" * n + "x" + "]]" * n,
    "file-links": lambda n: "[[File:a.jpg|" * n + "x" + "]]" * n,
    "unclosed-links": lambda n: "[[a|" * n,
    "unclosed-templates": lambda n: "{{a|" * n,
    "unclosed-tables": lambda n: "{|\n| w\n" * n,
    "closed-tables": lambda n: "{|\n|\n" * n + "|}\n" * n,
    "table-cells": lambda n: "{|\n" + "| a || b\n|-\n" * n + "|}",
    "lists": lambda n: "#" * n,
    "list-lines": lambda n: "".join("*" * (i % 50 + 1) + " x\n" for i in range(n)),
    "quotes": lambda n: "''" * n,
    "bold-italic": lambda n: "'''''a" * n,
    "headings": lambda n: "=" * n + "x" + "=" * n,
    # Long pages are rendered in parts cut at heading lines (render.base.page_parts): many
    # cuts, cuts never safe (an open template), heading lines that are not whole alone.
    "heading-lines": lambda n: "== h ==\nx\n" * n,
    "open-heading-lines": lambda n: "{{a|\n== h ==\n" * n,
    "heading-templates": lambda n: "== {{a| ==\n" * n,
    # ... and at paragraph lines after a blank line, where a page has no heading line: many
    # cuts, and cuts never safe (an open template).
    "paragraphs": lambda n: "x ''y''\n\n" * n,
    "open-paragraphs": lambda n: "{{a|\n\nx\n" * n,
    "divs": lambda n: "<div>" * n + "x" + "</div>" * n,
    "unclosed-tags": lambda n: "<b><i><span>" * n,
    "refs": lambda n: "<ref>" * n,
    # References read inside a stretch of easy tokens by the text reader, but one holding a
    # numbered link (it ends the stretch: a stretch matched again after each would read the
    # rest of the line again), and reference bodies closed far on.
    "numbered-refs": lambda n: "<ref>[http://x.org]</ref>a " * n,
    "far-closed-refs": lambda n: "a<ref>x\n\n" * n + "</ref>{{{",
    "comments": lambda n: "<!--" * n,
    "external-links": lambda n: "[http://x.org " * n,
    "template-params": lambda n: "{{a" + "|x=y" * n + "}}",
    # flat-template values with prose colons (braces.flat_template asks inline.url_colon)
    "template-colon-values": lambda n: "{{a" + "|t=a: b" * n + "|u=" + "c:" * n + "}}",
    # The preprocessor's scan reads an ordinary link and a template of text and such links
    # whole: nested ones (each failing at the next "{{"), and one long run never closed.
    "flat-template-links": lambda n: "{{a|b=[[c|d]] e" * n + "}}" * n,
    "unclosed-flat-links": lambda n: "{{a" + "|b=[[c|d]]" * n,
    "link-label-runs": lambda n: "[[a|b c" * n + "]]" * n,
    "pipes": lambda n: "|" * n,
    "nul-surrogates": lambda n: " \x00\udfff\x01" * n,
    "entities": lambda n: "&amp;&#0;&#xD800;&bogus;" * n,
    "hashes-tidy": lambda n: "#" * n,
    # One long word before a colon: the text reader's bare-URL check once read it per letter.
    "colon-word": lambda n: "x " + "a" * n + ": b",
    # Paragraphs between white lines (read as blank lines), and never closed before them.
    "white-lines": lambda n: "x ''y''\n \t\n" * n,
    "open-white-lines": lambda n: "{{a|\n \nx\n" * n,
    # Paragraphs each opening a tag closed far on, then refused: the text reader once searched
    # (and, for math, copied) the same text for each.
    "far-closed-math": lambda n: "<math>x\n\n" * n + "</math>{{{",
    "far-closed-tags": lambda n: "<gallery>x\n\n" * n + "</gallery>{{{",
    "far-closed-comments": lambda n: "<!--x\n\n" * n + "-->{{{",
    "line-comments": lambda n: "<!--c-->x\n" * n,
    # A bracketed URL never closed on its line: the text reader tried every shorter URL.
    "open-url": lambda n: "x [http://" + "a" * n,
    "open-url-line": lambda n: "x [http://" + "a" * n + " b\nc]",
    # Prose lines (``blocks.prose_line``): one long line of words, links with trails, colons
    # after words no protocol ends with (``inline.url_colon``) and apostrophes; and as many
    # colons after letters, each read back at most 12 characters.
    "prose-line": lambda n: "a [[b]]c d: ''e'' {{f}} " * n,
    "prose-colons": lambda n: "ab:" * n,
    # One paragraph of many lines (``lines.joined_lines``): text runs carried through lines of
    # text alone, and lines that end and start with a link, a template or a text.
    "paragraph-lines": lambda n: "x\n" * n,
    "mixed-paragraph-lines": lambda n: "[[a]]b\n{{c}} d ''e''\nf [[g]]\n" * n,
}

#: Families whose unit is long: they start at a smaller n.
_SCALE = {"list-lines": 4, "table-cells": 4, "template-params": 2, "flat-template-links": 4,
          "unclosed-flat-links": 4, "heading-lines": 4,
          "open-heading-lines": 4, "heading-templates": 4, "file-links": 4,
          "paragraphs": 4, "open-paragraphs": 4, "white-lines": 4, "open-white-lines": 4,
          "far-closed-math": 4, "far-closed-tags": 4, "far-closed-comments": 4, "line-comments": 4,
          "numbered-refs": 4, "far-closed-refs": 4, "mixed-paragraph-lines": 4}


def _dump_of(text: str) -> bytes:
    return (
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/"><page><title>T</title>'
        f'<ns>0</ns><id>1</id><revision><id>1</id><text>{escape(text)}</text></revision></page>'
        "</mediawiki>"
    ).encode("utf-8", "surrogatepass")


def _json_round_trip(text: str) -> None:
    from_json(dumps(wikiparse.parse(text)))


def _dump_stage(text: str) -> None:
    for page in iter_pages(io.BytesIO(_dump_of(text))):
        wikiparse.to_text(page.text)


#: stage -> function of the wikitext.
STAGES: dict[str, Callable[[str], object]] = {
    "parse": wikiparse.parse,
    "text": wikiparse.to_text,
    "text-tables": lambda t: wikiparse.to_text(t, tables=True),
    "markdown": wikiparse.to_markdown,
    "html": wikiparse.to_html,
    "html-tidy": lambda t: wikiparse.to_html(t, tidy=True),
    "json": _json_round_trip,
    "dump": _dump_stage,
}


def _time(func: Callable[[str], object], text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        func(text)
        best = min(best, time.process_time() - start)
    return best


def ladder(family: str, stage: str, start: int, maximum: int, cap: float, repeat: int,
           progress: bool = False, repeat_all: bool = False) -> str:
    """One line: the family, the stage, the time at the first size and every doubling ratio
    (with ``progress``, each step's size and seconds on stderr as it is measured).  Each size
    up to an eighth of the top one is timed ``repeat`` times (best of them), the larger ones
    once, or ``repeat`` times too with ``repeat_all``."""
    make, func = FAMILIES[family], STAGES[stage]
    n = max(1, start // _SCALE.get(family, 1))
    top = max(1, maximum // _SCALE.get(family, 1))
    cells: list[str] = []
    previous: float | None = None
    worst = 0.0
    while n <= top:
        text = make(n)
        seconds = _time(func, text, repeat if repeat_all or n * 8 <= top else 1)
        if progress:
            print(f"  {family} {stage} n={n} chars={len(text)} {seconds:.3f}s", file=sys.stderr, flush=True)
        del text
        if previous is None:
            cells.append(f"{seconds:.3f}s@{n}")
        else:
            ratio = seconds / previous if previous > 0.002 else float("nan")
            worst = max(worst, ratio) if ratio == ratio else worst
            cells.append(f"{ratio:.2f}")
        previous = seconds
        if seconds > cap:
            cells.append(f">cap@{n}")
            break
        n *= 2
    flag = "  <-- superlinear" if worst > 2.3 else ""
    return f"{family:20} {stage:12} " + " ".join(cells) + flag


def _memory_page(page: str, megabytes: float) -> tuple[str, str]:
    """(description, wikitext) of the page ``--memory`` measures."""
    from _corpus import DEFAULT_DUMP, load_pages

    if page in ("largest", "articles"):
        pages = [t for _title, t in load_pages(DEFAULT_DUMP) if not t.lstrip().upper().startswith("#REDIRECT")]
    if page == "largest":
        unit = max(pages, key=len)
        what = "the largest sample article"
    elif page == "articles":
        unit = "\n".join(pages)
        what = f"the {len(pages)} sample articles one after the other"
    elif page == "dense":
        unit = "== Section ==\n" + "[[a|b]] ''x'' {{a|b}} " * 60 + "\n\n"
        what = "token-dense sections (links, italics, templates)"
    else:
        unit = FAMILIES[page](1000)
        what = f"family {page}"
    text = unit * max(1, round(megabytes * 1e6 / len(unit)))
    return f"{what} x{len(text) // len(unit)}", text


def _memory_child(stage: str, page: str, megabytes: float, trace: bool) -> None:
    """One stage on the page in this (fresh) process: CPU time, peak RSS growth, and with
    ``trace`` the tracemalloc peak; printed as one JSON line."""
    import json
    import resource

    _what, text = _memory_page(page, megabytes)
    size = len(text.encode("utf-8", "surrogatepass"))
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    start = time.process_time()
    STAGES[stage](text)
    seconds = time.process_time() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
    peak = -1
    if trace:
        gc.collect()
        tracemalloc.start()
        STAGES[stage](text)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(json.dumps({"size": size, "seconds": seconds, "rss": rss, "peak": peak}))


def memory_report(megabytes: float, page: str, stages: list[str], trace: bool) -> None:
    """Each stage on one page, in a fresh process each: CPU seconds, the growth of the peak
    resident set over the process holding the text (``ru_maxrss``) and, with ``trace``,
    tracemalloc's peak, each per input byte."""
    import json
    import subprocess

    what, text = _memory_page(page, megabytes)
    size = len(text.encode("utf-8", "surrogatepass"))
    del text
    print(f"input: {what}: {size / 1e6:.1f} MB")
    for stage in stages:
        cmd = [sys.executable, __file__, "--memory-child", stage, "--memory-page", page,
               "--memory-mb", str(megabytes)] + (["--trace"] if trace else [])
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode:
            print(f"{stage:10} FAILED: {done.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        traced = f" tracemalloc peak {r['peak'] / r['size']:6.1f} B/B" if r["peak"] >= 0 else ""
        print(f"{stage:10} {r['seconds']:7.2f} s  RSS growth {r['rss'] / 2**20:8.1f} MiB = "
              f"{r['rss'] / r['size']:6.1f} B/B{traced}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--start", type=int, default=16384)
    parser.add_argument("--max", type=int, default=1 << 20)
    parser.add_argument("--cap", type=float, default=30.0, help="stop a ladder past this many s")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--memory-mb", type=float, default=5.0)
    parser.add_argument("--memory-page", default="largest",
                        help="largest (article, repeated), articles (all of them), dense (token-dense sections) or a family")
    parser.add_argument("--trace", action="store_true", help="--memory: tracemalloc peaks too")
    parser.add_argument("--progress", action="store_true", help="each step's size and seconds on stderr")
    parser.add_argument("--repeat-all", action="store_true", help="--repeat at every size, not only the small ones")
    parser.add_argument("--memory-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)  # a stage that recursed would show as a RecursionError
    if args.memory_child:
        _memory_child(args.memory_child, args.memory_page, args.memory_mb, args.trace)
        return
    if args.memory:
        stages = args.stages.split(",") if args.stages != ",".join(STAGES) else ["parse", "text", "markdown", "html", "json"]
        memory_report(args.memory_mb, args.memory_page, stages, args.trace)
        return
    print(f"time(2n)/time(n), n from {args.start} to {args.max}; CPU seconds, best of {args.repeat}")
    for family in args.families.split(","):
        for stage in args.stages.split(","):
            if stage == "html-tidy" and family not in ("hashes-tidy", "divs", "unclosed-tags"):
                continue  # tidy's own families: the rest is html + a linear pass
            try:
                line = ladder(
                    family, stage, args.start, args.max, args.cap, args.repeat, args.progress, args.repeat_all
                )
            except Exception as exc:  # a stage that raises is a finding, not a crash
                line = f"{family:20} {stage:12} RAISED {type(exc).__name__}: {exc}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
