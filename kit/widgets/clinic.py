"""The clinic runner a facilitator puts on the screen: a view over one `kit.cop.clinic.Clinic`.

Every button edits the clinic record and re-renders from it; the rules (phases, rotation,
what counts as a complete commitment, when votes may be seen) live in kit.cop.clinic. The phase
clock ticks in the browser (ipywidgets' Play), so the kernel never sleeps. The HTML it shows
is built in kit.widgets.clinic_html.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import ipywidgets as widgets

from kit.autosave import Autosaver
from kit.cop.clinic import Clinic, CloseResult, Experience, FollowUpStatus, ProblemCategory
from kit.cop.clinic_format import ClinicError
from kit.cop.clinic_persistence import CLINIC_KIND, CLINIC_WORKSHOP
from kit.cop.clinic_rounds import ConfidenceVote
from kit.cop.markdown import clinic_markdown
from kit.errors import KitError
from kit.store import Store
from kit.widgets.clinic_clock import ClinicClock
from kit.widgets.clinic_html import (
    commitments_html,
    notes_html,
    notice_html,
    participants_html,
    peer_draft_html,
    phase_html,
    problem_html,
    vote_html,
)
from kit.widgets.intake import IntakeForm
from kit.widgets.style import MUTED, download_link, esc


def _button(description: str, css: str, handler: Callable[[], object], icon: str = "") -> widgets.Button:
    button = widgets.Button(description=description, icon=icon, layout=widgets.Layout(width="auto"))
    button.add_class(css)
    button.on_click(lambda _b: handler())
    return button


def _text(placeholder: str, css: str, width: str = "16em") -> widgets.Text:
    box = widgets.Text(placeholder=placeholder, layout=widgets.Layout(width=width))
    box.add_class(css)
    return box


def _heading(text: str) -> widgets.HTML:
    return widgets.HTML(f"<h3 style='margin:12px 0 4px'>{esc(text)}</h3>")


class ClinicRunner(widgets.VBox):
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

        self.participant_name = _text("Name", "okr-clinic-participant-name", "12em")
        self.participant_team = _text("Team", "okr-clinic-participant-team", "10em")
        self.participant_experience = widgets.Dropdown(
            options=[(e.value, e) for e in Experience], value=Experience.DEVELOPING, layout=widgets.Layout(width="12em")
        )
        self.participant_list = widgets.HTML()
        self.participant_list.add_class("okr-clinic-participants")

        self.follow_up_box = widgets.VBox()
        self.follow_up_box.add_class("okr-clinic-follow-ups")

        self.clock_bar = ClinicClock(self._render_phase, tick_ms)
        self.ticker, self.clock = self.clock_bar.ticker, self.clock_bar.display
        self.phase_card = widgets.HTML()
        self.note_text = widgets.Textarea(placeholder="Note for this phase", layout=widgets.Layout(width="60%"))
        self.note_text.add_class("okr-clinic-note-text")
        self.notes_html = widgets.HTML()
        self.notes_html.add_class("okr-clinic-notes")

        self.problem_text = _text("Problem raised", "okr-clinic-problem-text", "24em")
        self.problem_category = widgets.Dropdown(
            options=[(c.value, c) for c in ProblemCategory],
            value=ProblemCategory.PARKED,
            layout=widgets.Layout(width="14em"),
        )
        self.problem_category.add_class("okr-clinic-problem-category")
        self.problems_box = widgets.VBox()
        self.problems_box.add_class("okr-clinic-problems")

        self.vote_question = _text("Proposed fix to vote on", "okr-clinic-vote-question", "24em")
        self.vote_voter = widgets.Dropdown(options=[], layout=widgets.Layout(width="12em"))
        self.vote_score = widgets.ToggleButtons(options=[1, 2, 3, 4, 5], value=3, style={"button_width": "2.5em"})
        self.vote_status = widgets.HTML()
        self.vote_status.add_class("okr-clinic-vote-status")

        self.draft_author = widgets.Dropdown(options=[], layout=widgets.Layout(width="12em"))
        self.draft_text = widgets.Textarea(
            placeholder="Paste this participant's OKR draft", layout=widgets.Layout(width="60%")
        )
        self.drafts: dict[str, str] = {}
        self.drafts_status = widgets.HTML()
        self.reviewer = widgets.Dropdown(options=[], layout=widgets.Layout(width="12em"))
        self.reviewer.observe(lambda _c: self._render_peer_round(), names="value")
        self.review_draft = widgets.HTML()
        self.review_draft.add_class("okr-clinic-review-draft")
        self.review_challenge = _text("One challenge", "okr-clinic-review-challenge", "30em")
        self.review_suggestion = _text("One suggestion", "okr-clinic-review-suggestion", "30em")
        self.review_status = widgets.HTML()

        self.commit_participant = widgets.Dropdown(options=[], layout=widgets.Layout(width="12em"))
        self.commit_participant.add_class("okr-clinic-commit-participant")
        self.commit_action = _text("Action", "okr-clinic-commit-action", "22em")
        self.commit_owner = _text("Owner", "okr-clinic-commit-owner", "10em")
        self.commit_due = widgets.DatePicker(layout=widgets.Layout(width="11em"))
        self.commit_due.add_class("okr-clinic-commit-due")
        self.commitments_html = widgets.HTML()
        self.commitments_html.add_class("okr-clinic-commitments")
        self.commit_pick = widgets.Dropdown(options=[], description="Recorded", layout=widgets.Layout(width="26em"))
        self.commit_pick.add_class("okr-clinic-commit-pick")

        self.status = widgets.HTML()
        self.status.add_class("okr-clinic-status")
        self.export_output = widgets.HTML()
        self.export_output.add_class("okr-clinic-export")

        super().__init__(
            [
                _heading("1. The case"),
                self.intake,
                _heading("2. Who is in the room"),
                widgets.HBox(
                    [
                        self.participant_name,
                        self.participant_team,
                        self.participant_experience,
                        _button(
                            "Add participant", "okr-clinic-add-participant", self.add_participant_from_form, "plus"
                        ),
                    ]
                ),
                self.participant_list,
                _heading("3. Last clinic's commitments"),
                self.follow_up_box,
                _heading("4. The hour"),
                self.clock_bar,
                self.phase_card,
                widgets.HBox([self.note_text, _button("Add note", "okr-clinic-add-note", self.add_note_from_form)]),
                self.notes_html,
                _heading("5. Problems raised - convert each, or park it"),
                widgets.HBox(
                    [
                        self.problem_text,
                        self.problem_category,
                        _button("Add problem", "okr-clinic-add-problem", self.add_problem_from_form),
                    ]
                ),
                self.problems_box,
                _heading("6. Confidence in the proposed fix (revealed together)"),
                widgets.HBox([self.vote_question, _button("Start vote", "okr-clinic-start-vote", self.start_vote)]),
                widgets.HBox(
                    [
                        self.vote_voter,
                        self.vote_score,
                        _button("Cast hidden vote", "okr-clinic-cast", self.cast_from_form),
                        _button("Reveal all votes", "okr-clinic-reveal", self.reveal_votes),
                    ]
                ),
                self.vote_status,
                _heading("7. Peer review round (anonymous swap)"),
                widgets.HBox(
                    [
                        self.draft_author,
                        self.draft_text,
                        _button("Add draft", "okr-clinic-add-draft", self.add_draft_from_form),
                    ]
                ),
                widgets.HBox([_button("Swap drafts", "okr-clinic-swap", self.swap_drafts), self.drafts_status]),
                widgets.HBox([widgets.Label("Reviewer"), self.reviewer]),
                self.review_draft,
                widgets.VBox(
                    [
                        self.review_challenge,
                        self.review_suggestion,
                        widgets.HBox(
                            [_button("Submit review", "okr-clinic-submit-review", self.submit_review_from_form)]
                        ),
                    ]
                ),
                self.review_status,
                _heading("8. Commitments - action, owner, due date for everyone"),
                widgets.HBox(
                    [
                        self.commit_participant,
                        self.commit_action,
                        self.commit_owner,
                        self.commit_due,
                        _button("Add commitment", "okr-clinic-add-commitment", self.add_commitment_from_form, "check"),
                    ]
                ),
                self.commitments_html,
                widgets.HBox(
                    [
                        self.commit_pick,
                        _button("Edit", "okr-clinic-edit-commitment", self.edit_picked_commitment, "pencil"),
                        _button("Remove", "okr-clinic-remove-commitment", self.remove_picked_commitment, "trash"),
                    ]
                ),
                _heading("9. Close and export"),
                widgets.HBox(
                    [
                        _button("Close clinic", "okr-clinic-close", self.close_clinic, "flag-checkered"),
                        _button("Export record", "okr-clinic-export-button", self.export, "download"),
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

    def _attempt(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except KitError as error:
            self.status.value = notice_html(str(error), "error")
            return False
        self.status.value = ""
        self._save()
        return True

    def _case_changed(self, check: Any) -> None:
        self.clinic.case = check.case
        self._save(typing=True)
        self._render_phase()

    def add_participant_from_form(self) -> None:
        name = self.participant_name.value.strip()
        if not name:
            self.status.value = notice_html("Type the participant's name first.", "warning")
            return
        if self._attempt(
            lambda: self.clinic.add_participant(
                name, team=self.participant_team.value.strip(), experience=self.participant_experience.value
            )
        ):
            self.participant_name.value = self.participant_team.value = ""
            self.refresh()

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
            self.status.value = notice_html("Add participants before voting.", "warning")
            return
        if self._attempt(lambda: vote.cast(self.vote_voter.value, int(self.vote_score.value))):
            self._render_vote()

    def reveal_votes(self) -> None:
        vote = self.vote
        if vote is None:
            self.status.value = notice_html("Start a vote first.", "warning")
            return
        if self._attempt(lambda: vote.reveal()):
            self._render_vote()

    def add_draft_from_form(self) -> None:
        author, text = self.draft_author.value, self.draft_text.value.strip()
        if not author or not text:
            self.status.value = notice_html("Pick a participant and paste their draft.", "warning")
            return
        self.drafts[author] = text
        self.draft_text.value = ""
        self.drafts_status.value = f"<span>{len(self.drafts)} draft(s) in</span>"

    def swap_drafts(self) -> None:
        if self._attempt(lambda: self.clinic.start_peer_round(self.drafts)):
            self._render_peer_round()

    def submit_review_from_form(self) -> None:
        peer_round = self.clinic.peer_round
        if peer_round is None:
            self.status.value = notice_html("Swap the drafts first.", "warning")
            return
        if self._attempt(
            lambda: peer_round.submit(
                self.reviewer.value or "", self.review_challenge.value, self.review_suggestion.value
            )
        ):
            self.review_challenge.value = self.review_suggestion.value = ""
            self._render_peer_round()

    def add_commitment_from_form(self) -> None:
        due: date | None = self.commit_due.value
        if not self.commit_participant.value:
            self.status.value = notice_html("Add participants before recording commitments.", "warning")
            return
        if self._attempt(
            lambda: self.clinic.commit(
                self.commit_participant.value, self.commit_action.value, self.commit_owner.value, due
            )
        ):
            self.commit_action.value = self.commit_owner.value = ""
            self.commit_due.value = None
            self._render_commitments()

    def remove_picked_commitment(self) -> None:
        """Take the picked commitment off the record."""
        if self.commit_pick.value is None:
            return
        removed = self.clinic.remove_commitment(self.commit_pick.value)
        self.status.value = notice_html(f"Removed {removed.participant}'s commitment.", "ok")
        self._render_commitments()

    def edit_picked_commitment(self) -> None:
        """Bring the picked commitment back into the form to correct it; adding it again records the new one."""
        if self.commit_pick.value is None:
            return
        removed = self.clinic.remove_commitment(self.commit_pick.value)
        self.commit_participant.value = removed.participant
        self.commit_action.value, self.commit_owner.value = removed.action, removed.owner
        self.commit_due.value = removed.due
        self.status.value = notice_html(
            f"{removed.participant}'s commitment is in the form above: correct it and press Add commitment.", "ok"
        )
        self._render_commitments()

    def close_clinic(self) -> CloseResult:
        result = self.clinic.close()
        self.status.value = notice_html(result.message, "ok" if result.closed else "warning")
        self._save()
        self._render_commitments()
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

    def _save(self, typing: bool = False) -> int | None:
        """Save the clinic: typing is saved once the facilitator pauses, a click at once.
        Returns the version saved now, if one was."""
        if self.autosave is None:
            return None
        self.autosave.touch()
        if typing:
            return None
        self.autosave.flush()
        return self.autosave.last_version

    def _save_failed(self, error: KitError) -> None:
        self.status.value = notice_html(f"Could not save the clinic record ({error}); export it now.", "error")

    # -- rendering ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        names = self.clinic.names
        for dropdown in (self.vote_voter, self.draft_author, self.commit_participant, self.reviewer):
            current = dropdown.value
            dropdown.options = names
            if current in names:
                dropdown.value = current
        self.participant_list.value = participants_html(self.clinic)
        self._render_follow_ups()
        self._render_phase()
        self._render_problems()
        self._render_vote()
        self._render_peer_round()
        self._render_commitments()

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

    def _render_peer_round(self) -> None:
        peer_round = self.clinic.peer_round
        if peer_round is None:
            self.review_draft.value = f"<i style='color:{MUTED}'>Add two or more drafts, then swap.</i>"
            return
        reviewer = self.reviewer.value
        if not reviewer or reviewer not in peer_round.assignments:
            self.review_draft.value = "<i>Pick a reviewer.</i>"
            return
        label, text = peer_round.draft_for(reviewer)
        self.review_draft.value = peer_draft_html(label, text)
        done = len(peer_round.reviews)
        waiting = ", ".join(peer_round.waiting_for)
        self.review_status.value = esc(f"{done} review(s) in" + (f"; waiting for {waiting}" if waiting else ""))

    def _render_commitments(self) -> None:
        self.commitments_html.value = commitments_html(self.clinic.commitments)
        self.commit_pick.options = [
            (f"{i + 1}. {c.participant}: {c.action or '(no action)'}", i) for i, c in enumerate(self.clinic.commitments)
        ]


__all__ = ["ClinicError", "ClinicRunner"]
