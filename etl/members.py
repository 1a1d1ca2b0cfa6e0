"""Member States of the United Nations, and who did not vote in a recorded vote.

Where the facts come from (none of it is typed in here):

* The current Members, their ISO 3166-1 alpha-3 code, UN M49 code and year of
  admission: the data file of country_converter (`country_data.tsv`, columns
  ISO3, UNcode and UN, the year the state joined), read as data.
* Their English short names: ISO 3166-1 through pycountry.
* Former Members (Czechoslovakia, the German Democratic Republic, Democratic
  Yemen, Yugoslavia, Zanzibar): no package lists them as Members or gives the
  dates their membership began and ended, so `etl/data/former_members.csv`
  holds those dates, taken from the United Nations' list of Member States and
  its notes on former Members (https://www.un.org/en/about-us/member-states,
  https://www.un.org/en/about-us/growth-in-un-membership); their names and
  codes come from ISO 3166-3 through pycountry (country_converter for
  Zanzibar, which ISO 3166 never coded).
* The names as the UN prints them in its vote lists: the per-session metadata
  files (`sources/metadata/*.json`), every spelling mapped to one code by
  `etl.countries.country_code`.

country_converter gives the year of admission, not the day. So a state is a
Member on a day D when it was admitted in a year before D's (or on or before
D, where the exact date is known) and its membership had not ended by D; in
its year of admission, without the exact date, the answer is "unknown", and
nothing is derived from it (`member_on` returns None). No recorded vote in
the sources falls in such a year: the last state admitted, South Sudan,
joined in 2011.

A recorded vote lists the states that voted yes, no or abstain. Every other
Member on the day of the vote cast none (it was absent, or present and not
voting: the lists do not say which). `add_non_voting` gives each of them a
`non_voting` row, marked `derived`, pointing to the vote lists it was derived
from; it derives nothing for a vote whose lists do not add up to the counts
printed with them, since one listed vote would then be missing and counted as
none.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from importlib import metadata as package_metadata
from importlib import resources
from pathlib import Path

import pycountry

from .countries import country_code

FORMER_MEMBERS = Path(__file__).resolve().parent / "data" / "former_members.csv"
# How the package names the file in the `source` column (relative to the repository root).
FORMER_MEMBERS_SHOWN = "etl/data/former_members.csv"
NON_VOTING = "non_voting"
_VOTE_LISTS = ("MS_in_favour", "MS_against", "MS_abstaining")


@dataclass(frozen=True)
class MemberState:
    """One Member State (current or former), as the member_states table holds it."""

    country_code: str                  # ISO 3166-1 alpha-3 (ISO 3166-3 for former Members)
    m49_code: str | None               # three digits: "004"
    name: str                          # English short name (ISO 3166)
    admission_year: int
    admission_date: date | None        # only where the exact date is known
    end_date: date | None              # former Members: not a Member on or after this day
    successors: str | None             # former Members: codes of the states that followed
    note: str | None
    source: str                        # where the row's codes, name and dates come from
    un_name: str | None = None         # as printed in the vote lists (see printed_names)
    un_names: tuple[str, ...] = ()     # every spelling printed
    un_name_source: str | None = None  # file:line of a record printing un_name

    def member_on(self, day: date) -> bool | None:
        """Was the state a Member on `day`? None where the data cannot tell."""
        if self.end_date is not None and day >= self.end_date:
            return False
        if self.admission_date is not None:
            return self.admission_date <= day
        if self.admission_year < day.year:
            return True
        if self.admission_year > day.year:
            return False
        return None

    @property
    def printed(self) -> str:
        """The name a derived row carries: the UN's print, or the ISO name where
        no vote list names the state."""
        return self.un_name or self.name


def _version(distribution: str) -> str:
    return package_metadata.version(distribution)


def _m49(value: str) -> str | None:
    value = (value or "").strip()
    return f"{int(value):03d}" if value.isdigit() else None


def _coco_rows() -> list[dict]:
    data = resources.files("country_converter").joinpath("country_data.tsv")
    with data.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@lru_cache(maxsize=1)
def member_states() -> tuple[MemberState, ...]:
    """Every current and former Member, by code (without the printed names)."""
    coco = f"country_converter {_version('country-converter')}"
    iso = f"pycountry {_version('pycountry')}"
    states: dict[str, MemberState] = {}
    rows = _coco_rows()
    for row in rows:
        year = (row.get("UN") or "").strip()
        if not year:
            continue
        code = row["ISO3"].strip()
        country = pycountry.countries.get(alpha_3=code)
        if country is None:
            raise ValueError(f"country_converter lists {code} as a UN Member; ISO 3166-1 has no such code")
        states[code] = MemberState(
            country_code=code, m49_code=_m49(row.get("UNcode", "")), name=country.name,
            admission_year=int(year), admission_date=None, end_date=None, successors=None,
            note=None, source=f"{coco} (ISO3, UNcode, UN: year of admission); {iso} (name)")
    by_coco_code = {row["ISO3"].strip(): row for row in rows}
    with open(FORMER_MEMBERS, encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            code = row["country_code"]
            if code in states:
                raise ValueError(f"{FORMER_MEMBERS_SHOWN}:{line}: {code} is a current Member")
            historic = pycountry.historic_countries.get(alpha_3=code)
            if historic is not None:
                name, numeric, origin = historic.name, historic.numeric, f"{iso} historic_countries (name, numeric)"
            elif code in by_coco_code:
                name, numeric, origin = by_coco_code[code]["name_short"], by_coco_code[code]["UNcode"], \
                    f"{coco} (name)"
            else:
                raise ValueError(f"{FORMER_MEMBERS_SHOWN}:{line}: {code} is in neither ISO 3166-3 "
                                 "nor country_converter")
            admitted = date.fromisoformat(row["admission_date"])
            states[code] = MemberState(
                country_code=code, m49_code=_m49(row["m49_code"]) or _m49(numeric or ""), name=name,
                admission_year=admitted.year, admission_date=admitted,
                end_date=date.fromisoformat(row["end_date"]), successors=row["successors"] or None,
                note=row["note"] or None,
                source=f"{FORMER_MEMBERS_SHOWN}:{line} (dates, successors"
                       f"{', M49 code' if row['m49_code'] else ''}); {origin}")
    return tuple(states[code] for code in sorted(states))


# ------------------------------------------------------------ printed names

_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d %B %Y")


def _record_date(value) -> date | None:
    text = " ".join(str(value or "").replace("\u00a0", " ").split())
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


@dataclass
class _Spelling:
    """Where one spelling of a state's name is printed in the vote lists."""

    first: str                                          # file:line of the first record
    by_year: Counter = field(default_factory=Counter)   # records per year of adoption
    latest: date = date.min                             # latest adoption date


