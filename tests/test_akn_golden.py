"""Real resolutions of sources/akn/*.zip, read with read_akn, against values
read by hand from their XML (counts of <container> and <num>, the markers
of <authorialNote>, the opening and closing words of paragraphs, vote counts).

Each resolution was chosen for its structure and is checked in at least three
languages."""

from __future__ import annotations

import hashlib
import importlib.util
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest

from etl.akn.reader import read_akn
from etl.languages import compare_languages

ROOT = Path(__file__).resolve().parent.parent
AKN = ROOT / "sources" / "akn"

# Votes come from etl.akn.meta, written separately: check them once it exists.
HAVE_META = importlib.util.find_spec("etl.akn.meta") is not None


@lru_cache(maxsize=None)
def read(archive: str, member: str):
    data = zipfile.ZipFile(AKN / archive).read(member)
    return read_akn(data, f"sources/akn/{archive}", member, hashlib.sha256(data).hexdigest())


def document(archive: str, member: str, part: str | None = None):
    docs = read(archive, member).documents
    if part is None:
        assert len(docs) == 1
        return docs[0]
    return next(d for d in docs if d.resolution.number.endswith(part))


def rows(doc):
    return {c.clause_id: c for c in doc.clauses}


def ids_of(doc, kind: str = "paragraph", prefix: str = "") -> list[str]:
    return [c.clause_id for c in doc.clauses if c.kind == kind and c.clause_id.startswith(prefix)]


def level1(doc, head: str) -> list[str]:
    return [c.clause_id for c in doc.clauses if c.level == 1 and c.kind == "paragraph"
            and c.clause_id.startswith(head)]


# -- 74/10: a recorded vote; 12 preambular and 12 operative paragraphs, 7 notes -----------------

@pytest.mark.parametrize("archive,member,language", [
    ("74session-English.zip", "English/74_10.xml", "en"),
    ("74session-French.zip", "French/74_10_F.xml", "fr"),
    ("74session-Arabic.zip", "Arabic/74_10_A.xml", "ar"),
])
def test_74_10_recorded_vote(archive, member, language):
    d = document(archive, member)
    r = d.resolution
    assert (r.symbol, r.language, r.plenary_meeting, str(r.adoption_date)) == \
        ("A/RES/74/10", language, 38, "2019-12-03")
    assert level1(d, "pp") == [f"pp{i}" for i in range(1, 13)]
    assert level1(d, "op") == [f"op{i}" for i in range(1, 13)]
    assert [f.number for f in d.footnotes] == [1, 2, 3, 4, 5, 6, 7]
    assert r.committee is None and r.draft_symbol == "A/74/L.14"


@pytest.mark.skipif(not HAVE_META, reason="etl.akn.meta is not there yet")
@pytest.mark.parametrize("archive,member", [
    ("74session-English.zip", "English/74_10.xml"),
    ("74session-French.zip", "French/74_10_F.xml"),
    ("74session-Arabic.zip", "Arabic/74_10_A.xml"),
])
def test_74_10_vote_counts(archive, member):
    d = document(archive, member)
    r = d.resolution
    assert (r.adoption_type, r.yes_count, r.no_count, r.abstain_count) == \
        ("recorded_vote", 92, 13, 61)
    assert [sum(1 for v in d.votes if v.vote == k) for k in ("yes", "no", "abstain")] == \
        [92, 13, 61]


def test_74_10_texts():
    en = rows(document("74session-English.zip", "English/74_10.xml"))
    assert en["pp1"].leading_phrase == "Recalling"
    assert en["pp1"].text.startswith("Recalling its resolutions 181 (II) of 29 November 1947")
    assert en["op3"].text.startswith("Also requests the Committee to continue to keep under review")
    assert en["op3"].text.endswith("as appropriate;")
    fr = rows(document("74session-French.zip", "French/74_10_F.xml"))
    assert fr["pp1"].leading_phrase == "Rappelant"
    assert fr["pp1"].text.startswith("Rappelant ses résolutions 181 (II) du 29 novembre 1947")


