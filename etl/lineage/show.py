"""Showing what changed: a resolution against its predecessor (or any other
resolution), paragraph by paragraph, in a terminal or as an HTML page.

    comparison = compare(Path("output"), "A/RES/79/50", language="en")
    print(terminal(comparison, colour=False))
    Path("79-50.html").write_text(html(comparison), encoding="utf-8")

Against the predecessor, the rows are those of `clause_lineage` (what the
package says); against another resolution, the same alignment is made on
the spot.
"""

from __future__ import annotations

import html as htmllib
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .. import package
from . import align, textdiff


class NotFound(Exception):
    """The package lacks what was asked for (a resolution, a language, a predecessor)."""


@dataclass(frozen=True)
class Row:
    position: int
    clause_id: str | None
    predecessor_clause_id: str | None
    change: str
    similarity: float | None
    old: str | None              # the predecessor's text (None for a new clause)
    new: str | None              # the resolution's text (None for a removed one)
    segments: tuple              # textdiff.Segment runs, for edited and moved clauses


@dataclass(frozen=True)
class Comparison:
    symbol: str
    other: str
    language: str
    title: str | None
    other_title: str | None
    link: dict | None            # the lineage row, when `other` is the predecessor
    rows: tuple[Row, ...]

    def counts(self) -> dict[str, int]:
        out = {change: 0 for change in align.CHANGES}
        for row in self.rows:
            out[row.change] += 1
        return out


def _where(table: str, symbol: str, output: Path) -> Path:
    path = Path(output) / "parquet" / table / f"{package.partition_of(symbol)}.parquet"
    if not path.is_file():
        raise NotFound(f"{path}: no such part; build the package first, or check the symbol")
    return path


def _rows_of(table: str, symbol: str, output: Path, language: str | None = None) -> list[dict]:
    filters = [("symbol", "=", symbol)]
    if language is not None:
        filters.append(("language", "=", language))
    data = pq.read_table(_where(table, symbol, output), filters=filters)
    return _plain(data).to_pylist()


def _plain(data: pa.Table) -> pa.Table:
    columns = [c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c
               for c in data.columns]
    return pa.Table.from_arrays(columns, names=data.column_names)


def normalise_symbol(symbol: str) -> str:
    """"a/res/79/50" and "A/RES/79/ 50" -> "A/RES/79/50"; "79/50" -> "A/RES/79/50"."""
    s = "".join(symbol.split()).upper()
    return s if s.startswith("A/RES/") else f"A/RES/{s}"


def predecessors(output: Path, symbol: str) -> list[dict]:
    return _rows_of("lineage", symbol, output)


def _version(output: Path, symbol: str, language: str) -> tuple[str | None, list[dict]]:
    heads = _rows_of("resolutions", symbol, output, language)
    if not heads:
        have = sorted({r["language"] for r in _rows_of("resolutions", symbol, output)})
        if not have:
            raise NotFound(f"{symbol} is not in the package")
        raise NotFound(f"{symbol} has no version in {language!r} (it has {', '.join(have)})")
    clauses = sorted(_rows_of("clauses", symbol, output, language), key=lambda r: r["ordinal"])
    return heads[0]["title"], clauses


def compare(output: Path, symbol: str, other: str | None = None, language: str = "en"
            ) -> Comparison:
    """`symbol` against `other`, or against its predecessor in the package."""
    symbol = normalise_symbol(symbol)
    link = None
    if other is None:
        links = predecessors(output, symbol)
        if not links:
            _version(output, symbol, language)  # says whether the resolution is there at all
            raise NotFound(f"{symbol} has no predecessor in the package (lineage); "
                           "name another resolution to compare it with")
        link = links[0]
        other = link["predecessor"]
    else:
        other = normalise_symbol(other)
    title, new = _version(output, symbol, language)
    other_title, old = _version(output, other, language)
    old_text = {c["clause_id"]: c["text"] for c in old}
    new_text = {c["clause_id"]: c["text"] for c in new}
    if link is not None:
        stored = [r for r in _rows_of("clause_lineage", symbol, output, language)
                  if r["predecessor"] == other]
        aligned = [(r["position"], r["clause_id"], r["predecessor_clause_id"], r["change"],
                    r["similarity"]) for r in sorted(stored, key=lambda r: r["position"])]
    else:
        found = align.align([c["text"] for c in old], [c["text"] for c in new], language)
        aligned = [(i, new[a.new]["clause_id"] if a.new is not None else None,
                    old[a.old]["clause_id"] if a.old is not None else None, a.change,
                    a.similarity) for i, a in enumerate(found, start=1)]
    rows = []
    for position, clause_id, old_id, change, similarity in aligned:
        before = old_text.get(old_id) if old_id else None
        after = new_text.get(clause_id) if clause_id else None
        segments = ()
        if before is not None and after is not None and change in ("edited", "moved") \
                and textdiff.key(before) != textdiff.key(after):
            segments = tuple(textdiff.diff(before, after, language))
        rows.append(Row(position, clause_id, old_id, change, similarity, before, after, segments))
    return Comparison(symbol, other, language, title, other_title, link, tuple(rows))


