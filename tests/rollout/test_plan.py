from __future__ import annotations

from datetime import date

import icalendar
import pytest
from pydantic import ValidationError

from kit.rollout.plan import Rhythm, plan, plan_markdown, raci, raci_markdown, rhythm_calendar


def test_plans_take_named_owners_and_dates() -> None:
    starter = plan("starter_30_day", owners={"Executive Sponsor": "Dana"})
    assert {i.owner for i in starter.items if i.owner == "Dana"}
    assert max(i.day for i in starter.items) == 30
    text = plan_markdown(starter, start=date(2027, 1, 4))
    assert "| Dana |" in text and "2027-02-03" in text


def test_user_text_cannot_break_the_markdown_table() -> None:
    pilot = plan("pilot")
    pilot.items[0].action = "Agree | then ship\nnow"
    assert "Agree \\| then ship now" in plan_markdown(pilot)


def test_raci_covers_the_playbook_activities() -> None:
    rows = raci({"Program Lead": "Sam"})
    activities = {r.activity for r in rows}
    assert {"Charter approval", "Team OKR quality gate", "Weekly updates", "Data integrity",
            "Mid-cycle KR change", "Resource reallocation", "Company OKR drafting"} == activities
    assert "| Company OKR drafting | Sam | Executive Sponsor |" in raci_markdown(rows)


def test_rhythm_calendar_round_trips_through_a_calendar_parser() -> None:
    rhythm = Rhythm(team="Payments", cycle_start=date(2027, 1, 6), checkin_weekday=1)
    calendar = icalendar.Calendar.from_ical(rhythm_calendar(rhythm))
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [
        "Payments: weekly OKR check-in", "Payments: monthly OKR review",
        "Payments: quarterly retrospective and scoring"]
    weekly = events[0]
    assert weekly["rrule"]["FREQ"] == ["WEEKLY"]
    assert weekly.decoded("dtstart").date() == date(2027, 1, 12)  # the first Tuesday on or after the start
    assert events[2].decoded("dtstart").date() == rhythm.cycle_end
    assert len({str(e["uid"]) for e in events}) == 3


def test_rhythm_refuses_an_impossible_cycle() -> None:
    with pytest.raises(ValidationError):
        Rhythm(team="X", cycle_start=date(2027, 1, 4), cycle_weeks=0)
