"""The end-quarter review as a form: final scores, one learning per KR, the retro, the brief.

A thin view over kit.cycle.quarter: scores come from the locked data and cannot be edited here;
the room only writes learnings and the retro, and the drafting brief is rewritten live.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from kit.cycle.quarter import RETRO_QUESTIONS, QuarterResult, Retrospective, ReviewNotes, drafting_brief
from kit.errors import KitError
from kit.widgets.style import MUTED, download_link, esc, pill

_LEFT = "style='text-align:left'"


def results_html(result: QuarterResult) -> str:
    """Objective and KR scores with the notices the protocol raises (e.g. unagreed weights)."""
    scale = result.lock.plan.scale
    parts = ["<table class='okr-quarter-objectives'>"]
    for objective in result.objectives:
        notes = "".join(f"<div style='color:{MUTED};font-size:0.9em'>{esc(n)}</div>" for n in objective.notices)
        parts.append(
            f"<tr data-objective='{esc(objective.objective_id)}'><td {_LEFT}><b>{esc(objective.objective_id)}</b> "
            f"{esc(objective.text)}{notes}</td>"
            f"<td>{pill(f'{scale.show(objective.score)} · {objective.band.label}', objective.band.colour)}</td></tr>"
        )
    parts.append("</table><table class='okr-quarter-krs'><tr><th style='text-align:left'>Key result</th>"
                 "<th>Final</th><th>Method</th><th>Score · RAG</th></tr>")
    for kr in result.key_results:
        final = f"{kr.final:g}{kr.unit}" if kr.unit == "%" else f"{kr.final:g} {kr.unit or ''}".strip()
        parts.append(
            f"<tr data-kr='{esc(kr.kr_id)}'><td {_LEFT}><b>{esc(kr.kr_id)}</b> {esc(kr.text)}</td><td>{esc(final)}</td>"
            f"<td style='color:{MUTED}'>{esc(kr.method)}</td>"
            f"<td>{pill(f'{scale.show(kr.score)} · {kr.band.label}', kr.band.colour)}</td></tr>"
        )
    parts.append("</table>")
    if result.lock.problems:
        parts.append("<ul class='okr-lock-problems'>"
                     + "".join(f"<li>{esc(p)}</li>" for p in result.lock.problems) + "</ul>")
    return "".join(parts)


class QuarterReview(widgets.VBox):
    """Learnings and retro in, the next cycle's drafting brief out."""

    def __init__(self, result: QuarterResult, retro: Retrospective | None = None,
                 next_cycle: str = "next cycle", on_save: Callable[[ReviewNotes], object] | None = None,
                 **kwargs: Any) -> None:
        self.result = result
        self.on_save = on_save
        self.retro = retro or Retrospective()
        self.next_cycle = widgets.Text(value=next_cycle, description="Next cycle")
        self.learnings: dict[str, widgets.Textarea] = {}
        learning_rows: list[widgets.Widget] = []
        for kr in result.key_results:
            area = widgets.Textarea(value=result.learnings.get(kr.kr_id, ""),
                                    placeholder="one learning that will change next cycle's bets",
                                    layout=widgets.Layout(width="100%", height="3em"))
            area.add_class("okr-learning-" + "".join(c if c.isalnum() else "-" for c in kr.kr_id))
            area.observe(lambda _c: self.refresh(), names="value")
            self.learnings[kr.kr_id] = area
            learning_rows += [widgets.HTML(f"<b>{esc(kr.kr_id)}</b> {esc(kr.text)} "
                                           f"<span style='color:{MUTED}'>({kr.band.label})</span>"), area]
        self.retro_areas: dict[str, widgets.Textarea] = {}
        retro_rows: list[widgets.Widget] = []
        for field, question in RETRO_QUESTIONS.items():
            area = widgets.Textarea(value="\n".join(getattr(self.retro, field)),
                                    placeholder="one point per line",
                                    layout=widgets.Layout(width="100%", height="6.5em"))
            area.add_class(f"okr-retro-{field.replace('_', '-')}")
            area.observe(lambda _c: self.refresh(), names="value")
            self.retro_areas[field] = area
            retro_rows += [widgets.HTML(f"<b>{esc(question)}</b>"), area]
        self.next_cycle.observe(lambda _c: self.refresh(), names="value")
        self.brief = widgets.HTML()
        self.brief.add_class("okr-drafting-brief")
        self.download = widgets.HTML()
        self.download.add_class("okr-brief-download")
        save = widgets.Button(description="Save learnings and retro", icon="save", button_style="primary",
                              layout=widgets.Layout(width="16em"))
        save.add_class("okr-review-save")
        save.on_click(lambda _b: self.save())
        self.message = widgets.HTML()
        self.message.add_class("okr-review-message")
        super().__init__(
            [widgets.HTML("<h4>One learning per key result</h4>"), *learning_rows,
             widgets.HTML("<h4>Retrospective</h4>"), *retro_rows,
             *([widgets.HBox([save, self.message])] if on_save is not None else []),
             widgets.HTML("<h4>Drafting brief</h4>"), self.next_cycle, self.download, self.brief],
            **kwargs,
        )
        self.add_class("okr-quarter-review")
        self.refresh()

    def notes(self) -> ReviewNotes:
        return ReviewNotes(learnings=dict(self.result.learnings), retro=self.retro)

    def save(self) -> bool:
        """Hand the learnings and retro to `on_save` (e.g. a new version in the workshop store)."""
        if self.on_save is None:
            return False
        try:
            self.on_save(self.notes())
        except (KitError, OSError) as error:
            self.message.value = f"<span style='color:#c62828'>Not saved. {esc(error)}</span>"
            return False
        self.message.value = "<span style='color:#2e7d32'>Saved.</span>"
        return True

    def brief_text(self) -> str:
        return drafting_brief(self.result, self.retro, self.next_cycle.value.strip() or "next cycle")

    def refresh(self) -> None:
        learnings = {kr_id: area.value.strip() for kr_id, area in self.learnings.items() if area.value.strip()}
        self.result.learnings = learnings
        self.retro = Retrospective(**{
            field: [line.strip() for line in area.value.splitlines() if line.strip()]
            for field, area in self.retro_areas.items()
        })
        text = self.brief_text()
        self.brief.value = (f"<pre style='white-space:pre-wrap;line-height:1.35;background:#f7f7f7;padding:6px'>"
                            f"{esc(text)}</pre>")
        name = "drafting-brief-" + "".join(c if c.isalnum() else "-" for c in self.next_cycle.value.strip()) + ".md"
        self.download.value = download_link(name, text, "text/markdown")
