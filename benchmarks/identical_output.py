"""The identical-output gate: does a refactoring change any parser or renderer output?

Records, for every input, a digest of what the library makes of it, and compares two such
records.  Inputs: every page of ``fixtures/dumps/*.bz2`` (parsed with the config built from
that dump's ``<siteinfo>``), every parser-test input in ``fixtures/parsertests`` and a
fixed-seed generated corpus of wikitext-biased random strings.  Outputs digested per input:

* the tree signature (:func:`wikiparse.testing.tree_signature`: classes and fields) and every
  node's class and span, in walk order;
* ``str(doc)``;
* ``to_text``, ``to_markdown``, ``to_html`` and ``to_json`` of the tree, and ``to_text``,
  ``to_markdown`` and ``to_html`` of the wikitext (which parse with ``parse_for_rendering``),
  plus ``to_text`` of the wikitext with ``tables=True`` (what ``wikiparse dump`` writes with
  ``-O tables=true``, read by its own fast path).

An exception is recorded as its class and message, so "raised the same" is identical too.

Usage, from the repository root::

    python3 benchmarks/identical_output.py --record /tmp/before.jsonl   # on the old tree
    python3 benchmarks/identical_output.py --compare /tmp/before.jsonl  # on the new tree

``--src DIR`` puts ``DIR`` (a ``src`` directory of another checkout, e.g. a ``git worktree``
of ``main``) first on ``sys.path``; without it the installed or ``PYTHONPATH`` package is
used, so the same command checks a compiled wheel installed in a virtualenv.  ``--limit N``
takes the first N inputs (a quick look).  The exit status is 1 if anything differs.
"""

from __future__ import annotations

import argparse
import bz2
import hashlib
import json
import random
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DUMPS = ROOT / "fixtures" / "dumps"
PARSERTESTS = ROOT / "fixtures" / "parsertests"

#: Size and seed of the generated corpus (fixed: both sides must see the same strings).
GENERATED = 3000
SEED = 20261205

#: Wikitext-biased pieces for the generated corpus: the characters and runs that open,
#: close or separate constructs, some words and some whole constructs.
_PIECES = (
    "{{", "}}", "{{{", "}}}", "[[", "]]", "[", "]", "|", "=", "==", "\n", "\n\n", " ", "'", "''",
    "'''", "'''''", "<", ">", "</", "/>", "&", ";", "*", "#", ":", ";", "----", "{|", "|}",
    "|-", "|+", "!", "!!", "||", "~~~~", "__TOC__", "<!--", "-->", "<ref>", "</ref>",
    "<ref name=a/>", "<nowiki>", "</nowiki>", "<pre>", "</pre>", "<b>", "</b>", "<span>",
    "</span>", "<div>", "</div>", "<table>", "<br/>", "&amp;", "&nbsp;", "&#160;", "&bogus;",
    "http://example.org/x", "https://a.b/c?d=e", "//x.org", "mailto:a@b.c", "ISBN 0-306-40615-2",
    "RFC 1234", "PMID 99", "Category:", "File:", "Файл:", "Image:", "thumb", "x", "foo", "bar",
    "a b", "é", "\t", "#REDIRECT", "#if:", "{{#invoke:", "subst:", "Template:", "=a=",
    "<math>", "</math>", "<gallery>", "</gallery>", "\u00a0", "-{", "}-",
)


def generated_corpus() -> Iterator[tuple[str, str]]:
    """``GENERATED`` random strings, 1 to 60 pieces each, from a fixed seed."""
    rng = random.Random(SEED)
    for i in range(GENERATED):
        n = rng.randint(1, 60)
        yield f"gen:{i}", "".join(rng.choice(_PIECES) for _ in range(n))


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def dump_pages(path: Path) -> Iterator[tuple[str, str, Any]]:
    """``(id, wikitext, siteinfo element)`` of every page of a dump."""
    from lxml import etree

    siteinfo: Any = None
    with bz2.open(path) as fh:
        for _event, elem in etree.iterparse(fh, events=("end",)):
            name = _local(elem.tag)
            if name == "siteinfo":
                siteinfo = elem
                continue
            if name != "page":
                continue
            title, text = "", ""
            for child in elem.iter():
                tag = _local(child.tag)
                if tag == "title":
                    title = child.text or ""
                elif tag == "text":
                    text = child.text or ""
            yield f"{path.name}:{title}", text, siteinfo
            elem.clear()


