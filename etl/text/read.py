"""Stage 1, read: bytes on disk to numbered lines of text.

Encodings are detected, not guessed: a byte-order mark decides UTF-8/16/32;
without one the text must decode strictly as UTF-8, or else as GB18030 (which
includes GBK and GB2312) and then look like Chinese text. Anything else is
rejected with a ParseError naming the file.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import ParseError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The longest resolutions (budgets, programmes of action) run to a few hundred
# kilobytes of text; a file far larger is not one resolution.
MAX_BYTES = 10 * 1024 * 1024
# Control characters a text file may contain; form feed is a page break in
# pdftotext output and is treated as white space.
_ALLOWED_CONTROLS = set("\t\n\r\f\v")


@dataclass(frozen=True)
class Source:
    """One input file, decoded."""

    path: str  # as given to the build, repo-relative where possible
    sha256: str
    encoding: str
    lines: tuple[str, ...]  # lines[0] is line 1; no line terminators

    def line(self, number: int) -> str:
        return self.lines[number - 1]


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise ParseError."""
    if not data:
        raise ParseError(path, None, "the file is empty; expected the text of a resolution")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding + "-bom"
            except UnicodeDecodeError as exc:
                raise ParseError(path, _line_of(data, exc.start),
                                 f"invalid {encoding} after its byte-order mark") from None
    if b"\x00" in data:
        raise ParseError(path, _line_of(data, data.index(b"\x00")),
                         "binary data (NUL byte) without a UTF-16/32 byte-order mark; "
                         "expected a text file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise ParseError(path, _line_of(data, utf8_error.start),
                             "not UTF-8, UTF-16, UTF-32 or GB18030 text") from None
        if not _looks_chinese(text):
            raise ParseError(path, _line_of(data, utf8_error.start),
                             "invalid UTF-8, and as GB18030 it is not Chinese text")
        return text, "gb18030"


def _looks_chinese(text: str) -> bool:
    """GB18030 decodes almost any byte string (Latin-1 "é" followed by a letter
    is a valid pair); accept it only for text that is mostly Chinese."""
    visible = [ch for ch in text if not ch.isspace()]
    ideographs = sum(1 for ch in visible if "\u4e00" <= ch <= "\u9fff")
    odd = sum(1 for ch in text if _is_unexpected(ch))
    return ideographs >= 10 and ideographs >= 0.2 * len(visible) and odd == 0


def _is_unexpected(ch: str) -> bool:
    if ch in _ALLOWED_CONTROLS:
        return False
    category = unicodedata.category(ch)
    return category in ("Cc", "Co", "Cs", "Cn")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def split_lines(text: str) -> tuple[str, ...]:
    """Split on LF, CRLF or CR; a final terminator does not open an empty line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    return tuple(text.split("\n"))


def read_source(path: Path, display_path: str | None = None) -> Source:
    shown = display_path or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ParseError(shown, None, f"the file is {size / 2**20:.1f} MiB; expected the text "
                             f"of one resolution, at most {MAX_BYTES // 2**20} MiB")
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(shown, None, f"cannot read the file: {exc.strerror}") from None
    return source_from_bytes(data, shown)


# Control characters other than tab and page breaks, surrogates, private use.
_UNEXPECTED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")


def source_from_bytes(data: bytes, path: str) -> Source:
    text, encoding = decode(data, path)
    bad = _UNEXPECTED.search(text)
    if bad is not None:
        raise ParseError(path, text.count("\n", 0, bad.start()) + 1,
                         f"control character U+{ord(bad.group()):04X} in the text; "
                         "expected plain text")
    return Source(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        lines=split_lines(text),
    )
