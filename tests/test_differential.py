"""The differential test: the renderer prints what a resolution prints, in
every layout; a render parses back to the rows it was made from; the harness
finds and names differences; and a fixed sample of the XML corpus, rendered
and parsed, stays at least as exact as measured."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from etl.differential import (LAYOUTS, Difference, PairResult, MemberResult, Member, compare,
                              corpus_members, markdown, run, sample_members, summarize,
                              text_cause, DEFAULT_SOURCES)
from etl.records import Clause, Document, Footnote, FootnoteRef, Resolution
from etl.text.parse import parse_bytes
from etl.text.synth import (chinese_number, doc_from_document, english_ordinal_suffix,
                            english_ordinal_words, printed_number, render)


# ---------------------------------------------------------------- hand-made resolutions

def _resolution(language: str, symbol: str, title: str, **fields) -> Resolution:
    session, number = symbol[len("A/RES/"):].split("/")
    values = dict(symbol=symbol, language=language, session=int(session),
                  session_type="regular", number=number, title=title,
                  adoption_date=date(2022, 12, 7), committee=None, committee_report=None,
                  draft_symbol=None, adoption_note=None, plenary_meeting=46,
                  preambular_count=0, operative_count=0, footnote_count=0,
                  source_file="hand-made", source_sha256="0" * 64,
                  url=f"https://undocs.org/{language}/{symbol}", source_format="akn")
    values.update(fields)
    return Resolution(**values)


def _clause(clause_id, text, label=None, phrase=None, kind="paragraph", section=None):
    path = re.sub(r"^(?:an\d+\.)?(?:s[0-9a-z]+\.)*", "", clause_id)
    level = path.count(".") + 1
    parent = clause_id.rsplit(".", 1)[0] if level > 1 else None
    if section is None:
        section = ("annex" if clause_id.startswith("an") else
                   "preamble" if path.startswith("pp") else "operative")
    return Clause(clause_id, section, level, parent, label, 0, phrase, text, 0, 0, kind)


def _document(resolution: Resolution, clauses, footnotes=(), refs=()) -> Document:
    clauses = [replace(c, ordinal=i) for i, c in enumerate(clauses, start=1)]
    return Document(resolution, clauses,
                    [Footnote(n, t, 0, 0) for n, t in footnotes],
                    [FootnoteRef(c, n, o, 0) for c, n, o in refs], [])


def zh_plain() -> Document:
    pp2 = "表示注意到秘书长根据第76/39号决议提交的报告，"
    return _document(
        _resolution("zh", "A/RES/77/44", "拟订和执行裁军和军备控制协定时遵守环境规范",
                    committee="第一委员会", committee_report="A/77/385",
                    adoption_note="[根据第一委员会的报告(A/77/385)通过]"),
        [_clause("pp1", "回顾其2021年12月6日第76/39号决议，", phrase="回顾"),
         _clause("pp2", pp2, phrase="表示注意到"),
         _clause("pp3", "念及使用核武器对环境造成的有害影响，", phrase="念及"),
         _clause("op1", "重申各国际裁军论坛就裁军和军备限制条约和协定进行谈判时，应充分考虑到"
                 "有关的环境规范，所有国家应以行动全力确保在执行已参加的条约和公约时遵守上述规范；",
                 "1", "重申"),
         _clause("op2", "促请各国：", "2", "促请"),
         _clause("op2.a", "采取单边、双边、区域和多边措施；", "(a)"),
         _clause("op2.b", "帮助确保在国际安全、裁军和其他有关领域的框架内应用科学和技术进展；", "(b)"),
         _clause("op3", "决定将题为“全面彻底裁军”的项目列入第七十八届会议临时议程。", "3", "决定")],
        footnotes=[(1, "A/77/86。")],
        refs=[("pp2", 1, len(pp2))])


def zh_declaration() -> Document:
    return _document(
        _resolution("zh", "A/RES/75/1", "纪念联合国成立七十五周年宣言",
                    adoption_note="[未经发交主要委员会而通过(A/75/L.1)]",
                    draft_symbol="A/75/L.1", adoption_date=date(2020, 9, 21),
                    plenary_meeting=3),
        [_clause("u1", "通过以下宣言：", phrase="通过", kind="unnumbered"),
         _clause("h1", "纪念联合国成立七十五周年宣言", kind="heading"),
         _clause("op1", "我们，各国元首和政府首脑，在联合国成立七十五周年之际聚会；", "1"),
         _clause("op2", "我们将不让任何人掉队。", "2")])


def en_plain() -> Document:
    pp2 = "Taking note of the report of the Secretary-General submitted pursuant to resolution 76/39,"
    return _document(
        _resolution("en", "A/RES/77/44", "Observance of environmental norms in the drafting "
                    "and implementation of agreements on disarmament and arms control",
                    committee="First Committee", committee_report="A/77/385",
                    adoption_note="[on the report of the First Committee (A/77/385, para. 110)]"),
        [_clause("pp1", "Recalling its resolution 76/39 of 6 December 2021,", phrase="Recalling"),
         _clause("pp2", pp2, phrase="Taking note"),
         _clause("pp3", "Mindful of the detrimental environmental effects of the use of nuclear "
                 "weapons,", phrase="Mindful"),
         _clause("op1", "Reaffirms that international disarmament forums should take fully into "
                 "account the relevant environmental norms in negotiating treaties and agreements "
                 "on disarmament and arms limitation;", "1", "Reaffirms"),
         _clause("op2", "Calls upon States:", "2", "Calls upon"),
         _clause("op2.a", "To adopt unilateral, bilateral, regional and multilateral measures;",
                 "(a)"),
         _clause("op2.b", "To contribute to ensuring the application of scientific and "
                 "technological progress;", "(b)"),
         _clause("op3", "Decides to include in the provisional agenda of its seventy-eighth "
                 "session the sub-item entitled \u201cObservance of environmental norms\u201d.",
                 "3", "Decides")],
        footnotes=[(1, "A/77/86.")],
        refs=[("pp2", 1, len(pp2))])


def en_with_annex() -> Document:
    return _document(
        _resolution("en", "A/RES/78/3", "Political declaration of the high-level meeting on "
                    "pandemic prevention, preparedness and response",
                    adoption_note="[without reference to a Main Committee (A/78/L.2)]",
                    draft_symbol="A/78/L.2", adoption_date=date(2023, 10, 5), plenary_meeting=16),
        [_clause("op1", "Approves the political declaration of the high-level meeting, as "
                 "contained in the annex to the present resolution.", phrase="Approves"),
         _clause("an1.h1", "Political declaration of the high-level meeting", kind="heading"),
         _clause("an1.u1", "We, Heads of State and Government, assembled at the United Nations "
                 "on 20 September 2023:", kind="unnumbered"),
         _clause("an1.op1", "Reaffirm the right of every human being to the enjoyment of the "
                 "highest attainable standard of health;", "1"),
         _clause("an1.op2", "Commit to act together.", "2")])


DOCUMENTS = {"zh-plain": zh_plain, "zh-declaration": zh_declaration, "en-plain": en_plain,
             "en-annex": en_with_annex}


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _in_order(needle: str, haystack: str) -> bool:
    """Are needle's characters found in haystack in the same order?"""
    it = iter(haystack)
    return all(ch in it for ch in needle)


