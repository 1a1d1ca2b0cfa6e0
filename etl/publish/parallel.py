"""Parallel text: the clause-aligned versions of every resolution in some languages.

A unit is one clause id of one resolution with its text in each language
asked for (`python -m etl parallel --langs en,fr,zh`). Only resolutions
present in every one of those languages are written; where their versions
disagree on the clause ids, the clauses missing from any version are left
out and counted (etl.publish.align). Two files, the same units:

    <name>.jsonl   one JSON object per unit: symbol, clause_id, kind, then
                   one key per language with the clean text
    <name>.tmx     TMX 1.4 for translation memories: one <tu> per unit,
                   tuid "symbol#clause_id", one <tuv xml:lang> per language
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pyarrow as pa
import pyarrow.compute as pc

from .. import package, schema
from . import align, tables

# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class ParallelText:
    languages: list[str]
    units: list[dict] = field(default_factory=list)
    resolutions: int = 0                          # present in every language
    disagreeing: list[str] = field(default_factory=list)   # symbols with clauses left out
    left_out: dict[str, int] = field(default_factory=dict)  # language -> clauses left out

    def summary(self) -> dict:
        return {"languages": self.languages, "resolutions": self.resolutions,
                "units": len(self.units), "resolutions_with_disagreements": len(self.disagreeing),
                "clauses_left_out": self.left_out, "disagreeing": self.disagreeing}


def parse_languages(text: str) -> list[str]:
    """`en,fr,zh` -> ["en", "fr", "zh"], or a ValueError saying what is wrong."""
    known = next(f for f in schema.load("clauses")["fields"]
                 if f["name"] == "language")["constraints"]["enum"]
    languages = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [lang for lang in languages if lang not in known]
    if unknown:
        raise ValueError(f"unknown language code(s) {', '.join(unknown)}; "
                         f"known: {', '.join(known)}")
    if len(set(languages)) != len(languages) or len(languages) < 2:
        raise ValueError(f"give two or more different languages, comma-separated (got {text!r})")
    return languages


def parallel_text(output: Path, languages: list[str]) -> ParallelText:
    clauses = tables.read_table(output, "clauses").select(
        ["symbol", "language", "clause_id", "ordinal", "kind", "text"])
    clauses = clauses.filter(pc.is_in(clauses.column("language"),
                                      value_set=pa.array(languages)))
    return align_units(clauses.to_pylist(), languages)


def align_units(rows: list[dict], languages: list[str]) -> ParallelText:
    """The units from clause rows (symbol, language, clause_id, ordinal, kind, text)."""
    texts: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
    order: dict[str, dict[str, list[tuple[int, str]]]] = {}
    for row in rows:
        texts.setdefault((row["symbol"], row["language"]), {})[row["clause_id"]] = (
            row["text"], row["kind"])
        order.setdefault(row["symbol"], {}).setdefault(row["language"], []).append(
            (row["ordinal"], row["clause_id"]))
    by_symbol = {s: {lang: [cid for _, cid in sorted(v)] for lang, v in langs.items()}
                 for s, langs in order.items()}
    result = ParallelText(list(languages), left_out={lang: 0 for lang in languages})
    for symbol in sorted(by_symbol, key=tables.symbol_sort_key):
        found = align.align(symbol, by_symbol[symbol], languages)
        if found is None:
            continue
        result.resolutions += 1
        if not found.agrees:
            result.disagreeing.append(symbol)
            for lang, n in found.left_out.items():
                result.left_out[lang] += n
        for clause_id in found.common:
            unit = {"symbol": symbol, "clause_id": clause_id,
                    "kind": texts[(symbol, languages[0])][clause_id][1]}
            for lang in languages:
                unit[lang] = texts[(symbol, lang)][clause_id][0]
            result.units.append(unit)
    return result


def jsonl(result: ParallelText) -> str:
    return "".join(json.dumps(unit, ensure_ascii=False) + "\n" for unit in result.units)


def _xml_text(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


def tmx(result: ParallelText) -> str:
    """TMX 1.4 (no creation date: the same units give the same file)."""
    source = result.languages[0]
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
           '<tmx version="1.4">\n',
           f'  <header creationtool="unga-etl" creationtoolversion={quoteattr(package.VERSION)} '
           f'segtype="paragraph" o-tmf="unga-resolutions" adminlang="en" '
           f'srclang={quoteattr(source)} datatype="plaintext"/>\n',
           "  <body>\n"]
    for unit in result.units:
        out.append(f'    <tu tuid={quoteattr(unit["symbol"] + "#" + unit["clause_id"])}>\n')
        out.append(f'      <prop type="x-symbol">{_xml_text(unit["symbol"])}</prop>\n')
        out.append(f'      <prop type="x-clause-id">{_xml_text(unit["clause_id"])}</prop>\n')
        for lang in result.languages:
            out.append(f'      <tuv xml:lang="{lang}"><seg>{_xml_text(unit[lang])}</seg></tuv>\n')
        out.append("    </tu>\n")
    out.append("  </body>\n</tmx>\n")
    return "".join(out)


def write_parallel(output: Path, languages: list[str], directory: Path) -> tuple[ParallelText, list[Path]]:
    """Write <directory>/unga-parallel.<l1-l2-...>.jsonl and .tmx."""
    tables.check_package(output)
    result = parallel_text(output, languages)
    directory.mkdir(parents=True, exist_ok=True)
    name = f"unga-parallel.{'-'.join(languages)}"
    paths = [directory / f"{name}.jsonl", directory / f"{name}.tmx"]
    paths[0].write_text(jsonl(result), encoding="utf-8")
    paths[1].write_text(tmx(result), encoding="utf-8")
    return result, paths
