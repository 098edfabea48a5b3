"""Every workshop notebook as participants meet it: a Voila app that renders without errors
and without showing a line of code. Also keeps the README's pictures of each app current."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import nbformat
import pytest
from playwright.sync_api import Page, expect

from kit.paths import data_dir
from tests.support.jupyter_browser import Server

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(path.name for path in data_dir("notebooks").glob("*.ipynb"))

# Voila removes #loading when the cells have run, then turns each output script into an output
# area; widget outputs read "Loading widget..." until their view exists.
RENDERED = """() => {
  const cells = document.getElementById('rendered_cells');
  if (!cells || cells.style.display === 'none' || document.getElementById('loading')) return false;
  if (document.querySelector('script[type="application/vnd.voila.cell-output+json"]')) return false;
  return ![...document.querySelectorAll('.jp-OutputArea-output')]
    .some(output => output.textContent.startsWith('Loading widget'));
}"""
ERROR_OUTPUTS = "[data-mime-type='application/vnd.jupyter.stderr']"
WIDGET_ERRORS = re.compile(r"Error displaying widget|Model not found|Traceback", re.IGNORECASE)
# A bare Python repr means an object was returned that the app cannot draw (e.g. a Figure
# without a display formatter): participants would read "<Figure size 1200x420 with 3 Axes>".
UNDRAWN_OBJECT = re.compile(r"<(?:Figure size [^>]*|[\w.]+ object at 0x[0-9a-f]+)>")
CODE_SHOWN = ".jp-CodeCell .jp-InputArea, .jp-InputArea-editor, .jp-InputPrompt, .CodeMirror, .cm-editor"
IMPORT_LINE = re.compile(r"^(?:from \S+ )?import .+$", re.MULTILINE)
DASHBOARD_IMAGE = "img[src^='data:image/png']"


def import_lines(notebook: str) -> set[str]:
    """The notebook's own import statements: seeing any of them means code leaked into the app."""
    cells = nbformat.read(data_dir("notebooks") / notebook, as_version=4).cells
    return {line.strip() for cell in cells if cell.cell_type == "code" for line in IMPORT_LINE.findall(cell.source)}


def score_the_room(page: Page) -> None:
    """Agree an amber set of scores, so the picture shows bars, the gate and the plays."""
    scores = [2, 2, 1, 2, 1, 1, 0, 1, 1, 2, 1, 2, 2, 1]
    items = page.locator(".okr-readiness .widget-toggle-buttons")
    expect(items).to_have_count(len(scores))
    for index, score in enumerate(scores):
        items.nth(index).locator("button").nth(score).click()
    expect(page.locator(".okr-readiness-total")).to_have_attribute("data-total", str(sum(scores)))
    expect(page.locator(".okr-readiness-total")).to_have_attribute("data-gate", "amber")
    page.evaluate("() => document.activeElement?.blur()")  # no focus ring in the picture


def start_first_timer(page: Page) -> None:
    """Press play on the first step's timer and see the clock leave its starting value."""
    timer = page.locator(".okr-step-card .okr-timer").first
    start = timer.locator(".okr-clock").inner_text()
    timer.locator(".widget-play button").first.click()
    expect(timer.locator(".okr-clock")).not_to_have_text(start, timeout=15_000)


def wait_for_worked_example(page: Page) -> None:
    expect(page.locator("table.okr-diagnosis")).to_be_visible()
    expect(page.locator(DASHBOARD_IMAGE).first).to_be_visible()


def wait_for_images(page: Page) -> None:
    page.wait_for_function(
        "sel => [...document.querySelectorAll(sel)].every(img => img.complete && img.naturalWidth > 0)",
        arg=DASHBOARD_IMAGE,
    )


class DocsShot(NamedTuple):
    """A README picture: what to call it, what to scroll to the top, what to do first."""

    name: str
    top: str
    prepare: Callable[[Page], None] | None = None


DOCS_SHOTS: dict[str, DocsShot] = {
    "01_readiness_check.ipynb": DocsShot("readiness_check", ".okr-readiness", score_the_room),
    "02_definition_workshop.ipynb": DocsShot(
        "definition_workshop", "h2:has-text('Contextualise')", start_first_timer
    ),
    "06_weekly_checkin.ipynb": DocsShot("weekly_checkin_dashboard", "h2:has-text('The dashboard')", wait_for_images),
    "08_cohort_view.ipynb": DocsShot("cohort_view_heatmap", "h2:has-text('Rules × teams')", wait_for_images),
    "09_execution_diagnosis.ipynb": DocsShot(
        "execution_diagnosis_comparison", "h3:has-text('A worked example')", wait_for_worked_example
    ),
}


def test_every_pictured_notebook_exists() -> None:
    assert set(DOCS_SHOTS) <= set(NOTEBOOKS)


def test_start_here_menu_lists_every_notebook() -> None:
    cells = nbformat.read(data_dir("notebooks") / NOTEBOOKS[0], as_version=4).cells
    menu = "\n".join(cell.source for cell in cells if cell.cell_type == "markdown")
    missing = [name for name in NOTEBOOKS[1:] if f"[{Path(name).stem}]({name})" not in menu]
    assert NOTEBOOKS[0].startswith("00_") and not missing, missing


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_as_a_voila_app_without_errors_or_code(
    notebook: str, page: Page, voila_server: Callable[[str], Server], screenshot: Callable[..., Path]
) -> None:
    script_errors: list[str] = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    page.goto(voila_server(notebook).url())
    page.wait_for_function(RENDERED)

    errors = page.locator(ERROR_OUTPUTS)
    assert errors.count() == 0, "error output in the app:\n" + "\n---\n".join(errors.all_inner_texts())
    text = page.locator("body").inner_text()
    assert not WIDGET_ERRORS.search(text), WIDGET_ERRORS.findall(text)
    assert not UNDRAWN_OBJECT.search(text), UNDRAWN_OBJECT.findall(text)
    expect(page.locator(CODE_SHOWN)).to_have_count(0)
    leaked = sorted(line for line in import_lines(notebook) if line in text)
    assert not leaked, f"code shown to participants: {leaked}"
    assert script_errors == []

    shot = DOCS_SHOTS.get(notebook)
    if shot is None:
        screenshot(f"voila-{Path(notebook).stem}")
        return
    if shot.prepare is not None:
        shot.prepare(page)
    page.locator(shot.top).first.evaluate("element => element.scrollIntoView({block: 'start'})")
    screenshot(shot.name, docs=True)
