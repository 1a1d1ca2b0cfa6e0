"""The build: every source through its front end, the corpus stage, then the
package, validated and written part by part.

    sources  -> front end (etl.text or etl.akn, per source, in worker processes)
             -> Documents -> tabulate -> Arrow tables (kept in the parse cache)
    corpus   -> decisions that need every source at once (etl.corpus)
    write    -> per session part: assemble, validate (etl.check), write CSV and Parquet

Sources are parsed by a pool of worker processes; each returns a small summary
per document and keeps the document's tables in the parse cache, keyed by the
parser's version and the source's bytes (for an archive member: the archive's
SHA-256 and the member's name). A rebuild parses only new or changed sources,
and a session part whose inputs and decisions are unchanged is taken over from
the previous output instead of being written again; the result is the same,
byte for byte, as a clean build.

A source that cannot be read is reported and left out; the others still
build, unless `strict` is set. Everything is written to a staging directory,
validated, and swapped in whole: a failed or interrupted build leaves the
previous output untouched.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import pickle
import re
import resource
import shutil
import signal
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from . import package, schema
from .check import StreamingCheck, summarize
from .corpus import ClauseSignature, Decisions, DocSummary, FootnoteSignature, decide
from .errors import Diagnostic, ParseError
from .frontends import read_documents
from .records import Document
from .sources import Inventory, SourceItem, discover, read_file, read_member, sha256_file
from .tabulate import tabulate
from .progress import stage
from .write import (arrow_table, encode, recover, staging_directory, swap_in, write_csv,
                    write_parquet)

REPORT_NAME = "build_report.json"
MANIFEST_NAME = "MANIFEST.json"
DEFAULT_CACHE = schema.ROOT / ".cache" / "parse"


class Interrupted(BaseException):
    """SIGTERM (or SIGINT) during a build: stop, clean up, keep the previous output."""


# ------------------------------------------------------------------ results

@dataclass
class ItemResult:
    """What one source gave: a summary per document, or why it was refused."""

    item: SourceItem
    key: str                                  # parse-cache key
    status: str                               # ok | rejected
    sha256: str | None = None
    documents: list[DocSummary] = field(default_factory=list)
    error: ParseError | None = None
    warnings: list[Diagnostic] = field(default_factory=list)   # about the file as a whole
    identity: dict | None = None
    cpu_seconds: float = 0.0


@dataclass
class BuildResult:
    items: list[ItemResult]
    written: bool
    failure: str | None = None
    tables: dict[str, int] | None = None       # rows per table
    timings: dict[str, float] = field(default_factory=dict)
    parsed: int = 0                            # sources parsed now, not taken from the cache
    parts_written: int = 0                     # session parts written now, not taken over
    decisions: Decisions | None = None
    peak_rss: dict[str, int] = field(default_factory=dict)

    @property
    def rejected(self) -> list[ItemResult]:
        return [r for r in self.items if r.status != "ok"]

    @property
    def invalid(self) -> list[dict]:
        """Documents left out because their rows do not validate."""
        return self.decisions.report.get("invalid_documents", []) if self.decisions else []


# ------------------------------------------------------------------ one source

def citation_counts(document: Document) -> dict[str, int]:
    counts = Counter(row.citation.target_type for row in document.citations)
    return dict(sorted(counts.items()))


def report_entry(d: Document, shown: str) -> dict:
    r = d.resolution
    return {
        "file": shown,
        "status": "ok",
        "symbol": r.symbol,
        "language": r.language,
        "source_format": r.source_format,
        "sha256": r.source_sha256,
        "counts": {
            "preambular": r.preambular_count,
            "operative": r.operative_count,
            "clauses": len(d.clauses),
            "footnotes": len(d.footnotes),
            "footnote_refs": len(d.refs),
            "citations": len(d.citations),
            "votes": len(d.votes),
            "sponsors": len(d.sponsors),
            "subjects": len(d.subjects),
        },
        "citations_by_type": citation_counts(d),
        "warnings": [{"line": w.line, "message": w.message} for w in d.diagnostics],
        **d.report,
    }


def _metadata_digest(d: Document) -> str:
    r = d.resolution
    facts = (r.adoption_type, r.yes_count, r.no_count, r.abstain_count, r.plenary_record,
             r.agenda_item, sorted((v.member_state, v.vote) for v in d.votes),
             [(s.role, s.sponsor) for s in d.sponsors],
             sorted((s.vocabulary, s.term) for s in d.subjects))
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:16]


def _has_metadata(d: Document) -> bool:
    r = d.resolution
    return bool(d.votes or d.sponsors or d.subjects or r.adoption_type)


def summarize_document(d: Document, item_index: int, index: int, shown: str,
                       identity: dict | None, json_disagreements: list) -> DocSummary:
    identity = identity or {}
    return DocSummary(
        item=item_index, index=index, symbol=d.resolution.symbol, language=d.resolution.language,
        source_format=d.resolution.source_format, sha256=d.resolution.source_sha256,
        conflicts=len(identity.get("conflicts", ())),
        markup_date=str(identity.get("markup_date") or ""),
        metadata_digest=_metadata_digest(d) if _has_metadata(d) else "",
        has_metadata=_has_metadata(d),
        signature=tuple(ClauseSignature(c.clause_id, c.kind, c.section) for c in d.clauses),
        footnotes=tuple(FootnoteSignature(f.number) for f in d.footnotes),
        targets=frozenset(row.citation.target for row in d.citations),
        entry=report_entry(d, shown),
        json_disagreements=json_disagreements,
    )


_SESSION_METADATA: dict | None = None


def _cover_symbol(identity: dict | None) -> str | None:
    """The cover's symbol ("A/RES/74/250 A-B" for a collection), from the identity evidence."""
    try:
        return identity["symbol"]["candidates"]["cover"]["value"]
    except (KeyError, TypeError):
        return None


