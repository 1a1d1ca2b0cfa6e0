"""etl.fetch against a local HTTP server (http.server in a thread) that serves
fixture files the way GitHub's contents API, raw.githubusercontent.com and the
UN's document system do: listings, files, range requests, PDFs by symbol, and
the faults a real server has (429 with Retry-After, 503, lies about sizes,
pages that are not what was asked for)."""

import hashlib
import json
import threading
import urllib.parse
import zipfile
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from etl.cli import main
from etl.fetch import Client, FetchConfig, fetch_pdfs, fetch_session, git_blob_sha

ROOT = Path(__file__).resolve().parent.parent

# Real files of the corpus: three English and two French resolutions of the 80th session.
XML = [("English", "A_RES_80_1-2515106E.xml"), ("English", "A_RES_80_10-2519432E.xml"),
       ("English", "A_RES_80_100-2520108E.xml"), ("French", "A_RES_80_1-2515106F.xml"),
       ("French", "A_RES_80_10-2519432F.xml")]


def _corpus_file(language: str, name: str) -> bytes:
    with zipfile.ZipFile(ROOT / "sources" / "akn" / f"80session-{language}.zip") as archive:
        return archive.read(f"{language}/{name}")


def _metadata() -> bytes:
    lines = (ROOT / "sources" / "metadata" / "80.json").read_bytes().splitlines(keepends=True)
    return b"".join(lines[:3])


def _pdf(number: int) -> bytes:
    return (b"%PDF-1.7\n% A/RES/79/" + str(number).encode() + b"\n" + b"x" * 3000
            + b"\ntrailer\n%%EOF\n")


class Repository:
    """What the server serves, what it was asked, and the faults to play."""

    def __init__(self):
        self.files: dict[str, bytes] = {}            # repository path -> bytes
        self.pdfs: dict[tuple[str, str], bytes] = {}  # (symbol, language) -> body
        self.faults: dict[str, list] = {}            # url path -> responses to play first
        self.lies: dict[str, bytes] = {}             # served instead of the listed bytes
        self.ranges = True                           # honour Range requests
        self.requests: list[tuple[str, dict]] = []   # (path and query, headers)

    def listing(self, folder: str) -> list[dict] | None:
        prefix = folder.rstrip("/") + "/"
        entries = {}
        for path, data in self.files.items():
            if not path.startswith(prefix):
                continue
            rest = path[len(prefix):]
            name = rest.split("/")[0]
            if "/" in rest:
                entries[name] = {"name": name, "path": prefix + name, "type": "dir", "size": 0}
            else:
                entries[name] = {"name": name, "path": path, "type": "file", "size": len(data),
                                 "sha": git_blob_sha(data)}
        return [entries[n] for n in sorted(entries)] or None


class Handler(BaseHTTPRequestHandler):
    repo: Repository

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes, headers: dict | None = None):
        self.send_response(status)
        headers = {"Content-Length": str(len(body)), **(headers or {})}
        for key, value in headers.items():
            if value is not None:
                self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        repo = self.repo
        repo.requests.append((self.path, dict(self.headers)))
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        if repo.faults.get(path):
            status, headers, body = repo.faults[path].pop(0)
            return self._send(status, body, headers)
        if path.startswith("/api/contents/"):
            entries = repo.listing(path[len("/api/contents/"):])
            if entries is None:
                return self._send(404, b'{"message": "Not Found"}')
            return self._send(200, json.dumps(entries).encode(), {"Content-Type": "application/json"})
        if path.startswith("/raw/HEAD/"):
            name = path[len("/raw/HEAD/"):]
            if name not in repo.files:
                return self._send(404, b"404: Not Found")
            data = repo.lies.get(name, repo.files[name])
            start = 0
            header = self.headers.get("Range")
            if header and repo.ranges:
                start = int(header.split("=")[1].rstrip("-"))
                if start >= len(data):
                    return self._send(416, b"")
                return self._send(206, data[start:], {"Content-Range": f"bytes {start}-{len(data) - 1}/{len(data)}"})
            return self._send(200, data)
        if path == "/pdf":
            query = dict(urllib.parse.parse_qsl(url.query))
            assert query["t"] == "pdf"
            body = repo.pdfs.get((query["s"], query["l"]))
            if body is None:
                return self._send(404, b"<html><body>Document not found</body></html>")
            return self._send(200, body, {"Content-Type": "application/pdf"})
        self._send(404, b"")


