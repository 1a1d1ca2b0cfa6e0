"""The audit: invariants that should hold for every row of a built package.

    audit_package(folder) -> Audit        (python -m etl audit [PACKAGE])

Each invariant is one SQL query (DuckDB over the package's Parquet parts, so
that the ~650,000 clause rows are checked in seconds) that returns the rows
breaking it, each with a key (symbol, language, clause id, ...) and a short
detail. A broken row is "known" when a committed exception
(etl/audit_exceptions.json) covers its key, with the reason; every other
broken row is "new", and `python -m etl audit` exits 1 when there is one (CI
runs it on the package it builds). An exception that no longer matches
anything is reported as stale, so that the file keeps saying only what is
true.

The invariants:
- heading_lowercase: a heading does not start with a lower-case letter, in
  the languages with case (a heading cut after its first letter, "ntroduction",
  starts with one). A printed label ("a) Transports") is not a word.
- paragraph_lowercase: a level-1 paragraph does not start with a lower-case
  letter, in English, French and Spanish (Russian and German print preambular
  and operative paragraphs in lower case: they continue the enacting formula).
- leading_phrase_in_text: a clause's leading phrase is found in its text.
- marker_in_text: a footnote marker's offset lies inside its clause's text.
- citation_in_text: a citation's span lies inside the text that holds it
  (clause, footnote, adoption note or title) and is what `raw` says.
- repeated_text: no clause text is repeated within a resolution from the same
  source lines (a text the source prints twice stands on other lines, and is
  fine; the same lines read twice are a fault of a reader).
- same_ids_across_languages: a resolution in the six official languages has
  the same paragraph ids (pp, op and their sub-paragraphs, outside annexes) in
  every one of them.
- vote_counts: the votes rows of a recorded vote add up to the counts the
  source prints (of the version the votes were read from).
- member_state_code: each Member State's name, as the UN prints it, maps to one
  ISO 3166-1 alpha-3 code in every table that names Member States (votes,
  sponsors, member_states), and no vote lacks a code.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import schema

EXCEPTIONS = Path(__file__).resolve().parent / "audit_exceptions.json"
OFFICIAL = ("ar", "zh", "en", "fr", "ru", "es")
CASED = ("en", "fr", "es", "ru", "de")
CAPITALISED_PARAGRAPHS = ("en", "fr", "es")
EXAMPLES = 10
# DuckDB's own memory, at most: by default it may take 80% of the machine's,
# and the audit of the whole package took about 700 MB of it in the build's
# process. Past the limit it spills to a temporary folder; the results are the same.
MEMORY_LIMIT = "256MB"


@dataclass(frozen=True)
class Invariant:
    name: str
    description: str
    checked: str          # SQL: the number of rows (or groups) checked
    broken: str           # SQL: key columns..., detail — one row per broken row


def _lower_start(column: str) -> str:
    # A lower-case letter first, but not a printed label such as "a)" or "iv.".
    return (f"regexp_matches({column}, '^\\p{{Ll}}') "
            f"and not regexp_matches({column}, '^\\p{{Ll}}{{1,4}}[).]\\s')")


INVARIANTS = (
    Invariant(
        "heading_lowercase",
        "headings that start with a lower-case letter (languages with case)",
        f"select count(*) from clauses where kind = 'heading' and language in {CASED}",
        f"""select symbol, language, clause_id, left(text, 80) as detail from clauses
            where kind = 'heading' and language in {CASED} and {_lower_start('text')}
            order by symbol, language, ordinal"""),
    Invariant(
        "paragraph_lowercase",
        "level-1 paragraphs that start with a lower-case letter (en, fr, es)",
        f"""select count(*) from clauses where kind = 'paragraph' and level = 1
            and language in {CAPITALISED_PARAGRAPHS}""",
        f"""select symbol, language, clause_id, left(text, 80) as detail from clauses
            where kind = 'paragraph' and level = 1 and language in {CAPITALISED_PARAGRAPHS}
            and {_lower_start('text')} order by symbol, language, ordinal"""),
    Invariant(
        "leading_phrase_in_text",
        "leading phrases not found in their clause's text",
        "select count(*) from clauses where leading_phrase is not null",
        """select symbol, language, clause_id,
                  leading_phrase || ' | ' || left(text, 60) as detail from clauses
            where leading_phrase is not null and strpos(text, leading_phrase) = 0
            order by symbol, language, ordinal"""),
    Invariant(
        "marker_in_text",
        "footnote markers whose offset lies outside their clause's text (or whose clause "
        "is missing)",
        "select count(*) from footnote_refs",
        """select r.symbol, r.language, r.clause_id,
                  'footnote ' || r.footnote_number || ' at ' || r.offset || ' of '
                  || coalesce(cast(length(c.text) as varchar), 'no clause') as detail
            from footnote_refs r left join clauses c
              on c.symbol = r.symbol and c.language = r.language and c.clause_id = r.clause_id
            where c.text is null or r.offset < 0 or r.offset > length(c.text)
            order by r.symbol, r.language, r.clause_id, r.offset"""),
    Invariant(
        "citation_in_text",
        "citations whose span lies outside the text holding them, or differs from raw",
        "select count(*) from citations",
        """with holder as (
              select t.symbol, t.language, t.citation_id, t.clause_id, t.start, t."end", t.raw,
                     case t.location
                       when 'clause' then c.text when 'footnote' then f.text
                       when 'header' then r.adoption_note else r.title end as text
              from citations t
              left join clauses c on t.location = 'clause' and c.symbol = t.symbol
                   and c.language = t.language and c.clause_id = t.clause_id
              left join footnotes f on t.location = 'footnote' and f.symbol = t.symbol
                   and f.language = t.language and f.number = t.footnote_number
              left join resolutions r on t.location in ('header', 'title')
                   and r.symbol = t.symbol and r.language = t.language)
            select symbol, language, citation_id as clause_id,
                   raw || ' at ' || start || '-' || "end" as detail from holder
            where text is null or start < 0 or "end" > length(text) or start > "end"
               or substr(text, start + 1, "end" - start) <> raw
            order by symbol, language, citation_id"""),
    Invariant(
        "repeated_text",
        "clause texts repeated within a resolution from the same source lines",
        "select count(*) from clauses",
        """select symbol, language, min(clause_id) as clause_id,
                  string_agg(clause_id, ' = ' order by ordinal) || ' | ' || left(text, 50)
                  as detail
            from clauses group by symbol, language, text, line_start, line_end
            having count(*) > 1 order by symbol, language, min(ordinal)"""),
    Invariant(
        "same_ids_across_languages",
        "resolutions in the six official languages whose paragraph ids differ between them",
        f"""select count(*) from (select symbol from resolutions where language in {OFFICIAL}
            group by symbol having count(distinct language) = 6)""",
        f"""with six as (select symbol from resolutions where language in {OFFICIAL}
                         group by symbol having count(distinct language) = 6),
            ids as (select c.symbol, c.language,
                           string_agg(c.clause_id, ' ' order by c.clause_id) as ids
                    from clauses c join six using (symbol)
                    where c.language in {OFFICIAL} and c.kind = 'paragraph'
                      and c.section <> 'annex'
                    group by c.symbol, c.language),
            shapes as (select symbol, ids, count(*) as n, min(language) as lang
                       from ids group by symbol, ids),
            top as (select symbol, arg_max(ids, n * 10 - list_position(
                        ['en', 'ar', 'es', 'fr', 'ru', 'zh'], lang)) as ids
                    from shapes group by symbol)
            select i.symbol, string_agg(i.language, ',' order by i.language) as language,
                   null as clause_id,
                   'differ from the others: ' || string_agg(i.language, ', '
                   order by i.language) as detail
            from ids i join top t using (symbol)
            where i.ids <> t.ids
            group by i.symbol
            union all
            select s.symbol, null, null, 'no paragraph in some language' from six s
            where (select count(*) from ids where ids.symbol = s.symbol) between 1 and 5
            order by 1"""),
    Invariant(
        "vote_counts",
        "recorded votes whose votes rows do not add up to the printed counts",
        "select count(distinct symbol) from resolutions where adoption_type = 'recorded_vote'",
        """with holder as (select distinct symbol, source_file, source_member from votes),
            printed as (
              select r.symbol, any_value(r.yes_count) as yes, any_value(r.no_count) as no,
                     any_value(r.abstain_count) as abstain
              from resolutions r join holder h on h.symbol = r.symbol
                   and h.source_file = r.source_file
                   and coalesce(h.source_member, '') = coalesce(r.source_member, '')
              where r.adoption_type = 'recorded_vote' group by r.symbol),
            recorded as (select distinct symbol from resolutions
                         where adoption_type = 'recorded_vote'),
            named as (select symbol, count(*) filter (where vote = 'yes') as yes,
                             count(*) filter (where vote = 'no') as no,
                             count(*) filter (where vote = 'abstain') as abstain
                      from votes group by symbol)
            select d.symbol, null as language, null as clause_id,
                   'printed ' || coalesce(cast(p.yes as varchar), '?') || '-'
                   || coalesce(cast(p.no as varchar), '?') || '-'
                   || coalesce(cast(p.abstain as varchar), '?') || ', named '
                   || coalesce(n.yes, 0) || '-' || coalesce(n.no, 0) || '-'
                   || coalesce(n.abstain, 0) as detail
            from recorded d left join printed p using (symbol) left join named n using (symbol)
            where p.symbol is null or n.symbol is null or p.yes is distinct from n.yes
               or p.no is distinct from n.no or p.abstain is distinct from n.abstain
            order by d.symbol"""),
    Invariant(
        "member_state_code",
        "Member State names mapped to no code, or to more than one, across the tables",
        "select count(distinct upper(name)) from names",
        """select null as symbol, null as language, upper(name) as clause_id,
                  string_agg(distinct coalesce(country_code, 'none'), ', '
                             order by coalesce(country_code, 'none'))
                  || ' (' || string_agg(distinct source, ', ' order by source) || ')' as detail
            from names group by upper(name)
            having count(distinct coalesce(country_code, 'none')) > 1
                or count(*) filter (where country_code is null and source = 'votes') > 0
            order by 3"""),
)


@dataclass
class Result:
    name: str
    description: str
    checked: int
    known: list[dict] = field(default_factory=list)
    new: list[dict] = field(default_factory=list)

    @property
    def broken(self) -> int:
        return len(self.known) + len(self.new)


@dataclass
class Audit:
    results: list[Result]
    stale: list[dict]            # exceptions that matched nothing

    @property
    def ok(self) -> bool:
        return not any(r.new for r in self.results)

    def as_report(self) -> dict:
        """The build report's `audit` section (examples only; counts of all)."""
        return {
            "ok": self.ok,
            "invariants": {r.name: {
                "description": r.description, "checked": r.checked, "broken": r.broken,
                "known": len(r.known), "new": len(r.new),
                "new_examples": r.new[:EXAMPLES],
                "known_examples": r.known[:EXAMPLES]} for r in self.results},
            "stale_exceptions": self.stale,
        }


