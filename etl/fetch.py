"""Fetch a session's sources from the UN's public repositories into `sources/`.

`python -m etl fetch --session N` fetches the session's Akoma Ntoso XML and
its metadata file from the public GitHub repository UNxml/GAresolutions, in
the layout the build reads:

    repository                                    sources/
    <N>session/<Language>/<file>.xml         ->   akn/<N>session-<Language>.zip
                                                  (members <Language>/<file>.xml)
    <N>session/<name>_<Language>.zip         ->   akn/<N>session-<Language>.zip (unchanged)
    data_extract/<N>.json                    ->   metadata/<N>.json (unchanged)

and a `SHA256SUMS` line for every file written. Two URL layouts are used,
both configurable (`FetchConfig`), so that a mirror or a local server can
stand in for GitHub:

    listing   {api_base}/{path}[?ref={ref}]  GitHub's contents API: a JSON array of
              entries {"name", "path", "type": "file" | "dir", "size", "sha"}
              (sha: the git blob SHA-1, checked against every file fetched;
              the API lists at most 1,000 entries of a folder)
    file      {raw_base}/{ref}/{path}        the file's bytes (raw.githubusercontent.com)

`ref` is a branch, tag or commit; the default, HEAD, is the repository's
default branch (the listing then names no ref). A commit makes a fetch
repeatable.

`--pdf --lang en,zh,...` fetches the official PDFs of the session's
resolutions from the UN's Official Document System instead, by symbol,
number after number:

    pdf       {pdf_base}?s=A/RES/{N}/{K}&l={lang}&t=pdf   (documents.un.org/api/symbol/access)
    ->        pdf/<N>/A_RES_<N>_<K>.pdf        (English)
              pdf/<N>/A_RES_<N>_<K>.<lang>.pdf (the other languages)

from resolution 1 until `stop_after` numbers in a row (10 by default) are
missing (404, or a body that is not a PDF), counting numbers already on disk
as present.

What the fetcher guarantees:
* Nothing is overwritten without `force`: an archive, metadata file or PDF
  already in `sources/` is left as it is and reported.
* Resumable: files are fetched into `sources/.fetch/` (a hidden folder the
  build does not read); a complete file is kept and not fetched again, a
  partial one is continued with an HTTP range request where the server
  honours it, and fetched again from the start where it does not. An archive
  is written (atomically) only when every member is there.
* Polite: one request at a time, a pause between requests (`delay`), a
  User-Agent naming the project, retries with exponential backoff on
  timeouts, dropped connections, 429 and 5xx, and the wait a 429 or 503 asks
  for in Retry-After (refusing to wait longer than `max_wait`).
* Hostile responses are refused, and nothing of them is written: a body
  larger than the limit (by Content-Length or as it arrives), a listing that
  is not a contents listing or names a path outside the folder, a file whose
  size or SHA-1 differs from the listing's, an XML file that is not XML (or
  is HTML, or declares a DTD or entities), a metadata file that is not one
  JSON object per line, a PDF that does not start with %PDF- and end with
  %%EOF, an archive that is not a zip.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import json
import os
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .package import VERSION

LANGUAGES = {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian",
             "es": "Spanish", "de": "German"}
STAGING = ".fetch"
MiB = 1 << 20
_RETRY_STATUS = {429, 500, 502, 503, 504}
_CHUNK = 1 << 16
# A zip's members carry this timestamp: the same archive whenever it is made.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.,()+\-]*$")


@dataclass(frozen=True)
class FetchConfig:
    api_base: str = "https://api.github.com/repos/UNxml/GAresolutions/contents"
    raw_base: str = "https://raw.githubusercontent.com/UNxml/GAresolutions"
    ref: str = "HEAD"
    pdf_base: str = "https://documents.un.org/api/symbol/access"
    user_agent: str = (f"unga-resolutions-etl/{VERSION} (open-data package of UN General "
                       "Assembly resolutions; one request at a time)")
    delay: float = 1.0            # seconds between two requests
    retries: int = 5              # further tries after a failed one
    backoff: float = 2.0          # first wait after a failure; doubled at each retry
    max_wait: float = 600.0       # longest Retry-After honoured, in seconds
    timeout: float = 60.0
    stop_after: int = 10          # PDFs: missing numbers in a row that end the session
    max_listing: int = 16 * MiB
    max_xml: int = 64 * MiB       # the build's limit for an archive member
    max_zip: int = 512 * MiB
    max_metadata: int = 64 * MiB
    max_pdf: int = 64 * MiB


class FetchError(Exception):
    """A request that failed for good, or a response that was refused."""


class NotFound(FetchError):
    """404: the server has no such document."""


class NotPdf(FetchError):
    """A body that is not a PDF where a PDF was asked for (a page saying there is none)."""


@dataclass
class FetchReport:
    written: list[str] = field(default_factory=list)     # files written under sources/
    skipped: list[str] = field(default_factory=list)     # already there (no --force)
    refused: list[str] = field(default_factory=list)     # what was refused, and why
    missing: list[str] = field(default_factory=list)     # PDFs: numbers the server does not have
    notes: list[str] = field(default_factory=list)
    requests: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.refused)


# ------------------------------------------------------------------ HTTP

class Client:
    """Sequential HTTP GETs with a pause between them, retries and size limits."""

    def __init__(self, config: FetchConfig, sleep: Callable[[float], None] = time.sleep,
                 log: Callable[[str], None] = lambda message: None):
        self.config = config
        self.sleep = sleep
        self.log = log
        self.requests = 0
        self._last: float | None = None

    def _pause(self) -> None:
        if self._last is not None:
            wait = self.config.delay - (time.monotonic() - self._last)
            if wait > 0:
                self.sleep(wait)

    def _retry_after(self, error: urllib.error.HTTPError) -> float | None:
        value = (error.headers.get("Retry-After") or "").strip()
        if not value:
            return None
        if value.isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())

    def _open(self, url: str, headers: dict[str, str]):
        """A response, after retries; NotFound on 404, FetchError when it gives up."""
        attempt = 0
        while True:
            self._pause()
            request = urllib.request.Request(url, headers={"User-Agent": self.config.user_agent,
                                                           **headers})
            self.requests += 1
            try:
                response = urllib.request.urlopen(request, timeout=self.config.timeout)
                self._last = time.monotonic()
                return response
            except urllib.error.HTTPError as error:
                self._last = time.monotonic()
                if error.code == 404:
                    error.close()
                    raise NotFound(f"{url}: 404 not found") from None
                if error.code == 416:
                    error.close()
                    raise
                if error.code not in _RETRY_STATUS or attempt >= self.config.retries:
                    error.close()
                    raise FetchError(f"{url}: HTTP {error.code} {error.reason}") from None
                wait = self._retry_after(error)
                error.close()
                if wait is not None and wait > self.config.max_wait:
                    raise FetchError(f"{url}: HTTP {error.code}; the server asks to wait "
                                     f"{wait:.0f} s (Retry-After), more than {self.config.max_wait:.0f} s: "
                                     "try again later") from None
                if wait is None:
                    wait = self.config.backoff * 2 ** attempt
                self.log(f"{url}: HTTP {error.code}; retrying in {wait:.1f} s")
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
                self._last = time.monotonic()
                if attempt >= self.config.retries:
                    raise FetchError(f"{url}: {getattr(error, 'reason', error)}") from None
                wait = self.config.backoff * 2 ** attempt
                self.log(f"{url}: {getattr(error, 'reason', error)}; retrying in {wait:.1f} s")
            attempt += 1
            self.sleep(wait)

    @staticmethod
    def _declared(response, limit: int, url: str) -> int | None:
        length = response.headers.get("Content-Length")
        if length is not None and length.strip().isdigit() and int(length) > limit:
            response.close()
            raise FetchError(f"{url}: refused, the server announces {int(length):,} bytes, "
                             f"more than the limit of {limit:,}")
        return int(length) if length and length.strip().isdigit() else None

    def _lost(self, url: str, attempt: int, error: Exception, kept: str) -> None:
        """Give up, or wait before trying again, after a connection lost while reading."""
        if attempt >= self.config.retries:
            raise FetchError(f"{url}: the connection was lost while reading ({error!r}){kept}") from None
        wait = self.config.backoff * 2 ** attempt
        self.log(f"{url}: lost while reading ({error!r}); again in {wait:.1f} s")
        self.sleep(wait)

    def get(self, url: str, limit: int) -> bytes:
        """The whole body, at most `limit` bytes."""
        attempt = 0
        while True:
            try:
                return self._get_once(url, limit)
            except (OSError, http.client.HTTPException) as error:
                self._lost(url, attempt, error, "")
                attempt += 1

    def _get_once(self, url: str, limit: int) -> bytes:
        with self._open(url, {}) as response:
            declared = self._declared(response, limit, url)
            body = bytearray()
            while chunk := response.read(_CHUNK):
                body += chunk
                if len(body) > limit:
                    raise FetchError(f"{url}: refused, the body exceeds the limit of {limit:,} bytes")
        if declared is not None and len(body) < declared:
            raise http.client.IncompleteRead(bytes(body), declared - len(body))
        return bytes(body)

    def download(self, url: str, part: Path, limit: int) -> None:
        """The body into `part`, continuing what is already there when the server
        honours a range request (206 from the right offset), else from the start.
        A connection lost while reading is retried the same way; what arrived
        stays in `part` for the next try (or the next run)."""
        attempt = 0
        while True:
            try:
                self._download_once(url, part, limit)
                return
            except (OSError, http.client.HTTPException) as error:  # lost while reading
                kept = part.stat().st_size if part.exists() else 0
                self._lost(url, attempt, error, f"; {kept:,} bytes kept to continue next time")
                attempt += 1

    def _download_once(self, url: str, part: Path, limit: int) -> None:
        have = part.stat().st_size if part.exists() else 0
        headers = {"Range": f"bytes={have}-"} if have else {}
        try:
            response = self._open(url, headers)
        except urllib.error.HTTPError:   # 416: the range is wrong; start again
            part.unlink(missing_ok=True)
            have, response = 0, self._open(url, {})
        with response:
            resumed = bool(have) and response.status == 206 and \
                (response.headers.get("Content-Range") or "").startswith(f"bytes {have}-")
            if not resumed:
                have = 0
            declared = self._declared(response, limit - have, url)
            part.parent.mkdir(parents=True, exist_ok=True)
            size = have
            with open(part, "ab" if resumed else "wb") as out:
                while chunk := response.read(_CHUNK):
                    size += len(chunk)
                    if size > limit:
                        out.close()
                        part.unlink(missing_ok=True)
                        raise FetchError(f"{url}: refused, the body exceeds the limit of "
                                         f"{limit:,} bytes")
                    out.write(chunk)
                    out.flush()
        # http.client does not say when a body ends before its Content-Length
        if declared is not None and size - have < declared:
            raise http.client.IncompleteRead(b"", declared - (size - have))


# ------------------------------------------------------------------ checks

def git_blob_sha(data: bytes) -> str:
    """The SHA-1 git gives a file's content (the contents API's `sha`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def check_xml(data: bytes, name: str) -> None:
    """Refuse a body that is not an XML document (an HTML page, JSON, a DTD)."""
    text = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not data:
        return  # an empty file of the repository (the listing says size 0): the build reports it
    if not text.startswith(b"<") or re.match(rb"<(?:!doctype\s+html|html)\b", text, re.IGNORECASE):
        raise FetchError(f"{name}: refused, the body is not an XML document")
    if re.search(rb"<!(?:DOCTYPE|ENTITY)", data, re.IGNORECASE):
        raise FetchError(f"{name}: refused, the XML declares a DTD or entities")


