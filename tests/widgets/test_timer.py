"""The countdown ticks in the browser; the kernel only renders what the ticker reports."""

from __future__ import annotations

from kit.widgets.timer import CountdownTimer, format_clock


def test_clock_format() -> None:
    assert format_clock(0) == "00:00"
    assert format_clock(20 * 60) == "20:00"
    assert format_clock(-5) == "00:00"


def test_countdown_follows_the_ticker_and_warns_near_the_end() -> None:
    timer = CountdownTimer(20, label="Contextualise")
    assert "20:00" in timer.clock.value and timer.ticker.max == 1200
    timer.ticker.value = 1150
    assert "00:50" in timer.clock.value and "last minute" in timer.clock.value
    timer.ticker.value = 1200
    assert "time is up" in timer.clock.value


def test_label_is_escaped() -> None:
    timer = CountdownTimer(1, label="<b>x</b>")
    assert "<b>x</b>" not in timer.clock.value


def test_the_facilitator_sets_the_length_within_the_guides_range() -> None:
    timer = CountdownTimer(20, label="Envision", choices=(20, 30))
    assert timer.length is not None and (timer.length.min, timer.length.max) == (20, 30)
    timer.ticker.value = 5 * 60
    timer.length.value = 30
    assert timer.ticker.max == 30 * 60 and timer.progress.max == 30 * 60
    assert "25:00" in timer.clock.value  # the five minutes already run are kept
    timer.length.value = 99
    assert timer.length.value == 30  # the range the guide gives is the limit


def test_a_fixed_timing_offers_no_length_control() -> None:
    assert CountdownTimer(10, choices=(10, 10)).length is None
    assert CountdownTimer(10).length is None
