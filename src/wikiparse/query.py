"""Finding nodes in a tree, and the name normalisation MediaWiki applies before comparing names.

The public face of reading a tree: the walks themselves live with the node classes
(:mod:`wikiparse.nodes`, data and traversal) and MediaWiki's string rules in the bottom layer
(``wikiparse._mw``); both are re-exported here under their documented names.  Everything walks with an explicit stack, so a 100,000-deep tree is searched without
touching Python's recursion limit.

``recursive=False`` means "the nodes at this level of the text": the direct children of the
node, looking *through* the containers that only arrange text into blocks and carry no meaning
of their own (plain :class:`~wikiparse.nodes.Wikicode`, :class:`~wikiparse.nodes.Section`,
:class:`~wikiparse.nodes.Paragraph`, :class:`~wikiparse.nodes.List` and its items,
:class:`~wikiparse.nodes.Preformatted` lines, bold and italic runs).  So
``doc.find_templates(recursive=False)`` finds the templates written at the top level of a page,
wherever the page's layout put them, but not a template inside another template's parameter,
inside a link label, a heading, a table or a tag.  This matches what mwparserfromhell users get
from ``filter_templates(recursive=False)``, where paragraphs and sections are not nodes at all.
"""

from __future__ import annotations

from typing import Any

from ._mw import file_options, normalize_template_name, normalize_title
from .nodes import FileLink, find_templates, iter_nodes

__all__ = [
    "find_templates",
    "interpret_file_options",
    "iter_nodes",
    "normalize_template_name",
    "normalize_title",
]


def interpret_file_options(filelink: FileLink) -> dict[str, Any]:
    """Read a file link's options the way MediaWiki's image parameter parser does.

    Keys: ``format`` (``thumb``/``frame``/``frameless``/None), ``align``, ``valign``, ``width``,
    ``height`` (ints), ``upright`` (float; bare ``upright`` is 0.75), ``alt``, ``link`` (``""``
    means no link), ``page`` (int), ``class``, ``lang``, ``border`` (bool), ``manualthumb``
    (the file of ``thumb=File``), for audio and video files TimedMediaHandler's ``thumbtime``,
    ``start``, ``end``, ``disablecontrols`` (strings), ``muted`` and ``loop`` (True when given),
    and ``caption``: the last part that is not a valid option, as a
    :class:`~wikiparse.nodes.Wikicode` (the option node itself, so editing it edits the link).
    """
    return file_options(str(filelink.target), filelink.options)
