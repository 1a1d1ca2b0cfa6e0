"""The README's loading examples run as written against the committed output."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_pandas_example(monkeypatch):
    monkeypatch.chdir(ROOT)
    (code,) = _blocks("python")
    scope: dict = {}
    exec(code, scope)
    assert len(scope["clauses"]) == 182
    assert len(scope["cited"]) == 53
    assert set(scope["cited"]["text"]) <= set(scope["notes"]["text"])


def test_duckdb_example(monkeypatch):
    import duckdb
    monkeypatch.chdir(ROOT)
    (sql,) = _blocks("sql")
    first, second = [q.strip() for q in sql.split(";") if q.strip()]
    con = duckdb.connect()
    operative = con.sql(first).fetchall()
    assert len(operative) == 24 + 19 + 13 + 30 + 14  # operative clauses, with 59/76's sub-clauses
    assert operative[0][0] == "A/RES/59/76"           # adopted first (2004)
    resolutions = con.sql(second).fetchall()
    assert ("A/RES/68/47", "A/RES/49/75E", "ga_resolution") in {r[:3] for r in resolutions}
