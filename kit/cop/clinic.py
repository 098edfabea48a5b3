"""The 60-minute peer clinic: one live case, a fixed rhythm, and nobody leaves without a commitment.

The peer-learning playbook's clinic format turns friction into changed practice: phases with
fixed minutes, facilitation prompts that cut backstory and push for evidence, structured rounds
so strong voices cannot dominate, every problem converted into an action, an escalation or an
OKR-process change (or parked), and commitments reviewed at the start of the next clinic.
"""

from __future__ import annotations

import json
import random
import statistics
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kit.cop.intake import CaseIntake, inline_md
from kit.errors import InputError, KitError
from kit.store import Store

CLINIC_MINUTES = 60


class ClinicError(KitError):
    """A facilitator action that cannot be done now (e.g. a vote after the reveal)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


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


class Experience(StrEnum):
    """Subgroups for the before/after capability ratings: the lift for the less experienced shows."""

    NEW = "new to OKRs"
    DEVELOPING = "developing"
    EXPERIENCED = "experienced"


class Participant(_Model):
    name: str = Field(min_length=1)
    team: str = ""
    experience: Experience = Experience.DEVELOPING


class Note(_Model):
    phase: str
    text: str
    author: str = ""


class ProblemCategory(StrEnum):
    MANAGEMENT_ACTION = "management action"
    ESCALATION = "escalation"
    OKR_PROCESS_CHANGE = "OKR process change"
    PARKED = "parked"


class Problem(_Model):
    """A problem raised in the room; parked until the group converts it into something it can act on."""

    text: str
    phase: str
    raised_by: str = ""
    category: ProblemCategory = ProblemCategory.PARKED
    next_step: str = ""


class Commitment(_Model):
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


class FollowUp(_Model):
    """Last clinic's commitment, reviewed at the start of this one."""

    commitment: Commitment
    status: FollowUpStatus = FollowUpStatus.NOT_REVIEWED
    evidence: str = ""


class PeerReview(_Model):
    reviewer: str
    draft: str = Field(description="Anonymous label of the draft reviewed, e.g. 'Draft B'.")
    challenge: str
    suggestion: str


class PeerRound(_Model):
    """Drafts swapped anonymously: each reviewer gets another team's draft under a letter.

    Authors stay in `authors` for the facilitator only; exports show the letters.
    """

    drafts: dict[str, str] = Field(description="Label -> draft text.")
    authors: dict[str, str] = Field(description="Label -> author; never shown to reviewers.")
    assignments: dict[str, str] = Field(description="Reviewer -> label of the draft they review.")
    reviews: list[PeerReview] = Field(default_factory=list)

    @classmethod
    def swap(
        cls, drafts: Mapping[str, str], teams: Mapping[str, str] | None = None, seed: int | None = None
    ) -> PeerRound:
        """Shuffle drafts so nobody reviews their own, nor their own team's when another exists."""
        authors = list(drafts)
        if len(authors) < 2:
            raise ClinicError("a peer review round needs drafts from at least two participants")
        teams = teams or {}
        rng = random.Random(seed)
        order = authors[:]
        rng.shuffle(order)
        labels = {author: f"Draft {chr(ord('A') + i)}" for i, author in enumerate(order)}
        reviewers_of = _derangement(order, teams, rng)
        return cls(
            drafts={labels[a]: drafts[a] for a in order},
            authors={labels[a]: a for a in order},
            assignments={reviewer: labels[author] for reviewer, author in reviewers_of.items()},
        )

    def draft_for(self, reviewer: str) -> tuple[str, str]:
        label = self.assignments.get(reviewer)
        if label is None:
            raise ClinicError(f"{reviewer} has no draft in this round")
        return label, self.drafts[label]

    def submit(self, reviewer: str, challenge: str, suggestion: str) -> PeerReview:
        """One challenge and one suggestion, both required; resubmitting replaces the earlier one."""
        label, _ = self.draft_for(reviewer)
        if not challenge.strip() or not suggestion.strip():
            raise ClinicError("a peer review needs one challenge and one suggestion")
        review = PeerReview(reviewer=reviewer, draft=label, challenge=challenge.strip(), suggestion=suggestion.strip())
        self.reviews = [r for r in self.reviews if r.reviewer != reviewer] + [review]
        return review

    @property
    def waiting_for(self) -> list[str]:
        done = {r.reviewer for r in self.reviews}
        return [reviewer for reviewer in self.assignments if reviewer not in done]

    def reviews_of(self, label: str) -> list[PeerReview]:
        return [r for r in self.reviews if r.draft == label]


