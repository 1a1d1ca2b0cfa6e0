"""Aligning the paragraphs of a resolution with those of its predecessor.

    >>> rows = align(["Recalling A,", "Notes B;", "Decides C."],
    ...              ["Recalling A,", "Notes B and D;", "Welcomes E;", "Decides C."])
    >>> [(r.old, r.new, r.change) for r in rows]
    [(0, 0, 'unchanged'), (1, 1, 'edited'), (None, 2, 'new'), (2, 3, 'unchanged')]

The alignment respects order, as the texts do: first the longest common
subsequence of identical paragraphs (identical once whitespace is removed;
the clean texts carry no footnote markers and no printed numbers, so a
renumbered paragraph is still the same), then, between two identical ones,
the order-respecting pairing of the others that maximises their summed
similarity (pairs at least `EDITED` alike). What is left over is then
matched out of order: a paragraph of the new text identical to, or at least
`MOVED` alike, one of the old text that the ordered alignment left alone has
moved. The rest is new, or removed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from .textdiff import CHARACTER_LANGUAGES, key

# Two paragraphs at these similarities (Indel ratio of their sequences of
# words; of characters in Chinese) are one paragraph edited, in order or moved.
EDITED = 0.6
MOVED = 0.8

_SMALL = 16
# Spacing changes at most two words per space: texts this alike in their words,
# or shorter than _SHORT characters, are compared on their keys too.
_RESPACED = 0.8
_SHORT = 200
# Large matrices are scored on two threads (the build's workers are done by then).
_THREADED = 400
_WORKERS = 2

CHANGES = ("unchanged", "edited", "moved", "new", "removed")


@dataclass(frozen=True)
class Aligned:
    """One row of the alignment: an old paragraph, a new one, or both."""

    old: int | None          # index in the predecessor's paragraphs
    new: int | None          # index in the resolution's paragraphs
    change: str              # one of CHANGES
    similarity: float | None  # of the pair's words (characters); None for new and removed


def align(old: list[str], new: list[str], language: str = "en",
          old_codes: list | None = None, new_codes: list | None = None) -> list[Aligned]:
    """Rows for every paragraph of `new` and every paragraph of `old` left
    out, in reading order: the new text's order, each removed paragraph
    where it stood. `old_codes`, `new_codes`: a number per text, equal for
    equal texts (faster to compare than the texts)."""
    old_units, new_units = _Units(old, language), _Units(new, language)
    gaps: list[_Gap] = []
    pairs = _ordered_pairs(old_codes if old_codes is not None else old,
                           new_codes if new_codes is not None else new,
                           old, new, old_units, new_units, gaps)  # new -> (old, similarity)
    moved = _moves(old_units, new_units, pairs, gaps)
    return _rows(len(old), len(new), pairs, moved)


class _Units:
    """What two paragraphs are compared on, made when first needed (the
    paragraphs carried over unchanged, most of them, never need it): their
    words; in Chinese, their characters without whitespace. Equal for two
    texts exactly when their keys (`textdiff.key`) are."""

    def __init__(self, texts: list[str], language: str):
        self.texts = texts
        self.by_character = language in CHARACTER_LANGUAGES
        self.made: dict[int, list[str] | str] = {}

    def __getitem__(self, i: int):
        units = self.made.get(i)
        if units is None:
            text = self.texts[i]
            units = self.made[i] = key(text) if self.by_character else text.split()
        return units

    def take(self, start: int, stop: int) -> list:
        return [self[i] for i in range(start, stop)]


@dataclass
class _Gap:
    """The paragraphs between two runs of identical ones, and their scores."""

    old_start: int
    old_stop: int
    new_start: int
    new_stop: int
    scores: list[list[float]]   # similarities at least EDITED (0 below)


def _ordered_pairs(old_same: list, new_same: list, old: list[str], new: list[str],
                   old_keys: _Units, new_keys: _Units, gaps: list[_Gap]
                   ) -> dict[int, tuple[int, float]]:
    pairs: dict[int, tuple[int, float]] = {}
    i = j = 0  # the end of the last run of identical paragraphs
    # Identical texts first (the clean texts' whitespace is already one space
    # between words: texts that differ only there are paired in the gaps, alike 1.0).
    for op in [*Indel.opcodes(old_same, new_same), None]:
        if op is not None and op.tag != "equal":
            continue
        stop_i = op.src_start if op else len(old)
        stop_j = op.dest_start if op else len(new)
        if stop_i > i and stop_j > j:
            scores = _scores(old_keys.take(i, stop_i), new_keys.take(j, stop_j), EDITED)
            _same_keys(old[i:stop_i], new[j:stop_j], scores)
            gap = _Gap(i, stop_i, j, stop_j, scores)
            gaps.append(gap)
            for a, b, score in _best_pairing(gap.scores):
                pairs[j + b] = (i + a, score)
        if op is not None:
            for k in range(op.src_end - op.src_start):
                a, b = op.src_start + k, op.dest_start + k
                if old[a] == new[b]:  # equal codes: the texts say whether they are equal
                    pairs[b] = (a, 1.0)
            i, j = op.src_end, op.dest_end
    return pairs


def _same_keys(old: list[str], new: list[str], scores: list[list[float]]) -> None:
    """Texts that differ in their spacing only ("78/53 ," and "78/53,") are
    the same: alike 1.0, whatever their words. Such texts are alike in their
    words too: only the pairs found at least _RESPACED alike are looked at,
    and short texts, where one space changes a larger share of the words."""
    keys: dict[tuple[int, int], str] = {}

    def key_of(side: int, i: int) -> str:
        k = keys.get((side, i))
        if k is None:
            k = keys[side, i] = key((old, new)[side][i])
        return k

    letters_old = [_letters(t) for t in old]
    letters_new = [_letters(t) for t in new]
    for a, row in enumerate(scores):
        short_a = len(old[a]) < _SHORT
        for b, score in enumerate(row):
            # The same characters but for spaces: as many of them, first.
            la, lb = letters_old[a], letters_new[b]
            if score and score < 1.0 and (la is None or lb is None or la == lb) \
                    and (score >= _RESPACED or short_a or len(new[b]) < _SHORT) \
                    and key_of(0, a) == key_of(1, b):
                row[b] = 1.0


def _letters(text: str) -> int | None:
    """Characters that are not spaces; None when the text has other
    whitespace (tabs, no-break spaces: Python's str.isprintable says)."""
    return len(text) - text.count(" ") if text.isprintable() else None


def _scores(old: list[str], new: list[str], cutoff: float) -> list[list[float]]:
    """Similarity of every old and new text, 0 where below `cutoff`."""
    if len(old) * len(new) <= _SMALL:  # most gaps: a paragraph or two, not worth a matrix
        return [[Indel.normalized_similarity(a, b, score_cutoff=cutoff) for b in new]
                for a in old]
    return process.cdist(old, new, scorer=Indel.normalized_similarity, dtype=np.float64,
                         score_cutoff=cutoff,
                         workers=_WORKERS if len(old) * len(new) >= _THREADED else 1).tolist()


def _best_pairing(rows: list[list[float]]) -> list[tuple[int, int, float]]:
    """The order-respecting pairs with the largest summed similarity, among
    the pairs scored (dynamic programming over the gap's matrix)."""
    n, m = len(rows), len(rows[0])
    if n == 1 and m == 1:
        return [(0, 0, rows[0][0])] if rows[0][0] else []
    if not any(any(row) for row in rows):
        return []
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        above, here, score_row = best[i - 1], best[i], rows[i - 1]
        for j in range(1, m + 1):
            s = score_row[j - 1]
            value = above[j] if above[j] >= here[j - 1] else here[j - 1]
            if s and above[j - 1] + s > value:
                value = above[j - 1] + s
            here[j] = value
    out = []
    i, j = n, m
    while i and j:
        s = rows[i - 1][j - 1]
        if s and best[i][j] == best[i - 1][j - 1] + s:
            out.append((i - 1, j - 1, s))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    out.reverse()
    return out


def _moves(old: _Units, new: _Units, pairs: dict[int, tuple[int, float]], gaps: list[_Gap]
           ) -> dict[int, tuple[int, float]]:
    """Paragraphs the ordered alignment left alone, matched out of order:
    identical texts first, then the most alike pairs at least MOVED alike."""
    used_old = {i for i, _ in pairs.values()}
    free_old = [i for i in range(len(old.texts)) if i not in used_old]
    free_new = [j for j in range(len(new.texts)) if j not in pairs]
    moved: dict[int, tuple[int, float]] = {}
    if not free_old or not free_new:
        return moved
    by_key: dict[str, list[int]] = {}
    for i in free_old:
        by_key.setdefault(key(old.texts[i]), []).append(i)
    for j in free_new:
        same = by_key.get(key(new.texts[j]))
        if same:
            moved[j] = (same.pop(0), 1.0)
    taken = {i for i, _ in moved.values()}
    free_old = [i for i in free_old if i not in taken]
    free_new = [j for j in free_new if j not in moved]
    if not free_old or not free_new:
        return moved
    scores = _free_scores(old, new, free_old, free_new, gaps)
    ranked = sorted(((-s, b, a) for a, row in enumerate(scores) for b, s in enumerate(row)
                     if s >= MOVED))
    # Most alike first; ties in reading order of the new text, then the old.
    taken_old, taken_new = set(), set()
    for s, b, a in ranked:
        if a in taken_old or b in taken_new:
            continue
        taken_old.add(a)
        taken_new.add(b)
        moved[free_new[b]] = (free_old[a], -s)
    return moved


def _free_scores(old: _Units, new: _Units, free_old: list[int], free_new: list[int],
                 gaps: list[_Gap]) -> list[list[float]]:
    """The scores of the paragraphs left over; taken from their gap's matrix
    when they all lie in one gap (the usual case), computed otherwise."""
    for gap in gaps:
        if gap.old_start <= free_old[0] and free_old[-1] < gap.old_stop \
                and gap.new_start <= free_new[0] and free_new[-1] < gap.new_stop:
            return [[gap.scores[i - gap.old_start][j - gap.new_start] for j in free_new]
                    for i in free_old]
    return _scores([old[i] for i in free_old], [new[j] for j in free_new], MOVED)


def _rows(n_old: int, n_new: int, pairs: dict, moved: dict) -> list[Aligned]:
    matched_old = {i for i, _ in pairs.values()} | {i for i, _ in moved.values()}
    removed = [i for i in range(n_old) if i not in matched_old]
    out: list[Aligned] = []
    r = 0
    for j in range(n_new):
        if j in pairs:
            i, score = pairs[j]
            while r < len(removed) and removed[r] < i:
                out.append(Aligned(removed[r], None, "removed", None))
                r += 1
            out.append(Aligned(i, j, "unchanged" if score == 1.0 else "edited", score))
        elif j in moved:
            i, score = moved[j]
            out.append(Aligned(i, j, "moved", score))
        else:
            out.append(Aligned(None, j, "new", None))
    out += [Aligned(i, None, "removed", None) for i in removed[r:]]
    return out
