"""The drafting widget's "Ask the coach" button and what it says: whether the coach can be asked, and why not.

The coach is asked through `kit.review(..., coach=...)` like everywhere else; its findings are added
beside the rubric's and never replace them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as widgets

from kit.model import OkrSet, Review
from kit.review import review as run_review
from kit.widgets.shared import action_button, classed
from kit.widgets.style import MUTED, esc

if TYPE_CHECKING:
    from kit.coach import CoachConfig


def coach_availability() -> tuple[CoachConfig | None, str]:
    """The coach's configuration when it may be asked, and the sentence the room sees either way."""
    from kit.coach import CoachConfig

    config = CoachConfig.from_env()
    return (config if config.enabled else None), config.reason


class CoachPanel:
    """The button (greyed, with the reason, when no coach is configured) and the status line under it."""

    def __init__(self, on_click: Callable[[], object]) -> None:
        self.button = action_button("Ask the coach", "okr-ask-coach", on_click, "comments")
        self.status = classed(widgets.HTML(), "okr-coach-status")
        self._config, reason = coach_availability()
        self.button.disabled = self._config is None
        self.button.tooltip = reason
        self.status.value = f"<span style='color:{MUTED}'>{esc(reason)}</span>"

    def ask(self, okr_set: OkrSet) -> Review | None:
        """The set reviewed with the coach, or None when no coach is configured; the status says what it added."""
        if self._config is None:
            return None
        self.status.value = f"<span style='color:{MUTED}'>Asking the coach…</span>"
        coached = run_review(okr_set, coach=self._config)
        added = sum(1 for f in coached.findings if f.source == "coach")
        notices = "".join(f"<li>{esc(n)}</li>" for n in coached.notices)
        self.status.value = (
            f"<span>The coach added {added} finding(s), marked “coach”.</span>"
            + (f"<ul>{notices}</ul>" if notices else "")
        )
        return coached
