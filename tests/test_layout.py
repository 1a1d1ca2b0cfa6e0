"""Layout invariance: the same resolution laid out differently parses the same.

Variants are rendered from the parsed seeds by etl.text.synth: other line widths,
with and without blank lines, footnote markers inline or on their own lines,
page breaks (and so footnote blocks, separators and running headers) at other
places, full-width numbering.
"""

import random

import pytest

from etl.text.parse import parse_bytes
from etl.text.synth import Options, doc_from_parsed, render, variant

from helpers import check_consistent, essence

NAMED = {
    "as-is": Options(),
    "narrow": Options(width=40),
    "wide": Options(width=120),
    "no-blank-lines": Options(blank_lines=False),
    "inline-markers": Options(inline_markers=True),
    "short-pages": Options(page_lines=8),
    "odd-pages": Options(page_lines=23),
    "space-rule": Options(separator=" " * 59),
    "no-furniture": Options(furniture=False),
    "fullwidth-numbering": Options(fullwidth_numbering=True),
    "everything": Options(width=50, inline_markers=True, page_lines=15, blank_lines=False,
                          fullwidth_numbering=True),
}


def _random_options(rng: random.Random) -> Options:
    return Options(width=rng.randint(36, 130), blank_lines=rng.random() < 0.5,
                   inline_markers=rng.random() < 0.5, page_lines=rng.randint(6, 50),
                   separator=rng.choice(["_" * 15, " " * 59, "_" * 18]),
                   fullwidth_numbering=rng.random() < 0.3, furniture=rng.random() < 0.6)


RANDOM = {f"random-{i}": _random_options(random.Random(i)) for i in range(25)}


@pytest.mark.parametrize("name", list(NAMED) + list(RANDOM))
def test_relaid_out_seeds_parse_the_same(seeds, name):
    options = NAMED.get(name) or RANDOM[name]
    for symbol, original in seeds.items():
        text = render(doc_from_parsed(original), options)
        again = parse_bytes(text.encode("utf-8"), f"{symbol}-{name}")
        assert essence(again, lines=False) == essence(original, lines=False), (symbol, options)
        assert again.diagnostics == []
        assert again.coverage.complete
        check_consistent(again)


def test_rendering_really_changes_the_layout(seeds):
    original = seeds["A/RES/68/47"]
    narrow = render(doc_from_parsed(original), NAMED["narrow"]).splitlines()
    inline = render(doc_from_parsed(original), NAMED["inline-markers"])
    assert max(len(l) for l in narrow) < 36 < max(len(l) for l in original.source.lines)
    assert "》1 和" in inline or "》1 " in inline
    assert "\n1\n" not in inline and "\n1\n" in render(doc_from_parsed(original), Options())


def test_variants_are_distinct_resolutions(seeds):
    rng = random.Random(5)
    doc = doc_from_parsed(seeds["A/RES/59/76"])
    v = variant(doc, 80, 1234, rng)
    parsed = parse_bytes(render(v).encode(), "v.txt")
    assert parsed.resolution.symbol == "A/RES/80/1234"
    assert parsed.resolution.operative_count == 13 and parsed.resolution.preambular_count == 20
    assert [c.text for c in parsed.clauses] != [c.text for c in seeds["A/RES/59/76"].clauses]
    assert sorted(c.text for c in parsed.clauses if c.level == 1 and c.section == "preamble") == \
        sorted(c.text for c in seeds["A/RES/59/76"].clauses if c.level == 1 and c.section == "preamble")
    assert [r.footnote_number for r in parsed.refs][:1] == [1]
    assert parsed.diagnostics == [] and parsed.coverage.complete
    check_consistent(parsed)


def test_a_footnote_number_without_text_is_set_aside():
    """A file cut short right after a footnote's number: no footnote row
    without text, the number line listed as set aside, its marker kept as text."""
    from pathlib import Path
    seed = sorted((Path(__file__).resolve().parent.parent / "sources" / "zh").glob("*.txt"))[0]
    lines = seed.read_text(encoding="utf-8").split("\n")
    cut = next(i for i, line in enumerate(lines) if line.strip() == "7" and i > 100)
    parsed = parse_bytes("\n".join(lines[:cut + 1]).encode("utf-8"), "cut.txt")
    assert [f.number for f in parsed.footnotes] == [1, 2, 3, 4, 5, 6]
    assert all(f.text for f in parsed.footnotes)
    assert [(d.line, d.text) for d in parsed.discarded if d.kind == "empty_footnote"] == \
        [(cut + 1, "7")]
    assert 7 not in {r.footnote_number for r in parsed.refs}
    assert any(d.line == cut + 1 and "footnote 7 has no text" in d.message
               for d in parsed.diagnostics)
    assert parsed.coverage.complete
