"""Heading ids, fallback ids, TOC links and ``[[#fragment]]`` links under each
``$wgFragmentMode`` (``ParserConfig.fragment_mode``), against MediaWiki 1.39's answers saved
in ``fixtures/heading_ids/oracle.json`` (``tests/make_heading_id_oracle.py``)."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import attrs
import pytest

import wikiparse
from wikiparse.config import DEFAULT_CONFIG, ParserConfig
from wikiparse.render._html_text import fragment_href, fragment_id

ORACLE: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parent.parent / "fixtures" / "heading_ids" / "oracle.json").read_text(
        encoding="utf-8"
    )
)
_HEADING_RE = re.compile(r'<h[1-6] id="([^"]*)"[^>]*>(?:<span id="([^"]*)"></span>)?')
_TOC_RE = re.compile(r'<li class="toclevel-[^"]*"><a href="#([^"]*)"')
_HREF_RE = re.compile(r'<a href="([^"]*#[^"]*)"')

#: Known gaps, by case: not about fragment modes.
_GAPS = {
    "html_heading": "headings written as HTML are numbered after the wikitext ones (_2 on the first)",
}


def _config(mode: str) -> ParserConfig:
    """The default config with the oracle's ``$wgFragmentMode`` and its default
    ``$wgExternalInterwikiFragmentMode`` (``legacy``)."""
    modes = tuple(mode.split(","))
    return attrs.evolve(DEFAULT_CONFIG, fragment_mode=modes, interwiki_fragment_mode="legacy")  # type: ignore[arg-type]


def _extract(html: str) -> dict[str, list[str]]:
    """What the fixture records, read from our markup."""
    body = html
    if '<div id="toc"' in html:
        body = html.split('<div id="toc"', 1)[0] + html.split("</ul>\n</div>", 1)[1]
    headings = [h for h in _HEADING_RE.findall(body) if h[0] != "mw-toc-heading"]
    return {
        "ids": [unescape(primary) for primary, _fallback in headings],
        "fallbacks": [unescape(fallback) for _primary, fallback in headings],
        "toc": [unescape(href) for href in _TOC_RE.findall(html)],
        "links": [unescape(href).split("#", 1)[1] for href in _HREF_RE.findall(body)],
    }


def _params() -> list[Any]:
    params = []
    for mode, cases in ORACLE["modes"].items():
        for name in cases:
            marks = [pytest.mark.xfail(strict=True, reason=_GAPS[name])] if name in _GAPS else []
            params.append(pytest.param(mode, name, id=f"{mode}-{name}", marks=marks))
    return params


@pytest.mark.parametrize(("mode", "name"), _params())
def test_ids_and_links_match_mediawiki(mode: str, name: str) -> None:
    html = wikiparse.to_html(ORACLE["cases"][name], title="T", config=_config(mode), edit_sections=False)
    assert _extract(str(html)) == ORACLE["modes"][mode][name]


@pytest.mark.parametrize(
    ("mode", "text", "expected_id", "expected_href"),
    [
        ("html5", "Été à Zürich", "Été_à_Zürich", "Été_à_Zürich"),
        ("legacy", "Été à Zürich", ".C3.89t.C3.A9_.C3.A0_Z.C3.BCrich", ".C3.89t.C3.A9_.C3.A0_Z.C3.BCrich"),
        ("html5", "a%41 b", "a%41_b", "a%2541_b"),
        ("legacy", "a%41 b", "a.2541_b", "a.2541_b"),
        ("html5", "a: b#c", "a:_b#c", "a:_b#c"),
        ("legacy", "a: b#c", "a:_b.23c", "a:_b.23c"),
    ],
)
def test_fragment_functions(mode: str, text: str, expected_id: str, expected_href: str) -> None:
    assert fragment_id(text, mode) == expected_id
    assert fragment_href(text, mode) == expected_href


def test_default_is_html5_without_fallback() -> None:
    """The default config writes HTML5 ids only (MediaWiki's own default adds legacy
    fallback spans: ``fragment_mode=("html5", "legacy")``)."""
    html = str(wikiparse.to_html("== Été ==\n[[#Été]]", title="T", edit_sections=False))
    assert '<h2 id="Été">Été</h2>' in html
    assert '<a href="#Été">' in html


def test_render_option_overrides_config() -> None:
    html = str(
        wikiparse.to_html(
            "== Été ==", title="T", config=_config("html5,legacy"), fragment_mode="legacy", edit_sections=False
        )
    )
    assert '<h2 id=".C3.89t.C3.A9">Été</h2>' in html


@pytest.mark.parametrize(("mode", "href"), [("html5", "#Été_x"), ("legacy", "#.C3.89t.C3.A9_x")])
def test_markdown_fragments_follow_config(mode: str, href: str) -> None:
    md = wikiparse.to_markdown("[[Foo#Été x]]", config=_config(mode))
    assert f"(/wiki/Foo{href})" in md
