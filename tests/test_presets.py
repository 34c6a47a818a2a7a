"""Per-wiki presets: loading, the API siteinfo import, and localized pages rendered clean.

``fixtures/presets/<dbname>.wiki`` is one page per preset wiki, written with that wiki's own
words (redirect, behaviour switch, template namespace, file namespace and file options,
parser function, variable, category namespace, a native link trail); ``enwiki.wiki`` is the
English equivalent every other page must match in structure.
"""

from __future__ import annotations

import gzip
import json
import pathlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wikiparse
from wikiparse import ParserConfig, to_html, to_markdown, to_text
from wikiparse.file_options import canonical_option, interpret_file_options
from wikiparse.nodes import BehaviorSwitch, CategoryLink, Document, FileLink, Redirect, Text, walk
from wikiparse.presets import available, load_preset, resolve_wiki
from wikiparse.query import interpret_file_options as query_file_options
from wikiparse.render._html_text import title_to_url

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"
PAGES = sorted(p.stem for p in (FIXTURES / "presets").glob("*.wiki"))


def _page(wiki: str) -> str:
    return (FIXTURES / "presets" / f"{wiki}.wiki").read_text(encoding="utf-8")


def _switch(wiki: str) -> str:
    """The page's behaviour switch (its second line)."""
    return _page(wiki).split("\n")[1]


def _signature(doc: Document) -> list[str]:
    return [type(n).__name__ for n in walk(doc) if type(n) is not Text]


# -- loading and names --------------------------------------------------------------------


def test_every_fixture_wiki_has_a_preset_and_every_preset_a_fixture() -> None:
    assert sorted(available()) == PAGES
    assert len(available()) == 22


@pytest.mark.parametrize(
    ("name", "wiki_id"),
    [
        ("dewiki", "dewiki"),
        ("de", "dewiki"),
        ("de.wikipedia.org", "dewiki"),
        ("https://de.m.wikipedia.org/wiki/Haus", "dewiki"),
        ("DE", "dewiki"),
        ("be-tarask", "be_x_oldwiki"),
        ("be_x_oldwiki", "be_x_oldwiki"),
        ("bg", "bgwiki"),
        ("xx", None),
        ("", None),
    ],
)
def test_resolve_wiki(name: str, wiki_id: str | None) -> None:
    assert resolve_wiki(name) == wiki_id


def test_unknown_wiki_raises_key_error_naming_the_bundled_ones() -> None:
    with pytest.raises(KeyError, match="dewiki"):
        ParserConfig.for_wiki("xxwiki")


def test_preset_is_built_once() -> None:
    assert ParserConfig.for_wiki("de") is ParserConfig.for_wiki("dewiki")


def test_dewiki_preset_fields() -> None:
    c = ParserConfig.for_wiki("dewiki")
    assert (c.wiki_id, c.language, c.rtl, c.direction) == ("dewiki", "de", False, "ltr")
    assert c.redirect_words == ("#WEITERLEITUNG", "#REDIRECT")
    assert c.namespace_name(6) == "Datei" and c.namespace_id("Bild") == 6
    assert c.namespace_id("File") == 6 and c.namespace_id("Image") == 6
    assert c.namespace_name(14) == "Kategorie" and c.namespace_name(10) == "Vorlage"
    assert c.link_trail == "äöüßa-z" and c.link_trail_pattern == ""
    assert "KEININHALTSVERZEICHNIS" in c.behavior_switches and "NOTOC" in c.behavior_switches
    assert "SEITENNAME" in c.variables and "PAGENAME" in c.variables
    assert {"klein", "lc", "#invoke", "#aufrufen"} <= c.parser_functions
    assert "abschnitt" in c.extension_tags and "noinclude" in c.extension_tags
    assert c.interwiki_urls["wikt"] == "https://de.wiktionary.org/wiki/$1"
    assert "en" in c.interlanguage_prefixes and "wikt" in c.interwiki_prefixes
    assert c.special_page("Upload") == "Spezial:Hochladen"
    assert c.magic_word("img_upright")[:2] == ("hochkant", "hochkant=$1")


