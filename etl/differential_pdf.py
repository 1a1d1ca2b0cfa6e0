"""Differential test of the PDF front end against the XML reader, on real PDFs.

Each official PDF (`sources/pdf/79/`) is read with the PDF front end
(etl.pdf.read_pdf) and compared with the XML reader's reading of the same
resolution in the UN's XML (`sources/akn/79session-English.zip`), which says
what the PDF must read as: clause ids, kinds, levels and parents, labels,
texts, leading phrases, footnotes and their texts, markers (clause, number,
offset), and the metadata the print carries (symbol, title, adoption date,
committee, report or draft symbol, plenary meeting, agenda item). A PDF is
exact when nothing differs; every other one gets the first difference as its
cause (etl.differential.compare, then levels and agenda item). The report
names every PDF that is not exact, grouped by cause.

    python -m etl differential-pdf --report docs/differential-pdf.json
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

import click

from .differential import Difference, _error_signature, compare, run_checks

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PDFS = ROOT / "sources" / "pdf" / "79"
DEFAULT_XML = ROOT / "sources" / "akn" / "79session-English.zip"


@dataclass(frozen=True)
class PdfResult:
    pdf: str                          # repository-relative path
    symbol: str | None
    xml: str | None                   # archive!member of the twin
    difference: Difference | None
    seconds: float = 0.0

    @property
    def exact(self) -> bool:
        return self.difference is None


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def compare_pdf(xml, pdf) -> Difference | None:
    """The first difference between the XML reader's Document and the PDF front
    end's: etl.differential.compare, then levels and parents, then the agenda
    item."""
    found = compare(xml, pdf)
    if found is not None:
        return found
    for cp, cx in zip(pdf.clauses, xml.clauses):
        if (cp.level, cp.parent_id) != (cx.level, cx.parent_id):
            return Difference("level", "level or parent differs", cx.clause_id,
                              f"{cp.level} {cp.parent_id}", f"{cx.level} {cx.parent_id}")
    a, b = pdf.resolution.agenda_item, xml.resolution.agenda_item
    if a != b:
        return Difference("agenda_item", "agenda_item differs", "", str(a), str(b))
    return None


def _twin_members(names: list[str], symbol: str) -> list[str]:
    """Members of the XML archive that may hold `symbol` (by the UN's file
    naming, A_RES_79_100-2423545E.xml); the reading decides."""
    m = re.match(r"A/RES/(\d+)/(\d+)", symbol)
    if not m:
        return []
    stem = f"A_RES_{m.group(1)}_{m.group(2)}"
    return [n for n in names if re.search(rf"(?:^|/){stem}(?:[A-Z]{{0,2}})?[-_.]", n)]


_ARCHIVE: dict[str, zipfile.ZipFile] = {}


def check_pdf(args: tuple[str, str]) -> PdfResult:
    """Read one PDF and its XML twin and compare them."""
    from .akn.reader import read_akn
    from .pdf import read_pdf
    pdf_path, xml_path = args
    started = time.perf_counter()
    shown = _relative(Path(pdf_path))
    data = Path(pdf_path).read_bytes()
    try:
        pdf = read_pdf(data, shown, None, sha256(data).hexdigest()).documents[0]
    except Exception as exc:
        return PdfResult(shown, None, None, Difference("read", _error_signature(exc), "",
                                                       str(exc)[:200], ""),
                         time.perf_counter() - started)
    symbol = pdf.resolution.symbol
    archive = _ARCHIVE.get(xml_path) or _ARCHIVE.setdefault(xml_path, zipfile.ZipFile(xml_path))
    twin = where = None
    for name in _twin_members(archive.namelist(), symbol):
        member = archive.read(name)
        for document in read_akn(member, _relative(Path(xml_path)), name,
                                 sha256(member).hexdigest()).documents:
            if document.resolution.symbol == symbol and document.resolution.language == \
                    pdf.resolution.language:
                twin, where = document, f"{_relative(Path(xml_path))}!{name}"
    if twin is None:
        return PdfResult(shown, symbol, None, Difference("twin", "no XML twin in the archive", "",
                                                         symbol, ""),
                         time.perf_counter() - started)
    return PdfResult(shown, symbol, where, compare_pdf(twin, pdf), time.perf_counter() - started)


def run(pdfs: list[Path], xml: Path, jobs: int = 2, progress=None) -> list[PdfResult]:
    tasks = [(str(p), str(xml)) for p in pdfs]
    return sorted(run_checks(check_pdf, tasks, jobs, progress), key=lambda r: _natural(r.pdf))


def _natural(path: str) -> tuple:
    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", path))


def summarize(results: list[PdfResult]) -> dict:
    exact = sum(r.exact for r in results)
    causes: dict[tuple[str, str], list[PdfResult]] = defaultdict(list)
    for r in results:
        if r.difference is not None:
            causes[(r.difference.field, r.difference.signature)].append(r)
    table = [{"field": f, "signature": sig, "pdfs": len(failed),
              "failures": [{"pdf": r.pdf, "symbol": r.symbol, "xml": r.xml,
                            "where": r.difference.where, "pdf_reads": r.difference.parser,
                            "xml_reads": r.difference.xml} for r in failed]}
             for (f, sig), failed in sorted(causes.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    return {"pdfs": len(results), "exact": exact,
            "percent_exact": round(100.0 * exact / len(results), 2) if results else 0.0,
            "causes": table}


def _md(text) -> str:
    return str(text).replace("|", "\\|").replace("`", "'").replace("\n", " ")[:170]


def markdown(report: dict) -> str:
    run_ = report.get("run", {})
    lines = ["# Differential test: the PDF front end against the XML reader", "",
             "Each official PDF is read by the PDF front end (`etl/pdf/`) and compared with the "
             "XML reader's reading of the same resolution in the UN's XML: clause ids, kinds, "
             "levels, labels, texts, leading phrases, footnotes and their texts, markers per "
             "clause with their offsets, and the metadata the print carries. A PDF is exact when "
             "nothing differs; every other PDF is named below with the first difference found.",
             ""]
    if run_:
        lines += [f"Command: `{run_.get('command', '')}`  ",
                  f"PDFs: {run_.get('pdfs', 0)}, seconds: {run_.get('seconds', 0)}, "
                  f"jobs: {run_.get('jobs', 0)}", ""]
    failing = [f["symbol"] for c in report["causes"] for f in c["failures"]]
    kinds: dict[str, list[str]] = defaultdict(list)
    for symbol in failing:
        why = report.get("explanations", {}).get(symbol or "", "Not explained yet: ")
        kinds[why.split(":")[0].split(" (")[0]].append(symbol or "?")
    lines += [f"**{report['exact']} of {report['pdfs']} PDFs exact "
              f"({report['percent_exact']} %).** The others, by where the difference lies:", ""]
    lines += [f"- {kind}: {len(symbols)} ({', '.join(symbols)})"
              for kind, symbols in sorted(kinds.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    lines += ["", "| PDFs | field | cause |", "|---:|---|---|"]
    for cause in report["causes"]:
        lines.append(f"| {cause['pdfs']} | {cause['field']} | {_md(cause['signature'])} |")
    for cause in report["causes"]:
        lines += ["", f"## {_md(cause['signature'])} ({cause['pdfs']})", "",
                  "| PDF | where | the PDF reads | the XML reads |", "|---|---|---|---|"]
        for f in cause["failures"]:
            lines.append(f"| {f['symbol'] or f['pdf']} | {_md(f['where'])} | `{_md(f['pdf_reads'])}` "
                         f"| `{_md(f['xml_reads'])}` |")
        why = [(f["symbol"], report.get("explanations", {}).get(f["symbol"] or ""))
               for f in cause["failures"]]
        lines += [""] + [f"- {symbol}: {text}" for symbol, text in why if text]
    return "\n".join(lines) + "\n"


def write_report(report: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    summary = path.with_suffix(".md")
    summary.write_text(markdown(report), encoding="utf-8")
    return summary


def sample(pdfs: list[Path], size: int, seed: int) -> list[Path]:
    return sorted(random.Random(seed).sample(pdfs, min(size, len(pdfs))),
                  key=lambda p: _natural(p.name))


@click.command("differential-pdf")
@click.option("--pdfs", type=click.Path(path_type=Path, exists=True, file_okay=False),
              default=DEFAULT_PDFS, show_default="sources/pdf/79/",
              help="Folder of official PDFs (*.pdf).")
@click.option("--xml", "xml_path", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              default=DEFAULT_XML, show_default="sources/akn/79session-English.zip",
              help="Zip archive of the XML twins.")
@click.option("--sample", "size", type=click.IntRange(min=1), default=None,
              help="Check a fixed, seeded sample of this many PDFs (default: all).")
@click.option("--seed", type=int, default=14, show_default=True, help="Seed of the sample.")
@click.option("--report", "report_path", type=click.Path(path_type=Path), default=None,
              help="Write the JSON report here and a Markdown summary beside it (.md).")
@click.option("--jobs", type=click.IntRange(min=1), default=2, show_default=True,
              help="Worker processes.")
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None,
              help="Exit 1 if the share of exact PDFs is below this percentage.")
def differential_pdf(pdfs: Path, xml_path: Path, size: int | None, seed: int,
                     report_path: Path | None, jobs: int, fail_under: float | None) -> None:
    """Read the official PDFs, compare each with its XML twin, report by cause."""
    files = sorted(pdfs.glob("*.pdf"), key=lambda p: _natural(p.name))
    if not files:
        raise click.ClickException(f"{pdfs}: no *.pdf files")
    if size:
        files = sample(files, size, seed)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % 50 == 0 or done == total:
            click.echo(f"{done}/{total} PDFs", err=True)

    results = run(files, xml_path, jobs, progress)
    report = summarize(results)
    command = " ".join(["python -m etl differential-pdf",
                        f"--sample {size} --seed {seed}" if size else "", f"--jobs {jobs}"])
    report["run"] = {"command": " ".join(command.split()), "pdfs": len(files), "jobs": jobs,
                     "seconds": round(time.perf_counter() - started, 1),
                     "worker_seconds": round(sum(r.seconds for r in results), 1)}
    report["explanations"] = EXPLANATIONS
    click.echo(f"{report['exact']} of {report['pdfs']} PDFs exact ({report['percent_exact']}%), "
               f"{len(report['causes'])} causes")
    for cause in report["causes"]:
        names = ", ".join(f["symbol"] or f["pdf"] for f in cause["failures"][:6])
        click.echo(f"    {cause['pdfs']:4d}  {cause['signature']}: {names}")
    if report_path:
        summary = write_report(report, report_path)
        click.echo(f"report written to {report_path} and {summary}", err=True)
    if fail_under is not None and report["percent_exact"] < fail_under:
        sys.exit(1)


# Why each PDF of session 79 that is not exact differs, checked by hand on the
# PDF and the XML: written into the report beside its cause. "Print" means the
# PDF's text layer, "XML" the UN's markup of the same resolution.
EXPLANATIONS: dict[str, str] = {
    "A/RES/79/149": "XML slip: from the marker after \"2015–2030,\" on, the XML's marker "
                    "offsets fall two characters into the next word (\"t|he\"); the print puts "
                    "each marker after its word, where the PDF reading has it.",
    "A/RES/79/203": "XML slip: the same two-character shift of the markers after a range "
                    "(\"a|nd the Kunming\").",
    "A/RES/79/164": "XML slip: pp8 is written \"self- determination\" with a space (op6 of the same "
                    "file: \"self-determination\"); the print sets a non-breaking hyphen that the "
                    "next letter overprints.",
    "A/RES/79/263": "Print: footnote marker 8 is set inside the word \"a⁸nd\"; the PDF reading "
                    "takes the marker out and keeps the word's two halves apart.",
    "A/RES/79/172": "Print: the leading phrase \"Invites\" of op45 is set letter by letter in "
                    "1-point type under a scaled text matrix; the text layer gives the letters "
                    "apart (\"I n v i t e s\").",
    "A/RES/79/205": "Encoding: the XML writes \"Niño\" with a combining tilde (n + U+0303), the "
                    "print with the precomposed ñ; the same text.",
    "A/RES/79/333": "Print: \"Recalling,\" that opens pp1 is set in regular type; the XML marks "
                    "it as the italic leading phrase.",
    "A/RES/79/1": "XML slips: \"Action 13 .\" is written with a space before its full "
                  "stop (u14; the print and the other actions: \"Action 13.\"), and the heading "
                  "\"II. International peace and security\" is marked up as an item "
                  "(op31.b.i, label II) of sub-paragraph (b); the print sets it as a bold "
                  "heading, as the PDF reading has it.",
    "A/RES/79/243": "XML markup: the annex title \"United Nations Convention against "
                    "Cybercrime;\" ends with a semicolon, and the XML makes it a heading element; "
                    "the PDF reading follows the XML reader's own rule for text (a heading ends "
                    "without sentence punctuation) and reads a bold unnumbered row.",
    "A/RES/79/258": "XML markup: two division titles of more than 150 characters are heading "
                    "elements here, while the same kind of title is a bold text paragraph in "
                    "79/81; the PDF reading follows the XML reader's rule for text (a heading "
                    "has at most 150 characters).",
    "A/RES/79/298": "XML markup: as in 79/258, a title of more than 150 characters.",
}

__all__ = ["PdfResult", "compare_pdf", "check_pdf", "run", "summarize", "markdown",
           "write_report", "sample", "differential_pdf"]
