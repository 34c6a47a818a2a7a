"""Unit conversion as English Wikipedia's ``{{convert}}`` shows it, for pages without a store.

Only the common units are known (length, area, volume, mass, speed, temperature, power).  The
rounding follows Module:Convert's default precision: the input's own precision (decimals, or
minus its trailing zeros), shifted by ``log10(input / output) + log10(2)``, never fewer than
two significant figures in the output (temperatures: three in kelvin).  Numbers of four or
more integer digits get comma separators, symbols are joined to the number with a
non-breaking space, and the input unit is spelled out unless ``abbr=on`` (as on Wikipedia:
``{{convert|5|km}}`` is "5 kilometres (3.1 mi)").

The code is ours; the numbers (conversion factors, default output units) are facts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

__all__ = ["convert"]


class Unit:
    """One unit: names, symbol, factor to the SI base unit (offset for temperatures)."""

    __slots__ = ("default", "kind", "offset", "plural", "scale", "singular", "symbol", "us_plural", "us_singular")

    def __init__(
        self,
        kind: str,
        scale: float,
        singular: str,
        plural: str,
        symbol: str,
        default: str,
        offset: float = 0.0,
    ) -> None:
        self.kind = kind
        self.scale = scale
        self.singular = singular
        self.plural = plural
        self.symbol = symbol
        self.default = default
        self.offset = offset
        self.us_singular = singular.replace("metre", "meter").replace("litre", "liter")
        self.us_plural = plural.replace("metre", "meter").replace("litre", "liter")

    def name(self, singular: bool, us: bool) -> str:
        if us:
            return self.us_singular if singular else self.us_plural
        return self.singular if singular else self.plural


_SQ = "<sup>2</sup>"
_CU = "<sup>3</sup>"
_IN = 0.0254
_FT = 0.3048
_MI = 1609.344
_LB = 0.45359237
_USGAL = 3.785411784e-3
_IMPGAL = 4.54609e-3

UNITS: dict[str, Unit] = {
    # length (base: metre)
    "km": Unit("length", 1000.0, "kilometre", "kilometres", "km", "mi"),
    "m": Unit("length", 1.0, "metre", "metres", "m", "ft"),
    "cm": Unit("length", 0.01, "centimetre", "centimetres", "cm", "in"),
    "mm": Unit("length", 0.001, "millimetre", "millimetres", "mm", "in"),
    "mi": Unit("length", _MI, "mile", "miles", "mi", "km"),
    "yd": Unit("length", 0.9144, "yard", "yards", "yd", "m"),
    "ft": Unit("length", _FT, "foot", "feet", "ft", "m"),
    "in": Unit("length", _IN, "inch", "inches", "in", "mm"),
    "nmi": Unit("length", 1852.0, "nautical mile", "nautical miles", "nmi", "km mi"),
    "smi": Unit("length", _MI, "statute mile", "statute miles", "mi", "km"),
    "fathom": Unit("length", 1.8288, "fathom", "fathoms", "fathoms", "ft m"),
    "AU": Unit("length", 1.495978707e11, "astronomical unit", "astronomical units", "AU", "km mi"),
    "Gm": Unit("length", 1e9, "gigametre", "gigametres", "Gm", "mi"),
    "km3": Unit("volume", 1e9, "cubic kilometre", "cubic kilometres", "km" + _CU, "cumi"),
    "cumi": Unit("volume", _MI**3, "cubic mile", "cubic miles", "cu" + "\u00a0" + "mi", "km3"),
    "oilbbl": Unit("volume", 0.158987294928, "barrel", "barrels", "bbl", "m3"),
    "Ml": Unit("volume", 1000.0, "megalitre", "megalitres", "Ml", "USgal"),
    "oilbbl/d": Unit("flow", 0.158987294928, "barrel per day", "barrels per day", "bbl/d", "m3/d"),
    "m3/d": Unit("flow", 1.0, "cubic metre per day", "cubic metres per day", "m" + _CU + "/d", "oilbbl/d"),
    "PD/sqmi": Unit("density", 1 / (_MI * _MI), "inhabitant per square mile", "inhabitants per square mile", "/sq\u00a0mi", "PD/km2"),
    "PD/km2": Unit("density", 1e-6, "inhabitant per square kilometre", "inhabitants per square kilometre", "/km" + _SQ, "PD/sqmi"),
    "C-change": Unit("tempchange", 1.0, "degree Celsius", "degrees Celsius", "°C", "F-change"),
    "F-change": Unit("tempchange", 5 / 9, "degree Fahrenheit", "degrees Fahrenheit", "°F", "C-change"),
    "K-change": Unit("tempchange", 1.0, "kelvin", "kelvins", "K", "F-change"),
    # area (base: square metre)
    "km2": Unit("area", 1e6, "square kilometre", "square kilometres", "km" + _SQ, "sqmi"),
    "m2": Unit("area", 1.0, "square metre", "square metres", "m" + _SQ, "sqft"),
    "ha": Unit("area", 1e4, "hectare", "hectares", "ha", "acre"),
    "sqmi": Unit("area", _MI * _MI, "square mile", "square miles", "sq" + "\u00a0" + "mi", "km2"),
    "sqft": Unit("area", _FT * _FT, "square foot", "square feet", "sq" + "\u00a0" + "ft", "m2"),
    "acre": Unit("area", 4046.8564224, "acre", "acres", "acres", "ha"),
    # volume (base: cubic metre)
    "m3": Unit("volume", 1.0, "cubic metre", "cubic metres", "m" + _CU, "cuft"),
    "cuft": Unit("volume", _FT**3, "cubic foot", "cubic feet", "cu" + "\u00a0" + "ft", "m3"),
    "L": Unit("volume", 1e-3, "litre", "litres", "L", "impgal USgal"),
    "ml": Unit("volume", 1e-6, "millilitre", "millilitres", "ml", "impfloz USfloz"),
    "USgal": Unit("volume", _USGAL, "US gallon", "US gallons", "US\u00a0gal", "L impgal"),
    "impgal": Unit("volume", _IMPGAL, "imperial gallon", "imperial gallons", "imp\u00a0gal", "L USgal"),
    "impfloz": Unit("volume", _IMPGAL / 160, "imperial fluid ounce", "imperial fluid ounces", "imp\u00a0fl\u00a0oz", "ml"),
    "USfloz": Unit("volume", _USGAL / 128, "US fluid ounce", "US fluid ounces", "US\u00a0fl\u00a0oz", "ml"),
    # mass (base: kilogram)
    "kg": Unit("mass", 1.0, "kilogram", "kilograms", "kg", "lb"),
    "g": Unit("mass", 1e-3, "gram", "grams", "g", "oz"),
    "t": Unit("mass", 1000.0, "tonne", "tonnes", "t", "LT ST"),
    "lb": Unit("mass", _LB, "pound", "pounds", "lb", "kg"),
    "oz": Unit("mass", _LB / 16, "ounce", "ounces", "oz", "g"),
    "st": Unit("mass", _LB * 14, "stone", "stone", "st", "lb kg"),
    "LT": Unit("mass", _LB * 2240, "long ton", "long tons", "long tons", "t"),
    "ST": Unit("mass", _LB * 2000, "short ton", "short tons", "short tons", "t"),
    # speed (base: metre per second)
    "km/h": Unit("speed", 1000 / 3600, "kilometre per hour", "kilometres per hour", "km/h", "mph"),
    "mph": Unit("speed", _MI / 3600, "mile per hour", "miles per hour", "mph", "km/h"),
    "m/s": Unit("speed", 1.0, "metre per second", "metres per second", "m/s", "ft/s"),
    "ft/s": Unit("speed", _FT, "foot per second", "feet per second", "ft/s", "m/s"),
    "kn": Unit("speed", 1852 / 3600, "knot", "knots", "kn", "km/h mph"),
    # power (base: watt)
    "kW": Unit("power", 1000.0, "kilowatt", "kilowatts", "kW", "hp"),
    "hp": Unit("power", 745.69987158227022, "horsepower", "horsepower", "hp", "kW"),
    # temperature (base: kelvin; value = (x + offset) * scale)
    "C": Unit("temperature", 1.0, "degree Celsius", "degrees Celsius", "°C", "F", 273.15),
    "F": Unit("temperature", 5 / 9, "degree Fahrenheit", "degrees Fahrenheit", "°F", "C", 459.67),
    "K": Unit("temperature", 1.0, "kelvin", "kelvins", "K", "C F", 0.0),
}

#: Other spellings Wikipedia's editors use for the same units.
ALIASES: dict[str, str] = {
    "kilometre": "km", "kilometer": "km", "kilometres": "km", "kilometers": "km",
    "metre": "m", "meter": "m", "metres": "m", "meters": "m",
    "mile": "mi", "miles": "mi", "foot": "ft", "feet": "ft", "inch": "in", "inches": "in",
    "sqkm": "km2", "km²": "km2", "sq km": "km2", "m²": "m2", "sqm": "m2", "hectare": "ha",
    "sq mi": "sqmi", "mi2": "sqmi", "ft2": "sqft", "sq ft": "sqft", "acres": "acre",
    "cum": "m3", "m³": "m3", "ft3": "cuft", "cu ft": "cuft", "l": "L", "litre": "L", "liter": "L",
    "mL": "ml", "usgal": "USgal", "US gal": "USgal", "impgal": "impgal", "imp gal": "impgal",
    "kilogram": "kg", "kilograms": "kg", "tonne": "t", "tonnes": "t", "pound": "lb",
    "pounds": "lb", "lbs": "lb", "long ton": "LT", "short ton": "ST",
    "kmh": "km/h", "kph": "km/h", "km/hr": "km/h", "knot": "kn", "knots": "kn", "kt": "kn",
    "°C": "C", "°F": "F", "degC": "C", "degF": "F", "bhp": "hp", "shp": "hp",
}

#: Output codes that stand for two units shown together (feet and inches, stones and pounds).
_COMPOSITE = {"ftin": ("ft", "in"), "stlb": ("st", "lb")}
_NUMBER = re.compile(r"^([+\-\u2212]?)(\d*)(\.?)(\d*)(?:[eE]([+-]?\d+))?$")
_FUDGE = 1e-14
_MAX_PRECISION = 20
_RANGE_WORDS = {"-": "–", "–": "–", "to": " to ", "and": " and ", "or": " or ", "x": " × ", "by": " by ", "+": " + ", "to(-)": " to ", "and(-)": " and ", "or(-)": " or "}


#: Multipliers written before a unit code: ``e6acre`` is a million acres, ``Moilbbl`` a million
#: barrels, ``Tcuft`` a trillion cubic feet.
_MULTIPLIERS = {"e3": (1e3, "thousand"), "e6": (1e6, "million"), "e9": (1e9, "billion"), "e12": (1e12, "trillion")}
_LETTER_MULTIPLIERS = {"k": "e3", "M": "e6", "G": "e9", "T": "e12"}
_MULTIPLIED = re.compile(r"^(e(?:3|6|9|12)|[kMGT](?=oilbbl|cuft|USgal|impgal))(.+)$")


def _unit(code: str) -> Unit | None:
    code = code.strip()
    found = UNITS.get(code) or UNITS.get(ALIASES.get(code, ""))
    if found is not None:
        return found
    m = _MULTIPLIED.match(code)
    base = _unit(m.group(2)) if m is not None and m.group(2)[:1] not in "eMGTk" else None
    if m is None or base is None:
        return None
    factor, word = _MULTIPLIERS[_LETTER_MULTIPLIERS.get(m.group(1), m.group(1))]
    unit = Unit(base.kind, base.scale * factor, f"{word} {base.plural}", f"{word} {base.plural}", f"{word} {base.symbol}", base.default)
    return unit


def _code(code: str) -> str:
    code = code.strip()
    return code if code in UNITS else ALIASES.get(code, code)


def _default_output(unit: Unit) -> str:
    return unit.default


class _Number:
    """An input number as written: its value and the precision it was written with."""

    __slots__ = ("precision", "value")

    def __init__(self, text: str) -> None:
        m = _NUMBER.match(text.replace(",", ""))
        if m is None or not (m.group(2) or m.group(4)):
            raise ValueError(text)
        sign, integer, dot, decimals, exp = m.groups()
        value = float(f"{integer or '0'}.{decimals or '0'}")
        if exp:
            value *= 10.0 ** int(exp)
        self.value = -value if sign in ("-", "\u2212") else value
        self.precision = len(decimals) if dot else -(len(integer) - len(integer.rstrip("0")))
        if integer.strip("0") == "" and not decimals:
            self.precision = 0  # "0" has no trailing zeros worth counting
        if exp:
            self.precision -= int(exp)
        if not math.isfinite(self.value) or abs(self.precision) > 300:
            raise ValueError(text)


def _with_commas(digits: str) -> str:
    """``1234567.5`` -> ``1,234,567.5`` (Wikipedia separates four-digit integers too)."""
    integer, dot, frac = digits.partition(".")
    if len(integer) >= 4:
        integer = f"{int(integer):,}"
    return integer + dot + frac


def _show(value: float, precision: int) -> str:
    """``value`` rounded to ``precision`` decimals (negative: to tens, hundreds...)."""
    negative = value < 0
    value = abs(value)
    if precision >= 0:
        text = f"{value + (2e-14 if precision <= 8 else 0):.{precision}f}"
    else:
        text = f"{round(value / 10.0**-precision):.0f}" + "0" * -precision
        if text.strip("0") == "":
            text = "0"
    text = _with_commas(text)
    return ("−" if negative and text.strip("0.,") else "") + text


def _default_precision(number: _Number, invalue: float, outvalue: float, src: Unit, dst: Unit, prec: int | None = None) -> int:
    """Module:Convert's default rounding (see the module docstring)."""
    precision = number.precision if prec is None else prec
    if src.kind == "temperature":
        kelvin = abs((invalue + src.offset) * src.scale)
        minprec = 2 if kelvin < 1e-8 else 2 - math.floor(math.log10(kelvin) + _FUDGE)
        return max(precision, minprec)
    out = abs(outvalue)
    if invalue == 0 or out == 0:
        return 0
    adjust = math.log10(abs(invalue / outvalue)) + math.log10(2)
    minprec = 1 - math.floor(math.log10(out) + _FUDGE)
    return max(math.floor(precision + adjust), minprec)


