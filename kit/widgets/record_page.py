"""A page over one record in the workshop store: an edit is tried, refused where the person is looking, or saved.

The live clinic, the written clinic and the Open Space wall are each such a page; the forums page
uses `attempted` alone, for records it saves itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import ipywidgets as widgets
from pydantic import ValidationError

from kit.autosave import Autosaver
from kit.errors import KitError
from kit.widgets.clinic_html import notice_html


def attempted(action: Callable[[], object], status: widgets.HTML) -> bool:
    """Run what a person asked for; what the kit refuses is said in `status`, the page's message line."""
    try:
        action()
    except KitError as error:
        status.value = notice_html(str(error), "error")
        return False
    except ValidationError as error:  # a form value its record does not accept
        problem = error.errors()[0]
        field = ".".join(str(part) for part in problem["loc"])
        status.value = notice_html(f"{field}: {problem['msg']}" if field else problem["msg"], "error")
        return False
    status.value = ""
    return True


class RecordPage(widgets.VBox):
    """A page over one record in the workshop store (a live or written clinic, an Open Space wall): what the
    kit refuses is said in `status`; an accepted change is saved, a click at once, typing once the
    facilitator pauses. A subclass sets `autosave` (or None) and `status` before using them."""

    RECORD_NAME: ClassVar[str] = "clinic record"
    autosave: Autosaver | None
    status: widgets.HTML

    def _attempt(self, action: Callable[[], object]) -> bool:
        if not attempted(action, self.status):
            return False
        self._save()
        return True

    def _save(self, typing: bool = False) -> int | None:
        """Returns the version saved now, if one was."""
        if self.autosave is None:
            return None
        self.autosave.touch()
        if typing:
            return None
        self.autosave.flush()
        return self.autosave.last_version

    def _save_failed(self, error: KitError) -> None:
        self._notify(f"Could not save the {self.RECORD_NAME} ({error}); export it now.", "error")

    def _notify(self, message: str, kind: str) -> None:
        self.status.value = notice_html(message, kind)
