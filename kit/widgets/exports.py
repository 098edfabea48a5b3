"""The formats a reviewed set can be downloaded in from the widgets.

The documents are written by kit.report, the same code the CLI uses, so a download from
the widget reads back through `kit.parse` exactly like a file exported on the command line.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from kit.model import OkrSet, Review
from kit.parse.write import okr_set_to_csv, okr_set_to_json, okr_set_to_xlsx, okr_set_to_yaml
from kit.report.markdown import okr_set_to_markdown
from kit.rubric.gates import GateVerdict
from kit.widgets.shared import action_button, classed
from kit.widgets.style import MUTED, download_link, esc

# label -> (file suffix, MIME type, writer)
EXPORT_FORMATS: dict[str, tuple[str, str, Callable[[OkrSet], str | bytes]]] = {
    "Markdown": (".md", "text/markdown", okr_set_to_markdown),
    "YAML": (".yaml", "application/yaml", okr_set_to_yaml),
    "JSON": (".json", "application/json", okr_set_to_json),
    "CSV": (".csv", "text/csv", okr_set_to_csv),
    "Excel": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", okr_set_to_xlsx),
}


def export_text(review: Review, fmt: str) -> str | bytes:
    """The reviewed set as a document in `fmt` (one of EXPORT_FORMATS): text, or bytes for a workbook."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    return EXPORT_FORMATS[fmt][2](review.okr_set)


class ExportPanel:
    """The format, the Export button and the download they make; the editor places the three widgets.

    `current` gives the review and gate verdict on screen when asked, so a download on the page can
    follow later edits (`follow`): an edit that reaches the kernel after Export was pressed (a keystroke
    still on its way) is in the file all the same."""

    def __init__(self, filename: str, current: Callable[[], tuple[Review, GateVerdict]]) -> None:
        self.filename = filename
        self._current = current
        self.format = widgets.Dropdown(options=list(EXPORT_FORMATS), value="Markdown",
                                       layout=widgets.Layout(width="10em"))
        self.button = action_button("Export", "okr-export", self.offer, tooltip="Prepare a download of this set")
        self.output = classed(widgets.HTML(), "okr-export-output")
        self._offered: str | None = None  # the format of the download on the page

    def follow(self) -> None:
        if self._offered is not None:
            self.offer(self._offered)

    def offer(self, fmt: str | None = None) -> str:
        """Offer the set as a download link that works in Voila; returns the document (a workbook's file
        name), or "" when there is nothing to export yet."""
        fmt = fmt or self.format.value
        review, verdict = self._current()
        if not review.okr_set.objectives:
            self._offered = None
            self.output.value = (
                f"<span class='okr-export-empty' style='color:{MUTED}'>Nothing to export yet: write at least one "
                "objective, then export again.</span>"
            )
            return ""
        document = export_text(review, fmt)
        self._offered = fmt
        suffix, mime, _writer = EXPORT_FORMATS[fmt]
        name = f"{self.filename}{suffix}"
        gate = "" if verdict.passes else f" (it does not pass the {verdict.gate.label} yet)"
        if isinstance(document, bytes):  # a workbook: nothing to preview as text
            krs = len(review.okr_set.key_results())
            self.output.value = download_link(name, document, mime) + esc(f"{gate} · {krs} key result(s)")
            return name
        self.output.value = (
            download_link(name, document, f"{mime};charset=utf-8")
            + esc(gate)
            + f'<pre style="max-height:18em;overflow:auto;background:#f6f6f6;padding:6px">{esc(document)}</pre>'
        )
        return document
