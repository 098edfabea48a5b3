"""The written clinic's page: answers, hidden votes, commitments and close, saved to the store as they change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kit.cop.async_clinic import ASYNC_CLINIC_KIND, AsyncClinic
from kit.cop.clinic_persistence import CLINIC_WORKSHOP
from kit.store import open_store
from kit.widgets.async_clinic import open_async_clinic

TODAY = date(2027, 3, 2)


def test_a_written_clinic_runs_from_answers_to_close_and_every_step_is_saved(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        page = open_async_clinic(store=store, today=lambda: TODAY)
        assert 'data-state="open"' in page.window.value
        for name in ("Ana", "Ben", "Chloe"):
            page.participants.name.value = name
            page.participants.add_from_form()
        page.intake.inputs["owner"].value = "Ana"
        assert list(page.answer_as.options) == ["Ben", "Chloe"]
        page.answer_as.value = "Ben"
        page.diagnosis.value = "The slot clashes with <b>handover</b>"
        page.post_answer()
        assert "&lt;b&gt;handover" in page.answers.value and "No answer yet from Chloe" in page.answers.value
        page.start_vote()
        page.voter.value, page.score.value = "Ben", 4
        page.cast()
        page.reveal()
        assert "stay hidden until Ana, Chloe vote" in page.status.value
        for name in ("Ana", "Ben", "Chloe"):
            page.commitments.participant.value = name
            page.commitments.action.value = f"Action for {name}"
            page.commitments.owner.value = name
            page.commitments.due.value = date(2027, 3, 12)
            page.commitments.add_from_form()
        page.close_clinic()
        assert "Clinic closed" in page.status.value
        text = page.export()
        assert "written-clinic-2027-03-02.md" in page.export_output.value and "Status: closed" in text
        saved = store.load_record(CLINIC_WORKSHOP, ASYNC_CLINIC_KIND, page.key or "", model=AsyncClinic)
        assert saved.closed and [a.participant for a in saved.answers] == ["Ben"] and len(saved.commitments) == 3


def test_moving_the_window_keeps_it_in_order_and_says_when_it_is_not(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        page = open_async_clinic(store=store, today=lambda: TODAY)
        page.closes.value = date(2027, 3, 20)
        page.opens.value = date(2027, 3, 10)  # later than the old close: moved without a gap
        assert (page.record.opens_on, page.record.closes_on) == (date(2027, 3, 10), date(2027, 3, 20))
        assert 'data-state="not open yet"' in page.window.value
        page.closes.value = date(2027, 3, 1)
        assert "close on or after" in page.status.value and page.record.closes_on == date(2027, 3, 20)
