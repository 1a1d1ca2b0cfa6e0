"""Series: which earlier resolution a resolution renews.

Most of the Assembly's work is renewal: a resolution is adopted again, a
session or a few later, with most of its paragraphs carried over. The
predecessor of a resolution is the latest earlier resolution of its series,
decided once for all its language versions from this evidence:

- title: the same title in a language both have, numbers aside ("Working
  Capital Fund for 2021" continues "... for 2020"); where they have no
  language in common (a Chinese-only and an English-only text), the same
  titles as the two language versions of a third resolution;
- similar title: titles at least `NEAR_TITLE` alike in a language both have
  (titles are extended, and their translations revised);
- citation: the resolution cites the earlier one in its paragraphs
  ("Recalling its resolution 78/45 of 4 December 2023");
- agenda item: both were adopted under the same agenda item (its number,
  which moves between sessions, so alone it is weak evidence).

An earlier resolution with the same title belongs to the series. One that
only has a similar title, is only cited or only shares the agenda item
belongs to it when the texts show it: at least `MIN_CARRIED` of its
paragraphs recur word for word in some language version, and make at least
`MIN_COVERED` of the new one's (for a similar
title, recur or are found edited: a reworded title, or a revised
translation, often rewords every paragraph the same way). Among the members,
the predecessor is the one of the latest session; within a session, the one
with the same title, then the one of the same part letter among parts
adopted together (the parts A, B of a resolution adopted in parts on one day
continue the parts of the same letter), then the one cited, then the one
with a similar title, then the one sharing most paragraphs. Parts of one resolution (75/250A, 75/250B) are never each
other's predecessor.

The same decision is taken again for each language version, from its own
title, citations and text only, to check that the language versions agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ..corpus import RESOLUTION_SYMBOL
from .textdiff import similarity

# An earlier resolution only cited, only under the same agenda item or only
# with a similar title is in the series when this share of its paragraphs
# recurs word for word.
MIN_CARRIED = 0.5
# Paragraph texts shorter than this are too common to count as carried over
# ("* * *", "I", a heading).
MIN_PARAGRAPH_LENGTH = 12
# ... and they make at least this share of its paragraphs (a small resolution
# whose paragraphs are taken up in a larger one is not its predecessor).
MIN_COVERED = 0.25
# ... or, for a similar title, when this share recurs word for word and the
# alignment finds at least MIN_CARRIED carried over, edited or not.
MIN_ALIGNED_FROM = 0.2
# Titles of one language this alike (Indel ratio) are similar.
NEAR_TITLE = 0.8

BASES = ("title", "part", "citation", "similar_title", "agenda_item")

_DIGITS = re.compile(r"\d+")


def normalise_title(title: str | None) -> str:
    """Titles compared without case, spacing, punctuation (commas, quotes,
    dashes, brackets such as 《》), accents and vowel marks (Arabic harakat)."""
    if not title:
        return ""
    text = unicodedata.normalize("NFKD", title).casefold()
    kept = []
    for ch in text:
        kind = unicodedata.category(ch)
        if kind[0] == "M":
            continue
        kept.append(" " if kind[0] in "PZ" or kind == "Sm" else ch)
    return " ".join("".join(kept).split())


def without_numbers(title: str) -> str:
    """A normalised title with its numbers (years, sections) as '#'."""
    return _DIGITS.sub("#", title)


@dataclass
class Resolution:
    """What the series decision knows of one resolution (all its versions)."""

    symbol: str
    rank: int                      # the regular session in time (see `session_rank`)
    adopted: date | None
    base: str                      # the symbol without its part letter
    letter: str
    titles: dict[str, str]         # language -> normalised title ("" if none)
    agenda: frozenset              # agenda items ("98 (b)"; "13 and 117" is two)
    cites: dict[str, set[str]] = field(default_factory=dict)   # language -> cited symbols
    # language -> its paragraphs (any hashable standing for a text: equal for equal
    # texts) long enough to count as carried over
    paragraphs: dict[str, frozenset] = field(default_factory=dict)
    # language -> its texts in order (a list, or anything with a `texts` list)
    texts: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Link:
    symbol: str
    predecessor: str
    basis: str                     # one of BASES
    same_title: bool
    cites_predecessor: bool
    same_agenda_item: bool
    carried: float | None          # share of the predecessor's paragraphs recurring exactly


def session_rank(symbol: str, adopted: date | None) -> int:
    """The regular session a resolution belongs to in time: its own number for
    a regular session; for special and emergency special sessions, the regular
    session during which it was adopted (a session opens in September)."""
    m = RESOLUTION_SYMBOL.match(symbol)
    if m and not m.group("kind"):
        return int(m.group("session"))
    if adopted is not None:
        return adopted.year - 1945 if adopted.month >= 9 else adopted.year - 1946
    return int(m.group("session")) if m else 0


def agenda_items(agenda: str | None) -> frozenset:
    """"13 and 117" -> {"13", "117"}; "98 (b)" stays one item."""
    if not agenda:
        return frozenset()
    return frozenset(" ".join(p.split()) for p in re.split(r",|\band\b|;", agenda) if p.strip())


def split_symbol(symbol: str) -> tuple[str, str]:
    m = RESOLUTION_SYMBOL.match(symbol)
    if not m or not m.group("letter"):
        return symbol, ""
    return symbol[:-len(m.group("letter"))], m.group("letter")


def carried_share(old: Resolution, new: Resolution, languages) -> tuple[float, float] | None:
    """In the language (of those given that both have) where most of the old
    resolution's paragraphs recur word for word in the new one: that share,
    and the share of the new one's paragraphs they make. None if they share
    no language."""
    best = None
    for lang in languages:
        a, b = old.paragraphs.get(lang), new.paragraphs.get(lang)
        if not a or not b:
            continue
        common = len(a & b)
        found = (common / len(a), common / len(b))
        if best is None or found > best:
            best = found
    return best


@dataclass
class Index:
    """The lookups the decision needs, over every resolution."""

    resolutions: dict[str, Resolution]
    by_title: dict = field(default_factory=lambda: defaultdict(list))    # (lang, title)
    by_numbers: dict = field(default_factory=lambda: defaultdict(list))  # (lang, title #)
    by_agenda: dict = field(default_factory=lambda: defaultdict(list))
    carried: dict = field(default_factory=dict)                          # cache


def index(resolutions: dict[str, Resolution]) -> Index:
    found = Index(resolutions)
    for symbol, r in resolutions.items():
        for lang, title in r.titles.items():
            if title:
                found.by_title[lang, title].append(symbol)
                if _DIGITS.search(title):
                    found.by_numbers[lang, without_numbers(title)].append(symbol)
        for item in r.agenda:
            found.by_agenda[item].append(symbol)
    return found


@dataclass
class Evidence:
    symbol: str
    same_title: bool = False
    similar_title: bool = False
    cited: bool = False
    same_agenda: bool = False


def candidates(r: Resolution, idx: Index) -> dict[str, Evidence]:
    """Earlier resolutions that share a title, a title but for its numbers, a
    citation (in any language) or an agenda item with `r`. Their title
    evidence is settled by `title_evidence`."""
    found: dict[str, Evidence] = {}

    def add(symbol: str) -> Evidence | None:
        other = idx.resolutions.get(symbol)
        if other is None or other.base == r.base or not _earlier(other, r):
            return None
        if symbol not in found:
            found[symbol] = Evidence(symbol)
        return found[symbol]

    for lang, title in r.titles.items():
        if not title:
            continue
        for symbol in idx.by_title.get((lang, title), ()):
            add(symbol)
            # A third resolution's translations bridge languages r lacks.
            for other_lang, other_title in idx.resolutions[symbol].titles.items():
                if other_title and other_lang not in r.titles:
                    for bridged in idx.by_title.get((other_lang, other_title), ()):
                        add(bridged)
        if _DIGITS.search(title):
            for symbol in idx.by_numbers.get((lang, without_numbers(title)), ()):
                add(symbol)
    for cited in r.cites.values():
        for symbol in cited:
            if (e := add(symbol)) is not None:
                e.cited = True
    for item in r.agenda:
        for symbol in idx.by_agenda.get(item, ()):
            if (e := add(symbol)) is not None:
                e.same_agenda = True
    return found


def title_evidence(r: Resolution, other: Resolution, idx: Index,
                   language: str | None = None) -> tuple[bool, bool]:
    """(same title, similar title) of `other` for `r`, in every language both
    have, or in `language` only."""
    languages = [language] if language else [l for l in r.titles if l in other.titles]
    same = similar = False
    common = False
    for lang in languages:
        mine, theirs = r.titles.get(lang), other.titles.get(lang)
        if not mine or not theirs:
            continue
        common = True
        if mine == theirs or without_numbers(mine) == without_numbers(theirs):
            same = True
        elif similarity(mine, theirs) >= NEAR_TITLE:
            similar = True
    if not common and language is None:
        same = _bridged(r, other, idx)
    return same, similar and not same


def _bridged(r: Resolution, other: Resolution, idx: Index) -> bool:
    """No language in common: does a third resolution carry r's title in one
    language and the other's in another?"""
    theirs = {(lang, t) for lang, t in other.titles.items() if t}
    for lang, title in r.titles.items():
        if not title:
            continue
        for symbol in idx.by_title.get((lang, title), ()):
            third = idx.resolutions[symbol]
            if symbol not in (r.symbol, other.symbol) and any(
                    (l, t) in theirs for l, t in third.titles.items() if t):
                return True
    return False


