"""What the clinic runner shows, as HTML built from the clinic record; every piece of user text escaped.

Kept apart from the runner (kit.widgets.clinic), which wires buttons and fields to the record.
"""

from __future__ import annotations

from kit.cop.artefacts import kr_checklist
from kit.cop.clinic import CaseRecord, Clinic, Commitment, Note, Problem, ProblemCategory
from kit.cop.clinic_format import ClinicFormat
from kit.cop.clinic_rounds import ConfidenceVote
from kit.errors import KitError
from kit.widgets.style import GATE_COLOURS, LEVEL_COLOURS, MUTED, OK_COLOUR, esc, pill
from kit.widgets.timer import format_clock

CATEGORY_COLOURS = {
    ProblemCategory.MANAGEMENT_ACTION: OK_COLOUR,
    ProblemCategory.ESCALATION: GATE_COLOURS["red"],
    ProblemCategory.OKR_PROCESS_CHANGE: LEVEL_COLOURS["info"],
    ProblemCategory.PARKED: MUTED,
}


def notice_html(text: str, kind: str) -> str:
    colour = {"ok": OK_COLOUR, "warning": GATE_COLOURS["amber"], "error": GATE_COLOURS["red"]}[kind]
    return (
        f'<div class="okr-clinic-{kind}" style="border-left:4px solid {colour};padding:4px 8px;margin:4px 0">'
        f"{esc(text)}</div>"
    )


def phase_html(clinic: Clinic, elapsed: int) -> str:
    """The phase card: minutes, purpose, the facilitation prompts and who speaks in what order."""
    current = clinic.timing.phase_at(elapsed)
    order = clinic.speaking_order(current.key)
    prompts = "".join(f"<li>{esc(p)}</li>" for p in current.prompts)
    speakers = " → ".join(f"<b>{esc(n)}</b>" if i == 0 else esc(n) for i, n in enumerate(order))
    steps = " ".join(pill(p.label, OK_COLOUR if p.key == current.key else MUTED) for p in clinic.timing.phases)
    return (
        f'<div class="okr-clinic-phase" data-phase="{esc(current.key)}">'
        f"<div style='margin-bottom:4px'>{steps}</div>"
        f"<h4 style='margin:4px 0'>{esc(current.label)}</h4>"
        f"<div style='color:{MUTED}'>{esc(current.purpose)}</div>"
        f"<ul style='margin:4px 0'>{prompts}</ul>"
        f'<div class="okr-clinic-rotation">Speaking order: {speakers or "<i>add participants</i>"}</div>'
        "</div>"
    )


def clock_html(timing: ClinicFormat, elapsed: int, planned: int | None = None) -> str:
    """The real time the clinic has run, and the time left in its phase of the plan (`planned`: where the
    room is in the format's plan, ahead of the clock once a phase was skipped)."""
    planned = elapsed if planned is None else planned
    left = timing.seconds_left_in_phase(planned)
    over = planned >= timing.minutes * 60
    colour = GATE_COLOURS["red"] if over else GATE_COLOURS["amber"] if left <= 60 else "inherit"
    return (
        f'<span class="okr-clinic-clock" data-elapsed="{elapsed}" data-planned="{planned}" style="font-size:1.4em;'
        f'font-variant-numeric:tabular-nums">{format_clock(elapsed)}</span>'
        f' <span style="color:{colour}">{"time is up" if over else f"{format_clock(left)} left in this phase"}</span>'
    )


def participants_html(clinic: CaseRecord) -> str:
    return (
        " ".join(
            pill(f"{p.name}{' · ' + p.team if p.team else ''} · {p.experience.value}", MUTED)
            for p in clinic.participants
        )
        or f"<i style='color:{MUTED}'>No participants yet.</i>"
    )


def notes_html(notes: list[Note]) -> str:
    if not notes:
        return f"<i style='color:{MUTED}'>No notes in this phase yet.</i>"
    return "<ul>" + "".join(f"<li>{esc(n.text)}</li>" for n in notes) + "</ul>"


def problem_html(problem: Problem) -> str:
    colour = CATEGORY_COLOURS[problem.category]
    return (
        f'<span class="okr-clinic-problem" data-category="{esc(problem.category.value)}" '
        f'style="border-left:4px solid {colour};padding-left:6px">{esc(problem.text)}</span>'
    )


def vote_html(vote: ConfidenceVote | None, names: list[str]) -> str:
    """Votes stay hidden until the reveal: before it, only how many were cast and who is still to vote."""
    if vote is None:
        return f"<i style='color:{MUTED}'>No vote running.</i>"
    if not vote.revealed:
        waiting = [n for n in names if n not in vote.votes]
        return (
            f'<div data-cast="{vote.cast_count}">{esc(vote.question)}: {vote.cast_count} hidden vote(s) cast'
            + (f"; waiting for {esc(', '.join(waiting))}" if waiting else "; everyone has voted")
            + "</div>"
        )
    result = vote.result()
    bars = "".join(f"<div>{score}: {'█' * count} {count}</div>" for score, count in result.counts.items())
    return (
        f'<div class="okr-clinic-vote-result">{esc(vote.question)} - median {result.median:g}, '
        f"mean {result.mean:g}, spread {result.spread}{bars}</div>"
    )


def peer_draft_html(label: str, text: str) -> str:
    """The draft a reviewer got, under its letter only, beside the KR checklist to review it by."""
    return (
        f"<div style='display:flex;gap:16px'><div style='flex:1'><b>{esc(label)}</b>"
        f"<pre style='white-space:pre-wrap'>{esc(text)}</pre></div>"
        f"<div style='flex:1'><b>KR quality checklist</b>{checklist_html()}</div></div>"
    )


def checklist_html() -> str:
    """The live rubric's checklist, or why it cannot be shown (the round still works without it)."""
    try:
        items = kr_checklist()
    except (KitError, NotImplementedError) as error:
        return f"<div style='color:{MUTED}'>Checklist unavailable: {esc(error)}</div>"
    return "<ul>" + "".join(f"<li>{esc(i.check)}</li>" for i in items) + "</ul>"


def commitments_html(commitments: list[Commitment]) -> str:
    """Every commitment typed so far, with what is still missing marked."""
    rows = "".join(
        f"<tr><td>{esc(c.participant)}</td><td>{esc(c.action) or '<b>missing</b>'}</td>"
        f"<td>{esc(c.owner) or '<b>missing</b>'}</td><td>{esc(c.due or '') or '<b>missing</b>'}</td></tr>"
        for c in commitments
    )
    return (
        f'<table class="okr-clinic-commitment-table" data-count="{len(commitments)}">'
        f"<tr><th>Participant</th><th>Action</th><th>Owner</th><th>Due</th></tr>{rows}</table>"
    )
