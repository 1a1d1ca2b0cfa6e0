"""The lineage tables checked against the package they were made from.

Each figure is recomputed from the tables alone (not from the code that
made them), with plainer rules than the ones that decided the links:

- renewals: every resolution that has a resolution with the same title in
  the previous regular session and cites it in its preamble should be
  linked to it; every link should point to an earlier resolution sharing a
  title (letters compared, numbers aside; with no language in common,
  through a third resolution's two versions), an agenda item or a citation;
- unchanged: every `unchanged` pair has identical texts once whitespace is
  removed; every clause whose text occurs exactly once in the predecessor
  (in that language) is aligned to that clause, as `unchanged` (in order) or
  `moved`; counted again over the texts the resolution does not repeat;
- languages: the share of the language versions of linked resolutions whose
  own evidence names the same predecessor (`lineage.languages_agree`, and
  the build report's count per version).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

import pyarrow as pa

_PREAMBLE = re.compile(r"^(?:s[0-9a-z]+\.)*pp\d")
_REGULAR = re.compile(r"^A/RES/(\d+)/\d+[A-Z]*$")


def _rows(table: pa.Table, columns: list[str]) -> list[tuple]:
    values = []
    for name in columns:
        column = table.column(name)
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        values.append(column.to_pylist())
    return list(zip(*values))


def _plain_title(title: str | None) -> str:
    """Letters only, in lower case, numbers as '#': "Working Capital Fund for
    2021" and "... for 2020" are one title."""
    letters = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKD", title or "").casefold())
    return re.sub(r"\d+", "#", letters)


def renewals(resolutions: pa.Table, citations: pa.Table, lineage: pa.Table) -> dict:
    """Resolutions renewing one of the previous session (same title, cited in
    the preamble): how many the lineage links to it; and links without any
    shared title, agenda item or citation."""
    titles: dict[str, dict[str, str]] = defaultdict(dict)
    agenda: dict[str, str] = {}
    adopted: dict[str, object] = {}
    for symbol, language, title, item, date in _rows(
            resolutions, ["symbol", "language", "title", "agenda_item", "adoption_date"]):
        if title:
            titles[symbol][language] = _plain_title(title)
        if item:
            agenda[symbol] = item
        adopted[symbol] = date
    cites_in_preamble: dict[str, set[str]] = defaultdict(set)
    cites: dict[str, set[str]] = defaultdict(set)
    for symbol, location, clause_id, target, kind in _rows(
            citations, ["symbol", "location", "clause_id", "target", "target_type"]):
        if kind != "ga_resolution":
            continue
        cites[symbol].add(target)
        if location == "clause" and clause_id and _PREAMBLE.match(clause_id):
            cites_in_preamble[symbol].add(target)

    by_title: dict[tuple[str, str], set[str]] = defaultdict(set)
    for symbol, of in titles.items():
        for lang, t in of.items():
            by_title[lang, t].add(symbol)

    def same_title(a: str, b: str) -> bool:
        if any(t and titles[b].get(lang) == t for lang, t in titles[a].items()):
            return True
        if set(titles[a]) & set(titles[b]):
            return False
        # No language in common: the two titles of one third resolution.
        thirds = set().union(*(by_title[lang, t] for lang, t in titles[a].items())) \
            if titles[a] else set()
        return any(titles[x].get(lang) == t for x in thirds - {a, b}
                   for lang, t in titles[b].items())

    by_session: dict[int, list[str]] = defaultdict(list)
    for symbol in titles:
        m = _REGULAR.match(symbol)
        if m:
            by_session[int(m.group(1))].append(symbol)
    links = defaultdict(set)
    for symbol, predecessor in _rows(lineage, ["symbol", "predecessor"]):
        links[symbol].add(predecessor)
    expected = found = 0
    missed = []
    for session, symbols in sorted(by_session.items()):
        for symbol in symbols:
            previous = [p for p in by_session.get(session - 1, ())
                        if p in cites_in_preamble[symbol] and same_title(symbol, p)]
            if not previous:
                continue
            expected += 1
            if links[symbol] & set(previous):
                found += 1
            else:
                missed.append({"symbol": symbol, "expected": sorted(previous),
                               "linked": sorted(links[symbol])})
    unsupported = []
    later = []
    for symbol, predecessors in sorted(links.items()):
        for p in predecessors:
            shared = (same_title(symbol, p) or same_title(p, symbol)
                      or p in cites[symbol]
                      or (agenda.get(symbol) and agenda.get(symbol) == agenda.get(p))
                      or _shares_item(agenda.get(symbol), agenda.get(p)))
            if not shared:
                unsupported.append({"symbol": symbol, "predecessor": p})
            if adopted.get(p) and adopted.get(symbol) and not adopted[p] < adopted[symbol]:
                later.append({"symbol": symbol, "predecessor": p})
    return {
        "renewals": expected, "renewals_linked": found,
        "renewals_linked_share": round(found / expected, 4) if expected else None,
        "renewals_missed": missed,
        "links": sum(len(v) for v in links.values()),
        "links_without_shared_title_agenda_or_citation": unsupported,
        "links_to_a_resolution_not_earlier": later,
    }


