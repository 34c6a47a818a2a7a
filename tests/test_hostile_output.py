"""Clean output: every renderer's output is UTF-8-encodable text without C0 controls but tab
and newline, whatever the input holds (NUL, lone surrogates, other controls).

MediaWiki (1.39, asked through the oracle) removes NUL before it parses (``\\x00== x ==`` is a
heading), and its input is always valid UTF-8 (lone surrogates cannot reach it; bytes that are
not UTF-8 become U+FFFD).  The renderers read wikitext the same way; the other C0 controls,
which MediaWiki passes into its HTML, are dropped from every output.  The JSON text keeps the
tree lossless: controls and surrogates are escaped there, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wikiparse
from wikiparse.render.json import dumps, from_json

UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff]")

RENDERERS: dict[str, Callable[[str], Any]] = {
    "text": wikiparse.to_text,
    "markdown": wikiparse.to_markdown,
    "html": wikiparse.to_html,
    "html-standalone": lambda t: wikiparse.to_html(t, standalone=True, title="T\x00\udfff"),
    "html-tidy": lambda t: wikiparse.to_html(t, tidy=True),
    "text-of-tree": lambda t: wikiparse.to_text(wikiparse.parse(t)),
    "html-of-tree": lambda t: wikiparse.to_html(wikiparse.parse(t)),
}

#: Hostile characters in every place a renderer copies text from.
HOSTILE = {
    "nul-after-space": " \x00",
    "lone-surrogate": "\udfff",
    "nul-in-pre": "<pre>x\x00y</pre>",
    "nul-in-syntaxhighlight": '<syntaxhighlight lang="text">p\x00q</syntaxhighlight>',
    "nul-in-nowiki": "<nowiki>a\x00\udfff</nowiki>",
    "controls": "a\x01b\x08c\x0bd\x0ce\x1ff\r\ng\th",
    "in-heading": "== H\x00\udfff\x07 ==",
    "in-link": "[[Foo\x00\udfff|bar\x1b\udc80]] [[Category:C\udfff]] [[de:X\x00]]",
    "in-external-link": "[http://example.org/\x00\udfff a\x03b]",
    "in-template": "{{T\x00|a=\udfff}}",
    "in-table": '{| class="x\x00"\n|-\n| a\x02 || \udfff\n|}',
    "in-list": "*\x00a\n#\udfffb\n;c\x05:d",
    "in-ref": "a<ref>\x00\udfff</ref>\n<references/>",
    "in-comment": "<!--\x00\udfff-->x",
    "in-formatting": "'''\x00b'''''\udfffi''",
    "in-attribute": '<span title="\x00\udfff" style="\x01">s</span>',
    "in-gallery": "<gallery>\nFile:A\x00.png|c\udfff\n</gallery>",
}


@pytest.mark.parametrize("renderer", list(RENDERERS))
@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_every_output_is_clean_utf8(text: str, renderer: str) -> None:
    out = RENDERERS[renderer](text)
    assert UNCLEAN.search(str(out)) is None
    str(out).encode("utf-8")
    for row in getattr(out, "headings", []) + getattr(out, "categories", []):
        assert not any(isinstance(v, str) and UNCLEAN.search(v) for v in row)


#: MediaWiki's HTML for NUL (oracle, MediaWiki 1.39): NUL is gone before parsing.
ORACLE_NUL = {
    " \x00": "",
    "a\n \x00\nb": "<p>a\n</p><p>b\n</p>",
    "<pre>x\x00y</pre>": "<pre>xy</pre>",
}


@pytest.mark.parametrize("text", list(ORACLE_NUL), ids=["blank-line", "between-paragraphs", "pre"])
def test_nul_is_removed_before_parsing_as_mediawiki_does(text: str) -> None:
    assert str(wikiparse.to_html(text)) == ORACLE_NUL[text]
    assert wikiparse.to_text(text) == wikiparse.to_text(text.replace("\x00", ""))
    assert wikiparse.to_markdown(text) == wikiparse.to_markdown(text.replace("\x00", ""))


def test_a_nul_heading_is_a_heading() -> None:
    assert wikiparse.to_markdown("\x00== x ==\x00\n*\x00a") == "## x\n\n- a\n"


def test_lone_surrogates_become_replacement_characters() -> None:
    assert wikiparse.to_text("a\udfffb") == "a\ufffdb"
    assert str(wikiparse.to_html("a\udfffb")) == "<p>a\ufffdb\n</p>"


def json_form(text: str) -> str:
    """``text`` as JSON can carry it: a high surrogate written right before a low one is, in
    JSON (as in UTF-16), the astral character they encode; every other code unit, lone
    surrogates included, comes back as it was."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def test_a_surrogate_pair_comes_back_as_its_character() -> None:
    text = "a\ud800\udfffb\udfff\ud800c"
    back = str(from_json(dumps(wikiparse.parse(text))))
    assert back == json_form(text) == "a\U000103ffb\udfff\ud800c"


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_json_text_keeps_the_tree_lossless_and_is_clean(text: str) -> None:
    json_text = dumps(wikiparse.parse(text))
    json_text.encode("utf-8")
    assert UNCLEAN.search(json_text) is None
    assert str(from_json(json_text)) == json_form(text)


# --------------------------------------------------------------------------------------------
# Fuzz (bounded): every wikitext piece, NUL, surrogates, controls; every stage
# --------------------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    ["{{", "}}", "{{{", "}}}", "|", "[[", "]]", "[", "]", "''", "'''", "\n", "\n*", "\n#", "\n;",
     ":", "\n{|", "\n|-", "\n|}", "\n!", "||", "<ref>", "</ref>", "<ref name=a/>", "<references/>",
     "==", "\n==", "<!--", "-->", "&amp;", "&#0;", "[http://x.org y]", "http://x.org", "File:",
     "Category:", " ", "a", "=", "<b>", "</b>", "<div>", "</div>", "\n ", "----", "__TOC__",
     "<nowiki>", "</nowiki>", "<pre>", "</pre>", "<math>", "</math>", "<gallery>", "</gallery>",
     "<syntaxhighlight>", "</syntaxhighlight>", "\x00", " \x00", "\udfff", "\ud800", "\x01", "\r",
     "\t", "\x1f", "~~~~", "#REDIRECT", "ISBN 123", "RFC 1", "<span title=\"", "\""]
)
HOSTILE_WIKITEXT = st.lists(_PIECES | st.text(max_size=3), max_size=30).map("".join)


@settings(max_examples=120, deadline=None)
@given(HOSTILE_WIKITEXT)
def test_fuzz_every_stage(text: str) -> None:
    doc = wikiparse.parse(text)
    assert str(doc) == text
    for name in ("text", "markdown", "html"):
        out = str(RENDERERS[name](text))
        assert UNCLEAN.search(out) is None, name
    json_text = dumps(doc)
    assert UNCLEAN.search(json_text) is None
    assert str(from_json(json_text)) == json_form(text)
