"""The lineage stage of the build: once every session part of the document
tables is written, read back what lineage needs from the whole package,
compute `lineage` and `clause_lineage`, check them against the schemas
(foreign keys included, across parts) and write them, one part per session
like every table.

A rebuild whose document tables are unchanged takes the tables computed
last time from the cache (`.cache/lineage/`), keyed by the bytes of the
Parquet parts read and the code's version.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .. import package, schema
from ..check import StreamingCheck, summarize
from ..write import encode, write_csv, write_parquet
from . import compute

# What lineage reads of the document tables.
_INPUTS = {
    "resolutions": ["symbol", "language", "title", "agenda_item", "adoption_date"],
    "clauses": ["symbol", "language", "clause_id", "ordinal", "text"],
    "citations": ["symbol", "language", "location", "clause_id", "target", "target_type"],
}
# What the corpus tables' foreign keys point at, besides themselves.
_KEYS = {"resolutions": ["symbol", "language"], "clauses": ["clause_key"]}


@dataclass
class CorpusTables:
    rows: dict[str, int]
    report: dict = field(default_factory=dict)
    from_cache: bool = False


def read_inputs(directory: Path) -> dict[str, pa.Table]:
    """The columns lineage needs, from the Parquet parts in `directory`."""
    out = {}
    for table, columns in _INPUTS.items():
        wanted = sorted(set(columns) | set(_KEYS.get(table, [])))
        parts = [pq.read_table(p, columns=wanted) for p in package.table_files(directory, table)]
        out[table] = pa.concat_tables(parts) if parts else \
            schema.arrow_schema(table).empty_table().select(wanted)
        # What reading took besides the columns (some 70 MB for the texts),
        # handed back: the memory pool would otherwise keep it.
        pa.default_memory_pool().release_unused()
    return out


def code_version() -> str:
    """Changes whenever this stage's code, the schemas or the libraries it uses do."""
    import sys
    import rapidfuzz
    digest = hashlib.sha256(f"{pa.__version__}|{rapidfuzz.__version__}|{sys.version_info[:2]}"
                            .encode())
    here = Path(__file__).resolve().parent
    for path in sorted([*here.glob("*.py"), *schema.SCHEMA_DIR.glob("*.json"),
                        here.parent / "write.py", here.parent / "check.py",
                        here.parent / "corpus.py"]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _fingerprint(directory: Path) -> str:
    digest = hashlib.sha256(code_version().encode())
    for table in _INPUTS:
        for path in package.table_files(directory, table):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def check_corpus_tables(tables: dict[str, pa.Table], inputs: dict[str, pa.Table]) -> list:
    """The corpus tables against their schemas, their foreign keys resolved
    against the whole package's keys."""
    check = StreamingCheck()
    for table, columns in _KEYS.items():
        check.add_keys(table, inputs[table], [tuple(columns), ("symbol",)]
                       if table == "resolutions" else [tuple(columns)])
    for name in schema.CORPUS_TABLES:
        check.add(name, tables[name])
    return check.finish()


def write_corpus_tables(directory: Path, parts: list[str], cache_dir: Path | None = None
                        ) -> CorpusTables:
    """Compute, check and write the corpus tables into `directory`, which
    holds the document tables of `parts`."""
    cached = None
    cache_file = None
    if cache_dir is not None:
        cache_file = Path(cache_dir) / "lineage" / f"{_fingerprint(directory)}.pickle"
        cached = _load(cache_file)
    if cached is not None:
        tables, report = cached
    else:
        inputs = read_inputs(directory)
        result = compute(inputs["resolutions"], inputs["clauses"], inputs["citations"])
        # The check reads the keys the tables point at, no text: the texts of the
        # whole package (about 300 MB) are let go before the tables are encoded.
        keys = {table: inputs[table].select(columns) for table, columns in _KEYS.items()}
        del inputs
        pa.default_memory_pool().release_unused()
        tables = {name: encode(result.tables[name], name) for name in schema.CORPUS_TABLES}
        report = {"code_version": code_version()[:16], **result.report}
        findings = check_corpus_tables(tables, keys)
        if findings:  # the rows come from validated tables: a fault of this stage
            raise RuntimeError("the lineage tables do not validate against schemas/:\n"
                               + summarize(findings))
        if cache_file is not None:
            _save(cache_file, (tables, report))
    rows = {}
    for name in schema.CORPUS_TABLES:
        rows[name] = tables[name].num_rows
        for part, data in split_by_part(tables[name], parts).items():
            write_csv(data, directory / "csv" / name / f"{part}.csv")
            write_parquet(data, directory / "parquet" / name / f"{part}.parquet")
    return CorpusTables(rows, report, from_cache=cached is not None)


def split_by_part(data: pa.Table, parts: list[str]) -> dict[str, pa.Table]:
    """The rows of each part (by the session of `symbol`), in their order; an
    empty table for a part without rows: every table has every part."""
    symbols = data.column("symbol").to_pylist()
    part_of = {s: package.partition_of(s) for s in set(symbols)}
    unknown = sorted(set(part_of.values()) - set(parts))
    if unknown:
        raise RuntimeError(f"lineage rows for parts the package does not have: {unknown}")
    labels = pa.array([part_of[s] for s in symbols], pa.string())
    return {part: data.filter(pc.equal(labels, part)) for part in parts}


def _load(path: Path):
    try:
        with open(path, "rb") as fh:
            streams, report = pickle.load(fh)
        tables = {name: pa.ipc.open_stream(data).read_all() for name, data in streams.items()}
    except (OSError, EOFError, ValueError, pickle.PickleError, pa.ArrowException):
        return None
    if set(tables) != set(schema.CORPUS_TABLES) or any(
            not tables[n].schema.equals(schema.arrow_schema(n), check_metadata=False)
            for n in tables):
        return None
    return tables, report


def _save(path: Path, value) -> None:
    tables, report = value
    streams = {}
    for name, data in tables.items():
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, data.schema) as writer:
            writer.write_table(data)
        streams[name] = sink.getvalue().to_pybytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    for other in path.parent.glob("*.pickle"):  # one entry: the last build's
        other.unlink(missing_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with open(tmp, "wb") as fh:
        pickle.dump((streams, report), fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
