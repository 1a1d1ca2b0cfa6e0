"""Which resolution, which part and which language an AKN file holds.

No single source is always right (see the corpus notes, 1.3-1.5), so every
candidate is collected, the value is chosen by a fixed rule, and every
disagreement is written down with the rule that settled it.

Symbol (session and number), in order of trust:
1. the file name ("A_RES_77_205-2228931E.xml", "74_10.xml", "75_251_B_S.xml"):
   its session/number won every conflict measured on the corpus; the cover,
   FRBR URI and preface of the losing files had been copied from a
   neighbouring resolution (78/130 French says 78/13 everywhere inside);
2. when the file name holds no number: the cover docNumber, then the FRBR
   work URI, then the preface docNumber (majority of those present).
Part letter: from the components of a documentCollection (the component's
FRBR URI "74-250A", its preface docNumber "A" / Arabic "ألف", the collection's
documentRef showAs "Resolution A", else the component's position); for a single
statement from the letter of the cover docNumber ("A/RES/74/232 B"), else the
FRBR URI letter ("75-290A"), else the file name's letter. A part without letter
keeps the bare symbol (the file of part A when B is a separate file): renaming
it needs the other file, so the reader exposes `identity["parts"]`.

Language: the text itself decides: its script (Arabic, Han, Cyrillic) and,
for Latin script, the commonest function words of English, French, Spanish
and German. FRBRlanguage, the file name's letter, the docket number's letter
"(E)" and the folder are candidates; a disagreement is listed with rule
"text". Only when the text is too short to tell do the candidates vote
(FRBRlanguage first on a tie).
"""

from __future__ import annotations

import re
from collections import Counter

ISO_FROM_FRBR = {"ara": "ar", "zho": "zh", "chi": "zh", "eng": "en", "fra": "fr", "fre": "fr",
                 "rus": "ru", "spa": "es", "deu": "de", "ger": "de"}
ISO_FROM_LETTER = {"A": "ar", "C": "zh", "E": "en", "F": "fr", "R": "ru", "S": "es", "G": "de"}
ISO_FROM_FOLDER = {"arabic": "ar", "chinese": "zh", "english": "en", "french": "fr",
                   "russian": "ru", "spanish": "es", "german": "de"}

# Session and number in a file name: "74_10", "A_RES_ES-10_24", "75_251_B".
_NAME_NUMBER = re.compile(r"(?:^|[_ ])((?:ES-|S-)?\d{1,3})_(\d{1,4})(?!\d)")
# A part letter glued to the number or after a space: "74_232B_A", "75_290 A_A",
# "A_RES_75_242 B-2108986A", "A_RES_78_183A-2321345E"; "75_251_B_S" (underscore,
# followed by the language letter).
_NAME_PART = re.compile(r"^(?:\s?([A-H](?:-?[A-H])*)(?=[-_. ]|$)|_([A-H])_[A-Za-z](?:[_-]|\.|$))")
# The language letter: last letter before ".xml", after "_", "-" or the job digits.
_NAME_LANGUAGE = re.compile(r"(?:[_\-\d])([ACEFRSGacefrsg])(?:[_\-]?re[i]?ss?ue)?\.xml$", re.I)
_COVER_SYMBOL = re.compile(
    r"A\s*/\s*RES\s*/\s*((?:E?S\s*-\s*)?\d{1,3})\s*/\s*(\d{1,4})\s*((?:[A-H](?:\s*-\s*[A-H])*)?)"
    r"(?![A-Za-z0-9])")
_URI_SYMBOL = re.compile(r"/((?:E?S-)?\d{1,3})-(\d{1,4})([A-H]*)/")
_PREFACE_NUMBER = re.compile(r"((?:E?S\s*-\s*)?\d{1,3})\s*/\s*(\d{1,4})")
_PREFACE_DIGITS = re.compile(r"(\d{1,3})\s*/\s*(\d{1,4})")
_DOCKET = re.compile(r"(\d{2}-\d{5})\s*\(([A-Z])\)")
_ARABIC_PART = {"ألف": "A", "باء": "B", "جيم": "C", "دال": "D", "هاء": "E", "واو": "F"}
_SHOWAS_PART = re.compile(r"([A-H])\s*$")

# Runs of letters of each script (runs, not single letters: fewer matches to
# build; their lengths add up to the same count).
_ARABIC = re.compile("[\u0600-\u06ff]+")
_HAN = re.compile("[\u4e00-\u9fff]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]+")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]+")
# Words frequent in one language and absent from the other three ("la", "de",
# "que", "en" and "des" are shared and left out).
_FUNCTION_WORDS = {
    "en": ("the", "of", "and", "to", "its", "that", "with", "for"),
    "fr": ("le", "les", "et", "du", "aux", "au", "qui", "une", "dans", "sur", "ses", "cette"),
    "es": ("el", "los", "las", "y", "del", "con", "por", "una", "sus", "para", "esta"),
    "de": ("der", "die", "das", "und", "den", "dem", "zur", "mit", "ein", "eine", "sich"),
}
# A word: a whole run of word characters, as between two \b.
_WORD = re.compile(r"\w+")
# Enough letters to trust the script of a text over the metadata.
_MIN_LETTERS = 40
# Characters looked at: enough for some 150 function words.
SCRIPT_SAMPLE = 1500


def _letters(script, text: str) -> int:
    return sum(map(len, script.findall(text)))


