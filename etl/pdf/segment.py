"""Stage 4, segment: the text lines of a resolution into its parts.

The first page opens with the masthead, the date heading ("Resolution adopted
by the General Assembly on ..."), the adoption note in brackets and the title
line ("79/100. Question of Anguilla"), then the enacting formula. The body
follows, then the closing lines (plenary meeting and date), then any annexes.

Paragraphs are known by what the page shows:
- the vertical space the print leaves between paragraphs (wider than the
  spacing of the lines inside one);
- at the top of a page, where that space cannot be seen, the first line's
  indentation or its label ("3.", "(a)"): a line at the left edge of the text
  continues the paragraph of the page before;
- a line that opens with a label right after a line ending a sentence
  (lists set without space between their items);
- the type: a line set wholly in bold is a heading, and so is what follows it
  in bold; a short bold text without closing punctuation is one heading row,
  its printed number ("I", "II.", "A.") another.
The number or label of a paragraph decides its kind and level: numbers are
operative paragraphs (preambular paragraphs have none), "(a)" sub-paragraphs,
"(i)" items under them ("(i)" after "(h)" being the letter i). Ids follow the
contract of etl.records, counted as the XML reader counts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from statistics import median
from types import ModuleType

from ..errors import Diagnostic, ParseError
from ..symbols import RESOLUTION_NUMBER, RESOLUTION_NUMBER_RE, ResolutionNumber, division_key, int_to_roman, \
    parse_resolution_number
from .lines import Line
from .tables import note_label

TITLE_LINE = re.compile(rf"^\s*{RESOLUTION_NUMBER}\s*[.．]\s*(?P<title>\S.*?)\s*$")
_NUMBER_LABEL = re.compile(r"^(\d{1,3})[.．](?=\s)\s*")
_LETTER_LABEL = re.compile(r"^[(（]([a-z]{1,2})[)）](?=\s)\s*")
_BARE_NUMBER = re.compile(r"^(\d{1,3})\s+(?=[^\W\d])")
_ROMAN_LABEL = re.compile(r"^[(（]([ivxl]{1,7})[)）](?=\s)\s*")
# A heading's own number before its title: "I.", "II", "A.", "一".
_HEADING_NUMBER = re.compile(
    r"^([一二三四五六七八九十]{1,3}(?=\s|、)|[IVXLC]{1,6}\.?(?=\s)|[IVXLC]{1,6}\.|[A-Z]\.)\s*(?=\S)")
# A division's label alone: its number, after a word or two ("Part IV",
# "Section 29A", "Income section 2").
_LONE_DIVISION = re.compile(
    r"^(?:[A-Z][a-z]{2,9} (?:[a-z]{2,9} )?)?(?:[IVXLC]{1,6}|[A-Z]|\d{1,3}[A-Z]?|[一二三四五六七八九十]{1,3})[.．、]?$")
_SYMBOL = re.compile(r"A/RES/\S+")
# A heading is short and ends without sentence punctuation (as the XML reader decides).
HEADING_MAX = 150
_SENTENCE_END = (".", ";", ":", ",", "。", "；", "：", "，", "،", "؛", "…")
# Paragraph spacing: a gap between two lines wider than this many times the
# line spacing inside a paragraph.
_PARAGRAPH_GAP = 1.25
_HEADER_SEARCH = 60
# A heading's label before a tab is short: "Part I", "Section 12", "II.".
_TABBED_LABEL = 15


@dataclass
class Para:
    """A paragraph (or heading, or unnumbered text) and the lines it takes."""
    lines: list[Line]
    kind: str = "paragraph"          # paragraph | heading | unnumbered
    section: str = "preamble"        # preamble | operative | annex
    label: str | None = None
    label_kind: str | None = None    # number | letter | roman
    skip: int = 0                    # characters of the first line the label takes
    only: int | None = None          # the row is these first characters of its line (a
                                     # heading's number printed before its title)
    level: int = 1
    annex: int = 0
    part: str | None = None
    ids: tuple[str, ...] = ()
    adopted: bool = False            # inside a text the resolution adopts
    table: str | None = None         # "cells" of a table or a "note" under it (etl.pdf.tables)

    @property
    def clause_id(self) -> str:
        return ".".join(self.ids)

    @property
    def parent_id(self) -> str | None:
        return ".".join(self.ids[:-1]) if len(self.ids) > 1 else None


@dataclass
class Header:
    number: ResolutionNumber
    title_lines: list[Line]
    title_skip: int                  # characters of the title line before the title
    enacting: Line
    masthead: list[Line] = field(default_factory=list)
    heading_lines: list[Line] = field(default_factory=list)
    note_lines: list[Line] = field(default_factory=list)
    adoption_heading: date | None = None
    committee: str | None = None
    committee_report: str | None = None
    draft_symbol: str | None = None
    adoption_note: str | None = None
    agenda_item: str | None = None
    masthead_symbol: str | None = None
    warnings: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Closing:
    adoption_date: date | None = None
    date_line: Line | None = None
    plenary_meeting: int | None = None
    meeting_line: Line | None = None


@dataclass
class Segmented:
    header: Header
    paragraphs: list[Para]
    closing: Closing
    annex_lines: list[Line]
    diagnostics: list[Diagnostic]


# ---------------------------------------------------------------- header

def not_a_resolution(path: str, lines: list[Line]) -> ParseError:
    """The error for a PDF without a resolution's title line: say what it is."""
    symbol = next((m.group(0) for l in lines[:_HEADER_SEARCH]
                   for m in re.finditer(r"\b[A-Z]{1,2}/(?:[A-Z0-9.()-]+/)*[A-Z0-9.()-]+", l.text)),
                  None)
    what = f" (its masthead names {symbol})" if symbol else ""
    return ParseError(path, None, "not a General Assembly resolution" + what + ": no title line "
                      "such as '79/1. The Pact for the Future' (session/number, full stop, title) "
                      "on its first page")


