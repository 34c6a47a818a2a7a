"""The preprocessor pass on its own (``wikiparse._parse.preprocess``), in page-view and in
inclusion mode: the brace tree expansion starts from."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wikiparse
from conftest import main_pages
from wikiparse._parse import preprocess
from wikiparse.nodes import Argument, Excluded, ExtensionTag, HtmlTag, Template, Text, walk

TEMPLATE_BODY = "a<noinclude>{{doc}}</noinclude>b<includeonly>{{x|{{{1}}}}}</includeonly>c"


def shape(text: str, inclusion: bool) -> list[tuple[str, str]]:
    return [(type(n).__name__, str(n)) for n in preprocess(text, inclusion=inclusion).nodes]


def test_page_view_drops_the_noinclude_markers_and_keeps_includeonly_whole() -> None:
    assert shape(TEMPLATE_BODY, False) == [
        ("Text", "a"), ("HtmlTag", "<noinclude>"), ("Template", "{{doc}}"), ("HtmlTag", "</noinclude>"),
        ("Text", "b"), ("ExtensionTag", "<includeonly>{{x|{{{1}}}}}</includeonly>"), ("Text", "c"),
    ]


def test_inclusion_cuts_out_noinclude_and_parses_includeonly_in_place() -> None:
    assert shape(TEMPLATE_BODY, True) == [
        ("Text", "a"), ("ExtensionTag", "<noinclude>{{doc}}</noinclude>"), ("Text", "b"),
        ("HtmlTag", "<includeonly>"), ("Template", "{{x|{{{1}}}}}"), ("HtmlTag", "</includeonly>"),
        ("Text", "c"),
    ]
    tree = preprocess(TEMPLATE_BODY, inclusion=True)
    noinclude = tree.nodes[1]
    assert isinstance(noinclude, ExtensionTag) and noinclude.contents is None
    assert [type(n) for n in walk(tree) if isinstance(n, Template | Argument)] == [Template, Argument]


def test_unclosed_sections_run_to_the_end() -> None:
    assert shape("x<noinclude>{{a}}", True) == [("Text", "x"), ("ExtensionTag", "<noinclude>{{a}}")]
    assert shape("x<includeonly>{{a}}", False) == [("Text", "x"), ("ExtensionTag", "<includeonly>{{a}}")]
    assert shape("x</noinclude>y", True) == [("Text", "x</noinclude>y")]


@pytest.mark.parametrize(
    ("body", "included"),
    [
        # parserTests.txt "<onlyinclude> being included" and "... and <includeonly> ...": Foo.
        ("<onlyinclude>Foo</onlyinclude>bar", "Foo"),
        ("<onlyinclude>Foo</onlyinclude>bar<includeonly>zar</includeonly>", "Foo"),
        ("a<onlyinclude>b</onlyinclude>c<onlyinclude>d</onlyinclude>e", "bd"),
        # Only the exact tags count, and both must be there; else <onlyinclude> is text.
        ("a<onlyinclude>b", "a<onlyinclude>b"),
        ("a</onlyinclude>b<ONLYINCLUDE>c</onlyinclude >d", "a</onlyinclude>b<ONLYINCLUDE>c</onlyinclude >d"),
        # A section may end inside a template call: what follows up to the next section is out.
        ("<onlyinclude>{{lc:A</onlyinclude>x<onlyinclude>|B}}</onlyinclude>", "a"),
    ],
)
def test_inclusion_keeps_only_the_onlyinclude_sections(body: str, included: str) -> None:
    tree = preprocess(body, inclusion=True)
    assert str(tree) == body
    kept = "".join(str(n) for n in tree.nodes if not isinstance(n, Excluded | HtmlTag))
    assert wikiparse.Wiki(pages={"Template:T": body}).expand("{{T}}") == included
    if "{{" not in body:
        assert kept == included
    assert "Excluded" not in [kind for kind, _ in shape(body, False)]  # a page view has none


def test_excluded_text_is_the_expanders_ignored_text() -> None:
    body = "x<noinclude>n</noinclude><onlyinclude>{{a|b}}</onlyinclude>y<onlyinclude>z</onlyinclude>"
    assert shape(body, True) == [
        ("Excluded", "x<noinclude>n</noinclude><onlyinclude>"), ("Template", "{{a|b}}"),
        ("Excluded", "</onlyinclude>y<onlyinclude>"), ("Text", "z"), ("Excluded", "</onlyinclude>"),
    ]


@pytest.mark.parametrize("page", main_pages()[:20], ids=lambda p: p.id)
def test_the_brace_tree_is_the_parse_trees_braces(page: object) -> None:
    text = page.text  # type: ignore[attr-defined]
    tree = preprocess(text)
    assert str(tree) == text
    kinds = (Template, Argument, HtmlTag)
    assert [(type(n), n.start, n.end) for n in walk(tree) if type(n) in kinds and type(n) is not HtmlTag] == [
        (type(n), n.start, n.end) for n in walk(wikiparse.parse(text)) if type(n) in (Template, Argument)
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["{{", "}}", "[[", "]]", "|", "=", "<noinclude>", "</noinclude>",
                                  "<includeonly>", "</includeonly>", "a", "\n", "<!--", "-->"]), max_size=40))
def test_any_text_round_trips_in_both_modes(pieces: list[str]) -> None:
    text = "".join(pieces)
    for inclusion in (False, True):
        tree = preprocess(text, inclusion=inclusion)
        assert str(tree) == text
        assert all(text[n.start : n.end] == str(n) for n in walk(tree) if not isinstance(n, Text) or n.value)
