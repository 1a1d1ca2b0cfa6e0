"""Lineage on real series, built by the real build from the corpus's XML, in
English and Chinese, against what a reader finds comparing the texts:

- nuclear disarmament, A/RES/78/53 -> 79/50: a new preambular paragraph on
  action 25 of the Pact for the Future, the next ones renumbered, dates and
  sessions edited;
- the embargo against Cuba, A/RES/75/289 -> 77/7 (no resolution in the 76th
  session) -> 78/7 -> 79/7: the same text, the numbers of the resolutions
  and sessions edited;
- oceans and the law of the sea, A/RES/77/248 -> 78/69 -> 79/144 (79/144
  has no Chinese version in the corpus).
"""

import re
import subprocess
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from etl import schema
from etl.build import build
from etl.check import check_directory
from etl.cli import main
from etl.lineage import checks, show
from etl.publish import serve, sqlite, tables

ROOT = schema.ROOT
SERIES = {"75": ["289"], "77": ["7", "248"], "78": ["7", "53", "69"], "79": ["7", "50", "144"]}


@pytest.fixture(scope="module")
def golden(tmp_path_factory) -> Path:
    sources = tmp_path_factory.mktemp("sources")
    for session, numbers in SERIES.items():
        wanted = re.compile(rf"(?:A_RES_)?{session}_(?:{'|'.join(numbers)})(?:[-_][^/]*)?\.xml$")
        for language in ("English", "Chinese"):
            with zipfile.ZipFile(ROOT / "sources" / "akn" / f"{session}session-{language}.zip") as z:
                for member in z.namelist():
                    if wanted.match(Path(member).name):
                        (sources / Path(member).name).write_bytes(z.read(member))
    out = tmp_path_factory.mktemp("built") / "output"
    result = build(sources, out, jobs=1)
    assert result.written, result.failure
    return out


def links(output):
    return {r["symbol"]: r for r in tables.read_table(output, "lineage").to_pylist()}


def rows(output, symbol, language):
    found = [r for r in tables.read_table(output, "clause_lineage").to_pylist()
             if r["symbol"] == symbol and r["language"] == language]
    return sorted(found, key=lambda r: r["position"])


def texts(output, symbol, language):
    return {r["clause_id"]: r["text"] for r in tables.read_table(output, "clauses").to_pylist()
            if r["symbol"] == symbol and r["language"] == language}


def test_each_resolution_is_linked_to_the_one_it_renews(golden):
    found = {s: (r["predecessor"], r["basis"]) for s, r in links(golden).items()}
    assert found == {
        "A/RES/79/50": ("A/RES/78/53", "title"),
        "A/RES/77/7": ("A/RES/75/289", "title"),    # two sessions back
        "A/RES/78/7": ("A/RES/77/7", "title"),
        "A/RES/79/7": ("A/RES/78/7", "title"),
        "A/RES/78/69": ("A/RES/77/248", "title"),
        "A/RES/79/144": ("A/RES/78/69", "title"),
    }
    lineage = links(golden)
    assert all(r["cites_predecessor"] and r["same_title"] and r["languages_agree"]
               for r in lineage.values())
    assert {s: r["languages_aligned"] for s, r in lineage.items()} == {
        "A/RES/79/50": 2, "A/RES/77/7": 2, "A/RES/78/7": 2, "A/RES/79/7": 2,
        "A/RES/78/69": 2, "A/RES/79/144": 1}
    # Every clause of 78/53 and of the embargo resolutions is carried over.
    assert lineage["A/RES/79/50"]["similarity"] == 1.0
    assert lineage["A/RES/79/7"]["similarity"] == 1.0


