"""Citations: each form in isolation (text in, citations out), then golden lists per seed."""

import re
from datetime import date

import pytest

from etl.citations import TARGET_TYPES, find_citations, normalise_symbol

D = date

# (text, [(target, target_type, target_date, raw)])
CASES = [
    # GA resolutions, with a letter, spaced or not, and their dates
    ("回顾其 1994年 12月 15日第 49/75E号决议以及",
     [("A/RES/49/75E", "ga_resolution", D(1994, 12, 15), "第 49/75E号决议")]),
    ("第 51/45 O号决议", [("A/RES/51/45O", "ga_resolution", None, "第 51/45 O号决议")]),
    ("回顾其 2015 年 12 月 7 日第 70/40 号决议，",
     [("A/RES/70/40", "ga_resolution", D(2015, 12, 7), "第 70/40 号决议")]),
    # a coordinated list: only the last item says 号决议; every item keeps its own date
    ("1995年12月12日第50/70P号、1996年12月10日第51/45 O号和2012年12月3日第67/60号决议，",
     [("A/RES/50/70P", "ga_resolution", D(1995, 12, 12), "第50/70P号"),
      ("A/RES/51/45O", "ga_resolution", D(1996, 12, 10), "第51/45 O号"),
      ("A/RES/67/60", "ga_resolution", D(2012, 12, 3), "第67/60号决议")]),
    ("第 50/70 P、51/45 O 和 52/38 L 号决议",
     [("A/RES/50/70P", "ga_resolution", None, "第 50/70 P"),
      ("A/RES/51/45O", "ga_resolution", None, "51/45 O"),
      ("A/RES/52/38L", "ga_resolution", None, "52/38 L 号决议")]),
    # special, emergency special, and sessions before the 31st
    ("S-10/2 号决议。", [("A/RES/S-10/2", "ga_resolution", None, "S-10/2 号决议")]),
    ("第 ES-10/14 号决议", [("A/RES/ES-10/14", "ga_resolution", None, "第 ES-10/14 号决议")]),
    ("第 3363 (XXX) 号决议", [("A/RES/3363(XXX)", "ga_resolution", None, "第 3363 (XXX) 号决议")]),
    ("第 2252 (ES-V) 号决议", [("A/RES/2252(ES-V)", "ga_resolution", None, "第 2252 (ES-V) 号决议")]),
    # Security Council, alone and listed, with full-width parentheses
    ("2006 年 10 月 14 日第 1718(2006)号和 2009 年 6 月 12 日第 1874(2009)号决议，",
     [("S/RES/1718(2006)", "sc_resolution", D(2006, 10, 14), "第 1718(2006)号"),
      ("S/RES/1874(2009)", "sc_resolution", D(2009, 6, 12), "第 1874(2009)号决议")]),
    ("安全理事会 1995 年 4 月 11 日第 984(1995)号决议",
     [("S/RES/984(1995)", "sc_resolution", D(1995, 4, 11), "第 984(1995)号决议")]),
    ("第 1540（2004）号决议", [("S/RES/1540(2004)", "sc_resolution", None, "第 1540（2004）号决议")]),
    # GA decisions have no document symbol
    ("大会 1998年 9月 8日第 52/492 号决定赋予",
     [("52/492", "ga_decision", D(1998, 9, 8), "第 52/492 号决定")]),
    # document symbols
    ("[根据第一委员会的报告(A/68/411)通过]", [("A/68/411", "un_document", None, "A/68/411")]),
    ("CD/1299。", [("CD/1299", "un_document", None, "CD/1299")]),
    ("A/67/506-S/2012/752，附件一。",
     [("A/67/506-S/2012/752", "un_document", None, "A/67/506-S/2012/752")]),
    ("CD/8/Rev.9。", [("CD/8/Rev.9", "un_document", None, "CD/8/Rev.9")]),
    ("A/59/2005/Add.1 和 A/C.1/59/L.5/Corr.1",
     [("A/59/2005/Add.1", "un_document", None, "A/59/2005/Add.1"),
      ("A/C.1/59/L.5/Corr.1", "un_document", None, "A/C.1/59/L.5/Corr.1")]),
    ("(NPT/CONF.1995/32 (Part I))，附件。",
     [("NPT/CONF.1995/32(PartI)", "un_document", None, "NPT/CONF.1995/32 (Part I)")]),
    ("第一至三卷(NPT/CONF.2000/28(Parts I-IV))。",
     [("NPT/CONF.2000/28(PartsI-IV)", "un_document", None, "NPT/CONF.2000/28(Parts I-IV)")]),
    ("(NPT/CONF.2010/50 (Vols.I−III))", [("NPT/CONF.2010/50(Vols.I-III)", "un_document", None,
                                          "NPT/CONF.2010/50 (Vols.I−III)")]),
    ("第一卷(NPT/CONF.2000/28(Part I 和 II))",
     [("NPT/CONF.2000/28(PartsIandII)", "un_document", None, "NPT/CONF.2000/28(Part I 和 II)")]),
    ("国际原子能机构，INFCIRC/540 号文件", [("INFCIRC/540", "other", None, "INFCIRC/540")]),
    ("大会于 2004 年 9 月 24 日通过GC(48)/RES/14 号决议",
     [("GC(48)/RES/14", "other", D(2004, 9, 24), "GC(48)/RES/14")]),
    ("CTBT-Art.XIV/2003/5，附件一。",
     [("CTBT-Art.XIV/2003/5", "un_document", None, "CTBT-Art.XIV/2003/5")]),
    ("在 1995年 3月 24日CD/1299号文件及其中所载任务",
     [("CD/1299", "un_document", D(1995, 3, 24), "CD/1299")]),
    ("A/RES/70/40 和 S/RES/1540(2004)",
     [("A/RES/70/40", "ga_resolution", None, "A/RES/70/40"),
      ("S/RES/1540(2004)", "sc_resolution", None, "S/RES/1540(2004)")]),
    # the Treaty Series
    ("联合国，《条约汇编》，第 729 卷，第 10485 号。",
     [("UNTS 729/10485", "treaty_series", None, "《条约汇编》，第 729 卷，第 10485 号")]),
]

