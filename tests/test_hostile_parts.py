"""Long pages rendered a part at a time (``render.base.page_parts``): the same output as
rendering the whole tree, with one part's tree alive at a time.

``to_text``, ``to_markdown`` and ``to_html`` of wikitext of at least ``PART_MIN_CHARS`` characters cut it
before safe top-level heading lines.  These tests force the cutting on small inputs (every
safe heading line becomes a cut) and compare with the whole-page rendering: on the sample
articles, on inputs where a cut would change the output, and on generated wikitext.
"""

from __future__ import annotations

import itertools
import re
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wikiparse
from conftest import Page, main_pages
from wikiparse.config import DEFAULT_CONFIG, ParserConfig
from wikiparse.render import base
from wikiparse.render._part_cuts import quiet_cuts, quiet_heading_lines

RENDERERS: dict[str, Callable[[str], str]] = {
    "text": wikiparse.to_text,
    "text-options": lambda t: wikiparse.to_text(t, refs=True, edit_markers=True, tables=True),
    "markdown": wikiparse.to_markdown,
    "markdown-refs": lambda t: wikiparse.to_markdown(t, refs=True),
    "html": lambda t: wikiparse.to_html(t, title="T"),  # edit links: the section numbers
}


@pytest.fixture
def whole(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Callable[[str], str], str], str]]:
    """Render with no cutting at all."""

    def render(func: Callable[[str], str], text: str) -> str:
        with monkeypatch.context() as m:
            m.setattr(base, "PART_MIN_CHARS", 1 << 62)
            return func(text)

    yield render


@pytest.fixture
def in_parts(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Callable[[str], str], str], str]]:
    """Render cutting at every safe heading line."""

    def render(func: Callable[[str], str], text: str) -> str:
        with monkeypatch.context() as m:
            m.setattr(base, "PART_MIN_CHARS", 0)
            m.setattr(base, "PART_CHARS", 1)
            return func(text)

    yield render


def _parts(text: str) -> list[str]:
    """The sources of the parts ``page_parts`` cuts ``text`` into, cutting wherever safe."""
    return [doc.source for doc in base.page_parts(text, None, frozenset(), part_chars=1)]


def _largest_articles() -> list[Page]:
    return sorted(main_pages(), key=lambda p: len(p.text), reverse=True)[:3]


