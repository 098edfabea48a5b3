"""The weekly rhythm of a cycle: the plan, the actuals, the check-ins and what falls due.

A `Cycle` is the whole running record of one quarter for one team: the plan agreed at the
start (KR cards with scoring method, ladder and weight), actuals as exported from the
source of truth, and one `CheckIn` per week with each KR owner's update, the four
check-in questions, the decisions taken and the blockers raised. Scores, RAG bands and
escalations are never stored: they are always computed from the record, so a corrected
actual corrects every view at once.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kit.cycle.scoring import (
    CONFIDENCE_LABELS,
    Band,
    Confidence,
    Scale,
    ScoringError,
    ScoringRule,
    objective_score,
    rag,
    score_key_result,
)
from kit.errors import InputError, KitError
from kit.model import KeyResult
from kit.store import Store

KrId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$", description="Short id, e.g. O1.KR2")]

CHECKIN_QUESTIONS: dict[str, str] = {
    "what_changed": "What changed on the key results?",
    "off_track": "What is off track?",
    "decision_now": "What needs a decision now?",
    "stop_or_shift": "What work should stop or shift this week?",
}

RED_STREAK_FOR_HUDDLE = 2
BLOCKER_DAYS_BEFORE_REVIEW = 7
SPONSOR_HUDDLE = timedelta(hours=72)
HUDDLE = timedelta(hours=48)


class CheckInError(KitError):
    """A check-in that refers to something the plan does not have, or repeats a week."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# ---------------------------------------------------------------------------------------- plan


class TrackedKeyResult(_Frozen):
    """A KR card as agreed at the start of the cycle: the KR, how it is scored and its weight."""

    id: KrId
    key_result: KeyResult
    rule: ScoringRule = ScoringRule()
    weight: float | None = Field(default=None, ge=0.0, description="Weight within its objective.")

    @model_validator(mode="after")
    def _one_method(self) -> TrackedKeyResult:
        """The KR card's method and the rule must agree; a bare method on the KR sets the rule."""
        method = self.key_result.scoring
        if method is None or method == self.rule.method:
            return self
        if "rule" in self.model_fields_set:
            raise ValueError(f"the KR says it is scored by {method.value} but its rule says {self.rule.method.value}")
        object.__setattr__(self, "rule", ScoringRule(method=method))  # raises for a ladder without rungs
        return self

    @property
    def label(self) -> str:
        return f"{self.id} {self.key_result.text}"


class TrackedObjective(_Frozen):
    id: KrId
    text: str
    owner: str | None = None
    key_results: list[TrackedKeyResult] = Field(min_length=1)
    weights_agreed: bool = Field(default=False, description="KR weights were agreed before the cycle began.")

    def weights(self) -> list[float] | None:
        """KR weights for the objective score (unset ones count 1); None when no KR has a weight."""
        if all(kr.weight is None for kr in self.key_results):
            return None
        return [kr.weight if kr.weight is not None else 1.0 for kr in self.key_results]


class GovernedChange(_Frozen):
    """A mid-cycle change to a KR's target or method: proposed by the Program Lead, approved by the Sponsor."""

    kr_id: KrId
    field: Literal["target", "method"]
    before: str
    after: str
    reason: str = Field(min_length=1)
    proposed_by: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)
    on: date


