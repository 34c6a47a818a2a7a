"""One preprocessor syntax for the parser's pass 1 and the expander's preprocessor
(``wikiparse._parse.preprocessor_syntax``), the parser's braces-off mode for expanded text,
and what MediaWiki's parser sees once the preprocessor has removed comments and transclusion
markers.

Expected outputs are MediaWiki 1.39's (``/work/shared/oracle/render.php``), quoted in each test;
rendered HTML is compared on what matters there (MediaWiki 1.39 wraps headings as
``<h2><span class="mw-headline">``, wikiparse as the newer ``<div class="mw-heading">``).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wikiparse
from wikiparse._convert import make_renderer
from wikiparse._parse import parse, preprocess
from wikiparse._parse.preprocessor_syntax import INCLUSION, PAGE_VIEW, brace_match, mode_rules
from wikiparse.config import DEFAULT_CONFIG
from wikiparse.expand import _preprocessor as expand_pp
from wikiparse.nodes import (
    Argument,
    Comment,
    Excluded,
    ExtensionTag,
    Heading,
    HorizontalRule,
    HtmlTag,
    MagicVariable,
    Node,
    ParserFunction,
    Table,
    Template,
    Text,
    Wikilink,
    walk,
)

EXT_TAGS = tuple(sorted(DEFAULT_CONFIG.extension_tags - {"includeonly", "noinclude", "onlyinclude"}))


# -- the shared rules ---------------------------------------------------------------------


def test_mode_rules_are_mediawikis() -> None:
    assert mode_rules(False) is PAGE_VIEW and mode_rules(True) is INCLUSION
    assert (PAGE_VIEW.markers, PAGE_VIEW.hidden) == (frozenset({"noinclude", "onlyinclude"}), "includeonly")
    assert (INCLUSION.markers, INCLUSION.hidden) == (frozenset({"includeonly"}), "noinclude")
    assert INCLUSION.honours_onlyinclude and not PAGE_VIEW.honours_onlyinclude


@pytest.mark.parametrize(
    ("run", "opened", "taken"), [(2, 2, 2), (3, 3, 3), (5, 5, 3), (2, 5, 2), (5, 2, 2), (1, 4, 0), (4, 1, 0)]
)
def test_brace_match(run: int, opened: int, taken: int) -> None:
    assert brace_match(run, opened) == taken


Summary = tuple[list[str], list[str], list[int]]


def _parser_summary(text: str, inclusion: bool) -> Summary:
    """Extension tags and what the mode leaves out (markers, the cut-out element, text outside
    ``<onlyinclude>`` sections), as written, and counts of comments, arguments and templates,
    in the parser's brace tree (not looking into tag bodies: the expander keeps those raw)."""
    tree = preprocess(text, inclusion=inclusion)
    hidden = mode_rules(inclusion).hidden
    tags: list[str] = []
    left_out: list[str] = []
    counts = [0, 0, 0]
    stack: list[Node] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ExtensionTag):
            (left_out if node.name == hidden else tags).append(str(node))
            continue
        if isinstance(node, HtmlTag | Excluded):
            left_out.append(str(node))
        elif isinstance(node, Comment):
            counts[0] += 1
        elif isinstance(node, Argument):
            counts[1] += 1
        elif isinstance(node, Template | ParserFunction | MagicVariable):
            counts[2] += 1
        stack.extend(reversed(node.children))
    return tags, left_out, counts


def _expander_summary(text: str, inclusion: bool) -> Summary:
    """The same read off the expander's tree (what it leaves out is ``Ignore`` nodes)."""
    tags: list[str] = []
    left_out: list[str] = []
    counts = [0, 0, 0]
    stack: list[expand_pp.Node] = list(reversed(expand_pp.preprocess(text, for_inclusion=inclusion, ext_tags=EXT_TAGS)))
    while stack:
        node = stack.pop()
        if isinstance(node, expand_pp.ExtTag):
            body = "/>" if node.inner is None else f">{node.inner}{node.close or ''}"
            tags.append(f"<{node.name}{node.attrs}{body}")
        elif isinstance(node, expand_pp.Ignore):
            left_out.append(node.text)
        elif isinstance(node, expand_pp.Comment):
            counts[0] += 1
        elif isinstance(node, expand_pp.Template | expand_pp.Argument):
            counts[1 if isinstance(node, expand_pp.Argument) else 2] += 1
            children = list(node.title)
            for part in node.parts:
                children += (part.name or []) + part.value
            stack.extend(reversed(children))
        elif isinstance(node, expand_pp.Heading):
            stack.extend(reversed(node.children))
    return tags, left_out, counts


