"""MediaWiki's string semantics, as pure functions on strings: the bottom layer.

What MediaWiki does to a title before comparing it, how it reads a template parameter's key,
how it strips comments, and how it reads a file link's options.  Nothing here knows about
nodes or the parser, so every layer above (the node classes, the parser, queries, edits and
renderers) shares one definition of each rule.
"""

from __future__ import annotations

import html
import html.entities
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .config import DEFAULT_CONFIG, ParserConfig

__all__ = [
    "OPTION_HEAD_CHARS",
    "PHP_WHITESPACE",
    "could_be_option",
    "decode_char_refs",
    "file_options",
    "normalize_template_name",
    "normalize_title",
    "param_key",
    "strip_comments",
]

_O = TypeVar("_O")

#: What PHP's trim(), ltrim() and rtrim() strip by default: narrower than ``str.strip()``,
#: which also takes NEL, no-break and the other Unicode spaces that MediaWiki keeps.
PHP_WHITESPACE = " \t\n\r\0\x0b"

# MediaWiki folds these to one underscore (shown as a space) in titles.
_TITLE_SPACE_RE = re.compile("[ _\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
# Directional marks MediaWiki strips from titles.
_TITLE_BIDI_RE = re.compile("[\u200e\u200f\u202a-\u202e]")
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_NS_SPLIT_RE = re.compile(r"^([^:]+?) ?: ?(.*)$", re.S)


def strip_comments(text: str) -> str:
    """``text`` without ``<!-- -->`` comments (an unclosed one runs to the end)."""
    return _COMMENT_RE.sub("", text) if "<!--" in text else text


def _upper_first(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


#: A character of an entity's name, ``[A-Za-z0-9\x80-\uffff]`` in MediaWiki, written here as
#: the characters it leaves out: ``re`` compiles the readable class by visiting its 65,000 code
#: points in Python, 4 ms at every start-up of every process that imports the parser, and this
#: one in 0.3 ms.  ``tests/test_pattern_classes.py`` checks that both take the same characters.
ENTITY_NAME_CHAR = r"[^\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f\U00010000-\U0010ffff]"

# MediaWiki's character references (Sanitizer::CHAR_REFS_REGEX): only with their ``;``.
_CHAR_REF_RE = re.compile(rf"&(?:({ENTITY_NAME_CHAR}+);|#([0-9]+);|#[xX]([0-9A-Fa-f]+);)")


# MediaWiki's own names for the right-to-left mark, besides HTML's ``&rlm;``.
_MW_ENTITY_ALIASES = {"\u05e8\u05dc\u05de": "rlm", "\u0631\u0644\u0645": "rlm"}


def _valid_code_point(n: int) -> bool:
    """Sanitizer::validateCodepoint: what a numeric reference may name (HTML5 and XML both
    allow it: no C0 or C1 controls but tab and newline, no surrogates, no U+FFFE/U+FFFF)."""
    return (
        n in (0x09, 0x0A)
        or 0x20 <= n <= 0x7E
        or 0xA0 <= n <= 0xD7FF
        or 0xE000 <= n <= 0xFFFD
        or 0x10000 <= n <= 0x10FFFF
    )


def _decode_char_ref(m: re.Match[str]) -> str:
    name, dec, hexa = m.groups()
    if name is not None:  # an unknown name stays as written
        name = _MW_ENTITY_ALIASES.get(name, name)
        return html.entities.html5.get(name + ";", m.group())
    digits = (dec if dec is not None else hexa).lstrip("0") or "0"
    if len(digits) > 8:  # past U+10FFFF whatever the digits (and no huge int to convert)
        return "\ufffd"
    n = int(digits) if dec is not None else int(digits, 16)
    return chr(n) if _valid_code_point(n) else "\ufffd"


def decode_char_refs(text: str) -> str:
    """``text`` with character references decoded as MediaWiki decodes them in a title
    (``Sanitizer::decodeCharReferencesAndNormalize``): ``&eacute;``, ``&#233;``, ``&#xE9;``
    (only with their ``;``: ``&ampb`` stays as written), an invalid code point as U+FFFD; and
    only if something was decoded, the result in Unicode NFC (``e&#x301;`` -> ``\u00e9``, but
    ``e`` + U+0301 written as such stays as written)."""
    if "&" not in text:
        return text
    decoded = _CHAR_REF_RE.sub(_decode_char_ref, text)
    return unicodedata.normalize("NFC", decoded) if decoded != text else text


#: Titles kept per config by :func:`normalize_title` before its cache starts afresh.
_TITLE_CACHE_SIZE = 16384
#: Longer inputs are not kept (MediaWiki titles are at most 255 bytes), so the cache stays small.
_TITLE_CACHE_MAX_LEN = 1024


def normalize_title(title: str, *, config: ParserConfig | None = None, interwiki: bool = True) -> str:
    """A title as MediaWiki stores it, with spaces for underscores.

    As MediaWiki's title codec does (``MediaWikiTitleCodec::splitTitleString``): character
    references are decoded (:func:`decode_char_refs`), directional marks dropped, runs of
    spaces/underscores folded to one space, the ends trimmed, one leading ``:`` removed, a
    known namespace prefix written in its canonical form (``category :foo`` -> ``Category:Foo``,
    ``Image:`` -> ``File:``) and the first letter of the name upper-cased (unless the wiki is
    case-sensitive).  An interwiki or interlanguage prefix of the config is lower-cased and the
    rest left as written (``FR:page`` -> ``fr:page``; ``fr::page`` -> ``fr:page``): the other
    wiki normalises it.  A prefix that is neither stays part of the name (``Meta:Foo`` on a wiki
    without a ``meta`` interwiki).  Tabs and newlines are left in: MediaWiki refuses such a
    title, and deciding that is the caller's part.

    ``interwiki=False`` reads an interwiki or interlanguage prefix as any other text, as a
    wiki without that prefix would (``google:foo`` -> ``Google:foo``): a renderer that has no
    URL for a prefix links the page of the wiki itself, as MediaWiki does.

    Pages repeat their links, so results are kept per config (in ``config.derived``, living
    and dying with the config; no global state).
    """
    cfg = config or DEFAULT_CONFIG
    if len(title) > _TITLE_CACHE_MAX_LEN:  # no real title is this long: not worth keeping
        out = _normalize_title(title, cfg)
    else:
        cache: dict[str, str] | None = cfg.derived.get("normalize_title")
        if cache is None or len(cache) >= _TITLE_CACHE_SIZE:
            cache = cfg.derived["normalize_title"] = {}
        got = cache.get(title)
        if got is None:
            got = cache[title] = _normalize_title(title, cfg)
        out = got
    if not interwiki and ":" in out:
        # Only a title kept with an interwiki prefix reads differently (rare: not cached).
        head = out[: out.index(":")]
        if head in cfg.interwiki_prefixes or head in cfg.interlanguage_prefixes:
            return _normalize_title(title, cfg, interwiki=False)
    return out


def _normalize_title(title: str, cfg: ParserConfig, *, interwiki: bool = True) -> str:
    s = decode_char_refs(title)
    if not s.isascii():
        s = _TITLE_BIDI_RE.sub("", s)
    s = _TITLE_SPACE_RE.sub(" ", s).strip()
    if s.startswith(":"):
        s = s[1:].lstrip()
    fix_case = (lambda x: x) if cfg.case_sensitive_first_letter else _upper_first
    m = _NS_SPLIT_RE.match(s)
    if m is not None:
        prefix = m.group(1)
        ns = cfg.namespace_id(prefix)
        if ns is not None and ns != 0:
            return f"{cfg.namespace_name(ns)}:{fix_case(m.group(2))}"
        low = prefix.lower()
        if interwiki and (low in cfg.interlanguage_prefixes or low in cfg.interwiki_prefixes):
            # The other wiki decides the case of the rest; the prefix itself is lower-case.
            # A colon after the prefix names the other wiki's main namespace.
            rest = m.group(2)
            return f"{low}:{rest[1:].lstrip() if rest.startswith(':') else rest}"
    return fix_case(s)


def normalize_template_name(name: str, *, config: ParserConfig | None = None) -> str:
    """A template name as the title of the page it transcludes, without ``Template:``.

    ``{{ infobox_protein <!-- x --> }}``, ``{{Template:Infobox protein}}`` and
    ``{{Infobox protein}}`` all give ``"Infobox protein"``.  A name in another namespace keeps its
    prefix (``{{Wikipedia:Foo}}``); a leading colon (``{{:Main Page}}``) names an article.
    With a ``config``, the wiki's own template namespace is the one dropped
    (``{{Vorlage:Foo}}`` is ``Foo`` on dewiki; so is ``{{Template:Foo}}``, an alias there).
    """
    full = normalize_title(strip_comments(name), config=config)
    prefix = (config or DEFAULT_CONFIG).namespace_name(10) + ":"
    if full.startswith(prefix):
        return full[len(prefix) :]
    return full


def param_key(raw_name: str) -> str:
    """A named parameter's key as MediaWiki reads it: comments dropped, whitespace trimmed."""
    return strip_comments(raw_name).strip()


# --------------------------------------------------------------------------------------------
# File options
# --------------------------------------------------------------------------------------------

_FORMATS = {
    "thumb": "thumb",
    "thumbnail": "thumb",
    "frame": "frame",
    "framed": "frame",
    "enframed": "frame",
    "frameless": "frameless",
}
_HALIGN = {"left": "left", "right": "right", "center": "center", "centre": "center", "none": "none"}
_VALIGN = {
    "baseline": "baseline",
    "sub": "sub",
    "super": "super",
    "sup": "super",
    "top": "top",
    "text-top": "text-top",
    "middle": "middle",
    "bottom": "bottom",
    "text-bottom": "text-bottom",
}
_SIZE_RE = re.compile(r"^(\d*)(?:x(\d*))?\s*px$")
_NUMBER_RE = re.compile(r"^\s*\d+(?:\.\d*)?\s*$|^\s*\.\d+\s*$")
_KEYED_RE = re.compile(
    r"^(?:(?P<k1>alt|link|class|lang|thumb|thumbnail)=|(?P<k2>page|upright)[= ])(?P<v>.*)$", re.S
)


def _empty_file_options() -> dict[str, Any]:
    return {
        "format": None,
        "align": None,
        "valign": None,
        "width": None,
        "height": None,
        "upright": None,
        "alt": None,
        "link": None,
        "page": None,
        "class": None,
        "lang": None,
        "border": False,
        "manualthumb": None,
        "thumbtime": None,
        "start": None,
        "end": None,
        "disablecontrols": None,
        "muted": False,
        "loop": False,
        "caption": None,
    }


def _apply_size(out: dict[str, Any], m: re.Match[str]) -> bool:
    """``200px``, ``200x100px``, ``x100px``: valid only if some number was given."""
    width, height = m.group(1), m.group(2)
    if not width and not height:
        return False
    if width:
        out["width"] = int(width)
    if height:
        out["height"] = int(height)
    return True


def _apply_keyed(out: dict[str, Any], key: str, value: str) -> bool:
    """``key=value`` options; False when MediaWiki would reject the value (then it is caption)."""
    if key in ("thumb", "thumbnail"):
        if out["format"] is not None:
            return False
        out["format"] = "thumb"
        out["manualthumb"] = value.strip()
        return True
    if key in ("page", "upright"):
        if not _NUMBER_RE.match(value):
            return False
        out[key] = float(value) if key == "upright" else int(float(value))
        return True
    out[key] = value.strip() if key != "alt" else value
    return True


def _apply_option(out: dict[str, Any], text: str) -> bool:
    """Record one option part; return False if it is not an option (so it may be the caption).

    Option words are case-sensitive and matched on the trimmed part, as in MediaWiki.
    """
    part = text.strip()
    fmt = _FORMATS.get(part)
    if fmt is not None:
        if out["format"] is not None:
            return False  # only the first format counts; MediaWiki shows later ones as caption
        out["format"] = fmt
        return True
    if part in _HALIGN:
        out["align"] = _HALIGN[part]
        return True
    if part in _VALIGN:
        out["valign"] = _VALIGN[part]
        return True
    if part == "border":
        out["border"] = True
        return True
    if part == "upright":
        out["upright"] = 0.75  # MediaWiki's default upright factor ($wgThumbUpright)
        return True
    size = _SIZE_RE.match(part)
    if size is not None:
        return _apply_size(out, size)
    keyed = _KEYED_RE.match(part)
    if keyed is not None:
        return _apply_keyed(out, keyed.group("k1") or keyed.group("k2"), keyed.group("v"))
    return False


#: Files that TimedMediaHandler plays (audio and video): they take its options too.
_MEDIA_EXTENSIONS = frozenset("ogv ogg oga ogx webm mp3 mp4 wav flac opus mid midi mpg mpeg".split())
_MEDIA_KEYED_RE = re.compile(r"^(thumbtime|start|end|disablecontrols)=(.*)$", re.S)
_MEDIA_FLAGS = frozenset(("muted", "loop"))


def _apply_media_option(out: dict[str, Any], text: str) -> bool:
    """TimedMediaHandler's options (``thumbtime=``, ``start=``, ``end=``, ``muted``...)."""
    part = text.strip()
    if part in _MEDIA_FLAGS:
        out[part] = True
        return True
    m = _MEDIA_KEYED_RE.match(part)
    if m is None:
        return False
    out[m.group(1)] = m.group(2).strip()
    return True


#: How many characters past its leading whitespace :func:`could_be_option` needs to see:
#: more than the longest start in ``_OPTION_START_RE``.
OPTION_HEAD_CHARS = 24
#: How every valid option (English words, TimedMediaHandler's too) begins once trimmed.
_OPTION_START_RE = re.compile(
    r"thumb|frame|enframed|left|right|cent|none|baseline|sub|sup|top|text-|middle|bottom"
    r"|border|upright|alt=|link=|class=|lang=|page|muted|loop|start=|end=|disablecontrols="
    r"|\d|x"  # a size; \d as in _SIZE_RE, so other scripts' digits count too
)


def could_be_option(head: str) -> bool:
    """False when an option whose text starts with ``head`` (its leading whitespace and then
    :data:`OPTION_HEAD_CHARS` characters, or all of it) cannot be a valid option, so it is a
    caption candidate without reading the rest.  True means "read it all and see"."""
    return _OPTION_START_RE.match(head.lstrip()) is not None


def file_options(
    target: str, options: Sequence[_O], *, head: Callable[[_O], str] | None = None
) -> dict[str, Any]:
    """Read a file link's options the way MediaWiki's image parameter parser does.

    ``options`` are the option parts (read through ``str()``); the ``caption`` is the last one
    that is not a valid option, returned as given (so a node stays that node).  See
    :func:`wikiparse.query.interpret_file_options` for the keys.  ``head`` gives the start of
    an option's text (see :func:`could_be_option`): an option ruled out by its head is not
    read whole, so a caption holding nested file links is not re-serialised at every level.
    """
    out = _empty_file_options()
    media = target.strip().rsplit(".", 1)[-1].lower() in _MEDIA_EXTENSIONS
    for option in options:
        if head is not None and not could_be_option(head(option)):
            out["caption"] = option
            continue
        text = str(option)
        if not _apply_option(out, text) and not (media and _apply_media_option(out, text)):
            out["caption"] = option
    return out
