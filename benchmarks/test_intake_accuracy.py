"""The intake benchmark's own scoring, run as a test so a broken case file or scorer is caught early."""

from __future__ import annotations

from benchmarks.intake_accuracy import TARGET_F1, load_cases, score


def test_benchmark_meets_its_target() -> None:
    cases = load_cases()
    assert len(cases) >= 40
    assert score(cases)[2] >= TARGET_F1
