"""Renderers given wikitext parse it with ``parse_for_rendering`` (template values and
reference bodies skimmed): the output must be exactly what rendering a full parse gives.

Checked on every page of the bundled dumps, on every parser-test input and on random
wikitext, for each renderer and the options that change what is shown of templates and refs.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wikiparse
from conftest import Page, all_pages
from parsertests import iter_cases
from wikiparse import parse
from wikiparse._parse import parse_for_rendering
from wikiparse.nodes import Template, walk

Render = Callable[[object], str]

RENDERERS: dict[str, Render] = {
    "text": lambda x: wikiparse.to_text(x),  # type: ignore[arg-type]
    "text+refs+edit+tables": lambda x: wikiparse.to_text(x, refs=True, edit_markers=True, tables=True),  # type: ignore[arg-type]
    "markdown": lambda x: wikiparse.to_markdown(x),  # type: ignore[arg-type]
    "markdown-refs": lambda x: wikiparse.to_markdown(x, refs=False),  # type: ignore[arg-type]
    "html": lambda x: str(wikiparse.to_html(x)),  # type: ignore[arg-type]
    "html+placeholders": lambda x: str(wikiparse.to_html(x, templates="placeholder")),  # type: ignore[arg-type]
}


def _mismatches(render: Render, inputs: list[str]) -> list[str]:
    """Inputs whose rendering from the text differs from rendering their full parse.  A
    renderer given text drops NUL before parsing, as MediaWiki does (a parsed Document keeps
    every character, so the full parse here is of the text MediaWiki would read)."""
    return [
        text[:120] for text in inputs if render(parse(text.replace("\x00", ""))) != render(text)
    ]


def test_the_dump_corpus_is_substantial() -> None:
    assert len(all_pages()) > 200


@pytest.mark.parametrize("page", all_pages(), ids=lambda p: p.id)
def test_dump_page_renders_the_same(page: Page) -> None:
    """Per page (spread over workers, and a failure names the page), every renderer."""
    differ = [name for name, render in RENDERERS.items() if _mismatches(render, [page.text])]
    assert differ == []


@pytest.mark.parametrize("name", RENDERERS)
def test_parser_test_inputs_render_the_same(name: str) -> None:
    inputs = [case.wikitext for case in iter_cases() if case.wikitext]
    assert len(inputs) > 2000
    assert _mismatches(RENDERERS[name], inputs) == []


_PIECES = st.sampled_from(
    ["{{", "}}", "{{{", "}}}", "|", "=", "[[", "]]", "''", "'''", "\n", "\n=", "==", "\n==a==\n",
     "<ref>", "</ref>", "<ref name=a/>", "<references>", "</references>", "[http://x.org]",
     "[http://x.org y]", "http://y.org", "#if:", "<!--", "-->", "&amp;", "<b>", "\n*", " ", "a"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=3), max_size=40).map("".join))
def test_random_wikitext_renders_the_same(text: str) -> None:
    for name, render in RENDERERS.items():
        assert _mismatches(render, [text]) == [], name


def test_skimmed_tree_is_lossless_and_keeps_template_values_as_source() -> None:
    text = "a {{t|x=''b'' [[c]]|http://d.org}} <ref>''e''</ref> f"
    doc = parse_for_rendering(text, skim_templates=True, skim_tags=frozenset({"ref"}))
    assert str(doc) == text
    (template,) = [n for n in walk(doc) if isinstance(n, Template)]
    assert [str(p.value) for p in template.params] == ["''b'' [[c]]", "http://d.org"]
    full = parse(text)
    assert len(list(walk(doc))) < len(list(walk(full)))
