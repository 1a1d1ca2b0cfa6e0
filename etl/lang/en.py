"""English (en): every word and pattern the parser needs to read an English
General Assembly resolution. The same names as etl.lang.zh.

English prints leading phrases in italics, which text extraction loses: they
are recognised from the corpus vocabulary (etl/lang/data/leading_en.txt).
"""

import re

CODE = "en"
UNDOCS_SEGMENT = "en"

# Words are separated by spaces: patterns match the line with runs of spaces
# folded to one.
SPACED_WORDS = True


def flat(text: str) -> str:
    """The line as the patterns below match it."""
    return " ".join(text.split())  # str.split() splits at what \s matches


MONTHS = {m: i for i, m in enumerate(
    "January February March April May June July August September October November December"
    .split(), start=1)}
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_DATE = rf"(?P<d>\d{{1,2}}) (?P<m>{_MONTH}) (?P<y>\d{{4}})"

# ---------------------------------------------------------------- header
# The first page's masthead: "United Nations", the symbol, "General Assembly",
# "Distr.: General", the issue date, the job number "21-13440 (E) 280921",
# the bar code "*2113440*", the session and the agenda item (whose title
# follows it on the next lines).
MASTHEAD = re.compile(
    rf"^(?:United Nations|A/RES/\S+|General Assembly|Distr\.: ?\w+(?: \w+)?|{_DATE}|"
    r"\d{2}-\d{5} ?\([A-Z]\)(?: \d{6})?|\*\d{7,}\*|"
    r"(?:[A-Z][a-z]+-)?[A-Za-z]+ (?:special |emergency special )?session|"
    r"Agenda items? .*|Original: \w+)$")
AGENDA_ITEM = re.compile(r"^Agenda items? (?P<item>.+)$")
# "Resolution adopted by the General Assembly on 22 September 2021", printed
# on two lines.
ADOPTION_HEADING = re.compile(rf"^Resolution adopted by the General Assembly on {_DATE}$")
ADOPTION_HEADING_LINES = 2

# "[on the report of the First Committee (A/72/409)]"; the report may carry a
# paragraph reference ("(A/75/399, para. 96)").
COMMITTEE_NOTE = re.compile(
    r"^\[ ?[Oo]n the reports? of the (?P<committee>.+?) ?\((?P<report>[^)]*)\) ?\]$")
# "[without reference to a Main Committee (A/76/L.2)]".
PLENARY_NOTE = re.compile(
    r"^\[ ?[Ww]ithout reference to a Main Committee ?(?:\((?P<draft>[^)]*)\))? ?\]$")
# "(A/73/510 and A/73/510/Corr.1)", "(A/75/399, para. 96)"; extraction may
# drop the spaces around "and" ("A/74/L.15andA/74/L.15/Add.1"): a document
# symbol never holds a lower-case "and", so it splits there too.
NOTE_PARTS = re.compile(r"[,;]|\s*and\s*(?=[A-Z(])")

ENACTING_WORD = "The General Assembly"
ENACTING_FORMULA = re.compile(r"^The General Assembly ?,?$")

# ---------------------------------------------------------------- closing lines
# The print may lose a space in a short line ("4 December2024").
CLOSING_DATE = re.compile(rf"^(?P<d>\d{{1,2}}) ?(?P<m>{_MONTH}) ?(?P<y>\d{{4}})$")
PLENARY_MEETING = re.compile(r"^(?P<n>\d+) ?(?:st|nd|rd|th) (?:\(resumed\) )?plenary meeting$")

# ---------------------------------------------------------------- paragraphs
# Preambular paragraphs end with ",", operative ones with ";" and the last
# with "."; a paragraph that continues in sub-paragraphs ends with ":".
PARAGRAPH_END = ",;.:"
FOOTNOTE_END = "."
# A line of a footnote that ends with one of these abbreviations goes on
# ("... chap. ⏎ III, sect. A.").
# Capitalised too where a symbol's modifier carries one ("A/77/6 (Sect. ⏎ 13)").
ABBREVIATION_END = re.compile(
    r"(?:^|[\s(])(?:[Cc]haps?|[Ss]ects?|[Pp]aras?|[Vv]ols?|No|Nos|p|pp|[Aa]rts?|Corr|Add"
    r"|Rev|Suppl|e\.g|i\.e|cf|op|loc)\.$")
COLONS = (":",)
SENTENCE_END = "."
CLOSING_QUOTES = "”’\")"
# Items are (i), (ii) ...: no numerals of their own.
ITEM_LABEL = None
INTRODUCES_TEXT = re.compile(
    r"(?:the following|as follows|which reads?|reads? as follows)\b[^;]{0,300}:$")
SEPARATOR = re.compile(r"^\*(?:\s*\*){2}$")
HEADING_MAX_WIDTH = 0.6

