"""The benchmark corpus: main-namespace pages of the bundled shortened English dump.

A private, minimal reader (bz2 + lxml) so that the benchmarks measure the parser only and do
not depend on :mod:`wikiparse.dumps`.
"""

from __future__ import annotations

import bz2
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DUMP = next((ROOT / "fixtures" / "dumps").glob("enwiki-*-shortened.bz2"))


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def load_pages(path: Path = DEFAULT_DUMP, namespace: int = 0) -> list[tuple[str, str]]:
    """``(title, wikitext)`` of every page of ``path`` in ``namespace``, in dump order."""
    pages: list[tuple[str, str]] = []
    with bz2.open(path) as fh:
        for _event, elem in etree.iterparse(fh, events=("end",)):
            if _local(elem.tag) != "page":
                continue
            title, ns, text = "", 0, ""
            for child in elem.iter():
                name = _local(child.tag)
                if name == "title":
                    title = child.text or ""
                elif name == "ns":
                    ns = int(child.text or 0)
                elif name == "text":
                    text = child.text or ""
            if ns == namespace:
                pages.append((title, text))
            elem.clear()
    return pages


def megabytes(pages: list[tuple[str, str]]) -> float:
    """The corpus size in MB (10^6 bytes of UTF-8), the unit of every MB/s figure."""
    return sum(len(text.encode("utf-8")) for _title, text in pages) / 1e6
