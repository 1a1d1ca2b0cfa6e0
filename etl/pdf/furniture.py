"""Stage 3, page furniture and the footnote zone: which lines are text.

Every page of an official document prints, besides its text:
- a running header (the symbol and a short title), above a rule across the
  text at the top of the page, or alone in the top margin;
- a footer (the job number, "2/7", on the first page the job number and its
  bar code), alone in the bottom margin, below a gap;
- the page's footnotes, below a separator (a short rule, drawn or printed
  as a row of underscores) at the page foot, in smaller type; each footnote
  opens with its number as a superscript; a footnote that does not fit runs
  on at the foot of the next page, without a number.
Furniture is known by position (the top and bottom margins, the rules) and
checked by type size; it is set aside, counted and listed. Footnotes are
gathered in order, across pages.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .lines import Line
from .spans import Page

# The running header and footer stand in these shares of the page at its top and foot.
_TOP_BAND = 0.13
_BOTTOM_BAND = 0.08
# A footer stands apart from the text above it: a gap of this many times that text's size.
_FOOTER_GAP = 2.0
# A separator printed as text: a row of underscores.
_UNDERSCORES = re.compile(r"^_{5,}$")
# A rule across the text (a running header's) spans at least this share of the page width.
_WIDE_RULE = 0.6
# A footnote separator is short.
_SHORT_RULE = 0.45


@dataclass(slots=True)
class RawNote:
    """A footnote as printed: its number (a superscript) and its lines."""
    number: int
    lines: list[Line] = field(default_factory=list)


@dataclass(slots=True)
class Zones:
    body: list[Line]                      # the text, in reading order
    furniture: list[tuple[str, Line]]     # (kind, line) set aside
    notes: list[RawNote]
    note_lines: list[Line]                # every line of the footnote zones
    body_size: float


def body_size(pages_lines: list[list[Line]]) -> float:
    """The size of most of the document's characters: the text's size."""
    sizes: Counter = Counter()
    for lines in pages_lines:
        for line in lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def zones(pages: list[Page], pages_lines: list[list[Line]]) -> Zones:
    size = body_size(pages_lines)
    body: list[Line] = []
    furniture: list[tuple[str, Line]] = []
    zone_lines: list[Line] = []
    for page, lines in zip(pages, pages_lines):
        header = _header_count(page, lines, size)
        furniture += [("running_header", l) for l in lines[:header]]
        lines = lines[header:]
        separator = _separator(page, lines, size)
        if separator is None:
            footer = _footer_start(page, lines, 0)
            body += lines[:footer]
        else:
            at, printed = separator
            body += lines[:at]
            if printed:
                furniture.append(("footnote_separator", lines[at]))
                at += 1
            footer = _footer_start(page, lines, at)
            zone_lines += lines[at:footer]
        furniture += [("footer", l) for l in lines[footer:]]
    return Zones(body, furniture, _notes(zone_lines), zone_lines, size)


def _header_count(page: Page, lines: list[Line], size: float) -> int:
    """How many of the page's first lines are its running header. The first
    page prints the masthead instead, which the header of the text reads."""
    if page.number == 1 or not lines:
        return 0
    band = page.height * _TOP_BAND
    rule = min((y for y, width in _rule_widths(page) if y <= band
                and width >= _WIDE_RULE * page.width), default=None)
    if rule is not None:
        return sum(1 for l in lines if l.baseline < rule)
    # The lines of smaller type than the text in the top margin, before the
    # text and set close together (a table's column headings may stand in the
    # margin too, below a gap).
    count = 0
    for i, line in enumerate(lines):
        if line.baseline > band or line.size >= size * 0.95:
            break
        if i and line.baseline - lines[i - 1].baseline > _FOOTER_GAP * lines[i - 1].size:
            break
        count = i + 1
    return count


def _rule_widths(page: Page) -> list[tuple[float, float]]:
    """(y, width) of the page's horizontal rules, pieces drawn end to end on one
    line taken together (a rule across the page is often drawn in segments)."""
    return [(y, x1 - x0) for y, x0, x1 in _joined_rules(page)]


def _joined_rules(page: Page) -> list[tuple[float, float, float]]:
    out: list[tuple[float, float, float]] = []      # (y, x0, x1)
    for r in sorted(page.rules, key=lambda r: (round(r.y), r.x0)):
        if out and abs(out[-1][0] - r.y) <= 1 and r.x0 <= out[-1][2] + 2:
            y, x0, x1 = out[-1]
            out[-1] = (y, x0, max(x1, r.x1))
        else:
            out.append((r.y, r.x0, r.x1))
    return out


def _footer_start(page: Page, lines: list[Line], begin: int) -> int:
    """Index of the first footer line: the first line in the bottom margin that
    stands apart from the line above it (a gap of twice that line's size)."""
    band = page.height * (1 - _BOTTOM_BAND)
    for i in range(begin, len(lines)):
        line = lines[i]
        if line.baseline < band:
            continue
        above = lines[i - 1] if i else None
        if above is None or line.baseline - above.baseline >= _FOOTER_GAP * above.size:
            return i
    return len(lines)


def _separator(page: Page, lines: list[Line], size: float):
    """Where the footnote zone starts: (index of the separator line, True) when
    it is printed as underscores, (index of the first line below a drawn rule,
    False); None when the page has no footnotes. Below it every line is in
    smaller type than the text."""
    for i, line in enumerate(lines):
        if _UNDERSCORES.match(line.text) and _small_below(lines[i + 1:], size):
            return i, True
    # A rule drawn in pieces end to end (a table's, cell by cell) is as wide as
    # its pieces together; a separator starts where the text starts (a short
    # rule further right is a table's, under a heading that spans columns).
    left = min((l.x0 for l in lines), default=0.0)
    for y, x0, x1 in _joined_rules(page):
        if x1 - x0 > _SHORT_RULE * page.width or y < page.height * 0.3 or x0 > left + size:
            continue
        below = [i for i, l in enumerate(lines) if l.top >= y - 1]
        if below and _small_below(lines[below[0]:], size):
            return below[0], False
    return None


def _small_below(lines: list[Line], size: float) -> bool:
    """The first line below the separator is in smaller type than the text."""
    return bool(lines) and lines[0].size < size * 0.95


def _notes(lines: list[Line]) -> list[RawNote]:
    """Footnotes from the zone lines of every page: a line opening with a
    superscript number opens a footnote; any other line continues the last one
    (a footnote runs on at the foot of the next page)."""
    notes: list[RawNote] = []
    for line in lines:
        first = line.runs[0] if line.runs else None
        label = first.text.strip() if first is not None and first.sup else ""
        if label.isdigit():
            notes.append(RawNote(int(label), [line]))
        elif notes:
            notes[-1].lines.append(line)
        else:
            notes.append(RawNote(0, [line]))   # text before any number: reported
    return notes
