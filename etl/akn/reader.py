"""Read one AKN4UN XML file (a General Assembly resolution) into Documents.

    read_akn(data, source_file, source_member, sha256) -> AknFile

One `Document` per resolution part: a `statement` gives one; a
`documentCollection` gives one per `components/component/statement`. Identity
(symbol, part, language) follows the rules of etl.akn.identity; the clause
structure those of etl.akn.structure; text cleaning and offsets those of
etl.akn.text; citations those of etl.akn.links.

Safety: the file is refused with a ParseError (naming the file, the member
and the line) when it is empty, too large, holds a DOCTYPE or an entity
declaration (no DTD is ever loaded, no entity expanded, no network or file
access: the lxml parser is configured so and such documents are refused
before parsing), is not well-formed, nests deeper than libxml2's default
limit, or is not Akoma Ntoso.

Positions: every line is the lxml sourceline in the XML file (the member).

Resolution fields: title from the preface docTitle (an Arabic leading "-"
set aside; None, with a diagnostic, where the preface holds no title text);
adoption date from conclusions/docDate, checked against the FRBR work's
adoption date (a difference is a diagnostic; the FRBR date only fills
a missing one); plenary meeting from the adoptionMeeting inline or location
(@title, else its text); committee as printed, from the docProponent: the
committee's name only ("Third Committee", "Troisième Commission", "第三委员会",
"Special Political and Decolonization Committee (Fourth Committee)"; None for
#noMainCommittee), the whole bracketed note as adoption_note; committee_report
(A/nn/nnn) or draft_symbol (A/nn/L.n) from its "originating document". The
metadata (adoption type, vote counts, votes, sponsors, subjects, plenary
record, agenda item) come from etl.akn.meta.read_metadata, given the part's
own <meta> first and the collection's after it; the draft symbol of the cover
wins over the workflow's.

Footnotes: one per authorialNote of the part (number = @marker; the Arabic
"()" before the text removed), and one FootnoteRef per marker inside a
clause, including a repeated reference printed as a bare <sup>N</sup> to a
note the file defines. A note in the title, the adoption note or elsewhere
outside the clauses is kept as a footnote without a reference (listed in
the report as footnotes_without_ref).

Citations: see etl.akn.links; order header (adoption note), title, clauses,
footnotes; ids c1..cN.

Report (Document.report): the identity summary, the counts of the structure
rules that fired, link statistics and contradictions, and a lossless
accounting of the part's text (see _report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from lxml import etree

from ..citations import has_grammar, undocs_url
from ..errors import Diagnostic, ParseError
from ..lang import PROFILES
from ..records import CitationRow, Clause, Document, Footnote, FootnoteRef, Resolution, line_at
from . import identity as ident
from .links import merge, text_citations
from .structure import BodyReader, Item, assign_ids, attached_annexes, cut, inline_annexes
from .flatten import (ARABIC_NOTE_PREFIX, INVISIBLE, Flat, Tags, first_child, flatten,
                      note_marker, scan_bytes, text_of)

try:  # written separately; the reader runs without it (metadata fields stay empty)
    from .meta import read_metadata
except ImportError:  # pragma: no cover - only while the module does not exist
    read_metadata = None

MAX_BYTES = 64 * 1024 * 1024
# Characters of body text that tell the language: as many as text_language
# reads (about 150 function words); joining more text would be wasted.
_LANGUAGE_SAMPLE = ident.SCRIPT_SAMPLE
# The largest resolution of the corpus has some tens of thousands of elements
# (vote lists included); a file with far more is not a resolution and would
# only cost time and memory.
MAX_ELEMENTS = 1_000_000

_COUNT_ELEMENTS = etree.XPath("count(//*)")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, dtd_validation=False, remove_comments=True,
                          remove_pis=True, collect_ids=False)
# XML keywords are case-sensitive: these are the only spellings a parser accepts.
_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")
_AKN_NS_PREFIX = "http://docs.oasis-open.org/legaldocml/ns/akn/"

_REPORT_SYMBOL = re.compile(r"A/\d{1,3}/\d{1,4}(?:/Add\.\d+)?")
_DRAFT_SYMBOL = re.compile(r"A/(?:E?S-)?\d{1,3}/L\.\d+(?:/Rev\.\d+)?")
_DIGITS = re.compile(r"\d+")
_ADOPTED_PP = re.compile(r"^d\d+\.(?:s[0-9a-z]+\.)*pp\d+$")
# "Without reference to a Main Committee", where @refersTo does not say so.
_NO_COMMITTEE = re.compile(r"without reference to a Main Committee|sans renvoi à une grande "
                           r"commission|sin remisión previa|без передачи в главные|未经发交主要委员会"
                           r"|دون الإحالة إلى لجنة رئيسية", re.I)
# Where a document symbol starts in an adoption note ("A/77/397", Cyrillic "А/").
_SYMBOL_START = re.compile(r"[AАＡ]/")
_HAS_DIGIT = re.compile(r"\d")
_TITLE_DASH = re.compile(r"^[-–—]\s*")
# The committee's name after the words that introduce it; ".*" first so that
# the last occurrence wins ("del informe de la Informe de la Comisión ...").
# Chinese prints the name between 根据 and 的报告, or after 根据 alone.
_COMMITTEE = {
    "en": re.compile(r".*report of the (.+)$", re.I),
    "fr": re.compile(r".*rapport d[eu] (?:la |l’|l')?(.+)$", re.I),
    "es": re.compile(r".*informe de(?:l| la) (.+)$", re.I),
    "ru": re.compile(r".*по (?:докладу|резолюции) (.+)$", re.I),
    "ar": re.compile(r".*تقرير (.+)$"),
    "zh": re.compile(r"根据(.+?)(?:的报告.*)?$"),
    "de": re.compile(r".*Berichts? de[rs] (.+)$"),
}


@dataclass
class AknFile:
    documents: list[Document]
    identity: dict
    diagnostics: list[Diagnostic] = field(default_factory=list)


# -- parsing ---------------------------------------------------------------------

def _line_of(data: bytes, index: int) -> int:
    return data.count(b"\n", 0, index) + 1


def parse_xml(data: bytes, path: str):
    """The root element of a safe, well-formed AKN document, or ParseError."""
    if not data or not data.strip():
        raise ParseError(path, None, "an AKN XML file, found an empty file")
    if len(data) > MAX_BYTES:
        raise ParseError(path, None, f"an AKN XML file of at most {MAX_BYTES} bytes, "
                                     f"found {len(data)} bytes")
    for token in _FORBIDDEN:
        at = data.find(token)
        if at >= 0:
            raise ParseError(path, _line_of(data, at),
                             "XML without DOCTYPE or entity declarations (refused: DTDs and "
                             f"entities are never loaded), found {token.decode()}")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as e:
        raise ParseError(path, e.lineno or None, f"well-formed XML: {e.msg}") from None
    if root is None:
        raise ParseError(path, None, "an XML document, found none")
    # Every element takes at least 4 bytes ("<a/>"): only a file larger than
    # 4 * MAX_ELEMENTS bytes can hold too many, and only such a file is counted.
    elements = int(_COUNT_ELEMENTS(root)) if len(data) > 4 * MAX_ELEMENTS else 0
    if elements > MAX_ELEMENTS:
        raise ParseError(path, root.sourceline, f"an AKN resolution of at most {MAX_ELEMENTS} "
                                                f"elements, found {elements}")
    qname = etree.QName(root)
    if qname.localname != "akomaNtoso" or not (qname.namespace or "").startswith(_AKN_NS_PREFIX):
        found = f"{{{qname.namespace}}}{qname.localname}" if qname.namespace else qname.localname
        raise ParseError(path, root.sourceline, f"an Akoma Ntoso document (root akomaNtoso), "
                                                f"found root <{found}>")
    return root


# -- the file --------------------------------------------------------------------

@dataclass
class Unit:
    """One resolution part inside the file."""

    statement: object
    metas: list
    cover: object
    collection_preface: object
    component_index: int | None
    showas_part: str | None


class FileReader:
    def __init__(self, root, data: bytes, source_file: str, source_member: str | None,
                 sha256: str):
        self.root = root
        self.path = f"{source_file}!{source_member}" if source_member else source_file
        self.name = source_member or source_file
        self.source_file = source_file
        self.source_member = source_member
        self.sha256 = sha256
        self.t = Tags(etree.QName(root).namespace, wide=scan_bytes(data))
        self.diagnostics: list[Diagnostic] = []

    def warn(self, line, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, message))

    def units(self) -> list[Unit]:
        t = self.t
        top = [c for c in self.root if isinstance(c.tag, str)]
        statement = next((c for c in top if c.tag == t.statement), None)
        collection = next((c for c in top if c.tag == t.documentCollection), None)
        if statement is not None:
            return [Unit(statement, [first_child(statement, t.meta)],
                         first_child(statement, t.coverPage),
                         None, None, None)]
        if collection is None:
            found = ", ".join(f"<{etree.QName(c).localname}>" for c in top) or "nothing"
            raise ParseError(self.path, self.root.sourceline,
                             f"a <statement> or <documentCollection> in <akomaNtoso>, found {found}")
        cmeta = first_child(collection, t.meta)
        cover = first_child(collection, t.coverPage)
        preface = first_child(collection, t.preface)
        showas = {}
        body = first_child(collection, t.collectionBody)
        if body is not None:
            for ref in body.iter(t.documentRef):
                showas[(ref.get("href") or "").lstrip("#")] = ref.get("showAs")
        units = []
        comps = [c for comps in top if comps.tag == t.components
                 for c in comps.iterchildren(t.component)]
        for k, comp in enumerate(comps):
            st = first_child(comp, t.statement)
            if st is None:
                self.warn(comp.sourceline, "component without a statement: skipped")
                continue
            units.append(Unit(st, [first_child(st, t.meta), cmeta], cover, preface, k,
                              ident.showas_part(showas.get(comp.get("eId") or ""))))
        if not units:
            raise ParseError(self.path, collection.sourceline,
                             "a documentCollection with components/component/statement, found none")
        return units


def _text(el) -> str:
    return " ".join(text_of(el).split()) if el is not None else ""


def _find_path(el, *tags):
    for tag in tags:
        if el is None:
            return None
        el = first_child(el, tag)
    return el


def _frbr(meta, t: Tags, level: str, tag: str, attr: str = "value"):
    el = _find_path(meta, t.identification, level, tag)
    return el.get(attr) if el is not None else None


def read_akn(data: bytes, source_file: str, source_member: str | None, sha256: str) -> AknFile:
    """Every resolution part of one AKN file, with its identity evidence."""
    path = f"{source_file}!{source_member}" if source_member else source_file
    root = parse_xml(data, path)
    reader = FileReader(root, data, source_file, source_member, sha256)
    try:
        return reader.read()
    except ParseError:
        raise
    except (ValueError, TypeError, AttributeError, IndexError, KeyError) as e:
        # Markup this reader does not foresee must not stop a build: the file is
        # rejected, with what went wrong, like any other unusable file.
        raise ParseError(path, None, f"an AKN resolution this reader can read; reading failed "
                                     f"with {type(e).__name__}: {e}") from e


def _session_type(session: str) -> tuple[int, str]:
    if session.startswith("ES-"):
        return int(session[3:]), "emergency_special"
    if session.startswith("S-"):
        return int(session[2:]), "special"
    return int(session), "regular"


def _read(self: FileReader) -> AknFile:
    t = self.t
    units = self.units()
    first = units[0]
    top_meta = first.metas[-1] if first.metas else None
    # Language of the text: a sample of the first part's preamble and body.
    text_lang, lang_evidence = ident.text_language(_sample(first.statement, t))
    name_ev = ident.name_symbol(self.name)
    folder = self.name.replace("\\", "/").rsplit("/", 2)
    folder_name = folder[-2] if len(folder) >= 2 else None
    docket_el = next(self.root.iter(t.docketNumber), None)
    docket = ident.docket(docket_el.text if docket_el is not None else None)
    frbr_lang = next((_frbr(m, t, t.FRBRExpression, t.FRBRlanguage, "language")
                      for m in reversed(first.metas) if m is not None
                      and _frbr(m, t, t.FRBRExpression, t.FRBRlanguage, "language")), None)
    lang_candidates = {
        "frbr": ident.ISO_FROM_FRBR.get((frbr_lang or "").lower()) if frbr_lang else None,
        "file_name": name_ev.get("language"),
        "docket": docket.get("language") if docket else None,
        "folder": ident.ISO_FROM_FOLDER.get((folder_name or "").lower()),
    }
    language, lang_conflicts = ident.choose_language(text_lang, lang_candidates)
    if language is None:
        raise ParseError(self.path, None, "a resolution whose language can be told from its text, "
                                          "FRBRlanguage, file name or folder; found none")

    cover = first.cover
    cover_number = _find_path(cover, t.p, t.docNumber) if cover is not None else None
    if cover is not None and cover_number is None:
        cover_number = next(cover.iter(t.docNumber), None)
    top_preface = first.collection_preface if first.collection_preface is not None else \
        first_child(first.statement, t.preface)
    preface_number = next(top_preface.iter(t.docNumber), None) if top_preface is not None else None
    symbol_candidates = {
        "file_name": name_ev,
        "cover": ident.cover_symbol(_text(cover_number) if cover_number is not None else None),
        "frbr": ident.uri_symbol(_frbr(top_meta, t, t.FRBRWork, t.FRBRthis)),
        "preface": ident.preface_symbol(_text(preface_number) if preface_number is not None
                                        else None),
    }
    session, number, sym_conflicts = ident.choose_symbol(symbol_candidates)
    if session is None:
        raise ParseError(self.path, None, "a resolution number in the file name, cover, FRBR URI "
                                          "or preface; found none")
    for c in sym_conflicts + lang_conflicts:
        self.warn(None, f"{c['field']} from {c['source']} ({c['value']}) differs from the chosen "
                        f"{c['chosen']}: {c['rule']}")
    evidence = {
        "symbol": {"chosen": f"{session}/{number}", "candidates": symbol_candidates},
        "language": {"chosen": language, "text": lang_evidence, "text_language": text_lang,
                     "candidates": lang_candidates, "frbr_value": frbr_lang,
                     "folder_value": folder_name},
        "docket": docket,
        "conflicts": sym_conflicts + lang_conflicts,
        "layout": "documentCollection" if first.component_index is not None else "statement",
        "parts": [],
    }
    known = {m for n in self.root.iter(t.authorialNote) if (m := note_marker(n)) is not None}
    documents = []
    for unit in units:
        part, part_source, part_candidates = _part_of(self, unit, symbol_candidates)
        evidence["parts"].append({"part": part, "source": part_source,
                                  "candidates": part_candidates,
                                  "component": unit.component_index})
        doc = _document(self, unit, session, number, part, language, known, evidence)
        documents.append(doc)
    if len({d.resolution.symbol for d in documents}) != len(documents):
        self.warn(None, "two parts of the collection got the same symbol: "
                        + ", ".join(d.resolution.symbol for d in documents))
    return AknFile(documents, evidence, self.diagnostics)


FileReader.read = _read


def _sample(statement, t: Tags) -> str:
    """The first characters of the body text, without joining the whole body."""
    pieces: list[str] = []
    size = 0
    for el in statement.iterchildren(t.preamble, t.mainBody):
        for text in el.itertext():
            pieces.append(text)
            size += len(text)
            if size > _LANGUAGE_SAMPLE:
                return " ".join(pieces)
    return " ".join(pieces)


def _part_of(self: FileReader, unit: Unit, symbol_candidates: dict):
    """The part letter of a unit, from the sources the identity rules list."""
    t = self.t
    candidates = {}
    if unit.component_index is not None:
        own = unit.metas[0]
        uri = ident.uri_symbol(_frbr(own, t, t.FRBRWork, t.FRBRthis)) if own is not None else None
        candidates["frbr"] = uri.get("part") if uri else None
        pref = first_child(unit.statement, t.preface)
        pnum = next(pref.iter(t.docNumber), None) if pref is not None else None
        candidates["preface"] = ident.part_letter(_text(pnum)) if pnum is not None else None
        candidates["document_ref"] = unit.showas_part
        candidates["position"] = chr(ord("A") + unit.component_index)
        order = ("frbr", "preface", "document_ref", "position")
    else:
        cover = symbol_candidates.get("cover") or {}
        uri = symbol_candidates.get("frbr") or {}
        name = symbol_candidates.get("file_name") or {}
        candidates["cover"] = cover.get("part") if cover.get("part") and len(cover["part"]) == 1 \
            else None
        candidates["frbr"] = uri.get("part") if uri.get("part") and len(uri["part"]) == 1 else None
        candidates["file_name"] = name.get("part") if name.get("part") and \
            len(name["part"]) == 1 else None
        order = ("cover", "frbr", "file_name")
    chosen, source = None, None
    for src in order:
        if candidates.get(src):
            chosen, source = candidates[src], src
            break
    for src in order:
        v = candidates.get(src)
        if v and chosen and v != chosen and src != "position":
            self.warn(unit.statement.sourceline,
                      f"part letter from {src} ({v}) differs from {source}'s {chosen}")
    return chosen, source, candidates


# -- one part -----------------------------------------------------------------------

def _openers(language: str) -> tuple[str, ...]:
    """The adverbials that may open a paragraph before its leading phrase, from
    the language's profile where there is one (the text parser uses the same)."""
    return getattr(PROFILES.get(language), "LEADING_ADVERBIALS", ())


