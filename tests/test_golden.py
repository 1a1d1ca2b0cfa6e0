"""Golden tests: values read by hand from the four seed texts in sources/zh/."""

import re
from datetime import date

import pytest

# symbol: (preambular, operative, sub-clauses, footnotes, plenary, adopted, title, committee, report)
METADATA = {
    "A/RES/68/47": (27, 24, 0, 18, 60, date(2013, 12, 5), "核裁军", "第一委员会", "A/68/411"),
    "A/RES/65/72": (15, 19, 0, 6, 60, date(2010, 12, 8), "采取联合行动彻底消除核武器", None, None),
    "A/RES/59/76": (20, 13, 14, 10, 66, date(2004, 12, 3), "实现彻底消除核武器的途径",
                    "第一委员会", "A/59/459"),
    "A/RES/71/49": (20, 30, 0, 8, 51, date(2016, 12, 5), "再次下决心采取联合行动彻底消除核武器",
                    "第一委员会", "A/71/450"),
}

# Leading phrases, in order: preambular paragraphs, then operative paragraphs.
LEADING = {
    "A/RES/68/47": (
        "回顾 重申 铭记 确认 铭记 重申 强调指出 确认 再次申明 再次呼吁 注意到 回顾 注意到 确认 "
        "注意到 回顾 念及 回顾 注意到 欢迎 重申 又重申 回顾 又回顾 欢迎 重申 深知",
        "确认 重申 欢迎并鼓励 欢迎 确认 敦促 又敦促 再次吁请 吁请 敦促 着重指出 又着重指出 呼吁 "
        "又呼吁 敦促 呼吁 敦促 呼吁 又呼吁 表示遗憾的是 再次吁请 呼吁 请 决定",
    ),
    "A/RES/65/72": (
        "回顾 注意到 回顾 表示深为关切 重申 又重申 还重申 欣见 又欣见 注意到 欣见 注意到 "
        "表示深为关切 确认 又确认",
        "重申 又重申 还重申 呼吁 强调 确认 鼓励 敦促 呼吁 吁请 又吁请 回顾 鼓励 吁请 强调 鼓励 "
        "又鼓励 赞扬并进一步鼓励 决定",
    ),
    "A/RES/59/76": (
        "回顾 认识到 对……深表关切 欢迎 又欢迎 深信 重申 考虑到 确认 欢迎 重申 欢迎 又欢迎 "
        "认识到 欢迎 鼓励 欢迎 鼓励 认识到 强调",
        "重申 又重申 强调 确认 请 鼓励 欢迎 强调 呼吁 又呼吁 欢迎 鼓励 鼓励",
    ),
    "A/RES/71/49": (
        "重申 回顾 重申 又重申 强调指出 重申 表示关切 又重申 注意到 强调指出 欣见 强调指出 欣见 "
        "又欣见 表示深为关切 确认 欢迎 表示深为关切 回顾 又回顾",
        "再次表明 重申 促请 鼓励 促请 促请 鼓励 强调 鼓励 促请 促请 鼓励 促请 确认 回顾 鼓励 敦促 "
        "鼓励 敦促 敦促 鼓励 鼓励 最强烈地谴责 促请 又促请 还促请 强调指出 促请 鼓励 决定",
    ),
}

# Footnote markers per clause, in text order (clauses without markers omitted).
MARKERS = {
    "A/RES/68/47": {
        "pp3": [1, 2], "pp5": [3], "pp6": [4, 5], "pp7": [6], "pp8": [7], "pp10": [8],
        "pp12": [9], "pp16": [10], "pp17": [11], "pp18": [12], "pp19": [13], "pp21": [14],
        "pp23": [15], "pp24": [16], "op12": [6, 17], "op14": [7], "op16": [18], "op19": [8],
    },
    "A/RES/65/72": {"pp7": [1], "pp8": [2], "op1": [1], "op8": [3], "op13": [4], "op15": [5],
                    "op17": [6]},
    "A/RES/59/76": {"pp7": [1], "pp9": [2], "pp13": [3], "pp16": [2], "pp17": [4, 5],
                    "op1": [1], "op3": [6], "op3.a": [5], "op3.b": [7], "op11": [8, 9],
                    "op12": [10]},
    "A/RES/71/49": {"pp3": [1], "pp10": [2, 3, 4], "op2": [1], "op3": [2, 3, 4], "op16": [5],
                    "op19": [6], "op20": [7], "op21": [8]},
}

