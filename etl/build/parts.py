"""Session parts: each part's tables assembled from the parse cache, validated
and written; parts whose inputs are unchanged taken over from the previous
output."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from .. import members, package, schema
from ..check import StreamingCheck, summarize
from ..corpus import Decisions, DocSummary
from ..languages import relabel_tables
from ..write import arrow_table, encode, write_csv, write_parquet
from .cache import ParseCache, key, read_spill
from .memory import hand_back
from .results import ItemResult


def _rename(tables: dict[str, pa.Table], old: str, new: str) -> dict[str, pa.Table]:
    """A document's tables under another symbol (a part renamed by the corpus stage)."""
    out = {}
    for name, data in tables.items():
        for column in data.column_names:
            values = data.column(column)
            if column == "symbol":
                values = pa.array([new] * data.num_rows, pa.string())
            elif column.endswith("_key") or column == "url":
                values = pc.replace_substring(values, old + "#", new + "#")
                if column == "url":
                    values = pc.replace_substring_regex(values, re.escape(old) + "$", new)
            elif column == "number" and name == "resolutions":
                values = pa.array([new.rsplit("/", 1)[1]] * data.num_rows, pa.string())
            else:
                continue
            data = data.set_column(data.column_names.index(column), data.schema.field(column),
                                   values)
        out[name] = data
    return out


def _fingerprint(version: str, docs: list[DocSummary], keys: list[str], decisions: Decisions,
                 package_symbols: set[str]) -> str:
    parts = [version]
    for d, source_key in zip(docs, keys):
        final = decisions.renamed.get((d.item, d.index), d.symbol)
        holder = (d.item, d.index) in decisions.holders
        relabel = sorted(decisions.relabel.get((d.item, d.index), {}).items())
        cuts = sorted(decisions.splits.get((d.item, d.index), {}).items())
        parts.append(f"{source_key}:{d.index}:{final}:{holder}:{relabel}:{cuts}")
    cited = sorted({t for d in docs for t in d.targets} & package_symbols)
    parts.append(",".join(cited))
    return key(*parts)


_METADATA_TABLES = ("votes", "sponsors", "subjects")


def vote_counts(tables: dict[str, pa.Table]) -> dict:
    """For every recorded vote of a part: do the names in `votes` add up to the
    counts the source prints (resolutions.yes_count, no_count, abstain_count of
    the version the votes were read from)?"""
    names: Counter = Counter()
    holder: dict[str, tuple] = {}
    votes = tables["votes"]
    for symbol, vote, source, member in zip(*(votes.column(c).to_pylist() for c in (
            "symbol", "vote", "source_file", "source_member"))):
        names[(symbol, vote)] += 1
        holder[symbol] = (source, member)
    resolutions = tables["resolutions"]
    printed = {}
    for row in zip(*(resolutions.column(c).to_pylist() for c in (
            "symbol", "adoption_type", "yes_count", "no_count", "abstain_count",
            "source_file", "source_member"))):
        symbol, kind, counts, source = row[0], row[1], row[2:5], row[5:7]
        if kind == "recorded_vote" and (symbol not in printed or holder.get(symbol) == source):
            printed[symbol] = counts
    differ = []
    for symbol in sorted(printed):
        found = (names[(symbol, "yes")], names[(symbol, "no")], names[(symbol, "abstain")])
        if found != tuple(printed[symbol]):
            differ.append({"symbol": symbol, "printed": list(printed[symbol]),
                           "names": list(found)})
    return {"recorded_votes": len(printed),
            "names_equal_printed_counts": len(printed) - len(differ), "differ": differ}


def load_part(docs: list[DocSummary], items: list[ItemResult], cache: ParseCache,
              spill: Path, decisions: Decisions) -> list[dict[str, pa.Table]]:
    """Each document's tables, under its final symbol, without the votes, sponsors
    and subjects of documents that do not hold them (corpus rule 3)."""
    out = []
    loaded: dict[int, list] = {}
    for d in docs:
        if d.item not in loaded:
            loaded.clear()  # a source's documents are consecutive in a part
            loaded[d.item] = read_spill(Path(cache.tables_path(items[d.item].key, spill)))
        tables = loaded[d.item][d.index]
        final = decisions.renamed.get((d.item, d.index))
        if final:
            tables = _rename(tables, d.symbol, final)
        if (d.item, d.index) in decisions.relabel or (d.item, d.index) in decisions.splits:
            # Corpus rule 4: the others' clause ids.
            tables = relabel_tables(tables, decisions.relabel.get((d.item, d.index), {}),
                                    decisions.splits.get((d.item, d.index)))
        if (d.item, d.index) not in decisions.holders:
            tables = {name: data for name, data in tables.items()
                      if name not in _METADATA_TABLES}
        out.append(tables)
    return out


