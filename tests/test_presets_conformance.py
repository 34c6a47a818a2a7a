"""MediaWiki's parser tests that set a content language (``language=de``...), run with the
matching preset.

Each such case (default page HTML, no variant conversion) whose language has a bundled preset
is a test at the element-structure level; ``tests/presets_conformance_known_failures.txt``
lists those that still fail, with what they need.  With the default (English) test config
17 of these 57 cases pass; with the presets 45 do.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
KNOWN_FILE = HERE / "presets_conformance_known_failures.txt"


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
KNOWN = {
    case_id: reason
    for case_id, _, reason in (
        line.rpartition("\t")
        for line in KNOWN_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
}
CASES = [
    (case, titles, language)
    for case, titles, language in runner.iter_language_cases()
    if runner.language_config(language) is not None
]


def _params() -> list[Any]:
    out = []
    for case, titles, language in CASES:
        key = runner.case_key(case)
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN[key])] if key in KNOWN else []
        out.append(pytest.param(case, titles, language, id=f"{language}:{key}", marks=marks))
    return out


def test_the_language_cases_are_found() -> None:
    assert len(CASES) == 57
    assert len({language for _c, _t, language in CASES}) == 16


def test_every_known_failure_is_a_case() -> None:
    keys = {runner.case_key(case) for case, _t, _l in CASES}
    assert set(KNOWN) <= keys


@pytest.mark.parametrize(("case", "titles", "language"), _params())
def test_language_case_with_its_preset(case: Any, titles: set[str], language: str) -> None:
    result = runner.run_case(case, titles, runner.language_config(language))
    assert result.passed["struct"], f"expected:\n{result.expected}\nactual:\n{result.actual}"
