from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path

import pytest

from kit.cycle.persistence import load_cycle, save_cycle
from kit.errors import InputError
from kit.model import Finding, KeyResult, Level, Objective, OkrSet, Review
from kit.parse import parse
from kit.rollout.failure_modes import (
    CohortEvidence,
    ModeStatus,
    assess,
    evidence_from_store,
    gather_evidence,
    load_table,
    reset_plan,
)
from kit.store import open_store

DATA = Path(__file__).resolve().parents[2] / "notebooks" / "data"


def _review(kr_texts: list[str], task_indices: set[int], objectives: int = 1) -> Review:
    okr_set = OkrSet(objectives=[Objective(text="Customers stay", key_results=[KeyResult(text=t) for t in kr_texts])]
                     + [Objective(text=f"Extra {i}") for i in range(objectives - 1)])
    findings = [Finding(rule="kr-task-list", level=Level.WARNING, message="activity", scope="key_result",
                        objective_index=0, kr_index=i) for i in sorted(task_indices)]
    return Review(okr_set=okr_set, findings=findings)


def _active(statuses: list[ModeStatus]) -> set[str]:
    return {s.mode.id for s in statuses if s.active}


def test_a_cohort_of_activity_krs_triggers_the_task_list_mode() -> None:
    cohort = [_review(["Hold 4 demos", "Write the guide", "Churn 5% to 3%"], {0, 1}), _review(["Run 3 events"], {0})]
    evidence = gather_evidence(cohort)
    assert evidence.task_kr_share == pytest.approx(0.75)
    assert _active(assess(evidence)) == {"task-list-okrs"}


def test_a_clean_cohort_triggers_nothing() -> None:
    cohort = [_review(["Churn from 5% to 3%", "NPS from 20 to 35"], set()), _review(["Repeat rate 18% to 28%"], set())]
    evidence = gather_evidence(cohort, checkin_dates=[date(2027, 2, 1)], today=date(2027, 2, 5))
    assert _active(assess(evidence)) == set()


def test_silence_and_too_many_objectives_are_measured() -> None:
    limit = load_table().objective_limit
    cohort = [_review(["A 1 to 2"], set(), objectives=limit + 2), _review(["B 1 to 2"], set())]
    evidence = gather_evidence(cohort, checkin_dates=[date(2027, 1, 4)], today=date(2027, 2, 1))
    assert evidence.weeks_without_checkin == 4
    assert _active(assess(evidence)) == {"silence-after-launch", "shifting-priorities"}
    never = gather_evidence(cohort, checkin_dates=[], today=date(2027, 2, 1))
    assert never.weeks_without_checkin == float("inf")


def test_facilitator_confirms_what_data_cannot_show() -> None:
    statuses = assess(CohortEvidence(), confirmed=["bureaucracy"])
    assert _active(statuses) == {"bureaucracy"}
    assert next(s for s in statuses if s.mode.id == "bureaucracy").reason == "confirmed by the facilitator"
    with pytest.raises(InputError, match="unknown failure mode"):
        assess(CohortEvidence(), confirmed=["boredom"])


def test_reset_plan_is_dated_in_sequence_with_named_owners() -> None:
    plan = reset_plan({"Program Lead": "Ana"}, start=date(2027, 3, 1))
    assert next(p.step for p in plan).startswith("Stop new drafting")
    assert plan[-1].step.startswith("Restart with one clean cycle")
    assert all(a.due == b.start for a, b in itertools.pairwise(plan))
    assert plan[0].owner == "Ana" and plan[1].owner == "OKR Coach"


def test_evidence_from_the_store_reviews_every_team_and_reads_the_checkin_rhythm(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    assert evidence_from_store(store) is None
    activities = (
        "Objective: Partners sell us without our help\n- Run 4 partner trainings\n- Publish the partner playbook\n"
    )
    outcomes = "Objective: Orders arrive when promised\n- Raise on-time delivery from 91% to 97% by Jun 30\n"
    store.save_set("Spring workshop", "Partners", parse(activities), "Ana")
    store.save_set("Spring workshop", "Logistics", parse(outcomes), "Ben")
    stored = evidence_from_store(store, today=date(2027, 2, 8))
    assert stored is not None
    reviews, evidence = stored
    assert len(reviews) == 2
    assert evidence.task_kr_share == pytest.approx(2 / 3)
    assert evidence.weeks_without_checkin == float("inf")  # no cycle saved: no check-in has ever been held
    silent = [s for s in assess(evidence) if s.triggered and s.evidence_value == float("inf")]
    assert silent and silent[0].reason == "weeks_without_checkin: none recorded yet"
    cycle = load_cycle(DATA / "sample_plan.yaml", DATA / "sample_actuals.csv", DATA / "sample_checkins.yaml")
    save_cycle(store, cycle, author="Ana")
    stored = evidence_from_store(store, today=max(c.held_on for c in cycle.checkins) + timedelta(weeks=3))
    assert stored is not None and stored[1].weeks_without_checkin == pytest.approx(3.0)