def _derangement(authors: list[str], teams: Mapping[str, str], rng: random.Random) -> dict[str, str]:
    """Reviewer -> author, nobody their own; prefer another team's draft (few tries, then any)."""
    best: dict[str, str] | None = None
    best_same_team = len(authors) + 1
    for _ in range(200):
        shuffled = authors[:]
        rng.shuffle(shuffled)
        if any(a == b for a, b in zip(authors, shuffled, strict=True)):
            continue
        pairing = dict(zip(authors, shuffled, strict=True))
        same_team = sum(1 for r, a in pairing.items() if teams.get(r) and teams.get(r) == teams.get(a))
        if same_team < best_same_team:
            best, best_same_team = pairing, same_team
        if same_team == 0:
            break
    if best is None:  # unreachable for two or more authors in practice; rotate as a fallback
        best = {a: authors[(i + 1) % len(authors)] for i, a in enumerate(authors)}
    return best


class VoteResult(_Model):
    counts: dict[int, int]
    mean: float
    median: float
    spread: int = Field(description="Highest minus lowest vote: a wide spread means the room is not convinced.")
    voters: int


class ConfidenceVote(_Model):
    """Confidence (1-5) in a proposed fix, hidden until everyone has voted, then shown at once."""

    question: str
    votes: dict[str, int] = Field(default_factory=dict)
    revealed: bool = False

    def cast(self, voter: str, score: int) -> None:
        if self.revealed:
            raise ClinicError("the votes are already revealed; start a new vote to vote again")
        if not 1 <= int(score) <= 5:
            raise ClinicError(f"confidence is 1 to 5, not {score}")
        self.votes = {**self.votes, voter: int(score)}

    @property
    def cast_count(self) -> int:
        return len(self.votes)

    def reveal(self) -> VoteResult:
        if not self.votes:
            raise ClinicError("nobody has voted yet")
        self.revealed = True
        return self.result()

    def result(self) -> VoteResult:
        """Only after the reveal, so no early vote can anchor the room."""
        if not self.revealed:
            raise ClinicError("votes stay hidden until they are revealed together")
        scores = list(self.votes.values())
        return VoteResult(
            counts={n: scores.count(n) for n in range(1, 6)},
            mean=round(statistics.fmean(scores), 2),
            median=float(statistics.median(scores)),
            spread=max(scores) - min(scores),
            voters=len(scores),
        )


class CloseResult(_Model):
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