class CyclePlan(_Frozen):
    """What the team committed to at the start; changed mid-cycle only through kit.cycle.quarter.amend_plan."""

    name: str
    team: str | None = None
    start: date
    weeks: int = Field(default=12, ge=1, le=26)
    scale: Scale = Scale.UNIT
    objectives: list[TrackedObjective] = Field(min_length=1)
    monthly_reviews: list[date] = Field(
        default_factory=list, description="Dates of the monthly cross-functional reviews; every 4 weeks if empty."
    )
    changes: list[GovernedChange] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> CyclePlan:
        seen: set[str] = set()
        for objective in self.objectives:
            for item_id in [objective.id, *(kr.id for kr in objective.key_results)]:
                if item_id in seen:
                    raise ValueError(f"the id {item_id!r} is used twice; every objective and KR needs its own")
                seen.add(item_id)
        return self

    @property
    def end(self) -> date:
        """The last day of the cycle."""
        return self.start + timedelta(weeks=self.weeks, days=-1)

    def tracked(self) -> list[TrackedKeyResult]:
        return [kr for objective in self.objectives for kr in objective.key_results]

    def kr(self, kr_id: str) -> TrackedKeyResult:
        for tracked in self.tracked():
            if tracked.id == kr_id:
                return tracked
        known = ", ".join(t.id for t in self.tracked())
        raise CheckInError(f"there is no KR {kr_id!r} in {self.name}; the plan has {known}")

    def objective_of(self, kr_id: str) -> TrackedObjective:
        for objective in self.objectives:
            if any(kr.id == kr_id for kr in objective.key_results):
                return objective
        raise CheckInError(f"there is no KR {kr_id!r} in {self.name}")

    def week_of(self, day: date) -> int:
        """1-based week of the cycle a date falls in (0 before the start)."""
        if day < self.start:
            return 0
        return (day - self.start).days // 7 + 1

    def week_end(self, week: int) -> date:
        return self.start + timedelta(weeks=week, days=-1)

    def reviews(self) -> list[date]:
        if self.monthly_reviews:
            return sorted(self.monthly_reviews)
        return [self.start + timedelta(weeks=w) - timedelta(days=1) for w in range(4, self.weeks + 1, 4)]

    def next_review(self, after: date) -> date | None:
        return next((day for day in self.reviews() if day >= after), None)


def load_plan(path: str | Path) -> CyclePlan:
    """A cycle plan from YAML or JSON, with errors that name the file and the field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read the plan ({error.strerror})", path=str(path)) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(
            "the plan is not valid YAML", path=str(path), line=mark.line + 1 if mark else None,
            fix="check the indentation and quoting on that line",
        ) from None
    return _validate_model(CyclePlan, data, str(path))


_ModelT = TypeVar("_ModelT", bound=BaseModel)


def _validate_model(model: type[_ModelT], data: Any, where: str) -> _ModelT:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(part) for part in first["loc"]) or "top level"
        more = error.error_count() - 1
        extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise InputError(f"{place}: {first['msg']}{extra}", path=where) from None


# ---------------------------------------------------------------------------------------- actuals


class Actual(_Frozen):
    """One reading of a KR's metric from its source of truth."""

    day: date
    kr_id: KrId
    value: float
    source: str = "import"


_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "day": ("date", "day", "week", "as_of", "as of", "period"),
    "kr_id": ("kr_id", "kr id", "kr", "key_result", "key result", "key result id", "kr_key", "metric_id"),
    "value": ("value", "actual", "latest", "measure", "amount"),
}


_COLUMN_NAMES = {"day": "date", "kr_id": "KR id", "value": "value"}


def _normalise_header(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower().replace("\ufeff", ""))


def _parse_day(text: str) -> date | None:
    text = text.strip()
    for candidate in (text, text[:10]):
        try:
            return date.fromisoformat(candidate)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


