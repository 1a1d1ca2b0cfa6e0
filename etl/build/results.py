"""What a build returns: a result per source and the build's outcome."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..corpus import Decisions, DocSummary
from ..errors import Diagnostic, ParseError
from ..sources import SourceItem


class Interrupted(BaseException):
    """SIGTERM (or SIGINT) during a build: stop, clean up, keep the previous output."""


@dataclass
class ItemResult:
    """What one source gave: a summary per document, or why it was refused."""

    item: SourceItem
    key: str                                  # parse-cache key
    status: str                               # ok | rejected
    sha256: str | None = None
    documents: list[DocSummary] = field(default_factory=list)
    error: ParseError | None = None
    warnings: list[Diagnostic] = field(default_factory=list)   # about the file as a whole
    identity: dict | None = None
    cpu_seconds: float = 0.0
    # A rejection that follows from the source's bytes is kept in the parse cache
    # like a success (the next build does not read the source again); one that
    # does not (the disk failed while reading) is not.
    cacheable: bool = True


@dataclass
class BuildResult:
    items: list[ItemResult]
    written: bool
    failure: str | None = None
    tables: dict[str, int] | None = None       # rows per table
    timings: dict[str, float] = field(default_factory=dict)
    parsed: int = 0                            # sources parsed now, not taken from the cache
    parts_written: int = 0                     # session parts written now, not taken over
    decisions: Decisions | None = None
    peak_rss: dict[str, int] = field(default_factory=dict)

    @property
    def rejected(self) -> list[ItemResult]:
        return [r for r in self.items if r.status != "ok"]

    @property
    def invalid(self) -> list[dict]:
        """Documents left out because their rows do not validate."""
        return self.decisions.report.get("invalid_documents", []) if self.decisions else []