@pytest.mark.parametrize("page", _largest_articles(), ids=lambda p: p.id)
@pytest.mark.parametrize("renderer", ["text-options", "markdown-refs", "html"])
def test_sample_articles_render_the_same_in_parts(
    page: Page, renderer: str, whole: Callable[..., str], in_parts: Callable[..., str]
) -> None:
    assert len(_parts(page.text)) > 5  # the test means something: the page is really cut
    func = RENDERERS[renderer]
    assert in_parts(func, page.text) == whole(func, page.text)


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        ("a\n== b ==\nc\n== d ==\ne", ["a\n", "== b ==\nc\n", "== d ==\ne"]),
        # Something open at the cut: the part goes on to the next safe one.
        ("{{t|\n== b ==\n}}\n== d ==\ne", ["{{t|\n== b ==\n}}\n", "== d ==\ne"]),
        ("<ref>\n== b ==\n</ref>\n== d ==\ne", ["<ref>\n== b ==\n</ref>\n", "== d ==\ne"]),
        ("<!--\n== b ==\n-->\n== d ==\ne", ["<!--\n== b ==\n-->\n", "== d ==\ne"]),
        ("<!-->\n== b ==\n-->\n== d ==", ["<!-->\n== b ==\n-->\n", "== d =="]),
        ("{|\n|a\n== b ==\n|}\n== d ==", ["{|\n|a\n== b ==\n|}\n", "== d =="]),
        ("[[a|\n== b ==\n]]\n== d ==", ["[[a|\n== b ==\n]]\n", "== d =="]),
        # A heading line that is not whole on its own is no cut.
        ("a\n== {{b| ==\n}}\n== d ==", ["a\n== {{b| ==\n}}\n", "== d =="]),
        ("a\n= b <ref>=\n</ref>", ["a\n= b <ref>=\n</ref>"]),
        # What vanishes before table lines are read: a comment in front of "{|" or "|}".
        ("<!--c-->{|\n|a\n== b ==\n<!--c-->|}\n== d ==", ["<!--c-->{|\n|a\n== b ==\n<!--c-->|}\n", "== d =="]),
        # A "<!--" left without "-->" counts wherever it is, in <nowiki> too.
        ("<nowiki><!--</nowiki>\n== b ==\n-->\n== d ==", ["<nowiki><!--</nowiki>\n== b ==\n-->\n", "== d =="]),
        # Something left open inside a tag body read as wikitext: no cut after it.
        ("<ref>{{t</ref>\n== b ==\n== d ==", ["<ref>{{t</ref>\n== b ==\n== d =="]),
        ("<ref>{|\n|a</ref>\n== b ==", ["<ref>{|\n|a</ref>\n== b =="]),
        # Braces closed in the heading line's own template, a simple link and template.
        ("{{a|[[b]]|{{c}}}}\n== b ==", ["{{a|[[b]]|{{c}}}}\n", "== b =="]),
        # __NOEDITSECTION__ reaches back: render_page does not cut such a page at all.
        ("a\n== b ==\n__NOEDITSECTION__\n== d ==", ["a\n", "== b ==\n__NOEDITSECTION__\n== d =="]),
        # A paragraph line (letter or digit first) after one blank line after text is a cut.
        ("a\n\nb c\n\n1 d", ["a\n\n", "b c\n\n", "1 d"]),
        ("a\n\n\nb\n\n\n\nc", ["a\n\n\nb\n\n\n\nc"]),  # after two blank lines: a <br> paragraph
        ("a\n\n[[Category:X]]\nb", ["a\n\n[[Category:X]]\nb"]),  # trims the blank line before it
        ("a\n\n b\n\n* c\n\n:d\n\n<b>e</b>\n\n{{f}}\n\n'''g'''", ["a\n\n b\n\n* c\n\n:d\n\n<b>e</b>\n\n{{f}}\n\n'''g'''"]),
        ("* a\n\nb\n\n c\n\nd", ["* a\n\n", "b\n\n c\n\n", "d"]),
        # ... where nothing is open.
        ("{{t|\n\nb}}\n\nc", ["{{t|\n\nb}}\n\n", "c"]),
        ("{|\n|a\n\nb\n|}\n\nc", ["{|\n|a\n\nb\n|}\n\n", "c"]),
        ("<!--\n\nb\n\n-->\n\nc", ["<!--\n\nb\n\n-->\n\n", "c"]),
        ("<ref>a\n\nb</ref>\n\nc", ["<ref>a\n\nb</ref>\n\n", "c"]),
        ("[[a|b\n\nc]]\n\nd", ["[[a|b\n\nc]]\n\n", "d"]),
        # Tags paired across lines: the renderers keep open HTML tags across parts.
        ("<div>a\n\nb</div>\n\nc", ["<div>a\n\n", "b</div>\n\n", "c"]),
        ("''a\n\nb''", ["''a\n\n", "b''"]),
    ],
)
def test_cuts_only_where_nothing_is_open(
    text: str, sources: list[str], whole: Callable[..., str], in_parts: Callable[..., str]
) -> None:
    assert _parts(text) == sources
    for func in RENDERERS.values():
        assert in_parts(func, text) == whole(func, text)


#: Pieces for generated pages: heading lines, and everything that could hold one open.
_PIECES = [
    "\n== h ==\n", "\n=== h ===\n", "\n= h =\n", "\n==h", "x", " ", "\n", "\n\n", "{{t|", "}}",
    "[[a|", "]]", "[[b]]", "[http://x.org y]", "[http://x.org]", "<ref>r", "</ref>",
    "<ref name=n/>", "<references/>", "<!--", "-->", "{|\n|", "\n|}", "\n|-\n", "''", "'''",
    "* i\n", "# i\n", " pre\n", "<div>", "</div>", "<pre>", "</pre>", "<nowiki>", "</nowiki>",
    "----\n", ":x\n", "&amp;", "<span>", "</span>", "== {{t| ==\n", "\n==<!-- c -->==\n",
    "\n\nb", "[[Category:C]]",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_generated_pages_render_the_same_in_parts(pieces: list[str]) -> None:
    text = "".join(pieces)
    outputs = []
    for min_chars, part_chars in ((1 << 62, 1), (0, 1)):
        base.PART_MIN_CHARS, base.PART_CHARS = min_chars, part_chars
        try:
            outputs.append([func(text) for func in RENDERERS.values()])
        finally:
            base.PART_MIN_CHARS, base.PART_CHARS = 100_000, 50_000
    assert outputs[0] == outputs[1]


def _heading_lines(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"^=[^\n]*=[ \t]*$", text, re.MULTILINE) if m.start()]


def _closed_between(text: str, start: int, at: int) -> bool:
    """Does the part ``text[start:at]``, parsed alone, leave nothing open (the verification)?"""
    st, _doc = base._parse_part(text[start:at], DEFAULT_CONFIG, frozenset())
    return base._closed(st, text[start:at])


