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
number that opens an entry is always known in advance. An entry runs until
its text ends with the full stop every footnote ends with; the block ends at
the first line after a finished entry that is not the next entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import Diagnostic
from .lang import zh as lang
from .text import indent

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


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line of the source file
    text: str
    after_break: bool = False  # a footnote block or page furniture stood just before it


@dataclass
class RawFootnote:
    number: int
    number_line: int
    lines: list[Line] = field(default_factory=list)  # text lines, number removed

    @property
    def finished(self) -> bool:
        return bool(self.lines) and self.lines[-1].text.rstrip().endswith(lang.FOOTNOTE_END)


@dataclass(frozen=True)
class DiscardedLine:
    line: int
    kind: str  # page_header | page_footer | separator | hyperlink
    text: str


@dataclass
class Layout:
    body: list[Line]
    footnotes: list[RawFootnote]
    discarded: list[DiscardedLine]
    diagnostics: list[Diagnostic]


def page_furniture(text: str, symbol: str | None, title: str | None) -> str | None:
    """'page_header' / 'page_footer' if the line is page furniture, else None."""
    s = text.strip()
    if not s or ("/" not in s and "-" not in s and "*" not in s):
        return None  # every kind of furniture has one of these
    s = re.sub(r"\s+", " ", s)
    if _FURNITURE.match(s):
        return "page_footer"
    if symbol:
        # Running header: the document's own symbol, alone or beside its title.
        at = s.upper().find(symbol.upper())
        if at >= 0:
            rest = (s[:at] + s[at + len(symbol):]).replace(" ", "")
            short_title = (title or "").replace(" ", "")
            if not rest or rest == short_title or (len(rest) >= 4 and short_title.startswith(rest)):
                return "page_header"
    return None


def _is_separator(text: str) -> bool:
    return bool(_RULE.match(text)) or (not text.strip() and len(text) >= _SPACE_RULE_MIN)


def clean_layout(path: str, lines: tuple[str, ...], symbol: str | None,
                 title: str | None) -> Layout:
    body: list[Line] = []
    footnotes: list[RawFootnote] = []
    discarded: list[DiscardedLine] = []
    diagnostics: list[Diagnostic] = []

    # What kind of layout line each line is, if any (computed once).
    kinds = [page_furniture(text, symbol, title) or ("hyperlink" if _HYPERLINK.match(text)
                                                     else None) for text in lines]

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
        return bool(m) and int(m.group(1)) == len(footnotes) + 1

    i = 0
    interrupted = False  # a page break (footnote block, furniture) since the last body line
    while i < len(lines):
        text = lines[i]
        if _is_separator(text):
            following = next_content(i + 1)
            pending = footnotes[-1] if footnotes and not footnotes[-1].finished else None
            if opens_entry(following) or (pending is not None and following is not None):
                if text.strip():
                    discarded.append(DiscardedLine(i + 1, "separator", text))
                i = _read_block(lines, i + 1, footnotes, skip_layout_line, pending)
                interrupted = True
                continue
            if text.strip():
                discarded.append(DiscardedLine(i + 1, "separator", text))
            i += 1
            continue
        if not text.strip():
            i += 1
            continue
        if skip_layout_line(i):
            interrupted = True
            i += 1
            continue
        body.append(Line(i + 1, text, interrupted))
        interrupted = False
        i += 1

    for note in footnotes:
        if not note.lines:
            diagnostics.append(Diagnostic(path, note.number_line,
                                          f"footnote {note.number} has no text"))
        elif not note.finished:
            diagnostics.append(Diagnostic(
                path, note.lines[-1].number,
                f"footnote {note.number} does not end with '{lang.FOOTNOTE_END}'; "
                "expected its text to end with a full stop"))
    return Layout(body, footnotes, discarded, diagnostics)


def _read_block(lines, i, footnotes, skip_layout_line, pending) -> int:
    """Read footnote entries from line index i; return the index after the block."""
    current = pending
    while i < len(lines):
        text = lines[i]
        if not text.strip() or skip_layout_line(i):
            i += 1
            continue
        m = _ENTRY.match(text)
        if m and int(m.group(1)) == len(footnotes) + 1:
            current = RawFootnote(int(m.group(1)), i + 1)
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
        break
    return i


def _next_text_line(lines, i, skip_layout_line) -> int | None:
    """The next line with text, recording the layout lines passed on the way."""
    while i < len(lines):
        if lines[i].strip() and not skip_layout_line(i):
            return i
        i += 1
    return None
