"""The AKN reader on small hand-written XML: one test per normalisation rule,
identity conflict class and kind of hostile input."""

from __future__ import annotations

import pytest

from etl.akn.reader import read_akn
from etl.errors import ParseError

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def meta(number: str = "74-10", language: str = "eng", date: str = "2019-12-03") -> str:
    return (f'<meta><identification source="#DGACM"><FRBRWork>'
            f'<FRBRthis value="/akn/un/statement/deliberation/unga/{date}/{number}/!main/"/>'
            f'<FRBRdate date="{date}" name="adoption"/></FRBRWork>'
            f'<FRBRExpression><FRBRlanguage language="{language}"/></FRBRExpression>'
            f'</identification></meta>')


ENGLISH_PREAMBLE = ('<preamble><formula name="enactingFormula"><p><span class="italic">The General '
                    'Assembly</span>,</p></formula>'
                    '<container name="Recalling"><p><span class="italic">Recalling</span> the '
                    'purposes and principles of the Charter of the United Nations and the work of '
                    'the Organization,</p></container></preamble>')


def statement(body: str, *, preamble: str = ENGLISH_PREAMBLE, cover_number: str = "A/RES/74/10",
              preface_number: str = "74/10.", meta_xml: str | None = None,
              proponent: str = ('<docProponent refersTo="#thirdCommittee">[on the report of the '
                                'Third Committee (<inline name="originating document">A/74/400'
                                '</inline>)]</docProponent>'),
              extra: str = "") -> bytes:
    xml = (f'<akomaNtoso xmlns="{NS}"><statement name="resolution">'
           f'{meta_xml if meta_xml is not None else meta()}'
           f'<coverPage><p><docNumber refersTo="#symbol">{cover_number}</docNumber></p>'
           f'<p>{proponent}</p></coverPage>'
           f'<preface><p><docNumber>{preface_number}</docNumber>'
           f'<docTitle refersTo="#resolutionTitle">A title</docTitle></p></preface>'
           f'{preamble}{body}'
           f'<conclusions><p><inline name="adoptionMeeting" title="38th">38th plenary meeting'
           f'</inline><docDate date="2019-12-03">3 December 2019</docDate></p></conclusions>'
           f'{extra}</statement></akomaNtoso>')
    return xml.encode("utf-8")


def read(data: bytes, member: str = "English/74_10.xml"):
    return read_akn(data, "sources/akn/74session-English.zip", member, "0" * 64)


def doc(data: bytes, member: str = "English/74_10.xml"):
    result = read(data, member)
    assert len(result.documents) == 1
    return result.documents[0]


def ids(document) -> list[str]:
    return [c.clause_id for c in document.clauses]


def para(num: str | None, text: str) -> str:
    n = f"<num>{num}</num>" if num else ""
    return f'<paragraph>{n}<content><p>{text}</p></content></paragraph>'


# -- structure ------------------------------------------------------------------------

