"""Hostile dumps: a damaged page costs that page alone, never the pages before or after it.

Each case damages one page of a small dump the way the adversarial kit did (a bad byte, an
illegal character reference, a malformed tag, nesting past libxml2's depth limit, entity
references, markup inside ``<text>``, a page left open), at the first, a middle and the last
page.  The reader must yield every other page, report the damaged one with its offset, title
and id; ``wikiparse dump`` must write every other page and exit 1.  Entity expansion, DTDs,
XInclude and the network stay refused.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from test_dumps import HEADER, make_dump, page_xml
from wikiparse.cli import main
from wikiparse.dumps import DumpError, iter_pages

COUNT = 10
#: libxml2's words for bytes that are not UTF-8 (2.14, then 2.12).
BAD_BYTES = "Invalid bytes in character encoding|Input is not proper UTF-8"
#: libxml2 2.14 refuses nesting past 2048 elements even in huge mode; 2.12 reads it (a page that
#: is whole either way: nothing of the page is lost, so both keep the promise).
DEPTH_LIMITED = etree.LIBXML_VERSION >= (2, 14)


def _pages() -> list[str]:
    return [page_xml(f"P{i}", i + 1, [f"text of page {i}, [[a link]] & more"]) for i in range(COUNT)]


def _in_text(insert: str) -> Callable[[str], str]:
    return lambda page: page.replace("text of page", f"text {insert} of page", 1)


def _in_revision(insert: str) -> Callable[[str], str]:
    return lambda page: page.replace("<revision>", f"<revision>{insert}", 1)


#: How each case damages one page's XML, and the reason the reader gives for it.
CASES: dict[str, tuple[Callable[[str], str], str]] = {
    "bad-byte": (_in_text("\udcff"), BAD_BYTES),
    "nul-reference": (_in_text("&#0;"), "xmlParseCharRef: invalid xmlChar value 0"),
    "malformed-tag": (_in_revision("<ti tle>"), "Specification mandates value for attribute tle"),
    "deep-nesting": (_in_revision("<x>" * 2046 + "</x>" * 2046), "Excessive depth in document"),
    "entity-reference": (_in_text("before &e; after"), "entity reference &e;"),
    "markup-in-text": (_in_text("a <b>bold</b> c"), "element <b> inside <text>"),
    "xinclude": (
        _in_text('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>'),
        "element <include> inside <text>",
    ),
    "page-left-open": (
        lambda page: page.replace("</page>", ""),
        "not closed before the next <page>|Opening and ending tag mismatch: page",
    ),
}


def _damaged_dump(case: str, bad: int) -> bytes:
    pages = _pages()
    damage, _reason = CASES[case]
    pages[bad] = damage(pages[bad])
    return (HEADER + "".join(pages) + "</mediawiki>\n").encode("utf-8", "surrogateescape")


@pytest.mark.parametrize("bad", [0, 4, COUNT - 1], ids=["first", "middle", "last"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_damaged_page_costs_that_page_alone(case: str, bad: int) -> None:
    blob = _damaged_dump(case, bad)
    reader = iter_pages(io.BytesIO(blob))
    titles = [p.title for p in reader]
    if case == "deep-nesting" and not DEPTH_LIMITED:
        assert titles == [f"P{i}" for i in range(COUNT)] and not reader.damaged
        return
    assert titles == [f"P{i}" for i in range(COUNT) if i != bad]
    (damage,) = reader.damaged
    assert (damage.title, damage.id) == (f"P{bad}", bad + 1)
    assert damage.offset == blob.index(f"<title>P{bad}</title>".encode()) - len("<page>\n    ")
    assert blob[damage.offset:].startswith(b"<page>")
    assert re.search(CASES[case][1], damage.reason)
    assert reader.pages_read == COUNT - 1


def test_several_damaged_pages_and_junk_between_pages() -> None:
    pages = _pages()
    pages[2] = _in_text("&#1;")(pages[2])
    pages[3] = pages[3] + "  <junk\n"
    pages[7] = _in_text("&nbsp;")(pages[7])
    reader = iter_pages(io.BytesIO(make_dump(pages)))
    assert [p.title for p in reader] == [f"P{i}" for i in range(COUNT) if i not in (2, 7)]
    assert [(d.title, d.id) for d in reader.damaged] == [("P2", 3), (None, None), ("P7", 8)]
    assert "broken XML between pages, after page id 4" in reader.damaged[1].reason


def test_a_fault_deep_inside_a_page_bigger_than_a_block() -> None:
    pages = _pages()
    big = "Lorem ipsum [[dolor]] sit amet. " * 100_000  # 3.2 MB: the page is fed in pieces
    xml = page_xml("P5", 6, [big])
    at = xml.index("Lorem", 2_500_000)
    pages[5] = xml[:at] + "&bogus;" + xml[at:]
    reader = iter_pages(io.BytesIO(make_dump(pages)))
    assert [p.title for p in reader] == [f"P{i}" for i in range(COUNT) if i != 5]
    assert [(d.title, d.id) for d in reader.damaged] == [("P5", 6)]


def test_a_lone_surrogate_in_a_utf16_dump_costs_its_page() -> None:
    pages = _pages()
    pages[6] = _in_text("\ud800")(pages[6])
    text = '<?xml version="1.0" encoding="UTF-16"?>\n' + HEADER + "".join(pages) + "</mediawiki>\n"
    blob = b"\xff\xfe" + text.encode("utf-16-le", "surrogatepass")
    reader = iter_pages(io.BytesIO(blob))
    assert [p.title for p in reader] == [f"P{i}" for i in range(COUNT) if i != 6]
    assert [(d.title, d.id) for d in reader.damaged] == [("P6", 7)]


def test_after_a_fault_the_rest_is_decoded_as_the_dump_declares() -> None:
    """The fresh parser gets the dump's opening, XML declaration included: Latin-1 stays Latin-1."""
    pages = [page_xml(f"Café {i}", i + 1, [f"crème {i}"]) for i in range(4)]
    pages[1] = pages[1].replace("crème 1", "crème &#0; 1")
    text = '<?xml version="1.0" encoding="ISO-8859-1"?>\n' + HEADER + "".join(pages) + "</mediawiki>\n"
    reader = iter_pages(io.BytesIO(text.encode("latin-1")))
    assert [(p.title, p.text) for p in reader] == [(f"Café {i}", f"crème {i}") for i in (0, 2, 3)]
    assert [d.title for d in reader.damaged] == ["Café 1"]


