"""Parallel and incremental builds give the same bytes as a plain build."""

import shutil
from pathlib import Path

import pytest

from buildkit import synthetic_sources
from etl.build import build

ROOT = Path(__file__).resolve().parent.parent


def _tree(path: Path) -> dict:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """40 distinct resolutions made from the seeds, enough for the worker pool."""
    # two sessions: two parts
    return synthetic_sources(tmp_path_factory.mktemp("corpus") / "sources", 41, 10, (90, 91))


def test_parallel_build_equals_serial_build(corpus, tmp_path):
    serial = build(corpus, tmp_path / "serial", jobs=1)
    parallel = build(corpus, tmp_path / "parallel", jobs=2)
    assert serial.written and parallel.written and not serial.rejected
    assert serial.tables["resolutions"] == 41
    assert _tree(tmp_path / "serial") == _tree(tmp_path / "parallel")


def test_incremental_build_equals_clean_build(corpus, tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(corpus, sources)
    extra = sources / "4" / "r040.txt"
    moved = tmp_path / "r040.txt"
    shutil.move(extra, moved)
    cache = tmp_path / "cache"
    first = build(sources, tmp_path / "out", jobs=2, cache_dir=cache)
    assert first.parsed == 40
    again = build(sources, tmp_path / "out", jobs=2, cache_dir=cache)
    assert again.parsed == 0
    shutil.move(moved, extra)                      # one new resolution arrives
    incremental = build(sources, tmp_path / "out", jobs=2, cache_dir=cache)
    assert incremental.parsed == 1 and incremental.tables["resolutions"] == 41
    assert incremental.parts_written == 1  # only the session part that changed
    clean = build(sources, tmp_path / "clean", jobs=1)
    assert clean.written and clean.parsed == 41
    assert _tree(tmp_path / "out") == _tree(tmp_path / "clean")
    # A changed file is parsed again; the others come from the cache.
    extra.write_text(extra.read_text(encoding="utf-8").replace("大会，", "大会，\n"), encoding="utf-8")
    changed = build(sources, tmp_path / "out", jobs=2, cache_dir=cache)
    assert changed.parsed == 1 and changed.parts_written == 1
    assert build(sources, tmp_path / "clean2", jobs=1).written
    assert _tree(tmp_path / "out") == _tree(tmp_path / "clean2")


def test_a_part_taken_over_reports_what_a_clean_build_reports(tmp_path):
    """The report's per-part findings (vote counts, documents left out) come back
    unchanged when a part is taken over from the previous output."""
    import zipfile
    sources = tmp_path / "sources"
    sources.mkdir()
    with zipfile.ZipFile(ROOT / "sources" / "akn" / "77session-English.zip") as zf:
        # 77/293: the XML prints 59 abstentions and names 58.
        (sources / "77_293.xml").write_bytes(zf.read("English/A_RES_77_293-E.xml"))
    for seed in sorted((ROOT / "sources" / "zh").glob("*.txt"))[:2]:
        shutil.copy(seed, sources / seed.name)
    cache = tmp_path / "cache"
    first = build(sources, tmp_path / "out", jobs=1, cache_dir=cache)
    (sources / "new.txt").write_bytes(
        sorted((ROOT / "sources" / "zh").glob("*.txt"))[2].read_bytes())
    again = build(sources, tmp_path / "out", jobs=1, cache_dir=cache)
    assert first.parts_written == 3 and again.parts_written == 1  # 077 taken over
    assert build(sources, tmp_path / "clean", jobs=1).written
    assert _tree(tmp_path / "out") == _tree(tmp_path / "clean")
    import json
    report = json.loads((tmp_path / "out" / "build_report.json").read_text(encoding="utf-8"))
    assert report["corpus"]["vote_counts"]["differ"] == [
        {"symbol": "A/RES/77/293", "printed": [100, 9, 59], "names": [100, 9, 58]}]


def test_a_rejected_source_is_remembered_until_it_changes(corpus, tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(corpus, sources)
    broken = sources / "broken.txt"
    broken.write_text("not a resolution\n", encoding="utf-8")
    cache = tmp_path / "cache"
    first = build(sources, tmp_path / "out", jobs=1, cache_dir=cache)
    assert first.parsed == 42 and len(first.rejected) == 1
    assert "broken.txt" in first.rejected[0].error.message
    report = (tmp_path / "out" / "build_report.json").read_bytes()
    again = build(sources, tmp_path / "out", jobs=1, cache_dir=cache)
    assert again.parsed == 0  # neither the good sources nor the broken one are read again
    assert [r.error.message for r in again.rejected] == [first.rejected[0].error.message]
    assert (tmp_path / "out" / "build_report.json").read_bytes() == report
    broken.write_text("still not a resolution\n", encoding="utf-8")
    changed = build(sources, tmp_path / "out", jobs=1, cache_dir=cache)
    assert changed.parsed == 1 and len(changed.rejected) == 1
