"""Template expansion against MediaWiki on real articles, and its speed.

For each of the 106 English Wikipedia sample articles, MediaWiki 1.39 with the 288 templates
and modules of ``fixtures/expand/enwiki-templates.xml.bz2`` gave its expanded text
(Special:ExpandTemplates) and HTML (``/work/shared/oracle/goldens/enwiki-sample.jsonl.bz2``,
or ``--goldens FILE``).  This script expands and renders every article with
``wikiparse.Wiki`` and prints, per page and overall:

* whether the page needs Lua (it calls ``{{#invoke:}}``; the Lua engine is a separate issue);
* exact agreement of the expanded text, and its similarity ratio;
* agreement of the rendered HTML at the text and element-structure levels (the
  normalisation of the parser-test conformance runner).

``--bench`` times expansion + rendering of every page (best of ``--rounds``) beside
MediaWiki's own parse time of the same pages, measured in the same run when the oracle's
``render.php`` is at hand (``--oracle PATH``), else taken from the goldens; and beside
wikitextprocessor when it is installed.
"""

from __future__ import annotations

import argparse
import bz2
import difflib
import importlib.util
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import wikiparse  # noqa: E402
from wikiparse.expand import SiteInfo  # noqa: E402

GOLDENS = Path("/work/shared/oracle/goldens/enwiki-sample.jsonl.bz2")
ORACLE = Path("/work/shared/oracle/render.php")
TEMPLATES = ROOT / "fixtures" / "expand" / "enwiki-templates.xml.bz2"
#: The oracle wiki's site facts (a local MediaWiki), so that URLs agree.
ORACLE_SITE = SiteInfo(
    sitename="Wikipedia",
    server="http://localhost",
    script_path="/w",
    article_path="/w/index.php/$1",
)