def _document(self: FileReader, unit: Unit, session: str, number: str, part: str | None,
              language: str, known: set[int], evidence: dict) -> Document:
    t = self.t
    st = unit.statement
    session_no, session_type = _session_type(session)
    body_symbol = f"{session}/{number}{part or ''}"
    symbol = f"A/RES/{body_symbol}"
    reader = BodyReader(t, known, openers=_openers(language))
    annexes: list[BodyReader] = []
    conclusions = None
    for child in st:
        tag = child.tag
        if tag == t.preamble:
            reader.preamble(child)
        elif tag == t.mainBody:
            reader.main_body(child)
        elif tag == t.conclusions:
            conclusions = child
        elif tag == t.attachments:
            for doc in child.iter(t.doc):
                if doc.getparent() is not None and doc.getparent().tag == t.attachment \
                        and doc.getparent().getparent() is child:
                    annexes.append(_annex(self, doc, known))
    # Annexes left in the operative part (a heading "Annex I" and what follows) come
    # first, in document order, then the attachments.
    starts = inline_annexes(reader.body.items)
    body, *inline = cut(reader.body.items, starts) if starts else [reader.body.items]
    if inline:
        reader.body.count("annexes_in_operative_part")
    clauses, flats = _clauses(body, "operative", "")
    attached: list[list[Item]] = []
    for annex in annexes:
        starts = attached_annexes(annex.body.items)
        if starts:
            annex.body.count("annexes_in_one_attachment")
            attached += cut(annex.body.items, starts)
        else:
            attached.append(annex.body.items)
    for k, items in enumerate([*inline, *attached], start=1):
        more, more_flats = _clauses(items, "annex", f"an{k}.", len(clauses))
        clauses += more
        flats += more_flats

    # Title, adoption note, conclusions.
    preface = first_child(st, t.preface)
    # The part's own title, else (empty in 74/255 A and B) the collection's.
    title_flat = None
    for title_el in (_find_title(preface, t), _find_title(unit.collection_preface, t)):
        if title_el is not None:
            title_flat = flatten(title_el, t, known_markers=known)
            if title_flat.text:
                break
    if title_flat is not None:
        dash = _TITLE_DASH.match(title_flat.text)
        if dash:
            # Arabic prints "74/10 -  <title>": the dash belongs to the number.
            title_flat.set_aside.append(("title_dash", title_flat.text[:dash.end()]))
            title_flat.drop_prefix(dash.end())
    title = title_flat.text if title_flat is not None and title_flat.text else None
    if title is None:
        why = "its docTitle is empty" if title_flat is not None else "it has no docTitle"
        self.warn(preface.sourceline if preface is not None else st.sourceline,
                  f"no title: the preface holds none ({why}); title is None")
    cover = unit.cover
    proponent = next(cover.iter(t.docProponent), None) if cover is not None else None
    note_flat = flatten(proponent, t, known_markers=known) if proponent is not None else None
    committee, report, draft = _committee(proponent, note_flat, language, t)
    adoption_date, meeting = _conclusions(self, conclusions, unit, t)

    # Footnotes: every authorialNote of this part, in document order.
    footnotes, note_flats, refs, fn_diag = _footnotes(self, st, clauses, flats, title_flat,
                                                       note_flat, known, t)
    footnote_numbers = {f.number for f in footnotes}
    refs = [r for r in refs if r.footnote_number in footnote_numbers]

    # Citations.
    cit_rows, contradictions, ignored_links = _citations(
        note_flat, title_flat, clauses, flats, footnotes, note_flats, language)
    for c in contradictions:
        if c.kind == "other":
            self.warn(c.line, f"link target {c.link_target} contradicts the text's citation "
                              f"{c.text_target} ('{c.raw}'): the text's row is kept")

    level1 = [c for c in clauses if c.level == 1 and c.kind == "paragraph"
              and not c.clause_id.startswith("an")]
    resolution = Resolution(
        symbol=symbol, language=language, session=session_no, session_type=session_type,
        number=f"{number}{part or ''}", title=title, adoption_date=adoption_date,
        committee=committee, committee_report=report, draft_symbol=draft,
        adoption_note=note_flat.text if note_flat is not None and note_flat.text else None,
        plenary_meeting=meeting,
        preambular_count=sum(1 for c in level1 if c.section == "preamble"),
        # An adopted document's preambular paragraphs (d1.pp1) are not operative paragraphs.
        operative_count=sum(1 for c in level1 if c.section == "operative"
                            and not _ADOPTED_PP.match(c.clause_id)),
        footnote_count=len(footnotes), source_file=self.source_file, source_sha256=self.sha256,
        url=undocs_url(symbol, "ga_resolution", language) or "", source_format="akn",
        source_member=self.source_member)
    doc = Document(resolution, clauses, footnotes, refs, cit_rows)
    doc.diagnostics = list(fn_diag)
    if read_metadata is not None:
        metas = [m for m in unit.metas if m is not None]
        meta = read_metadata(metas, cover)
        doc.resolution = replace(
            resolution, adoption_type=meta.adoption_type, yes_count=meta.yes_count,
            no_count=meta.no_count, abstain_count=meta.abstain_count,
            plenary_record=meta.plenary_record, agenda_item=meta.agenda_item,
            draft_symbol=resolution.draft_symbol or meta.draft_symbol)
        doc.votes, doc.sponsors, doc.subjects = list(meta.votes), list(meta.sponsors), \
            list(meta.subjects)
        doc.diagnostics += [Diagnostic(self.path, line, msg) for line, msg in meta.diagnostics]
    doc.report = _report(self, st, unit, reader, annexes, clauses, footnotes, note_flats,
                         title_flat, note_flat, evidence, part, ignored_links, contradictions,
                         refs)
    return doc


