"""The weekly record of a cycle: the check-ins, the actuals, and everything computed from them.

A `Cycle` is the whole running record of one quarter for one team: the plan agreed at the
start (kit.cycle.plan), actuals as exported from the source of truth (kit.cycle.actuals),
and one `CheckIn` per week with each KR owner's update, the four check-in questions, the
decisions taken and the blockers raised. Scores, RAG bands and escalations are never stored:
they are always computed from the record, so a corrected actual corrects every view at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from pydantic import Field

from kit.cycle.actuals import Actual
from kit.cycle.micro_okr import MicroOkr
from kit.cycle.pacing import Pacing, expected_value, projected_value
from kit.cycle.plan import CheckInError, CyclePlan, KrId
from kit.cycle.scoring import Band, Confidence, ScoringError, objective_score, rag, score_key_result
from kit.model import EditableModel, FrozenModel

BLOCKER_ESCALATES_AFTER = timedelta(days=7)

CHECKIN_QUESTIONS: dict[str, str] = {
    "what_changed": "What changed on the key results?",
    "off_track": "What is off track?",
    "decision_now": "What needs a decision now?",
    "stop_or_shift": "What work should stop or shift this week?",
}


def _open_between(day: date, since: date, closed: date | None) -> bool:
    """Open from `since` on, until the day it was `closed` (None: not yet)."""
    return since <= day and (closed is None or closed > day)


class KrUpdate(EditableModel):
    """What a KR owner posts before the check-in; the numbers come from the actuals."""

    kr_id: KrId
    insight: str = ""
    next_action: str = ""
    help_needed: str = ""
    confidence: Confidence | None = None


class Decision(EditableModel):
    """A decision log row: date, decision, evidence, owner, due date, resulting change."""

    made_on: date
    decision: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    due: date
    evidence: str = ""
    change: str = Field(default="", description="Resulting change to OKRs or initiatives.")
    kr_id: KrId | None = None
    done_on: date | None = None

    def open_on(self, day: date) -> bool:
        return _open_between(day, self.made_on, self.done_on)


class Blocker(EditableModel):
    """An impediment; one that spans teams escalates once it has been open a week."""

    text: str = Field(min_length=1)
    opened: date
    teams: list[str] = Field(default_factory=list)
    kr_id: KrId | None = None
    owner: str | None = None
    resolved: date | None = None

    @property
    def cross_team(self) -> bool:
        return len(set(self.teams)) > 1

    @property
    def escalates_on(self) -> date:
        """A week after it opened, whatever day the next check-in falls on."""
        return self.opened + BLOCKER_ESCALATES_AFTER

    def open_on(self, day: date) -> bool:
        return _open_between(day, self.opened, self.resolved)


class CheckIn(EditableModel):
    week: int = Field(ge=1)
    held_on: date
    updates: list[KrUpdate] = Field(default_factory=list)
    what_changed: str = ""
    off_track: str = ""
    decision_now: str = ""
    stop_or_shift: str = ""
    decisions: list[Decision] = Field(default_factory=list)
    blockers: list[Blocker] = Field(default_factory=list)

    def update_for(self, kr_id: str) -> KrUpdate | None:
        return next((u for u in self.updates if u.kr_id == kr_id), None)


class KrSnapshot(FrozenModel):
    """Baseline, latest actual and target with the live score: the top lines of a weekly update."""

    kr_id: str
    text: str
    unit: str | None
    baseline: float | None
    target: float | None
    latest: float | None
    latest_on: date | None
    score: float | None
    band: Band | None
    method: str
    problem: str | None = Field(default=None, description="Why there is no score, when there is none.")
    expected: float | None = Field(default=None, description="Where the KR should stand by this week.")
    paced_score: float | None = Field(
        default=None, description="The end-of-cycle score the KR is on course for (kit.cycle.pacing)."
    )
    paced_band: Band | None = None
    pacing: Pacing = "paced"

    @property
    def escalates_on_pace(self) -> bool:
        """Whether the escalation rules read the paced band: unless the plan says end-of-cycle, or the KR
        has no pace (binary, or no baseline and target) and escalates on its end-of-cycle band."""
        return self.pacing == "paced" and self.paced_band is not None

    @property
    def escalation_band(self) -> Band | None:
        return self.paced_band if self.escalates_on_pace else self.band


class Cycle(EditableModel):
    """The running record of one cycle; every score, band and escalation is derived from it."""

    plan: CyclePlan
    actuals: list[Actual] = Field(default_factory=list)
    checkins: list[CheckIn] = Field(default_factory=list)
    micro_okrs: list[MicroOkr] = Field(default_factory=list, description="Short experiments under the plan's KRs.")

    # -- recording -------------------------------------------------------------------------

    def add_actuals(self, actuals: Sequence[Actual]) -> None:
        """Add readings; a later reading for the same KR and day replaces the earlier one."""
        known = {kr.id for kr in self.plan.tracked()}
        for actual in actuals:
            if actual.kr_id not in known:
                self.plan.kr(actual.kr_id)  # raises with the list of known KRs
        fresh = {(a.day, a.kr_id) for a in actuals}
        self.actuals = [a for a in self.actuals if (a.day, a.kr_id) not in fresh] + list(actuals)

    def record(self, checkin: CheckIn) -> None:
        """Add (or replace) a week's check-in after checking it only names KRs in the plan."""
        for kr_id in [u.kr_id for u in checkin.updates] + [
            d.kr_id for d in checkin.decisions if d.kr_id
        ] + [b.kr_id for b in checkin.blockers if b.kr_id]:
            self.plan.kr(kr_id)
        if checkin.week > self.plan.weeks:
            raise CheckInError(f"week {checkin.week} is after the end of {self.plan.name} ({self.plan.weeks} weeks)")
        seen = {u.kr_id for u in checkin.updates}
        if len(seen) != len(checkin.updates):
            raise CheckInError("a KR has two updates in the same check-in")
        self.checkins = sorted([c for c in self.checkins if c.week != checkin.week] + [checkin],
                               key=lambda c: c.week)

    def add_micro_okr(self, micro: MicroOkr) -> None:
        """Add an experiment under one of the plan's KRs (the id is unique, the parent must exist)."""
        self.plan.kr(micro.parent_kr_id)  # raises with the list of known KRs
        if any(existing.id == micro.id for existing in self.micro_okrs):
            raise CheckInError(f"there is already a micro-OKR {micro.id}")
        self.micro_okrs = [*self.micro_okrs, micro]

    def checkin(self, week: int) -> CheckIn | None:
        return next((c for c in self.checkins if c.week == week), None)

    # -- reading ---------------------------------------------------------------------------

    @property
    def current_week(self) -> int:
        """The latest week with either an actual or a check-in (1 before anything is recorded)."""
        weeks = [self.plan.week_of(a.day) for a in self.actuals] + [c.week for c in self.checkins]
        return min(self.plan.weeks, max([1, *weeks]))

    def latest_actual(self, kr_id: str, week: int) -> Actual | None:
        """The last reading on or before the end of `week`."""
        cutoff = self.plan.week_end(week)
        readings = [a for a in self.actuals if a.kr_id == kr_id and a.day <= cutoff]
        return max(readings, key=lambda a: a.day, default=None)

    def snapshot(self, kr_id: str, week: int, pending: Actual | None = None) -> KrSnapshot:
        """The KR as of a week; `pending` is a reading typed in the check-in but not yet recorded."""
        tracked = self.plan.kr(kr_id)
        kr = tracked.key_result
        actual = pending if pending is not None and pending.kr_id == kr_id else self.latest_actual(kr_id, week)
        score: float | None = None
        paced: float | None = None
        problem: str | None = None
        expected = expected_value(tracked, self.plan.weeks, week)
        if actual is None:
            problem = f"no actual recorded by the end of week {week}"
        else:
            try:
                score = score_key_result(kr, actual.value, tracked.rule)
                projected = projected_value(tracked, expected, actual.value)
                paced = None if projected is None else score_key_result(kr, projected, tracked.rule)
            except ScoringError as error:
                problem = str(error)
        return KrSnapshot(
            kr_id=kr_id, text=kr.text, unit=kr.unit, baseline=kr.baseline, target=kr.target,
            latest=actual.value if actual else None, latest_on=actual.day if actual else None,
            score=score, band=rag(score) if score is not None else None, method=tracked.rule.describe(),
            problem=problem, expected=expected, paced_score=paced,
            paced_band=rag(paced) if paced is not None else None, pacing=self.plan.pacing,
        )

    def weekly_actuals(self, kr_id: str, through: int | None = None) -> list[float | None]:
        """One value per week (the last reading that week, None when there was none)."""
        through = through or self.current_week
        values: list[float | None] = []
        for week in range(1, through + 1):
            in_week = [a for a in self.actuals if a.kr_id == kr_id and self.plan.week_of(a.day) == week]
            values.append(max(in_week, key=lambda a: a.day).value if in_week else None)
        return values

    def weekly_bands(self, kr_id: str, through: int | None = None, *, escalation: bool = False) -> list[Band | None]:
        """The KR's end-of-cycle band each week; with `escalation`, the band the escalation rules read."""
        through = through or self.current_week
        snapshots = [self.snapshot(kr_id, week) for week in range(1, through + 1)]
        return [snap.escalation_band if escalation else snap.band for snap in snapshots]

    def confidence_trend(self, kr_id: str, through: int | None = None) -> list[int | None]:
        through = through or self.current_week
        trend: list[int | None] = []
        for week in range(1, through + 1):
            checkin = self.checkin(week)
            update = checkin.update_for(kr_id) if checkin else None
            trend.append(update.confidence if update else None)
        return trend

    def decisions(self, objective_id: str | None = None) -> list[Decision]:
        """The decision log, oldest first; limited to one objective's KRs (and general ones) if asked."""
        krs = None
        if objective_id is not None:
            krs = {kr.id for o in self.plan.objectives if o.id == objective_id for kr in o.key_results}
        return [d for c in self.checkins for d in c.decisions if krs is None or d.kr_id is None or d.kr_id in krs]

    def close_decision(self, decision: str, done_on: date) -> Decision:
        """Mark a logged decision as carried out, so it leaves the due list from that day."""
        for logged in self.decisions():
            if logged.decision == decision:
                logged.done_on = done_on
                return logged
        raise CheckInError(f"no decision {decision!r} in the log")

    def blockers(self) -> list[Blocker]:
        """Every blocker raised, latest state wins when a later check-in repeats it."""
        latest: dict[tuple[str, date], Blocker] = {}
        for checkin in self.checkins:
            for blocker in checkin.blockers:
                latest[(blocker.text, blocker.opened)] = blocker
        return list(latest.values())

    def objective_scores(self, week: int) -> dict[str, float | None]:
        """Weighted objective scores for a week; None while any of its KRs cannot be scored."""
        result: dict[str, float | None] = {}
        for objective in self.plan.objectives:
            snaps = [self.snapshot(kr.id, week) for kr in objective.key_results]
            if any(s.score is None for s in snaps):
                result[objective.id] = None
                continue
            weights = objective.weights()
            result[objective.id] = _quiet_objective_score(
                [s.score for s in snaps if s.score is not None], weights, objective.weights_agreed
            )
        return result


def _quiet_objective_score(scores: list[float], weights: list[float] | None, agreed: bool) -> float:
    """The running objective score shown weekly; the weights notice belongs to the quarter-end protocol."""
    return objective_score(scores, weights, agreed_up_front=agreed, warn=False).score

