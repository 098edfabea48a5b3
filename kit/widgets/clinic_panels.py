"""Parts of a clinic page that every clinic format shares: who takes part, the commitments round, the peer swap.

Each panel is a view over a record that keeps its own rules (who may commit, what a complete
commitment is, who reviews whose draft); the page (a kit.widgets.record_page.RecordPage) gives it
`attempt`, which runs an edit, shows what went wrong where the facilitator is looking, and saves the
record when the edit held.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import ipywidgets as widgets

from kit.cop.clinic import CaseRecord, Clinic, Commitment, Experience
from kit.widgets.clinic_html import commitments_html, participants_html, peer_draft_html
from kit.widgets.shared import action_button, classed, text_box
from kit.widgets.style import MUTED, esc

Attempt = Callable[[Callable[[], object]], bool]
Notify = Callable[[str, str], None]  # (message, kind) shown in the page's status line


def _dropdown(css: str = "") -> widgets.Dropdown:
    dropdown = widgets.Dropdown(options=[], layout=widgets.Layout(width="12em"))
    return classed(dropdown, css) if css else dropdown


def keep_options(dropdowns: Sequence[widgets.Dropdown], names: list[str]) -> None:
    """Offer `names`, keeping each dropdown's pick when it is still one of them."""
    for dropdown in dropdowns:
        current = dropdown.value
        dropdown.options = names
        if current in names:
            dropdown.value = current


class ParticipantsPanel(widgets.VBox):
    """Who is in the clinic, with their team and level; `on_added` re-renders what lists them."""

    def __init__(self, record: CaseRecord, attempt: Attempt, notify: Notify, on_added: Callable[[], None]) -> None:
        self.record, self._attempt, self._notify, self._on_added = record, attempt, notify, on_added
        self.name = text_box("Name", "okr-clinic-participant-name", "12em")
        self.team = text_box("Team", "okr-clinic-participant-team", "10em")
        self.experience = widgets.Dropdown(options=[(e.value, e) for e in Experience], value=Experience.DEVELOPING,
                                           layout=widgets.Layout(width="12em"))
        self.listing = classed(widgets.HTML(), "okr-clinic-participants")
        super().__init__([
            widgets.HBox([self.name, self.team, self.experience, action_button(
                "Add participant", "okr-clinic-add-participant", self.add_from_form, "plus")]),
            self.listing,
        ])

    def add_from_form(self) -> None:
        name = self.name.value.strip()
        if not name:
            self._notify("Type the participant's name first.", "warning")
            return
        if self._attempt(lambda: self.record.add_participant(name, team=self.team.value.strip(),
                                                             experience=self.experience.value)):
            self.name.value = self.team.value = ""
            self._on_added()

    def render(self) -> None:
        self.listing.value = participants_html(self.record)


class CommitmentsPanel(widgets.VBox):
    """Action, owner and due date for everyone in the room; a picked commitment can be edited or removed."""

    def __init__(self, record: CaseRecord, attempt: Attempt, notify: Notify) -> None:
        self.record, self._attempt, self._notify = record, attempt, notify
        self.participant = _dropdown("okr-clinic-commit-participant")
        self.action = text_box("Action", "okr-clinic-commit-action", "22em")
        self.owner = text_box("Owner", "okr-clinic-commit-owner", "10em")
        self.due = classed(widgets.DatePicker(layout=widgets.Layout(width="11em")), "okr-clinic-commit-due")
        self.listing = classed(widgets.HTML(), "okr-clinic-commitments")
        self.pick = classed(
            widgets.Dropdown(options=[], description="Recorded", layout=widgets.Layout(width="26em")),
            "okr-clinic-commit-pick",
        )
        super().__init__([
            widgets.HBox([
                self.participant, self.action, self.owner, self.due,
                action_button("Add commitment", "okr-clinic-add-commitment", self.add_from_form, "check"),
            ]),
            self.listing,
            widgets.HBox([
                self.pick,
                action_button("Edit", "okr-clinic-edit-commitment", self.edit_picked, "pencil"),
                action_button("Remove", "okr-clinic-remove-commitment", self.remove_picked, "trash"),
            ]),
        ])

    def add_from_form(self) -> None:
        due: date | None = self.due.value
        if not self.participant.value:
            self._notify("Add participants before recording commitments.", "warning")
            return
        if self._attempt(
            lambda: self.record.commit(self.participant.value, self.action.value, self.owner.value, due)
        ):
            self.action.value = self.owner.value = ""
            self.due.value = None
            self.render()

    def _take_picked(self) -> Commitment | None:
        """Take the picked commitment off the record; None when none is picked or the record refused."""
        index = self.pick.value
        if index is None:
            return None
        picked = self.record.commitments[index]
        return picked if self._attempt(lambda: self.record.remove_commitment(index)) else None

    def remove_picked(self) -> None:
        removed = self._take_picked()
        if removed is not None:
            self._notify(f"Removed {removed.participant}'s commitment.", "ok")
            self.render()

    def edit_picked(self) -> None:
        """Bring the picked commitment back into the form to correct it; adding it again records the new one."""
        removed = self._take_picked()
        if removed is None:
            return
        self.participant.value = removed.participant
        self.action.value, self.owner.value = removed.action, removed.owner
        self.due.value = removed.due
        self._notify(
            f"{removed.participant}'s commitment is in the form above: correct it and press Add commitment.", "ok"
        )
        self.render()

    def render(self) -> None:
        keep_options([self.participant], self.record.names)
        commitments = self.record.commitments
        self.listing.value = commitments_html(commitments)
        self.pick.options = [(f"{i + 1}. {c.participant}: {c.action or '(no action)'}", i)
                             for i, c in enumerate(commitments)]