def _annex(self: FileReader, doc, known: set[int]) -> BodyReader:
    t = self.t
    reader = BodyReader(t, known)
    for child in doc:
        tag = child.tag
        if tag == t.preamble:
            reader.preamble(child)
        elif tag == t.mainBody:
            reader.main_body(child)
        elif tag in (t.meta,) or not isinstance(tag, str):
            continue
        elif tag == t.attachments:
            for inner in child.iter(t.doc):
                for sub in inner:
                    if sub.tag == t.mainBody:
                        reader.main_body(sub)
                    elif sub.tag == t.preamble:
                        reader.preamble(sub)
        else:
            reader.main_body_child(child, ())
    return reader


def _find_title(preface, t: Tags):
    if preface is None:
        return None
    return next(preface.iter(t.docTitle), None)


_ROW_KIND = {"heading": "heading", "unnumbered": "unnumbered", "table": "unnumbered",
             "table_note": "unnumbered"}


def _clauses(items: list[Item], section: str, prefix: str, start: int = 0):
    clauses: list[Clause] = []
    flats: list[Flat] = []
    sections: dict[str, str] = {}
    for k, (item, cid, parent) in enumerate(assign_ids(items, section, prefix), start=start + 1):
        f = item.flat
        if section == "annex":
            sec = "annex"
        elif item.adopted:
            sec = "operative"   # a document the resolution adopts: its operative part
        elif parent is not None:
            sec = sections.get(parent, "operative")
        else:
            sec = "preamble" if item.final == "pp" else "operative"
        sections[cid] = sec
        level = 1 if parent is None else item.level
        clauses.append(Clause(cid, sec, level, parent, item.label, k, item.leading_phrase,
                              f.text, f.line_start, max(f.line_end, f.line_start),
                              _ROW_KIND.get(item.final, "paragraph"), f.line_starts))
        flats.append(f)
    return clauses, flats


