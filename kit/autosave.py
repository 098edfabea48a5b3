"""Debounced autosave: every edit in a widget ends up in the store, without a save per keystroke.

A widget calls `touch()` on each edit (or lets `attach()` do it). The saver waits until the
person pauses for `delay_ms` (but never longer than `max_wait_ms` while they keep typing), then
saves one new version with author and time. Unchanged content is never saved twice. After a
kernel restart or when the notebook is reopened, `restore_latest` brings back the newest state.

Timers run on the kernel's asyncio loop when there is one (Jupyter, Voila): callbacks then run
on the kernel's own thread between messages, like any widget callback. Outside a running loop
(scripts, plain Python) a daemon timer thread is used instead.
"""

from __future__ import annotations

import asyncio
import atexit
import threading
import time
import weakref
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar, overload

from pydantic import BaseModel, ConfigDict, ValidationError

from kit.errors import KitError
from kit.model import OkrSet
from kit.store import OKR_SET_KIND, Store, StoredRecord, StoreError, content_fingerprint

ModelT = TypeVar("ModelT", bound=BaseModel)


class Cancellable(Protocol):
    def cancel(self) -> None: ...


class Scheduler(Protocol):
    """Runs a callback once after a delay; swapped for a manual clock in tests."""

    def call_later(self, delay: float, callback: Callable[[], None]) -> Cancellable: ...


class ThreadScheduler:
    def call_later(self, delay: float, callback: Callable[[], None]) -> Cancellable:
        timer = threading.Timer(delay, callback)
        timer.daemon = True
        timer.start()
        return timer


class LoopScheduler:
    """Runs the callback on the kernel's loop, woken by a timer thread when the delay is up.

    A timer of the loop's own fires only when the loop next wakes, and a kernel waiting for the
    browser may not wake until the next click; a write from another thread always wakes it.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def call_later(self, delay: float, callback: Callable[[], None]) -> Cancellable:
        def on_loop() -> None:
            if self._loop.is_closed():
                callback()
            else:
                self._loop.call_soon_threadsafe(callback)

        return ThreadScheduler().call_later(delay, on_loop)


def default_scheduler() -> Scheduler:
    """The kernel's event loop when running inside one, else a timer thread."""
    try:
        return LoopScheduler(asyncio.get_running_loop())
    except RuntimeError:
        return ThreadScheduler()


