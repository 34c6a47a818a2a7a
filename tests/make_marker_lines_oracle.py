"""Regenerate ``fixtures/marker_lines/oracle.json``: MediaWiki 1.39's HTML for pages with lines
that hold transclusion markers (``<noinclude>``, ``</onlyinclude>``, ``<includeonly>x</includeonly>``)
alone or before a list, heading, rule, pre or table line, next to comments, spaces and attributes,
and for lines left with behaviour switches alone (``__NOTOC__``).

On a page view MediaWiki's preprocessor drops the markers (and the ``<includeonly>`` sections)
before the block pass reads lines, so a line left empty is a blank line (``a\\n<noinclude>\\nb``
is two paragraphs), whereas a line of comments alone goes with its newline.
``tests/test_parse_marker_lines.py`` compares ``to_html`` and the block structure of
``to_text`` and ``to_markdown`` with what is saved here.

Needs the oracle of the development machine: ``python3 tests/make_marker_lines_oracle.py
/work/shared/oracle/render.php``.  Only the HTML is saved (no limit report or timing).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "marker_lines" / "oracle.json"

#: Lines of markers, in the forms the preprocessor drops (with spaces, attributes, case,
#: self-closing, comments beside, an ``<includeonly>`` section).
MARKER_LINES = [
    "<noinclude>", "</noinclude>", "<onlyinclude>", "</onlyinclude>", "<noinclude></noinclude>",
    "<includeonly>x</includeonly>", "<includeonly></includeonly>", "<noinclude/>", "<noinclude />",
    "<noinclude foo=bar>", "<NOINCLUDE>", "<onlyinclude></onlyinclude>", " <noinclude> ", "<noinclude> ",
    " <noinclude>", "<noinclude><!--c-->", "<!--c--><noinclude>", "<noinclude>\t", "<noinclude> <noinclude>",
    "<includeonly>\n</includeonly>", "<includeonly>x</includeonly><!--c-->", "<noinclude>  ",
]

#: Where each marker line goes: between paragraph lines, list items, pre lines, at the
#: start or end of the page, next to blank lines.
CONTEXTS = ["a\n{}\nb", "* a\n{}\n* b", " a\n{}\n b", "{}\na", "a\n{}", "a\n\n{}\n\nb", "a\n{}\n\nb"]

#: Markers before a line-start construct (list, heading, rule, pre, table), and others.
OTHER_CASES = [
    f"a\n{marker}{construct}\nb"
    for marker in ["<noinclude>", "<includeonly>y</includeonly>", "</noinclude>", "<noinclude/>", "<!--c-->"]
    for construct in ["* x", "# x", ": x", "; x : y", "== h ==", "----", " pre", "{|\n|c\n|}", "text"]
] + [
    "a\n<onlyinclude>\nb\n</onlyinclude>\nc",
    "a\n<noinclude>\nb\n</noinclude>\nc",
    "a\n<noinclude>b\n</noinclude>\nc",
    "a\n<noinclude>\n<noinclude>\nb",
    "a\n<noinclude>\n<!--c-->\nb",
    "a\n<!--c-->\n<noinclude>\nb",
    "a\n<!--c-->\nb",
    "* a\n<noinclude>\n** b",
    "; a\n<noinclude>\n: b",
    "* a\n<noinclude>* b",
    "* a\n<!--c-->* b",
    " a\n<noinclude> b",
    "a\n<noinclude> pre\n more\nb",
    "a\n <noinclude>* x\nb",
    "'''a\n<noinclude>\nb'''",
    "a\n<noinclude>__NOTOC__\nb",
    "a\n<noinclude>\u00a0\nb",
    "<div>\n<noinclude>\n b\n</div>",
    "<div>a\n<noinclude>\nb</div>",
    "== h ==<noinclude>\nb",
    "== h ==<includeonly>x</includeonly>\nb",
    "{|\n|c\n\n<noinclude>\nd\n|}",
    "{|\n|c\n<noinclude>\nd\n|}",
    "a\n <noinclude>{|\n|c\n|}\nb",
    " <!--c-->{|\n|c\n|}",
    " <noinclude> {|\n|c\n|}",
    "a\n\t<noinclude>{|\n|c\n|}",
    "a\n <!--c--> {|\n|c\n|}",
    "{|\n|a\n<noinclude>|b\n|}",
    "{|\n|a\n<includeonly>x</includeonly>|-\n|b\n|}",
    "{|\n|a\n<!--c--><noinclude>|}\nb",
    "{|\n|a\n</noinclude>!b\n|}",
    "{|\n|a\n<noinclude> |b\n|}",
    "<blockquote>\na\n<noinclude>\nb\n</blockquote>",
    "[[a]]\n<noinclude>\n[[b]]",
    "<noinclude>\n\n\na",
    "a\n<noinclude>\n",
    ":a\n<noinclude>\n:b",
    "a\n<includeonly>\n* x\n</includeonly>\nb",
    "a\n<noinclude> b <div>c</div>\nd",
    " a\n<noinclude> b <span>c</span>\nd",
    # A list or pre continued after markers or a comment: one list, one pre in MediaWiki.
    "# a\n<noinclude># b",
    "* a\n<noinclude>** b",
    "* a\n<noinclude>* b\n* c",
    "* a\n<includeonly>x</includeonly>* b",
    ": a\n<!--c-->: b",
    "; a\n<!--c-->: b",
    "* a\n\n<noinclude>* b",
    " a\n<!--c--> b",
    " a\n<noinclude> b\n c",
    " a\n<noinclude> b\n<noinclude> c",
    " a\n\n<noinclude> b",
    # Lines left with behaviour switches alone: MediaWiki removes the switches before its
    # block pass, so such a line is blank (a comment beside it goes first, in the preprocessor).
    "a\n__NOTOC__\nb",
    "a\n__NOTOC__ \nb",
    "a\n\t__NOTOC__\nb",
    "a\n __NOTOC__\nb",
    "a\n<!--c-->__NOTOC__\nb",
    "a\n__NOTOC__<!--x-->\nb",
    "a\n__NOTOC____NOEDITSECTION__\nb",
    "a\n__NOTOC__ __NOEDITSECTION__\nb",
    "a\n__notoc__\nb",
    "a\n__TOC__\nb",
    "a\n__INDEX__\nb",
    "a __NOTOC__\nb",
    "a\n__NOTOC__x\nb",
    "a\n__NOTO__\nb",
    "__NOTOC__\na",
    "a\n__NOTOC__",
    "* a\n__NOTOC__\n* b",
    " a\n__NOTOC__\n b",
    " a\n __NOTOC__\n b",
    "a\n<includeonly>x</includeonly>__NOTOC__<noinclude>\nb",
    # A heading line ending in behaviour switches is a heading (not ``__TOC__``, which
    # MediaWiki replaces with a placeholder before its heading test).
    "== h ==__NOTOC__\nb",
    "== h == __NOTOC__ \nb",
    "== h ==__NOTOC__<!--c-->\nb",
    "== h ==<!--c-->__NOTOC__\nb",
    "== h ==<noinclude>__NOTOC__\nb",
    "== h ==__NOTOC____NOEDITSECTION__\nb",
    "== h ==__TOC__\nb",
    "== h ==__NOTO__\nb",
    "a\n== h ==__NOTOC__\n== i ==\n== j ==\n== k ==\nb",
    "x\n== h ==\n== i ==\n== j ==__NOTOC__\nb",
    # __TOC__ inside a line: its placeholder is a block, so the paragraph ends there (in a
    # list item it stays), with or without a table of contents.
    "a __TOC__ b",
    "a __TOC__ b\n== h ==\nx",
    "x __TOC__ y __TOC__ z\n== a ==\n== b ==",
    "* a __TOC__ b\n== a ==",
    "a\nb __TOC__\nc",
    # In a parser function's argument (the tests expand it with an empty wiki).
    "{{#if:1|a\n<noinclude>\nb}}",
    "{{#if:1|* a\n<includeonly>x</includeonly>\n* b}}",
    "{{#if:1|a\n<onlyinclude>* x\n</onlyinclude>\nb}}",
]

CASES = [context.format(line) for line in MARKER_LINES for context in CONTEXTS] + OTHER_CASES


def main(render_php: str) -> None:
    lines = "".join(json.dumps({"title": "T", "wikitext": text}) + "\n" for text in CASES)
    out = subprocess.run(["php", render_php], input=lines, capture_output=True, text=True, check=True).stdout
    results = [json.loads(line)["html"] for line in out.splitlines()]
    cases = [{"wikitext": text, "html": html} for text, html in zip(CASES, results, strict=True)]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/oracle/render.php")
