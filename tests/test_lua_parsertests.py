"""Scribunto's own parser tests (``fixtures/lua/luaParserTests.txt``): ``{{#invoke:}}`` on the
test wiki's modules, rendered with :func:`wikiparse.to_html` and compared with MediaWiki's
expected HTML at the structure level, as ``tests/test_conformance.py`` compares core's.

The test wiki is the parser-test wiki (rendered as ``tests/conformance.py`` renders it) plus
Scribunto's ``Module:`` namespace.  Cases that
expect another output than the page HTML (``pst``) are left out, as the conformance runner
leaves them out.  Known failures are strict xfails with their reasons (the list may only
shrink); ``python3 tests/test_lua_parsertests.py`` prints the pass rate.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import wikiparse  # noqa: E402
from parsertests import (  # noqa: E402
    FIXTURES,
    ParserTestCase,
    case_params,
    conformance_runner,
    load_file,
    same_structure,
)
from wikiparse.config import CANONICAL_NAMESPACES, ParserConfig  # noqa: E402

SUITE = FIXTURES / "lua" / "luaParserTests.txt"
#: The pass rate may not fall below this (all 29 eligible cases pass).
FLOOR = 29

#: Cases we know we fail, with the reason.
KNOWN: dict[str, str] = {}


runner = conformance_runner()

#: The parser-test wiki with Scribunto installed: its namespaces plus Module and Module talk.
CONFIG = ParserConfig(
    namespaces={**CANONICAL_NAMESPACES, 828: "Module", 829: "Module talk"},
    namespace_aliases={"Image": 6, "Image talk": 7},
)


def _cases() -> tuple[list[ParserTestCase], dict[str, str]]:
    cases, articles = load_file(SUITE)
    pages = {a.title: a.text for a in articles}
    eligible = [
        c
        for c in cases
        if c.wikitext is not None
        and c.html_php is not None
        and "pst" not in runner._options_without_parsoid(c.options).split()
    ]
    return eligible, pages


CASES, PAGES = _cases()


def render(case: ParserTestCase) -> str:
    wiki = wikiparse.Wiki.for_parser_tests(
        PAGES, config=CONFIG, files=frozenset(runner._KNOWN_FILES)
    )
    return str(
        wikiparse.to_html(
            case.wikitext or "",
            title=runner.PAGE_TITLE,
            page_exists=runner.make_page_exists(set(PAGES)),
            file_url=runner.file_url,
            edit_links=(("edit", "action=edit"),),
            interwiki=runner.TEST_INTERWIKI,
            thumb_width=180,
            config=CONFIG,
            fragment_mode="legacy",
            wiki=wiki,
        )
    )


def case_name(case: ParserTestCase) -> str:
    return " ".join(case.name.split())


def passes(case: ParserTestCase) -> bool:
    return same_structure(case.html_php or "", render(case))


@pytest.mark.parametrize(
    "case", case_params(((case_name(c), (c,), case_name(c)) for c in CASES), KNOWN)
)
def test_lua_parser_case(case: ParserTestCase) -> None:
    assert passes(case)


def test_floor() -> None:
    """The suite is all there and the known failures are few."""
    assert len(CASES) >= 29
    assert len(CASES) - len(KNOWN) >= FLOOR
    assert set(KNOWN) <= {case_name(c) for c in CASES}


def main() -> int:
    failing = [case_name(c) for c in CASES if not passes(c)]
    print(f"{len(CASES) - len(failing)}/{len(CASES)} pass ({1 - len(failing) / len(CASES):.1%})")
    for key in failing:
        print("  fails:", key)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
