"""Stage 5, guard: no row the schemas refuse leaves the text front end.

The build leaves out a whole document when one of its rows breaks a
constraint of `schemas/*.json`. A text is the only source of what it holds,
so one odd row must not cost the rest: before the rows leave the front end
they are checked against the same constraints the package is validated
with (read from the schemas, as etl.check reads them): required values,
enumerations, patterns, minimum and maximum, unique and primary keys, and
the foreign keys that stay inside one document (a marker's clause and
footnote, a clause's parent, a citation's clause or footnote).

A row that would break one is fixed where a rule says how, otherwise set
aside, always with a warning naming its source line:
- the resolution row: an optional value that breaks its constraint is left
  empty (the adoption note keeps what was printed: "(A/74/608–A/74/610)" is
  no document symbol); a required value cannot be made up, and the text is
  rejected with a ParseError naming the file;
- a clause: set aside with the clauses under it, their markers and
  citations; its text goes to the list of what was set aside (kind
  `invalid_row`), so that the lossless accounting still finds every character;
- a footnote: set aside with the markers that point to it;
- a marker: set aside (its digits in the list);
- a citation: dropped (its text stays in its clause or footnote); the
  citation ids are counted again (c1, c2 ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from functools import lru_cache

from .. import schema
from ..errors import Diagnostic, ParseError
from ..records import CitationRow, Clause, Document, Footnote, FootnoteRef, Resolution
from ..tabulate import tabulate
from .layout import DiscardedLine

# The tables a text front end fills, in the order their rows are checked.
_TABLES = ("resolutions", "clauses", "footnotes", "footnote_refs", "citations")


@dataclass
class Guarded:
    resolution: Resolution
    clauses: list[Clause]
    footnotes: list[Footnote]
    refs: list[FootnoteRef]
    citations: list[CitationRow]
    set_aside: list[DiscardedLine]
    diagnostics: list[Diagnostic]


@lru_cache(maxsize=None)
def _rules(table: str):
    """(name, required, enum, compiled pattern, minimum, maximum) per field."""
    spec = schema.load(table)
    out = []
    for f in spec["fields"]:
        c = f.get("constraints", {})
        if not c.keys() & {"required", "enum", "pattern", "minimum", "maximum"}:
            continue
        pattern = re.compile(f"(?:{c['pattern']})") if "pattern" in c else None
        out.append((f["name"], c.get("required", False), c.get("enum"), pattern,
                    c.get("minimum"), c.get("maximum")))
    return tuple(out), frozenset(spec.get("missingValues", [""]))


def violations(table: str, row: dict) -> list[str]:
    """The per-value constraints of `table` that `row` breaks, as messages."""
    rules, missing_values = _rules(table)
    found = []
    for name, required, enum, pattern, minimum, maximum in rules:
        value = row.get(name)
        if value is None or (isinstance(value, str) and value in missing_values):
            if required:
                found.append(f"{name}: a value is required")
            continue
        if enum is not None and value not in enum:
            found.append(f"{name}: {value!r} is not one of {enum}")
        if pattern is not None and not pattern.fullmatch(str(value)):
            found.append(f"{name}: {str(value)[:60]!r} does not match {pattern.pattern}")
        if minimum is not None and value < minimum:
            found.append(f"{name}: {value} is below the minimum {minimum}")
        if maximum is not None and value > maximum:
            found.append(f"{name}: {value} is above the maximum {maximum}")
    return found


def counts(clauses: list[Clause], footnotes: list[Footnote]) -> dict[str, int]:
    """The resolution's counts: its own paragraphs (level 1, not headings,
    unnumbered text or annexes) and its footnotes."""
    level1 = [c for c in clauses if c.level == 1 and c.kind == "paragraph"]
    return {"preambular_count": sum(1 for c in level1 if c.section == "preamble"),
            "operative_count": sum(1 for c in level1 if c.section == "operative"),
            "footnote_count": len(footnotes)}


def guard(path: str, resolution: Resolution, clauses: list[Clause], footnotes: list[Footnote],
          refs: list[FootnoteRef], citations: list[CitationRow], title_line: int) -> Guarded:
    """The rows, every one of which the schemas accept; see the module docstring."""
    out = Guarded(resolution, list(clauses), list(footnotes), list(refs), list(citations),
                  [], [])
    _resolution(out, path, title_line)
    # Setting a row aside can break a key of another (a marker whose clause
    # went): check again until nothing changes.
    while _rows(out, path):
        pass
    return out


def _resolution(out: Guarded, path: str, line: int) -> None:
    row = tabulate([Document(out.resolution, [], [], [], [])])["resolutions"][0]
    problems = violations("resolutions", row)
    if not problems:
        return
    names = {f.name for f in fields(Resolution)}
    changes = {}
    for problem in problems:
        name = problem.split(":", 1)[0]
        required = next(r[1] for r in _rules("resolutions")[0] if r[0] == name)
        if required or name not in names:
            raise ParseError(path, line, f"the resolution's {problem}; expected a value "
                             "the schema accepts")
        changes[name] = None
        out.diagnostics.append(Diagnostic(path, line, (
            f"resolution {problem}: left empty (the source's text is kept where it was "
            "printed)")))
    out.resolution = replace(out.resolution, **changes)


def _rows(out: Guarded, path: str) -> bool:
    """Check the rows once; set aside what breaks a constraint. True if
    anything was set aside."""
    document = Document(out.resolution, out.clauses, out.footnotes, out.refs, out.citations)
    rows = tabulate([document])
    bad_clauses: dict[int, str] = {}
    seen_keys: set[str] = set()
    for i, row in enumerate(rows["clauses"]):
        problems = violations("clauses", row)
        if row["clause_key"] in seen_keys:
            problems.append(f"clause_id {row['clause_id']!r} repeated")
        seen_keys.add(row["clause_key"])
        if problems:
            bad_clauses[i] = "; ".join(problems)
    ids = {c.clause_id for i, c in enumerate(out.clauses) if i not in bad_clauses}
    for i, c in enumerate(out.clauses):
        if i not in bad_clauses and c.parent_id is not None and c.parent_id not in ids:
            bad_clauses[i] = f"parent_id {c.parent_id!r} is not a clause of the document"
            ids.discard(c.clause_id)
    bad_notes: dict[int, str] = {}
    numbers: set[int] = set()
    for i, row in enumerate(rows["footnotes"]):
        problems = violations("footnotes", row)
        if row["number"] in numbers:
            problems.append(f"number {row['number']} repeated")
        numbers.add(row["number"])
        if problems:
            bad_notes[i] = "; ".join(problems)
    notes = {f.number for i, f in enumerate(out.footnotes) if i not in bad_notes}
    bad_refs: dict[int, str] = {}
    keys: set[tuple] = set()
    for i, (row, r) in enumerate(zip(rows["footnote_refs"], out.refs)):
        problems = violations("footnote_refs", row)
        key = (r.clause_id, r.offset, r.footnote_number)
        if key in keys:
            problems.append("the same marker twice at one place")
        keys.add(key)
        if r.clause_id not in ids:
            problems.append(f"its clause {r.clause_id} is not a row")
        if r.footnote_number not in notes:
            problems.append(f"footnote {r.footnote_number} is not a row")
        if problems:
            bad_refs[i] = "; ".join(problems)
    bad_citations: dict[int, str] = {}
    for i, (row, c) in enumerate(zip(rows["citations"], out.citations)):
        problems = violations("citations", row)
        if c.clause_id is not None and c.clause_id not in ids:
            problems.append(f"its clause {c.clause_id} is not a row")
        if c.footnote_number is not None and c.footnote_number not in notes:
            problems.append(f"its footnote {c.footnote_number} is not a row")
        if problems:
            bad_citations[i] = "; ".join(problems)
    if not (bad_clauses or bad_notes or bad_refs or bad_citations):
        return False

    for i, problem in sorted(bad_clauses.items()):
        c = out.clauses[i]
        out.diagnostics.append(Diagnostic(path, c.line_start, (
            f"clause {c.clause_id or '(no id)'} breaks the schema ({problem}): set aside, its "
            "text listed with what was set aside")))
        out.set_aside.append(DiscardedLine(c.line_start, "invalid_row", c.text))
    for i, problem in sorted(bad_notes.items()):
        f = out.footnotes[i]
        out.diagnostics.append(Diagnostic(path, f.line_start, (
            f"footnote {f.number} breaks the schema ({problem}): set aside, its text listed "
            "with what was set aside")))
        out.set_aside.append(DiscardedLine(f.line_start, "invalid_row", f"{f.number} {f.text}"))
    for i, problem in sorted(bad_refs.items()):
        r = out.refs[i]
        out.diagnostics.append(Diagnostic(path, r.line, (
            f"footnote marker {r.footnote_number} in {r.clause_id} set aside ({problem})")))
        out.set_aside.append(DiscardedLine(r.line, "invalid_row", str(r.footnote_number)))
    for i, problem in sorted(bad_citations.items()):
        c = out.citations[i]
        out.diagnostics.append(Diagnostic(path, c.line, (
            f"citation {c.citation.raw!r} dropped ({problem}); its text stays where it "
            "was printed")))
    out.clauses = [c for i, c in enumerate(out.clauses) if i not in bad_clauses]
    out.footnotes = [f for i, f in enumerate(out.footnotes) if i not in bad_notes]
    out.refs = [r for i, r in enumerate(out.refs) if i not in bad_refs]
    out.citations = [replace(c, citation_id=f"c{n}") for n, c in enumerate(
        (c for i, c in enumerate(out.citations) if i not in bad_citations), start=1)]
    out.resolution = replace(out.resolution, **counts(out.clauses, out.footnotes))
    return True


__all__ = ["Guarded", "guard", "violations", "counts"]
