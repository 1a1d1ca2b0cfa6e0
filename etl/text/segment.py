"""Stage 3, segment: the body lines of a resolution into its parts.

A General Assembly resolution is built the same way in every language
(Chinese shown; the words come from the language profile, etl.lang):
    [masthead]                                  联合国 / A/RES/68/47 / 大会 / Distr.: General ...
    [date heading]  [adoption note]            2013 年 12 月 5 日大会决议 / [根据……的报告(A/68/411)通过]
    title line                                  68/47. 核裁军
    enacting formula                            大会，
    preambular paragraphs (unnumbered)          回顾……，
    operative paragraphs 1., 2., ...            1. 确认……；
        sub-paragraphs (a), (b) ...                 (a) ……；
            items ㈠, ㈡ ... or (i), (ii) ...            ㈠ ……；
    headings, "* * *", quoted texts             between operative paragraphs: h and u rows
    closing lines (either order)                2013 年 12 月 5 日 / 第 60 次全体会议
    [annexes]                                   附件 / Annex I ...: an1.op1, an1.h1, an1.u1

A new paragraph starts where the text so far ends with paragraph punctuation
(，；。：) and the next line either carries the next label (1., (a), ㈠) or
shows that a paragraph starts there: an indentation (Chinese extractions),
a blank line before it (where blank lines separate paragraphs), or a known
leading phrase. Lines that hold only a footnote marker never start a
paragraph. Everything else continues the paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType

from ..errors import Diagnostic, ParseError
from ..lang import zh
from .layout import DiscardedLine, Line
from .phrases import opens_with_bold, opens_with_leading_phrase, squeeze
from ..symbols import (RESOLUTION_NUMBER, ResolutionNumber, division_key, int_to_roman,
                       parse_resolution_number)
from ..chars import display_width, fold_width, indent

TITLE_LINE = re.compile(rf"^\s*{RESOLUTION_NUMBER}\s*[.．]\s*(?P<title>\S.*?)\s*$")
MARKER_ONLY = re.compile(r"^\s*\d{1,3}\s*$")
# A heading takes at most this many printed lines.
_HEADING_MAX_LINES = 3
_NUMBER_LABEL = re.compile(r"^\s*(\d{1,3})\s*[.．](?!\d)\s*")
_LETTER_LABEL = re.compile(r"^\s*[(（]\s*([a-z]{1,2})\s*[)）]\s*")
_ROMAN_LABEL = re.compile(r"^\s*[(（]\s*([ivxl]{1,8})\s*[)）]\s*")
# What may stand before a point that ends a sentence, where a marker after
# the point is a marker ("respectively.8"), not part of a number or symbol
# ("3.7", "E.93.I.8").
_SENTENCE_LAST = set("abcdefghijklmnopqrstuvwxyz)”’]")
# A section number printed alone as a heading: "I", "II.", "A.", "一", "二、".
_SECTION_NUMBER = re.compile(r"^\s*(?:[IVXL]{1,6}|[A-H]|[一二三四五六七八九十]{1,3})\s*[.．、]?\s*$")
# "Annex", "Annex II", "附件", "附件一": a new annex after the closing lines.
_ANNEX_HEADING = re.compile(r"^\s*(?:Annex(?:\s+[IVXL]+|\s+\d+)?|附\s*件\s*[一二三四五六七八九十]*)\s*$")
_HEADER_SEARCH_LINES = 40
# Closing lines ("22 September 2021", "第 60 次全体会议") are short, even spaced out.
_CLOSING_MAX = 60
# A visual line shorter than this share of the page's full line width ended
# before the margin: the paragraph ended there.
_SHORT_LINE = 0.85
# A text where this share of lines ends with paragraph punctuation was
# extracted one line per paragraph (no wrapping).
_UNWRAPPED_SHARE = 0.7
_LONG_LINE = 40


@dataclass(frozen=True)
class Identity:
    """What the title line says: which resolution this is."""

    line: int
    resolution: ResolutionNumber
    first_title_line: str


@dataclass
class Paragraph:
    section: str                 # preamble | operative | annex
    level: int                   # 1 paragraph, 2 sub-paragraph, 3 item
    label: str | None            # normalised as printed: "3", "(a)", "㈠"
    label_chars: int             # characters the label took in the first line
    lines: list[Line] = field(default_factory=list)  # first line without its label
    ids: tuple[str, ...] = ()    # path of id parts, e.g. ("op3", "g", "i")
    kind: str = "paragraph"      # paragraph | heading | unnumbered (records.Clause.kind)
    # Inside a text the resolution adopts or quotes: its paragraphs are not
    # the resolution's own and open with no leading phrase of the vocabulary.
    adopted: bool = False
    annex: int = 0               # K of anK., for section "annex"
    # K of sK., in a titled division whose numbering restarts (budget
    # resolutions: "I", "II" ... each with paragraphs 1, 2 ...).
    part: str | None = None

    @property
    def clause_id(self) -> str:
        return ".".join(self.ids)

    @property
    def parent_id(self) -> str | None:
        return ".".join(self.ids[:-1]) if len(self.ids) > 1 else None


@dataclass
class Header:
    adoption_heading: date | None = None
    heading_line: int | None = None
    heading_lines: tuple[int, ...] = ()
    committee: str | None = None
    committee_report: str | None = None
    draft_symbol: str | None = None
    adoption_note: str | None = None
    note_lines: tuple[int, ...] = ()
    title: str = ""
    title_lines: tuple[int, ...] = ()
    enacting_line: int = 0
    agenda_item: str | None = None


@dataclass
class Closing:
    adoption_date: date | None = None
    date_line: int | None = None
    plenary_meeting: int | None = None
    meeting_line: int | None = None


@dataclass
class Segmented:
    identity: Identity
    header: Header
    paragraphs: list[Paragraph]
    closing: Closing
    extra_discarded: list[DiscardedLine]
    diagnostics: list[Diagnostic]
    annex_lines: tuple[int, ...] = ()  # "Annex", "附件一": where each annex starts


def identify(path: str, lines: tuple[str, ...]) -> Identity:
    seen = 0
    for number, raw in enumerate(lines, start=1):
        text = fold_width(raw)
        if not text.strip():
            continue
        seen += 1
        if seen > _HEADER_SEARCH_LINES:
            break
        m = TITLE_LINE.match(text)
        if m:
            return Identity(number, parse_resolution_number(m), m.group("title"))
    raise ParseError(path, None, "no title line such as '68/47. 核裁军' or '72/38. Nuclear "
                     "disarmament' (session/number, full stop, title) in the first lines; "
                     "expected a General Assembly resolution")


def title_lines(lines: tuple[str, ...], identity: Identity,
                lang: ModuleType = zh) -> tuple[list[str], range]:
    """The title as printed: the title line's text and its wrapped continuation
    lines, up to the enacting formula; and the indexes of the lines it takes."""
    parts = [identity.first_title_line]
    start = identity.line - 1
    for i in range(identity.line, min(identity.line + 8, len(lines))):
        text = fold_width(lines[i]).strip()
        if not text:
            continue
        if lang.ENACTING_FORMULA.match(lang.flat(text)):
            return parts, range(start, i)
        parts.append(text)
    return parts[:1], range(start, start + 1)


def _date(m: re.Match, path: str, line: int, lang: ModuleType) -> date:
    month = m.group("m")
    y, mo, d = int(squeeze(m.group("y"))), lang.MONTHS.get(month) or int(squeeze(month)), \
        int(squeeze(m.group("d")))
    try:
        return date(y, mo, d)
    except ValueError:
        raise ParseError(path, line, f"'{m.group(0)}' is not a valid date") from None


def segment(path: str, body: list[Line], identity: Identity, lang: ModuleType = zh,
            blank_lines_separate: bool = False) -> Segmented:
    diagnostics: list[Diagnostic] = []
    extra_discarded: list[DiscardedLine] = []
    lines = [Line(l.number, fold_width(l.text), l.after_break, l.after_blank) for l in body]
    title_at = next((i for i, l in enumerate(lines) if l.number == identity.line), None)
    if title_at is None:
        raise ParseError(path, identity.line, "the title line stands inside a footnote block or "
                         "page furniture; expected it in the text, before the enacting formula")

    header = _read_header(path, lines[:title_at], extra_discarded, diagnostics, lang)

    # Title: the title line and any wrapped continuation, up to the enacting formula.
    enacting_at = None
    for i in range(title_at + 1, min(title_at + 8, len(lines))):
        if lang.ENACTING_FORMULA.match(lang.flat(lines[i].text)):
            enacting_at = i
            break
    if enacting_at is None:
        raise ParseError(path, identity.line, f"expected the enacting formula "
                         f"'{lang.ENACTING_WORD}' on its own line after the title")
    title_parts = [identity.first_title_line] + [l.text.strip() for l in lines[title_at + 1:enacting_at]]
    header.title = " ".join(title_parts)
    header.title_lines = tuple(l.number for l in lines[title_at:enacting_at])
    header.enacting_line = lines[enacting_at].number

    reader = _ParagraphReader(path, lines[enacting_at + 1:], diagnostics, lang,
                              blank_lines_separate)
    paragraphs, closing = reader.read()
    _assign_ids(paragraphs)
    return Segmented(identity, header, paragraphs, closing, extra_discarded + reader.set_aside,
                     diagnostics, tuple(reader.annex_lines))


def _read_header(path, lines, extra_discarded, diagnostics, lang) -> Header:
    header = Header()
    i = 0
    in_agenda_title = False
    while i < len(lines):
        line = lines[i]
        flat = lang.flat(line.text)
        # The date heading, on one line or wrapped over several.
        heading = None
        for n in range(1, lang.ADOPTION_HEADING_LINES + 1):
            joined = lang.flat(" ".join(l.text for l in lines[i:i + n]))
            m = lang.ADOPTION_HEADING.match(joined)
            if m and header.adoption_heading is None and i + n <= len(lines):
                heading = m, n
                break
        if heading:
            m, n = heading
            header.adoption_heading = _date(m, path, line.number, lang)
            header.heading_line = line.number
            header.heading_lines = tuple(l.number for l in lines[i:i + n])
            in_agenda_title = False
            i += n
            continue
        if flat.startswith(("[", "［")):
            # The adoption note may wrap; it runs to the closing bracket.
            j = i
            note = line.text.strip()
            while not note.rstrip().endswith(("]", "］")) and j + 1 < len(lines):
                j += 1
                note += " " + lines[j].text.strip()
            _read_note(note, header, lang)
            if header.adoption_note is None:
                diagnostics.append(Diagnostic(path, line.number, "unrecognised adoption note "
                                              "(expected '[根据……的报告(A/…)通过]', '[on the "
                                              "report of the … Committee (A/…)]' or the note of "
                                              "a resolution adopted without reference to a "
                                              "Main Committee)"))
                header.adoption_note = re.sub(r"\s+", " ", note).strip()
            header.note_lines = tuple(l.number for l in lines[i:j + 1])
            in_agenda_title = False
            i = j + 1
            continue
        masthead = lang.MASTHEAD.match(flat)
        if masthead or in_agenda_title:
            # The agenda item's title follows its number, up to the date heading.
            agenda = lang.AGENDA_ITEM.match(flat)
            if agenda:
                header.agenda_item = agenda.group("item").strip()
                in_agenda_title = True
            extra_discarded.append(DiscardedLine(line.number, "masthead", line.text))
            i += 1
            continue
        diagnostics.append(Diagnostic(path, line.number, "unrecognised line before the title; "
                                      "kept as discarded 'masthead'"))
        extra_discarded.append(DiscardedLine(line.number, "masthead", line.text))
        i += 1
    return header


_DRAFT = re.compile(r"/L\.\d")


def _read_note(note: str, header: Header, lang: ModuleType) -> None:
    """Committee, report and draft from the adoption note.

    The parenthesis names a document and may add a paragraph reference
    ("A/75/399，第 96 段", "A/75/399, para. 96"): the document is the part
    before the comma. A draft resolution (A/nn/L.n) goes in draft_symbol, a
    committee's or plenary report in committee_report; the paragraph
    reference in neither.
    """
    flat = re.sub(r"\s+", " ", note).strip()
    matched = lang.flat(note)
    m = lang.COMMITTEE_NOTE.match(matched)
    if m:
        header.adoption_note = flat
        header.committee = m.group("committee")
        _note_document(m.group("report") or "", header, lang)
        return
    m = lang.PLENARY_NOTE.match(matched)
    if m:
        header.adoption_note = flat
        _note_document(m.group("draft") or "", header, lang)


def _note_document(parenthesis: str, header: Header, lang: ModuleType) -> None:
    symbol = squeeze(lang.NOTE_PARTS.split(parenthesis)[0])
    if not symbol:
        return
    if _DRAFT.search(symbol):
        header.draft_symbol = symbol
    else:
        header.committee_report = symbol


def _strip_trailing_marker(text: str) -> str:
    """The line without the footnote marker (one to three digits) at its end,
    if any; digits that end a longer number, a symbol ("43/1", "2-3") or a
    decimal are no marker."""
    text = text.rstrip()
    if not text[-1:].isdigit():
        return text
    start = len(text) - 1
    while start > 0 and text[start - 1].isdigit():
        start -= 1
    if len(text) - start > 3:
        return text
    before = text[start - 1:start]
    if before and before in "/.-" and not (before == "." and text[start - 2:start - 1]
                                             in _SENTENCE_LAST):
        return text
    return text[:start].rstrip()


def _full_width(lines: list[Line], widths: list[int]) -> int:
    """The page's full line width: what most wrapped lines fill (90th percentile).
    `widths`: the display width of each line."""
    widths = sorted(w for l, w in zip(lines, widths) if not MARKER_ONLY.match(l.text))
    return widths[int(len(widths) * 0.9)] if widths else 0


class _ParagraphReader:
    """Reads the lines after the enacting formula into paragraphs and the
    closing lines. One pass over the lines; the state is where we are."""

    def __init__(self, path: str, lines: list[Line], diagnostics: list[Diagnostic],
                 lang: ModuleType, blank_lines_separate: bool):
        self.path = path
        self.lines = lines
        self.diagnostics = diagnostics
        self.lang = lang
        self.blanks = blank_lines_separate and self._blanks_separate()
        self.widths = [display_width(l.text) for l in lines]  # read twice: computed once
        self.full_width = _full_width(lines, self.widths)
        self.unwrapped = self._unwrapped()
        self.paragraphs: list[Paragraph] = []
        self.closing = Closing()
        self.section = "preamble"
        self.current: Paragraph | None = None
        self.expected_number = 1
        self.closed = False
        self.annex = 0
        self.annex_lines: list[int] = []
        # Inside a text the resolution adopts ("Adopts the following
        # declaration:") or quotes after a paragraph ending "如下：".
        self.adopting = False
        self.quoting = False
        self.part: str | None = None   # the division whose numbering we are in
        # Lines of paragraphs that hold no text, set aside (see _without_text).
        self.set_aside: list[DiscardedLine] = []

    # ------------------------------------------------------------ evidence
    def _blanks_separate(self) -> bool:
        """Blank lines separate paragraphs unless they also stand inside
        sentences: after lines that end without paragraph punctuation."""
        inside = [line.after_blank for previous, line in zip(self.lines, self.lines[1:])
                  if not line.after_break and not MARKER_ONLY.match(previous.text)
                  and _strip_trailing_marker(previous.text)[-1:] not in self.lang.PARAGRAPH_END]
        return not inside or sum(inside) < 0.5 * len(inside)

    def _unwrapped(self) -> bool:
        """Was the text extracted one line per paragraph? Then the long lines
        end with paragraph punctuation; only short lines (headings, closing
        lines) do not. Wrapped text breaks long lines anywhere."""
        texts = [_strip_trailing_marker(l.text).strip() for l in self.lines
                 if not MARKER_ONLY.match(l.text)]
        long = [t.rstrip(self.lang.CLOSING_QUOTES) for t in texts
                if display_width(t) >= _LONG_LINE]
        if len(long) < 3:
            return False
        ends = sum(1 for t in long if t[-1:] and t[-1] in self.lang.PARAGRAPH_END)
        return ends >= _UNWRAPPED_SHARE * len(long)

    def _last_text(self, paragraph: Paragraph | None) -> str | None:
        """The end of the paragraph's text so far: its last line that is not a lone
        footnote marker, without a trailing marker or closing quotes. None before
        any paragraph; "" when there is nothing but a label yet."""
        if paragraph is None:
            return None
        for line in reversed(paragraph.lines):
            if not MARKER_ONLY.match(line.text):
                return _strip_trailing_marker(line.text).rstrip(self.lang.CLOSING_QUOTES)
        return ""

    def ends_paragraph(self, paragraph: Paragraph | None) -> bool:
        """Does the paragraph's text so far end with paragraph punctuation?
        A heading or a separator ends where its line ends."""
        if paragraph is not None and paragraph.kind == "heading":
            return True
        text = self._last_text(paragraph)
        return text is None or (bool(text) and text[-1] in self.lang.PARAGRAPH_END) or (
            paragraph is not None and bool(self.lang.SEPARATOR.match(text.strip())))

    def ends_sentence(self, paragraph: Paragraph | None) -> bool:
        return (self._last_text(paragraph) or "").endswith(self.lang.SENTENCE_END)

    def ends_with_colon(self, paragraph: Paragraph) -> bool:
        return (self._last_text(paragraph) or "").endswith(self.lang.COLONS)

    def introduces_text(self, paragraph: Paragraph | None) -> bool:
        """Does the paragraph end by introducing a text ("如下：", "the following
        declaration:")? Read over its last lines, which the phrase may span."""
        if not self.ends_with_colon(paragraph):
            return False
        tail = " ".join(_strip_trailing_marker(l.text).strip() for l in paragraph.lines[-4:]
                        if not MARKER_ONLY.match(l.text))
        return bool(self.lang.INTRODUCES_TEXT.search(tail.rstrip(self.lang.CLOSING_QUOTES)))

    def closing_line(self, text: str):
        if len(text) > _CLOSING_MAX:
            return None, None
        flat = self.lang.flat(text)
        m = self.lang.CLOSING_DATE.match(flat)
        if m:
            return "date", m
        m = self.lang.PLENARY_MEETING.match(flat)
        if m:
            return "meeting", m
        return None, None

    def opens(self, text: str) -> bool:
        return opens_with_leading_phrase(text, self.lang)

    def paragraph_evidence(self, line: Line) -> bool:
        """Does the layout say that a paragraph starts at this line (given
        that the text before it ended with paragraph punctuation)?"""
        if self.unwrapped:
            return True
        if self.lang.SPACED_WORDS:
            # Extractions of English mark no indentation: a blank line before
            # the line (where blank lines separate paragraphs) or a leading
            # phrase. After a page break, blank lines mean nothing.
            if self.blanks and line.after_blank and not line.after_break:
                return True
            return self.opens(line.text)
        return indent(line.text) > 0

    def is_heading(self, i: int) -> bool:
        """A heading line: short, no paragraph punctuation at its end, after a
        finished paragraph, and followed by the start of a paragraph (or of
        another heading)."""
        line = self.lines[i]
        text = _strip_trailing_marker(line.text).strip()
        if not text or MARKER_ONLY.match(text):
            return False
        if self.current is None and self.section != "annex":
            # Before any paragraph only a division's label ("I", "A", "一")
            # can be a heading: the body opens with its first division.
            return bool(_SECTION_NUMBER.match(text)) and self._opens_next(i)
        if text[-1] in self.lang.PARAGRAPH_END or text.rstrip(self.lang.CLOSING_QUOTES) != text:
            return False
        if _SECTION_NUMBER.match(text):
            return True
        if self.current is not None and self.introduces_text(self.current) \
                and self._opens_next(i):
            return True  # the title of the text the lead-in introduces
        following = self.lines[i + 1] if i + 1 < len(self.lines) else None
        if following is None or MARKER_ONLY.match(following.text):
            return False  # a marker splits a printed line: the line goes on after it
        nxt = following.text
        # Text without paragraph punctuation cannot run on into the next
        # numbered paragraph: whatever its width, it is a heading.
        m = _NUMBER_LABEL.match(nxt)
        if (m and int(m.group(1)) == self.expected_number) \
                or self.lang.SEPARATOR.match(nxt.strip()):
            return True
        if self._wrapped_heading(i):
            return True
        if self.lang.SPACED_WORDS:
            return self.unwrapped or self._heading_block(i)
        if display_width(text) > self.lang.HEADING_MAX_WIDTH * self.full_width and \
                not self.unwrapped:
            return False
        if m:
            return True
        if self.closing_line(nxt)[0]:
            return False
        return indent(nxt) > 0 and indent(nxt) >= indent(line.text)

    def _before_next_number(self, i: int) -> bool:
        """Is line i followed by the next numbered paragraph?"""
        if i + 1 >= len(self.lines):
            return False
        m = _NUMBER_LABEL.match(self.lines[i + 1].text)
        return bool(m) and int(m.group(1)) == self.expected_number

    def _wrapped_heading(self, i: int) -> bool:
        """The same rule over a heading wrapped onto one or two more lines at
        the margin ("……特别报告 / 员" then "23."): lines without paragraph
        punctuation that run into the next numbered paragraph are a heading."""
        lines = self.lines
        j = i + 1
        while j < len(lines) and j <= i + _HEADING_MAX_LINES - 1:
            t = _strip_trailing_marker(lines[j].text).rstrip()
            if not t or MARKER_ONLY.match(t) or indent(t) > 0 or lines[j].after_break \
                    or _NUMBER_LABEL.match(t):
                break
            if t.rstrip(self.lang.CLOSING_QUOTES)[-1:] in self.lang.PARAGRAPH_END:
                return False
            j += 1
        if j >= len(lines):
            return False
        # After a division's label ("一"), its title (one line or more) runs
        # into the division's first paragraph, whatever opens it.
        current = self.current
        if current is not None and current.kind == "heading" \
                and _SECTION_NUMBER.match(current.lines[0].text) \
                and not _SECTION_NUMBER.match(lines[i].text) \
                and (_NUMBER_LABEL.match(lines[j].text) or self.paragraph_evidence(lines[j])):
            return True
        m = _NUMBER_LABEL.match(lines[j].text)
        return j > i + 1 and bool(m) and int(m.group(1)) == self.expected_number

    def _opens_next(self, i: int) -> bool:
        """Does the line after line i open a paragraph (by number or layout)?"""
        if i + 1 >= len(self.lines):
            return False
        following = self.lines[i + 1]
        return bool(_NUMBER_LABEL.match(following.text)) or (
            not MARKER_ONLY.match(following.text) and self.paragraph_evidence(following))

    def _heading_block(self, i: int) -> bool:
        """Where blank lines separate paragraphs, a heading is a block of at
        most three lines between blank lines whose last line has no paragraph
        punctuation (a wrapped declaration title, a section title)."""
        lines = self.lines
        if not (self.blanks and lines[i].after_blank and not lines[i].after_break):
            return False
        j = i + 1
        while j < len(lines) and j < i + 3 and not lines[j].after_blank \
                and not lines[j].after_break:
            j += 1
        if j >= len(lines):
            return False
        label = _NUMBER_LABEL.match(lines[j].text)
        # After the block: a blank line, or (across a page break) the next
        # numbered paragraph.
        if not ((lines[j].after_blank and not lines[j].after_break)
                or (label and int(label.group(1)) == self.expected_number)):
            return False
        block = [_strip_trailing_marker(l.text).rstrip(self.lang.CLOSING_QUOTES)
                 for l in lines[i:j]]
        return all(t and t[-1] not in self.lang.PARAGRAPH_END for t in block)

    # ------------------------------------------------------------ building
    def start(self, level, label, label_chars, line, section=None, kind="paragraph"):
        self.current = Paragraph(section or self.section, level, label, label_chars,
                                 [Line(line.number, line.text[label_chars:])], kind=kind,
                                 adopted=self.adopting or self.quoting, annex=self.annex,
                                 part=self.part if self.section != "annex" else None)
        self.paragraphs.append(self.current)

    def warn(self, line: int | None, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, message))

    def enter_body(self) -> None:
        """The preamble ends: what follows belongs to the operative part."""
        if self.section == "preamble":
            self.section = "operative"

    def read(self):
        visual_width = 0
        after_marker = False
        lines = self.lines
        for i, line in enumerate(lines):
            text = line.text
            kind, m = self.closing_line(text)
            if kind and (self.closed or self.ends_sentence(self.current)):
                self.closed = True
                if kind == "date" and self.closing.date_line is None:
                    self.closing.adoption_date = _date(m, self.path, line.number, self.lang)
                    self.closing.date_line = line.number
                    continue
                if kind == "meeting" and self.closing.meeting_line is None:
                    self.closing.plenary_meeting = int(m.group("n"))
                    self.closing.meeting_line = line.number
                    continue
            if self.closed:
                if _ANNEX_HEADING.match(text):
                    # The annex's label, like a paragraph's number: a structure
                    # line, not a row. Its title, if any, is the first heading.
                    self._open_annex()
                    self.annex_lines.append(line.number)
                    continue
                if self.section != "annex":
                    self.warn(line.number, "text after the closing lines without an annex "
                              "heading: read as annex 1")
                    self._open_annex()

            width = self.widths[i]
            if MARKER_ONLY.match(text) and self.current is not None:
                self.current.lines.append(line)  # a superscript: it takes next to no width
                after_marker = True
                continue
            # Does the piece after a marker fit on the printed line the marker
            # stood on? Strictly, or only with the slack that lines differ by
            # (a closing punctuation mark may overhang the margin).
            fits = after_marker and visual_width + width <= self.full_width
            same_visual_line = after_marker and visual_width + width <= self.full_width * 1.05 + 2
            previous_short = visual_width < self.full_width * _SHORT_LINE
            visual_width = visual_width + width if same_visual_line else width
            was_after_marker, after_marker = after_marker, False

            current = self.current
            ended = self.ends_paragraph(current)
            m = _NUMBER_LABEL.match(text)
            # A number opens a paragraph after paragraph punctuation, or anywhere
            # when it is the very number expected next (the operative part only).
            if m and (ended or (self.section != "annex"
                                and int(m.group(1)) == self.expected_number)):
                self._numbered(int(m.group(1)), m.end(), line)
                continue

            if current is not None and self.lang.SEPARATOR.match(text.strip()) and ended:
                self.enter_body()
                self.start(1, None, 0, line, kind="unnumbered")
                continue

            if current is None and self.is_heading(i):
                # The annex's title, or the label of the body's first division.
                self.start(1, None, 0, line, kind="heading")
                continue
            if ended and current is not None:
                item = _item_label(text, current, self)
                if item:
                    label, chars, level = item
                    self.start(level, label, chars, line, current.section)
                    continue
                # After a marker a short line is usually the rest of the
                # marker's printed line; not when it runs, without paragraph
                # punctuation, straight into the next numbered paragraph.
                if self.is_heading(i) and (not was_after_marker or self._before_next_number(i)):
                    self._heading(current, line)
                    continue
                if was_after_marker:
                    # Whether the piece after a marker still fits on the printed
                    # line decides: a piece that fits continues the sentence,
                    # whatever word it opens with ("，1 / 对……"). Where the
                    # width says little (no wrapping, or a fit only within the
                    # slack) a leading phrase decides.
                    # A bold run, though, is printed only where a paragraph
                    # opens, and so is a capitalised leading phrase where words
                    # are spaced ("…2016,3 / Bearing in mind").
                    opens = self.opens(text) and (self.lang.SPACED_WORDS or indent(text) > 0)
                    if opens_with_bold(text, self.lang) or (self.lang.SPACED_WORDS and opens):
                        starts_paragraph = True
                    elif self.unwrapped:
                        starts_paragraph = opens
                    elif fits:
                        starts_paragraph = False
                    elif same_visual_line:
                        starts_paragraph = opens
                    else:
                        starts_paragraph = previous_short or opens
                elif line.after_break and not self.lang.SPACED_WORDS and not self.unwrapped:
                    # Extraction indents the first line of a page by one more
                    # space, whatever it holds: two spaces open a paragraph; one
                    # space is either a continuation or a paragraph whose page
                    # top was not indented, and the previous printed line decides
                    # (it stopped short: the paragraph had ended).
                    starts_paragraph = indent(text) >= 2 or (indent(text) == 1 and previous_short)
                else:
                    starts_paragraph = self.paragraph_evidence(line)
                if starts_paragraph:
                    self._unnumbered(current, line, was_after_marker)
                    continue
                if current.kind == "heading" and _SECTION_NUMBER.match(current.lines[0].text):
                    # A division's label stands alone: what follows it, when
                    # it does not open a paragraph, is its title.
                    self._heading(current, line)
                    continue
            if current is None:
                self.start(1, None, 0, line)
                continue
            current.lines.append(line)
        return self._finish()

    def _open_annex(self) -> None:
        self.section = "annex"
        self.annex += 1
        self.current = None
        self.expected_number = 1
        self.adopting = self.quoting = False

    def _numbered(self, number: int, label_chars: int, line: Line) -> None:
        if number == 1 and self.expected_number > 1 and self.section == "operative":
            self._restart_division()
        current = self.current
        if self.section == "preamble" and current is not None and current.level == 1 \
                and current.kind == "paragraph" and self.ends_with_colon(current):
            # Text ending with a colon just before the first numbered paragraph
            # leads into them ("Resolves that, for 2023:", "正式决定："): the
            # operative part's unnumbered lead-in, never a preambular paragraph
            # (so in every language of the XML corpus, 25 times each).
            current.section, current.kind = "operative", "unnumbered"
        self.enter_body()
        if number != self.expected_number:
            what = "repeats" if number < self.expected_number else "skips"
            self.warn(line.number, f"paragraph number {number} {what} the numbering; "
                      f"expected {self.expected_number}")
        self.expected_number = number + 1
        self.quoting = False
        self.start(1, str(number), label_chars, line)

    def _restart_division(self) -> None:
        """Paragraph 1 again after a heading: a titled division restarts the
        numbering, and its rows take the prefix sK. (K from its label "II",
        "B", "二", as the XML reader does). The first restart puts the rows
        since the first heading in the first division. In each division the
        unnumbered text between its headings and its paragraph 1 is its
        preamble ("Having considered ...")."""
        body = [p for p in self.paragraphs if p.section != "annex"]
        last_op = max((i for i, p in enumerate(body) if p.label is not None and p.level == 1
                        and p.section == "operative"), default=-1)
        headings = [i for i, p in enumerate(body) if p.kind == "heading" and i > last_op]
        if not headings:
            return
        if self.part is None:
            first = next(i for i, p in enumerate(body) if p.kind == "heading")
            if first <= last_op:
                self._open_division(body, first, last_op + 1)
        self._open_division(body, headings[0], len(body))

    def _open_division(self, body: list[Paragraph], heading: int, end: int) -> None:
        """Rows body[heading:end] form a division: its key from its first
        heading, its unnumbered rows before paragraph 1 its preamble."""
        position = sum(1 for p in body[:heading] if p.kind == "heading"
                       and _SECTION_NUMBER.match(p.lines[0].text)) + 1
        label = _SECTION_NUMBER.match(body[heading].lines[0].text)
        key = (division_key(body[heading].lines[0].text.strip()) if label else None) \
            or str(position)
        numbered = False
        for p in body[heading:end]:
            if p.kind == "heading":
                continue
            numbered = numbered or p.label is not None
            if not numbered and p.kind == "unnumbered" and p.level == 1:
                p.kind, p.section = "paragraph", "preamble"
            p.part = key
        self.part = key

    def _heading(self, current: Paragraph, line: Line) -> None:
        if current.kind == "heading" and not line.after_break \
                and not _SECTION_NUMBER.match(current.lines[0].text) and (
                not line.after_blank if self.lang.SPACED_WORDS else indent(line.text) == 0):
            # A wrapped heading: where words are spaced, no blank line between;
            # elsewhere a line at the margin (a heading's own lines are indented).
            current.lines.append(line)
            return
        if self.section == "preamble":
            # A heading ends the preamble. A preambular paragraph that
            # introduces a text ("Adopts the following declaration:",
            # "通过下述宣言：") was the lead-in of a text adopted inline.
            if current.kind == "paragraph" and current.section == "preamble" \
                    and self.introduces_text(current):
                current.section, current.kind = "operative", "unnumbered"
                self.adopting = True
            self.enter_body()
        elif self.section == "operative" and self.introduces_text(current):
            self.quoting = True
        self.start(1, None, 0, line, kind="heading")

    def _unnumbered(self, current: Paragraph, line: Line, after_marker: bool) -> None:
        if self.section == "preamble":
            self.start(1, None, 0, line)
            return
        if self.section == "operative" and current.section == "operative" \
                and self.introduces_text(current):
            self.quoting = True
        if self.section == "operative" and not (self.adopting or self.quoting) \
                and (after_marker or line.after_break) and current.kind == "paragraph":
            # Indentation after a page break or a marker is weak evidence: the
            # operative part has numbered paragraphs, keep the text together.
            current.lines.append(line)
            return
        if self.section == "operative" and not (self.adopting or self.quoting):
            self.warn(line.number, "unnumbered text inside the operative part: "
                      "kept as an unnumbered row")
        self.start(1, None, 0, line, kind="unnumbered" if self.section == "operative"
                   or self.lang.SEPARATOR.match(line.text.strip()) else "paragraph")

    def _without_text(self) -> None:
        """A clause always has text. A paragraph whose lines hold nothing but
        its label and lone numbers (a number left alone where no paragraph is
        open, as after the closing lines; a label at the end of a file cut
        short) is no clause: its lines are set aside, whole, with a warning."""
        text_of = {line.number: line.text for line in self.lines}
        kept = []
        for p in self.paragraphs:
            if p.kind == "heading" or any(l.text.strip() and not MARKER_ONLY.match(l.text)
                                          for l in p.lines):
                kept.append(p)
                continue
            what = f"paragraph {p.label}" if p.label else "a number standing alone"
            self.warn(p.lines[0].number, f"{what} with no text where a paragraph would "
                      "start: no clause is made of it, its lines are set aside")
            self.set_aside += [DiscardedLine(l.number, "no_text", text_of[l.number])
                               for l in p.lines]
        self.paragraphs[:] = kept

    def _finish(self):
        self._without_text()
        paragraphs, lines = self.paragraphs, self.lines
        if not paragraphs:
            raise ParseError(self.path, lines[0].number if lines else None,
                             "no paragraphs after the enacting formula")
        # A resolution with a single operative paragraph prints it without a number:
        # it is the unnumbered paragraph that ends the text with a full stop.
        if not any(p.section == "operative" for p in paragraphs):
            last = max((p for p in paragraphs if p.level == 1 and p.section == "preamble"),
                       key=paragraphs.index)
            # The paragraph, or its last sub-paragraph, ends the text.
            end = [p for p in paragraphs if p.section != "annex"][-1]
            if self.ends_sentence(end):
                for p in paragraphs[paragraphs.index(last):]:
                    if p.section == "preamble":
                        p.section = "operative"
        last_text = next((p for p in reversed(paragraphs) if p.section != "annex"), None)
        if last_text is not None and not self.ends_sentence(last_text):
            self.warn(last_text.lines[-1].number,
                      f"the last paragraph does not end with '{self.lang.SENTENCE_END}': "
                      "the text may be truncated")
        if self.closing.date_line is None and self.closing.meeting_line is None:
            self.warn(lines[-1].number if lines else None,
                      "no closing lines (adoption date, plenary meeting) "
                      "after the last paragraph: the text may be truncated")
        return paragraphs, self.closing


