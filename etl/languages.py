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

import re
from collections import Counter

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
