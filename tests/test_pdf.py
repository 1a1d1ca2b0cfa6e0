"""The PDF front end (etl.pdf): each rule on small PDFs made for the purpose,
bad PDFs, the witness rule of the corpus stage, and a fixed sample of the
official PDFs of session 79 against their XML twins."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pymupdf
import pytest

from etl.corpus import ClauseSignature, DocSummary, FootnoteSignature, decide
from etl.errors import ParseError
from etl.frontends import read_documents
from etl.pdf import read_pdf
from etl.sources import SourceItem, discover
from etl.witness import fingerprint
from pdfkit import (INDENT, LEFT, Line, PageSpec, Run, closing, make_pdf, masthead, note,
                    paragraph, runs)

ROOT = Path(__file__).resolve().parent.parent


def read(pages: list[PageSpec]):
    return read_pdf(make_pdf(pages), "test.pdf", None, "0" * 64).documents[0]


def clause(doc, clause_id):
    return next(c for c in doc.clauses if c.clause_id == clause_id)


# ---------------------------------------------------------------- markers vs numbers

@pytest.mark.parametrize("first, more, text, refs", [
    # A superscript that names a footnote is a marker, wherever it stands.
    (runs(("Noting", "i"), " the estimated annual", ("1", "sup"), " 4 trillion"), ["dollars,"],
     "Noting the estimated annual 4 trillion dollars,", [(1, len("Noting the estimated annual"))]),
    # The same digit at body size is text, even right after a word.
    (runs(("Noting", "i"), " the estimated annual 1 trillion"), ["dollars,"],
     "Noting the estimated annual 1 trillion dollars,", []),
    # A superscript glued to a word that takes numbers ("Goals") is still a marker.
    (runs(("Noting", "i"), " the Goals", ("1", "sup"), " and targets"), ["of the Agenda,"],
     "Noting the Goals and targets of the Agenda,", [(1, len("Noting the Goals"))]),
])
def test_markers_are_the_superscripts_and_nothing_else(first, more, text, refs):
    doc = read([PageSpec(masthead() + paragraph(first, *more) + closing(),
                         notes=[note(("1", "notesup"), "A/79/1.")])])
    assert clause(doc, "pp1").text == text
    assert [(r.footnote_number, r.offset) for r in doc.refs] == refs
    assert [f.text for f in doc.footnotes] == ["A/79/1."]


def test_a_superscript_that_names_no_footnote_is_kept_as_text_and_reported():
    doc = read([PageSpec(masthead() + paragraph(runs(("Noting", "i"), " an area of 40 m",
                                                     ("2", "sup"), ","), "in the region,")
                         + closing())])
    assert clause(doc, "pp1").text == "Noting an area of 40 m2, in the region,"
    assert doc.refs == []
    assert any("superscript '2' names no footnote" in d.message for d in doc.diagnostics)


# ---------------------------------------------------------------- page foot and page breaks

def test_footnote_at_the_page_foot_is_not_spliced_into_the_paragraph_crossing_the_page():
    page1 = PageSpec(masthead() + paragraph(
        runs(("Recalling", "i"), " the Paris Agreement", ("3", "sup")), "adopted under the "
        "United Nations Framework Convention on Climate Change and"),
        notes=[note(("3", "notesup"), "Ibid., annex II.")])
    page2 = PageSpec([Line(runs("its entry into force on 4 November 2016,"), x=LEFT, gap=12)]
                     + paragraph(runs(("Decides", "i"), " to remain seized of the matter."),
                                 label="1.") + closing(), header="A/RES/79/500 Test resolution")
    doc = read([page1, page2])
    assert [c.clause_id for c in doc.clauses] == ["pp1", "op1"]
    assert clause(doc, "pp1").text == ("Recalling the Paris Agreement adopted under the United "
                                       "Nations Framework Convention on Climate Change and its "
                                       "entry into force on 4 November 2016,")
    assert [(f.number, f.text) for f in doc.footnotes] == [(3, "Ibid., annex II.")]
    assert [(r.clause_id, r.offset) for r in doc.refs] == [("pp1", len("Recalling the Paris "
                                                                       "Agreement"))]


@pytest.mark.parametrize("x, ids", [
    (LEFT, ["pp1", "op1"]),             # at the left edge: the paragraph goes on
    (INDENT, ["pp1", "pp2", "op1"]),    # indented: a new paragraph opens the page
])
def test_a_paragraph_crosses_the_page_unless_the_next_page_opens_indented(x, ids):
    page1 = PageSpec(masthead() + paragraph(runs(("Recalling", "i"), " its resolution 78/1,"),
                                            "and recalling also the report of the"))
    page2 = PageSpec([Line(runs(("Welcoming", "i") if x == INDENT else "Secretary-General",
                                " on the question,"), x=x, gap=12)]
                     + paragraph(runs(("Decides", "i"), " to conclude."), label="1.")
                     + closing(), header="A/RES/79/500 Test resolution")
    doc = read([page1, page2])
    assert [c.clause_id for c in doc.clauses] == ids


def test_running_header_and_footer_are_set_aside_and_listed():
    page1 = PageSpec(masthead() + paragraph(runs(("Recalling", "i"), " its resolution 78/1,")))
    page2 = PageSpec(paragraph(runs(("Decides", "i"), " to conclude."), label="1.", gap=30)
                     + closing(), header="A/RES/79/500 Test resolution")
    doc = read([page1, page2])
    texts = " ".join(c.text for c in doc.clauses)
    assert "24-99999" not in texts and "A/RES/79/500" not in texts and "2/2" not in texts
    kinds = {d["kind"] for d in doc.report["discarded_lines"]}
    assert kinds == {"running_header", "footer"}
    assert doc.report["coverage"]["missing"] == {} and doc.report["coverage"]["invented"] == {}


# ---------------------------------------------------------------- phrases, labels, headings

@pytest.mark.parametrize("first, phrase", [
    (runs(("Recalling also", "i"), " its resolution 78/1,"), "Recalling also"),
    (runs(("Mindful", "i"), ", in that connection, of the report,"), "Mindful"),
    # Not italic: no phrase, whatever the words (the vocabulary is not asked).
    (runs("Recalling its resolution 78/1,"), None),
    # An adverbial before the italic phrase is no part of it.
    (runs("In this regard, ", ("recalling", "i"), " its resolution 78/1,"), "recalling"),
    # Italics elsewhere in the paragraph are no leading phrase.
    (runs("Having before it the ", ("Official Records", "i"), ","), None),
])
def test_the_leading_phrase_is_the_italic_run_that_opens_the_paragraph(first, phrase):
    doc = read([PageSpec(masthead() + paragraph(first) + closing())])
    assert clause(doc, "pp1").leading_phrase == phrase


def test_sub_paragraphs_after_z_take_their_position_as_id():
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)] + ["aa", "bb"]
    lines = masthead() + paragraph(runs(("Urges", "i"), " all parties:"), label="1.")
    for letter in letters:
        lines += paragraph(runs(f"To act in case {letter};"), label=f"({letter})")
    doc = read([PageSpec(lines[:26]), PageSpec(lines[26:] + closing(),
                                               header="A/RES/79/500 Test resolution")])
    subs = [c for c in doc.clauses if c.level == 2]
    assert [c.label for c in subs][-3:] == ["(z)", "(aa)", "(bb)"]
    assert [c.clause_id for c in subs][-3:] == ["op1.z", "op1.27", "op1.28"]
    pattern = json.loads((ROOT / "schemas" / "clauses.json").read_text())
    id_pattern = next(f for f in pattern["fields"] if f["name"] == "clause_id")
    assert all(re.fullmatch(id_pattern["constraints"]["pattern"], c.clause_id)
               for c in doc.clauses)


def test_bold_lines_are_headings_and_a_division_number_is_a_row_of_its_own():
    lines = masthead() + [Line([Run("I", "b")], x=LEFT, gap=18),
                          Line([Run("Legislative activities", "b")], x=LEFT, gap=12)]
    lines += paragraph(runs(("Commends", "i"), " the Commission;"), label="1.")
    doc = read([PageSpec(lines + closing())])
    assert [(c.clause_id, c.kind, c.text) for c in doc.clauses] == [
        ("h1", "heading", "I"), ("h2", "heading", "Legislative activities"),
        ("op1", "paragraph", "Commends the Commission;")]


def test_closing_lines_and_masthead_give_the_metadata():
    doc = read([PageSpec(masthead(note="[on the report of the First Committee (A/79/400, "
                                       "para. 12)]") + paragraph(runs(("Decides", "i"), " so."),
                                                                  label="1.")
                         + closing("55th (resumed) plenary meeting", "4 December2024"))])
    r = doc.resolution
    assert (r.symbol, r.committee, r.committee_report, r.plenary_meeting, r.agenda_item,
            str(r.adoption_date)) == ("A/RES/79/500", "First Committee", "A/79/400", 55, "12",
                                      "2024-12-01")
    assert doc.diagnostics[0].message.startswith("closing date 2024-12-04 differs")


# ---------------------------------------------------------------- bad PDFs

def _encrypted() -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "79/1. Secret", fontname="tibo")
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    doc.close()
    return data


def _scan() -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 80), 0)
    pix.clear_with(200)
    doc = pymupdf.open()
    doc.new_page().insert_image(pymupdf.Rect(72, 72, 372, 472), pixmap=pix)
    data = doc.tobytes()
    doc.close()
    return data


def _report() -> bytes:
    text = ("Recalling its resolutions on the subject and the reports of the Secretary-General "
            "to the Assembly on the work of the Committee and of its members in the year, ")
    return make_pdf([PageSpec([Line([Run("United Nations A/C.1/80/L.5", "", 13.7)], gap=57),
                               Line([Run("Draft resolution", "b")], gap=200),
                               Line(runs("The General Assembly,"), x=INDENT, gap=30)]
                              + [Line(runs(text[i:i + 80]), gap=12)
                                 for i in range(0, len(text), 80)])])


GOOD = make_pdf([PageSpec(masthead() + paragraph(runs(("Decides", "i"), " so."), label="1.")
                          + closing())])


@pytest.mark.parametrize("data, expected", [
    (_encrypted(), "encrypted PDF"),
    (GOOD[:len(GOOD) // 2], "truncated PDF"),
    (_scan(), "no text layer: OCR needed"),
    (_report(), "not a General Assembly resolution (its masthead names A/C.1/80/L.5)"),
    (b"%PDF-1.7\nthis is not really a PDF\n%%EOF\n", "not a readable PDF"),
])
def test_bad_pdfs_are_refused_with_a_message_naming_the_file(data, expected):
    with pytest.raises(ParseError) as error:
        read_documents(data, SourceItem("sources/pdf/bad.pdf", None, "pdf"), "0" * 64)
    assert error.value.path == "sources/pdf/bad.pdf"
    assert expected in error.value.expected


def test_a_bad_pdf_leaves_the_others_in_the_build(tmp_path):
    from etl.build import build
    sources = tmp_path / "sources" / "pdf"
    sources.mkdir(parents=True)
    (sources / "good.pdf").write_bytes(GOOD)
    (sources / "bad.pdf").write_bytes(GOOD[:len(GOOD) // 2])
    (sources / "scan.pdf").write_bytes(_scan())
    result = build(tmp_path / "sources", tmp_path / "out", jobs=1, quiet=True, cache_dir=None)
    assert result.written
    assert result.tables["resolutions"] == 1
    rejected = sorted(r.item.path for r in result.rejected)
    assert [Path(p).name for p in rejected] == ["bad.pdf", "scan.pdf"]


def test_pdfs_are_found_in_folders_and_archives(tmp_path):
    import zipfile
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.pdf").write_bytes(GOOD)
    with zipfile.ZipFile(tmp_path / "src" / "b.zip", "w") as z:
        z.writestr("pdfs/b.pdf", GOOD)
    inventory = discover(tmp_path / "src", tmp_path)
    assert [(i.path, i.kind) for i, _ in inventory.files] == [("src/a.pdf", "pdf")]
    assert [(i.member, i.kind) for a in inventory.archives for i in a.items] == [
        ("pdfs/b.pdf", "pdf")]


# ---------------------------------------------------------------- witness

def _summary(doc, item: int, fmt: str) -> DocSummary:
    r = doc.resolution
    return DocSummary(item=item, index=0, symbol=r.symbol, language=r.language,
                      source_format=fmt, sha256=f"{item:064d}", conflicts=0, markup_date="",
                      metadata_digest="", has_metadata=False,
                      signature=tuple(ClauseSignature(c.clause_id, c.kind, c.section)
                                      for c in doc.clauses),
                      footnotes=tuple(FootnoteSignature(f.number) for f in doc.footnotes),
                      targets=frozenset(), entry={"file": f"{fmt}.file"},
                      witness=fingerprint(doc))


def test_the_xml_gives_the_rows_and_the_pdf_is_a_witness_whose_disagreements_are_reported():
    doc = read([PageSpec(masthead() + paragraph(runs(("Recalling", "i"), " the report", ("1", "sup"),
                                                     ","), "and its annex,")
                         + paragraph(runs(("Decides", "i"), " so."), label="1.") + closing(),
                         notes=[note(("1", "notesup"), "A/79/1.")])])
    xml = replace(doc, clauses=[replace(c, text=c.text + " (typed)") if c.clause_id == "op1"
                                else c for c in doc.clauses])
    text = replace(doc)
    decisions = decide([_summary(doc, 0, "pdf"), _summary(xml, 1, "akn"),
                        _summary(text, 2, "text")])
    assert [d.source_format for d in decisions.kept] == ["akn"]
    witnesses = decisions.report["witnesses"]["documents"]
    assert [(w["witness_format"], w["differences"]) for w in witnesses] == [
        ("pdf", [{"what": "clause", "clause_id": "op1", "fields": ["text"]}]),
        ("text", [{"what": "clause", "clause_id": "op1", "fields": ["text"]}])]


# ---------------------------------------------------------------- the real PDFs

def test_a_fixed_sample_of_the_official_pdfs_reads_as_their_xml_twins():
    """Twelve PDFs drawn with a fixed seed: as exact as measured (12 of 12; the
    PDFs of the whole session that are not are named in docs/differential-pdf.md
    with their causes)."""
    from etl.differential_pdf import DEFAULT_PDFS, DEFAULT_XML, run, sample
    files = sample(sorted(DEFAULT_PDFS.glob("*.pdf")), 12, seed=14)
    results = run(files, DEFAULT_XML, jobs=1)
    assert len(results) == 12 and all(r.symbol for r in results)
    assert all(r.exact for r in results), [(r.symbol, r.difference) for r in results
                                           if not r.exact]
