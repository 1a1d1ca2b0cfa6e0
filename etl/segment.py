"""Stage 3, segment: the body lines of a resolution into its parts.

A General Assembly resolution is built the same way every time:
    [date heading]  [adoption note]            2013 年 12 月 5 日大会决议 / [根据……的报告(A/68/411)通过]
    title line                                  68/47. 核裁军
    enacting formula                            大会，
    preambular paragraphs (unnumbered)          回顾……，
    operative paragraphs 1., 2., ...            1. 确认……；
        sub-paragraphs (a), (b) ...                 (a) ……；
            items ㈠, ㈡ ... or (i), (ii) ...            ㈠ ……；
    closing lines (either order)                2013 年 12 月 5 日 / 第 60 次全体会议
    [annexes]

A new paragraph starts where the text so far ends with paragraph punctuation
(，；。：) and the next line either carries the next label (1., (a), ㈠) or,
for unnumbered paragraphs, is indented. Lines that hold only a footnote
marker never start a paragraph. Everything else continues the paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .errors import Diagnostic, ParseError
from .lang import zh as lang
from .layout import DiscardedLine, Line
from .phrases import opens_with_leading_phrase, squeeze
from .symbols import RESOLUTION_NUMBER, ResolutionNumber, int_to_roman, parse_resolution_number
from .text import display_width, fold_width, indent

TITLE_LINE = re.compile(rf"^\s*{RESOLUTION_NUMBER}\s*[.．]\s*(?P<title>\S.*?)\s*$")
MARKER_ONLY = re.compile(r"^\s*\d{1,3}\s*$")
_NUMBER_LABEL = re.compile(r"^\s*(\d{1,3})\s*[.．](?!\d)\s*")
_LETTER_LABEL = re.compile(r"^\s*[(（]\s*([a-z]{1,2})\s*[)）]\s*")
_ROMAN_LABEL = re.compile(r"^\s*[(（]\s*([ivxl]{1,6})\s*[)）]\s*")
_ITEM_LABEL = re.compile(rf"^\s*([{lang.ITEM_NUMERALS}])\s*")
_TRAILING_MARKER = re.compile(r"(?<![\d/.\-])\d{1,3}\s*$")
_HEADER_SEARCH_LINES = 40
# A visual line shorter than this share of the page's full line width ended
# before the margin: the paragraph ended there.
_SHORT_LINE = 0.85


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
    committee: str | None = None
    committee_report: str | None = None
    draft_symbol: str | None = None
    adoption_note: str | None = None
    note_lines: tuple[int, ...] = ()
    title: str = ""
    title_lines: tuple[int, ...] = ()
    enacting_line: int = 0


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
    raise ParseError(path, None, "no title line such as '68/47. 核裁军' (session/number, "
                     "full stop, title) in the first lines; expected a General Assembly "
                     "resolution")


def _date(parts: tuple[str, str, str], path: str, line: int) -> date:
    y, m, d = (int(squeeze(p)) for p in parts)
    try:
        return date(y, m, d)
    except ValueError:
        raise ParseError(path, line, f"'{y}年{m}月{d}日' is not a valid date") from None


def segment(path: str, body: list[Line], identity: Identity) -> Segmented:
    diagnostics: list[Diagnostic] = []
    extra_discarded: list[DiscardedLine] = []
    lines = [Line(l.number, fold_width(l.text), l.after_break) for l in body]
    title_at = next((i for i, l in enumerate(lines) if l.number == identity.line), None)
    if title_at is None:
        raise ParseError(path, identity.line, "the title line stands inside a footnote block or "
                         "page furniture; expected it in the text, before the enacting formula")

    header = _read_header(path, lines[:title_at], extra_discarded, diagnostics)

    # Title: the title line and any wrapped continuation, up to the enacting formula.
    enacting_at = None
    for i in range(title_at + 1, min(title_at + 6, len(lines))):
        if lang.ENACTING_FORMULA.match(squeeze(lines[i].text)):
            enacting_at = i
            break
    if enacting_at is None:
        raise ParseError(path, identity.line, f"expected the enacting formula "
                         f"'{lang.ENACTING_WORD}，' on its own line after the title")
    title_parts = [identity.first_title_line] + [l.text.strip() for l in lines[title_at + 1:enacting_at]]
    header.title = "".join(title_parts)
    header.title_lines = tuple(l.number for l in lines[title_at:enacting_at])
    header.enacting_line = lines[enacting_at].number

    paragraphs, closing = _read_paragraphs(path, lines[enacting_at + 1:], diagnostics,
                                           _full_width(lines))
    _assign_ids(paragraphs)
    return Segmented(identity, header, paragraphs, closing, extra_discarded, diagnostics)


def _read_header(path, lines, extra_discarded, diagnostics) -> Header:
    header = Header()
    i = 0
    while i < len(lines):
        line = lines[i]
        flat = squeeze(line.text)
        m = lang.ADOPTION_HEADING.match(flat)
        if m and header.adoption_heading is None:
            header.adoption_heading = _date(m.groups(), path, line.number)
            header.heading_line = line.number
            i += 1
            continue
        if flat.startswith(("[", "［")):
            # The adoption note may wrap; it runs to the closing bracket.
            j = i
            note = line.text.strip()
            while not note.rstrip().endswith(("]", "］")) and j + 1 < len(lines):
                j += 1
                note += lines[j].text.strip()
            _read_note(note, header)
            if header.adoption_note is None:
                diagnostics.append(Diagnostic(path, line.number, "unrecognised adoption note "
                                              "(expected '[根据……的报告(A/…)通过]' or "
                                              "'[未经发交主要委员会而通过 (A/…)]')"))
                header.adoption_note = note
            header.note_lines = tuple(l.number for l in lines[i:j + 1])
            i = j + 1
            continue
        diagnostics.append(Diagnostic(path, line.number, "unrecognised line before the title; "
                                      "kept as discarded 'masthead'"))
        extra_discarded.append(DiscardedLine(line.number, "masthead", line.text))
        i += 1
    return header


def _read_note(note: str, header: Header) -> None:
    flat = re.sub(r"\s+", " ", note).strip()
    squeezed = squeeze(note)
    m = lang.COMMITTEE_NOTE.match(squeezed)
    if m:
        header.adoption_note = flat
        header.committee = m.group("committee")
        # "(A/75/399，第 96 段)": the report symbol is the part before the comma.
        header.committee_report = re.split(r"[，,;；]", m.group("report"))[0] or None
        return
    m = lang.PLENARY_NOTE.match(squeezed)
    if m:
        header.adoption_note = flat
        header.draft_symbol = m.group("draft") or None


def _strip_trailing_marker(text: str) -> str:
    return _TRAILING_MARKER.sub("", text.rstrip()).rstrip()


def _last_text(paragraph: Paragraph | None) -> str | None:
    """The end of the paragraph's text so far: its last line that is not a lone
    footnote marker, without a trailing marker or closing quotes. None before
    any paragraph; "" when there is nothing but a label yet."""
    if paragraph is None:
        return None
    for line in reversed(paragraph.lines):
        if not MARKER_ONLY.match(line.text):
            return _strip_trailing_marker(line.text).rstrip(lang.CLOSING_QUOTES)
    return ""


def _ends_paragraph(paragraph: Paragraph | None) -> bool:
    """Does the paragraph's text so far end with paragraph punctuation?"""
    text = _last_text(paragraph)
    return text is None or (bool(text) and text[-1] in lang.PARAGRAPH_END)


