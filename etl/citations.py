"""Find the references a resolution makes, in any clean text.

    >>> [c.target for c in find_citations("回顾其 1994年12月15日第49/75E号决议")]
    ['A/RES/49/75E']

`find_citations(text)` returns typed `Citation` records with spans into
`text`, in text order. It needs nothing else from the ETL.

Forms recognised (the general grammar; Chinese words come from etl.lang.zh):
- GA resolutions "第 49/75 E 号决议", "S-10/2 号决议", "第 3363 (XXX) 号决议",
  also in coordinated lists where only the last item says 号决议
  ("第 50/70P号、……和第 67/60 号决议"), each item with its own date;
- Security Council resolutions "第 1718(2006)号决议";
- GA decisions "第 52/492 号决定" (target "52/492": decisions have no symbol);
- document symbols (A/68/411, CD/8/Rev.9, A/67/506-S/2012/752,
  NPT/CONF.1995/32 (Part I), GC(48)/RES/14, INFCIRC/540 ...), normalised
  without internal spaces;
- the United Nations Treaty Series "《条约汇编》，第 729 卷，第 10485 号"
  (target "UNTS 729/10485"), and "同上，第 N 卷，第 M 号" after one.
A date written just before a reference ("1994年12月15日第49/75E号决议") is
the cited act's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .lang import zh as lang
from .symbols import RESOLUTION_NUMBER, parse_resolution_number

TARGET_TYPES = ("ga_resolution", "ga_decision", "sc_resolution", "un_document",
                "treaty_series", "other")

# Series whose documents undocs.org serves; others (IAEA's GC(..), INFCIRC) are "other".
_UN_SERIES = re.compile(
    r"^(?:A|S|E|ST|CD|NPT|CTBT-Art\.XIV|DC|TD|UNEP|DP|CEDAW|CRC|CCPR|HRC|CERD|CAT|ICCD|FCCC"
    r"|ECE|ESCAP|ECA|ECLAC|ESCWA|UNW|ITLOS|ISBA|SPLOS|UNCTAD|APLC|CCW|BWC)\b"
)

_DATE = lang.DATE_IN_TEXT
_SC_NUMBER = r"(?P<sc_number>\d{1,5})\s*[(（]\s*(?P<sc_year>\d{4})\s*[)）]"
# One item of a list of resolutions or decisions: [date] [第] number 号
_ITEM = re.compile(
    rf"(?:{_DATE}\s*)?(?:{lang.ORDINAL_PREFIX}\s*)?"
    rf"(?<![/A-Za-z0-9.\-])(?P<num>{_SC_NUMBER}|{RESOLUTION_NUMBER})(?P<hao>\s*{lang.NUMBER_WORD})?"
)
_LIST_GLUE = re.compile(rf"\s*(?:{'|'.join(map(re.escape, lang.LIST_GLUE))})\s*")
_KIND_WORD = re.compile(rf"\s*({lang.RESOLUTION_WORD}|{lang.DECISION_WORD})")

# Document symbols. A component is letters, digits, dots and hyphens, with an
# optional all-digit parenthesis ("GC(48)", "1540(2004)", "DEC(2004)").
_COMPONENT = r"[A-Za-z0-9][A-Za-z0-9.\-−]*(?:[(（]\d+[)）])?"
_SYMBOL = re.compile(
    rf"(?<![A-Za-z0-9/.\-])(?P<sym>[A-Z][A-Za-z.\-]*(?:[(（]\d+[)）])?(?:\s*/\s*{_COMPONENT})+)"
    r"(?P<mod>\s*[(（]\s*(?:Parts?|Vols?\.?)\s*[IVXLC]+(?:\s*(?:[-−–]|and|,|"
    + "|".join(map(re.escape, lang.SYMBOL_WORDS)) + r")\s*[IVXLC]+)*\s*[)）])?"
)
_TREATY = re.compile(
    rf"《{lang.TREATY_SERIES}》\s*[，,]\s*{lang.ORDINAL_PREFIX}\s*(?P<vol>\d+)\s*{lang.VOLUME_WORD}"
    rf"\s*[，,]\s*{lang.ORDINAL_PREFIX}\s*(?P<no>\d+)\s*{lang.NUMBER_WORD}"
)
_IBID_TREATY = re.compile(
    rf"{lang.IBID}\s*[，,]\s*{lang.ORDINAL_PREFIX}\s*(?P<vol>\d+)\s*{lang.VOLUME_WORD}"
    rf"\s*[，,]\s*{lang.ORDINAL_PREFIX}\s*(?P<no>\d+)\s*{lang.NUMBER_WORD}"
)
_DATE_BEFORE = re.compile(
    rf"{_DATE}\s*(?:{'|'.join(lang.DATE_LINKS)})?\s*(?:{lang.ORDINAL_PREFIX}\s*)?$")


@dataclass(frozen=True)
class Citation:
    raw: str               # as printed in the clean text
    target: str            # canonical id: A/RES/49/75E, S/RES/1540(2004), 52/492, UNTS 729/10485
    target_type: str       # one of TARGET_TYPES
    target_date: date | None
    start: int
    end: int

    @property
    def url(self) -> str | None:
        if self.target_type in ("ga_resolution", "sc_resolution", "un_document"):
            return f"https://undocs.org/{lang.UNDOCS_SEGMENT}/{self.target}"
        return None


def normalise_symbol(raw: str) -> str:
    """'NPT/CONF.1995/32 (Part I)' -> 'NPT/CONF.1995/32(PartI)'."""
    s = raw.replace("（", "(").replace("）", ")").replace("−", "-").replace("–", "-")
    for word, english in lang.SYMBOL_WORDS.items():
        s = s.replace(word, english)
    s = re.sub(r"\s+", "", s).rstrip(".-")
    # "(Part I and II)" names several parts: the catalogue writes "(Parts I and II)".
    return re.sub(r"\((Part|Vol\.?)(?=[IVXLC]+(?:and|-|,))", lambda m: "(" + m.group(1).rstrip(".") + "s"
                  + ("." if m.group(1).endswith(".") else ""), s)


def _date(m: re.Match | None) -> date | None:
    if not m or not m.group("y"):
        return None
    try:
        return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


def _symbol_type(symbol: str) -> str:
    if symbol.startswith("A/RES/"):
        return "ga_resolution"
    if symbol.startswith("S/RES/"):
        return "sc_resolution"
    return "un_document" if _UN_SERIES.match(symbol) else "other"


def _find_symbols(text: str) -> list[Citation]:
    found = []
    for m in _SYMBOL.finditer(text):
        sym = m.group("sym")
        if not re.search(r"\d", sym):
            continue
        end = m.end()
        raw = text[m.start():end]
        target = normalise_symbol(raw)
        before = _DATE_BEFORE.search(text, 0, m.start())
        found.append(Citation(raw, target, _symbol_type(target), _date(before), m.start(), end))
    return found


def _find_numbered_acts(text: str, taken: list[tuple[int, int]]) -> list[Citation]:
    """Resolutions and decisions cited by number, alone or in coordinated lists.

    A list ("第 50/70P号、1996年12月10日第 51/45 O号……和第 67/60 号决议")
    names the kind of act once, after its last item; every item is an act of
    that kind, with its own date if one is written before it.
    """
    found: list[Citation] = []
    pos = 0
    while (first := _ITEM.search(text, pos)) is not None:
        group = [first]
        end = first.end()
        while (glue := _LIST_GLUE.match(text, end)) and (nxt := _ITEM.match(text, glue.end())):
            group.append(nxt)
            end = nxt.end()
        kind = _KIND_WORD.match(text, end)
        if kind is None or not group[-1].group("hao"):
            pos = first.end()
            continue
        pos = kind.end()
        for item in group:
            end = kind.end() if item is group[-1] else item.end()
            start = _raw_start(text, item)
            if any(a < end and start < b for a, b in taken):
                continue
            target, target_type = _act_target(item, kind.group(1))
            found.append(Citation(text[start:end], target, target_type, _date(item), start, end))
    return found


def _raw_start(text: str, item: re.Match) -> int:
    """The citation's raw text starts at 第 (or the number), after any date."""
    num = item.start("num")
    head = text[item.start():num].rstrip()
    if head.endswith(lang.ORDINAL_PREFIX):
        return item.start() + len(head) - len(lang.ORDINAL_PREFIX)
    return num


