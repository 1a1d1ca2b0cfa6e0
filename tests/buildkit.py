"""Small source folders for the tests that run whole builds (the real corpus
takes a minute; CI builds it once and checks it against output/MANIFEST.json)."""

import shutil
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "sources" / "zh").glob("*.txt"))
# XML members of the corpus: one resolution (A/RES/77/1) in three languages.
XML_MEMBERS = [
    ("sources/akn/77session-English.zip", "English/A_RES_77_1-2223391E.xml"),
    ("sources/akn/77session-French.zip", "French/A_RES_77_1-2223391F.xml"),
    ("sources/akn/77session-Chinese.zip", "Chinese/A_RES_77_1-2223391C.xml"),
]


def small_sources(directory: Path, xml: bool = False) -> Path:
    """The four Chinese seed texts (and, with `xml`, a few XML files) in `directory`."""
    (directory / "zh").mkdir(parents=True, exist_ok=True)
    for seed in SEEDS:
        shutil.copy(seed, directory / "zh" / seed.name)
    if xml:
        (directory / "akn").mkdir(exist_ok=True)
        for archive, member in XML_MEMBERS:
            with zipfile.ZipFile(ROOT / archive) as zf:
                (directory / "akn" / Path(member).name).write_bytes(zf.read(member))
    return directory


def tree(path: Path) -> dict:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()}


def synthetic_sources(directory: Path, count: int, per_folder: int,
                      sessions: tuple[int, ...] = (90,)) -> Path:
    """`count` distinct resolutions made from the seeds (renumbered, shuffled, laid out
    at several widths), `per_folder` to a folder, spread over `sessions`."""
    import random
    from etl.text.parse import parse_file
    from etl.text.synth import Options, doc_from_parsed, render, variant
    docs = [doc_from_parsed(parse_file(p, p.name)) for p in SEEDS]
    width = max(3, len(str(count - 1)))
    for i in range(count):
        rng = random.Random(i)
        doc = variant(docs[i % 4], sessions[i % len(sessions)], 100 + i, rng)
        folder = directory / f"{i // per_folder}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"r{i:0{width}d}.txt").write_text(
            render(doc, Options(width=rng.choice([60, 76, 90]))), encoding="utf-8")
    return directory
