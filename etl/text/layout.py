"""Stage 2, clean layout: separate the resolution's own text from what the PDF
page put around it.

Every line of the source ends up in exactly one of three places:
- `body`: the resolution's header, title, paragraphs and closing lines;
- `footnotes`: the numbered entries of the footnote blocks printed at the foot
  of each page, joined across lines and page breaks;
- `discarded`: page furniture (running headers and footers, job numbers),
  footnote separators and hyperlink lines, each kept with its line number so
  that nothing disappears without a trace.
Blank lines carry no characters and are simply skipped.

A footnote block starts at a separator (a rule of underscores, or the rule
rendered as a long run of spaces) that is followed by the next footnote
number: footnotes are numbered 1, 2, 3 ... through the whole document, so the
number that opens an entry is always known in advance. Where the rule is
lost or printed short, the block is known by its entries alone: the next
numbers in turn, each a footnote's text up to its full stop, below the
markers of the page or running into the page break (_block_without_rule).
A line that only looks like the next entry inside an unfinished footnote
("Rio de Janeiro, / 3 – 14 June 1992") is the footnote's text. An entry runs
until its text ends with the full stop every footnote ends with; the block ends at
the first line after a finished entry that is not the next entry, unless that
line and the few after it run straight into the next entry or the page's
furniture: then the entry had a sentence ending at a line end, and those lines
are its next sentences (a footnote sits at the foot of its page, so nothing of
the body comes between it and the page break).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from types import ModuleType

from ..errors import Diagnostic
from ..lang import zh
from ..chars import indent
from .phrases import squeeze

# A footnote separator: a rule of underscores (or dashes), or -- in some
# extractions -- the rule rendered as a long line of spaces.
_RULE = re.compile(r"^\s*[_＿]{5,}\s*$")
_SPACE_RULE_MIN = 20

_HYPERLINK = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)

# Page furniture of UN documents: "5/5 16-21057 (C)", "16-21057 (C) 2/5",
# "16-21057", "2/5", and the bar-coded job number "*1621057*".
_JOB = r"\d{2}-\d{5}\s*(?:\([A-Z]\))?"
_FURNITURE = re.compile(
    rf"^(?:\d+\s*/\s*\d+\s+{_JOB}|{_JOB}\s+\d+\s*/\s*\d+|{_JOB}|\d+\s*/\s*\d+|\*\d{{7,}}\*)$")

# A footnote entry opens with its number, alone on the line or followed by a
# space and the text ("1", " 1 联合国，……"). A paragraph number ("5．") is not one.
_ENTRY = re.compile(r"^\s*(\d{1,3})(?:\s+(\S.*?))?\s*$")


_CLOSING_QUOTES = "”’\"」』"


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line of the source file
    text: str
    after_break: bool = False  # a footnote block or page furniture stood just before it
    after_blank: bool = False  # a blank line stood just before it


@dataclass
class RawFootnote:
    number: int
    number_line: int
    lines: list[Line] = field(default_factory=list)  # text lines, number removed
    end: str = "。"  # the full stop every footnote of this language ends with
    # A full stop that ends an abbreviation ("chap.", "para."), not the entry.
    abbreviation: re.Pattern | None = None

    @property
    def finished(self) -> bool:
        if not self.lines:
            return False
        # The full stop may stand inside closing quotation marks ("... investigation.”").
        last = self.lines[-1].text.rstrip().rstrip(_CLOSING_QUOTES)
        return last.endswith(self.end) and not (self.abbreviation
                                                and self.abbreviation.search(last))


@dataclass(frozen=True)
class DiscardedLine:
    line: int
    kind: str  # page_header | page_footer | separator | hyperlink | empty_footnote |
               # masthead | no_text (etl.text.segment) | invalid_row (etl.text.guard)
    text: str


@dataclass
class Layout:
    body: list[Line]
    footnotes: list[RawFootnote]
    discarded: list[DiscardedLine]
    diagnostics: list[Diagnostic]
    # Are there blank lines between body lines at all? (Whether they separate
    # paragraphs is for the segmenter to judge.)
    blank_lines_separate: bool = False


def page_furniture(text: str, symbol: str | None, title: str | None) -> str | None:
    """'page_header' / 'page_footer' if the line is page furniture, else None."""
    s = text.strip()
    if not s or ("/" not in s and "-" not in s and "*" not in s):
        return None  # every kind of furniture has one of these
    s = " ".join(s.split())
    if _FURNITURE.match(s):
        return "page_footer"
    if symbol:
        # Running header: the document's own symbol, alone or beside its title
        # (spaces inside the symbol do not count: "A/RES/74/260 B").
        flat = s.replace(" ", "")
        at = flat.upper().find(symbol.upper())
        if at >= 0:
            rest = flat[:at] + flat[at + len(symbol):]
            short_title = (title or "").replace(" ", "")
            if not rest or rest == short_title or (len(rest) >= 4 and short_title.startswith(rest)):
                return "page_header"
    return None


def _is_separator(text: str) -> bool:
    return bool(_RULE.match(text)) or (not text.strip() and len(text) >= _SPACE_RULE_MIN)


# The highest number the first footnote of a text may carry (see _is_next_number).
_FIRST_MAX = 300
_HEADER_REACH = 3  # lines between a running header's symbol and its title lines
_SHORT_TITLE = 20  # characters of a title a running header may cut it down to


def _title_fragments(lines, kinds, title: str | None, title_span: range) -> None:
    """Mark the lines of a running header's title: a title too long for one
    header line wraps ("United against racism, ... and" / "related
    intolerance"). Consecutive lines are the header's title when together
    they print the whole title (or a long start of it, where the header cuts
    it short) and they stand next to the document's symbol."""
    flat_title = squeeze(title or "")
    if len(flat_title) < 4:
        return
    flat = {i: squeeze(text) for i, text in enumerate(lines)
            if not kinds[i] and text.strip() and i not in title_span}
    pieces = [i for i, f in flat.items() if f in flat_title]
    # Runs of consecutive pieces (blank lines between them do not count).
    runs: list[list[int]] = []
    for i in pieces:
        if runs and all(not lines[j].strip() for j in range(runs[-1][-1] + 1, i)):
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        for a in range(len(run)):
            for b in range(len(run), a, -1):
                joined = "".join(flat[i] for i in run[a:b])
                whole = joined == flat_title or (len(joined) >= _SHORT_TITLE
                                                 and flat_title.startswith(joined))
                reach = range(max(0, run[a] - _HEADER_REACH - 2),
                              min(len(lines), run[b - 1] + _HEADER_REACH + 3))
                if whole and any(kinds[j] == "page_header" for j in reach):
                    for i in run[a:b]:
                        kinds[i] = "page_header"
                    break
            else:
                continue
            break


_PAGE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*/\s*(\d{1,3})\s*$")


def _lone_page_numbers(lines, kinds) -> None:
    """A line "k/N" alone is a page number only where the evidence says so:
    k <= N, and the same N on another page or other furniture next to it.
    Otherwise it is text ("31/37", a resolution number wrapped onto its own line)."""
    found = [(i, m) for i, text in enumerate(lines) if kinds[i] == "page_footer"
             and (m := _PAGE_NUMBER.match(text))]
    totals = Counter(m.group(2) for _, m in found)
    for i, m in found:
        if int(m.group(1)) > int(m.group(2)):
            kinds[i] = None
            continue
        near = range(max(0, i - _HEADER_REACH), min(len(lines), i + _HEADER_REACH + 1))
        if totals[m.group(2)] < 2 and not any(kinds[j] and j != i for j in near):
            kinds[i] = None


def clean_layout(path: str, lines: tuple[str, ...], symbol: str | None,
                 title: str | None, lang: ModuleType = zh,
                 title_span: range = range(0)) -> Layout:
    """`title_span`: the indexes of the lines the title itself is printed on,
    which are text even where they stand near page furniture."""
    body: list[Line] = []
    footnotes: list[RawFootnote] = []
    discarded: list[DiscardedLine] = []
    diagnostics: list[Diagnostic] = []

    # What kind of layout line each line is, if any (computed once).
    kinds = [page_furniture(text, symbol, title) or ("hyperlink" if _HYPERLINK.match(text)
                                                     else None) for text in lines]
    _title_fragments(lines, kinds, title, title_span)
    _lone_page_numbers(lines, kinds)

    def skip_layout_line(i: int) -> bool:
        """Record page furniture and hyperlinks; True if line i was one."""
        if kinds[i]:
            discarded.append(DiscardedLine(i + 1, kinds[i], lines[i]))
            return True
        return False

    def next_content(i: int) -> int | None:
        """Index of the next line with text that is not a layout line."""
        while i < len(lines):
            if lines[i].strip() and not kinds[i]:
                return i
            i += 1
        return None

    def opens_entry(i: int | None) -> bool:
        if i is None:
            return False
        m = _ENTRY.match(lines[i])
        return bool(m) and _is_next_number(int(m.group(1)), footnotes)

    i = 0
    interrupted = False  # a page break (footnote block, furniture) since the last body line
    blank = False        # a blank line since the last body line
    printed: list[str] = []  # body lines since the last footnote block: where its markers stand
    while i < len(lines):
        text = lines[i]
        ruled = _is_separator(text)
        # Or the block's first entry, where no rule stands before it.
        unruled = not ruled and text.strip() and not kinds[i] and opens_entry(i) \
            and _block_without_rule(lines, i, footnotes, printed, lang, lambda j: bool(kinds[j]))
        if ruled or unruled:
            following = next_content(i + 1) if ruled else i
            pending = footnotes[-1] if ruled and footnotes and not footnotes[-1].finished \
                else None
            if opens_entry(following) or (pending is not None and following is not None):
                if ruled and text.strip():
                    discarded.append(DiscardedLine(i + 1, "separator", text))
                i = _read_block(lines, i + 1 if ruled else i, footnotes, skip_layout_line,
                                pending, lang, is_layout=lambda j: bool(kinds[j]))
                interrupted = True
                printed.clear()
                continue
            if text.strip():
                discarded.append(DiscardedLine(i + 1, "separator", text))
            i += 1
            continue
        if not text.strip():
            blank = True
            i += 1
            continue
        if skip_layout_line(i):
            interrupted = True
            i += 1
            continue
        body.append(Line(i + 1, text, interrupted, blank))
        printed.append(text)
        interrupted = blank = False
        i += 1

    for note in footnotes:
        if not note.lines:
            # A number with nothing after it (a file cut short): no footnote
            # row can be made of it, and markers of its number stay text.
            diagnostics.append(Diagnostic(path, note.number_line,
                                          f"footnote {note.number} has no text; its number "
                                          "line is set aside"))
            discarded.append(DiscardedLine(note.number_line, "empty_footnote",
                                           lines[note.number_line - 1]))
        elif not note.finished:
            diagnostics.append(Diagnostic(
                path, note.lines[-1].number,
                f"footnote {note.number} does not end with '{lang.FOOTNOTE_END}'; "
                "expected its text to end with a full stop"))
    return Layout(body, [note for note in footnotes if note.lines], discarded, diagnostics,
                  blank_lines_separate=any(line.after_blank for line in body))


# How many lines one footnote may take in a block without a rule before it.
_MAX_ENTRY_LINES = 30
# A note this short may lack its full stop (the next entry ends it).
_SHORT_ENTRY_LINES = 2
# A paragraph's own number ("5.", "5．"): a line that opens a paragraph.
_PARAGRAPH_NUMBER = re.compile(r"^\s*\d{1,3}\s*[.．](?!\d)")
_MARKER_ALONE = re.compile(r"^\s*\d{1,3}\s*$")
# A group of thousands after a number that opens a line: "16 199 400".
_THOUSANDS = re.compile(r"^\d{3}(?!\d)")


def _block_without_rule(lines, i, footnotes, printed: list[str], lang: ModuleType,
                        is_layout) -> bool:
    """Does a footnote block start at line i though no rule stands before it
    (an extraction that lost the rule, or printed it as a short run of
    spaces)? The block is known by what a block is, not by a line's length:
    the footnotes of a page follow the page's text, so the marker of the
    first one has been printed since the last block (or else the entries
    run into the page break); its entries are the
    next numbers in turn, each a footnote's text ending with the full stop
    every footnote ends with, none going on with its number as running text
    ("3 June 2020", "3 至 5 段") or opening like a numbered paragraph."""
    m = _ENTRY.match(lines[i])
    number = int(m.group(1))
    marked = any(_marks(line, number, lang) for line in printed)
    entries = 0
    while i < len(lines):
        m = _ENTRY.match(lines[i])
        if m is None or int(m.group(1)) != number:
            break
        rest, j = m.group(2), i
        if rest is None:  # the number alone: its text is on the next line with text
            j = next((k for k in range(i + 1, len(lines)) if lines[k].strip()), None)
            if j is None or is_layout(j) or _ENTRY.match(lines[j]):
                return False
            rest = lines[j].strip()
        if lang.continues_number(rest) or _PARAGRAPH_NUMBER.match(rest) \
                or _THOUSANDS.match(rest) or _opened_again(lines, i, number, lang, is_layout):
            return False
        note = RawFootnote(number, i + 1, [Line(j + 1, rest)], end=lang.FOOTNOTE_END,
                           abbreviation=getattr(lang, "ABBREVIATION_END", None))
        j += 1
        next_entry = False
        while not note.finished and j < len(lines) and len(note.lines) < _MAX_ENTRY_LINES:
            text = lines[j]
            if text.strip():
                following = _ENTRY.match(text)
                next_entry = bool(following) and int(following.group(1)) == number + 1 \
                    and not (following.group(2) and lang.continues_number(following.group(2)))
                if is_layout(j) or _is_separator(text) or indent(text) != 0 or next_entry:
                    break
                if _PARAGRAPH_NUMBER.match(text):
                    return False  # a footnote holds no numbered paragraph
                note.lines.append(Line(j + 1, text))
            j += 1
        # An entry ends with its full stop, or (where the print forgot it, in
        # a short note: "Adopted under the UNFCCC in FCCC/CP/2015/10/Add.1")
        # where the next entry begins.
        if not (note.finished or next_entry and len(note.lines) <= _SHORT_ENTRY_LINES):
            return False
        entries += 1
        number += 1
        i = next((k for k in range(j, len(lines)) if lines[k].strip()), len(lines))
    # Where no marker was seen (one the text cannot tell from a number, as in
    # "Protocol I4"), the page break right after the entries says they were
    # the notes at the page's foot.
    return entries > 0 and (marked or i == len(lines) or is_layout(i))


def _opened_again(lines, i, number: int, lang: ModuleType, is_layout) -> bool:
    """Does a later line of the same page open entry `number` again? A number
    opens one entry only: the first was a marker moved to a line's start
    ("Strategy, / 3  including through")."""
    for j in range(i + 1, min(len(lines), i + _BLOCK_REACH)):
        if is_layout(j) or _is_separator(lines[j]):
            return False
        again = _ENTRY.match(lines[j])
        if again and int(again.group(1)) == number \
                and not (again.group(2) and lang.continues_number(again.group(2))):
            return True
    return False


def _marks(line: str, number: int, lang: ModuleType) -> bool:
    """Does the body line print `number` where a footnote marker may stand?"""
    if str(number) not in line:
        return False
    if _MARKER_ALONE.match(line):
        return int(line) == number
    spans = [m.span() for m in lang.MARKER_CANDIDATE.finditer(line)]
    year = getattr(lang, "YEAR_MARKER", None)
    if year is not None:
        spans += [m.span(1) for m in year.finditer(line)]
    return any(int(line[a:b]) == number and lang.marker_context(line, a, b) for a, b in spans)


def _is_next_number(number: int, footnotes: list[RawFootnote]) -> bool:
    """Footnotes are numbered on through the document; the first may be any
    number, since a resolution in several parts (74/260 B) numbers its
    footnotes on from the part before it."""
    return number == footnotes[-1].number + 1 if footnotes else 1 <= number <= _FIRST_MAX


# How many lines a footnote's further sentences may take after a line that
# ended with a full stop; a longer run is body text after the block.
_MAX_MORE_SENTENCE_LINES = 8


def _further_sentences(lines, i, footnotes, is_layout) -> int:
    """How many lines from index i are further sentences of the last
    (finished) footnote: lines at the left margin that run, with only blank
    lines between them, into the next footnote entry, the page's furniture or
    the end of the text. 0 if they do not."""
    taken = 0
    while i < len(lines):
        text = lines[i]
        if not text.strip():
            i += 1
            continue
        if is_layout(i):
            return taken
        m = _ENTRY.match(text)
        if m:  # an entry: the next one closes the run, any other is not text of ours
            return taken if _is_next_number(int(m.group(1)), footnotes) else 0
        if _is_separator(text) or indent(text) != 0 or taken == _MAX_MORE_SENTENCE_LINES:
            return 0
        taken += 1
        i += 1
    return taken


def _read_block(lines, i, footnotes, skip_layout_line, pending, lang: ModuleType,
                is_layout=lambda j: False) -> int:
    """Read footnote entries from line index i; return the index after the block."""
    current = pending
    while i < len(lines):
        text = lines[i]
        if current is not None and current.lines and not current.finished \
                and _HYPERLINK.match(text):
            # An address the footnote prints ("Available at ⏎ www.un.org/...").
            current.lines.append(Line(i + 1, text))
            i += 1
            continue
        if not text.strip() or skip_layout_line(i):
            i += 1
            continue
        m = _ENTRY.match(text)
        if m and _is_next_number(int(m.group(1)), footnotes) \
                and not _wrapped_number(lines, i, m, current, lang, is_layout):
            current = RawFootnote(int(m.group(1)), i + 1, end=lang.FOOTNOTE_END,
                                  abbreviation=getattr(lang, "ABBREVIATION_END", None))
            footnotes.append(current)
            if m.group(2):
                current.lines.append(Line(i + 1, m.group(2)))
            elif (j := _next_text_line(lines, i + 1, skip_layout_line)) is not None:
                # The number stood alone: the next line with text is the entry's text.
                current.lines.append(Line(j + 1, lines[j]))
                i = j
            i += 1
            continue
        if current is not None and not current.finished and (
                not current.lines or indent(text) == 0 or current is pending):
            current.lines.append(Line(i + 1, text))
            pending = None  # a carried-over entry takes only its first continuation freely
            i += 1
            continue
        if current is not None and current.finished and current.lines \
                and not any(lines[j].strip() for j in range(current.lines[-1].number, i)) \
                and _further_sentences(lines, i, footnotes, is_layout):
            # Only blank lines since the entry's last line: no page break between.
            current.lines.append(Line(i + 1, text))
            i += 1
            continue
        break
    return i


# How far a footnote block may reach: the notes of one page.
_BLOCK_REACH = 40


def _wrapped_number(lines, i, m: re.Match, current: RawFootnote | None, lang: ModuleType,
                    is_layout) -> bool:
    """Is line i, which opens like the next entry ("3 ..."), rather a wrapped
    line of the entry before it? Only while that entry is unfinished (its
    text has not reached its full stop), and only on evidence: the line goes
    on with the number as running text does ("Rio de Janeiro, / 3 – 14 June
    1992"), or a later line of the same block opens that entry number again
    (a number opens one entry only)."""
    if current is None or not current.lines or current.finished:
        return False
    if m.group(2) and lang.continues_number(m.group(2)):
        return True
    return _opened_again(lines, i, int(m.group(1)), lang, is_layout)


def _next_text_line(lines, i, skip_layout_line) -> int | None:
    """The next line with text, recording the layout lines passed on the way."""
    while i < len(lines):
        if lines[i].strip() and not skip_layout_line(i):
            return i
        i += 1
    return None
