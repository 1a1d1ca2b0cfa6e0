"""How the parser reads the structures that broke it on unseen Chinese
resolutions, each as a class, with examples written for the test.

The texts follow the layout of the extractions in sources/zh/: a paragraph's
first line indented by one space, its continuation lines not indented.
"""

import pytest

from etl.errors import ParseError
from etl.text.parse import parse_bytes

from helpers import check_consistent

HEAD = """ 2020 年 12 月 7 日大会决议
{note}
75/999. 测试用决议
 大会，
"""
TAIL = """2020 年 12 月 7 日
第 37 次全体会议
"""


def parse(body: str, note: str = "[根据第一委员会的报告(A/75/399)通过]"):
    text = HEAD.format(note=note) + body + TAIL
    parsed = parse_bytes(text.encode("utf-8"), "example.txt")
    check_consistent(parsed)
    return parsed


def clauses(parsed):
    return {c.clause_id: c for c in parsed.clauses}


SIMPLE = """ 回顾其以往的决议，
 1. 决定继续审议这一问题。
"""


# ---------------------------------------------------------------- adoption notes

@pytest.mark.parametrize("note, committee, report, draft", [
    # without the closing 通过, with a paragraph reference
    ("[根据第一委员会的报告 (A/75/399，第 96 段)]", "第一委员会", "A/75/399", None),
    ("[根据第一委员会的报告(A/75/399)通过]", "第一委员会", "A/75/399", None),
    # the committee's name as printed, with its own parentheses
    ("[根据特别政治和非殖民化委员会(第四委员会)的报告(A/75/415，第 20 段)通过]",
     "特别政治和非殖民化委员会(第四委员会)", "A/75/415", None),
    # plenary: a draft goes in draft_symbol, a report in committee_report
    ("[未经发交主要委员会而通过 (A/75/L.1)]", None, None, "A/75/L.1"),
    ("[未经发交主要委员会而通过 (A/75/589，第 12 段)]", None, "A/75/589", None),
    ("[未经发交主要委员会而通过(A/75/L.52 和 Add.1)]", None, None, "A/75/L.52"),
])
def test_adoption_notes(note, committee, report, draft):
    r = parse(SIMPLE, note).resolution
    assert (r.committee, r.committee_report, r.draft_symbol) == (committee, report, draft)
    assert r.adoption_note == note
    assert not parse(SIMPLE, note).diagnostics


def test_english_adoption_notes():
    from etl.text.segment import Header, _read_note
    from etl.lang import en
    for note, expected in [
        ("[on the report of the Special Political and Decolonization Committee (Fourth "
         "Committee) (A/75/415, para. 20)]",
         ("Special Political and Decolonization Committee (Fourth Committee)", "A/75/415",
          None)),
        ("[without reference to a Main Committee (A/75/589, para. 12)]", (None, "A/75/589",
                                                                          None)),
        ("[without reference to a Main Committee (A/76/L.2)]", (None, None, "A/76/L.2")),
    ]:
        header = Header()
        _read_note(note, header, en)
        assert (header.committee, header.committee_report, header.draft_symbol) == expected


# ---------------------------------------------------------------- h and u rows

def test_headings_separators_and_quoted_text_between_operative_paragraphs():
    body = """ 回顾其以往的决议，
 1. 决定通过下列议事规则：
 第一条
 本规则适用于委员会的所有会议。
 第二条
 委员会每年举行一届会议。
 2. 请秘书长提出报告；
 一
 区域合作
 3. 鼓励各国加强区域合作；
 * * *
 4. 决定继续审议这一问题。
"""
    p = parse(body)
    ids = [c.clause_id for c in p.clauses]
    assert ids == ["pp1", "op1", "h1", "u1", "h2", "u2", "op2", "h3", "h4", "op3", "u3", "op4"]
    c = clauses(p)
    assert c["op1"].text == "决定通过下列议事规则："
    assert (c["h1"].kind, c["h1"].text, c["h1"].leading_phrase) == ("heading", "第一条", None)
    assert (c["u1"].kind, c["u1"].text) == ("unnumbered", "本规则适用于委员会的所有会议。")
    assert c["u1"].leading_phrase is None  # quoted text is not the resolution's own clause
    assert c["h3"].text == "一" and c["h4"].text == "区域合作"
    assert c["op2"].text == "请秘书长提出报告；" and c["op3"].label == "3"
    assert c["u3"].text == "* * *"
    assert p.resolution.operative_count == 4


