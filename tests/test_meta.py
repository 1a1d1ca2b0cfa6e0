"""etl.akn.meta: votes, sponsors, subjects and adoption facts from AKN4UN <meta>.

Expected values for the real files were read by hand from the XML (the
counts by counting the <organization> lines of each <count>).
"""

import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from etl.akn.meta import (RECORDED_VOTE, WITHOUT_VOTE, Metadata, agenda_item_of, draft_symbol_of,
                          read_metadata, sdg_term, split_sponsors, subject_term)

ROOT = Path(__file__).resolve().parent.parent
AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
AKN4UN = "http://un.org/akn4un"


def member(archive: str, name: str):
    with zipfile.ZipFile(ROOT / "sources" / "akn" / archive) as zf:
        return etree.fromstring(zf.read(name))


def first_element(root):
    return next(child for child in root if isinstance(child.tag, str))


def statement_metadata(archive: str, name: str) -> Metadata:
    statement = first_element(member(archive, name))
    return read_metadata([statement.find(f"{{{AKN}}}meta")], statement.find(f"{{{AKN}}}coverPage"))


def collection_parts(archive: str, name: str) -> dict[str, tuple[Metadata, object, object]]:
    """part letter -> (metadata, component meta, collection meta)."""
    root = member(archive, name)
    collection = first_element(root)
    collection_meta = collection.find(f"{{{AKN}}}meta")
    parts = {}
    for component in root.find(f"{{{AKN}}}components"):
        statement = component.find(f"{{{AKN}}}statement")
        letter = "".join(statement.find(f"{{{AKN}}}preface//{{{AKN}}}docNumber").itertext()).strip()
        own = statement.find(f"{{{AKN}}}meta")
        parts[letter] = (read_metadata([own, collection_meta], collection.find(f"{{{AKN}}}coverPage")),
                         own, collection_meta)
    return parts


def snippet(body: str, cover: str = ""):
    xml = (f'<akomaNtoso xmlns="{AKN}" xmlns:akn4un="{AKN4UN}"><statement name="resolution">'
           f"<meta>{body}</meta><coverPage>{cover}</coverPage></statement></akomaNtoso>")
    statement = etree.fromstring(xml)[0]
    return statement.find(f"{{{AKN}}}meta"), statement.find(f"{{{AKN}}}coverPage")


# ------------------------------------------------------------- the splitter