@pytest.mark.parametrize(
    ("wiki", "trail_class", "trail_pattern"),
    [
        ("zhwiki", r"^\s\S", ""),  # no link trail at all
        ("cawiki", "a-zàèéíòóúç·ïü", "(?:[a-zàèéíòóúç·ïü]|'(?!'))+"),
        ("ruwiki", "a-zабвгдеёжзийклмнопрстуфхцчшщъыьэюя", ""),
    ],
)
def test_link_trails(wiki: str, trail_class: str, trail_pattern: str) -> None:
    c = ParserConfig.for_wiki(wiki)
    assert (c.link_trail, c.link_trail_pattern) == (trail_class, trail_pattern)


def test_arabic_trail_is_a_python_class_and_rtl() -> None:
    c = ParserConfig.for_wiki("ar")
    assert "\\u0610-\\u061a" in c.link_trail and "\\x{" not in c.link_trail
    assert c.rtl and c.direction == "rtl"
    link = next(wikiparse.parse("[[مدرس]]ة", config=c).iter_nodes(wikiparse.nodes.Wikilink))
    assert link.trail == "ة"


def test_variants_of_language_converter_wikis() -> None:
    assert ParserConfig.for_wiki("zh").variants["zh-tw"] == ("zh-hant", "zh-hk", "zh-mo")
    assert tuple(ParserConfig.for_wiki("sr").variants) == ("sr", "sr-ec", "sr-el")
    assert ParserConfig.for_wiki("de").variants == {}


def test_default_config_is_unchanged_english() -> None:
    c = wikiparse.DEFAULT_CONFIG
    assert (c.wiki_id, c.language, c.rtl, c.magic_words) == ("", "en", False, {})
    assert c.special_page("BookSources") == "Special:BookSources"


# -- the API siteinfo import ---------------------------------------------------------------


def _api(name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(gzip.decompress((FIXTURES / "siteinfo" / name).read_bytes()))
    return data


def test_from_siteinfo_api_form_equals_the_preset() -> None:
    api = _api("dewiki.json.gz")
    preset = ParserConfig.for_wiki("dewiki")
    for form in (api, api["query"]):
        c = ParserConfig.from_siteinfo(form)
        for field in ("namespaces", "namespace_aliases", "redirect_words", "variables",
                      "parser_functions", "behavior_switches", "extension_tags", "link_trail",
                      "interlanguage_prefixes", "interwiki_urls", "magic_words", "language"):
            assert getattr(c, field) == getattr(preset, field), field


def test_dump_siteinfo_is_laid_over_the_dbname_preset() -> None:
    xml = (
        "<siteinfo><sitename>Wikipedia</sitename><dbname>dewiki</dbname><case>first-letter</case>"
        '<namespaces><namespace key="6">Datei</namespace><namespace key="100">Portal</namespace>'
        '<namespace key="4">Wikipedia-Neu</namespace></namespaces></siteinfo>'
    )
    c = ParserConfig.from_siteinfo(xml)
    assert c.wiki_id == "dewiki" and c.redirect_words[0] == "#WEITERLEITUNG"
    assert c.namespace_name(4) == "Wikipedia-Neu" and c.namespace_id("Wikipedia") == 4
    unknown = ParserConfig.from_siteinfo(xml.replace("dewiki", "xxwiki"))
    assert unknown.wiki_id == "xxwiki" and unknown.redirect_words == ("#REDIRECT",)


# -- file options ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wiki", "option", "english"),
    [
        ("dewiki", "mini", "thumb"),
        ("dewiki", " hochkant=1.3 ", "upright=1.3"),
        ("dewiki", "hochkant", "upright"),
        ("dewiki", "links", "left"),
        ("dewiki", "rahmenlos", "frameless"),
        ("dewiki", "Mini", "Mini"),  # option words are case-sensitive
        ("ruwiki", "200пкс", "200px"),
        ("ruwiki", "справа", "right"),
        ("srwiki", "мини=Other.png", "thumb=Other.png"),
        ("jawiki", "代替文=Alt", "alt=Alt"),
        ("enwiki", "thumb", "thumb"),
    ],
)
def test_canonical_option(wiki: str, option: str, english: str) -> None:
    assert canonical_option(option, ParserConfig.for_wiki(wiki)) == english


