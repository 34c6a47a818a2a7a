"""Brace constructs: templates, template arguments, parser functions, magic variables, and
brace ambiguity, as MediaWiki's preprocessor (``Preprocessor_Hash``) resolves them.

Rules exercised here: a run of ``{`` is matched against the next ``}`` run; the pair takes 3
braces (an argument) when both runs have at least 3, else 2 (a template); what is left of the
opening run keeps matching outwards, and braces left unmatched stay text.  Pipes split
parameters only at the template's own level (not inside links, nested braces, comments or
``<nowiki>``); the first ``=`` of a parameter splits its name from its value.  A name that is a
magic word with a colon is a parser function; a bare variable name is a magic variable.
"""

from __future__ import annotations

import pytest

from conftest import find, one, parse
from wikiparse.nodes import (
    Argument,
    Comment,
    ExtensionTag,
    MagicVariable,
    Parameter,
    ParserFunction,
    Template,
    Wikilink,
)


def _params(tpl: Template | ParserFunction) -> list[tuple[str | None, str]]:
    return [(str(p.name) if p.showkey else None, str(p.value)) for p in tpl.params]


# --------------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------------


def test_template_with_positional_and_named_parameters_keeps_whitespace() -> None:
    tpl = one(parse("{{foo|a|b=c| d = e \n}}"), Template)
    assert str(tpl.name) == "foo"
    assert _params(tpl) == [(None, "a"), ("b", "c"), (" d ", " e \n")]
    assert [p.showkey for p in tpl.params] == [False, True, True]


def test_name_whitespace_is_kept() -> None:
    assert str(one(parse("{{ Foo bar \n|x}}"), Template).name) == " Foo bar \n"


def test_only_the_first_equals_splits() -> None:
    assert _params(one(parse("{{t|a=b=c}}"), Template)) == [("a", "b=c")]


def test_empty_parameters() -> None:
    assert _params(one(parse("{{t||=|}}"), Template)) == [(None, ""), ("", ""), (None, "")]


def test_nested_templates() -> None:
    outer, inner = find(parse("{{a|{{b|c}}|d}}"), Template)
    assert (str(outer.name), str(inner.name)) == ("a", "b")
    assert inner in find(outer.params[0], Template)
    assert _params(outer) == [(None, "{{b|c}}"), (None, "d")]


def test_pipes_inside_links_do_not_split() -> None:
    tpl = one(parse("{{t|[[a|b]]|[[File:x.jpg|thumb|c]]}}"), Template)
    assert len(tpl.params) == 2


def test_equals_inside_a_link_does_not_name_a_parameter() -> None:
    """The name/value split happens at the template's own level only."""
    tpl = one(parse("{{t|[[a=b]]}}"), Template)
    assert _params(tpl) == [(None, "[[a=b]]")]


def test_comment_hides_pipes_and_equals() -> None:
    tpl = one(parse("{{t|a<!--|b=-->c}}"), Template)
    assert len(tpl.params) == 1
    assert find(tpl, Comment)


def test_nowiki_hides_pipes() -> None:
    tpl = one(parse("{{t|<nowiki>|</nowiki>}}"), Template)
    assert len(tpl.params) == 1
    assert one(tpl, ExtensionTag).name == "nowiki"


def test_multiline_template_layout() -> None:
    text = "{{Infobox\n| name = IL-2R\n| gene = IL2RA\n}}"
    tpl = one(parse(text), Template)
    assert str(tpl.name) == "Infobox\n"
    assert _params(tpl) == [(" name ", " IL-2R\n"), (" gene ", " IL2RA\n")]


def test_template_name_with_colon_that_is_not_a_function() -> None:
    tpl = one(parse("{{Foo:bar|x}}"), Template)
    assert str(tpl.name) == "Foo:bar"


def test_template_namespace_prefix() -> None:
    assert str(one(parse("{{Template:Foo}}"), Template).name) == "Template:Foo"


def test_unclosed_template_is_text() -> None:
    doc = parse("{{foo|a [[b]]")
    assert not find(doc, Template)
    assert one(doc, Wikilink)


def test_template_spanning_lines_in_a_list() -> None:
    doc = parse("* {{a\n|b}} c")
    assert one(doc, Template)


# --------------------------------------------------------------------------------------------
# Template arguments
# --------------------------------------------------------------------------------------------


def test_argument_with_default() -> None:
    arg = one(parse("{{{1|d}}}"), Argument)
    assert (str(arg.name), str(arg.default), arg.extra) == ("1", "d", [])


def test_argument_without_default() -> None:
    arg = one(parse("{{{name}}}"), Argument)
    assert arg.default is None


def test_argument_with_empty_default_and_extra_pipes() -> None:
    assert str(one(parse("{{{1|}}}"), Argument).default) == ""
    arg = one(parse("{{{1|a|b|c}}}"), Argument)
    assert [str(e) for e in arg.extra] == ["b", "c"]


def test_argument_default_holds_a_template() -> None:
    arg = one(parse("{{{1|{{t}}}}}"), Argument)
    assert arg.default is not None and find(arg.default, Template)


def test_argument_inside_a_template() -> None:
    tpl = one(parse("{{t|{{{1}}}}}"), Template)
    assert one(tpl, Argument)


# --------------------------------------------------------------------------------------------
# Parser functions and magic variables
# --------------------------------------------------------------------------------------------


