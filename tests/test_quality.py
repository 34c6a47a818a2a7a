"""Static quality gates, run as part of the suite so that CI enforces them.

``ruff check`` over the source, the tests and the benchmarks, and ``mypy`` with the strict
configuration of ``pyproject.toml`` (``[tool.mypy] files = src/wikiparse``).  Both run as
subprocesses from the repository root, exactly as a developer would run them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *cmd], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_ruff_check_is_clean() -> None:
    proc = run("ruff", "check", "--no-cache", "src", "tests", "benchmarks")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict_is_clean() -> None:
    proc = run("mypy", "--no-error-summary")
    assert proc.returncode == 0, proc.stdout + proc.stderr
