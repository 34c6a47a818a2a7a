"""The checks every render's input and output pass through (``render.base``): lone surrogates
found by a strict UTF-8 encode, C0 controls by the bytes left once the others are deleted.
They must say exactly what the regular-expression searches they replaced say."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikiparse.render import base
from wikiparse.render.base import _as_mediawiki_reads, clean_output

_UNCLEAN = re.compile(r"[\x00-\x08\x0b-\x1f\ud800-\udfff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

#: Characters around every boundary that matters: controls kept and dropped, ASCII, Latin-1,
#: the two-byte, three-byte and four-byte UTF-8 ranges, and both halves of surrogate pairs.
_CHARS = st.sampled_from(
    ["a", " ", "\n", "\t", "\r", "\x00", "\x01", "\x08", "\x0b", "\x1f", "\x7f", "\x80", "é",
     "\u2013", "\ud7ff", "\ud800", "\udbff", "\udc00", "\udfff", "\ue000", "\U0001d11e"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_CHARS, max_size=24).map("".join))
def test_clean_output_keeps_clean_text_and_cleans_the_rest(text: str) -> None:
    out = clean_output(text)
    if _UNCLEAN.search(text) is None:
        assert out is text
    else:
        assert out == _SURROGATE.sub("\ufffd", re.sub("[\x00-\x08\x0b-\x1f]+", "", text))


@settings(max_examples=400, deadline=None)
@given(st.lists(_CHARS, max_size=24).map("".join))
def test_the_text_read_is_what_the_searches_made_of_it(text: str) -> None:
    assert _as_mediawiki_reads(text) == _SURROGATE.sub("\ufffd", text.replace("\x00", ""))


@pytest.mark.interpreted  # patches a module global of a module the compiled build compiles
def test_long_text_is_checked_a_slice_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fault in any slice counts, the last one too (the slices are made small here)."""
    monkeypatch.setattr(base, "_ENCODE_CHUNK", 4)
    assert _as_mediawiki_reads("é\x00bcdefgh\x00\ud800") == "ébcdefgh\ufffd"
    assert _as_mediawiki_reads("ébcdefgh\x00") == "ébcdefgh"
    assert _as_mediawiki_reads("é\ud800cdefgh\x00") == "é\ufffdcdefgh"
    assert clean_output("abcdefgh\x01") == "abcdefgh"
    assert clean_output("abcdefgh\ud800") == "abcdefgh\ufffd"
    text = "abcdefgh\n\t"
    assert clean_output(text) is text
