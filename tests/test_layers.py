"""The layers of the package only point down (docs/architecture.md, "Layers"):
``config`` -> ``_mw`` -> ``nodes`` -> ``_parse`` -> ``query``/``edit``/``expand`` ->
``render`` -> dump conversion and ``cli``.  import-linter checks every import, including
those inside functions, against ``tests/importlinter.ini``."""

from __future__ import annotations

import os
from pathlib import Path

from importlinter.cli import lint_imports

CONFIG = Path(__file__).resolve().parent / "importlinter.ini"


def test_imports_only_point_down() -> None:
    # lint-imports imports nothing of ours; it reads the source of the wikiparse it finds on
    # sys.path (the one under test, PYTHONPATH=src or the installed package).
    assert os.path.exists(CONFIG)
    assert lint_imports(config_filename=str(CONFIG), no_cache=True) == 0


def test_the_bottom_layers_import_nothing_above_them() -> None:
    """The node classes and MediaWiki's string rules stand alone (a cheap check with a clear
    message, on top of the contract)."""
    src = Path(__file__).resolve().parent.parent / "src" / "wikiparse"
    for name in ("nodes.py", "_mw.py", "config.py"):
        text = (src / name).read_text(encoding="utf-8")
        for upper in ("_parse", "query", "edit", "visit", "render", "dumps", "cli", "expand", "dask"):
            assert f"from .{upper}" not in text and f"from wikiparse.{upper}" not in text, (name, upper)
