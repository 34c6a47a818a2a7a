"""``{{#expr:}}`` against MediaWiki: ExpressionTest.php, oracle outputs, and properties.

``fixtures/pfuncs/expression_tests.json`` holds every case of ParserFunctions'
``ExpressionTest.php`` (extracted by ``benchmarks/extract_expression_tests.py``);
``fixtures/pfuncs/expr_oracle.json`` holds MediaWiki 1.39's output for ~1,500 hand-written and
random expressions (``benchmarks/pfuncs_oracle.py expr``).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikiparse.expand._expr import ExprError, error_html, evaluate, is_true

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pfuncs"
_UNIT = json.loads((FIXTURES / "expression_tests.json").read_text(encoding="utf-8"))
_ORACLE = json.loads((FIXTURES / "expr_oracle.json").read_text(encoding="utf-8"))


def _as_mediawiki_shows(expr: str) -> str:
    """What ``{{#expr:expr}}`` expands to: the value, or the error markup."""
    try:
        return evaluate(expr.strip(" \t\n\r\0\x0b"))
    except ExprError as err:
        return error_html(str(err))


@pytest.mark.parametrize(("expr", "expected"), _UNIT["values"], ids=[v[0] for v in _UNIT["values"]])
def test_expression_test_values(expr: str, expected: str) -> None:
    assert evaluate(expr) == expected


@pytest.mark.parametrize(("name", "expr"), _UNIT["errors"], ids=[e[0] for e in _UNIT["errors"]])
def test_expression_test_errors(name: str, expr: str) -> None:
    with pytest.raises(ExprError):
        evaluate(expr)


def test_oracle_expressions() -> None:
    """All oracle cases in one test (1,500 cheap cases); the message lists every mismatch."""
    bad = [
        (case["expr"], case["expanded"], got)
        for case in _ORACLE
        if (got := _as_mediawiki_shows(case["expr"])) != case["expanded"]
    ]
    assert not bad, bad[:20]
    assert len(_ORACLE) > 1000


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("1/0", "Division by zero."),
        ("1 2", "Expression error: Unexpected number."),
        ("foo", 'Expression error: Unrecognized word "foo".'),
        ("1 sin", "Expression error: Unexpected sin operator."),
        ("1 + 1)", "Expression error: Unexpected closing bracket."),
        ("1, 2", 'Expression error: Unrecognized punctuation character ",".'),
        ("(1", "Expression error: Unclosed bracket."),
        ("1*", "Expression error: Missing operand for *."),
        ("asin(3)", "Invalid argument for asin: < -1 or > 1."),
        ("ln(-1)", "Invalid argument for ln: <= 0."),
        ("sqrt(-1)", "In sqrt: Result is not a number."),
        ("ln(" * 1001 + "1" + ")" * 1001, "Expression error: Stack exhausted."),
    ],
)
def test_error_messages(expr: str, message: str) -> None:
    with pytest.raises(ExprError) as info:
        evaluate(expr)
    assert str(info.value) == message


def test_empty_is_empty() -> None:
    assert evaluate("") == ""
    assert evaluate("  \n") == ""


@pytest.mark.parametrize(
    ("result", "truth"),
    [("1", True), ("0", False), ("-0", False), ("", False), ("0.0", False), ("INF", True),
     ("NAN", True), ("1.0E-5", True), ("1<br />\n2", True)],
)  # fmt: skip
def test_ifexpr_truth(result: str, truth: bool) -> None:
    assert is_true(result) is truth


@pytest.mark.parametrize("opener", ["(", "-(", "not (", "sin(", "-", "+"])
def test_deep_nesting_is_refused_without_recursion(opener: str) -> None:
    depth = 100_000
    with pytest.raises(ExprError) as info:
        evaluate(opener * depth + "1" + ")" * depth)
    assert str(info.value) == "Expression error: Stack exhausted."


_ALPHABET = st.sampled_from([*list("0123456789.+-*/^()=<>!e "), " mod ", " fmod ", " round ", " and ", " or ", "not ", "pi", "sin ", "ln ", "sqrt ", "trunc ", "abs ", "floor ", "ceil ", "exp ", "&lt;", "−", "é", "x", "1e308", "\t"])  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_never_raises_anything_else(expr: str) -> None:
    try:
        result = evaluate(expr)
    except ExprError:
        return
    assert isinstance(result, str)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_acceptable(expr: str) -> None:
    with contextlib.suppress(ExprError):
        evaluate(expr)
