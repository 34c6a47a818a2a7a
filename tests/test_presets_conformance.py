"""MediaWiki's parser tests that set a content language (``language=de``...), run with the
matching preset.

Each such case (default page HTML, no variant conversion) whose language has a bundled preset
is a test at the element-structure level; ``tests/presets_conformance_known_failures.txt``
lists those that still fail, with what they need.  With the default (English) test config
17 of these 57 cases pass; with the presets 45 do.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from parsertests import case_params, conformance_runner, read_known_failures  # noqa: E402

KNOWN_FILE = HERE / "presets_conformance_known_failures.txt"
runner = conformance_runner()
KNOWN = read_known_failures(KNOWN_FILE)
CASES = [
    (case, titles, language)
    for case, titles, language in runner.iter_language_cases()
    if runner.language_config(language) is not None
]


def test_the_language_cases_are_found() -> None:
    assert len(CASES) == 57
    assert len({language for _c, _t, language in CASES}) == 16


def test_every_known_failure_is_a_case() -> None:
    keys = {runner.case_key(case) for case, _t, _l in CASES}
    assert set(KNOWN) <= keys


@pytest.mark.parametrize(
    ("case", "titles", "language"),
    case_params(
        (
            (runner.case_key(case), (case, titles, language), f"{language}:{runner.case_key(case)}")
            for case, titles, language in CASES
        ),
        KNOWN,
    ),
)
def test_language_case_with_its_preset(case: Any, titles: set[str], language: str) -> None:
    result = runner.run_case(case, titles, runner.language_config(language))
    assert result.passed["struct"], f"expected:\n{result.expected}\nactual:\n{result.actual}"
