"""Lineage: every resolution linked to its predecessor, paragraph by paragraph.

    tables = lineage_tables(resolutions, clauses, citations)
    tables["lineage"]          # one row per resolution and predecessor
    tables["clause_lineage"]   # one row per paragraph, in every language both have

The input is the whole package's `resolutions`, `clauses` and `citations`
tables (pyarrow); the output rows follow `schemas/lineage.json` and
`schemas/clause_lineage.json`, each belonging to the session part of its
`symbol`. Three stages, each a module of pure functions:

- `series`: which earlier resolution each one renews (decided once, for all
  language versions; checked language by language);
- `align`: the paragraphs of the two texts aligned in order, moves found after;
- `textdiff`: what changed inside an edited paragraph, word by word
  (character by character in Chinese).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from ..corpus import language_rank, symbol_sort_key
from . import align as aligning
from . import series, textdiff

__all__ = ["LineageResult", "compute", "lineage_tables"]

_CITING = ("clause",)   # where a citation counts as evidence: the paragraphs


@dataclass
class LineageResult:
    tables: dict[str, pa.Table]
    report: dict = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)   # CPU time by step


def lineage_tables(resolutions: pa.Table, clauses: pa.Table, citations: pa.Table
                   ) -> dict[str, pa.Table]:
    """The `lineage` and `clause_lineage` tables of a whole package."""
    return compute(resolutions, clauses, citations).tables


def _column(table: pa.Table, name: str) -> list:
    column = table.column(name)
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    return column.to_pylist()


@dataclass
class Version:
    """The clauses of one language version, in document order: a hash of each
    text (equal texts, equal hashes; the alignment checks the texts of equal
    hashes), and their ids and texts, read from the Arrow columns only when
    compared (the whole corpus's texts as Python strings would double the
    memory, and its 615,000 ids as Python strings would add some 40 MB)."""

    codes: list[int]
    column: pa.ChunkedArray     # the text column of every version
    start: int
    stop: int
    long: frozenset = frozenset()   # codes of its texts of MIN_PARAGRAPH_LENGTH or more
    id_column: pa.ChunkedArray | None = None   # the clause_id column of every version

    @property
    def texts(self) -> list[str]:
        return [t or "" for t in self.column.slice(self.start, self.stop - self.start).to_pylist()]

    @property
    def ids(self) -> list[str]:
        return self.id_column.slice(self.start, self.stop - self.start).to_pylist()


def _versions(clauses: pa.Table) -> dict[tuple[str, str], Version]:
    """(symbol, language) -> its clauses, in document order."""
    clauses = clauses.select(["symbol", "language", "clause_id", "ordinal", "text"])
    if clauses.num_rows and not _in_document_order(clauses):
        clauses = clauses.take(pc.sort_indices(clauses, sort_keys=[
            ("symbol", "ascending"), ("language", "ascending"), ("ordinal", "ascending")]))
    version = _version_labels(clauses)
    starts = _group_starts(version)
    ids = _plain(clauses.column("clause_id"))
    text = _plain(clauses.column("text"))
    labels = pc.take(version, pa.array(starts, pa.int64())).to_pylist()
    bounds = starts + [clauses.num_rows]
    out = {}
    for label, a, b in zip(labels, bounds, bounds[1:]):
        symbol, _, language = label.rpartition("#")
        # A version at a time: its texts as Python strings are let go before the
        # next version's are made, which reuse their memory (made a part at a
        # time, they left it scattered among the hashes kept).
        values = text.slice(a, b - a).to_pylist()
        codes = [hash(t) for t in values]
        long = frozenset(c for c, t in zip(codes, values)
                         if t is not None and len(t) >= series.MIN_PARAGRAPH_LENGTH)
        out[symbol, language] = Version(codes, text, a, b, long, ids)
    return out


def _plain(column):
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    return column


def _version_labels(clauses: pa.Table) -> pa.ChunkedArray:
    return pc.binary_join_element_wise(_plain(clauses.column("symbol")),
                                       _plain(clauses.column("language")), "#")


def _group_starts(labels) -> list[int]:
    labels = labels.combine_chunks() if isinstance(labels, pa.ChunkedArray) else labels
    if not len(labels):
        return []
    changed = pc.not_equal(labels.slice(1), labels.slice(0, len(labels) - 1))
    return [0] + [i + 1 for i in pc.indices_nonzero(changed).to_pylist()]


def _in_document_order(clauses: pa.Table) -> bool:
    """Each version's rows together and by ordinal (as the build writes them)."""
    labels = _version_labels(clauses).combine_chunks()
    starts = _group_starts(labels)
    if len(starts) != len(pc.unique(labels)):
        return False
    ordinal = clauses.column("ordinal").combine_chunks()
    rising = pc.greater(ordinal.slice(1), ordinal.slice(0, len(ordinal) - 1))
    marks = [False] * (len(ordinal) - 1)
    for i in starts[1:]:
        marks[i - 1] = True
    at_start = pa.array(marks, pa.bool_())  # typed: a package of one clause has none
    return pc.all(pc.or_(rising, at_start)).as_py() in (True, None)