STRUCTURE_CASES = [
    pytest.param(
        "<mainBody>" + para("1.", "<span class=\"italic\">Decides</span> to act;")
        + para("2.", "Requests a report.") + "</mainBody>",
        ["pp1", "op1", "op2"], id="numbers in num"),
    pytest.param(
        "<mainBody>" + para(None, "\t1 -\t<span>Decides</span> to act;")
        + para(None, "٢ - Requests a report.") + "</mainBody>",
        ["pp1", "op1", "op2"], id="numbers written in the text, Arabic-Indic digits"),
    pytest.param(
        "<mainBody>" + para("1.", "Decides:") + para(None, "(a) first;") + para(None, "(b) second:")
        + para(None, "(i) item one;") + para(None, "(ii) item two;") + para("2.", "Requests.")
        + "</mainBody>",
        ["pp1", "op1", "op1.a", "op1.b", "op1.b.i", "op1.b.ii", "op2"],
        id="flat (a) paragraphs and (i) items"),
    pytest.param(
        "<mainBody>" + para("1.", "Decides:")
        + "".join(para(None, f"({c}) point {c};") for c in "abcdefghi") + "</mainBody>",
        ["pp1", "op1"] + [f"op1.{c}" for c in "abcdefghi"], id="(i) after (h) is a letter"),
    pytest.param(
        "<mainBody>" + para("1.", "Decides:") + para("(a)", "first;") + para("(b)", "second.")
        + "</mainBody>",
        ["pp1", "op1", "op1.a", "op1.b"], id="sub-paragraphs marked up as numbered paragraphs"),
    pytest.param(
        '<mainBody><paragraph><num>1.</num><list><intro><p>Decides:</p></intro>'
        '<point><num>(a)</num><content><p>first:</p></content></point>'
        '<sublist><point><num>(i)</num><content><p>item;</p></content></point>'
        '<point><num>(ii)</num><content><p>item two;</p></content></point></sublist>'
        '<point><num>(b)</num><content><p>second.</p></content></point></list></paragraph>'
        '</mainBody>',
        ["pp1", "op1", "op1.a", "op1.a.i", "op1.a.ii", "op1.b"], id="sublist beside its point"),
    pytest.param(
        '<mainBody><paragraph><num>1.</num><list><intro><p>Calls for:</p></intro>'
        '<point><num>a)</num><content><p>one;</p></content></point>'
        '<point><num>c)</num><content><p>two;</p></content></point>'
        '<sublist><point><num>d)</num><content><p>three;</p></content></point></sublist>'
        '</list></paragraph></mainBody>',
        ["pp1", "op1", "op1.a", "op1.b", "op1.c"], id="misnested sublist of letters"),
    pytest.param(
        '<mainBody><paragraph><num>I</num></paragraph>'
        '<paragraph><subheading>Introduction</subheading></paragraph>'
        + para("1.", "Decides.") + '</mainBody>',
        ["pp1", "h1", "h2", "op1"], id="lone num heading and subheading"),
    pytest.param(
        '<mainBody><paragraph><subheading>\t\tI</subheading></paragraph>'
        '<paragraph><subheading>Introduction</subheading></paragraph>'
        + para("1.", "Decides.") + '</mainBody>',
        ["pp1", "h1", "h2", "op1"], id="heading number as subheading (French)"),
    pytest.param(
        "<mainBody>" + para(None, "<span>Bearing in mind</span> its earlier work,")
        + para("1.", "Decides.") + "</mainBody>",
        ["pp1", "pp2", "op1"], id="last preambular paragraph misplaced into mainBody"),
    pytest.param(
        "<mainBody>" + para("1.", "Decides;") + "</mainBody>"
        + '<preamble><container name="Noting"><p>Noting the report,</p></container></preamble>'
        + "<mainBody>" + para("2.", "Requests.") + "</mainBody>",
        ["pp1", "op1", "pp2", "op2"], id="several preamble and mainBody blocks"),
    pytest.param(
        '<mainBody><section><num>I</num><heading>Staff</heading>'
        '<crossHeading refersTo="#preamble"><span>Recalling</span> its resolution,</crossHeading>'
        + para("1.", "Approves;") + '</section>'
        '<section><num>II</num><heading>Posts</heading>' + para("1.", "Decides.")
        + '</section></mainBody>',
        ["pp1", "h1", "h2", "s1.pp1", "s1.op1", "h3", "h4", "s2.op1"],
        id="sections restart their numbering"),
    pytest.param(
        "<mainBody>" + para(None, "<span>Adopts</span> the following declaration:")
        + '<paragraph><heading>Declaration on things</heading></paragraph>'
        + para(None, "We, the Heads of State, have met.")
        + para("1.", "We reaffirm;") + para("2.", "We commit.") + "</mainBody>",
        ["pp1", "u1", "h1", "u2", "op1", "op2"], id="declaration adopted inline"),
    pytest.param(
        '<mainBody><paragraph><content><p>一 导言</p></content></paragraph>'
        + para("1.", "决定继续审议。") + "</mainBody>",
        ["pp1", "h1", "h2", "op1"], id="heading written as a text paragraph"),
    pytest.param(
        "<mainBody>" + para("40.", "Expresses concern;") + para(None, "41 Welcomes the work;")
        + para("42.", "Decides.") + "</mainBody>",
        ["pp1", "op1", "op2", "op3"], id="bare number next in sequence"),
    pytest.param(
        '<mainBody><paragraph><num>1.</num><list><intro><p>Calls for:</p></intro>'
        + "".join(f'<point><num>({c})</num><content><p>x;</p></content></point>' for c in "abc")
        + '<sublist>' + "".join(f'<point><num>({c})</num><content><p>y;</p></content></point>'
                                for c in "defghi")
        + '</sublist></list></paragraph></mainBody>',
        ["pp1", "op1"] + [f"op1.{c}" for c in "abcdefghi"],
        id="sublist continuing the letters of its point"),
    pytest.param(
        '<preamble><container name="正式决定："><p><span>正式决定：</span></p></container></preamble>'
        "<mainBody>" + para("1.", "将周转基金的数额定为1.50亿美元；") + "</mainBody>",
        ["pp1", "u1", "op1"], id="operative lead-in written in the preamble"),
    pytest.param(
        "<mainBody>" + para(None, "<span>Approves</span> the report of the Committee.")
        + "</mainBody>",
        ["pp1", "op1"], id="single unnumbered operative paragraph"),
    pytest.param(
        "<mainBody>" + para("1.", "Approves the table:")
        + '<container><table><tr><td>Post</td><td>P-4</td></tr></table></container>'
        + para(None, "a See A/74/7.") + para("2.", "Decides.") + "</mainBody>",
        ["pp1", "op1", "u1", "u2", "op2"], id="table and table note"),
    pytest.param(
        "<mainBody>" + para("1.", "Recalls rule 4.1, which reads:")
        + para(None, "“(a) On appointment, a staff member is placed at step one;")
        + para("(b)", "On promotion, at the lowest step.”") + para("2.", "Decides.")
        + "</mainBody>",
        ["pp1", "op1", "u1", "u2", "op2"], id="quoted list items are not sub-paragraphs"),
    pytest.param(
        "<mainBody>" + para("1.", "Decides.") + "</mainBody>"
        '<attachments><attachment><doc name="annex"><meta/><mainBody>'
        '<paragraph><heading>Annex</heading></paragraph>'
        + para("1.", "First rule;") + para(None, "(a) its part.") + '</mainBody></doc>'
        '</attachment></attachments>',
        ["pp1", "op1", "an1.h1", "an1.op1", "an1.op1.a"], id="annex"),
]