def test_localized_file_options_are_read_and_the_caption_is_the_links_own_node() -> None:
    c = ParserConfig.for_wiki("de")
    doc = wikiparse.parse("[[Datei:Bazookas Korea.jpg|mini|hochkant=1.3|links|Soldaten]]", config=c)
    link = next(doc.iter_nodes(FileLink))
    info = interpret_file_options(link, c)
    assert (info["format"], info["upright"], info["align"]) == ("thumb", 1.3, "left")
    assert info["caption"] is link.options[-1]
    # An invalid value stays caption, as the link's own node.
    link = next(wikiparse.parse("[[Datei:X.jpg|hochkant=abc]]", config=c).iter_nodes(FileLink))
    assert interpret_file_options(link, c)["caption"] is link.options[0]


def test_query_reads_file_options_in_the_wikis_words_given_its_config() -> None:
    """``wikiparse.query.interpret_file_options`` is the public face of both readings."""
    c = ParserConfig.for_wiki("de")
    link = next(wikiparse.parse("[[Datei:X.jpg|mini|links|Text]]", config=c).iter_nodes(FileLink))
    assert query_file_options(link, c) == interpret_file_options(link, c)
    assert (query_file_options(link, c)["format"], query_file_options(link)["format"]) == ("thumb", None)


# -- every preset wiki: its own syntax renders like the English page ----------------------------

_LEFTOVER = re.compile(r"\{\{|\}\}|\[\[|\]\]|''|\{\||\|\}|<ref|\||__|\\_\\_|＿＿")


def _leftovers(wiki: str, out: str, c: ParserConfig) -> list[str]:
    found = _LEFTOVER.findall(out)
    words = [*c.redirect_words, f"{c.namespace_name(6)}:", f"{c.namespace_name(14)}:",
             f"{c.namespace_name(10)}:", *c.magic_word("img_thumbnail")]
    found += [w for w in words if w in out]
    return found


@pytest.mark.parametrize("wiki", PAGES)
def test_fixture_text_and_markdown_have_no_leftover_markup(wiki: str) -> None:
    c = ParserConfig.for_wiki(wiki)
    text = _page(wiki)
    assert _leftovers(wiki, to_text(text, config=c), c) == []
    assert _leftovers(wiki, to_text(text, config=c, file_captions=True, file_alt=True), c) == []
    md = to_markdown(text, config=c)
    assert _leftovers(wiki, re.sub(r'!\[[^\]]*\]\([^)]*\)', "", md), c) == []


@pytest.mark.parametrize("wiki", PAGES)
def test_fixture_has_the_structure_of_the_english_page(wiki: str) -> None:
    english = _signature(wikiparse.parse(_page("enwiki"), config=ParserConfig.for_wiki("en")))
    doc = wikiparse.parse(_page(wiki), config=ParserConfig.for_wiki(wiki))
    assert _signature(doc) == english
    assert len(list(doc.iter_nodes(Redirect))) == 1
    assert len(list(doc.iter_nodes(CategoryLink))) == 1


@pytest.mark.parametrize("wiki", PAGES)
def test_fixture_file_options_read_as_on_the_english_page(wiki: str) -> None:
    c = ParserConfig.for_wiki(wiki)
    info = interpret_file_options(next(wikiparse.parse(_page(wiki), config=c).iter_nodes(FileLink)), c)
    caption = info.pop("caption")
    assert info == {**info, "format": "thumb", "upright": 1.3, "align": "left", "width": 200,
                    "alt": "Example"}
    assert str(caption).endswith("[[Example]]")