# (clause_id, first characters, last characters) of selected clauses.
EDGES = {
    "A/RES/68/47": [
        ("pp1", "回顾其关于逐步减少核威胁的1994年12月15日", "2012年12月3日第67/60号决议，"),
        ("pp3", "铭记1972年《关于禁止发展", "并早日缔结这样一项国际公约，"),
        ("op8", "再次吁请核武器国家逐步减少核威胁", "全面消除此种武器；"),
        ("op20", "表示遗憾的是裁军谈判会议", "特设委员会；"),
        ("op24", "决定在大会第六十九届会议", "题为“核裁军”的分项。"),
    ],
    "A/RES/65/72": [
        ("pp8", "欣见2010年5月3日至28日", "审议大会通过的行动计划，"),
        ("op15", "强调必须使国际原子能机构", "第1540(2004)号决议——得到充分执行；"),
    ],
    "A/RES/59/76": [
        ("pp3", "对大规模毁灭性武器扩散", "深表关切，"),
        ("pp13", "又欢迎不扩散核武器条约缔约国", "并强调必须执行其中的结论，"),
        ("op3", "强调为了有计划地逐步努力", "下列实际步骤极为重要："),
        ("op3.g.ii", "依照《不扩散核武器条约》第六条", "支持进一步推动核裁军；"),
        ("op11", "欢迎国际原子能机构大会于2004年9月24日通过GC(48)/RES/14号决议，其中建议",
         "尽早充分执行该决议；"),
    ],
    "A/RES/71/49": [
        ("pp19", "在这方面回顾国际社会", "坚决反对其拥有核武器，"),
        ("op12", "鼓励核武器国家继续定期召开会议", "提出报告；"),
        ("op19", "敦促所有国家，尤其是《全面禁止核试验条约》附件2所列的剩下八个国家，采取单独行动",
         "推动《条约》生效；"),
        ("op30", "决定在大会第七十二届会议", "的分项。"),
    ],
}


@pytest.mark.parametrize("symbol", METADATA)
def test_metadata(seeds, symbol):
    pre, op, sub, notes, plenary, adopted, title, committee, report = METADATA[symbol]
    p = seeds[symbol]
    r = p.resolution
    assert (r.preambular_count, r.operative_count) == (pre, op)
    assert sum(1 for c in p.clauses if c.level > 1) == sub
    assert r.footnote_count == len(p.footnotes) == notes
    assert [f.number for f in p.footnotes] == list(range(1, notes + 1))
    assert r.plenary_meeting == plenary
    assert r.adoption_date == adopted
    assert r.title == title
    assert (r.committee, r.committee_report) == (committee, report)
    assert r.language == "zh"
    assert r.url == f"https://undocs.org/zh/{symbol}"
    assert r.session == int(symbol.split("/")[2])
    assert r.number == symbol.split("/")[3]


@pytest.mark.parametrize("symbol", LEADING)
def test_leading_phrases(seeds, symbol):
    pre, op = LEADING[symbol]
    clauses = [c for c in seeds[symbol].clauses if c.level == 1]
    assert [c.leading_phrase for c in clauses if c.section == "preamble"] == pre.split()
    assert [c.leading_phrase for c in clauses if c.section == "operative"] == op.split()


@pytest.mark.parametrize("symbol", MARKERS)
def test_footnote_markers_per_clause(seeds, symbol):
    found: dict[str, list[int]] = {}
    for ref in seeds[symbol].refs:
        found.setdefault(ref.clause_id, []).append(ref.footnote_number)
    assert found == MARKERS[symbol]


@pytest.mark.parametrize("symbol", EDGES)
def test_clause_edges(seeds, symbol):
    clauses = {c.clause_id: c for c in seeds[symbol].clauses}
    for clause_id, first, last in EDGES[symbol]:
        text = clauses[clause_id].text
        assert text.startswith(first), (clause_id, text[:40])
        assert text.endswith(last), (clause_id, text[-40:])