SPLITS = [
    # 74/10 English, draftResolution/@by
    ("Comoros, Cuba, Indonesia, Jordan, Kuwait, Lao People's Democratic Republic, Qatar, Saudi Arabia, "
     "Senegal, United Arab Emirates and Yemen",
     ["Comoros", "Cuba", "Indonesia", "Jordan", "Kuwait", "Lao People's Democratic Republic", "Qatar",
      "Saudi Arabia", "Senegal", "United Arab Emirates", "Yemen"]),
    # 74/10 English, additional sponsors: a bracketed name and a last "and"
    ("Sudan, Tunisia, Venezuela (Bolivarian Republic of), Viet Nam and State of Palestine",
     ["Sudan", "Tunisia", "Venezuela (Bolivarian Republic of)", "Viet Nam", "State of Palestine"]),
    # 74/216: the "and" of the group stays inside the brackets
    ("State of Palestine (on behalf of the States Members of the United Nations that are members of the "
     "Group of 77 and China)",
     ["State of Palestine (on behalf of the States Members of the United Nations that are members of the "
      "Group of 77 and China)"]),
    # 74/152: a group in brackets, then the last "and"
    ("China, Cuba (on behalf of the States Members of the United Nations that are members of the Movement of "
     "Non-Aligned Countries) and El Salvador",
     ["China", "Cuba (on behalf of the States Members of the United Nations that are members of the Movement of "
      "Non-Aligned Countries)", "El Salvador"]),
    # names holding "and"
    ("Antigua and Barbuda, Bosnia and Herzegovina, Trinidad and Tobago and Saint Vincent and the Grenadines",
     ["Antigua and Barbuda", "Bosnia and Herzegovina", "Trinidad and Tobago", "Saint Vincent and the Grenadines"]),
    ("Saint Kitts and Nevis, Sao Tome and Principe and United Kingdom of Great Britain and Northern Ireland",
     ["Saint Kitts and Nevis", "Sao Tome and Principe", "United Kingdom of Great Britain and Northern Ireland"]),
    # 74/114 Arabic file: a bracketed name after the last "and"
    ("Uzbekistan and Venezuela (Bolivarian Republic of)", ["Uzbekistan", "Venezuela (Bolivarian Republic of)"]),
    # 76/269: a list that ends with a full stop
    ("Zambia and State of Palestine.", ["Zambia", "State of Palestine"]),
    # officers and bodies are one sponsor, whatever their commas
    ("SUBMITTED BY THE PRESIDENT OF THE GENERAL ASSEMBLY", ["SUBMITTED BY THE PRESIDENT OF THE GENERAL ASSEMBLY"]),
    ("France Cassar (Malta), submitted by the Rapporteur of the Committee and on the basis of informal "
     "consultations on draft resolution",
     ["France Cassar (Malta), submitted by the Rapporteur of the Committee and on the basis of informal "
      "consultations on draft resolution"]),
    ("the representative of Pakistan, on behalf of the Bureau", ["the representative of Pakistan, on behalf of the Bureau"]),
    # 76/128 JSON: "on behalf of" after a comma belongs to the state before it
    ("Guinea, on behalf of the States Members of the United Nations that are members of the Group of 77 and China",
     ["Guinea, on behalf of the States Members of the United Nations that are members of the Group of 77 and China"]),
    # a misspelt name with "and" is not cut in two
    ("Chile and Bosnia and Herzegovnia", ["Chile", "Bosnia and Herzegovnia"]),
    # 74/xxx: "Subsequently," joins a second sentence of names
    ("Azerbaijan and Liberia. Subsequently, Albania and Netherlands (Kingdom of the)",
     ["Azerbaijan", "Liberia", "Albania", "Netherlands (Kingdom of the)"]),
    ("", []),
]


@pytest.mark.parametrize("text, names", SPLITS)
def test_split_sponsors(text, names):
    assert split_sponsors(text)[0] == names


def test_split_sponsors_keeps_a_remark_apart():
    # 74/116 additional sponsors
    names, remark = split_sponsors("Thailand and Togo. - Philippines was removed from the list of sponsors "
                                   "of the draft resolution")
    assert names == ["Thailand", "Togo"]
    assert remark == "Philippines was removed from the list of sponsors of the draft resolution"
    names, remark = split_sponsors("Uruguay and Venezuela (Bolivarian Republic of) (A74/368)")
    assert names == ["Uruguay", "Venezuela (Bolivarian Republic of)"]
    assert remark == "(A74/368)"


# ------------------------------------------------------- small functions

@pytest.mark.parametrize("text, item", [
    ("Agenda item 35", "35"),
    ("Agenda item 98 (c)", "98 (c)"),
    ("Point 98 c) de l\u2019ordre du jour", "98 (c)"),
    ("Tema 98 c) del programa", "98 (c)"),
    ("\u041f\u0443\u043d\u043a\u0442 98 c) \u043f\u043e\u0432\u0435\u0441\u0442\u043a\u0438 \u0434\u043d\u044f", "98 (c)"),
    ("\u8bae\u7a0b\u9879\u76ee98(c)", "98 (c)"),
    ("\u0627\u0644\u0628\u0646\u062f 98 (\u062c) \u0645\u0646 \u062c\u062f\u0648\u0644 \u0627\u0644\u0623\u0639\u0645\u0627\u0644", "98 (c)"),
    ("\u0627\u0644\u0628\u0646\u062f 17 (\u0647\u0640) \u0645\u0646 \u062c\u062f\u0648\u0644 \u0627\u0644\u0623\u0639\u0645\u0627\u0644", "17 (e)"),
    # 76/53 Arabic: direction marks around the number
    ("\u0627\u0644\u0628\u0646\u062f \u200f\u200e100\u200e\u200f (\u0643) \u0645\u0646 \u062c\u062f\u0648\u0644 \u0627\u0644\u0623\u0639\u0645\u0627\u0644", "100 (k)"),
    # 75/207 Russian: a Cyrillic "\u0435" for the letter e
    ("\u041f\u0443\u043d\u043a\u0442 17 \u0435) \u043f\u043e\u0432\u0435\u0441\u0442\u043a\u0438 \u0434\u043d\u044f", "17 (e)"),
    ("Agenda items 14 and 122", "14 and 122"),
    ("Agenda item 128 (aa)", "128 (aa)"),
    ("", None),
])
def test_agenda_item_of(text, item):
    assert agenda_item_of(text) == item