def test_74_10_footnotes_refs_and_links():
    d = document("74session-English.zip", "English/74_10.xml")
    notes = {f.number: f.text for f in d.footnotes}
    assert notes[1] == ("Official Records of the General Assembly, Seventy-fourth Session, "
                        "Supplement No. 35 (A/74/35).")
    assert notes[4] == "See A/ES-10/273 and A/ES-10/273/Corr.1."
    refs = [(r.clause_id, r.footnote_number) for r in d.refs]
    # Note 1 is defined in pp3 ("Having considered the report ...") and cited again
    # in op1 as a bare <sup>1</sup>.
    assert refs[0] == ("pp3", 1) and ("op1", 1) in refs
    pp3 = rows(d)["pp3"]
    assert pp3.text[:d.refs[0].offset].endswith("Palestinian People,")
    # <a href="https://undocs.org/en/A/RES/58/292">58/292</a> in pp2.
    pp2 = [c for c in d.citations if c.clause_id == "pp2"]
    assert [(c.citation.target, c.evidence != "text") for c in pp2] == [("A/RES/58/292", True)]
    assert pp2[0].line == rows(d)["pp2"].line_start
    in_notes = [c for c in d.citations if c.location == "footnote" and c.footnote_number == 4]
    assert [c.citation.target for c in in_notes] == ["A/ES-10/273", "A/ES-10/273/Corr.1"]


def test_74_10_arabic_title_and_numbers():
    d = document("74session-Arabic.zip", "Arabic/74_10_A.xml")
    assert d.resolution.title.startswith("اللجنة المعنية بممارسة الشعب الفلسطيني")
    op7 = rows(d)["op7"]
    assert op7.label == "7" and op7.text.startswith("تطلب إلى لجنة التوفيق")


# -- 74/250 A-B: parts in a documentCollection ---------------------------------------------------

@pytest.mark.parametrize("archive,member", [
    ("74session-English.zip", "English/74_250.xml"),
    ("74session-French.zip", "French/74_250_F.xml"),
    ("74session-Chinese.zip", "Chinese/74_250_C.xml"),
])
def test_74_250_collection(archive, member):
    result = read(archive, member)
    assert [d.resolution.symbol for d in result.documents] == ["A/RES/74/250A", "A/RES/74/250B"]
    a, b = result.documents
    # Part A: paragraphs 1.-4.; 2. has (a), a table, then (b) and (c).
    assert level1(a, "op") == ["op1", "op2", "op3", "op4"]
    assert ids_of(a, prefix="op2.") == ["op2.a", "op2.b", "op2.c"]
    assert [c.kind for c in a.clauses if c.clause_id == "u1"] == ["unnumbered"]
    assert [f.number for f in a.footnotes] == [1, 2, 3]
    assert ids_of(b, prefix="op1.") == ["op1.a", "op1.b", "op1.c"]
    assert [p["part"] for p in result.identity["parts"]] == ["A", "B"]


def test_74_250_titles():
    a, b = read("74session-English.zip", "English/74_250.xml").documents
    assert a.resolution.title == "Final budget appropriations for the biennium 2018–2019"
    assert b.resolution.title == "Final income estimates for the biennium 2018–2019"
    assert rows(a)["op2.b"].text.startswith("The Secretary-General shall be authorized to transfer")


# -- 74/232 and 74/232 B: parts in separate files -------------------------------------------------

@pytest.mark.parametrize("archive,first,second", [
    ("74session-English.zip", "English/74_232.xml", "English/74_232B_E.xml"),
    ("74session-French.zip", "French/74_232_F.xml", "French/74_232B_F.xml"),
    ("74session-Spanish.zip", "Spanish/74_232_S.xml", "Spanish/74_232B_S.xml"),
])
def test_74_232_separate_part_files(archive, first, second):
    a = document(archive, first)
    b = document(archive, second)
    # The first part's file carries the bare symbol (renaming it is a cross-file step).
    assert a.resolution.symbol == "A/RES/74/232"
    assert b.resolution.symbol == "A/RES/74/232B"
    assert (len(level1(a, "pp")), len(level1(a, "op")), len(a.footnotes)) == (13, 59, 13)
    assert (len(level1(b, "pp")), len(level1(b, "op")), len(b.footnotes)) == (4, 3, 1)
    assert read(archive, second).identity["parts"][0]["source"] == "cover"


