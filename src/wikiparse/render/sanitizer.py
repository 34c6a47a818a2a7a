"""MediaWiki's Sanitizer rules: which tags and attributes wikitext may produce, and how their
values are cleaned.

The renderer's first line of defence is to *build* only what is allowed: every HTML tag written
in wikitext passes through :func:`sanitize_attributes` (per-tag allow-list, ``style`` cleaned
by :func:`clean_css`, URL attributes checked by :func:`safe_url`, ids escaped), and every
value is escaped by the renderer when written.  :func:`nh3_clean` is an optional second line
(the maintained ``nh3``/ammonia sanitizer, configured with the same allow-list).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from ..nodes import parse_attributes

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "VOID_TAGS",
    "clean_css",
    "is_safe_url",
    "nh3_clean",
    "safe_url",
    "sanitize_attributes",
]

_COMMON = frozenset(
    [
        "id",
        "class",
        "style",
        "lang",
        "dir",
        "title",
        "tabindex",
        "aria-describedby",
        "aria-flowto",
        "aria-hidden",
        "aria-label",
        "aria-labelledby",
        "aria-level",
        "aria-owns",
        "role",
        "about",
        "property",
        "resource",
        "datatype",
        "typeof",
        "itemid",
        "itemprop",
        "itemref",
        "itemscope",
        "itemtype",
    ]
)
_BLOCK = _COMMON | {"align"}
_TABLEALIGN = frozenset({"align", "valign"})
_TABLECELL = frozenset(
    [
        "abbr",
        "axis",
        "headers",
        "scope",
        "rowspan",
        "colspan",
        "nowrap",
        "width",
        "height",
        "bgcolor",
    ]
)


def _attrs(base: frozenset[str], *extra: Iterable[str]) -> frozenset[str]:
    out = set(base)
    for e in extra:
        out.update(e)
    return frozenset(out)


#: Tag -> attributes it may carry (MediaWiki's ``Sanitizer::setupAttributeList``).
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "div": _BLOCK,
    "center": _COMMON,
    "span": _COMMON,
    **{f"h{i}": _BLOCK for i in range(1, 7)},
    "p": _BLOCK,
    "br": frozenset({"id", "class", "title", "style", "clear"}),
    "pre": _attrs(_COMMON, ["width"]),
    "ins": _attrs(_COMMON, ["cite", "datetime"]),
    "del": _attrs(_COMMON, ["cite", "datetime"]),
    "blockquote": _attrs(_COMMON, ["cite"]),
    "q": _attrs(_COMMON, ["cite"]),
    **{
        t: _COMMON
        for t in [
            "sub",
            "sup",
            "b",
            "i",
            "u",
            "big",
            "small",
            "s",
            "strike",
            "strong",
            "tt",
            "var",
            "code",
            "cite",
            "em",
            "dfn",
            "kbd",
            "samp",
            "abbr",
            "mark",
            "bdi",
            "bdo",
            "ruby",
            "rb",
            "rp",
            "rt",
            "rtc",
            "dl",
            "dd",
            "dt",
            "figure",
            "figcaption",
            "thead",
            "tfoot",
            "tbody",
        ]
    },
    "font": _attrs(_COMMON, ["size", "color", "face"]),
    "time": _attrs(_COMMON, ["datetime"]),
    "data": _attrs(_COMMON, ["value"]),
    "wbr": _COMMON,
    "hr": _attrs(_COMMON, ["width"]),
    "ul": _attrs(_COMMON, ["type"]),
    "ol": _attrs(_COMMON, ["type", "start", "reversed"]),
    "li": _attrs(_COMMON, ["type", "value"]),
    "table": _attrs(
        _COMMON,
        [
            "summary",
            "width",
            "border",
            "frame",
            "rules",
            "cellspacing",
            "cellpadding",
            "align",
            "bgcolor",
        ],
    ),
    "caption": _BLOCK,
    "tr": _attrs(_COMMON, ["bgcolor"], _TABLEALIGN),
    "td": _attrs(_COMMON, _TABLECELL, _TABLEALIGN),
    "th": _attrs(_COMMON, _TABLECELL, _TABLEALIGN),
    "meta": frozenset({"itemprop", "content"}),
    "link": frozenset({"itemprop", "href", "title"}),
}

#: Tags wikitext may write as HTML.  ``img`` (off by default on MediaWiki), ``a``, ``script``,
#: ``style``, ``iframe``, ``object``, forms... are absent and therefore shown as text.
ALLOWED_TAGS: frozenset[str] = frozenset(ALLOWED_ATTRIBUTES)

VOID_TAGS: frozenset[str] = frozenset({"br", "wbr", "hr", "meta", "link", "img", "col"})

_URL_ATTRS = frozenset({"href", "src", "cite", "itemtype", "itemid", "about", "resource"})
#: An attribute name's first character, ``[:_A-Za-z\u00c0-\uffff]`` in MediaWiki, and its
#: others, ``[:_.\-A-Za-z0-9\u00b7\u00c0-\uffff]``, written as what they leave out: ``re``
#: compiles the readable classes by visiting their code points in Python (7 ms at the HTML
#: renderer's import), these in under 1 ms.  ``tests/test_pattern_classes.py`` checks them.
NAME_START_CHAR = r"[^\x00-\x39\x3b-\x40\x5b-\x5e\x60\x7b-\xbf\U00010000-\U0010ffff]"
NAME_CHAR = r"[^\x00-\x2c\x2f\x3b-\x40\x5b-\x5e\x60\x7b-\xb6\xb8-\xbf\U00010000-\U0010ffff]"
_NAME_RE = re.compile(rf"^{NAME_START_CHAR}{NAME_CHAR}*$")
_DATA_RE = re.compile(r"^data-(?!ooui|mw|parsoid)[^:]*$", re.I)

# -- URLs ----------------------------------------------------------------------------------

_SAFE_SCHEMES = frozenset(
    [
        "http",
        "https",
        "ftp",
        "ftps",
        "mailto",
        "news",
        "nntp",
        "irc",
        "ircs",
        "gopher",
        "telnet",
        "sftp",
        "ssh",
        "svn",
        "git",
        "mms",
        "bitcoin",
        "geo",
        "magnet",
        "matrix",
        "redis",
        "sip",
        "sips",
        "sms",
        "tel",
        "urn",
        "worldwind",
        "xmpp",
    ]
)
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_URL_JUNK_RE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+")


def is_safe_url(url: str) -> bool:
    """True when ``url`` is relative or uses an allowed protocol (never ``javascript:``,
    ``vbscript:``, ``data:``...), judged after entity decoding and removing the invisible
    characters browsers ignore inside a scheme."""
    probe = _URL_JUNK_RE.sub("", html.unescape(url))
    m = _SCHEME_RE.match(probe)
    if m is None:
        # No scheme: relative, fragment or protocol-relative.  A colon before any slash would
        # still be read as a scheme by some browsers, so refuse that form.
        head = probe.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        return ":" not in head
    return m.group(1).lower() in _SAFE_SCHEMES


def safe_url(url: str) -> str | None:
    """``url`` with entities decoded if it is safe to put in ``href``/``src``, else None."""
    decoded = html.unescape(url).strip()
    return decoded if is_safe_url(decoded) else None


# -- CSS -------------------------------------------------------------------------------------

_CSS_ESCAPE_RE = re.compile(r"\\(?:([0-9A-Fa-f]{1,6})[ \t\r\n\f]?|(.)|$)", re.S)
_CSS_COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)
_CSS_INSECURE_RE = re.compile(
    r"expression|filter\s*:|accelerator\s*:|-o-link\s*:|-o-link-source\s*:|-o-replace\s*:"
    r"|url\s*\(|image\s*\(|image-set\s*\(|attr\s*\([^)]+[\s,]+url|behavior\s*:|-moz-binding"
    r"|javascript\s*:|vbscript\s*:",
    re.I,
)
# Full-width and look-alike letters browsers fold when reading CSS keywords.
_CSS_FOLD = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
    | {"\u0280": "r", "\u0274": "n", "\u029f": "l", "\u026a": "i", "\u028f": "y"}
)


def _css_unescape(m: re.Match[str]) -> str:
    if m.group(1):
        cp = int(m.group(1), 16)
        if cp == 0 or cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
            return "\ufffd"
        return chr(cp)
    if m.group(2) is not None:
        return "" if m.group(2) == "\n" else m.group(2)
    return ""


def clean_css(value: str) -> str:
    """A ``style`` value as MediaWiki's ``Sanitizer::checkCss`` leaves it: escapes decoded,
    comments removed, and anything that can load or run code replaced by a marker comment."""
    value = html.unescape(value)
    value = _CSS_ESCAPE_RE.sub(_css_unescape, value)
    value = value.translate(_CSS_FOLD)
    value = _CSS_COMMENT_RE.sub("", value)
    if "/*" in value:  # an unterminated comment could swallow the rest of the attribute
        value = value[: value.index("/*")]
    if _CSS_INSECURE_RE.search(value) or "\\" in value or "<" in value:
        return "/* insecure input */"
    return value


# -- attributes ------------------------------------------------------------------------------

_ID_WS_RE = re.compile(r"\s+")


def _allowed(tag: str, name: str) -> bool:
    if name.startswith("on") or name in ("xmlns", "formaction", "srcdoc"):
        return False
    if _DATA_RE.match(name):
        return _NAME_RE.match(name) is not None
    return name in ALLOWED_ATTRIBUTES.get(tag, _COMMON)


def sanitize_attributes(tag: str, raw: str | None) -> list[tuple[str, str]]:
    """The attributes of a wikitext tag or table line that MediaWiki would keep, cleaned.

    Returns ``(name, decoded value)`` pairs; the caller escapes values when writing them.
    Duplicates keep the last value, as in MediaWiki.
    """
    if not raw:
        return []
    kept: dict[str, str] = {}
    for attr in parse_attributes(raw):
        name = attr.name.lower()
        if not name or not _allowed(tag, name):
            continue
        value = html.unescape(attr.value)
        if name == "style":
            value = clean_css(value)
        elif name == "id":
            value = _ID_WS_RE.sub("_", value.strip())
            if not value:
                continue
        elif name in _URL_ATTRS:
            url = safe_url(value)
            if url is None:
                continue
            value = url
        elif name in ("class", "rel"):
            value = _ID_WS_RE.sub(" ", value).strip()
        kept[name] = value
    return list(kept.items())


def nh3_clean(markup: str) -> str:
    """Run ``markup`` through nh3 (ammonia) with MediaWiki's allow-list plus the elements and
    attributes the renderer itself generates; a second line of defence, off by default."""
    import nh3

    generated = {
        "a": {"href", "rel", "class", "title", "id"},
        "img": {"src", "alt", "width", "height", "class", "decoding", "srcset"},
        "figure": {"class", "typeof"},
        "span": {"typeof"},
        "sup": {"id"},
        "li": {"id"},
        "div": {"role"},
        "input": {"type", "role", "id", "class", "style"},
        "label": {"class", "for"},
        "code": {"dir"},
        "bdi": set(),
    }
    tags = set(ALLOWED_TAGS) | set(generated) | {"figcaption", "tbody", "ul", "ol"}
    attributes: dict[str, set[str]] = {}
    for tag in tags:
        allowed = set(ALLOWED_ATTRIBUTES.get(tag, _COMMON)) | generated.get(tag, set())
        attributes[tag] = allowed
    return nh3.clean(
        markup,
        tags=tags,
        attributes=attributes,
        url_schemes=set(_SAFE_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
