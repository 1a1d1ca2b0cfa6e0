"""Votes, sponsors, subjects and adoption facts from an AKN4UN `<meta>`.

Where the facts are (see the corpus notes, 2.1 and 2.4):

    meta/workflow/step[@outcome="draftResolution"]/@as      the draft (A/74/L.14)
    meta/workflow/step[@outcome="draftResolution"]/@by      its sponsors, one string
    meta/workflow/step[@outcome="draftResolutionAdditionalSponsors"]/@by
    meta/workflow/step[@outcome="adopted"]/@as              the meeting record (A/74/PV.38)
    meta/analysis/parliamentary/voting/@outcome             adoptedRecordedVote | adoptedWithoutVote
                                                            (or free text: "Adopted 90-0-47, ...")
    meta/analysis/parliamentary/voting/count[@refersTo]/@value, .../organization
    meta/classification/keyword[@dictionary]                subject terms
    coverPage//inline[@name="agenda item"]                  "Agenda item 35"

A resolution part can take its metadata from more than one `<meta>`: a
component of a collection usually holds only its identification and the
collection holds the rest, but some collections hold everything in the
components (an empty collection `<meta>`) and some components hold their own
vote. `read_metadata` is given the candidates, most specific first, and takes
each fact from the first one that holds it.

Every vote, sponsor and subject row carries the source line of its element.
Anything doubtful goes to `Metadata.diagnostics` as (line, message); nothing
is dropped silently and nothing is guessed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..countries import country_code
from ..records import Sponsor, Subject, Vote
from .flatten import text_of

RECORDED_VOTE = "recorded_vote"
WITHOUT_VOTE = "without_vote"

# count/@refersTo -> the vote column
_VOTE_OF_COUNT = {"inFavour": "yes", "against": "no", "abstaining": "abstain"}

# keyword/@dictionary -> the vocabulary as a user reads it. An agenda
# dictionary is named by the symbol of the session's agenda (A/79/251).
_VOCABULARY = {
    "UNBIS": "UNBIS Thesaurus",
    "UNBIS Thesaurus": "UNBIS Thesaurus",
    "SDGO": "SDG",
    "SDG": "SDG",
    "EuroVoc": "EuroVoc",
    "DHLAUTH": "DHLAUTH",
}
AGENDA_VOCABULARY = "agenda"
_AGENDA_DICTIONARY = re.compile(r"^A/(?:[0-9]{1,3}|E?S-[0-9]{1,2})/[0-9]+$")

# A meeting record: "A/75/PV.37"; a resumed meeting's record is a document of
# its own, "A/79/PV.55 (Resumption 1)" (also printed "A/7x/PV.N (resumed)").
PLENARY_RECORD = re.compile(r"^A/(?:[0-9]{1,3}|E?S-[0-9]{1,2})/PV\.[0-9]+(?: \((?:Resumption [0-9]+|resumed)\))?$")
_FREE_RECORDED = re.compile(r"\b([0-9]+)\s*-\s*([0-9]+)\s*-\s*([0-9]+)\b")
_FREE_WITHOUT = re.compile(r"\bwithout\s+(?:a\s+)?vote\b", re.IGNORECASE)
# "A/75/L.87/Rev.1 (as amended in A/75/L.90 ...)", "A/74/L.5, as orally amended"
_AMENDED = re.compile(r"\s*(?:,\s*|\()\s*as\b.*$", re.IGNORECASE | re.DOTALL)
_SYMBOL = re.compile(r"^[A-Z][A-Za-z0-9./()\-]*$")


@dataclass
class Metadata:
    """What one resolution part's metadata says, read from the XML."""

    adoption_type: str | None = None        # recorded_vote | without_vote
    yes_count: int | None = None            # as printed in count/@value
    no_count: int | None = None
    abstain_count: int | None = None
    plenary_record: str | None = None       # A/75/PV.37
    agenda_item: str | None = None          # "35", "98 (c)", "13 and 117"
    draft_symbol: str | None = None         # A/75/L.1
    votes: list[Vote] = field(default_factory=list)
    sponsors: list[Sponsor] = field(default_factory=list)
    subjects: list[Subject] = field(default_factory=list)
    diagnostics: list[tuple[int | None, str]] = field(default_factory=list)


