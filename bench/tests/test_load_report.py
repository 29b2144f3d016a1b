"""The load test's figures go into their own part of bench/RESULTS.md, which the other
benchmarks keep."""

from __future__ import annotations

from bench.load import report

FIGURES = {"requests": 1200, "failures": 2, "rps": 20.0, "p50": 40, "p95": 180, "p99": 400}
RUN = {
    "started": 1000.0,
    "users": 50,
    "minutes": 10,
    "web_processes": 4,
    "workers": 2,
    "seed_s": 90.0,
    "total": FIGURES,
    "groups": {"pages": FIGURES, "autosave": FIGURES | {"p95": 60}},
    "faults": [{"what": "kill", "at": 1240.0, "detail": "d", "recovered": "r"}],
    "failures": [
        {"name": "page: home", "started": 1239.5, "ended": 1240.2, "error": "reset"},
        {"name": "autosave", "started": 1500.0, "ended": 1500.1, "error": "500"},
    ],
    "lost": {"autosaves_checked": 300, "autosaves_lost": 0, "imports": ["imported"]},
}


def test_a_failure_counts_as_in_flight_only_when_it_was_under_way_at_a_fault():
    fault = [{"at": 100.0}]
    assert report.in_flight({"started": 99.0, "ended": 100.5}, fault)
    assert report.in_flight({"started": 100.8, "ended": 101.0}, fault)  # queued at the fault
    assert not report.in_flight({"started": 98.0, "ended": 99.9}, fault)
    assert not report.in_flight({"started": 102.0, "ended": 103.0}, fault)


def test_the_section_says_what_failed_and_what_was_lost():
    text = "\n".join(report.section(RUN))
    assert "| pages | 1,200 | 2 | 20.0 | 40 ms | 180 ms | 400 ms | < 300 ms |" in text
    assert "| kill | minute 4.0 | d | r |" in text
    assert "Failed requests: 2, of which 1 were in flight at a fault and 1 were not." in text
    assert "300 checked against the database afterwards, 0 lost" in text


def test_writing_replaces_the_last_run_and_keeps_what_the_benchmarks_wrote(tmp_path, monkeypatch):
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\n| a | b |\n", encoding="utf-8")
    monkeypatch.setattr(report, "RESULTS", results)
    report.write(RUN)
    report.write(RUN | {"users": 60})
    text = results.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results\n\n| a | b |\n")
    assert text.count(report.START) == 1 and "60 users" in text and "50 users" not in text