@pytest.mark.parametrize("text, symbol", [
    ("A/74/L.14", "A/74/L.14"),
    ("A/75/L.87/Rev.1 (as amended in A/75/L.90, A/75/L.91 and A/75/L.92)", "A/75/L.87/Rev.1"),
    ("A/74/L.5, as orally amended", "A/74/L.5"),
    ("A/C.5/79/L.25", "A/C.5/79/L.25"),
    ("not a symbol", None),
])
def test_draft_symbol_of(text, symbol):
    assert draft_symbol_of(text) == symbol


@pytest.mark.parametrize("value, term", [("sdg_4", "4"), (" 4.a", "4.a"), ("16.a", "16.a"), ("3.7", "3.7")])
def test_sdg_term(value, term):
    assert sdg_term(value) == term


def test_subject_term_undoes_double_escaping_and_underscores():
    assert subject_term("women&amp;#39;s_rights") == "women's rights"
    assert subject_term("women&#39;s_rights") == "women's rights"
    assert subject_term("PROGRAMME BUDGETING") == "PROGRAMME BUDGETING"


# ----------------------------------------------------------- on snippets

VOTING = """
<analysis source="#un"><parliamentary><voting outcome="{outcome}">
  <count value="2" refersTo="inFavour"><akn4un:voters>
    <organization refersTo="memberState">T\u00dcRK\u0130YE</organization>
    <organization refersTo="memberState">COTE D'IVOIRE</organization>
  </akn4un:voters></count>
  <count value="2" refersTo="abstaining"><akn4un:voters>
    <organization refersTo="memberState">BOLIVIA (PLURINATIONAL STATE OF)</organization>
  </akn4un:voters></count>
</voting></parliamentary></analysis>"""


def test_recorded_vote_snippet():
    meta, cover = snippet(VOTING.format(outcome="adoptedRecordedVote"),
                          '<p><inline name="agenda item">Agenda item 69 (a)</inline></p>')
    result = read_metadata([meta], cover)
    assert result.adoption_type == RECORDED_VOTE
    # counts as printed; no "against" list in a recorded vote means 0
    assert (result.yes_count, result.no_count, result.abstain_count) == (2, 0, 2)
    assert [(v.member_state, v.country_code, v.vote) for v in result.votes] == [
        ("T\u00dcRK\u0130YE", "TUR", "yes"), ("COTE D'IVOIRE", "CIV", "yes"),
        ("BOLIVIA (PLURINATIONAL STATE OF)", "BOL", "abstain")]
    # line 1 opens the document and <meta>; the names stand on lines 4, 5 and 8
    assert [v.line for v in result.votes] == [4, 5, 8]
    assert result.agenda_item == "69 (a)"
    # 1 name listed under a printed 2: kept, and reported with the count's line
    assert any(line == 7 and "1 names listed, count/@value says 2" in message
               for line, message in result.diagnostics)


def test_free_text_outcomes():
    recorded = snippet(VOTING.format(outcome="Adopted 2-0-2, 87th plenary meeting"))[0]
    result = read_metadata([recorded], None)
    assert result.adoption_type == RECORDED_VOTE
    assert (result.yes_count, result.no_count, result.abstain_count) == (2, 0, 2)
    without = snippet('<analysis><parliamentary><voting outcome="Adopted without vote, 59th plenary meeting"/>'
                      "</parliamentary></analysis>")[0]
    result = read_metadata([without], None)
    assert result.adoption_type == WITHOUT_VOTE
    assert (result.yes_count, result.no_count, result.abstain_count) == (None, None, None)


