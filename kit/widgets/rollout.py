"""Editable rollout tables: a plan, the RACI snapshot and the rhythm, each exportable.

A coach edits these with the sponsor on screen, so every cell is a text box and every export
is one click; the data stays in kit.rollout.plan models and the Markdown comes from kit.rollout.plan.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import ipywidgets as widgets

from kit.cycle.plan import CYCLE_WEEKS
from kit.rollout.plan import Plan, PlanItem, RaciRow, Rhythm, plan_markdown, raci_markdown, rhythm_calendar
from kit.widgets.style import download_link, esc


class PlanEditor(widgets.VBox):
    """One row of text boxes per plan item; add and remove rows; download as Markdown."""

    def __init__(self, plan: Plan, *, start: date | None = None, **kwargs: Any) -> None:
        self.plan = plan
        self.start = widgets.DatePicker(description="Start", value=start)
        self.rows = widgets.VBox()
        self.add = widgets.Button(description="Add a row", icon="plus")
        self.export = widgets.Button(description="Export Markdown", icon="download")
        self.output = widgets.HTML()
        self.add.on_click(lambda _: self.add_item(PlanItem(phase="", action="", owner="", day=0)))
        self.export.on_click(lambda _: self.render_export())
        self._rebuild()
        super().__init__([widgets.HTML(f"<h4>{esc(plan.title)}</h4>"), self.start, self.rows,
                          widgets.HBox([self.add, self.export]), self.output], **kwargs)

    def add_item(self, item: PlanItem) -> None:
        self.plan.items.append(item)
        self._rebuild()

    def remove_item(self, index: int) -> None:
        del self.plan.items[index]
        self._rebuild()

    def _bind(self, item: PlanItem, field: str, box: widgets.ValueWidget) -> None:
        box.observe(lambda change: setattr(item, field, change["new"]), names="value")

    def _rebuild(self) -> None:
        rows: list[widgets.Widget] = []
        for index, item in enumerate(self.plan.items):
            phase = widgets.Text(value=item.phase, placeholder="Phase", layout=widgets.Layout(width="14em"))
            action = widgets.Text(value=item.action, placeholder="Action", layout=widgets.Layout(width="34em"))
            owner = widgets.Text(value=item.owner, placeholder="Owner", layout=widgets.Layout(width="12em"))
            day = widgets.BoundedIntText(value=item.day, min=0, max=366, layout=widgets.Layout(width="6em"))
            for field, box in (("phase", phase), ("action", action), ("owner", owner), ("day", day)):
                self._bind(item, field, box)
            remove = widgets.Button(icon="trash", tooltip="Remove this row", layout=widgets.Layout(width="3em"))
            remove.on_click(lambda _, i=index: self.remove_item(i))
            rows.append(widgets.HBox([phase, action, owner, day, remove]))
        self.rows.children = rows

    def render_export(self) -> str:
        text = plan_markdown(self.plan, start=self.start.value)
        self.output.value = download_link("rollout-plan.md", text, "text/markdown") + f"<pre>{esc(text)}</pre>"
        return text


class RaciEditor(widgets.VBox):
    """The RACI snapshot as a grid of names; export as Markdown."""

    def __init__(self, rows: list[RaciRow], **kwargs: Any) -> None:
        self.raci = rows
        grid: list[widgets.Widget] = [widgets.HBox([widgets.HTML(f"<b>{h}</b>", layout=widgets.Layout(width=w))
                                                    for h, w in (("Activity", "16em"), ("R", "11em"), ("A", "11em"),
                                                                 ("C", "11em"), ("I", "11em"))])]
        for row in rows:
            cells: list[widgets.Widget] = [widgets.HTML(esc(row.activity), layout=widgets.Layout(width="16em"))]
            for role in ("R", "A", "C", "I"):
                box = widgets.Text(value=getattr(row, role), layout=widgets.Layout(width="11em"))
                box.observe(lambda change, r=row, k=role: setattr(r, k, change["new"]), names="value")
                cells.append(box)
            grid.append(widgets.HBox(cells))
        self.export = widgets.Button(description="Export Markdown", icon="download")
        self.output = widgets.HTML()
        self.export.on_click(lambda _: self.render_export())
        super().__init__([*grid, self.export, self.output], **kwargs)

    def render_export(self) -> str:
        text = raci_markdown(self.raci)
        self.output.value = download_link("raci.md", text, "text/markdown") + f"<pre>{esc(text)}</pre>"
        return text


class RhythmPanel(widgets.VBox):
    """Pick the team, the cycle start and the check-in day; download the rhythm as a calendar file."""

    _DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")

    def __init__(self, team: str = "", start: date | None = None, **kwargs: Any) -> None:
        self.team = widgets.Text(value=team, description="Team")
        self.start = widgets.DatePicker(description="Cycle start", value=start)
        self.weeks = widgets.BoundedIntText(value=CYCLE_WEEKS, min=1, max=53, description="Weeks")
        self.weekday = widgets.Dropdown(options=[(d, i) for i, d in enumerate(self._DAYS)], description="Check-in")
        self.export = widgets.Button(description="Download calendar (.ics)", icon="calendar")
        self.output = widgets.HTML()
        self.export.on_click(lambda _: self.render_export())
        super().__init__([self.team, self.start, self.weeks, self.weekday, self.export, self.output], **kwargs)

    def rhythm(self) -> Rhythm:
        return Rhythm(team=self.team.value.strip() or "Team", cycle_start=self.start.value or date.today(),
                      cycle_weeks=self.weeks.value, checkin_weekday=self.weekday.value)

    def render_export(self) -> bytes:
        rhythm = self.rhythm()
        ics = rhythm_calendar(rhythm)
        self.output.value = (download_link("okr-rhythm.ics", ics, "text/calendar")
                             + f" weekly check-ins until {rhythm.cycle_end}, monthly reviews, quarterly retro.")
        return ics
