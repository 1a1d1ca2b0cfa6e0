"""Command line: `python -m etl build | validate | parse | diff | ...`.

Exit codes: 0 success; 1 some input files were rejected (the package was
built from the others) or the package is invalid; 2 nothing was written.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import date
from pathlib import Path

import click

from . import schema
from .build import DEFAULT_CACHE, build as run_build
from .errors import ParseError
from .tabulate import tabulate

DEFAULT_SOURCES = schema.ROOT / "sources"
DEFAULT_OUTPUT = schema.ROOT / "output"
BENCH_RESULTS = schema.ROOT / "docs" / "benchmark.json"


def _err(message: str) -> None:
    click.echo(message, err=True)


@click.group()
def main() -> None:
    """Parse UN General Assembly resolutions into a validated data package."""


@main.command()
@click.option("--sources", type=click.Path(path_type=Path), default=DEFAULT_SOURCES,
              show_default="sources/",
              help="Folder of texts, XML files and zips of them (searched at any depth).")
@click.option("--output", type=click.Path(path_type=Path), default=DEFAULT_OUTPUT,
              show_default="output/", help="Folder to write csv/, parquet/ and the build report to.")
@click.option("--strict", is_flag=True, help="Fail on any rejected file or warning.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for parsing (default: all cores).")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Reuse parses of unchanged sources and unchanged session parts (.cache/).")
@click.option("--quiet", is_flag=True, help="Only errors and the summary.")
@click.option("--verbose", is_flag=True, help="Also one line per document and every warning.")
def build(sources: Path, output: Path, strict: bool, jobs: int | None, cache: bool,
          quiet: bool, verbose: bool) -> None:
    """Read every source, validate the tables and write CSV and Parquet."""
    from .build import Interrupted
    try:
        result = run_build(sources, output, strict=strict, jobs=jobs,
                           cache_dir=DEFAULT_CACHE if cache else None, quiet=quiet)
    except FileNotFoundError as exc:
        _err(f"error: {exc}")
        sys.exit(2)
    except (KeyboardInterrupt, Interrupted):
        _err(f"interrupted: the build stopped; {output} is left as it was")
        sys.exit(130)
    except Exception:  # a fault of the build itself, not of an input
        import traceback
        traceback.print_exc()
        _err(f"build failed (internal error); {output} is left as it was")
        sys.exit(3)
    warnings = 0
    for r in result.items:
        if r.error is not None:
            _err(f"error: {r.error.message}")
        notes = [str(w) for w in r.warnings] + [
            f"{d.entry['file']}:{w['line'] or ''}: warning: {w['message']}"
            for d in r.documents for w in d.entry["warnings"]]
        warnings += len(notes)
        if verbose:
            for note in notes:
                _err(note)
            for d in r.documents:
                c = d.entry["counts"]
                _err(f"{d.entry['file']}: {d.symbol} ({d.language}): {c['preambular']} "
                     f"preambular, {c['operative']} operative, {c['clauses']} clauses, "
                     f"{c['footnotes']} footnotes, {c['citations']} citations")
    for d in result.invalid:
        _err(f"error: {d['file']}: {d['symbol']} ({d['language']}): {d['left_out']} left out, "
             f"rows that do not validate: {'; '.join(d['findings'][:2])}")
    if not result.written:
        _err(f"build failed, {output} left unchanged: {result.failure}")
        sys.exit(2)
    if not quiet:
        timings = ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items())
        _err(f"timings: {timings}; parsed {result.parsed} source(s), wrote "
             f"{result.parts_written} session part(s)")
    sizes = ", ".join(f"{name} {rows:,}" for name, rows in result.tables.items())
    _err(f"wrote {output}: {sizes}; {len(result.rejected)} source(s) rejected, "
         f"{len(result.invalid)} document(s) left out, {warnings} warning(s) "
         f"(see {output / 'build_report.json'})")
    # The package was written: rejected sources are reported above and in the build
    # report, not a failure (the corpus always holds a few broken files); --strict
    # makes them one.


@main.command()
@click.argument("package", type=click.Path(path_type=Path, exists=True),
                default=schema.ROOT / "datapackage.json")
@click.option("--fast", is_flag=True,
              help="Check an output folder with the build's own validator (every CSV part "
                   "against the schemas, every Parquet part equal to its CSV part), not "
                   "Frictionless.")
@click.option("--part", "parts", multiple=True, metavar="PART",
              help="Only these session parts (080, ES-11, ...), with Frictionless.")
def validate(package: Path, fast: bool, parts: tuple[str, ...]) -> None:
    """Validate a data package (default: the repository's datapackage.json)."""
    if fast:
        from .check import check_directory, summarize as summarize_findings
        folder = package.parent if package.is_file() else package
        if folder == schema.ROOT:
            folder = schema.ROOT / "output"
        findings = check_directory(folder)
        if findings:
            click.echo(summarize_findings(findings, limit=200), err=True)
            click.echo(f"{folder}: INVALID", err=True)
            sys.exit(1)
        click.echo(f"{folder}: valid (every CSV part against the schemas, every Parquet part "
                   "equal to its CSV part)")
        return
    from .validate import UnknownPart, summarize, validate_package
    try:
        report = validate_package(package, list(parts))
    except UnknownPart as exc:
        _err(f"error: {package}: {exc}")
        sys.exit(2)
    shown = f"{package}" + (f" (session part {', '.join(parts)})" if parts else "")
    if report.valid:
        click.echo(f"{shown}: valid ({len(report.tasks)} resources)")
        return
    click.echo(summarize(report, limit=200), err=True)
    click.echo(f"{shown}: INVALID", err=True)
    sys.exit(1)


def _json_default(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value))