def _json_disagreements(d: Document, identity: dict | None) -> list:
    """The XML's metadata against the session JSON files (etl.akn.session_metadata)."""
    if d.resolution.source_format != "akn" or not _SESSION_METADATA:
        return []
    from .akn.meta import Metadata
    from .akn.session_metadata import cross_check, find_record
    r = d.resolution
    record = find_record(_SESSION_METADATA, r.symbol, _cover_symbol(identity))
    if record is None:
        return [{"field": "record", "xml": r.symbol, "json": None}]
    xml = Metadata(adoption_type=r.adoption_type, yes_count=r.yes_count, no_count=r.no_count,
                   abstain_count=r.abstain_count, plenary_record=r.plenary_record,
                   agenda_item=r.agenda_item, draft_symbol=r.draft_symbol, votes=d.votes,
                   sponsors=d.sponsors, subjects=d.subjects)
    return cross_check(r.symbol, xml, record)


def process_item(item: SourceItem, data: bytes, item_index: int) -> tuple[ItemResult, list]:
    """Read one source: its result summary and each document's tables. Never raises
    for bad input; an internal error is reported as a rejection naming the source."""
    started = time.process_time()
    sha = hashlib.sha256(data).hexdigest()
    try:
        read = read_documents(data, item, sha)
        if not read.documents:
            raise ParseError(item.shown, None, "no resolution in this file")
        summaries, tables = [], []
        for index, document in enumerate(read.documents):
            rows = tabulate([document], in_package=set())  # in_package is set when writing
            tables.append({t: arrow_table(rows[t], t) for t in schema.DOCUMENT_TABLES})
            summaries.append(summarize_document(
                document, item_index, index, item.shown, read.identity,
                _json_disagreements(document, read.identity)))
    except ParseError as exc:
        return ItemResult(item, "", "rejected", sha, error=exc,
                          cpu_seconds=time.process_time() - started), []
    except Exception as exc:  # a bug, or a value no table can hold: report it, keep the others
        return ItemResult(item, "", "rejected", sha, error=ParseError(
            item.shown, None, f"internal error while reading ({type(exc).__name__}: {exc}); "
            "please report it with this file"), cpu_seconds=time.process_time() - started), []
    return ItemResult(item, "", "ok", sha, summaries, warnings=read.diagnostics,
                      identity=read.identity, cpu_seconds=time.process_time() - started), tables


# ------------------------------------------------------------------ workers

@dataclass(frozen=True)
class Task:
    index: int              # the item's index in the build's list
    item: SourceItem
    disk_path: str          # the file, or the archive holding the member
    key: str                # parse-cache key
    spill: str              # where to keep the tables


