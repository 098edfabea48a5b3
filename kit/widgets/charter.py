"""Charter builder: the one-page CoP charter as a form, checked live by rubrics/charter.yaml.

A view over one `kit.cop.charter.Charter`; the rules and exports live in kit.cop.charter.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from kit.cop.charter import Charter, CharterCheck, check_charter, example_charter
from kit.errors import KitError
from kit.widgets.style import GATE_COLOURS, MUTED, OK_COLOUR, download_link, esc, finding_html, pill

# (field name in Charter.field_values, label, placeholder, multi-line)
FIELDS: tuple[tuple[str, str, str, bool], ...] = (
    ("name", "Community", "e.g. Onboarding value stream OKR community", False),
    ("mandate", "Mandate", "The execution problem this community exists to fix", True),
    ("scope", "Scope", "Teams, functions or value stream it covers", False),
    ("outputs", "Outputs", "One artefact per line: checklist, template, decision rule ...", True),
    ("cadence_weekly", "Weekly", "Working session: what happens every week", False),
    ("cadence_monthly", "Monthly", "Pattern review: what you look for across teams", False),
    ("cadence_quarterly", "Quarterly", "Reset: what you retire and what you pick next", False),
    ("escalation_path", "Escalation path", "What you resolve yourselves; what goes to whom, how fast", True),
    ("participation_rule", "Participation rule", "One hard rule, e.g. members bring live work", False),
    ("sponsor", "Executive sponsor", "Name, role", False),
    ("facilitator", "Facilitator", "Name (and a co-facilitator)", False),
    ("members", "Members", "One per line", True),
)
LIST_FIELDS = {"outputs", "members"}


def _get(charter: Charter, name: str) -> str:
    if name in LIST_FIELDS:
        return "\n".join(getattr(charter, name))
    if name.startswith("cadence_"):
        return str(getattr(charter.cadence, name.removeprefix("cadence_")))
    return str(getattr(charter, name))


def _set(charter: Charter, name: str, value: str) -> None:
    if name in LIST_FIELDS:
        setattr(charter, name, [line.strip() for line in value.splitlines() if line.strip()])
    elif name.startswith("cadence_"):
        setattr(charter.cadence, name.removeprefix("cadence_"), value)
    else:
        setattr(charter, name, value)


def summary_html(check: CharterCheck) -> str:
    missing = len(check.missing)
    warnings = len(check.findings) - missing
    if check.complete and not warnings:
        badge = pill("complete: ready to print", OK_COLOUR)
    elif check.complete:
        badge = pill(f"complete, {warnings} thing(s) to sharpen", GATE_COLOURS["amber"])
    else:
        badge = pill(f"{missing} element(s) missing", GATE_COLOURS["red"])
    return f'<div class="okr-charter-summary" data-missing="{missing}">{badge}</div>'


class CharterBuilder(widgets.VBox):
    def __init__(
        self,
        charter: Charter | None = None,
        filename: str = "cop-charter",
        save_path: str | Path | None = None,
        **kwargs: Any,
    ) -> None:
        self.charter = charter or Charter()
        self.filename = filename
        self.save_path = Path(save_path) if save_path else None
        self.save_status = widgets.HTML()
        self.save_status.add_class("okr-charter-save-status")
        self.check: CharterCheck = check_charter(self.charter)
        self.inputs: dict[str, widgets.Text | widgets.Textarea] = {}
        self.findings: dict[str, widgets.HTML] = {}
        rows: list[widgets.Widget] = []
        for name, label, placeholder, multi in FIELDS:
            box: widgets.Text | widgets.Textarea
            factory = widgets.Textarea if multi else widgets.Text
            extra = {"rows": 4} if multi else {}
            box = factory(
                **extra,
                value=_get(self.charter, name),
                placeholder=placeholder,
                description=label,
                style={"description_width": "11em"},
                layout=widgets.Layout(width="95%"),
            )
            box.add_class(f"okr-charter-{name}")
            box.observe(self._edited(name), names="value")
            findings = widgets.HTML()
            self.inputs[name], self.findings[name] = box, findings
            rows += [box, findings]
        example = widgets.Button(description="Start from the example", icon="file")
        example.add_class("okr-charter-example")
        example.on_click(lambda _b: self.load(example_charter()))
        self.other_findings = widgets.HTML()
        self.summary = widgets.HTML()
        self.summary.add_class("okr-charter-summary-box")
        export = widgets.Button(description="Export", icon="download")
        export.add_class("okr-charter-export")
        export.on_click(lambda _b: self.export())
        self.export_output = widgets.HTML()
        self.export_output.add_class("okr-charter-export-output")
        super().__init__([example, *rows, self.other_findings, self.summary, export, self.export_output], **kwargs)
        self.add_class("okr-charter")
        self.refresh()

    @classmethod
    def from_file(cls, path: str | Path, **kwargs: Any) -> CharterBuilder:
        """Edit the charter saved at `path` (kept up to date on every change); a file that cannot
        be read is left untouched and the builder starts empty, saying why."""
        target = Path(path)
        if not target.exists():
            return cls(save_path=target, **kwargs)
        try:
            return cls(Charter.load(target), save_path=target, **kwargs)
        except KitError as error:
            builder = cls(**kwargs)
            builder.save_status.value = (
                f'<div class="okr-error" style="color:{GATE_COLOURS["red"]}">{esc(error)} - '
                "the file was left as it is; this charter will not be saved over it.</div>"
            )
            return builder

    def load(self, charter: Charter) -> None:
        self.charter = charter
        for name, box in self.inputs.items():
            box.value = _get(charter, name)
        self.refresh()
        self._save()

    def _save(self) -> None:
        if self.save_path is None:
            return
        try:
            self.charter.save(self.save_path)
        except OSError as error:
            self.save_status.value = f'<div class="okr-error">Could not save ({esc(error)}); export it now.</div>'

    def _edited(self, name: str) -> Callable[[dict[str, Any]], None]:
        def handler(change: dict[str, Any]) -> None:
            if _get(self.charter, name) != change["new"]:
                _set(self.charter, name, change["new"])
                self.refresh()
                self._save()

        return handler

    def refresh(self) -> None:
        try:
            self.check = check_charter(self.charter)
        except KitError as error:
            self.summary.value = f'<div class="okr-error">{esc(error)}</div>'
            return
        for name, box in self.findings.items():
            box.value = "".join(finding_html(f) for f in self.check.for_field(name))
        known = set(self.findings)
        self.other_findings.value = "".join(finding_html(f) for f in self.check.findings if f.field not in known)
        self.summary.value = summary_html(self.check)

    def export(self) -> tuple[str, str]:
        """Markdown and print-ready HTML as download links; the page prints to PDF from the browser."""
        markdown, page = self.charter.to_markdown(), self.charter.to_html()
        self.export_output.value = (
            f"{download_link(self.filename + '.md', markdown, 'text/markdown')}<br>"
            f"{download_link(self.filename + '.html', page, 'text/html')}"
            f"<div style='color:{MUTED}'>Open the HTML file and print it (or save as PDF): it fits one A4 page.</div>"
        )
        return markdown, page
