"""One resolution, start to finish: read -> clean layout -> segment -> extract.

`parse_file` is the whole parser for one file; it returns typed records and
raises ParseError (and nothing else) for input it cannot read as a resolution.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import citations as cite
from .accounting import Coverage, StructureLine, coverage
from .errors import Diagnostic, ParseError
from .extract import Clause, Footnote, FootnoteRef, extract
from .hyperlinks import HyperlinkCheck, check_hyperlinks
from .lang import zh as lang
from .layout import DiscardedLine, clean_layout
from .read import Source, read_source, source_from_bytes
from .segment import Closing, Header, Paragraph, identify, segment


@dataclass(frozen=True)
class Resolution:
    symbol: str
    language: str
    session: int
    session_type: str
    number: str
    title: str
    adoption_date: date | None
    committee: str | None
    committee_report: str | None
    draft_symbol: str | None
    adoption_note: str | None
    plenary_meeting: int | None
    preambular_count: int
    operative_count: int
    footnote_count: int
    source_file: str
    source_sha256: str
    source_encoding: str
    url: str


@dataclass(frozen=True)
class CitationRow:
    citation_id: str
    location: str            # header | clause | footnote
    clause_id: str | None
    footnote_number: int | None
    line: int                # source line where the reference starts
    citation: cite.Citation


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


def parse_file(path: Path, display_path: str | None = None) -> Parsed:
    return parse_source(read_source(path, display_path))


def parse_bytes(data: bytes, display_path: str) -> Parsed:
    return parse_source(source_from_bytes(data, display_path))


def parse_source(source: Source) -> Parsed:
    path = source.path
    identity = identify(path, source.lines)
    number = identity.resolution
    layout = clean_layout(path, source.lines, number.symbol, identity.first_title_line)
    seg = segment(path, layout.body, identity)
    enacting = source.line(seg.header.enacting_line)
    ext = extract(path, seg.paragraphs, layout.footnotes, seg.header.title, enacting)

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

    level1 = [c for c in ext.clauses if c.level == 1]
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
        preambular_count=sum(1 for c in level1 if c.section == "preamble"),
        operative_count=sum(1 for c in level1 if c.section == "operative"),
        footnote_count=len(ext.footnotes),
        source_file=path,
        source_sha256=source.sha256,
        source_encoding=source.encoding,
        url=f"https://undocs.org/{lang.UNDOCS_SEGMENT}/{number.symbol}",
    )
    discarded = sorted(layout.discarded + seg.extra_discarded, key=lambda d: d.line)
    citations = _citations(header.adoption_note, header.note_lines, ext.clauses, ext.footnotes)
    hyperlinks = check_hyperlinks(discarded, citations)
    diagnostics += [Diagnostic(path, h.line, h.problem) for h in hyperlinks if h.problem]
    structure = _structure_lines(source, header, closing)
    cover = coverage(source.lines, _accounted(source, seg.paragraphs, ext, discarded, structure))
    if not cover.complete:
        diagnostics.append(Diagnostic(path, None, (
            f"lossless check: {sum(cover.missing.values())} source characters are in no table "
            f"or list ({''.join(list(cover.missing)[:20])}), {sum(cover.invented.values())} "
            f"characters in the tables are not in the source ({''.join(list(cover.invented)[:20])})")))
    return Parsed(source, resolution, ext.clauses, ext.footnotes, ext.refs, citations,
                  discarded, structure, ext.dropped_bold, ext.bold_factor, hyperlinks, cover,
                  header, closing, diagnostics)


def _structure_lines(source: Source, header: Header, closing: Closing) -> list[StructureLine]:
    kinds = [("heading", (header.heading_line,) if header.heading_line else ()),
             ("adoption_note", header.note_lines),
             ("title", header.title_lines),
             ("enacting_formula", (header.enacting_line,)),
             ("closing_date", (closing.date_line,) if closing.date_line else ()),
             ("plenary_meeting", (closing.meeting_line,) if closing.meeting_line else ())]
    lines = [StructureLine(n, kind, source.line(n)) for kind, numbers in kinds for n in numbers]
    return sorted(lines, key=lambda s: s.line)


def _accounted(source: Source, paragraphs: list[Paragraph], ext, discarded, structure):
    """Every piece of text the parse put somewhere, for the lossless check."""
    yield from (d.text for d in discarded)
    yield from (s.text for s in structure)
    yield ext.dropped_bold
    for p in paragraphs:  # printed labels, with their punctuation ("3．", "(a)")
        yield source.line(p.lines[0].number)[:p.label_chars]
    yield from (c.text for c in ext.clauses)
    yield from (str(r.footnote_number) for r in ext.refs)
    for f in ext.footnotes:
        yield str(f.number)
        yield f.text


def _citations(note: str | None, note_lines: tuple[int, ...], clauses: list[Clause],
               footnotes: list[Footnote]) -> list[CitationRow]:
    rows: list[CitationRow] = []

    def add(location, clause_id, footnote_number, found, line_of):
        for c in found:
            rows.append(CitationRow(f"c{len(rows) + 1}", location, clause_id,
                                    footnote_number, line_of(c.start), c))

    if note:
        add("header", None, None, cite.find_citations(note), lambda _: note_lines[0])
    for clause in clauses:
        add("clause", clause.clause_id, None, cite.find_citations(clause.text),
            lambda at, c=clause: c.line_at(at))
    previous: list[cite.Citation] = []
    for note_ in footnotes:
        # "同上" (ibid.) refers to the footnote just before.
        found = cite.find_citations(note_.text, previous=previous)
        add("footnote", None, note_.number, found, lambda at, n=note_: n.line_at(at))
        previous = found
    return rows


__all__ = ["Parsed", "ParseError", "Resolution", "CitationRow", "parse_file", "parse_bytes",
           "parse_source"]
