"""Any input, a clear answer, nothing lost (encodings, bad inputs, lossless
accounting, atomic output, determinism)."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from etl.cli import main
from etl.errors import ParseError
from etl import schema
from buildkit import small_sources
from etl.text.parse import parse_bytes

from helpers import check_consistent, essence

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "sources" / "zh").glob("*.txt"))
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _fullwidth_numbering(text: str) -> str:
    text = re.sub(r"(?m)^(\s*)(\d{1,2})[.．]",
                  lambda m: m.group(1) + m.group(2).translate(FULLWIDTH) + "．", text)
    return re.sub(r"(?m)^(\s*)\(([a-z])\)", r"\1（\2）", text)


TEXT_VARIANTS = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "cr": lambda t: t.replace("\n", "\r"),
    "tabs": lambda t: re.sub(r"(?m)^( +)", lambda m: "\t" * len(m.group(1)), t),
    "nbsp": lambda t: t.replace(" ", "\u00a0"),
    "ideographic-space": lambda t: t.replace(" ", "\u3000"),
    "fullwidth-numbering": _fullwidth_numbering,
}
ENCODINGS = {
    "utf-8-bom": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    "utf-16-le": lambda t: t.encode("utf-16"),  # with BOM, little-endian here
    "utf-16-be": lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    "gb18030": lambda t: t.encode("gb18030"),
}


@pytest.fixture(scope="module")
def originals():
    return {p.name: parse_bytes(p.read_bytes(), p.name) for p in SEEDS}


@pytest.mark.parametrize("variant", list(TEXT_VARIANTS) + list(ENCODINGS))
@pytest.mark.parametrize("seed", [p.name for p in SEEDS])
def test_variant_yields_the_same_rows(originals, seed, variant):
    text = (ROOT / "sources" / "zh" / seed).read_text(encoding="utf-8")
    if variant in TEXT_VARIANTS:
        data = TEXT_VARIANTS[variant](text).encode("utf-8")
    else:
        data = ENCODINGS[variant](text)
    parsed = parse_bytes(data, seed)
    assert parsed.source.sha256 != originals[seed].source.sha256
    assert essence(parsed) == essence(originals[seed])
    assert parsed.coverage.complete
    assert parsed.diagnostics == []


def test_encodings_are_detected_not_guessed():
    text = (SEEDS[0]).read_text(encoding="utf-8")
    assert parse_bytes(text.encode("gb18030"), "x").source.encoding == "gb18030"
    assert parse_bytes(text.encode("utf-16"), "x").source.encoding == "utf-16-le-bom"
    latin1 = "Résolution adoptée par l'Assemblée générale, première séance.\n".encode("latin-1")
    with pytest.raises(ParseError, match=r"^f\.txt:1: .*GB18030"):
        parse_bytes(latin1 * 3, "f.txt")


# ------------------------------------------------------------------ bad inputs

def _seed_text(i=0):
    return SEEDS[i].read_text(encoding="utf-8")


def _drop_lines(text, numbers):
    lines = text.split("\n")
    return "\n".join(l for n, l in enumerate(lines, 1) if n not in numbers)


def _rejected(data: bytes, name="bad.txt") -> ParseError:
    with pytest.raises(ParseError) as info:
        parse_bytes(data, name)
    assert info.value.path == name
    return info.value


def test_empty_file():
    assert "empty" in _rejected(b"").expected


def test_binary_file():
    err = _rejected(bytes(range(256)) * 4)
    assert err.line == 1 and "binary" in err.expected


def test_chinese_text_that_is_not_a_resolution():
    err = _rejected("会议纪要\n\n今天天气很好，我们讨论了预算问题。\n".encode() * 20)
    assert "title line" in err.expected


def test_title_without_enacting_formula():
    err = _rejected("68/47. 核裁军\n\n回顾其决议，\n\n还有其他内容。\n".encode())
    assert err.line == 1 and "enacting formula" in err.expected


def test_truncated_mid_paragraph():
    lines = _seed_text().split("\n")
    parsed = parse_bytes("\n".join(lines[:252]).encode(), "cut.txt")  # stops inside op2
    messages = [(d.line, d.message) for d in parsed.diagnostics]
    assert any("truncated" in m and "does not end with" in m for _, m in messages)
    assert any("no closing lines" in m for _, m in messages)
    assert parsed.resolution.operative_count == 2
    check_consistent(parsed)


@pytest.mark.parametrize("change,expected", [
    (lambda t: t.replace(" 5. 确认确认", " 6. 确认确认"), "paragraph number 6 skips the numbering; expected 5"),
    (lambda t: t.replace(" 5. 确认确认", " 4. 确认确认"), "paragraph number 4 repeats the numbering; expected 5"),
])
def test_operative_numbering_gap_or_repeat(change, expected):
    parsed = parse_bytes(change(_seed_text()).encode(), "num.txt")
    found = [d for d in parsed.diagnostics if expected in d.message]
    assert found and found[0].line == 265
    assert parsed.resolution.operative_count == 24  # nothing merged or lost
    check_consistent(parsed)


def test_marker_without_footnote_and_footnote_without_marker():
    text = _drop_lines(_seed_text(), {357, 358})          # footnote 18's body
    parsed = parse_bytes(text.encode(), "m.txt")
    assert any(d.line == 334 and "marker 18 has no footnote text" in d.message
               for d in parsed.diagnostics)
    text = _drop_lines(_seed_text(), {106})               # the only marker of footnote 9
    parsed = parse_bytes(text.encode(), "m.txt")
    msgs = [d.message for d in parsed.diagnostics]
    assert "footnote 9 is never referenced by a marker in the text" in msgs
    assert any("marker 10 comes before any marker of footnote(s) 9" in m for m in msgs)
    # Markers after the lost one are still found.
    assert [r.footnote_number for r in parsed.refs if r.clause_id == "pp16"] == [10]


def test_fifty_megabyte_file(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.write(_seed_text().encode())
        fh.truncate(50 * 1024 * 1024)
    from etl.text.parse import parse_file
    with pytest.raises(ParseError, match=r"50\.0 MiB; expected the text of one resolution"):
        parse_file(big, "big.txt")


def test_bad_inputs_in_a_build(tmp_path):
    sources = small_sources(tmp_path / "sources")
    (sources / "zh" / SEEDS[3].name).unlink()  # 71/49 comes back truncated below
    bad = sources / "zz-incoming"  # read after sources/zh/
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.bin").write_bytes(bytes(range(256)))
    (bad / "note.txt").write_text("会议纪要\n今天讨论了预算。\n" * 5, encoding="utf-8")
    (bad / "copy.txt").write_bytes(SEEDS[0].read_bytes().replace(b"\n", b"\r\n"))
    (bad / "cut.txt").write_text("\n".join(_seed_text(3).split("\n")[:100]), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--sources", str(sources), "--output", str(out)])
    assert result.exit_code == 0  # written; the rejection is reported, not a failure
    assert "Traceback" not in result.output
    report = json.loads((out / "build_report.json").read_text(encoding="utf-8"))
    by_file = {i["file"].split("/")[-1]: i for i in report["inputs"]}
    for name in ["empty.txt", "note.txt"]:
        assert by_file[name]["status"] == "rejected", name
        assert by_file[name]["error"]["message"]
        assert name in result.stderr
    assert "binary.bin" in report["ignored"][0]  # not an input: listed, not read
    # The same resolution twice: kept once, the other copy reported.
    (duplicate,) = report["corpus"]["duplicates"]
    assert duplicate["file"].endswith("zz-incoming/copy.txt")
    assert duplicate["kept"].endswith("zh/000_344fd4b809ac076d.txt")
    assert duplicate["symbol"] == "A/RES/68/47" and "superseded" in duplicate["reason"]
    cut = by_file["cut.txt"]
    assert cut["status"] == "ok" and cut["symbol"] == "A/RES/71/49"
    assert any("truncated" in w["message"] and w["line"] for w in cut["warnings"])
    assert report["tables"]["resolutions"] == 4
    strict = CliRunner().invoke(main, ["build", "--strict", "--sources", str(sources),
                                       "--output", str(out)])
    assert strict.exit_code == 2 and "left unchanged" in strict.stderr


# ------------------------------------------------------------------ lossless

def test_seeds_are_fully_accounted_for(originals, built):
    for name, parsed in originals.items():
        assert parsed.coverage.complete, (name, parsed.coverage)
        assert parsed.coverage.ratio == 1.0
        assert parsed.coverage.source_characters > 2000
    report = json.loads((built / "build_report.json").read_text(encoding="utf-8"))
    assert all(i["coverage"]["ratio"] == 1.0 for i in report["inputs"])
    kinds = {d["kind"] for i in report["inputs"] for d in i["discarded_lines"]}
    assert kinds == {"separator", "hyperlink", "page_header", "page_footer"}


def test_accounting_notices_lost_text(monkeypatch):
    import etl.text.parse as parse_module
    real = parse_module.extract

    def lossy(*args, **kwargs):
        ext = real(*args, **kwargs)
        ext.clauses[3] = type(ext.clauses[3])(**{**ext.clauses[3].__dict__,
                                                 "text": ext.clauses[3].text[:-5]})
        return ext

    monkeypatch.setattr(parse_module, "extract", lossy)
    parsed = parse_bytes(SEEDS[0].read_bytes(), "x")
    assert not parsed.coverage.complete and parsed.coverage.ratio < 1
    assert any("lossless check" in d.message for d in parsed.diagnostics)


# ------------------------------------------------------------------ atomic output

@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return small_sources(tmp_path_factory.mktemp("small"))


@pytest.fixture(scope="module")
def built(tmp_path_factory, small):
    out = tmp_path_factory.mktemp("built") / "output"
    from etl.build import build
    assert build(small, out, jobs=1).written
    return out


KILLED_BUILD = """
import sys, time
from pathlib import Path
import etl.build.parts as parts
from etl.build import build
real = parts.write_parquet
def slow(data, path):
    real(data, path)
    print("writing", flush=True)
    time.sleep(30)
