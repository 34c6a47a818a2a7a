"""Speed of the pure parser-function modules on their oracle fixtures.

Each line times one module over every call of its fixture in ``fixtures/pfuncs`` (the calls
MediaWiki was asked about), best of ``--rounds`` rounds, and reports calls per second and
microseconds per call.  These are the costs the expander pays per ``{{#expr:}}``,
``{{#time:}}``, ``{{#pos:}}``... after argument expansion.

    python3 benchmarks/bench_pfuncs.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import contextlib

from wikiparse.expand import _strfuncs
from wikiparse.expand._expr import ExprError, evaluate
from wikiparse.expand._numbers import formatnum, pad
from wikiparse.expand._phpdate import expand_time
from wikiparse.expand._titles import rel2abs, titleparts

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pfuncs"
STRING_FUNCTIONS: dict[str, Callable[..., str]] = {
    "len": _strfuncs.len_, "pos": _strfuncs.pos, "rpos": _strfuncs.rpos, "sub": _strfuncs.sub,
    "count": _strfuncs.count, "replace": _strfuncs.replace, "explode": _strfuncs.explode,
    "urldecode": _strfuncs.urldecode,
}  # fmt: skip


def _load(name: str) -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def _expr_job() -> tuple[int, Callable[[], None]]:
    exprs = [str(c["expr"]) for c in _load("expr_oracle.json")]

    def run() -> None:
        for e in exprs:
            with contextlib.suppress(ExprError):
                evaluate(e)

    return len(exprs), run


def _time_job() -> tuple[int, Callable[[], None]]:
    data = _load("time_oracle.json")
    now = dt.datetime.fromtimestamp(int(str(data[0]["now"])), dt.UTC)
    calls = [list(map(str, c["call"])) for c in data[1:]]

    def run() -> None:
        for call in calls:
            expand_time(call[1], call[2], now)

    return len(calls), run


def _string_job() -> tuple[int, Callable[[], None]]:
    calls = [list(map(str, c["call"])) for c in _load("strfuncs_oracle.json")]

    def run() -> None:
        for name, *args in calls:
            STRING_FUNCTIONS[name](*args)

    return len(calls), run


def _numbers_job() -> tuple[int, Callable[[], None]]:
    calls = [list(map(str, c["call"])) for c in _load("numbers_oracle.json")]

    def run() -> None:
        for name, *args in calls:
            if name == "formatnum":
                formatnum(args[0], raw=args[1:] == ["R"], nocommafy=args[1:] == ["NOSEP"])
            else:
                pad(*args, left=name == "padleft")

    return len(calls), run


def _titles_job() -> tuple[int, Callable[[], None]]:
    calls = [list(map(str, c["call"])) for c in _load("titles_oracle.json")]

    def run() -> None:
        for name, *args in calls:
            if name == "titleparts":
                titleparts(*args)
            else:
                rel2abs(args[0], args[1] or "Test")

    return len(calls), run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    jobs = {"#expr": _expr_job, "#time": _time_job, "string functions": _string_job,
            "formatnum/pad": _numbers_job, "#titleparts/#rel2abs": _titles_job}  # fmt: skip
    print(f"{'module':24} {'calls':>6} {'calls/s':>10} {'µs/call':>8}")
    for label, make in jobs.items():
        count, run = make()
        best = min(_timed(run) for _ in range(options.rounds))
        print(f"{label:24} {count:6d} {count / best:10.0f} {best / count * 1e6:8.1f}")


def _timed(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
