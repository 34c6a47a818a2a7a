"""Scribunto's own LuaCommon test suites, run on our engine (see tests/scribunto_suites.py).

Each suite must fail exactly the tests recorded in fixtures/scribunto/known_failures.json:
a new failure is a regression, a new pass means the record should be refreshed
(``python3 tests/scribunto_suites.py --record``).
"""

from __future__ import annotations

import pytest

from scribunto_suites import SUITES, known_failures, run_suite


@pytest.mark.parametrize("suite", SUITES)
def test_suite_fails_only_the_known_gaps(suite: str) -> None:
    rows = run_suite(suite)
    failing = sorted({name for ok, name, _ in rows if not ok})
    assert failing == known_failures()[suite]
    assert sum(ok for ok, _, _ in rows) > 0