def _act_target(item: re.Match, word: str) -> tuple[str, str]:
    if item.group("sc_number"):
        target = f"S/RES/{item.group('sc_number')}({item.group('sc_year')})"
        return target, "sc_resolution"
    number = parse_resolution_number(item)
    if word == lang.DECISION_WORD:
        return number.body, "ga_decision"
    return number.symbol, "ga_resolution"


def _find_treaties(text: str, previous: list[Citation] | None) -> list[Citation]:
    found = [Citation(m.group(0), f"UNTS {m.group('vol')}/{m.group('no')}", "treaty_series",
                      None, m.start(), m.end()) for m in _TREATY.finditer(text)]
    if previous and any(c.target_type == "treaty_series" for c in previous):
        found += [Citation(m.group(0), f"UNTS {m.group('vol')}/{m.group('no')}",
                           "treaty_series", None, m.start(), m.end())
                  for m in _IBID_TREATY.finditer(text)]
    return found


def find_citations(text: str, previous: list[Citation] | None = None) -> list[Citation]:
    """Every reference in `text`, in order.

    `previous` is what the footnote before this one cited, for resolving
    "同上" (ibid.).
    """
    symbols = _find_symbols(text)
    taken = [(c.start, c.end) for c in symbols]
    acts = _find_numbered_acts(text, taken)
    taken += [(c.start, c.end) for c in acts]
    treaties = [c for c in _find_treaties(text, previous)
                if not any(a < c.end and c.start < b for a, b in taken)]
    return sorted(symbols + acts + treaties, key=lambda c: (c.start, c.end))
