"""Markdown records a community files in its artefact library: the clinic record and the impact scorecard.

User text is escaped for Markdown (kit.cop.intake.inline_md), so a pipe or a tag in a note
cannot break a table or turn into markup.
"""

from __future__ import annotations

from kit.cop.async_clinic import AsyncClinic
from kit.cop.clinic import CaseRecord, Clinic
from kit.cop.clinic_rounds import ConfidenceVote
from kit.cop.impact import ALL_AREAS, IMPACT_METRICS, VANITY_METRICS, Scorecard
from kit.cop.intake import inline_md


def clinic_markdown(clinic: Clinic) -> str:
    """The clinic record a facilitator files in the artefact library."""
    out = [f"# {inline_md(clinic.title)} - {clinic.held_on.isoformat()}", "", f"_{clinic.timing.title}_", ""]
    out += _people(clinic)
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
        out += _vote(vote)
    return "\n".join(out + _commitments(clinic))


def async_clinic_markdown(record: AsyncClinic) -> str:
    """A written clinic's record: the case, every answer, the vote once revealed, the commitments."""
    out = [f"# {inline_md(record.title)} - {record.opens_on.isoformat()} to {record.closes_on.isoformat()}", "",
           "_Written clinic: answered in writing within the window_", ""]
    out += _people(record)
    out += ["## Case", "", record.case.to_markdown().replace("### Case:", "**Case:**", 1), "## Answers", ""]
    for answer in record.answers:
        suggestion = f" - would do: {inline_md(answer.suggestion)}" if answer.suggestion else ""
        out.append(f"- **{inline_md(answer.participant)}** ({answer.posted_on.isoformat()}): "
                   f"{inline_md(answer.diagnosis)}{suggestion}")
    if record.waiting_for:
        out.append(f"- no answer from {inline_md(', '.join(record.waiting_for))}")
    out.append("")
    if record.vote is not None:
        out += _vote(record.vote)
    return "\n".join(out + _commitments(record))


def _people(record: CaseRecord) -> list[str]:
    out = [f"Facilitator: {inline_md(record.facilitator)}  "] if record.facilitator else []
    if record.participants:
        people = ", ".join(f"{inline_md(p.name)}{f' ({inline_md(p.team)})' if p.team else ''}"
                           for p in record.participants)
        out.append(f"Participants: {people}")
    return [*out, ""]


def _vote(vote: ConfidenceVote) -> list[str]:
    """A vote's result, once revealed; a hidden vote stays out of every record."""
    if not vote.revealed:
        return []
    res = vote.result()
    return [
        f"## Confidence: {inline_md(vote.question)}",
        "",
        f"{res.voters} votes, median {res.median:g}, mean {res.mean:g}, spread {res.spread} "
        f"({', '.join(f'{n}: {c}' for n, c in res.counts.items())})",
        "",
    ]


def _commitments(record: CaseRecord) -> list[str]:
    out = ["## Commitments", "", "| Participant | Action | Owner | Due |", "|---|---|---|---|"]
    out += [
        f"| {_cell(c.participant)} | {_cell(c.action) or '**missing**'} | {_cell(c.owner) or '**missing**'} | "
        f"{c.due.isoformat() if c.due else '**missing**'} |"
        for c in record.commitments
    ]
    return [*out, "", f"Status: {'closed' if record.closed else 'open'} - {record.close_check().message}", ""]


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
