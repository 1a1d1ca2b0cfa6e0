"""Stage 5, document: paragraphs and footnotes into the intermediate record.

Clean text follows the contract of etl.records: the lines of a paragraph
joined (a space between two lines, none after a hyphen that ends a line, as
the language profile says), the printed label and the footnote markers taken
out, runs of white space folded to one space (none next to a wide character),
stripped. A marker is a superscript whose number is a footnote of the
document; its offset is where it stood in the clean text. The leading phrase
is the italic or bold run the paragraph opens with (after an adverbial such
as "In this regard,", which is no part of it), as the XML marks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import ModuleType

from .. import citations as cite
from ..chars import is_wide
from ..errors import Diagnostic
from ..records import CitationRow, Clause, Footnote, FootnoteRef
from .furniture import RawNote
from .lines import Line
from .segment import Para

_WHITE = re.compile(r"(\s+)")
# What a leading phrase does not end with (the XML reader's rule).
_PHRASE_END = " \t\n\u00a0,;:.!?،؛，；：、。！？…-–—"
NON_BREAKING_HYPHEN = "\u2011"


@dataclass
class Clean:
    text: str
    markers: list[tuple[int, int, int]] = field(default_factory=list)  # (number, offset, line)
    emphasis: list[tuple[int, int]] = field(default_factory=list)      # spans of italic/bold
    line_starts: list[tuple[int, int]] = field(default_factory=list)   # (offset, line)
    numbers: list[str] = field(default_factory=list)    # marker digits taken out
    kept_sups: list[tuple[int, str]] = field(default_factory=list)  # (line, text) kept as text


class _Builder:
    """Clean text, built piece by piece with white space folded as it comes."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0
        self.pending = False
        self.last = ""

    def add(self, text: str) -> tuple[int, int]:
        """Append text; return the clean span its non-space characters took."""
        if text.isascii():
            # The common case, without a regular expression: ASCII text has no
            # wide character, and its white space folds with str.split.
            words = text.split()
            if not words:
                if text:
                    self.pending = self.length > 0
                return self.length, self.length
            if text[0].isspace():
                self.pending = self.length > 0
            core = " ".join(words)
            if self.pending and not is_wide(self.last):
                self.parts.append(" ")
                self.length += 1
            start = self.length
            self.parts.append(core)
            self.length += len(core)
            self.last = core[-1]
            self.pending = text[-1].isspace()
            return start, self.length
        start = None
        for piece in _WHITE.split(text):
            if not piece:
                continue
            if piece[0].isspace():
                self.pending = self.length > 0
                continue
            if self.pending and not is_wide(self.last) and not is_wide(piece[0]):
                self.parts.append(" ")
                self.length += 1
            self.pending = False
            if start is None:
                start = self.length
            self.parts.append(piece)
            self.length += len(piece)
            self.last = piece[-1]
        return (start if start is not None else self.length), self.length

    def glued_dash(self) -> bool:
        """Does the text end with a dash glued to the word before it ("2015–")?
        A line break after it joins without a space ("2015–⏎2030")."""
        piece = self.parts[-1] if self.parts else ""
        return len(piece) >= 2 and piece[-1] in "-–" and not piece[-2].isspace()

    def space(self) -> None:
        self.pending = self.length > 0

    def text(self) -> str:
        return "".join(self.parts)


def clean_lines(lines: list[Line], lang: ModuleType, notes: frozenset[int] | None,
                skip: int = 0, only: int | None = None, skip_first_sup: bool = False,
                justified: bool = True) -> Clean:
    """The clean text of printed lines. `notes`: the document's footnote numbers
    (a superscript naming one is a marker); None keeps every superscript as
    text. `skip` characters of the first line (its label) are left out; `only`
    keeps just the first characters of a one-line row. `justified`: the lines
    are set justified, so the spaces around a range's dash are the setting's
    (a table's cells are not: "1 – 1" is three cells)."""
    out = _Builder()
    clean = Clean("")
    for index, line in enumerate(lines):
        lo = skip if index == 0 else 0
        hi = only if (index == 0 and only is not None) else len(line.text)
        if index:
            first = _first_char(line, lo, hi)
            if out.length and first:
                # A hyphen that ends a line joins the words, unless the print
                # puts a space after it ("low- ⏎ and middle-income").
                if lines[index - 1].space_after or (
                        lang.line_join(out.last, first) == " " and not out.glued_dash()):
                    out.space()
                else:
                    out.pending = False
        clean.line_starts.append((out.length + (1 if out.pending else 0), line.number))
        gap_from = lo
        for r_index, run in enumerate(line.runs):
            a, b = max(run.start, lo), min(run.end, hi)
            if gap_from < a and line.text[gap_from:a].isspace():
                out.add(" ")       # the space the print leaves between two runs
            gap_from = max(gap_from, b)
            if a >= b:
                continue
            piece = line.text[a:b]
            if run.sup:
                label = piece.strip()
                if index == 0 and r_index == 0 and skip_first_sup:
                    clean.numbers.append(label)
                    continue
                if notes is not None and label.isdigit() and int(label) in notes:
                    if piece[:1].isspace():
                        out.space()
                    clean.markers.append((int(label), out.length, line.number))
                    clean.numbers.append(label)
                    if piece[-1:].isspace():
                        out.space()
                    continue
                clean.kept_sups.append((line.number, label))
            if NON_BREAKING_HYPHEN in piece:
                piece = piece.replace(NON_BREAKING_HYPHEN, "-")
            start, end = out.add(piece)
            if (run.italic or run.bold) and not run.sup and end > start:
                clean.emphasis.append((start, end))
    clean.text = out.text()
    space_free = getattr(lang, "SPACE_FREE", None)
    if justified and space_free is not None and "–" in clean.text:
        _cut(clean, [m.span() for m in space_free.finditer(clean.text)])
    return clean