NOT_CITATIONS = [
    "《最后文件》第 50段呼吁紧急进行谈判",
    "根据《条约》第六条承诺的彻底消除核武库",
    "决定的第 3 段和第 4 段(c)的规定",
    "实现核裁军的 13 个实际步骤；特别是 22点核裁军行动计划",
    "于 2009 年 5月 29 日通过了 2009年届会工作方案",
    "第 60 次全体会议",
    "5/5 16-21057 (C)",
    "《大会正式记录，第六十四届会议，补编第 27 号》",
    "《全面禁止核试验条约》附件 2 所列的剩下八个国家",
    "和 1993 年《关于禁止发展、生产、储存和使用化学武器及销毁此种武器的公约》",
]


def _simple(found):
    return [(c.target, c.target_type, c.target_date, c.raw) for c in found]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:24] for c in CASES])
def test_forms(text, expected):
    found = find_citations(text)
    assert _simple(found) == expected
    for c in found:
        assert text[c.start:c.end] == c.raw


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_not_citations(text):
    assert find_citations(text) == []


def test_ibid_resolves_to_the_series_of_the_footnote_before():
    before = find_citations("联合国，《条约汇编》，第 1015 卷，第 14860 号。")
    found = find_citations("同上，第 1974 卷，第 33757 号。", previous=before)
    assert _simple(found) == [("UNTS 1974/33757", "treaty_series", None,
                               "同上，第 1974 卷，第 33757 号")]
    # Without a Treaty Series citation before it, 同上 names nothing we can resolve.
    assert find_citations("同上，第 1974 卷，第 33757 号。", previous=find_citations("CD/1299。")) == []


def test_urls():
    by_target = {c.target: c.url for c in find_citations(
        "第 49/75E号决议、第 52/492 号决定、CD/1299、INFCIRC/540、S/RES/1540(2004) 和"
        "《条约汇编》，第 729 卷，第 10485 号")}
    assert by_target == {
        "A/RES/49/75E": "https://undocs.org/zh/A/RES/49/75E",
        "52/492": None,
        "CD/1299": "https://undocs.org/zh/CD/1299",
        "INFCIRC/540": None,
        "S/RES/1540(2004)": "https://undocs.org/zh/S/RES/1540(2004)",
        "UNTS 729/10485": None,
    }


