"""The per-session metadata files (sources/metadata/*.json) and their cross-check.

Each file is NDJSON: one record per resolution, every scalar a string
("92", "N.A."), lists of strings, `subjects` as [term, vocabulary] pairs.
The records appear to be derived from the English XML and a library
catalogue; they are a second witness to what `etl.akn.meta` reads from the
XML, not a source of rows. `cross_check` lists every disagreement.

Symbols: a record of a collection is one record for all its parts, named
"A/RES/75/254 A-C" from the 75th session on and plainly "A/RES/74/250" in the
74th; a part adopted separately is "A/RES/75/251 B". `load_session_metadata`
keys each record by the symbol without spaces and, for a collection, also by
each part ("A/RES/75/254A" ... "A/RES/75/254C"); `find_record` looks a part
up, falling back to its collection's record.

Duplicate records of a symbol (36 symbols in the 79th and 80th session
files) are merged: lists by union in order of appearance, scalars by the
first non-empty value; every difference is kept in `SessionRecord.merge_notes`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..countries import country_code, fold
from ..errors import ParseError
from .meta import (AGENDA_VOCABULARY, RECORDED_VOTE, WITHOUT_VOTE, Metadata, agenda_item_of, draft_symbol_of,
                   sdg_term, split_sponsors, sponsor_code, subject_term)

_VOTE_LISTS = (("MS_in_favour", "yes"), ("MS_against", "no"), ("MS_abstaining", "abstain"))
_COUNTS = (("MS_in_favour_count", "yes_count"), ("MS_against_count", "no_count"),
           ("MS_abstaining_count", "abstain_count"))
# "A/RES/75/254 A-C", "A/RES/75/101 A-B", "A/RES/75/251 B", "A/RES/75/290 A"
_PARTS = re.compile(r"^(?P<base>A/RES/\S+?)\s*(?:(?P<first>[A-Z])-(?P<last>[A-Z])|(?P<one>[A-Z]))$")
_SYMBOL_IN_TEXT = re.compile(r"\b[A-Z]{1,3}/[A-Za-z0-9./\-]+[A-Za-z0-9]")


@dataclass
class SessionRecord:
    """One resolution (or one collection) as the session JSON describes it."""

    symbol: str                                  # as in the file: "A/RES/75/254 A-C"
    source: str                                  # file:line of the (first) record
    adoption_type: str | None = None             # recorded_vote | without_vote
    yes_count: int | None = None
    no_count: int | None = None
    abstain_count: int | None = None
    votes: dict[str, list[str]] = field(default_factory=dict)   # yes|no|abstain -> names as printed
    sponsors: list[str] = field(default_factory=list)           # items as in the file (not split)
    additional_sponsors: list[str] = field(default_factory=list)
    sdgs: list[str] = field(default_factory=list)
    subjects: list[tuple[str, str]] = field(default_factory=list)  # (term, vocabulary) as in the file
    plenary_record: str | None = None            # the "pv" field
    agenda_item: str | None = None               # "Agenda item 128 (a)"
    originating_document: str | None = None
    merge_notes: list[str] = field(default_factory=list)


def symbol_key(symbol: str) -> str:
    """ "A/RES/75/251 B" -> "A/RES/75/251B": the symbol without spaces."""
    return "".join(symbol.split())


def _count(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None       # "N.A." and "" are no count


def _adoption_type(raw: dict) -> str | None:
    text = f"{raw.get('adoption_type') or ''} {raw.get('voting_type') or ''}".lower()
    if "recorded" in text:
        return RECORDED_VOTE
    if "without" in text:
        return WITHOUT_VOTE
    return None


def _text(value) -> str | None:
    text = " ".join(str(value or "").replace("\u00a0", " ").split())
    return text or None


def _record(raw: dict, source: str) -> SessionRecord:
    if not isinstance(raw, dict) or not isinstance(raw.get("symbol"), str):
        raise ValueError("a JSON object with a string 'symbol'")
    record = SessionRecord(symbol=_text(raw["symbol"]), source=source, adoption_type=_adoption_type(raw),
                           plenary_record=_text(raw.get("pv")), agenda_item=_text(raw.get("agenda_item")),
                           originating_document=_text(raw.get("originating_document")))
    for key, attribute in _COUNTS:
        setattr(record, attribute, _count(raw.get(key)))
    for key, vote in _VOTE_LISTS:
        record.votes[vote] = [_text(name) for name in raw.get(key) or [] if _text(name)]
    record.sponsors = [_text(s) for s in raw.get("sponsors") or [] if _text(s)]
    record.additional_sponsors = [_text(s) for s in raw.get("additional_sponsors") or [] if _text(s)]
    record.sdgs = [sdg_term(s) for s in raw.get("SDGs") or [] if _text(s)]
    for pair in raw.get("subjects") or []:
        if not (isinstance(pair, list) and len(pair) == 2):
            raise ValueError(f"subjects as [term, vocabulary] pairs, not {pair!r}")
        record.subjects.append((_text(pair[0]) or "", _text(pair[1]) or ""))
    return record


def _union(first: list, second: list) -> list:
    seen = list(first)
    for item in second:
        if item not in seen:
            seen.append(item)
    return seen


def _union_states(first: list[str], second: list[str]) -> list[str]:
    names = list(first)
    keys = {_state_key(name) for name in first}
    for name in second:
        if _state_key(name) not in keys:
            keys.add(_state_key(name))
            names.append(name)
    return names


def merge_records(first: SessionRecord, second: SessionRecord) -> SessionRecord:
    """Two records of one symbol -> one: lists by union, scalars by the first non-empty value."""
    merged = SessionRecord(symbol=first.symbol, source=first.source)
    notes = list(first.merge_notes) + list(second.merge_notes)
    for spec in fields(SessionRecord):
        name = spec.name
        if name in ("symbol", "source", "merge_notes"):
            continue
        a, b = getattr(first, name), getattr(second, name)
        if name == "votes":
            # one state once, in the first spelling met (TÜRKİYE, not also TÜRKÝYE)
            value = {vote: _union_states(a.get(vote, []), b.get(vote, [])) for vote in ("yes", "no", "abstain")}
            for vote in ("yes", "no", "abstain"):
                if set(a.get(vote, [])) != set(b.get(vote, [])):
                    notes.append(f"{second.source}: {vote} votes differ from {first.source}: "
                                 f"{sorted(set(a.get(vote, [])) ^ set(b.get(vote, [])))}")
        elif isinstance(a, list):
            value = _union(a, b)
            if a != b:
                notes.append(f"{second.source}: {name} differs from {first.source}")
        else:
            value = a if a is not None else b
            if a is not None and b is not None and a != b:
                notes.append(f"{second.source}: {name} {b!r} differs from {a!r} in {first.source}; kept the first")
        setattr(merged, name, value)
    merged.merge_notes = notes + [f"merged with the record at {second.source}"]
    return merged


def _keys(symbol: str) -> list[str]:
    """The keys a record is found under: its symbol and, for a collection, each part."""
    match = _PARTS.match(symbol)
    if not match:
        return [symbol_key(symbol)]
    base = symbol_key(match.group("base"))
    if match.group("one"):
        return [base + match.group("one")]
    first, last = ord(match.group("first")), ord(match.group("last"))
    return [base] + [base + chr(letter) for letter in range(first, last + 1)]


def load_session_metadata(paths) -> dict[str, SessionRecord]:
    """Read the NDJSON files; key -> record (duplicates merged). Bad lines raise ParseError."""
    by_symbol: dict[str, SessionRecord] = {}
    for path in sorted(Path(p) for p in paths):
        with open(path, encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                source = f"{path.name}:{number}"
                try:
                    record = _record(json.loads(line), source)
                except (ValueError, TypeError) as error:
                    raise ParseError(str(path), number, f"a session metadata record ({error})") from None
                key = symbol_key(record.symbol)
                by_symbol[key] = merge_records(by_symbol[key], record) if key in by_symbol else record
    records: dict[str, SessionRecord] = {}
    for record in by_symbol.values():
        for key in _keys(record.symbol):
            records.setdefault(key, record)
    return records


def find_record(records: dict[str, SessionRecord], symbol: str,
                collection: str | None = None) -> SessionRecord | None:
    """The record of a resolution part (A/RES/74/250A).

    `collection`: the cover symbol of the collection the part belongs to
    ("A/RES/74/250 A-B"), if any; its record stands for all its parts. A
    part adopted on its own (A/RES/74/232B) never falls back to another
    part's record.
    """
    record = records.get(symbol_key(symbol))
    if record is None and collection:
        match = _PARTS.match(" ".join(collection.split()))
        base = match.group("base") if match else collection
        record = records.get(symbol_key(base)) or records.get(symbol_key(collection))
    return record


# ---------------------------------------------------------------- cross-check

def _state_key(name: str) -> str:
    """Names that are one state compare equal (TÜRKİYE, TÜRKÝYE)."""
    return country_code(name) or fold(name)


def _vocabulary(name: str) -> str:
    if re.match(r"^A/(?:[0-9]{1,3}|E?S-[0-9]{1,2})/[0-9]+$", name):
        return AGENDA_VOCABULARY
    return {"UNBIS": "UNBIS Thesaurus", "SDGO": "SDG"}.get(name, name)


def _sponsor_key(name: str) -> str:
    """Sponsors that are one state compare equal (TURKEY, Türkiye; United
    Kingdom, United Kingdom of Great Britain and Northern Ireland)."""
    return sponsor_code(name) or fold(name)


def _sponsor_keys(items: list[str]) -> set[str]:
    names: list[str] = []
    for item in items:
        names.extend(split_sponsors(item)[0])
    return {_sponsor_key(name) for name in names}


def _difference(symbol: str, name: str, xml_value, json_value) -> dict:
    return {"symbol": symbol, "field": name, "xml": xml_value, "json": json_value}


def _set_difference(symbol: str, name: str, xml_set: set, json_set: set) -> list[dict]:
    if xml_set == json_set:
        return []
    return [_difference(symbol, name, sorted(xml_set - json_set), sorted(json_set - xml_set))]


def cross_check(symbol: str, xml: Metadata, record: SessionRecord) -> list[dict]:
    """Every disagreement between the XML's metadata and the session record.

    One dict per field that differs: {"symbol", "field", "xml", "json"}; for
    sets, "xml" holds what only the XML has and "json" what only the JSON has.
    Fields: adoption_type, yes_count, no_count, abstain_count (recorded votes),
    votes.yes|no|abstain (states, by ISO code), sponsors.sponsor and
    sponsors.additional_sponsor (split, case-folded, states by code), sdgs,
    subjects, draft_symbol, plenary_record, agenda_item.
    """
    out: list[dict] = []
    if record.adoption_type is not None and xml.adoption_type != record.adoption_type:
        out.append(_difference(symbol, "adoption_type", xml.adoption_type, record.adoption_type))

    recorded = xml.adoption_type == RECORDED_VOTE or record.adoption_type == RECORDED_VOTE
    if recorded:
        for attribute in ("yes_count", "no_count", "abstain_count"):
            # The 74th session file has "N.A." for some counts: nothing to compare.
            if getattr(record, attribute) is not None and getattr(xml, attribute) != getattr(record, attribute):
                out.append(_difference(symbol, attribute, getattr(xml, attribute), getattr(record, attribute)))
    for vote in ("yes", "no", "abstain"):
        xml_names = {_state_key(v.member_state) for v in xml.votes if v.vote == vote}
        json_names = {_state_key(name) for name in record.votes.get(vote, [])}
        out.extend(_set_difference(symbol, f"votes.{vote}", xml_names, json_names))

    for role, items in (("sponsor", record.sponsors), ("additional_sponsor", record.additional_sponsors)):
        xml_names = {_sponsor_key(s.sponsor) for s in xml.sponsors if s.role == role}
        out.extend(_set_difference(symbol, f"sponsors.{role}", xml_names, _sponsor_keys(items)))

    xml_sdgs = {s.term for s in xml.subjects if s.vocabulary == "SDG"}
    out.extend(_set_difference(symbol, "sdgs", xml_sdgs, set(record.sdgs)))
    # The JSON's subjects are the XML's DHLAUTH classification (UNBIS terms,
    # DHLAUTH names, agenda items); the XML also files UNBIS and EuroVoc terms
    # under each SDG. So the XML may hold more: a disagreement is a JSON term
    # the XML lacks (the XML's extra terms of those vocabularies are listed
    # beside it).
    json_subjects = {(_vocabulary(vocabulary), subject_term(term).casefold()) for term, vocabulary in record.subjects}
    vocabularies = {vocabulary for vocabulary, _ in json_subjects}
    xml_subjects = {(s.vocabulary, s.term.casefold()) for s in xml.subjects if s.vocabulary in vocabularies}
    if json_subjects - xml_subjects:
        out.extend(_set_difference(symbol, "subjects", {" | ".join(p) for p in xml_subjects},
                                   {" | ".join(p) for p in json_subjects}))

    # originating_document names the draft for plenary resolutions and the
    # committee's report otherwise; compare only when it names a draft (L.).
    document = record.originating_document or ""
    if "/L." in document:
        drafts = {draft_symbol_of(s) for s in _SYMBOL_IN_TEXT.findall(document)}
        if xml.draft_symbol not in drafts:
            out.append(_difference(symbol, "draft_symbol", xml.draft_symbol, document))
    if record.plenary_record and (xml.plenary_record or "") != record.plenary_record:
        out.append(_difference(symbol, "plenary_record", xml.plenary_record, record.plenary_record))
    if record.agenda_item:
        json_item = agenda_item_of(record.agenda_item)
        if json_item != xml.agenda_item:
            out.append(_difference(symbol, "agenda_item", xml.agenda_item, record.agenda_item))
    return out


def compare_metadata(a: Metadata, b: Metadata) -> list[str]:
    """How two language files of one resolution disagree on their metadata (empty: they agree)."""
    out: list[str] = []
    for name in ("adoption_type", "yes_count", "no_count", "abstain_count", "plenary_record", "agenda_item",
                 "draft_symbol"):
        if getattr(a, name) != getattr(b, name):
            out.append(f"{name}: {getattr(a, name)!r} vs {getattr(b, name)!r}")
    votes_a = {(_state_key(v.member_state), v.vote) for v in a.votes}
    votes_b = {(_state_key(v.member_state), v.vote) for v in b.votes}
    if votes_a != votes_b:
        out.append(f"votes: only in the first {sorted(votes_a - votes_b)}, "
                   f"only in the second {sorted(votes_b - votes_a)}")
    for role in ("sponsor", "additional_sponsor"):
        list_a = [_sponsor_key(s.sponsor) for s in a.sponsors if s.role == role]
        list_b = [_sponsor_key(s.sponsor) for s in b.sponsors if s.role == role]
        if list_a != list_b:
            out.append(f"{role}s: {len(list_a)} vs {len(list_b)}; only in the first "
                       f"{sorted(set(list_a) - set(list_b))}, only in the second {sorted(set(list_b) - set(list_a))}")
    subjects_a = {(s.vocabulary, s.term) for s in a.subjects}
    subjects_b = {(s.vocabulary, s.term) for s in b.subjects}
    if subjects_a != subjects_b:
        out.append(f"subjects: only in the first {sorted(subjects_a - subjects_b)}, "
                   f"only in the second {sorted(subjects_b - subjects_a)}")
    return out
