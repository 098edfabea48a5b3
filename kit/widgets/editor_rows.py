"""The rows of the drafting widget: their widgets, built from shared models, and the set they review.

The editor (kit.widgets.okr_editor) builds one row per objective and KR on the page on screen; a big
draft has hundreds, so every row widget here shares its Layout and style with the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from kit.model import KeyResult, Objective, OkrSet
from kit.widgets.okr_feedback import KR_SHAPE
from kit.widgets.shared import classed, shared_layout, shared_style

Handler = Callable[[dict[str, Any]], None]


@dataclass
class KrRow:
    """The widgets of one KR row; `findings` is where the rubric speaks about this KR."""

    label: widgets.HTML
    text: widgets.Text
    owner: widgets.Text
    source: widgets.Text
    findings: widgets.HTML
    box: widgets.Box


@dataclass
class ObjectiveRow:
    index: int  # the objective's place in the set, kept current as rows move: handlers read it when they run
    label: widgets.HTML
    text: widgets.Text
    findings: widgets.HTML
    krs: list[KrRow] = field(default_factory=list)
    kr_box: widgets.Box = field(default_factory=widgets.VBox)
    box: widgets.Box = field(default_factory=widgets.VBox)


class RowActions(Protocol):
    """What a row's fields and buttons ask of the editor. Rows move in place, so each button reads its
    row's place (`row.index`, `position`) when it is clicked, not when it was built."""

    def objective_edited(self, row: ObjectiveRow) -> Handler: ...

    def kr_edited(self, kr_row: KrRow, name: str) -> Handler: ...

    def position(self, kr_row: KrRow) -> tuple[int, int]: ...

    def move_objective(self, oi: int, step: int) -> None: ...

    def remove_objective(self, oi: int) -> None: ...

    def add_key_result(self, oi: int, text: str = "") -> None: ...

    def move_key_result(self, oi: int, ki: int, step: int) -> None: ...

    def remove_key_result(self, oi: int, ki: int) -> None: ...


def build_objective_row(oi: int, objective: Objective, actions: RowActions) -> ObjectiveRow:
    """An objective's row with a row per KR; its fields and buttons call `actions`."""
    row = ObjectiveRow(
        index=oi,
        label=html_label(objective_label(oi), width="3em"),
        text=text_field(objective.text, "Objective: a qualitative direction, no numbers", "okr-objective-text"),
        findings=classed(html_label(""), "okr-objective-findings"),
    )
    row.text.observe(actions.objective_edited(row), names="value")
    header = widgets.HBox([
        row.label,
        row.text,
        small_button("↑", "Move objective up", lambda _b: actions.move_objective(row.index, -1), "okr-up"),
        small_button("↓", "Move objective down", lambda _b: actions.move_objective(row.index, 1), "okr-down"),
        small_button("✕", "Remove objective and its KRs", lambda _b: actions.remove_objective(row.index),
                     "okr-remove"),
    ], layout=shared_layout())
    row.krs = [build_kr_row(oi, ki, kr, actions) for ki, kr in enumerate(objective.key_results)]
    row.kr_box = widgets.VBox([shown.box for shown in row.krs], layout=shared_layout(margin="0 0 0 3em"))
    add_kr = widgets.Button(description="+ Key result", tooltip="Add a key result to this objective",
                            layout=shared_layout(), style=shared_style(widgets.ButtonStyle))
    add_kr.add_class("okr-add-kr")
    add_kr.on_click(lambda _b: actions.add_key_result(row.index))
    row.box = widgets.VBox(
        [header, row.findings, row.kr_box, add_kr],
        layout=shared_layout(border="1px solid #ddd", padding="6px", margin="6px 0"),
    )
    row.box.add_class("okr-objective")
    return row


