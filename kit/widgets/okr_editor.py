"""The OKR drafting widget: a live view over one OkrSet and its review.

The widget holds no rules. Every edit updates `okr_set`, runs `kit.review` on it and shows
the findings beside the objective or KR they concern, so what the room sees while typing
is exactly what `okr-kit review` says about the exported file.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from kit.model import Finding, KeyResult, Objective, OkrSet, Review
from kit.review import review as run_review
from kit.rubric import load_rubric
from kit.rubric.gates import DRAFT, SIGN_OFF, GateVerdict, judge
from kit.widgets.coach_panel import CoachPanel
from kit.widgets.editor_rows import (
    Handler,
    KrRow,
    ObjectiveRow,
    build_kr_row,
    build_objective_row,
    close_tree,
    renumber,
    reviewable,
    text_field,
)
from kit.widgets.exports import ExportPanel
from kit.widgets.okr_feedback import baseline_html, kr_feedback_html
from kit.widgets.okr_import import ImportPanel
from kit.widgets.pages import Pager, page_of, page_ranges
from kit.widgets.shared import action_button, classed
from kit.widgets.style import (
    MUTED,
    esc,
    findings_html,
    summary_html,
)

Reviewer = Callable[[OkrSet], Review]


def blank_set() -> OkrSet:
    """Where a new draft starts: one objective with one KR row, ready to type into."""
    return OkrSet(objectives=[Objective(text="", key_results=[KeyResult(text="")])])


class OkrEditor(widgets.VBox):
    """Edit one OKR set with the rubric's findings next to each line, updated as you type."""

    def __init__(
        self,
        okr_set: OkrSet | None = None,
        *,
        reviewer: Reviewer | None = None,
        filename: str = "okrs",
        show_import: bool = True,
        **kwargs: Any,
    ) -> None:
        self.okr_set = okr_set.model_copy(deep=True) if okr_set else blank_set()
        self.reviewer: Reviewer = reviewer or run_review
        self.review: Review = Review(okr_set=OkrSet())
        self.coach_review: Review | None = None
        self.last_review_ms = 0.0
        self.objective_rows: list[ObjectiveRow] = []
        # the rows of the page just left, still open: a keystroke on its way when the page turned lands there
        self._left_rows: list[ObjectiveRow] = []
        self._change_listeners: list[Callable[[], None]] = []

        self.title = text_field(self.okr_set.title, "Title of this OKR set", "okr-set-title")
        self.team = text_field(self.okr_set.team, "Team", "okr-set-team", "14em")
        self.cycle = text_field(self.okr_set.cycle, "Cycle, e.g. 2027-Q1", "okr-set-cycle", "12em")
        for box, name in ((self.title, "title"), (self.team, "team"), (self.cycle, "cycle")):
            box.observe(self._set_field(name), names="value")
        self.summary = classed(widgets.HTML(), "okr-summary-box")
        self.gate_choice = widgets.ToggleButtons(
            options=[("Draft gate", DRAFT), ("Sign-off", SIGN_OFF)], value=DRAFT,
            tooltips=["No rubric errors: ready to share", "The playbook's checks before sign-off"],
            style={"button_width": "8em"},
        )
        self.gate_choice.add_class("okr-gate-choice")
        self.gate_choice.observe(lambda _change: self._show_summary(), names="value")
        self.set_findings = classed(widgets.HTML(), "okr-set-findings")
        self.rows_box = widgets.VBox()
        self.page = 0
        self.pager = Pager(self.turn_page)
        add_objective = action_button("+ Objective", "okr-add-objective", self.add_objective,
                                      tooltip="Add an objective")

        self.importer = ImportPanel(self.load)
        self.import_status = self.importer.status

        self.exports = ExportPanel(filename, lambda: (self.review, self.gate_verdict()))
        self.export_output = self.exports.output

        self.coach = CoachPanel(self.ask_coach)

        self._removed: tuple[int, Objective] | None = None
        self.undo_text = widgets.HTML()
        undo_button = action_button("Undo", "okr-undo-remove", self.undo_remove, "undo",
                                    tooltip="Put the removed objective back")
        self.undo_bar = classed(widgets.HBox([self.undo_text, undo_button], layout=widgets.Layout(display="none")),
                                "okr-undo-bar")

        children: list[widgets.Widget] = []
        if show_import:
            children.append(widgets.Accordion(children=[self.importer], titles=("Import a draft",),
                                              selected_index=0 if not self._has_text() else None))
        children += [
            widgets.HBox([self.title, self.team, self.cycle]),
            widgets.HBox([self.gate_choice, self.summary]),
            self.set_findings,
            self.undo_bar,
            self.pager,
            self.rows_box,
            add_objective,
            widgets.HBox([self.exports.format, self.exports.button, self.coach.button]),
            self.coach.status,
            self.export_output,
        ]
        super().__init__(children, **kwargs)
        self.add_class("okr-editor")
        self._rebuild()

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` after every edit has been reviewed, e.g. to autosave the draft."""
        self._change_listeners.append(listener)

    def review_of(self, okr_set: OkrSet) -> Review:
        """Review another set the way this editor reviews its own (blank rows skipped), e.g. a saved version."""
        return self.reviewer(reviewable(okr_set)[0])

    # --- editing the model -------------------------------------------------------------

    def load(self, okr_set: OkrSet) -> None:
        """Show another set, e.g. one just imported; header fields follow it.

        Lines the import could not place are told in the import status, once; the editor then holds
        only what is on screen, so adding a lost key result by hand is what clears the gate.
        """
        self.okr_set = okr_set.model_copy(deep=True, update={"unread_lines": []})
        if not self.okr_set.objectives:
            self.okr_set = blank_set().model_copy(update={"title": okr_set.title, "team": okr_set.team,
                                                           "cycle": okr_set.cycle, "north_star": okr_set.north_star})
        self.coach_review = None
        self.title.value = self.okr_set.title or ""
        self.team.value = self.okr_set.team or ""
        self.cycle.value = self.okr_set.cycle or ""
        self._rebuild()

    def add_objective(self, text: str = "") -> None:
        """Add an objective with one empty KR, below the rows on screen when the page has room for it."""
        self.okr_set.objectives.append(Objective(text=text, key_results=[KeyResult(text="")]))
        index = len(self.okr_set.objectives) - 1
        if not self._extend_page(index):
            self._rebuild(show=index, keep_left=True)

    def remove_objective(self, oi: int) -> None:
        """Remove an objective with its KRs, and offer to bring it back: one click should not lose an hour."""
        self._close_left_rows()  # their objective numbers are about to change
        removed = self.okr_set.objectives.pop(oi)
        self._removed = (oi, removed)
        krs = len([kr for kr in removed.key_results if kr.text.strip()])
        label = removed.text.strip() or "an untitled objective"
        self.undo_text.value = (
            f"<span style='color:{MUTED}'>Removed “{esc(label)}” and its {krs} key result(s).</span>"
        )
        self.undo_bar.layout.display = "flex"
        row = self._shown_row(oi)
        if row is None:
            self._rebuild()
            return
        survivors = [other for other in self.objective_rows if other is not row]
        if not self._page_shows([other.index - (other.index > oi) for other in survivors]):
            self._rebuild()
            return
        for other in survivors:
            other.index -= other.index > oi
        self.objective_rows = survivors
        self.rows_box.children = tuple(other.box for other in survivors)
        close_tree(row.box)
        renumber(survivors)
        self.refresh()

    def undo_remove(self) -> None:
        """Put the last removed objective back where it was."""
        if self._removed is None:
            return
        index, objective = self._removed
        self._removed = None
        self.okr_set.objectives.insert(min(index, len(self.okr_set.objectives)), objective)
        self.undo_bar.layout.display = "none"
        self._rebuild(show=index)

    def move_objective(self, oi: int, step: int) -> None:
        """Swap an objective with its neighbour; on one page the rows swap in place, keeping what is typed."""
        objectives, other = self.okr_set.objectives, oi + step
        if not 0 <= other < len(objectives):
            return
        self._close_left_rows()
        objectives[oi], objectives[other] = objectives[other], objectives[oi]
        row, neighbour = self._shown_row(oi), self._shown_row(other)
        if row is None or neighbour is None or not self._page_shows([shown.index for shown in self.objective_rows]):
            self._rebuild(show=other)
            return
        row.index, neighbour.index = other, oi
        self.objective_rows.sort(key=lambda shown: shown.index)
        self.rows_box.children = tuple(shown.box for shown in self.objective_rows)
        renumber([row, neighbour])
        self.refresh()

    def add_key_result(self, oi: int, text: str = "") -> None:
        """Add a KR row below the objective's others, keeping the rows on screen when the page still fits."""
        key_results = self.okr_set.objectives[oi].key_results
        key_results.append(KeyResult(text=text))
        if not self._extend_page(oi):
            self._rebuild(show=oi, keep_left=True)

    def _extend_page(self, oi: int) -> bool:
        """Show objective `oi`'s new rows by adding them to the page, when it is on this page and still fits.

        A browser sends the last keystrokes of a field after the click that follows them; rows rebuilt
        by the click would be closed by then and the keystrokes lost, so added rows leave the others be.
        """
        shown = [row.index for row in self.objective_rows]
        row = self._shown_row(oi)
        if not self._page_shows(shown if row is not None else [*shown, oi]):
            return False
        if row is not None:
            key_results = self.okr_set.objectives[oi].key_results
            added = build_kr_row(oi, len(key_results) - 1, key_results[-1], self)
            row.krs.append(added)
            row.kr_box.children = (*row.kr_box.children, added.box)
        else:
            row = build_objective_row(oi, self.okr_set.objectives[oi], self)
            self.objective_rows.append(row)
            self.rows_box.children = (*self.rows_box.children, row.box)
        self.refresh()
        return True

    def remove_key_result(self, oi: int, ki: int) -> None:
        self._close_left_rows()
        del self.okr_set.objectives[oi].key_results[ki]
        row = self._shown_row(oi)
        if row is None or not self._page_shows([shown.index for shown in self.objective_rows]):
            self._rebuild()
            return
        removed = row.krs.pop(ki)
        row.kr_box.children = tuple(kr_row.box for kr_row in row.krs)
        close_tree(removed.box)
        renumber([row])
        self.refresh()

    def move_key_result(self, oi: int, ki: int, step: int) -> None:
        """Swap a KR with its neighbour; the rows swap on screen too, so what is being typed stays with its KR."""
        items = self.okr_set.objectives[oi].key_results
        other = ki + step
        row = self._shown_row(oi)
        if not 0 <= other < len(items) or row is None:
            return
        self._close_left_rows()
        items[ki], items[other] = items[other], items[ki]
        row.krs[ki], row.krs[other] = row.krs[other], row.krs[ki]
        row.kr_box.children = tuple(kr_row.box for kr_row in row.krs)
        renumber([row])
        self.refresh()

    def _shown_row(self, oi: int) -> ObjectiveRow | None:
        return next((row for row in self.objective_rows if row.index == oi), None)

    def _page_shows(self, indexes: list[int]) -> bool:
        """Whether the set's current page shows exactly the objectives `indexes`; if so, the pager follows."""
        counts = [len(objective.key_results) for objective in self.okr_set.objectives]
        pages = page_ranges(counts)
        shows = self.page < len(pages) and list(pages[self.page]) == indexes
        if shows:
            self.pager.show(pages, self.page, counts)
        return shows

    def position(self, kr_row: KrRow) -> tuple[int, int]:
        """Where a KR row stands now: rows move in place, so their handlers look it up when they run."""
        for row in (*self.objective_rows, *self._left_rows):
            for ki, shown in enumerate(row.krs):
                if shown is kr_row:
                    return row.index, ki
        raise LookupError("a key result row that is no longer on the page")

    def turn_page(self, step: int) -> None:
        """Show the page of objectives `step` pages on (negative: back)."""
        self.page += step
        self._rebuild(keep_left=True)

    def _set_field(self, name: str) -> Handler:
        def handler(change: dict[str, Any]) -> None:
            setattr(self.okr_set, name, change["new"].strip() or None)
            self.refresh()

        return handler

    def objective_edited(self, row: ObjectiveRow) -> Handler:
        def handler(change: dict[str, Any]) -> None:
            shown = self._shown_row(row.index)
            if shown is not None and shown is not row:
                # typed on the page just left: the row shown takes it in, and its own handler saves it
                shown.text.value = change["new"]
                return
            objective = self.okr_set.objectives[row.index]
            self.okr_set.objectives[row.index] = objective.model_copy(update={"text": change["new"]})
            self.refresh()

        return handler

    def kr_edited(self, kr_row: KrRow, name: str) -> Handler:
        def handler(change: dict[str, Any]) -> None:
            oi, ki = self.position(kr_row)
            shown = self._shown_row(oi)
            if shown is not None and ki < len(shown.krs) and shown.krs[ki] is not kr_row:
                # typed on the page just left: the row shown takes it in, and its own handler saves it
                getattr(shown.krs[ki], name).value = change["new"]
                return
            old = self.okr_set.objectives[oi].key_results[ki]
            value = change["new"] if name == "text" else change["new"].strip() or None
            if name == "text":
                # Numbers read from the old wording would be stale: the rubric re-reads the new text.
                kr = KeyResult(text=value or "", owner=old.owner, source=old.source, scoring=old.scoring,
                               contributes_to=old.contributes_to, depends_on=old.depends_on)
            else:
                kr = old.model_copy(update={name: value})
            self.okr_set.objectives[oi].key_results[ki] = kr
            self.refresh()

        return handler

    # --- building the rows ---------------------------------------------------------------

    def _rebuild(self, show: int | None = None, keep_left: bool = False) -> None:
        """Recreate the rows of the page on screen after a structural change (add, remove, reorder, import,
        turning the page); `show` turns to the page with that objective.

        With `keep_left` (the page turned and no objective or KR moved), the rows left stay open until the
        next change: a browser sends the last keystrokes of a field after the click that turned the page.
        """
        old_rows = self.objective_rows
        self._close_left_rows()
        counts = [len(objective.key_results) for objective in self.okr_set.objectives]
        pages = page_ranges(counts)
        self.page = page_of(pages, show) if show is not None else min(max(self.page, 0), len(pages) - 1)
        self.objective_rows = [build_objective_row(oi, self.okr_set.objectives[oi], self) for oi in pages[self.page]]
        self.rows_box.children = [row.box for row in self.objective_rows]
        self.pager.show(pages, self.page, counts)
        if keep_left:
            self._left_rows = old_rows
        else:
            for row in old_rows:
                close_tree(row.box)  # a long workshop must not pile up dead widgets in the kernel
        self.refresh()

    def _close_left_rows(self) -> None:
        for row in self._left_rows:
            close_tree(row.box)
        self._left_rows = []

    # --- review and display ----------------------------------------------------------------

    def _has_text(self) -> bool:
        return any(o.text.strip() or any(k.text.strip() for k in o.key_results) for o in self.okr_set.objectives)

    def refresh(self) -> None:
        """Review the set and redraw every findings panel.

        Runs on every keystroke with no added delay: a 16-KR set reviews and renders in about
        10 ms, well inside the 150 ms budget benchmarks/widget_latency.py holds the page to.
        """
        started = time.perf_counter()
        shown, objective_map, kr_map = reviewable(self.okr_set)
        self.review = self.reviewer(shown)
        self.coach_review = None
        self.last_review_ms = (time.perf_counter() - started) * 1000
        self._render(self.review.findings, objective_map, kr_map)
        self.exports.follow()
        for listener in self._change_listeners:
            listener()

    def _render(
        self,
        findings: list[Finding],
        objective_map: dict[int, int],
        kr_map: dict[tuple[int, int], tuple[int, int]],
    ) -> None:
        by_objective: dict[int, list[Finding]] = {}
        by_kr: dict[tuple[int, int], list[Finding]] = {}
        set_level: list[Finding] = []
        for finding in findings:
            if finding.scope == "key_result" and (finding.objective_index, finding.kr_index) in kr_map:
                by_kr.setdefault(kr_map[(finding.objective_index, finding.kr_index)], []).append(finding)  # type: ignore[index]
            elif finding.scope == "objective" and finding.objective_index in objective_map:
                by_objective.setdefault(objective_map[finding.objective_index], []).append(finding)
            else:
                set_level.append(finding)
        for row in self.objective_rows:
            row.findings.value = findings_html(by_objective.get(row.index, []))
            for ki, kr_row in enumerate(row.krs):
                kr_row.findings.value = kr_feedback_html(kr_row.text.value, by_kr.get((row.index, ki), []))
        self.set_findings.value = findings_html(set_level)
        self._show_summary()

    def gate_verdict(self) -> GateVerdict:
        """The review judged by the gate chosen above the badge."""
        return judge(self.review, load_rubric().gates, self.gate_choice.value)

    def _show_summary(self) -> None:
        self.summary.value = summary_html(self.review, self.gate_verdict()) + baseline_html(self.review)

    # --- import, export, coach --------------------------------------------------------------

    def import_text(self, text: str, *, format: str | None = None) -> bool:
        return self.importer.import_text(text, format=format)

    def import_file(self, name: str, content: bytes) -> bool:
        return self.importer.import_file(name, content)

    def export(self, fmt: str | None = None) -> str:
        """Offer the reviewed set as a download in `fmt` (the format chosen on the page by default)."""
        return self.exports.offer(fmt)

    def ask_coach(self) -> Review | None:
        """Add the coach's judgement beside the rubric's; the rubric's findings stay as they are."""
        shown, objective_map, kr_map = reviewable(self.okr_set)
        coached = self.coach.ask(shown)
        if coached is not None:
            self._render(coached.findings, objective_map, kr_map)
            self.coach_review = coached
        return coached