def _clean(text: str | None) -> str:
    """Single spaces, no NBSP or tabs, stripped."""
    return " ".join((text or "").replace("\u00a0", " ").split())


# The same few hundred names and terms recur in every file: clean and look
# each one up once per process.
_clean_name = lru_cache(maxsize=16384)(_clean)


def _steps(meta, outcome: str) -> list:
    return [step for step in meta.iterfind("{*}workflow/{*}step") if step.get("outcome") == outcome]


def _first_step_attr(metas, outcome: str, attribute: str):
    """(value, step element) of the first non-empty step attribute, most specific meta first."""
    for meta in metas:
        for step in _steps(meta, outcome):
            value = _clean(step.get(attribute))
            if value:
                return value, step
    return None, None


def _voting(metas):
    """The first `voting` element that says something (an outcome or counts).

    The 80th-session components carry a `<voting/>` with neither; it does not
    hide the collection's.
    """
    for meta in metas:
        for voting in meta.iterfind("{*}analysis/{*}parliamentary/{*}voting"):
            if _clean(voting.get("outcome")) or voting.find("{*}count") is not None:
                return voting
    return None


# --------------------------------------------------------------------- votes

def _read_counts(voting, out: Metadata) -> dict[str, int | None]:
    """One Vote per listed name; returns the printed count of each list."""
    counts: dict[str, int | None] = {}
    for count in voting.iterfind("{*}count"):
        refers_to = (count.get("refersTo") or "").lstrip("#")
        kind = _VOTE_OF_COUNT.get(refers_to)
        if kind is None:
            out.diagnostics.append((count.sourceline, f"count with unknown refersTo {refers_to!r}"))
            continue
        value = _clean(count.get("value"))
        printed = int(value) if value.isdigit() else None
        if value and printed is None:
            out.diagnostics.append((count.sourceline, f"count/@value {value!r} is not a number"))
        counts[kind] = printed
        listed = 0
        for organization in count.iter("{*}organization"):
            name = _clean_name(organization.text or "")
            if not name:
                out.diagnostics.append((organization.sourceline, "empty organization in a vote list"))
                continue
            listed += 1
            code = country_code(name)
            if code is None:
                out.diagnostics.append((organization.sourceline, f"member state {name!r} has no ISO 3166 code"))
            out.votes.append(Vote(member_state=name, country_code=code, vote=kind, line=organization.sourceline))
        if printed is not None and listed != printed:
            # Keep the names and the printed count; the lists are what they are.
            out.diagnostics.append((count.sourceline,
                                    f"{refers_to}: {listed} names listed, count/@value says {printed}"))
    return counts


def _read_voting(voting, out: Metadata) -> None:
    outcome = _clean(voting.get("outcome"))
    counts = _read_counts(voting, out)
    if outcome == "adoptedRecordedVote":
        out.adoption_type = RECORDED_VOTE
    elif outcome == "adoptedWithoutVote":
        out.adoption_type = WITHOUT_VOTE
    elif outcome:
        # Free text in place of the outcome code: "Adopted 90-0-47, 87th
        # plenary meeting", "Adopted without vote, 59th plenary meeting".
        recorded = _FREE_RECORDED.search(outcome)
        if recorded:
            out.adoption_type = RECORDED_VOTE
            printed = dict(zip(("yes", "no", "abstain"), (int(n) for n in recorded.groups())))
            for kind, number in printed.items():
                if counts.get(kind) is None:
                    counts[kind] = number
                elif counts[kind] != number:
                    out.diagnostics.append((voting.sourceline,
                                            f"outcome {outcome!r} says {number} for {kind}, "
                                            f"count/@value says {counts[kind]}"))
        elif _FREE_WITHOUT.search(outcome):
            out.adoption_type = WITHOUT_VOTE
        else:
            out.diagnostics.append((voting.sourceline, f"voting outcome {outcome!r} not understood"))
    elif counts:
        out.adoption_type = RECORDED_VOTE

    if out.adoption_type == RECORDED_VOTE:
        # A recorded vote prints no list for a side nobody took (no
        # `count refersTo="abstaining"` in 181-1-0): that count is 0.
        out.yes_count = counts.get("yes", 0)
        out.no_count = counts.get("no", 0)
        out.abstain_count = counts.get("abstain", 0)
    elif out.votes:
        out.diagnostics.append((voting.sourceline,
                                f"{len(out.votes)} names listed for a resolution adopted without a vote"))


