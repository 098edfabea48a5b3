"""Thin ipywidgets views over kit's model objects; the logic they show lives elsewhere in kit.

Every public widget can be imported from here. Each is loaded on first use, because some pull
in matplotlib or the workshop store (about 1.5 s): the self-serve review should not wait for
charts it never draws.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kit.widgets.actuals import ActualsUpload
    from kit.widgets.agenda import StepCard
    from kit.widgets.checkin import CheckInWidget
    from kit.widgets.clinic import ClinicRunner
    from kit.widgets.diagnosis import DiagnosisForm
    from kit.widgets.history import SavePanel
    from kit.widgets.intake import IntakeForm
    from kit.widgets.metrics import DictionaryChecker
    from kit.widgets.okr_editor import OkrEditor
    from kit.widgets.onepage_builder import CharterBuilder, ProgrammeCharterBuilder
    from kit.widgets.quarter import QuarterReview
    from kit.widgets.readiness import ReadinessCheck
    from kit.widgets.rollout import PlanEditor, RaciEditor, RhythmPanel
    from kit.widgets.timer import CountdownTimer

_MODULE_OF = {
    "ActualsUpload": "actuals",
    "CharterBuilder": "onepage_builder",
    "CheckInWidget": "checkin",
    "ClinicRunner": "clinic",
    "CountdownTimer": "timer",
    "DiagnosisForm": "diagnosis",
    "DictionaryChecker": "metrics",
    "IntakeForm": "intake",
    "OkrEditor": "okr_editor",
    "PlanEditor": "rollout",
    "ProgrammeCharterBuilder": "onepage_builder",
    "QuarterReview": "quarter",
    "RaciEditor": "rollout",
    "ReadinessCheck": "readiness",
    "RhythmPanel": "rollout",
    "SavePanel": "history",
    "StepCard": "agenda",
}

__all__ = [
    "ActualsUpload",
    "CharterBuilder",
    "CheckInWidget",
    "ClinicRunner",
    "CountdownTimer",
    "DiagnosisForm",
    "DictionaryChecker",
    "IntakeForm",
    "OkrEditor",
    "PlanEditor",
    "ProgrammeCharterBuilder",
    "QuarterReview",
    "RaciEditor",
    "ReadinessCheck",
    "RhythmPanel",
    "SavePanel",
    "StepCard",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    widget = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = widget  # later look-ups skip this function
    return widget


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
