"""The save panel as a team uses it: edits autosaved with the author, the draft back after a
restart, versions browsed, restored and compared, and a failing store never losing an edit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kit.model import Finding, KeyResult, Level, Objective, OkrSet, Review
from kit.store import Store, StoreError, open_store
from kit.widgets.history import ANONYMOUS, SavePanel
from kit.widgets.okr_editor import OkrEditor
from tests.manual_clock import ManualClock

WORKSHOP = "Spring definition"
TASK_KR = "Hold 6 workshops"
OUTCOME_KR = "Increase repeat purchase rate from 18% to 28% by Jun 30"
HOSTILE = "<img src=x onerror=alert(1)>"


def task_reviewer(okr_set: OkrSet) -> Review:
    """A stand-in rubric: one error per KR starting with 'Hold', one warning per KR without 'from'."""
    findings = []
    for oi, ki, kr in okr_set.key_results():
        if kr.text.startswith("Hold"):
            findings.append(Finding(rule="kr-task-list", level=Level.ERROR, message="an activity",
                                    scope="key_result", objective_index=oi, kr_index=ki, text=kr.text))
        if " from " not in kr.text:
            findings.append(Finding(rule="kr-no-baseline", level=Level.WARNING, message="no starting value",
                                    scope="key_result", objective_index=oi, kr_index=ki, text=kr.text))
    return Review(okr_set=okr_set, findings=findings)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


def new_editor(*kr_texts: str) -> OkrEditor:
    okr_set = None
    if kr_texts:
        okr_set = OkrSet(objectives=[Objective(text="Customers come back",
                                               key_results=[KeyResult(text=t) for t in kr_texts])])
    return OkrEditor(okr_set, reviewer=task_reviewer, show_import=False)


def new_panel(editor: OkrEditor, store: Store, clock: ManualClock, **options: Any) -> SavePanel:
    return SavePanel(editor, store=store, workshop=WORKSHOP, scheduler=clock, clock=clock, **options)


def type_kr(editor: OkrEditor, text: str, oi: int = 0, ki: int = 0) -> None:
    editor.objective_rows[oi].krs[ki].text.value = text


def table_rows(panel: SavePanel) -> list[list[str]]:
    """The cells of the history table, row by row."""
    rows = re.findall(r"<tr data-version=.*?</tr>", panel.history.table.value)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in rows]


def status(panel: SavePanel) -> str:
    return panel.status.value


def test_edits_are_saved_after_a_pause_with_author_and_a_visible_status(store: Store, clock: ManualClock) -> None:
    editor = new_editor()
    panel = new_panel(editor, store, clock)
    panel.author.value = "Ana"
    panel.team.value = "Platform"
    assert store.versions(WORKSHOP, "Platform") == []  # naming a team saves nothing by itself
    for text in ("Hold", "Hold 6", TASK_KR):
        type_kr(editor, text)
        clock.advance(0.3)
    assert 'data-state="pending"' in status(panel)
    clock.advance(1.0)
    history = store.versions(WORKSHOP, "Platform")
    assert [(v.version, v.author) for v in history] == [(1, "Ana")]
    latest = store.latest(WORKSHOP, "Platform")
    assert latest is not None and latest.okr_set.objectives[0].key_results[0].text == TASK_KR
    assert latest.okr_set.team == "Platform"  # the editor's team field follows the panel's
    assert 'data-state="saved"' in status(panel) and "Saved version 1 at" in status(panel)


def test_save_now_saves_at_once_and_an_unnamed_author_is_anonymous(store: Store, clock: ManualClock) -> None:
    editor = new_editor()
    panel = new_panel(editor, store, clock, team="Platform")
    type_kr(editor, OUTCOME_KR)
    assert panel.save_now() == 1
    assert panel.save_now() is None  # nothing changed since
    assert [v.author for v in store.versions(WORKSHOP, "Platform")] == [ANONYMOUS]
    panel.author.value = "Bo"
    type_kr(editor, TASK_KR)
    panel.save_now()
    assert [v.author for v in store.versions(WORKSHOP, "Platform")] == [ANONYMOUS, "Bo"]


def test_without_a_team_nothing_is_saved_and_the_panel_says_why(store: Store, clock: ManualClock) -> None:
    editor = new_editor()
    panel = new_panel(editor, store, clock)
    type_kr(editor, OUTCOME_KR)
    clock.advance(30)
    assert panel.save_now() is None
    assert "Name your team first" in status(panel)
    assert store.teams(WORKSHOP) == []


def test_a_new_editor_for_the_same_team_restores_the_latest_draft(tmp_path: Path, clock: ManualClock) -> None:
    with open_store(tmp_path) as first_kernel:
        editor = new_editor()
        panel = new_panel(editor, first_kernel, clock, team="Platform", author="Ana")
        type_kr(editor, OUTCOME_KR)
        clock.advance(2)
        panel.close()
    with open_store(tmp_path) as second_kernel:
        reopened = new_editor()
        panel = new_panel(reopened, second_kernel, clock, author="Ana")
        assert "Platform" in panel.team.options  # the team is offered to pick
        panel.team.value = "Platform"
        assert reopened.objective_rows[0].krs[0].text.value == OUTCOME_KR
        assert 'data-state="restored"' in status(panel) and "Restored version 1, saved by Ana" in status(panel)
        clock.advance(30)
        panel.save_now()
        assert [v.version for v in second_kernel.versions(WORKSHOP, "Platform")] == [1]  # not saved twice


def test_a_draft_typed_before_naming_the_team_is_kept_and_the_saved_one_offered(
    store: Store, clock: ManualClock
) -> None:
    store.save_set(WORKSHOP, "Platform", OkrSet(team="Platform", objectives=[
        Objective(text="Customers come back", key_results=[KeyResult(text=OUTCOME_KR)])]), "Ana")
    editor = new_editor(TASK_KR)
    panel = new_panel(editor, store, clock)
    panel.team.value = "Platform"
    assert editor.objective_rows[0].krs[0].text.value == TASK_KR  # the screen is not overwritten
    assert panel.offer.layout.display == "flex" and "version 1 by Ana" in panel.offer_text.value
    clock.advance(2)
    assert [v.version for v in store.versions(WORKSHOP, "Platform")] == [1, 2]
    panel.offer_button.click()
    assert editor.objective_rows[0].krs[0].text.value == OUTCOME_KR
    history = store.versions(WORKSHOP, "Platform")
    assert [(v.version, v.restored_from) for v in history] == [(1, None), (2, None), (3, 1)]
    assert panel.offer.layout.display == "none"


def test_history_lists_versions_with_their_counts_of_findings(store: Store, clock: ManualClock) -> None:
    editor = new_editor()
    panel = new_panel(editor, store, clock, team="Platform", author="Ana")
    type_kr(editor, TASK_KR)
    panel.save_now()
    type_kr(editor, OUTCOME_KR)
    panel.save_now()
    panel.history.selected_index = 0  # open the history
    rows = table_rows(panel)
    assert [row[:2] for row in rows] == [["2", "Ana"], ["1", "Ana"]]  # newest first
    assert [row[3:6] for row in rows] == [["0", "0", "0"], ["1", "1", "0"]]  # errors, warnings, tips
    assert [value for _label, value in panel.history.pick.options] == [2, 1]
    assert (panel.history.before.value, panel.history.after.value) == (1, 2)
    type_kr(editor, "Hold 7 workshops")
    clock.advance(2)  # an autosave refreshes the open history
    assert 'data-version="3"' in panel.history.table.value


def test_restoring_an_old_version_saves_it_as_a_new_one_and_shows_it(store: Store, clock: ManualClock) -> None:
    editor = new_editor()
    panel = new_panel(editor, store, clock, team="Platform", author="Ana")
    type_kr(editor, TASK_KR)
    panel.save_now()
    type_kr(editor, OUTCOME_KR)
    clock.advance(2)
    panel.author.value = "Bo"
    panel.history.selected_index = 0  # the picker is inside the history: open it, as a person would
    panel.history.pick.value = 1
    panel.history.restore_button.click()
    assert editor.objective_rows[0].krs[0].text.value == TASK_KR
    history = store.versions(WORKSHOP, "Platform")
    assert [(v.version, v.author, v.restored_from) for v in history] == [(1, "Ana", None), (2, "Ana", None),
                                                                         (3, "Bo", 1)]
    assert "Version 1 restored as version 3" in panel.history.message.value
    clock.advance(30)
    assert len(store.versions(WORKSHOP, "Platform")) == 3  # loading it is not an edit


def test_restoring_first_saves_unsaved_edits_so_none_is_lost(store: Store, clock: ManualClock) -> None:
    editor = new_editor()
    panel = new_panel(editor, store, clock, team="Platform")
    type_kr(editor, TASK_KR)
    panel.save_now()
    type_kr(editor, OUTCOME_KR)  # not saved yet: no pause
    assert panel.restore_version(1) == 3
    saved = [store.load_version(WORKSHOP, "Platform", v).okr_set.objectives[0].key_results[0].text for v in (2, 3)]
    assert saved == [OUTCOME_KR, TASK_KR]


def test_compare_shows_the_before_and_after_with_user_text_escaped(store: Store, clock: ManualClock) -> None:
    editor = new_editor()
    panel = new_panel(editor, store, clock, team="Platform")
    type_kr(editor, HOSTILE)
    panel.save_now()
    type_kr(editor, OUTCOME_KR)
    panel.save_now()
    panel.history.selected_index = 0
    panel.history.compare_button.click()
    shown = panel.history.diff_view.value
    assert "<del>&lt;img src=x onerror=alert(1)&gt;</del>" in shown
    assert f"<ins>{OUTCOME_KR}</ins>" in shown
    assert "<img" not in shown
    assert 'download="Platform-v1-v2.txt"' in shown
    panel.history.before.value = 2
    panel.history.compare_button.click()
    assert "two different versions" in panel.history.message.value


class FailingStore(Store):
    """A store whose saves fail until told otherwise, as when a disk fills up or a server drops."""

    failing = True

    def save_record(self, *args: Any, **kwargs: Any) -> int:
        if self.failing:
            raise StoreError("the store could not complete the operation (disk full)",
                             fix="free some space in the workshop folder")
        return super().save_record(*args, **kwargs)


def test_a_failing_store_shows_what_to_do_and_keeps_the_edits(tmp_path: Path, clock: ManualClock) -> None:
    store = FailingStore(f"sqlite:///{tmp_path / 'okr-workshop.sqlite3'}")
    editor = new_editor()
    panel = new_panel(editor, store, clock, team="Platform")
    type_kr(editor, OUTCOME_KR)
    clock.advance(2)
    shown = status(panel)
    assert 'data-state="error"' in shown
    assert "Not saved: the store could not complete the operation (disk full)" in shown
    assert "free some space" in shown and "Traceback" not in shown
    assert editor.objective_rows[0].krs[0].text.value == OUTCOME_KR
    assert panel.restore_version(1) is None  # refused: it would replace the unsaved edit
    assert "not saved yet" in panel.history.message.value
    store.failing = False
    clock.advance(11)  # the saver retries on its own
    assert [v.version for v in store.versions(WORKSHOP, "Platform")] == [1]
    assert 'data-state="saved"' in status(panel)
    store.close()


def test_an_unusable_store_location_is_a_message_not_a_traceback(tmp_path: Path, clock: ManualClock) -> None:
    editor = new_editor(OUTCOME_KR)
    panel = SavePanel(editor, folder=tmp_path / "missing", workshop=WORKSHOP, scheduler=clock, clock=clock)
    panel.team.value = "Platform"
    assert 'data-state="error"' in status(panel) and "does not exist" in status(panel)
    assert panel.saver is None
    assert editor.objective_rows[0].krs[0].text.value == OUTCOME_KR


def test_running_the_panel_without_naming_a_team_leaves_no_store_behind(
    tmp_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KIT_STORE_URL", raising=False)
    editor = new_editor()
    panel = SavePanel(editor, folder=tmp_path, scheduler=clock, clock=clock)
    type_kr(editor, OUTCOME_KR)
    clock.advance(30)
    assert panel.workshop.value == tmp_path.name  # the workshop is named after its folder
    assert list(tmp_path.iterdir()) == []
    panel.team.value = "Platform"
    panel.save_now()
    assert (tmp_path / "okr-workshop.sqlite3").exists()


def test_switching_team_saves_pending_edits_under_the_old_team_and_never_copies_them(
    store: Store, clock: ManualClock
) -> None:
    editor = new_editor()
    panel = new_panel(editor, store, clock, team="Growth")
    type_kr(editor, OUTCOME_KR)
    panel.team.value = "Platform"
    assert [v.version for v in store.versions(WORKSHOP, "Growth")] == [1]
    clock.advance(2)
    assert store.versions(WORKSHOP, "Platform") == []  # nothing of Growth's draft is written under Platform
    assert [k.text for o in editor.okr_set.objectives for k in o.key_results] == [""]
    assert editor.okr_set.team == "Platform"
    assert "Platform has nothing saved yet" in status(panel) and "saved under Growth" in status(panel)
    type_kr(editor, TASK_KR)
    clock.advance(2)
    platform = store.latest(WORKSHOP, "Platform")
    assert platform is not None and platform.okr_set.objectives[0].key_results[0].text == TASK_KR
    panel.team.value = "Growth"  # back again: Growth's own draft, untouched
    assert editor.okr_set.objectives[0].key_results[0].text == OUTCOME_KR
    assert "Showing team Growth's version 1" in status(panel)
    growth = store.latest(WORKSHOP, "Growth")
    assert growth is not None and growth.okr_set.team == "Growth"


def test_new_draft_starts_empty_and_keeps_the_old_one_in_the_history(store: Store, clock: ManualClock) -> None:
    editor = new_editor()
    panel = new_panel(editor, store, clock, team="Growth")
    type_kr(editor, OUTCOME_KR)
    panel.new_draft()
    assert [k.text for o in editor.okr_set.objectives for k in o.key_results] == [""]
    latest = store.latest(WORKSHOP, "Growth")
    assert latest is not None and latest.okr_set.objectives[0].key_results[0].text == OUTCOME_KR
    assert "earlier versions stay in the history" in status(panel)


def test_a_draft_saved_through_a_store_url_comes_back_in_a_new_kernel(store_url: str, clock: ManualClock) -> None:
    """The same panel on SQLite and on PostgreSQL (KIT_STORE_URL on a hub)."""
    first = new_editor()
    panel = SavePanel(first, url=store_url, workshop=WORKSHOP, team="Platform", author="Ana",
                      scheduler=clock, clock=clock)
    type_kr(first, OUTCOME_KR)
    clock.advance(2)
    panel.close()
    reopened = new_editor()
    again = SavePanel(reopened, url=store_url, workshop=WORKSHOP, scheduler=clock, clock=clock)
    assert again.team.options == ("Platform",)
    again.team.value = "Platform"
    assert reopened.objective_rows[0].krs[0].text.value == OUTCOME_KR
    again.close()