# ------------------------------------------------------------------ sponsors

# Officers and bodies, not states: "SUBMITTED BY THE PRESIDENT OF THE GENERAL
# ASSEMBLY", "submitted by the Chair of the Committee following informal
# consultations", "the representative of Pakistan, on behalf of the Bureau".
_SUBMITTED = re.compile(r"^\s*(?:the\s+representative\s+of|the\s+vice-?chair|the\s+chair|the\s+president"
                        r"|on\s+the\s+basis\s+of)\b"
                        r"|\b(?:submitted|introduced)\s+(?:in\s+the\s+committee\s+)?by\b", re.IGNORECASE)
_ON_BEHALF = re.compile(r"^\s*\(?\s*on\s+behalf\b", re.IGNORECASE)
_BRACKETED = re.compile(r"\([^()]*\)")
# "Cuba (on behalf of ...)", "Guinea, on behalf of ...", "... on behalf the ..."
# (the bracket must close at the end: "Cuba (on behalf of ...) and El Salvador" is two sponsors)
_TRAILING_BEHALF = re.compile(r"\s*(?:\(\s*on\s+behalf\b(?:[^()]|\([^()]*\))*\)|,\s*on\s+behalf\b.*)$",
                              re.IGNORECASE | re.DOTALL)
# Sponsors that are neither states nor officers and rightly have no code.
_NOT_A_STATE = re.compile(r"\b(?:group|union|bureau|committee|council|organization|community|league)\b",
                          re.IGNORECASE)
# A remark appended to a list: "Thailand and Togo. - Philippines was removed
# from the list of sponsors of the draft resolution".
_REMARK = re.compile(r"\.\s+-\s+.*$", re.DOTALL)


@lru_cache(maxsize=16384)
def sponsor_code(name: str) -> str | None:
    """ISO code of a sponsor that is a state, also when it acts on behalf of a group."""
    state = _TRAILING_BEHALF.sub("", name).strip()
    if _SUBMITTED.search(state):
        return None
    return country_code(state)


def _known(name: str) -> bool:
    return sponsor_code(name) is not None


class _Masked:
    """A string with its bracketed parts hidden behind placeholders.

    Splitting on "," and " and " must not cut "Bolivia (Plurinational State
    of)" or "(on behalf of the Group of 77 and China)". Brackets nest a level
    or two at most, so innermost-first substitution is enough.
    """

    _PLACEHOLDER = re.compile("\x00([0-9]+)\x01")

    def __init__(self, text: str):
        self.hidden: list[str] = []
        masked = text
        while True:
            replaced = _BRACKETED.sub(self._hide, masked)
            if replaced == masked:
                break
            masked = replaced
        self.text = masked

    def _hide(self, match: re.Match) -> str:
        self.hidden.append(match.group(0))
        return f"\x00{len(self.hidden) - 1}\x01"

    def unmask(self, chunk: str) -> str:
        while "\x00" in chunk:
            chunk = self._PLACEHOLDER.sub(lambda m: self.hidden[int(m.group(1))], chunk)
        return chunk


def _split_and(chunk: str, masked: _Masked) -> list[str]:
    """Split a masked "A and B" into names, keeping "Trinidad and Tobago" whole.

    Of all ways of cutting at " and ", the one with the most known names
    wins, then the one with the fewest pieces. A chunk in which no piece is a
    known name stays whole, so a misspelt "Bosnia and Herzegovnia" is not
    cut in two. Dynamic programming over the cut points: quadratic in the
    number of "and"s, whatever the input.
    """
    whole = masked.unmask(chunk).strip()
    if " and " not in chunk or _known(whole):
        return [whole]
    words = chunk.split(" and ")
    count = len(words)
    # best[i]: (known names, -pieces, pieces) for words[i:]
    best: list[tuple[int, int, list[str]]] = [(0, 0, [])] * (count + 1)
    for start in range(count - 1, -1, -1):
        options = []
        for end in range(start + 1, count + 1):
            piece = masked.unmask(" and ".join(words[start:end])).strip()
            known, negative_pieces, rest = best[end]
            options.append((known + _known(piece), negative_pieces - 1, [piece] + rest))
        best[start] = max(options, key=lambda option: option[:2])
    known, _, pieces = best[0]
    return pieces if known else [whole]


