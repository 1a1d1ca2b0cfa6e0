"""The leading-phrase vocabulary: generated from the XML corpus, used by the
longest match."""

from collections import Counter
from pathlib import Path

import pytest

from etl.lang import en, leading_phrases, zh
from etl.lang.vocabulary import DATA, main, select, select_tails
from etl.text.phrases import leading_phrase, opens_with_leading_phrase, trie_pattern

ROOT = Path(__file__).resolve().parent.parent


def test_regenerating_gives_the_committed_files(tmp_path):
    assert main(["--sources", str(ROOT / "sources" / "akn"), "--output", str(tmp_path)]) == 0
    for name in ("leading_zh.txt", "leading_en.txt", "leading_tails_en.txt"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
    assert not (tmp_path / "leading_tails_zh.txt").exists()


def test_committed_files_are_sorted_and_unique():
    for code in ("zh", "en"):
        lines = (DATA / f"leading_{code}.txt").read_text(encoding="utf-8").split("\n")
        assert lines[-1] == "" and lines[:-1] == sorted(set(lines[:-1]))


def test_selection_drops_spans_that_closed_too_early_or_too_late():
    counts = Counter({"回顾": 6000, "又回顾": 1800, "又": 6, "回顾其": 9, "表示": 5,
                      "表示注意到": 2400, "欢迎": 3000, "欢迎并鼓励": 40, "提及": 2})
    assert select(counts, "zh") == ["又回顾", "回顾", "提及", "欢迎", "欢迎并鼓励", "表示注意到"]
    # Where words are separated by spaces a one-word phrase stays, and a phrase
    # marked once stays when it extends one marked more often.
    counts = Counter({"Expresses": 8, "Expresses its appreciation": 369,
                      "Expresses full solidarity and sympathy": 1, "Climate finance": 1, "A": 1})
    assert select(counts, "en") == ["Expresses", "Expresses full solidarity and sympathy",
                                    "Expresses its appreciation"]


def test_vocabulary_holds_the_phrases_the_hand_list_missed():
    words = set(leading_phrases("zh"))
    assert {"表示注意到", "感到关切的是", "提及", "又提及", "知悉"} <= words
    assert {"Recalling also", "Bearing in mind", "Calls upon", "Takes note with appreciation"} \
        <= set(leading_phrases("en"))


@pytest.mark.parametrize("text, phrase", [
    ("表示注意到秘书长的报告，", "表示注意到"),     # not 表示
    ("感到关切的是冲突仍在继续，", "感到关切的是"),  # not 感到关切
    ("提及其以往的决议，", "提及"),
    ("又提及大会第 70/1 号决议，", "又提及"),
    ("知悉秘书长的说明，", "知悉"),
    ("赞扬并进一步鼓励各国的努力，", "赞扬并进一步鼓励"),  # two phrases joined by 并
    ("在这方面回顾国际社会的承诺，", "回顾"),           # an adverbial before the phrase
])
def test_longest_match_chinese(text, phrase):
    assert leading_phrase(text, [], lang=zh) == phrase


@pytest.mark.parametrize("text, phrase", [
    ("Recalling also its resolution 70/1,", "Recalling also"),
    ("Recalling its resolution 70/1,", "Recalling"),
    ("Takes note with appreciation of the report,", "Takes note with appreciation"),
    ("Notes the report,", "Notes"),
    ("Noted that", None),   # whole words only
    # words that extend any phrase in the corpus, after a phrase they were never seen with
    ("Notes with deep regret that", "Notes with deep regret"),
    ("Stresses once again that", "Stresses once again"),
    ("Notes with respect to the report", "Notes"),
    ("Encourages further efforts", "Encourages"),
])
def test_longest_match_english(text, phrase):
    assert leading_phrase(text, [], lang=en) == phrase


def test_conjunctions_do_not_open_paragraphs():
    assert not opens_with_leading_phrase("and recalling its resolution,", en)
    assert not opens_with_leading_phrase("并回顾其决议，", zh)
    assert opens_with_leading_phrase("Recalling its resolution,", en)


def test_trie_pattern_prefers_the_longest_word():
    import re
    pattern = re.compile(trie_pattern(["Takes", "Takes note", "Takes note with appreciation"]))
    assert pattern.match("Takes note with appreciation of").group() == \
        "Takes note with appreciation"
    assert pattern.match("Takes note of").group() == "Takes note"


def test_tails_are_kept_where_the_corpus_marks_them_after_several_phrases():
    openings = Counter({
        # "with deep regret" extends two different phrases; "further" is more
        # often left out of the phrase than taken into it
        ("Notes with deep regret", "Notes with deep regret that"): 3,
        ("Noting with deep regret", "Noting with deep regret the"): 2,
        ("Encourages further", "Encourages further efforts"): 1,
        ("Welcomes further", "Welcomes further views"): 1,
        ("Encourages", "Encourages further cooperation"): 5,
        ("Notes", "Notes the report"): 9, ("Noting", "Noting the report"): 9,
        ("Encourages", "Encourages States"): 9, ("Welcomes", "Welcomes the report"): 9,
    })
    chosen = ["Encourages", "Notes", "Noting", "Welcomes"]
    assert select_tails(openings, chosen, "en") == ["with deep regret"]
    assert select_tails(openings, chosen, "zh") == []
