"""Generate the parser-function fixtures in ``fixtures/pfuncs/`` from the MediaWiki oracle.

Each case is one wikitext call (``{{#expr:...}}``, ``{{#time:...}}``, ``{{padleft:...}}``, ...)
sent through ``/work/shared/oracle/render.php`` (MediaWiki 1.39 with ParserFunctions, string
functions on); the fixture keeps the call's arguments and MediaWiki's ``expanded`` output, which
``tests/test_expr.py`` and its siblings compare with our pure functions.

usage: python3 benchmarks/pfuncs_oracle.py [expr|strfuncs|numbers|titles|time ...]
(no argument: all).  The random cases are seeded, so a rerun gives the same fixture.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ORACLE = "/work/shared/oracle/render.php"
OUT = Path(__file__).resolve().parent.parent / "fixtures" / "pfuncs"


def render(wikitexts: list[str], title: str = "Test") -> list[str | None]:
    """MediaWiki's ``expanded`` text for each wikitext, in order.

    One PHP process takes them all; an input that makes MediaWiki die (a PHP fatal error, such
    as ``mb_strpos`` with an offset before the start) gets None and the rest carry on.
    """
    outs: list[str | None] = []
    while len(outs) < len(wikitexts):
        todo = wikitexts[len(outs) :]
        lines = "".join(json.dumps({"title": title, "wikitext": w}) + "\n" for w in todo)
        proc = subprocess.run(["php", ORACLE], input=lines, capture_output=True, text=True)
        done = [json.loads(line)["expanded"] for line in proc.stdout.splitlines()]
        outs += done
        if proc.returncode != 0 and len(outs) < len(wikitexts):
            outs.append(None)  # this input killed MediaWiki
    return outs


def save(name: str, cases: list[dict[str, object]]) -> None:
    dropped = [c for c in cases if "expanded" in c and c["expanded"] is None]
    for case in dropped:
        print("MediaWiki died on", case)
    cases = [c for c in cases if c not in dropped]
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(cases, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{path}: {len(cases)} cases")


# --- #expr ---------------------------------------------------------------------------------

EXPR_HAND = [
    "2^10",
    "1e14",
    "1e13",
    "1e15",
    "1/3",
    "-0",
    "0*-1",
    "2^64",
    "trunc(1e20)",
    "trunc(-1e19)",
    "1e300*1e300",
    "-1e300*1e300",
    "(1e300*1e300)-(1e300*1e300)",
    "1e-5",
    "0.0001",
    "123456789012345678",
    "trunc 5 + trunc 3",
    "trunc(2^62)*4",
    "2^63",
    "trunc(9223372036854775807)",
    "5 mod -3",
    "-5 mod 3",
    "5.5 mod 0.5",
    "1.5e3",
    "1.2.3",
    "..",
    "1 e",
    "e",
    "3 e 2",
    "1/7*1e20",
    "0.1+0.2",
    "100000000000000",
    "99999999999999.5",
    "ln 0",
    "0^-1",
    "-0^-1",
    "(-8)^(1/3)",
    "-8^(1/3)",
    "2^0.5",
    "2^-1",
    "0^0",
    "trunc 2 ^ trunc 62",
    "trunc 2 ^ trunc 63",
    "trunc 3 ^ trunc 40",
    "trunc -2 ^ trunc 63",
    "trunc 7 / trunc 2",
    "trunc 8 / trunc 2",
    "trunc 8 / trunc -2",
    "trunc -8 / trunc 2",
    "1.955 round 2",
    "5.045 round 2",
    "5.055 round 2",
    "-0.5 round 0",
    "1234567.891 round -3",
    "1e20 round 2",
    "1 round 400",
    "123.456 round -400",
    "pi round 14",
    "pi round 15",
    "e round 3",
    "sin pi",
    "cos pi",
    "tan(pi/4)",
    "atan 1 * 4",
    "asin 1",
    "acos -1",
    "exp 710",
    "exp 709",
    "exp -1000",
    "ln 1e308",
    "sqrt 2",
    "sqrt 0",
    "sqrt -0",
    "abs -0",
    "floor -0.5",
    "ceil -0.5",
    "ceil -0",
    "floor 1e300",
    "trunc 1e300",
    "trunc -1.5",
    "not 0.0",
    "not -0",
    "not 2",
    "not not 3",
    "1 and 0",
    "0 or 0",
    "2 or 0",
    "1 = 1.0",
    "1 <> 1",
    "1 != 2",
    "3 >= 3",
    "3 <= 2",
    "3 > 2 > 1",
    "1 < 2 < 3",
    "2^3^2",
    "-2^2",
    "(-2)^2",
    "- - 2",
    "+ - + 2",
    "2 * -3",
    "2 - -3",
    "2 ^ -1",
    "10 div 4",
    "10 mod 4 * 3",
    "1 + 2 round 0",
    "4 fmod 2.5",
    "-4 fmod 2.5",
    "4 fmod -2.5",
    "1e308 fmod 3",
    "7 mod 2.9",
    "7.9 mod 3",
    "-7.9 mod 3",
    "2^63 mod 5",
    "1e19 mod 7",
    "(1e300*1e300) mod 2",
    "1/(1e300*1e300)",
    "-1/(1e300*1e300)",
    "1 / -0.0000",
    "(1e300*1e300) = (1e300*1e300)",
    "((1e300*1e300)-(1e300*1e300)) = ((1e300*1e300)-(1e300*1e300))",
    "((1e300*1e300)-(1e300*1e300)) != 1",
    "not ((1e300*1e300)-(1e300*1e300))",
    "1&lt;2",
    "2&gt;1",
    "3&minus;1",
    "3−1",
    "&minus;3",
    "1 &amp; 2",
    "1 % 2",
    "1 # 2",
    "é",
    "1 é",
    "(((((1)))))",
    "((1)",
    "(1))",
    "()",
    "(",
    ")",
    "+",
    "1 +",
    "* 1",
    "mod",
    "1 mod",
    "1 (2)",
    "(1) 2",
    "(1) (2)",
    "2 pi",
    "pi pi",
    "pi e",
    "e e",
    "e pi",
    "1 e 2 e 3",
    "1 e -2",
    "5 e 0.5",
    "Sin 0",
    "SIN(0)",
    "PI",
    "E",
    "Mod",
    "2 MOD 3",
    "trunc",
    "not",
    "foo",
    "foo bar",
    "1 foo",
    "1.5.5 + 1",
    "0.1.2.3",
    "1.",
    ".5",
    ". + 1",
    "1 ..5",
    "00012",
    "1e",
    "1 e",
    "1ee2",
    "1 e e 2",
    "1 = ",
    " = 1",
    "1 < > 2",
    "1 <> = 2",
    "1 <= = 2",
    "1 == 1",
    "1 =< 2",
    "1 => 2",
    "1 ! 2",
    "!",
    "!=",
    "1 !== 2",
    "12345678901234",
    "123456789012345",
    "0.1234567890123456",
    "1e-4",
    "0.00012345678901234567",
    "-1e-300*1e-300",
    "1e-320",
    "2^-1074",
    "2^1023*2",
    "-(2^1023*2)",
    "1e309",
    "0.1*3",
    "1-0.9",
    "100 * 1.1",
    "35 round -1",
    "45 round -1",
    "-45 round -1",
    "0.285 round 2",
    "1.005 round 2",
    "2.5 round 0",
    "-2.5 round 0",
    "3 round 0.7",
    "3.14159 round 2.9",
    "3.14159 round -0.9",
    "1e15 round -14",
    "999999999999999.4 round 0",
    "0.1 + 0.7",
    "(0.1+0.7)*10",
    "floor((0.1+0.7)*10)",
    "4.35*100",
    "trunc(4.35*100)",
    "1.15*100 round 0",
    "ceil(1e15 + 0.5)",
    "1/3*3 = 1",
    "2/3 = 0.66666666666667",
    "\t1\n+\r2 ",
    "1\u00a0+ 2",
    "1 ** 2",
    "1 // 2",
    "1,5",
    "1;2",
    "[1]",
]


def _random_expressions(count: int) -> list[str]:
    rng = random.Random(11)
    atoms = ["0", "1", "2", "3", "0.5", "1.5", "10", "1e3", "2.25", "7", "pi", "e", "-1", "100"]
    unary = [
        "-",
        "+",
        "not ",
        "abs ",
        "floor ",
        "ceil ",
        "trunc ",
        "sin ",
        "cos ",
        "sqrt ",
        "ln ",
        "exp ",
        "tan ",
        "atan ",
        "asin ",
        "acos ",
    ]
    binary = [
        " + ",
        " - ",
        " * ",
        " / ",
        " ^ ",
        " mod ",
        " fmod ",
        " round ",
        " = ",
        " < ",
        " > ",
        " <= ",
        " >= ",
        " <> ",
        " and ",
        " or ",
        " e ",
        " div ",
        "+",
        "*",
    ]
    out = []
    for _ in range(count):
        parts: list[str] = []
        for _ in range(rng.randint(1, 7)):
            r = rng.random()
            if r < 0.35:
                parts.append(rng.choice(atoms))
            elif r < 0.55:
                parts.append(rng.choice(unary))
            elif r < 0.85:
                parts.append(rng.choice(binary))
            else:
                parts.append(rng.choice(["(", ")", "(", ")", " "]))
        # Mostly well-formed: alternate operands and operators.
        if rng.random() < 0.6:
            parts = [rng.choice(atoms)]
            for _ in range(rng.randint(0, 5)):
                parts.append(rng.choice(binary))
                if rng.random() < 0.3:
                    parts.append(rng.choice(unary))
                if rng.random() < 0.2:
                    parts.append(
                        "(" + rng.choice(atoms) + rng.choice(binary) + rng.choice(atoms) + ")"
                    )
                else:
                    parts.append(rng.choice(atoms))
        out.append("".join(parts))
    return out


def make_expr() -> None:
    exprs = list(dict.fromkeys(EXPR_HAND + _random_expressions(1500)))
    outs = render([f"{{{{#expr:{x}}}}}" for x in exprs])
    save("expr_oracle", [{"expr": x, "expanded": o} for x, o in zip(exprs, outs, strict=True)])


# --- string functions ---------------------------------------------------------------------

STRINGS = [
    "",
    "abc",
    "abcabc",
    "a b c",
    "Žmržlina",
    "stringstring",
    "aaaa",
    "😀ab😀",
    "a-b--c-",
    "x y  z",
    "FooBar",
    "%41+b%2",
    "%D0%9C%D0%B5",
    "a%zzb",
    "日本語テキスト",
    "a.b*c$1\\1",
]
NEEDLES = ["", "a", "b", "bc", "žlina", "str", "-", " ", "😀", "zz", "aa", ".", "$1", "\\1"]
OFFSETS = [
    "",
    "0",
    "1",
    "2",
    "-1",
    "-2",
    "-3",
    "5",
    "100",
    "1.9",
    "abc",
    "2abc",
    "1e0",
    "-0",
    "9999999999999999999999",
    "-1e0",
    " 3",
]
POSITIONS = [
    "",
    "0",
    "1",
    "2",
    "-1",
    "-2",
    "-3",
    "01",
    "-0",
    "- 1",
    "-1abc",
    "1abc",
    "abc",
    "1.0",
    "-1.5",
    "5",
    "-5",
    "+1",
    "1e0",
    "-1e0",
    ".5",
    "9999999999999999999999",
]
LIMITS = ["", "0", "1", "2", "-1", "-2", "x", "1.5", "3"]


def _string_calls() -> list[list[str]]:
    calls: list[list[str]] = []
    long999, long1000 = "x" * 999, "x" * 1000
    encoded = [
        "%",
        "%4",
        "%%41",
        "a+b+",
        "%2B",
        "%e2%82%ac",
        "%C3%A9t%C3%A9",
        "100%",
        "%20x%20",
        "%7C",
        "a%2",
        "%F0%9F%98%80",
        "+",
        "++%2b+",
    ]
    for s in [*STRINGS, *encoded, long999, long1000]:
        calls.append(["len", s])
        calls.append(["urldecode", s])
        calls.append(["sub", s, "2"])
    for s in STRINGS:
        for n in NEEDLES:
            calls.append(["pos", s, n])
            calls.append(["rpos", s, n])
            calls.append(["count", s, n])
            calls.append(["replace", s, n, "<X>"])
            calls.append(["explode", s, n, "1"])
        for off in OFFSETS:
            if off.strip().startswith("-") and len(s) < 3:
                continue  # PHP throws (a fatal error in MediaWiki) for offsets before the start
            calls.append(["pos", s, "b", off])
            calls.append(["sub", s, off])
            for length in ["", "0", "1", "2", "-1", "-2", "10", "-10", "x"]:
                calls.append(["sub", s, off, length])
    for position in POSITIONS:
        calls.append(["explode", "a b c", " ", position])
        for lim in LIMITS:
            calls.append(["explode", "a-b-c-d", "-", position, lim])
    for lim in LIMITS:
        calls.append(["replace", "aaaa", "a", "bb", lim])
        calls.append(["replace", "a b c", "", "_", lim])
    calls += [
        ["pos", long999, "x"], ["pos", long1000, "x"], ["pos", "abc", long1000],
        ["rpos", long1000, "x"], ["count", long1000, "x"], ["count", long999, "xx"],
        ["replace", long999, "x", ""], ["replace", long1000, "x", ""],
        ["replace", "a" * 600, "a", "bb"], ["replace", "a" * 500, "a", "bb"],
        ["replace", "a" * 499, "a", "bb"], ["replace", "abc", "b", "y" * 999],
        ["replace", "abc", "b", "y" * 998], ["replace", "a" * 998, "a", "bb", "1"],
        ["explode", long999, "x", "1"], ["explode", long1000, "x", "1"],
        ["explode", "abc", long1000], ["sub", long1000, "1", "1"], ["urldecode", long1000],
    ]  # fmt: skip
    return calls


def make_strfuncs() -> None:
    calls = list(map(list, dict.fromkeys(map(tuple, _string_calls()))))
    outs = render(["{{#" + c[0] + ":" + "|".join(c[1:]) + "}}" for c in calls])
    save("strfuncs_oracle", [{"call": c, "expanded": o} for c, o in zip(calls, outs, strict=True)])


# --- formatnum, padleft, padright --------------------------------------------------------

NUMBERS = [
    "1234", "-1234", "-0", "-0.0", "-0.00", "0001234", ".5", "5.", "1e5", "1.5e3", "1.234567e2",
    "1e100", "12345678901234567890", "123456789012345678901234567890", "0.1234567890123456789",
    "1234.5678", "+1234", "NAN", "INF", "-INF", "nan", "abc 1234 def", "1,234", "12a34567",
    "-.5", "1e", "1.5e", "−1234", "1234567.891", "0.00001", "1e-7", "-1e-7", "9007199254740993",
    "123456789.123456789", "1 234", "0x1A", "٣٤٥٦", "1234&nbsp;5678", "0", "00", "1", "12",
    "123", "12345", "123456", "1234567", "-123456789", "1000000.000", "0.0005e0", "1.0005e0",
    "1.0015e0", "2.5e-3", "1e308", "1e309", "-1e309", "1.7976931348623157e308", "1e-320",
    "Not a Number", "∞", "−∞", "-∞", "1,234,567.5", "−1,234.5", "12 345 678", "3.14159 and 2718281",
    "-", ".", "-.", "e5", "1e+5", "1E5", "1.e3", "--5", "5-3", "1.2.3", "1..2", "2024-01-15",
    "10:45", "1,0", "$1234.56", "1234 ", "12345678901234567", "0.1", "0.30000000000000004",
    "99999999999999999999", "1e21", "123456789012.5", "-00012.340", "1_000", "½", "1234567890" * 3,
]  # fmt: skip
PAD_CASES = [
    ["abc", "5"], ["abc", "5", "x"], ["abc", "10", "xy"], ["abc", "2", "x"], ["abc", "-5", "x"],
    ["abc", "", "x"], ["abc", "5", ""], ["", "4"], ["7", "3"], ["abc", "600", "x"],
    ["abc", "500", "-="], ["abc", "7.9", "x"], ["abc", "1e1", "x"], ["abc", "x", "x"],
    ["Žmr", "6", "ž"], ["😀", "3", "😀b"], ["abc", "6", "123456789"], ["", "", ""],
    ["a" * 499, "500", "b"], ["a" * 600, "700", "b"], ["abc", "9999999999999999999999", "x"],
    ["5", "2", "0"], ["12", "4", "abc"],
]  # fmt: skip


def make_numbers() -> None:
    calls: list[list[str]] = []
    for n in NUMBERS:
        calls += [["formatnum", n], ["formatnum", n, "R"], ["formatnum", n, "NOSEP"]]
    for args in PAD_CASES:
        calls += [["padleft", *args], ["padright", *args]]
    outs = render(["{{" + c[0] + ":" + "|".join(c[1:]) + "}}" for c in calls])
    save("numbers_oracle", [{"call": c, "expanded": o} for c, o in zip(calls, outs, strict=True)])


# --- titleparts, rel2abs ----------------------------------------------------------------

TITLES = [
    "A/b/c/d", "a/b#c", "#c", "a[b]/c", "talk:a/b", "a%41/b", "a/./b", "./b", "Talk:", "a__b/c",
    "a&amp;b/c", "a&foo;b/c", "~~~", "x" * 256, "x" * 255, ":foo/bar", "Talk::foo/bar",
    "Special:foo/bar", "ßa", "category:x y/z", "Help talk:a/b/c", "a/b/", "/a/b", "a//b", "a/../b",
    "a/..", "../a", "..", ".", "Template:Foo/doc", "user:Ex/sandbox/1", "é/ü", "a<b", "a{b}",
    "a\tb", "a_/_b", "  a  /  b  ", "a&#47;b/c", "a&#x2F;b", "File:X.jpg/y", "Project:a/b",
    "MediaWiki:Common.css/x", "Ω/ω", "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/!/!/!",
]  # fmt: skip
SLICES = [("", ""), ("1", ""), ("2", ""), ("-1", ""), ("-3", ""), ("", "1"), ("", "2"),
          ("", "-1"), ("", "-2"), ("1", "1"), ("1", "2"), ("1", "-2"), ("2", "-1"), ("x", "y"),
          ("-1", "-1"), ("0", "-5"), ("-5", ""), ("5", "5"), ("24", ""), ("25", ""), ("", "-1"),
          ("1.5", "2.5"), ("-0", "0")]  # fmt: skip
REL_PATHS = ["", ".", "..", "../..", "../../..", "/x", "./x", "../x", "x", "/x/", "x/y/..",
             "/./x", "//x//y", "./../x", "../\"<x>&'", "/x/../..", "../../../x", "/", "./",
             "..x", "x/../..", " /x ", "/a/./b/../c"]  # fmt: skip
REL_BASES = ["", "a/b", "a/b/c", "Help:A/b", "x", "/a/", "a//b"]


def make_titles() -> None:
    calls: list[list[str]] = []
    for t in TITLES:
        for parts, first in SLICES:
            calls.append(["titleparts", t, parts, first])
    for path in REL_PATHS:
        for base in REL_BASES:
            calls.append(["rel2abs", path, base])
    page = "Test/Sub/Page"
    outs = render(["{{#" + c[0] + ":" + "|".join(c[1:]) + "}}" for c in calls], title=page)
    cases = [{"call": c, "page": page, "expanded": o} for c, o in zip(calls, outs, strict=True)]
    save("titles_oracle", cases)


# --- #time ------------------------------------------------------------------------------

TIME_FORMATS = [
    *"dDjlNwzWFmMntLoYyaAgGhHisUeIOPTZcr", "xg", "xnY", "xNYxNm", "xrY", "xrn", "xrj", "xx",
    "xij", "xiF", "xin", "xiy", "xiY", "xit", "xiz", "xmj", "xmF", "xmn", "xmY", "xkY", "xoY",
    "xtY", "xjj", "xjF", "xjt", "xjn", "xjY", "xjx", "xhxjY", "xhxjj", "xhY", "xhj", "xhz", '"Year" Y', "i's\"", "\\Y", "\\\\Y", "x", "xz", "xiq", '"unterminated', 'Y"', "\\",
    "B u v S", "jS F Y", "Y-m-d H:i:s", "D, d M Y", "l j F Y", "g:i a", "h:i A", "xrxnY",
    "[[Y]] {{{{x}}}}", "Y年n月j日", "é Y ü", "xiYxmY", "xnxrY", "xNxrYxN", "W o", "z t L",
]  # fmt: skip
TIME_DATES = [
    "2001-01-15 10:20:30", "1967-04-05", "2061-07-28 23:59:59", "2000-02-29 12:00",
    "2024-12-30 00:00", "2021-01-03", "2020-12-31 13:14:15", "1912-03-01", "1912-07-30",
    "1926-12-25", "1926-12-26", "1989-01-07", "1989-01-08", "2019-04-30", "2019-05-01",
    "1868-10-23", "9999-12-31 23:59:59", "1582-10-14", "1582-10-15", "0001-01-01",
    "1000-01-01 13:00", "@-1", "@1234567890", "1600-03-21", "2025-03-21 00:00", "2024-03-19",
]  # fmt: skip
PARSE_ABSOLUTE = [
    "15 January 2001", "January 15, 2001", "Jan 15 2001", "15 Jan 2001", "2001-01-15",
    "2001-1-5", "2001/01/15", "2001/1/5", "1/15/2001", "15.01.2001", "15-01-2001", "20010115",
    "2001-01-15T10:20:30", "2001-01-15T10:20:30Z", "2001-01-15 10:20:30 +0100",
    "2001-01-15 10:20:30 -05:00", "2001-01-15 10:20:30 GMT+2", "2001-01-15 10:20 PST",
    "2001-01-15 10:20 CEST", "2001-01-15 10:20 Asia/Tokyo", "2001-01-15 10am",
    "2001-01-15 10:20 pm", "2001-01-15 12am", "2001-01-15 12pm", "2001-01-15 10.20",
    "10:20 2001-01-15", "@1234567890", "@-1234567890", "@0", "@1.5", "2001", "1999", "0000",
    "2001-02-30", "2001-02-31", "2001-02-32", "2001-13-01", "2001-00-10", "2001-01-00",
    "15 January 2001 +1 day", "2001-01-31 +1 month", "2001-01-15 next monday",
    "2001-01-15 last day of this month", "first day of january 2001",
    "last day of february 2000", "2001-01-17 last monday", "2001-01-17 monday next week",
    "2001-01-17 this week", "2001-01-17 next week", "2001-01-21 this week",
    "2001-01-21 sunday this week", "2001-01-17 +2 weeks 3 days", "2001-01-17 3 days ago",
    "2001-01-17 noon", "2001-01-17 midnight", "2001-01-17 tomorrow", "2001-01-17 yesterday 14:00",
    "June 2001", "2001 June", "Jun 2001", "June 5 2001 10:00", "June 5, 2001, 10:00 am",
    "5th June 2001", "June 5th, 2001", "2001W03", "2001-W03-2", "2001W030", "1 jan 70",
    "1 jan 69", "1 jan 01", "1 jan 1", "1 jan 123", "01/02/03", "foo", "2001-01-15 foo",
    "10:00 11:00", "2001-01-15 2001-01-16", "2001-01-15 10:00 UTC UTC",
    "2001-01-15 10:00 UTC UTC UTC", "31 December 9999 23:59:59 +1 second", "0000-01-01",
    "-0001-01-01", "2001-01-15 10:20:30.5", "2001-01-15T10:20:30.123456+02:00",
    "2001-01-15 24:00", "2001-01-15 25:00", "2001-01-15 10:60", "15 XII 2001",
    "2001-01-15 (CET)", "2001-01-15 Europe/Paris", "2001-07-15 12:00 Europe/Paris",
    "2001-07-15 12:00 EDT", "2001-01-15 12:00 America/Argentina/Buenos_Aires",
    "2001-01-15 12:00 europe/paris", "2001-01-15 +1 fortnight", "2001-01-15 +90 minutes",
    "2001-01-15 -1 sec", "2001-01-15 +1 week ago", "2001-01-15 first monday of next month",
    "2001-01-15 last friday of this month", "2001-01-15 second tuesday of march",
    "2001-01-15 +1 monday", "2001-01-15 monday", "2001-01-15 tue", "2001-01-15 this monday",
    "2001-01-15 last year", "2001-01-15 next month", "2001-01-15 +1 year 2 months",
    "2001-03-31 -1 month", "2000-02-29 +1 year", "Sat, 15 Jan 2001 10:20:30 +0000",
    "Monday, 15 January 2001", "2001-01-15 10:20:30 a", "2001-01-15 10:20:30 z",
    "2001.01.15", "15/01/2001", "2001-01-15, 10:20", "1 January 1900", "1 January 1800 00:00",
    "January 1, 1", "31.12.99", "2001-1-15 9:05", "T10:20", "2001-01-15t10:20", "1e3", "12",
    "123", "12345", "+", "@", "2001-01-15 +", "next", "10", "10am", "10 am", "noon tomorrow",
]  # fmt: skip
#: Dates as templates and signatures write them.
PARSE_REALISTIC = ["2020-06-05T12:00:00+00:00","5 June 2020 (UTC)","12:00, 5 June 2020 (UTC)","June 5, 2020 12:00 PM","2020-06-05 12:00:00 UTC","Fri, 05 Jun 2020 12:00:00 GMT","Friday, June 5, 2020","05/06/2020","5.6.2020","2020.06.05","5-Jun-2020","Jun-05-2020","2020-Jun-05","05 Jun 20","1st January 2020","January 1st","2020-06-05 00:00:00.000","20200605T120000Z","2020-06-05T12:00","12:00:00 PM","noon 5 June 2020","+1 day 2020-06-05","2020-06-05 +1 day","June 5th 2020","5th of June 2020","2020-06-05T12:00:00.000Z","2020-06-05T12:00:00.000+01:00","Jun 5, 2020","June 2020","Jun. 5, 2020","Sept. 5, 2020","5 Sept 2020","05 September 2020","2020-6","2020/06","6/2020","12:00 5 June 2020","2020-06-05 12:00 +01:00","2020-06-05 12:00 (CEST)","2020-06-05 12:00 Europe/Berlin","5 June 2020 12:00 UTC+2","June 5 2020 5:30pm","June 5 2020 5:30 p.m.","5 June 2020, 17:30","17:30 5 June","2020-W23","2020-W23-5","2020-157","2020157","May 2020","May 5","may 5 2020","MAY 5 2020","5 MAY 2020","  5 June 2020  ","5  June  2020","5\tJune 2020","5 June, 2020","June, 2020","2020 June 5","2020 5 June","June 5 20","5 June 20","1/2/3","31/12/2020","12/31/2020","2020-12-31 23:59:60","2020-06-05 12:00 am","2020-06-05 0:00","00:00","23:59:59","+1 month -1 day 2020-01-31","last day of 2020-02","first day of 2020-02","2020-02 last day of","monday 2020-06-05","2020-06-05 monday","next monday 2020-06-05","1 week ago 2020-06-05","2020-06-05T12:00:00Z +1 hour","Thursday 2020-06-04","@1591358400 +1 day","today 2020-06-05","2020-06-05 today","2020-06-05 now","now 2020-06-05"]  # fmt: skip
PARSE_RELATIVE = [
    "now", "today", "tomorrow", "yesterday", "+1 day", "-1 day", "+1 week", "+1 month",
    "-1 year", "next monday", "last friday", "this sunday", "monday", "sat", "next week",
    "last week", "this week", "first day of next month", "last day of this month", "last day of",
    "first day of last month", "first monday of next month", "last friday of this month",
    "June", "5 June", "June 5", "December 25", "Dec 25", "25 Dec", "12/25", "10:00", "noon",
    "midnight", "3 days ago", "2 weeks ago", "+1 year 2 months", "next year", "last month",
    "this month", "tomorrow noon", "yesterday noon", "+36 hours", "1 fortnight ago", "",
    "+2 weekdays", "Europe/Paris", "UTC", "(UTC)", "+0500", "10pm", "2 days", "-3 weeks",
]  # fmt: skip


#: Every time-zone abbreviation the parser knows (and a few it must refuse).
ZONE_ABBREVIATIONS = """
a acdt acst addt adt aedt aest ahdt ahst akdt akst amt ast awdt awst awt b bdst bdt bmt bst c
cast cat cdt cest cet chst cmt cst cwt d dmt e eat edt eest eet emt est ewt f ffmt fmt g gdt
gmt gst h hdt hkst hkt hmt hst hwt i iddt idt imt ist jdt jmt jst k kdt kmt kst l lst m mdst
mdt mest met mmt msd msk mst mwt n nddt ndt npt nst nwt nzdt nzmt nzst o p pdt pkst pkt plmt
pmt ppmt pst pwt q qmt r rmt s sast sdmt sjmt smt sst t tbmt tmt u uct utc v w wast wat wemt
west wet wib wit wita wmt x y ydt yst ywt z
ut foo abcdefg
"""


def make_time() -> None:
    calls: list[list[str]] = []
    for fmt in TIME_FORMATS:
        for date in TIME_DATES:
            calls.append(["time", fmt, date])
    business_days = [
        f"2001-01-{day} {n:+d} weekdays" for day in range(15, 22) for n in range(-7, 8)
    ]
    business_days += [f"2001-01-{day} {w}" for day in range(15, 22)
                      for w in ("next weekday", "last weekday", "weekday", "3 weekdays ago")]  # fmt: skip
    zones = [f"2001-07-15 12:00:00 {abbr}" for abbr in ZONE_ABBREVIATIONS.split()]
    for date in PARSE_ABSOLUTE + PARSE_REALISTIC + business_days + zones:
        calls.append(["time", "Y-m-d H:i:s", date])
    for date in PARSE_RELATIVE:
        calls.append(["time", "Y-m-d", date])
    calls.append(["timel", "Y-m-d H:i:s e T", "2001-01-15 10:20:30"])
    calls.append(["time", "Y-m-d H:i:s e T", "2001-01-15 10:20:30", "", "1"])
    texts = (
        ["{{#time:U}}"] + [f"{{{{#{c[0]}:{'|'.join(c[1:])}}}}}" for c in calls] + ["{{#time:U}}"]
    )
    outs = render(texts)
    before, after = int(outs[0]), int(outs[-1])
    assert before // 86400 == after // 86400, "the oracle ran across midnight; run it again"
    cases = [{"call": c, "expanded": o} for c, o in zip(calls, outs[1:-1], strict=True)]
    save("time_oracle", [{"now": before}, *cases])


FUZZ_TOKENS = [
    "2020", "1850", "99", "5", "05", "12", "31", "-", "/", ".", ",", " ", " ", " ", "June", "jun",
    "Jun.", "Sept.", "sept", "5th", "1st", "of", "T", "10:20", "10:20:30", "9:05", "am", "pm",
    "PM", "UTC", "GMT", "+01:00", "-0500", "Z", "next", "last", "this", "week", "month", "year",
    "day", "days", "+1", "-2", "3", "ago", "monday", "Mon", "tomorrow", "today", "noon", "first",
    "day", "c.", "circa", "1850s", "(", ")", "@1600000000", "2020-06-05", "June 5, 2020",
    "5 June 2020", "2020-06", "1 January", "EST", "Europe/London", "America/New_York",
    "Asia/Kolkata", "sat", "fortnight", "hours", "min", "sec", "second", "1e3", "x", "'", "00:00",
    "24:00", "0", "13", "2020-13-01", "2020-02-30",
]  # fmt: skip


def make_time_fuzz() -> None:
    """1,500 random token strings (seeded): how far the parser agrees on text nobody wrote on
    purpose.  Formatted to the minute; ``now`` is recorded, and the run is repeated if the
    clock crossed a minute."""
    rng = random.Random(5)
    texts: set[str] = set()
    while len(texts) < 1500:
        text = "".join(rng.choice(FUZZ_TOKENS) for _ in range(rng.randint(1, 5))).strip()
        if text:
            texts.add(text)
    dates = sorted(texts)
    while True:
        outs = render(
            ["{{#time:U}}"] + [f"{{{{#time:Y-m-d H:i|{d}}}}}" for d in dates] + ["{{#time:U}}"]
        )
        before, after = int(outs[0] or 0), int(outs[-1] or 0)
        if before // 60 == after // 60:
            break
    cases = [{"date": d, "expanded": o} for d, o in zip(dates, outs[1:-1], strict=True)]
    save("time_fuzz_oracle", [{"now": before}, *cases])


MISC_PIECES = ["a", "b", "ab", " ", "-", "1", "2", "-1", "0", "12", "é", "😀", "%20", "+", ".",
               ",", "/", "..", "x", "Talk:", "e5", "00", "3.5", "NaN", "INF", "&amp;"]  # fmt: skip


def _misc_call(rng: random.Random) -> list[str]:
    def text(n: int) -> str:
        return "".join(rng.choice(MISC_PIECES) for _ in range(rng.randint(0, n)))

    name = rng.choice(["len", "pos", "rpos", "sub", "count", "replace", "explode", "urldecode",
                       "formatnum", "padleft", "padright", "titleparts", "rel2abs"])  # fmt: skip
    small = ["", "0", "1", "2", "-1"]
    if name in ("len", "urldecode"):
        return [name, text(6)]
    if name == "formatnum":
        return [name, text(6)] + ([rng.choice(["R", "NOSEP"])] if rng.random() < 0.4 else [])
    if name in ("rpos", "count"):
        return [name, text(6), text(2)]
    if name == "pos":
        return [name, text(6), text(2), rng.choice([*small, "3", "x"])]
    if name == "sub":
        return [name, text(6), rng.choice([*small, "-3"]), rng.choice(small)]
    if name == "replace":
        return [name, text(6), text(2), text(2), rng.choice(small)][: rng.randint(3, 5)]
    if name == "explode":
        return [name, text(6), text(1), rng.choice([*small, "-2"]), rng.choice(small)][
            : rng.randint(3, 5)
        ]
    if name in ("padleft", "padright"):
        return [name, text(3), rng.choice(["", "0", "3", "5", "-1", "10"]), text(2)][
            : rng.randint(2, 4)
        ]
    if name == "titleparts":
        return [name, text(8).replace("..", "x"), rng.choice(small), rng.choice(small)][
            : rng.randint(2, 4)
        ]
    return [name, text(5), text(3)]


def make_misc_fuzz() -> None:
    """2,500 random calls of the string, number and title functions (seeded)."""
    rng = random.Random(1)
    calls = [_misc_call(rng) for _ in range(2500)]
    page = "Test/Sub"

    def wikitext(call: list[str]) -> str:
        hash_ = "" if call[0] in ("formatnum", "padleft", "padright") else "#"
        return "{{" + hash_ + call[0] + ":" + "|".join(call[1:]) + "}}"

    outs = render([wikitext(c) for c in calls], title=page)
    cases = [{"call": c, "page": page, "expanded": o} for c, o in zip(calls, outs, strict=True)]
    save("misc_fuzz_oracle", cases)


MAKERS: dict[str, Callable[[], None]] = {
    "misc_fuzz": make_misc_fuzz,
    "time_fuzz": make_time_fuzz,
    "time": make_time,
    "titles": make_titles,
    "expr": make_expr,
    "strfuncs": make_strfuncs,
    "numbers": make_numbers,
}


def main(argv: Iterable[str]) -> None:
    names = list(argv) or list(MAKERS)
    for name in names:
        MAKERS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
