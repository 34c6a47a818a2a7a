"""Regenerate ``fixtures/heading_ids/oracle.json``: the heading ids, fallback ids, table of
contents links and fragment links MediaWiki 1.39 makes for the cases below under each
``$wgFragmentMode`` (and ``$wgExternalInterwikiFragmentMode = "legacy"``, its default).

Needs the oracle of the development machine: ``python3 tests/make_heading_id_oracle.py
/work/shared/oracle/render.php``.  The oracle's script is copied to a temporary file that
sets ``$wgFragmentMode`` from the environment before each run; only what tests compare is
saved (the ids and hrefs, in document order), not MediaWiki's markup.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from html import unescape
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "heading_ids" / "oracle.json"

#: ``$wgFragmentMode`` values, as comma-separated lists.
MODES = ("html5", "legacy", "html5,legacy", "legacy,html5")

CASES: dict[str, str] = {
    "accents": "== Été à Zürich ==\n[[#Été à Zürich]]\n== Été à Zürich ==\n",
    "punctuation": "== x (1) ==\n== x (1) ==\n== plain ==\n== plain ==\n[[#x (1)]] [[#plain]]\n",
    "colon_amp": "== a: b & c ==\n[[#a: b & c]]\n== 50% off ==\n[[#50%25 off]]\n",
    "cjk": "== 日本語 ==\n== 日本語 ==\n[[#日本語]]\n",
    "cyrillic": "== Литература и ссылки ==\n[[#Литература и ссылки]] [[Template:Yesno#Литература]]\n",
    "hash": "== a ==\n[[#a#b]] [[Template:Yesno#Été x (1)]]\n",
    "interwiki": "[[wikt:Été#Été x]] [[wikt:Été#plain]]\n",
    "letter_case": "== Foo ==\n== foo ==\n== Тест ==\n== Тест ==\n== тест ==\n== ÉTÉ ==\n== été ==\n",
    "html_heading": "<h2>Été x</h2>\n== a ==\n== b ==\n== c ==\n== Été x ==\n[[#Été x]]\n",
}

_INJECT = (
    "public function execute() { global $wgFragmentMode; $m = getenv('FRAGMENT_MODE');"
    " if ( $m ) { $wgFragmentMode = explode( ',', $m ); }"
)
_HEADING_RE = re.compile(
    r'<h[1-6]>(?:<span id="([^"]*)"></span>)?<span class="mw-headline" id="([^"]*)">'
)
_TOC_RE = re.compile(r'<li class="toclevel-[^"]*"><a href="#([^"]*)"')
_BODY_HREF_RE = re.compile(r'<a href="([^"]*#[^"]*)"')


def extract(html: str) -> dict[str, list[str]]:
    """The ids and hrefs of one page: ``ids`` (primary ids), ``fallbacks`` (fallback span
    ids, ``""`` for none), ``toc`` (TOC link fragments) and ``links`` (what follows ``#`` in
    the body's link hrefs)."""
    body = html
    if '<div id="toc"' in html:
        body = html.split('<div id="toc"', 1)[0] + html.split("</ul>\n</div>", 1)[1]
    headings = _HEADING_RE.findall(html)
    return {
        "ids": [unescape(primary) for _fallback, primary in headings],
        "fallbacks": [unescape(fallback) for fallback, _primary in headings],
        "toc": [unescape(href) for href in _TOC_RE.findall(html)],
        "links": [unescape(href).split("#", 1)[1] for href in _BODY_HREF_RE.findall(body)],
    }


def main(render_php: str) -> None:
    source = Path(render_php).read_text(encoding="utf-8")
    assert "public function execute() {" in source
    result: dict[str, dict[str, dict[str, list[str]]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "render_fragment_mode.php"
        script.write_text(source.replace("public function execute() {", _INJECT, 1), encoding="utf-8")
        lines = "".join(json.dumps({"title": "T", "wikitext": text}) + "\n" for text in CASES.values())
        for mode in MODES:
            env = {**os.environ, "FRAGMENT_MODE": mode}
            out = subprocess.run(
                ["php", str(script)], input=lines, capture_output=True, text=True, check=True, env=env
            ).stdout.splitlines()
            result[mode] = {
                name: extract(json.loads(line)["html"]) for name, line in zip(CASES, out, strict=True)
            }
    OUT.write_text(
        json.dumps({"cases": CASES, "modes": result}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/oracle/render.php")