@pytest.fixture
def server():
    repo = Repository()
    for language, name in XML:
        repo.files[f"80session/{language}/{name}"] = _corpus_file(language, name)
    repo.files["80session/README.md"] = b"# notes\n"
    repo.files["data_extract/80.json"] = _metadata()
    repo.files["data_extract/79.json"] = b'{"symbol": "A/RES/79/1"}\n'
    handler = type("BoundHandler", (Handler,), {"repo": repo})
    httpd = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    config = FetchConfig(api_base=f"{base}/api/contents", raw_base=f"{base}/raw",
                         pdf_base=f"{base}/pdf", delay=0, backoff=0.01, timeout=10)
    yield repo, config
    httpd.shutdown()
    httpd.server_close()


class Sleeps:
    def __init__(self):
        self.waits = []

    def __call__(self, seconds):
        self.waits.append(seconds)


def _client(config, sleeps=None):
    return Client(config, sleep=sleeps or Sleeps())


def _sums(folder: Path) -> dict[str, str]:
    lines = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {line.split("  ")[1]: line.split("  ")[0] for line in lines}


# ------------------------------------------------------------------ XML and metadata

def test_a_session_is_fetched_into_the_layout_the_build_reads(server, tmp_path):
    repo, config = server
    report = fetch_session(80, tmp_path, config, client=_client(config))
    assert report.written == ["akn/80session-English.zip", "akn/80session-French.zip", "metadata/80.json"]
    assert not report.refused and report.notes == ["80session/README.md: not a language folder or archive; left out"]
    for language in ("English", "French"):
        with zipfile.ZipFile(tmp_path / "akn" / f"80session-{language}.zip") as archive:
            names = archive.namelist()
            assert names == sorted(f"{language}/{n}" for lang, n in XML if lang == language)
            for name in names:
                assert archive.read(name) == _corpus_file(language, name.split("/")[1])
    assert (tmp_path / "metadata" / "80.json").read_bytes() == _metadata()
    for folder, name in (("akn", "80session-English.zip"), ("akn", "80session-French.zip"),
                         ("metadata", "80.json")):
        assert _sums(tmp_path / folder)[name] == hashlib.sha256((tmp_path / folder / name).read_bytes()).hexdigest()
    assert not (tmp_path / ".fetch").exists()
    # polite: every request names the project
    assert all(h["User-Agent"].startswith("unga-resolutions-etl/") for _, h in repo.requests)
    # and the build reads what was fetched
    from etl.build import build
    result = build(tmp_path, tmp_path / "output", jobs=1, quiet=True)
    assert result.written and not result.rejected
    assert result.tables["resolutions"] == 5


def test_the_same_archive_whenever_it_is_fetched(server, tmp_path):
    repo, config = server
    fetch_session(80, tmp_path / "a", config, ["en"], client=_client(config))
    fetch_session(80, tmp_path / "b", config, ["en"], client=_client(config))
    assert (tmp_path / "a/akn/80session-English.zip").read_bytes() == \
        (tmp_path / "b/akn/80session-English.zip").read_bytes()


def test_nothing_is_overwritten_without_force(server, tmp_path):
    repo, config = server
    fetch_session(80, tmp_path, config, client=_client(config))
    (tmp_path / "metadata" / "80.json").write_bytes(b"kept\n")
    before = len(repo.requests)
    report = fetch_session(80, tmp_path, config, client=_client(config))
    assert report.written == [] and len(report.skipped) == 3
    assert (tmp_path / "metadata" / "80.json").read_bytes() == b"kept\n"
    assert [p for p, _ in repo.requests[before:]] == ["/api/contents/80session"]  # no file fetched
    report = fetch_session(80, tmp_path, config, force=True, client=_client(config))
    assert len(report.written) == 3 and (tmp_path / "metadata" / "80.json").read_bytes() == _metadata()


def test_languages_can_be_chosen(server, tmp_path):
    repo, config = server
    report = fetch_session(80, tmp_path, config, ["fr", "ru"], client=_client(config))
    assert report.written == ["akn/80session-French.zip", "metadata/80.json"]
    assert "80session: no Russian folder or archive in the repository" in report.notes


