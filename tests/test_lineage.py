"""Lineage, piece by piece: the word and character differences, the clause
alignment, the series decision, and the tables they make."""

from datetime import date

import pyarrow as pa
import pytest

from etl import schema
from etl.check import StreamingCheck
from etl.lineage import align, compute, series, textdiff
from etl.write import encode

# ------------------------------------------------------------------ textdiff

DIFFS = [
    # (old, new, language, markup)
    ("Calls upon all States to act", "Calls upon States to act now", "en",
     "Calls upon [-all -]States to act{+ now+}"),
    ("the quick brown fox", "the slow red fox", "en", "the [-quick brown-]{+slow red+} fox"),
    ("Recalling its resolution 78/53 of 4 December 2023,",
     "Recalling its resolution 79/50 of 2 December 2024,", "en",
     "Recalling its resolution [-78-]{+79+}/[-53-]{+50+} of [-4-]{+2+} December [-2023-]{+2024+},"),
    ("回顾其2023年12月4日第78/53号决议", "回顾其2024年12月2日第79/50号决议", "zh",
     "回顾其[-2023-]{+2024+}年12月[-4-]{+2+}日第[-78-]{+79+}/[-53-]{+50+}号决议"),
    ("呼吁所有国家", "呼吁各国", "zh", "呼吁[-所有-]{+各+}国[-家-]"),
    ("Réaffirme sa résolution", "Réaffirme fermement sa résolution", "fr",
     "Réaffirme {+fermement +}sa résolution"),
    ("same text", "same text", "en", "same text"),
]


@pytest.mark.parametrize("old,new,language,expected", DIFFS)
def test_word_and_character_differences(old, new, language, expected):
    segments = textdiff.diff(old, new, language)
    assert textdiff.markup(segments) == expected
    assert textdiff.old_text(segments) == old and textdiff.new_text(segments) == new


def test_keys_ignore_whitespace_only():
    assert textdiff.key("Reaffirms  its\u00a0resolution 78/53 ,") == \
        textdiff.key("Reaffirms its resolution 78/53,")
    assert textdiff.key("Reaffirms its resolution") != textdiff.key("Reaffirms its resolutions")
    assert textdiff.similarity("abc", "abc") == 1.0 and textdiff.similarity("abc", "xyz") == 0.0


# ------------------------------------------------------------------ align

OLD = ["Recalling its resolution 77/65,",
       "Noting the report of the Secretary-General on the question,",
       "Decides to remain seized of the matter.",
       "Requests the Secretary-General to report at its seventy-ninth session,"]

ALIGNMENTS = [
    # (new texts, [(old index, new index, change)])
    ("identical", OLD, [(0, 0, "unchanged"), (1, 1, "unchanged"), (2, 2, "unchanged"),
                        (3, 3, "unchanged")]),
    ("renumbered by a new paragraph",
     [OLD[0], "Welcoming the entry into force of the Treaty,", OLD[1], OLD[2], OLD[3]],
     [(0, 0, "unchanged"), (None, 1, "new"), (1, 2, "unchanged"), (2, 3, "unchanged"),
      (3, 4, "unchanged")]),
    ("one edited, one removed",
     [OLD[0], OLD[1], "Requests the Secretary-General to report at its eightieth session,"],
     [(0, 0, "unchanged"), (1, 1, "unchanged"), (2, None, "removed"), (3, 2, "edited")]),
    ("whitespace is not a change",
     ["Recalling  its resolution\u00a077/65 ,"] + OLD[1:],
     [(0, 0, "unchanged"), (1, 1, "unchanged"), (2, 2, "unchanged"), (3, 3, "unchanged")]),
    ("moved out of order",
     [OLD[2], OLD[0], OLD[1], OLD[3]],
     [(2, 0, "moved"), (0, 1, "unchanged"), (1, 2, "unchanged"), (3, 3, "unchanged")]),
    ("everything new", ["Welcomes the Pact for the Future."],
     [(None, 0, "new"), (0, None, "removed"), (1, None, "removed"), (2, None, "removed"),
      (3, None, "removed")]),
]


