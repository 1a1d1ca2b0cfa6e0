"""Member State names as the UN prints them -> ISO 3166-1 alpha-3 codes.

The codes come from pycountry (the ISO 3166 data of Debian's iso-codes).
The UN writes names its own way, and this module bridges the two:

* UN short names put the qualifier in brackets ("BOLIVIA (PLURINATIONAL
  STATE OF)") where ISO puts it after a comma ("Bolivia, Plurinational State
  of"); both forms are folded to the same key.
* ISO's inverted names ("Korea, Republic of", "Congo, The Democratic Republic
  of the") are also indexed the UN way round ("Republic of Korea",
  "Democratic Republic of the Congo"), and by the part before the comma when
  that part names one country only ("Netherlands").
* Case, accents, apostrophes, hyphens and spacing are folded: TÜRKİYE,
  TÜRKIYE, TURKIYE and Türkiye are one key; CÔTE D'IVOIRE and COTE
  D'IVOIRE another; Guinea-Bissau and Guinea Bissau a third.

What is left is the short list `UN_SPELLINGS` below: spellings found in the
UN's own data that no ISO name folds to. A name that maps to nothing gives
None; the caller reports it. Nothing is guessed (no fuzzy matching).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry

# Spellings in the UN's vote lists and sponsor lists that ISO 3166 does not
# know under any folding. Each entry says why it is here.
UN_SPELLINGS: dict[str, str] = {
    # The name ISO 3166 used until 2022; the UN's lists print it until the
    # rename in June 2022.
    "turkey": "TUR",
    # "TÜRKÝYE": a Y with acute accent typed for the dotted capital İ in the
    # UN's lists of the 79th session.
    "turkyye": "TUR",
}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_BRACKET = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


def fold(name: str) -> str:
    """The lookup key of a name: no accents, one case, one apostrophe, single spaces.

    A qualifier in brackets becomes a comma qualifier, the way ISO writes it:
    "Iran (Islamic Republic of)" and "Iran, Islamic Republic of" fold alike.
    """
    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # hyphens as spaces: "Guinea-Bissau", "Guinea Bissau" and "Guinea -Bissau" are one name
    text = " ".join(re.sub(r"[-\u2010\u2011\u2013]", " ", text.replace("\u00a0", " ")).split()).casefold()
    text = re.sub(r"'+", "'", text)   # "People’'s", typed with two apostrophes
    match = _BRACKET.match(text)
    if match:
        text = f"{match.group(1)}, {match.group(2)}"
    return text


def _inverted(key: str) -> str | None:
    """ "korea, republic of" -> "republic of korea"; None if there is no comma."""
    head, sep, tail = key.partition(", ")
    if not sep or "," in tail:
        return None
    tail = tail[4:] if tail.startswith("the ") else tail
    return f"{tail} {head}".strip()


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """folded name -> alpha-3, ISO's own names winning over derived forms."""
    exact: dict[str, set[str]] = {}
    derived: dict[str, set[str]] = {}
    for country in pycountry.countries:
        names = [country.name]
        for attribute in ("official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names.append(value)
        for name in names:
            key = fold(name)
            exact.setdefault(key, set()).add(country.alpha_3)
            forms = [_inverted(key), key.partition(", ")[0] if ", " in key else None]
            if key.startswith("the "):
                forms.append(key[4:])
            for form in forms:
                if form:
                    derived.setdefault(form, set()).add(country.alpha_3)
    index: dict[str, str] = {}
    # A derived key shared by two countries ("korea") names neither.
    for key, codes in derived.items():
        if len(codes) == 1:
            index[key] = next(iter(codes))
    for key, codes in exact.items():
        if len(codes) == 1:
            index[key] = next(iter(codes))
    index.update(UN_SPELLINGS)
    return index


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-3 code of a country name as the UN prints it, or None.

    >>> country_code("BOLIVIA (PLURINATIONAL STATE OF)")
    'BOL'
    """
    if not name or not name.strip():
        return None
    index = _index()
    key = fold(name)
    # "NETHERLANDS (KINGDOM OF THE)" folds to "netherlands, kingdom of the";
    # ISO has the name the other way round. A leading "the" ("the Lao
    # People's Democratic Republic", "Bahamas (The)") is not part of a name.
    for candidate in (key, _inverted(key)):
        if candidate:
            candidate = candidate[4:] if candidate.startswith("the ") else candidate
            if candidate in index:
                return index[candidate]
    return None