def test_an_interrupted_fetch_is_continued(server, tmp_path):
    repo, config = server
    stage = tmp_path / ".fetch" / "80session-English"
    stage.mkdir(parents=True)
    done_name, part_name = XML[0][1], XML[1][1]
    (stage / done_name).write_bytes(_corpus_file("English", done_name))       # complete
    whole = _corpus_file("English", part_name)
    (stage / (part_name + ".part")).write_bytes(whole[:1000])                 # cut off
    report = fetch_session(80, tmp_path, config, ["en"], client=_client(config))
    assert report.written == ["akn/80session-English.zip", "metadata/80.json"]
    fetched = [(p, h) for p, h in repo.requests if p.startswith("/raw/")]
    assert not any(done_name in p for p, _ in fetched)                        # not fetched again
    (resumed,) = [h for p, h in fetched if part_name in p]
    assert resumed["Range"] == "bytes=1000-"
    with zipfile.ZipFile(tmp_path / "akn" / "80session-English.zip") as archive:
        assert archive.read(f"English/{part_name}") == whole
    assert not (tmp_path / ".fetch").exists()


def test_a_connection_lost_while_reading_is_continued_where_it_stopped(server, tmp_path):
    repo, config = server
    path = f"80session/English/{XML[0][1]}"
    whole = repo.files[path]
    # the server promises the whole file and closes the connection after 1,500 bytes
    repo.faults["/raw/HEAD/" + path] = [(200, {"Content-Length": str(len(whole))}, whole[:1500])]
    sleeps = Sleeps()
    report = fetch_session(80, tmp_path, config, ["en"], client=_client(config, sleeps))
    assert not report.refused and sleeps.waits == [config.backoff]
    ranges = [h.get("Range") for p, h in repo.requests if p == "/raw/HEAD/" + path]
    assert ranges == [None, "bytes=1500-"]
    with zipfile.ZipFile(tmp_path / "akn" / "80session-English.zip") as archive:
        assert archive.read(path.split("/", 1)[1]) == whole


def test_a_listing_cut_short_is_asked_for_again(server, tmp_path):
    repo, config = server
    repo.faults["/api/contents/80session"] = [(200, {"Content-Length": "5000"}, b'[{"name": "Eng')]
    sleeps = Sleeps()
    report = fetch_session(80, tmp_path, config, ["en"], client=_client(config, sleeps))
    assert not report.refused and sleeps.waits == [config.backoff]
    assert [p for p, _ in repo.requests].count("/api/contents/80session") == 2


def test_a_server_without_ranges_gives_the_file_from_the_start(server, tmp_path):
    repo, config = server
    repo.ranges = False
    stage = tmp_path / ".fetch" / "80session-English"
    stage.mkdir(parents=True)
    name = XML[0][1]
    (stage / (name + ".part")).write_bytes(b"garbage that is not the start of the file")
    fetch_session(80, tmp_path, config, ["en"], client=_client(config))
    with zipfile.ZipFile(tmp_path / "akn" / "80session-English.zip") as archive:
        assert archive.read(f"English/{name}") == _corpus_file("English", name)


def test_retry_after_and_backoff_are_honoured(server, tmp_path):
    repo, config = server
    name = f"/raw/HEAD/80session/English/{XML[0][1]}"
    repo.faults[name] = [(429, {"Retry-After": "7"}, b"slow down"), (503, {}, b"busy")]
    sleeps = Sleeps()
    report = fetch_session(80, tmp_path, config, ["en"], client=_client(config, sleeps))
    assert not report.refused and "akn/80session-English.zip" in report.written
    assert sleeps.waits[:2] == [7.0, config.backoff * 2]   # Retry-After, then the second backoff step
    assert [p for p, _ in repo.requests].count(name) == 3


def test_a_server_asking_for_too_long_a_wait_is_not_waited_for(server, tmp_path):
    repo, config = server
    repo.faults["/api/contents/80session"] = [(429, {"Retry-After": "86400"}, b"")]
    sleeps = Sleeps()
    report = fetch_session(80, tmp_path, config, client=_client(config, sleeps))
    assert report.failed and "asks to wait 86400 s" in report.refused[0]
    assert sleeps.waits == [] and not (tmp_path / "akn").exists()