@pytest.mark.parametrize("body,expected", STRUCTURE_CASES)
def test_structure_rules(body, expected):
    d = doc(statement(body))
    assert ids(d) == expected
    # Every row is accounted for: nothing of the text is lost or invented.
    assert d.report["coverage"]["missing"] == 0


def test_kinds_sections_levels_and_labels():
    body = ("<mainBody>" + para(None, "<span>Adopts</span> the following declaration:")
            + '<paragraph><heading>Declaration</heading></paragraph>'
            + para("1.", "We reaffirm:") + para(None, "(a) one;") + "</mainBody>")
    d = doc(statement(body))
    rows = {c.clause_id: c for c in d.clauses}
    assert (rows["pp1"].kind, rows["pp1"].section, rows["pp1"].level) == ("paragraph", "preamble", 1)
    assert (rows["u1"].kind, rows["u1"].section) == ("unnumbered", "operative")
    assert (rows["h1"].kind, rows["h1"].text) == ("heading", "Declaration")
    assert (rows["op1"].label, rows["op1"].text) == ("1", "We reaffirm:")
    assert (rows["op1.a"].label, rows["op1.a"].level, rows["op1.a"].parent_id,
            rows["op1.a"].text) == ("(a)", 2, "op1", "one;")
    assert d.resolution.preambular_count == 1 and d.resolution.operative_count == 1


def test_clean_text_and_leading_phrases():
    body = "<mainBody>" + para("\t1.", "\t<span class=\"italic\">Decides</span>\u00a0to\tact\r\n now;") \
        + "</mainBody>"
    d = doc(statement(body))
    pp1, op1 = d.clauses
    assert pp1.leading_phrase == "Recalling"
    assert pp1.text.startswith("Recalling the purposes") and pp1.text.endswith("Organization,")
    assert op1.text == "Decides to act now;"
    assert op1.leading_phrase == "Decides"
    assert op1.label == "1"


