"""The Definition event: six steps from purpose to commitment, as the facilitator runs them.

The steps, structures, prompts and timings are data (content/definition_workshop.yaml)
so a coach can adapt the agenda to a room without touching code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field, field_validator

from kit.content import load_content
from kit.model import FrozenModel

SIX_STEPS = ("Contextualise", "Reflect", "Envision", "Focus", "Quantify", "Commit")


class Step(FrozenModel):
    id: str
    name: str
    title: str
    structure: str = Field(description='Liberating Structure(s): "A → B" in sequence, "A or B" a choice.')
    purpose: str
    practices: str
    minutes: tuple[int, int]
    prompts: list[str]

    @field_validator("minutes")
    @classmethod
    def _range(cls, value: tuple[int, int]) -> tuple[int, int]:
        low, high = value
        if not 0 < low <= high:
            raise ValueError("minutes must be [low, high] with 0 < low <= high")
        return value

    @property
    def timing(self) -> str:
        low, high = self.minutes
        return f"{low} min" if low == high else f"{low}–{high} min"

    @property
    def timer_seconds(self) -> int:
        """The timer starts at the low end: a room that needs more time asks for it."""
        return self.minutes[0] * 60


class DefinitionWorkshop(FrozenModel):
    version: int
    title: str
    outcome: str
    kr_shape: str
    steps: list[Step]
    optional: list[Step] = Field(default_factory=list)

    @field_validator("steps")
    @classmethod
    def _six_steps(cls, steps: list[Step]) -> list[Step]:
        names = tuple(step.name for step in steps)
        if names != SIX_STEPS:
            raise ValueError(f"the Definition event has six steps {SIX_STEPS}, got {names}")
        return steps

    def step(self, step_id: str) -> Step:
        for step in [*self.steps, *self.optional]:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def total_minutes(self) -> tuple[int, int]:
        return sum(s.minutes[0] for s in self.steps), sum(s.minutes[1] for s in self.steps)


@cache
def load_workshop(path: Path | None = None) -> DefinitionWorkshop:
    return load_content("definition_workshop", DefinitionWorkshop, path)
