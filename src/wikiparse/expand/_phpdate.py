"""``{{#time:}}`` and ``{{#timel:}}``: MediaWiki's date formatting and PHP's date parsing.

Two halves:

* :func:`format_time` is MediaWiki's ``Language::sprintfDate`` for English: PHP ``date()``
  codes plus MediaWiki's ``x`` extensions (``xg``, ``xn``, ``xN``, ``xr``, ``xx``, the Iranian
  ``xi*``, Hijri ``xm*``, Thai ``xkY``, Minguo ``xoY`` and Japanese era ``xtY`` years),
  ``"quoted"`` literals and backslash escapes, the Hebrew calendar (``xj*``) and Hebrew
  numerals (``xh``).
* :func:`parse_time` is the part of PHP's date parser (timelib, behind ``new DateTime($text)``)
  that templates use: ISO and textual dates, times with ``am``/``pm``, ``@unixtime``, relative
  words and units (``tomorrow``, ``+1 day``, ``next monday``, ``last day of next month``,
  ``3 weeks ago``), time-zone names, abbreviations and offsets.  Text outside that subset is
  treated as invalid (MediaWiki's "Error: Invalid time."), which is also what PHP does for most
  text that is not a date.

:func:`expand_time` puts them together the way ParserFunctions' ``#time`` does (the 4-digit
year rule, the year range errors).  All calendar arithmetic is done on day numbers, so years
outside Python's ``datetime`` range are handled where MediaWiki handles them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import regex

from ._expr import error_html

__all__ = ["expand_time", "expand_timef", "format_time", "parse_time"]

MONTHS: Final = ("January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December")  # fmt: skip
MONTH_ABBREVIATIONS: Final = tuple(m[:3] for m in MONTHS)
WEEKDAYS: Final = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
WEEKDAY_ABBREVIATIONS: Final = tuple(d[:3] for d in WEEKDAYS)
IRANIAN_MONTHS: Final = ("Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
                         "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand")  # fmt: skip
HIJRI_MONTHS: Final = ("Muharram", "Safar", "Rabi' al-awwal", "Rabi' al-thani",
                       "Jumada al-awwal", "Jumada al-thani", "Rajab", "Sha'aban", "Ramadan",
                       "Shawwal", "Dhu al-Qi'dah", "Dhu al-Hijjah")  # fmt: skip
#: MediaWiki's Hebrew month numbers: 1 Tishrei .. 12 Elul, 6 Adar; 13 and 14 are Adar I and II.
HEBREW_MONTHS: Final = ("Tishrei", "Cheshvan", "Kislev", "Tevet", "Shevat", "Adar", "Nisan",
                        "Iyar", "Sivan", "Tamuz", "Av", "Elul", "Adar I", "Adar II")  # fmt: skip
_IRANIAN_MONTH_DAYS: Final = (31, 31, 31, 31, 31, 31, 30, 30, 30, 30, 30, 29)
_MONTH_DAYS: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

UTC: Final = dt.UTC

# --- calendar arithmetic on day numbers (days since 1970-01-01, proleptic Gregorian) ----------


def days_from_civil(year: int, month: int, day: int) -> int:
    """Day number of a Gregorian date (any year; ``day`` may overflow the month)."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468 + day - 1