def _earlier(a: Resolution, b: Resolution) -> bool:
    if a.adopted is not None and b.adopted is not None:
        return a.adopted < b.adopted
    return a.rank < b.rank


def choose(r: Resolution, idx: Index, language: str | None = None,
           pool: dict[str, Evidence] | None = None) -> Link | None:
    """The predecessor of `r`, or None. With `language`, decided from the
    evidence of that language version only (its title, citations and text).
    `pool`: `candidates(r, idx)`, when already known."""
    pool = candidates(r, idx) if pool is None else pool
    if not pool:
        return None
    languages = (language,) if language else tuple(sorted(r.paragraphs))
    members = []
    for symbol in sorted(pool):
        e = pool[symbol]
        other = idx.resolutions[symbol]
        same, similar = title_evidence(r, other, idx, language)
        cited = e.cited if language is None else symbol in r.cites.get(language, ())
        if not (same or similar or cited or e.same_agenda):
            continue
        shares = _carried(other, r, languages, idx)
        if similar and not same and shares is not None \
                and MIN_ALIGNED_FROM <= shares[0] < MIN_CARRIED:
            # A title reworded, or its translation revised, often with the
            # same words in every paragraph: count the paragraphs edited too.
            shares = _aligned(other, r, languages, idx)
        carried = shares[0] if shares else None
        if same or (shares is not None and shares[0] >= MIN_CARRIED
                    and shares[1] >= MIN_COVERED):
            members.append((Evidence(symbol, same, similar, cited, e.same_agenda), other,
                            carried))
    if not members:
        return None

    # Parts adopted together (the same day) continue the parts of the same
    # letter; parts adopted months apart (financing: A in December, B in June)
    # do not correspond by letter.
    together = {m[1].symbol for m in members for n in members
                if n[1].base == m[1].base and n[1].symbol != m[1].symbol
                and n[1].adopted == m[1].adopted}

    def rank(member):
        e, other, carried = member
        return (other.rank, e.same_title,
                bool(r.letter) and other.letter == r.letter and other.symbol in together,
                e.cited, e.similar_title, carried or 0.0, other.adopted or date.min,
                _symbol_order(other.symbol))

    members.sort(key=rank, reverse=True)
    e, other, carried = members[0]
    basis = ("title" if e.same_title else "citation" if e.cited
             else "similar_title" if e.similar_title else "agenda_item")
    if e.same_title and r.letter and other.letter == r.letter and other.symbol in together \
            and any(m[0].same_title and m[1].base == other.base and m[1].symbol != other.symbol
                    for m in members[1:]):
        basis = "part"  # the same title for several parts: the letter decided
    return Link(r.symbol, other.symbol, basis, e.same_title, e.cited, e.same_agenda, carried)


