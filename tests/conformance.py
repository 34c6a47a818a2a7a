"""MediaWiki parser-test conformance of :func:`wikiparse.to_html`.

Runs every eligible case of ``fixtures/parsertests/*.txt`` (the default page HTML of the
legacy parser, ``!! html/php``) in an emulated test wiki, normalises expected and actual HTML
with an HTML5 parser, and compares them at three levels:

* ``text``   -- the visible text (whitespace collapsed as a browser collapses it);
* ``struct`` -- the element tree with its text;
* ``attrs``  -- the element tree plus the key attributes (href, src, id, class, colspan,
  rowspan, style).

The harness lives beside the tests that use it (``tests/test_conformance.py``), so the suite runs
from what it ships with; ``python3 benchmarks/conformance.py [--failures FILE] [--write-known PATH]
[--write-floor PATH]`` prints the conformance table from the command line.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import html5lib  # type: ignore[import-untyped]  # noqa: E402

import wikiparse  # noqa: E402
from parsertests import PARSERTESTS_DIR, ParserTestCase, load_file  # noqa: E402
from wikiparse._mw import normalize_title  # noqa: E402
from wikiparse.config import CANONICAL_NAMESPACES, INTERLANGUAGE_PREFIXES, ParserConfig  # noqa: E402
from wikiparse.expand import Limits  # noqa: E402

LEVELS = ("text", "struct", "attrs")
KEY_ATTRS = ("href", "src", "id", "class", "colspan", "rowspan", "style")
PAGE_TITLE = "Parser test"

# Options that select another output than the default page HTML, or another environment.
_SKIP_OPTIONS = re.compile(
    r"(?<![\w-])(?:pst|onlypst|msg|section|replace|preload|comment|subpage|nohtml|disabled|"
    r"cat|ill|iwl|showindicators|showflags|showtitle|showmedia|language|variant|"
    r"htmlVariantLanguage|thumbsize|lastsavedrevision|wgRawHtml|wgAllowExternalImages|"
    r"styletag|extlinks|djvu|local|preprocessor|context|pmid-interwiki|math|"
    r"externallinktarget|wrap|notoc|showtocdata|maxincludesize|parsoid-only|wg[A-Za-z]+)(?![\w-])",
)
# Extension tags that only MediaWiki's test harness registers.
_TEST_ONLY_TAGS = re.compile(
    r"<(?:tag|tåg|spantag|divtag|statictag|asidetag|pwraptest|embedtag|langconvert|"
    r"translate|tvar|html|indicator|templatestyles|score|timeline|inputbox|imagemap|"
    r"categorytree|section|charinsert)\b",
    re.I,
)


def _options_without_parsoid(options: str) -> str:
    """The options text minus the ``parsoid={...}`` block (it names Parsoid-only modes)."""
    return re.sub(r"parsoid\s*=\s*\{.*?\n\}", "", options, flags=re.S)


def _title_option(options: str) -> str | None:
    m = re.search(r"(?<![\w-])title=\[\[([^\]]*)\]\]", options)
    return m.group(1) if m else None


def eligible(case: ParserTestCase) -> bool:
    """Whether the case expects the legacy parser's default page HTML in the default wiki."""
    if case.wikitext is None or case.html_php is None:
        return False
    if case.config.strip():
        return False
    options = _options_without_parsoid(case.options)
    title = _title_option(options)
    if title is not None and title.strip() != PAGE_TITLE:
        return False
    options = re.sub(r"title=\[\[[^\]]*\]\]", "", options)
    if _SKIP_OPTIONS.search(options):
        return False
    return _TEST_ONLY_TAGS.search(case.wikitext) is None


# -- the emulated test wiki --------------------------------------------------------------------

_KNOWN_FILES = {
    "Foobar.jpg",
    "Foobar.svg",
    "Thumb.png",
    "LoremIpsum.djvu",
    "Video.ogv",
    "Audio.oga",
    "Hi-ho.jpg",
    "Foobar.png",
    "Transparent.png",
    "Teapot.jpg",
}


