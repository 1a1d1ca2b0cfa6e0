"""Synthetic resolution texts, laid out the way PDF extraction lays them out.

`render` turns a resolution back into a source text: lines wrapped at a
chosen width (never inside a Latin word, never starting with closing
punctuation), footnote markers inline ("》1 作为", "resolution 76/39,1") or on
lines of their own, bold leading phrases repeated (Chinese), footnote blocks
with a separator at the foot of each page, running headers and footers, a
first-page masthead, blank lines between lines or between paragraphs, or one
line per paragraph as other extractors and word processors write it.

What is printed comes from the resolution (`Doc`, made from a parse with
`doc_from_parsed` or from any front end's `etl.records.Document` with
`doc_from_document`); only the layout furniture (masthead, job number, page
numbers, separators) is made up. Two languages are laid out: Chinese (zh)
and English (en).

The tests use it to check that layout does not change what is parsed, the
differential test (etl.differential) to compare the text parser with the XML
reader over the corpus, and the benchmark uses `variant` to make a corpus of
distinct resolutions from the seeds (renumbered, paragraphs shuffled).
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass, field, replace
from datetime import date

from .. import chars as _chars
from ..chars import display_width, is_wide
from ..symbols import int_to_roman

_NO_LINE_START = set("，。；：、）》”’」』!),.;:")
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
# The total page count is known only at the end: running footers carry this
# placeholder until then.
_TOTAL = "\x00total\x00"
# A paragraph printed on one line: no width limit.
UNLIMITED = 10 ** 9


@dataclass(frozen=True)
class Options:
    width: int = 76                # columns of a full line (a CJK character takes two)
    blank_lines: bool = True       # a blank line between printed lines, as some extractors do
    inline_markers: bool = False   # "》1 作为" rather than the marker on a line of its own
    page_lines: int = 40           # printed body lines per page
    separator: str = "_" * 15      # footnote separator; " " * 59 renders the rule as spaces
    fullwidth_numbering: bool = False  # "３．", "（a）"
    furniture: bool = True         # running header and footer at each page break
    job_number: str = "99-99999"
    # The options below change nothing unless set; the corpus layouts use them.
    masthead: bool = False         # first-page masthead: United Nations, symbol, Distr., job number
    paragraph_gap: bool = False    # a blank line between paragraphs (not between lines)
    label_own_line: bool = False   # "1." alone on a line, the text on the next (PyMuPDF)
    glued_markers: bool = False    # inline markers glued to the word before ("76/39,1")
    bold_factor: int | None = None  # repeat bold text this many times (Chinese); overrides the doc
    spaced_digits: bool = False    # "2 0 0 4 年 1 2 月" in the date heading and closing date
    fullwidth_dates: bool = False  # "２００４年" in the date heading and closing date
    cjk_spacing: bool = False      # a space between Chinese text and a Latin or digit run
    break_hyphens: bool = False    # a line may break after the hyphen of "high-level"
    wrap_header: bool = False      # wrap the title, adoption note and heading at the width


@dataclass
class Clause:
    section: str
    level: int
    label: str | None
    leading_phrase: str | None
    text: str
    markers: list[tuple[int, int]] = field(default_factory=list)  # (offset, footnote number)
    kind: str = "paragraph"      # paragraph | heading | unnumbered
    clause_id: str = ""          # "an2.op1": places the clause in annex 2


@dataclass
class Doc:
    """What a source text says, independent of layout."""

    symbol_body: str                 # "68/47", "75/101 A", "ES-11/1"
    title: str
    heading: date | None
    adoption_note: str | None
    closing_date: date | None
    plenary_meeting: int | None
    bold_factor: int | None
    clauses: list[Clause]
    footnotes: list[tuple[int, str]]  # (number, text)
    language: str = "zh"             # zh | en
    session: int | None = None       # for the masthead
    session_type: str = "regular"
    agenda_item: str | None = None   # for the masthead: "99 (j)"


def doc_from_parsed(parsed) -> Doc:
    markers: dict[str, list[tuple[int, int]]] = {}
    for ref in parsed.refs:
        markers.setdefault(ref.clause_id, []).append((ref.offset, ref.footnote_number))
    return Doc(
        symbol_body=parsed.resolution.symbol[len("A/RES/"):],
        title=parsed.resolution.title,
        heading=parsed.header.adoption_heading,
        adoption_note=parsed.resolution.adoption_note,
        closing_date=parsed.closing.adoption_date,
        plenary_meeting=parsed.closing.plenary_meeting,
        bold_factor=parsed.bold_factor,
        clauses=[Clause(c.section, c.level, c.label, c.leading_phrase, c.text,
                        markers.get(c.clause_id, []), c.kind, c.clause_id)
                 for c in parsed.clauses],
        footnotes=[(f.number, f.text) for f in parsed.footnotes],
        language=parsed.resolution.language,
        session=parsed.resolution.session,
        session_type=parsed.resolution.session_type,
        agenda_item=parsed.resolution.agenda_item,
    )


_PART_LETTER = re.compile(r"^(.*\d)([A-Z]{1,2})$")


def printed_number(symbol: str) -> str:
    """The resolution number as a title line prints it: A/RES/75/101A -> "75/101 A"."""
    body = symbol[len("A/RES/"):] if symbol.startswith("A/RES/") else symbol
    m = _PART_LETTER.match(body)
    return f"{m.group(1)} {m.group(2)}" if m else body


def doc_from_document(document) -> Doc:
    """A `Doc` from any front end's record (etl.records.Document): everything a
    PDF of the resolution prints, taken from the record's rows."""
    r = document.resolution
    markers: dict[str, list[tuple[int, int]]] = {}
    for ref in document.refs:
        markers.setdefault(ref.clause_id, []).append((ref.offset, ref.footnote_number))
    return Doc(
        symbol_body=printed_number(r.symbol),
        title=r.title,
        heading=r.adoption_date,
        adoption_note=r.adoption_note,
        closing_date=r.adoption_date,
        plenary_meeting=r.plenary_meeting,
        bold_factor=None,
        clauses=[Clause(c.section, c.level, c.label, c.leading_phrase, c.text,
                        sorted(markers.get(c.clause_id, [])), c.kind, c.clause_id)
                 for c in document.clauses],
        footnotes=[(f.number, f.text) for f in document.footnotes],
        language=r.language,
        session=r.session,
        session_type=r.session_type,
        agenda_item=r.agenda_item,
    )


