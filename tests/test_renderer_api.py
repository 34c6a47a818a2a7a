"""The visitor is public: users subclass ``Renderer`` and the built-in renderers.

The compiled build (mypyc) must allow that too, so these run in both CI phases.
"""

from __future__ import annotations

import wikiparse
from wikiparse.nodes import Template, Text, Wikilink
from wikiparse.render.base import Renderer
from wikiparse.render.html import HtmlOptions, HtmlRenderer
from wikiparse.render.markdown import MarkdownRenderer
from wikiparse.render.options import DEFAULT_MARKDOWN_OPTIONS
from wikiparse.render.text import TextRenderer


class LinkTargets(Renderer):
    """A renderer of one's own: the link targets of a page, one per line."""

    def enter_Wikilink(self, node: Wikilink) -> bool:
        self.out.append(str(node.target).strip() + "\n")
        return False

    def enter_Text(self, node: Text) -> bool:
        return False


def test_a_renderer_of_ones_own() -> None:
    doc = wikiparse.parse("See [[Alpha]] and [[beta|the second]].\n* [[Gamma]]\n")
    assert LinkTargets().render(doc) == "Alpha\nbeta\nGamma\n"


def test_the_text_renderer_can_be_customised() -> None:
    class ShowTemplates(TextRenderer):
        def enter_Template(self, node: Template) -> bool:
            self.ctx.buf.append(f"<{str(node.name).strip()}>")
            return False

    assert ShowTemplates().render_document(wikiparse.parse("a {{b|c}} d")) == "a <b> d"


def test_the_html_renderer_can_be_customised() -> None:
    class ExpandNothing(HtmlRenderer):
        def enter_Template(self, node: Template) -> bool:
            self.out.append("[template]")
            return False

    html = ExpandNothing(HtmlOptions()).finish(wikiparse.parse("a {{b}} c"))
    assert html == "<p>a [template] c\n</p>"


def test_the_markdown_renderer_can_be_customised() -> None:
    class Upper(MarkdownRenderer):
        def enter_Text(self, node: Text) -> bool:
            self.ctx.buf.append(node.value.upper())
            return False

    assert Upper(DEFAULT_MARKDOWN_OPTIONS).render_document(wikiparse.parse("abc")).strip() == "ABC"
