"""End of quarter: lock the data, score with the agreed method, learn, and brief the next cycle.

The protocol's hard rule is "no back-fitting": a target or scoring method changed after the
cycle started counts only when it was a governed change (the Program Lead proposes, the
Sponsor approves), and nothing changes once the cycle is over. `amend_plan` is the one way
to change a plan; `lock_quarter` checks the plan against what was committed at the start.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, ValidationError

from kit.cycle.actuals import Actual
from kit.cycle.checkin import Cycle
from kit.cycle.plan import CyclePlan, GovernedChange, TrackedKeyResult
from kit.cycle.scoring import Band, ObjectiveScore, ScoringRule, objective_score, rag, score_key_result
from kit.errors import InputError, KitError
from kit.model import EditableModel, FrozenModel
from kit.store import Store

RETRO_QUESTIONS: dict[str, str] = {
    "worked": "What worked?",
    "did_not": "What did not work?",
    "change_next": "What do we change next cycle?",
}
IMPROVEMENTS_WANTED = (3, 5)


class GovernanceError(KitError):
    """A change the protocol forbids: back-fitting a target or method, or scoring unlocked data."""


# ---------------------------------------------------------------------------------------- governed changes


def amend_plan(
    plan: CyclePlan,
    kr_id: str,
    *,
    on: date,
    target: float | None = None,
    rule: ScoringRule | None = None,
    reason: str = "",
    proposed_by: str = "",
    approved_by: str = "",
) -> CyclePlan:
    """A plan with a KR's target and/or scoring method changed.

    Before the cycle starts anything may change. Once it has started a change needs a reason,
    the proposer (Program Lead) and the approver (Sponsor), and is written into the plan's
    change log; after the cycle has ended nothing may change.
    """
    if target is None and rule is None:
        raise GovernanceError("nothing to change: give a new target or a new scoring rule")
    tracked = plan.kr(kr_id)
    if on > plan.end:
        raise GovernanceError(
            f"{plan.name} ended on {plan.end}; changing {kr_id} now would back-fit the result. "
            "Record the learning and set the new target in the next cycle instead"
        )
    edits: list[tuple[Literal["target", "method"], str, str]] = []
    kr = tracked.key_result
    if target is not None and target != kr.target:
        edits.append(("target", f"{kr.target:g}" if kr.target is not None else "none", f"{target:g}"))
        kr = kr.model_copy(update={"target": target})
    new_rule = tracked.rule
    if rule is not None and rule != tracked.rule:
        edits.append(("method", tracked.rule.describe(), rule.describe()))
        kr = kr.model_copy(update={"scoring": rule.method})
        new_rule = rule
    if not edits:
        return plan
    log = list(plan.changes)
    if on >= plan.start:
        missing = [name for name, given in
                   (("reason", reason), ("proposed_by", proposed_by), ("approved_by", approved_by))
                   if not given.strip()]
        if missing:
            what = " and ".join(field for field, _, _ in edits)
            raise GovernanceError(
                f"{plan.name} started on {plan.start}: changing the {what} of {kr_id} is only allowed as a "
                f"governed change; give {', '.join(missing)} (the Program Lead proposes, the Sponsor approves)"
            )
        log += [GovernedChange(kr_id=kr_id, field=field, before=before, after=after, on=on, reason=reason.strip(),
                               proposed_by=proposed_by.strip(), approved_by=approved_by.strip())
                for field, before, after in edits]
    replacement = TrackedKeyResult.model_validate(
        {**tracked.model_dump(), "key_result": kr.model_dump(), "rule": new_rule.model_dump()}
    )
    objectives = [
        objective.model_copy(update={"key_results": [replacement if k.id == kr_id else k
                                                     for k in objective.key_results]})
        for objective in plan.objectives
    ]
    return plan.model_copy(update={"objectives": objectives, "changes": log})


def check_no_backfit(committed: CyclePlan, current: CyclePlan) -> None:
    """Refuse a plan whose targets or methods differ from the commitment without a governed change."""
    governed = {(c.kr_id, c.field) for c in current.changes}
    problems: list[str] = []
    for before in committed.tracked():
        try:
            after = current.kr(before.id)
        except KitError:
            problems.append(f"{before.id} was dropped")
            continue
        if before.key_result.target != after.key_result.target and (before.id, "target") not in governed:
            problems.append(f"{before.id} target {before.key_result.target:g} -> {after.key_result.target:g}")
        if before.rule != after.rule and (before.id, "method") not in governed:
            problems.append(f"{before.id} method {before.rule.describe()} -> {after.rule.describe()}")
        if before.key_result.baseline != after.key_result.baseline:
            problems.append(f"{before.id} baseline {before.key_result.baseline} -> {after.key_result.baseline}")
    if problems:
        raise GovernanceError(
            "the plan differs from what was committed at the start without a governed change: "
            + "; ".join(problems) + ". Restore the committed values or record the change with amend_plan"
        )


# ---------------------------------------------------------------------------------------- lock and score


class QuarterLock(FrozenModel):
    """The data the quarter is scored on, frozen: later imports cannot move the result."""

    plan: CyclePlan
    locked_on: date
    final: dict[str, Actual | None]
    problems: list[str] = Field(default_factory=list)


def lock_quarter(cycle: Cycle, locked_on: date, committed: CyclePlan | None = None) -> QuarterLock:
    """Step 1 of the protocol: lock the final week's data and say which sources need validating."""
    plan = cycle.plan
    final_week_start = plan.start + timedelta(weeks=plan.weeks - 1)
    if locked_on < final_week_start:
        raise GovernanceError(
            f"{plan.name} runs until {plan.end}; data can be locked from the final week ({final_week_start}) on"
        )
    if committed is not None:
        check_no_backfit(committed, plan)
    final: dict[str, Actual | None] = {}
    problems: list[str] = []
    cutoff = min(locked_on, plan.end)
    for tracked in plan.tracked():
        readings = [a for a in cycle.actuals if a.kr_id == tracked.id and a.day <= cutoff]
        latest = max(readings, key=lambda a: a.day, default=None)
        final[tracked.id] = latest
        if latest is None:
            problems.append(f"{tracked.id} has no reading at all: it cannot be scored; fix the source first")
        elif latest.day < final_week_start:
            problems.append(f"{tracked.id}: the last reading is from {latest.day} (week {plan.week_of(latest.day)}), "
                            "not the final week; validate the source before publishing")
    return QuarterLock(plan=plan, locked_on=locked_on, final=final, problems=problems)