def _to(value: float, src: Unit, dst: Unit) -> float:
    if src.kind == "temperature":
        return (value + src.offset) * src.scale / dst.scale - dst.offset
    return value * src.scale / dst.scale


def _label(unit: Unit, shown: str, abbr: bool, us: bool, adj: bool) -> str:
    """The number and its unit: ``5\u00a0km``, ``5 kilometres``, ``5-kilometre``."""
    if abbr:
        return f"{shown}\u00a0{unit.symbol}"
    singular = adj or shown in ("1", "−1") or re.fullmatch(r"−?1\.0*", shown) is not None
    name = unit.name(singular, us)
    return f"{shown}-{name}" if adj else f"{shown} {name}"


def convert(args: list[str], named: Mapping[str, str]) -> str | None:
    """The text of ``{{convert|...}}`` (``args`` positional, ``named`` the rest), or None when
    the call is not understood (unknown unit, not a number): the caller then drops it."""
    try:
        return _convert(args, named)
    except (ValueError, ZeroDivisionError, OverflowError, IndexError):
        return None


def _convert(args: list[str], named: Mapping[str, str]) -> str | None:
    args = [a.strip() for a in args]
    while args and not args[-1]:
        args.pop()
    if len(args) < 2:
        return None
    values: list[str] = [args[0]]
    seps: list[str] = []
    i = 1
    while i + 1 < len(args) and args[i] in _RANGE_WORDS and _NUMBER.match(args[i + 1].replace(",", "")):
        seps.append(_RANGE_WORDS[args[i]])
        values.append(args[i + 1])
        i += 2
    numbers = [_Number(v) for v in values]
    src_code = _code(args[i])
    i += 1
    # An input in feet and inches (or stones and pounds): "|6|ft|2|in|m".
    sub: tuple[_Number, Unit] | None = None
    if len(numbers) == 1 and i + 1 < len(args) and _NUMBER.match(args[i].replace(",", "")) and _unit(args[i + 1]):
        sub_unit = _unit(args[i + 1])
        assert sub_unit is not None
        sub = (_Number(args[i]), sub_unit)
        i += 2
    src = _unit(src_code)
    if src is None:
        return None
    out_code = args[i] if i < len(args) and not _NUMBER.match(args[i]) else src.default
    if i < len(args) and not _NUMBER.match(args[i]):
        i += 1
    precision: int | None = int(args[i]) if i < len(args) and re.fullmatch(r"-?\d{1,3}", args[i]) else None
    if precision is not None and abs(precision) > _MAX_PRECISION:
        return None  # Module:Convert refuses such precision too
    abbr = named.get("abbr", "").lower()
    in_abbr = abbr in ("on", "in", "values") or (src.kind == "temperature" and abbr != "off")
    out_abbr = abbr not in ("off", "in")
    us = named.get("sp", "").lower() == "us"
    adj = named.get("adj", "").lower() == "on"
    disp = named.get("disp", "").lower()
    sigfig = named.get("sigfig", "").strip()
    rounding = named.get("round", "").strip()

    invalues = [n.value for n in numbers]
    if sub is not None:
        invalues = [numbers[0].value + sub[0].value * sub[1].scale / src.scale]
    # The input as shown.
    shown_in = [_with_commas(v.replace(",", "")).replace("-", "−") for v in values]
    if sub is not None:
        in_text = _label(src, shown_in[0], in_abbr, us, adj) + " " + _label(sub[1], _with_commas(values_sub(sub)), in_abbr, us, adj)
    else:
        in_text = _join_range(shown_in, seps, src, in_abbr, us, adj)

    outputs: list[str] = []
    codes = out_code.split()
    if out_code in _COMPOSITE or (len(codes) == 2 and tuple(codes) in _COMPOSITE.values() and out_code.replace(" ", "") in _COMPOSITE):
        codes = [out_code.replace(" ", "")]
    for code in codes:
        if code in _COMPOSITE:
            outputs.append(_composite(invalues, seps, src, _COMPOSITE[code], out_abbr, us))
            continue
        dst = _unit(code)
        if dst is None or dst.kind != src.kind:
            return None
        outvalues = [_to(invalue, src, dst) for invalue in invalues]
        if rounding and _is_number(rounding) and precision is None:
            step = float(rounding)
            shown = [_with_commas(f"{round(v / step) * step:.0f}") for v in outvalues]
        else:
            # One precision for every value of a range (the largest any of them asks for).
            p = max(_precision(n, i, o, src, dst, precision, sigfig, sub is not None) for n, i, o in zip(numbers, invalues, outvalues, strict=False))
            shown = [_show(v, p) for v in outvalues]
        outputs.append(_join_range(shown, seps, dst, out_abbr, us, adj))
    out_text = "; ".join(outputs)
    if disp in ("out", "output only"):
        return out_text
    if disp in ("number", "output number only"):
        return re.sub(r"[\u00a0 ].*$", "", out_text)
    if disp == "or":
        return f"{in_text} or {out_text}"
    if disp == "flip":
        return f"{out_text} ({in_text})"
    if disp in ("sqbr", "br"):
        return f"{in_text} [{out_text}]"
    if disp == "comma":
        return f"{in_text}, {out_text}"
    return f"{in_text} ({out_text})"