# ---------------------------------------------------------------- what a render prints

@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_layout_prints_every_row_in_order(name):
    document = DOCUMENTS[name]()
    doc = doc_from_document(document)
    for layout, options in LAYOUTS[document.resolution.language].items():
        text = render(doc, options)
        flat = _squeezed(text)
        r = document.resolution
        assert _squeezed(f"{printed_number(r.symbol)}.{r.title}") in _squeezed(
            text.replace("\n", "")), layout
        assert _in_order(_squeezed(r.adoption_note or ""), flat), layout
        for clause in document.clauses:
            # Every clause's text, in order (markers and furniture may stand between).
            assert _in_order(_squeezed(clause.text), flat), (layout, clause.clause_id)
        if options.bold_factor is None or r.language == "en":
            # Nothing is printed twice: the characters of the rows are all there is,
            # besides the layout.
            wanted = Counter(_squeezed("".join(c.text for c in document.clauses)))
            printed = Counter(flat)
            assert all(printed[ch] >= n for ch, n in wanted.items()), layout
        for number, note in ((f.number, f.text) for f in document.footnotes):
            assert _in_order(_squeezed(note), flat), (layout, number)


def test_chinese_pdf_layout_prints_bold_masthead_and_spaced_dates():
    text = render(doc_from_document(zh_plain()), LAYOUTS["zh"]["pdf"])
    lines = text.splitlines()
    assert " 大会大会大会大会，" in lines
    assert any(line.startswith(" 回顾回顾回顾回顾其 2021 年 12 月 6 日第 76/39 号决议") for line in lines)
    assert " 2 0 2 2 年 1 2 月 7 日大会决议" in lines
    assert lines[0].strip() == "联合国" and "A/RES/77/44" in lines[1]
    assert "第七十七届会议 " in lines
    # The marker of footnote 1 stands alone on its line, its text in the block below.
    assert "1" in lines and " A/77/86。" in lines
    assert "第 46 次全体会议" in lines and "2022 年 12 月 7日" in lines


