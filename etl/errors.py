"""The one error type the parser raises for bad input, and warnings."""

from __future__ import annotations

from dataclasses import dataclass


class ParseError(Exception):
    """Input that cannot be read as a resolution. Always names file and line."""

    def __init__(self, path: str, line: int | None, expected: str):
        self.path = path
        self.line = line
        self.expected = expected
        super().__init__(self.message)

    def __reduce__(self):
        # Exceptions pickle their args; ours has three: keep it picklable so
        # that worker processes can report it.
        return (ParseError, (self.path, self.line, self.expected))

    @property
    def message(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.expected}"


@dataclass(frozen=True)
class Diagnostic:
    """Something the parser accepted but a reader should check."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: warning: {self.message}"
