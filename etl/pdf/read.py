"""One PDF, start to finish: spans -> lines -> zones -> segment -> Document."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Diagnostic, ParseError
from ..lang import PROFILES
from ..lang.detect import detect_language, language_name
from ..records import Document, Resolution
from ..text.accounting import coverage
from .document import clauses, clean_lines, diagnostics_for, find_citations, footnotes
from .furniture import zones
from .lines import Line, page_lines
from .segment import segment
from .spans import read_pages
from .tables import find_tables


@dataclass
class PdfRead:
    documents: list[Document]
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_pdf(data: bytes, path: str, member: str | None, sha256: str) -> PdfRead:
    """The resolution a PDF holds; ParseError (naming the file) for a PDF that
    cannot be read or is not a resolution."""
    shown = f"{path}!{member}" if member else path
    pages = read_pages(data, shown)
    per_page = [page_lines(p) for p in pages]
    number = 0
    page_starts = []
    for lines in per_page:
        page_starts.append(number + 1)
        for line in lines:
            number += 1
            line.number = number
    every = [l for lines in per_page for l in lines]
    lang = _language(shown, every)
    z = zones(pages, per_page)
    tables = find_tables(z.body, z.body_size)
    z.furniture += [("table_headings_repeated", l) for l in tables.repeated]
    seg = segment(shown, tables.body, lang, z.body_size, pages[0].width)
    header, closing = seg.header, seg.closing
    notes, note_numbers = footnotes(z.notes, lang)
    known = frozenset(n.number for n in notes if n.number > 0)
    body = clauses(seg.paragraphs, lang, known)
    title = clean_lines(header.title_lines, lang, known, skip=header.title_skip)
    diagnostics = seg.diagnostics + diagnostics_for(shown, body, notes)

    number_ = header.number
    if header.masthead_symbol and header.masthead_symbol.rstrip(".,") != number_.symbol:
        diagnostics.append(Diagnostic(shown, header.masthead[0].number if header.masthead
                                      else None, f"the masthead's symbol "
                                      f"{header.masthead_symbol} differs from the title line's "
                                      f"{number_.symbol}; the title line's is used"))
    adoption_date = header.adoption_heading or closing.adoption_date
    if header.adoption_heading and closing.adoption_date \
            and header.adoption_heading != closing.adoption_date:
        diagnostics.append(Diagnostic(shown, closing.date_line.number, (
            f"closing date {closing.adoption_date} differs from the heading's "
            f"{header.adoption_heading}; the heading's date is used")))
    if adoption_date is None:
        diagnostics.append(Diagnostic(shown, None, "no adoption date in the heading or the "
                                      "closing lines"))
    level1 = [c for c in body.clauses if c.level == 1 and c.kind == "paragraph"]
    resolution = Resolution(
        symbol=number_.symbol, language=lang.CODE, session=number_.session,
        session_type=number_.session_type, number=number_.number, title=title.text or None,
        adoption_date=adoption_date, committee=header.committee,
        committee_report=header.committee_report, draft_symbol=header.draft_symbol,
        adoption_note=header.adoption_note, plenary_meeting=closing.plenary_meeting,
        preambular_count=sum(1 for c in level1 if c.section == "preamble"),
        operative_count=sum(1 for c in level1 if c.section == "operative"),
        footnote_count=len(notes), source_file=path, source_sha256=sha256,
        url=f"https://undocs.org/{lang.UNDOCS_SEGMENT}/{number_.symbol}",
        source_format="pdf", source_member=member, source_encoding="pdf",
        agenda_item=header.agenda_item)
    note_line = header.note_lines[0].number if header.note_lines else 0
    citations = find_citations(header.adoption_note, note_line, title.text,
                               header.title_lines[0].number, body.clauses, notes, lang.CODE)

    structure = [("masthead", l) for l in header.masthead] \
        + [("heading", l) for l in header.heading_lines] \
        + [("adoption_note", l) for l in header.note_lines] \
        + [("title", l) for l in header.title_lines] \
        + [("enacting_formula", header.enacting)] \
        + [(kind, l) for kind, l in (("closing_date", closing.date_line),
                                     ("plenary_meeting", closing.meeting_line)) if l is not None]
    accounted = [l.text for _, l in structure] + [l.text for _, l in z.furniture] \
        + [c.text for c in body.clauses] + body.numbers + note_numbers + [n.text for n in notes]
    # The clean text writes a non-breaking hyphen as "-" (as the XML reader does).
    cover = coverage([l.text.replace("\u2011", "-") for l in every],
                     [t.replace("\u2011", "-") for t in accounted])
    if not cover.complete:
        diagnostics.append(Diagnostic(shown, None, (
            f"lossless check: {sum(cover.missing.values())} characters of the text layer are in "
            f"no table or list ({''.join(list(cover.missing)[:20])}), "
            f"{sum(cover.invented.values())} characters in the tables are not in the text layer "
            f"({''.join(list(cover.invented)[:20])})")))
    report = {
        "pages": len(pages),
        "page_first_lines": page_starts,
        "lines": len(every),
        "structure_lines": sorted(({"line": l.number, "kind": kind, "text": l.text}
                                   for kind, l in structure), key=lambda s: s["line"]),
        "discarded_lines": sorted(({"line": l.number, "kind": kind, "text": l.text}
                                   for kind, l in z.furniture), key=lambda s: s["line"]),
        "coverage": {"source_characters": cover.source_characters,
                     "ratio": round(cover.ratio, 6), "missing": cover.missing,
                     "invented": cover.invented},
    }
    document = Document(resolution, body.clauses, notes, body.refs, citations,
                        diagnostics=diagnostics, report=report)
    return PdfRead([document], [])


def _language(shown: str, lines: list[Line]):
    code = detect_language("\n".join(l.text for l in lines[:400]))
    lang = PROFILES.get(code)
    if lang is None:
        raise ParseError(shown, None, f"{language_name(code)} text: no profile for {code}; "
                         f"profiles: {', '.join(sorted(PROFILES))}")
    return lang
