"""Finding the inputs: texts, XML files and zips at any depth; hostile archives refused."""

import json
import zipfile
from pathlib import Path

import pytest

from buildkit import SEEDS, small_sources
from etl import sources as sources_module
from etl.build import build
from etl.errors import ParseError
from etl.sources import SourceItem, discover, read_member

ROOT = Path(__file__).resolve().parent.parent


def _zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_inputs_at_any_depth_and_what_is_ignored(tmp_path):
    root = tmp_path / "src"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "r.txt").write_bytes(SEEDS[0].read_bytes())
    (root / "x.XML").write_text("<akomaNtoso/>")
    (root / "README.md").write_text("notes")
    (root / ".hidden.txt").write_text("editor file")
    (root / "meta" / "74.json").parent.mkdir()
    (root / "meta" / "74.json").write_text("{}\n")
    _zip(root / "deep" / "er" / "pack.zip", {"English/one.xml": b"<x/>", "notes.docx": b"PK",
                                             "English/one.pdf": b"%PDF",
                                             "Chinese/two.txt": SEEDS[1].read_bytes()})
    inv = discover(root, ROOT)
    assert [(i.kind, Path(i.path).name) for i, _ in inv.files] == [("text", "r.txt"),
                                                                   ("xml", "x.XML")]
    (archive,) = inv.archives
    assert [(i.member, i.kind) for i in archive.items] == [("Chinese/two.txt", "text"),
                                                           ("English/one.pdf", "pdf"),
                                                           ("English/one.xml", "xml")]
    assert archive.ignored == ["notes.docx"]
    assert [Path(p).name for p in inv.ignored] == ["README.md"]
    assert [Path(p).name for p, _ in inv.metadata] == ["74.json"]


def test_zip_bomb_member_is_refused(tmp_path):
    bomb = _zip(tmp_path / "bomb.zip", {"English/bomb.xml": b"<a>" + b" " * (8 << 20) + b"</a>",
                                        "English/fine.xml": b"<a/>"})
    archive = sources_module.open_archive(bomb, "bomb.zip")
    assert [i.member for i in archive.items] == ["English/fine.xml"]
    (refusal,) = archive.refused
    assert refusal.path == "bomb.zip!English/bomb.xml" and "compression ratio" in refusal.expected


def test_oversized_member_nested_archive_and_too_many_members(tmp_path, monkeypatch):
    monkeypatch.setattr(sources_module, "MAX_MEMBER_BYTES", 1000)
    path = _zip(tmp_path / "a.zip", {"big.xml": b"<a>" + b"x" * 2000 + b"</a>",
                                     "inner.zip": b"PK\x05\x06" + b"\0" * 18},
                zipfile.ZIP_STORED)
    archive = sources_module.open_archive(path, "a.zip")
    messages = {e.path: e.expected for e in archive.refused}
    assert "uncompressed" in messages["a.zip!big.xml"]
    assert "archive inside an archive" in messages["a.zip!inner.zip"]
    monkeypatch.setattr(sources_module, "MAX_MEMBERS", 1)
    archive = sources_module.open_archive(path, "a.zip")
    assert not archive.items and "members; at most 1" in archive.refused[0].expected


def test_member_that_lies_about_its_size_is_refused(tmp_path):
    path = _zip(tmp_path / "a.zip", {"English/a.xml": b"<a>" + b"y" * 500 + b"</a>"})
    with zipfile.ZipFile(path) as zf:
        item = SourceItem("a.zip", "English/a.xml", "xml", 10)  # the header says 10 bytes
        with pytest.raises(ParseError, match="more bytes than its header"):
            read_member(zf, item)


def test_corrupt_and_truncated_archives_are_reported_and_the_rest_builds(tmp_path):
    sources = small_sources(tmp_path / "sources")
    good = _zip(tmp_path / "good.zip", {"Chinese/x.txt": SEEDS[0].read_bytes()})
    (sources / "broken").mkdir()
    (sources / "broken" / "truncated.zip").write_bytes(good.read_bytes()[:-30])
    (sources / "broken" / "garbage.zip").write_bytes(b"not a zip at all")
    # A member whose compressed bytes are damaged: the archive opens, the member does not.
    data = bytearray(_zip(tmp_path / "d.zip", {"Chinese/y.txt": SEEDS[1].read_bytes() * 3}
                          ).read_bytes())
    data[60:90] = b"\xff" * 30
    (sources / "broken" / "damaged.zip").write_bytes(bytes(data))
    out = tmp_path / "output"
    result = build(sources, out, jobs=1)
    assert result.written and result.tables["resolutions"] == 4
    report = json.loads((out / "build_report.json").read_text(encoding="utf-8"))
    rejected = {e["file"]: e["error"]["message"] for e in report["inputs"]
                if e["status"] == "rejected"}
    names = {Path(f.split("!")[0]).name + ("!" + f.split("!")[1] if "!" in f else ""): m
             for f, m in rejected.items()}
    assert "zip archive" in names["truncated.zip"] and "zip archive" in names["garbage.zip"]
    assert "corrupt" in names["damaged.zip!Chinese/y.txt"]