# -- 79/252 A: a section with titles A-E whose numbering restarts ------------------------------

@pytest.mark.parametrize("archive,member", [
    ("79session-English.zip", "English/A_RES_79_252-2424692E.xml"),
    ("79session-French.zip", "French/A_RES_79_252-2424692F.xml"),
    ("79session-Chinese.zip", "Chinese/A_RES_79_252-2424692C.xml"),
])
def test_79_252_sections(archive, member):
    a = document(archive, member, "A")
    assert level1(a, "pp") == ["pp1", "pp2", "pp3", "pp4"]
    assert level1(a, "op") == [f"op{i}" for i in range(1, 19)]
    section = [c for c in ids_of(a) if c.startswith("s1.")]
    assert section == ["s1.sa.pp1", "s1.sa.op1", "s1.sb.pp1", "s1.sb.op1", "s1.sb.op2",
                       "s1.sb.op3", "s1.sb.op4", "s1.sc.op1", "s1.sd.op1", "s1.se.op1"]
    assert rows(a)["s1.sb.op1"].label == "1" and rows(a)["s1.sa.op1"].label is None
    assert [f.number for f in a.footnotes] == [1, 2]


def test_79_252_section_texts():
    a = document("79session-English.zip", "English/A_RES_79_252-2424692E.xml", "A")
    r = rows(a)
    assert r["s1.sa.op1"].text.startswith("Approves, with effect from 1 January 2025")
    assert r["s1.sb.pp1"].leading_phrase == "Recalling"
    assert r["s1.sc.op1"].text == ("Decides to maintain the children’s and secondary dependants’ "
                                   "allowances at their current level;")
    headings = [c.text for c in a.clauses if c.kind == "heading"][:4]
    assert headings == ["I", "Conditions of service of staff in the Professional and higher "
                        "categories", "A.", "Base/floor salary scale"]


# -- 78/3: a declaration in an annex -------------------------------------------------------------

@pytest.mark.parametrize("archive,member", [
    ("78session-English.zip", "English/A_RES_78_3_E.xml"),
    ("78session-French.zip", "French/A_RES_78_3_F.xml"),
    ("78session-Arabic.zip", "Arabic/A_RES_78_3_A.xml"),
])
def test_78_3_annex_declaration(archive, member):
    d = document(archive, member)
    # One unnumbered operative paragraph ("Adopts the political declaration ...").
    assert level1(d, "op") == ["op1"] and level1(d, "pp") == []
    annex = level1(d, "an1.op")
    assert annex == [f"an1.op{i}" for i in range(1, 79)]
    assert [c.clause_id for c in d.clauses if c.kind == "heading"][:2] == ["an1.h1", "an1.h2"]
    assert all(c.section == "annex" for c in d.clauses if c.clause_id.startswith("an1."))
    assert [f.number for f in d.footnotes] == [1]


def test_78_3_texts():
    d = document("78session-English.zip", "English/A_RES_78_3_E.xml")
    r = rows(d)
    assert r["op1"].text.startswith("Adopts the political declaration of the General Assembly "
                                    "high-level meeting on pandem")
    assert r["an1.h1"].text == "Annex"
    assert r["an1.op1"].text.startswith("Reaffirm the right of every human being, without "
                                        "distinction of any kind")


# -- 75/1: a declaration adopted inline -----------------------------------------------------------