def _committee(proponent, flat: Flat | None, language: str, t: Tags):
    if proponent is None:
        return None, None, None
    origin = next((el for el in proponent.iter(t.inline)
                   if el.get("name") == "originating document"), None)
    origin_text = _text(origin) if origin is not None else ""
    report = draft = None
    if origin_text:
        d = _DRAFT_SYMBOL.search(origin_text)
        r = _REPORT_SYMBOL.search(origin_text)
        if d:
            draft = d.group(0)
        elif r:
            report = r.group(0)
    refers = (proponent.get("refersTo") or "").lstrip("#")
    if refers.lower() == "nomaincommittee" or not flat or not flat.text \
            or _NO_COMMITTEE.search(flat.text):
        return None, report, draft
    return _committee_name(flat.text, language), report, draft


def _committee_name(note: str, language: str) -> str | None:
    """The committee's name as printed in the adoption note, and nothing else.

    "[on the report of the Special Political and Decolonization Committee
    (Fourth Committee) (A/77/397, para. 8)]" -> "Special Political and
    Decolonization Committee (Fourth Committee)": the text before the
    report's symbol, without the bracket, the words that introduce the name
    and the parenthesis that opens the symbol. (The "originating document"
    inline is no guide: some files put the committee's number inside it.)
    The language's own wording is tried first, then the others' (a few files
    carry another language's note). A parenthesis the note leaves open
    ("(Четвертый комитет A/77/398") is closed, so that the name reads the
    same as in the other notes.
    """
    symbol = _SYMBOL_START.search(note)
    if symbol:
        note = note[:symbol.start()]
    note = note.strip().lstrip("[［").rstrip("]］ ").rstrip(" (（")
    patterns = [_COMMITTEE[language]] if language in _COMMITTEE else []
    patterns += [rx for lang, rx in _COMMITTEE.items() if lang != language]
    name = note
    for rx in patterns:
        m = rx.search(note)
        if m:
            name = m.group(1)
            break
    name = name.strip()
    opened = name.count("(") - name.count(")")
    wide_opened = name.count("（") - name.count("）")
    if opened > 0:
        name += ")" * opened
    if wide_opened > 0:
        name += "）" * wide_opened
    return name or None