# ---------------------------------------------------------------- words of each language

_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
_EN_UNITS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
             "eighteen", "nineteen")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_EN_ORDINAL_UNITS = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                     "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}
_ZH_DIGITS = "〇一二三四五六七八九"


def english_date(d: date) -> str:
    return f"{d.day} {_EN_MONTHS[d.month - 1]} {d.year}"


def english_ordinal_suffix(n: int) -> str:
    """46 -> "46th", 1 -> "1st", 112 -> "112th"."""
    if n % 100 in (11, 12, 13):
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def english_ordinal_words(n: int) -> str:
    """77 -> "seventy-seventh" (1 to 99)."""
    if n < 20:
        word = _EN_UNITS[n]
        return _EN_ORDINAL_UNITS.get(word, word[:-1] + "ieth" if word.endswith("y")
                                     else word + "th")
    tens, units = divmod(n, 10)
    if units == 0:
        return _EN_TENS[tens][:-1] + "ieth"
    return f"{_EN_TENS[tens]}-{english_ordinal_words(units)}"


def chinese_number(n: int) -> str:
    """77 -> "七十七" (1 to 99)."""
    tens, units = divmod(n, 10)
    if tens == 0:
        return _ZH_DIGITS[units]
    return (_ZH_DIGITS[tens] if tens > 1 else "") + "十" + (_ZH_DIGITS[units] if units else "")


def _space_digits(text: str) -> str:
    """"2004 年 12 月" -> "2 0 0 4 年 1 2 月", as some extractions print dates."""
    return re.sub(r"\d{2,}", lambda m: " ".join(m.group()), text)


def _cjk_spacing(text: str) -> str:
    """A space between Chinese text and a Latin or digit run, as the PDF typesetting
    leaves it ("回顾其 2009 年 12 月 2 日第 64/47 号决议"); clean text has none."""
    return re.sub(r"(?<=[\u3400-\u9fff])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])(?=[\u3400-\u9fff])",
                  " ", text)


