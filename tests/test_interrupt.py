"""Interrupting a build is safe: Ctrl-C (SIGINT to the process group) and SIGTERM stop it
within a second or two with one line and status 130; a killed build leaves no worker."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from buildkit import tree, synthetic_sources
from etl.build import build

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Enough distinct resolutions to keep two workers busy for several seconds."""
    return synthetic_sources(tmp_path_factory.mktemp("corpus") / "sources", 1200, 100)


@pytest.fixture(scope="module")
def previous(tmp_path_factory, corpus):
    out = tmp_path_factory.mktemp("previous") / "output"
    small = corpus.parent / "small"
    (small / "0").mkdir(parents=True)
    for p in sorted((corpus / "0").glob("*.txt"))[:5]:
        (small / "0" / p.name).write_bytes(p.read_bytes())
    assert build(small, out, jobs=1).written
    return out


def _start(corpus: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "etl", "build", "--sources", str(corpus),
                             "--output", str(out), "--no-cache", "--jobs", "2"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # its own process group, as a terminal's job


def _group_alive(pgid: int) -> list[str]:
    done = subprocess.run(["ps", "-o", "pid=,stat=", "-g", str(pgid)], capture_output=True,
                          text=True)
    return [l for l in done.stdout.splitlines() if l.strip() and "Z" not in l.split()[1]]


def _wait_for_workers(proc: subprocess.Popen, timeout: float = 20) -> None:
    """Until the build's worker processes are running (they parse for several seconds)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(_group_alive(proc.pid)) >= 3:
            time.sleep(1.0)
            return
        time.sleep(0.1)
    raise AssertionError("the build's workers never started")


@pytest.mark.parametrize("how", ["sigint-to-group", "sigterm"])
def test_interrupt_stops_cleanly(corpus, previous, tmp_path, how):
    out = tmp_path / "output"
    import shutil
    shutil.copytree(previous, out)
    before = tree(out)
    proc = _start(corpus, out)
    _wait_for_workers(proc)
    sent = time.monotonic()
    if how == "sigint-to-group":
        os.killpg(proc.pid, signal.SIGINT)   # what Ctrl-C does
    else:
        proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    elapsed = time.monotonic() - sent
    assert proc.returncode == 130, stderr
    assert elapsed < 3, elapsed
    lines = [l for l in stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("interrupted"), stderr
    assert "Traceback" not in stderr
    time.sleep(0.5)
    assert _group_alive(proc.pid) == []              # no worker left behind
    assert tree(out) == before                       # previous output untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]  # no staging, no spill


def test_killed_build_leaves_no_worker(corpus, tmp_path):
    proc = _start(corpus, tmp_path / "output")
    _wait_for_workers(proc)
    proc.send_signal(signal.SIGKILL)                 # the main process only
    proc.wait(timeout=10)
    deadline = time.monotonic() + 5
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _group_alive(proc.pid) == []
    stderr = proc.stderr.read()
    assert "BrokenPipe" not in stderr and "Traceback" not in stderr
