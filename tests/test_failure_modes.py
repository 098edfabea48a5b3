from __future__ import annotations

import itertools
from datetime import date

import pytest

from kit.errors import InputError
from kit.failure_modes import CohortEvidence, assess, gather_evidence, load_table, reset_plan
from kit.model import Finding, KeyResult, Level, Objective, OkrSet, Review


def _review(kr_texts: list[str], task_indices: set[int], objectives: int = 1) -> Review:
    okr_set = OkrSet(objectives=[Objective(text="Customers stay", key_results=[KeyResult(text=t) for t in kr_texts])]
                     + [Objective(text=f"Extra {i}") for i in range(objectives - 1)])
    findings = [Finding(rule="kr-task-list", level=Level.WARNING, message="activity", scope="key_result",
                        objective_index=0, kr_index=i) for i in sorted(task_indices)]
    return Review(okr_set=okr_set, findings=findings)


def _active(statuses: list) -> set[str]:  # type: ignore[type-arg]
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
