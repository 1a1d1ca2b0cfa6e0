"""The README's examples are the tested ones, and its two questions give the answers it shows."""

import re
import zipfile
from pathlib import Path

import pytest

from etl.build import build

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
LOADING = (ROOT / "docs" / "loading.md").read_text(encoding="utf-8")


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_loading_examples_are_those_the_release_test_runs():
    # tests/test_publish_loading.py runs every block of docs/loading.md against a release.
    assert _blocks(README, "python") == _blocks(LOADING, "python")
    assert _blocks(README, "sql")[0] == _blocks(LOADING, "sql")[0]


@pytest.fixture(scope="module")
def es11_4(tmp_path_factory):
    """A/RES/ES-11/4 (12 October 2022, a recorded vote) in its six official languages,
    with the session's metadata file."""
    sources = tmp_path_factory.mktemp("sources")
    with zipfile.ZipFile(ROOT / "sources" / "akn" / "emergency-sessions.zip") as zf:
        for name in zf.namelist():
            if "_ES-11_4_" in name and "German" not in name:
                (sources / Path(name).name).write_bytes(zf.read(name))
    (sources / "ES-11.json").write_bytes((ROOT / "sources" / "metadata" / "ES-11.json").read_bytes())
    out = tmp_path_factory.mktemp("built") / "output"
    assert build(sources, out, jobs=1).written
    return out


def test_the_two_questions(es11_4, monkeypatch):
    import duckdb
    monkeypatch.chdir(es11_4)
    first, second = [q.strip() for q in _blocks(README, "sql")[1].split(";") if q.strip()]
    con = duckdb.connect()
    rows = con.sql(first).fetchall()
    assert {(r[0], r[1]) for r in rows} == {("A/RES/ES-11/4", "op2")}
    assert rows[0][2].startswith("Condemns the organization by the Russian Federation")
    assert rows[0][3].startswith("تدين قيام الاتحاد الروسي")
    votes = {r[5]: r[6] for r in rows}
    assert len(rows) == 193 and votes["AFG"] == "yes" and votes["BLR"] == "no" \
        and votes["CHN"] == "abstain" and votes["VEN"] == "non_voting"
    assert sum(v == "yes" for v in votes.values()) == 143  # as printed in the XML
    # 143 + 5 + 35 cast, and the other 10 Members of the day cast none
    assert sum(v == "non_voting" for v in votes.values()) == 10
    import json
    report = json.loads((es11_4 / "build_report.json").read_text(encoding="utf-8"))
    counts = report["corpus"]["vote_counts"]
    assert counts.pop("non_voting") == {
        "recorded_votes": 1, "derived_for": 1, "non_voting_rows": 10, "rows_equal_members": 1,
        "differ": [], "not_derived": [], "names_not_in_member_states": []}
    assert counts == {"recorded_votes": 1, "names_equal_printed_counts": 1, "differ": []}
    (side_by_side,) = con.sql(second).fetchall()
    ar, zh, en, fr, ru, es = side_by_side[2:]
    assert zh.startswith("谴责俄罗斯联邦") and fr.startswith("Condamne") \
        and ru.startswith("осуждает") and es.startswith("Condena") and en == rows[0][2] \
        and ar == rows[0][3]