def combine_part(documents: list[dict[str, pa.Table]], package_symbols: set[str],
                 states: tuple = ()):
    """One part's tables, in output order, with in_package set and the non_voting
    rows of its recorded votes (etl.members)."""
    out = {}
    for name in schema.DOCUMENT_TABLES:
        pieces = [tables[name] for tables in documents if name in tables]
        data = pa.concat_tables(pieces) if pieces else arrow_table([], name)
        if name == "citations" and data.num_rows:
            at = data.column_names.index("in_package")
            known = pc.is_in(data.column("target"), pa.array(sorted(package_symbols), pa.string()))
            data = data.set_column(at, data.schema.field(at), known)
        out[name] = data.combine_chunks()
    out["votes"] = members.with_non_voting(out, states)
    return out


def validated_part(docs: list[DocSummary], items: list[ItemResult], cache: ParseCache,
                   spill: Path, decisions: Decisions, package_symbols: set[str],
                   whole: dict[str, pa.Table] | None = None, states: tuple = ()):
    """A part's tables, checked against the schemas. A row that breaks a
    constraint is set aside and reported with its content, and so are the rows
    that pointed to it; the rest of its document is kept: one bad row never
    takes its document down, one bad source never takes the others down.
    `whole`: the tables written whole (member_states), checked with each part
    for the foreign keys into them; `states`: the Member States (etl.members)."""
    tables = combine_part(load_part(docs, items, cache, spill, decisions), package_symbols,
                          states)
    tables = {name: encode(data, name) for name, data in tables.items()}
    tables.update(whole or {})
    set_aside: dict[tuple[str, str], dict] = {}   # (symbol, language or "") -> report entry
    seconds = 0.0
    while True:
        check = StreamingCheck()
        for name in schema.TABLES:  # the document tables, and the whole ones they point at
            if name in tables:
                check.add(name, tables[name])
        findings = check.finish()
        seconds += check.seconds
        if not findings:
            return tables, _left_out(set_aside, tables, docs, decisions), seconds
        by_table: dict[str, dict[int, list]] = {}
        for f in findings:
            if not 1 <= f.row <= tables[f.table].num_rows or f.table in schema.WHOLE_TABLES:
                # not about a row of a document: a fault of the build
                raise RuntimeError("the tables do not validate against schemas/:\n"
                                   + summarize(findings))
            by_table.setdefault(f.table, {}).setdefault(f.row - 1, []).append(f)
        for name, rows in by_table.items():
            data = tables[name]
            for index, found in sorted(rows.items()):
                row = data.slice(index, 1).to_pylist()[0]
                entry = set_aside.setdefault((row["symbol"], row.get("language") or ""),
                                             {"rows": [], "findings": []})
                entry["rows"].append({"table": name, "row": _jsonable(row)})
                entry["findings"] += [summarize([f], 1) for f in found]
            keep = pa.array([i not in rows for i in range(data.num_rows)], pa.bool_())
            tables[name] = data.filter(keep)


def _jsonable(row: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}


def _left_out(set_aside: dict, tables: dict[str, pa.Table], docs: list[DocSummary],
              decisions: Decisions) -> list[dict]:
    """The build report's entries for the rows set aside, by document: the
    whole document when its resolutions row went, else the rows."""
    files = {}
    for d in docs:
        symbol = decisions.renamed.get((d.item, d.index), d.symbol)
        files[(symbol, d.language)] = d.entry["file"]
        if (d.item, d.index) in decisions.holders:
            files[(symbol, "")] = d.entry["file"]
    kept = set(zip(tables["resolutions"].column("symbol").to_pylist(),
                   tables["resolutions"].column("language").to_pylist()))
    out = []
    for (symbol, language), entry in sorted(set_aside.items()):
        whole = bool(language) and (symbol, language) not in kept
        out.append({"file": files.get((symbol, language), ""), "symbol": symbol,
                    "language": language or None,
                    "left_out": "the document" if whole else f"{len(entry['rows'])} row(s)",
                    "findings": entry["findings"][:5], "rows": entry["rows"]})
    return out


def part_files(part: str) -> list[str]:
    return [f"{fmt}/{t}/{part}.{fmt}" for t in schema.DOCUMENT_TABLES for fmt in ("csv", "parquet")]




def _state_file(cache_dir: Path) -> Path:
    return cache_dir.parent / "outputs.json"


