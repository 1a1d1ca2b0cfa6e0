"""Classes of defects of the XML reader, each with the real resolutions that
showed it and, where the rule is a small function, a table of cases.

- a heading's first letter taken for its label ("I" + "ntroduction");
- a document adopted with a preamble of its own read as the resolution's rows;
- paragraphs the converter merged, split or misplaced (a number printed
  alone, a paragraph merged after the one before it, a section heading in a
  list, a date taken for a paragraph number, an annex left in the body).
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest

from etl.akn.reader import read_akn
from etl.akn.structure import heading_label
from etl.languages import clause_id_set

AKN = Path(__file__).resolve().parent.parent / "sources" / "akn"
FOLDERS = {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian",
           "es": "Spanish"}


@lru_cache(maxsize=None)
def version(session: str, number: str, language: str, part: str = ""):
    """The document of resolution session/number (part A when it has parts, unless
    `part` says which) in one language."""
    wanted = {f"A/RES/{session}/{number}{part}"} if part else \
        {f"A/RES/{session}/{number}", f"A/RES/{session}/{number}A"}
    with zipfile.ZipFile(AKN / f"{session}session-{FOLDERS[language]}.zip") as zf:
        for name in zf.namelist():
            if not re.search(rf"(^|_){session}_{number}(?![0-9])", name.rsplit("/", 1)[-1]):
                continue
            data = zf.read(name)
            for doc in read_akn(data, f"sources/akn/{session}session-{FOLDERS[language]}.zip",
                                name, hashlib.sha256(data).hexdigest()).documents:
                if doc.resolution.symbol in wanted:
                    return doc
    raise LookupError(f"{wanted} in {language}")


def rows(doc) -> dict:
    return {c.clause_id: c for c in doc.clauses}


def headings(doc) -> list[str]:
    return [c.text for c in doc.clauses if c.kind == "heading"]


# -- headings cut at a roman numeral's letter -------------------------------------------

@pytest.mark.parametrize("text,raw,expected", [
    ("Introduction", "Introduction", None),
    ("Children and the Sustainable Development Goals", None, None),
    ("Comité mixte", None, None),
    ("Cмета, пересмотренная", None, None),        # a Latin C before Cyrillic letters
    ("Chapitre 8 Affaires juridiques", None, None),
    ("Viernes 24 de marzo", None, None),
    ("CIVIL SOCIETY", None, None),                 # not a roman numeral
    ("II. Activities", None, ("II.", 4)),
    ("II Activities", None, ("II", 3)),
    ("IV 2030 Agenda", None, ("IV", 3)),
    ("C. Danger pay", None, ("C.", 3)),
    ("A. Staff", None, ("A.", 3)),
    ("I Introduction", None, ("I", 2)),
    ("Ii", None, None),
    ("I", None, None),                             # a number alone has no title
    # Chinese: the space the clean text no longer holds is in the source.
    ("一导言", "\t一\t导言", ("一", 1)),
    ("二、工具", "二、工具", ("二", 2)),
    ("一般性辩论", "一般性辩论", None),
    ("十一", "\t\t十一", None),                     # a number alone, not 十 + 一
])
def test_heading_label_only_where_the_print_separates_it(text, raw, expected):
    assert heading_label(text, raw if raw is not None else text) == expected


@pytest.mark.parametrize("session,number,language,heading", [
    ("80", "173", "en", "Introduction"),
    ("80", "173", "en", "Closing all digital divides"),
    ("76", "147", "en", "Children and the Sustainable Development Goals"),
    ("75", "246", "fr", "Comité mixte"),
    ("74", "18", "es", "Cooperación dentro del sistema de las Naciones Unidas"),
    ("74", "262", "fr", "Chapitre 8 Affaires juridiques"),
])
def test_headings_keep_their_first_letter(session, number, language, heading):
    found = headings(version(session, number, language))
    assert heading in found
    assert heading[1:] not in found
    assert not any(re.match(r"^[a-zà-ÿ]", h) for h in found)


def test_headings_with_a_printed_number_keep_two_rows():
    # 76/147: "I" and "II" are printed as numbers of their own.
    found = headings(version("76", "147", "en"))
    assert found[:4] == ["I", "Children and the Sustainable Development Goals", "II",
                         "Follow-up"]


def test_a_chinese_number_alone_is_one_heading():
    found = headings(version("76", "246", "zh"))
    assert "十一" in found and "十二" in found
    assert not any(h in ("一", "二") and prev == "十" for prev, h in zip(found, found[1:]))


# -- a document adopted with its own preamble -------------------------------------------

def test_outcome_document_takes_its_own_id_space():
    """80/173 adopts the WSIS+20 outcome document: its title, its opening "We, the
    Ministers ...,", seven preambular paragraphs (a second preamble block, the
    last in mainBody; in Arabic all unnumbered paragraphs), then its numbered
    paragraphs. None of them is the resolution's own."""
    en = rows(version("80", "173", "en"))
    assert en["op1"].text.startswith("Adopts the following outcome document")
    assert en["d1.h1"].text.startswith("Outcome document of the high-level meeting")
    assert en["d1.u1"].text.startswith("We, the Ministers")
    assert [en[f"d1.pp{k}"].text.split()[0] for k in range(1, 8)] == [
        "Recalling", "Reaffirming", "Welcoming", "Recalling", "Recalling", "Welcoming",
        "Building"]
    assert en["d1.h2"].text == "Introduction"
    assert en["d1.op1"].label == "1" and en["d1.op1"].text.startswith("We reaffirm")
    assert all(c.section == "operative" for c in en.values())
    assert not any(cid.startswith(("pp", "u")) for cid in en)
    d = version("80", "173", "en").resolution
    assert d.preambular_count == 0 and d.operative_count == 1 + sum(
        1 for cid in en if re.fullmatch(r"d1\.op\d+", cid))