def test_lines_are_source_lines():
    data = statement("<mainBody>\n" + para("1.", "Decides.") + "\n"
                     + para("2.", "\nRequests.") + "\n</mainBody>")
    d = doc(data)
    lines = data.decode().split("\n")
    op1, op2 = d.clauses[1], d.clauses[2]
    assert "Decides." in lines[op1.line_start - 1]
    assert "Requests." in lines[op2.line_start - 1] and op2.line_start == op1.line_start + 2


# -- footnotes -------------------------------------------------------------------------------

def test_footnotes_and_markers():
    body = ("<mainBody>" + para("1.", 'Takes note of the report<authorialNote marker="1" '
                                     'placement="bottom"><p>A/74/35.</p></authorialNote> and '
                                     'acts,<authorialNote marker="2"><p>See also A/74/36.</p>'
                                     '</authorialNote> now; notes the report<sup>1</sup> again.')
            + "</mainBody>")
    d = doc(statement(body))
    op1 = d.clauses[1]
    assert op1.text == "Takes note of the report and acts, now; notes the report again."
    assert [(f.number, f.text) for f in d.footnotes] == [(1, "A/74/35."), (2, "See also A/74/36.")]
    refs = [(r.clause_id, r.footnote_number, r.offset) for r in d.refs]
    assert refs == [("op1", 1, len("Takes note of the report")),
                    ("op1", 2, len("Takes note of the report and acts,")),
                    ("op1", 1, len("Takes note of the report and acts, now; notes the report"))]
    assert d.resolution.footnote_count == 2
    assert d.report["coverage"]["missing"] == 0


def test_arabic_note_parentheses_are_removed():
    preamble = ('<preamble><container name="إذ تشير"><p><span>إذ تشير</span> إلى تقرير مؤتمر '
                'نزع السلاح<sup>(</sup><authorialNote marker="1" placement="bottom"><p>\t()\t'
                '<span>الوثائق الرسمية للجمعية العامة</span></p></authorialNote><sup>)</sup>، '
                'وإلى جميع القرارات ذات الصلة التي اتخذتها الجمعية العامة في هذا الشأن،</p>'
                '</container></preamble>')
    body = "<mainBody>" + para(None, "1 - تعيد تأكيد حق الشعوب في تقرير المصير؛") + "</mainBody>"
    d = doc(statement(body, preamble=preamble, meta_xml=meta(language="ara")),
            member="Arabic/74_10_A.xml")
    pp1 = d.clauses[0]
    assert d.resolution.language == "ar"
    assert "(" not in pp1.text and "السلاح،" in pp1.text
    assert d.footnotes[0].text == "الوثائق الرسمية للجمعية العامة"
    assert d.refs[0].offset == pp1.text.index("،")
    assert [c.clause_id for c in d.clauses] == ["pp1", "op1"]
    assert d.report["coverage"]["missing"] == 0


# -- citations -------------------------------------------------------------------------------

def test_link_citations_merge_with_the_text_grammar():
    preamble = ('<preamble><container name="回顾"><p><span>回顾</span>其第'
                '<a href="https://undocs.org/ch/A/RES/73/89">73/89</a>号决议和第'
                '<a href="https://undocs.org/ch/A/RES/72/1">72/2</a>号决议，以及'
                '<a href="https://undocs.org/ch/S/2003/529">文件</a>，</p></container></preamble>')
    body = "<mainBody>" + para("1.", "决定继续审议这个项目。") + "</mainBody>"
    result = read(statement(body, preamble=preamble, meta_xml=meta(language="zho")),
                  member="Chinese/74_10_C.xml")
    d = result.documents[0]
    rows = [(c.location, c.clause_id, c.citation.target, c.evidence) for c in d.citations]
    assert ("clause", "pp1", "A/RES/73/89", "text_and_link") in rows
    # The link to 72/1 contradicts the printed 72/2: the text's row is kept, the
    # contradiction reported.
    assert ("clause", "pp1", "A/RES/72/2", "text") in rows
    assert not any(r[2] == "A/RES/72/1" for r in rows)
    assert d.report["link_contradictions"][0]["link"] == "A/RES/72/1"
    assert any("72/1" in x.message for x in result.diagnostics)
    # A link the grammar cannot read stands alone.
    assert ("clause", "pp1", "S/2003/529", "link") in rows
    assert [c.citation_id for c in d.citations] == [f"c{i}" for i in range(1, len(rows) + 1)]