def check_pdf(data_head: bytes, data_tail: bytes, name: str) -> None:
    if not data_head.startswith(b"%PDF-"):
        raise NotPdf(f"{name}: refused, the body is not a PDF (it does not start with %PDF-)")
    if b"%%EOF" not in data_tail:
        raise FetchError(f"{name}: refused, the PDF is incomplete (no %%EOF at its end)")


def check_metadata(data: bytes, name: str) -> None:
    """One JSON object with a string `symbol` per non-empty line, as the build reads them."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FetchError(f"{name}: refused, not UTF-8 ({error})") from None
    records = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            raise FetchError(f"{name}:{number}: refused, not a JSON object per line") from None
        if not isinstance(record, dict) or not isinstance(record.get("symbol"), str):
            raise FetchError(f"{name}:{number}: refused, a record without a string 'symbol'")
        records += 1
    if not records:
        raise FetchError(f"{name}: refused, no metadata record")


def _check_entry(entry, folder: str) -> dict:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) \
            or entry.get("type") not in ("file", "dir"):
        raise FetchError(f"{folder}: refused, not a contents listing (entry {str(entry)[:80]!r})")
    name = entry["name"]
    if not _SAFE_NAME.match(name) or ".." in name or entry.get("path", f"{folder}/{name}") != f"{folder}/{name}":
        raise FetchError(f"{folder}: refused, the listing names an unexpected path {entry.get('path', name)!r}")
    size = entry.get("size", 0)
    if not isinstance(size, int) or size < 0:
        raise FetchError(f"{folder}/{name}: refused, the listing gives no size")
    return entry


# ------------------------------------------------------------------ files on disk

def update_sums(folder: Path, names: list[str]) -> None:
    """Write (or update) `folder/SHA256SUMS` for these files, keeping the other lines."""
    sums = folder / "SHA256SUMS"
    lines: dict[str, str] = {}
    if sums.exists():
        for line in sums.read_text(encoding="utf-8").splitlines():
            digest, sep, name = line.partition("  ")
            if sep:
                lines[name] = digest
    for name in names:
        digest = hashlib.sha256()
        with open(folder / name, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        lines[name] = digest.hexdigest()
    tmp = sums.with_name(f".SHA256SUMS.{os.getpid()}")
    tmp.write_text("".join(f"{lines[n]}  {n}\n" for n in sorted(lines)), encoding="utf-8")
    os.replace(tmp, sums)


def _publish(staged: Path, target: Path) -> None:
    """Move a finished file into place (same file system: atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, target)


