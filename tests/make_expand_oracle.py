"""Regenerate ``fixtures/expand/oracle_expand.jsonl``: MediaWiki's own expansion
(Special:ExpandTemplates) of the cases below, with the templates of
``fixtures/expand/enwiki-templates.xml.bz2`` installed.

Needs the oracle of the development machine: ``python3 tests/make_expand_oracle.py
/work/shared/oracle/render.php``.  The cases avoid the clock, Lua modules and the pure
helpers tested on their own (``#expr``, ``#time``, string functions, formatnum),  and
functions newer than MediaWiki 1.39 (``#dir``, which the parser tests cover).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "expand" / "oracle_expand.jsonl"

CASES: list[tuple[str, str]] = [
    ("T", "plain text, nothing to expand"),
    ("T", "a<!-- c -->b\n<!-- own line -->\nc <!-- x --> <!-- y -->\nd"),
    ("T", "{{{1}}} {{{1|default}}} {{{name|{{{other|deep}}}}}} {{{|empty}}}"),
    ("T", "{{{1|a=b}}} {{{1|a|b}}}"),
    ("T", "{{Nosuch}} {{Nosuch|a|b=c}} {{:Nosuch page}} {{Template:Nosuch}} {{User:Nobody}}"),
    ("T", "{{subst:Nosuch}} {{safesubst:lc:ABC}} {{subst:lc:X}}"),
    ("T", "{{msgnw:Nosuch}} {{msgnw:Nowrap}}"),
    ("T", "<includeonly>io</includeonly><noinclude>ni</noinclude><onlyinclude>oi</onlyinclude>"),
    ("T", "<nowiki>{{lc:X}}</nowiki> <pre>{{lc:X}}</pre> <ref>{{lc:X}}</ref> <ref name=a/>"),
    ("T", "{{lc:ABC}} {{uc:abc}} {{lcfirst:ABC}} {{ucfirst:abc}} {{LC:Q}} {{Uc:q}}"),
    ("T", "{{#if:|yes|no}} {{#if: x |yes|no}} {{#if:x|a=b|c}} {{#if:}} {{#if:x}}"),
    ("T", "{{#ifeq:1|01|num}} {{#ifeq:a|A|y|n}} {{#ifeq: 1e2 |100|sci}} {{#ifeq:&amp;|&|ent}}"),
    ("T", "{{#ifeq:x|x}} {{#ifeq:|| empty equal }}"),
    (
        "T",
        "{{#switch:b|a=1|b|c=2|#default=3}} {{#switch:z|a=1|4}} {{#switch:z|a=1|#default=d|b=2}}",
    ),
    ("T", "{{#switch: 10 |1e1=sci|10=ten}} {{#switch:|=empty|x}} {{#switch:q|a|q}}"),
    ("T", "{{#switch:x|#default|x=found}} {{#switch:y|#default|x=found}}"),
    (
        "T",
        '{{#iferror:<strong class="error">e</strong>|bad|good}} {{#iferror:fine|bad}} {{#iferror:fine|bad|good}}',
    ),
    (
        "T",
        "{{#ifexist:Template:Nowrap|yes|no}} {{#ifexist:Nosuch page|yes|no}} {{#ifexist:Special:Version|y|n}}",
    ),
    ("T", "{{#tag:ref|body|name=n}} {{#tag:nowiki|{{x}}}} {{#tag:span|x}}"),
    ("T", "{{!}} {{=}} a{{!}}b"),
    (
        "Talk:Foo bar/baz/qux",
        "{{PAGENAME}}|{{FULLPAGENAME}}|{{BASEPAGENAME}}|{{ROOTPAGENAME}}|{{SUBPAGENAME}}|{{NAMESPACE}}|{{NAMESPACENUMBER}}",
    ),
    (
        "Talk:Foo bar/baz/qux",
        "{{PAGENAMEE}}|{{FULLPAGENAMEE}}|{{TALKSPACE}}|{{SUBJECTSPACE}}|{{TALKPAGENAME}}|{{SUBJECTPAGENAME}}|{{ARTICLEPAGENAME}}",
    ),
    ("Help:A'b & c", "{{PAGENAME}} {{PAGENAMEE}} {{FULLPAGENAME}}"),
    (
        "T",
        "{{PAGENAME:Template:Foo/bar}} {{NAMESPACE:Template:Foo}} {{TALKPAGENAME:Foo}} {{BASEPAGENAME:User:A/b/c}}",
    ),
    (
        "T",
        "{{ns:0}}|{{ns:1}}|{{ns:10}}|{{ns:template}}|{{ns:Project}}|{{ns:828}}|{{nse:11}}|{{ns:99}}",
    ),
    (
        "T",
        "{{urlencode:a b&c/d}} {{urlencode:a b|WIKI}} {{urlencode:a b|PATH}} {{anchorencode:A b&c}}",
    ),
    (
        "T",
        "{{localurl:Foo bar}} {{localurl:Foo|action=edit}} {{fullurl:Foo bar}} {{canonicalurl:Foo}}",
    ),
    ("T", "{{SITENAME}} {{SERVERNAME}} {{sErVeR}} {{SCRIPTPATH}} {{CONTENTLANGUAGE}}"),
    (
        "T",
        "{{plural:1|one|many}} {{plural:2|one|many}} {{plural:1,000|one|many}} {{grammar:x|word}}",
    ),
    ("T", "{{#language:de}} {{#special:Version}} {{#speciale:Recent changes}}"),
    ("T", "{{DISPLAYTITLE:Foo}}{{DEFAULTSORT:Bar}}x"),
    (
        "T",
        "{{#formatdate:2009-12-25|mdy}} {{#formatdate:25 December 2009|ymd}} {{#formatdate:December 25, 2009|dmy}}",
    ),
    ("T", "x {{Nowrap|* a}}"),
    ("T", "x\n{{#if:1|* a}}\n{{#if:1|{{{!}}\n{{!}}a\n{{!}}}}}"),
    ("T", "{{#if:1|:a}} {{#if:1|;b}} {{#if:1|#c}}"),
    ("T", "{{Nowrap|a b}} {{Sup|2}} {{Em|e}} {{Strong|s}} {{Var|v}} {{Code|c}}"),
    ("T", "{{Tl|Cite web}} {{Tlx|Foo|a|b}} {{Para|name|value}} {{Tag|ref}}"),
    ("T", "{{Paren|x}} {{Trim| a b }} {{Resize|90%|small}} {{Smaller|s}}"),
    ("T", "{{Yesno|yes}} {{Yesno|no}} {{Yesno|}} {{Yesno|maybe}} {{Yesno-no|yes}}"),
    ("T", "{{Main other|main|other}} {{Template other|tpl|other}}"),
    ("Template:Foo", "{{Main other|main|other}} {{Template other|tpl|other}}"),
    ("T", "== {{lc:HEAD}} ==\n{{Nowrap|\n==x==\n}}"),
    ("T", "{{{{{|safesubst:}}}lc:X}} {{ {{lc:NOWRAP}} |y}}"),
    ("T", "{{#if:x|[[a|b]]|c}} {{Nowrap|[[a|b]]}} {{Nowrap|1=[[a|b=c]]}}"),
    ("T", "{{Nowrap|a=b=c}} {{Nowrap|1 = spaced }} {{Nowrap| unspaced }}"),
    ("T", "{{x\n{{y}} [[ {{lc:A}} ]] {{lc:{{uc:a}}}}"),
    ("T", "{{{{Nowrap}}}} {{{{{1}}}}} {{{{{{1}}}}}}"),
    ("T", "{{#invoke:}} {{#tag:}}"),
    ("T", "{{int:edit}} {{bidi:x}}"),
    ("T", "{{Pipe}} {{'}} {{Nowrap|{{Pipe}}}}"),
    ("T", "{{#expr:2^10}} {{#ifexpr:1>0|y|n}} {{#ifexpr:1/0|y|n}} {{padleft:7|3|0}} {{formatnum:1234567.891}}"),
    ("T", "{{#time:Y-m-d|2001-01-15}} {{#titleparts:A/b/c|1|2}} {{#len:abc}} {{#rel2abs:../x|A/b/c}}"),
    ("T", "{{Date|2009-12-25}} {{Str left|abcdef|3}}"),
    ("T", "{{#ifeq: 0x1 | 1 |y|n}} {{#ifeq:1e3|1000|y|n}} {{#ifeq: 1.0 |1|y|n}} {{#ifeq:+1|1|y|n}} {{#ifeq:.5|0.5|y|n}}"),
    ("T", "{{#switch:1.0|1=one|two}} {{#switch:|#default=d}} {{#switch:a|A=1|a=2}}"),
    ("T", "{{#if}} {{#if:}} {{lc:}} {{ #if: x | y }} {{#IF:x|y}} {{LC:A}}"),
    ("T", "{{{{{1|lc}}}:X}} {{{1{{!}}x}}} {{{a|b|c}}} {{#if:x|a|b|c}} {{#ifeq:a|a|b|c|d}}"),
    ("T", "{{ns:-1}} {{ns:-2}} {{ns:image}} {{ns:File_talk}} {{ns:4}}"),
    ("T", "{{PAGENAME:}} {{PAGENAME:foo_bar}} {{PAGENAME:Talk:x}} {{NAMESPACE:Talk:x}} {{FULLPAGENAME:template:x}}"),
    ("T", "{{urlencode:ä ö}} {{anchorencode:ä ö [[x|y]] '''b'''}} {{urlencode:a+b}}"),
    ("T", "{{lcfirst:ÄB}} {{ucfirst:ßx}} {{uc:ß}} {{lc:İ}}"),
    ("T", "a\n{{#if:1|\n* b}}\nc {{#if:1|* d}}"),
    ("T", "<nowiki>a</nowiki>{{lc:<nowiki>B</nowiki>}}{{#if:<nowiki/>|y|n}} {{#tag:nowiki|a{{!}}b}} {{#tag:pre|x|id=1}}"),
    ("T", "{{#iferror:{{#expr:1+}}|err|ok}} {{#expr:1+}} {{#ifexpr:|y|n}} {{=}}{{!}}{{!!}}"),
    ("T", "{{ safesubst:#if:x|y}} {{subst:#if:x|y}} {{SUBST:x}} {{:}} {{Template:}} {{ }} {{|}}"),
    ("T", "{{#switch: 2 | 1 | 2 = a | 3 = b }} {{#switch: 1 | 1 | 2 = a | 3 = b }}"),
    ("T", "{{plural:0|one|many}} {{plural:-1|one|many}} {{plural:1.0|one|many}} {{formatnum:-1234.5}}"),
    ("T", "x <!-- a\n--> y\n<!-- b -->\nz\n  <!-- c -->  \nw"),
    ("T", "== a <!-- x --> ==\n=b=\n{{lc:=C=}}"),
    ("T", "{{#formatdate:2009-12-25}} {{#formatdate:not a date|mdy}}"),
    ("T", "{{#tag:span|x|class=\"c\"|title='t'|ignored}} {{#tag:ref}}"),
]


def main() -> int:
    render = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/oracle/render.php"
    payload = "".join(json.dumps({"title": t, "wikitext": w}) + "\n" for t, w in CASES)
    out = subprocess.run(["php", render], input=payload, capture_output=True, text=True, check=True)
    lines = []
    for (title, text), line in zip(CASES, out.stdout.splitlines(), strict=True):
        got = json.loads(line)
        lines.append(
            json.dumps(
                {"title": title, "wikitext": text, "expanded": got["expanded"]}, ensure_ascii=False
            )
        )
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} cases written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