def test_normalise_symbol():
    assert normalise_symbol("NPT/CONF.1995/32 (Part I)") == "NPT/CONF.1995/32(PartI)"
    assert normalise_symbol("GC(48)/RES/DEC（2004）") == "GC(48)/RES/DEC(2004)"


GRAMMAR = {
    "ga_resolution": r"A/RES/(?:\d{1,3}/\d{1,4}[A-Z]{0,2}|E?S-\d{1,2}/\d{1,4}|\d{1,4}\((?:E?S-)?[IVXLC]+\))",
    "sc_resolution": r"S/RES/\d{1,5}\(\d{4}\)",
    "ga_decision": r"(?:\d{1,3}/\d{1,4}[A-Z]?|E?S-\d{1,2}/\d{1,4})",
    "treaty_series": r"UNTS \d+/\d+",
    "un_document": r"[A-Z][A-Za-z0-9.()\-/]*/[A-Za-z0-9.()\-]+",
    "other": r"[A-Z][A-Za-z0-9.()\-/]*/[A-Za-z0-9.()\-]+",
}

# Per seed, every reference a careful reader lists: (location, clause or footnote, target, date)
GOLDEN = {
    "A/RES/68/47": [("header", None, "A/68/411", None)]
    + [("clause", "pp1", f"A/RES/{t}", D(*d)) for t, d in [
        ("49/75E", (1994, 12, 15)), ("50/70P", (1995, 12, 12)), ("51/45O", (1996, 12, 10)),
        ("52/38L", (1997, 12, 9)), ("53/77X", (1998, 12, 4)), ("54/54P", (1999, 12, 1)),
        ("55/33T", (2000, 11, 20)), ("56/24R", (2001, 11, 29)), ("57/79", (2002, 11, 22)),
        ("58/56", (2003, 12, 8)), ("59/77", (2004, 12, 3)), ("60/70", (2005, 12, 8)),
        ("61/78", (2006, 12, 6)), ("62/42", (2007, 12, 5)), ("63/46", (2008, 12, 2)),
        ("64/53", (2009, 12, 2)), ("65/56", (2010, 12, 8)), ("66/51", (2011, 12, 2)),
        ("67/60", (2012, 12, 3))]]
    + [("clause", "pp22", "52/492", D(1998, 9, 8)), ("clause", "op20", "A/RES/67/60", None)]
    + [("footnote", n, t, None) for n, t in [
        (1, "UNTS 1015/14860"), (2, "UNTS 1974/33757"), (3, "A/RES/S-10/2"),
        (4, "UNTS 729/10485"), (5, "NPT/CONF.1995/32(PartI)"),
        (6, "NPT/CONF.2000/28(PartsIandII)"), (7, "NPT/CONF.2010/50(Vols.I-III)"),
        (8, "A/RES/50/245"), (8, "A/50/1027"), (9, "CD/1674"), (10, "A/51/218"),
        (11, "A/63/858"), (12, "A/67/506-S/2012/752"), (13, "A/64/27"), (14, "CD/8/Rev.9"),
        (15, "A/RES/55/2"), (16, "A/65/896-S/2011/407"),
        (17, "NPT/CONF.2000/28(PartsIandII)"), (18, "CD/1299")]],
    "A/RES/65/72": [
        ("clause", "pp3", "A/RES/64/47", D(2009, 12, 2)),
        ("clause", "pp15", "S/RES/1718(2006)", D(2006, 10, 14)),
        ("clause", "pp15", "S/RES/1874(2009)", D(2009, 6, 12)),
        ("clause", "op12", "S/RES/984(1995)", D(1995, 4, 11)),
        ("clause", "op15", "S/RES/1540(2004)", D(2004, 4, 28)),
    ] + [("footnote", n, t, None) for n, t in [
        (1, "UNTS 729/10485"), (2, "NPT/CONF.2010/50(Vols.I-III)"), (3, "A/RES/50/245"),
        (4, "A/54/42"), (5, "INFCIRC/540"), (6, "A/57/124")]],
    "A/RES/59/76": [("header", None, "A/59/459", None)]
    + [("clause", "pp1", f"A/RES/{t}", D(*d)) for t, d in [
        ("49/75H", (1994, 12, 15)), ("50/70C", (1995, 12, 12)), ("51/45G", (1996, 12, 10)),
        ("52/38K", (1997, 12, 9)), ("53/77U", (1998, 12, 4)), ("54/54D", (1999, 12, 1)),
        ("55/33R", (2000, 11, 20)), ("56/24N", (2001, 11, 29)), ("57/78", (2002, 11, 22)),
        ("58/59", (2003, 12, 8))]]
    + [("clause", "pp5", "S/RES/1540(2004)", D(2004, 4, 28)),
       ("clause", "op11", "GC(48)/RES/14", D(2004, 9, 24)),
       ("clause", "op11", "GC(44)/RES/19", D(2000, 9, 22))]
    + [("footnote", n, t, None) for n, t in [
        (1, "UNTS 729/10485"), (2, "CD/1674"), (3, "NPT/CONF.2000/28(PartsI-IV)"),
        (4, "A/RES/50/245"), (5, "CTBT-Art.XIV/2003/5"), (6, "NPT/CONF.1995/32(PartI)"),
        (7, "CD/1299"), (8, "GC(48)/RES/DEC(2004)"), (9, "GC(44)/RES/DEC(2000)"),
        (10, "A/57/124")]],
    "A/RES/71/49": [
        ("header", None, "A/71/450", None),
        ("clause", "pp2", "A/RES/70/40", D(2015, 12, 7)),
        ("clause", "op15", "S/RES/984(1995)", D(1995, 4, 11)),
        ("clause", "op20", "CD/1299", D(1995, 3, 24)),
        ("clause", "op20", "A/RES/67/53", D(2012, 12, 3)),
        ("clause", "op28", "S/RES/1540(2004)", D(2004, 4, 28)),
        ("clause", "op28", "S/RES/1540(2004)", None),
        ("clause", "op28", "S/RES/1977(2011)", D(2011, 4, 20)),
    ] + [("footnote", n, t, None) for n, t in [
        (1, "UNTS 729/10485"), (2, "NPT/CONF.1995/32(PartI)"), (3, "NPT/CONF.2000/28(PartsI-IV)"),
        (4, "NPT/CONF.2010/50(Vols.I-III)"), (5, "A/54/42"), (6, "A/RES/50/245"),
        (6, "A/50/1027"), (7, "A/70/81"), (8, "A/57/124")]],
}


