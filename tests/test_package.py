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
from buildkit import small_sources, tree

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    return small_sources(tmp_path_factory.mktemp("sources"))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, sources):
    out = tmp_path_factory.mktemp("build") / "output"
    result = build(sources, out, jobs=1)
    assert result.written and not result.rejected
    return out


def test_datapackage_json_is_generated_from_schemas():
    committed = (ROOT / "datapackage.json").read_text(encoding="utf-8")
    parts = package.root_parts()
    assert committed == package.render(package.descriptor(parts))
    desc = json.loads(committed)
    names = {r["name"] for r in desc["resources"]}
    assert names == set(schema.TABLES) | {package.part_resource_name(t, p)
                                          for t in schema.TABLES for p in parts}
    manifest = json.loads((ROOT / "output" / "MANIFEST.json").read_text(encoding="utf-8"))
    for r in desc["resources"]:
        paths = r["path"] if isinstance(r["path"], list) else [r["path"]]
        for path in paths:  # every file the descriptor names is one the build writes
            assert path.removeprefix("output/") in manifest["files"], path
        if r["format"] == "csv":
            assert r["encoding"] == "utf-8" and (ROOT / r["schema"]).is_file()
    assert desc["licenses"] and desc["sources"] and desc["contributors"] and desc["version"]


def test_output_descriptor_is_self_contained(fresh):
    desc = json.loads((fresh / "datapackage.json").read_text(encoding="utf-8"))
    for r in desc["resources"]:
        paths = r["path"] if isinstance(r["path"], list) else [r["path"]]
        assert all((fresh / p).is_file() for p in paths)
        assert isinstance(r["schema"], dict)


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


def test_build_is_deterministic(fresh, sources, tmp_path):
    again = tmp_path / "again"
    build(sources, again)
    assert tree(again) == tree(fresh)


def test_built_package_validates_with_frictionless(fresh):
    from etl.validate import validate_package
    report = validate_package(fresh / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])[:5]
    parts = sorted(p.stem for p in (fresh / "csv" / "resolutions").glob("*.csv"))
    assert parts == ["059", "065", "068", "071"]
    assert len(report.tasks) == len(schema.TABLES) * (1 + len(parts))


def test_parquet_types_come_from_schemas(fresh):
    for table in schema.TABLES:
        stored = pq.read_schema(fresh / "parquet" / table / "068.parquet")
        assert stored.names == schema.columns(table)
        for f in schema.load(table)["fields"]:
            arrow = stored.field(f["name"])
            assert arrow.metadata[b"description"].decode() == f["description"]
            expected = {"string": pa.string(), "integer": pa.int64(), "date": pa.date32(),
                        "boolean": pa.bool_(), "number": pa.float64()}[f["type"]]
            if "enum" in f.get("constraints", {}):
                assert pa.types.is_dictionary(arrow.type) and arrow.type.value_type == pa.string()
            else:
                assert arrow.type == expected, (table, f["name"])
            assert arrow.nullable == (not f.get("constraints", {}).get("required", False))
    r = package.read_table(fresh, "resolutions").to_pylist()
    assert {row["symbol"]: row["adoption_date"].isoformat() for row in r}["A/RES/65/72"] == "2010-12-08"


def test_csv_format(fresh):
    for table in schema.TABLES:
        raw = (fresh / "csv" / table / "068.csv").read_bytes()
        raw.decode("utf-8")
        assert b"\r" not in raw and not raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(raw.decode("utf-8").splitlines()))
        assert rows[0] == schema.columns(table)
    clauses = list(csv.DictReader((fresh / "csv" / "clauses" / "068.csv").open(encoding="utf-8")))
    pp1 = next(r for r in clauses if r["symbol"] == "A/RES/68/47" and r["clause_id"] == "pp1")
    assert pp1["parent_id"] == "" and pp1["label"] == "" and pp1["line_start"] == "9"


def test_invalid_table_fails_build_and_keeps_previous_output(fresh, sources, tmp_path,
                                                            monkeypatch):
    out = tmp_path / "output"
    shutil.copytree(fresh, out)
    before = tree(out)
    real = build_module.tabulate

    def broken(parsed, **kwargs):
        tables = real(parsed, **kwargs)
        tables["clauses"][0]["clause_id"] = "not an id"
        return tables

    monkeypatch.setattr(build_module, "tabulate", broken)
    result = build(sources, out, jobs=1)
    assert not result.written
    assert "clauses" in result.failure and "constraint" in result.failure
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["output"]  # no staging left behind


def test_failure_while_writing_keeps_previous_output(fresh, sources, tmp_path, monkeypatch):
    out = tmp_path / "output"
    shutil.copytree(fresh, out)
    before = tree(out)
    real = build_module.write_parquet
    calls = []

    def failing(data, path):
        calls.append(path)
        if len(calls) == 3:
            raise OSError("disk full")
        real(data, path)

    monkeypatch.setattr(build_module, "write_parquet", failing)
    with pytest.raises(OSError):
        build(sources, out)
    assert len(calls) == 3
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["output"]
