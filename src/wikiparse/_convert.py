"""Parallel, fault-tolerant dump conversion: the machinery behind ``wikiparse dump``.

The main process reads the dump (:mod:`wikiparse.dumps`) and hands pages to worker processes;
each worker parses and renders a page and sends the result back.  Design choices, and why:

* **Two pipes per worker** (tasks in, results out), not a shared pool.  The main process then
  knows which pages each worker holds, so a page that runs past its time limit can be charged
  to that page alone, its worker killed and replaced, and the worker's other queued pages
  resent.  Killing a worker can only break its own pipes, never a channel shared with others;
  and a worker sees EOF when the main process dies, even in the middle of a message.
* **A sender thread for each task pipe** in the main process, fed from an in-process queue:
  the main loop never blocks on a full pipe while a worker is blocked sending a big result,
  so the two sides cannot deadlock.  Workers send their results themselves, synchronously,
  before starting the next page: when a worker dies or hangs, every earlier page has been
  answered, and the failure is charged to exactly the page it was on.
* **Bounded in-flight work**: at most ``PagePool.PER_WORKER`` pages per worker, and in ordered
  mode no page more than a fixed window ahead of the next one to write.  Memory stays flat
  whatever the dump's size.
* **Results in dump order** by default (a small reorder buffer), or as they come (``unordered``).
* **Everything picklable and importable at module level**, so the fork, forkserver and spawn start
  methods all work.
* **Output is only ever appended in whole lines**, so a JSONL file read after any failure is
  valid, and ``resume`` can trust every line but a torn last one (after a hard kill), which it
  cuts off.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import importlib
import json
import multiprocessing
import multiprocessing.connection
import os
import queue
import re
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.context import BaseContext
from typing import IO, Any

import attrs

from ._records import build_record, is_compressed, open_input, open_output, shard_path
from .config import DEFAULT_CONFIG, ParserConfig
from .dumps import DumpError, DumpReader, Page

__all__ = [
    "FORMATS",
    "ConvertSummary",
    "DumpJob",
    "Failure",
    "make_dirs",
    "make_renderer",
    "page_path",
    "read_done_keys",
    "run_dump",
]

#: Output formats and the file extension of each in folder output.
FORMATS: dict[str, str] = {
    "text": "txt",
    "markdown": "md",
    "html": "html",
    "json": "json",
    "wikitext": "wiki",
}

RenderFn = Callable[[str, str], Any]

#: What one page may allocate in a worker by default: 20x a 50 MB page, 100x the largest page
#: English Wikipedia allows ($wgMaxArticleSize, 2 MiB).
DEFAULT_PAGE_MEMORY = 1 << 30

#: The sequence number of a worker's "started and ready" message.
READY = -1

#: Ends a sender thread (see :func:`_send_all`); ``None`` is sent: it tells a worker to stop.
_END = "end of sending"


# --------------------------------------------------------------------------------------------
# Rendering one page (runs in the workers)
# --------------------------------------------------------------------------------------------


def make_renderer(fmt: str, options: dict[str, Any] | None = None, config: ParserConfig | None = None) -> RenderFn:
    """A ``(wikitext, title) -> output`` function for a format name or ``module:function``.

    Output is a str, except for ``json`` (the AST as a JSON-ready dict).  The built-in
    renderers get the wikitext itself, so that they parse only what they show (see
    ``parse_for_rendering``).  A ``module:function`` is called as
    ``function(document, **options)`` on the parsed page and must return a str: it lets users
    plug in their own renderer, and it is how the tests make a page hang inside a real worker
    process.
    """
    opts = dict(options or {})
    wiki = opts.pop("wiki", None)
    if wiki is not None:  # expand templates first (a wikiparse.Wiki), as the page's title
        return _expanding_renderer(fmt, opts, config, wiki)
    # Each built-in format imports its own renderer only (not the whole API, as a name of the
    # ``wikiparse`` package would): the main process checks one and the workers run one.
    from ._parse import parse

    if fmt == "wikitext":
        return lambda text, title: str(parse(text, config=config))
    if fmt == "json":
        from .render.json import to_json

        return lambda text, title: to_json(parse(text, config=config))
    if config is not None:
        opts.setdefault("config", config)
    if fmt == "text":
        from .render.text import to_text

        return lambda text, title: to_text(text, **opts)
    if fmt == "markdown":
        from .render.markdown import to_markdown

        return lambda text, title: to_markdown(text, **opts)
    if fmt == "html":
        from .render.html import to_html

        return lambda text, title: str(to_html(text, **{"title": title or None, **opts}))
    module_name, sep, func_name = fmt.partition(":")
    if not sep or not module_name or not func_name:
        raise ValueError(f"unknown format {fmt!r}")
    func = getattr(importlib.import_module(module_name), func_name)
    opts.pop("config", None)
    return lambda text, title: func(parse(text, config=config), **opts)


def _expanding_renderer(fmt: str, opts: dict[str, Any], config: ParserConfig | None, wiki: Any) -> RenderFn:
    """:func:`make_renderer` with a ``wiki``: the page is expanded as its title, and the
    expanded text parsed with braces off (``Wiki.parse``, the renderers' ``wiki=``)."""
    import wikiparse

    def parse_expanded(text: str, title: str | None) -> Any:
        return wiki.parse(text, title or "Main Page", config=config)

    if fmt == "html":
        if config is not None:
            opts.setdefault("config", config)
        return lambda text, title: str(wikiparse.to_html(text, wiki=wiki, **{"title": title or None, **opts}))
    if fmt == "text":  # the title names the page to expand; it is not printed
        return lambda text, title: wikiparse.to_text(parse_expanded(text, title), **opts)
    if fmt == "markdown":
        return lambda text, title: wikiparse.to_markdown(parse_expanded(text, title), **opts)
    if fmt == "wikitext":
        return lambda text, title: wiki.expand_for_rendering(text, title or "Main Page")
    if fmt == "json":
        return lambda text, title: wikiparse.to_json(parse_expanded(text, title))
    module_name, sep, func_name = fmt.partition(":")
    if not sep or not module_name or not func_name:
        raise ValueError(f"unknown format {fmt!r}")
    func = getattr(importlib.import_module(module_name), func_name)
    return lambda text, title: func(parse_expanded(text, title), **opts)


def output_key(fmt: str) -> str:
    """The JSONL field that holds a page's output: the format's name (``output`` for plug-ins)."""
    return fmt if fmt in FORMATS else "output"


def dumps_json(value: Any) -> str:
    """Compact JSON at any depth (the AST of a deeply nested page is deeper than ``json``'s
    recursion allows: :func:`wikiparse.render.json.dumps` falls back to an iterative writer)."""
    from .render.json import dumps

    return dumps(value)


def serialise(output: Any) -> str:
    """A page's output as file content (JSON for the AST, the string itself otherwise)."""
    return output if isinstance(output, str) else dumps_json(output)


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|%]')


