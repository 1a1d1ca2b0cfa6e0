"""Lossless accounting: where did every character of the source go?

Every non-space character of a source file must be found in one of:
- the rows (clause labels and texts, footnote numbers and texts, the digits of
  footnote markers);
- the structure lines the resolutions row was read from (date heading,
  adoption note, title, enacting formula, closing lines), listed with their
  line numbers;
- the discarded layout lines (page furniture, separators, hyperlinks), listed
  with their line numbers;
- the repeated copies of bold text, counted.
Characters are compared as multisets after folding width variants
(３ -> 3, （ -> (), which the clean text normalises. `missing` is what the source has and
nothing accounts for; `invented` is what the rows hold that the source does
not. A faithful parse has both empty.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np


_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class StructureLine:
    line: int
    kind: str   # heading | adoption_note | title | enacting_formula | closing_date |
                # plenary_meeting | annex_heading
    text: str


@dataclass(frozen=True)
class Coverage:
    source_characters: int
    accounted_characters: int
    missing: dict[str, int]
    invented: dict[str, int]

    @property
    def ratio(self) -> float:
        if not self.source_characters:
            return 1.0
        missing = sum(self.missing.values())
        return (self.source_characters - missing) / self.source_characters

    @property
    def complete(self) -> bool:
        return not self.missing and not self.invented


# Width variants: full-width ASCII (！ to ～) to ASCII; and the non-breaking
# hyphen, which the clean text writes as the hyphen it prints
# (etl.text.extract).
_NARROW = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x2011: 0x2D}


_HAS_WIDE_ASCII = re.compile("[\uff01-\uff5e\u2011]")


def characters(*texts: str) -> Counter:
    joined = _SPACE.sub("", "".join(texts))
    if _HAS_WIDE_ASCII.search(joined):
        joined = joined.translate(_NARROW)
    return Counter(joined)


# Every character str.isspace() (and the regular expression \s) calls white space;
# all lie below U+3001. Looked up by code point, the last entry standing for
# every code point above.
_WHITE_SPACE = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint32)
_IS_WHITE_SPACE = np.zeros(0x3002, dtype=bool)
_IS_WHITE_SPACE[_WHITE_SPACE] = True


def code_points(*texts: str) -> np.ndarray:
    """The characters of `characters(*texts)` as sorted code points: two texts
    hold the same multiset of characters exactly when these arrays are equal.
    Sorting an array is C-speed; counting into a dict is a Python object per
    character."""
    # Lone surrogates cannot reach here (the reader rejects them), but
    # "surrogatepass" keeps this total.
    points = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype="<u4")
    points = points[~_IS_WHITE_SPACE[np.minimum(points, 0x3001)]]
    wide_ascii = (points >= 0xFF01) & (points <= 0xFF5E)
    points = np.where(wide_ascii, points - (0xFF01 - 0x21), points)
    return np.sort(np.where(points == 0x2011, 0x2D, points))


def coverage(source_lines, accounted_texts) -> Coverage:
    source_lines, accounted_texts = list(source_lines), list(accounted_texts)
    source_points, accounted_points = code_points(*source_lines), code_points(*accounted_texts)
    if np.array_equal(source_points, accounted_points):  # the common case: nothing lost
        return Coverage(len(source_points), len(accounted_points), {}, {})
    source = characters(*source_lines)
    accounted = characters(*accounted_texts)
    missing = source - accounted
    invented = accounted - source
    return Coverage(sum(source.values()), sum(accounted.values()),
                    dict(sorted(missing.items())), dict(sorted(invented.items())))
