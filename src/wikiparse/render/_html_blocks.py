"""MediaWiki's block-level pass: paragraphs, indent-pre and list nesting, line by line.

The HTML renderer first turns the tree into *half-parsed* text with the same line structure as
the wikitext: list items as ``prefix + content`` lines, preformatted lines with their leading
space, tables, headings and extension output as HTML, paragraph lines as inline HTML.  This
module then applies the rules MediaWiki's ``BlockLevelPass`` applies to exactly that kind of
text, so paragraph wrapping, ``<pre>`` and ``<p><br /></p>`` come out as on a wiki.

The loop is per line (never per character); every test on a line is one compiled regex.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .._mw import PHP_WHITESPACE

__all__ = ["do_block_levels"]

_PREFIX_RE = re.compile(r"[*#:;]*")
_PRE_OPEN_RE = re.compile(r"<pre", re.I)
_PRE_CLOSE_RE = re.compile(r"</pre", re.I)
# Tags that suppress p-wrapping/indent-pre *inside* them (open) or after them (close).
_OPEN_RE = re.compile(
    r"<(?:(?:table|h1|h2|h3|h4|h5|h6|pre|p|ul|ol|dl)|/(?:td|th)|/?(?:tr|caption|dt|dd|li))\b",
    re.I,
)
_CLOSE_RE = re.compile(
    r"<(?:/(?:table|h1|h2|h3|h4|h5|h6|pre|p|ul|ol|dl)|(?:td|th)|/?(?:center|blockquote|div|hr|mw:|aside|figure|figcaption))\b",
    re.I,
)
#: Could the line hold any of the four tags above?  One search that most lines (text with
#: links and formatting) fail, instead of four.
_ANY_BLOCK_TAG_RE = re.compile(
    r"</?(?:pre|mw:)|</?(?:table|h[1-6]|p|ul|ol|dl|td|th|tr|caption|dt|dd|li|center|blockquote|div|hr"
    r"|aside|figure|figcaption)\b",
    re.I,
)
_BQ_RE = re.compile(r"<(/?)blockquote[\s>]", re.I)
_STYLE_ONLY_RE = re.compile(r"^(?:<style\b[^>]*>.*?</style>\s*|<link\b[^>]*>\s*)+$", re.I)

#: What PHP's trim() removes (not the non-breaking space Python's strip() also removes).
_PHP_WS = PHP_WHITESPACE

_OPEN_LIST = {"*": "<ul><li>", "#": "<ol><li>", ":": "<dl><dd>", ";": "<dl><dt>"}


class _State:
    """The pass's mutable state (kept in one object so helpers stay small)."""

    __slots__ = ("dt_open", "in_pre", "last_para")

    def __init__(self) -> None:
        self.dt_open = False
        self.in_pre = False
        self.last_para = ""

    def close_para(self, at_end: bool = False) -> str:
        out = ""
        if self.last_para:
            out = f"</{self.last_para}>" + ("" if at_end else "\n")
        self.in_pre = False
        self.last_para = ""
        return out

    def open_list(self, char: str) -> str:
        out = self.close_para()
        if char == ";":
            self.dt_open = True
        return out + _OPEN_LIST.get(char, "<ul><li>")

    def next_item(self, char: str) -> str:
        if char in "*#":
            return "</li>\n<li>"
        close = "</dt>\n" if self.dt_open else "</dd>\n"
        self.dt_open = char == ";"
        return close + ("<dt>" if char == ";" else "<dd>")

    def close_list(self, char: str) -> str:
        if char == "*":
            return "</li></ul>"
        if char == "#":
            return "</li></ol>"
        if self.dt_open:
            self.dt_open = False
            return "</dt></dl>"
        return "</dd></dl>"


