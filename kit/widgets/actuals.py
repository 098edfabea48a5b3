"""Bring a BI export into the cycle: the upload button the check-in starts with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from kit.cycle.actuals import parse_actuals_csv
from kit.cycle.checkin import Cycle
from kit.errors import KitError
from kit.widgets.shared import upload_button
from kit.widgets.style import message_html


class ActualsUpload(widgets.VBox):
    """Upload a BI export (date, KR id, value) into the cycle; row and column errors are shown, not raised."""

    def __init__(self, cycle: Cycle, on_import: Callable[[Cycle], object] | None = None, **kwargs: Any) -> None:
        self.cycle = cycle
        self.on_import = on_import
        self.upload, upload_style = upload_button("Upload actuals (CSV)", ".csv,.tsv,.txt")
        self.upload.observe(self._uploaded, names="value")
        self.status = widgets.HTML()
        self.status.add_class("okr-actuals-status")
        super().__init__([self.upload, upload_style, self.status], **kwargs)

    def import_text(self, text: str, name: str = "<upload>") -> int:
        """Import CSV text; returns how many readings were added (0 when the file was refused)."""
        try:
            actuals = parse_actuals_csv(text, path=name, known_ids=[t.id for t in self.cycle.plan.tracked()])
            self.cycle.add_actuals(actuals)
            if self.on_import is not None:
                self.on_import(self.cycle)
        except (KitError, OSError) as error:
            self.status.value = message_html(f"Nothing imported. {error}", ok=False)
            return 0
        self.status.value = message_html(f"Imported {len(actuals)} readings from {name}.", ok=True)
        return len(actuals)

    def _uploaded(self, change: dict[str, Any]) -> None:
        for upload in change["new"]:
            try:
                text = bytes(upload["content"]).decode("utf-8-sig")
            except UnicodeDecodeError:
                self.status.value = message_html(f"{upload['name']}: not UTF-8 text; export the report as CSV (UTF-8).",
                                             ok=False)
                continue
            self.import_text(text, upload["name"])