def _precision(number: _Number, invalue: float, outvalue: float, src: Unit, dst: Unit, precision: int | None, sigfig: str, composite_input: bool) -> int:
    """The decimals to show: given (``|2``), from ``sigfig=``, or Module:Convert's default."""
    if precision is not None:
        return precision
    if sigfig.isdigit() and len(sigfig) <= 2 and outvalue:
        return int(sigfig) - 1 - math.floor(math.log10(abs(outvalue)) + _FUDGE)
    if composite_input and dst.kind == "length" and outvalue:
        # "|6|ft|2|in|m": Module:Convert gives such inputs two more decimals than the unit.
        return max(math.floor(math.log10(1 / dst.scale) + 2 + math.log10(2)), 1 - math.floor(math.log10(abs(outvalue)) + _FUDGE))
    return _default_precision(number, invalue, outvalue, src, dst, 0 if composite_input else None)


def values_sub(sub: tuple[_Number, Unit]) -> str:
    value = sub[0].value
    return f"{value:g}"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _join_range(shown: list[str], seps: list[str], unit: Unit, abbr: bool, us: bool, adj: bool) -> str:
    """``5 to 10 kilometres``, ``5–10\u00a0km``: the unit once, after the last number."""
    if len(shown) == 1:
        return _label(unit, shown[0], abbr, us, adj)
    text = shown[0]
    for sep, value in zip(seps, shown[1:], strict=False):
        text += sep + value
    last = _label(unit, shown[-1], abbr, us, adj)
    return text[: len(text) - len(shown[-1])] + last


def _composite(invalues: list[float], seps: list[str], src: Unit, pair: tuple[str, str], abbr: bool, us: bool) -> str:
    """Feet and inches (``5 ft 11 in``) or stones and pounds, the smaller unit rounded whole."""
    big, small = UNITS[pair[0]], UNITS[pair[1]]
    parts: list[str] = []
    for invalue in invalues:
        total = round(_to(invalue, src, small))
        per = round(big.scale / small.scale)
        whole, rest = divmod(int(total), per)
        parts.append(f"{_label(big, _with_commas(str(whole)), abbr, us, False)} {_label(small, str(rest), abbr, us, False)}")
    text = parts[0]
    for sep, part in zip(seps, parts[1:], strict=False):
        text += sep + part
    return text
