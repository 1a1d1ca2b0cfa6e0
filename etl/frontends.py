"""Which front end reads a source: decided by its content, not its name.

A PDF (it starts with "%PDF-") goes to etl.pdf, XML (the first non-blank
character is "<") to etl.akn, anything else to etl.text. All return
etl.records.Document records; nothing after this point knows which front end
made them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .errors import Diagnostic, ParseError
from .pdf.spans import looks_like_pdf
from .records import Document
from .sources import SourceItem

_XML_START = (b"<", b"\xef\xbb\xbf<")


@dataclass
class Read:
    documents: list[Document]
    identity: dict | None = None          # the XML front end's identity evidence
    diagnostics: list[Diagnostic] = field(default_factory=list)


def looks_like_xml(data: bytes) -> bool:
    return data.lstrip(b" \t\r\n").startswith(_XML_START)


def read_documents(data: bytes, item: SourceItem, sha256: str) -> Read:
    """The documents one source holds; raises ParseError for unusable input."""
    if looks_like_pdf(data) or item.kind == "pdf":
        from .pdf import read_pdf
        result = read_pdf(data, item.path, item.member, sha256)
        return Read(result.documents, None, list(result.diagnostics))
    if looks_like_xml(data):
        from .akn.reader import read_akn
        result = read_akn(data, item.path, item.member, sha256)
        return Read(result.documents, result.identity, list(result.diagnostics))
    if item.kind == "xml":
        raise ParseError(item.shown, 1, "expected an XML document starting with '<'")
    from .text.parse import parse_source
    from .text.read import MAX_BYTES, source_from_bytes
    if len(data) > MAX_BYTES:
        raise ParseError(item.shown, None, f"the file is {len(data) / 2**20:.1f} MiB; expected "
                         f"the text of one resolution, at most {MAX_BYTES // 2**20} MiB")
    parsed = parse_source(source_from_bytes(data, item.shown))
    document = parsed.document()
    document.resolution = replace(document.resolution, source_file=item.path,
                                  source_member=item.member)
    return Read([document])
