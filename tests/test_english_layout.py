"""English layouts the samples do not show: written for the test, in the
layout PyMuPDF gives (blank lines between paragraphs, no indentation)."""

from etl.text.parse import parse_bytes

from helpers import check_consistent

HEAD = """United Nations
A/RES/74/999 B

General Assembly
Distr.: General
2 July 2020

20-99999 (E)    020720
*2099999*

Seventy-fourth session
Agenda item 150

Resolution adopted by the General Assembly on 30 June 2020

[on the report of the Fifth Committee (A/74/608/Add.1)]

74/999 B. Financing of the test mission

The General Assembly,

"""
TAIL = """
94th plenary meeting
30 June 2020
"""


def parse(body: str):
    p = parse_bytes((HEAD + body + TAIL).encode("utf-8"), "example.en.txt")
    check_consistent(p)
    return p


def test_footnotes_numbered_on_from_an_earlier_part_and_abbreviations():
    body = """Having considered the report of the Secretary-General on the financing of
the mission,2

Recalling its resolution 73/999 of 3 July 2019 and Working Group reports,3
__________________

2  See Official Records of the General Assembly, Seventy-fourth Session, chap.
III, sect. A.

3  Available at
www.un.org/en/ga/fifth/reports.

A/RES/74/999 B
Financing of the test mission

20-99999
2/3

1. Takes note of the report, which counts 1 000 officials;

2. Decides to include in the provisional agenda of its seventy-fifth session the
item entitled “Financing of the test mission”.
"""
    p = parse(body)
    assert [f.number for f in p.footnotes] == [2, 3]   # part B goes on from part A
    notes = {f.number: f.text for f in p.footnotes}
    # "chap." ends a line, not the footnote; an address is the footnote's text.
    assert notes[2].endswith("Seventy-fourth Session, chap. III, sect. A.")
    assert notes[3] == "Available at www.un.org/en/ga/fifth/reports."
    assert [(r.clause_id, r.footnote_number) for r in p.refs] == [("pp1", 2), ("pp2", 3)]
    c = {c.clause_id: c for c in p.clauses}
    assert c["op1"].text == "Takes note of the report, which counts 1 000 officials;"
    assert (p.resolution.preambular_count, p.resolution.operative_count) == (2, 2)
    # The running header prints the symbol with a space before its letter.
    assert {d.kind for d in p.discarded if d.text.startswith("A/RES/74/999")} == {"page_header"}
    assert not p.diagnostics


def test_a_lone_number_pair_is_text_unless_it_is_a_page_number():
    body = """Recalling its resolutions 19/11 of 22 March 2012 and
31/37
of 24 March 2016,

1. Decides to include in the provisional agenda of its seventy-fifth session the
item entitled “Financing of the test mission”.
"""
    p = parse(body)
    pp1 = next(c for c in p.clauses if c.clause_id == "pp1")
    assert pp1.text.endswith("22 March 2012 and 31/37 of 24 March 2016,")


def test_headings_before_numbered_paragraphs_across_a_page_break():
    body = """Recalling its resolution 73/999,

1. Takes note of the report of the Secretary-General;

Budget performance report for the period from 1
July 2018 to 30 June 2019
A/RES/74/999 B
Financing of the test mission

20-99999
2/3

2. Decides to include in the provisional agenda of its seventy-fifth session the
item entitled “Financing of the test mission”.
"""
    p = parse(body)
    assert [c.clause_id for c in p.clauses] == ["pp1", "op1", "h1", "op2"]
    h1 = next(c for c in p.clauses if c.clause_id == "h1")
    assert h1.text == "Budget performance report for the period from 1 July 2018 to 30 June 2019"


def test_markers_and_dates_and_ranges():
    body = """Recalling the International Day of Remembrance of the Victims of Terrorism 1 and
4 February as the International Day of Human Fraternity, and paragraphs 4 and 5 of its
resolution 73/999,
__________________

1  Resolution 72/165.

1. Decides to include in the provisional agenda of its seventy-fifth session the
item entitled “Financing of the test mission”.
"""
    p = parse(body)
    pp1 = next(c for c in p.clauses if c.clause_id == "pp1")
    assert [(r.clause_id, r.footnote_number) for r in p.refs] == [("pp1", 1)]
    assert "Victims of Terrorism and 4 February" in pp1.text
    assert "paragraphs 4 and 5 of its resolution 73/999," in pp1.text