@dataclass(frozen=True)
class _Words:
    """The fixed lines a resolution prints, in one language."""

    language: str
    letter: str                  # language letter of the job number: "(C)", "(E)"

    def heading(self, d: date, opts: Options) -> str:
        if self.language == "en":
            return f"Resolution adopted by the General Assembly on {english_date(d)}"
        text = f"{d.year} 年 {d.month} 月 {d.day} 日"
        return f" {_date_style(text, opts)}大会决议"

    def enacting(self, factor: int | None) -> str:
        if self.language == "en":
            return "The General Assembly,"
        return f" {'大会' * (factor or 1)}，"

    def closing_date(self, d: date, opts: Options) -> str:
        if self.language == "en":
            return english_date(d)
        # Extractions space out the digits of the date heading only.
        return _date_style(f"{d.year} 年 {d.month} 月 {d.day}日", replace(opts, spaced_digits=False))

    def meeting(self, n: int) -> str:
        if self.language == "en":
            return f"{english_ordinal_suffix(n)} plenary meeting"
        return f"第 {n} 次全体会议"

    def annex(self, k: int | None) -> str:
        if self.language == "en":
            return "Annex" if k is None else f"Annex {int_to_roman(k).upper()}"
        return "附件" if k is None else f"附件{chinese_number(k)}"

    def session(self, session: int, session_type: str) -> str:
        if self.language == "en":
            kind = {"special": "special session", "emergency_special": "emergency special session"}
            words = english_ordinal_words(session)
            return f"{words[0].upper()}{words[1:]} {kind.get(session_type, 'session')}"
        kind = {"special": "特别会议", "emergency_special": "紧急特别会议"}
        return f"第{chinese_number(session)}届{kind.get(session_type, '会议')}"

    def agenda(self, item: str) -> str:
        return f"Agenda item {item}" if self.language == "en" else f"议程项目 {item}"

    def authority(self) -> tuple[str, str]:
        return ("United Nations", "General Assembly") if self.language == "en" else ("联合国", "大会")


_WORDS = {"zh": _Words("zh", "(C)"), "en": _Words("en", "(E)")}


def _date_style(text: str, opts: Options) -> str:
    if opts.spaced_digits:
        text = _space_digits(text)
    if opts.fullwidth_dates:
        text = text.translate(_FULLWIDTH_DIGITS)
    return text


# ---------------------------------------------------------------- rendering

_AFTER_HYPHEN = re.compile(r"(?<=[A-Za-z0-9]-)(?=[A-Za-z0-9])")
# White space, one wide (CJK) character, or a run of other characters. The
# class of wide characters is etl.chars's, so that widths agree with it.
_TOKEN = re.compile(rf"(\s+)|({_chars._WIDE.pattern})|([^\s{_chars._WIDE.pattern[1:-1]}]+)")


def _atoms(text: str, markers: list[tuple[int, int]], hyphens: bool = False):
    """Split clean text into unbreakable pieces with their widths: ("word", s, w)
    for a CJK character or a run of Latin characters, ("space", " ", 1),
    ("marker", n, 0). With `hyphens`, a line may also break after the hyphen
    of a compound ("high-" / "level"), as typeset English does."""
    at: dict[int, list[int]] = {}
    for offset, number in markers:
        at.setdefault(min(max(offset, 0), len(text)), []).append(number)
    out = []
    previous = 0
    for cut in sorted(at) + [len(text)]:
        for m in _TOKEN.finditer(text, previous, cut):
            if m.group(1):
                out.append(("space", " ", 1))
            elif m.group(2):
                out.append(("word", m.group(2), 2))
            else:
                word = m.group(3)
                pieces = _AFTER_HYPHEN.split(word) if hyphens and "-" in word else (word,)
                out += [("word", piece, len(piece)) for piece in pieces]
        out += [("marker", number, 0) for number in at.get(cut, ())]
        at.pop(cut, None)
        previous = cut
    return out


def _job_number(doc: Doc) -> tuple[str, str]:
    """A job number in the UN's form ("22-28139") and its bar code digits, made
    from the symbol so that each resolution keeps its own."""
    year = (doc.closing_date or doc.heading or date(2000, 1, 1)).year % 100
    serial = zlib.crc32(doc.symbol_body.encode()) % 90000 + 10000
    return f"{year:02d}-{serial}", f"{year:02d}{serial}"


