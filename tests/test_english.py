"""Golden tests for English: values read by hand from the six texts in sources/en/
(extracted from the official PDFs with PyMuPDF's page.get_text(), joined with line breaks)."""

from datetime import date
from pathlib import Path

import pytest

from etl.text.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
FILES = {
    "A/RES/72/38": "A_RES_72_38.en.txt",
    "A/RES/73/50": "A_RES_73_50.en.txt",
    "A/RES/76/1": "A_RES_76_1.en.txt",
    "A/RES/77/1": "A_RES_77_1.en.txt",
    "A/RES/77/44": "A_RES_77_44.en.txt",
    "A/RES/80/7": "A_RES_80_7.en.txt",
}


@pytest.fixture(scope="module")
def english():
    return {symbol: parse_file(ROOT / "sources" / "en" / name, f"sources/en/{name}")
            for symbol, name in FILES.items()}


# symbol: (preambular, operative, footnotes, plenary, adopted, committee, report, draft, agenda)
METADATA = {
    "A/RES/72/38": (34, 23, 21, 62, date(2017, 12, 4), "First Committee", "A/72/409", None,
                    "99 (b)"),
    "A/RES/73/50": (34, 23, 19, 45, date(2018, 12, 5), "First Committee", "A/73/510", None,
                    "101 (b)"),
    "A/RES/76/1": (0, 18, 8, 5, date(2021, 9, 22), None, None, "A/76/L.2", "72 (b)"),
    "A/RES/77/1": (13, 12, 4, 15, date(2022, 10, 7), None, None, "A/77/L.3", "69 (a)"),
    "A/RES/77/44": (6, 5, 2, 46, date(2022, 12, 7), "First Committee", "A/77/385", None,
                    "99 (j)"),
    "A/RES/80/7": (4, 5, 3, 40, date(2025, 11, 14), None, None, "A/80/L.7", "89"),
}

TITLES = {
    "A/RES/72/38": "Nuclear disarmament",
    "A/RES/76/1": "United against racism, racial discrimination, xenophobia and related "
                  "intolerance",
    "A/RES/77/1": "Solidarity with and support for the Government and people of Pakistan and "
                  "strengthening of emergency relief, rehabilitation, reconstruction and "
                  "prevention in the wake of the recent devastating floods",
    "A/RES/77/44": "Observance of environmental norms in the drafting and implementation of "
                   "agreements on disarmament and arms control",
    "A/RES/80/7": "Report of the International Atomic Energy Agency",
}


@pytest.mark.parametrize("symbol", METADATA)
def test_metadata(english, symbol):
    pre, op, notes, plenary, adopted, committee, report, draft, agenda = METADATA[symbol]
    p = english[symbol]
    r = p.resolution
    assert r.symbol == symbol and r.language == "en"
    assert (r.preambular_count, r.operative_count, r.footnote_count) == (pre, op, notes)
    assert [f.number for f in p.footnotes] == list(range(1, notes + 1))
    assert (r.plenary_meeting, r.adoption_date) == (plenary, adopted)
    assert (r.committee, r.committee_report, r.draft_symbol) == (committee, report, draft)
    assert r.agenda_item == agenda
    assert r.url == f"https://undocs.org/en/{symbol}"
    if symbol in TITLES:
        assert r.title == TITLES[symbol]


def test_no_warnings_on_the_samples(english):
    for symbol, p in english.items():
        assert [d.message for d in p.diagnostics] == [], symbol
        assert p.coverage.complete, (symbol, p.coverage.missing, p.coverage.invented)


LEADING = {
    "A/RES/77/1": (
        ["Guided", "Reaffirming", "Recalling", "Reaffirming", "Noting", "Underlining",
         "Deeply concerned", "Recognizing", "Reiterating", "Welcoming", "Welcoming also",
         "Noting", "Reiterating"],
        ["Expresses full solidarity and sympathy", "Welcomes", "Stresses", "Urges",
         "Recognizes", "Calls upon", "Emphasizes", "Welcomes", "Requests", "Also requests",
         "Requests", "Requests"]),
    "A/RES/77/44": (
        ["Recalling", "Emphasizing", "Recognizing", "Taking note", "Noting", "Mindful"],
        ["Reaffirms", "Calls upon", "Welcomes", "Invites", "Decides"]),
    "A/RES/80/7": (
        ["Having received", "Taking note", "Recognizing", "Recognizing also"],
        ["Takes note with appreciation", "Takes note", "Reaffirms", "Appeals", "Requests"]),
}