# A sentence break inside a list: "Azerbaijan and Liberia. Subsequently,
# Albania, ...", "Barbados. Dominican Republic".
_SENTENCE_BREAK = re.compile(r"\.\s+(?=[A-Z])(?:[Ss]ubsequently\b\s*,?\s*)?")
# A document symbol printed after the list: "... and Viet Nam (A/74/368)".
_TRAILING_SYMBOL = re.compile(r"\s*\(\s*A/?[0-9]+/[^()]*\)\s*$")


def split_sponsors(text: str) -> tuple[list[str], str | None]:
    """One sponsor string of the XML ("A, B and C") -> (the names in order, a remark or None)."""
    names, remark = _split_sponsors(text or "")
    return list(names), remark


@lru_cache(maxsize=4096)
def _split_sponsors(text: str) -> tuple[tuple[str, ...], str | None]:
    text = _clean(text).replace("( ", "(").replace(" )", ")")
    remarks = []
    found = _REMARK.search(text)
    if found:
        remarks.append(found.group(0).lstrip(". -").strip())
        text = text[: found.start()]
    found = _TRAILING_SYMBOL.search(text)
    if found:
        remarks.append(found.group(0).strip())
        text = text[: found.start()]
    text = text.rstrip(" .;")
    if text.count(")") > text.count("(") and text.endswith(")"):
        remarks.append("unbalanced ')' at the end")
        text = text[:-1].rstrip()
    remark = "; ".join(remarks) or None
    if not text:
        return (), remark
    if _SUBMITTED.search(text):
        # An officer or a body ("France Cassar (Malta), submitted by the
        # Rapporteur of the Committee ..."): its own words may hold commas.
        return (text,), remark
    masked = _Masked(text)
    chunks: list[str] = []
    for chunk in _SENTENCE_BREAK.sub(", ", masked.text).split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunks and _ON_BEHALF.match(masked.unmask(chunk)):
            # "Pakistan, on behalf of the Bureau": one sponsor.
            chunks[-1] = f"{chunks[-1]}, {chunk}"
            continue
        if chunk.lower().startswith("and "):
            chunk = chunk[4:].strip()
        chunks.append(chunk)
    names: list[str] = []
    for chunk in chunks:
        names.extend(_split_and(chunk, masked))
    return tuple(names), remark


def _read_sponsors(step, role: str, out: Metadata) -> None:
    seen: set[str] = set()
    names, remark = split_sponsors(step.get("by"))
    if remark:
        out.diagnostics.append((step.sourceline, f"remark in the {role} list, not a sponsor: {remark!r}"))
    for name in names:
        key = name.casefold()
        if key in seen:
            out.diagnostics.append((step.sourceline, f"{role} {name!r} listed twice; kept once"))
            continue
        seen.add(key)
        code = sponsor_code(name)
        if code is None and not _SUBMITTED.search(name) and not _NOT_A_STATE.search(name):
            out.diagnostics.append((step.sourceline,
                                    f"{role} {name!r} is neither a known state nor a group or officer"))
        out.sponsors.append(Sponsor(ordinal=len(seen), sponsor=name, country_code=code, role=role,
                                    line=step.sourceline))


# ------------------------------------------------------------------ subjects

def sdg_term(value: str) -> str:
    """ "sdg_4" / " 4.a" / "4" -> "4", "4.a"."""
    term = "".join(value.split())
    return term[4:] if term.lower().startswith("sdg_") else term


def _unescape(text: str) -> str:
    """Undo the double escaping of keyword attributes (women&#39;s -> women's)."""
    previous = None
    while previous != text:
        previous, text = text, html.unescape(text)
    return text


