"""United Nations document-symbol grammar, independent of language.

A General Assembly resolution is numbered in one of three ways:
- from the 31st session: session/number, with a letter for each of several
  resolutions adopted under one number ("49/75 E" -> A/RES/49/75E);
- special and emergency special sessions: "S-10/2" -> A/RES/S-10/2,
  "ES-10/14" -> A/RES/ES-10/14;
- before the 31st session: number and roman session ("3363 (XXX)" ->
  A/RES/3363(XXX), "2252 (ES-V)"); a letter may stand between them for one
  of several resolutions adopted under one number ("217 A (III)", Chinese
  "第217A(III)号决议"). The symbol keeps number and session only
  (A/RES/217(III)), as the UN's document system and the XML corpus's links
  address them; the number keeps the letter ("217A").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

# The printed form of a resolution number, as in a title line "68/47." or a
# citation "第 49/75 E 号决议". Spaces may stand anywhere a PDF put them.
RESOLUTION_NUMBER = (
    r"(?:(?P<kind>E?S)\s*-\s*(?P<special_session>\d{1,2})\s*/\s*(?P<special_number>\d{1,4})"
    r"|(?P<session>\d{1,3})\s*/\s*(?P<number>\d{1,4})(?:\s*(?P<letter>[A-Z]{1,2})(?![A-Za-z]))?"
    r"|(?P<old_number>\d{1,4})(?:\s*(?P<old_letter>[A-H])(?![A-Za-z]))?"
    r"\s*[(（]\s*(?P<old_session>(?:E?S-)?[IVXLC]+)\s*[)）])"
)
RESOLUTION_NUMBER_RE = re.compile(RESOLUTION_NUMBER)


def roman_to_int(roman: str) -> int:
    total = 0
    for i, ch in enumerate(roman):
        value = ROMAN[ch]
        if i + 1 < len(roman) and ROMAN[roman[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def int_to_roman(n: int) -> str:
    out = []
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"),
                           (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


@dataclass(frozen=True)
class ResolutionNumber:
    session: int
    session_type: str  # regular | special | emergency_special
    number: str        # "47", "75E", "2", "3363"
    body: str          # the part after "A/RES/": "68/47", "S-10/2", "3363(XXX)"

    @property
    def symbol(self) -> str:
        return "A/RES/" + self.body


def parse_resolution_number(match: re.Match) -> ResolutionNumber:
    g = match.groupdict()
    if g.get("kind"):
        kind = "special" if g["kind"] == "S" else "emergency_special"
        session = int(g["special_session"])
        return ResolutionNumber(session, kind, g["special_number"],
                                f"{g['kind']}-{session}/{g['special_number']}")
    if g.get("session"):
        number = g["number"] + (g.get("letter") or "")
        return ResolutionNumber(int(g["session"]), "regular", number,
                                f"{int(g['session'])}/{number}")
    roman = g["old_session"]
    kind, _, numeral = roman.rpartition("-")
    session_type = {"": "regular", "S": "special", "ES": "emergency_special"}[kind]
    return ResolutionNumber(roman_to_int(numeral), session_type,
                            g["old_number"] + (g.get("old_letter") or ""),
                            f"{g['old_number']}({roman})")


# -- division labels ---------------------------------------------------------------

_ARABIC_LETTER_NAMES = {"ألف": "a", "باء": "b", "جيم": "c", "دال": "d", "هاء": "e", "واو": "f",
                        "زاي": "g", "حاء": "h", "طاء": "i", "ياء": "j", "كاف": "k", "لام": "l"}
_CHINESE_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                     "九": 9, "十": 10, "十一": 11, "十二": 12, "十三": 13, "十四": 14, "十五": 15}
_CYRILLIC_CAPITALS = "АБВГДЕЖЗИКЛМН"


def division_key(text: str) -> str | None:
    """s-prefix key of a printed division label (clause ids "s2.op1"): roman -> arabic,
    letters -> lower case, Arabic letter names and Chinese numerals the same way.
    Shared by both front ends, so that their section ids agree."""
    if not text:
        return None
    token = text.split()[0].rstrip(".:)-–")
    # A lone C, D, L or M is a letter (sections A, B, C, D), not 100, 500 ...
    if re.fullmatch(r"[IVXLC]{1,6}", token) and token not in ("C", "D", "L", "M"):
        return str(roman_to_int(token))
    if re.fullmatch(r"[A-Z]", token):
        return token.lower()
    if len(token) == 1 and token in _CYRILLIC_CAPITALS:
        return chr(ord("a") + _CYRILLIC_CAPITALS.index(token))
    if re.fullmatch(r"\d{1,3}", token):
        return token
    if token in _ARABIC_LETTER_NAMES:
        return _ARABIC_LETTER_NAMES[token]
    if token in _CHINESE_NUMERALS:
        return str(_CHINESE_NUMERALS[token])
    m = re.match(r"^([一二三四五六七八九十]{1,3})(?![\u4e00-\u9fff])", token)
    if m and m.group(1) in _CHINESE_NUMERALS:
        return str(_CHINESE_NUMERALS[m.group(1)])
    return None
