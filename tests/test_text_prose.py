"""The prose reader of ``to_text`` (``render/_text_prose.py``) gives exactly what the parse
gives: on real pages, on hand-picked edge cases, and on generated wikitext made of what the
reader accepts mixed with what it must refuse."""

from __future__ import annotations

import datetime
import re
import sys

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Page, all_pages
from wikiparse import parse
from wikiparse.config import DEFAULT_CONFIG
from wikiparse.render._templates import BUILTIN_TEMPLATES, TEXT_SILENT_KEYS, TemplateCall
from wikiparse.render._text_prose import (
    ProseExpansion,
    ProseHeading,
    ProseRun,
    ProseTable,
    _free_protocols,
    numbered_link_pattern,
    prose_parts,
)
from wikiparse.render._text_prose_tables import ProseTableRows
from wikiparse.render.options import DEFAULT_TEXT_OPTIONS, TextOptions
from wikiparse.render.text import SKIMMED_TAGS, text_of

#: Option sets whose output the prose reader could change: references shown, captions, no
#: template handlers, user handlers.
OPTIONS = [
    DEFAULT_TEXT_OPTIONS,
    TextOptions(refs=True, file_captions=True, file_alt=True, tables=True, edit_markers=True),
    TextOptions(template_handlers=None),
    TextOptions(handlers={"shout": lambda call: "LOUD", "Lang": lambda call: "''x''"}),
]

#: The same with tables kept as rows (read by ``render/_text_prose_tables.py``).
TABLE_OPTIONS = [attrs.evolve(options, tables=True) for options in OPTIONS]


def both(text: str, options: TextOptions = DEFAULT_TEXT_OPTIONS) -> tuple[str, str]:
    """``to_text`` without and with the prose reader."""
    return text_of(text, options, prose=False), text_of(text, options)


def _pages() -> list[Page]:
    """Articles of every bundled dump (the default config: these dumps' wikis are alike)."""
    return [p for p in all_pages() if p.ns == 0]


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.id)
def test_real_pages_read_the_same(page: Page) -> None:
    full, fast = both(page.text)
    assert fast == full


@pytest.mark.parametrize("page", _pages()[:12], ids=lambda p: p.id)
@pytest.mark.parametrize("options", OPTIONS[1:], ids=["shown", "no-handlers", "user-handlers"])
def test_real_pages_read_the_same_with_options(page: Page, options: TextOptions) -> None:
    full, fast = both(page.text, options)
    assert fast == full