def test_links_split_over_several_elements_are_one_citation():
    preamble = ('<preamble><container name="Rappelant"><p><span>Rappelant</span> la résolution '
                '<a href="https://undocs.org/fr/A/RES/194 (III)">194</a><a href="https://undocs.org/'
                'fr/A/RES/194 (III)"> </a><a href="https://undocs.org/fr/A/RES/194 (III)">(III)</a>'
                ' et ses résolutions ultérieures sur la question,</p></container></preamble>')
    body = "<mainBody>" + para("1.", "Décide de poursuivre l’examen de la question.") + "</mainBody>"
    d = doc(statement(body, preamble=preamble, meta_xml=meta(language="fra")),
            member="French/74_10_F.xml")
    links = [c for c in d.citations if c.location == "clause"]
    assert len(links) == 1
    c = links[0]
    assert (c.citation.target, c.citation.target_type, c.citation.raw, c.evidence) == \
        ("A/RES/194(III)", "ga_resolution", "194 (III)", "link")
    assert d.clauses[0].text[c.citation.start:c.citation.end] == "194 (III)"


# -- identity --------------------------------------------------------------------------------

def test_file_name_number_wins_over_copied_metadata():
    # Cover, FRBR and preface copied from a neighbour (78/13 in the file of 78/130).
    data = statement("<mainBody>" + para("1.", "Decides.") + "</mainBody>",
                     cover_number="A/RES/78/13", preface_number="78/13.",
                     meta_xml=meta(number="78-13"))
    result = read(data, member="English/A_RES_78_130-2325874E.xml")
    assert result.documents[0].resolution.symbol == "A/RES/78/130"
    sources = {c["source"] for c in result.identity["conflicts"] if c["field"] == "symbol"}
    assert sources == {"cover", "frbr", "preface"}
    assert all("file name" in c["rule"] for c in result.identity["conflicts"])


def test_language_comes_from_the_text():
    # A French text filed in the Russian folder with a Russian letter and FRBRlanguage.
    preamble = ('<preamble><container name="Rappelant"><p><span>Rappelant</span> les buts et les '
                'principes de la Charte des Nations Unies et les travaux de l’Organisation dans le '
                'domaine de la paix et de la sécurité internationales,</p></container></preamble>')
    data = statement("<mainBody>" + para("1.", "Décide de rester saisie de la question.")
                     + "</mainBody>", preamble=preamble, meta_xml=meta(language="rus"))
    result = read(data, member="Russian/A_RES_78_68-2325874R.xml")
    d = result.documents[0]
    assert d.resolution.language == "fr"
    assert d.resolution.url.startswith("https://undocs.org/fr/")
    disagreeing = {c["source"] for c in result.identity["conflicts"] if c["field"] == "language"}
    assert disagreeing == {"frbr", "file_name", "folder"}


def test_part_letter_from_the_cover():
    data = statement("<mainBody>" + para("1.", "Decides.") + "</mainBody>",
                     cover_number="A/RES/74/232 B", preface_number="74/232 B.",
                     meta_xml=meta(number="74-232B"))
    d = doc(data, member="English/74_232B_E.xml")
    assert (d.resolution.symbol, d.resolution.number) == ("A/RES/74/232B", "232B")


