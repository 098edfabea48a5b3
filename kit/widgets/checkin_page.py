"""Notebook 06 as one page over one team's cycle: pick the team, and every section redraws when it is saved.

The check-in notebook explains each step between its sections, so the page hands out one widget per
section (`section(name)`) instead of one block. All of them show the same cycle object: an actuals
upload or a saved check-in redraws the snapshot, what falls due, the dashboard and the update to post
at once, and switching team rebuilds every section on that team's cycle, never writing one team's
work under another's name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from IPython.display import HTML, Image

from kit.charts import save_dashboard
from kit.cycle.checkin import Cycle
from kit.cycle.checkin_text import render_checkin
from kit.cycle.escalation import due_actions, due_order
from kit.cycle.team_cycle import SAMPLE_QUARTER, TeamCycle, TeamDraft, open_team_cycle, teams_with_drafts
from kit.errors import KitError
from kit.programme.monthly_review import decisions_for
from kit.store import open_store
from kit.widgets.actuals import ActualsUpload
from kit.widgets.checkin import CheckInWidget
from kit.widgets.cycle_tables import due_actions_html, snapshot_table_html
from kit.widgets.micro_okr import MicroOkrPanel
from kit.widgets.shared import show
from kit.widgets.style import download_link, esc, message_html, safe_file_name

SAMPLE_LABEL = SAMPLE_QUARTER
SECTIONS = ("upload", "snapshot", "form", "due", "micro", "dashboard", "update")


class CheckInPage:
    """One team's weekly check-in: a team picker and the notebook's sections, kept in step with the cycle."""

    def __init__(self, workshop: str | Path | None = None, *, today: date | None = None) -> None:
        self.folder = Path.cwd() if workshop is None else Path(workshop)
        self.today = today or date.today()
        self.store = open_store(self.folder)  # one store for every team the picker opens
        teams = teams_with_drafts(self.store)
        options: list[tuple[str, TeamDraft | None]] = [(team.label, team) for team in teams]
        options.append((SAMPLE_LABEL, None))
        self.picker = widgets.Dropdown(options=options, value=options[0][1], description="Team",
                                       layout=widgets.Layout(width="32em"))
        self.picker.add_class("okr-checkin-team")
        self.notice = widgets.HTML()
        self.notice.add_class("okr-checkin-notice")
        self.outputs = {name: widgets.Output() for name in SECTIONS}
        for name, output in self.outputs.items():
            output.add_class(f"okr-checkin-{name}")
        self.team: TeamCycle | None = None
        self.form: CheckInWidget | None = None
        self.shown: dict[str, Any] = {}  # what each section shows now, by section
        self.dashboard_files: list[Path] = []
        self.picker.observe(lambda change: self.open(change["new"]), names="value")
        self.open(self.picker.value)

    # -- what the notebook shows ----------------------------------------------------------------

    def team_picker(self) -> widgets.VBox:
        return widgets.VBox([self.picker, self.notice])

    def section(self, name: str) -> widgets.Output:
        """The widget of one section; it redraws itself, so the notebook displays it once."""
        return self.outputs[name]

    @property
    def cycle(self) -> Cycle | None:
        return self.team.cycle if self.team is not None else None

    @property
    def week(self) -> int:
        """The week the room is in: this week of the cycle, or the latest with anything recorded."""
        cycle = self.cycle
        if cycle is None:
            return 1
        return min(cycle.plan.weeks, max(cycle.current_week, cycle.plan.week_of(self.today)))

    # -- opening and saving -------------------------------------------------------------------------

    def open(self, team: TeamDraft | None) -> None:
        """Show `team`'s cycle (None: the sample quarter), started from its saved draft if it has none yet."""
        try:
            self.team = open_team_cycle(self.folder, team=team, today=self.today, store=self.store)
        except KitError as error:
            self.team = self.form = None
            self.notice.value = message_html(f"Cannot open this team's check-in. {error}", ok=False)
            for output in self.outputs.values():
                show(output)
            return
        plan = self.team.cycle.plan
        source = "the sample quarter's files" if team is None else f"its OKRs saved in {esc(team.workshop)}"
        self.notice.value = (f"<p>Check-in for <b>{esc(plan.team or plan.name)}</b>: {len(plan.tracked())} key "
                             f"results from {source}, week {self.week} of {plan.weeks}. "
                             "Every save is a new version in the workshop store.</p>")
        self.form = CheckInWidget(self.team.cycle, week=self.week, on_save=self._save)
        self.form.autosave(self.team.store, author="check-in")
        self._draw(SECTIONS)

    def _save(self, updated: Cycle) -> None:
        """Save the cycle, then redraw what shows it (the form keeps what is typed in it)."""
        assert self.team is not None
        self.team.save(updated)
        self.team.cycle.actuals = updated.actuals
        self.team.cycle.checkins = updated.checkins
        self._draw(("upload", "snapshot", "due", "dashboard", "update"))

    def _imported(self, cycle: Cycle) -> None:
        assert self.team is not None and self.form is not None
        self.team.save(cycle)
        self.form.refresh()
        self._draw(("snapshot", "due", "dashboard", "update"))

    # -- the sections -------------------------------------------------------------------------------

    def _draw(self, names: tuple[str, ...]) -> None:
        renderers: dict[str, Callable[[TeamCycle], Any]] = {
            "upload": self._upload, "snapshot": self._snapshot, "form": lambda _team: self.form,
            "due": self._due, "micro": self._micro, "dashboard": self._dashboard, "update": self._update,
        }
        team = self.team
        for name in names:
            self.shown.pop(name, None)
            if team is None:
                show(self.outputs[name])
                continue
            shown = self.shown[name] = renderers[name](team)
            show(self.outputs[name], shown if isinstance(shown, list) else [shown])

    def _upload(self, team: TeamCycle) -> ActualsUpload:
        return ActualsUpload(team.cycle, on_import=self._imported)

    def _snapshot(self, team: TeamCycle) -> HTML:
        return HTML(snapshot_table_html(team.cycle, self.week))

    def _micro(self, team: TeamCycle) -> MicroOkrPanel:
        return MicroOkrPanel(team.cycle, self.week, on_save=self._save_micro)

    def _save_micro(self, updated: Cycle) -> None:
        """Save a new micro-OKR or reading; the update to post lists the micro-OKRs, so it redraws."""
        assert self.team is not None
        self.team.save(updated)
        self._draw(("update",))

    def _due(self, team: TeamCycle) -> HTML:
        """The cycle's own escalations and what the last monthly review decided for this team."""
        plan = team.cycle.plan
        from_review = decisions_for(team.store, plan.name, plan.team or "team", plan.week_end(self.week))
        actions = sorted(due_actions(team.cycle, self.week) + from_review, key=due_order)
        return HTML(due_actions_html(actions))

    def _dashboard(self, team: TeamCycle) -> list[Image]:
        """Each team's pages in a folder of its own, so two teams' week-1 pages never overwrite each other."""
        plan = team.cycle.plan
        folder = team.workshop / "dashboards" / (safe_file_name(plan.team or plan.name) or "team")
        self.dashboard_files = save_dashboard(team.cycle, folder, self.week)
        return [Image(page.read_bytes()) for page in self.dashboard_files]

    def _update(self, team: TeamCycle) -> HTML:
        latest = team.cycle.checkins[-1] if team.cycle.checkins else None
        if latest is None:
            return HTML("<p>No check-in saved yet: the update appears here when you press <b>Save check-in</b>.</p>")
        text = render_checkin(team.cycle, latest)
        return HTML(f"<pre style='white-space:pre-wrap'>{esc(text)}</pre>"
                    + download_link(f"checkin-week-{latest.week:02d}.txt", text, "text/plain"))
