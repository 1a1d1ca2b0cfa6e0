"""The table schemas in `schemas/*.json` are the single source of truth.

This module reads them and derives everything else: column order, the
pyarrow schema for Parquet (with descriptions as field metadata and enum
columns dictionary-encoded), and the data dictionary of the README.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schemas"
# Tables in dependency order: a table's foreign keys point only to tables before it.
TABLES = ("resolutions", "clauses", "footnotes", "footnote_refs", "citations", "member_states",
          "votes", "sponsors", "subjects", "lineage", "clause_lineage")
# Tables that are not read from the resolutions and so are written whole, as one
# part (WHOLE_PART), not one part per session.
WHOLE_TABLES = ("member_states",)
WHOLE_PART = "all"
# The tables of the resolutions: one part per session.
SESSION_TABLES = tuple(t for t in TABLES if t not in WHOLE_TABLES)
# Of those, the corpus tables are computed over the whole package once the
# others, which each source document gives rows of, are written.
CORPUS_TABLES = ("lineage", "clause_lineage")
DOCUMENT_TABLES = tuple(t for t in SESSION_TABLES if t not in CORPUS_TABLES)

_ARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}


@lru_cache(maxsize=None)
def load(table: str) -> dict:
    with open(SCHEMA_DIR / f"{table}.json", encoding="utf-8") as fh:
        return json.load(fh)


def columns(table: str) -> list[str]:
    return [f["name"] for f in load(table)["fields"]]


def field_type(field: dict) -> pa.DataType:
    base = _ARROW_TYPES[field["type"]]
    if field["type"] == "string" and "enum" in field.get("constraints", {}):
        return pa.dictionary(pa.int32(), pa.string())
    return base


def arrow_schema(table: str) -> pa.Schema:
    schema = load(table)
    fields = []
    for f in schema["fields"]:
        required = f.get("constraints", {}).get("required", False)
        fields.append(pa.field(f["name"], field_type(f), nullable=not required,
                               metadata={"description": f["description"]}))
    return pa.schema(fields, metadata={"description": schema["description"]})


def data_dictionary() -> str:
    """Markdown tables describing every column, for the README."""
    out = []
    for table in TABLES:
        schema = load(table)
        out.append(f"### `{table}`\n\n{schema['description']}\n")
        out.append(f"Primary key: ({', '.join(schema['primaryKey'])})")
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            target = ref.get("resource", table)
            out.append(f"; foreign key ({', '.join(fk['fields'])}) → "
                       f"{target} ({', '.join(ref['fields'])})")
        out.append("\n\n| column | type | required | description |\n|---|---|---|---|\n")
        for f in schema["fields"]:
            c = f.get("constraints", {})
            kind = f["type"]
            if "enum" in c:
                kind += ": " + " \\| ".join(c["enum"])
            description = f["description"].replace("|", "\\|")
            out.append(f"| `{f['name']}` | {kind} | {'yes' if c.get('required') else ''} "
                       f"| {description} |\n")
        out.append("\n")
    return "".join(out)
