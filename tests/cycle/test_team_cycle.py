"""A team's cycle starts from the OKRs it saved in the workshop store, and keeps the plan of day one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kit.cycle.persistence import CYCLE_KIND
from kit.cycle.team_cycle import TeamDraft, cycle_start, open_team_cycle, plan_from_draft, teams_with_drafts
from kit.errors import InputError
from kit.model import KeyResult, Objective, OkrSet
from kit.store import open_store

TODAY = date(2027, 4, 14)  # a Wednesday


def harbour_set(cycle: str | None = "2027-Q2") -> OkrSet:
    return OkrSet(cycle=cycle, objectives=[
        Objective(text="Ferry passengers trust the timetable", key_results=[
            KeyResult(text="On-time departures from 81% to 95%", baseline=81, target=95, unit="%"),
            KeyResult(text="Complaints about delays from 40 to 10 a month", baseline=40, target=10),
        ]),
        Objective(text="An objective still without key results"),
        Objective(text="Berth holders renew", key_results=[
            KeyResult(text="Berth renewals from 70% to 85%", baseline=70, target=85, unit="%"),
        ]),
    ])


def test_a_draft_becomes_a_plan_with_ids_in_order_and_empty_objectives_left_out() -> None:
    plan = plan_from_draft(harbour_set(), workshop="Spring", team="Harbour", start=date(2027, 4, 1))
    assert [o.id for o in plan.objectives] == ["O1", "O2"]
    assert [kr.id for kr in plan.tracked()] == ["O1.KR1", "O1.KR2", "O2.KR1"]
    assert plan.kr("O2.KR1").key_result.target == 85
    assert (plan.name, plan.team, plan.weeks) == ("Spring", "Harbour", 12)


def test_a_draft_with_no_key_result_cannot_start_a_cycle() -> None:
    with pytest.raises(InputError, match="no objective with a key result"):
        plan_from_draft(OkrSet(objectives=[Objective(text="Just an idea")]), workshop="w", team="t",
                        start=TODAY)


@pytest.mark.parametrize(("cycle", "start"), [("2027-Q2", date(2027, 4, 1)), ("Q3 2026", date(2026, 7, 1)),
                                               (None, date(2027, 4, 12)), ("spring push", date(2027, 4, 12))])
def test_the_cycle_starts_with_the_quarter_the_set_names_or_this_monday(cycle: str | None, start: date) -> None:
    assert cycle_start(harbour_set(cycle), TODAY) == start


def test_a_team_cycle_is_started_once_from_its_draft_and_resumed_after(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.save_set("Spring", "Harbour", harbour_set(), author="coach")
        store.save_set("Spring", "Ferries", harbour_set(), author="coach")
        assert teams_with_drafts(store) == [TeamDraft("Spring", "Ferries"), TeamDraft("Spring", "Harbour")]
    opened = open_team_cycle(tmp_path, team=TeamDraft("Spring", "Harbour"), today=TODAY)
    assert opened.cycle.plan.team == "Harbour" and opened.plan_path is None
    assert [v.version for v in opened.store.history("Spring", CYCLE_KIND, "Harbour")] == [1]
    # the draft changes after day one: the plan the cycle keeps does not
    opened.store.save_set("Spring", "Harbour", harbour_set("2027-Q3"), author="coach")
    again = open_team_cycle(tmp_path, team=TeamDraft("Spring", "Harbour"), today=TODAY)
    assert again.cycle.plan.start == date(2027, 4, 1)
    assert again.committed_plan() == opened.cycle.plan
    assert opened.store.record("Spring", CYCLE_KIND, "Ferries") is None  # the other team is untouched


def test_a_team_without_a_saved_draft_is_refused_with_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no saved draft") as error:
        open_team_cycle(tmp_path, team=TeamDraft("Spring", "Nobody"), today=TODAY)
    assert "02 or 03" in str(error.value)
