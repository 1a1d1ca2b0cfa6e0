"""The clauses of one resolution body (or annex) from its AKN markup.

The markup of one resolution differs between its language versions (corpus
notes, sections 2.4, 2.5 and 3.3). These rules give every version the same
clause ids (the contract in etl/records.py); ids are counted, labels keep
what was printed.

Preamble
- `container` -> pp (the whole container, a quoted `blockList` included);
  `blockList/item` directly in the preamble -> sub-items of the pp before it;
  a `p` directly in the preamble -> its own pp.
- `crossHeading[@refersTo="#preamble"]` (sections of budget resolutions)
  -> a pp of its section (s2.pp1).
- Operative text some versions put in the preamble: a container whose text
  starts with the next operative number ("4. 鼓励……" between two mainBody
  blocks) -> that op; a container holding a blockList numbered 1., 2. ->
  its lead-in is a u row and its items ops (Chinese 79/261); the last
  container ending with ":" right before the first op -> the u lead-in
  ("正式决定：" = "Resolves that:"); and when a body has no operative text at
  all, its last preambular paragraph unless it ends with "," (Chinese 77/128 A).
Operative part (`mainBody`; several preamble/mainBody blocks are walked in
document order and the counters continue)
- `paragraph` with a number -> op: in `<num>`, or written at the start of the
  text ("1 -", "١٠ -", "16," where the converter missed it), or a bare number
  ("41 приветствует", "7决定") when it is the next number in sequence.
- `paragraph` whose `<num>` or text starts with a letter or roman label
  ("(a)", "a)", "(أ)", "(ﻫ)", "(أ أ)", "(i)", "㈠", "(十一)", "(子)") -> a
  sub-paragraph of the op before it (74th/75th-session flat sub-paragraphs;
  Arabic sub-paragraphs as numbered paragraphs); a roman item goes under the
  letter before it, except "(i)" after "(h)" and "(ii)" after "(hh)",
  which are letters.
- `list`: `intro` is the op's text, `point` a sub-paragraph, `sublist` holds
  the items of the point *before* it (its sibling). A sublist whose labels
  are of the owner point's kind, or which continues the owner's letters
  ("d)" after "c)"), is misnested: its points are the owner's siblings
  (Russian 76/248, 78/30).
- Headings: a `paragraph` without content (a `subheading`, a `heading`, a
  lone `<num>I</num>`), a paragraph whose only content is a subheading, a
  paragraph styled H1/H23..., or a short unnumbered text without closing
  punctuation ("一 导言", "Introduction"). One row per printed element: a
  lone "I" is h1 and the title after it h2; a heading whose text starts with
  its number ("一 导言", "II. Activities", "II Activities") gives the same two
  rows, but only where the print separates the number from the title (a
  period; a space and a capital; in Chinese a space or "、"): "Introduction",
  "Children and ...", "Comité mixte" start with a roman numeral's letter and
  have no number (heading_label). Languages differ only in whether "I" is a
  `<num>` or a `<subheading>`, and this keeps h ids aligned.
- An unnumbered paragraph with content:
  * at the start of the operative part, before any other row, and ending
    like a preambular paragraph (",", "،", "，", ";"): the last preambular
    paragraph, misplaced into mainBody -> pp (Arabic 77/55);
  * in a body (or section) with no numbered paragraph at all: an op (a
    single operative paragraph is printed without a number);
  * otherwise (a lead-in "Adopts the following declaration:", "* * *",
    quoted text): u.
- `section`, `part`, `title`, `subsection`, `chapter`: their num/heading/
  subheading are heading rows; numbering restarts inside them, so their ids
  take the prefix s<key> from their `<num>` or the first token of a heading
  child: roman numerals as arabic, letters in lower case (I.A -> s1.sa.),
  Arabic letter names (ألف, باء, جيم) and Chinese numerals (一, 二) mapped the
  same way, else the position among its siblings.
- Tables (`container` in mainBody) and the notes printed under them ("a See
  A/76/411", "(أ) انظر") -> u rows; a table stands inside the paragraph before
  it, so "(b)" after a table inside sub-paragraph (a) stays op2.b.
Declarations adopted inline ("Adopts the following declaration:", a heading,
then paragraphs 1..n): the lead-in is a u row, the title an h row and the
adopted paragraphs op rows numbered in document order, as the contract in
etl/records.py says: every language version marks them up as numbered
paragraphs, so their ids align, and the text front end, which sees numbered
paragraphs, gives the same.
Documents adopted inline with a preamble of their own (adopted_document: an
outcome document whose preambular paragraphs some versions mark up as a
second preamble, others as unnumbered paragraphs, with its last preambular
paragraph in mainBody): everything after the lead-in takes the prefix d1.,
its title (a first row without closing punctuation) is d1.h1, the rows
before its first preambular paragraph (its opening "We, ...,") are u, its
preambular paragraphs d1.pp1 ..., its numbered paragraphs d1.op1 ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..chars import is_wide
from ..symbols import division_key, int_to_roman, roman_to_int
from .flatten import Flat, Tags, first_child, flatten, fold, text_of

# An operative number written into the text: "1 -", "١٠ -", "1.", "16," (typo).
_INLINE_NUMBER = re.compile(r"^([0-9\u0660-\u0669\u06f0-\u06f9]{1,3})\s*(?:[-–—.．,]|\s-)\s*(?=\S)")
_GLUED_DASH = re.compile(r"^[0-9\u0660-\u0669\u06f0-\u06f9]{1,3}[-–—](?=[^\W\d_])")
# A quoted list item: an opening quotation mark, then a label ("“(a)", "«a)").
_QUOTED_LABEL = re.compile(r"^[“«„\"‘]\s*[(（]?[^\W\d_]{1,3}[)）]")
# Not a date or a time ("5月28日，星期二" is a line of a schedule, not paragraph 5).
# The next paragraph's number inside a paragraph, after its closing punctuation.
_MERGED_NUMBER = re.compile(r"[;؛；.。]\s*([0-9\u0660-\u0669]{1,3})\s*(?:-|–|\.)\s+(?=\S)")
_BARE_NUMBER = re.compile(
    r"^([0-9\u0660-\u0669\u06f0-\u06f9]{1,3})(?!\s*[年月日时点])(?:\s+|(?=[\u4e00-\u9fff]))"
    r"(?=[^\W\d_])")
# The mark of a note under a table: "a ", "(a) ", "(أ) ", "* ".
_TABLE_NOTE = re.compile(
    r"^(?:[(（]\s*([a-z]{1,2}|[\u0621-\u064a\ufe70-\ufefc]{1,2}|[а-я])\s*[)）]|([a-z]|[а-я]|\*{1,3}))(?:\s+|(?=[\u4e00-\u9fff]))(?=\S)")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Labels of sub-paragraphs and items, as printed in the six languages.
_LATIN_LETTER = r"[a-z]{1,2}"
_CYRILLIC_LETTER = r"[а-я]{1,2}"
# Arabic letters, also in presentation forms ("(ﻫ)" is U+FEEB).
_ARABIC_LETTER = r"[\u0621-\u064a\ufb50-\ufdff\ufe70-\ufefc]{1,3}(?: [\u0621-\u064a\ufb50-\ufdff\ufe70-\ufefc]{1,2})?"
_ROMAN = r"[ivxlc]{1,6}"
# Chinese texts quoting a treaty letter their sub-paragraphs 子, 丑, 寅 ...
_BRANCH = r"[子丑寅卯辰巳午未申酉戌亥]"
_LABEL_TEXT = re.compile(
    rf"^[(（]?\s*(?P<body>{_LATIN_LETTER}|{_ROMAN}|{_CYRILLIC_LETTER}|{_ARABIC_LETTER}|{_BRANCH})\s*[)）]"
    r"|^(?P<circled>[\u3220-\u3229])"
    r"|^[(（](?P<cn>[一二三四五六七八九十]{1,3})[)）]"
    r"|^[’‘'](?P<quoted>[0-9\u0660-\u0669]{1,2})[‘’']")
_NUMBER_LABEL = re.compile(r"^\s*([0-9\u0660-\u0669\u06f0-\u06f9]{1,3})\s*[-–.．,)]?\s*$")
# A division's number: "II", "IV.", Chinese "一." (I.), "十二、".
_ROMAN_ONLY = re.compile(r"^(?:[IVXLC]{1,6}\.?|[一二三四五六七八九十]{1,3}[.、．]?)$")
_LETTER_ONLY = re.compile(r"^[A-Z]\.?$")
# Sentence punctuation, dashes and white space after a leading phrase.
_PHRASE_END = " \t\n\u00a0,;:.!?،؛，；：、。！？…-–—"
_PREAMBLE_END = (",", "،", "，", "、", ";")
_DECLARATION_END = (":", "：")
# Arabic letters of the abjad order used for sub-paragraphs.
_ARABIC_ORDER = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"


@dataclass(slots=True)
class Item:
    """One piece of body text before ids are given."""

    kind: str                    # pp | op | sub | unnumbered | heading | table
    flat: Flat
    prefix: tuple[str, ...] = ()  # section path ("1", "a")
    label: str | None = None
    number: int | None = None    # printed op number
    level: int = 1               # 2 sub-paragraph, 3 item, 4 item under an item
    label_kind: str | None = None  # letter | roman | item | number
    leading_phrase: str | None = None
    origin: str = ""             # how it was recognised, for the report
    parent: int | None = None    # index of the item it belongs to (points, sublists)
    final: str = ""              # kind after assign_ids: pp | op | sub | heading | unnumbered | table
    adopted: bool = False        # part of a document the resolution adopts (ids d1.)


@dataclass
class Body:
    """The items of one resolution body or one annex, and what was set aside."""

    items: list[Item] = field(default_factory=list)
    set_aside: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    skipped: list[tuple[str, str]] = field(default_factory=list)    # elements left out
    counts: dict = field(default_factory=dict)

    def count(self, key: str) -> None:
        self.counts[key] = self.counts.get(key, 0) + 1


def _label_kind(label: str) -> tuple[str | None, str | None]:
    """('letter'|'roman'|'item', the bare letter) for a printed sub-paragraph label."""
    m = _LABEL_TEXT.match(label)
    if not m:
        return None, None
    if m.group("circled"):
        return "item", m.group("circled")
    if m.group("cn"):
        return "item", m.group("cn")
    if m.group("quoted"):
        return "item", m.group("quoted")
    body = m.group("body")
    if re.fullmatch(_ROMAN, body):
        return ("roman" if len(body) > 1 or body in "ivx" else "letter"), body
    return "letter", body


def normalise_label(label: str) -> str:
    """'1.' -> '1', 'a)' -> '(a)', '’1‘' -> '(1)', Arabic-Indic digits -> ASCII."""
    s = " ".join(label.split()).translate(_ARABIC_DIGITS)
    n = _NUMBER_LABEL.match(s)
    if n:
        return n.group(1)
    m = _LABEL_TEXT.match(s)
    if m:
        if m.group("circled"):
            return m.group("circled")
        return f"({m.group('body') or m.group('quoted') or m.group('cn')})"
    return s.rstrip(".")


def trim_phrase(words: str) -> str | None:
    """A leading phrase without the punctuation and spaces after it:
    "Recalling," -> "Recalling", "强调指出，" -> "强调指出". Only sentence
    punctuation and dashes go, never a bracket or quotation mark that
    belongs to the words."""
    return words.rstrip(_PHRASE_END) or None


class BodyReader:
    """Turns the preamble/mainBody elements of one statement (or annex) into Items."""

    def __init__(self, tags: Tags, known_markers: set[int], openers: tuple[str, ...] = ()):
        self.t = tags
        self.known = known_markers
        # Adverbials that may stand before a leading phrase ("在这方面", "In
        # this regard, "): the language profile's, shared with the text parser.
        self.openers = tuple(o.rstrip(" ,，") for o in openers)
        self.body = Body()
        self.last_number: dict[tuple, int] = {}   # last op number printed, per section
        # A paragraph number printed alone ("<num>1.</num>" and empty content),
        # waiting for the unnumbered paragraph after it (French 79/1).
        self.pending_number: tuple | None = None

    # -- text helpers ------------------------------------------------------
    def flat(self, el, skip_num: bool = False) -> Flat:
        f = flatten(el, self.t, skip_num=skip_num, known_markers=self.known)
        self.body.set_aside.extend(f.set_aside)
        return f

    def add(self, item: Item) -> Item:
        if self.pending_number is not None:
            self.flush_number()
        self.body.items.append(item)
        return item

    def flush_number(self) -> None:
        """A number printed alone that no paragraph took: a heading row, as before."""
        num_text, num_el, prefix = self.pending_number
        self.pending_number = None
        self.add(Item("heading", _flat_of_text(num_text, num_el), prefix, origin="num"))

    def phrase(self, el, text: str) -> str | None:
        """The bold or italic words that open the text, if the text starts with
        them, or with one of the language's adverbials and then them ("为此
        <b>重申</b>，"): the adverbial is no part of the phrase."""
        t = self.t
        after = self.after_opener(text)
        for span in el.iter(t.span, t.i, t.b):
            cls = span.get("class") or ""
            if span.tag == t.span and "italic" not in cls and "bold" not in cls:
                continue
            words = fold(text_of(span), self.t.wide)
            if words and text.startswith(words) and after is not None \
                    and self.after_opener(words) == "":
                continue  # the adverbial itself set in bold: the phrase follows
            if words and (text.startswith(words) or after and after.startswith(words)):
                return trim_phrase(words)
            return None
        return None

    def after_opener(self, text: str) -> str | None:
        """The text after its opening adverbial and the comma after it, or None."""
        for opener in self.openers:
            rest = text[len(opener):]
            if text.startswith(opener) and not (opener.isascii() and rest[:1].isalnum()):
                return rest.lstrip(" ,，")
        return None

    # -- preamble ------------------------------------------------------------
    def preamble(self, el, prefix: tuple[str, ...] = ()) -> None:
        t = self.t
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == t.formula:
                self.body.set_aside.append(("enacting_formula", text_of(child)))
            elif tag == t.container or tag == t.p:
                self.pp(child, prefix, "container" if tag == t.container else "p")
            elif tag == t.blockList:
                self.block_list(child, prefix)
            else:
                self.pp(child, prefix, "other:" + _local(tag))

    def pp(self, el, prefix, origin: str) -> None:
        block = first_child(el, self.t.blockList)
        if block is not None and _numbered_items(block, self.t):
            self.operative_block(el, prefix)
            return
        f = self.flat(el)
        if not f.text:
            return
        m = _INLINE_NUMBER.match(f.text) or _BARE_NUMBER.match(f.text)
        if m and int(m.group(1).translate(_ARABIC_DIGITS)) == self.last_number.get(prefix, 0) + 1:
            # The next operative paragraph, put in a preamble block between two
            # mainBody blocks (Chinese 75/234: "4. 鼓励……").
            self.numbered_or_not(el, el, f, None, "", prefix)
            self.body.count("numbered_paragraphs_in_preamble")
            return
        name = " ".join((el.get("name") or "").split())
        phrase = None
        if name and f.text.startswith(name) and self.after_opener(name) != "":
            phrase = trim_phrase(name)
        else:
            phrase = self.phrase(el, f.text)
            if name:
                self.body.count("container_name_not_at_text_start")
        self.add(Item("pp", f, prefix, leading_phrase=phrase, origin=origin))

    def operative_block(self, el, prefix) -> None:
        """Operative paragraphs written as a numbered quoted list in the preamble
        (Chinese 79/261: "正式决定：" + items 1., 2., 3.): a lead-in and ops."""
        t = self.t
        self.body.count("numbered_lists_in_preamble")
        for child in el:
            if not isinstance(child.tag, str):
                continue
            parts = list(child) if child.tag == t.blockList else [child]
            for part in parts:
                if not isinstance(part.tag, str):
                    continue
                num = first_child(part, t.num) if part.tag == t.item else None
                num_text = " ".join(text_of(num).split()) if num is not None else ""
                f = self.flat(part, skip_num=True)
                if not f.text:
                    continue
                n = _NUMBER_LABEL.match(num_text.translate(_ARABIC_DIGITS)) if num_text else None
                if n:
                    self.last_number[prefix] = int(n.group(1))
                    self.add(Item("op", f, prefix, n.group(1), int(n.group(1)),
                                  label_kind="number", leading_phrase=self.phrase(part, f.text),
                                  origin="numbered_list_in_preamble"))
                elif num_text and _label_kind(num_text)[0]:
                    self.add(Item("sub", f, prefix, normalise_label(num_text), level=2,
                                  label_kind=_label_kind(num_text)[0], origin="list_in_preamble"))
                else:
                    self.add(Item("unnumbered", f, prefix, leading_phrase=self.phrase(part, f.text),
                                  origin="list_in_preamble"))

    def block_list(self, el, prefix) -> None:
        """A quoted list in the preamble: its items belong to the pp before it."""
        t = self.t
        parent = _last_index(self.body.items, lambda i: i.kind == "pp" and i.prefix == prefix)
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag == t.item and parent is not None:
                label_el = first_child(child, t.num)
                label = text_of(label_el) if label_el is not None else None
                f = self.flat(child, skip_num=True)
                if f.text:
                    self.add(Item("sub", f, prefix, normalise_label(label) if label else None,
                                  level=2, parent=parent, origin="blockList"))
            else:
                f = self.flat(child)
                if f.text:
                    self.add(Item("pp", f, prefix, origin="blockList"))

    # -- operative part ----------------------------------------------------------
    def main_body(self, el, prefix: tuple[str, ...] = ()) -> None:
        for child in el:
            if isinstance(child.tag, str):
                self.main_body_child(child, prefix)
        if self.pending_number is not None:
            self.flush_number()

    def division(self, el, prefix) -> None:
        t = self.t
        key = None
        # The division's own label: its <num>, else the first token of one of its
        # first heading-like children ("A", "ألف", "一", "II. Title", a bold "B").
        for child in el.iterchildren():
            tag = child.tag
            if tag == t.num or tag in (t.subheading, t.heading):
                key = division_key(" ".join(text_of(child).split()))
            elif tag == t.paragraph and (first_child(child, t.num) is None or (
                    first_child(child, t.content) is None
                    and first_child(child, t.list) is None)):
                # A heading paragraph (num + subheading), or a short text one.
                text = " ".join(text_of(child).split())
                if len(text) > _HEADING_MAX:
                    break
                key = division_key(text)
            elif isinstance(tag, str):
                break
            if key:
                break
        if key is None:
            siblings = [s for s in el.itersiblings(preceding=True) if s.tag == el.tag]
            key = str(len(siblings) + 1)
            self.body.count("division_numbered_by_position")
        self.body.count("division:" + _local(el.tag))
        inner = prefix + (key,)
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag in (t.num, t.heading, t.subheading):
                self.heading(child, prefix)
            else:
                self.main_body_child(child, inner)

    def main_body_child(self, child, prefix) -> None:
        """One child of a mainBody (or of a section inside it)."""
        t = self.t
        tag = child.tag
        if tag == t.paragraph:
            self.paragraph(child, prefix)
        elif tag in (t.section, t.part, t.title, t.subsection, t.chapter):
            self.division(child, prefix)
        elif tag == t.crossHeading:
            self.pp(child, prefix, "crossHeading")
        elif tag in (t.subheading, t.heading, t.num):
            self.heading(child, prefix)
        elif tag == t.container:
            self.table(child, prefix)
        else:
            f = self.flat(child)
            if f.text:
                self.add(Item("unnumbered", f, prefix, origin="stray:" + _local(tag)))

    def heading(self, el, prefix) -> None:
        f = self.flat(el)
        if f.text:
            self.add(Item("heading", f, prefix, origin=_local(el.tag)))

    def table(self, el, prefix) -> None:
        f = self.flat(el)
        if f.text:
            self.body.count("table_blocks")
            self.add(Item("table", f, prefix, origin="container"))

    def paragraph(self, el, prefix) -> None:
        t = self.t
        num_el = None
        content = lst = None
        headings = []
        others = []
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == t.num and num_el is None:
                num_el = child
            elif tag == t.content:
                content = child
            elif tag == t.list:
                lst = child
            elif tag in (t.subheading, t.heading):
                headings.append(child)
            else:
                others.append(child)
        if content is not None and lst is None and not headings and _only_subheading(content, t):
            headings = [content]
            content = None
        num_text = " ".join(text_of(num_el).split()) if num_el is not None else ""
        if content is None and lst is None and not others:
            # A heading paragraph: a lone number, a subheading, a heading.
            if num_text and not headings and self.number_alone(num_text, num_el, prefix):
                return
            if num_text:
                self.add(Item("heading", _flat_of_text(num_text, num_el), prefix, origin="num"))
            for h in headings:
                self.heading(h, prefix)
            return
        for h in headings:
            self.heading(h, prefix)
        if lst is not None:
            self.listed_paragraph(el, num_el, num_text, lst, prefix)
            return
        body = content if content is not None else el
        f = self.flat(body, skip_num=content is None)
        for o in others if content is not None else ():
            extra = self.flat(o)
            if extra.text:
                self.add(Item("unnumbered", extra, prefix, origin="stray:" + _local(o.tag)))
        if not f.text:
            if num_text and not headings and self.number_alone(num_text, num_el, prefix):
                return
            if num_text:
                self.add(Item("heading", _flat_of_text(num_text, num_el), prefix, origin="num"))
            return
        if not num_text and self.pending_number is not None \
                and self.pending_number[2] == prefix:
            # The number printed alone just before belongs to this paragraph.
            num_text, num_el, _ = self.pending_number
            self.pending_number = None
            self.body.count("numbers_printed_alone")
            self.numbered_or_not(el, body, f, num_el, num_text, prefix)
            return
        self.numbered_or_not(el, body, f, num_el, num_text, prefix,
                             label_counted=content is None)

    def number_alone(self, num_text: str, num_el, prefix) -> bool:
        """A paragraph holding only an operative number ("1."): keep it for the
        unnumbered paragraph that follows (the converter split the two)."""
        if not _NUMBER_LABEL.match(num_text.translate(_ARABIC_DIGITS)):
            return False
        if self.pending_number is not None:
            self.flush_number()
        self.pending_number = (num_text, num_el, prefix)
        return True

    def numbered_or_not(self, el, body, f: Flat, num_el, num_text: str, prefix,
                        label_counted: bool = False) -> Item:
        label = number = None
        kind = "unnumbered"
        label_kind = None
        origin = ""
        if num_text:
            if not label_counted:
                self.body.set_aside.append(("label", num_text))
            n = _NUMBER_LABEL.match(num_text.translate(_ARABIC_DIGITS))
            if n:
                kind, number, label, label_kind, origin = "op", int(n.group(1)), n.group(1), "number", "num"
            else:
                lk, _ = _label_kind(num_text)
                if lk:
                    kind, label, label_kind, origin = "sub", normalise_label(num_text), lk, "num_letter"
                elif _ROMAN_ONLY.match(num_text) or _LETTER_ONLY.match(num_text):
                    # "I" before text: a heading number inside a text paragraph
                    # (a row of its own, so no longer a set-aside label).
                    if not label_counted:
                        self.body.set_aside.pop()
                    self.add(Item("heading", _flat_of_text(num_text, num_el), prefix, origin="num"))
                else:
                    label, origin = num_text, "num_other"
                    kind = "op"
        if kind == "sub" and self.body.items and self.body.items[-1].origin == "quoted_list":
            kind, origin = "unnumbered", "quoted_list"     # the quoted list goes on
        if kind in ("unnumbered", "sub") and self._table_note_here(f.text, label):
            note = _TABLE_NOTE.match(f.text)
            if note or origin == "num_letter":
                # A note under a table ("a See A/76/411.", "(أ) انظر"): text of the table.
                if note:
                    self.body.set_aside.append(("label", f.text[:note.end()]))
                    label = note.group(1) or note.group(2)
                    f.drop_prefix(note.end())
                self.body.count("table_notes")
                return self.add(Item("table_note", f, prefix, label, origin="table_note"))
        if kind == "unnumbered":
            m = _INLINE_NUMBER.match(f.text)
            if m and _GLUED_DASH.match(f.text) and int(m.group(1).translate(_ARABIC_DIGITS)) \
                    != self.last_number.get(prefix, 0) + 1:
                # "37-е пленарное заседание": a hyphenated ordinal, not paragraph 37
                # (a number glued to a word by a dash is taken only in sequence).
                m = None
            if m is None:
                # A bare number without punctuation ("41 приветствует") is
                # taken only where it is the next number in sequence.
                bare = _BARE_NUMBER.match(f.text)
                if bare and int(bare.group(1).translate(_ARABIC_DIGITS)) == \
                        self.last_number.get(prefix, 0) + 1:
                    m = bare
            if m:
                self.body.set_aside.append(("label", f.text[:m.end()]))
                number = int(m.group(1).translate(_ARABIC_DIGITS))
                label, label_kind, kind, origin = str(number), "number", "op", "inline_number"
                f.drop_prefix(m.end())
                self.body.count("inline_numbers")
            elif _QUOTED_LABEL.match(f.text) or (
                    self.body.items and self.body.items[-1].origin == "quoted_list"
                    and _LABEL_TEXT.match(f.text)):
                # A quoted list ("“(a) On appointment ...", then "(b) ..."): text
                # the resolution quotes, not its sub-paragraphs.
                origin = "quoted_list"
                self.body.count("quoted_list_items")
            else:
                lm = _LABEL_TEXT.match(f.text)
                if lm and (lm.end() >= len(f.text) or f.text[lm.end()] == " "
                           or is_wide(f.text[lm.end()])):
                    lk, _ = _label_kind(f.text[:lm.end()])
                    raw = f.text[:lm.end()]
                    self.body.set_aside.append(("label", raw))
                    label, label_kind, kind, origin = normalise_label(raw), lk, "sub", "flat_label"
                    f.drop_prefix(lm.end())
                    self.body.count("flat_sub_paragraphs")
        if kind == "unnumbered" and origin != "quoted_list" and _looks_like_heading(f.text, el.get("class")):
            return self._text_heading(f, prefix, body)
        if number is not None:
            self.last_number[prefix] = number
        level = 2 if kind == "sub" else 1
        tail = self.merged_next(el, f, number) if kind == "op" else None
        item = Item(kind, f, prefix, label, number, level, label_kind,
                    self.phrase(body, f.text), origin=origin)
        self.add(item)
        while tail is not None:
            # The next paragraph, merged into this one by the converter: its own row.
            flat, n = tail
            self.last_number[prefix] = n
            tail = self.merged_next(el, flat, n)
            self.body.count("merged_paragraphs_split")
            self.add(Item("op", flat, prefix, str(n), n, 1, "number",
                          self.phrase_anywhere(body, flat.text), origin="merged_number"))
        return item

    def merged_next(self, el, f: Flat, number: int | None) -> tuple[Flat, int] | None:
        """Operative paragraph n+1 written inside paragraph n after its closing
        semicolon ("…؛ 38 - تطلب …"): the converter merged two paragraphs. Taken
        only when the number after this paragraph is n+2, or, with the Arabic
        "؛ N -", when no numbered paragraph follows. The rest of the text is
        cut off and returned with its number (the number is set aside)."""
        if number is None:
            return None
        for m in _MERGED_NUMBER.finditer(f.text):
            n = int(m.group(1).translate(_ARABIC_DIGITS))
            if n != number + 1:
                continue
            following = self.next_number(el)
            if following != number + 2 and not (following is None and m.group(0).lstrip()[:1]
                                                in "؛;" and "-" in m.group(0)):
                continue
            self.body.set_aside.append(("label", m.group(0)[1:]))
            tail = f.split_off(m.start() + 1, m.end())
            return tail, n
        return None

    def next_number(self, el) -> int | None:
        """The printed number of the next numbered paragraph after `el`, if any."""
        t = self.t
        for sib in el.itersiblings():
            if sib.tag != t.paragraph:
                continue
            num = first_child(sib, t.num)
            text = " ".join(text_of(num).split()) if num is not None else \
                " ".join(text_of(sib).split())[:8]
            m = _NUMBER_LABEL.match(text.translate(_ARABIC_DIGITS)) if num is not None \
                else _INLINE_NUMBER.match(text.translate(_ARABIC_DIGITS))
            if m:
                return int(m.group(1))
        return None

    def phrase_anywhere(self, el, text: str) -> str | None:
        """The bold or italic words that open `text`, a part of el's text."""
        t = self.t
        for span in el.iter(t.span, t.i, t.b):
            cls = span.get("class") or ""
            if span.tag == t.span and "italic" not in cls and "bold" not in cls:
                continue
            words = fold(text_of(span), self.t.wide)
            if words and text.startswith(words):
                return trim_phrase(words)
        return None

    def _table_note_here(self, text: str, num_label: str | None) -> bool:
        """Is this paragraph a note under the table just before it?

        Notes are marked "a", "b" (no parentheses) or, in Arabic, "(أ)": a
        parenthesised mark is a note only where it starts a new series (the
        paragraph before the table has no sub-paragraphs), so that "(b)" after
        a table inside sub-paragraph (a) stays a sub-paragraph (74/250 A)."""
        items = self.body.items
        if not items or items[-1].kind not in ("table", "table_note"):
            return False
        if items[-1].kind == "table_note":
            return True
        note = _TABLE_NOTE.match(text)
        if note and note.group(2):
            return True
        before = next((i for i in reversed(items[:-1]) if i.kind != "table"), None)
        return before is None or before.kind not in ("sub",)

    def _text_heading(self, f: Flat, prefix, body=None) -> Item:
        """A heading written as a text paragraph ("一 导言", "II. Activities"): one row
        for its number and one for its title, as where the markup separates them,
        but only where the print separates them too (heading_label)."""
        raw = text_of(body) if body is not None else f.text
        found = heading_label(f.text, raw)
        self.body.count("headings_in_text")
        if found:
            label, end = found
            number = Flat(label, f.line_start, f.line_start, ((0, f.line_start),))
            self.add(Item("heading", number, prefix, origin="text_heading_number"))
            f.drop_prefix(end)
        return self.add(Item("heading", f, prefix, origin="text_heading"))

    def listed_paragraph(self, el, num_el, num_text: str, lst, prefix) -> None:
        t = self.t
        intro = first_child(lst, t.intro)
        f = self.flat(intro) if intro is not None else Flat("", el.sourceline or 0,
                                                          el.sourceline or 0, ())
        if not f.text and num_text:
            f = Flat("", el.sourceline or 0, el.sourceline or 0, ())
        parent_item = self.numbered_or_not(el, intro if intro is not None else el, f, num_el,
                                           num_text, prefix)
        parent = len(self.body.items) - 1
        if parent_item.kind == "heading":
            parent = None
        self.points(lst, parent, 2, prefix)

    def points(self, lst, parent: int | None, level: int, prefix) -> None:
        t = self.t
        last_point: int | None = None
        for child in lst:
            tag = child.tag
            if not isinstance(tag, str) or tag == t.intro:
                continue
            if tag == t.point:
                last_point = self.point(child, parent, level, prefix)
            elif tag == t.sublist:
                if last_point is None:
                    # A sublist right after the intro (Chinese 75/295): points of the list.
                    self.points(child, parent, level, prefix)
                else:
                    self.sublist(child, last_point, parent, level, prefix)
            elif tag in (t.wrapUp, t.listWrapUp):
                f = self.flat(child)
                if f.text:
                    self.add(Item("unnumbered", f, prefix, origin="wrapUp"))
            else:
                f = self.flat(child)
                if f.text:
                    self.add(Item("unnumbered", f, prefix, origin="stray:" + _local(tag)))

    def sublist(self, sub, owner: int, owner_parent: int | None, level: int, prefix) -> None:
        """The items of point `owner` (at `level`); a sublist whose labels are of the
        owner's own kind ("d)" after "c)", "(ii)" after "(i)") is misnested: its
        points are siblings of the owner (Russian 78/30, 76/248)."""
        t = self.t
        kinds = {_label_kind(" ".join(text_of(n).split()))[0]
                 for p in sub.iterchildren(t.point) for n in p.iterchildren(t.num)}
        owner_item = self.body.items[owner]
        owner_kind = owner_item.label_kind
        first = next((n for p in sub.iterchildren(t.point) for n in p.iterchildren(t.num)), None)
        first_label = normalise_label(text_of(first)) if first is not None else None
        continues = owner_kind == "letter" and first_label is not None and \
            _latin(first_label.strip("()")) == _next_letter(_latin((owner_item.label or "").strip("()")))
        if (owner_kind and kinds and kinds <= {owner_kind}) or continues:
            self.body.count("misnested_sublists")
            self.points(sub, owner_parent, level, prefix)
        else:
            self.points(sub, owner, level + 1, prefix)

    def point(self, el, parent, level: int, prefix) -> int:
        t = self.t
        num_el = first_child(el, t.num)
        num_text = " ".join(text_of(num_el).split()) if num_el is not None else ""
        content = first_child(el, t.content)
        inner_list = first_child(el, t.list)
        body = content if content is not None else (first_child(inner_list, t.intro)
                                                     if inner_list is not None else None)
        if body is None:
            f = self.flat(el, skip_num=True)
            body = el
        else:
            f = self.flat(body)
            if num_text and inner_list is None and not el.findall(t.sublist) \
                    and (_ROMAN_ONLY.match(num_text) or _LETTER_ONLY.match(num_text)) \
                    and _looks_like_heading(f.text, None):
                # A section heading ("II. International peace and security") the
                # converter put into the list before it: its number and title.
                self.body.count("headings_in_lists")
                self.add(Item("heading", _flat_of_text(num_text, num_el), prefix, origin="num"))
                self.add(Item("heading", f, prefix, origin="heading_in_list"))
                return len(self.body.items) - 1
            if num_text:
                self.body.set_aside.append(("label", num_text))
        lk = _label_kind(num_text)[0] if num_text else None
        item = Item("sub", f, prefix, normalise_label(num_text) if num_text else None,
                    level=level, label_kind=lk, leading_phrase=self.phrase(body, f.text),
                    origin="point", parent=parent)
        self.add(item)
        index = len(self.body.items) - 1
        if inner_list is not None:
            self.points(inner_list, index, level + 1, prefix)
        for sub in el.iterchildren(t.sublist):
            self.sublist(sub, index, parent, level, prefix)
        return index


