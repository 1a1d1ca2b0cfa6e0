"""Stage 5, tabulate: parsed resolutions into rows of the five tables.

Rows are plain dicts keyed by the schema's column names. A resolution's rows
come in document order; the build writes resolutions in the order of their
source paths, so output never depends on the order files were parsed in.
"""

from __future__ import annotations

from . import schema
from .parse import Parsed


def key(symbol: str, language: str, local: str | int) -> str:
    return f"{symbol}#{language}#{local}"


def tabulate(parsed: list[Parsed], in_package: set[str] | None = None) -> dict[str, list[dict]]:
    """Rows of every table for these resolutions, in the given order.

    `in_package` is the set of symbols the package holds (default: these)."""
    tables: dict[str, list[dict]] = {t: [] for t in schema.TABLES}
    if in_package is None:
        in_package = {p.resolution.symbol for p in parsed}
    for p in parsed:
        r = p.resolution
        sym, lang = r.symbol, r.language
        tables["resolutions"].append({
            "symbol": sym, "language": lang, "session": r.session,
            "session_type": r.session_type, "number": r.number, "title": r.title,
            "adoption_date": r.adoption_date, "committee": r.committee,
            "committee_report": r.committee_report, "draft_symbol": r.draft_symbol,
            "adoption_note": r.adoption_note, "plenary_meeting": r.plenary_meeting,
            "preambular_count": r.preambular_count, "operative_count": r.operative_count,
            "footnote_count": r.footnote_count, "source_file": r.source_file,
            "source_sha256": r.source_sha256, "url": r.url,
        })
        for c in p.clauses:
            tables["clauses"].append({
                "symbol": sym, "language": lang, "clause_id": c.clause_id,
                "section": c.section, "level": c.level, "parent_id": c.parent_id,
                "label": c.label, "ordinal": c.ordinal, "leading_phrase": c.leading_phrase,
                "text": c.text, "line_start": c.line_start, "line_end": c.line_end,
                "clause_key": key(sym, lang, c.clause_id),
                "parent_key": key(sym, lang, c.parent_id) if c.parent_id else None,
            })
        for f in p.footnotes:
            tables["footnotes"].append({
                "symbol": sym, "language": lang, "number": f.number, "text": f.text,
                "line_start": f.line_start, "line_end": f.line_end,
                "footnote_key": key(sym, lang, f.number),
            })
        for ref in p.refs:
            tables["footnote_refs"].append({
                "symbol": sym, "language": lang, "clause_id": ref.clause_id,
                "footnote_number": ref.footnote_number, "offset": ref.offset, "line": ref.line,
            })
        for row in p.citations:
            c = row.citation
            tables["citations"].append({
                "symbol": sym, "language": lang, "citation_id": row.citation_id,
                "location": row.location, "clause_id": row.clause_id,
                "footnote_number": row.footnote_number, "raw": c.raw, "target": c.target,
                "target_type": c.target_type, "target_date": c.target_date, "url": c.url,
                "start": c.start, "end": c.end, "line": row.line,
                "in_package": c.target in in_package,
                "clause_key": key(sym, lang, row.clause_id) if row.clause_id else None,
                "footnote_key": (key(sym, lang, row.footnote_number)
                                 if row.footnote_number is not None else None),
            })
    return tables
