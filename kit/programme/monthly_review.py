"""The monthly cross-functional review: what the check-ins bring to it, and the decisions it takes.

The review reads every team's cycle in the store: the Red and Amber key results (on the band the
escalation rules read), the cross-team blockers open a week or more, and the other escalations due
there. Its decisions, resource shifts and dependency decisions each get one owner and a due date,
are saved as the review's record, and show at the next check-in of every team they concern.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import Field

from kit.content import load_content
from kit.cycle.checkin import Cycle, KrSnapshot
from kit.cycle.escalation import DueAction
from kit.cycle.scoring import Band
from kit.model import EditableModel, FrozenModel
from kit.store import Store

REVIEW_KIND = "monthly_review"
DecisionKind = Literal["decision", "reallocation", "dependency"]
KIND_LABELS: dict[str, str] = {
    "decision": "Decision", "reallocation": "Resource shift", "dependency": "Dependency decision",
}


class AgendaItem(FrozenModel):
    name: str
    minutes: int = Field(ge=1)
    ask: str


class ReviewFormat(FrozenModel):
    """The review as content/monthly_review.yaml gives it."""

    version: int
    title: str
    attendees: list[str]
    output: str
    agenda: list[AgendaItem] = Field(min_length=1)

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.agenda)


def review_format() -> ReviewFormat:
    return load_content("monthly_review", ReviewFormat)


class ReviewDecision(FrozenModel):
    """One thing the review decided, with one owner and a date; `teams` are whose check-ins show it."""

    kind: DecisionKind = "decision"
    text: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    due: date
    teams: list[str] = Field(default_factory=list)
    kr_id: str | None = None


class MonthlyReview(EditableModel):
    workshop: str = Field(min_length=1)
    held_on: date
    decisions: list[ReviewDecision] = Field(default_factory=list)

    @property
    def key(self) -> str:
        return self.held_on.isoformat()


@dataclass(frozen=True)
class TeamStanding:
    """What one team's cycle brings to the review."""

    team: str
    week: int
    at_risk: list[KrSnapshot]  # Red and Amber, on the band the escalation rules read
    escalations: list[DueAction]  # blockers and other items due at the review


def standings(cycles: list[Cycle], as_of: date) -> list[TeamStanding]:
    """Each team's Red and Amber KRs and its escalated blockers as of the review's day."""
    found = []
    for cycle in cycles:
        week = max(1, min(cycle.plan.weeks, cycle.plan.week_of(as_of)))  # week_of is 0 before the start
        at_risk = [snap for tracked in cycle.plan.tracked()
                   if (snap := cycle.snapshot(tracked.id, week)).escalation_band in (Band.RED, Band.AMBER)]
        escalations = []
        for blocker in cycle.blockers():
            if blocker.cross_team and blocker.open_on(as_of) and as_of >= blocker.escalates_on:
                escalations.append(DueAction(
                    due=as_of, kind="monthly-review", kr_id=blocker.kr_id, who=blocker.owner or "Objective Owner",
                    what=blocker.text, why=f"open since {blocker.opened:%d %b} ({', '.join(blocker.teams)})",
                ))
        found.append(TeamStanding(team=cycle.plan.team or cycle.plan.name, week=week, at_risk=at_risk,
                                  escalations=escalations))
    return found


def save_review(store: Store, review: MonthlyReview, author: str) -> int:
    return store.save_record(review.workshop, REVIEW_KIND, review.key, review, author)


def reviews(store: Store, workshop: str) -> list[MonthlyReview]:
    """Every saved review of a workshop, oldest first."""
    return sorted((store.load_record(workshop, REVIEW_KIND, key, model=MonthlyReview)
                   for key in store.keys(workshop, REVIEW_KIND)), key=lambda review: review.held_on)


def decisions_for(store: Store, workshop: str, team: str, as_of: date) -> list[DueAction]:
    """The last review's decisions that concern a team, as its next check-in's due list shows them."""
    held = [review for review in reviews(store, workshop) if review.held_on <= as_of]
    if not held:
        return []
    last = held[-1]
    return [
        DueAction(due=decision.due, kind="decision", what=f"{KIND_LABELS[decision.kind]}: {decision.text}",
                  who=decision.owner, why=f"monthly review {last.held_on:%d %b}", kr_id=decision.kr_id)
        for decision in last.decisions
        if any(name.strip().lower() == team.lower() for name in decision.teams)
    ]
