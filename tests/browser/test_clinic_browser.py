"""One peer clinic as a facilitator runs it in the Voila app: intake, clock, notes, commitments,
the close refused while a commitment has no owner, then closed and exported."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kit.cop.clinic import Clinic
from kit.cop.clinic_persistence import CLINIC_KIND, CLINIC_WORKSHOP, clinic_keys
from kit.store import open_store
from tests.support.jupyter_browser import HOSTILE, Server, add_commitment, fill

pytestmark = pytest.mark.browser

NOTEBOOK = "04_peer_clinic.ipynb"
DUE = "2026-12-04"


def test_a_clinic_runs_closes_and_exports_in_voila(
    page: Page,
    voila_server: Callable[[str], Server],
    workshop_dir: Path,
    dialogs: list[str],
    screenshot: Callable[..., Path],
) -> None:
    page.goto(voila_server(NOTEBOOK).url())
    page.locator(".okr-clinic").wait_for()
    expect(page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor")).to_have_count(0)  # no code shown

    # Intake: the empty case is flagged; a specific one passes the process and decision checks.
    expect(page.locator(".okr-intake-process-findings [data-rule='intake-no-process']")).to_be_visible()
    fill(page, ".okr-intake-title input", "Ops dependency slipping")
    fill(page, ".okr-intake-owner input", "Ana")
    fill(page, ".okr-intake-process input", "Weekly KR check-in and the hand-off to operations")
    fill(page, ".okr-intake-impact textarea", "Kickoffs waited nine days this month; the activation KR is stalling.")
    fill(page, ".okr-intake-decision textarea", "Agree who owns the kickoff date.")
    expect(page.locator(".okr-intake-process-findings [data-rule='intake-no-process']")).to_have_count(0)
    expect(page.locator(".okr-intake-decision-findings [data-rule]")).to_have_count(0)

    for name in ("Ana", "Ben", "Chloe"):
        fill(page, ".okr-clinic-participant-name input", name)
        page.locator(".okr-clinic-add-participant").click()
        expect(page.locator(".okr-clinic-participants")).to_contain_text(name)
    expect(page.locator(".okr-clinic-rotation")).to_contain_text("Chloe")

    # The clock ticks in the browser; Next phase moves to the case owner's ten minutes, and the clock keeps
    # the real time spent (it does not leap to 10:00).
    expect(page.locator(".okr-clinic-phase")).to_have_attribute("data-phase", "check_in")
    page.locator(".okr-clinic-ticker button").first.click()
    page.wait_for_function(
        "() => Number(document.querySelector('.okr-clinic-clock')?.dataset.elapsed) >= 2", timeout=15_000
    )
    expect(page.locator(".okr-clinic-phase")).to_have_attribute("data-phase", "check_in")
    page.locator(".okr-clinic-next-phase").click()
    expect(page.locator(".okr-clinic-phase")).to_have_attribute("data-phase", "owner_explains")
    expect(page.locator(".okr-clinic-clock")).to_have_attribute("data-planned", re.compile(r"^6\d\d$"))
    assert int(page.locator(".okr-clinic-clock").get_attribute("data-elapsed") or "0") < 120
    expect(page.locator(".okr-clinic-phase")).to_contain_text("Cut the backstory")

    fill(page, ".okr-clinic-note-text textarea", f"Ops learns about accounts from a weekly export {HOSTILE}")
    page.locator(".okr-clinic-add-note").click()
    expect(page.locator(".okr-clinic-notes")).to_contain_text(HOSTILE)
    assert page.locator(".okr-clinic img").count() == 0

    # Three commitments, one without an owner: the close is refused and says who and what.
    add_commitment(page, "Ana", "Agree the kickoff-date owner with ops", "Ana", DUE)
    add_commitment(page, "Ben", "Trial a two-day hand-off rule", "", DUE)
    add_commitment(page, "Chloe", "Add ops capacity to the planning template", "Chloe", DUE)
    page.locator(".okr-clinic-close").click()
    warning = page.locator(".okr-clinic-status .okr-clinic-warning")
    expect(warning).to_contain_text("Ben's commitment has no owner")
    screenshot("peer_clinic_close_refused", docs=True)

    # The ownerless commitment is corrected, not left on the record beside a second one.
    page.locator(".okr-clinic-commit-pick select").select_option(label="2. Ben: Trial a two-day hand-off rule")
    page.locator(".okr-clinic-edit-commitment").click()
    expect(page.locator(".okr-clinic-commitment-table")).to_have_attribute("data-count", "2")
    expect(page.locator(".okr-clinic-commit-action input")).to_have_value("Trial a two-day hand-off rule")
    fill(page, ".okr-clinic-commit-owner input", "Ben")
    page.locator(".okr-clinic-add-commitment").click()
    expect(page.locator(".okr-clinic-commitment-table")).to_have_attribute("data-count", "3")
    page.locator(".okr-clinic-close").click()
    expect(page.locator(".okr-clinic-status .okr-clinic-ok")).to_contain_text("every participant")

    page.locator(".okr-clinic-export-button").click()
    preview = page.locator(".okr-clinic-export-preview")
    expect(preview).to_contain_text(f"| Chloe | Add ops capacity to the planning template | Chloe | {DUE} |")
    with page.expect_download() as download:
        page.locator(".okr-clinic-export a.okr-download").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert "## Notes by phase" in exported and "&lt;img src=x" in exported
    screenshot("peer_clinic_exported", docs=True)

    store = open_store(workshop_dir)
    saved = store.load_record(CLINIC_WORKSHOP, CLINIC_KIND, clinic_keys(store)[-1], model=Clinic)
    assert saved.closed and any(HOSTILE in note.text for note in saved.notes)  # stored as typed, escaped when shown
    assert dialogs == []


def test_the_charter_builder_works_as_a_voila_app(
    page: Page, voila_server: Callable[[str], Server], dialogs: list[str], screenshot: Callable[..., Path]
) -> None:
    page.goto(voila_server("05_cop_charter.ipynb").url())
    page.locator(".okr-charter").wait_for()
    expect(page.locator(".okr-charter-summary")).to_have_attribute("data-missing", "11")
    page.locator(".okr-charter-example").click()
    expect(page.locator(".okr-charter-summary")).to_contain_text("complete: ready to print")
    fill(page, ".okr-charter-mandate textarea", f"Improve collaboration {HOSTILE}")
    expect(page.locator("[data-rule='charter-vague-mandate']")).to_contain_text("collaboration")
    page.locator(".okr-charter-export").click()
    expect(page.locator(".okr-charter-export-output a.okr-download")).to_have_count(2)
    assert page.locator(".okr-charter img").count() == 0
    assert dialogs == []
    screenshot("cop_charter_builder")
