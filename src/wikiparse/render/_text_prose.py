"""Plain prose without the parser: the paragraphs of a page that ``to_text`` can read directly.

Most of an article's bytes are paragraphs of words with links, bold and italics, references and
a few templates, all of which plain text either shows as written (words, link labels) or drops
(references, templates without a handler).  Building the tree for them (a paragraph, its text
runs, each link's target and label containers, each reference) costs most of ``to_text``; this
module reads such paragraphs with one regular-expression scan per token and hands the text
renderer the very pieces its walk over the tree would have put in its buffer.

The page is cut into runs of *prose* (paragraphs this scanner accepts in full) and the *rest*
(parsed as before, each rest part on its own, as :func:`~.base.page_parts` parses parts).  The
cuts are only where the two readings agree:

* a prose run starts at the start of the page, after a blank line, or after a heading line
  that is a whole heading on its own; it ends at the end of the page, at a blank line, or
  before such a heading line;
* every line of a prose run is made only of what :func:`_scan_paragraph` knows exactly
  (anything else, even a valid construct, rejects the whole paragraph);
* the rest part before a prose run must be *closed* (``base._closed``: no frame, tag,
  comment or table left open, no diagnostic), or the prose run joins the rest and is parsed;
* a rest part after a prose run may not start with ``#`` after white space (it would look
  like a redirect at the start of a page).

Constructs that the scanner accepts but cannot decide alone (a template that a handler
expands, a reference whose body holds a bracketed URL, which MediaWiki numbers) are parsed
on their own and walked by the renderer, which is what the whole parse gives for them: their
insides do not depend on what is around them.  ``tests/test_text_prose.py`` checks that
``to_text`` with and without this path agree, on real pages and generated wikitext.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping

from .._parse import drain
from .._parse.patterns import is_valid_entity
from .._parse.preprocessor import brackets
from .._parse.preprocessor_syntax import TRANSCLUSION_TAGS, close_tag, self_closed, tag_open_end
from .._parse.state import INLINE, ParseState, new_wikicode
from ..config import ParserConfig
from ..nodes import (
    Argument,
    CategoryLink,
    Document,
    ExtensionTag,
    FileLink,
    InterlanguageLink,
    MagicVariable,
    Node,
    ParserFunction,
    Template,
    Wikilink,
)
from ._templates import _FAMILY, TemplateHandler, lookup_key
from .base import PART_CHARS, _closed, _next_cut, _parse_part, _whole_heading

__all__ = ["ProseRun", "prose_parts"]

#: Marks where dropped markup stood (the text renderer's ``_GAP``).
GAP = "\x01"

#: Characters a run of plain words may hold: everything but the starts of markup, line
#: breaks and C0 controls.  ``:`` is allowed (a bare URL is looked for separately).
_PLAIN = re.compile(r"[^\[\]{}<&'\n_~|＿\x00-\x08\x0b-\x1f\x7f]+")
_QUOTES = re.compile(r"'+")
#: ``[[target]]`` / ``[[target|label]]`` with a main-namespace target (no ``:``) that is a
#: valid title as written (no escapes, no relative path), and a label without markup.
_LINK = re.compile(
    r"\[\[([^\[\]{}|<>&%:/~'_\n\x00-\x1f\x7f.#][^\[\]{}|<>&%:/~'_\n\x00-\x1f\x7f]*)"
    r"(?:\|((?:[^\[\]{}|<>&'~_\n\x00-\x1f\x7f]|'(?!')|_(?!_))+))?\]\](?!\])"
)
#: A template on one line with no braces, brackets or tags inside.
_TEMPLATE = re.compile(r"\{\{(?!\{)([^{}\[\]<>|\n]*)((?:\|[^{}\[\]<>\n]*)?)\}\}(?!\})")
#: A plain template name (nothing a title would normalise: no ``& % # : <``).
_PLAIN_NAME = re.compile(r"\s*\w[\w\s.,()'\-]*")
#: Where a template's name ends.
_NAME_END = re.compile(r"[|{}\[\]<]")
#: What nests inside a template or link: bracket runs, tags and comments, ``-{``.
_NESTING = re.compile(r"\{+|\}+|\[+|\]+|<|-\{")
_TAG_NAME = re.compile(r"<([A-Za-z][A-Za-z0-9]*)(?=[\s/>])")
#: Node classes a template, a link or a reference parsed alone may give (anything else, such
#: as a link shown as text, reads differently inside a line).
_TEMPLATE_NODES = (Template, ParserFunction, MagicVariable, Argument)
_LINK_NODES = (Wikilink, FileLink, CategoryLink, InterlanguageLink)
_SPACES = re.compile(r"[\s_]+")
_REF_OPEN = re.compile(r"<ref(?:\s[^<>]*)?/?>")
_REF_CLOSE = re.compile(r"</ref\s*>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);")
#: An HTML tag with attributes that hold no markup.
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)(?:[\s/][^<>\[\]{}'&\n]*)?>")
#: Words after which the inline pass finds magic links (their ``&nbsp;`` stays as written).
_MAGIC_WORDS = ("ISBN", "RFC", "PMID")
#: HTML tags whose text plain text shows line-broken, as cells, or as a break: not inline.
_NOT_INLINE_TAGS = frozenset(
    ["p", "div", "blockquote", "center", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "caption",
     "ul", "ol", "dl", "li", "dt", "dd", "pre", "hr", "td", "th", "br"]
)
#: The first characters of a line that starts block markup (or that this scanner leaves alone).
_BLOCK_START = frozenset(" \t*#:;=|!-}<\n")
#: A heading line (as ``base._HEADING_LINE``), matched at a line start.
_HEADING_LINE = re.compile(r"=[^\n]*=[ \t]*(?=\n|\Z)")
#: Where a prose run may start: after a blank line or after a heading line.
_CANDIDATE = re.compile(r"\n\n+|^=[^\n]*=[ \t]*\n", re.MULTILINE)
_REDIRECT_LIKE = re.compile(r"\s*#")
_TAG_START = re.compile(r"<[A-Za-z]")

#: A piece of a paragraph: text for the renderer's buffer, or a node for it to walk.
Piece = str | Node


class ProseRun:
    """Consecutive paragraphs read without the parser, each as the pieces of its text."""

    __slots__ = ("paragraphs",)

    def __init__(self, paragraphs: list[list[Piece]]) -> None:
        self.paragraphs = paragraphs


class _Scanner:
    """Reads prose paragraphs of one page (see the module docstring for what it accepts)."""

    def __init__(
        self,
        text: str,
        config: ParserConfig,
        skim_tags: frozenset[str],
        handlers: Mapping[str, TemplateHandler] | None,
        extra: Mapping[str, TemplateHandler] | None,
        refs: bool,
    ) -> None:
        self.text = text
        self.config = config
        self.skim_tags = skim_tags
        self.handlers = handlers
        self.extra = extra
        self.refs = refs
        self.st = ParseState("", config)
        self.inline_tags = frozenset(config.html_tags) - _NOT_INLINE_TAGS
        #: Where the last search for ``</ref>`` found none: none after it either.
        self.no_ref_close = len(text) + 1
        #: Characters the scans for a nested construct's end may still read: a page of
        #: unclosed ``{{`` would make each scan read on to the end.  Spent, the parser decides
        #: (so the reader stays linear in the page's length).
        self.budget = 4 * len(text) + 10_000

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
        templates and links opened by exactly two brackets and closed in order, comments and
        extension tags skipped whole; -1 otherwise (the parser decides)."""
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
            if c == "{":
                if n != 2:
                    return -1
                stack.append("{")
            elif c == "}":
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
                if n == 2:
                    if not stack or stack[-1] != "[":
                        return -1
                    stack.pop()
                elif n != 1:
                    return -1
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
        scanner does not know every part of it."""
        text = self.text
        size = len(text)
        out: list[Piece] = []
        italics = bold = 0
        if text[pos] in _BLOCK_START or text.startswith("{|", pos):
            return None
        while pos < size:
            c = text[pos]
            m = _PLAIN.match(text, pos)
            if m is not None:
                run = m.group()
                if ":" in run and self.st.pats.free_url.search(run) is not None:
                    return None
                if ("ISBN" in run or "RFC" in run or "PMID" in run) and any(w in run for w in _MAGIC_WORDS):
                    return None
                if "-" in run and run.endswith("-") and text.startswith("{", m.end()):
                    return None  # -{ ... }-: language conversion
                out.append(run)
                pos = m.end()
                continue
            if c == "\n":
                if italics % 2 and bold % 2:
                    return None  # MediaWiki turns one bold mark into an apostrophe
                italics = bold = 0
                nxt = text[pos + 1 : pos + 2]
                if not nxt or nxt == "\n":
                    return out, pos
                if nxt == "=":
                    return (out, pos) if _HEADING_LINE.match(text, pos + 1) else None
                if nxt in _BLOCK_START or text.startswith("{|", pos + 1):
                    return None
                out.append(" ")
                pos += 1
                continue
            if c == "'":
                m = _QUOTES.match(text, pos)
                assert m is not None
                n = m.end() - pos
                if n == 1:
                    out.append("'")
                elif n == 2:
                    italics += 1
                elif n == 3:
                    bold += 1
                elif n == 5:
                    italics += 1
                    bold += 1
                else:
                    return None
                pos = m.end()
                continue
            if c == "[":
                m = _LINK.match(text, pos)
                if m is not None and m.group(1).strip():
                    label = m.group(2)
                    out.append(m.group(1).strip() if label is None else label)
                    pos = m.end()
                    continue
                end = self.nested_end(pos) if text.startswith("[[", pos) else -1
                node = self.fragment(pos, end, _LINK_NODES) if end > 0 else None
                if node is None:
                    return None
                out.append(node)
                pos = end
                continue
            if c == "{":
                end = self.template(pos, out)
                if end < 0:
                    return None
                pos = end
                continue
            if c == "<":
                end = self.tag(pos, out)
                if end < 0:
                    return None
                pos = end
                continue
            if c == "&":
                m = _ENTITY.match(text, pos)
                if m is not None and is_valid_entity(m.group()):
                    out.append(html.unescape(m.group()))
                    pos = m.end()
                else:
                    out.append("&")
                    pos += 1
                continue
            if c == "_" or c == "~":
                if text.startswith("__", pos) or text.startswith("~~~", pos):
                    return None
                out.append(c)
                pos += 1
                continue
            return None
        if italics % 2 and bold % 2:
            return None
        return out, pos

    def template(self, pos: int, out: list[Piece]) -> int:
        """A template at ``pos``: dropped (a gap) unless a handler may expand it or its name is
        not plain; those are parsed alone and walked.  Where it ends, or -1."""
        text = self.text
        m = _TEMPLATE.match(text, pos)
        if m is not None:
            end = m.end()
            name_end = pos + 2 + len(m.group(1))
        else:
            if not text.startswith("{{", pos) or text.startswith("{{{", pos):
                return -1
            end = self.nested_end(pos)
            if end < 0:
                return -1
            n = _NAME_END.search(text, pos + 2)
            assert n is not None
            name_end = n.start()
            if text[name_end] not in "|}":
                name_end = -1
        raw = text[pos + 2 : name_end] if name_end > 0 else ""
        if name_end < 0 or _PLAIN_NAME.fullmatch(raw) is None or self.has_handler(raw):
            node = self.fragment(pos, end, _TEMPLATE_NODES)
            if node is None:
                return -1
            out.append(node)
        else:
            out.append(GAP)
        return end

    def has_handler(self, raw: str) -> bool:
        """May a handler expand a template of this (plain) name?  (As ``expand_call`` looks.)"""
        name = _SPACES.sub(" ", raw).strip()
        key = lookup_key(name)
        extra = self.extra
        if extra and (key in extra or name[:1].upper() + name[1:] in extra or name in extra):
            return True
        handlers = self.handlers
        if handlers:
            if key in handlers:
                return True
            family = _FAMILY.match(key)
            return family is not None and family.group() + "*" in handlers
        return False

    def tag(self, pos: int, out: list[Piece]) -> int:
        """A reference, a line break or an inline HTML tag at ``pos``: where it ends, or -1."""
        text = self.text
        if text.startswith("<ref", pos):
            m = _REF_OPEN.match(text, pos)
            if m is None:
                return -1
            if m.group().endswith("/>"):
                end = m.end()
                body = ""
            else:
                if m.end() >= self.no_ref_close:
                    return -1
                close = _REF_CLOSE.search(text, m.end())
                if close is None:
                    self.no_ref_close = m.end()
                    return -1
                end = close.end()
                body = text[m.end() : close.start()]
            if self.refs or ("[" in body and self.st.pats.bracket_url.search(body) is not None):
                node = self.fragment(pos, end, (ExtensionTag,))
                if node is None:
                    return -1
                out.append(node)
            else:
                out.append(GAP)
            return end
        m = _TAG.match(text, pos)
        if m is None:
            return -1
        name = m.group(2)
        if name == "br":
            out.append("\n")
        elif name not in self.inline_tags:
            return -1
        return m.end()


def prose_parts(
    text: str,
    config: ParserConfig,
    skim_tags: frozenset[str],
    handlers: Mapping[str, TemplateHandler] | None,
    extra: Mapping[str, TemplateHandler] | None,
    refs: bool,
) -> Iterator[Document | ProseRun]:
    """The page as consecutive parts, rest parts parsed (as ``page_parts`` parses its parts,
    and cut as it cuts them when they are long) and prose runs read by the scanner, such that
    rendering them in order with one text renderer gives the text of the whole page's tree.

    Headings keep the edit-section numbers of their part: plain text shows none."""
    runs = _prose_runs(_Scanner(text, config, skim_tags, handlers, extra, refs))
    size = len(text)
    i = 0
    start = 0
    want = PART_CHARS
    while True:
        nxt = runs[i] if i < len(runs) else None
        end = nxt[0] if nxt is not None else size
        if start < end:
            cut = end
            if end - start > want:  # a long rest: cut at a safe heading, as page_parts does
                cut = min(_next_cut(text, start + want, config, skim_tags), end)
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


def _prose_runs(scanner: _Scanner) -> list[tuple[int, int, list[list[Piece]]]]:
    """``(start, end, paragraphs)`` of each prose run of the page, in order."""
    text = scanner.text
    size = len(text)
    runs: list[tuple[int, int, list[list[Piece]]]] = []
    pos = 0
    while pos < size:
        paragraphs: list[list[Piece]] = []
        start = pos
        end = pos
        while pos < size:
            got = scanner.paragraph(pos)
            if got is None:
                break
            pieces, end = got
            paragraphs.append(pieces)
            if end >= size or text[end + 1 : end + 2] != "\n":
                break  # the end of the page, or a heading line follows
            pos = end
            while pos < size and text[pos] == "\n":
                pos += 1
        if paragraphs and _REDIRECT_LIKE.match(text, end) is None and _heading_follows_ok(scanner, end):
            runs.append((start, end, paragraphs))
        m = _CANDIDATE.search(text, end if paragraphs else start)
        while m is not None and m.group().startswith("=") and not _whole_heading_line(scanner, m.start(), m.end() - 1):
            m = _CANDIDATE.search(text, m.end())  # a heading-like line that is no heading
        if m is None:
            break
        pos = m.end()
        while pos < size and text[pos] == "\n":
            pos += 1
    return runs


def _heading_follows_ok(scanner: _Scanner, end: int) -> bool:
    """A prose run that ends before a heading line: only if it is a whole heading."""
    text = scanner.text
    if end >= len(text) or text[end + 1 : end + 2] != "=":
        return True
    line_end = text.find("\n", end + 1)
    return _whole_heading_line(scanner, end + 1, len(text) if line_end == -1 else line_end)


def _whole_heading_line(scanner: _Scanner, start: int, end: int) -> bool:
    """Is ``text[start:end]`` (one line) a whole heading on its own (as ``base._next_cut``)?"""
    line = scanner.text[start:end]
    st, doc = _parse_part(line, scanner.config, scanner.skim_tags)
    return _closed(st, line) and _whole_heading(doc, len(line))
