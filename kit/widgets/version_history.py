"""The version history under the save panel: every saved version with its findings, restore and compare.

It reads the store the save panel opened and asks the panel to restore, since restoring also
changes the draft on screen and the save status; versions never change, so each one's findings
are counted once.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from kit.errors import KitError
from kit.model import Level, OkrSet, Review
from kit.store import Store, VersionInfo
from kit.widgets.diff import diff_html
from kit.widgets.history_html import save_message, version_label, versions_table_html
from kit.widgets.shared import action_button, classed
from kit.widgets.style import LEVEL_COLOURS, MUTED, download_link, esc, safe_file_name

Where = Callable[[], tuple[Store, str, str] | None]  # the store, workshop and team being saved, once named


def error_text(error: BaseException) -> str:
    return esc(str(error).rstrip("."))


class VersionHistory(widgets.Accordion):
    """Closed until asked for: opening it reviews each version listed."""

    def __init__(self, where: Where, restore: Callable[[int], int | None], review_of: Callable[[OkrSet], Review]
                 ) -> None:
        self._where, self._restore, self._review_of = where, restore, review_of
        self._counts: dict[tuple[str, str, int], tuple[int, int, int]] = {}
        self.table = classed(widgets.HTML(), "okr-history-table")
        wide = widgets.Layout(width="24em")
        self.pick = classed(widgets.Dropdown(description="Version", layout=wide), "okr-history-pick")
        self.restore_button = action_button("Restore this version", "okr-history-restore", self.restore_picked,
                                            tooltip="Make it the current draft again, as a new version")
        self.before = classed(widgets.Dropdown(description="Before", layout=wide), "okr-history-before")
        self.after = classed(widgets.Dropdown(description="After", layout=wide), "okr-history-after")
        self.compare_button = action_button("Compare", "okr-history-compare", self.compare_picked,
                                            tooltip="Show what changed between them")
        self.message = classed(widgets.HTML(), "okr-history-message")
        self.diff_view = classed(widgets.HTML(), "okr-history-diff")
        super().__init__(
            children=[widgets.VBox([
                self.table,
                widgets.HBox([self.pick, self.restore_button]),
                widgets.HBox([self.before, self.after, self.compare_button]),
                self.message,
                self.diff_view,
            ])],
            titles=("Version history",),
        )
        self.add_class("okr-history")
        self.observe(lambda _c: self.refresh(), names="selected_index")

    def say(self, html: str, colour: str) -> None:
        self.message.value = f'<div style="color:{colour}">{html}</div>' if html else ""

    def restore_picked(self) -> int | None:
        if self.pick.value is None:
            self.say("Nothing to restore yet.", MUTED)
            return None
        return self._restore(int(self.pick.value))

    def compare(self, before: int, after: int) -> str:
        """Show the before and after of two versions; returns the HTML shown."""
        where = self._where()
        if where is None:
            return ""
        store, workshop, team = where
        if before == after:
            self.say("Pick two different versions to compare.", MUTED)
            self.diff_view.value = ""
            return ""
        try:
            diff = store.diff(workshop, team, before, after)
        except KitError as error:
            self.say(f"Could not compare: {error_text(error)}.", LEVEL_COLOURS["error"])
            return ""
        name = safe_file_name(f"{team}-v{before}-v{after}") + ".txt"
        self.say("", MUTED)
        self.diff_view.value = diff_html(diff) + download_link(name, diff.to_text(), "text/plain;charset=utf-8")
        return self.diff_view.value

    def compare_picked(self) -> str:
        if self.before.value is None or self.after.value is None:
            self.say("Save at least two versions to compare them.", MUTED)
            return ""
        return self.compare(int(self.before.value), int(self.after.value))

    def refresh(self) -> list[VersionInfo]:
        """Re-read the version list while the history is open; closed, it is read when it opens, so an
        autosave costs no extra query (a hub's store serves every participant's saves)."""
        try:
            where = self._where()
            if where is None:
                self.table.value = save_message("Name your team to see its saved versions.")
                self._set_options([])
                return []
            if self.selected_index is None:
                return []
            store, workshop, team = where
            infos = store.versions(workshop, team)
            self.table.value = versions_table_html(infos, lambda info: self._findings_counts(store, info))
        except KitError as error:
            self.table.value = save_message(f"Could not read the history: {error_text(error)}.",
                                            LEVEL_COLOURS["error"], "error")
            return []
        self._set_options(infos)
        return infos

    def _set_options(self, infos: list[VersionInfo]) -> None:
        options = [(version_label(info), info.version) for info in reversed(infos)]
        numbers = [info.version for info in infos]
        keep_pick = self.pick.value if self.pick.value in numbers else None
        self.pick.options = self.before.options = self.after.options = options
        if not numbers:
            return
        self.pick.value = keep_pick or (numbers[-2] if len(numbers) > 1 else numbers[-1])
        self.before.value = numbers[0]
        self.after.value = numbers[-1]

    def _findings_counts(self, store: Store, info: VersionInfo) -> tuple[int, int, int]:
        """Errors, warnings and tips of a saved version."""
        key = (info.workshop, info.key, info.version)
        if key not in self._counts:
            review = self._review_of(store.load_version(info.workshop, info.key, info.version).okr_set)
            self._counts[key] = (review.count(Level.ERROR), review.count(Level.WARNING), review.count(Level.INFO))
        return self._counts[key]
