"""The ``wikiparse`` command: ``convert``, ``dump`` and ``tree``.

Argument parsing, messages and progress only; the work lives in the library
(:mod:`wikiparse.dumps`, :mod:`wikiparse._convert`, the renderers).  Conventions: data on stdout,
messages on stderr, exit status 0 (all well), 1 (some pages or inputs failed; the summary says
which), 2 (usage or input error: bad arguments, unreadable / truncated / broken dump), 130 after
Ctrl-C.  argparse (the standard library) rather than click/typer: no extra dependency for a tool
whose options are simple, and ``main(argv) -> int`` stays trivially testable.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

import attrs

from . import __version__
from ._build import build_kind

if TYPE_CHECKING:
    from ._convert import ConvertSummary
    from .dumps import DumpReader

# The conversion machinery (multiprocessing, lxml, the renderers) is imported by the commands
# that use it, not here: ``wikiparse --version`` and ``--help`` stay quick to start.

__all__ = ["main"]

PROG = "wikiparse"

EXAMPLES_MAIN = """\
examples:
  wikiparse convert page.wiki --to html -o page.html
  echo "'''bold''' [[link]]" | wikiparse convert - --to markdown
  wikiparse dump enwiki-latest-pages-articles1.xml.bz2 --to text -o out/enwiki.jsonl
  wikiparse dump dump.xml.bz2 --to markdown -o pages/ --namespace 0 --no-redirects
  wikiparse tree page.wiki

Run 'wikiparse COMMAND --help' for each command's options.
"""

EXAMPLES_CONVERT = """\
examples:
  wikiparse convert page.wiki --to text
  wikiparse convert a.wiki b.wiki --to html --standalone -o html/
  cat page.wiki | wikiparse convert - --to json | jq .type
  wikiparse convert page.wiki --to text --edit-markers -O tables=true
"""

EXAMPLES_DUMP = """\
examples:
  wikiparse dump enwiki.xml.bz2 --to text -o out/enwiki.jsonl
  wikiparse dump enwiki.xml.bz2 --to text -o out/enwiki.jsonl --resume   # after an interruption
  wikiparse dump bgwiki.xml.bz2 --to markdown -o pages/ --namespace 0 --no-redirects
  wikiparse dump enwiki.xml.bz2 --to json --limit 10 | jq -r .title
  bzcat dump.xml.bz2 | wikiparse dump - --to html --jobs 4 --unordered > pages.jsonl
  wikiparse dump enwiki-pages-articles-multistream.xml.bz2 --to text --engine dask --format parquet -o out/

