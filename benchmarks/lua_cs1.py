"""Every simple citation in the 106 golden articles through our Lua engine vs MediaWiki's.

Takes each ``{{cite …}}``/``{{citation}}`` call whose arguments need no expansion (no
templates, comments or tags inside), runs Module:Citation/CS1 from the oracle's template
dump in ``ScribuntoEngine`` with a fake host, asks the oracle (``render.php``) for the same
call on the same page title, and compares the strings.  Needs ``/work/shared``; timing is
printed for both sides.

    python3 benchmarks/lua_cs1.py [--limit N] [--show K]
"""

from __future__ import annotations

import argparse
import bz2
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from lxml import etree

import wikiparse
from wikiparse.lua.engine import ScribuntoEngine
from wikiparse.lua.host import ScriptError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from lua_fakes import FakeFrame, FakeHost

ORACLE = Path("/work/shared/oracle")
_INVOKE = re.compile(
    r"\{\{#invoke:\s*citation/CS1\s*\|\s*citation\s*\|\s*CitationClass\s*=\s*([^|}\s]+)", re.I
)
_COMPLEX = re.compile(r"\{\{|<!--|<[a-zA-Z/]|\}\}|&[a-z#0-9]+;", re.I)


class TagFrame(FakeFrame):
    """Extension tags as the expander leaves them in ``expanded`` output."""

    def extension_tag(self, name: str, content: str, attrs: Any) -> str:
        attributes = "".join(f' {k}="{v}"' for k, v in attrs.items())
        return f"<{name}{attributes}>{content}</{name}>"


def load_pages() -> dict[str, str]:
    with bz2.open(ORACLE / "enwiki-templates.xml.bz2") as f:
        root = etree.fromstring(f.read())
    ns = {"m": root.nsmap[None]}
    return {
        p.findtext("m:title", namespaces=ns): p.findtext("m:revision/m:text", namespaces=ns) or ""
        for p in root.iterfind("m:page", ns)
    }


def citation_classes(pages: dict[str, str]) -> dict[str, str]:
    out = {}
    for title, text in pages.items():
        m = _INVOKE.search(text) if title.startswith("Template:") else None
        if m:
            out[title[9:]] = m.group(1)
    return out


def collect(limit: int, classes: dict[str, str]) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    with bz2.open(ORACLE / "goldens" / "enwiki-sample.jsonl.bz2", "rt") as f:
        for line in f:
            page = json.loads(line)
            for tpl in wikiparse.parse(page["wikitext"]).find_templates():
                name = tpl.normalized_name
                if name not in classes or tpl.find_templates():
                    continue
                src = str(tpl)
                if _COMPLEX.search(src[2:-2]):
                    continue
                args: dict[str | int, str] = {}
                for key, param in tpl.param_items():
                    value = str(param.value)
                    if param.showkey:
                        args[key] = value.strip()
                    else:
                        args[int(key)] = value
                calls.append(
                    {
                        "title": page["title"],
                        "src": src,
                        "cls": classes[name],
                        "template": name,
                        "args": args,
                    }
                )
                if len(calls) >= limit:
                    return calls
    return calls


def oracle(calls: list[dict[str, Any]]) -> tuple[list[str], float]:
    lines = "".join(json.dumps({"title": c["title"], "wikitext": c["src"]}) + "\n" for c in calls)
    start = time.perf_counter()
    out = subprocess.run(
        ["php", str(ORACLE / "render.php")], input=lines, capture_output=True, text=True, check=True
    ).stdout
    elapsed = time.perf_counter() - start
    return [json.loads(x)["expanded"] for x in out.splitlines()], elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=500)
    ap.add_argument("--show", type=int, default=5)
    ap.add_argument("--cache", help="JSON file keeping MediaWiki's answers between runs")
    opts = ap.parse_args()
    pages = load_pages()
    calls = collect(opts.limit, citation_classes(pages))
    cache = Path(opts.cache) if opts.cache else None
    if cache and cache.exists() and len(saved := json.loads(cache.read_text())) == len(calls):
        expected, php_seconds = saved, float("nan")
    else:
        expected, php_seconds = oracle(calls)
        if cache:
            cache.write_text(json.dumps(expected))
    host = FakeHost(pages)
    engine = ScribuntoEngine(host)
    same = 0
    shown = 0
    start = time.process_time()
    for call, want in zip(calls, expected, strict=True):
        host.title = call["title"]
        engine.reset()
        parent = TagFrame(f"Template:{call['template']}", call["args"])
        frame = TagFrame("Module:Citation/CS1", {"CitationClass": call["cls"]}, parent)
        try:
            got = engine.invoke("Module:Citation/CS1", "citation", frame)
        except ScriptError as exc:
            got = f"<<{exc}>>"
        if got == want:
            same += 1
        elif shown < opts.show:
            shown += 1
            print(f"--- {call['title']}: {call['src']}\n  ours:   {got}\n  theirs: {want}\n")
    ours = time.process_time() - start
    print(f"{same}/{len(calls)} citations identical to MediaWiki's expanded output")
    print(
        f"time: ours {ours:.2f}s CPU (fresh Lua state per call), MediaWiki {php_seconds:.2f}s wall"
    )


if __name__ == "__main__":
    main()
