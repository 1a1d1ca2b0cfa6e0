"""The corpus stage's reconciliation of language versions (etl.languages.reconcile):
where most official versions agree on their paragraph ids and one differs only
in how its markup classified, nested, split or merged rows, and its text allows
the others' reading, it takes their ids; otherwise it is kept, with the reason.

Real resolutions of sources/akn, read in their six languages, and small
signatures for the rules that must refuse."""

from __future__ import annotations

import pytest

from etl.corpus import ClauseSignature, OFFICIAL, clause_signature
from etl.languages import inline_labels, reconcile, relabel_signature, relabel_tables
from etl.tabulate import tabulate
from etl.write import arrow_table

from test_akn_defects import FOLDERS, version


def signatures(session: str, number: str) -> dict:
    return {lang: tuple(clause_signature(c) for c in version(session, number, lang).clauses)
            for lang in FOLDERS}


def own_ids(signature) -> frozenset:
    return frozenset(s.clause_id for s in signature
                     if s.kind == "paragraph" and s.section != "annex")


def outcome(session: str, number: str):
    sigs = signatures(session, number)
    reference, outcomes = reconcile(sigs, OFFICIAL)
    return sigs, reference, {o.language: o for o in outcomes}


def applied(session: str, number: str, language: str, o) -> dict:
    """The version's tables after its repair, checked for consistency."""
    rows = tabulate([version(session, number, language)], in_package=set())
    tables = relabel_tables({t: arrow_table(rows[t], t) for t in rows}, o.mapping, o.splits)
    clauses = tables["clauses"].to_pylist()
    text = {c["clause_id"]: c["text"] for c in clauses}
    assert len(text) == len(clauses)
    assert [c["ordinal"] for c in clauses] == list(range(1, len(clauses) + 1))
    for c in clauses:
        assert c["parent_id"] is None or c["parent_id"] in text
        assert c["level"] == 1 + (c["clause_id"].count(".") - c["clause_id"].startswith(
            ("an", "d1")) - sum(p.startswith("s") for p in c["clause_id"].split(".")[:-1]))
    for r in tables["footnote_refs"].to_pylist():
        assert 0 <= r["offset"] <= len(text[r["clause_id"]])
    for r in tables["citations"].to_pylist():
        if r["clause_id"] is not None:
            assert text[r["clause_id"]][r["start"]:r["end"]] == r["raw"]
            assert r["clause_key"].endswith("#" + r["clause_id"])
    return tables


@pytest.mark.parametrize("session,number,language,changes", [
    # The last preambular paragraph left unnumbered in mainBody (ends with "،").
    ("80", "120", "ar", [("u1", "pp12", "u->pp")]),
    # A section title and "* * *" read as preambular paragraphs.
    ("80", "131", "es", [("pp10", "h1", "pp->h"), ("pp14", "u1", "pp->u")]),
    # A titled section's only paragraph in a preamble block (ends with "；").
    ("76", "240", "zh", [("sc.pp1", "sc.op1", "pp->op"), ("sd.pp1", "sd.op1", "pp->op")]),
    # A resolution does not end with its preamble (the paragraph ends with ",").
    ("80", "189", "es", [("pp5", "op1", "pp->op (last paragraph)")]),
])
def test_kind_repairs(session, number, language, changes):
    sigs, reference, outcomes = outcome(session, number)
    o = outcomes[language]
    assert o.repaired and language not in reference
    assert [(c["from"], c["to"], c["rule"]) for c in o.changes] == changes
    target = own_ids(sigs[reference[0]])
    assert own_ids(relabel_signature(sigs[language], o.mapping, o.splits)) == target
    tables = applied(session, number, language, o)
    kinds = {c["clause_id"]: (c["kind"], c["section"]) for c in tables["clauses"].to_pylist()}
    for _, new, _ in changes:
        assert kinds[new] == {"pp": ("paragraph", "preamble"), "op": ("paragraph", "operative"),
                              "h": ("heading", "operative"),
                              "u": ("unnumbered", "operative")}[new.split(".")[-1][:2]
                                                                .rstrip("0123456789")]


def test_division_repair_needs_the_same_printed_number():
    # Arabic 75/253 A prints the contingency fund's paragraphs 1-3 without the
    # section the others give them: s1.op4 -> s26.op1 (printed "1").
    sigs, reference, outcomes = outcome("75", "253")
    o = outcomes["ar"]
    assert o.repaired
    assert ("s1.op4", "s26.op1", "division") in [(c["from"], c["to"], c["rule"])
                                                  for c in o.changes]
    applied("75", "253", "ar", o)


def test_split_at_inline_labels():
    # Russian 80/71 prints (a)-(g) of paragraph 4 inside its text: "следующее: a) …; b) …".
    sigs, reference, outcomes = outcome("80", "71")
    o = outcomes["ru"]
    assert o.repaired
    assert o.changes[0]["rule"] == "split at its inline labels"
    tables = applied("80", "71", "ru", o)
    rows = {c["clause_id"]: c for c in tables["clauses"].to_pylist()}
    assert rows["op4"]["text"].endswith("следующее:")
    assert rows["op4.a"]["label"] == "(a)" and rows["op4.a"]["text"].startswith("меры")
    assert rows["op4.g"]["parent_id"] == "op4" and rows["op4.g"]["level"] == 2
    assert own_ids(tables_signature(tables)) == own_ids(sigs["en"])


