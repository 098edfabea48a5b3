"""The monthly cross-functional review page: the agenda, what the check-ins bring, and the decision log.

A view over `kit.programme.monthly_review`. Every decision logged is saved at once as a new version
of the review's record, and shows at the next check-in of the teams it names.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from pydantic import ValidationError

from kit.cycle.checkin import Cycle
from kit.cycle.team_cycle import SAMPLE_QUARTER, programme_cycles, workshops_with_cycles
from kit.programme.monthly_review import (
    KIND_LABELS,
    MonthlyReview,
    ReviewDecision,
    TeamStanding,
    review_format,
    reviews,
    save_review,
    standings,
)
from kit.store import Store, StoreError
from kit.widgets.shared import classed, folder_and_store
from kit.widgets.style import MUTED, esc, message_html, pill


def agenda_html() -> str:
    fmt = review_format()
    rows = "".join(f"<tr><td style='white-space:nowrap;padding-right:8px'>{item.minutes} min</td>"
                   f"<td><b>{esc(item.name)}</b><div style='color:{MUTED}'>{esc(item.ask)}</div></td></tr>"
                   for item in fmt.agenda)
    return (f"<div class='okr-review-agenda'><p><b>{esc(fmt.title)}</b>, {fmt.minutes} minutes · "
            f"{esc(', '.join(fmt.attendees))}</p><table>{rows}</table>"
            f"<p style='color:{MUTED}'>Output: {esc(fmt.output)}</p></div>")


def standings_html(found: list[TeamStanding]) -> str:
    """Every team's Red and Amber KRs and escalated blockers, as the review reads them first."""
    if not found:
        return f"<div style='color:{MUTED}'>No team has a check-in cycle in this workshop yet.</div>"
    parts = []
    for standing in found:
        krs = "".join(
            f"<li data-kr='{esc(snap.kr_id)}'>{pill(snap.escalation_band.label, snap.escalation_band.colour)} "
            f"<b>{esc(snap.kr_id)}</b> {esc(snap.text)}</li>"
            for snap in standing.at_risk if snap.escalation_band is not None
        ) or f"<li style='color:{MUTED}'>No Red or Amber key result.</li>"
        blockers = "".join(f"<li class='okr-review-blocker'>{esc(a.what)} "
                           f"<span style='color:{MUTED}'>{esc(a.why)}</span></li>" for a in standing.escalations)
        parts.append(f"<div class='okr-review-team' data-team='{esc(standing.team)}'><h4>{esc(standing.team)} · "
                     f"week {standing.week}</h4><ul>{krs}</ul>"
                     + (f"<p><b>Escalated blockers</b></p><ul>{blockers}</ul>" if blockers else "") + "</div>")
    return "".join(parts)


def decision_log_html(review: MonthlyReview) -> str:
    if not review.decisions:
        return f"<div style='color:{MUTED}'>No decisions logged yet: a review without one is ceremonial.</div>"
    rows = "".join(
        f"<li class='okr-review-decision' data-kind='{esc(d.kind)}'>{pill(KIND_LABELS[d.kind], '#455a64')} "
        f"{esc(d.text)} · <b>{esc(d.owner)}</b>, due {d.due:%d %b}"
        + (f" · for {esc(', '.join(d.teams))}" if d.teams else "") + "</li>"
        for d in review.decisions
    )
    return f"<ul class='okr-review-log' data-count='{len(review.decisions)}'>{rows}</ul>"