def _encode_char(match: re.Match[str]) -> str:
    return f"%{ord(match.group()):02X}"


def page_path(title: str, ext: str, *, max_bytes: int = 150) -> str:
    """A safe relative path for a page's file: ``<shard>/<readable-title>~<hash>.<ext>``.

    Characters that are special on some file system (``/ \\ : * ? " < > |``, control
    characters, ``%`` itself) are percent-encoded, a leading dot too; the readable part is cut
    to ``max_bytes`` of UTF-8.  The hash of the exact title keeps titles that differ only in
    case (case-insensitive file systems) or only after the cut apart, and its first two hex
    digits pick one of 256 shard folders so no folder grows huge.
    """
    digest = hashlib.sha1(title.encode("utf-8", "surrogatepass")).hexdigest()
    stem = _UNSAFE.sub(_encode_char, title.replace(" ", "_"))
    if stem.startswith("."):
        stem = "%2E" + stem[1:]
    raw = stem.encode("utf-8", "surrogatepass")
    if len(raw) > max_bytes:
        stem = raw[:max_bytes].decode("utf-8", "ignore")
    return f"{digest[:2]}/{stem or '_'}~{digest[:8]}.{ext}"


@attrs.frozen
class WorkerSpec:
    """Everything a worker needs, picklable for the spawn start method."""

    fmt: str
    options: dict[str, Any]
    siteinfo: dict[str, Any] | None
    folder: str | None  # folder output: the worker writes the page's file itself
    page_memory: int | None = None  # bytes a page may allocate (see _memory_cap)
    #: ``--fields``: what a JSONL record holds (see ``_records.FIELDS``); None: the default record.
    fields: tuple[str, ...] | None = None


def _page_meta(page: Page) -> dict[str, Any]:
    return {
        "id": page.id,
        "title": page.title,
        "namespace": page.namespace,
        "revision_id": page.revision_id,
        "timestamp": page.timestamp,
        "redirect": page.redirect,
    }


def make_dirs(path: str) -> None:
    """``os.makedirs`` that names the real problem when a file stands where a folder must go."""
    try:
        os.makedirs(path, exist_ok=True)
    except FileExistsError as exc:
        raise NotADirectoryError(errno.ENOTDIR, "Not a directory", exc.filename) from exc


