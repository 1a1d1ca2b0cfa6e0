"""Small official-looking PDFs, made with PyMuPDF for the tests of etl.pdf.

A page is a list of printed lines; a line is a list of runs (text, style,
size, rise). Lines are set like the UN's Word template: US Letter, the text
column from x=123 (first lines indented to 147, labels at 147 and text at
171), 12 pt between the lines of a paragraph and 18 pt between paragraphs,
footnotes in 8.5 pt under a row of underscores at the page foot, a running
header above a rule on later pages and a footer with the job number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pymupdf

FONTS = {"": "tiro", "i": "tiit", "b": "tibo"}   # Times: roman, italic, bold
LEFT, INDENT, TEXT = 123.4, 147.1, 171.0
BODY, NOTE, MARKER = 10.0, 8.5, 6.5


@dataclass
class Run:
    text: str
    style: str = ""        # "" | "i" | "b"
    size: float = BODY
    rise: float = 0.0      # points above the baseline (a superscript)


@dataclass
class Line:
    runs: list[Run]
    x: float = LEFT
    gap: float = 12.0      # distance from the previous line's baseline


@dataclass
class PageSpec:
    lines: list[Line] = field(default_factory=list)
    notes: list[list[Run]] = field(default_factory=list)     # footnote lines at the foot
    header: str | None = None
    footer: tuple[str, ...] = ("24-99999",)


def runs(*parts) -> list[Run]:
    """runs("plain", ("italic", "i"), ("4", "sup")) -> Runs."""
    out = []
    for p in parts:
        if isinstance(p, str):
            out.append(Run(p))
        elif p[1] == "sup":
            out.append(Run(p[0], "", MARKER, 3.5))
        elif p[1] == "notesup":
            out.append(Run(p[0], "", 5.5, 3.0))
        else:
            out.append(Run(p[0], p[1]))
    return out


def note(*parts) -> list[Run]:
    """A footnote line: its number a superscript, its text in 8.5 pt."""
    out = runs(*parts)
    for r in out:
        if not r.rise:
            r.size = NOTE
    return out


def masthead(number: str = "79/500", title: str = "Test resolution",
             date: str = "1 December 2024", note: str = "[without reference to a Main "
             "Committee (A/79/L.99)]", agenda: str = "Agenda item 12") -> list[Line]:
    """The first page's head: masthead, date heading, note, title, enacting formula."""
    session, n = number.split("/")
    return [
        Line([Run(f"United Nations A/RES/{session}/{n}", "", 13.7)], x=LEFT, gap=57),
        Line([Run("General Assembly Distr.: General", "", 14)], x=LEFT, gap=29),
        Line([Run("Seventy-ninth session", "b", 10.1)], x=60, gap=130),
        Line([Run(agenda)], x=60, gap=12),
        Line([Run("Resolution adopted by the General Assembly", "b", 14.2)], x=115, gap=40),
        Line([Run(f"on {date}", "b", 14.2)], x=LEFT, gap=15),
        Line([Run(note)], x=LEFT, gap=24),
        Line([Run(f"{number}. {title}", "b", 12.1)], x=LEFT, gap=26),
        Line([Run("The General Assembly,", "i")], x=INDENT, gap=25),
    ]


def closing(meeting: str = "50th plenary meeting", date: str = "1 December 2024") -> list[Line]:
    return [Line([Run(meeting, "i")], x=397, gap=24), Line([Run(date, "i")], x=413, gap=12)]


def make_pdf(pages: list[PageSpec]) -> bytes:
    doc = pymupdf.open()
    for number, spec in enumerate(pages, start=1):
        page = doc.new_page(width=612, height=792)
        if spec.header:
            page.insert_text((60, 59), spec.header, fontname="tibo", fontsize=8.5)
            page.draw_line((59, 65), (552, 65), width=0.25)
        y = 0.0 if number == 1 else 70.0
        for line in spec.lines:
            y += line.gap
            x = line.x
            for run in line.runs:
                font = FONTS[run.style]
                page.insert_text((x, y - run.rise), run.text, fontname=font, fontsize=run.size)
                x += pymupdf.get_text_length(run.text, fontname=font, fontsize=run.size)
        if spec.notes:
            y = 700.0
            page.insert_text((100, y), "__________________", fontname="tibo", fontsize=8.0)
            for note in spec.notes:
                y += 10.5
                x = 117.0
                for run in note:
                    font = FONTS[run.style]
                    page.insert_text((x, y - run.rise), run.text, fontname=font, fontsize=run.size)
                    x += pymupdf.get_text_length(run.text, fontname=font, fontsize=run.size)
                    if run.rise:
                        x = LEFT
        for i, text in enumerate(spec.footer):
            page.insert_text((60 if i == 0 else 520, 754), text, fontname="tiro", fontsize=7)
        page.insert_text((541, 755), f"{number}/{len(pages)}", fontname="tibo", fontsize=8.5)
    data = doc.tobytes()
    doc.close()
    return data


def paragraph(first: list[Run], *more: str, label: str | None = None,
              gap: float = 18.0) -> list[Line]:
    """A printed paragraph: its first line indented (a label at 147, text at 171),
    the other lines at the left edge."""
    if label:
        head = Line([Run(label + " ")] + first, x=INDENT, gap=gap)
    else:
        head = Line(first, x=INDENT, gap=gap)
    return [head] + [Line(runs(text), x=LEFT) for text in more]
