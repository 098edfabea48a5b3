"""The check-in widget: live scores, the update preview, decisions, blockers, escaping and saving."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kit.cycle.checkin import Blocker, Cycle
from kit.cycle.persistence import load_cycle, load_cycle_file, save_cycle_file
from kit.widgets.checkin import CheckInWidget, KrRow

DATA = Path(__file__).resolve().parents[2] / "notebooks" / "data"


@pytest.fixture
def cycle() -> Cycle:
    return load_cycle(DATA / "sample_plan.yaml", DATA / "sample_actuals.csv", DATA / "sample_checkins.yaml")


def row(widget: CheckInWidget, kr_id: str) -> KrRow:
    return next(r for r in widget.rows if r.tracked.id == kr_id)


def test_week_twelve_starts_from_the_imported_actuals(cycle: Cycle) -> None:
    widget = CheckInWidget(cycle, week=12)
    repeat = row(widget, "O1.KR1")
    assert repeat.actual.value == "27.6"
    assert "data-band='stretch'" in repeat.score.value
    assert "Baseline 18% · latest 27.6% (as of 26 Mar) · target 28%" in repeat.preview.value


def test_typing_an_actual_rescores_live_without_touching_the_cycle(cycle: Cycle) -> None:
    widget = CheckInWidget(cycle, week=12)
    repeat = row(widget, "O1.KR1")
    repeat.actual.value = "24"
    assert "data-band='amber'" in repeat.score.value
    assert "0.60 · Amber" in repeat.score.value
    assert cycle.snapshot("O1.KR1", 12).latest == 27.6  # nothing recorded until saved
    repeat.actual.value = "lots"
    assert "not a number" in widget.message.value
    repeat.actual.value = "24"
    assert widget.message.value == ""


def test_existing_week_is_loaded_for_editing(cycle: Cycle) -> None:
    widget = CheckInWidget(cycle, week=6)
    assert row(widget, "O1.KR2").confidence.value == 2
    assert widget.answers["decision_now"].value == "Whether to fund the mobile setup fix"
    assert len(widget.decisions) == 1


def test_update_text_is_escaped(cycle: Cycle) -> None:
    widget = CheckInWidget(cycle, week=12)
    repeat = row(widget, "O1.KR1")
    repeat.insight.value = "<script>alert(1)</script> & more"
    assert "<script>" not in repeat.preview.value
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in repeat.preview.value
    widget.decision_text.value = "<b>ship</b>"
    widget.decision_owner.value = "<i>Ana</i>"
    widget.log_decision()
    assert "<b>ship</b>" not in widget.decision_log.value and "&lt;b&gt;ship&lt;/b&gt;" in widget.decision_log.value
    assert "&lt;i&gt;Ana&lt;/i&gt;" in widget.due.value


def test_decision_needs_an_owner(cycle: Cycle) -> None:
    widget = CheckInWidget(cycle, week=12)
    widget.decision_text.value = "Stop the newsletter"
    assert widget.log_decision() is None
    assert "owner" in widget.message.value
    widget.decision_owner.value = "Priya"
    decision = widget.log_decision()
    assert decision is not None and decision.owner == "Priya"
    assert "Stop the newsletter" in widget.due.value
    assert decision.kr_id is None
    widget.decision_kr.value = "O1.KR2"
    widget.decision_text.value = "Add an invite step"
    widget.decision_owner.value = "Activation PM"
    tied = widget.log_decision()
    assert tied is not None and tied.kr_id == "O1.KR2"


def test_overdue_actions_are_marked(cycle: Cycle) -> None:
    widget = CheckInWidget(cycle, week=12)  # the 12 Mar decision was due 22 Mar
    overdue_row = next(r for r in widget.due.value.split("<tr")[1:] if "self-serve checklist" in r)
    assert "overdue" in overdue_row


def test_cross_team_blocker_shows_in_due_actions(cycle: Cycle) -> None:
    widget = CheckInWidget(cycle, week=12)
    widget.blocker_text.value = "Legal review of the new terms"
    widget.blocker_teams.value = "Growth, Legal"
    widget.blocker_opened.value = date(2027, 3, 1)
    assert widget.raise_blocker() is not None
    assert "Legal review of the new terms" in widget.due.value
    assert "okr-due-monthly-review" in widget.due.value or "okr-due-sponsor-huddle" in widget.due.value


def test_saving_records_the_checkin_and_typed_actuals(cycle: Cycle, tmp_path: Path) -> None:
    saved: list[Path] = []
    widget = CheckInWidget(cycle, week=12, on_save=lambda c: saved.append(save_cycle_file(c, tmp_path / "cycle.json")))
    kr = row(widget, "O2.KR2")
    kr.actual.value = "340"
    kr.insight.value = "First logins are now cached"
    kr.next_action.value = "Write up the caching pattern"
    kr.confidence.value = 5
    widget.answers["what_changed"].value = "Latency crossed 350 ms"
    assert widget.save()
    assert "saved" in widget.message.value
    record = cycle.checkin(12)
    assert record is not None and record.what_changed == "Latency crossed 350 ms"
    update = record.update_for("O2.KR2")
    assert update is not None and update.confidence == 5
    assert cycle.snapshot("O2.KR2", 12).latest == 340
    assert [a.source for a in cycle.actuals if a.kr_id == "O2.KR2" and a.value == 340] == ["check-in"]
    assert load_cycle_file(saved[0]).checkin(12) == record


def test_failed_save_leaves_the_cycle_unchanged(cycle: Cycle) -> None:
    def broken(_cycle: Cycle) -> None:
        raise OSError("disk full")

    widget = CheckInWidget(cycle, week=12, on_save=broken)
    row(widget, "O1.KR1").actual.value = "28"
    assert not widget.save()
    assert "disk full" in widget.message.value
    assert cycle.checkin(12) is None
    assert cycle.snapshot("O1.KR1", 12).latest == 27.6


def test_open_decisions_can_be_marked_done(cycle: Cycle) -> None:
    widget = CheckInWidget(cycle, week=12)
    rows = [r for r in widget.follow_ups.children if "self-serve checklist" in r.children[1].value]
    assert len(rows) == 1
    rows[0].children[0].click()
    assert "self-serve checklist" not in widget.due.value
    assert "self-serve checklist" in widget.decision_log.value and "· done" in widget.decision_log.value
    assert widget.save()
    closed = next(d for d in cycle.decisions() if "self-serve checklist" in d.decision)
    assert closed.done_on == widget.held_on.value


def test_open_blockers_carry_into_the_new_week_and_can_be_resolved(cycle: Cycle) -> None:
    week11 = cycle.checkin(11)
    assert week11 is not None
    week11.blockers = [Blocker(text="Legal has not signed off", opened=date(2027, 3, 10), teams=["Growth", "Legal"])]
    widget = CheckInWidget(cycle, week=12)
    assert [b.text for b in widget.blockers] == ["Legal has not signed off"]
    assert "Legal has not signed off" in widget.due.value  # open 16 days, cross-team
    resolve = next(r for r in widget.follow_ups.children if "Legal" in r.children[1].value).children[0]
    resolve.click()
    assert "Legal has not signed off" not in widget.due.value
    assert week11.blockers[0].resolved is None  # the saved record changes only on save
    assert widget.save()
    saved = cycle.checkin(12)
    assert saved is not None and saved.blockers[0].resolved == widget.held_on.value


def test_an_unreadable_actual_is_refused_beside_its_field_and_never_scored_as_the_old_value(cycle: Cycle) -> None:
    widget = CheckInWidget(cycle, week=12)
    repeat = row(widget, "O1.KR1")
    repeat.actual.value = "about 60"
    assert "okr-actual-problem" in repeat.score.value and "“about 60” is not a number" in repeat.score.value
    assert "data-band" not in repeat.score.value  # the earlier score is not left showing
    assert not widget.save()
    assert cycle.snapshot("O1.KR1", 12).latest == 27.6
