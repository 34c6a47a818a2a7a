"""Plain prose without the parser: the paragraphs of a page that ``to_text`` can read directly.

Most of an article's bytes are paragraphs of words with links, bold and italics, references and
a few templates, all of which plain text either shows as written (words, link labels) or drops
(references, templates without a handler).  Building the tree for them (a paragraph, its text
runs, each link's target and label containers, each reference) costs most of ``to_text``; this
module reads such paragraphs with one regular-expression scan per token (or per stretch of
easy tokens: words, apostrophe runs, plain links, dropped references, see ``_EASY`` and
``_EASY_GAPS``) and hands the text renderer the very pieces its walk over the tree would have
put in its buffer.

The page is cut into runs of *prose* (paragraphs this scanner accepts in full) and the *rest*
(parsed as before, each rest part on its own, as :func:`~.base.page_parts` parses parts).  The
cuts are only where the two readings agree:

* a prose run starts at the start of the page, after a blank line, or after a heading line
  that is a whole heading on its own; it ends at the end of the page, at a blank line, or
  before such a heading line; a white line (spaces and tabs only) between or before its
  blocks is a blank line (MediaWiki's block pass trims it to nothing; only after a
  preformatted line, which the reader never reads, does it mean more);
* a run is paragraphs (a line may start with a math tag, a reference, an extension tag that
  plain text drops, or a comment closed on its line with a word after it), headings with
  plain titles, bullet, numbered, indented or definition lists (``*``, ``#``, ``:``, and
  ``;`` terms without a colon on their line) and tables
  (skipped when plain text drops them, read as rows with ``tables=True``:
  ``_text_prose_tables``); a list or table may follow a paragraph line directly and the
  other way round, lines of comments alone vanish, and a line of transclusion markers alone
  (``<noinclude>``, ``</onlyinclude>``, ``<includeonly>x</includeonly>``) is a blank line;
* every line of a prose run is made only of what ``ProseScanner.line`` knows exactly (anything
  else, even a valid construct, rejects the whole paragraph or list);
* the rest part before a prose run must be *closed* (``base._closed``: no frame, tag,
  comment or table left open, no diagnostic), or the prose run joins the rest and is parsed;
* a rest part after a prose run starts with a line break (so it is no redirect: MediaWiki's
  has none before it); a numbered list at the very start of the page is left to the parser.

Constructs that the scanner accepts but cannot decide alone (a template that a user's
handler may expand or whose arguments nest, a reference whose body holds a numbered link,
which MediaWiki numbers) are parsed on their own and walked by the renderer, which is what
the whole parse gives for them: their insides do not depend on what is around them.  A
template with plain arguments (no line inside starting with ``=``) that a built-in handler
expands is expanded here
(:class:`ProseExpansion`, read as prose itself when it can be); a table that plain text drops
is skipped where the parser would end it (:meth:`ProseScanner.table`).
``tests/test_text_prose.py`` checks that ``to_text`` with and without this path agree, on
real pages, edge cases and generated wikitext.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
from collections.abc import Iterator, Mapping

from .._parse import drain
from .._parse.patterns import is_valid_entity
from .._parse.preprocessor import brackets
from .._parse.preprocessor_syntax import TRANSCLUSION_TAGS, close_tag, self_closed, tag_open_end
from .._parse.state import INLINE, ParseState, new_wikicode
from ..config import DEFAULT_CONFIG, ParserConfig
from ..nodes import (
    Argument,
    CategoryLink,
    Document,
    ExtensionTag,
    ExternalLink,
    FileLink,
    InterlanguageLink,
    ListItem,
    MagicVariable,
    Node,
    ParserFunction,
    Template,
    Wikicode,
    Wikilink,
)
from ._templates import (
    BUILTIN_TEMPLATES,
    MARKUP_CHARS,
    TemplateHandler,
    call_plain_builtin,
    lookup_key,
    may_expand_in_text,
    plain_builtin,
)
from ._text_prose_tables import ProseTableRows, read_table
from .base import PART_CHARS, _closed, _cut_candidates, _next_cut, _parse_part, _whole_heading
from .options import TextOptions

__all__ = [
    "ProseExpansion",
    "ProseHeading",
    "ProseList",
    "ProseRun",
    "ProseScanner",
    "ProseTable",
    "numbered_link_pattern",
    "prose_parts",
]

#: Marks where dropped markup stood (the text renderer's ``_GAP``).
GAP = "\x01"

#: Characters a run of plain words may hold: everything but the starts of markup, line
#: breaks and C0 controls.  ``:`` is allowed (a bare URL is looked for separately).
_PLAIN = re.compile(r"[^\[\]{}<&'\n_~|＿\x00-\x08\x0b-\x1f\x7f]+")
_QUOTES = re.compile(r"'+")
#: The letters ending a text (a numeral too: ``\w`` but digits and ``_``).
_TAIL_LETTERS = re.compile(r"[^\W\d_]*\Z")
#: How many italic and bold toggles a run of apostrophes makes, by its length (a single one
#: is text; 4 and 6 or more need the apostrophe pass's rules, which the parser applies).
_QUOTE_TOGGLES: dict[int, tuple[int, int]] = {1: (0, 0), 2: (1, 0), 3: (0, 1), 5: (1, 1)}


def apostrophes(text: str, pos: int) -> tuple[int, int, int]:
    """The end of the apostrophe run at ``pos`` and the italic and bold toggles it makes
    (a run of one is a literal apostrophe, no toggle); ``(-1, 0, 0)`` for a run whose
    reading needs the whole line (the parser's apostrophe pass decides those)."""
    m = _QUOTES.match(text, pos)
    assert m is not None
    end = m.end()
    toggles = _QUOTE_TOGGLES.get(end - pos)
    if toggles is None:
        return -1, 0, 0
    return end, toggles[0], toggles[1]
#: The characters ``_PLAIN`` does not start with (tested before trying it).
_NOT_PLAIN = frozenset("[]{}<&'\n_~|＿" + "".join(map(chr, [*range(0x09), *range(0x0B, 0x20), 0x7F])))
#: ``[[target]]`` / ``[[target|label]]`` with a main-namespace target (no ``:``) that is a
#: valid title as written (no escapes, no relative path: no ``.`` or ``/`` first), and a
#: label without markup (apostrophes only one at a time).
_LINK = re.compile(
    r"\[\[([^\[\]{}|<>&%:/~'_\n\x00-\x1f\x7f.#][^\[\]{}|<>&%:~'\n\x00-\x1f\x7f]*(?:'(?!')[^\[\]{}|<>&%:~'\n\x00-\x1f\x7f]*)*)"
    r"(?:\|((?:[^\[\]{}|<>&'~_\n\x00-\x1f\x7f]|'(?!')|_(?!_))+))?\]\](?!\])"
)
#: A template with no braces or tags inside, no brackets but links in its arguments that
#: hold no ``|`` or ``=`` (so that each ``|`` starts a part and the first ``=`` in one names
#: it, as around them), and no line starting with ``=`` (which may open a heading line inside
#: it: the preprocessor then splits its parts otherwise).  Possessive: each run stops at a
#: character that only what follows it may take, so giving one back never helps, and a
#: template that is not one of these (an infobox) fails without going back over its text.
_TEMPLATE = re.compile(
    r"\{\{(?!\{)([^{}\[\]<>|\n]*+(?:\n(?!=)[^{}\[\]<>|\n]*+)*+)"
    r"((?:\|[^{}\[\]<>\n]*+(?:(?:\n(?!=)|\[\[[^\[\]{}|<>=\n]*+\]\](?!\]))[^{}\[\]<>\n]*+)*+)?+)\}\}(?!\})"
)
#: What :meth:`ProseScanner.template_kind` tells of a template's name.
_DROPPED, _HANDLED, _PARSED = 0, 1, 2
#: A plain template name (nothing a title would normalise: no ``& % # : <``).
_PLAIN_NAME = re.compile(r"\s*\w[\w\s.,()'\-]*")
#: Where a template's name ends.
_NAME_END = re.compile(r"[|{}\[\]<]")
#: What nests inside a template or link: a template or link with nothing nested in it (passed
#: over whole: it opens and closes), bracket runs, tags and comments, ``-{``.  (Every branch
#: starts with a literal character, ``\{\{*`` rather than ``\{+``: the engine then knows the
#: characters a match starts with and ``search`` passes the others in a tight loop instead of
#: trying the pattern at each, half the cost of a leading lookahead of them.)
_NESTING = re.compile(
    r"\{\{[^{}\[\]<]*\}\}(?!\})|\[\[[^{}\[\]<]*\]\](?!\])|\{\{*|\}\}*|\[\[*|\]\]*|<|-\{"
)
#: A namespaced link target (``File:a.png``, ``Category:B``, ``fr:C``) that is a valid title.
_NS_TARGET = re.compile(r"[^\[\]{}|<>&%:\n\x00-\x1f\x7f]+:[^\[\]{}|<>&%\n\x00-\x1f\x7f]*(?=[|\]])")
#: What an external link's URL (no constructs; ``&`` and ``~`` are checked apart) and its
#: label may hold here.
_PLAIN_URL = re.compile(r"[^{}|\n]+")
_PLAIN_LABEL = re.compile(r"[^\[\]{}<&'\n_~|\x00-\x1f\x7f]+")
#: What a label with apostrophes or character references may not hold (constructs).
_LABEL_REFUSED = re.compile(r"[\[\]{}<|\n\x00-\x1f\x7f＿]")
_LABEL_WORDS = re.compile(r"['&]")
_TAG_NAME = re.compile(r"<([A-Za-z][A-Za-z0-9]*)(?=[\s/>])")
#: Node classes a template, a link or a reference parsed alone may give (anything else, such
#: as a link shown as text, reads differently inside a line).
_TEMPLATE_NODES = (Template, ParserFunction, MagicVariable, Argument)
_LINK_NODES = (Wikilink, FileLink, CategoryLink, InterlanguageLink)
_SPACES = re.compile(r"[\s_]+")
#: A stretch of the tokens of a line that ``ProseScanner.line`` reads in one match instead of a
#: branch each: plain runs, apostrophe runs of 1, 2, 3 or 5, ``[[target]]`` and
#: ``[[target|label]]`` as ``_LINK`` takes them (with a target that is not blank; a label may
#: also hold apostrophe runs of 2, 3 and 5, which ``easy_pieces`` requires to pair within it:
#: the link's text is then what the parse of the link alone gives, and the line's toggles
#: keep their parity), a ``]`` closing nothing, a ``&`` that starts no character reference,
#: and ``_`` and ``~`` that start no ``__`` or ``~~~``.  Its other tokens are exactly those the
#: per-token branches cut (plain runs as long, apostrophe runs whole), so the checks of those
#: branches hold over the stretch.  Unrolled (a plain run, then any other token and a plain
#: run, and so on) and possessive: nothing follows to backtrack for, and the engine keeps no
#: states.
_PLAIN_RUN = r"[^\[\]{}<&'\n_~|＿\x00-\x08\x0b-\x1f\x7f]*+"
_EASY_TOKENS = (
    r"\[\[(?=\s*[^\s|\]])"
    r"[^\[\]{}|<>&%:/~'_\n\x00-\x1f\x7f.#][^\[\]{}|<>&%:~'\n\x00-\x1f\x7f]*(?:'(?!')[^\[\]{}|<>&%:~'\n\x00-\x1f\x7f]*)*"
    r"(?:\|(?!\])[^\[\]{}|<>&'~_\n\x00-\x1f\x7f]*(?:(?:(?:'{1,3}|'{5})(?!')|_(?!_))[^\[\]{}|<>&'~_\n\x00-\x1f\x7f]*)*)?"
    r"\]\](?!\])"
    r"|(?:'{1,3}|'{5})(?!')"
    r"|\]"
    r"|&(?![A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#[xX][0-9a-fA-F]+;)"
    r"|_(?!_)|~(?!~~)"
)
#: ``_EASY``'s source (see :func:`_easy_pattern`): references are not among its tokens.
_EASY_SOURCE = _PLAIN_RUN + r"(?:(?:" + _EASY_TOKENS + r")" + _PLAIN_RUN + r")*+"
#: ``_EASY`` with references too, when plain text drops them (not with ``refs=True``): a
#: self-closed one, or one whose body holds no ``<`` (its close is then the first ``</ref>``,
#: as ``ProseScanner.tag`` finds it).  Each is a gap (``ProseScanner.gapped``), but one whose
#: body holds a numbered link (MediaWiki numbers it), which the per-token branch reads.  (A
#: body of ``[^<]``, one character excluded, is read at several times the speed of a class.)
_EASY_GAPS = re.compile(
    _PLAIN_RUN + r"(?:(?:" + _EASY_TOKENS + r"|<ref(?:\s[^<>]*)?(?:/>|(?<!/)>[^<]*+</(?i:ref)\s*>))" + _PLAIN_RUN
    + r")*+"
)
_EASY: re.Pattern[str] | None = None


def _easy_pattern() -> re.Pattern[str]:
    """``_EASY``, compiled at its first use: only ``refs=True`` reads with it (plain text's
    default drops references, which ``_EASY_GAPS`` reads), and its compilation costs about
    as much as reading a short page."""
    global _EASY
    if _EASY is None:
        _EASY = re.compile(_EASY_SOURCE)
    return _EASY


#: Characters no ``_EASY`` stretch starts with (tested before trying it).
_NOT_EASY = frozenset("{\n|")
#: Apostrophe runs that toggle italics, bold, or both (the only runs of two or more in an
#: ``_EASY`` stretch: a link's target and label hold single apostrophes).
_ITALIC = "''"
_BOLD = "'''"
_BOLD_ITALIC = "'''''"


def easy_pieces(stretch: str, out: list[Piece]) -> bool:
    """The text of an ``_EASY`` stretch into ``out``, its apostrophe runs of two or more
    removed (every one is a bold or italic toggle), each link giving its label, or its target
    stripped, as the link branch of ``ProseScanner.line`` does; False (nothing added) if a label's
    own toggles do not pair (the parser decides how).  Every ``[[`` of a stretch opens a link
    and its first ``]]`` closes it (a link holds no brackets), so string splits find them."""
    quotes = _ITALIC in stretch
    if "[[" not in stretch:
        out.append(_unquoted(stretch) if quotes else stretch)
        return True
    parts = stretch.split("[[")
    pieces = [parts[0]] if parts[0] else []
    for part in parts[1:]:
        inner, _, rest = part.partition("]]")
        target, bar, label = inner.partition("|")
        if not bar:
            pieces.append(target.strip())
        else:
            if _ITALIC in label:
                bold = label.count(_BOLD)
                if bold % 2 or (label.count(_ITALIC) - bold) % 2:
                    return False
            pieces.append(label)
        if rest:
            pieces.append(rest)
    if quotes:  # each piece is a run of the source: its toggles are whole
        out.extend(map(_unquoted, pieces))
    else:
        out.extend(pieces)
    return True


def _unquoted(text: str) -> str:
    """``text`` (from an ``_EASY`` stretch) without its apostrophe runs of 2, 3 and 5."""
    if _ITALIC not in text:
        return text
    return text.replace(_BOLD_ITALIC, "").replace(_BOLD, "").replace(_ITALIC, "")


_REF_OPEN = re.compile(r"<ref(?:\s[^<>]*)?/?>")
#: A math tag (``<math>``, ``<chem>``, ``<ce>``) opened without ``<``/``>`` in its attributes.
_MATH = re.compile(r"<(math|chem|ce)(?:\s[^<>]*)?(?<!/)>")
#: An extension tag's opening (or the whole of a self-closed one) without ``<``/``>`` in its
#: attributes, for the tags plain text drops (see ``dropped_tags``).
_EXTENSION_OPEN = re.compile(r"<([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?>")
#: Extension tags the text renderer does not simply drop (``TextRenderer.enter_ExtensionTag``:
#: references, nowiki, math, code, shown contents) and the transclusion tags and
#: ``<langconvert>``, which the reader leaves to the parser; every other extension tag is a gap.
_KEPT_EXTENSION_TAGS = frozenset(
    ["ref", "nowiki", "math", "chem", "ce", "pre", "syntaxhighlight", "source", "poem", "indicator", "langconvert",
     *TRANSCLUSION_TAGS]
)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);")


