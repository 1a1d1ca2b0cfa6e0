"""The package layer: descriptor, schemas, formats, validation, atomic output."""

import csv
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from etl.build import parts as parts_module
from etl.build import source as source_module
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
    manifest_files = package.manifest_files(ROOT / "output")
    assert committed == package.render(package.descriptor(parts, files=manifest_files))
    desc = json.loads(committed)
    names = {r["name"] for r in desc["resources"]}
    assert names == set(schema.TABLES) | {package.part_resource_name(t, p)
                                          for t in schema.TABLES for p in package.parts_of(t, parts)}
    assert package.part_resource_name("member_states", "all") in names
    manifest = json.loads((ROOT / "output" / "MANIFEST.json").read_text(encoding="utf-8"))
    for r in desc["resources"]:
        paths = r["path"] if isinstance(r["path"], list) else [r["path"]]
        for path in paths:  # every file the descriptor names is one the build writes
            assert path.removeprefix("output/") in manifest["files"], path
        if r["format"] == "csv":
            assert r["encoding"] == "utf-8" and (ROOT / r["schema"]).is_file()
        else:  # Parquet parts: files checked by the size and hash the build wrote
            entry = manifest_files[r["path"].removeprefix("output/")]
            assert (r["bytes"], r["hash"]) == (entry["bytes"], "sha256:" + entry["sha256"])
    assert desc["licenses"] and desc["sources"] and desc["contributors"] and desc["version"]


def test_output_descriptor_is_self_contained(fresh):
    desc = json.loads((fresh / "datapackage.json").read_text(encoding="utf-8"))
    manifest = json.loads((fresh / "MANIFEST.json").read_text(encoding="utf-8"))["files"]
    for r in desc["resources"]:
        paths = r["path"] if isinstance(r["path"], list) else [r["path"]]
        assert all((fresh / p).is_file() for p in paths)
        if r["format"] == "csv":  # the schema travels with the folder
            assert (fresh / r["schema"]).read_bytes() == (ROOT / r["schema"]).read_bytes()
        else:  # a Parquet part: a file whose size and hash a validator checks
            assert r["type"] == "file"
            assert r["hash"] == "sha256:" + manifest[r["path"]]["sha256"]
            assert r["bytes"] == (fresh / r["path"]).stat().st_size


def test_a_damaged_parquet_part_fails_frictionless(fresh, tmp_path):
    from frictionless import Package
    out = tmp_path / "output"
    shutil.copytree(fresh, out)
    part = next((out / "parquet" / "clauses").glob("*.parquet"))
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, other bytes
    part.write_bytes(bytes(data))
    report = Package(str(out / "datapackage.json")).validate()
    assert not report.valid
    assert {e.type for task in report.tasks for e in task.errors} == {"hash-count"}


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
    assert len(report.tasks) == len(schema.SESSION_TABLES) * (1 + len(parts)) \
        + 2 * len(schema.WHOLE_TABLES)


def _part(table: str) -> str:
    return schema.WHOLE_PART if table in schema.WHOLE_TABLES else "068"


def test_tables_written_whole_are_one_part(fresh):
    for table in schema.WHOLE_TABLES:
        for fmt in ("csv", "parquet"):
            assert [p.name for p in (fresh / fmt / table).iterdir()] == [f"all.{fmt}"]
    assert pq.read_table(fresh / "parquet" / "member_states" / "all.parquet").num_rows == 198
    for table in schema.SESSION_TABLES:
        assert not (fresh / "csv" / table / "all.csv").exists()


def test_parquet_types_come_from_schemas(fresh):
    for table in schema.TABLES:
        stored = pq.read_schema(fresh / "parquet" / table / f"{_part(table)}.parquet")
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
        raw = (fresh / "csv" / table / f"{_part(table)}.csv").read_bytes()
        raw.decode("utf-8")
        assert b"\r" not in raw and not raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(raw.decode("utf-8").splitlines()))
        assert rows[0] == schema.columns(table)
    clauses = list(csv.DictReader((fresh / "csv" / "clauses" / "068.csv").open(encoding="utf-8")))
    pp1 = next(r for r in clauses if r["symbol"] == "A/RES/68/47" and r["clause_id"] == "pp1")
    assert pp1["parent_id"] == "" and pp1["label"] == "" and pp1["line_start"] == "9"


def test_a_row_that_breaks_the_schema_is_set_aside_and_its_document_kept(
        fresh, sources, tmp_path, monkeypatch):
    real = source_module.tabulate

    def broken(parsed, **kwargs):
        tables = real(parsed, **kwargs)
        tables["clauses"][0]["clause_id"] = "not an id"  # pp1 of every resolution
        return tables

    monkeypatch.setattr(source_module, "tabulate", broken)
    out = tmp_path / "output"
    result = build(sources, out, jobs=1)
    assert result.written
    good = {t: pq.read_table(fresh / "parquet" / t).num_rows for t in schema.TABLES}
    rows = {t: pq.read_table(out / "parquet" / t).num_rows for t in schema.TABLES}
    assert rows["resolutions"] == good["resolutions"]          # every document kept
    assert rows["clauses"] == good["clauses"] - good["resolutions"]  # without its pp1
    report = json.loads((out / "build_report.json").read_text(encoding="utf-8"))
    left = report["corpus"]["invalid_documents"]
    assert len(left) == good["resolutions"] and not any(
        e["left_out"] == "the document" for e in left)
    for entry in left:
        # What was set aside is in the report, whole: the clause and the rows that
        # pointed to it (its citations and footnote markers).
        bad = [r["row"] for r in entry["rows"] if r["table"] == "clauses"]
        assert [r["clause_id"] for r in bad] == ["not an id"] and bad[0]["text"]
        pointing = [r for r in entry["rows"] if r["table"] != "clauses"]
        assert all(r["row"].get("clause_id") == "pp1" for r in pointing)
        assert len(entry["rows"]) == int(entry["left_out"].split()[0])
    lost = sum(good[t] - rows[t] for t in schema.TABLES)
    assert lost == sum(len(e["rows"]) for e in left)  # every row missing is accounted for


def test_invalid_table_fails_build_and_keeps_previous_output(fresh, sources, tmp_path,
                                                            monkeypatch):
    out = tmp_path / "output"
    shutil.copytree(fresh, out)
    before = tree(out)
    real = source_module.tabulate

    def broken(parsed, **kwargs):
        tables = real(parsed, **kwargs)
        tables["resolutions"][0]["language"] = "xx"  # no document can stand
        return tables

    monkeypatch.setattr(source_module, "tabulate", broken)
    result = build(sources, out, jobs=1)
    assert not result.written
    assert "resolutions" in result.failure and "constraint" in result.failure
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["output"]  # no staging left behind


def test_failure_while_writing_keeps_previous_output(fresh, sources, tmp_path, monkeypatch):
    out = tmp_path / "output"
    shutil.copytree(fresh, out)
    before = tree(out)
    real = parts_module.write_parquet
    calls = []

    def failing(data, path):
        calls.append(path)
        if len(calls) == 3:
            raise OSError("disk full")
        real(data, path)

    monkeypatch.setattr(parts_module, "write_parquet", failing)
    with pytest.raises(OSError):
        build(sources, out)
    assert len(calls) == 3
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["output"]
