"""``{{formatnum:}}`` and ``{{padleft:}}``/``{{padright:}}``, as MediaWiki 1.39 computes them
for an English wiki.

``formatnum`` goes through ICU's ``NumberFormatter`` in MediaWiki: the number is converted to a
PHP float, then printed with as many integer digits (leading zeros kept) and fraction digits as
the input spelled out, grouped by three, with U+2212 for the minus sign.  A float keeps about 17
significant digits, so ``{{formatnum:12345678901234567890}}`` is ``12,345,678,901,234,567,000``;
we reproduce that by formatting the float's shortest round-trip decimal form, which is what ICU
formats.  Input that is not a number is formatted piecewise: every number-looking run inside it
is formatted on its own.  Other languages' digits and separators are not modelled (``lang`` is
accepted for the interface; every language formats as English).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Context, Decimal
from typing import Final

import regex

from ._strfuncs import kill_markers, php_intval, php_is_numeric

__all__ = ["PAD_LIMIT", "formatnum", "pad"]

#: ``{{padleft:}}`` and ``{{padright:}}`` never pad beyond this many characters.
PAD_LIMIT: Final = 500
MINUS: Final = "\u2212"

_MARKER_SPLIT: Final = regex.compile("(\x7f'\"`UNIQ-[^\x7f<>&'\"]+-QINU`\"'\x7f)")
#: A number inside arbitrary text (MediaWiki's ``$validNumberRe``).
_NUMBER_IN_TEXT: Final = regex.compile(
    r"(-(?=[0-9.]))?([0-9]+|(?=\.[0-9]))(\.[0-9]*)?([Ee][-+]?[0-9]+)?"
)
#: A plain decimal, whose digit counts the formatter keeps.
_PLAIN_DECIMAL: Final = regex.compile(r"-?([0-9]*)(\.([0-9]*))?")


def formatnum(text: str, *, raw: bool = False, nocommafy: bool = False, lang: str = "en") -> str:
    """``{{formatnum:text}}``, ``{{formatnum:text|R}}`` (``raw``: undo the formatting) and
    ``{{formatnum:text|NOSEP}}`` (``nocommafy``: no grouping).  Strip markers are skipped."""
    if raw:
        convert = _parse_formatted
    elif nocommafy:
        convert = _format_no_separators
    else:
        convert = _format_with_separators
    if "\x7f" not in text:
        return convert(text)
    parts = _MARKER_SPLIT.split(text)
    return "".join(part if i % 2 else convert(part) for i, part in enumerate(parts))


def _format_with_separators(number: str) -> str:
    return _format(number, separators=True)


def _format_no_separators(number: str) -> str:
    return _format(number, separators=False)


def _format(number: str, *, separators: bool) -> str:
    special = _SPECIAL.get(number)
    if special is not None:
        return special
    if not php_is_numeric(number):
        # Piecewise on the numbers inside the text (MediaWiki's legacy behaviour).
        return _NUMBER_IN_TEXT.sub(lambda m: _format(m.group(), separators=separators), number)
    if separators and number != "-0":
        number = _icu_format(number)
    return number.replace("-", MINUS)


_SPECIAL: Final = {"": "", "NAN": "Not a Number", "INF": "∞", "-INF": MINUS + "∞"}


def _icu_format(number: str) -> str:
    """ICU's English decimal format of ``(float)number``, keeping the input's digit counts."""
    plain = _PLAIN_DECIMAL.fullmatch(number)
    if plain is not None:
        min_integer = len(plain.group(1))
        fraction = len(plain.group(3) or "")
        min_fraction, max_fraction = fraction, fraction
        point_always = plain.group(2) is not None
    else:  # exponent, sign or whitespace: the default pattern #,##0.###
        min_integer, min_fraction, max_fraction, point_always = 1, 0, 3, False
    value = float(number.strip(" \t\n\r\v\f"))
    if value in (math.inf, -math.inf):  # ICU prints infinity as the sign and "∞"
        return "-∞" if value < 0 else "∞"
    context = Context(prec=max_fraction + 400)  # every digit of any double, plus the fraction
    exact = Decimal(repr(value)).quantize(
        Decimal(1).scaleb(-max_fraction), ROUND_HALF_EVEN, context
    )
    negative = exact.is_signed()
    digits = format(abs(exact), "f")
    integer, _, frac = digits.partition(".")
    frac = frac.rstrip("0").ljust(min_fraction, "0")
    integer = integer.lstrip("0").rjust(min_integer, "0")
    grouped = _group(integer)
    text = grouped + ("." + frac if frac or point_always else "")
    return "-" + text if negative else text


def _group(integer: str) -> str:
    head = len(integer) % 3 or 3
    groups = [integer[:head]] + [integer[i : i + 3] for i in range(head, len(integer), 3)]
    return ",".join(g for g in groups if g)


def _parse_formatted(number: str) -> str:
    """``Language::parseFormattedNumber``: undo ``formatnum`` (English has no digit tables)."""
    if number == "Not a Number":
        return "NAN"
    if number == "∞":
        return "INF"
    number = number.replace(MINUS, "-")
    if number == "-∞":
        return "-INF"
    return number.replace(",", "")


def pad(text: str, length: str | int = 0, pad_with: str = "0", *, left: bool) -> str:
    """``{{padleft:text|length|pad_with}}`` (``left=True``) and ``{{padright:...}}``.

    The padding string is repeated (the last copy cut short) until ``text`` is ``length``
    characters long, at most 500; an empty padding string leaves ``text`` as it is.  Strip
    markers in ``pad_with`` are removed; those in ``text`` count towards its length, as in
    MediaWiki.
    """
    pad_with = kill_markers(pad_with)
    if not pad_with:
        return text
    missing = min(php_intval(length), PAD_LIMIT) - len(text)
    if missing <= 0:
        return text
    copies, rest = divmod(missing, len(pad_with))
    padding = pad_with * copies + pad_with[:rest]
    return padding + text if left else text + padding
