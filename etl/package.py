"""The root `datapackage.json`, derived from the schemas.

The committed descriptor must equal `descriptor()`; a test keeps them in step.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import schema

VERSION = "0.3.0"

# Output layout: each table is written in parts, one per session, so that a
# rebuild rewrites only the sessions whose sources changed:
#     output/csv/<table>/<part>.csv          (a multipart CSV resource)
#     output/parquet/<table>/<part>.parquet  (a Parquet dataset directory)
# Part names sort in session order: 059, 074, ..., ES-10, S-32. A table that is
# not read from the resolutions (member_states) is written whole, as the one
# part `all` (schema.WHOLE_TABLES, schema.WHOLE_PART).


def partition_of(symbol: str) -> str:
    """The output part a resolution's rows go to, from its symbol's session."""
    body = symbol.removeprefix("A/RES/")
    if body.startswith(("ES-", "S-")):
        kind, _, rest = body.partition("-")
        return f"{kind}-{int(rest.split('/')[0]):02d}"
    if "(" in body:  # before the 31st session: 217(III)
        from .symbols import roman_to_int
        roman = body[body.index("(") + 1:body.index(")")]
        kind, _, numeral = roman.rpartition("-")
        return f"{kind + '-' if kind else ''}{roman_to_int(numeral):03d}" if not kind \
            else f"{kind}-{roman_to_int(numeral):02d}"
    return f"{int(body.split('/')[0]):03d}"


def table_files(output: Path, table: str, fmt: str = "parquet") -> list[Path]:
    """The files of one table in one format, in part order."""
    return sorted((Path(output) / fmt / table).glob(f"*.{fmt}"))


def read_table(output: Path, table: str):
    """A whole table from the Parquet parts of an output directory (pyarrow.Table)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    parts = [pq.read_table(p) for p in table_files(output, table)]
    if not parts:
        return schema.arrow_schema(table).empty_table()
    return pa.concat_tables(parts)


def parts_of(table: str, parts: list[str]) -> list[str]:
    """The parts a table is written in: the session parts, or the one whole part."""
    return [schema.WHOLE_PART] if table in schema.WHOLE_TABLES else list(parts)


def part_resource_name(table: str, part: str) -> str:
    return f"{table}-parquet-{part.lower()}"


def resources(parts: list[str], output_prefix: str = "output", inline: bool = False,
              files: dict | None = None) -> list[dict]:
    """CSV: one multipart resource per table, the tabular form Frictionless
    validates (types, constraints, keys, foreign keys). Parquet: one file
    resource per table and part, with its size and SHA-256 (`files`: manifest
    entries by path relative to the output folder), so that a validator checks
    each file's integrity without reading its rows again; each Parquet part
    holds exactly the rows of the CSV part of the same name, typed as the
    schema says (`python -m etl validate --fast` checks it)."""
    prefix = f"{output_prefix}/" if output_prefix else ""
    out = []
    for table in schema.TABLES:
        paths = [f"{prefix}csv/{table}/{part}.csv" for part in parts_of(table, parts)]
        out.append({
            "name": table,
            "title": f"{table} (CSV)",
            "description": schema.load(table)["description"],
            "path": paths[0] if len(paths) == 1 else paths,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema.load(table) if inline else f"schemas/{table}.json",
        })
    for table in schema.TABLES:
        for part in parts_of(table, parts):
            rel = f"parquet/{table}/{part}.parquet"
            resource = {
                "name": part_resource_name(table, part),
                "type": "file",
                "title": (f"{table} (Parquet)" if table in schema.WHOLE_TABLES
                          else f"{table} (Parquet, session part {part})"),
                "description": (f"The rows of csv/{table}/{part}.csv, typed (dates, integers, "
                                "enumerations as dictionary-encoded strings); columns as in "
                                f"schemas/{table}.json. " + schema.load(table)["description"]),
                "path": prefix + rel,
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
            }
            entry = (files or {}).get(rel)
            if entry:
                resource["bytes"] = entry["bytes"]
                resource["hash"] = f"sha256:{entry['sha256']}"
            out.append(resource)
    return out


def descriptor(parts: list[str], output_prefix: str = "output", inline: bool = False,
               files: dict | None = None) -> dict:
    return {
        "name": "unga-resolutions",
        "title": "United Nations General Assembly resolutions",
        "description": ("Resolutions of the United Nations General Assembly as relational "
                        "tables: resolutions in every official language, their clauses, "
                        "footnotes, footnote markers and the references they make, the Member "
                        "States and how each voted, sponsors and subjects; read from the UN's "
                        "Akoma Ntoso XML (sessions 74 onward) and from the texts of the official "
                        "PDF documents. "
                        "Every row points back to its source file and position."),
        "version": VERSION,
        "homepage": "https://undocs.org/",
        "keywords": ["United Nations", "General Assembly", "resolutions", "law", "text"],
        "licenses": [{
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0",
        }],
        "sources": [{
            "title": "United Nations, General Assembly resolutions in Akoma Ntoso XML "
                     "(AKN4UN), repository UNxml/GAresolutions",
            "path": "https://github.com/UNxml/GAresolutions",
        }, {
            "title": "United Nations Official Document System (texts of the resolutions, "
                     "as extracted from the official PDF documents)",
            "path": "https://documents.un.org/",
        }, {
            "title": "United Nations, Member States (dates of the former Members' "
                     "membership, etl/data/former_members.csv)",
            "path": "https://www.un.org/en/about-us/member-states",
        }, {
            "title": "country_converter: ISO 3166 and UN M49 codes, year of admission to the "
                     "United Nations (member_states)",
            "path": "https://github.com/IndEcol/country_converter",
        }, {
            "title": "pycountry: ISO 3166-1 and ISO 3166-3 codes and names (votes, sponsors, "
                     "member_states)",
            "path": "https://github.com/pycountry/pycountry",
        }],
        "contributors": [{
            "title": "UNGA resolutions open-data project maintainers",
            "roles": ["creator", "maintainer"],
        }],
        "resources": resources(parts, output_prefix, inline, files),
    }


def render(desc: dict) -> str:
    return json.dumps(desc, ensure_ascii=False, indent=2) + "\n"


def write_root(parts: list[str], root: Path = schema.ROOT) -> Path:
    """The repository's datapackage.json, describing output/ (schemas by path,
    Parquet sizes and hashes from output/MANIFEST.json)."""
    path = root / "datapackage.json"
    path.write_text(render(descriptor(parts, files=manifest_files(root / "output"))),
                    encoding="utf-8")
    return path


def write_descriptor(directory: Path, parts: list[str], files: dict) -> Path:
    """The datapackage.json inside an output directory, with a copy of the table
    schemas beside it (schemas/) so that the folder stands alone."""
    for table in schema.TABLES:
        target = directory / "schemas" / f"{table}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((schema.SCHEMA_DIR / f"{table}.json").read_bytes())
    path = directory / "datapackage.json"
    path.write_text(render(descriptor(parts, output_prefix="", files=files)), encoding="utf-8")
    return path


def manifest_files(output: Path) -> dict:
    """The entries of an output folder's MANIFEST.json, by path ({} if none)."""
    try:
        return json.loads((Path(output) / "MANIFEST.json").read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError):
        return {}


def root_parts(root: Path = schema.ROOT) -> list[str]:
    """The session parts of the repository's package, as output/MANIFEST.json lists them."""
    prefix = f"csv/{schema.TABLES[0]}/"
    return sorted(Path(name).stem for name in manifest_files(root / "output")
                  if name.startswith(prefix))
