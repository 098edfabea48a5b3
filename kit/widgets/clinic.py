"""The clinic runner a facilitator puts on the screen: a view over one `kit.cop.clinic.Clinic`.

Every button edits the clinic record and re-renders from it; the rules (phases, rotation,
what counts as a complete commitment, when votes may be seen) live in kit.cop.clinic. The phase
clock ticks in the browser (ipywidgets' Play), so the kernel never sleeps. The HTML it shows
is built in kit.widgets.clinic_html.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from kit.autosave import Autosaver
from kit.cop.clinic import Clinic, CloseResult, FollowUpStatus, ProblemCategory
from kit.cop.clinic_format import ClinicError, clinic_formats
from kit.cop.clinic_persistence import CLINIC_KIND, CLINIC_WORKSHOP
from kit.cop.clinic_rounds import ConfidenceVote
from kit.cop.forums import case_rotation, clinics_in_store, next_case_owner
from kit.cop.markdown import clinic_markdown
from kit.store import Store
from kit.widgets.clinic_clock import ClinicClock
from kit.widgets.clinic_html import (
    notes_html,
    notice_html,
    phase_html,
    problem_html,
    vote_html,
)
from kit.widgets.clinic_panels import (
    CommitmentsPanel,
    ParticipantsPanel,
    PeerRoundPanel,
    keep_options,
)
from kit.widgets.intake import IntakeForm
from kit.widgets.record_page import RecordPage
from kit.widgets.shared import action_button, classed, section_heading, text_box
from kit.widgets.style import MUTED, download_link, esc


def rotation_hint(store: Store | None, workshop: str, key: str | None) -> str:
    """Whose turn it is to bring the case, from the clinics saved before this one."""
    if store is None:
        return ""
    earlier = [held for held in clinics_in_store(store, workshop)[0] if held.key != key]
    turn = next_case_owner(case_rotation(earlier))
    if turn is None:
        return ""
    return (f"<div style='color:{MUTED}'>Next case by rotation: <b>{esc(turn.name)}</b> ({turn.cases} case(s) "
            f"brought in {turn.attended} clinic(s)); the full rotation is in 16_cop_forums.</div>")


class ClinicRunner(RecordPage):
    """Intake, participants, follow-up, phase clock with notes, problems, votes, peer round,
    commitments, close and export, top to bottom in the order the hour runs."""

    def __init__(
        self,
        clinic: Clinic | None = None,
        *,
        tick_ms: int = 1000,
        store: Store | None = None,
        key: str | None = None,
        author: str = "clinic",
        workshop: str = CLINIC_WORKSHOP,
        **kwargs: Any,
    ) -> None:
        """With a `store` and the clinic's `key` (from `resume_or_start`), every change is saved there:
        clicks at once, typing after a pause, so a kernel restart loses nothing."""
        self.clinic = clinic or Clinic()
        self.key = key
        self.autosave = (
            Autosaver(store, workshop, key, author, lambda: self.clinic, kind=CLINIC_KIND, on_error=self._save_failed)
            if store is not None and key is not None
            else None
        )
        if self.autosave is not None:
            self.autosave.restore(Clinic)  # what the store holds already counts as saved
        self.vote: ConfidenceVote | None = self.clinic.votes[-1] if self.clinic.votes else None

        self.intake = IntakeForm(self.clinic.case)
        self.intake.on_change(self._case_changed)

        self.participants = ParticipantsPanel(self.clinic, self._attempt, self._notify, self.refresh)
        self.rotation_hint = classed(widgets.HTML(rotation_hint(store, workshop, key)), "okr-clinic-rotation-hint")

        self.follow_up_box = classed(widgets.VBox(), "okr-clinic-follow-ups")

        self.format_choice = classed(widgets.ToggleButtons(
            options=[(f.title, f.key) for f in clinic_formats().values()], value=self.clinic.format,
            tooltips=[f.audience for f in clinic_formats().values()], style={"button_width": "11em"},
        ), "okr-clinic-format")
        self.format_choice.observe(lambda change: self.choose_format(change["new"]), names="value")
        self.clock_bar = ClinicClock(lambda: self.clinic.timing, self._render_phase, tick_ms)
        self.ticker, self.clock = self.clock_bar.ticker, self.clock_bar.display
        self.phase_card = widgets.HTML()
        self.note_text = widgets.Textarea(placeholder="Note for this phase", layout=widgets.Layout(width="60%"))
        self.note_text.add_class("okr-clinic-note-text")
        self.notes_html = classed(widgets.HTML(), "okr-clinic-notes")

        self.problem_text = text_box("Problem raised", "okr-clinic-problem-text", "24em")
        self.problem_category = widgets.Dropdown(
            options=[(c.value, c) for c in ProblemCategory],
            value=ProblemCategory.PARKED,
            layout=widgets.Layout(width="14em"),
        )
        self.problem_category.add_class("okr-clinic-problem-category")
        self.problems_box = classed(widgets.VBox(), "okr-clinic-problems")

        self.vote_question = text_box("Proposed fix to vote on", "okr-clinic-vote-question", "24em")
        self.vote_voter = widgets.Dropdown(options=[], layout=widgets.Layout(width="12em"))
        self.vote_score = widgets.ToggleButtons(options=[1, 2, 3, 4, 5], value=3, style={"button_width": "2.5em"})
        self.vote_status = classed(widgets.HTML(), "okr-clinic-vote-status")

        self.status = classed(widgets.HTML(), "okr-clinic-status")
        self.peer_round = PeerRoundPanel(self.clinic, self._attempt, self._notify)
        self.commitments = CommitmentsPanel(self.clinic, self._attempt, self._notify)
        self.export_output = classed(widgets.HTML(), "okr-clinic-export")

        super().__init__(
            [
                section_heading("1. The case"),
                self.intake,
                section_heading("2. Who is in the room"),
                self.participants,
                self.rotation_hint,
                section_heading("3. Last clinic's commitments"),
                self.follow_up_box,
                section_heading("4. The clock"),
                self.format_choice,
                self.clock_bar,
                self.phase_card,
                widgets.HBox([self.note_text,
                              action_button("Add note", "okr-clinic-add-note", self.add_note_from_form)]),
                self.notes_html,
                section_heading("5. Problems raised - convert each, or park it"),
                widgets.HBox(
                    [
                        self.problem_text,
                        self.problem_category,
                        action_button("Add problem", "okr-clinic-add-problem", self.add_problem_from_form),
                    ]
                ),
                self.problems_box,
                section_heading("6. Confidence in the proposed fix (revealed together)"),
                widgets.HBox([self.vote_question,
                              action_button("Start vote", "okr-clinic-start-vote", self.start_vote)]),
                widgets.HBox(
                    [
                        self.vote_voter,
                        self.vote_score,
                        action_button("Cast hidden vote", "okr-clinic-cast", self.cast_from_form),
                        action_button("Reveal all votes", "okr-clinic-reveal", self.reveal_votes),
                    ]
                ),
                self.vote_status,
                section_heading("7. Peer review round (anonymous swap)"),
                self.peer_round,
                section_heading("8. Commitments - action, owner, due date for everyone"),
                self.commitments,
                section_heading("9. Close and export"),
                widgets.HBox(
                    [
                        action_button("Close clinic", "okr-clinic-close", self.close_clinic, "flag-checkered"),
                        action_button("Export record", "okr-clinic-export-button", self.export, "download"),
                    ]
                ),
                self.status,
                self.export_output,
            ],
            **kwargs,
        )
        self.add_class("okr-clinic")
        self.refresh()

    # -- actions (each edits the clinic, then re-renders) ------------------------------------------

    def _case_changed(self, check: Any) -> None:
        self.clinic.case = check.case
        self._save(typing=True)
        self._render_phase()

    def choose_format(self, key: str) -> None:
        """Run the clinic to another format's minutes (the hour or 30 minutes); the clock keeps its time."""
        if self._attempt(lambda: setattr(self.clinic, "format", key)):
            self.clock_bar.render()
            self._render_phase()

    def next_phase(self) -> None:
        self.clock_bar.next_phase()

    @property
    def plan_seconds(self) -> int:
        return self.clock_bar.plan_seconds

    @property
    def current_phase_key(self) -> str:
        return self.clock_bar.phase.key

    def add_note_from_form(self) -> None:
        if self._attempt(lambda: self.clinic.add_note(self.current_phase_key, self.note_text.value)):
            self.note_text.value = ""
            self._render_phase()

    def add_problem_from_form(self) -> None:
        if self._attempt(
            lambda: self.clinic.raise_problem(
                self.problem_text.value, self.current_phase_key, category=self.problem_category.value
            )
        ):
            self.problem_text.value = ""
            self.problem_category.value = ProblemCategory.PARKED
            self._render_problems()

    def _reclassify(self, index: int) -> Callable[[dict[str, Any]], None]:
        def handler(change: dict[str, Any]) -> None:
            self.clinic.classify(index, change["new"])
            self._save()
            self._render_problems()

        return handler

    def start_vote(self) -> None:
        question = self.vote_question.value.strip() or "Confidence in the proposed fix"
        self.vote = self.clinic.start_vote(question)
        self._save()
        self._render_vote()

    def cast_from_form(self) -> None:
        if self.vote is None:
            self.start_vote()
        vote = self.vote
        assert vote is not None
        if not self.vote_voter.value:
            self._notify("Add participants before voting.", "warning")
            return
        if self._attempt(lambda: vote.cast(self.vote_voter.value, int(self.vote_score.value))):
            self._render_vote()

    def reveal_votes(self) -> None:
        vote = self.vote
        if vote is None:
            self._notify("Start a vote first.", "warning")
            return
        if self._attempt(lambda: vote.reveal()):
            self._render_vote()

    def close_clinic(self) -> CloseResult:
        result = self.clinic.close()
        self.status.value = notice_html(result.message, "ok" if result.closed else "warning")
        self._save()
        self.commitments.render()
        return result

    def export(self) -> str:
        text = clinic_markdown(self.clinic)
        name = f"clinic-{self.clinic.held_on.isoformat()}.md"
        saved = self._save()
        where = (
            f'<div style="color:{MUTED}">Saved in the workshop store as clinic {esc(self.key or "")}, '
            f"version {saved}</div>"
            if saved is not None
            else ""
        )
        self.export_output.value = (
            f"{download_link(name, text, 'text/markdown')}{where}"
            f'<pre class="okr-clinic-export-preview" style="white-space:pre-wrap;max-height:24em;overflow:auto">'
            f"{esc(text)}</pre>"
        )
        return text

    # -- rendering ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        keep_options([self.vote_voter], self.clinic.names)
        self.participants.render()
        self._render_follow_ups()
        self._render_phase()
        self._render_problems()
        self._render_vote()
        self.peer_round.render()
        self.commitments.render()

    def _render_phase(self) -> None:
        self.phase_card.value = phase_html(self.clinic, self.plan_seconds)
        self.notes_html.value = notes_html(self.clinic.notes_for(self.current_phase_key))

    def _render_follow_ups(self) -> None:
        rows: list[widgets.Widget] = []
        for index, follow_up in enumerate(self.clinic.follow_ups):
            c = follow_up.commitment
            status = widgets.Dropdown(
                options=[(s.value, s) for s in FollowUpStatus],
                value=follow_up.status,
                layout=widgets.Layout(width="10em"),
            )
            evidence = widgets.Text(
                value=follow_up.evidence, placeholder="Evidence", layout=widgets.Layout(width="24em")
            )
            status.observe(self._follow_up_edited(index, status, evidence), names="value")
            evidence.observe(self._follow_up_edited(index, status, evidence), names="value")
            label = widgets.HTML(
                f"<b>{esc(c.participant)}</b>: {esc(c.action)} "
                f"<span style='color:{MUTED}'>(due {esc(c.due or '-')})</span>"
            )
            rows.append(widgets.HBox([label, status, evidence]))
        self.follow_up_box.children = rows or [widgets.HTML(f"<i style='color:{MUTED}'>No previous clinic loaded.</i>")]

    def _follow_up_edited(
        self, index: int, status: widgets.Dropdown, evidence: widgets.Text
    ) -> Callable[[dict[str, Any]], None]:
        def handler(_change: dict[str, Any]) -> None:
            self.clinic.review_follow_up(index, status.value, evidence.value)
            self._save(typing=True)

        return handler

    def _render_problems(self) -> None:
        rows: list[widgets.Widget] = []
        for index, problem in enumerate(self.clinic.problems):
            dropdown = widgets.Dropdown(
                options=[(c.value, c) for c in ProblemCategory],
                value=problem.category,
                layout=widgets.Layout(width="14em"),
            )
            dropdown.observe(self._reclassify(index), names="value")
            rows.append(widgets.HBox([widgets.HTML(problem_html(problem)), dropdown]))
        self.problems_box.children = rows

    def _render_vote(self) -> None:
        self.vote_status.value = vote_html(self.vote, self.clinic.names)


__all__ = ["ClinicError", "ClinicRunner"]
