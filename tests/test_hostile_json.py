"""JSON text at any depth: whatever tree ``parse`` builds serializes and loads back.

The standard library's JSON reader and writer recurse once per nesting level; a 1,183-byte
page (197 nested templates, five JSON levels each) is already past that.  ``dumps`` and
``loads`` of :mod:`wikiparse.render.json` fall back to iterative code there; the nested form
of the schema is unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wikiparse
from wikiparse.cli import main
from wikiparse.render.json import _read, dumps, from_json, loads
from wikiparse.testing import assert_same_tree

#: The kit's pages that broke ``from_json(to_json text)``, and deeper ones of the same families.
DEEP_PAGES = {
    "templates-197": "{{a|" * 197 + "x" + "}}" * 197,
    "templates-5k": "{{a|" * 5000 + "x" + "}}" * 5000,
    "tables-141": "{|\n|\n" * 141 + "|}\n" * 141,
    "tables-2k": "{|\n|\n" * 2000 + "|}\n" * 2000,
    "links-5k": "[[a|" * 5000 + "x" + "]]" * 5000,
    "tags-5k": "<div>" * 5000 + "x" + "</div>" * 5000,
    "arguments-2k": "{{{a|" * 2000 + "x" + "}}}" * 2000,
    "italic-in-templates": "{{a|''" * 1500 + "x" + "''}}" * 1500,
}


@pytest.mark.parametrize("text", list(DEEP_PAGES.values()), ids=list(DEEP_PAGES))
def test_json_text_round_trip_at_any_depth(text: str) -> None:
    doc = wikiparse.parse(text)
    json_text = dumps(doc)
    back = from_json(json_text)
    assert str(back) == text
    assert_same_tree(doc, back, spans=True)
    assert dumps(loads(json_text.encode("utf-8"))) == json_text


@pytest.mark.parametrize(("version", "page"), [(1, "templates-197"), (2, "templates-5k")])
def test_the_kit_page_is_too_deep_for_the_standard_library(version: int, page: str) -> None:
    """Why the fallback exists: ``json.loads`` gives up on the 1,183-byte page in the verbose
    form (five JSON levels per template); the compact form takes three, so deeper pages."""
    json_text = dumps(wikiparse.to_json(wikiparse.parse(DEEP_PAGES[page]), version=version))
    with pytest.raises(RecursionError):
        json.loads(json_text)
    assert from_json(json_text).nodes


def test_convert_to_json_writes_a_deep_page(tmp_path: Path) -> None:
    page = tmp_path / "deep.wiki"
    page.write_text(DEEP_PAGES["templates-197"])
    out = tmp_path / "deep.json"
    assert main(["convert", str(page), "--to", "json", "-o", str(out)]) == 0
    assert str(from_json(out.read_text())) == DEEP_PAGES["templates-197"]


def test_dump_to_json_writes_a_deep_page(tmp_path: Path) -> None:
    from test_dumps import make_dump, page_xml

    dump = tmp_path / "deep.xml"
    texts = ["plain", DEEP_PAGES["tables-141"], DEEP_PAGES["templates-197"]]
    dump.write_bytes(make_dump([page_xml(f"P{i}", i + 1, [t]) for i, t in enumerate(texts)]))
    out = tmp_path / "out.jsonl"
    assert main(["dump", str(dump), "--to", "json", "-o", str(out), "-q"]) == 0
    records = [loads(line) for line in out.read_text().splitlines()]
    assert [str(from_json(r["json"])) for r in records] == texts


# --------------------------------------------------------------------------------------------
# The iterative reader reads exactly what json.loads reads
# --------------------------------------------------------------------------------------------

_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False)
)
_VALUES = st.recursive(
    _SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4)
)


@settings(max_examples=100, deadline=None)
@given(_VALUES, st.sampled_from([None, 1, 2]), st.booleans())
def test_iterative_reader_agrees_with_json_loads(value: object, indent: int | None, ascii_only: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    assert _read(text) == json.loads(text)


@pytest.mark.parametrize(
    "text", ["", "[1,]", '{"a" 1}', '{"a":1,}', "[1 2]", "[1] x", "{1:2}", "[tru]", '["a]', "[", "{"]
)
def test_iterative_reader_rejects_what_json_loads_rejects(text: str) -> None:
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    with pytest.raises(json.JSONDecodeError):
        _read(text)