# A heading's own number at its start: "II." or "II Title", "A." (then the title);
# Chinese "一 导言", "二、", whose space the clean text no longer has.
_HEADING_ROMAN = re.compile(r"^([IVXLC]{1,6})(\.?)(\s*)(?=\S)")
_HEADING_LETTER = re.compile(r"^([A-Z]\.)\s*(?=\S)")
_HEADING_CHINESE = re.compile(r"^\s*([一二三四五六七八九十]{1,3})(?![一二三四五六七八九十])([、.．]?)(\s*)(?=\S)")


def heading_label(text: str, raw: str) -> tuple[str, int] | None:
    """The label a heading printed in text starts with, and where its title starts.

    A label is taken only where the print separates it from the title: by a
    period ("II. Activities", "A. Staff"), by a space and a capital ("II
    Activities", "IV 2030"), or, in Chinese, by a space or "、" in the source
    (`raw`, before spaces next to Chinese characters were dropped). A heading
    whose first letter happens to be a roman numeral letter ("Introduction",
    "Children and ...", "Comité mixte", "Cмета" with a Latin C) keeps it: it
    has no label. The roman numeral must be well formed (not "CIVIL")."""
    m = _HEADING_ROMAN.match(text)
    if m and (m.group(2) or m.group(3)) and m.end() < len(text) \
            and int_to_roman(roman_to_int(m.group(1))) == m.group(1).lower() \
            and (m.group(2) or not text[m.end()].islower()):
        return m.group(1) + m.group(2), m.end()
    m = _HEADING_LETTER.match(text)
    if m and m.end() < len(text):
        return m.group(1), m.end()
    m = _HEADING_CHINESE.match(raw)
    if m and (m.group(2) or m.group(3)) and text.startswith(m.group(1)):
        end = len(m.group(1)) + len(m.group(2))
        if end < len(text):
            return m.group(1), end
    return None
