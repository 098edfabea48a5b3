"""The weekly check-in as a form the team fills in together, with live scores.

A thin view over kit.cycle.checkin: it edits a draft `CheckIn` (and any reading typed in the
room), previews it against a copy of the cycle, and only touches the real `Cycle` when the
facilitator saves. Every piece of user text is escaped before it reaches HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import ipywidgets as widgets
from pydantic import ValidationError

from kit.autosave import Autosaver
from kit.cycle.actuals import Actual
from kit.cycle.checkin import CHECKIN_QUESTIONS, Blocker, CheckIn, Cycle, Decision, KrUpdate
from kit.cycle.checkin_text import render_update
from kit.cycle.escalation import due_actions
from kit.cycle.persistence import CYCLE_KIND
from kit.cycle.plan import TrackedKeyResult
from kit.cycle.scoring import CONFIDENCE_LABELS
from kit.errors import KitError
from kit.store import Store
from kit.widgets.cycle_tables import due_actions_html, score_badges
from kit.widgets.style import LEVEL_COLOURS, MUTED, esc, message_html

CHECKIN_DRAFT_KIND = "checkin"
_ERROR = "#c62828"
_LABEL = {"description_width": "8em"}
_PRE = "white-space:pre-wrap;line-height:1.35;background:#f7f7f7;padding:4px 6px;margin:4px 0"


def _first_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "input"
    return f"{field}: {first['msg']}"


class KrRow(widgets.VBox):
    """One KR: its reading this week, live score and RAG, and the owner's update."""

    def __init__(self, tracked: TrackedKeyResult, update: KrUpdate | None, latest: float | None,
                 on_change: Callable[[], None]) -> None:
        self.tracked = tracked
        kr = tracked.key_result
        self.actual = widgets.Text(
            value="" if latest is None else f"{latest:g}", description="Latest actual",
            placeholder="from the source of truth", layout=widgets.Layout(width="20em"), style=_LABEL,
        )
        self.insight = widgets.Text(value=update.insight if update else "", description="Insight",
                                    placeholder="one insight from the data", layout=widgets.Layout(width="100%"),
                                    style=_LABEL)
        self.next_action = widgets.Text(value=update.next_action if update else "", description="Next action",
                                        placeholder="one next action or bet change",
                                        layout=widgets.Layout(width="100%"), style=_LABEL)
        self.help_needed = widgets.Text(value=update.help_needed if update else "", description="Help needed",
                                        placeholder="leave empty if none", layout=widgets.Layout(width="100%"),
                                        style=_LABEL)
        self.confidence = widgets.ToggleButtons(
            options=[(str(n), n) for n in range(1, 6)], value=update.confidence if update else None,
            description="Confidence", tooltips=[CONFIDENCE_LABELS[n] for n in range(1, 6)],
            style=widgets.ToggleButtonsStyle(button_width="32px", description_width="8em"),
        )
        self.score = widgets.HTML()
        self.score.add_class("okr-kr-score")
        self.preview = widgets.HTML()
        self.preview.add_class("okr-kr-update")
        for control, css in ((self.actual, "actual"), (self.insight, "insight"), (self.next_action, "next-action"),
                             (self.help_needed, "help"), (self.confidence, "confidence")):
            control.add_class(f"okr-kr-{css}")
            control.observe(lambda _change: on_change(), names="value")
        owner = f" · {esc(kr.owner)}" if kr.owner else ""
        title = widgets.HTML(f"<b>{esc(tracked.id)}</b> {esc(kr.text)}<span style='color:{MUTED}'>{owner}</span>")
        super().__init__(
            [title, widgets.HBox([self.actual, self.score]), self.insight, self.next_action, self.help_needed,
             self.confidence, self.preview],
            layout=widgets.Layout(border="1px solid #ddd", padding="6px", margin="6px 0"),
        )
        self.add_class("okr-kr-row")
        self.add_class("okr-kr-" + "".join(c if c.isalnum() else "-" for c in tracked.id))

    def reading(self) -> float | None:
        """The typed actual; raises KitError for text that is not a number."""
        text = self.actual.value.strip().rstrip("%").replace(",", ".")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise KitError(f"{self.tracked.id}: the latest actual {self.actual.value!r} is not a number") from None

    def update(self) -> KrUpdate:
        return KrUpdate(kr_id=self.tracked.id, insight=self.insight.value, next_action=self.next_action.value,
                        help_needed=self.help_needed.value, confidence=self.confidence.value)


