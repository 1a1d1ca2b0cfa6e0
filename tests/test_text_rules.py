"""Rules of how UN resolutions are built that the text parser follows where a
text goes beyond what the samples show: sub-paragraphs after (z), footnote
blocks at a page foot, short footnote lines, numbers glued after a word that
takes numbers, clauses that would be empty, rows that would break the schema.
Texts are written for the test in the layouts extraction gives."""

from __future__ import annotations

import string

from etl.check import check_tables
from etl.records import Document
from etl.tabulate import tabulate
from etl.text.parse import parse_bytes
from etl.text.segment import next_letter, sub_id
from etl.write import arrow_table

from helpers import check_consistent

EN_HEAD = """United Nations
A/RES/74/998

General Assembly
Distr.: General
2 July 2020

20-99998 (E)    020720
*2099998*

Seventy-fourth session
Agenda item 150

Resolution adopted by the General Assembly on 30 June 2020

[on the report of the Third Committee (A/74/608)]

74/998. Test resolution

The General Assembly,

"""
EN_TAIL = """
94th plenary meeting
30 June 2020
"""


def parse_en(body: str, name: str = "example.en.txt"):
    p = parse_bytes((EN_HEAD + body + EN_TAIL).encode("utf-8"), name)
    check_consistent(p)
    return p


def schema_findings(p) -> list:
    tables = tabulate([p.document()])
    return check_tables({name: arrow_table(rows, name) for name, rows in tables.items()})


# ------------------------------------------------------------ (aa), (bb) after (z)

