"""Benchmark: build synthetic corpora made from the seeds and measure each stage.

    python -m etl bench --sizes 100,1000,10000 [--jobs N] [--frictionless csv|all|none]

For each size, a corpus of distinct resolutions is generated once (cached in
.cache/bench/): every file is a seed with a new number and its paragraphs and
footnotes shuffled, rendered the way PDF extraction lays texts out (etl.text.synth),
so every file parses as a real resolution. Each measurement runs in a fresh
process so that peak memory is the measured build's own. Results are printed
and written as JSON for comparison between runs. Not part of the test suite.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import schema

BENCH_DIR = schema.ROOT / ".cache" / "bench"


# ------------------------------------------------------------------ corpus

def _seed_docs():
    from .text.parse import parse_file
    from .text.synth import doc_from_parsed
    seeds = sorted((schema.ROOT / "sources" / "zh").glob("*.txt"))
    return [doc_from_parsed(parse_file(p, p.name)) for p in seeds]


def _render_range(args) -> int:
    directory, start, stop = args
    from .text.synth import Options, render, variant
    docs = _seed_docs()
    for i in range(start, stop):
        rng = random.Random(i)
        doc = variant(docs[i % len(docs)], 100 + i // 1000, 1 + i % 1000, rng)
        options = Options(width=rng.choice([72, 76, 80, 84]), blank_lines=rng.random() < 0.7,
                          inline_markers=rng.random() < 0.3, page_lines=rng.randint(30, 45))
        path = Path(directory) / f"{i // 1000:03d}" / f"res-{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(doc, options), encoding="utf-8")
    return stop - start


def corpus(size: int, jobs: int) -> Path:
    """The corpus of `size` resolutions, generated on first use."""
    directory = BENCH_DIR / f"corpus-{size}"
    done = directory / ".complete"
    if done.exists():
        return directory
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    step = 250
    ranges = [(str(directory), a, min(a + step, size)) for a in range(0, size, step)]
    from multiprocessing import get_context
    with get_context("forkserver").Pool(jobs) as pool:
        list(pool.imap_unordered(_render_range, ranges))
    done.touch()
    return directory


def add_one(directory: Path, size: int) -> Path:
    """Add resolution number `size` to the corpus; return its path (remove it after)."""
    _render_range((str(directory), size, size + 1))
    return directory / f"{size // 1000:03d}" / f"res-{size:06d}.txt"


# ------------------------------------------------------------------ one measured build

def measure_build(sources: str, output: str, jobs: int, cache: str | None) -> dict:
    """Run in a fresh process: one build, its stage timings and peak memory."""
    from .build import build
    started = time.perf_counter()
    result = build(Path(sources), Path(output), jobs=jobs,
                   cache_dir=Path(cache) if cache else None, quiet=True)
    wall = time.perf_counter() - started
    return {"written": result.written, "failure": result.failure, "wall_s": wall,
            "stages_s": result.timings, "rows": result.tables, "parsed": result.parsed,
            "parts_written": result.parts_written, "rejected": len(result.rejected),
            "peak_rss_bytes": result.peak_rss.get("main", 0),
            "peak_rss_worker_bytes": result.peak_rss.get("workers", 0),
            "parse_cpu_s": sum(r.cpu_seconds for r in result.items)}


def _in_fresh_process(function: str, *args) -> dict:
    code = (f"import json, sys; from etl.bench import {function}; "
            f"print(json.dumps({function}(*json.loads(sys.argv[1]))))")
    done = subprocess.run([sys.executable, "-c", code, json.dumps(args)], cwd=schema.ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_frictionless(output: str, which: str) -> dict:
    from frictionless import Package
    desc = json.loads((Path(output) / "datapackage.json").read_text(encoding="utf-8"))
    if which == "csv":
        desc["resources"] = [r for r in desc["resources"] if r["format"] == "csv"]
    started = time.perf_counter()
    report = Package(desc, basepath=output).validate()
    seconds = time.perf_counter() - started
    rows = sum(task.stats.get("rows", 0) or 0 for task in report.tasks)
    return {"resources": which, "valid": report.valid, "seconds": seconds, "rows": rows,
            "rows_per_s": rows / seconds if seconds else None,
            "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}


def reference_xml_pass(sources: str) -> dict:
    """The floor for the XML stage: lxml.etree.fromstring + itertext over every XML
    member of every archive, on one core, nothing else."""
    import zipfile
    from lxml import etree
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    started = time.perf_counter()
    files = size = characters = 0
    for path in sorted(Path(sources).rglob("*.zip")):
        with zipfile.ZipFile(path) as zf:
            for name in sorted(zf.namelist()):
                if not name.lower().endswith(".xml"):
                    continue
                data = zf.read(name)
                files += 1
                size += len(data)
                try:
                    root = etree.fromstring(data, parser)
                except etree.XMLSyntaxError:
                    continue
                characters += sum(len(t) for t in root.itertext())
    seconds = time.perf_counter() - started
    return {"files": files, "bytes": size, "characters": characters, "seconds": seconds,
            "mb_per_s": size / 1e6 / seconds}


def measure_lineage(output: str) -> dict:
    """Run in a fresh process: the lineage tables of a built package checked
    against the package (etl.lineage.checks) and the build report's figures."""
    from .lineage import checks
    from .publish import tables
    t = {name: tables.read_table(Path(output), name) for name in
         ("resolutions", "clauses", "citations", "lineage", "clause_lineage")}
    found = checks.acceptance(t["resolutions"], t["clauses"], t["citations"], t["lineage"],
                              t["clause_lineage"])
    report = tables.read_report(Path(output))["corpus"].get("lineage", {})
    renewals = found["renewals"]
    return {
        "links": report.get("links"), "by_basis": report.get("by_basis"),
        "renewals": renewals["renewals"], "renewals_linked": renewals["renewals_linked"],
        "links_without_shared_title_agenda_or_citation":
            len(renewals["links_without_shared_title_agenda_or_citation"]),
        "links_to_a_resolution_not_earlier": len(renewals["links_to_a_resolution_not_earlier"]),
        "unchanged": found["unchanged"] | {"unchanged_pairs_differing":
                                           len(found["unchanged"]["unchanged_pairs_differing"])},
        "language_agreement": report.get("language_agreement"),
        "links_whose_languages_all_agree": found["languages"],
    }


