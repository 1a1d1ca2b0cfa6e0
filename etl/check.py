"""Fast validation: the constraints of `schemas/*.json`, checked column-wise
with pyarrow at Arrow speed.

Same meaning as Frictionless' validation of the package (tests compare the
two on injected errors): field types, `required`, `enum`, `pattern` (whole
value), `minimum`/`maximum`, `unique`, primary keys and composite foreign keys
(a row whose foreign-key fields are all null is not checked, as in
Frictionless). Nothing here is written by hand per table: every rule is read
from the schemas. `frictionless validate datapackage.json` remains the
certification of the published package.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from . import schema

_TRUE = ["true", "True", "TRUE", "1"]
_FALSE = ["false", "False", "FALSE", "0"]
_INTEGER = r"^[+-]?[0-9]+$"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


@dataclass(frozen=True, order=True)
class Finding:
    table: str
    row: int          # 1-based data row (the header is not counted)
    field: str | None
    kind: str         # type | required | enum | pattern | minimum | maximum | unique | primary-key | foreign-key
    message: str


_CONSTRAINTS = {"required", "enum", "pattern", "minimum", "maximum", "unique"}


def summarize(findings: list[Finding], limit: int = 20) -> str:
    lines = []
    for f in findings[:limit]:
        kind = f"{f.kind} constraint" if f.kind in _CONSTRAINTS else f.kind
        lines.append(f"{f.table} row {f.row}: {kind}: {f.message}")
    if len(findings) > limit:
        lines.append(f"... and {len(findings) - limit} more")
    return "\n".join(lines)


def _rows(mask: pa.Array) -> list[int]:
    """1-based row numbers where `mask` is true."""
    return [i + 1 for i in pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()]


def _strings(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    return column


def parse_csv_column(values: pa.ChunkedArray, field: dict, table: str):
    """Cast a column of CSV strings to the field's type; type errors as findings."""
    name, kind = field["name"], field["type"]
    missing = pc.is_null(values)
    findings = []
    if kind == "string":
        return values, findings
    if kind == "integer":
        bad = pc.and_not(pc.invert(pc.match_substring_regex(values, _INTEGER)), missing)
        typed = pc.cast(pc.if_else(bad, None, values), pa.int64())
    elif kind == "date":
        parsed = pc.strptime(values, format="%Y-%m-%d", unit="s", error_is_null=True)
        # strptime rolls 2013-02-30 over to March: a real date prints back unchanged.
        round_trip = pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), values)
        wellformed = pc.and_(pc.match_substring_regex(values, _DATE), round_trip)
        bad = pc.and_not(pc.or_(pc.is_null(parsed), pc.invert(pc.fill_null(wellformed, False))),
                         missing)
        typed = pc.cast(pc.if_else(bad, None, parsed), pa.date32())
    elif kind == "boolean":
        is_true, is_false = pc.is_in(values, pa.array(_TRUE)), pc.is_in(values, pa.array(_FALSE))
        bad = pc.and_not(pc.invert(pc.or_(is_true, is_false)), missing)
        typed = pc.if_else(bad, None, is_true)
    else:  # number
        typed = pc.cast(values, pa.float64())
        bad = pc.and_not(pc.is_null(typed), missing)
    findings = [Finding(table, r, name, "type", f"{name}: not a valid {kind}") for r in _rows(bad)]
    return typed, findings


def read_csv(path: Path, table: str) -> tuple[pa.Table, list[Finding]]:
    """Read a CSV as the schema says: every column as text, then cast per field,
    empty cells (and the schema's other missing values) as null."""
    spec = schema.load(table)
    names = schema.columns(table)
    raw = pcsv.read_csv(path, read_options=pcsv.ReadOptions(encoding="utf8"),
                        convert_options=pcsv.ConvertOptions(
                            column_types={n: pa.string() for n in names},
                            null_values=spec.get("missingValues", [""]),
                            strings_can_be_null=True))
    findings: list[Finding] = []
    if raw.column_names != names:
        findings.append(Finding(table, 0, None, "header",
                                f"header {raw.column_names} differs from the schema's {names}"))
        return raw, findings
    columns = []
    for field in spec["fields"]:
        typed, found = parse_csv_column(raw.column(field["name"]), field, table)
        columns.append(typed)
        findings += found
    return pa.table(columns, names=names), findings