def test_retries_give_up(server, tmp_path):
    repo, config = server
    config = replace(config, retries=2)
    repo.faults["/api/contents/80session"] = [(500, {}, b"")] * 3
    sleeps = Sleeps()
    report = fetch_session(80, tmp_path, config, client=_client(config, sleeps))
    assert "HTTP 500" in report.refused[0] and sleeps.waits == [0.01, 0.02]


def test_the_delay_is_kept_between_requests(server, tmp_path):
    repo, config = server
    sleeps = Sleeps()
    fetch_session(80, tmp_path, replace(config, delay=30), ["fr"], client=_client(replace(config, delay=30), sleeps))
    requests = len(repo.requests)
    assert len(sleeps.waits) == requests - 1 and all(25 < w <= 30 for w in sleeps.waits)


@pytest.mark.parametrize("fault, expected", [
    ("size", "announces 999,999,999 bytes"),
    ("html", "not an XML document"),
    ("dtd", "declares a DTD or entities"),
    ("lie", "SHA-1 differs from the listing's"),
])
def test_hostile_files_are_refused(server, tmp_path, fault, expected):
    repo, config = server
    path = f"80session/English/{XML[0][1]}"
    if fault == "size":
        repo.faults["/raw/HEAD/" + path] = [(200, {"Content-Length": "999999999"}, b"<akomaNtoso/>")]
    elif fault == "html":
        repo.files[path] = b"<!DOCTYPE html><html><body>Rate limit</body></html>"
    elif fault == "dtd":
        repo.files[path] = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'
    else:
        repo.lies[path] = repo.files[path].replace(b"General Assembly", b"General Assemblx")
    report = fetch_session(80, tmp_path, config, ["en"], client=_client(config))
    assert expected in report.refused[0] and report.failed
    assert not (tmp_path / "akn" / "80session-English.zip").exists()   # no archive with a hole
    assert not list((tmp_path / ".fetch").rglob(Path(path).name + "*"))  # nothing of the refused body kept


def test_a_body_larger_than_the_limit_is_cut_off(server, tmp_path):
    repo, config = server
    path = f"80session/English/{XML[0][1]}"
    limit = len(repo.files[path]) + 10
    repo.faults["/raw/HEAD/" + path] = [(200, {"Content-Length": None}, b"<a>" + b"x" * 2 * limit)]
    report = fetch_session(80, tmp_path, replace(config, max_xml=limit), ["en"], client=_client(config))
    assert "exceeds the limit" in report.refused[0]


def test_a_listing_that_leaves_the_folder_is_refused(server, tmp_path):
    repo, config = server
    repo.faults["/api/contents/80session"] = [(200, {}, json.dumps([
        {"name": "..", "path": "80session/..", "type": "dir", "size": 0}]).encode())]
    report = fetch_session(80, tmp_path, config, client=_client(config))
    assert "unexpected path" in report.refused[0]
    repo.faults["/api/contents/80session"] = [(200, {}, b"<html>not json</html>")]
    assert "not JSON" in fetch_session(80, tmp_path, config, client=_client(config)).refused[0]


def test_metadata_that_is_not_one_json_object_per_line_is_refused(server, tmp_path):
    repo, config = server
    repo.files["data_extract/80.json"] = b"<html>Service unavailable</html>\n"
    report = fetch_session(80, tmp_path, config, ["en"], client=_client(config))
    assert report.refused == ["data_extract/80.json:1: refused, not a JSON object per line"]
    assert not (tmp_path / "metadata" / "80.json").exists()


def test_a_session_the_repository_does_not_have(server, tmp_path):
    repo, config = server
    report = fetch_session(99, tmp_path, config, client=_client(config))
    assert report.refused == ["99session: no such folder in the repository"]


def test_the_74th_session_archives_are_copied_as_they_are(server, tmp_path):
    repo, config = server
    import io
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as made:
        made.writestr("English/A_RES_74_1.xml", _corpus_file("English", XML[0][1]))
    archive = buffer.getvalue()
    repo.files["74session/GA resolutions_74session_English.zip"] = archive
    report = fetch_session(74, tmp_path, config, client=_client(config))
    assert report.written == ["akn/74session-English.zip"]
    assert (tmp_path / "akn" / "74session-English.zip").read_bytes() == archive
    assert "data_extract/74.json: not in the repository; no metadata" in report.notes


# ------------------------------------------------------------------ PDFs

