"""The readiness quick check as a form a leadership team fills in together.

Scoring, gates and remediation live in kit.definition.readiness; this widget only collects the
scores and shows the result, so the check reads the same in a notebook and in a report.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from kit.definition.readiness import ITEM_MAX, Checklist, Result, load_checklist
from kit.widgets.style import GATE_COLOURS, MUTED, bar_html, esc, pill


class ReadinessCheck(widgets.VBox):
    """Fourteen items scored 0-2; live total, one bar per section, the gate and what to fix first."""

    def __init__(self, checklist: Checklist | None = None, **kwargs: Any) -> None:
        self.checklist = checklist or load_checklist()
        self.scores: dict[str, int | None] = {item.id: None for item in self.checklist.items}
        self.inputs: dict[str, widgets.ToggleButtons] = {}
        self.summary = widgets.HTML()
        self.summary.add_class("okr-readiness-summary")
        rows: list[widgets.Widget] = []
        for letter, section in zip("ABCDEFGHIJ", self.checklist.sections, strict=False):
            rows.append(widgets.HTML(f"<h4 style='margin:12px 0 4px'>{letter}) {esc(section.title)} "
                                     f"<span style='color:{MUTED}'>0–{section.max_score}</span></h4>"))
            for number, item in enumerate(section.items, start=1):
                toggle = widgets.ToggleButtons(
                    options=[(str(score), score) for score in range(ITEM_MAX + 1)],
                    value=None,
                    tooltips=[self.checklist.scale.get(score, "") for score in range(ITEM_MAX + 1)],
                    style=widgets.ToggleButtonsStyle(button_width="34px"),
                )
                toggle.observe(self._scored(item.id), names="value")
                self.inputs[item.id] = toggle
                rows.append(widgets.HBox([
                    toggle,
                    widgets.HTML(f"<span>{number}. {esc(item.text)}</span>",
                                 layout=widgets.Layout(flex="1")),
                ]))
        legend = ", ".join(f"{score} = {esc(text)}" for score, text in sorted(self.checklist.scale.items()))
        header = widgets.HTML(f"<p style='color:{MUTED}'>Score each item: {legend}. "
                              f"Aim for {self.checklist.target} or more out of {self.checklist.max_score} "
                              "before drafting OKRs.</p>")
        self.summary.layout = widgets.Layout(flex="2 1 320px", padding="0 0 0 16px")
        items = widgets.VBox(rows, layout=widgets.Layout(flex="3 1 480px"))
        # Items and verdict side by side, so the room sees the total move as it scores.
        super().__init__([header, widgets.HBox([items, self.summary], layout=widgets.Layout(flex_flow="row wrap"))],
                         **kwargs)
        self.add_class("okr-readiness")
        self._render()

    def set_scores(self, scores: dict[str, int]) -> None:
        """Fill in many items at once, e.g. from last quarter's scan."""
        for item_id, score in scores.items():
            self.inputs[item_id].value = score

    @property
    def result(self) -> Result:
        return self.checklist.score(self.scores)

    def _scored(self, item_id: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            self.scores[item_id] = change["new"]
            self._render()

        return handler

    def _render(self) -> None:
        result = self.result
        colour = GATE_COLOURS[result.gate.colour]
        scored = sum(1 for value in self.scores.values() if value is not None)
        parts = [
            f'<div class="okr-readiness-total" data-total="{result.total}" data-gate="{result.gate.colour}">'
            f'<span style="font-size:1.6em">{result.total} / {result.max_score}</span> '
            f"{pill(result.gate.colour.upper(), colour)} <b>{esc(result.gate.verdict)}</b></div>"
        ]
        if not result.complete:
            parts.append(f"<p style='color:{MUTED}'>{scored} of {len(self.scores)} items scored; "
                         "the gate is provisional until every item has a score.</p>")
        parts.extend(
            bar_html(s.section.title, s.score, s.section.max_score,
                     GATE_COLOURS["green" if s.share >= 0.75 else "amber" if s.share >= 0.5 else "red"])
            for s in result.sections
        )
        parts.append(f"<p>{esc(result.gate.next)}</p>")
        if result.lowest:
            items = "".join(f"<li>{esc(item.text)}</li>" for item in result.lowest)
            plays = "".join(f"<li><b>{esc(r.title)}:</b> {esc(r.action)}</li>" for r in result.remedies)
            parts.append(f"<p><b>Fix first</b> (lowest scores):</p><ul>{items}</ul>"
                         f"<p><b>Remediation</b></p><ul class='okr-remedies'>{plays}</ul>")
        self.summary.value = "".join(parts)
