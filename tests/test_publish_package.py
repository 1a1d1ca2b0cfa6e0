"""A small built package for the publishing tests, and checks of how it is read.

The package is built by the real build from copies of the Chinese texts in
sources/zh and, when the XML front end is there, from a few resolutions of
the XML corpus in all their languages, written out as plain .xml files.
Other test modules use the fixtures by importing them.
"""

import re
import shutil
import zipfile
from importlib.util import find_spec
from pathlib import Path

import pytest

from etl import schema
from etl.build import build
from etl.publish import tables

ROOT = schema.ROOT
TEXTS = sorted((ROOT / "sources" / "zh").glob("*.txt"))
# Resolutions of the 77th session read in every language of the corpus: one
# adopted without a vote, one by recorded vote (with votes, sponsors, subjects).
XML_SYMBOLS = ("77_1", "77_101")
XML_ARCHIVES = sorted((ROOT / "sources" / "akn").glob("77session-*.zip"))


def xml_front_end() -> bool:
    return find_spec("etl.akn.reader") is not None


def copy_sources(target: Path, with_xml: bool) -> None:
    (target / "zh").mkdir(parents=True)
    for path in TEXTS:
        shutil.copy(path, target / "zh" / path.name)
    if not with_xml:
        return
    wanted = re.compile(r"A_RES_(?:%s)-\d+[A-Z]*\.xml$" % "|".join(XML_SYMBOLS))
    for archive in XML_ARCHIVES:
        with zipfile.ZipFile(archive) as z:
            for member in z.namelist():
                if wanted.search(member):
                    out = target / "akn" / member
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(z.read(member))


@pytest.fixture(scope="session")
def small_package(tmp_path_factory) -> Path:
    """The output folder of a real build of a few sources."""
    base = tmp_path_factory.mktemp("package")
    copy_sources(base / "sources", xml_front_end())
    result = build(base / "sources", base / "output", jobs=1)
    assert result.written, result.failure
    return base / "output"


def test_every_table_reads_with_its_schema_columns(small_package):
    for table in schema.TABLES:
        data = tables.read_table(small_package, table)
        assert data.column_names == schema.columns(table)
        assert all(not str(t).startswith("dictionary") for t in data.schema.types)
    resolutions = tables.read_table(small_package, "resolutions")
    symbols = set(resolutions.column("symbol").to_pylist())
    assert {"A/RES/59/76", "A/RES/65/72", "A/RES/68/47", "A/RES/71/49"} <= symbols
    clauses = tables.read_table(small_package, "clauses")
    assert clauses.num_rows == sum(e["counts"]["clauses"]
                                   for e in tables.read_report(small_package)["inputs"]
                                   if e.get("status") == "ok" and "counts" in e)


def test_a_folder_without_a_package_is_named_in_the_error(tmp_path):
    with pytest.raises(tables.PackageError, match=str(tmp_path / "nothing")):
        tables.check_package(tmp_path / "nothing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(tables.PackageError, match="no Parquet tables"):
        tables.check_package(tmp_path / "empty")
    (tmp_path / "empty" / "build_report.json").write_text('{"inputs": [\n,]}')
    with pytest.raises(tables.PackageError, match="build_report.json: line 2"):
        tables.read_report(tmp_path / "empty")


def test_symbols_sort_by_session_then_number():
    symbols = ["A/RES/74/10", "A/RES/ES-11/1", "A/RES/74/2", "A/RES/75/101B", "A/RES/75/101A"]
    assert sorted(symbols, key=tables.symbol_sort_key) == [
        "A/RES/74/2", "A/RES/74/10", "A/RES/75/101A", "A/RES/75/101B", "A/RES/ES-11/1"]