def _die_with_parent() -> None:
    """A worker must not outlive a killed build (Linux: PR_SET_PDEATHSIG)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _init_worker(metadata_paths: list[str]) -> None:
    # Ctrl-C goes to the whole process group: the main process decides, workers ignore it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    _load_session_metadata(metadata_paths)


def _load_session_metadata(paths: list[str]) -> None:
    global _SESSION_METADATA
    _SESSION_METADATA = None
    if paths:
        from .akn.session_metadata import load_session_metadata
        _SESSION_METADATA = load_session_metadata([Path(p) for p in paths])


def run_tasks(tasks: list[Task]) -> list[ItemResult]:
    """Read a batch of sources (members of one archive share one open archive)."""
    results = []
    archive, archive_path = None, None
    try:
        for task in tasks:
            try:
                if task.item.member is None:
                    data = read_file(Path(task.disk_path), task.item)
                else:
                    if archive_path != task.disk_path:
                        if archive is not None:
                            archive.close()
                        archive, archive_path = zipfile.ZipFile(task.disk_path), task.disk_path
                    data = read_member(archive, task.item)
            except (ParseError, zipfile.BadZipFile, OSError) as exc:
                error = exc if isinstance(exc, ParseError) else ParseError(
                    task.item.shown, None, f"cannot read the source ({exc})")
                results.append(ItemResult(task.item, task.key, "rejected", error=error))
                continue
            result, tables = process_item(task.item, data, task.index)
            result.key = task.key
            if result.status == "ok":
                _write_spill(Path(task.spill), tables)
            results.append(result)
    finally:
        if archive is not None:
            archive.close()
    return results


def _write_spill(path: Path, tables: list) -> None:
    """A source's tables, one Arrow IPC stream per table (its documents' rows one
    after another) and each document's row range: cheap to read back, unlike
    pickled tables, whose schemas are rebuilt object by object."""
    streams, ranges = {}, {}
    for name in schema.DOCUMENT_TABLES:
        pieces = [doc[name] for doc in tables]
        data = pa.concat_tables(pieces) if pieces else arrow_table([], name)
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, data.schema) as writer:
            writer.write_table(data)
        streams[name] = sink.getvalue().to_pybytes()
        starts = [0]
        for piece in pieces:
            starts.append(starts[-1] + piece.num_rows)
        ranges[name] = starts
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with open(tmp, "wb") as fh:
        pickle.dump((streams, ranges), fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


class DamagedCache(Exception):
    """A parse-cache file that cannot be read back."""


def _read_spill(path: Path) -> list[dict[str, pa.Table]]:
    """Each document's tables, as `_write_spill` kept them."""
    try:
        with open(path, "rb") as fh:
            streams, ranges = pickle.load(fh)
        whole = {name: pa.ipc.open_stream(data).read_all() for name, data in streams.items()}
    except (OSError, EOFError, ValueError, pickle.PickleError, pa.ArrowException) as exc:
        path.unlink(missing_ok=True)  # the next build parses that source again
        raise DamagedCache(f"{path}: damaged parse-cache file ({exc}); it was removed, "
                           "build again (or with --no-cache)") from None
    count = len(next(iter(ranges.values()))) - 1
    return [{name: whole[name].slice(ranges[name][i], ranges[name][i + 1] - ranges[name][i])
             for name in whole} for i in range(count)]


# Starting worker processes costs about a second: not worth it for a few sources.
_MIN_PARALLEL = 24
_BATCH = 16


def _batches(tasks: list[Task]) -> list[list[Task]]:
    """Consecutive tasks in batches, never mixing two archives in one batch."""
    batches: list[list[Task]] = []
    for task in tasks:
        if batches and len(batches[-1]) < _BATCH and batches[-1][-1].disk_path == task.disk_path:
            batches[-1].append(task)
        else:
            batches.append([task])
    return batches


