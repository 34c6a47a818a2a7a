"""Reading a page copied as text from a rendered wiki page.

Copying a wiki page from a browser gives text like ``fixtures/IL-2_receptor.rendered.txt``::

    IL-2 receptor                                   <- the page title

    From WikiMD's Food, Medicine & Wellness ...     <- the site's tagline

    IL-2 receptor is a type of protein ...          <- lead paragraphs

    Structure[edit | edit source]                   <- a heading and its edit-section marker
    ...
    IL-2 receptor Resources                         <- the site's chrome: navigation, ads,
    ...                                                credits, after the last section

:func:`parse_rendered` turns that into the same node classes as wikitext, losslessly
(``str(parse_rendered(t)) == t`` for every string):

* a :class:`~wikiparse.nodes.Document` of :class:`~wikiparse.nodes.Section` nodes;
* the lead (section 0) starts with the title as a level-1 :class:`~wikiparse.nodes.Heading`
  with empty ``open``/``close``, ``number`` 0 and ``editable=False`` (a page title has no edit
  link); the tagline is the lead's first :class:`~wikiparse.nodes.Paragraph`;
* each line ending in an ``[edit | edit source]`` or ``[edit]`` marker is a level-2 Heading
  (a copied page does not show levels) with the marker as an
  :class:`~wikiparse.nodes.EditSection` in ``Heading.trailing``, opening a level-2 Section
  numbered like MediaWiki's ``action=edit&section=N``;
* text lines are grouped into Paragraphs at blank lines; the newlines between blocks are
  :class:`~wikiparse.nodes.Text` nodes, as in parsed wikitext;
* the site's chrome after the article (from the first line that looks like navigation, an
  advert, a resources box or credits) is kept apart as a final Section with ``level == -1``
  and ``number == -1``, so that walking the article sections never meets it.

The accessors :func:`page_title`, :func:`page_tagline`, :func:`page_chrome`,
:func:`article_sections` and :func:`article_text` read those parts back.
"""

from __future__ import annotations

import re

from .nodes import (
    Document,
    EditSection,
    Heading,
    Node,
    Paragraph,
    Section,
    Text,
    Wikicode,
    reindex,
)

__all__ = [
    "CHROME_LEVEL",
    "article_sections",
    "article_text",
    "page_chrome",
    "page_tagline",
    "page_title",
    "parse_rendered",
]

#: ``Section.level`` of the site chrome kept apart from the article.
CHROME_LEVEL = -1

_HEADING_RE = re.compile(
    r"^(?P<title>[^\n]*?\S[^\n]*?)"
    r"(?P<marker>\[[ \t]*edit(?:[ \t]*\|[ \t]*edit[ \t]+source)?[ \t]*\])"
    r"(?P<trail>[ \t\r]*)$",
    re.M,
)

#: Lines that start a site's chrome once the article is over (navigation boxes, search,
#: adverts, credits, category bars, footers), matched at the start of a line.
_CHROME_RE = re.compile(
    r"^(?:[^\n]+ Resources[ \t\r]*$"
    r"|Navigation(?: menu)?:?"
    r"|Search [^\n]+$"
    r"|Retrieved from "
    r"|Categor(?:y|ies):"
    r"|Hidden categor"
    r"|This page was last (?:edited|modified)"
    r"|Contributors:"
    r"|Credits:"
    r"|Advertise on "
    r"|Ad\."
    r"|Privacy policy)",
    re.M,
)


def _heading(m: re.Match[str], number: int) -> Heading:
    trailing: list[Node] = [EditSection(raw=m.group("marker"))]
    if m.group("trail"):
        trailing.append(Text(value=m.group("trail")))
    return Heading(
        level=2,
        open="",
        close="",
        title=Wikicode(nodes=[Text(value=m.group("title"))]),
        trailing=Wikicode(nodes=trailing),
        number=number,
        editable=True,
    )


class _BlockBuilder:
    """Groups lines into paragraphs, headings and the newline text between them."""

    def __init__(self) -> None:
        self.out: list[Node] = []
        self.para: list[str] = []
        self.sep: list[str] = []
        self.para_nl = ""

    def _close_para(self) -> None:
        if self.para:
            self.out.append(Paragraph(nodes=[Text(value="\n".join(self.para))]))
            self.para = []
            self.sep.append(self.para_nl)

    def _flush_sep(self) -> None:
        sep = "".join(self.sep)
        if sep:
            self.out.append(Text(value=sep))
        self.sep = []

    def blank(self, line: str, nl: str) -> None:
        self._close_para()
        self.sep.append(line + nl)

    def block(self, node: Node, nl: str) -> None:
        self._close_para()
        self._flush_sep()
        self.out.append(node)
        self.sep.append(nl)

    def text(self, line: str, nl: str) -> None:
        if not self.para:
            self._flush_sep()
        self.para.append(line)
        self.para_nl = nl

    def finish(self) -> list[Node]:
        self._close_para()
        self._flush_sep()
        return self.out


