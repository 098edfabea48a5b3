"""One Layout or style model shared by every row of a big draft, instead of one per widget.

Each ipywidgets widget otherwise creates a Layout and a style widget of its own, so a 300-KR draft
built about ten thousand models, most of them identical, and took seconds to show. Shared models are
read-only by convention: a widget whose layout changes later (shown, hidden) gets a Layout of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import ipywidgets as widgets
from IPython.core.formatters import format_display_data

from kit.widgets.style import esc

if TYPE_CHECKING:
    from kit.store import Store

_W = TypeVar("_W", bound=widgets.DOMWidget)


@lru_cache(maxsize=64)
def shared_layout(**css: str) -> widgets.Layout:
    """The one Layout with these CSS properties; never change it, it is shown by many widgets."""
    return widgets.Layout(**css)


@lru_cache(maxsize=8)
def shared_style(kind: type[widgets.Style]) -> widgets.Style:
    """The one default style of a kind (ButtonStyle, TextStyle, HTMLStyle); never change it."""
    return kind()


# ipywidgets' upload button always shows its count of chosen files ("Upload a file (0)"); the class hides
# that text and shows the button's tooltip as its label instead.
_UPLOAD_CSS = (
    "<style>.okr-upload.widget-upload{font-size:0 !important}"
    ".okr-upload.widget-upload::after{content:attr(title);font-size:var(--jp-widgets-font-size,13px)}"
    ".okr-upload.widget-upload i{font-size:var(--jp-widgets-font-size,13px);margin-right:4px}</style>"
)


def upload_button(label: str, accept: str) -> tuple[widgets.FileUpload, widgets.HTML]:
    """A one-file upload button that reads `label` and nothing else; show the returned style next to it."""
    upload = widgets.FileUpload(accept=accept, multiple=False, description=label, tooltip=label, icon="upload")
    upload.add_class("okr-upload")
    return upload, widgets.HTML(_UPLOAD_CSS, layout=widgets.Layout(display="none"))


def classed(widget: _W, css: str) -> _W:
    """The widget with a CSS class the browser tests and the page's style find it by."""
    widget.add_class(css)
    return widget


def action_button(description: str, css: str, handler: Callable[[], object], icon: str = "",
                  tooltip: str = "") -> widgets.Button:
    """A button that calls `handler` with no arguments, classed for the browser tests."""
    button = widgets.Button(description=description, icon=icon, tooltip=tooltip, layout=widgets.Layout(width="auto"))
    classed(button, css)
    button.on_click(lambda _b: handler())
    return button


def text_box(placeholder: str, css: str, width: str = "16em") -> widgets.Text:
    return classed(widgets.Text(placeholder=placeholder, layout=widgets.Layout(width=width)), css)


def section_heading(text: str) -> widgets.HTML:
    return widgets.HTML(f"<h3 style='margin:12px 0 4px'>{esc(text)}</h3>")


def folder_and_store(workshop: str | Path | None, store: Store | None) -> tuple[Path, Store]:
    """A page's workshop folder (default: where the notebook runs) and its store, opened once unless given."""
    from kit.store import open_store  # the drafting widget shares this module and never opens a store

    folder = Path.cwd() if workshop is None else Path(workshop)
    return folder, store or open_store(folder)


def show(output: widgets.Output, items: Iterable[object] = ()) -> None:
    """Make `output` show `items` (nothing: empty it), setting its outputs from the kernel in one change.

    Capturing with `with output:` has the page send the captured outputs back to the kernel. While an app
    page is built, Voila's executor plays that page, and its sends on the kernel connection could hide the
    running cell's reply from it: the page then never finished loading.
    """
    shown = []
    for item in items:
        data, metadata = format_display_data(item)
        shown.append({"output_type": "display_data", "data": data, "metadata": metadata})
    output.outputs = tuple(shown)