_URI = re.compile(r"^[a-z]+://", re.IGNORECASE)


def subject_term(value: str) -> str:
    """A keyword value as a user reads it: "women&#39;s_rights" -> "women's rights".

    The 74th-77th sessions write terms as identifiers with underscores; the
    later ones, and the session JSON, with spaces.
    """
    return _clean(_unescape(value).replace("_", " "))


@lru_cache(maxsize=16384)
def _subject(dictionary: str, refers_to: str, value: str) -> tuple[str | None, str, str | None]:
    """(vocabulary, term, problem) of one keyword; vocabulary None when it is not a subject."""
    dictionary = _clean(dictionary)
    if dictionary in _VOCABULARY:
        vocabulary = _VOCABULARY[dictionary]
    elif _AGENDA_DICTIONARY.match(dictionary) or refers_to == "agenda":
        vocabulary = AGENDA_VOCABULARY
    else:
        return None, "", f"keyword of unknown dictionary {dictionary!r}"
    term = sdg_term(value) if vocabulary == "SDG" else subject_term(value)
    if not term:
        return None, "", "keyword without a value"
    if _URI.match(term):
        # Some language files give a EuroVoc concept by its URI only
        # ("http://eurovoc.europa.eu/139"): not a term a user reads.
        return None, "", f"{vocabulary} keyword has a URI, not a term: {term!r}"
    return vocabulary, term, None


def _read_subjects(metas, out: Metadata) -> None:
    for meta in metas:
        keywords = list(meta.iterfind("{*}classification/{*}keyword"))
        if not keywords:
            continue
        seen: set[tuple[str, str]] = set()
        for keyword in keywords:
            get = keyword.attrib.get
            vocabulary, term, problem = _subject(get("dictionary") or "", get("refersTo") or "", get("value") or "")
            if problem:
                out.diagnostics.append((keyword.sourceline, problem))
            # The same term recurs under several classifications, in lower
            # case with underscores under an SDG and in capitals under
            # DHLAUTH: one row per term, in its first spelling.
            if vocabulary is None or (vocabulary, term.casefold()) in seen:
                continue
            seen.add((vocabulary, term.casefold()))
            out.subjects.append(Subject(term=term, vocabulary=vocabulary, line=keyword.sourceline))
        return


# ------------------------------------------------------------- agenda item

# Sub-items of the agenda are lettered a, b, c ... ; the Arabic version
# letters them in the abjad order (alif, ba, jim, dal, ha, waw, zay ...).
_ABJAD = ("\u0623\u0628\u062c\u062f\u0647\u0648\u0632\u062d\u0637\u064a\u0643\u0644\u0645"
          "\u0646\u0633\u0639\u0641\u0635\u0642\u0631\u0634\u062a\u062b\u062e\u0630\u0636")
_LATIN_OF_ABJAD = dict(zip(_ABJAD, "abcdefghijklmnopqrstuvwxyz"))
_DIGITS = str.maketrans("\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
                        "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
                        "01234567890123456789")