def read_header(path: str, lines: list[Line], lang: ModuleType) -> tuple[Header, int]:
    """The masthead, date heading, adoption note, title and enacting formula; and
    the index of the first body line."""
    title_at = None
    for i, line in enumerate(lines[:_HEADER_SEARCH]):
        m = TITLE_LINE.match(line.text)
        if m and line.page == lines[0].page:
            title_at, match = i, m
            break
    if title_at is None:
        return _unnumbered_title(path, lines, lang)
    enacting_at = None
    for i in range(title_at + 1, min(title_at + 8, len(lines))):
        if lang.ENACTING_FORMULA.match(lang.flat(lines[i].text)):
            enacting_at = i
            break
    if enacting_at is None:
        raise ParseError(path, lines[title_at].number, f"expected the enacting formula "
                         f"'{lang.ENACTING_WORD}' on its own line after the title")
    header = Header(parse_resolution_number(match), lines[title_at:enacting_at],
                    match.start("title"), lines[enacting_at])
    _read_masthead(lines[:title_at], header, lang)
    return header, enacting_at + 1


def _unnumbered_title(path: str, lines: list[Line], lang: ModuleType) -> tuple[Header, int]:
    """A title printed without its number ("Cooperation between ..." where
    "79/9. Cooperation between ..." was meant): the title is the run of bold
    lines of one size right before the enacting formula, the number the
    masthead's symbol. Without an enacting formula and a symbol, it is no
    resolution."""
    enacting_at = next((i for i, l in enumerate(lines[:_HEADER_SEARCH])
                        if lang.ENACTING_FORMULA.match(lang.flat(l.text))), None)
    if enacting_at is None:
        raise not_a_resolution(path, lines)
    start = enacting_at
    while start > 0 and lines[start - 1].bold and abs(lines[start - 1].size
                                                      - lines[enacting_at - 1].size) < 0.5:
        start -= 1
    symbol = next((m.group(0) for l in lines[:start] for m in [_SYMBOL.search(l.text)] if m), None)
    number = RESOLUTION_NUMBER_RE.fullmatch(symbol[len("A/RES/"):].rstrip(".,")) if symbol \
        else None
    if start == enacting_at or number is None:
        raise not_a_resolution(path, lines)
    header = Header(parse_resolution_number(number), lines[start:enacting_at], 0,
                    lines[enacting_at])
    _read_masthead(lines[:start], header, lang)
    header.warnings.append((lines[start].number, f"the title line prints no resolution number; "
                            f"the masthead's symbol {symbol} gives it"))
    return header, enacting_at + 1


