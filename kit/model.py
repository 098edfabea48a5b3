"""The domain model: what an OKR draft is, and what a review says about it.

Every field but the texts is optional because drafts are partial: the rubric's job is to
say what is missing, so the model must be able to hold a draft that lacks it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Severity order, so `--fail-on warning` can compare levels."""
        return {"error": 2, "warning": 1, "info": 0}[self.value]


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"
    MAINTAIN = "maintain"


class ScoringMethod(StrEnum):
    LINEAR = "linear"
    LADDER = "ladder"
    BINARY = "binary"


class StrictModel(BaseModel):
    """Refuses keys it does not know: a misspelt key in a file, a form or a call is reported, never dropped."""

    model_config = ConfigDict(extra="forbid")


class EditableModel(StrictModel):
    """A record the pages change field by field: every assignment is validated as it is made."""

    model_config = ConfigDict(validate_assignment=True)  # and StrictModel's: pydantic merges a base's config


class FrozenModel(StrictModel):
    """A value read or computed once (content, rules, settings, results), so nothing changes it by accident."""

    model_config = ConfigDict(frozen=True)


class Span(EditableModel):
    """Where in a text a finding was triggered: the words a coach points at."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Mark(NamedTuple):
    """Words a reading of a sentence points at, before they become a finding's `Span`.

    A plain tuple: reading one KR marks a dozen places, and validated models made that many times
    (and kept for the garbage collector to scan) cost more than reading the sentence itself.
    """

    start: int
    end: int
    text: str


class Initiative(EditableModel):
    """A bet that may move a KR. Never scored, never a KR."""

    text: str
    owner: str | None = None


class KeyResult(EditableModel):
    text: str
    metric: str | None = None
    baseline: float | None = None
    target: float | None = None
    unit: str | None = None
    direction: Direction | None = None
    deadline: str | None = None
    owner: str | None = None
    source: str | None = Field(default=None, description="Source of truth for the metric.")
    scoring: ScoringMethod | None = None
    contributes_to: str | None = Field(
        default=None, description="The company objective or KR (or the North Star) this KR moves, as written."
    )
    depends_on: list[str] = Field(default_factory=list, description="Other teams this KR needs something from.")
    line: int | None = Field(default=None, description="1-based line in the file it was read from.")


class Objective(EditableModel):
    text: str
    owner: str | None = None
    contributes_to: str | None = Field(default=None, description="What this objective moves, when all its KRs do.")
    key_results: list[KeyResult] = Field(default_factory=list)
    initiatives: list[Initiative] = Field(default_factory=list)
    line: int | None = None


class UnreadLine(EditableModel):
    """A line of the source with words that became no part of the set: it is reported, never dropped."""

    line: int
    text: str
    struck: bool = Field(default=False, description="Crossed out by its author (~~...~~): left out on purpose.")


class OkrSet(EditableModel):
    title: str | None = None
    team: str | None = None
    cycle: str | None = None
    north_star: str | None = Field(default=None, description="The North Star metric a company set names.")
    objectives: list[Objective] = Field(default_factory=list)
    unread_lines: list[UnreadLine] = Field(default_factory=list)

    def key_results(self) -> list[tuple[int, int, KeyResult]]:
        """Every KR with its objective and KR index, the coordinates findings use."""
        return [
            (oi, ki, kr)
            for oi, objective in enumerate(self.objectives)
            for ki, kr in enumerate(objective.key_results)
        ]


Scope = Literal["set", "objective", "key_result"]


class Finding(EditableModel):
    """One thing a coach would say about a draft. Every report format is a view of a list of these."""

    rule: str
    level: Level
    message: str
    hint: str = ""
    scope: Scope
    objective_index: int | None = None
    kr_index: int | None = None
    text: str = Field(default="", description="The exact objective or KR text the finding refers to.")
    field: str | None = Field(
        default=None, description="The record field a finding concerns (cases, charters); 'all' for all of them."
    )
    spans: list[Span] = Field(default_factory=list)
    suggestion: str | None = Field(default=None, description="Suggested shape of a rewrite.")
    source: Literal["rubric", "coach"] = "rubric"
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)


class ChangedFinding(EditableModel):
    rule: str
    level: Level
    message: str
    text: str


class ReviewChanges(EditableModel):
    """Findings that a change brought in, and those it fixed, against an earlier version of the same file."""

    since: str
    changed_items: int
    new: list[ChangedFinding] = Field(default_factory=list)
    fixed: list[ChangedFinding] = Field(default_factory=list)


class Review(EditableModel):
    """An OKR set with the findings about it: the one result every front end renders."""

    okr_set: OkrSet
    findings: list[Finding] = Field(default_factory=list)
    path: str | None = None
    notices: list[str] = Field(
        default_factory=list, description="Things the user should know that are not findings (e.g. coach off)."
    )
    changes: ReviewChanges | None = Field(
        default=None, description="Against an earlier version (`--changed-since`): what the change did to quality."
    )

    _index: tuple[int, int, dict[tuple[str, int | None, int | None], list[Finding]]] | None = PrivateAttr(default=None)

    def _place(self, scope: str, objective_index: int | None, kr_index: int | None) -> list[Finding]:
        """Findings by where they point, indexed once: a report asks for every KR's findings, and scanning
        all findings for each KR made rendering grow with KRs x findings."""
        private = self.__pydantic_private__ or {}  # read directly: `self._index` costs a pydantic lookup per call
        index = private.get("_index")
        findings = self.findings
        if index is None or index[:2] != (id(findings), len(findings)):  # rebuilt when findings change
            places: dict[tuple[str, int | None, int | None], list[Finding]] = {}
            for f in findings:
                place = (f.scope, f.objective_index if f.scope != "set" else None,
                         f.kr_index if f.scope == "key_result" else None)
                places.setdefault(place, []).append(f)
            index = self._index = (id(findings), len(findings), places)
        return list(index[2].get((scope, objective_index, kr_index), ()))

    def for_objective(self, objective_index: int) -> list[Finding]:
        return self._place("objective", objective_index, None)

    def for_key_result(self, objective_index: int, kr_index: int) -> list[Finding]:
        return self._place("key_result", objective_index, kr_index)

    def for_set(self) -> list[Finding]:
        return self._place("set", None, None)

    def count(self, level: Level) -> int:
        return sum(1 for f in self.findings if f.level == level)

    @property
    def passes_gate(self) -> bool:
        """The quality gate: something to check, and no errors from the rubric (coach opinions never block).

        An empty draft never passes: a blank form must not read as a clean set.
        """
        if not self.okr_set.objectives:
            return False
        return not any(f.level == Level.ERROR and f.source == "rubric" for f in self.findings)