def _write_atomically(path: str, data: bytes) -> None:
    """Write via a temporary name and rename, so a file that exists is always complete."""
    make_dirs(os.path.dirname(path))
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def _do_task(
    spec: WorkerSpec, render: RenderFn, meta: dict[str, Any], text: list[str], config: ParserConfig | None = None
) -> bytes:
    """Parse and render one page; the JSONL line (or index line for folder output), as bytes.

    ``text`` is a one-item list that this function empties: the page's wikitext is then
    referenced by the renderer alone and freed as soon as the page is rendered, before the
    output is turned into JSON (on a 50 MB page, the input, the output and its JSON text held
    at once were the worker's peak).
    """
    if spec.fields is not None and spec.folder is None:
        source = text.pop()
        record = build_record(
            spec.fields, meta, source=source, output_key=output_key(spec.fmt),
            render=lambda: render(source, meta["title"]), siteinfo=spec.siteinfo, config=config,
        )
        return _json_line(record)
    output = render(text.pop(), meta["title"])
    if spec.folder is None:
        record = {**meta, output_key(spec.fmt): output}
        del output  # the record holds it now
        return _json_line(record)
    rel = page_path(meta["title"] or str(meta["id"]), FORMATS.get(spec.fmt, "txt"))
    _write_atomically(
        os.path.join(spec.folder, rel), serialise(output).encode("utf-8", "surrogatepass")
    )
    return _json_line({**meta, "path": rel})


def _json_line(record: dict[str, Any]) -> bytes:
    """``record`` as one UTF-8 JSONL line, exactly as :func:`dumps_json` writes it; the dict
    is emptied on the way (:func:`wikiparse.render.json.dumps_line`)."""
    from .render.json import dumps_line

    return dumps_line(record)


def _address_space() -> int | None:
    """This process's virtual memory size in bytes (Linux), ``None`` where unknown."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextlib.contextmanager
def _memory_cap(limit: int | None) -> Iterator[None]:
    """Let the page being converted allocate at most ``limit`` more bytes of address space.

    The kernel enforces it (``RLIMIT_AS``): an allocation past it fails and Python raises
    MemoryError inside the page, which the worker reports like a timeout and survives, its
    memory freed.  The limit is set from the worker's size before each page, so what earlier
    pages left in the allocator's arenas does not eat into the next page's allowance, and it is
    lifted again before the result is sent.  Where the size cannot be read (not Linux), no cap.
    """
    import resource

    size = _address_space() if limit is not None else None
    if size is None or limit is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = size + limit if hard == resource.RLIM_INFINITY else min(size + limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while one page is converted, on again between pages.

    Only a worker process does this: it runs nothing but our pages, so the process-wide
    ``gc.disable()`` touches no host application (the parser itself pauses only for long
    inputs, see :func:`wikiparse._parse.gc_paused`).  A page's tree has no cycles and is freed
    by reference counting when the page is done; while it is being built, the collector's
    passes over it are pure cost.  Whatever cyclic garbage a page leaves is collected between
    pages.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def worker_main(tasks: Any, results: Any, spec: WorkerSpec) -> None:
    """Worker process loop: one page in, one ``(seq, ok, line-or-reason)`` out, until ``None``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C for all
    try:
        config = ParserConfig.from_siteinfo(spec.siteinfo) if spec.siteinfo else DEFAULT_CONFIG
        render = make_renderer(spec.fmt, spec.options, config)
    except Exception as exc:  # e.g. a plug-in renderer that imports in the main process only
        results.send((READY, False, f"a worker process could not start: {_reason(exc)}"))
        return
    try:
        # A built-in renderer renders an empty page, once: a bad ``-O`` option fails here,
        # before any page (the run stops with one message, as the command line's own check
        # would), and what the first page would build (the wiki's compiled patterns) is built
        # now, outside any page's time and memory limits.  (A plug-in is tried by the command
        # line itself, in the main process: it is never called for anything but pages here.)
        if spec.fmt in FORMATS:
            render("", "")
    except Exception as exc:
        results.send((READY, False, f"cannot render --to {spec.fmt}: {_reason(exc)}"))
        return
    # What start-up made (modules, the config and its compiled patterns) lives as long as the
    # worker: frozen, the collector never walks it again.
    gc.collect()
    gc.freeze()
    parent = multiprocessing.parent_process()
    results.send((READY, True, b""))  # start-up (imports) must not count against a page's time
    while True:
        try:
            if not tasks.poll(2.0):
                # A main process killed outright (SIGKILL) can't tell us: notice and leave.
                if parent is not None and not parent.is_alive():
                    return
                continue
            task = tasks.recv()
        except (EOFError, OSError):  # the main process is gone (even mid-message)
            return
        if task is None:
            break
        # Only ``text`` keeps the page's wikitext from here on, and _do_task empties it.
        seq, meta, text = task.seq, task.meta, [task.text]
        del task
        try:
            with _memory_cap(spec.page_memory), _collector_paused():
                payload: bytes | str = _do_task(spec, render, meta, text, config)
            ok = True
        except MemoryError:
            payload = f"memory limit of {(spec.page_memory or 0) / 2**20:g} MB exceeded"
            ok = False
        except Exception as exc:  # one bad page must never stop the run
            payload = _reason(exc)
            ok = False
        # Sent before the next page starts (no sender thread here, on purpose): if this worker
        # dies or hangs, every page before the current one has been answered, so the main
        # process blames exactly the right page.
        try:
            results.send((seq, ok, payload))
        except OSError:  # the main process is gone
            return
        payload = b""  # not held while the next page is converted
    results.close()


