"""The dataset card and its figures, generated from a built package."""

import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from click.testing import CliRunner

from etl import schema
from etl.cli import main
from etl.publish import card, tables
from test_publish_package import small_package  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def summary(small_package):  # noqa: F811
    return card.summarize(small_package)


def test_summary_counts_come_from_the_tables(small_package, summary):  # noqa: F811
    resolutions = tables.read_table(small_package, "resolutions").to_pylist()
    for table in schema.TABLES:
        assert summary.rows[table] == tables.read_table(small_package, table).num_rows
    assert summary.versions == len(resolutions)
    assert summary.resolutions == len({r["symbol"] for r in resolutions})
    assert sum(summary.coverage.values()) == len(resolutions)
    by_language = Counter()
    for (_, language), n in summary.coverage.items():
        by_language[language] += n
    assert by_language == Counter(r["language"] for r in resolutions)
    assert "68" in summary.sessions and summary.sessions == sorted(
        summary.sessions, key=lambda s: (not s.isdigit(), s.zfill(3)))
    votes = tables.read_table(small_package, "votes").column("vote").to_pylist()
    assert {k: sum(v) for k, v in summary.votes.items()} == {
        k: votes.count(k) for k in ("yes", "no", "abstain")}
    assert sum(sum(v) for v in summary.adoption.values()) == summary.resolutions
    assert summary.aligned <= summary.multilingual <= summary.resolutions
    report = tables.read_report(small_package)
    assert len(summary.rejected) == sum(1 for e in report["inputs"] if e["status"] == "rejected")


def test_card_states_the_numbers(summary):
    text = card.render(summary, "docs/figures")
    assert f"| `clauses` | {summary.rows['clauses']:,} |" in text
    assert f"Data version `{summary.release}`" in text
    for (session, language), n in summary.coverage.items():
        line = next(l for l in text.splitlines() if l.startswith(f"| {session} |"))
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert cells[1 + summary.languages.index(language)] == f"{n:,}"
    assert f"Rejected sources: {len(summary.rejected):,}" in text
    for figure in card.FIGURES:
        assert f"](docs/figures/{figure})" in text


def test_figures_are_deterministic_svg(summary):
    first, second = card.figures(summary), card.figures(summary)
    assert set(first) == set(card.FIGURES)
    for name, svg in first.items():
        assert svg == second[name], name
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert b"<dc:date>" not in svg
        assert b"@font-face" not in svg  # text drawn as paths: no font needed to read it


def test_card_goes_between_the_markers_only():
    readme = ("# Title\n\nintro\n\n<!-- dataset-card:start -->\nold card\n"
              "<!-- dataset-card:end -->\n\n## Licence\n")
    new = card.readme_with_card(readme, "NEW CARD\n")
    assert new.startswith("# Title\n\nintro\n\n<!-- dataset-card:start -->\n")
    assert "old card" not in new and "NEW CARD" in new
    assert new.endswith("<!-- dataset-card:end -->\n\n## Licence\n")
    assert card.readme_with_card(new, "NEW CARD\n") == new
    with pytest.raises(tables.PackageError, match="README.md: the markers"):
        card.readme_with_card("# no markers\n", "x")


def test_the_command_writes_readme_and_figures(small_package, summary, tmp_path):  # noqa: F811
    readme = tmp_path / "README.md"
    readme.write_text("# R\n<!-- dataset-card:start -->\n<!-- dataset-card:end -->\n")
    figures = tmp_path / "docs" / "figures"
    result = CliRunner().invoke(main, ["card", "--package", str(small_package), "--readme",
                                       str(readme), "--figures", str(figures)])
    assert result.exit_code == 0, result.output
    text = readme.read_text()
    assert card.render(summary, "docs/figures") in text
    assert sorted(p.name for p in figures.iterdir()) == sorted(card.FIGURES)
    assert (figures / "coverage.svg").read_bytes() == card.figures(summary)["coverage.svg"]


def test_sessions_are_written_as_people_write_them():
    assert card.session_span(["59", "65", "80", "ES-10", "ES-11", "S-32"]) == \
        "59–80, ES-10, ES-11, S-32"
    assert card.session_span(["68"]) == "68"
    assert card.session_span(["ES-11"]) == "ES-11"


def test_disagreement_causes_are_grouped(summary):
    from dataclasses import replace
    listed = replace(summary, agreement={}, disagreements=[
        {"cause": "ar: 2 preambular paragraphs fewer"}, {"cause": "zh: 1 preambular paragraphs fewer"},
        {"what": "footnotes"}])
    assert card.disagreement_causes(listed) == [("N preambular paragraphs fewer", 2),
                                                ("footnotes", 1)]
    grouped = replace(listed, agreement={"causes": {"b": 1, "a": 4},
                                         "resolutions_in_all_six_languages": 8,
                                         "agree_on_paragraph_ids": 6})
    assert card.disagreement_causes(grouped) == [("a", 4), ("b", 1)]
    text = "".join(card.limits(grouped))
    assert "reported by the build: 3 (of the 8 resolutions in all six official languages, " \
           "6 (75.0%) agree on their paragraph ids)" in text
    assert "  - a: 4\n  - b: 1\n" in text