def printed_names(files: list[tuple[str, Path]]) -> dict[str, tuple[str, tuple[str, ...], str]]:
    """code -> (the name the UN prints now, every spelling printed, file:line of the first).

    `files`: (name shown in the package, path) of the session metadata files.
    "Now" is the latest year in which a vote list names the state; its name is
    the spelling printed most often in that year (so a typing slip such as
    TÜRKÝYE, printed a few times beside TÜRKİYE, is not taken), and on a tie
    the one of the latest record. Names without a code are left out (the
    votes table reports them).
    """
    seen: dict[str, dict[str, _Spelling]] = defaultdict(dict)   # code -> name -> where printed
    for shown, path in sorted(files):
        with open(path, encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                record = json.loads(line)
                when = _record_date(record.get("adoption_date"))
                for key in _VOTE_LISTS:
                    for raw in record.get(key) or []:
                        name = " ".join(str(raw).split())
                        code = country_code(name)
                        if not name or code is None:
                            continue
                        spelling = seen[code].setdefault(name, _Spelling(first=f"{shown}:{number}"))
                        spelling.by_year[when.year if when else 0] += 1
                        spelling.latest = max(spelling.latest, when or date.min)
    out = {}
    for code, names in seen.items():
        year = max(y for spelling in names.values() for y in spelling.by_year)
        best = max(names, key=lambda n: (names[n].by_year[year], names[n].latest, n))
        out[code] = (best, tuple(sorted(names)), names[best].first)
    return out


def with_printed_names(states: tuple[MemberState, ...], files: list[tuple[str, Path]]) -> tuple[MemberState, ...]:
    names = printed_names(files)
    out = []
    for state in states:
        if state.country_code in names:
            un_name, spellings, source = names[state.country_code]
            state = replace(state, un_name=un_name, un_names=spellings, un_name_source=source)
        out.append(state)
    return tuple(out)


def rows(states: tuple[MemberState, ...]) -> list[dict]:
    """The member_states table."""
    return [{
        "country_code": s.country_code, "m49_code": s.m49_code, "name": s.name,
        "un_name": s.un_name, "un_names": " | ".join(s.un_names) or None,
        "admission_year": s.admission_year, "admission_date": s.admission_date,
        "end_date": s.end_date, "successors": s.successors, "note": s.note,
        "source": s.source, "un_name_source": s.un_name_source,
    } for s in states]


# ------------------------------------------------------------ non-voting rows

def _recorded(resolutions: list[dict], holder: dict[str, tuple]) -> dict[str, dict]:
    """symbol -> the resolutions row of a recorded vote: of the version the
    votes were read from, where several language versions say it."""
    out: dict[str, dict] = {}
    for row in resolutions:
        if row["adoption_type"] != "recorded_vote":
            continue
        symbol = row["symbol"]
        if symbol not in out or holder.get(symbol) == (row["source_file"], row["source_member"]):
            out[symbol] = row
    return out


def _by_symbol(votes: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in votes:
        out.setdefault(row["symbol"], []).append(row)
    return out


def _holders(by_symbol: dict[str, list[dict]]) -> dict[str, tuple]:
    return {symbol: (rows_[0]["source_file"], rows_[0]["source_member"])
            for symbol, rows_ in by_symbol.items()}


def _printed(row: dict) -> list:
    return [row["yes_count"], row["no_count"], row["abstain_count"]]


def _cast(rows_: list[dict]) -> list[int]:
    return [sum(1 for v in rows_ if v["vote"] == kind) for kind in ("yes", "no", "abstain")]


def _not_derived(row: dict, listed: list[dict]) -> str | None:
    """Why no non_voting row can be derived for a recorded vote (None: they can)."""
    if not listed:
        return "no vote lists"
    if row["adoption_date"] is None:
        return "no adoption date"
    unmapped = sorted(v["member_state"] for v in listed if not v["country_code"])
    if unmapped:
        return f"names listed without a code ({', '.join(unmapped)}): their states are not known"
    if _cast(listed) != _printed(row):
        return (f"the names listed (yes, no, abstain: {_cast(listed)}) differ from the counts "
                f"printed ({_printed(row)}): a state missing from a list would count as non_voting")
    return None


def add_non_voting(resolutions: list[dict], votes: list[dict],
                   states: tuple[MemberState, ...]) -> list[dict]:
    """The votes rows with a `non_voting` row for every Member that cast none,
    after each resolution's listed rows.

    `resolutions`, `votes`: the rows of one package part (dicts by column).
    A derived row points to the vote lists it was derived from: the holder's
    source_file and source_member, and the line of the first name listed.
    Nothing is derived for a recorded vote `_not_derived` names a reason for,
    nor for a state whose membership on the day is not known.
    """
    by_symbol = _by_symbol(votes)
    recorded = _recorded(resolutions, _holders(by_symbol))
    out: list[dict] = []
    for symbol, listed in by_symbol.items():
        out += listed
        row = recorded.get(symbol)
        if row is None or _not_derived(row, listed):
            continue
        voted = {v["country_code"] for v in listed}
        first = min(listed, key=lambda v: v["line"])
        out += [{"symbol": symbol, "member_state": state.printed, "country_code": state.country_code,
                 "vote": NON_VOTING, "derived": True, "source_file": first["source_file"],
                 "source_member": first["source_member"], "line": first["line"]}
                for state in states
                if state.country_code not in voted and state.member_on(row["adoption_date"])]
    return out


def check_votes(resolutions: list[dict], votes: list[dict], states: tuple[MemberState, ...]) -> dict:
    """Every recorded vote of a part against the member list, on the rows as written.

    For each recorded vote with non_voting rows derived: one row per state,
    every state listed a Member on the day, the membership of every state on
    the day known, and rows (yes + no + abstain + non_voting) equal to the
    Members on the day. Also the votes nothing was derived for, with the
    reason, and the printed names member_states does not list among un_names.
    """
    by_symbol = _by_symbol([v for v in votes if not v["derived"]])
    recorded = _recorded(resolutions, _holders(by_symbol))
    everything = _by_symbol(votes)
    spellings = {s.country_code: set(s.un_names) for s in states}
    out = {"recorded_votes": len(recorded), "derived_for": 0, "non_voting_rows": 0,
           "rows_equal_members": 0, "differ": [], "not_derived": [],
           "names_not_in_member_states": []}
    for symbol in sorted(recorded):
        row, listed = recorded[symbol], by_symbol.get(symbol, [])
        reason = _not_derived(row, listed)
        if reason:
            out["not_derived"].append({"symbol": symbol, "reason": reason})
            continue
        out["derived_for"] += 1
        rows_ = everything[symbol]
        out["non_voting_rows"] += sum(1 for v in rows_ if v["vote"] == NON_VOTING)
        day = row["adoption_date"]
        codes = [v["country_code"] for v in rows_]
        status = {s.country_code: s.member_on(day) for s in states}
        members = [code for code, member in status.items() if member]
        problems = []
        repeated = sorted(c for c, n in Counter(codes).items() if n > 1)
        if repeated:
            problems.append(f"several rows for {', '.join(repeated)}")
        outside = sorted(c for c in set(codes) if not status.get(c))
        if outside:
            problems.append(f"not Members on {day}: {', '.join(outside)}")
        unknown = sorted(c for c, member in status.items() if member is None)
        if unknown:
            problems.append(f"membership on {day} not known: {', '.join(unknown)}")
        if len(rows_) != len(members):
            problems.append(f"{len(rows_)} rows, {len(members)} Members on {day}")
        if problems:
            out["differ"].append({"symbol": symbol, "problems": problems})
        else:
            out["rows_equal_members"] += 1
    unlisted = sorted({(v["member_state"], v["country_code"]) for v in votes
                       if not v["derived"] and v["member_state"] not in spellings.get(v["country_code"], ())})
    out["names_not_in_member_states"] = [{"member_state": n, "country_code": c} for n, c in unlisted]
    return out


def merge_checks(checks: list[dict]) -> dict:
    """The checks of every part, added up (for the build report); names listed once."""
    total: dict = {}
    for check in checks:
        for key, value in check.items():
            if isinstance(value, list):
                total.setdefault(key, [])
                total[key] += [v for v in value if v not in total[key]]
            else:
                total[key] = total.get(key, 0) + value
    return total


# ------------------------------------------------------------ a package part (Arrow)

_RESOLUTION_COLUMNS = ["symbol", "adoption_type", "adoption_date", "yes_count", "no_count",
                       "abstain_count", "source_file", "source_member"]


def _part_rows(tables: dict) -> tuple[list[dict], list[dict]]:
    return (tables["resolutions"].select(_RESOLUTION_COLUMNS).to_pylist(),
            tables["votes"].to_pylist())


def with_non_voting(tables: dict, states: tuple[MemberState, ...]):
    """A part's votes table (pyarrow) with its non_voting rows (`add_non_voting`)."""
    from .write import arrow_table
    if not tables["votes"].num_rows:
        return tables["votes"]
    return arrow_table(add_non_voting(*_part_rows(tables), states), "votes")


def check_part(tables: dict, states: tuple[MemberState, ...]) -> dict:
    """`check_votes` on a part's tables (pyarrow)."""
    return check_votes(*_part_rows(tables), states)


def table(states: tuple[MemberState, ...]):
    """The member_states table (pyarrow, with the published types)."""
    from .write import arrow_table, encode
    return encode(arrow_table(rows(states), "member_states"), "member_states")