def parse_sources(tasks: list[Task], jobs: int, metadata_paths: list[str], bar) -> list[ItemResult]:
    """Every task's result, in task order; parsed by `jobs` processes when worth it."""
    results: list[ItemResult] = []
    batches = _batches(tasks)
    if jobs <= 1 or len(tasks) < _MIN_PARALLEL:
        _load_session_metadata(metadata_paths)
        for batch in batches:
            results += run_tasks(batch)
            bar.advance(len(batch))
        return results
    # Not "fork": a forked child inherits pyarrow's threads' locks and can hang.
    # Workers are started with Ctrl-C ignored (a child keeps the disposition it was
    # started with), so that one arriving while they import says nothing.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pool = get_context("spawn").Pool(jobs, initializer=_init_worker,
                                         initargs=(metadata_paths,))
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        for done in pool.imap(run_tasks, batches):
            results += done
            bar.advance(len(done))
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return results


# ------------------------------------------------------------------ cache

def parser_version() -> str:
    """Changes whenever the code, its data files, the schemas or the libraries that
    read and write the data change."""
    import sys
    from lxml import etree
    digest = hashlib.sha256(f"{pa.__version__}|{etree.LXML_VERSION}|{sys.version_info[:2]}"
                            .encode())
    # Not the corpus stages (etl/lineage), which run after parsing and key
    # their own cache: changing them does not read every source again.
    files = [p for p in (schema.ROOT / "etl").rglob("*")
             if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".txt")
             and "lineage" not in p.relative_to(schema.ROOT / "etl").parts[:1]]
    for path in sorted([*files, *(schema.SCHEMA_DIR / f"{t}.json" for t in schema.DOCUMENT_TABLES)]):
        digest.update(path.relative_to(schema.ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class ParseCache:
    """Results and tables by (parser version, source path, bytes).

    The index (one file) holds every cached source's summary; each source's
    tables are a file of their own, read only when its session part is written.
    """

    def __init__(self, directory: Path | None, version: str):
        self.directory = directory / version if directory else None
        self.index: dict[str, ItemResult] = {}
        if self.directory is not None:
            try:
                with open(self.directory / "index.pickle", "rb") as fh:
                    self.index = pickle.load(fh)
            except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
                self.index = {}

    def tables_path(self, key: str, spill: Path) -> Path:
        base = self.directory / "tables" if self.directory is not None else spill
        return base / key[:2] / f"{key}.pickle"

    def save(self, results: list[ItemResult]) -> None:
        if self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        for other in self.directory.parent.iterdir():  # results of older parsers
            if other != self.directory and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
        index = {r.key: r for r in results if r.status == "ok"}
        tmp = self.directory / f"index.pickle.tmp{os.getpid()}"
        with open(tmp, "wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.directory / "index.pickle")


# ------------------------------------------------------------------ writing parts

def _rename(tables: dict[str, pa.Table], old: str, new: str) -> dict[str, pa.Table]:
    """A document's tables under another symbol (a part renamed by the corpus stage)."""
    out = {}
    for name, data in tables.items():
        for column in data.column_names:
            values = data.column(column)
            if column == "symbol":
                values = pa.array([new] * data.num_rows, pa.string())
            elif column.endswith("_key") or column == "url":
                values = pc.replace_substring(values, old + "#", new + "#")
                if column == "url":
                    values = pc.replace_substring_regex(values, re.escape(old) + "$", new)
            elif column == "number" and name == "resolutions":
                values = pa.array([new.rsplit("/", 1)[1]] * data.num_rows, pa.string())
            else:
                continue
            data = data.set_column(data.column_names.index(column), data.schema.field(column),
                                   values)
        out[name] = data
    return out


def _fingerprint(version: str, docs: list[DocSummary], keys: list[str], decisions: Decisions,
                 package_symbols: set[str]) -> str:
    parts = [version]
    for d, key in zip(docs, keys):
        final = decisions.renamed.get((d.item, d.index), d.symbol)
        holder = (d.item, d.index) in decisions.holders
        parts.append(f"{key}:{d.index}:{final}:{holder}")
    cited = sorted({t for d in docs for t in d.targets} & package_symbols)
    parts.append(",".join(cited))
    return _key(*parts)


_METADATA_TABLES = ("votes", "sponsors", "subjects")


def vote_counts(tables: dict[str, pa.Table]) -> dict:
    """For every recorded vote of a part: do the names in `votes` add up to the
    counts the source prints (resolutions.yes_count, no_count, abstain_count of
    the version the votes were read from)?"""
    names: Counter = Counter()
    holder: dict[str, tuple] = {}
    votes = tables["votes"]
    for symbol, vote, source, member in zip(*(votes.column(c).to_pylist() for c in (
            "symbol", "vote", "source_file", "source_member"))):
        names[(symbol, vote)] += 1
        holder[symbol] = (source, member)
    resolutions = tables["resolutions"]
    printed = {}
    for row in zip(*(resolutions.column(c).to_pylist() for c in (
            "symbol", "adoption_type", "yes_count", "no_count", "abstain_count",
            "source_file", "source_member"))):
        symbol, kind, counts, source = row[0], row[1], row[2:5], row[5:7]
        if kind == "recorded_vote" and (symbol not in printed or holder.get(symbol) == source):
            printed[symbol] = counts
    differ = []
    for symbol in sorted(printed):
        found = (names[(symbol, "yes")], names[(symbol, "no")], names[(symbol, "abstain")])
        if found != tuple(printed[symbol]):
            differ.append({"symbol": symbol, "printed": list(printed[symbol]),
                           "names": list(found)})
    return {"recorded_votes": len(printed),
            "names_equal_printed_counts": len(printed) - len(differ), "differ": differ}


def load_part(docs: list[DocSummary], items: list[ItemResult], cache: ParseCache,
              spill: Path, decisions: Decisions) -> list[dict[str, pa.Table]]:
    """Each document's tables, under its final symbol, without the votes, sponsors
    and subjects of documents that do not hold them (corpus rule 3)."""
    out = []
    loaded: dict[int, list] = {}
    for d in docs:
        if d.item not in loaded:
            loaded.clear()  # a source's documents are consecutive in a part
            loaded[d.item] = _read_spill(cache.tables_path(items[d.item].key, spill))
        tables = loaded[d.item][d.index]
        final = decisions.renamed.get((d.item, d.index))
        if final:
            tables = _rename(tables, d.symbol, final)
        if (d.item, d.index) not in decisions.holders:
            tables = {name: data for name, data in tables.items()
                      if name not in _METADATA_TABLES}
        out.append(tables)
    return out


def combine_part(documents: list[dict[str, pa.Table]], package_symbols: set[str]):
    """One part's tables, in output order, with in_package set."""
    out = {}
    for name in schema.DOCUMENT_TABLES:
        pieces = [tables[name] for tables in documents if name in tables]
        data = pa.concat_tables(pieces) if pieces else arrow_table([], name)
        if name == "citations" and data.num_rows:
            at = data.column_names.index("in_package")
            known = pc.is_in(data.column("target"), pa.array(sorted(package_symbols), pa.string()))
            data = data.set_column(at, data.schema.field(at), known)
        out[name] = data.combine_chunks()
    return out


def validated_part(docs: list[DocSummary], items: list[ItemResult], cache: ParseCache,
                   spill: Path, decisions: Decisions, package_symbols: set[str]):
    """A part's tables, checked against the schemas. A document whose rows break a
    constraint is left out and reported, and the part is combined again without
    it: one bad source never takes the others down."""
    invalid: list[dict] = []
    seconds = 0.0
    documents = load_part(docs, items, cache, spill, decisions)
    while True:
        tables = combine_part(documents, package_symbols)
        check = StreamingCheck()
        for name in schema.DOCUMENT_TABLES:
            tables[name] = encode(tables[name], name)
            check.add(name, tables[name])
        findings = check.finish()
        seconds += check.seconds
        if not findings:
            return tables, invalid, seconds
        culprits = _culprits(findings, tables, docs, decisions)
        if not culprits:  # not attributable to a document: a fault of the build itself
            raise RuntimeError("the tables do not validate against schemas/:\n"
                               + summarize(findings))
        keep = []
        for i, d in enumerate(docs):
            found = culprits.get(id(d))
            if found is None:
                keep.append(i)
                continue
            only_metadata = all(f.table in _METADATA_TABLES for f in found)
            invalid.append({"file": d.entry["file"], "symbol": d.symbol, "language": d.language,
                            "left_out": "votes, sponsors and subjects" if only_metadata
                            else "the document",
                            "findings": [summarize([f], 1) for f in found[:5]]})
            if only_metadata:  # the text is fine: keep it, without the bad metadata
                documents[i] = {n: t for n, t in documents[i].items()
                                if n not in _METADATA_TABLES}
                keep.append(i)
        docs = [docs[i] for i in keep]
        documents = [documents[i] for i in keep]


def _culprits(findings, tables, docs: list[DocSummary], decisions: Decisions) -> dict:
    """The documents whose rows the findings are about (id(doc) -> findings)."""
    by_key = {(decisions.renamed.get((d.item, d.index), d.symbol), d.language): d for d in docs}
    holders = {decisions.renamed.get((d.item, d.index), d.symbol): d for d in docs
               if (d.item, d.index) in decisions.holders}
    out: dict[int, list] = {}
    for f in findings:
        data = tables[f.table]
        if not 1 <= f.row <= data.num_rows:
            continue
        symbol = data.column("symbol")[f.row - 1].as_py()
        if "language" in data.column_names:
            language = data.column("language")[f.row - 1].as_py()
            doc = by_key.get((symbol, language))
        else:
            doc = holders.get(symbol)
        if doc is not None:
            out.setdefault(id(doc), []).append(f)
    return out


def _part_files(part: str) -> list[str]:
    return [f"{fmt}/{t}/{part}.{fmt}" for t in schema.DOCUMENT_TABLES for fmt in ("csv", "parquet")]


# ------------------------------------------------------------------ the build

def build(sources: Path, output: Path, strict: bool = False, jobs: int | None = None,
          cache_dir: Path | None = None, quiet: bool = False) -> BuildResult:
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
    started = time.perf_counter()
    recover(output)
    version = parser_version()
    inventory = discover(sources, schema.ROOT)
    metadata_paths, metadata_refused = _usable_metadata(inventory.metadata)
    # By the files' shown paths and contents: the same wherever the sources folder is.
    metadata_digest = _key(*(f"{shown}:{sha256_file(path)}" for shown, path in inventory.metadata
                             if str(path) in metadata_paths))
    cache = ParseCache(cache_dir, _key(version, metadata_digest)[:16])
    output.parent.mkdir(parents=True, exist_ok=True)
    spill = Path(tempfile.mkdtemp(prefix=f".{output.name}.spill-", dir=output.parent))
    staged = None
    try:
        t = time.perf_counter()
        tasks, refused = _tasks(inventory, version + metadata_digest, cache, spill)
        refused = metadata_refused + refused
        timings["discover"] = time.perf_counter() - t

        t = time.perf_counter()
        todo = [task for task in tasks if task.key not in cache.index
                or not cache.tables_path(task.key, spill).exists()]
        with stage("parse", len(todo), "sources", quiet) as bar:
            fresh = {r.key: r for r in parse_sources(todo, jobs, metadata_paths, bar)}
        items: list[ItemResult] = []
        for task in tasks:
            result = fresh.get(task.key) or cache.index[task.key]
            for d in result.documents:
                d.item = task.index
            items.append(result)
        timings["parse"] = time.perf_counter() - t
        if todo or len(cache.index) != sum(r.status == "ok" for r in items):
            cache.save(items)  # only when something changed: the index is large

        t = time.perf_counter()
        documents = [d for r in items if r.status == "ok" for d in r.documents]
        decisions = decide(documents)
        timings["corpus"] = time.perf_counter() - t
        rejected = [r for r in items if r.status != "ok"] + refused
        if not decisions.kept:
            return BuildResult(items + refused, False, "no source could be read as a resolution",
                               timings=timings, parsed=len(todo), decisions=decisions)
        warnings = any(r.warnings or any(d.entry["warnings"] for d in r.documents) for r in items)
        if strict and (rejected or warnings):
            return BuildResult(items + refused, False, "strict mode: errors or warnings in the "
                               "inputs", timings=timings, parsed=len(todo), decisions=decisions)

        staged = staging_directory(output)
        t = time.perf_counter()
        package_symbols = {decisions.renamed.get((d.item, d.index), d.symbol)
                           for d in decisions.kept}
        by_part: dict[str, list[DocSummary]] = defaultdict(list)
        for d in decisions.kept:
            by_part[package.partition_of(decisions.renamed.get((d.item, d.index), d.symbol))
                    ].append(d)
        previous = _previous_parts(output, cache_dir)
        rows: Counter = Counter()
        invalid_docs: list[dict] = []
        taken_over: list[str] = []
        vote_checks: list[dict] = []
        written = 0
        validate_seconds = 0.0
        with stage("write", len(by_part), "session parts", quiet) as bar:
            for part in sorted(by_part):
                docs = by_part[part]
                fp = _fingerprint(version, docs, [items[d.item].key for d in docs], decisions,
                                  package_symbols)
                reused = previous.get(part)
                if cache_dir is not None and reused and reused["fingerprint"] == fp \
                        and _take_over(output, staged, part, reused):
                    taken_over.append(part)
                    for name, n in reused["rows"].items():
                        rows[name] += n
                    invalid_docs += reused.get("invalid", [])
                    vote_checks.append(reused.get("votes", {}))
                    bar.advance()
                    continue
                tables, invalid, seconds = validated_part(docs, items, cache, spill, decisions,
                                                          package_symbols)
                validate_seconds += seconds
                invalid_docs += invalid
                votes_checked = vote_counts(tables)
                vote_checks.append(votes_checked)
                for name in schema.DOCUMENT_TABLES:
                    write_csv(tables[name], staged / "csv" / name / f"{part}.csv")
                    write_parquet(tables[name], staged / "parquet" / name / f"{part}.parquet")
                    rows[name] += tables[name].num_rows
                previous[part] = {"fingerprint": fp, "invalid": invalid, "votes": votes_checked,
                                  "rows": {n: tables[n].num_rows for n in schema.DOCUMENT_TABLES}}
                written += 1
                bar.advance()
        timings["write"] = time.perf_counter() - t - validate_seconds
        timings["validate"] = validate_seconds
        table_rows = {name: rows[name] for name in schema.TABLES}
        decisions.report["invalid_documents"] = invalid_docs
        decisions.report["vote_counts"] = {
            "recorded_votes": sum(v.get("recorded_votes", 0) for v in vote_checks),
            "names_equal_printed_counts": sum(v.get("names_equal_printed_counts", 0)
                                              for v in vote_checks),
            "differ": [d for v in vote_checks for d in v.get("differ", [])]}
        if not table_rows["resolutions"]:
            return BuildResult(items + refused, False, "no document gave rows that validate "
                               "against schemas/:\n" + "\n".join(
                                   f"{d['file']}: {m}" for d in invalid_docs[:5]
                                   for m in d["findings"][:2]),
                               table_rows, timings, len(todo), written, decisions)
        if strict and invalid_docs:
            return BuildResult(items + refused, False, "strict mode: documents whose rows do not "
                               "validate", table_rows, timings, len(todo), written, decisions)
        # The tables computed over the whole package, now that its parts are written.
        t = time.perf_counter()
        from .lineage.stage import write_corpus_tables
        corpus = write_corpus_tables(staged, sorted(by_part), cache_dir and cache_dir.parent)
        table_rows.update(corpus.rows)
        decisions.report["lineage"] = corpus.report
        timings["lineage"] = time.perf_counter() - t
        t = time.perf_counter()
        write_report(items, refused, inventory, decisions, table_rows, staged / REPORT_NAME)
        package.write_descriptor(staged, sorted(by_part))
        timings["report"] = time.perf_counter() - t
        t = time.perf_counter()
        write_manifest(staged, _known_entries(output, taken_over))
        timings["manifest"] = time.perf_counter() - t
        swap_in(staged, output)
        staged = None
        if output.resolve() == (schema.ROOT / "output").resolve():
            package.write_root(sorted(by_part))
        if cache_dir is not None:
            _remember_parts(output, cache_dir, previous, sorted(by_part))
    finally:
        if staged is not None and staged.exists():
            shutil.rmtree(staged, ignore_errors=True)
        shutil.rmtree(spill, ignore_errors=True)
    timings["total"] = time.perf_counter() - started
    peak = {"main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "workers": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024}
    return BuildResult(items + refused, True, None, table_rows, timings, len(todo), written,
                       decisions, peak)


def _tasks(inventory: Inventory, version: str, cache: ParseCache, spill: Path):
    """A task per source item, in the order of paths (and members), keyed for the
    cache; refused archive members as results."""
    tasks: list[Task] = []
    refused: list[ItemResult] = []
    entries = [(item, path) for item, path in inventory.files]
    for archive in inventory.archives:
        entries += [(item, archive.file) for item in archive.items]
        refused += [ItemResult(SourceItem(e.path.split("!")[0], e.path.partition("!")[2] or None),
                               "", "rejected", error=e) for e in archive.refused]
    entries.sort(key=lambda e: (e[0].path, e[0].member or ""))
    for item, path in entries:
        if item.member is None:
            try:
                content = sha256_file(path)
            except OSError:
                content = "unreadable"
        else:
            # A member is known by its archive directory's CRC-32 and size: changing one
            # member of an archive re-reads that member only.
            content = f"crc32:{item.crc:08x}:{item.size}"
        key = _key(version, item.path, item.member or "", content)
        tasks.append(Task(len(tasks), item, str(path), key, str(cache.tables_path(key, spill))))
    return tasks, refused


def _usable_metadata(files: list[tuple[str, Path]]) -> tuple[list[str], list[ItemResult]]:
    """The session metadata files that can be read; the others as rejections."""
    from .akn.session_metadata import load_session_metadata
    usable, refused = [], []
    for shown, path in files:
        try:
            load_session_metadata([path])
        except (ParseError, OSError, UnicodeDecodeError, ValueError) as exc:
            error = exc if isinstance(exc, ParseError) else ParseError(
                shown, None, f"not a session metadata file ({type(exc).__name__}: {exc}); "
                "expected one JSON object per line")
            refused.append(ItemResult(SourceItem(shown, None, "json"), "", "rejected",
                                      error=error))
            continue
        usable.append(str(path))
    return usable, refused


# ------------------------------------------------------------------ taking over parts

def _state_file(cache_dir: Path) -> Path:
    return cache_dir.parent / "outputs.json"


def _previous_parts(output: Path, cache_dir: Path | None) -> dict:
    if cache_dir is None:
        return {}
    try:
        state = json.loads(_state_file(cache_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state.get(str(output.resolve()), {})


def _remember_parts(output: Path, cache_dir: Path, parts: dict, names: list[str]) -> None:
    """Record each part's fingerprint and its files' sizes and times, to know next
    time that the files are still the ones written."""
    remembered = {}
    for part in names:
        info = dict(parts[part])
        info["files"] = {}
        for rel in _part_files(part):
            st = (output / rel).stat()
            info["files"][rel] = [st.st_size, st.st_mtime_ns]
        remembered[part] = info
    path = _state_file(cache_dir)
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    state[str(output.resolve())] = remembered
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    # Not sort_keys: what is kept here goes back into the build report as it was.
    tmp.write_text(json.dumps(state), encoding="utf-8")
    os.replace(tmp, path)


def _take_over(output: Path, staged: Path, part: str, info: dict) -> bool:
    """Hard-link a part's files from the previous output, if they are unchanged."""
    files = info.get("files", {})
    for rel in _part_files(part):
        try:
            st = (output / rel).stat()
        except OSError:
            return False
        if files.get(rel) != [st.st_size, st.st_mtime_ns]:
            return False
    for rel in _part_files(part):
        target = staged / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(output / rel, target)
        except OSError:
            shutil.copy2(output / rel, target)
    return True


# ------------------------------------------------------------------ report and manifest

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


def _known_entries(output: Path, parts: list[str]) -> dict:
    """The previous manifest's entries for the files of the parts taken over."""
    if not parts:
        return {}
    try:
        previous = json.loads((output / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError):
        return {}
    wanted = {rel for part in parts for rel in _part_files(part)}
    return {rel: entry for rel, entry in previous.items() if rel in wanted}


def write_manifest(directory: Path, known: dict | None = None) -> None:
    """MANIFEST.json: per output file its rows (tables), bytes and SHA-256.

    `known`: entries of files taken over unchanged from the previous output (from
    its manifest), not hashed again."""
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
    (directory / MANIFEST_NAME).write_text(json.dumps({"files": files}, indent=1, sort_keys=True)
                                           + "\n", encoding="utf-8")
