"""One step of a workshop agenda as the room sees it: what, why, the questions, and the clock."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from kit.definition.workshop import Step
from kit.widgets.style import MUTED, esc
from kit.widgets.timer import CountdownTimer


class StepCard(widgets.VBox):
    """The step's structure, purpose, prompts and a countdown the facilitator sets within the guide's timing."""

    def __init__(self, step: Step, **kwargs: Any) -> None:
        self.step = step
        prompts = "".join(f"<li>{esc(prompt)}</li>" for prompt in step.prompts)
        self.card = widgets.HTML(
            f'<div class="okr-step" data-step="{esc(step.id)}">'
            f"<h4 style='margin:4px 0'>{esc(step.title)}</h4>"
            f"<p><b>Liberating Structure:</b> {esc(step.structure)} "
            f"<span style='color:{MUTED}'>({esc(step.timing)})</span></p>"
            f"<p><b>Purpose:</b> {esc(step.purpose)}<br><b>How:</b> {esc(step.practices)}</p>"
            f"<p><b>Prompts for the room</b></p><ul>{prompts}</ul></div>"
        )
        self.timer = CountdownTimer(step.minutes[0], label=step.name, choices=step.minutes)
        super().__init__([self.card, self.timer], **kwargs)
        self.add_class("okr-step-card")


def agenda_html(steps: list[Step]) -> str:
    """The whole event on one slide: step, structure, timing."""
    rows = "".join(
        f"<tr><td style='text-align:left'>{i}. {esc(s.name)}</td><td style='text-align:left'>{esc(s.structure)}</td>"
        f"<td style='text-align:left'>{esc(s.timing)}</td></tr>"
        for i, s in enumerate(steps, start=1)
    )
    header = "".join(f"<th style='text-align:left'>{name}</th>" for name in ("Step", "Liberating Structure", "Time"))
    return (f"<table class='okr-agenda'><tr>{header}</tr>"
            f"{rows}</table>")