class _Writer:
    """Collects physical lines and inserts page breaks with their footnotes."""

    def __init__(self, doc: Doc, opts: Options):
        self.doc = doc
        self.opts = opts
        self.words = _WORDS.get(doc.language, _WORDS["zh"])
        self.english = doc.language == "en"
        self.lines: list[str] = []
        self.body_lines_on_page = 0
        self.page = 1
        self.pending_notes: list[int] = []   # footnotes first cited on this page
        self.cited: set[int] = set()
        self.page_top = False
        self.notes = dict(doc.footnotes)

    def emit(self, text: str, body: bool = True) -> None:
        if self.page_top and body and text and not self.english:
            text = " " + text  # extraction indents the first line of a page
        if body and text:
            self.page_top = False
        self.lines.append(text)
        if self.opts.blank_lines and body and not text.strip().isdigit():
            self.lines.append("")
        if body:
            self.body_lines_on_page += 1

    def gap(self) -> None:
        """The blank line between two paragraphs (PyMuPDF prints it as one space)."""
        if self.opts.paragraph_gap and self.lines and self.lines[-1].strip():
            self.lines.append(" ")

    def cite(self, number: int) -> None:
        if number not in self.cited and number in self.notes:
            self.cited.add(number)
            self.pending_notes.append(number)

    def maybe_break(self, force: bool = False, last: bool = False) -> None:
        if not force and self.body_lines_on_page < self.opts.page_lines:
            return
        lines_before = len(self.lines)
        if self.pending_notes:
            if self.english:
                self.lines += [self.opts.separator + " ", " "]
            else:
                self.lines.append(self.opts.separator)
            for number in self.pending_notes:
                self._footnote(number, self.notes[number])
        self.pending_notes = []
        if self.opts.furniture and not (self.english and last):
            self._running_header()
        self.page += 1
        self.body_lines_on_page = 0
        # Extraction indents the first line of a page; where the break left no
        # visible trace (no footnotes, no furniture) a reader could not tell it
        # from a new paragraph, so such a break is not rendered indented.
        self.page_top = len(self.lines) != lines_before

    def _running_header(self) -> None:
        symbol = f"A/RES/{self.doc.symbol_body}"
        if not self.english:
            total = 9
            self.lines.append(f"{self.page}/{total} {self.opts.job_number} (C)")
            self.lines.append("")
            self.lines.append(f"{self.doc.title} A/RES/{self.doc.symbol_body}")
            self.lines.append("")
            return
        # PyMuPDF: the next page's header, symbol and (wrapped) short title on
        # even pages, title then symbol on odd pages, with job number and page.
        job, _ = _job_number(self.doc)
        title = _wrap(_atoms(self.doc.title, []), 60, "")
        page = f"{self.page + 1}/{_TOTAL} "
        if (self.page + 1) % 2 == 0:
            self.lines += [symbol + " ", *title, " ", job, page, " "]
        else:
            self.lines += [*title, symbol, " ", page, job, " "]

    def _footnote(self, number: int, text: str) -> None:
        if self.english:
            lines = _wrap(_atoms(text, []), self.opts.width, first_prefix=f"{number}  ")
            self.lines += lines
            self.lines.append(" ")
            return
        lines = _wrap(_atoms(text, []), self.opts.width - 2, first_prefix="")
        if self.opts.inline_markers:
            lines[0] = f" {number} {lines[0]}"
        else:
            self.lines.append(str(number))
            lines[0] = " " + lines[0]
        for line in lines:
            self.lines.append(line)
            if self.opts.blank_lines:
                self.lines.append("")

    def masthead(self) -> None:
        """The first page's masthead: it is layout, not text of the resolution."""
        doc = self.doc
        un, ga = self.words.authority()
        job, barcode = _job_number(doc)
        issued = doc.closing_date or doc.heading
        stamp = issued.strftime("%d%m%y") if issued else "010100"
        lines = [f"{un} ", f"A/RES/{doc.symbol_body}", " ", " ", f"{ga} ", "Distr.: General "]
        if issued:
            lines.append(f"{english_date(issued)} ")
        lines += [" ", f"{job} {self.words.letter}    {stamp}     ", f"*{barcode}* ", " ", " "]
        if doc.session:
            lines.append(self.words.session(doc.session, doc.session_type) + " ")
        if doc.agenda_item:
            lines.append(self.words.agenda(doc.agenda_item) + " ")
        lines += [" ", " "]
        self.lines += lines