def _letters(n: int) -> list[str]:
    """The labels the UN prints for n sub-paragraphs: (a) ... (z), (aa), (bb) ..."""
    return [string.ascii_lowercase[i % 26] * (i // 26 + 1) for i in range(n)]


def test_letters_after_z_are_doubled():
    assert [next_letter(x) for x in ("a", "h", "y", "z", "aa", "hh", "zz")] == \
        ["b", "i", "z", "aa", "bb", "ii", "aaa"]
    assert next_letter("ab") is None and next_letter("") is None
    assert [sub_id(2, n) for n in (1, 26, 27, 30)] == ["a", "z", "27", "30"]
    assert [sub_id(3, n) for n in (1, 4, 38)] == ["i", "iv", "xxxviii"]


def test_sub_paragraphs_after_z_get_ids_the_schema_accepts():
    labels = _letters(36)
    subs = "\n".join(f"({x}) To act on matter {i + 1};\n" for i, x in enumerate(labels))
    body = f"""Recalling its resolution 73/999,

1. Calls upon States:

{subs}
2. Decides to remain seized of the matter.
"""
    p = parse_en(body)
    subs_ = [c for c in p.clauses if c.parent_id == "op1"]
    assert [c.label for c in subs_] == [f"({x})" for x in labels]
    # Positions, as the XML reader counts them: a ... z, then 27, 28 ...
    assert [c.clause_id for c in subs_] == [f"op1.{x}" for x in string.ascii_lowercase] + \
        [f"op1.{n}" for n in range(27, 37)]
    # "(ii)" after "(hh)" is the letters ii, not an item under (hh).
    assert next(c for c in subs_ if c.label == "(ii)").level == 2
    assert [c.clause_id for c in p.clauses if c.level == 1] == ["pp1", "op1", "op2"]
    assert schema_findings(p) == []


def test_items_beyond_thirty_seven_get_ids_the_schema_accepts():
    from etl.symbols import int_to_roman
    items = "\n".join(f"({int_to_roman(i)}) Item {i};\n" for i in range(1, 40))
    body = f"""Recalling its resolution 73/999,

1. Calls upon States:

(a) To act as follows:

{items}
2. Decides to remain seized of the matter.
"""
    p = parse_en(body)
    ids = [c.clause_id for c in p.clauses if c.parent_id == "op1.a"]
    assert len(ids) == 39 and ids[37] == "op1.a.xxxviii"
    assert schema_findings(p) == []


# ------------------------------------------------------------ no clause without text

def test_a_lone_number_after_the_closing_lines_makes_no_clause():
    body = """Recalling its resolution 73/999,1

1. Decides to remain seized of the matter.
__________________

1  See A/74/464.
"""
    text = EN_HEAD + body + EN_TAIL + "1\n"
    p = parse_bytes(text.encode("utf-8"), "example.en.txt")
    check_consistent(p)
    assert all(c.text for c in p.clauses)
    assert [c.clause_id for c in p.clauses] == ["pp1", "op1"]
    last = len(text.splitlines())
    assert ("no_text", last) in {(d.kind, d.line) for d in p.discarded}
    assert any(d.line == last and "no text" in d.message for d in p.diagnostics)
    assert p.coverage.complete
    assert schema_findings(p) == []


def test_a_label_at_the_end_of_a_file_cut_short_makes_no_clause():
    text = EN_HEAD + """Recalling its resolution 73/999,

1. Decides to remain seized of the matter;

2.
"""
    p = parse_bytes(text.encode("utf-8"), "example.en.txt")
    check_consistent(p)
    assert [c.clause_id for c in p.clauses] == ["pp1", "op1"]
    assert any("paragraph 2 with no text" in d.message for d in p.diagnostics)
    assert p.coverage.complete
    assert schema_findings(p) == []


# ------------------------------------------------------------ footnotes at a page foot

FOOT = """
A/RES/74/998
Test resolution

20-99998
2/3

"""


def test_a_wrapped_footnote_line_that_opens_with_a_number_is_not_the_next_footnote():
    # Footnote 2 wraps onto a line that opens with "3 – 14 June": a number of
    # its text, not footnote 3, whose entry follows.
    body = """Taking into account the 1992 Rio Declaration on Environment and
Development,2 and taking into account also chapter 17 of Agenda 21,3
__________________

1  See A/74/464.

2  Report of the United Nations Conference on Environment and Development, Rio de Janeiro,
3 – 14 June 1992, vol. I, resolution 1, annex I.

3  Ibid., annex II.
""" + FOOT + """adopted under the Convention,

1. Decides to remain seized of the matter.
"""
    p = parse_en("Recalling its resolution 73/999,1\n\n" + body)
    notes = {f.number: f.text for f in p.footnotes}
    assert notes[2] == ("Report of the United Nations Conference on Environment and Development, "
                        "Rio de Janeiro, 3–14 June 1992, vol. I, resolution 1, annex I.")
    assert notes[3] == "Ibid., annex II."
    pp2 = next(c for c in p.clauses if c.clause_id == "pp2")
    assert pp2.text.endswith("chapter 17 of Agenda 21, adopted under the Convention,")
    assert [(r.clause_id, r.footnote_number) for r in p.refs] == [("pp1", 1), ("pp2", 2),
                                                                  ("pp2", 3)]
    assert p.coverage.complete and not p.diagnostics


def test_a_wrapped_footnote_line_is_known_by_the_entry_that_repeats_its_number():
    # "3 Rio de Janeiro" could open footnote 3; the block opens footnote 3
    # further down, and a number opens one entry only.
    body = """Taking into account the Rio Declaration,2 and chapter 17 of Agenda 21,3
__________________

1  See A/74/464.

2  Report of the Conference on Environment and Development, held on 3 June 1992 at
3 Rio de Janeiro, vol. I, resolution 1, annex I.

3  Ibid., annex II.
""" + FOOT + """adopted under the Convention,

1. Decides to remain seized of the matter.
"""
    p = parse_en("Recalling its resolution 73/999,1\n\n" + body)
    notes = {f.number: f.text for f in p.footnotes}
    assert notes[2].endswith("held on 3 June 1992 at 3 Rio de Janeiro, vol. I, resolution 1, "
                             "annex I.")
    assert notes[3] == "Ibid., annex II."
    pp2 = next(c for c in p.clauses if c.clause_id == "pp2")
    assert pp2.text.endswith("chapter 17 of Agenda 21, adopted under the Convention,")


def test_chinese_wrapped_footnote_line_opening_with_a_date():
    p = parse_bytes("""
 2013 年 12 月 5 日大会决议

[根据第一委员会的报告(A/68/411)通过]

68/47. 核裁军

 大会，

 回顾其决议，1 并回顾 1992 年里约宣言2 和《21 世纪议程》第 17 章，3
                                                           
1
 A/68/1。

2
 见《联合国环境与发展会议的报告，1992 年 6 月
3 日至 14 日，里约热内卢》，决议一，附件一。

3
 同上，附件二。

 1． 决定继续处理此案。

第 60 次全体会议
2013 年 12 月 5 日
""".encode("utf-8"), "seed-like.txt")
    check_consistent(p)
    notes = {f.number: f.text for f in p.footnotes}
    assert notes[2] == "见《联合国环境与发展会议的报告，1992年6月3日至14日，里约热内卢》，决议一，附件一。"
    assert notes[3] == "同上，附件二。"
    assert [r.footnote_number for r in p.refs] == [1, 2, 3]


# ------------------------------------------------------------ footnote blocks without a rule

import pytest
from dataclasses import replace

from etl.differential import LAYOUTS, compare
from etl.text.synth import doc_from_document, render


@pytest.mark.parametrize("rule", [" " * 12, ""])
@pytest.mark.parametrize("layout", ["pdf", "inline-markers", "narrow-pages"])
def test_seeds_whose_footnote_rule_is_short_or_lost_keep_every_footnote(seeds, layout, rule):
    """The rule above a page's footnotes, printed as a short run of spaces or
    lost in extraction: the block is known by its entries (the next numbers,
    each ending with a full stop) and by the markers printed above it or the
    page break after it, not by a line's length."""
    for symbol, parsed in seeds.items():
        document = parsed.document()
        text = render(doc_from_document(document), replace(LAYOUTS["zh"][layout], separator=rule))
        again = parse_bytes(text.encode("utf-8"), f"{symbol}[{layout}]")
        assert [f.number for f in again.footnotes] == [f.number for f in parsed.footnotes], symbol
        assert compare(document, again.document()) is None, (symbol, layout)


def test_an_english_block_without_rule_before_the_page_break():
    # The page's only marker is glued to a roman numeral ("Protocol I4"),
    # where it cannot be told from a number: the page break right after the
    # entry says the entry is a note at the page's foot.
    body = """Stressing the possibility of making use of the Commission, pursuant to article 90 of
Protocol I4 to the Geneva Conventions,

4  Ibid., vol. 1125, No. 17512.
""" + FOOT + """Noting with appreciation the role of the International Committee of the Red
Cross,

1. Calls upon States to respect the Geneva Conventions;

2. Decides to remain seized of the matter.
"""
    text = EN_HEAD.replace("[on the report of the Third Committee (A/74/608)]",
                           "[on the report of the Sixth Committee (A/74/608)]") + body + EN_TAIL
    p = parse_bytes(text.encode("utf-8"), "example.en.txt")
    check_consistent(p)
    assert [(f.number, f.text) for f in p.footnotes] == [(4, "Ibid., vol. 1125, No. 17512.")]
    assert [c.clause_id for c in p.clauses] == ["pp1", "pp2", "op1", "op2"]
    assert p.clauses[0].text.endswith("Protocol I4 to the Geneva Conventions,")


def test_a_marker_moved_to_a_line_start_is_no_entry_without_rule():
    # PyMuPDF may move a marker to the start of the next line ("3  including
    # through"); the page's block opens entry 3 again further down: a number
    # opens one entry only. The block also has no rule.
    body = """Welcoming also the cooperation between the United Nations Global Counter-
Terrorism Coordination Compact entities and INTERPOL in preventing and
countering terrorism by assisting Member States, upon their request, in implementing
the United Nations Global Counter-Terrorism Strategy,
3  including through
information-sharing on foreign terrorist fighters, including those returning or
relocating, with a view to maximizing synergies,

Noting the cooperation between the Department of Peace Operations and INTERPOL,

3 Resolution 60/288.
""" + FOOT + """1. Decides to remain seized of the matter.
"""
    p = parse_en(body)
    assert [(f.number, f.text) for f in p.footnotes] == [(3, "Resolution 60/288.")]
    assert p.clauses[0].text.endswith("Global Counter-Terrorism Strategy, including through "
                                      "information-sharing on foreign terrorist fighters, "
                                      "including those returning or relocating, with a view to "
                                      "maximizing synergies,")
    assert [c.clause_id for c in p.clauses] == ["pp1", "pp2", "op1"]
    assert [(r.clause_id, r.footnote_number) for r in p.refs] == [("pp1", 3)]


def test_a_capitalised_abbreviation_does_not_end_a_footnote():
    body = """Recalling the proposed programme budget,1

1. Decides to remain seized of the matter.
__________________

1  A/77/6 (Sect. 11), A/77/6 (Sect. 12), A/77/6 (Sect.
13) and A/77/6 (Sect. 14).
"""
    p = parse_en(body)
    assert [f.text for f in p.footnotes] == ["A/77/6 (Sect. 11), A/77/6 (Sect. 12), A/77/6 (Sect. "
                                             "13) and A/77/6 (Sect. 14)."]


# ------------------------------------------------------------ "Goals 6": a marker after a name word

def test_a_number_after_a_name_word_is_the_marker_of_a_footnote_nothing_else_cites():
    # "Goals 5": a superscript that lost its height after a word that takes
    # numbers. Footnote 5 stands at the foot of the page and no other marker
    # points to it: the 5 is its marker.
    body = """Recalling its resolutions 60/1 of 16 September 2005,1 65/1 of 22 September
2010,2 and 68/1 of 20 September 2013,3

Recalling its resolution 70/1,4 and stressing the need to achieve the Sustainable
Development Goals 5 and to ensure access to water and sanitation for all,
__________________

1  Resolution 60/1.

2  Resolution 65/1.

3  Resolution 68/1.

4  Resolution 70/1.

5  See A/74/464, annex.
""" + FOOT + """1. Decides to remain seized of the matter and to continue its consideration of
the question at its next session.
"""
    p = parse_en(body)
    pp1 = p.clauses[1]
    assert pp1.text == ("Recalling its resolution 70/1, and stressing the need to achieve the "
                        "Sustainable Development Goals and to ensure access to water and "
                        "sanitation for all,")
    refs = [(r.clause_id, r.footnote_number) for r in p.refs]
    assert refs == [("pp1", 1), ("pp1", 2), ("pp1", 3), ("pp2", 4), ("pp2", 5)]
    five = next(r for r in p.refs if r.footnote_number == 5)
    assert pp1.text[:five.offset].endswith("Sustainable Development Goals")
    assert any("read as footnote marker 5" in d.message for d in p.diagnostics)
    assert not any("never referenced" in d.message for d in p.diagnostics)


def test_a_number_after_a_name_word_stays_text_where_its_footnote_is_cited_elsewhere():
    body = """Recalling its resolutions 60/1 of 16 September 2005,1 65/1 of 22 September
2010,2 and 68/1 of 20 September 2013,3

Recalling its resolution 70/1,4 and stressing the need to achieve Goal 5 on
water and sanitation and the targets of the Agenda,5
__________________

1  Resolution 60/1.

2  Resolution 65/1.

3  Resolution 68/1.

4  Resolution 70/1.

5  See A/74/464, annex.
""" + FOOT + """1. Decides to remain seized of the matter and to continue its consideration of
the question at its next session.
"""
    p = parse_en(body)
    assert "to achieve Goal 5 on water and sanitation" in p.clauses[1].text
    assert [(r.clause_id, r.footnote_number) for r in p.refs][3:] == [("pp2", 4), ("pp2", 5)]
    assert p.clauses[1].text.endswith("the targets of the Agenda,")


def test_chinese_number_after_a_name_word_is_the_marker_of_an_uncited_footnote():
    p = parse_bytes("""
 2013 年 12 月 5 日大会决议

[根据第一委员会的报告(A/68/411)通过]

68/47. 核裁军

 大会，

 回顾其决议，1 强调必须实现可持续发展目标 2 并确保人人享有水和环境卫生，
                                                           
1
 A/68/1。

2
 第 70/1 号决议。

 1． 决定继续处理此案。

第 60 次全体会议
2013 年 12 月 5 日
""".encode("utf-8"), "seed-like.txt")
    check_consistent(p)
    assert p.clauses[0].text == "回顾其决议，强调必须实现可持续发展目标并确保人人享有水和环境卫生，"
    assert [r.footnote_number for r in p.refs] == [1, 2]


# ------------------------------------------------------------ no row the schemas refuse

from datetime import date

from etl.citations import Citation
from etl.records import CitationRow, Clause, Footnote, FootnoteRef, Resolution
from etl.text.guard import guard, violations


def test_a_value_the_schema_refuses_is_left_empty_and_the_document_kept():
    # A report range printed with a dash is no document symbol; a meeting
    # numbered 0 is no meeting. The note keeps what was printed.
    text = (EN_HEAD.replace("(A/74/608)]", "(A/74/608–A/74/610)]")
            + "Recalling its resolution 73/999,\n\n1. Decides to remain seized of the matter.\n"
            + EN_TAIL.replace("94th plenary meeting", "0th plenary meeting"))
    p = parse_bytes(text.encode("utf-8"), "example.en.txt")
    check_consistent(p)
    r = p.resolution
    assert (r.committee_report, r.plenary_meeting) == (None, None)
    assert "(A/74/608–A/74/610)" in r.adoption_note
    assert [c.clause_id for c in p.clauses] == ["pp1", "op1"]
    messages = [d.message for d in p.diagnostics]
    assert any(m.startswith("resolution committee_report:") for m in messages)
    assert any(m.startswith("resolution plenary_meeting:") for m in messages)
    assert schema_findings(p) == []


def _row_resolution(**fields) -> Resolution:
    values = dict(symbol="A/RES/74/998", language="en", session=74, session_type="regular",
                  number="998", title="Test", adoption_date=date(2020, 6, 30), committee=None,
                  committee_report=None, draft_symbol=None, adoption_note=None,
                  plenary_meeting=94, preambular_count=2, operative_count=1, footnote_count=2,
                  source_file="example.en.txt", source_sha256="0" * 64,
                  url="https://undocs.org/en/A/RES/74/998")
    values.update(fields)
    return Resolution(**values)


def _clause(clause_id, text, line, parent=None, level=1, section="preamble"):
    return Clause(clause_id, section, level, parent, None, line, None, text, line, line)


def test_the_guard_sets_aside_what_the_schema_refuses_and_keeps_the_rest():
    clauses = [_clause("pp1", "Recalling its resolution 73/999,", 20),
               _clause("pp2", "", 22),                                  # no text
               _clause("op1", "Decides:", 24, section="operative"),
               _clause("op1.{", "to act;", 25, parent="op1", level=2, section="operative"),
               _clause("op1.{.i", "at once;", 26, parent="op1.{", level=3, section="operative"),
               _clause("pp1", "Recalling it again,", 27)]                 # id repeated
    footnotes = [Footnote(1, "Resolution 70/1.", 40, 40), Footnote(2, "nan", 42, 42)]
    refs = [FootnoteRef("pp1", 1, 5, 20), FootnoteRef("op1.{", 1, 3, 25),
            FootnoteRef("pp1", 2, 8, 20), FootnoteRef("op1", 3, 2, 24)]
    good = Citation(raw="73/999", target="A/RES/73/999", target_type="ga_resolution", target_date=None,
                    start=25, end=31)
    bad = Citation(raw="x", target=" x", target_type="other", target_date=None, start=0, end=1)
    citations = [CitationRow("c1", "clause", "pp1", None, 20, good),
                 CitationRow("c2", "clause", "pp1", None, 20, bad),
                 CitationRow("c3", "clause", "op1.{", None, 25, good)]
    rows = guard("example.en.txt", _row_resolution(), clauses, footnotes, refs, citations, 18)
    assert [c.clause_id for c in rows.clauses] == ["pp1", "op1"]
    assert [f.number for f in rows.footnotes] == [1]
    assert [(r.clause_id, r.footnote_number) for r in rows.refs] == [("pp1", 1)]
    assert [(c.citation_id, c.clause_id) for c in rows.citations] == [("c1", "pp1")]
    r = rows.resolution
    assert (r.preambular_count, r.operative_count, r.footnote_count) == (1, 1, 1)
    # Every row set aside is named with its line; its text is listed.
    lines = sorted({d.line for d in rows.diagnostics})
    assert lines == [20, 22, 24, 25, 26, 27, 42]
    assert {d.text for d in rows.set_aside} >= {"", "to act;", "at once;", "Recalling it again,",
                                                "2 nan", "1", "2", "3"}
    tables = tabulate([Document(r, rows.clauses, rows.footnotes, rows.refs, rows.citations)])
    assert check_tables({n: arrow_table(t, n) for n, t in tables.items()}) == []


def test_violations_read_the_schemas():
    assert violations("clauses", {"clause_id": "op1.{", "text": "x"})[0].startswith(
        "symbol: a value is required")
    row = tabulate([Document(_row_resolution(plenary_meeting=0), [], [], [], [])])["resolutions"][0]
    assert violations("resolutions", row) == ["plenary_meeting: 0 is below the minimum 1"]


# ------------------------------------------------------------ markers that lost their height

def test_a_marker_printed_against_a_number_is_taken_where_nothing_else_cites_its_footnote():
    # "Agenda 216": Agenda 21 and the marker of footnote 6, which nothing else
    # cites; "resolutions 5/7 and 5/8" end with numbers too, but footnote 7
    # has a marker of its own further on.
    body = """Recalling its resolutions 60/1 of 16 September 2005,1 65/1 of 22 September
2010,2 68/1 of 20 September 2013,3 70/1 of 25 September 2015,4 and 71/1 of
19 September 2016,5

Taking into account Agenda 216 and the Plan of Implementation of the World Summit on
Sustainable Development, and resolutions 5/7 and 5/8 of the Environment Assembly,7
__________________

1  Resolution 60/1.

2  Resolution 65/1.

3  Resolution 68/1.

4  Resolution 70/1.

5  Resolution 71/1.

6  Report of the United Nations Conference on Environment and Development, annex II.

7  See UNEP/EA.5/Res.7 and UNEP/EA.5/Res.8.
""" + FOOT + """1. Decides to remain seized of the matter and to continue its consideration of
the question at its next session.
"""
    p = parse_en(body)
    pp2 = p.clauses[1]
    assert pp2.text.startswith("Taking into account Agenda 21 and the Plan of Implementation")
    assert "resolutions 5/7 and 5/8 of the Environment Assembly," in pp2.text
    assert [(r.clause_id, r.footnote_number) for r in p.refs][5:] == [("pp2", 6), ("pp2", 7)]
    assert any("the 6 that ends" in d.message for d in p.diagnostics)


def test_a_marker_after_a_full_stop_ends_the_paragraph_before_the_closing_lines():
    # "respectively.8": the marker after the last full stop; a symbol's
    # number after a point ("WT/L/508/Add.1", "Corr.1") is no marker.
    text = EN_HEAD + """Recalling decision WT/L/508/Add.1 and document A/74/7 and Corr.1 of 2019,

1. Decides to approve the amendments adopted on 24 October 2019 and 19 October 2020,
respectively.1
__________________

1  See A/75/162, annex I.
""" + EN_TAIL
    p = parse_bytes(text.encode("utf-8"), "example.en.txt")
    check_consistent(p)
    assert p.clauses[0].text == ("Recalling decision WT/L/508/Add.1 and document A/74/7 and "
                                 "Corr.1 of 2019,")
    assert p.clauses[1].text.endswith("19 October 2020, respectively.")
    assert [(r.clause_id, r.footnote_number) for r in p.refs] == [("op1", 1)]
    assert p.resolution.plenary_meeting == 94 and not p.diagnostics


def test_a_non_breaking_hyphen_is_the_hyphen_it_prints():
    body = """Recalling the role of non\u2011governmental organizations during the COVID\u201119
pandemic,

1. Decides to remain seized of the matter.
"""
    p = parse_en(body)
    assert p.clauses[0].text == ("Recalling the role of non-governmental organizations during "
                                 "the COVID-19 pandemic,")
    assert p.coverage.complete and not p.diagnostics