# Before matching: Arabic-Indic digits as ASCII, the direction marks around
# numbers in Arabic lines dropped, and Cyrillic letters that look Latin
# (typed for the sub-item letter in some Russian lines: "17 \u0435)") as Latin.
_AGENDA_FOLD = {**_DIGITS,
                **{ord(mark): None for mark in "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                                                "\u2066\u2067\u2068\u2069"},
                **str.maketrans("\u0430\u0441\u0435\u043e\u0440\u0445\u0443\u0456", "aceopxyi")}
# "35", "35 (b)", "35(b)" (Chinese), "35 b)" (French, Spanish, Russian),
# "35 (<Arabic letter>)", "128 (aa)", "128 (<alif> <alif>)".
_AGENDA_ITEM = re.compile(r"([0-9]+)\s*(?:\(\s*([a-z]{1,2}|[\u0621-\u064a]\u0640?(?:\s?[\u0621-\u064a]\u0640?)?)\s*\)"
                          r"|([a-z]{1,2})\))?")


def agenda_item_of(text: str) -> str | None:
    """The agenda item(s) of a cover line, in the English form, from any language.

    "Agenda item 98 (c)", "Point 98 c) de l'ordre du jour", the Chinese
    "...98(c)" and the Arabic line all give "98 (c)"; "Agenda items 13 and
    117" gives "13 and 117". None when the line holds no item number or a
    sub-item letter cannot be read.
    """
    items = []
    for match in _AGENDA_ITEM.finditer(_clean(text.translate(_AGENDA_FOLD))):
        number, bracketed, other = match.groups()
        letter = bracketed or other
        if letter and not letter.isascii():
            # "\u0647\u0640" (ha with a tatweel) is the usual way to print the letter ha
            latin = [_LATIN_OF_ABJAD.get(ch) for ch in letter.replace(" ", "").replace("\u0640", "")]
            if None in latin:
                return None
            letter = "".join(latin)
        items.append(f"{number} ({letter})" if letter else number)
    return " and ".join(items) or None


def _agenda_item(metas, cover, out: Metadata) -> None:
    if cover is not None:
        for inline in cover.iter("{*}inline"):
            if inline.get("name") != "agenda item":
                continue
            printed = _clean(text_of(inline))
            item = agenda_item_of(printed)
            if item:
                out.agenda_item = item
                return
            if printed:
                out.diagnostics.append((inline.sourceline, f"agenda item {printed!r} not understood"))
    # No cover line: the agenda keywords of the classification ("58", "69a",
    # "58[2]": item 58, its second territory), in the cover's form.
    items: list[str] = []
    for meta in metas:
        for keyword in meta.iterfind("{*}classification/{*}keyword"):
            if keyword.get("refersTo") != "agenda":
                continue
            match = _AGENDA_KEYWORD.match(_clean(keyword.get("value")))
            if match:
                number, letter = match.groups()
                item = f"{number} ({letter})" if letter else number
                if item not in items:
                    items.append(item)
        if items:
            out.agenda_item = " and ".join(items)
            return


_AGENDA_KEYWORD = re.compile(r"^([0-9]+)\s*([a-z]{1,2})?(?:\[[0-9]+\])?$")


# -------------------------------------------------------------- the rest

def draft_symbol_of(text: str) -> str | None:
    """ "A/75/L.87/Rev.1 (as amended in A/75/L.90)" -> "A/75/L.87/Rev.1"; None if not a symbol."""
    symbol = _AMENDED.sub("", _clean(text)).strip().rstrip(".")
    return symbol if _SYMBOL.match(symbol) else None


def read_metadata(metas: list, cover) -> Metadata:
    """The metadata of one resolution part.

    `metas`: the `<meta>` elements that apply to the part, most specific
    first (a component's own, then its collection's); each fact is taken from
    the first that holds it. `cover`: the `coverPage` element, or None.
    """
    metas = [meta for meta in metas if meta is not None]
    out = Metadata()

    voting = _voting(metas)
    if voting is not None:
        _read_voting(voting, out)

    for outcome, role in (("draftResolution", "sponsor"),
                          ("draftResolutionAdditionalSponsors", "additional_sponsor")):
        _, step = _first_step_attr(metas, outcome, "by")
        if step is not None:
            _read_sponsors(step, role, out)

    draft, step = _first_step_attr(metas, "draftResolution", "as")
    if draft:
        out.draft_symbol = draft_symbol_of(draft)
        if out.draft_symbol is None:
            out.diagnostics.append((step.sourceline, f"draft symbol {draft!r} not understood"))

    record, step = _first_step_attr(metas, "adopted", "as")
    if record:
        if PLENARY_RECORD.match(record):
            out.plenary_record = record
        else:
            # "Adopted through silence procedure", "Adopted without vote,
            # 59th plenary meeting": no meeting record to name.
            if out.adoption_type is None and _FREE_WITHOUT.search(record):
                out.adoption_type = WITHOUT_VOTE
            out.diagnostics.append((step.sourceline, f"adopted step names no meeting record: {record!r}"))

    if out.adoption_type is None:
        out.diagnostics.append((None, "the metadata do not say how the resolution was adopted"))

    _read_subjects(metas, out)
    _agenda_item(metas, cover, out)
    return out
