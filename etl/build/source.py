"""One source through its front end: a summary per document for the corpus
stage, and the document's tables (kept in the parse cache until its session
part is written). Runs in the worker processes."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from pathlib import Path

from .. import schema
from ..corpus import DocSummary, FootnoteSignature, clause_signature
from ..errors import ParseError
from ..frontends import read_documents
from ..records import Document
from ..sources import SourceItem
from ..tabulate import tabulate
from ..witness import fingerprint
from ..write import arrow_table
from .results import ItemResult

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
        signature=tuple(clause_signature(c) for c in d.clauses),
        footnotes=tuple(FootnoteSignature(f.number) for f in d.footnotes),
        targets=frozenset(row.citation.target for row in d.citations),
        entry=report_entry(d, shown),
        json_disagreements=json_disagreements,
        witness=fingerprint(d),
    )


# The session metadata files of this build, loaded once per process (each
# worker's own copy), when the first XML document needs them.
_SESSION_METADATA_PATHS: list[str] = []
_SESSION_METADATA: dict | None = None


def load_session_metadata(paths: list[str]) -> None:
    """Use these session metadata files from now on (read on first use)."""
    global _SESSION_METADATA, _SESSION_METADATA_PATHS
    _SESSION_METADATA, _SESSION_METADATA_PATHS = None, list(paths)


def _session_metadata() -> dict | None:
    global _SESSION_METADATA
    if _SESSION_METADATA is None and _SESSION_METADATA_PATHS:
        from ..akn.session_metadata import load_session_metadata as load_files
        _SESSION_METADATA = load_files([Path(p) for p in _SESSION_METADATA_PATHS])
    return _SESSION_METADATA


def _cover_symbol(identity: dict | None) -> str | None:
    """The cover's symbol ("A/RES/74/250 A-B" for a collection), from the identity evidence."""
    try:
        return identity["symbol"]["candidates"]["cover"]["value"]
    except (KeyError, TypeError):
        return None


def _json_disagreements(d: Document, identity: dict | None) -> list:
    """The XML's metadata against the session JSON files (etl.akn.session_metadata)."""
    if d.resolution.source_format != "akn":
        return []
    metadata = _session_metadata()
    if not metadata:
        return []
    from ..akn.meta import Metadata
    from ..akn.session_metadata import cross_check, find_record
    r = d.resolution
    record = find_record(metadata, r.symbol, _cover_symbol(identity))
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


def usable_metadata(files: list[tuple[str, Path, str]], known_good: set[str]
                    ) -> tuple[list[str], list[ItemResult]]:
    """The session metadata files (shown path, path, SHA-256) that can be read;
    the others as rejections. Files whose SHA-256 is in `known_good` were read
    by an earlier build and are not read again."""
    from ..akn.session_metadata import load_session_metadata as load_files
    usable, refused = [], []
    for shown, path, sha in files:
        if sha in known_good:
            usable.append(str(path))
            continue
        try:
            load_files([path])
        except (ParseError, OSError, UnicodeDecodeError, ValueError) as exc:
            error = exc if isinstance(exc, ParseError) else ParseError(
                shown, None, f"not a session metadata file ({type(exc).__name__}: {exc}); "
                "expected one JSON object per line")
            refused.append(ItemResult(SourceItem(shown, None, "json"), "", "rejected",
                                      error=error))
            continue
        usable.append(str(path))
    return usable, refused
