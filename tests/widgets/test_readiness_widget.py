"""The readiness form: clicking scores updates the total, the bars, the gate and the advice."""

from __future__ import annotations

from kit.widgets.readiness import ReadinessCheck


def test_one_toggle_per_item_and_nothing_scored_at_first() -> None:
    check = ReadinessCheck()
    assert len(check.inputs) == 14
    assert 'data-total="0"' in check.summary.value
    assert "0 of 14 items scored" in check.summary.value


def test_scores_drive_total_gate_and_fix_first_advice() -> None:
    check = ReadinessCheck()
    check.set_scores({item_id: 2 for item_id in check.inputs})
    assert 'data-total="28"' in check.summary.value and 'data-gate="green"' in check.summary.value
    check.inputs["baselines"].value = 0
    check.inputs["refresh"].value = 0
    check.inputs["data-steward"].value = 0
    assert 'data-total="22"' in check.summary.value and 'data-gate="green"' in check.summary.value
    check.inputs["north-star"].value = 1
    assert 'data-gate="amber"' in check.summary.value
    assert "Fix first" in check.summary.value and "No baselines" in check.summary.value
    assert "Data and Metrics" in check.summary.value and "0 / 6" in check.summary.value


def test_red_gate_says_pause() -> None:
    check = ReadinessCheck()
    check.set_scores({item_id: 1 for item_id in check.inputs})
    assert 'data-gate="red"' in check.summary.value
    assert "Pause" in check.summary.value