EDGE_CASES = [
    "Plain words. More words.\n\nA second paragraph.",
    "a ''b''' c'''",  # one italic, two bold: no apostrophe shown
    "a '''b'' c",  # both odd: MediaWiki shows an apostrophe (the parser decides)
    "x ''''y'''' z",
    "a [[b]] c [[d|e]]f [[ g ]] [[h_i|j k]]",
    "[[a|]] [[|b]] [[a|b|c]] [[a]]] [[[a]]",
    "[[Ford's Theatre]] [[CP/M]] [[/sub]] [[./a]] [[a/../b]] [[a_b_]] [[a''b]] [[a~~~b]] [[a'']]",
    "[[Category:X]] [[File:a.png|thumb|a [[b]] c]] [[fr:Y]] [[:Category:Z|z]]",
    "word <ref>a</ref>. word<ref name=x/>, word <ref name=\"y\">[http://x.org]</ref> [http://y.org]",
    "a <ref>b</REF>c</ref>d",
    "a<ref>[http://x.org label]</ref> b<ref>[http://x.org</ref>] c<ref name=n>[http://z.org] [http://w.org y]</ref> [http://y.org]",
    "a<ref>{{cite web|url=http://x}} [http://x.org\n] [http://x.org<!--c-->]</ref> [http://y.org]<ref>[HTTP://q.org]</ref>",
    "a <ref>unclosed",
    "{{x}} a {{convert|5|km}} b {{lang|fr|''mot''}} {{!}} {{=}} {{#if:a|b}} {{PAGENAME}}",
    "{{Infobox\n| a = [[b|c]]\n| d = {{e|f}}<ref>g</ref>\n}}\nThe '''thing''' is.",
    "{{a\n\n== H ==\n}}\n\nWords.\n\nMore.",
    "Words.\n\n{{a|\n\nInside a template.\n\n}}\n\nAfter.",
    "Words.\n== H ==\nMore words.\n=not a heading\nx",
    "== H ==\n=== I ===\n\n==J==  \n* a\n== K ==\n== ''L'' ==\n==M=\n= N =\ntext\n== O == <!-- c -->\n",
    "Words.\n\n#REDIRECT [[x]]",
    "Words &amp; &nbsp; &#x2014; &bogus; & more",
    "ISBN&nbsp;0-306-40615-2 and http://example.org/''x'' and mailto:a@b.c",
    "a<br>b<br/>c</br>d <span title=x>e</span> <b>f</b> <div>g</div>",
    "a <!-- c --> b\n<!-- line -->\nc",
    "-{zh:a; en:b}- x",
    "a __NOTOC__ b ~~~~ c",
    "<div>\nWords.\n\nMore words.\n</div>",
    "{|\n| cell\n\nWords inside.\n|}\n\nAfter.",
    "* item\n\nWords.\n\n# item\n\nMore.",
    " pre\n\nWords.\n\n pre again",
    "<pre>\n\nWords.\n\n</pre>",
    "<!--\n\nWords.\n\n-->",
    "Words.\n\n\n\nMore words.\n\n",
    "x\x00y \udc80 words",
    '<gallery caption="a\n\nWords.\n\nb">\nFile:x.jpg\n</gallery>',  # a tag open over prose
    '<ref name="a\n\nWords.\n\nb">c</ref>',
    "x <math\n\nWords.\n\n>y</math>",
    '<span title="a\n\nWords.\n\nb">x</span>',
    "-{a\n\nWords.\n\n}-",
    "a [http://x.org label] b [http://x.org] c [//y.org z] [bitcoin:] [http://x.org ''l''] [news:x]",
    "[http://x.org/{{a}} b] [http://x.org/&amp; c] [http://x.org|d] [http://x.org e]]",
    "* [http://x.org] [[a]]\n* [http://y.org label]\n\n[http://z.org]",
    "a<!--c-->b a <!-- c --> b a''<!--c-->'b x<!--c\nd-->y",
    "Text\n: indented\n:: more\n*: mixed\n; term\n: def",
    # Definition lists: terms without a colon on their line.
    ";a\n:b\n\n;c\n;d\n:e\n::f\n\n*;g\n*:h\n\n;i:j\n\n; k [[l:m]]\n: n\n\n;\n:o\n\n;;p\n;:q\n:;r",
    "Words\n;Term\n: definition\n;Other ''term''\n:Def <ref>x</ref>\nWords\n# a\n#; b\n#: c\n\n; {{x|y:z}}\n:w",
    ";a <!--c:d-->\n:b\n;e&#58;f\n:g\n; h ''i''\n;j\n\nk\n;l\n== H ==\n;m",
    ": a\n:{|\n|b\n|}\n\n:c:d",
    "*irc://&#x0A;a\n\nx http://&amp;a mailto:&amp;b",  # a bare URL runs on past the words
    "a <math>x^2</math> b <math display=block>y</math> <chem>H2O</chem> <ce>X</ce> <math/> <MATH>z</MATH>",
    "a <math>x<math>y</math> <math>unclosed\n\nb <chem>c",
    "x<!--y\n\nz<!--w\n\nv-->u\n\nt<!--s-->r<!--q",
    "ISBN 0306406152 and ISBN&nbsp;0306406152, RFC 2822, PMID 123 [[File:a.png|thumb|[[b]] [[c|d]]]]",
    # Lines of comments vanish with their line breaks.
    "a\n<!--c-->\nb\n<!--c--> \nc\n<!--c--><!--d-->\nd\n<!--c--> <!--d-->\t\ne\n<!--c\nd-->\nf",
    "a\n<!--c-->\n\nb\n\n<!--c-->\nc\n<!--c-->\n<!--d-->\nd\n<!--c-->\n\n<!--d-->\n\ne",
    "<!--c-->\na\n<!--c-->",
    "a\n<!--c-->x\nb\n<!--c-->\n b\n\nc\n <!--c-->\nd",
    "* a\n<!--c-->\n* b\n\n# a\n<!--c-->\n# b\n<!--c-->\nc\n<!--c-->\n* d",
    "a\n<!--c-->\n== H ==\nb\n\n== I ==\n<!--c-->\nc\n<!--c-->\n{|\n|x\n|}\n<!--c-->\nd",
    "a\n<!--unclosed\nb\n\nc",
    "== H ==<!--c-->\na\n===I=== <!--c--> <!--d-->\nb\n== J == <!--c\n-->\nc\n==K==<!--c-->x\nd\n\n==L==<!--c--> ==\ne",
    "''''<!--\n== H ==<!--c-->\n>",  # the heading's comment closes one opened before: no heading
    '<span title="\n== a>b ==\nx\n\n<nowiki>\n== H ==<!--</nowiki>-->\nx\n\n<!--\n== H ==<!--c-->\nx\n\ny',
    "a\n==H==<!--c-->\n{|\n|x\n|}\n== ''I'' ==<!--c-->\nb\n\n== J <!--c--> ==\nc\n= K =<!---->\n* d\n==L==<!--c--><ref>",
    "a <!--c--> b\tc\t<!--c-->\td <!--c-->\ne <!--c--><!--d--> f <!--c--><ref>x</ref> g <!--c-->'h' i'<!--c--> j",
    "''a <!--c--> b'' '''c <!--c-->''' ''<!--c-->'d <!--c-->\n* e <!--c-->\n*<!--c--> f\n: <!--c-->",
    # External links whose labels have quotes, apostrophes, entities; URLs with & and ~.
    "[http://x.org/~a?b=1&c=2 ''l'' a's] [http://x.org Daily Bleed's] [http://x.org a &amp; b&nbsp;c & d]",
    "''a [http://x.org b''] c'' '''d [http://x.org '''e'''] f''' [http://x.org ''g'''] [http://x.org ''''h'''']",
    "[http://x.org/&amp; a] [http://x.org/~~~~ b] [http://x.org a_b] [http://x.org a__NOTOC__] [http://x.org ~~~~]",
    "[http://x.org ISBN 0306406152] [http://x.org see http://y.org] [http://x.org a:b] [http://x.org a\tb]",
    "[http://x.org''a''] [http://x.org'a] [http://x.org '''''b'''''] x'''y [http://x.org c] z''",
    # Brackets that open or close no link are text.
    "[and] a [t]he [[b]] [...] c] d]] [e [http://x.org f] [HTTP://y.org] [//z.org g] [mailto:a@b.c] [ftp:x]",
    "[[a]]] [a [[b]]] [[c]] ] [x]] [[d|e]]]] [[[f]]] a[b]c",
    "a\n\n<!--c-->\n\n<!--d-->\n* b\n<!--e-->\n:c\n<!--f-->\n;d\n<!--g-->\n=h=",
    "a\n\n<!--c-->\n<!--d-->",
    "a\n\n<!--c-->\n",
    "a\n<!--c--><ref>x</ref>\nb <!--c-->\nc",
    # Tables: dropped whole by default; the reader finds where they end as the parser does.
    "{|\n| a\n|}\n\nAfter.",
    "Before\n{|\n|a\n|}\nAfter",
    "* item\n{|\n|a\n|}\n* item",
    "# a\n# b\n{|\n|x\n|}\n# c\n\n# d\n{|\n|y",
    "Before\n{|\n|a\n\nAfter",
    "{|\n|a\n{|\n|b\n|}\n|}\nx",
    "{|\n|a\n:{|\n|b\n|}\n|}\n\nx",
    "{|\n|a\n :: {|\n|b\n|}\nc\n|}\nx",
    "{|\n|{{a\n|}\n}}\n|}\nx",
    "{|\n|<!--\n|}\n-->\n|}\nx",
    "{|\n<!--c-->|}\nx",
    "{|\n<!--c--> |}\nx",
    "{|\n <!--c-->|}\n|}\nx",
    "{|\n<!--c--><!--\nd-->{|\n|}\n|}\nx",
    "{|\n<!--c-->:{|\n|}\n|}\nx",
    "{|\n<!--c\n\nx",
    "{|\n|[[a\n|}\n]]\n|}\nx",
    "{|\n|[[a|b\n|}\n]]\nx",
    '{|\n|<span title="a\n|}\nb">x</span>\n|}\nx',
    "{|\n|<b\n>x\n|}\ny\n|}\nz",
    "{|\n|</b\n>x\n|}\ny\n|}\nz",
    "{|\n|a < b\n|}\nc <d",
    "{|\n|a\n|} b\nc",
    "{|\n|a\n|} \nc",
    "{|\n|a\n|}\n|}\nb",
    "{|\n|[http://x.org]\n|}\n[http://y.org]",
    "{|\n|<ref>[http://x.org]</ref>\n|}\n[http://y.org] [[File:a.png|[http://z.org]]]",
    "{|\n|{{a|[http://x.org]}}\n|}\n[http://y.org]",
    "{|\n|<nowiki>\n|}\n</nowiki>\n|}\nx",
    "{|\n|<pre>\n|}\n</pre>\n|}\nx",
    "{|\n|<math>\n|}\n</math>\n|}\nx",
    "{|\n|<gallery>\n|}\n</gallery>\n|}\nx",
    "{|\n|<ref>b\n|}\n</ref>\n|}\nx",
    "{|\n|<ref>unclosed\n|}\nx",
    "{|\n|-{a\n|}\n}-\n|}\nx",
    "{|\n|{{{a\n|}\n}}}\n|}\nx",
    "{|\n|{{a|[[b}}\n|}\nc]]\nx",
    "{|\n|{{[[a]]\n|}\n}}\nx",
    "{|\n|{{a\n\nb",
    "{|\n<noinclude>|}</noinclude>\n|}\nx",
    "{|\n</noinclude>|}\n|}\nx",
    "{|\n<includeonly>\n|}\n</includeonly>\n|}\nx",
    "{|\n|a\n|}",
    "{|\n|a",
    "{|",
    "{|\n|}\n== H ==\nx",
    "{|\n|a\n== H ==\n|}\nx\n\n== I ==\ny",
    "{|\n! h\n|-\n| c || d\n|+ cap\n|}\n\nx",
    "{|\n|a\n  |}\nx\n\n{|\n|a\n\t|}\ny",
    "{|\n|a\n\n\nb\n|}\n\nc",
    "{| class=\"wikitable\" {{x\n}}\n|a\n|}\nb",
    "{{x}}\n{|\n|a\n|}\n\n{|\n|b\n|}\n{|\n|c\n|}\nd",
    "a\n\n{|\n|<ref name=x>b</ref>\n|}\n\nc<ref name=x/>",
    # A skipped table's plain templates and links are passed over in the scan's one match
    # (``_TABLE_SKIP``); what is not plain stops it.
    "{|\n|[[a]] [[b|c]]{{d}}-[[e]]\n|}\nx\n\n{|\n|[[a]]]\n|}\ny\n\n{|\n|{{a}}}\n|}\nz\n\n{|\n|x-{{a}}[[b\n|}\n]]\n|}\nw",
    "{|\n|[[a|[http://x.org]]] {{b}}\n|}\n[http://y.org]\n\n{|\n|[[a]]{{{b}}}\n|}\nx\n\n{|\n|{[{a}]}[x[[y]]]\n|}\nz",
    # A line may start with a math tag or a reference (inline extension tags).
    "a\n<math>x</math> b\n\n<math>y\n\nz</math> c\n\n<ref>r</ref> d\n* e\n<ref name=a/>\n\n<math>u</math>\n<ref>v",
    "* a\n<math>x</math>\n\n== h ==\n<math>x</math>\nb\n\n<ref>a</ref>\n\nb\n<math >c</math>\n<mathx>d\n<ref/>e\n<REF>f</REF>",
    "<math>a</math>\n{|\n|b\n|}\n<ref>c</ref>\n----\n<math>d</math>\n<div>e</div>\n<ref>[http://x.org]</ref>\n<ref>f\n\ng</ref> h",
    # A lone brace inside a template or link is text (the preprocessor needs two).
    "a {{x|{}} b [[a|{]] c {{x|}}} d {{x|{a}}} e [[a|}]] f {{x|{{y|}}} g { {{x}} } h {{x|a{b}c}} i {{x|-{a}-}}",
    "{|\n|[[Bracket#Curly brackets|{]]\n|-\n|}\nx\n\n{|\n|{{x|}\n|}\n}}\n|}\ny\n\n{|\n|[[a|{]]\n|}}\nz",
    "{{lang|fr|{}} {{convert|{|km}} [[a|b}]] {{x|{\n\n}} [[{]] [[}]] {{{{x}}}} {{x|{|}}",
    # ... and so are HTML tags whose ">" is on their line with nothing inside starting a token.
    "{|\n|a<br />b<BR>c</small ><small>d</x>e < f <g\n|}\nx\n\n{|\n|<span title=\"{{a}}\">b</span>\n|}\ny",
    "{|\n|<br\n>\n|}\nx\n\n{|\n|</b\n|}\n>\n|}\ny\n\n{|\n|<span a=\"[[b\n|}\n]]\">\n|}\nz\n\n{|\n|<ref>a</ref><br/>\n|}\nw",
    "{|\n|<br -{a}->\n|}\nx\n\n{|\n|<b <!-- c -->>\n|}\ny\n\n{|\n|<!x>\n|}\nz\n\n{|\n|</ref>\n|}\nw\n\n{|\n|<math>a</math>\n|}\nv",
    # Stretches of easy tokens read in one match (``_EASY``): every check of the per-token
    # branches holds over the stretch.
    "a [[ b ]] c [[\u00a0d\u2003]] e [[\x85f\x85|g ]] [[ ]] [[ |h]] [[\u3000]] [[ i | j ]] k",
    "''a'' '''b''' '''''c''''' d's [[e's]] [[f|g's]] ''[[h]]'' '''[[i|j]]'''x [[k|l']]'m ''n",
    "]''] a]]b x]''[[c]] [[d]]] e] [[f]]'' ]'''g''']",
    "a '''b'' [[c]]\n\nd ''e [[f]]\n\ng '''h [[i]]\n\n''j''' [[k]]\n\n'''''l [[m]]\n\nn ''''o [[p]]",
    "Note: a [[b]] c\n\nnews:x [[a]]\n\nhttp://x.org [[a]]\n\n[[a|http://x.org]] b\n\nmailto:y\n\na:b [[c|d:e]] f:",
    "ISBN 0306406152&nbsp;[[a]]\n\n[[a]] ISBN 123 &amp; b\n\nRFC 1234 & [[x]]\n\nPMID 1 [[y|z]]&\n\n[[a|ISBN]]&x",
    "a-{{x}} [[b]]\n\n[[a]] b-{{x}}\n\n[[a|b]]-{{x}}\n\n''a''-{{x}}\n\na -{x}- [[b]]\n\n-{{x}}",
    "a_b [[c]] d_ _e ~f~ g~~h [[i|j_k]] l\n\n[[a]] __TOC__\n\n[[a]] b~~~\n\nc ~~~~ [[d]]\n\ne\uff3f[[f]]",
    "a & b [[c]] &amp; [[x]] &bogus; [[y]] &#123; &#x41; &; &#; && [[z|&]] x&",
    "a\tb [[c]]\x01 d\n\n[[e]]\x7f\n\nf [[g\x1fh]] i",
    # References read in the stretch when they are dropped (a gap), but one whose body holds a
    # numbered link, which ends the stretch (the per-token branches read on to its end).
    "a<ref>b</ref> c<ref name=x/>d<ref name=\"y/\">e</ref>f<ref/>g <ref>h</REF >i <ref\nname=z>j\n\nk</ref> l",
    "a<ref>[http://x.org]</ref> b<ref>[http://x.org c]</ref> d<ref>[[e]] [f]</ref> g <ref>h<br/>i</ref> j",
    "''a<ref>''b''</ref> c'' d<ref>http://x.org</ref>: e <ref>x</ref>-{f}- g<ref>y</ref>&amp; ISBN<ref>z</ref>&nbsp;1",
    "a <ref>[http://x.org]</ref> <ref>[http://y.org]</ref> b [[c]] <ref>d</ref> e [http://z.org] f<ref>g",
    "a<ref>b\n\nc<ref>d</ref> e\n\nf<ref name=a\n\n>g</ref> h <refx>i</refx> <ref >j</ref > <references/>",
    # Labels whose bold and italic marks pair within them are read in the stretch.
    "''x [[a|''b'']] y'' x [[a|''b'']]'s y\n\n'''x [[a|''b'']] y\n\nx [[a|'''''b''''']] y [[a|b '''c''' ''d'']]",
    "x [[a|''b''']] y'\n\n[[a|''b'']]''c''\n\n[[a|x''b'']]''c\n\n''[[a|''b'']]\n\n[[a|''''b'''']]\n\n[[a|'b'']]",
    "'''a [[b|''c'']]''\n\n[[a|''b'''''c''']] d\n\n[[a|''b]] c''\n\n[[ a |'''b''']]\n\n[[a|''b'']]]",
    # Templates a built-in handler turns into nothing in plain text: dropped without a parse.
    "{{Main|x}}\n{{see also|[[b]]}} a {{Use dmy dates|date=x}} {{R from x}}, {{about|a|b|c}}. {{Main\n|y}}",
    "{{clear}} {{Clear left}} {{anchor|x}} {{-}} {{further information|x}} {{Reflist}} {{main_article|x}}",
    # One-line templates a built-in handler expands: called without building their node.
    "{{convert|5|km}} {{convert| 5 |km|abbr=on}} {{Convert|3|mi}} {{CONVERT|3|mi}} {{convert_|3|mi}} {{convert||}}",
    "{{lang|fr|mot}} {{lang|1=fr|2= mot }} {{lang|fr|2=x|y}} {{lang|fr|''mot''}} {{lang-fr|mot}} {{lang|01=fr|mot}}",
    "{{nowrap|a=b}} {{nowrap| a | b}} {{nowrap}} {{IPA|/x/}} {{circa|1900}}. {{ndash}} {{'s}} {{nbsp}}x",
    "a{{sfn|A|2000|p=5}}, b{{sfn|A|2000|p=5}} {{efn|note}} {{rp|5}} {{cite web|title=T|url=http://x.org|01=z}}",
    "{{cite book|title=a=b|last= X |first=Y|year=2000}} {{citation needed|date=May 2020}}. {{PAGENAME}} {{Main}}",
    # Templates and links nested plainly, passed over whole by the scan for the outer end.
    "a {{x|{{b}}}} {{x|[[b]]]}} {{x|{{{b}}}}} {{x|-{{b}}}} {{x|[[b}}]] {{x|{{}}|[[]]}} {{x|{{b}}}}}",
    "a {{x\n|{{b|[[c]]}}\n|[[d|{{e}}]]}} f {{cite book|title={{lang|fr|[[g]]}}}} h {{x|[[[i]]]}} {{x|]]{{b}}}}",
    # Templates a built-in handler expands with links in their arguments that hold no "|" or
    # "=" (the parts split alike)...
    "{{lang|fr|[[mot]]}} {{cite book|title=[[T]]|author-link=[[A]]|year=2000}} {{lang|fr|[[a|b]]}} {{lang|fr|[[a=b]]}}",
    "{{lang|fr|[[a]]=b}} {{lang|fr|[[a]]]}} {{lang|fr|[[[a]]}} {{convert|[[5]]|km}} {{lang|[[fr]]|x}} {{x|[[a]]}}",
    "* {{cite book\n|title=[[T]] and [[U]]\n|last=[[L]]\n}}\n* {{lang|fr|[[File:a.png]]}} {{lang|fr|[[wikt:a]]}} {{shout|[[a]]}}",
    # ... and over several lines, unless a line inside starts with "=" (a heading line there).
    "{{convert\n|5|km}} {{lang|fr|\nmot\n}} {{circa\n|1900}}. {{nowrap|a\n=b}} {{nowrap|a\n==b==\n}} {{lang\n|fr|\n= x}}",
    # A line of transclusion markers alone is a blank line once they vanish (MediaWiki's
    # preprocessor drops them first): it ends a paragraph or list; one the reader does not
    # know (attributes, a comment beside, a marker before a list mark) goes to the parser.
    "a\n<noinclude>\nb\n</noinclude>\nc\n<onlyinclude>\n* d\n</onlyinclude>\n* e\n<noinclude/>\n== H ==\n<noinclude />\nf",
    "a\n<includeonly>x</includeonly>\nb\n <noinclude> \t\nc\n<includeonly>[[Category:C]]</includeonly><noinclude>\n\n\nd",
    "<noinclude>\na\n\n</noinclude>\n* b\n<noinclude>* c\n<!--c--><noinclude>\nd\n<noinclude foo=bar>\ne\n<NOINCLUDE>\nf",
    "a\n<includeonly>x\ny</includeonly>\nb\n<includeonly>x</includeonly> c\n<onlyinclude></onlyinclude>\n{|\n|g\n|}\nh\n</noinclude>",
    "== H ==\n<onlyinclude>\n{| class=x\n|-\n| a\n|}\n</onlyinclude>\n=== I ===\nb\n<noinclude>\n<!--c-->\nc\n<noinclude>",
    # A list or pre continued after markers or a comment (one block), lines left with
    # behaviour switches alone (blank lines): the reader refuses them, the parser reads them.
    "x\n\n* a\n<noinclude>* b\n# c\n<!--c--># d\n\ny\n\n a\n<noinclude> b\n<!--c--> c\n\nz",
    "x\n\na\n__NOTOC__\nb\n<!--c-->__NOTOC__ \nc\n<noinclude>__NOTOC__\nd\n __NOTOC__\ne\n\ny",
    "* {{cite book\n | last = A\n | title = ''T''\n | year = 2000\n}}\n* {{cite web\n|title=T\n|url=http://x.org\n}}\n* x",
    "{{convert|5\n\n|km}} a\n\nb {{lang|fr|x\n\n== H ==\n\ny}} c {{Lang\n|fr|\nz}} {{shout\n|a}} {{PAGENAME\n}} {{sfn|A\n|2000}}",
    "a {{cite book\n|title=x\n|url=http://x.org\n}}\n== H ==\nb {{convert|3\n|mi\n}}\n\n{{lang|fr|a\n* b}}\n\n{{lang|fr|a\n b}}",
    # Expansions read as prose: quotes, links, numbered links, entities, magic links.
    "* {{cite book|last=Adams|first=C.|title=The ''Trent'' Affair|publisher=X & Y|year=1912|isbn=0-306-40615-2|url=http://x.org}}",
    "* {{cite web|title=T's|url=http://x.org/~a?b=1&c=2|archive-url=http://a.org|archive-date=2 May 2000|access-date=1 May}} [http://n.org]",
    "{{cite journal|title=''a'''|journal=J|doi=10.1/x|pmid=123}} {{cite news|title=a [b] c|work=[[W]]|url=http://x.org}}",
    "{{cite book|title=http://x.org y|author=A|author-link=B}} {{cite web|title=a&amp;b&nbsp;c|url=http://x.org}}",
    # White lines are blank lines (but after a preformatted line, and the page's last).
    "a\n \nb\n\t\n* c\n  \n== H ==\n \n{|\n|d\n|}\n \ne\n \t \n\n f\n \ng\n ",
    " \n\t\nx\n \n \n y\n \nz\n\n \n code\n \n\n \nw",
    # A tag name and a line break: no tag (hypothesis found it).
    "\n\n><b\n>", "x <b\n>y</b> <b\t>z</b>",
    # Extension tags plain text drops: a gap, whatever their body (never closed: text).
    "a\n<timeline>\nx\n</timeline>\nb\n\n<gallery mode=packed>\nFile:a.png|[[b]] [http://x.org]\n</gallery>\n\nc [http://y.org]",
    "<references/>\n\n<Timeline>x</TIMELINE > y <gallery/>. <section begin=s/>z\n* <score>a</score>\n<graph>\n\nb",
    "<templatestyles src=\"a\" />\n* x\n\n<gallery\n>x</gallery>\n\ny <inputbox>\n\n</inputbox> <rss>a",
    # A comment opening a line before a word: removed, the line reads from the word (but before
    # blanks, block markup, a brace or another tag, and a comment over a line break).
    "x\n\n<!-- c -->The y\na\n<!-- c -->b\n* c\n<!--c-->d ''e''\n\n<!--c-->[[f]] g\n== H ==\n<!--c-->h",
    "<!--c-->* x\n\n<!--c--> x\n\n<!--c-->==h==\n\n<!--c--><!--d-->e\n\n<!--c-->{|\n|x\n|}\n\n<!--c-->{{x}}",
    "<!--c-->-{a}-\n\n<!--c\n-->a\n\n<!--c-->__TOC__ b\n\n<!--c-->\n\n* a\n<!--c-->\n* b\n<!--c-->&amp;c",
    # Tags closed far on (one search answers for the paragraphs after it), or never.
    "<math>x\n\n<math>y</math> z\n\n<chem>a\n\n<math>b\n\n</math>{{{\n\n<math>c</math> <chem>d",
    "<gallery>x\n\n<gallery>y</gallery>\n\n<gallery>\n\n</gallery>{{{\n\n<gallery/>e <timeline>f",
]


