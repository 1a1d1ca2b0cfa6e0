"""The root `datapackage.json`, derived from the schemas.

The committed descriptor must equal `descriptor()`; a test keeps them in step.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import schema

VERSION = "0.1.0"


def resources(output_prefix: str = "output", schema_of=lambda t: f"schemas/{t}.json"):
    prefix = f"{output_prefix}/" if output_prefix else ""
    out = []
    for table in schema.TABLES:
        description = schema.load(table)["description"]
        out.append({
            "name": table,
            "title": f"{table} (CSV)",
            "description": description,
            "path": f"{prefix}csv/{table}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema_of(table),
        })
    for table in schema.TABLES:
        out.append({
            "name": f"{table}-parquet",
            "title": f"{table} (Parquet)",
            "description": schema.load(table)["description"],
            "path": f"{prefix}parquet/{table}.parquet",
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "schema": schema_of(table),
        })
    return out


def descriptor(output_prefix: str = "output", schema_of=lambda t: f"schemas/{t}.json") -> dict:
    return {
        "name": "unga-resolutions",
        "title": "United Nations General Assembly resolutions",
        "description": ("Resolutions of the United Nations General Assembly as relational "
                        "tables: resolutions, their clauses, footnotes, footnote markers "
                        "and the references they make, parsed from the texts of the official "
                        "PDF documents. Every row points back to its source file and lines."),
        "version": VERSION,
        "homepage": "https://undocs.org/",
        "keywords": ["United Nations", "General Assembly", "resolutions", "law", "text"],
        "licenses": [{
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0",
        }],
        "sources": [{
            "title": "United Nations Official Document System (texts of the resolutions, "
                     "as extracted from the official PDF documents)",
            "path": "https://documents.un.org/",
        }],
        "contributors": [{
            "title": "UNGA resolutions open-data project maintainers",
            "roles": ["creator", "maintainer"],
        }],
        "resources": resources(output_prefix, schema_of),
    }


def render(desc: dict) -> str:
    return json.dumps(desc, ensure_ascii=False, indent=2) + "\n"


def write_root(root: Path = schema.ROOT) -> Path:
    path = root / "datapackage.json"
    path.write_text(render(descriptor()), encoding="utf-8")
    return path