@pytest.mark.parametrize("symbol", LEADING)
def test_leading_phrases(english, symbol):
    pre, op = LEADING[symbol]
    clauses = [c for c in english[symbol].clauses if c.level == 1]
    assert [c.leading_phrase for c in clauses if c.section == "preamble"] == pre
    assert [c.leading_phrase for c in clauses if c.section == "operative"] == op


def test_leading_phrases_of_72_38(english):
    clauses = {c.clause_id: c for c in english["A/RES/72/38"].clauses}
    expected = {"pp1": "Recalling", "pp3": "Bearing in mind", "pp9": "Expressing deep concern",
                "pp12": "Reiterating its call for", "pp18": "Recalling also", "pp34": "Seized",
                "op3": "Welcomes and encourages", "op8": "Reiterates its call upon",
                "op19": "Also calls for", "op23": "Decides"}
    assert {k: clauses[k].leading_phrase for k in expected} == expected


def test_adopted_declaration_of_76_1(english):
    """Enacting formula, a lead-in ending ':', the declaration's title, its
    unnumbered opening, then paragraphs 1. to 18. (records.py: u1, h1, u2, op1 ...)."""
    p = english["A/RES/76/1"]
    ids = [c.clause_id for c in p.clauses]
    assert ids == ["u1", "h1", "u2"] + [f"op{i}" for i in range(1, 19)]
    c = {c.clause_id: c for c in p.clauses}
    assert c["u1"].kind == "unnumbered" and c["u1"].leading_phrase == "Adopts"
    assert c["u1"].text.endswith("Durban Declaration and Programme of Action:")
    assert c["h1"].kind == "heading" and c["h1"].leading_phrase is None
    assert c["h1"].text == TITLES["A/RES/76/1"]
    assert c["u2"].text.startswith("We, Heads of State and Government")
    # The declaration's paragraphs are not the resolution's clauses: no leading phrase.
    assert all(c[f"op{i}"].leading_phrase is None for i in range(1, 19))
    assert c["op10"].label == "10" and c["op10"].text.startswith("Recall the proclamation")


# Footnote markers per clause, in text order (clauses without markers omitted).
MARKERS = {
    "A/RES/76/1": {"u1": [1], "op1": [2, 3], "op2": [4], "op3": [5], "op4": [6],
                   "op15": [7, 8]},
    "A/RES/77/1": {"pp3": [1, 2, 3, 4]},
    "A/RES/77/44": {"pp4": [1], "pp5": [2]},
    "A/RES/80/7": {"pp1": [1], "op2": [2, 3]},
    "A/RES/72/38": {"pp3": [1, 2], "pp5": [3], "pp6": [4, 5], "pp7": [6], "pp8": [7],
                    "pp12": [8], "pp17": [9], "pp19": [10, 11, 12], "pp20": [13],
                    "pp21": [14], "pp23": [15], "pp27": [16], "pp29": [17], "pp32": [18],
                    "op4": [19], "op12": [6, 20], "op13": [6], "op14": [7], "op16": [21],
                    "op19": [8]},
}


@pytest.mark.parametrize("symbol", MARKERS)
def test_footnote_markers_per_clause(english, symbol):
    found: dict[str, list[int]] = {}
    for ref in english[symbol].refs:
        found.setdefault(ref.clause_id, []).append(ref.footnote_number)
    assert found == MARKERS[symbol]


def test_markers_glued_to_words_and_years(english):
    c = {c.clause_id: c for c in english["A/RES/76/1"].clauses}
    refs = {r.footnote_number: r for r in english["A/RES/76/1"].refs}
    # "Discrimination5 as the principal": the marker is glued to the word.
    assert c["op3"].text[:refs[5].offset].endswith("of All Forms of Racial Discrimination")
    # "19 June 20207 and 47/21": the year 2020 with marker 7 printed after it.
    assert "resolutions 43/1 of 19 June 2020 and 47/21 of 13 July 2021" in c["op15"].text
    assert c["op15"].text[:refs[7].offset].endswith("19 June 2020")
    pp3 = {c.clause_id: c for c in english["A/RES/72/38"].clauses}["pp3"]
    # "of 19721 and": the Convention of 1972, footnote 1.
    assert "on Their Destruction of 1972 and the Convention" in pp3.text
    # Day numbers are not markers: "on 6 May 2014", "on 7 July 2017".
    pp30 = {c.clause_id: c for c in english["A/RES/72/38"].clauses}["pp30"]
    assert pp30.text.endswith("in New York on 6 May 2014,")


