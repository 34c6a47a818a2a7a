"""The inline scan (``wikiparse._parse.inline.inline_matches``) against the one-pass definition it
replaces: a single alternation, tried at each position with the bare URL first, finds the
same constructs at the same spans.  The scan is built for speed (every alternative starts
with a fixed character; URLs are found from their colon), so it is checked against the
straightforward pattern on real pages and on random text.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import all_pages
from wikiparse._parse import patterns as tk
from wikiparse._parse.inline import inline_matches
from wikiparse._parse.state import ParseState
from wikiparse.config import DEFAULT_CONFIG

_SPACE = r"(?:[ \t]|&nbsp;|&\#0*160;|&\#[Xx]0*[Aa]0;|[" + tk._ZS + r"])+"
_URL_CHAR = r"(?:[^\]\[<>\"'\x00-\x20\x7F" + tk._ZS + r"\uFFFD]|'(?!'))"
_FREE = "|".join(re.escape(p) for p in DEFAULT_CONFIG.url_protocols if p != "//")
#: The reference: one alternation, a URL tried first at every position (behaviour switches
#: are the config's spellings, as MediaWiki's MagicWordArray lists them).
REFERENCE = re.compile(
    r"(?P<url>(?<![\w/])(?i:" + _FREE + r")(?:\[[0-9A-Fa-f:.]+\]" + _URL_CHAR + r"*|" + _URL_CHAR + r"+))"
    r"|(?P<entity>&(?:[A-Za-z][A-Za-z0-9]*|\#[0-9]+|\#[xX][0-9a-fA-F]+);)"
    r"|(?P<magic>\b(?:ISBN" + _SPACE + r"(?:97[89][\ \-]?)?(?:[0-9][\ \-]?){9}[0-9Xx]\b"
    r"|(?:RFC|PMID)" + _SPACE + r"[0-9]+\b))"
    r"|(?P<switch>" + tk.switch_alternation(tk.switch_words(DEFAULT_CONFIG)) + ")"
    r"|(?P<sig>~~~~?~?)"
)
_KINDS = {"url": 0, "entity": 1, "magic": 2, "switch": 3, "sig": 4}


def reference(value: str) -> list[tuple[int, int, int]]:
    return [(m.start(), m.end(), _KINDS[m.lastgroup or ""]) for m in REFERENCE.finditer(value)]


def scan(value: str) -> list[tuple[int, int, int]]:
    return inline_matches(ParseState(value, DEFAULT_CONFIG), value)


def test_kind_numbers_agree() -> None:
    from wikiparse._parse import inline

    assert (inline._URL, inline._ENTITY, inline._MAGIC, inline._SWITCH, inline._SIGNATURE) == (0, 1, 2, 3, 4)


def test_dump_pages_scan_like_the_reference() -> None:
    lines = [line for page in all_pages() for line in page.text.split("\n")]
    assert len(lines) > 10_000
    assert [line for line in lines if scan(line) != reference(line)] == []


_PIECES = st.sampled_from(
    ["http://", "https://x.org/", "mailto:", "irc://", "IRC://", "ftp:", "ISBN ", "ISBN 978-0-12-345678-9",
     "RFC 1234", "PMID 42", "&amp;", "&#x3A;", "&nbsp;", "__NOTOC__", "__x__", "~~~~", "~~~", ":", "/",
     "a", "1", "_", " ", "\u00a0", "[", "]", "(", ")", "'", "''", ".", ",", "é", "xhttp://", "worldwind://"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=3), max_size=30).map("".join))
def test_random_text_scans_like_the_reference(value: str) -> None:
    assert scan(value) == reference(value)


# -- the text renderer's inline normalisation, against the regexes it was first written with --

_OLD_GAP_BEFORE_PUNCT = re.compile(r"[ \t]*\x01[\x01 \t]*(?=[.,;:!?)\]]|$)")
_OLD_SPACES = re.compile(r"[ \t\r\f\v]+")
_OLD_SPACE_AROUND_NL = re.compile(r" ?\n ?")


def _old_finish_inline(text: str) -> str:
    text = re.sub(r"\x01+", "", _OLD_GAP_BEFORE_PUNCT.sub("", text))
    text = re.sub(r"[\x00\x03-\x08\x0b\x0e-\x1f]", "", text)
    text = _OLD_SPACE_AROUND_NL.sub("\n", _OLD_SPACES.sub(" ", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["\x01", " ", "\t", "\n", ".", ",", ")", "a", "\x02", "\x03", "\r", "\x0b"]), max_size=25).map("".join))
def test_finish_inline_matches_its_definition(text: str) -> None:
    from wikiparse.render.text import _finish_inline

    assert _finish_inline(text) == _old_finish_inline(text)
