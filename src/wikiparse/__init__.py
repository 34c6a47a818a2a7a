"""wikiparse: a fast, lossless MediaWiki wikitext parser with faithful renderers.

>>> import wikiparse
>>> doc = wikiparse.parse("'''IL-2''' binds [[interleukin 2]].")
>>> str(doc) == "'''IL-2''' binds [[interleukin 2]]."
True
"""

from __future__ import annotations

from ._parse import parse
from .config import DEFAULT_CONFIG, ParserConfig
from .edit import Editor  # also registers the edit layer for Template.add & co.
from .nodes import Diagnostic, Document, Node, reindex, to_wikitext, walk
from .render.html import to_html
from .render.json import from_json, to_json
from .render.markdown import to_markdown
from .render.options import HtmlOptions, MarkdownOptions, TextOptions
from .render.text import to_text
from .rendered import parse_rendered
from .visit import REMOVE, Transformer, Visitor

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_CONFIG",
    "REMOVE",
    "Diagnostic",
    "Document",
    "Editor",
    "HtmlOptions",
    "MarkdownOptions",
    "Node",
    "ParserConfig",
    "TextOptions",
    "Transformer",
    "Visitor",
    "__version__",
    "from_json",
    "parse",
    "parse_rendered",
    "reindex",
    "to_html",
    "to_json",
    "to_markdown",
    "to_text",
    "to_wikitext",
    "walk",
]
