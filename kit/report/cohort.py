"""The cohort as a report: HTML fragments for the notebook, one self-contained page, and Markdown.

Every piece of user text (team names, workshop names, OKR text) is escaped for the format it
lands in; the numbers come from kit.cop.cohort and the heatmap from kit.charts.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from kit.charts import heatmap_png
from kit.cop.cohort import STANDARDS, Calibration, Cohort, TableRow, calibration, findings_table
from kit.report.common import markdown_table
from kit.report.html import review_fragment
from kit.report.markdown import render_markdown
from kit.store import StoreError

_TABLE_HEAD = ["Team", "Version", "Saved by", "Objectives", "KRs", "Errors", "Warnings", "Info"]


def _table_cells(row: TableRow) -> list[str]:
    return [
        row.team,
        str(row.version),
        f"{row.author}, {row.saved_at.astimezone().strftime('%H:%M')}",
        str(row.objectives),
        str(row.key_results),
        *((str(row.errors), str(row.warnings), str(row.infos)) if row.reviewed else ("–", "–", "–")),
    ]


def findings_table_html(cohort: Cohort) -> str:
    rules = cohort.rules()
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in _TABLE_HEAD) + "".join(
        f'<th class="rule">{e(rule)}</th>' for rule in rules
    )
    body = []
    for row in findings_table(cohort):
        cells = "".join(f"<td>{e(cell)}</td>" for cell in _table_cells(row))
        cells += "".join(f"<td>{row.per_rule[rule] or ''}</td>" for rule in rules)
        body.append(f"<tr>{cells}</tr>")
    return f'<table class="okr-cohort"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def calibration_html(result: Calibration) -> str:
    e = html.escape
    head = "<th>Team</th><th>KRs</th>" + "".join(f"<th>{e(name)}</th>" for name in STANDARDS)
    body = []
    for row in result.rows:
        cells = [f"<td>{e(row.team)}</td>", f"<td>{row.key_results}</td>"]
        flagged = {d.standard for d in row.deviations}
        for name in STANDARDS:
            style = ' style="background:#ffe2dd"' if name in flagged else ""
            cells.append(f"<td{style}>{_percent(row.shares[name])}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    median = "<td><em>cohort median</em></td><td></td>" + "".join(
        f"<td><em>{_percent(result.medians[name])}</em></td>" for name in STANDARDS
    )
    notes = "".join(
        f"<li><strong>{e(row.team)}</strong>: {e('; '.join(d.describe() for d in row.deviations))}</li>"
        for row in result.outliers
    )
    summary = f"<ul>{notes}</ul>" if notes else "<p>All teams write KRs to the same standard.</p>"
    return (
        f'<table class="okr-calibration"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}<tr>{median}</tr></tbody></table>{summary}"
    )


def draft_html(cohort: Cohort, team: str) -> str:
    """One team's draft with its findings, as the team sees it in its own editor."""
    draft = cohort.draft(team)
    info = draft.info
    saved = f"version {info.version}, saved by {info.author} at {info.saved_at.astimezone():%Y-%m-%d %H:%M}"
    return f'<div class="okr-drilldown"><p><em>{html.escape(saved)}</em></p>{review_fragment(draft.review)}</div>'


_REPORT_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: center; }
td:first-child, th:first-child { text-align: left; }
th.rule { font-family: monospace; font-size: 85%; }
"""


def cohort_report_html(cohort: Cohort) -> str:
    """The whole cohort as one self-contained page (heatmap embedded), every user text escaped."""
    e = html.escape
    parts = [
        f"<h1>Cohort report: {e(cohort.workshop)}</h1>",
        f"<p>{len(cohort.drafts)} teams, loaded {cohort.loaded_at.astimezone():%Y-%m-%d %H:%M}.</p>",
    ]
    parts += [f"<p><strong>Not reviewed</strong>: {e(problem)}</p>" for problem in cohort.problems]
    parts += ["<h2>Findings per team</h2>", findings_table_html(cohort)]
    png = heatmap_png(cohort)
    if png is not None:
        encoded = base64.b64encode(png).decode()
        parts.append(
            '<h2>Rules x teams</h2><img alt="heatmap of findings per rule and team" '
            f'src="data:image/png;base64,{encoded}">'
        )
    parts += ["<h2>Calibration</h2>", calibration_html(calibration(cohort)), "<h2>Drafts</h2>"]
    parts += [draft_html(cohort, team) for team in cohort.teams]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Cohort report: {e(cohort.workshop)}</title><style>{_REPORT_STYLE}</style></head>\n"
        f"<body>\n{chr(10).join(parts)}\n</body></html>\n"
    )


def _md(text: str) -> str:
    """User text safe inside a Markdown table cell: no markup, no HTML, no cell breaks."""
    escaped = html.escape(" ".join(text.split()), quote=False).replace("\\", "\\\\")
    for char in "*_`[]|#":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def cohort_report_markdown(cohort: Cohort) -> str:
    rules = cohort.rules()
    lines = [f"# Cohort report: {_md(cohort.workshop)}", "", f"{len(cohort.drafts)} teams.", ""]
    lines += [f"- **Not reviewed**: {_md(problem)}" for problem in cohort.problems]
    lines += ["", "## Findings per team", ""]
    table_rows = [
        [_md(c) for c in _table_cells(row)] + [str(row.per_rule[rule] or "") for rule in rules]
        for row in findings_table(cohort)
    ]
    lines += markdown_table(_TABLE_HEAD + [f"`{rule}`" for rule in rules], table_rows)
    result = calibration(cohort)
    lines += ["", "## Calibration", ""]
    calibration_rows = [
        [_md(row.team), str(row.key_results)] + [_percent(row.shares[name]) for name in STANDARDS]
        for row in result.rows
    ]
    calibration_rows.append(["*cohort median*", ""] + [_percent(result.medians[name]) for name in STANDARDS])
    lines += markdown_table(["Team", "KRs", *STANDARDS], calibration_rows)
    lines.append("")
    lines += [f"- **{_md(row.team)}**: {'; '.join(d.describe() for d in row.deviations)}" for row in result.outliers]
    if not result.outliers:
        lines.append("All teams write KRs to the same standard.")
    lines += ["", "## Drafts", "", render_markdown([draft.review for draft in cohort.drafts]).strip(), ""]
    return "\n".join(lines)


def export_cohort_report(cohort: Cohort, folder: str | Path) -> tuple[Path, Path]:
    """Write `<workshop>-cohort.html` and `.md` into `folder`; returns both paths."""
    target = Path(folder)
    if not target.is_dir():
        raise StoreError(f"cannot export the cohort report: {target} is not a folder", fix="create the folder first")
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in cohort.workshop).strip("-") or "workshop"
    written = []
    for suffix, content in ((".html", cohort_report_html(cohort)), (".md", cohort_report_markdown(cohort))):
        path = target / f"{stem}-cohort{suffix}"
        partial = path.with_name(path.name + ".partial")
        partial.write_text(content, encoding="utf-8")
        partial.replace(path)
        written.append(path)
    return written[0], written[1]
