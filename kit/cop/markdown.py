"""Markdown records a community files in its artefact library: the clinic record and the impact scorecard.

User text is escaped for Markdown (kit.cop.intake.inline_md), so a pipe or a tag in a note
cannot break a table or turn into markup.
"""

from __future__ import annotations

from kit.cop.clinic import Clinic
from kit.cop.impact import ALL_AREAS, IMPACT_METRICS, VANITY_METRICS, Scorecard
from kit.cop.intake import inline_md


def clinic_markdown(clinic: Clinic) -> str:
    """The clinic record a facilitator files in the artefact library."""
    out = [f"# {inline_md(clinic.title)} - {clinic.held_on.isoformat()}", "", f"_{clinic.timing.title}_", ""]
    if clinic.facilitator:
        out.append(f"Facilitator: {inline_md(clinic.facilitator)}  ")
    if clinic.participants:
        people = ", ".join(
            f"{inline_md(p.name)}{f' ({inline_md(p.team)})' if p.team else ''}" for p in clinic.participants
        )
        out.append(f"Participants: {people}")
    out.append("")
    if clinic.follow_ups:
        out += [
            "## Last clinic's commitments",
            "",
            "| Participant | Action | Status | Evidence |",
            "|---|---|---|---|",
        ]
        out += [
            f"| {_cell(f.commitment.participant)} | {_cell(f.commitment.action)} | {f.status.value} | "
            f"{_cell(f.evidence) or '-'} |"
            for f in clinic.follow_ups
        ]
        out.append("")
    out += ["## Case", "", clinic.case.to_markdown().replace("### Case:", "**Case:**", 1)]
    out += ["## Notes by phase", ""]
    for p in clinic.timing.phases:
        notes = clinic.notes_for(p.key)
        out.append(f"### {p.label}")
        out.append("")
        out += [f"- {inline_md(n.text)}{f' ({inline_md(n.author)})' if n.author else ''}" for n in notes] or [
            "- (no notes)"
        ]
        out.append("")
    if clinic.problems:
        out += ["## Problems raised", ""]
        for category, problems in clinic.problems_by_category().items():
            if problems:
                out.append(f"**{category.value.capitalize()}**")
                out.append("")
                for pr in problems:
                    step = f" - next: {inline_md(pr.next_step)}" if pr.next_step else ""
                    out.append(f"- {inline_md(pr.text)}{step}")
                out.append("")
    if clinic.peer_round:
        out += ["## Peer review round", ""]
        for r in clinic.peer_round.reviews:
            out.append(
                f"- **{r.draft}** - challenge: {inline_md(r.challenge)}; suggestion: {inline_md(r.suggestion)}"
            )
        out.append("")
    for vote in clinic.votes:
        if vote.revealed:
            res = vote.result()
            out += [
                f"## Confidence: {inline_md(vote.question)}",
                "",
                f"{res.voters} votes, median {res.median:g}, mean {res.mean:g}, spread {res.spread} "
                f"({', '.join(f'{n}: {c}' for n, c in res.counts.items())})",
                "",
            ]
    out += ["## Commitments", "", "| Participant | Action | Owner | Due |", "|---|---|---|---|"]
    out += [
        f"| {_cell(c.participant)} | {_cell(c.action) or '**missing**'} | {_cell(c.owner) or '**missing**'} | "
        f"{c.due.isoformat() if c.due else '**missing**'} |"
        for c in clinic.commitments
    ]
    out += ["", f"Status: {'closed' if clinic.closed else 'open'} - {clinic.close_check().message}", ""]
    return "\n".join(out)


def _cell(text: str) -> str:
    return inline_md(text).replace("|", "\\|")


def scorecard_markdown(scorecard: Scorecard) -> str:
    out = [f"## Impact scorecard - {scorecard.community}", ""]
    if scorecard.quarters:
        header = "| Impact (headline) | " + " | ".join(q.quarter for q in scorecard.quarters) + " |"
        out += [header, "|---|" + "---:|" * len(scorecard.quarters)]
        for attr, label in IMPACT_METRICS:
            cells = [_count(getattr(q, attr)) for q in scorecard.quarters]
            out.append(f"| {label} | " + " | ".join(cells) + " |")
        rates = [q.commitments_kept_rate for q in scorecard.quarters]
        out.append("| Commitments kept rate | " + " | ".join(_pct(r) for r in rates) + " |")
        reduced = [scorecard.defects_reduced(i) for i in range(len(scorecard.quarters))]
        out.append("| Recurring defects reduced | " + " | ".join(_count(r) for r in reduced) + " |")
        out += ["", "| Admin only (not impact) | " + " | ".join(q.quarter for q in scorecard.quarters) + " |"]
        out.append("|---|" + "---:|" * len(scorecard.quarters))
        for attr, label in VANITY_METRICS:
            out.append(f"| {label} | " + " | ".join(_count(getattr(q, attr)) for q in scorecard.quarters) + " |")
        out.append("")
    lifts = [lift for lift in scorecard.lifts() if lift.area == ALL_AREAS]
    if lifts:
        out += ["**Capability before and after the cycle (mean of 1-5 self-ratings)**", ""]
        out += ["| Subgroup | People | Before | After | Lift |", "|---|---:|---:|---:|---:|"]
        for lift in sorted(lifts, key=lambda item: -item.lift):
            out.append(
                f"| {lift.subgroup} | {lift.people} | {lift.before:.2f} | {lift.after:.2f} | {lift.lift:+.2f} |"
            )
        out.append("")
    return "\n".join(out)


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"
