"""The long run of the hostile fuzz: the CI property of ``tests/test_hostile_output.py`` with
many more examples (and longer inputs), over parse, every renderer and the JSON text round trip.

Each example is wikitext made of every wikitext piece plus NUL, lone surrogates and C0
controls; it must parse losslessly, render to clean UTF-8 text (no C0 control but tab and
newline) with ``to_text`` (with and without tables), ``to_markdown`` and ``to_html``, and its
JSON text must read back to the same source.  Rendered in parts (cut at every safe heading
line, as long pages are), the outputs must be the whole page's.

    python3 benchmarks/fuzz_hostile.py [--examples 5000] [--max-pieces 200] [--minutes 20]

``--minutes``: run batches of ``--examples`` (each a fresh hypothesis run) until this long has
passed, so that a long run ends when planned.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import wikiparse
from test_hostile_output import _PIECES, UNCLEAN, json_form
from wikiparse.render import base
from wikiparse.render.json import dumps, from_json


def _in_parts(text: str) -> list[str]:
    """``to_text``, ``to_markdown`` and ``to_html`` of ``text`` cut at every safe heading line
    (``render.base.page_parts``), which must equal the whole-page outputs."""
    saved = base.PART_MIN_CHARS, base.PART_CHARS
    base.PART_MIN_CHARS, base.PART_CHARS = 0, 1
    try:
        return [wikiparse.to_text(text), wikiparse.to_markdown(text), str(wikiparse.to_html(text, title="T"))]
    finally:
        base.PART_MIN_CHARS, base.PART_CHARS = saved


def check(text: str) -> None:
    doc = wikiparse.parse(text)
    assert str(doc) == text, "parse is not lossless"
    outputs = {
        "text": wikiparse.to_text(text),
        "text-tables": wikiparse.to_text(text, tables=True),
        "markdown": wikiparse.to_markdown(text),
        "html": str(wikiparse.to_html(text)),
    }
    for name, out in outputs.items():
        assert UNCLEAN.search(out) is None, f"{name} output is not clean"
        out.encode("utf-8")
    whole = [outputs["text"], outputs["markdown"], str(wikiparse.to_html(text, title="T"))]
    assert _in_parts(text) == whole, "rendering in parts differs"
    json_text = dumps(doc)
    json_text.encode("utf-8")
    assert str(from_json(json_text)) == json_form(text), "JSON text round trip"  # a surrogate pair reads back as its character


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("--max-pieces", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=0.0, help="batches of --examples until this long")
    args = parser.parse_args()
    headings = st.sampled_from(["\n== h ==\n", "\n= h =\n", "\n=== {{a| ===\n", "\n==h"])
    strategy = st.lists(_PIECES | headings | st.text(max_size=5), max_size=args.max_pieces).map("".join)
    count = 0
    start = time.monotonic()
    deadline = start + args.minutes * 60

    @settings(max_examples=args.examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(text: str) -> None:
        nonlocal count
        count += 1
        check(text)

    run()
    while time.monotonic() < deadline:
        run()
    print(f"{count} examples passed in {time.monotonic() - start:.0f} s "
          f"(up to {args.max_pieces} pieces each)")


if __name__ == "__main__":
    main()
