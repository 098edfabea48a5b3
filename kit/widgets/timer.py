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
    """Counts down `minutes`; turns amber in the last minute and red when time is up.

    With `choices` (the guide's range, e.g. 20-30 minutes) the facilitator sets the length within
    it, since the room decides how long a step may run; time already elapsed is kept.
    """

    def __init__(
        self, minutes: float, label: str = "", choices: tuple[int, int] | None = None, **kwargs: Any
    ) -> None:
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
        row: list[widgets.Widget] = [self.ticker, self.progress, self.clock]
        self.length: widgets.BoundedIntText | None = None
        if choices is not None and choices[0] < choices[1]:
            self.length = widgets.BoundedIntText(
                value=min(max(round(minutes), choices[0]), choices[1]), min=choices[0], max=choices[1],
                description="Minutes", tooltip=f"The guide allows {choices[0]}-{choices[1]} minutes",
                layout=widgets.Layout(width="150px"),
            )
            self.length.add_class("okr-timer-minutes")
            self.length.observe(self._set_length, names="value")
            row.insert(0, self.length)
        super().__init__([widgets.HBox(row)], **kwargs)
        self.add_class("okr-timer")
        self._render()

    @property
    def remaining(self) -> int:
        return self.total_seconds - int(self.ticker.value)

    def _tick(self, _change: dict[str, Any]) -> None:
        self._render()

    def _set_length(self, change: dict[str, Any]) -> None:
        self.total_seconds = max(1, int(change["new"]) * 60)
        elapsed = min(int(self.ticker.value), self.total_seconds)
        self.ticker.max = self.progress.max = self.total_seconds
        self.ticker.value = elapsed
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
