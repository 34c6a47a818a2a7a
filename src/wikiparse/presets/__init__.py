"""Bundled per-wiki configurations ("presets") and the API siteinfo import.

A dump's ``<siteinfo>`` names the namespaces and nothing else; a page's text names nothing at
all.  What a German page needs beyond that (``#WEITERLEITUNG``, ``mini``, ``hochkant=``,
``Kategorie:``, the ``äöüß`` link trail...) comes from MediaWiki's API siteinfo, which
``scripts/build_presets.py`` cuts down to the fields wikiparse uses (``_compact.py``) and stores
here, one gzip-compressed JSON file per wiki plus ``index.json`` (every name a wiki may be
asked for by -> its database name).  Files are read when a preset is first asked for, and each
preset is built once per process.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

import attrs

from ..config import (
    CANONICAL_NAMESPACES,
    EXTENSION_TAGS,
    PARSER_FUNCTIONS,
    ParserConfig,
)
from ._compact import COMPACT_FORMAT, compact_siteinfo

__all__ = [
    "available",
    "config_from_api",
    "config_from_compact",
    "load_preset",
    "merge_dump_siteinfo",
    "resolve_wiki",
]

#: Core parser functions MediaWiki registers without a ``#`` (``{{lc:x}}``, ``{{NS:4}}``);
#: every other function hook is called as ``{{#name:...}}`` unless its synonym has a ``#``.
NO_HASH_FUNCTIONS = frozenset(
    """ns nse urlencode lcfirst ucfirst lc uc localurl localurle fullurl fullurle canonicalurl
    canonicalurle formatnum grammar gender plural bidi numberofpages numberofusers
    numberofactiveusers numberofarticles numberoffiles numberofadmins numberingroup
    numberofedits language padleft padright anchorencode defaultsort filepath pagesincategory
    pagesize protectionlevel protectionexpiry namespace namespacee namespacenumber talkspace
    talkspacee subjectspace subjectspacee pagename pagenamee fullpagename fullpagenamee
    rootpagename rootpagenamee basepagename basepagenamee subpagename subpagenamee
    talkpagename talkpagenamee subjectpagename subjectpagenamee pageid revisionid revisionday
    revisionday2 revisionmonth revisionmonth1 revisionyear revisiontimestamp revisionuser
    cascadingsources int displaytitle pagesinnamespace""".split()
)

#: Tags the preprocessor itself handles; no wiki lists them among its extension tags.
_PREPROCESSOR_TAGS = frozenset(("includeonly", "noinclude", "onlyinclude"))

#: A link-trail pattern that is one character class: ``[...]+``.
_CLASS_TRAIL = re.compile(r"^\[((?:[^\]\\]|\\.)*)\]\+$", re.S)
_FIRST_CLASS = re.compile(r"\[((?:[^\]\\]|\\.)*)\]", re.S)
#: A class that matches nothing (a wiki without link trails, such as zhwiki).
_NO_TRAIL = r"^\s\S"


# -- names ------------------------------------------------------------------------------------


@functools.cache
def _index() -> dict[str, str]:
    data = resources.files(__name__).joinpath("index.json").read_bytes()
    index: dict[str, str] = json.loads(data)
    return index


def available() -> tuple[str, ...]:
    """The database names of the bundled presets (``("arwiki", ..., "zhwiki")``)."""
    return tuple(sorted(set(_index().values())))


def _name_keys(name: str) -> Iterable[str]:
    key = name.strip().lower().replace("_", "-")
    if "://" in key:
        key = key.split("://", 1)[1]
    key = key.lstrip("/").split("/", 1)[0]
    if key.startswith("www."):
        key = key[4:]
    yield key
    yield key.replace(".m.", ".", 1)
    if key.endswith("wiki"):
        yield key[:-4]


def resolve_wiki(name: str) -> str | None:
    """The database name of the preset for ``name`` (``"de"``, ``"dewiki"``,
    ``"de.wikipedia.org"``, ``"https://de.m.wikipedia.org/wiki/X"``), or None."""
    index = _index()
    for key in _name_keys(name):
        if key in index:
            return index[key]
    return None


# -- building a config ------------------------------------------------------------------------


def _link_trail(pattern: str) -> tuple[str, str]:
    """``(link_trail class body, link_trail_pattern)`` for a compact-form trail pattern."""
    if not pattern:
        return _NO_TRAIL, ""
    whole = _CLASS_TRAIL.match(pattern)
    if whole is not None:
        return whole.group(1), ""
    first = _FIRST_CLASS.search(pattern)
    return (first.group(1) if first else "a-z"), pattern


def _function_names(hooks: Iterable[str], words: Mapping[str, tuple[bool, tuple[str, ...]]]) -> set[str]:
    """Lower-case ``{{name:`` keys of every synonym of every function hook."""
    names = set(PARSER_FUNCTIONS)
    for hook in hooks:
        for alias in words.get(hook, (False, (hook,)))[1]:
            key = alias.strip().lower().rstrip(":")
            if not key:
                continue
            names.add(key if hook in NO_HASH_FUNCTIONS or key.startswith("#") else "#" + key)
    return names


def _variables(names: Iterable[str], words: Mapping[str, tuple[bool, tuple[str, ...]]]) -> set[str]:
    """``{{NAME}}`` spellings of every variable: as written, and upper-cased where the word
    is case-insensitive (the parser compares variables exactly)."""
    out: set[str] = set()
    for name in names:
        case_sensitive, aliases = words.get(name, (True, (name.upper(),)))
        for alias in aliases:
            out.add(alias)
            if not case_sensitive:
                out.add(alias.upper())
    return out


def _switches(names: Iterable[str], words: Mapping[str, tuple[bool, tuple[str, ...]]]) -> set[str]:
    """Behaviour-switch names without their underscores, upper-cased (the parser's key)."""
    out: set[str] = set()
    for name in names:
        for alias in words.get(name, (False, ()))[1]:
            if alias.startswith("__") and alias.endswith("__") and len(alias) > 4:
                out.add(alias[2:-2].upper())
    return out


def config_from_compact(data: Mapping[str, Any]) -> ParserConfig:
    """A :class:`ParserConfig` from the compact form (see ``_compact.py``)."""
    if data.get("format") != COMPACT_FORMAT:
        raise ValueError(f"unknown preset format {data.get('format')!r}")
    words = {name: (bool(v[0]), tuple(v[1:])) for name, v in data["magicwords"].items()}
    namespaces = dict(CANONICAL_NAMESPACES)
    namespaces.update({int(k): v for k, v in data["namespaces"].items()})
    interwiki: Mapping[str, list[Any]] = data["interwiki"]
    trail_class, trail_pattern = _link_trail(data["linktrail"])
    server = str(data.get("server", ""))
    return ParserConfig(
        namespaces=namespaces,
        namespace_aliases={k: int(v) for k, v in data["aliases"].items()},
        interlanguage_prefixes=frozenset(p for p, (_url, lang) in interwiki.items() if lang),
        interwiki_prefixes=frozenset(p for p, (_url, lang) in interwiki.items() if not lang),
        extension_tags=frozenset(data["tags"]) | _PREPROCESSOR_TAGS
        if data["tags"] else EXTENSION_TAGS,
        url_protocols=tuple(data["protocols"]),
        variables=frozenset(_variables(data["variables"], words)),
        parser_functions=frozenset(_function_names(data["functionhooks"], words)),
        behavior_switches=frozenset(_switches(data["switches"], words)),
        link_trail=trail_class,
        redirect_words=words.get("redirect", (False, ("#REDIRECT",)))[1],
        site_name=str(data.get("sitename", "")) or "Wiki",
        base_url=str(data.get("base", "")),
        case_sensitive_first_letter=data.get("case") == "case-sensitive",
        wiki_id=str(data.get("wiki", "")),
        language=str(data.get("lang", "en")),
        rtl=bool(data.get("rtl", False)),
        magic_words=words,
        link_trail_pattern=trail_pattern,
        link_prefix=str(data.get("linkprefix", "")),
        interwiki_urls={p: ("https:" + u if u.startswith("//") else u) for p, (u, _l) in interwiki.items()},
        special_pages={k: tuple(v) for k, v in data["specialpages"].items()},
        variants={str(k): tuple(v) for k, v in data.get("variants", {}).items()},
        messages={str(k): str(v) for k, v in data.get("messages", {}).items()},
        article_path=("https:" + server if server.startswith("//") else server)
        + str(data.get("articlepath", "/wiki/$1")),
    )


def config_from_api(api: Mapping[str, Any]) -> ParserConfig:
    """A config from the JSON of ``action=query&meta=siteinfo`` (see docs/wikis.md)."""
    return config_from_compact(compact_siteinfo(api))


@functools.cache
def _load(wiki_id: str) -> ParserConfig:
    raw = resources.files(__name__).joinpath(f"{wiki_id}.json.gz").read_bytes()
    return config_from_compact(json.loads(gzip.decompress(raw)))


def load_preset(name: str) -> ParserConfig:
    """The preset config of ``name`` (any form :func:`resolve_wiki` reads), built once per
    process; ``KeyError`` if there is none."""
    wiki_id = resolve_wiki(name)
    if wiki_id is None:
        raise KeyError(f"no preset for wiki {name!r}; bundled: {', '.join(available())}")
    return _load(wiki_id)


def merge_dump_siteinfo(info: Mapping[str, Any]) -> ParserConfig | None:
    """A dump's ``<siteinfo>`` (as a mapping) laid over the preset its ``dbname`` names: the
    dump's namespace names win (they are the wiki's own at dump time), the rest is the
    preset's.  None when there is no dbname or no preset for it."""
    dbname = str(info.get("dbname") or "")
    wiki_id = _index().get(dbname.lower()) if dbname else None
    if wiki_id is None:
        return None
    preset = _load(wiki_id)
    namespaces = dict(preset.namespaces)
    aliases = dict(preset.namespace_aliases)
    for key, name in info.get("namespaces", {}).items():
        ns = int(key)
        old = namespaces.get(ns)
        if old is not None and old != name and old:
            aliases[old] = ns  # a renamed namespace: its old name still resolves
        namespaces[ns] = name
    return attrs.evolve(
        preset,
        namespaces=namespaces,
        namespace_aliases=aliases,
        site_name=str(info.get("sitename") or preset.site_name),
        base_url=str(info.get("base") or preset.base_url),
        case_sensitive_first_letter=(info.get("case") == "case-sensitive")
        if info.get("case") else preset.case_sensitive_first_letter,
    )