class KrResult(FrozenModel):
    kr_id: str
    objective_id: str
    text: str
    method: str
    baseline: float | None
    target: float | None
    unit: str | None
    final: float
    score: float
    band: Band


class ObjectiveResult(FrozenModel):
    objective_id: str
    text: str
    score: float
    band: Band
    weights: list[float]
    notices: list[str] = Field(default_factory=list)


class QuarterResult(EditableModel):
    """Steps 2-4: KR scores with the agreed method, weighted objective scores, one learning per KR."""

    lock: QuarterLock
    key_results: list[KrResult]
    objectives: list[ObjectiveResult]
    learnings: dict[str, str] = Field(default_factory=dict)

    def record_learning(self, kr_id: str, learning: str) -> None:
        """The one learning per KR that will change next cycle's bets."""
        if kr_id not in {kr.kr_id for kr in self.key_results}:
            raise GovernanceError(f"there is no KR {kr_id!r} in this quarter's results")
        if not learning.strip():
            raise GovernanceError(f"the learning for {kr_id} is empty: write what will change next cycle's bets")
        self.learnings = {**self.learnings, kr_id: learning.strip()}

    def missing_learnings(self) -> list[str]:
        return [kr.kr_id for kr in self.key_results if kr.kr_id not in self.learnings]

    def result(self, kr_id: str) -> KrResult:
        return next(kr for kr in self.key_results if kr.kr_id == kr_id)


def score_quarter(lock: QuarterLock) -> QuarterResult:
    """Score every KR with the method on its card and roll up with the pre-agreed weights."""
    unscorable = [kr_id for kr_id, actual in lock.final.items() if actual is None]
    if unscorable:
        raise GovernanceError(f"cannot score {', '.join(unscorable)}: no reading was locked; fix the source")
    results: list[KrResult] = []
    objectives: list[ObjectiveResult] = []
    for objective in lock.plan.objectives:
        scores: list[float] = []
        for tracked in objective.key_results:
            actual = lock.final[tracked.id]
            assert actual is not None
            score = score_key_result(tracked.key_result, actual.value, tracked.rule)
            kr = tracked.key_result
            results.append(KrResult(
                kr_id=tracked.id, objective_id=objective.id, text=kr.text, method=tracked.rule.describe(),
                baseline=kr.baseline, target=kr.target, unit=kr.unit, final=actual.value, score=score,
                band=rag(score),
            ))
            scores.append(score)
        rolled: ObjectiveScore = objective_score(
            scores, objective.weights(), agreed_up_front=objective.weights_agreed, warn=False
        )
        objectives.append(ObjectiveResult(objective_id=objective.id, text=objective.text, score=rolled.score,
                                          band=rolled.band, weights=rolled.weights, notices=rolled.notices))
    return QuarterResult(lock=lock, key_results=results, objectives=objectives)


# ---------------------------------------------------------------------------------------- retrospective


class Retrospective(EditableModel):
    """The retro note: what worked, what did not, what we change next cycle."""

    worked: list[str] = Field(default_factory=list)
    did_not: list[str] = Field(default_factory=list)
    change_next: list[str] = Field(default_factory=list)

    def notices(self) -> list[str]:
        low, high = IMPROVEMENTS_WANTED
        count = len([c for c in self.change_next if c.strip()])
        if low <= count <= high:
            return []
        return [f"The retro lists {count} change{'s' if count != 1 else ''} for next cycle; "
                f"aim for {low} to {high} concrete improvements."]


