"""Pages of objectives: never split an objective, keep a page to a few rows, find an objective's page."""

from __future__ import annotations

from kit.model import KeyResult, Objective, OkrSet
from kit.widgets.okr_editor import OkrEditor
from kit.widgets.pages import PAGE_KRS, page_of, page_ranges


def test_objectives_fill_pages_in_order_and_are_never_split() -> None:
    assert page_ranges([5, 5, 5, 5, 5], per_page=10) == [range(0, 2), range(2, 4), range(4, 5)]
    assert page_ranges([3, 12, 2], per_page=10) == [range(0, 1), range(1, 2), range(2, 3)]  # a big one alone
    assert page_ranges([0, 0, 0], per_page=2) == [range(0, 2), range(2, 3)]  # an empty objective is a row
    assert page_ranges([]) == [range(0, 0)]


def test_the_page_of_an_objective() -> None:
    pages = page_ranges([5] * 10, per_page=10)
    assert [page_of(pages, index) for index in (0, 1, 2, 9, 99)] == [0, 0, 1, 4, 4]


def night_buses(objectives: int) -> OkrSet:
    return OkrSet(objectives=[
        Objective(text=f"Riders in district {o + 1} trust the night buses", key_results=[
            KeyResult(text=f"Raise on-time departures on route {o + 1}.{k + 1} from 50% to 80% by June")
            for k in range(5)])
        for o in range(objectives)])


def test_a_big_draft_shows_one_page_of_rows_and_the_whole_review() -> None:
    editor = OkrEditor(night_buses(60))
    shown = sum(len(row.krs) for row in editor.objective_rows)
    assert 0 < shown <= PAGE_KRS
    assert editor.pager.layout.display == "flex"
    assert "Page 1 of" in editor.pager.where.value and "of 300" in editor.pager.where.value
    assert len(editor.review.okr_set.objectives) == 60  # the rubric reads every objective, not the page


def test_turning_the_page_edits_the_objective_shown_there() -> None:
    editor = OkrEditor(night_buses(60))
    editor.turn_page(1)
    row = editor.objective_rows[0]
    assert row.index == PAGE_KRS // 5 and editor.pager.previous.disabled is False
    row.krs[0].text.value = "Hold 6 safety workshops with drivers"
    assert editor.okr_set.objectives[row.index].key_results[0].text == "Hold 6 safety workshops with drivers"
    assert "kr-task-list" in row.krs[0].findings.value  # the findings land on the row on screen
    assert editor.okr_set.objectives[0].key_results[0].text.startswith("Raise")


def test_a_new_objective_is_shown_on_its_page_and_a_small_draft_has_no_pager() -> None:
    editor = OkrEditor(night_buses(60))
    editor.add_objective("Riders can plan a night trip")
    assert editor.objective_rows[-1].index == 60
    assert editor.pager.next.disabled is True
    small = OkrEditor(night_buses(2))
    assert small.pager.layout.display == "none"


def test_a_long_paste_says_it_is_reading_before_the_import_finishes() -> None:
    editor = OkrEditor()
    seen: list[str] = []
    editor.import_status.observe(lambda change: seen.append(change["new"]), names="value")
    lines = [f"## Objective: Riders in district {o} trust the night buses\n" + "".join(
        f"- Raise on-time departures on route {o}.{k} from 50% to 80% by June\n" for k in range(5))
        for o in range(30)]
    assert editor.import_text("".join(lines))
    assert "Reading 181 lines" in seen[0]
    assert "Imported 30 objective(s) and 150 key result(s)" in seen[-1]
    short = OkrEditor()
    short_seen: list[str] = []
    short.import_status.observe(lambda change: short_seen.append(change["new"]), names="value")
    short.import_text("## Objective: Riders trust the night buses\n- Raise on-time departures from 50% to 80%\n")
    assert not any("Reading" in value for value in short_seen)
