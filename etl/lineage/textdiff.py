"""Comparing two texts of a paragraph: the key that says "the same", a
similarity, and the difference word by word (character by character in
Chinese) to show an edit.

    >>> key("Reaffirms  its resolution\\u00a078/45,") == key("Reaffirms its resolution 78/45,")
    True
    >>> markup(diff("Calls upon all States to act", "Calls upon States to act now", "en"))
    'Calls upon [-all -]States to act{+ now+}'

The clauses' clean text has no footnote markers and no printed number, so
two paragraphs are "the same" when their texts are equal once whitespace is
removed (line breaks and spacing differ between printings of the same words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Indel

# Languages written without spaces between words: compared character by
# character (ASCII words and numbers, such as a symbol A/RES/78/45, stay whole).
CHARACTER_LANGUAGES = ("zh", "ja")

_WORDS = re.compile(r"\w+|\s+|[^\w\s]")
_CHARACTERS = re.compile(r"[A-Za-z0-9]+|\s+|.", re.DOTALL)


def key(text: str) -> str:
    """The text without any whitespace: equal keys are the same paragraph."""
    return "".join(text.split())


def similarity(a: str, b: str) -> float:
    """Share of characters the two keys have in common, 0 to 1 (1 for equal
    keys): 2 * LCS / (len(a) + len(b)), the Indel ratio."""
    return Indel.normalized_similarity(a, b)


def tokens(text: str, language: str) -> list[str]:
    """The units a difference is made of: words, runs of whitespace and
    punctuation marks; characters in Chinese."""
    pattern = _CHARACTERS if language in CHARACTER_LANGUAGES else _WORDS
    return pattern.findall(text)


@dataclass(frozen=True)
class Segment:
    op: str     # "=" in both, "-" only in the old text, "+" only in the new one
    text: str


def diff(old: str, new: str, language: str) -> list[Segment]:
    """The new text against the old one, as runs of kept, deleted and inserted
    text (a longest common subsequence of tokens). Joining the "=" and "-"
    runs gives `old` back; joining "=" and "+" gives `new`."""
    a, b = tokens(old, language), tokens(new, language)
    raw: list[Segment] = []
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            raw.append(Segment("=", "".join(a[op.src_start:op.src_end])))
            continue
        if op.src_end > op.src_start:
            raw.append(Segment("-", "".join(a[op.src_start:op.src_end])))
        if op.dest_end > op.dest_start:
            raw.append(Segment("+", "".join(b[op.dest_start:op.dest_end])))
    # Whitespace kept between two changes reads better inside them:
    # "[-quick-] [-brown-]" is "[-quick brown-]".
    for i in range(1, len(raw) - 1):
        if raw[i].op == "=" and not raw[i].text.strip() \
                and raw[i - 1].op != "=" and raw[i + 1].op != "=":
            raw[i] = Segment("±", raw[i].text)
    return _grouped(raw)


def _grouped(raw: list[Segment]) -> list[Segment]:
    """Each run of changes as one deletion followed by one insertion."""
    out: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            out.append(Segment("-", "".join(deleted)))
        if inserted:
            out.append(Segment("+", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for seg in raw:
        if seg.op == "=":
            flush()
            if out and out[-1].op == "=":
                out[-1] = Segment("=", out[-1].text + seg.text)
            else:
                out.append(seg)
        else:
            if seg.op in "-±":
                deleted.append(seg.text)
            if seg.op in "+±":
                inserted.append(seg.text)
    flush()
    return out


def markup(segments: list[Segment]) -> str:
    """The difference as one string: [-deleted-] and {+inserted+} around the
    changes (the convention of wdiff), kept text as it is."""
    parts = []
    for s in segments:
        parts.append(s.text if s.op == "=" else f"[-{s.text}-]" if s.op == "-"
                     else f"{{+{s.text}+}}")
    return "".join(parts)


def old_text(segments: list[Segment]) -> str:
    return "".join(s.text for s in segments if s.op != "+")


def new_text(segments: list[Segment]) -> str:
    return "".join(s.text for s in segments if s.op != "-")