def test_resolution_that_adopts_a_text_directly():
    body = """ 通过下述宣言：
 纪念联合国成立七十五周年宣言
 1. 我们，各国元首和政府首脑，齐聚一堂；
 2. 我们重申对联合国宪章的承诺。
"""
    p = parse(body, "[未经发交主要委员会而通过 (A/75/L.1)]")
    assert [c.clause_id for c in p.clauses] == ["u1", "h1", "op1", "op2"]
    c = clauses(p)
    assert c["u1"].section == "operative" and c["u1"].text == "通过下述宣言："
    assert c["u1"].leading_phrase == "通过"
    assert c["h1"].text == "纪念联合国成立七十五周年宣言"
    assert c["op1"].leading_phrase is None
    assert (p.resolution.preambular_count, p.resolution.operative_count) == (0, 2)


# ---------------------------------------------------------------- numbers in names

def test_numbers_that_belong_to_a_name_are_not_markers():
    body = """ 回顾可持续发展目标 1 和目标2，
 1. 强调可持续发展目标 4 和具体目标 3.7 的重要性；
 2. 决定继续审议这一问题。1
__________________
 1 A/75/1。
"""
    p = parse(body)
    c = clauses(p)
    assert c["pp1"].text == "回顾可持续发展目标1和目标2，"
    assert c["op1"].text == "强调可持续发展目标4和具体目标3.7的重要性；"
    assert [(r.clause_id, r.footnote_number) for r in p.refs] == [("op2", 1)]
    # The 1 after 目标 could have been marker 1: kept as text, with a warning.
    assert any("after '目标'" in d.message for d in p.diagnostics)


# ---------------------------------------------------------------- markers on their own line

def test_marker_alone_after_a_comma_then_a_continuation_that_could_open_a_paragraph():
    # The printed line "……重要作用，¹ 对……" was split at the superscript; the
    # piece after it starts with one space and 对, which can open a paragraph.
    # Printed lines are 30 characters wide.
    body = """ 回顾联合国在维持国际和平与安全方面发挥的重要作用以及各国为此
作出的努力，
1
 对各国的努力表示赞赏，并欢迎在这方面取得
的进展，
 注意到秘书长关于这一问题的报告以及其中所载的各项建议和结论，
 1. 请秘书长就本决议的执行情况向大会第七十六届会议提出报告；
 2. 决定将题为“测试”的项目列入大会第七十六届会议临时议程。
__________________
 1 A/75/1。
"""
    p = parse(body)
    assert [c.clause_id for c in p.clauses] == ["pp1", "pp2", "op1", "op2"]
    c = clauses(p)
    assert c["pp1"].text.endswith("作出的努力，对各国的努力表示赞赏，并欢迎在这方面取得的进展，")
    assert [(r.clause_id, r.footnote_number) for r in p.refs] == [("pp1", 1)]


def test_one_line_per_paragraph_with_a_marker_line():
    body = ("回顾联合国在维持国际和平与安全方面的重要作用，以及各国为此作出的努力，\n"
            "1\n"
            "并欢迎在这方面取得的进展，\n"
            "注意到秘书长关于这一问题的报告以及其中所载的各项建议，\n"
            "1. 请秘书长就本决议的执行情况向大会第七十六届会议提出报告；\n"
            "2. 决定将题为“测试”的项目列入大会第七十六届会议临时议程。\n"
            "__________________\n"
            "1 A/75/1。\n")
    p = parse(body)
    assert [c.clause_id for c in p.clauses] == ["pp1", "pp2", "op1", "op2"]
    c = clauses(p)
    assert c["pp1"].text.endswith("作出的努力，并欢迎在这方面取得的进展，")
    assert c["pp2"].leading_phrase == "注意到"


