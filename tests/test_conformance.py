"""MediaWiki parser-test conformance of the HTML renderer.

Every eligible case (see ``tests/conformance.py``: default page HTML, default test wiki)
is a test at the element-structure level; the cases listed in
``tests/conformance_known_failures.txt`` are expected failures with their reason.  Per-file
pass rates at all three levels (text, structure, structure + key attributes) must stay at or
above ``tests/conformance_floor.json``: a regression fails the suite, and the floors and the
known-failures list only ever move in the good direction.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from parsertests import (  # noqa: E402
    case_params,
    conformance_runner,
    read_known_failures,
    same_structure,
)

FLOOR_FILE = HERE / "conformance_floor.json"
KNOWN_FILE = HERE / "conformance_known_failures.txt"
runner = conformance_runner()
KNOWN = read_known_failures(KNOWN_FILE)
CASES = list(runner.iter_eligible())


@cache
def _all_results() -> list[Any]:
    return [runner.run_case(case, titles) for case, titles in CASES]


@pytest.mark.parametrize(
    ("case", "titles"),
    case_params(((runner.case_key(c), (c, t), runner.case_key(c)) for c, t in CASES), KNOWN),
)
def test_case_structure(case: Any, titles: set[str]) -> None:
    result = runner.run_case(case, titles)
    assert not result.error, result.error
    assert same_structure(result.expected, result.actual)


def test_enough_eligible_cases() -> None:
    # The selection must not silently shrink (e.g. a loader change dropping html/php).
    assert len(CASES) >= 1300


def test_floors_hold() -> None:
    floors = json.loads(FLOOR_FILE.read_text(encoding="utf-8"))
    table = runner.rates(_all_results())
    drops = []
    for name, levels in floors.items():
        row = table.get(name)
        if row is None:
            drops.append(f"{name}: no eligible cases any more")
            continue
        for level, floor in levels.items():
            if float(row[level]) + 1e-9 < floor:
                drops.append(f"{name} {level}: {float(row[level]):.3f} < floor {floor:.3f}")
    assert not drops, "conformance dropped below the recorded floor:\n" + "\n".join(drops)


def test_known_failures_are_real_cases() -> None:
    # A stale entry (renamed or moved test) would hide nothing; keep the list exact.
    ids = {runner.case_key(case) for case, _ in CASES}
    stale = sorted(set(KNOWN) - ids)
    assert not stale, f"known-failure entries that are no eligible case: {stale[:5]}"


def test_known_failures_have_reasons() -> None:
    assert all(reason.strip() for reason in KNOWN.values())


def test_overall_structure_target() -> None:
    """At least 90% of all eligible cases at the structure level (issue 11: templates expanded)."""
    table = runner.rates(_all_results())
    assert float(table["ALL"]["struct"]) >= 0.90


def test_normalisation_is_whitespace_and_entity_insensitive() -> None:
    a = runner.normalise('<p>a&#160;b\n  <a href="/x" class="b a">c</a>\n</p>')
    b = runner.normalise('<p>a\u00a0b <a class="a b" href="/x">c</a></p>')
    assert a == b


def test_normalisation_sees_structure_and_attributes() -> None:
    base = runner.normalise('<p><a href="/x">c</a></p>')
    assert runner.normalise("<p><b>c</b></p>")["text"] == base["text"]
    assert runner.normalise("<p><b>c</b></p>")["struct"] != base["struct"]
    other = runner.normalise('<p><a href="/y">c</a></p>')
    assert other["struct"] == base["struct"] and other["attrs"] != base["attrs"]


TARGET_FILES = [
    "quotes.txt",
    "headings.txt",
    "tables.txt",
    "definitionLists.txt",
    "indentPre.txt",
    "pWrapping.txt",
    "preTags.txt",
    "comments.txt",
    "extLinks.txt",
]


@pytest.mark.parametrize("name", TARGET_FILES)
def test_target_files_without_templates(name: str) -> None:
    """The issue's 85% structure target, on the cases that need no template expansion
    (the rest waits for the expansion stage; their floors are in the floor file)."""
    results = [
        r for r in _all_results() if r.case.file == name and "{{" not in (r.case.wikitext or "")
    ]
    rate = sum(r.passed["struct"] for r in results) / len(results)
    assert rate >= 0.85, f"{name}: {rate:.3f}"