def test_clause_ids_of_59_76(seeds):
    ids = [c.clause_id for c in seeds["A/RES/59/76"].clauses]
    assert ids == ([f"pp{i}" for i in range(1, 21)] + ["op1", "op2", "op3"]
                   + [f"op3.{x}" for x in "abcdefg"]
                   + [f"op3.g.{x}" for x in ["i", "ii", "iii", "iv", "v", "vi"]]
                   + ["op3.h"] + [f"op{i}" for i in range(4, 14)])
    clauses = {c.clause_id: c for c in seeds["A/RES/59/76"].clauses}
    assert clauses["op3.g.iv"].label == "㈣" and clauses["op3.g.iv"].parent_id == "op3.g"
    assert clauses["op3.g"].label == "(g)" and clauses["op3.g"].level == 2
    assert clauses["op3.g.vi"].level == 3 and clauses["op3.h"].parent_id == "op3"


def test_numbers_that_are_text_are_not_markers(seeds):
    clauses = {c.clause_id: c for c in seeds["A/RES/68/47"].clauses}
    assert "13个步骤至关重要" in clauses["pp7"].text          # 13 before 个 is text
    assert "于2009年5月29日通过了2009年届会工作方案，同时" in clauses["pp19"].text
    c71 = {c.clause_id: c for c in seeds["A/RES/71/49"].clauses}
    assert "附件2所列的剩下八个国家，采取" in c71["op19"].text  # annex number kept, marker 6 gone


def test_marker_offsets(seeds):
    refs = [(r.clause_id, r.footnote_number, r.offset) for r in seeds["A/RES/71/49"].refs]
    # "重申《不扩散核武器条约》1 作为": the marker stood after 》, 12 characters in.
    assert ("pp3", 1, 12) in refs
    clauses = {c.clause_id: c for c in seeds["A/RES/68/47"].clauses}
    op12 = [r for r in seeds["A/RES/68/47"].refs if r.clause_id == "op12"]
    # Footnote 17 stands after the paragraph's final semicolon.
    assert op12[-1].footnote_number == 17 and op12[-1].offset == len(clauses["op12"].text)
    assert clauses["op12"].text[:op12[0].offset].endswith("进而实现核裁军的目标，")


def test_paragraph_across_footnote_block_is_one_clause(seeds):
    op15 = next(c for c in seeds["A/RES/65/72"].clauses if c.clause_id == "op15")
    assert (op15.line_start, op15.line_end) == (165, 181)
    assert "关于实施保障监督的协定的附加议定书范本》得到普遍采用" in op15.text


FURNITURE = re.compile(r"A/Res/|16-21057|\d+/\d+ \d{2}-\d{5}|https?://|undocs")
BOLD = re.compile(r"([\u4e00-\u9fff]{1,6})\1\1")


@pytest.mark.parametrize("symbol", METADATA)
def test_clean_text(seeds, symbol):
    p = seeds[symbol]
    bodies = [f.text[:12] for f in p.footnotes]
    for c in p.clauses:
        assert "\n" not in c.text and "  " not in c.text
        assert not BOLD.search(c.text), (c.clause_id, BOLD.search(c.text).group())
        assert not FURNITURE.search(c.text), c.clause_id
        assert not any(b in c.text for b in bodies if len(b) >= 8), c.clause_id
    for f in p.footnotes:
        assert "\n" not in f.text and f.text.endswith("。")
        assert not any(c.text[:10] in f.text for c in p.clauses), f.number


def test_footnote_text_joined_across_lines(seeds):
    notes = {f.number: f for f in seeds["A/RES/68/47"].footnotes}
    assert notes[5].text == ("见《不扩散核武器条约缔约国1995年审议和延期大会，最后文件，第一部分》"
                             "(NPT/CONF.1995/32 (Part I))，附件。")
    assert (notes[5].line_start, notes[5].line_end) == (118, 121)
    assert notes[2].text == "同上，第1974卷，第33757号。"


def test_page_furniture_and_hyperlinks_are_discarded_with_lines(seeds):
    discarded = {(d.line, d.kind) for d in seeds["A/RES/71/49"].discarded}
    assert {(255, "page_header"), (259, "page_footer"), (39, "hyperlink"),
            (330, "hyperlink")} <= discarded
    assert sum(1 for d in seeds["A/RES/71/49"].discarded if d.kind == "hyperlink") == 1 + 4 + 6 + 3
