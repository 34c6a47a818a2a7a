"""What the mwparserfromhell compatibility suite compares, written once for both libraries.

Each check takes a parsed page (``mwparserfromhell.parse(text)`` or ``wikiparse.parse(text)``)
and returns plain data; each port (tests/ports/) takes the text.  tests/make_mwph_oracle.py
runs them with mwparserfromhell and saves a digest per page and check in
``fixtures/mwph_oracle.json``; tests/test_mwph_compat.py runs them with wikiparse and compares.
"""

from __future__ import annotations

import hashlib
import json
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

PORTS_DIR = Path(__file__).parent / "ports"
PORTS = (
    "extract_templates",
    "edit_citations",
    "clean_text",
    "links_report",
    "sections_report",
    "node_walker",
)
#: Ports that edit the tree they parse (each gets a fresh parse, not the shared one).
EDITING_PORTS = frozenset({"edit_citations", "clean_text"})


def _s(x: object) -> str:
    return str(x)


def _brace_calls(c: Any) -> list[str]:
    return [_s(t) for t in c.filter_templates()]


def _proper(t: Any) -> bool:
    """A template proper, not a parser function: no colon before the first pipe (the two
    libraries split ``{{#if: x | y}}`` differently; see the parser-functions divergence)."""
    return ":" not in _s(t)[2:].split("|", 1)[0]


def _template_names(c: Any) -> list[str]:
    return [_s(t.name).strip() for t in c.filter_templates() if _proper(t)]


def _params(c: Any) -> list[list[tuple[str, str]]]:
    out = []
    for t in c.filter_templates():
        if not _proper(t):
            continue
        out.append([(_s(p.name).strip() if p.showkey else "#", _s(p.value)) for p in t.params])
    return out


def _param_names(c: Any) -> list[list[tuple[str, bool]]]:
    """Every parameter's name and showkey: a positional one is named by its number (issue 15)."""
    return [[(_s(p.name), p.showkey) for p in t.params] for t in c.filter_templates() if _proper(t)]


def _cite_urls(c: Any) -> list[object]:
    cites = c.filter_templates(matches=lambda n: n.name.matches(["cite web", "cite news"]))
    return [_s(t.get("url").value).strip() if t.has("url") else None for t in cites]


def _get_default(c: Any) -> list[str]:
    return [_s(t.get("title", "-")).strip() for t in c.filter_templates() if _proper(t)]


#: name -> (check, what it exercises)
CHECKS: dict[str, Callable[[Any], object]] = {
    "filter_templates": _brace_calls,
    "filter_templates_top": lambda c: [_s(t) for t in c.filter_templates(recursive=False)],
    "template_names": _template_names,
    "template_params": _params,
    "param_names": _param_names,
    "matches_has_get": _cite_urls,
    "get_default": _get_default,
    "filter_wikilinks": lambda c: [_s(x.title) for x in c.filter_wikilinks()],
    "filter_wikilinks_top": lambda c: [_s(x.title) for x in c.filter_wikilinks(recursive=False)],
    "wikilink_text": lambda c: [_s(x.text) for x in c.filter_wikilinks() if ":" not in _s(x.title)],
    "filter_external_links": lambda c: [_s(x.url) for x in c.filter_external_links()],
    "external_link_title": lambda c: [_s(x.title) for x in c.filter_external_links()],
    "filter_headings": lambda c: [(h.level, _s(h.title)) for h in c.filter_headings()],
    "filter_comments": lambda c: [x.contents for x in c.filter_comments()],
    "filter_arguments": lambda c: [_s(x.name) for x in c.filter_arguments()],
    "filter_html_entities": lambda c: [(_s(x), x.normalize()) for x in c.filter_html_entities()],
    "filter_matches_regex": lambda c: [_s(x) for x in c.filter_templates(matches=r"^\{\{\s*cite")],
    "ref_tags": lambda c: [_s(x) for x in c.filter_tags(matches=lambda n: n.tag == "ref")],
    "get_sections": lambda c: [_s(s) for s in c.get_sections()],
    "get_sections_flat": lambda c: [_s(s) for s in c.get_sections(flat=True)],
    "get_sections_levels": lambda c: [_s(s) for s in c.get_sections(levels=[2], include_headings=False)],
    "get_sections_matches": lambda c: [_s(s) for s in c.get_sections(matches="references|notes")],
    "strip_code": lambda c: c.strip_code(),
    "strip_code_keep_params": lambda c: c.strip_code(keep_template_params=True),
    "strip_code_raw": lambda c: c.strip_code(normalize=False, collapse=False),
    "compare_with_str": lambda c: [t.name == "Cite web" for t in c.filter_templates()],
    "contains": lambda c: [c.contains(t) and _s(t) in c for t in c.filter_templates()[:20]],
}


def load_port(name: str, library: str) -> types.ModuleType:
    """The port's module, run as written (mwparserfromhell) or with its import line changed."""
    source = (PORTS_DIR / f"{name}.py").read_text(encoding="utf-8")
    if library == "wikiparse":
        source = source.replace("import mwparserfromhell as mwp", "import wikiparse as mwp", 1)
    module = types.ModuleType(f"port_{name}_{library}")
    exec(compile(source, str(PORTS_DIR / f"{name}.py"), "exec"), module.__dict__)
    return module


def digest(result: object) -> str:
    """A short, stable fingerprint of a result (the oracle file stores these)."""
    data = json.dumps(result, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(data.encode("utf-8")).hexdigest()[:16]