def test_chinese_narrow_layout_breaks_pages_and_uses_fullwidth_numbers():
    options = LAYOUTS["zh"]["narrow-pages"]
    text = render(doc_from_document(zh_plain()), options)
    lines = text.splitlines()
    assert any(line.startswith(" １．") for line in lines)
    assert any(line.startswith(" （a）") for line in lines)
    assert " ２０２２ 年 １２ 月 ７ 日大会决议" in lines
    # Page breaks: running headers with the symbol and the title between body lines.
    headers = [line for line in lines if line.endswith("A/RES/77/44") and line.startswith("拟订")]
    assert len(headers) >= 2
    from etl.chars import display_width
    body = [line for line in lines if line not in headers and "/" not in line]
    assert max(display_width(line) for line in body) <= options.width + 2


def test_one_line_layout_prints_each_paragraph_on_one_line():
    for document in (zh_plain(), en_plain()):
        options = LAYOUTS[document.resolution.language]["one-line"]
        lines = render(doc_from_document(document), options).splitlines()
        for clause in document.clauses:
            if clause.clause_id == "pp2":
                continue  # carries a marker
            assert sum(clause.text in line for line in lines) == 1, clause.clause_id


def test_english_pymupdf_layout():
    text = render(doc_from_document(en_plain()), LAYOUTS["en"]["pymupdf"])
    lines = [line.rstrip() for line in text.splitlines()]
    assert lines[:2] == ["United Nations", "A/RES/77/44"]
    assert "Seventy-seventh session" in lines
    assert "The General Assembly," in lines
    assert "Resolution adopted by the General Assembly on 7 December 2022" in lines
    assert "[on the report of the First Committee (A/77/385, para. 110)]" in lines
    # A paragraph's number alone on its line, the text on the next.
    i = lines.index("1.")
    assert lines[i + 1].startswith("Reaffirms that")
    assert "(a)" in lines
    # The marker is glued to the word before it, as PyMuPDF prints a superscript.
    assert any(line.endswith("76/39,1") for line in lines)
    # Italic leading phrases leave no trace: nothing is repeated.
    assert "RecallingRecalling" not in text
    assert lines[lines.index("46th plenary meeting") + 1] == "7 December 2022"
    assert "1  A/77/86." in lines and "__________________" in lines


def test_english_annex_follows_the_closing_lines():
    lines = [l.rstrip() for l in render(doc_from_document(en_with_annex()),
                                        LAYOUTS["en"]["spaced-markers"]).splitlines()]
    assert lines.index("16th plenary meeting") < lines.index("Annex") \
        < lines.index("Political declaration of the high-level meeting")
    assert any(line.startswith("1. Reaffirm the right") for line in lines)


def test_several_annexes_are_numbered():
    document = en_with_annex()
    document.clauses.append(_clause("an2.u1", "Rules of procedure of the meeting.",
                                    kind="unnumbered"))
    lines = [l.rstrip() for l in render(doc_from_document(document),
                                        LAYOUTS["en"]["one-line"]).splitlines()]
    assert lines.index("Annex I") < lines.index("Annex II") \
        < lines.index("Rules of procedure of the meeting.")
    assert "Annex" not in lines


def test_words_of_the_fixed_lines():
    assert [english_ordinal_suffix(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 112)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st",
         "112th"]
    assert [english_ordinal_words(n) for n in (1, 3, 8, 12, 20, 40, 77, 79, 80)] == \
        ["first", "third", "eighth", "twelfth", "twentieth", "fortieth", "seventy-seventh",
         "seventy-ninth", "eightieth"]
    assert [chinese_number(n) for n in (1, 10, 11, 20, 74, 80)] == \
        ["一", "十", "十一", "二十", "七十四", "八十"]
    assert printed_number("A/RES/75/101A") == "75/101 A"
    assert printed_number("A/RES/ES-11/1") == "ES-11/1"


# ---------------------------------------------------------------- renders parse back

@pytest.mark.parametrize("name", ["zh-plain", "en-plain"])
def test_renders_of_plain_resolutions_parse_back_to_the_same_rows(name):
    document = DOCUMENTS[name]()
    doc = doc_from_document(document)
    for layout, options in LAYOUTS[document.resolution.language].items():
        text = render(doc, options)
        parsed = parse_bytes(text.encode("utf-8"), f"{name}[{layout}]").document()
        assert compare(document, parsed) is None, (layout, compare(document, parsed))


@pytest.mark.parametrize("name", ["zh-declaration", "en-annex"])
def test_renders_of_declarations_and_annexes_parse_back_to_the_same_rows(name):
    document = DOCUMENTS[name]()
    doc = doc_from_document(document)
    for layout, options in LAYOUTS[document.resolution.language].items():
        text = render(doc, options)
        parsed = parse_bytes(text.encode("utf-8"), f"{name}[{layout}]").document()
        assert compare(document, parsed) is None, (layout, compare(document, parsed))


