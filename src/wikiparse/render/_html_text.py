"""Text helpers for the HTML renderer: escaping, URLs and anchors.

These follow MediaWiki's own conventions (``wfUrlencode``, ``Sanitizer::escapeIdForAttribute``
in HTML5 mode) so that links and ids match what a wiki produces.  Everything here is a pure
function of strings; nothing renders nodes.  Titles are normalised by the one
:func:`wikiparse._mw.normalize_title` every layer shares.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import quote

__all__ = [
    "anchor_id",
    "escape_attr",
    "escape_text",
    "fragment_href",
    "fragment_id",
    "legacy_anchor",
    "strip_tags",
    "title_to_url",
    "url_encode",
]

# Characters no HTML output may carry: the strip-marker delimiter and C0 controls other than
# tab/newline/carriage return (HTML forbids them; browsers mangle them).
_DROP: dict[int, None] = dict.fromkeys([*range(9), 11, 12, *range(14, 32), 127])
_TEXT_ESC: dict[int, str | None] = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", **_DROP}
_ATTR_ESC: dict[int, str | None] = {**_TEXT_ESC, ord('"'): "&quot;", ord("'"): "&#39;"}


def escape_text(text: str) -> str:
    """Escape text content (quotes stay as they are, as MediaWiki leaves them); control
    characters are dropped in the same pass."""
    return text.translate(_TEXT_ESC)


def escape_attr(value: str) -> str:
    """Escape an attribute value for a double-quoted attribute: nothing can break out."""
    return value.translate(_ATTR_ESC)


# wfUrlencode keeps these characters readable in paths.
_URL_SAFE = ";@$!*(),/~:"


#: Text that percent-encoding leaves as it is (most titles): answered without ``quote``.
_URL_PLAIN = re.compile(r"[A-Za-z0-9_.\-~;@$!*(),/:]*")


def url_encode(text: str) -> str:
    """Percent-encode like MediaWiki's ``wfUrlencode`` (UTF-8, a few readable characters kept)."""
    if _URL_PLAIN.fullmatch(text) is not None:
        return text
    return quote(text, safe=_URL_SAFE, errors="replace")  # lone surrogates: U+FFFD


_WS_RE = re.compile(r"[ _\t\n\r\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_TAG_RE = re.compile(r"<[^>]*>")
_PERCENT_ESCAPE_RE = re.compile(r"%([0-9A-Fa-f]{2})")


@lru_cache(maxsize=8192)
def title_to_url(title: str) -> str:
    """The URL path form of a title: spaces as underscores, then ``wfUrlencode``."""
    return url_encode(title.replace(" ", "_"))


def strip_tags(markup: str) -> str:
    """Visible text of a small HTML fragment (tags removed, entities decoded)."""
    return html.unescape(_TAG_RE.sub("", markup))


def anchor_id(text: str) -> str:
    """A heading's or fragment's id the way MediaWiki makes it in HTML5 mode:
    whitespace runs become one ``_``, leading and trailing whitespace is dropped."""
    return _WS_RE.sub("_", text.strip(" \t\n\r_")).strip("_") if text else ""


def legacy_anchor(anchor: str) -> str:
    """MediaWiki's legacy id encoding (``$wgFragmentMode = ['legacy', ...]``): the id
    percent-encoded as by PHP ``urlencode``, then ``%`` written as ``.`` (``%3A`` stays ``:``)."""
    encoded = quote(anchor, safe="-_.", errors="replace")
    return encoded.replace("%3A", ":").replace("%", ".")


def fragment_id(text: str, mode: str) -> str:
    """The id MediaWiki gives a heading or fragment ``text`` in one ``$wgFragmentMode`` mode
    (``Sanitizer::escapeIdForAttribute``): ``"html5"`` keeps the characters, ``"legacy"``
    writes every byte outside ``[A-Za-z0-9_.:-]`` as ``.XX``."""
    anchor = anchor_id(text)
    return legacy_anchor(anchor) if mode == "legacy" else anchor


def fragment_href(text: str, mode: str) -> str:
    """The ``#...`` part of a URL pointing at ``fragment_id(text, mode)``, as MediaWiki's
    ``Sanitizer::escapeIdForLink`` writes it: the id itself (``#Été_x``; browsers match it
    to the id), except that an HTML5 id's ``%XX`` becomes ``%25XX`` so it is not decoded."""
    anchor = fragment_id(text, mode)
    return anchor if mode == "legacy" else _PERCENT_ESCAPE_RE.sub(r"%25\1", anchor)