def _parse_value(text: str, delimiter: str) -> float | None:
    cleaned = text.strip().rstrip("%").strip().replace("\u00a0", "").replace(" ", "")
    if delimiter == ";" and cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")  # decimal comma, as European BI exports write it
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def parse_actuals_csv(text: str, *, path: str = "<upload>", known_ids: Iterable[str] | None = None) -> list[Actual]:
    """Actuals from a BI export with date, KR id and value columns (any order, common header names).

    Comma, semicolon and tab separated files are accepted; dates are ISO (2027-01-04 or
    2027-01-04T09:00); a trailing % is ignored. Two different values for the same KR on the
    same day are refused rather than silently picking one.
    """
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError("the file is empty", path=path, fix="export date, KR id and value columns")
    first_line = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [_normalise_header(cell) for cell in next(reader)]
    columns: dict[str, int] = {}
    for field, aliases in _HEADER_ALIASES.items():
        found = [i for i, name in enumerate(header) if name in aliases]
        if not found:
            raise InputError(
                f"no {_COLUMN_NAMES[field]} column (columns found: {', '.join(header) or 'none'})",
                path=path, line=1, fix="name the columns date, kr_id and value",
            )
        columns[field] = found[0]
    known = set(known_ids) if known_ids is not None else None
    actuals: list[Actual] = []
    first_seen: dict[tuple[date, str], tuple[float, int]] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(columns.values()):
            raise InputError(f"the row has {len(row)} columns, expected {len(header)}", path=path, line=line)
        raw_day, kr_id, raw_value = (row[columns[f]].strip() for f in ("day", "kr_id", "value"))
        day = _parse_day(raw_day)
        if day is None:
            raise InputError(f"column 'date': {raw_day!r} is not a date", path=path, line=line,
                             fix="use YYYY-MM-DD")
        if not kr_id:
            raise InputError("column 'kr_id' is empty", path=path, line=line)
        if known is not None and kr_id not in known:
            raise InputError(f"column 'kr_id': unknown KR {kr_id!r}", path=path, line=line,
                             fix=f"use one of {', '.join(sorted(known))}")
        value = _parse_value(raw_value, delimiter)
        if value is None:
            raise InputError(f"column 'value': {raw_value!r} is not a number", path=path, line=line)
        earlier = first_seen.get((day, kr_id))
        if earlier is not None and earlier[0] != value:
            raise InputError(
                f"{kr_id} on {day} is {value:g} here but {earlier[0]:g} on line {earlier[1]}",
                path=path, line=line, fix="keep one reading per KR and day in the export",
            )
        if earlier is None:
            first_seen[(day, kr_id)] = (value, line)
            try:
                actuals.append(Actual(day=day, kr_id=kr_id, value=value))
            except ValidationError:
                raise InputError(f"column 'kr_id': {kr_id!r} is not a usable KR id", path=path, line=line,
                                 fix="use letters, digits, dots, dashes or underscores") from None
    return actuals


