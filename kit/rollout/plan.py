"""Rollout plans, the RACI snapshot and the meeting rhythm as a calendar file.

Plans start from the playbooks (content/rollout.yaml) and are edited as tables with the
sponsor; the rhythm exports to .ics so the cadence lands in everyone's calendar, which is
where most rollouts actually break.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Literal
from uuid import NAMESPACE_URL, uuid5

from icalendar import Calendar, Event, vRecur
from pydantic import Field

from kit.content import load_content
from kit.cycle.plan import CYCLE_WEEKS
from kit.model import StrictModel

PlanName = Literal["starter_30_day", "pilot", "cop_90_day"]


class PlanItem(StrictModel):
    phase: str
    action: str
    owner: str
    day: int = Field(ge=0, description="Days after the plan's start when it is due.")


class Plan(StrictModel):
    title: str
    items: list[PlanItem]


class RaciRow(StrictModel):
    activity: str
    R: str
    A: str
    C: str
    I: str  # noqa: E741 - the letter is the RACI role


class RolloutData(StrictModel):
    version: int
    plans: dict[PlanName, Plan]
    raci: list[RaciRow]


@cache
def load_rollout(path: Path | None = None) -> RolloutData:
    return load_content("rollout", RolloutData, path)


def plan(name: PlanName, *, owners: dict[str, str] | None = None) -> Plan:
    """A fresh, editable copy of a plan with roles replaced by named people where given."""
    owners = owners or {}
    template = load_rollout().plans[name]
    return Plan(title=template.title,
                items=[item.model_copy(update={"owner": owners.get(item.owner, item.owner)})
                       for item in template.items])


def raci(owners: dict[str, str] | None = None) -> list[RaciRow]:
    owners = owners or {}
    return [RaciRow(**{k: owners.get(v, v) if k != "activity" else v for k, v in row.model_dump().items()})
            for row in load_rollout().raci]


def _cell(text: str) -> str:
    """Table cells are user text: keep a pipe or newline from breaking the Markdown table."""
    return text.replace("|", "\\|").replace("\n", " ")


def plan_markdown(p: Plan, *, start: date | None = None) -> str:
    due = "Due" if start else "Day"
    lines = [f"## {_cell(p.title)}", "", f"| Phase | Action | Owner | {due} |", "|---|---|---|---|"]
    for item in p.items:
        when = (start + timedelta(days=item.day)).isoformat() if start else str(item.day)
        lines.append(f"| {_cell(item.phase)} | {_cell(item.action)} | {_cell(item.owner)} | {when} |")
    return "\n".join(lines) + "\n"


def raci_markdown(rows: list[RaciRow]) -> str:
    lines = ["## RACI snapshot", "", "| Activity | R | A | C | I |", "|---|---|---|---|---|"]
    lines += [f"| {_cell(r.activity)} | {_cell(r.R)} | {_cell(r.A)} | {_cell(r.C)} | {_cell(r.I)} |" for r in rows]
    return "\n".join(lines) + "\n"


class Rhythm(StrictModel):
    """The operating rhythm of one cycle: what meets when."""

    team: str
    cycle_start: date
    cycle_weeks: int = Field(default=CYCLE_WEEKS, ge=1, le=53)
    checkin_weekday: int = Field(default=0, ge=0, le=6, description="0 = Monday")
    checkin_time: time = time(9, 30)
    checkin_minutes: int = Field(default=30, gt=0)
    review_minutes: int = Field(default=60, gt=0)
    retro_minutes: int = Field(default=90, gt=0)

    @property
    def cycle_end(self) -> date:
        return self.cycle_start + timedelta(weeks=self.cycle_weeks) - timedelta(days=1)


def _event(rhythm: Rhythm, kind: str, summary: str, start: datetime, minutes: int, description: str) -> Event:
    event = Event()
    event.add("uid", str(uuid5(NAMESPACE_URL, f"okr-kit/{rhythm.team}/{rhythm.cycle_start}/{kind}")))
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=minutes))
    event.add("dtstamp", datetime.combine(rhythm.cycle_start, time(0, 0)))
    event.add("description", description)
    return event


def rhythm_calendar(rhythm: Rhythm) -> bytes:
    """An .ics file: weekly check-ins, monthly reviews and the quarterly retrospective."""
    cal = Calendar()
    cal.add("prodid", "-//okr-workshop-kit//rhythm//EN")
    cal.add("version", "2.0")
    offset = (rhythm.checkin_weekday - rhythm.cycle_start.weekday()) % 7
    first_checkin = datetime.combine(rhythm.cycle_start + timedelta(days=offset), rhythm.checkin_time)
    until = datetime.combine(rhythm.cycle_end, time(23, 59))
    weekly = _event(rhythm, "weekly", f"{rhythm.team}: weekly OKR check-in", first_checkin, rhythm.checkin_minutes,
                    "What changed on the KRs? What is off track? What needs a decision now? "
                    "What should stop or shift this week? End with actions, owners and dates.")
    weekly.add("rrule", vRecur(freq="WEEKLY", until=until))
    cal.add_component(weekly)
    first_review = datetime.combine(rhythm.cycle_start + timedelta(weeks=4), time(14, 0))
    monthly = _event(rhythm, "monthly", f"{rhythm.team}: monthly OKR review", first_review, rhythm.review_minutes,
                     "Still backing the right outcomes? Stop, reset, reallocate, resolve dependencies. "
                     "No decision means the meeting was ceremonial.")
    monthly.add("rrule", vRecur(freq="MONTHLY", until=until))
    cal.add_component(monthly)
    retro_day = datetime.combine(rhythm.cycle_end, time(14, 0))
    cal.add_component(_event(rhythm, "retro", f"{rhythm.team}: quarterly retrospective and scoring", retro_day,
                             rhythm.retro_minutes,
                             "Score KRs with evidence, one learning per KR, what we change next cycle."))
    return cal.to_ical()