@pytest.mark.parametrize("name,new,expected", ALIGNMENTS, ids=[a[0] for a in ALIGNMENTS])
def test_alignment(name, new, expected):
    rows = align.align(OLD, new, "en")
    assert [(r.old, r.new, r.change) for r in rows] == expected
    # Every clause of both texts is in exactly one row.
    assert sorted(r.new for r in rows if r.new is not None) == list(range(len(new)))
    assert sorted(r.old for r in rows if r.old is not None) == list(range(len(OLD)))
    for r in rows:
        if r.change == "unchanged":
            assert textdiff.key(OLD[r.old]) == textdiff.key(new[r.new]) and r.similarity == 1.0
        elif r.change in ("new", "removed"):
            assert r.similarity is None
        else:
            assert align.EDITED <= r.similarity <= 1.0


def test_removed_rows_stand_where_they_stood():
    rows = align.align(OLD, [OLD[0], OLD[3]], "en")
    assert [(r.old, r.new, r.change) for r in rows] == [
        (0, 0, "unchanged"), (1, None, "removed"), (2, None, "removed"), (3, 1, "unchanged")]


def test_chinese_is_compared_by_character():
    old = ["回顾其关于核裁军的各项决议，", "决定将题为“核裁军”的项目列入第七十九届会议临时议程。"]
    new = ["回顾其关于核裁军的各项决议，", "决定将题为“核裁军”的项目列入第八十届会议临时议程。"]
    rows = align.align(old, new, "zh")
    assert [(r.old, r.new, r.change) for r in rows] == [(0, 0, "unchanged"), (1, 1, "edited")]
    assert 0.9 < rows[1].similarity < 1.0


# ------------------------------------------------------------------ series

def resolution(symbol, adopted, titles, cites=(), agenda="", texts=None):
    texts = texts or {}
    base, letter = series.split_symbol(symbol)
    r = series.Resolution(symbol, 0, adopted, base, letter,
                          {lang: series.normalise_title(t) for lang, t in titles.items()},
                          series.agenda_items(agenda))
    r.rank = series.session_rank(symbol, adopted)
    for lang in titles:
        r.cites[lang] = set(cites)
        r.texts[lang] = texts.get(lang, [])
        r.paragraphs[lang] = frozenset(t for t in r.texts[lang]
                                       if len(t) >= series.MIN_PARAGRAPH_LENGTH)
    return r


def choose(rs, symbol, language=None):
    known = {r.symbol: r for r in rs}
    link = series.choose(known[symbol], series.index(known), language)
    return (link.predecessor, link.basis) if link else None


TEXT = [f"Paragraph number {i} of the resolution on the question," for i in range(10)]


def test_the_latest_resolution_with_the_same_title():
    rs = [resolution("A/RES/77/65", date(2022, 12, 7), {"en": "Nuclear disarmament"}),
          resolution("A/RES/78/53", date(2023, 12, 4), {"en": "Nuclear disarmament"}),
          resolution("A/RES/79/50", date(2024, 12, 2), {"en": "Nuclear  Disarmament"}),
          resolution("A/RES/79/51", date(2024, 12, 2), {"en": "Nuclear disarmament verification"})]
    assert choose(rs, "A/RES/79/50") == ("A/RES/78/53", "title")
    assert choose(rs, "A/RES/78/53") == ("A/RES/77/65", "title")
    assert choose(rs, "A/RES/77/65") is None
    assert choose(rs, "A/RES/79/51") is None


def test_two_sessions_back_when_the_series_skipped_one():
    title = {"en": "Necessity of ending the economic, commercial and financial embargo "
                   "imposed by the United States of America against Cuba"}
    rs = [resolution("A/RES/75/289", date(2021, 6, 23), title),
          resolution("A/RES/77/7", date(2022, 11, 3), title)]
    assert choose(rs, "A/RES/77/7") == ("A/RES/75/289", "title")


def test_titles_in_no_common_language_meet_through_a_third_resolution():
    rs = [resolution("A/RES/68/47", date(2013, 12, 5), {"zh": "核裁军"}),
          resolution("A/RES/72/38", date(2017, 12, 4), {"en": "Nuclear disarmament"}),
          resolution("A/RES/74/45", date(2019, 12, 12), {"en": "Nuclear disarmament", "zh": "核裁军"})]
    assert choose(rs, "A/RES/72/38") == ("A/RES/68/47", "title")


