"""The parser's shortcuts for common shapes give the trees of the general path they skip.

Each shortcut is switched off by replacing it with "not this shape" (so the general path
runs), and the trees, spans included, must be the same: on pages of the bundled English
sample and on random wikitext built from the pieces these shortcuts decide on.

* ``blocks.one_line_after_tag``: a container that is one line not at a line start (a ref
  body, a table cell) is its inline nodes;
* ``links.plain_link``: a link of one text target and at most one label, made from the text;
* ``links.ordinary_link``: the preprocessor's scan matches an ordinary link whole
  (``Patterns.scan_page``) and it is made from the match;
* ``state.inert``: a template value or link label the inline pass would give back unchanged
  is not queued for it;
* ``Patterns.simple_part``: the preprocessor reads a ``|name=value`` template part at once;
* ``Patterns.flat_template``: the preprocessor reads a template of text, pipes, ``=`` and
  ordinary links in values only at once (``braces.flat_template``; its scan matches it whole,
  ``Patterns.scan_page``);
* ``inline.whole_url``: a text that is one bare URL (between spaces) is made at once (a flat
  template's value by ``braces.flat_template``, not queued for the inline pass);
* ``preprocessor._BRACE_NODES``: a tag body of templates only is not queued for a block pass;
* ``preprocessor.MERGE_ALWAYS``: a node list the bracket loop made by its regular steps only
  is not merged again;
* ``blocks.prose_line``: a paragraph line with nothing for the block pass is read, and its
  inline passes done, in one step (link trails and apostrophes alone when that is all);
* ``inline.url_colon``: a colon with no protocol's word before it starts no construct scan
  (nor queues a flat template's value for the inline pass, ``braces.flat_template``);
* ``blocks._LIST_MARKERS``: a list line at a line start is a list line without ``kind_of``;
* ``tables.settled_cell``: a cell the block pass would give back unchanged is not queued for it;
* ``blocks._HEADING_MARKS``: a heading line at a line start is a heading without ``kind_of``
  (its match read once);
* ``build_blocks(regular=True)`` and ``blocks.make_paragraph``: the lines of the page and of a
  tag body (texts merged by the preprocessor) keep their texts merged through the line pass, so
  a paragraph of one line is taken as it is and one of several is joined at the line ends
  alone (``lines.joined_lines``), not merged again;
* ``blocks.MERGE_ALWAYS``: a container's blocks and the newlines between them are not merged
  again (only where a line's own nodes went in among them);
* ``inline.MERGE_ALWAYS`` and ``quotes.quotes``' merged top level: what the inline steps and
  the apostrophes give a line whose texts were merged is not merged again (``inline_nodes``,
  ``blocks.prose_line``);
* ``inline.no_trail_starts``: a text after a wikilink that starts with a character no trail
  starts with (a space, a comma) is not matched against the trail pattern.

Switching them off replaces module functions, which compiled modules do not look up again:
these tests run on the interpreted build only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wikiparse
from conftest import main_pages
from wikiparse import _parse
from wikiparse._parse import (
    blocks,
    braces,
    inline,
    links,
    parse_for_rendering,
    preprocessor,
    quotes,
    tables,
)
from wikiparse._parse.patterns import patterns
from wikiparse._parse.state import ParseState, merge_text, new_container
from wikiparse.config import DEFAULT_CONFIG
from wikiparse.nodes import Node, Paragraph, Wikicode
from wikiparse.testing import assert_same_tree

pytestmark = pytest.mark.interpreted

#: Every 8th page of the English sample: ref bodies, cells, citation values, links of every kind.
_SAMPLE = main_pages()[::8]

_PIECES = (
    "<ref>", "</ref>", "<ref name=a/>", "{{", "}}", "|", "=", "\n", "\n=", "[[", "]]", "[[a]]", "-", "}",
    "[[a|b]]", "[[:a]]", "[[File:x.png|thumb|c]]", "[[Category:c]]", "[[fr:x]]", "[[a|]]",
    "[[Help:]]", "[[a%3Cb]]", "[[http://x]]", "{|", "|}", "|-", "||", "!", " ", "x", "y", "ab",
    "''", "'''", "&amp;", "http://e.org/p", "mailto:a@b.c", ":", "~~~~", "__TOC__", "<b>",
    "</b>", "<!--c-->", "ISBN 0-306-40615-2", "= h =", "*", "#", ";", "\t", "{{x}}", "</div>",
    "<div>", "é", "-{", "}-", "{{{1}}}", "<pre>", "</pre>", "<nowiki>[[a]]</nowiki>",
    "{{a|b=c|d}}", "{{PAGENAME}}", "{{a:b|c}}", "}}}", "{{a\n|b = c\n|d\n}}", "a=b",
    "{{a|url=", "https://e.org/a_b?c=d", ").", "(", "HTTP://E.ORG", "&", "'", "__", "~~~", "ISBN", "\u00a0",
    "[[a b|c ''d'']]", "[[ a |b]]", "[[a|b|c]]", "[[a|[[b]]]]", "[[a]]]", "[[[a]]", "[[.a]]", "[[a&b]]",
    "[[a|b\nc]]", "[[a\tb|c]]", "[[a|b=c]]", "{{a|b=[[c]]|[[d|e]]}}", "{{a|[[b|c\n]]}}", "[[a|b}}",
)


def _general(monkeypatch: pytest.MonkeyPatch) -> None:
    """Switch every shortcut off: the general path decides each shape."""
    monkeypatch.setattr(blocks, "one_line_after_tag", lambda st, nodes: None)
    monkeypatch.setattr(links, "plain_link", lambda st, start, open_end, end, bar: None)
    monkeypatch.setattr(links, "ordinary_link", lambda st, m: None)
    monkeypatch.setattr(braces, "flat_template", lambda st, start, close: None)
    monkeypatch.setattr(braces, "inert", lambda st, nodes: False)
    monkeypatch.setattr(links, "inert", lambda st, nodes: False)
    monkeypatch.setattr(patterns(DEFAULT_CONFIG), "simple_part", re.compile("(?!)()"))
    monkeypatch.setattr(patterns(DEFAULT_CONFIG), "flat_template", re.compile("(?!)"))
    monkeypatch.setattr(inline, "whole_url", lambda st, node: None)
    monkeypatch.setattr(preprocessor, "_BRACE_NODES", frozenset())
    monkeypatch.setattr(preprocessor, "MERGE_ALWAYS", True)
    monkeypatch.setattr(blocks, "prose_line", lambda st, line: None)
    monkeypatch.setattr(inline, "url_colon", lambda st, texts: True)
    monkeypatch.setattr(blocks, "url_colon", lambda st, texts: True)
    monkeypatch.setattr(blocks, "_LIST_MARKERS", frozenset())
    monkeypatch.setattr(tables, "settled_cell", lambda st, nodes: False)
    monkeypatch.setattr(blocks, "_HEADING_MARKS", frozenset())
    monkeypatch.setattr(_parse, "build_blocks", _irregular_blocks)
    monkeypatch.setattr(blocks, "make_paragraph", _merged_paragraph)
    monkeypatch.setattr(blocks, "MERGE_ALWAYS", True)
    monkeypatch.setattr(inline, "MERGE_ALWAYS", True)
    monkeypatch.setattr(inline, "quotes", _merged_quotes)
    monkeypatch.setattr(blocks, "quotes", _merged_quotes)
    monkeypatch.setattr(inline, "no_trail_starts", lambda st: frozenset())
    monkeypatch.setattr(blocks, "no_trail_starts", lambda st: frozenset())


def _irregular_blocks(st: ParseState, nodes: list[Node], start: int, end: int, regular: bool = True) -> list[Node]:
    """``build_blocks`` trusting no container's texts to be merged (as for a cell)."""
    return blocks.build_blocks(st, nodes, start, end, False)


