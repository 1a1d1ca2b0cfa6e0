"""The README's performance table is made from the benchmark's results file."""

from etl.bench import TARGETS, performance_table


def _results(clean=25.0, one_more=4.5):
    return {"cpus": 2, "jobs": 2, "python": "3.11.7", "date": "2026-12-07",
            "corpus": {"clean_build": {"wall_s": clean, "peak_rss_bytes": 1_000_000_000,
                                       "peak_rss_worker_bytes": 200_000_000},
                       "parse_stage_vs_reference": 2.5,
                       "rebuild_after_adding_one_file": {"wall_s": one_more},
                       "rebuild_unchanged": {"wall_s": 2.0},
                       "frictionless": {"seconds": 120.0}},
            "runs": [{"size": 10000, "clean_build": {"wall_s": 12.0}}]}


def _row(table: str, what: str) -> list[str]:
    line = next(l for l in table.splitlines() if l.startswith(f"| {what} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_each_target_is_met_or_missed_by_its_measure():
    table = performance_table(_results())
    assert _row(table, "clean build of sources/") == ["clean build of sources/", "30 s",
                                                      "25.00 s", "met"]
    assert _row(table, "rebuild after one new source")[2:] == ["4.50 s", "missed (1.5× the limit)"]
    assert _row(table, "10,000 synthetic text resolutions")[3] == "missed (1.2× the limit)"
    # 1 GB main + 2 workers x 0.2 GB
    assert _row(table, "peak memory of the clean build (main process + every worker)")[2:] == [
        "1.40 GB", "met"]
    assert "on 2 cores, 2 worker processes, Python 3.11.7, on 2026-12-07" in table
    assert len([l for l in table.splitlines() if l.startswith("| ") and not l.startswith("| target")]) \
        == len(TARGETS)


def test_a_target_without_its_measure_is_not_measured():
    results = _results()
    del results["runs"]
    del results["corpus"]["frictionless"]
    table = performance_table(results)
    assert _row(table, "10,000 synthetic text resolutions")[2:] == ["not measured", ""]