def _wrap(atoms, width: int, first_prefix: str, on_marker=None, inline=True,
          glued=False, space_after_marker=True) -> list[str]:
    """Fill lines up to `width` columns. Markers either stay inline or end the
    physical line (the visual line goes on after them). An inline marker is
    glued to the word before it ("76/39,1"), or set off by a space before
    it and, in Chinese texts, one after it ("》1 作为")."""
    lines: list[str] = []
    current = first_prefix
    used = display_width(first_prefix) + (1 if first_prefix.startswith(" ") else 0)
    for kind, value, w in atoms:
        if kind == "marker":
            if on_marker:
                on_marker(value)
            if inline and glued:
                current += str(value)
                used += len(str(value))
            elif inline:
                narrow = current and not is_wide(current[-1]) and not current.endswith(" ")
                sep = " " if narrow else ""
                after = " " if space_after_marker else ""
                current += f"{sep}{value}{after}"
                used += len(str(value)) + len(after) + len(sep)
            else:
                lines.append(current)
                lines.append(str(value))
                current = ""
            continue
        if kind == "space":
            if current and not current.endswith(" "):
                current += " "
                used += 1
            continue
        if used + w > width and current.strip() and value[0] not in _NO_LINE_START:
            lines.append(current.rstrip(" ") if current.strip() else current)
            current, used = "", 0
        current += value
        used += w
    lines.append(current.rstrip(" "))
    return [line for line in lines if line != ""] or [""]


def _label(clause: Clause, opts: Options) -> str:
    if clause.label is None:
        return ""
    label = clause.label
    if clause.level == 1 and clause.kind == "paragraph" and label[-1:].isdigit():
        number = label.translate(_FULLWIDTH_DIGITS) if opts.fullwidth_numbering else label
        return f"{number}{'．' if opts.fullwidth_numbering else '.'} "
    if label.startswith("(") and label.endswith(")") and opts.fullwidth_numbering:
        return f"（{label[1:-1]}） "
    return f"{label} "


def _annex_of(clause: Clause) -> int | None:
    m = re.match(r"an(\d+)\.", clause.clause_id)
    return int(m.group(1)) if m else None


# The longest adverbial that stands before a leading phrase ("在这方面，").
_MAX_OPENER = 6


def _emit_clause(out: _Writer, clause: Clause, opts: Options, factor: int | None) -> None:
    text, markers = clause.text, list(clause.markers)
    phrase = clause.leading_phrase
    # The phrase opens the text or follows a short adverbial ("为此重申").
    at = text.find(phrase, 0, len(phrase) + _MAX_OPENER) if phrase else -1
    if factor and at >= 0:
        extra = phrase * (factor - 1)
        text = text[:at] + extra + text[at:]
        markers = [(o + len(extra) if o >= at + len(phrase) else o, n) for o, n in markers]
    if opts.cjk_spacing and out.doc.language == "zh":
        text, markers = _spaced_with_markers(text, markers)
    indent = "" if out.english else " "
    label = _label(clause, opts)
    out.gap()
    if opts.label_own_line and label:
        # The number and the text stand on one printed line: no page break between them.
        out.emit(indent + label.rstrip() + " ")
        label = ""
    lines = _wrap(_atoms(text, markers, opts.break_hyphens), opts.width, indent + label,
                  on_marker=out.cite, inline=opts.inline_markers, glued=opts.glued_markers,
                  space_after_marker=not out.english)
    for line in lines:
        out.emit(line)
        if not line.strip().isdigit():
            out.maybe_break()


def _spaced_with_markers(text: str, markers: list[tuple[int, int]]):
    """_cjk_spacing, with the markers' offsets moved along with the text."""
    spaced = _cjk_spacing(text)
    if not markers or spaced == text:
        return spaced, markers
    # Only spaces were inserted: walk both strings to map old offsets to new.
    position, j = [], 0
    for ch in text:
        while spaced[j] != ch:
            j += 1
        position.append(j)
        j += 1
    position.append(len(spaced))
    return spaced, [(position[o], n) for o, n in markers]


