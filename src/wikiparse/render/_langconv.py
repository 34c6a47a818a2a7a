"""What a language-converter block ``-{ … }-`` shows in every renderer.

MediaWiki converts after the page is rendered, so links and templates inside a block render
as anywhere else; the block decides which of its texts stays (see
:func:`wikiparse.presets.langconv.show_variant`).  The renderers walk the nodes this module
gives instead of the block's own children.
"""

from __future__ import annotations

from .._parse import parse_fragment
from ..config import DEFAULT_CONFIG, ParserConfig
from ..nodes import LanguageConverter, Node, Text
from ..presets.langconv import show_variant

__all__ = ["shown_nodes"]


def shown_nodes(node: LanguageConverter, config: ParserConfig | None, variant: str | None) -> list[Node]:
    """The nodes block ``node`` shows to a reader of ``variant`` (None: the content language
    itself, which is what MediaWiki shows without conversion).

    The whole inside (``-{text}-``, rules that name no known variant) keeps the parsed
    children; a flag's or a rule's text is parsed on its own as an inline fragment; a block
    that only adds rules (``-{H|…}-``) shows nothing.  With a config that has no variants (a
    tree parsed for zh rendered with English defaults) the block shows as written."""
    cfg = config or DEFAULT_CONFIG
    if not cfg.variants:
        return [Text(value="-{"), *node.contents.nodes, Text(value="}-")]
    body = node.raw
    shown = show_variant(body, cfg, variant)
    if shown == body:
        return node.contents.nodes
    if not shown:
        return []
    return parse_fragment(shown, config=cfg, inline=True).nodes