# ---------------------------------------------------------------- numbers in text
# A number after one of these words is a reference ("paragraph 50",
# "resolution 43/1", "Goal 4", "vol. 660"), never a footnote marker. Names of
# bodies and meetings are not here: the texts never number them with a
# figure after the word ("Special Committee 5 and" is a marker).
NUMBER_PREFIXES = (
    "paragraph", "paragraphs", "para.", "paras.", "resolution", "resolutions", "decision",
    "decisions", "No.", "Nos.", "no.", "vol.", "vols.", "article", "articles", "Article",
    "Articles", "annex", "Annex", "Goal", "Goals", "goal", "target", "targets", "Target",
    "indicator", "action", "chapter", "chap.", "sect.", "section", "Section", "rule", "Rule",
    "principle", "Principle", "recommendation", "Recommendation", "Agenda", "Action", "Protocol",
    "page",
    "p.", "pp.", "item", "items", "sub-item", "Part", "part", "Chapter", "table", "Table",
    "figure", "Figure", "step", "Step", "and", "or", "to", "from", "of", "nor", "than",
    "to", "between", "by",
    "category", "Category", "level", "Level", "Phase", "phase", "Group", "COP", "Step",
    # a number right after a preposition is a date, a count or a range
    "on", "in", "at", "from", "since", "until", "before", "after", "over", "under", "for",
    "with", "all", "the", "first", "last", "some", "about",
)
NAME_WORDS = ("Goal", "Goals", "goal", "target", "targets", "Target", "indicator", "Principle",
              "principle", "Article", "article", "Action", "Agenda")
# A number followed by one of these is a quantity or a range, not a marker.
NUMBER_UNITS = ("per cent", "percent", "%", "years", "year", "months", "month", "days", "day",
                "weeks", "hours", "steps", "points", "States", "countries", "million",
                "billion", "thousand", "members", "Member", "times", "-", "–", "/", "(", ")",
                *MONTHS)
# Words that make a range or list of numbers when a number follows them
# ("4 and 5", "8 to 12"); a marker may stand before them otherwise
# ("Human Rights 4 and that").
RANGE_WORDS = ("and", "or", "to", "through")
# A footnote marker candidate: one to three digits not inside a number,
# symbol or decimal ("3.7"); it may be glued to the word it annotates
# ("Discrimination5", "Weapons,5", "43/1;8"). A digit before ",533" opens a
# number written with thousands separators ("1,533 persons").
# The patterns open with a digit and look behind it afterwards: a pattern that
# opens with a look-behind is tried at every character, one that opens with a
# digit lets the regular expression engine skip ahead to the next digit.
MARKER_CANDIDATE = re.compile(r"\d(?<![\d/\-.]\d)\d{0,2}(?![\d/\-]|\.\d|,\d{3}(?!\d)|[A-Za-z])")
# A marker printed right after a year: "of 19721" is "of 1972" + marker 1.
YEAR_MARKER = re.compile(r"(?:19|20)(?<!\d..)\d\d(\d{1,2})(?![\d/\-]|\.\d|[A-Za-z])")
# A marker after the full stop that ends a sentence ("respectively.8",
# "(A/75/10).5"): MARKER_CANDIDATE leaves out a digit after a point, which
# is a decimal ("3.7") or part of a symbol ("E.93.I.8", "Add.1", "Res.9")
# everywhere else.
# The pattern opens with the point, so that the search skips ahead to each
# point; what stands before it is looked at only there.
_STOP_MARKER = re.compile(r"\.(\d{1,3})(?=\s|$)")
_WORD_BEFORE_STOP = re.compile(r"(?:(?<![^\s(“‘])[A-Za-z][a-z]+|[)”’\]])$")
# Words a symbol numbers after a point ("and Corr.1", "GC.18/Res.9").
_SYMBOL_PARTS = {"Res", "Amend", "Conf", "Sess", "Inf", "Misc", "Ser", "Dec", "Rec", "Doc"}


def stop_markers(raw: str):
    """(start, end) of markers printed after a sentence's full stop."""
    for m in _STOP_MARKER.finditer(raw):
        before = _WORD_BEFORE_STOP.search(raw, max(0, m.start() - 30), m.start())
        if before is None:
            continue
        word = before.group()
        if word in _SYMBOL_PARTS or ABBREVIATION_END.search(" " + word + "."):
            continue  # "para.", "Corr." end no sentence
        yield m.span(1)


_THOUSANDS = re.compile(r"\d{3}(?!\d)")
# What may open a word before its number: "(article 11", "“Goal 4".
_OPENING_PUNCTUATION = "([“‘\"'"
# A name that carries a number glued to it: "U4", "G77", "COP26".
_CODE_NAME = re.compile(r"[A-Z]{1,3}")
# A number that goes on a range ("4 and 5"), not a date ("and 4 February").
_NUMBER_NOT_DATE = re.compile(rf"\d+(?!\d)(?! {_MONTH})")


