"""HTML review for notebooks and sharing. Every piece of user text goes through html.escape."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from kit.model import Finding, Level, Review
from kit.report.common import (
    Tally,
    by_severity,
    coach_mark,
    document_name,
    finding_details,
    key_result_label,
    objective_label,
    set_level_findings,
    terminal_safe,
)
from kit.report.text import summary_line

LEVEL_COLOURS = {Level.ERROR: "#b3261e", Level.WARNING: "#9a6700", Level.INFO: "#1f6feb"}

_STYLE = """
.okr-review { font-family: system-ui, sans-serif; line-height: 1.4; }
.okr-review .finding { border-left: 4px solid; padding: 2px 8px; margin: 4px 0 4px 16px; }
.okr-review .rule { font-family: monospace; font-size: 90%; }
.okr-review .words mark { background: #fff3b0; }
.okr-review .meta { color: #555; font-size: 90%; }
"""


def render_html(reviews: Sequence[Review], *, full_page: bool = True) -> str:
    """A whole page for `okr-kit review --format html`, or a fragment to display in a notebook."""
    body = terminal_safe("\n".join(review_fragment(review) for review in reviews))
    tally = Tally.of(reviews)
    gate_colour = "#1a7f37" if tally.passes_gate else LEVEL_COLOURS[Level.ERROR]
    summary = f'<p class="summary" style="color:{gate_colour}"><strong>{escape(summary_line(reviews))}</strong></p>'
    fragment = f'<div class="okr-review"><style>{_STYLE}</style>\n{body}\n{summary}</div>'
    if not full_page:
        return fragment
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>OKR review</title></head>\n"
        f"<body>\n{fragment}\n</body></html>\n"
    )


def review_fragment(review: Review) -> str:
    okr_set = review.okr_set
    parts = [f"<h2>{escape(okr_set.title or document_name(review))}</h2>"]
    meta = [value for value in (okr_set.team, okr_set.cycle) if value]
    if meta:
        parts.append(f'<p class="meta">{escape(" · ".join(meta))}</p>')
    parts += [f'<p class="meta">{escape(notice)}</p>' for notice in review.notices]
    parts += [finding_html(f) for f in set_level_findings(review)]
    for oi, objective in enumerate(okr_set.objectives):
        parts.append(f"<h3>{escape(objective_label(oi))}: {escape(objective.text)}</h3>")
        parts += [finding_html(f) for f in by_severity(review.for_objective(oi))]
        items = []
        for ki, kr in enumerate(objective.key_results):
            findings = "".join(finding_html(f) for f in by_severity(review.for_key_result(oi, ki)))
            items.append(f"<li><strong>{escape(key_result_label(oi, ki))}</strong> {escape(kr.text)}{findings}</li>")
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
    return '<section class="okr-document">' + "\n".join(parts) + "</section>"


def finding_html(finding: Finding) -> str:
    colour = LEVEL_COLOURS[finding.level]
    lines = [
        f'<span style="color:{colour}"><strong>{escape(finding.level.value)}</strong></span> '
        f'<span class="rule">{escape(finding.rule)}</span>{escape(coach_mark(finding))}: {escape(finding.message)}'
    ]
    lines += finding_details(finding, lambda text: f"<mark>{escape(text)}</mark>", escape,
                             evidence='<span class="words">because of: {}</span>', rewrite="rewrite as: <em>{}</em>")
    return f'<div class="finding" style="border-color:{colour}">' + "<br>".join(lines) + "</div>"
