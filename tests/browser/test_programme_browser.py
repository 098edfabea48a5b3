"""The programme level as a programme lead meets it: each notebook's main flow as a Voila app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from tests.support.jupyter_browser import Server

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)>"


def fill(page: Page, css: str, text: str) -> None:
    box = page.locator(css)
    box.fill(text)
    box.press("Tab")  # blur, so widgets that sync on change have synced


def test_the_programme_charter_is_built_checked_saved_and_exported(
    page: Page, voila_server: Callable[[str], Server], workshop_dir: Path, screenshot: Callable[..., Path]
) -> None:
    page.goto(voila_server("10_programme_charter.ipynb").url())
    page.locator(".okr-programme").wait_for()
    summary = page.locator(".okr-programme-summary")
    page.locator(".okr-programme-example").click()
    expect(summary).to_contain_text("complete: ready to print")
    fill(page, ".okr-programme-non_goals textarea", f"Not a task tracker {HOSTILE}")
    expect(page.locator("[data-rule='programme-scores-not-separated']")).to_be_visible()
    expect(summary).to_contain_text("1 thing(s) to sharpen")
    page.locator(".okr-programme-export").click()
    expect(page.locator(".okr-programme-export-output a.okr-download")).to_have_count(2)
    saved = yaml.safe_load((workshop_dir / "okr-programme-charter.yaml").read_text(encoding="utf-8"))
    assert saved["non_goals"] == [f"Not a task tracker {HOSTILE}"] and saved["sponsor"] == "Grace Mensah, COO"
    screenshot("programme_charter", docs=True)
