"""The audit of a built package (etl.audit): on a real build of one resolution
in six languages, each invariant holds; a defect put into the package breaks
exactly its invariant, at the row where it was put; a known exception covers
it; the command fails on a new broken row and passes on known ones."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from etl.audit import INVARIANTS, audit_package, load_exceptions
from etl.build import build
from etl.cli import main

ROOT = Path(__file__).resolve().parent.parent
# A/RES/ES-11/4 (a recorded vote, 143-5-35) and A/RES/80/173 (headings, footnotes, an
# adopted outcome document) in the six official languages.
FOLDERS = ("Arabic", "Chinese", "English", "French", "Russian", "Spanish")


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("audit")
    sources = base / "sources" / "akn"
    sources.mkdir(parents=True)
    with zipfile.ZipFile(ROOT / "sources" / "akn" / "emergency-sessions.zip") as zf:
        for folder in FOLDERS:
            member = f"ES-11/{folder}/A_RES_ES-11_4_2223239{folder[0]}.xml"
            (sources / Path(member).name).write_bytes(zf.read(member))
    for folder in FOLDERS:
        with zipfile.ZipFile(ROOT / "sources" / "akn" / f"80session-{folder}.zip") as zf:
            member = f"{folder}/A_RES_80_173-2520874{folder[0]}.xml"
            (sources / Path(member).name).write_bytes(zf.read(member))
    out = base / "output"
    result = build(base / "sources", out, jobs=1, quiet=True)
    assert result.written and not result.rejected
    return out


def copy_of(package: Path, tmp_path: Path) -> Path:
    target = tmp_path / "package"
    shutil.copytree(package / "parquet", target / "parquet")
    return target


def edit(folder: Path, table: str, change) -> None:
    """Rewrite the table's Parquet parts with `change(rows)` applied to all their rows."""
    from etl.package import partition_of
    parts = sorted((folder / "parquet" / table).glob("*.parquet"))
    data = [pq.read_table(p) for p in parts]
    rows = [r for d in data for r in d.to_pylist()]
    change(rows)
    for part, d in zip(parts, data):
        mine = [r for r in rows if partition_of(r["symbol"]) == part.stem]
        pq.write_table(pa.Table.from_pylist(mine, schema=d.schema), part)


def results(folder: Path, exceptions=()) -> dict:
    audit = audit_package(folder, list(exceptions))
    return {r.name: r for r in audit.results}, audit


def test_the_build_runs_the_audit_and_reports_it(package):
    report = json.loads((package / "build_report.json").read_text(encoding="utf-8"))
    section = report["corpus"]["audit"]
    assert set(section["invariants"]) == {i.name for i in INVARIANTS}
    assert section["invariants"]["vote_counts"]["checked"] == 1
    assert section["ok"]


def test_every_invariant_holds_on_a_real_resolution(package):
    found, audit = results(package)
    assert audit.ok and not audit.stale
    assert all(r.checked > 0 for r in found.values()), {r.name: r.checked for r in found.values()}
    assert found["same_ids_across_languages"].checked == 2


def first(rows, symbol="A/RES/ES-11/4", **where):
    return next(r for r in rows if r["symbol"] == symbol
                and all(r[k] == v for k, v in where.items()))


def test_each_defect_breaks_its_invariant(package, tmp_path):
    folder = copy_of(package, tmp_path)

    def clauses(rows):
        # A heading cut after its first letter; a lower-case paragraph; a leading
        # phrase not in its text; a row read twice; a paragraph id only in French.
        first(rows, language="en", clause_id="op1").update(text="ondemns the organization ...",
                                                          leading_phrase=None)
        first(rows, language="fr", clause_id="pp1")["leading_phrase"] = "Rappelant encore"
        twice = dict(first(rows, language="es", clause_id="op2"))
        twice.update(clause_id="op99", ordinal=999, clause_key=twice["clause_key"] + "9")
        rows.append(twice)
        heading = dict(first(rows, language="ru", clause_id="pp1"))
        heading.update(clause_id="h9", kind="heading", text="ntroduction", ordinal=998,
                       clause_key=heading["clause_key"][:-3] + "h9", leading_phrase=None,
                       line_start=1, line_end=1)
        rows.append(heading)

    def refs(rows):
        rows[0]["offset"] = 100000

    def votes(rows):
        rows[0]["vote"] = "no" if rows[0]["vote"] != "no" else "yes"
        rows[1]["country_code"] = "ZZZ"
    edit(folder, "clauses", clauses)
    edit(folder, "footnote_refs", refs)
    edit(folder, "votes", votes)
    found, audit = results(folder)
    assert not audit.ok
    broken = {name: [(f.get("symbol"), f.get("language"), f.get("clause_id")) for f in r.new]
              for name, r in found.items() if r.new}
    symbol = "A/RES/ES-11/4"
    assert broken["heading_lowercase"] == [(symbol, "ru", "h9")]
    assert broken["paragraph_lowercase"] == [(symbol, "en", "op1")]
    assert broken["leading_phrase_in_text"] == [(symbol, "fr", "pp1")]
    assert broken["repeated_text"] == [(symbol, "es", "op2")]
    assert broken["same_ids_across_languages"] == [(symbol, "es", None)]
    assert len(broken["marker_in_text"]) == 1
    assert broken["vote_counts"] == [(symbol, None, None)]
    assert len(broken["member_state_code"]) == 1
    assert "citation_in_text" not in broken


def test_known_exceptions_cover_their_rows_and_stale_ones_are_listed(package, tmp_path):
    folder = copy_of(package, tmp_path)
    edit(folder, "clauses", lambda rows: first(rows, language="en", clause_id="op1").update(
        text="ondemns ...", leading_phrase=None))
    exceptions = [
        {"invariant": "paragraph_lowercase", "symbol": "A/RES/ES-11/4", "language": "en",
         "reason": "a test"},
        {"invariant": "vote_counts", "symbol": "A/RES/ES-11/9", "reason": "matches nothing"},
    ]
    found, audit = results(folder, exceptions)
    assert audit.ok
    (known,) = found["paragraph_lowercase"].known
    assert known["clause_id"] == "op1" and known["reason"] == "a test"
    assert audit.stale == [exceptions[1]]


def test_the_command_fails_on_a_new_broken_row(package, tmp_path):
    folder = copy_of(package, tmp_path)
    empty = tmp_path / "none.json"
    empty.write_text('{"exceptions": []}', encoding="utf-8")
    runner = CliRunner()
    ok = runner.invoke(main, ["audit", str(folder), "--exceptions", str(empty)])
    assert ok.exit_code == 0, ok.output
    assert "audit: passed" in ok.output
    edit(folder, "footnote_refs", lambda rows: rows[0].update(offset=-1))
    failed = runner.invoke(main, ["audit", str(folder), "--exceptions", str(empty)])
    assert failed.exit_code == 1
    assert "marker_in_text: 1 new" in failed.output


def test_an_exception_without_a_reason_is_refused(tmp_path):
    path = tmp_path / "exceptions.json"
    path.write_text(json.dumps({"exceptions": [{"invariant": "vote_counts",
                                                "symbol": "A/RES/77/293"}]}), encoding="utf-8")
    with pytest.raises(ValueError, match="reason"):
        load_exceptions(path)


def test_the_committed_exceptions_all_have_reasons():
    entries = load_exceptions()
    names = {i.name for i in INVARIANTS}
    assert entries and all(e["invariant"] in names and len(e["reason"]) > 20 for e in entries)
