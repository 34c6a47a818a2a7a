"""Loader for MediaWiki's parser-test files (``fixtures/parsertests/*.txt``).

The format (documented at the top of ``parserTests.txt``) is a sequence of sections that start
with a ``!! name`` line: ``!! test`` (title), ``!! options``, ``!! config``, ``!! wikitext``,
``!! html/php`` / ``!! html`` / ``!! html/*`` / ``!! html/parsoid`` ..., ``!! end``; and
``!! article`` / ``!! text`` / ``!! endarticle`` for pages that exist in the test wiki.
Nothing is ``eval``-ed; every case keeps its file and line number for test ids.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PARSERTESTS_DIR = FIXTURES / "parsertests"

_SECTION_RE = re.compile(r"^!!\s*([A-Za-z/+*_\-]+(?: here)?)\s*$")


@dataclass
class ParserTestCase:
    file: str
    line: int
    name: str
    sections: dict[str, str] = field(default_factory=dict)

    @property
    def wikitext(self) -> str | None:
        return self.sections.get("wikitext")

    @property
    def options(self) -> str:
        return self.sections.get("options", "")

    @property
    def config(self) -> str:
        return self.sections.get("config", "")

    @property
    def html_php(self) -> str | None:
        """The legacy parser's expected output: ``html/php``, else ``html/*``, else ``html``."""
        for key in ("html/php", "html/*", "html"):
            if key in self.sections:
                return self.sections[key]
        return None

    @property
    def id(self) -> str:
        return f"{self.file}:{self.line}:{self.name}"


@dataclass
class ParserTestArticle:
    file: str
    line: int
    title: str
    text: str


def _parse_file(path: Path) -> tuple[list[ParserTestCase], list[ParserTestArticle]]:
    tests: list[ParserTestCase] = []
    articles: list[ParserTestArticle] = []
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    current: dict[str, list[str]] | None = None
    kind = ""
    section = ""
    start_line = 0
    for number, line in enumerate(lines, 1):
        m = _SECTION_RE.match(line) if line.startswith("!!") else None
        if m is None:
            if current is not None and section:
                current[section].append(line)
            continue
        name = m.group(1).strip().lower()
        if name in ("test", "article"):
            current = {}
            kind = name
            section = name
            current[section] = []
            start_line = number
        elif name in ("end", "endarticle"):
            if current is not None:
                data = {k: "\n".join(v) for k, v in current.items()}
                if kind == "test":
                    tests.append(
                        ParserTestCase(path.name, start_line, data.get("test", "").strip(), data)
                    )
                elif kind == "article":
                    articles.append(
                        ParserTestArticle(
                            path.name,
                            start_line,
                            data.get("article", "").strip(),
                            data.get("text", ""),
                        )
                    )
            current = None
            section = ""
        elif current is not None:
            section = name
            current[section] = []
    return tests, articles


def load_file(path: Path) -> tuple[list[ParserTestCase], list[ParserTestArticle]]:
    return _parse_file(path)


def iter_cases(directory: Path = PARSERTESTS_DIR) -> Iterator[ParserTestCase]:
    """Every test case of every file, in file-name order."""
    for path in sorted(directory.glob("*.txt")):
        yield from _parse_file(path)[0]


def all_articles(directory: Path = PARSERTESTS_DIR) -> dict[str, str]:
    """Title -> text of every ``!! article`` in every file."""
    out: dict[str, str] = {}
    for path in sorted(directory.glob("*.txt")):
        for art in _parse_file(path)[1]:
            out[art.title] = art.text
    return out


# --- shared by the test files that run parser-test suites through tests/conformance.py ------

_RUNNER_NAME = "wikiparse_conformance"


def conformance_runner() -> ModuleType:
    """``tests/conformance.py``, loaded once per process under one module name.

    It is a script (runnable on its own), not a package module, so the test files load it by
    path; sharing one instance keeps its caches (wikis, configurations) shared as well.
    """
    if _RUNNER_NAME in sys.modules:
        return sys.modules[_RUNNER_NAME]
    spec = importlib.util.spec_from_file_location(
        _RUNNER_NAME, Path(__file__).with_name("conformance.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[_RUNNER_NAME] = module
    spec.loader.exec_module(module)
    return module


def read_known_failures(path: Path) -> dict[str, str]:
    """Case id -> reason, from a known-failures list (``id<TAB>reason`` lines, ``#`` comments)."""
    if not path.exists():
        return {}
    known: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            case_id, _, reason = line.rpartition("\t")
            known[case_id] = reason
    return known


def case_params(
    cases: Iterable[tuple[str, tuple[Any, ...], str]], known: Mapping[str, str]
) -> list[Any]:
    """``pytest.param`` per ``(case id, arguments, test id)``; a case whose id is on the
    known-failures list is a strict xfail with its reason."""
    import pytest

    params = []
    for key, arguments, test_id in cases:
        marks = [pytest.mark.xfail(reason=known[key], strict=True)] if key in known else []
        params.append(pytest.param(*arguments, id=test_id, marks=marks))
    return params


def same_structure(expected_html: str, actual_html: str) -> bool:
    """Whether two HTML outputs agree at the element-structure level of the conformance runner."""
    normalise = conformance_runner().normalise
    return bool(normalise(expected_html)["struct"] == normalise(actual_html)["struct"])
