"""Benchmark: build synthetic corpora made from the seeds and measure each stage.

    python -m etl bench --sizes 100,1000,10000 [--jobs N] [--frictionless csv|all|none]

For each size, a corpus of distinct resolutions is generated once (cached in
.cache/bench/): every file is a seed with a new number and its paragraphs and
footnotes shuffled, rendered the way PDF extraction lays texts out (etl.synth),
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
    from .parse import parse_file
    from .synth import doc_from_parsed
    seeds = sorted((schema.ROOT / "sources" / "zh").glob("*.txt"))
    return [doc_from_parsed(parse_file(p, p.name)) for p in seeds]


def _render_range(args) -> int:
    directory, start, stop = args
    from .synth import Options, render, variant
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
                   cache_dir=Path(cache) if cache else None)
    wall = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    workers = max((f.worker_peak_rss for f in result.files), default=0)
    return {"written": result.written, "failure": result.failure, "wall_s": wall,
            "stages_s": result.timings, "rows": result.tables,
            "rejected": len(result.rejected), "peak_rss_bytes": own,
            "peak_rss_worker_bytes": workers,
            "cpu_s": {"read": sum(f.seconds.get("read", 0) for f in result.files),
                      "parse": sum(f.seconds.get("parse", 0) for f in result.files)}}


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
    from . import package
    desc = package.descriptor(output_prefix="", schema_of=schema.load)
    if which == "csv":
        desc["resources"] = [r for r in desc["resources"] if r["format"] == "csv"]
    started = time.perf_counter()
    report = Package(desc, basepath=output).validate()
    seconds = time.perf_counter() - started
    rows = sum(task.stats.get("rows", 0) or 0 for task in report.tasks)
    return {"resources": which, "valid": report.valid, "seconds": seconds, "rows": rows,
            "rows_per_s": rows / seconds if seconds else None,
            "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}


def _size_bytes(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*.txt"))


def run(sizes: list[int], jobs: int, frictionless: str) -> dict:
    results = {"jobs": jobs, "cpus": os.cpu_count(), "python": sys.version.split()[0],
               "runs": []}
    for size in sizes:
        t = time.perf_counter()
        src = corpus(size, jobs)
        generated = time.perf_counter() - t
        source_bytes = _size_bytes(src)
        work = Path(tempfile.mkdtemp(prefix=f"bench-{size}-", dir=BENCH_DIR))
        try:
            out = work / "output"
            cache = work / "cache"
            clean = _in_fresh_process("measure_build", str(src), str(out), jobs, None)
            cached = _in_fresh_process("measure_build", str(src), str(work / "out2"), jobs,
                                       str(cache))  # fills the cache
            added = add_one(src, size)
            try:
                incremental = _in_fresh_process("measure_build", str(src), str(work / "out3"),
                                                jobs, str(cache))
            finally:
                added.unlink()
            total_rows = sum(clean["rows"].values())
            stages = clean["stages_s"]
            entry = {
                "size": size, "corpus_generation_s": generated, "source_bytes": source_bytes,
                "clean_build": clean, "build_filling_cache": cached,
                "incremental_build_after_adding_one": incremental,
                "throughput": {
                    "resolutions_per_s": size / clean["wall_s"],
                    "source_mb_per_s": source_bytes / 1e6 / clean["wall_s"],
                    "rows_per_s": total_rows / clean["wall_s"],
                    "validation_rows_per_s": total_rows / stages["validate"],
                    "write_rows_per_s": total_rows / stages["write"],
                },
            }
            if frictionless != "none":
                entry["frictionless"] = _in_fresh_process("measure_frictionless", str(out),
                                                          frictionless)
            results["runs"].append(entry)
            _print(entry)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return results


def _print(e: dict) -> None:
    c = e["clean_build"]
    s = c["stages_s"]
    mb = 1024 * 1024
    print(f"\n== {e['size']} resolutions, {e['source_bytes'] / 1e6:.1f} MB of source, "
          f"{sum(c['rows'].values())} rows", file=sys.stderr)
    print(f"clean build {c['wall_s']:.2f} s wall: parse {s['parse']:.2f} s, "
          f"write {s['write']:.2f} s, validate {s['validate']:.2f} s; "
          f"peak memory {c['peak_rss_bytes'] / mb:.0f} MiB (workers "
          f"{c['peak_rss_worker_bytes'] / mb:.0f} MiB)", file=sys.stderr)
    t = e["throughput"]
    print(f"throughput {t['resolutions_per_s']:.0f} resolutions/s, "
          f"{t['source_mb_per_s']:.1f} MB/s, {t['rows_per_s']:.0f} rows/s; "
          f"validation {t['validation_rows_per_s']:.0f} rows/s, "
          f"write {t['write_rows_per_s']:.0f} rows/s", file=sys.stderr)
    i = e["incremental_build_after_adding_one"]
    print(f"incremental build after adding one file {i['wall_s']:.2f} s "
          f"(parse {i['stages_s']['parse']:.2f} s)", file=sys.stderr)
    if "frictionless" in e:
        f = e["frictionless"]
        print(f"frictionless ({f['resources']}): {f['seconds']:.2f} s, {f['rows_per_s']:.0f} "
              f"rows/s, valid={f['valid']}; fast validation is "
              f"{t['validation_rows_per_s'] / f['rows_per_s']:.0f}x faster", file=sys.stderr)
