"""The build: every source file through the pipeline, into a validated package.

    read -> clean layout -> segment -> extract   (etl.parse, per file, in parallel)
         -> tabulate -> write -> validate        (here, streaming, for the package)

Files are parsed by a pool of worker processes and come back in the order of
their paths; each one's rows are written as soon as it arrives, so memory
holds the work in flight, not the corpus. A parse is cached by the file's
SHA-256 (and the parser's own version), so a rebuild parses only new or
changed files. A file that cannot be parsed is reported and left out; the
others still build, unless `strict` is set, in which case any error or
warning fails the build. Everything is written to a staging directory,
validated, and swapped in whole: a failed build leaves the previous output.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import resource
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from . import package, schema
from .check import summarize
from .errors import Diagnostic, ParseError
from .parse import Parsed, parse_source
from .read import read_source
from .tabulate import tabulate
from .write import PackageWriter, arrow_table, recover, staging_directory, swap_in

REPORT_NAME = "build_report.json"
DEFAULT_CACHE = schema.ROOT / ".cache" / "parse"


@dataclass
class FileResult:
    """What one source file gave: its tables (Arrow) and its report entry."""

    path: str
    status: str                                   # ok | rejected
    entry: dict = field(default_factory=dict)     # summary: symbol, language, counts
    entry_json: str = ""                          # the build report's whole entry, as JSON
    tables: dict | None = None                    # table name -> pyarrow.Table
    error: ParseError | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # read, parse (CPU, in the worker)
    worker_peak_rss: int = 0                                  # bytes, of the process that parsed it

    @property
    def key(self) -> tuple[str, str] | None:
        return (self.entry["symbol"], self.entry["language"]) if self.status == "ok" else None


@dataclass
class BuildResult:
    files: list[FileResult]
    written: bool
    failure: str | None = None          # why nothing was written
    tables: dict[str, int] | None = None  # rows per table
    timings: dict[str, float] = field(default_factory=dict)
    parsed_files: int = 0               # files parsed now, not taken from the cache

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


# ------------------------------------------------------------------ one file

def citation_counts(parsed: Parsed) -> dict[str, int]:
    counts = Counter(row.citation.target_type for row in parsed.citations)
    return dict(sorted(counts.items()))


def report_entry(p: Parsed) -> dict:
    return {
        "file": p.source.path,
        "status": "ok",
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
        "warnings": [{"line": w.line, "message": w.message} for w in p.diagnostics],
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
    }


def process_file(path: Path, shown: str) -> FileResult:
    """Parse one file into Arrow tables and a report entry; never raises."""
    t0 = time.perf_counter()
    try:
        source = read_source(path, shown)
        t1 = time.perf_counter()
        parsed = parse_source(source)
    except ParseError as exc:
        return FileResult(shown, "rejected", error=exc)
    except Exception as exc:  # a bug, not bad input: report it, keep the other files
        return FileResult(shown, "rejected", error=ParseError(
            shown, None, f"internal error while parsing ({type(exc).__name__}: {exc}); "
            "please report it with this file"))
    rows = tabulate([parsed], in_package=set())  # in_package is filled in by the writer
    tables = {t: arrow_table(rows[t], t) for t in schema.TABLES}
    entry = report_entry(parsed)
    summary = {k: entry[k] for k in ("symbol", "language", "counts", "citations_by_type")}
    t2 = time.perf_counter()
    return FileResult(shown, "ok", summary, _dumps(entry), tables, warnings=parsed.diagnostics,
                      seconds={"read": t1 - t0, "parse": t2 - t1},
                      worker_peak_rss=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)


def _dumps(value) -> str:
    # No indent: the C encoder, ten times faster than the indenting one.
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def _error_entry(result: FileResult) -> str:
    return _dumps({"file": result.path, "status": result.status,
                   "error": {"line": result.error.line, "message": result.error.expected}})


# ------------------------------------------------------------------ cache

def parser_version() -> str:
    """Changes whenever the parser's code or the schemas change."""
    digest = hashlib.sha256()
    for path in sorted([*(schema.ROOT / "etl").rglob("*.py"), *schema.SCHEMA_DIR.glob("*.json")]):
        digest.update(path.relative_to(schema.ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class ParseCache:
    """Parse results by (parser version, file path, file SHA-256)."""

    def __init__(self, directory: Path | None):
        self.directory = directory / parser_version() if directory else None
        self.misses = 0  # files the last build had to parse

    def key(self, shown: str, data: bytes) -> Path:
        """Where the parse of this file (path and content) is kept."""
        name = hashlib.sha256(shown.encode() + b"\0" + data).hexdigest()
        return self.directory / name[:2] / f"{name}.pickle"

    def get(self, key: Path) -> FileResult | None:
        try:
            with open(key, "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.PickleError, EOFError, AttributeError):
            return None

    def put(self, key: Path, result: FileResult) -> None:
        path = key
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with open(tmp, "wb") as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)


# ------------------------------------------------------------------ many files

def _work(task: tuple[str, str]) -> FileResult:
    path, shown = task
    return process_file(Path(path), shown)


# Starting worker processes costs about a second: not worth it for a few files.
_MIN_PARALLEL = 32


def _windowed(pool, tasks: list, jobs: int):
    """Results in task order, with a bounded number of tasks in flight: workers
    never run far ahead of the writer, so finished results do not pile up."""
    window = _WINDOW_PER_JOB * jobs
    chunk = 8
    pending = []
    for start in range(0, len(tasks), chunk):
        pending.append(pool.map_async(_work_many, [tasks[start:start + chunk]]))
        if len(pending) * chunk >= window:
            yield from pending.pop(0).get()[0]
    for result in pending:
        yield from result.get()[0]


def _work_many(tasks: list[tuple[str, str]]) -> list[FileResult]:
    return [_work(task) for task in tasks]


_WINDOW_PER_JOB = 64


def parse_files(files: list[Path], sources: Path, jobs: int | None, cache: ParseCache):
    """FileResults in path order; uncached files are parsed by `jobs` processes."""
    base = display_path(sources, sources)
    shown = [f"{base}/{p.relative_to(sources).as_posix()}" for p in files]
    cached: dict[int, FileResult] = {}
    keys: dict[int, Path] = {}
    todo: list[int] = []
    for i, path in enumerate(files):
        hit = None
        if cache.directory is not None:
            try:
                keys[i] = cache.key(shown[i], path.read_bytes())
                hit = cache.get(keys[i])
            except OSError:
                hit = None
        if hit is not None:
            cached[i] = hit
        else:
            todo.append(i)
    cache.misses = len(todo)
    jobs = jobs or os.cpu_count() or 1
    tasks = [(str(files[i]), shown[i]) for i in todo]
    if jobs > 1 and len(tasks) >= _MIN_PARALLEL:
        # Not "fork": a forked child inherits pyarrow's threads' locks and can hang.
        method = "forkserver" if "forkserver" in get_all_start_methods() else "spawn"
        pool = get_context(method).Pool(jobs)
        fresh = _windowed(pool, tasks, jobs)
    else:
        pool = None
        fresh = map(_work, tasks)
    try:
        fresh_iter = iter(fresh)
        for i in range(len(files)):
            if i in cached:
                yield cached[i]
                continue
            result = next(fresh_iter)
            if i in keys and result.status == "ok":
                try:
                    cache.put(keys[i], result)
                except OSError:
                    pass
            yield result
    finally:
        if pool is not None:
            pool.close()
            pool.join()


def build(sources: Path, output: Path, strict: bool = False, jobs: int | None = None,
          cache_dir: Path | None = None) -> BuildResult:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    recover(output)
    files = source_files(sources)
    cache = ParseCache(cache_dir)
    results: list[FileResult] = []
    seen: dict[tuple[str, str], str] = {}
    staged = staging_directory(output)
    try:
        writer = PackageWriter(staged)
        parse_seconds = 0.0
        write_seconds = 0.0
        t = time.perf_counter()
        for result in parse_files(files, sources, jobs, cache):
            now = time.perf_counter()
            parse_seconds += now - t
            if result.key is not None and result.key in seen:
                result = FileResult(result.path, "rejected", error=ParseError(
                    result.path, None, f"{result.key[0]} ({result.key[1]}) is already read from "
                    f"{seen[result.key]}; expected one file per resolution and language"))
            if result.status == "ok":
                seen[result.key] = result.path
                writer.add(result.tables)
                result.tables = None  # written: do not keep it
            results.append(result)
            t = time.perf_counter()
            write_seconds += t - now
        if strict and (any(r.status != "ok" for r in results) or any(r.warnings for r in results)):
            return BuildResult(results, False, "strict mode: errors or warnings in the inputs")
        t = time.perf_counter()
        rows = writer.close({symbol for symbol, _ in seen})
        write_report(results, rows, staged / REPORT_NAME)
        timings["parse"] = parse_seconds
        timings["validate"] = writer.check.seconds
        timings["write"] = write_seconds + time.perf_counter() - t - writer.check.seconds
        findings = writer.findings
        if findings:
            return BuildResult(results, False, "the tables do not validate against "
                               "schemas/:\n" + summarize(findings), rows, timings)
        swap_in(staged, output)
    finally:
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)
    timings["total"] = time.perf_counter() - started
    return BuildResult(results, True, None, rows, timings, parsed_files=cache.misses)


def write_report(results: list[FileResult], rows: dict[str, int], path: Path) -> None:
    """The build report: a JSON object, one input per line (easy to grep and diff)."""
    head = {
        "package_version": package.VERSION,
        "tables": rows,
        "rejected": sum(1 for r in results if r.status != "ok"),
        "warnings": sum(len(r.warnings) for r in results),
    }
    inputs = ",\n".join(r.entry_json if r.status == "ok" else _error_entry(r) for r in results)
    text = _dumps(head)[:-1] + ',\n"inputs": [\n' + inputs + "\n]}\n"
    path.write_text(text, encoding="utf-8")