class Autosaver:
    """Saves what `current()` returns, debounced; `flush()` saves at once (e.g. on 'Done')."""

    def __init__(
        self,
        store: Store,
        workshop: str,
        team: str,
        author: str,
        current: Callable[[], BaseModel],
        *,
        kind: str = OKR_SET_KIND,
        delay_ms: int = 1000,
        max_wait_ms: int = 10_000,
        scheduler: Scheduler | None = None,
        clock: Callable[[], float] = time.monotonic,
        on_saved: Callable[[int], None] | None = None,
        on_error: Callable[[KitError], None] | None = None,
    ) -> None:
        """`team` is the key the state is saved under: the team for OKR sets, else the record's key."""
        if delay_ms <= 0 or max_wait_ms < delay_ms:
            raise ValueError("autosave needs 0 < delay_ms <= max_wait_ms")
        self.store, self.workshop, self.team, self.author, self.kind = store, workshop, team, author, kind
        self._current = current
        self._delay = delay_ms / 1000
        self._max_wait = max_wait_ms / 1000
        self._scheduler = scheduler or default_scheduler()
        self._clock = clock
        self._on_saved = on_saved
        self._on_error = on_error
        self._lock = threading.RLock()
        self._timer: Cancellable | None = None
        self._first_unsaved: float | None = None
        self._last_edit = 0.0
        self._last_saved_content: str | None = None
        self.last_version: int | None = None
        self.last_saved_at: datetime | None = None
        self.last_error: KitError | None = None
        self._closed = False
        self._flush_at_exit = _weak_flush(self)
        atexit.register(self._flush_at_exit)

    # -- what a widget calls ------------------------------------------------------------------

    def touch(self, *_: object) -> None:
        """Note an edit; accepts (and ignores) widget `observe` change dicts, so it can be an observer."""
        with self._lock:
            if self._closed:
                return
            now = self._clock()
            self._last_edit = now
            if self._first_unsaved is None:
                self._first_unsaved = now
            if self._timer is None:
                self._timer = self._scheduler.call_later(self._delay, self._on_timer)

    def attach(self, widget: Any, names: str | tuple[str, ...] = "value") -> None:
        """Autosave whenever any of the widget's `names` traits change."""
        widget.observe(self.touch, names=names)

    def flush(self) -> int | None:
        """Save now if anything changed since the last save; returns the new version, if one was made."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            return self._save()

    def restore(self, model: type[BaseModel] | None = None) -> BaseModel | None:
        """The latest saved state (None if nothing was saved), remembered as already saved.

        Call it when the widget opens, before the person types: the widget starts from where
        the last kernel left off, and saving that same state again is skipped. `model` types
        records of other kinds (OKR sets are always `OkrSet`).
        """
        record = self.store.record(self.workshop, self.kind, self.team)
        if record is None:
            return None
        state = _as_model(record, self.kind, model)
        with self._lock:
            self._last_saved_content = content_fingerprint(state)
            self.last_version = record.info.version
            self.last_saved_at = record.info.saved_at
        return state

    def close(self) -> None:
        """Save what is pending and stop; the saver ignores edits afterwards."""
        self.flush()
        with self._lock:
            self._closed = True
        atexit.unregister(self._flush_at_exit)

    @property
    def pending(self) -> bool:
        return self._first_unsaved is not None

    @property
    def status(self) -> str:
        """One line for a widget's status label."""
        if self.last_error is not None:
            return f"Not saved: {self.last_error}"
        if self.pending:
            return "Unsaved changes…"
        if self.last_version is None:
            return "Nothing saved yet"
        when = self.last_saved_at.astimezone().strftime("%H:%M:%S") if self.last_saved_at else ""
        return f"Saved version {self.last_version} at {when}"

    # -- inside -------------------------------------------------------------------------------

    def _on_timer(self) -> None:
        with self._lock:
            self._timer = None
            if self._first_unsaved is None or self._closed:
                return
            due = min(self._last_edit + self._delay, self._first_unsaved + self._max_wait)
            wait = due - self._clock()
            if wait > 0:
                self._timer = self._scheduler.call_later(wait, self._on_timer)
                return
            self._save()

    def _save(self) -> int | None:
        if self._first_unsaved is None:
            return None
        try:
            state = self._current()
            content = content_fingerprint(state)
            if content == self._last_saved_content:
                version = None
            elif self.kind == OKR_SET_KIND:
                if not isinstance(state, OkrSet):
                    raise StoreError(
                        f"autosave for OKR sets got a {type(state).__name__}",
                        fix="pass kind='...' for other records, or return the OkrSet",
                    )
                version = self.store.save_set(self.workshop, self.team, state, self.author)
            else:
                version = self.store.save_record(self.workshop, self.kind, self.team, state, self.author)
        except KitError as error:
            self.last_error = error
            # keep the edit pending and try again later: losing it is the one thing not allowed
            self._timer = self._scheduler.call_later(self._max_wait, self._on_timer)
            if self._on_error is not None:
                self._on_error(error)
            return None
        self._first_unsaved = None
        self.last_error = None
        if version is None:
            return None
        self._last_saved_content = content
        self.last_version = version
        self.last_saved_at = datetime.now().astimezone()
        if self._on_saved is not None:
            self._on_saved(version)
        return version


class _Raw(BaseModel):
    """A record restored without knowing its model: its fields as they were saved."""

    model_config = ConfigDict(extra="allow")


def _weak_flush(saver: Autosaver) -> Callable[[], None]:
    """An exit hook that does not keep a discarded saver alive."""
    reference = weakref.ref(saver)

    def flush() -> None:
        alive = reference()
        if alive is not None and not alive._closed:
            alive.flush()

    return flush


@overload
def restore_latest(store: Store, workshop: str, team: str) -> OkrSet | None: ...


@overload
def restore_latest(store: Store, workshop: str, team: str, *, kind: str, model: type[ModelT]) -> ModelT | None: ...


def restore_latest(
    store: Store,
    workshop: str,
    team: str,
    *,
    kind: str = OKR_SET_KIND,
    model: type[BaseModel] | None = None,
) -> BaseModel | None:
    """The newest saved state for a widget to start from after a restart; None if nothing was saved."""
    record = store.record(workshop, kind, team)
    return None if record is None else _as_model(record, kind, model)


def _as_model(record: StoredRecord, kind: str, model: type[BaseModel] | None) -> BaseModel:
    chosen = OkrSet if kind == OKR_SET_KIND else (model or _Raw)
    try:
        return chosen.model_validate(record.payload)
    except ValidationError:
        raise StoreError(
            f"the saved {kind} {record.info.key!r} (version {record.info.version}) does not fit {chosen.__name__}",
            fix="browse its history and restore an earlier version",
        ) from None
