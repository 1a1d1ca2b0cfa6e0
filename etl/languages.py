"""Do the language versions of one resolution have the same structure, and where
one version's markup differs, can it be given the others' ids?

`compare_languages(documents)` takes the versions of ONE symbol (from either
front end) and compares, across languages:
- the set of paragraph clause ids (kind "paragraph": pp, op and their
  sub-paragraphs and items, in the body and in annexes);
- the set of footnote numbers.
The reference is the set most versions share (ties: the one English has,
else the first language in alphabetical order). Every version that differs
gives one dict per thing compared:
    {symbol, languages, what, detail, cause}
`what` is "clauses" or "footnotes"; `detail` lists the ids or numbers only in
the reference and only in this version; `cause` is a short inference from
the difference and from the front end's report ("ar: 2 operative paragraphs
fewer (3 unnumbered rows here; numbers written in the text not
recognised?)").

`reconcile(signatures)` (the corpus stage, on clause signatures: no text,
only ids, kinds, labels, last characters, lengths and inline labels) gives
each version that differs from the majority either its repair, a plain
mapping {old id: new id} (and rows to cut at inline labels), or the reasons
it is kept; `relabel_tables` applies a repair to a document's tables when its
part is written. The rules are in the comment before `_ID`.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from collections import Counter
from dataclasses import dataclass, field

from .chars import is_wide
from .records import Document

_TOP = re.compile(r"^(?:an\d+\.)?(?:d\d+\.)?(?:s[0-9a-z]+\.)*(pp|op|u)\d+")
_MAX_LISTED = 8


def clause_id_set(doc: Document, include_annexes: bool = True) -> frozenset[str]:
    return frozenset(c.clause_id for c in doc.clauses if c.kind == "paragraph"
                     and (include_annexes or c.section != "annex"))


def footnote_set(doc: Document) -> frozenset[int]:
    return frozenset(f.number for f in doc.footnotes)


def _reference(sets: dict[str, frozenset]) -> frozenset:
    counts = Counter(sets.values())
    top = max(counts.values())
    tied = [s for s, n in counts.items() if n == top]
    if len(tied) == 1:
        return tied[0]
    if "en" in sets and sets["en"] in tied:
        return sets["en"]
    for lang in sorted(sets):
        if sets[lang] in tied:
            return sets[lang]
    return tied[0]


def _kind_counts(ids) -> Counter:
    out: Counter = Counter()
    for cid in ids:
        m = _TOP.match(cid)
        if not m:
            continue
        depth = cid[m.end():].count(".")
        out["sub" if depth else m.group(1)] += 1
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


_WORDS = {"pp": "preambular paragraph", "op": "operative paragraph", "sub": "sub-paragraph"}


def _clause_cause(lang: str, doc: Document, only_ref, only_here) -> str:
    ref_counts, here_counts = _kind_counts(only_ref), _kind_counts(only_here)
    parts = []
    for kind in ("pp", "op", "sub"):
        diff = here_counts[kind] - ref_counts[kind]
        if diff:
            parts.append(f"{_plural(abs(diff), _WORDS[kind])} {'more' if diff > 0 else 'fewer'}")
    if not parts:
        parts.append("same counts, different nesting or numbering")
    hints = []
    unnumbered = sum(1 for c in doc.clauses if c.kind == "unnumbered")
    origins = (doc.report or {}).get("origins", {})
    if ref_counts["op"] > here_counts["op"] and unnumbered:
        hints.append(f"{_plural(unnumbered, 'unnumbered row')} here: a number written in the "
                     "text or a missing <num> not recognised?")
    if here_counts["op"] > ref_counts["op"] and (origins.get("num_letter") or
                                                 origins.get("flat_label")):
        hints.append("sub-paragraphs marked up as numbered paragraphs?")
    if here_counts["op"] > ref_counts["op"] and origins.get("unnumbered_operative"):
        hints.append("unnumbered paragraphs read as operative paragraphs")
    if (here_counts["pp"] - ref_counts["pp"]) * (here_counts["op"] - ref_counts["op"]) < 0:
        hints.append("preamble/operative boundary placed differently (a preambular paragraph "
                     "in the operative part, or the reverse)")
    if here_counts["sub"] != ref_counts["sub"] and not here_counts["op"] - ref_counts["op"]:
        hints.append("sub-paragraph markup differs (list/point, flat \"(a)\" paragraphs, sublists)")
    cause = f"{lang}: " + ", ".join(parts)
    return cause + (f" ({'; '.join(hints)})" if hints else "")


def _listed(ids) -> list:
    def key(x):
        return (len(str(x)), str(x))
    items = sorted(ids, key=key)
    return items[:_MAX_LISTED] + (["..."] if len(items) > _MAX_LISTED else [])


def compare_languages(documents: list[Document], include_annexes: bool = True) -> list[dict]:
    """Disagreements between the language versions of one resolution (see module docstring).

    `include_annexes=False` compares the resolution's own paragraphs only (the
    scope of the corpus notes' measure), leaving out the annexes' paragraphs.
    """
    by_lang: dict[str, Document] = {}
    for doc in documents:
        by_lang.setdefault(doc.resolution.language, doc)
    if len(by_lang) < 2:
        return []
    symbol = next(iter(by_lang.values())).resolution.symbol
    out = []
    for what, getter in (("clauses", lambda d: clause_id_set(d, include_annexes)),
                         ("footnotes", footnote_set)):
        sets = {lang: getter(doc) for lang, doc in sorted(by_lang.items())}
        ref = _reference(sets)
        agreeing = sorted(lang for lang, s in sets.items() if s == ref)
        for lang, s in sets.items():
            if s == ref:
                continue
            only_ref, only_here = ref - s, s - ref
            if what == "clauses":
                cause = _clause_cause(lang, by_lang[lang], only_ref, only_here)
            else:
                diff = len(s) - len(ref)
                cause = (f"{lang}: {_plural(abs(diff), 'footnote')} "
                         f"{'more' if diff > 0 else 'fewer'}" if diff else
                         f"{lang}: footnotes numbered differently") + \
                    (" (notes lost in conversion, or a translation with other notes)"
                     if diff else "")
            out.append({
                "symbol": symbol,
                "languages": [lang],
                "what": what,
                "detail": {"reference_languages": agreeing,
                           "only_in_reference": _listed(only_ref),
                           "only_here": _listed(only_here),
                           "reference_count": len(ref), "count": len(s)},
                "cause": cause,
            })
    return out


def agree(documents: list[Document]) -> bool:
    """True when every language version has the same clause ids and footnote numbers."""
    return not compare_languages(documents)


# -- reconciliation ------------------------------------------------------------------
#
# Where most official versions of a resolution (at least MIN_AGREEING, on their
# paragraph ids, else on the ids of their numbered paragraphs) agree and one
# version differs only in how its markup classified, placed, nested, split or
# merged rows, the odd version is given the others' ids. The rules, each a fact
# of the text:
#
# - kind: a row the others have as a preambular paragraph is one here if it ends
#   like one ("," "،" "，", or ":" before a list) and is unnumbered; as an
#   operative paragraph if it ends like one (";" "؛" "；" "." "。" ":") and is
#   unnumbered or printed with the same number; as unnumbered text or a heading
#   if it is unnumbered (a heading: without closing punctuation). "* * *" read
#   as a preambular paragraph, the last preambular paragraph left unnumbered in
#   the operative part, a single unnumbered paragraph put in a preamble block.
# - division: a paragraph the others have in a titled division (s26.op1) takes
#   that division's id here when it prints the same number.
# - nesting: sub-paragraphs follow their paragraph; a sub-paragraph whose
#   paragraph changed takes the others' id under it, and one at another depth
#   takes the others' id where its label says the same place ("㈠" and "(i)").
# - the last preambular paragraph of a version without operative text is
#   operative, whatever it ends with (a resolution does not end with its preamble).
# - split: a paragraph whose text prints its sub-paragraphs inline after ":" or
#   ";" ("…: a) …; b) …"), the labels a run from the first, is cut at those
#   labels where the others have these sub-paragraphs.
# - join: a paragraph ending with ":" and its sub-paragraphs a), b) ... are one
#   paragraph where the others print the sub-paragraphs inside it.
# The versions are aligned row by row (dynamic programming over the rows in
# document order; a row the other version lacks costs much, a repair little,
# rows of very different lengths more), each row takes its partner's id, and
# unnumbered rows and headings the reference lacks are numbered after its last.
# The repair is made only when the odd version then has exactly the
# reference's paragraph ids; otherwise it is left as it is and the alignment
# says why (a paragraph only in the reference, only here, ...).

_ID = re.compile(r"^(?P<prefix>(?:an\d+\.)?(?:d\d+\.)?(?:s[0-9a-z]+\.)*)"
                 r"(?P<role>pp|op|u|h)(?P<n>\d+)(?P<rest>(?:\.[a-z0-9]+)*)$")
_ENDS_PP = frozenset(",،，:：")
_ENDS_OP = frozenset(";؛；.。:：")
_ENDS_SENTENCE = frozenset(".;:,。；：，،؛…!?")
_KIND_OF_ROLE = {"pp": "paragraph", "op": "paragraph", "u": "unnumbered", "h": "heading"}
# How many of the official versions must share the reference structure.
MIN_AGREEING = 4
_GAP_TEXT, _GAP_PARAGRAPH, _RELABEL, _FREE, _MISMATCH = 0.3, 10.0, 1.0, 0.0, 3.0


@dataclass(frozen=True)
class _Row:
    id: str
    prefix: str          # "", "s2.", "d1.", "an1." ...
    role: str            # pp | op | u | h
    level: int
    label: str
    end: str             # last character of the text ("" if unknown)
    length: int = 0      # characters of text (0 if unknown)
    inline: tuple = ()   # (label start, text start, label) of sub-paragraphs printed inline
    last: bool = False   # a preambular paragraph after which this version has no operative text

    @property
    def paragraph(self) -> bool:
        return self.role in ("pp", "op") or self.level > 1


def _rows(signature, own_only: bool = True) -> list[_Row]:
    rows = []
    for s in signature:
        if own_only and (s.section == "annex" or s.clause_id.startswith("an")):
            continue
        m = _ID.match(s.clause_id)
        if not m:
            continue
        rows.append(_Row(s.clause_id, m.group("prefix"), m.group("role"),
                         1 + m.group("rest").count("."), _bare_label(getattr(s, "label", None)),
                         getattr(s, "end", "") or "", getattr(s, "length", 0) or 0,
                         tuple(getattr(s, "inline", ()) or ())))
    # The last preambular paragraph of a version without any operative text.
    if rows and not any(r.role in ("op", "u") for r in rows):
        k = max(i for i, r in enumerate(rows) if r.level == 1)
        if rows[k].role == "pp":
            rows[k] = _Row(**{**rows[k].__dict__, "last": True})
    return rows


# A sub-paragraph label printed inside a paragraph's text, after the colon or
# semicolon that ends the text before it: ": a) …; b) …", "：(a)…；(b)…", "؛ (ب)".
_INLINE_LABEL = re.compile(
    r"[:;：；؛]\s*(?P<label>\((?:[a-z]{1,2}|[ivx]{1,5}|[а-я]|[\u0621-\u064a]{1,2})\)"
    r"|(?:[a-z]|[ivx]{2,5}|[а-я])\)|（[a-z]）)\s*(?=\S)")


def inline_labels(text: str) -> tuple:
    """(label start, text start, label) of the sub-paragraphs a paragraph prints
    inline: a run of two or more labels after ":" or ";", the first "a" (or "i",
    "أ"), each the next of the one before; () if there is none."""
    run: list[tuple[int, int, str]] = []
    for m in _INLINE_LABEL.finditer(text):
        label = m.group("label")
        if run and _same_place(label, str(len(run) + 1)):
            run.append((m.start("label"), m.end(), label))
        elif not run and _same_place(label, "1"):
            run = [(m.start("label"), m.end(), label)]
        elif not run:
            continue
        else:
            break
    return tuple(run) if len(run) >= 2 else ()


_SPACE = re.compile(r"^(?:an\d+\.)?(?:d\d+\.)?")


@lru_cache(maxsize=None)
def _space(prefix: str) -> str:
    """The id space of a prefix: the body, an annex (an1.) or an adopted document (d1.)."""
    return _SPACE.match(prefix).group()


def _bare_label(label) -> str:
    return (label or "").strip().strip("().").lower()


def _paragraph_ids(rows: list[_Row]) -> frozenset[str]:
    return frozenset(r.id for r in rows if r.paragraph)


def _relabel_rule(o: _Row, r: _Row) -> str | None:
    """Why row o (odd version) may take the id of row r (reference), or None."""
    if o.level > 1 and r.level > 1:
        # A sub-paragraph follows its paragraph; its own label must not contradict.
        # At another depth (items under a sub-paragraph a version printed inline)
        # its label must say the same place.
        if o.level != r.level:
            return "nesting" if o.label and r.label and _same_place(o.label, r.label) else None
        return "nesting" if not o.label or not r.label or o.label == r.label \
            or _same_place(o.label, r.label) else None
    if o.level != r.level:
        return None
    rules = []
    if _space(o.prefix) != _space(r.prefix):
        return None
    if o.prefix != r.prefix and "u" not in (o.role, r.role) and "h" not in (o.role, r.role):
        # Unnumbered rows and headings carry no division prefix (u1, not s2.u1).
        if not (o.label and o.label == r.label):
            return None
        rules.append("division")
    if o.role != r.role:
        unnumbered = not o.label
        if r.role == "pp" and unnumbered and o.end in _ENDS_PP:
            rules.append(f"{o.role}->pp")
        elif r.role == "op" and (unnumbered or o.label == r.label) and o.end in _ENDS_OP \
                and o.role != "h":
            rules.append(f"{o.role}->op")
        elif r.role == "op" and o.last and unnumbered:
            # A resolution does not end with its preamble: its last paragraph is
            # operative, whatever its closing punctuation (Spanish 80/189 ",").
            rules.append("pp->op (last paragraph)")
        elif r.role == "u" and unnumbered:
            rules.append(f"{o.role}->u")
        elif r.role == "h" and unnumbered and o.end not in _ENDS_SENTENCE:
            rules.append(f"{o.role}->h")
        else:
            return None
    return "+".join(rules) or "same"


_LATIN = "abcdefghijklmnopqrstuvwxyz"


def _same_place(a: str, b: str) -> bool:
    """Do two labels say the same place? "(c)" and "(ج)"; "(i)" and "㈠" (a single
    "i", "v" or "x" may be a letter or a roman numeral)."""
    def places(label: str) -> set:
        bare = label.strip().strip("()（）.").lower()
        out = {_ordinal(bare)}
        if bare in ("i", "v", "x"):
            out.add(_ROMAN_VALUES[bare])
        return out - {None}
    return bool(places(a) & places(b))


_ROMAN_VALUES = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8,
                 "ix": 9, "x": 10, "xi": 11, "xii": 12}


def _ordinal(label: str) -> int | None:
    """1 for "a", "أ", "а", "1", "㈠", "(1)"; roman numerals of two or more letters by
    their value ("ii" 2), a single "i", "v", "x" as a letter; None if unknown."""
    from .akn.structure import _ARABIC_ORDER
    label = label.strip().strip("()（）.").lower()
    if label.isdigit():
        return int(label)
    if len(label) > 1 and label in _ROMAN_VALUES:
        return _ROMAN_VALUES[label]
    if len(label) == 1:
        for alphabet in (_LATIN, _ARABIC_ORDER, "абвгдежзийклмнопрстуфхцчшщэюя"):
            if label in alphabet:
                return alphabet.index(label) + 1
        if "\u3220" <= label <= "\u3229":
            return ord(label) - 0x3220 + 1
    return None


def _length_ratio(odd: list[_Row], ref: list[_Row]) -> float:
    """How much longer this language's texts are than the reference's (median
    over the rows both versions give the same id)."""
    by_id = {r.id: r for r in ref}
    ratios = sorted(o.length / by_id[o.id].length for o in odd
                    if o.id in by_id and o.length and by_id[o.id].length)
    return ratios[len(ratios) // 2] if ratios else 1.0


def _children(rows: list[_Row], k: int) -> list[int]:
    """Indexes of the rows right after row k that are its direct children, while
    they follow each other (a child's own items may stand between them)."""
    out, parent, j = [], rows[k].id, k + 1
    while j < len(rows) and rows[j].id.startswith(parent + "."):
        if rows[j].level == rows[k].level + 1:
            out.append(j)
        j += 1
    return out


def _split_step(o: _Row, ref: list[_Row], j: int) -> list[int] | None:
    """Reference rows j, j+1 ... that odd row o holds when its text carries its
    sub-paragraphs inline (": a) …; b) …"): o's labels must be the first of
    row j's sub-paragraphs, which follow it."""
    if not o.inline:
        return None
    kids = _children(ref, j)
    k = len(o.inline)
    if len(kids) < k or kids[:k] != list(range(j + 1, j + 1 + k)):
        return None
    for (_, _, label), idx in zip(o.inline, kids):
        if ref[idx].label and not _same_place(label, ref[idx].label):
            return None
    return [j] + kids[:k]


def _join_step(odd: list[_Row], i: int, r: _Row, ref: list[_Row], j: int) -> list[int] | None:
    """Odd rows i, i+1 ... that together are reference row j: a paragraph that
    ends with a colon and its sub-paragraphs (labels a), b) ... with no items
    under them), where the reference prints them inline in one paragraph."""
    o = odd[i]
    if o.end not in (":", "：") or o.level != r.level or _children(ref, j):
        return None
    kids = _children(odd, i)
    if not kids or kids != list(range(i + 1, i + 1 + len(kids))):
        return None
    if not all(_same_place(odd[k].label, str(n)) or _ordinal(odd[k].label) == n
               for n, k in zip(range(1, len(kids) + 1), kids)):
        return None
    if _relabel_rule(o, r) not in ("same",):
        return None
    return [i] + kids


_BAND = 48


def _align(odd: list[_Row], ref: list[_Row]):
    """Monotone alignment of the two row sequences (dynamic programming): a list
    of (odd indexes, ref indexes, rule): one to one (a pair, or a row of one
    side alone with rule None), one to several ("split": an odd row holding its
    sub-paragraphs inline) or several to one ("join"). Rows whose lengths do
    not correspond (beyond a factor of two, after the languages' usual ratio)
    cost more to pair: the alignment does not slide a whole run of paragraphs
    by one to hide a paragraph that one version lacks."""
    n, m = len(odd), len(ref)
    ratio = _length_ratio(odd, ref)
    INF = float("inf")
    cost = [[INF] * (m + 1) for _ in range(n + 1)]
    back: list[list] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0

    # Gap costs once per row, and the back-pointers made only when a step wins:
    # the table has a cell per pair of rows (600 x 600 for a budget resolution).
    gap_odd = [_GAP_PARAGRAPH if row.paragraph else _GAP_TEXT for row in odd]
    gap_ref = [_GAP_PARAGRAPH if row.paragraph else _GAP_TEXT for row in ref]
    free = ("same", "nesting")
    log2 = math.log(2)
    # Only cells near the diagonal: a path that strays further than the two
    # versions' difference in rows plus _BAND leaves so many rows unpaired that
    # no repair could follow from it.
    width = abs(n - m) + _BAND
    for i in range(n + 1):
        row_cost, next_cost = cost[i], cost[i + 1] if i < n else None
        o = odd[i] if i < n else None
        centre = i * m // n if n else 0
        for j in range(max(0, centre - width), min(m, centre + width) + 1):
            c = row_cost[j]
            if c == INF:
                continue
            if o is not None and j < m:
                r = ref[j]
                rule = _relabel_rule(o, r)  # once per cell: the costly part
                if rule is not None:
                    step = _FREE if rule in free else _RELABEL
                    if o.role in ("u", "h") and r.role in ("u", "h"):
                        step = _FREE
                    o_len, r_len = o.length, r.length * ratio
                    if o_len and r_len and max(o_len, r_len) > 40:
                        spread = abs(math.log(o_len / r_len))
                        step += _MISMATCH if spread > log2 else spread / 2
                    if c + step < next_cost[j + 1]:
                        next_cost[j + 1], back[i + 1][j + 1] = c + step, ([i], [j], rule)
                if rule in free:
                    taken = _split_step(o, ref, j)
                    if taken and c + _RELABEL < next_cost[taken[-1] + 1]:
                        next_cost[taken[-1] + 1] = c + _RELABEL
                        back[i + 1][taken[-1] + 1] = ([i], taken, "split")
                    joined = _join_step(odd, i, r, ref, j)
                    if joined and c + _RELABEL < cost[joined[-1] + 1][j + 1]:
                        cost[joined[-1] + 1][j + 1] = c + _RELABEL
                        back[joined[-1] + 1][j + 1] = (joined, [j], "join")
            if o is not None and c + gap_odd[i] < next_cost[j]:
                next_cost[j], back[i + 1][j] = c + gap_odd[i], ([i], [], None)
            if j < m and c + gap_ref[j] < row_cost[j + 1]:
                row_cost[j + 1], back[i][j + 1] = c + gap_ref[j], ([], [j], None)
    steps = []
    i, j = n, m
    while (i, j) != (0, 0):
        odd_ix, ref_ix, rule = back[i][j]
        steps.append((odd_ix, ref_ix, rule))
        i -= len(odd_ix)
        j -= len(ref_ix)
    return steps[::-1]


@dataclass
class Reconciliation:
    """The outcome for one odd version: its id mapping if repaired, and why."""
    language: str
    reference_languages: list[str]
    mapping: dict[str, str]          # old id -> new id (only the ids that change)
    repaired: bool
    changes: list[dict]              # {"from", "to", "rule"} for kind/division/nesting repairs
    causes: list[str]                # why not repaired (empty if repaired)
    # old id -> [[new id, label start, text start], ...]: a row cut at its inline
    # labels (the first part keeps the text before the first label).
    splits: dict[str, list] = field(default_factory=dict)


def _numbered(ids: frozenset[str]) -> frozenset[str]:
    """Paragraph ids without the sub-paragraphs of unnumbered rows (u3.a), whose ids
    depend on how many unnumbered rows (tables, notes) a version has before them."""
    return frozenset(i for i in ids if not _ID.match(i).group("role") == "u")


def reference(sets: dict[str, frozenset], official) -> tuple[frozenset, list[str]] | None:
    """The structure most official versions share and the languages sharing it:
    at least MIN_AGREEING of them (or all but one, when fewer are present), on
    their paragraph ids, else on their numbered paragraphs' ids. None if no
    structure is shared so."""
    need = min(MIN_AGREEING, len(sets) - 1)
    for key in (lambda s: s, _numbered):
        counts = Counter(key(s) for s in sets.values())
        (top, agreeing), *rest = counts.most_common()
        if agreeing >= need and not (rest and rest[0][1] == agreeing):
            languages = sorted((l for l, s in sets.items() if key(s) == top),
                               key=lambda l: (l != "en", official.index(l)))
            return sets[languages[0]], languages
    return None


def reconcile(signatures: dict[str, tuple], official=("ar", "zh", "en", "fr", "ru", "es")
              ) -> tuple[list[str], list[Reconciliation]]:
    """The reference languages and, for every version that differs from them, its
    repair or the reason there is none (module comment above).

    `signatures` maps a language to the clause signatures of its version
    (etl.corpus.ClauseSignature: id, kind, section, label, end, length)."""
    # The paragraph ids depend on the clause ids and sections alone: versions
    # with the same ones (most of them) share one set, computed once.
    shapes = {lang: tuple((s.clause_id, s.section) for s in sig)
              for lang, sig in signatures.items()}
    by_shape: dict[tuple, frozenset] = {}
    sets = {}
    for lang, shape in shapes.items():
        if shape not in by_shape:
            by_shape[shape] = _paragraph_ids(_rows(signatures[lang]))
        sets[lang] = by_shape[shape]
    official_sets = {lang: ids for lang, ids in sets.items() if lang in official}
    if len(official_sets) < 2:
        return [], []
    found = reference(official_sets, official)
    if found is None:
        return [], []
    top, languages = found
    ref_lang = languages[0]
    out = []
    for lang in signatures:
        if lang == ref_lang or sets[lang] == top:
            continue
        out.append(_reconcile_one(lang, _rows(signatures[lang]), _rows(signatures[ref_lang]),
                                  top, sorted(languages)))
    return sorted(languages), out


def _reconcile_one(lang: str, odd: list[_Row], ref: list[_Row], top: frozenset,
                   reference_languages: list[str]) -> Reconciliation:
    """Align, then give every paired row the reference row's id (and kind).

    Unnumbered rows and headings the reference lacks keep their kind and are
    numbered after the reference's last (u and h numbers are the reference's,
    so that sub-paragraphs of unnumbered rows get the same ids). A split row
    becomes several (its inline labels cut it); joined rows become one."""
    steps = _align(odd, ref)
    final: dict[int, str] = {}
    roles: dict[int, str] = {}
    splits: dict[str, list] = {}
    changes, causes = [], []
    extra: list[int] = []
    for odd_ix, ref_ix, rule in steps:
        if rule == "split":
            o = odd[odd_ix[0]]
            head, *parts = [ref[k] for k in ref_ix]
            final[odd_ix[0]], roles[odd_ix[0]] = head.id, head.role
            splits[o.id] = [[head.id, 0, 0]] + [[p.id, ls, ts] for (ls, ts, _), p in
                                                zip(o.inline, parts)]
            changes.append({"from": o.id, "to": [head.id] + [p.id for p in parts],
                            "rule": "split at its inline labels"})
        elif rule == "join":
            r = ref[ref_ix[0]]
            for k in odd_ix:
                final[k], roles[k] = r.id, r.role
            changes.append({"from": [odd[k].id for k in odd_ix], "to": r.id,
                            "rule": "join: sub-paragraphs the others print inline"})
        elif odd_ix and ref_ix:
            o, r = odd[odd_ix[0]], ref[ref_ix[0]]
            final[odd_ix[0]], roles[odd_ix[0]] = r.id, r.role
            if rule != "same" and (rule != "nesting" or o.id != r.id) \
                    and not (o.level == 1 and o.role == r.role and o.role in ("u", "h")):
                changes.append({"from": o.id, "to": r.id, "rule": rule})
        elif odd_ix:
            o = odd[odd_ix[0]]
            if o.paragraph:
                causes.append(f"{o.id} only here")
            else:
                extra.append(odd_ix[0])
        elif ref[ref_ix[0]].paragraph:
            causes.append(f"{ref[ref_ix[0]].id} only in the reference")
    if causes:
        return Reconciliation(lang, reference_languages, {}, False, [], causes)
    used: dict[tuple[str, str], int] = {}
    for r in ref:
        if r.level == 1 and r.role in ("u", "h"):
            key = (_space(r.prefix), r.role)
            used[key] = max(used.get(key, 0), int(_ID.match(r.id).group("n")))
    for oi in extra:
        o = odd[oi]
        key = (_space(o.prefix), o.role)
        used[key] = used.get(key, 0) + 1
        final[oi], roles[oi] = f"{key[0]}{o.role}{used[key]}", o.role
    ids = set(final.values()) | {p[0] for parts in splits.values() for p in parts}
    for i, nid in final.items():
        if odd[i].level > 1 and nid.rsplit(".", 1)[0] not in ids:
            causes.append(f"{odd[i].id}: its paragraph has no counterpart")
    new_paragraphs = frozenset(
        [nid for i, nid in final.items() if roles[i] in ("pp", "op") or odd[i].level > 1]
        + [p[0] for parts in splits.values() for p in parts[1:]])
    if new_paragraphs != top:
        causes.append("ids still differ: " + ", ".join(
            _listed((top - new_paragraphs) | (new_paragraphs - top))))
    if causes:
        return Reconciliation(lang, reference_languages, {}, False, [], causes)
    mapping = {odd[i].id: final[i] for i in sorted(final) if final[i] != odd[i].id}
    return Reconciliation(lang, reference_languages, mapping, True, changes, [], splits)


# -- applying a repair -----------------------------------------------------------------

def _kind_section_level(new_id: str, old_section: str) -> tuple[str, str, int, str | None]:
    """Kind, section, level and parent id that a clause id implies."""
    m = _ID.match(new_id)
    role, prefix, rest = m.group("role"), m.group("prefix"), m.group("rest")
    level = 1 + rest.count(".")
    kind = "paragraph" if level > 1 else _KIND_OF_ROLE[role]
    if old_section == "annex":
        section = "annex"
    elif role == "pp" and not re.match(r"^d\d+\.", prefix):
        section = "preamble"
    else:
        section = "operative"
    parent = new_id.rsplit(".", 1)[0] if level > 1 else None
    return kind, section, level, parent


def relabel_signature(signature: tuple, mapping: dict[str, str],
                      splits: dict[str, list] | None = None) -> tuple:
    """Clause signatures with a repair's ids (and the kinds and sections they
    imply): split rows become their parts, joined rows one."""
    out, seen = [], set()
    for s in signature:
        parts = (splits or {}).get(s.clause_id)
        ids = [p[0] for p in parts] if parts else [mapping.get(s.clause_id, s.clause_id)]
        for new in ids:
            if new in seen:
                continue          # joined into the row before
            seen.add(new)
            if new == s.clause_id:
                out.append(s)
                continue
            kind, section, _, _ = _kind_section_level(new, s.section)
            out.append(s._replace(clause_id=new, kind=kind, section=section, inline=()))
    return tuple(out)


def relabel_tables(tables: dict, mapping: dict[str, str],
                   splits: dict[str, list] | None = None) -> dict:
    """One document's tables (pyarrow, as etl.tabulate writes them) with a repair:
    its clause ids, and the kinds, sections, levels, parents and keys they imply;
    a split row cut at its inline labels into rows of their own (each label
    moves from the text to the label column); rows joined into one (each
    joined row's label goes back into the text, before its words); footnote
    markers and citations follow their text (clause id and offsets); ordinals
    are counted again; the resolution's counts of preambular and operative
    paragraphs too. Nothing of the text is lost: it moves between rows and the
    label column."""
    import pyarrow as pa
    from .akn.structure import normalise_label
    out = dict(tables)
    clauses = tables["clauses"]
    if not clauses.num_rows:
        return out
    rows = clauses.to_pylist()
    # where[old id] -> list of (new id, start, end, shift): the old text's span
    # [start, end) is at offset (old offset + shift) in the new row's text.
    where: dict[str, list] = {}
    new_rows: list[dict] = []
    by_id: dict[str, dict] = {}
    for row in rows:
        old, text = row["clause_id"], row["text"]
        parts = (splits or {}).get(old)
        if parts:
            bounds = [p[1] for p in parts[1:]] + [len(text)]
            pieces = []
            for (nid, label_start, text_start), end in zip(parts, bounds):
                begin = text_start if label_start else 0
                piece = text[begin:end].rstrip()
                label = normalise_label(text[label_start:text_start].strip()) if label_start \
                    else row["label"]
                pieces.append((nid, begin, end, piece, label))
            for k, (nid, begin, end, piece, label) in enumerate(pieces):
                new_row = {**row, "clause_id": nid, "text": piece, "label": label}
                if k:
                    new_row["leading_phrase"] = None
                where.setdefault(old, []).append((nid, begin if k else 0,
                                                  begin + len(piece), -begin))
                new_rows.append(new_row)
                by_id[nid] = new_row
            continue
        nid = mapping.get(old, old)
        if nid in by_id:
            # Joined into the row before: its label and text go after that row's text.
            head = by_id[nid]
            joined = " ".join(x for x in (row["label"], text) if x)
            sep = "" if is_wide(head["text"][-1:]) or is_wide(joined[:1]) else " "
            shift = len(head["text"]) + len(sep) + (len(joined) - len(text))
            head["text"] = head["text"] + sep + joined
            head["line_end"] = max(head["line_end"], row["line_end"])
            where.setdefault(old, []).append((nid, 0, len(text), shift))
            continue
        new_row = {**row, "clause_id": nid}
        where.setdefault(old, []).append((nid, 0, len(text), 0))
        new_rows.append(new_row)
        by_id[nid] = new_row
    for ordinal, row in enumerate(new_rows, start=1):
        kind, section, level, parent = _kind_section_level(row["clause_id"], row["section"])
        base = f"{row['symbol']}#{row['language']}#"
        row.update(ordinal=ordinal, kind=kind, section=section, level=level, parent_id=parent,
                   clause_key=base + row["clause_id"],
                   parent_key=base + parent if parent else None)
    out["clauses"] = pa.Table.from_pylist(new_rows, schema=clauses.schema)

    def place(old: str, offset: int) -> tuple[str, int]:
        spans = where.get(old)
        if not spans:
            return old, offset
        for nid, start, limit, shift in spans:
            if offset <= limit:
                return nid, max(offset + shift, 0)
        return spans[-1][0], max(offset + spans[-1][3], 0)

    refs = tables["footnote_refs"]
    if refs.num_rows:
        data = refs.to_pylist()
        for r in data:
            r["clause_id"], r["offset"] = place(r["clause_id"], r["offset"])
        out["footnote_refs"] = pa.Table.from_pylist(data, schema=refs.schema)
    cits = tables["citations"]
    if cits.num_rows:
        data = cits.to_pylist()
        for r in data:
            if r["clause_id"] is None:
                continue
            nid, start = place(r["clause_id"], r["start"])
            r["end"] += start - r["start"]
            r["clause_id"], r["start"] = nid, start
            r["clause_key"] = r["clause_key"].rsplit("#", 1)[0] + "#" + nid
        out["citations"] = pa.Table.from_pylist(data, schema=cits.schema)
    resolutions = tables["resolutions"]
    if resolutions.num_rows:
        level1 = [r for r in new_rows if r["level"] == 1 and r["kind"] == "paragraph"]
        pp = sum(1 for r in level1 if r["section"] == "preamble")
        op = sum(1 for r in level1 if r["section"] == "operative"
                 and not re.match(r"^d\d+\.(?:s[0-9a-z]+\.)*pp\d+$", r["clause_id"]))
        out["resolutions"] = _set_columns(resolutions, {
            "preambular_count": [pp] * resolutions.num_rows,
            "operative_count": [op] * resolutions.num_rows})
    return out


def _set_columns(table, columns: dict):
    import pyarrow as pa
    for name, values in columns.items():
        at = table.column_names.index(name)
        field = table.schema.field(at)
        table = table.set_column(at, field, pa.array(values, field.type))
    return table