def test_a_wrong_title_does_not_chain_series_together():
    # A language version whose title is another series' must not merge the two.
    rs = [resolution("A/RES/77/156", date(2022, 12, 14), {"en": "Financing for development",
                                                          "ar": "تمويل التنمية"}),
          resolution("A/RES/78/1", date(2023, 10, 1), {"en": "Small island developing States",
                                                       "ar": "تمويل التنمية"}),
          resolution("A/RES/79/9", date(2024, 12, 1), {"en": "Small island developing States",
                                                       "ar": "الدول الجزرية الصغيرة"})]
    assert choose(rs, "A/RES/79/9") == ("A/RES/78/1", "title")
    assert choose(rs, "A/RES/79/9", "ar") is None


def test_parts_adopted_together_continue_the_same_letter():
    title = {"en": "Financial reports and audited financial statements"}
    rs = [resolution("A/RES/74/249A", date(2019, 12, 27), title),
          resolution("A/RES/74/249B", date(2019, 12, 27), title),
          resolution("A/RES/75/242A", date(2020, 12, 31), title),
          resolution("A/RES/75/242B", date(2020, 12, 31), title)]
    assert choose(rs, "A/RES/75/242B") == ("A/RES/74/249B", "part")
    assert choose(rs, "A/RES/75/242A") == ("A/RES/74/249A", "part")
    assert choose(rs, "A/RES/74/249B") is None  # never the other part of the same resolution


def test_a_cited_resolution_with_another_title_needs_its_text_carried_over():
    kept = {"en": TEXT}
    other = {"en": [t.replace("question", "matter at hand") for t in TEXT]}
    rs = [resolution("A/RES/78/10", date(2023, 11, 1), {"en": "Old title"}, texts=kept),
          resolution("A/RES/79/10", date(2024, 11, 1), {"en": "New title"},
                     cites=["A/RES/78/10"], texts=kept),
          resolution("A/RES/79/11", date(2024, 11, 2), {"en": "Another title"},
                     cites=["A/RES/78/10"], texts=other)]
    assert choose(rs, "A/RES/79/10") == ("A/RES/78/10", "citation")
    assert choose(rs, "A/RES/79/11") is None


def test_the_same_title_numbers_aside():
    rs = [resolution("A/RES/74/266", date(2019, 12, 27), {"en": "Working Capital Fund for 2020"}),
          resolution("A/RES/75/256", date(2020, 12, 31), {"en": "Working Capital Fund for 2021"})]
    assert choose(rs, "A/RES/75/256") == ("A/RES/74/266", "title")


# ------------------------------------------------------------------ tables

def package_tables():
    """A tiny package: a resolution renewed in two languages, another not."""
    rows = [("A/RES/78/53", "en", "Nuclear disarmament", date(2023, 12, 4)),
            ("A/RES/78/53", "zh", "核裁军", date(2023, 12, 4)),
            ("A/RES/79/50", "en", "Nuclear disarmament", date(2024, 12, 2)),
            ("A/RES/79/50", "zh", "核裁军", date(2024, 12, 2)),
            ("A/RES/79/99", "en", "Something else", date(2024, 12, 9))]
    resolutions = pa.table({"symbol": [r[0] for r in rows], "language": [r[1] for r in rows],
                            "title": [r[2] for r in rows], "agenda_item": [None] * len(rows),
                            "adoption_date": [r[3] for r in rows]})
    texts = {
        ("A/RES/78/53", "en"): [("pp1", "Recalling its resolution 77/65 of 7 December 2022,"),
                                ("op1", "Calls upon all States to act,"),
                                ("op2", "Decides to include the item in its agenda.")],
        ("A/RES/79/50", "en"): [("pp1", "Recalling its resolution 78/53 of 4 December 2023,"),
                                ("op1", "Calls upon all States to act,"),
                                ("op2", "Welcomes the report of the Secretary-General,"),
                                ("op3", "Decides to include the item in its agenda.")],
        ("A/RES/78/53", "zh"): [("pp1", "回顾其2022年12月7日第77/65号决议，"),
                                ("op1", "吁请所有国家采取行动，"),
                                ("op2", "决定将该项目列入其议程。")],
        ("A/RES/79/50", "zh"): [("pp1", "回顾其2023年12月4日第78/53号决议，"),
                                ("op1", "吁请所有国家采取行动，"),
                                ("op2", "决定将该项目列入其议程。")],
        ("A/RES/79/99", "en"): [("op1", "Decides something else entirely.")],
    }
    clause_rows = [(s, lang, cid, i, text) for (s, lang), items in texts.items()
                   for i, (cid, text) in enumerate(items, start=1)]
    clauses = pa.table({"symbol": [r[0] for r in clause_rows],
                        "language": [r[1] for r in clause_rows],
                        "clause_id": [r[2] for r in clause_rows],
                        "ordinal": [r[3] for r in clause_rows],
                        "text": [r[4] for r in clause_rows],
                        "clause_key": [f"{r[0]}#{r[1]}#{r[2]}" for r in clause_rows]})
    citations = pa.table({"symbol": ["A/RES/79/50"], "language": ["en"], "location": ["clause"],
                          "clause_id": ["pp1"], "target": ["A/RES/78/53"],
                          "target_type": ["ga_resolution"]})
    return resolutions, clauses, citations


