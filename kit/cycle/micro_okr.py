"""Micro-OKRs: a two-to-four-week experiment inside the quarter, laddered into the KR it should move.

The Amber response ("adjust initiatives, add a Micro-OKR for focused experimentation") becomes a
record the check-ins carry: one objective, one or two key results, a parent KR of the plan, a start
and two to four weeks. It is reviewed by the same rubric as any set, with rubrics/micro_okr.yaml
layered over the house rules, and scored like a KR from the readings recorded at each check-in.
"""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import Field, model_validator

from kit.cycle.actuals import Actual
from kit.cycle.scoring import ScoringError, score_key_result
from kit.model import EditableModel, KeyResult, Objective, OkrSet, Review
from kit.paths import data_dir

MICRO_RULES = data_dir("rubrics") / "micro_okr.yaml"


class MicroOkr(EditableModel):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
    parent_kr_id: str = Field(min_length=1, description="The plan's KR the experiment should move.")
    objective: str = Field(min_length=1)
    key_results: list[KeyResult] = Field(min_length=1, max_length=2)
    start: date
    weeks: int = Field(ge=2, le=4, description="Two to four weeks.")
    readings: list[Actual] = Field(default_factory=list, description="Readings of its KRs, kr_id = M.KR1 ...")

    @model_validator(mode="after")
    def _texts(self) -> MicroOkr:
        if any(not kr.text.strip() for kr in self.key_results):
            raise ValueError("every key result of a micro-OKR needs its text")
        return self

    @property
    def end(self) -> date:
        return self.start + timedelta(weeks=self.weeks, days=-1)

    def kr_id(self, index: int) -> str:
        return f"{self.id}.KR{index + 1}"

    def active_on(self, day: date) -> bool:
        return self.start <= day <= self.end

    def as_set(self) -> OkrSet:
        return OkrSet(objectives=[Objective(text=self.objective, key_results=self.key_results)])

    def latest(self, index: int, on: date) -> float | None:
        readings = [r for r in self.readings if r.kr_id == self.kr_id(index) and r.day <= on]
        return max(readings, key=lambda r: r.day).value if readings else None

    def score(self, index: int, on: date) -> float | None:
        """One KR's score from its latest reading, scored as plan KRs are; None without reading, baseline or target."""
        kr, value = self.key_results[index], self.latest(index, on)
        try:
            return None if value is None else score_key_result(kr, value)
        except ScoringError:
            return None


def review_micro_okr(micro: MicroOkr) -> Review:
    """The micro-OKR reviewed by the house rules with the micro-OKR rules layered over them."""
    from kit.review import review

    return review(micro.as_set(), rubric=MICRO_RULES)


def next_micro_id(existing: list[MicroOkr], parent_kr_id: str) -> str:
    """M1, M2 ... under the parent KR: "O1.KR2.M1"."""
    taken = {micro.id for micro in existing}
    number = 1
    while f"{parent_kr_id}.M{number}" in taken:
        number += 1
    return f"{parent_kr_id}.M{number}"
