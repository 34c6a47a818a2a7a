"""The value :func:`~wikiparse.render.html.to_html` returns.

A module of its own because it subclasses ``str``, which mypyc cannot compile: the renderer
modules are compiled, this one stays interpreted.
"""

from __future__ import annotations

__all__ = ["HtmlResult"]


class HtmlResult(str):
    """The rendered HTML (a ``str``) with what MediaWiki collects out of the body."""

    categories: list[tuple[str, str | None]]
    interlanguage_links: list[tuple[str, str]]
    headings: list[tuple[int, str, str]]
    #: The content language and its direction (``"ltr"``/``"rtl"``), from the config: wrap
    #: the fragment in ``<div lang=... dir=...>`` as MediaWiki's parser output does.
    language: str
    direction: str

    def __new__(cls, value: str) -> HtmlResult:
        self = super().__new__(cls, value)
        self.categories = []
        self.interlanguage_links = []
        self.headings = []
        self.language = "en"
        self.direction = "ltr"
        return self