def _read_masthead(lines: list[Line], header: Header, lang: ModuleType) -> None:
    i = 0
    while i < len(lines):
        line = lines[i]
        flat = lang.flat(line.text)
        if header.adoption_heading is None:
            found = None
            for n in range(1, lang.ADOPTION_HEADING_LINES + 1):
                m = lang.ADOPTION_HEADING.match(lang.flat(" ".join(l.text for l in lines[i:i + n])))
                if m:
                    found = m, n
                    break
            if found:
                m, n = found
                header.adoption_heading = _date(m, lang)
                header.heading_lines = lines[i:i + n]
                i += n
                continue
        if flat.startswith(("[", "［")) and not header.note_lines:
            j = i
            note = line.text
            while not note.rstrip().endswith(("]", "］")) and j + 1 < len(lines):
                j += 1
                note += " " + lines[j].text
            _read_note(note, header, lang)
            header.note_lines = lines[i:j + 1]
            i = j + 1
            continue
        agenda = lang.AGENDA_ITEM.match(flat)
        if agenda and header.agenda_item is None:
            header.agenda_item = agenda.group("item").strip()
        symbol = _SYMBOL.search(line.text)
        if symbol and header.masthead_symbol is None:
            header.masthead_symbol = symbol.group(0)
        header.masthead.append(line)
        i += 1


def _date(m: re.Match, lang: ModuleType) -> date | None:
    month = m.group("m")
    try:
        return date(int(m.group("y")), lang.MONTHS.get(month) or int(month), int(m.group("d")))
    except (ValueError, TypeError):
        return None


_DRAFT = re.compile(r"/L\.\d")


def _read_note(note: str, header: Header, lang: ModuleType) -> None:
    """Committee, report and draft symbol from the adoption note: the document
    is the part of the parenthesis before a comma ("A/75/399, para. 96"); a
    draft (A/nn/L.n) is the draft symbol, anything else the committee's report."""
    flat = " ".join(note.split())
    matched = lang.flat(note)
    m = lang.COMMITTEE_NOTE.match(matched)
    document = None
    if m:
        header.committee = m.group("committee")
        document = m.group("report")
    else:
        m = lang.PLENARY_NOTE.match(matched)
        if m:
            document = m.group("draft")
    header.adoption_note = flat
    if document:
        symbol = "".join(lang.NOTE_PARTS.split(document)[0].split())
        if _DRAFT.search(symbol):
            header.draft_symbol = symbol
        elif symbol:
            header.committee_report = symbol


# ---------------------------------------------------------------- blocks

def line_pitch(lines: list[Line], size: float) -> float:
    """The spacing of the lines inside a paragraph: the most frequent distance
    between consecutive baselines of text-size lines on a page."""
    gaps = [b.baseline - a.baseline for a, b in zip(lines, lines[1:])
            if a.page == b.page and abs(a.size - size) < 0.5 and abs(b.size - size) < 0.5
            and 0 < b.baseline - a.baseline < 1.5 * size]
    return median(gaps) if gaps else 1.2 * size


def left_edge(lines: list[Line], size: float) -> float:
    """Where the text's lines start: the most frequent left edge of text-size lines."""
    counts: dict[int, int] = {}
    for line in lines:
        if abs(line.size - size) < 0.5:
            key = round(line.x0)
            counts[key] = counts.get(key, 0) + 1
    return float(max(counts, key=counts.get)) if counts else 0.0


_BULLET = re.compile(r"^[•▪◦●](?=\s)")


def _label(text: str):
    """(kind, label, characters) of a label that opens the text; a bullet opens
    a list item too, but is no label (its row is unnumbered text)."""
    if _BULLET.match(text):
        return "bullet", "", 0
    m = _NUMBER_LABEL.match(text)
    if m:
        return "number", m.group(1), m.end()
    m = _ROMAN_LABEL.match(text)
    if m:
        return "roman", m.group(1), m.end()
    m = _LETTER_LABEL.match(text)
    if m:
        return "letter", m.group(1), m.end()
    return None


def _ends(text: str, lang: ModuleType) -> bool:
    """Does the text end a paragraph (or a sentence) here?"""
    t = text.rstrip().rstrip(lang.CLOSING_QUOTES)
    return bool(t) and t[-1] in lang.PARAGRAPH_END


