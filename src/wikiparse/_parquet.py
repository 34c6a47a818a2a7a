"""Parquet output for dump conversion (pyarrow, zstd, row groups of about 64 MB).

The workers write JSONL lines, whole and in dump order, exactly as for ``wikiparse dump -o
out.jsonl``; a finished JSONL file (a partition's, or a local run's) is then turned into Parquet
here in one streaming pass.  Keeping one writer path for the pages means the two formats can
never disagree on content, and the per-page fault handling stays in one place.

Schema (one row per page, in dump order; documented in ``docs/cli.md``):

============== ============================ ==================================================
column         type                         meaning
============== ============================ ==================================================
id             int64                        page id (null if the dump has none)
title          string                       page title with namespace prefix
namespace      int32                        namespace number
revision_id    int64                        id of the converted revision
timestamp      timestamp[ms, tz=UTC]        that revision's time (null if absent)
redirect       string                       redirect target, null for ordinary pages
wiki           string                       the dump's dbname (``enwiki``)
<format>       string                       the output: ``text``, ``markdown``, ``html``,
                                            ``wikitext``, ``json`` (the AST as a JSON string)
                                            or ``output`` for a ``MODULE:FUNCTION`` renderer
============== ============================ ==================================================

Plain Parquet types only (no extension types, no nested columns), so pandas, DuckDB, Spark and
``datasets.load_dataset("parquet", …)`` read the files as they are.
"""

from __future__ import annotations

import json
import os
from typing import Any

from ._convert import output_key

__all__ = ["ROW_GROUP_BYTES", "jsonl_to_parquet", "schema"]

#: Target uncompressed size of a row group: big enough for good compression and fast scans,
#: small enough that a reader (or a Spark task) holds one comfortably in memory.
ROW_GROUP_BYTES = 64 * 1000 * 1000

_META = ("id", "title", "namespace", "revision_id", "timestamp", "redirect")


def schema(fmt: str) -> Any:
    """The Arrow schema of the Parquet output for ``--to fmt``."""
    import pyarrow as pa

    return pa.schema([
        pa.field("id", pa.int64()),
        pa.field("title", pa.string()),
        pa.field("namespace", pa.int32()),
        pa.field("revision_id", pa.int64()),
        pa.field("timestamp", pa.timestamp("ms", tz="UTC")),
        pa.field("redirect", pa.string()),
        pa.field("wiki", pa.string()),
        pa.field(output_key(fmt), pa.string()),
    ])


def _batch(rows: dict[str, list[Any]], fmt: str, wiki: str) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    sch = schema(fmt)
    stamps = pa.array([t or None for t in rows["timestamp"]], pa.string())
    parsed = pc.strptime(stamps, format="%Y-%m-%dT%H:%M:%SZ", unit="s", error_is_null=True)
    columns = {
        "id": pa.array(rows["id"], pa.int64()),
        "title": pa.array(rows["title"], pa.string()),
        "namespace": pa.array(rows["namespace"], pa.int32()),
        "revision_id": pa.array(rows["revision_id"], pa.int64()),
        "timestamp": parsed.cast(pa.timestamp("ms", tz="UTC")),
        "redirect": pa.array(rows["redirect"], pa.string()),
        "wiki": pa.array([wiki] * len(rows["id"]), pa.string()),
        output_key(fmt): pa.array(rows["output"], pa.string()),
    }
    return pa.Table.from_pydict(columns, schema=sch)


def jsonl_to_parquet(src: str, dst: str, *, fmt: str, wiki: str,
                     row_group_bytes: int = ROW_GROUP_BYTES) -> int:
    """Write the pages of the JSONL file ``src`` to the Parquet file ``dst``; the row count.

    Streams: at most one row group's worth of rows is held in memory.  A file with no pages
    still gets a valid Parquet file (schema, no rows), so every partition has its part.
    """
    import pyarrow.parquet as pq

    key = output_key(fmt)
    rows: dict[str, list[Any]] = {name: [] for name in (*_META, "output")}
    pending = 0
    count = 0
    parent = os.path.dirname(dst)
    if parent:
        os.makedirs(parent, exist_ok=True)
    with pq.ParquetWriter(dst, schema(fmt), compression="zstd") as writer, open(src, "rb") as fh:
        for line in fh:
            record = json.loads(line)
            for name in _META:
                rows[name].append(record.get(name))
            output = record.get(key)
            if output is not None and not isinstance(output, str):
                output = json.dumps(output, ensure_ascii=False, separators=(",", ":"))
            rows["output"].append(output)
            pending += len(line)
            count += 1
            if pending >= row_group_bytes:
                writer.write_table(_batch(rows, fmt, wiki), row_group_size=len(rows["id"]))
                rows = {name: [] for name in rows}
                pending = 0
        if rows["id"] or count == 0:
            writer.write_table(_batch(rows, fmt, wiki), row_group_size=max(1, len(rows["id"])))
    return count