def _send_all(outbox: queue.SimpleQueue[Any], conn: Any) -> None:
    """The main process's sender thread for one worker's task pipe.  While the worker is busy
    sending a big result, the task pipe may be full: this thread waits, never the main loop, so
    the two sides can never both be blocked sending to each other."""
    while (item := outbox.get()) is not _END:
        try:
            conn.send(item)
        except OSError:  # the other side is gone
            return


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if len(text) > 200:
        text = text[:197] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --------------------------------------------------------------------------------------------
# The worker pool
# --------------------------------------------------------------------------------------------


@attrs.frozen
class Task:
    seq: int
    meta: dict[str, Any]
    text: str


@attrs.frozen
class Result:
    task: Task
    ok: bool
    payload: bytes | str  # the output line, or the reason of a failure


class WorkerStartError(Exception):
    """Worker processes cannot start at all (not a page's fault): the run cannot go on."""


@attrs.define(eq=False)
class _Worker:
    process: Any
    tasks: Any  # our end of the task pipe, written by ``sender`` from ``outbox``
    results: Any
    outbox: queue.SimpleQueue[Task | str | None]
    sender: threading.Thread
    outstanding: deque[Task] = attrs.field(factory=deque)
    busy_since: float = 0.0
    ready: bool = False


#: What a worker renders each built-in format with (besides this module and the JSON
#: writer of its lines): all the fork server needs to preload for a plain run of that format.
_FORMAT_MODULES: dict[str, tuple[str, ...]] = {
    "text": (".render.text",),
    "markdown": (".render.markdown",),
    "html": (".render.html",),
    "json": ("._parse",),
    "wikitext": ("._parse",),
}


def _preload_in_forkserver(ctx: BaseContext, fmt: str | None = None) -> None:
    """Have the fork server import the parser and renderers once, before it forks workers.

    ``import wikiparse`` loads its API on first use, so a fork server would otherwise start
    each worker with almost nothing loaded, and each worker (a replaced one too) would pay
    the imports itself.  ``fmt``, a built-in format the workers render (no ``--expand``, no
    ``--fields``), narrows the list to what that format imports (a text dump need not load
    the HTML renderer); None, or any other format, preloads the whole API.  Only a fork
    server not yet running takes the list (the standard library's rule).  What is on the
    list already (``__main__`` by default, or a host program's own modules) stays on it.
    """
    from multiprocessing import forkserver

    import wikiparse

    server = getattr(forkserver, "_forkserver", None)
    current = list(getattr(server, "_preload_modules", None) or ["__main__"])
    modules = _FORMAT_MODULES.get(fmt or "", wikiparse._API_MODULES)
    ours = dict.fromkeys([__name__, "wikiparse.render.json", *(f"wikiparse{m}" for m in modules)])
    ctx.set_forkserver_preload(current + [m for m in ours if m not in current])


def plain_format(fmt: str, *, fields: tuple[str, ...] | None, expands: bool) -> str | None:
    """``fmt`` when workers render it with nothing but its own renderer to import (a
    built-in format, no ``--fields``, no template expansion; see
    :func:`_preload_in_forkserver`), else None.  The one rule for the CLI, which starts the
    fork server before it builds a :class:`WorkerSpec`, and for :class:`PagePool`."""
    if fields is not None or expands:
        return None
    return fmt if fmt in _FORMAT_MODULES else None


def _plain_format(spec: WorkerSpec) -> str | None:
    """:func:`plain_format` for the workers ``spec`` describes."""
    return plain_format(spec.fmt, fields=spec.fields, expands="wiki" in spec.options)


