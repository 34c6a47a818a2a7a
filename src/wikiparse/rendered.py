"""Reading a page copied as text from a rendered wiki page (placeholder)."""

from __future__ import annotations

from .nodes import Document


def parse_rendered(text: str) -> Document:
    raise NotImplementedError("parse_rendered is not written yet")
