"""The 28-point readiness quick check: whether an organisation is ready to draft OKRs at all.

The items, gates and remediation plays are data (content/readiness.yaml) so a
coach can reword them without touching code; this module only scores them. It also holds
the pilot entry criterion on baselines, because a draft's readiness for the pilot is the
same question asked of one OKR set.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from kit.content import load_content
from kit.errors import InputError
from kit.model import FrozenModel, Review

GateColour = Literal["green", "amber", "red"]
ITEM_MAX = 2
BASELINE_RULE = "kr-no-baseline"


class Item(FrozenModel):
    id: str
    text: str
    remedy: str


class Section(FrozenModel):
    id: str
    title: str
    items: list[Item]

    @property
    def max_score(self) -> int:
        return ITEM_MAX * len(self.items)


class Remedy(FrozenModel):
    title: str
    action: str


class Gate(FrozenModel):
    colour: GateColour
    min: int
    max: int
    verdict: str
    next: str


class PilotEntry(FrozenModel):
    baseline_share: float = Field(gt=0, le=1)
    criteria: list[str]


class Checklist(FrozenModel):
    """The whole quick check as published: sections of items, the gates and the plays."""

    version: int
    target: int
    scale: dict[int, str]
    sections: list[Section]
    remedies: dict[str, Remedy]
    gates: list[Gate]
    pilot_entry: PilotEntry

    @model_validator(mode="after")
    def _consistent(self) -> Checklist:
        ids = [item.id for item in self.items]
        if len(ids) != len(set(ids)):
            raise ValueError("item ids must be unique")
        unknown = sorted({item.remedy for item in self.items} - set(self.remedies))
        if unknown:
            raise ValueError(f"items name unknown remedies: {', '.join(unknown)}")
        covered = sorted(score for gate in self.gates for score in range(gate.min, gate.max + 1))
        if covered != list(range(self.max_score + 1)):
            raise ValueError(f"gates must cover every total from 0 to {self.max_score} exactly once")
        return self

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    @property
    def max_score(self) -> int:
        return sum(section.max_score for section in self.sections)

    def gate_for(self, total: int) -> Gate:
        return next(gate for gate in self.gates if gate.min <= total <= gate.max)

    def score(self, scores: dict[str, int | None]) -> Result:
        """Score a (possibly partial) self-assessment; unscored items count as 0 until scored."""
        unknown = sorted(set(scores) - {item.id for item in self.items})
        if unknown:
            raise InputError(f"unknown readiness item(s): {', '.join(unknown)}",
                             fix="use the item ids from content/readiness.yaml")
        for item_id, value in scores.items():
            if value is not None and not 0 <= value <= ITEM_MAX:
                raise InputError(f"item {item_id!r} scored {value}", fix=f"score each item 0 to {ITEM_MAX}")
        sections = [
            SectionScore(section=section, score=sum(scores.get(item.id) or 0 for item in section.items))
            for section in self.sections
        ]
        total = sum(s.score for s in sections)
        scored = {item.id: value for item in self.items if (value := scores.get(item.id)) is not None}
        lowest = _lowest_items(self.items, scored)
        remedies: list[Remedy] = []
        for item in lowest:
            remedy = self.remedies[item.remedy]
            if remedy not in remedies:
                remedies.append(remedy)
        return Result(
            total=total,
            max_score=self.max_score,
            sections=sections,
            gate=self.gate_for(total),
            complete=len(scored) == len(self.items),
            lowest=lowest,
            remedies=remedies,
        )


class SectionScore(FrozenModel):
    section: Section
    score: int

    @property
    def share(self) -> float:
        return self.score / self.section.max_score


class Result(FrozenModel):
    total: int
    max_score: int
    sections: list[SectionScore]
    gate: Gate
    complete: bool = Field(description="Every item scored; until then the gate is provisional.")
    lowest: list[Item] = Field(description="The items to fix first: every scored item at the lowest score.")
    remedies: list[Remedy]


def _lowest_items(items: list[Item], scored: dict[str, int]) -> list[Item]:
    """Every item sharing the lowest score below solid: the playbook says fix those first."""
    gaps = [item for item in items if item.id in scored and scored[item.id] < ITEM_MAX]
    if not gaps:
        return []
    floor = min(scored[item.id] for item in gaps)
    return [item for item in gaps if scored[item.id] == floor]


@cache
def load_checklist(path: Path | None = None) -> Checklist:
    return load_content("readiness", Checklist, path)


class BaselineCoverage(FrozenModel):
    """How many KRs of a draft have a known starting value, against the pilot entry bar."""

    known: int
    total: int
    required_share: float
    missing: list[tuple[int, int]] = Field(description="(objective, KR) indices whose baseline is unknown.")

    @property
    def share(self) -> float:
        return self.known / self.total if self.total else 0.0

    @property
    def meets_pilot_entry(self) -> bool:
        return self.total > 0 and self.share >= self.required_share


def baseline_coverage(review: Review, checklist: Checklist | None = None) -> BaselineCoverage:
    """Read baseline gaps from the rubric's findings, so the widget and the CLI never disagree."""
    checklist = checklist or load_checklist()
    missing = sorted(
        {
            (f.objective_index, f.kr_index)
            for f in review.findings
            if f.rule == BASELINE_RULE and f.objective_index is not None and f.kr_index is not None
        }
    )
    total = len(review.okr_set.key_results())
    return BaselineCoverage(
        known=total - len(missing),
        total=total,
        required_share=checklist.pilot_entry.baseline_share,
        missing=[(oi, ki) for oi, ki in missing],
    )
