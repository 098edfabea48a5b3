"""The Community of Practice's rhythm as a facilitator and a sponsor meet it, each notebook as a Voila app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kit.store import open_store
from tests.support.jupyter_browser import Server

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)>"


def fill(page: Page, css: str, text: str) -> None:
    box = page.locator(css)
    box.fill(text)
    box.press("Tab")  # blur, so widgets that sync on change have synced


def test_a_cohort_is_designed_its_spread_checked_and_kept_in_the_store(
    page: Page, voila_server: Callable[[str], Server], workshop_dir: Path, screenshot: Callable[..., Path]
) -> None:
    page.goto(voila_server("14_cohort_design.ipynb").url())
    page.locator(".okr-cohort-design").wait_for()
    summary = page.locator(".okr-cohort-design-summary")
    page.locator(".okr-cohort-design-example").click()
    expect(summary).to_contain_text("complete: ready to print")
    fill(page, ".okr-cohort-design-members textarea", f"Ana (new)\nBen (developing) {HOSTILE}")
    expect(page.locator("[data-rule='cohort-no-experienced']")).to_be_visible()
    expect(summary).to_contain_text("1 thing(s) to sharpen")
    page.locator(".okr-cohort-design-export").click()
    expect(page.locator(".okr-cohort-design-export-output a.okr-download")).to_have_count(2)
    screenshot("cohort_design", docs=True)
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