def test_external_entities_and_dtds_stay_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    doctype = f'<!DOCTYPE mediawiki [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY lol "lol">]>\n'
    pages = _pages()
    pages[1] = _in_text("&xxe;")(pages[1])
    pages[2] = _in_text("&lol;")(pages[2])
    pages[3] = _in_text('<x xmlns="http://example.invalid/remote.dtd">y</x>')(pages[3])
    reader = iter_pages(io.BytesIO(make_dump(pages, header=doctype + HEADER)))
    got = list(reader)
    assert [p.title for p in got] == [f"P{i}" for i in range(COUNT) if i not in (1, 2, 3)]
    assert not any("SECRET" in p.text or "lol" in p.text for p in got)
    assert [d.id for d in reader.damaged] == [2, 3, 4]


def test_entity_references_in_the_header_are_refused() -> None:
    laughs = '<!DOCTYPE mediawiki [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
    with pytest.raises(DumpError, match=r"entity reference &a;.*before the first page"):
        list(iter_pages(io.BytesIO(make_dump(_pages(), header=laughs + HEADER))))


@pytest.mark.parametrize(
    "xml",
    [b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title></channel></rss>\n',
     b"<html><body><page><title>x</title></page></body></html>"],
    ids=["rss", "html-with-page"],
)
def test_xml_that_is_not_a_dump_says_so(xml: bytes) -> None:
    with pytest.raises(DumpError, match=r"not a MediaWiki dump: the root element is <(rss|html)>"):
        list(iter_pages(io.BytesIO(xml)))


# --------------------------------------------------------------------------------------------
# The command line: every other page written, the damaged one reported, exit 1
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["bad-byte", "entity-reference", "malformed-tag"])
def test_dump_command_writes_every_other_page_and_exits_1(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "damaged.xml"
    path.write_bytes(_damaged_dump(case, 4))
    out = tmp_path / "out.jsonl"
    assert main(["dump", str(path), "--to", "text", "-o", str(out)]) == 1
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == [i + 1 for i in range(COUNT) if i != 4]
    err = capsys.readouterr().err
    assert "9 pages written, 1 failed" in err
    offset = path.read_bytes().index(b"<title>P4</title>") - len("<page>\n    ")
    assert f"failed: page 5 'P4': damaged page in the dump (byte {offset} of the XML" in err
    assert re.search(CASES[case][1], err)


def test_dump_command_on_xml_that_is_not_a_dump_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>\n')
    assert main(["dump", str(path), "--to", "text", "-o", str(tmp_path / "out.jsonl")]) == 2
    assert "not a MediaWiki dump" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------
# A memory cap per page, reported like a timeout
# --------------------------------------------------------------------------------------------

HOG = '''
def render(doc, **options):
    text = str(doc)
    if "HOG" in text:
        hog = [bytearray(1 << 20) for _ in range(4096)]  # 4 GiB, a MB at a time
        return str(len(hog))
    return text.upper()
'''


def test_a_page_over_the_memory_cap_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wikiparse._convert import DumpJob, run_dump

    folder = tmp_path / "plugin"
    folder.mkdir()
    (folder / "memory_hog.py").write_text(HOG)
    monkeypatch.syspath_prepend(str(folder))
    texts = ["one", "HOG here", "three", "four"]
    dump = tmp_path / "dump.xml"
    dump.write_bytes(make_dump([page_xml(f"P{i}", i + 1, [t]) for i, t in enumerate(texts)]))
    out = tmp_path / "out.jsonl"
    job = DumpJob(str(dump), fmt="memory_hog:render", output=str(out), page_memory=256 << 20,
                  start_method="fork")
    summary = run_dump(job)
    assert [f.title for f in summary.failures] == ["P1"]
    assert summary.failures[0].reason == "memory limit of 256 MB exceeded"
    assert summary.exit_code == 1
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["output"] for r in records] == ["ONE", "THREE", "FOUR"]
    assert summary.workers_replaced == 0  # the worker survived its MemoryError
