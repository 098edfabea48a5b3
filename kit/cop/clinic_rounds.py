"""Structured rounds, so strong voices cannot dominate: anonymous peer review and hidden votes.

A peer round swaps drafts so nobody reviews their own (nor their own team's when another
exists); a confidence vote stays hidden until everyone has voted, then is revealed at once.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Mapping

from pydantic import Field

from kit.cop.clinic_format import ClinicError
from kit.model import EditableModel


class PeerReview(EditableModel):
    reviewer: str
    draft: str = Field(description="Anonymous label of the draft reviewed, e.g. 'Draft B'.")
    challenge: str
    suggestion: str


class PeerRound(EditableModel):
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


class VoteResult(EditableModel):
    counts: dict[int, int]
    mean: float
    median: float
    spread: int = Field(description="Highest minus lowest vote: a wide spread means the room is not convinced.")
    voters: int


class ConfidenceVote(EditableModel):
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