def _carried(other: Resolution, r: Resolution, languages: tuple, idx: Index) -> float | None:
    key = (other.symbol, r.symbol, languages)
    if key not in idx.carried:
        idx.carried[key] = carried_share(other, r, languages)
    return idx.carried[key]


def _aligned(other: Resolution, r: Resolution, languages: tuple, idx: Index
             ) -> tuple[float, float] | None:
    """As `carried_share`, counting the paragraphs the alignment carries over
    (unchanged, edited or moved)."""
    from .align import align
    key = ("aligned", other.symbol, r.symbol, languages)
    if key not in idx.carried:
        best = None
        for lang in languages:
            old, new = _listed(other.texts.get(lang)), _listed(r.texts.get(lang))
            if not old or new is None:
                continue
            if not new:
                continue
            rows = align(old, new, lang)
            kept = sum(1 for row in rows if row.old is not None and row.new is not None)
            found = (kept / len(old), kept / len(new))
            best = found if best is None else max(best, found)
        idx.carried[key] = best
    return idx.carried[key]


def _listed(texts) -> list[str] | None:
    return texts if texts is None or isinstance(texts, list) else texts.texts


def _symbol_order(symbol: str) -> tuple:
    m = RESOLUTION_SYMBOL.match(symbol)
    if not m:
        return (0, 0, symbol)
    return (int(m.group("session")), int(m.group("number")), m.group("letter"))