def test_collection_gives_one_document_per_component():
    def component(letter: str, meta_letter: str) -> str:
        return (f'<component eId="comp_{letter}"><statement name="resolution">'
                f'{meta(number="74-250" + meta_letter)}'
                f'<preface><p><docNumber>{letter}</docNumber><docTitle>Part {letter}</docTitle>'
                f'</p></preface>{ENGLISH_PREAMBLE}<mainBody>{para("1.", "Decides.")}</mainBody>'
                f'<conclusions><p><docDate date="2019-12-27">27 December 2019</docDate></p>'
                f'</conclusions></statement></component>')
    xml = (f'<akomaNtoso xmlns="{NS}"><documentCollection name="publication">{meta("74-250")}'
           f'<coverPage><p><docNumber>A/RES/74/250 A-B</docNumber></p></coverPage>'
           f'<preface><p><docNumber>74/250.</docNumber></p></preface>'
           f'<collectionBody><component eId="comp_def_0"><documentRef href="comp_0" '
           f'showAs="Resolution A"/></component></collectionBody></documentCollection>'
           f'<components>{component("A", "A")}{component("باء", "")}</components></akomaNtoso>')
    result = read(xml.encode(), member="English/74_250.xml")
    symbols = [d.resolution.symbol for d in result.documents]
    assert symbols == ["A/RES/74/250A", "A/RES/74/250B"]
    # Part B: no letter in its FRBR URI; its preface says "باء" (B in Arabic).
    assert [p["source"] for p in result.identity["parts"]] == ["frbr", "preface"]
    assert [d.resolution.title for d in result.documents] == ["Part A", "Part باء"]


def test_resolution_fields():
    d = doc(statement("<mainBody>" + para("1.", "Decides.") + "</mainBody>"))
    r = d.resolution
    assert (r.symbol, r.language, r.session, r.session_type, r.number) == \
        ("A/RES/74/10", "en", 74, "regular", "10")
    assert (r.title, str(r.adoption_date), r.plenary_meeting) == ("A title", "2019-12-03", 38)
    assert (r.committee, r.committee_report, r.draft_symbol) == ("Third Committee", "A/74/400", None)
    assert r.adoption_note == "[on the report of the Third Committee (A/74/400)]"
    assert (r.source_format, r.source_file, r.source_member) == \
        ("akn", "sources/akn/74session-English.zip", "English/74_10.xml")
    assert r.url == "https://undocs.org/en/A/RES/74/10"


def test_no_main_committee():
    proponent = ('<docProponent refersTo="#noMainCommittee">[without reference to a Main Committee '
                 '(<inline name="originating document">A/74/L.14 and A/74/L.14/Add.1</inline>)]'
                 '</docProponent>')
    r = doc(statement("<mainBody>" + para("1.", "Decides.") + "</mainBody>",
                      proponent=proponent)).resolution
    assert (r.committee, r.committee_report, r.draft_symbol) == (None, None, "A/74/L.14")
    assert r.adoption_note.startswith("[without reference to a Main Committee")


# -- bad and hostile input -------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">&lol3;</akomaNtoso>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">&xxe;</akomaNtoso>"""

DTD_ONLY = b"""<?xml version="1.0"?>
<!DOCTYPE akomaNtoso SYSTEM "http://example.org/akn.dtd">
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"/>"""


@pytest.mark.parametrize("data,line,words", [
    pytest.param(b"", None, "empty", id="empty"),
    pytest.param(b"  \r\n", None, "empty", id="blank"),
    pytest.param(BILLION_LAUGHS, 2, "DOCTYPE", id="billion laughs"),
    pytest.param(EXTERNAL_ENTITY, 2, "DOCTYPE", id="external entity"),
    pytest.param(DTD_ONLY, 2, "DOCTYPE", id="DOCTYPE"),
    pytest.param(b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">\n'
                 b'<statement>\n<p></statement>\n</akomaNtoso>', 3, "well-formed",
                 id="not well-formed"),
    pytest.param(b'<html>\n<body/></html>', 1, "<html>", id="not AKN"),
    pytest.param(b'<akomaNtoso>\n<statement/></akomaNtoso>', 1, "akomaNtoso",
                 id="AKN name without the namespace"),
    pytest.param(b"<a>" * 300 + b"</a>" * 300, 1, "well-formed", id="absurdly deep"),
])
def test_hostile_and_broken_input_is_refused(data, line, words):
    with pytest.raises(ParseError) as info:
        read(data, member="Russian/74_26_R.xml")
    error = info.value
    assert error.path == "sources/akn/74session-English.zip!Russian/74_26_R.xml"
    assert error.line == line
    assert words in error.expected
    assert "sources/akn/74session-English.zip!Russian/74_26_R.xml" in str(error)


