"""Regenerate the bundled presets in ``src/wikiparse/presets/`` from API siteinfo answers.

Usage: ``PYTHONPATH=src python3 scripts/build_presets.py SITEINFO_DIR...`` where each folder
holds one ``<wiki>.json`` (or ``.json.gz``) per wiki, each the answer of
``api.php?action=query&meta=siteinfo&format=json&formatversion=2&siprop=general|namespaces|``
``namespacealiases|magicwords|interwikimap|languagevariants|specialpagealiases|extensiontags|``
``functionhooks|variables|doubleunderscores|protocols``.  Writes ``<dbname>.json.gz`` (the
compact form of ``wikiparse/presets/_compact.py``) and ``index.json`` (names -> dbname).

The 21 Wikipedias' answers are in the project's shared corpus (``corpus/siteinfo``); bgwiki's,
which we have no API answer for, was made with ``scripts/siteinfo_from_mediawiki.php`` from
MediaWiki 1.39's Bulgarian localisation and the namespace names of bgwiki's dump
(``fixtures/siteinfo/bgwiki.json.gz``).

Each preset also carries a few interface messages the renderers show (``Redirect to:``, the
table of contents' title) in the wiki's language, from MediaWiki's translations
(``/usr/share/mediawiki/languages/i18n``, GPL-2.0-or-later).

The data is Wikimedia's site configuration: localised magic words and namespace names from
MediaWiki's message files (GPL-2.0-or-later), interwiki map from Meta-Wiki (CC BY-SA 4.0).
"""

from __future__ import annotations

import gzip
import json
import pathlib
import sys

from wikiparse.presets._compact import compact_siteinfo

#: Interface messages the renderers show, from MediaWiki's own translations
#: (``languages/i18n/<code>.json`` of a MediaWiki install; GPL-2.0-or-later).
MESSAGE_KEYS = ("redirectto", "toc")
MESSAGES_DIR = pathlib.Path("/usr/share/mediawiki/languages/i18n")
#: Where a language has no file of its own (its messages are its fallback's).
_MESSAGE_FALLBACK = {"sr": "sr-ec", "zh": "zh-hans"}

OUT = pathlib.Path(__file__).resolve().parent.parent / "src" / "wikiparse" / "presets"


def _names(compact: dict[str, object], server: str) -> set[str]:
    """Every name a user may give for this wiki: dbname, language code, host name."""
    dbname = str(compact["wiki"])
    lang = str(compact["lang"])
    host = server.lstrip("/").lower()
    return {dbname, dbname.replace("_", "-"), lang, lang + "wiki", host}


def _read(path: pathlib.Path) -> dict[str, object]:
    raw = path.read_bytes()
    data: dict[str, object] = json.loads(gzip.decompress(raw) if path.suffix == ".gz" else raw)
    return data


def _messages(lang: str) -> dict[str, str]:
    """The interface messages of ``lang``, falling back to English key by key."""
    out: dict[str, str] = {}
    for code in (lang, _MESSAGE_FALLBACK.get(lang, lang), "en"):
        path = MESSAGES_DIR / f"{code}.json"
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            for key in MESSAGE_KEYS:
                if key in data and key not in out:
                    out[key] = str(data[key])
    return out


def main(folders: list[str]) -> None:
    index: dict[str, str] = {}
    paths = [p for folder in folders for p in pathlib.Path(folder).glob("*wiki.json*")]
    for path in sorted(paths):
        api = _read(path)
        compact = compact_siteinfo(api)
        compact["messages"] = _messages(str(compact["lang"]))
        dbname = str(compact["wiki"])
        text = json.dumps(compact, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        # mtime=0: the same input gives the same bytes, so regenerating changes nothing.
        (OUT / f"{dbname}.json.gz").write_bytes(gzip.compress(text.encode("utf-8"), 9, mtime=0))
        for name in _names(compact, str(compact["server"])):
            index[name] = dbname
        print(f"{dbname}: {len(text)} bytes -> {(OUT / f'{dbname}.json.gz').stat().st_size}")
    (OUT / "index.json").write_text(json.dumps(index, indent=0, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:] or ["../shared/corpus/siteinfo", "fixtures/siteinfo"])