def _resolutions(resolutions: pa.Table, texts: dict[tuple[str, str], Version], citations: pa.Table
                 ) -> dict[str, series.Resolution]:
    out: dict[str, series.Resolution] = {}
    rows = zip(*(_column(resolutions, c) for c in (
        "symbol", "language", "title", "agenda_item", "adoption_date")))
    for symbol, language, title, agenda, adopted in rows:
        r = out.get(symbol)
        if r is None:
            base, letter = series.split_symbol(symbol)
            r = out[symbol] = series.Resolution(
                symbol=symbol, rank=0, adopted=adopted, base=base, letter=letter, titles={},
                agenda=series.agenda_items(agenda))
        if adopted is not None and (r.adopted is None or adopted < r.adopted):
            r.adopted = adopted  # the versions agree; where they do not, the earliest
        if not r.agenda and agenda:
            r.agenda = series.agenda_items(agenda)
        r.titles[language] = series.normalise_title(title)
        version = texts.get((symbol, language))
        if version is not None:
            r.texts[language] = version
            r.paragraphs[language] = version.long
    for r in out.values():
        r.rank = series.session_rank(r.symbol, r.adopted)
    wanted = pc.and_(pc.equal(citations.column("target_type").cast(pa.string()), "ga_resolution"),
                     pc.is_in(citations.column("location").cast(pa.string()),
                              pa.array(_CITING, pa.string())))
    cited = citations.filter(wanted).select(["symbol", "language", "target"])
    for symbol, language, target in zip(*(_column(cited, c) for c in cited.column_names)):
        if symbol in out and target in out:
            out[symbol].cites.setdefault(language, set()).add(target)
    return out


def compute(resolutions: pa.Table, clauses: pa.Table, citations: pa.Table,
            checks: bool = False) -> LineageResult:
    """The two tables and a report: links by basis, how the language versions
    agree on them (and, with `checks`, the alignment's guarantees counted)."""
    seconds: dict[str, float] = {}
    started = time.process_time()
    texts = _versions(clauses)
    known = _resolutions(resolutions, texts, citations)
    seconds["read"] = time.process_time() - started

    started = time.process_time()
    links, agree_of, agreement, disagreements = _links(known)
    seconds["series"] = time.process_time() - started

    started = time.process_time()
    target = _plain_schema("clause_lineage")
    batches: list[pa.RecordBatch] = []
    carried = {}
    counted: Counter = Counter()
    for link in links:
        old_languages = known[link.predecessor].titles
        new_languages = known[link.symbol].titles
        total = kept = languages = 0
        for language in sorted(set(old_languages) & set(new_languages), key=language_rank):
            old = texts.get((link.predecessor, language))
            new = texts.get((link.symbol, language))
            if old is None or new is None:
                continue
            languages += 1
            old_texts, new_texts = old.texts, new.texts
            rows = aligning.align(old_texts, new_texts, language, old.codes, new.codes)
            if checks:
                _count_checks(counted, [textdiff.key(t) for t in old_texts],
                              [textdiff.key(t) for t in new_texts], rows)
            batches.append(_clause_rows(link, language, rows, old, new, target))
            total += old.stop - old.start
            kept += sum(1 for row in rows if row.old is not None and row.new is not None)
        carried[link.symbol, link.predecessor] = (kept / total if total else None, languages)
    seconds["align"] = time.process_time() - started

    started = time.process_time()
    lineage = _lineage_table(links, carried, agree_of)
    clause_lineage = pa.Table.from_batches(batches, schema=target).combine_chunks()
    seconds["tables"] = time.process_time() - started
    report = {
        "links": len(links),
        "resolutions": len(known),
        "by_basis": dict(Counter(link.basis for link in links).most_common()),
        "language_agreement": _agreement_summary(agreement),
        "language_disagreements": disagreements,
    }
    if checks:
        report["alignment_checks"] = dict(counted)
    return LineageResult({"lineage": lineage, "clause_lineage": clause_lineage}, report,
                         seconds)


