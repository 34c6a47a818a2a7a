"""Language-converter blocks (``-{ }-``) shown for a variant, against MediaWiki's parser tests
(``langParserTests.txt``, the outputs of the block alone)."""

from __future__ import annotations

import pytest

from wikiparse import ParserConfig
from wikiparse.presets.langconv import normalize_variant, show_variant

ZH = ParserConfig.for_wiki("zh")
SR = ParserConfig.for_wiki("sr")


@pytest.mark.parametrize(
    ("body", "variant", "shown"),
    [
        ("zh:China;zh-tw:Taiwan", "zh-Hant-TW", "Taiwan"),  # langParserTests.txt:491
        ("zh:China;zh-Hant-TW:Taiwan", "zh-Hant-TW", "Taiwan"),  # :504
        ("zh;zh-hans;zh-hant|blog, WEBJOURNAL, WEBLOG", "zh-Hant-TW", "blog, WEBJOURNAL, WEBLOG"),  # :562
        ("H|zh:China;zh-tw:Taiwan", "zh-Hant-TW", ""),  # :651
        ("H|COUNTRY=>zh:China;COUNTRY=>zh-tw:Taiwan", "zh-Hant-TW", ""),  # :668
        ("T|zh:China;zh-tw:Taiwan", "zh-Hant-TW", ""),  # :685
        ("T;H|zh:China; zh-tw:Taiwan", "zh-Hant-TW", ""),  # :707
        ("R|zh:China;zh-tw:Taiwan", "zh-Hant-TW", "zh:China;zh-tw:Taiwan"),  # :1076
        ("Variant", "zh-Hant-TW", "Variant"),  # :1090
        ("D;R|options", "zh-Hant-TW", "options"),  # :1090
        ("zh-cn:0;zh-sg:1;zh-tw:2;zh-hk:3", "zh-Hans-CN", "0"),  # :1143
        ("A|zh-tw:0;zh-cn:E;", "zh-Hans-CN", "E"),  # :1156
        ("H|", "zh-Hans-CN", ""),  # :1195
        ("zh-hans:计算机;zh-hant:電腦", "zh-tw", "電腦"),  # zh-tw falls back to zh-hant
        ("zh-hans:计算机;zh-hant:電腦", None, "计算机"),  # zh (no conversion): first fallback
        ("lj", "sr-Cyrl", "lj"),  # :59
        ("sr-el:L;sr-ec:C", "sr-Cyrl", "C"),  # :577
        ("Ne nuntium necare", "sr-ec", "Ne nuntium necare"),  # :424
        ("xx:unknown;zh-tw:Taiwan", "zh-tw", "xx:unknown;zh-tw:Taiwan"),  # an unknown variant
    ],
)
def test_show_variant(body: str, variant: str | None, shown: str) -> None:
    config = SR if body.startswith(("lj", "sr-", "Ne ")) else ZH
    assert show_variant(body, config, variant) == shown


def test_normalize_variant() -> None:
    assert normalize_variant("zh-Hant-TW", ZH) == "zh-tw"
    assert normalize_variant("sr-Latn", SR) == "sr-el"
    assert normalize_variant("de", ZH) is None
    assert normalize_variant("zh-tw", ParserConfig.for_wiki("de")) is None


def test_entities_do_not_split_rules() -> None:
    assert show_variant("zh-hans:A&amp;B;zh-hant:C", ZH, "zh-cn") == "A&amp;B"


# -- -{ }- as nodes ---------------------------------------------------------------------------

import jsonschema  # noqa: E402

import wikiparse  # noqa: E402
from wikiparse import to_html, to_markdown, to_text  # noqa: E402
from wikiparse.nodes import LanguageConverter, ParserFunction, Wikilink  # noqa: E402

BLOCK = "a -{zh-hans:计算机;zh-hant:電腦}- b"


def _blocks(text: str, config: ParserConfig) -> list[str]:
    return [n.raw for n in wikiparse.parse(text, config=config).iter_nodes(LanguageConverter)]


@pytest.mark.parametrize(
    ("text", "blocks"),
    [
        (BLOCK, ["zh-hans:计算机;zh-hant:電腦"]),
        ("-{[[X|y]]}- -{R|''x''}-", ["[[X|y]]", "R|''x''"]),
        ("-{a}}b]]c}-", ["a}}b]]c"]),  # inside -{ only }- closes
        ("-{a -{b}- c}-", ["a -{b}- c", "b"]),  # nested blocks
        ("x -{ never closed {{t}}", []),  # an unclosed block is text; what follows still parses
        ("-{{x}}-", []),  # -{{ is '-' then a template: the rightmost opening wins
        ("[[a|-{b]]}-]]", []),  # MediaWiki ends a link at its first ]]: the block is text
        ("[[a|-{b}-]]", ["b"]),
        ("[[-{R|raw]]}-", ["R|raw]]"]),  # in a target the block makes the title invalid
    ],
)
def test_blocks_are_nodes_on_variant_wikis(text: str, blocks: list[str]) -> None:
    from conftest import assert_lossless

    assert _blocks(text, ZH) == blocks
    assert_lossless(text, ZH)


