"""One SQLite database of the whole package, for search and browsing.

Every table of `schemas/` becomes a table with the schema's column types,
NOT NULL for required columns, its primary key, its foreign keys and an
index on each of them. One table is added: `symbols`, one row per
resolution (whatever its languages), because votes, sponsors and subjects
refer to a resolution by its symbol alone and SQLite only lets a foreign key
point at a primary or unique key (`resolutions` is keyed by symbol and
language).

Full-text search (FTS5) over the clause and footnote texts, two indexes each:

- `<table>_fts`, tokenizer `unicode61 remove_diacritics 2`, for the languages
  written with spaces between words (en, fr, es, ru, de): word matches,
  prefix queries (`disarm*`), accents ignored (réaffirme = reaffirme);
- `<table>_fts_trigram`, tokenizer `trigram`, for Chinese and Arabic.
  Chinese has no spaces between words, so unicode61 would make one "word"
  of everything between two punctuation marks and a search for 核裁军 would
  find nothing; Arabic attaches articles, conjunctions and prepositions to
  the word (والجمعية, بالقرار), so whole-word matching misses most
  occurrences. The trigram index matches any substring of three characters
  or more, which is what a reader of those languages searches for. Shorter
  queries (two-character Chinese words are common) fall back to LIKE in the
  `search` query of the Datasette metadata.

Both are external-content indexes (`content=<table>`): the text is stored
once, in the table, and each index holds only its languages' rows.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from .. import schema
from . import tables

SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER",
             "date": "TEXT"}
TRIGRAM_LANGUAGES = ("zh", "ar")
FTS_TABLES = ("clauses", "footnotes")
# Columns worth an index besides the keys: what the canned queries and the
# Datasette facets filter on.
EXTRA_INDEXES = {
    "resolutions": [("session",), ("adoption_date",), ("adoption_type",)],
    "clauses": [("symbol", "language", "ordinal"), ("leading_phrase",)],
    "citations": [("target",), ("target_type",)],
    "votes": [("country_code",), ("vote",)],
    "sponsors": [("country_code",)],
    "subjects": [("vocabulary", "term")],
}


@dataclass(frozen=True)
class Database:
    path: Path
    rows: dict[str, int]          # table -> rows (symbols included)
    indexed: dict[str, int]       # FTS index -> rows indexed


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def unique_keys(table: str) -> list[tuple[str, ...]]:
    """The keys another table may point at: the primary key and unique columns."""
    s = schema.load(table)
    keys = [tuple(s["primaryKey"])]
    keys += [(f["name"],) for f in s["fields"] if f.get("constraints", {}).get("unique")]
    return keys


def foreign_keys(table: str) -> list[tuple[tuple[str, ...], str, tuple[str, ...]]]:
    """(columns, target table, target columns) for each of the schema's foreign
    keys; a reference to resolutions by symbol alone goes to `symbols`."""
    out = []
    for fk in schema.load(table).get("foreignKeys", []):
        ref = fk["reference"]
        target = ref.get("resource") or table
        fields, target_fields = tuple(fk["fields"]), tuple(ref["fields"])
        if target_fields not in unique_keys(target):
            if (target, target_fields) != ("resolutions", ("symbol",)):
                raise ValueError(f"schemas/{table}.json: foreign key {fields} points at "
                                 f"{target} {target_fields}, which is not a key of {target}")
            target = "symbols"
        out.append((fields, target, target_fields))
    return out


def create_table_sql(table: str) -> str:
    s = schema.load(table)
    lines = []
    for f in s["fields"]:
        required = f.get("constraints", {}).get("required", False)
        lines.append(f"  {quote(f['name'])} {SQL_TYPES[f['type']]}{' NOT NULL' if required else ''}")
    lines.append(f"  PRIMARY KEY ({', '.join(map(quote, s['primaryKey']))})")
    for fields, target, target_fields in foreign_keys(table):
        lines.append(f"  FOREIGN KEY ({', '.join(map(quote, fields))}) REFERENCES "
                     f"{quote(target)} ({', '.join(map(quote, target_fields))})")
    return f"CREATE TABLE {quote(table)} (\n" + ",\n".join(lines) + "\n)"


SYMBOLS_SQL = """CREATE TABLE "symbols" (
  "symbol" TEXT NOT NULL PRIMARY KEY,
  "session" INTEGER NOT NULL,
  "session_type" TEXT NOT NULL,
  "number" TEXT NOT NULL,
  "languages" TEXT NOT NULL
)"""


def index_sql(table: str) -> list[str]:
    """An index on each foreign key, each unique column and the extra columns."""
    wanted: list[tuple[str, ...]] = [fields for fields, _, _ in foreign_keys(table)]
    wanted += [key for key in unique_keys(table)[1:]]
    wanted += EXTRA_INDEXES.get(table, [])
    out, seen = [], set()
    unique = set(unique_keys(table)[1:])
    for columns in wanted:
        if columns in seen or columns == tuple(schema.load(table)["primaryKey"]):
            continue
        seen.add(columns)
        name = f"idx_{table}_{'_'.join(columns)}"
        kind = "UNIQUE INDEX" if columns in unique else "INDEX"
        out.append(f"CREATE {kind} {quote(name)} ON {quote(table)} "
                   f"({', '.join(map(quote, columns))})")
    return out


def fts_sql(table: str) -> list[str]:
    return [
        f"CREATE VIRTUAL TABLE {quote(table + '_fts')} USING fts5(text, content={quote(table)}, "
        f"content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
        f"CREATE VIRTUAL TABLE {quote(table + '_fts_trigram')} USING fts5(text, "
        f"content={quote(table)}, content_rowid='rowid', tokenize='trigram')",
    ]


def sqlite_columns(data: pa.Table, table: str) -> list[list]:
    """The table's columns as Python lists of SQLite values (dates as ISO text)."""
    out = []
    for f in schema.load(table)["fields"]:
        column = data.column(f["name"])
        if f["type"] == "date":
            column = pc.strftime(column, format="%Y-%m-%d")
        out.append(column.to_pylist())
    return out


