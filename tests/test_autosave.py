"""Autosave: debounced, nothing lost, nothing saved twice, state back after a restart."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import ipywidgets as widgets
import pytest
from pydantic import BaseModel

from kit.autosave import Autosaver, restore_latest
from kit.errors import KitError
from kit.model import KeyResult, Objective, OkrSet
from kit.store import Store, StoreError, open_store
from tests.manual_clock import ManualClock

WORKSHOP = "Autumn workshop"


class Draft:
    """What a widget holds: the OKR set being edited."""

    def __init__(self) -> None:
        self.okr_set = OkrSet(title="Draft", objectives=[Objective(text="Grow the community of practice")])

    def type_kr(self, text: str) -> None:
        self.okr_set.objectives[0].key_results.append(KeyResult(text=text))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path)
    yield opened
    opened.close()


def _saver(store: Store, draft: Draft, clock: ManualClock, **options: object) -> Autosaver:
    return Autosaver(
        store,
        WORKSHOP,
        "Platform",
        "ana",
        lambda: draft.okr_set,
        scheduler=clock,
        clock=clock,
        **options,  # type: ignore[arg-type]
    )


def test_a_burst_of_edits_becomes_one_version_after_the_pause(store: Store) -> None:
    clock, draft = ManualClock(), Draft()
    saver = _saver(store, draft, clock, delay_ms=500, max_wait_ms=5000)
    for i in range(5):
        draft.type_kr(f"KR {i}")
        saver.touch()
        clock.advance(0.2)
    assert store.versions(WORKSHOP, "Platform") == []
    assert saver.pending and saver.status == "Unsaved changes…"
    clock.advance(0.5)
    history = store.versions(WORKSHOP, "Platform")
    assert [(v.version, v.author) for v in history] == [(1, "ana")]
    latest = store.latest(WORKSHOP, "Platform")
    assert latest is not None and len(latest.okr_set.objectives[0].key_results) == 5
    assert not saver.pending and saver.status.startswith("Saved version 1 at ")


def test_someone_typing_without_pause_is_still_saved_every_max_wait(store: Store) -> None:
    clock, draft = ManualClock(), Draft()
    saver = _saver(store, draft, clock, delay_ms=500, max_wait_ms=2000)
    for i in range(50):  # one edit every 0.1 s for 5 s: never a 0.5 s pause
        draft.type_kr(f"KR {i}")
        saver.touch()
        clock.advance(0.1)
    assert [v.version for v in store.versions(WORKSHOP, "Platform")] == [1, 2]


def test_flush_saves_at_once_and_unchanged_content_is_not_saved_again(store: Store) -> None:
    clock, draft = ManualClock(), Draft()
    saved: list[int] = []
    saver = _saver(store, draft, clock, on_saved=saved.append)
    draft.type_kr("Raise weekly check-in attendance from 40% to 80%")
    saver.touch()
    assert saver.flush() == 1
    saver.touch()  # a keystroke that changed nothing (e.g. focus moved)
    assert saver.flush() is None
    clock.advance(60)
    assert saved == [1]
    assert [v.version for v in store.versions(WORKSHOP, "Platform")] == [1]


def test_reopening_restores_the_latest_state_and_does_not_duplicate_it(tmp_path: Path) -> None:
    clock, draft = ManualClock(), Draft()
    with open_store(tmp_path) as first_kernel:
        saver = _saver(first_kernel, draft, clock)
        draft.type_kr("Cut time to first answer from 3 days to 1 day")
        saver.touch()
        saver.close()
    with open_store(tmp_path) as second_kernel:
        assert restore_latest(second_kernel, WORKSHOP, "Platform") == draft.okr_set
        reopened = Draft()
        saver = Autosaver(
            second_kernel, WORKSHOP, "Platform", "ana", lambda: reopened.okr_set, scheduler=clock, clock=clock
        )
        restored = saver.restore()
        assert isinstance(restored, OkrSet)
        reopened.okr_set = restored
        assert saver.status.startswith("Saved version 1")
        saver.touch()
        assert saver.flush() is None
        assert [v.version for v in second_kernel.versions(WORKSHOP, "Platform")] == [1]
    with open_store(tmp_path) as fresh:
        assert restore_latest(fresh, WORKSHOP, "Nobody") is None


def test_a_failed_save_keeps_the_edit_pending_and_retries(store: Store) -> None:
    clock, draft = ManualClock(), Draft()
    errors: list[KitError] = []
    attempts = {"n": 0}

    def flaky_state() -> OkrSet:
        attempts["n"] += 1
        if attempts["n"] == 1:
            raise StoreError("the store is unreachable", fix="check the network")
        return draft.okr_set

    saver = Autosaver(
        store, WORKSHOP, "Platform", "ana", flaky_state, scheduler=clock, clock=clock, on_error=errors.append
    )
    draft.type_kr("KR")
    saver.touch()
    clock.advance(1.0)
    assert len(errors) == 1 and saver.pending
    assert saver.status.startswith("Not saved: the store is unreachable")
    clock.advance(10.0)
    assert [v.version for v in store.versions(WORKSHOP, "Platform")] == [1]
    assert saver.status.startswith("Saved version 1")


class CheckIn(BaseModel):
    week: int
    note: str


def test_other_records_autosave_under_their_own_kind(store: Store) -> None:
    clock = ManualClock()
    state = CheckIn(week=3, note="on track")
    saver = Autosaver(
        store, WORKSHOP, "Platform/week-3", "ana", lambda: state, kind="checkin", scheduler=clock, clock=clock
    )
    saver.touch()
    assert saver.flush() == 1
    assert restore_latest(store, WORKSHOP, "Platform/week-3", kind="checkin", model=CheckIn) == state
    assert saver.restore(CheckIn) == state


def test_an_okr_saver_refuses_other_models_with_a_clear_error(store: Store) -> None:
    clock = ManualClock()
    errors: list[KitError] = []
    saver = Autosaver(
        store,
        WORKSHOP,
        "Platform",
        "ana",
        lambda: CheckIn(week=1, note="x"),
        scheduler=clock,
        clock=clock,
        on_error=errors.append,
    )
    saver.touch()
    assert saver.flush() is None
    assert "kind=" in str(errors[0])


def in_fresh_thread(body: Callable[[], None]) -> None:
    """Run `body` on a thread with no event loop: the browser tests' Playwright loop stays running
    on the main thread for the whole session, and would otherwise be taken for a kernel's loop."""
    failures: list[BaseException] = []

    def run() -> None:
        try:
            body()
        except BaseException as error:  # re-raised on the test's own thread below
            failures.append(error)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=60)
    if failures:
        raise failures[0]