def start_fork_server(start_method: str | None, fmt: str | None = None) -> None:
    """Start the fork server now, when ``start_method`` is ``forkserver`` (otherwise nothing):
    it then imports the parser and renderers (those of ``fmt``, see
    :func:`_preload_in_forkserver`) while the caller does other work, instead of when the
    first worker is needed."""
    ctx = multiprocessing.get_context(start_method)
    if ctx.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    _preload_in_forkserver(ctx, fmt)
    forkserver.ensure_running()


class PagePool:
    """Worker processes with per-page time limits; see the module docstring for the design."""

    #: Pages queued per worker: enough that a worker never waits for a briefly descheduled
    #: main process, few enough that a replaced worker's queue is cheap to hand on.
    PER_WORKER = 6

    def __init__(
        self,
        jobs: int,
        spec: WorkerSpec,
        *,
        timeout: float | None = None,
        start_method: str | None = None,
    ) -> None:
        self.spec = spec
        self.timeout = timeout
        self.ctx: BaseContext = multiprocessing.get_context(start_method)
        if self.ctx.get_start_method() == "forkserver":
            _preload_in_forkserver(self.ctx, _plain_format(spec))
        self.workers: list[_Worker] = [self._start() for _ in range(max(1, jobs))]
        self.replaced = 0
        self._start_failures = 0

    def _start(self) -> _Worker:
        task_r, task_w = self.ctx.Pipe(duplex=False)
        result_r, result_w = self.ctx.Pipe(duplex=False)
        proc = self.ctx.Process(  # type: ignore[attr-defined]
            target=worker_main, args=(task_r, result_w, self.spec), daemon=True
        )
        proc.start()
        # The worker's ends, closed here: its death shows as EOF to us, ours as EOF to it.
        task_r.close()
        result_w.close()
        outbox: queue.SimpleQueue[Task | str | None] = queue.SimpleQueue()
        sender = threading.Thread(target=_send_all, args=(outbox, task_w), daemon=True)
        sender.start()
        return _Worker(proc, task_w, result_r, outbox, sender)

    @property
    def in_flight(self) -> int:
        return sum(len(w.outstanding) for w in self.workers)

    def has_capacity(self) -> bool:
        return any(len(w.outstanding) < self.PER_WORKER for w in self.workers)

    def submit(self, task: Task) -> None:
        worker = min(self.workers, key=lambda w: len(w.outstanding))
        self._assign(worker, task)

    def _assign(self, worker: _Worker, task: Task) -> None:
        if not worker.outstanding and worker.ready:
            worker.busy_since = time.monotonic()
        worker.outstanding.append(task)
        worker.outbox.put(task)

    def poll(self, wait: float) -> list[Result]:
        """Results that arrived within ``wait`` seconds, plus pages that failed by timeout/crash."""
        if not self.in_flight:
            return []
        now = time.monotonic()
        if self.timeout is not None:
            deadlines = [w.busy_since + self.timeout for w in self.workers if w.outstanding and w.ready]
            wait = max(0.0, min([wait, *(d - now for d in deadlines)]))
        conns = {w.results: w for w in self.workers if w.outstanding or not w.ready}
        out: list[Result] = []
        # One message per ready pipe, not a drain: asking a pipe whether it has more costs a
        # selector made and closed (about 10 us), twice per page; what is left is read on the
        # caller's next call, which returns at once.
        for conn in multiprocessing.connection.wait(list(conns), wait):
            worker = conns[conn]
            try:
                seq, ok, payload = worker.results.recv()
                if seq == READY:
                    if not ok:
                        raise WorkerStartError(str(payload))
                    worker.ready = True
                    worker.busy_since = time.monotonic()
                    continue
                task = worker.outstanding.popleft()
                assert task.seq == seq, "worker answered out of order (bug in wikiparse)"
                worker.busy_since = time.monotonic()
                out.append(Result(task, ok, payload))
            except (EOFError, OSError):
                failed = self._replace(worker, "worker process died")
                if failed is not None:
                    out.append(failed)
        if self.timeout is not None:
            now = time.monotonic()
            for worker in list(self.workers):
                if worker.outstanding and worker.ready and now - worker.busy_since > self.timeout:
                    failed = self._replace(worker, f"timeout after {self.timeout:g} s")
                    if failed is not None:
                        out.append(failed)
        return out

    def _replace(self, worker: _Worker, reason: str) -> Result | None:
        """Kill ``worker``; its current page fails with ``reason``, its queued pages move on."""
        if not worker.ready:
            self._start_failures += 1
            if self._start_failures > 3:
                raise WorkerStartError("worker processes keep dying as they start")
        failed = worker.outstanding.popleft() if worker.outstanding and worker.ready else None
        rest = list(worker.outstanding)
        self._kill(worker)
        fresh = self._start()
        self.workers[self.workers.index(worker)] = fresh
        self.replaced += 1
        for task in rest:
            self._assign(fresh, task)
        return Result(failed, False, reason) if failed is not None else None

    @staticmethod
    def _kill(worker: _Worker) -> None:
        proc = worker.process
        if proc.is_alive():
            proc.terminate()
            proc.join(2)
            if proc.is_alive():  # pragma: no cover - SIGTERM ignored
                proc.kill()
                proc.join(2)
        worker.outbox.put(_END)
        worker.sender.join(2)  # returns at once: the worker is gone, so sends fail fast
        worker.tasks.close()
        worker.results.close()

    def close(self, *, force: bool = False) -> None:
        """Stop every worker: politely (finish and exit) unless ``force``."""
        for worker in self.workers:
            if force:
                self._kill(worker)
                continue
            worker.outbox.put(None)  # after its pages: tells the worker to stop
            worker.outbox.put(_END)
        if not force:
            deadline = time.monotonic() + 5
            for worker in self.workers:
                worker.process.join(max(0.0, deadline - time.monotonic()))
                self._kill(worker)
        self.workers = []