def _ends_sentence(paragraph: Paragraph | None) -> bool:
    return (_last_text(paragraph) or "").endswith(lang.SENTENCE_END)


def _ends_with_colon(paragraph: Paragraph) -> bool:
    return (_last_text(paragraph) or "").endswith(lang.COLONS)


def _closing_line(text: str):
    flat = squeeze(text)
    m = lang.CLOSING_DATE.match(flat)
    if m:
        return "date", m
    m = lang.PLENARY_MEETING.match(flat)
    if m:
        return "meeting", m
    return None, None


def _full_width(lines: list[Line]) -> int:
    """The page's full line width: what most wrapped lines fill (90th percentile)."""
    widths = sorted(display_width(l.text) for l in lines if not MARKER_ONLY.match(l.text))
    return widths[int(len(widths) * 0.9)] if widths else 0


def _read_paragraphs(path, lines, diagnostics, full_width):
    paragraphs: list[Paragraph] = []
    closing = Closing()
    section = "preamble"
    current: Paragraph | None = None
    expected_number = 1
    closed = False
    # Extraction puts a footnote marker on a line of its own, splitting the
    # printed line in two; the indentation of the piece after it means nothing.
    # Track the printed ("visual") line to know whether that piece still
    # belongs to it.
    visual_width = 0
    after_marker = False

    def start(level, label, label_chars, line, sec=None):
        nonlocal current
        current = Paragraph(sec or section, level, label, label_chars,
                            [Line(line.number, line.text[label_chars:])])
        paragraphs.append(current)

    for line in lines:
        text = line.text
        kind, m = _closing_line(text)
        if kind and (closed or _ends_sentence(current)):
            closed = True
            if kind == "date" and closing.date_line is None:
                closing.adoption_date = _date(m.groups(), path, line.number)
                closing.date_line = line.number
                continue
            if kind == "meeting" and closing.meeting_line is None:
                closing.plenary_meeting = int(m.group(1))
                closing.meeting_line = line.number
                continue
        if closed and section != "annex":
            section = "annex"
            diagnostics.append(Diagnostic(path, line.number, "text after the closing lines: "
                                          "kept as clauses of section 'annex'"))
            current = None
            expected_number = 1

        width = display_width(text)
        if MARKER_ONLY.match(text) and current is not None:
            current.lines.append(line)  # a superscript: it takes next to no width
            after_marker = True
            continue
        # Slack: lines differ a little in width, and may overhang by a closing
        # punctuation mark.
        same_visual_line = after_marker and visual_width + width <= full_width * 1.05 + 2
        previous_short = visual_width < full_width * _SHORT_LINE
        visual_width = visual_width + width if same_visual_line else width
        was_after_marker, after_marker = after_marker, False

        ended = _ends_paragraph(current)
        m = _NUMBER_LABEL.match(text)
        # A number opens a paragraph after paragraph punctuation, or anywhere
        # when it is the very number expected next (the operative part only).
        if m and (ended or (section != "annex" and int(m.group(1)) == expected_number)):
            number = int(m.group(1))
            if section == "preamble":
                section = "operative"
            if number != expected_number:
                what = "repeats" if number < expected_number else "skips"
                diagnostics.append(Diagnostic(
                    path, line.number, f"paragraph number {number} {what} the numbering; "
                    f"expected {expected_number}"))
            expected_number = number + 1
            start(1, str(number), m.end(), line)
            continue

        if ended and current is not None:
            item = _item_label(text, current)
            if item:
                label, chars, level = item
                start(level, label, chars, line, current.section)
                continue
            if was_after_marker:
                # Whether the piece after a marker still fits on the printed
                # line decides, unless it opens like a paragraph of its own.
                opens = indent(text) > 0 and opens_with_leading_phrase(text)
                starts_paragraph = opens or (not same_visual_line and previous_short)
            elif line.after_break:
                # Extraction indents the first line of a page by one more
                # space, whatever it holds: two spaces open a paragraph; one
                # space is either a continuation or a paragraph whose page
                # top was not indented, and the previous printed line decides
                # (it stopped short: the paragraph had ended).
                starts_paragraph = indent(text) >= 2 or (indent(text) == 1 and previous_short)
            else:
                starts_paragraph = indent(text) > 0
            if starts_paragraph:
                if section == "operative" and current.level >= 1:
                    if not (was_after_marker or line.after_break):
                        diagnostics.append(Diagnostic(
                            path, line.number, "unnumbered paragraph inside the operative part; "
                            "joined to the paragraph before it"))
                    current.lines.append(line)
                    continue
                start(1, None, 0, line)
                continue
        if current is None:
            start(1, None, 0, line)
            continue
        current.lines.append(line)

    if not paragraphs:
        raise ParseError(path, lines[0].number if lines else None,
                         "no paragraphs after the enacting formula")
    # A resolution with a single operative paragraph prints it without a number:
    # it is the unnumbered paragraph that ends the text with a full stop.
    if not any(p.section == "operative" for p in paragraphs):
        last = max((p for p in paragraphs if p.level == 1 and p.section == "preamble"),
                   key=paragraphs.index)
        if _ends_sentence(last):
            for p in paragraphs[paragraphs.index(last):]:
                if p.section == "preamble":
                    p.section = "operative"
    last_text = next((p for p in reversed(paragraphs) if p.section != "annex"), None)
    if not _ends_sentence(last_text):
        diagnostics.append(Diagnostic(
            path, last_text.lines[-1].number,
            f"the last paragraph does not end with '{lang.SENTENCE_END}': "
            "the text may be truncated"))
    if closing.date_line is None and closing.meeting_line is None:
        diagnostics.append(Diagnostic(path, lines[-1].number if lines else None,
                                      "no closing lines (adoption date, plenary meeting) "
                                      "after the last paragraph: the text may be truncated"))
    return paragraphs, closing


