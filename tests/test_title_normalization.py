"""One title normalisation for every layer, checked against MediaWiki itself.

``fixtures/oracle_titles.json`` holds link targets and the title MediaWiki 1.39 gave each
(``Title::getPrefixedText``, read off the rendered link).  The renderer, the queries, the node
properties and the template names all go through :func:`wikiparse._mw.normalize_title`, so
checking it here checks them all; the HTML renderer is checked end to end on a few.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wikiparse
from wikiparse import _mw, query
from wikiparse.config import ParserConfig
from wikiparse.render import html as html_renderer

FIXTURE = json.loads(
    (Path(__file__).resolve().parent.parent / "fixtures" / "oracle_titles.json").read_text("utf-8")
)
#: The oracle wiki's interwiki prefixes (of those the fixture asks about); no interlanguage.
ORACLE_CONFIG = ParserConfig(
    interwiki_prefixes=frozenset(FIXTURE["interwiki_prefixes"]),
    interlanguage_prefixes=frozenset(),
    interwiki_urls={p: f"https://{p}.example/wiki/$1" for p in FIXTURE["interwiki_prefixes"]},
)


@pytest.mark.parametrize(("target", "title"), FIXTURE["cases"])
def test_title_as_mediawiki_makes_it(target: str, title: str) -> None:
    assert _mw.normalize_title(target, config=ORACLE_CONFIG) == title


def test_every_layer_uses_the_one_function() -> None:
    assert query.normalize_title is _mw.normalize_title
    assert vars(html_renderer)["normalize_title"] is _mw.normalize_title
    assert not hasattr(wikiparse.render._html_text, "normalize_title")


@pytest.mark.parametrize(
    ("wikitext", "title"),
    [
        ("[[meta:foo]]", "Meta:foo"),  # not an interwiki prefix of this config: a page name
        ("[[e&#x301;]]", "\u00c9"),  # decoded, then NFC
        ("[[e\u0301]]", "E\u0301"),  # nothing decoded: left as written
        ("[[a\u200eb]]", "Ab"),  # directional marks dropped
        ("[[a&ampb]]", "A&ampb"),  # a reference needs its semicolon
    ],
)
def test_renderer_link_titles(wikitext: str, title: str) -> None:
    out = str(wikiparse.to_html(wikitext, config=ORACLE_CONFIG))
    assert f'title="{title.replace("&", "&amp;")}"' in out


@pytest.mark.parametrize(
    ("target", "title"),
    [
        ("FR:page", "fr:page"),  # an interlanguage prefix of the default config
        ("fr::page", "fr:page"),  # a colon after it: the other wiki's main namespace
        ("w:en:foo", "w:en:foo"),
        ("a\tb", "A\tb"),  # left for the caller to refuse, as MediaWiki refuses it
    ],
)
def test_prefixes_of_the_default_config(target: str, title: str) -> None:
    assert _mw.normalize_title(target) == title


@pytest.mark.parametrize(
    ("text", "decoded"),
    [
        ("x&#128;", "x\ufffd"),  # C1 controls are not valid code points
        ("&#13;", "\ufffd"),
        ("&#xD800;", "\ufffd"),
        ("&#0000000065;", "A"),
        ("&#" + "9" * 5000 + ";", "\ufffd"),  # no huge integer conversion
        ("&bogus;", "&bogus;"),
        ("&\u05e8\u05dc\u05de;", "\u200f"),  # MediaWiki's own alias of &rlm;
    ],
)
def test_decode_char_refs(text: str, decoded: str) -> None:
    assert _mw.decode_char_refs(text) == decoded


def test_cache_lives_on_the_config() -> None:
    cfg = ParserConfig()
    assert _mw.normalize_title("foo_bar", config=cfg) == "Foo bar"
    assert cfg.derived["normalize_title"] == {"foo_bar": "Foo bar"}


def test_long_inputs_are_not_kept() -> None:
    cfg = ParserConfig()
    assert _mw.normalize_title("x" * 5000, config=cfg) == "X" + "x" * 4999
    assert "normalize_title" not in cfg.derived


_PIECES = [*"aZ :_&#;x0\u00e9\u0301\u200e\t\n", "&amp;", "&#x41;", "fr:", "Category:"]


@given(st.lists(st.sampled_from(_PIECES)).map("".join))
def test_any_text_gives_a_title_without_raising(text: str) -> None:
    title = _mw.normalize_title(text)
    assert isinstance(title, str)
    assert title == title.strip(" ")
