"""Shared test fixtures: the pages of the bundled sample dumps.

The dump reader here is deliberately tiny and private (bz2 + lxml ``iterparse``): the tests
of the parser must not depend on :mod:`wikiparse.dumps`, which is developed separately, and
must never read ``/work/shared`` (CI only has ``fixtures/``).
"""

from __future__ import annotations

import bz2
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import settings
from lxml import etree

import wikiparse
from wikiparse.config import ParserConfig
from wikiparse.nodes import Document, Node, Parameter, Template, Text, Wikicode, walk

# In CI (CI=true) every property test draws the same examples each run: a red CI names a real
# regression, not a new random draw.  Locally they draw new examples each run (more search);
# benchmarks/fuzz_hostile.py runs the long random search.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    settings.load_profile("ci")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DUMPS_DIR = FIXTURES / "dumps"
DUMP_FILES: tuple[Path, ...] = tuple(sorted(DUMPS_DIR.glob("*.bz2")))
#: The corpus of the speed target (main-namespace pages of the shortened enwiki dump).
ENWIKI_SHORTENED = next(p for p in DUMP_FILES if p.name.startswith("enwiki-latest"))


@dataclass(frozen=True)
class Page:
    """One page of a dump: enough to parse it and to name it in a test id."""

    dump: str
    title: str
    ns: int
    text: str

    @property
    def id(self) -> str:
        return f"{self.dump.split('-')[0]}:{self.title}"


