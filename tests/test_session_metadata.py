"""etl.akn.session_metadata: the session JSON files and their cross-check against the XML."""

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from etl.akn.meta import read_metadata
from etl.akn.session_metadata import (compare_metadata, cross_check, find_record, load_session_metadata,
                                      merge_records, symbol_key)
from etl.errors import ParseError
from etl.records import Sponsor, Subject, Vote

ROOT = Path(__file__).resolve().parent.parent
METADATA = sorted((ROOT / "sources" / "metadata").glob("*.json"))
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


@pytest.fixture(scope="module")
def records():
    return load_session_metadata(METADATA)


def statement_metadata(archive: str, name: str):
    with zipfile.ZipFile(ROOT / "sources" / "akn" / archive) as zf:
        root = etree.fromstring(zf.read(name))
    statement = next(child for child in root if isinstance(child.tag, str))
    return read_metadata([statement.find(f"{AKN}meta")], statement.find(f"{AKN}coverPage"))


def record_line(**changes) -> str:
    record = {"symbol": "A/RES/79/266", "pv": "A/79/PV.58", "adoption_type": "By a recorded vote",
              "MS_in_favour_count": "2", "MS_against_count": "0", "MS_abstaining_count": "1",
              "MS_in_favour": ["T\u00dcRK\u0130YE", "CHILE"], "MS_against": [], "MS_abstaining": ["PERU"],
              "sponsors": ["Chile"], "additional_sponsors": [], "SDGs": [], "subjects": [["UN", "DHLAUTH"]],
              "agenda_item": "Agenda item 20 (a)", "originating_document": "A/79/L.5"}
    record.update(changes)
    return json.dumps(record, ensure_ascii=False)


def test_symbol_key():
    assert symbol_key("A/RES/75/251 B") == "A/RES/75/251B"
    assert symbol_key(" A/RES/74/10 ") == "A/RES/74/10"


def test_real_record_74_10(records):
    record = records["A/RES/74/10"]
    assert record.source == "74.json:10"
    assert record.adoption_type == "recorded_vote"
    assert (record.yes_count, record.no_count, record.abstain_count) == (92, 13, 61)
    assert [len(record.votes[v]) for v in ("yes", "no", "abstain")] == [92, 13, 61]
    assert record.plenary_record == "A/74/PV.38"
    assert record.sponsors[:2] == ["COMOROS", "CUBA"]


def test_collections_are_found_by_part(records):
    # 75th session on: the JSON names the collection "A/RES/75/254 A-C"
    for letter in "ABC":
        assert records[f"A/RES/75/254{letter}"].symbol == "A/RES/75/254 A-C"
    # 74th session: "A/RES/74/250" for the collection "A/RES/74/250 A-B"
    assert "A/RES/74/250A" not in records
    assert find_record(records, "A/RES/74/250A", collection="A/RES/74/250 A-B").symbol == "A/RES/74/250"
    # a separately adopted part never takes its sibling's record
    assert find_record(records, "A/RES/74/232B") is None
    assert find_record(records, "A/RES/75/251B").symbol == "A/RES/75/251 B"
    assert find_record(records, "A/RES/75/290A").symbol == "A/RES/75/290 A"


def test_real_duplicates_are_merged(records):
    # 79.json holds A/RES/79/266 twice (lines 264 and 343); one spells TÜRKİYE, the other TÜRKÝYE
    record = records["A/RES/79/266"]
    assert record.source == "79.json:264"
    assert any("79.json:343" in note for note in record.merge_notes)
    turkiye = [name for name in record.votes["yes"] if name.startswith("T\u00dcRK")]
    assert len(turkiye) == 1
    assert len(record.votes["yes"]) == record.yes_count


def test_duplicates_merged_by_union(tmp_path):
    path = tmp_path / "79.json"
    path.write_text("\n".join([
        record_line(additional_sponsors=["Peru"]),
        record_line(SDGs=[" 4.a", "16"], MS_in_favour=["T\u00dcRK\u00ddYE", "CHILE"], pv="A/79/PV.59"),
        record_line(symbol="A/RES/79/267"),
    ]) + "\n", encoding="utf-8")
    records = load_session_metadata([path])
    record = records["A/RES/79/266"]
    assert record.additional_sponsors == ["Peru"]
    assert record.sdgs == ["4.a", "16"]
    assert record.votes["yes"] == ["T\u00dcRK\u0130YE", "CHILE"]
    assert record.plenary_record == "A/79/PV.58"             # the first value is kept ...
    assert any("'A/79/PV.59' differs from 'A/79/PV.58'" in note for note in record.merge_notes)  # ... and reported
    assert any("sdgs differs" in note for note in record.merge_notes)
    assert records["A/RES/79/267"].merge_notes == []


def test_bad_line_names_file_and_line(tmp_path):
    path = tmp_path / "80.json"
    path.write_text(record_line() + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ParseError) as error:
        load_session_metadata([path])
    assert error.value.line == 2 and error.value.path == str(path)
    path.write_text('["a list"]\n', encoding="utf-8")
    with pytest.raises(ParseError, match=":1: a session metadata record"):
        load_session_metadata([path])


def test_cross_check_real_74_10(records):
    xml = statement_metadata("74session-English.zip", "English/74_10.xml")
    differences = cross_check("A/RES/74/10", xml, records["A/RES/74/10"])
    # votes, counts, sponsors (UPPER CASE in the JSON), draft, meeting record and agenda item agree;
    # the JSON's subjects come from another catalogue than the XML's keywords
    assert [d["field"] for d in differences] == ["subjects"]
    assert ("UNBIS Thesaurus | palestine question") in differences[0]["json"]


