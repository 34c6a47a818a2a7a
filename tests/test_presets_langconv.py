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
