"""Case intake form: a member writes the case, the intake rubric answers beside each field.

A view over one `CaseIntake`; the rules are in rubrics/intake.yaml and run by kit.cop.intake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from kit.cop.intake import CaseIntake, IntakeCheck, Verdict, check_case
from kit.errors import KitError
from kit.widgets.style import GATE_COLOURS, MUTED, esc, finding_html, pill

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "title": ("Case", "A short name for the case"),
    "owner": ("Case owner", "Who brings it"),
    "process": ("Process affected", "The meeting, hand-off or OKR step where it shows up"),
    "impact": ("Execution impact", "What slips, stalls or gets redone - how often, how much"),
    "decision": ("Decision needed", "By the end of the hour we will have decided / agreed ..."),
    "okr": ("Live OKR / KR", "The objective or key result it slows down"),
    "evidence": ("Evidence", "Check-in notes, the KR, the dependency log entry ..."),
}
LONG_FIELDS = {"impact", "decision", "evidence"}
VERDICT_COLOURS = {
    Verdict.READY: GATE_COLOURS["green"],
    Verdict.NEEDS_WORK: GATE_COLOURS["amber"],
    Verdict.PARK: GATE_COLOURS["red"],
}
VERDICT_TEXT = {
    Verdict.READY: "ready for the agenda",
    Verdict.NEEDS_WORK: "make it specific before the clinic",
    Verdict.PARK: "park it: it cannot change practice as written",
}


def verdict_html(check: IntakeCheck) -> str:
    verdict = check.verdict
    return (
        f'<div class="okr-intake-verdict" data-verdict="{esc(verdict.value)}">'
        f"{pill(VERDICT_TEXT[verdict], VERDICT_COLOURS[verdict])}</div>"
    )


class IntakeForm(widgets.VBox):
    """Edits `case` in place and re-checks it on every change; `on_change` callbacks see each check."""

    def __init__(self, case: CaseIntake | None = None, **kwargs: Any) -> None:
        self.case = case or CaseIntake()
        self.check: IntakeCheck = check_case(self.case)
        self._listeners: list[Callable[[IntakeCheck], None]] = []
        self.inputs: dict[str, widgets.Text | widgets.Textarea] = {}
        self.field_findings: dict[str, widgets.HTML] = {}
        rows: list[widgets.Widget] = []
        for name, (label, placeholder) in FIELD_LABELS.items():
            factory = widgets.Textarea if name in LONG_FIELDS else widgets.Text
            extra = {"rows": 3} if name in LONG_FIELDS else {}
            box = factory(
                **extra,
                value=getattr(self.case, name),
                placeholder=placeholder,
                description=label,
                style={"description_width": "11em"},
                layout=widgets.Layout(width="95%"),
                continuous_update=True,
            )
            box.add_class(f"okr-intake-{name}")
            box.observe(self._edited(name), names="value")
            findings = widgets.HTML()
            findings.add_class(f"okr-intake-{name}-findings")
            self.inputs[name], self.field_findings[name] = box, findings
            rows += [box, findings]
        self.paste = widgets.Textarea(
            placeholder="Or paste a case: 'Process: ...', 'Impact: ...', 'Decision: ...' lines, or free text",
            layout=widgets.Layout(width="95%", height="5em"),
        )
        self.paste.add_class("okr-intake-paste")
        self.paste_button = widgets.Button(description="Read pasted case", icon="paste")
        self.paste_button.add_class("okr-intake-read")
        self.paste_button.on_click(lambda _b: self.load_text(self.paste.value))
        self.okr_set_path = widgets.Text(
            value=self.case.okr_set or "",
            placeholder="Optional: file of the saved OKR set (Markdown, YAML, JSON, CSV)",
            description="Linked OKR set",
            style={"description_width": "11em"},
            layout=widgets.Layout(width="95%"),
            continuous_update=False,
        )
        self.okr_set_path.add_class("okr-intake-okr-set")
        self.okr_set_path.observe(self._link_edited, names="value")
        self.link_status = widgets.HTML()
        self.link_status.add_class("okr-intake-link-status")
        rows += [self.okr_set_path, self.link_status]
        self.case_findings = widgets.HTML()
        self.case_findings.add_class("okr-intake-findings")
        self.verdict = widgets.HTML()
        self.verdict.add_class("okr-intake-verdict-box")
        super().__init__(
            [widgets.HBox([self.paste, self.paste_button]), *rows, self.case_findings, self.verdict], **kwargs
        )
        self.add_class("okr-intake")
        self.refresh()

    def on_change(self, listener: Callable[[IntakeCheck], None]) -> None:
        self._listeners.append(listener)

    def load(self, case: CaseIntake) -> None:
        self.case = case
        for name, box in self.inputs.items():
            box.value = getattr(case, name)
        self.okr_set_path.value = case.okr_set or ""
        self.refresh()

    def _link_edited(self, change: dict[str, Any]) -> None:
        value = change["new"].strip() or None
        if value != self.case.okr_set:
            self.case.okr_set = value
            self.refresh()

    def _link_html(self) -> str:
        """Which objective or KR of the linked set the case is about, or why the link does not work."""
        if not self.case.okr_set:
            return ""
        try:
            okr_set = self.case.linked_okr_set()
            item = self.case.linked_item()
        except KitError as error:
            return f'<div class="okr-error" style="color:{GATE_COLOURS["red"]}">{esc(error)}</div>'
        count = len(okr_set.objectives) if okr_set else 0
        found = f"case is about: “{esc(item)}”" if item else "the live OKR / KR above is not in this set"
        return f'<div style="color:{MUTED}">Linked set with {count} objective(s); {found}</div>'

    def load_text(self, text: str) -> None:
        if text.strip():
            self.load(CaseIntake.from_text(text))

    def _edited(self, name: str) -> Callable[[dict[str, Any]], None]:
        def handler(change: dict[str, Any]) -> None:
            if getattr(self.case, name) != change["new"]:
                setattr(self.case, name, change["new"])
                self.refresh()

        return handler

    def refresh(self) -> None:
        try:
            self.check = check_case(self.case)
        except KitError as error:
            self.case_findings.value = f'<div class="okr-error">{esc(error)}</div>'
            return
        for name, box in self.field_findings.items():
            box.value = "".join(finding_html(f) for f in self.check.for_field(name))
        self.case_findings.value = "".join(finding_html(f) for f in self.check.for_field("all"))
        self.verdict.value = verdict_html(self.check)
        self.link_status.value = self._link_html()
        for listener in self._listeners:
            listener(self.check)
