"""The 60-minute peer clinic: one live case, a fixed rhythm, and nobody leaves without a commitment.

The peer-learning playbook's clinic format turns friction into changed practice: phases with
fixed minutes, facilitation prompts that cut backstory and push for evidence, structured rounds
so strong voices cannot dominate, every problem converted into an action, an escalation or an
OKR-process change (or parked), and commitments reviewed at the start of the next clinic.

This module is the record of one clinic. The phases are in kit.cop.clinic_format, the peer
round and the confidence vote in kit.cop.clinic_rounds, storage in kit.cop.clinic_persistence
and the Markdown record in kit.cop.markdown.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum

import yaml
from pydantic import Field, field_validator

from kit.cop.clinic_format import DEFAULT_FORMAT, PHASE_KEYS, ClinicError, ClinicFormat, clinic_format
from kit.cop.clinic_rounds import ConfidenceVote, PeerRound
from kit.cop.intake import CaseIntake
from kit.model import EditableModel
from kit.paths import data_dir


class Experience(StrEnum):
    """Subgroups for the before/after capability ratings: the lift for the less experienced shows."""

    NEW = "new to OKRs"
    DEVELOPING = "developing"
    EXPERIENCED = "experienced"


class Participant(EditableModel):
    name: str = Field(min_length=1)
    team: str = ""
    experience: Experience = Experience.DEVELOPING


class Note(EditableModel):
    phase: str
    text: str
    author: str = ""


class ProblemCategory(StrEnum):
    MANAGEMENT_ACTION = "management action"
    ESCALATION = "escalation"
    OKR_PROCESS_CHANGE = "OKR process change"
    PARKED = "parked"


class Problem(EditableModel):
    """A problem raised in the room; parked until the group converts it into something it can act on."""

    text: str
    phase: str
    raised_by: str = ""
    category: ProblemCategory = ProblemCategory.PARKED
    next_step: str = ""


class Commitment(EditableModel):
    """Drafts may be partial (typed live); `missing` says what is still needed to count."""

    participant: str
    action: str = ""
    owner: str = ""
    due: date | None = None

    @property
    def missing(self) -> list[str]:
        gaps = [name for name in ("action", "owner") if not getattr(self, name).strip()]
        if self.due is None:
            gaps.append("due date")
        return gaps

    @property
    def complete(self) -> bool:
        return not self.missing


class FollowUpStatus(StrEnum):
    NOT_REVIEWED = "not reviewed"
    DONE = "done"
    NOT_DONE = "not done"


class FollowUp(EditableModel):
    """Last clinic's commitment, reviewed at the start of this one."""

    commitment: Commitment
    status: FollowUpStatus = FollowUpStatus.NOT_REVIEWED
    evidence: str = ""


class CloseResult(EditableModel):
    """Why a clinic did or did not close: who still lacks a complete commitment, and what is missing."""

    closed: bool
    without_commitment: list[str] = Field(default_factory=list)
    incomplete: dict[str, list[str]] = Field(default_factory=dict, description="Participant -> missing parts.")
    reason: str = ""

    @property
    def message(self) -> str:
        if self.closed:
            return "Clinic closed: every participant leaves with an action, an owner and a due date."
        parts = [self.reason] if self.reason else []
        if self.without_commitment:
            parts.append(f"no commitment yet from {', '.join(self.without_commitment)}")
        for name, gaps in self.incomplete.items():
            parts.append(f"{name}'s commitment has no {' or '.join(gaps)}")
        return "Not closed yet: " + "; ".join(parts) + "."


class CaseRecord(EditableModel):
    """What every clinic format keeps: one case, who took part, and the commitments they leave with.

    The close rule lives here so the live, short and written clinics close the same way."""

    title: str = "Peer clinic"
    facilitator: str = ""
    participants: list[Participant] = Field(default_factory=list)
    case: CaseIntake = Field(default_factory=CaseIntake)
    commitments: list[Commitment] = Field(default_factory=list)
    closed: bool = False

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.participants]

    @property
    def case_owner(self) -> str:
        return self.case.owner

    def add_participant(self, name: str, team: str = "", experience: Experience = Experience.DEVELOPING) -> None:
        name = name.strip()
        if not name:
            raise ClinicError("type the participant's name first")
        if name in self.names:
            raise ClinicError(f"{name} is already in this clinic")
        self.participants = [*self.participants, Participant(name=name, team=team, experience=experience)]

    def commit(self, participant: str, action: str = "", owner: str = "", due: date | str | None = None) -> Commitment:
        """Record a commitment as typed; incomplete ones are kept and named when closing."""
        if participant not in self.names:
            raise ClinicError(f"{participant} is not a participant of this clinic")
        due_date = _parse_due(due)
        commitment = Commitment(participant=participant, action=action.strip(), owner=owner.strip(), due=due_date)
        self.commitments = [*self.commitments, commitment]
        return commitment

    def remove_commitment(self, index: int) -> Commitment:
        """Take a commitment off the record, e.g. one typed by mistake or without an owner."""
        if not 0 <= index < len(self.commitments):
            raise ClinicError(f"there is no commitment number {index + 1}")
        removed = self.commitments[index]
        self.commitments = [c for i, c in enumerate(self.commitments) if i != index]
        return removed

    def close_check(self) -> CloseResult:
        """Checks every commitment that would be recorded, so none leaves the room without an owner or date."""
        if not self.participants:
            return CloseResult(closed=False, reason="add the participants first")
        without = [n for n in self.names if not any(c.participant == n for c in self.commitments)]
        incomplete: dict[str, list[str]] = {}
        for commitment in self.commitments:
            if not commitment.complete:
                gaps = incomplete.setdefault(commitment.participant, [])
                gaps += [gap for gap in commitment.missing if gap not in gaps]
        return CloseResult(closed=not without and not incomplete, without_commitment=without, incomplete=incomplete)

    def close(self) -> CloseResult:
        """Close only when every participant has a complete commitment; otherwise say who lacks one."""
        result = self.close_check()
        self.closed = result.closed
        return result


