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


def check_table(data: pa.Table, table: str) -> list[Finding]:
    spec = schema.load(table)
    findings: list[Finding] = []
    for field in spec["fields"]:
        name = field["name"]
        c = field.get("constraints", {})
        column = _strings(data.column(name))
        if c.get("required"):
            findings += [Finding(table, r, name, "required", f"{name}: a value is required")
                         for r in _rows(pc.is_null(column))]
        if "enum" in c:
            bad = pc.invert(pc.is_in(column, pa.array(c["enum"], column.type)))
            findings += [Finding(table, r, name, "enum", f"{name}: not one of {c['enum']}")
                         for r in _rows(pc.and_not(bad, pc.is_null(column)))]
        if "pattern" in c:
            bad = pc.invert(pc.match_substring_regex(column, f"^(?:{c['pattern']})$"))
            findings += [Finding(table, r, name, "pattern", f"{name}: does not match {c['pattern']}")
                         for r in _rows(bad)]
        for key, op in (("minimum", pc.less), ("maximum", pc.greater)):
            if key in c:
                findings += [Finding(table, r, name, key, f"{name}: {key} is {c[key]}")
                             for r in _rows(op(column, c[key]))]
        if c.get("unique"):
            findings += [Finding(table, r, name, "unique", f"{name}: value repeated")
                         for r in _duplicate_rows(data, [name], skip_nulls=True)]
    findings += [Finding(table, r, None, "primary-key",
                         f"primary key ({', '.join(spec['primaryKey'])}) repeated")
                 for r in _duplicate_rows(data, spec["primaryKey"])]
    return findings


def _duplicate_rows(data: pa.Table, keys: list[str], skip_nulls: bool = False) -> list[int]:
    """Rows whose key was already seen in an earlier row (as Frictionless reports them)."""
    keyed = pa.table({f"k{i}": _strings(data.column(k)) for i, k in enumerate(keys)})
    keyed = keyed.append_column("row", pa.array(range(1, data.num_rows + 1), pa.int64()))
    if skip_nulls:
        keyed = keyed.filter(pc.is_valid(keyed.column("k0")))
    cols = [f"k{i}" for i in range(len(keys))]
    firsts = keyed.group_by(cols, use_threads=False).aggregate([("row", "min")])
    joined = keyed.join(firsts, keys=cols, join_type="inner", use_threads=False)
    dup = pc.not_equal(joined.column("row"), joined.column("row_min"))
    return sorted(pc.filter(joined.column("row"), dup).to_pylist())


def check_foreign_keys(tables: dict[str, pa.Table], table: str) -> list[Finding]:
    spec = schema.load(table)
    findings = []
    for fk in spec.get("foreignKeys", []):
        ref = fk["reference"]
        target = tables[ref.get("resource", table)]
        child = pa.table({f"k{i}": _strings(tables[table].column(f))
                          for i, f in enumerate(fk["fields"])})
        child = child.append_column("row", pa.array(range(1, child.num_rows + 1), pa.int64()))
        present = child.column("k0").is_valid()
        for i in range(1, len(fk["fields"])):
            present = pc.or_(present, child.column(f"k{i}").is_valid())
        child = child.filter(present)  # all-null keys are not checked
        parent = pa.table({f"k{i}": _strings(target.column(f))
                           for i, f in enumerate(ref["fields"])})
        cols = [f"k{i}" for i in range(len(fk["fields"]))]
        missing = child.join(parent.group_by(cols, use_threads=False).aggregate([]), keys=cols,
                             join_type="left anti", use_threads=False)
        for r in sorted(missing.column("row").to_pylist()):
            findings.append(Finding(table, r, None, "foreign-key",
                                    f"({', '.join(fk['fields'])}) not found in "
                                    f"{ref.get('resource', table)} ({', '.join(ref['fields'])})"))
    return findings


def check_tables(tables: dict[str, pa.Table]) -> list[Finding]:
    findings = []
    for table in schema.TABLES:
        findings += check_table(tables[table], table)
    for table in schema.TABLES:
        findings += check_foreign_keys(tables, table)
    return sorted(findings)


def check_directory(directory: Path) -> list[Finding]:
    """Check an output directory: every CSV and every Parquet file."""
    findings: list[Finding] = []
    csv_tables = {}
    for table in schema.TABLES:
        data, found = read_csv(directory / "csv" / f"{table}.csv", table)
        csv_tables[table] = data
        findings += found
    # A cell that is not of its type is one error, as in Frictionless: its other
    # constraints are not checked.
    mistyped = {(f.table, f.row, f.field) for f in findings if f.kind == "type"}
    findings += [f for f in check_tables(csv_tables) if (f.table, f.row, f.field) not in mistyped]
    parquet_tables = {t: pq.read_table(directory / "parquet" / f"{t}.parquet")
                      for t in schema.TABLES}
    for table, data in parquet_tables.items():
        if data.column_names != schema.columns(table):
            findings.append(Finding(f"{table}-parquet", 0, None, "header",
                                    f"columns {data.column_names} differ from the schema"))
    if not any(f.kind == "header" for f in findings):
        findings += [Finding(f"{f.table}-parquet", f.row, f.field, f.kind, f.message)
                     for f in check_tables(parquet_tables)]
        for table in schema.TABLES:
            if not parquet_tables[table].cast(csv_tables[table].schema).equals(csv_tables[table]):
                findings.append(Finding(f"{table}-parquet", 0, None, "content",
                                        "Parquet and CSV hold different rows"))
    return sorted(findings)
