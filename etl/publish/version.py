"""The version of a release: which package it is, and exactly which data.

Policy (also in CHANGELOG.md):

    <release>+<fingerprint>        e.g. 0.2.0+3f9a1c2b

- `release` is `etl.package.VERSION`, set by hand, semantic: MAJOR when a
  column, table or key is removed or changes meaning; MINOR when tables,
  columns, sources or languages are added; PATCH for parser fixes that change
  rows but not the schemas. Every release number gets a CHANGELOG.md entry.
- `fingerprint` ties the data to its inputs: the first 8 hex digits of a
  SHA-256 over the parser's version (a digest of the ETL's code and schemas,
  as the build report records it), the SHA-256 of every input the build read
  (file or archive member, with its path and status) and the SHA-256 of
  every table file the parser wrote. Same sources and same parser: same
  fingerprint, and the release archive is byte-identical. Any change to
  either: a new fingerprint, even when nobody bumped the release number.
  (The table files are included so that the version follows the parser's
  output even for a build report that does not record the parser version.)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .. import package, schema
from . import tables

FINGERPRINT_DIGITS = 8


def parser_version(report: dict) -> str:
    """The parser version the build recorded ("" when the report has none)."""
    return str(report.get("parser_version") or "")


def input_lines(report: dict) -> list[str]:
    """One line per input of the build: status, SHA-256 and path, sorted."""
    lines = []
    for entry in report.get("inputs", []):
        path = entry.get("file", "")
        lines.append(f"{entry.get('status', '')} {entry.get('sha256', '')} {path}")
    return sorted(lines)


def data_lines(output: Path) -> list[str]:
    """One line per Parquet table file of a package: SHA-256 and path, sorted.
    (The CSV files are written from the same tables.)"""
    lines = []
    for table in schema.TABLES:
        for path in tables.table_files(output, table, "parquet"):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            lines.append(f"{digest} {path.relative_to(output).as_posix()}")
    return sorted(lines)


def fingerprint(report: dict, data: list[str] = ()) -> str:
    digest = hashlib.sha256()
    digest.update(f"parser {parser_version(report)}\n".encode())
    for line in [*input_lines(report), *(f"data {line}" for line in data)]:
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()[:FINGERPRINT_DIGITS]


def release_version(report: dict, data: list[str] = ()) -> str:
    return f"{package.VERSION}+{fingerprint(report, data)}"


def package_version(output: Path) -> str:
    """The release version of the package built in `output`."""
    return release_version(tables.read_report(output), data_lines(Path(output)))
