"""Hostile input for the parser itself: the heading end, links nested beyond 64k levels, and
bracketed URLs that never close.

``'=' * n + 'x' + '=' * n`` made the heading-end search quadratic (a ``(=+)[ \\t]*\\Z`` search
restarts at every '=' of the opening run); ``'[' * n + 'x' + ']' * n`` and
``'[[a|' * n + 'x' + ']]' * n`` joined the text of every inner link again at every level.
No test here is timed: the output is checked, and growth is counted as characters joined
(the time lives in ``benchmarks/adversarial.py``).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wikiparse
from conftest import span_errors
from wikiparse._parse import state
from wikiparse._parse.lines import closing_equals
from wikiparse._parse.patterns import patterns
from wikiparse.config import DEFAULT_CONFIG
from wikiparse.nodes import Heading, Text, Wikilink, walk

_HEADING_END = re.compile(r"(=+)([ \t]*)\Z")


@given(st.text(alphabet="= \tx\n", max_size=30))
def test_closing_equals_is_the_old_search(value: str) -> None:
    """Counting after an ``rstrip`` finds what the backtracking search found."""
    m = _HEADING_END.search(value)
    end, count = closing_equals(value)
    if m is None:
        assert count == 0
    else:
        assert (end, count) == (m.end(1), len(m.group(1)))


@pytest.mark.parametrize("n", [1, 2, 7, 100_000])
def test_equals_around_a_word_is_a_heading(n: int) -> None:
    """MediaWiki caps the level at 6 and keeps the extra '=' in the title."""
    text = "=" * n + "x" + "=" * n
    doc = wikiparse.parse(text)
    assert str(doc) == text
    assert not span_errors(doc, text)
    heading = next(node for node in walk(doc) if isinstance(node, Heading))
    level = min(n, 6)
    assert heading.level == level
    assert str(heading.title) == "=" * (n - level) + "x" + "=" * (n - level)
    assert heading.start == 0 and heading.end == len(text)


DEEP = 70_000  # past 64k, where the growth was super-linear


def test_deep_brackets_are_text_around_the_innermost_link() -> None:
    text = "[" * DEEP + "x" + "]" * DEEP
    doc = wikiparse.parse(text)
    assert str(doc) == text
    assert not span_errors(doc, text)
    links = [n for n in walk(doc) if isinstance(n, Wikilink)]
    assert len(links) == 1 and str(links[0]) == "[[x]]"


def test_deep_link_labels_are_text_around_the_innermost_link() -> None:
    text = "[[a|" * DEEP + "x" + "]]" * DEEP
    doc = wikiparse.parse(text)
    assert str(doc) == text
    assert not span_errors(doc, text)
    links = [n for n in walk(doc) if isinstance(n, Wikilink)]
    assert [str(link) for link in links] == ["[[a|x]]"]
    # Around the link: one text before it and one after it (merged once, not per level).
    texts = [n.value for n in walk(doc) if isinstance(n, Text)]
    assert texts == ["[[a|" * (DEEP - 1), "a", "x", "]]" * (DEEP - 1)]


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("[[a|[[b]]]]", ["[[b]]"]),
        ("[[a|[[b|[[c]]]]]]", ["[[c]]"]),
        ("[[[[a]]]]", ["[[a]]"]),
        ("[[a|[[<]] b]]", ["[[a|[[<]] b]]"]),  # an invalid inner link is text: the outer links
        ("[[File:a.jpg|[[b|[[c]]]]]]", ["[[File:a.jpg|[[b|[[c]]]]]]", "[[c]]"]),
        ("[[a|b|[[c]]]]", ["[[c]]"]),
    ],
)
def test_links_around_links(text: str, links: list[str]) -> None:
    """Placeholders of inner links written as text nest; the result is as before."""
    doc = wikiparse.parse(text)
    assert str(doc) == text
    assert [str(n) for n in walk(doc) if isinstance(n, Wikilink)] == links


def _joined_chars(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """The characters the parser's text merges join for ``text``: quadratic joining shows as
    a count that quadruples when the input doubles."""
    total = 0
    join = state._join_run

    def counting(start: int, end: int, values: list[str]) -> Text:
        nonlocal total
        joined = join(start, end, values)
        total += len(joined.value)
        return joined

    monkeypatch.setattr(state, "_join_run", counting)
    try:
        wikiparse.parse(text)
    finally:
        monkeypatch.setattr(state, "_join_run", join)
    return total


@pytest.mark.interpreted
@pytest.mark.parametrize(
    "family",
    [lambda n: "[" * n + "x" + "]" * n, lambda n: "[[a|" * n + "x" + "]]" * n,
     lambda n: "[[<|" * n + "x" + "]]" * n],
    ids=["brackets", "links", "invalid-links"],
)
def test_nested_links_join_each_character_a_bounded_number_of_times(
    family: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert callable(family)
    n = 5_000
    small, large = _joined_chars(family(n), monkeypatch), _joined_chars(family(2 * n), monkeypatch)
    assert large <= 2.3 * max(small, 1), (small, large)


def _backtracking(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` with its atomic URL part made an ordinary group again: what it was when a
    long unclosed ``[http://…`` took time quadratic in the URL's length."""
    return re.compile(pattern.pattern.replace("(?>", "(?:"))


_URL_TEXT = st.text(alphabet="[]ab:/ '\n\u3000\x7f|", max_size=24).map(lambda t: "[http://" + t)


@given(_URL_TEXT, st.sampled_from(["bracket_link", "bracket_link_open"]))
def test_an_atomic_url_matches_as_the_backtracking_one(text: str, name: str) -> None:
    """Characters the URL gives back can never make the label and ``]`` match: atomic, the
    pattern finds the same matches and groups without trying each shorter URL."""
    atomic = getattr(patterns(DEFAULT_CONFIG), name)
    assert "(?>" in atomic.pattern
    for pos in range(len(text)):
        got, want = atomic.match(text, pos), _backtracking(atomic).match(text, pos)
        assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))


@pytest.mark.parametrize("tail", ["", "\nb]", " c\nd]"])
def test_a_long_unclosed_bracketed_url_is_text(tail: str) -> None:
    """``[http://`` and 100,000 URL characters with no ``]`` on the line: text, read once (the
    text reader tried every shorter URL against the rest of the line)."""
    text = "x [http://" + "a" * 100_000 + tail
    assert wikiparse.to_text(text) == text.replace("\n", " ")
    assert str(wikiparse.parse(text)) == text