def check_columns(data: pa.Table, table: str, first_row: int = 1) -> list[Finding]:
    """The per-value constraints (required, enum, pattern, minimum, maximum)
    of every field; rows are numbered from `first_row`."""
    findings: list[Finding] = []
    shift = first_row - 1
    spec = schema.load(table)
    missing = pa.array(spec.get("missingValues", [""]), pa.string())
    for field in spec["fields"]:
        name = field["name"]
        c = field.get("constraints", {})
        column = _strings(data.column(name))
        if pa.types.is_string(column.type):
            # A string that is one of the schema's missing values ("", "nan") is
            # missing, as Frictionless reads it: null for every constraint.
            column = pc.if_else(pc.is_in(column, value_set=missing), None, column)
        if c.get("required") and column.null_count:
            findings += [Finding(table, r + shift, name, "required", f"{name}: a value is required")
                         for r in _rows(pc.is_null(column))]
        if "enum" in c:
            bad = pc.invert(pc.is_in(column, pa.array(c["enum"], column.type)))
            findings += [Finding(table, r + shift, name, "enum", f"{name}: not one of {c['enum']}")
                         for r in _rows(pc.and_not(bad, pc.is_null(column)))]
        if "pattern" in c:
            bad = pc.invert(pc.match_substring_regex(column, f"^(?:{c['pattern']})$"))
            findings += [Finding(table, r + shift, name, "pattern",
                                 f"{name}: does not match {c['pattern']}") for r in _rows(bad)]
        for key, op in (("minimum", pc.less), ("maximum", pc.greater)):
            if key in c:
                findings += [Finding(table, r + shift, name, key, f"{name}: {key} is {c[key]}")
                             for r in _rows(op(column, c[key]))]
    return findings


_SEPARATOR = "\x1f"  # joins the parts of a composite key; never in the data


def _key(data: pa.Table, names: list[str]) -> pa.ChunkedArray:
    """One string per row for a (composite) key; null if any part is null."""
    parts = [pc.cast(_strings(data.column(n)), pa.string()) for n in names]
    if len(parts) == 1:
        return parts[0]
    return pc.binary_join_element_wise(*parts, _SEPARATOR)


def _any_valid(data: pa.Table, names: list[str]):
    present = None
    for name in names:
        valid = pc.is_valid(data.column(name))
        present = valid if present is None else pc.or_(present, valid)
    return present


def _duplicates(key: pa.Array, skip_nulls: bool) -> list[int]:
    """1-based rows whose key already appeared in an earlier row."""
    probe = pc.drop_null(key) if skip_nulls and key.null_count else key
    if len(pc.unique(probe)) == len(probe):
        return []  # the usual case, decided in one hash pass
    rows = pa.table({"k": key, "row": pa.array(range(1, len(key) + 1), pa.int64())})
    if skip_nulls:
        rows = rows.filter(pc.is_valid(rows.column("k")))
    firsts = rows.group_by("k", use_threads=False).aggregate([("row", "min")])
    joined = rows.join(firsts, keys="k", join_type="inner", use_threads=False)
    dup = pc.not_equal(joined.column("row"), joined.column("row_min"))
    return sorted(pc.filter(joined.column("row"), dup).to_pylist())


