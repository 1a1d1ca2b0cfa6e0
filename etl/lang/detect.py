"""Which language a text is in, from the text itself.

Scripts decide first: CJK ideographs are Chinese, Cyrillic is Russian, Arabic
script is Arabic. Among texts in Latin script, the most frequent function
words decide between English, French, Spanish and German. That covers the
six official languages of the United Nations and German, which the corpus
also has; it reads a sample of the text, so it costs little.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

NAMES = {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian",
         "es": "Spanish", "de": "German", "und": "Undetermined"}

# Code point ranges (inclusive) of each script.
_IDEOGRAPH = ((0x4E00, 0x9FFF),)
_CYRILLIC = ((0x0400, 0x04FF),)
_ARABIC = ((0x0600, 0x06FF),)
_LATIN = ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F))
_WORD = re.compile(r"[a-zà-ÿ]+")

# Short words that are frequent in one language and rare in the others.
FUNCTION_WORDS = {
    "en": frozenset("the of and to in that its with for on by which".split()),
    "fr": frozenset("le la les des et du une est aux dans sur qui".split()),
    "es": frozenset("el los las del y una que por con para sus".split()),
    "de": frozenset("der die und des den das mit für von dem zur".split()),
}
# Enough text for hundreds of function words, yet a small share of a resolution.
_SAMPLE = 6000
_MIN_WORDS = 3


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or 'und' if it cannot tell."""
    sample = text[:_SAMPLE]
    points = np.frombuffer(sample.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    scripts = {"zh": _count(points, _IDEOGRAPH), "ru": _count(points, _CYRILLIC),
               "ar": _count(points, _ARABIC)}
    latin = _count(points, _LATIN)
    code, count = max(sorted(scripts.items()), key=lambda kv: kv[1])
    # Chinese texts carry Latin symbols (A/RES/68/47); an ideograph is worth
    # a word of several letters.
    if count and count * 3 >= latin:
        return code
    words = Counter(_WORD.findall(sample.lower()))
    scores = {lang: sum(words[w] for w in vocab) for lang, vocab in FUNCTION_WORDS.items()}
    best, score = max(sorted(scores.items()), key=lambda kv: kv[1])
    return best if score >= _MIN_WORDS else "und"


def _count(points: np.ndarray, ranges) -> int:
    """How many code points fall in the ranges (array arithmetic: findall would
    build a string per character found)."""
    return sum(int(np.count_nonzero((points >= low) & (points <= high))) for low, high in ranges)


def language_name(code: str) -> str:
    return NAMES.get(code, code)
