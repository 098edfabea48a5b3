"""The clinic's fixed formats: five phases with fixed minutes, prompts, and who has the floor.

The peer-learning playbook's rhythm is what keeps a clinic from drifting into backstory; the
record (kit.cop.clinic), the rounds and the widget all follow these phases. The formats (the hour,
and a 30-minute one for teams that cannot give an hour) are content, in content/clinic_formats.yaml.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import model_validator

from kit.content import load_content
from kit.errors import KitError
from kit.model import FrozenModel, StrictModel

PHASE_KEYS = ("check_in", "owner_explains", "diagnosis", "shaping", "commitments")
DEFAULT_FORMAT = "hour"


class ClinicError(KitError):
    """A facilitator action that cannot be done now (e.g. a vote after the reveal)."""


class Phase(FrozenModel):
    """One block of the clinic. `speakers` says who has the floor: everyone, the case owner, or
    the peers (with the case owner answering last)."""

    key: str
    title: str
    start_minute: int
    end_minute: int
    purpose: str
    prompts: tuple[str, ...]
    speakers: Literal["everyone", "owner", "peers"]

    @property
    def minutes(self) -> int:
        return self.end_minute - self.start_minute

    @property
    def label(self) -> str:
        return f"{self.start_minute}-{self.end_minute} min · {self.title}"


class ClinicFormat(FrozenModel):
    """One way to run the clinic: the same five phases, each with its minutes and prompts."""

    key: str
    title: str
    audience: str
    phases: tuple[Phase, ...]

    @model_validator(mode="after")
    def _five_phases_end_to_end(self) -> ClinicFormat:
        keys = tuple(p.key for p in self.phases)
        if keys != PHASE_KEYS:
            raise ValueError(f"format {self.key!r} must list the phases {', '.join(PHASE_KEYS)} in that order")
        minute = 0
        for current in self.phases:
            if current.start_minute != minute or current.end_minute <= current.start_minute:
                raise ValueError(f"format {self.key!r}: phase {current.key!r} must start at minute {minute} "
                                 "and end after it starts")
            minute = current.end_minute
        return self

    @property
    def minutes(self) -> int:
        return self.phases[-1].end_minute

    def phase(self, key: str) -> Phase:
        for candidate in self.phases:
            if candidate.key == key:
                return candidate
        raise ClinicError(f"no clinic phase {key!r}; phases are {', '.join(PHASE_KEYS)}")

    def phase_at(self, elapsed_seconds: float) -> Phase:
        """The phase the clock is in; after the end it stays on the close."""
        minute = max(0.0, elapsed_seconds) / 60
        return next((p for p in self.phases if minute < p.end_minute), self.phases[-1])

    def seconds_left_in_phase(self, elapsed_seconds: float) -> int:
        current = self.phase_at(elapsed_seconds)
        return max(0, round(current.end_minute * 60 - max(0.0, elapsed_seconds)))


class _Formats(StrictModel):
    version: int
    formats: list[ClinicFormat]


@cache
def clinic_formats() -> dict[str, ClinicFormat]:
    """Every format in content/clinic_formats.yaml, by key."""
    return {f.key: f for f in load_content("clinic_formats", _Formats).formats}


def clinic_format(key: str = DEFAULT_FORMAT) -> ClinicFormat:
    formats = clinic_formats()
    if key not in formats:
        raise ClinicError(f"no clinic format {key!r}; formats are {', '.join(formats)}")
    return formats[key]
