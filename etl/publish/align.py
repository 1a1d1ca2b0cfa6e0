"""Which clauses of a resolution's language versions line up.

Clause ids are counted, not copied from the print (etl/records.py), so the
same paragraph has the same id in every language version. When the versions
of a resolution disagree on their ids (a paragraph split in one language,
numbering the reader could not recognise in another), only the ids present
in every version are aligned; the others are left out and counted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyarrow as pa


@dataclass
class Alignment:
    """The clause ids of one resolution in the languages compared."""

    symbol: str
    ids: dict[str, list[str]]                 # language -> clause ids in document order
    common: list[str] = field(default_factory=list)   # in every language, in document order
    left_out: dict[str, int] = field(default_factory=dict)  # language -> clauses not aligned

    @property
    def agrees(self) -> bool:
        return not any(self.left_out.values())


def clause_ids(clauses: pa.Table) -> dict[str, dict[str, list[str]]]:
    """symbol -> language -> clause ids in document (ordinal) order."""
    data = clauses.select(["symbol", "language", "clause_id", "ordinal"])
    order = data.sort_by([("symbol", "ascending"), ("language", "ascending"),
                          ("ordinal", "ascending")])
    out: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for symbol, language, clause_id in zip(order.column("symbol").to_pylist(),
                                           order.column("language").to_pylist(),
                                           order.column("clause_id").to_pylist()):
        out[symbol].setdefault(language, []).append(clause_id)
    return out


def align(symbol: str, ids: dict[str, list[str]], languages: list[str]) -> Alignment | None:
    """The alignment of one resolution over `languages`, None unless it is
    present in all of them. The common ids follow the first language's order."""
    if any(lang not in ids for lang in languages):
        return None
    chosen = {lang: ids[lang] for lang in languages}
    shared = set.intersection(*(set(v) for v in chosen.values()))
    common = [cid for cid in chosen[languages[0]] if cid in shared]
    left_out = {lang: len(v) - len(common) for lang, v in chosen.items()}
    return Alignment(symbol, chosen, common, left_out)


def alignments(by_symbol: dict[str, dict[str, list[str]]], languages: list[str]) -> list[Alignment]:
    """Every resolution present in all `languages`, in symbol order."""
    out = []
    for symbol in sorted(by_symbol):
        found = align(symbol, by_symbol[symbol], languages)
        if found is not None:
            out.append(found)
    return out