@pytest.mark.parametrize("symbol", GOLDEN)
def test_golden_citations(seeds, symbol):
    rows = seeds[symbol].citations
    found = [(r.location, r.clause_id if r.location == "clause" else r.footnote_number,
              r.citation.target, r.citation.target_date) for r in rows]
    assert found == GOLDEN[symbol]


@pytest.mark.parametrize("symbol", GOLDEN)
def test_targets_follow_their_grammar(seeds, symbol):
    for r in seeds[symbol].citations:
        c = r.citation
        assert c.target_type in TARGET_TYPES
        assert re.fullmatch(GRAMMAR[c.target_type], c.target), (c.target_type, c.target)
        assert " " not in c.target or c.target_type == "treaty_series"


def test_citation_spans_and_lines_point_into_the_source(seeds):
    p = seeds["A/RES/71/49"]
    clauses = {c.clause_id: c for c in p.clauses}
    for r in p.citations:
        if r.location == "clause":
            assert clauses[r.clause_id].text[r.citation.start:r.citation.end] == r.citation.raw
    lines = {r.citation.target: r.line for r in p.citations}
    assert lines["A/RES/67/53"] == 227 and lines["A/71/450"] == 3 and lines["A/57/124"] == 245


def test_every_hyperlink_matches_a_citation_on_its_page(seeds):
    checks = seeds["A/RES/71/49"].hyperlinks
    assert len(checks) == 14
    assert all(h.status == "matched" for h in checks), [h for h in checks if h.status != "matched"]
    # The link printed twice for S/RES/1540(2004) matches the two citations of it.
    assert {h.citation_id for h in checks if h.target == "S/RES/1540(2004)"} == {"c6", "c7"}