@pytest.mark.parametrize("page", _largest_articles(), ids=lambda p: p.id)
def test_the_scan_finds_exactly_the_heading_lines_where_nothing_is_open(page: Page) -> None:
    """``_part_cuts.quiet_heading_lines`` (one scan, no parse) proposes a heading line where
    parsing the page up to it leaves nothing open, and no other.  (Parsed from the last such
    line, as ``page_parts`` does, so that the test stays linear.)"""
    quiet = quiet_heading_lines(page.text, DEFAULT_CONFIG, frozenset())
    closed = []
    last = 0
    for at in _heading_lines(page.text):
        if _closed_between(page.text, last, at):
            closed.append(at)
            last = at
    assert len(closed) > 5
    assert closed == [at for at in quiet if at]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_the_scan_proposes_no_heading_line_where_something_is_open(pieces: list[str]) -> None:
    """The other way round it may miss a cut (a line of one "=" after a pipe inside braces is
    read as a heading line there, which can only hide a closing run), never propose a bad one."""
    text = "".join(pieces)
    for at in quiet_heading_lines(text, DEFAULT_CONFIG, frozenset()):
        if at:
            assert _closed_between(text, 0, at), at


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_the_scan_proposes_no_blank_line_where_something_is_open(pieces: list[str]) -> None:
    """``quiet_cuts``' paragraph lines after a blank line, like its heading lines, are only
    where the page up to them, parsed alone, leaves nothing open."""
    text = "".join(pieces)
    candidates, blank_lines = quiet_cuts(text, DEFAULT_CONFIG, frozenset())
    assert candidates == sorted(candidates) and blank_lines <= set(candidates)
    headings = [at for at in candidates if at not in blank_lines]
    assert headings == quiet_heading_lines(text, DEFAULT_CONFIG, frozenset())
    for at in blank_lines:
        assert text[at - 2 : at] == "\n\n" and text[at].isalnum(), at
        assert _closed_between(text, 0, at), at


@pytest.mark.parametrize("renderer", ["markdown-refs", "html"])
def test_a_page_without_heading_lines_is_cut_at_blank_lines(
    renderer: str, whole: Callable[..., str], in_parts: Callable[..., str]
) -> None:
    """A page of paragraphs and nothing else is cut too (a part ends before a paragraph line
    after a blank line), with the same output."""
    unit = "Paragraph {} with [[a link]], ''italics'' and a ref.<ref>r{}</ref>\n\n"
    text = "".join(unit.format(i, i) for i in range(60)) + "<references/>"
    assert len(_parts(text)) == 60
    func = RENDERERS[renderer]
    assert in_parts(func, text) == whole(func, text)


def test_a_long_page_without_heading_lines_is_cut_into_parts_of_about_part_chars() -> None:
    text = "A paragraph of text.\n\n" * 20_000
    sizes = [len(doc.source) for doc in base.page_parts(text, None, frozenset())]
    assert sum(sizes) == len(text) and len(sizes) == 9
    assert max(sizes) < base.PART_CHARS + 30