@pytest.mark.parametrize("wiki", PAGES)
def test_localized_behaviour_switch_is_a_switch(wiki: str) -> None:
    doc = wikiparse.parse(_page(wiki), config=ParserConfig.for_wiki(wiki))
    assert [n.raw for n in doc.iter_nodes(BehaviorSwitch)] == [_switch(wiki)]


@pytest.mark.parametrize("wiki", ["arwiki", "fawiki", "dewiki"])
def test_html_carries_language_and_direction(wiki: str) -> None:
    c = ParserConfig.for_wiki(wiki)
    page = to_html(_page(wiki), config=c, standalone=True)
    d = c.direction
    assert f'<html lang="{c.language}" dir="{d}">' in page
    assert f'<div class="mw-content-{d} mw-parser-output" lang="{c.language}" dir="{d}">' in page
    result = to_html(_page(wiki), config=c)
    assert (result.language, result.direction) == (c.language, d)
    # The category box; a standalone page of a known wiki links on that wiki's server.
    server = c.article_path.replace("$1", "")
    assert f'href="{server}{title_to_url(c.namespace_name(14))}:' in page


def test_html_uses_local_namespace_and_special_page_names() -> None:
    c = ParserConfig.for_wiki("de")
    out = to_html("[[Datei:Fehlt.jpg|mini|links|Text]] [[Spezial:Suche|Suche]] ISBN 3-598-21500-2",
                  config=c, page_exists=lambda t: False, file_url=lambda name, width: "")
    assert 'href="/wiki/Spezial:Suche"' in out  # a special page is never a red link
    assert "title=Spezial:Hochladen&amp;wpDestFile=Fehlt.jpg" in out  # a missing file
    assert 'title="Datei:Fehlt.jpg"' in out
    assert 'class="mw-halign-left' in out and "mini" not in out


# -- the bgwiki sample dump ------------------------------------------------------------------

BG_DUMP = FIXTURES / "dumps" / "bgwiki-latest-pages-articles-shortened.xml.bz2"


def test_bgwiki_dump_uses_its_preset() -> None:
    from wikiparse.dumps import DumpReader

    reader = DumpReader(BG_DUMP)
    c = reader.config
    assert (c.wiki_id, c.language) == ("bgwiki", "bg")
    assert c.redirect_words[0] == "#пренасочване"
    pages = {p.title: p.text for p in reader}
    calendar = wikiparse.parse(pages["Григориански календар"], config=c)
    assert [n.trail for n in calendar.iter_nodes(wikiparse.nodes.Wikilink) if n.trail][:3] == ["та", "то", "а"]
    editing = wikiparse.parse(pages["Уикипедия:Редактиране на страници"], config=c)
    widths = [interpret_file_options(f, c)["width"] for f in editing.iter_nodes(FileLink)]
    assert widths == [1090, 1090, 1090, 250]  # 1090пкс, Bulgarian for 1090px
    assert "1090пкс" not in to_text(pages["Уикипедия:Редактиране на страници"], config=c, file_captions=True)