EDGES = {
    "A/RES/72/38": [
        ("pp1", "Recalling its resolution 49/75 E of 15 December 1994 on a step-by-step",
         "70/52 of 7 December 2015 and 71/63 of 5 December 2016 on nuclear disarmament,"),
        ("pp12", "Reiterating its call for an early entry into force of the Comprehensive "
                 "Nuclear-Test-Ban Treaty,", "Nuclear-Test-Ban Treaty,"),
        ("op23", "Decides to include in the provisional agenda of its seventy-third session",
         "the sub-item entitled “Nuclear disarmament”."),
    ],
    "A/RES/77/1": [
        ("pp3", "Recalling the 2030 Agenda for Sustainable Development, the Addis Ababa",
         "the Sendai Framework for Disaster Risk Reduction 2015–2030,"),
        ("pp4", "Reaffirming the principles of humanity, neutrality, impartiality and "
                "independence for the provision of humanitarian assistance,",
         "humanitarian assistance,"),
        ("op2", "Welcomes the effective cooperation between the Government of Pakistan",
         "reduces vulnerability to future natural hazards;"),
    ],
}


@pytest.mark.parametrize("symbol", EDGES)
def test_clause_edges(english, symbol):
    clauses = {c.clause_id: c for c in english[symbol].clauses}
    for clause_id, first, last in EDGES[symbol]:
        text = clauses[clause_id].text
        assert text.startswith(first), (clause_id, text[:60])
        assert text.endswith(last), (clause_id, text[-60:])


def test_footnotes_across_lines_and_pages(english):
    notes = {f.number: f.text for f in english["A/RES/76/1"].footnotes}
    assert notes[7] == ("See Official Records of the General Assembly, Seventy-fifth Session, "
                        "Supplement No. 53 (A/75/53), chap. IV, sect. A.")
    assert notes[4] == "Resolution 217 A (III)."
    notes = {f.number: f.text for f in english["A/RES/72/38"].footnotes}
    assert notes[2] == "Ibid., vol. 1974, No. 33757."


def test_page_furniture_masthead_and_running_headers(english):
    p = english["A/RES/76/1"]
    kinds = {(d.line, d.kind) for d in p.discarded}
    # Masthead: "United Nations", job number with its date, bar code.
    assert {(1, "masthead"), (9, "masthead"), (10, "page_footer")} <= kinds
    # Running header of page 2: symbol, the title wrapped over two lines, job number, page.
    assert {(71, "page_header"), (72, "page_header"), (73, "page_header"),
            (75, "page_footer"), (76, "page_footer")} <= kinds
    # Page 3 prints the title before the symbol.
    assert {(147, "page_header"), (148, "page_header"), (149, "page_header")} <= kinds
    for c in p.clauses:
        assert "21-13440" not in c.text and "A/RES/76/1" not in c.text
    # The header's title lines are not in the paragraph they interrupt.
    op1 = next(c for c in p.clauses if c.clause_id == "op1")
    assert "for combating racism, racial discrimination" in op1.text


def test_citations_of_77_44(english):
    rows = english["A/RES/77/44"].citations
    header = [r.citation.target for r in rows if r.location == "header"]
    assert header == ["A/77/385"]  # the paragraph reference is not part of the symbol
    pp1 = [r.citation for r in rows if r.clause_id == "pp1"]
    assert len(pp1) == 27  # 50/70 M of 12 December 1995 ... 76/39 of 6 December 2021
    assert (pp1[0].target, pp1[0].target_date) == ("A/RES/50/70M", date(1995, 12, 12))
    assert (pp1[-1].target, pp1[-1].target_date) == ("A/RES/76/39", date(2021, 12, 6))
    assert all(c.target_type == "ga_resolution" and c.target_date for c in pp1)


def test_citations_in_footnotes(english):
    cited = {(r.footnote_number, r.citation.target, r.citation.target_type)
             for r in english["A/RES/76/1"].citations if r.location == "footnote"}
    assert {(4, "A/RES/217(III)", "ga_resolution"), (5, "UNTS 660/9464", "treaty_series"),
            (3, "A/RES/66/3", "ga_resolution"), (1, "A/CONF.189/12/Corr.1", "un_document"),
            (7, "A/75/53", "un_document")} <= cited
    treaty = {(r.footnote_number, r.citation.target) for r in english["A/RES/72/38"].citations
              if r.citation.target_type == "treaty_series"}
    assert {(1, "UNTS 1015/14860"), (2, "UNTS 1974/33757"), (4, "UNTS 729/10485")} <= treaty