# --------------------------------------------------------------------------------------------
# Output sinks
# --------------------------------------------------------------------------------------------

_ID_AT_START = re.compile(rb'^\{"id":(-?\d+|null),"title":("(?:[^"\\]|\\.)*")')


def _line_key(line: bytes) -> int | str | None:
    """The resume key of an output line: the page id, or its title when it has no id."""
    m = _ID_AT_START.match(line)
    if m is None:
        return None
    if m.group(1) != b"null":
        return int(m.group(1))
    title: str = json.loads(m.group(2))
    return title


def page_key(page: Page) -> int | str:
    return page.id if page.id is not None else page.title


def read_done_keys(path: str) -> set[int | str]:
    """Keys of the pages already in a JSONL file; cuts off a torn last line (hard kill)."""
    done: set[int | str] = set()
    if not os.path.exists(path):
        return done
    if is_compressed(path):
        return _read_done_keys_compressed(path)
    with open(path, "r+b") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        end = size
        while end > 0:  # find the last newline, reading backwards in blocks
            start = max(0, end - (1 << 16))
            fh.seek(start)
            block = fh.read(end - start)
            pos = block.rfind(b"\n")
            if pos != -1:
                end = start + pos + 1
                break
            end = start
        if end != size:
            fh.truncate(end)
        fh.seek(0)
        for line in fh:
            key = _line_key(line)
            if key is not None:
                done.add(key)
    return done


def _read_done_keys_compressed(path: str) -> set[int | str]:
    """Keys of a compressed JSONL file; a torn last line or stream (hard kill) ends the read."""
    done: set[int | str] = set()
    try:
        with open_input(path) as fh:
            for line in fh:
                if line.endswith(b"\n"):
                    key = _line_key(line)
                    if key is not None:
                        done.add(key)
    except Exception:
        pass  # everything before the torn end counts; the run appends a new stream
    return done


class LineSink:
    """Appends whole lines to a file or stdout, flushing at least every ``flush_every`` s."""

    def __init__(self, target: str | None, *, append: bool, max_bytes: int | None = None) -> None:
        self.path = target
        self._fh: IO[bytes]
        #: ``--max-bytes``: a new shard (``out-00001.jsonl``) after this many uncompressed bytes.
        self.max_bytes = max_bytes
        self._shard = 0
        self._size = 0
        if target is None:
            self._fh = sys.stdout.buffer
            self._owns = False
        else:
            parent = os.path.dirname(target)
            if parent:
                make_dirs(parent)
            path = shard_path(target, 0) if max_bytes else target
            self._fh = open_output(path, "ab" if append else "wb")  # by extension: .gz, .zst...
            self._owns = True
        self._last_flush = time.monotonic()

    def _next_shard(self) -> None:
        assert self.path is not None
        self._fh.close()
        self._shard += 1
        self._size = 0
        self._fh = open_output(shard_path(self.path, self._shard), "wb")

    def write(self, line: bytes) -> None:
        if self.max_bytes and self._owns:
            if self._size and self._size + len(line) > self.max_bytes:
                self._next_shard()
            self._size += len(line)
        self._fh.write(line)
        now = time.monotonic()
        if now - self._last_flush > 1.0:
            self._fh.flush()
            self._last_flush = now

    def close(self) -> None:
        """Flush and close; a failed flush (disk full) raises OSError, a closed stdout not."""
        try:
            with contextlib.suppress(BrokenPipeError, ValueError):
                self._fh.flush()
        finally:
            if self._owns:
                with contextlib.suppress(OSError):
                    self._fh.close()


