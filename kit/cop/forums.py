"""The Community of Practice's two forums beyond the weekly clinic, and the case rotation they rely on.

The CoP playbook separates problem-solving from pattern review and standard-setting:
- the **monthly pattern review** looks across the month's clinics for the friction that keeps
  coming back and turns each recurring pattern into an update of a shared artefact;
- the **quarterly reset** reviews which artefacts were used and which died, retires stale
  material and names the problem to fix next, against a register of every artefact with its
  owner, version, evidence of adoption and retirement date.
Both read the clinic records in the workshop store (live, 30-minute and written clinics alike).
Who brought each case is counted too, so rotation is fair and visible: the peer-learning playbook
rotates case ownership so the same strong voices do not dominate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Literal

from pydantic import Field

from kit.content import load_content
from kit.cop.artefacts import library
from kit.cop.async_clinic import ASYNC_CLINIC_KIND, AsyncClinic
from kit.cop.clinic import CaseRecord, Clinic, FollowUpStatus, ProblemCategory
from kit.cop.clinic_format import ClinicError
from kit.cop.clinic_persistence import CLINIC_KIND, CLINIC_WORKSHOP, key_order
from kit.errors import KitError
from kit.model import EditableModel, FrozenModel
from kit.store import Store

PATTERN_REVIEW_KIND = "pattern_review"
REGISTER_KIND = "artefact_register"
REGISTER_KEY = "register"
RESET_KIND = "quarterly_reset"


class ForumRules(FrozenModel):
    """Thresholds and the filler words of the pattern review, from content/cop_forums.yaml."""

    version: int
    min_clinics: int = Field(ge=2)
    stale_after_days: int = Field(ge=1)
    filler_words: frozenset[str]


@cache
def forum_rules() -> ForumRules:
    return load_content("cop_forums", ForumRules)


_WORD = re.compile(r"[a-z][a-z'-]{3,}")


class HeldClinic(EditableModel):
    """One clinic as the forums read it, whatever its format."""

    key: str
    kind: str
    held_on: date
    record: Clinic | AsyncClinic


def clinics_in_store(store: Store, workshop: str = CLINIC_WORKSHOP) -> tuple[list[HeldClinic], list[str]]:
    """Every live and written clinic saved, oldest first, and the keys of any that no longer read."""
    held: list[HeldClinic] = []
    unreadable: list[str] = []
    for kind, model in ((CLINIC_KIND, Clinic), (ASYNC_CLINIC_KIND, AsyncClinic)):
        for key in store.keys(workshop, kind):
            try:
                record = store.load_record(workshop, kind, key, model=model)
            except KitError:
                unreadable.append(f"{kind} {key}")
                continue
            assert isinstance(record, Clinic | AsyncClinic)
            day = record.held_on if isinstance(record, Clinic) else record.opens_on
            held.append(HeldClinic(key=key, kind=kind, held_on=day, record=record))
    return sorted(held, key=lambda h: (h.held_on, key_order(h.key))), unreadable


# --- case rotation --------------------------------------------------------------------------------


class RotationRow(EditableModel):
    name: str
    attended: int
    cases: int
    last_case: date | None = None


def case_rotation(clinics: Sequence[HeldClinic]) -> list[RotationRow]:
    """Everyone who took part, whose turn it is first: fewest cases brought, then longest since their last."""
    rows: dict[str, RotationRow] = {}
    for held in clinics:
        for name in held.record.names:
            row = rows.setdefault(name, RotationRow(name=name, attended=0, cases=0))
            row.attended += 1
        owner = held.record.case_owner.strip()
        if owner:
            row = rows.setdefault(owner, RotationRow(name=owner, attended=0, cases=0))
            row.cases += 1
            row.last_case = max(row.last_case or held.held_on, held.held_on)
    return sorted(rows.values(), key=lambda r: (r.cases, r.last_case or date.min, -r.attended, r.name))


def next_case_owner(rotation: Sequence[RotationRow], present: Sequence[str] = ()) -> RotationRow | None:
    """Whose turn it is to bring the case, among `present` when given."""
    candidates = [row for row in rotation if not present or row.name in present]
    return candidates[0] if candidates else None


# --- monthly pattern review -----------------------------------------------------------------------


class Pattern(EditableModel):
    """Friction seen in more than one clinic: the same process, the same words, or problems left parked."""

    theme: str
    kind: Literal["process", "theme", "parked", "commitments"]
    clinics: list[str]
    evidence: list[str] = Field(default_factory=list)


class ArtefactUpdate(EditableModel):
    pattern: str
    artefact: str
    change: str
    owner: str = ""
    due: date | None = None


class PatternReview(EditableModel):
    """The month's review: the patterns found and what each changes in the shared artefacts."""

    month: str = Field(pattern=r"^\d{4}-\d{2}$")
    patterns: list[Pattern] = Field(default_factory=list)
    updates: list[ArtefactUpdate] = Field(default_factory=list)

    def convert(self, pattern: str, artefact: str, change: str, owner: str = "", due: date | None = None
                ) -> ArtefactUpdate:
        if pattern not in {p.theme for p in self.patterns}:
            raise ClinicError(f"no pattern {pattern!r} in this month's review")
        if not change.strip():
            raise ClinicError("say what changes in the artefact, e.g. a new rule or a reworded step")
        update = ArtefactUpdate(pattern=pattern, artefact=artefact, change=change.strip(), owner=owner.strip(),
                                due=due)
        self.updates = [*self.updates, update]
        return update

    @property
    def unconverted(self) -> list[str]:
        done = {u.pattern for u in self.updates}
        return [p.theme for p in self.patterns if p.theme not in done]


