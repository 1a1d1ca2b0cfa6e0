"""Citations of an AKN text: the text grammar and the `<a href>` links, merged.

A link to undocs.org or docs.un.org is a second witness of a citation: its
target is the symbol in the address, upper-cased and without spaces
("https://undocs.org/en/A/RES/181 (II)" -> A/RES/181(II)). For every stretch
of text (the adoption note, the title, a clause, a footnote):
- a text citation and a link with the same target at overlapping spans give
  one row, evidence "text_and_link";
- a link the text grammar did not find gives a row, evidence "link";
- a text citation without link gives a row, evidence "text";
- a link whose target differs from the text citation at the same span is a
  contradiction: the text's row is kept and the contradiction reported (the
  display text "A/56/1026-S/2002/932" linked to A/56/1026 is a typical
  case, which the caller may judge harmless).
Links to other sites, `about:blank` or `file:` addresses are not citations;
they are counted in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from .. import citations as cite
from ..citations import Citation

_DIGIT = re.compile(r"\d")
_UNDOCS = re.compile(r"^\s*https?://(?:www\.)?(?:undocs\.org|docs\.un\.org)/+(?P<rest>.*)$", re.I)
_LANG_SEGMENT = re.compile(r"^(?:ar|ch|zh|en|fr|ru|es|sp|ot|de|other)/+", re.I)
_UN_SERIES = re.compile(
    r"^(?:A|S|E|ST|CD|NPT|CTBT-Art\.XIV|DC|TD|UNEP|DP|CEDAW|CRC|CCPR|HRC|CERD|CAT|ICCD|FCCC"
    r"|ECE|ESCAP|ECA|ECLAC|ESCWA|UNW|ITLOS|ISBA|SPLOS|UNCTAD|APLC|CCW|BWC|CRPD|CMW|CED|SPT"
    r"|UNW|UNICEF|JIU|TD|IDB|PBC|DP/FPA|ICCD|UNEP/EA)\b")


@lru_cache(maxsize=65536)
def link_target(href: str | None) -> str | None:
    """The normalised symbol an undocs.org/docs.un.org address points to, else None."""
    if not href:
        return None
    m = _UNDOCS.match(href)
    if not m:
        return None
    rest = _LANG_SEGMENT.sub("", unquote(m.group("rest")))
    rest = rest.split("?", 1)[0].split("#", 1)[0]
    symbol = re.sub(r"\s+", "", rest).upper().strip("/").rstrip(".")
    symbol = symbol.replace("（", "(").replace("）", ")")
    return symbol or None


def target_type(symbol: str) -> str:
    if symbol.startswith("A/RES/"):
        return "ga_resolution"
    if symbol.startswith("S/RES/"):
        return "sc_resolution"
    return "un_document" if _UN_SERIES.match(symbol) else "other"


@dataclass(frozen=True)
class Found:
    citation: Citation
    evidence: str               # text | link | text_and_link
    line: int | None            # sourceline of the link, if any


@dataclass(frozen=True)
class Contradiction:
    link_target: str
    text_target: str
    raw: str
    line: int

    @property
    def kind(self) -> str:
        """part_letter: the link lacks the part ("A/RES/73/279" for "73/279 A");
        joint_symbol: the link names the first of a joint symbol ("A/56/1026" for
        "A/56/1026-S/2002/932"); volume_or_part: one adds a volume or part
        ("A/74/49(Vol.I)"); other: the two name different documents."""
        link, text = self.link_target, self.text_target
        if text.startswith(link) and re.fullmatch(r"[A-Z]{1,2}(?:-[A-Z])?", text[len(link):]):
            return "part_letter"
        if text.startswith(link + "-") or link.startswith(text + "-"):
            return "joint_symbol"
        if text.startswith(link + "(") or link.startswith(text + "("):
            return "volume_or_part"
        return "other"


def _same(a: str, b: str) -> bool:
    return a.upper().replace(" ", "") == b.upper().replace(" ", "")


def merge(text: str, found: list[Citation], links) -> tuple[list[Found], list[Contradiction], int]:
    """Rows for one stretch of text, in text order; contradictions; links ignored."""
    if not links:       # most texts: the grammar's citations, already in text order
        return [Found(c, "text", None) for c in sorted(found, key=_span)], [], 0
    rows: list[Found] = []
    contradictions: list[Contradiction] = []
    used = [False] * len(found)
    ignored = 0
    for target, start, end, line in _joined_links(text, links):
        if target is None:
            ignored += 1
            continue
        overlapping = [k for k, c in enumerate(found) if c.start < max(end, start + 1)
                       and start < c.end]
        match = next((k for k in overlapping if _same(found[k].target, target)), None)
        if match is not None:
            if not used[match]:
                used[match] = True
                rows.append(Found(found[match], "text_and_link", line))
            continue
        if overlapping:
            c = found[overlapping[0]]
            contradictions.append(Contradiction(target, c.target, c.raw, line))
            continue
        raw = text[start:end]
        rows.append(Found(Citation(raw, target, target_type(target), None, start, end), "link",
                          line))
    for k, c in enumerate(found):
        if not used[k] and not any(r.citation is c for r in rows):
            rows.append(Found(c, "text", None))
    rows.sort(key=lambda r: (r.citation.start, r.citation.end))
    return rows, contradictions, ignored


def _span(c: Citation) -> tuple[int, int]:
    return c.start, c.end


def _joined_links(text: str, links):
    """(target, start, end, line) per link; adjacent links to one target are one link.

    The converter often splits one display text into several links
    ("194", "(", "III", ")" all to A/RES/194(III)).
    """
    out: list[list] = []
    for link in links:
        target = link_target(link.element.get("href"))
        if out and target is not None and out[-1][0] == target \
                and not text[out[-1][2]:link.start].strip():
            out[-1][2] = max(out[-1][2], link.end)
            continue
        out.append([target, link.start, link.end, link.line])
    return [tuple(x) for x in out]


def text_citations(text: str, previous: list[Citation] | None, language: str) -> list[Citation]:
    # Every citation the grammar knows holds a digit: skip texts without one.
    if not text or not _DIGIT.search(text):
        return []
    return cite.find_citations(text, previous=previous, language=language)