# ------------------------------------------------------------------ terminal

_STYLE = {"-": "\x1b[9;31m", "+": "\x1b[4;32m"}   # struck red, underlined green
_RESET = "\x1b[0m"
_DIM = "\x1b[2m"


def _inline(segments, colour: bool) -> str:
    if not colour:
        return textdiff.markup(list(segments))
    return "".join(s.text if s.op == "=" else f"{_STYLE[s.op]}{s.text}{_RESET}"
                   for s in segments)


def heading(c: Comparison) -> list[str]:
    lines = [f"{c.symbol} ({c.language}) {c.title or ''}".rstrip(),
             f"  against {c.other} {c.other_title or ''}".rstrip()]
    if c.link is not None:
        share = c.link.get("similarity")
        carried = f", {share:.0%} of its clauses carried over" if share is not None else ""
        lines.append(f"  its predecessor (basis: {c.link['basis']}{carried})")
    counts = ", ".join(f"{n} {change}" for change, n in c.counts().items() if n)
    lines.append(f"  {counts}")
    return lines


def _label(row: Row) -> str:
    if row.change == "removed":
        return f"{row.predecessor_clause_id} removed"
    if row.change == "new":
        return f"{row.clause_id} new"
    where = row.clause_id if row.clause_id == row.predecessor_clause_id \
        else f"{row.clause_id} (was {row.predecessor_clause_id})"
    alike = f" {row.similarity:.2f}" if row.similarity is not None and row.change != "unchanged" \
        else ""
    return f"{where} {row.change}{alike}"


def terminal(c: Comparison, colour: bool = False, full: bool = False) -> str:
    """The comparison as text: each clause with its change; inserted and
    deleted words marked ({+ +} and [- -], or in colour)."""
    out = heading(c) + [""]
    for row in c.rows:
        out.append(f"{'*' if row.change != 'unchanged' else ' '} {_label(row)}")
        if row.segments:
            body = _inline(row.segments, colour)
        elif row.change == "removed":
            body = _inline([textdiff.Segment("-", row.old or "")], colour)
        elif row.change == "new":
            body = _inline([textdiff.Segment("+", row.new or "")], colour)
        else:
            body = row.new or ""
            if not full and len(body) > 100:
                body = body[:97] + "..."
            if colour:
                body = f"{_DIM}{body}{_RESET}"
        out.append(f"    {body}")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ HTML

_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.45; color: #222; }
h1 { font-size: 1.3rem; } .meta { color: #555; }
table { border-collapse: collapse; width: 100%; }
td { border-top: 1px solid #ddd; padding: .45rem .5rem; vertical-align: top; }
td.id { white-space: nowrap; font-size: .85rem; color: #555; width: 9rem; }
tr.unchanged td.text { color: #666; }
tr.new td.text { background: #e9f7ef; } tr.removed td.text { background: #fdecea; }
del { background: #fdecea; color: #a4161a; text-decoration: line-through; }
ins { background: #e3f4e8; color: #1b6e3a; text-decoration: none; }
.change { font-weight: 600; }
"""


def _html_segments(segments) -> str:
    parts = []
    for s in segments:
        text = htmllib.escape(s.text)
        parts.append(text if s.op == "=" else f"<del>{text}</del>" if s.op == "-"
                     else f"<ins>{text}</ins>")
    return "".join(parts)


def html(c: Comparison) -> str:
    """A page a person reads: every clause with its change marked."""
    esc = htmllib.escape
    rows = []
    for row in c.rows:
        if row.segments:
            body = _html_segments(row.segments)
        elif row.change == "removed":
            body = f"<del>{esc(row.old or '')}</del>"
        elif row.change == "new":
            body = f"<ins>{esc(row.new or '')}</ins>"
        else:
            body = esc(row.new or "")
        rows.append(f'<tr class="{row.change}"><td class="id">{esc(_label(row))}</td>'
                    f'<td class="text">{body}</td></tr>')
    head = heading(c)
    lang = esc(c.language)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{esc(c.symbol)} against {esc(c.other)} ({lang})</title>"
            f"<style>{_CSS}</style></head><body>"
            f"<h1>{esc(head[0])}</h1>"
            + "".join(f'<p class="meta">{esc(line.strip())}</p>' for line in head[1:])
            + f'<table lang="{lang}">' + "\n".join(rows) + "</table></body></html>\n")