def _cut(clean: Clean, cuts: list[tuple[int, int]]) -> None:
    """Remove the spans `cuts` (spaces a justified line put around the dash of a
    range: "2015 – 2030" is "2015–2030") and move every offset with the text."""
    if not cuts:
        return
    text = clean.text
    kept, at = [], 0
    for a, b in cuts:
        kept.append(text[at:a])
        at = b
    kept.append(text[at:])
    clean.text = "".join(kept)

    def moved(offset: int) -> int:
        removed = 0
        for a, b in cuts:
            if offset >= b:
                removed += b - a
            elif offset > a:
                removed += offset - a
        return offset - removed

    clean.markers = [(n, moved(o), line) for n, o, line in clean.markers]
    clean.emphasis = [(moved(a), moved(b)) for a, b in clean.emphasis]
    clean.line_starts = [(moved(o), line) for o, line in clean.line_starts]


def _first_char(line: Line, lo: int, hi: int) -> str:
    t = line.text[lo:hi].lstrip()
    return t[:1]


def leading_phrase(clean: Clean, openers: tuple[str, ...]) -> str | None:
    """The emphasised words the text opens with, or that follow an opening
    adverbial ("In this regard, "); None when the first emphasis is elsewhere."""
    if not clean.emphasis:
        return None
    text = clean.text
    start, end = clean.emphasis[0]
    if start > 0:
        before = text[:start].rstrip(" ,，")
        if before not in openers:
            return None
    for a, b in clean.emphasis[1:]:
        if text[end:a].strip():
            break
        end = b
    phrase = text[start:end].rstrip(_PHRASE_END)
    return phrase or None


@dataclass
class Body:
    clauses: list[Clause]
    refs: list[FootnoteRef]
    numbers: list[str]           # printed labels and marker digits taken out of the text
    kept_sups: list[tuple[int, str]]


def clauses(paras: list[Para], lang: ModuleType, notes: frozenset[int]) -> Body:
    openers = tuple(o.rstrip(" ,，") for o in getattr(lang, "LEADING_ADVERBIALS", ()))
    out: list[Clause] = []
    refs: list[FootnoteRef] = []
    numbers: list[str] = []
    kept: list[tuple[int, str]] = []
    for ordinal, p in enumerate(paras, start=1):
        c = clean_lines(p.lines, lang, notes, skip=p.skip, only=p.only,
                        justified=p.table != "cells")
        if p.skip and p.label is not None:   # a heading's number is a row of its own
            numbers.append(p.lines[0].text[:p.skip])
        numbers += c.numbers
        kept += c.kept_sups
        phrase = None if p.kind == "heading" or p.table == "cells" \
            else leading_phrase(c, openers)
        line_numbers = [l.number for l in p.lines]
        out.append(Clause(
            clause_id=p.clause_id, section=p.section, level=p.level, parent_id=p.parent_id,
            label=p.label, ordinal=ordinal, leading_phrase=phrase, text=c.text,
            line_start=min(line_numbers), line_end=max(line_numbers), kind=p.kind,
            line_starts=tuple(c.line_starts)))
        refs += [FootnoteRef(p.clause_id, n, offset, line) for n, offset, line in c.markers]
    return Body(out, refs, numbers, kept)


def footnotes(raw: list[RawNote], lang: ModuleType) -> tuple[list[Footnote], list[str]]:
    out: list[Footnote] = []
    numbers: list[str] = []
    for note in raw:
        c = clean_lines(note.lines, lang, None, skip_first_sup=note.number > 0)
        numbers += c.numbers
        line_numbers = [l.number for l in note.lines]
        out.append(Footnote(note.number, c.text, min(line_numbers), max(line_numbers),
                            tuple(c.line_starts)))
    return out, numbers


def find_citations(note: str | None, note_line: int, title: str, title_line: int,
                   clause_rows: list[Clause], notes: list[Footnote],
                   language: str) -> list[CitationRow]:
    """Citations in document order: adoption note, title, clauses, footnotes."""
    rows: list[CitationRow] = []

    def add(location, clause_id, number, found, line_of):
        for c in found:
            rows.append(CitationRow(f"c{len(rows) + 1}", location, clause_id, number,
                                    line_of(c.start), c))

    if note:
        add("header", None, None, cite.find_citations(note, language=language),
            lambda _: note_line)
    if title:
        add("title", None, None, cite.find_citations(title, language=language),
            lambda _: title_line)
    for clause in clause_rows:
        add("clause", clause.clause_id, None, cite.find_citations(clause.text, language=language),
            lambda at, c=clause: c.line_at(at))
    previous: list = []
    for n in notes:
        found = cite.find_citations(n.text, previous=previous, language=language)
        add("footnote", None, n.number, found, lambda at, n=n: n.line_at(at))
        previous = found
    return rows


def diagnostics_for(path: str, body: Body, notes: list[Footnote]) -> list[Diagnostic]:
    out = []
    cited = {r.footnote_number for r in body.refs}
    for n in notes:
        if n.number == 0:
            out.append(Diagnostic(path, n.line_start, "text in the footnote zone before any "
                                  "footnote number: kept as footnote 0"))
        elif n.number not in cited:
            out.append(Diagnostic(path, n.line_start, f"footnote {n.number} is never referenced "
                                  "by a superscript marker in the text"))
    for line, text in body.kept_sups:
        out.append(Diagnostic(path, line, f"superscript '{text}' names no footnote of the "
                              "document: kept as text"))
    return out