def _blocks(text: str, *, title: bool, headings: bool, first_number: int = 1) -> list[Node]:
    """The block nodes of ``text``: the first line is the page title when ``title``."""
    b = _BlockBuilder()
    lines = text.split("\n")
    number = first_number
    last = len(lines) - 1
    for i, line in enumerate(lines):
        nl = "\n" if i < last else ""
        if not line.strip():
            if line or nl:
                b.blank(line, nl)
            continue
        m = _HEADING_RE.match(line) if headings else None
        if m is not None:
            b.block(_heading(m, number), nl)
            number += 1
        elif title and i == 0:
            b.block(
                Heading(
                    level=1,
                    open="",
                    close="",
                    title=Wikicode(nodes=[Text(value=line)]),
                    number=0,
                    editable=False,
                ),
                nl,
            )
        else:
            b.text(line, nl)
    return b.finish()


def _chrome_start(text: str) -> int:
    """Where the site's chrome begins (``len(text)`` if it cannot be told apart).

    Only lines after the last section heading (or after the title line) are candidates, so an
    article paragraph is never mistaken for chrome.
    """
    headings = list(_HEADING_RE.finditer(text))
    if headings:
        after = headings[-1].end()
    else:
        first_nl = text.find("\n")
        after = len(text) if first_nl < 0 else first_nl + 1
    m = _CHROME_RE.search(text, after)
    return m.start() if m is not None else len(text)


def _sections(nodes: list[Node]) -> list[Section]:
    """Split block nodes into the lead and one Section per edit-section heading."""
    sections = [Section(level=0, number=0)]
    for n in nodes:
        if isinstance(n, Heading) and n.level == 2:
            sections.append(Section(level=2, number=n.number))
        sections[-1].nodes.append(n)
    return sections


def parse_rendered(text: str) -> Document:
    """Read a page copied as text from a rendered wiki page (see the module docstring).

    Never raises for a ``str``; ``str(result) == text`` always.
    """
    cut = _chrome_start(text)
    article, chrome = text[:cut], text[cut:]
    sections = _sections(_blocks(article, title=True, headings=True))
    if not sections[0].nodes and len(sections) > 1:
        sections.pop(0)
    if chrome:
        sections.append(
            Section(
                level=CHROME_LEVEL,
                number=-1,
                nodes=_blocks(chrome, title=False, headings=False),
            )
        )
    doc = Document(nodes=list(sections), source=text)
    reindex(doc)
    return doc


# --------------------------------------------------------------------------------------------
# Accessors
# --------------------------------------------------------------------------------------------


def _lead(doc: Document) -> Section | None:
    first = doc.nodes[0] if doc.nodes else None
    return first if isinstance(first, Section) and first.level == 0 else None


def page_title(doc: Document) -> str | None:
    """The page title (the first line), if the page starts with one."""
    lead = _lead(doc)
    h = lead.heading if lead is not None else None
    return h.title.strip() if h is not None and h.level == 1 else None


def page_tagline(doc: Document) -> str | None:
    """The site's tagline under the title ("From Wikipedia, the free encyclopedia")."""
    lead = _lead(doc)
    if lead is None:
        return None
    for n in lead.nodes:
        if isinstance(n, Paragraph):
            text = str(n)
            return text if text.startswith("From ") else None
    return None


def page_chrome(doc: Document) -> Section | None:
    """The site chrome after the article (the final ``level == -1`` Section), if any."""
    last = doc.nodes[-1] if doc.nodes else None
    return last if isinstance(last, Section) and last.level == CHROME_LEVEL else None


def article_sections(doc: Document) -> list[Section]:
    """The lead and the article's sections, without the chrome."""
    return [s for s in doc.nodes if isinstance(s, Section) and s.level != CHROME_LEVEL]


def article_text(doc: Document) -> str:
    """The article as a reader reads it: lead paragraphs, then each heading's title and its
    paragraphs, blocks separated by a blank line; no title, tagline, markers or chrome."""
    blocks: list[str] = []
    tagline_seen = page_tagline(doc) is None
    for section in article_sections(doc):
        for n in section.nodes:
            if isinstance(n, Heading) and n.level != 1:
                blocks.append(n.title.strip())
            elif isinstance(n, Paragraph):
                if not tagline_seen:
                    tagline_seen = True
                    continue
                blocks.append(str(n).strip())
    return "\n\n".join(blocks)
