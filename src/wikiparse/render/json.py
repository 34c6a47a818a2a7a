"""JSON form of the AST (placeholder)."""

from __future__ import annotations

from typing import Any

from ..nodes import Document


def to_json(doc: Document) -> dict[str, Any]:
    raise NotImplementedError("to_json is not written yet")


def from_json(data: Any) -> Document:
    raise NotImplementedError("from_json is not written yet")
