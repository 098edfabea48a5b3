"""Autosave in the self-serve Voila app: a named team's draft survives a page reload (a new kernel)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kit.store import open_store
from tests.support.jupyter_browser import Server, open_lab_notebook

pytestmark = pytest.mark.browser

NOTEBOOK = "03_self_serve_review.ipynb"
TEAM = "Reload test team"
KR = "Raise weekly active buyers from 1200 to 1800 by Jun 30"


def name_team(page: Page, team: str) -> None:
    box = page.locator(".okr-save-team input")
    box.fill(team)
    box.press("Tab")  # the field sends its value when it loses focus


def test_a_saved_draft_comes_back_after_a_reload(
    page: Page, voila_server: Callable[[str], Server], workshop_dir: Path, screenshot: Callable[..., Path]
) -> None:
    app = voila_server(NOTEBOOK)
    page.goto(app.url())
    kr_box = page.locator(".okr-kr-text input").first
    kr_box.wait_for()
    name_team(page, TEAM)
    author = page.locator(".okr-save-author input")
    author.fill("Priya")
    author.press("Tab")
    kr_box.click()
    kr_box.press_sequentially(KR, delay=10)
    expect(page.locator(".okr-save-status")).to_contain_text("Saved version 1 at")
    screenshot("autosave_saved")

    page.reload()
    kr_box = page.locator(".okr-kr-text input").first
    kr_box.wait_for()
    expect(kr_box).to_have_value("")  # a fresh kernel: nothing shown until the team is named
    expect(page.locator(f".okr-save-team datalist option[value='{TEAM}']")).to_have_count(1)  # offered to pick
    name_team(page, TEAM)
    expect(kr_box).to_have_value(KR)
    expect(page.locator(".okr-save-status")).to_contain_text("Restored version 1, saved by Priya")
    screenshot("autosave_restored")

    with open_store(workshop_dir) as store:
        history = store.versions(workshop_dir.name, TEAM)
    assert [(v.version, v.author) for v in history] == [(1, "Priya")]


def test_autosave_in_lab_saves_after_a_pause_without_another_click(
    page: Page, lab_server: Callable[[], Server], workshop_dir: Path
) -> None:
    lab = lab_server()
    open_lab_notebook(page, lab, NOTEBOOK)
    kr_box = page.locator(".okr-kr-text input").first
    kr_box.wait_for()
    team = "Lab pause team"
    name_team(page, team)
    kr_box.click()
    kr_box.press_sequentially(KR, delay=10)
    kr_box.press("Tab")  # the last edit reaches the kernel; from here on the page sends nothing
    started = time.monotonic()
    expect(page.locator(".okr-save-status")).to_contain_text("Saved version 1 at", timeout=8_000)
    waited = time.monotonic() - started
    with open_store(workshop_dir) as store:
        assert [v.version for v in store.versions(workshop_dir.name, team)] == [1]
    print(f"autosave in Lab: saved {waited:.1f} s after the last edit, with no further event from the page")
