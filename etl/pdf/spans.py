"""Stage 1, spans: what the PDF's text layer holds, page by page.

A span is a run of characters in one font, size and style on one baseline, with
its box, as PyMuPDF reports it (`page.get_text("dict")`); a rule is a thin
horizontal line drawn on the page. Nothing is interpreted here: the stages
after this one decide what is a line, a marker, a heading or page furniture.

Refused, with a ParseError naming the file: bytes that are not a PDF, a PDF
cut short (no `%%EOF` near its end), one that needs a password, one that
cannot be opened or has no pages, and a scan without a text layer (page images
and no text: "OCR needed", never an empty resolution).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import ParseError

PDF_MAGIC = b"%PDF-"
# A PDF ends with "%%EOF" (after an incremental update too); a little trailing
# garbage (line ends, padding) is tolerated.
_EOF_WINDOW = 2048
# Text of a page whose characters are all white space is no text.
_RULE_MAX_HEIGHT = 2.0   # points: a drawn line, not a box


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    x0: float
    x1: float
    top: float          # y grows downwards, as PyMuPDF reports it
    bottom: float
    baseline: float
    size: float
    bold: bool
    italic: bool
    font: str


@dataclass(frozen=True, slots=True)
class Rule:
    """A thin horizontal line drawn on the page (a table border, a separator)."""
    x0: float
    x1: float
    y: float


@dataclass(slots=True)
class Page:
    number: int                  # 1-based
    width: float
    height: float
    spans: list[Span] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    images: int = 0


def looks_like_pdf(data: bytes) -> bool:
    """The magic number PDF files start with (a few bytes of junk before it are allowed
    by readers; we ask for it within the first kilobyte)."""
    return PDF_MAGIC in data[:1024]


def _open(data: bytes, shown: str):
    import pymupdf
    if not looks_like_pdf(data):
        raise ParseError(shown, None, "not a PDF (no '%PDF-' header); expected the PDF of a "
                         "resolution")
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise ParseError(shown, None, "truncated PDF: no '%%EOF' at the end of the file; the "
                         "file was cut short (download it again)")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # MuPDF raises its own error types for damaged files
        raise ParseError(shown, None, f"not a readable PDF ({exc}); expected the PDF of a "
                         "resolution") from None
    if doc.needs_pass:
        doc.close()
        raise ParseError(shown, None, "encrypted PDF: it needs a password to be read; expected "
                         "an unencrypted PDF")
    if doc.page_count == 0:
        doc.close()
        raise ParseError(shown, None, "the PDF has no pages")
    return doc


def read_pages(data: bytes, shown: str) -> list[Page]:
    """Every page's spans and rules; ParseError for a PDF that cannot be read or
    holds no text layer."""
    import pymupdf
    doc = _open(data, shown)
    flags = pymupdf.TEXT_MEDIABOX_CLIP
    pages: list[Page] = []
    try:
        for index in range(doc.page_count):
            try:
                page = doc.load_page(index)
                rect = page.rect
                textpage = page.get_textpage(flags=flags)
                blocks = textpage.extractDICT()["blocks"]
                if _SUSPECT_SPACE.search("\n".join(s["text"] for b in blocks if b["type"] == 0
                                                   for l in b["lines"] for s in l["spans"])):
                    _drop_overprinted_spaces(blocks, textpage.extractWORDS())
            except Exception as exc:
                raise ParseError(shown, None, f"page {index + 1} cannot be read ({exc}); the "
                                 "PDF is damaged") from None
            pages.append(_page(index + 1, rect.width, rect.height, blocks))
            if _needs_rules(pages[-1]):
                pages[-1].rules = _rules(page)
            if not pages[-1].spans:
                pages[-1].images = sum(1 for _ in page.get_images(full=False))
    finally:
        doc.close()
    if not any(p.spans for p in pages):
        images = sum(p.images for p in pages)
        what = f"{images} page image(s) and no text" if images else "no text at all"
        raise ParseError(shown, None, f"no text layer: OCR needed ({len(pages)} page(s), "
                         f"{what}); expected a PDF with its text")
    return pages


# A space next to a hyphen or dash: where the print moved back over it ("self- ⏎
# determination" set with a non-breaking hyphen), it is no space.
_SUSPECT_SPACE = re.compile(r"[-–] \S|\S [-–]")


def _drop_overprinted_spaces(blocks: list, words: list) -> None:
    """A space that the next character overprints takes no room on the page: the
    two words around it stand closer than a tenth of their height (a printed
    space is a quarter of the size). Such a space is dropped from the span's
    text. The words and their boxes come from the same text page."""
    close: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for a, b in zip(words, words[1:]):
        if a[5:7] == b[5:7] and b[0] - a[2] < 0.1 * (a[3] - a[1]):
            close.setdefault(a[5:7], []).append((a[4], b[4]))
    if not close:
        return
    for block_no, block in enumerate(blocks):
        if block["type"] != 0:
            continue
        for line_no, line in enumerate(block["lines"]):
            pairs = close.get((block_no, line_no))
            if not pairs:
                continue
            for span in line["spans"]:
                text = span["text"]
                if not _SUSPECT_SPACE.search(text):
                    continue
                tokens = text.split(" ")
                out = [tokens[0]]
                for token in tokens[1:]:
                    if out[-1] and token and any(a.endswith(out[-1].split(" ")[-1])
                                                 and b.startswith(token) for a, b in pairs):
                        out[-1] += token
                    else:
                        out.append(token)
                span["text"] = " ".join(out)


def _needs_rules(page: Page) -> bool:
    """Only a page whose footnotes may stand below a drawn rule needs the page's
    drawings (reading them costs nearly as much as reading the text): one with
    small type in its lower part and no separator printed as underscores."""
    if any(s.text.strip().startswith("_____") for s in page.spans):
        return False
    if not page.spans:
        return False
    weights: dict[int, int] = {}
    for span in page.spans:
        weights[round(span.size)] = weights.get(round(span.size), 0) + len(span.text)
    text_size = max(weights, key=weights.get)
    # Text in small type (not a marker: more than a few characters) in the lower part.
    return any(s.size < 0.9 * text_size and len(s.text.strip()) > 3
               and page.height * 0.4 < s.baseline < page.height * 0.9 for s in page.spans)


def _rules(page) -> list[Rule]:
    rules = []
    for drawing in page.get_cdrawings():
        x0, y0, x1, y1 = drawing["rect"]
        if y1 - y0 <= _RULE_MAX_HEIGHT and x1 - x0 > 2 * _RULE_MAX_HEIGHT:
            rules.append(Rule(x0, x1, (y0 + y1) / 2))
    return rules


def _page(number: int, width: float, height: float, blocks: list) -> Page:
    page = Page(number, width, height)
    spans, rules = page.spans, page.rules
    for block in blocks:
        kind = block["type"]
        if kind == 0:
            for line in block["lines"]:
                if line["dir"][1] != 0.0:   # rotated text: a stamp, a margin note
                    continue
                for s in line["spans"]:
                    text = s["text"]
                    if not text or text.isspace():
                        continue
                    x0, top, x1, bottom = s["bbox"]
                    font = s["font"]
                    flags = s["flags"]
                    # Style from the font's own flags, or its name ("…-BoldMT").
                    spans.append(Span(text, x0, x1, top, bottom, s["origin"][1], s["size"],
                                      bool(flags & 16) or "Bold" in font,
                                      bool(flags & 2) or "Italic" in font or "Oblique" in font,
                                      font))
        elif kind == 3:
            x0, y0, x1, y1 = block["bbox"]
            if y1 - y0 <= _RULE_MAX_HEIGHT and x1 - x0 > 2 * _RULE_MAX_HEIGHT:
                rules.append(Rule(x0, x1, (y0 + y1) / 2))
        elif kind == 1:
            page.images += 1
    return page
