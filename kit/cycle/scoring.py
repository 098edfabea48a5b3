"""Scoring and RAG exactly as the implementation playbook defines them.

Scores are held on the 0.0-1.0 scale everywhere inside the kit; an organisation that reports
on 0-100 picks `Scale.PERCENT` once and only the display changes, so two teams can never
end up comparing numbers on different scales.
The RAG bands a score falls in, and what each one triggers, are in kit.cycle.bands.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from enum import StrEnum
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import Field, model_validator

from kit.cycle.bands import Band, ScoringError, rag, round_score
from kit.model import FrozenModel, KeyResult, ScoringMethod

__all__ = [
    "CONFIDENCE_LABELS",
    "Band",
    "Confidence",
    "Ladder",
    "ObjectiveScore",
    "Rung",
    "Scale",
    "ScoringError",
    "ScoringRule",
    "UnagreedWeightsWarning",
    "binary",
    "check_confidence",
    "ladder",
    "linear",
    "objective_score",
    "rag",
    "round_score",
    "score_key_result",
]


class UnagreedWeightsWarning(UserWarning):
    """Objective scores built from weights nobody agreed before the cycle started."""


def _require_number(name: str, value: float | None) -> float:
    if value is None:
        raise ScoringError(
            f"the {name} is missing: a KR cannot be scored without its {name}; "
            f"record it on the KR card before scoring"
        )
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScoringError(f"the {name} must be a finite number, got {value!r}")
    return float(value)


# ---------------------------------------------------------------------------------------- methods


def linear(baseline: float | None, target: float | None, actual: float | None) -> float:
    """Linear attainment (actual - baseline) / (target - baseline), clamped to 0.0-1.0.

    The direction comes from the sign of target - baseline, so "reduce 9 -> 4 days" and
    "increase 18 -> 28 %" use the same formula.
    """
    start = _require_number("baseline", baseline)
    goal = _require_number("target", target)
    now = _require_number("actual", actual)
    if goal == start:
        raise ScoringError(
            f"the target equals the baseline ({goal:g}), so there is no movement to score; "
            "for a 'hold the line' KR use the binary or ladder method"
        )
    raw = (now - start) / (goal - start)
    return min(1.0, max(0.0, raw))


def binary(baseline: float | None, target: float | None, actual: float | None) -> float:
    """1.0 once the actual reaches the target in the KR's direction, else 0.0.

    For done/not-done KRs, record 0 as baseline and 1 as target.
    """
    start = _require_number("baseline", baseline)
    goal = _require_number("target", target)
    now = _require_number("actual", actual)
    if goal == start:
        raise ScoringError(f"the target equals the baseline ({goal:g}); a binary KR needs a state to reach")
    reached = now >= goal if goal > start else now <= goal
    return 1.0 if reached else 0.0


class Rung(FrozenModel):
    """One step of a threshold ladder: reaching `threshold` earns `score`."""

    threshold: float
    score: float = Field(ge=0.0, le=1.0)


class Ladder(FrozenModel):
    """Predefined bands with business meaning, set per KR at the start of the cycle.

    A rung is earned only when the actual reaches its threshold ("up to 6 days" for a
    decreasing metric, "at least 40" for an increasing one); an actual that reaches no rung
    scores `floor`. So the playbook's cycle-time ladder is
    Ladder(direction="decrease", rungs=[4 -> 1.0, 6 -> 0.7, 8 -> 0.3]) with a 0.0 floor, and
    6.5 days scores 0.3 because the 5-6 day rung was not reached.
    """

    direction: Literal["increase", "decrease"]
    rungs: list[Rung] = Field(min_length=1)
    floor: float = Field(default=0.0, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _consistent(self) -> Ladder:
        ordered = self.ordered()
        for better, worse in pairwise(ordered):
            if better.threshold == worse.threshold:
                raise ValueError(f"two rungs share the threshold {better.threshold:g}")
            if better.score <= worse.score:
                raise ValueError(
                    f"a harder rung ({better.threshold:g}) must score more than an easier one "
                    f"({worse.threshold:g}); got {better.score:g} <= {worse.score:g}"
                )
        if self.floor >= ordered[-1].score:
            raise ValueError("the floor must score less than the easiest rung")
        return self

    def ordered(self) -> list[Rung]:
        """Rungs from hardest to easiest to reach."""
        return sorted(self.rungs, key=lambda r: r.threshold, reverse=self.direction == "increase")

    def score(self, actual: float) -> float:
        for rung in self.ordered():
            reached = actual >= rung.threshold if self.direction == "increase" else actual <= rung.threshold
            if reached:
                return rung.score
        return self.floor


def ladder(actual: float | None, steps: Ladder) -> float:
    """Score an actual against a threshold ladder."""
    return steps.score(_require_number("actual", actual))


class ScoringRule(FrozenModel):
    """The method written on the KR card at the start of the cycle (and a ladder if it uses one)."""

    method: ScoringMethod = ScoringMethod.LINEAR
    ladder: Ladder | None = None

    @model_validator(mode="after")
    def _ladder_matches_method(self) -> ScoringRule:
        if self.method == ScoringMethod.LADDER and self.ladder is None:
            raise ValueError("the ladder method needs its rungs written down")
        if self.method != ScoringMethod.LADDER and self.ladder is not None:
            raise ValueError(f"a ladder was given but the method is {self.method.value}")
        return self

    def describe(self) -> str:
        if self.ladder is None:
            return self.method.value
        sign = ">=" if self.ladder.direction == "increase" else "<="
        steps = ", ".join(f"{sign}{r.threshold:g}: {r.score:g}" for r in self.ladder.ordered())
        return f"ladder ({steps}, otherwise {self.ladder.floor:g})"


def score_key_result(kr: KeyResult, actual: float | None, rule: ScoringRule | None = None) -> float:
    """Score a KR with its agreed method; the KR's own `scoring` field is the default."""
    rule = rule or ScoringRule(method=kr.scoring or ScoringMethod.LINEAR)
    try:
        if rule.method == ScoringMethod.LADDER:
            assert rule.ladder is not None  # guaranteed by ScoringRule's validator
            _require_number("baseline", kr.baseline)
            return ladder(actual, rule.ladder)
        if rule.method == ScoringMethod.BINARY:
            return binary(kr.baseline, kr.target, actual)
        return linear(kr.baseline, kr.target, actual)
    except ScoringError as error:
        raise ScoringError(f"KR '{kr.text}': {error}") from None