def _label(held: HeldClinic) -> str:
    return f"{held.held_on.isoformat()}{' (written)' if held.kind == ASYNC_CLINIC_KIND else ''}"


def _problems(record: CaseRecord) -> list[tuple[str, ProblemCategory | None]]:
    if isinstance(record, Clinic):
        return [(p.text, p.category) for p in record.problems]
    return [(a.diagnosis, None) for a in record.answers] if isinstance(record, AsyncClinic) else []


def recurring_patterns(clinics: Sequence[HeldClinic]) -> list[Pattern]:
    """What keeps coming back across `clinics`, most widespread first."""
    rules = forum_rules()
    patterns: list[Pattern] = []
    by_process: dict[str, list[HeldClinic]] = {}
    for held in clinics:
        process = held.record.case.process.strip()
        if process:
            by_process.setdefault(process.lower(), []).append(held)
    for process_clinics in by_process.values():
        if len(process_clinics) >= rules.min_clinics:
            patterns.append(Pattern(theme=process_clinics[0].record.case.process.strip(), kind="process",
                                    clinics=[_label(h) for h in process_clinics],
                                    evidence=[f"{_label(h)}: {h.record.case.title}" for h in process_clinics
                                              if h.record.case.title]))
    by_word: dict[str, dict[str, list[str]]] = {}
    for held in clinics:
        for text, _category in _problems(held.record):
            for word in set(_WORD.findall(text.lower())) - rules.filler_words:
                by_word.setdefault(word, {}).setdefault(_label(held), []).append(text)
    seen: set[frozenset[str]] = set()
    for word, where in sorted(by_word.items(), key=lambda item: (-len(item[1]), item[0])):
        texts = frozenset(t for ts in where.values() for t in ts)
        if len(where) < rules.min_clinics or texts in seen:
            continue  # one clinic only, or the same problems another word already stands for
        seen.add(texts)
        patterns.append(Pattern(theme=f"“{word}” in problems raised", kind="theme", clinics=sorted(where),
                                evidence=sorted(texts)))
    parked = [(h, text) for h in clinics for text, category in _problems(h.record)
              if category is ProblemCategory.PARKED]
    if len({h.key for h, _ in parked}) >= rules.min_clinics:
        patterns.append(Pattern(theme="Problems left parked", kind="parked",
                                clinics=sorted({_label(h) for h, _ in parked}), evidence=[t for _, t in parked]))
    not_done = [(h, f.commitment.action) for h in clinics if isinstance(h.record, Clinic)
                for f in h.record.follow_ups if f.status is FollowUpStatus.NOT_DONE]
    if len({h.key for h, _ in not_done}) >= rules.min_clinics:
        patterns.append(Pattern(theme="Commitments not done by the next clinic", kind="commitments",
                                clinics=sorted({_label(h) for h, _ in not_done}), evidence=[a for _, a in not_done]))
    return sorted(patterns, key=lambda p: -len(p.clinics))


def month_of(clinics: Sequence[HeldClinic], month: str) -> list[HeldClinic]:
    return [h for h in clinics if h.held_on.strftime("%Y-%m") == month]


