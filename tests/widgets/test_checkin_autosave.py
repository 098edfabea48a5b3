"""The check-in form keeps what is typed between saves: a restarted kernel brings it back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.cycle.checkin import Cycle
from kit.cycle.persistence import load_cycle, save_cycle
from kit.store import Store, open_store
from kit.widgets.checkin import CHECKIN_DRAFT_KIND, CheckInWidget, KrRow
from tests.manual_clock import ManualClock

DATA = Path(__file__).resolve().parents[2] / "notebooks" / "data"
INSIGHT = "Repeat buyers came back after the reminder email"


@pytest.fixture
def cycle() -> Cycle:
    return load_cycle(DATA / "sample_plan.yaml", DATA / "sample_actuals.csv", DATA / "sample_checkins.yaml")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path)
    yield opened
    opened.close()


def row(widget: CheckInWidget, kr_id: str) -> KrRow:
    return next(r for r in widget.rows if r.tracked.id == kr_id)


def test_typing_is_kept_and_comes_back_in_a_new_kernel(cycle: Cycle, store: Store) -> None:
    clock = ManualClock()
    widget = CheckInWidget(cycle, week=12)
    widget.autosave(store, "Priya", scheduler=clock, clock=clock)
    row(widget, "O1.KR1").insight.value = INSIGHT
    widget.answers["off_track"].value = "Mobile checkout"
    clock.advance(2)
    key = f"{cycle.plan.team or 'team'}/week-12"
    assert [(v.version, v.author) for v in store.history(cycle.plan.name, CHECKIN_DRAFT_KIND, key)] == [(1, "Priya")]
    assert "Saved version 1" in widget.autosave_status.value

    reopened = CheckInWidget(cycle, week=12)  # the cycle as last saved: the typing is not in it
    assert row(reopened, "O1.KR1").insight.value == ""
    reopened.autosave(store, "Priya", scheduler=clock, clock=clock)
    assert row(reopened, "O1.KR1").insight.value == INSIGHT
    assert reopened.answers["off_track"].value == "Mobile checkout"
    clock.advance(30)
    assert len(store.history(cycle.plan.name, CHECKIN_DRAFT_KIND, key)) == 1  # restoring is not an edit


def test_a_draft_older_than_the_saved_check_in_is_not_brought_back(cycle: Cycle, store: Store) -> None:
    clock = ManualClock()
    widget = CheckInWidget(cycle, week=12, on_save=lambda updated: save_cycle(store, updated, "Priya"))
    widget.autosave(store, "Priya", scheduler=clock, clock=clock)
    row(widget, "O1.KR1").insight.value = "first thought"
    clock.advance(2)
    row(widget, "O1.KR1").insight.value = INSIGHT
    assert widget.save()  # the explicit save records the week in the cycle
    reopened = CheckInWidget(cycle, week=12)
    reopened.autosave(store, "Priya", scheduler=clock, clock=clock)
    assert row(reopened, "O1.KR1").insight.value == INSIGHT


def test_a_check_in_that_cannot_be_kept_says_so_and_keeps_the_typing(cycle: Cycle, store: Store) -> None:
    clock = ManualClock()
    widget = CheckInWidget(cycle, week=12)
    widget.autosave(store, "Priya", scheduler=clock, clock=clock)
    widget.held_on.value = None  # an impossible check-in: no date
    row(widget, "O1.KR1").insight.value = INSIGHT
    clock.advance(2)
    assert "Not saved" in widget.autosave_status.value and "stays on this page" in widget.autosave_status.value
    assert row(widget, "O1.KR1").insight.value == INSIGHT
