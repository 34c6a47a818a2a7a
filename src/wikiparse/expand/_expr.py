"""``{{#expr:}}`` and ``{{#ifexpr:}}``: MediaWiki ParserFunctions' expression evaluator.

MediaWiki evaluates with a shunting-yard loop over PHP values, so the result depends on PHP's
number model: operands are floats, but ``trunc``, ``mod`` and the comparisons give PHP integers,
and integer arithmetic stays integral until it overflows 64 bits.  Results print as PHP prints a
float with ``precision=14`` (``1.0E+14``, ``-0``, ``INF``, ``NAN``) or an integer.  We model the
two PHP types with Python ``int`` (kept inside the int64 range) and ``float``.

The evaluator is a loop with two explicit stacks (no recursion); like MediaWiki, it refuses to
hold more than 100 pending operands or operators ("Stack exhausted"), so input nesting costs
nothing but that check.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Final

import regex

__all__ = ["ExprError", "error_html", "evaluate", "is_true"]

Number = int | float

INT_MAX: Final = 2**63 - 1
INT_MIN: Final = -(2**63)
_TWO_64: Final = 2.0**64

#: MediaWiki's English messages (ParserFunctions ``i18n/en.json``), keyed like its message keys.
_MESSAGES: Final[dict[str, str]] = {
    "stack_exhausted": "Expression error: Stack exhausted.",
    "unexpected_number": "Expression error: Unexpected number.",
    "preg_match_failure": "Expression error: Unexpected preg_match failure.",
    "unrecognised_word": 'Expression error: Unrecognized word "{}".',
    "unexpected_operator": "Expression error: Unexpected {} operator.",
    "missing_operand": "Expression error: Missing operand for {}.",
    "unexpected_closing_bracket": "Expression error: Unexpected closing bracket.",
    "unrecognised_punctuation": 'Expression error: Unrecognized punctuation character "{}".',
    "unclosed_bracket": "Expression error: Unclosed bracket.",
    "division_by_zero": "Division by zero.",
    "invalid_argument": "Invalid argument for {}: < -1 or > 1.",
    "invalid_argument_ln": "Invalid argument for ln: <= 0.",
    "unknown_error": "Expression error: Unknown error ({}).",
    "not_a_number": "In {}: Result is not a number.",
}


class ExprError(Exception):
    """An expression MediaWiki refuses; ``str()`` is its exact English message (not escaped:
    the caller wraps it as ``<strong class="error">`` + HTML-escaped message + ``</strong>``)."""

    def __init__(self, key: str, param: str = "") -> None:
        self.key = key
        self.param = param
        super().__init__(_MESSAGES[key].format(param))


# Operator codes.  Binary operators and unary ones share one stack, as in MediaWiki.
NEG, POS, PLUS, MINUS, TIMES, DIVIDE, MOD, FMOD, OPEN = 1, 2, 3, 4, 5, 6, 7, 8, 9
AND, OR, NOT, EQ, LT, GT, LE, GE, NE, ROUND, EXPONENT = 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20
SIN, COS, TAN, ASIN, ACOS, ATAN, EXP, LN, ABS, FLOOR, TRUNC, CEIL, POW, SQRT = range(21, 35)

_PRECEDENCE: Final[dict[int, int]] = {
    NEG: 10, POS: 10, EXPONENT: 10,
    SIN: 9, COS: 9, TAN: 9, ASIN: 9, ACOS: 9, ATAN: 9, EXP: 9, LN: 9, ABS: 9,
    FLOOR: 9, TRUNC: 9, CEIL: 9, NOT: 9, SQRT: 9,
    POW: 8,
    TIMES: 7, DIVIDE: 7, MOD: 7, FMOD: 7,
    PLUS: 6, MINUS: 6,
    ROUND: 5,
    EQ: 4, LT: 4, GT: 4, LE: 4, GE: 4, NE: 4,
    AND: 3, OR: 2,
    OPEN: -1,
}  # fmt: skip

#: Operator names as MediaWiki's "Missing operand for ..." messages spell them.
_NAMES: Final[dict[int, str]] = {
    NEG: "-", POS: "+", NOT: "not", TIMES: "*", DIVIDE: "/", MOD: "mod", FMOD: "fmod",
    PLUS: "+", MINUS: "-", ROUND: "round", EQ: "=", LT: "<", GT: ">", LE: "<=", GE: ">=",
    NE: "<>", AND: "and", OR: "or", EXPONENT: "e", SIN: "sin", COS: "cos", TAN: "tan",
    ASIN: "asin", ACOS: "acos", ATAN: "atan", LN: "ln", EXP: "exp", ABS: "abs",
    FLOOR: "floor", TRUNC: "trunc", CEIL: "ceil", POW: "^", SQRT: "sqrt",
}  # fmt: skip

_PI_WORD: Final = -1
_E_WORD: Final = -2
_WORDS: Final[dict[str, int]] = {
    "mod": MOD, "fmod": FMOD, "and": AND, "or": OR, "not": NOT, "round": ROUND,
    "div": DIVIDE, "e": _E_WORD, "sin": SIN, "cos": COS, "tan": TAN, "asin": ASIN,
    "acos": ACOS, "atan": ATAN, "exp": EXP, "ln": LN, "abs": ABS, "trunc": TRUNC,
    "floor": FLOOR, "ceil": CEIL, "pi": _PI_WORD, "sqrt": SQRT,
}  # fmt: skip
_UNARY_WORDS: Final = frozenset({NOT, SIN, COS, TAN, ASIN, ACOS, ATAN, EXP, LN, ABS, FLOOR,
                                 TRUNC, CEIL, SQRT})  # fmt: skip
_SYMBOLS: Final[dict[str, int]] = {
    "<=": LE, ">=": GE, "<>": NE, "!=": NE, "*": TIMES, "/": DIVIDE, "^": POW,
    "=": EQ, "<": LT, ">": GT,
}  # fmt: skip

_MAX_STACK: Final = 100

#: One token per match: whitespace run, number run, ASCII word, or an operator spelling.
_TOKEN: Final = re.compile(
    r"(?P<ws>[ \t\r\n]+)|(?P<num>[0-9.]+)|(?P<word>[A-Za-z]+)|(?P<sym><=|>=|<>|!=|[-+*/^()=<>])"
    r"|(?P<bad>.)",
    re.S,
)
_UNESCAPE: Final = regex.compile(r"&lt;|&gt;|&minus;|−")
_UNESCAPED: Final = {"&lt;": "<", "&gt;": ">", "&minus;": "-", "−": "-"}
_NUMERIC_PREFIX: Final = regex.compile(r"[0-9]*(?:\.[0-9]*)?")


def evaluate(expr: str) -> str:
    """Evaluate ``expr`` as ``{{#expr:}}`` does and return the text MediaWiki prints.

    Raises :class:`ExprError` (and nothing else) for every expression MediaWiki rejects.
    """
    if "&" in expr or "−" in expr:
        expr = _UNESCAPE.sub(lambda m: _UNESCAPED[m.group()], expr)
    operands: list[Number] = []
    operators: list[int] = []
    expecting_expression = True
    for m in _TOKEN.finditer(expr):
        if len(operands) > _MAX_STACK or len(operators) > _MAX_STACK:
            raise ExprError("stack_exhausted")
        kind = m.lastgroup
        if kind == "ws":
            continue
        text = m.group()
        if kind == "bad":
            raise ExprError("unrecognised_punctuation", _first_char(expr, m.start()))
        if kind == "num":
            if not expecting_expression:
                raise ExprError("unexpected_number")
            operands.append(_php_float(text))
            expecting_expression = False
            continue
        if kind == "word":
            word = text.lower()
            op = _WORDS.get(word)
            if op is None:
                raise ExprError("unrecognised_word", word)
            if op == _E_WORD:
                if expecting_expression:
                    operands.append(math.e)
                    expecting_expression = False
                    continue
                op = EXPONENT
            elif op == _PI_WORD:
                if not expecting_expression:
                    raise ExprError("unexpected_number")
                operands.append(math.pi)
                expecting_expression = False
                continue
            elif op in _UNARY_WORDS:
                if not expecting_expression:
                    raise ExprError("unexpected_operator", word)
                operators.append(op)
                continue
            name = word
        elif text in ("+", "-"):
            if expecting_expression:
                operators.append(POS if text == "+" else NEG)
                continue
            op = PLUS if text == "+" else MINUS
            name = text
        elif text == "(":
            if not expecting_expression:
                raise ExprError("unexpected_operator", "(")
            operators.append(OPEN)
            continue
        elif text == ")":
            while operators and operators[-1] != OPEN:
                _apply(operators.pop(), operands)
            if not operators:
                raise ExprError("unexpected_closing_bracket")
            operators.pop()
            expecting_expression = False
            continue
        else:
            op = _SYMBOLS[text]
            name = text
        # A binary operator.
        if expecting_expression:
            raise ExprError("unexpected_operator", name)
        precedence = _PRECEDENCE[op]
        while operators and precedence <= _PRECEDENCE[operators[-1]]:
            _apply(operators.pop(), operands)
        operators.append(op)
        expecting_expression = True
    while operators:
        op = operators.pop()
        if op == OPEN:
            raise ExprError("unclosed_bracket")
        _apply(op, operands)
    return "<br />\n".join(php_number_to_string(v) for v in operands)


_HTML_SPECIAL: Final = {ord("&"): "&amp;", ord('"'): "&quot;", ord("'"): "&#039;",
                        ord("<"): "&lt;", ord(">"): "&gt;"}  # fmt: skip


def error_html(message: str) -> str:
    """How parser functions show an error: ``<strong class="error">`` around the message
    escaped as PHP's ``htmlspecialchars`` does (``#iferror`` looks for this markup)."""
    return f'<strong class="error">{message.translate(_HTML_SPECIAL)}</strong>'


def is_true(result: str) -> bool:
    """Whether ``{{#ifexpr:}}`` takes its "then" branch for an :func:`evaluate` result.

    PHP converts a numeric result to float first (so ``-0`` and ``0.0`` are false); a
    non-numeric one (``INF``, ``NAN``, several lines) is true unless it is ``""`` or ``"0"``.
    """
    if _PHP_NUMERIC.fullmatch(result):
        return float(result) != 0.0
    return result not in ("", "0")


_PHP_NUMERIC: Final = regex.compile(
    r"[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\v\f]*"
)


def _first_char(expr: str, p: int) -> str:
    """The character MediaWiki names in "Unrecognized punctuation character": the first one of
    the rest of the input after UTF-8 clean-up (NFC, invalid sequences become U+FFFD)."""
    if "\ud800" <= expr[p] <= "\udfff":  # a lone surrogate: not valid UTF-8
        return "\ufffd"
    return unicodedata.normalize("NFC", expr[p : p + 16])[:1]


def _php_float(text: str) -> float:
    """PHP's ``(float)`` of a run of digits and dots: the longest numeric prefix, else 0."""
    if text.count(".") == 0:
        return float(text)
    m = _NUMERIC_PREFIX.match(text)
    prefix = m.group() if m else ""
    if prefix in ("", "."):
        return 0.0
    return float(prefix)


# --- PHP number model -------------------------------------------------------------------


def php_number_to_string(value: Number) -> str:
    """PHP's string conversion of an int or a float (``precision`` = 14)."""
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NAN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    text = format(value, ".14G")
    mantissa, sep, exponent = text.partition("E")
    if not sep:
        return text
    if "." not in mantissa:
        mantissa += ".0"
    sign = exponent[0]
    return f"{mantissa}E{sign}{exponent[1:].lstrip('0') or '0'}"


def php_int(value: Number) -> int:
    """PHP's ``(int)`` cast: truncation, NaN/INF to 0, out-of-range floats wrap modulo 2**64."""
    if isinstance(value, int):
        return value
    if not math.isfinite(value):
        return 0
    if -9.223372036854775808e18 <= value < 9.223372036854775808e18:
        return int(value)
    wrapped = math.fmod(value, _TWO_64)
    if wrapped < 0:
        wrapped += _TWO_64
    if wrapped >= 9.223372036854775808e18:
        wrapped -= _TWO_64
    return int(wrapped)


def _int_or_float(exact: int, fallback: float) -> Number:
    """An integer result if it fits in int64 (PHP keeps it integral), else PHP's float."""
    return exact if INT_MIN <= exact <= INT_MAX else fallback


def _add(a: Number, b: Number) -> Number:
    if isinstance(a, int) and isinstance(b, int):
        return _int_or_float(a + b, float(a) + float(b))
    return float(a) + float(b)


def _sub(a: Number, b: Number) -> Number:
    if isinstance(a, int) and isinstance(b, int):
        return _int_or_float(a - b, float(a) - float(b))
    return float(a) - float(b)


def _mul(a: Number, b: Number) -> Number:
    if isinstance(a, int) and isinstance(b, int):
        return _int_or_float(a * b, float(a) * float(b))
    return _fmul(float(a), float(b))


def _fmul(a: float, b: float) -> float:
    try:
        return a * b
    except OverflowError:  # pragma: no cover - CPython does not raise here
        return math.copysign(math.inf, a) * math.copysign(1.0, b)


def _div(a: Number, b: Number) -> Number:
    if isinstance(a, int) and isinstance(b, int) and a % b == 0:
        quotient = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)
        return _int_or_float(quotient, float(a) / float(b))
    try:
        return float(a) / float(b)
    except OverflowError:
        return math.copysign(math.inf, float(a)) * math.copysign(1.0, float(b))


def _mod(a: Number, b: Number) -> int:
    left, right = php_int(a), php_int(b)
    if right == 0:
        raise ExprError("division_by_zero", "mod")
    if right == -1:
        return 0
    remainder = abs(left) % abs(right)
    return -remainder if left < 0 else remainder


def _fmod(a: Number, b: Number) -> float:
    left, right = float(a), float(b)
    if right == 0.0:
        raise ExprError("division_by_zero", "fmod")
    if math.isinf(left) or math.isnan(left) or math.isnan(right):
        return math.nan
    return math.fmod(left, right)


def _float_pow(base: float, exponent: float) -> float:
    """C ``pow()``, which PHP calls: no exceptions, IEEE results."""
    try:
        return math.pow(base, exponent)
    except OverflowError:
        odd = exponent.is_integer() and math.fmod(exponent, 2.0) != 0.0
        return -math.inf if base < 0 and odd else math.inf
    except ValueError:
        if base == 0.0:  # 0 to a negative power
            odd = exponent.is_integer() and math.fmod(exponent, 2.0) != 0.0
            return math.copysign(math.inf, base) if odd else math.inf
        return math.nan


def _pow(base: Number, exponent: Number) -> Number:
    """PHP's ``pow()``: integer exponentiation by squaring while it fits in int64."""
    if not (isinstance(base, int) and isinstance(exponent, int)):
        return _float_pow(float(base), float(exponent))
    if exponent < 0:
        return _float_pow(float(base), float(exponent))
    if exponent == 0:
        return 1
    if base == 0:
        return 0
    result, square, i = 1, base, exponent
    while i >= 1:
        if i % 2:
            i -= 1
            product = result * square
            if not INT_MIN <= product <= INT_MAX:
                return float(result) * float(square) * _float_pow(float(square), float(i))
            result = product
        else:
            i //= 2
            product = square * square
            if not INT_MIN <= product <= INT_MAX:
                return float(result) * _float_pow(float(square) * float(square), float(i))
            square = product
    return result


def _compare(a: Number, b: Number) -> tuple[float | int, float | int]:
    """PHP compares an int with a float as two floats."""
    if isinstance(a, int) and isinstance(b, int):
        return a, b
    return float(a), float(b)


def _round_helper(value: float) -> float:
    """PHP_ROUND_HALF_UP on one value."""
    return math.floor(value + 0.5) if value >= 0.0 else math.ceil(value - 0.5)


def _pow10(power: int) -> float:
    return float(10**power) if 0 <= power <= 22 else _float_pow(10.0, float(power))


def php_round(value: Number, digits: int) -> float:
    """PHP 8.2's ``round()``: pre-rounds to 15 significant digits so 1.955 rounds to 1.96."""
    places = max(-(2**31), min(2**31 - 1, digits))
    if isinstance(value, int):
        if places >= 0:
            return float(value)
        value = float(value)
    if not math.isfinite(value) or value == 0.0:
        return value
    places = max(places, -(2**31) + 1)
    precision_places = 14 - math.floor(math.log10(abs(value)))
    f1 = _pow10(abs(places))
    if places < precision_places and precision_places - 15 < places:
        scale = _pow10(abs(precision_places))
        tmp = value * scale if precision_places >= 0 else value / scale
        tmp = _round_helper(tmp)
        tmp = tmp / _pow10(abs(places - precision_places))
    else:
        tmp = value * f1 if places >= 0 else value / f1
        if abs(tmp) >= 1e15:
            return value
    tmp = _round_helper(tmp)
    if abs(places) < 23:
        tmp = tmp / f1 if places > 0 else tmp * f1
    else:
        try:
            tmp = float(f"{tmp:15f}e{-places}")
        except (ValueError, OverflowError):  # pragma: no cover - defensive
            return value
        if not math.isfinite(tmp):
            return value
    return tmp


def _floor(value: Number) -> float:
    x = float(value)
    if not math.isfinite(x):
        return x
    return math.copysign(float(math.floor(x)), x) if x == 0 else float(math.floor(x))


def _ceil(value: Number) -> float:
    x = float(value)
    if not math.isfinite(x):
        return x
    result = float(math.ceil(x))
    return math.copysign(result, x) if result == 0.0 else result


def _unary_float(fn: str, x: float) -> float:
    """A libm function as C computes it (NaN instead of Python's exceptions)."""
    try:
        if fn == "sin":
            return math.sin(x)
        if fn == "cos":
            return math.cos(x)
        if fn == "tan":
            return math.tan(x)
        if fn == "asin":
            return math.asin(x)
        if fn == "acos":
            return math.acos(x)
        if fn == "atan":
            return math.atan(x)
        if fn == "exp":
            return math.exp(x)
        if fn == "ln":
            return math.log(x)
        return math.sqrt(x)
    except OverflowError:
        return math.inf
    except ValueError:
        return math.nan


def _apply(op: int, stack: list[Number]) -> None:
    """Pop an operator's operands off ``stack`` and push its result (MediaWiki's doOperation)."""
    if op in (NEG, POS, NOT) or (op >= SIN and op != POW):
        if not stack:
            raise ExprError("missing_operand", _NAMES[op])
        stack.append(_unary(op, stack.pop()))
        return
    if len(stack) < 2:
        raise ExprError("missing_operand", _NAMES[op])
    right = stack.pop()
    left = stack.pop()
    stack.append(_binary(op, left, right))


def _unary(op: int, arg: Number) -> Number:
    if op == NEG:
        if isinstance(arg, int):
            return _int_or_float(-arg, -float(arg))
        return -arg
    if op == POS:
        return arg
    if op == NOT:
        return 0 if arg else 1
    if op == ABS:
        if isinstance(arg, int):
            return _int_or_float(abs(arg), abs(float(arg)))
        return abs(arg)
    if op == FLOOR:
        return _floor(arg)
    if op == CEIL:
        return _ceil(arg)
    if op == TRUNC:
        return php_int(arg)
    x = float(arg)
    if op in (ASIN, ACOS) and (x < -1 or x > 1):
        raise ExprError("invalid_argument", _NAMES[op])
    if op == LN and x <= 0:
        raise ExprError("invalid_argument_ln", "ln")
    result = _unary_float(_NAMES[op], x)
    if op == SQRT and math.isnan(result):
        raise ExprError("not_a_number", "sqrt")
    return result


def _binary(op: int, left: Number, right: Number) -> Number:
    if op == PLUS:
        return _add(left, right)
    if op == MINUS:
        return _sub(left, right)
    if op == TIMES:
        return _mul(left, right)
    if op == DIVIDE:
        if not right:
            raise ExprError("division_by_zero", "/")
        return _div(left, right)
    if op == MOD:
        return _mod(left, right)
    if op == FMOD:
        return _fmod(left, right)
    if op == POW:
        return _pow(left, right)
    if op == EXPONENT:
        return _mul(left, _pow(10, right))
    if op == ROUND:
        return php_round(left, php_int(right))
    if op == AND:
        return 1 if left and right else 0
    if op == OR:
        return 1 if left or right else 0
    a, b = _compare(left, right)
    if op == EQ:
        return 1 if a == b else 0
    if op == NE:
        return 1 if a != b else 0
    if op == LT:
        return 1 if a < b else 0
    if op == GT:
        return 1 if a > b else 0
    if op == LE:
        return 1 if a <= b else 0
    if op == GE:
        return 1 if a >= b else 0
    raise ExprError("unknown_error", str(op))  # pragma: no cover - every code is handled
