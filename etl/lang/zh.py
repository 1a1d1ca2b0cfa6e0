"""Chinese (zh): every word and pattern the parser needs to read a Chinese
General Assembly resolution.

Adding another official language means writing a sibling of this module with
the same names; nothing else in the pipeline knows Chinese.
"""

import re

from ..chars import needs_space

CODE = "zh"
# undocs.org takes its own language segment (Chinese is /zh/ or the older /ch/).
UNDOCS_SEGMENT = "zh"

# Words are not separated by spaces: patterns match the line with every space
# removed (PDF spacing breaks words up: "2 0 0 4 年", "大 会").
SPACED_WORDS = False


def flat(text: str) -> str:
    """The line as the patterns below match it."""
    return "".join(text.split())  # str.split() splits at what \s matches


# ---------------------------------------------------------------- header
# Masthead lines of the first page ("联合国", "大会", "Distr.: General",
# "第七十一届会议", "议程项目 98(c)", the issue date, job number, bar code):
# page furniture, set aside without a warning.
MASTHEAD = re.compile(
    r"^(?:联合国|大会|A/RES/\S+|Distr\.?:?General|\d{4}年\d{1,2}月\d{1,2}日|"
    r"第[一二三四五六七八九十]+届会议|议程项目.*|\d{2}-\d{5}\(C\).*|\*\d{7,}\*)$")
AGENDA_ITEM = re.compile(r"^议程项目(?P<item>.+)$")
# " 2013 年 12 月 5 日大会决议" -- the date heading printed above the committee line.
# PDF extraction sometimes spaces out every digit ("2 0 0 4 年 1 2 月 3 日").
ADOPTION_HEADING = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日大会决议$")
ADOPTION_HEADING_LINES = 1
MONTHS: dict[str, int] = {}

# "[根据第一委员会的报告(A/68/411)通过]"; the report may carry a paragraph
# reference after a comma ("(A/75/399，第 96 段)"), and some notes omit the
# closing 通过. The committee is kept as printed, with its own parentheses
# ("特别政治和非殖民化委员会(第四委员会)"). Notes are also printed short:
# without 的报告 ("[根据特别政治和非殖民化委员会(第四委员会) (A/74/409)]"),
# without the report ("[根据特别政治和非殖民化委员会(第四委员会)]"), or with
# 通过 before the parenthesis ("[根据……的报告通过(A/76/418/Add.1，第6段)]").
# The committee then runs to the 委员会 that ends its name, with the
# parenthesis that names it again ("(第四委员会)"), if any.
COMMITTEE_NOTE = re.compile(
    r"^[\[［]根据(?P<committee>.+?委员会(?:[(（][^()（）]*委员会[)）])?|.+?(?=的报告))"
    r"(?:的报告)?(?:通过)?(?:[(（](?P<report>[^)）]*)[)）])?(?:通过)?[\]］]$"
)
# "[未经发交主要委员会而通过 (A/75/L.1)]" -- adopted without reference to a main committee.
PLENARY_NOTE = re.compile(
    r"^[\[［]未经发交主要委员会而通过(?:[(（](?P<draft>[^)）]*)[)）])?[\]］]$"
)
# The parts of a note's parenthesis: "A/75/399，第 96 段" -> symbol, paragraph reference.
NOTE_PARTS = re.compile(r"[，,;；和]")  # "A/75/L.82 和 A/75/L.82/Add.1"

# Enacting formula, alone on its line: "大会，" (bold renders as "大会大会大会大会，").
ENACTING_WORD = "大会"
ENACTING_FORMULA = re.compile(r"^(?:大会)+[，,]$")

# ---------------------------------------------------------------- closing lines
# After the last operative paragraph: the adoption date and the plenary meeting,
# each on its own line, in either order.
CLOSING_DATE = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")
PLENARY_MEETING = re.compile(r"^第(?P<n>\d+)次全体会议$")


# ---------------------------------------------------------------- paragraphs
# Punctuation that ends a paragraph: preambular paragraphs end with "，",
# operative paragraphs with "；" and the last one with "。"; a paragraph that
# continues in sub-paragraphs ends with "：".
PARAGRAPH_END = "，；。：,;:"
FOOTNOTE_END = "。"
COLONS = ("：", ":")  # a paragraph that continues in sub-paragraphs ends with one
SENTENCE_END = "。"
# Characters that may follow the terminator at the very end of a paragraph.
CLOSING_QUOTES = "”’」』）)"

