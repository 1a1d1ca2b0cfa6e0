"""Differential test of the text parser against the XML reader, over the corpus.

The XML corpus gives the true structure of every resolution it holds. Each
Chinese and English resolution is read with the XML reader
(`etl.akn.reader.read_akn`), rendered the way a PDF extraction prints it in
several layouts (`etl.text.synth`), and the render is parsed with the text
parser (`etl.text.parse.parse_bytes`). A (resolution, layout) pair is exact
when the parse gives the XML reader's rows: clause ids, kinds, labels,
leading phrases and texts, footnote numbers and texts, markers (clause,
number, offset), title, symbol, and the metadata the print carries (adoption
date, plenary meeting, committee, committee report, draft symbol). Line
numbers and source fields are not compared: they describe the source, not
the resolution.

Every pair that is not exact gets a cause: the first field that differs and
a short signature ("op count: parser finds fewer", "marker offset",
"ParseError: expected the enacting formula ..."). The report groups pairs by
cause, counts them and keeps a few examples of each (symbol, layout, the two
values), per language and per layout.

    python -m etl differential --languages zh,en --sample 60 --report out/diff.json
"""

from __future__ import annotations

import difflib
import json
import random
import re
import sys
import time
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

import click

from .text.synth import UNLIMITED, Options, doc_from_document, render

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = ROOT / "sources" / "akn"

# Language code -> the folder name of its members in the corpus archives.
LANGUAGE_FOLDERS = {"zh": "Chinese", "en": "English"}

# The layouts each language is rendered in. They cover what PDF extraction
# does to a resolution: line widths, footnote markers inline or on lines of
# their own, page breaks in mid-paragraph with the page's footnotes and
# running header, first-page mastheads; for Chinese repeated bold, spaced and
# full-width digits; and one line per paragraph, as other extractors and word
# processors write it.
LAYOUTS: dict[str, dict[str, Options]] = {
    "zh": {
        # The seeds' extraction: bold repeated four times, a blank line after
        # every line, markers alone on their lines, spaces around Latin runs.
        "pdf": Options(width=76, blank_lines=True, page_lines=40, separator=" " * 59,
                       masthead=True, bold_factor=4, cjk_spacing=True, wrap_header=True,
                       spaced_digits=True),
        "inline-markers": Options(width=64, blank_lines=False, inline_markers=True,
                                  page_lines=26, cjk_spacing=True, wrap_header=True),
        "narrow-pages": Options(width=40, blank_lines=False, page_lines=9,
                                fullwidth_numbering=True, fullwidth_dates=True,
                                wrap_header=True, bold_factor=3),
        "one-line": Options(width=UNLIMITED, blank_lines=False, inline_markers=True,
                            page_lines=UNLIMITED, furniture=False),
    },
    "en": {
        # PyMuPDF on the official PDF: markers glued to the word before, a
        # paragraph's number alone on its line, a blank line between paragraphs.
        "pymupdf": Options(width=86, blank_lines=False, inline_markers=True, glued_markers=True,
                           page_lines=40, separator="_" * 18, masthead=True,
                           paragraph_gap=True, label_own_line=True, wrap_header=True,
                           break_hyphens=True),
        "spaced-markers": Options(width=80, blank_lines=False, inline_markers=True,
                                  page_lines=30, separator="_" * 18, paragraph_gap=True,
                                  wrap_header=True),
        "narrow-pages": Options(width=48, blank_lines=False, page_lines=10,
                                separator="_" * 18, paragraph_gap=True, wrap_header=True),
        "one-line": Options(width=UNLIMITED, blank_lines=False, inline_markers=True,
                            glued_markers=True, page_lines=UNLIMITED, furniture=False),
    },
}

_METADATA = ("adoption_date", "plenary_meeting", "committee", "committee_report",
             "draft_symbol")
_SHOW = 160  # characters of a differing value kept in an example


# ---------------------------------------------------------------- the corpus

