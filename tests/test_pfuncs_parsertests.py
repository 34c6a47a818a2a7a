"""ParserFunctions' own parser tests (``fixtures/pfuncs/funcsParserTests.txt`` and
``stringFunctionTests.txt``), rendered with template expansion and compared with MediaWiki's
expected HTML at the structure level, as ``tests/test_conformance.py`` compares core's.

Cases listed in ``tests/pfuncs_known_failures.txt`` are strict expected failures (the list may
only shrink); ``python3 tests/test_pfuncs_parsertests.py`` prints the pass rate and rewrites
the list.
"""

from __future__ import annotations

import importlib.util
import sys
import zoneinfo
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import wikiparse  # noqa: E402
from parsertests import FIXTURES, ParserTestCase, load_file  # noqa: E402

PFUNCS_DIR = FIXTURES / "pfuncs"
KNOWN_FILE = HERE / "pfuncs_known_failures.txt"


def _load_runner() -> ModuleType:
    name = "wikiparse_conformance"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HERE / "conformance.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


runner = _load_runner()


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
    expected = runner.normalise(case.html_php or "")["struct"]
    return bool(runner.normalise(render(case, pages))["struct"] == expected)


def _known() -> set[str]:
    if not KNOWN_FILE.exists():
        return set()
    return {
        line.split("\t", 1)[0]
        for line in KNOWN_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }


CASES = _cases()
KNOWN = _known()


def _params() -> list[Any]:
    params = []
    for case, pages in CASES:
        key = runner.case_key(case)
        marks = [pytest.mark.xfail(reason="known failure", strict=True)] if key in KNOWN else []
        params.append(pytest.param(case, pages, id=key, marks=marks))
    return params


@pytest.mark.parametrize(("case", "pages"), _params())
def test_pfuncs_case(case: ParserTestCase, pages: dict[str, str]) -> None:
    expected = runner.normalise(case.html_php or "")["struct"]
    assert runner.normalise(render(case, pages))["struct"] == expected


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