def marker_context(raw: str, start: int, end: int) -> bool:
    """Can the number at raw[start:end], inside a line, be a footnote marker?"""
    after = raw[end:end + 24].lstrip()
    if _THOUSANDS.match(after):
        return False  # "1 000": a group of thousands follows
    for unit in NUMBER_UNITS:
        if after.startswith(unit) and (len(unit) == 1 or after[len(unit):len(unit) + 1]
                                       in ("", " ", ",", ";", ".")):
            return False
    before = raw[max(0, start - 16):start]
    # A number glued to the word before it ("Terrorism6 and 4 February") or
    # standing after a year ("2018 6 and 48/2") is no part of a range.
    standalone = before[-1:] == " " and not before.rstrip()[-1:].isdigit()
    # After a comma the number opens a list or range of days ("2017, 3 to 5
    # April 2018"); a spaced marker stands after a word ("Development 6 and
    # 4 February").
    opens_days = before.rstrip()[-1:] in (",", ";")
    for word in RANGE_WORDS:
        if standalone and after.startswith(word + " ") and (
                opens_days and after[len(word):].lstrip()[:1].isdigit()
                or _NUMBER_NOT_DATE.match(after[len(word):].lstrip())):
            return False
    if before[-1:] in ("(", "/", "$", "€", "£", "#", "-", "–"):
        return False
    word = before.rstrip().rpartition(" ")[2].lstrip(_OPENING_PUNCTUATION)
    if before[-1:].isalpha():
        # A number glued to a word is a marker ("session2", "Committee11"):
        # a reference is printed with a space ("session 2"). Only a short
        # capitalised code carries its number glued, as part of a name
        # ("U4", "G77", "COP26").
        return not _CODE_NAME.fullmatch(word)
    return word not in NUMBER_PREFIXES


# What a number of the running text may be followed by at the start of a
# wrapped line, and a footnote's text never opens with: a dash or closing
# punctuation ("3 – 14 June 1992"), a unit or a month ("3 June"), a range.
_RUNS_ON = re.compile(rf"^(?:[-–—,.;:)\]]|(?:{'|'.join(map(re.escape, [u for u in NUMBER_UNITS if u not in '()']))})(?![A-Za-z])|(?:{'|'.join(RANGE_WORDS)}) \d)")


def continues_number(rest: str) -> bool:
    """Does `rest`, the text after a number that opens a line, go on with the
    number (a unit, a range, a date: a wrapped line of running text) rather
    than open a footnote's text?"""
    return bool(_RUNS_ON.match(rest))


def names_number(raw: str, start: int) -> str | None:
    word = raw[max(0, start - 16):start].rstrip().rpartition(" ")[2]
    return word if word in NAME_WORDS else None


def line_join(left: str, right: str) -> str:
    """What a line break stands for: a space, except after a hyphen that
    ends a line inside a compound ("Nuclear-⏎Test-Ban")."""
    if left == "-" or left.isspace() or right.isspace():
        return ""
    return " "


# Spaces that justified lines put around the en dash of a range of numbers
# ("2015 – 2030"): the range is written without them ("2015–2030").
SPACE_FREE = re.compile(r"(?<=\d)\s+(?=–\s*\d)|(?:(?<=\d–)|(?<=\d\s–))\s+(?=\d)")


# ---------------------------------------------------------------- leading phrases
# Leading phrases are italic in print and lost in extraction: they come from
# the corpus vocabulary, matched as whole words.
CONJUNCTIONS = ("and ", "or ", "but ", "as well as ")
LEADING_ADVERBIALS = ("In this regard, ", "In this context, ", "To that end, ")
SPLIT_PHRASE_OPENER = None
SPLIT_PHRASE_GAP = ""
BOLD_REPEATS = False
# A footnote marker is a superscript printed right after the word or punctuation
# it annotates; extraction may add a space before it, but a number with a space
# before it that repeats an earlier footnote is text (see etl.text.extract).
MARKERS_GLUED = True
# A phrase ends at a word boundary: "Notes" is not "Noted".
PHRASE_BOUNDARY = r"(?![A-Za-z\-])"

# ---------------------------------------------------------------- citations
RESOLUTION_WORD = "resolution"
DECISION_WORD = "decision"
TREATY_SERIES = "Treaty Series"
IBID = "Ibid."
SYMBOL_WORDS: dict[str, str] = {}
DATE_IN_TEXT = _DATE


# ---------------------------------------------------------------- annexes
# The heading of an annex after the closing lines: "Annex", "Annex II".
ANNEX_HEADING = re.compile(r"^Annex(?: [IVXL]+| \d+)?$")