_PIECES = [
    "{{", "}}", "{{{", "}}}", "[[", "]]", "|", "=", "\n", "==", "x", " ", "<ref>", "</ref>",
    "<ref name=a/>", "<REF >", "<ref/x>", "<!--", "-->", "<nowiki>", "</nowiki>", "<pre>", "</pre>",
    "<noinclude>", "</noinclude>", "</noinclude x>", "<includeonly>", "</includeonly>", "#if:",
    "<onlyinclude>", "</onlyinclude>", "<ONLYINCLUDE>", "<includeonly/>",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16), st.booleans())
def test_both_preprocessors_find_the_same_tags_comments_and_frames(pieces: list[str], inclusion: bool) -> None:
    """The two trees differ in shape (see docs/architecture.md), never in what is a tag, a
    comment, an argument or a template, or in what the mode leaves out."""
    text = "".join(pieces)
    assert _parser_summary(text, inclusion) == _expander_summary(text, inclusion)


# -- tag names and heading lines, as MediaWiki's preprocessor reads them ---------------------


def test_a_tag_name_ends_at_space_slash_gt_or_gt() -> None:
    # MediaWiki: 'a<ref/x>b</ref>c' renders <p>a&lt;ref/x&gt;b&lt;/ref&gt;c</p>;
    # 'd<noinclude>e</noinclude x>f</noinclude/>g' renders <p>defg</p>.
    doc = parse("a<ref/x>b</ref>c")
    assert not [n for n in walk(doc) if isinstance(n, ExtensionTag)]
    assert str(wikiparse.to_html("a<ref/x>b</ref>c")).startswith("<p>a&lt;ref/x&gt;b&lt;/ref&gt;c")
    text = "d<noinclude>e</noinclude x>f</noinclude/>g"
    markers = [n for n in walk(parse(text)) if isinstance(n, HtmlTag)]
    assert [(m.name, m.closing, m.attrs, m.self_closing) for m in markers] == [
        ("noinclude", False, "", False), ("noinclude", True, " x", False), ("noinclude", True, "", True),
    ]
    assert str(parse(text)) == text
    assert str(wikiparse.to_html(text)).strip() == "<p>defg\n</p>"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("{{lc:A\n=B}}", Text),  # MediaWiki: '{{lc:A\n=B}}' (the heading line hides '}}')
        ("{{lc:A|\n=B}}", ParserFunction),  # 'a': one '=' after a pipe splits name and value
        ("{{lc:A|x=\n=B}}", Text),  # '{{lc:A|x=\n=B}}': the part has its '=' already
        ("{{lc:A|\n==B|C\n}}", ParserFunction),  # 'a': the heading line hides its pipe
        ("{{lc:A|\n==B==}}\n}}", ParserFunction),  # 'a': closed on the next line
    ],
)
def test_a_heading_line_inside_braces_hides_closers_and_pipes(text: str, kind: type[Node]) -> None:
    tree = preprocess(text)
    assert [type(n) for n in tree.nodes] == [kind]
    assert str(tree) == text
    if kind is ParserFunction:
        fn = tree.nodes[0]
        assert isinstance(fn, ParserFunction) and len(fn.params) <= 2
        assert wikiparse.Wiki().expand(text) == "a"
    else:
        assert wikiparse.Wiki().expand(text) == text


def test_a_heading_line_inside_a_link_keeps_the_link() -> None:
    # MediaWiki's link pass runs on the text after the preprocessor: '[[A|\n==B]]' is a link.
    assert isinstance(one(parse("[[A|\n==B]]"), Wikilink), Wikilink)


def one(root: Node, cls: type[Node]) -> Node:
    found = [n for n in walk(root) if isinstance(n, cls)]
    assert len(found) == 1, found
    return found[0]


# -- what vanishes before MediaWiki's parser reads a line ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<!--x-->== a ==\nb",  # MediaWiki: <h2>a</h2><p>b</p>
        "<includeonly>x</includeonly>== a ==\nb",  # <h2>a</h2><p>b</p>
        "<noinclude>\n</noinclude>== a ==\nb",  # <h2>a</h2><p>b</p>
        "x\n<!--c-->== a ==\nb",  # <p>x</p><h2>a</h2><p>b</p>
        "<noinclude>== a ==</noinclude>\nb",  # <h2>a</h2><p>b</p>
    ],
)
def test_a_heading_after_what_vanishes_is_a_heading_without_a_section(text: str) -> None:
    doc = parse(text)
    heading = one(doc, Heading)
    assert isinstance(heading, Heading) and str(heading.title).strip() == "a"
    assert (heading.number, heading.editable) == (0, False)
    assert str(doc) == text
    html = str(wikiparse.to_html(text, title="T"))
    assert '<h2 id="a">a</h2>' in html and "section=" not in html and "<p>b\n</p>" in html


def test_such_headings_take_no_section_number_in_the_toc() -> None:
    # MediaWiki: tocsection-1 for b, none for a and c, tocsection-2 for d; edit links on b, d.
    text = "== b ==\n<!--x-->== a ==\n<noinclude>== c ==</noinclude>\n== d =="
    html = str(wikiparse.to_html(text, title="T", edit_sections=True))
    assert '<li class="toclevel-1 tocsection-1"><a href="#b">' in html
    assert '<li class="toclevel-1"><a href="#a">' in html
    assert '<li class="toclevel-1"><a href="#c">' in html
    assert '<li class="toclevel-1 tocsection-2"><a href="#d">' in html
    assert html.count('<span class="mw-editsection">') == 2


