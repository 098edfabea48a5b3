"""The check-in's micro-OKR section: write an experiment under an Amber KR, review it, track its readings.

A view over `kit.cycle.micro_okr`; saving goes through `on_save`, which the check-in page points at
the workshop store, and the cycle the page holds changes only once the save has worked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import ipywidgets as widgets
from pydantic import ValidationError

from kit.cycle.actuals import Actual
from kit.cycle.checkin import Cycle
from kit.cycle.micro_okr import MicroOkr, next_micro_id, review_micro_okr
from kit.cycle.scoring import Band, rag
from kit.errors import KitError
from kit.model import KeyResult
from kit.parse.fields import number_and_unit
from kit.widgets.shared import classed
from kit.widgets.style import MUTED, esc, findings_html, message_html, pill


def micro_list_html(cycle: Cycle, on: date) -> str:
    """Every micro-OKR with its parent KR, dates and each KR's latest reading and score."""
    if not cycle.micro_okrs:
        return f"<div style='color:{MUTED}'>No micro-OKR yet.</div>"
    parts = []
    for micro in cycle.micro_okrs:
        state = "running" if micro.active_on(on) else ("ended" if on > micro.end else "starts later")
        krs = []
        for index, kr in enumerate(micro.key_results):
            score = micro.score(index, on)
            badge = (pill(f"{score:.2f} · {rag(score).label}", rag(score).colour) if score is not None
                     else f"<span style='color:{MUTED}'>no reading yet</span>")
            krs.append(f"<li>{esc(micro.kr_id(index))} {esc(kr.text)} {badge}</li>")
        parts.append(
            f"<div class='okr-micro' data-micro='{esc(micro.id)}' data-state='{state}'><b>{esc(micro.id)}</b> "
            f"{esc(micro.objective)} <span style='color:{MUTED}'>· for {esc(micro.parent_kr_id)} · "
            f"{micro.start:%d %b} to {micro.end:%d %b} ({state})</span><ul>{''.join(krs)}</ul></div>"
        )
    return "".join(parts)


def _rank(band: Band | None) -> int:
    """Amber first (what a micro-OKR is for), then Red, then the others, unscored last."""
    return 3 if band is None else {Band.AMBER: 0, Band.RED: 1}.get(band, 2)


def _label(kr_id: str, text: str, band: Band | None) -> str:
    return f"{kr_id}{f' ({band.label})' if band is not None else ''}: {text[:60]}"