def previous_parts(output: Path, cache_dir: Path | None) -> dict:
    if cache_dir is None:
        return {}
    try:
        state = json.loads(_state_file(cache_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state.get(str(output.resolve()), {})


def remember_parts(output: Path, cache_dir: Path, parts: dict, names: list[str]) -> None:
    """Record each part's fingerprint and its files' sizes and times, to know next
    time that the files are still the ones written."""
    remembered = {}
    for part in names:
        info = dict(parts[part])
        info["files"] = {}
        for rel in part_files(part):
            st = (output / rel).stat()
            info["files"][rel] = [st.st_size, st.st_mtime_ns]
        remembered[part] = info
    path = _state_file(cache_dir)
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    state[str(output.resolve())] = remembered
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    # Not sort_keys: what is kept here goes back into the build report as it was.
    tmp.write_text(json.dumps(state), encoding="utf-8")
    os.replace(tmp, path)


def _audit_file(cache_dir: Path) -> Path:
    return cache_dir.parent / "audits.json"


def previous_audit(output: Path, cache_dir: Path | None, fingerprint: str) -> dict | None:
    """The audit of the previous output, if it was made of the same files."""
    if cache_dir is None:
        return None
    try:
        state = json.loads(_audit_file(cache_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    kept = state.get(str(output.resolve()), {})
    return kept.get("audit") if kept.get("fingerprint") == fingerprint else None


def remember_audit(output: Path, cache_dir: Path, fingerprint: str, audit: dict) -> None:
    path = _audit_file(cache_dir)
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    state[str(output.resolve())] = {"fingerprint": fingerprint, "audit": audit}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(state), encoding="utf-8")
    os.replace(tmp, path)


def _take_over(output: Path, staged: Path, part: str, info: dict) -> bool:
    """Hard-link a part's files from the previous output, if they are unchanged."""
    files = info.get("files", {})
    for rel in part_files(part):
        try:
            st = (output / rel).stat()
        except OSError:
            return False
        if files.get(rel) != [st.st_size, st.st_mtime_ns]:
            return False
    for rel in part_files(part):
        target = staged / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(output / rel, target)
        except OSError:
            shutil.copy2(output / rel, target)
    return True




# ------------------------------------------------------------------ every part

@dataclass
class PartsWritten:
    """What writing the session parts gave."""

    rows: Counter = field(default_factory=Counter)     # rows per table
    invalid: list[dict] = field(default_factory=list)  # documents left out, and why
    taken_over: list[str] = field(default_factory=list)
    votes: dict = field(default_factory=dict)          # vote_counts over every part
    written: int = 0                                   # parts written now
    validate_seconds: float = 0.0
    state: dict = field(default_factory=dict)          # per part: fingerprint, rows, ...


def group_by_part(decisions: Decisions) -> dict[str, list[DocSummary]]:
    """The kept documents by the session part of their final symbol."""
    by_part: dict[str, list[DocSummary]] = {}
    for d in decisions.kept:
        part = package.partition_of(decisions.renamed.get((d.item, d.index), d.symbol))
        by_part.setdefault(part, []).append(d)
    return dict(sorted(by_part.items()))


def write_parts(by_part: dict[str, list[DocSummary]], items: list[ItemResult],
                cache: ParseCache, spill: Path, decisions: Decisions, package_symbols: set[str],
                version: str, output: Path, staged: Path, previous: dict | None,
                bar, whole: dict[str, pa.Table] | None = None, states: tuple = ()) -> PartsWritten:
    """Every session part into `staged`: taken over from `output` when its
    fingerprint is the one remembered in `previous` (None: no reuse), else
    assembled, validated and written; then the tables written whole, as one
    part (`whole`: member_states; `states`: the Member States, etl.members)."""
    done = PartsWritten(state=dict(previous or {}))
    checks = []
    for part, docs in by_part.items():
        fp = _fingerprint(version, docs, [items[d.item].key for d in docs], decisions,
                          package_symbols)
        reused = (previous or {}).get(part)
        if previous is not None and reused and reused["fingerprint"] == fp \
                and _take_over(output, staged, part, reused):
            done.taken_over.append(part)
            done.rows.update(reused["rows"])
            done.invalid += reused.get("invalid", [])
            checks.append(reused.get("votes", {}))
            bar.advance()
            continue
        tables, invalid, seconds = validated_part(docs, items, cache, spill, decisions,
                                                  package_symbols, whole, states)
        done.validate_seconds += seconds
        done.invalid += invalid
        votes_checked = {**vote_counts(tables), "non_voting": members.check_part(tables, states)}
        checks.append(votes_checked)
        for name in schema.DOCUMENT_TABLES:
            write_csv(tables[name], staged / "csv" / name / f"{part}.csv")
            write_parquet(tables[name], staged / "parquet" / name / f"{part}.parquet")
            done.rows[name] += tables[name].num_rows
        done.state[part] = {"fingerprint": fp, "invalid": invalid, "votes": votes_checked,
                            "rows": {n: tables[n].num_rows for n in schema.DOCUMENT_TABLES}}
        done.written += 1
        del tables
        # A part's tables, once written, are let go, and the memory they took is
        # handed back: not carried into the next part and the stages after.
        hand_back()
        bar.advance()
    for name, data in (whole or {}).items():
        write_csv(data, staged / "csv" / name / f"{schema.WHOLE_PART}.csv")
        write_parquet(data, staged / "parquet" / name / f"{schema.WHOLE_PART}.parquet")
        done.rows[name] += data.num_rows
    done.votes = {
        "recorded_votes": sum(v.get("recorded_votes", 0) for v in checks),
        "names_equal_printed_counts": sum(v.get("names_equal_printed_counts", 0) for v in checks),
        "differ": [d for v in checks for d in v.get("differ", [])],
        "non_voting": members.merge_checks([v["non_voting"] for v in checks if "non_voting" in v])}
    return done
