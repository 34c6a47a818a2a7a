"""What ``to_text``'s prose reader still hands to the parser, and why: bytes per first refusal.

    python3 benchmarks/text_fallbacks.py [--top 20]

For each page of the two ``bench_text.py`` sets (with ``tables=False`` and ``tables=True``) it
records the rest parts ``render._text_prose.prose_parts`` parses and, with a profile hook, where
the reader's functions gave up (a ``-1`` or ``None`` return and the position they were at).  Each
rest part's bytes are charged to the first refusal inside it, named by the function that refused
and the token at that position (``<blockquote``, ``{{quote``, ``[[wikt:``, a line start...).
Parsing costs several times what reading does per byte, so the largest rows are where a new
shortcut pays (fragments parsed alone, such as a template whose arguments nest, are not counted:
profile ``ProseScanner.fragment`` for those).  Slow (the hook sees every call): a few seconds.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path
from types import FrameType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_text import SETS, articles

import wikiparse
from wikiparse.render import _text_prose, _text_prose_tables

_READER_FILES = {_text_prose.__file__, _text_prose_tables.__file__}
#: Reader functions whose "no" is an answer, not a refusal.
_ANSWERS = {
    "has_handler", "user_handles", "may_hold_url", "inline_tag_line", "_heading_follows_ok", "plain_expansion",
    "expansion_pieces", "dropped_link", "__init__", "read_page_again", "_tags_closed", "table_tag", "skip_tag",
}  # fmt: skip


class _Recorder:
    """The profile hook: rest parts parsed (start, end) and refusals (position, function, text)."""

    def __init__(self) -> None:
        self.parts: list[tuple[int, int]] = []
        self.refusals: list[tuple[int, str, str | None]] = []

    def __call__(self, frame: FrameType, event: str, arg: Any) -> None:
        code = frame.f_code
        if event == "call":
            caller = frame.f_back
            if code.co_name == "_parse_part" and caller is not None and caller.f_code.co_name == "prose_parts":
                self.parts.append((caller.f_locals["start"], caller.f_locals["cut"]))
            return
        if event != "return" or code.co_filename not in _READER_FILES or code.co_name in _ANSWERS:
            return
        if not (arg is None or arg == -1 or (isinstance(arg, tuple) and arg and arg[0] == -1)):
            return
        local = frame.f_locals
        pos = local.get("pos", local.get("p"))
        if isinstance(pos, int):
            self.refusals.append((pos, code.co_name, getattr(local.get("self"), "text", None)))


def token(text: str, pos: int) -> str:
    """A short name for what stands at ``pos``."""
    s = text[pos : pos + 40]
    if s.startswith("<!--"):
        return "<!--"
    m = re.match(r"</?([A-Za-z0-9]+)", s)
    if m:
        return "<" + m.group(1).lower()
    if s.startswith("{{"):
        name = re.match(r"\{\{\s*([^|}\n]*)", s)
        return "{{" + (name.group(1).strip().lower()[:20] if name else "")
    if s.startswith("[["):
        target = re.match(r"\[\[([^|\]\n]*)", s)
        title = target.group(1) if target else ""
        return "[[" + (title.split(":")[0][:12] + ":" if ":" in title else "(main)")
    return repr(s[:3])


def run(name: str, tables: bool, top: int) -> None:
    by_reason: Counter[str] = Counter()
    total = parsed = 0
    for _, text in articles(SETS[name]):
        recorder = _Recorder()
        sys.setprofile(recorder)
        try:
            wikiparse.to_text(text, tables=tables)
        finally:
            sys.setprofile(None)
        total += len(text)
        for start, end in recorder.parts:
            parsed += end - start
            reason = "unknown"
            for pos, function, scanned in recorder.refusals:
                if scanned is text and start <= pos < end:
                    at_line_start = pos == text.rfind("\n", 0, pos) + 1
                    reason = f"{function}: {token(text, pos)}" + (" (line start)" if at_line_start else "")
                    break
            by_reason[reason] += end - start
    print(f"== {name}, tables={tables}: {total / 1e6:.2f} MB, {parsed / 1e6:.3f} MB parsed ({parsed / max(total, 1):.1%})")
    for reason, size in by_reason.most_common(top):
        print(f"  {size / 1e3:8.1f} kB  {reason}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--top", type=int, default=20)
    args = ap.parse_args()
    for name in SETS:
        for tables in (False, True):
            run(name, tables, args.top)


if __name__ == "__main__":
    main()