def blocks(lines: list[Line], lang: ModuleType, size: float) -> list[list[Line]]:
    """The lines grouped into printed paragraphs (see the module docstring)."""
    pitch = line_pitch(lines, size)
    left = left_edge(lines, size)
    out: list[list[Line]] = []
    for line in lines:
        if not out or _opens_block(out[-1], line, pitch, left, lang):
            out.append([line])
        else:
            out[-1].append(line)
    return out


def _opens_block(block: list[Line], line: Line, pitch: float, left: float,
                 lang: ModuleType) -> bool:
    prev = block[-1]
    if line.table or prev.table:
        # A table's pieces and each of its notes are set apart by etl.pdf.tables.
        return line.table != prev.table
    label = _label(line.text)
    if line.bold != prev.bold and line.text[:1].isalnum():
        return True
    if line.page != prev.page:
        # The space before the line cannot be seen: its indentation tells,
        # against the lines of the paragraph before it (an item indented as a
        # whole goes on at the same indentation).
        if label is not None:
            return True
        margin = min(l.x0 for l in block[1:]) if len(block) > 1 else left
        if line.x0 > margin + 0.5 * line.size:
            return True
        if abs(block[0].x0 - margin) <= 0.5 * line.size and len(block) > 1:
            # Paragraphs that do not indent their first line: a line that ends a
            # sentence ended the paragraph.
            return _ends_sentence(prev.text, lang)
        return False
    if line.baseline - prev.baseline > _PARAGRAPH_GAP * pitch:
        return True
    if label is not None and _ends(prev.text, lang):
        # A list set without space between its items: the label stands indented
        # (a wrapped line that happens to start with "(i)" does not).
        margin = min(l.x0 for l in block[1:]) if len(block) > 1 else left
        return line.x0 > margin + 0.5 * line.size
    return False


def _ends_sentence(text: str, lang: ModuleType) -> bool:
    t = text.rstrip().rstrip(lang.CLOSING_QUOTES)
    return t.endswith(tuple(lang.SENTENCE_END) + tuple(lang.COLONS) + (";", "；"))


# ---------------------------------------------------------------- paragraphs

def _is_heading(block: list[Line], text: str) -> bool:
    """Bold throughout, short and without sentence punctuation at its end."""
    return all(l.bold for l in block) and _heading_text(text)


def _heading_text(text: str, limit: int | None = HEADING_MAX) -> bool:
    return (limit is None or len(text) <= limit) and any(c.isalnum() for c in text) \
        and not text.rstrip("”’\"' )»").endswith(_SENTENCE_END)


def segment(path: str, lines: list[Line], lang: ModuleType, size: float,
            page_width: float) -> Segmented:
    diagnostics: list[Diagnostic] = []
    header, start = read_header(path, lines, lang)
    diagnostics += [Diagnostic(path, line, message) for line, message in header.warnings]
    body = lines[start:]
    if not body:
        raise ParseError(path, header.enacting.number, "no paragraphs after the enacting formula")
    reader = _Reader(path, lang, diagnostics, page_width)
    for block in blocks(body, lang, size):
        reader.block(block)
    paragraphs = reader.finish()
    _divisions(paragraphs)
    assign_ids(paragraphs)
    return Segmented(header, paragraphs, reader.closing, reader.annex_lines, diagnostics)


