"""The command line: build, validate and parse, with their exit codes."""

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from etl.cli import main
from buildkit import small_sources

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "sources" / "zh" / "004_2722c96f82a55e64.txt"


def test_parse_json_lines():
    result = CliRunner().invoke(main, ["parse", str(SEED), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    tables = {r["table"] for r in rows}
    assert tables == {"resolutions", "clauses", "footnotes", "footnote_refs", "citations"}
    # a text has no votes, sponsors or subjects
    resolution = next(r for r in rows if r["table"] == "resolutions")
    assert resolution["symbol"] == "A/RES/71/49" and resolution["adoption_date"] == "2016-12-05"
    assert sum(r["table"] == "clauses" for r in rows) == 50


def test_parse_readable():
    result = CliRunner().invoke(main, ["parse", str(SEED)])
    assert result.exit_code == 0
    assert "== clauses (50 rows)" in result.stdout and "clause_id=op30" in result.stdout


def test_parse_rejects_non_resolution(tmp_path):
    bad = tmp_path / "note.txt"
    bad.write_text("这是一份普通的中文文件，不是决议。\n" * 3, encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(bad)])
    assert result.exit_code == 2
    assert str(bad) in result.stderr and "title line" in result.stderr
    assert "Traceback" not in result.output


def test_build_keeps_good_files_when_one_is_bad(tmp_path):
    sources = small_sources(tmp_path / "sources")
    (sources / "zh" / "broken.txt").write_bytes(b"\x00\x01binary")
    out = tmp_path / "output"
    result = CliRunner().invoke(main, ["build", "--sources", str(sources), "--output", str(out)])
    assert result.exit_code == 0  # written; the rejection is reported, not a failure
    assert "broken.txt" in result.stderr and "binary" in result.stderr
    report = json.loads((out / "build_report.json").read_text(encoding="utf-8"))
    statuses = {i["file"].rsplit("/", 2)[-2] + "/" + i["file"].rsplit("/", 1)[-1]: i["status"]
                for i in report["inputs"]}
    assert statuses["zh/broken.txt"] == "rejected"
    assert sum(s == "ok" for s in statuses.values()) == 4
    assert report["tables"]["resolutions"] == 4


def test_strict_build_writes_nothing(tmp_path):
    sources = small_sources(tmp_path / "sources")
    (sources / "zh" / "empty.txt").write_bytes(b"")
    out = tmp_path / "output"
    result = CliRunner().invoke(main, ["build", "--strict", "--sources", str(sources),
                                       "--output", str(out)])
    assert result.exit_code == 2
    assert "empty.txt" in result.stderr and "left unchanged" in result.stderr
    assert not out.exists()


def test_module_entry_point_and_validate(tmp_path):
    sources = small_sources(tmp_path / "sources")
    out = tmp_path / "output"
    built = subprocess.run([sys.executable, "-m", "etl", "build", "--sources", str(sources),
                            "--output", str(out), "--no-cache"], cwd=ROOT, capture_output=True,
                           text=True)
    assert built.returncode == 0, built.stderr
    done = subprocess.run([sys.executable, "-m", "etl", "validate", str(out / "datapackage.json")],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    # 10 session tables: 10 CSV resources, 10 x 4 Parquet parts; member_states: 1 CSV, 1 Parquet
    assert "valid (52 resources)" in done.stdout
    # One session part: its CSV rows and its Parquet files, nothing of the others.
    part = subprocess.run([sys.executable, "-m", "etl", "validate", "--part", "068",
                           str(out / "datapackage.json")], cwd=ROOT, capture_output=True, text=True)
    assert part.returncode == 0, part.stderr
    # 10 CSV + 10 Parquet, and member_states (CSV and Parquet), which votes refers to
    assert "session part 068): valid (22 resources)" in part.stdout
    unknown = subprocess.run([sys.executable, "-m", "etl", "validate", "--part", "099",
                              str(out / "datapackage.json")], cwd=ROOT, capture_output=True,
                             text=True)
    assert unknown.returncode == 2 and "no session part 099" in unknown.stderr
    # A CSV row that breaks the schema makes the part invalid.
    csv_part = out / "csv" / "footnotes" / "068.csv"
    csv_part.write_text(csv_part.read_text(encoding="utf-8").replace('"A/RES/68/47","zh",',
                                                                     '"A/RES/68/47","xx",', 1),
                        encoding="utf-8")
    broken = subprocess.run([sys.executable, "-m", "etl", "validate", "--part", "068",
                             str(out / "datapackage.json")], cwd=ROOT, capture_output=True,
                            text=True)
    assert broken.returncode == 1 and "INVALID" in broken.stderr