class MonthlyReviewPage(widgets.VBox):
    """Run one monthly review: pick the workshop and the day, read the teams, log decisions."""

    def __init__(self, workshop: str | Path | None = None, *, store: Store | None = None,
                 today: date | None = None, **kwargs: Any) -> None:
        self.folder, self.store = folder_and_store(workshop, store)
        wide = {"layout": widgets.Layout(width="30em"), "style": {"description_width": "7em"}}
        self.workshop = classed(widgets.Dropdown(options=workshops_with_cycles(self.store), description="Workshop",
                                                 **wide), "okr-review-workshop")
        self.held_on = widgets.DatePicker(value=self._default_day(today or date.today()), description="Held on",
                                          **wide)
        self.standings = classed(widgets.HTML(), "okr-review-standings")
        self.kind = classed(widgets.ToggleButtons(options=[(label, kind) for kind, label in KIND_LABELS.items()]),
                            "okr-review-kind")
        self.text = classed(widgets.Text(placeholder="What was decided", layout=widgets.Layout(width="40em")),
                            "okr-review-text")
        self.owner = classed(widgets.Text(placeholder="One owner", layout=widgets.Layout(width="14em")),
                             "okr-review-owner")
        self.due = widgets.DatePicker(value=(today or date.today()) + timedelta(days=7), description="due")
        self.teams = classed(widgets.Text(placeholder="Teams it concerns, comma separated",
                                          layout=widgets.Layout(width="24em")), "okr-review-teams")
        log = classed(widgets.Button(description="Log decision", icon="gavel", button_style="primary"),
                      "okr-review-log-decision")
        log.on_click(lambda _b: self.log_decision())
        self.message = classed(widgets.HTML(), "okr-review-message")
        self.decision_log = classed(widgets.HTML(), "okr-review-decisions")
        self.review = MonthlyReview(workshop=self._cycles()[0], held_on=self.held_on.value)
        super().__init__([
            widgets.HTML(agenda_html()), widgets.HBox([self.workshop, self.held_on]),
            widgets.HTML("<h3>What the check-ins bring</h3>"), self.standings,
            widgets.HTML("<h3>Decisions</h3>"), self.kind, widgets.HBox([self.text, self.owner]),
            widgets.HBox([self.due, self.teams, log]), self.message, self.decision_log,
        ], **kwargs)
        self.add_class("okr-review-page")
        self.workshop.observe(lambda _c: self.load_day(), names="value")
        self.held_on.observe(lambda _c: self.load_day(), names="value")
        self.load_day()

    def _default_day(self, today: date) -> date:
        """Today; for the sample quarter outside its dates, the day of its last check-in."""
        if self.workshop.value != SAMPLE_QUARTER:
            return today
        cycle = self._cycles()[1][0]
        if cycle.plan.start <= today <= cycle.plan.end or not cycle.checkins:
            return today
        return cycle.checkins[-1].held_on

    def _cycles(self) -> tuple[str, list[Cycle]]:
        return programme_cycles(self.store, self.folder, self.workshop.value)

    def load_day(self) -> None:
        """Read the teams as of the review's day, and the review saved for that day if there is one."""
        held_on = self.held_on.value or date.today()
        name, cycles = self._cycles()
        saved = [review for review in reviews(self.store, name) if review.held_on == held_on]
        self.review = saved[0] if saved else MonthlyReview(workshop=name, held_on=held_on)
        self.standings.value = standings_html(standings(cycles, held_on))
        self.decision_log.value = decision_log_html(self.review)
        self.message.value = ""

    def log_decision(self) -> bool:
        """Add the decision and save the review; a decision without an owner or a date is refused, in place."""
        try:
            decision = ReviewDecision(
                kind=self.kind.value, text=self.text.value.strip(), owner=self.owner.value.strip(), due=self.due.value,
                teams=[team.strip() for team in self.teams.value.split(",") if team.strip()],
            )
        except ValidationError as error:
            field = str(error.errors()[0]["loc"][0])
            self.message.value = message_html(f"Give the decision its {field}: every decision has one owner and "
                                              "a due date.", ok=False)
            return False
        updated = self.review.model_copy(update={"decisions": [*self.review.decisions, decision]})
        try:
            version = save_review(self.store, updated, author="monthly review")
        except StoreError as error:
            self.message.value = message_html(f"Not saved ({error}); the decision is still in the form.", ok=False)
            return False
        self.review = updated
        self.decision_log.value = decision_log_html(updated)
        self.text.value = self.owner.value = self.teams.value = ""
        self.message.value = message_html(f"Decision logged; review saved (version {version}).", ok=True)
        return True