#: The interwiki table of MediaWiki's parser-test wiki (the prefixes its tests use).
TEST_INTERWIKI = {
    "wikipedia": "http://en.wikipedia.org/wiki/$1",
    "meatball": "http://www.usemod.com/cgi-bin/mb.pl?$1",
    "zh": "http://zh.wikipedia.org/wiki/$1",
    "es": "http://es.wikipedia.org/wiki/$1",
    "fr": "http://fr.wikipedia.org/wiki/$1",
    "ru": "http://ru.wikipedia.org/wiki/$1",
    "mi": "http://mi.wikipedia.org/wiki/$1",
    "en": "//en.wikipedia.org/wiki/$1",
    "project": "http://example.org/wiki/$1",
    "gerrit": "https://gerrit.wikimedia.org/$1",
    "google": "http://www.google.com/search?q=$1",
}


#: The test wiki's namespaces (MediaWiki's canonical names: "Project", not "Wikipedia") and
#: interwiki prefixes (its table above; those that name a language are interlanguage links, as
#: with ``$wgInterwikiMagic``).  ``[[Meta:Disclaimers]]`` is a page of its main namespace there.
TEST_CONFIG = ParserConfig(
    namespaces=dict(CANONICAL_NAMESPACES),
    namespace_aliases={"Image": 6, "Image talk": 7},
    interlanguage_prefixes=frozenset(TEST_INTERWIKI) & INTERLANGUAGE_PREFIXES,
    interwiki_prefixes=frozenset(TEST_INTERWIKI) - INTERLANGUAGE_PREFIXES,
)


def file_url(name: str, width: int | None) -> str:
    """Files the parser-test wiki has, at MediaWiki's hashed upload paths; others missing."""
    key = name.replace(" ", "_")
    if key not in _KNOWN_FILES:
        return ""
    digest = hashlib.md5(key.encode()).hexdigest()
    if width and not key.endswith((".ogv", ".oga", ".webm", ".ogg")):
        return f"http://example.com/images/thumb/{digest[0]}/{digest[:2]}/{key}/{width}px-{key}"
    return f"http://example.com/images/{digest[0]}/{digest[:2]}/{key}"


def make_page_exists(titles: set[str]) -> Callable[[str], bool]:
    def exists(title: str) -> bool:
        return title in titles or title.startswith("Special:") or title.startswith("File:")

    return exists


# -- normalisation ----------------------------------------------------------------------------

_INLINE = frozenset(
    """a abbr b bdi bdo big br cite code data del dfn em font i img ins kbd mark q rb rp rt rtc
    ruby s samp small span strike strong sub sup time tt u var wbr""".split()
)
_WS = re.compile(r"\s+")


def _tokens(markup: str, with_attrs: bool) -> list[str]:
    """Open/close/text tokens of the HTML5 parse of ``markup``."""
    root = html5lib.parseFragment(markup, treebuilder="etree", namespaceHTMLElements=False)
    out: list[str] = []
    stack: list[tuple[str, object]] = [("enter", root)]
    while stack:
        action, item = stack.pop()
        if action == "text":
            out.append(_WS.sub(" ", str(item)))
            continue
        if action == "close":
            out.append(f"</{item}>")
            continue
        el = item
        tag = el.tag  # type: ignore[attr-defined]
        if not isinstance(tag, str):  # comment
            if el.tail:  # type: ignore[attr-defined]
                stack.append(("text", el.tail))  # type: ignore[attr-defined]
            continue
        is_root = el is root
        if not is_root:
            if el.tail:  # type: ignore[attr-defined]
                stack.append(("text", el.tail))  # type: ignore[attr-defined]
            stack.append(("close", tag))
            attrs = ""
            if with_attrs:
                attrs = _attr_text(el.attrib)  # type: ignore[attr-defined]
            out.append(f"<{tag}{attrs}>")
        children = list(el)  # type: ignore[call-overload]
        for child in reversed(children):
            stack.append(("enter", child))
        if el.text:  # type: ignore[attr-defined]
            stack.append(("text", el.text))  # type: ignore[attr-defined]
    return _trim_block_space(out)