# ---------------------------------------------------------------- annexes

def test_annex_after_the_closing_lines():
    body = """ 回顾其以往的决议，
 1. 通过本决议附件所载的宣言。
2020 年 12 月 7 日
第 37 次全体会议
附件
 宣言
 我们，各国元首和政府首脑，
 回顾我们的承诺，
 1. 重申我们的承诺；
 2. 决心采取行动。
"""
    text = HEAD.format(note="[根据第一委员会的报告(A/75/399)通过]") + body
    p = parse_bytes(text.encode("utf-8"), "example.txt")
    check_consistent(p)
    assert [c.clause_id for c in p.clauses] == ["pp1", "op1", "an1.h1", "an1.u1", "an1.u2",
                                                 "an1.op1", "an1.op2"]
    c = clauses(p)
    # The annexed text's preamble opens with phrases; its numbered paragraphs
    # are not the Assembly's own and get none from the vocabulary.
    assert [c[k].leading_phrase for k in ("pp1", "op1", "an1.u2", "an1.op1", "an1.op2")] == \
        ["回顾", "通过", "回顾", None, None]
    assert {c[k].section for k in ("an1.h1", "an1.u1", "an1.op1")} == {"annex"}
    assert c["an1.op2"].label == "2" and c["an1.op2"].text == "决心采取行动。"
    assert (p.resolution.preambular_count, p.resolution.operative_count) == (1, 1)
    assert p.closing.plenary_meeting == 37
    assert any(s.kind == "annex_heading" for s in p.structure)
    assert p.coverage.complete


# ---------------------------------------------------------------- languages

def test_a_language_without_profile_is_rejected_by_name():
    text = """ Résolution adoptée par l’Assemblée générale le 7 décembre 2020
[sur la base du rapport de la Première Commission (A/75/399)]
75/999. Résolution d’essai
 L’Assemblée générale,
 Rappelant ses résolutions antérieures sur la question et les décisions de la Conférence,
 1. Décide de poursuivre l’examen de la question à sa prochaine session.
"""
    with pytest.raises(ParseError) as e:
        parse_bytes(text.encode("utf-8"), "fr.txt")
    assert e.value.expected == "French text: no text profile for fr; profiles: en, zh"
    assert e.value.path == "fr.txt"


def test_groups_of_thousands_and_years_after_a_marker():
    body = """ 回顾《宣言》、1 2012 年通过的成果文件，
 1. 决定承付费用不超过 1 000 万美元；
 2. 决定继续审议这一问题。
__________________
 1 A/75/1。
"""
    p = parse(body)
    c = clauses(p)
    assert [(r.clause_id, r.footnote_number) for r in p.refs] == [("pp1", 1)]
    assert c["pp1"].text == "回顾《宣言》、2012年通过的成果文件，"
    assert c["op1"].text == "决定承付费用不超过1 000万美元；"


def test_a_bold_phrase_after_a_marker_line_opens_a_paragraph():
    # The piece after the marker would fit on the marker's printed line, but
    # bold is printed only where a paragraph opens.
    body = """ 审议了审议了审议了审议了秘书长按照大会 2018 年 11 月 30 日第 73/19 号决议要求提交的
关于巴勒斯坦问题和平解决的报告以及行政和预算问题咨询委员会的有关报告，并注意到
其中所载的各项结论和建议，
1
 回顾回顾回顾回顾其 2004 年 5 月 6 日第 58/292 号决议，
 1. 请请请请秘书长就本决议的执行情况向大会第七十六届会议提出报告；
__________________
 1 A/75/1。
"""
    p = parse(body)
    assert [c.clause_id for c in p.clauses] == ["pp1", "pp2", "op1"]
    c = clauses(p)
    assert c["pp1"].text.endswith("并注意到其中所载的各项结论和建议，")
    assert c["pp2"].leading_phrase == "回顾"
    assert [(r.clause_id, r.footnote_number) for r in p.refs] == [("pp1", 1)]


