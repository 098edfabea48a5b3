"""The Community of Practice's rhythm as a facilitator and a sponsor meet it, each notebook as a Voila app."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kit.cop.async_clinic import ASYNC_CLINIC_KIND, AsyncClinic, async_clinic_keys
from kit.cop.clinic_persistence import CLINIC_WORKSHOP
from kit.store import open_store
from tests.support.jupyter_browser import HOSTILE, Server, add_commitment, fill

pytestmark = pytest.mark.browser


def test_a_cohort_is_designed_its_spread_checked_and_kept_in_the_store(
    page: Page, voila_server: Callable[[str], Server], workshop_dir: Path, screenshot: Callable[..., Path]
) -> None:
    page.goto(voila_server("14_cohort_design.ipynb").url())
    page.locator(".okr-cohort-design").wait_for()
    summary = page.locator(".okr-cohort-design-summary")
    page.locator(".okr-cohort-design-example").click()
    expect(summary).to_contain_text("complete: ready to print")
    fill(page, ".okr-cohort-design-members textarea", "Ana (new)\nBen (developing)")
    expect(page.locator("[data-rule='cohort-no-experienced']")).to_be_visible()
    expect(summary).to_contain_text("1 thing(s) to sharpen")
    screenshot("cohort_design", docs=True)
    fill(page, ".okr-cohort-design-members textarea", f"Ana (new)\nBen (developing) {HOSTILE}")
    page.locator(".okr-cohort-design-export").click()
    expect(page.locator(".okr-cohort-design-export-output a.okr-download")).to_have_count(2)
    assert page.locator(".okr-cohort-design img").count() == 0
    with open_store(workshop_dir) as store:
        saved = store.record(workshop_dir.name, "cohort_design", "cohort-design")
    assert saved is not None and saved.payload["members"] == ["Ana (new)", f"Ben (developing) {HOSTILE}"]


def test_roles_and_enablers_flag_the_gaps_and_are_kept_in_the_store(
    page: Page, voila_server: Callable[[str], Server], workshop_dir: Path, screenshot: Callable[..., Path]
) -> None:
    page.goto(voila_server("15_roles_and_enablers.ipynb").url())
    page.locator(".okr-roles").wait_for()
    summary = page.locator(".okr-roles-summary")
    expect(summary).to_contain_text("element(s) missing")
    page.locator(".okr-roles-example").click()
    expect(summary).to_contain_text("complete: ready to print")
    fill(page, ".okr-roles-champions textarea", "Raj, routing product\nSofia, customer care")
    expect(page.locator("[data-rule='roles-champions-without-time']")).to_be_visible()
    page.locator(".okr-roles-export").click()
    expect(page.locator(".okr-roles-export-output a.okr-download")).to_have_count(2)
    screenshot("roles_and_enablers")
    with open_store(workshop_dir) as store:
        saved = store.record(workshop_dir.name, "roles_enablers", "roles-and-enablers")
    assert saved is not None and saved.payload["champions"] == ["Raj, routing product", "Sofia, customer care"]


def saved_clinic(workshop_dir: Path) -> AsyncClinic:
    with open_store(workshop_dir) as store:
        return store.load_record(CLINIC_WORKSHOP, ASYNC_CLINIC_KIND, async_clinic_keys(store)[-1], model=AsyncClinic)


def test_a_written_clinic_takes_answers_hides_votes_and_closes_by_the_same_rule(
    page: Page, voila_server: Callable[[str], Server], workshop_dir: Path, dialogs: list[str],
    screenshot: Callable[..., Path],
) -> None:
    page.goto(voila_server("17_async_clinic.ipynb").url())
    page.locator(".okr-async-clinic").wait_for()
    expect(page.locator(".okr-async-window")).to_have_attribute("data-state", "open")
    fill(page, ".okr-intake-title input", "Night shift misses the weekly check-in")
    fill(page, ".okr-intake-owner input", "Ana")
    for name in ("Ana", "Ben", "Chloe"):
        fill(page, ".okr-clinic-participant-name input", name)
        page.locator(".okr-clinic-add-participant").click()
        expect(page.locator(".okr-clinic-participants")).to_contain_text(name)
    page.locator(".okr-async-answer-as select").select_option("Ben")
    fill(page, ".okr-async-diagnosis textarea", "The check-in clashes with the shift handover")
    fill(page, ".okr-async-suggestion input", "Move it to 6am on Tuesdays")
    page.locator(".okr-async-post").click()
    expect(page.locator(".okr-async-answers")).to_contain_text("shift handover")
    expect(page.locator(".okr-async-answers")).to_contain_text("No answer yet from Chloe")
    fill(page, ".okr-async-vote-question input", "Move the check-in to 6am")
    page.locator(".okr-async-start-vote").click()
    page.locator(".okr-async-voter select").select_option("Ben")
    page.locator(".okr-async-cast").click()
    expect(page.locator(".okr-async-vote-status")).to_contain_text("1 hidden vote(s) cast")
    page.locator(".okr-async-reveal").click()
    expect(page.locator(".okr-async-status")).to_contain_text("votes stay hidden until Ana, Chloe")
    page.locator(".okr-async-answer-as select").select_option("Chloe")
    fill(page, ".okr-async-diagnosis textarea", f"Nobody owns the rota {HOSTILE}")
    page.locator(".okr-async-post").click()
    expect(page.locator(".okr-async-answers")).to_contain_text(HOSTILE)
    assert page.locator(".okr-async-clinic img").count() == 0
    assert HOSTILE in saved_clinic(workshop_dir).answers[1].diagnosis  # stored as typed, escaped when shown
    fill(page, ".okr-async-diagnosis textarea", "Nobody owns the returns rota")  # her answer, replaced
    page.locator(".okr-async-post").click()
    expect(page.locator(".okr-async-answers")).not_to_contain_text(HOSTILE)
    add_commitment(page, "Ana", "Move the check-in to 6am", "Ana", "2027-03-12")
    add_commitment(page, "Ben", "Cover the handover on Tuesdays", "Ben", "2027-03-12")
    page.locator(".okr-async-close").click()
    expect(page.locator(".okr-async-status")).to_contain_text("no commitment yet from Chloe")
    add_commitment(page, "Chloe", "Share the returns rota", "Chloe", "2027-03-12")
    page.locator(".okr-async-close").click()
    expect(page.locator(".okr-async-status")).to_contain_text("every participant leaves with an action")
    page.locator(".okr-async-export-button").click()
    expect(page.locator(".okr-async-export a.okr-download")).to_have_count(1)
    screenshot("written_clinic", docs=True)
    fill(page, ".okr-async-diagnosis textarea", "One more thought")
    page.locator(".okr-async-post").click()
    expect(page.locator(".okr-async-status")).to_contain_text("this clinic is closed")
    saved = saved_clinic(workshop_dir)
    assert saved.closed and [a.participant for a in saved.answers] == ["Ben", "Chloe"]
    assert saved.answers[1].diagnosis == "Nobody owns the returns rota"
    assert dialogs == []


def test_the_live_clinic_switches_to_the_30_minute_format(
    page: Page, voila_server: Callable[[str], Server]
) -> None:
    page.goto(voila_server("04_peer_clinic.ipynb").url())
    page.locator(".okr-clinic").wait_for()
    page.locator(".okr-clinic-format button", has_text="30-minute clinic").click()
    expect(page.locator(".okr-clinic-phase")).to_contain_text("0-4 min")
    page.locator(".okr-clinic-next-phase").click()
    expect(page.locator(".okr-clinic-phase")).to_have_attribute("data-phase", "owner_explains")
    expect(page.locator(".okr-clinic-clock")).to_have_attribute("data-planned", re.compile(r"^2[0-9]\d$"))


def test_the_forums_turn_a_recurring_pattern_into_an_artefact_update_and_record_the_reset(
    page: Page, voila_server: Callable[[str], Server], workshop_dir: Path, dialogs: list[str],
    screenshot: Callable[..., Path],
) -> None:
    from datetime import date

    from kit.cop.clinic import Clinic, ProblemCategory
    from kit.cop.clinic_persistence import CLINIC_KIND, CLINIC_WORKSHOP
    from kit.cop.forums import RESET_KIND
    from kit.cop.intake import CaseIntake

    with open_store(workshop_dir) as store:
        for day, owner, problem in ((3, "Ana", "Operations hear of dependencies too late"),
                                    (10, "Ben", "The dependency on operations shows up in week six")):
            record = Clinic(held_on=date(2027, 2, day),
                            case=CaseIntake(title="Late dependency", owner=owner, process="Weekly check-in"))
            for name in ("Ana", "Ben", "Chloe"):
                record.add_participant(name, team="Ops")
            record.raise_problem(problem, "diagnosis", category=ProblemCategory.ESCALATION)
            store.save_record(CLINIC_WORKSHOP, CLINIC_KIND, f"2027-02-{day:02d}", record, "sam")
    page.goto(voila_server("16_cop_forums.ipynb").url())
    page.locator(".okr-forums").wait_for()
    expect(page.locator(".okr-forums-next")).to_be_visible()
    page.get_by_role("tab", name="Pattern review").click()
    expect(page.locator(".okr-forums-month select")).to_have_value("2027-02")
    expect(page.locator(".okr-forums-patterns")).to_contain_text("Weekly check-in")
    page.locator(".okr-forums-pattern-pick select").select_option("Weekly check-in")
    page.locator(".okr-forums-artefact-pick select").select_option("Cross-team dependency log")
    fill(page, ".okr-forums-change textarea", "Log a dependency the day it is found")
    page.locator(".okr-forums-convert").click()
    expect(page.locator(".okr-pattern-updates")).to_contain_text("Log a dependency the day it is found")
    screenshot("cop_pattern_review", docs=True)
    page.locator(".okr-forums-pattern-pick select").select_option("“operations” in problems raised")
    fill(page, ".okr-forums-change textarea", f"Name the operations contact {HOSTILE}")
    page.locator(".okr-forums-convert").click()
    expect(page.locator(".okr-pattern-updates")).to_contain_text(HOSTILE)
    assert page.locator(".okr-forums img").count() == 0
    page.get_by_role("tab", name="Artefacts and reset").click()
    expect(page.locator(".okr-register")).to_contain_text("no team shows it in use")
    fill(page, ".okr-forums-next-problem textarea", "Check-ins that end without a decision")
    page.locator(".okr-forums-record-reset").click()
    expect(page.locator(".okr-forums-reset-status")).to_contain_text("recorded")
    page.get_by_role("tab", name="Four measures").click()
    expect(page.locator(".okr-measures")).to_contain_text("Participation rate")
    with open_store(workshop_dir) as store:
        assert store.record(CLINIC_WORKSHOP, "pattern_review", "2027-02") is not None
        assert store.keys(CLINIC_WORKSHOP, RESET_KIND)
    assert dialogs == []


def test_an_open_space_runs_from_the_marketplace_to_the_drafting_brief(
    page: Page, voila_server: Callable[[str], Server], workshop_dir: Path, dialogs: list[str],
    screenshot: Callable[..., Path],
) -> None:
    from kit.definition.open_space import OPEN_SPACE_KIND

    page.goto(voila_server("18_open_space.ipynb").url())
    page.locator(".okr-open-space").wait_for()
    fill(page, ".okr-open-space-theme input", "Where should we focus next quarter?")
    fill(page, ".okr-open-space-slots input", "10:00, 11:00")
    fill(page, ".okr-open-space-rooms input", "Atrium, Room 2")
    page.locator(".okr-open-space-setup").click()
    expect(page.locator(".okr-open-space-wall")).to_contain_text("Atrium")
    for title, convener, room in (("Support queues at month end", "Ben", "Room 2"),
                                  ("Onboarding that sticks", "Ana", "Atrium")):
        fill(page, ".okr-open-space-topic input", title)
        fill(page, ".okr-open-space-convener input", convener)
        page.locator(".okr-open-space-post").click()
        expect(page.locator(".okr-open-space-pick select")).to_have_value(title)
        page.locator(".okr-open-space-slot select").select_option("10:00")
        page.locator(".okr-open-space-room select").select_option(room)
        page.locator(".okr-open-space-schedule").click()
        expect(page.locator(".okr-open-space-wall")).to_contain_text(title)
    fill(page, ".okr-open-space-walker input", "Dev")
    page.locator(".okr-open-space-join").click()
    expect(page.locator(".okr-open-space-session[data-people='1']")).to_contain_text("Onboarding that sticks")
    page.locator(".okr-open-space-pick select").select_option("Support queues at month end")
    page.locator(".okr-open-space-join").click()  # the law of two feet: Dev moves on
    expect(page.locator(".okr-open-space-session[data-people='1']")).to_contain_text("Support queues")
    screenshot("open_space", docs=True)
    fill(page, ".okr-open-space-note textarea", f"Month-end tickets double every time {HOSTILE}")
    fill(page, ".okr-open-space-idea input", "Customers get answers within a day, even at month end")
    page.locator(".okr-open-space-add-harvest").click()
    expect(page.locator(".okr-open-space-harvest")).to_contain_text("Month-end tickets double")
    page.locator(".okr-open-space-build-brief").click()
    expect(page.locator(".okr-open-space-brief")).to_contain_text("Objective ideas to start the Envision step")
    expect(page.locator(".okr-open-space-brief a.okr-download")).to_have_count(1)
    expect(page.locator(".okr-open-space-brief")).to_contain_text("&lt;img src=x")  # escaped for Markdown
    assert page.locator(".okr-open-space img").count() == 0
    with open_store(workshop_dir) as store:
        keys = store.keys(workshop_dir.name, OPEN_SPACE_KIND)
        saved = store.record(workshop_dir.name, OPEN_SPACE_KIND, keys[-1])
    assert saved is not None and len(saved.payload["topics"]) == 2
    assert [move["left"] for move in saved.payload["moves"]] == ["", "Onboarding that sticks"]
    assert dialogs == []