def test_split_and_items_one_level_down():
    # Chinese 80/84 A: (a)-(e) inline in paragraph 1, then items ㈠-㈣ of (e) read as
    # sub-paragraphs of 1, and (f) as its fifth.
    sigs = {lang: tuple(clause_signature(c) for c in version("80", "84", lang).clauses)
            for lang in FOLDERS}
    reference, outcomes = reconcile(sigs, OFFICIAL)
    o = {x.language: x for x in outcomes}["zh"]
    assert o.repaired
    assert o.mapping["op1.a"] == "op1.e.i" and o.mapping["op1.e"] == "op1.f"
    tables = applied("80", "84", "zh", o)
    rows = {c["clause_id"]: c for c in tables["clauses"].to_pylist()}
    assert rows["op1.e.i"]["label"] == "㈠" and rows["op1.e.i"]["parent_id"] == "op1.e"


def test_join_of_sub_paragraphs_the_others_print_inline():
    # Russian 74/157 splits the items of paragraph 11 out; the five others print them
    # inside the paragraph.
    sigs, reference, outcomes = outcome("74", "157")
    o = outcomes["ru"]
    assert o.repaired and o.changes[0]["rule"].startswith("join")
    tables = applied("74", "157", "ru", o)
    rows = {c["clause_id"]: c for c in tables["clauses"].to_pylist()}
    assert "op11.a" not in rows
    assert "посредством: (a) принятия законодательных мер; (b)" in rows["op11"]["text"]


@pytest.mark.parametrize("session,number,language,cause", [
    # The Chinese and Arabic versions lack a preambular paragraph: nothing to repair.
    ("75", "298", "zh", "only in the reference"),
    # The majority lost sub-paragraph (a) and its items, which Chinese keeps.
    ("80", "116", "zh", "only here"),
])
def test_differences_the_text_does_not_allow_are_kept(session, number, language, cause):
    sigs, reference, outcomes = outcome(session, number)
    o = outcomes[language]
    assert not o.repaired and not o.mapping
    assert any(cause in c for c in o.causes)


def sig(cid, kind="paragraph", section=None, label=None, end=",", length=100, inline=()):
    section = section or ("preamble" if cid.startswith("pp") else "operative")
    return ClauseSignature(cid, kind, section, label, end, length, inline)


REFERENCE = (sig("pp1"), sig("pp2"), sig("pp3"), sig("op1", label="1", end=";"),
             sig("op2", label="2", end="."))


def synthetic(odd):
    versions = {lang: REFERENCE for lang in ("ar", "zh", "en", "fr", "ru")}
    versions["es"] = odd
    reference, outcomes = reconcile(versions, OFFICIAL)
    return reference, outcomes[0]


def test_a_kind_change_the_ending_contradicts_is_refused():
    # The last preambular paragraph left unnumbered, but ending with ";": not a pp.
    odd = (sig("pp1"), sig("pp2"), sig("u1", "unnumbered", end=";"), sig("op1", label="1",
           end=";"), sig("op2", label="2", end="."))
    reference, o = synthetic(odd)
    assert reference == ["ar", "en", "fr", "ru", "zh"]
    assert not o.repaired and any("only in the reference" in c for c in o.causes)


def test_a_numbered_paragraph_never_becomes_a_preambular_one():
    odd = (sig("pp1"), sig("pp2"), sig("op1", label="1", end=","), sig("op2", label="2",
           end=";"), sig("op3", label="3", end="."))
    assert not synthetic(odd)[1].repaired


def test_a_missing_paragraph_is_not_hidden_by_sliding_the_others():
    # pp2 is missing and an unnumbered row ending with "," stands after the operative
    # part: giving it an id would slide every id by one.
    odd = (sig("pp1", length=100), sig("pp2", length=300), sig("op1", label="1", end=";"),
           sig("op2", label="2", end="."), sig("u1", "unnumbered", end=",", length=40))
    reference = (sig("pp1", length=100), sig("pp2", length=30), sig("pp3", length=300),
                 sig("op1", label="1", end=";"), sig("op2", label="2", end="."))
    versions = {lang: reference for lang in ("ar", "zh", "en", "fr", "ru")}
    versions["es"] = odd
    _, (o,) = reconcile(versions, OFFICIAL)
    assert not o.repaired


def test_no_reference_without_a_majority():
    a = REFERENCE
    b = REFERENCE[:-1]
    versions = {"ar": a, "zh": a, "en": a, "fr": b, "ru": b, "es": b}
    assert reconcile(versions, OFFICIAL) == ([], [])


@pytest.mark.parametrize("text,labels", [
    ("следующее: a) меры; b) меры; c) меры;", ["a)", "b)", "c)"]),
    ("即：(a)开展合作；(b)确保记者；(c)支持", ["(a)", "(b)", "(c)"]),
    ("including: (i) one; (ii) two", ["(i)", "(ii)"]),
    ("paragraph 3 (a) and (b) of its resolution; a) x", []),     # not after ":" or ";"
    ("as follows: (a) one; (c) three", []),                        # not a run
    ("as follows: (b) one; (c) two", []),                          # not from the first
])
def test_inline_labels(text, labels):
    assert [label for _, _, label in inline_labels(text)] == labels
    for start, text_start, label in inline_labels(text):
        assert text[start:start + len(label)] == label and text_start > start


def tables_signature(tables) -> tuple:
    return tuple(ClauseSignature(c["clause_id"], c["kind"], c["section"], c["label"])
                 for c in tables["clauses"].to_pylist())