@pytest.mark.parametrize("text", EDGE_CASES)
@pytest.mark.parametrize("options", OPTIONS, ids=["default", "shown", "no-handlers", "user-handlers"])
def test_edge_cases_read_the_same(text: str, options: TextOptions) -> None:
    full, fast = both(text, options)
    assert fast == full


def test_prose_is_read_without_the_parser() -> None:
    """The reader does take plain paragraphs (else the fast path silently went away)."""
    text = "== H ==\nThe '''thing''' is a [[b|c]].<ref>d</ref>\n\n{{x}} More [[e]].\n"
    parts = list(prose_parts(text, DEFAULT_CONFIG, SKIMMED_TAGS, TextOptions(template_handlers=None)))
    runs = [p for p in parts if isinstance(p, ProseRun)]
    assert len(runs) == 1
    heading, *paragraphs = runs[0].blocks
    assert isinstance(heading, ProseHeading)
    assert heading.title == " H "
    # A stretch of words, apostrophes, links and references is read in one go
    # (``_EASY_GAPS``): its pieces are the text before each link (a gap, ``\x01``, in place of
    # each reference), the link's text and the text after it.
    assert paragraphs == [["The thing is a ", "c", ".\x01"], ["\x01", " More ", "e", "."]]
    assert text_of(text, DEFAULT_TEXT_OPTIONS) == "H\n\nThe thing is a c.\n\nMore e."


