"""The rows of the drafting widget: their widgets, built from shared models, and the set they review.

The editor (kit.widgets.okr_editor) builds one row per objective and KR on the page on screen; a big
draft has hundreds, so every row widget here shares its Layout and style with the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from kit.model import Objective, OkrSet
from kit.widgets.shared import shared_layout, shared_style


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