_SENTENCE_END = (".", ";", ":", ",", "。", "；", "：", "，", "،", "؛", "…")
_HEADING_MAX = 150


def _looks_like_heading(text: str, css_class: str | None) -> bool:
    """A short text without closing punctuation, or a paragraph styled as a heading (H1, H23)."""
    if not text or not any(ch.isalpha() for ch in text[:40]):
        return False
    if css_class and css_class[:1] == "H" and css_class[1:2] in "0123456789C":
        return True
    return len(text) <= _HEADING_MAX and not text.rstrip("”’\"' )»").endswith(_SENTENCE_END)


def _numbered_items(block, t: Tags) -> bool:
    """Does a blockList hold items numbered 1., 2. (operative paragraphs)?"""
    for item in block.iterchildren(t.item):
        num = first_child(item, t.num)
        if num is not None and _NUMBER_LABEL.match(
                " ".join(text_of(num).split()).translate(_ARABIC_DIGITS)):
            return True
    return False


def _only_subheading(content, t: Tags) -> bool:
    """content/p/subheading and nothing else with text: a heading written as content."""
    found = False
    for p in content:
        if not isinstance(p.tag, str):
            continue
        if (p.text or "").strip():
            return False
        for c in p:
            if c.tag == t.subheading and not (c.tail or "").strip():
                found = True
            elif isinstance(c.tag, str):
                return False
    return found