def _shares_item(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    items = lambda s: {" ".join(p.split()) for p in re.split(r",|\band\b|;", s) if p.strip()}
    return bool(items(a) & items(b))


def unchanged(clauses: pa.Table, clause_lineage: pa.Table) -> dict:
    """Unchanged pairs with identical texts; clauses whose text occurs once in
    the predecessor aligned to it."""
    text = {}
    for key, value in _rows(clauses, ["clause_key", "text"]):
        text[key] = "".join((value or "").split())
    by_version: dict[tuple[str, str], list[str]] = defaultdict(list)
    for symbol, language, key in _rows(clauses, ["symbol", "language", "clause_key"]):
        by_version[symbol, language].append(key)
    rows = _rows(clause_lineage, ["symbol", "language", "predecessor", "change", "clause_key",
                                  "predecessor_clause_key"])
    pairs = identical = 0
    differing = []
    aligned: dict[tuple[str, str, str], dict[str, tuple[str | None, str]]] = defaultdict(dict)
    for symbol, language, predecessor, change, new_key, old_key in rows:
        if change == "unchanged":
            pairs += 1
            if text.get(new_key) == text.get(old_key):
                identical += 1
            else:
                differing.append(new_key)
        if new_key:
            aligned[symbol, language, predecessor][new_key] = (old_key, change)
    once = to_it = as_unchanged = 0
    both = both_to_it = both_unchanged = 0
    for (symbol, language, predecessor), rows_of in aligned.items():
        old_keys = by_version.get((predecessor, language), [])
        counts = Counter(text[k] for k in old_keys)
        where = {text[k]: k for k in old_keys if counts[text[k]] == 1}
        counts_new = Counter(text[k] for k in by_version.get((symbol, language), []))
        for new_key, (old_key, change) in rows_of.items():
            target = where.get(text.get(new_key))
            if target is None:
                continue
            once += 1
            to_it += old_key == target
            as_unchanged += old_key == target and change == "unchanged"
            # A text the resolution itself repeats ("I", "II" headings) can be
            # aligned to its one counterpart only once.
            if counts_new[text[new_key]] == 1:
                both += 1
                both_to_it += old_key == target
                both_unchanged += old_key == target and change == "unchanged"
    return {
        "unchanged_pairs": pairs, "unchanged_pairs_identical": identical,
        "unchanged_pairs_differing": differing[:20],
        "clauses_whose_text_occurs_once_in_the_predecessor": once,
        "aligned_to_it": to_it,
        "aligned_to_it_as_unchanged": as_unchanged,
        "aligned_to_it_as_unchanged_share": round(as_unchanged / once, 4) if once else None,
        "clauses_whose_text_occurs_once_in_each": both,
        "once_in_each_aligned_to_it": both_to_it,
        "once_in_each_aligned_to_it_share": round(both_to_it / both, 4) if both else None,
        "once_in_each_aligned_to_it_as_unchanged": both_unchanged,
        "once_in_each_as_unchanged_share": round(both_unchanged / both, 4) if both else None,
    }


def languages(lineage: pa.Table) -> dict:
    values = lineage.column("languages_agree").to_pylist()
    return {"links": len(values), "links_whose_languages_agree": sum(values),
            "share": round(sum(values) / len(values), 4) if values else None}


def acceptance(resolutions: pa.Table, clauses: pa.Table, citations: pa.Table,
               lineage: pa.Table, clause_lineage: pa.Table) -> dict:
    return {"renewals": renewals(resolutions, citations, lineage),
            "unchanged": unchanged(clauses, clause_lineage),
            "languages": languages(lineage)}