# --------------------------------------------------------------------------------------------
# The conversion run
# --------------------------------------------------------------------------------------------


@attrs.frozen
class Failure:
    page_id: int | None
    title: str
    reason: str


@attrs.define
class ConvertSummary:
    """What happened: the CLI turns it into the closing message and the exit code."""

    written: int = 0
    resumed: int = 0  # pages already in the output (``resume``), not redone
    filtered: int = 0  # pages skipped by namespace / redirect filters
    failures: list[Failure] = attrs.field(factory=list)
    error: DumpError | None = None
    #: A problem that is neither a page's nor the dump's (worker processes cannot start).
    fatal: str | None = None
    interrupted: bool = False
    elapsed: float = 0.0
    bytes_read: int = 0
    workers_replaced: int = 0
    damaged: int = 0  # pages the reader skipped as broken XML (each also in ``failures``)
    #: The reader's verdict on a dump read to its end without a single page
    #: (:meth:`wikiparse.dumps.DumpReader.not_a_dump`); the command line makes it an error.
    not_a_dump: DumpError | None = None

    @property
    def exit_code(self) -> int:
        if self.error is not None or self.fatal is not None:
            return 2
        if self.interrupted:
            return 130
        return 1 if self.failures else 0


@attrs.define
class DumpJob:
    """The parameters of one ``wikiparse dump`` run."""

    source: str | IO[bytes]
    fmt: str = "text"
    options: dict[str, Any] = attrs.field(factory=dict)
    output: str | None = None  # None: stdout
    folder: bool = False
    jobs: int = 1
    namespaces: frozenset[int] | None = None
    redirects: bool = True
    limit: int | None = None
    resume: bool = False
    unordered: bool = False
    page_timeout: float | None = None
    #: Bytes of memory one page may take in its worker (``None``: no cap).  A page over it
    #: fails as ``memory limit of N MB exceeded``, the way a slow one times out.
    page_memory: int | None = DEFAULT_PAGE_MEMORY
    start_method: str | None = None
    #: ``--fields``: the record's fields (``_records.parse_fields``); None: the default record.
    fields: tuple[str, ...] | None = None
    #: ``--title-regex``: only pages whose title this pattern matches (``re.search``).
    title_regex: str | None = None
    #: ``--max-bytes``: shard the JSONL output by size (uncompressed bytes per shard).
    max_bytes: int | None = None


ProgressFn = Callable[[ConvertSummary, DumpReader], None]


def _selected(reader: DumpReader, job: DumpJob, summary: ConvertSummary, done: set[int | str]) -> Iterator[Page]:
    """The pages to convert, after filters, ``limit`` and ``resume`` (done pages count to the limit)."""
    taken = 0
    title_pattern = re.compile(job.title_regex) if job.title_regex else None
    for page in reader:
        if title_pattern is not None and title_pattern.search(page.title) is None:
            summary.filtered += 1
            continue
        if job.namespaces is not None and page.namespace not in job.namespaces:
            summary.filtered += 1
            continue
        if not job.redirects and page.redirect is not None:
            summary.filtered += 1
            continue
        if job.limit is not None and taken >= job.limit:
            return
        taken += 1
        if done and page_key(page) in done:
            summary.resumed += 1
            continue
        yield page
        if job.limit is not None and taken >= job.limit:
            return