def _local(tag: object) -> str:
    """The element name without its XML namespace (dumps use a versioned namespace URI)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_dump(path: Path) -> list[Page]:
    """Every page of a ``.bz2`` MediaWiki export, in file order (lxml detects UTF-16 too)."""
    pages: list[Page] = []
    with bz2.open(path) as fh:
        for _event, elem in etree.iterparse(fh, events=("end",)):
            if _local(elem.tag) != "page":
                continue
            title, ns, text = "", 0, ""
            for child in elem.iter():
                name = _local(child.tag)
                if name == "title":
                    title = child.text or ""
                elif name == "ns":
                    ns = int(child.text or 0)
                elif name == "text":
                    text = child.text or ""
            pages.append(Page(path.name, title, ns, text))
            elem.clear()
    return pages


@functools.cache
def all_pages() -> tuple[Page, ...]:
    """Every page of every bundled dump (cached: parametrisation and fixtures share it)."""
    out: list[Page] = []
    for path in DUMP_FILES:
        out.extend(read_dump(path))
    return tuple(out)


@functools.cache
def main_pages(dump_prefix: str = "enwiki-latest") -> tuple[Page, ...]:
    """Main-namespace pages of the dumps whose file name starts with ``dump_prefix``."""
    return tuple(p for p in all_pages() if p.ns == 0 and p.dump.startswith(dump_prefix))


@pytest.fixture(scope="session")
def sample_pages() -> tuple[Page, ...]:
    """Every page of every dump in ``fixtures/dumps``."""
    return all_pages()


@pytest.fixture(scope="session")
def enwiki_articles() -> tuple[Page, ...]:
    """Main-namespace pages of the shortened English dump (the benchmark corpus)."""
    return main_pages()


# --------------------------------------------------------------------------------------------
# Span checking, shared by the round-trip, robustness and node-level tests
# --------------------------------------------------------------------------------------------


def span_errors(root: Node, text: str, *, limit: int = 5) -> list[str]:
    """Where the spans of ``root``'s tree disagree with ``text`` (empty when all is well).

    One iterative pass re-derives every node's offsets from its ``parts()`` (the children of a
    node, with its literal strings between them, must tile the node exactly) and compares them
    with the offsets the parser recorded; leaf strings are compared with the text under them.
    When the tiling holds from a root spanning the whole text, ``text[n.start:n.end] ==
    str(n)`` follows for every node, without re-serialising each subtree (which would cost
    depth x size on deep trees).
    """
    errors: list[str] = []
    if root.start != 0 or root.end != len(text):
        errors.append(f"root spans {root.start}-{root.end}, text has {len(text)} chars")
    pos = 0
    stack: list[tuple[bool, str | Node]] = [(False, root)]
    while stack and len(errors) < limit:
        leaving, item = stack.pop()
        if isinstance(item, str):
            if text[pos : pos + len(item)] != item:
                errors.append(f"literal {item[:30]!r} not found at {pos}: {text[pos : pos + 30]!r}")
            pos += len(item)
            continue
        if leaving:
            if item.end != pos:
                errors.append(f"{item!r}: end {item.end}, its parts end at {pos}")
            continue
        if item.start != pos:
            errors.append(f"{item!r}: start {item.start}, expected {pos}")
        stack.append((True, item))
        stack.extend((False, p) for p in reversed(item.parts()))
    return errors


def assert_lossless(text: str, config: ParserConfig | None = None) -> Document:
    """Parse ``text`` and assert the round trip and span consistency; return the document."""
    doc = wikiparse.parse(text, config=config)
    assert isinstance(doc, Document)
    out = str(doc)
    if out != text:
        at = next(
            (i for i, (a, b) in enumerate(zip(out, text, strict=False)) if a != b),
            min(len(out), len(text)),
        )
        raise AssertionError(
            f"round trip differs at {at}: got {out[at : at + 40]!r}, source {text[at : at + 40]!r}"
        )
    errors = span_errors(doc, text)
    assert not errors, "\n".join(errors)
    return doc


N = TypeVar("N", bound=Node)


def find(root: Node, cls: type[N], *, exact: bool = False) -> list[N]:
    """Every node of class ``cls`` under ``root`` (itself included), in source order.

    A local helper rather than ``Node.find_nodes`` so that the parser's tests do not depend on
    the query module, which is developed separately.  ``exact`` excludes subclasses (a plain
    :class:`~wikiparse.nodes.Wikilink`, not a file or category link).
    """
    if exact:
        return [n for n in walk(root) if type(n) is cls]
    return [n for n in walk(root) if isinstance(n, cls)]


def one(root: Node, cls: type[N], *, exact: bool = False) -> N:
    """The single node of class ``cls`` under ``root``; fails if there are none or several."""
    found = find(root, cls, exact=exact)
    assert len(found) == 1, f"expected one {cls.__name__}, found {found!r} in {str(root)[:80]!r}"
    return found[0]


def parse(text: str, config: ParserConfig | None = None) -> Document:
    """Parse with the round-trip and span checks every node-level test gets for free."""
    return assert_lossless(text, config)


# --------------------------------------------------------------------------------------------
# Known parser bugs: expected failures, named after their entry in the bug list
# --------------------------------------------------------------------------------------------

#: Test-id fragment -> the parser bug that makes it fail (input, MediaWiki's behaviour, ours).
#: Non-strict: when the parser is fixed the test passes (XPASS) and the entry can go.
KNOWN_PARSER_BUGS: dict[str, str] = {
    "test_double_bar_inside_a_link_still_separates_cells": (
        "B8: || splits table cells even inside [[...]] (handleTables runs before links)"
    ),
    "test_double_bang_inside_a_link_in_a_header_cell": (
        "B8: !! splits header cells even inside [[...]] (handleTables runs before links)"
    ),
    "test_table_and_cell_counts_match_mediawiki[tables.txt:2144:": (
        "B8: !! splits header cells even inside [[...]]"
    ),
    "test_table_and_cell_counts_match_mediawiki[tables.txt:2014:": (
        "B9: a table inside a multi-line File caption is not parsed"
    ),
    "test_heading_levels_and_numbers_match_mediawiki[media.txt:1145:": (
        "B9: a heading inside a multi-line File caption is not parsed"
    ),
    "test_attributes_may_span_lines": "B11: HTML tag attributes may span lines (<div\\nclass=x>)",
    "test_invalid_or_unclosed_links_are_text[[[7%2525 Solution]]]": (
        "B22: a title invalid only after decoding twice (%2525 -> %25 -> %) is text"
    ),
}


#: Known bugs of the renderers (not the parser), found by the robustness tests.
KNOWN_RENDERER_BUGS: dict[str, str] = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests of the known-bug lists as expected failures (strict: a fixed bug must
    leave its list)."""
    for item in items:
        for fragment, reason in (KNOWN_PARSER_BUGS | KNOWN_RENDERER_BUGS).items():
            if fragment in item.nodeid:
                item.add_marker(pytest.mark.xfail(reason=reason, strict=True))
                break


def _utf8_safe(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A failure report must reach the terminal even when it quotes a lone surrogate (our
    tests feed them on purpose): pytest-xdist sends reports between processes as UTF-8 and
    would otherwise crash the run instead of showing the failure."""
    outcome = yield
    report = outcome.get_result()
    if report.longrepr is not None:
        text = str(report.longrepr)
        if _utf8_safe(text) != text:
            report.longrepr = _utf8_safe(text)
    report.sections = [(key, _utf8_safe(value)) for key, value in report.sections]


# --------------------------------------------------------------------------------------------
# Hand-built trees (shared by the query and edit tests)
# --------------------------------------------------------------------------------------------


def wc(*items: str | Node) -> Wikicode:
    """A Wikicode of texts (given as strings) and nodes."""
    return Wikicode(nodes=[Text(value=i) if isinstance(i, str) else i for i in items])


def tmpl(name: str, *params: tuple[str | None, str | Node]) -> Template:
    """A Template; each parameter is ``(name or None, value)``."""
    return Template(
        name=wc(name),
        params=[Parameter(name=None if k is None else wc(k), value=wc(v)) for k, v in params],
    )
