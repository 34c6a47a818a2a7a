"""File options in the wiki's own words: ``[[Datei:X.jpg|mini|hochkant=1.3|links|Text]]``.

MediaWiki reads a file link's options with the wiki's ``img_*`` magic words, each with its
local synonyms (``mini`` and ``miniatur`` for ``thumb`` on dewiki, ``$1пкс`` for ``$1px`` on
ruwiki).  :meth:`wikiparse.nodes.FileLink.interpret` knows the English words;
:func:`interpret_file_options` here first rewrites each option that is a local synonym into
its English spelling, then lets that method decide, so both agree on everything else (value
checks, the first format winning, the last non-option being the caption).

It reads ``FileLink`` nodes, so it lives beside :mod:`wikiparse.query` (which offers it as
``interpret_file_options(link, config)``), above the node layer; the words come from the
config's magic words.
"""

from __future__ import annotations

from typing import Any

from . import _mw
from .config import ParserConfig
from .nodes import FileLink, Text, Wikicode, wikitext_head

__all__ = ["FileOptionWords", "canonical_option", "interpret_file_options"]

#: Magic word -> the English option :mod:`wikiparse.query` reads (``$1`` is the value).
_ENGLISH: dict[str, str] = {
    "img_thumbnail": "thumb",
    "img_manualthumb": "thumb=$1",
    "img_framed": "frame",
    "img_frameless": "frameless",
    "img_upright": "upright=$1",
    "img_border": "border",
    "img_left": "left",
    "img_right": "right",
    "img_center": "center",
    "img_none": "none",
    "img_baseline": "baseline",
    "img_sub": "sub",
    "img_super": "super",
    "img_top": "top",
    "img_text_top": "text-top",
    "img_middle": "middle",
    "img_bottom": "bottom",
    "img_text_bottom": "text-bottom",
    "img_width": "$1px",
    "img_alt": "alt=$1",
    "img_link": "link=$1",
    "img_page": "page=$1",
    "img_class": "class=$1",
    "img_lang": "lang=$1",
    "timedmedia_thumbtime": "thumbtime=$1",
    "timedmedia_starttime": "start=$1",
    "timedmedia_endtime": "end=$1",
    "timedmedia_disablecontrols": "disablecontrols=$1",
    "timedmedia_loop": "loop",
    "timedmedia_muted": "muted",
}


class FileOptionWords:
    """The local option words of one config, ready to match (built once per config)."""

    __slots__ = ("exact", "exact_folded", "head_chars", "starts", "value_first", "with_value")

    def __init__(self, config: ParserConfig) -> None:
        #: Option words without a value: local word -> English word.
        self.exact: dict[str, str] = {}
        self.exact_folded: dict[str, str] = {}
        #: ``(prefix, suffix, case_sensitive, English template)``, longest fixed part first.
        self.with_value: list[tuple[str, str, bool, str]] = []
        for name, english in _ENGLISH.items():
            case_sensitive, aliases = config.magic_words.get(name, (True, ()))
            for alias in aliases:
                if "$1" in alias:
                    prefix, _, suffix = alias.partition("$1")
                    self.with_value.append((prefix, suffix, case_sensitive, english))
                else:
                    word = "upright" if name == "img_upright" else english
                    if case_sensitive:
                        self.exact.setdefault(alias, word)
                    else:
                        self.exact_folded.setdefault(alias.lower(), word)
        self.with_value.sort(key=lambda entry: -len(entry[0]) - len(entry[1]))
        #: How every local word (lower-cased) begins, for :meth:`could_rewrite`.
        self.starts = tuple(
            {w.lower() for w in (*self.exact, *self.exact_folded)}
            | {prefix.lower() for prefix, _, _, _ in self.with_value if prefix}
        )
        #: Words written value first (``$1пкс``): None if there are none, True if each gives
        #: an English option that also starts with the value, False if one does not.
        firsts = [english for prefix, _, _, english in self.with_value if not prefix]
        self.value_first = all(e.startswith("$1") for e in firsts) if firsts else None
        #: How much of an option's text (past its leading whitespace) :meth:`could_rewrite`
        #: needs: the longest start and some slack for case folding.
        self.head_chars = max([_mw.OPTION_HEAD_CHARS, *(len(w) + 8 for w in self.starts)])

    def could_rewrite(self, head: str) -> bool:
        """False when an option whose text starts with ``head`` (its leading whitespace and
        then :attr:`head_chars` characters, or all of it) cannot be a local option word, or is
        one whose English form is no valid option anyway: then :meth:`canonical` need not see
        the whole text (a caption can hold every file link nested in it)."""
        if self.value_first is False:
            return True
        probe = head.lstrip().lower()
        if probe.startswith(self.starts):
            return True
        # "$1пкс" gives "$1px": a valid option only where the value could start one.
        return self.value_first is True and _mw.could_be_option(head)

    def canonical(self, text: str) -> str:
        """The English spelling of option ``text`` (trimmed), or ``text`` if it is no option
        word of this wiki."""
        part = text.strip()
        word = self.exact.get(part)
        if word is None and self.exact_folded:
            word = self.exact_folded.get(part.lower())
        if word is not None:
            return word
        for prefix, suffix, case_sensitive, english in self.with_value:
            probe = part if case_sensitive else part.lower()
            if case_sensitive:
                hit = probe.startswith(prefix) and probe.endswith(suffix)
            else:
                hit = probe.startswith(prefix.lower()) and probe.endswith(suffix.lower())
            if hit and len(part) >= len(prefix) + len(suffix):
                return english.replace("$1", part[len(prefix) : len(part) - len(suffix)])
        return text


def _words(config: ParserConfig) -> FileOptionWords:
    """The config's option words, built once and kept on the config (no global state)."""
    words = config.derived.get("file_option_words")
    if not isinstance(words, FileOptionWords):
        words = config.derived["file_option_words"] = FileOptionWords(config)
    return words


def canonical_option(text: str, config: ParserConfig | None) -> str:
    """``"hochkant=1.3"`` -> ``"upright=1.3"`` on dewiki; unchanged with no local words."""
    if config is None or not config.magic_words:
        return text
    return _words(config).canonical(text)


def interpret_file_options(link: FileLink, config: ParserConfig | None) -> dict[str, Any]:
    """:meth:`FileLink.interpret <wikiparse.nodes.FileLink.interpret>` for a file link written
    on the wiki of ``config`` (local option words understood); the caption is still the link's
    own node."""
    if config is None or not config.magic_words:
        return link.interpret()
    words = _words(config)
    options: list[Wikicode] = []
    original: dict[int, Wikicode] = {}
    for option in link.options:
        if not words.could_rewrite(wikitext_head(option, words.head_chars)):
            options.append(option)
            continue
        text = str(option)
        english = words.canonical(text)
        if english == text:
            options.append(option)
        else:
            stand_in = Wikicode(nodes=[Text(value=english)])
            original[id(stand_in)] = option
            options.append(stand_in)
    if not original:
        return link.interpret()
    out = FileLink(target=link.target, options=options).interpret()
    caption = out["caption"]
    if caption is not None and id(caption) in original:
        out["caption"] = original[id(caption)]
    return out