def insert(con: sqlite3.Connection, table: str, data: pa.Table) -> None:
    names = schema.columns(table)
    sql = (f"INSERT INTO {quote(table)} ({', '.join(map(quote, names))}) "
           f"VALUES ({', '.join('?' * len(names))})")
    batch = 50_000
    for start in range(0, data.num_rows, batch):
        con.executemany(sql, zip(*sqlite_columns(data.slice(start, batch), table)))


def insert_symbols(con: sqlite3.Connection, resolutions: pa.Table) -> None:
    languages: dict[str, list[str]] = {}
    facts: dict[str, tuple] = {}
    for row in resolutions.select(["symbol", "language", "session", "session_type", "number"]
                                  ).to_pylist():
        languages.setdefault(row["symbol"], []).append(row["language"])
        facts[row["symbol"]] = (row["session"], row["session_type"], row["number"])
    con.executemany(
        'INSERT INTO "symbols" VALUES (?, ?, ?, ?, ?)',
        [(s, *facts[s], " ".join(sorted(langs, key=tables.language_sort_key)))
         for s, langs in sorted(languages.items(), key=lambda kv: tables.symbol_sort_key(kv[0]))])


def fill_fts(con: sqlite3.Connection, table: str) -> dict[str, int]:
    marks = ", ".join("?" * len(TRIGRAM_LANGUAGES))
    counts = {}
    for index, condition in ((f"{table}_fts", f"language NOT IN ({marks})"),
                             (f"{table}_fts_trigram", f"language IN ({marks})")):
        # No incremental merging while loading: one 'optimize' at the end does it once.
        con.execute(f"INSERT INTO {quote(index)} ({quote(index)}, rank) VALUES ('automerge', 0)")
        cursor = con.execute(f"INSERT INTO {quote(index)} (rowid, text) SELECT rowid, text "
                             f"FROM {quote(table)} WHERE {condition}", TRIGRAM_LANGUAGES)
        counts[index] = cursor.rowcount
        con.execute(f"INSERT INTO {quote(index)} ({quote(index)}) VALUES ('optimize')")
    return counts


class ForeignKeyError(Exception):
    pass


def check_foreign_keys(con: sqlite3.Connection) -> None:
    problems = con.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        shown = "; ".join(f"{t} row {rowid} -> {parent}" for t, rowid, parent, _ in problems[:10])
        raise ForeignKeyError(f"{len(problems)} rows point at nothing: {shown}")


def write_database(output: Path, db: Path) -> Database:
    """Write the database of the package in `output` to `db` (replaced whole)."""
    output, db = Path(output), Path(db)
    tables.check_package(output)
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_name(f".{db.name}.{os.getpid()}.tmp")
    if tmp.exists():
        tmp.unlink()
    rows: dict[str, int] = {}
    con = sqlite3.connect(tmp)
    try:
        # A database written once and replaced whole: no journal needed.
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA cache_size = -262144")  # 256 MiB: index builds stay in memory
        con.execute(SYMBOLS_SQL)
        for table in schema.TABLES:
            con.execute(create_table_sql(table))
        for table in schema.TABLES:
            data = tables.read_table(output, table)
            if table == "resolutions":
                insert_symbols(con, data)
                rows["symbols"] = con.execute('SELECT count(*) FROM "symbols"').fetchone()[0]
            insert(con, table, data)
            rows[table] = data.num_rows
        for table in schema.TABLES:
            for sql in index_sql(table):
                con.execute(sql)
        indexed: dict[str, int] = {}
        for table in FTS_TABLES:
            for sql in fts_sql(table):
                con.execute(sql)
            indexed.update(fill_fts(con, table))
        con.commit()
        check_foreign_keys(con)
        con.execute("ANALYZE")
        con.commit()
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, db)
    return Database(db, rows, indexed)
