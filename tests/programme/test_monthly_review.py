"""The monthly review: what the check-ins bring to it, its decisions, and the next check-in showing them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from kit.cycle.actuals import Actual
from kit.cycle.checkin import Blocker, CheckIn, Cycle
from kit.cycle.persistence import save_cycle
from kit.cycle.plan import CyclePlan, TrackedKeyResult, TrackedObjective
from kit.cycle.team_cycle import programme_cycles
from kit.model import KeyResult
from kit.programme.monthly_review import (
    MonthlyReview,
    ReviewDecision,
    decisions_for,
    review_format,
    reviews,
    save_review,
    standings,
)
from kit.store import open_store
from kit.widgets.monthly_review import MonthlyReviewPage

START = date(2027, 1, 4)


def team_cycle(team: str, stuck: bool, blocker_opened: date | None = None) -> Cycle:
    kr = TrackedKeyResult(id="O1.KR1", key_result=KeyResult(text="Raise repeat rate from 18% to 28%", baseline=18,
                                                            target=28))
    plan = CyclePlan(name="harbour", team=team, start=START,
                     objectives=[TrackedObjective(id="O1", text="Crews come back", key_results=[kr])])
    cycle = Cycle(plan=plan)
    values = [18, 18.1, 18.1, 18.2] if stuck else [19, 20, 21, 22]
    cycle.add_actuals([Actual(day=START + timedelta(days=4 + 7 * w), kr_id="O1.KR1", value=v)
                       for w, v in enumerate(values)])
    if blocker_opened is not None:
        blocker = Blocker(text="Payroll export missing", opened=blocker_opened, teams=[team, "Payroll"])
        cycle.record(CheckIn(week=2, held_on=blocker_opened, blockers=[blocker]))
    return cycle


def test_the_agenda_is_content_with_the_seeds_attendees() -> None:
    fmt = review_format()
    assert "Executive Sponsor" in fmt.attendees and fmt.minutes == sum(item.minutes for item in fmt.agenda)
    assert any("Resource shifts" in item.name for item in fmt.agenda)


def test_standings_bring_red_and_amber_on_pace_and_blockers_open_a_week() -> None:
    as_of = START + timedelta(days=27)
    found = {s.team: s for s in standings([team_cycle("Planning", stuck=True, blocker_opened=as_of - timedelta(days=8)),
                                           team_cycle("Data", stuck=False,
                                                      blocker_opened=as_of - timedelta(days=3))], as_of)}
    assert [snap.kr_id for snap in found["Planning"].at_risk] == ["O1.KR1"]
    assert found["Data"].at_risk == []  # well ahead of its pace
    assert [a.what for a in found["Planning"].escalations] == ["Payroll export missing"]
    assert found["Data"].escalations == []  # open three days: not yet


def test_decisions_need_an_owner_and_show_at_the_teams_next_checkin(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        ReviewDecision(text="Stop the newsletter", owner="", due=START)
    with open_store(tmp_path) as store:
        review = MonthlyReview(workshop="harbour", held_on=START + timedelta(days=28), decisions=[
            ReviewDecision(kind="reallocation", text="Two engineers from Data to Planning", owner="Grace",
                           due=START + timedelta(days=35), teams=["Planning", "Data"]),
            ReviewDecision(text="Stop the dashboard rebuild", owner="Tomas", due=START + timedelta(days=31),
                           teams=["Data"]),
        ])
        save_review(store, review, author="lead")
        assert reviews(store, "harbour") == [review]
        planning = decisions_for(store, "harbour", "planning", START + timedelta(days=30))
        assert [a.what for a in planning] == ["Resource shift: Two engineers from Data to Planning"]
        assert decisions_for(store, "harbour", "Planning", START + timedelta(days=20)) == []  # before the review


def test_the_page_reads_saved_cycles_and_saves_each_decision(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        save_cycle(store, team_cycle("Planning", stuck=True), author="ana")
        save_cycle(store, team_cycle("Data", stuck=False), author="raj")
        assert {c.plan.team for c in programme_cycles(store, tmp_path, "harbour")[1]} == {"Planning", "Data"}
        page = MonthlyReviewPage(store=store, today=START + timedelta(days=27))
        assert page.workshop.value == "harbour"
        assert "data-team='Planning'" in page.standings.value and "O1.KR1" in page.standings.value
        page.text.value, page.owner.value = "Planning asks Payroll for the export", ""
        assert not page.log_decision() and "one owner" in page.message.value
        page.kind.value, page.owner.value, page.teams.value = "dependency", "Grace", "Planning, Payroll"
        assert page.log_decision() and "version 1" in page.message.value
        assert "data-count='1'" in page.decision_log.value
        reopened = MonthlyReviewPage(store=store, today=START + timedelta(days=27))
        assert reopened.review.decisions[0].teams == ["Planning", "Payroll"]