@dataclass(frozen=True, order=True)
class Member:
    """One XML file of the corpus: a member of a zip archive."""

    archive: str     # repository-relative path of the zip
    name: str        # member name, "Chinese/A_RES_77_44-2228139C.xml"
    language: str    # the language its folder says (the reader decides in the end)

    @property
    def where(self) -> str:
        return f"{self.archive}:{self.name}"


def corpus_members(sources: Path, languages: list[str]) -> list[Member]:
    """Every XML member of the corpus archives in the given languages' folders, sorted."""
    folders = {LANGUAGE_FOLDERS[code]: code for code in languages}
    members = []
    for archive in sorted(sources.glob("*.zip")):
        try:
            z = zipfile.ZipFile(archive)
        except zipfile.BadZipFile as exc:
            raise ValueError(f"{_relative(archive)}: not a readable zip archive ({exc})") from None
        with z:
            for name in z.namelist():
                parts = name.split("/")
                folder = next((p for p in parts[:-1] if p in folders), None)
                if folder and name.lower().endswith(".xml"):
                    members.append(Member(_relative(archive), name, folders[folder]))
    return sorted(members)


def sample_members(members: list[Member], per_language: int, seed: int) -> list[Member]:
    """A fixed sample: `per_language` members of each language, drawn with `seed`."""
    chosen = []
    for code in sorted({m.language for m in members}):
        pool = [m for m in members if m.language == code]
        rng = random.Random(f"{seed}:{code}")
        chosen += rng.sample(pool, min(per_language, len(pool)))
    return sorted(chosen)


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


# ---------------------------------------------------------------- comparison

@dataclass(frozen=True)
class Difference:
    field: str       # the first field that differs: "clauses", "text", "marker", "title" ...
    signature: str   # the cause, short and without the particular values
    where: str       # which row: "op3", "footnote 2", "" for the resolution
    parser: str      # the parser's value (shortened)
    xml: str         # the XML reader's value (shortened)


@dataclass(frozen=True)
class PairResult:
    symbol: str
    language: str
    layout: str
    source: str                      # archive:member
    difference: Difference | None    # None: exact

    @property
    def exact(self) -> bool:
        return self.difference is None


def _family(clause_id: str) -> str:
    """The kind of row an id names, for counting: pp, op, sub, h, u, with the
    annex prefix kept ("an1.op")."""
    prefix = re.match(r"^(an\d+\.)?", clause_id).group()
    rest = re.sub(r"^(?:an\d+\.)?(?:s[0-9a-z]+\.)*", "", clause_id)
    if "." in rest:
        return prefix + "sub"
    return prefix + re.sub(r"\d+$", "", rest)


