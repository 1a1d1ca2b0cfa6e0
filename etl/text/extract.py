"""Stage 4, extract: paragraphs and footnote entries into clean text, with
footnote markers, bold leading phrases and their positions.

Clean text is built in one pass over the joined lines of a paragraph:
- line breaks are joined without a space, except between two Latin or digit
  characters ("NPT/CONF.1995/32 ⏎ (Part I)");
- bold, which PDF extraction renders by repeating each bold run several times
  ("回顾回顾回顾回顾"), is collapsed to one copy and remembered as the
  paragraph's leading phrase;
- footnote markers are removed and their offsets in the clean text recorded;
- spaces next to Chinese characters, which are typesetting rather than text,
  are removed; other runs of spaces become one space.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from types import ModuleType

from ..errors import Diagnostic
from ..records import Clause, Footnote, FootnoteRef
from ..lang import zh
from .layout import Line, RawFootnote
from .phrases import bold_factor, bold_runs, leading_phrase
from .segment import MARKER_ONLY, Paragraph
from ..chars import is_wide


@dataclass(frozen=True)
class Marker:
    number: int
    offset: int   # in the clean text
    line: int     # source line the marker stood on


@dataclass
class CleanText:
    text: str
    markers: list[Marker] = field(default_factory=list)
    bold: list[tuple[int, int]] = field(default_factory=list)  # spans in the clean text
    dropped_bold: str = ""  # the repeated bold copies removed
    line_starts: list[tuple[int, int]] = field(default_factory=list)  # (clean offset, source line)

    def line_at(self, offset: int) -> int:
        return _line_at(self.line_starts, offset)


@dataclass
class MarkerState:
    """Footnote markers seen so far in document order.

    Footnotes are numbered 1, 2, 3 ... through the document and a marker is
    always the number of a footnote that exists; a marker either repeats an
    earlier footnote or introduces the next one. That rule alone rejects most
    numbers of the running text ("13 个步骤" where footnote 6 is next). A
    marker lost in extraction must not silence the ones after it, so a number
    may skip ahead: any distance for a number alone on its line, a few
    footnotes for one inside a line.
    """

    numbers: frozenset[int]
    highest: int = 0
    # The word each marker first stood after: an earlier footnote cited
    # again annotates the same name ("…Associated Personnel,5" … "Personnel, 5").
    word_before: dict[int, str] = field(default_factory=dict)

    def accepts(self, number: int, alone: bool) -> bool:
        if number not in self.numbers:
            return False
        return number <= self.highest + 1 or alone or number <= self.highest + _INLINE_SKIP

    def take(self, number: int, word: str = "") -> list[int]:
        """Record a marker; return the footnotes it skipped over."""
        self.word_before.setdefault(number, word)
        skipped = [n for n in range(self.highest + 1, number) if n in self.numbers]
        self.highest = max(self.highest, number)
        return skipped


_INLINE_SKIP = 3
_WORD_BEFORE = re.compile(r"(\w+)\W*$")


def _word_before(raw: str, start: int) -> str:
    """The word before position `start`, past spaces and punctuation."""
    m = _WORD_BEFORE.search(raw, max(0, start - 40), start)
    return m.group(1) if m else ""


# ------------------------------------------------------------------ clean text

def _join_lines(lines: list[Line], lang: ModuleType):
    """Join a paragraph's lines into one raw string.

    Returns the string, the raw offset and source line where each line's text
    starts, and the raw offsets of numbers that stood alone on a line."""
    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    own_line: set[int] = set()
    length = 0
    for line in lines:
        # A non-breaking hyphen ("non‑governmental", "COVID‑19") is the hyphen
        # the page prints, kept from breaking: the text has the hyphen.
        t = line.text.strip().replace("\u2011", "-")
        if not t:
            continue
        if MARKER_ONLY.match(t):
            own_line.add(length + 1)
            t = f" {t} "
        elif parts:
            t = lang.line_join(parts[-1][-1], t[0]) + t
        starts.append((length, line.number))
        parts.append(t)
        length += len(t)
    return "".join(parts), starts, own_line


def _line_at(starts: list[tuple[int, int]], offset: int) -> int:
    return starts[max(bisect_right(starts, (offset, _BIG)) - 1, 0)][1]


_BIG = 1 << 62
_SPACES = re.compile(r"\s+")


def _candidates(raw: str, lang: ModuleType):
    """(start, end) of every number that may be a footnote marker, in order."""
    found = [m.span() for m in lang.MARKER_CANDIDATE.finditer(raw)]
    year = getattr(lang, "YEAR_MARKER", None)
    if year is not None:
        found += [m.span(1) for m in year.finditer(raw)]
    stop = getattr(lang, "stop_markers", None)
    if stop is not None:
        found += list(stop(raw))
    found.sort()
    return found


# A run of digits whose last one or two digits may be a marker printed
# against it ("Agenda 216" is Agenda 21 and marker 6, "S-35/16" resolution
# S-35/1 and marker 6): never taken on sight, only where the rule of
# `extract` finds nothing else for the footnote.
_DIGIT_RUN = re.compile(r"\d{2,5}")


def _glued_tails(raw: str, taken: set[int]):
    """(start, end) of the last one and two digits of each run of digits
    (not a run's whole, nor one opening with 0, nor a span already a
    candidate)."""
    for m in _DIGIT_RUN.finditer(raw):
        a, b = m.span()
        for size in (1, 2):
            start = b - size
            if start > a and raw[start] != "0" and start not in taken:
                yield start, b


@dataclass(frozen=True)
class HeldNumber:
    """A number that could be the next footnote marker but was read as text:
    after a word that takes a number ("Goals 6", "目标 4"), in a context
    that makes numbers text ("Gulf1 (", "Protocol I4"), or (`tail`) as the
    end of a longer number ("Agenda 216")."""

    raw_offset: int   # in the paragraph's joined raw text
    number: int
    line: int
    tail: bool = False


def build_clean_text(lines: list[Line], *, factor: int | None = None,
                     markers: MarkerState | None = None,
                     path: str = "", diagnostics: list[Diagnostic] | None = None,
                     lang: ModuleType = zh, forced: frozenset[int] = frozenset(),
                     held: list[HeldNumber] | None = None) -> CleanText:
    """`forced`: raw offsets of numbers read as text that are markers after
    all (see extract); `held` collects the numbers read as text that could
    have been the next marker."""
    raw, starts, own_line = _join_lines(lines, lang)
    deletions: list[tuple[int, int]] = []   # raw spans removed: bold copies, marker digits

    bold_raw: list[tuple[int, int]] = []
    dropped: list[str] = []
    if factor:
        for start, size, k in bold_runs(raw, factor):
            end_kept = start + size * (k // factor)
            bold_raw.append((start, end_kept))
            deletions.append((end_kept, start + size * k))
            dropped.append(raw[end_kept:start + size * k])

    found: list[tuple[int, int]] = []  # (raw start, number)
    if markers is not None:
        candidates = _candidates(raw, lang)
        tails = set()
        if held is not None:
            # Only the end of a number that could still be the next marker.
            tails = {(a, b) for a, b in _glued_tails(raw, {a for a, _ in candidates})
                     if int(raw[a:b]) > markers.highest and int(raw[a:b]) in markers.numbers}
        for m_start, m_end in sorted(set(candidates) | tails):
            number = int(raw[m_start:m_end])
            alone = m_start in own_line
            where = _line_at(starts, m_start)
            if (m_start, m_end) in tails:
                # The end of a longer number: a marker only by the rule of
                # `extract` (its footnote has no other marker).
                if m_start not in forced:
                    if number == markers.highest + 1 and number in markers.numbers:
                        held.append(HeldNumber(m_start, number, where, tail=True))
                    continue
                if any(a <= m_start < b for a, b in deletions) or found and found[-1][0] \
                        + len(str(found[-1][1])) > m_start:
                    continue
                markers.take(number, _word_before(raw, m_start))
                found.append((m_start, number))
                deletions.append((m_start, m_end))
                if diagnostics is not None:
                    diagnostics.append(Diagnostic(
                        path, where, f"the {number} that ends '{raw[max(0, m_start - 12):m_end]}' "
                        f"read as footnote marker {number}: footnote {number} stands at the "
                        "page's foot and no other marker points to it"))
                continue
            glued_to_year = m_start > 0 and raw[m_start - 1].isdigit()
            # A marker glued to a year ("of 19721") is the very next footnote
            # or repeats one cited before ("the 2010,1 20132 and 20153
            # reports" again in a later paragraph); never one further ahead.
            if not markers.accepts(number, alone) or (glued_to_year
                                                      and number > markers.highest + 1):
                if alone and diagnostics is not None and number == markers.highest + 1:
                    diagnostics.append(Diagnostic(
                        path, where, f"footnote marker {number} has no footnote "
                        "text in this document; kept as text"))
                continue
            # Where the language glues its markers to the word before them,
            # a number with a space before it that repeats an earlier footnote
            # ("of whom 3 were killed") is text, unless
            # it ends the paragraph ("Court; 12"), where no number of the text
            # stands, or follows the word its footnote first followed.
            word = _word_before(raw, m_start)
            if number <= markers.highest and not alone and not glued_to_year \
                    and lang.MARKERS_GLUED and raw[m_start - 1:m_start].isspace() \
                    and raw[m_end:].strip() and markers.word_before.get(number) != word:
                continue
            if m_start in forced:
                if diagnostics is not None:
                    diagnostics.append(Diagnostic(
                        path, where, f"number {number} in '{raw[max(0, m_start - 12):m_end]}' "
                        f"read as footnote marker {number}: footnote {number} stands at the "
                        "page's foot and no other marker points to it"))
            # A marker glued to a year is taken whatever follows it.
            elif not alone and not glued_to_year \
                    and not lang.marker_context(raw, m_start, m_end):
                # The number could be the next marker, but what stands around
                # it makes it text ("目标 4", "Goal 4", "Gulf1 ("): keep the
                # text, unless its footnote has no other marker (see extract).
                if number == markers.highest + 1 and held is not None:
                    held.append(HeldNumber(m_start, number, where))
                name = lang.names_number(raw, m_start)
                if name and number == markers.highest + 1 and diagnostics is not None:
                    diagnostics.append(Diagnostic(
                        path, where, f"number {number} after '{name}' read as part of a "
                        f"name, not as footnote marker {number}"))
                continue
            if found and found[-1][1] == number and not raw[found[-1][0] + len(str(number)):
                                                              m_start].strip():
                if diagnostics is not None:
                    diagnostics.append(Diagnostic(
                        path, where, f"footnote marker {number} repeated at the same "
                        "place; the repeat is kept as text"))
                continue
            skipped = markers.take(number, word)
            if skipped and diagnostics is not None:
                diagnostics.append(Diagnostic(
                    path, where, f"footnote marker {number} comes before any marker "
                    f"of footnote(s) {', '.join(map(str, skipped))}; expected footnotes to be "
                    "cited in order"))
            found.append((m_start, number))
            deletions.append((m_start, m_end))

    # Remove the deleted spans (they never overlap: bold is CJK, markers digits).
    deletions.sort()
    kept_parts, at = [], 0
    deleted_before: list[tuple[int, int]] = []   # (raw start of deletion, deleted so far)
    total = 0
    for a, b in deletions:
        kept_parts.append(raw[at:a])
        deleted_before.append((a, total))
        total += b - a
        at = b
    kept_parts.append(raw[at:])
    kept = "".join(kept_parts)

    def kept_offset(pos: int) -> int:
        i = bisect_right(deleted_before, (pos, _BIG)) - 1
        if i < 0:
            return pos
        a, before = deleted_before[i]
        b = deletions[i][1]
        return a - before if pos < b else pos - before - (b - a)

    # Fold runs of spaces: one space between two narrow characters, none elsewhere
    # (nor where the language sets characters tight, as a range "2015–2030").
    space_free = getattr(lang, "SPACE_FREE", None)
    runs: list[tuple[int, int, int]] = []     # (kept start, kept end, removed through the run)
    out, at, removed = [], 0, 0
    for m in _SPACES.finditer(kept):
        a, b = m.span()
        keep_one = 0 < a and b < len(kept) and not is_wide(kept[a - 1]) and not is_wide(kept[b]) \
            and not (space_free and space_free.match(kept, a))
        out.append(kept[at:a])
        if keep_one:
            out.append(" ")
        removed += (b - a) - keep_one
        runs.append((a, b, removed))
        at = b
    out.append(kept[at:])
    text = "".join(out)

    def clean_offset(raw_pos: int) -> int:
        k = kept_offset(raw_pos)
        i = bisect_right(runs, (k, _BIG, 0)) - 1
        if i < 0:
            return min(k, len(text))
        a, b, through = runs[i]
        before = runs[i - 1][2] if i else 0  # removed by the runs before this one
        if k == a:
            return min(k - before, len(text))
        if k < b:  # inside a run of spaces: before any space it leaves
            return min(a - before, len(text))
        return min(k - through, len(text))

    result = CleanText(text, dropped_bold="".join(dropped),
                       line_starts=[(clean_offset(a), line) for a, line in starts])
    result.markers = [Marker(number, clean_offset(pos), _line_at(starts, pos))
                      for pos, number in found]
    result.bold = [(clean_offset(a), clean_offset(b)) for a, b in bold_raw]
    return result


# ------------------------------------------------------------------ records

@dataclass
class Extracted:
    title: str
    clauses: list[Clause]
    footnotes: list[Footnote]
    refs: list[FootnoteRef]
    dropped_bold: str
    bold_factor: int | None
    diagnostics: list[Diagnostic]


@dataclass
class _Read:
    """What one paragraph gave, and the marker state before it (to read the
    text again from that paragraph on)."""

    clause: Clause
    refs: list[FootnoteRef]
    dropped_bold: str
    diagnostics: list[Diagnostic]
    held: list[HeldNumber]
    highest_before: int
    words_before: dict[int, str]


def extract(path: str, paragraphs: list[Paragraph], raw_footnotes: list[RawFootnote],
            title: str, enacting_line: str, lang: ModuleType = zh) -> Extracted:
    """Clauses, footnotes and markers. A number after a word that takes a
    number ("Goals 6", "目标 4") is read as part of the name, as is a number
    in a context that makes it text ("Gulf1 (") or the end of a longer
    number ("Agenda 216"); but where it could be the next marker, its
    footnote stands at the foot of the page below it, and no other marker
    in the whole text points to that footnote, it is the footnote's marker
    (a superscript that lost its height): the text is read again, from that
    paragraph on, with it taken as one. A number standing apart goes before
    the end of a longer one, and a single candidate only is taken."""
    starts = [p.lines[0].text.strip() for p in paragraphs if p.lines]
    factor = bold_factor(enacting_line, starts, lang)
    state = MarkerState(frozenset(f.number for f in raw_footnotes))
    forced: dict[int, frozenset[int]] = {}
    reads: list[_Read] = []
    again = 0  # index of the first paragraph to read (again)
    while True:
        if again < len(reads):
            state.highest = reads[again].highest_before
            state.word_before = dict(reads[again].words_before)
            del reads[again:]
        for index in range(again, len(paragraphs)):
            reads.append(_read(path, paragraphs[index], index + 1, factor, state, lang,
                               forced.get(index, frozenset())))
        referenced = {r.footnote_number for read in reads for r in read.refs}
        notes = {f.number: f for f in raw_footnotes if f.number not in referenced}
        candidates: dict[int, list[tuple[int, HeldNumber]]] = {}
        for index, read in enumerate(reads):
            for n in read.held:
                if n.number in notes and n.line <= notes[n.number].number_line:
                    candidates.setdefault(n.number, []).append((index, n))
        more = []
        for found in candidates.values():
            # A number standing apart is a likelier marker than the end of
            # a longer one; of either, only a single one is taken.
            apart = [c for c in found if not c[1].tail]
            (index, n), *others = apart or found
            if not others and n.raw_offset not in forced.get(index, ()):
                more.append((index, n.raw_offset))
        if not more:
            break
        for index, offset in more:
            forced[index] = forced.get(index, frozenset()) | {offset}
        again = min(index for index, _ in more)

    diagnostics = [d for read in reads for d in read.diagnostics]
    refs = [r for read in reads for r in read.refs]
    footnotes = []
    for raw in raw_footnotes:
        clean = build_clean_text(raw.lines, lang=lang)
        numbers = [raw.number_line] + [l.number for l in raw.lines]
        footnotes.append(Footnote(raw.number, clean.text, min(numbers), max(numbers),
                                  tuple(clean.line_starts)))

    referenced = {r.footnote_number for r in refs}
    for f in footnotes:
        if f.number not in referenced:
            diagnostics.append(Diagnostic(path, f.line_start, f"footnote {f.number} is never "
                                          "referenced by a marker in the text"))
    title_clean = build_clean_text([Line(0, title)], factor=factor, lang=lang).text
    return Extracted(title_clean, [read.clause for read in reads], footnotes, refs,
                     "".join(read.dropped_bold for read in reads), factor, diagnostics)


def _read(path: str, p: Paragraph, ordinal: int, factor: int | None, state: MarkerState,
          lang: ModuleType, forced: frozenset[int]) -> _Read:
    """One paragraph's clause and markers; `state` goes on to the next."""
    highest, words = state.highest, dict(state.word_before)
    diagnostics: list[Diagnostic] = []
    held: list[HeldNumber] = []
    clean = build_clean_text(p.lines, factor=factor, markers=state, path=path,
                             diagnostics=diagnostics, lang=lang, forced=forced, held=held)
    numbers = [l.number for l in p.lines]
    clause = Clause(
        clause_id=p.clause_id, section=p.section, level=p.level, parent_id=p.parent_id,
        label=p.label, ordinal=ordinal,
        # Sub-paragraphs and items continue their paragraph's sentence: only
        # paragraphs open with a leading phrase, unless the print made one
        # bold; headings have none, nor do the paragraphs of a text the
        # resolution adopts or quotes, nor the numbered paragraphs of an
        # annex (they are not its own clauses: the XML corpus marks a phrase
        # on 9 of 2,550 English and 0 of 2,350 Chinese ones; the unnumbered
        # preamble of an annexed text does open with phrases).
        leading_phrase=None if p.kind == "heading" else leading_phrase(
            clean.text, clean.bold, lang=lang,
            vocabulary=p.level == 1 and not p.adopted
            and not (p.section == "annex" and p.kind == "paragraph")),
        text=clean.text, line_start=min(numbers), line_end=max(numbers),
        kind=p.kind, line_starts=tuple(clean.line_starts))
    refs = [FootnoteRef(p.clause_id, m.number, m.offset, m.line) for m in clean.markers]
    return _Read(clause, refs, clean.dropped_bold, diagnostics, held, highest, words)
