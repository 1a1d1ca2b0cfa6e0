"""Stage 3b, tables: the lines of a table into one row of text, cell by cell.

The text of a resolution is set in one size; a table in the text (a scale of
assessments, a staffing table, the levels of a peacekeeping scale) is set in
smaller type, in columns, each row of cells on one or more printed lines,
with the notes under it (each opening with its superscript letter, or a
general note such as "Abbreviations: ..."). A table that runs on to the next
page repeats its column headings there.

The XML gives a table as one unnumbered row whose text is its cells in
reading order, row by row, and each note under it as a row of its own. So
does this stage, from what the page shows:
- a table is a run of body lines in type smaller than the text's, at least
  one of which sets two cells apart; it goes on across a page break when the
  page ends in it and the next page's text starts in it;
- a row is the lines set close together (the leading of the table's type);
  the space between rows is wider;
- a cell is a piece of a line set apart from the next piece by a wide gap;
  the pieces of one row that stand over one another (their extents overlap)
  are one column, read top to bottom;
- the column headings repeated at the top of a continuation page are set
  aside (they are in the text once, where the table starts);
- after the last line that has two cells, a line that opens with a
  superscript letter opens a note, and so does a single wide line (wider
  than any cell) such as "Abbreviations: ...".
Every line keeps its number: the cells are pieces of printed lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .lines import Line

# Table type is smaller than this share of the text's size.
_SMALL_TYPE = 0.9
# Two pieces of a line are two cells when the gap between them is wider than
# this many times the type size (a word space is a quarter of it).
_CELL_GAP = 0.8
# Lines of one row stand at most this many times the type size apart (baseline to baseline).
_ROW_LEADING = 1.4


@dataclass
class Tables:
    body: list[Line]                        # the body lines, each table's lines as cells
    repeated: list[Line] = field(default_factory=list)   # column headings printed again


def find_tables(body: list[Line], size: float) -> Tables:
    """The body lines with each table's lines replaced by its cells in reading
    order (every piece marked with the table's number) and its notes (each
    with a number of its own)."""
    out = Tables([])
    runs = _small_runs(body, size)
    at = 0
    number = 0
    for start, end in runs:
        lines = body[start:end]
        if not any(len(_cells(l)) > 1 for l in lines):
            continue            # small type without columns: no table
        out.body += body[at:start]
        at = end
        number += 1
        rows, notes, repeated = _layout(lines)
        out.repeated += repeated
        for row in rows:
            out.body += [replace(piece, table=number) for piece in _reading_order(row)]
        for note in notes:
            number += 1
            out.body += [replace(line, table=number, table_note=True) for line in note]
    out.body += body[at:]
    return out


def _small_runs(body: list[Line], size: float) -> list[tuple[int, int]]:
    """[start, end) of each run of consecutive small-type body lines; a run goes
    on across a page break only from a page's last body line to the next page's
    first."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, line in enumerate(body):
        small = line.size < _SMALL_TYPE * size
        if small and start is not None and line.page != body[i - 1].page \
                and not _last_on_page(body, i - 1):
            runs.append((start, i))
            start = None
        if small and start is None:
            start = i
        elif not small and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(body)))
    return runs


def _last_on_page(body: list[Line], i: int) -> bool:
    return i + 1 >= len(body) or body[i + 1].page != body[i].page


def _layout(lines: list[Line]) -> tuple[list[list[Line]], list[list[Line]], list[Line]]:
    """The table's rows (each a list of its printed lines), its notes (each a
    list of lines) and the repeated column headings."""
    kept, repeated = _without_repeated_headings(lines)
    split = _notes_start(kept)
    return _rows(kept[:split]), _notes(kept[split:]), repeated


