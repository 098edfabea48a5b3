"""The weekly check-in as a team runs it in the Voila app: a reading typed in the room rescores
the KR live, hostile text stays text, a decision is logged and the check-in is saved as a new
version in the workshop store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kit.cycle.persistence import resume_cycle
from kit.cycle.plan import load_plan
from kit.store import open_store
from tests.support.jupyter_browser import Server

pytestmark = pytest.mark.browser

NOTEBOOK = "06_weekly_checkin.ipynb"
HOSTILE = "<img src=x onerror=alert(1)>"


def fill(page: Page, css: str, text: str) -> None:
    box = page.locator(css)
    box.fill(text)
    box.press("Tab")  # blur, so the widget has synced


def test_a_weekly_checkin_in_voila(
    page: Page,
    voila_server: Callable[[str], Server],
    workshop_dir: Path,
    dialogs: list[str],
    screenshot: Callable[..., Path],
) -> None:
    page.goto(voila_server(NOTEBOOK).url())
    page.locator(".okr-checkin").wait_for()
    expect(page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor")).to_have_count(0)  # no code shown
    expect(page.locator("img[src^='data:image/png']")).to_have_count(2)  # one dashboard page per objective

    repeat = page.locator(".okr-kr-O1-KR1")
    expect(repeat.locator(".okr-kr-score")).to_contain_text("Stretch")
    fill(page, ".okr-kr-O1-KR1 .okr-kr-actual input", "24")
    expect(repeat.locator(".okr-kr-score")).to_contain_text("0.60 · Amber")
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
    assert dialogs == []

    with open_store(workshop_dir) as store:
        saved = resume_cycle(store, load_plan(workshop_dir / "data" / "sample_plan.yaml"))
    assert saved is not None
    week12 = saved.checkin(12)
    assert week12 is not None and week12.decisions[0].owner == "Priya"
    update = week12.update_for("O1.KR1")
    assert update is not None and update.insight == HOSTILE
    assert any(a.kr_id == "O1.KR1" and a.value == 24 and a.source == "check-in" for a in saved.actuals)
