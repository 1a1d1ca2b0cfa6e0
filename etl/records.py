"""The intermediate record: one resolution in one language, from any front end.

Both front ends -- etl.text (texts extracted from the official PDFs) and
etl.akn (the UN's Akoma Ntoso XML) -- turn a source into `Document`s; the
stages after them (tabulate, check, write) see nothing else and do not know
where a resolution came from.

Positions: `line`, `line_start` and `line_end` are 1-based lines of the
source file (of the XML member, for a file inside a zip archive); offsets
(`offset`, `start`, `end`) are character positions in the clean text of the
row that holds them.

Clause ids (the same contract for both front ends, so that every language
version of a resolution gets the same ids):
    pp1, pp2 ...        preambular paragraphs
    op1, op2 ...        operative paragraphs (counted, not copied from the print)
    op3.a, op3.a.i      sub-paragraphs (a), (b) ... and items (i), (ii) ... under them;
                        after (z) the UN prints (aa), (bb) ...: their ids are the
                        position, op3.27, op3.28 ...
    h1, h2 ...          headings inside the body, one row per printed heading line
                        or element, in document order: a lone "I" is one heading,
                        the section title after it another
    u1, u2 ...          unnumbered body text that is not a paragraph, in document
                        order: a lead-in ("Adopts the following declaration:"),
                        "* * *", quoted rules or articles
    s2.op1, s2.pp1      where operative numbering restarts at 1 in titled sections
                        (budget resolutions): the section's number as prefix,
                        roman numerals as arabic, letters in lower case (I.A -> s1.sa.)
    an1.op3, an1.h2     the content of annex K, with the same scheme inside
    d1.pp1, d1.op3      a document the resolution adopts with a preamble of its own
                        (see below), with the same scheme inside
h and u counters run through the whole body (or the whole annex, or the whole
adopted document), without section prefix. A text adopted inline ("Adopts the
following declaration:", its title, then paragraphs 1., 2., ...) gives u1 (the
lead-in), h1 (the title), then op1, op2 ... for its numbered paragraphs and u
rows for its unnumbered ones. A document adopted inline with a preamble of its
own (an outcome document: "Adopts the following outcome document ...:", its
title, its opening "We, the Ministers ...,", its preambular paragraphs, then
its numbered paragraphs) would collide with the resolution's own ids, so it
takes the prefix d1.: op1 is the resolution's lead-in (its only operative
paragraph), d1.h1 the document's title, d1.u1 its opening, d1.pp1 ... its
preambular and d1.op1 ... its numbered paragraphs, d1.h2 ... its headings;
all in section "operative" (they are the resolution's operative part).
A heading's printed label is a row of its own ("II." h1, "Activities" h2)
only where the print separates it from the title: by a period, by a space
and a capital, or by the markup; "Introduction" is one heading, never "I" and
"ntroduction".

Clean text, in both front ends: no printed number or label, no footnote text
or marker; runs of white space (tabs, NBSP, line breaks) become one space
between two narrow characters and nothing next to a wide (CJK) character
(etl.chars.fold_spaces); stripped.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

from .citations import Citation
from .errors import Diagnostic

_BIG = 1 << 62


def line_at(starts, offset: int) -> int:
    """The source line of the character at `offset`, from (offset, line) pairs."""
    if not starts:
        return 0
    return starts[max(bisect_right(starts, (offset, _BIG)) - 1, 0)][1]


@dataclass(frozen=True)
class Resolution:
    symbol: str                  # A/RES/68/47, A/RES/75/101A, A/RES/ES-11/1
    language: str                # ISO 639-1: ar zh en fr ru es (de)
    session: int
    session_type: str            # regular | special | emergency_special
    number: str                  # "47", "101A"
    title: str | None            # None where the source prints no title
    adoption_date: date | None
    committee: str | None        # as printed
    committee_report: str | None
    draft_symbol: str | None
    adoption_note: str | None
    plenary_meeting: int | None
    preambular_count: int        # level-1 rows of kind "paragraph", outside annexes
    operative_count: int
    footnote_count: int
    source_file: str             # repository-relative path (of the zip, for a member)
    source_sha256: str           # of the file's (or member's) bytes
    url: str
    source_format: str = "text"  # text | akn
    source_member: str | None = None   # member of the zip archive in source_file
    source_encoding: str = "utf-8"
    adoption_type: str | None = None   # recorded_vote | without_vote
    yes_count: int | None = None
    no_count: int | None = None
    abstain_count: int | None = None
    plenary_record: str | None = None  # A/75/PV.37
    agenda_item: str | None = None     # as printed: "98 (c)"


@dataclass(frozen=True)
class Clause:
    clause_id: str
    section: str                 # preamble | operative | annex
    level: int                   # 1 paragraph, 2 sub-paragraph, 3 item, 4 item under an item
    parent_id: str | None
    label: str | None
    ordinal: int
    leading_phrase: str | None
    text: str
    line_start: int
    line_end: int
    kind: str = "paragraph"      # paragraph | heading | unnumbered
    line_starts: tuple[tuple[int, int], ...] = field(default=(), repr=False, compare=False)

    def line_at(self, offset: int) -> int:
        """Source line of the character at `offset` in the clean text."""
        return line_at(self.line_starts, offset) or self.line_start


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str
    line_start: int
    line_end: int
    line_starts: tuple[tuple[int, int], ...] = field(default=(), repr=False, compare=False)

    def line_at(self, offset: int) -> int:
        return line_at(self.line_starts, offset) or self.line_start


@dataclass(frozen=True)
class FootnoteRef:
    clause_id: str
    footnote_number: int
    offset: int
    line: int


@dataclass(frozen=True)
class CitationRow:
    citation_id: str
    location: str                # header | clause | footnote
    clause_id: str | None
    footnote_number: int | None
    line: int                    # source line where the reference starts
    citation: Citation
    evidence: str = "text"       # text | link | text_and_link


@dataclass(frozen=True)
class Vote:
    member_state: str            # as printed (upper case English in the XML)
    country_code: str | None     # ISO 3166-1 alpha-3
    vote: str                    # yes | no | abstain
    line: int = 0                # source line of the entry


@dataclass(frozen=True)
class Sponsor:
    ordinal: int                 # order within the role's list, from 1
    sponsor: str                 # as printed, one name
    country_code: str | None     # None for groups and officers
    role: str                    # sponsor | additional_sponsor
    line: int = 0


@dataclass(frozen=True)
class Subject:
    term: str
    vocabulary: str              # UNBIS Thesaurus, SDG, DHLAUTH, ...
    line: int = 0


@dataclass
class Document:
    """One resolution (one part of a multi-part resolution) in one language."""

    resolution: Resolution
    clauses: list[Clause]
    footnotes: list[Footnote]
    refs: list[FootnoteRef]
    citations: list[CitationRow]
    votes: list[Vote] = field(default_factory=list)
    sponsors: list[Sponsor] = field(default_factory=list)
    subjects: list[Subject] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # What the front end reports about how it read the source (lossless
    # accounting, identity evidence, ...): a JSON-serialisable dict.
    report: dict = field(default_factory=dict)