def _attr_text(attrib: dict[str, str]) -> str:
    parts = []
    for key in KEY_ATTRS:
        if key not in attrib:
            continue
        value = attrib[key].strip()
        if key == "class":
            value = " ".join(sorted(value.split()))
        elif key == "style":
            value = ";".join(
                p.strip().replace(" ", "") for p in value.split(";") if p.strip()
            ).lower()
        parts.append(f' {key}="{value}"')
    return "".join(parts)


def _is_block_boundary(token: str) -> bool:
    if not token.startswith("<"):
        return False
    name = token[1:].lstrip("/").split(" ", 1)[0].rstrip(">")
    return name not in _INLINE


def _trim_block_space(tokens: list[str]) -> list[str]:
    """Drop whitespace a browser would not show: at block boundaries, and merge text runs."""
    merged: list[str] = []
    for tok in tokens:
        if not tok.startswith("<") and merged and not merged[-1].startswith("<"):
            merged[-1] = _WS.sub(" ", merged[-1] + tok)
        else:
            merged.append(tok)
    out: list[str] = []
    for i, tok in enumerate(merged):
        if tok.startswith("<"):
            out.append(tok)
            continue
        before = merged[i - 1] if i else "<start>"
        after = merged[i + 1] if i + 1 < len(merged) else "<end>"
        if _is_block_boundary(before) or before == "<start>":
            tok = tok.lstrip()
        if _is_block_boundary(after) or after == "<end>":
            tok = tok.rstrip()
        if tok:
            out.append(tok)
    return out


def normalise(markup: str) -> dict[str, str]:
    """The three comparison forms of an HTML fragment."""
    struct = _tokens(markup, with_attrs=False)
    attrs = _tokens(markup, with_attrs=True)
    text = " ".join(t for t in struct if not t.startswith("<"))
    return {"text": _WS.sub(" ", text).strip(), "struct": "".join(struct), "attrs": "".join(attrs)}


# -- running -------------------------------------------------------------------------------------


@dataclass
class CaseResult:
    case: ParserTestCase
    passed: dict[str, bool]
    expected: str
    actual: str
    error: str = ""


# -- cases that set a content language (run with the matching preset) ---------------------------

_LANGUAGE_OPTION = re.compile(r"(?<![\w-])language=([\w-]+)")


def content_language(case: ParserTestCase) -> str | None:
    """The ``language=xx`` a case sets, when the case is otherwise eligible (default page HTML;
    no variant conversion, which needs ``-{ }-`` in the parser)."""
    options = _options_without_parsoid(case.options)
    m = _LANGUAGE_OPTION.search(options)
    if m is None or case.wikitext is None or case.html_php is None or case.config.strip():
        return None
    rest = _LANGUAGE_OPTION.sub("", options)
    title = _title_option(rest)
    if title is not None and title.strip() != PAGE_TITLE:
        return None
    rest = re.sub(r"title=\[\[[^\]]*\]\]", "", rest)
    if _SKIP_OPTIONS.search(rest) or _TEST_ONLY_TAGS.search(case.wikitext):
        return None
    return m.group(1)


def language_config(language: str) -> ParserConfig | None:
    """The test wiki in ``language``: the bundled preset of that language's Wikipedia (its
    namespaces, magic words, file options, link trail), or None without a preset."""
    from wikiparse.presets import resolve_wiki

    wiki = resolve_wiki(language)
    return ParserConfig.for_wiki(wiki) if wiki is not None and language != "en" else None