def test_the_tables_follow_the_schemas_and_point_at_existing_rows():
    resolutions, clauses, citations = package_tables()
    result = compute(resolutions, clauses, citations, checks=True)
    lineage = result.tables["lineage"].to_pylist()
    assert [(r["symbol"], r["predecessor"], r["basis"], r["cites_predecessor"],
             r["languages_aligned"], r["languages_agree"]) for r in lineage] == [
        ("A/RES/79/50", "A/RES/78/53", "title", True, 2, True)]
    assert lineage[0]["similarity"] == 1.0  # every clause of 78/53 carried over
    rows = result.tables["clause_lineage"].to_pylist()
    en = [(r["position"], r["clause_id"], r["predecessor_clause_id"], r["change"])
          for r in rows if r["language"] == "en"]
    assert en == [(1, "pp1", "pp1", "edited"), (2, "op1", "op1", "unchanged"),
                  (3, "op2", None, "new"), (4, "op3", "op2", "unchanged")]
    zh = [(r["clause_id"], r["predecessor_clause_id"], r["change"]) for r in rows
          if r["language"] == "zh"]
    assert zh == [("pp1", "pp1", "edited"), ("op1", "op1", "unchanged"),
                  ("op2", "op2", "unchanged")]
    assert all(r["clause_key"] == f"A/RES/79/50#{r['language']}#{r['clause_id']}"
               for r in rows if r["clause_id"])
    # The schemas' constraints, keys and foreign keys hold.
    check = StreamingCheck()
    check.add_keys("resolutions", resolutions, [("symbol", "language"), ("symbol",)])
    check.add_keys("clauses", clauses, [("clause_key",)])
    for name in schema.CORPUS_TABLES:
        data = encode(result.tables[name], name)
        assert data.column_names == schema.columns(name)
        check.add(name, data)
    assert check.finish() == []
    assert result.report["alignment_checks"]["unchanged_pairs"] == \
        result.report["alignment_checks"]["unchanged_pairs_identical"] == 4


def test_a_foreign_key_to_a_missing_clause_is_found():
    resolutions, clauses, citations = package_tables()
    result = compute(resolutions, clauses, citations)
    check = StreamingCheck()
    check.add_keys("resolutions", resolutions, [("symbol", "language"), ("symbol",)])
    check.add_keys("clauses", clauses.filter(pa.compute.not_equal(clauses.column("clause_id"),
                                                                  "op3")), [("clause_key",)])
    for name in schema.CORPUS_TABLES:
        check.add(name, encode(result.tables[name], name))
    findings = check.finish()
    assert [(f.table, f.kind) for f in findings] == [("clause_lineage", "foreign-key")]


def test_a_package_of_one_clause():
    resolutions = pa.table({"symbol": ["A/RES/79/1"], "language": ["en"], "title": ["A title"],
                            "agenda_item": [None], "adoption_date": [date(2024, 9, 10)]})
    clauses = pa.table({"symbol": ["A/RES/79/1"], "language": ["en"], "clause_id": ["op1"],
                        "ordinal": [1], "text": ["Decides."], "clause_key": ["A/RES/79/1#en#op1"]})
    citations = pa.table({"symbol": pa.array([], pa.string()), "language": pa.array([], pa.string()),
                          "location": pa.array([], pa.string()),
                          "clause_id": pa.array([], pa.string()),
                          "target": pa.array([], pa.string()),
                          "target_type": pa.array([], pa.string())})
    result = compute(resolutions, clauses, citations)
    assert result.tables["lineage"].num_rows == 0 == result.tables["clause_lineage"].num_rows