def _merged_quotes(st: ParseState, pieces: list[Node]) -> list[Node]:
    """``quotes`` with its top level merged again, as the callers did."""
    return merge_text(quotes.quotes(st, pieces))


def _merged_paragraph(st: ParseState, lines: list[list[Node]]) -> Paragraph:
    """``make_paragraph`` by the general merge: every line and newline node, merged."""
    nodes: list[Node] = []
    for i, line in enumerate(lines):
        if i:
            nodes.append(st.text_at(lines[i - 1][-1].end, line[0].start))
        nodes.extend(line)
    return new_container(Paragraph, lines[0][0].start, lines[-1][-1].end, merge_text(nodes))


def _both(text: str, skim: bool = False) -> Iterator[wikiparse.Document]:
    """The tree with the shortcuts, then the tree without them (``skim``: as a renderer
    parses, template values skimmed)."""
    def parse(text: str) -> wikiparse.Document:
        return parse_for_rendering(text, skim_templates=True) if skim else wikiparse.parse(text)
    yield parse(text)
    with pytest.MonkeyPatch.context() as mp:
        _general(mp)
        yield parse(text)


@pytest.mark.parametrize("page", range(len(_SAMPLE)), ids=[p.title for p in _SAMPLE])
def test_sample_page_same_tree_without_shortcuts(page: int) -> None:
    fast, general = _both(_SAMPLE[page].text)
    assert_same_tree(fast, general, spans=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_random_wikitext_same_tree_without_shortcuts(text: str) -> None:
    fast, general = _both(text)
    assert_same_tree(fast, general, spans=True)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_random_wikitext_same_skimmed_tree_without_shortcuts(text: str) -> None:
    fast, general = _both(text, skim=True)
    assert_same_tree(fast, general, spans=True)


def _both_preprocessed(text: str) -> Iterator[Wikicode]:
    """The preprocessor pass alone (``preprocess``: its lists are the tree), with the shortcuts
    and without them."""
    yield preprocessor.preprocess(text)
    with pytest.MonkeyPatch.context() as mp:
        _general(mp)
        yield preprocessor.preprocess(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_random_wikitext_same_preprocessed_tree_without_shortcuts(text: str) -> None:
    fast, general = _both_preprocessed(text)
    assert_same_tree(fast, general, spans=True)


@pytest.mark.parametrize("page", range(len(_SAMPLE)), ids=[p.title for p in _SAMPLE])
def test_sample_page_same_preprocessed_tree_without_shortcuts(page: int) -> None:
    fast, general = _both_preprocessed(_SAMPLE[page].text)
    assert_same_tree(fast, general, spans=True)


@pytest.mark.parametrize(
    "text",
    [
        "<ref>{{cite web|url=http://e.org|title=T}}</ref>",  # a ref body of one template
        "a<ref> </ref>b<ref></ref>",  # blank and empty bodies
        "<ref>{{a}}{{#if:x|y}}{{{1}}}{{PAGENAME}}</ref><ref>{{a}} </ref>",  # brace nodes only
        "<ref>{|\n|x\n|}</ref>",  # a table in a ref body: the general path
        "<ref><!--c-->{|\n|x\n|}</ref>",  # a vanishing node first: the general path
        "{|\n| a || b [[x]]y\n|}",  # cells on one line
        "{{x|a=\n{{y}}\n|b=c\nd}}",  # values over several lines, inert
        "{{x|a=\n== h ==\n}}",  # a heading line in a value: queued
        "{{x|[[a]]b}}",  # a link before its trail: queued
        "{{x|[[a]] b|[[c]]|[[d]]\ne|[[Category:f]]g}}",  # links without a trail: inert
        "[[File:x.png|thumb|left|250px|[[a]]b c|[[d]] e]]",  # file options
        "{{x|a=b|c=d-e|f=\ng\n|h=i=j|=k|l=}}{{{1|a=b}}}",  # parts read at once
        "{{x|a=b\n=c|d=-{e}-|f=<!--c-->|g=h}\n}}",  # parts the loop reads token by token
        "{{x}}{{x|}}{{|}}{{}}{{ x |1| 2 |=|a=|=b|c=d=e|f\ng|h\n=i}}",  # flat templates, and not
        "{{x\n|a = ''b''\n|c = http://e.org &amp; d\n}}{{PAGENAME}}{{PAGENAME|x}}{{#if:a|b}}",
        "<ref>{{a|b=c}}</ref><ref>{{a|b=c}} </ref><ref>{{{a}}}</ref><ref>{{a}}}</ref><ref>{{PAGENAME}}</ref>",
        "<ref>{{}}</ref><ref>{{a|\n==h==\n}}</ref><ref>{{a:b}}</ref><ref>{{ a\n| b = [[c]] }}</ref>",
        "{{c|url=http://e.org/a|u= https://e.org/b\t|v=http://e.org/(c)|w=mailto:a@b.c.|x=http://e.org/&amp;}}",
        "{{c|a=http://|b=HTTP://E.ORG/x|c=xhttp://e.org|d=git+ssh://e.org|e=http://e.org/a__b|f=ftp://e/'x'}}",
        "{{c|a=http://e.org/~~~~|b=http://e.org/ISBN 0-306-40615-2|c=  http://e.org/a  |d=urn:isbn:1|e=:http://e}}",
        "{{c|url=http://e.org/" + "a" * 60 + "\u00a0x}}",  # no URL to its end: one match, not every split
        # colons in flat values: a subtitle, a time, a protocol's word before one, a URL after one
        "{{c|title=A: b|t=10:30|m=mailto:a@b.c|n=xhttp: y|u=see http://e.org|é=é:x|s=ſ:x|k=a:b''c''}}",
        "{{x|a}}}{{x|a}}}}{{{x|a}}}[[a|{{b|c}}]]-{{{x}}}-{{x|\n==h==\n}}",
        "[[ .a]] [[a.b]] [[a#b]] [[#b]] [[ a ]] [[a/b]] [[a%20b]] [[a&amp;b]] [[\u00a0a\u3000]] [[../a]] [[.]]",
        "[[a|b]]c [[Category:c|k]] [[fr:x]] [[:File:y]] [[a|]] [[Help:]] [[ a ]]",
        # flat templates with ordinary links in their values
        "{{c|title=[[A]] b|publisher=[[C|D]]|[[e]]|f=[[g]]h|[[i|j]] k|=[[l]]|m=[[n]]\n}}",
        "{{c|a=[[b|''c'']]|d=[[e]]'s|f=x [[g]]\n|h=[[i|j|k]]}}{{c|a=[[b]]|c=[[d]]e}}",
        "<ref>{{c|a=[[b]]}}</ref><ref>{{c|[[a]]|b}}</ref>{{c|a=[[b]]}}}",
        "{{c|[[a]]=b}}{{c|a=[[b]]]}}{{c|a=[[b|]]}}{{c|a=[[:b]]}}{{c|a=[[b]]\n=c}}{{[[a]]}}{{c|a=[b]}}",
        "{{c|a=[[b|c=d]]|[[e|f=g]]|h\n[[i]]}}{{c|a=[[b]]|c=http://e.org [[d]]}}",
        # prose lines: paragraphs, continued, after lists, pres, tags, rules and tables
        "a [[b]]c {{d}} ''e'' '''f'''<ref>g</ref> h.\ni [[j]]k: l\n\n[[m]] n\n{{o}} p\n* q\nr\n s\nt",
        "<div>a</div> b\nc\n----d\ne\n{|\n|x\n|}f\ng\n<!--c-->\nh\n__NOTOC__\ni\n#REDIRECT [[a]] b\nc",
        "a [[b]]cHTTP://e.org d\ne [[f]]ghttp://e.org\n[[g]]http://e.org/x\nPortal:x, 10:30, mailto:a@b.c",
        "a ''b [[c]]d'' e'''\n'''''f''' g''\na''''b'''''c\nl'''a''' ''b'' '''c\n{{x}} ''y''\n[[a]]''b''",
        # apostrophes split as ' + '' (both counts odd): the ' beside a text, at the top level too
        "a'''b ''c\n[[a]] b'''c ''d\n<ref>x'''y ''z</ref>\n{|\n| a'''b ''c\n|}\n* a'''b ''c [[d]]",
        "a<pre>b</pre>\nc <nowiki>d</nowiki> e\n{{{1}}} f\n{{#if:a|b}} c\n{{PAGENAME}}: d\n\u3000a\n\u00a0b",
        "{{x|a\nb: c\nd [[e]]f}}[[a|b\nc: d]]<ref>a\nb: c ''d''\n</ref>",
        "* a\n** b\n#: c\n; d : e\n<ref>* f\n# g</ref>\n{|\n| * h\n* i\n|}\n<!--c-->* j\n*k\n\n:l",
        # cells the block pass would give back unchanged, and cells it would not
        "{|\n| a || [[b]] || [[c]]d || {{e}} || <!--c--> f || || x&amp;y ||  || ''g'' || {{h}} i\n"
        "|-\n! j !! [[k|l]] [[m]]\n| n\n| o\np\n|a=b| [[q]] ||c| r:s || {{t}}{{u}}\n|}",
        "{|\n|[[a]]||<nowiki>b</nowiki>||{{c}}\n|\n{|\n|d\n|}\n|e {| f\n|+ [[g]] h\n|}",
        # paragraphs of several lines: runs of text through the newlines, or not
        "a\nb\nc\n\n[[a]]\n{{b}}\nc [[d]]\ne<!--x-->\n<!--y-->\nf\n----g\nh\n#REDIRECT [[a]] b\nc ''d\ne'' f",
        "<ref>a\n[[b]]c\nd</ref>\n<div>a\nb</div>\nc\n<!--x-->\n{{d}}\n<b>e</b>\nf",
        # heading lines, with block tags, switches and comments, and "=" lines that are none
        "== a ==\nb\n<blockquote>\n== c <div>d</div> ==\ne\n</blockquote>== f ==\n=g\n==\n= h =<!--i-->\n"
        "== j ==__NOTOC__\n* k\n== l ==\n<div>\n== m ==\n n\n{{o}}== p ==\n",
        # prose lines after a tag on their line: bare paragraphs
        "<ref>a [[b]]c ''d''\ne</ref>\n{|\n| x {{y}} z\nw\n|}[[a]] b\nc\n<ref>{{a}} b\n* c</ref>",
        # cells, whose texts the line pass merges as it reads them
        "{|\n| <b x='||'>a</b> b || c\nd\ne\n|a\n|b<div title='x||y'>c\nd [[e]]\nf\n|-\n!g!!h\ni\n|}",
    ],
)
def test_shapes_same_tree_without_shortcuts(text: str) -> None:
    fast, general = _both(text)
    assert_same_tree(fast, general, spans=True)


#: Pieces of prose lines: what ``blocks.prose_line`` and ``inline.url_colon`` decide on.
_PROSE = (
    "a", "b c", "[[d]]", "[[d]]e", "[[d|e]]f", "{{g}}", "''", "'''", "'", ":", "http:", "xhttp:",
    "HTTP://e.org", "Portal:x", "mailto:", "é:", "ſ:", "\n", "\n\n", "* ", "<ref>h</ref>",
    "<b>", "&amp;", "[http://e.org x]", " ", "__TOC__", "ISBN 0-306-40615-2", "=", "-", "{{{1}}}",
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PROSE), max_size=30).map("".join))
def test_random_prose_same_tree_without_shortcuts(text: str) -> None:
    fast, general = _both(text)
    assert_same_tree(fast, general, spans=True)


#: Pieces of tables: what ``tables.settled_cell`` decides on.
_TABLE = (
    "\n|", "||", "\n!", "!!", "\n|-", "\n|+", "\n|}", "\n{|", "[[a]]", "[[a]]b", "[[a|b]]", "{{x}}",
    "{{x|a=b}}", " ", "a", "<!--c-->", "''", "&amp;", ":", "http://e.org", "\n", "x=y|", "<b>",
    "__TOC__", "{|", "[http://e.org a]", "<ref>r</ref>",
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_TABLE), max_size=30).map(lambda pieces: "{|" + "".join(pieces)))
def test_random_table_same_tree_without_shortcuts(text: str) -> None:
    fast, general = _both(text)
    assert_same_tree(fast, general, spans=True)
