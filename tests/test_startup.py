"""Start-up stays light: ``import wikiparse`` and ``wikiparse --version`` load no parser or
renderer, and the first public name used loads the whole API as ``import wikiparse`` used to.

Each check runs in a fresh interpreter (``sys.modules`` of the test process is shared)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import wikiparse
from wikiparse._convert import WorkerSpec, _do_task, make_renderer

SRC = str(Path(__file__).resolve().parent.parent / "src")

#: Modules that parsing or rendering needs and that start-up must not load.
HEAVY = ("wikiparse.nodes", "wikiparse._parse", "wikiparse.render.text", "wikiparse.render.html",
         "wikiparse.expand", "lxml.etree", "multiprocessing")


def _fresh(code: str) -> dict[str, object]:
    """Run ``code`` in a new interpreter that imports this checkout; it prints one JSON value."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_import_wikiparse_loads_nothing_heavy() -> None:
    loaded = _fresh(
        "import json, sys, wikiparse\n"
        f"print(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    )
    assert loaded == dict.fromkeys(HEAVY, False)


def test_version_loads_nothing_heavy() -> None:
    loaded = _fresh(
        "import contextlib, io, json, sys\n"
        "from wikiparse.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    code = main(['--version'])\n"
        f"print(json.dumps({{'code': code, 'out': out.getvalue(), **{{m: m in sys.modules for m in {HEAVY!r}}}}}))"
    )
    assert loaded.pop("code") == 0
    assert str(loaded.pop("out")).startswith(f"wikiparse {wikiparse.__version__} (")
    assert loaded == dict.fromkeys(HEAVY, False)


def test_the_first_public_name_loads_the_whole_api() -> None:
    loaded = _fresh(
        "import json, sys, wikiparse\n"
        "doc = wikiparse.parse(\"{{a|b}} [[x|y]]\")\n"
        "print(json.dumps({'templates': [str(t) for t in doc.filter_templates()],\n"
        "                  'query': 'wikiparse.query' in sys.modules, 'edit': 'wikiparse.edit' in sys.modules,\n"
        "                  'expand': 'wikiparse.expand' in sys.modules}))"
    )
    assert loaded == {"templates": ["{{a|b}}"], "query": True, "edit": True, "expand": False}


def test_a_layer_is_loaded_for_a_program_that_imported_only_the_parser() -> None:
    loaded = _fresh(
        "import json\n"
        "from wikiparse._parse import parse\n"
        "doc = parse('{{a|b}}')\n"
        "doc.filter_templates()[0].add('c', 'd')\n"
        "print(json.dumps({'text': str(doc)}))"
    )
    assert loaded == {"text": "{{a|b|c=d}}"}


def test_public_names_are_all_there() -> None:
    for name in wikiparse.__all__:
        assert getattr(wikiparse, name) is not None
    assert set(wikiparse.__all__) <= set(dir(wikiparse))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        wikiparse.nope  # noqa: B018


def test_a_worker_lets_go_of_the_page_text_and_writes_the_same_line() -> None:
    """``_do_task`` takes the page's text out of its list (so the worker frees it once the page
    is rendered); the JSONL line is the record's compact JSON and a newline."""
    spec = WorkerSpec("text", {}, None, None)
    meta = {"id": 7, "title": "T \U0001d11e", "namespace": 0, "revision_id": 1, "timestamp": "",
            "redirect": None}
    text = ["'''Bold''' \U0001d11e [[link|shown]]\n* item"]
    line = _do_task(spec, make_renderer("text", {}), meta, text)
    assert text == []
    assert line.endswith(b"}\n") and line.count(b"\n") == 1
    assert json.loads(line) == {**meta, "text": "Bold \U0001d11e shown\n\n- item"}


def test_the_fork_server_preload_keeps_what_the_host_asked_for() -> None:
    """The dump adds the parser and renderers to the fork server's preload list, and keeps
    whatever a host program (or the standard library's default, ``__main__``) put there."""
    import multiprocessing
    from multiprocessing import forkserver

    from wikiparse._convert import _preload_in_forkserver

    server = forkserver._forkserver
    saved = list(server._preload_modules)
    ctx = multiprocessing.get_context("forkserver")
    try:
        ctx.set_forkserver_preload(["__main__", "json"])
        _preload_in_forkserver(ctx)
        _preload_in_forkserver(ctx)  # twice: nothing is added twice
        preload = server._preload_modules
        assert preload[:2] == ["__main__", "json"]
        assert {"wikiparse._convert", "wikiparse._parse", "wikiparse.render.text"} <= set(preload)
        assert len(preload) == len(set(preload))
    finally:
        ctx.set_forkserver_preload(saved)


def test_the_fork_server_preloads_only_what_a_plain_format_needs() -> None:
    """A plain text dump's workers render with the text renderer alone: the fork server need
    not import the HTML renderer or the rest of the API for them."""
    import multiprocessing
    from multiprocessing import forkserver

    from wikiparse._convert import WorkerSpec, _plain_format, _preload_in_forkserver

    server = forkserver._forkserver
    saved = list(server._preload_modules)
    ctx = multiprocessing.get_context("forkserver")
    try:
        ctx.set_forkserver_preload(["__main__"])
        _preload_in_forkserver(ctx, "text")
        assert server._preload_modules == [
            "__main__", "wikiparse._convert", "wikiparse.render.json", "wikiparse.render.text"
        ]
    finally:
        ctx.set_forkserver_preload(saved)
    assert _plain_format(WorkerSpec("text", {}, None, None)) == "text"
    assert _plain_format(WorkerSpec("text", {"wiki": object()}, None, None)) is None
    assert _plain_format(WorkerSpec("text", {}, None, None, fields=("text",))) is None
    assert _plain_format(WorkerSpec("mymodule:render", {}, None, None)) is None


#: A page with the constructs each renderer has its own code for.
_PAGE = "'''b''' [[x|y]] {{t}} <ref>r</ref>\n* i\n{|\n|c\n|}\n== h ==\n"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "wikitext"])
def test_the_preload_list_holds_all_a_format_imports(fmt: str) -> None:
    """``_FORMAT_MODULES`` is written by hand next to ``make_renderer``'s imports: a worker
    that has imported what the list names must find nothing of ours left to import when it
    builds the renderer and renders a page (otherwise each worker pays that import)."""
    new = _fresh(
        "import importlib, json, sys\n"
        "from wikiparse import _convert\n"
        f"for m in ('.render.json', *_convert._FORMAT_MODULES[{fmt!r}]):\n"
        "    importlib.import_module('wikiparse' + m)\n"
        "before = set(sys.modules)\n"
        f"_convert.make_renderer({fmt!r})({_PAGE!r}, 'T')\n"
        "print(json.dumps(sorted(m for m in set(sys.modules) - before if 'wikiparse' in m)))\n"
    )
    assert new == []