def _url(base: str, *parts: str) -> str:
    return "/".join([base.rstrip("/"), *(urllib.parse.quote(p, safe="/") for p in parts)])


class _Session:
    """One fetch: the client, the report and the folders."""

    def __init__(self, sources: Path, config: FetchConfig, client: Client | None, force: bool):
        self.sources = Path(sources)
        self.config = config
        self.client = client or Client(config)
        self.force = force
        self.report = FetchReport()
        self.staging = self.sources / STAGING

    def listing(self, folder: str) -> list[dict]:
        url = _url(self.config.api_base, folder)
        if self.config.ref != "HEAD":
            url += f"?ref={urllib.parse.quote(self.config.ref)}"
        body = self.client.get(url, self.config.max_listing)
        try:
            entries = json.loads(body)
        except ValueError:
            raise FetchError(f"{url}: refused, the listing is not JSON") from None
        if not isinstance(entries, list):
            raise FetchError(f"{url}: refused, not a contents listing (a JSON array of entries)")
        return [_check_entry(entry, folder) for entry in entries]

    def fetch_file(self, entry: dict, staged: Path, limit: int, check: Callable[[bytes, str], None]) -> Path:
        """A listed file into `staged` (kept if already complete and intact)."""
        name = entry["path"]
        expected = entry.get("sha")

        def intact(data: bytes) -> bool:
            return len(data) == entry["size"] and (not expected or git_blob_sha(data) == expected)

        if staged.exists() and intact(staged.read_bytes()):
            return staged
        if entry["size"] > limit:
            raise FetchError(f"{name}: refused, the listing gives {entry['size']:,} bytes, more than "
                             f"the limit of {limit:,}")
        part = staged.with_name(staged.name + ".part")
        self.client.download(_url(self.config.raw_base, self.config.ref, name), part, limit)
        data = part.read_bytes()
        if not intact(data):
            part.unlink()
            raise FetchError(f"{name}: refused, {len(data):,} bytes whose SHA-1 differs from the "
                             f"listing's ({entry['size']:,} bytes, {expected})")
        try:
            check(data, name)
        except FetchError:
            part.unlink()
            raise
        os.replace(part, staged)
        return staged