@pytest.mark.parametrize("language,new_paragraph,report", [
    ("en", "Recalling also action 25 of the Pact for the Future",
     "Requests the Secretary-General to submit to the General Assembly at its "
     "[-seventy-ninth-]{+eightieth+} session a report on the implementation of the present "
     "resolution;"),
    ("zh", "又回顾《未来契约》行动25",
     "请秘书长向大会第[-七-]{+八+}十[-九-]届会议提交一份关于本决议执行情况的报告；"),
])
def test_nuclear_disarmament_79_50(golden, language, new_paragraph, report):
    found = rows(golden, "A/RES/79/50", language)
    changes = {r["change"] for r in found}
    assert [r["change"] for r in found].count("unchanged") == 49
    assert [r["change"] for r in found].count("edited") == 8
    assert changes == {"unchanged", "edited", "new"}
    new = [r for r in found if r["change"] == "new"]
    assert [r["clause_id"] for r in new] == ["pp26"]
    assert texts(golden, "A/RES/79/50", language)["pp26"].startswith(new_paragraph)
    # The paragraphs after it are renumbered, not changed: pp27 was pp26.
    by_id = {r["clause_id"]: r for r in found}
    assert by_id["pp27"]["predecessor_clause_id"] == "pp26"
    assert by_id["pp2"]["change"] == "unchanged" and by_id["pp2"]["similarity"] == 1.0
    comparison = show.compare(golden, "A/RES/79/50", language=language)
    op22 = next(r for r in comparison.rows if r.clause_id == "op22")
    assert op22.change == "edited"
    assert show.textdiff.markup(list(op22.segments)) == report


@pytest.mark.parametrize("language,op1", [
    ("en", "Takes note of the report of the Secretary-General on the implementation of "
           "resolution [-77-]{+78+}/7;"),
    ("zh", "表示注意到秘书长关于第[-77-]{+78+}/7号决议执行情况的报告；"),
])
def test_embargo_against_cuba_79_7(golden, language, op1):
    found = rows(golden, "A/RES/79/7", language)
    assert [(r["clause_id"], r["change"]) for r in found if r["change"] != "unchanged"] == [
        ("pp6", "edited"), ("pp8", "edited"), ("op1", "edited"), ("op4", "edited"),
        ("op5", "edited")]
    assert len(found) == 13 and all(r["clause_id"] == r["predecessor_clause_id"] for r in found)
    comparison = show.compare(golden, "79/7", language=language)
    assert show.textdiff.markup(list(comparison.rows[8].segments)) == op1


def test_embargo_two_sessions_back_77_7(golden):
    comparison = show.compare(golden, "A/RES/77/7", language="en")
    assert comparison.other == "A/RES/75/289"
    op1 = next(r for r in comparison.rows if r.clause_id == "op1")
    assert show.textdiff.markup(list(op1.segments)) == (
        "Takes note of the report of the Secretary-General on the implementation of "
        "resolution [-74-]{+75+}/[-7-]{+289+};")


def test_oceans_and_the_law_of_the_sea(golden):
    old = set(texts(golden, "A/RES/78/69", "en").values())
    found = rows(golden, "A/RES/79/144", "en")
    new = {r["clause_id"]: r for r in found}
    workshops = next(cid for cid, text in texts(golden, "A/RES/79/144", "en").items()
                     if text.startswith("Notes the convening of the regional workshops on "
                                        "promoting a better understanding"))
    assert new[workshops]["change"] == "new" and new[workshops]["predecessor_clause_id"] is None
    # A clause whose text occurs once in each is aligned to its twin, identical; the
    # others are not "unchanged". (The English XML of 79/144 splits the heading
    # "Implementation of ..." into "I" and "mplementation ...": one "I" too many.)
    current = texts(golden, "A/RES/79/144", "en")
    before = list(texts(golden, "A/RES/78/69", "en").values())
    after = list(current.values())
    twins = 0
    for r in found:
        text = current.get(r["clause_id"])
        if text is not None and before.count(text) == 1 and after.count(text) == 1:
            twins += 1
            assert r["change"] in ("unchanged", "moved") and r["similarity"] == 1.0, r
        elif r["change"] == "unchanged":
            assert text in old
    assert twins > 250
    assert not rows(golden, "A/RES/79/144", "zh")
    zh = rows(golden, "A/RES/78/69", "zh")
    assert {r["change"] for r in zh} == {"unchanged", "edited", "moved", "new", "removed"}
    removed = [r for r in zh if r["change"] == "removed"]
    assert all(r["clause_id"] is None and r["clause_key"] is None
               and r["predecessor_clause_key"].startswith("A/RES/77/248#zh#") for r in removed)


def test_the_acceptance_checks_hold(golden):
    t = {name: tables.read_table(golden, name) for name in
         ("resolutions", "clauses", "citations", "lineage", "clause_lineage")}
    result = checks.acceptance(t["resolutions"], t["clauses"], t["citations"], t["lineage"],
                               t["clause_lineage"])
    renewals = result["renewals"]
    assert renewals["renewals"] == renewals["renewals_linked"] == 5  # 77/7 renews 75/289: 2 back
    assert renewals["links_without_shared_title_agenda_or_citation"] == []
    assert renewals["links_to_a_resolution_not_earlier"] == []
    unchanged = result["unchanged"]
    assert unchanged["unchanged_pairs"] == unchanged["unchanged_pairs_identical"] > 0
    assert unchanged["once_in_each_aligned_to_it_share"] >= 0.99
    # Identical clauses out of order are "moved": the oceans resolutions reorder sections.
    assert unchanged["once_in_each_as_unchanged_share"] >= 0.95
    assert result["languages"]["share"] == 1.0