def _item_label(text: str, current: Paragraph, reader: _ParagraphReader):
    """A sub-paragraph or item label that fits where we are, as (label, chars, level)."""
    letter = _LETTER_LABEL.match(text)
    roman = _ROMAN_LABEL.match(text)
    item = reader.lang.ITEM_LABEL.match(text) if reader.lang.ITEM_LABEL else None
    colon = reader.ends_with_colon(current)
    in_items = current.level == 3 or (current.level == 2 and colon)
    if item:
        return squeeze(item.group(1)), item.end(), 3 if current.level >= 2 else 2
    if roman and in_items and not (letter and _next_letter(current) == letter.group(1)
                                   and not colon):
        return f"({roman.group(1)})", roman.end(), 3
    if letter and (current.level >= 2 or colon):
        return f"({letter.group(1)})", letter.end(), 2
    return None


def _next_letter(current: Paragraph) -> str | None:
    """The label letters after the current sub-paragraph's: "h" -> "i",
    "z" -> "aa", "hh" -> "ii" (after (z) the UN doubles the letters)."""
    if current.level == 2 and current.label:
        return next_letter(current.label.strip("()（）"))
    return None


def next_letter(letters: str) -> str | None:
    """The sub-paragraph letters that follow `letters` ("h" -> "i", "z" ->
    "aa", "hh" -> "ii"); None for anything that is not one repeated letter."""
    if not letters or len(set(letters)) != 1 or not "a" <= letters[0] <= "z":
        return None
    if letters[0] == "z":
        return "a" * (len(letters) + 1)
    return chr(ord(letters[0]) + 1) * len(letters)


