"""Loader for MediaWiki's parser-test files (``fixtures/parsertests/*.txt``).

The format (documented at the top of ``parserTests.txt``) is a sequence of sections that start
with a ``!! name`` line: ``!! test`` (title), ``!! options``, ``!! config``, ``!! wikitext``,
``!! html/php`` / ``!! html`` / ``!! html/*`` / ``!! html/parsoid`` ..., ``!! end``; and
``!! article`` / ``!! text`` / ``!! endarticle`` for pages that exist in the test wiki.
Nothing is ``eval``-ed; every case keeps its file and line number for test ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

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