def test_unmatched_and_contradicting_hyperlinks_are_reported(seeds):
    from etl.text.hyperlinks import check_hyperlinks
    from etl.text.layout import DiscardedLine
    p = seeds["A/RES/71/49"]
    links = [DiscardedLine(39, "hyperlink", "http://undocs.org/ch/A/RES/70/41"),
             DiscardedLine(110, "hyperlink", "http://undocs.org/ch/NPT/CONF.2010/50(Vols.I-II)")]
    checks = check_hyperlinks(links, p.citations)
    assert [h.status for h in checks] == ["unmatched", "contradicts"]
    assert "matches no citation" in checks[0].problem and "contradicts" in checks[1].problem


MINIMAL = """ 2014 年 12 月 2 日大会决议
[根据第一委员会的报告(A/69/440)通过]
69/999. 测试用决议
 大会，
 回顾其 2013 年 12 月 5 日第 68/47 号决议和 1994年 12月 15日第 49/75E号决议，
 1. 决定继续审议这一问题。
2014 年 12 月 2 日
第 62 次全体会议
"""


def test_in_package_marks_targets_present_in_the_package(tmp_path):
    from buildkit import small_sources
    from etl.build import build
    from etl.package import read_table
    sources = small_sources(tmp_path / "sources")
    (sources / "zh" / "minimal.txt").write_text(MINIMAL, encoding="utf-8")
    result = build(sources, tmp_path / "out")
    assert result.written and not result.rejected
    rows = [{k: (str(v).lower() if isinstance(v, bool) else v) for k, v in r.items()}
            for r in read_table(tmp_path / "out", "citations").to_pylist()]
    mine = {r["target"]: r["in_package"] for r in rows if r["symbol"] == "A/RES/69/999"}
    assert mine == {"A/69/440": "false", "A/RES/68/47": "true", "A/RES/49/75E": "false"}
    assert all(r["in_package"] == "false" for r in rows if r["symbol"] != "A/RES/69/999")


def test_module_docstring_example():
    import doctest
    import etl.citations
    failures, tried = doctest.testmod(etl.citations)
    assert tried >= 1 and failures == 0


# ------------------------------------------------------------------ English

