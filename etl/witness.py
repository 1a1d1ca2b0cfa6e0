"""Witnesses: a second reading of a resolution the package already has.

Where the package holds the same (symbol, language) from the UN's XML and
from the official PDF (or a text extracted from it), the XML gives the rows
(etl.corpus, rule 2) and the other reading is a witness: it is compared with
the XML and every disagreement is reported in the build report
(`corpus.witnesses`). A disagreement is either a reading error of the
witness's front end or a slip in the XML (a footnote marker typed as text, a
paragraph split in two): the report says where to look, never which is right.

The corpus stage sees summaries, not texts: each document carries a compact
fingerprint (`fingerprint`), four bytes per compared value (CRC-32 of its
UTF-8), so that a witness is compared clause by clause without keeping any
text in memory.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections import Counter

from .records import Document

# Resolution fields a print carries, compared in this order.
METADATA = ("title", "adoption_date", "committee", "committee_report", "draft_symbol",
            "plenary_meeting", "agenda_item")
# What is compared for each clause, in the order of its four values.
CLAUSE_FIELDS = ("kind, level and label", "text", "leading phrase", "markers")
_MAX_LISTED = 20
_FROM_WORKFLOW = ("committee_report", "draft_symbol")


def _crc(value) -> int:
    return zlib.crc32(("" if value is None else str(value)).encode("utf-8", "surrogatepass"))


_NONE = zlib.crc32(b"")


def fingerprint(document: Document) -> bytes:
    """The metadata, each clause and each footnote of a document, four bytes a value."""
    markers: dict[str, list[tuple[int, int]]] = {}
    for r in document.refs:
        markers.setdefault(r.clause_id, []).append((r.offset, r.footnote_number))
    r = document.resolution
    values = [_crc(getattr(r, name)) for name in METADATA]
    for c in document.clauses:
        values += [_crc(f"{c.kind}|{c.level}|{c.label}"), _crc(c.text), _crc(c.leading_phrase),
                   _crc(sorted(markers.get(c.clause_id, ())))]
    values += [_crc(f.text) for f in document.footnotes]
    return struct.pack(f"<{len(values)}I", *values)


def _unpack(blob: bytes, clauses: int, footnotes: int):
    values = struct.unpack(f"<{len(blob) // 4}I", blob)
    head = len(METADATA)
    if len(values) != head + 4 * clauses + footnotes:
        return None
    meta = values[:head]
    rows = [values[head + 4 * i: head + 4 * i + 4] for i in range(clauses)]
    notes = values[head + 4 * clauses:]
    return meta, rows, notes


def _family(clause_id: str) -> str:
    return re.sub(r"\d+", "N", clause_id)


def compare(kept, witness) -> list[dict]:
    """The disagreements of a witness (a DocSummary) with the kept document's rows."""
    found: list[dict] = []
    ids_k = [s.clause_id for s in kept.signature]
    ids_w = [s.clause_id for s in witness.signature]
    mine = _unpack(kept.witness, len(ids_k), len(kept.footnotes))
    theirs = _unpack(witness.witness, len(ids_w), len(witness.footnotes))
    if mine is None or theirs is None:
        return [{"what": "fingerprint", "detail": "no fingerprint to compare"}]
    meta_k, rows_k, notes_k = mine
    meta_w, rows_w, notes_w = theirs
    for name, a, b in zip(METADATA, meta_k, meta_w):
        # The draft and report symbols come from the XML's workflow too; a print
        # that names none says nothing about them.
        if a != b and not (name in _FROM_WORKFLOW and b == _NONE):
            found.append({"what": "metadata", "field": name})
    if ids_k != ids_w:
        count_k, count_w = Counter(map(_family, ids_k)), Counter(map(_family, ids_w))
        at = next((i for i, (a, b) in enumerate(zip(ids_k, ids_w)) if a != b),
                  min(len(ids_k), len(ids_w)))
        found.append({"what": "clause ids", "first_difference": ids_k[at] if at < len(ids_k)
                      else ids_w[at] if at < len(ids_w) else None,
                      "rows": {f: [count_k[f], count_w[f]] for f in sorted(set(count_k)
                                                                           | set(count_w))
                               if count_k[f] != count_w[f]}})
    by_id = dict(zip(ids_w, rows_w))
    listed = 0
    for clause_id, row in zip(ids_k, rows_k):
        other = by_id.get(clause_id)
        if other is None or other == row:
            continue
        fields = [name for name, a, b in zip(CLAUSE_FIELDS, row, other) if a != b]
        listed += 1
        if listed <= _MAX_LISTED:
            found.append({"what": "clause", "clause_id": clause_id, "fields": fields})
    if listed > _MAX_LISTED:
        found.append({"what": "clause", "more": listed - _MAX_LISTED})
    numbers_k = [f.number for f in kept.footnotes]
    numbers_w = [f.number for f in witness.footnotes]
    if numbers_k != numbers_w:
        found.append({"what": "footnote numbers", "rows": [len(numbers_k), len(numbers_w)]})
    else:
        differ = [n for n, a, b in zip(numbers_k, notes_k, notes_w) if a != b]
        if differ:
            found.append({"what": "footnote text", "footnotes": differ[:_MAX_LISTED]})
    return found


def summarize(entries: list[dict]) -> dict:
    """How many witnesses were compared, how many agree, what the others differ in."""
    what = Counter()
    for e in entries:
        for d in e["differences"]:
            what[d["what"] if d["what"] != "clause" else "clause: " + ", ".join(d.get("fields",
                                                                                    ["more"]))] += 1
    return {"compared": len(entries), "agree": sum(1 for e in entries if not e["differences"]),
            "by_format": dict(sorted(Counter(e["witness_format"] for e in entries).items())),
            "differences": dict(what.most_common())}