def _flat_of_text(text: str, el) -> Flat:
    line = el.sourceline or 0
    return Flat(text, line, line, ((0, line),))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _last_index(items, pred) -> int | None:
    for i in range(len(items) - 1, -1, -1):
        if pred(items[i]):
            return i
    return None


# -- ids ------------------------------------------------------------------------

def assign_ids(items: list[Item], section: str, id_prefix: str = "") -> list[tuple[Item, str, str | None]]:
    """(item, clause_id, parent_id) for every item, by the rules in the module docstring.

    `section` is "operative" for a resolution body (pp items stay "preamble")
    or "annex"; `id_prefix` is "" or "an1.". A document the resolution adopts
    with a preamble of its own (adopted_document) takes the ids d1.pp1 ...
    """
    lead_in = adopted_document(items)
    if lead_in is None:
        return _assign(items, _settle_unnumbered(items), id_prefix)
    own, adopted = cut(items, [lead_in + 1])
    for item in adopted:
        item.adopted = True
    return _assign(own, _settle_unnumbered(own), id_prefix) + \
        _assign(adopted, _adopted_kinds(adopted), id_prefix + "d1.")


def cut(items: list[Item], at: list[int]) -> list[list[Item]]:
    """The items in pieces, cut before each index of `at`; a piece's items point to
    their parents inside the piece (none if the parent is in another piece)."""
    pieces, bounds = [], [0, *at, len(items)]
    for start, end in zip(bounds, bounds[1:]):
        piece = items[start:end]
        for item in piece:
            if item.parent is not None:
                item.parent = item.parent - start if start <= item.parent < end else None
        pieces.append(piece)
    return pieces