@pytest.mark.parametrize("archive,member", [
    ("75session-English.zip", "English/75_1_E.xml"),
    ("75session-French.zip", "French/75_1_F.xml"),
    ("75session-Spanish.zip", "Spanish/75_1_S.xml"),
])
def test_75_1_inline_declaration(archive, member):
    d = document(archive, member)
    r = rows(d)
    # "Adopts the following declaration:" is u1, the declaration's title h1, then
    # its 21 numbered paragraphs op1..op21.
    assert d.clauses[0].clause_id == "u1" and d.clauses[1].clause_id == "h1"
    assert level1(d, "op") == [f"op{i}" for i in range(1, 22)]
    assert r["u1"].kind == "unnumbered"
    assert [f.number for f in d.footnotes] == [1, 2, 3, 4]


def test_75_1_texts():
    r = rows(document("75session-English.zip", "English/75_1_E.xml"))
    assert r["h1"].text == ("Declaration on the commemoration of the seventy-fifth anniversary of "
                            "the United Nations")
    assert r["op2"].text.startswith("Born out of the horrors of the Second World War")


# -- 77/205: headings I..VIII, as <num> in English and <subheading> in French ---------------------

@pytest.mark.parametrize("archive,member", [
    ("77session-English.zip", "English/A_RES_77_205-2228931E.xml"),
    ("77session-French.zip", "French/A_RES_77_205-2228931F.xml"),
    ("77session-Russian.zip", "Russian/A_RES_77_205-2228931R.xml"),
])
def test_77_205_headings(archive, member):
    d = document(archive, member)
    assert len(level1(d, "pp")) == 29
    assert level1(d, "op") == [f"op{i}" for i in range(1, 50)]
    assert [f.number for f in d.footnotes] == list(range(1, 24))


def test_77_205_heading_rows_agree():
    en = document("77session-English.zip", "English/A_RES_77_205-2228931E.xml")
    fr = document("77session-French.zip", "French/A_RES_77_205-2228931F.xml")
    # 8 numbers (I..VIII) and 8 titles: one row per printed heading element.
    assert ids_of(en, "heading") == ids_of(fr, "heading") == [f"h{i}" for i in range(1, 17)]
    assert [c.text for c in en.clauses if c.kind == "heading"][:2] == \
        ["I", "International Convention on the Elimination of All Forms of Racial Discrimination"]
    assert [c.text for c in fr.clauses if c.kind == "heading"][:2] == \
        ["I", "Convention internationale sur l’élimination de toutes les formes de discrimination "
              "raciale"]


# -- 74/100: Arabic numbers written in the text ("1 -") -------------------------------------------

@pytest.mark.parametrize("archive,member", [
    ("74session-Arabic.zip", "Arabic/74_100_A.xml"),
    ("74session-English.zip", "English/74_100.xml"),
    ("74session-Chinese.zip", "Chinese/74_100_C.xml"),
])
def test_74_100_inline_numbers(archive, member):
    d = document(archive, member)
    assert len(level1(d, "pp")) == 24
    assert level1(d, "op") == [f"op{i}" for i in range(1, 15)]
    assert [f.number for f in d.footnotes] == list(range(1, 10))


def test_74_100_arabic_labels_and_text():
    d = document("74session-Arabic.zip", "Arabic/74_100_A.xml")
    r = rows(d)
    assert [r[f"op{i}"].label for i in range(1, 15)] == [str(i) for i in range(1, 15)]
    assert r["op1"].text.startswith("تعيد تأكيد حق شعب برمودا")
    assert r["op1"].leading_phrase == "تعيد تأكيد"
    assert d.report["structure"]["inline_numbers"] == 14


# -- 74/11: flat "(a)" paragraphs ----------------------------------------------------------------

@pytest.mark.parametrize("archive,member", [
    ("74session-English.zip", "English/74_11.xml"),
    ("74session-Chinese.zip", "Chinese/74_11_C.xml"),
    ("74session-Arabic.zip", "Arabic/74_11_A.xml"),
])
def test_74_11_flat_sub_paragraphs(archive, member):
    d = document(archive, member)
    assert len(level1(d, "pp")) == 31
    assert level1(d, "op") == [f"op{i}" for i in range(1, 16)]
    # (a)-(c) after paragraph 12, (a)-(d) after paragraph 13.
    assert [c for c in ids_of(d) if "." in c] == \
        ["op12.a", "op12.b", "op12.c", "op13.a", "op13.b", "op13.c", "op13.d"]
    assert [f.number for f in d.footnotes] == list(range(1, 9))


