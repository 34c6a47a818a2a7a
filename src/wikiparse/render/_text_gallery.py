"""``<gallery>`` bodies as list trees, for the line-oriented renderers.

A gallery's body is not wikitext as a whole: each line is ``File name|caption``, and only the
caption is parsed.  :func:`gallery_list` turns the body into a synthetic
:class:`~wikiparse.nodes.List` whose items hold a caption-less :class:`~wikiparse.nodes.FileLink`
and the parsed caption, so the ordinary list and file handlers render it (MediaWiki shows a
gallery as a list of boxes too) and nothing here recurses.
"""

from __future__ import annotations

from .._builder import parse
from ..config import ParserConfig
from ..nodes import ExtensionTag, FileLink, List, ListItem, Node, Text, Wikicode

__all__ = ["gallery_list"]


def gallery_list(tag: ExtensionTag, config: ParserConfig | None = None) -> List:
    """The gallery's images and captions as list items (empty lines skipped)."""
    items: list[ListItem] = []
    for line in (tag.body or "").split("\n"):
        line = line.strip()
        if not line:
            continue
        name, _, caption = line.partition("|")
        name = name.strip()
        if ":" not in name:
            name = "File:" + name
        nodes: list[Node] = [
            FileLink(target=Wikicode(nodes=[Text(value=name)]), namespace="File"),
        ]
        if caption.strip():
            nodes.append(Text(value=" "))
            nodes.extend(parse(caption.strip(), config=config).nodes)
        items.append(
            ListItem(leading="\n" if items else "", prefix="*", content=Wikicode(nodes=nodes))
        )
    return List(items=items)
