"""``<gallery>`` bodies as list trees, for the line-oriented renderers.

A gallery's body is not wikitext as a whole: each line is ``File name|caption``, and only the
caption is parsed.  :func:`gallery_list` turns the body into a synthetic
:class:`~wikiparse.nodes.List` whose items hold a caption-less :class:`~wikiparse.nodes.FileLink`
and the parsed caption, so the ordinary list and file handlers render it (MediaWiki shows a
gallery as a list of boxes too) and nothing here recurses.
"""

from __future__ import annotations

import re

from .._parse import parse
from ..config import ParserConfig
from ..file_options import canonical_option
from ..nodes import ExtensionTag, FileLink, List, ListItem, Node, Text, Wikicode

__all__ = ["gallery_list", "gallery_nodes", "split_line"]


_SPLIT = re.compile(r"(\[\[|\]\]|\{\{|\}\}|\|)")
_OPTION = re.compile(r"\s*(?:alt|link|page|class|lang|upright|thumbtime|start|end)\s*=", re.I)


def split_line(line: str) -> list[str]:
    """A gallery line's parts: split at ``|`` outside ``[[...]]`` and ``{{...}}``."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for piece in _SPLIT.split(line):
        if piece in ("[[", "{{"):
            depth += 1
        elif piece in ("]]", "}}"):
            depth = max(0, depth - 1)
        elif piece == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(piece)
    parts.append("".join(current))
    return parts


def gallery_nodes(tag: ExtensionTag, config: ParserConfig | None = None) -> list[Node]:
    """The gallery as nodes: its ``caption=`` attribute as a paragraph, then
    :func:`gallery_list`."""
    out: list[Node] = []
    caption = tag.attributes.get("caption", "").strip()
    if caption:
        out.extend(parse(caption, config=config).nodes)
    out.append(gallery_list(tag, config))
    return out


def gallery_list(tag: ExtensionTag, config: ParserConfig | None = None) -> List:
    """The gallery's images and captions as list items (empty lines skipped).

    A line is ``File|option|...|caption``: options (``alt=``, ``link=``...) are skipped and
    the last other part is the caption, as MediaWiki reads it.
    """
    items: list[ListItem] = []
    file_ns = config.namespace_name(6) if config is not None else "File"
    for line in (tag.body or "").split("\n"):
        line = line.strip()
        if not line:
            continue
        name, *rest = split_line(line)
        captions = [p for p in rest if not _OPTION.match(canonical_option(p, config))]
        caption = captions[-1] if captions else ""
        name = name.strip()
        if ":" not in name:
            name = f"{file_ns}:{name}"
        nodes: list[Node] = [
            FileLink(target=Wikicode(nodes=[Text(value=name)]), namespace=file_ns),
        ]
        if caption.strip():
            nodes.append(Text(value=" "))
            nodes.extend(parse(caption.strip(), config=config).nodes)
        items.append(
            ListItem(leading="\n" if items else "", prefix="*", content=Wikicode(nodes=nodes))
        )
    return List(items=items)
