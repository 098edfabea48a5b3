"""The programme lead's adoption page: the signals against their targets, the call, the charts and a CSV.

A view over `kit.programme.adoption`, for one workshop's cycles (one per team) and its monthly reviews.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from kit.charts import adoption_figure, to_png
from kit.cycle.team_cycle import programme_cycles, workshops_with_cycles
from kit.programme.adoption import Adoption, adoption
from kit.programme.monthly_review import reviews
from kit.store import Store
from kit.widgets.shared import classed, folder_and_store
from kit.widgets.style import GATE_COLOURS, LEVEL_COLOURS, MUTED, OK_COLOUR, download_link, esc, pill, safe_file_name

_CALL_COLOURS = {"scale": OK_COLOUR, "extend": GATE_COLOURS["amber"], "fix": GATE_COLOURS["red"]}


def _shown(value: float, target: float) -> str:
    """A share (its target at most 1) as a percentage, a count as it is."""
    return f"{value:.0%}" if target <= 1 else f"{value:g}"


def signals_html(page: Adoption) -> str:
    rows = "".join(
        f"<tr data-signal='{esc(s.id)}' data-met='{str(s.met).lower()}'><td>{esc(s.name)}</td>"
        f"<td style='text-align:right'>{_shown(s.value, s.target)}</td>"
        f"<td style='color:{MUTED}'>target {_shown(s.target, s.target)}</td>"
        f"<td>{pill('met', OK_COLOUR) if s.met else pill('missed', LEVEL_COLOURS['error'])}</td></tr>"
        for s in page.signals
    )
    extra = (f"<p style='color:{MUTED}'>Baseline coverage {page.baseline_coverage:.0%} · "
             f"{page.governed_changes} KR change(s) made mid-cycle under governance · weeks 1 to {page.weeks[-1]}</p>")
    call = (f"<div class='okr-adoption-call' data-call='{esc(page.call)}'>"
            f"{pill(page.call.upper(), _CALL_COLOURS[page.call])} <b>{esc(page.call_text)}</b></div>")
    return f"{call}<table class='okr-adoption-signals'>{rows}</table>{extra}"


class AdoptionPage(widgets.VBox):
    """Pick the programme's workshop; read the signals, the pilot-to-scale call, the charts; download the CSV."""

    def __init__(self, workshop: str | Path | None = None, *, store: Store | None = None,
                 today: date | None = None, **kwargs: Any) -> None:
        self.folder, self.store = folder_and_store(workshop, store)
        self.today = today
        self.workshop = classed(widgets.Dropdown(options=workshops_with_cycles(self.store), description="Programme",
                                                 layout=widgets.Layout(width="30em")), "okr-adoption-workshop")
        self.signals = classed(widgets.HTML(), "okr-adoption-page-signals")
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.export = classed(widgets.HTML(), "okr-adoption-export")
        self.page: Adoption | None = None
        super().__init__([self.workshop, self.signals, self.chart, self.export], **kwargs)
        self.add_class("okr-adoption")
        self.workshop.observe(lambda _c: self.draw(), names="value")
        self.draw()

    def draw(self) -> None:
        name, cycles = programme_cycles(self.store, self.folder, self.workshop.value)
        self.page = adoption(cycles, reviews(self.store, name), self.today)
        self.signals.value = signals_html(self.page)
        self.chart.value = to_png(adoption_figure(self.page))
        self.export.value = download_link(f"adoption-{safe_file_name(name)}.csv", self.page.to_csv(), "text/csv")
