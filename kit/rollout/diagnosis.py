"""Execution diagnosis: what problem are the OKRs meant to solve, and is the system ready for them?

Leaders answer separately so the comparison shows where they disagree; an average would hide
exactly the split that makes a rollout fail.
"""

from __future__ import annotations

import statistics
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from kit.content import load_content
from kit.errors import InputError
from kit.model import StrictModel

Recommendation = Literal["fix-system", "pilot", "draft"]


class Area(StrictModel):
    id: str
    name: str
    question: str
    probes: list[str]
    system: bool = Field(description="A weak score here is a management-system problem, not a writing one.")


class RhythmQuestion(StrictModel):
    question: str
    good: str
    failure: str


class Scale(StrictModel):
    min: int
    max: int


class DiagnosisGuide(StrictModel):
    version: int
    scale: Scale
    disagreement_spread: float
    system_floor: float
    ready_floor: float
    areas: list[Area]
    rhythm: list[RhythmQuestion]
    recommendations: dict[Recommendation, str]


@cache
def load_guide(path: Path | None = None) -> DiagnosisGuide:
    return load_content("diagnosis", DiagnosisGuide, path)


class Response(StrictModel):
    """One leader's answers, given without seeing the others'."""

    respondent: str = Field(min_length=1)
    ratings: dict[str, int]
    comment: str = ""


class AreaResult(StrictModel):
    area: Area
    ratings: dict[str, int]
    mean: float
    low: int
    high: int
    stdev: float

    @property
    def spread(self) -> int:
        return self.high - self.low


class Diagnosis(StrictModel):
    areas: list[AreaResult]
    disagreements: list[str]
    weak_areas: list[str]
    recommendation: Recommendation
    advice: str
    problem_statement: str

    @property
    def summary(self) -> str:
        """The one sentence the playbook requires before any drafting."""
        return f"Our OKRs are to solve this execution problem: {self.problem_statement} Recommendation: {self.advice}"


def validate_response(response: Response, guide: DiagnosisGuide | None = None) -> None:
    guide = guide or load_guide()
    known = {a.id for a in guide.areas}
    unknown = sorted(set(response.ratings) - known)
    if unknown:
        raise InputError(f"{response.respondent}: unknown area(s) {', '.join(unknown)}",
                         fix=f"Rate these areas: {', '.join(sorted(known))}.")
    missing = sorted(known - set(response.ratings))
    if missing:
        raise InputError(f"{response.respondent} has not rated {', '.join(missing)}",
                         fix="Every leader rates every area, so the comparison is fair.")
    for area, rating in response.ratings.items():
        if not guide.scale.min <= rating <= guide.scale.max:
            raise InputError(f"{response.respondent}: rating {rating} for {area} is outside "
                             f"{guide.scale.min}-{guide.scale.max}", fix="Use the rating scale.")


def diagnose(responses: list[Response], problem_statement: str, guide: DiagnosisGuide | None = None) -> Diagnosis:
    guide = guide or load_guide()
    statement = " ".join(problem_statement.split())
    if not statement:
        raise InputError("the execution problem statement is empty",
                         fix="Write, in one plain sentence, which execution problem the OKRs are to solve.")
    if len(responses) < 2:
        raise InputError(f"{len(responses)} response(s): a comparison needs at least two leaders",
                         fix="Have each member of the leadership group answer separately.")
    names = [r.respondent for r in responses]
    if len(set(names)) != len(names):
        raise InputError("two responses carry the same name", fix="Give each leader's response a distinct name.")
    for response in responses:
        validate_response(response, guide)
    results = []
    for area in guide.areas:
        ratings = {r.respondent: r.ratings[area.id] for r in responses}
        values = list(ratings.values())
        results.append(AreaResult(area=area, ratings=ratings, mean=statistics.fmean(values), low=min(values),
                                  high=max(values), stdev=statistics.pstdev(values)))
    disagreements = [r.area.id for r in results if r.spread >= guide.disagreement_spread]
    weak = [r.area.id for r in results if r.mean < guide.system_floor]
    recommendation: Recommendation
    if any(r.area.system and r.mean < guide.system_floor for r in results):
        recommendation = "fix-system"
    elif disagreements or any(r.mean < guide.ready_floor for r in results):
        recommendation = "pilot"
    else:
        recommendation = "draft"
    return Diagnosis(areas=results, disagreements=disagreements, weak_areas=weak, recommendation=recommendation,
                     advice=guide.recommendations[recommendation], problem_statement=statement)