def parser_test_inputs() -> Iterator[tuple[str, str]]:
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from parsertests import iter_cases
    finally:
        sys.path.pop(0)
    for case in iter_cases(PARSERTESTS):
        if case.wikitext is not None:
            yield f"pt:{case.id}", case.wikitext


def _digest(value: str) -> str:
    return hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def _guard(make: Callable[[], object]) -> str:
    try:
        value = make()
    except Exception as exc:  # the gate records failures too: they must stay the same
        return "raised " + _digest(f"{type(exc).__name__}: {exc}")
    if not isinstance(value, str):
        value = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return _digest(value)


def _spans(doc: Any) -> str:
    from wikiparse.nodes import walk

    return "\n".join(f"{type(n).__name__} {n.start} {n.end}" for n in walk(doc))


def outputs(text: str, config: Any) -> dict[str, str]:
    """The digests of everything the library makes of ``text``."""
    import wikiparse
    from wikiparse.testing import tree_signature

    doc = wikiparse.parse(text, config=config)
    return {
        "tree": _guard(lambda: tree_signature(doc)),
        "spans": _guard(lambda: _spans(doc)),
        "str": _guard(lambda: str(doc)),
        "text": _guard(lambda: wikiparse.to_text(doc)),
        "markdown": _guard(lambda: wikiparse.to_markdown(doc)),
        "html": _guard(lambda: str(wikiparse.to_html(doc))),
        "json": _guard(lambda: wikiparse.to_json(doc)),
        "text(str)": _guard(lambda: wikiparse.to_text(text, config=config)),
        "markdown(str)": _guard(lambda: wikiparse.to_markdown(text, config=config)),
        "html(str)": _guard(lambda: str(wikiparse.to_html(text, config=config))),
        "text(str, tables)": _guard(lambda: wikiparse.to_text(text, config=config, tables=True)),
    }


def inputs() -> Iterator[tuple[str, str, Any]]:
    from wikiparse.config import DEFAULT_CONFIG, ParserConfig

    for path in sorted(DUMPS.glob("*.bz2")):
        configs: dict[int, Any] = {}
        config: Any
        for ident, text, siteinfo in dump_pages(path):
            if siteinfo is None:
                config = DEFAULT_CONFIG
            else:
                config = configs.get(id(siteinfo))
                if config is None:
                    config = configs[id(siteinfo)] = ParserConfig.from_siteinfo(siteinfo)
            yield ident, text, config
    for ident, text in parser_test_inputs():
        yield ident, text, DEFAULT_CONFIG
    for ident, text in generated_corpus():
        yield ident, text, DEFAULT_CONFIG


def record(limit: int | None) -> Iterator[dict[str, Any]]:
    seen: dict[str, int] = {}
    for n, (ident, text, config) in enumerate(inputs()):
        if limit is not None and n >= limit:
            return
        count = seen.get(ident, 0)
        seen[ident] = count + 1
        key = ident if count == 0 else f"{ident}#{count}"
        yield {"id": key, **outputs(text, config)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--record", type=Path, help="write the digests to this JSON-lines file")
    mode.add_argument("--compare", type=Path, help="compare with a file written by --record")
    ap.add_argument("--src", type=Path, help="a src/ directory to import wikiparse from")
    ap.add_argument("--limit", type=int, help="only the first N inputs")
    args = ap.parse_args(argv)
    if args.src is not None:
        sys.path.insert(0, str(args.src.resolve()))
    import wikiparse

    print(f"wikiparse from {Path(wikiparse.__file__).parent}", file=sys.stderr)
    if args.record is not None:
        with args.record.open("w", encoding="utf-8") as out:
            count = 0
            for row in record(args.limit):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        print(f"recorded {count} inputs to {args.record}", file=sys.stderr)
        return 0
    with args.compare.open(encoding="utf-8") as fh:
        before = {row["id"]: row for row in map(json.loads, fh)}
    differing = 0
    total = 0
    for row in record(args.limit):
        total += 1
        old = before.pop(row["id"], None)
        if old == row:
            continue
        differing += 1
        if old is None:
            print(f"NEW INPUT {row['id']}")
            continue
        parts = sorted(k for k in row if row[k] != old.get(k))
        print(f"DIFFERS {row['id']}: {', '.join(parts)}")
    if args.limit is None:
        for ident in before:
            differing += 1
            print(f"MISSING {ident}")
    print(f"{total} inputs, {differing} differ", file=sys.stderr)
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
