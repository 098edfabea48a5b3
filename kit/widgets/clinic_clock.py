"""The clinic's clock: real time spent, ticking in the browser, and where the room is in the hour's plan.

The clock (ipywidgets' Play) ticks in the browser, so the kernel never sleeps. "Next phase" moves the
plan, never the clock: the room sees the real minutes it has spent, and the new phase gets its full time.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from kit.cop.clinic_format import ClinicFormat, Phase, clinic_formats
from kit.widgets.clinic_html import clock_html


class ClinicClock(widgets.HBox):
    """Play / pause, the time and what is left of the phase, and Next phase; `on_move` runs on every change."""

    def __init__(self, timing: Callable[[], ClinicFormat], on_move: Callable[[], None], tick_ms: int = 1000) -> None:
        self.timing = timing  # read on every tick: the room may switch between the hour and 30 minutes
        self.ticker = widgets.Play(
            value=0, min=0, max=max(f.minutes for f in clinic_formats().values()) * 60, step=1, interval=tick_ms,
            show_repeat=False,
            description="Start or pause the clinic clock",
        )
        self.ticker.add_class("okr-clinic-ticker")
        self.plan_shift = 0  # seconds the plan was moved ahead by "Next phase"
        self.display = widgets.HTML()
        skip = widgets.Button(description="Next phase", icon="forward", layout=widgets.Layout(width="auto"))
        skip.add_class("okr-clinic-next-phase")
        skip.on_click(lambda _b: self.next_phase())
        self._on_move = on_move
        self.ticker.observe(lambda _c: self._moved(), names="value")
        super().__init__([self.ticker, self.display, skip])
        self.render()

    @property
    def elapsed(self) -> int:
        """Seconds the clinic has run, by the clock."""
        return int(self.ticker.value)

    @property
    def plan_seconds(self) -> int:
        """Where the room is in the clinic's plan: the clock's time plus every phase skipped ahead."""
        return self.elapsed + self.plan_shift

    @property
    def phase(self) -> Phase:
        return self.timing().phase_at(self.plan_seconds)

    def next_phase(self) -> None:
        """Move on to the next phase now; the clock keeps the real time, the plan shifts instead."""
        timing = self.timing()
        later = [p for p in timing.phases if p.start_minute > self.phase.start_minute]
        target = later[0].start_minute * 60 if later else timing.minutes * 60
        self.plan_shift = target - self.elapsed
        self._moved()

    def render(self) -> None:
        self.display.value = clock_html(self.timing(), self.elapsed, self.plan_seconds)

    def _moved(self) -> None:
        self.render()
        self._on_move()
