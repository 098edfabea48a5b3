"""Rollout failure modes: evidence from the kit's own data triggers them, a facilitator confirms the rest.

The table lives in content/failure_modes.yaml so a coach can tune symptoms, fixes and thresholds
without touching code; this module only computes the evidence and turns a triggered mode into
the reset plan.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from kit.content import load_content
from kit.cop.cohort import load_cohort
from kit.cycle.persistence import checkin_dates
from kit.errors import InputError
from kit.model import Review, StrictModel
from kit.store import Store

Measure = Literal["task_kr_share", "weeks_without_checkin", "teams_over_objective_limit_share"]


class EvidenceRule(StrictModel):
    measure: Measure
    above: float


class FailureMode(StrictModel):
    id: str
    name: str
    symptoms: str
    checks: list[str]
    fixes: list[str]
    evidence: EvidenceRule | None = None


class ResetStep(StrictModel):
    step: str
    detail: str
    owner_role: str
    days: int = Field(gt=0)


class FailureModeTable(StrictModel):
    version: int
    objective_limit: int = Field(gt=0)
    modes: list[FailureMode]
    reset_sequence: list[ResetStep]


@cache
def load_table(path: Path | None = None) -> FailureModeTable:
    return load_content("failure_modes", FailureModeTable, path)


class CohortEvidence(StrictModel):
    """What the kit can measure about a rollout; None where the data is not there."""

    task_kr_share: float | None = None
    weeks_without_checkin: float | None = None
    teams_over_objective_limit_share: float | None = None


def gather_evidence(
    reviews: Sequence[Review],
    *,
    checkin_dates: Iterable[date] | None = None,
    today: date | None = None,
    table: FailureModeTable | None = None,
) -> CohortEvidence:
    """Measure a cohort: its reviewed drafts and, where known, the dates of its check-ins."""
    table = table or load_table()
    krs = [(oi, ki) for r in reviews for oi, ki, _ in r.okr_set.key_results()]
    task_krs = {
        (id(r), f.objective_index, f.kr_index) for r in reviews for f in r.findings if f.rule == "kr-task-list"
    }
    evidence = CohortEvidence()
    if krs:
        evidence.task_kr_share = len(task_krs) / len(krs)
    if reviews:
        over = sum(1 for r in reviews if len(r.okr_set.objectives) > table.objective_limit)
        evidence.teams_over_objective_limit_share = over / len(reviews)
    if checkin_dates is not None:
        dates = sorted(checkin_dates)
        since = (today or date.today()) - dates[-1] if dates else None
        evidence.weeks_without_checkin = since.days / 7 if since is not None else float("inf")
    return evidence


def evidence_from_store(
    store: Store, workshop: str | None = None, *, today: date | None = None, table: FailureModeTable | None = None
) -> tuple[list[Review], CohortEvidence] | None:
    """The cohort's latest drafts, reviewed, and what they show, with the check-in rhythm read from every
    saved cycle; None before any team has saved a draft."""
    workshop = workshop or store.latest_workshop()
    if workshop is None:
        return None
    reviews = [draft.review for draft in load_cohort(store, workshop).drafts]
    return reviews, gather_evidence(reviews, checkin_dates=checkin_dates(store), today=today, table=table)


class ModeStatus(StrictModel):
    mode: FailureMode
    triggered: bool
    evidence_value: float | None = None
    confirmed_by_facilitator: bool = False

    @property
    def active(self) -> bool:
        return self.triggered or self.confirmed_by_facilitator

    @property
    def reason(self) -> str:
        if self.triggered and self.mode.evidence is not None:
            if self.evidence_value is not None and math.isinf(self.evidence_value):
                return f"{self.mode.evidence.measure}: none recorded yet"
            return f"{self.mode.evidence.measure} = {self.evidence_value:.2f} (above {self.mode.evidence.above})"
        if self.confirmed_by_facilitator:
            return "confirmed by the facilitator"
        return "not seen"


def assess(
    evidence: CohortEvidence, *, confirmed: Iterable[str] = (), table: FailureModeTable | None = None
) -> list[ModeStatus]:
    """Every mode with whether the evidence triggers it; `confirmed` holds ids a facilitator ticked."""
    table = table or load_table()
    confirmed_ids = set(confirmed)
    unknown = confirmed_ids - {m.id for m in table.modes}
    if unknown:
        raise InputError(f"unknown failure mode(s): {', '.join(sorted(unknown))}",
                         fix=f"Use one of: {', '.join(m.id for m in table.modes)}.")
    statuses = []
    for mode in table.modes:
        value = getattr(evidence, mode.evidence.measure) if mode.evidence else None
        triggered = mode.evidence is not None and value is not None and value > mode.evidence.above
        statuses.append(ModeStatus(mode=mode, triggered=triggered, evidence_value=value,
                                   confirmed_by_facilitator=mode.id in confirmed_ids))
    return statuses


class PlannedStep(StrictModel):
    step: str
    detail: str
    owner: str
    start: date
    due: date


def reset_plan(
    owners: dict[str, str], *, start: date, table: FailureModeTable | None = None
) -> list[PlannedStep]:
    """The reset sequence as dated steps; `owners` maps a role to a named person."""
    table = table or load_table()
    plan, day = [], start
    for step in table.reset_sequence:
        due = day + timedelta(days=step.days)
        plan.append(PlannedStep(step=step.step, detail=step.detail,
                                owner=owners.get(step.owner_role, step.owner_role), start=day, due=due))
        day = due
    return plan