def test_74_11_sub_paragraph_text():
    r = rows(document("74session-Chinese.zip", "Chinese/74_11_C.xml"))
    assert r["op12.a"].label == "(a)"
    assert r["op12.a"].text == "以色列撤出自1967年以来被占领的包括东耶路撒冷在内巴勒斯坦领土；"
    assert r["op12.c"].text.startswith("依照大会1948年12月11日第194(III)号决议")


# -- 77/335: list, points and a sublist beside its point ------------------------------------------

@pytest.mark.parametrize("archive,member", [
    ("77session-English.zip", "English/A_RES_77_335-2317566E.xml"),
    ("77session-French.zip", "French/A_RES_77_335-2317566F.xml"),
    ("77session-Spanish.zip", "Spanish/A_RES_77_335-2317566S.xml"),
])
def test_77_335_sublists(archive, member):
    d = document(archive, member)
    assert len(level1(d, "pp")) == 9
    assert level1(d, "op") == [f"op{i}" for i in range(1, 97)]
    assert ids_of(d, prefix="op4.") == ["op4.a", "op4.a.i", "op4.a.ii", "op4.b", "op4.c"]
    assert ids_of(d, prefix="op35.") == ["op35.a", "op35.b"]
    # Annexes I and II stand in one attachment: each is an annex of its own, as
    # printed (the oath, then the pledge and its four numbered commitments).
    assert [c.text[-2:].strip() for c in d.clauses if c.clause_id in ("an1.h1", "an2.h1")] \
        == ["I", "II"]
    assert level1(d, "an2.op") == ["an2.op1", "an2.op2", "an2.op3", "an2.op4"]
    assert len(d.footnotes) == 9
    r = rows(d)
    assert (r["op4.a.i"].level, r["op4.a.i"].parent_id) == (3, "op4.a")


def test_77_335_item_text():
    r = rows(document("77session-English.zip", "English/A_RES_77_335-2317566E.xml"))
    assert r["op4.a.i"].label == "(i)"
    assert r["op4.a.i"].text == ("During the seventy-eighth session: role and authority of the "
                                 "General Assembly, and working methods;")


# -- 77/55: the last preambular paragraph misplaced into mainBody (Arabic) ----------------------

@pytest.mark.parametrize("archive,member", [
    ("77session-Arabic.zip", "Arabic/A_RES_77_55-2228170A.xml"),
    ("77session-English.zip", "English/A_RES_77_55-2228170E.xml"),
    ("77session-French.zip", "French/A_RES_77_55-2228170F.xml"),
])
def test_77_55_misplaced_preambular_paragraph(archive, member):
    d = document(archive, member)
    # 17 containers in English and French; 16 in Arabic plus the first mainBody paragraph.
    assert level1(d, "pp") == [f"pp{i}" for i in range(1, 18)]
    assert level1(d, "op") == [f"op{i}" for i in range(1, 15)]


def test_77_55_arabic_row():
    r = rows(document("77session-Arabic.zip", "Arabic/A_RES_77_55-2228170A.xml"))
    assert r["pp17"].text.startswith("وإذ تأخذ في الاعتبار ما لجائحة مرض فيروس كورونا")
    assert r["pp17"].section == "preamble"
    assert r["op1"].text.startswith("تحث الدول الأعضاء")


# -- 78/30: Russian letters d), e) misnested as a sublist of c) -----------------------------------

@pytest.mark.parametrize("archive,member", [
    ("78session-Russian.zip", "Russian/A_RES_78_30-2324539R.xml"),
    ("78session-English.zip", "English/A_RES_78_30-2324539E.xml"),
    ("78session-French.zip", "French/A_RES_78_30-2324539F.xml"),
])
def test_78_30_sub_paragraphs(archive, member):
    d = document(archive, member)
    assert level1(d, "op") == ["op1", "op2", "op3", "op4", "op5", "op6"]
    assert ids_of(d, prefix="op3.") == [f"op3.{c}" for c in "abcdef"]