# Items under a sub-paragraph are numbered with parenthesised ideographs: ㈠
# to ㈩, then (十一), (十二) ...
ITEM_LABEL = re.compile(r"^\s*([㈠-㈩]|[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）])\s*")
# A lead-in that introduces a text the resolution adopts or quotes: what
# follows it up to the next numbered paragraph of the resolution is that text
# ("通过下述宣言：", "……如下：").
INTRODUCES_TEXT = re.compile(r"(?:如下|下述|下列|以下)[^，,；;。]{0,30}[：:]$")
# "* * *" between parts of the operative text.
SEPARATOR = re.compile(r"^[*＊](?:\s*[*＊]){2}$")
# A heading line inside the body: a section number ("一", "I", "A.") or a
# short title without paragraph punctuation.
HEADING_MAX_WIDTH = 0.6

# ---------------------------------------------------------------- numbers in text
# A number directly followed by one of these is a quantity, date or ordinal in
# the running text ("13 个步骤", "2009 年", "第 3 段", "第 8 至 12 段"),
# never a footnote marker.
NUMBER_UNITS = set(
    "年月日时分秒周天个段条点号次届卷项款部章节页名人国份倍位岁期批轮场座枚件类、万亿千百多余-/.．%％"
)
# Range words count as units only when a number follows ("8 至 12 段"); a
# marker may stand before them otherwise ("步骤 6 至关重要").
RANGE_WORDS = ("至", "到", "~", "～")
# A number directly preceded by one of these words is an annex, action, table
# or ordinal number, or the end of a range ("附件 2", "行动 36", "第 5",
# "1、2"), never an inline footnote marker. Nouns that follow their number in
# Chinese (段, 条, 卷) are not here: a marker may stand right after them
# ("第十四条 4 于").
NUMBER_PREFIXES = ("第", "附件", "附录", "附表", "行动", "表", "图", "编号", "目标", "指标",
                   "原则", "建议")
# Of those, the words that also end longer words ("路线图", "代表") or name
# things numbered in lists ("建议 11、12 和 13"): their number is a reference
# only when punctuation or a joiner follows it. Before running text it is a
# marker ("四方路线图3为基础", "……的建议1提出评论").
WORD_END_PREFIXES = ("建议", "表", "图")
# What follows a numbered reference in running text ("建议 9，", "建议 1 和建议 10").
REFERENCE_FOLLOWERS = set("和或及至到、的中所")
# The counters that make a number after "、" a count ("、5 个", "、2 名").
LIST_COUNTERS = set("年月日时分秒周天个段条点号次届卷项款名人份倍位岁批轮场座枚件类万亿千百多余%％")
# Words that continue a list or range of numbers ("1、2", "8 至 12", "3 和 4"):
# a number after them is not a marker when a number stands before them. After
# other text a marker may follow them ("《宣言》、5《公约》").
RANGE_JOINERS = ("至", "到", "和", "或", "及", "、", "－", "-")
# Of those, the words whose number is part of a name ("可持续发展目标 4",
# "具体目标 3.7"): a number after them that could also be the next footnote
# marker is kept as text, with a warning.
NAME_WORDS = ("目标", "指标", "原则", "建议", "附件", "行动")

# A footnote marker candidate: a number of one to three digits standing apart
# from other digits, symbols and Latin words. It opens with the digit and looks
# behind it afterwards: a pattern that opens with a look-behind is tried at
# every character, one that opens with a digit lets the engine skip to the next.
# A digit before ",533" opens a number with thousands separators ("1,533").
MARKER_CANDIDATE = re.compile(r"\d(?<![\d/.．\-A-Za-z_]\d)\d{0,2}(?![\d/.．\-A-Za-z_]|,\d{3}(?!\d))")


_YEAR_AHEAD = re.compile(r"\d{4}(?!\d)")


def marker_context(raw: str, start: int, end: int) -> bool:
    """Can the number at raw[start:end], inside a line, be a footnote marker?

    Not when a unit, counter or range follows it ("13 个", "2009 年", "8 至"),
    nor when a word that takes a number precedes it ("附件 2", "行动 36", "第 5").
    """
    after = raw[end:end + 8].lstrip()
    before = raw[max(0, start - 12):start].rstrip()
    # A Latin letter or digit right after the number continues it ("13A",
    # "1 000万", a group of thousands); after a space a year may follow a
    # marker ("、6 2012年").
    spaced_number = raw[end:end + 1].isspace() and _YEAR_AHEAD.match(after) is not None
    units = NUMBER_UNITS
    if before.endswith("、") and not before[:-1].rstrip()[-1:].isdigit():
        # Between two named items of a list ("世界人权会议、2 国际人口与发展
        # 会议") a number is a count only before a counter: the other units
        # also open words ("国际", "部长", "期间").
        units = LIST_COUNTERS
    if after and (after[0] in units or after[0] in "(（)）" or after[0].isascii()
                  and after[0].isalnum() and not spaced_number):
        return False
    for word in RANGE_WORDS:
        if after.startswith(word) and after[len(word):].lstrip()[:1].isdigit():
            return False
    if before and before[-1] in "(（":
        return False
    prefix = next((p for p in NUMBER_PREFIXES if before.endswith(p)), None)
    if prefix is not None and not (prefix in WORD_END_PREFIXES and after[:1].isalpha()
                                   and after[0] not in REFERENCE_FOLLOWERS):
        return False
    for word in RANGE_JOINERS:
        if before.endswith(word) and before[:-len(word)].rstrip()[-1:].isdigit():
            return False
    return True