def _emit_wrapped(out: _Writer, text: str, opts: Options) -> None:
    if opts.wrap_header:
        indent = text[:len(text) - len(text.lstrip(" "))]
        for line in _wrap(_atoms(text.lstrip(" "), []), opts.width, indent):
            out.emit(line)
    else:
        out.emit(text)


def render(doc: Doc, opts: Options = Options()) -> str:
    out = _Writer(doc, opts)
    words = out.words
    factor = opts.bold_factor if opts.bold_factor is not None else doc.bold_factor
    if out.english:
        factor = None  # English prints leading phrases in italics: no trace in the text
    if opts.masthead:
        out.masthead()
    if doc.heading:
        _emit_wrapped(out, words.heading(doc.heading, opts), opts)
        out.gap()
    if doc.adoption_note:
        note = doc.adoption_note
        if out.english and not note.startswith("["):
            note = f"[{note}]"
        _emit_wrapped(out, note, opts)
        out.gap()
    _emit_wrapped(out, f"{doc.symbol_body}. {doc.title}", opts)
    out.gap()
    out.emit(words.enacting(factor))
    body = [c for c in doc.clauses if _annex_of(c) is None]
    annexes = [c for c in doc.clauses if _annex_of(c) is not None]
    for clause in body:
        _emit_clause(out, clause, opts, factor)
    out.gap()
    closing = []
    if doc.closing_date:
        closing.append(words.closing_date(doc.closing_date, opts))
    if doc.plenary_meeting:
        closing.append(words.meeting(doc.plenary_meeting))
    if out.english:
        closing.reverse()  # "46th plenary meeting" above the date
    for line in closing:
        out.emit(line + (" " if out.english else ""))
    numbered = len({_annex_of(c) for c in annexes}) > 1
    current = None
    for clause in annexes:
        k = _annex_of(clause)
        if k != current:
            current = k
            title = words.annex(k if numbered else None)
            # The reader may keep the printed "Annex" line as the annex's first heading.
            if not (clause.kind == "heading" and clause.text.startswith(title.split()[0])):
                out.gap()
                out.emit(("" if out.english else " ") + title)
        _emit_clause(out, clause, opts, factor)
    for number, _ in doc.footnotes:
        out.cite(number)
    out.maybe_break(force=True, last=True)
    text = "\n".join(out.lines) + "\n"
    return text.replace(_TOTAL, str(out.page - 1))


# ---------------------------------------------------------------- variants

def variant(doc: Doc, session: int, number: int, rng: random.Random) -> Doc:
    """A distinct resolution made from `doc`: new number, paragraphs shuffled
    within the preamble and within the operative part, numbering and
    footnotes renumbered to follow the new order."""
    groups: dict[str, list[list[Clause]]] = {"preamble": [], "operative": []}
    for clause in doc.clauses:
        if clause.section not in groups:
            continue
        if clause.level == 1 or not groups[clause.section]:
            groups[clause.section].append([])
        groups[clause.section][-1].append(clause)
    for section in groups.values():
        rng.shuffle(section)
    clauses = [c for g in groups["preamble"] + groups["operative"] for c in g]
    # The operative part ends with a full stop; the paragraphs before it with semicolons.
    operative = [c for c in clauses if c.section == "operative"]
    for c in operative:
        if c.text.endswith("。"):
            c_index = clauses.index(c)
            clauses[c_index] = replace(c, text=c.text[:-1] + "；")
    if operative:
        last = clauses[-1]
        if last.text.endswith("；"):
            clauses[-1] = replace(last, text=last.text[:-1] + "。")
    # Renumber operative paragraphs and footnotes in their new order.
    renumber: dict[int, int] = {}
    new_clauses = []
    op = 0
    for c in clauses:
        label = c.label
        if c.section == "operative" and c.level == 1 and label is not None:
            op += 1
            label = str(op)
        markers = []
        for offset, n in c.markers:
            renumber.setdefault(n, len(renumber) + 1)
            markers.append((offset, renumber[n]))
        new_clauses.append(replace(c, label=label, markers=markers))
    for n, _ in doc.footnotes:
        renumber.setdefault(n, len(renumber) + 1)
    footnotes = sorted((renumber[n], text) for n, text in doc.footnotes)
    return replace(doc, symbol_body=f"{session}/{number}", clauses=new_clauses,
                   footnotes=footnotes)
