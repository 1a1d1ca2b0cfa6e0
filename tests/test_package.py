"""The package layer: descriptor, schemas, formats, validation, atomic output."""

import csv
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from etl import build as build_module
from etl import package, schema
from etl.build import build
from etl.cli import readme_with_dictionary

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "output"
    result = build(SOURCES, out, jobs=1)
    assert result.written and not result.rejected
    return out


def test_datapackage_json_is_generated_from_schemas():
    committed = (ROOT / "datapackage.json").read_text(encoding="utf-8")
    assert committed == package.render(package.descriptor())
    desc = json.loads(committed)
    names = {r["name"] for r in desc["resources"]}
    assert names == set(schema.TABLES) | {f"{t}-parquet" for t in schema.TABLES}
    for r in desc["resources"]:
        assert (ROOT / r["path"]).is_file() and (ROOT / r["schema"]).is_file()
        if r["format"] == "csv":
            assert r["encoding"] == "utf-8"
    assert desc["licenses"] and desc["sources"] and desc["contributors"] and desc["version"]


def test_readme_data_dictionary_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == readme_with_dictionary(readme)
    for table in schema.TABLES:
        for column in schema.columns(table):
            assert f"| `{column}` |" in readme


def test_every_field_is_described_and_keys_required():
    for table in schema.TABLES:
        s = schema.load(table)
        assert s["description"]
        fields = {f["name"]: f for f in s["fields"]}
        for f in s["fields"]:
            assert f["description"].strip(), (table, f["name"])
        for name in s["primaryKey"]:
            assert fields[name]["constraints"]["required"] is True, (table, name)
        for fk in s.get("foreignKeys", []):
            ref = fk["reference"]
            target = schema.load(ref.get("resource", table))
            target_fields = {f["name"]: f for f in target["fields"]}
            for here, there in zip(fk["fields"], ref["fields"]):
                assert fields[here]["type"] == target_fields[there]["type"]


def test_fresh_build_matches_committed_output(fresh):
    for path in sorted(p for p in (ROOT / "output").rglob("*") if p.is_file()):
        rel = path.relative_to(ROOT / "output")
        assert (fresh / rel).read_bytes() == path.read_bytes(), rel
    assert {p.relative_to(fresh) for p in fresh.rglob("*")} == \
        {p.relative_to(ROOT / "output") for p in (ROOT / "output").rglob("*")}


def test_build_is_deterministic(fresh, tmp_path):
    again = tmp_path / "again"
    build(SOURCES, again)
    for path in fresh.rglob("*"):
        if path.is_file():
            assert (again / path.relative_to(fresh)).read_bytes() == path.read_bytes()


def test_committed_package_validates_with_frictionless():
    from etl.validate import validate_package
    report = validate_package(ROOT / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])[:5]
    assert len(report.tasks) == 2 * len(schema.TABLES)


def test_parquet_types_come_from_schemas(fresh):
    for table in schema.TABLES:
        stored = pq.read_schema(fresh / "parquet" / f"{table}.parquet")
        assert stored.names == schema.columns(table)
        for f in schema.load(table)["fields"]:
            arrow = stored.field(f["name"])
            assert arrow.metadata[b"description"].decode() == f["description"]
            expected = {"string": pa.string(), "integer": pa.int64(), "date": pa.date32(),
                        "boolean": pa.bool_()}[f["type"]]
            if "enum" in f.get("constraints", {}):
                assert pa.types.is_dictionary(arrow.type) and arrow.type.value_type == pa.string()
            else:
                assert arrow.type == expected, (table, f["name"])
            assert arrow.nullable == (not f.get("constraints", {}).get("required", False))
    r = pq.read_table(fresh / "parquet" / "resolutions.parquet").to_pylist()
    assert {row["symbol"]: row["adoption_date"].isoformat() for row in r}["A/RES/65/72"] == "2010-12-08"


def test_csv_format(fresh):
    for table in schema.TABLES:
        raw = (fresh / "csv" / f"{table}.csv").read_bytes()
        raw.decode("utf-8")
        assert b"\r" not in raw and not raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(raw.decode("utf-8").splitlines()))
        assert rows[0] == schema.columns(table)
    clauses = list(csv.DictReader((fresh / "csv" / "clauses.csv").open(encoding="utf-8")))
    pp1 = next(r for r in clauses if r["symbol"] == "A/RES/68/47" and r["clause_id"] == "pp1")
    assert pp1["parent_id"] == "" and pp1["label"] == "" and pp1["line_start"] == "9"


def _tree(path: Path) -> dict:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()}


def test_invalid_table_fails_build_and_keeps_previous_output(fresh, tmp_path, monkeypatch):
    out = tmp_path / "output"
    shutil.copytree(fresh, out)
    before = _tree(out)
    real = build_module.tabulate

    def broken(parsed, **kwargs):
        tables = real(parsed, **kwargs)
        tables["clauses"][0]["clause_id"] = "not an id"
        return tables

    monkeypatch.setattr(build_module, "tabulate", broken)
    result = build(SOURCES, out, jobs=1)
    assert not result.written
    assert "clauses" in result.failure and "constraint" in result.failure
    assert _tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["output"]  # no staging left behind


def test_failure_while_writing_keeps_previous_output(fresh, tmp_path, monkeypatch):
    out = tmp_path / "output"
    shutil.copytree(fresh, out)
    before = _tree(out)
    from etl.write import PackageWriter
    real = PackageWriter._flush
    calls = []

    def failing(self, table):
        calls.append(table)
        if len(calls) == 3:
            raise OSError("disk full")
        real(self, table)

    monkeypatch.setattr(PackageWriter, "_flush", failing)
    with pytest.raises(OSError):
        build(SOURCES, out)
    assert len(calls) == 3
    assert _tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["output"]
