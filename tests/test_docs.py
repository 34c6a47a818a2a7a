"""The examples in README.md and docs/ run, and say what they print.

* ```` ```python ```` blocks run in order, one shared namespace per file (a page reads like a
  session), from the repository root so that ``fixtures/…`` paths resolve.  A block that only
  shows a fragment (a signature, a sketch) is fenced ```` ```python-sketch ```` instead.
* ```` ```console ```` blocks are shell sessions: each ``$ command`` runs in bash (with
  ``wikiparse`` meaning ``python3 -m wikiparse`` of the build under test) in a scratch folder
  that sees ``fixtures/``; the lines up to the next prompt are its expected output (stdout and
  stderr).  Numbers with a decimal point (times, rates) match any number; ``...`` on a line
  of its own matches any lines.  ``pip install`` lines are not run.
* ```` ```sh ```` blocks are commands to adapt (a full Wikipedia dump, a real cluster): they
  are shown, not run.
"""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: A fenced block, also indented under a list item (its indent is removed from every line).
_FENCE = re.compile(r"^( *)```([\w-]*)\n(.*?)^\1```", re.M | re.S)


def blocks(path: Path, language: str) -> list[str]:
    found = []
    for m in _FENCE.finditer(path.read_text("utf-8")):
        if m.group(2) == language:
            indent = len(m.group(1))
            found.append("".join(line[indent:] for line in m.group(3).splitlines(keepends=True)))
    return found


def _ids(paths: list[Path]) -> list[str]:
    return [p.relative_to(ROOT).as_posix() for p in paths]


PYTHON_DOCS = [p for p in DOC_FILES if blocks(p, "python")]


@pytest.mark.parametrize("path", PYTHON_DOCS, ids=_ids(PYTHON_DOCS))
def test_python_examples_run(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": "__doc_example__"}
    for number, code in enumerate(blocks(path, "python"), 1):
        name = f"{path.name} python block {number}"
        if code.lstrip().startswith(">>>"):
            _run_doctest(code, name, namespace)
            continue
        try:
            exec(compile(code, name, "exec"), namespace)
        except Exception as exc:  # the message names the block
            raise AssertionError(f"{name}: {exc!r}\n{code}") from exc


def _run_doctest(code: str, name: str, namespace: dict[str, object]) -> None:
    """A ``>>>`` session: every output shown must be what the code prints."""
    parser = doctest.DocTestParser()
    test = parser.get_doctest(code, namespace, name, name, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    runner.run(test, out=report.append, clear_globs=False)
    namespace.update(test.globs)  # the session goes on in the next block
    assert runner.failures == 0, "".join(report)


# -- console sessions ------------------------------------------------------------------------


def parse_session(block: str) -> list[tuple[str, list[str]]]:
    """``[(command, expected output lines)]``; a command may continue over ``\\`` lines."""
    steps: list[tuple[str, list[str]]] = []
    command: str | None = None
    for line in block.splitlines():
        if line.startswith("$ "):
            command = line[2:]
            steps.append((command, []))
        elif steps and steps[-1][0].endswith("\\") and not steps[-1][1]:
            steps[-1] = (steps[-1][0][:-1] + " " + line.strip(), [])
        elif steps:
            steps[-1][1].append(line)
    return steps


def _line_pattern(line: str) -> str:
    parts = re.split(r"\d+\.\d+", line)
    return r"\d+(?:\.\d+)?".join(re.escape(p) for p in parts)


#: A dump's periodic progress line (when stderr is not a terminal): its timing decides whether
#: one shows, so examples leave them out.
_PROGRESS = re.compile(r"wikiparse: \d+ pages, .* pages/s, .*")


def output_matches(expected: list[str], actual: list[str]) -> bool:
    pattern = "".join(
        r"(?:.*\n)*?" if line.strip() == "..." else _line_pattern(line) + r"\n" for line in expected
    )
    shown = "".join(a + "\n" for a in actual if not _PROGRESS.fullmatch(a))
    return re.fullmatch(pattern, shown) is not None


SESSIONS = [(p, i, b) for p in DOC_FILES for i, b in enumerate(blocks(p, "console"), 1)]


@pytest.mark.parametrize(
    ("path", "number", "block"), SESSIONS,
    ids=[f"{p.relative_to(ROOT).as_posix()}#{i}" for p, i, _ in SESSIONS],
)
def test_console_examples_print_what_they_say(
    path: Path, number: int, block: str, tmp_path: Path
) -> None:
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")
    prelude = f'wikiparse() {{ "{sys.executable}" -m wikiparse "$@"; }}\nset -o pipefail\n'
    for command, expected in parse_session(block):
        if re.match(r"python3? -m pip install|pip install", command):
            continue
        proc = subprocess.run(
            ["bash", "-c", prelude + command], cwd=tmp_path, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, timeout=900,  # a hang guard, not a speed check
        )
        actual = proc.stdout.splitlines()
        assert output_matches(expected, actual), (
            f"{path.name} console block {number}: $ {command}\n--- expected\n"
            + "\n".join(expected) + "\n--- actual\n" + "\n".join(actual)
        )