# An annex's heading alone, in the languages of the corpus: its word, then its
# number ("Annex I", "المرفق الأول"); Chinese writes the number after 附件 unspaced.
_ANNEX_WORD = r"(?:Annex|Annexe|Anexo|Приложение|Anlage|المرفق)"
_ANNEX_NUMBER = r"(?:[IVXLC]{1,5}|[A-Z]|\d{1,2}|الأول|الثاني|الثالث|الرابع|الخامس|السادس)"
# An annex printed inside the operative part: its heading, numbered or not.
_ANNEX_HEADING = re.compile(
    rf"^{_ANNEX_WORD}(?:\s+{_ANNEX_NUMBER})?$|^附件[一二三四五六七八九十]{{0,2}}$")


def inline_annexes(items: list[Item]) -> list[int]:
    """Where annexes the converter left in the operative part start: each heading
    that is an annex's heading alone, after the resolution's own paragraphs (the
    annexes of the other versions are attachments, with ids an1., an2. ...)."""
    starts, seen_op = [], False
    for n, item in enumerate(items):
        if item.kind == "op" and not item.prefix:
            seen_op = True
        elif item.kind == "heading" and seen_op and not item.prefix \
                and _ANNEX_HEADING.match(item.flat.text):
            starts.append(n)
    return starts