def _conclusions(self: FileReader, el, unit: Unit, t: Tags):
    adoption_date = meeting = None
    if el is not None:
        d = next(el.iter(t.docDate), None)
        if d is not None and d.get("date"):
            try:
                adoption_date = date.fromisoformat(d.get("date")[:10])
            except ValueError:
                self.warn(d.sourceline, f"conclusions docDate {d.get('date')!r} is not a date")
        for m in el.iter(t.inline, t.location):
            if m.tag == t.inline and m.get("name") != "adoptionMeeting":
                continue
            for source in (m.get("title") or "", _text(m)):
                digits = _DIGITS.search(source.translate(_ARABIC_INDIC))
                if digits:
                    meeting = int(digits.group(0))
                    break
            break
    frbr_dates = []
    for meta in unit.metas:
        v = _frbr_date(meta, t)
        if v:
            frbr_dates.append(v)
    if frbr_dates:
        try:
            frbr = date.fromisoformat(frbr_dates[0][:10])
        except ValueError:
            frbr = None
        if adoption_date is None and frbr is not None:
            adoption_date = frbr
            self.warn(el.sourceline if el is not None else None,
                      "no adoption date in the conclusions: the FRBR adoption date is used")
        elif frbr is not None and frbr != adoption_date:
            self.warn(el.sourceline if el is not None else None,
                      f"FRBR adoption date {frbr} differs from the conclusions' {adoption_date}; "
                      "the conclusions' date is used")
    if adoption_date is None:
        self.warn(None, "no adoption date in the conclusions or the FRBR work")
    return adoption_date, meeting


