"""Character classes written as their complement for start-up speed take the same characters
as the readable classes MediaWiki's sources use (every code point is tried)."""

from __future__ import annotations

import re
import sys

import pytest

from wikiparse._mw import ENTITY_NAME_CHAR
from wikiparse.render.sanitizer import NAME_CHAR, NAME_START_CHAR

EVERY_CHARACTER = "".join(map(chr, range(sys.maxunicode + 1)))


@pytest.mark.parametrize(
    ("fast", "readable"),
    [
        (ENTITY_NAME_CHAR, r"[A-Za-z0-9\x80-\uffff]"),
        (NAME_START_CHAR, r"[:_A-Za-z\u00c0-\uffff]"),
        (NAME_CHAR, r"[:_.\-A-Za-z0-9\u00b7\u00c0-\uffff]"),
    ],
)
def test_a_complement_class_takes_what_the_readable_class_takes(fast: str, readable: str) -> None:
    assert re.findall(fast, EVERY_CHARACTER) == re.findall(readable, EVERY_CHARACTER)
