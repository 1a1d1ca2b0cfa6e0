"""Hyperlink lines: the PDF's link targets, printed at the foot of a page.

They are layout, not text, but they are evidence: each one should point to a
reference that the same page cites. A link that matches nothing, or matches a
citation only loosely (same document, other modifier or case), is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..citations import normalise_symbol

if TYPE_CHECKING:  # pragma: no cover
    from .layout import DiscardedLine
    from .parse import CitationRow

_UNDOCS = re.compile(r"^\s*(?:https?://)?(?:www\.)?undocs\.org/(?:(?:[a-z]{2})/)?(?P<sym>\S+?)\s*$",
                     re.IGNORECASE)


@dataclass(frozen=True)
class HyperlinkCheck:
    line: int
    url: str
    target: str | None        # the symbol the link points to, normalised
    status: str               # matched | unmatched | contradicts | not_undocs
    citation_id: str | None   # the citation it matches (or contradicts)
    problem: str | None       # a warning for the build report, if any


def link_target(url: str) -> str | None:
    m = _UNDOCS.match(url)
    if not m:
        return None
    sym = m.group("sym")
    # Extraction glues the closing parenthesis of the text to the link: drop unbalanced ones.
    while sym.endswith(")") and sym.count(")") > sym.count("("):
        sym = sym[:-1]
    return normalise_symbol(sym)


def _loose(target: str) -> str:
    return re.sub(r"\(.*?\)$", "", target).upper()


def check_hyperlinks(discarded: list[DiscardedLine], rows: list[CitationRow]) -> list[HyperlinkCheck]:
    links = [d for d in discarded if d.kind == "hyperlink"]
    checks = []
    page_start = 0
    previous_line = None
    used: set[str] = set()
    for link in links:
        # Links come in a group at the foot of a page: the page runs from the
        # previous group to this one.
        if previous_line is not None and link.line - previous_line > 2:
            page_start = previous_line
        previous_line = link.line
        target = link_target(link.text)
        if target is None:
            checks.append(HyperlinkCheck(link.line, link.text.strip(), None, "not_undocs", None,
                                         None))
            continue
        on_page = [r for r in rows if page_start < r.line <= link.line]
        exact = [r for r in on_page if r.citation.target == target]
        # A link printed twice belongs to two citations: prefer one not yet matched.
        exact = next((r for r in exact if r.citation_id not in used), exact[0] if exact else None)
        if exact:
            used.add(exact.citation_id)
            checks.append(HyperlinkCheck(link.line, link.text.strip(), target, "matched",
                                         exact.citation_id, None))
            continue
        loose = next((r for r in on_page if _loose(r.citation.target) == _loose(target)), None)
        if loose:
            checks.append(HyperlinkCheck(
                link.line, link.text.strip(), target, "contradicts", loose.citation_id,
                f"hyperlink to {target} contradicts citation {loose.citation_id} "
                f"({loose.citation.target}) on the same page"))
            continue
        checks.append(HyperlinkCheck(link.line, link.text.strip(), target, "unmatched", None,
                                     f"hyperlink to {target} matches no citation on its page"))
    return checks