class ReviewNotes(EditableModel):
    """Learnings and retro points prepared before the review (or saved after it)."""

    learnings: dict[str, str] = Field(default_factory=dict)
    retro: Retrospective = Field(default_factory=Retrospective)

    def apply(self, result: QuarterResult) -> None:
        for kr_id, learning in self.learnings.items():
            result.record_learning(kr_id, learning)


REVIEW_KIND = "quarter_review"


def save_review_notes(store: Store, plan: CyclePlan, notes: ReviewNotes, author: str) -> int:
    """Save a new version of the review's learnings and retro beside the cycle record."""
    return store.save_record(plan.name, REVIEW_KIND, plan.team or "team", notes, author)


def resume_review_notes(store: Store, plan: CyclePlan) -> ReviewNotes | None:
    if store.record(plan.name, REVIEW_KIND, plan.team or "team") is None:
        return None
    return store.load_record(plan.name, REVIEW_KIND, plan.team or "team", model=ReviewNotes)


def load_review_notes(path: str | Path) -> ReviewNotes:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise InputError(f"cannot read the review notes ({error.strerror})", path=str(path)) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError("the review notes are not valid YAML", path=str(path),
                         line=mark.line + 1 if mark else None) from None
    try:
        return ReviewNotes.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(part) for part in first["loc"]) or "top level"
        raise InputError(f"{place}: {first['msg']}", path=str(path)) from None


def _next_step(kr: KrResult) -> str:
    if kr.band is Band.STRETCH:
        return "target reached: decide whether to raise the bar or retire it as a KPI"
    if kr.band is Band.GREEN:
        return "strong progress: keep it if still strategic, double down on the bet that worked"
    if kr.band is Band.AMBER:
        return "partial progress: carry over only if still strategic, with a revised bet"
    return "little movement: find the root cause before carrying it over; it may be the wrong metric"


def _md(text: str) -> str:
    """Keep user text from breaking the Markdown table it is written into."""
    return " ".join(text.replace("|", "/").split())


def drafting_brief(result: QuarterResult, retro: Retrospective, next_cycle: str) -> str:
    """The next cycle's drafting brief (Markdown): where we ended, what we learned, what changes."""
    plan = result.lock.plan
    scale = plan.scale

    def value(number: float | None, unit: str | None) -> str:
        if number is None:
            return "—"
        return f"{number:g}{unit or ''}" if unit == "%" else f"{number:g} {unit or ''}".strip()

    lines = [
        f"# Drafting brief for {_md(next_cycle)}",
        "",
        f"From the end-quarter review of {_md(plan.name)}"
        + (f" ({_md(plan.team)})" if plan.team else "")
        + f", data locked on {result.lock.locked_on:%d %b %Y}. Scores on the {scale.value} scale.",
        "",
        "## Where we ended",
        "",
        "| Objective | Score | RAG |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {_md(o.objective_id)} {_md(o.text)} | {scale.show(o.score)} | {o.band.label} |"
              for o in result.objectives]
    lines += ["", "| KR | Final (baseline → target) | Score | RAG | Learning | Next cycle |",
              "| --- | --- | --- | --- | --- | --- |"]
    for kr in result.key_results:
        learning = result.learnings.get(kr.kr_id, "(missing)")
        lines.append(
            f"| {_md(kr.kr_id)} {_md(kr.text)} | {value(kr.final, kr.unit)} ({value(kr.baseline, kr.unit)} → "
            f"{value(kr.target, kr.unit)}) | {scale.show(kr.score)} | {kr.band.label} | {_md(learning)} | "
            f"{_next_step(kr)}; new baseline {value(kr.final, kr.unit)} |"
        )
    for title, items in (("What worked", retro.worked), ("What did not work", retro.did_not),
                         ("What we change next cycle", retro.change_next)):
        lines += ["", f"## {title}", ""]
        lines += [f"- {_md(item)}" for item in items if item.strip()] or ["- (nothing recorded)"]
    if plan.changes:
        lines += ["", "## Governed changes this cycle", ""]
        lines += [f"- {c.on:%d %b}: {_md(c.kr_id)} {c.field} {_md(c.before)} → {_md(c.after)} "
                  f"({_md(c.reason)}; proposed by {_md(c.proposed_by)}, approved by {_md(c.approved_by)})"
                  for c in plan.changes]
    notices = [n for o in result.objectives for n in o.notices] + retro.notices() + result.lock.problems
    if result.missing_learnings():
        notices.append(f"No learning recorded yet for {', '.join(result.missing_learnings())}.")
    if notices:
        lines += ["", "## Before drafting", ""]
        lines += [f"- {_md(n)}" for n in dict.fromkeys(notices)]
    lines += [
        "",
        "## Drafting guardrails",
        "",
        "- 3 to 4 objectives, 2 to 4 KRs each; every KR with baseline, target, owner and source of truth.",
        "- Agree each KR's scoring method and the objective weights before the cycle starts.",
        "- Use this quarter's final actuals as next cycle's baselines.",
    ]
    return "\n".join(lines) + "\n"
