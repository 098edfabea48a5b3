"""The community's forums page: case rotation, the monthly pattern review, the artefact register and
quarterly reset, and the four peer-learning measures, all read from and saved to the workshop store.

A view over kit.cop.forums and kit.cop.measures; every record it writes is a new version in the store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from kit.cop.clinic_persistence import CLINIC_WORKSHOP
from kit.cop.cohort_design import CohortDesign
from kit.cop.forums import (
    PATTERN_REVIEW_KIND,
    REGISTER_KEY,
    REGISTER_KIND,
    RESET_KIND,
    ArtefactEntry,
    ArtefactRegister,
    HeldClinic,
    QuarterlyReset,
    case_rotation,
    clinics_in_store,
    load_register,
    next_case_owner,
    pattern_review,
    quarter_of,
    reset_verdicts,
)
from kit.cop.impact import scorecard_for
from kit.cop.measures import (
    COMPARISON_HEADERS,
    MEASURE_HEADERS,
    comparison_rows,
    measure_rows,
    peer_learning_measures,
    window_title,
)
from kit.store import Store
from kit.widgets.clinic_html import notice_html
from kit.widgets.record_page import attempted
from kit.widgets.shared import action_button, classed, folder_and_store, text_box
from kit.widgets.style import MUTED, esc, table_html

COHORT_KEY = "cohort-design"  # where notebook 14 keeps the cohort's design


class ForumsPage(widgets.Tab):
    """Four tabs a facilitator and a sponsor use between clinics."""

    def __init__(self, store: Store, folder: Path, *, workshop: str = CLINIC_WORKSHOP, author: str = "facilitator",
                 today: Callable[[], date] = date.today, **kwargs: Any) -> None:
        self.store, self.folder, self.workshop, self.author, self.today = store, folder, workshop, author, today
        self.clinics: list[HeldClinic] = []
        self.notice = classed(widgets.HTML(), "okr-forums-notice")
        self.rotation = classed(widgets.HTML(), "okr-forums-rotation")

        self.month = classed(widgets.Dropdown(description="Month"), "okr-forums-month")
        self.month.observe(lambda _c: self.show_review(), names="value")
        self.patterns = classed(widgets.HTML(), "okr-forums-patterns")
        self.pattern_pick = classed(widgets.Dropdown(description="Pattern", layout=widgets.Layout(width="34em")),
                                    "okr-forums-pattern-pick")
        self.artefact_pick = classed(widgets.Dropdown(description="Artefact", layout=widgets.Layout(width="34em")),
                                     "okr-forums-artefact-pick")
        self.change = classed(widgets.Textarea(placeholder="What changes in the artefact: a new rule, a reworded step",
                                               layout=widgets.Layout(width="60%")), "okr-forums-change")
        self.change_owner = text_box("Owner", "okr-forums-change-owner", "12em")
        self.change_due = classed(widgets.DatePicker(description="Due"), "okr-forums-change-due")
        self.updates = classed(widgets.HTML(), "okr-forums-updates")
        review_tab = widgets.VBox([
            self.month, self.patterns, self.pattern_pick, self.artefact_pick, self.change,
            widgets.HBox([self.change_owner, self.change_due,
                          action_button("Record the update", "okr-forums-convert", self.convert, "check")]),
            self.updates,
        ])

        self.register_table = classed(widgets.HTML(), "okr-forums-register")
        self.entry_name = classed(widgets.Combobox(placeholder="Artefact name", description="Artefact",
                                                   ensure_option=False), "okr-forums-entry-name")
        self.entry_name.observe(lambda _c: self._fill_entry(), names="value")
        self.entry_owner = text_box("Owner", "okr-forums-entry-owner", "14em")
        self.entry_adoption = classed(widgets.Textarea(placeholder="Signs of use, one per line: who uses it, where",
                                                       layout=widgets.Layout(width="60%")), "okr-forums-entry-adoption")
        self.entry_used = classed(widgets.DatePicker(description="Last used"), "okr-forums-entry-used")
        self.entry_retire_on = classed(widgets.DatePicker(description="Retire on"), "okr-forums-entry-retire-on")
        self.next_problem = classed(widgets.Textarea(placeholder="The execution problem the community fixes next",
                                                     layout=widgets.Layout(width="60%")), "okr-forums-next-problem")
        self.reset_status = classed(widgets.HTML(), "okr-forums-reset-status")
        register_tab = widgets.VBox([
            self.register_table, self.entry_name, self.entry_owner, self.entry_adoption,
            widgets.HBox([self.entry_used, self.entry_retire_on]),
            widgets.HBox([action_button("Save artefact", "okr-forums-save-entry", self.save_entry, "save"),
                          action_button("Retire it", "okr-forums-retire", self.retire_entry, "archive")]),
            widgets.HTML("<h4>Quarterly reset</h4>"), self.next_problem,
            widgets.HBox([action_button("Record the reset", "okr-forums-record-reset", self.record_reset,
                                        "flag-checkered")]),
            self.reset_status,
        ])
        self.measures = classed(widgets.HTML(), "okr-forums-measures")
        super().__init__(children=[widgets.VBox([self.notice, self.rotation]), review_tab, register_tab,
                                   self.measures], titles=("Rotation", "Pattern review", "Artefacts and reset",
                                                           "Four measures"),
                         **kwargs)
        self.add_class("okr-forums")
        self.refresh()

    # -- reading -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the clinics and the register from the store and redraw every tab."""
        self.clinics, unreadable = clinics_in_store(self.store, self.workshop)
        skipped = f" {len(unreadable)} record(s) could not be read and are left out: {', '.join(unreadable)}." \
            if unreadable else ""
        self.notice.value = (f"<div style='color:{MUTED}'>{len(self.clinics)} clinic(s) in the store "
                             f"(live, 30-minute and written).{esc(skipped)}</div>")
        self.show_rotation()
        months = sorted({h.held_on.strftime("%Y-%m") for h in self.clinics} | {self.today().strftime("%Y-%m")})
        current = self.month.value
        self.month.options = months
        self.month.value = current if current in months else months[-1]
        self.show_review()
        self.show_register()
        self.show_measures()

    def show_rotation(self) -> None:
        rows = case_rotation(self.clinics)
        turn = next_case_owner(rows)
        head = (f"<p class='okr-forums-next'>Next case by rotation: <b>{esc(turn.name)}</b> "
                f"({turn.cases} case(s) brought in {turn.attended} clinic(s))</p>" if turn else
                f"<p style='color:{MUTED}'>No clinics saved yet: the rotation starts with the first one.</p>")
        self.rotation.value = head + table_html("okr-rotation", ["Name", "Clinics attended", "Cases brought",
                                                                  "Last case"],
                                                [[r.name, r.attended, r.cases, r.last_case or "-"] for r in rows])

    def show_review(self) -> None:
        if not self.month.value:
            return
        review = pattern_review(self.store, self.month.value, self.workshop)
        self.patterns.value = (
            "".join(f"<div class='okr-pattern' data-kind='{esc(p.kind)}'><b>{esc(p.theme)}</b> "
                    f"<span style='color:{MUTED}'>in {len(p.clinics)} clinics: {esc(', '.join(p.clinics))}</span>"
                    f"<ul>{''.join(f'<li>{esc(e)}</li>' for e in p.evidence[:4])}</ul></div>" for p in review.patterns)
            or f"<i style='color:{MUTED}'>Nothing recurs in {esc(self.month.value)} yet: a pattern needs two "
               "clinics.</i>")
        self.pattern_pick.options = [p.theme for p in review.patterns]
        self.artefact_pick.options = [e.name for e in load_register(self.store, self.workshop).entries
                                      if e.retired_on is None]
        open_ones = review.unconverted
        self.updates.value = table_html("okr-pattern-updates", ["Pattern", "Artefact", "Change", "Owner", "Due"],
                                        [[u.pattern, u.artefact, u.change, u.owner or "-", u.due or "-"]
                                         for u in review.updates]) + (
            f"<div style='color:{MUTED}'>Still to convert: {esc(', '.join(open_ones))}</div>" if open_ones else "")

    def show_register(self) -> None:
        register = load_register(self.store, self.workshop)
        verdicts = {v.name: v for v in reset_verdicts(register, self.today())}
        self.register_table.value = table_html(
            "okr-register", ["Artefact", "Owner", "Version", "Signs of use", "Last used", "Retire on", "Reset"],
            [[e.name, e.owner or "-", e.version, len(e.adoption), e.last_used or "-", e.retire_on or "-",
              f"{verdicts[e.name].verdict}: {verdicts[e.name].why}"] for e in register.entries])
        self.entry_name.options = tuple(e.name for e in register.entries)

    def show_measures(self) -> None:
        scorecard, _source = scorecard_for(self.folder / "impact.yaml")
        saved = self.store.record(self.workshop_of_design(), CohortDesign.RULES, COHORT_KEY)
        design = CohortDesign.model_validate(saved.payload) if saved is not None else None
        result = peer_learning_measures(self.store, self.clinics, scorecard, design, self.today())
        self.measures.value = (
            f"<h4>{esc(window_title(result))}</h4>{table_html('okr-measures', MEASURE_HEADERS, measure_rows(result))}"
            "<h4>Teams that took part, compared with teams that did not</h4>"
            f"{table_html('okr-measures-comparison', COMPARISON_HEADERS, comparison_rows(result))}")

    def workshop_of_design(self) -> str:
        """Notebook 14 keeps the design under the workshop folder's name."""
        return self.folder.resolve().name or "workshop"

    # -- writing -----------------------------------------------------------------------------------

    def convert(self) -> None:
        review = pattern_review(self.store, self.month.value, self.workshop)
        if attempted(lambda: review.convert(self.pattern_pick.value or "", self.artefact_pick.value or "",
                                                self.change.value, self.change_owner.value, self.change_due.value),
                         self.updates) and attempted(lambda: self.store.save_record(
                             self.workshop, PATTERN_REVIEW_KIND, review.month, review, self.author), self.updates):
            self.change.value = self.change_owner.value = ""
            self.show_review()

    def _fill_entry(self) -> None:
        found = load_register(self.store, self.workshop).find(self.entry_name.value)
        if found is not None:
            self.entry_owner.value = found.owner
            self.entry_adoption.value = "\n".join(found.adoption)
            self.entry_used.value, self.entry_retire_on.value = found.last_used, found.retire_on

    def _save_register(self, change: Callable[[ArtefactRegister], object]) -> None:
        register = load_register(self.store, self.workshop)
        if attempted(lambda: change(register), self.reset_status) and attempted(
                lambda: self.store.save_record(self.workshop, REGISTER_KIND, REGISTER_KEY, register, self.author),
                self.reset_status):
            self.reset_status.value = notice_html("Register saved.", "ok")
            self.show_register()
            self.show_review()

    def save_entry(self) -> None:
        name = self.entry_name.value.strip()
        if not name:
            self.reset_status.value = notice_html("Name the artefact first.", "warning")
            return
        lines = [line.strip() for line in self.entry_adoption.value.splitlines() if line.strip()]

        def upsert(register: ArtefactRegister) -> None:
            old = register.find(name)
            register.upsert(ArtefactEntry(name=name, owner=self.entry_owner.value.strip(), adoption=lines,
                                          version=old.version if old else 1, last_used=self.entry_used.value,
                                          retire_on=self.entry_retire_on.value,
                                          retired_on=old.retired_on if old else None))

        self._save_register(upsert)

    def retire_entry(self) -> None:
        self._save_register(lambda register: register.retire(self.entry_name.value.strip(), self.today()))

    def record_reset(self) -> None:
        today = self.today()
        register = load_register(self.store, self.workshop)
        verdicts = reset_verdicts(register, today)
        reset = QuarterlyReset(quarter=quarter_of(today), held_on=today, verdicts=verdicts,
                               retired=[v.name for v in verdicts if v.verdict == "retired"],
                               next_problem=self.next_problem.value.strip())
        if not reset.next_problem:
            self.reset_status.value = notice_html("Name the problem the community fixes next, then record.", "warning")
            return
        if attempted(lambda: self.store.save_record(self.workshop, RESET_KIND, reset.quarter, reset, self.author),
                         self.reset_status):
            to_retire = [v.name for v in verdicts if v.verdict == "retire"]
            self.reset_status.value = notice_html(
                f"Reset {reset.quarter} recorded. To retire: {', '.join(to_retire) or 'nothing'}.", "ok")


def open_forums(folder: str | Path | None = None, store: Store | None = None,
                today: Callable[[], date] = date.today) -> ForumsPage:
    folder_path, store = folder_and_store(folder, store)
    return ForumsPage(store, folder_path, today=today)
