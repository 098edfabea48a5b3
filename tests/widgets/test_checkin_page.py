"""Notebook 06's page: teams with saved OKRs are listed, each works on its own cycle, and a save redraws
everything that shows the cycle."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kit.cycle.persistence import CYCLE_KIND
from kit.cycle.team_cycle import TeamDraft
from kit.model import KeyResult, Objective, OkrSet
from kit.store import open_store
from kit.widgets.checkin_page import SAMPLE_LABEL, CheckInPage

TODAY = date(2027, 4, 14)


def ferry_set(target: float) -> OkrSet:
    return OkrSet(cycle="2027-Q2", objectives=[Objective(text="Ferry passengers trust the timetable", key_results=[
        KeyResult(text=f"On-time departures from 80% to {target:g}%", baseline=80, target=target, unit="%"),
    ])])


def two_teams(folder: Path) -> None:
    with open_store(folder) as store:
        store.save_set("Spring", "Harbour", ferry_set(95), author="coach")
        store.save_set("Spring", "Ferries", ferry_set(90), author="coach")


def test_the_teams_with_saved_okrs_come_first_and_the_sample_last(tmp_path: Path) -> None:
    two_teams(tmp_path)
    page = CheckInPage(tmp_path, today=TODAY)
    labels = [label for label, _value in page.picker.options]
    assert labels == ["Ferries (Spring)", "Harbour (Spring)", SAMPLE_LABEL]
    assert page.cycle is not None and page.cycle.plan.team == "Ferries"
    assert "Ferries" in page.notice.value and "week 2 of 12" in page.notice.value


def test_without_saved_okrs_the_sample_quarter_opens(tmp_path: Path) -> None:
    page = CheckInPage(tmp_path, today=TODAY)
    assert page.picker.value is None
    assert page.cycle is not None and page.cycle.plan.team == "SMB Growth"


def test_saving_redraws_the_update_and_switching_team_never_mixes_their_check_ins(tmp_path: Path) -> None:
    two_teams(tmp_path)
    page = CheckInPage(tmp_path, today=TODAY)
    assert "No check-in saved yet" in page.shown["update"].data
    assert page.form is not None
    page.form.rows[0].actual.value = "88"
    page.form.answers[next(iter(page.form.answers))].value = "Two late sailings in the storm week"
    assert page.form.save()
    assert "Two late sailings" in page.shown["update"].data  # redrawn on save, no cell re-run
    assert "88" in page.shown["snapshot"].data

    page.picker.value = TeamDraft("Spring", "Harbour")
    assert page.cycle is not None and page.cycle.plan.team == "Harbour"
    assert "No check-in saved yet" in page.shown["update"].data
    with open_store(tmp_path) as store:
        ferries = store.load_record("Spring", CYCLE_KIND, "Ferries")
        harbour = store.load_record("Spring", CYCLE_KIND, "Harbour")
    assert len(ferries["checkins"]) == 1 and harbour["checkins"] == []


def test_each_section_holds_what_it_shows_set_from_the_kernel(tmp_path: Path) -> None:
    """Sections are filled without capturing display calls, so they are full before any page is connected."""
    two_teams(tmp_path)
    page = CheckInPage(tmp_path, today=TODAY)
    form = page.section("form").outputs
    assert page.form is not None and len(form) == 1
    assert form[0]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] == page.form.model_id
    assert len(page.section("dashboard").outputs) == 1  # one page for the one objective
    assert "No check-in saved yet" in page.section("update").outputs[0]["data"]["text/html"]
    assert all(output.msg_id == "" for output in page.outputs.values())


def test_each_team_draws_its_dashboard_in_its_own_folder(tmp_path: Path) -> None:
    two_teams(tmp_path)
    page = CheckInPage(tmp_path, today=TODAY)
    ferries = page.dashboard_files
    page.picker.value = TeamDraft("Spring", "Harbour")
    assert [p.parent.name for p in ferries] == ["Ferries"]
    assert [p.parent.name for p in page.dashboard_files] == ["Harbour"]
    assert all(p.exists() for p in ferries + page.dashboard_files)


def test_a_team_whose_draft_cannot_start_a_cycle_is_told_why(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.save_set("Spring", "Harbour", OkrSet(objectives=[Objective(text="Only an idea so far")]), author="c")
    page = CheckInPage(tmp_path, today=TODAY)
    assert page.cycle is None and page.form is None
    assert "no objective with a key result" in page.notice.value
    assert "02 or 03" in page.notice.value
    assert all(output.outputs == () for output in page.outputs.values())


def test_the_monthly_reviews_decisions_for_the_team_are_due_at_its_check_in(tmp_path: Path) -> None:
    from kit.programme.monthly_review import MonthlyReview, ReviewDecision, save_review

    two_teams(tmp_path)
    with open_store(tmp_path) as store:
        save_review(store, MonthlyReview(workshop="Spring", held_on=date(2027, 4, 2), decisions=[
            ReviewDecision(kind="reallocation", text="A second deckhand for the early sailing", owner="Ines",
                           due=date(2027, 4, 16), teams=["Ferries"]),
            ReviewDecision(text="Harbour pauses the café refit", owner="Tom", due=date(2027, 4, 16), teams=["Harbour"]),
        ]), author="lead")
    page = CheckInPage(tmp_path, today=TODAY)
    due = page.shown["due"].data
    assert "Resource shift: A second deckhand for the early sailing" in due and "monthly review 02 Apr" in due
    assert "café refit" not in due  # another team's decision
