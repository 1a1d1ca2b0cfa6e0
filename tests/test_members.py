"""etl.members: the Member States table and the non_voting rows of recorded votes."""

import csv
import json
from datetime import date

import pycountry
import pytest

from etl import members, schema
from etl.check import check_tables
from etl.members import MemberState, add_non_voting, check_votes, member_states, printed_names
from etl.write import arrow_table


def _state(code, year, admitted=None, ended=None, un_name=None, un_names=()):
    return MemberState(country_code=code, m49_code=None, name=f"name of {code}", admission_year=year,
                       admission_date=admitted, end_date=ended, successors=None, note=None,
                       source="test", un_name=un_name, un_names=tuple(un_names))


# ------------------------------------------------------------------ the table from its sources

def test_current_members_are_those_country_converter_lists():
    import country_converter
    from importlib import resources
    with resources.files(country_converter).joinpath("country_data.tsv").open(encoding="utf-8") as fh:
        listed = {row["ISO3"]: row for row in csv.DictReader(fh, delimiter="\t") if row["UN"].strip()}
    current = {s.country_code: s for s in member_states() if s.end_date is None}
    assert len(listed) == 193 and set(current) == set(listed)
    for code, state in current.items():
        assert state.admission_year == int(listed[code]["UN"])
        assert state.name == pycountry.countries.get(alpha_3=code).name
        assert state.m49_code == f"{int(listed[code]['UNcode']):03d}" == pycountry.countries.get(alpha_3=code).numeric
        assert state.admission_date is None and "country_converter" in state.source


@pytest.mark.parametrize("code, year, admitted, ended, successors, m49", [
    ("CSK", 1945, "1945-10-24", "1993-01-01", "CZE SVK", "200"),
    ("DDR", 1973, "1973-09-18", "1990-10-03", "DEU", "278"),
    ("YMD", 1967, "1967-12-14", "1990-05-22", "YEM", "720"),
    ("YUG", 1945, "1945-10-24", "1992-09-22", "BIH HRV MKD MNE SRB SVN", "890"),
    ("EAZ", 1963, "1963-12-16", "1964-04-26", "TZA", None),
])
def test_former_members(code, year, admitted, ended, successors, m49):
    state = {s.country_code: s for s in member_states()}[code]
    assert (state.admission_year, state.admission_date, state.end_date, state.successors, state.m49_code) == \
        (year, date.fromisoformat(admitted), date.fromisoformat(ended), successors, m49)
    assert state.note and state.source.startswith("etl/data/former_members.csv:")
    current = {s.country_code for s in member_states() if s.end_date is None}
    assert set(successors.split()) <= current


def test_every_former_member_of_the_data_file_is_in_the_table():
    with open(members.FORMER_MEMBERS, encoding="utf-8") as fh:
        codes = [row["country_code"] for row in csv.DictReader(fh)]
    assert len(member_states()) == 193 + len(codes)
    assert [s.country_code for s in member_states()] == sorted(s.country_code for s in member_states())


@pytest.mark.parametrize("state, day, expected", [
    (_state("AFG", 1946), date(1945, 12, 31), False),
    (_state("AFG", 1946), date(1946, 11, 19), None),     # the year of admission, day unknown
    (_state("AFG", 1946), date(1947, 1, 1), True),
    (_state("SSD", 2011), date(2019, 9, 17), True),
    (_state("DDR", 1973, date(1973, 9, 18), date(1990, 10, 3)), date(1973, 9, 17), False),
    (_state("DDR", 1973, date(1973, 9, 18), date(1990, 10, 3)), date(1973, 9, 18), True),
    (_state("DDR", 1973, date(1973, 9, 18), date(1990, 10, 3)), date(1990, 10, 2), True),
    (_state("DDR", 1973, date(1973, 9, 18), date(1990, 10, 3)), date(1990, 10, 3), False),
])
def test_member_on(state, day, expected):
    assert state.member_on(day) is expected


