"""Tree builder (placeholder: the real one is being written)."""

from __future__ import annotations

from .config import DEFAULT_CONFIG, ParserConfig
from .nodes import Document, Section, Text


def parse(text: str, *, config: ParserConfig | None = None) -> Document:
    cfg = config or DEFAULT_CONFIG
    del cfg
    sec = Section(start=0, end=len(text), nodes=[Text(start=0, end=len(text), value=text)])
    return Document(start=0, end=len(text), nodes=[sec], source=text)