def test_too_many_elements(monkeypatch):
    import etl.akn.reader as reader
    monkeypatch.setattr(reader, "MAX_ELEMENTS", 50)
    data = statement("<mainBody>" + para("1.", "Decides.") * 30 + "</mainBody>")
    with pytest.raises(ParseError) as info:
        read(data)
    assert "at most 50 elements" in info.value.expected


def test_a_file_outside_a_zip_is_named_alone():
    with pytest.raises(ParseError) as info:
        read_akn(b"", "sources/akn/x.xml", None, "0")
    assert info.value.path == "sources/akn/x.xml"


def test_statement_is_required():
    with pytest.raises(ParseError) as info:
        read(f'<akomaNtoso xmlns="{NS}">\n<judgment/></akomaNtoso>'.encode())
    assert "<judgment>" in info.value.expected


def test_reading_is_deterministic():
    data = statement("<mainBody>" + para("1.", "Decides.") + "</mainBody>")
    a, b = read(data), read(data)
    assert a.documents[0] == b.documents[0]
    assert a.identity == b.identity


@pytest.mark.parametrize("text,language", [
    ("Recordando la resolución 1990 (2011) del Consejo de Seguridad, de 27 de junio de 2011, por "
     "la que el Consejo estableció la Fuerza, y las resoluciones posteriores en las que prorrogó "
     "su mandato, la más reciente de las cuales fue la resolución 2550 (2020),", "es"),
    ("Rappelant la résolution 1990 (2011) du Conseil de sécurité, en date du 27 juin 2011, par "
     "laquelle le Conseil a créé la Force, et les résolutions par lesquelles il en a prorogé le "
     "mandat, dont la plus récente est la résolution 2550 (2020),", "fr"),
    ("Recalling Security Council resolution 1990 (2011) of 27 June 2011, by which the Council "
     "established the Force, and the subsequent resolutions by which the Council extended the "
     "mandate of the Force,", "en"),
    ("unter Hinweis auf die Resolution 1990 (2011) des Sicherheitsrats vom 27. Juni 2011, mit "
     "der der Rat die Truppe eingerichtet hat, und die Resolutionen, mit denen er das Mandat der "
     "Truppe verlängert hat,", "de"),
    ("ссылаясь на резолюцию 1990 (2011) Совета Безопасности от 27 июня 2011 года, которой Совет "
     "учредил Силы,", "ru"),
    ("回顾安全理事会2011年6月27日第1990(2011)号决议，安理会在该决议中设立了联阿安全部队，以及其后延长该部队任务期限的各项决议，", "zh"),
    ("إذ تشير إلى قرار مجلس الأمن 1990 (2011) المؤرخ 27 حزيران/يونيه 2011 الذي أنشأ المجلس بموجبه "
     "القوة،", "ar"),
])
def test_text_language(text, language):
    from etl.akn.identity import text_language
    assert text_language(text)[0] == language


# -- fixes: title, leading phrases, hyphens, committee -----------------------------------------

def test_empty_title_is_none_with_a_diagnostic():
    data = statement("<mainBody>" + para("1.", "Decides.") + "</mainBody>").replace(
        b'<docTitle refersTo="#resolutionTitle">A title</docTitle>',
        b'<docTitle refersTo="#resolutionTitle"> </docTitle>')
    result = read(data)
    assert result.documents[0].resolution.title is None
    assert [d.message for d in result.diagnostics if "title" in d.message] == \
        ["no title: the preface holds none (its docTitle is empty); title is None"]


@pytest.mark.parametrize("span,phrase", [
    ("Recalling,", "Recalling"),
    ("Recalling ,\u00a0", "Recalling"),
    ("强调指出，", "强调指出"),
    ("Reaffirming its resolution 1 (I):", "Reaffirming its resolution 1 (I)"),
    ("Taking note of “the report”", "Taking note of “the report”"),
])
def test_leading_phrase_loses_trailing_punctuation(span, phrase):
    preamble = ('<preamble><container><p><span class="italic">' + span + '</span> the work of '
                'the Organization,</p></container></preamble>')
    d = doc(statement("<mainBody>" + para("1.", "Decides.") + "</mainBody>", preamble=preamble))
    assert d.clauses[0].leading_phrase == phrase


