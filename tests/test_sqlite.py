"""The SQLite database: every table with its keys, foreign keys, indexes and full-text search."""

import sqlite3

import pytest

from etl import schema
from etl.publish import sqlite, tables
from test_publish_package import small_package  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def db(small_package, tmp_path_factory):  # noqa: F811
    return sqlite.write_database(small_package, tmp_path_factory.mktemp("db") / "unga.db")


@pytest.fixture()
def con(db):
    connection = sqlite3.connect(db.path)
    yield connection
    connection.close()


def test_every_table_has_all_rows(small_package, db, con):  # noqa: F811
    for table in schema.TABLES:
        expected = tables.read_table(small_package, table).num_rows
        assert con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == expected, table
        assert db.rows[table] == expected
    symbols = set(tables.read_table(small_package, "resolutions").column("symbol").to_pylist())
    assert {r[0] for r in con.execute('SELECT symbol FROM "symbols"')} == symbols


def test_values_survive_with_their_types(small_package, con):  # noqa: F811
    source = {(r["symbol"], r["language"]): r
              for r in tables.read_table(small_package, "resolutions").to_pylist()}
    con.row_factory = sqlite3.Row
    for row in con.execute("SELECT * FROM resolutions"):
        original = source[(row["symbol"], row["language"])]
        assert row["title"] == original["title"]
        assert row["operative_count"] == original["operative_count"]
        date = original["adoption_date"]
        assert row["adoption_date"] == (date.isoformat() if date else None)


def test_primary_and_foreign_keys_are_declared_and_hold(con):
    for table in schema.TABLES:
        pk = [r[1] for r in sorted(con.execute(f'PRAGMA table_info("{table}")'), key=lambda r: r[5])
              if r[5]]
        assert pk == schema.load(table)["primaryKey"], table
    targets = {(r[2], r[3], r[4]) for r in con.execute('PRAGMA foreign_key_list("clauses")')}
    assert ("resolutions", "symbol", "symbol") in targets
    assert ("clauses", "parent_key", "clause_key") in targets
    assert {r[2] for r in con.execute('PRAGMA foreign_key_list("votes")')} == {"symbols", "member_states"}
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    with pytest.raises(sqlite3.IntegrityError):
        row = con.execute("SELECT * FROM clauses LIMIT 1").fetchone()
        con.execute(f"INSERT INTO clauses VALUES ({', '.join('?' * len(row))})", row)


def test_a_dangling_row_is_found(con):
    con.execute("PRAGMA foreign_keys = OFF")
    (symbol, language) = con.execute("SELECT symbol, language FROM resolutions LIMIT 1").fetchone()
    con.execute("DELETE FROM resolutions WHERE symbol = ? AND language = ?", (symbol, language))
    with pytest.raises(sqlite.ForeignKeyError, match="rows point at nothing"):
        sqlite.check_foreign_keys(con)
    con.rollback()


def test_keys_and_lookups_are_indexed(con):
    indexed = set()
    for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for index in con.execute(f'PRAGMA index_list("{table}")'):
            columns = tuple(r[2] for r in con.execute(f'PRAGMA index_info("{index[1]}")'))
            indexed.add((table, columns))
    for table in schema.TABLES:
        for fields, _, _ in sqlite.foreign_keys(table):
            assert (table, fields) in indexed or any(
                t == table and c[:len(fields)] == fields for t, c in indexed), (table, fields)
    assert ("clauses", ("clause_key",)) in indexed
    assert ("citations", ("target",)) in indexed
    plan = " ".join(str(r) for r in con.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM citations WHERE target = 'A/RES/49/75E'"))
    assert "USING INDEX" in plan


def _sample(con, languages):
    marks = ", ".join("?" * len(languages))
    return con.execute(f"SELECT rowid, language, text FROM clauses WHERE language IN ({marks}) "
                       f"AND length(text) > 40 ORDER BY symbol, ordinal LIMIT 1", languages).fetchone()


def test_chinese_search_finds_the_paragraph_by_any_substring(con):
    rowid, _, text = _sample(con, ("zh",))
    needle = text[10:14]
    found = {r[0] for r in con.execute(
        "SELECT rowid FROM clauses_fts_trigram WHERE clauses_fts_trigram MATCH ?",
        (f'"{needle}"',))}
    assert rowid in found
    texts = [r[0] for r in con.execute(
        f"SELECT text FROM clauses WHERE rowid IN ({', '.join(map(str, found))})")]
    assert texts and all(needle in t for t in texts)
    # The word index does not hold Chinese rows: it could not split them into words.
    assert con.execute("SELECT count(*) FROM clauses_fts WHERE clauses_fts MATCH ?",
                       (f'"{needle}"',)).fetchone()[0] == 0


def test_footnotes_are_searchable(con):
    rowid, text = con.execute("SELECT rowid, text FROM footnotes WHERE language = 'zh' "
                              "AND length(text) > 8 LIMIT 1").fetchone()
    needle = text[2:6]
    found = {r[0] for r in con.execute(
        "SELECT rowid FROM footnotes_fts_trigram WHERE footnotes_fts_trigram MATCH ?",
        (f'"{needle}"',))}
    assert rowid in found


def test_word_search_in_languages_with_spaces(con):
    sample = _sample(con, ("en", "fr", "es", "ru", "de"))
    if sample is None:
        rows = con.execute("SELECT count(*) FROM clauses WHERE language NOT IN ('zh', 'ar')")
        assert rows.fetchone()[0] == 0
        return
    rowid, language, text = sample
    word = max(text.split(), key=len).strip(",.;:()\"'")
    found = {r[0] for r in con.execute("SELECT rowid FROM clauses_fts WHERE clauses_fts MATCH ?",
                                       (f'"{word}"',))}
    assert rowid in found


def test_rewriting_replaces_the_database_whole(small_package, tmp_path):  # noqa: F811
    path = tmp_path / "unga.db"
    path.write_bytes(b"not a database")
    made = sqlite.write_database(small_package, path)
    with sqlite3.connect(made.path) as fresh:
        assert fresh.execute("SELECT count(*) FROM resolutions").fetchone()[0] > 0
    assert [p.name for p in tmp_path.iterdir()] == ["unga.db"]