parts.write_parquet = slow
build(Path(sys.argv[1]), Path(sys.argv[2]), jobs=1)
"""


def test_killed_build_leaves_previous_output(tmp_path, small, built):
    out = tmp_path / "output"
    shutil.copytree(built, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    proc = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(small), str(out)],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    # The next build cleans up what the killed one left behind.
    assert any(p.name.startswith(".output.staging-") for p in tmp_path.iterdir())
    from etl.build import build
    assert build(small, out).written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_recovery_when_killed_between_the_two_renames(tmp_path, built):
    out = tmp_path / "output"
    shutil.copytree(built, tmp_path / ".output.previous-123")
    from etl.write import recover
    recover(out)
    assert (out / "csv" / "clauses" / "068.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_output_paths_are_fixed_whatever_the_inputs(tmp_path):
    sources = tmp_path / "sources"
    (sources / "weird..").mkdir(parents=True)
    shutil.copy(SEEDS[1], sources / "weird.." / "A∕RES∕..∕..∕etc.txt")
    out = tmp_path / "o" / "output"
    from etl.build import build
    build(sources, out)
    files = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()
                   and sources not in p.parents)
    expected = ["o/output/build_report.json", "o/output/MANIFEST.json",
                "o/output/datapackage.json"] + [
        f"o/output/{kind}/{t}/{'all' if t in schema.WHOLE_TABLES else '065'}.{kind}"
        for kind in ("csv", "parquet") for t in schema.TABLES] + [
        f"o/output/schemas/{t}.json" for t in schema.TABLES]
    assert files == sorted(expected)


# ------------------------------------------------------------------ determinism

def test_builds_identical_across_cwd_timezone_and_locale(tmp_path, small, built):
    outputs = []
    for i, env in enumerate([{"TZ": "UTC", "LC_ALL": "C.UTF-8"},
                             {"TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "C"},
                             {"TZ": "America/St_Johns", "PYTHONHASHSEED": "12345"}]):
        cwd = tmp_path / f"cwd{i}"
        cwd.mkdir()
        out = tmp_path / f"out{i}"
        done = subprocess.run([sys.executable, "-m", "etl", "build", "--sources", str(small),
                               "--output", str(out), "--no-cache"],
                              cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT), **env},
                              capture_output=True)
        assert done.returncode == 0, done.stderr.decode()
        outputs.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert outputs[0] == outputs[1] == outputs[2]
    in_process = {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    assert outputs[0] == in_process