@main.command()
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per row, with its table.")
def parse(file: Path, as_json: bool) -> None:
    """Show the rows one resolution file (text or XML) yields."""
    from .frontends import read_documents
    from .sources import SourceItem
    data = file.read_bytes()
    try:
        read = read_documents(data, SourceItem(str(file), None, "xml" if file.suffix.lower()
                                               == ".xml" else "text", len(data)),
                              hashlib.sha256(data).hexdigest())
    except ParseError as exc:
        _err(f"error: {exc.message}")
        sys.exit(2)
    tables = tabulate(read.documents)
    for table in schema.DOCUMENT_TABLES:
        if not as_json:
            click.echo(f"== {table} ({len(tables[table])} rows)")
        for row in tables[table]:
            if as_json:
                click.echo(json.dumps({"table": table, **row}, ensure_ascii=False,
                                      default=_json_default))
            else:
                shown = {k: v for k, v in row.items() if v is not None}
                click.echo("  " + "  ".join(f"{k}={_json_default(v) if isinstance(v, date) else v}"
                                            for k, v in shown.items()))
    for w in read.diagnostics + [w for d in read.documents for w in d.diagnostics]:
        _err(str(w))


DICTIONARY_START = "<!-- data-dictionary:start (generated from schemas/ by `python -m etl docs`) -->"
DICTIONARY_END = "<!-- data-dictionary:end -->"


COVERAGE_START = "<!-- coverage:start (generated from output/build_report.json by `python -m etl docs`) -->"
COVERAGE_END = "<!-- coverage:end -->"
PERFORMANCE_START = ("<!-- performance:start (generated from docs/benchmark.json by "
                     "`python -m etl docs`) -->")
PERFORMANCE_END = "<!-- performance:end -->"


def _between(text: str, start: str, end: str, content: str) -> str:
    if start not in text:
        return text
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    return f"{before}{start}\n\n{content}{end}{after}"


def readme_with_dictionary(readme: str) -> str:
    return _between(readme, DICTIONARY_START, DICTIONARY_END, schema.data_dictionary())


def coverage_markdown(report: dict) -> str:
    """The table of resolutions by session and language, from a build report."""
    table = report["corpus"]["coverage"]
    languages = table["languages"]
    lines = ["| session | resolutions | " + " | ".join(languages) + " |",
             "|---|---:|" + "---:|" * len(languages)]
    totals = {l: 0 for l in languages}
    total = 0
    for row in table["rows"]:
        lines.append(f"| {row['session']} | {row['resolutions']:,} | " +
                     " | ".join(f"{row[l]:,}" for l in languages) + " |")
        total += row["resolutions"]
        for l in languages:
            totals[l] += row[l]
    lines.append(f"| **total** | **{total:,}** | " +
                 " | ".join(f"**{totals[l]:,}**" for l in languages) + " |")
    return "\n".join(lines) + "\n\n"


@main.command()
def docs() -> None:
    """Regenerate the README's data dictionary (schemas/), its coverage table
    (output/build_report.json) and datapackage.json."""
    from .package import root_parts, write_root
    readme = schema.ROOT / "README.md"
    text = readme_with_dictionary(readme.read_text(encoding="utf-8"))
    report = schema.ROOT / "output" / "build_report.json"
    if report.is_file():
        text = _between(text, COVERAGE_START, COVERAGE_END,
                        coverage_markdown(json.loads(report.read_text(encoding="utf-8"))))
    if BENCH_RESULTS.is_file():
        from .bench import performance_table
        text = _between(text, PERFORMANCE_START, PERFORMANCE_END, performance_table(
            json.loads(BENCH_RESULTS.read_text(encoding="utf-8"))))
    readme.write_text(text, encoding="utf-8")
    write_root(root_parts())
    click.echo("updated README.md (data dictionary, coverage, performance) and datapackage.json")


@main.command()
@click.option("--sizes", default="10000", show_default=True,
              help="Synthetic text corpus sizes to measure, comma-separated ('' for none).")
@click.option("--corpus/--no-corpus", default=True, show_default=True,
              help="Measure the build of sources/ (clean, incremental, a tenth, lxml floor).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores).")
@click.option("--frictionless", type=click.Choice(["csv", "all", "none"]), default="all",
              show_default=True, help="Also time Frictionless on the same output (all: the "
                                      "whole descriptor, as `frictionless validate` reads it).")
@click.option("--json", "json_path", type=click.Path(path_type=Path),
              default=BENCH_RESULTS, show_default="docs/benchmark.json",
              help="Where to write the results (the README's performance table is made from "
                   "this file by `python -m etl docs`).")
def bench(sizes: str, corpus: bool, jobs: int | None, frictionless: str, json_path: Path) -> None:
    """Time the build of sources/ and of synthetic text corpora, stage by stage."""
    import os
    from .bench import run
    results = run([int(s) for s in sizes.split(",") if s], jobs or os.cpu_count() or 1,
                  frictionless, corpus_too=corpus)
    results["date"] = date.today().isoformat()
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    click.echo(f"results written to {json_path}", err=True)


def _register_publish_commands() -> None:
    from .differential import differential
    from .lineage.command import diff
    from .publish.commands import COMMANDS
    for command in [differential, diff, *COMMANDS]:
        main.add_command(command)


_register_publish_commands()