_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def _frbr_date(meta, t: Tags):
    if meta is None:
        return None
    work = _find_path(meta, t.identification, t.FRBRWork)
    if work is None:
        return None
    for d in work.iterchildren(t.FRBRdate):
        if d.get("name") == "adoption" and d.get("date"):
            return d.get("date")
    return None


def _footnotes(self: FileReader, st, clauses, flats, title_flat, note_flat, known, t):
    footnotes: list[Footnote] = []
    note_flats: list[Flat] = []
    refs: list[FootnoteRef] = []
    diagnostics: list[Diagnostic] = []
    numbers: set[int] = set()

    def add_note(el):
        n = note_marker(el)
        if n is None:
            diagnostics.append(Diagnostic(self.path, el.sourceline,
                                          f"footnote marker {el.get('marker')!r} is not a number: "
                                          "note skipped"))
            return None
        if n in numbers:
            diagnostics.append(Diagnostic(self.path, el.sourceline,
                                          f"footnote {n} defined twice in one part: the first is kept"))
            return None
        f = flatten(el, t, known_markers=None)
        m = ARABIC_NOTE_PREFIX.match(f.text)
        if m:
            f.set_aside.append(("note_parenthesis", f.text[:m.end()]))
            _shift(f, m.end())
        numbers.add(n)
        footnotes.append(Footnote(n, f.text, f.line_start, max(f.line_end, f.line_start),
                                  f.line_starts))
        note_flats.append(f)
        return n

    for flat in [x for x in (note_flat, title_flat) if x is not None]:
        for mark in flat.notes:
            if mark.kind == "note":
                add_note(mark.element)
    seen_refs: set[tuple[str, int, int]] = set()
    for clause, flat in zip(clauses, flats):
        for mark in flat.notes:
            if mark.kind == "note":
                n = add_note(mark.element)
                if n is None:
                    n = note_marker(mark.element)
                    if n is None:
                        continue
            else:
                n = int((mark.element.text or "").strip())
            if (clause.clause_id, n, mark.start) in seen_refs:
                # The same note referenced twice at one place (markup repeated): one marker.
                diagnostics.append(Diagnostic(self.path, mark.line, (
                    f"footnote {n} is referenced twice at the same place in "
                    f"{clause.clause_id}; one marker kept")))
                continue
            seen_refs.add((clause.clause_id, n, mark.start))
            refs.append(FootnoteRef(clause.clause_id, n, mark.start, mark.line))
    # Notes outside every row (in a num, a table cell skipped...): still footnotes.
    for el in st.iter(t.authorialNote):
        n = note_marker(el)
        if n is not None and n not in numbers and not _in_meta(el, t):
            add_note(el)
    order = sorted(range(len(footnotes)), key=lambda k: footnotes[k].number)
    return ([footnotes[k] for k in order], {footnotes[k].number: note_flats[k] for k in order},
            refs, diagnostics)


