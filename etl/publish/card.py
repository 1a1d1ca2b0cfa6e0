"""The dataset card: what is in the package, how it was made, its known limits.

Every number and figure comes from the built package (its tables and
build_report.json); `python -m etl card` writes the figures to docs/figures/
and the card into README.md between the markers, and the release archive
carries the same card as its README.md.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from .. import package, schema
from . import align, tables, version
from . import figures as charts

CARD_START = "<!-- dataset-card:start -->"
CARD_END = "<!-- dataset-card:end -->"
# The start marker may carry a note after its name; it is kept as written.
_START = re.compile(r"<!-- dataset-card:start\b[^>]*-->")
FIGURES = ("coverage.svg", "adoption.svg", "votes.svg", "lineage.svg")
# What a clause of a session's resolutions is to the resolution renewed (lineage).
CARRIED = ("unchanged", "edited", "moved", "new", "no_predecessor")
MOST_EDITED = 10
OFFICIAL_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
LANGUAGE_NAMES = {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French",
                  "ru": "Russian", "es": "Spanish", "de": "German"}
# What the lists of the build report's corpus section hold, for a reader.
FINDINGS = {
    "duplicates": "Sources that were copies of another and were kept once",
    "superseded": "Sources set aside for a better copy of the same language version",
    "parts_renamed": "Resolutions adopted in parts whose first part got its letter (X -> XA)",
    "metadata_differences": "Language versions whose metadata (votes, sponsors, subjects, "
                            "adoption) differs from the version the tables take it from",
    "json_disagreements": "Facts on which the XML and the session metadata JSON disagree",
    "invalid_documents": "Language versions with rows set aside because they do not validate "
                         "(listed whole in the build report)",
}
LISTED = 15  # rejected files and disagreement causes shown in full; the rest are counted


@dataclass
class Summary:
    """The facts the card states, computed from one built package."""

    release: str
    rows: dict[str, int]                               # table -> rows
    sessions: list[str]                                # session labels, in order
    languages: list[str]                               # present, in the UN's order
    coverage: dict[tuple[str, str], int]               # (session, language) -> resolutions
    per_session: dict[str, int]                        # session -> resolutions (symbols)
    resolutions: int                                   # distinct symbols
    versions: int                                      # resolution rows (symbol, language)
    formats: dict[str, int]                            # source_format -> versions
    language_counts: dict[int, int]                    # number of languages -> resolutions
    multilingual: int                                  # resolutions in two languages or more
    aligned: int                                       # ... whose versions share every clause id
    adoption: dict[str, list[int]]                     # adoption type -> resolutions per session
    votes: dict[str, list[int]]                        # yes/no/abstain -> votes cast per session
    rejected: list[dict] = field(default_factory=list)
    disagreements: list[dict] = field(default_factory=list)
    agreement: dict = field(default_factory=dict)            # the build's agreement summary
    findings: dict[str, int] = field(default_factory=dict)   # corpus lists -> entries
    inputs: int = 0
    carried: dict[str, list[int]] = field(default_factory=dict)  # CARRIED -> English clauses per session
    renewed: list[int] = field(default_factory=list)         # resolutions with a predecessor, per session
    most_edited: list[dict] = field(default_factory=list)    # series, most changed first


_FORMAT_NAMES = {"text": "PDF text", "pdf": "the official PDF", "akn": "Akoma Ntoso XML"}


def summarize(output: Path) -> Summary:
    output = Path(output)
    report = tables.read_report(output)
    resolutions = tables.read_table(output, "resolutions")
    rows = {t: (resolutions.num_rows if t == "resolutions" else
                sum(_rows(p) for p in tables.table_files(output, t, "parquet")))
            for t in schema.TABLES}
    symbols = resolutions.column("symbol").to_pylist()
    languages_of = resolutions.column("language").to_pylist()
    session_of = {s: tables.session_label(package.partition_of(s)) for s in set(symbols)}
    parts = sorted({package.partition_of(s) for s in symbols})
    sessions = [tables.session_label(p) for p in parts]
    present = sorted(set(languages_of), key=tables.language_sort_key)
    coverage = Counter((session_of[s], lang) for s, lang in zip(symbols, languages_of))

    per_symbol: dict[str, set[str]] = defaultdict(set)
    for s, lang in zip(symbols, languages_of):
        per_symbol[s].add(lang)
    language_counts = Counter(len(v) for v in per_symbol.values())

    ids = align.clause_ids(tables.read_table(output, "clauses")
                           .select(["symbol", "language", "clause_id", "ordinal"]))
    multilingual = aligned = 0
    for symbol, langs in per_symbol.items():
        if len(langs) < 2:
            continue
        multilingual += 1
        found = align.align(symbol, ids.get(symbol, {}), sorted(langs))
        aligned += bool(found is not None and found.agrees)

    carried, renewed, most_edited = _lineage(output, resolutions, session_of, sessions)
    adoption = _adoption(resolutions, session_of, sessions)
    votes = _votes(tables.read_table(output, "votes"), session_of, sessions)
    formats = Counter(resolutions.column("source_format").to_pylist())
    return Summary(
        release=version.package_version(output), rows=rows, sessions=sessions,
        languages=present, coverage=dict(coverage),
        per_session=dict(Counter(session_of[s] for s in per_symbol)), resolutions=len(per_symbol),
        versions=resolutions.num_rows, formats=dict(sorted(formats.items())),
        language_counts=dict(sorted(language_counts.items(), reverse=True)),
        multilingual=multilingual, aligned=aligned, adoption=adoption, votes=votes,
        rejected=tables.rejected_inputs(report), disagreements=tables.disagreements(report),
        agreement=tables.agreement(report), findings=tables.corpus_findings(report),
        inputs=len(tables.report_inputs(report)), carried=carried, renewed=renewed,
        most_edited=most_edited)


def _lineage(output: Path, resolutions, session_of: dict[str, str], sessions: list[str]):
    """Per session, the English clauses of its resolutions by what they are to
    the resolution renewed (unchanged, edited, moved, new, or in a resolution
    without a predecessor); resolutions renewing one; and the series whose
    renewals changed the most clauses."""
    links = tables.read_table(output, "lineage")
    rows = tables.read_table(output, "clause_lineage")
    clauses = tables.read_table(output, "clauses").select(["symbol", "language"])
    english = Counter(s for s, lang in zip(clauses.column("symbol").to_pylist(),
                                            clauses.column("language").to_pylist())
                      if lang == "en")
    predecessor = dict(zip(links.column("symbol").to_pylist(),
                           links.column("predecessor").to_pylist()))
    changes: dict[str, Counter] = defaultdict(Counter)
    for symbol, language, change in zip(*(rows.column(c).to_pylist()
                                          for c in ("symbol", "language", "change"))):
        if language == "en":
            changes[symbol][change] += 1
    carried = {kind: [0] * len(sessions) for kind in CARRIED}
    renewed = [0] * len(sessions)
    for symbol, n in english.items():
        at = sessions.index(session_of[symbol])
        if symbol in predecessor and changes.get(symbol):
            renewed[at] += 1
            for kind in ("unchanged", "edited", "moved", "new"):
                carried[kind][at] += changes[symbol][kind]
        else:
            carried["no_predecessor"][at] += n
    titles = {s: t for s, lang, t in zip(*(resolutions.column(c).to_pylist()
                                            for c in ("symbol", "language", "title")))
              if lang == "en" and t}

    def first_of(symbol: str) -> str:
        seen = {symbol}
        while symbol in predecessor and predecessor[symbol] not in seen:
            symbol = predecessor[symbol]
            seen.add(symbol)
        return symbol

    series: dict[str, dict] = {}
    for symbol in sorted(predecessor, key=tables.symbol_sort_key):
        c = changes.get(symbol)
        if not c:
            continue
        root = first_of(symbol)
        entry = series.setdefault(root, {"first": root, "latest": symbol, "renewals": 0,
                                         "changed": 0, "clauses": 0})
        entry["latest"] = symbol
        entry["renewals"] += 1
        entry["changed"] += c["edited"] + c["moved"] + c["new"] + c["removed"]
        entry["clauses"] += sum(c.values())
    ranked = sorted(series.values(), key=lambda e: (-e["changed"],
                                                    tables.symbol_sort_key(e["latest"])))
    most = [{**e, "title": titles.get(e["latest"], "")} for e in ranked[:MOST_EDITED]
            if e["changed"]]
    return carried, renewed, most


def _rows(path: Path) -> int:
    return pq.ParquetFile(path).metadata.num_rows


def _adoption(resolutions, session_of: dict[str, str], sessions: list[str]) -> dict[str, list[int]]:
    """Resolutions (symbols) per session by how they were adopted."""
    how: dict[str, str] = {}
    for symbol, adoption in zip(resolutions.column("symbol").to_pylist(),
                                resolutions.column("adoption_type").to_pylist()):
        if adoption or symbol not in how:
            how[symbol] = adoption or "not_stated"
    out = {kind: [0] * len(sessions) for kind in ("recorded_vote", "without_vote", "not_stated")}
    for symbol, kind in how.items():
        out[kind][sessions.index(session_of[symbol])] += 1
    return out


def _votes(votes, session_of: dict[str, str], sessions: list[str]) -> dict[str, list[int]]:
    """Votes cast in recorded votes, per session, by outcome (non_voting rows are
    no vote cast)."""
    out = {kind: [0] * len(sessions) for kind in ("yes", "no", "abstain")}
    for symbol, vote in zip(votes.column("symbol").to_pylist(), votes.column("vote").to_pylist()):
        if symbol in session_of and vote in out:
            out[vote][sessions.index(session_of[symbol])] += 1
    return out


# ------------------------------------------------------------------ figures

def figures(summary: Summary) -> dict[str, bytes]:
    """The card's figures, by file name."""
    labels = {"recorded_vote": "recorded vote", "without_vote": "without a vote",
              "not_stated": "not stated in the source", "yes": "in favour", "no": "against",
              "abstain": "abstaining"}
    return {
        "coverage.svg": charts.coverage(summary.sessions, summary.languages, summary.coverage),
        "adoption.svg": charts.stacked_bars(
            summary.sessions, summary.adoption, "Resolutions by session and how they were adopted",
            "resolutions", labels, "no resolutions in this package"),
        "votes.svg": charts.stacked_bars(
            summary.sessions, summary.votes, "Votes cast in recorded votes, by session and outcome",
            "votes cast by Member States", labels, "no recorded votes in this package"),
        "lineage.svg": charts.stacked_bars(
            summary.sessions, summary.carried,
            "Clauses carried over from the resolution renewed, by session (English)",
            "share of the session's clauses (%)", CARRIED_LABELS,
            "no English clauses in this package", percent=True),
    }