# ---------------------------------------------------------------------------------------- scale


class Scale(StrEnum):
    """The one scale an organisation reports scores on. Pick once, use everywhere."""

    UNIT = "0-1"
    PERCENT = "0-100"

    @property
    def maximum(self) -> float:
        return 1.0 if self is Scale.UNIT else 100.0

    def show(self, score: float) -> str:
        """A 0.0-1.0 score as people in this organisation read it."""
        if self is Scale.UNIT:
            return f"{round_score(score):.2f}"
        return f"{round_score(score) * 100:.0f}"

    def to_unit(self, value: float) -> float:
        """A score typed on this scale, back to the kit's 0.0-1.0."""
        if not 0.0 <= value <= self.maximum:
            hint = " (this looks like a 0-100 score)" if self is Scale.UNIT and 1 < value <= 100 else ""
            raise ScoringError(
                f"a score on the {self.value} scale must lie between 0 and {self.maximum:g}, "
                f"got {value:g}{hint}"
            )
        return value / self.maximum


# ---------------------------------------------------------------------------------------- confidence

Confidence = Annotated[int, Field(ge=1, le=5, description="1 = will not hit the target, 5 = sure to.")]

CONFIDENCE_LABELS: dict[int, str] = {
    1: "will not hit the target",
    2: "unlikely to hit it",
    3: "could go either way",
    4: "likely to hit it",
    5: "sure to hit it",
}


def check_confidence(value: int) -> int:
    """Confidence that the target is hit by cycle end: a whole number from 1 to 5."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ScoringError(f"confidence is a whole number from 1 to 5, got {value!r}")
    return value


# ---------------------------------------------------------------------------------------- objective


class ObjectiveScore(FrozenModel):
    score: float = Field(ge=0.0, le=1.0)
    band: Band
    weights: list[float]
    notices: list[str] = Field(default_factory=list)


def objective_score(
    kr_scores: Sequence[float],
    weights: Sequence[float] | None = None,
    *,
    agreed_up_front: bool = False,
    warn: bool = True,
) -> ObjectiveScore:
    """Weighted average of KR scores.

    The playbook forbids averaging KRs of different strategic weight without weights agreed
    up front; when they were not, the score is still computed (a draft to discuss) but it
    carries a notice and (unless `warn` is off because the caller shows the notice itself)
    an `UnagreedWeightsWarning`.
    """
    if not kr_scores:
        raise ScoringError("an objective needs at least one scored KR")
    for score in kr_scores:
        if not 0.0 <= score <= 1.0:
            raise ScoringError(f"KR scores must lie between 0.0 and 1.0, got {score:g}")
    notices: list[str] = []
    if weights is None:
        used = [1.0] * len(kr_scores)
    else:
        if len(weights) != len(kr_scores):
            raise ScoringError(f"{len(weights)} weights were given for {len(kr_scores)} KRs")
        if any(w < 0 or not math.isfinite(w) for w in weights) or sum(weights) <= 0:
            raise ScoringError("weights must be non-negative numbers and not all zero")
        used = [float(w) for w in weights]
    if not agreed_up_front:
        notices.append(
            "These weights were not agreed before the cycle started: treat this objective score as a "
            "draft and discuss the relative weight of each KR before publishing it."
        )
        if warn:
            warnings.warn(notices[-1], UnagreedWeightsWarning, stacklevel=2)
    total = sum(s * w for s, w in zip(kr_scores, used, strict=True)) / sum(used)
    total = min(1.0, max(0.0, total))
    return ObjectiveScore(score=total, band=rag(total), weights=used, notices=notices)
