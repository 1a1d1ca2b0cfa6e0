"""Clean text of an AKN element, with the positions of what was taken out of it.

`flatten(element, tags)` walks the element's text in document order and
gives a `Flat`: the clean text (etl.records' contract: no footnote text or
marker, white space folded by the rule of etl.chars.fold_spaces, stripped),
and, in clean-text offsets:
- the footnote markers (`authorialNote` elements, whose text is left out; in
  Arabic the `<sup>(</sup>` and `<sup>)</sup>` around them are dropped too),
  and repeated references printed as a bare `<sup>3</sup>` to a note the file
  defines;
- the `<a href>` links, with the clean span of their display text;
- the source line where each stretch of text starts (lxml sourceline plus the
  line breaks of the text before it).

Whitespace folding works on text pieces (one per XML text node) with C-level
string operations: the Python loop runs once per text node, never per
character.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate
from dataclasses import dataclass, field

from lxml import etree

from ..chars import is_wide

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

# Runs of white space next to a wide (CJK) character disappear (fold_spaces).
_WIDE_CLASS = ("\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
               "\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6"
               "\U00020000-\U0003fffd")
_HAS_WIDE = re.compile(f"[{_WIDE_CLASS}]")
_SPACE_NEXT_TO_WIDE = re.compile(rf"\s+(?=[{_WIDE_CLASS}])|(?<=[{_WIDE_CLASS}])\s+")
# Characters that carry no text: bidi marks, zero-width spaces, the BOM.
INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# The Arabic note text starts with "()" (the marker's parentheses, empty).
ARABIC_NOTE_PREFIX = re.compile(r"^\s*\(\s*\)\s*")
_DIGITS = re.compile(r"^\s*(\d{1,3})\s*$")
NON_BREAKING_HYPHEN = "\u2011"


def text_of(el) -> str:
    """All the text inside `el`, its own tail left out: "".join(el.itertext()).

    lxml's text serialiser joins the text nodes in C, without making a Python
    string of each: two to four times faster than itertext. (The parser drops
    comments and processing instructions, so both give the same text.)"""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def first_child(el, tag: str):
    """The first child of `el` with this tag, or None: el.find(tag) without the
    path parsing find does on every call (a third of its time)."""
    return next(el.iterchildren(tag), None)


def fold(text: str, wide: bool = True) -> str:
    """fold_spaces for one piece, with C-level operations only; U+2011 -> "-".

    `wide=False` says the text holds no wide (CJK) character (the reader
    checks each file once), which spares a scan."""
    if wide and _HAS_WIDE.search(text):
        text = _SPACE_NEXT_TO_WIDE.sub("", text)
    if NON_BREAKING_HYPHEN in text:
        # A typesetting variant, like NBSP: "COVID‑19" must read (and be found)
        # as "COVID-19". One character for one, so offsets and counts hold.
        text = text.replace(NON_BREAKING_HYPHEN, "-")
    return " ".join(text.split())


# UTF-8 lead bytes of the wide characters: E3-ED (U+3000-U+DFFF: CJK
# punctuation, kana, ideographs, hangul), EF (full-width forms, compatibility
# ideographs), F0 (supplementary ideographs) and E1 (hangul jamo). A file
# holding none of these bytes holds no wide character (except the rare CJK
# radicals U+2E80-U+2FFF). One-byte searches run at memory speed (memchr);
# longer needles or a regular expression over the bytes are 20-30 times slower.
_WIDE_LEADS = tuple(bytes([b]) for b in (0xE1, *range(0xE3, 0xEE), 0xEF, 0xF0))


def scan_bytes(data: bytes) -> bool:
    """May the file's text hold wide (CJK) characters?"""
    return any(lead in data for lead in _WIDE_LEADS)


@dataclass(slots=True)
class Mark:
    """Something taken out of, or spanning, the clean text."""

    kind: str          # note | sup_ref | link
    start: int         # clean-text offset (of a link's first character)
    end: int           # offset after a link's last character (= start for markers)
    line: int          # sourceline of the element
    element: object    # the lxml element (authorialNote, sup, a)


