"""Leftover wikitext markup in plain-text extractions, per tool, on every page of the sample dumps.

For each page of every ``fixtures/dumps/*.bz2`` file, the page's wikitext goes through

* wikiparse ``to_text`` (default policy: ``<math>`` keeps its TeX) and with ``math=False``,
* mwparserfromhell ``parse(text).strip_code()``,
* wikitextparser ``parse(text).plain_text()``,
* wikiextractor ``Extractor.clean_text(text, expand_templates=False)``,

and the output is searched for the fragments the plain-text policy forbids: ``{{``, ``}}``,
``[[``, ``]]``, ``''``, ``{|``, ``|}``, ``<ref``, ``__TOC__``, ``thumb|``, ``px|``,
``Category:``, ``File:``.  The table gives, per tool, the pages with at least one fragment and the
total count of each fragment.  Fragments MediaWiki itself shows (inside ``<nowiki>`` or
``<pre>``, the literal ``[[:Category:X]]`` link text, TeX braces) count too: the numbers are raw.

Run: ``python3 benchmarks/leaks.py [--pages N] [--show TOOL]``.
"""

from __future__ import annotations

import argparse
import bz2
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
DUMPS = sorted((ROOT / "fixtures" / "dumps").glob("*.bz2"))

FRAGMENTS = ["{{", "}}", "[[", "]]", "''", "{|", "|}", "<ref", "__TOC__", "thumb|", "px|",
             "Category:", "File:"]
_FRAGMENT_RE = re.compile("|".join(re.escape(f) for f in FRAGMENTS))


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_pages() -> list[tuple[str, str]]:
    """``(dump:title, wikitext)`` for every page of every sample dump."""
    pages: list[tuple[str, str]] = []
    for path in DUMPS:
        with bz2.open(path) as fh:
            for _event, elem in etree.iterparse(fh, events=("end",)):
                if _local(elem.tag) != "page":
                    continue
                title, text = "", ""
                for child in elem.iter():
                    name = _local(child.tag)
                    if name == "title":
                        title = child.text or ""
                    elif name == "text":
                        text = child.text or ""
                pages.append((f"{path.name.split('-')[0]}:{title}", text))
                elem.clear()
    return pages


def extractors() -> dict[str, Callable[[str], str]]:
    """The tools that are installed, by display name."""
    import wikiparse

    tools: dict[str, Callable[[str], str]] = {
        "wikiparse to_text": wikiparse.to_text,
        "wikiparse to_text(math=False)": lambda t: wikiparse.to_text(t, math=False),
    }
    try:
        import mwparserfromhell

        tools["mwparserfromhell strip_code"] = lambda t: str(mwparserfromhell.parse(t).strip_code())
    except ImportError:  # pragma: no cover - bench extra not installed
        pass
    try:
        import wikitextparser

        tools["wikitextparser plain_text"] = lambda t: str(wikitextparser.parse(t).plain_text())
    except ImportError:  # pragma: no cover
        pass
    try:
        from wikiextractor.extract import Extractor

        def wikiextractor_text(text: str) -> str:
            extractor = Extractor(0, 0, "", "", [])
            return "\n".join(extractor.clean_text(text, expand_templates=False))

        tools["wikiextractor clean_text"] = wikiextractor_text
    except ImportError:  # pragma: no cover
        pass
    return tools


def measure(
    pages: list[tuple[str, str]], tool: Callable[[str], str]
) -> tuple[Counter[str], int, dict[str, list[str]], float, int]:
    """Fragment totals, pages with a leak, examples per page, seconds, and failures."""
    totals: Counter[str] = Counter()
    leaky = 0
    examples: dict[str, list[str]] = {}
    failures = 0
    start = time.perf_counter()
    for name, text in pages:
        try:
            out = tool(text)
        except Exception:  # a peer that crashes on a page: counted, not fatal
            failures += 1
            continue
        found = _FRAGMENT_RE.findall(out)
        if found:
            leaky += 1
            totals.update(found)
            examples[name] = [
                out[max(0, m.start() - 30) : m.end() + 30].replace("\n", " ")
                for m in list(_FRAGMENT_RE.finditer(out))[:3]
            ]
    return totals, leaky, examples, time.perf_counter() - start, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages")
    parser.add_argument("--show", default="", help="print example leaks of tools matching this")
    args = parser.parse_args(argv)
    pages = read_pages()
    if args.pages:
        pages = pages[: args.pages]
    print(f"{len(pages)} pages from {len(DUMPS)} dumps\n")
    header = ["tool", "pages w/ leak", "total", *FRAGMENTS, "failed", "s"]
    rows: list[list[str]] = []
    for label, tool in extractors().items():
        totals, leaky, examples, seconds, failures = measure(pages, tool)
        rows.append(
            [label, str(leaky), str(sum(totals.values())), *(str(totals[f]) for f in FRAGMENTS),
             str(failures), f"{seconds:.1f}"]
        )
        if args.show and args.show.lower() in label.lower():
            for name, snippets in list(examples.items())[:20]:
                print(f"  {label} | {name}: {snippets}")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, ["-" * w for w in widths], *rows]:
        print(" | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
