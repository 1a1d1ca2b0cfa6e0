"""Stage 6, validate: check written tables against the schemas with Frictionless."""

from __future__ import annotations

from pathlib import Path

from frictionless import Package

from . import package, schema


def validate_directory(directory: Path):
    """Validate an output directory (csv/, parquet/) against `schemas/`.

    Returns the Frictionless report. The descriptor is the published one with
    paths relative to `directory` and the schemas inlined.
    """
    desc = package.descriptor(output_prefix="", schema_of=schema.load)
    return Package(desc, basepath=str(directory)).validate()


def validate_package(descriptor_path: Path):
    return Package(str(descriptor_path)).validate()


def summarize(report, limit: int = 20) -> str:
    """The errors of a Frictionless report, one per line, at most `limit`."""
    lines = []
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            where = f"{task.name}" + (f" row {row}" if row else "")
            lines.append(f"{where}: {error.type}: {error.message}")
    for error in report.errors:
        lines.append(f"package: {error.type}: {error.message}")
    shown = lines[:limit]
    if len(lines) > limit:
        shown.append(f"... and {len(lines) - limit} more errors")
    return "\n".join(shown)