def test_unknown_member_state_is_reported_not_guessed():
    meta = snippet('<analysis><parliamentary><voting outcome="adoptedRecordedVote"><count value="1" '
                   'refersTo="against"><akn4un:voters><organization>ATLANTIS</organization></akn4un:voters>'
                   "</count></voting></parliamentary></analysis>")[0]
    result = read_metadata([meta], None)
    assert [(v.member_state, v.country_code, v.vote) for v in result.votes] == [("ATLANTIS", None, "no")]
    assert any("'ATLANTIS' has no ISO 3166 code" in message for _, message in result.diagnostics)


def test_each_fact_from_the_first_meta_that_holds_it():
    # As in the 80th-session collections: the component holds the workflow
    # and an empty <voting/>; the collection holds the vote.
    component, _ = snippet(
        '<classification source="DHLAUTH"><keyword value="UN" showAs="UN" dictionary="DHLAUTH"/></classification>'
        '<workflow><step outcome="draftResolution" as="A/80/L.1" by="Chile and Peru"/>'
        '<step outcome="draftResolutionAdditionalSponsors" by=""/>'
        '<step outcome="adopted" as="A/80/PV.9" by=""/></workflow>'
        "<analysis><parliamentary><voting/></parliamentary></analysis>")
    collection, _ = snippet(
        '<classification><keyword value="2" showAs="sdg_2" dictionary="SDGO"/></classification>'
        '<workflow><step outcome="draftResolution" as="A/80/L.2" by="Cuba"/>'
        '<step outcome="draftResolutionAdditionalSponsors" by="Mexico"/></workflow>'
        + VOTING.format(outcome="adoptedRecordedVote"))
    result = read_metadata([component, collection], None)
    assert result.draft_symbol == "A/80/L.1"
    assert result.plenary_record == "A/80/PV.9"
    assert [(s.role, s.ordinal, s.sponsor, s.country_code) for s in result.sponsors] == [
        ("sponsor", 1, "Chile", "CHL"), ("sponsor", 2, "Peru", "PER"), ("additional_sponsor", 1, "Mexico", "MEX")]
    assert [(s.vocabulary, s.term) for s in result.subjects] == [("DHLAUTH", "UN")]
    assert result.adoption_type == RECORDED_VOTE and len(result.votes) == 3
    # An empty collection meta (None is also accepted) changes nothing.
    empty, _ = snippet("")
    again = read_metadata([component, empty, None, collection], None)
    assert again.draft_symbol == "A/80/L.1" and again.adoption_type == RECORDED_VOTE


def test_repeated_sponsor_is_kept_once_and_reported():
    meta = snippet('<workflow><step outcome="draftResolutionAdditionalSponsors" '
                   'by="Lebanon, Jordan and Lebanon"/></workflow>')[0]
    result = read_metadata([meta], None)
    assert [(s.ordinal, s.sponsor) for s in result.sponsors] == [(1, "Lebanon"), (2, "Jordan")]
    assert any("'Lebanon' listed twice" in message for _, message in result.diagnostics)


def test_group_and_officer_sponsors_have_no_code_but_acting_state_does():
    meta = snippet('<workflow><step outcome="draftResolution" by="Cuba (on behalf of the States Members of the '
                   'United Nations that are members of the Group of 77 and China), European Union and '
                   'Holy See"/></workflow>')[0]
    result = read_metadata([meta], None)
    assert [(s.sponsor, s.country_code) for s in result.sponsors] == [
        ("Cuba (on behalf of the States Members of the United Nations that are members of the Group of 77 "
         "and China)", "CUB"),
        ("European Union", None), ("Holy See", "VAT")]
    officer = snippet('<workflow><step outcome="draftResolution" '
                      'by="SUBMITTED BY THE PRESIDENT OF THE GENERAL ASSEMBLY"/></workflow>')[0]
    assert [(s.sponsor, s.country_code) for s in read_metadata([officer], None).sponsors] == [
        ("SUBMITTED BY THE PRESIDENT OF THE GENERAL ASSEMBLY", None)]


