"""What every record page does with an edit: say why it was refused, where the person is looking, or keep it."""

from __future__ import annotations

import ipywidgets as widgets

from kit.cop.clinic import Participant
from kit.errors import KitError
from kit.widgets.record_page import attempted


def test_a_refused_edit_is_said_in_the_status_line_and_a_kept_one_clears_it() -> None:
    status = widgets.HTML()

    def refuse() -> None:
        raise KitError("the window closed on Thu 04 Mar")

    assert not attempted(refuse, status)
    assert "the window closed on Thu 04 Mar" in status.value
    assert attempted(lambda: None, status)
    assert status.value == ""


def test_a_form_value_the_record_does_not_take_names_its_field() -> None:
    status = widgets.HTML()
    participant = Participant(name="Ana")
    assert not attempted(lambda: setattr(participant, "name", 42), status)
    assert "name" in status.value and participant.name == "Ana"
