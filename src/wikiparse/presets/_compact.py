"""MediaWiki's API siteinfo, cut down to what wikiparse uses.

``action=query&meta=siteinfo&siprop=general|namespaces|namespacealiases|magicwords|...`` answers
with some 300 KB per wiki; the parser and the renderers need about a tenth of it.  This module
turns the API answer into the *compact form* that the bundled presets are stored in (see
``scripts/build_presets.py``) and that :meth:`ParserConfig.from_siteinfo` also accepts, so a
user's own API answer and a bundled preset go through the same code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["COMPACT_FORMAT", "compact_siteinfo", "is_api_siteinfo", "pcre_link_trail"]

#: Version of the compact form; bumped when its fields change meaning.
COMPACT_FORMAT = 1

_PCRE_HEX = re.compile(r"\\x\{([0-9A-Fa-f]+)\}")
_PCRE_TRAIL = re.compile(r"^/\^\((.*)\)\(\.\*\)\$/[a-zA-Z]*$", re.S)


def is_api_siteinfo(info: Mapping[str, Any]) -> bool:
    """True for the JSON of ``action=query&meta=siteinfo`` (with or without its ``query`` key)."""
    inner = info.get("query", info)
    return isinstance(inner, Mapping) and isinstance(inner.get("general"), Mapping)


def _python_hex(m: re.Match[str]) -> str:
    code = int(m.group(1), 16)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def pcre_link_trail(linktrail: str) -> str:
    """MediaWiki's link-trail regex (``/^([a-zäöü]+)(.*)$/sDu``) as a Python ``regex`` pattern
    for the trail alone (``[a-zäöü]+``); ``""`` when the wiki has no link trail (``/^()(.*)$/``).
    PCRE's ``\\x{0610}`` becomes ``\\u0610``."""
    m = _PCRE_TRAIL.match(linktrail.strip())
    if m is None:
        return "[a-z]+"
    return _PCRE_HEX.sub(_python_hex, m.group(1))


def _magic_words(query: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{name: [case_sensitive (0/1), alias, ...]}``: every synonym, in the wiki's order."""
    out: dict[str, list[Any]] = {}
    for word in query.get("magicwords", ()):
        name = str(word.get("name", ""))
        if name:
            out[name] = [1 if word.get("case-sensitive") else 0, *map(str, word.get("aliases", ()))]
    return out


def _interwiki(query: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{prefix: [url, is_language (0/1)]}``."""
    out: dict[str, list[Any]] = {}
    for entry in query.get("interwikimap", ()):
        prefix = str(entry.get("prefix", "")).lower()
        if prefix and "url" in entry:
            out[prefix] = [str(entry["url"]), 1 if "language" in entry else 0]
    return out


def _namespaces(query: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, int]]:
    """Local names by id, and every other name (aliases and canonical English names) -> id."""
    names: dict[str, str] = {}
    aliases: dict[str, int] = {}
    for key, ns in query.get("namespaces", {}).items():
        nid = int(ns.get("id", key))
        local = str(ns.get("name", ns.get("*", "")))
        names[str(nid)] = local
        canonical = ns.get("canonical")
        if canonical and canonical != local:
            aliases[str(canonical)] = nid
    for alias in query.get("namespacealiases", ()):
        name = str(alias.get("alias", alias.get("*", "")))
        if name:
            aliases[name] = int(alias["id"])
    return names, aliases


def compact_siteinfo(api: Mapping[str, Any]) -> dict[str, Any]:
    """The compact form of an API siteinfo answer (see the module docstring)."""
    query: Mapping[str, Any] = api.get("query", api)
    general: Mapping[str, Any] = query.get("general", {})
    names, aliases = _namespaces(query)
    lang = str(general.get("lang", "en"))
    all_variants = query.get("languagevariants")
    variants = all_variants.get(lang, {}) if isinstance(all_variants, Mapping) else {}
    return {
        "format": COMPACT_FORMAT,
        "wiki": str(general.get("wikiid", "")),
        "lang": lang,
        "rtl": bool(general.get("rtl", False)),
        "sitename": str(general.get("sitename", "")),
        "server": str(general.get("server", "")),
        "articlepath": str(general.get("articlepath", "/wiki/$1")),
        "scriptpath": str(general.get("scriptpath", "")),
        "case": str(general.get("case", "first-letter")),
        "linktrail": pcre_link_trail(str(general.get("linktrail", "/^([a-z]+)(.*)$/sD"))),
        "linkprefix": _PCRE_HEX.sub(_python_hex, str(general.get("linkprefixcharset", ""))),
        "namespaces": names,
        "aliases": aliases,
        "magicwords": _magic_words(query),
        "functionhooks": [str(h) for h in query.get("functionhooks", ())],
        "variables": [str(v) for v in query.get("variables", ())],
        "switches": [str(s) for s in query.get("doubleunderscores", ())],
        "tags": [str(t).strip("<>").lower() for t in query.get("extensiontags", ())],
        "protocols": [str(p) for p in query.get("protocols", ())],
        "interwiki": _interwiki(query),
        # The preferred local name only: renderers write links, they need not read aliases
        # (every title in the Special namespace is a special page).
        "specialpages": {
            str(p["realname"]): [str(p["aliases"][0])]
            for p in query.get("specialpagealiases", ())
            if "realname" in p and p.get("aliases") and p["aliases"][0] != p["realname"]
        },
        # Variant -> its fallback variants, for -{ }- markup (zh, sr, ...); {} for most languages.
        "variants": {
            str(code): [str(f) for f in (entry or {}).get("fallbacks", ())]
            for code, entry in sorted(variants.items())
        } if isinstance(variants, Mapping) else {},
    }
