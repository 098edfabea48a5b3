"""The execution diagnosis as a room runs it: each leader answers alone, then the group compares.

Answers stay hidden until the facilitator reveals them all at once, so the first or loudest
voice cannot anchor the rest. The logic lives in kit.rollout.diagnosis; this is only the form and view.
"""

from __future__ import annotations

import io
from typing import Any

import ipywidgets as widgets
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from kit.errors import InputError
from kit.rollout.diagnosis import Diagnosis, DiagnosisGuide, Response, diagnose, load_guide
from kit.widgets.shared import show
from kit.widgets.style import GATE_COLOURS, LEVEL_COLOURS, MUTED, esc, pill

_RECOMMENDATION_COLOURS = {"fix-system": GATE_COLOURS["red"], "pilot": GATE_COLOURS["amber"],
                           "draft": GATE_COLOURS["green"]}


def disagreement_figure(diagnosis: Diagnosis) -> Figure:
    """Leaders x areas: each cell one leader's rating, so a split shows as a split, not a mean."""
    names = list(diagnosis.areas[0].ratings)
    grid = [[result.ratings[name] for result in diagnosis.areas] for name in names]
    fig = Figure(figsize=(1.6 * len(diagnosis.areas) + 2, 0.5 * len(names) + 1.6))
    ax = fig.subplots()
    image = ax.imshow(grid, cmap="RdYlGn", vmin=1, vmax=5, aspect="auto")
    ax.set_xticks(range(len(diagnosis.areas)), [r.area.name for r in diagnosis.areas], rotation=20, ha="right")
    ax.set_yticks(range(len(names)), names)
    for row, values in enumerate(grid):
        for col, value in enumerate(values):
            ax.text(col, row, str(value), ha="center", va="center", fontsize=10)
    for col, result in enumerate(diagnosis.areas):
        if result.area.id in diagnosis.disagreements:
            ax.add_patch(Rectangle((col - 0.5, -0.5), 1, len(names), fill=False, lw=2.5, ec="black"))
    ax.set_title("Ratings by leader (boxed: the group disagrees)")
    fig.colorbar(image, ax=ax, fraction=0.03)
    fig.tight_layout()
    return fig


def figure_png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def diagnosis_html(diagnosis: Diagnosis) -> str:
    rows = []
    for result in diagnosis.areas:
        flags = []
        if result.area.id in diagnosis.disagreements:
            flags.append(pill(f"disagreement: {result.low} to {result.high}", LEVEL_COLOURS["warning"]))
        if result.area.id in diagnosis.weak_areas:
            flags.append(pill("weak", LEVEL_COLOURS["error"]))
        rows.append(f"<tr><td>{esc(result.area.name)}</td><td>{result.mean:.1f}</td>"
                    f"<td>{result.low}–{result.high}</td><td>{' '.join(flags)}</td></tr>")
    colour = _RECOMMENDATION_COLOURS[diagnosis.recommendation]
    return (
        "<table class='okr-diagnosis'><tr><th>Area</th><th>Average</th><th>Range</th><th></th></tr>"
        + "".join(rows) + "</table>"
        + f"<p>{pill(diagnosis.recommendation, colour)} {esc(diagnosis.advice)}</p>"
        + f"<p><b>{esc(diagnosis.summary)}</b></p>"
    )


class DiagnosisForm(widgets.VBox):
    """One leader at a time rates the five areas; the facilitator reveals the comparison."""

    def __init__(self, guide: DiagnosisGuide | None = None, **kwargs: Any) -> None:
        self.guide = guide or load_guide()
        self.responses: list[Response] = []
        self.name = widgets.Text(description="Leader", placeholder="Your name or role")
        self.sliders = {
            area.id: widgets.IntSlider(value=3, min=self.guide.scale.min, max=self.guide.scale.max,
                                       description=area.name, style={"description_width": "14em"},
                                       layout=widgets.Layout(width="34em"))
            for area in self.guide.areas
        }
        questions = [widgets.HTML(f"<div style='color:{MUTED};margin-left:14em'>{esc(a.question)}</div>")
                     for a in self.guide.areas]
        self.problem = widgets.Textarea(placeholder="Which execution problem are the OKRs to solve? One sentence.",
                                        layout=widgets.Layout(width="42em"))
        self.submit = widgets.Button(description="Submit my answers", button_style="primary")
        self.reveal = widgets.Button(description="Reveal and compare")
        self.status = widgets.HTML()
        self.result = widgets.Output()
        self.submit.on_click(lambda _: self._submit())
        self.reveal.on_click(lambda _: self._reveal())
        fields: list[widgets.Widget] = [self.name]
        for slider, question in zip(self.sliders.values(), questions, strict=True):
            fields += [slider, question]
        super().__init__([*fields, widgets.HBox([self.submit, self.reveal]), self.status,
                          widgets.HTML("<b>Problem statement</b>"), self.problem, self.result], **kwargs)

    def add_response(self, response: Response) -> None:
        if any(r.respondent == response.respondent for r in self.responses):
            raise InputError(f"{response.respondent} has already answered",
                             fix="Use a distinct name for each leader.")
        self.responses.append(response)
        self.status.value = f"{len(self.responses)} answer(s) in; ratings stay hidden until revealed."

    def _submit(self) -> None:
        try:
            self.add_response(Response(respondent=self.name.value.strip() or f"Leader {len(self.responses) + 1}",
                                       ratings={k: s.value for k, s in self.sliders.items()}))
        except InputError as exc:
            self.status.value = f"<span style='color:{LEVEL_COLOURS['error']}'>{esc(exc)}</span>"
            return
        self.name.value = ""
        for slider in self.sliders.values():
            slider.value = 3

    def compare(self) -> Diagnosis:
        return diagnose(self.responses, self.problem.value)

    def _reveal(self) -> None:
        from IPython.display import HTML, Image

        try:
            diagnosis = self.compare()
        except InputError as exc:
            show(self.result, [HTML(f"<span style='color:{LEVEL_COLOURS['error']}'>{esc(exc)}</span>")])
            return
        show(self.result, [HTML(diagnosis_html(diagnosis)), Image(figure_png(disagreement_figure(diagnosis)))])
