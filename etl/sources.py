"""Stage 0, sources: what the build reads, found at any depth of a folder.

    *.txt            a text extracted from an official PDF     -> etl.text
    *.xml            an Akoma Ntoso (AKN4UN) XML file           -> etl.akn
    *.pdf            an official PDF                            -> etl.pdf
    *.zip            an archive of such files, read in place (never unpacked to disk)
    *.json           session metadata (one JSON object per line) -> cross-checks
Anything else (README, SHA256SUMS, hidden files) is not an input; it is listed
in the build report as ignored. Which front end reads a file is decided by
its content (a PDF starts with "%PDF-", XML with "<"), its extension only says it is
an input.

Archives are untrusted input: a member is refused when it is larger than
MAX_MEMBER_BYTES uncompressed, when it claims a compression ratio above
MAX_RATIO (a zip bomb), when it is encrypted, or when it is itself an archive;
an archive with more than MAX_MEMBERS members, or that cannot be read (corrupt,
truncated), is refused whole. Refusals are reported with the archive and the
member; the other inputs still build.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections import Counter
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ParseError

INPUT_SUFFIXES = {".txt": "text", ".xml": "xml", ".pdf": "pdf"}
MAX_MEMBER_BYTES = 64 * 1024 * 1024   # the largest resolution XML is about 2 MB, PDF 1 MB
MAX_RATIO = 200                       # XML deflates about 5:1, PDF barely; a bomb, thousands
MAX_MEMBERS = 100_000
_CHUNK = 1 << 20


@dataclass(frozen=True)
class SourceItem:
    """One input document: a plain file, or a member of an archive."""

    path: str                 # repository-relative (or relative to the sources' parent)
    member: str | None = None  # the member's name inside the archive at `path`
    kind: str = "text"        # text | xml | pdf (by extension; the content decides the front end)
    size: int = 0             # uncompressed bytes
    crc: int = 0              # a member's CRC-32, as its archive's directory records it

    @property
    def shown(self) -> str:
        """How messages name it: `archive.zip!member` for a member."""
        return f"{self.path}!{self.member}" if self.member else self.path


@dataclass
class Archive:
    """An archive and what it holds."""

    path: str
    file: Path
    items: list[SourceItem] = field(default_factory=list)
    refused: list[ParseError] = field(default_factory=list)   # members (or the whole archive)
    ignored: list[str] = field(default_factory=list)           # members that are not inputs


@dataclass
class Inventory:
    files: list[tuple[SourceItem, Path]]   # plain inputs and where they are on disk
    archives: list[Archive]
    metadata: list[tuple[str, Path]]       # session metadata files (shown path, disk path)
    ignored: list[str]                     # files that are not inputs


def display_path(path: Path, sources: Path, root: Path) -> str:
    """Repository-relative path when the file is in the repository, else
    relative to the sources folder's parent: never dependent on the cwd."""
    path = path.resolve()
    for base in (root, sources.resolve().parent):
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.name


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def discover(sources: Path, root: Path) -> Inventory:
    """Every input under `sources`, in a stable order (by path, then member)."""
    if not sources.is_dir():
        raise FileNotFoundError(f"{sources}: not a directory of sources")
    inventory = Inventory([], [], [], [])
    for path in sorted((p for p in sources.rglob("*") if p.is_file()),
                       key=lambda p: p.relative_to(sources).as_posix()):
        shown = display_path(path, sources, root)
        if any(part.startswith(".") for part in path.relative_to(sources).parts):
            continue  # hidden: editor files, caches
        suffix = path.suffix.lower()
        if suffix in INPUT_SUFFIXES:
            inventory.files.append((SourceItem(shown, None, INPUT_SUFFIXES[suffix],
                                               path.stat().st_size), path))
        elif suffix == ".zip":
            inventory.archives.append(open_archive(path, shown))
        elif suffix == ".json":
            inventory.metadata.append((shown, path))
        else:
            inventory.ignored.append(shown)
    return inventory


def open_archive(path: Path, shown: str) -> Archive:
    """List an archive's input members, refusing what is unsafe."""
    archive = Archive(shown, path)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        archive.refused.append(ParseError(shown, None, f"not a readable zip archive ({exc}); "
                                          "expected a zip of XML, PDF or text files"))
        return archive
    if len(infos) > MAX_MEMBERS:
        archive.refused.append(ParseError(shown, None, f"{len(infos)} members; at most "
                                          f"{MAX_MEMBERS} are accepted"))
        return archive
    names = Counter(info.filename for info in infos)
    for info in sorted(infos, key=lambda i: i.filename):
        if info.is_dir():
            continue
        name = info.filename
        if any(part.startswith(".") for part in name.split("/")) or name.startswith("__MACOSX/"):
            archive.ignored.append(name)
            continue
        suffix = Path(name).suffix.lower()
        problem = _member_problem(info)
        if suffix == ".zip":
            problem = "an archive inside an archive; expected XML, PDF or text members"
        if names[name] > 1:
            problem = (f"{names[name]} members with this name; expected one (which one is "
                       "meant cannot be told)")
        if problem:
            archive.refused.append(ParseError(f"{shown}!{name}", None, problem))
        elif suffix in INPUT_SUFFIXES:
            archive.items.append(SourceItem(shown, name, INPUT_SUFFIXES[suffix], info.file_size,
                                            info.CRC))
        else:
            archive.ignored.append(name)
    return archive


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    if info.flag_bits & 0x1:
        return "encrypted member; expected plain XML, PDF or text"
    if info.file_size > MAX_MEMBER_BYTES:
        return (f"{info.file_size / 2**20:.0f} MiB uncompressed; a resolution is at most "
                f"{MAX_MEMBER_BYTES // 2**20} MiB")
    if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return (f"compression ratio {info.file_size // max(info.compress_size, 1)}:1 "
                f"(at most {MAX_RATIO}:1 is accepted): a zip bomb?")
    return None


def read_member(zf: zipfile.ZipFile, item: SourceItem) -> bytes:
    """A member's bytes, reading no more than it declared (a lying header is refused)."""
    try:
        with zf.open(item.member) as fh:
            data = fh.read(item.size + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError,
            NotImplementedError) as exc:
        raise ParseError(item.shown, None, f"cannot read the archive member ({exc}); "
                         "the archive is corrupt or truncated") from None
    if len(data) > item.size:
        raise ParseError(item.shown, None, "the member holds more bytes than its header "
                         "declares; refused")
    return data


def read_file(path: Path, item: SourceItem) -> bytes:
    if item.size > MAX_MEMBER_BYTES:
        raise ParseError(item.shown, None, f"the file is {item.size / 2**20:.0f} MiB; a "
                         f"resolution is at most {MAX_MEMBER_BYTES // 2**20} MiB")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ParseError(item.shown, None, f"cannot read the file: {exc.strerror}") from None