def build_kr_row(oi: int, ki: int, kr: KeyResult, actions: RowActions) -> KrRow:
    """A KR's row: text, owner and source (which wrap below on a narrow page, keeping the text readable)."""
    row = KrRow(
        label=html_label(kr_label(oi, ki), width="4em"),
        text=text_field(kr.text, KR_SHAPE, "okr-kr-text", min_width="28em"),
        owner=text_field(kr.owner, "Owner", "okr-kr-owner", "9em"),
        source=text_field(kr.source, "Source of truth", "okr-kr-source", "11em"),
        findings=classed(html_label(""), "okr-kr-findings"),
        box=widgets.VBox(layout=shared_layout()),
    )
    for name in ("text", "owner", "source"):
        getattr(row, name).observe(actions.kr_edited(row, name), names="value")
    line = widgets.HBox([
        row.label, row.text, row.owner, row.source,
        small_button("↑", "Move KR up", lambda _b: actions.move_key_result(*actions.position(row), -1), "okr-up"),
        small_button("↓", "Move KR down", lambda _b: actions.move_key_result(*actions.position(row), 1),
                     "okr-down"),
        small_button("✕", "Remove KR", lambda _b: actions.remove_key_result(*actions.position(row)), "okr-remove"),
    ], layout=shared_layout(flex_flow="row wrap"))
    row.box.children = (line, row.findings)
    row.box.add_class("okr-kr")
    return row


def renumber(rows: list[ObjectiveRow]) -> None:
    """Relabel rows after a move: labels follow the place in the set, as in the exported file."""
    for row in rows:
        row.label.value = objective_label(row.index)
        for ki, shown in enumerate(row.krs):
            shown.label.value = kr_label(row.index, ki)


def objective_label(oi: int) -> str:
    return f"<b>O{oi + 1}</b>"


def kr_label(oi: int, ki: int) -> str:
    """How a KR row is numbered on screen, as in the exported file: KR 2.3."""
    return f"KR {oi + 1}.{ki + 1}"


def small_button(label: str, tooltip: str, handler: Callable[[Any], None], css: str) -> widgets.Button:
    """A narrow icon button (move up, move down, remove) for a row."""
    button = widgets.Button(description=label, tooltip=tooltip, layout=shared_layout(width="34px"),
                            style=shared_style(widgets.ButtonStyle))
    button.add_class(css)
    button.on_click(handler)
    return button


def text_field(value: str | None, placeholder: str, css: str, width: str | None = None,
          min_width: str | None = None) -> widgets.Text:
    """A text field; `min_width` keeps a flexible one readable when the page is narrow."""
    wide = {"min_width": min_width} if min_width else {}
    layout = shared_layout(width=width) if width else shared_layout(flex="1 1 auto", width="auto", **wide)
    box = widgets.Text(value=value or "", placeholder=placeholder, continuous_update=True, layout=layout,
                       style=shared_style(TextStyle))
    box.add_class(css)
    return box


def html_label(value: str, width: str | None = None) -> widgets.HTML:
    """An HTML widget for a row: a label or a findings panel."""
    layout = shared_layout(width=width) if width else shared_layout()
    return widgets.HTML(value, layout=layout, style=shared_style(HTMLStyle))


def reviewable(okr_set: OkrSet) -> tuple[OkrSet, dict[int, int], dict[tuple[int, int], tuple[int, int]]]:
    """The set without blank rows, and how its indices map back to the rows on screen.

    A row someone just added is empty; reviewing it would shout errors at a line nobody wrote yet.
    """
    objectives: list[Objective] = []
    objective_map: dict[int, int] = {}
    kr_map: dict[tuple[int, int], tuple[int, int]] = {}
    for oi, objective in enumerate(okr_set.objectives):
        kept = [(ki, kr) for ki, kr in enumerate(objective.key_results) if kr.text.strip()]
        if not objective.text.strip() and not kept:
            continue
        new_oi = len(objectives)
        objective_map[new_oi] = oi
        for new_ki, (ki, _kr) in enumerate(kept):
            kr_map[(new_oi, new_ki)] = (oi, ki)
        objectives.append(objective.model_copy(update={"key_results": [kr for _ki, kr in kept]}))
    return okr_set.model_copy(update={"objectives": objectives}), objective_map, kr_map


def close_tree(widget: widgets.Widget) -> None:
    """Close a widget and everything in it: a long workshop must not pile up dead widgets in the kernel."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()