@dataclass(slots=True)
class Flat:
    text: str
    line_start: int
    line_end: int
    line_starts: tuple[tuple[int, int], ...]
    marks: list[Mark] = field(default_factory=list)
    # Text left out that is not a note: (kind, text), e.g. Arabic "(" ")" around markers.
    set_aside: list[tuple[str, str]] = field(default_factory=list)

    @property
    def notes(self) -> list[Mark]:
        return [m for m in self.marks if m.kind in ("note", "sup_ref")]

    @property
    def links(self) -> list[Mark]:
        return [m for m in self.marks if m.kind == "link"]

    def split_off(self, at: int, rest: int) -> "Flat":
        """Cut the text at `at`: this Flat keeps text[:at] (without the spaces
        before the cut), the returned one holds text[rest:] (rest >= at; what
        lies between, a printed number, is neither's), with the marks and lines
        of each part."""
        head = self.text[:at].rstrip()
        tail_text = self.text[rest:]
        lead = len(tail_text) - len(tail_text.lstrip())
        tail_text, rest = tail_text.lstrip(), rest + lead
        tail_line = line_of(self.line_starts, rest) or self.line_start
        tail = Flat(tail_text, tail_line, max(self.line_end, tail_line),
                    ((0, tail_line),) + tuple((o - rest, ln) for o, ln in self.line_starts
                                               if o > rest))
        tail.marks = [m for m in self.marks if m.start >= rest]
        for m in tail.marks:
            m.start -= rest
            m.end = max(m.end - rest, m.start)
        self.marks = [m for m in self.marks if m.start < rest]
        for m in self.marks:
            m.start = min(m.start, len(head))
            m.end = min(max(m.end, m.start), len(head))
        self.line_starts = tuple((o, ln) for o, ln in self.line_starts if o < len(head)) \
            or ((0, self.line_start),)
        self.line_end = max(self.line_starts[-1][1], self.line_start) \
            if len(self.line_starts) > 1 else self.line_start
        self.text = head
        return tail

    def drop_prefix(self, n: int) -> None:
        """Remove the first n characters (a printed label) and the spaces after them."""
        if n <= 0:
            return
        rest = self.text[n:]
        n += len(rest) - len(rest.lstrip())
        self.text = self.text[n:]
        for m in self.marks:
            m.start = max(m.start - n, 0)
            m.end = max(m.end - n, 0)
        starts = [(max(o - n, 0), line) for o, line in self.line_starts]
        # Several starts moved to offset 0: the last of them holds.
        kept = [s for i, s in enumerate(starts)
                if not (s[0] == 0 and i + 1 < len(starts) and starts[i + 1][0] == 0)]
        self.line_starts = tuple(kept)
        if kept:
            self.line_start = kept[0][1]


class Tags:
    """Clark-notation tag names of one AKN namespace, computed once."""

    NAMES = ("akomaNtoso", "statement", "documentCollection", "components", "component",
             "meta", "coverPage", "preface", "preamble", "mainBody", "conclusions",
             "attachments", "attachment", "doc", "paragraph", "num", "content", "p",
             "list", "intro", "point", "sublist", "subheading", "heading", "section",
             "part", "title", "subsection", "chapter", "crossHeading", "container",
             "blockList", "item", "listIntroduction", "listWrapUp", "authorialNote",
             "sup", "a", "noteRef", "docNumber", "docTitle", "docDate", "docProponent",
             "inline", "formula", "event", "location", "table", "tr", "td", "th",
             "collectionBody", "documentRef", "identification", "FRBRWork",
             "FRBRExpression", "FRBRthis", "FRBRuri", "FRBRdate", "FRBRlanguage",
             "session", "eol", "span", "i", "b", "presentation", "wrapUp", "docketNumber")

    def __init__(self, ns: str | None = AKN_NS, wide: bool = True):
        self.ns = ns
        # May the file hold wide characters (scan_bytes)? When not, the
        # wide-character rule of fold is skipped.
        self.wide = wide
        for name in self.NAMES:
            setattr(self, name, f"{{{ns}}}{name}" if ns else name)
        # Elements that flatten takes out of the text or locates in it.
        self.special = (self.authorialNote, self.noteRef, self.sup, self.a)
        self.special_with_num = self.special + (self.num,)