def iter_language_cases(
    directory: Path = PARSERTESTS_DIR,
) -> Iterator[tuple[ParserTestCase, set[str], str]]:
    """Cases that set a content language, with their file's page titles and the language."""
    for path in sorted(directory.glob("*.txt")):
        cases, articles = load_file(path)
        titles = {normalize_title(a.title, config=TEST_CONFIG) for a in articles} | {"Main Page"}
        _register_wiki(path, articles)
        for case in cases:
            language = content_language(case)
            if language is not None:
                yield case, titles, language


#: Each file's test wiki: its ``!! article`` pages, for template expansion.
WIKIS: dict[str, wikiparse.Wiki] = {}
#: Each file's ``!! article`` pages, and the file's test wiki in another content language
#: (a preset: its magic words and namespaces expand ``{{ns:User}}`` as ``Benutzer``).
ARTICLES: dict[str, dict[str, str]] = {}
LANGUAGE_WIKIS: dict[tuple[str, str], wikiparse.Wiki] = {}


def _register_wiki(path: Path, articles: list[Any]) -> None:
    """The file's ``!! article`` pages as its test wiki (whichever iterator reads it first),
    so a case expands the same templates whatever ran before it in the process."""
    if path.name not in WIKIS:
        ARTICLES[path.name] = {a.title: a.text for a in articles}
        WIKIS[path.name] = wikiparse.Wiki.for_parser_tests(
            ARTICLES[path.name], config=TEST_CONFIG, files=frozenset(_KNOWN_FILES)
        )


def iter_eligible(directory: Path = PARSERTESTS_DIR) -> Iterator[tuple[ParserTestCase, set[str]]]:
    """Eligible cases with the titles of the pages that exist in their file's test wiki."""
    for path in sorted(directory.glob("*.txt")):
        cases, articles = load_file(path)
        titles = {normalize_title(a.title, config=TEST_CONFIG) for a in articles}
        titles.add("Main Page")
        _register_wiki(path, articles)
        for case in cases:
            if eligible(case):
                yield case, titles


def _wiki_for(case: ParserTestCase, config: ParserConfig = TEST_CONFIG) -> wikiparse.Wiki | None:
    """The file's test wiki (in ``config``'s language when that is a preset), with the case's
    ``maxtemplatedepth`` option if it has one."""
    wiki = WIKIS.get(case.file)
    if wiki is not None and config is not TEST_CONFIG:
        key = (case.file, config.wiki_id)
        if key not in LANGUAGE_WIKIS:
            LANGUAGE_WIKIS[key] = wikiparse.Wiki.for_parser_tests(
                ARTICLES[case.file], config=config, files=frozenset(_KNOWN_FILES)
            )
        wiki = LANGUAGE_WIKIS[key]
    m = re.search(r"(?<![\w-])maxtemplatedepth=(\d+)", case.options)
    if wiki is None or m is None:
        return wiki
    variant = copy.copy(wiki)
    variant.limits = Limits(max_template_depth=int(m.group(1)))
    return variant


def render_case(case: ParserTestCase, titles: set[str], config: ParserConfig = TEST_CONFIG) -> str:
    return str(
        wikiparse.to_html(
            case.wikitext or "",
            title=PAGE_TITLE,
            page_exists=make_page_exists(titles),
            file_url=file_url,
            edit_links=(("edit", "action=edit"),),
            interwiki=TEST_INTERWIKI,
            thumb_width=180,
            fragment_mode="legacy",
            config=config,
            wiki=_wiki_for(case, config),
        )
    )


def run_case(
    case: ParserTestCase, titles: set[str], config: ParserConfig = TEST_CONFIG
) -> CaseResult:
    expected = case.html_php or ""
    try:
        actual = render_case(case, titles, config)
    except Exception as exc:  # a crash is a failure at every level, reported with its cause
        return CaseResult(case, dict.fromkeys(LEVELS, False), expected, "", repr(exc))
    want = normalise(expected)
    got = normalise(actual)
    return CaseResult(case, {lvl: want[lvl] == got[lvl] for lvl in LEVELS}, expected, actual)


