"""Dump conversion on a Dask cluster (``pip install 'wikiparse-mw[dask]'``).

Beyond one machine, the engine is Dask's (dask.distributed), not ours: scheduling, retries,
lost-worker recovery and cluster launch (``LocalCluster`` here; dask-jobqueue or
dask-kubernetes for real clusters) are its job.  The library supplies the pieces an engine
needs (:mod:`wikiparse._partitions`): a plan of independent partitions, a reader for one, and
a converter that writes one part file atomically with a stats file beside it.

* :func:`read_dump` gives the pages of a dump as a :class:`dask.bag.Bag`, one bag partition per
  dump partition, for analyses of your own.
* :func:`convert_dump` converts a dump into a folder of part files (Parquet or JSONL), one per
  partition, in dump order by name.  ``_manifest.json`` (the plan and the settings) is written
  first and ``_SUCCESS`` last, only when every partition succeeded.  Each partition runs
  through the same per-page worker pool as ``wikiparse dump``, so a hanging page fails alone
  after its time limit.  A partition that raises is retried (``retries``); one that keeps
  failing is recorded in ``_failed_partitions.json`` and the run goes on.  Page counts come
  from the stats files, never from task results, so a partition computed twice (after a lost
  worker) is counted once, and ``resume=True`` skips every partition whose part and stats
  files both exist.
* :class:`ShipFile` copies one file (the template store) to every worker's local disk, checked
  by sha256, straight from where it is stored, never through the scheduler's memory.

This module's name is ``wikiparse.dask``; it imports the real Dask with absolute imports.
Worker processes of your own cluster must be allowed to start processes (the per-page pool):
start workers with ``DASK_DISTRIBUTED__WORKER__DAEMON=False`` (the local cluster started here
does this itself); :func:`convert_dump` checks and says so.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import sqlite3
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs
import dask
import dask.bag
from dask.delayed import delayed
from distributed import Client, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from wikiparse import __version__
from wikiparse._partitions import (
    DEFAULT_PARTITION_SIZE,
    Partition,
    PartSettings,
    _fs,
    convert_partition,
    part_done,
    plan_partitions,
    read_partition,
    read_stats,
)
from wikiparse.dumps import Page

__all__ = [
    "DaskSummary",
    "ShipFile",
    "convert_dump",
    "open_sqlite_readonly",
    "read_dump",
    "ship_file",
    "shipped_path",
]

MANIFEST = "_manifest.json"
SUCCESS = "_SUCCESS"
FAILED = "_failed_partitions.json"


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def _partition_pages(part: Partition, history: bool) -> list[Page]:
    return list(read_partition(part, history=history))


def read_dump(
    path: str | Sequence[str],
    *,
    index: str | None = None,
    partition_size: int | str = DEFAULT_PARTITION_SIZE,
    history: bool = False,
) -> dask.bag.Bag:
    """The pages of a dump (or several) as a Dask bag of :class:`wikiparse.dumps.Page`.

    One bag partition per dump partition (see :func:`wikiparse._partitions.plan_partitions`):
    a byte range of about ``partition_size`` for a multistream dump with its index, one file
    otherwise.  A bag partition is held in memory as a list, so keep ``partition_size`` at a
    few tens of MB.

    >>> bag = read_dump("enwiki-latest-pages-articles-multistream.xml.bz2")   # doctest: +SKIP
    >>> bag.filter(lambda p: p.namespace == 0).map(lambda p: len(p.text)).sum().compute()
    """
    parts = plan_partitions(path, index=index, partition_size=partition_size)
    task = delayed(_partition_pages, pure=True)
    bag: dask.bag.Bag = dask.bag.from_delayed([task(part, history) for part in parts])
    return bag


# --------------------------------------------------------------------------------------------
# Shipping a file to every worker
# --------------------------------------------------------------------------------------------

#: Local copies made by :class:`ShipFile` in this (worker) process: name -> path.
_SHIPPED: dict[str, str] = {}


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    fs, inner = _fs(path)
    with fs.open(inner, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class ShipFile(WorkerPlugin):
    """A worker plugin that copies one file to each worker's local disk, once.

    The plugin carries only the file's URL and sha256: each worker fetches the bytes itself
    (fsspec: a shared disk, s3://, gs://...) when it starts, or when the plugin is registered,
    verifies the sha256 and makes the copy read-only.  A worker restarted later gets the file
    again on its own.  Tasks find the copy with :func:`shipped_path`.
    """

    idempotent = True

    def __init__(self, url: str, sha256: str, *, name: str = "wikiparse-file") -> None:
        self.url = url
        self.sha256 = sha256
        self.name = name

    def setup(self, worker: Any) -> None:
        folder = os.path.join(worker.local_directory, "wikiparse-files")
        os.makedirs(folder, exist_ok=True)
        base = os.path.basename(self.url.rstrip("/")) or "file"
        dest = os.path.join(folder, f"{self.sha256[:16]}-{base}")
        if not (os.path.exists(dest) and sha256_of(dest) == self.sha256):
            tmp = f"{dest}.{uuid.uuid4().hex}.tmp"
            fs, inner = _fs(self.url)
            fs.get_file(inner, tmp)
            got = sha256_of(tmp)
            if got != self.sha256:
                os.remove(tmp)
                raise ValueError(f"{self.url}: sha256 {got} is not the expected {self.sha256}")
            os.chmod(tmp, 0o444)
            os.replace(tmp, dest)
        _SHIPPED[self.name] = dest


def ship_file(client: Client, path: str, *, name: str = "wikiparse-file",
              stage_dir: str | None = None) -> ShipFile:
    """Copy ``path`` to every worker of ``client``'s cluster (now and when workers join).

    ``path`` must be readable by the workers: a shared disk, or a URL (s3://...).  For a file
    only the client can see, give ``stage_dir`` (e.g. the output folder's URL): the client
    uploads it there once, and the workers fetch it from there.
    """
    sha = sha256_of(path)
    url = path
    if stage_dir is not None:
        fs, root = _fs(stage_dir)
        url_inner = f"{root.rstrip('/')}/_files/{sha[:16]}-{os.path.basename(path)}"
        if not fs.exists(url_inner):
            fs.makedirs(os.path.dirname(url_inner), exist_ok=True)
            fs.put_file(path, url_inner)
        url = fs.unstrip_protocol(url_inner)
    plugin = ShipFile(url, sha, name=name)
    client.register_plugin(plugin, name=name)
    return plugin


def shipped_path(name: str = "wikiparse-file") -> str:
    """In a task on a worker: the local, verified copy made by :class:`ShipFile` ``name``."""
    try:
        return _SHIPPED[name]
    except KeyError:
        raise LookupError(f"no file {name!r} was shipped to this worker (see ship_file)") from None


def open_sqlite_readonly(path: str) -> sqlite3.Connection:
    """Open a shipped SQLite file read-only (several worker processes may share one copy)."""
    uri = f"file:{urllib.parse.quote(os.path.abspath(path))}?mode=ro"
    return sqlite3.connect(uri, uri=True)


# --------------------------------------------------------------------------------------------
# Converting
# --------------------------------------------------------------------------------------------


@attrs.define
class DaskSummary:
    """What a :func:`convert_dump` run did; page counts come from the stats files."""

    partitions: int = 0
    reused: int = 0  # partitions already complete (resume), not redone
    written: int = 0
    filtered: int = 0
    failures: list[dict[str, Any]] = attrs.field(factory=list)  # pages: id, title, reason
    failed_partitions: dict[str, str] = attrs.field(factory=dict)  # name -> reason
    elapsed: float = 0.0
    bytes_read: int = 0
    reader_cpu_seconds: float = 0.0  # the workers' own CPU (not their page pools'), this run
    partition_seconds: list[float] = attrs.field(factory=list)
    outdir: str = ""

    @property
    def exit_code(self) -> int:
        if self.failed_partitions:
            return 2
        return 1 if self.failures else 0


ProgressFn = Callable[[DaskSummary, dict[str, Any]], None]

#: Dask settings for workers that run CPU-bound conversion: no statistical profiler, and the
#: event-loop tick and system monitor sampled less often (dashboard detail only).  For a
#: cluster of your own: DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False,
#: DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL=1s, DASK_DISTRIBUTED__ADMIN__SYSTEM_MONITOR__INTERVAL=2s.
QUIET_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1  # pragma: no cover


@contextlib.contextmanager
def cluster_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a new local cluster of ``workers``
    single-threaded worker processes (default: one per core).

    The local workers are started non-daemonic (for the whole life of the cluster: a worker the
    nanny restarts reads the setting again), so each can run the per-page process pool.  Dask's
    own sampling (the statistical profiler, the 20 ms event-loop tick, the 0.5 s system monitor)
    is turned down to :data:`QUIET_CONFIG`: an idle 2-worker cluster then costs 3% of a core
    instead of 10%, CPU the conversion gets back.
    """
    if scheduler is not None:
        with Client(scheduler) as client:
            yield client
        return
    import logging

    with dask.config.set({"distributed.worker.daemon": False, **QUIET_CONFIG}), LocalCluster(
        n_workers=workers or _cores(), threads_per_worker=1, processes=True,
        dashboard_address=":0", silence_logs=logging.ERROR,
    ) as cluster, Client(cluster) as client:
        yield client


def _worker_may_fork() -> bool:
    return not multiprocessing.current_process().daemon


def _check_workers(client: Client) -> None:
    answers = client.run(_worker_may_fork)
    daemonic = [addr for addr, ok in answers.items() if not ok]
    if daemonic:
        raise RuntimeError(
            f"{len(daemonic)} Dask worker(s) run as daemonic processes and cannot start the "
            "per-page worker pool: start the workers with DASK_DISTRIBUTED__WORKER__DAEMON=False "
            "(or distributed.worker.daemon: false in their Dask config)"
        )


def _manifest(dump: str | Sequence[str], index: str | None, size: int | str,
              settings: PartSettings, parts: list[Partition]) -> dict[str, Any]:
    manifest: dict[str, Any] = {
        "wikiparse": __version__,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "dump": [dump] if isinstance(dump, str) else list(dump),
        "index": index,
        "partition_size": size,
        "settings": settings.to_json(),
        "partitions": [p.to_json() for p in parts],
    }
    if settings.output_format == "parquet":
        from wikiparse._parquet import schema

        manifest["schema"] = [
            {"name": f.name, "type": str(f.type)} for f in schema(settings.fmt)
        ]
    return manifest


def _clear(fs: Any, root: str) -> None:
    """Remove what an earlier run of ours left in the output folder (nothing else)."""
    for pattern in ("part-*", "_part-*", ".*part-*", MANIFEST, SUCCESS, FAILED):
        for path in fs.glob(f"{root}/{pattern}"):
            fs.rm(path)


def _convert_task(part: Partition, settings: PartSettings, outdir: str,
                  shipped: dict[str, str]) -> dict[str, Any]:
    """Runs on a worker: the renderer options named in ``shipped`` get this worker's local
    copy of their file (see :class:`ShipFile`), then the partition is converted."""
    if shipped:
        local = {option: shipped_path(plugin) for option, plugin in shipped.items()}
        settings = attrs.evolve(settings, options={**settings.options, **local})
    return convert_partition(part, settings, outdir)


def _reason(exc: BaseException | None) -> str:
    if exc is None:
        return "cancelled"
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__


def convert_dump(
    dump: str | Sequence[str],
    outdir: str,
    *,
    fmt: str = "text",
    options: dict[str, Any] | None = None,
    output_format: str = "parquet",
    index: str | None = None,
    partition_size: int | str = DEFAULT_PARTITION_SIZE,
    client: Client | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    resume: bool = False,
    namespaces: frozenset[int] | None = None,
    redirects: bool = True,
    page_timeout: float | None = 120.0,
    retries: int = 2,
    start_method: str | None = "forkserver",
    ship: dict[str, str] | None = None,
    progress: ProgressFn | None = None,
) -> DaskSummary:
    """Convert ``dump`` into part files in ``outdir`` on a Dask cluster (see the module docs).

    The cluster is ``client``'s, or the one at ``scheduler``, or a new local cluster of
    ``workers`` processes.  ``fmt``/``options`` are those of ``wikiparse dump --to``;
    ``output_format`` is ``"parquet"`` or ``"jsonl"``.  Without ``resume``, earlier part files
    in ``outdir`` are removed first; with it, the plan must be the one in ``_manifest.json``.
    ``ship`` maps a renderer option to a file (the template store): the file is copied to
    every worker once (:func:`ship_file`, staged in ``outdir/_files``) and the option is set,
    on each worker, to the path of its local copy.
    """
    started = time.monotonic()
    settings = PartSettings(
        fmt=fmt, options=dict(options or {}), output_format=output_format,
        namespaces=namespaces, redirects=redirects, page_timeout=page_timeout,
        start_method=start_method,
    )
    parts = plan_partitions(dump, index=index, partition_size=partition_size)
    fs, root = _fs(outdir)
    root = root.rstrip("/")
    fs.makedirs(root, exist_ok=True)
    manifest = _manifest(dump, index, partition_size, settings, parts)
    manifest_path = f"{root}/{MANIFEST}"
    if resume and fs.exists(manifest_path):
        with fs.open(manifest_path, "rb") as fh:
            previous = json.loads(fh.read())
        for key in ("settings", "partitions"):
            if previous.get(key) != manifest[key]:
                raise ValueError(f"{outdir}: cannot resume, the {key} differ from those of the "
                                 "run that wrote it (same dump, index, --partition-size and "
                                 "conversion options are needed)")
    else:
        _clear(fs, root)
        fs.pipe_file(manifest_path, json.dumps(manifest, indent=1).encode())
    for stale in (SUCCESS, FAILED):
        with contextlib.suppress(FileNotFoundError):
            fs.rm(f"{root}/{stale}")
    summary = DaskSummary(partitions=len(parts), outdir=outdir)
    todo = [p for p in parts if not (resume and part_done(outdir, p, settings))]
    summary.reused = len(parts) - len(todo)
    with contextlib.ExitStack() as stack:
        if client is None:
            client = stack.enter_context(cluster_client(scheduler, workers))
        _check_workers(client)
        shipped: dict[str, str] = {}
        for option, path in (ship or {}).items():
            ship_file(client, path, name=f"wikiparse-{option}", stage_dir=outdir)
            shipped[option] = f"wikiparse-{option}"
        run = uuid.uuid4().hex[:8]
        futures = {
            client.submit(_convert_task, part, settings, outdir, shipped, retries=retries,
                          key=f"wikiparse-{part.name}-{run}", pure=False): part
            for part in todo
        }
        for future in as_completed(futures):
            part = futures[future]
            if future.status != "finished":
                summary.failed_partitions[part.name] = _reason(future.exception())
                continue
            stats = future.result()
            if not stats.get("reused"):
                summary.reader_cpu_seconds += float(stats.get("reader_cpu_seconds", 0.0))
                summary.partition_seconds.append(float(stats.get("seconds", 0.0)))
            if progress is not None:
                progress(summary, stats)
    _count(summary, outdir, parts)
    for leftover in fs.glob(f"{root}/.*part-*.tmp"):  # from attempts on workers that died
        with contextlib.suppress(FileNotFoundError):
            fs.rm(leftover)
    if summary.failed_partitions:
        fs.pipe_file(f"{root}/{FAILED}", json.dumps(summary.failed_partitions, indent=1).encode())
    else:
        fs.pipe_file(f"{root}/{SUCCESS}", b"")
    summary.elapsed = time.monotonic() - started
    return summary


def _count(summary: DaskSummary, outdir: str, parts: list[Partition]) -> None:
    """Totals from the stats files: each partition counted exactly once, however often it ran."""
    for part in parts:
        stats = read_stats(outdir, part)
        if stats is None:
            summary.failed_partitions.setdefault(part.name, "no stats file after the run")
            continue
        summary.written += int(stats["pages"])
        summary.filtered += int(stats.get("filtered", 0))
        summary.bytes_read += int(stats.get("bytes", 0))
        summary.failures.extend(stats.get("failed", []))