@pytest.mark.interpreted  # counts calls through a patched function: compiled calls bind early
@pytest.mark.parametrize(
    "unit", ["{{a|\n== h ==\n", "== {{a| ==\n", "<ref>{{a</ref>\n== h ==\n", "==\n", "{{a|\n\nx\n"]
)
def test_a_page_that_cannot_be_cut_is_parsed_once(unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """No trial parses: a page whose heading lines all sit where something is open (or are
    no heading alone) is one part, parsed once, and no heading line is parsed alone more than
    once per distinct line."""
    parsed: list[int] = []
    real = base._parse_part

    def counting(text: str, config: ParserConfig, skim_tags: frozenset[str]) -> tuple[Any, Any]:
        parsed.append(len(text))
        return real(text, config, skim_tags)

    monkeypatch.setattr(base, "_parse_part", counting)
    text = unit * 2000
    assert _parts(text) == [text]
    assert sorted(parsed)[-1] == len(text)
    assert len(parsed) <= 2


def test_defaults_are_the_documented_ones() -> None:
    assert (base.PART_MIN_CHARS, base.PART_CHARS) == (100_000, 50_000)


#: A token-dense page with sections: 93-135 bytes of tree per input byte when held whole.
DENSE = ("== Section ==\n" + "[[a|b]] ''x'' {{a|b}} " * 60 + "\n\n") * 100


def test_peak_memory_of_a_dense_page_in_parts_stays_under_20_bytes_per_byte(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bar of issue 13: the renderers' peak at most 20x the input.  Scaled down (parts
    of 5,000 characters on a page of 134,000, as parts of 50,000 on a page of 1.3 MB) and
    measured with tracemalloc: memory, not time."""
    monkeypatch.setattr(base, "PART_MIN_CHARS", 0)
    monkeypatch.setattr(base, "PART_CHARS", 5_000)
    size = len(DENSE.encode("utf-8"))
    assert len(_parts(DENSE)) == 100
    tracemalloc.start()
    try:
        wikiparse.to_text(DENSE)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * size, f"{peak / size:.1f} bytes per input byte"


@pytest.mark.parametrize("page", _largest_articles(), ids=lambda p: p.id)
def test_html_passes_joined_in_chunks_give_the_same_page(
    page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``do_block_levels`` and ``p_wrap`` join their output into chunks as they go (a long
    page's peak): joining after every piece gives the page they give when nothing is cut."""
    from wikiparse.render import _html_blocks, _html_tidy

    func = RENDERERS["html"]
    expected = func(page.text)
    monkeypatch.setattr(_html_blocks, "_CHUNK_PIECES", 1)
    monkeypatch.setattr(_html_tidy, "_CHUNK_PIECES", 1)
    assert func(page.text) == expected


_MARK_PIECES = st.sampled_from(["\n", "\n\n", " ", "\t", "\x7fC\x7f", "\x7f", "C", "a", "<p>"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARK_PIECES, max_size=16).map("".join), st.lists(st.integers(0, 64), max_size=5))
def test_comment_lines_dropped_in_blocks_as_over_the_whole_page(text: str, cuts: list[int]) -> None:
    """``_without_comment_lines`` over the page's output in any chunks (cut anywhere, even
    inside a comment mark) is the page-wide pass it replaced: a line of only comment marks and
    spaces goes with the line break before it (the first line with the one after), and the
    remaining marks go."""
    from wikiparse.render.html import _COMMENT_LINE_RE, _COMMENT_MARK, _without_comment_lines

    bounds = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
    chunks = [text[a:b] for a, b in itertools.pairwise(bounds)] or [text]
    expected = text
    if _COMMENT_MARK in text:
        expected = _COMMENT_LINE_RE.sub("", "\n" + text)[1:].replace(_COMMENT_MARK, "")
    assert _without_comment_lines(chunks) == expected
    assert chunks == []


@pytest.mark.parametrize(
    "markup",
    [
        "<span>a <b>b</b> c <i>d</i><div>x</div> e</span> f",  # a block unwraps the span
        "<b>a <i>b</i> c<div>x</div> d</b>",  # formatting split around the block
        "a <span>b</span> c\n<div>d</div>\n<b>e<div>f</div></b>",
    ],
)
def test_p_wrap_in_chunks_keeps_the_slot_of_an_open_inline_element(
    markup: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A piece written for an inline element may still change when a block comes inside it:
    no chunk is joined while one is open."""
    from wikiparse.render import _html_tidy

    expected = _html_tidy.p_wrap(markup)
    monkeypatch.setattr(_html_tidy, "_CHUNK_PIECES", 0)
    assert _html_tidy.p_wrap(markup) == expected


_SUB_PIECES = st.sampled_from(["\n", "a", "\x7f", "N", "7", "\x7fN12\x7f", "<mw:toc1/>", "<p>", "</p>", "<li></li>"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_SUB_PIECES, max_size=40).map("".join), st.integers(0, 12))
def test_marks_and_empty_elements_replaced_by_slices_as_over_the_whole_page(text: str, slice_chars: int) -> None:
    """``finish_parts`` replaces marks and empty elements a slice of lines at a time
    (``_sub_by_lines``, a long page's peak): the same as one ``re.sub`` over the page, and the
    input taken out of the list it was handed over in."""
    from wikiparse.render import html

    def repl(m: re.Match[str]) -> str:
        return "[" + m.group() + "]"

    saved = html._SUB_SLICE
    html._SUB_SLICE = slice_chars
    try:
        for pattern, func in ((html._MARK_RE, repl), (html._EMPTY_ELT_RE, html._empty_elt)):
            held = [text]
            assert html._sub_by_lines(pattern, func, held) == pattern.sub(func, text)
            assert held == []
    finally:
        html._SUB_SLICE = saved
    assert html._EMPTY_ELT_RE.sub(html._empty_elt, text) == html._EMPTY_ELT_RE.sub(r'<\1 class="mw-empty-elt"></\1>', text)