class Clinic(CaseRecord):
    """The record of one live clinic (60 or 30 minutes); widgets edit it, exports render it."""

    held_on: date = Field(default_factory=date.today)
    format: str = Field(default=DEFAULT_FORMAT, description="A key of content/clinic_formats.yaml.")
    notes: list[Note] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    follow_ups: list[FollowUp] = Field(default_factory=list)
    peer_round: PeerRound | None = None
    votes: list[ConfidenceVote] = Field(default_factory=list)

    @field_validator("format")
    @classmethod
    def _known_format(cls, key: str) -> str:
        try:
            clinic_format(key)
        except ClinicError as error:
            raise ValueError(str(error)) from None
        return key

    @property
    def timing(self) -> ClinicFormat:
        """The phases and minutes this clinic runs to."""
        return clinic_format(self.format)

    def speaking_order(self, phase_key: str) -> list[str]:
        """Who speaks, in order. Each round starts with a different person so the same strong
        voice never opens every round; in peer rounds the case owner answers last."""
        current = self.timing.phase(phase_key)
        if current.speakers == "owner":
            return [self.case_owner] if self.case_owner else []
        shift = PHASE_KEYS.index(phase_key)
        if current.speakers == "peers":
            peers = [n for n in self.names if n != self.case_owner]
            return _rotate(peers, shift) + ([self.case_owner] if self.case_owner in self.names else [])
        return _rotate(self.names, shift)

    def add_note(self, phase_key: str, text: str, author: str = "") -> Note:
        self.timing.phase(phase_key)
        if not text.strip():
            raise ClinicError("an empty note was not added")
        note = Note(phase=phase_key, text=text.strip(), author=author)
        self.notes = [*self.notes, note]
        return note

    def notes_for(self, phase_key: str) -> list[Note]:
        return [n for n in self.notes if n.phase == phase_key]

    def raise_problem(
        self,
        text: str,
        phase_key: str,
        raised_by: str = "",
        category: ProblemCategory = ProblemCategory.PARKED,
        next_step: str = "",
    ) -> Problem:
        self.timing.phase(phase_key)
        if not text.strip():
            raise ClinicError("describe the problem before adding it")
        problem = Problem(
            text=text.strip(), phase=phase_key, raised_by=raised_by, category=category, next_step=next_step
        )
        self.problems = [*self.problems, problem]
        return problem

    def classify(self, index: int, category: ProblemCategory, next_step: str = "") -> Problem:
        problem = self.problems[index]
        problem.category = category
        problem.next_step = next_step.strip() or problem.next_step
        return problem

    def problems_by_category(self) -> dict[ProblemCategory, list[Problem]]:
        return {c: [p for p in self.problems if p.category == c] for c in ProblemCategory}

    def follow_up_from(self, previous: Clinic) -> list[FollowUp]:
        """Bring last clinic's commitments in, to be marked done / not done with evidence."""
        self.follow_ups = [FollowUp(commitment=c) for c in previous.commitments]
        return self.follow_ups

    def review_follow_up(self, index: int, status: FollowUpStatus, evidence: str = "") -> FollowUp:
        follow_up = self.follow_ups[index]
        follow_up.status = status
        follow_up.evidence = evidence.strip()
        return follow_up

    def start_vote(self, question: str) -> ConfidenceVote:
        vote = ConfidenceVote(question=question)
        self.votes = [*self.votes, vote]
        return vote

    def start_peer_round(self, drafts: Mapping[str, str], seed: int | None = None) -> PeerRound:
        teams = {p.name: p.team for p in self.participants}
        self.peer_round = PeerRound.swap(drafts, teams=teams, seed=seed)
        return self.peer_round


def _rotate(items: list[str], shift: int) -> list[str]:
    if not items:
        return []
    k = shift % len(items)
    return items[k:] + items[:k]


def _parse_due(due: date | str | None) -> date | None:
    if due is None or isinstance(due, date):
        return due
    if not due.strip():
        return None
    try:
        return date.fromisoformat(due.strip())
    except ValueError:
        raise ClinicError(f"due date {due!r} is not a date like 2026-12-04") from None


def sample_clinic() -> Clinic:
    """A scripted clinic for rehearsals and tests: a live case, four people, a full hour."""
    path = data_dir("notebooks") / "data" / "sample_clinic.yaml"
    return Clinic.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
