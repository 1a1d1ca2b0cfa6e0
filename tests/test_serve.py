"""Datasette on the database: a real server on a free local port, its pages and JSON API."""

import json
import socket
import sqlite3
import subprocess
import time
import urllib.parse
import urllib.request

import pytest

from etl import schema
from etl.publish import serve, sqlite
from test_publish_package import small_package  # noqa: F401  (fixture)

START_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(small_package, tmp_path_factory):  # noqa: F811
    """(base URL, database path) of a Datasette serving the small package."""
    db = sqlite.write_database(small_package, tmp_path_factory.mktemp("served") / "unga.db").path
    port = free_port()
    process = serve.start(db, "127.0.0.1", port, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("Datasette did not start: "
                                   + process.stderr.read().decode()[-2000:])
            time.sleep(0.2)
    yield f"{base}/{serve.database_name(db)}", db
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return response.read().decode("utf-8")


def get_json(url: str, **params):
    query = urllib.parse.urlencode({**params, "_shape": "array"})
    return json.loads(get(f"{url}.json?{query}"))


def rows(db, sql, *args):
    with sqlite3.connect(db) as con:
        return con.execute(sql, args).fetchall()


def test_the_database_page_lists_every_table_and_query(server):
    base, _ = server
    page = get(base)
    for table in schema.TABLES:
        assert f'href="/{base.rsplit("/", 1)[1]}/{table}"' in page, table
    for name, query in serve.QUERIES.items():
        assert query["title"] in page, name


def test_table_pages_carry_schema_descriptions_and_licence(server):
    base, _ = server
    page = get(f"{base}/clauses")
    assert schema.load("clauses")["description"] in page
    assert "Creative Commons Attribution 4.0" in page
    assert "creativecommons.org/licenses/by/4.0" in page
    metadata = json.loads(get(base.rsplit("/", 1)[0] + "/-/metadata.json"))
    assert metadata["source"].startswith("United Nations")
    columns = metadata["databases"][base.rsplit("/", 1)[1]]["tables"]["votes"]["columns"]
    assert columns["country_code"] == next(f["description"] for f in schema.load("votes")["fields"]
                                           if f["name"] == "country_code")


def test_json_api_returns_the_rows(server):
    base, db = server
    symbol, language = rows(db, "SELECT symbol, language FROM resolutions ORDER BY symbol")[0]
    got = get_json(f"{base}/clauses", symbol=symbol, language=language, _size="max",
                   _sort="ordinal")
    expected = rows(db, "SELECT clause_id FROM clauses WHERE symbol = ? AND language = ? "
                        "ORDER BY ordinal", symbol, language)
    assert [r["clause_id"] for r in got] == [r[0] for r in expected]


def test_resolution_query_gives_the_paragraphs_in_order(server):
    base, db = server
    symbol, language = rows(db, "SELECT symbol, language FROM resolutions WHERE language = 'zh' "
                                "ORDER BY symbol")[0]
    got = get_json(f"{base}/resolution", symbol=symbol.lower(), language=language)
    expected = rows(db, "SELECT clause_id, text FROM clauses WHERE symbol = ? AND language = ? "
                        "ORDER BY ordinal", symbol, language)
    assert [(r["clause_id"], r["text"]) for r in got] == expected
    assert [r["ordinal"] for r in got] == sorted(r["ordinal"] for r in got)


def test_six_languages_side_by_side(server):
    base, db = server
    (symbol,) = rows(db, "SELECT symbol FROM symbols ORDER BY length(languages) DESC, symbol")[0]
    got = get_json(f"{base}/six_languages", symbol=symbol)
    assert {r["clause_id"] for r in got} == {r[0] for r in rows(
        db, "SELECT clause_id FROM clauses WHERE symbol = ?", symbol)}
    for language, clause_id, text in rows(db, "SELECT language, clause_id, text FROM clauses "
                                              "WHERE symbol = ? AND language != 'de'", symbol):
        assert next(r for r in got if r["clause_id"] == clause_id)[language] == text


def test_paragraphs_opening_with_a_phrase(server):
    base, db = server
    (phrase,) = rows(db, "SELECT leading_phrase FROM clauses WHERE leading_phrase IS NOT NULL "
                         "GROUP BY leading_phrase ORDER BY count(*) DESC, leading_phrase")[0]
    got = get_json(f"{base}/opening_with", phrase=phrase)
    expected = rows(db, "SELECT symbol, language, clause_id FROM clauses WHERE kind = "
                        "'paragraph' AND (leading_phrase = ? OR substr(text, 1, length(?)) = ?)",
                    phrase, phrase, phrase)
    assert expected
    assert sorted((r["symbol"], r["language"], r["clause_id"]) for r in got) == sorted(expected)


def test_search_in_chinese_finds_the_paragraph(server):
    base, db = server
    symbol, clause_id, text = rows(db, "SELECT symbol, clause_id, text FROM clauses WHERE "
                                       "language = 'zh' AND length(text) > 30 ORDER BY rowid")[3]
    for needle in (text[5:9], text[5:7]):  # the trigram index, then the short-query fallback
        got = get_json(f"{base}/search", q=needle)
        assert (symbol, clause_id) in {(r["symbol"], r["at"]) for r in got}, needle
        assert all(needle in r["text"] for r in got)


def test_votes_on_resolutions_citing_a_document(server):
    base, db = server
    cited = rows(db, "SELECT c.target, count(DISTINCT v.symbol) FROM citations c JOIN votes v "
                     "ON v.symbol = c.symbol GROUP BY c.target ORDER BY 2 DESC, 1")
    target = cited[0][0] if cited else rows(db, "SELECT target FROM citations LIMIT 1")[0][0]
    got = get_json(f"{base}/votes_citing", document=target)
    expected = rows(db, "SELECT member_state, vote FROM votes WHERE symbol IN "
                        "(SELECT symbol FROM citations WHERE target = ?)", target)
    assert sum(r["yes"] + r["no"] + r["abstain"] + r["non_voting"] for r in got) == len(expected)
    assert {r["member_state"] for r in got} == {m for m, _ in expected}


def test_the_serve_command_writes_the_database_and_serves_it(small_package, tmp_path):  # noqa: F811
    import sys
    db = tmp_path / "served.db"
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "etl", "serve", "--package", str(small_package), "--db", str(db),
         "--port", str(port)], cwd=schema.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                tables_json = json.loads(get(f"http://127.0.0.1:{port}/served.json"))
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.2)
        names = {t["name"] for t in tables_json["tables"]}
        assert set(schema.TABLES) | {"symbols"} <= names
        assert db.is_file()
    finally:
        process.terminate()
        process.wait(timeout=10)  # Datasette itself got the signal: it stops
