"""Frictionless validation: the certification of a published package.

The build itself validates with etl.check (same rules, Arrow speed);
`python -m etl validate` and CI run Frictionless on the package.
"""

from __future__ import annotations

import json
from pathlib import Path

from frictionless import Package

from . import schema


class UnknownPart(ValueError):
    """A session part the descriptor does not have."""


def only_parts(desc: dict, parts: list[str]) -> dict:
    """The descriptor restricted to some session parts: each multipart CSV
    resource keeps the files of those parts, and only their Parquet files stay;
    so do the tables written whole (member_states), which the parts refer to.
    The corpus tables (lineage) point at rows of other parts (a resolution's
    predecessor is usually in the session before): within some parts they are
    checked without their foreign keys, which the whole package's validation
    checks."""
    out = dict(desc, resources=[])
    wanted = {f"/{part}.{fmt}" for part in [*parts, schema.WHOLE_PART] for fmt in ("csv", "parquet")}
    found = set()
    for resource in desc["resources"]:
        paths = resource["path"] if isinstance(resource["path"], list) else [resource["path"]]
        kept = [p for p in paths if any(p.endswith(w) for w in wanted)]
        found.update(p.rsplit("/", 1)[1].rsplit(".", 1)[0] for p in kept)
        if kept:
            resource = dict(resource, path=kept[0] if len(kept) == 1 else kept)
            if resource["name"] in schema.CORPUS_TABLES:
                resource["schema"] = {k: v for k, v in schema.load(resource["name"]).items()
                                      if k != "foreignKeys"}
            out["resources"].append(resource)
    missing = sorted(set(parts) - found)
    if missing:
        raise UnknownPart(f"no session part {', '.join(missing)} in the package")
    return out


def validate_package(descriptor_path: Path, parts: list[str] | None = None):
    """Frictionless' report on a package, or on some of its session parts."""
    if not parts:
        return Package(str(descriptor_path)).validate()
    desc = json.loads(Path(descriptor_path).read_text(encoding="utf-8"))
    return Package(only_parts(desc, parts), basepath=str(Path(descriptor_path).parent)).validate()


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
