"""Whole articles against MediaWiki: a few of the 106 golden pages
(``fixtures/lua/goldens-visible.jsonl.xz``: their wikitext and MediaWiki 1.39's HTML, written by
``python3 benchmarks/goldens.py --write-fixture TITLE...``), expanded with the bundled enwiki
templates and modules (Lua included) and rendered by :func:`wikiparse.to_html`; the visible
text must equal MediaWiki's.

The page is rendered on the oracle wiki's configuration, as ``benchmarks/goldens.py`` renders
all 106 (its extension tags, magic links off, no uploaded files, legacy media labels; each
listed with its reason in docs/lua.md), and compared with the conformance runner's text form.
"""

from __future__ import annotations

import importlib.util
import lzma
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import wikiparse

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "lua" / "goldens-visible.jsonl.xz"


def _goldens() -> ModuleType:
    name = "wikiparse_goldens"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "goldens.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


goldens = _goldens()


def _pages() -> list[Any]:
    import json

    with lzma.open(FIXTURE, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [pytest.param(row, id=row["title"]) for row in rows]


@pytest.fixture(scope="module")
def oracle_wiki(tmp_path_factory: pytest.TempPathFactory) -> wikiparse.Wiki:
    folder = tmp_path_factory.mktemp("goldens")
    dump = folder / goldens.TEMPLATES.name
    shutil.copy(goldens.TEMPLATES, dump)
    wiki: wikiparse.Wiki = goldens.oracle_wiki(cache=folder / "store.sqlite", dump=dump)
    return wiki


@pytest.mark.parametrize("page", _pages())
def test_visible_text_equals_mediawiki(oracle_wiki: wikiparse.Wiki, page: dict[str, str]) -> None:
    want, got = goldens.visible_texts(page, goldens.render(page, oracle_wiki))
    assert got == want


def test_fixture_pages_need_lua(oracle_wiki: wikiparse.Wiki) -> None:
    """The pages exercise the Lua engine (CS1 citations), not only templates."""
    pages = [p.values[0] for p in _pages()]
    assert len(pages) >= 3
    assert all("{{cite" in page["wikitext"].lower() for page in pages)