# -- six languages side by side -------------------------------------------------------------------

SIX = {
    "74/100": [("74session-Arabic.zip", "Arabic/74_100_A.xml"),
               ("74session-Chinese.zip", "Chinese/74_100_C.xml"),
               ("74session-English.zip", "English/74_100.xml"),
               ("74session-French.zip", "French/74_100_F.xml"),
               ("74session-Russian.zip", "Russian/74_100_R.xml"),
               ("74session-Spanish.zip", "Spanish/74_100_S.xml")],
    "77/205": [(f"77session-{lang}.zip", f"{lang}/A_RES_77_205-2228931{letter}.xml")
               for lang, letter in (("Arabic", "A"), ("Chinese", "C"), ("English", "E"),
                                    ("French", "F"), ("Russian", "R"), ("Spanish", "S"))],
}


@pytest.mark.parametrize("symbol", sorted(SIX))
def test_six_language_versions_agree(symbol):
    docs = [document(archive, member) for archive, member in SIX[symbol]]
    assert sorted(d.resolution.language for d in docs) == ["ar", "en", "es", "fr", "ru", "zh"]
    assert {d.resolution.symbol for d in docs} == {f"A/RES/{symbol}"}
    assert compare_languages(docs) == []


# -- fields and clean text across languages ---------------------------------------------------

@pytest.mark.parametrize("archive,member,committee", [
    ("77session-English.zip", "English/A_RES_77_119-2228481E.xml",
     "Special Political and Decolonization Committee (Fourth Committee)"),
    ("77session-French.zip", "French/A_RES_77_119-2228481F.xml",
     "Commission des questions politiques spéciales et de la décolonisation "
     "(Quatrième Commission)"),
    ("77session-Spanish.zip", "Spanish/A_RES_77_119-2228481S.xml",
     "Comisión Política Especial y de Descolonización (Cuarta Comisión)"),
    ("77session-Russian.zip", "Russian/A_RES_77_119-2228481R.xml",
     "Комитета по специальным политическим вопросам и вопросам деколонизации "
     "(Четвертый комитет)"),
    ("77session-Arabic.zip", "Arabic/A_RES_77_119-2228481A.xml",
     "لجنة المسائل السياسية الخاصة وإنهاء الاستعمار (اللجنة الرابعة)"),
    ("77session-Chinese.zip", "Chinese/A_RES_77_119-2228481C.xml",
     "特别政治和非殖民化委员会(第四委员会)"),
    # No 的报告 and the committee's number inside the "originating document" inline.
    ("76session-Chinese.zip", "Chinese/A_RES_76_100-2118703C.xml",
     "特别政治和非殖民化委员会(第四委员会)"),
    # The note leaves the parenthesis open: "(Четвертый комитет A/77/398, пункт 12)".
    ("77session-Russian.zip", "Russian/A_RES_77_120-2228484R.xml",
     "Комитета по специальным политическим вопросам и вопросам деколонизации "
     "(Четвертый комитет)"),
])
def test_committee_is_the_name_as_printed(archive, member, committee):
    r = document(archive, member).resolution
    assert r.committee == committee
    # The name is a piece of the printed note (up to a parenthesis the note left open).
    assert committee.rstrip(")") in r.adoption_note


def test_non_breaking_hyphen_is_folded_and_accounted():
    d = document("77session-English.zip", "English/A_RES_77_44-2228139E.xml")
    assert not any("\u2011" in c.text for c in d.clauses)
    assert "Non-Aligned" in rows(d)["pp5"].text
    raw = zipfile.ZipFile(AKN / "77session-English.zip").read(
        "English/A_RES_77_44-2228139E.xml").decode()
    assert "Non\u2011Aligned" in raw
    assert d.report["coverage"]["missing"] == 0


