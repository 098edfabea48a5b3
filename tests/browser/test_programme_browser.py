"""The programme level as a programme lead meets it: each notebook's main flow as a Voila app."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from tests.support.jupyter_browser import HOSTILE, Server, fill

pytestmark = pytest.mark.browser


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


def test_the_alignment_tree_reads_the_teams_saved_sets(
    page: Page, voila_server: Callable[[str], Server], workshop_dir: Path, screenshot: Callable[..., Path]
) -> None:
    from kit.store import open_store
    from kit.widgets.alignment import sample_programme

    company, teams = sample_programme()
    with open_store(workshop_dir) as store:
        store.save_set("northwind-pilot", "Company", company, author="lead")
        for name, okr_set in teams.items():
            store.save_set("northwind-pilot", name, okr_set, author=name)
    page.goto(voila_server("11_alignment.ipynb").url())
    page.locator(".okr-alignment-page").wait_for()
    page.locator(".okr-alignment-programme select").select_option("northwind-pilot")
    expect(page.locator(".okr-alignment-company select")).to_have_value("Company")
    summary = page.locator(".okr-alignment-summary")
    expect(summary).to_have_attribute("data-total", "7")
    tree = page.locator(".okr-alignment-view")
    expect(tree).to_contain_text("North Star: Weekly active teams completing a delivery plan")
    expect(tree.locator("[data-rule='alignment-link-unresolved']")).to_contain_text("KR 3.1")
    expect(tree.locator("[data-rule='alignment-company-kr-uncovered']")).to_have_count(1)
    expect(tree.locator(".okr-company-kr").first.locator(".okr-team-kr")).to_have_count(3)  # two teams move KR 1.1
    screenshot("alignment_tree", docs=True)


def test_the_monthly_review_logs_a_decision_that_is_saved(
    page: Page, voila_server: Callable[[str], Server], workshop_dir: Path, screenshot: Callable[..., Path]
) -> None:
    from kit.programme.monthly_review import reviews

    page.goto(voila_server("12_monthly_review.ipynb").url())
    page.locator(".okr-review-page").wait_for()
    expect(page.locator(".okr-review-agenda")).to_contain_text("Resource shifts")
    expect(page.locator(".okr-review-standings")).to_contain_text("SMB Growth")
    page.locator(".okr-review-kind button", has_text="Resource shift").click()
    fill(page, ".okr-review-text input", f"Two analysts from reporting to activation {HOSTILE}")
    page.locator(".okr-review-log-decision").click()
    expect(page.locator(".okr-review-message")).to_contain_text("one owner")  # refused without an owner
    fill(page, ".okr-review-owner input", "Priya")
    fill(page, ".okr-review-teams input", "SMB Growth")
    page.locator(".okr-review-log-decision").click()
    expect(page.locator(".okr-review-message")).to_contain_text("review saved")
    expect(page.locator(".okr-review-log")).to_have_attribute("data-count", "1")
    screenshot("monthly_review")
    from kit.store import open_store

    with open_store(workshop_dir) as store:
        saved = reviews(store, "Q1 2027")
    assert saved[-1].decisions[-1].text == f"Two analysts from reporting to activation {HOSTILE}"


def test_the_adoption_page_shows_the_call_the_charts_and_the_csv(
    page: Page, voila_server: Callable[[str], Server], screenshot: Callable[..., Path]
) -> None:
    page.goto(voila_server("13_adoption_signals.ipynb").url())
    page.locator(".okr-adoption").wait_for()
    page.locator(".okr-adoption-workshop select").select_option(label="Sample quarter (SMB Growth)")
    expect(page.locator(".okr-adoption-call")).to_have_attribute("data-call", re.compile("scale|extend|fix"))
    expect(page.locator(".okr-adoption-signals tr")).to_have_count(4)
    expect(page.locator(".okr-adoption img")).to_be_visible()
    with page.expect_download() as download_info:
        page.locator(".okr-adoption-export a.okr-download").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert text.startswith("kind,team,week,checkin_completion") and "\ncall," in text
    page.locator(".okr-adoption").evaluate("element => element.scrollIntoView({block: 'start'})")
    screenshot("adoption_signals", docs=True)