def _without_repeated_headings(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The lines without the column headings that a continuation page prints
    again (the lines that open it as they open the table's first page), and
    those headings."""
    pages: list[list[Line]] = []
    for line in lines:
        if pages and pages[-1][0].page == line.page:
            pages[-1].append(line)
        else:
            pages.append([line])
    first = pages[0]
    kept = list(first)
    repeated: list[Line] = []
    for part in pages[1:]:
        n = 0
        while n + 1 < len(first) and n < len(part) and part[n].text == first[n].text:
            n += 1
        repeated += part[:n]
        kept += part[n:]
    return kept, repeated


def _notes_start(lines: list[Line]) -> int:
    """Index of the first note under the table: after the last line with two
    cells, a line that opens with a superscript letter, or a single piece
    wider than any cell of the table."""
    cells = [_cells(l) for l in lines]
    last_cells = max((i for i, c in enumerate(cells) if len(c) > 1), default=-1)
    widest = max((c.x1 - c.x0 for row in cells[:last_cells + 1] if len(row) > 1 for c in row),
                 default=0.0)
    for i in range(last_cells + 1, len(lines)):
        line = lines[i]
        if note_label(line) is not None or (len(cells[i]) == 1
                                             and line.x1 - line.x0 > widest):
            return i
    return len(lines)


def _notes(lines: list[Line]) -> list[list[Line]]:
    """Each note's lines: a superscript letter or a wider space opens a note."""
    notes: list[list[Line]] = []
    for line in lines:
        if not notes or note_label(line) is not None or _new_row(notes[-1][-1], line):
            notes.append([line])
        else:
            notes[-1].append(line)
    return notes


def _rows(lines: list[Line]) -> list[list[Line]]:
    rows: list[list[Line]] = []
    for line in lines:
        if not rows or _new_row(rows[-1][-1], line):
            rows.append([line])
        else:
            rows[-1].append(line)
    return rows


def _new_row(prev: Line, line: Line) -> bool:
    return line.page != prev.page or \
        line.baseline - prev.baseline > _ROW_LEADING * max(line.size, prev.size)


def note_label(line: Line) -> int | None:
    """Characters of a table note's label: the superscript letter (and the
    space after it) that opens the line; None when it opens with none."""
    first = line.runs[0] if line.runs else None
    if first is None or not first.sup or not first.text.strip().isalpha():
        return None
    end = first.end
    while end < len(line.text) and line.text[end].isspace():
        end += 1
    return end


def _cells(line: Line) -> list[Line]:
    """The line's pieces set apart by wide gaps, each as a line of its own."""
    groups: list[list[int]] = []
    for i, run in enumerate(line.runs):
        if groups and (run.sup or run.x0 - line.runs[groups[-1][-1]].x1
                       <= _CELL_GAP * max(run.size, line.size)):
            groups[-1].append(i)
        else:
            groups.append([i])
    if len(groups) == 1:
        return [line]
    return [_piece(line, group) for group in groups]


def _piece(line: Line, indexes: list[int]) -> Line:
    runs = [line.runs[i] for i in indexes]
    a, b = runs[0].start, runs[-1].end
    raw = line.text[a:b]
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    moved = [replace(r, start=min(max(r.start - a - lead, 0), len(text)),
                     end=min(max(r.end - a - lead, 0), len(text))) for r in runs]
    own = [r for r in runs if not r.sup] or runs
    return replace(line, x0=runs[0].x0, x1=runs[-1].x1, runs=moved, text=text,
                   space_after=False, tabs=(), bold=all(r.bold for r in own),
                   italic=all(r.italic for r in own))


def _reading_order(row: list[Line]) -> list[Line]:
    """The cells of one row: columns left to right (pieces whose extents
    overlap are one column), each read top to bottom."""
    pieces = [(line_index, piece) for line_index, line in enumerate(row)
              for piece in _cells(line)]
    pieces.sort(key=lambda p: p[1].x0)
    columns: list[tuple[float, list[tuple[int, Line]]]] = []
    for line_index, piece in pieces:
        if columns and piece.x0 < columns[-1][0]:
            right, members = columns[-1]
            members.append((line_index, piece))
            columns[-1] = (max(right, piece.x1), members)
        else:
            columns.append((piece.x1, [(line_index, piece)]))
    return [piece for _, members in columns
            for _, piece in sorted(members, key=lambda m: (m[0], m[1].x0))]