def test_a_footnote_of_several_sentences_ends_where_the_next_entry_begins():
    # Footnote 1's first sentence ends at a line end: the lines after it run
    # into footnote 2 with no page break between, so they are its text.
    body = """Recalling its resolution 73/999,1 and noting the report,2
__________________

1  See Official Records of the General Assembly, Seventy-third Session, Supplement No. 19.
Except where otherwise specified, the present resolution covers civilian
personnel only.

2  See A/74/464, annexes I and III.

1. Decides to include in the provisional agenda of its seventy-fifth session the
item entitled “Financing of the test mission”.
"""
    p = parse(body)
    assert [c.clause_id for c in p.clauses] == ["pp1", "op1"]
    notes = {f.number: f.text for f in p.footnotes}
    assert notes[1].endswith("Supplement No. 19. Except where otherwise specified, the "
                             "present resolution covers civilian personnel only.")
    assert notes[2] == "See A/74/464, annexes I and III."


def test_text_after_a_page_break_is_not_a_footnotes_further_sentence():
    body = """1. Requests the Secretary-General,1 to submit a report on the safety of
__________________

1  United Nations, Treaty Series, vol. 2296, No. 40906.

A/RES/74/999 B
Financing of the test mission

20-99999
2/3

personnel and on the implementation of the present resolution.
"""
    p = parse(body)
    op1 = next(c for c in p.clauses if c.clause_id == "op1")
    assert op1.text.endswith("on the safety of personnel and on the implementation of the "
                             "present resolution.")
    assert [f.text for f in p.footnotes] == ["United Nations, Treaty Series, vol. 2296, "
                                             "No. 40906."]


def test_numbers_with_thousands_separators_and_spaced_repeats_are_text():
    body = """Noting that, in 2018, 1,533 persons were affected, of whom 3 were killed and 1
was injured,1 and recalling the Convention on the Safety of United Nations Personnel,2

Noting also the Convention on the Safety of United Nations Personnel, 2 which entered
into force in 1999, and that 2 more States acceded to it in the Treaty, 1
__________________

1  See A/74/464.

2  United Nations, Treaty Series, vol. 2051, No. 35457.

1. Decides to include in the provisional agenda of its seventy-fifth session the
item entitled “Financing of the test mission”.
"""
    p = parse(body)
    c = {c.clause_id: c for c in p.clauses}
    assert c["pp1"].text.startswith("Noting that, in 2018, 1,533 persons were affected, of "
                                    "whom 3 were killed and 1 was injured, and recalling")
    # A repeat with a space before it is a marker after the word its footnote
    # first followed, or at the very end of a paragraph; elsewhere it is text.
    assert "Personnel, which entered into force in 1999, and that 2 more States" \
        in c["pp2"].text
    assert c["pp2"].text.endswith("in the Treaty,")
    assert [(r.clause_id, r.footnote_number) for r in p.refs] == [
        ("pp1", 1), ("pp1", 2), ("pp2", 2), ("pp2", 1)]


def test_a_leading_phrase_after_a_marker_moved_past_a_page_break_opens_a_paragraph():
    body = """Reaffirming the New Urban Agenda, adopted at the United Nations Conference on
Housing and Sustainable Urban Development (Habitat III), held in Quito, Ecuador,
from 17 to 20 October 2016,
__________________

1  Resolution 71/256, annex.

A/RES/74/999 B
Financing of the test mission

20-99999
2/3

1
Bearing in mind its resolutions,

1. Decides to include in the provisional agenda of its seventy-fifth session the
item entitled “Financing of the test mission”.
"""
    p = parse(body)
    assert [c.clause_id for c in p.clauses] == ["pp1", "pp2", "op1"]
    assert [(r.clause_id, r.footnote_number) for r in p.refs] == [("pp1", 1)]
    assert p.clauses[1].leading_phrase == "Bearing in mind"