def run_all() -> list[CaseResult]:
    return [run_case(case, titles) for case, titles in iter_eligible()]


def rates(results: list[CaseResult]) -> dict[str, dict[str, float | int]]:
    """Per file (and ``ALL``): number of eligible cases and pass rate per level."""
    by_file: dict[str, list[CaseResult]] = {}
    for r in results:
        by_file.setdefault(r.case.file, []).append(r)
    by_file["ALL"] = results
    # What the renderer and parser achieve where no template expansion is needed.
    by_file["ALL (no templates)"] = [r for r in results if "{{" not in (r.case.wikitext or "")]
    table: dict[str, dict[str, float | int]] = {}
    for name, rs in sorted(by_file.items()):
        row: dict[str, float | int] = {"cases": len(rs)}
        for lvl in LEVELS:
            row[lvl] = round(sum(r.passed[lvl] for r in rs) / len(rs), 4) if rs else 0.0
        table[name] = row
    return table


def case_key(case: ParserTestCase) -> str:
    """The case's id on one line (a few test names span lines)."""
    return " ".join(case.id.split())


def classify(result: CaseResult) -> str:
    """A short reason for a failing case (what it needs), for the known-failures list."""
    text = result.case.wikitext or ""
    if result.error:
        return "crash: " + result.error[:80]
    if "{{" in text:
        return "template expansion or its rendering differs"
    if re.search(r"\[\[\s*(?:file|image|media)\s*:|<gallery", text, re.I):
        return "file/media rendering (sizes, thumbnails, test-wiki files)"
    if "-{" in text:
        return "language converter markup"
    if result.passed["text"]:
        return "element structure differs"
    return "visible text differs"


def print_table(table: dict[str, dict[str, float | int]]) -> None:
    print(f"{'file':34} {'cases':>6} {'text':>7} {'struct':>7} {'attrs':>7}")
    for name, row in table.items():
        if name.startswith("ALL"):
            continue
        print(
            f"{name:34} {row['cases']:>6} {row['text']:>7.1%} {row['struct']:>7.1%} "
            f"{row['attrs']:>7.1%}"
        )
    for name in ("ALL (no templates)", "ALL"):
        row = table[name]
        print(
            f"{name:34} {row['cases']:>6} {row['text']:>7.1%} {row['struct']:>7.1%} "
            f"{row['attrs']:>7.1%}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--failures", type=Path, help="write failing cases (struct level) here")
    ap.add_argument("--write-known", type=Path, help="write the known-failures list")
    ap.add_argument("--write-floor", type=Path, help="write the floors (rates, rounded down)")
    args = ap.parse_args(argv)
    start = time.perf_counter()
    results = run_all()
    table = rates(results)
    print_table(table)
    print(f"\n{len(results)} eligible cases in {time.perf_counter() - start:.1f}s")
    failing = [r for r in results if not r.passed["struct"]]
    if args.failures:
        with args.failures.open("w", encoding="utf-8") as fh:
            for r in failing:
                fh.write(f"=== {r.case.id}  [{classify(r)}]\n--- wikitext\n{r.case.wikitext}\n")
                fh.write(f"--- expected\n{r.expected}\n--- actual\n{r.actual}\n")
                fh.write(f"--- exp struct\n{normalise(r.expected)['struct']}\n")
                fh.write(f"--- act struct\n{normalise(r.actual)['struct'] if r.actual else ''}\n\n")
    if args.write_known:
        lines = [
            "# Parser-test cases that fail at the structure level, with the reason.",
            "# Format: <file>:<line>:<test name><TAB><reason>.  This list may only shrink.",
        ]
        lines += [f"{case_key(r.case)}\t{classify(r)}" for r in failing]
        args.write_known.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.write_floor:
        floor = {
            name: {lvl: int(float(row[lvl]) * 1000) / 1000 for lvl in LEVELS}
            for name, row in table.items()
        }
        args.write_floor.write_text(json.dumps(floor, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
