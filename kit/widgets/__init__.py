"""Thin ipywidgets views over kit's model objects; the logic they show lives elsewhere in kit."""

from kit.widgets.okr_editor import OkrEditor
from kit.widgets.readiness import ReadinessCheck
from kit.widgets.timer import CountdownTimer

__all__ = ["CountdownTimer", "OkrEditor", "ReadinessCheck"]
