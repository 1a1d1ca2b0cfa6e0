"""Front end for the official PDF documents themselves.

    spans (etl.pdf.spans) -> lines (etl.pdf.lines) -> page furniture and footnote
    zone (etl.pdf.furniture) -> segment (etl.pdf.segment) -> Document (etl.pdf.document)

A PDF keeps what plain text loses: superscript footnote markers, italic and
bold runs, positions. Every rule reads that evidence of the page; the words
(date heading, adoption note, enacting formula, closing lines, annex
headings) come from the language profile (etl.lang) of the language detected
from the text itself. The result is the record every front end produces,
etl.records.Document; `read_pdf` is the whole front end for one file.

Positions: a PDF has no lines of its own; `line` numbers count the printed
lines of the document in reading order (page by page, top to bottom, page
furniture included), and the document's report gives the first line of each
page.
"""

from __future__ import annotations

from .read import PdfRead, read_pdf

__all__ = ["PdfRead", "read_pdf"]
