"""Stage 7, write: tables to CSV and Parquet, atomically.

Everything is written into a fresh temporary directory beside the target and
swapped in with renames only after validation has passed, so a failure at
any point -- an exception, a full disk, a kill -- leaves the previous output
as it was.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import schema


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(rows: list[dict], table: str, path: Path) -> None:
    cols = schema.columns(table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(cols)
    for row in rows:
        writer.writerow([csv_cell(row[c]) for c in cols])
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def arrow_table(rows: list[dict], table: str) -> pa.Table:
    target = schema.arrow_schema(table)
    arrays = []
    for field in target:
        values = [row[field.name] for row in rows]
        if pa.types.is_dictionary(field.type):
            arrays.append(pa.array(values, pa.string()).dictionary_encode())
        else:
            arrays.append(pa.array(values, field.type))
    return pa.Table.from_arrays(arrays, schema=target)


def write_parquet(rows: list[dict], table: str, path: Path) -> None:
    pq.write_table(arrow_table(rows, table), path, compression="zstd")


def write_tables(tables: dict[str, list[dict]], directory: Path) -> None:
    (directory / "csv").mkdir(parents=True, exist_ok=True)
    (directory / "parquet").mkdir(parents=True, exist_ok=True)
    for table in schema.TABLES:
        write_csv(tables[table], table, directory / "csv" / f"{table}.csv")
        write_parquet(tables[table], table, directory / "parquet" / f"{table}.parquet")


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
    for stale in previous + sorted(parent.glob(f".{output.name}.staging-*")):
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