@pytest.mark.parametrize("wiki", ["enwiki", "dewiki", "jawiki"])
def test_blocks_are_text_where_the_language_has_no_variants(wiki: str) -> None:
    """MediaWiki shows ``-{…}-`` as written there (the oracle: ``<p>-{foo}-</p>``)."""
    c = ParserConfig.for_wiki(wiki)
    assert _blocks(BLOCK, c) == []
    assert to_text(BLOCK, config=c) == BLOCK


@pytest.mark.parametrize("config", [ZH, ParserConfig.for_wiki("en")])
def test_a_pipe_inside_a_block_does_not_split_a_template(config: ParserConfig) -> None:
    """On every wiki, as MediaWiki's preprocessor (the oracle on English: ``-{a|b}-``)."""
    pf = next(wikiparse.parse("{{#if: 1 | -{a|b}- | c }}", config=config).iter_nodes(ParserFunction))
    assert [str(p) for p in pf.params] == [" 1 ", " -{a|b}- ", " c "]
    link = next(wikiparse.parse("[[a|x -{ y]] z", config=config).iter_nodes(Wikilink))
    assert str(link) == "[[a|x -{ y]]"  # an open block does not keep a link from closing
    link = next(wikiparse.parse("-{[[X|y]]}-", config=ZH).iter_nodes(Wikilink))
    assert (link.start, link.end) == (2, 9)


@pytest.mark.parametrize(
    ("variant", "text", "markdown"),
    [
        (None, "a 计算机 b y c x d e", "a 计算机 b [y](/wiki/X) c *x* d e"),
        ("zh-tw", "a 電腦 b y c x d e", "a 電腦 b [y](/wiki/X) c *x* d e"),
        ("zh-Hans-CN", "a 计算机 b y c x d e", "a 计算机 b [y](/wiki/X) c *x* d e"),
    ],
)
def test_renderers_show_the_chosen_variant(variant: str | None, text: str, markdown: str) -> None:
    page = "a -{zh-hans:计算机;zh-hant:電腦}- b -{[[X|y]]}- c -{R|''x''}- d -{H|zh-hans:A;zh-hant:B}-e"
    assert to_text(page, config=ZH, variant=variant) == text
    assert to_markdown(page, config=ZH, variant=variant).strip() == markdown
    html = to_html(page, config=ZH, variant=variant)
    link = '<a href="/wiki/X" title="X">y</a>'
    assert str(html) == "<p>" + markdown.replace("[y](/wiki/X)", link).replace("*x*", "<i>x</i>") + "\n</p>"


def test_serbian_script_variants() -> None:
    page = "-{sr-ec:Ћирилица;sr-el:Ćirilica}-"
    assert to_text(page, config=SR, variant="sr-el") == "Ćirilica"
    assert to_text(page, config=SR, variant="sr-Cyrl") == "Ћирилица"


def test_json_round_trip_schema_and_visitor() -> None:
    from wikiparse.render.json import from_json, load_schema, to_json
    from wikiparse.visit import Visitor

    doc = wikiparse.parse(BLOCK, config=ZH)
    data = to_json(doc)
    jsonschema.validate(data, load_schema())
    assert str(from_json(data)) == BLOCK
    assert isinstance(next(from_json(data).iter_nodes(LanguageConverter)), LanguageConverter)

    class Blocks(Visitor):
        def __init__(self) -> None:
            self.seen: list[str] = []

        def visit_LanguageConverter(self, node: LanguageConverter) -> None:
            self.seen.append(node.raw)

    visitor = Blocks()
    visitor.visit(doc)
    assert visitor.seen == ["zh-hans:计算机;zh-hant:電腦"]


@pytest.mark.parametrize(
    ("text", "expanded"),
    [  # MediaWiki 1.39 (the oracle), on an English wiki: -{ is a bracket on every wiki
        ("{{#if: 1 | -{a|b}- | c }}", "-{a|b}-"),
        ("-{foo}- x {{1x|-{a|b}-}} y", "-{foo}- x -{a|b}- y"),
        ("{{-{R|1x|hi}}}-", "{{-{R|1x|hi}}}-"),
        ("-{{1x|q}}-", "-q-"),  # -{{ is '-' and a template
        ("-{{{1x|q}}}-", "-q-"),
        ("a-b-{c}-d}-", "a-b-{c}-d}-"),
        ("{{1x|-{a}}", "{{1x|-{a}}"),  # inside -{ only }- closes: the template stays open
        ("x -{ {{1x|y}}", "x -{ y"),
        ("{{1x|a}-b}}", "a}-b"),
    ],
)
def test_expansion_reads_blocks_as_mediawikis_preprocessor(text: str, expanded: str) -> None:
    wiki = wikiparse.Wiki(pages={"Template:1x": "{{{1}}}"})
    assert wiki.expand(text) == expanded
    zh = wikiparse.Wiki(pages={"Template:1x": "{{{1}}}"}, config=ZH)
    assert zh.expand(text) == expanded


def test_a_block_closed_after_expansion_still_renders() -> None:
    zh = wikiparse.Wiki(pages={"Template:1x": "{{{1}}}"}, config=ZH)
    assert to_text("{{-{R|1x|hi}}}-", config=ZH, wiki=zh) == "{{1x|hi}}"  # preprocessor.txt:97
