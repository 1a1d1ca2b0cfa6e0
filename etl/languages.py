"""Do the language versions of one resolution have the same structure?

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
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

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
# Where most official versions of a resolution agree on their paragraph ids and
# one version differs only in how its markup classified or nested some rows, the
# odd version is given the others' ids. The rules, each a fact of the text:
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
#   paragraph changed takes the others' id under it.
# Headings and unnumbered rows are then counted again in document order (the
# contract of etl/records.py). The repair is made only when the odd version then
# has exactly the reference's paragraph ids; otherwise it is left as it is and
# the alignment says why (a paragraph only in the reference, only here, ...).

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
                         getattr(s, "end", "") or "", getattr(s, "length", 0) or 0))
    # The last preambular paragraph of a version without any operative text.
    if rows and not any(r.role in ("op", "u") for r in rows):
        k = max(i for i, r in enumerate(rows) if r.level == 1)
        if rows[k].role == "pp":
            rows[k] = _Row(**{**rows[k].__dict__, "last": True})
    return rows


def _space(prefix: str) -> str:
    """The id space of a prefix: the body, an annex (an1.) or an adopted document (d1.)."""
    return re.match(r"^(?:an\d+\.)?(?:d\d+\.)?", prefix).group()


def _bare_label(label) -> str:
    return (label or "").strip().strip("().").lower()


def _paragraph_ids(rows: list[_Row]) -> frozenset[str]:
    return frozenset(r.id for r in rows if r.paragraph)


def _relabel_rule(o: _Row, r: _Row) -> str | None:
    """Why row o (odd version) may take the id of row r (reference), or None."""
    if o.level != r.level:
        return None
    if o.level > 1:
        # A sub-paragraph follows its paragraph; its own label must not contradict.
        return "nesting" if not o.label or not r.label or o.label == r.label \
            or _ordinal(o.label) == _ordinal(r.label) else None
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


def _ordinal(label: str) -> int | None:
    """1 for "a", "أ", "а", "i" (as roman), "1", "㈠"; None if unknown."""
    from .akn.structure import _ARABIC_ORDER
    if label.isdigit():
        return int(label)
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


def _align(odd: list[_Row], ref: list[_Row]):
    """Monotone alignment of the two row sequences (dynamic programming): a list
    of (odd index or None, ref index or None, rule or None). Rows whose lengths
    do not correspond (beyond a factor of two, after the languages' usual
    ratio) cost more to pair: the alignment does not slide a whole run of
    paragraphs by one to hide a paragraph that one version lacks."""
    n, m = len(odd), len(ref)
    ratio = _length_ratio(odd, ref)
    INF = float("inf")
    cost = [[INF] * (m + 1) for _ in range(n + 1)]
    back: list[list] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0

    def gap(row: _Row) -> float:
        return _GAP_PARAGRAPH if row.paragraph else _GAP_TEXT

    for i in range(n + 1):
        for j in range(m + 1):
            c = cost[i][j]
            if c == INF:
                continue
            if i < n and j < m:
                rule = _relabel_rule(odd[i], ref[j])
                if rule is not None:
                    step = _FREE if rule in ("same", "nesting") else _RELABEL
                    if odd[i].role in ("u", "h") and ref[j].role in ("u", "h"):
                        step = _FREE
                    o_len, r_len = odd[i].length, ref[j].length * ratio
                    if o_len and r_len and max(o_len, r_len) > 40:
                        spread = abs(math.log(o_len / r_len))
                        step += _MISMATCH if spread > math.log(2) else spread / 2
                    if c + step < cost[i + 1][j + 1]:
                        cost[i + 1][j + 1], back[i + 1][j + 1] = c + step, (i, j, rule)
            if i < n and c + gap(odd[i]) < cost[i + 1][j]:
                cost[i + 1][j], back[i + 1][j] = c + gap(odd[i]), (i, j, None)
            if j < m and c + gap(ref[j]) < cost[i][j + 1]:
                cost[i][j + 1], back[i][j + 1] = c + gap(ref[j]), (i, j, None)
    steps = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj, rule = back[i][j]
        steps.append((pi if pi < i else None, pj if pj < j else None, rule))
        i, j = pi, pj
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
    rows = {lang: _rows(sig) for lang, sig in signatures.items()}
    sets = {lang: _paragraph_ids(r) for lang, r in rows.items() if lang in official}
    if len(sets) < 2:
        return [], []
    found = reference(sets, official)
    if found is None:
        return [], []
    top, languages = found
    ref_lang = languages[0]
    out = []
    for lang in signatures:
        if lang == ref_lang or _paragraph_ids(rows[lang]) == top:
            continue
        out.append(_reconcile_one(lang, rows[lang], rows[ref_lang], top, sorted(languages)))
    return sorted(languages), out


def _reconcile_one(lang: str, odd: list[_Row], ref: list[_Row], top: frozenset,
                   reference_languages: list[str]) -> Reconciliation:
    """Align, then give every paired row the reference row's id (and kind).

    Unnumbered rows and headings the reference lacks keep their kind and are
    numbered after the reference's last (u and h numbers are the reference's,
    so that sub-paragraphs of unnumbered rows get the same ids)."""
    steps = _align(odd, ref)
    final: dict[int, str] = {}
    roles: dict[int, str] = {}
    changes, causes = [], []
    extra: list[int] = []
    for oi, rj, rule in steps:
        if oi is not None and rj is not None:
            o, r = odd[oi], ref[rj]
            final[oi], roles[oi] = r.id, r.role
            if rule != "same" and (rule != "nesting" or o.id != r.id) \
                    and not (o.level == 1 and o.role == r.role and o.role in ("u", "h")):
                changes.append({"from": o.id, "to": r.id, "rule": rule})
        elif oi is not None:
            o = odd[oi]
            if o.paragraph:
                causes.append(f"{o.id} only here")
            else:
                extra.append(oi)
        elif ref[rj].paragraph:
            causes.append(f"{ref[rj].id} only in the reference")
    if causes:
        return Reconciliation(lang, reference_languages, {}, False, [], causes)
    used: dict[tuple[str, str], int] = {}
    for r in ref:
        if r.level == 1 and r.role in ("u", "h"):
            space = _space(r.prefix)
            m = _ID.match(r.id)
            used[(space, r.role)] = max(used.get((space, r.role), 0), int(m.group("n")))
    for oi in extra:
        o = odd[oi]
        space = _space(o.prefix)
        used[(space, o.role)] = used.get((space, o.role), 0) + 1
        final[oi], roles[oi] = f"{space}{o.role}{used[(space, o.role)]}", o.role
    ids = set(final.values())
    for i, nid in final.items():
        if odd[i].level > 1 and nid.rsplit(".", 1)[0] not in ids:
            causes.append(f"{odd[i].id}: its paragraph has no counterpart")
    new_paragraphs = frozenset(nid for i, nid in final.items()
                               if roles[i] in ("pp", "op") or odd[i].level > 1)
    if new_paragraphs != top:
        causes.append("ids still differ: " + ", ".join(
            _listed((top - new_paragraphs) | (new_paragraphs - top))))
    if causes:
        return Reconciliation(lang, reference_languages, {}, False, [], causes)
    mapping = {odd[i].id: final[i] for i in sorted(final) if final[i] != odd[i].id}
    return Reconciliation(lang, reference_languages, mapping, True, changes, [])


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


def relabel_signature(signature: tuple, mapping: dict[str, str]) -> tuple:
    """Clause signatures with a repair's ids (and the kinds and sections they imply)."""
    out = []
    for s in signature:
        new = mapping.get(s.clause_id)
        if new is None:
            out.append(s)
            continue
        kind, section, _, _ = _kind_section_level(new, s.section)
        out.append(s._replace(clause_id=new, kind=kind, section=section))
    return tuple(out)


