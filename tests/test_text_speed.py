"""The fast forms of the text parser's hot spots give what their plain forms give.

Each rewrite for speed (array arithmetic instead of a Counter, a pattern that
opens with a digit instead of a look-behind, a prefilter before a search) is
checked here against the plain definition it replaces, on generated text
that mixes the characters the rewrite is about.
"""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.chars import display_width
from etl.citations import find_citations
from etl.lang import en, zh
from etl.lang.detect import detect_language
from etl.text.accounting import characters, code_points, coverage

# White space of every kind, full-width ASCII, CJK, Latin, digits and the
# punctuation the patterns look at.
_MIXED = st.text(alphabet=st.sampled_from(
    list(" \t\n\f\v\r\u3000\u00a0\u2028\u1680\x1c") + list("１２，（）ａＺ\u2011") + list("中文决议号第年")
    + list("abcXYZ0123456789/.-–_ ") + ["\u0416", "\u0628", "\u00e9", "\u2019"]), max_size=60)


def _plain_characters(*texts: str) -> Counter:
    joined = re.sub(r"\s+", "", "".join(texts))
    return Counter(joined.translate({0xFF01 + i: 0x21 + i for i in range(94)} | {0x2011: 0x2D}))


@given(st.lists(_MIXED, max_size=4))
def test_code_points_are_the_folded_characters(texts):
    assert sorted(characters(*texts).elements()) == [chr(c) for c in code_points(*texts)]
    assert characters(*texts) == _plain_characters(*texts)


@given(st.lists(_MIXED, max_size=4), st.lists(_MIXED, max_size=4))
def test_coverage_reports_the_multiset_difference(source, accounted):
    cover = coverage(source, accounted)
    expected_missing = _plain_characters(*source) - _plain_characters(*accounted)
    expected_invented = _plain_characters(*accounted) - _plain_characters(*source)
    assert cover.missing == dict(expected_missing)
    assert cover.invented == dict(expected_invented)
    assert cover.source_characters == sum(_plain_characters(*source).values())
    assert cover.complete == (not expected_missing and not expected_invented)


def test_no_white_space_above_the_lookup_table():
    # code_points looks white space up in a table that ends at U+3000.
    assert not any(chr(c).isspace() for c in range(0x3001, 0x110000))


def test_coverage_of_a_permutation_is_complete():
    cover = coverage(["大会，", "回顾 第 1 号决议"], ["决议号第1顾回,会大"])
    assert cover.complete and cover.source_characters == 10 and cover.ratio == 1.0


_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6"
    "\U00020000-\U0003fffd]")


@given(_MIXED)
def test_display_width_counts_wide_characters_twice(text):
    stripped = text.strip()
    assert display_width(text) == len(stripped) + len(_WIDE.findall(stripped))


# The marker patterns as first written, with the look-behind in front.
_PLAIN_PATTERNS = [
    (zh.MARKER_CANDIDATE,
     re.compile(r"(?<![\d/.．\-A-Za-z_])\d{1,3}(?![\d/.．\-A-Za-z_]|,\d{3}(?!\d))")),
    (en.MARKER_CANDIDATE,
     re.compile(r"(?<![\d/\-.])\d{1,3}(?![\d/\-]|\.\d|,\d{3}(?!\d)|[A-Za-z])")),
    (en.YEAR_MARKER, re.compile(r"(?<!\d)(?:19|20)\d\d(\d{1,2})(?![\d/\-]|\.\d|[A-Za-z])")),
]


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(list("0123456789129019/.．-_aZ 年,\n")), max_size=20))
def test_marker_patterns_match_as_their_plain_forms(text):
    for fast, plain in _PLAIN_PATTERNS:
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
            [(m.span(), m.groups()) for m in plain.finditer(text)]


def test_marker_patterns_on_printed_examples():
    assert [m.group() for m in zh.MARKER_CANDIDATE.finditer("决议1 第 50/70 号 目标 3.7 2")] == \
        ["1", "2"]
    assert [m.group(1) for m in en.YEAR_MARKER.finditer("of 19721 and 2015, 20163")] == ["1", "3"]


_PLAIN_SCRIPTS = {"zh": "[\u4e00-\u9fff]", "ru": "[\u0400-\u04ff]", "ar": "[\u0600-\u06ff]"}


def _plain_detect(text: str) -> str:
    sample = text[:6000]
    scripts = {code: len(re.findall(p, sample)) for code, p in _PLAIN_SCRIPTS.items()}
    latin = len(re.findall("[A-Za-z\u00c0-\u024f]", sample))
    code, count = max(sorted(scripts.items()), key=lambda kv: kv[1])
    if count and count * 3 >= latin:
        return code
    return "latin"


@given(st.text(alphabet=st.sampled_from(list("中文Жжبa Zé\u024f\u0250の1")), max_size=40))
def test_script_counts_decide_as_the_plain_counts(text):
    found = detect_language(text)
    plain = _plain_detect(text)
    if plain == "latin":
        assert found in ("en", "fr", "es", "de", "und")
    else:
        assert found == plain


def test_texts_without_a_slash_or_digit_cite_nothing_but_ibid():
    assert find_citations("回顾其关于这一问题的各项决议，") == []
    assert find_citations("Recalling its resolutions on the question,", language="en") == []
    previous = find_citations("A/77/385, para. 110", language="en")
    assert [c.target for c in find_citations("Ibid.", previous, language="en")] == ["A/77/385"]