def sub_id(level: int, n: int) -> str:
    """The id part of the n-th sub-paragraph (level 2) or item (level 3) of
    its parent: a, b ... z, then the position as a number (27, 28 ...: the
    UN prints (aa), (bb) ...), as the XML reader counts them; items i, ii ...
    Positions, not printed labels: ids align across front ends and languages."""
    if level == 2:
        return chr(ord("a") + n - 1) if n <= 26 else str(n)
    return int_to_roman(n)


def _assign_ids(paragraphs: list[Paragraph]) -> None:
    """Ids by the contract of etl.records: pp1.., op1.., h1.., u1.. in the body,
    anK.op1, anK.h1, anK.u1 in annex K; then .a, .b for sub-paragraphs and .i,
    .ii for items.

    Ids count positions rather than copy printed labels, so they stay unique
    even where the printed numbering skips or repeats (the label keeps what
    was printed), and they align across language versions.
    """
    counters: dict[tuple[int, str], int] = {}
    parent: list[tuple[str, ...]] = []
    children: dict[tuple[str, ...], int] = {}

    def next_id(p: Paragraph) -> tuple[str, ...]:
        if p.kind == "heading":
            kind = "h"
        elif p.kind == "unnumbered":
            kind = "u"
        elif p.section == "preamble":
            kind = "pp"
        elif p.section == "annex" and p.label is None:
            kind = "u"
            p.kind = "unnumbered"
        else:
            kind = "op"
        # Paragraphs of a division count on their own ("s2.op1"); headings
        # and unnumbered rows count through the body, as the XML reader does.
        part = p.part if kind in ("pp", "op") else None
        key = (p.annex if p.section == "annex" else 0, part, kind)
        counters[key] = counters.get(key, 0) + 1
        prefix = f"an{p.annex}." if p.section == "annex" else f"s{part}." if part else ""
        return (f"{prefix}{kind}{counters[key]}",)

    for p in paragraphs:
        if p.level == 1:
            p.ids = next_id(p)
            # A heading has no sub-paragraphs: a label after it opens a paragraph.
            parent = [] if p.kind == "heading" else [p.ids]
            continue
        # Attach to the nearest open paragraph one level up.
        while len(parent) >= p.level:
            parent.pop()
        if not parent:
            p.level = 1
            p.ids = next_id(p)
            parent = [p.ids]
            continue
        up = parent[-1]
        p.level = len(parent) + 1  # an item straight under a paragraph is its sub-paragraph
        children[up] = children.get(up, 0) + 1
        n = children[up]
        p.ids = up + (sub_id(p.level, n),)
        parent.append(p.ids)