def _normaliser() -> Any:
    spec = importlib.util.spec_from_file_location(
        "wp_conformance", ROOT / "tests" / "conformance.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.normalise


_HEADLINE = re.compile(r'<span class="mw-headline"[^>]*>(.*?)</span>(?=</h[1-6]>)', re.S)
_FALLBACK_ANCHOR = re.compile(r'(<h[1-6][^>]*>)<span id="[^"]*"></span>')
_HEADING_DIV = re.compile(
    r'<div class="mw-heading mw-heading[1-6]">(<h[1-6][^>]*>.*?</h[1-6]>)</div>', re.S
)


def _headings_1_39(html: str) -> str:
    """MediaWiki 1.39 wraps heading text in ``<span class="mw-headline">``; newer MediaWiki
    (which the renderer follows) wraps the heading in ``<div class="mw-heading">``; 1.39 also
    adds an empty legacy-anchor span to some headings: these are dropped before comparing, the rest of the markup is compared as it is."""
    html = _FALLBACK_ANCHOR.sub(r"\1", html)
    return _HEADLINE.sub(r"\1", html)


_CITE_BRACKET = re.compile(r'<span class="cite-bracket">(&#91;|&#93;)</span>')


def _headings_new(html: str) -> str:
    """Newer Cite (which the renderer follows) wraps a reference mark's brackets in
    ``<span class="cite-bracket">``; 1.39 writes ``&#91;1&#93;`` bare: unwrap them too."""
    html = _CITE_BRACKET.sub(r"\1", html)
    return _HEADING_DIV.sub(r"\1", html)


#: The few golden pages CI checks (``tests/test_lua_goldens.py``): their wikitext and the
#: oracle's HTML.
FIXTURE = ROOT / "fixtures" / "lua" / "goldens-visible.jsonl.xz"


def write_fixture(rows: list[dict[str, Any]], titles: list[str]) -> None:
    import lzma

    by_title = {row["title"]: row for row in rows}
    with lzma.open(FIXTURE, "wt", encoding="utf-8") as fh:
        for title in titles:
            row = by_title[title]
            keep = {"title": title, "wikitext": row["wikitext"], "html": row["html"]}
            fh.write(json.dumps(keep, ensure_ascii=False) + "\n")


def load(path: Path) -> list[dict[str, Any]]:
    with bz2.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


#: The extension tags the oracle wiki has (core's, Cite's, Poem's, TemplateData's and a
#: TemplateStyles stand-in that outputs nothing): a site-configuration difference from
#: Wikipedia, which also has Math (``<math>``, ``<chem>``, ``<ce>``), SyntaxHighlight, Score,
#: Timeline, ...  On the oracle those tags are plain text (``&lt;math&gt;x&lt;/math&gt;``), so
#: the comparison renders with a config that lacks them (nothing is deleted from either side).
ORACLE_EXTENSION_TAGS = frozenset(
    """nowiki pre ref references gallery poem includeonly noinclude onlyinclude templatedata
    templatestyles indicator langconvert""".split()
)

#: MediaWiki 1.39's default ``$wgEnableMagicLinks`` (all off), which the oracle wiki keeps;
#: Wikipedia turns ISBN, PMID and RFC links on.
ORACLE_MAGIC_LINKS: frozenset[str] = frozenset()

#: The oracle wiki's namespaces: core's and Scribunto's Module.  Wikipedia also has Portal,
#: Draft, TimedText, ...; on the oracle ``{{Portal:X}}`` is a template call to
#: ``Template:Portal:X``.
ORACLE_NAMESPACES = frozenset((-2, -1, *range(16), 828, 829))
#: Core's namespace aliases (Wikipedia adds WP, WT, TM).
ORACLE_NAMESPACE_ALIASES = {"Image": 6, "Image talk": 7, "Project": 4, "Project talk": 5}
# The oracle's interwiki table is MediaWiki's default one, without language links: on it
# ``[[fr:X]]`` is a link in the text, not an interlanguage link (``interlanguage_prefixes``).


def oracle_wiki(cache: Path | None = None, dump: Path = TEMPLATES) -> wikiparse.Wiki:
    """The template dump as a wiki (its SQLite store in the temporary directory), configured
    as the oracle wiki is (:data:`ORACLE_EXTENSION_TAGS`; no uploaded files).

    Its clock is now, not the dump's time (``from_dump``'s default): the goldens were rendered
    recently and ``{{CURRENTYEAR}}`` on them says so."""
    import datetime
    import tempfile

    import attrs

    cache = cache or Path(tempfile.gettempdir()) / "wikiparse-enwiki-templates.sqlite"
    base = wikiparse.Wiki.from_dump(
        dump, cache=cache, site=ORACLE_SITE, clock=datetime.datetime.now(datetime.UTC)
    )
    kept = {ns: name for ns, name in base.config.namespaces.items() if ns in ORACLE_NAMESPACES}
    config = attrs.evolve(
        base.config,
        extension_tags=ORACLE_EXTENSION_TAGS,
        magic_links=ORACLE_MAGIC_LINKS,
        namespaces=kept,
        namespace_aliases=ORACLE_NAMESPACE_ALIASES,
        interlanguage_prefixes=frozenset(),
    )
    return wikiparse.Wiki(store=base.store, config=config, site=ORACLE_SITE, clock=base.clock)


def render(row: dict[str, Any], wiki: wikiparse.Wiki) -> str:
    """The page as our renderer shows it on the oracle wiki: its pages and files (none are
    uploaded there, so every image is a missing file) decide red links and broken media, and
    missing files are labelled as with its ``$wgParserEnableLegacyMediaDOM`` (1.39's default;
    ``legacy_media_labels``)."""
    return str(
        wikiparse.to_html(
            row["wikitext"],
            title=row["title"],
            wiki=wiki,
            config=wiki.config,
            page_exists=wiki.exists,
            file_url=lambda name, width: f"/images/{name}" if wiki.file_exists(name) else "",
            edit_sections=False,
            legacy_media_labels=True,
        )
    )


def visible_texts(row: dict[str, Any], html: str) -> tuple[str, str]:
    """MediaWiki's and our visible text of the page (the conformance runner's ``text``)."""
    normalise = _normaliser()
    want = normalise(_headings_1_39(row["html"]))["text"]
    got = normalise(_headings_new(html))["text"]
    return want, got


def classify(want: str, got: str) -> list[str]:
    """The kinds of difference between two visible texts (word-level diff), for the
    ``--classify`` table: each differing run is named by what it looks like."""
    a, b = want.split(" "), got.split(" ")
    kinds = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old, new = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        kinds.append(_kind(old, new))
    return kinds


_BACKLINKS = re.compile(r"[0-9]+\.[0-9]+(?: [0-9]+\.[0-9]+)*|[a-z]{1,2}(?: [a-z]{1,2})*")


def _kind(old: str, new: str) -> str:
    if old and new and _BACKLINKS.fullmatch(old) and _BACKLINKS.fullmatch(new):
        return "ref backlink labels"
    if "Cite error" in old + new:
        return "Cite error message"
    if "Lua error" in old + new or "Script error" in old + new:
        return "script error text"
    if "<math" in old + new or "</math>" in old + new:
        return "<math> (no Math extension on the oracle)"
    if old.startswith("File:") or new.startswith("File:"):
        return "missing file"
    return "other"


def compare(rows: list[dict[str, Any]], wiki: wikiparse.Wiki) -> list[dict[str, Any]]:
    normalise = _normaliser()
    out = []
    for row in rows:
        res = wiki.expand_full(row["wikitext"], row["title"])
        html = render(row, wiki)
        want, got = normalise(_headings_1_39(row["html"])), normalise(_headings_new(html))
        ratio = difflib.SequenceMatcher(
            None, row["expanded"], res.text, autojunk=False
        ).quick_ratio()
        out.append(
            {
                "title": row["title"],
                "lua": res.lua_calls > 0,
                "expanded_equal": res.text == row["expanded"],
                "expanded_similarity": round(ratio, 4),
                "html_text": want["text"] == got["text"],
                "differences": classify(want["text"], got["text"]),
                "html_struct": want["struct"] == got["struct"],
                "text_similarity": round(
                    difflib.SequenceMatcher(
                        None, want["text"], got["text"], autojunk=False
                    ).quick_ratio(),
                    4,
                ),
            }
        )
    return out


def summary(results: list[dict[str, Any]]) -> None:
    def line(name: str, rs: list[dict[str, Any]]) -> None:
        n = len(rs) or 1
        print(
            f"{name:28} {len(rs):>4} pages  expanded equal {sum(r['expanded_equal'] for r in rs) / n:6.1%}"
            f"  similarity {sum(r['expanded_similarity'] for r in rs) / n:6.1%}"
            f"  html text {sum(r['html_text'] for r in rs) / n:6.1%}"
            f"  struct {sum(r['html_struct'] for r in rs) / n:6.1%}"
            f"  text similarity {sum(r['text_similarity'] for r in rs) / n:6.1%}"
        )

    line("all", results)
    line("no Lua needed", [r for r in results if not r["lua"]])
    line("Lua needed", [r for r in results if r["lua"]])
    equal = sum(r["html_text"] for r in results)
    print(f"visible text equal on {equal}/{len(results)} pages; differences by kind:")
    kinds: dict[str, list[int]] = {}
    for r in results:
        for kind in set(r["differences"]):
            kinds.setdefault(kind, [0, 0])[0] += 1
        for kind in r["differences"]:
            kinds.setdefault(kind, [0, 0])[1] += 1
    for kind, (pages, runs) in sorted(kinds.items(), key=lambda kv: -kv[1][0]):
        print(f"  {kind:45} {pages:>4} pages {runs:>6} runs")


def bench(
    rows: list[dict[str, Any]], wiki: wikiparse.Wiki, rounds: int, oracle: Path | None, python: str
) -> None:
    best_expand = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for row in rows:
            wiki.expand(row["wikitext"], row["title"])
        best_expand = min(best_expand, time.perf_counter() - start)
    print(
        f"wikiparse expand only: {best_expand:.2f} s for {len(rows)} pages "
        f"({len(rows) / best_expand:.1f} pages/s, best of {rounds})"
    )
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for row in rows:
            wikiparse.to_html(row["wikitext"], title=row["title"], wiki=wiki)
        best = min(best, time.perf_counter() - start)
    mw_ms = sum(float(r.get("ms", 0)) for r in rows)
    source = "goldens"
    if oracle is not None and oracle.exists():
        payload = "".join(
            json.dumps({"title": r["title"], "wikitext": r["wikitext"]}) + "\n" for r in rows
        )
        proc = subprocess.run(
            ["php", str(oracle)], input=payload, capture_output=True, text=True, check=False
        )
        got = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
        if len(got) == len(rows):
            mw_ms = sum(float(g["ms"]) for g in got)
            source = "measured now"
    print(
        f"wikiparse expand+render: {best:.2f} s for {len(rows)} pages "
        f"({len(rows) / best:.1f} pages/s, best of {rounds})"
    )
    mw_s = mw_ms / 1000 or float("nan")
    print(
        f"MediaWiki parse ({source}): {mw_s:.2f} s ({len(rows) / mw_s:.1f} pages/s)"
        f"  -> ratio {mw_s / best:.2f}x"
    )
    _bench_wikitextprocessor(rows, rounds, python)


def _bench_wikitextprocessor(rows: list[dict[str, Any]], rounds: int, python: str) -> None:
    """wikitextprocessor expands the same pages with the same templates (``--wtp-python``:
    an interpreter that has it installed; it is no dependency of wikiparse)."""
    from wikiparse.dumps import iter_pages

    templates = [
        [p.title, "Scribunto" if p.namespace == 828 else "wikitext", p.text]
        for p in iter_pages(str(TEMPLATES))
    ]
    job = {
        "templates": templates,
        "pages": [[r["title"], r["wikitext"]] for r in rows],
        "rounds": rounds,
    }
    runner = Path(__file__).resolve().parent / "_wtp_runner.py"
    proc = subprocess.run(
        [python, str(runner)], input=json.dumps(job), capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["?"])[-1]
        print(f"wikitextprocessor ({python}): did not run: {last}")
        return
    got = json.loads(proc.stdout)
    print(f"wikitextprocessor expand only: {got['seconds']:.2f} s ({got['errors']} pages raised)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--goldens", type=Path, default=GOLDENS)
    ap.add_argument("--json", type=Path, help="write the per-page results here")
    ap.add_argument("--bench", action="store_true")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--oracle", type=Path, default=ORACLE)
    ap.add_argument("--wtp-python", default=sys.executable, help="a Python with wikitextprocessor")
    ap.add_argument("--no-compare", action="store_true", help="only the timing")
    ap.add_argument(
        "--write-fixture",
        nargs="+",
        metavar="TITLE",
        help=f"write these pages (wikitext and MediaWiki's HTML) to {FIXTURE.relative_to(ROOT)}",
    )
    args = ap.parse_args(argv)
    rows = load(args.goldens)
    if args.write_fixture:
        write_fixture(rows, args.write_fixture)
        return 0
    wiki = oracle_wiki()
    if not args.no_compare:
        results = compare(rows, wiki)
        summary(results)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if args.bench:
        bench(rows, wiki, args.rounds, args.oracle, args.wtp_python)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