def test_if_function() -> None:
    pf = one(parse("{{#if: x | y | z }}"), ParserFunction)
    assert (str(pf.name), pf.function) == ("#if", "#if")
    assert [str(p) for p in pf.params] == [" x ", " y ", " z "]


def test_first_argument_is_never_split_at_equals() -> None:
    pf = one(parse("{{#if:a=b|c}}"), ParserFunction)
    assert not pf.params[0].showkey and pf.params[0].name == "0"
    assert str(pf.params[0].value) == "a=b"


@pytest.mark.parametrize(
    ("text", "function"),
    [
        ("{{lc:ABC}}", "lc"),
        ("{{LC:ABC}}", "lc"),
        ("{{#invoke:Foo|bar}}", "#invoke"),
        ("{{#switch:a|a=1|#default=2}}", "#switch"),
        ("{{DEFAULTSORT:Smith, John}}", "defaultsort"),
        ("{{PAGENAME:Foo}}", "pagename"),
        ("{{ #if:a|b}}", "#if"),
        ("{{formatnum:1234}}", "formatnum"),
        ("{{#tag:ref|x}}", "#tag"),
    ],
)
def test_parser_functions(text: str, function: str) -> None:
    pf = one(parse(text), ParserFunction)
    assert pf.function == function
    assert not find(parse(text), Template)


@pytest.mark.parametrize("name", ["PAGENAME", "CURRENTYEAR", "!", "NAMESPACE", "SITENAME"])
def test_magic_variables(name: str) -> None:
    var = one(parse("{{" + name + "}}"), MagicVariable)
    assert var.variable == name


def test_variables_are_case_sensitive() -> None:
    """``{{pagename}}`` transcludes Template:Pagename: PAGENAME is a case-sensitive word."""
    doc = parse("{{pagename}}")
    assert not find(doc, MagicVariable)
    assert one(doc, Template)


def test_variable_with_parameters_is_a_template_call() -> None:
    """A variable followed by ``|`` is not a variable (MediaWiki looks for a template)."""
    assert not find(parse("{{PAGENAME|x}}"), MagicVariable)


# --------------------------------------------------------------------------------------------
# Brace ambiguity
# --------------------------------------------------------------------------------------------


def test_five_braces_are_an_argument_inside_a_template() -> None:
    """``{{{{{x}}}}}`` = ``{{ {{{x}}} }}``: the innermost three pair first."""
    doc = parse("{{{{{x}}}}}")
    tpl = one(doc, Template)
    arg = one(doc, Argument)
    assert arg in find(tpl.name, Argument)
    assert str(arg) == "{{{x}}}"


def test_three_open_two_close_is_a_template_after_a_brace() -> None:
    doc = parse("{{{x}}")
    tpl = one(doc, Template)
    assert str(tpl) == "{{x}}"
    assert not find(doc, Argument)
    assert str(doc).startswith("{")


def test_four_braces_are_an_argument_in_literal_braces() -> None:
    doc = parse("{{{{x}}}}")
    arg = one(doc, Argument)
    assert str(arg) == "{{{x}}}"
    assert not find(doc, Template)


def test_six_braces_are_an_argument_inside_an_argument() -> None:
    outer, inner = find(parse("{{{{{{x}}}}}}"), Argument)
    assert inner in find(outer.name, Argument)


def test_two_open_three_close_leaves_a_brace() -> None:
    doc = parse("{{x}}}")
    assert str(one(doc, Template)) == "{{x}}"


def test_template_then_argument_in_one_run() -> None:
    """``{{{{{a}}|b}}}``: the five open braces close as a template first, then an argument."""
    doc = parse("{{{{{a}}|b}}}")
    arg = one(doc, Argument)
    tpl = one(doc, Template)
    assert tpl in find(arg.name, Template)
    assert str(arg.default) == "b"


@pytest.mark.parametrize("text", ["{{", "}}", "{{{", "{{a|", "{{{a|", "{{a}", "{x}}", "{ {a}}"])
def test_unbalanced_braces_stay_text(text: str) -> None:
    doc = parse(text)
    assert not find(doc, Template) and not find(doc, Argument)


def test_unmatched_close_braces_between_templates() -> None:
    doc = parse("{{a}}}}{{b}}")
    assert [str(t.name) for t in find(doc, Template)] == ["a", "b"]


def test_unclosed_link_brackets_swallow_the_closing_braces() -> None:
    """The preprocessor tracks ``[[``: while it is open, ``}}`` cannot close the template, and
    at the end both unclosed pieces fall back to text."""
    doc = parse("{{t|[[a|b}}")
    assert not find(doc, Template)
    assert not find(doc, Wikilink)


def test_closed_link_brackets_protect_their_pipe() -> None:
    tpl = one(parse("{{t|[[a|b]]}}"), Template)
    assert len(tpl.params) == 1


def test_fuzz_case_from_parser_tests() -> None:
    """fuzzTests.txt "Parser24": ``{{<u {{{{[[Sx-->}}`` renders ``{{<u>}}``: no template."""
    doc = parse("{{<u {{{{[[Sx-->}}")
    assert not find(doc, Template)
    assert not find(doc, Argument)


def test_parameter_nodes_are_typed() -> None:
    tpl = one(parse("{{t|a|b=c}}"), Template)
    assert all(isinstance(p, Parameter) for p in tpl.params)