def test_the_package_validates_with_the_lineage_tables(golden):
    assert check_directory(golden) == []
    report = tables.read_report(golden)
    assert report["tables"]["lineage"] == 6
    assert report["corpus"]["lineage"]["links"] == 6


def test_the_readme_query_lists_the_paragraphs_added(golden, monkeypatch):
    import duckdb
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    query = next(b for b in re.findall(r"```sql\n(.*?)```", readme, flags=re.S)
                 if "clause_lineage" in b)
    monkeypatch.chdir(golden)
    found = duckdb.sql(query).fetchall()
    assert [(r[0], r[3]) for r in found] == [("A/RES/79/50", "pp26")]
    assert found[0][4].startswith("Recalling also action 25 of the Pact for the Future")


def test_the_diff_command(golden, tmp_path):
    runner = CliRunner()
    done = runner.invoke(main, ["diff", "A/RES/79/50", "--lang", "zh", "--package", str(golden)])
    assert done.exit_code == 0, done.output
    assert "A/RES/79/50 (zh) 核裁军" in done.output and "against A/RES/78/53" in done.output
    assert "* pp26 new" in done.output and "{+又回顾《未来契约》行动25" in done.output
    assert "\x1b[" not in done.output  # no colour when not on a terminal
    page = tmp_path / "79-50.html"
    done = runner.invoke(main, ["diff", "79/50", "--html", "--output", str(page), "--package",
                                str(golden)])
    assert done.exit_code == 0, done.output
    html = page.read_text(encoding="utf-8")
    assert "<del>seventy-ninth</del><ins>eightieth</ins>" in html
    assert html.startswith("<!DOCTYPE html>") and html.count("<tr") == 58
    # Against any other resolution, aligned on the spot.
    done = runner.invoke(main, ["diff", "A/RES/79/7", "A/RES/77/7", "--package", str(golden)])
    assert done.exit_code == 0 and "against A/RES/77/7" in done.output
    assert "[-75/289 -]{+, 77/7 +}and [-77-]{+78+}/7" not in done.output
    assert "* op1 edited" in done.output
    done = runner.invoke(main, ["diff", "A/RES/78/53", "--package", str(golden)])
    assert done.exit_code == 2 and "has no predecessor in the package" in done.output
    done = runner.invoke(main, ["diff", "A/RES/79/144", "--lang", "zh", "--package", str(golden)])
    assert done.exit_code == 2 and "has no version in 'zh'" in done.output


def test_datasette_shows_the_changes_of_a_resolution(golden, tmp_path):
    from test_serve import free_port
    db = sqlite.write_database(golden, tmp_path / "golden.db").path
    port = free_port()
    process = serve.start(db, "127.0.0.1", port, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/{serve.database_name(db)}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(process.stderr.read().decode()[-2000:])
                time.sleep(0.2)
        query = urllib.parse.urlencode({"symbol": "a/res/79/50", "language": "en"})
        with urllib.request.urlopen(f"{base}/changes?{query}", timeout=20) as response:
            page = response.read().decode("utf-8")
        assert "What changed since the predecessor" in page
        assert ">seventy-ninth</del>" in page and ">eightieth</ins>" in page
        with urllib.request.urlopen(f"{base}/changes.json?{query}&_shape=array",
                                    timeout=20) as response:
            import json
            data = json.loads(response.read().decode("utf-8"))
        assert len(data) == 58 and data[25]["change"] == "new"
        assert data[25]["changes"].startswith("{+Recalling also action 25")
        with urllib.request.urlopen(f"{base}/series.json?symbol=A/RES/79/7&_shape=array",
                                    timeout=20) as response:
            chain = json.loads(response.read().decode("utf-8"))
        assert [(r["symbol"], r["predecessor"]) for r in chain] == [
            ("A/RES/79/7", "A/RES/78/7"), ("A/RES/78/7", "A/RES/77/7"),
            ("A/RES/77/7", "A/RES/75/289")]
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