def test_subjects_vocabularies_and_dedup():
    meta = snippet(
        '<classification source="http://metadata.un.org/sdg">'
        '<keyword value="5" showAs="sdg_5" dictionary="SDGO"/>'
        '<keyword value="women&amp;amp;#39;s_rights" showAs="x" dictionary="EuroVoc"/>'
        '<keyword value="gender_equality" dictionary="UNBIS"/></classification>'
        '<classification source="http://metadata.un.org/sdg">'
        '<keyword value=" 5.a" dictionary="SDGO"/>'
        '<keyword value="gender_equality" dictionary="UNBIS Thesaurus"/>'
        '<keyword value="http://eurovoc.europa.eu/139" dictionary="EuroVoc"/>'
        '<keyword refersTo="agenda" value="58[2]" showAs="ANGUILLA QUESTION" dictionary="A/79/251"/>'
        "</classification>")[0]
    result = read_metadata([meta], None)
    assert [(s.vocabulary, s.term) for s in result.subjects] == [
        ("SDG", "5"), ("EuroVoc", "women's rights"), ("UNBIS Thesaurus", "gender equality"), ("SDG", "5.a"),
        ("agenda", "58[2]")]
    assert any("URI, not a term" in message for _, message in result.diagnostics)


# --------------------------------------------------------- on real files

def test_recorded_vote_74_10_english():
    result = statement_metadata("74session-English.zip", "English/74_10.xml")
    assert result.adoption_type == RECORDED_VOTE
    assert (result.yes_count, result.no_count, result.abstain_count) == (92, 13, 61)
    assert Counter(v.vote for v in result.votes) == {"yes": 92, "no": 13, "abstain": 61}
    assert all(v.country_code for v in result.votes)
    by_name = {v.member_state: v for v in result.votes}
    assert (by_name["AFGHANISTAN"].vote, by_name["AFGHANISTAN"].country_code) == ("yes", "AFG")
    assert (by_name["TURKEY"].country_code, by_name["COTE D'IVOIRE"].country_code) == ("TUR", "CIV")
    assert by_name["AUSTRALIA"].vote == "no" and by_name["ALBANIA"].vote == "abstain"
    assert by_name["TURKEY"].line == 141 and by_name["COTE D'IVOIRE"].line == 79
    assert result.plenary_record == "A/74/PV.38"
    assert result.draft_symbol == "A/74/L.14"
    assert result.agenda_item == "35"
    sponsors = [s for s in result.sponsors if s.role == "sponsor"]
    additional = [s for s in result.sponsors if s.role == "additional_sponsor"]
    assert [s.sponsor for s in sponsors][:2] == ["Comoros", "Cuba"] and len(sponsors) == 11
    assert sponsors[5].sponsor == "Lao People's Democratic Republic" and sponsors[5].country_code == "LAO"
    assert len(additional) == 24 and additional[-1].sponsor == "State of Palestine"
    assert additional[-1].country_code == "PSE" and additional[-1].ordinal == 24
    assert {s.line for s in sponsors} == {50}
    sdgs = [s.term for s in result.subjects if s.vocabulary == "SDG"]
    assert sdgs == ["16", "10", "17"]
    assert result.diagnostics == []


def test_the_vote_lists_are_the_same_in_the_arabic_file():
    english = statement_metadata("74session-English.zip", "English/74_10.xml")
    arabic = statement_metadata("74session-Arabic.zip", "Arabic/74_10_A.xml")
    assert {(v.country_code, v.vote) for v in arabic.votes} == {(v.country_code, v.vote) for v in english.votes}
    assert arabic.agenda_item == english.agenda_item == "35"


