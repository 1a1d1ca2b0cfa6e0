"""One resolution, start to finish: read -> clean layout -> segment -> extract.

`parse_file` is the whole parser for one file; it returns typed records and
raises ParseError (and nothing else) for input it cannot read as a resolution.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import citations as cite
from .accounting import Coverage, StructureLine, coverage
from ..errors import Diagnostic, ParseError
from .extract import extract
from ..records import CitationRow, Clause, Document, Footnote, FootnoteRef, Resolution
from .guard import counts, guard
from .hyperlinks import HyperlinkCheck, check_hyperlinks
from ..lang import PROFILES
from ..lang.detect import detect_language, language_name
from .layout import DiscardedLine, clean_layout
from .read import Source, read_source, source_from_bytes
from .segment import Closing, Header, Paragraph, identify, segment, title_lines


@dataclass
class Parsed:
    source: Source
    resolution: Resolution
    clauses: list[Clause]
    footnotes: list[Footnote]
    refs: list[FootnoteRef]
    citations: list[CitationRow]
    discarded: list[DiscardedLine]
    structure: list[StructureLine]
    dropped_bold: str
    bold_factor: int | None
    hyperlinks: list[HyperlinkCheck]
    coverage: Coverage
    header: Header
    closing: Closing
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def document(self) -> Document:
        """The intermediate record every later stage takes."""
        return Document(self.resolution, self.clauses, self.footnotes, self.refs,
                        self.citations, diagnostics=self.diagnostics, report=self.report())

    def report(self) -> dict:
        """How the text was read: encoding, lines set aside, lossless accounting."""
        return {
            "encoding": self.source.encoding,
            "lines": len(self.source.lines),
            "discarded_lines": [{"line": d.line, "kind": d.kind, "text": d.text}
                                for d in self.discarded],
            "structure_lines": [{"line": s.line, "kind": s.kind, "text": s.text}
                                for s in self.structure],
            "bold_duplicate_characters": len(self.dropped_bold),
            "coverage": {
                "source_characters": self.coverage.source_characters,
                "ratio": round(self.coverage.ratio, 6),
                "missing": self.coverage.missing,
                "invented": self.coverage.invented,
            },
            "hyperlinks": [{"line": h.line, "url": h.url, "target": h.target,
                            "status": h.status, "citation_id": h.citation_id}
                           for h in self.hyperlinks],
        }


def parse_file(path: Path, display_path: str | None = None) -> Parsed:
    return parse_source(read_source(path, display_path))


def parse_bytes(data: bytes, display_path: str) -> Parsed:
    return parse_source(source_from_bytes(data, display_path))


def language_of(source: Source):
    """The language profile for the source's text, detected from the text
    itself; ParseError naming the language when there is no profile for it."""
    code = detect_language("\n".join(source.lines[:400]))
    lang = PROFILES.get(code)
    if lang is None:
        raise ParseError(source.path, None, (
            f"{language_name(code)} text: no text profile for {code}; "
            f"profiles: {', '.join(sorted(PROFILES))}"))
    return lang


def parse_source(source: Source) -> Parsed:
    path = source.path
    lang = language_of(source)
    identity = identify(path, source.lines)
    number = identity.resolution
    printed_title, title_span = title_lines(source.lines, identity, lang)
    title = " ".join(printed_title)
    layout = clean_layout(path, source.lines, number.symbol, title, lang, title_span)
    seg = segment(path, layout.body, identity, lang, layout.blank_lines_separate)
    enacting = source.line(seg.header.enacting_line)
    ext = extract(path, seg.paragraphs, layout.footnotes, seg.header.title, enacting, lang)

    header, closing = seg.header, seg.closing
    diagnostics = layout.diagnostics + seg.diagnostics + ext.diagnostics
    adoption_date = header.adoption_heading or closing.adoption_date
    if header.adoption_heading and closing.adoption_date \
            and header.adoption_heading != closing.adoption_date:
        diagnostics.append(Diagnostic(path, closing.date_line, (
            f"closing date {closing.adoption_date} differs from the heading's "
            f"{header.adoption_heading}; the heading's date is used")))
    if adoption_date is None:
        diagnostics.append(Diagnostic(path, None, "no adoption date in the heading or the "
                                      "closing lines"))

    resolution = Resolution(
        symbol=number.symbol,
        language=lang.CODE,
        session=number.session,
        session_type=number.session_type,
        number=number.number,
        title=ext.title,
        adoption_date=adoption_date,
        committee=header.committee,
        committee_report=header.committee_report,
        draft_symbol=header.draft_symbol,
        adoption_note=header.adoption_note,
        plenary_meeting=closing.plenary_meeting,
        **counts(ext.clauses, ext.footnotes),
        source_file=path,
        source_sha256=source.sha256,
        source_encoding=source.encoding,
        url=f"https://undocs.org/{lang.UNDOCS_SEGMENT}/{number.symbol}",
        agenda_item=header.agenda_item,
    )
    citations = _citations(header.adoption_note, header.note_lines, ext.clauses, ext.footnotes,
                           lang.CODE)
    # Rows the schemas would refuse are fixed or set aside here, never the
    # whole document later.
    rows = guard(path, resolution, ext.clauses, ext.footnotes, ext.refs, citations,
                 identity.line)
    resolution, citations = rows.resolution, rows.citations
    diagnostics += rows.diagnostics
    discarded = sorted(layout.discarded + seg.extra_discarded + rows.set_aside,
                       key=lambda d: d.line)
    hyperlinks = check_hyperlinks(discarded, citations)
    diagnostics += [Diagnostic(path, h.line, h.problem) for h in hyperlinks if h.problem]
    structure = _structure_lines(source, header, closing, seg.annex_lines)
    cover = coverage(source.lines, _accounted(source, seg.paragraphs, ext.dropped_bold, rows,
                                              discarded, structure))
    if not cover.complete:
        diagnostics.append(Diagnostic(path, None, (
            f"lossless check: {sum(cover.missing.values())} source characters are in no table "
            f"or list ({''.join(list(cover.missing)[:20])}), {sum(cover.invented.values())} "
            f"characters in the tables are not in the source ({''.join(list(cover.invented)[:20])})")))
    return Parsed(source, resolution, rows.clauses, rows.footnotes, rows.refs, citations,
                  discarded, structure, ext.dropped_bold, ext.bold_factor, hyperlinks, cover,
                  header, closing, diagnostics)


def _structure_lines(source: Source, header: Header, closing: Closing,
                     annex_lines: tuple[int, ...] = ()) -> list[StructureLine]:
    kinds = [("heading", header.heading_lines),
             ("adoption_note", header.note_lines),
             ("title", header.title_lines),
             ("enacting_formula", (header.enacting_line,)),
             ("closing_date", (closing.date_line,) if closing.date_line else ()),
             ("plenary_meeting", (closing.meeting_line,) if closing.meeting_line else ()),
             ("annex_heading", annex_lines)]
    lines = [StructureLine(n, kind, source.line(n)) for kind, numbers in kinds for n in numbers]
    return sorted(lines, key=lambda s: s.line)


def _accounted(source: Source, paragraphs: list[Paragraph], dropped_bold: str, rows,
               discarded, structure):
    """Every piece of text the parse put somewhere, for the lossless check."""
    yield from (d.text for d in discarded)
    yield from (s.text for s in structure)
    yield dropped_bold
    for p in paragraphs:  # printed labels, with their punctuation ("3．", "(a)")
        yield source.line(p.lines[0].number)[:p.label_chars]
    yield from (c.text for c in rows.clauses)
    yield from (str(r.footnote_number) for r in rows.refs)
    for f in rows.footnotes:
        yield str(f.number)
        yield f.text


def _citations(note: str | None, note_lines: tuple[int, ...], clauses: list[Clause],
               footnotes: list[Footnote], language: str) -> list[CitationRow]:
    rows: list[CitationRow] = []

    def add(location, clause_id, footnote_number, found, line_of):
        for c in found:
            rows.append(CitationRow(f"c{len(rows) + 1}", location, clause_id,
                                    footnote_number, line_of(c.start), c))

    if note:
        add("header", None, None, cite.find_citations(note, language=language),
            lambda _: note_lines[0])
    for clause in clauses:
        add("clause", clause.clause_id, None, cite.find_citations(clause.text, language=language),
            lambda at, c=clause: c.line_at(at))
    previous: list[cite.Citation] = []
    for note_ in footnotes:
        # "同上" / "Ibid." refers to the footnote just before.
        found = cite.find_citations(note_.text, previous=previous, language=language)
        add("footnote", None, note_.number, found, lambda at, n=note_: n.line_at(at))
        previous = found
    return rows


__all__ = ["Parsed", "ParseError", "Resolution", "CitationRow", "parse_file", "parse_bytes",
           "parse_source"]