def test_no_state_has_an_unknown_membership_on_the_days_of_the_package():
    # Sessions 74 onward (2019-): every state's membership is known.
    for state in member_states():
        assert state.member_on(date(2019, 9, 17)) is not None
    assert sum(bool(s.member_on(date(2019, 9, 17))) for s in member_states()) == 193
    on = {s.country_code: s.member_on(date(1990, 6, 1)) for s in member_states()}
    assert (on["DDR"], on["DEU"], on["YMD"], on["YEM"], on["CSK"], on["CZE"]) == \
        (True, True, False, True, True, False)


def _ndjson(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_printed_names_take_the_most_printed_spelling_of_the_latest_year(tmp_path):
    first = _ndjson(tmp_path / "76.json", [
        {"adoption_date": "2021-12-01 00:00:00", "MS_in_favour": ["TURKEY", "NETHERLANDS"], "MS_against": [],
         "MS_abstaining": ["COTE D'IVOIRE"]},
    ])
    second = _ndjson(tmp_path / "79.json", [
        {"adoption_date": "10\u00a0December 2024", "MS_in_favour": ["TÜRKİYE"], "MS_against": ["ATLANTIS"],
         "MS_abstaining": ["NETHERLANDS (KINGDOM OF THE)"]},
        {"adoption_date": "11 December 2024", "MS_in_favour": ["TÜRKİYE"]},
        {"adoption_date": "12 December 2024", "MS_in_favour": ["TÜRKÝYE", "CÔTE D'IVOIRE"]},
    ])
    names = printed_names([("sources/metadata/76.json", first), ("sources/metadata/79.json", second)])
    assert names["TUR"] == ("TÜRKİYE", ("TURKEY", "TÜRKÝYE", "TÜRKİYE"), "sources/metadata/79.json:1")
    assert names["NLD"][0] == "NETHERLANDS (KINGDOM OF THE)"
    # one print each in the latest year (2024): the latest record's
    assert names["CIV"] == ("CÔTE D'IVOIRE", ("COTE D'IVOIRE", "CÔTE D'IVOIRE"), "sources/metadata/79.json:3")
    assert set(names) == {"TUR", "NLD", "CIV"}  # ATLANTIS has no code


def test_rows_of_the_table_validate_against_the_schema():
    states = member_states()
    table = members.table(states)
    assert table.column_names == schema.columns("member_states")
    assert not check_tables({"member_states": table})


# ------------------------------------------------------------------ non_voting rows

STATES = (
    _state("AAA", 1945, un_name="ALPHA", un_names=("ALPHA",)),
    _state("BBB", 1960, un_name="BRAVO", un_names=("BRAVO", "BRAVO (REPUBLIC OF)")),
    _state("CCC", 1945),                                           # never printed: its ISO name
    _state("DDD", 1945, date(1945, 10, 24), date(1990, 1, 1)),     # a former Member
    _state("EEE", 2030),                                           # not yet a Member
)


def _resolution(symbol="A/RES/79/1", counts=(1, 1, 0), day=date(2024, 12, 1), kind="recorded_vote",
                source=("sources/akn/x.zip", "English/x.xml")):
    return {"symbol": symbol, "adoption_type": kind, "adoption_date": day, "yes_count": counts[0],
            "no_count": counts[1], "abstain_count": counts[2], "source_file": source[0],
            "source_member": source[1]}


def _vote(name, code, vote, line, symbol="A/RES/79/1"):
    return {"symbol": symbol, "member_state": name, "country_code": code, "vote": vote, "derived": False,
            "source_file": "sources/akn/x.zip", "source_member": "English/x.xml", "line": line}


LISTED = [_vote("ALPHA", "AAA", "yes", 40), _vote("BRAVO (REPUBLIC OF)", "BBB", "no", 44)]


def test_every_member_that_cast_no_vote_gets_a_derived_row():
    out = add_non_voting([_resolution()], LISTED, STATES)
    assert out[:2] == LISTED
    assert out[2:] == [{"symbol": "A/RES/79/1", "member_state": "name of CCC", "country_code": "CCC",
                        "vote": "non_voting", "derived": True, "source_file": "sources/akn/x.zip",
                        "source_member": "English/x.xml", "line": 40}]


def test_a_member_that_cast_no_vote_is_named_as_printed_elsewhere():
    out = add_non_voting([_resolution(counts=(1, 0, 0))], LISTED[:1], STATES)
    assert [(r["member_state"], r["vote"]) for r in out] == [
        ("ALPHA", "yes"), ("BRAVO", "non_voting"), ("name of CCC", "non_voting")]


@pytest.mark.parametrize("resolution, votes, reason", [
    (_resolution(counts=(2, 1, 0)), LISTED, "differ from the counts printed"),   # a listed vote is missing
    (_resolution(day=None), LISTED, "no adoption date"),
    (_resolution(), LISTED[:1] + [_vote("BRAVISSIMO", None, "no", 44)], "without a code (BRAVISSIMO)"),
    (_resolution(), [], None),                                                    # nothing listed, nothing to do
])
def test_nothing_is_derived_where_the_lists_cannot_be_trusted(resolution, votes, reason):
    assert add_non_voting([resolution], votes, STATES) == votes
    check = check_votes([resolution], votes, STATES)
    if reason:
        assert reason in check["not_derived"][0]["reason"] and check["derived_for"] == 0


def test_nothing_is_derived_for_a_vote_not_recorded_or_a_state_of_unknown_membership():
    assert add_non_voting([_resolution(kind="without_vote")], LISTED, STATES) == LISTED
    # BBB joined in 1960: on a day of 1960 its membership is unknown, so no row
    out = add_non_voting([_resolution(counts=(1, 0, 0), day=date(1960, 6, 1))], LISTED[:1], STATES)
    assert {r["country_code"] for r in out} == {"AAA", "CCC", "DDD"}  # DDD: a Member until 1990
    check = check_votes([_resolution(counts=(1, 0, 0), day=date(1960, 6, 1))], out, STATES)
    assert check["differ"] == [{"symbol": "A/RES/79/1", "problems": ["membership on 1960-06-01 not known: BBB"]}]


def test_the_check_counts_rows_against_the_members_of_the_day():
    rows = add_non_voting([_resolution()], LISTED, STATES)
    check = check_votes([_resolution()], rows, STATES)
    assert check == {"recorded_votes": 1, "derived_for": 1, "non_voting_rows": 1, "rows_equal_members": 1,
                     "differ": [], "not_derived": [], "names_not_in_member_states": []}
    broken = rows[:-1] + [_vote("DELTA", "DDD", "non_voting", 40) | {"derived": True}]
    check = check_votes([_resolution()], broken, STATES)
    assert check["differ"] == [{"symbol": "A/RES/79/1", "problems": ["not Members on 2024-12-01: DDD"]}]
    twice = rows + [_vote("ALPHA", "AAA", "non_voting", 40) | {"derived": True}]
    problems = check_votes([_resolution()], twice, STATES)["differ"][0]["problems"]
    assert problems == ["several rows for AAA", "4 rows, 3 Members on 2024-12-01"]


def test_the_check_lists_printed_names_member_states_does_not_know():
    listed = [_vote("ALFA", "AAA", "yes", 40), LISTED[1]]
    check = check_votes([_resolution()], add_non_voting([_resolution()], listed, STATES), STATES)
    assert check["names_not_in_member_states"] == [{"member_state": "ALFA", "country_code": "AAA"}]


def test_the_rows_of_the_holder_version_decide():
    # Two language versions print the counts; the votes were read from the English one.
    other = _resolution(counts=(0, 0, 0), source=("sources/akn/x.zip", "French/x.xml"))
    out = add_non_voting([other, _resolution()], LISTED, STATES)
    assert [r["country_code"] for r in out] == ["AAA", "BBB", "CCC"]


def test_a_vote_for_a_state_not_in_member_states_breaks_the_foreign_key():
    votes = [_vote("ALPHA", "ZZZ", "yes", 4)]
    findings = check_tables({"member_states": members.table(member_states()),
                             "votes": arrow_table(votes, "votes")})
    assert [(f.table, f.kind) for f in findings if "member_states" in f.message] == [("votes", "foreign-key")]
