"""Language profiles: every word and pattern the text parser needs, per language.

Each profile (etl.lang.zh, etl.lang.en) is a module with the same names; the
stages of etl.text take the profile of the language detected from the text
itself (etl.lang.detect), never from the file name.

The leading phrases come from the XML corpus (etl.lang.vocabulary writes
etl/lang/data/leading_<code>.txt); `leading_phrases(code)` reads them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import ModuleType

from . import en, zh

PROFILES: dict[str, ModuleType] = {"en": en, "zh": zh}
DATA = Path(__file__).resolve().parent / "data"


def profile(code: str) -> ModuleType:
    """The profile module of an ISO 639-1 code; KeyError if there is none."""
    return PROFILES[code]


@lru_cache(maxsize=None)
def leading_phrases(code: str) -> tuple[str, ...]:
    """The corpus's leading phrases of one language, longest first."""
    path = DATA / f"leading_{code}.txt"
    words = [w for w in path.read_text(encoding="utf-8").split("\n") if w]
    words += getattr(PROFILES[code], "EXTRA_LEADING_PHRASES", ())
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def leading_tails(code: str) -> tuple[str, ...]:
    """Words that may extend any leading phrase of the language ("with deep
    concern"), longest first; none where the corpus gives none."""
    path = DATA / f"leading_tails_{code}.txt"
    if not path.exists():
        return ()
    words = [w for w in path.read_text(encoding="utf-8").split("\n") if w]
    return tuple(sorted(words, key=lambda w: (-len(w), w)))