class _Reader:
    """Turns blocks into paragraphs, one pass, the state being where we are."""

    def __init__(self, path: str, lang: ModuleType, diagnostics: list[Diagnostic],
                 page_width: float):
        self.path = path
        self.lang = lang
        self.diagnostics = diagnostics
        self.page_width = page_width
        self.paragraphs: list[Para] = []
        self.section = "preamble"
        self.expected = 1
        self.closing = Closing()
        self.closed = False
        self.annex = 0
        self.annex_lines: list[Line] = []

    def warn(self, line: int | None, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, message))

    def block(self, block: list[Line]) -> None:
        lang = self.lang
        if not self.closed or self.section != "annex":
            rest = self._closing(block)
            if rest is None:
                return
            block = rest
        first = block[0]
        if first.table:
            self._table(block)
            return
        text = first.text
        if self.closed and lang.ANNEX_HEADING.match(lang.flat(text)) and first.bold:
            self.section = "annex"
            self.annex += 1
            self.expected = 1
            self.paragraphs.append(Para([first], kind="heading", section="annex",
                                        annex=self.annex))
            if len(block) > 1:
                self.block(block[1:])
            return
        joined = " ".join(l.text for l in block)
        if all(l.bold for l in block):
            self._headings(block)
            return
        if lang.SEPARATOR.match(joined.strip()):
            self._add(Para(block, kind="unnumbered"))
            return
        label = _label(text)
        bare = _BARE_NUMBER.match(text)
        if label is None and bare and self.section == "operative" \
                and int(bare.group(1)) == self.expected:
            # The next number printed without its full stop ("26 Condemns").
            self.warn(first.number, f"paragraph number {bare.group(1)} printed without its "
                      "full stop")
            label = "number", bare.group(1), bare.end()
        if label is not None and label[0] != "bullet":
            kind, value, chars = label
            if kind == "number":
                self._numbered(block, int(value), chars)
                return
            self._sub(block, kind, value, chars)
            return
        self._unnumbered(block)

    def _closing(self, block: list[Line]) -> list[Line] | None:
        """Take the closing lines (plenary meeting, date) at the block's start;
        the block's other lines, or None when nothing is left."""
        lang = self.lang
        rest = list(block)
        while rest:
            line = rest[0]
            flat = lang.flat(line.text)
            if line.x0 < self.page_width * 0.4:
                break
            m = lang.PLENARY_MEETING.match(flat)
            if m and self.closing.meeting_line is None:
                self.closing.plenary_meeting = int(m.group("n"))
                self.closing.meeting_line = line
                self.closed = True
                rest.pop(0)
                continue
            m = lang.CLOSING_DATE.match(flat)
            if m and self.closing.date_line is None:
                self.closing.adoption_date = _date(m, lang)
                self.closing.date_line = line
                self.closed = True
                rest.pop(0)
                continue
            break
        return rest or None

    def _add(self, p: Para) -> None:
        if self.section == "annex":
            p.section, p.annex = "annex", self.annex
        elif p.section == "preamble" and self.section == "operative":
            p.section = "operative"
        self.paragraphs.append(p)

    def _headings(self, block: list[Line]) -> None:
        """Bold lines: headings, one row per printed element. A lone division
        number ("I", "A.") is one row, the title after it another; a title
        that starts with its number gives the same two rows."""
        last = self.paragraphs[-1] if self.paragraphs else None
        if self.section == "preamble" and last is not None and last.kind == "paragraph" \
                and last.level == 1 and self.lang.INTRODUCES_TEXT.search(_joined(last)):
            # "Adopts the following declaration:", then its title: the text is
            # adopted inline; the lead-in is the operative part's unnumbered row.
            last.section, last.kind = "operative", "unnumbered"
            self.section = "operative"
        groups: list[list[Line]] = []
        for line in block:
            if groups and not _LONE_DIVISION.match(groups[-1][0].text.strip()) \
                    and not _LONE_DIVISION.match(line.text.strip()):
                groups[-1].append(line)
            else:
                groups.append([line])
        for group in groups:
            text = _plain(group)
            first = group[0]
            tab = first.tabs[0] if first.tabs else None
            if tab is not None and tab <= _TABBED_LABEL and _heading_text(text):
                # "Part I⇥Overall policymaking ...": the label before the tab is a
                # row of its own, the title after it another.
                self._add(Para(group[:1], kind="heading", section=self._heading_section(),
                               only=len(first.text[:tab].rstrip())))
                self._add(Para(group, kind="heading", section=self._heading_section(),
                               skip=tab))
                continue
            m = _HEADING_NUMBER.match(text)
            skip = 0
            if m and m.end() < len(text) and len(first.text) > m.end():
                # The number alone is a row; the title after it another.
                self._add(Para(group[:1], kind="heading", section=self._heading_section(),
                               only=len(m.group(1))))
                skip = m.end()
                text = text[skip:]
            if _heading_text(text):
                self._add(Para(group, kind="heading", section=self._heading_section(),
                               skip=skip))
            elif self.section == "preamble" and not skip:
                self._add(Para(group))
            else:
                # Long or punctuated bold text: an unnumbered paragraph in bold.
                self._add(Para(group, kind="unnumbered", skip=skip))

    def _heading_section(self) -> str:
        return "annex" if self.section == "annex" else (
            "operative" if self.section == "operative" else "preamble")

    def _numbered(self, block: list[Line], number: int, chars: int) -> None:
        if self.section == "preamble":
            self.section = "operative"
            # Text ending with a colon right before paragraph 1 leads into the
            # operative paragraphs ("Resolves that, for 2025:"): an unnumbered row.
            last = self.paragraphs[-1] if self.paragraphs else None
            if last is not None and last.kind == "paragraph" and last.level == 1 \
                    and last.section == "preamble" and _joined(last).rstrip().endswith(
                        tuple(self.lang.COLONS)):
                last.section, last.kind = "operative", "unnumbered"
            for p in self.paragraphs:
                if p.kind == "heading" and p.section == "preamble" and \
                        self.paragraphs.index(p) > 0 and p is self.paragraphs[-1]:
                    p.section = "operative"
        if number != self.expected and number != 1:
            what = "repeats" if number < self.expected else "skips"
            self.warn(block[0].number, f"paragraph number {number} {what} the numbering; "
                      f"expected {self.expected}")
        self.expected = number + 1
        self._add(Para(block, section="operative" if self.section != "annex" else "annex",
                       label=str(number), label_kind="number", skip=chars))

    def _sub(self, block: list[Line], kind: str, value: str, chars: int) -> None:
        last = self.paragraphs[-1] if self.paragraphs else None
        if self.section == "preamble" and last is not None and last.kind == "paragraph" \
                and last.section == "preamble":
            # A list inside a preambular paragraph is part of its text, labels
            # and all (the XML keeps the paragraph whole).
            last.lines += block
            return
        self._add(Para(block, section=self.section if self.section != "preamble" else "preamble",
                       label=f"({value})", label_kind=kind, skip=chars, level=2))

    def _table(self, block: list[Line]) -> None:
        """A table (its cells in reading order) or a note under it: an unnumbered
        row each; a note's superscript letter is its label."""
        skip = note_label(block[0])
        label = block[0].text[:skip].strip() if skip else None
        self._add(Para(block, kind="unnumbered", label=label, skip=skip or 0,
                       table="note" if block[0].table_note else "cells"))

    def _unnumbered(self, block: list[Line]) -> None:
        if self.section == "preamble":
            self._add(Para(block))
        elif _heading_text(_plain(block)) and not self.lang.SEPARATOR.match(
                _plain(block).strip()):
            # A short unnumbered text without closing punctuation in the body
            # is a heading, bold or not (as the XML reader reads it).
            self._add(Para(block, kind="heading", section=self._heading_section()))
        else:
            self._add(Para(block, kind="unnumbered"))

    def finish(self) -> list[Para]:
        paragraphs = self.paragraphs
        if not paragraphs:
            raise ParseError(self.path, None, "no paragraphs after the enacting formula")
        # A resolution with a single operative paragraph prints it without a
        # number: the last preambular paragraph, when it does not end with ",".
        if not any(p.section == "operative" for p in paragraphs):
            own = [p for p in paragraphs if p.section == "preamble" and p.level == 1
                   and p.kind == "paragraph"]
            if own and not _joined(own[-1]).rstrip().endswith(","):
                own[-1].section = "operative"
        if self.closing.date_line is None and self.closing.meeting_line is None:
            self.warn(paragraphs[-1].lines[-1].number, "no closing lines (plenary meeting, "
                      "adoption date) after the last paragraph: the text may be truncated")
        return paragraphs


