"""The plan a team commits to at the start of a cycle: KR cards with scoring method, ladder and weight.

Kept apart from the weekly record because it changes only through a governed change
(kit.cycle.quarter.amend_plan), while check-ins and actuals are added every week.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

from kit.cycle.pacing import Milestone, Pacing
from kit.cycle.scoring import Scale, ScoringRule
from kit.errors import InputError, KitError
from kit.model import FrozenModel, KeyResult

KrId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$", description="Short id, e.g. O1.KR2")]


class CheckInError(KitError):
    """A check-in that refers to something the plan does not have, or repeats a week."""


class TrackedKeyResult(FrozenModel):
    """A KR card as agreed at the start of the cycle: the KR, how it is scored and its weight."""

    id: KrId
    key_result: KeyResult
    rule: ScoringRule = ScoringRule()
    weight: float | None = Field(default=None, ge=0.0, description="Weight within its objective.")
    milestones: list[Milestone] = Field(
        default_factory=list, description="Where the KR should be by given weeks; paced scores follow them."
    )

    @model_validator(mode="after")
    def _one_method(self) -> TrackedKeyResult:
        """The KR card's method and the rule must agree; a bare method on the KR sets the rule."""
        method = self.key_result.scoring
        if method is None or method == self.rule.method:
            return self
        if "rule" in self.model_fields_set:
            raise ValueError(f"the KR says it is scored by {method.value} but its rule says {self.rule.method.value}")
        object.__setattr__(self, "rule", ScoringRule(method=method))  # raises for a ladder without rungs
        return self

    @property
    def label(self) -> str:
        return f"{self.id} {self.key_result.text}"


class TrackedObjective(FrozenModel):
    id: KrId
    text: str
    owner: str | None = None
    key_results: list[TrackedKeyResult] = Field(min_length=1)
    weights_agreed: bool = Field(default=False, description="KR weights were agreed before the cycle began.")

    def weights(self) -> list[float] | None:
        """KR weights for the objective score (unset ones count 1); None when no KR has a weight."""
        if all(kr.weight is None for kr in self.key_results):
            return None
        return [kr.weight if kr.weight is not None else 1.0 for kr in self.key_results]


class GovernedChange(FrozenModel):
    """A mid-cycle change to a KR's target or method: proposed by the Program Lead, approved by the Sponsor."""

    kr_id: KrId
    field: Literal["target", "method"]
    before: str
    after: str
    reason: str = Field(min_length=1)
    proposed_by: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)
    on: date


# One cycle's length for every part of the kit (check-in plans, the rollout calendar, sample cycles):
# twelve weekly check-ins with a monthly review every four weeks, the quarter's review after the last.
CYCLE_WEEKS = 12


class CyclePlan(FrozenModel):
    """What the team committed to at the start; changed mid-cycle only through kit.cycle.quarter.amend_plan."""

    name: str
    team: str | None = None
    start: date
    weeks: int = Field(default=CYCLE_WEEKS, ge=1, le=26)
    scale: Scale = Scale.UNIT
    objectives: list[TrackedObjective] = Field(min_length=1)
    monthly_reviews: list[date] = Field(
        default_factory=list, description="Dates of the monthly cross-functional reviews; every 4 weeks if empty."
    )
    changes: list[GovernedChange] = Field(default_factory=list)
    pacing: Pacing = Field(
        default="paced", description="Which score the escalation rules read: paced (the default) or end-of-cycle."
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> CyclePlan:
        seen: set[str] = set()
        for objective in self.objectives:
            for item_id in [objective.id, *(kr.id for kr in objective.key_results)]:
                if item_id in seen:
                    raise ValueError(f"the id {item_id!r} is used twice; every objective and KR needs its own")
                seen.add(item_id)
        for kr in self.tracked():
            weeks = [milestone.week for milestone in kr.milestones]
            if weeks != sorted(set(weeks)) or any(week > self.weeks for week in weeks):
                raise ValueError(f"{kr.id}: milestones need distinct weeks, in order, within the cycle's {self.weeks}")
        return self

    @property
    def end(self) -> date:
        """The last day of the cycle."""
        return self.start + timedelta(weeks=self.weeks, days=-1)

    def tracked(self) -> list[TrackedKeyResult]:
        return [kr for objective in self.objectives for kr in objective.key_results]

    def kr(self, kr_id: str) -> TrackedKeyResult:
        for tracked in self.tracked():
            if tracked.id == kr_id:
                return tracked
        known = ", ".join(t.id for t in self.tracked())
        raise CheckInError(f"there is no KR {kr_id!r} in {self.name}; the plan has {known}")

    def objective_of(self, kr_id: str) -> TrackedObjective:
        for objective in self.objectives:
            if any(kr.id == kr_id for kr in objective.key_results):
                return objective
        raise CheckInError(f"there is no KR {kr_id!r} in {self.name}")

    def week_of(self, day: date) -> int:
        """1-based week of the cycle a date falls in (0 before the start)."""
        if day < self.start:
            return 0
        return (day - self.start).days // 7 + 1

    def week_end(self, week: int) -> date:
        return self.start + timedelta(weeks=week, days=-1)

    def reviews(self) -> list[date]:
        if self.monthly_reviews:
            return sorted(self.monthly_reviews)
        return [self.start + timedelta(weeks=w) - timedelta(days=1) for w in range(4, self.weeks + 1, 4)]

    def next_review(self, after: date) -> date | None:
        return next((day for day in self.reviews() if day >= after), None)


def load_plan(path: str | Path) -> CyclePlan:
    """A cycle plan from YAML or JSON, with errors that name the file and the field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read the plan ({error.strerror})", path=str(path)) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(
            "the plan is not valid YAML", path=str(path), line=mark.line + 1 if mark else None,
            fix="check the indentation and quoting on that line",
        ) from None
    return validate_input(CyclePlan, data, str(path))


_ModelT = TypeVar("_ModelT", bound=BaseModel)


def validate_input(model: type[_ModelT], data: Any, where: str) -> _ModelT:
    """Validate data read from a file, reporting the first problem (and how many more) against that file."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(part) for part in first["loc"]) or "top level"
        more = error.error_count() - 1
        extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise InputError(f"{place}: {first['msg']}{extra}", path=where) from None
