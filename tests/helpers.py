"""Shared test helpers: what two parses of the same resolution must agree on."""

from dataclasses import asdict

import re

from etl.text.parse import Parsed

SOURCE_FIELDS = {"source_file", "source_sha256", "source_encoding"}


def essence(p: Parsed, lines: bool = True) -> tuple:
    """Every row value a parse yields, minus where the file came from (and,
    with lines=False, minus source line numbers, for re-laid-out texts)."""
    resolution = {k: v for k, v in asdict(p.resolution).items() if k not in SOURCE_FIELDS}
    clauses = [(c.clause_id, c.section, c.level, c.parent_id, c.label, c.ordinal,
                c.leading_phrase, c.text) + ((c.line_start, c.line_end) if lines else ())
               for c in p.clauses]
    footnotes = [(f.number, f.text) + ((f.line_start, f.line_end) if lines else ())
                 for f in p.footnotes]
    refs = [(r.clause_id, r.footnote_number, r.offset) + ((r.line,) if lines else ())
            for r in p.refs]
    citations = [(r.citation_id, r.location, r.clause_id, r.footnote_number, r.citation)
                 + ((r.line,) if lines else ()) for r in p.citations]
    return resolution, clauses, footnotes, refs, citations


def check_consistent(p: Parsed) -> None:
    """Internal consistency of one parse: keys unique, references resolvable,
    offsets inside their texts, lines inside the file."""
    n_lines = len(p.source.lines)
    ids = [c.clause_id for c in p.clauses]
    assert len(ids) == len(set(ids))
    seen = set()
    for c in p.clauses:
        # Prefixes (an1., s2.) place the clause; the rest is its path.
        assert c.level == re.sub(r"^(?:an\d+\.)?(?:s[0-9a-z]+\.)*", "", c.clause_id).count(".") + 1
        assert c.parent_id is None or c.parent_id in seen
        assert 1 <= c.line_start <= c.line_end <= n_lines
        assert c.text == c.text.strip() and "\n" not in c.text
        seen.add(c.clause_id)
    numbers = [f.number for f in p.footnotes]
    # Numbered on through the document, from 1 or (in a later part of a
    # resolution in several parts) from where the part before stopped.
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else True
    clauses = {c.clause_id: c for c in p.clauses}
    for r in p.refs:
        assert r.clause_id in clauses and r.footnote_number in numbers
        assert 0 <= r.offset <= len(clauses[r.clause_id].text)
        assert 1 <= r.line <= n_lines
    notes = {f.number: f for f in p.footnotes}
    for row in p.citations:
        c = row.citation
        if row.location == "clause":
            text = clauses[row.clause_id].text
        elif row.location == "footnote":
            text = notes[row.footnote_number].text
        else:
            text = p.resolution.adoption_note
        assert text[c.start:c.end] == c.raw
        assert 1 <= row.line <= n_lines
    r = p.resolution
    paragraphs = [c for c in p.clauses if c.level == 1 and c.kind == "paragraph"]
    assert r.preambular_count == sum(1 for c in paragraphs if c.section == "preamble")
    assert r.operative_count == sum(1 for c in paragraphs if c.section == "operative")