def test_printed_count_differs_from_names_77_293():
    result = statement_metadata("77session-English.zip", "English/A_RES_77_293-E.xml")
    assert result.abstain_count == 59
    assert sum(v.vote == "abstain" for v in result.votes) == 58
    assert any("abstaining: 58 names listed, count/@value says 59" in m for _, m in result.diagnostics)


def test_free_text_outcome_75_290_a():
    result = statement_metadata("75session-English.zip", "English/75_290 A_E.xml")
    assert result.adoption_type == RECORDED_VOTE
    assert (result.yes_count, result.no_count, result.abstain_count) == (90, 0, 47)
    assert Counter(v.vote for v in result.votes) == {"yes": 90, "abstain": 47}
    assert result.draft_symbol == "A/75/L.101"          # "(as amended in A/75/L.104)" dropped
    assert result.plenary_record is None                 # "Adopted 90-0-47, 87th plenary meeting"
    assert result.agenda_item == "14 and 122"
    assert [(s.sponsor, s.country_code) for s in result.sponsors] == [
        ("submitted by the President of the General Assembly", None)]


def test_collection_parts_share_the_collection_meta_74_250():
    parts = collection_parts("74session-English.zip", "English/74_250.xml")
    assert sorted(parts) == ["A", "B"]
    for metadata, own, collection_meta in parts.values():
        assert metadata.adoption_type == WITHOUT_VOTE
        assert metadata.plenary_record is not None and metadata.plenary_record.startswith("A/74/PV.")
        # the subjects come from the collection meta: their lines lie inside it
        start, end = collection_meta.sourceline, own.getparent().sourceline
        assert metadata.subjects and all(start < s.line < end for s in metadata.subjects)


def test_component_with_its_own_meta_76_247_c():
    parts = collection_parts("76session-English.zip", "English/A_RES_76_247-2119714E.xml")
    own_lines = {}
    for letter, (metadata, own, collection_meta) in parts.items():
        own_lines[letter] = {s.line for s in metadata.subjects}
        assert metadata.adoption_type == WITHOUT_VOTE and metadata.plenary_record == "A/76/PV.54"
        assert metadata.draft_symbol == "A/C.5/76/L.18"
    # C's subjects come from its own meta, A's from the collection's (which
    # stands before every component)
    assert own_lines["C"] and min(own_lines["C"]) > parts["C"][1].sourceline
    assert own_lines["A"] and max(own_lines["A"]) < parts["A"][1].sourceline


def test_component_metas_of_79_259():
    parts = collection_parts("79session-English.zip", "English/A_RES_79_259-2424702E.xml")
    assert sorted(parts) == ["A", "B", "C"]
    for letter, (metadata, own, _) in parts.items():
        assert metadata.plenary_record == "A/79/PV.55 (Resumption 1)"
        assert metadata.draft_symbol == "A/C.5/79/L.25"
        assert metadata.agenda_item == "139"
        # the voting of both metas is empty: not said, and reported
        assert metadata.adoption_type is None
        assert any("do not say how" in m for _, m in metadata.diagnostics)
        terms = {(s.vocabulary, s.term) for s in metadata.subjects}
        assert ("agenda", "139") in terms and ("UNBIS Thesaurus", "PROGRAMME BUDGETING") in terms
        assert all(s.line > own.sourceline for s in metadata.subjects)


def test_agenda_item_from_the_keywords_without_a_cover_line():
    meta = snippet('<classification source="DHLAUTH">'
                   '<keyword refersTo="agenda" value="69a" showAs="x" dictionary="A/77/251"/>'
                   '<keyword refersTo="agenda" value="58[2]" showAs="ANGUILLA QUESTION" dictionary="A/77/251"/>'
                   '<keyword refersTo="agenda" value="58" showAs="DECOLONIZATION" dictionary="A/77/251"/>'
                   "</classification>")[0]
    assert read_metadata([meta], None).agenda_item == "69 (a) and 58"
    # a cover line wins over the keywords
    _, cover = snippet("", '<p><inline name="agenda item">Agenda item 70</inline></p>')
    assert read_metadata([meta], cover).agenda_item == "70"