Each JSONL line: {"id", "title", "namespace", "revision_id", "timestamp", "redirect", "<format>"}.
A folder output holds one file per page, <shard>/<title>~<hash>.<ext>, and index.jsonl.
"""


class UsageError(Exception):
    """Bad arguments discovered after parsing (exit status 2)."""


# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def _error(message: str) -> None:
    _say(f"error: {message}")


def _rate(count: float, seconds: float) -> float:
    return count / seconds if seconds > 0 else 0.0


class Progress:
    """Progress on stderr: a tqdm bar on a terminal, a log line every ``every`` s otherwise."""

    def __init__(self, *, quiet: bool, every: float, total: int | None) -> None:
        self.quiet = quiet
        self.every = every
        self.total = total
        self.started = time.monotonic()
        self._last = self.started
        self._bar: Any = None
        self._bytes = 0
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(
                total=total, unit="B", unit_scale=True, unit_divisor=1000,
                file=sys.stderr, dynamic_ncols=True, desc="input", leave=True,
            )

    def __call__(self, summary: ConvertSummary, reader: DumpReader) -> None:
        if self.quiet:
            return
        now = time.monotonic()
        read = reader.bytes_read
        if self._bar is not None:
            self._bar.update(read - self._bytes)
            self._bytes = read
            if now - self._last >= 0.5:
                self._last = now
                done = summary.written + len(summary.failures)
                self._bar.set_postfix_str(
                    f"{done} pages, {_rate(done, now - self.started):.1f} pages/s", refresh=False
                )
            return
        if now - self._last >= self.every:
            self._last = now
            _say(self.line(summary, read, now - self.started))

    def line(self, summary: ConvertSummary, read: int, elapsed: float) -> str:
        done = summary.written + len(summary.failures)
        text = (
            f"{done} pages, {_rate(done, elapsed):.1f} pages/s, "
            f"{_rate(read, elapsed) / 1e6:.2f} MB/s of input"
        )
        if self.total:
            fraction = min(1.0, read / self.total)
            text += f", {100 * fraction:.0f}% read"
            if 0 < fraction < 1:
                text += f", ETA {_duration(elapsed * (1 - fraction) / fraction)}"
        return text

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds // 60 % 60:02d}m"


# --------------------------------------------------------------------------------------------
# Argument parsing
# --------------------------------------------------------------------------------------------


def _option_value(text: str) -> tuple[str, Any]:
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    try:
        value: Any = json.loads(raw)
    except ValueError:
        value = raw
    return key.strip().replace("-", "_"), value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


#: Other names users type for a format.
FORMAT_ALIASES = {"md": "markdown", "txt": "text", "htm": "html", "wiki": "wikitext"}


def _fields(text: str) -> tuple[str, ...]:
    from ._records import parse_fields

    try:
        return parse_fields(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _size(text: str) -> int:
    from ._records import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _regex(text: str) -> str:
    try:
        re.compile(text)
    except re.error as exc:
        raise argparse.ArgumentTypeError(f"not a regular expression: {exc}") from exc
    return text


def _format(text: str) -> str:
    from ._convert import FORMATS

    text = FORMAT_ALIASES.get(text, text)
    if text in FORMATS or (":" in text and not text.startswith(":")):
        return text
    raise argparse.ArgumentTypeError(
        f"invalid choice: {text!r} (choose from {', '.join(FORMATS)}, or MODULE:FUNCTION)"
    )


def _add_render_options(parser: argparse.ArgumentParser, formats: str) -> None:
    group = parser.add_argument_group("output")
    group.add_argument(
        "--to", required=True, type=_format, metavar="FORMAT",
        help=f"output format: {formats} (also md, txt), or MODULE:FUNCTION, a function "
        "taking a Document and returning a str (a renderer of your own)",
    )
    group.add_argument(
        "--edit-markers", action="store_true",
        help="write MediaWiki's '[edit | edit source]' marker after each heading (text, html, markdown)",
    )
    group.add_argument(
        "--standalone", action="store_true", help="html: a complete HTML document, not a fragment"
    )
    group.add_argument(
        "-O", "--option", action="append", type=_option_value, default=[], metavar="KEY=VALUE",
        help="any other renderer option, e.g. -O tables=true (VALUE is read as JSON if it parses)",
    )


class _VersionAction(argparse.Action):
    """``--version``: like argparse's own, but the build is looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        sys.stdout.write(f"{PROG} {__version__} ({build_kind()} build)\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    quiet = argparse.ArgumentParser(add_help=False)
    quiet.add_argument(
        "-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
        help="no progress and no summary on stderr (errors are still reported)",
    )
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Parse MediaWiki wikitext losslessly; render it as HTML, Markdown, plain "
        "text or JSON; convert whole XML dumps in parallel.",
        epilog=EXAMPLES_MAIN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and the build, and exit")
    parser.add_argument("-q", "--quiet", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    conv = sub.add_parser(
        "convert", parents=[quiet], help="convert wikitext files (or stdin)",
        description="Convert wikitext files, or stdin ('-'), to another format. Output goes to "
        "stdout, to one file, or (with several inputs and -o DIR/) one file per input.",
        epilog=EXAMPLES_CONVERT, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    conv.add_argument("files", nargs="*", default=["-"], metavar="FILE", help="inputs (default: stdin)")
    _add_render_options(conv, "html, markdown, text, json, wikitext")
    conv.add_argument("-o", "--output", metavar="OUT", help="output file, or folder (ending in /)")
    conv.add_argument(
        "--title",
        help="page title (html: self-links, edit links and the standalone page's heading; "
        "text: a first line; default: the input file's name)",
    )
    conv.add_argument("--force", action="store_true", help="overwrite output files that exist")
    conv.add_argument("--wiki", help="the wiki the text is from: dewiki, de or de.wikipedia.org "
                      "(its localized syntax; see docs/wikis.md)")
    conv.add_argument(
        "--templates", metavar="DUMP",
        help="expand templates and parser functions, taking templates from this XML dump "
        "(a SQLite store is built beside it once and reused)",
    )
    conv.add_argument(
        "--expand", action="store_true",
        help="expand parser functions and magic words (with --templates: templates too)",
    )

    dump = sub.add_parser(
        "dump", parents=[quiet], help="convert a MediaWiki XML dump, in parallel",
        description="Convert every page of a MediaWiki XML dump (.xml, .bz2 incl. multistream, "
        ".gz, .xz, or '-' for stdin) to JSON Lines or to one file per page.",
        epilog=EXAMPLES_DUMP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    dump.add_argument("dump", metavar="DUMP", help="the dump file, or - for stdin")
    _add_render_options(dump, "text, markdown, html, json, wikitext")
    dump.add_argument(
        "-o", "--output", metavar="OUT",
        help="OUT.jsonl (one JSON object per page; default: stdout; OUT.jsonl.gz, .bz2, .xz or "
        ".zst compresses) or DIR/ (one file per page, sharded, plus DIR/index.jsonl)",
    )
    dump.add_argument(
        "--fields", type=_fields, metavar="F,F,...",
        help="what each JSONL record holds: id, title, namespace, revision_id, timestamp, redirect, "
        "url, text (the rendered page), wikitext, categories, links, sections, infoboxes, "
        "references (default: id,title,namespace,revision_id,timestamp,redirect,text)",
    )
    dump.add_argument(
        "--max-bytes", type=_size, metavar="SIZE",
        help="start a new output file after SIZE bytes of JSONL (e.g. 256MB): OUT-00000.jsonl, "
        "OUT-00001.jsonl, ...",
    )
    dump.add_argument(
        "--title-regex", type=_regex, metavar="REGEX",
        help="only pages whose title matches REGEX (Python syntax, searched anywhere in the title)",
    )
    dump.add_argument(
        "-j", "--jobs", type=_positive_int, default=None,
        help="worker processes (default: all cores)",
    )
    dump.add_argument(
        "--namespace", "--ns", type=int, nargs="+", action="extend", metavar="N",
        help="only pages in these namespaces (e.g. 0 for articles)",
    )
    dump.add_argument("--no-redirects", action="store_true", help="skip redirect pages")
    dump.add_argument(
        "--expand", action="store_true",
        help="expand templates and parser functions, with the templates of this dump (read "
        "once into a SQLite store beside it, reused by later runs)",
    )
    dump.add_argument(
        "--templates", metavar="DUMP", help="with --expand, take the templates from this dump instead",
    )
    dump.add_argument("--limit", type=_positive_int, help="stop after N selected pages")
    dump.add_argument(
        "--resume", action="store_true",
        help="continue an interrupted run: keep the pages already in OUT, convert the rest",
    )
    dump.add_argument(
        "--force", action="store_true",
        help="start again over an OUT that exists (without it, an existing OUT is an error)",
    )
    dump.add_argument(
        "--unordered", action="store_true",
        help="write pages as they finish rather than in dump order (a little faster)",
    )
    dump.add_argument(
        "--page-timeout", type=_positive_float, default=120.0, metavar="SECONDS",
        help="a page still converting after this long fails and its worker is replaced "
        "(default: 120)",
    )
    dump.add_argument(
        "--start-method", choices=("fork", "forkserver", "spawn"), default=None,
        help="how worker processes start (default: forkserver where available, else spawn)",
    )
    dump.add_argument(
        "--log-every", type=_positive_float, default=10.0, metavar="SECONDS",
        help="when stderr is not a terminal, write a progress line this often (default: 10)",
    )
    engine = dump.add_argument_group(
        "engines and Parquet (pip install 'wikiparse-mw[dask]')",
    )
    engine.add_argument(
        "--engine", choices=("local", "dask"), default="local",
        help="local: this machine's process pool (default); dask: partitions on a Dask "
        "cluster, one part file each in the folder -o OUTDIR",
    )
    engine.add_argument(
        "--format", choices=("jsonl", "parquet"), default="jsonl",
        help="output file format (default: jsonl); parquet: zstd, ~64 MB row groups, the JSONL "
        "fields plus wiki and a typed timestamp",
    )
    engine.add_argument(
        "--scheduler", metavar="ADDRESS",
        help="dask: the scheduler to use, e.g. tcp://host:8786 (default: a local cluster of "
        "--jobs worker processes)",
    )
    engine.add_argument(
        "--index", metavar="INDEX",
        help="dask: the multistream index (default: the -index.txt.bz2 file beside DUMP, if any)",
    )
    engine.add_argument(
        "--partition-size", default="64MB", metavar="SIZE",
        help="dask: compressed bytes per partition of a multistream dump (default: 64MB)",
    )

    tree = sub.add_parser(
        "tree", parents=[quiet], help="show the syntax tree of a wikitext file",
        description="Print the syntax tree as an indented outline: node type, span "
        "(start-end character offsets) and the node's own fields.",
        epilog="examples:\n  wikiparse tree page.wiki\n  echo '{{a|b=[[c]]}}' | wikiparse tree -",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    tree.add_argument("file", metavar="FILE", help="a wikitext file, or - for stdin")
    tree.add_argument("--max-depth", type=int, default=None, metavar="N", help="outline depth limit")
    return parser


def _render_options(args: argparse.Namespace) -> dict[str, Any]:
    options: dict[str, Any] = dict(args.option)
    if args.edit_markers:
        if args.to not in ("text", "markdown", "html"):
            raise UsageError(f"--edit-markers applies to --to text, markdown or html, not {args.to}")
        options["edit_markers"] = True
    if args.standalone:
        if args.to != "html":
            raise UsageError(f"--standalone applies to --to html only (a complete HTML page), not {args.to}")
        options["standalone"] = True
    title = getattr(args, "title", None)
    if title is not None and args.to not in ("html", "text"):
        raise UsageError(f"--title applies to --to html and text, not {args.to}")
    if title is not None and args.to == "text":
        options["title"] = title  # the text renderer's first line
    return options


def _wiki_option(args: argparse.Namespace, options: dict[str, Any], own_dump: str | None) -> None:
    """``--expand``/``--templates``: the Wiki the renderer expands with (added after the
    renderer check, since it is no renderer option)."""
    source = args.templates or (own_dump if args.expand else None)
    if source is None and not args.expand:
        return
    from .expand import Wiki

    if source is None or source == "-":
        if source == "-":
            raise UsageError("--expand needs a dump file (not stdin) or --templates DUMP")
        options["wiki"] = Wiki()
        return
    try:
        options["wiki"] = Wiki.from_dump(source)
    except OSError as exc:
        raise UsageError(f"cannot read templates from {source}: {exc.strerror or exc}") from exc


def _check_renderer(fmt: str, options: dict[str, Any]) -> None:
    """Render an empty page once, so a bad option or a missing renderer is a usage error
    reported before any work starts, not one failure per page."""
    from ._convert import make_renderer

    try:
        make_renderer(fmt, options)("", "")
    except Exception as exc:
        raise UsageError(f"cannot render --to {fmt} with options {options}: {exc}") from exc


# --------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------


def _has_content(path: str) -> bool:
    return os.path.isfile(path) and os.path.getsize(path) > 0


def _refuse_overwrite(path: str, force: bool) -> None:
    """An output that exists is kept unless ``--force`` says otherwise: a re-run with the
    wrong ``-o`` must not silently destroy earlier work."""
    if not force and _has_content(path):
        raise UsageError(f"{path} exists (use --force to overwrite it)")


def _convert_target(output: str | None, force: bool) -> tuple[IO[bytes] | None, str | None]:
    """Where ``convert`` writes: an open file, a folder, or (both None) stdout."""
    from ._convert import make_dirs

    if not output or output == "-":
        return None, None
    if output.endswith(("/", os.sep)) or os.path.isdir(output):
        make_dirs(output)
        return None, output
    _refuse_overwrite(output, force)
    parent = os.path.dirname(output)
    if parent:
        make_dirs(parent)
    return open(output, "wb"), None  # closed by the caller


#: How a compressed or XML dump starts: ``convert`` reads wikitext, ``dump`` reads these.
_DUMP_SIGNATURES = (b"BZh", b"\x1f\x8b", b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c")


def _looks_like_dump(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(_DUMP_SIGNATURES):
        return True
    return head.startswith(b"<") and b"<mediawiki" in head[:4096]


def _read_input(name: str) -> str:
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(name, "rb") as fh:
            data = fh.read()
    if _looks_like_dump(data):
        raise UsageError(
            f"{name}: this is a MediaWiki XML dump, not a wikitext file: "
            f"use 'wikiparse dump {name} --to FORMAT'"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{name}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc


def _input_title(name: str, given: str | None) -> str:
    """The page title for an input: ``--title``, else the file's name without its extension
    (``Main_Page.wiki`` is the page "Main Page"), else nothing for stdin."""
    if given is not None:
        return given
    if name == "-":
        return ""
    return os.path.splitext(os.path.basename(name))[0].replace("_", " ")


def _cmd_convert(args: argparse.Namespace) -> int:
    """Each input is converted on its own: a failing one is reported and the others go on."""
    from ._convert import FORMATS, make_renderer, serialise
    from .config import ParserConfig

    options = _render_options(args)
    _check_renderer(args.to, options)
    try:
        config = ParserConfig.for_wiki(args.wiki) if args.wiki else None
    except KeyError as exc:
        raise UsageError(str(exc.args[0])) from exc
    _wiki_option(args, options, None)
    render = make_renderer(args.to, options, config)
    status = 0
    try:
        out, out_dir = _convert_target(args.output, args.force)
    except OSError as exc:
        raise UsageError(f"cannot write {exc.filename or args.output}: {exc.strerror or exc}") from exc
    try:
        for name in args.files:
            try:
                text = _read_input(name)
            except OSError as exc:
                _error(f"cannot read {name}: {exc.strerror or exc}")
                status = 2
                continue
            except UsageError as exc:
                _error(str(exc))
                status = 2
                continue
            try:
                result = serialise(render(text, _input_title(name, args.title)))
            except Exception as exc:
                _error(f"{name}: {type(exc).__name__}: {exc}")
                status = max(status, 1)
                continue
            data = (result if result.endswith("\n") else result + "\n").encode("utf-8", "surrogatepass")
            if out_dir is not None:
                stem = "stdin" if name == "-" else os.path.splitext(os.path.basename(name))[0]
                target = os.path.join(out_dir, f"{stem}.{FORMATS.get(args.to, 'txt')}")
                try:
                    _refuse_overwrite(target, args.force)
                except UsageError as exc:
                    _error(str(exc))
                    status = 2
                    continue
                with open(target, "wb") as fh:
                    fh.write(data)
            else:
                (out or sys.stdout.buffer).write(data)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise UsageError(f"cannot write {exc.filename or args.output}: {exc.strerror or exc}") from exc
    finally:
        if out is not None:
            out.close()
        else:
            with contextlib.suppress(BrokenPipeError):
                sys.stdout.flush()
    return status


def _cmd_tree(args: argparse.Namespace) -> int:
    from ._parse import parse

    try:
        text = _read_input(args.file)
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror or exc}") from exc
    lines = tree_lines(parse(text), max_depth=args.max_depth)
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _describe(node: Any) -> str:
    """One outline line's detail: the node's scalar fields and short text-like children."""
    bits: list[str] = []
    for f in attrs.fields(type(node)):
        name = f.name
        if name in ("start", "end", "source") or name.startswith("_"):
            continue
        value = getattr(node, name)
        if isinstance(value, bool):
            if value:
                bits.append(name)
        elif isinstance(value, int):
            bits.append(f"{name}={value}")
        elif isinstance(value, str) and value:
            shown = value if len(value) <= 40 else value[:37] + "..."
            bits.append(f"{name}={shown!r}")
    return " ".join(bits)


def _roles(node: Any) -> dict[int, str]:
    """Which field holds each child (``title``, ``trailing``, ``params``...), by child id;
    children of the plain sequence field ``nodes`` get no label."""
    roles: dict[int, str] = {}
    for f in attrs.fields(type(node)):
        if f.name == "nodes":
            continue
        value = getattr(node, f.name)
        label = f.metadata.get("json", f.name)  # Parameter._name is shown as "name"
        if isinstance(value, list):
            roles.update((id(v), label) for v in value if hasattr(v, "parts"))
        elif hasattr(value, "parts"):
            roles[id(value)] = label
    return roles


def tree_lines(root: Any, *, max_depth: int | None = None) -> list[str]:
    """The outline of ``root`` (explicit stack: any depth): ``[field]`` names a child's role."""
    lines: list[str] = []
    stack: list[tuple[int, Any, str]] = [(0, root, "")]
    while stack:
        depth, node, role = stack.pop()
        detail = _describe(node)
        head = f"{'  ' * depth}{type(node).__name__} {node.start}-{node.end}"
        lines.append(head + (f" [{role}]" if role else "") + (f" {detail}" if detail else ""))
        if max_depth is None or depth < max_depth:
            roles = _roles(node)
            stack.extend(
                (depth + 1, child, roles.get(id(child), "")) for child in reversed(node.children)
            )
    return lines


def _cmd_dump(args: argparse.Namespace) -> int:
    from ._convert import DumpJob, plain_format, run_dump, start_fork_server

    options = _render_options(args)
    if args.engine != "dask":
        # The fork server loads the parser and renderers while this process loads them too
        # for the check below: on two cores the first page comes that much sooner.
        expands = bool(args.expand or args.templates)
        plain = plain_format(args.to, fields=args.fields, expands=expands)
        start_fork_server(args.start_method or _default_start_method(), plain)
    # Tried here, before the output is opened: a mistyped -O must not empty (or, with
    # --force, truncate) an existing output file.  Workers try built-in renderers again
    # as they start, which builds their patterns outside any page's time limit.
    _check_renderer(args.to, options)
    if args.templates and not args.expand:
        raise UsageError("--templates needs --expand")
    _wiki_option(args, options, args.dump)
    if args.engine == "dask":
        return _cmd_dump_dask(args, options)
    if args.format == "parquet":
        return _cmd_dump_parquet(args, options)
    output: str | None = args.output if args.output not in (None, "-") else None
    folder = output is not None and (output.endswith(("/", os.sep)) or os.path.isdir(output))
    if args.resume and output is None:
        raise UsageError("--resume needs -o OUT.jsonl or -o DIR/ (it cannot resume stdout)")
    if args.resume and args.force:
        raise UsageError("--resume keeps OUT and --force starts it again: choose one")
    if output is not None and not args.resume:
        index = os.path.join(output, "index.jsonl") if folder else output
        if not args.force and _has_content(index):
            raise UsageError(
                f"{output} exists: use --resume to continue that run or --force to start again"
            )
    if args.max_bytes and (output is None or folder):
        raise UsageError("--max-bytes needs -o OUT.jsonl (it shards a JSONL file)")
    if args.max_bytes and args.resume:
        raise UsageError("--max-bytes cannot be combined with --resume")
    job = DumpJob(
        source=args.dump,
        fmt=args.to,
        options=options,
        output=(output.rstrip("/" + os.sep) or output) if output else None,
        folder=folder,
        jobs=args.jobs or _default_jobs(),
        namespaces=frozenset(args.namespace) if args.namespace else None,
        redirects=not args.no_redirects,
        limit=args.limit,
        resume=args.resume,
        unordered=args.unordered,
        page_timeout=args.page_timeout,
        start_method=args.start_method or _default_start_method(),
        fields=args.fields,
        title_regex=args.title_regex,
        max_bytes=args.max_bytes,
    )
    quiet = bool(getattr(args, "quiet", False))
    size = _file_size(args.dump)
    progress = Progress(quiet=quiet, every=args.log_every, total=size)
    previous = _stop_on_sigterm()
    try:
        summary = run_dump(job, progress)
    finally:
        progress.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if summary.not_a_dump is not None:  # the reader's verdict: no <page> in it at all
        summary.error = summary.not_a_dump  # an input error: exit status 2
    _report(summary, quiet=quiet)
    return summary.exit_code


def _cmd_dump_dask(args: argparse.Namespace, options: dict[str, Any]) -> int:
    """``--engine dask``: partitions on a Dask cluster, into part files (``wikiparse.dask``)."""
    if not args.output or args.output == "-":
        raise UsageError("--engine dask needs -o OUTDIR (a folder, or a URL such as s3://bucket/out)")
    if args.dump == "-":
        raise UsageError("--engine dask reads files (or URLs), not stdin")
    if args.limit is not None:
        raise UsageError("--limit works with --engine local only")
    try:
        from .dask import DaskSummary, convert_dump
    except ImportError as exc:
        raise UsageError(f"--engine dask needs the dask extra: pip install 'wikiparse-mw[dask]' ({exc})") from exc
    quiet = bool(getattr(args, "quiet", False))

    finished = [0]

    def progress(summary: DaskSummary, stats: dict[str, Any]) -> None:
        finished[0] += 1
        if not quiet:
            state = "already done" if stats.get("reused") else f"{stats['pages']} pages in {stats['seconds']:.1f} s"
            _say(f"{stats['partition']}: {state} ({finished[0] + summary.reused}/{summary.partitions})")

    try:
        summary = convert_dump(
            args.dump, args.output, fmt=args.to, options=options, output_format=args.format,
            index=args.index, partition_size=args.partition_size, scheduler=args.scheduler,
            workers=args.jobs, resume=args.resume,
            namespaces=frozenset(args.namespace) if args.namespace else None,
            redirects=not args.no_redirects, page_timeout=args.page_timeout,
            start_method=args.start_method or _default_start_method(), progress=progress,
        )
    except (OSError, ValueError, RuntimeError, ImportError) as exc:  # e.g. s3:// without s3fs
        raise UsageError(str(exc)) from exc
    if not quiet:
        _say(f"{summary.written} pages written to {summary.partitions} parts in {summary.outdir} "
             f"({summary.reused} already done) in {summary.elapsed:.1f} s "
             f"({_rate(summary.written, summary.elapsed):.1f} pages/s)")
        for failure in summary.failures[:20]:
            _say(f"failed: page {failure['page_id']} {failure['title']!r}: {failure['reason']}")
    for name, reason in summary.failed_partitions.items():
        _error(f"{name} failed: {reason}")
    return summary.exit_code


def _cmd_dump_parquet(args: argparse.Namespace, options: dict[str, Any]) -> int:
    """``--format parquet`` with the local pool: JSONL beside the target, then one Parquet file."""
    if not args.output or args.output == "-" or args.output.endswith(("/", os.sep)):
        raise UsageError("--format parquet needs -o OUT.parquet (a file)")
    try:
        import pyarrow  # noqa: F401 - checked before the work, not after it

        from ._parquet import jsonl_to_parquet
    except ImportError as exc:
        raise UsageError(f"--format parquet needs pyarrow: pip install 'wikiparse-mw[dask]' ({exc})") from exc
    partial = args.output + ".partial.jsonl"
    status_args = argparse.Namespace(**{**vars(args), "output": partial, "format": "jsonl"})
    status = _cmd_dump(status_args)
    if status not in (0, 1):
        return status
    wiki = ""
    if args.dump != "-":
        from .dumps import DumpReader

        with contextlib.suppress(Exception), DumpReader(args.dump) as reader:
            reader.config  # noqa: B018 - reads <siteinfo>
            wiki = str((reader.siteinfo or {}).get("dbname", ""))
    try:
        jsonl_to_parquet(partial, args.output + ".tmp", fmt=args.to, wiki=wiki)
        os.replace(args.output + ".tmp", args.output)
        os.remove(partial)
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    return status


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _stop_on_sigterm() -> Any:
    """Make ``kill`` (SIGTERM) stop a dump as cleanly as Ctrl-C; returns the old handler."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _interrupt)


def _default_jobs() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1  # pragma: no cover - platforms without affinity


def _default_start_method() -> str:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


def _file_size(path: str) -> int | None:
    try:
        return os.path.getsize(path) if path != "-" else None
    except OSError:
        return None


def _report(summary: ConvertSummary, *, quiet: bool) -> None:
    """The closing lines: a run that a fatal error ended says so in ONE line (everything
    before the fault is written); otherwise the summary and the failed pages, unless quiet."""
    fatal = str(summary.error) if summary.error is not None else summary.fatal
    if fatal is not None:
        _error(fatal)  # a dump error already says where (byte, page) the fault is
        return
    if not quiet:
        parts = [f"{summary.written} pages written"]
        if summary.resumed:
            parts.append(f"{summary.resumed} already done (resumed)")
        if summary.filtered:
            parts.append(f"{summary.filtered} filtered out")
        if summary.failures:
            parts.append(f"{len(summary.failures)} failed")
        rate = _rate(summary.written + len(summary.failures), summary.elapsed)
        mbs = _rate(summary.bytes_read, summary.elapsed) / 1e6
        _say(f"{', '.join(parts)} in {summary.elapsed:.1f} s ({rate:.1f} pages/s, {mbs:.2f} MB/s of input)")
        for failure in summary.failures[:20]:
            _say(f"failed: page {failure.page_id} {failure.title!r}: {failure.reason}")
        if len(summary.failures) > 20:
            _say(f"failed: ... and {len(summary.failures) - 20} more")
    if summary.interrupted:
        _error("interrupted; everything converted so far is written (use --resume to continue)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``wikiparse`` command line; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors: argparse's own messages
        return exc.code if isinstance(exc.code, int) else 2
    commands = {"convert": _cmd_convert, "dump": _cmd_dump, "tree": _cmd_tree}
    try:
        return commands[args.command](args)
    except UsageError as exc:
        _error(str(exc))
        return 2
    except BrokenPipeError:
        # The reader of our stdout went away (``| head``): not an error of ours.
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
