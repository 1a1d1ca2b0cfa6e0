"""Bold runs and leading phrases: how a paragraph opens.

Chinese resolutions print the phrase that opens a paragraph in bold; PDF
extraction renders bold by repeating the run several times
("回顾回顾回顾回顾"). English prints it in italics, which extraction loses.
Where no bold survived, the phrase is the longest phrase of the language's
corpus vocabulary (etl.lang.leading_phrases) that the paragraph opens with.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from types import ModuleType

from ..lang import leading_phrases, leading_tails
from ..lang import zh

# The longest bold phrase repeated as one unit ("再次严重关切地强调指出", 11).
_MAX_BOLD_UNIT = 16


def squeeze(text: str) -> str:
    """Remove every space: for matching fixed patterns that PDF spacing breaks up."""
    return "".join(text.split())  # str.split() splits at what \s matches


_IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


@lru_cache(maxsize=None)
def _repeat_pattern(factor: int | None) -> re.Pattern:
    # The shortest unit first (lazy), then its repeats: at least three
    # without a factor, else a whole multiple of the factor.
    # A unit opens with an ideograph and may take the comma the bold covers
    # ("强调指出，强调指出，…").
    unit = f"([{_IDEOGRAPH}][{_IDEOGRAPH}，、]{{0,{_MAX_BOLD_UNIT - 1}}}?)"
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


def bold_factor(enacting_line: str, paragraph_starts: list[str],
                lang: ModuleType = zh) -> int | None:
    """How many times this document's PDF repeats bold text (None: no bold seen)."""
    if not lang.BOLD_REPEATS:
        return None
    flat = squeeze(enacting_line)
    count = 0
    while flat.startswith(lang.ENACTING_WORD * (count + 1)):
        count += 1
    if count >= 2:
        return count
    seen = Counter(k for start in paragraph_starts for _, _, k in bold_runs(start[:40], None))
    return seen.most_common(1)[0][0] if seen else None


def trie_pattern(words) -> str:
    """A regular expression matching any of `words`, longest first, built as a
    prefix tree so that matching costs the length of the text, not the number
    of words."""
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


@lru_cache(maxsize=None)
def _patterns(code: str, lang: ModuleType):
    vocabulary = trie_pattern(leading_phrases(code))
    boundary = lang.PHRASE_BOUNDARY
    mods = getattr(lang, "LEADING_MODIFIERS", ())
    joiner = getattr(lang, "LEADING_JOINER", None)
    # Words that extend any phrase ("Notes" + "with deep regret"), where the
    # corpus gives them (etl.lang.vocabulary.select_tails).
    tails = leading_tails(code)
    tail = rf"(?:\s+(?:{trie_pattern(tails)}){boundary})?" if tails else ""
    one = (f"(?:{trie_pattern(mods)})*" if mods else "") + f"(?:{vocabulary}){boundary}{tail}"
    phrase = f"(?:{one}(?:{re.escape(joiner)}{one})?)" if joiner else f"(?:{one})"
    adverbials = "|".join(map(re.escape, lang.LEADING_ADVERBIALS))
    at_start = re.compile(rf"(?:(?:{adverbials})[，,]?)?({phrase})")
    split = before_colon = None
    if lang.SPLIT_PHRASE_OPENER:
        split = re.compile(rf"^{re.escape(lang.SPLIT_PHRASE_OPENER)}.+?[，,]({phrase})[，,；;：:]")
        before_colon = re.compile(rf"[，,]({phrase})[：:]")
    return at_start, split, before_colon


def leading_phrase(text: str, bold: list[tuple[int, int]], vocabulary: bool = True,
                   lang: ModuleType = zh) -> str | None:
    """The phrase that opens the paragraph: its bold run, or else from the vocabulary."""
    if bold:
        start, end = bold[0]
        for a, b in bold[1:]:
            if a != end:
                break
            end = b
        return text[start:end].rstrip("，、")
    if not vocabulary:
        return None
    at_start, split, before_colon = _patterns(lang.CODE, lang)
    if split is not None:
        m = split.match(text)
        if m:
            return lang.SPLIT_PHRASE_OPENER + lang.SPLIT_PHRASE_GAP + m.group(1)
    m = at_start.match(text)
    if m and m.group(1):
        return m.group(1)
    if before_colon is not None:
        m = before_colon.search(text)
        if m:
            return m.group(1)
    return None


def opens_with_bold(text: str, lang: ModuleType = zh) -> bool:
    """Does this line open with a bold run? Bold is printed only on the phrase
    that opens a paragraph, so a line that opens with it opens a paragraph."""
    if not lang.BOLD_REPEATS:
        return False
    start = text.strip()
    first_bold = next(bold_runs(start[:_MAX_BOLD_UNIT * 4], None), None)
    return first_bold is not None and first_bold[0] == 0


def opens_with_leading_phrase(text: str, lang: ModuleType = zh) -> bool:
    """Does this line start like a paragraph: a bold run or a known leading phrase?"""
    start = text.strip()
    if start.startswith(lang.CONJUNCTIONS):
        return False
    if lang.SPLIT_PHRASE_OPENER and start.startswith(lang.SPLIT_PHRASE_OPENER):
        return True  # "对……深表关切"
    if opens_with_bold(start, lang):
        return True
    m = _patterns(lang.CODE, lang)[0].match(start)
    return bool(m and m.group(1))
