"""Regenerate ``fixtures/heading_edit/oracle.json``: the edit-section links and table of
contents classes MediaWiki 1.39 gives headings of pages that transclude templates (a heading
from a template links to ``section=T-N`` of the template; one the preprocessor did not find,
none), for the small templates and pages below.

Needs the oracle of the development machine: ``python3 tests/make_heading_edit_oracle.py
/work/shared/oracle/render.php``.  The oracle's script is copied to a temporary file that
serves the templates below through ``ParserOptions::setTemplateCallback`` (redirects among
them followed, as MediaWiki's own fetch does); only what tests compare is saved (per heading
its id and its edit link's page and section; the TOC entries' classes), not MediaWiki's markup.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from html import unescape
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "heading_edit" / "oracle.json"

#: The pages every case can transclude.
TEMPLATES: dict[str, str] = {
    "Template:H": "== TH ==\ntext\n=== TH2 ===",
    "Template:PF": "{{#if:1|\n== PFH ==\n}}\nx",
    "Template:Arg": "== {{{1}}} ==",
    "Template:Eq": "=",
    "Template:R": "#REDIRECT [[Template:H]]",
    "Template:Outer": "== Outer ==\n{{H}}\n== Outer2 ==",
    "Template:Echo": "{{{1}}}",
    "Template:Inc": "<noinclude>== Doc ==\n</noinclude>== Real ==\n<includeonly>== Inc ==</includeonly>",
    "Template:NoEdit": "__NOEDITSECTION__",
    "Template:Mixed": "{{Eq}}= Assembled ==\n== Plain ==",
    "Template:Odd": "=== Odd ==\n== Comment == <!-- c -->",
    "Template:Two words": "== Spaced ==",
    "P2": "== FromP2 ==",
}

#: Pages, rendered as ``P``.
CASES: dict[str, str] = {
    "basic": "== A ==\n{{H}}\n== B ==\n{{H}}\n{{#if:1|\n== PF ==\n}}\n== C ==",
    "pf_in_template": "== A ==\n{{PF}}\n== B ==",
    "arg_heading": "{{Arg|Hello}}\n== B ==",
    "assembled_page": "{{Eq}}= Assembled ==\n== B ==",
    "assembled_template": "{{Mixed}}\n== B ==",
    "redirect": "{{R}}\n== B ==",
    "nested": "== A ==\n{{Outer}}\n== B ==",
    "in_argument": "{{Echo|\n{{H}}}}\n== B ==",
    "heading_in_argument": "{{Echo|\n== X ==\n}}\n== B ==",
    "in_pf_argument": "{{#if:1|\n{{H}}\n}}\n== B ==",
    "includeonly": "{{Inc}}\n== B ==",
    "noeditsection": "{{H}}\n== B ==\n{{NoEdit}}",
    "mainspace": "{{:P2}}\n== B ==",
    "inline": "x {{H}}\n== B ==",
    "lc": "{{lc:{{H}}}}\n== B ==",
    "unclosed": "{{H}}\n== B {{ ==\n== C ==",
    "odd_levels": "{{Odd}}\n== B ==",
    "spaced_name": "{{Two words}}\n== B ==",
    "msgnw": "{{msgnw:H}}\n== B ==",
    "template_in_title": "== {{Echo|A}} ==\n{{H}}\n== B ==",
    "comment_before_heading": "<!--c-->== a ==\n{{H}}\n== b ==",
    "toc_numbers_skip_argument_heading": "==A==\n{{#if:1|x|\n== in arg ==\n}}\n==B==\n==C==\n==D==",
}

_INJECT = """$opts = ParserOptions::newFromAnon();
			$pages = [];
			foreach ( ( $req['templates'] ?? [] ) as $k => $v ) {
				$t = Title::newFromText( $k );
				if ( $t ) { $pages[$t->getPrefixedDBkey()] = $v; }
			}
			$opts->setTemplateCallback( static function ( $page, $parser = false ) use ( $pages ) {
				$t = Title::castFromLinkTarget( $page );
				$key = $t->getPrefixedDBkey();
				for ( $hop = 0; $hop < 3 && array_key_exists( $key, $pages ); $hop++ ) {
					if ( preg_match( '/^#REDIRECT\\\\s*\\\\[\\\\[([^\\\\]|]+)\\\\]\\\\]/i', $pages[$key], $m ) ) {
						$next = Title::newFromText( $m[1] );
						if ( $next && array_key_exists( $next->getPrefixedDBkey(), $pages ) ) {
							$t = $next;
							$key = $t->getPrefixedDBkey();
							continue;
						}
					}
					return [ 'text' => $pages[$key], 'finalTitle' => $t, 'deps' => [] ];
				}
				return Parser::statelessFetchTemplate( $page, $parser );
			} );"""

_HEADING_RE = re.compile(r'<h([1-6])>(?:<span id="[^"]*"></span>)?<span class="mw-headline" id="([^"]*)">.*?</h\1>')
_EDIT_RE = re.compile(r'<a href="[^"]*\?title=([^"&]*)&amp;action=edit&amp;section=([^"&]*)"')
_TOC_RE = re.compile(r'<li class="(toclevel-[^"]*)"')


def extract(html: str) -> dict[str, list[list[str]] | list[str]]:
    """Per heading ``[id, page, section]`` (page and section ``""`` without an edit link), and
    the TOC entries' classes, in document order."""
    headings: list[list[str]] = []
    for m in _HEADING_RE.finditer(html):
        edit = _EDIT_RE.search(m.group())
        page, section = (unescape(edit.group(1)), unescape(edit.group(2))) if edit else ("", "")
        headings.append([unescape(m.group(2)), page, section])
    return {"headings": headings, "toc": _TOC_RE.findall(html)}


def main(render_php: str) -> None:
    source = Path(render_php).read_text(encoding="utf-8")
    anchor = "$opts = ParserOptions::newFromAnon();"
    assert anchor in source
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "render_templates.php"
        script.write_text(source.replace(anchor, _INJECT, 1), encoding="utf-8")
        lines = "".join(
            json.dumps({"title": "P", "wikitext": text, "templates": TEMPLATES, "editsections": True}) + "\n"
            for text in CASES.values()
        )
        out = subprocess.run(["php", str(script)], input=lines, capture_output=True, text=True, check=True).stdout
    results = [json.loads(line)["html"] for line in out.splitlines()]
    cases = {
        name: {"wikitext": text, **extract(html)}
        for (name, text), html in zip(CASES.items(), results, strict=True)
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps({"title": "P", "templates": TEMPLATES, "cases": cases}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/oracle/render.php")
