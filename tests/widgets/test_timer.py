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
