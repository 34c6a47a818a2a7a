"""Extract the cases of ParserFunctions' ``ExpressionTest.php`` into ``expression_tests.json``.

The PHP file (``fixtures/pfuncs/ExpressionTest.php``, copied from the ParserFunctions
extension) lists ``[ 'input', 'expected' ]`` pairs in ``provideExpressions`` and
``'name' => [ 'input' ]`` entries in ``provideExpressionThrows``; the one computed input,
``$longExpression`` (``str_repeat( 'ln(', 1001 ) . '1' . str_repeat( ')', 1001 )``), is built here
the same way.  Commented-out cases (``// ...``) are skipped, as PHPUnit skips them.

usage: python3 benchmarks/extract_expression_tests.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

DIR = Path(__file__).resolve().parent.parent / "fixtures" / "pfuncs"
VALUE = re.compile(r"^\s*\[ '((?:[^'\\]|\\.)*)', '((?:[^'\\]|\\.)*)' \],\s*$")
THROW = re.compile(r"^\s*'((?:[^'\\]|\\.)*)' => \[ (?:'((?:[^'\\]|\\.)*)'|\$(\w+)) \],\s*$")
LONG = "ln(" * 1001 + "1" + ")" * 1001


def _unquote(s: str) -> str:
    """A PHP single-quoted literal's value: only ``\\'`` and ``\\\\`` are escapes."""
    return re.sub(r"\\([\\'])", r"\1", s)


def main() -> None:
    source = (DIR / "ExpressionTest.php").read_text(encoding="utf-8")
    values: list[list[str]] = []
    errors: list[list[str]] = []
    for line in source.splitlines():
        if m := VALUE.match(line):
            values.append([_unquote(m.group(1)), _unquote(m.group(2))])
        elif m := THROW.match(line):
            if m.group(3) is not None:
                assert m.group(3) == "longExpression", m.group(3)
                expr = LONG
            else:
                expr = _unquote(m.group(2))
            errors.append([_unquote(m.group(1)), expr])
    out = DIR / "expression_tests.json"
    out.write_text(json.dumps({"values": values, "errors": errors}, indent=0) + "\n", "utf-8")
    print(f"{out}: {len(values)} values, {len(errors)} errors")


if __name__ == "__main__":
    main()