def test_bgwiki_dump_converts_with_its_preset(tmp_path: pathlib.Path) -> None:
    from wikiparse.cli import main

    out = tmp_path / "bg.jsonl"
    assert main(["dump", str(BG_DUMP), "--to", "text", "-o", str(out), "--jobs", "1", "-q"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3
    text = next(r for r in records if r["title"] == "Уикипедия:Редактиране на страници")["text"]
    assert "1090пкс" not in text and "[[" not in text


def test_convert_takes_wiki(tmp_path: pathlib.Path) -> None:
    from wikiparse.cli import main

    src = tmp_path / "de.wiki"
    src.write_text("[[Datei:X.jpg|mini|links|Ein Bild]] ''Text'' [[Kategorie:A]]", encoding="utf-8")
    out = tmp_path / "de.md"
    assert main(["convert", str(src), "--to", "markdown", "--wiki", "de", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").strip() == (
        '![Ein Bild](/wiki/Special:FilePath/X.jpg "Ein Bild") *Text*'
    )
    assert main(["convert", str(src), "--to", "text", "--wiki", "xx"]) == 2


def test_preset_data_is_package_data() -> None:
    """Presets load through importlib.resources: the .json.gz files sit in the package."""
    from importlib import resources

    files = {p.name for p in resources.files("wikiparse.presets").iterdir()}
    assert {f"{w}.json.gz" for w in available()} <= files and "index.json" in files
    assert load_preset("de").wiki_id == "dewiki"


def test_html_acts_on_localized_behaviour_switches() -> None:
    from wikiparse.presets.words import switch_name

    de = ParserConfig.for_wiki("de")
    assert switch_name("__KEININHALTSVERZEICHNIS__", de) == "NOTOC"
    assert switch_name("__NOTOC__", de) == "NOTOC" and switch_name("__NOTOC__", None) == "NOTOC"
    headings = "\n== A ==\n== B ==\n== C ==\n== D ==\n"
    assert 'id="toc"' in to_html(headings, config=de)
    assert 'id="toc"' not in to_html("__KEININHALTSVERZEICHNIS__" + headings, config=de)
    assert 'id="toc"' not in to_html("__GEENINHOUD__" + headings, config=ParserConfig.for_wiki("nl"))


@pytest.mark.parametrize("wiki", PAGES)
def test_fixture_round_trips_with_its_preset(wiki: str) -> None:
    from conftest import assert_lossless

    assert_lossless(_page(wiki), ParserConfig.for_wiki(wiki))


def test_gallery_lines_take_localized_options() -> None:
    c = ParserConfig.for_wiki("de")
    gallery = "<gallery>\nDatei:A.jpg|verweis=Haus|alternativtext=Ein A|Bild A\nB.jpg|Bild B|verweis=X\n</gallery>"
    html = to_html(gallery, config=c)
    assert '<a href="/wiki/Haus" title="Haus"><img alt="Ein A"' in html
    assert 'href="/wiki/Datei:' not in html and "verweis" not in html
    md = to_markdown(gallery, config=c)
    assert md.strip().split("\n") == [
        "- ![A.jpg](/wiki/Special:FilePath/A.jpg) Bild A",
        "- ![B.jpg](/wiki/Special:FilePath/B.jpg) Bild B",
    ]


@pytest.mark.parametrize("wiki", PAGES)
def test_fixture_html_shows_no_markup(wiki: str) -> None:
    c = ParserConfig.for_wiki(wiki)
    html = to_html(_page(wiki), config=c)
    visible = re.sub(r"<[^>]*>", "", html)
    assert _leftovers(wiki, visible.replace(c.message("redirectto", "Redirect to:"), ""), c) == []
    assert 'class="mw-halign-left' in html and 'typeof="mw:File/Thumb"' in html
    assert f"/wiki/{title_to_url(c.namespace_name(6))}:Example.jpg" in html


def test_markdown_interwiki_links_use_the_wikis_own_table() -> None:
    de = ParserConfig.for_wiki("de")
    assert to_markdown("[[:wikt:Haus]]", config=de).strip() == (
        "[wikt:Haus](https://de.wiktionary.org/wiki/Haus)"
    )
    assert to_markdown("[[:wikt:Haus]]").strip() == "[wikt:Haus](https://en.wiktionary.org/wiki/Haus)"
    custom = to_markdown("[[:wikt:Haus]]", config=de, interwiki={"wikt": "https://x/$1"})
    assert custom.strip() == "[wikt:Haus](https://x/Haus)"


@pytest.mark.parametrize(
    ("wiki", "redirect_to", "toc"),
    [("dewiki", "Weiterleitung nach:", "Inhaltsverzeichnis"), ("srwiki", "Преусмерава на:", "Садржај"),
     ("zhwiki", "重定向到：", "目录"), ("enwiki", "Redirect to:", "Contents")],
)
def test_interface_messages_in_the_wikis_language(wiki: str, redirect_to: str, toc: str) -> None:
    c = ParserConfig.for_wiki(wiki)
    redirect = f"{c.redirect_words[0]} [[X]]"
    assert to_text(redirect, config=c) == f"{redirect_to}\n\n- X"
    assert to_markdown(redirect, config=c).startswith(f"{redirect_to}\n\n- [X](")
    assert f'<p>{redirect_to}</p>' in to_html(redirect, config=c)
    headings = "\n== A ==\n== B ==\n== C ==\n== D ==\n"
    page = to_html(headings, config=c)
    assert f'lang="{c.language}" dir="{c.direction}"><h2 id="mw-toc-heading">{toc}</h2>' in page
    assert '<h2 id="mw-toc-heading">Mine</h2>' in to_html(headings, config=c, toc_title="Mine")


@pytest.mark.parametrize(
    ("wiki", "text", "switches"),
    [
        ("jawiki", "a ＿＿目次非表示＿＿ b", ["＿＿目次非表示＿＿"]),  # full-width underscores
        ("ruwiki", "a __без_оглавления__ b", ["__без_оглавления__"]),  # case-insensitive word
        ("ruwiki", "a __notoc__ __БЕЗ_ИНДЕКСА__ __без_индекса__", ["__notoc__", "__БЕЗ_ИНДЕКСА__"]),
        ("dewiki", "__FOO__KEIN_INHALTSVERZEICHNIS__", ["__KEIN_INHALTSVERZEICHNIS__"]),
        ("enwiki", "__FOO__NOTOC__ __noindex__ __Notoc__", ["__NOTOC__", "__Notoc__"]),
        ("dewiki", "__INHALTSVERZEICHNIS_ERZWINGEN__x__KEIN_X__", ["__INHALTSVERZEICHNIS_ERZWINGEN__"]),
    ],
)
def test_behaviour_switch_spellings_follow_the_wikis_magic_words(
    wiki: str, text: str, switches: list[str]
) -> None:
    """MediaWiki matches every spelling of every switch with the word's own case rule, anywhere
    in the text (``__FOO__NOTOC__`` holds ``__NOTOC__``)."""
    doc = wikiparse.parse(text, config=ParserConfig.for_wiki(wiki))
    assert [n.raw for n in doc.iter_nodes(BehaviorSwitch)] == switches


def test_localized_noeditsection_and_notoc_act_in_html() -> None:
    from wikiparse.presets.words import switch_name

    de, ja = ParserConfig.for_wiki("de"), ParserConfig.for_wiki("ja")
    assert switch_name("＿＿目次非表示＿＿", ja) == "NOTOC"
    headings = "\n== A ==\n== B ==\n== C ==\n== D ==\n"
    assert 'id="toc"' not in to_html("＿＿目次非表示＿＿" + headings, config=ja)
    assert 'id="toc"' not in to_html("__KEIN_INHALTSVERZEICHNIS__" + headings, config=de)
    with_links = to_html(headings, config=de, title="Haus")
    without = to_html("__ABSCHNITTE_NICHT_BEARBEITEN__" + headings, config=de, title="Haus")
    assert "mw-editsection" in with_links and "mw-editsection" not in without


@pytest.mark.parametrize(
    ("wiki", "text", "links"),
    [
        # MediaWiki's linkTrail with apostrophes (T29473): one ' joins, '' is italics.
        ("cawiki", "[[Something]]'nice [[A]]''b''", [("", "A", "'nice"), ("", "A", "")]),
        ("kaawiki", "[[Something]]'nice", [("", "S", "'nice")]),
        ("enwiki", "[[Something]]'nice", [("", "S", "")]),
        # linkPrefixCharset: the word's end before [[ joins ordinary links only.
        ("iswiki", "mótmælenda[[söfnuður|söfnuðir]]xxx", [("mótmælenda", "s", "xxx")]),
        ("iswiki", "x [[a]] y[[Flokkur:A]] z[[Mynd:B.jpg]] q[[Miðill:B.jpg]]",
         [("", "a", ""), ("", "F", ""), ("", "M", ""), ("", "M", "")]),
        ("arwiki", "ال[[رازي]]", [("ال", "ر", "")]),
        ("dewiki", "ab[[Haus]]es", [("", "H", "es")]),  # no prefix on dewiki
        ("zhwiki", "[[历史]]中文 [[a]]b}-", [("", "历", ""), ("", "a", "")]),  # zhwiki has no trail
    ],
)
def test_link_trail_patterns_and_link_prefix(wiki: str, text: str, links: list[tuple[str, str, str]]) -> None:
    c = ParserConfig.for_wiki(wiki)
    doc = wikiparse.parse(text, config=c)
    found = [(n.prefix, str(n.target)[:1], n.trail) for n in doc.iter_nodes(wikiparse.nodes.Wikilink)]
    assert [(p, t) for p, _s, t in found] == [(p, t) for p, _s, t in links]
    assert str(doc) == text


def test_link_prefix_is_inside_the_link_in_every_renderer() -> None:
    c = ParserConfig.for_wiki("is")
    text = "Aðrir mótmælenda[[söfnuður|söfnuðir]] og ab[[Síða]] x[[Flokkur:A]]"
    html = to_html(text, config=c, title="Síða")
    assert '<a href="/wiki/S%C3%B6fnu%C3%B0ur" title="Söfnuður">mótmælendasöfnuðir</a> og' in html
    assert 'ab<a class="mw-selflink selflink">Síða</a> x' in html  # a self-link: beside it
    assert to_text(text, config=c) == "Aðrir mótmælendasöfnuðir og abSíða x"
    assert to_markdown(text, config=c).startswith("Aðrir [mótmælendasöfnuðir](/wiki/S%C3%B6fnu%C3%B0ur) og")
    link = next(wikiparse.parse(text, config=c).iter_nodes(wikiparse.nodes.Wikilink))
    assert (link.start, link.label) == (6, "mótmælendasöfnuðir")


_PIECES = st.sampled_from(["[[", "]]", "|", "''", "'", "{{", "}}", "\n", " ", "ab", "ð", "ال",
                           "Flokkur:", "Miðill:", "__EFNISYFIRLIT__", "__NOTOC__", "＿＿", "-{", "}-"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=2), max_size=25).map("".join),
       st.sampled_from(["iswiki", "arwiki", "cawiki", "jawiki", "zhwiki"]))
def test_localized_syntax_is_lossless_with_tiling_spans(text: str, wiki: str) -> None:
    from conftest import assert_lossless

    assert_lossless(text, ParserConfig.for_wiki(wiki))


# -- expansion with the wiki's own magic words -------------------------------------------------


@pytest.mark.parametrize(
    ("wiki", "text", "expanded"),
    [
        ("dewiki", "{{#wechsle: b | a = 1 | b = 2 }}", "2"),  # ParserFunctions' German #switch
        ("dewiki", "{{#switch: z | a = 1 | #standard = S }}", "S"),  # German #default
        ("dewiki", "{{#switch: z | a = 1 | #DEFAULT = S }}", "S"),  # any case, as MediaWiki
        ("dewiki", "{{KLEIN:ABC}} {{lc:DEF}} {{klein:X}}", "abc def x"),
        ("dewiki", "{{SEITENNAME}} {{PAGENAME}}", "Haus Haus"),
        ("dewiki", "{{seitenname}}", "[[:Vorlage:Seitenname]]"),  # a case-sensitive word
        ("dewiki", "{{ERS:Hallo|x}} {{SICHER_ERS:Hallo|y}} {{safesubst:Hallo}}", "{{ERS:Hallo|x}} Hi y Hi du"),
        ("dewiki", "{{Vorlage:Hallo|a}} {{Template:Hallo}}", "Hi a Hi du"),
        ("dewiki", "{{ROH:Hallo|r}}", "Hi r"),
        ("dewiki", "{{MSGNW:Hallo}}", "Hi &#123;&#123;&#123;1&#124;du&#125;&#125;&#125;"),
        ("dewiki", "{{NR:10}} {{ns:6}} {{PROJEKTNAME}}", "Vorlage Datei Wikipedia"),
        ("dewiki", "{{PAGELANGUAGE}} {{CONTENTLANGUAGE}}", "de de"),
        ("dewiki", "{{#sprache:de}} {{#SPRACHE:en}}", "Deutsch English"),  # a word spelled with '#'
        ("jawiki", "{{#言語:ja}}", "日本語"),
        ("arwiki", "{{#لو: x | نعم | لا }} {{#if: | a | b }}", "نعم b"),
        ("ruwiki", "{{#если: x | да | нет }} {{маленькими_буквами:ДОМ}}", "да дом"),
        ("trwiki", "{{BHİLK:ıx}}", "Ix"),
        ("trwiki", "{{ucfirst:ix}} {{lcfirst:Ix}} {{lcfirst:BLAH}}", "İx ıx bLAH"),  # LanguageTr
        ("enwiki", "{{#wechsle: b | b = 2 }}", "{{#wechsle: b | b = 2 }}"),  # as MediaWiki
    ],
)
def test_expansion_reads_the_wikis_magic_words(wiki: str, text: str, expanded: str) -> None:
    c = ParserConfig.for_wiki(wiki)
    template = f"{c.namespace_name(10)}:Hallo"
    w = wikiparse.Wiki(pages={template: "Hi {{{1|du}}}"}, config=c)
    assert w.expand(text, title="Haus") == expanded


def test_template_names_drop_the_wikis_template_namespace() -> None:
    from wikiparse.data import infoboxes
    from wikiparse.query import normalize_template_name

    de = ParserConfig.for_wiki("de")
    assert normalize_template_name("Vorlage:infobox_Ort", config=de) == "Infobox Ort"
    assert normalize_template_name("Template:Infobox Ort", config=de) == "Infobox Ort"
    assert normalize_template_name("Vorlage:Infobox Ort") == "Vorlage:Infobox Ort"  # English wiki
    doc = wikiparse.parse("{{Vorlage:Infobox Ort|name=X}} {{infobox Ort}} {{Vorlage:lang|fr|Bonjour}}", config=de)
    assert len(doc.find_templates("Infobox Ort")) == 2
    assert [box.name for box in infoboxes(doc)] == ["Infobox Ort", "Infobox Ort"]
    assert to_text(doc, config=de).endswith("Bonjour")  # the built-in {{lang}}


@pytest.mark.parametrize("wiki", PAGES)
def test_fixture_expands_with_a_store_in_its_own_words(wiki: str) -> None:
    """The fixture's localized parser function, lower-case function and template (stored
    under the wiki's own template namespace) expand; the rendered page keeps no markup."""
    c = ParserConfig.for_wiki(wiki)
    store = wikiparse.Wiki(pages={f"{c.namespace_name(10)}:Infobox": "Box {{{name}}}"}, config=c)
    line = _page(wiki).split("\n")[7]
    assert re.fullmatch(r"\[\[[^\]|]+\]\] abc", store.expand(line, title="X")), store.expand(line, title="X")
    text = to_text(_page(wiki), config=c, wiki=store, title="Haus")
    assert "Box Haus" in text and "abc" in text
    assert _leftovers(wiki, text, c) == []
    assert _leftovers(wiki, re.sub(r'!\[[^\]]*\]\([^)]*\)', "", to_markdown(_page(wiki), config=c, wiki=store, title="Haus")), c) == []


@pytest.mark.parametrize("wiki", ["arwiki", "fawiki"])
def test_text_and_markdown_of_rtl_pages_keep_logical_order(wiki: str) -> None:
    """Direction is the HTML's business (``dir``/``lang``); text output is the characters in
    the order they were written, with no bidi controls added."""
    c = ParserConfig.for_wiki(wiki)
    page = _page(wiki)
    sentence = re.sub(r"'''|\[\[|\]\]", "", page.split("\n")[2])  # the article sentence, markup off
    bidi = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
    for out in (to_text(page, config=c), to_markdown(page, config=c)):
        assert len(bidi.findall(out)) == len(bidi.findall(page)) == 0
    assert sentence in to_text(page, config=c)
    assert 'lang="' + c.language + '" dir="rtl"' in to_html(page, config=c, standalone=True)