def text_language(sample: str) -> tuple[str | None, dict]:
    """The language of a text from its script and, for Latin, its function words."""
    sample = sample[:SCRIPT_SAMPLE]
    counts = {"ar": _letters(_ARABIC, sample), "zh": _letters(_HAN, sample),
              "ru": _letters(_CYRILLIC, sample), "latin": _letters(_LATIN, sample)}
    evidence: dict = {"script_letters": counts}
    script = max(counts, key=lambda k: counts[k])
    if counts[script] < _MIN_LETTERS:
        return None, evidence
    if script != "latin":
        return script, evidence
    lower = sample.lower()
    # One pass over the words, then a look-up per function word.
    seen = Counter(_WORD.findall(lower))
    words = {code: sum(seen[w] for w in vocabulary) for code, vocabulary in _FUNCTION_WORDS.items()}
    evidence["function_words"] = words
    best = max(words, key=lambda k: words[k])
    return (best if words[best] >= 3 else None), evidence


def name_symbol(name: str) -> dict:
    """Session, number, part and language letter from a file name."""
    stem = name.rsplit("/", 1)[-1]
    out: dict = {"value": stem}
    m = _NAME_NUMBER.search(stem)
    if m:
        out["session"] = m.group(1)
        out["number"] = str(int(m.group(2)))
        rest = stem[m.end():]
        p = _NAME_PART.match(rest)
        if p:
            out["part"] = (p.group(1) or p.group(2)).replace("-", "")
    lang = _NAME_LANGUAGE.search(stem)
    if lang and not (out.get("part") and stem.endswith(out["part"] + ".xml")):
        out["language"] = ISO_FROM_LETTER.get(lang.group(1).upper())
    return out


def cover_symbol(text: str | None) -> dict | None:
    if not text:
        return None
    m = _COVER_SYMBOL.search(text)
    if not m:
        return {"value": text, "session": None, "number": None}
    part = re.sub(r"\s|-", "", m.group(3) or "")
    return {"value": text, "session": m.group(1).replace(" ", ""), "number": str(int(m.group(2))),
            "part": part or None}


def uri_symbol(uri: str | None) -> dict | None:
    if not uri:
        return None
    m = _URI_SYMBOL.search(uri)
    if not m:
        return {"value": uri, "session": None, "number": None}
    return {"value": uri, "session": m.group(1), "number": str(int(m.group(2))),
            "part": m.group(3) or None}


def preface_symbol(text: str | None) -> dict | None:
    if not text:
        return None
    m = _PREFACE_NUMBER.search(text)
    if m:
        return {"value": text, "session": m.group(1).replace(" ", ""),
                "number": str(int(m.group(2)))}
    m = _PREFACE_DIGITS.search(text)   # Arabic "دإط-10/24": the session's digits only
    if m:
        return {"value": text, "session_digits": m.group(1), "number": str(int(m.group(2)))}
    return {"value": text, "session": None, "number": None, "part": part_letter(text)}


def part_letter(text: str | None) -> str | None:
    """"A", "B" or the Arabic letter names of a component's preface number."""
    if not text:
        return None
    t = text.strip().rstrip(".")
    if re.fullmatch(r"[A-H]", t):
        return t
    return _ARABIC_PART.get(t)


def showas_part(text: str | None) -> str | None:
    m = _SHOWAS_PART.search(text or "")
    return m.group(1) if m else None


def docket(text: str | None) -> dict | None:
    if not text or not text.strip():
        return None
    m = _DOCKET.search(text)
    out = {"value": " ".join(text.split())}
    if m:
        out["job"] = m.group(1)
        out["language"] = ISO_FROM_LETTER.get(m.group(2))
    return out


def choose_symbol(candidates: dict) -> tuple[str | None, str | None, list[dict]]:
    """(session, number, conflicts) from the candidates, by the module's rules."""
    def key(c):
        return (c.get("session"), c.get("number")) if c and c.get("number") else None

    name = candidates.get("file_name")
    others = [(src, candidates.get(src)) for src in ("cover", "frbr", "preface")]
    conflicts: list[dict] = []
    if name and name.get("number"):
        chosen = key(name)
        rule = "the file name's number wins (it won every conflict measured on the corpus)"
    else:
        votes = Counter(key(c) for _, c in others if key(c) and c.get("session"))
        if not votes:
            return None, None, conflicts
        chosen = votes.most_common(1)[0][0]
        rule = "no number in the file name: majority of cover, FRBR URI and preface"
    for src, c in others:
        k = key(c)
        if not k:
            continue
        if c.get("session_digits"):   # Arabic preface: digits of the session only
            same = (chosen[0].split("-")[-1], chosen[1]) == (c["session_digits"], c["number"])
        else:
            same = k == chosen
        if not same:
            conflicts.append({"field": "symbol", "source": src, "value": c.get("value"),
                              "chosen": f"{chosen[0]}/{chosen[1]}", "rule": rule})
    return chosen[0], chosen[1], conflicts


def choose_language(text_lang: str | None, candidates: dict) -> tuple[str | None, list[dict]]:
    """The language, and a conflict entry for every candidate that disagrees."""
    named = {src: v for src, v in candidates.items() if v}
    if text_lang:
        chosen, rule = text_lang, "the text's own script and words decide"
    elif named:
        votes = Counter(named.values())
        top = max(votes.values())
        tied = [v for v, n in votes.items() if n == top]
        chosen = named.get("frbr") if named.get("frbr") in tied else sorted(tied)[0]
        rule = "text too short to tell: majority of FRBRlanguage, file name, docket and folder"
    else:
        return None, []
    conflicts = [{"field": "language", "source": src, "value": v, "chosen": chosen, "rule": rule}
                 for src, v in sorted(named.items()) if v != chosen]
    return chosen, conflicts
