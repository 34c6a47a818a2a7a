"""parse_rendered: pages copied as text from a rendered wiki (the IL-2 receptor seed page)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import wikiparse
from conftest import span_errors
from wikiparse.nodes import Document, EditSection, Heading, Paragraph, Section, Text
from wikiparse.rendered import (
    CHROME_LEVEL,
    article_sections,
    article_text,
    page_chrome,
    page_tagline,
    page_title,
    parse_rendered,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = (FIXTURES / "IL-2_receptor.rendered.txt").read_text(encoding="utf-8")

SECTION_TITLES = ["Structure", "Function", "Clinical significance", "Therapeutic use", "See also"]


def check(text: str) -> Document:
    doc = parse_rendered(text)
    assert str(doc) == text
    assert not span_errors(doc, text)
    assert doc.source == text
    return doc


def test_seed_round_trips_with_spans() -> None:
    check(SEED)
    assert wikiparse.parse_rendered is parse_rendered


def test_seed_title_tagline_and_lead() -> None:
    doc = check(SEED)
    assert page_title(doc) == "IL-2 receptor"
    assert page_tagline(doc) == "From WikiMD's Food, Medicine & Wellness Encyclopedia"
    lead = article_sections(doc)[0]
    assert lead.level == 0 and lead.number == 0
    title = lead.heading
    assert title is not None and title.level == 1 and not title.editable and title.edit_section is None
    paras = [n for n in lead.nodes if isinstance(n, Paragraph)]
    assert len(paras) == 2 and str(paras[1]).startswith("IL-2 receptor is a type of protein")


def test_seed_sections_and_edit_markers() -> None:
    doc = check(SEED)
    sections = article_sections(doc)[1:]
    assert [s.title for s in sections] == SECTION_TITLES
    assert [s.number for s in sections] == [1, 2, 3, 4, 5]
    for s in sections:
        h = s.heading
        assert h is not None and h.editable and h.level == 2 and (h.open, h.close) == ("", "")
        assert h.edit_section is not None
        assert h.edit_section.labels == ["edit", "edit source"]
        assert str(h) == f"{s.title}[edit | edit source]"
    # Headings found by the generic query API too, with their numbers.
    assert [h.number for h in doc.find_headings()] == [0, 1, 2, 3, 4, 5]
    assert len(doc.find_nodes(EditSection)) == 5


def test_seed_paragraph_prose() -> None:
    doc = check(SEED)
    structure = article_sections(doc)[1]
    (para,) = [n for n in structure.nodes if isinstance(n, Paragraph)]
    assert str(para).startswith("The IL-2 receptor is composed of three chains: alpha (CD25)")
    see_also = article_sections(doc)[-1]
    assert not any(isinstance(n, Paragraph) for n in see_also.nodes)  # empty on the seed


def test_seed_chrome_kept_apart() -> None:
    doc = check(SEED)
    chrome = page_chrome(doc)
    assert chrome is not None and chrome is doc.nodes[-1]
    assert chrome.level == CHROME_LEVEL and chrome.number == -1
    text = str(chrome)
    assert text.startswith("IL-2 receptor Resources\n")
    assert text.endswith("Contributors: Admin, Prab R. Tumpati, MD")
    assert "Navigation: Wellness" in text and "Advertise on WikiMD" in text
    assert chrome not in article_sections(doc)
    # Nothing of the chrome leaks into the article.
    assert "Resources" not in article_text(doc) and "WikiMD" not in article_text(doc)


def test_seed_article_text_is_the_prose() -> None:
    doc = check(SEED)
    text = article_text(doc)
    blocks = text.split("\n\n")
    assert blocks[0].startswith("IL-2 receptor is a type of protein")
    assert blocks[1::2] == SECTION_TITLES
    assert "[edit" not in text
    assert len(text.split()) == 233


def test_wikipedia_style_markers_and_no_chrome() -> None:
    page = "Interleukin 2\n\nFrom Wikipedia, the free encyclopedia\n\nLead.\n\nHistory[edit]\nOne.\nTwo.\n\n\nUses [edit]  \n"
    doc = check(page)
    sections = article_sections(doc)
    assert [s.title for s in sections] == ["Interleukin 2", "History", "Uses"]
    assert sections[1].heading is not None and sections[1].heading.edit_section is not None
    assert sections[1].heading.edit_section.labels == ["edit"]
    para = next(n for n in sections[1].nodes if isinstance(n, Paragraph))
    assert str(para) == "One.\nTwo."  # consecutive lines are one paragraph
    assert page_chrome(doc) is None
    assert page_tagline(doc) == "From Wikipedia, the free encyclopedia"


def test_chrome_after_last_section_only() -> None:
    page = "T\n\nCredits: in the lead are prose\n\nA[edit]\n\nText.\n\nRetrieved from \"https://x\"\nCategories: A | B"
    doc = check(page)
    chrome = page_chrome(doc)
    assert chrome is not None and str(chrome).startswith("Retrieved from")
    assert "Credits: in the lead" in article_text(doc)


def test_block_structure_uses_text_separators() -> None:
    doc = check("T\n\n\nA[edit]\r\n\r\nx\r\ny")
    lead = doc.nodes[0]
    assert isinstance(lead, Section)
    assert isinstance(lead.nodes[1], Text) and lead.nodes[1].value == "\n\n\n"
    sec = doc.nodes[1]
    assert isinstance(sec, Section)
    h = sec.heading
    assert isinstance(h, Heading) and h.title.strip() == "A"
    assert str(h.trailing) == "[edit]\r"


def test_edge_inputs() -> None:
    for text in ["", "\n", " ", "T", "[edit]", "x[edit]", "\n\nx[edit]\n", "a\n\nb\n\n", "Search"]:
        check(text)
    assert page_title(check("")) is None
    assert page_title(check("x[edit]")) is None


pieces = st.sampled_from(
    ["\n", "\n\n", " ", "Title", "From WikiMD", "[edit]", "[edit | edit source]", "Resources",
     "Navigation: a", "Search WikiMD", "Credits:", "x", "\r\n", "\t", "[", "]", "|"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces, max_size=30).map("".join) | st.text(max_size=80))
def test_any_text_round_trips(text: str) -> None:
    doc = check(text)
    for s in doc.nodes:
        assert isinstance(s, Section)
    article_text(doc)
    page_title(doc)


def test_wikitext_fixture_renders_to_the_seed_article_text() -> None:
    """The running example's two halves agree: the plain text of IL-2_receptor.wiki is the
    article text read from the rendered seed page."""
    wiki = (FIXTURES / "IL-2_receptor.wiki").read_text(encoding="utf-8")
    assert wikiparse.to_text(wikiparse.parse(wiki)).strip() == article_text(check(SEED))