def test_cross_check_real_79_1_agrees(records):
    # The XML files more terms than the JSON (UNBIS and EuroVoc terms under
    # each SDG); every JSON term (DHLAUTH, UNBIS, the agenda item 123a) is there.
    xml = statement_metadata("79session-English.zip", "English/A_RES_79_1-2416433E.xml")
    assert cross_check("A/RES/79/1", xml, records["A/RES/79/1"]) == []
    terms = {(s.vocabulary, s.term) for s in xml.subjects}
    assert {("DHLAUTH", "Pact for the Future (2024)"), ("agenda", "123a"),
            ("UNBIS Thesaurus", "INTERNATIONAL COOPERATION")} <= terms
    assert len({(s.vocabulary, s.term.casefold()) for s in xml.subjects}) == len(xml.subjects)


def test_cross_check_lists_each_disagreement(tmp_path):
    path = tmp_path / "79.json"
    path.write_text(record_line() + "\n", encoding="utf-8")
    record = load_session_metadata([path])["A/RES/79/266"]
    xml = statement_metadata("74session-English.zip", "English/74_10.xml")   # any XML will do
    xml = replace(xml, yes_count=2, no_count=0, abstain_count=1, plenary_record="A/79/PV.58",
                  agenda_item="20 (a)", draft_symbol="A/79/L.5", subjects=[Subject("UN", "DHLAUTH")],
                  votes=[Vote("TURKIYE", "TUR", "yes"), Vote("CHILE", "CHL", "yes"), Vote("PERU", "PER", "abstain")],
                  sponsors=[Sponsor(1, "CHILE", "CHL", "sponsor")])
    assert cross_check("A/RES/79/266", xml, record) == []

    changed = replace(xml, yes_count=3, plenary_record="A/79/PV.57", agenda_item="20", draft_symbol="A/79/L.6",
                      votes=[Vote("CHILE", "CHL", "yes"), Vote("PERU", "PER", "no")],
                      sponsors=[Sponsor(1, "Peru", "PER", "sponsor")], subjects=[Subject("4", "SDG")])
    differences = {d["field"]: d for d in cross_check("A/RES/79/266", changed, record)}
    assert set(differences) == {"yes_count", "votes.yes", "votes.no", "votes.abstain", "sponsors.sponsor",
                                "sdgs", "subjects", "draft_symbol", "plenary_record", "agenda_item"}
    assert differences["yes_count"] == {"symbol": "A/RES/79/266", "field": "yes_count", "xml": 3, "json": 2}
    assert differences["votes.yes"]["json"] == ["TUR"] and differences["votes.yes"]["xml"] == []
    assert differences["votes.no"]["xml"] == ["PER"]
    assert differences["sponsors.sponsor"] == {"symbol": "A/RES/79/266", "field": "sponsors.sponsor",
                                               "xml": ["PER"], "json": ["CHL"]}
    assert differences["sdgs"]["xml"] == ["4"]
    assert differences["subjects"]["json"] == ["DHLAUTH | un"]
    assert differences["agenda_item"]["json"] == "Agenda item 20 (a)"


def test_cross_check_free_text_and_collection(records):
    xml = statement_metadata("75session-English.zip", "English/75_290 A_E.xml")
    record = find_record(records, "A/RES/75/290A")
    fields = {d["field"] for d in cross_check("A/RES/75/290A", xml, record)}
    # the JSON lists every voter twice for 75/290 A; as sets the votes agree
    assert not fields & {"votes.yes", "votes.no", "votes.abstain", "yes_count", "no_count", "abstain_count",
                         "adoption_type"}


def test_compare_metadata_across_languages():
    english = statement_metadata("74session-English.zip", "English/74_10.xml")
    french = statement_metadata("74session-French.zip", "French/74_10_F.xml")
    assert compare_metadata(english, french) == []
    # French/A_RES_78_130 says 78/13 on its cover, but its metadata are those of 78/130
    english_13 = statement_metadata("78session-English.zip", "English/A_RES_78_13-2324427E.xml")
    english_130 = statement_metadata("78session-English.zip", "English/A_RES_78_130-2325874E.xml")
    misfiled = statement_metadata("78session-French.zip", "French/A_RES_78_130-2325874F.xml")
    messages = compare_metadata(english_13, misfiled)
    assert "adoption_type: 'recorded_vote' vs 'without_vote'" in messages
    assert "plenary_record: 'A/78/PV.42' vs 'A/78/PV.48'" in messages
    assert any(m.startswith("votes: only in the first [('AFG', 'yes')") for m in messages)
    assert [m.split(":")[0] for m in compare_metadata(english_130, misfiled)] == ["subjects"]


def test_merge_records_unites_lists(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(record_line(sponsors=["Chile"]) + "\n", encoding="utf-8")
    second.write_text(record_line(sponsors=["Peru", "Chile"]) + "\n", encoding="utf-8")
    merged = merge_records(load_session_metadata([first])["A/RES/79/266"],
                           load_session_metadata([second])["A/RES/79/266"])
    assert merged.sponsors == ["Chile", "Peru"] and merged.source == "a.json:1"
    assert merged.merge_notes[-1] == "merged with the record at b.json:1"
