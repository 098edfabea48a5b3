"""Weekly check-ins: the plan, live scores, the update text, escalations and due actions."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from kit.cycle.actuals import Actual
from kit.cycle.checkin import CHECKIN_QUESTIONS, Blocker, CheckIn, Cycle, Decision, KrUpdate
from kit.cycle.checkin_text import render_checkin, render_update
from kit.cycle.escalation import due_actions
from kit.cycle.persistence import (
    CYCLE_KIND,
    checkin_dates,
    load_cycle,
    load_cycle_file,
    resume_cycle,
    save_cycle,
    save_cycle_file,
)
from kit.cycle.plan import CheckInError, CyclePlan, TrackedKeyResult, TrackedObjective, load_plan
from kit.cycle.scoring import Band, Scale
from kit.errors import InputError
from kit.model import KeyResult, ScoringMethod
from kit.store import open_store

DATA = Path(__file__).resolve().parents[2] / "notebooks" / "data"
START = date(2027, 1, 4)


def make_plan(**overrides: object) -> CyclePlan:
    krs = [
        TrackedKeyResult(id="A1", key_result=KeyResult(text="Lift repeat rate", baseline=18, target=28, unit="%",
                                                       owner="Ana")),
        TrackedKeyResult(id="A2", key_result=KeyResult(text="Cut latency", baseline=480, target=300, unit="ms")),
    ]
    fields: dict[str, object] = {
        "name": "Test cycle", "start": START, "objectives": [TrackedObjective(id="O", text="Grow", key_results=krs)],
    }
    fields.update(overrides)
    return CyclePlan.model_validate(fields)


def friday(week: int) -> date:
    return START + timedelta(days=4 + 7 * (week - 1))


def week_end(week: int) -> date:
    """When no check-in was held, dues count from the end of the week."""
    return START + timedelta(days=7 * week - 1)


def cycle_with(values: dict[str, list[float]], **plan: object) -> Cycle:
    cycle = Cycle(plan=make_plan(**plan))
    cycle.add_actuals([Actual(day=friday(w + 1), kr_id=kr, value=v)
                       for kr, series in values.items() for w, v in enumerate(series)])
    return cycle


# ---------------------------------------------------------------------------------------- plan


def test_plan_refuses_duplicate_ids_and_mismatched_methods() -> None:
    kr = TrackedKeyResult(id="A1", key_result=KeyResult(text="x", baseline=1, target=2))
    with pytest.raises(ValueError, match="used twice"):
        make_plan(objectives=[TrackedObjective(id="O", text="Grow", key_results=[kr, kr])])
    with pytest.raises(ValueError, match="rule says linear"):
        TrackedKeyResult(id="B", key_result=KeyResult(text="x", baseline=0, target=1,
                                                      scoring=ScoringMethod.BINARY),
                         rule={"method": "linear"})
    binary = TrackedKeyResult(id="B", key_result=KeyResult(text="x", baseline=0, target=1,
                                                           scoring=ScoringMethod.BINARY))
    assert binary.rule.method is ScoringMethod.BINARY


def test_bad_plan_file_names_the_field(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("name: Q\nstart: 2027-01-04\nweeks: 40\nobjectives: []\n")
    with pytest.raises(InputError, match=r"plan\.yaml: weeks"):
        load_plan(plan)


def test_weeks_and_monthly_reviews() -> None:
    plan = make_plan()
    assert plan.week_of(START) == 1
    assert plan.week_of(START + timedelta(days=6)) == 1
    assert plan.week_of(START + timedelta(days=7)) == 2
    assert plan.end == date(2027, 3, 28)
    assert plan.reviews()[0] == date(2027, 1, 31)
    assert plan.next_review(date(2027, 3, 29)) is None


# ---------------------------------------------------------------------------------------- live scores


def test_snapshot_scores_the_latest_actual_of_the_week() -> None:
    cycle = cycle_with({"A1": [19, 21, 24], "A2": [470, 440, 390]})
    snap = cycle.snapshot("A1", 3)
    assert (snap.baseline, snap.latest, snap.target) == (18, 24, 28)
    assert snap.score == pytest.approx(0.6)
    assert snap.band is Band.AMBER
    assert cycle.snapshot("A2", 3).score == pytest.approx(0.5)
    assert cycle.snapshot("A1", 1).band is Band.RED


def test_a_corrected_actual_changes_the_score() -> None:
    cycle = cycle_with({"A1": [19, 21, 24]})
    cycle.add_actuals([Actual(day=friday(3), kr_id="A1", value=27)])
    snap = cycle.snapshot("A1", 3)
    assert snap.latest == 27
    assert snap.band is Band.GREEN


def test_missing_data_is_explained_not_scored() -> None:
    cycle = cycle_with({"A1": [19]})
    snap = cycle.snapshot("A2", 1)
    assert snap.score is None and snap.band is None
    assert snap.problem and "no actual" in snap.problem


def test_unknown_kr_actuals_are_refused() -> None:
    cycle = Cycle(plan=make_plan())
    with pytest.raises(CheckInError, match="no KR 'Z9'"):
        cycle.add_actuals([Actual(day=START, kr_id="Z9", value=1)])


# ---------------------------------------------------------------------------------------- the update


def test_update_has_five_to_seven_lines_with_every_part() -> None:
    cycle = cycle_with({"A1": [19, 21, 24]})
    update = KrUpdate(kr_id="A1", insight="Reorders\ncluster in week two", next_action="Test a reminder",
                      help_needed="Data from billing", confidence=4)
    text = render_update(cycle.snapshot("A1", 3), update, Scale.PERCENT)
    lines = text.splitlines()
    assert 5 <= len(lines) <= 7
    assert "Baseline 18% · latest 24% (as of 22 Jan) · target 28%" in lines[1]
    assert lines[2].startswith("Score 60 · Amber")
    assert "Reorders cluster in week two" in text  # a newline in an answer cannot break the format
    assert "Help needed: Data from billing" in text
    assert "Confidence: 4/5" in text
    bare = render_update(cycle.snapshot("A1", 3), None)
    assert 5 <= len(bare.splitlines()) <= 7
    assert "(missing: one insight" in bare


def test_checkin_text_asks_the_four_questions() -> None:
    cycle = cycle_with({"A1": [19], "A2": [470]})
    checkin = CheckIn(week=1, held_on=friday(1), what_changed="Latency fell")
    cycle.record(checkin)
    text = render_checkin(cycle, checkin)
    assert len(CHECKIN_QUESTIONS) == 4
    for question in CHECKIN_QUESTIONS.values():
        assert question in text
    assert "Latency fell" in text


def test_confidence_is_one_to_five() -> None:
    with pytest.raises(ValueError):
        KrUpdate(kr_id="A1", confidence=6)


def test_recording_checks_ids_and_replaces_the_week() -> None:
    cycle = Cycle(plan=make_plan())
    with pytest.raises(CheckInError, match="no KR"):
        cycle.record(CheckIn(week=1, held_on=START, updates=[KrUpdate(kr_id="Q")]))
    with pytest.raises(CheckInError, match="after the end"):
        cycle.record(CheckIn(week=13, held_on=START))
    cycle.record(CheckIn(week=2, held_on=START, what_changed="first"))
    cycle.record(CheckIn(week=2, held_on=START, what_changed="second"))
    assert [c.what_changed for c in cycle.checkins] == ["second"]


# ---------------------------------------------------------------------------------------- escalation


def test_red_two_weeks_running_calls_the_48_hour_huddle() -> None:
    cycle = cycle_with({"A1": [19, 19.5, 23], "A2": [440, 400, 380]}, pacing="end-of-cycle")
    assert not [a for a in due_actions(cycle, 1) if a.kind == "huddle"]
    week2 = due_actions(cycle, 2)
    huddles = [a for a in week2 if a.kind == "huddle"]
    assert [a.kr_id for a in huddles] == ["A1"]
    assert huddles[0].due == week_end(2) + timedelta(days=2)
    # back to Amber in week 3: no huddle
    assert not [a for a in due_actions(cycle, 3) if a.kind == "huddle"]


def test_band_actions_carry_their_deadlines() -> None:
    cycle = cycle_with({"A1": [19], "A2": [390]}, pacing="end-of-cycle")
    actions = {a.kr_id: a for a in due_actions(cycle, 1) if a.kind in ("red", "amber")}
    assert actions["A1"].kind == "red" and actions["A1"].due == week_end(1) + timedelta(days=2)
    assert actions["A2"].kind == "amber" and actions["A2"].due == week_end(1) + timedelta(days=7)
    cycle.record(CheckIn(week=1, held_on=friday(1)))
    assert min(a.due for a in due_actions(cycle, 1)) == friday(1) + timedelta(days=2)


def test_paced_escalation_judges_week_2_by_the_pace_not_the_final_target() -> None:
    # 19 then 19.5 of 18 -> 28 over 12 weeks: Red against the final target, 90% of a linear pace
    on_pace = cycle_with({"A1": [19, 19.5], "A2": [470, 450]})
    snap = on_pace.snapshot("A1", 2)
    assert snap.band is Band.RED and snap.paced_band is Band.GREEN and snap.escalation_band is Band.GREEN
    assert snap.expected == pytest.approx(18 + 10 * 2 / 12)
    assert not [a for a in due_actions(on_pace, 2) if a.kind in ("huddle", "red")]
    stuck = cycle_with({"A1": [18, 18.1], "A2": [470, 450]})
    huddles = [a for a in due_actions(stuck, 2) if a.kind == "huddle"]
    assert [a.kr_id for a in huddles] == ["A1"] and "on pace" in huddles[0].why
    red = next(a for a in due_actions(stuck, 2) if a.kind == "red")
    assert "on pace" in red.why and "of the final target so far" in red.why


def test_milestones_set_the_pace_a_kr_agreed_to() -> None:
    slow_start = [TrackedKeyResult(id="A1", key_result=KeyResult(text="Lift repeat rate", baseline=18, target=28),
                                   milestones=[{"week": 6, "value": 19}])]
    cycle = cycle_with({"A1": [18, 18.2]}, objectives=[TrackedObjective(id="O", text="Grow", key_results=slow_start)])
    snap = cycle.snapshot("A1", 2)
    assert snap.expected == pytest.approx(18 + 1 * 2 / 6)
    assert snap.paced_band is Band.AMBER  # 0.2 of an expected 0.33: on course for 24 of 28
    linear = cycle_with({"A1": [18, 18.2], "A2": [480, 480]})
    assert linear.snapshot("A1", 2).paced_band is Band.RED
    with pytest.raises(ValueError, match="milestones need distinct weeks"):
        make_plan(objectives=[TrackedObjective(id="O", text="Grow", key_results=[
            TrackedKeyResult(id="A1", key_result=KeyResult(text="x", baseline=1, target=2),
                             milestones=[{"week": 8, "value": 1.5}, {"week": 4, "value": 1.2}])])])


def test_a_binary_kr_has_no_pace_and_escalates_on_its_final_score() -> None:
    done = [TrackedKeyResult(id="B1", key_result=KeyResult(text="Sign the charter", baseline=0, target=1,
                                                           scoring=ScoringMethod.BINARY))]
    cycle = cycle_with({"B1": [0]}, objectives=[TrackedObjective(id="O", text="Grow", key_results=done)])
    snap = cycle.snapshot("B1", 1)
    assert snap.paced_score is None and snap.escalation_band is Band.RED


def test_cross_team_blocker_goes_to_the_first_monthly_review_a_week_after_it_opened() -> None:
    cycle = cycle_with({"A1": [27, 27, 27, 27], "A2": [300, 300, 300, 300]})
    blocker = Blocker(text="Billing event missing", opened=friday(1), teams=["Growth", "Billing"], kr_id="A1")
    cycle.record(CheckIn(week=1, held_on=friday(1), blockers=[blocker]))
    listed = [a for a in due_actions(cycle, 1) if a.kind == "monthly-review"]
    assert len(listed) == 1 and "escalates on Fri 15 Jan if still open" in listed[0].why
    cycle.record(CheckIn(week=2, held_on=friday(2), blockers=[blocker]))
    escalated = [a for a in due_actions(cycle, 2) if a.kind == "monthly-review"]  # seven days: not fourteen
    assert len(escalated) == 1 and "open 7 days" in escalated[0].why and escalated[0].due == date(2027, 1, 31)
    single_team = Blocker(text="Own backlog", opened=friday(1), teams=["Growth"])
    cycle.record(CheckIn(week=4, held_on=friday(4), blockers=[single_team, blocker]))
    assert not [a for a in due_actions(cycle, 4) if "Own backlog" in a.why]


def test_blocker_after_the_last_review_calls_a_sponsor_huddle() -> None:
    cycle = cycle_with({"A1": [27] * 12, "A2": [300] * 12})
    blocker = Blocker(text="Vendor contract", opened=friday(11) - timedelta(days=10), teams=["Ops", "Legal"])
    cycle.record(CheckIn(week=12, held_on=date(2027, 3, 29) - timedelta(days=1), blockers=[blocker]))
    plan = cycle.plan.model_copy(update={"monthly_reviews": [date(2027, 2, 1)]})
    cycle.plan = plan
    huddle = [a for a in due_actions(cycle, 12) if a.kind == "sponsor-huddle"]
    assert huddle and huddle[0].due == blocker.opened + timedelta(days=7 + 3)  # 72 hours after its week open


def test_open_decisions_stay_due_until_done() -> None:
    cycle = cycle_with({"A1": [27, 27], "A2": [300, 300]})
    decision = Decision(made_on=friday(1), decision="Stop the newsletter", owner="Ana", due=friday(2))
    cycle.record(CheckIn(week=1, held_on=friday(1), decisions=[decision]))
    assert [a.what for a in due_actions(cycle, 2) if a.kind == "decision"] == ["Stop the newsletter"]
    cycle.close_decision("Stop the newsletter", friday(2))
    assert not [a for a in due_actions(cycle, 2) if a.kind == "decision"]
    assert [a.what for a in due_actions(cycle, 1) if a.kind == "decision"] == ["Stop the newsletter"]


def test_a_week_without_a_reading_is_a_data_issue() -> None:
    cycle = cycle_with({"A1": [27, 27], "A2": [300]})
    data = [a for a in due_actions(cycle, 2) if a.kind == "data"]
    assert [a.kr_id for a in data] == ["A2"]
    assert data[0].due == week_end(2) + timedelta(days=1)


def test_a_data_issue_is_fixed_within_five_business_days_of_the_check_in_that_found_it() -> None:
    cycle = cycle_with({"A1": [27, 27, 27], "A2": [300]})
    found = next(a for a in due_actions(cycle, 2) if a.kind == "data-fix")
    assert week_end(2).weekday() == 6  # a Sunday: five business days later is the Friday after
    assert found.due == week_end(2) + timedelta(days=5)
    still = [a for a in due_actions(cycle, 3) if a.kr_id == "A2" and a.kind.startswith("data")]
    assert [a.kind for a in still] == ["data-fix"]  # acknowledged last week: only the fix is still due
    assert still[0].due == found.due and "weeks 2 to 3" in still[0].why


def test_the_rollout_calendar_and_the_check_in_plan_run_the_same_cycle_length() -> None:
    from kit.cycle.plan import CYCLE_WEEKS
    from kit.rollout.plan import Rhythm

    assert make_plan().weeks == CYCLE_WEEKS == Rhythm(team="T", cycle_start=START).cycle_weeks


def test_due_actions_are_sorted_by_date() -> None:
    cycle = load_cycle(DATA / "sample_plan.yaml", DATA / "sample_actuals.csv", DATA / "sample_checkins.yaml")
    for week in range(1, 13):
        dues = [a.due for a in due_actions(cycle, week)]
        assert dues == sorted(dues)


# ---------------------------------------------------------------------------------------- the sample quarter


def test_sample_quarter_loads_and_reproduces_the_playbook_examples() -> None:
    cycle = load_cycle(DATA / "sample_plan.yaml", DATA / "sample_actuals.csv", DATA / "sample_checkins.yaml")
    assert cycle.current_week == 12
    assert len(cycle.checkins) == 11
    repeat = cycle.snapshot("O1.KR1", 6)
    onboarding = cycle.snapshot("O2.KR1", 6)
    assert (repeat.score, repeat.band) == (pytest.approx(0.6), Band.AMBER)
    assert (onboarding.score, onboarding.band) == (0.7, Band.GREEN)
    assert cycle.weekly_actuals("O2.KR2")[8] is None  # the week the telemetry export failed
    assert len(cycle.confidence_trend("O1.KR2")) == 12


def test_cycle_round_trips_through_a_file(tmp_path: Path) -> None:
    cycle = load_cycle(DATA / "sample_plan.yaml", DATA / "sample_actuals.csv", DATA / "sample_checkins.yaml")
    saved = save_cycle_file(cycle, tmp_path / "cycle.json")
    assert load_cycle_file(saved) == cycle
    saved.write_text("{not json")
    with pytest.raises(InputError, match="not valid JSON"):
        load_cycle_file(saved)


def test_cycle_versions_in_the_workshop_store(tmp_path: Path) -> None:
    cycle = load_cycle(DATA / "sample_plan.yaml", DATA / "sample_actuals.csv", DATA / "sample_checkins.yaml")
    with open_store(tmp_path) as store:
        assert resume_cycle(store, cycle.plan) is None
        assert save_cycle(store, cycle, author="Priya") == 1
        cycle.record(CheckIn(week=12, held_on=date(2027, 3, 26), what_changed="Latency under 360 ms"))
        assert save_cycle(store, cycle, author="Priya") == 2
        resumed = resume_cycle(store, cycle.plan)
        assert resumed == cycle
        first = store.load_record("Q1 2027", "checkin_cycle", "SMB Growth", version=1, model=Cycle)
        assert first.checkin(12) is None  # the earlier version is kept, not overwritten


def test_checkin_dates_are_read_from_every_saved_cycle(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    assert checkin_dates(store) == []
    cycle = load_cycle(DATA / "sample_plan.yaml", DATA / "sample_actuals.csv", DATA / "sample_checkins.yaml")
    save_cycle(store, cycle, author="Mina")
    store.save_record("Another cycle", CYCLE_KIND, "Ops", {"plan": "not a plan"}, author="Mina")  # skipped
    days = checkin_dates(store)
    assert days == sorted(checkin.held_on for checkin in cycle.checkins) and len(days) == 11


def test_the_update_and_the_snapshot_table_show_both_scores_and_which_one_escalates() -> None:
    from kit.widgets.cycle_tables import snapshot_table_html

    cycle = cycle_with({"A1": [19, 19.5], "A2": [470, 450]})
    text = render_update(cycle.snapshot("A1", 2), None)
    assert "Score 0.15 · Red against the final target; on pace 0.90 · Green (expected 19.67% by now)" in text
    assert text.endswith("Help needed: none") and "keep going" in text  # the on-pace band's response
    table = snapshot_table_html(cycle, 2)
    assert "data-paced-band='green'" in table and "Escalations read the paced" in table
    final = cycle_with({"A1": [19, 19.5], "A2": [470, 450]}, pacing="end-of-cycle")
    assert "Escalations read the end of cycle" in snapshot_table_html(final, 2)


def test_a_cycle_saved_before_pacing_existed_loads_and_paces(tmp_path: Path) -> None:
    cycle = cycle_with({"A1": [18, 18.1]})
    stored = cycle.model_dump(mode="json")
    del stored["plan"]["pacing"]
    for objective in stored["plan"]["objectives"]:
        for kr in objective["key_results"]:
            del kr["milestones"]
    old = Cycle.model_validate(stored)
    assert old.plan.pacing == "paced" and old.snapshot("A1", 2).paced_band is Band.RED
