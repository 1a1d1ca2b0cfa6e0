"""Browsing the database in Datasette: metadata from the schemas, canned queries.

The metadata gives every table and column its title and description from
`schemas/*.json`, the package's licence and source, the full-text index of
the clause and footnote tables, and these canned queries:

- `resolution`: one resolution in one language, paragraph by paragraph, in order;
- `six_languages`: one resolution with its language versions side by side,
  one row per clause id;
- `opening_with`: every paragraph that opens with a given phrase;
- `votes_citing`: how each Member State voted on the resolutions that cite
  a given document;
- `search`: clause and footnote texts in every language (word index for
  languages with spaces, trigram index for Chinese and Arabic);
- `changes`: what changed in a resolution since its predecessor, clause by
  clause, the words inserted and deleted marked (the `word_diff` function
  and the `changes` column's rendering come from the plugin in
  etl/publish/plugins/);
- `series`: a resolution and its predecessors, back to the first in the package.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .. import package, schema
from . import sqlite
from .card import LANGUAGE_NAMES, OFFICIAL_LANGUAGES

# A user types a symbol or a phrase; these make a literal of it for LIKE.
_LIKE_LITERAL = "replace(replace(replace({0}, '\\', '\\\\'), '%', '\\%'), '_', '\\_')"
# ...and a quoted phrase for FTS5 MATCH (no query syntax, no syntax errors).
_FTS_PHRASE = "'\"' || replace(:q, '\"', '\"\"') || '\"'"

QUERIES = {
    "resolution": {
        "title": "A resolution, paragraph by paragraph",
        "description": "Every clause of one language version in document order "
                       "(symbol as A/RES/68/47, language as zh, en, fr ...).",
        "sql": (
            "SELECT c.ordinal, c.clause_id, c.kind, c.label, c.leading_phrase, c.text\n"
            "FROM clauses c\n"
            "WHERE c.symbol = replace(upper(:symbol), ' ', '') AND c.language = lower(:language)\n"
            "ORDER BY c.ordinal"),
    },
    "six_languages": {
        "title": "A resolution in six languages, side by side",
        "description": "One row per clause id, one column per official language.",
        "sql": (
            "SELECT c.clause_id,\n"
            + ",\n".join(f"  max(CASE c.language WHEN '{lang}' THEN c.text END) AS {lang}"
                         for lang in OFFICIAL_LANGUAGES)
            + "\nFROM clauses c\n"
            "WHERE c.symbol = replace(upper(:symbol), ' ', '')\n"
            "GROUP BY c.clause_id\n"
            "ORDER BY min(c.ordinal), c.clause_id"),
    },
    "opening_with": {
        "title": "Paragraphs that open with a phrase",
        "description": "Every paragraph whose leading phrase is, or whose text starts with, "
                       "the phrase given (Recalling, Réaffirme, 回顾 ...); ASCII letters "
                       "match in either case.",
        "sql": (
            "SELECT c.symbol, c.language, r.adoption_date, c.clause_id, c.leading_phrase, c.text\n"
            "FROM clauses c JOIN resolutions r ON r.symbol = c.symbol AND r.language = c.language\n"
            "WHERE c.kind = 'paragraph'\n"
            "  AND (c.leading_phrase = :phrase\n"
            f"       OR c.text LIKE {_LIKE_LITERAL.format(':phrase')} || '%' ESCAPE '\\')\n"
            "ORDER BY r.adoption_date, c.symbol, c.language, c.ordinal"),
    },
    "votes_citing": {
        "title": "How each Member State voted on resolutions citing a document",
        "description": "For the resolutions that cite the document given (a symbol such as "
                       "A/RES/49/75 E or S/RES/1540 (2004); spaces are ignored): each Member "
                       "State's votes, counted and listed.",
        "sql": (
            "WITH citing AS (\n"
            "  SELECT DISTINCT symbol FROM citations\n"
            "  WHERE target = replace(upper(:document), ' ', '')\n"
            ")\n"
            "SELECT v.member_state, v.country_code,\n"
            "  sum(v.vote = 'yes') AS yes, sum(v.vote = 'no') AS no,\n"
            "  sum(v.vote = 'abstain') AS abstain, sum(v.vote = 'non_voting') AS non_voting,\n"
            "  group_concat(v.symbol || ' ' || v.vote, '; ') AS votes\n"
            "FROM (SELECT * FROM votes WHERE symbol IN (SELECT symbol FROM citing)\n"
            "      ORDER BY symbol) v\n"
            "GROUP BY v.member_state, v.country_code\n"
            "ORDER BY v.member_state"),
    },
    "search": {
        "title": "Search the texts in every language",
        "description": "Clauses and footnotes containing the words given: whole words "
                       "(accents ignored) in languages written with spaces, any substring "
                       "in Chinese and Arabic.",
        "sql": (
            "SELECT 'clause' AS found_in, c.symbol, c.language, c.clause_id AS at, c.text\n"
            "FROM clauses c\n"
            f"WHERE c.rowid IN (SELECT rowid FROM clauses_fts WHERE clauses_fts MATCH {_FTS_PHRASE})\n"
            "   OR c.rowid IN (SELECT rowid FROM clauses_fts_trigram\n"
            f"                  WHERE clauses_fts_trigram MATCH {_FTS_PHRASE})\n"
            "   OR (length(:q) < 3 AND c.language IN ('zh', 'ar')\n"
            f"       AND c.text LIKE '%' || {_LIKE_LITERAL.format(':q')} || '%' ESCAPE '\\')\n"
            "UNION ALL\n"
            "SELECT 'footnote', f.symbol, f.language, f.number, f.text\n"
            "FROM footnotes f\n"
            f"WHERE f.rowid IN (SELECT rowid FROM footnotes_fts WHERE footnotes_fts MATCH {_FTS_PHRASE})\n"
            "   OR f.rowid IN (SELECT rowid FROM footnotes_fts_trigram\n"
            f"                  WHERE footnotes_fts_trigram MATCH {_FTS_PHRASE})\n"
            "   OR (length(:q) < 3 AND f.language IN ('zh', 'ar')\n"
            f"       AND f.text LIKE '%' || {_LIKE_LITERAL.format(':q')} || '%' ESCAPE '\\')\n"
            "ORDER BY 2, 3, 1, 4"),
    },
}

QUERIES["changes"] = {
    "title": "What changed since the predecessor",
    "description": "Every clause of one language version (symbol as A/RES/79/50, language as "
                   "en, zh, fr ...) against the resolution it renews: unchanged, edited, "
                   "moved, new or removed, with the words deleted and inserted marked "
                   "(characters in Chinese).",
    "sql": (
        "SELECT l.predecessor, l.position, l.clause_id, l.predecessor_clause_id AS was,\n"
        "  l.change, l.similarity,\n"
        "  CASE l.change WHEN 'unchanged' THEN n.text\n"
        "    WHEN 'new' THEN '{+' || n.text || '+}'\n"
        "    WHEN 'removed' THEN '[-' || o.text || '-]'\n"
        "    ELSE word_diff(o.text, n.text, l.language) END AS changes\n"
        "FROM clause_lineage l\n"
        "LEFT JOIN clauses n ON n.clause_key = l.clause_key\n"
        "LEFT JOIN clauses o ON o.clause_key = l.predecessor_clause_key\n"
        "WHERE l.symbol = replace(upper(:symbol), ' ', '') AND l.language = lower(:language)\n"
        "ORDER BY l.predecessor, l.position"),
}
QUERIES["series"] = {
    "title": "A resolution and its predecessors",
    "description": "The chain of renewals that ends with the resolution given (symbol as "
                   "A/RES/79/7), latest first, with what linked each to the one before "
                   "and the share of its clauses carried over.",
    "sql": (
        "WITH RECURSIVE chain(symbol, predecessor, basis, similarity, depth) AS (\n"
        "  SELECT symbol, predecessor, basis, similarity, 0 FROM lineage\n"
        "  WHERE symbol = replace(upper(:symbol), ' ', '')\n"
        "  UNION ALL\n"
        "  SELECT l.symbol, l.predecessor, l.basis, l.similarity, c.depth + 1\n"
        "  FROM lineage l JOIN chain c ON l.symbol = c.predecessor\n"
        "  WHERE c.depth < 100\n"
        ")\n"
        "SELECT c.symbol, r.adoption_date, r.title, c.predecessor, c.basis, c.similarity\n"
        "FROM chain c\n"
        "LEFT JOIN resolutions r ON r.symbol = c.symbol AND r.language = 'en'\n"
        "ORDER BY c.depth"),
}

PLUGINS = Path(__file__).resolve().parent / "plugins"

# Sort order of each table's page where the primary key's order is not the reading order.
TABLE_SORT = {"clauses": "ordinal", "footnotes": "number"}


def database_name(db: Path) -> str:
    """Datasette names a database after its file."""
    return Path(db).stem


def table_metadata(table: str) -> dict:
    s = schema.load(table)
    meta = {
        "title": s.get("title", table.replace("_", " ")),
        "description": s["description"],
        "columns": {f["name"]: f["description"] for f in s["fields"]},
    }
    if table in sqlite.FTS_TABLES:
        meta["fts_table"] = f"{table}_fts"
        meta["fts_pk"] = "rowid"
    if table in TABLE_SORT:
        meta["sort"] = TABLE_SORT[table]
    return meta


def metadata(db: Path) -> dict:
    """Datasette metadata for the database at `db`."""
    desc = package.descriptor([])  # the package's metadata; no resources needed
    licence = desc["licenses"][0]
    source = desc["sources"][0]
    tables = {t: table_metadata(t) for t in schema.TABLES}
    tables["symbols"] = {
        "title": "symbols",
        "description": "One row per resolution, whatever its languages: the key that votes, "
                       "sponsors and subjects refer to.",
        "columns": {"symbol": "Document symbol of the resolution (A/RES/77/1).",
                    "session": "Number of the session that adopted it.",
                    "session_type": "regular, special or emergency_special.",
                    "number": "Resolution number within the session, with its part letter.",
                    "languages": "Language versions in the package: "
                                 + ", ".join(f"{k} {v}" for k, v in LANGUAGE_NAMES.items())},
    }
    for suffix in ("_fts", "_fts_trigram"):
        for table in sqlite.FTS_TABLES:
            tables[table + suffix] = {"hidden": True}
    return {
        "title": desc["title"],
        "description": desc["description"],
        "license": licence.get("title", licence["name"]),
        "license_url": licence["path"],
        "source": "United Nations: " + source["title"],
        "source_url": source["path"],
        "databases": {database_name(db): {"tables": tables, "queries": QUERIES}},
    }


def write_metadata(db: Path, path: Path | None = None) -> Path:
    path = Path(path) if path else Path(db).with_suffix(".metadata.json")
    path.write_text(json.dumps(metadata(db), ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")
    return path


def datasette_command(db: Path, metadata_path: Path, host: str, port: int) -> list[str]:
    """The command line that serves `db` read-only (immutable: Datasette may
    count rows once and cache pages)."""
    return [sys.executable, "-m", "datasette", "serve", "--immutable", str(db),
            "--metadata", str(metadata_path), "--plugins-dir", str(PLUGINS),
            "--host", host, "--port", str(port),
            "--setting", "sql_time_limit_ms", "5000"]


def start(db: Path, host: str = "127.0.0.1", port: int = 8001, **popen) -> subprocess.Popen:
    """Start Datasette on `db` in a child process (the caller stops it)."""
    meta = write_metadata(db)
    return subprocess.Popen(datasette_command(db, meta, host, port), **popen)
