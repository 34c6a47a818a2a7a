"""Optional build step: compile the parser's hot modules with mypyc.

A (non-editable) wheel build compiles the parser (the ``_parse`` passes) and the
renderers to C extensions with mypyc: on the bundled sample this makes parsing about 1.5x and
rendering about 1.3x faster.  ``WIKIPARSE_MYPYC`` chooses:

* unset or ``auto``: compile when this machine can (a C compiler and Python's headers); a
  machine that cannot gets the pure-Python package, which behaves the same.  If it can and
  compiling still fails, the build FAILS: that is a bug to see, not a slower package to hide
  (pip shows a build's output only with ``-v``, so a silent fallback would reach users).
* ``1``: compile or fail.  ``0``: pure Python.

``wikiparse --version`` says which build is installed.  Editable installs are never
compiled: a stale extension module would shadow edits to the ``.py`` file next to it.
"""

from __future__ import annotations

import glob
import os
import shutil
import sys
import sysconfig
import tempfile
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: The node classes (native classes: fields are struct members), the parser's hot modules
#: and the renderers' (their visitors run once per node).
COMPILED_MODULES = (
    "wikiparse/nodes.py",
    "wikiparse/_parse/__init__.py",
    "wikiparse/_parse/state.py",
    "wikiparse/_parse/patterns.py",
    "wikiparse/_parse/preprocessor_syntax.py",
    "wikiparse/_parse/preprocessor.py",
    "wikiparse/_parse/braces.py",
    "wikiparse/_parse/links.py",
    "wikiparse/_parse/lines.py",
    "wikiparse/_parse/tables.py",
    "wikiparse/_parse/blocks.py",
    "wikiparse/_parse/inline.py",
    "wikiparse/_parse/quotes.py",
    "wikiparse/_parse/sections.py",
    "wikiparse/render/base.py",
    "wikiparse/render/_part_cuts.py",
    "wikiparse/render/text.py",
    "wikiparse/render/_text_lists.py",
    "wikiparse/render/_text_prose.py",
    "wikiparse/render/_text_prose_tables.py",
    "wikiparse/render/_text_gallery.py",
    "wikiparse/render/markdown.py",
    "wikiparse/render/html.py",
    "wikiparse/render/_html_blocks.py",
    "wikiparse/render/_html_cite.py",
    "wikiparse/render/_html_media.py",
    "wikiparse/render/_html_text.py",
    "wikiparse/render/_html_tidy.py",
    "wikiparse/render/_html_toc.py",
    "wikiparse/render/sanitizer.py",
)


def _mode() -> str:
    """``auto``, ``1`` (required) or ``0`` (off), from ``WIKIPARSE_MYPYC``."""
    value = os.environ.get("WIKIPARSE_MYPYC", "auto").strip().lower()
    return value if value in ("0", "1") else "auto"


def _wanted() -> bool:
    return _mode() != "0"


def _cannot_compile_here() -> str | None:
    """Why this machine cannot build C extensions (no compiler, no headers), or None."""
    compiler = (sysconfig.get_config_var("CC") or "cc").split()
    if not compiler or shutil.which(compiler[0]) is None:
        return f"no C compiler ({compiler[0] if compiler else 'cc'} not found)"
    include = sysconfig.get_paths().get("include", "")
    if not os.path.exists(os.path.join(include, "Python.h")):
        return f"no Python headers (Python.h not in {include})"
    return None


class MypycBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def dependencies(self) -> list[str]:
        # mypyc type-checks what it compiles, so every import of the compiled modules must
        # resolve in pip's isolated build environment: the runtime dependencies they import
        # and their type stubs.
        if not _wanted():
            return []
        return [
            "mypy>=1.10", "mypy-extensions>=1.0", "setuptools>=68", "attrs>=23.1", "regex",
            "types-regex", "lxml-stubs", "nh3>=0.2.15", "types-tqdm",
        ]

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if not _wanted() or self.target_name != "wheel" or version == "editable":
            return
        missing = _cannot_compile_here()
        if missing is not None:
            if _mode() == "1":
                raise RuntimeError(f"wikiparse: WIKIPARSE_MYPYC=1 but {missing}")
            sys.stderr.write(f"wikiparse: {missing}: building the pure-Python package\n")
            return
        self._workdir = tempfile.mkdtemp(prefix="wikiparse-mypyc-")
        try:
            built = self._compile()
        except (Exception, SystemExit) as exc:
            raise RuntimeError(
                f"wikiparse: mypyc compilation failed: {exc}\n"
                "This is a bug in wikiparse's build; WIKIPARSE_MYPYC=0 builds the pure-Python "
                "package meanwhile."
            ) from exc
        for path, dest in built.items():
            build_data["force_include"][path] = dest
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def _compile(self) -> dict[str, str]:
        work = self._workdir
        shutil.copytree(os.path.join(self.root, "src", "wikiparse"), os.path.join(work, "wikiparse"))
        # In this process, not a child one: pip's isolated build environment does not carry
        # over to a child interpreter reliably.
        from mypyc.build import mypycify
        from setuptools import Distribution

        cwd = os.getcwd()
        os.chdir(work)
        try:
            extensions = mypycify(list(COMPILED_MODULES), opt_level="3")
            dist = Distribution({"name": "wikiparse-compiled", "ext_modules": extensions})
            command = dist.get_command_obj("build_ext")
            command.inplace = True  # type: ignore[attr-defined]
            command.ensure_finalized()
            command.run()
        finally:
            os.chdir(cwd)
        suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
        built: dict[str, str] = {}
        for path in glob.glob(os.path.join(work, "*" + suffix)):
            built[path] = os.path.basename(path)  # mypyc's shared runtime, top level
        missing = []
        for module in COMPILED_MODULES:
            stem = module[: -len(".py")]
            path = os.path.join(work, stem + suffix)
            if os.path.exists(path):
                built[path] = stem + suffix
            else:
                missing.append(module)
        if missing:
            raise OSError(f"mypyc did not build {', '.join(missing)}")
        return built

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        workdir = getattr(self, "_workdir", None)
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)