def _in_meta(el, t: Tags) -> bool:
    return any(a.tag == t.meta for a in el.iterancestors())


def _shift(f: Flat, n: int) -> None:
    f.text = f.text[n:]
    for m in f.marks:
        m.start = max(m.start - n, 0)
        m.end = max(m.end - n, 0)
    f.line_starts = tuple((max(o - n, 0), line) for o, line in f.line_starts)


def _citations(note_flat, title_flat, clauses, flats, footnotes, note_flats, language):
    rows: list[CitationRow] = []
    contradictions = []
    ignored = 0
    # Without a grammar for the language, only the links of a text can be cited.
    grammar = has_grammar(language)

    def add(location, clause_id, footnote_number, flat: Flat, previous):
        nonlocal ignored
        if not flat.marks and not (grammar and _HAS_DIGIT.search(flat.text)):
            return []       # no link, and no grammar or no digit for it: nothing to cite
        found = text_citations(flat.text, previous, language)
        merged, contra, ign = merge(flat.text, found, flat.links)
        contradictions.extend(contra)
        ignored += ign
        for r in merged:
            if not r.citation.raw.strip():
                ignored += 1  # a link around no text (its text moved into a note): no citation
                continue
            line = r.line or line_at(flat.line_starts, r.citation.start) or flat.line_start
            rows.append(CitationRow(f"c{len(rows) + 1}", location, clause_id, footnote_number,
                                    line, r.citation, r.evidence))
        return found

    if note_flat is not None and note_flat.text:
        add("header", None, None, note_flat, None)
    if title_flat is not None and title_flat.text:
        add("title", None, None, title_flat, None)
    for clause, flat in zip(clauses, flats):
        add("clause", clause.clause_id, None, flat, None)
    previous = None
    for f in footnotes:
        flat = note_flats.get(f.number)
        if flat is not None:
            previous = add("footnote", None, f.number, flat, previous)
    return rows, contradictions, ignored


# -- report --------------------------------------------------------------------------

def _chars(text: str) -> int:
    """Characters that count: no white space, no bidi marks or zero-width characters."""
    if not text:
        return 0
    if INVISIBLE.search(text):
        text = INVISIBLE.sub("", text)
    return sum(map(len, text.split()))


def _clean_chars(text: str) -> int:
    """_chars of a clean text, whose only white space is single spaces."""
    return len(text) - text.count(" ")


