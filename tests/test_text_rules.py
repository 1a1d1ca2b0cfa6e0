"""Rules of how UN resolutions are built that the text parser follows where a
text goes beyond what the samples show: sub-paragraphs after (z), footnote
blocks at a page foot, short footnote lines, numbers glued after a word that
takes numbers, clauses that would be empty, rows that would break the schema.
Texts are written for the test in the layouts extraction gives."""

from __future__ import annotations

import string

from etl.check import check_tables
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
