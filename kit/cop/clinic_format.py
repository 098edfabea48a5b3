"""The clinic's fixed format: five phases with fixed minutes, prompts, and who has the floor.

The peer-learning playbook's rhythm is what keeps a clinic from drifting into backstory;
the record (kit.cop.clinic), the rounds and the widget all follow these phases.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from kit.errors import KitError

CLINIC_MINUTES = 60


class ClinicError(KitError):
    """A facilitator action that cannot be done now (e.g. a vote after the reveal)."""


class Phase(BaseModel):
    """One block of the clinic. `speakers` says who has the floor: everyone, the case owner, or
    the peers (with the case owner answering last)."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    start_minute: int
    end_minute: int
    purpose: str
    prompts: tuple[str, ...]
    speakers: str  # "everyone" | "owner" | "peers"

    @property
    def minutes(self) -> int:
        return self.end_minute - self.start_minute

    @property
    def label(self) -> str:
        return f"{self.start_minute}-{self.end_minute} min · {self.title}"


PHASES: tuple[Phase, ...] = (
    Phase(
        key="check_in",
        title="Check-in and context",
        start_minute=0,
        end_minute=10,
        purpose="Surface the live execution issue and why it matters now.",
        prompts=(
            "Review last clinic's commitments first: done or not done, and what is the evidence?",
            "In one sentence each: what is live for you this week?",
            "Which objective or key result is at stake in today's case?",
        ),
        speakers="everyone",
    ),
    Phase(
        key="owner_explains",
        title="Case owner explains the challenge",
        start_minute=10,
        end_minute=20,
        purpose="Clarify facts, not opinions or long backstory.",
        prompts=(
            "Cut the backstory: what happened in the last two weeks?",
            "What was said, by whom, and what decision was avoided?",
            "What decision or standard do you need from this group?",
        ),
        speakers="owner",
    ),
    Phase(
        key="diagnosis",
        title="Peer diagnosis",
        start_minute=20,
        end_minute=35,
        purpose="Test assumptions, find root causes, compare approaches.",
        prompts=(
            "Push for evidence: what do the numbers, notes or logs actually show?",
            "Is this the root cause or a symptom? What would we see if it were fixed?",
            "Who has faced this before, and what did you do?",
        ),
        speakers="peers",
    ),
    Phase(
        key="shaping",
        title="Solution shaping",
        start_minute=35,
        end_minute=50,
        purpose="Agree actions, ownership and what will change before the next review.",
        prompts=(
            "Turn each problem into a management action, an escalation, or a change to the OKR process - or park it.",
            "Who owns it, and what changes before the next review?",
            "Vote confidence in the proposed fix (1-5), all revealed together.",
        ),
        speakers="peers",
    ),
    Phase(
        key="commitments",
        title="Commitments and close",
        start_minute=50,
        end_minute=60,
        purpose="Capture next steps and the evidence that will show progress.",
        prompts=(
            "End with commitments: every participant states one action, its owner and a due date.",
            "What evidence will you bring to the next clinic?",
            "What goes into the artefact library from today?",
        ),
        speakers="everyone",
    ),
)
PHASE_KEYS = tuple(p.key for p in PHASES)


def phase(key: str) -> Phase:
    for candidate in PHASES:
        if candidate.key == key:
            return candidate
    raise ClinicError(f"no clinic phase {key!r}; phases are {', '.join(PHASE_KEYS)}")


def phase_at(elapsed_seconds: float) -> Phase:
    """The phase the clock is in; after the hour it stays on the close."""
    minute = max(0.0, elapsed_seconds) / 60
    for candidate in PHASES:
        if minute < candidate.end_minute:
            return candidate
    return PHASES[-1]


def seconds_left_in_phase(elapsed_seconds: float) -> int:
    current = phase_at(elapsed_seconds)
    return max(0, round(current.end_minute * 60 - max(0.0, elapsed_seconds)))