def test_non_breaking_hyphen_reads_as_hyphen():
    body = "<mainBody>" + para("1.", "<i>Decides</i> on COVID\u201119 and <a href=\"https://"
                               "undocs.org/en/A/RES/74/270\">resolution\u00a074/270</a>;") \
        + "</mainBody>"
    d = doc(statement(body))
    op1 = d.clauses[-1]
    assert op1.text == "Decides on COVID-19 and resolution 74/270;"
    assert [(c.citation.target, op1.text[c.citation.start:c.citation.end])
            for c in d.citations if c.clause_id == "op1"] == \
        [("A/RES/74/270", "resolution 74/270")]
    assert d.report["coverage"]["missing"] == 0


@pytest.mark.parametrize("note,committee", [
    ("[on the report of the Special Political and Decolonization Committee (Fourth Committee) "
     "(<inline name=\"originating document\">A/77/397</inline>, para. 8)]",
     "Special Political and Decolonization Committee (Fourth Committee)"),
    ("[根据特别政治和非殖民化委员会(第四委员会)的报告通过(<inline name=\"originating document\">"
     "A/77/397，第8段</inline>)]", "特别政治和非殖民化委员会(第四委员会)"),
    ("[sobre la base del informe de la Informe de la Comisión Política Especial y de "
     "Descolonización (<inline name=\"originating document\">Cuarta Comisión (A/77/401, párr. 6"
     "</inline>)]", "Comisión Política Especial y de Descolonización (Cuarta Comisión)"),
])
def test_committee_name_only(note, committee):
    proponent = f'<docProponent refersTo="#fourthCommittee">{note}</docProponent>'
    r = doc(statement("<mainBody>" + para("1.", "Decides.") + "</mainBody>",
                      proponent=proponent)).resolution
    assert r.committee == committee
    assert r.committee_report == "A/77/397" or r.committee_report == "A/77/401"


@pytest.mark.parametrize("container, paragraph, pp_phrase, op_phrase", [
    # the phrase opens the text
    ('<container name="Recalling"><p><span class="italic">Recalling</span> the Charter,</p>'
     '</container>', '<span class="italic">Decides</span> to act;', "Recalling", "Decides"),
    # an adverbial of the language stands before it, with or without a comma;
    # a container named after the adverbial does not make it the phrase
    ('<container name="In this regard"><p>In this regard, <span class="italic">recalling'
     '</span> the Charter,</p></container>',
     'In this regard, <span class="italic">urges</span> States to act;', "recalling", "urges"),
    # any other words before the span: no phrase
    ('<container><p>The Charter, <span class="italic">recalling</span> it,</p></container>',
     'All States <span class="italic">are urged</span> to act;', None, None),
])
def test_leading_phrase_after_an_adverbial(container, paragraph, pp_phrase, op_phrase):
    preamble = '<preamble>' + container + '</preamble>'
    d = doc(statement("<mainBody>" + para("1.", paragraph) + "</mainBody>", preamble=preamble))
    assert [(c.clause_id, c.leading_phrase) for c in d.clauses] == [("pp1", pp_phrase),
                                                                   ("op1", op_phrase)]


def test_chinese_leading_phrase_after_an_adverbial():
    preamble = ('<preamble><container name="在这方面"><p><span class="bold">在这方面</span>，'
                '<span class="bold">回顾</span>其各项决议，</p></container></preamble>')
    body = "<mainBody>" + para("1.", '为此<span class="bold">重申</span>，大会第67/265号决议；') \
        + "</mainBody>"
    d = doc(statement(body, preamble=preamble, meta_xml=meta(language="zho")),
            "Chinese/74_10_C.xml")
    assert [(c.clause_id, c.leading_phrase) for c in d.clauses] == [("pp1", "回顾"),
                                                                   ("op1", "重申")]