def load_exceptions(path: Path = EXCEPTIONS) -> list[dict]:
    """The known exceptions: {"invariant", key fields..., "reason"} each; an
    exception without a reason is an error (every exception must say why)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = data["exceptions"]
    for e in entries:
        if not e.get("reason") or not e.get("invariant"):
            raise ValueError(f"{path}: an exception without an invariant or a reason: {e}")
    return entries


def _covers(exception: dict, finding: dict) -> bool:
    return all(finding.get(k) == v for k, v in exception.items()
               if k not in ("invariant", "reason"))


def _views(con, folder: Path) -> None:
    for table in schema.TABLES:
        parts = sorted((folder / "parquet" / table).glob("*.parquet"))
        if not parts:
            raise FileNotFoundError(f"{folder}: no Parquet parts of table {table} "
                                    "(expected parquet/<table>/<part>.parquet)")
        files = ", ".join("'" + str(p).replace("'", "''") + "'" for p in parts)
        con.execute(f"create view {table} as select * from read_parquet([{files}])")
    # Every table that names Member States as the UN prints them, with their codes:
    # the votes, the sponsors that are states, the member states' printed names.
    sources = []
    for table in schema.TABLES:
        names = schema.columns(table)
        if "country_code" not in names:
            continue
        for column, name, condition in _PRINTED_NAMES:
            if column in names:
                sources.append(f"select {name} as name, country_code, '{table}' as source "
                               f"from {table}{condition}")
    con.execute("create view names as " + " union all ".join(sources))


# The columns that hold a Member State's name as printed: (column, the name it
# gives, which rows). A sponsor without a code is a group or an officer.
_PRINTED_NAMES = (
    ("member_state", "member_state", ""),
    ("sponsor", "sponsor", " where country_code is not null"),
    ("un_name", "un_name", " where un_name is not null"),
    ("un_names", "unnest(string_split(un_names, ' | '))", " where un_names is not null"),
)


def audit_package(folder: Path, exceptions: list[dict] | None = None) -> Audit:
    """Check every invariant on the package in `folder` (its parquet/ parts)."""
    import duckdb
    if exceptions is None:
        exceptions = load_exceptions()
    with tempfile.TemporaryDirectory(prefix="audit-") as spill:
        return _audit(duckdb.connect(config={"memory_limit": MEMORY_LIMIT,
                                             "temp_directory": spill}),
                      Path(folder), exceptions)


def _audit(con, folder: Path, exceptions: list[dict]) -> Audit:
    try:
        con.execute("set enable_progress_bar = false")
        _views(con, folder)
        used: set[int] = set()
        results = []
        for inv in INVARIANTS:
            checked = con.execute(inv.checked).fetchone()[0]
            rows = con.execute(inv.broken).fetchall()
            mine = [(k, e) for k, e in enumerate(exceptions) if e["invariant"] == inv.name]
            result = Result(inv.name, inv.description, checked)
            for symbol, language, clause_id, detail in rows:
                finding = {k: v for k, v in (("symbol", symbol), ("language", language),
                                             ("clause_id", clause_id)) if v is not None}
                finding["detail"] = detail
                match = next(((k, e) for k, e in mine if _covers(e, finding)), None)
                if match is None:
                    result.new.append(finding)
                else:
                    used.add(match[0])
                    result.known.append({**finding, "reason": match[1]["reason"]})
            results.append(result)
    finally:
        con.close()
    stale = [e for k, e in enumerate(exceptions) if k not in used]
    return Audit(results, stale)


def summary(audit: Audit, limit: int = EXAMPLES) -> str:
    """What `python -m etl audit` prints."""
    lines = [f"{'invariant':28} {'checked':>9} {'broken':>7} {'known':>6} {'new':>5}"]
    for r in audit.results:
        lines.append(f"{r.name:28} {r.checked:>9,} {r.broken:>7,} {len(r.known):>6,} "
                     f"{len(r.new):>5,}")
    for r in audit.results:
        if r.new:
            lines.append(f"\n{r.name}: {len(r.new)} new ({r.description}):")
            lines += [f"  {_shown(f)}" for f in r.new[:limit]]
            if len(r.new) > limit:
                lines.append(f"  ... and {len(r.new) - limit} more")
    if audit.stale:
        lines.append(f"\n{len(audit.stale)} exception(s) no longer needed "
                     "(remove them from etl/audit_exceptions.json):")
        lines += [f"  {e}" for e in audit.stale[:limit]]
    lines.append("\naudit: " + ("passed (every broken row is a known exception)" if audit.ok
                                else "FAILED: rows break an invariant and are not known "
                                     "exceptions"))
    return "\n".join(lines)


def _shown(finding: dict) -> str:
    where = " ".join(str(finding[k]) for k in ("symbol", "language", "clause_id") if k in finding)
    return f"{where}: {finding['detail']}"