# Counters that never open a word a footnote's text opens with (unlike 国,
# 人, 部, 期, which open 国际, 人权, 部长, 期间).
_COUNTERS_ONLY = set("年月日个段号届卷页岁倍、%％")


def continues_number(rest: str) -> bool:
    """Does `rest`, the text after a number that opens a line, go on with the
    number (a counter, a range, a dash or closing punctuation: a wrapped
    line of running text, "3 月 14 日") rather than open a footnote's text?"""
    rest = rest.lstrip()
    if not rest:
        return False
    if rest[0] in _COUNTERS_ONLY or rest[0] in "–—-,，。；;：:)）】》”’":
        return True
    return any(rest.startswith(w) and rest[len(w):].lstrip()[:1].isdigit() for w in RANGE_WORDS)


def names_number(raw: str, start: int) -> str | None:
    """The word before the number at `start` if it makes the number part of a name."""
    before = raw[max(0, start - 12):start].rstrip()
    return next((w for w in NAME_WORDS if before.endswith(w)), None)


def line_join(left: str, right: str) -> str:
    """What a line break between two characters stands for: nothing next to
    Chinese text, a space between two narrow characters
    ("NPT/CONF.1995/32 ⏎ (Part I)")."""
    return " " if needs_space(left, right) else ""

# ---------------------------------------------------------------- leading phrases
# The phrase that opens a paragraph ("回顾", "又重申", "欢迎并鼓励"). Chinese
# texts print it in bold; where the extraction kept no bold, it is the longest
# phrase of the corpus vocabulary (etl/lang/data/leading_zh.txt) the
# paragraph opens with.
# A paragraph never opens with a conjunction: text after a line break that
# starts "并……" continues the sentence before it.
CONJUNCTIONS = ("并", "以及", "及", "和", "而", "但", "同时")
# Adverbials that may stand before the verb ("在这方面回顾……"): not part of the phrase.
LEADING_ADVERBIALS = ("在这方面", "在此方面", "为此", "因此", "此外", "另外", "同样")
# A leading phrase split around its object: "对……深表关切".
SPLIT_PHRASE_OPENER = "对"
SPLIT_PHRASE_GAP = "……"
# Bold is printed: a repeated run of text marks the phrase.
BOLD_REPEATS = True
# Chinese spacing around digits is typesetting: it says nothing of markers.
MARKERS_GLUED = False
# Leading phrases are matched as they are written (no case to fold).
PHRASE_BOUNDARY = ""

# ---------------------------------------------------------------- citations
RESOLUTION_WORD = "决议"
DECISION_WORD = "决定"
NUMBER_WORD = "号"          # "第 49/75 E 号决议"
ORDINAL_PREFIX = "第"
# What joins the items of a list of cited acts ("第 50/70P号、……和第 67/60 号决议").
LIST_GLUE = ("以及", "、", "，", ",", "和", "及", "与")
TREATY_SERIES = "条约汇编"  # 联合国，《条约汇编》，第 729 卷，第 10485 号
VOLUME_WORD = "卷"
IBID = "同上"
# Words that may stand between a date and the act it dates: "2004 年 9 月 24 日通过 GC(48)/RES/14 号决议".
DATE_LINKS = ("通过的", "通过", "核可的", "核准的")
# Words inside a document symbol's modifier, in the catalogue's English: "(Part I 和 II)".
SYMBOL_WORDS = {"和": "and", "，": ","}
# A date in running text, with the named groups y, m, d.
DATE_IN_TEXT = r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"

# Grammar of a leading phrase around the corpus vocabulary: adverbs that may
# stand before a phrase ("又", "再次", "进一步"), and "并" joining two phrases
# ("赞扬并进一步鼓励").
LEADING_MODIFIERS = ("又", "还", "并", "也", "亦", "再次", "再度", "进一步", "一再", "再一次")
LEADING_JOINER = "并"
# Phrases of resolutions older than the XML corpus (sessions 74 on) that the
# corpus never marks: "再次表明" (A/RES/71/49), "表示遗憾的是" (A/RES/68/47).
EXTRA_LEADING_PHRASES = ("表明", "表示遗憾的是")


# ---------------------------------------------------------------- annexes
# The heading of an annex after the closing lines: "附件", "附件二".
ANNEX_HEADING = re.compile(r"^附件[一二三四五六七八九十]*$")
