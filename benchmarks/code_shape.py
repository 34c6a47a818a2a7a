"""The most complex functions of wikiparse, by radon's cyclomatic complexity.

docs/architecture.md ("Code shape") quotes this table.  radon is a development tool, not a
dependency: ``pip install radon``.

    python3 benchmarks/code_shape.py [--top 10] [--src src/wikiparse]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from radon.complexity import cc_rank, cc_visit  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent


def blocks(src: Path) -> list[tuple[int, str, str, int]]:
    """``(complexity, module path, function, length in lines)`` of every function and method."""
    out = []
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src.parent).as_posix()
        for block in cc_visit(path.read_text(encoding="utf-8")):
            for item in [block, *getattr(block, "methods", [])]:
                if type(item).__name__ == "Function":
                    name = f"{item.classname}.{item.name}" if item.classname else item.name
                    out.append((item.complexity, rel, name, item.endline - item.lineno + 1))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--src", type=Path, default=ROOT / "src" / "wikiparse")
    args = ap.parse_args(argv)
    found = blocks(args.src)
    found.sort(key=lambda b: (-b[0], b[1], b[2]))
    print("| rank | complexity | function | module | lines |")
    print("|---|---|---|---|---|")
    for n, (cc, rel, name, length) in enumerate(found[: args.top], 1):
        print(f"| {n} | {cc_rank(cc)} ({cc}) | `{name}` | `{rel}` | {length} |")
    mean = sum(b[0] for b in found) / len(found)
    longest = max(found, key=lambda b: b[3])
    print(
        f"\n{len(found)} functions, average {cc_rank(round(mean))} ({mean:.1f}); "
        f"longest `{longest[2]}` ({longest[1]}, {longest[3]} lines)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