def measure_pdf(folder: str) -> dict:
    """Target 7: the PDF front end against a plain text pass of the same library
    (PyMuPDF's page.get_text()) over the same files, in the same process, on one
    core. Each is run twice, alternately, and the faster run counts."""
    import pymupdf
    from .errors import ParseError
    from .pdf import read_pdf
    files = sorted(Path(folder).rglob("*.pdf"))
    data = [f.read_bytes() for f in files]

    def plain() -> tuple[float, int, int]:
        started = time.perf_counter()
        pages = characters = 0
        for blob in data:
            with pymupdf.open(stream=blob, filetype="pdf") as doc:
                for page in doc:
                    characters += len(page.get_text())
                    pages += 1
        return time.perf_counter() - started, pages, characters

    def front_end() -> tuple[float, int, int]:
        started = time.perf_counter()
        documents = rejected = 0
        for f, blob in zip(files, data):
            try:
                documents += len(read_pdf(blob, f.name, None, "").documents)
            except ParseError:
                rejected += 1
        return time.perf_counter() - started, documents, rejected

    plain_runs, front_runs = [], []
    for _ in range(2):
        plain_runs.append(plain())
        front_runs.append(front_end())
    p, f = min(plain_runs), min(front_runs)
    return {"files": len(files), "bytes": sum(map(len, data)), "pages": p[1],
            "plain_text_s": p[0], "front_end_s": f[0], "documents": f[1], "rejected": f[2],
            "ratio": f[0] / p[0] if p[0] else None,
            "pymupdf": pymupdf.VersionBind}


def run_pdf() -> dict | None:
    folder = schema.ROOT / "sources" / "pdf"
    if not any(folder.rglob("*.pdf")):
        return None
    entry = _in_fresh_process("measure_pdf", str(folder))
    print(f"\n== PDF front end over {entry['files']} PDFs ({entry['pages']:,} pages), one core: "
          f"{entry['front_end_s']:.1f} s; a plain PyMuPDF get_text() pass over the same files: "
          f"{entry['plain_text_s']:.1f} s; ratio {entry['ratio']:.2f} (target 2.0)",
          file=sys.stderr)
    return entry


