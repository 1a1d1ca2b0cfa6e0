"""Parallel and incremental builds give the same bytes as a plain build."""

import random
import shutil
from pathlib import Path

import pytest

from etl.build import build
from etl.parse import parse_file
from etl.synth import Options, doc_from_parsed, render, variant

ROOT = Path(__file__).resolve().parent.parent


def _tree(path: Path) -> dict:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """40 distinct resolutions made from the seeds, enough for the worker pool."""
    directory = tmp_path_factory.mktemp("corpus") / "sources"
    docs = [doc_from_parsed(parse_file(p, p.name))
            for p in sorted((ROOT / "sources" / "zh").glob("*.txt"))]
    for i in range(41):
        rng = random.Random(i)
        doc = variant(docs[i % 4], 90, 100 + i, rng)
        (directory / f"{i // 10}").mkdir(parents=True, exist_ok=True)
        (directory / f"{i // 10}" / f"r{i:03d}.txt").write_text(
            render(doc, Options(width=rng.choice([60, 76, 90]))), encoding="utf-8")
    return directory


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
    assert first.parsed_files == 40
    again = build(sources, tmp_path / "out", jobs=2, cache_dir=cache)
    assert again.parsed_files == 0
    shutil.move(moved, extra)                      # one new resolution arrives
    incremental = build(sources, tmp_path / "out", jobs=2, cache_dir=cache)
    assert incremental.parsed_files == 1 and incremental.tables["resolutions"] == 41
    clean = build(sources, tmp_path / "clean", jobs=1)
    assert clean.written and clean.parsed_files == 41
    assert _tree(tmp_path / "out") == _tree(tmp_path / "clean")
    # A changed file is parsed again; the others come from the cache.
    extra.write_text(extra.read_text(encoding="utf-8").replace("大会，", "大会，\n"), encoding="utf-8")
    changed = build(sources, tmp_path / "out", jobs=2, cache_dir=cache)
    assert changed.parsed_files == 1
