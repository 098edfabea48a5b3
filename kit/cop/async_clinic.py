"""The written clinic: one live case answered in writing over a few days, for hybrid and shift-based teams.

The peer-learning playbook warns that a clinic people must attend at one hour excludes frontline,
shift-based and remote members; "equal invitation is not equal access". The written clinic keeps
what makes the hour work - one case with its intake, peers diagnosing before the owner decides,
confidence votes hidden until everyone has voted, and the close rule that nobody leaves without an
action, an owner and a due date - and spreads it over a window of days. It is saved in the same
store as the live clinics, under its own kind.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import Field, model_validator

from kit.cop.clinic import CaseRecord, ClinicError
from kit.cop.clinic_persistence import CLINIC_WORKSHOP, newest_readable, next_key, record_keys
from kit.cop.clinic_rounds import ConfidenceVote
from kit.model import FrozenModel
from kit.store import Store

ASYNC_CLINIC_KIND = "async_clinic"
WINDOW_DAYS = 3  # Monday to Thursday reaches every shift of a week-long rota at least once

WindowState = Literal["not open yet", "open", "closed"]


class Answer(FrozenModel):
    """A peer's written diagnosis of the case and what they would do."""

    participant: str
    diagnosis: str
    suggestion: str = ""
    posted_on: date


class AsyncClinic(CaseRecord):
    """The record of one written clinic; the page edits it, the Markdown export renders it."""

    title: str = "Written clinic"
    opens_on: date = Field(default_factory=date.today)
    closes_on: date = Field(default_factory=lambda: date.today() + timedelta(days=WINDOW_DAYS))
    answers: list[Answer] = Field(default_factory=list)
    vote: ConfidenceVote | None = None

    @model_validator(mode="after")
    def _window_in_order(self) -> AsyncClinic:
        if self.closes_on < self.opens_on:
            raise ValueError(f"the window closes ({self.closes_on}) before it opens ({self.opens_on})")
        return self

    def window(self, today: date) -> WindowState:
        if today < self.opens_on:
            return "not open yet"
        return "open" if today <= self.closes_on else "closed"

    def _require_open(self, today: date, what: str) -> None:
        if self.closed:
            raise ClinicError(f"{what} no more: this clinic is closed, every participant has a commitment; "
                              "start the next written clinic for a new case")
        state = self.window(today)
        if state != "open":
            when = self.opens_on if state == "not open yet" else self.closes_on
            verb = "opens" if state == "not open yet" else "closed"
            raise ClinicError(f"{what} only while the window is open; it {verb} on {when:%a %d %b}")

    @property
    def peers(self) -> list[str]:
        """Everyone but the case owner: the owner reads the answers and decides."""
        return [name for name in self.names if name != self.case_owner]

    def answer(self, participant: str, diagnosis: str, suggestion: str, today: date) -> Answer:
        """Post (or replace) a peer's written answer while the window is open."""
        self._require_open(today, "answers can be posted")
        if participant not in self.names:
            raise ClinicError(f"{participant} is not a participant of this clinic")
        if participant == self.case_owner:
            raise ClinicError(f"{participant} brought the case: the owner answers with a commitment, not a diagnosis")
        if not diagnosis.strip():
            raise ClinicError("write the diagnosis first: what do you think is going on, and why?")
        posted = Answer(participant=participant, diagnosis=diagnosis.strip(), suggestion=suggestion.strip(),
                        posted_on=today)
        self.answers = [*(a for a in self.answers if a.participant != participant), posted]
        return posted

    @property
    def waiting_for(self) -> list[str]:
        answered = {a.participant for a in self.answers}
        return [name for name in self.peers if name not in answered]

    def start_vote(self, question: str, today: date) -> ConfidenceVote:
        self._require_open(today, "a vote can be started")
        self.vote = ConfidenceVote(question=question.strip() or "Confidence in the proposed fix")
        return self.vote

    def cast(self, voter: str, score: int, today: date) -> None:
        if self.vote is None:
            raise ClinicError("start the vote first")
        self._require_open(today, "votes can be cast")
        if voter not in self.names:
            raise ClinicError(f"{voter} is not a participant of this clinic")
        self.vote.cast(voter, score)

    def reveal(self, today: date) -> None:
        """All at once, when everyone has voted or the window has closed - never one by one."""
        if self.vote is None:
            raise ClinicError("start the vote first")
        missing = [name for name in self.names if name not in self.vote.votes]
        if missing and self.window(today) != "closed":
            raise ClinicError(f"votes stay hidden until {', '.join(missing)} vote(s) or the window closes "
                              f"on {self.closes_on:%a %d %b}")
        self.vote.reveal()


def async_clinic_keys(store: Store, workshop: str = CLINIC_WORKSHOP) -> list[str]:
    return record_keys(store, ASYNC_CLINIC_KIND, workshop)


def resume_or_start_async(store: Store, today: date | None = None, workshop: str = CLINIC_WORKSHOP
                          ) -> tuple[AsyncClinic, str]:
    """Reopen the newest written clinic that is not closed, or start one opening today with the last
    one's participants. A record that no longer fits is skipped and never written over."""
    today = today or date.today()
    keys = async_clinic_keys(store, workshop)
    newest = newest_readable(store, ASYNC_CLINIC_KIND, keys, AsyncClinic, workshop)
    if newest is not None and not newest[0].closed:
        return newest
    record = AsyncClinic(opens_on=today, closes_on=today + timedelta(days=WINDOW_DAYS))
    if newest is not None:
        record.participants = [p.model_copy() for p in newest[0].participants]
        record.facilitator = newest[0].facilitator
    return record, next_key(keys, today)