class PeerRoundPanel(widgets.VBox):
    """Drafts go in under their authors' names and come out anonymous, each to a reviewer from another team."""

    def __init__(self, clinic: Clinic, attempt: Attempt, notify: Notify) -> None:
        self.clinic, self._attempt, self._notify = clinic, attempt, notify
        self.drafts: dict[str, str] = {}
        self.author = _dropdown()
        self.text = widgets.Textarea(placeholder="Paste this participant's OKR draft",
                                     layout=widgets.Layout(width="60%"))
        self.drafts_status = widgets.HTML()
        self.reviewer = _dropdown()
        self.reviewer.observe(lambda _c: self.render(), names="value")
        self.draft = classed(widgets.HTML(), "okr-clinic-review-draft")
        self.challenge = text_box("One challenge", "okr-clinic-review-challenge", "30em")
        self.suggestion = text_box("One suggestion", "okr-clinic-review-suggestion", "30em")
        self.status = widgets.HTML()
        super().__init__([
            widgets.HBox([self.author, self.text,
                          action_button("Add draft", "okr-clinic-add-draft", self.add_draft_from_form)]),
            widgets.HBox([action_button("Swap drafts", "okr-clinic-swap", self.swap), self.drafts_status]),
            widgets.HBox([widgets.Label("Reviewer"), self.reviewer]),
            self.draft,
            widgets.VBox([self.challenge, self.suggestion, widgets.HBox(
                [action_button("Submit review", "okr-clinic-submit-review", self.submit_from_form)]
            )]),
            self.status,
        ])

    def add_draft_from_form(self) -> None:
        author, text = self.author.value, self.text.value.strip()
        if not author or not text:
            self._notify("Pick a participant and paste their draft.", "warning")
            return
        self.drafts[author] = text
        self.text.value = ""
        self.drafts_status.value = f"<span>{len(self.drafts)} draft(s) in</span>"

    def swap(self) -> None:
        if self._attempt(lambda: self.clinic.start_peer_round(self.drafts)):
            self.render()

    def submit_from_form(self) -> None:
        peer_round = self.clinic.peer_round
        if peer_round is None:
            self._notify("Swap the drafts first.", "warning")
            return
        if self._attempt(lambda: peer_round.submit(self.reviewer.value or "", self.challenge.value,
                                                   self.suggestion.value)):
            self.challenge.value = self.suggestion.value = ""
            self.render()

    def render(self) -> None:
        keep_options([self.author, self.reviewer], self.clinic.names)
        peer_round = self.clinic.peer_round
        if peer_round is None:
            self.draft.value = f"<i style='color:{MUTED}'>Add two or more drafts, then swap.</i>"
            return
        reviewer = self.reviewer.value
        if not reviewer or reviewer not in peer_round.assignments:
            self.draft.value = "<i>Pick a reviewer.</i>"
            return
        label, text = peer_round.draft_for(reviewer)
        self.draft.value = peer_draft_html(label, text)
        waiting = ", ".join(peer_round.waiting_for)
        done = f"{len(peer_round.reviews)} review(s) in"
        self.status.value = esc(done + (f"; waiting for {waiting}" if waiting else ""))