def _shorten(value, around: int = 0) -> str:
    text = "" if value is None else str(value)
    if len(text) <= _SHOW:
        return text
    start = max(0, min(around - _SHOW // 4, len(text) - _SHOW))
    return ("…" if start else "") + text[start:start + _SHOW] + ("…" if start + _SHOW < len(text)
                                                                else "")


def _first_difference_at(a: str, b: str) -> int:
    n = min(len(a), len(b))
    return next((i for i in range(n) if a[i] != b[i]), n)


def text_cause(parser: str, xml: str) -> str:
    """What kind of change turned the XML's text into the parser's."""
    if re.sub(r"\s+", "", parser) == re.sub(r"\s+", "", xml):
        return "spaces differ"
    ops = [op for op in difflib.SequenceMatcher(None, xml, parser, autojunk=False).get_opcodes()
           if op[0] != "equal"]
    lost = "".join(xml[i1:i2] for tag, i1, i2, _, _ in ops if tag in ("delete", "replace"))
    added = "".join(parser[j1:j2] for tag, _, _, j1, j2 in ops if tag in ("insert", "replace"))
    if lost and not added:
        if lost.strip().isdigit():
            return "digits lost (a number taken for a marker)"
        if xml.endswith(lost) or parser == xml[:len(parser)]:
            return "text cut short"
        if xml.startswith(lost):
            return "text lost its start"
        return "text lost characters"
    if added and not lost:
        if added.strip().isdigit():
            return "digits added (a marker kept as text)"
        if parser.startswith(xml):
            return "text runs on (next text glued on)"
        if parser.endswith(xml):
            return "text has extra start"
        return "text has extra characters"
    return "text differs"


def _phrase_cause(parser: str | None, xml: str | None) -> str:
    if parser is None:
        return "leading_phrase missing"
    if xml is None:
        return "leading_phrase where the XML has none"
    if xml.startswith(parser):
        return "leading_phrase cut short"
    if parser.startswith(xml):
        return "leading_phrase too long"
    return "leading_phrase differs"


def compare(xml, parsed) -> Difference | None:
    """The first difference between the XML reader's Document and the parser's,
    in the order a reader would look: identity, structure, texts, footnotes,
    markers, metadata. None when they agree."""
    rx, rp = xml.resolution, parsed.resolution
    for name in ("symbol", "title"):
        if getattr(rp, name) != getattr(rx, name):
            a, b = getattr(rp, name), getattr(rx, name)
            at = _first_difference_at(str(a), str(b))
            return Difference(name, f"{name} differs", "", _shorten(a, at), _shorten(b, at))

    ids_p = [c.clause_id for c in parsed.clauses]
    ids_x = [c.clause_id for c in xml.clauses]
    if ids_p != ids_x:
        counts_p = Counter(_family(i) for i in ids_p)
        counts_x = Counter(_family(i) for i in ids_x)
        families = sorted(set(counts_p) | set(counts_x), key=_family_order)
        for f in families:
            if counts_p[f] != counts_x[f]:
                a, b = counts_p[f], counts_x[f]
                at = next((i for i, (x, y) in enumerate(zip(ids_p, ids_x)) if x != y),
                          min(len(ids_p), len(ids_x)))
                return Difference("clauses", f"{f} count: {_more_or_fewer(a, b)}",
                                  f"{f}: parser {a} vs xml {b}",
                                  _shorten(" ".join(ids_p[max(0, at - 3):])),
                                  _shorten(" ".join(ids_x[max(0, at - 3):])))
        i = next(i for i, (a, b) in enumerate(zip(ids_p, ids_x)) if a != b)
        return Difference("clauses", "clause ids differ (same counts)", ids_x[i],
                          _shorten(" ".join(ids_p[i:])), _shorten(" ".join(ids_x[i:])))

    for cp, cx in zip(parsed.clauses, xml.clauses):
        where, f = cx.clause_id, _family(cx.clause_id)
        if cp.kind != cx.kind:
            return Difference("kind", f"kind of {f}: parser {cp.kind} vs xml {cx.kind}", where,
                              cp.kind, cx.kind)
        if cp.label != cx.label:
            return Difference("label", f"label differs ({f})", where, str(cp.label), str(cx.label))
        if cp.text != cx.text:
            at = _first_difference_at(cp.text, cx.text)
            return Difference("text", f"{text_cause(cp.text, cx.text)} ({f})", where,
                              _shorten(cp.text, at), _shorten(cx.text, at))
        if cp.leading_phrase != cx.leading_phrase:
            return Difference("leading_phrase", _phrase_cause(cp.leading_phrase, cx.leading_phrase),
                              where, str(cp.leading_phrase), str(cx.leading_phrase))

    notes_p = [(f.number, f.text) for f in parsed.footnotes]
    notes_x = [(f.number, f.text) for f in xml.footnotes]
    if len(notes_p) != len(notes_x):
        direction = _more_or_fewer(len(notes_p), len(notes_x))
        return Difference("footnotes", f"footnote count: {direction}",
                          f"parser {len(notes_p)} vs xml {len(notes_x)}",
                          _shorten(notes_p[len(notes_x):len(notes_x) + 2] or notes_p[-1:]),
                          _shorten(notes_x[len(notes_p):len(notes_p) + 2] or notes_x[-1:]))
    for (np_, tp), (nx, tx) in zip(notes_p, notes_x):
        if np_ != nx:
            return Difference("footnotes", "footnote numbers differ", f"footnote {nx}",
                              str(np_), str(nx))
        if tp != tx:
            at = _first_difference_at(tp, tx)
            return Difference("footnote_text", f"footnote {text_cause(tp, tx)}", f"footnote {nx}",
                              _shorten(tp, at), _shorten(tx, at))

    refs_p = sorted((r.clause_id, r.offset, r.footnote_number) for r in parsed.refs)
    refs_x = sorted((r.clause_id, r.offset, r.footnote_number) for r in xml.refs)
    if refs_p != refs_x:
        by_number_p = {n: (c, o) for c, o, n in refs_p}
        by_number_x = {n: (c, o) for c, o, n in refs_x}
        if len(refs_p) != len(refs_x):
            missing = sorted(set(by_number_x) - set(by_number_p))
            extra = sorted(set(by_number_p) - set(by_number_x))
            direction = _more_or_fewer(len(refs_p), len(refs_x))
            return Difference("markers", f"marker count: {direction}",
                              f"parser {len(refs_p)} vs xml {len(refs_x)}",
                              f"{len(refs_p)} markers; not in xml: {extra[:8]}",
                              f"{len(refs_x)} markers; not in parse: {missing[:8]}")
        for (cp, op, np_), (cx, ox, nx) in zip(refs_p, refs_x):
            if (cp, op, np_) == (cx, ox, nx):
                continue
            if cp != cx:
                sig = "marker in another clause"
            elif np_ != nx:
                sig = "marker number"
            else:
                sig = "marker offset"
            clause = next((c.text for c in xml.clauses if c.clause_id == cx), "")
            return Difference("markers", sig, cx,
                              f"{cp} @{op} fn {np_}: {_shorten(clause[max(0, op - 20):op + 20])}",
                              f"{cx} @{ox} fn {nx}: {_shorten(clause[max(0, ox - 20):ox + 20])}")

    for name in _METADATA:
        a, b = getattr(rp, name), getattr(rx, name)
        if a != b and _printed(name, b, rx.adoption_note):
            return Difference(name, f"{name} differs", "", str(a), str(b))
    return None


def _printed(name: str, xml_value, note: str | None) -> bool:
    """Can the text know this value? The draft and report symbols come from the
    XML's workflow metadata as well; a print carries them only in the adoption
    note ("[without reference to a Main Committee (A/76/L.2)]")."""
    if name not in ("committee_report", "draft_symbol") or xml_value is None:
        return True
    return re.sub(r"\s+", "", str(xml_value)) in re.sub(r"\s+", "", note or "")


def _more_or_fewer(parser: int, xml: int) -> str:
    """The direction of a count difference: the cause, whatever the numbers."""
    if parser == 0:
        return "parser finds none"
    if xml == 0:
        return "parser finds some, xml none"
    return "parser finds more" if parser > xml else "parser finds fewer"


_FAMILIES = ("pp", "op", "sub", "h", "u")


def _family_order(family: str):
    prefix, _, name = family.rpartition(".")
    return (prefix, _FAMILIES.index(name) if name in _FAMILIES else len(_FAMILIES), name)


# ---------------------------------------------------------------- running

def _error_signature(exc: BaseException) -> str:
    from .errors import ParseError
    if isinstance(exc, ParseError):
        message = exc.expected
        kind = "ParseError"
    else:
        message = str(exc)
        kind = f"crash {type(exc).__name__}"
    message = re.sub(r"\d+", "N", message.strip().splitlines()[0] if message.strip() else "")
    return f"{kind}: {message[:70]}"


def check_document(document, layouts: dict[str, Options], source: str) -> list[PairResult]:
    """Render one XML Document in each layout, parse each render, compare."""
    from .text.parse import parse_bytes
    r = document.resolution
    doc = doc_from_document(document)
    results = []
    for name, options in layouts.items():
        try:
            text = render(doc, options)
        except Exception as exc:  # a renderer fault is reported as such, not hidden
            results.append(PairResult(r.symbol, r.language, name, source, Difference(
                "render", f"renderer {_error_signature(exc)}", "", "", repr(exc)[:_SHOW])))
            continue
        try:
            parsed = parse_bytes(text.encode("utf-8"), f"{r.symbol}[{name}]").document()
        except Exception as exc:
            # The example shows the rendered line the error names (or the first).
            lines = text.splitlines()
            line = getattr(exc, "line", None) or 1
            shown = lines[line - 1] if 0 < line <= len(lines) else ""
            results.append(PairResult(r.symbol, r.language, name, source, Difference(
                "parse", _error_signature(exc), f"render line {line}", str(exc)[:_SHOW],
                shown[:_SHOW])))
            continue
        results.append(PairResult(r.symbol, r.language, name, source, compare(document, parsed)))
    return results


@dataclass
class MemberResult:
    member: Member
    pairs: list[PairResult]
    reader_error: str | None = None
    seconds: float = 0.0


_ARCHIVES: dict[str, zipfile.ZipFile] = {}


def _read_member(member: Member) -> bytes:
    archive = _ARCHIVES.get(member.archive)
    if archive is None:
        path = Path(member.archive)
        archive = _ARCHIVES[member.archive] = zipfile.ZipFile(path if path.is_absolute()
                                                              else ROOT / path)
    return archive.read(member.name)


def check_member(args: tuple[Member, tuple[str, ...], dict[str, tuple[str, ...]]]) -> MemberResult:
    """Read one XML member with the XML reader and check each of its documents
    in the language's layouts."""
    member, languages, layout_names = args
    started = time.perf_counter()
    from .akn.reader import read_akn
    data = _read_member(member)
    try:
        read = read_akn(data, member.archive, member.name, sha256(data).hexdigest())
    except Exception as exc:
        return MemberResult(member, [], f"{_error_signature(exc)} ({exc})"[:300],
                            time.perf_counter() - started)
    pairs = []
    for document in read.documents:
        code = document.resolution.language
        if code not in languages:
            continue
        layouts = {name: LAYOUTS[code][name] for name in layout_names[code]}
        pairs += check_document(document, layouts, member.where)
    return MemberResult(member, pairs, None, time.perf_counter() - started)


def run_checks(check, tasks: list, jobs: int = 2, progress=None) -> list:
    """`check` of every task, in `jobs` worker processes (in any order: sort
    the results); `progress(done, total)` after each."""
    results: list = []
    if jobs <= 1:
        for task in tasks:
            results.append(check(task))
            if progress:
                progress(len(results), len(tasks))
        return results
    from multiprocessing import get_context
    with get_context("forkserver").Pool(jobs) as pool:
        for result in pool.imap_unordered(check, tasks, chunksize=4):
            results.append(result)
            if progress:
                progress(len(results), len(tasks))
    return results


def run(members: list[Member], languages: list[str], layout_names: dict[str, tuple[str, ...]],
        jobs: int = 2, progress=None) -> list[MemberResult]:
    """Check every member, in `jobs` worker processes; results in member order."""
    tasks = [(m, tuple(languages), layout_names) for m in members]
    return sorted(run_checks(check_member, tasks, jobs, progress), key=lambda r: r.member)


def unique_pairs(results: list[MemberResult]) -> list[PairResult]:
    """The pairs of each (symbol, language) once: the corpus holds a few
    resolutions twice (the emergency sessions' copies), the first in
    member order counts."""
    seen: dict[tuple[str, str], str] = {}
    pairs = []
    for result in results:
        for pair in result.pairs:
            key = (pair.symbol, pair.language)
            if seen.setdefault(key, pair.source) == pair.source:
                pairs.append(pair)
    return pairs


# ---------------------------------------------------------------- the report

def summarize(results: list[MemberResult], languages: list[str],
              layout_names: dict[str, tuple[str, ...]], examples: int = 2) -> dict:
    pairs = unique_pairs(results)
    report: dict = {"languages": {}, "reader_errors": []}
    for code in languages:
        mine = [p for p in pairs if p.language == code]
        exact = sum(p.exact for p in mine)
        by_layout = {}
        for name in layout_names[code]:
            these = [p for p in mine if p.layout == name]
            n_exact = sum(p.exact for p in these)
            by_layout[name] = {"pairs": len(these), "exact": n_exact,
                               "percent_exact": _percent(n_exact, len(these))}
        causes: dict[tuple[str, str], list[PairResult]] = defaultdict(list)
        for p in mine:
            if p.difference:
                causes[(p.difference.field, p.difference.signature)].append(p)
        table = []
        for (field_, signature), failed in sorted(causes.items(),
                                                  key=lambda kv: (-len(kv[1]), kv[0])):
            table.append({
                "field": field_, "signature": signature, "pairs": len(failed),
                "resolutions": len({p.symbol for p in failed}),
                "layouts": dict(sorted(Counter(p.layout for p in failed).items())),
                "examples": [{"symbol": p.symbol, "layout": p.layout, "source": p.source,
                              "where": p.difference.where, "parser": p.difference.parser,
                              "xml": p.difference.xml}
                             for p in _examples(failed, examples)],
            })
        report["languages"][code] = {
            "resolutions": len({p.symbol for p in mine}),
            "pairs": len(mine), "exact": exact, "percent_exact": _percent(exact, len(mine)),
            "resolutions_exact_in_every_layout": len({p.symbol for p in mine}
                                                     - {p.symbol for p in mine if not p.exact}),
            "layouts": by_layout,
            "causes": table,
        }
    report["reader_errors"] = [{"source": r.member.where, "error": r.reader_error}
                               for r in results if r.reader_error]
    return report


def _examples(failed: list[PairResult], n: int) -> list[PairResult]:
    """Up to n examples, from different resolutions where possible."""
    chosen, symbols = [], set()
    for p in failed:
        if p.symbol not in symbols:
            chosen.append(p)
            symbols.add(p.symbol)
        if len(chosen) == n:
            break
    return chosen


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


def markdown(report: dict, top: int = 25) -> str:
    lines = ["# Differential test: text parser against the XML reader", ""]
    run_ = report.get("run", {})
    if run_:
        lines += [f"Command: `{run_.get('command', '')}`  ",
                  f"Members read: {run_.get('members', 0)}, seconds: {run_.get('seconds', 0)}, "
                  f"jobs: {run_.get('jobs', 0)}", ""]
    lines += ["| language | resolutions | pairs | exact | % exact |", "|---|---|---|---|---|"]
    for code, lang in report["languages"].items():
        lines.append(f"| {code} | {lang['resolutions']} | {lang['pairs']} | {lang['exact']} | "
                     f"{lang['percent_exact']} |")
    for code, lang in report["languages"].items():
        lines += ["", f"## {code}", "", "| layout | pairs | exact | % exact |", "|---|---|---|---|"]
        for name, figures in lang["layouts"].items():
            lines.append(f"| {name} | {figures['pairs']} | {figures['exact']} | "
                         f"{figures['percent_exact']} |")
        lines += ["", f"Causes ({len(lang['causes'])}; the {min(top, len(lang['causes']))} "
                      "most frequent):", "",
                  "| pairs | resolutions | field | cause | example |", "|---|---|---|---|---|"]
        for cause in lang["causes"][:top]:
            ex = cause["examples"][0]
            example = (f"{ex['symbol']} [{ex['layout']}] {ex['where']}: parser "
                       f"`{_md(ex['parser'])}` / xml `{_md(ex['xml'])}`")
            lines.append(f"| {cause['pairs']} | {cause['resolutions']} | {cause['field']} | "
                         f"{_md(cause['signature'])} | {example} |")
    if report["reader_errors"]:
        lines += ["", f"XML reader errors: {len(report['reader_errors'])}", ""]
        lines += [f"- {e['source']}: {_md(e['error'])}" for e in report["reader_errors"][:20]]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("`", "'").replace("\n", " ")[:_SHOW + 2]


def write_report(report: dict, path: Path) -> Path:
    """Write the JSON report at `path` and the Markdown summary beside it (.md)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    summary = path.with_suffix(".md")
    summary.write_text(markdown(report), encoding="utf-8")
    return summary


# ---------------------------------------------------------------- command line

def _layout_choice(languages: list[str], spec: str | None) -> dict[str, tuple[str, ...]]:
    chosen = {}
    wanted = [s.strip() for s in spec.split(",") if s.strip()] if spec else None
    for code in languages:
        names = tuple(n for n in LAYOUTS[code] if wanted is None or n in wanted)
        chosen[code] = names
    unknown = set(wanted or ()) - {n for code in languages for n in LAYOUTS[code]}
    if unknown:
        raise click.BadParameter(f"unknown layout(s) {', '.join(sorted(unknown))}; known: "
                                 + "; ".join(f"{c}: {', '.join(LAYOUTS[c])}" for c in languages))
    return chosen


@click.command("differential")
@click.option("--languages", default="zh,en", show_default=True,
              help="Languages to check, comma-separated (zh, en).")
@click.option("--sample", type=click.IntRange(min=1), default=None,
              help="Check a fixed, seeded sample of this many XML files per language "
                   "(default: the whole corpus).")
@click.option("--seed", type=int, default=9, show_default=True, help="Seed of the sample.")
@click.option("--layouts", "layout_spec", default=None,
              help="Layouts to render, comma-separated (default: all of each language).")
@click.option("--report", "report_path", type=click.Path(path_type=Path), default=None,
              help="Write the JSON report here and a Markdown summary beside it (.md).")
@click.option("--jobs", type=click.IntRange(min=1), default=2, show_default=True,
              help="Worker processes.")
@click.option("--sources", type=click.Path(path_type=Path, exists=True, file_okay=False),
              default=DEFAULT_SOURCES, show_default="sources/akn/",
              help="Folder of the corpus zip archives.")
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None,
              help="Exit 1 if a language's share of exact pairs is below this percentage.")
def differential(languages: str, sample: int | None, seed: int, layout_spec: str | None,
                 report_path: Path | None, jobs: int, sources: Path,
                 fail_under: float | None) -> None:
    """Render the XML corpus as PDF texts, parse them, compare with the XML reader."""
    codes = [c.strip() for c in languages.split(",") if c.strip()]
    unknown = [c for c in codes if c not in LAYOUTS]
    if unknown:
        raise click.BadParameter(f"no layouts for language(s) {', '.join(unknown)}; "
                                 f"known: {', '.join(LAYOUTS)}", param_hint="--languages")
    names = _layout_choice(codes, layout_spec)
    try:
        members = corpus_members(sources, codes)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if sample:
        members = sample_members(members, sample, seed)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % 200 == 0 or done == total:
            click.echo(f"{done}/{total} files", err=True)

    results = run(members, codes, names, jobs, progress)
    report = summarize(results, codes, names)
    command = " ".join(["python -m etl differential", f"--languages {','.join(codes)}",
                        f"--sample {sample} --seed {seed}" if sample else "",
                        f"--layouts {layout_spec}" if layout_spec else "", f"--jobs {jobs}"])
    report["run"] = {"command": " ".join(command.split()),
                     "members": len(members), "jobs": jobs, "sample": sample, "seed": seed,
                     "seconds": round(time.perf_counter() - started, 1),
                     "worker_seconds": round(sum(r.seconds for r in results), 1),
                     "layouts": {c: list(n) for c, n in names.items()}}
    for code, lang in report["languages"].items():
        click.echo(f"{code}: {lang['pairs']} pairs, {lang['exact']} exact "
                   f"({lang['percent_exact']}%), {len(lang['causes'])} causes")
        for cause in lang["causes"][:8]:
            click.echo(f"    {cause['pairs']:6d}  {cause['signature']}")
    if report["reader_errors"]:
        click.echo(f"XML reader errors: {len(report['reader_errors'])}", err=True)
    if report_path:
        summary = write_report(report, report_path)
        click.echo(f"report written to {report_path} and {summary}", err=True)
    if fail_under is not None and any(lang["percent_exact"] < fail_under
                                      for lang in report["languages"].values()):
        sys.exit(1)


__all__ = ["LAYOUTS", "DEFAULT_SOURCES", "Member", "Difference", "PairResult", "MemberResult",
           "corpus_members", "sample_members", "compare", "text_cause", "check_document", "check_member", "run",
           "unique_pairs", "summarize", "markdown", "write_report", "differential"]