class _Walk:
    """Collects the text nodes of one element and the events between them.

    An event records the number of text nodes before it (a skipped note, a
    link's start and end); flatten turns that into a raw offset. Newlines
    inside skipped notes are remembered so that lines stay right.
    """

    __slots__ = ("tags", "parts", "events", "skip_num", "known_markers", "set_aside",
                 "hidden_newlines")

    def __init__(self, tags: Tags, skip_num: bool, known_markers: set[int] | None):
        self.tags = tags
        self.parts: list[str] = []
        self.events: list[tuple[int, str, object, int]] = []    # (parts before, kind, element, line)
        self.skip_num = skip_num
        self.known_markers = known_markers
        self.set_aside: list[tuple[str, str]] = []
        self.hidden_newlines: list[tuple[int, int]] = []        # (parts before, newlines left out)

    def hide(self, el) -> None:
        text = text_of(el)
        if "\n" in text:
            self.hidden_newlines.append((len(self.parts), text.count("\n")))

    def run(self, el) -> None:
        t = self.tags
        parts, events = self.parts, self.events
        if el.text:
            parts.append(el.text)
        children = list(el)
        for i, child in enumerate(children):
            tag = child.tag
            if tag == t.a:
                events.append((len(parts), "link_start", child, child.sourceline or 0))
                if len(child):
                    self.run(child)
                elif child.text:
                    parts.append(child.text)
                events.append((len(parts), "link_end", child, child.sourceline or 0))
            elif tag == t.authorialNote or tag == t.noteRef:
                events.append((len(parts), "note", child, child.sourceline or 0))
                self.hide(child)
            elif tag == t.sup and _is_note_paren(child, children, i, t):
                self.set_aside.append(("note_parenthesis", child.text or ""))
            elif tag == t.sup and self.known_markers and len(child) == 0 \
                    and (m := _DIGITS.match(child.text or "")) \
                    and int(m.group(1)) in self.known_markers:
                events.append((len(parts), "sup_ref", child, child.sourceline or 0))
                self.set_aside.append(("repeated_note_reference", child.text or ""))
            elif tag == t.num and self.skip_num:
                self.set_aside.append(("label", text_of(child)))
                self.hide(child)
            elif not isinstance(tag, str):            # comment or processing instruction
                pass
            elif len(child):
                self.run(child)
            elif child.text:
                parts.append(child.text)
            tail = child.tail
            if tail:
                parts.append(tail)


def _is_note_paren(sup, siblings, i: int, t: Tags) -> bool:
    """Arabic prints a note reference as "(1)": <sup>(</sup><authorialNote/><sup>)</sup>."""
    if len(sup):
        return False
    text = (sup.text or "").strip()
    if text == "()":
        return True
    if text not in ("(", ")"):
        return False
    j = i + 1 if text == "(" else i - 1
    if not 0 <= j < len(siblings):
        return False
    other = siblings[j]
    # Only white space may stand between the parenthesis and the note.
    between = (sup.tail if text == "(" else other.tail) or ""
    return other.tag in (t.authorialNote, t.noteRef) and not between.strip()


def flatten(el, tags: Tags, skip_num: bool = False,
            known_markers: set[int] | None = None) -> Flat:
    """The clean text of `el` and the offsets of its notes and links."""
    line0 = el.sourceline or 0
    special = tags.special_with_num if skip_num else tags.special
    if next(el.iterdescendants(*special), None) is None:
        # Nothing to take out or to locate: the text nodes as they are (C-level).
        return build(text_of(el), (), line0, wide=tags.wide)
    walk = _Walk(tags, skip_num, known_markers)
    walk.run(el)
    parts = walk.parts
    raw = "".join(parts)
    # Raw offset after the first k text nodes.
    ends = [0, *accumulate(map(len, parts))]
    events = [(ends[k], kind, element, line) for k, kind, element, line in walk.events]
    hidden = [(ends[k], n) for k, n in walk.hidden_newlines]
    return build(raw, events, line0, walk.set_aside, hidden, wide=tags.wide)