def test_pdfs_by_symbol_until_a_run_of_missing_numbers(server, tmp_path):
    repo, config = server
    for number in (1, 2, 3, 5, 13):            # 4 is missing; 13 lies beyond the run that stops
        repo.pdfs[(f"A/RES/79/{number}", "en")] = _pdf(number)
    repo.pdfs[("A/RES/79/1", "zh")] = _pdf(1)
    repo.pdfs[("A/RES/79/2", "zh")] = b"<html>No document</html>"  # a page, not a PDF
    config = replace(config, stop_after=3)
    report = fetch_pdfs(79, tmp_path, ["en", "zh"], config, client=_client(config))
    folder = tmp_path / "pdf" / "79"
    assert sorted(p.name for p in folder.iterdir()) == [
        "A_RES_79_1.pdf", "A_RES_79_1.zh.pdf", "A_RES_79_2.pdf", "A_RES_79_3.pdf", "A_RES_79_5.pdf",
        "SHA256SUMS"]
    assert (folder / "A_RES_79_5.pdf").read_bytes() == _pdf(5)
    assert set(_sums(folder)) == {p.name for p in folder.iterdir()} - {"SHA256SUMS"}
    assert [m.split(":")[0] for m in report.missing] == [
        "A/RES/79/4 (en)", "A/RES/79/6 (en)", "A/RES/79/7 (en)", "A/RES/79/8 (en)",
        "A/RES/79/2 (zh)", "A/RES/79/3 (zh)", "A/RES/79/4 (zh)"]
    assert report.notes == ["en: stopped after 3 missing numbers in a row (A/RES/79/6 to 8)",
                            "zh: stopped after 3 missing numbers in a row (A/RES/79/2 to 4)"]
    asked = [urllib.parse.parse_qs(urllib.parse.urlsplit(p).query) for p, _ in repo.requests]
    assert asked[0] == {"s": ["A/RES/79/1"], "l": ["en"], "t": ["pdf"]}
    assert not report.refused and not (tmp_path / ".fetch").exists()
    # again: what is there is kept and counts as present
    before = len(repo.requests)
    report = fetch_pdfs(79, tmp_path, ["en"], config, client=_client(config))
    assert len(report.skipped) == 4 and report.written == []
    assert len(repo.requests) - before == 4        # 4, 6, 7, 8


def test_a_pdf_cut_short_is_refused_and_an_interrupted_one_continued(server, tmp_path):
    repo, config = server
    repo.pdfs[("A/RES/79/1", "en")] = _pdf(1)[:-10]                    # no %%EOF
    repo.pdfs[("A/RES/79/2", "en")] = _pdf(2)
    report = fetch_pdfs(79, tmp_path, ["en"], replace(config, stop_after=1), client=_client(config), last=2)
    assert "incomplete" in report.refused[0] and report.written == ["pdf/79/A_RES_79_2.pdf"]


def test_a_pdf_larger_than_the_limit_is_refused(server, tmp_path):
    repo, config = server
    repo.pdfs[("A/RES/79/1", "en")] = _pdf(1)
    report = fetch_pdfs(79, tmp_path, ["en"], replace(config, max_pdf=100), client=_client(config), last=1)
    assert "more than the limit" in report.refused[0] and not (tmp_path / "pdf" / "79").exists()


# ------------------------------------------------------------------ command line

def test_the_fetch_command(server, tmp_path):
    repo, config = server
    args = ["fetch", "--session", "80", "--sources", str(tmp_path), "--api-url", config.api_base,
            "--raw-url", config.raw_base, "--pdf-url", config.pdf_base, "--delay", "0", "--lang", "en"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "wrote akn/80session-English.zip" in result.output
    assert (tmp_path / "akn" / "80session-English.zip").is_file()
    result = CliRunner().invoke(main, args[:-2] + ["--lang", "xx"])
    assert result.exit_code == 2 and "xx: not one of" in result.output
    repo.pdfs[("A/RES/80/1", "fr")] = b"not a pdf"
    result = CliRunner().invoke(main, args[:-2] + ["--pdf", "--lang", "fr", "--stop-after", "2"])
    assert result.exit_code == 0 and "0 written, 0 already there, 2 missing" in result.output
    repo.faults["/api/contents/80session"] = [(403, {}, b"rate limited")]
    result = CliRunner().invoke(main, args + ["--force"])
    assert result.exit_code == 1 and "HTTP 403" in result.output
