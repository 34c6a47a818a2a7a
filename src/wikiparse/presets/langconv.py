"""What a language-converter block ``-{ ... }-`` shows, for a chosen variant.

On wikis whose language has variants (zh: zh-hans, zh-hant, zh-cn, zh-tw...; sr: sr-ec,
sr-el), ``-{zh-cn:计算机;zh-tw:電腦}-`` shows the text of the reader's variant, ``-{R|x}-``
shows ``x`` raw, ``-{H|...}-`` and ``-{T|...}-`` add rules and show nothing.
:func:`show_variant` gives that text for one block's inside, following MediaWiki's
``ConverterRule`` (flags, bidirectional ``variant:text`` and one-way ``from=>variant:text``
rules, variant fallbacks from the config).  It does not transliterate (zh's character tables,
sr's Cyrillic/Latin script conversion): text outside the rules stays as written.

The parser does not yet make nodes of ``-{ }-`` (see docs/wikis.md); a renderer that meets
one calls this with the block's inside.  ``variant=None`` shows what MediaWiki shows a reader
of the content language itself (``zh``), which is the same as no conversion.
"""

from __future__ import annotations

import re

from ..config import ParserConfig

__all__ = ["normalize_variant", "show_variant"]

#: MediaWiki's conversion flags (``-{A|...}-``...).
_FLAGS = frozenset("A T R D - H N".split())

#: BCP 47 spellings MediaWiki accepts for its internal variant codes.
_BCP47 = {
    "zh-hans-cn": "zh-cn", "zh-hant-tw": "zh-tw", "zh-hant-hk": "zh-hk", "zh-hans-sg": "zh-sg",
    "zh-hans-my": "zh-my", "zh-hant-mo": "zh-mo", "sr-cyrl": "sr-ec", "sr-latn": "sr-el",
}

_ENTITY_SEMICOLON = re.compile(r"(&[#a-zA-Z0-9]+);")


def normalize_variant(code: str, config: ParserConfig) -> str | None:
    """A variant code as the config knows it (``zh-Hant-TW`` -> ``zh-tw``), or None."""
    key = code.strip().lower()
    key = _BCP47.get(key, key)
    return key if key in config.variants else None


def _split_rules(rules: str, config: ParserConfig) -> list[str]:
    """Split at the ``;`` that start a new ``variant:`` or ``from=>variant:`` rule (a ``;`` of
    an HTML entity or inside a text stays)."""
    names = [*config.variants, *(k for k, v in _BCP47.items() if v in config.variants)]
    codes = "|".join(re.escape(v) for v in sorted(names, key=len, reverse=True))
    if not codes:
        return [rules]
    protected = _ENTITY_SEMICOLON.sub("\\1\x01", rules)
    # As MediaWiki's variant separator: a ';' before a rule, or at the very end.
    pattern = re.compile(r";\s*(?=(?:[^;]*?=>\s*)?(?:" + codes + r")\s*:|\s*$)", re.I)
    return [part.replace("\x01", ";") for part in pattern.split(protected)]


def _tables(rules: str, config: ParserConfig) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Bidirectional ``{variant: text}`` and one-way ``{variant: {from: text}}`` rules; both
    empty when any rule names an unknown variant (MediaWiki then shows the text as written)."""
    bid: dict[str, str] = {}
    unid: dict[str, dict[str, str]] = {}
    for choice in _split_rules(rules, config):
        head, colon, to = choice.partition(":")
        if not colon:
            continue
        to = to.strip()
        source, arrow, target = head.partition("=>")
        variant = normalize_variant(target if arrow else source, config)
        if variant is None:
            return {}, {}
        if not arrow and to:
            bid[variant] = to
        elif arrow and source.strip():
            unid.setdefault(variant, {})[source.strip()] = to
    return bid, unid


def _converted(bid: dict[str, str], unid: dict[str, dict[str, str]], variant: str,
               config: ParserConfig) -> str:
    for candidate in (variant, *config.variants.get(variant, ())):
        if candidate in bid:
            return bid[candidate]
    if variant in unid:
        return next(iter(unid[variant].values()))
    if bid:
        return next(iter(bid.values()))
    return next(iter(next(iter(unid.values())).values()))


def show_variant(body: str, config: ParserConfig, variant: str | None = None) -> str:
    """The text ``-{body}-`` shows to a reader of ``variant`` (the content language if None)."""
    target = normalize_variant(variant, config) if variant else None
    target = target or normalize_variant(config.language, config) or config.language
    flags: set[str] = set()
    variant_flags: set[str] = set()
    text = body
    bar = body.find("|")
    if bar != -1:
        for flag in body[:bar].split(";"):
            flag = flag.strip()
            if flag in _FLAGS:
                flags.add(flag)
            elif normalize_variant(flag, config):
                variant_flags.add(flag)
        if flags or variant_flags:
            text = body[bar + 1 :]
    if "R" in flags or "N" in flags or "D" in flags:
        return text
    if variant_flags and not flags:
        return text  # -{zh-hans;zh-hant|text}-: text converted to that script (not done here)
    if "H" in flags or "-" in flags or flags == {"T"}:
        return ""
    if "T" in flags and "A" not in flags:
        return ""
    bid, unid = _tables(text.replace("=&gt;", "=>"), config)
    if not bid and not unid:
        return text
    return _converted(bid, unid, target, config)
