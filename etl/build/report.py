"""The build report (every input, the corpus decisions) and the manifest of
the output (every file with its rows, bytes and SHA-256)."""

from __future__ import annotations

import json
from pathlib import Path

from .. import package
from ..corpus import Decisions
from ..sources import Inventory, sha256_file
from .cache import parser_version
from .parts import part_files
from .results import ItemResult

REPORT_NAME = "build_report.json"
MANIFEST_NAME = "MANIFEST.json"


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def _error_entry(result: ItemResult) -> dict:
    return {"file": result.item.shown, "status": "rejected",
            "error": {"line": result.error.line, "message": result.error.expected}}


def write_report(items: list[ItemResult], refused: list[ItemResult], inventory: Inventory,
                 decisions: Decisions, rows: dict[str, int], path: Path) -> None:
    """The build report: a JSON object; inputs one per line (easy to grep and diff)."""
    entries = []
    invalid = {(d["file"], d["symbol"], d["language"]): d
               for d in decisions.report.get("invalid_documents", [])}
    for r in items + refused:
        if r.status != "ok":
            entries.append(_error_entry(r))
            continue
        file_level = {"identity": r.identity} if r.identity else {}
        if r.warnings:
            file_level["file_warnings"] = [{"line": w.line, "message": w.message}
                                           for w in r.warnings]
        for d in r.documents:
            entry = {**d.entry, **file_level}
            bad = invalid.get((d.entry["file"], d.symbol, d.language))
            if bad and bad["left_out"] == "the document":
                entry["status"] = "rejected"
                entry["error"] = {"line": None, "message": "its rows do not validate against "
                                  "schemas/: " + "; ".join(bad["findings"])}
            entries.append(entry)
    head = {
        "package_version": package.VERSION,
        "parser_version": parser_version(),
        "tables": rows,
        "inputs_read": len(items),
        "documents": sum(len(r.documents) for r in items),
        "rejected": sum(1 for r in items + refused if r.status != "ok")
        + sum(1 for d in invalid.values() if d["left_out"] == "the document"),
        "warnings": sum(len(e.get("warnings", ())) for e in entries),
        "ignored": sorted(inventory.ignored + [f"{a.path}!{m}" for a in inventory.archives
                                              for m in a.ignored]),
        "corpus": decisions.report,
    }
    text = (_dumps(head)[:-1] + ',\n"inputs": [\n' + ",\n".join(_dumps(e) for e in entries)
            + "\n]}\n")
    path.write_text(text, encoding="utf-8")


def known_entries(output: Path, parts: list[str]) -> dict:
    """The previous manifest's entries for the files of the parts taken over."""
    if not parts:
        return {}
    try:
        previous = json.loads((output / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError):
        return {}
    wanted = {rel for part in parts for rel in part_files(part)}
    return {rel: entry for rel, entry in previous.items() if rel in wanted}


def file_entries(directory: Path, known: dict | None = None) -> dict:
    """Per file of `directory` (but the manifest): rows (tables), bytes and SHA-256.

    `known`: entries of files already described (taken over unchanged from the
    previous output, or hashed a moment ago), not hashed again."""
    import pyarrow.parquet as pq
    files = {}
    known = known or {}
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        rel = path.relative_to(directory).as_posix()
        if rel == MANIFEST_NAME:
            continue
        if rel in known and known[rel].get("bytes") == path.stat().st_size:
            files[rel] = dict(known[rel])
            continue
        entry = {"bytes": path.stat().st_size, "sha256": sha256_file(path)}
        if path.suffix == ".parquet":
            entry["rows"] = pq.ParquetFile(path).metadata.num_rows
        files[rel] = entry
    for rel, entry in files.items():
        if rel.endswith(".csv"):
            twin = "parquet/" + rel[len("csv/"):-len(".csv")] + ".parquet"
            entry["rows"] = files.get(twin, {}).get("rows")
    return files


def write_manifest(directory: Path, known: dict | None = None) -> None:
    """MANIFEST.json: every output file with its rows (tables), bytes and SHA-256."""
    files = file_entries(directory, known)
    (directory / MANIFEST_NAME).write_text(json.dumps({"files": files}, indent=1, sort_keys=True)
                                           + "\n", encoding="utf-8")
