"""The release archive: complete, checksummed, valid for Frictionless, byte-identical."""

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from etl import schema
from etl.publish import release, tables, version
from test_publish_package import small_package  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def archive(small_package, tmp_path_factory):  # noqa: F811
    return release.build_release(small_package, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def unpacked(archive, tmp_path_factory):
    target = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(archive.path) as z:
        z.extractall(target)
    (folder,) = target.iterdir()
    return folder


def test_two_builds_are_byte_identical(small_package, archive, tmp_path):  # noqa: F811
    again = release.build_release(small_package, tmp_path)
    assert again.path.name == archive.path.name
    assert again.path.read_bytes() == archive.path.read_bytes()


def test_members_are_sorted_with_fixed_time_and_mode(archive):
    with zipfile.ZipFile(archive.path) as z:
        infos = z.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    folder = f"unga-resolutions-{archive.version}/"
    assert all(n.startswith(folder) for n in names)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert archive.path.name == f"unga-resolutions-{archive.version}.zip"


def test_archive_holds_data_card_licence_citation_and_checksums(small_package, unpacked):  # noqa: F811
    for name in ("datapackage.json", "README.md", "LICENSE", "LICENSE-DATA.md", "CITATION.cff",
                 "CHANGELOG.md", "SHA256SUMS", "build_report.json"):
        assert (unpacked / name).is_file(), name
    for table in schema.TABLES:
        for fmt in ("csv", "parquet"):
            assert list((unpacked / fmt / table).glob(f"*.{fmt}")), (fmt, table)
        assert (unpacked / "schemas" / f"{table}.json").is_file()
    assert "United Nations" in (unpacked / "LICENSE-DATA.md").read_text()
    assert "CC BY 4.0" in (unpacked / "LICENSE-DATA.md").read_text()
    assert "MIT License" in (unpacked / "LICENSE").read_text()
    card = (unpacked / "README.md").read_text()
    clauses = tables.read_table(small_package, "clauses").num_rows
    assert f"| `clauses` | {clauses:,} |" in card
    assert "Source: United Nations" in card
    for figure in ("coverage.svg", "adoption.svg", "votes.svg"):
        assert f"figures/{figure}" in card
        assert (unpacked / "figures" / figure).read_bytes().startswith(b"<?xml")


def test_checksums_cover_every_other_file(unpacked):
    listed = {}
    for line in (unpacked / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    files = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()}
    assert set(listed) == files - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((unpacked / name).read_bytes()).hexdigest() == digest, name


def test_version_is_the_same_everywhere(archive, unpacked):
    desc = json.loads((unpacked / "datapackage.json").read_text())
    assert desc["version"] == archive.version
    assert yaml.safe_load((unpacked / "CITATION.cff").read_text())["version"] == archive.version
    report = json.loads((unpacked / "build_report.json").read_text())
    assert archive.version == version.release_version(report, version.data_lines(unpacked))
    assert archive.version.startswith(desc["version"].split("+")[0] + "+")


def test_paths_in_the_descriptor_are_relative_and_present(unpacked):
    desc = json.loads((unpacked / "datapackage.json").read_text())
    for resource in desc["resources"]:
        paths = resource["path"] if isinstance(resource["path"], list) else [resource["path"]]
        for path in paths:
            assert not path.startswith(("/", "..", "output/")), path
            assert (unpacked / path).is_file(), path


def test_frictionless_validates_the_unpacked_package(unpacked):
    cli = Path(sys.executable).parent / "frictionless"
    done = subprocess.run([str(cli), "validate", "datapackage.json"], cwd=unpacked,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "INVALID" not in done.stdout


def test_fingerprint_follows_sources_and_parser():
    report = {"parser_version": "abc", "inputs": [
        {"file": "sources/zh/a.txt", "status": "ok", "sha256": "11"},
        {"file": "sources/akn/x.zip!English/b.xml", "status": "rejected", "sha256": "22"}]}
    same = json.loads(json.dumps(report))
    same["inputs"].reverse()
    assert version.fingerprint(report) == version.fingerprint(same)
    changed_source = json.loads(json.dumps(report))
    changed_source["inputs"][0]["sha256"] = "12"
    changed_parser = dict(report, parser_version="abd")
    assert len({version.fingerprint(r) for r in (report, changed_source, changed_parser)}) == 3
    assert version.release_version(report).endswith("+" + version.fingerprint(report))


def test_release_of_a_folder_without_package_fails_clearly(tmp_path):
    from click.testing import CliRunner
    from etl.cli import main
    result = CliRunner().invoke(main, ["release", "--package", str(tmp_path / "none"),
                                       "--dist", str(tmp_path / "dist")])
    assert result.exit_code == 2
    assert str(tmp_path / "none") in result.output
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())


def test_the_command_writes_the_archive(small_package, archive, tmp_path):  # noqa: F811
    from click.testing import CliRunner
    from etl.cli import main
    result = CliRunner().invoke(main, ["release", "--package", str(small_package),
                                       "--dist", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / archive.path.name).read_bytes() == archive.path.read_bytes()
    assert archive.version in result.output
