"""Command line: `python -m etl build | validate | parse`.

Exit codes: 0 success; 1 some input files were rejected (the package was
built from the others) or the package is invalid; 2 nothing was written.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from . import schema
from .build import DEFAULT_CACHE, build as run_build
from .errors import ParseError
from .parse import parse_file
from .tabulate import tabulate

DEFAULT_SOURCES = schema.ROOT / "sources"
DEFAULT_OUTPUT = schema.ROOT / "output"


def _err(message: str) -> None:
    click.echo(message, err=True)


@click.group()
def main() -> None:
    """Parse UN General Assembly resolutions into a validated data package."""


@main.command()
@click.option("--sources", type=click.Path(path_type=Path), default=DEFAULT_SOURCES,
              show_default="sources/", help="Folder of resolution texts (searched recursively).")
@click.option("--output", type=click.Path(path_type=Path), default=DEFAULT_OUTPUT,
              show_default="output/", help="Folder to write csv/, parquet/ and the build report to.")
@click.option("--strict", is_flag=True, help="Fail on any rejected file or warning.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for parsing (default: all cores).")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Reuse parses of unchanged files (kept in .cache/parse/).")
@click.option("--quiet", is_flag=True, help="Only errors, warnings and the summary.")
def build(sources: Path, output: Path, strict: bool, jobs: int | None, cache: bool,
          quiet: bool) -> None:
    """Parse every source text, validate the tables and write CSV and Parquet."""
    try:
        result = run_build(sources, output, strict=strict, jobs=jobs,
                           cache_dir=DEFAULT_CACHE if cache else None)
    except FileNotFoundError as exc:
        _err(f"error: {exc}")
        sys.exit(2)
    for f in result.files:
        if f.error is not None:
            _err(f"error: {f.error.message}")
        for w in f.warnings:
            _err(str(w))
        if f.status == "ok" and not quiet:
            e = f.entry
            c = e["counts"]
            counts = ", ".join(f"{k} {v}" for k, v in e["citations_by_type"].items())
            _err(f"{f.path}: {e['symbol']} ({e['language']}): {c['preambular']} preambular, "
                 f"{c['operative']} operative, {c['clauses']} clauses, "
                 f"{c['footnotes']} footnotes; citations: {counts or 'none'}")
    if not result.written:
        _err(f"build failed, {output} left unchanged: {result.failure}")
        sys.exit(2)
    sizes = ", ".join(f"{name} {rows}" for name, rows in result.tables.items())
    _err(f"wrote {output}: {sizes}; {len(result.rejected)} file(s) rejected, "
         f"{result.warning_count} warning(s)")
    if result.rejected:
        sys.exit(1)


@main.command()
@click.argument("package", type=click.Path(path_type=Path, exists=True),
                default=schema.ROOT / "datapackage.json")
def validate(package: Path) -> None:
    """Validate a data package (default: the repository's datapackage.json)."""
    from .validate import summarize, validate_package
    report = validate_package(package)
    if report.valid:
        click.echo(f"{package}: valid ({len(report.tasks)} resources)")
        return
    click.echo(summarize(report, limit=200), err=True)
    click.echo(f"{package}: INVALID", err=True)
    sys.exit(1)


def _json_default(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value))


@main.command()
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per row, with its table.")
def parse(file: Path, as_json: bool) -> None:
    """Show the rows one resolution file yields."""
    try:
        parsed = parse_file(file, str(file))
    except ParseError as exc:
        _err(f"error: {exc.message}")
        sys.exit(2)
    tables = tabulate([parsed])
    for table in schema.TABLES:
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
    for w in parsed.diagnostics:
        _err(str(w))


DICTIONARY_START = "<!-- data-dictionary:start (generated from schemas/ by `python -m etl docs`) -->"
DICTIONARY_END = "<!-- data-dictionary:end -->"


def readme_with_dictionary(readme: str) -> str:
    before, _, rest = readme.partition(DICTIONARY_START)
    _, _, after = rest.partition(DICTIONARY_END)
    return f"{before}{DICTIONARY_START}\n\n{schema.data_dictionary()}{DICTIONARY_END}{after}"


@main.command()
def docs() -> None:
    """Regenerate the README's data dictionary and datapackage.json from schemas/."""
    from .package import write_root
    readme = schema.ROOT / "README.md"
    readme.write_text(readme_with_dictionary(readme.read_text(encoding="utf-8")),
                      encoding="utf-8")
    write_root()
    click.echo("updated README.md data dictionary and datapackage.json")


@main.command()
@click.option("--sizes", default="100,1000", show_default=True,
              help="Corpus sizes to measure, comma-separated (e.g. 100,1000,10000).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores).")
@click.option("--frictionless", type=click.Choice(["csv", "all", "none"]), default="csv",
              show_default=True, help="Also time Frictionless on the same output (reference).")
@click.option("--json", "json_path", type=click.Path(path_type=Path),
              default=schema.ROOT / ".cache" / "bench" / "results.json",
              show_default=".cache/bench/results.json", help="Where to write the results.")
def bench(sizes: str, jobs: int | None, frictionless: str, json_path: Path) -> None:
    """Build synthetic corpora made from the seeds and time every stage."""
    import os
    from .bench import run
    results = run([int(s) for s in sizes.split(",")], jobs or os.cpu_count() or 1, frictionless)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    click.echo(f"results written to {json_path}", err=True)
