"""ParserFunctions' own parser tests (``fixtures/pfuncs/funcsParserTests.txt`` and
``stringFunctionTests.txt``), rendered with template expansion and compared with MediaWiki's
expected HTML at the structure level, as ``tests/test_conformance.py`` compares core's.

Cases listed in ``tests/pfuncs_known_failures.txt`` are strict expected failures (the list may
only shrink); ``python3 tests/test_pfuncs_parsertests.py`` prints the pass rate and rewrites
the list.
"""

from __future__ import annotations

import sys
import zoneinfo
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
    read_known_failures,
    same_structure,
)

PFUNCS_DIR = FIXTURES / "pfuncs"
KNOWN_FILE = HERE / "pfuncs_known_failures.txt"


runner = conformance_runner()


def _cases() -> list[tuple[ParserTestCase, dict[str, str]]]:
    out = []
    for path in sorted(PFUNCS_DIR.glob("*.txt")):
        cases, articles = load_file(path)
        pages = {a.title: a.text for a in articles}
        for case in cases:
            if case.wikitext is None or case.html_php is None or "language=" in case.options:
                continue
            out.append((case, pages))
    return out


def render(case: ParserTestCase, pages: dict[str, str]) -> str:
    wiki = wikiparse.Wiki.for_parser_tests(
        pages, config=runner.TEST_CONFIG, files=frozenset(runner._KNOWN_FILES)
    )
    for line in case.options.split("\n"):
        if line.strip().startswith("wgLocaltimezone="):
            wiki.local_timezone = zoneinfo.ZoneInfo(line.split("=", 1)[1].strip())
    return str(
        wikiparse.to_html(
            case.wikitext or "",
            title=runner.PAGE_TITLE,
            page_exists=runner.make_page_exists(set(pages)),
            config=runner.TEST_CONFIG,
            fragment_mode="legacy",
            wiki=wiki,
        )
    )


def passes(case: ParserTestCase, pages: dict[str, str]) -> bool:
    return same_structure(case.html_php or "", render(case, pages))


CASES = _cases()
KNOWN = read_known_failures(KNOWN_FILE)


@pytest.mark.parametrize(
    ("case", "pages"),
    case_params(((runner.case_key(c), (c, p), runner.case_key(c)) for c, p in CASES), KNOWN),
)
def test_pfuncs_case(case: ParserTestCase, pages: dict[str, str]) -> None:
    assert passes(case, pages)


def test_enough_cases() -> None:
    assert len(CASES) >= 40


def main() -> int:
    failing = [runner.case_key(c) for c, p in CASES if not passes(c, p)]
    print(f"{len(CASES) - len(failing)}/{len(CASES)} pass ({1 - len(failing) / len(CASES):.1%})")
    lines = [
        "# ParserFunctions parser-test cases that fail at the structure level (may only shrink)."
    ]
    KNOWN_FILE.write_text(
        "\n".join(lines + [f"{k}\tfails" for k in failing]) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