def test_empty_title_is_none_with_a_diagnostic():
    result = read("77session-Spanish.zip", "Spanish/A_RES_77_1-2223391S.xml")
    assert result.documents[0].resolution.title is None
    # Its preface holds the number alone (line 160), no docTitle.
    assert [(d.line, d.message) for d in result.diagnostics if "title" in d.message] == \
        [(160, "no title: the preface holds none (it has no docTitle); title is None")]
    # The other languages print the title.
    assert document("77session-English.zip",
                    "English/A_RES_77_1-2223391E.xml").resolution.title


@pytest.mark.parametrize("archive,member,clause_id,phrase", [
    ("75session-Chinese.zip", "Chinese/75_190_C.xml", "pp8", "强调指出"),
    ("78session-Chinese.zip", "Chinese/A_RES_78_262-2404406C.xml", "pp27", "表示赞赏地注意到"),
    ("76session-English.zip", "English/A_RES_76_72-2118581E_Reissue.xml", "pp25",
     "Noting with concern"),
])
def test_leading_phrase_without_its_punctuation(archive, member, clause_id, phrase):
    row = rows(document(archive, member))[clause_id]
    assert row.leading_phrase == phrase
    # The text keeps the punctuation the phrase leaves out.
    assert row.text.startswith(phrase) and row.text[len(phrase)] in "，,"


def test_a_marker_repeated_in_place_and_a_link_around_no_text_give_no_rows():
    import zipfile
    from collections import Counter
    from pathlib import Path
    from etl.akn.reader import read_akn
    root = Path(__file__).resolve().parent.parent / "sources" / "akn"
    with zipfile.ZipFile(root / "74session-Spanish.zip") as zf:
        spanish = read_akn(zf.read("Spanish/74_19_S.xml"), "74session-Spanish.zip",
                           "Spanish/74_19_S.xml", "0" * 64).documents[0]
    refs = Counter((r.clause_id, r.offset, r.footnote_number) for r in spanish.refs)
    assert max(refs.values()) == 1 and refs[("op314", 360, 3)] == 1
    assert any("footnote 3 is referenced twice at the same place in op314" in w.message
               for w in spanish.diagnostics)
    with zipfile.ZipFile(root / "75session-Russian.zip") as zf:
        russian = read_akn(zf.read("Russian/75_253_R.xml"), "75session-Russian.zip",
                           "Russian/75_253_R.xml", "0" * 64).documents
    citations = [c for d in russian for c in d.citations]
    assert citations and all(c.citation.raw.strip() and c.citation.end > c.citation.start
                             for c in citations)


# -- annexes held together in one attachment ------------------------------------------------------

@pytest.mark.parametrize("archive, member, second", [
    ("79session-English.zip", "English/A_RES_79_1-2416433E.xml", "Annex II"),
    ("79session-Chinese.zip", "Chinese/A_RES_79_1-2416433C.xml", "附件二"),
    ("79session-Arabic.zip", "Arabic/A_RES_79_1-2416433A.xml", "المرفق الثاني"),
])
def test_79_1_each_numbered_annex_of_one_attachment_is_an_annex(archive, member, second):
    d = document(archive, member)
    r = rows(d)
    assert r["an2.h1"].text == second
    # The Declaration on Future Generations opens annex 2 with its own title.
    assert r["an2.h2"].kind == "heading"
    assert not any(c.clause_id.startswith("an3.") for c in d.clauses)
    assert d.report["structure"]["annexes_in_one_attachment"] == 1


def test_77_100_an_annex_with_annexes_of_its_own_stays_one_annex():
    # "Annex" alone opens the attachment: its "Annex I" and "Annex II" are the
    # annexed document's own annexes.
    d = document("77session-English.zip", "English/A_RES_77_100-2228244E.xml")
    assert {c.clause_id.split(".")[0] for c in d.clauses if c.clause_id.startswith("an")} \
        == {"an1"}
    assert "annexes_in_one_attachment" not in d.report["structure"]
