"""The corpus stage: decisions that need every source at once.

Each front end reads one file at a time; only here are files compared with
each other. Every decision follows a written rule and is listed in the build
report (section `corpus`):

1. Parts. A resolution adopted in parts has its first part's file without a
   letter (A/RES/74/232) beside a lettered sibling (A/RES/74/232B): when a
   symbol X and X + "B" both exist, X is part A (X + "A"), in every language.
2. One document per (symbol, language). Copies that are byte-identical are
   kept once ("duplicate"). Otherwise the preferred copy is the one read from
   the best source -- the UN's XML, then the official PDF, then a text
   extracted from a PDF -- then the one whose identity had no conflicting
   evidence, then the one with the later markup date, then the first by
   source path; the others are "superseded". A superseded reading from
   another source (a PDF beside the XML) is a witness: it is compared with
   the rows kept, clause by clause (etl.witness), and every disagreement is
   reported (`witnesses`). Never two rows for one clause.
3. Votes, sponsors and subjects are facts about a resolution, not about one of
   its language versions; every XML file carries them. They are written once
   per symbol, from the English version when there is one, else from the first
   version in the UN's order (ar, zh, en, fr, ru, es, de); the other versions
   are compared with it and every difference is reported.
4. Language versions are reconciled (etl.languages.reconcile): where most
   official versions agree on their paragraph ids and one differs only in how
   its markup classified or nested some rows, and its text allows the others'
   reading, it is given their ids (`relabel`, applied when its part is
   written) and the repair is reported; otherwise it is kept and the reason is
   reported.
5. Language versions are compared on the sets of their paragraph ids and
   footnote numbers (etl.languages), after the repairs of rule 4; each
   disagreement is reported with its likely cause, and every resolution in the
   six official languages that still disagrees is listed with its cause.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from . import witness

LANGUAGE_ORDER = ("ar", "zh", "en", "fr", "ru", "es", "de")
# A resolution symbol since the 31st session: its kind, session, number and part letter.
RESOLUTION_SYMBOL = re.compile(r"^A/RES/(?:(?P<kind>E?S)-)?(?P<session>\d+)/(?P<number>\d+)(?P<letter>[A-Z]*)$")


def symbol_sort_key(symbol: str) -> tuple:
    """Session kind, session, number, part letter: A/RES/74/2 before A/RES/74/10."""
    m = RESOLUTION_SYMBOL.match(symbol)
    if not m:
        return (3, 0, 0, symbol)
    kind = {None: 0, "ES": 1, "S": 2}[m.group("kind")]
    return (kind, int(m.group("session")), int(m.group("number")), m.group("letter"))


def language_rank(language: str) -> int:
    return LANGUAGE_ORDER.index(language) if language in LANGUAGE_ORDER else len(LANGUAGE_ORDER)


@dataclass
class DocSummary:
    """What the corpus stage needs to know about one document (no text)."""

    item: int                      # index of the source item in the build's list
    index: int                     # position of the document among the item's documents
    symbol: str
    language: str
    source_format: str
    sha256: str
    conflicts: int                 # conflicting identity evidence the front end resolved
    markup_date: str               # "" if unknown
    metadata_digest: str           # of adoption facts, votes, sponsors, subjects ("" if none)
    has_metadata: bool
    signature: tuple               # ClauseSignature of every clause
    footnotes: tuple               # FootnoteSignature of every footnote
    targets: frozenset             # citation targets (for in_package)
    entry: dict                    # the build report's entry for this document
    json_disagreements: list = field(default_factory=list)
    witness: bytes = b""           # etl.witness.fingerprint: what a witness is compared on

    # Kept in the parse cache's index, one per document of the corpus: the
    # signatures travel as plain tuples, which pickle reads ten times faster
    # than named ones.
    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["signature"] = tuple(map(tuple, self.signature))
        state["footnotes"] = tuple(f.number for f in self.footnotes)
        return state

    def __setstate__(self, state: dict) -> None:
        state["signature"] = tuple(map(ClauseSignature._make, state["signature"]))
        state["footnotes"] = tuple(map(FootnoteSignature, state["footnotes"]))
        self.__dict__.update(state)


def forget_corpus_only(documents) -> None:
    """Let go of what only the decisions read of each summary: the signatures
    of its clauses and footnotes and its witness fingerprint (about 615,000
    clause signatures in all). The stages after them read the rest: the symbol,
    the citation targets and the report entry."""
    for d in documents:
        d.signature, d.footnotes, d.witness = (), (), b""
        d.json_disagreements = []


@dataclass
class Decisions:
    kept: list[DocSummary]                       # in output order
    renamed: dict[tuple[int, int], str]          # (item, index) -> new symbol
    holders: set[tuple[int, int]]                # documents whose votes/sponsors/subjects are written
    report: dict                                 # the build report's `corpus` section
    # (item, index) -> {old clause id: new clause id}: rule 4's repairs, applied
    # to the document's tables when its part is written (etl.languages.relabel_tables).
    relabel: dict[tuple[int, int], dict[str, str]] = field(default_factory=dict)
    # (item, index) -> {old clause id: [[new id, label start, text start], ...]}: rows
    # of a repaired version cut at the sub-paragraph labels their text prints inline.
    splits: dict[tuple[int, int], dict[str, list]] = field(default_factory=dict)


def decide(documents: list[DocSummary], memo: dict | None = None) -> Decisions:
    """The corpus decisions. `memo` keeps the outcome of the costly reconciliation
    of language versions by what it was computed from, across builds: the same
    versions give the same outcome."""
    report: dict = {}
    renamed = _part_renames(documents)
    report["parts_renamed"] = sorted(
        [{"from": d.symbol, "to": renamed[(d.item, d.index)], "language": d.language,
          "file": d.entry["file"]} for d in documents if (d.item, d.index) in renamed],
        key=lambda r: (symbol_sort_key(r["to"]), language_rank(r["language"])))

    def final(d: DocSummary) -> str:
        return renamed.get((d.item, d.index), d.symbol)

    groups: dict[tuple[str, str], list[DocSummary]] = defaultdict(list)
    for d in documents:
        groups[(final(d), d.language)].append(d)
    kept, dropped, witnesses = [], [], []
    for key in sorted(groups, key=lambda k: (symbol_sort_key(k[0]), language_rank(k[1]))):
        chosen, others = _choose(groups[key])
        kept.append(chosen)
        for other, reason in others:
            dropped.append({"symbol": key[0], "language": key[1], "file": other.entry["file"],
                            "kept": chosen.entry["file"], "reason": reason})
            if other.source_format != chosen.source_format and not reason.startswith("duplicate"):
                witnesses.append({"symbol": key[0], "language": key[1],
                                  "rows_from": chosen.entry["file"],
                                  "witness": other.entry["file"],
                                  "witness_format": other.source_format,
                                  "differences": witness.compare(chosen, other)})
    report["duplicates"] = dropped
    report["witnesses"] = {"summary": witness.summarize(witnesses), "documents": witnesses}

    holders, metadata_report, json_report = _metadata_holders(kept, final)
    report["metadata_differences"] = metadata_report
    report["json_disagreements"] = json_report
    report["coverage"] = coverage_table(kept, final)
    before, _ = compare_versions(kept, final)
    relabel, splits, report["language_repairs"] = reconcile_versions(kept, final, memo)
    report["language_agreement"], report["language_disagreements"] = compare_versions(
        kept, final, relabel, splits)
    kept_because = {(r["symbol"], r["language"]): r["causes"]
                    for r in report["language_repairs"] if not r["repaired"]}
    for entry in report["language_agreement"]["remaining"]:
        entry["not_repaired"] = {l: kept_because.get((entry["symbol"], l),
                                                    ["no majority of the versions agrees"])
                                 for l in entry["languages"]}
    report["language_agreement"]["before_repairs"] = {
        k: before[k] for k in ("agree_on_paragraph_ids", "agree_on_paragraph_ids_share",
                               "agree_on_paragraph_ids_and_footnotes")}
    return Decisions(kept, renamed, holders, report, relabel, splits)


OFFICIAL = ("ar", "zh", "en", "fr", "ru", "es")


class ClauseSignature(NamedTuple):
    """A clause as the corpus stage sees it: no text, only what the comparison of
    language versions needs (the printed label, the text's last character and
    length tell whether a row may take another version's reading)."""
    clause_id: str
    kind: str
    section: str
    label: str | None = None
    end: str = ""
    length: int = 0
    inline: tuple = ()        # sub-paragraph labels printed inside the text (etl.languages)


_CLOSERS = "”’\"' )»]"


def clause_signature(clause) -> ClauseSignature:
    """The signature of an etl.records.Clause."""
    from .languages import inline_labels
    text = clause.text.rstrip(_CLOSERS) if clause.text else ""
    inline = inline_labels(clause.text) if clause.kind == "paragraph" and clause.text else ()
    return ClauseSignature(clause.clause_id, clause.kind, clause.section, clause.label,
                           text[-1:], len(clause.text or ""), inline)


class FootnoteSignature(NamedTuple):
    number: int


def _light_document(d: DocSummary, symbol: str, mapping: dict[str, str] | None = None,
                    splits: dict[str, list] | None = None):
    """Enough of a Document for etl.languages: ids, kinds, sections, footnote numbers
    (the ids after rule 4's repair, when there is one)."""
    from types import SimpleNamespace as NS
    from .records import Document
    from .languages import relabel_signature
    clauses = relabel_signature(d.signature, mapping or {}, splits) if mapping or splits \
        else d.signature
    return Document(resolution=NS(symbol=symbol, language=d.language),
                    clauses=clauses, footnotes=d.footnotes, refs=[], citations=[],
                    report=d.entry)


def reconcile_versions(kept: list[DocSummary], final, memo: dict | None = None
                       ) -> tuple[dict, dict, list]:
    """Rule 4: the id mapping (and rows cut) of every version repaired, and the
    report of every version that differs from the reference (repaired or not)."""
    from .languages import reconcile
    by_symbol: dict[str, list[DocSummary]] = defaultdict(list)
    for d in kept:
        by_symbol[final(d)].append(d)
    relabel: dict[tuple[int, int], dict[str, str]] = {}
    splits: dict[tuple[int, int], dict[str, list]] = {}
    report = []
    for symbol in sorted(by_symbol, key=symbol_sort_key):
        versions = {d.language: d for d in by_symbol[symbol]}
        if len(versions) < 3:
            continue
        reference, outcomes = reconcile({l: d.signature for l, d in versions.items()},
                                        OFFICIAL, memo)
        for o in outcomes:
            d = versions[o.language]
            if o.repaired and o.mapping:
                relabel[(d.item, d.index)] = o.mapping
            if o.repaired and o.splits:
                splits[(d.item, d.index)] = o.splits
            report.append({"symbol": symbol, "language": o.language,
                           "reference_languages": reference, "repaired": o.repaired,
                           "changes": o.changes, "ids_changed": len(o.mapping),
                           "causes": o.causes})
    return relabel, splits, report


def compare_versions(kept: list[DocSummary], final,
                     relabel: dict[tuple[int, int], dict[str, str]] | None = None,
                     splits: dict[tuple[int, int], dict[str, list]] | None = None
                     ) -> tuple[dict, list]:
    """Rule 5: every resolution present in several languages, version against version."""
    from .languages import compare_languages
    relabel, splits = relabel or {}, splits or {}
    by_symbol: dict[str, list[DocSummary]] = defaultdict(list)
    for d in kept:
        by_symbol[final(d)].append(d)
    disagreements, remaining = [], []
    six = agree_clauses = agree_all = 0
    for symbol in sorted(by_symbol, key=symbol_sort_key):
        versions = by_symbol[symbol]
        if len(versions) < 2:
            continue
        light = [_light_document(d, symbol, relabel.get((d.item, d.index)),
                                 splits.get((d.item, d.index))) for d in versions]
        found = compare_languages(light)
        disagreements += found
        if {d.language for d in versions} >= set(OFFICIAL):
            six += 1
            official = [x for x in light if x.resolution.language in OFFICIAL]
            own = compare_languages(official, include_annexes=False)
            clauses = [x for x in own if x["what"] == "clauses"]
            agree_clauses += not clauses
            agree_all += not own
            if clauses:
                remaining.append({"symbol": symbol,
                                  "languages": sorted(l for x in clauses for l in x["languages"]),
                                  "causes": [x["cause"] for x in clauses],
                                  "only_in_reference": {x["languages"][0]: x["detail"][
                                      "only_in_reference"] for x in clauses},
                                  "only_here": {x["languages"][0]: x["detail"]["only_here"]
                                                for x in clauses}})
    summary = {
        "resolutions_in_all_six_languages": six,
        "agree_on_paragraph_ids": agree_clauses,
        "agree_on_paragraph_ids_share": round(agree_clauses / six, 4) if six else None,
        "agree_on_paragraph_ids_and_footnotes": agree_all,
        "causes": dict(Counter(_cause_class(x) for x in disagreements).most_common()),
        # Every resolution in the six official languages whose paragraph ids still
        # differ, with the cause for each version that differs.
        "remaining": remaining,
    }
    return summary, disagreements


def _cause_class(disagreement: dict) -> str:
    """The cause without the language and the numbers: for counting."""
    cause = disagreement["cause"].split(": ", 1)[-1]
    return disagreement["what"] + ": " + re.sub(r"\d+", "N", cause)


def _part_renames(documents: list[DocSummary]) -> dict[tuple[int, int], str]:
    symbols = {d.symbol for d in documents}
    renamed = {}
    for d in documents:
        m = RESOLUTION_SYMBOL.match(d.symbol)
        if m and not m.group("letter") and d.symbol + "B" in symbols:
            renamed[(d.item, d.index)] = d.symbol + "A"
    return renamed


def _choose(candidates: list[DocSummary]) -> tuple[DocSummary, list[tuple[DocSummary, str]]]:
    first_of_sha: dict[str, DocSummary] = {}
    distinct = []
    others = []
    for d in candidates:  # candidates come in source-path order
        if d.sha256 in first_of_sha:
            others.append((d, "duplicate: byte-identical to "
                              f"{first_of_sha[d.sha256].entry['file']}"))
        else:
            first_of_sha.setdefault(d.sha256, d)
            distinct.append(d)
    order = sorted(range(len(distinct)), key=lambda i: (
        _FORMAT_RANK.get(distinct[i].source_format, len(_FORMAT_RANK)),
        distinct[i].conflicts > 0, _descending(distinct[i].markup_date), i))
    chosen = distinct[order[0]]
    for i in order[1:]:
        d = distinct[i]
        if d.source_format != chosen.source_format:
            why = (f"the {chosen.source_format} reading gives the rows; this "
                   f"{d.source_format} reading is a witness (corpus.witnesses)")
        elif d.conflicts > 0 and chosen.conflicts == 0:
            why = "its identity evidence conflicts; the kept copy's agrees"
        elif d.markup_date != chosen.markup_date:
            why = f"older markup ({d.markup_date or 'no date'} vs {chosen.markup_date})"
        else:
            why = "a later source path than the kept copy"
        others.append((d, f"superseded: {why}"))
    return chosen, others


# Which source gives the rows of a (symbol, language) read from several: the
# UN's XML, then the official PDF, then a text someone extracted from a PDF.
_FORMAT_RANK = {"akn": 0, "pdf": 1, "text": 2}


def _descending(text: str) -> tuple:
    return tuple(-ord(c) for c in text) + (1,)


def _metadata_holders(kept: list[DocSummary], final):
    by_symbol: dict[str, list[DocSummary]] = defaultdict(list)
    for d in kept:
        by_symbol[final(d)].append(d)
    holders: set[tuple[int, int]] = set()
    differences, json_report = [], []
    for symbol in sorted(by_symbol, key=symbol_sort_key):
        versions = [d for d in by_symbol[symbol] if d.has_metadata]
        if not versions:
            continue
        versions.sort(key=lambda d: (d.language != "en", language_rank(d.language)))
        holder = versions[0]
        holders.add((holder.item, holder.index))
        for d in versions[1:]:
            if d.metadata_digest != holder.metadata_digest:
                differences.append({"symbol": symbol, "language": d.language,
                                    "holder_language": holder.language, "file": d.entry["file"]})
        for disagreement in holder.json_disagreements:
            json_report.append({"symbol": symbol, **disagreement})
    return holders, differences, json_report


def coverage_table(kept: list[DocSummary], final) -> dict:
    """Resolutions by session and language (the README's coverage table)."""
    from .package import partition_of
    cells: Counter = Counter()
    symbols: dict[str, set] = defaultdict(set)
    for d in kept:
        part = partition_of(final(d))
        cells[(part, d.language)] += 1
        symbols[part].add(final(d))
    sessions = sorted(symbols)
    languages = [l for l in LANGUAGE_ORDER if any((s, l) in cells for s in sessions)]
    rows = [{"session": s, "resolutions": len(symbols[s]),
             **{l: cells.get((s, l), 0) for l in languages}} for s in sessions]
    return {"languages": languages, "rows": rows}
