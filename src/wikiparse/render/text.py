"""Plain-text renderer (placeholder)."""

from __future__ import annotations

from typing import Any

from ..nodes import Document


def to_text(doc_or_text: Document | str, **options: Any) -> str:
    raise NotImplementedError("to_text is not written yet")
