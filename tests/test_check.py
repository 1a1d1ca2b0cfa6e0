"""The fast validator means what Frictionless means: inject each kind of error
into the CSV tables and compare the findings with Frictionless' own report."""

import csv
import io
import shutil
from pathlib import Path

import pytest
from frictionless import Package

from buildkit import small_sources
from etl import package
from etl.build import build
from etl.check import check_directory

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The four seeds: four session parts, so every table is a multipart resource."""
    sources = small_sources(tmp_path_factory.mktemp("sources"))
    out = tmp_path_factory.mktemp("built") / "output"
    assert build(sources, out, jobs=1).written
    return out

FRICTIONLESS_TYPE = {"type": "type-error", "required": "constraint-error",
                     "enum": "constraint-error", "pattern": "constraint-error",
                     "minimum": "constraint-error", "maximum": "constraint-error",
                     "unique": "unique-error", "primary-key": "primary-key",
                     "foreign-key": "foreign-key"}


def _edit(directory: Path, table: str, row: int, column: str, value) -> None:
    """Change one cell; `row` counts data rows through the table's parts, as Frictionless does."""
    for path in sorted((directory / "csv" / table).glob("*.csv")):
        rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
        if row < len(rows):
            break
        row -= len(rows) - 1
    index = rows[0].index(column)
    rows[row][index] = value(rows, index) if callable(value) else value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


INJECTIONS = {
    "type": [("resolutions", 2, "session", "sixty-eight"), ("citations", 4, "target_date", "2013-02-30"),
             ("citations", 5, "in_package", "maybe")],
    "required": [("clauses", 5, "text", "")],
    "enum": [("clauses", 3, "section", "body")],
    "pattern": [("clauses", 2, "clause_id", "pp 2"), ("resolutions", 1, "source_sha256", "xyz")],
    "minimum": [("footnotes", 4, "line_start", "0")],
    "maximum": [("clauses", 9, "level", "5")],
    "unique": [("clauses", 6, "clause_key", lambda rows, i: rows[5][i])],
    "primary-key": [("footnotes", 3, "number", lambda rows, i: rows[2][i])],
    "foreign-key": [("footnote_refs", 2, "footnote_number", "99"),
                    ("clauses", 30, "parent_key", "A/RES/68/47#zh#op99")],
}


def _frictionless(directory: Path) -> set:
    parts = sorted(p.stem for p in (directory / "csv" / "resolutions").glob("*.csv"))
    desc = package.descriptor(parts, output_prefix="", inline=True)
    desc["resources"] = [r for r in desc["resources"] if r["format"] == "csv"]
    report = Package(desc, basepath=str(directory)).validate()
    return {(task.name, e.row_number, e.type) for task in report.tasks for e in task.errors}


def _ours(directory: Path) -> set:
    return {(f.table, f.row + 1, FRICTIONLESS_TYPE[f.kind]) for f in check_directory(directory)
            if not f.table.endswith("-parquet") and f.kind in FRICTIONLESS_TYPE}


def test_clean_output_has_no_findings(built):
    assert check_directory(built) == []


@pytest.mark.parametrize("kind", INJECTIONS)
def test_same_findings_as_frictionless(tmp_path, kind, built):
    directory = tmp_path / "output"
    shutil.copytree(built, directory)
    for table, row, column, value in INJECTIONS[kind]:
        _edit(directory, table, row, column, value)
    theirs = _frictionless(directory)
    ours = _ours(directory)
    assert theirs, "the injection must produce an error"
    assert ours == theirs
    assert {t for _, _, t in ours} >= {FRICTIONLESS_TYPE[kind]}


def test_parquet_is_checked_too(tmp_path, built):
    import pyarrow.parquet as pq
    directory = tmp_path / "output"
    shutil.copytree(built, directory)
    path = directory / "parquet" / "clauses" / "068.parquet"
    table = pq.read_table(path)
    ids = table.column("clause_id").to_pylist()
    ids[0] = "bad id"
    table = table.set_column(table.column_names.index("clause_id"), table.schema.field("clause_id"),
                             [ids])
    pq.write_table(table, path)
    kinds = {(f.table, f.kind) for f in check_directory(directory)}
    assert ("clauses-parquet", "pattern") in kinds and ("clauses-parquet", "content") in kinds
