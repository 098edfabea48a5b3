"""Check a metric dictionary exported from a spreadsheet: upload or paste, see what to fix."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from kit.errors import InputError
from kit.model import KeyResult
from kit.rollout.metrics import Metric, check_dictionary, read_dictionary
from kit.widgets.shared import upload_button
from kit.widgets.style import LEVEL_COLOURS, OK_COLOUR, esc


class DictionaryChecker(widgets.VBox):
    """The playbook's dictionary checks, run on whatever the data steward brings to the session."""

    def __init__(self, key_results: list[KeyResult] | None = None, **kwargs: Any) -> None:
        self.key_results = key_results or []
        self.metrics: list[Metric] = []
        self.upload, upload_style = upload_button("Upload CSV", ".csv")
        self.paste = widgets.Textarea(placeholder="…or paste the CSV here", layout=widgets.Layout(width="48em"))
        self.check = widgets.Button(description="Check the dictionary")
        self.output = widgets.HTML()
        self.upload.observe(self._uploaded, names="value")
        self.check.on_click(lambda _: self.check_text(self.paste.value))
        super().__init__([widgets.HBox([self.upload, upload_style, self.check]), self.paste, self.output], **kwargs)

    def _uploaded(self, change: dict[str, Any]) -> None:
        for upload in change["new"]:
            self.check_text(bytes(upload["content"]).decode("utf-8-sig", errors="replace"), name=upload["name"])

    def check_text(self, text: str, name: str = "pasted CSV") -> list[str]:
        try:
            self.metrics = read_dictionary(text)
        except InputError as exc:
            exc.path = name
            self.output.value = f"<p style='color:{LEVEL_COLOURS['error']}'>{esc(exc)}</p>"
            return [str(exc)]
        issues = [i.message for i in check_dictionary(self.metrics, self.key_results)]
        rows = "".join(f"<tr><td>{esc(m.name)}</td><td>{esc(m.owner)}</td><td>{esc(m.source_system)}</td>"
                       f"<td>{esc(m.refresh or '—')}</td></tr>" for m in self.metrics)
        verdict = (f"<ul style='color:{LEVEL_COLOURS['warning']}'>" + "".join(f"<li>{esc(i)}</li>" for i in issues)
                   + "</ul>") if issues else f"<p style='color:{OK_COLOUR}'>No issues: every check passes.</p>"
        self.output.value = (f"<table><tr><th>Metric</th><th>Owner</th><th>Source</th><th>Refresh</th></tr>{rows}"
                             f"</table>{verdict}")
        return issues