def _links(known: dict[str, series.Resolution]):
    """Every resolution's predecessor, decided on all the evidence, and each
    language version's own decision compared with it."""
    idx = series.index(known)
    links: list[series.Link] = []
    agreement: Counter = Counter()
    disagreements = []
    agree_of: dict[str, bool] = {}
    for symbol in sorted(known, key=symbol_sort_key):
        r = known[symbol]
        pool = series.candidates(r, idx)
        link = series.choose(r, idx, pool=pool)
        decided = link.predecessor if link else None
        agree = True
        for language in sorted(r.titles, key=language_rank):
            if link is not None and language not in known[decided].titles:
                agreement["not_comparable"] += 1
                continue  # the predecessor has no version in this language
            own = series.choose(r, idx, language, pool)
            found = own.predecessor if own else None
            agreement["versions"] += 1
            agreement["linked_versions"] += decided is not None
            if found == decided:
                agreement["agree"] += 1
                agreement["agree_linked"] += decided is not None
            else:
                agree = False
                disagreements.append({"symbol": symbol, "language": language,
                                      "predecessor": decided, "this_language": found})
        if link is not None:
            links.append(link)
            agree_of[symbol] = agree
    return links, agree_of, agreement, disagreements


def _agreement_summary(agreement: Counter) -> dict:
    def share(a: int, b: int):
        return round(a / b, 4) if b else None
    return {
        "versions_compared": agreement["versions"],
        "agree": agreement["agree"],
        "agree_share": share(agreement["agree"], agreement["versions"]),
        "linked_versions": agreement["linked_versions"],
        "linked_versions_agree": agreement["agree_linked"],
        "linked_agree_share": share(agreement["agree_linked"], agreement["linked_versions"]),
        "predecessor_without_this_language": agreement["not_comparable"],
    }


def _clause_rows(link: series.Link, language: str, rows: list[aligning.Aligned],
                 old: Version, new: Version, target: pa.Schema) -> pa.RecordBatch:
    """The clause_lineage rows of one language version of a link, made into
    Arrow link by link: the rows of every link as Python lists took several
    times the memory of their Arrow columns."""
    n = len(rows)
    old_all, new_all = old.ids, new.ids
    new_ids = [new_all[r.new] if r.new is not None else None for r in rows]
    old_ids = [old_all[r.old] if r.old is not None else None for r in rows]
    here, there = f"{link.symbol}#{language}#", f"{link.predecessor}#{language}#"
    columns = {
        "symbol": [link.symbol] * n,
        "language": [language] * n,
        "predecessor": [link.predecessor] * n,
        "position": list(range(1, n + 1)),
        "clause_id": new_ids,
        "predecessor_clause_id": old_ids,
        "change": [r.change for r in rows],
        "similarity": [None if r.similarity is None else round(r.similarity, 4) for r in rows],
        "clause_key": [here + i if i else None for i in new_ids],
        "predecessor_clause_key": [there + i if i else None for i in old_ids],
    }
    return pa.RecordBatch.from_arrays([pa.array(columns[f.name], f.type) for f in target],
                                      schema=target)


def _count_checks(checks: Counter, old_keys: list[str], new_keys: list[str],
                  rows: list[aligning.Aligned]) -> None:
    """The alignment's guarantees, counted: an unchanged pair has equal
    texts; a paragraph whose text occurs once in the predecessor is aligned
    to that paragraph (unchanged, or moved)."""
    counts = Counter(old_keys)
    where = {k: i for i, k in enumerate(old_keys) if counts[k] == 1}
    for row in rows:
        if row.change == "unchanged":
            checks["unchanged_pairs"] += 1
            checks["unchanged_pairs_identical"] += old_keys[row.old] == new_keys[row.new]
        if row.new is None:
            continue
        i = where.get(new_keys[row.new])
        if i is None:
            continue
        checks["unique_in_predecessor"] += 1
        checks["unique_aligned_to_it"] += row.old == i
        checks["unique_aligned_unchanged"] += row.old == i and row.change == "unchanged"


def _plain_schema(table: str) -> pa.Schema:
    from ..write import plain_schema
    return plain_schema(table)


def _lineage_table(links: list[series.Link], carried: dict, agree_of: dict) -> pa.Table:
    rows = []
    for link in links:
        share, languages = carried[link.symbol, link.predecessor]
        rows.append({
            "symbol": link.symbol,
            "predecessor": link.predecessor,
            "basis": link.basis,
            "same_title": link.same_title,
            "cites_predecessor": link.cites_predecessor,
            "same_agenda_item": link.same_agenda_item,
            "similarity": None if share is None else round(share, 4),
            "languages_aligned": languages,
            "languages_agree": agree_of[link.symbol],
        })
    return _table(rows, "lineage")


def _table(rows: list[dict], name: str) -> pa.Table:
    target = _plain_schema(name)
    return pa.Table.from_arrays([pa.array([row[f.name] for row in rows], f.type) for f in target],
                                schema=target)
