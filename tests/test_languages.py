"""compare_languages: the language versions of one resolution side by side."""

from __future__ import annotations

from dataclasses import replace

from etl.akn.reader import read_akn
from etl.languages import agree, clause_id_set, compare_languages

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def version(language: str, frbr: str, folder: str, body: str, notes: int = 1):
    note = "".join(f'<authorialNote marker="{n}"><p>A/74/{n}.</p></authorialNote>'
                   for n in range(1, notes + 1))
    xml = (f'<akomaNtoso xmlns="{NS}"><statement name="resolution"><meta><identification>'
           f'<FRBRExpression><FRBRlanguage language="{frbr}"/></FRBRExpression></identification>'
           f'</meta><coverPage><p><docNumber>A/RES/74/10</docNumber></p></coverPage>'
           f'<preface><p><docNumber>74/10.</docNumber><docTitle>T</docTitle></p></preface>'
           f'<preamble><container><p>Recalling the work of the Organization in this field and its '
           f'earlier resolutions on the question,{note}</p></container></preamble>{body}'
           f'<conclusions><p><docDate date="2019-12-03">3 December 2019</docDate></p></conclusions>'
           f'</statement></akomaNtoso>')
    data = xml.encode()
    doc = read_akn(data, "sources/akn/x.zip", f"{folder}/74_10.xml", "0").documents[0]
    # The snippets are English text: give each the language of its folder.
    return replace(doc, resolution=replace(doc.resolution, language=language))


def p(num, text):
    n = f"<num>{num}</num>" if num else ""
    return f"<paragraph>{n}<content><p>{text}</p></content></paragraph>"


BODY = "<mainBody>" + p("1.", "Decides:") + p(None, "(a) one;") + p(None, "(b) two;") \
    + p("2.", "Requests a report.") + "</mainBody>"


def test_versions_that_agree():
    docs = [version(lang, "eng", folder, BODY) for lang, folder in
            (("en", "English"), ("fr", "French"), ("ar", "Arabic"))]
    assert compare_languages(docs) == []
    assert agree(docs)
    assert clause_id_set(docs[0]) == {"pp1", "op1", "op1.a", "op1.b", "op2"}


def test_a_version_with_a_missing_paragraph_and_note():
    short = "<mainBody>" + p("1.", "Decides:") + p(None, "(a) one;") + p(None, "(b) two;") \
        + "</mainBody>"
    docs = [version("en", "eng", "English", BODY), version("fr", "eng", "French", BODY),
            version("ar", "eng", "Arabic", short, notes=0)]
    found = compare_languages(docs)
    assert [(d["what"], d["languages"]) for d in found] == [("clauses", ["ar"]),
                                                            ("footnotes", ["ar"])]
    clauses, notes = found
    assert clauses["symbol"] == "A/RES/74/10"
    assert clauses["detail"]["only_in_reference"] == ["op2"]
    assert clauses["detail"]["only_here"] == []
    assert clauses["detail"]["reference_languages"] == ["en", "fr"]
    assert clauses["cause"].startswith("ar: 1 operative paragraph fewer")
    assert notes["detail"]["only_in_reference"] == [1]
    assert notes["cause"].startswith("ar: 1 footnote fewer")


def test_cause_names_unnumbered_rows():
    # The number of paragraph 2 is neither in <num> nor at the text's start.
    odd = "<mainBody>" + p("1.", "Decides:") + p(None, "(a) one;") + p(None, "(b) two;") \
        + p(None, "Requests, as number two, a report.") + "</mainBody>"
    docs = [version("en", "eng", "English", BODY), version("fr", "eng", "French", BODY),
            version("ru", "eng", "Russian", odd)]
    (clauses,) = compare_languages(docs)
    assert clauses["languages"] == ["ru"]
    assert "unnumbered row" in clauses["cause"]


def test_sub_paragraph_markup_difference():
    listed = ('<mainBody><paragraph><num>1.</num><list><intro><p>Decides:</p></intro>'
              '<point><num>(a)</num><content><p>one;</p></content></point>'
              '<sublist><point><num>(i)</num><content><p>x;</p></content></point></sublist>'
              '<point><num>(b)</num><content><p>two;</p></content></point></list></paragraph>'
              + p("2.", "Requests a report.") + "</mainBody>")
    docs = [version("en", "eng", "English", BODY), version("zh", "eng", "Chinese", listed),
            version("es", "eng", "Spanish", BODY)]
    (clauses,) = compare_languages(docs)
    assert clauses["detail"]["only_here"] == ["op1.a.i"]
    assert "1 sub-paragraph more" in clauses["cause"]
    assert "sub-paragraph markup differs" in clauses["cause"]


def test_annexes_can_be_left_out():
    annex = ('<attachments><attachment><doc name="annex"><mainBody>' + p("1.", "Rule one.")
             + "</mainBody></doc></attachment></attachments>")
    with_annex = BODY.replace("</mainBody>", "</mainBody>" + annex)
    docs = [version("en", "eng", "English", with_annex), version("fr", "eng", "French", BODY)]
    assert [d["what"] for d in compare_languages(docs)] == ["clauses"]
    assert compare_languages(docs, include_annexes=False) == []


def test_one_version_has_nothing_to_compare():
    assert compare_languages([version("en", "eng", "English", BODY)]) == []
