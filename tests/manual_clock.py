"""A clock for debounce tests: time and timers move only when the test says so."""

from __future__ import annotations

from collections.abc import Callable


class TimerHandle:
    cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class ManualClock:
    """Stands in for both `time.monotonic` and a loop's `call_later`."""

    def __init__(self) -> None:
        self.now = 0.0
        self.timers: list[tuple[float, Callable[[], None], TimerHandle]] = []

    def __call__(self) -> float:
        return self.now

    def call_later(self, delay: float, callback: Callable[[], None]) -> TimerHandle:
        handle = TimerHandle()
        self.timers.append((self.now + delay, callback, handle))
        return handle

    def advance(self, seconds: float) -> None:
        """Run every timer due within `seconds`, in order, including ones those timers set."""
        end = self.now + seconds
        while due := sorted((t for t in self.timers if t[0] <= end and not t[2].cancelled), key=lambda t: t[0]):
            self.timers.remove(due[0])
            self.now = due[0][0]
            due[0][1]()
        self.now = end