def test_outcome_document_ids_agree_in_the_six_languages():
    sets = {lang: clause_id_set(version("80", "173", lang)) for lang in FOLDERS}
    assert len(set(sets.values())) == 1
    ar = rows(version("80", "173", "ar"))
    # Arabic has no title row: its opening is d1.u1, its preamble unnumbered paragraphs.
    assert ar["d1.u1"].text.startswith("نحن")
    assert ar["d1.pp1"].leading_phrase == "إذ نشير"


def test_a_declaration_without_a_preamble_keeps_the_contract():
    # 79/1 (Pact for the Future): lead-in u1, title h1, paragraphs op1 ...
    en = rows(version("79", "1", "en"))
    assert en["u1"].text.startswith("Adopts the following Pact for the Future")
    assert en["h1"].text == "The Pact for the Future"
    assert en["op1"].text.startswith("We, the Heads of State and Government")
    assert not any(cid.startswith("d1.") for cid in en)


# -- merged, split and misplaced paragraphs -----------------------------------------------

def test_a_number_printed_alone_belongs_to_the_paragraph_after_it():
    # French 79/1: <num>1.</num> with empty content, then the text unnumbered.
    fr = rows(version("79", "1", "fr"))
    assert fr["op1"].label == "1" and fr["op1"].text.startswith("Nous, chefs d’État")
    assert "1." not in headings(version("79", "1", "fr"))


def test_a_section_heading_inside_a_list_is_a_heading():
    # English 79/1: "II. International peace and security" as a sublist point of 31 (b).
    en = version("79", "1", "en")
    assert "op31.b.i" not in rows(en)
    assert "International peace and security" in headings(en)
    # Chinese 79/1: "一." in <num> before a heading's text.
    zh = version("79", "1", "zh")
    assert rows(zh)["op19"].label == "19"
    assert "可持续发展和发展筹资" in headings(zh)


def test_79_1_ids_agree_in_the_six_languages():
    assert len({clause_id_set(version("79", "1", lang), False) for lang in FOLDERS}) == 1


@pytest.mark.parametrize("session,number,clause_id,words,label", [
    # "…؛ 38 - تطلب …": paragraph 38 merged into 37, the last paragraph.
    ("74", "234", "op38", "تطلب إلى الأمين العام", "38"),
    ("74", "247", "op6", "تقرر أن تدرج", "6"),
    # "…؛ 17 - تحث …", and the paragraph after is numbered 18.
    ("74", "305", "op17", "تحث البلدان", "17"),
    ("77", "151", "op22", "ترحب باعتماد", "22"),
])
def test_a_paragraph_merged_into_the_one_before_is_cut_at_its_number(session, number,
                                                                     clause_id, words, label):
    doc = version(session, number, "ar")
    row = rows(doc)[clause_id]
    assert row.label == label and row.text.startswith(words)
    previous = rows(doc)[f"op{int(label) - 1}"]
    assert previous.text.endswith("؛") and f"{label} -" not in previous.text
    assert doc.report["coverage"]["missing"] == 0
    en = version(session, number, "en")
    assert clause_id_set(doc, False) == clause_id_set(en, False)


def test_a_date_is_not_a_paragraph_number():
    # Chinese 77/328: "5月28日，星期二：…" after paragraph 4 is a line of a schedule.
    zh = rows(version("77", "328", "zh"))
    assert "op5" not in zh
    assert any(c.kind == "unnumbered" and c.text.startswith("5月28日") for c in zh.values())


def test_a_number_glued_to_a_word_is_not_a_paragraph_number():
    # Russian 75/57: "37‑е пленарное заседание" (the closing line) after paragraph 6.
    ru = rows(version("75", "57", "ru"))
    assert "op7" not in ru
    assert any(c.text.startswith("37-е пленарное заседание") or
               c.text.startswith("37-e пленарное заседание") for c in ru.values())


def test_an_annex_left_in_the_operative_part_is_an_annex():
    # Arabic 75/326 prints annexes I and II inside mainBody.
    ar = version("75", "326", "ar")
    found = rows(ar)
    assert found["an1.h1"].text == "المرفق الأول" and found["an1.op1"].label == "1"
    assert found["an2.h1"].text == "المرفق الثاني"
    assert all(c.section == "annex" for c in ar.clauses if c.clause_id.startswith("an"))
    en = version("75", "326", "en")
    assert clause_id_set(ar, False) == clause_id_set(en, False)
    assert ar.report["structure"]["annexes_in_operative_part"] == 1