def test_attached_widget_edits_are_saved_with_real_timers(store: Store) -> None:
    """No manual clock: the thread timer used outside a kernel really fires."""
    in_fresh_thread(lambda: _edit_with_real_timers(store))


def _edit_with_real_timers(store: Store) -> None:
    draft = Draft()
    box = widgets.Text()
    saver = Autosaver(store, WORKSHOP, "Platform", "ana", lambda: draft.okr_set, delay_ms=50, max_wait_ms=200)
    saver.attach(box)
    draft.type_kr("Reduce open incidents from 30 to 10")
    box.value = "Reduce open incidents from 30 to 10"
    deadline = time.monotonic() + 10
    while saver.pending and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [v.version for v in store.versions(WORKSHOP, "Platform")] == [1]
    saver.close()
    box.value = "typed after close"
    assert not saver.pending


def test_inside_a_running_event_loop_the_loop_runs_the_timer(store: Store) -> None:
    draft = Draft()

    async def edit_and_wait() -> int | None:
        saver = Autosaver(store, WORKSHOP, "Platform", "ana", lambda: draft.okr_set, delay_ms=20, max_wait_ms=100)
        draft.type_kr("KR")
        saver.touch()
        for _ in range(200):
            if not saver.pending:
                break
            await asyncio.sleep(0.01)
        return saver.last_version

    versions: list[int | None] = []
    in_fresh_thread(lambda: versions.append(asyncio.run(edit_and_wait())))
    assert versions == [1]


def test_delays_must_make_sense(store: Store) -> None:
    with pytest.raises(ValueError, match="delay_ms"):
        Autosaver(store, WORKSHOP, "Platform", "ana", OkrSet, delay_ms=500, max_wait_ms=100)
