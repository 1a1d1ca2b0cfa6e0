"""Progress of a long build: a bar per stage on a terminal, one line per stage otherwise.

On a terminal (stderr is a TTY) each stage shows a rich progress bar with
counts, elapsed time and time left; in CI, in a pipe or with --quiet, each
stage prints one line when it ends ("parse: 11,383 sources in 21.4 s").
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager


class _Lines:
    def __init__(self, name: str, unit: str, quiet: bool):
        self.name, self.unit, self.quiet = name, unit, quiet
        self.done = 0
        self.started = time.perf_counter()

    def advance(self, n: int = 1) -> None:
        self.done += n

    def close(self) -> None:
        if not self.quiet:
            seconds = time.perf_counter() - self.started
            print(f"{self.name}: {self.done:,} {self.unit} in {seconds:.1f} s", file=sys.stderr)


class _Bar(_Lines):
    def __init__(self, name: str, unit: str, total: int):
        super().__init__(name, unit, quiet=False)
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)
        self.progress = Progress(TextColumn(f"{name:<9}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn(unit), TimeElapsedColumn(), TextColumn("left"),
                                 TimeRemainingColumn(), transient=False,
                                 console=Console(stderr=True))
        self.task = self.progress.add_task(name, total=total)
        self.progress.start()

    def advance(self, n: int = 1) -> None:
        super().advance(n)
        self.progress.advance(self.task, n)

    def close(self) -> None:
        self.progress.stop()  # the bar stays on screen as the stage's line


@contextmanager
def stage(name: str, total: int, unit: str, quiet: bool = False):
    """`with stage("parse", n, "sources") as bar: ... bar.advance()`."""
    bar = _Bar(name, unit, total) if not quiet and sys.stderr.isatty() else _Lines(name, unit, quiet)
    try:
        yield bar
    except BaseException:
        bar.quiet = True  # an interrupted stage says nothing: the caller says why it stopped
        bar.close()
        raise
    bar.close()