def _report(self, st, unit, reader, annexes, clauses, footnotes, note_flats, title_flat,
            note_flat, evidence, part, ignored_links, contradictions, refs) -> dict:
    """Identity summary and the lossless accounting of the part's text.

    Source: every non-space character of the coverPage, the preface(s), the
    preamble(s), mainBody(s), conclusions and annexes of this part (not
    <meta>; bidi marks and zero-width characters are not counted). Accounted:
    clause texts, footnote texts, the title and the adoption note (row
    fields), and the counted set-aside lists: labels and numbers, enacting
    formula, the rest of the cover page and preface, conclusions, Arabic
    parentheses of note markers, repeated note references.
    """
    t = self.t
    set_aside: dict[str, int] = {}

    def aside(kind: str, text: str, sign: int = 1) -> None:
        n = _chars(text)
        if n:
            set_aside[kind] = set_aside.get(kind, 0) + sign * n

    def aside_all(pairs) -> None:
        """Many (kind, text) pairs: one count per kind over the texts joined by a
        space (a space is not counted, so the sum is the same)."""
        texts: dict[str, list[str]] = {}
        for kind, text in pairs:
            texts.setdefault(kind, []).append(text)
        for kind, group in texts.items():
            aside(kind, " ".join(group))

    containers = []
    if unit.cover is not None:
        containers.append(unit.cover)
    if unit.collection_preface is not None:
        containers.append(unit.collection_preface)
    containers += [c for c in st if c.tag in (t.preface, t.preamble, t.mainBody, t.conclusions,
                                                t.attachments)]
    texts = {el: _text_without_meta(el, t) for el in containers}
    source = _chars(" ".join(texts.values()))
    # Cover page and preface: everything but the adoption note, the title and
    # the notes they hold (which are footnote rows).
    def notes_in(el) -> str:
        return "".join(text_of(n) for n in el.iter(t.authorialNote))

    if unit.cover is not None:
        aside("cover_page", texts[unit.cover])
        aside("cover_page", notes_in(unit.cover), -1)
        if note_flat is not None:
            aside("cover_page", note_flat.text, -1)
    for pref in (unit.collection_preface, first_child(st, t.preface)):
        if pref is not None:
            aside("preface_number", texts.get(pref) or _text_without_meta(pref, t))
            aside("preface_number", notes_in(pref), -1)
    if title_flat is not None:
        aside("preface_number", title_flat.text, -1)
    for child in st.iterchildren(t.conclusions):
        aside("conclusions", text_of(child))
    aside_all(pair for r in [reader] + annexes for pairs in (r.body.set_aside, r.body.skipped)
              for pair in pairs)
    aside_all(pair for fl in note_flats.values() for pair in fl.set_aside)
    rows = _clean_chars(" ".join(c.text for c in clauses))
    notes = _clean_chars(" ".join(f.text for f in footnotes))
    fields = (_clean_chars(title_flat.text) if title_flat is not None else 0) + \
        (_clean_chars(note_flat.text) if note_flat is not None else 0)
    accounted = rows + notes + fields + sum(set_aside.values())
    missing = source - accounted
    return {
        "identity": {
            "symbol": evidence["symbol"]["chosen"], "part": part,
            "language": evidence["language"]["chosen"],
            "conflicts": evidence["conflicts"], "layout": evidence["layout"],
        },
        "structure": _merge_counts([reader] + annexes),
        "origins": _origins([reader] + annexes),
        "annexes": len(annexes),
        "links_not_citations": ignored_links,
        # Every link whose target differs from the text's citation at its span
        # (the text's row is kept); kind "other" is also a diagnostic.
        "link_contradictions": [{"link": c.link_target, "text": c.text_target, "raw": c.raw,
                                 "line": c.line, "kind": c.kind} for c in contradictions],
        "footnote_refs": len(refs),
        "footnotes_without_ref": sorted({f.number for f in footnotes}
                                        - {r.footnote_number for r in refs}),
        "coverage": {
            "source_characters": source,
            "row_characters": rows,
            "footnote_characters": notes,
            "field_characters": fields,
            "set_aside": dict(sorted(set_aside.items())),
            "ratio": round(1 - abs(missing) / source, 6) if source else 1.0,
            "missing": missing,
        },
    }


def _merge_counts(readers) -> dict:
    out: dict[str, int] = {}
    for r in readers:
        for k, v in r.body.counts.items():
            out[k] = out.get(k, 0) + v
    return dict(sorted(out.items()))


def _origins(readers) -> dict:
    out: dict[str, int] = {}
    for r in readers:
        for item in r.body.items:
            if item.origin:
                out[item.origin] = out.get(item.origin, 0) + 1
    return dict(sorted(out.items()))


def _text_without_meta(el, t: Tags) -> str:
    """All text of `el`, leaving out any <meta> inside it (annex docs carry one)."""
    metas = list(el.iter(t.meta))
    text = text_of(el)
    for m in metas:
        inner = text_of(m)
        if inner:
            text = text.replace(inner, "", 1)
    return text
