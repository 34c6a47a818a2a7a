"""The dump pipeline's own steps around a page's rendering: the worker's JSONL line and the
worker's start-up check of the renderer (see ``wikiparse._convert``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wikiparse._convert import _json_line, dumps_json
from wikiparse.cli import main

TESTCORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "dumps" / "testcorpus.xml.bz2"


def _deep(levels: int) -> dict[str, Any]:
    """A JSON value nested deeper than the C encoder goes (an AST of a deeply nested page)."""
    value: dict[str, Any] = {"type": "Text", "value": "x\udfff"}
    for _ in range(levels):
        value = {"type": "Bold", "children": [value]}
    return value


RECORDS: dict[str, dict[str, Any]] = {
    "ascii": {"id": 1, "title": "T", "text": "plain"},
    "wide": {"id": 2, "title": "\u00e9\U0001d11e", "text": "\u4e2d\u6587 \U0001f600\n\t\"q\""},
    "lone-low": {"id": 3, "title": "T", "text": "a\udfffb"},
    "lone-high": {"id": None, "title": "\ud800", "text": ""},
    "pair-of-lone-halves": {"id": 4, "title": "T", "text": "\ud83d\ude00"},
    "deep-with-surrogate": {"id": 5, "title": "T", "json": _deep(5000)},
}


@pytest.mark.parametrize("name", list(RECORDS))
def test_a_worker_line_is_the_records_json_as_dumps_json_writes_it(name: str) -> None:
    """The fast path (C encoder, strict UTF-8) and its fallbacks (a lone surrogate escaped, an
    AST too deep for the C encoder) all give exactly ``dumps_json``'s text, as valid UTF-8."""
    record = RECORDS[name]
    expected = dumps_json(record).encode("utf-8") + b"\n"
    line = _json_line(dict(record))
    assert line == expected
    assert line.count(b"\n") == 1
    if name != "deep-with-surrogate":  # (two lone halves written in a row read back as one pair)
        assert json.loads(line) == json.loads(dumps_json(record))


def test_the_record_is_emptied_once_its_line_is_written() -> None:
    """The worker's record (holding the page's output) is let go before the text is encoded."""
    record = {"id": 1, "title": "T", "text": "x" * 1000}
    assert _json_line(record).startswith(b'{"id":1')
    assert record == {}


def test_a_bad_option_ends_the_run_before_any_page_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A built-in renderer is tried by each worker as it starts, not by the main process: an
    unknown ``-O`` option still stops the run with one line and status 2, and no page is written."""
    out = tmp_path / "o.jsonl"
    code = main(["dump", str(TESTCORPUS), "--to", "text", "-O", "no_such_option=1", "-o", str(out),
                 "-j", "1", "-q"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("wikiparse: error: cannot render --to text: TypeError: ") and err.count("\n") == 1
    assert "no_such_option" in err
    assert not out.exists() or out.read_bytes() == b""
