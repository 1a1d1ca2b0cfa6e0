"""Stage 7, write: tables to CSV and Parquet, atomically.

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
from .check import StreamingCheck


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
    """Give enumeration columns the schema's dictionary type."""
    target = schema.arrow_schema(table)
    columns = []
    for field in target:
        column = data.column(field.name)
        if pa.types.is_dictionary(field.type) and not pa.types.is_dictionary(column.type):
            column = pc.dictionary_encode(column)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=target)


_CSV_OPTIONS = dict(quoting_style="needed")
_ROW_GROUP = 128 * 1024
# Many small per-resolution tables cost more memory than their rows: gather
# at most this many before writing (or compacting) them.
_MAX_PIECES = 256


class PackageWriter:
    """Validates and writes the tables as CSV and Parquet, a resolution at a time.

    Rows are buffered up to a Parquet row group, checked against the schemas
    (etl.check), then written; memory does not grow with the corpus except
    for the key columns the cross-row checks need, and for citations, whose
    `in_package` column can only be filled once every resolution of the
    package is known (they are kept as compact Arrow batches until `close`).
    """

    def __init__(self, directory: Path):
        self.check = StreamingCheck()
        self.compacted = 0  # citations chunks already compacted
        (directory / "csv").mkdir(parents=True, exist_ok=True)
        (directory / "parquet").mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.pending: dict[str, list[pa.Table]] = {t: [] for t in schema.TABLES}
        self.pending_rows = dict.fromkeys(schema.TABLES, 0)
        self.rows = dict.fromkeys(schema.TABLES, 0)
        self.csv = {t: pcsv.CSVWriter(directory / "csv" / f"{t}.csv", schema.arrow_schema(t),
                                      write_options=pcsv.WriteOptions(**_CSV_OPTIONS))
                    for t in schema.TABLES}
        self.parquet = {t: pq.ParquetWriter(directory / "parquet" / f"{t}.parquet",
                                            schema.arrow_schema(t), compression="zstd")
                        for t in schema.TABLES}

    def add(self, tables: dict[str, pa.Table]) -> None:
        for table, data in tables.items():
            self.pending[table].append(data)
            self.pending_rows[table] += data.num_rows
            if table == "citations":
                # Kept until close: compact every few hundred pieces into one chunk
                # (a chunk per compaction, so nothing is copied twice).
                if len(self.pending[table]) - self.compacted >= _MAX_PIECES:
                    fresh = pa.concat_tables(self.pending[table][self.compacted:]).combine_chunks()
                    self.pending[table][self.compacted:] = [fresh]
                    self.compacted += 1
            elif len(self.pending[table]) >= _MAX_PIECES or self.pending_rows[table] >= _ROW_GROUP:
                self._flush(table)

    def _flush(self, table: str) -> None:
        if not self.pending[table]:
            return
        data = encode(pa.concat_tables(self.pending[table]).combine_chunks(), table)
        self.check.add(table, data)  # validate before writing
        self.csv[table].write_table(data)
        self.parquet[table].write_table(data, row_group_size=_ROW_GROUP)
        self.rows[table] += data.num_rows
        self.pending[table], self.pending_rows[table] = [], 0

    def close(self, symbols: set[str]) -> dict[str, int]:
        """Fill citations.in_package from the package's symbols; finish every file.

        The schema findings are then in `self.findings` (empty: valid)."""
        if self.pending["citations"]:
            data = pa.concat_tables(self.pending["citations"])
            at = data.column_names.index("in_package")
            known = pc.is_in(data.column("target"), pa.array(sorted(symbols), pa.string()))
            self.pending["citations"] = [data.set_column(at, data.schema.field(at), known)]
        for table in schema.TABLES:
            # Parquet keeps whole row groups: write the rest of every table now.
            while self.pending[table]:
                self._flush(table)
            self.csv[table].close()
            self.parquet[table].close()
        self.findings = self.check.finish()
        return dict(self.rows)


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
