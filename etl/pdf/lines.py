"""Stage 2, lines: the spans of a page into printed lines, in reading order.

A printed line is the spans that share a baseline. A span set smaller than
the text of the line just below it and raised above that line's baseline is
a superscript of that line: a footnote marker ("…Development¹ 2015"), never
text. One smaller and lowered below the line above is a subscript ("CO₂"):
text. That is the evidence of the page itself; no number is ever taken for a
marker because of what it says.

Each line keeps its runs (text, box, size, style) and its text with the runs
joined: a space where the print leaves a gap and neither side has one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .spans import Page, Span

# A span on the same line: baselines within this share of its size.
_SAME_BASELINE = 0.2
# A superscript (or subscript) is at most this share of its line's size ...
_SMALL = 0.82
# ... and its baseline within this share of that size above (below) the line's.
_RAISE = 0.65
# A gap between two runs wider than this share of the size is a space.
_SPACE_GAP = 0.15
# A gap wider than this many times the size is a tab (between a number and its title).
_TAB = 1.5
# The width of a space in the fonts of official documents (Times: 0.25 em).
_SPACE_WIDTH = 0.25


@dataclass(slots=True)
class Run:
    text: str
    x0: float
    x1: float
    size: float
    bold: bool
    italic: bool
    sup: bool = False       # a superscript: a footnote marker
    font: str = ""
    start: int = 0          # offset of the run's text in the line's text
    end: int = 0


@dataclass(slots=True)
class Line:
    page: int
    baseline: float
    top: float
    bottom: float
    x0: float               # where the first character stands
    x1: float
    size: float             # the size of most of its (non-superscript) characters
    runs: list[Run]
    text: str = ""
    number: int = 0         # 1-based, in reading order through the document
    space_after: bool = False   # the print puts a space after its last character
    tabs: tuple[int, ...] = ()  # offsets in the text where the print leaves a tab's gap

    bold: bool = False       # every character (markers aside) is bold
    italic: bool = False     # every character (markers aside) is italic
    table: int = 0           # the table (or table note) the line is a piece of; 0 in the text
    table_note: bool = False  # the line is a note's under the table

    @property
    def markers(self) -> list[Run]:
        return [r for r in self.runs if r.sup]


@dataclass(slots=True)
class _Row:
    baseline: float
    size: float
    spans: list[Span] = field(default_factory=list)
    sups: list[Span] = field(default_factory=list)
    subs: list[Span] = field(default_factory=list)


def page_lines(page: Page) -> list[Line]:
    """The printed lines of a page, top to bottom."""
    rows: list[_Row] = []
    for span in sorted(page.spans, key=lambda s: (s.baseline, s.x0)):
        row = rows[-1] if rows else None
        if row is not None and abs(span.baseline - row.baseline) <= _SAME_BASELINE * min(
                span.size, row.size):
            row.spans.append(span)
            if span.size > row.size:
                row.size, row.baseline = span.size, span.baseline
            continue
        rows.append(_Row(span.baseline, span.size, [span]))
    rows = _attach_scripts(rows)
    return [_line(page.number, row) for row in rows]


def _attach_scripts(rows: list[_Row]) -> list[_Row]:
    """Rows of small type just above (below) a line of larger type join it as
    superscripts (subscripts)."""
    kept: list[_Row] = []
    for i, row in enumerate(rows):
        below = rows[i + 1] if i + 1 < len(rows) else None
        if below is not None and row.size <= _SMALL * below.size \
                and 0 < below.baseline - row.baseline <= _RAISE * below.size \
                and _overlaps(row, below):
            below.sups.extend(row.spans)
            continue
        above = kept[-1] if kept else None
        if above is not None and row.size <= _SMALL * above.size \
                and 0 < row.baseline - above.baseline <= 0.4 * above.size \
                and _overlaps(row, above):
            above.subs.extend(row.spans)
            continue
        kept.append(row)
    return kept


def _overlaps(small: _Row, line: _Row) -> bool:
    """The small row stands within the line's horizontal extent (a marker at
    the end of a line may stand just past its last character)."""
    left = min(s.x0 for s in line.spans) - 2 * line.size
    right = max(s.x1 for s in line.spans) + 2 * line.size
    return all(left <= s.x0 and s.x1 <= right for s in small.spans)


def _line(page: int, row: _Row) -> Line:
    runs = [Run(s.text, s.x0, s.x1, s.size, s.bold, s.italic, False, s.font) for s in row.spans]
    if row.sups or row.subs:
        runs += [Run(s.text, s.x0, s.x1, s.size, s.bold, s.italic, True, s.font)
                 for s in row.sups]
        runs += [Run(s.text, s.x0, s.x1, s.size, s.bold, s.italic, False, s.font)
                 for s in row.subs]
    if len(runs) > 1:
        runs.sort(key=lambda r: r.x0)
    # Join the runs: a space where the print leaves a gap and neither side has one.
    parts: list[str] = []
    at = 0
    previous: Run | None = None
    sizes: dict[float, int] = {}
    tabs: list[int] = []
    bold = italic = True
    last_own: Run | None = None
    for run in runs:
        text = run.text
        if previous is not None and not parts[-1][-1].isspace() and not text[0].isspace():
            gap = run.x0 - previous.x1
            if gap > _SPACE_GAP * (run.size if run.size > previous.size else previous.size):
                parts.append(" ")
                at += 1
        run.start = at
        parts.append(text)
        at += len(text)
        run.end = at
        previous = run
        if not run.sup:
            key = round(run.size, 1)
            sizes[key] = sizes.get(key, 0) + len(text.strip())
            bold = bold and run.bold
            italic = italic and run.italic
            if last_own is not None and run.x0 - last_own.x1 > _TAB * run.size:
                tabs.append(run.start)
            last_own = run
    raw = "".join(parts)
    text = raw.strip()
    lead = len(raw) - len(raw.lstrip())
    length = len(text)
    for run in runs:
        if lead:
            run.start = max(run.start - lead, 0)
            run.end = max(run.end - lead, 0)
        if run.end > length:
            run.end = length
        if run.start > run.end:
            run.start = run.end
    first = runs[0]
    x0 = first.x0 + (len(first.text) - len(first.text.lstrip())) * _SPACE_WIDTH * first.size
    size = max(sizes, key=sizes.get) if sizes else row.size
    top = min(s.top for s in row.spans)
    bottom = max(s.bottom for s in row.spans)
    return Line(page, row.baseline, top, bottom, x0, runs[-1].x1, size, runs, text,
                space_after=raw[-1].isspace(), bold=bold, italic=italic,
                tabs=tuple(t - lead for t in tabs if 0 < t - lead < length))
