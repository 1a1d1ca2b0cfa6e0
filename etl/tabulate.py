"""Stage 5, tabulate: documents (from either front end) into rows of the tables.

Rows are plain dicts keyed by the schema's column names, in document order.
Votes, sponsors and subjects belong to a resolution, not to one language
version: every language file of the XML carries them, and the corpus stage
leaves them on one document per symbol (etl.corpus), so they are written once.
"""

from __future__ import annotations

from . import schema
from .citations import undocs_url
from .records import Document


def key(symbol: str, language: str, local: str | int) -> str:
    return f"{symbol}#{language}#{local}"


def tabulate(documents: list[Document], in_package: set[str] | None = None) -> dict[str, list[dict]]:
    """Rows of every session table for these documents, in the given order
    (the non_voting rows of recorded votes are added per package part, where
    the member list is known: etl.members.add_non_voting).

    `in_package` is the set of symbols the package holds (default: these)."""
    tables: dict[str, list[dict]] = {t: [] for t in schema.DOCUMENT_TABLES}
    if in_package is None:
        in_package = {d.resolution.symbol for d in documents}
    for d in documents:
        r = d.resolution
        sym, lang = r.symbol, r.language
        tables["resolutions"].append({
            "symbol": sym, "language": lang, "session": r.session,
            "session_type": r.session_type, "number": r.number, "title": r.title,
            "adoption_date": r.adoption_date, "committee": r.committee,
            "committee_report": r.committee_report, "draft_symbol": r.draft_symbol,
            "adoption_note": r.adoption_note, "plenary_meeting": r.plenary_meeting,
            "preambular_count": r.preambular_count, "operative_count": r.operative_count,
            "footnote_count": r.footnote_count, "adoption_type": r.adoption_type,
            "yes_count": r.yes_count, "no_count": r.no_count, "abstain_count": r.abstain_count,
            "plenary_record": r.plenary_record, "agenda_item": r.agenda_item,
            "source_format": r.source_format, "source_file": r.source_file,
            "source_member": r.source_member, "source_sha256": r.source_sha256, "url": r.url,
        })
        for c in d.clauses:
            tables["clauses"].append({
                "symbol": sym, "language": lang, "clause_id": c.clause_id,
                "section": c.section, "kind": c.kind, "level": c.level, "parent_id": c.parent_id,
                "label": c.label, "ordinal": c.ordinal, "leading_phrase": c.leading_phrase,
                "text": c.text, "line_start": c.line_start, "line_end": c.line_end,
                "clause_key": key(sym, lang, c.clause_id),
                "parent_key": key(sym, lang, c.parent_id) if c.parent_id else None,
            })
        for f in d.footnotes:
            tables["footnotes"].append({
                "symbol": sym, "language": lang, "number": f.number, "text": f.text,
                "line_start": f.line_start, "line_end": f.line_end,
                "footnote_key": key(sym, lang, f.number),
            })
        for ref in d.refs:
            tables["footnote_refs"].append({
                "symbol": sym, "language": lang, "clause_id": ref.clause_id,
                "footnote_number": ref.footnote_number, "offset": ref.offset, "line": ref.line,
            })
        for row in d.citations:
            c = row.citation
            tables["citations"].append({
                "symbol": sym, "language": lang, "citation_id": row.citation_id,
                "location": row.location, "clause_id": row.clause_id,
                "footnote_number": row.footnote_number, "raw": c.raw, "target": c.target,
                "target_type": c.target_type, "target_date": c.target_date,
                "url": undocs_url(c.target, c.target_type, lang), "evidence": row.evidence,
                "start": c.start, "end": c.end, "line": row.line,
                "in_package": c.target in in_package,
                "clause_key": key(sym, lang, row.clause_id) if row.clause_id else None,
                "footnote_key": (key(sym, lang, row.footnote_number)
                                 if row.footnote_number is not None else None),
            })
        source = {"source_file": r.source_file, "source_member": r.source_member}
        for v in d.votes:
            tables["votes"].append({"symbol": sym, "member_state": v.member_state,
                                    "country_code": v.country_code, "vote": v.vote,
                                    "derived": False, **source, "line": v.line})
        for s in d.sponsors:
            tables["sponsors"].append({"symbol": sym, "role": s.role, "ordinal": s.ordinal,
                                       "sponsor": s.sponsor, "country_code": s.country_code,
                                       **source, "line": s.line})
        for s in d.subjects:
            tables["subjects"].append({"symbol": sym, "vocabulary": s.vocabulary,
                                       "term": s.term, **source, "line": s.line})
    return tables
