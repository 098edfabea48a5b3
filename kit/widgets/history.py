"""The save panel beside the drafting widget: autosave, restore on reopen, version history and diffs.

A room types for hours and kernels die, so once a team is named every edit in the OkrEditor is
saved (debounced) as a new version in the workshop store, with its author and time. Naming the
team again after a restart brings its latest draft back. The history lists every version with
its counts of findings; any version can be restored (as a new version, history is never
rewritten) and two versions compared: the before and after of a rewrite that the playbooks
ask coaches to show.

The store is opened only when something is saved or a saved store already exists, so merely
running a notebook (in a test, or to try it) never leaves a database behind.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from kit.autosave import Autosaver, Scheduler
from kit.errors import KitError
from kit.hub import Identity, choose_team, current_identity, team_of
from kit.model import OkrSet
from kit.store import (
    SetVersion,
    Store,
    StoreError,
    VersionInfo,
    content_fingerprint,
    open_store,
    saved_store_exists,
)
from kit.widgets.history_html import clock_time, save_message
from kit.widgets.okr_editor import OkrEditor, blank_set
from kit.widgets.shared import action_button, classed
from kit.widgets.style import GATE_COLOURS, LEVEL_COLOURS, MUTED, esc
from kit.widgets.version_history import VersionHistory, error_text

ANONYMOUS = "anonymous"


def _is_blank(okr_set: OkrSet) -> bool:
    return not (okr_set.title or "").strip() and not any(
        o.text.strip() or any(k.text.strip() for k in o.key_results) for o in okr_set.objectives
    )


class SavePanel(widgets.VBox):
    """Workshop, team and author fields, the save status and the version history of one OkrEditor.

    `store` is for tests and hubs that already hold one; otherwise the store is opened in
    `folder` (default: the current folder, i.e. the workshop folder) or at `url`
    (default: `KIT_STORE_URL`).
    """

    def __init__(
        self,
        editor: OkrEditor,
        *,
        store: Store | None = None,
        folder: str | Path | None = None,
        url: str | None = None,
        workshop: str | None = None,
        team: str = "",
        author: str = "",
        delay_ms: int = 1000,
        max_wait_ms: int = 10_000,
        scheduler: Scheduler | None = None,
        clock: Callable[[], float] = time.monotonic,
        identity: Identity | None = None,
        **kwargs: Any,
    ) -> None:
        """Inside a JupyterHub (`identity`, read from the server's environment by default) the author is the
        hub user, the workshop the cohort's, and a participant saves and opens only their own team."""
        self.editor = editor
        self.identity = identity or current_identity()
        self._store = store
        self._owns_store = store is None
        self._folder = Path(folder) if folder is not None else Path.cwd()
        self._url = url
        self._delay_ms, self._max_wait_ms = delay_ms, max_wait_ms
        self._scheduler, self._clock = scheduler, clock
        self.saver: Autosaver | None = None
        self._saved_fingerprint: str | None = None
        self._loading = False
        self._offered: int | None = None
        self._active: tuple[str, str] | None = None  # the workshop and team the draft on screen belongs to

        field = {"continuous_update": False, "style": {"description_width": "initial"}}
        self.workshop = widgets.Text(value=workshop or self._folder.resolve().name or "workshop",
                                     description="Workshop name", layout=widgets.Layout(width="18em"),
                                     tooltip="Every team's drafts in this workshop are kept together under this name",
                                     **field)
        self.workshop.add_class("okr-save-workshop")
        self.team = widgets.Combobox(value=team, placeholder="type or pick your team", ensure_option=False,
                                     description="Save for team", layout=widgets.Layout(width="20em"), **field)
        self.team.add_class("okr-save-team")
        self.author = widgets.Text(value=author, placeholder="shown in the history", description="Your name",
                                   layout=widgets.Layout(width="17em"), **field)
        self.author.add_class("okr-save-author")
        self.save_button = action_button("Save now", "okr-save-now", self.save_now,
                                         tooltip="Save the draft as it is now")
        self.new_button = action_button(
            "New draft", "okr-save-new", self.new_draft,
            tooltip="Start an empty draft for this team; the current one stays in the version history",
        )
        self.status = classed(widgets.HTML(), "okr-save-status")

        self.offer_text = widgets.HTML()
        self.offer_button = action_button("Open the saved draft", "okr-save-open-saved", self._accept_offer)
        self.offer_button.button_style = "warning"
        self.offer = classed(widgets.HBox([self.offer_text, self.offer_button], layout=widgets.Layout(display="none")),
                             "okr-save-offer")

        self.history = VersionHistory(self._where, self.restore_version, editor.review_of)

        super().__init__([
            widgets.HBox([self.workshop, self.team, self.author, self.save_button, self.new_button]),
            self.status,
            self.offer,
            self.history,
        ], **kwargs)
        self.add_class("okr-save-panel")

        self.workshop.observe(lambda _c: self._start(), names="value")
        self.team.observe(lambda _c: self._start(), names="value")
        self.author.observe(self._author_changed, names="value")
        editor.on_change(self._edited)
        self._apply_identity()
        self._refresh_team_options()
        self._start()

    # --- what a facilitator's notebook or a test calls ----------------------------------------

    def new_draft(self) -> None:
        """An empty draft for the named team; what was on screen is saved first and stays in the history."""
        if self.saver is not None:
            self.saver.flush()
        team = self.team.value.strip()
        self.editor.load(blank_set().model_copy(update={"team": team or None}))
        message = f"New draft for team {esc(team)}; earlier versions stay in the history." if team else "New draft."
        self._show(save_message(message, MUTED, "new"))

    def save_now(self) -> int | None:
        """Save at once (e.g. before closing the laptop); returns the new version, if one was made."""
        if self.saver is None:
            self._show(save_message("Name your team first: the draft is saved under the team's name.",
                                LEVEL_COLOURS["warning"], "idle"))
            return None
        version = self.saver.flush()
        self._show_status()
        return version

    def restore_version(self, version: int) -> int | None:
        """Make `version` the current draft again, saved as a new version; returns that version."""
        saver = self.saver
        if saver is None:
            return None
        saver.flush()
        if saver.last_error is not None:
            self.history.say(
                f"Version {version} was not restored: your latest edits are not saved yet and would be "
                f"replaced. {error_text(saver.last_error)}.", LEVEL_COLOURS["error"])
            self._show_status()
            return None
        try:
            new_version = self._open().restore(saver.workshop, saver.team, version, saver.author)
            restored = saver.restore()
        except KitError as error:
            self.history.say(f"Version {version} was not restored: {error_text(error)}.", LEVEL_COLOURS["error"])
            return None
        if isinstance(restored, OkrSet):
            self._load(restored)
        self._hide_offer()
        self.history.say(f"Version {version} restored as version {new_version}.", GATE_COLOURS["green"])
        self._show_status()
        self.refresh_history()
        return new_version

    def refresh_history(self) -> list[VersionInfo]:
        return self.history.refresh()

    def close(self) -> None:
        """Save what is pending before the widget goes away; close the store if the panel opened it."""
        self._stop_saver()
        if self._owns_store and self._store is not None:
            self._store.close()
            self._store = None
        super().close()

    # --- starting and stopping autosave ---------------------------------------------------------

    def _open(self, *, create: bool = True) -> Store:
        """The store; without `create`, a SQLite store that does not exist yet is not made (StoreError)."""
        if self._store is None:
            if not create and not saved_store_exists(self._folder, self._url):
                raise StoreError("nothing saved in this workshop folder yet")
            try:
                self._store = open_store(self._folder, self._url)
            except ImportError as error:
                raise StoreError(
                    f"the database driver for the store is not installed ({error.name})",
                    fix="install it with: pip install 'okr-workshop-kit[postgres]', then restart the kernel",
                ) from None
        return self._store

    def _where(self) -> tuple[Store, str, str] | None:
        saver = self.saver
        return None if saver is None else (self._open(), saver.workshop, saver.team)

    def _author_name(self) -> str:
        return self.author.value.strip() or ANONYMOUS

    def _author_changed(self, _change: dict[str, Any]) -> None:
        if self.saver is not None:
            self.saver.author = self._author_name()

    def _stop_saver(self) -> None:
        if self.saver is not None:
            self.saver.close()  # pending edits are saved under the old team before switching
            self.saver = None

    def _apply_identity(self) -> None:
        """Fill and lock what the hub already says: who is typing, the cohort's workshop, the team."""
        identity = self.identity
        if not identity.in_hub:
            return
        self.author.value, self.author.disabled = identity.user, True
        if identity.workshop:
            self.workshop.value = identity.workshop
        if identity.sees_every_team:
            return
        self.workshop.disabled = bool(identity.workshop)
        try:
            team = team_of(identity, self._open(), self.workshop.value.strip())
        except KitError:
            team = identity.team
        if team:
            self.team.value, self.team.disabled = team, True

    def _start(self) -> None:
        """(Re)start autosave for the named workshop and team, bringing back their latest draft."""
        self._stop_saver()
        self._hide_offer()
        self._saved_fingerprint = None
        workshop, team = self.workshop.value.strip(), self.team.value.strip()
        if team and workshop and not self.identity.sees_every_team:
            try:
                team = choose_team(self.identity, self._open(), workshop, team)
            except KitError as error:
                self._show(save_message(f"Not saving: {error_text(error)}.", LEVEL_COLOURS["error"], "error"))
                return
            self.team.disabled = True
        # Naming the team claims the draft on screen; switching to another team never takes it along.
        switching = self._active is not None and self._active != (workshop, team)
        previous = self._active
        if not team or not workshop:
            missing = "your team's name" if workshop else "the workshop's name"
            self._show(save_message(f"Type {missing} to save this draft as you type and find it again later."))
            self.refresh_history()
            return
        try:
            store = self._open()
            saver = Autosaver(
                store, workshop, team, self._author_name(), lambda: self.editor.okr_set,
                delay_ms=self._delay_ms, max_wait_ms=self._max_wait_ms, scheduler=self._scheduler,
                clock=self._clock, on_saved=self._saved, on_error=self._failed,
            )
            latest = store.latest(workshop, team)
            restored = saver.restore()
        except KitError as error:
            self._show(save_message(
                f"Not saving: {error_text(error)}. Your edits stay on this page; fix this and name the team again.",
                LEVEL_COLOURS["error"], "error"))
            return
        self.saver = saver
        self._active = (workshop, team)
        if switching and previous is not None:
            self._switch_to(team, previous[1], restored if isinstance(restored, OkrSet) else None, latest)
        elif latest is None or not isinstance(restored, OkrSet):
            self._show(save_message(f"Saving team {esc(team)}'s draft as you type; nothing saved yet."))
            if not _is_blank(self.editor.okr_set):
                saver.touch()
                self._show_status()
        else:
            self._saved_fingerprint = content_fingerprint(restored)
            info = latest.info
            if _is_blank(self.editor.okr_set) or content_fingerprint(self.editor.okr_set) == self._saved_fingerprint:
                self._load(restored)
                self._show(save_message(
                    f"Restored version {info.version}, saved by {esc(info.author)} at {clock_time(info.saved_at)}. "
                    "Keep typing: every change is saved.", GATE_COLOURS["green"], "restored"))
            else:
                self._offer(info)
                saver.touch()
                self._show_status()
        if not (self.editor.okr_set.team or "").strip():
            # part of the draft from now on, saved with the next edit rather than as a version of its own
            self._loading = True
            try:
                self.editor.team.value = team
            finally:
                self._loading = False
        self._refresh_team_options()
        self.refresh_history()

    def _switch_to(self, team: str, previous: str, restored: OkrSet | None, latest: SetVersion | None) -> None:
        """Show the new team's own latest draft, or an empty one; the previous team's stays saved as it was."""
        kept = f"Team {esc(previous)}'s draft is saved under {esc(previous)}." if previous else ""
        if restored is None or latest is None:
            self._load(blank_set().model_copy(update={"team": team}))
            self._show(save_message(f"Team {esc(team)} has nothing saved yet: this is a new, empty draft. {kept}"))
        else:
            self._saved_fingerprint = content_fingerprint(restored)
            self._load(restored)
            info = latest.info
            self._show(save_message(
                f"Showing team {esc(team)}'s version {info.version}, saved by {esc(info.author)} at "
                f"{clock_time(info.saved_at)}. {kept}", GATE_COLOURS["green"], "restored"))
        self._refresh_team_options()
        self.refresh_history()

    # --- following the editor ---------------------------------------------------------------------

    def _load(self, okr_set: OkrSet) -> None:
        """Show a saved set in the editor without counting it as an edit."""
        self._loading = True
        try:
            self.editor.load(okr_set)
        finally:
            self._loading = False

    def _edited(self) -> None:
        if self._loading or self.saver is None:
            return
        self.saver.touch()
        self._show_status()

    def _saved(self, _version: int) -> None:
        self._saved_fingerprint = content_fingerprint(self.editor.okr_set)
        self._show_status()
        self.refresh_history()
        if self.saver is not None and self.saver.team not in self.team.options:
            self._refresh_team_options()

    def _failed(self, _error: KitError) -> None:
        self._show_status()

    def _show_status(self) -> None:
        saver = self.saver
        if saver is None:
            return
        retry = round(self._max_wait_ms / 1000)
        if saver.last_error is not None:
            self._show(save_message(
                f"⚠ Not saved: {error_text(saver.last_error)}. Your edits are kept on this page and saving is "
                f"tried again every {retry} s; do not close it until this says saved.",
                LEVEL_COLOURS["error"], "error"))
        elif self._saved_fingerprint != content_fingerprint(self.editor.okr_set):
            self._show(save_message("Unsaved changes, saving when you pause…", MUTED, "pending"))
        elif saver.last_version is not None:
            self._show(save_message(
                f"✓ Saved version {saver.last_version} at {clock_time(saver.last_saved_at)}",
                GATE_COLOURS["green"], "saved"))

    def _show(self, html: str) -> None:
        self.status.value = html

    # --- offering a team's saved draft --------------------------------------------------------------

    def _offer(self, info: VersionInfo) -> None:
        self._offered = info.version
        self.offer_text.value = save_message(
            f"Team {esc(info.key)} already has a saved draft (version {info.version} by {esc(info.author)} at "
            f"{clock_time(info.saved_at)}). The draft on screen is saved as the next version; the saved one "
            "stays in the history.", LEVEL_COLOURS["warning"], "offer")
        self.offer.layout.display = "flex"

    def _hide_offer(self) -> None:
        self._offered = None
        self.offer.layout.display = "none"

    def _accept_offer(self) -> None:
        if self._offered is not None:
            self.restore_version(self._offered)

    def _refresh_team_options(self) -> None:
        """Offer the teams that already saved in this workshop, so a reopened notebook finds its draft."""
        try:
            teams = self._open(create=False).teams(self.workshop.value.strip())
        except KitError:
            teams = []
        self.team.options = tuple(t for t in teams if self.identity.may_open(t))