class _Offsets:
    """Clean-text offsets of raw positions, computed in one left-to-right pass.

    fold(raw[:p]) has the length of the folded pieces before p plus one space
    wherever white space separated two narrow characters; feeding the raw text
    segment by segment keeps that sum without folding any prefix twice.
    """

    __slots__ = ("raw", "pos", "length", "last", "pending", "wide")

    def __init__(self, raw: str, wide: bool = True):
        self.raw = raw
        self.wide = wide
        self.pos = 0          # raw offset fed so far
        self.length = 0       # clean length of raw[:pos], without a pending space
        self.last = ""        # last clean character
        self.pending = False  # raw[:pos] ends with white space after some text

    def _feed(self, p: int) -> None:
        if p <= self.pos:
            return
        seg = self.raw[self.pos:p]
        self.pos = p
        core = fold(seg, self.wide)
        if not core:
            self.pending = self.pending or (bool(self.last) and bool(seg))
            return
        if self.last and (self.pending or seg[0].isspace()) \
                and not is_wide(self.last) and not is_wide(core[0]):
            self.length += 1
        self.length += len(core)
        self.last = core[-1]
        self.pending = seg[-1].isspace()

    def before(self, p: int) -> int:
        """Offset of a marker at p, or of the end of a span ending at p."""
        self._feed(p)
        return self.length

    def after(self, p: int) -> int:
        """Offset of the first clean character at or after p (the start of a span)."""
        self._feed(p)
        if not self.last:
            return 0
        m = _NONSPACE.search(self.raw, p)
        if m is None:
            return self.length
        spaced = self.pending or m.start() > p
        if spaced and not is_wide(self.last) and not is_wide(m.group(0)):
            return self.length + 1
        return self.length


_NONSPACE = re.compile(r"\S")


def build(raw: str, events, line0: int, set_aside: list | None = None,
          hidden_newlines=(), wide: bool = True) -> Flat:
    """Fold the raw text into clean text; place the events at clean offsets."""
    if INVISIBLE.search(raw):
        raw, events, hidden_newlines = _drop_invisible(raw, events, hidden_newlines)
    text = fold(raw, wide)
    marks: list[Mark] = []
    if events:
        offsets = _Offsets(raw, wide)
        open_links: dict[int, tuple[int, int]] = {}
        for p, kind, element, line in events:
            if kind == "link_start":
                open_links[id(element)] = (offsets.after(p), line)
            elif kind == "link_end":
                start, mline = open_links.pop(id(element), (None, line))
                end = offsets.before(p)
                if start is None:
                    start = end
                marks.append(Mark("link", min(start, end), end, mline, element))
            else:
                marks.append(Mark(kind, offsets.before(p), 0, line, element))
        for m in marks:
            if m.kind != "link":
                m.end = m.start
        marks.sort(key=lambda m: (m.start, m.end))
    # Lines: where the text starts, where it ends, and where it changes line.
    stripped = raw.lstrip()
    lead = len(raw) - len(stripped)
    first_line = line0 + raw.count("\n", 0, lead)
    body = stripped.rstrip()
    line_starts = [(0, first_line)]
    last_line = first_line + body.count("\n")
    if hidden_newlines:
        last_line += sum(n for p, n in hidden_newlines if lead <= p < lead + len(body))
    if "\n" in body or hidden_newlines:
        line_starts = _line_starts(raw, lead, first_line, hidden_newlines, wide)
    return Flat(text, first_line, max(last_line, first_line), tuple(line_starts), marks,
                list(set_aside or ()))


def _line_starts(raw: str, lead: int, first_line: int, hidden_newlines,
                 wide: bool = True) -> list[tuple[int, int]]:
    """(clean offset, line) at every change of line inside the text (rare: most
    paragraphs stand on one line of the XML)."""
    breaks = []
    at = raw.find("\n", lead)
    while at >= 0:
        breaks.append((at, 1))
        at = raw.find("\n", at + 1)
    breaks += [(p, n) for p, n in hidden_newlines if p >= lead]
    breaks.sort()
    out = [(0, first_line)]
    line = first_line
    offsets = _Offsets(raw, wide)
    for p, n in breaks:
        line += n
        if not raw[p:].strip():
            break
        offset = offsets.after(p)
        if out[-1][0] == offset:
            out[-1] = (offset, line)
        else:
            out.append((offset, line))
    return out


def _drop_invisible(raw: str, events, hidden_newlines):
    """Remove bidi marks and zero-width characters; shift the raw offsets."""
    removed = [m.start() for m in INVISIBLE.finditer(raw)]

    def shift(p: int) -> int:
        return p - bisect_left(removed, p)

    new_raw = INVISIBLE.sub("", raw)
    return (new_raw, [(shift(p), k, e, line) for p, k, e, line in events],
            [(shift(p), n) for p, n in hidden_newlines])


def line_of(starts, offset: int) -> int:
    """The line of the character at `offset`, from (offset, line) pairs."""
    line = 0
    for o, ln in starts:
        if o > offset:
            break
        line = ln
    return line


def note_marker(note) -> int | None:
    """The footnote number of an authorialNote (@marker), or None if it is not a number."""
    marker = (note.get("marker") or "").strip()
    return int(marker) if marker.isdigit() else None
