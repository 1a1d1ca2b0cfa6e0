"""How the text parser reads adoption notes, footnote markers and leading
phrases that it used to misread (the largest causes of the differential test
against the XML reader, docs/differential.md)."""

from collections import Counter

import pytest

from etl.lang import en, zh
from etl.lang.vocabulary import select
from etl.text.extract import MarkerState, build_clean_text
from etl.text.layout import Line
from etl.text.phrases import leading_phrase
from etl.text.segment import Header, _read_note

FOURTH = "特别政治和非殖民化委员会(第四委员会)"


@pytest.mark.parametrize("note, committee, report, draft", [
    ("[根据特别政治和非殖民化委员会(第四委员会)的报告(A/74/409)通过]", FOURTH, "A/74/409", None),
    # printed short: no 的报告 / no report / 通过 before the parenthesis
    ("[根据特别政治和非殖民化委员会(第四委员会) (A/74/409)]", FOURTH, "A/74/409", None),
    ("[根据特别政治和非殖民化委员会(第四委员会)]", FOURTH, None, None),
    ("[根据特别政治和非殖民化委员会(第四委员会)的报告通过(A/76/418/Add.1，第6段)]", FOURTH,
     "A/76/418/Add.1", None),
    ("[根据第一委员会的报告(A/68/411)通过]", "第一委员会", "A/68/411", None),
    ("[根据第五委员会的报告 (A/75/399，第 96 段)通过]", "第五委员会", "A/75/399", None),
    ("[未经发交主要委员会而通过 (A/75/L.1 和 A/75/L.1/Add.1)]", None, None, "A/75/L.1"),
])
def test_chinese_adoption_notes(note, committee, report, draft):
    header = Header()
    _read_note(note, header, zh)
    assert header.adoption_note is not None
    assert (header.committee, header.committee_report, header.draft_symbol) == \
        (committee, report, draft)


@pytest.mark.parametrize("note, draft, report", [
    ("[without reference to a Main Committee (A/74/L.15 and A/74/L.15/Add.1)]", "A/74/L.15", None),
    # extraction dropped the spaces around "and"
    ("[without reference to a Main Committee (A/74/L.15andA/74/L.15/Add.1)]", "A/74/L.15", None),
    ("[on the report of the Fifth Committee (A/73/510andA/73/510/Corr.1)]", None, "A/73/510"),
    ("[on the report of the Fifth Committee (A/75/399, para. 96)]", None, "A/75/399"),
])
def test_english_note_documents(note, draft, report):
    header = Header()
    _read_note(note, header, en)
    assert (header.draft_symbol, header.committee_report) == (draft, report)


def _marker_at(lang, text: str, number: str) -> bool:
    start = text.index(number)
    return lang.marker_context(text, start, start + len(number))


@pytest.mark.parametrize("text, number, is_marker", [
    # a number glued to a word is a marker, whatever the word
    ("at its fourteenth session2 and the Quartet road map", "2", True),
    ("of the Inter-Agency Standing Committee11 and the basic principles", "11", True),
    # spaced after the name of a body: still a marker
    ("to the report of the Special Committee 5 and which outline", "5", True),
    # a short capitalised code carries its number as part of a name
    ("and the U4 Anti-Corruption Resource Centre", "4", False),
    ("the Group of 20 and the G20 Summit", "G20", False),
    # a reference word after an opening parenthesis or quotation mark
    ("on the right to adequate food (article 11 of the International Covenant", "11", False),
    ("taking note of action 2 of the Kazan Action Plan", "2", False),
    # a day opening a range of days after a comma
    ("10 to 13 April 2017, 3 to 5 April 2018 and 27 to 29 March", "3", False),
    ("on 3 and 4 November 2019", "3", False),
    # a spaced marker after a word before a date is still a marker
    ("the Global Counter-Terrorism Strategy 6 and 4 February", "6", True),
])
def test_english_marker_context(text, number, is_marker):
    if number == "G20":
        start = text.index("G20") + 1
        assert en.marker_context(text, start, start + 2) is is_marker
        return
    assert _marker_at(en, text, number) is is_marker