def character_reference(text: str, pos: int) -> tuple[str, int]:
    """What the ``&`` at ``pos`` shows and where it ends: a valid character reference's
    character, else the ``&`` itself (as text, as MediaWiki leaves it)."""
    m = _ENTITY.match(text, pos)
    if m is not None and is_valid_entity(m.group()):
        return html.unescape(m.group()), m.end()
    return "&", pos + 1


#: An HTML tag with attributes that hold no markup, on one line (``<b\n>`` is text there).
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)(?:(?:/|[^\S\n])[^<>\[\]{}'&\n]*)?>")
#: HTML tags whose text plain text shows line-broken, as cells, or as a break: not inline.
_NOT_INLINE_TAGS = frozenset(
    ["p", "div", "blockquote", "center", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "caption",
     "ul", "ol", "dl", "li", "dt", "dd", "pre", "hr", "td", "th", "br"]
)
#: The first characters of a line that starts block markup (or that this scanner leaves alone).
_BLOCK_START = frozenset(" \t*#:;=|!-}<\n")
#: Comments on one line after a heading (MediaWiki's heading may end with them).
_LINE_COMMENTS = r"(?:<!--(?:[^-\n]|-(?!->))*-->[ \t]*)*"
_HEADING_COMMENTS = re.compile(_LINE_COMMENTS + r"(?=\n|\Z)")
#: A heading line (as ``base._HEADING_LINE``, or with comments after it), matched at a line start.
_HEADING_LINE = re.compile(r"=[^\n]*=[ \t]*" + _LINE_COMMENTS + r"(?=\n|\Z)")
#: Where a prose run may start: after a blank line or after a heading line.
#: (Not after a heading line with comments: its ``-->`` could close a comment opened in the
#: rest before it, which then passes for closed, the line being no heading there.)  The
#: heading line's ``=`` comes before the test that it starts a line (a look behind, which
#: also holds at the text's start), so that both branches start with a literal character:
#: ``search`` then passes other characters in a tight loop instead of trying each branch.
_CANDIDATE = re.compile(r"\n\n+|=(?<![^\n]=)[^\n]*=[ \t]*\n")
_LIST_PREFIX = re.compile(r"[*#:;]+")
#: The first characters of the list lines the scanner reads (``;`` terms: see ``list_block``).
_LIST_STARTS = frozenset("*#:;")
_TAG_START = re.compile(r"<[A-Za-z]")
#: What matters in a skipped table to where it ends: line breaks before a line that may open
#: or close a table or that starts with a tag or comment, and the constructs that can hide a
#: line break (templates, links, tags and comments, ``-{``); templates and links with nothing
#: nested in them are passed over whole (as :meth:`ProseScanner.nested_end` would end them).
_TABLE_TOKEN = re.compile(
    r"\n(?=[ \t]*\|\}|:*[ \t]*\{\||<)|\{\{(?!\{)[^{}\[\]<]*\}\}(?!\})|\[\[[^{}\[\]<\n]*\]\](?!\])"
    r"|\{\{|\[\[|<|-\{"
)
#: What :meth:`ProseScanner.table_end` passes over before the next token of ``_TABLE_TOKEN``
#: that it must look at, in one match: characters where no token starts, the plain templates
#: and links whole (a table of linked cells has thousands of them), and HTML tags that
#: :meth:`ProseScanner.table_tag` would pass over (``<br />``, ``</small>``: their ``>`` on their
#: line, nothing inside that starts a token) -- ``{tags}``, the config's HTML tag names that
#: are neither extension nor transclusion tags (see :func:`_table_skip_pattern`).
_TABLE_SKIP = (
    r"(?:[^\n{{\[<\-]+|\{{\{{(?!\{{)[^{{}}\[\]<]*\}}\}}(?!\}})|\[\[[^{{}}\[\]<\n]*\]\](?!\])"
    r"|\n(?![ \t]*\|\}}|:*[ \t]*\{{\||<)|\{{(?!\{{)|\[(?!\[)|-(?!\{{)"
    r"|<(?:/|(?i:{tags})(?=[\s/>]))[^\n>{{\[<\-]*>|<(?![A-Za-z/]|!--))*+"
)
#: A line that opens a table inside a table (``tables.split_tables``: ``table_start``).
_TABLE_OPEN_LINE = re.compile(r":*[ \t]*\{\|")
#: A line that closes a table (``table_line`` with ``|}``).
_TABLE_CLOSE_LINE = re.compile(r"[ \t]*\|\}")
#: A transclusion tag (``<noinclude>``...): at a line start it vanishes as comments do.
_TRANSCLUSION_TAG = re.compile(r"</?(?:noinclude|includeonly|onlyinclude)", re.IGNORECASE)
_BLANKS = re.compile(r"[ \t]*")
#: A line of transclusion markers alone, in their plain forms (``<noinclude>``,
#: ``</onlyinclude>``, ``<includeonly>…</includeonly>`` without ``<`` or a line break inside),
#: blanks around them: a blank line once they vanish (``_parse.lines.vanished_line``).
_MARKER_LINE = re.compile(
    r"(?:[ \t]*(?:</?(?:noinclude|onlyinclude)>|<noinclude ?/>|<includeonly>[^<\n]*</includeonly>))+[ \t]*(?=\n|\Z)"
)
#: A line of spaces and tabs only (at a line start): MediaWiki's block pass takes it for a
#: blank line (its ``trim`` leaves nothing), but after a preformatted line, which the reader
#: never reads.
_WHITE_LINE = re.compile(r"[ \t]+(?=\n|\Z)")
#: Past blank and white lines (from a line start).
_BLANK_LINES = re.compile(r"(?:[ \t]*\n)*")
#: A heading line without markup in its title: a whole heading, no parse needed to tell.
_PLAIN_HEADING = re.compile(r"(={1,6})([ \t]*[^=\s<>\[\]{}&_~\-][^=<>\[\]{}&_~\n]*?)\1[ \t]*")

class ProseExpansion:
    """What a built-in template handler gave for a template (wikitext), and its pieces when
    the reader could read it (else None: the renderer parses it): the renderer accounts for
    it and renders it as it renders the expansion of the template's node."""

    __slots__ = ("pieces", "text")

    def __init__(self, text: str, pieces: list[Piece] | None) -> None:
        self.text = text
        self.pieces = pieces


#: A piece of a paragraph: text for the renderer's buffer, a node for it to walk, or a
#: template's expansion (:class:`ProseExpansion`).
Piece = str | Node | ProseExpansion


class ProseRun:
    """Consecutive blocks read without the parser: headings, paragraphs (each as the pieces of its
    text) and lists."""

    __slots__ = ("blocks",)

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks


class ProseList:
    """A bullet or numbered list read without the parser: each item (for its prefix) with
    the pieces of its text."""

    __slots__ = ("items",)

    def __init__(self, items: list[tuple[ListItem, list[Piece]]]) -> None:
        self.items = items


class ProseHeading:
    """A heading line whose title is plain words."""

    __slots__ = ("title",)

    def __init__(self, title: str) -> None:
        self.title = title


class ProseTable:
    """A table that plain text drops whole (``tables=False``), with no numbered link in it:
    it shows nothing but ends the paragraph before it."""

    __slots__ = ()


#: The one skipped table (they are all alike).
SKIPPED_TABLE = ProseTable()

#: A paragraph (its pieces), a list, a heading, a skipped table or a table's rows.
Block = list[Piece] | ProseList | ProseHeading | ProseTable | ProseTableRows
#: What :meth:`ProseScanner.read_instead` sets aside while the scanner reads another text.
_PageState = tuple[str, int, int, int, dict[str, tuple[int, int, int]], bool | None]


class ProseScanner:
    """Reads prose paragraphs of one page (see the module docstring for what it accepts)."""

    def __init__(self, text: str, config: ParserConfig, skim_tags: frozenset[str], options: TextOptions) -> None:
        self.text = text
        self.config = config
        self.skim_tags = skim_tags
        self.handlers: Mapping[str, TemplateHandler] | None = options.template_handlers
        self.extra: Mapping[str, TemplateHandler] | None = options.handlers
        self.refs = options.refs
        #: Free protocols by name (``http`` -> ``//``, ``mailto`` -> ``""``), for
        #: ``may_hold_url``, and the longest name: how far back from a colon it reads.
        #: And :meth:`protocol_rests` by word, for every page with these protocols (bounded).
        self.protocols, self.protocol_chars, self.url_words = _free_protocols(config)
        if len(self.url_words) > _SHARED_NAMES:
            self.url_words.clear()
        #: :meth:`has_handler`, :meth:`template_kind` and :func:`plain_builtin` (None: the node
        #: must be built) by template name as written: a page calls the same ones often, and
        #: with the default wiki and handlers every page does (then they are shared, bounded).
        self.handled: dict[str, bool]
        self.template_kinds: dict[str, int]
        self.plain_handlers: dict[str, tuple[str, TemplateHandler] | None]
        if config is DEFAULT_CONFIG and self.handlers is BUILTIN_TEMPLATES and not self.extra:
            if len(_SHARED_KINDS) > _SHARED_NAMES:
                _SHARED_HANDLED.clear()
                _SHARED_KINDS.clear()
                _SHARED_PLAIN_HANDLERS.clear()
            self.handled, self.template_kinds = _SHARED_HANDLED, _SHARED_KINDS
            self.plain_handlers = _SHARED_PLAIN_HANDLERS
        else:
            self.handled, self.template_kinds, self.plain_handlers = {}, {}, {}
        #: What a stretch of easy tokens reads in one match (references too, unless they are
        #: shown).
        self.easy = _easy_pattern() if options.refs else _EASY_GAPS
        #: The list items of the page's lists by prefix, one of each (the renderer reads only
        #: their prefix; building a node costs more than reading its line).
        self.list_items: dict[str, ListItem] = {}
        self.numbered_link = numbered_link_pattern(config)
        #: What :meth:`table_end` passes over, for the config's tags: only a table that plain
        #: text drops is skipped (``tables=True`` reads its rows), so only then is it made.
        self.table_skip = _table_skip_pattern(config) if not options.tables else None
        #: :attr:`numbered_links`, once looked for (a search of the whole page, which most
        #: pages never need: a reference's body is searched on its own).
        self.page_numbered_links: bool | None = None
        #: Plain text drops tables whole: the reader skips them (see :meth:`table`).
        self.skip_tables = not options.tables
        self.math = options.math
        self.today = options.today
        #: Where a search for ``-->`` found none, and the last search's start and find.
        self.no_comment_close = len(text) + 1
        self.comment_from = self.comment_end = -1
        #: The last search for a tag's close, by name: where it started, and the close it
        #: found (-1, -1: none), so that no stretch of text is searched twice (see
        #: :meth:`tag_close`).
        self.closes: dict[str, tuple[int, int, int]] = {}
        #: Files show text (a caption, alt text): they are parsed.
        self.file_text = options.file_captions or options.file_alt
        self.st = ParseState("", config)
        #: HTML tags read inline, and extension tags plain text shows as a gap, whatever their
        #: body (``<gallery>``, ``<timeline>``, ``<references/>``...): made once per config.
        self.inline_tags, self.dropped_tags = _config_tags(config)
        #: Characters the scans for a nested construct's end may still read: a page of
        #: unclosed ``{{`` would make each scan read on to the end.  Spent, the parser decides
        #: (so the reader stays linear in the page's length).
        self.budget = 4 * len(text) + 10_000

    @property
    def numbered_links(self) -> bool:
        """Does the page hold a ``[url]`` without a label anywhere?  Only such links show
        their number, so without one a file holding bracketed URLs or a table need not be
        parsed to count them."""
        found = self.page_numbered_links
        if found is None:
            found = self.page_numbered_links = self.numbered_link.search(self.text) is not None
        return found

    @numbered_links.setter
    def numbered_links(self, value: bool) -> None:
        self.page_numbered_links = value

    def read_instead(self, text: str, numbered_links: bool) -> _PageState:
        """Point the scanner at ``text`` (a table cell, a handler's expansion) as if it were
        the page, the remembered searches set aside, until :meth:`read_page_again` is given
        what this returns.  ``numbered_links`` stands for the page's answer meanwhile: a lazy
        search of ``text`` would otherwise be kept as the whole page's."""
        saved = (
            self.text, self.no_comment_close, self.comment_from, self.comment_end, self.closes,
            self.page_numbered_links,
        )  # fmt: skip
        self.text = text
        self.no_comment_close = len(text) + 1
        self.comment_from = self.comment_end = -1
        self.closes = {}
        self.page_numbered_links = numbered_links
        return saved

    def read_page_again(self, saved: _PageState) -> None:
        """Undo :meth:`read_instead`."""
        (
            self.text, self.no_comment_close, self.comment_from, self.comment_end, self.closes,
            self.page_numbered_links,
        ) = saved  # fmt: skip

    # -- fragments parsed on their own ------------------------------------------------------

    def fragment(self, start: int, end: int, kinds: tuple[type, ...]) -> Node | None:
        """``text[start:end]`` (one template, link or reference) parsed as the page parse
        reads it: its node, if it is one node of ``kinds``."""
        source = self.text[start:end]
        st = ParseState(source, self.config)
        st.skim_templates = True
        st.skim_tags = self.skim_tags
        root = new_wikicode(0, len(source), brackets(st, 0, len(source)))
        drain(st, root, INLINE)
        nodes = root.nodes
        if len(nodes) != 1 or not isinstance(nodes[0], kinds) or nodes[0].end != len(source):
            return None
        return nodes[0]

    def nested_end(self, pos: int) -> int:
        """The end of the template or link opening at ``pos``, when its insides nest plainly:
        templates and links opened by exactly two brackets and closed in order (a lone brace
        is text, as the preprocessor, which needs two, reads it), comments and extension tags
        skipped whole; -1 otherwise (the parser decides)."""
        end = self.nested_scan(pos)
        self.budget -= (len(self.text) if end < 0 else end) - pos
        return end

    def nested_scan(self, pos: int) -> int:
        """:meth:`nested_end` without the accounting."""
        if self.budget < 0:
            return -1
        text = self.text
        stack: list[str] = []
        p = pos
        while True:
            m = _NESTING.search(text, p)
            if m is None:
                return -1
            tok = m.group()
            c = tok[0]
            n = len(tok)
            p = m.end()
            if tok[-1] in "}]" and c in "{[":  # a plain template or link: opened and closed
                if not stack:
                    return p
                continue
            if c == "{":
                if n == 1:  # one brace opens nothing (the preprocessor's least is two): text
                    continue
                if n != 2:
                    return -1
                stack.append("{")
            elif c == "}":
                if n == 1:  # nor does one close anything
                    continue
                k = n // 2
                if n % 2 or len(stack) < k or "[" in stack[len(stack) - k :]:
                    return -1
                del stack[len(stack) - k :]
            elif c == "[":
                if n == 2:
                    stack.append("[")
                elif n != 1:
                    return -1
            elif c == "]":
                if n == 1:
                    continue
                k = n // 2
                if n % 2 or len(stack) < k or "{" in stack[len(stack) - k :]:
                    return -1
                del stack[len(stack) - k :]
            elif c == "<":
                p = self.skip_tag(m.start())
                if p < 0:
                    return -1
                continue
            else:  # -{
                return -1
            if not stack:
                return p

    def skip_tag(self, pos: int) -> int:
        """Past a comment or an extension tag at ``pos`` (inside a template or link), past
        the ``<`` if it is neither, or -1 if it is left open or a transclusion tag."""
        text = self.text
        if text.startswith("<!--", pos):
            end = text.find("-->", pos + 4)
            self.budget -= (len(text) if end == -1 else end) - pos
            return -1 if end == -1 or self.budget < 0 else end + 3
        m = _TAG_NAME.match(text, pos)
        if m is None:
            return pos + 1
        name = m.group(1).lower()
        if name in TRANSCLUSION_TAGS:
            return -1
        if name not in self.config.extension_tags:
            return pos + 1
        open_end = tag_open_end(text, m.end(), len(text))
        if open_end == -1:
            return -1
        if self_closed(text, m.end(), open_end):
            return open_end
        close = close_tag(name).search(text, open_end)
        self.budget -= (len(text) if close is None else close.end()) - pos
        return -1 if close is None or self.budget < 0 else close.end()

    # -- one paragraph ------------------------------------------------------------------------

    def paragraph(self, pos: int) -> tuple[list[Piece], int] | None:
        """The pieces of the paragraph starting at ``pos`` (a line start) and where it ends
        (the line break closing its last line, or the end of the text), or None if the
        scanner does not know every part of it.  It ends before a blank line, a heading
        line (checked by the caller), a list line or a table line."""
        text = self.text
        size = len(text)
        out: list[Piece] = []
        while True:
            start = pos
            c = text[pos]
            if (c in _BLOCK_START or (c == "{" and text.startswith("{|", pos))) and not self.inline_tag_line(pos):
                start = self.leading_comment(pos)
                if start < 0:
                    return None
            end = self.line(start, out)
            if end < 0:
                return None
            if text.startswith("<!--", end + 1):
                end = self.comment_lines(end + 1) - 1
            nxt = text[end + 1 : end + 2]
            if not nxt or nxt == "\n" or nxt in _LIST_STARTS:
                return out, end
            if nxt == "<" and _MARKER_LINE.match(text, end + 1) is not None:
                return out, end  # a line of markers alone: a blank line
            if (nxt == " " or nxt == "\t") and _WHITE_LINE.match(text, end + 1) is not None:
                return out, end  # a white line: a blank line
            if nxt == "=":
                return (out, end) if _HEADING_LINE.match(text, end + 1) else None
            if nxt == "{" and text.startswith("{|", end + 1):
                return out, end  # a table line ends the paragraph
            out.append(" ")
            pos = end + 1
            if pos >= size:
                return out, end

    def inline_tag_line(self, pos: int) -> bool:
        """Does the line at ``pos`` start with a math tag, a reference or an extension tag
        that plain text drops?  Inline extension tags: the line is a paragraph line as if it
        started with a word (other tags may be block tags, which the parser reads otherwise)."""
        text = self.text
        if not text.startswith("<", pos):
            return False
        if _MATH.match(text, pos) is not None or _REF_OPEN.match(text, pos) is not None:
            return True
        m = _EXTENSION_OPEN.match(text, pos)
        return m is not None and m.group(1).lower() in self.dropped_tags

    def leading_comment(self, pos: int) -> int:
        """Past a comment opening the line at ``pos``, when it ends on its line and a word (or
        a link...) follows it, not blanks, block markup, a brace or another tag: the
        preprocessor removes it, and the line reads as if it started there.  -1 otherwise."""
        text = self.text
        if not text.startswith("<!--", pos):
            return -1
        end = self.comment_close(pos)
        if end < 0 or text.find("\n", pos, end) != -1:
            return -1
        after = text[end + 3 : end + 4]
        if not after or after in _BLOCK_START or after == "{":
            return -1
        return end + 3

    def comment_close(self, pos: int) -> int:
        """Where the ``-->`` closing a comment opened at ``pos`` starts, or -1 (never closed).
        The last search is remembered: pages of comments each followed by a line break and
        closed far on would otherwise search on to the same one each time."""
        if pos >= self.no_comment_close:
            return -1
        if not (self.comment_from <= pos and pos + 4 <= self.comment_end):
            end = self.text.find("-->", pos + 4)
            if end == -1:
                self.no_comment_close = pos
                return -1
            self.comment_from, self.comment_end = pos, end
        return self.comment_end

    def comment_lines(self, pos: int) -> int:
        """Past the lines from ``pos`` (a line start after a line break) made only of comments
        and the blanks after them, with their line breaks: MediaWiki's preprocessor removes
        such a line whole, so the lines around it join as if it were not there.  ``pos``
        itself if there is none."""
        text = self.text
        size = len(text)
        while pos > 0 and text[pos - 1] == "\n":
            p = pos
            while text.startswith("<!--", p):
                if p >= self.no_comment_close or self.budget < 0:
                    return pos
                end = text.find("-->", p + 4)
                self.budget -= (size if end == -1 else end) - p
                if end == -1:
                    self.no_comment_close = p
                    return pos
                p = _BLANKS.match(text, end + 3).end()  # type: ignore[union-attr]
            if p == pos or p >= size or text[p] != "\n":
                return pos
            pos = p + 1
        return pos

    def heading(self, pos: int) -> tuple[ProseHeading, int] | None:
        """A heading line without markup in its title (a whole heading at the top level),
        perhaps with comments after it."""
        text = self.text
        m = _PLAIN_HEADING.match(text, pos)
        if m is None or "'" in m.group(2):
            return None
        end = m.end()
        if end < len(text) and text[end] != "\n":
            comments = _HEADING_COMMENTS.match(text, end)  # "== H ==<!-- c -->": the parser tells
            if comments is None or not _whole_heading_line(self, pos, comments.end()):
                return None
            end = comments.end()
        return ProseHeading(m.group(2)), end

    def list_block(self, pos: int) -> tuple[ProseList, int] | None:
        """The items of the bullet, numbered, indented or definition list starting at ``pos``
        and where it ends, or None (a term, ``;``, only when its line has no colon).  It ends before a blank line, a heading line, a paragraph line or (when
        tables are dropped or read) a table line."""
        text = self.text
        items: list[tuple[ListItem, list[Piece]]] = []
        while True:
            m = _LIST_PREFIX.match(text, pos)
            if m is None:
                return None
            prefix = m.group()
            if pos == 0 and prefix[0] == "#":
                return None  # a redirect at the start of the page
            term = ";" in prefix
            if term and prefix.index(";") != len(prefix) - 1:
                return None  # a term's marks after ";": the parser tells
            pieces: list[Piece] = []
            end = self.line(m.end(), pieces) if m.end() < len(text) and text[m.end()] != "\n" else m.end()
            if end < 0 or (term and text.find(":", m.end(), end) != -1):
                return None  # ";term : definition" is split at a colon: the parser tells
            item = self.list_items.get(prefix)
            if item is None:
                item = self.list_items[prefix] = ListItem(prefix=prefix)
            items.append((item, pieces))
            if text.startswith("<!--", end + 1):
                end = self.comment_lines(end + 1) - 1
            nxt = text[end + 1 : end + 2]
            if nxt in _LIST_STARTS:
                pos = end + 1
                continue
            if not nxt or nxt == "\n" or (nxt == "=" and _HEADING_LINE.match(text, end + 1)):
                return ProseList(items), end
            if (nxt == " " or nxt == "\t") and _WHITE_LINE.match(text, end + 1) is not None:
                return ProseList(items), end  # a white line: a blank line
            if nxt == "{" and text.startswith("{|", end + 1):
                return ProseList(items), end  # a table line ends the list
            if nxt == "<" and _MARKER_LINE.match(text, end + 1) is not None:
                return ProseList(items), end  # a line of markers alone: a blank line
            if (nxt in _BLOCK_START or text.startswith("{|", end + 1)) and self.leading_comment(end + 1) < 0:
                return None
            return ProseList(items), end

    def table(self, pos: int) -> tuple[ProseTable | ProseTableRows, int] | None:
        """A table opening at ``pos`` (a line start, ``{|``) that plain text drops whole, and
        where it ends (the line break after its ``|}`` line, or the end of the text); None if
        the parser must tell.  With ``tables=True``, its rows (``_text_prose_tables``).

        Its end is where ``tables.split_tables`` ends it: line breaks count only outside the
        preprocessor's nodes (templates, links, comments, extension tags), so those are
        skipped as :meth:`nested_end` and :meth:`skip_tag` skip them; a line opening a table
        (``:{|``) nests, one starting ``|}`` closes.  Anything this cannot be sure of (a tag
        or link over a line break, ``-{``, ``{{{``, a comment before a table line, text after
        the last ``|}``, a numbered link, whose number later links show) hands the table
        to the parser."""
        if not self.skip_tables:
            return read_table(self, pos)
        if self.budget < 0:
            return None
        end, reached = self.table_end(pos)
        # What the scan read counts against the budget: a page of tables never closed, each
        # after a blank line, would make each scan read on to the end.
        self.budget -= reached - pos
        return (SKIPPED_TABLE, end) if end >= 0 else None

    def table_end(self, pos: int) -> tuple[int, int]:
        """:meth:`table`'s scan: where the table ends (or -1) and how far it read."""
        text = self.text
        size = len(text)
        depth = 1
        p = pos + 2  # past the "{|" of the line; its attributes are content
        skip = self.table_skip
        if skip is None:  # (tables are read, not skipped: never asked)
            skip = self.table_skip = _table_skip_pattern(self.config)
        while True:
            s = skip.match(text, p).end()  # type: ignore[union-attr]
            if s == size:
                return -1, size  # never closed
            tok = text[s : s + 2]
            if tok[0] == "\n":
                p = s + 1
                if text.startswith("<", p):
                    if _TRANSCLUSION_TAG.match(text, p) is not None or not self.line_comments_plain(p):
                        return -1, p  # "<!--c-->|}" is a table line; transclusion tags vanish
                    continue
                close = _TABLE_CLOSE_LINE.match(text, p)
                if close is not None:
                    depth -= 1
                    p = close.end()
                    if depth == 0:
                        if p < size and text[p] != "\n":
                            return -1, p  # text after the table on its line
                        # (No need to ask :attr:`numbered_links` first: a numbered link in
                        # the table is one on the page, and its range is all this reads.)
                        if self.numbered_link.search(text, pos, p) is not None:
                            return -1, p
                        return p, p
                    continue
                opened = _TABLE_OPEN_LINE.match(text, p)
                if opened is not None:
                    depth += 1
                    p = opened.end()
                continue
            if tok == "{{":
                if text.startswith("{{{", s):
                    return -1, s
                end = self.nested_end(s)
            elif tok == "[[":
                end = self.nested_end(s)
                if end >= 0 and text.find("\n", s, end) != -1:
                    return -1, s
            elif tok[0] == "<":
                end = self.table_tag(s)
            else:  # -{
                return -1, s
            if end < 0:
                return -1, s
            p = end

    def line_comments_plain(self, pos: int) -> bool:
        """Comments (and blanks) opening a line at ``pos``: is what follows them no table
        markup?  (The parser looks past them: ``<!--c-->|}`` closes a table.)  False also
        when one is left open."""
        text = self.text
        while text.startswith("<!--", pos):
            if pos >= self.no_comment_close or self.budget < 0:
                return False
            end = text.find("-->", pos + 4)
            self.budget -= (len(text) if end == -1 else end) - pos
            if end == -1:
                self.no_comment_close = pos
                return False
            pos = _BLANKS.match(text, end + 3).end()  # type: ignore[union-attr]
        return text[pos : pos + 1] not in (":", "{", "|")

    def table_tag(self, pos: int) -> int:
        """Past a comment, an extension tag or an HTML tag inside a skipped table (or past
        the ``<`` of text); -1 if the tag runs over a line break or is left open, or when
        the budget is spent."""
        text = self.text
        if self.budget < 0:
            return -1
        if text.startswith("<!--", pos):
            return self.skip_tag(pos)
        m = _TAG_NAME.match(text, pos)
        if m is None:
            if not text.startswith("</", pos):
                return pos + 1
            name_end = pos + 2
        else:
            name = m.group(1).lower()
            if name in self.config.extension_tags or name in TRANSCLUSION_TAGS:
                return self.skip_tag(pos)
            name_end = m.end()
        nl = text.find("\n", name_end)
        if nl == -1:
            nl = len(text)
        self.budget -= nl - pos
        if self.budget < 0:
            return -1
        gt = text.find(">", name_end, nl)
        if gt == -1 and text.find("<", name_end, nl) == -1 and nl < len(text):
            return -1  # "<b\n>" might be one tag over the line break
        return name_end

    def line(self, pos: int, out: list[Piece]) -> int:
        """Scan one line from ``pos`` into ``out``: where it ends (its line break or the end
        of the text; constructs inside it may span line breaks), or -1."""
        text = self.text
        size = len(text)
        italics = bold = 0
        easy = self.easy
        slow_until = pos  # the tokens before it are read one by one (a stretch that needs it)
        while pos < size:
            c = text[pos]
            if pos >= slow_until and c not in _NOT_EASY:
                m = easy.match(text, pos)
                after = pos if m is None else m.end()  # (it may match nothing)
                if after > pos:
                    stretch = m.group()  # type: ignore[union-attr]
                    if "<" in stretch:  # (each opens a reference)
                        stretch, after, slow_until = self.gapped(stretch, pos)
                if after > pos:
                    nxt = text[after : after + 1]
                    if nxt == "{" and stretch[-1] == "-":
                        return -1  # -{ ... }-: language conversion
                    if (":" in stretch or "&" in stretch or nxt == "&") and not self.easy_stretch_plain(stretch, nxt):
                        slow_until = max(slow_until, after)
                    elif easy_pieces(stretch, out):
                        if _ITALIC in stretch:
                            # Runs of 2 and 5 toggle italics, of 3 and 5 bold (a label's pair).
                            bold_toggles = stretch.count(_BOLD)
                            italics += stretch.count(_ITALIC) - bold_toggles
                            bold += bold_toggles
                        pos = after
                        if not nxt or nxt == "\n":
                            break  # the line's end (the usual token after a stretch)
                        c = nxt  # a token the stretch could not take: read below
                    else:
                        slow_until = max(slow_until, after)
            m = _PLAIN.match(text, pos) if c not in _NOT_PLAIN else None
            if m is not None:
                run = m.group()
                after = m.end()
                if ":" in run and self.may_hold_url(run):
                    return -1
                if after < size:
                    nxt = text[after]
                    if nxt == "&" and ("ISBN" in run or "RFC" in run or "PMID" in run):
                        return -1  # a magic link's "&nbsp;" stays as written
                    if nxt == "{" and run[-1] == "-":
                        return -1  # -{ ... }-: language conversion
                out.append(run)
                pos = after
                continue
            if c == "\n":
                break
            if c == "'":
                end, italic_toggles, bold_toggles = apostrophes(text, pos)
                if end < 0:
                    return -1
                if end == pos + 1:
                    out.append("'")
                italics += italic_toggles
                bold += bold_toggles
                pos = end
                continue
            if c == "[" and not text.startswith("[[", pos):
                end = self.external_link(pos, out)
                if end < 0:
                    return -1
                pos = end
                continue
            if c == "[":
                m = _LINK.match(text, pos)
                if m is not None:
                    target = m.group(1).strip()
                    if target:
                        label = m.group(2)
                        out.append(target if label is None else label)
                        pos = m.end()
                        continue
                end = self.nested_end(pos) if text.startswith("[[", pos) else -1
                if end < 0:
                    return -1
                piece: Piece | None = self.dropped_link(pos, end)
                if piece is None:
                    piece = self.fragment(pos, end, _LINK_NODES)
                    if piece is None:
                        return -1
                out.append(piece)
                pos = end
                continue
            if c == "]":  # a bracket closing nothing (links are read whole): text
                out.append("]")
                pos += 1
                continue
            if c == "{":
                end = self.template(pos, out)
                if end < 0:
                    return -1
                pos = end
                continue
            if c == "<":
                end = self.tag(pos, out)
                if end < 0:
                    return -1
                pos = end
                continue
            if c == "&":
                shown, pos = character_reference(text, pos)
                out.append(shown)
                continue
            if c == "_" or c == "~":
                if text.startswith("__", pos) or text.startswith("~~~", pos):
                    return -1
                out.append(c)
                pos += 1
                continue
            return -1
        if italics % 2 and bold % 2:
            return -1  # MediaWiki turns one bold mark into an apostrophe
        return pos

    def gapped(self, stretch: str, start: int) -> tuple[str, int, int]:
        """An ``_EASY_GAPS`` stretch read from ``start`` with a gap in place of each reference
        in it, where it ends, and where the per-token branches read up to.  A reference whose
        body holds a numbered link ends the stretch before it, and the branches read on from
        there to the stretch's end (a stretch matched again after it could meet the next such
        reference: a line of them would be read over and over)."""
        parts = stretch.split("<ref")  # (each opens a reference: no plain run holds a "<")
        pieces = [parts[0]]
        at = start + len(parts[0])
        for part in parts[1:]:
            end = part.index(">") + 1  # (its attributes hold no ">")
            if end == 1 or part[end - 2] != "/":  # a body (no "<" in it), then its close
                close = part.index("<", end)
                if "[" in part[end:close] and self.numbered_link.search(part, end, close) is not None:
                    return "".join(pieces), at, start + len(stretch)
                end = part.index(">", close) + 1
            pieces.append(GAP)
            pieces.append(part[end:])
            at += 4 + len(part)
        return "".join(pieces), at, start

    def easy_stretch_plain(self, stretch: str, nxt: str) -> bool:
        """May an ``_EASY`` stretch, followed by ``nxt`` (a character or nothing), be read in
        one go?  Not if one of its plain runs might hold a bare URL or be a magic link's text
        before a ``&`` (told over the whole stretch: a superset of what its runs hold), nor if
        it ends in ``-`` before ``{``: the per-token branches tell those."""
        if ":" in stretch and self.may_hold_url(stretch):
            return False
        if ("&" in stretch or nxt == "&") and ("ISBN" in stretch or "RFC" in stretch or "PMID" in stretch):
            return False
        return not (nxt == "{" and stretch[-1] == "-")

    def comment(self, pos: int) -> int:
        """A comment inside a line, not at its start, not before another tag or comment and
        not next to an apostrophe: it vanishes (a comment at a line start may leave a space
        starting the line, and one between apostrophes joins their runs: the parser decides
        those; see :meth:`comment_lines` for comments alone on their lines)."""
        text = self.text
        end = self.comment_close(pos)
        if end < 0 or text.find("\n", pos, end) != -1:
            return -1
        end += 3
        before = text[pos - 1 : pos]
        after = text[end : end + 1]
        if not before or not after or before in "\n'" or after in "'<":
            return -1
        return end

    def external_link(self, pos: int, out: list[Piece]) -> int:
        """``[url label]`` with a plain label (shown) or ``[url]`` (a numbered link: a node
        for the renderer to count), where the URL holds nothing the preprocessor or the inline
        pass would have cut it at; where it ends, or -1."""
        if self.st.pats.bracket_url.match(self.text, pos) is None:
            out.append("[")  # no URL: a bracket shown as text
            return pos + 1
        m = self.st.pats.bracket_link.match(self.text, pos)
        if m is None:
            return -1
        url = m.group(1)
        if _PLAIN_URL.fullmatch(url) is None:
            return -1
        if ("&" in url and _ENTITY.search(url) is not None) or "~~~" in url:
            return -1
        url_start = self.st.pats.url_start.match(url)
        if url_start is None or url_start.end() >= len(url):
            return -1  # a protocol alone: text
        label = m.group(3)
        if not label:
            out.append(ExternalLink(url=Wikicode(), text=None, brackets=True))
        elif _PLAIN_LABEL.fullmatch(label) is not None:
            out.append(label)
        elif not self.label_pieces(label, out):
            return -1
        return m.end()

    def label_pieces(self, label: str, out: list[Piece]) -> bool:
        """An external link's label with apostrophes (balanced bold and italics in the label
        itself, so that the line's quotes pair alike however the parser groups them) and
        character references: its text into ``out``, or False (nothing added) if it holds
        anything else."""
        if _LABEL_REFUSED.search(label) is not None or "__" in label or "~~~" in label:
            return False
        if ("ISBN" in label or "RFC" in label or "PMID" in label) or (":" in label and self.may_hold_url(label)):
            return False
        pieces: list[Piece] = []
        italics = bold = 0
        pos = 0
        size = len(label)
        while pos < size:
            c = label[pos]
            if c == "'":
                run_end, italic_toggles, bold_toggles = apostrophes(label, pos)
                if run_end < 0:
                    return False
                if run_end == pos + 1:
                    pieces.append("'")
                italics += italic_toggles
                bold += bold_toggles
                pos = run_end
            elif c == "&":
                shown, pos = character_reference(label, pos)
                pieces.append(shown)
            else:
                end = _LABEL_WORDS.search(label, pos)
                stop = size if end is None else end.start()
                pieces.append(label[pos:stop])
                pos = stop
        if italics % 2 or bold % 2:
            return False
        out.extend(pieces)
        return True

    def may_hold_url(self, run: str) -> bool:
        """Could a bare URL start in this run?  (A protocol name ends some word before one of
        its colons: a superset of ``free_url``'s matches, told without its slow search.)"""
        longest = self.protocol_chars
        words = self.url_words
        i = run.find(":")
        while i != -1:
            # The letters before the colon, as many as a protocol name may have (each folds
            # to one or more: the ends of the folded words that can name one are the same).
            # (``_TAIL_LETTERS`` may take a numeral too, which no protocol's name holds.)
            word = _TAIL_LETTERS.search(run, max(i - longest, 0), i).group()  # type: ignore[union-attr]
            if word:
                rests = words.get(word)
                if rests is None:
                    rests = words[word] = self.protocol_rests(word)
                if rests and any(run.startswith(rest, i + 1) for rest in rests):
                    return True
            i = run.find(":", i + 1)
        return False

    def protocol_rests(self, word: str) -> tuple[str, ...]:
        """What must follow the colon after ``word`` (letters) for a protocol name ending it
        to start a URL (``//`` for ``http``, ``""`` for ``mailto``)."""
        folded = word.casefold()
        protocols = self.protocols
        rests: list[str] = []
        for n in range(1, min(len(folded), self.protocol_chars) + 1):
            rests.extend(protocols.get(folded[-n:], ()))
        return tuple(rests)

    def dropped_link(self, pos: int, end: int) -> str | None:
        """A gap for a category, interlanguage or file link (``text[pos:end]``) that plain
        text drops whole, as ``links.link`` would type it; None when the parser must tell
        (a file link holding a bracketed URL: MediaWiki numbers it; a link shown as text)."""
        text = self.text
        m = _NS_TARGET.match(text, pos + 2, end)
        if m is None:
            return None
        prefix, _, rest = m.group().strip().partition(":")
        rest = rest.strip()
        if not rest or rest.startswith("#") or not prefix[:1].isalpha():
            return None
        if text[m.end()] == "|":
            label = text[m.end() + 1 : end - 2]
        elif m.end() == end - 2:
            label = None
        else:
            return None
        ns_id = self.config.namespace_id(prefix)
        if ns_id == 6:
            if self.file_text or (self.st.pats.bracket_url.search(text, pos, end) is not None and self.numbered_links):
                return None
            return GAP
        if label == "" or (label is not None and "[[" in label):
            return None  # the pipe trick; a link in the label: shown as text
        if ns_id == 14 or (ns_id is None and prefix.strip().lower() in self.st.pats.interlanguage):
            return GAP
        return None

    def template(self, pos: int, out: list[Piece]) -> int:
        """A template at ``pos``: dropped (a gap) unless a handler may expand it or its name is
        not plain; those are parsed alone and walked.  Where it ends, or -1."""
        text = self.text
        m = _TEMPLATE.match(text, pos)
        if m is not None:
            end = m.end()
            raw = m.group(1)
            kind = self.template_kinds.get(raw)
            if kind is None:
                kind = self.template_kind(raw)
            if kind == _DROPPED:
                out.append(GAP)
                return end
            if kind == _HANDLED:
                expansion = self.plain_expansion(raw, m.group(2))
                if expansion is not None:
                    out.append(expansion)
                    return end
        else:
            if not text.startswith("{{", pos) or text.startswith("{{{", pos):
                return -1
            end = self.nested_end(pos)
            if end < 0:
                return -1
            n = _NAME_END.search(text, pos + 2)
            assert n is not None
            name_end = n.start()
            if text[name_end] in "|}" and self.template_kind(text[pos + 2 : name_end]) == _DROPPED:
                out.append(GAP)
                return end
        node = self.fragment(pos, end, _TEMPLATE_NODES)
        if node is None:
            return -1
        out.append(node)
        return end

    def template_kind(self, raw: str) -> int:
        """What a template of this name (as written) is to :meth:`template`: a gap whatever
        its arguments (``_DROPPED``: a plain name that no handler may expand), one a handler
        may expand (``_HANDLED``: a plain name), or one whose name the parser must read
        (``_PARSED``); remembered by name."""
        kind = self.template_kinds.get(raw)
        if kind is None:
            if _PLAIN_NAME.fullmatch(raw) is None:
                kind = _PARSED
            else:
                kind = _HANDLED if self.has_handler(raw) else _DROPPED
            self.template_kinds[raw] = kind
        return kind

    def plain_expansion(self, raw: str, args: str) -> Piece | None:
        """What a template with a plain name and plain arguments (``_TEMPLATE``)
        gives when a built-in handler expands it: a gap if it shows nothing, else its
        expansion for the renderer; None if the node must be built (a user's handler or one
        of a registry of its own, which may read it; a name that is a magic variable)."""
        handlers = self.handlers
        if not handlers:
            return None
        plain = self.plain_handlers
        if raw in plain:
            found = plain[raw]
        else:
            found = plain[raw] = (
                None if raw.strip() in self.config.variables or self.user_handles(raw) else plain_builtin(raw, handlers)
            )
        if found is None:
            return None  # a registry's own handler (it may read the node), a user's, a variable
        today = self.today
        if today is None:
            today = self.today = _dt.datetime.now(_dt.UTC).date()  # one day for the page
        text = call_plain_builtin(found, args, "text", today)
        if not text:
            return GAP
        if MARKUP_CHARS.search(text) is None:
            return ProseExpansion(text, None)  # one run of text (the renderer tells)
        return ProseExpansion(text, self.expansion_pieces(text))

    def expansion_pieces(self, text: str) -> list[Piece] | None:
        """The pieces of a handler's expansion (``{{cite book}}``'s ``''Title''. [url
        Archived]``...) read as one line of prose, which is how the renderer's inline parse
        of it reads it; None if it holds a line break, a template or a tag (the renderer
        parses it) or anything the reader refuses.  The scanner reads it in place of the
        page, its remembered searches set aside."""
        if "\n" in text or "{" in text or "<" in text:
            return None
        saved = self.read_instead(text, True)  # its [url] links are numbered as the page's are
        try:
            out: list[Piece] = []
            end = self.line(0, out)
        finally:
            self.read_page_again(saved)
        return out if end == len(text) else None

    def has_handler(self, raw: str) -> bool:
        """May a handler expand a template of this (plain) name into something?  (As
        ``expand_call`` looks; a built-in handler that gives nothing in plain text, such as a
        hatnote's, expands nothing.)"""
        known = self.handled.get(raw)
        if known is None:
            handlers = self.handlers
            known = self.user_handles(raw) or (handlers is not None and may_expand_in_text(handlers, lookup_key(raw)))
            self.handled[raw] = known
        return known

    def user_handles(self, raw: str) -> bool:
        """Does one of the user's own handlers (``extra``) answer to this plain name, under
        any spelling ``expand_call`` looks it up by (or as written)?"""
        extra = self.extra
        if not extra:
            return False
        name = _SPACES.sub(" ", raw).strip()
        return lookup_key(name) in extra or name[:1].upper() + name[1:] in extra or name in extra

    def dropped_tag(self, name: str, open_end: int, out: list[Piece]) -> int:
        """An extension tag plain text drops (``name``, lower case; its opening ends at
        ``open_end``): a gap, and where it ends (past its closing tag, or its opening when
        self-closed), or -1 if it is never closed (then it is text: the parser tells)."""
        if self.text[open_end - 2] != "/":
            open_end = self.tag_close(name, open_end)[1]
            if open_end < 0:
                return -1
        out.append(GAP)
        return open_end

    def tag_close(self, name: str, pos: int) -> tuple[int, int]:
        """Where the first closing tag of ``name`` (lower case) after ``pos`` starts and ends,
        or ``(-1, -1)``.  The last search's answer stands for any later ``pos`` up to its
        find: paragraphs each opening a tag closed far on would otherwise each search the
        same text again (the reader stays linear in the page's length)."""
        known = self.closes.get(name)
        if known is not None and known[0] <= pos and (known[1] < 0 or pos <= known[1]):
            return known[1], known[2]
        m = close_tag(name).search(self.text, pos)
        found = (-1, -1) if m is None else (m.start(), m.end())
        self.closes[name] = (pos, *found)
        return found

    def bracket_after(self, pos: int) -> int:
        """Where the first ``[`` at or after ``pos`` is, or -1; the last search answers for
        any ``pos`` up to its find (kept with the closing tags' searches)."""
        known = self.closes.get("[")
        if known is not None and known[0] <= pos and (known[1] < 0 or pos <= known[1]):
            return known[1]
        at = self.text.find("[", pos)
        self.closes["["] = (pos, at, at)
        return at

    def tag(self, pos: int, out: list[Piece]) -> int:
        """A reference, a line break or an inline HTML tag at ``pos``: where it ends, or -1."""
        text = self.text
        if text.startswith("<!--", pos):
            return self.comment(pos)
        if text.startswith("<ref", pos):
            m = _REF_OPEN.match(text, pos)
            if m is None:
                return -1
            if m.group().endswith("/>"):
                end = body_end = m.end()
            else:
                # (The last search answers for references up to its find: paragraphs each
                # opening one closed far on would otherwise each search on to that close.)
                body_end, end = self.tag_close("ref", m.end())
                if body_end < 0:
                    return -1
            # Plain text drops a reference; only a numbered link in it counts (for the links
            # after it), and with refs=True its number: then it is parsed.  Both the search
            # and the parse read the body: they spend the budget (bodies closed far on).
            bracket = self.bracket_after(m.end())
            if self.refs or 0 <= bracket < body_end:
                self.budget -= body_end - m.end()
                if self.budget < 0:
                    return -1
            if self.refs or (
                0 <= bracket < body_end and self.numbered_link.search(text, bracket, body_end) is not None
            ):
                node = self.fragment(pos, end, (ExtensionTag,))
                if node is None:
                    return -1
                out.append(node)
            else:
                out.append(GAP)
            return end
        m = _MATH.match(text, pos)
        if m is not None:
            close_start, close_end = self.tag_close(m.group(1), m.end())
            if close_start < 0:
                return -1
            if not self.math:
                out.append(GAP)
                return close_end
            # The body is copied: paragraphs each opening a math tag closed far on must not
            # copy the same text again and again (spent, the parser tells).
            self.budget -= close_start - m.end()
            if self.budget < 0:
                return -1
            out.append(text[m.end() : close_start])
            return close_end
        m = _EXTENSION_OPEN.match(text, pos)
        if m is not None and (name := m.group(1).lower()) in self.dropped_tags:
            return self.dropped_tag(name, m.end(), out)
        m = _TAG.match(text, pos)
        if m is None:
            return -1
        name = m.group(2)
        if name == "br":
            out.append("\n")
        elif name not in self.inline_tags:
            return -1
        return m.end()


#: The scanners' answers by template name for the default wiki and handlers (which no one
#: changes: a read-only mapping), shared by every page, cleared past a bound.
_SHARED_HANDLED: dict[str, bool] = {}
_SHARED_KINDS: dict[str, int] = {}
_SHARED_PLAIN_HANDLERS: dict[str, tuple[str, TemplateHandler] | None] = {}
_SHARED_NAMES = 4096
_NUMBERED_LINKS: dict[tuple[str, ...], re.Pattern[str]] = {}
_TABLE_SKIPS: dict[tuple[frozenset[str], frozenset[str]], re.Pattern[str]] = {}
#: A tag name as ``_TAG_NAME`` reads one.
_TAG_NAME_ONLY = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_FREE_PROTOCOLS: dict[tuple[str, ...], tuple[dict[str, list[str]], int, dict[str, tuple[str, ...]]]] = {}


_CONFIG_TAGS: dict[ParserConfig, tuple[frozenset[str], frozenset[str]]] = {}


def _config_tags(config: ParserConfig) -> tuple[frozenset[str], frozenset[str]]:
    """The HTML tags the scanner reads inline and the extension tags plain text drops, for
    ``config`` (each page made them anew; a config is immutable, remembered by identity)."""
    found = _CONFIG_TAGS.get(config)
    if found is None:
        if len(_CONFIG_TAGS) >= 64:  # (configs made by the thousand must not pile up)
            _CONFIG_TAGS.clear()
        found = _CONFIG_TAGS[config] = (
            frozenset(config.html_tags) - _NOT_INLINE_TAGS,
            frozenset(name.lower() for name in config.extension_tags) - _KEPT_EXTENSION_TAGS,
        )
    return found


def _free_protocols(config: ParserConfig) -> tuple[dict[str, list[str]], int, dict[str, tuple[str, ...]]]:
    """The config's protocols by name, with what follows the colon of each (``http`` ->
    ``//``, ``mailto`` -> ``""``), and the length of the longest name; made once per list of
    protocols (read only); and the scanners' :meth:`ProseScanner.protocol_rests` by word for
    them (shared: the same words come before colons on every page)."""
    key = tuple(config.url_protocols)
    found = _FREE_PROTOCOLS.get(key)
    if found is None:
        protocols: dict[str, list[str]] = {}
        for protocol in key:
            name, colon, rest = protocol.partition(":")
            if colon and name:
                protocols.setdefault(name.casefold(), []).append(rest)
        found = _FREE_PROTOCOLS[key] = (protocols, max(map(len, protocols), default=0), {})
    return found


def _table_skip_pattern(config: ParserConfig) -> re.Pattern[str]:
    """``_TABLE_SKIP`` for the config's tags (cached by them)."""
    key = (config.html_tags, config.extension_tags)
    pattern = _TABLE_SKIPS.get(key)
    if pattern is None:
        names = sorted(
            name
            for name in {tag.lower() for tag in config.html_tags}
            if name not in config.extension_tags and name not in TRANSCLUSION_TAGS and _TAG_NAME_ONLY.fullmatch(name)
        )
        pattern = _TABLE_SKIPS[key] = re.compile(_TABLE_SKIP.format(tags="|".join(names) or "(?!)"))
    return pattern


def numbered_link_pattern(config: ParserConfig) -> re.Pattern[str]:
    """What every ``[url]`` without a label matches (a superset of the inline pass's
    ``bracket_link`` with an empty label: any characters but brackets and spaces)."""
    key = tuple(config.url_protocols)
    pattern = _NUMBERED_LINKS.get(key)
    if pattern is None:
        # Grouped by first character (``h(?:ttp://|ttps://)|f(?:tp://|...)``, the same
        # language as the plain alternation): a "[[B..." of a table of links then tries one
        # branch, not each of some thirty protocols (case-insensitive, so no literal prefix).
        by_first: dict[str, list[str]] = {}
        for p in config.url_protocols:
            by_first.setdefault(p[:1], []).append(re.escape(p[1:]))
        protocols = "|".join(re.escape(first) + "(?:" + "|".join(rests) + ")" for first, rests in by_first.items())
        # The lookahead (the protocols' first characters) lets most "[" go early.
        firsts = "".join(sorted({c for p in config.url_protocols for c in (p[:1].lower(), p[:1].upper())}))
        look = "(?=[" + re.escape(firsts) + "])" if firsts else ""
        pattern = re.compile(r"\[" + look + r"(?i:" + protocols + r")(?:\[[0-9A-Fa-f:.]+\])?[^\]\[\s]*\s*\]")
        _NUMBERED_LINKS[key] = pattern
    return pattern


def prose_parts(
    text: str, config: ParserConfig, skim_tags: frozenset[str], options: TextOptions
) -> Iterator[Document | ProseRun]:
    """The page as consecutive parts, rest parts parsed (as ``page_parts`` parses its parts,
    and cut as it cuts them when they are long) and prose runs read by the scanner, such that
    rendering them in order with one text renderer gives the text of the whole page's tree.

    Headings keep the edit-section numbers of their part: plain text shows none."""
    runs = _prose_runs(ProseScanner(text, config, skim_tags, options))
    size = len(text)
    i = 0
    start = 0
    want = PART_CHARS
    candidates: list[int] | None = None  # page_parts' cut candidates, scanned when first needed
    whole_lines: dict[str, bool] = {}
    while True:
        nxt = runs[i] if i < len(runs) else None
        end = nxt[0] if nxt is not None else size
        if start < end:
            cut = end
            if end - start > want:  # a long rest: cut at a safe heading, as page_parts does
                if candidates is None:
                    candidates = _cut_candidates(text, config, skim_tags, PART_CHARS)
                cut = min(_next_cut(text, candidates, start + want, config, skim_tags, whole_lines), end)
            part = text[start:cut]
            st, doc = _parse_part(part, config, skim_tags)
            if (cut < end or nxt is not None) and not (_closed(st, part) and _tags_closed(part)):
                del st, doc, part
                if cut < end:
                    want = 2 * (cut - start)  # geometric, so that re-parsing stays linear
                    continue
                # Something is open before the prose run: it joins the rest (and so do
                # the runs after it within twice the length, for the same reason).
                limit = start + 2 * (end - start)
                i += 1
                while i < len(runs) and runs[i][0] < limit:
                    i += 1
                continue
            del st, part
            want = PART_CHARS
            start = cut
            yield doc
            del doc  # the renderer is done with it: free it before parsing the next part
            if cut < end:
                continue
        if nxt is None:
            return
        yield ProseRun(nxt[2])
        start = nxt[1]
        i += 1


def _tags_closed(part: str) -> bool:
    """Does every tag opened in ``part`` have its ``>`` in it?  (An extension tag's opening
    runs on to the next ``>`` anywhere: ``<gallery caption="a\n\nb">``.)"""
    return _TAG_START.search(part, part.rfind(">") + 1) is None


def _prose_runs(scanner: ProseScanner) -> list[tuple[int, int, list[Block]]]:
    """``(start, end, blocks)`` of each prose run of the page, in order.  A run ends at its
    last block's line break (or the page's end), so the rest part after it starts with a line
    break: it is never a redirect (MediaWiki's has no line break before it)."""
    text = scanner.text
    size = len(text)
    runs: list[tuple[int, int, list[Block]]] = []
    pos = 0
    while pos < size:
        blocks: list[Block] = []
        start = pos
        end = pos
        while pos < size:
            c = text[pos]
            if c == "<":
                if text.startswith("<!--", pos):
                    after = scanner.comment_lines(pos)
                else:  # a line of markers alone is a blank line (its markers vanish)
                    marker_line = _MARKER_LINE.match(text, pos)
                    after = pos if marker_line is None else marker_line.end()
                if after > pos:  # comment lines vanish: the block after them starts the same
                    pos = after
                    while pos < size and text[pos] == "\n":
                        pos += 1
                    continue
            if (c == " " or c == "\t") and (white := _WHITE_LINE.match(text, pos)) is not None and white.end() < size:
                pos = _BLANK_LINES.match(text, pos).end()  # type: ignore[union-attr]
                continue  # a white line (not the page's last): a blank line
            got: tuple[Block, int] | None
            if c == "=":
                got = scanner.heading(pos)
            elif c == "{" and text.startswith("{|", pos):
                got = scanner.table(pos)
            elif c in _LIST_STARTS:
                got = scanner.list_block(pos)
            else:
                got = scanner.paragraph(pos)
            if got is None:
                break
            block, end = got
            blocks.append(block)
            if end + 1 >= size:
                break  # the end of the page
            # Past blank and white lines (a block may also follow right after a heading, a
            # list after a paragraph...).
            pos = end + 1
            if text[pos] in " \t\n":
                pos = _BLANK_LINES.match(text, pos).end()  # type: ignore[union-attr]
        if blocks and _heading_follows_ok(scanner, end):
            runs.append((start, end, blocks))
        m = _CANDIDATE.search(text, end if blocks else start)
        while m is not None and m.group().startswith("=") and not _whole_heading_line(scanner, m.start(), m.end() - 1):
            m = _CANDIDATE.search(text, m.end())  # a heading-like line that is no heading
        if m is None:
            break
        pos = m.end()
        while pos < size and text[pos] == "\n":
            pos += 1
    return runs


def _heading_follows_ok(scanner: ProseScanner, end: int) -> bool:
    """A prose run that ends before a heading line: only if it is a whole heading."""
    text = scanner.text
    if end >= len(text) or text[end + 1 : end + 2] != "=":
        return True
    line_end = text.find("\n", end + 1)
    return _whole_heading_line(scanner, end + 1, len(text) if line_end == -1 else line_end)


def _whole_heading_line(scanner: ProseScanner, start: int, end: int) -> bool:
    """Is ``text[start:end]`` (one line) a whole heading on its own (as ``base._next_cut``)?"""
    line = scanner.text[start:end]
    if _PLAIN_HEADING.fullmatch(line) is not None:
        return True
    st, doc = _parse_part(line, scanner.config, scanner.skim_tags)
    return _closed(st, line) and _whole_heading(doc, len(line))
