"""``__NOEDITSECTION__`` and the prose reader: plain text without edit markers cuts a page
holding the switch into prose runs and parsed parts all the same (``render_page``'s
``edit_sections``), and must read as the whole page's parse does; with edit markers the page
is parsed whole, as before."""

from __future__ import annotations

import pytest

from wikiparse.render.options import TextOptions
from wikiparse.render.text import text_of

PAGES = [
    "Intro ''words'' [[a|b]].\n\n== One ==\nText.<ref>r</ref>\n\n__NOEDITSECTION__\n\n== Two ==\n* item\n",
    "__NOEDITSECTION__\n== H ==\nA paragraph.\n\n{|\n| a || b\n|}\n\nMore [[text]].",
    "== H ==__NOEDITSECTION__\nx\n\n=== I ===\ny {{convert|5|km}}\n",
    "a __noeditsection__ b\n\n== H ==\nc\n",
]

OPTIONS = [
    TextOptions(),
    TextOptions(tables=True, refs=True),
    TextOptions(edit_markers=True),
    TextOptions(edit_markers=True, tables=True),
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("options", OPTIONS)
def test_prose_reader_agrees_with_the_parse(page: str, options: TextOptions) -> None:
    assert text_of(page, options, prose=True) == text_of(page, options, prose=False)


def test_edit_markers_still_off_everywhere() -> None:
    text = text_of(PAGES[0], TextOptions(edit_markers=True))
    assert "[edit" not in text
    assert "One" in text and "Two" in text
