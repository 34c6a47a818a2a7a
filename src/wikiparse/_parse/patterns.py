"""Every compiled pattern the passes use, built once per config.

What the patterns match depends on the wiki (its extension tags, URL protocols, HTML tags,
link-trail letters, redirect words), so they are compiled once per
:class:`~wikiparse.config.ParserConfig` and kept in the config's ``derived`` dict: they live
exactly as long as the config, and a second config never evicts the first.
"""

from __future__ import annotations

import html.entities
import re

import regex

from .._mw import PHP_WHITESPACE
from ..config import ParserConfig
from .preprocessor_syntax import INCLUSION, ONLYINCLUDE_CLOSE, PAGE_VIEW, TAG_NAME_END

#: The full-width low line, which starts behaviour switches on some wikis (``＿＿目次非表示＿＿``).
WIDE_UNDERSCORE = "＿"

#: The Unicode space separators (\p{Zs}), for `re` patterns.
_ZS = "\u0020\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"

_VALID_ENTITY_NAMES = frozenset(
    name[:-1] for name in html.entities.html5 if name.endswith(";")
)


#: What each preprocessor frame adds to the openings of its view: the top level, inside
#: ``{{``/``{{{``, inside ``[[``, on a heading line inside braces (``\n=`` opens one; it hides
#: closers and pipes until its newline, as MediaWiki's heading piece does; inside ``[[`` it
#: would too, but there MediaWiki's link pass, which runs on the text later, still finds the
#: link), inside ``-{`` (only its ``}-`` closes: ``}}``, ``]]`` and ``|`` are its text) and
#: ``-{`` inside a link's label (``]]`` ends the link anyway: MediaWiki finds links after the
#: preprocessor, at the first ``]]``).
_FRAME_CLOSERS = ("", r"|\}\}+|\||=|\n=", r"|\]\]+|\|", r"|\n", r"|\}-", r"|\}-|\]\]+")


