"""The cycle as the room reads it each week: every KR's standing, and what falls due."""

from __future__ import annotations

from datetime import date

from kit.cycle.checkin import Cycle, KrSnapshot
from kit.cycle.escalation import DueAction
from kit.cycle.pacing import PACINGS
from kit.cycle.scoring import Scale
from kit.widgets.style import LEVEL_COLOURS, MUTED, esc, pill


def due_actions_html(actions: list[DueAction], as_of: date | None = None) -> str:
    """The due list as the room reads it: date, what, who, why; anything due before `as_of` is overdue."""
    if not actions:
        return f'<div style="color:{MUTED}">Nothing falls due.</div>'
    overdue = " " + pill("overdue", LEVEL_COLOURS["error"])
    rows = "".join(
        f'<tr class="okr-due okr-due-{esc(a.kind)}"><td style="white-space:nowrap;padding-right:10px">'
        f"{a.due:%a %d %b}{overdue if as_of and a.due < as_of else ''}</td>"
        f"<td>{esc(a.what)}<div style='color:{MUTED};font-size:0.9em'>"
        f"{esc(a.who)} · {esc(a.why)}</div></td></tr>"
        for a in actions
    )
    return f'<table class="okr-due-actions">{rows}</table>'


def snapshot_table_html(cycle: Cycle, week: int) -> str:
    """Every KR's baseline, latest, target, score and RAG for a week: the check-in's opening view."""
    rows = []
    for tracked in cycle.plan.tracked():
        snap = cycle.snapshot(tracked.id, week)
        unit = snap.unit or ""

        def cell(value: float | None, unit: str = unit) -> str:
            return "—" if value is None else esc(f"{value:g}{unit}" if unit == "%" else f"{value:g} {unit}".strip())

        badge, paced = score_badges(snap, cycle.plan.scale)
        rows.append(
            f"<tr data-kr='{esc(snap.kr_id)}'><td style='text-align:left'><b>{esc(snap.kr_id)}</b> "
            f"{esc(snap.text)}</td>"
            f"<td>{cell(snap.baseline)}</td><td>{cell(snap.latest)}</td><td>{cell(snap.target)}</td>"
            f"<td>{badge}</td><td>{cell(snap.expected if snap.paced_score is not None else None)} {paced}</td></tr>"
        )
    head = "".join(f"<th style='text-align:left'>{h}</th>"
                   for h in ("Key result", "Baseline", "Latest", "Target", "Score · RAG", "Expected by now · on pace"))
    return (f"<table class='okr-snapshot'><tr>{head}</tr>{''.join(rows)}</table>"
            f"<div class='okr-pacing-note' style='color:{MUTED};font-size:0.9em'>Escalations read the "
            f"{esc(PACINGS[cycle.plan.pacing])}.</div>")


def score_badges(snap: KrSnapshot, scale: Scale) -> tuple[str, str]:
    """The end-of-cycle and the paced score, each as a pill; the one the escalation rules read is marked."""
    if snap.band is None or snap.score is None:
        return f"<span style='color:{MUTED}'>{esc(snap.problem or 'no score')}</span>", ""
    final = pill(f"{scale.show(snap.score)} · {snap.band.label}", snap.band.colour)
    if snap.paced_score is None or snap.paced_band is None:
        paced = f"<span style='color:{MUTED}'>no pace: judged on its final score</span>"
    else:
        paced = (f"<span data-paced-band='{esc(snap.paced_band.value)}'>"
                 f"{pill(f'{scale.show(snap.paced_score)} · {snap.paced_band.label}', snap.paced_band.colour)}</span>")
    mark = " <span class='okr-escalates' title='the escalation rules read this score'>◀</span>"
    return (final, paced + mark) if snap.escalates_on_pace else (final + mark, paced)
