"""The weekly check-in as a team runs it in the Voila app: a reading typed in the room rescores
the KR live, hostile text stays text, a decision is logged and the check-in is saved as a new
version in the workshop store."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kit.cycle.persistence import CYCLE_KIND, resume_cycle
from kit.cycle.plan import load_plan
from kit.model import KeyResult, Objective, OkrSet
from kit.paths import data_dir
from kit.store import open_store
from kit.widgets.checkin_page import SAMPLE_LABEL
from tests.support.jupyter_browser import HOSTILE, Server, fill, start_voila

pytestmark = pytest.mark.browser

NOTEBOOK = "06_weekly_checkin.ipynb"


def test_a_weekly_checkin_in_voila(
    page: Page,
    voila_server: Callable[[str], Server],
    workshop_dir: Path,
    dialogs: list[str],
    screenshot: Callable[..., Path],
) -> None:
    page.goto(voila_server(NOTEBOOK).url())
    page.locator(".okr-checkin").wait_for()
    # other tests may have saved teams' OKRs in this workshop: this one runs the sample quarter
    picker = page.locator(".okr-checkin-team select")
    if picker.input_value() != picker.locator(f"option:has-text('{SAMPLE_LABEL}')").get_attribute("value"):
        picker.select_option(label=SAMPLE_LABEL)
        expect(page.locator(".okr-checkin-notice")).to_contain_text("SMB Growth")
    expect(page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor")).to_have_count(0)  # no code shown
    expect(page.locator("img[src^='data:image/png']")).to_have_count(2)  # one dashboard page per objective

    repeat = page.locator(".okr-kr-O1-KR1")
    expect(repeat.locator(".okr-kr-score")).to_contain_text("Stretch")
    fill(page, ".okr-kr-O1-KR1 .okr-kr-actual input", "24")
    expect(repeat.locator(".okr-kr-score")).to_contain_text("0.60 · Amber")
    expect(repeat.locator(".okr-kr-score")).to_contain_text("on pace")  # both scores, the escalating one marked
    expect(repeat.locator(".okr-kr-score .okr-escalates")).to_have_count(1)
    expect(page.locator(".okr-pacing-note")).to_contain_text("Escalations read the paced")
    fill(page, ".okr-kr-O1-KR1 .okr-kr-insight input", HOSTILE)
    expect(repeat.locator(".okr-kr-update pre")).to_contain_text(HOSTILE)

    fill(page, ".okr-decision-text input", "Stop the newsletter redesign")
    fill(page, ".okr-decision-owner input", "Priya")
    page.locator(".okr-log-decision").click()
    expect(page.locator(".okr-decision-log")).to_contain_text("Stop the newsletter redesign")
    expect(page.locator(".okr-due-list")).to_contain_text("Stop the newsletter redesign")

    page.locator(".okr-checkin-save").click()
    expect(page.locator(".okr-checkin-message")).to_contain_text("check-in saved")
    screenshot("weekly-checkin")

    fill(page, ".okr-micro-objective input", "Learn whether a welcome call brings first-time buyers back")
    fill(page, ".okr-micro-kr1 input", "Hold 40 welcome calls")
    expect(page.locator(".okr-micro-findings [data-rule='kr-task-list']")).to_be_visible()  # reviewed as typed
    fill(page, ".okr-micro-kr1 input", "Repeat rate among called buyers from 18% to 26% by 9 April")
    page.locator(".okr-micro-add").click()
    expect(page.locator(".okr-micro-message")).to_contain_text("added under")
    expect(page.locator(".okr-micro")).to_have_count(1)
    assert dialogs == []

    with open_store(workshop_dir) as store:
        saved = resume_cycle(store, load_plan(workshop_dir / "data" / "sample_plan.yaml"))
    assert saved is not None
    week12 = saved.checkin(12)
    assert week12 is not None and week12.decisions[0].owner == "Priya"
    update = week12.update_for("O1.KR1")
    assert update is not None and update.insight == HOSTILE
    assert any(a.kr_id == "O1.KR1" and a.value == 24 and a.source == "check-in" for a in saved.actuals)
    assert [m.objective for m in saved.micro_okrs] == ["Learn whether a welcome call brings first-time buyers back"]


def _ferry_set(target: int) -> OkrSet:
    return OkrSet(cycle="2027-Q2", objectives=[Objective(text="Ferry passengers trust the timetable", key_results=[
        KeyResult(text=f"On-time departures from 80% to {target}%", baseline=80, target=target, unit="%"),
        KeyResult(text="Complaints about delays from 40 to 10 a month", baseline=40, target=10),
    ])])


def test_a_team_checks_in_on_its_own_okrs_and_the_page_redraws_on_save(
    page: Page, jupyter_env: dict[str, str], tmp_path: Path, dialogs: list[str], screenshot: Callable[..., Path],
) -> None:
    """The OKRs two teams saved are their plans; a save redraws the update to post with no cell re-run,
    and switching team shows the other team's cycle, untouched."""
    folder = tmp_path / "workshop"
    shutil.copytree(data_dir("notebooks"), folder)
    with open_store(folder) as store:
        store.save_set("Spring", "Harbour", _ferry_set(95), author="coach")
        store.save_set("Spring", "Ferries", _ferry_set(90), author="coach")
    server = start_voila(folder, NOTEBOOK, jupyter_env)
    try:
        page.goto(server.url())
        notice = page.locator(".okr-checkin-notice")
        expect(notice).to_contain_text("Ferries")
        expect(page.locator(".okr-checkin-update")).to_contain_text("No check-in saved yet")
        expect(page.locator(".okr-kr-O1-KR2")).to_be_visible()
        fill(page, ".okr-kr-O1-KR1 .okr-kr-actual input", "85")
        fill(page, ".okr-kr-O1-KR1 .okr-kr-insight input", "Two late sailings in the storm week")
        page.locator(".okr-checkin-save").click()
        expect(page.locator(".okr-checkin-message")).to_contain_text("check-in saved")
        expect(page.locator(".okr-checkin-update")).to_contain_text("Two late sailings in the storm week")
        expect(page.locator(".okr-checkin-snapshot")).to_contain_text("85")
        page.locator(".okr-checkin-update").scroll_into_view_if_needed()
        screenshot("weekly_checkin_team_saved", docs=True)

        page.locator(".okr-checkin-team select").select_option(label="Harbour (Spring)")
        expect(notice).to_contain_text("Harbour")
        expect(page.locator(".okr-checkin-update")).to_contain_text("No check-in saved yet")
        expect(page.locator(".okr-kr-O1-KR1 .okr-kr-actual input")).to_have_value("")
        assert dialogs == []
    finally:
        server.stop()
    with open_store(folder) as store:
        ferries = store.load_record("Spring", CYCLE_KIND, "Ferries")
        harbour = store.load_record("Spring", CYCLE_KIND, "Harbour")
    assert len(ferries["checkins"]) == 1 and harbour["checkins"] == []
    assert any(a["value"] == 85 for a in ferries["actuals"]) and harbour["actuals"] == []
