"""The drafting widget as a user drives it: set values, read the findings it shows."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets
import pytest

import kit
from kit.model import Finding, KeyResult, Level, Objective, OkrSet, Review
from kit.widgets.okr_editor import OkrEditor
from kit.widgets.pages import PAGE_KRS

TASK_KR = "Hold 6 workshops"
OUTCOME_KR = "Increase repeat purchase rate from 18% to 28% by Jun 30"
HOSTILE = "<img src=x onerror=alert(1)>"


def activity_reviewer(okr_set: OkrSet) -> Review:
    """A stand-in rubric with one rule per scope, so the view can be tested on its own."""
    findings = []
    for oi, ki, kr in okr_set.key_results():
        if kr.text.lower().startswith("hold"):
            findings.append(Finding(rule="kr-task-list", level=Level.ERROR, message="an activity, not an outcome",
                                    hint="measure what changes", scope="key_result", objective_index=oi,
                                    kr_index=ki, text=kr.text, suggestion="Verb metric from X to Y by date"))
        if " from " not in kr.text:
            findings.append(Finding(rule="kr-no-baseline", level=Level.WARNING, message="no starting value",
                                    scope="key_result", objective_index=oi, kr_index=ki, text=kr.text))
    for oi, objective in enumerate(okr_set.objectives):
        if any(ch.isdigit() for ch in objective.text):
            findings.append(Finding(rule="objective-has-metric", level=Level.WARNING, message="numbers belong in KRs",
                                    scope="objective", objective_index=oi, text=objective.text))
    return Review(okr_set=okr_set, findings=findings)


def editor_with(*kr_texts: str, reviewer: Callable[[OkrSet], Review] = activity_reviewer) -> OkrEditor:
    key_results = [KeyResult(text=text) for text in kr_texts]
    okr_set = OkrSet(objectives=[Objective(text="Customers come back", key_results=key_results)])
    return OkrEditor(okr_set, reviewer=reviewer)


def test_finding_appears_beside_the_kr_typed_and_goes_when_fixed() -> None:
    editor = editor_with("")
    kr_row = editor.objective_rows[0].krs[0]
    kr_row.text.value = TASK_KR
    assert 'data-rule="kr-task-list"' in kr_row.findings.value
    assert "an activity, not an outcome" in kr_row.findings.value
    assert 'data-errors="1"' in editor.summary.value
    kr_row.text.value = OUTCOME_KR
    assert "kr-task-list" not in kr_row.findings.value
    assert "passes the quality gate" in editor.summary.value


def test_findings_land_on_their_own_row_only() -> None:
    editor = editor_with(OUTCOME_KR, TASK_KR)
    first, second = editor.objective_rows[0].krs
    assert "kr-task-list" not in first.findings.value
    assert "kr-task-list" in second.findings.value


def test_blank_rows_are_not_reviewed_and_indices_stay_on_screen_rows() -> None:
    editor = editor_with("", TASK_KR)
    blank, typed = editor.objective_rows[0].krs
    assert "data-rule" not in blank.findings.value
    assert "kr-task-list" in typed.findings.value
    assert len(editor.review.okr_set.key_results()) == 1


def test_user_text_is_escaped_everywhere_it_is_shown() -> None:
    editor = editor_with(HOSTILE)
    editor.title.value = HOSTILE
    html = editor.objective_rows[0].krs[0].findings.value + editor.summary.value
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in editor.summary.value


def test_missing_baseline_marks_kr_not_ready_with_a_first_weeks_action_that_fits_its_kind() -> None:
    editor = editor_with(TASK_KR, OUTCOME_KR, "Grow repeat purchases by 10%")
    task_row, outcome_row, unmeasured_row = editor.objective_rows[0].krs
    assert "not ready" in task_row.findings.value and "name the result it should change" in task_row.findings.value
    assert "measure the baseline" not in task_row.findings.value  # a task has no baseline to measure
    assert "not ready" not in outcome_row.findings.value
    assert "measure the baseline" in unmeasured_row.findings.value
    assert "Baselines known for 1 of 3 KRs (33%)" in editor.summary.value
    assert "Name the result that KR 1.1 should change, then measure it" in editor.summary.value
    assert "Measure the baseline of KR 1.3" in editor.summary.value
    assert "a pilot should start with at least" in editor.summary.value


def test_objective_findings_show_under_the_objective() -> None:
    editor = editor_with(OUTCOME_KR)
    editor.objective_rows[0].text.value = "Grow revenue 20%"
    assert "objective-has-metric" in editor.objective_rows[0].findings.value
    assert editor.okr_set.objectives[0].text == "Grow revenue 20%"


def test_rows_can_be_added_removed_and_reordered() -> None:
    editor = editor_with("first KR from 1 to 2", "second KR from 1 to 2")
    editor.move_key_result(0, 1, -1)
    assert [kr.text for kr in editor.okr_set.objectives[0].key_results] == ["second KR from 1 to 2",
                                                                             "first KR from 1 to 2"]
    assert editor.objective_rows[0].krs[0].text.value == "second KR from 1 to 2"
    editor.add_objective("Second objective")
    editor.move_objective(1, -1)
    assert editor.okr_set.objectives[0].text == "Second objective"
    editor.remove_objective(0)
    editor.remove_key_result(0, 0)
    assert [kr.text for kr in editor.okr_set.objectives[0].key_results] == ["first KR from 1 to 2"]
    editor.add_key_result(0)
    assert len(editor.objective_rows[0].krs) == 2


def test_editing_kr_text_drops_numbers_read_from_the_old_wording() -> None:
    okr_set = OkrSet(objectives=[Objective(text="O", key_results=[
        KeyResult(text="Raise NPS from 20 to 40", baseline=20, target=40, owner="Ana")])])
    editor = OkrEditor(okr_set, reviewer=activity_reviewer)
    editor.objective_rows[0].krs[0].text.value = "Raise NPS to 40"
    kr = editor.okr_set.objectives[0].key_results[0]
    assert kr.baseline is None and kr.owner == "Ana"


def test_owner_and_source_fields_update_the_model() -> None:
    editor = editor_with(OUTCOME_KR)
    row = editor.objective_rows[0].krs[0]
    row.owner.value = "Priya"
    row.source.value = "  "
    kr = editor.okr_set.objectives[0].key_results[0]
    assert kr.owner == "Priya" and kr.source is None


@pytest.mark.parametrize("fmt", ["Markdown", "YAML", "JSON", "CSV"])
def test_export_offers_a_download_link_holding_the_document(fmt: str) -> None:
    editor = editor_with(OUTCOME_KR)
    editor.title.value = "Growth <Q1>"
    text = editor.export(fmt)
    assert OUTCOME_KR in text
    match = re.search(r'href="data:[^;]+;charset=utf-8;base64,([^"]+)"', editor.export_output.value)
    assert match, editor.export_output.value
    assert base64.b64decode(match.group(1)).decode("utf-8") == text
    assert "<Q1>" not in editor.export_output.value


def _offered_document(editor: OkrEditor) -> str:
    match = re.search(r'href="data:[^;]+;charset=utf-8;base64,([^"]+)"', editor.export_output.value)
    assert match, editor.export_output.value
    return base64.b64decode(match.group(1)).decode("utf-8")


def test_the_offered_download_follows_edits_that_arrive_after_export() -> None:
    editor = editor_with(OUTCOME_KR)
    editor.export("Markdown")
    late = OUTCOME_KR.replace("by", "before")
    editor.objective_rows[0].krs[0].text.value = late  # a keystroke still on its way when Export was pressed
    assert late in _offered_document(editor) and OUTCOME_KR not in _offered_document(editor)
    editor.objective_rows[0].krs[0].text.value = ""
    editor.objective_rows[0].text.value = ""
    assert "Nothing to export yet" in editor.export_output.value
    editor.objective_rows[0].text.value = "Customers come back"  # no download offered until Export again
    assert "Nothing to export yet" in editor.export_output.value


def test_coach_button_is_greyed_with_a_reason_when_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OKR_KIT_COACH", "off")
    editor = editor_with(OUTCOME_KR)
    assert editor.coach.button.disabled
    assert editor.coach.button.tooltip
    assert "OKR_KIT_COACH" in editor.coach.status.value
    assert editor.ask_coach() is None


def test_coach_findings_show_beside_the_rubric(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import kit.coach

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OKR_KIT_COACH", "on")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    asked: list[Review] = []

    def fake_ask(review: Review, config: object = None) -> Review:
        asked.append(review)
        opinion = Finding(rule="coach-outcome", level=Level.INFO, message="who notices the change?",
                          scope="key_result", objective_index=0, kr_index=0, source="coach", text=review_text(review))
        return review.model_copy(update={"findings": [*review.findings, opinion]})

    monkeypatch.setattr(kit.coach, "ask", fake_ask)
    editor = editor_with("", TASK_KR)
    assert not editor.coach.button.disabled
    coached = editor.ask_coach()
    assert coached is not None and asked[0] is not coached
    typed = editor.objective_rows[0].krs[1]
    assert "who notices the change?" in typed.findings.value and "coach" in typed.findings.value
    assert "kr-task-list" in typed.findings.value
    typed.text.value = OUTCOME_KR
    assert "who notices" not in typed.findings.value


def review_text(review: Review) -> str:
    return review.okr_set.objectives[0].key_results[0].text


def test_with_the_house_rubric_a_task_kr_is_flagged_and_the_fix_clears_it() -> None:
    editor = OkrEditor()
    editor.cycle.value = "2027-Q2"
    row = editor.objective_rows[0].krs[0]
    row.text.value = TASK_KR
    assert 'data-rule="kr-task-list"' in row.findings.value
    assert "not ready" in row.findings.value
    row.text.value = OUTCOME_KR
    assert "kr-task-list" not in row.findings.value
    assert "not ready" not in row.findings.value


def test_import_of_a_pasted_draft_fills_the_rows_and_keeps_the_set_on_bad_input() -> None:
    editor = OkrEditor()
    draft = f"# Growth\n\n## Objective 1: Customers come back\n\n- KR 1.1: {TASK_KR}\n- KR 1.2: {OUTCOME_KR}\n"
    assert editor.import_text(draft)
    assert [row.text.value for row in editor.objective_rows[0].krs] == [TASK_KR, OUTCOME_KR]
    assert "kr-task-list" in editor.objective_rows[0].krs[0].findings.value
    assert "Imported 1 objective(s) and 2 key result(s)" in editor.import_status.value
    assert not editor.import_text("objectives: [unclosed", format="yaml")
    assert "Could not read the draft" in editor.import_status.value
    assert len(editor.okr_set.objectives[0].key_results) == 2


def test_an_uploaded_file_is_read_by_its_suffix() -> None:
    editor = OkrEditor()
    content = f'{{"objectives": [{{"text": "Customers come back", "key_results": [{{"text": "{OUTCOME_KR}"}}]}}]}}'
    assert editor.import_file("draft <1>.json", content.encode())
    assert editor.objective_rows[0].krs[0].text.value == OUTCOME_KR
    assert "draft &lt;1&gt;.json" in editor.import_status.value


def test_markdown_export_reads_back_to_the_same_set() -> None:
    from kit.parse import parse

    editor = OkrEditor()
    editor.import_text(f"## Objective 1: Customers come back\n\n- KR 1.1: {OUTCOME_KR} (Owner: Dana)\n")
    again = parse(editor.export("Markdown"))
    assert again.objectives[0].key_results[0].text == OUTCOME_KR
    assert again.objectives[0].key_results[0].owner == "Dana"


def test_row_buttons_are_wired_to_the_model() -> None:
    editor = editor_with("first KR from 1 to 2", "second KR from 1 to 2")

    def buttons(tooltip: str) -> list[widgets.Button]:
        return [w for w in walk(editor) if isinstance(w, widgets.Button) and w.tooltip.startswith(tooltip)]

    def texts() -> list[str]:
        return [kr.text for kr in editor.okr_set.objectives[0].key_results]

    buttons("Move KR up")[0].click()  # the first KR cannot move up
    assert texts() == ["first KR from 1 to 2", "second KR from 1 to 2"]
    buttons("Move KR up")[1].click()
    assert texts() == ["second KR from 1 to 2", "first KR from 1 to 2"]
    buttons("Remove KR")[0].click()
    assert texts() == ["first KR from 1 to 2"]
    buttons("Add a key result")[0].click()
    assert len(editor.objective_rows[0].krs) == 2
    buttons("Add an objective")[0].click()
    assert len(editor.objective_rows) == 2


def test_rebuilding_rows_closes_the_old_widgets() -> None:
    editor = editor_with(OUTCOME_KR)
    old_text = editor.objective_rows[0].krs[0].text
    editor.load(editor.okr_set)
    assert old_text.comm is None
    assert editor.objective_rows[0].krs[0].text.comm is not None


def test_a_moved_objective_keeps_what_is_typed_into_it_and_its_krs() -> None:
    editor = editor_with(OUTCOME_KR)
    editor.add_objective("Second objective")
    second = editor.objective_rows[1]
    editor.move_objective(1, -1)
    second.text.value = "Second objective, reworded"  # sent after the click on "move up"
    second.krs[0].text.value = "Raise NPS from 20 to 35"
    assert editor.okr_set.objectives[0].text == "Second objective, reworded"
    assert editor.okr_set.objectives[0].key_results[0].text == "Raise NPS from 20 to 35"
    assert editor.objective_rows[0] is second
    assert [row.label.value for row in editor.objective_rows] == ["<b>O1</b>", "<b>O2</b>"]
    assert second.krs[0].label.value == "KR 1.1"


def test_a_removed_objective_closes_its_rows_and_renumbers_the_rest() -> None:
    editor = editor_with(OUTCOME_KR)
    editor.add_objective("Second objective")
    first, second = editor.objective_rows
    editor.remove_objective(0)
    assert first.text.comm is None and editor.objective_rows == [second]
    second.text.value = "Second objective, reworded"
    assert [o.text for o in editor.okr_set.objectives] == ["Second objective, reworded"]
    assert second.label.value == "<b>O1</b>"
    editor.undo_remove()
    assert editor.okr_set.objectives[1].text == "Second objective, reworded"


def paged_editor(objectives_over_a_page: int) -> OkrEditor:
    """An editor holding a full page of objectives of four KRs each, and `objectives_over_a_page` more."""
    editor = OkrEditor(reviewer=activity_reviewer)
    editor.load(OkrSet(objectives=[
        Objective(text=f"O{n}", key_results=[KeyResult(text=f"KR {n}.{k} from 1 to 2") for k in range(4)])
        for n in range(PAGE_KRS // 4 + objectives_over_a_page)
    ]))
    return editor


def test_removing_an_objective_that_lets_the_next_page_in_rebuilds_the_page() -> None:
    editor = paged_editor(objectives_over_a_page=1)
    assert [row.index for row in editor.objective_rows] == list(range(PAGE_KRS // 4))
    editor.remove_objective(0)
    assert [row.index for row in editor.objective_rows] == list(range(PAGE_KRS // 4))
    assert [row.text.value for row in editor.objective_rows][-1] == f"O{PAGE_KRS // 4}"


def test_removing_a_kr_closes_its_row_and_renumbers_the_rest() -> None:
    editor = editor_with("first KR from 1 to 2", "second KR from 1 to 2")
    first, second = editor.objective_rows[0].krs
    editor.remove_key_result(0, 0)
    assert first.text.comm is None and second.text.comm is not None
    assert editor.objective_rows[0].krs == [second] and second.label.value == "KR 1.1"
    second.text.value = "second KR from 1 to 3"  # a keystroke sent after the click
    assert [kr.text for kr in editor.okr_set.objectives[0].key_results] == ["second KR from 1 to 3"]


def test_a_moved_kr_keeps_what_is_typed_into_it() -> None:
    editor = editor_with("first KR from 1 to 2", "second KR from 1 to 2")
    second = editor.objective_rows[0].krs[1]
    editor.move_key_result(0, 1, -1)
    second.text.value = "second KR from 1 to 3"  # sent after the click on "move up"
    assert [kr.text for kr in editor.okr_set.objectives[0].key_results] == ["second KR from 1 to 3",
                                                                             "first KR from 1 to 2"]
    assert [row.label.value for row in editor.objective_rows[0].krs] == ["KR 1.1", "KR 1.2"]
    assert editor.objective_rows[0].krs[0] is second


def test_keystrokes_that_arrive_after_adding_a_kr_still_land() -> None:
    editor = editor_with("Raise NPS from 20 to 3")
    typed_in = editor.objective_rows[0].krs[0].text
    editor.add_key_result(0)
    typed_in.value = "Raise NPS from 20 to 35"  # the browser's last keystroke, sent after the click
    assert typed_in.comm is not None
    assert [kr.text for kr in editor.okr_set.objectives[0].key_results] == ["Raise NPS from 20 to 35", ""]
    assert [row.text.value for row in editor.objective_rows[0].krs] == ["Raise NPS from 20 to 35", ""]


def test_keystrokes_that_arrive_after_adding_an_objective_still_land() -> None:
    editor = editor_with(OUTCOME_KR)
    typed_in = editor.objective_rows[0].text
    editor.add_objective()
    typed_in.value = "Customers come back for more"  # sent after the click
    assert editor.okr_set.objectives[0].text == "Customers come back for more"
    assert [row.index for row in editor.objective_rows] == [0, 1]
    assert editor.objective_rows[1].krs[0].text.value == ""


def test_a_kr_added_past_the_page_turns_to_the_objective() -> None:
    editor = paged_editor(objectives_over_a_page=0)
    last = len(editor.okr_set.objectives) - 1
    assert editor.page == 0 and [row.index for row in editor.objective_rows][-1] == last
    editor.add_key_result(last)
    assert editor.page == 1 and [row.index for row in editor.objective_rows] == [last]
    assert len(editor.objective_rows[0].krs) == 5


def test_keystrokes_that_arrive_after_the_page_turned_still_land() -> None:
    editor = paged_editor(objectives_over_a_page=1)
    kr_text, objective_text = editor.objective_rows[0].krs[1].text, editor.objective_rows[0].text
    editor.turn_page(1)
    kr_text.value = "KR 0.1 from 1 to 3"  # the browser's last keystrokes, sent after the click on "next page"
    objective_text.value = "O0, reworded"
    assert editor.okr_set.objectives[0].key_results[1].text == "KR 0.1 from 1 to 3"
    assert editor.okr_set.objectives[0].text == "O0, reworded"
    second_page = editor.objective_rows[0].text
    editor.turn_page(-1)
    assert editor.objective_rows[0].krs[1].text.value == "KR 0.1 from 1 to 3"
    assert editor.objective_rows[0].text.value == "O0, reworded"
    assert second_page.comm is not None  # the page left last stays open until the next change
    assert kr_text.comm is None  # the one before is closed, so a long workshop does not pile up widgets


def test_a_kr_added_past_the_page_keeps_the_keystrokes_typed_before_it() -> None:
    editor = paged_editor(objectives_over_a_page=0)
    last = len(editor.okr_set.objectives) - 1
    typed_in = editor.objective_rows[-1].krs[-1].text
    editor.add_key_result(last)
    typed_in.value = f"KR {last}.3 from 1 to 9"  # sent after the click that turned the page
    assert editor.okr_set.objectives[last].key_results[3].text == f"KR {last}.3 from 1 to 9"
    assert editor.objective_rows[0].krs[3].text.value == f"KR {last}.3 from 1 to 9"


def test_a_change_to_the_objectives_closes_the_page_left() -> None:
    editor = paged_editor(objectives_over_a_page=1)
    left = editor.objective_rows[0].krs[0].text
    editor.turn_page(1)
    editor.remove_key_result(editor.objective_rows[0].index, 0)
    assert left.comm is None  # its objective numbers could be stale now: nothing may land through it


def walk(widget: widgets.Widget) -> list[widgets.Widget]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += walk(child)
    return found


def test_an_import_that_leaves_lines_unread_lists_them_and_never_reads_as_clean() -> None:
    editor = OkrEditor()
    pasted = (
        "Objective: Answer customers faster\n- KR: Cut first reply from 9 h to 2 h by June\n\n"
        "A remark the kit cannot place\n"
    )
    assert editor.import_text(pasted)
    status = editor.import_status.value
    assert "1 line(s) were not read" in status and "line 4: A remark the kit cannot place" in status
    assert "Imported 1 objective(s) and 1 key result(s)" in status
    assert editor.okr_set.unread_lines == []  # what is on screen is what is reviewed from here on


def test_crossed_out_lines_are_named_as_left_out_not_as_unread() -> None:
    editor = OkrEditor()
    assert editor.import_text("Objective: Answer customers faster\n- KR: Cut first reply from 9 h to 2 h by June\n"
                              "- ~~Hire two <b>agents</b>~~\n")
    status = editor.import_status.value
    assert "not read" not in status and "1 crossed-out line(s) left out: line 3: <s>Hire two &lt;b&gt;agents" in status
    assert [kr.text for kr in editor.okr_set.objectives[0].key_results] == ["Cut first reply from 9 h to 2 h by June"]


def test_a_blank_draft_neither_passes_the_gate_nor_offers_an_empty_download() -> None:
    editor = OkrEditor()
    assert not editor.review.passes_gate
    assert "nothing to check yet" in editor.summary.value
    assert editor.export("Markdown") == ""
    shown = editor.export_output.value
    assert "download" not in shown.lower() and "Nothing to export yet" in shown


def test_removing_an_objective_can_be_undone() -> None:
    okr_set = OkrSet(objectives=[
        Objective(text="Customers come back", key_results=[KeyResult(text="Repeat rate from 18% to 28%")]),
        Objective(text="Support answers fast", key_results=[KeyResult(text="First reply from 9 h to 2 h")]),
    ])
    editor = OkrEditor(okr_set)
    editor.remove_objective(0)
    assert [o.text for o in editor.okr_set.objectives] == ["Support answers fast"]
    assert editor.undo_bar.layout.display == "flex" and "Customers come back" in editor.undo_text.value
    editor.undo_remove()
    assert [o.text for o in editor.okr_set.objectives] == ["Customers come back", "Support answers fast"]
    assert editor.okr_set.objectives[0].key_results[0].text == "Repeat rate from 18% to 28%"
    assert editor.undo_bar.layout.display == "none"


def test_findings_lead_with_the_sentence_and_offer_each_rewrite_once() -> None:
    editor = editor_with("Improve conversion", reviewer=kit.review)
    shown = editor.objective_rows[0].krs[0].findings.value
    assert shown.count("<b>Try:</b>") == 1
    assert "<code>" not in shown and "<summary>details</summary>rule kr-no-target" in shown


def test_a_paste_that_cannot_be_read_names_the_line_not_a_placeholder_file() -> None:
    editor = OkrEditor()
    assert not editor.import_text("- KR: Cut first reply from 9 h to 2 h\n")
    status = editor.import_status.value
    assert "&lt;input&gt;" not in status and "<input>" not in status
    assert "line 1: this key result comes before any objective" in status


def test_the_editor_exports_an_excel_workbook_that_reads_back(tmp_path: Path) -> None:
    from kit.parse import parse

    editor = editor_with("Raise repeat purchase rate from 18% to 28% by Jun 30")
    assert editor.export("Excel").endswith(".xlsx")
    payload = re.search(r"base64,([A-Za-z0-9+/=]+)", editor.export_output.value)
    assert payload is not None
    path = tmp_path / "okrs.xlsx"
    path.write_bytes(base64.b64decode(payload.group(1)))
    assert parse(path).objectives[0].key_results[0].text == "Raise repeat purchase rate from 18% to 28% by Jun 30"


def test_baseline_coverage_never_rounds_up_to_all_known() -> None:
    from kit.widgets.okr_feedback import baseline_html

    krs = [KeyResult(text=f"Raise on-time ferry departures on route {n} from 70% to 90% by June") for n in range(299)]
    krs.append(KeyResult(text="Reach 90% on-time ferry departures on the night route by June"))
    html = baseline_html(kit.review(OkrSet(objectives=[Objective(text="Ferries run on time", key_results=krs)])))
    assert "Baselines known for 299 of 300 KRs (99%)" in html


def test_the_gate_toggle_says_which_gate_the_badge_judges() -> None:
    editor = OkrEditor(kit.review(
        "Objective: Small shops keep coming back\n"
        "- KR: Raise 90-day shop retention from 71% to 80% by end of Q3\n"
        "- KR: Cut monthly churn from 4% to 3% by end of Q3\n"
    ).okr_set)
    assert "passes the quality gate (draft: no errors)" in editor.summary.value
    assert 'data-gate="draft"' in editor.summary.value
    editor.gate_choice.value = "sign-off"
    assert 'data-gate="sign-off"' in editor.summary.value
    assert "not ready for sign-off: 3 checks open" in editor.summary.value
    assert "kr-no-owner" in editor.summary.value
    editor.export("Markdown")
    assert "does not pass the sign-off yet" in editor.export_output.value
    for ki, owner in enumerate(("Ines", "Tom")):
        editor.objective_rows[0].krs[ki].text.value += f" (Owner: {owner}; Source: billing warehouse)"
    editor.objective_rows[0].krs[1].text.value = (
        "Raise weekly active shop owners from 1,200 to 1,900 by end of Q3 (Owner: Tom; Source: product analytics)"
    )
    assert "ready for sign-off" in editor.summary.value and "not ready" not in editor.summary.value