# ------------------------------------------------------------------ the session's XML and metadata

def _zip_members(files: list[tuple[str, Path]], target: Path) -> None:
    """A deterministic zip: members in name order, one timestamp, deflated."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for member, path in sorted(files):
            info = zipfile.ZipInfo(member, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    os.replace(tmp, target)


def _zip_language(name: str) -> str | None:
    """ "GA resolutions_74session_Arabic.zip" -> "Arabic"."""
    match = re.search(r"_([A-Z][a-z]+)\.zip$", name)
    return match.group(1) if match and match.group(1) in LANGUAGES.values() else None


def fetch_session(session: int, sources: Path, config: FetchConfig = FetchConfig(),
                  languages: list[str] | None = None, force: bool = False,
                  client: Client | None = None) -> FetchReport:
    """The XML of a session (every language folder, or those given as ISO codes)
    and its metadata file, into `sources/akn/` and `sources/metadata/`."""
    run = _Session(sources, config, client, force)
    wanted = {LANGUAGES[code] for code in languages} if languages else None
    folder = f"{session}session"
    akn = run.sources / "akn"
    try:
        entries = run.listing(folder)
    except NotFound:
        run.report.refused.append(f"{folder}: no such folder in the repository")
        return _done(run)
    except FetchError as error:
        run.report.refused.append(str(error))
        return _done(run)
    written: list[str] = []
    listed: set[str] = set()
    for entry in sorted(entries, key=lambda e: e["name"]):
        if entry["type"] == "dir":
            language = entry["name"]
        else:
            language = _zip_language(entry["name"])
            if language is None:
                run.report.notes.append(f"{entry['path']}: not a language folder or archive; left out")
                continue
        listed.add(language)
        if language not in LANGUAGES.values() or (wanted is not None and language not in wanted):
            continue
        target = akn / f"{session}session-{language}.zip"
        shown = target.relative_to(run.sources).as_posix()
        if target.exists() and not force:
            run.report.skipped.append(f"{shown}: already there (--force to fetch it again)")
            continue
        stage = run.staging / f"{session}session-{language}"
        try:
            if entry["type"] == "dir":
                files = []
                for item in run.listing(entry["path"]):
                    if item["type"] != "file" or not item["name"].lower().endswith(".xml"):
                        run.report.notes.append(f"{item['path']}: not an XML file; left out")
                        continue
                    path = run.fetch_file(item, stage / item["name"], config.max_xml, check_xml)
                    files.append((f"{language}/{item['name']}", path))
                if not files:
                    run.report.notes.append(f"{entry['path']}: no XML file; nothing written")
                    continue
                akn.mkdir(parents=True, exist_ok=True)
                _zip_members(files, target)
            else:
                path = run.fetch_file(entry, stage / "archive.zip", config.max_zip, _check_zip)
                _publish(path, target)
        except FetchError as error:
            run.report.refused.append(str(error))
            continue
        shutil.rmtree(stage, ignore_errors=True)
        written.append(target.name)
        run.report.written.append(shown)
    if written:
        update_sums(akn, written)
    for language in sorted((wanted or set()) - listed):
        run.report.notes.append(f"{folder}: no {language} folder or archive in the repository")
    _fetch_metadata(run, session)
    return _done(run)


def _check_zip(data: bytes, name: str) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise FetchError(f"{name}: refused, not a zip archive")


def _fetch_metadata(run: _Session, session: int) -> None:
    target = run.sources / "metadata" / f"{session}.json"
    shown = target.relative_to(run.sources).as_posix()
    if target.exists() and not run.force:
        run.report.skipped.append(f"{shown}: already there (--force to fetch it again)")
        return
    try:
        entry = next((e for e in run.listing("data_extract")
                      if e["type"] == "file" and e["name"] == f"{session}.json"), None)
        if entry is None:
            run.report.notes.append(f"data_extract/{session}.json: not in the repository; no metadata")
            return
        path = run.fetch_file(entry, run.staging / "metadata" / target.name, run.config.max_metadata,
                              check_metadata)
    except FetchError as error:
        run.report.refused.append(str(error))
        return
    _publish(path, target)
    update_sums(target.parent, [target.name])
    run.report.written.append(shown)


def _done(run: _Session) -> FetchReport:
    """The report; the staging folders that are empty removed (what is left is
    there to be resumed)."""
    run.report.requests = run.client.requests
    if run.staging.is_dir():
        for folder in sorted((p for p in run.staging.rglob("*") if p.is_dir()),
                             key=lambda p: len(p.parts), reverse=True) + [run.staging]:
            try:
                folder.rmdir()
            except OSError:
                pass
    return run.report


# ------------------------------------------------------------------ PDFs

def pdf_name(session: int, number: int, language: str) -> str:
    suffix = "" if language == "en" else f".{language}"
    return f"A_RES_{session}_{number}{suffix}.pdf"


def fetch_pdfs(session: int, sources: Path, languages: list[str], config: FetchConfig = FetchConfig(),
               force: bool = False, client: Client | None = None, first: int = 1,
               last: int | None = None) -> FetchReport:
    """The official PDFs of A/RES/<session>/<first>, <first + 1>, ... in each
    language, until `config.stop_after` numbers in a row are missing (or `last`)."""
    run = _Session(sources, config, client, force)
    folder = run.sources / "pdf" / str(session)
    for language in languages:
        missing_run, number, written = 0, first, []
        while missing_run < config.stop_after and (last is None or number <= last):
            symbol = f"A/RES/{session}/{number}"
            target = folder / pdf_name(session, number, language)
            shown = target.relative_to(run.sources).as_posix()
            number += 1
            if target.exists() and not force:
                run.report.skipped.append(f"{shown}: already there (--force to fetch it again)")
                missing_run = 0
                continue
            url = (f"{config.pdf_base}?s={urllib.parse.quote(symbol, safe='/')}"
                   f"&l={urllib.parse.quote(language)}&t=pdf")
            part = run.staging / "pdf" / str(session) / (target.name + ".part")
            try:
                run.client.download(url, part, config.max_pdf)
                with open(part, "rb") as handle:
                    head = handle.read(1024)
                    handle.seek(max(0, part.stat().st_size - 2048))
                    tail = handle.read()
                try:
                    check_pdf(head, tail, f"{symbol} ({language})")
                except FetchError:
                    part.unlink()
                    raise
            except (NotFound, NotPdf) as error:  # NotPdf: a page saying there is no such document
                run.report.missing.append(f"{symbol} ({language}): {error}")
                missing_run += 1
                continue
            except FetchError as error:  # refused (nothing kept) or given up (what arrived is kept)
                run.report.refused.append(str(error))
                continue
            _publish(part, target)
            written.append(target.name)
            run.report.written.append(shown)
            missing_run = 0
        if written:
            update_sums(folder, written)
        if missing_run >= config.stop_after:
            run.report.notes.append(f"{language}: stopped after {config.stop_after} missing numbers in a "
                                    f"row (A/RES/{session}/{number - config.stop_after} to {number - 1})")
    return _done(run)