# An annex heading with its number ("Annex II", "附件二", "المرفق الثاني").
_NUMBERED_ANNEX = re.compile(
    rf"^{_ANNEX_WORD}\s+{_ANNEX_NUMBER}$|^附件[一二三四五六七八九十]{{1,2}}$")


def attached_annexes(items: list[Item]) -> list[int]:
    """Where the annexes that one attachment holds together start. An attachment
    that opens with a numbered annex heading ("Annex I") is that annex; each
    later heading that is another numbered annex heading alone ("Annex II")
    opens the next annex, as the print sets them (A/RES/79/1: the Global
    Digital Compact and the Declaration on Future Generations in one
    attachment). An attachment that opens with "Annex" alone is one document,
    and its own "Annex I", "Annex II" are its annexes (A/RES/77/100)."""
    if not items or items[0].kind != "heading" or items[0].prefix:
        return []
    first = " ".join(items[0].flat.text.split())
    if not _NUMBERED_ANNEX.match(first):
        return []
    return [n for n, item in enumerate(items) if n and item.kind == "heading"
            and not item.prefix and (text := " ".join(item.flat.text.split())) != first
            and _NUMBERED_ANNEX.match(text)]


def adopted_document(items: list[Item]) -> int | None:
    """The index of the lead-in of a document the resolution adopts with its own
    preamble (an outcome document: "Adopts the following outcome document ...:",
    its title, its opening "We, the Ministers ...,", its preambular paragraphs,
    then its numbered paragraphs), else None.

    The lead-in is the first row of the operative part, unnumbered and ending
    with a colon; at least two preambular paragraphs (containers, or unnumbered
    paragraphs that open with a leading phrase and end like a preambular
    paragraph) stand between it and a numbered paragraph after it. A
    declaration adopted without a preamble of its own keeps the ids of the
    contract (u1 lead-in, h1 title, op1 ...)."""
    lead = next((n for n, i in enumerate(items) if i.kind != "pp" or i.prefix), None)
    if lead is None or items[lead].kind != "unnumbered" or items[lead].prefix \
            or not items[lead].flat.text.rstrip().endswith(_DECLARATION_END):
        return None
    preambular = 0
    for item in items[lead + 1:]:
        if item.kind == "op":
            return lead if preambular >= 2 else None
        if _preambular_in_adopted(item):
            preambular += 1
    return None