def _core_to_spare(jobs: int) -> bool:
    """Whether a core is left for a decompression thread (``DumpReader(read_ahead=True)``)
    besides the workers and the main process.

    Only then can the thread pay: it lets the main process feed more workers than it could
    while decompressing and parsing in turn.  On cores all taken it gains nothing and may
    cost: on two busy cores with ``--jobs 2``, a 100 MB bzip2 dump took 18.95 CPU-s with it
    against 18.11 without (median of three; the thread also contends for the GIL with the
    main loop), though runs there vary by about 1 CPU-s.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores >= max(1, jobs) + 2


def _prepare_output(job: DumpJob) -> tuple[str | None, set[int | str]]:
    """The JSONL file to append to (``index.jsonl`` for a folder) and, on resume, what is done."""
    sink_path = job.output
    if job.folder:
        assert job.output is not None
        make_dirs(job.output)
        sink_path = os.path.join(job.output, "index.jsonl")
    done = read_done_keys(sink_path) if job.resume and sink_path is not None else set()
    return sink_path, done


def _output_error(exc: OSError, target: str | None) -> str:
    where = exc.filename or target or "<stdout>"
    return f"cannot write {where}: {exc.strerror or exc}"


def run_dump(job: DumpJob, progress: ProgressFn | None = None) -> ConvertSummary:
    """Convert a dump as ``job`` says; never raises for page, file or output problems: they
    end up in the summary (``failures``, ``error``, ``fatal``).  A closed stdout is re-raised
    as BrokenPipeError for the caller to treat as a normal end."""
    summary = ConvertSummary()
    started = time.monotonic()
    try:
        sink_path, done = _prepare_output(job)
    except OSError as exc:
        summary.fatal = _output_error(exc, job.output)
        return summary
    try:
        reader = (
            DumpReader(job.source, read_ahead=_core_to_spare(job.jobs))
            if not isinstance(job.source, DumpReader)
            else job.source
        )
    except DumpError as exc:
        summary.error = exc
        return summary
    sink: LineSink | None = None
    pool: PagePool | None = None
    try:
        sink = LineSink(sink_path, append=job.resume, max_bytes=None if job.folder else job.max_bytes)
        reader.config  # noqa: B018 - reads ahead to the end of <siteinfo>
        spec = WorkerSpec(
            job.fmt, job.options, reader.siteinfo, job.output if job.folder else None,
            job.page_memory, job.fields,
        )
        pool = PagePool(job.jobs, spec, timeout=job.page_timeout, start_method=job.start_method)
        _pump(reader, job, pool, sink, summary, done, progress)
        summary.not_a_dump = reader.not_a_dump()
    except DumpError as exc:  # in <siteinfo>, before any page
        summary.error = exc
    except WorkerStartError as exc:
        summary.fatal = str(exc)
    except KeyboardInterrupt:
        summary.interrupted = True
    except BrokenPipeError:
        raise
    except OSError as exc:  # the output (disk full, permissions) or the OS (no processes)
        summary.fatal = _output_error(exc, sink_path)
    finally:
        if pool is not None and pool.workers:
            pool.close(force=summary.exit_code != 0 and not summary.failures)
        if sink is not None:
            try:
                sink.close()
            except OSError as exc:
                summary.fatal = summary.fatal or _output_error(exc, sink_path)
        reader.close()
        summary.elapsed = time.monotonic() - started
        summary.bytes_read = reader.bytes_read
        if pool is not None:
            summary.workers_replaced = pool.replaced
    return summary


def _pump(
    reader: DumpReader,
    job: DumpJob,
    pool: PagePool,
    sink: LineSink,
    summary: ConvertSummary,
    done: set[int | str],
    progress: ProgressFn | None,
) -> None:
    """Feed pages to the pool and write results, in order unless ``job.unordered``."""
    pages = _selected(reader, job, summary, done)
    window = 32 * len(pool.workers)  # how far ahead of a slow page the others may run
    next_seq = 0  # the next sequence number to write (ordered mode)
    seq = 0
    ready: dict[int, Result] = {}
    exhausted = False
    while True:
        while not exhausted and pool.has_capacity() and (job.unordered or seq < next_seq + window):
            try:
                page = next(pages)
            except StopIteration:
                exhausted = True
                break
            except DumpError as exc:
                summary.error = exc
                exhausted = True
                break
            finally:
                _take_damaged(reader, summary)
            pool.submit(Task(seq, _page_meta(page), page.text))
            seq += 1
        if exhausted and not pool.in_flight:
            break
        for result in pool.poll(0.2):
            if job.unordered:
                _emit(result, sink, summary)
            else:
                ready[result.task.seq] = result
        while next_seq in ready:
            _emit(ready.pop(next_seq), sink, summary)
            next_seq += 1
        if progress is not None:
            progress(summary, reader)


def _take_damaged(reader: DumpReader, summary: ConvertSummary) -> None:
    """Pages the reader skipped as broken XML count as failed pages (exit status 1)."""
    while len(reader.damaged) > summary.damaged:
        damage = reader.damaged[summary.damaged]
        summary.damaged += 1
        summary.failures.append(Failure(damage.id, damage.title or "", str(damage)))


def _emit(result: Result, sink: LineSink, summary: ConvertSummary) -> None:
    if result.ok:
        assert isinstance(result.payload, bytes)
        sink.write(result.payload)
        summary.written += 1
    else:
        meta = result.task.meta
        summary.failures.append(Failure(meta["id"], meta["title"], str(result.payload)))