def _common(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


#: Pieces of output gathered before they are joined into one chunk (see do_block_levels).
_CHUNK_PIECES = 4096


def _lines(text: str) -> Iterator[tuple[str, bool]]:
    """``text.split("\\n")`` one line at a time, each with whether another line follows: a
    page-long output is not held a second time as a list of lines."""
    find = text.find
    pos = 0
    while (end := find("\n", pos)) != -1:
        yield text[pos:end], True
        pos = end + 1
    yield text[pos:], False


def do_block_levels(text: str | list[str]) -> str:
    """Wrap paragraphs, build ``<pre>`` from indented lines and nest list lines.

    A long page's output goes through here whole: lines are read one at a time and the
    output pieces are joined into chunks as they come, so that the peak holds the input, the
    chunks and the result rather than also a list of every line and of every piece.  Given
    as a one-item list, the input is taken out of it and let go before the chunks are
    joined: the peak is then the input and the chunks, or the chunks and the result."""
    if isinstance(text, list):
        text = text.pop()
    st = _State()
    out: list[str] = []
    chunks: list[str] = []
    emit = out.append
    last_prefix = ""
    prefix = prefix2 = ""
    in_block = False
    in_bq = False
    pending: str | None = None
    plen = 0
    lines = _lines(text)
    del text  # the generator holds it while it runs, and lets go when it is done
    for line, not_last in lines:
        if len(out) > _CHUNK_PIECES:
            chunks.append("".join(out))
            out.clear()
        has_tag = "<" in line and _ANY_BLOCK_TAG_RE.search(line) is not None
        pre_close = has_tag and _PRE_CLOSE_RE.search(line) is not None
        pre_open = has_tag and _PRE_OPEN_RE.search(line) is not None
        if not st.in_pre:
            plen = _PREFIX_RE.match(line).end()  # type: ignore[union-attr]
            prefix = line[:plen]
            prefix2 = prefix.replace(";", ":")
            t = line[plen:]
            st.in_pre = pre_open
        else:
            plen = 0
            prefix = prefix2 = ""
            t = line
        last_len = len(last_prefix)
        if plen and last_prefix == prefix2:
            emit(st.next_item(prefix[-1]))
            pending = None
        elif plen or last_len:
            common = _common(prefix, last_prefix)
            pending = None
            while common < last_len:
                emit(st.close_list(last_prefix[last_len - 1]))
                last_len -= 1
            if plen <= common and common > 0:
                emit(st.next_item(prefix[common - 1]))
            if st.dt_open and common > 0 and prefix[common - 1] == ":":
                emit(st.next_item(":"))
            if last_prefix and plen > common:
                emit("\n")
            while plen > common:
                emit(st.open_list(prefix[common]))
                common += 1
            if not plen and last_prefix:
                emit("\n")
            last_prefix = prefix2
        if plen == 0:
            open_m = has_tag and _OPEN_RE.search(t) is not None
            close_m = has_tag and _CLOSE_RE.search(t) is not None
            if open_m or close_m:
                pending = None
                if not st.in_pre or pre_open:
                    emit(st.close_para())
                if pre_open and not pre_close:
                    st.in_pre = True
                for m in _BQ_RE.finditer(t):
                    in_bq = not m.group(1)
                in_block = not close_m
            elif not in_block and not st.in_pre:
                if t[:1] == " " and (st.last_para == "pre" or t.strip(_PHP_WS) != "") and not in_bq:
                    if st.last_para != "pre":
                        pending = None
                        emit(st.close_para() + "<pre>")
                        st.last_para = "pre"
                    t = t[1:]
                elif _STYLE_ONLY_RE.match(t):
                    if pending is not None:
                        emit(st.close_para())
                        pending = None
                elif t.strip(_PHP_WS) == "":
                    if pending is not None:
                        emit(pending + "<br />")
                        pending = None
                        st.last_para = "p"
                    elif st.last_para != "p":
                        emit(st.close_para())
                        pending = "<p>"
                    else:
                        pending = "</p><p>"
                elif pending is not None:
                    emit(pending)
                    pending = None
                    st.last_para = "p"
                elif st.last_para != "p":
                    emit(st.close_para() + "<p>")
                    st.last_para = "p"
        if pre_close and st.in_pre:
            st.in_pre = False
        if pending is None:
            if plen == 0:
                emit(t)
                if not_last or st.last_para:
                    emit("\n")
            else:
                emit(t.strip(_PHP_WS))
    plen = len(prefix2) if plen else 0
    while plen:
        emit(st.close_list(prefix2[plen - 1]))
        plen -= 1
        if not plen and st.last_para:
            emit("\n")
    emit(st.close_para(True))
    del lines
    chunks.append("".join(out))
    out.clear()
    return "".join(chunks)