def _frame_patterns(opening: str, flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
    """The token pattern of each frame (in ``_FRAME_CLOSERS``' order) for one view's
    openings.  `re` is measurably faster than `regex` for these non-capturing alternations."""
    return tuple(re.compile(opening + closers, flags) for closers in _FRAME_CLOSERS)



def may_hold_construct(texts: str) -> bool:
    """Can ``texts`` hold a construct the inline scan finds (an entity, tag, switch,
    signature or magic link)?  The colon, which ``inline.url_colon`` judges, and the ``＿``
    are tested apart by the callers.  Written as ``in`` tests, commonest first: each is a C
    scan that, in the usual Latin-1 text, runs at memory speed, where a pattern's engine
    stops at every capital ``I``, ``R`` and ``P`` (three times slower on the sample's prose
    lines)."""
    return (
        "&" in texts or "<" in texts or "_" in texts or "~" in texts
        or "ISBN" in texts or "RFC" in texts or "PMID" in texts
    )


class Patterns:
    """Every compiled pattern one config needs; built once per config (see :func:`patterns`)."""

    def __init__(self, config: ParserConfig) -> None:
        protocols = "|".join(re.escape(p) for p in config.url_protocols)
        self._preprocessor(config, protocols)
        self._inline(config, protocols)
        self._lines(config)

    def _preprocessor(self, config: ParserConfig, protocols: str) -> None:
        """The preprocessor's token scans, and the link checks."""
        ext = "|".join(sorted((re.escape(t) for t in config.extension_tags), key=len, reverse=True))
        #: A link target (fullmatch) that is an ordinary title as it stands: something not
        #: white space, first not a ``.`` (a relative title starts with one), and no
        #: forbidden character, colon, ``/``, ``%`` or ``&``.  ``links.plain_link``'s shortcut.
        ordinary_title = r"\s*+[^<>\[\]{}|\x00-\x1f\x7f:/%&\s.][^<>\[\]{}|\x00-\x1f\x7f:/%&]*+"
        self.ordinary_title = re.compile(ordinary_title)
        #: Does every protocol hold a ``:`` or a ``/`` (characters without case variants)?
        #: Then text holding neither starts no URL, and most link titles skip the
        #: ``url_start`` match (an alternation of every protocol, in any letter case).
        self.url_marked = all(":" in p or "/" in p for p in config.url_protocols)
        #: The rest of an ordinary link after its ``[[`` (``links.ordinary_link``): an ordinary
        #: title (group 1) and at most one label (group 2) of the characters of ``simple_link``
        #: and no pipe, not empty (``[[a|]]`` is the pipe trick), then exactly two ``]``.  Only
        #: where every protocol holds a ``:`` or ``/`` (else no title is ordinary by its look).
        def ordinary_link_rest(group: str) -> str:
            return (
                r"(?-i:" + group + ordinary_title + r")(?:\|" + group + r"[^\[\]{}<\n|]++))?\]\](?!\]))"
                if self.url_marked else "(?!)"
            )
        ordinary_link = ordinary_link_rest("(")
        #: A whole ordinary link (groups as in ``scan_page``): found in a flat template.
        self.ordinary_link = re.compile(r"\[\[" + ordinary_link)
        #: The rest of a whole ``{{name|part|...}}`` after its ``{{`` with nothing inside that
        #: a brace frame's scan stops at but its pipes, its first ``=`` per part and ordinary
        #: links in its values: no brace, ``<`` or other bracket, a newline never before ``=``
        #: and never in a parameter name, no colon in the name (no parser function), then
        #: exactly two ``}``.  The preprocessor's fast path for the commonest template (most
        #: citations), read at once instead of token by token (see ``braces.flat_template``).
        #: Possessive repeats: each character has one way to match, so a failed match costs
        #: its length.
        name_char = r"[^{}\[\]|<\n:]"
        part_char = r"[^{}\[\]|<\n]"
        key_char = r"[^{}\[\]|<\n=]"
        link = r"\[\[" + ordinary_link_rest("(?:")
        flat_body = (
            name_char + r"*+(?:\n(?!=)" + name_char + r"*+)*+"
            r"(?:\|" + key_char + r"*+(?:=(?:" + part_char + r"++|\n(?!=)|" + link + r")*+"
            r"|(?:" + key_char + r"++|\n(?!=)|" + link + r")*+))*+\}\}(?!\})"
        )
        self.flat_template = re.compile(flat_body)
        flat_body = "(?-i:(" + flat_body + "))"
        def opening(markers: frozenset[str], braces: bool = True, whole: bool = False) -> str:
            # The closing tags of the mode's markers (see .preprocessor_syntax); in inclusion
            # mode also the exact ``</onlyinclude>`` that ends an included section.  ``whole``:
            # an ordinary link and a flat template are one token each (see ``scan_page``).
            closing = "|".join(sorted(markers))
            brace = (r"|\{\{(?:" + flat_body + r"|\{*)" if whole else r"|\{\{+") if braces else ""
            link = r"|\[\[(?:" + ordinary_link + r"|\[*)" if whole else r"|\[\[+"
            only = "" if "onlyinclude" in markers else "|(?-i:" + re.escape(ONLYINCLUDE_CLOSE) + ")"
            # ``-{`` opens a language-converter block on every wiki, as in MediaWiki's
            # preprocessor (its pipes are its own); ``-{{`` is a ``-`` before a brace run:
            # the rightmost opening wins.  (Links before braces: the groups of ``whole`` are
            # numbered alike in every view.)
            # (``whole``: compiled case-sensitive, tag names in any letter case; 15% faster.)
            case = "(?i:" if whole else "(?:"
            return (
                r"<!--|<" + case + ext + r")(?=" + TAG_NAME_END + r")|</" + case + closing + r")(?=" + TAG_NAME_END
                + r")[^>]*>" + only + link + brace + r"|-\{(?!\{)"
            )

        #: Bracket-layer tokens of each view, in ``_FRAME_CLOSERS``' order (see
        #: ``_frame_patterns`` for what each frame adds): the page as viewed, inclusion mode (a
        #: template's body as transcluded, whose closing markers are ``</includeonly>`` and
        #: ``</onlyinclude>``), and braces off (``parse(..., braces=False)``, text already
        #: expanded: no ``{{`` opens a frame).  An ordinary link (``[[Target]]``,
        #: ``[[Target|label]]``: groups 1 and 2) and a flat template (``{{cite web|url=...}}``:
        #: group 3, from its name to its ``}}``) are matched whole, as one token: the parser's
        #: scans (``preprocessor.brackets``), which build each at once (``links.ordinary_link``,
        #: ``braces.flat_template``) without a second match.
        self.scan_page = _frame_patterns(opening(PAGE_VIEW.markers, whole=True), 0)
        self.scan_inclusion = _frame_patterns(opening(INCLUSION.markers, whole=True), 0)
        self.scan_plain = _frame_patterns(opening(PAGE_VIEW.markers, braces=False, whole=True), 0)
        #: The page view's tokens with every ``[[`` and ``{{`` run a token of its own (the
        #: scan of ``render._part_cuts``, which follows the preprocessor without building).
        (
            self.bracket_top,
            _,
            self.bracket_link_frame,
            self.bracket_heading,
            self.bracket_lang_frame,
            self.bracket_lang_in_link,
        ) = _frame_patterns(opening(PAGE_VIEW.markers))
        #: The rest of a plain ``[[...]]``: no bracket, brace, ``<`` or newline inside (pipes
        #: allowed), then exactly two ``]``.  The preprocessor's fast path for the common link.
        self.simple_link = re.compile(r"[^\[\]{}<\n]*\]\](?!\])")
        #: A template part after its pipe, ``name=value``, running to the next ``|`` or ``}}``
        #: with nothing inside that a brace frame's scan stops at (no brace, bracket, ``<``,
        #: pipe; a newline only in the value and never before ``=``): the preprocessor's
        #: fast path for the commonest part.  Group 1: the name.
        self.simple_part = re.compile(r"([^{}\[\]|<=\n]*)=[^{}\[\]|<\n]*(?:\n(?!=)[^{}\[\]|<\n]*)*(?=\||\}\})")
        #: Can this text hold a bracketed external link (see ``parse_for_rendering``)?
        self.bracket_url = re.compile(r"\[(?:" + protocols + ")", re.IGNORECASE)
        self.url_start = re.compile("(?:" + protocols + ")", re.IGNORECASE)
        self.invalid_title = re.compile(r"[<>\[\]{}|\n\x00-\x1f\x7f]")
        self.interlanguage = config.interlanguage_prefixes
        self.interwiki = config.interwiki_prefixes

    def _inline(self, config: ParserConfig, protocols: str) -> None:
        """The inline pass's scans: external links, text constructs, HTML tags."""
        free_protocols = "|".join(re.escape(p) for p in config.url_protocols if p != "//")
        # `re` (not `regex`): these scan every text run, and `re` is faster on them; \p{Zs}
        # is spelled out as its code points.
        url_class = r"[^\]\[<>\"'\x00-\x20\x7F" + _ZS + r"\uFFFD]"
        #: A URL's characters (the class, and lone ``'``), unrolled (runs of the class, each
        #: lone ``'`` then a run) for a repeat with more pattern after it: the matches and
        #: groups of ``(?:class|'(?!'))*`` without a repeat state per character (twice as
        #: fast on a bracketed link's URL).  Atomic: characters the URL gave back could not
        #: make the rest match (each is a label character too, so a shorter URL leaves the
        #: label the same text to cross), and trying every shorter URL made a long unclosed
        #: ``[http://…`` quadratic.
        url_chars = r"(?>" + url_class + r"*(?:'(?!')" + url_class + r"*)*)"
        #: The URL's characters for a repeat that ends its pattern (nothing after it to give characters
        #: back to): runs of the class at once, four times faster than a character at a time.
        url_run = r"(?:[^\]\[<>\"'\x00-\x20\x7F" + _ZS + r"\uFFFD]+|'(?!'))"
        ipv6 = r"(?:\[[0-9A-Fa-f:.]+\])?"
        self.bracket_link = re.compile(
            r"\[((?i:" + protocols + r")" + ipv6 + url_chars + r")([" + _ZS + r"]*)([^\]\x00-\x08\x0a-\x1F\uFFFD]*?)\]"
        )
        self.bracket_link_open = re.compile(
            r"\[((?i:" + protocols + r")" + ipv6 + url_chars + r")([" + _ZS + r"]*)([^\]\x00-\x08\x0a-\x1F\uFFFD]*)\Z"
        )
        html_names = "|".join(sorted(config.html_tags, key=len, reverse=True))
        space = r"(?:[ \t]|&nbsp;|&\#0*160;|&\#[Xx]0*[Aa]0;|[" + _ZS + r"])+"
        switches = switch_words(config)
        #: Behaviour switches as this wiki spells them (every alternative starts with ``_`` or
        #: a full-width ``＿``), and the English name of each spelling, upper-cased.
        self.switch = re.compile(switch_alternation(switches))
        self.switch_names = {
            spelling.upper(): name for spelling, (name, _case) in switches.items()
        }
        # Constructs inside plain text.  Every alternative starts with a fixed character
        # (``&``, ``_``, ``~``, ``I``, ``R``, ``P``; the word-boundary tests come after it), so
        # the scan jumps from candidate to candidate instead of trying each position: this is
        # fifty times faster than a look-behind or ``\b`` in front.  The kind of a match is
        # its first character (see ``inline_kind``).  A behaviour switch is only a candidate
        # here (``__``); ``switch`` is matched at it (a case-insensitive alternation of every
        # spelling inside this one would cost the whole scan its fast skipping).
        constructs = (
            r"&(?:[A-Za-z][A-Za-z0-9]*|\#[0-9]+|\#[xX][0-9a-fA-F]+);"
            r"|_(?=_)|~~~~?~?"
            r"|I(?<!\wI)SBN" + space + r"(?:97[89][\ \-]?)?(?:[0-9][\ \-]?){9}[0-9Xx]\b"
            r"|R(?<!\wR)FC" + space + r"[0-9]+\b"
            r"|P(?<!\wP)MID" + space + r"[0-9]+\b"
        )
        #: ``inline`` for a text without a full-width ``＿`` (:data:`WIDE_UNDERSCORE`: almost
        #: every text), and with it.  A character outside Latin-1 in a pattern's first
        #: characters slows the engine's skipping through Latin-1 text by half, so the
        #: patterns here leave it out and their users test ``WIDE_UNDERSCORE in text`` apart
        #: (a C search that, in a Latin-1 string, is over at once).
        self.inline = re.compile(constructs)
        self.inline_wide = re.compile(constructs + r"|＿(?=＿)")
        #: A bare URL from its first character; found from the colon of its protocol (every
        #: free protocol has one), which is much rarer in text than a letter.
        self.free_url = re.compile(
            r"(?i:" + free_protocols + r")(?:\[[0-9A-Fa-f:.]+\]" + url_run + r"*|" + url_run + r"+)"
        )
        #: The protocols' words before their colon, lower-cased (``http``, ``mailto``): an
        #: ASCII word before a colon that is none of these starts no bare URL, told without
        #: ``free_url``'s case-insensitive alternation.  (A word with other letters, which may
        #: match ASCII ones case-insensitively, ``ſ`` or ``K``, is left to ``free_url``.)  None
        #: when a protocol has no colon (then the word before a colon says nothing).
        self.protocol_words: frozenset[str] | None = (
            frozenset(p[: p.index(":")].lower() for p in config.url_protocols if p != "//")
            if all(":" in p for p in config.url_protocols if p != "//")
            else None
        )
        #: The same words as a tuple for ``str.endswith`` (``inline.url_colon``): an ASCII
        #: word before a colon that ends with none of them starts no bare URL, nor does any
        #: end of it that a cut (a link trail) leaves.
        self.protocol_ends: tuple[str, ...] | None = (
            tuple(sorted(self.protocol_words)) if self.protocol_words is not None else None
        )
        #: The word before a colon (a protocol name is the whole word), and what may not
        #: precede a bare URL.
        self.word_before = re.compile(r"\w+\Z")
        self.word_or_slash = re.compile(r"[\w/]")
        #: The URL characters that continue a bare URL after a template inside it.
        self.url_tail = re.compile(url_run + "+")
        #: HTML tags, read before anything else on a line (MediaWiki's sanitizer runs before
        #: links and apostrophes, so ``<span title="[x]">`` is one tag).
        self.html_tag = re.compile(r"</?(?i:" + html_names + r")(?:[\s/][^<>]*)?>")
        #: An opening tag whose attributes run on past this text piece (into a template...).
        self.html_open_tail = re.compile(r"<(?i:" + html_names + r")[\s/][^<>]*\Z")
        #: Cheap test: can a merged container's texts hold anything for the inline pass
        #: (``state.inert``)?  One class of first characters with the rest checked behind it
        #: (``I`` then ``SBN``...): the engine then skips through the text with the class
        #: alone, twice as fast as the alternation ``[<&_~:]|I(?=SBN)|...`` it stands for
        #: (capital I, R and P are common, and there each alternative was tried in turn).  A
        #: newline counts only before ``=`` (a heading line); a ``＿`` is tested apart.  Long
        #: texts ask :func:`may_hold_construct` instead.
        self.inert_hint = re.compile(
            r"[\n\[<&_~:'IRP](?:(?<=I)SBN|(?<=R)FC|(?<=P)MID|(?<=')'|(?<=\n)=|(?<=[\[<&_~:]))"
        )
        #: The same, but a colon only before ``//`` (the usual URL): ``braces.flat_template``'s
        #: search ahead over its values, which asks ``inline.url_colon`` of a value holding
        #: another colon (a protocol's word may end there; mostly not: a book's subtitle), and
        #: the test of an ordinary link's label (``links``), where no bare URL is made.
        self.value_hint = re.compile(
            r"[\n\[<&_~:'IRP](?:(?<=I)SBN|(?<=R)FC|(?<=P)MID|(?<=')'|(?<=\n)=|(?<=:)//|(?<=[\[<&_~]))"
        )
        self.html_tag_parts = re.compile(r"<(/?)([A-Za-z0-9]+)(.*?)(/?)>\Z", re.DOTALL)
        # Where a class cannot say it (Catalan's and Karakalpak's ``'`` not followed by
        # another ``'``), the config carries the whole pattern.
        self.link_trail = _trail_pattern(config.link_trail_pattern or "[" + config.link_trail + "]+")
        #: The link prefix (``linkprefixcharset``), matched backwards from the end of the text
        #: before ``[[`` so that a long word costs its own length only; None on most wikis.
        self.link_prefix = (
            regex.compile("[" + config.link_prefix + "]+", regex.REVERSE) if config.link_prefix else None
        )
        #: Where a free URL ends inside it: entities for <, > and no-break spaces.
        self.url_entity_end = re.compile(r"&(?:lt|gt|nbsp|#[xX]0*(?:3[CcEe]|[Aa]0)|#0*(?:60|62|160));")
        self.apostrophes = re.compile(r"''+")

    def _lines(self, config: ParserConfig) -> None:
        """Line structure: redirects, headings, lists, tables, block tags.

        A redirect may follow only what PHP's ``ltrim`` strips (MediaWiki trims the page so
        before it looks for the word), not every Unicode space."""
        self.redirect = re.compile(
            "[" + re.escape(PHP_WHITESPACE) + "]*(?:" + "|".join(re.escape(w) for w in config.redirect_words) + r")(?=[\s:\[]|\Z)",
            re.IGNORECASE,
        )
        self.redirect_gap = re.compile(r"[ \t\n]*:?[ \t\n]*\Z")
        self.list_prefix = re.compile(r"[*#:;]+")
        self.hr = re.compile(r"-{4,}")
        self.table_start = re.compile(r"(:*[ \t]*)\{\|")
        self.table_line = re.compile(r"[ \t]*(\|\}|\|\+|\|-+|\||!)")
        # MediaWiki's doBlockLevels tests, as it spells them.
        self.block_open = re.compile(
            r"(?:<table|<h1|<h2|<h3|<h4|<h5|<h6|<pre|<tr|<p|<ul|<ol|<dl|<li|</tr|</td|</th)\b",
            re.IGNORECASE,
        )
        self.block_close = re.compile(
            r"(?:</table|</h1|</h2|</h3|</h4|</h5|</h6|<td|<th|</?blockquote|</?div|<hr|</pre"
            r"|</p|</li|</ul|</ol|</dl|</?center)\b",
            re.IGNORECASE,
        )
        self.blockquote = re.compile(r"<(/?)blockquote[\s>]", re.IGNORECASE)
        self.colon_scan = re.compile(r"[:\[\]<>]")


#: English behaviour switches MediaWiki matches case-sensitively (``__noindex__`` is text).
_CASE_SENSITIVE_SWITCHES = frozenset(
    "NOINDEX INDEX NEWSECTIONLINK NONEWSECTIONLINK HIDDENCAT STATICREDIRECT EXPECTUNUSEDCATEGORY".split()
)


def _is_switch_spelling(alias: str) -> bool:
    return len(alias) > 4 and (
        (alias.startswith("__") and alias.endswith("__"))
        or (alias.startswith("＿＿") and alias.endswith("＿＿"))
    )


def switch_words(config: ParserConfig) -> dict[str, tuple[str, bool]]:
    """Every spelling of a behaviour switch on this wiki, underscores included
    (``__KEIN_INHALTSVERZEICHNIS__``, ``＿＿目次非表示＿＿``) -> (English name upper-cased,
    case-sensitive?).

    From the config's magic words where it has them (a preset or an API siteinfo: each word
    with its own case rule, as MediaWiki's MagicWordArray matches them), and from
    ``behavior_switches`` for any name they do not cover (English MediaWiki's case rules).
    """
    known = config.behavior_switches
    out: dict[str, tuple[str, bool]] = {}
    for name, (case_sensitive, aliases) in config.magic_words.items():
        spellings = [a for a in aliases if _is_switch_spelling(a)]
        if spellings and (
            name.upper() in known or any(a[2:-2].upper() in known for a in spellings)
        ):
            for alias in spellings:
                out.setdefault(alias, (name.upper(), case_sensitive))
    covered = {alias[2:-2].upper() for alias in out}
    for name in known:
        if name not in covered:
            out[f"__{name}__"] = (name, name in _CASE_SENSITIVE_SWITCHES)
    return out


def switch_alternation(words: dict[str, tuple[str, bool]]) -> str:
    """One alternation of the spellings: case-insensitive ones in a ``(?i:…)`` group, longest
    first (so a spelling never loses to a shorter one it starts with)."""
    groups: list[str] = []
    for sensitive in (False, True):
        spellings = sorted((a for a, (_n, c) in words.items() if c is sensitive), key=lambda a: (-len(a), a))
        if spellings:
            alt = "|".join(re.escape(a) for a in spellings)
            groups.append(alt if sensitive else "(?i:" + alt + ")")
    return "|".join(groups) if groups else "(?!)"


def _trail_pattern(pattern: str) -> re.Pattern[str] | regex.Pattern[str]:
    """The link trail compiled with `re` where it can (`regex` reads the empty class
    ``[^\\s\\S]`` of zhwiki, which has no trail, as "any character"), with `regex` for
    classes only it knows (``\\p{L}``)."""
    try:
        return re.compile(pattern)
    except re.error:
        return regex.compile(pattern)


def patterns(config: ParserConfig) -> Patterns:
    """The compiled patterns for ``config``, compiled on first use and kept on the config."""
    pats = config.derived.get("patterns")
    if pats is None:
        pats = config.derived["patterns"] = Patterns(config)
    assert isinstance(pats, Patterns)
    return pats


def is_valid_entity(raw: str) -> bool:
    """Named references must be real HTML5 names; numeric ones are always references."""
    return raw[1] == "#" or raw[1:-1] in _VALID_ENTITY_NAMES