def test_seeds_rendered_from_their_rows_parse_back(seeds):
    """The four Chinese seeds: their parsed rows, rendered in the corpus layouts
    (bold repeated three or four times, spaced digits, one line per paragraph...),
    parse back to the same rows."""
    for symbol, parsed in seeds.items():
        document = parsed.document()
        doc = doc_from_document(document)
        for layout, options in LAYOUTS["zh"].items():
            again = parse_bytes(render(doc, options).encode("utf-8"), f"{symbol}[{layout}]")
            assert compare(document, again.document()) is None, (symbol, layout)


# ---------------------------------------------------------------- the comparison

def test_compare_names_the_first_difference():
    xml = zh_plain()
    assert compare(xml, zh_plain()) is None
    fewer = replace(xml, clauses=[c for c in xml.clauses if c.clause_id != "op3"])
    d = compare(xml, fewer)
    assert (d.field, d.signature, d.where) == ("clauses", "op count: parser finds fewer",
                                          "op: parser 2 vs xml 3")
    assert compare(fewer, xml).signature == "op count: parser finds more"
    moved = replace(xml, refs=[FootnoteRef("pp2", 1, 5, 0)])
    d = compare(xml, moved)
    assert (d.field, d.signature, d.where) == ("markers", "marker offset", "pp2")
    cut = replace(xml, clauses=[replace(c, leading_phrase="表示") if c.clause_id == "pp2" else c
                                for c in xml.clauses])
    assert compare(xml, cut).signature == "leading_phrase cut short"
    late = replace(xml, resolution=replace(xml.resolution, plenary_meeting=47))
    assert compare(xml, late).signature == "plenary_meeting differs"


def test_text_causes():
    assert text_cause("可持续发展目标", "可持续发展目标4") == \
        "digits lost (a number taken for a marker)"
    assert text_cause("决议,1 并", "决议, 并") == "digits added (a marker kept as text)"
    assert text_cause("a  b", "a b") == "spaces differ"
    assert text_cause("回顾其决议，", "回顾其决议，注意到报告，") == "text cut short"
    assert text_cause("回顾其决议，注意到报告，", "回顾其决议，") == "text runs on (next text glued on)"


def test_summary_groups_failures_by_cause():
    member = Member("sources/akn/x.zip", "Chinese/a.xml", "zh")
    bad = Difference("clauses", "op count: parser finds fewer", "op", "op1", "op1 op2")
    pairs = [PairResult("A/RES/1/1", "zh", "pdf", member.where, None),
             PairResult("A/RES/1/1", "zh", "one-line", member.where, bad),
             PairResult("A/RES/1/2", "zh", "pdf", member.where, bad),
             PairResult("A/RES/1/2", "zh", "one-line", member.where, None)]
    report = summarize([MemberResult(member, pairs)], ["zh"], {"zh": ("pdf", "one-line")})
    zh = report["languages"]["zh"]
    assert (zh["pairs"], zh["exact"], zh["percent_exact"]) == (4, 2, 50.0)
    assert zh["layouts"] == {"pdf": {"pairs": 2, "exact": 1, "percent_exact": 50.0},
                             "one-line": {"pairs": 2, "exact": 1, "percent_exact": 50.0}}
    assert [(c["signature"], c["pairs"], c["resolutions"]) for c in zh["causes"]] == \
        [("op count: parser finds fewer", 2, 2)]
    assert [e["symbol"] for e in zh["causes"][0]["examples"]] == ["A/RES/1/1", "A/RES/1/2"]
    assert "| zh | 2 | 4 | 2 | 50.0 |" in markdown(report)


# ---------------------------------------------------------------- the corpus

# Measured on the fixed sample below (10 files per language, seed 9, two
# layouts each: 20 pairs per language); the share of exact pairs must not
# fall below it. Raise it as the parser and the XML reader improve.
SAMPLE_FLOOR = {"zh": 80.0, "en": 75.0}


def test_fixed_corpus_sample_stays_as_exact_as_measured():
    members = sample_members(corpus_members(DEFAULT_SOURCES, ["zh", "en"]), 10, seed=9)
    assert Counter(m.language for m in members) == {"zh": 10, "en": 10}
    layouts = {"zh": ("pdf", "one-line"), "en": ("pymupdf", "one-line")}
    results = run(members, ["zh", "en"], layouts, jobs=2)
    assert not [r.reader_error for r in results if r.reader_error]
    report = summarize(results, ["zh", "en"], layouts)
    for code, floor in SAMPLE_FLOOR.items():
        lang = report["languages"][code]
        assert lang["pairs"] >= 20
        assert lang["percent_exact"] >= floor, (code, lang["causes"][:5])


def test_a_broken_archive_is_named(tmp_path):
    (tmp_path / "75session-Chinese.zip").write_bytes(b"not a zip archive")
    with pytest.raises(ValueError, match="75session-Chinese.zip: not a readable zip archive"):
        corpus_members(tmp_path, ["zh"])