def load_actuals_csv(path: str | Path, known_ids: Iterable[str] | None = None) -> list[Actual]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputError(f"cannot read the actuals export ({error.strerror})", path=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("the export is not UTF-8 text", path=str(path), fix="export as CSV (UTF-8)") from None
    return parse_actuals_csv(text, path=str(path), known_ids=known_ids)


# ---------------------------------------------------------------------------------------- check-ins


class KrUpdate(_Record):
    """What a KR owner posts before the check-in; the numbers come from the actuals."""

    kr_id: KrId
    insight: str = ""
    next_action: str = ""
    help_needed: str = ""
    confidence: Confidence | None = None


class Decision(_Record):
    """A decision log row: date, decision, evidence, owner, due date, resulting change."""

    made_on: date
    decision: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    due: date
    evidence: str = ""
    change: str = Field(default="", description="Resulting change to OKRs or initiatives.")
    kr_id: KrId | None = None
    done_on: date | None = None

    def open_on(self, day: date) -> bool:
        return self.made_on <= day and (self.done_on is None or self.done_on > day)


class Blocker(_Record):
    """An impediment; one that spans teams escalates when it stays open more than a week."""

    text: str = Field(min_length=1)
    opened: date
    teams: list[str] = Field(default_factory=list)
    kr_id: KrId | None = None
    owner: str | None = None
    resolved: date | None = None

    @property
    def cross_team(self) -> bool:
        return len(set(self.teams)) > 1

    def open_on(self, day: date) -> bool:
        return self.opened <= day and (self.resolved is None or self.resolved > day)


class CheckIn(_Record):
    week: int = Field(ge=1)
    held_on: date
    updates: list[KrUpdate] = Field(default_factory=list)
    what_changed: str = ""
    off_track: str = ""
    decision_now: str = ""
    stop_or_shift: str = ""
    decisions: list[Decision] = Field(default_factory=list)
    blockers: list[Blocker] = Field(default_factory=list)

    def update_for(self, kr_id: str) -> KrUpdate | None:
        return next((u for u in self.updates if u.kr_id == kr_id), None)


class KrSnapshot(_Frozen):
    """Baseline, latest actual and target with the live score: the top lines of a weekly update."""

    kr_id: str
    text: str
    unit: str | None
    baseline: float | None
    target: float | None
    latest: float | None
    latest_on: date | None
    score: float | None
    band: Band | None
    method: str
    problem: str | None = Field(default=None, description="Why there is no score, when there is none.")


class DueAction(_Frozen):
    due: date
    kind: Literal["red", "amber", "huddle", "monthly-review", "sponsor-huddle", "decision", "data"]
    what: str
    who: str
    why: str
    kr_id: str | None = None


def _fmt(value: float | None, unit: str | None) -> str:
    if value is None:
        return "—"
    number = f"{value:g}"
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


class Cycle(_Record):
    """The running record of one cycle; every score, band and escalation is derived from it."""

    plan: CyclePlan
    actuals: list[Actual] = Field(default_factory=list)
    checkins: list[CheckIn] = Field(default_factory=list)

    # -- recording -------------------------------------------------------------------------

    def add_actuals(self, actuals: Sequence[Actual]) -> None:
        """Add readings; a later reading for the same KR and day replaces the earlier one."""
        known = {kr.id for kr in self.plan.tracked()}
        for actual in actuals:
            if actual.kr_id not in known:
                self.plan.kr(actual.kr_id)  # raises with the list of known KRs
        fresh = {(a.day, a.kr_id) for a in actuals}
        self.actuals = [a for a in self.actuals if (a.day, a.kr_id) not in fresh] + list(actuals)

    def record(self, checkin: CheckIn) -> None:
        """Add (or replace) a week's check-in after checking it only names KRs in the plan."""
        for kr_id in [u.kr_id for u in checkin.updates] + [
            d.kr_id for d in checkin.decisions if d.kr_id
        ] + [b.kr_id for b in checkin.blockers if b.kr_id]:
            self.plan.kr(kr_id)
        if checkin.week > self.plan.weeks:
            raise CheckInError(f"week {checkin.week} is after the end of {self.plan.name} ({self.plan.weeks} weeks)")
        seen = {u.kr_id for u in checkin.updates}
        if len(seen) != len(checkin.updates):
            raise CheckInError("a KR has two updates in the same check-in")
        self.checkins = sorted([c for c in self.checkins if c.week != checkin.week] + [checkin],
                               key=lambda c: c.week)

    def checkin(self, week: int) -> CheckIn | None:
        return next((c for c in self.checkins if c.week == week), None)

    # -- reading ---------------------------------------------------------------------------

    @property
    def current_week(self) -> int:
        """The latest week with either an actual or a check-in (1 before anything is recorded)."""
        weeks = [self.plan.week_of(a.day) for a in self.actuals] + [c.week for c in self.checkins]
        return min(self.plan.weeks, max([1, *weeks]))

    def latest_actual(self, kr_id: str, week: int) -> Actual | None:
        """The last reading on or before the end of `week`."""
        cutoff = self.plan.week_end(week)
        readings = [a for a in self.actuals if a.kr_id == kr_id and a.day <= cutoff]
        return max(readings, key=lambda a: a.day, default=None)

    def snapshot(self, kr_id: str, week: int, pending: Actual | None = None) -> KrSnapshot:
        """The KR as of a week; `pending` is a reading typed in the check-in but not yet recorded."""
        tracked = self.plan.kr(kr_id)
        kr = tracked.key_result
        actual = pending if pending is not None and pending.kr_id == kr_id else self.latest_actual(kr_id, week)
        score: float | None = None
        problem: str | None = None
        if actual is None:
            problem = f"no actual recorded by the end of week {week}"
        else:
            try:
                score = score_key_result(kr, actual.value, tracked.rule)
            except ScoringError as error:
                problem = str(error)
        return KrSnapshot(
            kr_id=kr_id, text=kr.text, unit=kr.unit, baseline=kr.baseline, target=kr.target,
            latest=actual.value if actual else None, latest_on=actual.day if actual else None,
            score=score, band=rag(score) if score is not None else None, method=tracked.rule.describe(),
            problem=problem,
        )

    def weekly_actuals(self, kr_id: str, through: int | None = None) -> list[float | None]:
        """One value per week (the last reading that week, None when there was none)."""
        through = through or self.current_week
        values: list[float | None] = []
        for week in range(1, through + 1):
            in_week = [a for a in self.actuals if a.kr_id == kr_id and self.plan.week_of(a.day) == week]
            values.append(max(in_week, key=lambda a: a.day).value if in_week else None)
        return values

    def weekly_bands(self, kr_id: str, through: int | None = None) -> list[Band | None]:
        through = through or self.current_week
        return [self.snapshot(kr_id, week).band for week in range(1, through + 1)]

    def confidence_trend(self, kr_id: str, through: int | None = None) -> list[int | None]:
        through = through or self.current_week
        trend: list[int | None] = []
        for week in range(1, through + 1):
            checkin = self.checkin(week)
            update = checkin.update_for(kr_id) if checkin else None
            trend.append(update.confidence if update else None)
        return trend

    def decisions(self, objective_id: str | None = None) -> list[Decision]:
        """The decision log, oldest first; limited to one objective's KRs (and general ones) if asked."""
        krs = None
        if objective_id is not None:
            krs = {kr.id for o in self.plan.objectives if o.id == objective_id for kr in o.key_results}
        return [d for c in self.checkins for d in c.decisions if krs is None or d.kr_id is None or d.kr_id in krs]

    def close_decision(self, decision: str, done_on: date) -> Decision:
        """Mark a logged decision as carried out, so it leaves the due list from that day."""
        for logged in self.decisions():
            if logged.decision == decision:
                logged.done_on = done_on
                return logged
        raise CheckInError(f"no decision {decision!r} in the log")

    def blockers(self) -> list[Blocker]:
        """Every blocker raised, latest state wins when a later check-in repeats it."""
        latest: dict[tuple[str, date], Blocker] = {}
        for checkin in self.checkins:
            for blocker in checkin.blockers:
                latest[(blocker.text, blocker.opened)] = blocker
        return list(latest.values())

    def objective_scores(self, week: int) -> dict[str, float | None]:
        """Weighted objective scores for a week; None while any of its KRs cannot be scored."""
        result: dict[str, float | None] = {}
        for objective in self.plan.objectives:
            snaps = [self.snapshot(kr.id, week) for kr in objective.key_results]
            if any(s.score is None for s in snaps):
                result[objective.id] = None
                continue
            weights = objective.weights()
            result[objective.id] = _quiet_objective_score(
                [s.score for s in snaps if s.score is not None], weights, objective.weights_agreed
            )
        return result

    # -- persistence -----------------------------------------------------------------------

    def save(self, path: str | Path) -> Path:
        """Write atomically: a crash mid-save leaves the previous file intact."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(self.model_dump_json(indent=1))
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return path

    @classmethod
    def load(cls, path: str | Path) -> Cycle:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise InputError(f"cannot read the cycle record ({error.strerror})", path=str(path)) from None
        except json.JSONDecodeError as error:
            raise InputError(f"the cycle record is not valid JSON ({error.msg})", path=str(path),
                             line=error.lineno) from None
        return _validate_model(cls, data, str(path))


def _quiet_objective_score(scores: list[float], weights: list[float] | None, agreed: bool) -> float:
    """The running objective score shown weekly; the weights notice belongs to the quarter-end protocol."""
    return objective_score(scores, weights, agreed_up_front=agreed, warn=False).score


CYCLE_KIND = "checkin_cycle"


def _stream(plan: CyclePlan) -> tuple[str, str]:
    """Where a team's cycle lives in the workshop store: workshop = cycle name, key = team."""
    return plan.name, plan.team or "team"


def save_cycle(store: Store, cycle: Cycle, author: str) -> int:
    """Save a new version of the cycle record; earlier versions stay restorable."""
    workshop, key = _stream(cycle.plan)
    return store.save_record(workshop, CYCLE_KIND, key, cycle, author)


def resume_cycle(store: Store, plan: CyclePlan) -> Cycle | None:
    """The latest saved record of this plan's cycle, or None when nothing was saved yet."""
    workshop, key = _stream(plan)
    if store.record(workshop, CYCLE_KIND, key) is None:
        return None
    return store.load_record(workshop, CYCLE_KIND, key, model=Cycle)


def checkin_dates(store: Store) -> list[date]:
    """The day of every check-in in every team's saved cycle, oldest first: the rhythm a rollout keeps.
    A cycle record that no longer fits is left out rather than stopping the count."""
    days: list[date] = []
    for workshop in store.workshops():
        for key in store.keys(workshop, CYCLE_KIND):
            try:
                cycle = store.load_record(workshop, CYCLE_KIND, key, model=Cycle)
            except KitError:
                continue
            days += [checkin.held_on for checkin in cycle.checkins]
    return sorted(days)


def load_cycle(plan_path: str | Path, actuals_path: str | Path | None = None,
               checkins_path: str | Path | None = None) -> Cycle:
    """A cycle from a plan file, an optional actuals export and an optional check-in history (YAML)."""
    plan = load_plan(plan_path)
    cycle = Cycle(plan=plan)
    if actuals_path is not None:
        cycle.add_actuals(load_actuals_csv(actuals_path, known_ids=[kr.id for kr in plan.tracked()]))
    if checkins_path is not None:
        path = Path(checkins_path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except (OSError, yaml.YAMLError) as error:
            raise InputError(f"cannot read the check-in history ({error})", path=str(path)) from None
        if not isinstance(data, list):
            raise InputError("the check-in history must be a list of weekly check-ins", path=str(path))
        for index, item in enumerate(data):
            checkin = _validate_model(CheckIn, item, f"{path} (check-in {index + 1})")
            try:
                cycle.record(checkin)
            except CheckInError as error:
                raise InputError(f"check-in {index + 1}: {error}", path=str(path)) from None
    return cycle


# ---------------------------------------------------------------------------------------- update text


def render_update(snapshot: KrSnapshot, update: KrUpdate | None, scale: Scale = Scale.UNIT) -> str:
    """The 5-7 line weekly update a KR owner posts before the check-in."""
    update = update or KrUpdate(kr_id=snapshot.kr_id)
    when = f" (as of {snapshot.latest_on:%d %b})" if snapshot.latest_on else ""
    lines = [
        f"{snapshot.kr_id}: {snapshot.text}",
        f"Baseline {_fmt(snapshot.baseline, snapshot.unit)} · latest {_fmt(snapshot.latest, snapshot.unit)}{when}"
        f" · target {_fmt(snapshot.target, snapshot.unit)}",
    ]
    if snapshot.score is None or snapshot.band is None:
        lines.append(f"Score: not available, {snapshot.problem}")
    else:
        lines.append(f"Score {scale.show(snapshot.score)} · {snapshot.band.label}: "
                     f"{snapshot.band.trigger} ({snapshot.band.deadline_text})")
    lines.append(f"Insight: {update.insight.strip() or '(missing: one insight from the data)'}")
    lines.append(f"Next action: {update.next_action.strip() or '(missing: one next action or bet change)'}")
    lines.append(f"Help needed: {update.help_needed.strip() or 'none'}")
    if update.confidence is not None:
        lines.append(f"Confidence: {update.confidence}/5 ({CONFIDENCE_LABELS[update.confidence]})")
    return "\n".join(line.replace("\n", " ") for line in lines)


def render_checkin(cycle: Cycle, checkin: CheckIn) -> str:
    """The whole check-in as plain text: every KR update, the four questions and the decisions."""
    blocks = [f"{cycle.plan.name} · week {checkin.week} check-in · {checkin.held_on:%d %b %Y}"]
    for tracked in cycle.plan.tracked():
        snap = cycle.snapshot(tracked.id, checkin.week)
        blocks.append(render_update(snap, checkin.update_for(tracked.id), cycle.plan.scale))
    answers = [f"{question} {getattr(checkin, field).strip() or '—'}"
               for field, question in CHECKIN_QUESTIONS.items()]
    blocks.append("\n".join(answers))
    if checkin.decisions:
        blocks.append("\n".join(f"Decision: {d.decision} — {d.owner}, due {d.due:%d %b}" for d in checkin.decisions))
    return "\n\n".join(blocks)


# ---------------------------------------------------------------------------------------- escalation


def due_actions(cycle: Cycle, week: int | None = None) -> list[DueAction]:
    """What falls due after a week's check-in, soonest first.

    Red and Amber KRs carry their band's action and deadline; a KR Red two weeks running
    calls the 48-hour huddle; a cross-team blocker open more than a week goes to the next
    monthly review (or an ad hoc sponsor huddle within 72 hours when no review is left);
    open decisions stay on the list until done; a KR with no reading this week is a data issue.
    """
    week = week or cycle.current_week
    checkin = cycle.checkin(week)
    held_on = checkin.held_on if checkin else cycle.plan.week_end(week)
    actions: list[DueAction] = []
    for tracked in cycle.plan.tracked():
        snap = cycle.snapshot(tracked.id, week)
        if snap.band in (Band.RED, Band.AMBER):
            assert snap.score is not None
            actions.append(DueAction(
                due=held_on + timedelta(days=_deadline_days(snap.band)),
                kind="red" if snap.band is Band.RED else "amber",
                what=snap.band.action, who=tracked.key_result.owner or "KR owner",
                why=f"{tracked.id} scores {cycle.plan.scale.show(snap.score)} ({snap.band.label})",
                kr_id=tracked.id,
            ))
        streak = cycle.weekly_bands(tracked.id, week)[-RED_STREAK_FOR_HUDDLE:]
        if len(streak) == RED_STREAK_FOR_HUDDLE and all(b is Band.RED for b in streak):
            actions.append(DueAction(
                due=held_on + timedelta(days=HUDDLE.days),
                kind="huddle",
                what="48-hour problem-solving huddle: the Objective Owner decides a bet change or a help request",
                who="Champion convenes",
                why=f"{tracked.id} has been Red for {RED_STREAK_FOR_HUDDLE} consecutive weeks",
                kr_id=tracked.id,
            ))
        if not any(cycle.plan.week_of(a.day) == week for a in cycle.actuals if a.kr_id == tracked.id):
            actions.append(DueAction(
                due=held_on + timedelta(days=1), kind="data",
                what="Acknowledge the data issue within 24 hours; workaround or fix within 5 business days",
                who="Data Steward (Program Lead informed)",
                why=f"{tracked.id} has no reading for week {week}", kr_id=tracked.id,
            ))
    for blocker in cycle.blockers():
        if blocker.cross_team and blocker.open_on(held_on) and (held_on - blocker.opened).days > \
                BLOCKER_DAYS_BEFORE_REVIEW:
            review = cycle.plan.next_review(held_on)
            why = (f"cross-team blocker open {(held_on - blocker.opened).days} days "
                   f"({', '.join(blocker.teams)}): {blocker.text}")
            if review is not None:
                actions.append(DueAction(due=review, kind="monthly-review", kr_id=blocker.kr_id, why=why,
                                         what="Put it on the monthly cross-functional review agenda",
                                         who=blocker.owner or "Objective Owner"))
            else:
                actions.append(DueAction(due=held_on + timedelta(days=SPONSOR_HUDDLE.days), kind="sponsor-huddle",
                                         kr_id=blocker.kr_id, why=why,
                                         what="Call an ad hoc sponsor huddle within 72 hours",
                                         who="Executive Sponsor"))
    for decision in cycle.decisions():
        if decision.open_on(held_on):
            actions.append(DueAction(due=decision.due, kind="decision", what=decision.decision,
                                     who=decision.owner, why=f"decided {decision.made_on:%d %b}",
                                     kr_id=decision.kr_id))
    return sorted(actions, key=lambda a: (a.due, a.kind, a.kr_id or ""))


def _deadline_days(band: Band) -> int:
    assert band.deadline is not None
    return max(1, round(band.deadline.total_seconds() / 86400))