def relabel_tables(tables: dict, mapping: dict[str, str]) -> dict:
    """One document's tables (pyarrow, as etl.tabulate writes them) with a repair's
    clause ids: the clause rows' id, kind, section, level, parent and keys, the
    clause ids of footnote markers and citations, and the resolution's counts of
    preambular and operative paragraphs. Text, labels, order and lines stay."""
    import pyarrow as pa
    out = dict(tables)
    clauses = tables["clauses"]
    if not clauses.num_rows:
        return out
    cols = {c: clauses.column(c).to_pylist() for c in (
        "symbol", "language", "clause_id", "kind", "section", "level", "parent_id",
        "clause_key", "parent_key")}
    for k, old in enumerate(cols["clause_id"]):
        new = mapping.get(old)
        if new is None:
            continue
        kind, section, level, parent = _kind_section_level(new, cols["section"][k])
        base = f"{cols['symbol'][k]}#{cols['language'][k]}#"
        cols["clause_id"][k], cols["kind"][k], cols["section"][k] = new, kind, section
        cols["level"][k], cols["parent_id"][k] = level, parent
        cols["clause_key"][k] = base + new
        cols["parent_key"][k] = base + parent if parent else None
    out["clauses"] = _set_columns(clauses, cols)
    for name, key in (("footnote_refs", None), ("citations", "clause_key")):
        data = tables[name]
        if not data.num_rows:
            continue
        ids = data.column("clause_id").to_pylist()
        new_ids = [mapping.get(i, i) if i is not None else None for i in ids]
        changed = {"clause_id": new_ids}
        if key:
            keys = data.column(key).to_pylist()
            changed[key] = [k.rsplit("#", 1)[0] + "#" + n if k is not None and n is not None
                            else k for k, n in zip(keys, new_ids)]
        out[name] = _set_columns(data, changed)
    resolutions = tables["resolutions"]
    if resolutions.num_rows:
        level1 = [(cid, s) for cid, s, lv, kd in zip(cols["clause_id"], cols["section"],
                                                      cols["level"], cols["kind"])
                  if lv == 1 and kd == "paragraph"]
        pp = sum(1 for _, s in level1 if s == "preamble")
        op = sum(1 for cid, s in level1 if s == "operative"
                 and not re.match(r"^d\d+\.(?:s[0-9a-z]+\.)*pp\d+$", cid))
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
