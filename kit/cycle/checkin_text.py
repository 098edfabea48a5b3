"""The plain-text weekly update and check-in, as a KR owner posts them to the team channel."""

from __future__ import annotations

from datetime import date

from kit.cycle.checkin import CHECKIN_QUESTIONS, CheckIn, Cycle, KrSnapshot, KrUpdate
from kit.cycle.micro_okr import MicroOkr
from kit.cycle.scoring import CONFIDENCE_LABELS, Scale


def _fmt(value: float | None, unit: str | None) -> str:
    if value is None:
        return "—"
    number = f"{value:g}"
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def score_line(snapshot: KrSnapshot, scale: Scale) -> str:
    """Both scores, the paced one with where the KR should be by now, and the response of the band that
    the escalation rules read."""
    assert snapshot.score is not None and snapshot.band is not None
    text = f"Score {scale.show(snapshot.score)} · {snapshot.band.label} against the final target"
    if snapshot.paced_score is not None and snapshot.paced_band is not None and snapshot.expected is not None:
        text += (f"; on pace {scale.show(snapshot.paced_score)} · {snapshot.paced_band.label} "
                 f"(expected {_fmt(round(snapshot.expected, 2), snapshot.unit)} by now)")
    band = snapshot.escalation_band or snapshot.band
    return f"{text}: {band.trigger} ({band.deadline_text})"


def render_update(snapshot: KrSnapshot, update: KrUpdate | None, scale: Scale = Scale.UNIT) -> str:
    """The 5-7 line weekly update a KR owner posts before the check-in."""
    update = update or KrUpdate(kr_id=snapshot.kr_id)
    when = f" (as of {snapshot.latest_on:%d %b})" if snapshot.latest_on else ""
    lines = [
        f"{snapshot.kr_id}: {snapshot.text}",
        f"Baseline {_fmt(snapshot.baseline, snapshot.unit)} · latest {_fmt(snapshot.latest, snapshot.unit)}{when}"
        f" · target {_fmt(snapshot.target, snapshot.unit)}",
    ]
    if snapshot.score is None or snapshot.band is None:
        lines.append(f"Score: not available, {snapshot.problem}")
    else:
        lines.append(score_line(snapshot, scale))
    lines.append(f"Insight: {update.insight.strip() or '(missing: one insight from the data)'}")
    lines.append(f"Next action: {update.next_action.strip() or '(missing: one next action or bet change)'}")
    lines.append(f"Help needed: {update.help_needed.strip() or 'none'}")
    if update.confidence is not None:
        lines.append(f"Confidence: {update.confidence}/5 ({CONFIDENCE_LABELS[update.confidence]})")
    return "\n".join(line.replace("\n", " ") for line in lines)


def render_checkin(cycle: Cycle, checkin: CheckIn) -> str:
    """The whole check-in as plain text: every KR update, the four questions and the decisions."""
    blocks = [f"{cycle.plan.name} · week {checkin.week} check-in · {checkin.held_on:%d %b %Y}"]
    for tracked in cycle.plan.tracked():
        snap = cycle.snapshot(tracked.id, checkin.week)
        blocks.append(render_update(snap, checkin.update_for(tracked.id), cycle.plan.scale))
    answers = [f"{question} {getattr(checkin, field).strip() or '—'}"
               for field, question in CHECKIN_QUESTIONS.items()]
    blocks.append("\n".join(answers))
    if checkin.decisions:
        blocks.append("\n".join(f"Decision: {d.decision} — {d.owner}, due {d.due:%d %b}" for d in checkin.decisions))
    running = [m for m in cycle.micro_okrs if m.active_on(checkin.held_on)]
    if running:
        blocks.append("\n".join(micro_line(m, checkin.held_on) for m in running))
    return "\n\n".join(blocks)


def micro_line(micro: MicroOkr, on: date) -> str:
    """One line per running micro-OKR: what it tests, for which KR, until when, and where its KRs stand."""
    standing = "; ".join(
        f"{micro.kr_id(i)} {_fmt(micro.latest(i, on), kr.unit)}" for i, kr in enumerate(micro.key_results)
    )
    return (f"Micro-OKR {micro.id} (for {micro.parent_kr_id}, to {micro.end:%d %b}): "
            f"{' '.join(micro.objective.split())} — {standing}")
