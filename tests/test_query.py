"""Queries: iter_nodes / find_* (recursive or not), name normalisation, file options.

Hand-built trees pin the semantics independently of the parser; the IL-2 receptor fixture and
the sample dumps check the same queries on real parses.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

import wikiparse
from conftest import Page, main_pages, tmpl, wc
from parsertests import ParserTestCase, iter_cases
from wikiparse.config import ParserConfig
from wikiparse.nodes import (
    Bold,
    CategoryLink,
    Document,
    FileLink,
    Heading,
    List,
    ListItem,
    Node,
    Paragraph,
    Parameter,
    Section,
    Table,
    TableCell,
    TableRow,
    Template,
    Text,
    Wikicode,
    Wikilink,
    walk,
)
from wikiparse.query import (
    find_templates,
    interpret_file_options,
    iter_nodes,
    normalize_template_name,
    normalize_title,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


# --------------------------------------------------------------------------------------------
# Hand-built trees
# --------------------------------------------------------------------------------------------


def link(target: str, text: str | None = None) -> Wikilink:
    return Wikilink(target=wc(target), text=None if text is None else wc(text))


def sample_doc() -> tuple[Document, dict[str, Node]]:
    """A small page: templates at the top level (in a paragraph, in bold, in a list item),
    nested in a template parameter, in a table cell and in a heading."""
    inner = tmpl("cite web", ("url", "http://x"))
    outer = tmpl("Infobox protein", ("name", "IL-2"), ("ref", inner))
    in_bold = tmpl("lang", (None, "x"))
    in_list = tmpl("tl", (None, "y"))
    in_cell = tmpl("flag", (None, "z"))
    in_heading = tmpl("anchor", (None, "h"))
    lk = link("T lymphocyte", "T lymphocytes")
    cat = CategoryLink(target=wc("Category:Immunology"))
    lead = Section(
        level=0,
        nodes=[
            outer,
            Text(value="\n"),
            Paragraph(nodes=[Text(value="IL-2 binds "), lk, Bold(open="'''", close="'''", nodes=[in_bold])]),
            Text(value="\n"),
            List(items=[ListItem(prefix="*", content=wc(" ", in_list))]),
            Text(value="\n"),
            Table(rows=[TableRow(cells=[TableCell(content=wc(in_cell))])], close="\n|}"),
        ],
    )
    sec = Section(
        level=2,
        number=1,
        nodes=[
            Heading(title=wc(" Structure ", in_heading, " "), number=1),
            Text(value="\n"),
            Paragraph(nodes=[cat]),
        ],
    )
    doc = Document(nodes=[lead, sec])
    named = {
        "inner": inner,
        "outer": outer,
        "in_bold": in_bold,
        "in_list": in_list,
        "in_cell": in_cell,
        "in_heading": in_heading,
        "link": lk,
        "cat": cat,
    }
    return doc, named


def test_iter_nodes_recursive_is_source_order_and_excludes_self() -> None:
    doc, n = sample_doc()
    found = list(iter_nodes(doc, Template))
    assert found == [n["outer"], n["inner"], n["in_bold"], n["in_list"], n["in_cell"], n["in_heading"]]
    assert doc not in list(iter_nodes(doc))
    # Every node but the root, in walk (pre-)order.
    assert list(iter_nodes(doc)) == list(walk(doc))[1:]


def test_iter_nodes_non_recursive_looks_through_layout_only() -> None:
    doc, n = sample_doc()
    top = doc.find_templates(recursive=False)
    # Paragraph, bold, list items are layout; template parameters, tables and headings are not.
    assert top == [n["outer"], n["in_bold"], n["in_list"]]
    assert n["inner"] not in top and n["in_cell"] not in top and n["in_heading"] not in top


def test_iter_nodes_non_recursive_on_a_template_sees_its_parameters() -> None:
    _, n = sample_doc()
    params = list(iter_nodes(n["outer"], Parameter, recursive=False))
    assert [str(p) for p in params] == ["name=IL-2", "ref={{cite web|url=http://x}}"]
    assert find_templates(n["outer"], recursive=False) == []  # inside a parameter value
    assert find_templates(n["outer"]) == [n["inner"]]


def test_iter_nodes_types_tuple_and_predicate() -> None:
    doc, n = sample_doc()
    got = doc.find_nodes((Wikilink, Heading))
    assert got[0] is n["link"] and isinstance(got[1], Heading) and got[2] is n["cat"]
    short = doc.find_nodes(Template, predicate=lambda t: len(t.params) == 1)
    assert n["outer"] not in short and n["inner"] in short


def test_find_shortcuts_separate_link_kinds() -> None:
    doc, n = sample_doc()
    assert doc.find_wikilinks() == [n["link"]]
    assert doc.find_categories() == [n["cat"]]
    assert n["cat"].category == "Immunology"
    assert [h.number for h in doc.find_headings()] == [1]


def test_find_templates_by_normalised_name() -> None:
    doc, n = sample_doc()
    for spelling in ("Infobox protein", "infobox_protein", "Template:Infobox protein", " infobox  protein "):
        assert find_templates(doc, spelling) == [n["outer"]]
    assert doc.find_templates("Cite web") == [n["inner"]]
    assert doc.find_templates("Cite web", recursive=False) == []


def test_iter_nodes_deep_tree_does_not_recurse() -> None:
    depth = 100_000
    node: Node = Text(value="x")
    for _ in range(depth):
        node = Template(name=wc("t"), params=[Parameter(value=Wikicode(nodes=[node]))])
    assert sum(1 for _ in iter_nodes(node, Template)) == depth - 1
    assert len(node.find_nodes(Text)) == depth + 1  # every name plus the innermost text


# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("foo_bar", "Foo bar"),
        ("  foo __ bar  ", "Foo bar"),
        (":foo", "Foo"),
        ("category:foo", "Category:Foo"),
        ("category : foo bar", "Category:Foo bar"),
        ("Image:IL2 receptor.png", "File:IL2 receptor.png"),
        ("WP:NPOV", "Wikipedia:NPOV"),
        ("FR:récepteur", "fr:récepteur"),
        ("AT&amp;T", "AT&T"),
        ("a\u00a0b\u200e", "A b"),
        ("ünter", "Ünter"),
        ("Foo:bar", "Foo:bar"),
        ("", ""),
    ],
)
def test_normalize_title(raw: str, expected: str) -> None:
    assert normalize_title(raw) == expected


def test_normalize_title_case_sensitive_wiki() -> None:
    cfg = attrs.evolve(ParserConfig(), case_sensitive_first_letter=True)
    assert normalize_title("iPod_touch", config=cfg) == "iPod touch"


@pytest.mark.parametrize(
    "raw",
    [
        "Infobox protein",
        "infobox_protein",
        "Template:Infobox protein",
        "template : infobox protein",
        " Infobox protein <!-- see talk -->\n",
        "Infobox<!-- x --> protein",
    ],
)
def test_normalize_template_name(raw: str) -> None:
    assert normalize_template_name(raw) == "Infobox protein"


def test_normalize_template_name_other_namespaces() -> None:
    assert normalize_template_name(":main Page") == "Main Page"
    assert normalize_template_name("wikipedia:Foo") == "Wikipedia:Foo"


# --------------------------------------------------------------------------------------------
# File options
# --------------------------------------------------------------------------------------------


def filelink(*options: str) -> FileLink:
    return FileLink(target=wc("File:IL2 receptor.png"), options=[wc(o) for o in options])


def test_file_options_full_set() -> None:
    f = filelink("thumb", "left", "text-top", "220x140px", "upright=1.2", "alt=Three chains",
                 "link=IL-2", "page=3", "class=skin-invert", "lang=fr", "border",
                 "The [[IL-2 receptor]] complex")
    got = interpret_file_options(f)
    assert got["format"] == "thumb" and got["align"] == "left" and got["valign"] == "text-top"
    assert (got["width"], got["height"], got["upright"]) == (220, 140, 1.2)
    assert (got["alt"], got["link"], got["page"], got["class"], got["lang"]) == (
        "Three chains", "IL-2", 3, "skin-invert", "fr")
    assert got["border"] is True
    assert got["caption"] is f.options[-1]
    assert f.caption is f.options[-1]


@pytest.mark.parametrize(
    ("options", "key", "value"),
    [
        (["thumbnail"], "format", "thumb"),
        (["framed"], "format", "frame"),
        (["frameless", "thumb"], "format", "frameless"),  # the first format wins
        (["centre"], "align", "center"),
        (["none"], "align", "none"),
        (["sup"], "valign", "super"),
        (["x80px"], "height", 80),
        (["x80px"], "width", None),
        (["100px"], "width", 100),
        ([" 100px "], "width", 100),
        (["upright"], "upright", 0.75),
        (["upright 2"], "upright", 2.0),
        (["link="], "link", ""),
        (["thumb=IL2 small.png"], "manualthumb", "IL2 small.png"),
        (["Thumb"], "format", None),  # option words are case-sensitive
    ],
)
def test_file_option_values(options: list[str], key: str, value: object) -> None:
    assert interpret_file_options(filelink(*options))[key] == value


@pytest.mark.parametrize(
    "options",
    [
        ["A caption", "thumb"],  # the caption need not be last
        ["thumb", "frame"],  # a second format is shown as caption
        ["upright=tall"],  # invalid values make the part a caption
        ["page=two"],
        ["px"],
        ["Thumb"],
    ],
)
def test_file_caption_is_last_non_option(options: list[str]) -> None:
    f = filelink(*options)
    cap = interpret_file_options(f)["caption"]
    non_options = [o for o in f.options if str(o) in ("A caption", "frame", "upright=tall", "page=two", "px", "Thumb")]
    assert cap is non_options[-1]


def test_file_without_caption() -> None:
    assert interpret_file_options(filelink("thumb", "200px"))["caption"] is None
    assert filelink().caption is None


# --------------------------------------------------------------------------------------------
# Real parses
# --------------------------------------------------------------------------------------------


def il2() -> Document:
    return wikiparse.parse((FIXTURES / "IL-2_receptor.wiki").read_text(encoding="utf-8"))


def test_il2_links_templates_categories() -> None:
    doc = il2()
    titles = [lk.normalized_title for lk in doc.find_wikilinks()]
    assert titles[:4] == ["Protein", "Immune cell", "T lymphocyte", "Interleukin-2"]
    assert "Common gamma chain" in titles and "Immune response" in titles
    assert [t.normalized_name for t in doc.find_templates()] == ["Cytokine receptor navbox"]
    assert doc.find_templates("cytokine_receptor navbox", recursive=False)
    assert [c.category for c in doc.find_categories()] == ["Type I cytokine receptors", "Immunology"]
    assert [h.title.strip() for h in doc.find_headings()] == [
        "Structure", "Function", "Clinical significance", "Therapeutic use", "See also"]
    # The navbox's links are inside a template parameter: not top-level.
    top = doc.find_wikilinks(recursive=False)
    assert len(top) < len(doc.find_wikilinks())
    assert all(lk.normalized_title != "Regulatory T cell" for lk in top)


@pytest.mark.parametrize("page", main_pages()[:40], ids=lambda p: p.title)
def test_real_page_queries_agree_with_walk(page: Page) -> None:
    """On real pages: iter_nodes equals a filtered walk; non-recursive results are a subset,
    in source order, and none of them sits inside another template or link."""
    doc = wikiparse.parse(page.text)
    every = [n for n in walk(doc) if isinstance(n, Template)][: 10_000]
    assert doc.find_templates()[: 10_000] == every
    top = doc.find_templates(recursive=False)
    every_ids = {id(t) for t in every}
    assert all(id(t) in every_ids for t in top)
    starts = [t.start for t in top]
    assert starts == sorted(starts)
    nested = {id(n) for t in every for n in iter_nodes(t, Template)}
    assert not any(id(t) in nested for t in top)


# --------------------------------------------------------------------------------------------
# File options against MediaWiki's own output (the parser tests' html/php)
# --------------------------------------------------------------------------------------------

_FIGURE_RE = re.compile(r'typeof="(?:mw:Error )?mw:File(/\w+)?"')
_FORMAT_OF = {"": None, "/Thumb": "thumb", "/Frame": "frame", "/Frameless": "frameless"}
_KNOWN_FILE_GAPS = {
    "media.txt:320": "options produced by templates ({{1x|thumb}}) need template expansion",
    "media.txt:343": "options produced by a template ({{image_attribs}}) need template expansion",
    "media.txt:4410": "a table cell line inside a file link: MediaWiki's table pass eats the '|'",
}


def _single_file_cases() -> list[ParserTestCase]:
    out = []
    for c in iter_cases():
        text, html = c.wikitext, c.html_php
        if text is None or html is None or not re.search(r"\[\[\s*(?:File|Image):", text, re.I):
            continue
        if len(_FIGURE_RE.findall(html)) == 1 and len(wikiparse.parse(text).find_files()) == 1:
            out.append(c)
    return out


FILE_CASES = _single_file_cases()


@pytest.mark.parametrize("case", FILE_CASES, ids=[c.id for c in FILE_CASES])
def test_file_options_match_mediawiki(case: ParserTestCase, request: pytest.FixtureRequest) -> None:
    """Format, horizontal and vertical alignment as MediaWiki rendered them."""
    gap = next((why for key, why in _KNOWN_FILE_GAPS.items() if case.id.startswith(key + ":")), None)
    if gap:
        request.applymarker(pytest.mark.xfail(reason=gap, strict=True))
    assert case.wikitext is not None and case.html_php is not None
    got = wikiparse.parse(case.wikitext).find_files()[0].interpret()
    fig = _FIGURE_RE.search(case.html_php)
    assert fig is not None
    halign = re.search(r"mw-halign-(\w+)", case.html_php)
    valign = re.search(r"mw-valign-([\w-]+)", case.html_php)
    assert (got["format"], got["align"], got["valign"]) == (
        _FORMAT_OF[fig.group(1) or ""],
        halign.group(1) if halign else None,
        valign.group(1) if valign else None,
    )


def test_file_cases_found() -> None:
    assert len(FILE_CASES) >= 130


def test_media_options_only_for_audio_and_video() -> None:
    video = FileLink(target=wc("File:Video.ogv"), options=[wc("thumbtime=1:25"), wc("muted"), wc("start=0:1.2")])
    got = interpret_file_options(video)
    assert (got["thumbtime"], got["muted"], got["start"], got["caption"]) == ("1:25", True, "0:1.2", None)
    image = filelink("start=1")
    assert interpret_file_options(image)["caption"] is image.options[0]


def test_mwparserfromhell_query_names_find_what_it_finds() -> None:
    """Code written against mwparserfromhell's ``filter_*`` names finds the nodes it finds
    (tests/test_mwph_compat.py compares the two libraries on real pages)."""
    doc = wikiparse.parse("== H ==\n{{a|[[b]]}} [http://x.org y] <!--c--> <b>z</b>")
    assert doc.filter_templates() == doc.find_templates()
    assert [str(t.name) for t in doc.filter_templates()] == ["a"]
    assert [w.title for w in doc.filter_wikilinks()] == ["b"]
    assert [str(e.url) for e in doc.filter_external_links()] == ["http://x.org"]
    assert [h.title.strip() for h in doc.filter_headings()] == ["H"]
    assert [c.contents for c in doc.filter_comments()] == ["c"]
    assert [t.name for t in doc.filter_tags()] == ["b", "b"]
