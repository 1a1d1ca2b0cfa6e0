"""Synthetic resolution texts, laid out the way PDF extraction lays them out.

`render` turns a parsed resolution back into a source text: lines wrapped at
a chosen width (never inside a Latin word, never starting with closing
punctuation), footnote markers inline ("》1 作为") or on lines of their own,
bold leading phrases repeated, footnote blocks with a separator at the foot of
each page, running headers and footers, blank lines between lines or not.
The tests use it to check that layout does not change what is parsed; the
benchmark uses `variant` to make a corpus of distinct resolutions from the
seeds (renumbered, paragraphs shuffled).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date

from .text import display_width, is_space, is_wide

_NO_LINE_START = set("，。；：、）》”’」』!),.;:")
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


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


@dataclass
class Clause:
    section: str
    level: int
    label: str | None
    leading_phrase: str | None
    text: str
    markers: list[tuple[int, int]] = field(default_factory=list)  # (offset, footnote number)


@dataclass
class Doc:
    """What a source text says, independent of layout."""

    symbol_body: str                 # "68/47"
    title: str
    heading: date | None
    adoption_note: str | None
    closing_date: date | None
    plenary_meeting: int | None
    bold_factor: int | None
    clauses: list[Clause]
    footnotes: list[tuple[int, str]]  # (number, text)


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
                        markers.get(c.clause_id, [])) for c in parsed.clauses],
        footnotes=[(f.number, f.text) for f in parsed.footnotes],
    )


# ---------------------------------------------------------------- rendering

def _atoms(text: str, markers: list[tuple[int, int]]):
    """Split clean text into unbreakable pieces: ("word", s) for a CJK character
    or a run of Latin characters, ("space", " "), ("marker", n)."""
    at = {}
    for offset, number in markers:
        at.setdefault(offset, []).append(number)
    out = []
    i = 0
    while i <= len(text):
        for number in at.get(i, []):
            out.append(("marker", number))
        if i == len(text):
            break
        ch = text[i]
        if is_space(ch):
            out.append(("space", " "))
            i += 1
        elif is_wide(ch):
            out.append(("word", ch))
            i += 1
        else:
            j = i
            while j < len(text) and not is_space(text[j]) and not is_wide(text[j]) \
                    and j + 1 not in at:
                j += 1
            j = max(j, i + 1)
            out.append(("word", text[i:j]))
            i = j
    return out


class _Writer:
    """Collects physical lines and inserts page breaks with their footnotes."""

    def __init__(self, doc: Doc, opts: Options):
        self.doc = doc
        self.opts = opts
        self.lines: list[str] = []
        self.body_lines_on_page = 0
        self.page = 1
        self.pending_notes: list[int] = []   # footnotes first cited on this page
        self.cited: set[int] = set()
        self.page_top = False

    def emit(self, text: str, body: bool = True) -> None:
        if self.page_top and body and text:
            text = " " + text  # extraction indents the first line of a page
            self.page_top = False
        self.lines.append(text)
        if self.opts.blank_lines and body and not text.strip().isdigit():
            self.lines.append("")
        if body:
            self.body_lines_on_page += 1

    def cite(self, number: int) -> None:
        if number not in self.cited:
            self.cited.add(number)
            self.pending_notes.append(number)

    def maybe_break(self, force: bool = False) -> None:
        if not force and self.body_lines_on_page < self.opts.page_lines:
            return
        notes = dict(self.doc.footnotes)
        lines_before = len(self.lines)
        if self.pending_notes:
            self.lines.append(self.opts.separator)
            for number in self.pending_notes:
                self._footnote(number, notes[number])
        self.pending_notes = []
        if self.opts.furniture:
            total = 9
            self.lines.append(f"{self.page}/{total} {self.opts.job_number} (C)")
            self.lines.append("")
            self.lines.append(f"{self.doc.title} A/RES/{self.doc.symbol_body}")
            self.lines.append("")
        self.page += 1
        self.body_lines_on_page = 0
        # Extraction indents the first line of a page; where the break left no
        # visible trace (no footnotes, no furniture) a reader could not tell it
        # from a new paragraph, so such a break is not rendered indented.
        self.page_top = len(self.lines) != lines_before

    def _footnote(self, number: int, text: str) -> None:
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


def _wrap(atoms, width: int, first_prefix: str, on_marker=None, inline=True) -> list[str]:
    """Fill lines up to `width` columns. Markers either stay inline or end the
    physical line (the visual line goes on after them)."""
    lines: list[str] = []
    current = first_prefix
    used = display_width(first_prefix) + (1 if first_prefix.startswith(" ") else 0)
    for kind, value in atoms:
        if kind == "marker":
            if on_marker:
                on_marker(value)
            if inline:
                sep = " " if current and not is_wide(current[-1]) and not current.endswith(" ") else ""
                current += f"{sep}{value} "
                used += len(str(value)) + 1 + len(sep)
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
        w = display_width(value)
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
    if clause.level == 1:
        number = clause.label.translate(_FULLWIDTH_DIGITS) if opts.fullwidth_numbering else clause.label
        return f"{number}{'．' if opts.fullwidth_numbering else '.'} "
    if clause.label.startswith("(") and opts.fullwidth_numbering:
        return f"（{clause.label[1:-1]}） "
    return f"{clause.label} "


def render(doc: Doc, opts: Options = Options()) -> str:
    out = _Writer(doc, opts)
    if doc.heading:
        d = doc.heading
        out.emit(f" {d.year} 年 {d.month} 月 {d.day} 日大会决议")
    if doc.adoption_note:
        out.emit(doc.adoption_note)
    out.emit(f"{doc.symbol_body}. {doc.title}")
    out.emit(f" {'大会' * (doc.bold_factor or 1)}，")
    for clause in doc.clauses:
        text, markers = clause.text, list(clause.markers)
        phrase = clause.leading_phrase
        if doc.bold_factor and phrase and text.startswith(phrase):
            extra = phrase * (doc.bold_factor - 1)
            text = extra + text
            markers = [(o + len(extra) if o >= len(phrase) else o, n) for o, n in markers]
        lines = _wrap(_atoms(text, markers), opts.width, " " + _label(clause, opts),
                      on_marker=out.cite, inline=opts.inline_markers)
        for line in lines:
            out.emit(line)
            if not line.strip().isdigit():
                out.maybe_break()
    if doc.closing_date:
        d = doc.closing_date
        out.emit(f"{d.year} 年 {d.month} 月 {d.day}日")
    if doc.plenary_meeting:
        out.emit(f"第 {doc.plenary_meeting} 次全体会议")
    for number, _ in doc.footnotes:
        out.cite(number)
    out.maybe_break(force=True)
    return "\n".join(out.lines) + "\n"


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
