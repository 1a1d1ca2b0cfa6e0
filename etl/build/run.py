"""The build as one straight line:

    discover sources -> parse (front ends, in workers, through the parse cache)
    -> corpus decisions -> session parts (assemble, validate, write)
    -> lineage over the whole package (etl.lineage.stage)
    -> build report, descriptor, manifest -> swap the staged output in

Everything is written to a staging directory and swapped in whole: a failed
or interrupted build leaves the previous output untouched.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import tempfile
import time
from pathlib import Path

from .. import members, package, schema
from ..audit import EXCEPTIONS, audit_package
from ..corpus import decide, forget_corpus_only
from ..lineage.stage import write_corpus_tables
from ..progress import stage
from ..sources import discover, sha256_file
from ..write import recover, staging_directory, swap_in
from .cache import (ParseCache, checked_metadata, key, parser_version,
                    remember_checked_metadata)
from .memory import hand_back
from .parts import (group_by_part, previous_audit, previous_parts, remember_audit,
                    remember_parts, write_parts)
from .pool import make_tasks, parse_sources
from .report import REPORT_NAME, file_entries, known_entries, write_manifest, write_report
from .results import BuildResult, Interrupted, ItemResult
from .source import usable_metadata


def build(sources: Path, output: Path, strict: bool = False, jobs: int | None = None,
          cache_dir: Path | None = None, quiet: bool = False) -> BuildResult:
    """Build the package from `sources` into `output`. A SIGTERM stops the build
    (Interrupted) and leaves `output` as it was."""
    previous_handler = signal.getsignal(signal.SIGTERM)

    def on_term(signum, frame):
        raise Interrupted()
    signal.signal(signal.SIGTERM, on_term)
    try:
        return _build(sources, output, strict, jobs or os.cpu_count() or 1, cache_dir, quiet)
    finally:
        signal.signal(signal.SIGTERM, previous_handler)


def _build(sources: Path, output: Path, strict: bool, jobs: int, cache_dir: Path | None,
           quiet: bool) -> BuildResult:
    timings: dict[str, float] = {}
    started = clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = timings.get(name, 0.0) + now - clock
        clock = now

    recover(output)
    version = parser_version()
    inventory = discover(sources, schema.ROOT)
    metadata = [(shown, path, sha256_file(path)) for shown, path in inventory.metadata]
    checked = checked_metadata(cache_dir, version)
    metadata_paths, refused = usable_metadata(metadata, checked)
    remember_checked_metadata(cache_dir, version, checked | {
        sha for _, path, sha in metadata if str(path) in metadata_paths})
    # By the files' shown paths and contents: the same wherever the sources folder is.
    metadata_digest = key(*(f"{shown}:{sha}" for shown, path, sha in metadata
                            if str(path) in metadata_paths))
    cache = ParseCache(cache_dir, key(version, metadata_digest)[:16])
    # The Member States, with the names the metadata files print (etl.members).
    states = members.with_printed_names(members.member_states(), [
        (shown, path) for shown, path in inventory.metadata if str(path) in metadata_paths])
    output.parent.mkdir(parents=True, exist_ok=True)
    spill = Path(tempfile.mkdtemp(prefix=f".{output.name}.spill-", dir=output.parent))
    staged = None
    try:
        tasks, refused_members = make_tasks(inventory, version + metadata_digest, cache, spill)
        refused += refused_members
        lap("discover")

        # Parse: only the sources the cache does not hold.
        todo = [task for task in tasks if not cache.holds(task.key, spill)]
        with stage("parse", len(todo), "sources", quiet) as bar:
            fresh = {r.key: r for r in parse_sources(todo, jobs, metadata_paths, bar)}
        items: list[ItemResult] = []
        for task in tasks:
            result = fresh.get(task.key) or cache.index[task.key]
            for d in result.documents:
                d.item = task.index
            items.append(result)
        if todo or len(cache.index) != sum(r.status == "ok" or r.cacheable for r in items):
            cache.save(items)  # only when something changed: the index is large
        hand_back()
        lap("parse")

        # Corpus: the decisions that need every source at once.
        memo = cache.memo("reconcile")
        decisions = decide([d for r in items if r.status == "ok" for d in r.documents], memo)
        cache.save_memo("reconcile", memo)
        forget_corpus_only(d for r in items for d in r.documents)
        hand_back()
        lap("corpus")

        def failed(reason: str, **more) -> BuildResult:
            return BuildResult(items + refused, False, reason, timings=timings,
                               parsed=len(todo), decisions=decisions, **more)

        if not decisions.kept:
            return failed("no source could be read as a resolution")
        warnings = any(r.warnings or any(d.entry["warnings"] for d in r.documents) for r in items)
        if strict and (any(r.status != "ok" for r in items) or refused or warnings):
            return failed("strict mode: errors or warnings in the inputs")

        # Session parts: assembled, validated and written (or taken over unchanged).
        staged = staging_directory(output)
        package_symbols = {decisions.renamed.get((d.item, d.index), d.symbol)
                           for d in decisions.kept}
        by_part = group_by_part(decisions)
        previous = previous_parts(output, cache_dir) if cache_dir is not None else None
        with stage("write", len(by_part), "session parts", quiet) as bar:
            parts = write_parts(by_part, items, cache, spill, decisions, package_symbols,
                                version, output, staged, previous, bar,
                                {"member_states": members.table(states)}, states)
        lap("write")
        timings["write"] -= parts.validate_seconds
        timings["validate"] = parts.validate_seconds
        table_rows = {name: parts.rows[name] for name in schema.TABLES
                      if name not in schema.CORPUS_TABLES}
        decisions.report["invalid_documents"] = parts.invalid
        decisions.report["vote_counts"] = parts.votes
        if not table_rows["resolutions"]:
            return failed("no document gave rows that validate against schemas/:\n" + "\n".join(
                f"{d['file']}: {m}" for d in parts.invalid[:5] for m in d["findings"][:2]),
                tables=table_rows, parts_written=parts.written)
        if strict and parts.invalid:
            return failed("strict mode: documents whose rows do not validate",
                          tables=table_rows, parts_written=parts.written)

        # The tables computed over the whole package, once its parts are written.
        corpus = write_corpus_tables(staged, list(by_part), cache_dir and cache_dir.parent)
        table_rows.update(corpus.rows)
        decisions.report["lineage"] = corpus.report
        hand_back()
        lap("lineage")

        # The audit of the package just written (etl.audit), a section of the
        # report; taken over when the data files and the audit are the same.
        data_files = file_entries(staged, known_entries(output, parts.taken_over))
        lap("manifest")
        audit_key = key(version, sha256_file(EXCEPTIONS), *(
            f"{path}:{entry['sha256']}" for path, entry in sorted(data_files.items())))
        decisions.report["audit"] = previous_audit(output, cache_dir, audit_key) \
            or audit_package(staged).as_report()
        hand_back()
        lap("audit")
        # Report, descriptor (with the data files' sizes and hashes) and manifest;
        # then the staged output replaces the old.
        write_report(items, refused, inventory, decisions, table_rows, staged / REPORT_NAME)
        package.write_descriptor(staged, list(by_part), data_files)
        lap("report")
        write_manifest(staged, data_files)
        lap("manifest")
        swap_in(staged, output)
        staged = None
        if output.resolve() == (schema.ROOT / "output").resolve():
            package.write_root(list(by_part))
        if cache_dir is not None:
            remember_parts(output, cache_dir, parts.state, list(by_part))
            remember_audit(output, cache_dir, audit_key, decisions.report["audit"])
    finally:
        if staged is not None and staged.exists():
            shutil.rmtree(staged, ignore_errors=True)
        shutil.rmtree(spill, ignore_errors=True)
    timings["total"] = time.perf_counter() - started
    peak = {"main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "workers": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024}
    return BuildResult(items + refused, True, None, table_rows, timings, len(todo),
                       parts.written, decisions, peak)
