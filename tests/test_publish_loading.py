"""Every loading example of docs/loading.md runs, as written, in an unpacked release."""

import re
import zipfile

import duckdb
import pytest

from etl import schema
from etl.publish import release, tables
from test_publish_package import small_package  # noqa: F401  (fixture)

SNIPPET = (schema.ROOT / "docs" / "loading.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", SNIPPET, flags=re.S)


@pytest.fixture(scope="module")
def release_folder(small_package, tmp_path_factory):  # noqa: F811
    made = release.build_release(small_package, tmp_path_factory.mktemp("dist"))
    target = tmp_path_factory.mktemp("release")
    with zipfile.ZipFile(made.path) as z:
        z.extractall(target)
    return target / release.archive_name(made.version)


def test_the_snippet_has_pandas_polars_and_duckdb_examples():
    code = blocks("python")
    assert len(code) == 2
    assert "import pandas" in code[0] and "import polars" in code[1]
    assert len(blocks("sql")) == 1
    assert "cd unga-resolutions-<version>" in SNIPPET


def test_pandas_example(release_folder, small_package, monkeypatch):  # noqa: F811
    monkeypatch.chdir(release_folder)
    scope: dict = {}
    exec(blocks("python")[0], scope)
    clauses = tables.read_table(small_package, "clauses")
    refs = tables.read_table(small_package, "footnote_refs")
    assert len(scope["resolutions"]) == tables.read_table(small_package, "resolutions").num_rows
    assert len(scope["clauses"]) == clauses.num_rows
    sections = clauses.column("section").to_pylist()
    assert len(scope["operative"]) == sections.count("operative")
    assert len(scope["cited"]) == refs.num_rows  # every marker finds its footnote
    assert int(scope["phrases"].sum()) == sum(
        1 for s, p in zip(sections, clauses.column("leading_phrase").to_pylist())
        if s == "operative" and p is not None)


def test_polars_example(release_folder, small_package, monkeypatch):  # noqa: F811
    monkeypatch.chdir(release_folder)
    scope: dict = {}
    exec(blocks("python")[1], scope)
    clauses = tables.read_table(small_package, "clauses")
    assert scope["clauses"].height == clauses.num_rows
    assert scope["votes"].height == tables.read_table(small_package, "votes").num_rows
    citations = tables.read_table(small_package, "citations")
    assert scope["citations"].height == citations.num_rows
    assert scope["ga_cited"].height == citations.column("target_type").to_pylist().count(
        "ga_resolution")
    pairs = {(s, lang) for s, lang in zip(clauses.column("symbol").to_pylist(),
                                          clauses.column("language").to_pylist())}
    assert scope["per_resolution"].height == len(pairs)
    assert scope["per_resolution"]["len"].sum() == clauses.num_rows


def test_duckdb_examples(release_folder, small_package, monkeypatch):  # noqa: F811
    monkeypatch.chdir(release_folder)
    statements = [s.strip() for s in blocks("sql")[0].split(";") if s.strip()]
    assert len(statements) == 3
    con = duckdb.connect()
    operative, side_by_side, votes = (con.sql(s).fetchall() for s in statements)
    clauses = tables.read_table(small_package, "clauses")
    assert len(operative) == clauses.column("section").to_pylist().count("operative")
    dates = [r[2] for r in operative]
    assert dates == sorted(dates, key=lambda d: (d is None, d))
    ids = {(s, c) for s, c in zip(clauses.column("symbol").to_pylist(),
                                  clauses.column("clause_id").to_pylist())}
    assert len(side_by_side) == len(ids)
    assert len(votes) == tables.read_table(small_package, "votes").num_rows
