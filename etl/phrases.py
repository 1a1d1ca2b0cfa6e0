"""Bold runs and leading phrases: how a paragraph opens.

Chinese resolutions print the phrase that opens a paragraph in bold; PDF
extraction renders bold by repeating the run several times
("回顾回顾回顾回顾"). Where no bold survived, the phrase is recognised from
the language's vocabulary (etl.lang).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .lang import zh as lang

_MAX_BOLD_UNIT = 10


def squeeze(text: str) -> str:
    """Remove every space: for matching fixed patterns that PDF spacing breaks up."""
    return re.sub(r"\s+", "", text)


_IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


@lru_cache(maxsize=None)
def _repeat_pattern(factor: int | None) -> re.Pattern:
    # The shortest unit first (lazy), then its repeats: at least three
    # without a factor, else a whole multiple of the factor.
    unit = f"([{_IDEOGRAPH}]{{1,{_MAX_BOLD_UNIT}}}?)"
    if factor is None:
        return re.compile(unit + r"\1{2,}")
    return re.compile(unit + rf"\1{{{factor - 1}}}(?:\1{{{factor}}})*")


def bold_runs(text: str, factor: int | None):
    """Runs of a short CJK unit repeated `factor` times (or a multiple of it).

    Yields (start, unit_length, repeats). With no factor, any unit repeated
    three or more times counts; real Chinese text repeats a word at most twice
    ("国家国家元首" is "国家 国家元首").
    """
    for m in _repeat_pattern(factor).finditer(text):
        size = len(m.group(1))
        yield m.start(), size, (m.end() - m.start()) // size


def bold_factor(enacting_line: str, paragraph_starts: list[str]) -> int | None:
    """How many times this document's PDF repeats bold text (None: no bold seen)."""
    flat = squeeze(enacting_line)
    count = 0
    while flat.startswith(lang.ENACTING_WORD * (count + 1)):
        count += 1
    if count >= 2:
        return count
    seen = Counter(k for start in paragraph_starts for _, _, k in bold_runs(start[:40], None))
    return seen.most_common(1)[0][0] if seen else None


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_MODS = _alternation(lang.LEADING_MODIFIERS)
_VERBS = _alternation(lang.LEADING_VERBS)
_PHRASE = rf"(?:(?:{_MODS})*(?:{_VERBS})(?:{re.escape(lang.LEADING_JOINER)}(?:{_MODS})*(?:{_VERBS}))?)"
_PHRASE_AT_START = re.compile(rf"(?:{_alternation(lang.LEADING_ADVERBIALS)})?({_PHRASE})")
_SPLIT_PHRASE = re.compile(rf"^{re.escape(lang.SPLIT_PHRASE_OPENER)}.+?[，,]({_PHRASE})[，,；;：:]")
_PHRASE_BEFORE_COLON = re.compile(rf"[，,]({_PHRASE})[：:]")


def leading_phrase(text: str, bold: list[tuple[int, int]], vocabulary: bool = True) -> str | None:
    """The phrase that opens the paragraph: its bold run, or else from the vocabulary."""
    if bold:
        start, end = bold[0]
        for a, b in bold[1:]:
            if a != end:
                break
            end = b
        return text[start:end]
    if not vocabulary:
        return None
    m = _PHRASE_AT_START.match(text)
    if m:
        return m.group(1)
    m = _SPLIT_PHRASE.match(text)
    if m:
        return lang.SPLIT_PHRASE_OPENER + lang.SPLIT_PHRASE_GAP + m.group(1)
    m = _PHRASE_BEFORE_COLON.search(text)
    if m:
        return m.group(1)
    return None


def opens_with_leading_phrase(text: str) -> bool:
    """Does this line start like a paragraph: a bold run or a known leading phrase?"""
    start = text.strip()
    if start.startswith(lang.CONJUNCTIONS):
        return False
    if start.startswith(lang.SPLIT_PHRASE_OPENER):  # "对……深表关切"
        return True
    first_bold = next(bold_runs(start[:_MAX_BOLD_UNIT * 4], None), None)
    return (first_bold is not None and first_bold[0] == 0) or bool(_PHRASE_AT_START.match(start))