# (text, [(target, target_type, target_date, raw)])
ENGLISH_CASES = [
    ("Recalling its resolution 50/70 M of 12 December 1995 on nuclear disarmament,",
     [("A/RES/50/70M", "ga_resolution", D(1995, 12, 12),
       "resolution 50/70 M of 12 December 1995")]),
    # a list with a date per item, the last one after "and"
    ("its resolutions 50/70 P of 12 December 1995, 51/45 O of 10 December 1996, 57/79 of "
     "22 November 2002 and 71/63 of 5 December 2016 on nuclear disarmament,",
     [("A/RES/50/70P", "ga_resolution", D(1995, 12, 12),
       "resolutions 50/70 P of 12 December 1995"),
      ("A/RES/51/45O", "ga_resolution", D(1996, 12, 10), "51/45 O of 10 December 1996"),
      ("A/RES/57/79", "ga_resolution", D(2002, 11, 22), "57/79 of 22 November 2002"),
      ("A/RES/71/63", "ga_resolution", D(2016, 12, 5), "71/63 of 5 December 2016")]),
    # numbers that name no symbol: a conference's resolutions
    ("the Conference, in its resolutions 2 and 3,",
     [("resolution 2", "other", None, "resolutions 2"), ("resolution 3", "other", None, "3")]),
    ("Recalling its decision 52/492 of 8 September 1998,",
     [("52/492", "ga_decision", D(1998, 9, 8), "decision 52/492 of 8 September 1998")]),
    ("Security Council resolution 2231 (2015),",
     [("S/RES/2231(2015)", "sc_resolution", None, "resolution 2231 (2015)")]),
    ("Security Council resolutions 1540 (2004) of 28 April 2004 and 2325 (2016),",
     [("S/RES/1540(2004)", "sc_resolution", D(2004, 4, 28),
       "resolutions 1540 (2004) of 28 April 2004"),
      ("S/RES/2325(2016)", "sc_resolution", None, "2325 (2016)")]),
    ("See S/RES/1540 (2004), para. 3.",
     [("S/RES/1540(2004)", "sc_resolution", None, "S/RES/1540 (2004)")]),
    ("United Nations, Treaty Series, vol. 729, No. 10485.",
     [("UNTS 729/10485", "treaty_series", None,
       "United Nations, Treaty Series, vol. 729, No. 10485")]),
    # the paragraph is not part of the symbol; the sentence's full stop neither
    ("A/77/385, para. 110.", [("A/77/385", "un_document", None, "A/77/385")]),
    ("See A/CONF.189/12 and A/CONF.189/12/Corr.1, chap. I.",
     [("A/CONF.189/12", "un_document", None, "A/CONF.189/12"),
      ("A/CONF.189/12/Corr.1", "un_document", None, "A/CONF.189/12/Corr.1")]),
    # resolutions before the 31st session, with a letter
    ("Resolution 217 A (III).", [("A/RES/217(III)", "ga_resolution", None,
                                  "Resolution 217 A (III)")]),
    ("resolution 2200 A (XXI), annex.", [("A/RES/2200(XXI)", "ga_resolution", None,
                                          "resolution 2200 A (XXI)")]),
    ("its resolution ES-10/14 of 8 December 2003,",
     [("A/RES/ES-10/14", "ga_resolution", D(2003, 12, 8),
       "resolution ES-10/14 of 8 December 2003")]),
    # other organs' resolutions have symbols of their own
    ("Recall Human Rights Council resolutions 43/1 of 19 June 2020 and 47/21,",
     [("A/HRC/RES/43/1", "un_document", D(2020, 6, 19), "resolutions 43/1 of 19 June 2020"),
      ("A/HRC/RES/47/21", "un_document", None, "47/21")]),
    ("Economic and Social Council resolution 2021/10 of 8 June 2021,",
     [("E/RES/2021/10", "un_document", D(2021, 6, 8),
       "resolution 2021/10 of 8 June 2021")]),
]


@pytest.mark.parametrize("text, expected", ENGLISH_CASES)
def test_english_forms(text, expected):
    assert _simple(find_citations(text, language="en")) == expected


@pytest.mark.parametrize("text", [
    "Agenda item 99 (b)", "in 2015 – 2030", "the 13 steps", "paragraph 50 of the Final Document",
    "the resolution of 1 December", "Goal 4", "resolution 5 alone",
])
def test_english_not_citations(text):
    assert find_citations(text, language="en") == []


def test_english_ibid():
    treaty = find_citations("United Nations, Treaty Series, vol. 1015, No. 14860.",
                            language="en")
    found = find_citations("Ibid., vol. 1974, No. 33757.", previous=treaty, language="en")
    assert _simple(found) == [("UNTS 1974/33757", "treaty_series", None,
                               "Ibid., vol. 1974, No. 33757")]
    # "Ibid." alone cites again the last reference of the footnote before.
    report = find_citations("See Official Records ..., Supplement No. 27 (A/72/27).",
                            language="en")
    found = find_citations("Ibid., para. 20.", previous=report, language="en")
    assert _simple(found) == [("A/72/27", "un_document", None, "Ibid.")]
    assert find_citations("Ibid., para. 20.", previous=[], language="en") == []


def test_chinese_resolutions_before_1976_with_a_letter():
    found = find_citations("回顾第217A(III)号决议和 1966 年 12 月 16 日第 2200 A (XXI) 号决议，")
    assert _simple(found) == [
        ("A/RES/217(III)", "ga_resolution", None, "第217A(III)号决议"),
        ("A/RES/2200(XXI)", "ga_resolution", D(1966, 12, 16), "第 2200 A (XXI) 号决议")]


def test_a_language_without_grammar_finds_nothing():
    assert find_citations("Rappelant sa résolution 50/70 M du 12 décembre 1995",
                          language="fr") == []
