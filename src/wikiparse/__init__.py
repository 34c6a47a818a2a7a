"""wikiparse: a fast, lossless MediaWiki wikitext parser with faithful renderers.

>>> import wikiparse
>>> doc = wikiparse.parse("'''IL-2''' binds [[interleukin 2]].")
>>> str(doc) == "'''IL-2''' binds [[interleukin 2]]."
True

The public names below are imported on first use (PEP 562 ``__getattr__``), not when the
package is: ``wikiparse --version`` and the main process of ``wikiparse dump`` (which only
reads the XML) then start in a fraction of the time, and a worker process loads what it
renders with.  The first public name used loads the whole API at once, query and edit layers
included, so ``wikiparse.parse(text).filter_templates()`` works as before; for a type checker
every name is imported eagerly (the ``TYPE_CHECKING`` block).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._parse import parse
    from .config import DEFAULT_CONFIG, ParserConfig
    from .data import (
        find_section,
        infoboxes,
        lead,
        references,
        section_text,
        table_grid,
        table_records,
    )
    from .edit import Editor
    from .expand import Wiki
    from .nodes import Diagnostic, Document, Node, reindex, to_wikitext, walk
    from .render._templates import BUILTIN_TEMPLATES, TemplateCall
    from .render.html import to_html
    from .render.json import from_json, to_json
    from .render.markdown import to_markdown
    from .render.options import HtmlOptions, MarkdownOptions, TextOptions
    from .render.text import to_text
    from .rendered import parse_rendered
    from .visit import REMOVE, Transformer, Visitor

__version__ = "0.1.0"

#: Where each public name lives (``Wiki``, the template expander, is not part of the first
#: load: parsing and rendering without expansion do not pay for it, about 0.1 s).
_HOMES: dict[str, str] = {
    "parse": "._parse",
    "DEFAULT_CONFIG": ".config",
    "ParserConfig": ".config",
    "find_section": ".data",
    "infoboxes": ".data",
    "lead": ".data",
    "references": ".data",
    "section_text": ".data",
    "table_grid": ".data",
    "table_records": ".data",
    "Editor": ".edit",
    "Wiki": ".expand",
    "Diagnostic": ".nodes",
    "Document": ".nodes",
    "Node": ".nodes",
    "reindex": ".nodes",
    "to_wikitext": ".nodes",
    "walk": ".nodes",
    "BUILTIN_TEMPLATES": ".render._templates",
    "TemplateCall": ".render._templates",
    "to_html": ".render.html",
    "from_json": ".render.json",
    "to_json": ".render.json",
    "to_markdown": ".render.markdown",
    "HtmlOptions": ".render.options",
    "MarkdownOptions": ".render.options",
    "TextOptions": ".render.options",
    "to_text": ".render.text",
    "parse_rendered": ".rendered",
    "REMOVE": ".visit",
    "Transformer": ".visit",
    "Visitor": ".visit",
}

#: The modules the first use of any public name loads (what ``import wikiparse`` used to).
_API_MODULES = (".query", ".edit", ".data", "._parse", ".render.html", ".render.json",
                ".render.markdown", ".render.text", ".rendered", ".visit")


def load_api() -> None:
    """Import the whole public API now (the first public name used does it anyway): for a
    process that forks workers, or a program that wants its start-up cost paid up front."""
    for module in _API_MODULES:
        importlib.import_module(module, __name__)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'wikiparse' has no attribute {name!r}")
    if name != "Wiki":
        load_api()
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value  # the next use is a plain attribute read
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "BUILTIN_TEMPLATES",
    "DEFAULT_CONFIG",
    "REMOVE",
    "Diagnostic",
    "Document",
    "Editor",
    "HtmlOptions",
    "MarkdownOptions",
    "Node",
    "ParserConfig",
    "TemplateCall",
    "TextOptions",
    "Transformer",
    "Visitor",
    "Wiki",
    "__version__",
    "find_section",
    "from_json",
    "infoboxes",
    "lead",
    "parse",
    "parse_rendered",
    "references",
    "reindex",
    "section_text",
    "table_grid",
    "table_records",
    "to_html",
    "to_json",
    "to_markdown",
    "to_text",
    "to_wikitext",
    "walk",
]
