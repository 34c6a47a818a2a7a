"""wikiparse: a fast, lossless MediaWiki wikitext parser with faithful renderers.

>>> import wikiparse
>>> doc = wikiparse.parse("'''IL-2''' binds [[interleukin 2]].")
>>> str(doc) == "'''IL-2''' binds [[interleukin 2]]."
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import query  # noqa: F401  (registers the query layer: filter_*, get_sections...)
from ._parse import parse
from .config import DEFAULT_CONFIG, ParserConfig
from .data import find_section, infoboxes, lead, references, section_text, table_grid, table_records
from .edit import Editor  # also registers the edit layer for Template.add & co.
from .nodes import Diagnostic, Document, Node, reindex, to_wikitext, walk
from .render._templates import BUILTIN_TEMPLATES, TemplateCall
from .render.html import to_html
from .render.json import from_json, to_json
from .render.markdown import to_markdown
from .render.options import HtmlOptions, MarkdownOptions, TextOptions
from .render.text import to_text
from .rendered import parse_rendered
from .visit import REMOVE, Transformer, Visitor

if TYPE_CHECKING:
    from .expand import Wiki

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # ``wikiparse.Wiki`` is imported on first use: parsing and rendering without template
    # expansion do not pay for loading the expander (about 0.1 s).
    if name == "Wiki":
        from .expand import Wiki

        return Wiki
    raise AttributeError(f"module 'wikiparse' has no attribute {name!r}")

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