def _plain(lines: list[Line]) -> str:
    """The lines' text without the footnote markers (superscripts)."""
    out = []
    for line in lines:
        if not any(r.sup for r in line.runs):
            out.append(line.text)
            continue
        text, at, kept = line.text, 0, []
        for r in line.runs:
            if r.sup:
                kept.append(text[at:r.start])
                at = r.end
        kept.append(text[at:])
        out.append("".join(kept))
    return " ".join(out)


def _joined(p: Para) -> str:
    return " ".join(l.text for l in p.lines)


# ---------------------------------------------------------------- divisions and ids

def _divisions(paragraphs: list[Para]) -> None:
    """Titled divisions whose operative numbering restarts at 1 ("I", "II" in
    budget resolutions): their paragraphs take the prefix sK., K from the
    division's label (as the XML reader keys them); headings and unnumbered
    rows do not."""
    body = [p for p in paragraphs if p.section != "annex"]
    starts = [i for i, p in enumerate(body) if p.kind == "heading" and p.skip == 0
              and _LONE_DIVISION.match(_heading_label(p))]
    if not starts:
        return
    restarts = sum(1 for p in body if p.label == "1" and p.level == 1)
    if restarts < 2 and not _own_preamble(body, starts[0]):
        return
    for n, i in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(body)
        key = division_key(_heading_label(body[i])) or str(n + 1)
        numbered = False
        own: list[Para] = []
        for p in body[i:end]:
            if p.table:
                continue
            numbered = numbered or (p.label is not None and p.level == 1)
            if not numbered and p.kind == "unnumbered" and p.level == 1:
                # A division's own preamble: its unnumbered paragraphs before
                # its paragraph 1 ("Recalling ...", "Having considered ...").
                p.kind, p.section = "paragraph", "preamble"
                own.append(p)
            if p.kind == "paragraph":
                p.part = key
        if not numbered and own and not _joined(own[-1]).rstrip().endswith(","):
            # A division with a single operative paragraph prints it without a
            # number, as a resolution does: its last paragraph, after its preamble.
            own[-1].section = "operative"