def _item_label(text: str, current: Paragraph):
    """A sub-paragraph or item label that fits where we are, as (label, chars, level)."""
    letter = _LETTER_LABEL.match(text)
    roman = _ROMAN_LABEL.match(text)
    item = _ITEM_LABEL.match(text)
    in_items = current.level == 3 or (current.level == 2 and _ends_with_colon(current))
    if item:
        return item.group(1), item.end(), 3 if current.level >= 2 else 2
    if roman and in_items and not (letter and _next_letter(current) == letter.group(1)
                                   and not _ends_with_colon(current)):
        return f"({roman.group(1)})", roman.end(), 3
    if letter and (current.level >= 2 or _ends_with_colon(current)):
        return f"({letter.group(1)})", letter.end(), 2
    return None


def _next_letter(current: Paragraph) -> str | None:
    if current.level == 2 and current.label:
        return chr(ord(current.label[1]) + 1)
    return None


def _assign_ids(paragraphs: list[Paragraph]) -> None:
    """pp1..ppN, op1..opN, an1..anN; then .a, .b for sub-paragraphs and .i, .ii for items.

    Ids count positions rather than copy printed labels, so they stay unique
    even where the printed numbering skips or repeats (the label keeps what
    was printed), and they align across language versions.
    """
    counters = {"preamble": 0, "operative": 0, "annex": 0}
    prefix = {"preamble": "pp", "operative": "op", "annex": "an"}
    parent: list[tuple[str, ...]] = []
    children: dict[tuple[str, ...], int] = {}
    for p in paragraphs:
        if p.level == 1:
            counters[p.section] += 1
            p.ids = (f"{prefix[p.section]}{counters[p.section]}",)
            parent = [p.ids]
            continue
        # Attach to the nearest open paragraph one level up.
        while len(parent) >= p.level:
            parent.pop()
        if not parent:
            counters[p.section] += 1
            p.ids = (f"{prefix[p.section]}{counters[p.section]}",)
            p.level = 1
            parent = [p.ids]
            continue
        up = parent[-1]
        children[up] = children.get(up, 0) + 1
        n = children[up]
        part = chr(ord("a") + n - 1) if p.level == 2 else int_to_roman(n)
        p.ids = up + (part,)
        parent.append(p.ids)