CARRIED_LABELS = {"unchanged": "unchanged", "edited": "edited", "moved": "moved",
                  "new": "new in a renewal", "no_predecessor": "no predecessor in the package"}


def write_figures(summary: Summary, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, svg in figures(summary).items():
        path = directory / name
        path.write_bytes(svg)
        written.append(path)
    return written


# ------------------------------------------------------------------ Markdown

def _n(value: int) -> str:
    return f"{value:,}"


def _escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def coverage_table(summary: Summary) -> str:
    head = "| session | " + " | ".join(summary.languages) + " | resolutions |\n"
    head += "|---|" + "---:|" * (len(summary.languages) + 1) + "\n"
    body = []
    totals = Counter()
    for session in summary.sessions:
        cells = [summary.coverage.get((session, lang), 0) for lang in summary.languages]
        resolutions = summary.per_session.get(session, 0)
        totals.update(dict(zip(summary.languages, cells)))
        totals["all"] += resolutions
        body.append(f"| {session} | " + " | ".join(_n(c) for c in cells) + f" | {_n(resolutions)} |\n")
    body.append("| **all** | " + " | ".join(_n(totals[lang]) for lang in summary.languages)
                + f" | {_n(totals['all'])} |\n")
    return head + "".join(body)


def session_span(sessions: list[str]) -> str:
    """Regular sessions as a range, special and emergency special ones listed:
    "59–80, ES-10, ES-11, S-32"."""
    regular = [s for s in sessions if s.isdigit()]
    others = [s for s in sessions if not s.isdigit()]
    span = [f"{regular[0]}–{regular[-1]}" if len(regular) > 1 else "".join(regular)]
    return ", ".join(p for p in span + others if p)


def render(summary: Summary, figures_dir: str, level: int = 3) -> str:
    """The card in Markdown; figures are linked under `figures_dir`; its
    sections are headings of `level` (3: ###), their parts one level below."""
    s = summary
    h, sub = "#" * level, "#" * (level + 1)
    names = ", ".join(f"{LANGUAGE_NAMES.get(lang, lang)} ({lang})" for lang in s.languages)
    span = session_span(s.sessions)
    formats = ", ".join(f"{_n(n)} from {_FORMAT_NAMES.get(f, f)}"
                        for f, n in s.formats.items())
    out = [
        f"{h} What is in the package\n\n",
        f"Data version `{s.release}`: {_n(s.resolutions)} resolutions of the General Assembly "
        f"(sessions {span}) in {_n(s.versions)} language versions ({formats or 'none'}), "
        f"in {names or 'no language'}. {_n(s.inputs)} source files were read.\n\n",
        "| table | rows |\n|---|---:|\n",
        *(f"| `{t}` | {_n(n)} |\n" for t, n in s.rows.items()),
        f"\n{sub} Resolutions by session and language\n\n",
        f"![Resolutions by session and language]({figures_dir}/coverage.svg)\n\n",
        coverage_table(s),
        f"\n{sub} Languages aligned\n\n",
    ]
    for count, n in s.language_counts.items():
        out.append(f"- in {count} language{'s' if count != 1 else ''}: {_n(n)} "
                   f"resolution{'s' if n != 1 else ''}\n")
    share = f" ({100 * s.aligned / s.multilingual:.1f}%)" if s.multilingual else ""
    out.append(f"- of the {_n(s.multilingual)} resolutions present in more than one language, "
               f"{_n(s.aligned)}{share} have the same clause ids in every version, so every "
               f"paragraph lines up across languages (`python -m etl parallel`).\n")
    out += [
        f"\n{sub} Adoption and recorded votes\n\n",
        f"![Resolutions by session and how they were adopted]({figures_dir}/adoption.svg)\n\n",
        f"![Votes cast in recorded votes, by session and outcome]({figures_dir}/votes.svg)\n\n",
        *lineage_section(s, figures_dir, sub),
        f"{h} How it was made\n\n",
        "Each source (a text extracted from an official PDF, or a member of the UN's Akoma "
        "Ntoso XML archives) is read into one record per resolution and language; the "
        "records become the tables above, which are checked against `schemas/` (types, "
        "keys, foreign keys) before anything is written. Every row names its source file "
        "and lines, and `build_report.json` lists every input with its status, counts and "
        "warnings.\n\n",
        f"{h} Known limits\n\n",
    ]
    out += limits(s)
    return "".join(out)


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def lineage_section(s: Summary, figures_dir: str, sub: str) -> list[str]:
    """What was carried over from the resolutions renewed, and the series
    most edited (tables `lineage` and `clause_lineage`)."""
    if not s.carried:
        return []
    out = [f"{sub} What changed since the resolution renewed\n\n",
           f"![Clauses carried over from the resolution renewed, by session]"
           f"({figures_dir}/lineage.svg)\n\n",
           "Clauses of the English versions, by what they are to the clauses of the "
           "resolution each renews (`clause_lineage`); *carried over* is unchanged, edited "
           "or moved.\n\n",
           "| session | resolutions renewing one | carried over | unchanged | edited | moved "
           "| new | clauses without a predecessor |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"]
    for at, session in enumerate(s.sessions):
        cells = {kind: s.carried[kind][at] for kind in CARRIED}
        whole = sum(cells.values())
        if not whole:
            continue
        kept = cells["unchanged"] + cells["edited"] + cells["moved"]
        out.append(f"| {session} | {_n(s.renewed[at])} | {_share(kept, whole)} | "
                   + " | ".join(_share(cells[k], whole) for k in CARRIED) + " |\n")
    if s.most_edited:
        out += ["\nMost edited series (clauses edited, moved, new or removed in English over "
                "all their renewals in the package; `python -m etl diff SYMBOL` shows one):\n\n",
                "| series | from | to | renewals | clauses changed |\n"
                "|---|---|---|---:|---:|\n"]
        for e in s.most_edited:
            out.append(f"| {_escape(e['title'])} | {e['first']} | {e['latest']} | "
                       f"{_n(e['renewals'])} | {_n(e['changed'])} |\n")
    out.append("\n")
    return out


def limits(s: Summary) -> list[str]:
    out = [f"- Rejected sources: {_n(len(s.rejected))} of {_n(s.inputs)}"
           + ("; what they hold is missing from the tables.\n" if s.rejected else ".\n")]
    for entry in s.rejected[:LISTED]:
        error = entry.get("error") or {}
        where = f", line {error['line']}" if error.get("line") else ""
        out.append(f"  - `{_escape(entry.get('file', '?'))}`{where}: "
                   f"{_escape(error.get('message', entry.get('reason', '')))}\n")
    if len(s.rejected) > LISTED:
        out.append(f"  - … and {_n(len(s.rejected) - LISTED)} more (build_report.json)\n")
    out.append(f"- Disagreements between language versions reported by the build: "
               f"{_n(len(s.disagreements))}{agreement_note(s.agreement)}.\n")
    for cause, n in disagreement_causes(s)[:LISTED]:
        out.append(f"  - {_escape(cause)}: {_n(n)}\n")
    for name, n in s.findings.items():
        if n:
            label = FINDINGS.get(name, name.replace("_", " ").capitalize())
            out.append(f"- {label}: {_n(n)} (`corpus.{name}` in build_report.json).\n")
    unaligned = s.multilingual - s.aligned
    out.append(f"- {_n(unaligned)} resolutions have clauses that are not in every language "
               f"version; the parallel text leaves those clauses out and counts them.\n")
    missing = [lang for lang in OFFICIAL_LANGUAGES if lang not in s.languages]
    if missing:
        out.append(f"- No version in {', '.join(missing)}.\n")
    if not any(sum(v) for v in s.votes.values()):
        out.append("- No recorded votes: votes, sponsors and subjects come from the XML's "
                   "metadata, which the PDF texts do not carry.\n")
    out.append("- The texts are those of the published documents, not authoritative "
               "re-editions: where the source has an error, so does the row (its lines say "
               "where to look).\n")
    return out


def agreement_note(agreement: dict) -> str:
    """ "(of the N resolutions in all six languages, M (P%) agree ...)" when the
    build says so."""
    total = agreement.get("resolutions_in_all_six_languages")
    agree = agreement.get("agree_on_paragraph_ids")
    if not total or agree is None:
        return ""
    return (f" (of the {_n(total)} resolutions in all six official languages, {_n(agree)} "
            f"({100 * agree / total:.1f}%) agree on their paragraph ids)")


def disagreement_causes(s: Summary) -> list[tuple[str, int]]:
    """Causes with counts, most frequent first: the build's own grouping when
    it gives one, else the causes with the language and numbers taken out
    ("ar: 2 preambular paragraphs fewer" -> "N preambular paragraphs fewer")."""
    causes = s.agreement.get("causes")
    if not isinstance(causes, dict):
        causes = Counter(re.sub(r"\d+", "N", str(d.get("cause") or d.get("what") or
                                                 "unspecified").split(": ", 1)[-1])
                         for d in s.disagreements)
    return sorted(causes.items(), key=lambda kv: (-kv[1], kv[0]))


def readme_with_card(readme: str, card: str, path: str = "README.md") -> str:
    """The README with everything between the card markers replaced."""
    start = _START.search(readme)
    end = readme.find(CARD_END, start.end()) if start else -1
    if end < 0:
        raise tables.PackageError(f"{path}: the markers {CARD_START!r} and {CARD_END!r} are "
                                  f"not both there, in that order; the card goes between them")
    return f"{readme[:start.end()]}\n\n{card}\n{readme[end:]}"


def release_readme(summary: Summary, release: str, figures_dir: str,
                   root: Path = schema.ROOT) -> str:
    """The README of a release archive: the card, how to load, the licence."""
    loading = root / "docs" / "loading.md"
    parts = [f"# United Nations General Assembly resolutions — release {release}\n\n",
             "Tables of the resolutions of the United Nations General Assembly, in CSV and "
             "Parquet, described by `datapackage.json` (Frictionless). `SHA256SUMS` lists the "
             "checksum of every file (`sha256sum -c SHA256SUMS`).\n\n",
             render(summary, figures_dir, level=2)]
    if loading.is_file():
        text = loading.read_text(encoding="utf-8").replace("<version>", release)
        # Its title becomes a section of this README (code comments stay as they are).
        parts += ["\n", "#" + text if text.startswith("# ") else text]
    parts += ["\n## Licence and attribution\n\n",
              "Source: United Nations. The texts of the resolutions are official records of the "
              "United Nations (Official Document System, undocs.org). The tables are licensed "
              "under CC BY 4.0 (LICENSE-DATA.md): credit the United Nations as the source of "
              "the texts and this package for the tables. The code that made them is under the "
              "MIT licence (LICENSE). How to cite: CITATION.cff.\n"]
    return "".join(parts)
