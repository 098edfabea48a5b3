"""The self-serve review as a manager meets it: in a browser, as a Voila app and in JupyterLab."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.jupyter_browser import HOSTILE, Server, open_lab_notebook

pytestmark = pytest.mark.browser

NOTEBOOK = "03_self_serve_review.ipynb"
TASK_KR = "Hold 6 workshops"
OUTCOME_KR = "Increase repeat purchase rate from 18% to 28% by Jun 30"
SECOND_KR = "Raise net promoter score from 20 to 35 by Jun 30"
TASK_FINDING = ".okr-kr-findings [data-rule='kr-task-list']"


def first_kr(page: Page) -> Locator:
    box = page.locator(".okr-kr-text input").first
    box.wait_for()
    return box


def type_kr(box: Locator, text: str, delay: float = 20) -> None:
    box.click()
    box.press("Control+A")
    box.press_sequentially(text, delay=delay)


def test_voila_app_flags_a_task_kr_and_clears_it_when_fixed(
    page: Page, voila_server: Callable[[str], Server], screenshot: Callable[..., Path]
) -> None:
    page.goto(voila_server(NOTEBOOK).url())
    box = first_kr(page)
    expect(page.locator("text=Review your OKR draft")).to_be_visible()
    expect(page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor")).to_have_count(0)  # no code shown

    type_kr(box, TASK_KR)
    expect(page.locator(TASK_FINDING)).to_be_visible()
    expect(page.locator(".okr-not-ready").first).to_contain_text("name the result it should change")
    expect(page.locator(".okr-summary-box")).to_contain_text(f"“{TASK_KR}”")  # caught up with the last key
    page.locator(".okr-summary-box").evaluate("e => e.scrollIntoView({block: 'start'})")
    screenshot("self_serve_review_task_kr", docs=True)

    type_kr(box, OUTCOME_KR)
    expect(page.locator(TASK_FINDING)).to_have_count(0)
    expect(page.locator(".okr-kr-findings").first).not_to_contain_text("not ready")
    screenshot("self_serve_review_fixed", docs=True)


def test_voila_app_shows_html_in_a_kr_as_text(
    page: Page, voila_server: Callable[[str], Server], dialogs: list[str], screenshot: Callable[..., Path]
) -> None:
    page.goto(voila_server(NOTEBOOK).url())
    box = first_kr(page)
    type_kr(box, HOSTILE)
    # The summary quotes the KR back (first-weeks action), so the text must appear there literally.
    summary = page.locator(".okr-summary-box")
    expect(summary).to_contain_text(HOSTILE)
    assert page.locator(".okr-editor img").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert dialogs == []
    screenshot("self_serve_review_escaped_html")


def test_lab_runs_the_notebook_and_the_widget_reviews_live(
    page: Page, lab_server: Callable[[], Server], screenshot: Callable[..., Path]
) -> None:
    open_lab_notebook(page, lab_server(), NOTEBOOK)
    box = first_kr(page)
    type_kr(box, TASK_KR)
    expect(page.locator(TASK_FINDING)).to_be_visible()
    expect(page.locator(".okr-summary-box")).to_contain_text(f"“{TASK_KR}”")
    screenshot("self_serve_review_in_lab", docs=True)
    type_kr(box, OUTCOME_KR)
    expect(page.locator(TASK_FINDING)).to_have_count(0)


def test_voila_app_imports_a_pasted_draft_and_downloads_the_clean_version(
    page: Page, voila_server: Callable[[str], Server], screenshot: Callable[..., Path]
) -> None:
    page.goto(voila_server(NOTEBOOK).url())
    first_kr(page)
    draft = f"# Loyalty\n\nCycle: 2027-Q2\n\n## Objective 1: Customers come back\n\n- KR 1.1: {TASK_KR}\n"
    page.locator(".okr-import-text textarea").fill(draft)
    page.locator(".okr-import").click()
    expect(page.locator(".okr-import-status")).to_contain_text("Imported 1 objective(s)")
    expect(page.locator(TASK_FINDING)).to_be_visible()

    type_kr(first_kr(page), OUTCOME_KR)
    expect(page.locator(TASK_FINDING)).to_have_count(0)
    page.locator(".okr-add-kr").click()  # right after typing: the last keystrokes must still land
    expect(page.locator(".okr-kr-text input")).to_have_count(2)
    type_kr(page.locator(".okr-kr-text input").nth(1), SECOND_KR)
    expect(page.locator(".okr-objective-findings").first).not_to_contain_text("objective-too-few-krs")
    page.locator(".okr-export").click()  # right after typing too: the download follows the last keystroke
    expect(page.locator(".okr-export-output pre")).to_contain_text(SECOND_KR)
    link = page.locator("a.okr-download")
    expect(link).to_have_attribute("download", "reviewed_okrs.md")
    with page.expect_download() as download_info:
        link.click()
    saved = Path(download_info.value.path())
    text = saved.read_text(encoding="utf-8")
    assert OUTCOME_KR in text and SECOND_KR in text and TASK_KR not in text
    screenshot("self_serve_review_exported", docs=True)


def test_rows_moved_and_removed_right_after_typing_keep_every_keystroke(
    page: Page, voila_server: Callable[[str], Server]
) -> None:
    page.goto(voila_server(NOTEBOOK).url())
    first_kr(page)
    draft = ("## Objective 1: Customers come back\n- KR 1.1: Hold 6 workshops\n- KR 1.2: Write a blog post\n\n"
             "## Objective 2: Stores people recommend\n- KR 2.1: Open a store\n")
    page.locator(".okr-import-text textarea").fill(draft)
    page.locator(".okr-import").click()
    expect(page.locator(".okr-import-status")).to_contain_text("Imported 2 objective(s)")
    # typed as fast as keys go, so the last keystrokes are still on their way when the click is sent
    type_kr(page.locator(".okr-kr-text input").nth(1), SECOND_KR, delay=0)
    page.locator(".okr-kr").nth(1).locator(".okr-up").click()
    expect(page.locator(".okr-kr-text input").first).to_have_value(SECOND_KR)
    type_kr(page.locator(".okr-kr-text input").nth(1), OUTCOME_KR, delay=0)  # the workshops KR, moved down
    page.locator(".okr-kr").nth(0).locator(".okr-remove").click()
    expect(page.locator(".okr-kr-text input")).to_have_count(2)
    objective = page.locator(".okr-objective-text input").nth(1)
    objective.click()
    objective.press("Control+A")
    objective.press_sequentially("Shoppers tell their friends about us", delay=0)
    page.locator(".okr-objective").nth(1).locator(".okr-up").first.click()
    expect(page.locator(".okr-objective-text input").first).to_have_value("Shoppers tell their friends about us")
    page.locator(".okr-export").click()
    expect(page.locator("a.okr-download")).to_have_count(1)
    exported = page.locator(".okr-export-output pre, .okr-editor pre").first.inner_text()
    assert "Objective 1: Shoppers tell their friends about us" in exported
    assert OUTCOME_KR in exported and SECOND_KR not in exported and "Hold 6 workshops" not in exported


def test_kr_boxes_stay_readable_on_a_narrow_screen(page: Page, voila_server: Callable[[str], Server]) -> None:
    page.set_viewport_size({"width": 820, "height": 900})
    page.goto(voila_server(NOTEBOOK).url())
    box = first_kr(page)
    box.wait_for()
    shape = box.bounding_box()
    assert shape is not None and shape["width"] >= 350, f"the KR box is {shape and shape['width']:.0f} px at 820 px"


def test_a_300_kr_paste_shows_a_page_at_a_time_and_every_page_works(
    page: Page, voila_server: Callable[[str], Server], dialogs: list[str], screenshot: Callable[..., Path]
) -> None:
    """A big paste: one page of rows on screen with the whole draft reviewed, pages turn, edits land on
    the objective shown (the widget models of a turned page are all found)."""
    page.goto(voila_server(NOTEBOOK).url())
    first_kr(page)
    draft = "".join(
        f"## Objective: Riders in district {o + 1} trust the night buses\n" + "".join(
            f"- Raise on-time departures on route {o + 1}.{k + 1} from 50% to 80% by June\n" for k in range(5))
        for o in range(60))
    page.locator(".okr-import-text textarea").fill(draft)
    page.locator(".okr-import").click()
    expect(page.locator(".okr-import-status")).to_contain_text("Imported 60 objective(s) and 300 key result(s)")
    where = page.locator(".okr-page-where")
    expect(where).to_contain_text("Page 1 of 15")
    expect(page.locator(".okr-kr-text input")).to_have_count(20)
    page.locator(".okr-page-next").click()
    expect(where).to_contain_text("Page 2 of 15")
    expect(page.locator(".okr-kr-text input").first).to_have_value(
        "Raise on-time departures on route 5.1 from 50% to 80% by June")
    type_kr(page.locator(".okr-kr-text input").first, TASK_KR)
    expect(page.locator(TASK_FINDING)).to_have_count(1)
    screenshot("self_serve_review_big_draft", docs=True)
    page.locator(".okr-page-previous").click()  # right after typing: the last keystrokes must still land
    expect(where).to_contain_text("Page 1 of 15")
    expect(page.locator(TASK_FINDING)).to_have_count(0)
    page.locator(".okr-page-next").click()
    expect(page.locator(".okr-kr-text input").first).to_have_value(TASK_KR)
    assert dialogs == []


def test_the_upload_button_reads_its_label_without_a_file_count(
    page: Page, voila_server: Callable[[str], Server]
) -> None:
    page.goto(voila_server(NOTEBOOK).url())
    first_kr(page)
    button = page.locator(".okr-upload").first
    shown = button.evaluate("""el => ({
        own: getComputedStyle(el).fontSize,
        label: getComputedStyle(el, '::after').content,
    })""")
    assert shown["label"] == '"Upload a file"'
    assert shown["own"] == "0px"  # the "(0)" ipywidgets writes is there, at no size


def test_voila_app_switches_the_badge_to_the_sign_off_gate(
    page: Page, voila_server: Callable[[str], Server], screenshot: Callable[..., Path]
) -> None:
    page.goto(voila_server(NOTEBOOK).url())
    first_kr(page)
    draft = (
        "Objective: Customers come back\n"
        f"- KR: {OUTCOME_KR} (Owner: Ana; Source: order warehouse)\n"
        f"- KR: {SECOND_KR}\n"
    )
    page.locator(".okr-import-text textarea").fill(draft)
    page.locator(".okr-import").click()
    summary = page.locator(".okr-summary-box")
    expect(summary).to_contain_text("passes the quality gate (draft: no errors)")
    page.locator(".okr-gate-choice button", has_text="Sign-off").click()
    expect(summary).to_contain_text("not ready for sign-off")
    expect(summary).to_contain_text("kr-no-owner")
    type_kr(page.locator(".okr-kr-text input").nth(1), f"{SECOND_KR} (Owner: Ben; Source: survey tool)")
    expect(summary).not_to_contain_text("kr-no-owner")
    screenshot("self_serve_sign_off", docs=True)
