"""Plain-text review, written like a coach's notes: where, what, why it matters, and how to fix it."""

from __future__ import annotations

from collections.abc import Sequence

from kit.model import Finding, Level, Review
from kit.report.common import (
    Tally,
    by_severity,
    coach_mark,
    document_name,
    finding_details,
    finding_line,
    key_result_label,
    objective_label,
    plural,
    set_level_findings,
    terminal_safe,
)

_INDENT = "  "
# Markers placed around level words while rendering; turned into ANSI colours (or removed) only
# after user text has been made terminal-safe, so a draft can never emit escape codes itself.
_MARK = {Level.ERROR: "\ue001", Level.WARNING: "\ue002", Level.INFO: "\ue003"}
_MARK_END = "\ue000"
_ANSI = {"\ue001": "\x1b[1;31m", "\ue002": "\x1b[33m", "\ue003": "\x1b[36m", _MARK_END: "\x1b[0m"}


def render_text(reviews: Sequence[Review], *, color: bool = False) -> str:
    """Every document's notes, grouped by objective and KR, then one summary line; `color` for terminals."""
    blocks = [_document(review) for review in reviews]
    blocks.append(summary_line(reviews))
    text = terminal_safe("\n\n".join(blocks)) + "\n"
    for marker, code in _ANSI.items():
        text = text.replace(marker, code if color else "")
    return text


def summary_line(reviews: Sequence[Review]) -> str:
    tally = Tally.of(reviews)
    scope = (
        f"{plural(tally.documents, 'document')}, {plural(tally.objectives, 'objective')}, "
        f"{plural(tally.key_results, 'key result')}"
    )
    verdict = (
        "passes the quality gate." if tally.passes_gate else "does not pass the quality gate: fix the errors first."
    )
    coach = f" ({plural(tally.coach, 'coach remark')} included, never blocking)" if tally.coach else ""
    return f"Summary: {scope}; {tally.counts_phrase()}{coach}; {verdict}"


def _document(review: Review) -> str:
    name = document_name(review)
    okr_set = review.okr_set
    heading = name
    if okr_set.title:
        heading += f' "{okr_set.title}"'
    details = [f"team {okr_set.team}"] if okr_set.team else []
    if okr_set.cycle:
        details.append(f"cycle {okr_set.cycle}")
    if details:
        heading += f" ({', '.join(details)})"
    lines = [heading]
    lines.extend(f"{_INDENT}note: {notice}" for notice in review.notices)
    if review.changes is not None:
        changes = review.changes
        lines.append(f"{_INDENT}since {changes.since}: {changes.changed_items} objective(s) or KR(s) changed, "
                     f"{len(changes.new)} new finding(s), {len(changes.fixed)} fixed")
        lines.extend(f"{_INDENT * 2}fixed [{f.rule}] {f.text}" for f in changes.fixed)
    if not okr_set.objectives:
        lines.append(f"{_INDENT}No objectives found.")
    set_findings = set_level_findings(review)
    if set_findings:
        lines.append(f"{_INDENT}Whole set")
        for finding in set_findings:
            lines.extend(_finding(review, finding, depth=2))
    for oi, objective in enumerate(okr_set.objectives):
        lines.append(f"{_INDENT}{objective_label(oi)}{_at(name, objective.line)}: {objective.text}")
        for finding in by_severity(review.for_objective(oi)):
            lines.extend(_finding(review, finding, depth=2))
        for ki, kr in enumerate(objective.key_results):
            findings = by_severity(review.for_key_result(oi, ki))
            status = "" if findings else "  - ok"
            lines.append(f"{_INDENT * 2}{key_result_label(oi, ki)}{_at(name, kr.line)}: {kr.text}{status}")
            for finding in findings:
                lines.extend(_finding(review, finding, depth=3))
    if not review.findings and okr_set.objectives:
        lines.append(f"{_INDENT}Nothing to flag.")
    return "\n".join(lines)


def _at(name: str, line: int | None) -> str:
    return f" ({name}:{line})" if line is not None else ""


def _finding(review: Review, finding: Finding, depth: int) -> list[str]:
    pad = _INDENT * depth
    line = finding_line(review, finding)
    where = f"{document_name(review)}:{line}: " if line is not None else ""
    level = f"{_MARK[finding.level]}{finding.level.value}{_MARK_END}"
    lines = [f"{pad}{where}{level} [{finding.rule}]{coach_mark(finding)} {finding.message}"]
    detail = pad + _INDENT * 2
    lines += [detail + line for line in finding_details(finding, lambda text: f'"{text}"')]
    return lines