class StreamingCheck:
    """Check a package arriving in pieces, table by table, in any order.

    Per-value constraints are checked on each piece as it comes; for the
    constraints that span rows (unique, primary and foreign keys) only the key
    columns are kept, as compact Arrow strings, and checked at `finish`.
    """

    def __init__(self):
        self.seconds = 0.0  # time spent checking, for the benchmark
        self.rows = dict.fromkeys(schema.TABLES, 0)
        self.findings: list[Finding] = []
        self.keys: dict[tuple[str, tuple[str, ...]], list] = {}
        self.present: dict[tuple[str, tuple[str, ...]], list] = {}
        self.wanted: dict[str, set[tuple[str, ...]]] = {t: set() for t in schema.TABLES}
        for table in schema.TABLES:
            spec = schema.load(table)
            self.wanted[table].add(tuple(spec["primaryKey"]))
            for f in spec["fields"]:
                if f.get("constraints", {}).get("unique"):
                    self.wanted[table].add((f["name"],))
            for fk in spec.get("foreignKeys", []):
                self.wanted[table].add(tuple(fk["fields"]))
                target = fk["reference"].get("resource", table)
                self.wanted[target].add(tuple(fk["reference"]["fields"]))

    def add(self, table: str, data: pa.Table) -> None:
        started = time.perf_counter()
        self.findings += check_columns(data, table, self.rows[table] + 1)
        for names in self.wanted[table]:
            self.keys.setdefault((table, names), []).append(_key(data, list(names)))
            self.present.setdefault((table, names), []).append(_any_valid(data, list(names)))
        self.rows[table] += data.num_rows
        self.seconds += time.perf_counter() - started

    def add_keys(self, table: str, data: pa.Table, keys: list[tuple[str, ...]]) -> None:
        """Only the given keys of a table checked elsewhere: what the foreign
        keys of the tables added here point at (their uniqueness is checked
        again, their values are not)."""
        started = time.perf_counter()
        for names in keys:
            self.keys.setdefault((table, names), []).append(_key(data, list(names)))
            self.present.setdefault((table, names), []).append(_any_valid(data, list(names)))
        self.seconds += time.perf_counter() - started

    def _key_array(self, table: str, names) -> pa.ChunkedArray:
        chunks = [c for k in self.keys.get((table, tuple(names)), []) for c in k.chunks]
        return pa.chunked_array(chunks, pa.string())

    def _present(self, table: str, names) -> pa.ChunkedArray:
        chunks = [c for k in self.present.get((table, tuple(names)), []) for c in k.chunks]
        return pa.chunked_array(chunks, pa.bool_())

    def finish(self) -> list[Finding]:
        started = time.perf_counter()
        findings = list(self.findings)
        for table in schema.TABLES:
            spec = schema.load(table)
            for f in spec["fields"]:
                if f.get("constraints", {}).get("unique"):
                    findings += [Finding(table, r, f["name"], "unique", f"{f['name']}: value repeated")
                                 for r in _duplicates(self._key_array(table, [f["name"]]), True)]
            pk = spec["primaryKey"]
            findings += [Finding(table, r, None, "primary-key",
                                 f"primary key ({', '.join(pk)}) repeated")
                         for r in _duplicates(self._key_array(table, pk), False)]
            for fk in spec.get("foreignKeys", []):
                ref = fk["reference"]
                target = ref.get("resource", table)
                parent = pc.drop_null(pc.unique(self._key_array(target, ref["fields"])))
                child = self._key_array(table, fk["fields"])
                found = pc.fill_null(pc.is_in(child, value_set=parent), False)
                # A row whose key fields are all null is not checked (as in Frictionless).
                missing = pc.and_(self._present(table, fk["fields"]), pc.invert(found))
                findings += [Finding(table, r, None, "foreign-key",
                                     f"({', '.join(fk['fields'])}) not found in {target} "
                                     f"({', '.join(ref['fields'])})") for r in _rows(missing)]
        self.seconds += time.perf_counter() - started
        return sorted(findings)


def check_tables(tables: dict[str, pa.Table]) -> list[Finding]:
    """Check whole tables (every table of the package, or those given: a table
    left out counts as empty)."""
    check = StreamingCheck()
    for table in schema.TABLES:
        if table in tables:
            check.add(table, tables[table])
    return check.finish()


def check_directory(directory: Path) -> list[Finding]:
    """Check an output directory: every CSV and every Parquet part.

    A table's CSV parts are read as one table (as Frictionless reads a multipart
    resource: rows numbered through the parts); each Parquet part must hold
    exactly the rows of its CSV part, with the schema's types."""
    findings: list[Finding] = []
    csv_tables, csv_parts = {}, {}
    for table in schema.TABLES:
        parts = sorted((directory / "csv" / table).glob("*.csv"))
        pieces = []
        for path in parts:
            data, found = read_csv(path, table)
            shift = sum(p.num_rows for p in pieces)
            findings += [Finding(f.table, f.row + shift if f.row else 0, f.field, f.kind,
                                 f.message) for f in found]
            pieces.append(data)
            csv_parts[(table, path.stem)] = data
        csv_tables[table] = (pa.concat_tables(pieces) if pieces
                             else schema.arrow_schema(table).empty_table())
    # A cell that is not of its type is one error, as in Frictionless: its other
    # constraints are not checked.
    mistyped = {(f.table, f.row, f.field) for f in findings if f.kind == "type"}
    if not any(f.kind == "header" for f in findings):
        findings += [f for f in check_tables(csv_tables)
                     if (f.table, f.row, f.field) not in mistyped]
    for (table, part), typed in sorted(csv_parts.items()):
        name = f"{table}-parquet"
        path = directory / "parquet" / table / f"{part}.parquet"
        if not path.is_file():
            findings.append(Finding(name, 0, None, "missing", f"no Parquet part {part}"))
            continue
        data = pq.read_table(path)
        if data.column_names != schema.columns(table):
            findings.append(Finding(name, 0, None, "header",
                                    f"columns {data.column_names} differ from the schema"))
            continue
        if not data.schema.equals(schema.arrow_schema(table), check_metadata=False):
            findings.append(Finding(name, 0, None, "type",
                                    "column types differ from those the schema gives"))
            continue
        if typed.column_names != data.column_names or not data.cast(typed.schema).equals(typed):
            findings.append(Finding(name, 0, None, "content",
                                    f"Parquet part {part} and its CSV part hold different rows"))
            # Say what is wrong with the Parquet rows themselves.
            check = StreamingCheck()
            check.add(table, data)
            findings += [Finding(name, f.row, f.field, f.kind, f.message)
                         for f in check.findings]
    return sorted(findings)
