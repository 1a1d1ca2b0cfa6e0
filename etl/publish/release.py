"""The release archive: dist/unga-resolutions-<version>.zip.

One folder, `unga-resolutions-<version>/`, holding:

    datapackage.json     the descriptor, paths relative to the folder
    schemas/*.json       the table schemas the descriptor points to
    csv/<table>/<part>.csv, parquet/<table>/<part>.parquet   the tables, one file per session
    build_report.json    (and MANIFEST.json when the build wrote one)
    README.md            the dataset card, with how to load the files
    figures/*.svg        the card's figures
    LICENSE, LICENSE-DATA.md, CITATION.cff, CHANGELOG.md
    SHA256SUMS           `sha256sum -c SHA256SUMS` checks every other file

The archive is byte-identical when built twice from the same package (and
the same LICENSE, CITATION.cff, CHANGELOG.md and docs/loading.md):
members in sorted order, a fixed timestamp (1980-01-01, the earliest a zip
can hold), fixed permissions (0644), no extra fields, and nothing in any
member that depends on the time, the machine or the working directory.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from .. import package, schema
from . import card, tables, version

NAME = "unga-resolutions"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644               # regular file, rw-r--r--
REPO_FILES = ("LICENSE", "LICENSE-DATA.md", "CITATION.cff", "CHANGELOG.md")
# Parquet is already compressed: deflating it again costs time for nothing.
_STORED_SUFFIXES = (".parquet",)


@dataclass(frozen=True)
class Release:
    path: Path           # the archive written
    version: str
    members: int         # files in the archive
    bytes: int           # size of the archive


def archive_name(release: str) -> str:
    return f"{NAME}-{release}"


WHOLE = "all"  # the part name of a table that is not split by session


def empty_table_bytes(table: str, fmt: str) -> bytes:
    """A header-only CSV or a zero-row Parquet file, for a table without rows
    (a resource needs a file even when there is nothing in it)."""
    sink = io.BytesIO()
    empty = schema.arrow_schema(table).empty_table()
    if fmt == "csv":
        pcsv.write_csv(empty, sink)
    else:
        pq.write_table(empty, sink)
    return sink.getvalue()


def data_members(output: Path) -> dict[str, Path | bytes]:
    """The table files of the package, by their path inside the release."""
    members: dict[str, Path | bytes] = {}
    for fmt in ("csv", "parquet"):
        for table in schema.TABLES:
            for path in tables.table_files(output, table, fmt):
                members[member_path(output, path, table, fmt)] = path
            if not any(name.startswith(f"{fmt}/{table}/") for name in members):
                members[f"{fmt}/{table}/{WHOLE}.{fmt}"] = empty_table_bytes(table, fmt)
    return members


def member_path(output: Path, path: Path, table: str, fmt: str) -> str:
    """Where a table file goes in the release: always `<fmt>/<table>/<part>.<fmt>`,
    so that one way of loading fits every release; a table written as one file
    becomes the single part `all`."""
    relative = path.relative_to(output).as_posix()
    if relative == f"{fmt}/{table}.{fmt}":
        return f"{fmt}/{table}/{WHOLE}.{fmt}"
    return relative


def parts_of(members: dict) -> list[str]:
    """The session parts of the release (those of the first table)."""
    prefix = f"parquet/{schema.TABLES[0]}/"
    return sorted(Path(name).stem for name in members if name.startswith(prefix))


def descriptor(release: str, members: dict) -> dict:
    """The release's datapackage.json: the package's descriptor for these parts,
    paths relative to the release folder, with this release's version."""
    files = {name: {"bytes": len(content) if isinstance(content, bytes) else content.stat().st_size,
                    "sha256": _sha256(content)}
             for name, content in members.items() if name.startswith("parquet/")}
    desc = package.descriptor(parts_of(members), output_prefix="", files=files)
    desc["version"] = release
    for resource in desc["resources"]:
        paths = resource["path"] if isinstance(resource["path"], list) else [resource["path"]]
        missing = [p for p in paths if p not in members]
        if missing:
            raise tables.PackageError(f"the package has no file {missing[0]} for resource "
                                      f"{resource['name']}; rebuild it")
    return desc


def checksums(members: dict[str, bytes | Path]) -> bytes:
    """SHA256SUMS in the format of `sha256sum`, sorted by path."""
    lines = []
    for name in sorted(members):
        lines.append(f"{_sha256(members[name])}  {name}\n")
    return "".join(lines).encode("utf-8")


def _sha256(content: bytes | Path) -> str:
    if isinstance(content, bytes):
        return hashlib.sha256(content).hexdigest()
    digest = hashlib.sha256()
    with open(content, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def citation_for(release: str, text: str) -> str:
    """CITATION.cff with this release's version."""
    return re.sub(r"(?m)^version: .*$", f'version: "{release}"', text)


def members_of(output: Path, root: Path = schema.ROOT) -> tuple[str, dict[str, bytes | Path]]:
    """The release's version and every member (path inside the release folder ->
    file or bytes), SHA256SUMS included."""
    output = Path(output)
    tables.check_package(output)
    release = version.package_version(output)
    members: dict[str, bytes | Path] = data_members(output)
    for extra in (tables.REPORT_NAME, "MANIFEST.json"):
        if (output / extra).is_file():
            members[extra] = output / extra
    for table in schema.TABLES:
        members[f"schemas/{table}.json"] = schema.SCHEMA_DIR / f"{table}.json"
    members["datapackage.json"] = package.render(descriptor(release, members)).encode("utf-8")
    summary = card.summarize(output)
    for name, svg in card.figures(summary).items():
        members[f"figures/{name}"] = svg
    members["README.md"] = card.release_readme(summary, release, figures_dir="figures").encode()
    for name in REPO_FILES:
        path = root / name
        if not path.is_file():
            raise tables.PackageError(f"{path}: missing; a release carries it")
        text = path.read_text(encoding="utf-8")
        if name == "CITATION.cff":
            text = citation_for(release, text)
        members[name] = text.encode("utf-8")
    members["SHA256SUMS"] = checksums(members)
    return release, members


def write_zip(path: Path, folder: str, members: dict[str, bytes | Path]) -> None:
    """A deterministic zip of `members` under `folder/`, written atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as archive:
            for name in sorted(members):
                info = zipfile.ZipInfo(f"{folder}/{name}", FIXED_TIME)
                info.create_system = 3          # Unix: the mode bits below are read
                info.external_attr = FILE_MODE << 16
                stored = name.endswith(_STORED_SUFFIXES)
                info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                content = members[name]
                with archive.open(info, "w") as sink:
                    if isinstance(content, bytes):
                        sink.write(content)
                    else:
                        with open(content, "rb") as source:
                            for chunk in iter(lambda: source.read(1 << 20), b""):
                                sink.write(chunk)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def build_release(output: Path, dist: Path, root: Path = schema.ROOT) -> Release:
    """Write dist/unga-resolutions-<version>.zip from the package in `output`."""
    release, members = members_of(output, root)
    folder = archive_name(release)
    path = Path(dist) / f"{folder}.zip"
    write_zip(path, folder, members)
    return Release(path, release, len(members), path.stat().st_size)


