"""docs/architecture.md shows the import graph as ``tests/import_graph.py`` makes it from the
source today (run ``python3 tests/import_graph.py --write`` after changing imports)."""

from __future__ import annotations

import import_graph


def test_the_documented_import_graph_is_the_real_one() -> None:
    text = import_graph.DOC.read_text(encoding="utf-8")
    assert import_graph.section() in text, "run: python3 tests/import_graph.py --write"


def test_lazy_and_type_only_imports_are_told_apart() -> None:
    edges = import_graph.edges()
    assert edges[("wikiparse._mw", "wikiparse.config")] == import_graph.EAGER
    assert edges[("wikiparse.config", "wikiparse.presets")] == import_graph.LAZY
    assert ("wikiparse.nodes", "wikiparse.render") not in edges
