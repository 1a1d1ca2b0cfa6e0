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
from .fetch import FetchConfig
from .tabulate import tabulate

FETCH_DEFAULTS = FetchConfig()

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
    audit = (result.decisions.report.get("audit") or {}) if result.decisions else {}
    if audit:
        broken = {k: v for k, v in audit["invariants"].items() if v["broken"]}
        _err("audit: " + ("passed" if audit["ok"] else "FAILED") + "; " + (", ".join(
            f"{k} {v['broken']:,} ({v['new']:,} new)" for k, v in broken.items())
            or "no invariant broken") + " (python -m etl audit for the rows)")
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


@main.command()
@click.argument("package", type=click.Path(path_type=Path, exists=True),
                default=schema.ROOT / "output")
@click.option("--exceptions", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              default=None, help="Known exceptions (default: etl/audit_exceptions.json).")
@click.option("--examples", type=click.IntRange(min=0), default=10, show_default=True,
              help="Broken rows shown per invariant.")
def audit(package: Path, exceptions: Path | None, examples: int) -> None:
    """Check the invariants of every row of a built package (default: output/).

    Exits 1 when a row breaks an invariant and is not a known exception."""
    from .audit import EXCEPTIONS, audit_package, load_exceptions, summary
    folder = package.parent if package.is_file() else package
    if folder.resolve() == schema.ROOT.resolve():
        folder = schema.ROOT / "output"   # the root datapackage.json describes output/
    try:
        result = audit_package(folder, load_exceptions(exceptions or EXCEPTIONS))
    except (FileNotFoundError, ValueError) as exc:
        _err(f"error: {exc}")
        sys.exit(2)
    click.echo(summary(result, examples))
    if not result.ok:
        sys.exit(1)


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


AGREEMENT_START = ("<!-- language-agreement:start (generated from output/build_report.json "
                   "by `python -m etl docs`) -->")
AGREEMENT_END = "<!-- language-agreement:end -->"
AUDIT_START = "<!-- audit:start (generated from output/build_report.json by `python -m etl docs`) -->"
AUDIT_END = "<!-- audit:end -->"


def agreement_markdown(report: dict) -> str:
    """The six-language id agreement the build measured, before and after its repairs."""
    a = report["corpus"]["language_agreement"]
    repairs = report["corpus"].get("language_repairs", [])
    six, agree = a["resolutions_in_all_six_languages"], a["agree_on_paragraph_ids"]
    before = a.get("before_repairs", {}).get("agree_on_paragraph_ids", agree)
    repaired = [r for r in repairs if r["repaired"]]
    kept = len(repairs) - len(repaired)
    return (f"On the package built from `sources/`: of {six:,} resolutions in the six "
            f"official languages, **{agree:,} ({100 * agree / six:.1f} %; target 98 %) have "
            f"the same paragraph ids in every language** ({before:,}, "
            f"{100 * before / six:.1f} %, before the repairs), and "
            f"{a['agree_on_paragraph_ids_and_footnotes']:,} also the same footnote numbers. "
            f"{len(repaired):,} language versions of {len({r['symbol'] for r in repaired}):,} "
            f"resolutions were repaired, {kept:,} versions that differ were kept as their text "
            f"reads; the {six - agree:,} resolutions whose ids still differ are listed in "
            f"`corpus.language_agreement.remaining` with their cause.\n\n")


def audit_markdown(report: dict) -> str:
    """The audit's counts on the package the build wrote."""
    audit = report["corpus"].get("audit")
    if not audit:
        return ""
    lines = ["| invariant | rows checked | broken | known exceptions | new |",
             "|---|---:|---:|---:|---:|"]
    for name, v in audit["invariants"].items():
        lines.append(f"| `{name}` | {v['checked']:,} | {v['broken']:,} | {v['known']:,} | "
                     f"{v['new']:,} |")
    return ("On the package built from `sources/` (the audit "
            + ("passes" if audit["ok"] else "FAILS") + "):\n\n" + "\n".join(lines) + "\n\n")


@main.command()
def docs() -> None:
    """Regenerate the README's data dictionary (schemas/), its coverage table, language
    agreement and audit figures (output/build_report.json), its performance table
    (docs/benchmark.json) and datapackage.json."""
    from .package import root_parts, write_root
    readme = schema.ROOT / "README.md"
    text = readme_with_dictionary(readme.read_text(encoding="utf-8"))
    report = schema.ROOT / "output" / "build_report.json"
    if report.is_file():
        built = json.loads(report.read_text(encoding="utf-8"))
        text = _between(text, COVERAGE_START, COVERAGE_END, coverage_markdown(built))
        text = _between(text, AGREEMENT_START, AGREEMENT_END, agreement_markdown(built))
        text = _between(text, AUDIT_START, AUDIT_END, audit_markdown(built))
    if BENCH_RESULTS.is_file():
        from .bench import performance_table
        text = _between(text, PERFORMANCE_START, PERFORMANCE_END, performance_table(
            json.loads(BENCH_RESULTS.read_text(encoding="utf-8"))))
    readme.write_text(text, encoding="utf-8")
    write_root(root_parts())
    click.echo("updated README.md (data dictionary, coverage, language agreement, audit, "
               "performance) and datapackage.json")


@main.command()
@click.option("--sizes", default="10000", show_default=True,
              help="Synthetic text corpus sizes to measure, comma-separated ('' for none).")
@click.option("--corpus/--no-corpus", default=True, show_default=True,
              help="Measure the build of sources/ (clean, incremental, a tenth, lxml floor).")