def test_marker_lines_are_read_without_the_parser() -> None:
    """A line of transclusion markers alone is a blank line to the reader, as to the parser
    (``_parse.lines.vanished_line``): the page is one prose run, its paragraphs and list
    apart (MediaWiki 1.39: ``<p>a</p><p>b</p>``...)."""
    text = "a\n<noinclude>\nb\n</noinclude>\n* c\n<includeonly>x</includeonly>\nd\n<onlyinclude>\n== H ==\ne"
    parts = list(prose_parts(text, DEFAULT_CONFIG, SKIMMED_TAGS, DEFAULT_TEXT_OPTIONS))
    assert len(parts) == 1 and isinstance(parts[0], ProseRun)
    assert len(parts[0].blocks) == 6
    assert text_of(text, DEFAULT_TEXT_OPTIONS) == "a\n\nb\n\n- c\n\nd\n\nH\n\ne"
    assert text_of(text, DEFAULT_TEXT_OPTIONS, prose=False) == "a\n\nb\n\n- c\n\nd\n\nH\n\ne"


#: What the reader accepts (and constructs it hands to the parser)...
_PROSE_PIECES = [
    "\n", "\n\n", " ", "a", "words", "b c.", ",", ".", "'", "''", "'''", "'''''", "[[a]]", "[[b|c d]]",
    "[[e]]s", "[[File:f.png|thumb|cap [[g]]]]", "[[Category:C]]", "{{x}}", "{{y|1=[[z]]|2={{w}}}}",
    "{{convert|3|km}}", "{{lang|fr|mot}}", "<ref>r</ref>", "<ref name=n/>", "<ref>[http://x.org]</ref>",
    "&amp;", "&nbsp;", "<br>", "<br />", "<span>", "</span>", "<span a=\"[[b]]\">", "</x >", "\n== H ==\n", "{{a\n|b=c\n}}", "<ref>\n\nx\n</ref>",
    " [[a|''b'']] ", "{{Infobox\n| x = <ref>y</ref>\n| z = [[w]]\n}}\n", "_", "~", "-", ":",
    "\n* ", "\n# ", "\n** ", "\n*# ", "\n\n* ", "\n\n# ", "[http://x.org label]", "[http://x.org]",
    "x<!--c-->y", "\n: ", "\n:: ", "\n*: ", "\n\n: ", "<math>a</math>", "ISBN 0306406152",
    "[[File:f.png|thumb|[[g|h]]]]", "\n{|\n", "\n|}\n", "\n| ", "\n|-\n", "||", "\n! ",
    "\n{|\n| a\n|}\n", "\n\n{| class=x\n|-\n| [[a]] || {{b\n|c}}\n|}\n", "\n:{|\n",
    "{{sfn|A|2000|p=5}}", "{{nowrap|a = b|c}}", "{{cite web|title=T|url=http://x.org}}", "{{Main|x}}",
    "{{circa|1900}}", "{{lang|1=fr|2=''x''}}", "{{convert\n|3\n|km\n}}", "{{lang|fr|\n= x\n}}", "\n<!--c-->\n", "\n<!--c--> <!--d-->\n", "<!--c-->",
    " <!--c--> ", "[", "]", "[a]", "[[a]]]", "\n== H ==<!--c-->\n", "\n==H== <!--c--> \n",
    "[http://x.org/~a?b=1&c=2 ''l'' a's]", "[http://x.org a &amp; b]", "[http://x.org '''b''']",
    "{{cite book|last=A|title=''T''|year=2000|isbn=0-306-40615-2}}", "{{cite web|title=T|url=http://x.org}}",
    "\n;", "\n; ", "\n;a\n:b\n", "\n*;",
    # Lines of transclusion markers alone: blank lines.
    "\n<noinclude>\n", "\n</onlyinclude>\n", "\n<includeonly>x</includeonly>\n", "\n <noinclude/> <onlyinclude>\n",
    # White lines (spaces and tabs only): blank lines, but after a preformatted line.
    "\n \n", "\n\t\n", "\n  \n \n", "\n\n \n", " \n",
    # Extension tags plain text drops (a gap), inside a line or starting one.
    "<gallery>\nFile:a.png|b [http://x.org]\n</gallery>", "<timeline>x</timeline>", "<references />",
    "<gallery/>", "<Gallery mode=x>a</GALLERY >", "\n<templatestyles src=\"a\" />", "\n<section begin=s/>",
    # A comment opening a line, a word after it (the line reads as if it started there).
    "\n<!--c-->x", "\n<!-- c -->[[a]]", "\n\n<!--c-->''b''", "\n* a\n<!--c-->d",
    # Tokens of the stretches read in one match, and what borders them.
    "[[ a ]]", "[[\u00a0b\u2003|c ]]", "[[ ]]", "[[ |d]]", "[[e's]]", "[[f|g']]", "'h", "]''", "]]", "a]",
    "'''''", "''[[i]]''", "Note:", "news:x", "a:b", "[[j|k:l]]", "ISBN 123", "RFC 1", "&", "&amp;", "&x;",
    "m-", "-{{n}}", "_", "o_p", "~~", "~", "[[q|r_s]]", "[[t__u]]", "\t", "\uff3f",
    "{{x|{{b}}}}", "{{x|[[b]]}}", "{{lang|fr|[[a]]}}", "{{cite book|title=[[b]]\n|year=2000}}", "{{lang|fr|[[c|d]]}}",
    "[[b|{{x}}]]", "{{x|\n{{b}}\n}}", "<ref>[http://x.org a]</ref>", "<ref name=\"a/\">b</ref>", "<ref>''c''</ref>",
    "<ref>d</REF >", "<ref/>", "<ref>e\nf</ref>", "[[v|''w'']]", "[[x|'''y''']]", "[[z|''a''']]", "[[b|''c]]", "[[d|'''''e''''']]", "[[f|g ''h'' i]]",
]
#: ...and what it must refuse, or hand to the parser with the paragraph around it.
_OTHER_PIECES = [
    "''''", "[[", "]]", "|", "{{!}}", "{{", "}}", "{{{a}}}", "</ref>", "<ref>", "&bogus;", "&", "<div>",
    "<!-- c -->", "<!--", "-->", "\n=H=", "==", "\n* ", "\n# ", "\n:", "\n;", "\n ", "\n{|", "\n|",
    "\n|}", "\n----", "-{", "}-", "__TOC__", "~~~", "ISBN 0306406152", "http://x.org", "<nowiki>",
    "</nowiki>", "<pre>", "</pre>", "#REDIRECT [[r]]", "\t", "[http://y.org]", "<b>", "<math>", "</math>",
    "<gallery caption=\"a", "<ref name=\"a", "\">", "</gallery>", "<!--c-->|}", "\n<!--c-->{|", "\n|} x",
    "<noinclude>", "</noinclude>", "<span title=\"a\n", "{{{", "\n<noinclude>", "<includeonly>", "\n<!--c--><noinclude>\n",
    "\n<noinclude foo=bar>\n", "\n<noinclude>* ",
    # A list or pre continued after markers or a comment; lines left with behaviour switches alone.
    "\n<!--c-->* ", "\n<noinclude># ", "\n<noinclude> ", "\n<!--c--> ", "\n__NOTOC__\n", "\n__NOTOC__ \n",
    "\n<!--c-->__NOTOC__\n", "\n__NOTOC__<!--x-->\n", "\n<noinclude>__NOTOC__\n", "\n __NOTOC__\n",
    "\n== H ==__NOTOC__\n", "\n== H == __NOEDITSECTION__<!--c-->\n",
    "<gallery>", "</timeline>", "<score>",
]
#: One piece in ten from the second list, so that most pages have paragraphs the reader takes.
_PIECE = st.tuples(st.integers(0, 9), st.sampled_from(_PROSE_PIECES), st.sampled_from(_OTHER_PIECES)).map(
    lambda t: t[2] if t[0] == 0 else t[1]
)
PROSE = st.lists(_PIECE | st.text(alphabet="ab '[]{}|<>=&\n", max_size=3), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(PROSE, st.sampled_from([*OPTIONS, *TABLE_OPTIONS]))
def test_generated_wikitext_reads_the_same(text: str, options: TextOptions) -> None:
    full, fast = both(text, options)
    assert fast == full


@pytest.mark.parametrize(
    "options",
    [
        TextOptions(handlers={"main": lambda call: "Main: " + call.arg(1)}),
        TextOptions(handlers={"Use dmy dates": lambda call: "dates"}),
        TextOptions(template_handlers={"main": lambda call: "Main: " + call.arg(1), "use *": lambda call: "u"}),
    ],
    ids=["user-main", "user-use", "own-registry"],
)
def test_silent_handlers_replaced(options: TextOptions) -> None:
    """A built-in handler that shows nothing is dropped unparsed only while it is the one used."""
    text = "{{Main|x}} a {{Use dmy dates|date=x}} b {{use mdy dates}}."
    full, fast = both(text, options)
    assert fast == full
    assert full.startswith(("Main: x", "a dates", "a u"))


def test_own_registry_handlers_get_the_node() -> None:
    """Only built-in handlers are called without the node: a registry's own may read it."""
    options = TextOptions(template_handlers={"convert": lambda call: f"<{call.node.name}>".strip("<>")})
    text = "A {{convert|5|km}} walk."
    full, fast = both(text, options)
    assert fast == full == "A convert walk."


def test_options_with_a_config() -> None:
    """A wiki's own config (link trails, namespaces) goes to the reader too."""
    from wikiparse.presets import load_preset

    options = attrs.evolve(DEFAULT_TEXT_OPTIONS, config=load_preset("bgwiki"))
    for text in EDGE_CASES:
        full, fast = both(text, options)
        assert fast == full, text
    options = attrs.evolve(options, tables=True)
    for text in TABLE_EDGE_CASES:
        full, fast = both(text, options)
        assert fast == full, text


@pytest.mark.parametrize("key", sorted(TEXT_SILENT_KEYS))
def test_silent_keys_show_nothing(key: str) -> None:
    """Each built-in handler listed as silent gives nothing in plain text and Markdown."""
    for source in ("{{%s}}", "{{%s|a|b=c|[[d]]|e}}"):
        node = parse(source % key.replace("*", "x")).find_templates()[0]
        for output in ("text", "markdown"):
            call = TemplateCall(node, output, datetime.date(2020, 1, 1), key)
            assert BUILTIN_TEMPLATES[key](call) == ""


def test_tables_and_handled_templates_are_read_without_the_parser() -> None:
    """A dropped table, a silent template and an expanded one come out of the reader itself."""
    text = "{{Main|x}}\nA {{convert|5|km}} walk.\n\n{|\n| {{b\n|c}} [[d]]\n|}\nAfter."
    parts = list(prose_parts(text, DEFAULT_CONFIG, SKIMMED_TAGS, DEFAULT_TEXT_OPTIONS))
    assert len(parts) == 1 and isinstance(parts[0], ProseRun)
    first, table, after = parts[0].blocks
    assert isinstance(first, list) and isinstance(first[3], ProseExpansion) and first[:3] == ["\x01", " ", "A "]
    assert isinstance(table, ProseTable)
    assert after == ["After."]
    assert text_of(text, DEFAULT_TEXT_OPTIONS) == "A 5 kilometres (3.1\xa0mi) walk.\n\nAfter."


# -- tables=True: tables read without the parser (render/_text_prose_tables.py) -------------


TABLE_EDGE_CASES = [
    "{|\n| a || b\n|-\n| c\n| d\n|}",
    "Text before.\n{| class=\"wikitable\"\n|+ style=\"x\" | Cap\n|-\n! A !! B\n|-\n| style=\"x\" | [[a|b]] || {{flag|c}} d\n|}\nText after.",
    "{|\n| a [http://x.com y|z] || b\n|}",  # the bar inside a bracketed link splits attributes
    "{|\n| [[a|b]] | c || [[File:f.png|thumb|d]] | e\n|}",  # a link first: no attributes
    "{|\n| {{x}} [[a|b]] | c\n| {{x}} [[a<b|c]] | d\n|}",  # a link after a template: the parser tells
    "{|\n|a||b\n|+cap\n|c\n|}",  # a cell after a caption joins the row before it
    "{|\n|+ a || b\n|}",  # a caption is not split at ||
    # Walked in the tree's order (the cell after the caption first): the same numbers.
    "{|\n|a<ref>x</ref> [http://a.org]\n|+cap<ref>y</ref> [http://b.org]\n|c<ref>z</ref> [http://c.org]\n|}\n[http://d.org]",
    "{|\n! h !! i || j\n| k !! l\n|}",  # !! splits header lines only
    "{|\n|||a||||b\n|}",
    "{|\n| x<y || z <br> w\n|}",  # a tag left open: the split skips the || (the parser tells)
    "{|\n| <span title=\"a||b\">c</span> || d\n|}",
    "{|\n| a <ref>b || c</ref> || d <!-- e || f --> || g\n|}",
    "{|\n| {{x|a||b}} || {{convert|5|km}} || {{lang|fr|mot}}\n|}",
    "{|\n| [[a||b]] || c\n|}",
    "{|\n|* p || # q\n|-\n| * r || : s || ;t || = u = || ---- || -5 || <!--c--> v\n|}",
    "{|\n| ''a || b'' || '''c\n| ''d'''\n|}",  # quotes pair within a cell
    "{|\n|-\n<!-- c -->\n| a\n<!--d--> | b\n\n  \n| c\n<!-- e\n| f -->| g\n|}",  # comment and blank lines
    "{|\n| a\n<!--c-->|}\nb",  # comments before the closing line
    "{|\n| a\n<!--c-->|} x\nb\n\n{|\n|- <!--c\n-->\n| a\n|}\n\n{|<!--\n-->\n| a<!--\n|}-->\n|}",
    "{|\n| a\nb\n|}",  # content on a line of its own: the cell's blocks
    "{|\n|a {{x}}\n. b\n|-\n| a {{x}}\n. b\n|}",  # after a bar: one paragraph; after a blank: two
    "{|\n|\n* a\n* b\n| c\n#d\n\ne\n<!--f-->\ng\n|-\n| style=x |\n# h\n: i\n|}",
    "{|\n|* a\n* b\n| # c\n# d\n|; e\nf\n|}",  # a list right after the bar, over several lines
    "{|\n| a\n== b ==\n| c\n----\n| d\n <pre>e</pre>\n|}",
    "{|\n| a\n<!--b--> c\n| d\n  \n| e\n{{f}}\n|}",
    "{|\n| a\n{|\n| b || c\n|-\n| d\n|}\ne. f\n| g\n|}",  # a nested table: rows flattened in the cell
    "{|\n| {{x}}\n{|\n|.b\n|}\n. c\n|-\n|\n{|\n|+ cap\n|}\n<!--c-->\n{|\n|}\n|}",
    "{|\n|x\n{|\n|y\n{|\n|z\n{|\n|w\n|}\n|}\n|}\n|}",  # deeper than MAX_DEPTH: the parser
    "{|\n| a\n:{|\n| b\n|}\n|-\n| c\n {|\n| d\n|}\n|}",  # indented nested tables: the parser
    "{|\n| a\n|} b",  # text after the table on its line
    "{|\n| a\n",  # never closed
    "{|\n| a [http://x.org] <ref>[http://y.org]</ref>\n|}\n[http://z.org] <ref name=r>x</ref><ref name=r/>",
    "* item\n{|\n| a\n|}\n# n\n{|\n| b\n|}\n== H ==\n{| {{attrs}}\n|- style=\"{{x}}\"\n| c\n|}",
    "{|\n| {{a\n|b}} || <ref>\nc\n</ref> d\n|}",  # constructs over line breaks stay in their cell
    "{|\n| [[a\nb]] || c\n|}",
    "{|\n| -{a}- || {{{b}}} || <noinclude>c</noinclude>\n|}",
    "{|\n| style=\"a\" | b | c\n|}",
    "{|\n|<poem>a\nb</poem>\n| <math>x|y</math> || <nowiki>|</nowiki>\n|}",
    "{|\n|\n|}\n{|\n|}\n{|\n|-\n|-\n|}",
]


@pytest.mark.parametrize("text", TABLE_EDGE_CASES)
@pytest.mark.parametrize("options", TABLE_OPTIONS, ids=["default", "shown", "no-handlers", "user-handlers"])
def test_table_edge_cases_read_the_same(text: str, options: TextOptions) -> None:
    full, fast = both(text, options)
    assert fast == full


def test_tables_are_read_as_rows_without_the_parser() -> None:
    """With tables=True a plain table comes out of the reader as rows of cells' pieces."""
    text = "A.\n{| class=x\n|+ Cap\n|-\n! style=\"y\" | H1 !! H2\n|-\n| [[a|b]] || ''c'' {{x}}.\n|}\nB."
    options = TextOptions(tables=True, template_handlers=None)
    parts = list(prose_parts(text, DEFAULT_CONFIG, SKIMMED_TAGS, options))
    assert len(parts) == 1 and isinstance(parts[0], ProseRun)
    first, table, after = parts[0].blocks
    assert first == ["A."] and after == ["B."]
    assert isinstance(table, ProseTableRows)
    assert table.rows == [[["Cap"]], [["H1 "], ["H2"]], [["b", " "], ["c ", "\x01", "."]]]
    assert text_of(text, options) == "A.\n\nCap\nH1\tH2\nb\tc.\n\nB."


#: Pieces of table lines: markup the reader reads, and some it must hand to the parser.
_TABLE_HEADS = [
    "\n|", "\n!", "\n|-", "\n|- style=\"a\"", "\n|+", "\n|+ style=x |", "\n| ", "\n! ", "\n  |", "\n||", "\n!!",
    "\n{|\n| n1 || n2\n|}", "\n{|\n|-\n! x\n|}\ntext", "\n{|\n| y\n{|\n| z\n|}\n|}",
    "\n", "\n  ", "\n<!--c-->", "\n<!--c-->|", "\n* a", "\n# b", "\nplain", "\n\nx", "\n: d", "\n<!--a\nb-->!", "\n|}", "\n{|", "\nx", "\n*", "\n <!--c-->",
]
_TABLE_CELLS = [
    "a", " b ", "||", "!!", "|", " | ", "style=\"x\"|", "[[a]]", "[[b|c]]", "[[a||b]]", "{{x}}", "{{x|a||b}}",
    "{{convert|5|km}}", "{{lang|fr|mot}}", "<ref>r</ref>", "<ref name=n/>", "<ref>[http://x.org]</ref>",
    "[http://x.org]", "[http://x.org y|z]", "<br>", "<small>", "</small>", "<span title=\"a|b\">", "x<y",
    "<!--c-->", "''", "'''", "''''", "&amp;", "*", "#", ":", ";", "-", "----", "=", " ", "[[File:f.png|thumb|c]]",
    "[[Category:C]]", "{{", "}}", "[[", "]]", "{{{a}}}", "-{a}-", "<nowiki>|</nowiki>", "{{a\n|b}}",
    "<ref>\nx\n</ref>", "{{x}}[[a<b|c]]|", "{{shout}}", "{{Lang|x}}", "é", "!", "http://x.org",
]
_TABLE_LINE = st.tuples(st.sampled_from(_TABLE_HEADS), st.lists(st.sampled_from(_TABLE_CELLS), max_size=5)).map(
    lambda t: t[0] + "".join(t[1])
)
TABLES = st.tuples(
    st.sampled_from(["", "Para.\n", "* item\n", "x\n\n"]),
    st.sampled_from(["{|", "{| class=x", "{| {{a}}"]),
    st.lists(_TABLE_LINE, max_size=8),
    st.sampled_from(["\n|}", "\n|}", "\n|} x", "", "\n|}\nafter", "\n|}\n\n{|\n|a\n|}"]),
).map(lambda t: t[0] + t[1] + "".join(t[2]) + t[3])


@settings(max_examples=300, deadline=None)
@given(TABLES, st.sampled_from(range(len(TABLE_OPTIONS))))
def test_generated_tables_read_the_same(text: str, which: int) -> None:
    full, fast = both(text, TABLE_OPTIONS[which])
    assert fast == full


def _dict_lookups(text: str) -> int:
    """The ``dict.get`` calls ``to_text`` makes on ``text`` (a count no load can disturb)."""
    count = 0

    def profile(_frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event == "c_call" and getattr(arg, "__name__", "") == "get":
            count += 1

    sys.setprofile(profile)
    try:
        text_of(text, DEFAULT_TEXT_OPTIONS)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.interpreted
def test_a_long_word_before_a_colon_is_read_once() -> None:
    """Whether a bare URL may start at a colon is told from the letters before it that a
    protocol name can have: a word of n letters once cost n lookups of growing slices
    (quadratic time).  Twice as many letters now make no more lookups."""
    _dict_lookups("x a: b [[c]] d:e")  # what the first page loads and caches
    words = _free_protocols(DEFAULT_CONFIG)[2]  # what pages share: each count starts without it
    counts = []
    for n in (2_000, 4_000):
        words.clear()
        counts.append(_dict_lookups(f"x {'a' * n}: b [[c]] d:e"))
    assert counts[0] == counts[1]


def _plain_numbered_link_pattern() -> re.Pattern[str]:
    """``numbered_link_pattern`` as first written: the protocols one plain alternation."""
    protocols = DEFAULT_CONFIG.url_protocols
    firsts = "".join(sorted({c for p in protocols for c in (p[:1].lower(), p[:1].upper())}))
    alternation = "|".join(re.escape(p) for p in protocols)
    return re.compile(r"\[(?=[" + re.escape(firsts) + r"])(?i:" + alternation + r")(?:\[[0-9A-Fa-f:.]+\])?[^\]\[\s]*\s*\]")


_LINK_BITS = st.sampled_from(
    [*DEFAULT_CONFIG.url_protocols, "[", "]", "[[", " ", "\n", "x", "HTTP://", "Ftp://", "ſip:", "\u212aa", "[::1]", ":", "/"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINK_BITS, max_size=12).map("".join))
def test_numbered_links_grouped_by_first_character_match_alike(text: str) -> None:
    """The protocols grouped by their first character match what their plain alternation
    matched (the reader only asks whether there is a match)."""
    plain = _plain_numbered_link_pattern()
    grouped = numbered_link_pattern(DEFAULT_CONFIG)
    for start in range(len(text) + 1):
        assert (grouped.match(text, start) is None) == (plain.match(text, start) is None)


@given(st.text(alphabet="ab \t\n\x01.,)\xa0\x03\r", max_size=12))
def test_gaps_ending_a_block_go_with_the_blanks_before_them(text: str) -> None:
    """A block's trailing gaps are stripped with the blanks among them at once (most paragraphs
    end with a reference): the same as dropping each gap before the end."""
    from wikiparse.render.text import _drop_gaps_before_punctuation, _finish_inline

    assert _finish_inline(text) == _finish_inline(_drop_gaps_before_punctuation(text).replace("\x01", ""))


def _finished_the_long_way(text: str) -> str:
    """``render.text._finish_inline`` of a text without gaps by its general route alone."""
    text = re.sub(r"[\x00\x03-\x08\x0b\x0e-\x1f]", "", text)
    text = re.sub(r"[ \t\r\f\v]{2,}|[\t\r\f\v]", " ", text)
    text = text.replace(" \n", "\n").replace("\n ", "\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@given(st.text(alphabet="ab \t\n\x02\x03\x7f\xa0\u200b\r\f", max_size=12))
def test_text_without_controls_needs_only_its_spaces_folded(text: str) -> None:
    """A block that is not printable (a no-break space) but holds no C0 control takes the
    short route: the same as the general one."""
    from wikiparse.render.text import _finish_inline

    assert _finish_inline(text) == _finished_the_long_way(text)
