"""The corpus stage: decisions across files, each by a written rule, each reported."""

import json
import zipfile
from pathlib import Path

import pytest

from buildkit import XML_MEMBERS, small_sources
from etl.build import build
from etl.corpus import ClauseSignature, DocSummary, FootnoteSignature, decide, symbol_sort_key
from etl.package import read_table

ROOT = Path(__file__).resolve().parent.parent


def doc(item, symbol, language, sha="s", conflicts=0, markup="", meta="", ids=("pp1", "op1"),
        notes=(1,), index=0):
    return DocSummary(
        item=item, index=index, symbol=symbol, language=language, source_format="akn",
        sha256=sha, conflicts=conflicts, markup_date=markup, metadata_digest=meta,
        has_metadata=bool(meta),
        signature=tuple(ClauseSignature(i, "paragraph", "operative" if i.startswith("op")
                                        else "preamble") for i in ids),
        footnotes=tuple(FootnoteSignature(n) for n in notes), targets=frozenset(),
        entry={"file": f"f{item}.xml"})


def test_symbols_sort_in_session_and_number_order():
    symbols = ["A/RES/ES-11/1", "A/RES/74/10", "A/RES/74/2", "A/RES/74/232B", "A/RES/74/232A",
               "A/RES/S-32/1", "A/RES/75/1"]
    assert sorted(symbols, key=symbol_sort_key) == [
        "A/RES/74/2", "A/RES/74/10", "A/RES/74/232A", "A/RES/74/232B", "A/RES/75/1",
        "A/RES/ES-11/1", "A/RES/S-32/1"]


def test_first_part_filed_without_its_letter_becomes_part_a():
    d = decide([doc(0, "A/RES/74/232", "en"), doc(1, "A/RES/74/232B", "en", sha="t"),
                doc(2, "A/RES/74/232", "fr", sha="u"), doc(3, "A/RES/74/233", "en", sha="v")])
    assert d.renamed == {(0, 0): "A/RES/74/232A", (2, 0): "A/RES/74/232A"}
    assert [r["to"] for r in d.report["parts_renamed"]] == ["A/RES/74/232A"] * 2


@pytest.mark.parametrize("candidates, kept, reason", [
    # byte-identical copies: the first by path is kept
    ([dict(sha="x"), dict(sha="x")], 0, "duplicate: byte-identical to f0.xml"),
    # the copy whose identity evidence agrees wins over one with conflicts
    ([dict(sha="x", conflicts=1), dict(sha="y")], 1, "superseded: its identity evidence"),
    # then the later markup
    ([dict(sha="x", markup="2022-01-01"), dict(sha="y", markup="2023-12-18")], 1,
     "superseded: older markup"),
    # then the first by path
    ([dict(sha="x"), dict(sha="y")], 0, "superseded: a later source path"),
])
def test_one_document_per_symbol_and_language(candidates, kept, reason):
    docs = [doc(i, "A/RES/76/1", "en", **c) for i, c in enumerate(candidates)]
    d = decide(docs)
    assert [k.item for k in d.kept] == [kept]
    (dropped,) = d.report["duplicates"]
    assert dropped["kept"] == f"f{kept}.xml" and dropped["reason"].startswith(reason)


def test_metadata_written_once_from_english_and_differences_reported():
    d = decide([doc(0, "A/RES/77/1", "ar", meta="a"), doc(1, "A/RES/77/1", "en", meta="e"),
                doc(2, "A/RES/77/1", "fr", meta="e"), doc(3, "A/RES/77/2", "fr", meta="f")])
    assert d.holders == {(1, 0), (3, 0)}
    assert d.report["metadata_differences"] == [
        {"symbol": "A/RES/77/1", "language": "ar", "holder_language": "en", "file": "f0.xml"}]


def test_language_versions_compared_and_counted():
    same = ("pp1", "op1", "op2")
    versions = [doc(i, "A/RES/77/5", lang, ids=same) for i, lang in
                enumerate(["ar", "zh", "en", "fr", "ru", "es"])]
    versions[0] = doc(0, "A/RES/77/5", "ar", ids=("pp1", "op1"))   # one paragraph fewer
    others = [doc(10 + i, "A/RES/77/6", lang, ids=same) for i, lang in
              enumerate(["ar", "zh", "en", "fr", "ru", "es"])]
    d = decide(versions + others)
    summary = d.report["language_agreement"]
    assert summary["resolutions_in_all_six_languages"] == 2
    assert summary["agree_on_paragraph_ids"] == 1 and summary["agree_on_paragraph_ids_share"] == 0.5
    (disagreement,) = d.report["language_disagreements"]
    assert disagreement["symbol"] == "A/RES/77/5" and disagreement["languages"] == ["ar"]
    assert "1 operative paragraph fewer" in disagreement["cause"]


def test_a_real_build_with_xml_duplicates_and_a_misfiled_copy(tmp_path):
    sources = small_sources(tmp_path / "sources", xml=True)
    # The English file again, byte for byte, and filed in the wrong folder.
    archive, member = XML_MEMBERS[0]
    with zipfile.ZipFile(ROOT / archive) as zf:
        data = zf.read(member)
    (sources / "misfiled" / "French").mkdir(parents=True)
    (sources / "misfiled" / "French" / "copy.xml").write_bytes(data)
    out = tmp_path / "output"
    result = build(sources, out, jobs=1)
    assert result.written and not result.rejected
    report = json.loads((out / "build_report.json").read_text(encoding="utf-8"))
    (dup,) = report["corpus"]["duplicates"]
    assert dup["symbol"] == "A/RES/77/1" and dup["language"] == "en"  # its text is English
    assert dup["reason"].startswith("duplicate: byte-identical")
    rows = read_table(out, "resolutions").to_pylist()
    assert sorted((r["symbol"], r["language"]) for r in rows if r["source_format"] == "akn") == [
        ("A/RES/77/1", "en"), ("A/RES/77/1", "fr"), ("A/RES/77/1", "zh")]
    # 77/1 was adopted without a vote; its sponsors and subjects are written once.
    sponsors = read_table(out, "sponsors").to_pylist()
    assert sponsors and {s["source_member"] for s in sponsors} == {None} and \
        all(s["source_file"].endswith("A_RES_77_1-2223391E.xml") for s in sponsors)
    coverage = {r["session"]: r for r in report["corpus"]["coverage"]["rows"]}
    assert coverage["077"]["resolutions"] == 1 and coverage["077"]["en"] == 1
