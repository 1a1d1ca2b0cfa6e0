"""Tables in the official PDFs (etl.pdf.tables) and the divisions around them:
each rule on the real PDFs of session 79 that need it, checked against what
their XML twins say and against the print itself."""

from __future__ import annotations

from hashlib import sha256
from pathlib import Path

import pytest

from etl.differential_pdf import DEFAULT_XML, check_pdf
from etl.pdf import read_pdf

PDFS = Path(__file__).resolve().parent.parent / "sources" / "pdf" / "79"


def read(name: str):
    data = (PDFS / name).read_bytes()
    return read_pdf(data, name, None, sha256(data).hexdigest()).documents[0]


def clause(doc, clause_id):
    return next(c for c in doc.clauses if c.clause_id == clause_id)


@pytest.mark.parametrize("name, rule", [
    ("A_RES_79_249.pdf", "a table over six pages, its column headings repeated on each"),
    ("A_RES_79_250.pdf", "cells on two lines read column by column; a note under the table"),
    ("A_RES_79_253.pdf", "four tables between headings; a row at the page foot; a general note"),
    ("A_RES_79_255.pdf", "a table under column rules (no footnote separator), its headings "
                         "in the top margin of the next page"),
    ("A_RES_79_257.pdf", "'1 – 1' is three cells; 'Income section 2' is a division label"),
    ("A_RES_79_281.pdf", "divisions with a preamble of their own, numbered once"),
])
def test_the_pdf_reads_exactly_as_its_xml_twin(name, rule):
    result = check_pdf((str(PDFS / name), str(DEFAULT_XML)))
    assert result.exact, (rule, result.difference)


def test_a_table_is_one_unnumbered_row_its_cells_row_by_row():
    doc = read("A_RES_79_250.pdf")
    table = clause(doc, "u1")
    # The heading "Threshold in United States / dollars (2025–2027)" stands on two
    # lines above one column: one cell, before the next column's "Discount".
    assert table.text.startswith("Level Criterion Threshold in United States dollars "
                                 "(2025–2027) Discount (percentage) A Permanent members")
    # Row D takes two lines; its last cell ("20") stands on the second.
    assert "D Member States with per capita gross national income less than 2 times the " \
           "average for all Member States (except level A, C and J contributors) " \
           "Under 22,946 20 E " in table.text
    assert table.kind == "unnumbered" and table.leading_phrase is None
    assert (table.section, table.level) == ("operative", 1)
    # The note under it: its own row, its superscript letter the label.
    note = clause(doc, "u2")
    assert (note.label, note.text) == ("a", "Member States in level H* have a discount "
                                            "of 70 per cent.")
    # Paragraph 12 after the table keeps its number.
    assert clause(doc, "op12").text.startswith("Encourages States Members")


def test_repeated_column_headings_are_set_aside_and_counted():
    doc = read("A_RES_79_249.pdf")
    table = clause(doc, "u1")
    assert table.text.count("Member State Percentage") == 1
    assert table.text.startswith("Member State Percentage Afghanistan 0.005")
    assert table.text.endswith("Zambia 0.006 Zimbabwe 0.007")
    repeated = [l for l in doc.report["discarded_lines"] if l["kind"] == "table_headings_repeated"]
    assert [l["text"] for l in repeated] == ["Member State Percentage"] * len(repeated)
    assert len(repeated) >= 4
    assert doc.report["coverage"]["ratio"] == 1.0


def test_a_table_row_at_the_page_foot_is_no_footer():
    doc = read("A_RES_79_253.pdf")
    offices = clause(doc, "u3")     # the table of the Office of Investment Management
    assert "Associate Information Systems Officer P-2/1 1 Total new posts 18 Conversion " \
           "Risk Officer" in offices.text
    assert offices.text.count("Action Title of post Category/level Number") == 1
    abbreviations = clause(doc, "u5")
    assert abbreviations.leading_phrase == "Abbreviations"


def test_a_table_note_is_no_sub_paragraph_and_a_table_no_parent():
    doc = read("A_RES_79_255.pdf")
    notes = [c for c in doc.clauses if c.clause_id in ("an1.u2", "an1.u3")]
    assert [(c.label, c.text) for c in notes] == [("a", "See A/79/555."),
                                                  ("b", "Reflects amounts after recosting.")]
    assert all(c.parent_id is None for c in doc.clauses if c.clause_id.startswith("an1.u"))
    # The column rule under "Net of staff assessment" is no footnote separator.
    assert [f.number for f in doc.footnotes] == [1, 2, 3, 4, 5]
    assert "Estimated appropriation for 2025a 62 287 400 57 451 300" in clause(doc, "an1.u1").text


def test_a_division_with_its_own_preamble_keys_its_paragraphs():
    doc = read("A_RES_79_281.pdf")
    ids = [c.clause_id for c in doc.clauses]
    assert ids[:5] == ["pp1", "pp2", "h1", "h2", "s1.pp1"]
    assert ids[-4:] == ["h3", "h4", "s2.pp1", "s2.op1"]
    # Division II's single operative paragraph is printed without a number.
    assert clause(doc, "s2.op1").label is None