def _own_preamble(body: list[Para], start: int) -> bool:
    """The first division heading stands inside the preamble and a preambular
    paragraph follows it: the division has a preamble of its own (as in the
    resolutions that take up reports one by one, "I. Report of ...")."""
    after = next((p for p in body[start + 1:] if p.kind != "heading"), None)
    return after is not None and after.kind == "paragraph" and after.section == "preamble" \
        and after.level == 1


def _heading_label(p: Para) -> str:
    text = p.lines[0].text
    return (text[:p.only] if p.only is not None else text).strip()


def _next_letter(label: str | None) -> str | None:
    if not label or not label.isalpha() or len(set(label)) != 1:
        return None
    return chr(ord(label[0]) + 1) * len(label)


def assign_ids(paragraphs: list[Para]) -> None:
    """Ids by the contract of etl.records, counted as the XML reader counts them:
    pp, op (with sK. in divisions), h and u through the body, anK. in annex K;
    .a ... .z, .27 ... for sub-paragraphs, .i, .ii for items."""
    counters: dict[tuple, int] = {}
    children: dict[str, int] = {}
    last_level1: str | None = None
    letter: tuple[str, str | None] | None = None     # open sub-paragraph: (id, bare letter)
    annex = 0
    for p in paragraphs:
        prefix = f"an{p.annex}." if p.section == "annex" else ""
        if p.annex != annex:          # a new annex: nothing before it is open
            annex, last_level1, letter = p.annex, None, None
        if p.kind == "heading":
            key = (p.annex, "h")
            counters[key] = counters.get(key, 0) + 1
            # A heading does not close the paragraph before it: a label after it
            # goes on that paragraph's sub-paragraphs (as the XML reader counts).
            p.ids = (f"{prefix}h{counters[key]}",)
            continue
        if p.table:
            # A table and its notes stand inside the paragraph before them (as
            # the XML reader counts): a sub-paragraph after it goes on that one.
            key = (p.annex, None, "u")
            counters[key] = counters.get(key, 0) + 1
            p.level, p.ids = 1, (f"{prefix}u{counters[key]}",)
            continue
        if p.level == 1 or last_level1 is None:
            p.level = 1
            if p.kind == "unnumbered" or (p.section == "annex" and p.label is None):
                p.kind = "unnumbered"
                kind, part = "u", None
            else:
                kind = "pp" if p.section == "preamble" else "op"
                part = p.part
            key = (p.annex, part, kind)
            counters[key] = counters.get(key, 0) + 1
            division = f"s{part}." if part else ""
            p.ids = (f"{prefix}{division}{kind}{counters[key]}",)
            last_level1, letter = p.clause_id, None
            continue
        # A sub-paragraph or an item: a roman label goes under the open letter,
        # unless it is the letter that follows ("(i)" after "(h)").
        bare = (p.label or "").strip("()")
        parent, level = last_level1, 2
        if p.label_kind == "roman" and letter is not None and bare != _next_letter(letter[1]):
            parent, level = letter[0], 3
        children[parent] = children.get(parent, 0) + 1
        n = children[parent]
        part = (chr(ord("a") + n - 1) if n <= 26 else str(n)) if level == 2 else int_to_roman(n)
        p.level = level
        p.ids = tuple(parent.split(".")) + (part,)
        if level == 2:
            letter = (p.clause_id, bare)
