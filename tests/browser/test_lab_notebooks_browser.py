"""JupyterLab on a workshop folder the kit prepared: opening a notebook and leaving it changes nothing,
so Lab never asks "leave page?" about edits nobody made."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from kit.launch import prepare_workshop
from tests.support.jupyter_browser import start_lab, wait_for_lab_idle

pytestmark = pytest.mark.browser

NOTEBOOKS = ["00_start_here.ipynb", "02_definition_workshop.ipynb", "03_self_serve_review.ipynb",
             "06_weekly_checkin.ipynb"]


def test_opened_notebooks_are_not_marked_edited(page: Page, tmp_path: Path, jupyter_env: dict[str, str]) -> None:
    workshop = tmp_path / "workshop"
    prepare_workshop(workshop)
    lab = start_lab(workshop, jupyter_env)
    try:
        edited = []
        for notebook in NOTEBOOKS:
            page.goto(lab.url(f"lab/tree/{notebook}"))
            wait_for_lab_idle(page)
            page.wait_for_timeout(2_000)  # the kernel's details arrive just after it is idle
            if page.evaluate("() => window.jupyterapp.shell.currentWidget.context.model.dirty"):
                edited.append(notebook)
        assert edited == [], f"marked edited on open: {edited}"
    finally:
        lab.stop()