def _preambular_in_adopted(item: Item) -> bool:
    return item.kind == "pp" or (item.kind == "unnumbered" and bool(item.leading_phrase)
                                 and item.flat.text.rstrip().endswith(_PREAMBLE_END))


def _adopted_kinds(items: list[Item]) -> list[str]:
    """Final kinds of an adopted document's rows: its title (a first row without
    closing punctuation) is a heading; before its first numbered paragraph, its
    preambular paragraphs are pp and the rest (its opening "We, ...,") u; after
    it, the rules of the resolution's own operative part."""
    kinds = _settle_unnumbered(items)
    first_op = next((n for n, i in enumerate(items) if i.kind == "op"), len(items))
    in_preamble = False
    for n, item in enumerate(items[:first_op]):
        if item.kind in ("sub", "table", "table_note"):
            continue
        if n == 0 and item.kind in ("unnumbered", "heading") and \
                not item.flat.text.rstrip("”’\"' )»").endswith(_SENTENCE_END):
            kinds[n], item.origin = "heading", "adopted_title"
        elif _preambular_in_adopted(item) or (
                in_preamble and item.kind == "unnumbered"
                and item.flat.text.rstrip().endswith(_PREAMBLE_END)):
            # From its first preambular paragraph on, a paragraph ending like
            # one is one, with or without a marked leading phrase ("在……基础上，").
            in_preamble = True
            kinds[n], item.origin = "pp", item.origin or "adopted_preamble"
        elif item.kind != "heading":
            kinds[n], item.origin = "unnumbered", "adopted_opening"
    return kinds