def _size_bytes(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*.txt"))


def _corpus_variants(work: Path, sources: Path) -> tuple[Path, Path, Path]:
    """The sources (archives linked, not copied); one more XML file to add to them
    (a new version of one resolution: one word changed); a tenth of every
    archive's members."""
    import zipfile
    same, tenth = work / "sources", work / "sources-tenth"
    shutil.copytree(sources, same, copy_function=os.link)
    tenth.mkdir()
    added = None
    for path in sorted(sources.rglob("*")):
        rel = path.relative_to(sources)
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf, zipfile.ZipFile(tenth / rel.name, "w",
                                                              zipfile.ZIP_STORED) as out:
                names = sorted(zf.namelist())
                for name in names[::10]:
                    out.writestr(name, zf.read(name))
                if added is None and "English" in path.name:
                    data = zf.read(names[len(names) // 2]).replace(b"<p>", b"<p>Newly ", 1)
                    added = work / Path(names[len(names) // 2]).name
                    added.write_bytes(data)
        elif path.is_file() and path.suffix in (".txt", ".json"):
            (tenth / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, tenth / rel)
    return same, added, tenth


def run_corpus(jobs: int, frictionless: str) -> dict:
    """Targets 1, 2, 4 and 5: the real sources/ folder."""
    sources = schema.ROOT / "sources"
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-corpus-", dir=BENCH_DIR))
    try:
        same, extra, tenth = _corpus_variants(work, sources)
        cache = str(work / "cache")
        out = str(work / "output")
        clean = _in_fresh_process("measure_build", str(same), out, jobs, None)
        lineage = _in_fresh_process("measure_lineage", out)
        reference = _in_fresh_process("reference_xml_pass", str(same))
        filled = _in_fresh_process("measure_build", str(same), str(work / "out2"), jobs, cache)
        unchanged = _in_fresh_process("measure_build", str(same), str(work / "out2"), jobs,
                                      cache)
        incoming = same / "incoming"
        incoming.mkdir()
        shutil.copy(extra, incoming / extra.name)
        one_more = _in_fresh_process("measure_build", str(same), str(work / "out2"), jobs, cache)
        shutil.rmtree(incoming)
        tenth_build = _in_fresh_process("measure_build", str(tenth), str(work / "out3"), jobs,
                                        None)
        rows = sum(clean["rows"].values())
        entry = {"clean_build": clean, "reference_xml_pass": reference,
                 "build_filling_cache": filled, "rebuild_unchanged": unchanged,
                 "rebuild_after_adding_one_file": one_more, "tenth_of_the_corpus": tenth_build,
                 "validation_rows_per_s": rows / clean["stages_s"]["validate"],
                 # Lineage over the whole corpus against the rest of the clean build.
                 "lineage_vs_rest_of_build": clean["stages_s"].get("lineage", 0.0)
                 / (clean["wall_s"] - clean["stages_s"].get("lineage", 0.0)),
                 "lineage": lineage,
                 "parse_stage_vs_reference": clean["stages_s"]["parse"] / reference["seconds"],
                 "parse_cpu_vs_reference": clean["parse_cpu_s"] / reference["seconds"],
                 "memory_growth": (max(clean["peak_rss_bytes"], clean["peak_rss_worker_bytes"])
                                   / max(tenth_build["peak_rss_bytes"],
                                         tenth_build["peak_rss_worker_bytes"]))}
        if frictionless != "none":
            entry["frictionless"] = _in_fresh_process("measure_frictionless", out, frictionless)
        _print_corpus(entry)
        return entry
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(sizes: list[int], jobs: int, frictionless: str, corpus_too: bool = True,
        pdf_too: bool = True) -> dict:
    results = {"jobs": jobs, "cpus": os.cpu_count(), "python": sys.version.split()[0],
               "runs": []}
    if pdf_too:
        results["pdf"] = run_pdf()
    if corpus_too:
        results["corpus"] = run_corpus(jobs, frictionless)
    for size in sizes:
        t = time.perf_counter()
        src = corpus(size, jobs)
        generated = time.perf_counter() - t
        source_bytes = _size_bytes(src)
        work = Path(tempfile.mkdtemp(prefix=f"bench-{size}-", dir=BENCH_DIR))
        try:
            out = work / "output"
            clean = _in_fresh_process("measure_build", str(src), str(out), jobs, None)
            total_rows = sum(clean["rows"].values())
            entry = {
                "size": size, "corpus_generation_s": generated, "source_bytes": source_bytes,
                "clean_build": clean,
                "throughput": {
                    "resolutions_per_s": size / clean["wall_s"],
                    "source_mb_per_s": source_bytes / 1e6 / clean["wall_s"],
                    "rows_per_s": total_rows / clean["wall_s"],
                    "parse_cpu_ms_per_resolution": 1000 * clean["parse_cpu_s"] / size,
                    "validation_rows_per_s": total_rows / clean["stages_s"]["validate"],
                },
            }
            results["runs"].append(entry)
            _print(entry)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return results


_MIB = 1024 * 1024


def _print_corpus(e: dict) -> None:
    c, r = e["clean_build"], e["reference_xml_pass"]
    s = c["stages_s"]
    print(f"\n== sources/: {sum(c['rows'].values()):,} rows, {c['rejected']} sources rejected",
          file=sys.stderr)
    print(f"clean build {c['wall_s']:.1f} s wall (target 30 s): " + ", ".join(
        f"{k} {v:.1f} s" for k, v in s.items()), file=sys.stderr)
    print(f"reference lxml fromstring+itertext pass: {r['seconds']:.1f} s on one core "
          f"({r['mb_per_s']:.0f} MB/s, {r['files']:,} files); parse stage / reference = "
          f"{e['parse_stage_vs_reference']:.2f} (wall, {c['stages_s']['parse']:.1f} s), "
          f"parse CPU / reference = {e['parse_cpu_vs_reference']:.2f}", file=sys.stderr)
    print(f"validation inside the build: {e['validation_rows_per_s']:,.0f} rows/s "
          f"(target 1,000,000)", file=sys.stderr)
    lin = e["lineage"]
    print(f"lineage: {s.get('lineage', 0.0):.1f} s, {100 * e['lineage_vs_rest_of_build']:.1f} % "
          f"of the rest of the clean build (target 20 %); {lin['links']:,} links; renewals of "
          f"the previous session (same title, cited in the preamble) linked: "
          f"{lin['renewals_linked']:,} of {lin['renewals']:,}; links sharing no title, agenda "
          f"item or citation: {lin['links_without_shared_title_agenda_or_citation']}; "
          f"language versions agreeing: {lin['language_agreement'].get('linked_agree_share')}; "
          f"texts once in each aligned to their twin: "
          f"{lin['unchanged']['once_in_each_aligned_to_it_share']} (unchanged, in order: "
          f"{lin['unchanged']['once_in_each_as_unchanged_share']})", file=sys.stderr)
    for name in ("build_filling_cache", "rebuild_unchanged", "rebuild_after_adding_one_file"):
        b = e[name]
        print(f"{name.replace('_', ' ')}: {b['wall_s']:.2f} s (parsed {b['parsed']}, "
              f"wrote {b['parts_written']} part(s))", file=sys.stderr)
    t = e["tenth_of_the_corpus"]
    print(f"peak memory: main {c['peak_rss_bytes'] / _MIB:.0f} MiB, worker "
          f"{c['peak_rss_worker_bytes'] / _MIB:.0f} MiB; a tenth of the corpus: main "
          f"{t['peak_rss_bytes'] / _MIB:.0f} MiB, worker {t['peak_rss_worker_bytes'] / _MIB:.0f}"
          f" MiB; growth {e['memory_growth']:.2f}x (target 1.3x, 1.5 GB)", file=sys.stderr)
    if "frictionless" in e:
        f = e["frictionless"]
        print(f"frictionless ({f['resources']}): {f['seconds']:.1f} s, {f['rows_per_s']:,.0f} "
              f"rows/s, valid={f['valid']}", file=sys.stderr)


def _print(e: dict) -> None:
    c = e["clean_build"]
    s = c["stages_s"]
    print(f"\n== {e['size']} synthetic text resolutions, {e['source_bytes'] / 1e6:.1f} MB, "
          f"{sum(c['rows'].values()):,} rows", file=sys.stderr)
    print(f"clean build {c['wall_s']:.2f} s wall: " + ", ".join(
        f"{k} {v:.2f} s" for k, v in s.items()) + f"; peak memory {c['peak_rss_bytes'] / _MIB:.0f}"
          f" MiB (workers {c['peak_rss_worker_bytes'] / _MIB:.0f} MiB)", file=sys.stderr)
    t = e["throughput"]
    print(f"throughput {t['resolutions_per_s']:.0f} resolutions/s, "
          f"{t['source_mb_per_s']:.1f} MB/s; parse CPU {t['parse_cpu_ms_per_resolution']:.1f} ms "
          f"per resolution; validation {t['validation_rows_per_s']:,.0f} rows/s", file=sys.stderr)


# ------------------------------------------------------------------ targets

_GB = 1e9


def _corpus(results: dict, *path):
    value = results.get("corpus")
    for key in path:
        if value is None:
            return None
        value = value.get(key)
    return value


def _synthetic(results: dict, size: int, *path):
    for run in results.get("runs", []):
        if run["size"] == size:
            value = run
            for key in path:
                value = value.get(key) if value is not None else None
            return value
    return None


def _peak_bytes(results: dict):
    clean = _corpus(results, "clean_build")
    if not clean:
        return None
    return clean["peak_rss_bytes"] + results["jobs"] * clean["peak_rss_worker_bytes"]


# (what, limit, unit, how to read the measure from the results); a target whose
# measure is missing from the results is shown as not measured.
TARGETS = [
    ("clean build of sources/", 30, "s", lambda r: _corpus(r, "clean_build", "wall_s")),
    ("XML parse stage, as a multiple of a plain lxml pass over the same files", 3, "×",
     lambda r: _corpus(r, "parse_stage_vs_reference")),
    ("rebuild after one new source", 3, "s",
     lambda r: _corpus(r, "rebuild_after_adding_one_file", "wall_s")),
    ("rebuild, nothing changed", 3, "s", lambda r: _corpus(r, "rebuild_unchanged", "wall_s")),
    ("10,000 synthetic text resolutions", 10, "s",
     lambda r: _synthetic(r, 10000, "clean_build", "wall_s")),
    ("peak memory of the clean build (main process + every worker)", 1.5, "GB",
     lambda r: (_peak_bytes(r) or 0) / _GB or None),
    ("`frictionless validate datapackage.json` on the built package", 300, "s",
     lambda r: _corpus(r, "frictionless", "seconds")),
    ("PDF front end, as a multiple of a plain PyMuPDF text pass over the same PDFs", 2, "×",
     lambda r: (r.get("pdf") or {}).get("ratio")),
    ("lineage over the whole corpus, in % of the rest of the clean build", 20, "%",
     lambda r: None if _corpus(r, "lineage_vs_rest_of_build") is None
     else 100 * _corpus(r, "lineage_vs_rest_of_build")),
]


def performance_table(results: dict) -> str:
    """The README's table of targets, from a results file of `python -m etl bench`."""
    lines = [f"Measured by `python -m etl bench` on {results.get('cpus')} cores, "
             f"{results.get('jobs')} worker processes, Python {results.get('python')}"
             + (f", on {results['date']}" if results.get("date") else "") + ".\n",
             "| target | limit | measured | |", "|---|---:|---:|---|"]
    for what, limit, unit, read in TARGETS:
        value = read(results)
        shown = "not measured" if value is None else f"{value:,.2f} {unit}"
        verdict = "" if value is None else ("met" if value <= limit else
                                            f"missed ({value / limit:.1f}× the limit)")
        lines.append(f"| {what} | {limit:,} {unit} | {shown} | {verdict} |")
    return "\n".join(lines) + "\n"
