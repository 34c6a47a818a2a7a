"""``braces.flat_template`` asks which values need their inline pass with ``in`` tests
(``braces._BODY_HINTS``) where the parser's other scans use ``Patterns.value_hint``: on any
text a flat template's parameters can hold (no bracket, brace, ``<`` or pipe), the two agree."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wikiparse._parse.braces import _BODY_HINTS
from wikiparse._parse.patterns import patterns
from wikiparse.config import DEFAULT_CONFIG

_PIECES = ("I", "S", "B", "N", "R", "F", "C", "P", "M", "D", "'", "\n", "=", ":", "/", "&", "_", "~", "a", " ", "é")


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_in_tests_find_what_the_value_hint_finds(text: str) -> None:
    found = patterns(DEFAULT_CONFIG).value_hint.search(text) is not None
    assert found == any(h in text for h in _BODY_HINTS)


def test_each_hint_alone() -> None:
    hint = patterns(DEFAULT_CONFIG).value_hint
    for h in _BODY_HINTS:
        assert hint.search("x" + h + "y") is not None