def pattern_review(store: Store, month: str, workshop: str = CLINIC_WORKSHOP) -> PatternReview:
    """The month's saved review with its patterns re-read from the clinics (updates kept), or a new one."""
    clinics, _unreadable = clinics_in_store(store, workshop)
    patterns = recurring_patterns(month_of(clinics, month))
    saved = store.record(workshop, PATTERN_REVIEW_KIND, month)
    review = PatternReview.model_validate(saved.payload) if saved is not None else PatternReview(month=month)
    review.patterns = patterns
    return review


# --- artefact register and the quarterly reset ----------------------------------------------------


class ArtefactEntry(EditableModel):
    """One artefact the community maintains, with what shows it is used."""

    name: str = Field(min_length=1)
    owner: str = ""
    version: int = Field(default=1, ge=1)
    adoption: list[str] = Field(default_factory=list, description="Evidence of use, one line each: who uses it where.")
    last_used: date | None = None
    retire_on: date | None = None
    retired_on: date | None = None


class ArtefactRegister(EditableModel):
    entries: list[ArtefactEntry] = Field(default_factory=list)

    def find(self, name: str) -> ArtefactEntry | None:
        return next((candidate for candidate in self.entries if candidate.name == name), None)

    def entry(self, name: str) -> ArtefactEntry:
        found = self.find(name)
        if found is None:
            raise ClinicError(f"no artefact {name!r} in the register")
        return found

    def upsert(self, entry: ArtefactEntry) -> None:
        """Add the artefact, or replace its row; a changed artefact is a new version."""
        old = self.find(entry.name)
        if old is not None and entry.version == old.version and entry != old:
            entry = entry.model_copy(update={"version": old.version + 1})
        self.entries = [entry if e.name == entry.name else e for e in self.entries] + ([] if old else [entry])

    def retire(self, name: str, today: date) -> ArtefactEntry:
        entry = self.entry(name)
        entry.retired_on = today
        return entry


def default_register() -> ArtefactRegister:
    """The community's starting register: the kit's artefact library, owners and evidence still to fill in."""
    return ArtefactRegister(entries=[ArtefactEntry(name=a.title) for a in library()])


ResetVerdict = Literal["keep", "retire", "needs an owner", "retired"]


class ResetItem(EditableModel):
    name: str
    verdict: ResetVerdict
    why: str


def reset_verdicts(register: ArtefactRegister, today: date) -> list[ResetItem]:
    """Which artefacts got used and which died: the quarterly reset's first question."""
    items = []
    for entry in register.entries:
        if entry.retired_on is not None:
            items.append(ResetItem(name=entry.name, verdict="retired", why=f"retired {entry.retired_on:%d %b %Y}"))
        elif entry.retire_on is not None and entry.retire_on <= today:
            items.append(ResetItem(name=entry.name, verdict="retire",
                                   why=f"its retirement date {entry.retire_on:%d %b} has passed"))
        elif not entry.adoption:
            items.append(ResetItem(name=entry.name, verdict="retire", why="no team shows it in use"))
        elif entry.last_used is not None and (today - entry.last_used).days > forum_rules().stale_after_days:
            items.append(ResetItem(name=entry.name, verdict="retire",
                                   why=f"not used since {entry.last_used:%d %b %Y}, over a quarter"))
        elif not entry.owner.strip():
            items.append(ResetItem(name=entry.name, verdict="needs an owner",
                                   why=f"used ({len(entry.adoption)} sign(s)) but nobody keeps it current"))
        else:
            items.append(ResetItem(name=entry.name, verdict="keep",
                                   why=f"{len(entry.adoption)} sign(s) of use; owner {entry.owner}"))
    return items


class QuarterlyReset(EditableModel):
    """The quarter's reset: the verdicts taken, what was retired, and the problem to fix next."""

    quarter: str = Field(pattern=r"^\d{4}-Q[1-4]$")
    held_on: date
    verdicts: list[ResetItem] = Field(default_factory=list)
    retired: list[str] = Field(default_factory=list)
    next_problem: str = ""


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def load_register(store: Store, workshop: str = CLINIC_WORKSHOP) -> ArtefactRegister:
    saved = store.record(workshop, REGISTER_KIND, REGISTER_KEY)
    return ArtefactRegister.model_validate(saved.payload) if saved is not None else default_register()
