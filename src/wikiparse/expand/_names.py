"""Title handling the expander needs: normalisation, namespaces, page-name variants.

MediaWiki's rules: underscores are spaces, runs of spaces collapse, the namespace prefix is
matched case-insensitively and replaced by its canonical local name, the first letter of the
rest is upper-cased (on first-letter-case wikis), a leading colon means the main namespace.
"""

from __future__ import annotations

import html
import re
import urllib.parse

from ..config import ParserConfig

__all__ = ["Title", "anchorencode", "make_title", "urlencode_query", "wfurlencode"]

_SPACES = re.compile(r"[ _\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_INVALID = re.compile(r"[<>\[\]{}|#\x00-\x1f\x7f]|%[0-9A-Fa-f]{2}|&[A-Za-z0-9#]+;|~{3}")

#: Namespaces with subpages on a default wiki (relative ``{{/sub}}`` works there).
SUBPAGE_NAMESPACES = frozenset({1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 15, 828, 829})


class Title:
    """A parsed, normalised title: namespace id, local namespace name and the page text."""

    __slots__ = ("fragment", "namespace", "ns_name", "text")

    def __init__(self, namespace: int, ns_name: str, text: str, fragment: str = "") -> None:
        self.namespace = namespace
        self.ns_name = ns_name
        self.text = text
        self.fragment = fragment

    @property
    def prefixed(self) -> str:
        """``Template:Foo bar`` (MediaWiki's getPrefixedText)."""
        return f"{self.ns_name}:{self.text}" if self.ns_name else self.text

    @property
    def dbkey(self) -> str:
        return self.prefixed.replace(" ", "_")

    def talk_namespace(self) -> int:
        return self.namespace if self.namespace % 2 or self.namespace < 0 else self.namespace + 1

    def subject_namespace(self) -> int:
        return self.namespace - 1 if self.namespace > 0 and self.namespace % 2 else self.namespace

    def base_text(self) -> str:
        if self.namespace not in SUBPAGE_NAMESPACES or "/" not in self.text:
            return self.text
        return self.text.rsplit("/", 1)[0]

    def root_text(self) -> str:
        if self.namespace not in SUBPAGE_NAMESPACES:
            return self.text
        return self.text.split("/", 1)[0]

    def subpage_text(self) -> str:
        if self.namespace not in SUBPAGE_NAMESPACES:
            return self.text
        return self.text.rsplit("/", 1)[-1]


def _ucfirst(text: str) -> str:
    if not text:
        return text
    first = text[0]
    upper = first.upper()
    # PHP's mb_strtoupper keeps single characters that would expand (ß -> SS) as they are
    if len(upper) != 1:
        upper = first
    return upper + text[1:]


def make_title(text: str, config: ParserConfig, default_ns: int = 0) -> Title | None:
    """MediaWiki's Title::newFromText: None for an invalid title."""
    if "&" in text:
        text = html.unescape(text)
    text = _SPACES.sub(" ", text).strip(" ")
    fragment = ""
    if "#" in text:
        text, fragment = text.split("#", 1)
        text = text.rstrip(" ")
    ns = default_ns
    if text.startswith(":"):
        ns = 0
        text = text[1:].lstrip(" ")
    elif ":" in text:
        prefix, rest = text.split(":", 1)
        found = config.namespace_id(prefix)
        if found is not None:
            ns = found
            text = rest.lstrip(" ")
            if ns == 0 and text.startswith(":"):
                return None
    if not text:
        if fragment and ns == 0 and default_ns == 0:
            return Title(0, "", "", fragment)
        return None
    if _INVALID.search(text) or len(text.encode()) > 255:
        return None
    if text.startswith(("./", "../")) or "/./" in text or "/../" in text or text in (".", ".."):
        return None
    if text.endswith(("/.", "/..")):
        return None
    if not config.case_sensitive_first_letter:
        text = _ucfirst(text)
    ns_name = config.namespace_name(ns) if ns else ""
    return Title(ns, ns_name, text, fragment)


def wfurlencode(text: str) -> str:
    """MediaWiki's wfUrlencode: rawurlencode keeping ``;:@$!*(),/~`` as they are."""
    return urllib.parse.quote(text, safe=";:@$!*(),/~")


def urlencode_query(text: str) -> str:
    """PHP's urlencode (spaces as ``+``)."""
    return urllib.parse.quote_plus(text, safe="-_.")


def anchorencode(text: str) -> str:
    """``{{anchorencode:}}`` in HTML5 fragment mode: spaces to underscores, ``%`` kept."""
    text = re.sub(r"[ \t\n\r\f\v]+", "_", text.strip(" \t\n\r\f\v"))
    return text
