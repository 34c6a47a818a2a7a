"""Which magic word a local spelling is: ``__KEININHALTSVERZEICHNIS__`` is ``notoc`` on dewiki.

Renderers act on a few magic words by meaning (``__NOTOC__``, ``__FORCETOC__``, ``__TOC__``...);
the tree keeps the words as written.  :func:`switch_name` gives the English name of a
behaviour switch as written on the config's wiki, from the config's magic words (built once
per config).
"""

from __future__ import annotations

from ..config import ParserConfig

__all__ = ["switch_name"]

_CACHE: dict[int, tuple[ParserConfig, dict[str, str]]] = {}


def _switches(config: ParserConfig) -> dict[str, str]:
    """Upper-cased switch spelling without underscores -> English name (``NOTOC``)."""
    hit = _CACHE.get(id(config))
    if hit is not None and hit[0] is config:
        return hit[1]
    table: dict[str, str] = {}
    for name, (_case, aliases) in config.magic_words.items():
        for alias in aliases:
            if len(alias) > 4 and alias[:2] in ("__", "＿＿") and alias[-2:] in ("__", "＿＿"):
                table.setdefault(alias[2:-2].upper(), name.upper())
    _CACHE[id(config)] = (config, table)
    return table


def switch_name(raw: str, config: ParserConfig | None) -> str:
    """The English name of behaviour switch ``raw`` (``"__KEININHALTSVERZEICHNIS__"`` ->
    ``"NOTOC"`` on dewiki); the switch's own name where the config lists no magic words."""
    name = raw.strip("_＿").upper()
    if config is None or not config.magic_words:
        return name
    return _switches(config).get(name, name)