def _clean(lang, texts: list[str], footnotes: int) -> tuple[str, list[int]]:
    markers = MarkerState(frozenset(range(1, footnotes + 1)))
    out, numbers = [], []
    for i, text in enumerate(texts):
        clean = build_clean_text([Line(i + 1, text)], markers=markers, lang=lang)
        out.append(clean.text)
        numbers += [m.number for m in clean.markers]
    return " | ".join(out), numbers


def test_english_markers_glued_to_years_repeat_earlier_footnotes():
    text, numbers = _clean(en, [
        "Welcoming the 2010,1 20132 and 20153 reports,",
        "(a) To be guided by the 2010,1 20132 and 20153 reports of the Group;",
        "the 2015–20303 Agenda;",
    ], 3)
    assert text == ("Welcoming the 2010, 2013 and 2015 reports, | (a) To be guided by the "
                    "2010, 2013 and 2015 reports of the Group; | the 2015–2030 Agenda;")
    assert numbers == [1, 2, 3, 1, 2, 3, 3]


def test_english_glued_year_marker_never_skips_ahead():
    text, numbers = _clean(en, ["in 20196 and after"], 6)
    assert (text, numbers) == ("in 20196 and after", [])


@pytest.mark.parametrize("text, number, is_marker", [
    # between two named items of a list, a number before a word is a marker
    ("重申世界人权会议、2 国际人口与发展会议、3 第四次妇女问题世界会议", "2", True),
    # ... and a count before a counter
    ("各缔约国、5 个观察员国", "5", False),
    ("第 1、2 段", "2", False),
    # a word that ends in 图/表/建议 before running text: a marker
    ("以色列-巴勒斯坦冲突永久性两国解决方案四方路线图3为基础", "3", True),
    ("国际法委员会关于以这些条款为基础拟订一项公约的建议1提出评论", "1", True),
    ("注意到已接受262条建议中的132条建议11并承诺加以执行", "11", True),
    # ... before punctuation or a joiner: a numbered reference
    ("审议报告所载建议11、12和13", "11", False),
    ("见表 3，", "3", False),
    ("可持续发展目标 4，", "4", False),
])
def test_chinese_marker_context(text, number, is_marker):
    assert _marker_at(zh, text, number) is is_marker


def test_vocabulary_drops_phrases_whose_words_usually_run_on():
    # "深信" paragraphs that go on "确定……" outnumber those marked "深信确定".
    counts = Counter({"深信": 300, "深信确定": 3, "回顾": 500, "回顾并重申": 40})
    openings = Counter({("深信", "深信确定性别平等"): 9, ("深信", "深信必须"): 291,
                        ("深信确定", "深信确定必须"): 3, ("回顾", "回顾其决议"): 500,
                        ("回顾并重申", "回顾并重申其决议"): 40})
    assert select(counts, "zh") == ["回顾", "回顾并重申", "深信", "深信确定"]
    assert select(counts, "zh", openings) == ["回顾", "回顾并重申", "深信"]


@pytest.mark.parametrize("text, phrase", [
    ("深信确定可持续发展目标的重要性，", "深信"),
    ("认为必须加强合作，", "认为"),
    ("深信必须加强合作，", "深信"),
])
def test_chinese_phrase_stops_where_the_corpus_stops_it(text, phrase):
    assert leading_phrase(text, [], lang=zh) == phrase


@pytest.mark.parametrize("text, phrase", [
    ("Looks forward to the report of the Secretary-General;", "Looks forward"),
    ("Committed to the principles of the Charter,", "Committed"),
])
def test_english_phrase_stops_where_the_corpus_stops_it(text, phrase):
    assert leading_phrase(text, [], lang=en) == phrase


@pytest.mark.parametrize("lang, line, expected", [
    (en, "in 2018, 1,533 persons were affected,1", "in 2018, 1,533 persons were affected,"),
    (zh, "2018年有1,533人受到影响，1", "2018年有1,533人受到影响，"),
])
def test_a_number_with_thousands_separators_is_no_marker(lang, line, expected):
    assert _clean(lang, [line], 1) == (expected, [1])