def _assign(items: list[Item], kinds: list[str], id_prefix: str) -> list[tuple[Item, str, str | None]]:
    pp: dict[tuple, int] = {}
    op: dict[tuple, int] = {}
    h = u = 0
    out: list[tuple[Item, str, str | None]] = []
    ids: dict[int, str] = {}
    children: dict[str, int] = {}
    last_level1: str | None = None          # the row sub-paragraphs attach to
    open_subs: dict[int, tuple[str, str | None, str | None]] = {}  # level -> (id, label kind, bare letter)
    for idx, (item, kind) in enumerate(zip(items, kinds)):
        item.final = kind
        sec = "".join(f"s{k}." for k in item.prefix)
        if kind == "heading":
            h += 1
            cid = f"{id_prefix}h{h}"
            out.append((item, cid, None))
            ids[idx] = cid
            continue
        if kind in ("table", "table_note"):
            # A table and its notes stand inside the paragraph before them:
            # sub-paragraphs after the table still belong to that paragraph.
            u += 1
            cid = f"{id_prefix}u{u}"
            out.append((item, cid, None))
            ids[idx] = cid
            continue
        if kind in ("unnumbered", "pp", "op"):
            # A row sub-paragraphs attach to: u counts through the body, pp
            # and op within their division (sK.).
            if kind == "unnumbered":
                u += 1
                cid = f"{id_prefix}u{u}"
            else:
                counter = pp if kind == "pp" else op
                counter[item.prefix] = counter.get(item.prefix, 0) + 1
                cid = f"{id_prefix}{sec}{kind}{counter[item.prefix]}"
            last_level1 = cid
            open_subs = {}
            out.append((item, cid, None))
            ids[idx] = cid
            continue
        # A sub-paragraph or item.
        if item.parent is not None and item.parent in ids:
            parent_id = ids[item.parent]
            level = parent_id.count(".") - id_prefix.count(".") - len(item.prefix) + 2
        else:
            parent_id, level = _flat_parent(item, last_level1, open_subs)
        if parent_id is None:
            # No paragraph before it: it stands as an unnumbered row.
            item.final = "unnumbered"
            u += 1
            cid = f"{id_prefix}u{u}"
            last_level1 = cid
            out.append((item, cid, None))
            ids[idx] = cid
            continue
        children[parent_id] = children.get(parent_id, 0) + 1
        n = children[parent_id]
        level = min(max(level, 2), 4)
        part = chr(ord("a") + n - 1) if level == 2 and n <= 26 else (
            int_to_roman(n) if level == 3 else str(n))
        cid = f"{parent_id}.{part}"
        item.level = level
        open_subs = {k: v for k, v in open_subs.items() if k < level}
        open_subs[level] = (cid, item.label_kind, _bare(item.label))
        out.append((item, cid, parent_id))
        ids[idx] = cid
    return out


def _bare(label: str | None) -> str | None:
    if not label:
        return None
    return label.strip("()")


# Cyrillic letters that look like Latin ones: Russian texts mix them in labels ("с)").
_LOOKALIKES = str.maketrans("абсдеорхуі", "abcdeopxyi")


def _latin(label: str) -> str:
    return label.translate(_LOOKALIKES)


def _next_letter(label: str) -> str | None:
    """'h' -> 'i', 'hh' -> 'ii' (the letters after z are doubled)."""
    if not label.isascii() or not label.isalpha() or len(set(label)) != 1:
        return None
    return chr(ord(label[0]) + 1) * len(label)


def _flat_parent(item: Item, last_level1: str | None, open_subs) -> tuple[str | None, int]:
    """The parent of a flat sub-paragraph ("(a) ..." paragraphs): by its label's kind."""
    if last_level1 is None:
        return None, 2
    kind = item.label_kind
    letter_open = open_subs.get(2)
    if kind in ("roman", "item") and letter_open:
        prev_kind, prev_letter = letter_open[1], letter_open[2]
        bare = _bare(item.label)
        # "(i)" right after "(h)" is the letter i, "(ii)" after "(hh)" the letters ii.
        if kind == "roman" and prev_letter and bare and bare == _next_letter(prev_letter):
            return last_level1, 2
        if prev_kind == "letter":
            return letter_open[0], 3
    if kind == "letter" and letter_open and letter_open[1] == "letter":
        bare = _bare(item.label)
        if bare and len(bare) == 1 and bare in "ivx" and open_subs.get(3):
            return letter_open[0], 3
    return last_level1, 2


def _settle_unnumbered(items: list[Item]) -> list[str]:
    """Final kinds: an unnumbered paragraph becomes pp, op or u (module docstring)."""
    kinds = [i.kind for i in items]
    has_op: dict[tuple, bool] = {}
    for i in items:
        if i.kind == "op":
            has_op[i.prefix] = True
    body_has_op = bool(has_op)
    seen_other: dict[tuple, bool] = {}
    for n, i in enumerate(items):
        if i.kind != "unnumbered":
            if i.kind not in ("pp",):
                seen_other[i.prefix] = True
            continue
        text = i.flat.text.rstrip()
        if not seen_other.get(i.prefix) and text.endswith(_PREAMBLE_END) and not i.prefix:
            kinds[n] = "pp"
            i.origin = "misplaced_preambular"
        elif not has_op.get(i.prefix) and not (not i.prefix and body_has_op):
            kinds[n] = "op"
            i.origin = i.origin or "unnumbered_operative"
        seen_other[i.prefix] = True
    # A preambular block ending with ":" right before the first numbered
    # paragraph is the operative part's lead-in ("正式决定：", "Resolves that:"),
    # written in the preamble by some language versions (Chinese 76/249).
    for n in range(len(items) - 1):
        if kinds[n] == "pp" and kinds[n + 1] == "op" and items[n].origin == "container" \
                and items[n].flat.text.rstrip().endswith(_DECLARATION_END):
            kinds[n] = "unnumbered"
            items[n].origin = "lead_in_in_preamble"
    # No operative text at all: the last preambular paragraph, unless it ends
    # like one (","), is the resolution's single, unnumbered operative paragraph
    # placed in the preamble (Chinese 77/128 A).
    if not any(k in ("op", "unnumbered", "table", "table_note") for k in kinds):
        last = max((n for n, i in enumerate(items) if kinds[n] == "pp" and not i.prefix),
                   default=None)
        if last is not None and not items[last].flat.text.rstrip().endswith(_PREAMBLE_END):
            kinds[last] = "op"
            items[last].origin = "operative_in_preamble"
    return kinds