def civil_from_days(days: int) -> tuple[int, int, int]:
    """The Gregorian ``(year, month, day)`` of a day number."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    return 29 if month == 2 and is_leap(year) else _MONTH_DAYS[month - 1]


class Moment:
    """A wall-clock time in some zone: what ``sprintfDate`` formats."""

    __slots__ = ("abbreviation", "day", "dst", "hour", "minute", "month", "offset", "second",
                 "unix", "year", "zone")  # fmt: skip

    def __init__(self, unix: int, offset: int, zone: str, abbreviation: str, dst: bool) -> None:
        self.unix = unix
        self.offset = offset
        self.zone = zone
        self.abbreviation = abbreviation
        self.dst = dst
        days, rest = divmod(unix + offset, 86400)
        self.year, self.month, self.day = civil_from_days(days)
        self.hour, rest = divmod(rest, 3600)
        self.minute, self.second = divmod(rest, 60)

    @property
    def days(self) -> int:
        return days_from_civil(self.year, self.month, self.day)

    @property
    def weekday(self) -> int:
        """0 = Sunday ... 6 = Saturday (PHP's ``w``)."""
        return (self.days + 4) % 7

    def iso_week(self) -> tuple[int, int]:
        """(ISO year, ISO week number)."""
        iso_weekday = self.weekday or 7
        thursday = self.days - iso_weekday + 4
        iso_year = civil_from_days(thursday)[0]
        return iso_year, (thursday - days_from_civil(iso_year, 1, 1)) // 7 + 1


def moment_in_zone(unix: int, zone: dt.tzinfo | None = None) -> Moment:
    """``unix`` seen in ``zone`` (None or UTC: ``UTC``)."""
    if zone is None or zone is UTC:
        return Moment(unix, 0, "UTC", "UTC", False)
    # datetime's range (years 1..9999) with a day to spare for the zone's offset
    clamped = min(max(unix, -62135596800 + 86400), 253402214400 - 86400)
    local = dt.datetime.fromtimestamp(clamped, zone)
    offset = _offset_seconds(local)
    return Moment(unix, offset, _zone_name(zone, offset), _abbreviation(local, offset),
                  bool(local.dst()))  # fmt: skip


def _offset_seconds(when: dt.datetime) -> int:
    delta = when.utcoffset()
    return int(delta.total_seconds()) if delta is not None else 0


def _format_offset(offset: int, colon: bool) -> str:
    sign = "-" if offset < 0 else "+"
    hours, minutes = divmod(abs(offset) // 60, 60)
    return f"{sign}{hours:02d}{':' if colon else ''}{minutes:02d}"


def _zone_name(zone: dt.tzinfo, offset: int) -> str:
    if isinstance(zone, ZoneInfo):
        return zone.key
    if zone is UTC:
        return "UTC"
    return _format_offset(offset, True)


def _abbreviation(when: dt.datetime, offset: int) -> str:
    if isinstance(when.tzinfo, ZoneInfo) or when.tzinfo is UTC:
        return when.tzname() or "UTC"
    return _format_offset(offset, True)


# --- sprintfDate ----------------------------------------------------------------------------

_FORMAT_TOKEN: Final = regex.compile(r'x[ijkmot].|x.|\\.|"[^"]*"|.', regex.S)


def format_time(fmt: str, when: dt.datetime, *, lang: str = "en") -> str:
    """Format ``when`` (aware; naive means UTC) as ``{{#time:fmt|...}}`` prints it, in the
    zone of ``when``.  Only English month and day names are modelled."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    unix = days_from_civil(when.year, when.month, when.day) * 86400 + when.hour * 3600
    unix += when.minute * 60 + when.second - _offset_seconds(when)
    offset = _offset_seconds(when)
    moment = Moment(unix, offset, _zone_name(when.tzinfo or UTC, offset),
                    _abbreviation(when, offset), bool(when.dst()))  # fmt: skip
    return format_moment(fmt, moment)


def format_moment(fmt: str, moment: Moment) -> str:
    """``Language::sprintfDate`` for English."""
    out: list[str] = []
    raw = raw_toggle = roman = hebrew = False
    for token in _FORMAT_TOKEN.findall(fmt):
        number: str | int | None = None
        if token == "xn":
            raw = True
        elif token == "xN":
            raw_toggle = not raw_toggle
        elif token == "xr":
            roman = True
        elif token == "xh":
            hebrew = True
        elif token == "xx":
            out.append("x")
        elif token[0] == '"' and len(token) > 1:
            out.append(token[1:-1])
        elif token[0] == "\\":
            out.append(token[1:] or "\\")
        else:
            handler = _CODES.get(token)
            if handler is None:
                out.append(token[-1])
                continue
            value = handler(moment)
            if isinstance(value, _Number):
                number = value.value
            else:
                out.append(value)
        if number is not None:
            if raw or raw_toggle:
                out.append(str(number))
                raw = False
            elif roman:
                out.append(
                    roman_numeral(int(number) if isinstance(number, int) else _intval(number))
                )
                roman = False
            elif hebrew:
                out.append(
                    hebrew_numeral(int(number) if isinstance(number, int) else _intval(number))
                )
                hebrew = False
            else:
                out.append(str(number))
    return "".join(out)


class _Number:
    """A numeric field (subject to ``xn``/``xr``), as opposed to text."""

    __slots__ = ("value",)

    def __init__(self, value: str | int) -> None:
        self.value = value


def _intval(text: str) -> int:
    digits = regex.match(r"-?[0-9]+", text)
    return int(digits.group()) if digits else 0


def roman_numeral(number: int) -> str:
    """MediaWiki's roman numerals: 1..10000 (thousands as repeated M), else the number."""
    if number > 10000 or number <= 0:
        return str(number)
    parts: list[str] = []
    for unit, (one, five, ten) in ((1000, ("M", "", "")), (100, ("C", "D", "M")),
                                   (10, ("X", "L", "C")), (1, ("I", "V", "X"))):  # fmt: skip
        digit, number = divmod(number, unit)
        if unit == 1000:
            parts.append("M" * digit)
        elif digit == 9:
            parts.append(one + ten)
        elif digit >= 5:
            parts.append(five + one * (digit - 5))
        elif digit == 4:
            parts.append(one + five)
        else:
            parts.append(one * digit)
    return "".join(parts)


def _iso_8601(m: Moment) -> str:
    return (f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}"
            + _format_offset(m.offset, True))  # fmt: skip


def _rfc_2822(m: Moment) -> str:
    return (f"{WEEKDAY_ABBREVIATIONS[m.weekday]}, {m.day:02d} {MONTH_ABBREVIATIONS[m.month - 1]} "
            f"{m.year:04d} {m.hour:02d}:{m.minute:02d}:{m.second:02d} "
            + _format_offset(m.offset, False))  # fmt: skip


def _iranian(m: Moment) -> tuple[int, int, int, int]:
    """(year, month, day, day of year) in the Iranian calendar (MediaWiki's arithmetic)."""
    gy, gm, gd = m.year - 1600, m.month - 1, m.day - 1
    day_no = 365 * gy + (gy + 3) // 4 - (gy + 99) // 100 + (gy + 399) // 400
    day_no += sum(_MONTH_DAYS[:gm]) + gd
    if gm > 1 and ((gy % 4 == 0 and gy % 100 != 0) or gy % 400 == 0):
        day_no += 1
    j_day = day_no - 79
    cycles = j_day // 12053
    j_day = _cmod(j_day, 12053)
    year = 979 + 33 * cycles + 4 * (j_day // 1461)
    j_day = _cmod(j_day, 1461)
    if j_day >= 366:
        year += (j_day - 1) // 365
        j_day = _cmod(j_day - 1, 365)
    day_of_year = j_day
    month = 0
    while month < 11 and j_day >= _IRANIAN_MONTH_DAYS[month]:
        j_day -= _IRANIAN_MONTH_DAYS[month]
        month += 1
    return year, month + 1, j_day + 1, day_of_year


def _cmod(a: int, b: int) -> int:
    """C's ``%`` (the sign follows the dividend)."""
    r = abs(a) % abs(b)
    return -r if a < 0 else r


def _tdiv(a: int, b: int) -> int:
    """C's integer division (truncation toward zero)."""
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def _hijri(m: Moment) -> tuple[int, int, int]:
    """(year, month, day) in the tabular Islamic calendar (MediaWiki's arithmetic)."""
    y, mo, d = m.year, m.month, m.day
    if (y, mo, d) > (1582, 10, 14):
        a = _tdiv(mo - 14, 12)
        jd = (_tdiv(1461 * (y + 4800 + a), 4) + _tdiv(367 * (mo - 2 - 12 * a), 12)
              - _tdiv(3 * _tdiv(y + 4900 + a, 100), 4) + d - 32075)  # fmt: skip
    else:
        jd = (
            367 * y - _tdiv(7 * (y + 5001 + _tdiv(mo - 9, 7)), 4) + _tdiv(275 * mo, 9) + d + 1729777
        )
    rest = jd - 1948440 + 10632
    cycles = _tdiv(rest - 1, 10631)
    rest = rest - 10631 * cycles + 354
    j = _tdiv(10985 - rest, 5316) * _tdiv(50 * rest, 17719) + _tdiv(rest, 5670) * _tdiv(
        43 * rest, 15238
    )
    rest = (
        rest - _tdiv(30 - j, 15) * _tdiv(17719 * j, 50) - _tdiv(j, 16) * _tdiv(15238 * j, 43) + 29
    )
    month = _tdiv(24 * rest, 709)
    day = rest - _tdiv(709 * month, 24)
    return 30 * cycles + j - 30, month, day


# The Hebrew calendar, by the molad arithmetic of Dershowitz and Reingold's "Calendrical
# Calculations"; day numbers are ours (days since 1970-01-01).
_HEBREW_EPOCH: Final = -1373427 - 719163  # 1 Tishrei AM 1


def _hebrew_elapsed_days(year: int) -> int:
    months = (235 * year - 234) // 19
    parts = 12084 + 13753 * months
    day = 29 * months + parts // 25920
    return day + 1 if (3 * (day + 1)) % 7 < 3 else day


def _hebrew_new_year(year: int) -> int:
    before, this, after = (_hebrew_elapsed_days(year + k) for k in (-1, 0, 1))
    delay = 2 if after - this == 356 else 1 if this - before == 382 else 0
    return _HEBREW_EPOCH + this + delay


def _hebrew(m: Moment) -> tuple[int, int, int, int]:
    """(year, month, day, days in the month) in the Hebrew calendar, months numbered as
    MediaWiki numbers them."""
    days = m.days
    year = m.year + 3760
    if days >= _hebrew_new_year(year + 1):
        year += 1
    elif days < _hebrew_new_year(year):
        year -= 1
    start = _hebrew_new_year(year)
    length = _hebrew_new_year(year + 1) - start
    leap = (7 * year + 1) % 19 < 7
    cheshvan = 30 if length % 10 == 5 else 29
    kislev = 29 if length % 10 == 3 else 30
    months: list[tuple[int, int]] = [(1, 30), (2, cheshvan), (3, kislev), (4, 29), (5, 30)]
    months += [(13, 30), (14, 29)] if leap else [(6, 29)]
    months += [(7, 30), (8, 29), (9, 30), (10, 29), (11, 30), (12, 29)]
    day = days - start
    for number, size in months:
        if day < size:
            return year, number, day + 1, size
        day -= size
    return year, 12, day + 1, 29  # pragma: no cover - the months cover the year


_HEBREW_UNITS: Final = ("", "א", "ב", "ג", "ד", "ה", "ו", "ז", "ח", "ט", "י")
_HEBREW_TENS: Final = ("", "י", "כ", "ל", "מ", "נ", "ס", "ע", "פ", "צ", "ק")
_HEBREW_HUNDREDS: Final = ("", "ק", "ר", "ש", "ת", "תק", "תר", "תש", "תת", "תתק", "תתר")
_HEBREW_FINAL: Final = str.maketrans("כמנפצ", "ךםןףץ")


def hebrew_numeral(number: int) -> str:
    """MediaWiki's Hebrew numerals (``xh``) for 1..9999, else the number."""
    if number > 9999 or number <= 0:
        return str(number)
    if number == 1000:
        return "א' אלף"
    if number % 1000 == 0:
        return _HEBREW_UNITS[number // 1000] + "' אלפים"
    letters: list[str] = []
    if number >= 1000:
        letters += [_HEBREW_UNITS[number // 1000], "'"]
        number %= 1000
    if number >= 100:
        letters += list(_HEBREW_HUNDREDS[number // 100])
        number %= 100
    if number in (15, 16):
        letters += ["ט", _HEBREW_UNITS[number - 9]]
    else:
        if number >= 10:
            letters.append(_HEBREW_TENS[number // 10])
        if number % 10:
            letters.append(_HEBREW_UNITS[number % 10])
    if len(letters) == 1:
        return letters[0] + "'"
    letters[-1] = letters[-1].translate(_HEBREW_FINAL)
    if letters[1] == "'" and len(letters) == 3:
        return "".join(letters) + "'"
    return "".join(letters[:-1]) + '"' + letters[-1]


_ERAS: Final = (((1989, 1, 8), 1989, "平成"), ((1926, 12, 26), 1926, "昭和"),
                ((1912, 7, 31), 1912, "大正"))  # fmt: skip


def _tenno_year(m: Moment) -> str:
    """The year in Japanese era notation (元 for an era's first year)."""
    date = (m.year, m.month, m.day)
    if date >= (2019, 5, 1):
        start, name = 2019, "令和"
    else:
        start, name = 1868, "明治"
        for since, first_year, era in _ERAS:
            if date >= since:
                start, name = first_year, era
                break
    number = m.year - start + 1
    return name + ("元" if number == 1 else str(number))


def _thai_year(m: Moment) -> int:
    year = m.year + 543
    if 1912 <= m.year <= 1940 and m.month <= 3:
        year -= 1
    return year


_CODES: Final[dict[str, Callable[[Moment], str | _Number]]] = {
    "d": lambda m: _Number(f"{m.day:02d}"),
    "D": lambda m: WEEKDAY_ABBREVIATIONS[m.weekday],
    "j": lambda m: _Number(m.day),
    "l": lambda m: WEEKDAYS[m.weekday],
    "N": lambda m: _Number(m.weekday or 7),
    "w": lambda m: _Number(m.weekday),
    "z": lambda m: _Number(m.days - days_from_civil(m.year, 1, 1)),
    "W": lambda m: _Number(f"{m.iso_week()[1]:02d}"),
    "F": lambda m: MONTHS[m.month - 1],
    "xg": lambda m: MONTHS[m.month - 1],
    "M": lambda m: MONTH_ABBREVIATIONS[m.month - 1],
    "m": lambda m: _Number(f"{m.month:02d}"),
    "n": lambda m: _Number(m.month),
    "t": lambda m: _Number(days_in_month(m.year, m.month)),
    "L": lambda m: _Number(int(is_leap(m.year))),
    "o": lambda m: _Number(m.iso_week()[0]),
    "Y": lambda m: _Number(f"{m.year:04d}"),
    "y": lambda m: _Number(f"{m.year % 100:02d}"),
    "a": lambda m: "am" if m.hour < 12 else "pm",
    "A": lambda m: "AM" if m.hour < 12 else "PM",
    "g": lambda m: _Number(m.hour % 12 or 12),
    "G": lambda m: _Number(m.hour),
    "h": lambda m: _Number(f"{m.hour % 12 or 12:02d}"),
    "H": lambda m: _Number(f"{m.hour:02d}"),
    "i": lambda m: _Number(f"{m.minute:02d}"),
    "s": lambda m: _Number(f"{m.second:02d}"),
    "U": lambda m: _Number(m.unix),
    "Z": lambda m: _Number(m.offset),
    "I": lambda m: _Number(int(m.dst)),
    "e": lambda m: m.zone,
    "T": lambda m: m.abbreviation,
    "O": lambda m: _format_offset(m.offset, False),
    "P": lambda m: _format_offset(m.offset, True),
    "c": _iso_8601,
    "r": _rfc_2822,
    "xij": lambda m: _Number(_iranian(m)[2]),
    "xiF": lambda m: IRANIAN_MONTHS[_iranian(m)[1] - 1],
    "xin": lambda m: _Number(_iranian(m)[1]),
    "xiy": lambda m: _Number(str(_iranian(m)[0])[-2:]),
    "xiY": lambda m: _Number(_iranian(m)[0]),
    "xit": lambda m: _Number(_IRANIAN_MONTH_DAYS[_iranian(m)[1] - 1]),
    "xiz": lambda m: _Number(_iranian(m)[3]),
    "xmj": lambda m: _Number(_hijri(m)[2]),
    "xmF": lambda m: HIJRI_MONTHS[_hijri(m)[1] - 1],
    "xmn": lambda m: _Number(_hijri(m)[1]),
    "xmY": lambda m: _Number(_hijri(m)[0]),
    "xkY": lambda m: _Number(_thai_year(m)),
    "xoY": lambda m: _Number(m.year - 1911),
    "xtY": lambda m: _Number(_tenno_year(m)),
    "xjj": lambda m: _Number(_hebrew(m)[2]),
    "xjF": lambda m: HEBREW_MONTHS[_hebrew(m)[1] - 1],
    "xjx": lambda m: HEBREW_MONTHS[_hebrew(m)[1] - 1],
    "xjt": lambda m: _Number(_hebrew(m)[3]),
    "xjn": lambda m: _Number(_hebrew(m)[1]),
    "xjY": lambda m: _Number(_hebrew(m)[0]),
}


# --- #time ----------------------------------------------------------------------------------


def expand_time(
    fmt: str,
    date: str,
    now: dt.datetime,
    *,
    local_zone: dt.tzinfo | None = None,
    local: bool = False,
    lang: str = "en",
) -> str:
    """What ``{{#time:fmt|date}}`` (``local=False``) or ``{{#timel:fmt|date}}``
    (``local=True``, output in ``local_zone``) expands to, errors included.  An empty ``date``
    means ``now``.  The per-page limit on formatted characters is the caller's business."""
    unix = parse_unix(date if date else "now", now)
    if unix is None:
        return error_html("Error: Invalid time.")
    moment = moment_in_zone(unix, (local_zone or UTC) if local else UTC)
    if moment.year < 0:
        return error_html("Error: #time only supports years from 0.")
    if moment.year > 9999:
        return error_html("Error: #time only supports years up to 9999.")
    return format_moment(fmt, moment)


#: ``{{#timef:}}``'s formats for English (MediaWiki's default "dmy" preference).
TIMEF_FORMATS: Final = {"both": "H:i, j F Y", "date": "j F Y", "time": "H:i", "pretty": "j F"}


def expand_timef(
    date: str,
    kind: str,
    now: dt.datetime,
    *,
    local_zone: dt.tzinfo | None = None,
    local: bool = False,
    lang: str = "en",
) -> str:
    """``{{#timef:date|kind}}`` / ``{{#timefl:...}}`` (``local=True``): the date in the wiki's
    English date format; ``kind`` is ``both`` (the default), ``date``, ``time`` or ``pretty``."""
    fmt = TIMEF_FORMATS.get(kind.strip() or "both", TIMEF_FORMATS["both"])
    return expand_time(fmt, date, now, local_zone=local_zone, local=local, lang=lang)


# --- the date parser (a subset of timelib) ----------------------------------------------------


def parse_time(text: str, now: dt.datetime) -> dt.datetime | None:
    """``#time``'s reading of a date: ``new DateTime($text, UTC)`` for the subset of PHP's
    formats that templates use (four digits alone being a year), as an aware UTC datetime;
    None where PHP throws, and outside years 1..9999 (:func:`expand_time` gives MediaWiki's
    year-range errors there, and is the one call ``#time`` needs)."""
    unix = parse_unix(text, now)
    if unix is None or not -62135596800 <= unix <= 253402300799:
        return None
    return dt.datetime.fromtimestamp(unix, UTC)


def parse_unix(text: str, now: dt.datetime) -> int | None:
    """The Unix time ``text`` denotes (seconds, any year), or None if PHP rejects it.

    As ``#time`` does before asking PHP, four digits alone are a year (PHP alone would read
    ``2001`` as 20:01).
    """
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    if len(text) == 4 and text.isascii() and text.isdigit():
        text = "00:00 " + text
    state = _State()
    if not _scan(text, state):
        return None
    return state.resolve(now)


# --- the scanner ------------------------------------------------------------------------------
#
# Like timelib, the scanner takes at each position the longest match among its rules (the first
# rule on a tie); each rule sets absolute fields, relative offsets or the zone.  Spaces, commas
# and dots between tokens are skipped; any other unmatched character makes the text invalid.

_MONTH_NAMES: Final = {name: i for i, names in enumerate(
    (("january", "jan", "i"), ("february", "feb", "ii"), ("march", "mar", "iii"),
     ("april", "apr", "iv"), ("may", "v"), ("june", "jun", "vi"), ("july", "jul", "vii"),
     ("august", "aug", "viii"), ("september", "sep", "sept", "ix"), ("october", "oct", "x"),
     ("november", "nov", "xi"), ("december", "dec", "xii")), start=1) for name in names}  # fmt: skip
_DAY_NAMES: Final = {name: i for i, names in enumerate(
    (("sunday", "sun"), ("monday", "mon"), ("tuesday", "tue"), ("wednesday", "wed"),
     ("thursday", "thu"), ("friday", "fri"), ("saturday", "sat"))) for name in names}  # fmt: skip
_REL_TEXT: Final = {
    "last": (-1, 0), "previous": (-1, 0), "this": (0, 1), "next": (1, 0), "first": (1, 0),
    "second": (2, 0), "third": (3, 0), "fourth": (4, 0), "fifth": (5, 0), "sixth": (6, 0),
    "seventh": (7, 0), "eight": (8, 0), "eighth": (8, 0), "ninth": (9, 0), "tenth": (10, 0),
    "eleventh": (11, 0), "twelfth": (12, 0),
}  # fmt: skip
#: Relative units: field and multiplier.
_UNITS: Final = {
    "ms": ("us", 1000), "µs": ("us", 1), "msec": ("us", 1000), "millisecond": ("us", 1000),
    "µsec": ("us", 1), "microsecond": ("us", 1), "usec": ("us", 1), "sec": ("s", 1),
    "second": ("s", 1), "min": ("i", 1), "minute": ("i", 1), "hour": ("h", 1), "day": ("d", 1),
    "week": ("d", 7), "fortnight": ("d", 14), "forthnight": ("d", 14), "month": ("m", 1),
    "year": ("y", 1),
}  # fmt: skip
#: Time-zone abbreviations PHP's timelib knows, with the UTC offset (seconds) each one means,
#: daylight saving included; read off MediaWiki 1.39's PHP 8.2 for every abbreviation the tz
#: database uses (plus the military letters).  "UT" is not one of them.
_ABBREVIATIONS: Final[dict[str, int]] = {
    "a": 3600, "acdt": 37800, "acst": 34200, "addt": -7200, "adt": -10800, "aedt": 39600,
    "aest": 36000, "ahdt": -32400, "ahst": -36000, "akdt": -28800, "akst": -32400, "amt":
    -13840, "ast": -14400, "awdt": 32400, "awst": 28800, "awt": -10800, "b": 7200, "bdst": 7200,
    "bdt": -36000, "bmt": -14309, "bst": 3600, "c": 10800, "cast": 34200, "cat": 7200, "cdt":
    -18000, "cest": 7200, "cet": 3600, "chst": 36000, "cmt": -15408, "cst": -21600, "cwt":
    -18000, "d": 14400, "dmt": -1521, "e": 18000, "eat": 10800, "edt": -14400, "eest": 10800,
    "eet": 7200, "emt": -26248, "est": -18000, "ewt": -14400, "f": 21600, "ffmt": -14660, "fmt":
    -4056, "g": 25200, "gdt": 39600, "gmt": 0, "gst": 36000, "h": 28800, "hdt": -34200, "hkst":
    32400, "hkt": 28800, "hmt": -19776, "hst": -36000, "hwt": -34200, "i": 32400, "iddt": 14400,
    "idt": 10800, "imt": 25025, "ist": 7200, "jdt": 36000, "jmt": 8440, "jst": 32400, "k":
    36000, "kdt": 36000, "kmt": 5736, "kst": 30600, "l": 39600, "lst": 9394, "m": 43200, "mdst":
    16279, "mdt": -21600, "mest": 7200, "met": 3600, "mmt": 9017, "msd": 14400, "msk": 10800,
    "mst": -25200, "mwt": -21600, "n": -3600, "nddt": -5400, "ndt": -9052, "npt": -9000, "nst":
    -12600, "nwt": -9000, "nzdt": 46800, "nzmt": 41400, "nzst": 43200, "o": -7200, "p": -10800,
    "pdt": -25200, "pkst": 21600, "pkt": 18000, "plmt": 25590, "pmt": -13236, "ppmt": -17340,
    "pst": -28800, "pwt": -25200, "q": -14400, "qmt": -18840, "r": -18000, "rmt": 5794, "s":
    -21600, "sast": 7200, "sdmt": -16800, "sjmt": -20173, "smt": -13884, "sst": -39600, "t":
    -25200, "tbmt": 10751, "tmt": 12344, "u": -28800, "uct": 0, "utc": 0, "v": -32400, "w":
    -36000, "wast": 7200, "wat": 3600, "wemt": 7200, "west": 3600, "wet": 0, "wib": 25200,
    "wit": 32400, "wita": 28800, "wmt": 5040, "x": -39600, "y": -43200, "ydt": -28800, "yst":
    -32400, "ywt": -28800, "z": 0,
}  # fmt: skip

_P: Final = {
    "space": r"[ \t]+",
    "hour24": r"(?:2[0-4]|[01]?[0-9])",
    "hour24lz": r"(?:[01][0-9]|2[0-4])",
    "hour12": r"(?:1[0-2]|0?[1-9])",
    "minute": r"(?:[0-5]?[0-9])",
    "minutelz": r"(?:[0-5][0-9])",
    "second": r"(?:60|[0-5]?[0-9])",
    "secondlz": r"(?:60|[0-5][0-9])",
    "frac": r"(?:\.[0-9]+)",
    "meridian": r"(?:[ap]\.?m\.?)(?=[\t ]|$)",
    "month": r"(?:1[0-2]|0?[0-9])",
    "monthlz": r"(?:0[0-9]|1[0-2])",
    "day": r"(?:3[01]|[0-2]?[0-9])(?:st|nd|rd|th)?",
    "daylz": r"(?:0[0-9]|[12][0-9]|3[01])",
    "year": r"[0-9]{1,4}",
    "year2": r"[0-9]{2}",
    "year4": r"[0-9]{4}",
    "year4sign": r"[+-]?[0-9]{4}",
    "monthtext": r"(?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
    r"|(?-i:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I))",
    "monthname": r"(?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)",
    "monthabbr": r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept|sep|oct|nov|dec)",
    "dayname": r"(?:sunday|monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sun|mon|tue|wed|thu|fri|sat)",
    "reltextnumber": r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|eight|ninth"
    r"|tenth|eleventh|twelfth)",
    "reltexttext": r"(?:next|last|previous|this)",
    "reltextunit": r"(?:ms|µs|(?:msec|millisecond|µsec|microsecond|usec|sec|second|min|minute"
    r"|hour|day|fortnight|forthnight|month|year)s?|weeks|weekdays?"
    r"|sunday|monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sun|mon|tue|wed|thu|fri|sat)",
    "weekofyear": r"(?:0[1-9]|[1-4][0-9]|5[0-3])",
    "dayofyear": r"(?:00[1-9]|0[1-9][0-9]|[12][0-9][0-9]|3[0-5][0-9]|36[0-6])",
}


def _rx(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern.format(**_P), regex.I | regex.POSIX | regex.ASCII)


class _Invalid(Exception):
    """The text is not a date PHP accepts."""


class _State:
    """What the tokens said: absolute fields, relative offsets, zone."""

    __slots__ = ("d", "first_last", "h", "have_date", "have_time", "have_zone", "i", "m",
                 "nth_weekday", "offset", "rel", "s", "us", "weekday", "weekday_behavior",
                 "weekdays", "y", "zone")  # fmt: skip

    def __init__(self) -> None:
        self.y: int | None = None
        self.m: int | None = None
        self.d: int | None = None
        self.h: int | None = None
        self.i: int | None = None
        self.s: int | None = None
        self.us: int | None = None
        self.have_date = False
        self.have_time = 0
        self.have_zone = 0
        self.rel: dict[str, int] = {"y": 0, "m": 0, "d": 0, "h": 0, "i": 0, "s": 0, "us": 0}
        self.weekday: int | None = None
        self.weekday_behavior = 0
        self.first_last = 0  # 1: first day of, 2: last day of
        self.nth_weekday: tuple[int, int] | None = None  # (amount, weekday) for "first monday of"
        self.weekdays: int | None = None  # business days ("+2 weekdays")
        self.offset: int | None = None
        self.zone: ZoneInfo | None = None

    # -- token effects ------------------------------------------------------------------

    def set_time(self, h: int, i: int, s: int = 0, us: int = 0) -> None:
        if self.have_time:
            raise _Invalid("Double time specification")
        self.have_time = 1
        self.h, self.i, self.s, self.us = h, i, s, us

    def unset_time(self) -> None:
        self.have_time = 0
        self.h = self.i = self.s = self.us = 0

    def unset_time_if_unset(self) -> None:
        if not self.have_time:
            self.unset_time()

    def set_date(self, y: int | None, m: int | None, d: int | None) -> None:
        if self.have_date:
            raise _Invalid("Double date specification")
        self.have_date = True
        if y is not None:
            self.y = y
        if m is not None:
            self.m = m
        if d is not None:
            self.d = d

    def add_relative(self, amount: int, unit: str, behavior: int, keep_time: bool) -> None:
        unit = unit.lower()
        if unit in _DAY_NAMES:
            if not keep_time:
                self.unset_time()
            self.rel["d"] += (amount - 1 if amount > 0 else amount) * 7
            self.weekday = _DAY_NAMES[unit]
            self.weekday_behavior = behavior
            return
        if unit.startswith("weekday"):
            if not keep_time:
                self.unset_time()
            self.weekdays = amount
            return
        base = unit if unit in _UNITS else unit[:-1]
        field, multiplier = _UNITS[base]
        self.rel[field] += amount * multiplier

    def set_zone(self, text: str) -> None:
        if self.have_zone:
            self.have_zone += 1
            if self.have_zone > 2:
                raise _Invalid("Double timezone specification")
            return
        self.have_zone = 1
        offset, zone = _lookup_zone(text)
        self.offset, self.zone = offset, zone

    # -- resolution -------------------------------------------------------------------------

    def resolve(self, now: dt.datetime) -> int:
        """The Unix time, filling unset fields from ``now`` in the parsed zone."""
        # MediaWiki passes a UTC zone object, so PHP reads "now" in UTC whatever zone the text
        # names; the fields are then taken as local time in that zone.
        now_local = now.astimezone(UTC)
        if self.have_date and not self.have_time:
            self.h = 0 if self.h is None else self.h
            self.i = 0 if self.i is None else self.i
            self.s = 0 if self.s is None else self.s
        y = now_local.year if self.y is None else self.y
        m = now_local.month if self.m is None else self.m
        d = now_local.day if self.d is None else self.d
        h = now_local.hour if self.h is None else self.h
        i = now_local.minute if self.i is None else self.i
        s = now_local.second if self.s is None else self.s
        days = days_from_civil(y, m, 1) + d - 1
        if self.weekday is not None:
            days = self._weekday_adjusted(days)
        y, m, d = civil_from_days(days)
        rel = self.rel
        seconds = (h + rel["h"]) * 3600 + (i + rel["i"]) * 60 + s + rel["s"]
        seconds += math.floor(rel["us"] / 1_000_000)
        y, m = y + rel["y"], m + rel["m"]
        y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
        d += rel["d"]
        if self.first_last == 1:
            d = 1
        elif self.first_last == 2:
            d = days_in_month(y, m)
        if self.nth_weekday is not None:
            d = self._nth_weekday_of_month(y, m)
        day_number = days_from_civil(y, m, 1) + d - 1
        if self.weekdays is not None:
            extra, seconds = divmod(seconds, 86400)
            day_number = _add_business_days(day_number + extra, self.weekdays)
        local = day_number * 86400 + seconds
        if self.zone is None:
            return local - (self.offset or 0)
        return _local_to_unix(local, self.zone)

    def _weekday_adjusted(self, days: int) -> int:
        weekday = self.weekday if self.weekday is not None else 0
        current = (days + 4) % 7
        if self.weekday_behavior == 2:
            if current == 0 and weekday != 0:
                weekday -= 7
            if weekday == 0 and current != 0:
                weekday = 7
            return days - current + weekday
        difference = weekday - current
        rel_d = self.rel["d"]
        if (rel_d < 0 and difference < 0) or (rel_d >= 0 and difference <= -self.weekday_behavior):
            difference += 7
        if weekday >= 0:
            return days + difference
        return days - (7 - (abs(weekday) - current))

    def _nth_weekday_of_month(self, y: int, m: int) -> int:
        assert self.nth_weekday is not None
        amount, weekday = self.nth_weekday
        if amount > 0:
            first = days_from_civil(y, m, 1)
            shift = (weekday - (first + 4) % 7) % 7
            return 1 + shift + (amount - 1) * 7
        last_day = days_in_month(y, m)
        last = days_from_civil(y, m, last_day)
        shift = ((last + 4) % 7 - weekday) % 7
        return last_day - shift + (amount + 1) * 7


def _add_business_days(days: int, count: int) -> int:
    """timelib's "N weekdays": whole weeks first, then the rest skipping Saturday and Sunday
    (from a weekend day, counting starts as if from the nearest weekday)."""
    dow = (days + 4) % 7
    days += _tdiv(count, 5) * 7
    rest = _cmod(count, 5)
    if count > 0:
        if rest == 0:
            days -= 2 if dow == 0 else 1 if dow == 6 else 0
        elif dow == 6:
            days += 1
        elif dow + rest > 5:
            days += 2
    else:
        if rest == 0:
            days += 2 if dow == 6 else 1 if dow == 0 else 0
        elif dow == 0:
            days -= 1
        elif dow + rest < 1:
            days -= 2
    return days + rest


def _local_to_unix(local: int, zone: ZoneInfo) -> int:
    """Wall-clock seconds in ``zone`` to Unix time.  Outside years 1..9999 (where ``datetime``
    stops) the zone's offset at the nearest representable day is used."""
    days, rest = divmod(local, 86400)
    y, m, d = civil_from_days(days)
    if not 1 <= y <= 9999:
        y, d = min(max(y, 1), 9999), min(d, 28)
        naive = dt.datetime(y, m, d) + dt.timedelta(seconds=rest)
        offset = naive.replace(tzinfo=zone).utcoffset() or dt.timedelta()
        return local - int(offset.total_seconds())
    naive = dt.datetime(y, m, d) + dt.timedelta(seconds=rest)
    return int(naive.replace(tzinfo=zone).timestamp())


_ZONE_KEYS: dict[str, str] = {}


def _lookup_zone(text: str) -> tuple[int | None, ZoneInfo | None]:
    """A zone word: an offset (``+01:00``, ``GMT-5``), an abbreviation, or a tz identifier."""
    word = text.strip("()").lower()
    if word.startswith("gmt") and len(word) > 3 and word[3] in "+-":
        word = word[3:]
    if word[:1] in ("+", "-"):
        return _parse_offset(word), None
    if word in _ABBREVIATIONS:
        return _ABBREVIATIONS[word], None
    if not _ZONE_KEYS:
        import zoneinfo

        _ZONE_KEYS.update({key.lower(): key for key in zoneinfo.available_timezones()})
    key = _ZONE_KEYS.get(word)
    if key is None:
        raise _Invalid("The timezone could not be found in the database")
    try:
        return None, ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError) as err:  # pragma: no cover - listed keys load
        raise _Invalid(str(err)) from err


def _parse_offset(text: str) -> int:
    """timelib's ``+H``, ``+HH``, ``+HMM``, ``+HHMM``, ``+H:MM``, ``+HH:MM`` offsets."""
    sign = -1 if text[0] == "-" else 1
    body = text[1:]
    if ":" in body:
        hours, _, minutes = body.partition(":")
        value = int(hours or 0) * 3600 + int(minutes or 0) * 60
    elif len(body) <= 2:
        value = int(body) * 3600
    else:
        number = int(body)
        value = (number // 100) * 3600 + (number % 100) * 60
    return sign * value


def _process_year(text: str) -> int:
    """timelib: a year written with fewer than 4 digits and below 100 is 19xx (>= 70) or
    20xx."""
    year = int(text)
    if len(text.lstrip("+-")) < 4 and year < 100:
        year += 2000 if year < 70 else 1900
    return year


def _month(text: str) -> int:
    return _MONTH_NAMES[text.lower()]


def _day(text: str) -> int:
    return int(regex.sub(r"(?i)st|nd|rd|th", "", text))


def _meridian_hour(hour: int, meridian: str) -> int:
    hour = 0 if hour == 12 else hour
    return hour + 12 if meridian.lower().startswith("p") else hour


def _signed_number(text: str) -> int:
    signs = regex.match(r"[+\- \t]*", text)
    assert signs is not None
    negative = signs.group().count("-") % 2 == 1
    value = int(text[signs.end() :])
    return -value if negative else value


# Each rule: a pattern with named groups, and what a match does to the state.
Rule = tuple[regex.Pattern[str], Callable[[_State, regex.Match[str]], None]]


def _time_rule(st: _State, m: regex.Match[str]) -> None:
    groups = m.groupdict()
    h = int(m["h"])
    if groups.get("mer"):
        h = _meridian_hour(h, groups["mer"])
    frac = groups.get("frac") or ""
    us = int((frac[1:] + "000000")[:6]) if frac else 0
    st.set_time(h, int(groups.get("i") or 0), int(groups.get("s") or 0), us)


def _gnunocolon(st: _State, m: regex.Match[str]) -> None:
    if st.have_time == 0:
        st.h, st.i, st.s = int(m["h"]), int(m["i"]), 0
    elif st.have_time == 1:
        st.y = int(m["h"] + m["i"])
    else:
        raise _Invalid("Double time specification")
    st.have_time += 1


def _date_rule(st: _State, m: regex.Match[str]) -> None:
    groups = m.groupdict()
    year = groups.get("y")
    month = groups.get("m")
    day = groups.get("d")
    st.set_date(
        _process_year(year) if year else None,
        (int(month) if month.isdigit() else _month(month)) if month else None,
        _day(day) if day else (1 if groups.get("nod") is not None else None),
    )


def _date_with_time(st: _State, m: regex.Match[str]) -> None:
    _date_rule(st, m)
    _time_rule(st, m)


def _day_of_year(st: _State, m: regex.Match[str]) -> None:
    st.set_date(int(m["y"]), 1, int(m["doy"]))


def _iso_week(st: _State, m: regex.Match[str]) -> None:
    year, week = int(m["y"]), int(m["w"])
    weekday = int(m["wd"]) if m["wd"] is not None else 1
    jan4 = days_from_civil(year, 1, 4)
    monday = jan4 - ((jan4 + 3) % 7)
    target = monday + (week - 1) * 7 + (weekday - 1 if weekday else -1)
    st.set_date(*civil_from_days(target))
    st.unset_time_if_unset()


def _timestamp(st: _State, m: regex.Match[str]) -> None:
    """``@unixtime``: resets the date (and its relative part) and time, then - unless a zone
    was already given, in which case timelib stops here - counts seconds from 1970 in UTC."""
    st.have_date = False
    st.y = st.m = st.d = 0
    st.rel["y"] = st.rel["m"] = st.rel["d"] = 0
    st.unset_time()
    if st.have_zone:
        st.set_zone("")  # a repeated zone: ignored once, an error after that
        return
    st.have_zone = 1
    st.offset, st.zone = 0, None
    st.y, st.m, st.d = 1970, 1, 1
    st.rel["s"] += int(m["n"])
    if m["f"]:
        st.rel["us"] += int((m["f"] + "000000")[:6]) * (-1 if m["n"].startswith("-") else 1)


def _relative_text(st: _State, m: regex.Match[str]) -> None:
    amount, behavior = _REL_TEXT[m["t"].lower()]
    st.add_relative(amount, m["u"], behavior, keep_time=False)


def _relative_text_week(st: _State, m: regex.Match[str]) -> None:
    amount, behavior = _REL_TEXT[m["t"].lower()]
    st.add_relative(amount, "week", behavior, keep_time=False)
    st.weekday_behavior = 2
    if st.weekday is None:
        st.weekday = 1


def _relative(st: _State, m: regex.Match[str]) -> None:
    st.add_relative(_signed_number(m["n"]), m["u"], 1, keep_time=True)


def _weekday_of(st: _State, m: regex.Match[str]) -> None:
    amount, _ = _REL_TEXT[m["t"].lower()]
    st.unset_time()
    st.nth_weekday = (amount, _DAY_NAMES[m["wd"].lower()])


def _weekday(st: _State, m: regex.Match[str]) -> None:
    word = m.group().lower()
    st.unset_time()
    # timelib's quirk: "weekday" on its own acts as "monday".
    st.weekday = 1 if word.startswith("weekday") else _DAY_NAMES[word]
    if st.weekday_behavior != 2:
        st.weekday_behavior = 1


def _ago(st: _State, m: regex.Match[str]) -> None:
    for key in st.rel:
        st.rel[key] = -st.rel[key]
    if st.weekday is not None:
        st.weekday = -st.weekday or -7
    if st.weekdays is not None:
        st.weekdays = -st.weekdays


def _relative_day(days: int | None, time: int | None) -> Callable[[_State, regex.Match[str]], None]:
    """``today``/``midnight`` (no days), ``tomorrow`` and ``yesterday`` (which set, not add,
    the relative day), ``noon``: the time is reset (to 12:00 for noon)."""

    def apply(st: _State, m: regex.Match[str]) -> None:
        if days is not None:
            st.rel["d"] = days
        st.unset_time()
        if time is not None:
            st.set_time(time, 0, 0)

    return apply


def _first_last(which: int) -> Callable[[_State, regex.Match[str]], None]:
    def apply(st: _State, m: regex.Match[str]) -> None:
        st.first_last = which

    return apply


def _month_only(st: _State, m: regex.Match[str]) -> None:
    st.set_date(None, _month(m.group()), None)


def _zone(st: _State, m: regex.Match[str]) -> None:
    st.set_zone(m.group())


def _year4(st: _State, m: regex.Match[str]) -> None:
    st.y = int(m.group())


_T12 = r"(?P<h>{hour12})(?:[:.](?P<i>{minute})(?:[:.](?P<s>{secondlz}))?)?(?:{space})?(?P<mer>{meridian})"
_T24 = r"t?(?P<h>{hour24})[:.](?P<i>{minute})(?:[:.](?P<s>{second})(?P<frac>{frac})?)?"
#: A month and day: PHP takes it only when a separator or the end follows ("June 5x" is not).
_DATENOYEAR = r"(?P<m>{monthtext})[ .\t-]*(?P<d>{day})"
_RULES: Final[list[Rule]] = [
    (_rx(r"now"), lambda st, m: None),
    (_rx(r"noon"), _relative_day(None, 12)),
    (_rx(r"midnight|today"), _relative_day(None, None)),
    (_rx(r"tomorrow"), _relative_day(1, None)),
    (_rx(r"yesterday"), _relative_day(-1, None)),
    (_rx(r"@(?P<n>-?[0-9]+)(?:\.(?P<f>[0-9]{{0,6}}))?"), _timestamp),
    (_rx(r"first day of"), _first_last(1)),
    (_rx(r"last day of"), _first_last(2)),
    (_rx(r"(?P<t>{reltextnumber}|{reltexttext}){space}(?P<wd>{dayname}){space}of"), _weekday_of),
    (_rx(_T12), _time_rule),
    (_rx(_T24), _time_rule),
    (_rx(r"t(?P<h>{hour24})"), _time_rule),
    (_rx(r"t?(?P<h>{hour24lz})(?P<i>{minutelz})"), _gnunocolon),
    (_rx(r"t?(?P<h>{hour24lz})(?P<i>{minutelz})(?P<s>{secondlz})(?P<mer>)"), _time_rule),
    (_rx(r"(?P<m>{month})/(?P<d>{day})"), _date_rule),
    (_rx(r"(?P<m>{month})/(?P<d>{day})/(?P<y>{year})"), _date_rule),
    (_rx(r"(?P<y>{year4})/(?P<m>{monthlz})/(?P<d>{daylz})/?"), _date_rule),
    (_rx(r"(?P<y>{year4})/(?P<m>{month})/(?P<d>{day})"), _date_rule),
    (_rx(r"(?P<y>{year4sign})-(?P<m>{monthlz})-(?P<d>{daylz})"), _date_rule),
    (_rx(r"(?P<y>{year2})-(?P<m>{monthlz})-(?P<d>{daylz})"), _date_rule),
    (_rx(r"(?P<y>{year4})-(?P<m>{month})(?P<nod>)"), _date_rule),
    (_rx(r"(?P<y>{year})-(?P<m>{month})-(?P<d>{day})"), _date_rule),
    (_rx(r"(?P<d>{day})[.\t-](?P<m>{month})[.-](?P<y>{year4})"), _date_rule),
    (_rx(r"(?P<d>{day})[.\t-](?P<m>{month})\.(?P<y>{year2})"), _date_rule),
    (_rx(r"(?P<d>{day})[ \t.-]*(?P<m>{monthtext})[ \t.-]*(?P<y>{year})"), _date_rule),
    (_rx(r"(?P<m>{monthtext})[ .\t-]*(?P<y>{year4})(?P<nod>)"), _date_rule),
    (_rx(r"(?P<y>{year4})[ .\t-]*(?P<m>{monthtext})(?P<nod>)"), _date_rule),
    (_rx(_DATENOYEAR + r"(?:[,.stndrh\t ]+|$)"), _date_rule),
    (_rx(r"(?P<m>{monthtext})[ .\t-]*(?P<d>{day})[,.stndrh\t ]+(?P<y>{year})"), _date_rule),
    (_rx(_DATENOYEAR + r"[,.stndrh\t ]+" + _T12), _date_with_time),
    (_rx(_DATENOYEAR + r"[,.stndrh\t ]+" + _T24), _date_with_time),
    (_rx(r"(?P<d>{day})[ .\t-]*(?P<m>{monthtext})"), _date_rule),
    (_rx(r"(?P<y>{year4})(?P<m>{monthlz})(?P<d>{daylz})"), _date_rule),
    (_rx(r"(?P<y>{year4})[.-]?(?P<doy>{dayofyear})"), _day_of_year),
    (_rx(r"(?P<m>{monthabbr})-(?P<d>{daylz})-(?P<y>{year})"), _date_rule),
    (_rx(r"(?P<y>{year})-(?P<m>{monthabbr})-(?P<d>{daylz})"), _date_rule),
    (_rx(r"(?P<y>{year4})-?w(?P<w>{weekofyear})(?:-?(?P<wd>[0-7]))?"), _iso_week),
    (_rx(r"(?P<t>{reltexttext}){space}week"), _relative_text_week),
    (_rx(r"(?P<t>{reltextnumber}|{reltexttext}){space}(?P<u>{reltextunit})"), _relative_text),
    (_rx(r"(?P<n>[+-]*[ \t]*[0-9]{{1,13}})(?:{space})?(?P<u>{reltextunit}|week)"), _relative),
    (_rx(r"{monthname}"), _month_only),
    (_rx(r"{dayname}|weekdays?"), _weekday),
    (_rx(r"ago"), _ago),
    (_rx(r"(?:gmt)?[+-]{hour24}:?{minute}?"), _zone),
    (_rx(r"\(?[a-z]{{1,6}}\)?|(?-i:[A-Z][a-z]+(?:[_/-][A-Za-z]+)+)"), _zone),
    (_rx(r"{year4}"), _year4),
]
_SKIP: Final = regex.compile(r"[ .,\t\n]+")


def _rules_by_first_character() -> dict[str, list[Rule]]:
    """For each ASCII character, the rules whose match can start with it (the regex module's
    partial matching answers that), so a position tries a handful of rules, not all."""
    table: dict[str, list[Rule]] = {}
    for code in range(32, 127):
        char = chr(code)
        table[char] = [rule for rule in _RULES if rule[0].fullmatch(char, partial=True)]
    return table


_RULES_BY_FIRST: Final = _rules_by_first_character()


def _scan(text: str, state: _State) -> bool:
    """Apply every token of ``text`` to ``state``; False if PHP would reject the text."""
    p, end = 0, len(text)
    try:
        while p < end:
            skip = _SKIP.match(text, p)
            if skip is not None:
                p = skip.end()
                continue
            best: tuple[regex.Match[str], Callable[[_State, regex.Match[str]], None]] | None = None
            for pattern, action in _RULES_BY_FIRST.get(text[p], _RULES):
                m = pattern.match(text, p)
                if m is not None and m.end() > p and (best is None or m.end() > best[0].end()):
                    best = (m, action)
            if best is None:
                return False
            best[1](state, best[0])
            p = best[0].end()
    except _Invalid:
        return False
    return True
