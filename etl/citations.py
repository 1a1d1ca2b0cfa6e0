"""Find the references a resolution makes, in any clean text.

    >>> [c.target for c in find_citations("回顾其 1994年12月15日第49/75E号决议")]
    ['A/RES/49/75E']

`find_citations(text)` returns typed `Citation` records with spans into
`text`, in text order. It needs nothing else from the ETL.

Forms recognised in Chinese (the words come from etl.lang.zh):
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

Forms recognised in English (words from etl.lang.en):
- "resolution 50/70 M of 12 December 1995", lists with a date per item
  ("resolutions 50/70 P of 12 December 1995, 51/45 O of ... and 71/63 of
  5 December 2016"), resolutions before 1976 ("217 A (III)", "2200 A (XXI)":
  A/RES/217(III)), special sessions ("S-10/2", "ES-10/14");
- the adopting organ before the word: "Security Council resolution 2231
  (2015)" (a number with a year is always the Council's), "Human Rights
  Council resolution 43/1" (A/HRC/RES/43/1), "Economic and Social Council
  resolution 2021/10" (E/RES/2021/10); other organs' resolutions, and
  numbers that name no symbol ("resolutions 2 and 3" of a conference), are
  "other";
- "decision 52/492" (target "52/492");
- document symbols as above, "S/RES/1540 (2004)", and "A/77/385, para. 110"
  (the paragraph is not part of the symbol);
- "United Nations, Treaty Series, vol. 729, No. 10485" (UNTS 729/10485), and
  "Ibid., vol. 1974, No. 33757" after one;
- "Ibid." in a footnote: the last reference of the footnote before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .lang import en, zh
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


def _opening_with(first: str, pattern: str) -> re.Pattern:
    """`pattern`, which can only match at one of the characters of the class
    `first`, with that said in front: a pattern that opens with an optional
    part or a look-behind is otherwise tried in full at every character of the
    text, and searching runs several times faster with the look-ahead."""
    return re.compile(f"(?=[{first}])(?:{pattern})")


# One item of a list of resolutions or decisions: [date] [第] number 号. It opens
# with its date's year, the ordinal prefix or the number (a digit, or the E/S of
# "ES-10/14", "S-10/2").
_ITEM = _opening_with(
    rf"\d{lang.ORDINAL_PREFIX}ES",
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
        """The Chinese undocs.org address; for any language use `undocs_url`."""
        if self.target_type in ("ga_resolution", "sc_resolution", "un_document"):
            return f"https://undocs.org/{lang.UNDOCS_SEGMENT}/{self.target}"
        return None


# undocs.org's language segment for each ISO 639-1 code (German documents are
# not on undocs.org: the link gives the English version).
_UNDOCS_SEGMENT = {"ar": "ar", "zh": "zh", "en": "en", "fr": "fr", "ru": "ru", "es": "es",
                   "de": "en"}


def undocs_url(target: str, target_type: str, language: str) -> str | None:
    """The undocs.org address of a cited UN document in this language, if it has one."""
    if target_type in ("ga_resolution", "sc_resolution", "un_document"):
        return f"https://undocs.org/{_UNDOCS_SEGMENT.get(language, 'en')}/{target}"
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
    month = m.group("m")
    try:
        return date(int(m.group("y")), en.MONTHS.get(month) or int(month), int(m.group("d")))
    except ValueError:
        return None


def _symbol_type(symbol: str) -> str:
    if symbol.startswith("A/RES/"):
        return "ga_resolution"
    if symbol.startswith("S/RES/"):
        return "sc_resolution"
    return "un_document" if _UN_SERIES.match(symbol) else "other"


_SC_YEAR = re.compile(r"\s*[(（]\s*\d{4}\s*[)）]")


def _find_symbols(text: str, date_before: re.Pattern | None = _DATE_BEFORE) -> list[Citation]:
    found = []
    if "/" not in text:
        return found  # every symbol has one; this check is cheaper than the search
    for m in _SYMBOL.finditer(text):
        sym = m.group("sym")
        if not re.search(r"\d", sym):
            continue
        end = m.end()
        if re.fullmatch(r"S\s*/\s*RES\s*/\s*\d+", sym) and not m.group("mod"):
            # "S/RES/1540 (2004)": the Council's year is part of the symbol.
            year = _SC_YEAR.match(text, end)
            if year:
                end = year.end()
        while text[end - 1] in ".-":
            end -= 1  # a sentence's full stop is not part of the symbol
        raw = text[m.start():end]
        target = normalise_symbol(raw)
        before = date_before.search(text, 0, m.start()) if date_before else None
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


# ------------------------------------------------------------------ English

_EN_DATE = en.DATE_IN_TEXT
_EN_ITEM = re.compile(
    rf"(?<![/A-Za-z0-9.\-])(?P<num>{_SC_NUMBER}|{RESOLUTION_NUMBER}"
    r"|(?P<ecosoc>(?:19|20)\d\d/\d{1,3})|(?P<bare>\d{1,4}))(?![\d/])"
    rf"(?:,?\s+of\s+{_EN_DATE})?"
)
_EN_GLUE = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+as well as\s+)")
_EN_KEYWORD = _opening_with("RrDd", r"\b(?P<word>[Rr]esolution|[Dd]ecision)(?P<plural>s)?\s+")
# Organs whose resolutions have symbols of their own.
_ORGANS = (("Security Council", "sc"), ("Human Rights Council", "hrc"),
           ("Economic and Social Council", "ecosoc"), ("General Assembly", "ga"))
# The last word of an organ's name ("Commission on Narcotic Drugs" ends
# otherwise, and is matched by its first word).
_OTHER_ORGAN = re.compile(
    r"(?:Council|Commission|Conference|Assembly|Board|Committee|Organization|Parties|Forum"
    r"|Meeting|Union|Congress|Summit|Drugs|Women|Development|Rights|Settlements)\s*$")
_EN_TREATY = _opening_with(
    "UT", r"(?:United Nations,\s*)?Treaty Series,\s*vol\.\s*(?P<vol>\d+),\s*No\.\s*(?P<no>\d+)")
_EN_IBID_TREATY = re.compile(r"Ibid\.,\s*vol\.\s*(?P<vol>\d+),\s*No\.\s*(?P<no>\d+)")
_EN_IBID = _opening_with("I", r"(?<![A-Za-z])Ibid\.")


def _organ(text: str, keyword_start: int) -> str | None:
    """'sc', 'hrc', 'ecosoc', 'ga', 'other' or None (no organ named: the
    General Assembly's own)."""
    before = text[max(0, keyword_start - 60):keyword_start].rstrip()
    for name, code in _ORGANS:
        if before.endswith(name):
            return code
    return "other" if _OTHER_ORGAN.search(before) else None


def _en_target(item: re.Match, word: str, organ: str | None) -> tuple[str, str]:
    number = item.group("num")
    if item.group("sc_number"):
        return f"S/RES/{item.group('sc_number')}({item.group('sc_year')})", "sc_resolution"
    if item.group("bare") or organ == "other":
        return word + " " + " ".join(number.split()), "other"
    if item.group("ecosoc"):
        if organ == "ecosoc":
            return f"E/RES/{number}", "un_document"
        return f"{word} {number}", "other"
    parsed = parse_resolution_number(item)
    if organ == "hrc":
        return f"A/HRC/RES/{parsed.body}", "un_document"
    if organ == "ecosoc":
        return f"E/RES/{parsed.body}", "un_document"
    if word == "decision":
        return parsed.body, "ga_decision"
    return parsed.symbol, "ga_resolution"


def _find_acts_en(text: str, taken: list[tuple[int, int]]) -> list[Citation]:
    """"resolution(s)/decision(s)" followed by one item or a list of items,
    each with its own "of <date>"."""
    found: list[Citation] = []
    for kw in _EN_KEYWORD.finditer(text):
        first = _EN_ITEM.match(text, kw.end())
        if first is None:
            continue
        group = [first]
        end = first.end()
        while kw.group("plural") and (glue := _EN_GLUE.match(text, end)) \
                and (nxt := _EN_ITEM.match(text, glue.end())):
            group.append(nxt)
            end = nxt.end()
        word = kw.group("word").lower()
        organ = _organ(text, kw.start())
        for item in group:
            if item.group("bare") and len(group) == 1 and organ is None:
                continue  # "resolution 5" alone names nothing
            start = kw.start() if item is first else item.start()
            if any(a < item.end() and start < b for a, b in taken):
                continue
            target, target_type = _en_target(item, word, organ)
            found.append(Citation(text[start:item.end()], target, target_type, _date(item),
                                  start, item.end()))
    return found


def _find_treaties_en(text: str, previous: list[Citation] | None) -> list[Citation]:
    found = [Citation(m.group(0), f"UNTS {m.group('vol')}/{m.group('no')}", "treaty_series",
                      None, m.start(), m.end()) for m in _EN_TREATY.finditer(text)]
    if previous and any(c.target_type == "treaty_series" for c in previous):
        found += [Citation(m.group(0), f"UNTS {m.group('vol')}/{m.group('no')}",
                           "treaty_series", None, m.start(), m.end())
                  for m in _EN_IBID_TREATY.finditer(text)]
    return found


def _find_ibid_en(text: str, previous: list[Citation] | None,
                  taken: list[tuple[int, int]]) -> list[Citation]:
    """"Ibid." cites again the last reference of the footnote before."""
    if not previous:
        return []
    last = previous[-1]
    return [Citation(m.group(0), last.target, last.target_type, last.target_date,
                     m.start(), m.end())
            for m in _EN_IBID.finditer(text)
            if not any(a < m.end() and m.start() < b for a, b in taken)]


def _find_citations_en(text: str, previous: list[Citation] | None) -> list[Citation]:
    symbols = _find_symbols(text, None)
    taken = [(c.start, c.end) for c in symbols]
    acts = _find_acts_en(text, taken)
    taken += [(c.start, c.end) for c in acts]
    treaties = [c for c in _find_treaties_en(text, previous)
                if not any(a < c.end and c.start < b for a, b in taken)]
    taken += [(c.start, c.end) for c in treaties]
    ibid = _find_ibid_en(text, previous, taken)
    return sorted(symbols + acts + treaties + ibid, key=lambda c: (c.start, c.end))


_GRAMMARS = {"en": _find_citations_en}


def has_grammar(language: str) -> bool:
    """Does find_citations know how this language cites? (Else it finds nothing.)"""
    return language in _GRAMMARS or language == zh.CODE


def find_citations(text: str, previous: list[Citation] | None = None,
                   language: str = "zh") -> list[Citation]:
    """Every reference in `text`, in order.

    `previous` is what the footnote before this one cited, for resolving
    "同上" / "Ibid.". `language` (ISO 639-1) chooses the grammar; a
    language without a grammar yields no citations.
    """
    if language in _GRAMMARS:
        return _GRAMMARS[language](text, previous)
    if language != zh.CODE:
        return []
    symbols = _find_symbols(text)
    taken = [(c.start, c.end) for c in symbols]
    acts = _find_numbered_acts(text, taken)
    taken += [(c.start, c.end) for c in acts]
    treaties = [c for c in _find_treaties(text, previous)
                if not any(a < c.end and c.start < b for a, b in taken)]
    return sorted(symbols + acts + treaties, key=lambda c: (c.start, c.end))
