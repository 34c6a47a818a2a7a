"""Which build of wikiparse is installed: compiled with mypyc, or pure Python.

A plain ``pip install`` compiles the parser and the renderers when the machine can (see
``hatch_build.py``); ``wikiparse --version`` reports the outcome so that a user can see
whether they have the fast build without reading pip's verbose log.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from importlib.machinery import EXTENSION_SUFFIXES

__all__ = ["build_kind", "compiled_modules"]

#: Modules that a compiled wheel always ships as C extensions (a subset of hatch_build's list
#: that every layout of the package keeps).
_PROBES = ("wikiparse.render.html", "wikiparse.render.text", "wikiparse.render.base")


def compiled_modules() -> dict[str, bool]:
    """For each probe module, whether it is (or would be) loaded from a C extension.

    A module not imported yet is looked up (``find_spec``: the file the import system would
    load, an extension before a ``.py`` of the same name) rather than imported, so that
    ``wikiparse --version`` does not load the renderers just to name the build.
    """
    found: dict[str, bool] = {}
    for name in _PROBES:
        module = sys.modules.get(name)
        if module is not None:
            path = getattr(module, "__file__", None) or ""
        else:
            spec = importlib.util.find_spec(name)
            path = (spec.origin if spec is not None else None) or ""
        found[name] = path.endswith(tuple(EXTENSION_SUFFIXES))
    return found


def build_kind() -> str:
    """``"compiled"`` (mypyc), ``"pure Python"``, or ``"partly compiled"`` (a broken install)."""
    flags = set(compiled_modules().values())
    if flags == {True}:
        return "compiled"
    if flags == {False}:
        return "pure Python"
    return "partly compiled"
