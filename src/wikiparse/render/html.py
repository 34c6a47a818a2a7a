"""HTML renderer (placeholder until the HTML issue lands)."""

from __future__ import annotations

from typing import Any

from ..nodes import Document


def to_html(doc_or_text: Document | str, **options: Any) -> str:
    raise NotImplementedError("to_html is not written yet")
