"""Bringing a draft into the drafting widget: pasted text or an uploaded file, read as `okr-kit review` reads it.

A draft that cannot be read leaves the set on screen as it was, and the status line says what
is wrong and where; a big one says it is being read before the kernel is busy for a second.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from kit.errors import KitError
from kit.model import OkrSet
from kit.widgets.okr_feedback import import_report, pasted_error
from kit.widgets.shared import action_button, classed, upload_button
from kit.widgets.style import LEVEL_COLOURS, MUTED, esc

UPLOAD_SUFFIXES = ".md,.markdown,.txt,.yaml,.yml,.json,.csv,.xlsx"

# a paste this long takes over a second to read, review and show: the import status says so meanwhile
BIG_DRAFT_LINES = 100


class ImportPanel(widgets.VBox):
    """Paste or upload a draft; `load` receives the set once it has been read."""

    def __init__(self, load: Callable[[OkrSet], None]) -> None:
        self._load = load
        self.area = classed(widgets.Textarea(
            placeholder="Paste a draft here (Markdown, plain text, YAML, JSON or CSV), then press Import.",
            layout=widgets.Layout(width="100%", height="9em"),
        ), "okr-import-text")
        self.button = action_button("Import", "okr-import", lambda: self.import_text(self.area.value),
                                    tooltip="Replace the set below with the pasted draft")
        self.button.button_style = "primary"
        self.upload, upload_style = upload_button("Upload a file", UPLOAD_SUFFIXES)
        self.upload.observe(self._uploaded, names="value")
        self.status = classed(widgets.HTML(), "okr-import-status")
        super().__init__([self.area, widgets.HBox([self.button, self.upload, upload_style]), self.status])

    def import_text(self, text: str, *, format: str | None = None) -> bool:
        """Replace the set with a pasted draft; on bad input say what is wrong and keep the current set."""
        from kit.parse import parse

        if not text.strip():
            self.status.value = f"<span style='color:{MUTED}'>Paste a draft first.</span>"
            return False
        self._busy(text.count("\n") + 1)
        try:
            okr_set = parse(text, format=format)
        except KitError as error:
            self._failed(f"Could not read the draft: {pasted_error(error)}")
            return False
        self._load(okr_set)
        self.status.value = import_report("Imported", okr_set)
        return True

    def import_file(self, name: str, content: bytes) -> bool:
        """Read an uploaded file by its suffix, the same way `okr-kit review FILE` would."""
        from kit.parse import parse_upload

        self._busy(content.count(b"\n") + 1)
        try:
            okr_set = parse_upload(name, content)
        except KitError as error:
            self._failed(f"Could not read {name}: {error}")
            return False
        self._load(okr_set)
        self.status.value = import_report(f"Imported {esc(name)}:", okr_set)
        return True

    def _failed(self, message: str) -> None:
        self.status.value = f"<span style='color:{LEVEL_COLOURS['error']}'>{esc(message)}</span>"

    def _busy(self, lines: int) -> None:
        """Say what is happening when a big draft will take over a second (the page shows it at once)."""
        if lines >= BIG_DRAFT_LINES:
            self.status.value = (f"<span class='okr-import-progress' style='color:{MUTED}'>Reading {lines} "
                                 "lines and reviewing every key result…</span>")

    def _uploaded(self, change: dict[str, Any]) -> None:
        for upload in change["new"]:
            self.import_file(upload["name"], bytes(upload["content"]))
