"""Parallel text: clause-aligned JSON lines and TMX, disagreements left out and counted."""

import json
import xml.etree.ElementTree as ET
from collections import defaultdict

import pytest
from click.testing import CliRunner

from etl.cli import main
from etl.publish import parallel, tables
from test_publish_package import small_package  # noqa: F401  (fixture)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def row(symbol, language, clause_id, ordinal, text, kind="paragraph"):
    return {"symbol": symbol, "language": language, "clause_id": clause_id,
            "ordinal": ordinal, "kind": kind, "text": text}


ROWS = [
    # A/RES/77/1: the same three clauses in en, fr and zh.
    *[row("A/RES/77/1", lang, cid, i, f"{lang} {cid}")
      for lang in ("en", "fr", "zh") for i, cid in enumerate(["pp1", "op1", "op2"], 1)],
    # A/RES/77/2: French has an extra sub-paragraph, Chinese lacks op2.
    row("A/RES/77/2", "en", "op1", 1, "Decides"), row("A/RES/77/2", "en", "op2", 2, "Requests"),
    row("A/RES/77/2", "fr", "op1", 1, "Décide"), row("A/RES/77/2", "fr", "op1.a", 2, "a) x"),
    row("A/RES/77/2", "fr", "op2", 3, "Prie"), row("A/RES/77/2", "zh", "op1", 1, "决定"),
    # A/RES/77/3: no Chinese version at all.
    row("A/RES/77/3", "en", "op1", 1, "Decides"), row("A/RES/77/3", "fr", "op1", 1, "Décide"),
    # A/RES/77/10 sorts after 77/2 although it is first here; ordinals decide the order.
    *[row("A/RES/77/10", lang, cid, o, f"{lang}{cid}\x0c<&>")
      for lang in ("zh", "fr", "en") for cid, o in (("op1", 2), ("h1", 1))],
]


def test_alignment_keeps_common_ids_and_counts_the_rest():
    result = parallel.align_units(ROWS, ["en", "fr", "zh"])
    assert result.resolutions == 3
    assert [(u["symbol"], u["clause_id"]) for u in result.units] == [
        ("A/RES/77/1", "pp1"), ("A/RES/77/1", "op1"), ("A/RES/77/1", "op2"),
        ("A/RES/77/2", "op1"), ("A/RES/77/10", "h1"), ("A/RES/77/10", "op1")]
    assert result.disagreeing == ["A/RES/77/2"]
    assert result.left_out == {"en": 1, "fr": 2, "zh": 0}
    unit = result.units[3]
    assert (unit["en"], unit["fr"], unit["zh"]) == ("Decides", "Décide", "决定")
    assert result.units[4]["kind"] == "paragraph"


def test_two_languages_align_more():
    result = parallel.align_units(ROWS, ["en", "fr"])
    assert result.resolutions == 4
    assert result.left_out == {"en": 0, "fr": 1}
    assert ("A/RES/77/3", "op1") in {(u["symbol"], u["clause_id"]) for u in result.units}


def test_jsonl_and_tmx_carry_the_same_units():
    result = parallel.align_units(ROWS, ["en", "fr", "zh"])
    lines = [json.loads(line) for line in parallel.jsonl(result).splitlines()]
    assert lines == result.units
    assert list(lines[0]) == ["symbol", "clause_id", "kind", "en", "fr", "zh"]
    root = ET.fromstring(parallel.tmx(result).encode("utf-8"))
    assert root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "en"
    tus = root.findall("body/tu")
    assert [tu.get("tuid") for tu in tus] == [f"{u['symbol']}#{u['clause_id']}"
                                              for u in result.units]
    last = {tuv.get(XML_LANG): tuv.find("seg").text for tuv in tus[-1].findall("tuv")}
    assert last == {"en": "enop1<&>", "fr": "frop1<&>", "zh": "zhop1<&>"}  # form feed dropped


def test_language_list_is_checked():
    assert parallel.parse_languages(" EN, fr ,zh") == ["en", "fr", "zh"]
    for bad, message in (("en", "two or more"), ("en,en", "two or more"), ("en,xx", "xx")):
        with pytest.raises(ValueError, match=message):
            parallel.parse_languages(bad)
    result = CliRunner().invoke(main, ["parallel", "--langs", "en,xx"])
    assert result.exit_code == 2 and "xx" in result.output


def test_the_command_on_a_built_package(small_package, tmp_path):  # noqa: F811
    languages = ["en", "fr", "zh"]
    result = CliRunner().invoke(main, ["parallel", "--langs", ",".join(languages), "--package",
                                       str(small_package), "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    units = [json.loads(line) for line in
             (tmp_path / "unga-parallel.en-fr-zh.jsonl").read_text(encoding="utf-8").splitlines()]
    tus = ET.parse(tmp_path / "unga-parallel.en-fr-zh.tmx").getroot().findall("body/tu")
    assert len(tus) == len(units)
    # Independently: clause ids per (symbol, language), and their texts.
    texts = {}
    ids = defaultdict(dict)
    for r in tables.read_table(small_package, "clauses").to_pylist():
        if r["language"] in languages:
            texts[(r["symbol"], r["language"], r["clause_id"])] = r["text"]
            ids[r["symbol"]].setdefault(r["language"], set()).add(r["clause_id"])
    complete = {s: v for s, v in ids.items() if set(v) == set(languages)}
    common = {(s, cid) for s, v in complete.items() for cid in set.intersection(*v.values())}
    assert {(u["symbol"], u["clause_id"]) for u in units} == common
    for u in units:
        for lang in languages:
            assert u[lang] == texts[(u["symbol"], lang, u["clause_id"])]
    left_out = sum(len(v[lang]) for v in complete.values() for lang in languages) \
        - len(common) * len(languages)
    assert f"{len(units):,} aligned clauses of {len(complete):,} resolutions" in result.output
    counted = result.output.split("clauses left out: ")[1]
    assert sum(int(part.split()[1].replace(",", "")) for part in counted.rstrip(")\n").split(", ")) \
        == left_out
