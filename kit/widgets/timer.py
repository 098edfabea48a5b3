"""A countdown a facilitator starts, pauses and resets in front of the room.

The ticking happens in the browser (ipywidgets' Play widget), so the kernel never sleeps
and the timer works the same in JupyterLab and in a Voila app.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from kit.widgets.style import GATE_COLOURS, MUTED, esc


def format_clock(seconds: int) -> str:
    minutes, rest = divmod(max(seconds, 0), 60)
    return f"{minutes:02d}:{rest:02d}"


class CountdownTimer(widgets.VBox):
    """Counts down `minutes`; turns amber in the last minute and red when time is up."""

    def __init__(self, minutes: float, label: str = "", **kwargs: Any) -> None:
        self.total_seconds = max(1, round(minutes * 60))
        self.label = label
        self.ticker = widgets.Play(
            value=0, min=0, max=self.total_seconds, step=1, interval=1000, show_repeat=False,
            description="Start, pause or stop the timer",
        )
        self.progress = widgets.IntProgress(value=0, min=0, max=self.total_seconds,
                                            layout=widgets.Layout(width="240px"))
        self.clock = widgets.HTML()
        self.ticker.observe(self._tick, names="value")
        widgets.jslink((self.ticker, "value"), (self.progress, "value"))
        super().__init__([widgets.HBox([self.ticker, self.progress, self.clock])], **kwargs)
        self.add_class("okr-timer")
        self._render()

    @property
    def remaining(self) -> int:
        return self.total_seconds - int(self.ticker.value)

    def _tick(self, _change: dict[str, Any]) -> None:
        self._render()

    def _render(self) -> None:
        remaining = self.remaining
        if remaining <= 0:
            colour, note = GATE_COLOURS["red"], "time is up"
        elif remaining <= 60:
            colour, note = GATE_COLOURS["amber"], "last minute"
        else:
            colour, note = "inherit", ""
        label = f"{esc(self.label)} " if self.label else ""
        self.clock.value = (
            f'<span class="okr-clock" style="font-size:1.6em;font-variant-numeric:tabular-nums;'
            f'color:{colour}">{label}{format_clock(remaining)}</span>'
            f' <span style="color:{MUTED}">{esc(note)}</span>'
        )
