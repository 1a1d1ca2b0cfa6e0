"""Character-level helpers shared by every stage."""

from __future__ import annotations

import re

# Full-width ASCII digits and letters (０-９, Ａ-Ｚ, ａ-ｚ) are a typesetting
# variant of the same characters: fold them so that numbering, dates and
# symbols read the same whichever width the PDF used.
_FULLWIDTH_ALNUM = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    **{0xFF21 + i: 0x41 + i for i in range(26)},
    **{0xFF41 + i: 0x61 + i for i in range(26)},
}


_HAS_FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def fold_width(text: str) -> str:
    # translate() with a dict looks up every character: only call it when needed.
    return text.translate(_FULLWIDTH_ALNUM) if _HAS_FULLWIDTH.search(text) else text


def is_space(ch: str) -> bool:
    # str.isspace covers tab, NBSP, ideographic space, form feed and the rest.
    return ch.isspace()


def indent(text: str) -> int:
    return len(text) - len(text.lstrip())


# East Asian Wide and Fullwidth characters (Unicode UAX #11): CJK ideographs,
# kana, hangul, CJK punctuation and the full-width forms.
WIDE_CLASS = (
    "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6"
    "\U00020000-\U0003fffd")  # the inside of a character class
_WIDE = re.compile(f"[{WIDE_CLASS}]")

_NARROW_RUN = re.compile(f"[^{WIDE_CLASS}]+")


def is_wide(ch: str) -> bool:
    """CJK ideographs and full-width punctuation: no space belongs next to them."""
    # Every wide character lies above U+1100: most text never reaches the regex.
    return ch >= "\u1100" and _WIDE.match(ch) is not None


def needs_space(left: str, right: str) -> bool:
    """When a line break falls between `left` and `right`, does it stand for a space?

    Only between two narrow (Latin, digit, ASCII punctuation) characters, as in
    "NPT/CONF.1995/32 ⏎ (Part I)"; never next to Chinese text.
    """
    return not (is_wide(left) or is_wide(right) or is_space(left) or is_space(right))


def display_width(text: str) -> int:
    """Columns the text takes on the page: 2 for CJK and full-width, 1 otherwise."""
    text = text.strip()
    if text.isascii():
        return len(text)
    # Deleting the runs of narrow characters leaves the wide ones: a match per
    # run rather than a string per wide character.
    return len(text) + len(_NARROW_RUN.sub("", text))


_SPACE_RUN = re.compile(r"\s+")


def fold_spaces(text: str) -> str:
    """Clean-text spacing: a run of white space becomes one space between two
    narrow characters and disappears next to a wide (CJK) one; ends stripped."""
    def one(m: re.Match) -> str:
        a, b = m.start(), m.end()
        if a == 0 or b == len(text) or is_wide(text[a - 1]) or is_wide(text[b]):
            return ""
        return " "
    return _SPACE_RUN.sub(one, text)
