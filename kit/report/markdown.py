"""Markdown: a review to paste into a wiki or pull request, and an OKR set as people write it.

`okr_set_to_markdown` writes the layout `kit.parse` reads back ("Objective 1: ...", "KR 1.1: ...",
"Owner:"/"Source:" suffixes), so an export can be edited by hand and reviewed again.
"""

from __future__ import annotations

from collections.abc import Sequence

from kit.model import Finding, KeyResult, OkrSet, Review
from kit.report.common import (
    by_severity,
    coach_mark,
    document_name,
    finding_details,
    key_result_label,
    markdown_inline,
    objective_label,
    set_level_findings,
    terminal_safe,
)
from kit.report.text import summary_line


def render_markdown(reviews: Sequence[Review]) -> str:
    blocks = [_review(review) for review in reviews]
    blocks.append(f"**{markdown_inline(summary_line(reviews))}**")
    return terminal_safe("\n\n".join(blocks)) + "\n"


def _review(review: Review) -> str:
    okr_set = review.okr_set
    lines = [f"## {markdown_inline(okr_set.title or document_name(review))}"]
    meta = [markdown_inline(document_name(review))] + [markdown_inline(v) for v in (okr_set.team, okr_set.cycle) if v]
    lines += ["", " · ".join(meta)]
    lines += [f"\n> {markdown_inline(notice)}" for notice in review.notices]
    set_findings = set_level_findings(review)
    if set_findings:
        lines += ["", "**Whole set**", ""] + [_finding(f) for f in set_findings]
    for oi, objective in enumerate(okr_set.objectives):
        lines += ["", f"### {objective_label(oi)}: {markdown_inline(objective.text)}", ""]
        lines += [_finding(f) for f in by_severity(review.for_objective(oi))]
        for ki, kr in enumerate(objective.key_results):
            findings = by_severity(review.for_key_result(oi, ki))
            mark = "" if findings else " ✓"
            lines.append(f"- **{key_result_label(oi, ki)}** {markdown_inline(kr.text)}{mark}")
            lines += ["  " + _finding(f) for f in findings]
    return "\n".join(lines)


def _finding(finding: Finding) -> str:
    parts = [f"- **{finding.level.value}** `{finding.rule}`{coach_mark(finding)}: {markdown_inline(finding.message)}"]
    parts += finding_details(finding, lambda text: f"“{markdown_inline(text)}”", markdown_inline,
                             evidence="because of {}", rewrite="rewrite as: _{}_")
    return " — ".join(parts)


def okr_set_to_markdown(okr_set: OkrSet) -> str:
    """The set as a person would write it; `kit.parse.parse` reads it back to the same set."""
    lines: list[str] = []
    if okr_set.title:
        lines += [f"# {_one_line(okr_set.title)}", ""]
    if okr_set.team:
        lines.append(f"Team: {_one_line(okr_set.team)}")
    if okr_set.cycle:
        lines.append(f"Cycle: {_one_line(okr_set.cycle)}")
    if okr_set.north_star:
        lines.append(f"North Star: {_one_line(okr_set.north_star)}")
    if okr_set.team or okr_set.cycle or okr_set.north_star:
        lines.append("")
    for oi, objective in enumerate(okr_set.objectives):
        heading = f"## Objective {oi + 1}: {_one_line(objective.text)}"
        if objective.owner:
            heading += f" (Owner: {_one_line(objective.owner)})"
        lines += [heading, ""]
        if objective.contributes_to:
            lines += [f"Contributes to: {_one_line(objective.contributes_to)}", ""]
        for ki, kr in enumerate(objective.key_results):
            lines.append(f"- KR {oi + 1}.{ki + 1}: {_kr_line(kr)}")
            lines += [f"  {label}: {_one_line(value)}" for label, value in _links(kr) if value]
        if objective.initiatives:
            lines += ["", "Initiatives:"]
            for initiative in objective.initiatives:
                owner = f" (Owner: {_one_line(initiative.owner)})" if initiative.owner else ""
                lines.append(f"- {_one_line(initiative.text)}{owner}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _kr_line(kr: KeyResult) -> str:
    suffixes = []
    if kr.owner:
        suffixes.append(f"Owner: {_one_line(kr.owner)}")
    if kr.source:
        suffixes.append(f"Source: {_one_line(kr.source)}")
    extra = "; ".join(suffixes)
    return _one_line(kr.text) + (f" ({extra})" if extra else "")


def _links(kr: KeyResult) -> list[tuple[str, str]]:
    """The KR's alignment fields as the lines under it that the parser reads back."""
    return [("Contributes to", kr.contributes_to or ""), ("Depends on", ", ".join(kr.depends_on))]


def _one_line(text: str) -> str:
    return " ".join(text.split())
