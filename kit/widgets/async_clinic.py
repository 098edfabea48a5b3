"""The written clinic's page: a view over one `kit.cop.async_clinic.AsyncClinic`, saved as it changes.

The facilitator posts the case and the window; each peer answers in writing and votes when their
shift allows; the case owner records the commitments; the same close rule as the live clinic. The
window is judged against `today` (a callable, so a page left open overnight moves on with the date).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from kit.autosave import Autosaver
from kit.cop.async_clinic import ASYNC_CLINIC_KIND, AsyncClinic, resume_or_start_async
from kit.cop.clinic_persistence import CLINIC_WORKSHOP
from kit.cop.markdown import async_clinic_markdown
from kit.store import Store
from kit.widgets.clinic_html import vote_html
from kit.widgets.clinic_panels import CommitmentsPanel, ParticipantsPanel, keep_options
from kit.widgets.intake import IntakeForm
from kit.widgets.record_page import RecordPage
from kit.widgets.shared import action_button, classed, folder_and_store, section_heading, text_box
from kit.widgets.style import MUTED, download_link, esc


def answers_html(record: AsyncClinic) -> str:
    rows = "".join(
        f'<li class="okr-async-answer"><b>{esc(a.participant)}</b> <span style="color:{MUTED}">'
        f"{a.posted_on:%a %d %b}</span>: {esc(a.diagnosis)}"
        + (f"<br><i>Would do:</i> {esc(a.suggestion)}" if a.suggestion else "") + "</li>"
        for a in record.answers
    )
    waiting = record.waiting_for
    tail = f"<div style='color:{MUTED}'>No answer yet from {esc(', '.join(waiting))}.</div>" if waiting else ""
    return f"<ul>{rows}</ul>{tail}" if rows else tail or f"<i style='color:{MUTED}'>No peers yet.</i>"


def window_html(record: AsyncClinic, today: date) -> str:
    state = record.window(today)
    when = {"not open yet": f"opens {record.opens_on:%a %d %b}", "open": f"open until {record.closes_on:%a %d %b}",
            "closed": f"closed {record.closes_on:%a %d %b}"}[state]
    answered = len(record.peers) - len(record.waiting_for)
    return (f'<div class="okr-async-window" data-state="{state}"><b>Window {esc(when)}</b> · '
            f"{answered} of {len(record.peers)} peer answer(s) in"
            + (" · closed: every participant left with a commitment" if record.closed else "") + "</div>")


class AsyncClinicPage(RecordPage):
    """Case, window, participants, written answers, hidden vote, commitments, close and export."""

    RECORD_NAME = "written clinic"

    def __init__(self, record: AsyncClinic | None = None, *, store: Store | None = None, key: str | None = None,
                 author: str = "facilitator", today: Callable[[], date] = date.today,
                 workshop: str = CLINIC_WORKSHOP, **kwargs: Any) -> None:
        self.record = record or AsyncClinic()
        self.key, self.today = key, today
        self.autosave = (Autosaver(store, workshop, key, author, lambda: self.record, kind=ASYNC_CLINIC_KIND,
                                   on_error=self._save_failed) if store is not None and key is not None else None)
        if self.autosave is not None:
            self.autosave.restore(AsyncClinic)  # what the store holds already counts as saved
        self.status = classed(widgets.HTML(), "okr-async-status")
        self.window = classed(widgets.HTML(), "okr-async-window-box")
        self.opens = classed(widgets.DatePicker(value=self.record.opens_on, description="Opens"), "okr-async-opens")
        self.closes = classed(widgets.DatePicker(value=self.record.closes_on, description="Closes"),
                              "okr-async-closes")
        for picker in (self.opens, self.closes):
            picker.observe(lambda _c: self.set_window(), names="value")
        self.intake = IntakeForm(self.record.case)
        self.intake.on_change(self._case_changed)
        self.participants = ParticipantsPanel(self.record, self._attempt, self._notify, self.refresh)
        self.answer_as = classed(widgets.Dropdown(options=[], description="Answer as"), "okr-async-answer-as")
        self.diagnosis = classed(widgets.Textarea(placeholder="What do you think is going on, and why?",
                                                  layout=widgets.Layout(width="60%")), "okr-async-diagnosis")
        self.suggestion = text_box("What you would do", "okr-async-suggestion", "40em")
        self.answers = classed(widgets.HTML(), "okr-async-answers")
        self.vote_question = text_box("Proposed fix to vote on", "okr-async-vote-question", "24em")
        self.voter = classed(widgets.Dropdown(options=[], description="Voter"), "okr-async-voter")
        self.score = widgets.ToggleButtons(options=[1, 2, 3, 4, 5], value=3, style={"button_width": "2.5em"})
        self.vote_status = classed(widgets.HTML(), "okr-async-vote-status")
        self.commitments = CommitmentsPanel(self.record, self._attempt, self._notify)
        self.export_output = classed(widgets.HTML(), "okr-async-export")
        super().__init__([
            self.window, widgets.HBox([self.opens, self.closes]),
            section_heading("1. The case"), self.intake,
            section_heading("2. Who takes part"), self.participants,
            section_heading("3. Written answers - one per peer, within the window"),
            self.answer_as, self.diagnosis, widgets.HBox([self.suggestion, action_button(
                "Post answer", "okr-async-post", self.post_answer, "paper-plane")]),
            self.answers,
            section_heading("4. Confidence in the proposed fix (hidden until everyone has voted or the window closes)"),
            widgets.HBox([self.vote_question, action_button("Start vote", "okr-async-start-vote", self.start_vote)]),
            widgets.HBox([self.voter, self.score, action_button("Cast hidden vote", "okr-async-cast", self.cast),
                          action_button("Reveal", "okr-async-reveal", self.reveal)]),
            self.vote_status,
            section_heading("5. Commitments - action, owner, due date for everyone"), self.commitments,
            section_heading("6. Close and export"),
            widgets.HBox([action_button("Close clinic", "okr-async-close", self.close_clinic, "flag-checkered"),
                          action_button("Export record", "okr-async-export-button", self.export, "download")]),
            self.status, self.export_output,
        ], **kwargs)
        self.add_class("okr-async-clinic")
        self.refresh()

    # -- actions -----------------------------------------------------------------------------------

    def set_window(self) -> None:
        opens, closes = self.opens.value, self.closes.value
        if opens is None or closes is None:
            return
        if closes < opens:
            self._notify("The window must close on or after the day it opens.", "error")
            return

        def move() -> None:  # in the order that keeps the record valid at every step
            if opens > self.record.closes_on:
                self.record.closes_on, self.record.opens_on = closes, opens
            else:
                self.record.opens_on, self.record.closes_on = opens, closes

        if self._attempt(move):
            self.refresh()

    def post_answer(self) -> None:
        if not self.answer_as.value:
            self._notify("Add the peers first, then pick who is answering.", "warning")
            return
        if self._attempt(lambda: self.record.answer(self.answer_as.value, self.diagnosis.value,
                                                    self.suggestion.value, self.today())):
            self.diagnosis.value = self.suggestion.value = ""
            self.refresh()

    def start_vote(self) -> None:
        if self._attempt(lambda: self.record.start_vote(self.vote_question.value, self.today())):
            self.refresh()

    def cast(self) -> None:
        if not self.voter.value:
            self._notify("Add participants before voting.", "warning")
            return
        if self._attempt(lambda: self.record.cast(self.voter.value, int(self.score.value), self.today())):
            self.refresh()

    def reveal(self) -> None:
        if self._attempt(lambda: self.record.reveal(self.today())):
            self.refresh()

    def close_clinic(self) -> None:
        result = self.record.close()
        self._notify(result.message, "ok" if result.closed else "warning")
        self._save()
        self.refresh()

    def export(self) -> str:
        text = async_clinic_markdown(self.record)
        saved = self._save()
        where = (f'<div style="color:{MUTED}">Saved in the workshop store as written clinic {esc(self.key or "")}, '
                 f"version {saved}</div>" if saved is not None else "")
        self.export_output.value = (
            f"{download_link(f'written-clinic-{self.record.opens_on.isoformat()}.md', text, 'text/markdown')}{where}"
            f'<pre style="white-space:pre-wrap;max-height:24em;overflow:auto">{esc(text)}</pre>'
        )
        return text

    # -- saving and rendering ----------------------------------------------------------------------

    def _case_changed(self, check: Any) -> None:
        self.record.case = check.case
        self._save(typing=True)
        self.refresh()

    def refresh(self) -> None:
        record = self.record
        keep_options([self.answer_as], record.peers)
        keep_options([self.voter], record.names)
        self.window.value = window_html(record, self.today())
        self.participants.render()
        self.answers.value = answers_html(record)
        self.vote_status.value = vote_html(record.vote, record.names)
        self.commitments.render()


def open_async_clinic(folder: str | Path | None = None, store: Store | None = None,
                      today: Callable[[], date] = date.today) -> AsyncClinicPage:
    """The page for the workshop folder's current written clinic: the open one, or a new one from today."""
    _folder, store = folder_and_store(folder, store)
    record, key = resume_or_start_async(store, today())
    return AsyncClinicPage(record, store=store, key=key, today=today)