def test_a_rule_after_an_includeonly_section() -> None:
    doc = parse("<includeonly>x</includeonly>----")  # MediaWiki: <hr />
    assert isinstance(one(doc, HorizontalRule), HorizontalRule)
    assert str(wikiparse.to_html("<includeonly>x</includeonly>----")).strip() == "<hr />"


@pytest.mark.parametrize(
    ("text", "tables"),
    [
        ("<!--x-->{|\n|a\n|}", 1),  # MediaWiki: <table>…<td>a</td>…</table>
        ("{|\n|a\n<!--x-->{|\n|b\n|}\n|}", 2),  # a table in the cell, after the comment
        ("<noinclude>a</noinclude>{|\n|a\n|}", 0),  # <p>a{|…</p>: 'a' is no vanishing node
    ],
)
def test_a_table_after_what_vanishes(text: str, tables: int) -> None:
    doc = parse(text)
    assert str(doc) == text
    assert sum(isinstance(n, Table) for n in walk(doc)) == tables
    assert str(wikiparse.to_html(text)).count("<table>") == tables


# -- braces off: text already expanded -------------------------------------------------------

EXPANDED = "a {{x|[[b|c]]}} {{{1}}} <ref>{{y}}</ref><!-- {{ -->[[l|{{]]"


def test_braces_off_reads_braces_as_text() -> None:
    doc = parse(EXPANDED, braces=False)
    assert str(doc) == EXPANDED
    kinds = [type(n) for n in walk(doc)]
    assert Template not in kinds and Argument not in kinds and ParserFunction not in kinds
    assert [str(n) for n in walk(doc) if isinstance(n, Wikilink)] == ["[[b|c]]", "[[l|{{]]"]
    assert [str(n) for n in walk(doc) if isinstance(n, ExtensionTag)] == ["<ref>{{y}}</ref>"]
    assert [str(n) for n in walk(doc) if isinstance(n, Comment)] == ["<!-- {{ -->"]
    skimmed = wikiparse._parse.parse_for_rendering(EXPANDED, skim_templates=True, braces=False)
    assert Template not in [type(n) for n in walk(skimmed)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*_PIECES, "&#42;", "&#123;", "''", "*", "\n "]), max_size=20))
def test_braces_off_round_trips(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert str(parse(text, braces=False)) == text


WIKI_PAGES = {"Template:X": "*a\n b {{{1}}}", "Template:Open": "{{{{{1}}}"}


@pytest.mark.parametrize(
    ("wikitext", "expected"),
    [
        # MediaWiki escapes msgnw: output with wfEscapeWikiText: a paragraph, no list, no pre.
        ("{{msgnw:X}}", "<p>&#42;a\n&#32;b {{{1}}}\n</p>"),
        # Braces left by expansion are text; a link is still a link.
        ("{{X}}[[L|{{]]", '<ul><li>a</li></ul>\n<pre>b {{{1}}}<a href="/wiki/L" title="L">{{</a>\n</pre>'),
    ],
)
def test_renderers_with_a_wiki_read_expanded_text_with_braces_off(wikitext: str, expected: str) -> None:
    wiki = wikiparse.Wiki(pages=WIKI_PAGES)
    assert str(wikiparse.to_html(wikitext, wiki=wiki)) == expected
    assert str(make_renderer("html", {"wiki": wiki})(wikitext, "")) == expected
    doc = wiki.parse(wikitext)
    assert Argument not in [type(n) for n in walk(doc)]
    assert wiki.expand_for_rendering("{{X}}") == "\n*a\n b {{{1}}}"  # no brace escaping any more


def test_convert_with_a_wiki_parses_expanded_text_with_braces_off() -> None:
    wiki = wikiparse.Wiki(pages=WIKI_PAGES)
    data = make_renderer("json", {"wiki": wiki})("{{X|{{{2}}}}}", "P")
    assert "Argument" not in str(data)
    assert make_renderer("wikitext", {"wiki": wiki})("{{X}}", "P") == "\n*a\n b {{{1}}}"
    assert make_renderer("text", {"wiki": wiki})("{{msgnw:X}}", "P") == "*a b {{{1}}}"


def test_character_references_stay_references_through_the_block_pass() -> None:
    # MediaWiki: '&#42;a\n&#32;b\nc&#10;*d' renders <p>&#42;a\n&#32;b\nc&#10;*d\n</p>.
    assert str(wikiparse.to_html("&#42;a\n&#32;b\nc&#10;*d")) == "<p>&#42;a\n&#32;b\nc&#10;*d\n</p>"
