"""The build: every source file through the pipeline, into a validated package.

    read -> clean layout -> segment -> extract   (etl.parse, per file)
         -> tabulate -> validate -> write        (here, for the whole package)

A file that cannot be parsed is reported and left out; the others still
build, unless `strict` is set, in which case any error or warning fails the
build. Nothing is written unless the whole package validates, and the new
output replaces the old one in a single swap.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import package, schema
from .errors import ParseError
from .parse import Parsed, parse_file
from .tabulate import tabulate
from .check import check_directory, summarize
from .write import recover, staging_directory, swap_in, write_tables

REPORT_NAME = "build_report.json"


@dataclass
class FileResult:
    path: str
    status: str                      # ok | rejected
    parsed: Parsed | None = None
    error: ParseError | None = None
    warnings: list = field(default_factory=list)


@dataclass
class BuildResult:
    files: list[FileResult]
    written: bool
    failure: str | None = None       # why nothing was written
    tables: dict | None = None

    @property
    def rejected(self) -> list[FileResult]:
        return [f for f in self.files if f.status != "ok"]

    @property
    def warning_count(self) -> int:
        return sum(len(f.warnings) for f in self.files)


def display_path(path: Path, sources: Path) -> str:
    """Repository-relative path when the file is in the repository, else
    relative to the sources folder's parent: never dependent on the cwd."""
    path = path.resolve()
    for base in (schema.ROOT, sources.resolve().parent):
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.name


def source_files(sources: Path) -> list[Path]:
    """Every regular, non-hidden file under `sources`, in a stable order."""
    if not sources.is_dir():
        raise FileNotFoundError(f"{sources}: not a directory of source texts")
    files = [p for p in sources.rglob("*")
             if p.is_file() and not any(part.startswith(".") for part in
                                        p.relative_to(sources).parts)]
    return sorted(files, key=lambda p: p.relative_to(sources).as_posix())


def parse_all(files: list[Path], sources: Path) -> list[FileResult]:
    results = []
    seen: dict[tuple[str, str], str] = {}
    for path in files:
        shown = display_path(path, sources)
        try:
            parsed = parse_file(path, shown)
        except ParseError as exc:
            results.append(FileResult(shown, "rejected", error=exc))
            continue
        except Exception as exc:  # a bug, not bad input: report it, keep the other files
            results.append(FileResult(shown, "rejected", error=ParseError(
                shown, None, f"internal error while parsing ({type(exc).__name__}: {exc}); "
                "please report it with this file")))
            continue
        key = (parsed.resolution.symbol, parsed.resolution.language)
        if key in seen:
            results.append(FileResult(shown, "rejected", error=ParseError(
                shown, None, f"{key[0]} ({key[1]}) is already read from {seen[key]}; "
                "expected one file per resolution and language")))
            continue
        seen[key] = shown
        results.append(FileResult(shown, "ok", parsed=parsed, warnings=parsed.diagnostics))
    return results


def build(sources: Path, output: Path, strict: bool = False) -> BuildResult:
    recover(output)
    results = parse_all(source_files(sources), sources)
    if strict and (any(r.status != "ok" for r in results) or any(r.warnings for r in results)):
        return BuildResult(results, False, "strict mode: errors or warnings in the inputs")
    parsed = [r.parsed for r in results if r.parsed is not None]
    tables = tabulate(parsed)

    staged = staging_directory(output)
    try:
        write_tables(tables, staged)
        findings = check_directory(staged)
        if findings:
            return BuildResult(results, False, "the tables do not validate against "
                               "schemas/:\n" + summarize(findings), tables)
        write_report(results, tables, staged / REPORT_NAME)
        swap_in(staged, output)
    finally:
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)
    return BuildResult(results, True, None, tables)


def citation_counts(parsed: Parsed) -> dict[str, int]:
    counts = Counter(row.citation.target_type for row in parsed.citations)
    return dict(sorted(counts.items()))


def file_entry(result: FileResult) -> dict:
    entry: dict = {"file": result.path, "status": result.status}
    if result.error is not None:
        entry["error"] = {"line": result.error.line, "message": result.error.expected}
        return entry
    p = result.parsed
    entry.update({
        "symbol": p.resolution.symbol,
        "language": p.resolution.language,
        "sha256": p.source.sha256,
        "encoding": p.source.encoding,
        "lines": len(p.source.lines),
        "counts": {
            "preambular": p.resolution.preambular_count,
            "operative": p.resolution.operative_count,
            "clauses": len(p.clauses),
            "footnotes": len(p.footnotes),
            "footnote_refs": len(p.refs),
            "citations": len(p.citations),
        },
        "citations_by_type": citation_counts(p),
        "warnings": [{"line": w.line, "message": w.message} for w in result.warnings],
        "discarded_lines": [{"line": d.line, "kind": d.kind, "text": d.text}
                            for d in p.discarded],
        "structure_lines": [{"line": s.line, "kind": s.kind, "text": s.text}
                            for s in p.structure],
        "bold_duplicate_characters": len(p.dropped_bold),
        "coverage": {
            "source_characters": p.coverage.source_characters,
            "ratio": round(p.coverage.ratio, 6),
            "missing": p.coverage.missing,
            "invented": p.coverage.invented,
        },
        "hyperlinks": [{"line": h.line, "url": h.url, "target": h.target, "status": h.status,
                        "citation_id": h.citation_id} for h in p.hyperlinks],
    })
    return entry


def write_report(results: list[FileResult], tables: dict, path: Path) -> None:
    report = {
        "package_version": package.VERSION,
        "tables": {name: len(rows) for name, rows in tables.items()},
        "inputs": [file_entry(r) for r in results],
        "rejected": sum(1 for r in results if r.status != "ok"),
        "warnings": sum(len(r.warnings) for r in results),
    }
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
