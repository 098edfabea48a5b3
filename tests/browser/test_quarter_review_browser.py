"""The quarter review in the Voila app: final scores shown, back-fitting refused, and the
drafting brief rewritten as the room types a learning (hostile text stays text)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.support.jupyter_browser import HOSTILE, Server

pytestmark = pytest.mark.browser

NOTEBOOK = "07_quarter_review.ipynb"


def test_quarter_review_in_voila(page: Page, voila_server: Callable[[str], Server], dialogs: list[str]) -> None:
    page.goto(voila_server(NOTEBOOK).url())
    page.locator(".okr-quarter-review").wait_for()
    expect(page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor")).to_have_count(0)
    expect(page.locator("table.okr-quarter-krs")).to_contain_text("Stretch")
    expect(page.get_by_text("changing O1.KR2 now would back-fit the result")).to_be_visible()
    expect(page.locator("img[src^='data:image/png']")).to_have_count(2)

    brief = page.locator(".okr-drafting-brief pre")
    expect(brief).to_contain_text("# Drafting brief for Q2 2027")
    box = page.locator(".okr-learning-O1-KR1 textarea")
    box.fill(f"Baskets beat reminders {HOSTILE}")
    box.press("Tab")
    expect(brief).to_contain_text(f"Baskets beat reminders {HOSTILE}")
    expect(page.locator(".okr-brief-download a")).to_have_attribute("download", "drafting-brief-Q2-2027.md")
    assert dialogs == []
