"""What falls due after a check-in: the escalation rules the whole cycle signed up to.

Kept apart from the record so the rules (who acts, by when) read as one list.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from kit.cycle.checkin import Cycle, KrSnapshot
from kit.cycle.scoring import Band
from kit.model import FrozenModel

RED_STREAK_FOR_HUDDLE = 2
SPONSOR_HUDDLE = timedelta(hours=72)
HUDDLE = timedelta(hours=48)
DATA_ACKNOWLEDGE = timedelta(hours=24)
DATA_FIX_BUSINESS_DAYS = 5


class DueAction(FrozenModel):
    due: date
    kind: Literal["red", "amber", "huddle", "monthly-review", "sponsor-huddle", "decision", "data", "data-fix"]
    what: str
    who: str
    why: str
    kr_id: str | None = None


def due_actions(cycle: Cycle, week: int | None = None) -> list[DueAction]:
    """What falls due after a week's check-in, soonest first.

    Red and Amber KRs carry their band's action and deadline; a KR Red two weeks running
    calls the 48-hour huddle; a cross-team blocker goes to the first monthly review after it has been
    open a week (or an ad hoc sponsor huddle within 72 hours of that day when no review is left),
    listed from the day it is raised;
    open decisions stay on the list until done; a KR with no reading this week is a data issue.
    """
    week = week or cycle.current_week
    checkin = cycle.checkin(week)
    held_on = checkin.held_on if checkin else cycle.plan.week_end(week)
    actions: list[DueAction] = []
    for tracked in cycle.plan.tracked():
        snap = cycle.snapshot(tracked.id, week)
        band = snap.escalation_band
        if band in (Band.RED, Band.AMBER):
            actions.append(DueAction(
                due=held_on + timedelta(days=_deadline_days(band)),
                kind="red" if band is Band.RED else "amber",
                what=band.action, who=tracked.key_result.owner or "KR owner",
                why=f"{tracked.id} scores {_score_text(cycle, snap)} ({band.label})",
                kr_id=tracked.id,
            ))
        streak = cycle.weekly_bands(tracked.id, week, escalation=True)[-RED_STREAK_FOR_HUDDLE:]
        if len(streak) == RED_STREAK_FOR_HUDDLE and all(b is Band.RED for b in streak):
            actions.append(DueAction(
                due=held_on + timedelta(days=HUDDLE.days),
                kind="huddle",
                what="48-hour problem-solving huddle: the Objective Owner decides a bet change or a help request",
                who="Champion convenes",
                why=f"{tracked.id} has been Red for {RED_STREAK_FOR_HUDDLE} consecutive weeks ({_reading(snap)})",
                kr_id=tracked.id,
            ))
        actions += _data_issue(cycle, tracked.id, week, held_on)
    for blocker in cycle.blockers():
        if not (blocker.cross_team and blocker.open_on(held_on)):
            continue
        escalates = blocker.escalates_on
        days_open = (held_on - blocker.opened).days
        when = (f"open {days_open} days" if held_on >= escalates
                else f"escalates on {escalates:%a %d %b} if still open")
        why = f"cross-team blocker {when} ({', '.join(blocker.teams)}): {blocker.text}"
        review = cycle.plan.next_review(escalates)
        if review is not None:
            actions.append(DueAction(due=review, kind="monthly-review", kr_id=blocker.kr_id, why=why,
                                     what="Put it on the monthly cross-functional review agenda",
                                     who=blocker.owner or "Objective Owner"))
        else:
            actions.append(DueAction(due=escalates + timedelta(days=SPONSOR_HUDDLE.days), kind="sponsor-huddle",
                                     kr_id=blocker.kr_id, why=why,
                                     what="Call an ad hoc sponsor huddle within 72 hours",
                                     who="Executive Sponsor"))
    for decision in cycle.decisions():
        if decision.open_on(held_on):
            actions.append(DueAction(due=decision.due, kind="decision", what=decision.decision,
                                     who=decision.owner, why=f"decided {decision.made_on:%d %b}",
                                     kr_id=decision.kr_id))
    return sorted(actions, key=due_order)


def _data_issue(cycle: Cycle, kr_id: str, week: int, held_on: date) -> list[DueAction]:
    """A KR without a reading is a data issue from the first check-in that missed it: acknowledged within
    24 hours of that day, worked around or fixed within 5 business days, the Program Lead informed."""
    read_weeks = {cycle.plan.week_of(a.day) for a in cycle.actuals if a.kr_id == kr_id}
    if week in read_weeks:
        return []
    first = week
    while first > 1 and first - 1 not in read_weeks:
        first -= 1
    checkin = cycle.checkin(first)
    noticed = held_on if first == week else (checkin.held_on if checkin else cycle.plan.week_end(first))
    since = "this week" if first == week else f"weeks {first} to {week}"
    who, why = "Data Steward (Program Lead informed)", f"{kr_id} has no reading for {since}"
    actions = []
    if first == week:
        actions.append(DueAction(due=noticed + DATA_ACKNOWLEDGE, kind="data", kr_id=kr_id, who=who, why=why,
                                 what="Acknowledge the data issue within 24 hours"))
    actions.append(DueAction(due=business_days_after(noticed, DATA_FIX_BUSINESS_DAYS), kind="data-fix", kr_id=kr_id,
                             who=who, why=why,
                             what=f"Workaround or fix the data within {DATA_FIX_BUSINESS_DAYS} business days"))
    return actions


def business_days_after(day: date, count: int) -> date:
    """`count` working days (Monday to Friday) after `day`."""
    while count:
        day += timedelta(days=1)
        count -= day.weekday() < 5
    return day


def due_order(action: DueAction) -> tuple[date, str, str]:
    """Soonest first, then by kind and KR, so the list reads the same every time."""
    return action.due, action.kind, action.kr_id or ""


def _score_text(cycle: Cycle, snap: KrSnapshot) -> str:
    """The score the band came from: paced scores say so, with the end-of-cycle score beside them."""
    scale = cycle.plan.scale
    if snap.escalates_on_pace and snap.paced_score is not None and snap.score is not None:
        return f"{scale.show(snap.paced_score)} on pace ({scale.show(snap.score)} of the final target so far)"
    return scale.show(snap.score) if snap.score is not None else "—"


def _reading(snap: KrSnapshot) -> str:
    return "on pace" if snap.escalates_on_pace else "against the final target"


def _deadline_days(band: Band) -> int:
    assert band.deadline is not None
    return max(1, round(band.deadline.total_seconds() / 86400))