def test_a_lead_in_ending_with_a_colon_before_paragraph_1_is_unnumbered():
    p = parse(""" 正式决定：
 1. 将 2022 年周转基金的数额定为 1.50 亿美元；
 2. 授权秘书长用周转基金垫付所需款项。
""", note="[根据第五委员会的报告(A/76/999)通过]")
    assert [(c.clause_id, c.kind, c.section) for c in p.clauses] == [
        ("u1", "unnumbered", "operative"), ("op1", "paragraph", "operative"),
        ("op2", "paragraph", "operative")]
    assert p.clauses[0].leading_phrase == "正式决定"
    assert (p.resolution.preambular_count, p.resolution.operative_count) == (0, 2)


def test_a_heading_wrapped_onto_the_margin():
    p = parse(""" 回顾其以往的决议，
 1. 决定继续审议这一问题；
 六
 人权理事会当代形式种族主义、种族歧视、仇外心理和相关不容忍行为问题特别报告
员
 2. 表示注意到特别报告员的报告。
""")
    assert [(c.clause_id, c.text) for c in p.clauses] == [
        ("pp1", "回顾其以往的决议，"), ("op1", "决定继续审议这一问题；"), ("h1", "六"),
        ("h2", "人权理事会当代形式种族主义、种族歧视、仇外心理和相关不容忍行为问题特别报告员"),
        ("op2", "表示注意到特别报告员的报告。")]


def test_divisions_whose_numbering_restarts_take_a_section_prefix():
    # A budget resolution in titled divisions, each with its own preamble and
    # paragraphs 1, 2 ...: ids sK.ppN / sK.opN as the XML reader gives them;
    # headings and the divisions' labels keep their body-wide numbering.
    p = parse(""" 一
 联合国裁军研究所补助金
 审议了秘书长的说明，
 1. 表示注意到秘书长的说明；
 2. 核准补助金。
 二
 订正概算
 审议了秘书长的报告，
 1. 表示注意到秘书长的报告；
 2. 批款 78 000 美元。
""", note="[根据第五委员会的报告(A/75/999)通过]")
    assert [c.clause_id for c in p.clauses] == [
        "h1", "h2", "s1.pp1", "s1.op1", "s1.op2", "h3", "h4", "s2.pp1", "s2.op1", "s2.op2"]
    c = clauses(p)
    assert c["s2.op2"].label == "2" and c["s2.pp1"].section == "preamble"
    assert c["h4"].text == "订正概算"


def test_a_heading_after_a_marker_line_before_the_next_paragraph():
    # A short line after a marker is usually the rest of the marker's printed
    # line, but text without paragraph punctuation cannot run on into the
    # next numbered paragraph: it is a heading.
    p = parse(""" 回顾其以往的决议，
 1. 表示注意到秘书长关于区域服务中心 2019 年 7 月 1 日至 2020 年 6 月 30 日期间预算执
行情况的报告；
1
 2021 年 7 月 1 日至 2022 年 6 月 30 日期间预算估计数
 2. 核准 40 272 300 美元，充作区域服务中心的维持费。
__________________
 1 A/75/1。
""", note="[根据第五委员会的报告(A/75/999)通过]")
    assert [(c.clause_id, c.kind) for c in p.clauses] == [
        ("pp1", "paragraph"), ("op1", "paragraph"), ("h1", "heading"), ("op2", "paragraph")]
    assert clauses(p)["op1"].text.endswith("期间预算执行情况的报告；")
    assert [(r.clause_id, r.footnote_number) for r in p.refs] == [("op1", 1)]