@click.option("--pdf/--no-pdf", "pdf", default=True, show_default=True,
              help="Measure the PDF front end over sources/pdf/ against a plain PyMuPDF "
                   "get_text() pass over the same files.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores).")
@click.option("--frictionless", type=click.Choice(["csv", "all", "none"]), default="all",
              show_default=True, help="Also time Frictionless on the same output (all: the "
                                      "whole descriptor, as `frictionless validate` reads it).")
@click.option("--json", "json_path", type=click.Path(path_type=Path),
              default=BENCH_RESULTS, show_default="docs/benchmark.json",
              help="Where to write the results (the README's performance table is made from "
                   "this file by `python -m etl docs`).")
def bench(sizes: str, corpus: bool, pdf: bool, jobs: int | None, frictionless: str,
          json_path: Path) -> None:
    """Time the build of sources/ and of synthetic text corpora, stage by stage."""
    import os
    from .bench import run
    results = run([int(s) for s in sizes.split(",") if s], jobs or os.cpu_count() or 1,
                  frictionless, corpus_too=corpus, pdf_too=pdf)
    results["date"] = date.today().isoformat()
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    click.echo(f"results written to {json_path}", err=True)


@main.command()
@click.option("--session", type=click.IntRange(min=1), required=True,
              help="Number of the regular session (80 for the 80th).")
@click.option("--sources", type=click.Path(path_type=Path), default=DEFAULT_SOURCES,
              show_default="sources/", help="Folder to write akn/, metadata/ and pdf/ to.")
@click.option("--pdf", is_flag=True,
              help="Fetch the official PDFs of the session's resolutions by symbol, from the "
                   "UN's document system, instead of the XML and metadata.")
@click.option("--lang", default=None,
              help="Languages, ISO 639-1 codes, comma-separated (en,zh,...). XML: default every "
                   "language folder of the session; PDF: default en.")
@click.option("--force", is_flag=True, help="Fetch and replace files already in the sources folder.")
@click.option("--ref", default=FETCH_DEFAULTS.ref, show_default=True,
              help="Branch, tag or commit of the XML repository (HEAD: its default branch).")
@click.option("--api-url", default=FETCH_DEFAULTS.api_base, show_default=True,
              help="Folder listings: {api-url}/{path}?ref={ref} (GitHub contents API).")
@click.option("--raw-url", default=FETCH_DEFAULTS.raw_base, show_default=True,
              help="Files: {raw-url}/{ref}/{path}.")
@click.option("--pdf-url", default=FETCH_DEFAULTS.pdf_base, show_default=True,
              help="PDFs: {pdf-url}?s=A/RES/{session}/{number}&l={lang}&t=pdf.")
@click.option("--delay", type=click.FloatRange(min=0), default=FETCH_DEFAULTS.delay,
              show_default=True, help="Seconds between two requests.")
@click.option("--retries", type=click.IntRange(min=0), default=FETCH_DEFAULTS.retries,
              show_default=True, help="Retries of a failed request (backoff doubling each time).")
@click.option("--stop-after", type=click.IntRange(min=1), default=FETCH_DEFAULTS.stop_after,
              show_default=True, help="PDF: stop after this many missing numbers in a row.")
@click.option("--first", type=click.IntRange(min=1), default=1, show_default=True,
              help="PDF: first resolution number.")
@click.option("--last", type=click.IntRange(min=1), default=None,
              help="PDF: last resolution number (default: until --stop-after numbers are missing).")
def fetch(session: int, sources: Path, pdf: bool, lang: str | None, force: bool, ref: str,
          api_url: str, raw_url: str, pdf_url: str, delay: float, retries: int,
          stop_after: int, first: int, last: int | None) -> None:
    """Fetch a session's XML and metadata (or its PDFs) into the sources folder.

    Nothing already there is replaced without --force; an interrupted fetch
    continues where it stopped. Exit status 1 when something was refused or
    could not be fetched (the rest is written)."""
    from dataclasses import replace
    from .fetch import LANGUAGES, Client, fetch_pdfs, fetch_session
    languages = [code.strip() for code in lang.split(",") if code.strip()] if lang else None
    unknown = [code for code in languages or [] if code not in LANGUAGES]
    if unknown:
        raise click.BadParameter(f"{', '.join(unknown)}: not one of {', '.join(LANGUAGES)}",
                                 param_hint="--lang")
    config = replace(FETCH_DEFAULTS, ref=ref, api_base=api_url, raw_base=raw_url, pdf_base=pdf_url,
                     delay=delay, retries=retries, stop_after=stop_after)
    client = Client(config, log=_err)
    if pdf:
        report = fetch_pdfs(session, sources, languages or ["en"], config, force, client,
                            first=first, last=last)
    else:
        report = fetch_session(session, sources, config, languages, force, client)
    for path in report.written:
        click.echo(f"wrote {path}")
    for line in report.skipped + report.notes:
        _err(line)
    for line in report.refused:
        _err(f"error: {line}")
    missing = f", {len(report.missing)} missing" if pdf else ""
    _err(f"{len(report.written)} written, {len(report.skipped)} already there{missing}, "
         f"{len(report.refused)} refused or failed; {report.requests} request(s)")
    if report.failed:
        sys.exit(1)


def _register_publish_commands() -> None:
    from .differential import differential
    from .differential_pdf import differential_pdf
    from .lineage.command import diff
    from .publish.commands import COMMANDS
    for command in [differential, differential_pdf, diff, *COMMANDS]:
        main.add_command(command)


_register_publish_commands()
