"""Frictionless validation: the certification of a published package.

The build itself validates with etl.check (same rules, Arrow speed);
`python -m etl validate` and CI run Frictionless on the package.
"""

from __future__ import annotations

from pathlib import Path

from frictionless import Package



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
