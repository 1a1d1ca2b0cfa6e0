from pathlib import Path

import pytest

from etl.text.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "sources" / "zh").glob("*.txt"))


@pytest.fixture(scope="session")
def seeds():
    """The four seed resolutions, parsed once, by symbol."""
    parsed = [parse_file(p, p.relative_to(ROOT).as_posix()) for p in SEEDS]
    return {p.resolution.symbol: p for p in parsed}
