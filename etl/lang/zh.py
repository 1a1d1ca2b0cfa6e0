"""Chinese (zh): every word and pattern the parser needs to read a Chinese
General Assembly resolution.

Adding another official language means writing a sibling of this module with
the same names; nothing else in the pipeline knows Chinese.
"""

import re

CODE = "zh"
# undocs.org takes its own language segment (Chinese is /zh/ or the older /ch/).
UNDOCS_SEGMENT = "zh"

# ---------------------------------------------------------------- header
# " 2013 年 12 月 5 日大会决议" -- the date heading printed above the committee line.
# PDF extraction sometimes spaces out every digit ("2 0 0 4 年 1 2 月 3 日").
_D = r"(\d(?:\s*\d)*)"
ADOPTION_HEADING = re.compile(rf"^{_D}\s*年\s*{_D}\s*月\s*{_D}\s*日\s*大会决议$")

# "[根据第一委员会的报告(A/68/411)通过]"; the report may carry a paragraph
# reference after a comma: "(A/75/399，第 96 段)".
COMMITTEE_NOTE = re.compile(
    r"^[\[［]\s*根据\s*(?P<committee>.+?)\s*的报告\s*[(（](?P<report>[^)）]*(?:[(（][^)）]*[)）][^)）]*)*)[)）]\s*通过\s*[\]］]$"
)
# "[未经发交主要委员会而通过 (A/75/L.1)]" -- adopted without reference to a main committee.
PLENARY_NOTE = re.compile(
    r"^[\[［]\s*未经发交主要委员会而通过\s*(?:[(（](?P<draft>[^)）]*)[)）])?\s*[\]］]$"
)

# Enacting formula, alone on its line: "大会，" (bold renders as "大会大会大会大会，").
ENACTING_WORD = "大会"
ENACTING_FORMULA = re.compile(r"^(?:大会)+\s*[，,]$")

# ---------------------------------------------------------------- closing lines
# After the last operative paragraph: the adoption date and the plenary meeting,
# each on its own line, in either order.
CLOSING_DATE = re.compile(rf"^{_D}\s*年\s*{_D}\s*月\s*{_D}\s*日$")
PLENARY_MEETING = re.compile(r"^第\s*(\d+)\s*次\s*全体会议$")


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

# Items under a sub-paragraph are numbered with parenthesised ideographs.
ITEM_NUMERALS = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"

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
NUMBER_PREFIXES = (
    "第", "附件", "附录", "附表", "行动", "表", "图", "编号", "至", "到", "和", "或", "及",
    "、", "－", "-",
)

# ---------------------------------------------------------------- leading phrases
# The phrase that opens a paragraph ("回顾", "又重申", "欢迎并鼓励"). Chinese
# texts print it in bold; where the extraction kept no bold, it is recognised
# from this vocabulary: optional modifiers, a verb phrase, and optionally a
# second verb joined by "并" ("赞扬并进一步鼓励").
LEADING_MODIFIERS = (
    "又", "还", "并", "也", "亦", "再次", "再度", "进一步", "最强烈地", "强烈",
    "坚决", "深切", "欣然", "满意地", "关切地", "严重关切地", "遗憾地", "赞赏地", "感激地",
    "谨", "仍然", "仍", "特别", "紧急", "一再", "再一次",
)
LEADING_VERBS = (
    # preambular
    "回顾", "重申", "铭记", "确认", "认识到", "认识", "注意到", "注意", "欢迎", "欣见", "强调指出",
    "强调", "着重指出", "深信", "深知", "念及", "考虑到", "考虑", "意识到", "关切", "深为关切",
    "表示关切", "表示深为关切", "深表关切", "表示严重关切", "表示遗憾的是", "表示遗憾",
    "遗憾", "赞扬", "赞赏", "表示赞赏", "决心", "申明", "坚信", "相信", "希望", "指出",
    "认为", "忆及", "承认", "感到震惊", "震惊", "痛惜", "表示痛惜", "关注", "感谢", "表示感谢",
    "满意", "表示满意", "支持", "表示支持", "致力于", "鉴于", "重视", "肯定", "期待", "期望",
    "确信", "深感关切", "感到关切", "感到遗憾", "察觉到", "审议了", "审议", "收到", "听取了",
    "研究了", "借鉴", "回忆", "表明", "宣告",
    # operative
    "吁请", "呼吁", "促请", "敦促", "强烈敦促", "鼓励", "请", "要求", "决定", "邀请", "建议",
    "核可", "赞同", "谴责", "强烈谴责", "宣布", "授权", "核准", "通过", "注意到", "赞成",
    "同意", "接受", "重申", "表示", "设立", "指定", "促进", "责成", "敦请", "恳请", "提请",
    "请求", "确定", "商定", "承诺", "保证", "警告", "反对", "拒绝", "否决", "宣告",
)
LEADING_JOINER = "并"
# A paragraph never opens with a conjunction: text after a line break that
# starts "并……" continues the sentence before it.
CONJUNCTIONS = ("并", "以及", "及", "和", "而", "但", "同时")
# Adverbials that may stand before the verb ("在这方面回顾……"): not part of the phrase.
LEADING_ADVERBIALS = ("在这方面", "在此方面", "为此", "因此", "此外", "另外", "同样")
# A leading phrase split around its object: "对……深表关切".
SPLIT_PHRASE_OPENER = "对"
SPLIT_PHRASE_GAP = "……"

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
