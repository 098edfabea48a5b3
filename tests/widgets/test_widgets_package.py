"""`from kit.widgets import X` works for every public widget, without slowing the light ones."""

from __future__ import annotations

import subprocess
import sys

import ipywidgets
import pytest

import kit.widgets


@pytest.mark.parametrize("name", kit.widgets.__all__)
def test_every_exported_name_is_a_widget(name: str) -> None:
    widget = getattr(kit.widgets, name)
    assert isinstance(widget, type) and issubclass(widget, ipywidgets.Widget)
    assert widget.__module__.startswith("kit.widgets.")


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchWidget"):
        kit.widgets.NoSuchWidget  # noqa: B018


def test_the_drafting_widget_loads_without_charts_or_the_chart_widgets() -> None:
    """The self-serve review imports only OkrEditor; matplotlib belongs to the dashboards."""
    probe = "import sys\nfrom kit.widgets import OkrEditor\nprint('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