class CheckInWidget(widgets.VBox):
    """One week's check-in: KR updates, the four questions, decisions, blockers and what falls due."""

    def __init__(self, cycle: Cycle, week: int | None = None,
                 on_save: Callable[[Cycle], object] | None = None, **kwargs: Any) -> None:
        self.cycle = cycle
        self.week = week or cycle.current_week
        self.on_save = on_save
        existing = cycle.checkin(self.week)
        friday = cycle.plan.start + timedelta(weeks=self.week - 1, days=4)
        self.held_on = widgets.DatePicker(value=existing.held_on if existing else friday, description="Held on")
        self.held_on.observe(lambda _c: self.refresh(), names="value")
        self.rows: list[KrRow] = []
        for tracked in cycle.plan.tracked():
            in_week = [a for a in cycle.actuals
                       if a.kr_id == tracked.id and cycle.plan.week_of(a.day) == self.week]
            latest = max(in_week, key=lambda a: a.day).value if in_week else None
            self.rows.append(KrRow(tracked, existing.update_for(tracked.id) if existing else None, latest,
                                   self.refresh))
        self.answers: dict[str, widgets.Textarea] = {}
        for field, question in CHECKIN_QUESTIONS.items():
            area = widgets.Textarea(value=getattr(existing, field) if existing else "", placeholder=question,
                                    layout=widgets.Layout(width="100%", height="3.2em"))
            area.add_class(f"okr-q-{field}")
            self.answers[field] = area
        self.decisions: list[Decision] = [d.model_copy() for d in existing.decisions] if existing else []
        # a new week starts with every blocker still open, so the room sees it and can resolve it
        self.blockers: list[Blocker] = ([b.model_copy() for b in existing.blockers] if existing else
                                        [b.model_copy() for b in cycle.blockers() if b.open_on(friday)])
        self.closed_decisions: set[str] = set()
        self.follow_ups = widgets.VBox()
        self.follow_ups.add_class("okr-follow-ups")
        self._follow_up_keys: tuple[str, ...] = ()
        self.decision_text = widgets.Text(placeholder="decision", layout=widgets.Layout(width="24em"))
        self.decision_owner = widgets.Text(placeholder="owner", layout=widgets.Layout(width="10em"))
        self.decision_due = widgets.DatePicker(description="due", value=friday + timedelta(days=7))
        self.decision_evidence = widgets.Text(placeholder="evidence", layout=widgets.Layout(width="18em"))
        self.decision_kr = widgets.Dropdown(options=[("whole set", "")] + [(t.id, t.id) for t in cycle.plan.tracked()],
                                            value="", description="about", layout=widgets.Layout(width="16em"))
        for control, css in ((self.decision_text, "text"), (self.decision_owner, "owner"),
                             (self.decision_due, "due"), (self.decision_evidence, "evidence")):
            control.add_class(f"okr-decision-{css}")
        log_decision = widgets.Button(description="Log decision", icon="gavel")
        log_decision.add_class("okr-log-decision")
        log_decision.on_click(lambda _b: self.log_decision())
        self.blocker_text = widgets.Text(placeholder="blocker", layout=widgets.Layout(width="24em"))
        self.blocker_teams = widgets.Text(placeholder="teams involved, comma separated",
                                          layout=widgets.Layout(width="18em"))
        self.blocker_opened = widgets.DatePicker(description="since", value=friday)
        raise_blocker = widgets.Button(description="Raise blocker", icon="ban")
        raise_blocker.on_click(lambda _b: self.raise_blocker())
        save = widgets.Button(description="Save check-in", button_style="primary", icon="save")
        save.add_class("okr-checkin-save")
        save.on_click(lambda _b: self.save())
        self.message = widgets.HTML()
        self.message.add_class("okr-checkin-message")
        self.autosave_status = widgets.HTML()  # empty until autosave() is called
        self.autosave_status.add_class("okr-checkin-autosave")
        self._input_problem = False
        self.decision_log = widgets.HTML()
        self.decision_log.add_class("okr-decision-log")
        self.due = widgets.HTML()
        self.due.add_class("okr-due-list")
        header = widgets.HTML(f"<h3 style='margin:4px 0'>{esc(cycle.plan.name)} · week {self.week} of "
                              f"{cycle.plan.weeks} check-in</h3>")
        questions = [widgets.HTML(f"<b>{esc(q)}</b>") if i % 2 == 0 else self.answers[f]
                     for f, q in CHECKIN_QUESTIONS.items() for i in (0, 1)]
        super().__init__(
            [header, self.held_on, widgets.HTML("<h4>Key results</h4>"), *self.rows,
             widgets.HTML("<h4>The four questions</h4>"), *questions,
             widgets.HTML("<h4>Decisions</h4>"), self.decision_log, self.follow_ups,
             widgets.HBox([self.decision_text, self.decision_owner, self.decision_due]),
             widgets.HBox([self.decision_evidence, self.decision_kr, log_decision]),
             widgets.HTML("<h4>Blockers</h4>"),
             widgets.HBox([self.blocker_text, self.blocker_teams, self.blocker_opened, raise_blocker]),
             widgets.HTML("<h4>Due actions</h4>"), self.due, widgets.HBox([save]), self.message,
             self.autosave_status],
            **kwargs,
        )
        self.add_class("okr-checkin")
        self._autosaver: Autosaver | None = None
        self.refresh()

    # -- model ----------------------------------------------------------------------------

    def draft(self) -> CheckIn:
        """The check-in as typed so far (raises pydantic's error for impossible values)."""
        return CheckIn(
            week=self.week, held_on=self.held_on.value, updates=[row.update() for row in self.rows],
            decisions=self.decisions, blockers=self.blockers,
            **{field: area.value for field, area in self.answers.items()},
        )

    def pending_actuals(self) -> list[Actual]:
        """Readings typed in the room that differ from what the cycle already holds for this week."""
        pending: list[Actual] = []
        for row in self.rows:
            value = row.reading()
            if value is None:
                continue
            recorded = self.cycle.snapshot(row.tracked.id, self.week)
            if recorded.latest != value or recorded.latest_on is None \
                    or self.cycle.plan.week_of(recorded.latest_on) != self.week:
                pending.append(Actual(day=self.held_on.value, kr_id=row.tracked.id, value=value, source="check-in"))
        return pending

    def preview_cycle(self) -> Cycle:
        """The cycle as it would be after saving, for live scores and due actions."""
        preview = self.cycle.model_copy(deep=True)
        preview.add_actuals(self.pending_actuals())
        preview.record(self.draft())
        for decision in self.closed_decisions:
            preview.close_decision(decision, self.held_on.value)
        return preview

    def close_decision(self, decision: str) -> None:
        """Mark an open decision as carried out on the check-in day (applied when the check-in is saved)."""
        self.closed_decisions.add(decision)
        self.refresh()

    def resolve_blocker(self, blocker: Blocker) -> None:
        blocker.resolved = self.held_on.value
        self.refresh()

    # -- actions --------------------------------------------------------------------------

    def log_decision(self) -> Decision | None:
        try:
            decision = Decision(made_on=self.held_on.value, decision=self.decision_text.value.strip(),
                                owner=self.decision_owner.value.strip(), due=self.decision_due.value,
                                evidence=self.decision_evidence.value.strip(), kr_id=self.decision_kr.value or None)
        except ValidationError as error:
            self.message.value = message_html(f"Decision not logged. {_first_problem(error)}: every decision "
                                          "needs the decision, an owner and a due date.", ok=False)
            return None
        self.decisions.append(decision)
        self.decision_text.value = self.decision_owner.value = self.decision_evidence.value = ""
        self.message.value = message_html("Decision logged.", ok=True)
        self.refresh()
        return decision

    def raise_blocker(self) -> Blocker | None:
        teams = [team.strip() for team in self.blocker_teams.value.split(",") if team.strip()]
        try:
            blocker = Blocker(text=self.blocker_text.value.strip(), opened=self.blocker_opened.value, teams=teams)
        except ValidationError as error:
            self.message.value = message_html(f"Blocker not raised. {_first_problem(error)}", ok=False)
            return None
        self.blockers.append(blocker)
        self.blocker_text.value = self.blocker_teams.value = ""
        self.message.value = message_html("Blocker raised.", ok=True)
        self.refresh()
        return blocker

    def save(self) -> bool:
        """Record the check-in (and typed readings); if `on_save` fails the cycle stays as it was."""
        try:
            updated = self.preview_cycle()
            if self.on_save is not None:
                self.on_save(updated)
        except ValidationError as error:
            self.message.value = message_html(f"Not saved. {_first_problem(error)}", ok=False)
            return False
        except (KitError, OSError) as error:
            self.message.value = message_html(f"Not saved. {error}", ok=False)
            return False
        # only now, with the save done, does the cycle the notebook holds change
        self.cycle.actuals = updated.actuals
        self.cycle.checkins = updated.checkins
        self.message.value = message_html(f"Week {self.week} check-in saved.", ok=True)
        self.refresh()
        return True

    # -- autosave ---------------------------------------------------------------------------

    def autosave(self, store: Store, author: str, **options: Any) -> Autosaver:
        """Keep the check-in as it is typed in the workshop store (kind "checkin"), between saves.

        A kernel that dies mid-meeting then loses nothing typed: called on the new widget, this
        brings back a typed draft newer than the week's saved check-in. "Save check-in" still
        records the week in the cycle. Readings typed in the room are not part of the draft.
        """
        plan = self.cycle.plan
        saver = Autosaver(store, plan.name, f"{plan.team or 'team'}/week-{self.week}", author, self._typed_checkin,
                          kind=CHECKIN_DRAFT_KIND, on_saved=lambda _v: self._show_autosave(),
                          on_error=lambda _e: self._show_autosave(), **options)
        draft = saver.restore(CheckIn)
        saved_cycle = store.record(plan.name, CYCLE_KIND, plan.team or "team")
        newer = saved_cycle is None or (saver.last_saved_at is not None
                                        and saver.last_saved_at > saved_cycle.info.saved_at)
        if isinstance(draft, CheckIn) and newer and draft != self.cycle.checkin(self.week):
            self._fill(draft)
        for area in self.answers.values():
            saver.attach(area)
        self._autosaver = saver
        self._show_autosave()
        return saver

    def _typed_checkin(self) -> CheckIn:
        try:
            return self.draft()
        except ValidationError as error:
            raise KitError(f"the check-in cannot be kept yet: {_first_problem(error)}") from None

    def _fill(self, draft: CheckIn) -> None:
        """Show a typed draft again after a restart, in place of the week as last saved."""
        self.held_on.value = draft.held_on
        for row in self.rows:
            update = draft.update_for(row.tracked.id) or KrUpdate(kr_id=row.tracked.id)
            row.insight.value, row.next_action.value = update.insight, update.next_action
            row.help_needed.value, row.confidence.value = update.help_needed, update.confidence
        for field, area in self.answers.items():
            area.value = getattr(draft, field)
        self.decisions = [d.model_copy() for d in draft.decisions]
        self.blockers = [b.model_copy() for b in draft.blockers]
        self.refresh()

    def _show_autosave(self) -> None:
        if self._autosaver is not None:
            ok = self._autosaver.last_error is None
            kept = "" if ok else " Your typing stays on this page; saving is tried again shortly."
            self.autosave_status.value = (f"<span style='color:{MUTED if ok else _ERROR}'>Draft: "
                                          f"{esc(self._autosaver.status)}{kept}</span>")

    # -- view -----------------------------------------------------------------------------

    def _render_follow_ups(self, preview: Cycle) -> None:
        """Open decisions and open blockers, each with the button that closes it."""
        day = self.held_on.value
        decisions = [d for d in preview.decisions() if d.open_on(day)]
        blockers = [b for b in self.blockers if b.resolved is None]
        keys = tuple(f"d:{d.decision}" for d in decisions) + tuple(f"b:{b.text}" for b in blockers)
        if keys == self._follow_up_keys:
            return
        self._follow_up_keys = keys
        rows: list[widgets.Widget] = []
        for decision in decisions:
            done = widgets.Button(description="Done", icon="check", layout=widgets.Layout(width="7em"))
            done.add_class("okr-decision-done")
            done.on_click(lambda _b, text=decision.decision: self.close_decision(text))
            rows.append(widgets.HBox([done, widgets.HTML(
                f"<span class='okr-follow-up-decision'>Open decision: {esc(decision.decision)} · "
                f"{esc(decision.owner)}, due {decision.due:%d %b}</span>")]))
        for blocker in blockers:
            resolved = widgets.Button(description="Resolved", icon="check", layout=widgets.Layout(width="7em"))
            resolved.add_class("okr-blocker-resolved")
            resolved.on_click(lambda _b, item=blocker: self.resolve_blocker(item))
            teams = f" ({esc(', '.join(blocker.teams))})" if blocker.teams else ""
            rows.append(widgets.HBox([resolved, widgets.HTML(
                f"<span class='okr-follow-up-blocker'>Open blocker since {blocker.opened:%d %b}: "
                f"{esc(blocker.text)}{teams}</span>")]))
        self.follow_ups.children = tuple(rows)

    def refresh(self) -> None:
        if self._autosaver is not None:
            self._autosaver.touch()
            self._show_autosave()
        for row in self.rows:
            try:
                row.reading()
            except KitError:
                # said beside the field, where the number was typed; the old score is not shown as if it still held
                row.score.value = (
                    f"<span class='okr-actual-problem' style='color:{LEVEL_COLOURS['error']}'>"
                    f"“{esc(row.actual.value)}” is not a number: type the figure alone, e.g. 60</span>"
                )
        try:
            preview = self.preview_cycle()
        except (KitError, ValidationError) as error:
            problem = _first_problem(error) if isinstance(error, ValidationError) else str(error)
            self.message.value = message_html(problem, ok=False)
            self._input_problem = True
            return
        draft = preview.checkin(self.week)
        for row in self.rows:
            snap = preview.snapshot(row.tracked.id, self.week)
            final, paced = score_badges(snap, preview.plan.scale)
            band = snap.escalation_band
            row.score.value = final if band is None else (
                f"{final} · on pace {paced} <span data-band='{esc(band.value)}' style='color:{MUTED}'>"
                f"{esc(band.trigger)} ({esc(band.deadline_text)})</span>"
            )
            text = render_update(snap, draft.update_for(row.tracked.id) if draft else None, preview.plan.scale)
            row.preview.value = f"<pre style='{_PRE}'>{esc(text)}</pre>"
        decisions = [d for d in preview.decisions() if d.made_on <= self.held_on.value]
        self.decision_log.value = "".join(
            f"<div class='okr-decision'>{d.made_on:%d %b} · {esc(d.decision)} · <b>{esc(d.owner)}</b>, "
            f"due {d.due:%d %b}{' · done' if d.done_on else ''}</div>" for d in decisions
        ) or f"<div style='color:{MUTED}'>No decisions logged yet.</div>"
        self.due.value = due_actions_html(due_actions(preview, self.week), as_of=self.held_on.value)
        self._render_follow_ups(preview)
        if self._input_problem:
            self.message.value = ""
            self._input_problem = False