def test_a_text_inside_a_zip_is_read_in_place(tmp_path):
    root = tmp_path / "src"
    _zip(root / "texts.zip", {"zh/68_47.txt": SEEDS[0].read_bytes()})
    out = tmp_path / "output"
    result = build(root, out, jobs=1)
    assert result.written
    from etl.package import read_table
    (row,) = read_table(out, "resolutions").to_pylist()
    assert row["source_file"].endswith("texts.zip") and row["source_member"] == "zh/68_47.txt"
    assert not (root / "zh").exists()  # nothing unpacked


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_two_members_with_one_name_are_refused(tmp_path):
    path = tmp_path / "twice.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("zh/x.txt", SEEDS[0].read_bytes())
        zf.writestr("zh/x.txt", SEEDS[1].read_bytes())
    archive = sources_module.open_archive(path, "twice.zip")
    assert archive.items == []
    assert {e.path for e in archive.refused} == {"twice.zip!zh/x.txt"}
    assert "2 members with this name" in archive.refused[0].expected


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_broken_metadata_file_is_rejected_and_the_rest_builds(tmp_path, jobs):
    sources = small_sources(tmp_path / "sources")
    for i in range(30):  # enough sources for the worker pool
        (sources / "zh" / f"copy{i}.txt").write_bytes(SEEDS[i % 4].read_bytes())
    (sources / "metadata").mkdir()
    (sources / "metadata" / "bad.json").write_text('{"symbol": ', encoding="utf-8")
    (sources / "metadata" / "latin1.json").write_bytes(b'{"symbol": "caf\xe9"}\n')
    result = build(sources, tmp_path / "output", jobs=jobs)
    assert result.written and result.tables["resolutions"] == 4
    rejected = {Path(r.item.path).name: r.error.message for r in result.rejected}
    assert set(rejected) == {"bad.json", "latin1.json"}
    assert "bad.json" in rejected["bad.json"]


def test_a_value_no_table_can_hold_rejects_that_source_only(tmp_path):
    from buildkit import XML_MEMBERS
    sources = small_sources(tmp_path / "sources", xml=True)
    english = sources / "akn" / Path(XML_MEMBERS[0][1]).name
    data = english.read_bytes()
    # A recorded-vote count far beyond any integer column.
    hostile = data.replace(b"<meta>", b'<meta><analysis><parliamentary><voting outcome="adopt'
                           b'edRecordedVote"><count value="99999999999999999999" refersTo="in'
                           b'Favour"/></voting></parliamentary></analysis>', 1)
    assert hostile != data
    (sources / "akn" / "hostile.xml").write_bytes(hostile)
    result = build(sources, tmp_path / "output", jobs=1)
    assert result.written
    (bad,) = result.rejected
    assert bad.item.path.endswith("hostile.xml") and "hostile.xml" in bad.error.message


def test_progress_is_one_line_per_stage_when_piped_and_a_bar_on_a_terminal(tmp_path):
    import os
    import pty
    import subprocess
    import sys
    sources = small_sources(tmp_path / "sources")
    command = [sys.executable, "-m", "etl", "build", "--sources", str(sources), "--no-cache"]
    piped = subprocess.run(command + ["--output", str(tmp_path / "a")], cwd=ROOT,
                           capture_output=True, text=True)
    lines = piped.stderr.splitlines()
    assert [l.split(":")[0] for l in lines[:2]] == ["parse", "write"]
    assert "4 sources in" in lines[0] and "\x1b[" not in piped.stderr
    leader, follower = pty.openpty()
    done = subprocess.run(command + ["--output", str(tmp_path / "b")], cwd=ROOT,
                          stdout=subprocess.DEVNULL, stderr=follower, env={**os.environ,
                                                                            "COLUMNS": "100"})
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    assert done.returncode == 0
    text = screen.decode("utf-8", "replace")
    assert "━" in text and "4/4" in text  # rich's bar, with the count
