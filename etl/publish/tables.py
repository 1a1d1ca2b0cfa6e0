"""Reading a built package (an `output/` folder) for publishing.

Tables are read through `etl.package` (one file per session part:
`<fmt>/<table>/<part>.<fmt>`). A package written in the earlier single-file
layout (`<fmt>/<table>.<fmt>`) is read too, so that every publishing command
works on whichever package is on disk.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .. import package, schema

REPORT_NAME = "build_report.json"
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es", "de")  # the UN's order, then German


class PackageError(Exception):
    """The folder given is not a built package (or lacks what a command needs)."""


def table_files(output: Path, table: str, fmt: str = "parquet") -> list[Path]:
    """The files holding one table in one format, in part order."""
    parts = package.table_files(Path(output), table, fmt)
    if parts:
        return parts
    single = Path(output) / fmt / f"{table}.{fmt}"
    return [single] if single.is_file() else []


def read_table(output: Path, table: str) -> pa.Table:
    """A whole table, enumerations decoded to plain strings (for joining and
    for writing elsewhere: dictionaries of different parts do not mix)."""
    files = table_files(output, table, "parquet")
    if package.table_files(Path(output), table, "parquet"):
        data = package.read_table(Path(output), table)
    elif files:
        data = pq.read_table(files[0])
    else:
        data = schema.arrow_schema(table).empty_table()
    return plain(data)


def plain(data: pa.Table) -> pa.Table:
    """The same table with dictionary-encoded columns decoded."""
    columns = []
    for column in data.columns:
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        columns.append(column)
    return pa.Table.from_arrays(columns, names=data.column_names)


def check_package(output: Path) -> None:
    """Raise PackageError unless `output` holds a built package."""
    output = Path(output)
    if not output.is_dir():
        raise PackageError(f"{output}: no such folder; build the package first "
                           f"(python -m etl build --output {output})")
    missing = [t for t in schema.TABLES if not table_files(output, t, "parquet")]
    if len(missing) == len(schema.TABLES):
        raise PackageError(f"{output}: no Parquet tables found under {output / 'parquet'}; "
                           f"build the package first")


def read_report(output: Path) -> dict:
    """The build report (build_report.json), or a clear error."""
    path = Path(output) / REPORT_NAME
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackageError(f"{path}: no build report; build the package first") from None
    except json.JSONDecodeError as exc:
        raise PackageError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg})") from None


def report_inputs(report: dict) -> list[dict]:
    """Every input entry of a build report (one per source file or member)."""
    return list(report.get("inputs", []))


def rejected_inputs(report: dict) -> list[dict]:
    return [entry for entry in report_inputs(report) if entry.get("status") == "rejected"]


def disagreements(report: dict) -> list[dict]:
    """The disagreements between language versions listed by the build report
    (`corpus.language_disagreements`), else none."""
    corpus = report.get("corpus") or {}
    found = corpus.get("language_disagreements", corpus.get("disagreements", []))
    return [d for d in found if isinstance(d, dict)]


def agreement(report: dict) -> dict:
    """The build report's summary of how the language versions agree
    (`corpus.language_agreement`: counts and causes), else {}."""
    found = (report.get("corpus") or {}).get("language_agreement")
    return found if isinstance(found, dict) else {}


_NOT_FINDINGS = {"disagreements", "language_disagreements"}


def corpus_findings(report: dict) -> dict[str, int]:
    """How many entries each list of the report's corpus section holds
    (duplicates, parts renamed, metadata differences ...), the language
    disagreements (counted on their own) aside."""
    corpus = report.get("corpus") or {}
    return {name: len(value) for name, value in sorted(corpus.items())
            if isinstance(value, list) and name not in _NOT_FINDINGS}


def language_sort_key(language: str) -> int:
    return LANGUAGES.index(language) if language in LANGUAGES else len(LANGUAGES)


def symbol_sort_key(symbol: str) -> tuple:
    """Session part, then number, then part letter: A/RES/74/2 before A/RES/74/10."""
    body = symbol.rsplit("/", 1)[-1]
    digits = body[:len(body) - len(body.lstrip("0123456789"))]
    return (package.partition_of(symbol), int(digits) if digits else 0, body[len(digits):])


def session_label(part: str) -> str:
    """A part name as people write the session: 068 -> 68, ES-11 stays."""
    return part.lstrip("0") if part.isdigit() else part