class Clinic(_Model):
    """The record of one clinic; widgets edit it, exports render it."""

    title: str = "Peer clinic"
    held_on: date = Field(default_factory=date.today)
    facilitator: str = ""
    participants: list[Participant] = Field(default_factory=list)
    case: CaseIntake = Field(default_factory=CaseIntake)
    notes: list[Note] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    commitments: list[Commitment] = Field(default_factory=list)
    follow_ups: list[FollowUp] = Field(default_factory=list)
    peer_round: PeerRound | None = None
    votes: list[ConfidenceVote] = Field(default_factory=list)
    closed: bool = False

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.participants]

    @property
    def case_owner(self) -> str:
        return self.case.owner

    def add_participant(self, name: str, team: str = "", experience: Experience = Experience.DEVELOPING) -> None:
        name = name.strip()
        if name in self.names:
            raise ClinicError(f"{name} is already in this clinic")
        self.participants = [*self.participants, Participant(name=name, team=team, experience=experience)]

    def speaking_order(self, phase_key: str) -> list[str]:
        """Who speaks, in order. Each round starts with a different person so the same strong
        voice never opens every round; in peer rounds the case owner answers last."""
        current = phase(phase_key)
        if current.speakers == "owner":
            return [self.case_owner] if self.case_owner else []
        shift = PHASE_KEYS.index(phase_key)
        if current.speakers == "peers":
            peers = [n for n in self.names if n != self.case_owner]
            return _rotate(peers, shift) + ([self.case_owner] if self.case_owner in self.names else [])
        return _rotate(self.names, shift)

    def add_note(self, phase_key: str, text: str, author: str = "") -> Note:
        phase(phase_key)
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
        phase(phase_key)
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

    def commit(self, participant: str, action: str = "", owner: str = "", due: date | str | None = None) -> Commitment:
        """Record a commitment as typed; incomplete ones are kept and named when closing."""
        if participant not in self.names:
            raise ClinicError(f"{participant} is not a participant of this clinic")
        due_date = _parse_due(due)
        commitment = Commitment(participant=participant, action=action.strip(), owner=owner.strip(), due=due_date)
        self.commitments = [*self.commitments, commitment]
        return commitment

    def close_check(self) -> CloseResult:
        if not self.participants:
            return CloseResult(closed=False, reason="add the participants first")
        complete_by = {c.participant for c in self.commitments if c.complete}
        without = [n for n in self.names if not any(c.participant == n for c in self.commitments)]
        incomplete = {
            n: next(c.missing for c in self.commitments if c.participant == n and not c.complete)
            for n in self.names
            if n not in complete_by and n not in without
        }
        return CloseResult(closed=not without and not incomplete, without_commitment=without, incomplete=incomplete)

    def close(self) -> CloseResult:
        """Close only when every participant has a complete commitment; otherwise say who lacks one."""
        result = self.close_check()
        self.closed = result.closed
        return result

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

    def save(self, path: str | Path) -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_text(self.model_dump_json(indent=2), encoding="utf-8")
        tmp.replace(target)
        return target

    @classmethod
    def load(cls, path: str | Path) -> Clinic:
        source = Path(path)
        try:
            return cls.model_validate_json(source.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError("clinic record not found", path=str(source)) from None
        except (ValidationError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(
                f"not a clinic record ({str(exc).splitlines()[0]})",
                path=str(source),
                fix="Open a file saved by Clinic.save or the clinic notebook.",
            ) from None

    def to_markdown(self) -> str:
        """The clinic record a facilitator files in the artefact library."""
        out = [f"# {inline_md(self.title)} - {self.held_on.isoformat()}", ""]
        if self.facilitator:
            out.append(f"Facilitator: {inline_md(self.facilitator)}  ")
        if self.participants:
            people = ", ".join(
                f"{inline_md(p.name)}{f' ({inline_md(p.team)})' if p.team else ''}" for p in self.participants
            )
            out.append(f"Participants: {people}")
        out.append("")
        if self.follow_ups:
            out += [
                "## Last clinic's commitments",
                "",
                "| Participant | Action | Status | Evidence |",
                "|---|---|---|---|",
            ]
            out += [
                f"| {_cell(f.commitment.participant)} | {_cell(f.commitment.action)} | {f.status.value} | "
                f"{_cell(f.evidence) or '-'} |"
                for f in self.follow_ups
            ]
            out.append("")
        out += ["## Case", "", self.case.to_markdown().replace("### Case:", "**Case:**", 1)]
        out += ["## Notes by phase", ""]
        for p in PHASES:
            notes = self.notes_for(p.key)
            out.append(f"### {p.label}")
            out.append("")
            out += [f"- {inline_md(n.text)}{f' ({inline_md(n.author)})' if n.author else ''}" for n in notes] or [
                "- (no notes)"
            ]
            out.append("")
        if self.problems:
            out += ["## Problems raised", ""]
            for category, problems in self.problems_by_category().items():
                if problems:
                    out.append(f"**{category.value.capitalize()}**")
                    out.append("")
                    for pr in problems:
                        step = f" - next: {inline_md(pr.next_step)}" if pr.next_step else ""
                        out.append(f"- {inline_md(pr.text)}{step}")
                    out.append("")
        if self.peer_round:
            out += ["## Peer review round", ""]
            for r in self.peer_round.reviews:
                out.append(
                    f"- **{r.draft}** - challenge: {inline_md(r.challenge)}; suggestion: {inline_md(r.suggestion)}"
                )
            out.append("")
        for vote in self.votes:
            if vote.revealed:
                res = vote.result()
                out += [
                    f"## Confidence: {inline_md(vote.question)}",
                    "",
                    f"{res.voters} votes, median {res.median:g}, mean {res.mean:g}, spread {res.spread} "
                    f"({', '.join(f'{n}: {c}' for n, c in res.counts.items())})",
                    "",
                ]
        out += ["## Commitments", "", "| Participant | Action | Owner | Due |", "|---|---|---|---|"]
        out += [
            f"| {_cell(c.participant)} | {_cell(c.action) or '**missing**'} | {_cell(c.owner) or '**missing**'} | "
            f"{c.due.isoformat() if c.due else '**missing**'} |"
            for c in self.commitments
        ]
        out += ["", f"Status: {'closed' if self.closed else 'open'} - {self.close_check().message}", ""]
        return "\n".join(out)


def _rotate(items: list[str], shift: int) -> list[str]:
    if not items:
        return []
    k = shift % len(items)
    return items[k:] + items[:k]


def _cell(text: str) -> str:
    return inline_md(text).replace("|", "\\|")


def _parse_due(due: date | str | None) -> date | None:
    if due is None or isinstance(due, date):
        return due
    if not due.strip():
        return None
    try:
        return date.fromisoformat(due.strip())
    except ValueError:
        raise ClinicError(f"due date {due!r} is not a date like 2026-12-04") from None


CLINIC_KIND = "clinic"
CLINIC_WORKSHOP = "clinics"  # the store's name for a community's run of clinics
RECORD_GLOB = "clinic-*.json"  # clinic records kept as files by earlier versions of the kit


def _key_order(key: str) -> tuple[str, int]:
    """Keys are the clinic's date, "-2" for a second clinic that day: order them by date, then number."""
    day, number = key[:10], key[11:]
    return day, int(number) if number.isdigit() else 1


def clinic_keys(store: Store, workshop: str = CLINIC_WORKSHOP) -> list[str]:
    """The clinics saved in the store, oldest first."""
    return sorted(store.keys(workshop, CLINIC_KIND), key=_key_order)


def save_clinic(store: Store, key: str, clinic: Clinic, author: str, workshop: str = CLINIC_WORKSHOP) -> int:
    """A new version of the clinic's record; earlier versions stay in its history."""
    return store.save_record(workshop, CLINIC_KIND, key, clinic, author)


def resume_or_start(
    store: Store, today: date | None = None, workshop: str = CLINIC_WORKSHOP
) -> tuple[Clinic, str]:
    """Reopen an unfinished clinic (nothing typed is lost after a restart), or start the next one
    with the last clinic's participants and its commitments up for review. Returns the clinic and
    the key it is saved under. A record that no longer fits is skipped and never written over."""
    today = today or date.today()
    keys = clinic_keys(store, workshop)
    newest: str | None = None
    previous: Clinic | None = None
    for key in reversed(keys):
        try:
            previous, newest = store.load_record(workshop, CLINIC_KIND, key, model=Clinic), key
            break
        except KitError:
            continue
    if newest is not None and previous is not None and not previous.closed:
        return previous, newest
    clinic = Clinic(held_on=today)
    if previous is not None:
        clinic.title = previous.title
        clinic.facilitator = previous.facilitator
        clinic.participants = [p.model_copy() for p in previous.participants]
        clinic.follow_up_from(previous)
    number = sum(1 for key in keys if _key_order(key)[0] == today.isoformat())
    return clinic, today.isoformat() + (f"-{number + 1}" if number else "")


def import_clinic_files(
    store: Store, folder: str | Path, author: str = "import", workshop: str = CLINIC_WORKSHOP
) -> list[str]:
    """Copy clinic records that earlier versions of the kit kept as files into the store, once each.

    The files stay where they are; a file whose clinic is already in the store, or that cannot be
    read, is left alone. Returns the keys imported."""
    known = set(store.keys(workshop, CLINIC_KIND))
    imported = []
    for path in sorted(Path(folder).glob(RECORD_GLOB)):
        key = path.stem.removeprefix("clinic-")
        if key in known:
            continue
        try:
            clinic = Clinic.load(path)
        except InputError:
            continue
        save_clinic(store, key, clinic, author, workshop)
        imported.append(key)
    return imported


def sample_clinic() -> Clinic:
    """A scripted clinic for rehearsals and tests: a live case, four people, a full hour."""
    clinic = Clinic(title="Growth and operations clinic", held_on=date(2026, 11, 23), facilitator="Sam")
    clinic.case = CaseIntake(
        title="Onboarding dependency on operations keeps slipping",
        owner="Ana",
        process="Weekly KR check-in of the onboarding team and the hand-off to operations",
        impact="Kickoffs for new accounts waited nine days on average this month; our time-to-value KR is stalling.",
        decision="Agree who owns the kickoff date and a two-day hand-off rule.",
        okr="Reduce median time from sign-up to first successful use from 3 days to 1 day by Mar 31",
        evidence="Last four check-in notes: the same blocker, no decision recorded.",
    )
    for name, team, experience in [
        ("Ana", "Growth", Experience.DEVELOPING),
        ("Ben", "Operations", Experience.EXPERIENCED),
        ("Chloe", "Sales", Experience.NEW),
        ("Dev", "Growth", Experience.NEW),
    ]:
        clinic.add_participant(name, team=team, experience=experience)
    clinic.add_note("check_in", "Ana's KR on time to first use is amber for the third week.")
    clinic.add_note("owner_explains", "Ops learns about new accounts from a weekly export; no one owns the date.")
    clinic.add_note("diagnosis", "Root cause: the hand-off has no owner, not a lack of ops capacity.")
    clinic.raise_problem("Nobody owns the kickoff date", "diagnosis", "Ben", ProblemCategory.MANAGEMENT_ACTION)
    clinic.raise_problem("Ops capacity is not in quarterly planning", "diagnosis", "Chloe", ProblemCategory.ESCALATION)
    clinic.raise_problem(
        "Check-ins record updates, not decisions", "diagnosis", "Dev", ProblemCategory.OKR_PROCESS_CHANGE
    )
    clinic.raise_problem("The CRM export format is awkward", "diagnosis", "Dev")
    vote = clinic.start_vote("A two-day hand-off rule with a named owner fixes the delay")
    for name, score in [("Ana", 4), ("Ben", 3), ("Chloe", 4), ("Dev", 5)]:
        vote.cast(name, score)
    vote.reveal()
    clinic.add_note("shaping", "Hand-off rule: ops confirms a kickoff date within two working days.")
    for name, action, owner, due in [
        ("Ana", "Agree the kickoff-date owner with the ops lead", "Ana", "2026-11-27"),
        ("Ben", "Trial the two-day hand-off rule for all new accounts", "Ben", "2026-12-04"),
        ("Chloe", "Add ops capacity to the Q1 planning template", "Chloe", "2026-12-11"),
        ("Dev", "Add a 'decision needed' line to the team's check-in notes", "Dev", "2026-11-30"),
    ]:
        clinic.commit(name, action, owner, due)
    clinic.add_note("commitments", "Evidence next time: kickoff wait in days for accounts signed after Dec 1.")
    return clinic
