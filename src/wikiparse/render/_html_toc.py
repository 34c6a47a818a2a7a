"""The table of contents MediaWiki's legacy parser puts before the first heading."""

from __future__ import annotations

import re

from .._mw import PHP_WHITESPACE
from ._html_text import escape_attr, escape_text

__all__ = ["toc_html"]

_TOC_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b([^>]*)>")
#: Formatting a TOC entry keeps (MediaWiki drops every other tag and all attributes but dir).
_TOC_KEEP = frozenset("b i sup sub bdi s strike u ins del span".split())
_DIR_RE = re.compile(r'\sdir="(ltr|rtl)"')


def _toc_text(inner: str) -> str:
    def keep(m: re.Match[str]) -> str:
        name = m.group(2).lower()
        if name not in _TOC_KEEP:
            return ""
        if m.group(1):
            return f"</{name}>"
        d = _DIR_RE.search(m.group(3)) if name in ("span", "bdi") else None
        if name == "span" and d is None:
            return "\x00"  # a span without dir is dropped with its end tag (fixed below)
        return f'<{name} dir="{d.group(1)}">' if d else f"<{name}>"

    text = _TOC_TAG_RE.sub(keep, inner)
    if "\x00" in text:
        text = _drop_span_pairs(text)
    return text.strip(PHP_WHITESPACE)  # as MediaWiki trims, with the tags gone (an anchor span, a space)


def _drop_span_pairs(text: str) -> str:
    """Remove the end tags of the dropped spans (marked by NUL), keeping ``dir`` spans whole."""
    out: list[str] = []
    stack: list[bool] = []  # per open span: was it dropped?
    for piece in re.split(r"(\x00|<span dir=\"(?:ltr|rtl)\">|</span>)", text):
        if piece == "\x00":
            stack.append(True)
        elif piece.startswith("<span"):
            stack.append(False)
            out.append(piece)
        elif piece == "</span>":
            if stack and not stack.pop():
                out.append(piece)
        else:
            out.append(piece)
    return "".join(out)


def _levels(headings: list[tuple[int, str, str, int]]) -> list[tuple[int, str]]:
    """(toc level, number like "2.1") per heading, by MediaWiki's rule: a deeper heading opens
    one level; a shallower one returns to the level of the nearest heading not deeper."""
    out: list[tuple[int, str]] = []
    level_of: list[int] = [0]  # heading level at each open toc level (index 0 unused)
    counts: list[int] = [0]
    prev = 0
    toclevel = 0
    for level, _anchor, _text, _section in headings:
        if level > prev:
            toclevel += 1
            if len(level_of) <= toclevel:
                level_of.append(level)
                counts.append(0)
            else:
                level_of[toclevel] = level
                counts[toclevel] = 0
        elif level < prev and toclevel > 1:
            target = 1
            for i in range(toclevel - 1, 0, -1):
                if level_of[i] == level:
                    target = i
                    break
                if level_of[i] < level:
                    target = i + 1
                    break
            toclevel = target
        if toclevel == 0:
            toclevel = 1
        level_of[toclevel] = level
        counts[toclevel] += 1
        del counts[toclevel + 1 :]
        del level_of[toclevel + 1 :]
        out.append((toclevel, ".".join(str(c) for c in counts[1 : toclevel + 1])))
        prev = level
    return out


def toc_html(
    headings: list[tuple[int, str, str, int]],
    title: str = "Contents",
    language: str = "en",
    direction: str = "ltr",
) -> str:
    """The TOC box for ``(level, anchor, inner html, section)`` headings (links removed from
    titles).  Wikitext headings of the page's own text are its sections: their entries carry
    ``tocsection-N`` (``section``, MediaWiki's section index); headings written as HTML or
    coming from templates (``section`` 0) are listed without it."""
    parts = [
        '<div id="toc" class="toc" role="navigation" aria-labelledby="mw-toc-heading">'
        '<input type="checkbox" role="button" id="toctogglecheckbox" class="toctogglecheckbox"'
        f' style="display:none" /><div class="toctitle" lang="{escape_text(language)}" dir="{direction}">'
        f'<h2 id="mw-toc-heading">{escape_text(title)}</h2><span class="toctogglespan">'
        '<label class="toctogglelabel" for="toctogglecheckbox"></label></span></div>\n<ul>'
    ]
    depth = 1
    first = True
    for (toclevel, number), (_lvl, anchor, inner, section) in zip(_levels(headings), headings, strict=True):
        if first:
            first = False
        elif toclevel > depth:
            parts.append("\n<ul>" * (toclevel - depth))
        else:
            parts.append("</li>\n</ul>" * (depth - toclevel) + "</li>")
        depth = toclevel
        text = _toc_text(inner)
        css = f"toclevel-{toclevel} tocsection-{section}" if section else f"toclevel-{toclevel}"
        parts.append(
            f'\n<li class="{css}">'
            f'<a href="#{escape_attr(anchor)}"><span class="tocnumber">{number}</span> '
            f'<span class="toctext">{text}</span></a>'
        )
    parts.append("</li>\n</ul>" * (depth - 1) + "</li>\n</ul>\n</div>\n")
    return "".join(parts)