class MicroOkrPanel(widgets.VBox):
    """Add a micro-OKR under a plan KR (Amber and Red ones first) and record its KRs' readings."""

    def __init__(self, cycle: Cycle, week: int, on_save: Callable[[Cycle], None], **kwargs: Any) -> None:
        self.cycle, self.week, self.on_save = cycle, week, on_save
        self.day = cycle.plan.week_end(week)
        bands = {kr.id: cycle.snapshot(kr.id, week).escalation_band for kr in cycle.plan.tracked()}
        ranked = sorted(cycle.plan.tracked(), key=lambda kr: _rank(bands[kr.id]))
        self.parent = classed(widgets.Dropdown(
            options=[(_label(kr.id, kr.key_result.text, bands[kr.id]), kr.id) for kr in ranked],
            description="For KR", layout=widgets.Layout(width="40em")), "okr-micro-parent")
        self.objective = self._text("What the experiment should show", "okr-micro-objective")
        self.krs = [self._text("Key result 1: metric from X to Y by date", "okr-micro-kr1"),
                    self._text("Key result 2 (optional)", "okr-micro-kr2")]
        self.weeks = classed(widgets.Dropdown(options=[2, 3, 4], value=3, description="Weeks"), "okr-micro-weeks")
        self.start = widgets.DatePicker(value=self.day - timedelta(days=self.day.weekday()), description="Starts")
        self.findings = classed(widgets.HTML(), "okr-micro-findings")
        add = classed(widgets.Button(description="Add micro-OKR", icon="flask", button_style="primary"),
                      "okr-micro-add")
        add.on_click(lambda _b: self.add())
        self.message = classed(widgets.HTML(), "okr-micro-message")
        self.listing = classed(widgets.HTML(micro_list_html(cycle, self.day)), "okr-micro-list")
        self.reading_kr = classed(widgets.Dropdown(description="Reading for", layout=widgets.Layout(width="24em")),
                                  "okr-micro-reading-kr")
        self.reading = classed(widgets.Text(placeholder="value this week", layout=widgets.Layout(width="10em")),
                               "okr-micro-reading")
        record = classed(widgets.Button(description="Record reading", icon="check"), "okr-micro-record")
        record.on_click(lambda _b: self.record_reading())
        for box in (self.objective, *self.krs):
            box.observe(lambda _c: self.review(), names="value")
        super().__init__([self.listing, widgets.HBox([self.reading_kr, self.reading, record]),
                          widgets.HTML("<b>A new micro-OKR</b>"), self.parent, self.objective, *self.krs,
                          widgets.HBox([self.weeks, self.start, add]), self.findings, self.message], **kwargs)
        self.add_class("okr-micro-panel")
        self._list_readable()

    def _text(self, placeholder: str, css: str) -> widgets.Text:
        return classed(widgets.Text(placeholder=placeholder, layout=widgets.Layout(width="40em")), css)

    def _list_readable(self) -> None:
        running = [(f"{micro.kr_id(i)} {kr.text[:40]}", (micro.id, i)) for micro in self.cycle.micro_okrs
                   if micro.active_on(self.day) or micro.end >= self.day - timedelta(days=7)
                   for i, kr in enumerate(micro.key_results)]
        self.reading_kr.options = running

    def draft(self) -> MicroOkr:
        texts = [box.value.strip() for box in self.krs if box.value.strip()]
        return MicroOkr(id=next_micro_id(self.cycle.micro_okrs, self.parent.value), parent_kr_id=self.parent.value,
                        objective=self.objective.value.strip(), key_results=[KeyResult(text=t) for t in texts],
                        start=self.start.value, weeks=self.weeks.value)

    def review(self) -> None:
        """The rubric's findings on the micro-OKR as typed (the house rules with the micro-OKR rules over them)."""
        if not self.objective.value.strip() or not any(box.value.strip() for box in self.krs):
            self.findings.value = ""
            return
        try:
            self.findings.value = findings_html(review_micro_okr(self.draft()).findings)
        except ValidationError:
            self.findings.value = ""

    def add(self) -> bool:
        try:
            micro = self.draft()
            updated = self.cycle.model_copy(deep=True)
            updated.add_micro_okr(micro)
            self.on_save(updated)
        except ValidationError as error:
            self.message.value = message_html(
                "Not added: a micro-OKR needs an objective, one or two key results and 2 to 4 weeks "
                f"({error.errors()[0]['msg']}).", ok=False)
            return False
        except (KitError, OSError) as error:
            self.message.value = message_html(f"Not added. {error}", ok=False)
            return False
        self.cycle.micro_okrs = updated.micro_okrs
        self.objective.value = ""
        for box in self.krs:
            box.value = ""
        self.listing.value = micro_list_html(self.cycle, self.day)
        self._list_readable()
        self.message.value = message_html(f"{micro.id} added under {micro.parent_kr_id} and saved.", ok=True)
        return True

    def record_reading(self) -> bool:
        value, _unit = number_and_unit(self.reading.value)
        if self.reading_kr.value is None or value is None:
            self.message.value = message_html("Pick a micro-OKR key result and type a number.", ok=False)
            return False
        micro_id, index = self.reading_kr.value
        updated = self.cycle.model_copy(deep=True)
        micro = next(m for m in updated.micro_okrs if m.id == micro_id)
        micro.readings = [*micro.readings, Actual(day=self.day, kr_id=micro.kr_id(index), value=value)]
        try:
            self.on_save(updated)
        except (KitError, OSError) as error:
            self.message.value = message_html(f"Not saved. {error}", ok=False)
            return False
        self.cycle.micro_okrs = updated.micro_okrs
        self.reading.value = ""
        self.listing.value = micro_list_html(self.cycle, self.day)
        self.message.value = message_html("Reading saved.", ok=True)
        return True
