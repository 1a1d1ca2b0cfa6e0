"""Stage 7, write: tables to CSV and Parquet, atomically.

A table is written in parts, one file per session part and format
(etl.package describes the layout).

Everything is written into a fresh temporary directory beside the target and
swapped in with renames only after validation has passed, so a failure at
any point -- an exception, a full disk, a kill -- leaves the previous output
as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from . import schema


def arrow_table(rows: list[dict], table: str) -> pa.Table:
    """Rows (dicts) as an Arrow table with the schema's types, enumerations as
    plain strings (`encode` gives them the published dictionary type): plain
    strings concatenate without unifying dictionaries."""
    target = plain_schema(table)
    return pa.Table.from_arrays([pa.array([row[f.name] for row in rows], f.type) for f in target],
                                schema=target)


@lru_cache(maxsize=None)
def plain_schema(table: str) -> pa.Schema:
    """The table's Arrow schema with enumerations as plain strings and without
    the descriptions (which every small per-resolution table would otherwise
    carry through pickling and the cache; `encode` puts them back)."""
    target = schema.arrow_schema(table)
    return pa.schema([pa.field(f.name, pa.string() if pa.types.is_dictionary(f.type) else f.type,
                               nullable=f.nullable) for f in target])


def encode(data: pa.Table, table: str) -> pa.Table:
    """Give enumeration columns the schema's dictionary type, and write an empty
    string as null: in CSV the two are the same empty cell, and the schemas
    declare "" a missing value, so Parquet must say null too."""
    target = schema.arrow_schema(table)
    columns = []
    for field in target:
        column = data.column(field.name)
        if pa.types.is_string(column.type) and column.null_count < len(column):
            column = pc.if_else(pc.equal(column, ""), None, column)
        if pa.types.is_dictionary(field.type) and not pa.types.is_dictionary(column.type):
            column = pc.dictionary_encode(column)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=target)


_CSV_OPTIONS = dict(quoting_style="needed")
_ROW_GROUP = 128 * 1024


def write_csv(data: pa.Table, path: Path) -> None:
    """UTF-8, header row, empty cell for null (pyarrow's writer: fast and stable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pcsv.write_csv(data, path, write_options=pcsv.WriteOptions(**_CSV_OPTIONS))


def write_parquet(data: pa.Table, path: Path) -> None:
    """zstd, fixed row groups, the schema's types and descriptions (from `encode`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(data, path, compression="zstd", row_group_size=_ROW_GROUP)


def staging_directory(output: Path) -> Path:
    """A new empty directory on the same file system as `output`."""
    output.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{output.name}.staging-", dir=output.parent))
    staged.chmod(0o755)  # mkdtemp makes it private; the output is meant to be shared
    return staged


def recover(output: Path) -> None:
    """Clean up after a build that was killed: restore an output that was moved
    aside but not replaced, and remove abandoned staging directories."""
    parent = output.parent
    if not parent.is_dir():
        return
    previous = sorted(parent.glob(f".{output.name}.previous-*"))
    if previous and not output.exists():
        os.rename(previous[-1], output)
        previous = previous[:-1]
    for stale in previous + sorted(parent.glob(f".{output.name}.staging-*")) \
            + sorted(parent.glob(f".{output.name}.spill-*")):
        shutil.rmtree(stale, ignore_errors=True)


def swap_in(staged: Path, output: Path) -> None:
    """Replace `output` by `staged` with renames; the old output survives any failure
    before the final rename, and is removed only after it."""
    previous = None
    if output.exists():
        previous = output.parent / f".{output.name}.previous-{os.getpid()}"
        if previous.exists():
            shutil.rmtree(previous)
        os.rename(output, previous)
    try:
        os.rename(staged, output)
    except BaseException:
        if previous is not None:
            os.rename(previous, output)
        raise
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)
