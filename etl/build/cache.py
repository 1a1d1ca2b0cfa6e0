"""The parse cache: each source's tables by (parser version, source path, bytes),
and the index of every cached source's summary."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import shutil
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa

from .. import schema
from ..write import arrow_table
from .results import ItemResult

DEFAULT_CACHE = schema.ROOT / ".cache" / "parse"


def write_spill(path: Path, tables: list) -> None:
    """A source's tables, one Arrow IPC stream per table (its documents' rows one
    after another) and each document's row range: cheap to read back, unlike
    pickled tables, whose schemas are rebuilt object by object."""
    streams, ranges = {}, {}
    for name in schema.DOCUMENT_TABLES:
        pieces = [doc[name] for doc in tables]
        data = pa.concat_tables(pieces) if pieces else arrow_table([], name)
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, data.schema) as writer:
            writer.write_table(data)
        streams[name] = sink.getvalue().to_pybytes()
        starts = [0]
        for piece in pieces:
            starts.append(starts[-1] + piece.num_rows)
        ranges[name] = starts
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with open(tmp, "wb") as fh:
        pickle.dump((streams, ranges), fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


class DamagedCache(Exception):
    """A parse-cache file that cannot be read back."""


def read_spill(path: Path) -> list[dict[str, pa.Table]]:
    """Each document's tables, as `write_spill` kept them."""
    try:
        with open(path, "rb") as fh:
            streams, ranges = pickle.load(fh)
        whole = {name: pa.ipc.open_stream(data).read_all() for name, data in streams.items()}
    except (OSError, EOFError, ValueError, pickle.PickleError, pa.ArrowException) as exc:
        path.unlink(missing_ok=True)  # the next build parses that source again
        raise DamagedCache(f"{path}: damaged parse-cache file ({exc}); it was removed, "
                           "build again (or with --no-cache)") from None
    count = len(next(iter(ranges.values()))) - 1
    return [{name: whole[name].slice(ranges[name][i], ranges[name][i + 1] - ranges[name][i])
             for name in whole} for i in range(count)]


# Starting worker processes costs about a second: not worth it for a few sources.


def parser_version() -> str:
    """Changes whenever the code, its data files, the schemas or the libraries that
    read and write the data change."""
    import sys
    from lxml import etree
    from importlib.metadata import version
    # The libraries whose data or reading the rows depend on: country codes, and
    # PyMuPDF, through which the PDF front end reads.
    data = "|".join(version(name) for name in ("pycountry", "country-converter", "pymupdf"))
    digest = hashlib.sha256(f"{pa.__version__}|{etree.LXML_VERSION}|{sys.version_info[:2]}|{data}"
                            .encode())
    # Not the corpus stages (etl/lineage), which run after parsing and key their
    # own cache (nor their tables' schemas): changing them reads no source again.
    files = [p for p in (schema.ROOT / "etl").rglob("*") if p.is_file()
             and "__pycache__" not in p.parts and p.suffix in (".py", ".txt", ".csv")
             and p.relative_to(schema.ROOT / "etl").parts[0] != "lineage"]
    schemas = [p for p in schema.SCHEMA_DIR.glob("*.json") if p.stem not in schema.CORPUS_TABLES]
    for path in sorted([*files, *schemas]):
        digest.update(path.relative_to(schema.ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class Memo(dict):
    """The entries a build asked for (`get`) or made, over those kept before."""

    def __init__(self, known: dict):
        super().__init__()
        self.known = known

    def get(self, key, default=None):
        if key not in self and key in self.known:
            self[key] = self.known[key]
        return super().get(key, default)


@contextmanager
def _no_collection():
    """Without the cyclic garbage collector: reading the index makes a million
    objects, none of them garbage, and each collection on the way would look
    through all those made so far (three times slower in all)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class ParseCache:
    """Results and tables by (parser version, source path, bytes).

    The index (one file) holds every cached source's summary; each source's
    tables are a file of their own, read only when its session part is written.
    """

    def __init__(self, directory: Path | None, version: str):
        self.directory = directory / version if directory else None
        self.index: dict[str, ItemResult] = {}
        if self.directory is not None:
            try:
                with open(self.directory / "index.pickle", "rb") as fh, _no_collection():
                    self.index = pickle.load(fh)
            except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
                self.index = {}

    def tables_path(self, key: str, spill: Path) -> str:
        # A string, not a Path: it is asked for every source of every build.
        base = self.directory / "tables" if self.directory is not None else spill
        return f"{base}/{key[:2]}/{key}.pickle"

    def holds(self, key: str, spill: Path) -> bool:
        """Whether the cache has this source's result (and its tables, if it was read)."""
        result = self.index.get(key)
        return result is not None and (result.status != "ok"
                                       or os.path.exists(self.tables_path(key, spill)))

    def memo(self, name: str) -> "Memo":
        """A memo the corpus stage keeps across builds of this parser (outcomes
        by what they were computed from); empty when there is none."""
        known = {}
        if self.directory is not None:
            try:
                with open(self.directory / f"{name}.pickle", "rb") as fh, _no_collection():
                    known = pickle.load(fh)
            except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
                known = {}
        return Memo(known)

    def save_memo(self, name: str, memo: "Memo") -> None:
        """Keep the entries this build used or made (the others are outcomes of
        sources that are gone), when they are not the ones read."""
        if self.directory is None or dict(memo) == memo.known:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = self.directory / f"{name}.pickle.tmp{os.getpid()}"
        with open(tmp, "wb") as fh:
            pickle.dump(dict(memo), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.directory / f"{name}.pickle")

    def save(self, results: list[ItemResult]) -> None:
        if self.directory is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        for other in self.directory.parent.iterdir():  # results of older parsers
            if other != self.directory and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
        index = {r.key: r for r in results if r.status == "ok" or r.cacheable}
        tmp = self.directory / f"index.pickle.tmp{os.getpid()}"
        with open(tmp, "wb") as fh, _no_collection():
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.directory / "index.pickle")




def _checked_file(cache_dir: Path) -> Path:
    return cache_dir / "metadata_checked.json"


def checked_metadata(cache_dir: Path | None, version: str) -> set[str]:
    """SHA-256 of the session metadata files that this parser read without fault."""
    if cache_dir is None:
        return set()
    try:
        state = json.loads(_checked_file(cache_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return set(state.get("sha256", [])) if state.get("parser") == version else set()


def remember_checked_metadata(cache_dir: Path | None, version: str, shas: set[str]) -> None:
    if cache_dir is None:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = _checked_file(cache_dir)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps({"parser": version, "sha256": sorted(shas)}), encoding="utf-8")
    os.replace(tmp, path)
