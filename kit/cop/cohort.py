"""The facilitator's cohort view: every team's latest draft in a workshop, side by side.

It answers the questions a facilitator asks while teams work: which rules trip up the whole
room (teach them to everyone), which teams are stuck (visit them), and which teams write KRs
to a different standard than the rest (calibrate them: the same room should share one
definition of a finished KR). Every view is computed from the store and `kit.review`, so the
cohort view and what each team sees in its own editor never disagree.
"""

from __future__ import annotations

import base64
import html
import io
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kit.errors import KitError
from kit.model import KeyResult, Level, OkrSet, Review
from kit.quantities import enrich
from kit.report.html import review_fragment
from kit.report.markdown import render_markdown
from kit.store import Store, StoreError, VersionInfo
from kit.widgets.diff import diff_html

Reviewer = Callable[[OkrSet], Review]

# What "a finished KR" states, as the playbooks' metric dictionary and KR card ask for.
STANDARDS: dict[str, Callable[[KeyResult], bool]] = {
    "baseline": lambda kr: kr.baseline is not None,
    "target": lambda kr: kr.target is not None,
    "deadline": lambda kr: bool(kr.deadline),
    "owner": lambda kr: bool(kr.owner),
    "source": lambda kr: bool(kr.source),
}
DEFAULT_TOLERANCE = 0.25


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TeamDraft(_Frozen):
    """One team's latest saved set and its review."""

    team: str
    info: VersionInfo
    review: Review
    review_problem: str | None = Field(default=None, description="Why the set could not be reviewed, if so.")

    @property
    def okr_set(self) -> OkrSet:
        return self.review.okr_set

    @property
    def kr_count(self) -> int:
        return len(self.okr_set.key_results())

    def rule_counts(self) -> Counter[str]:
        return Counter(finding.rule for finding in self.review.findings)


class Cohort(_Frozen):
    workshop: str
    loaded_at: datetime
    drafts: list[TeamDraft]

    @property
    def teams(self) -> list[str]:
        return [draft.team for draft in self.drafts]

    def rules(self) -> list[str]:
        """Rules with at least one finding in the cohort, most widespread first."""
        teams_hit = Counter(rule for draft in self.drafts for rule in set(draft.rule_counts()))
        return sorted(teams_hit, key=lambda rule: (-teams_hit[rule], rule))

    def draft(self, team: str) -> TeamDraft:
        """Drill down to one team."""
        for draft in self.drafts:
            if draft.team == team:
                return draft
        raise StoreError(
            f"team {team!r} has no saved draft in workshop {self.workshop!r}",
            fix=f"pick one of: {', '.join(self.teams) or '(no team has saved yet)'}",
        )

    @property
    def problems(self) -> list[str]:
        """Why drafts went unreviewed, once per distinct reason (a broken rubric hits every team)."""
        teams_by_problem: dict[str, list[str]] = {}
        for draft in self.drafts:
            if draft.review_problem:
                teams_by_problem.setdefault(draft.review_problem, []).append(draft.team)
        return [f"{', '.join(teams)}: {problem}" for problem, teams in teams_by_problem.items()]


def _default_reviewer(okr_set: OkrSet) -> Review:
    from kit.review import review

    return review(okr_set)


def load_cohort(
    store: Store,
    workshop: str,
    *,
    reviewer: Reviewer | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Cohort:
    """Load and review every team's latest set. A set the rubric cannot review is shown unreviewed."""
    review_set = reviewer or _default_reviewer
    teams = store.teams(workshop)
    drafts = []
    for number, team in enumerate(teams, start=1):
        if progress is not None:
            progress(number, len(teams), team)
        latest = store.latest(workshop, team)
        if latest is None:  # removed between listing and loading: nothing to show
            continue
        # the label ends up in code spans and file-like names: keep only harmless characters
        label = "".join(c for c in team if c not in "`<>&*_[]|#\\") + f", version {latest.version}"
        try:
            review, problem = review_set(latest.okr_set).model_copy(update={"path": label}), None
        except (KitError, NotImplementedError) as error:
            problem = str(error) or "the rubric is not available"
            review = Review(okr_set=latest.okr_set, path=label, notices=[f"Not reviewed: {problem}"])
        drafts.append(TeamDraft(team=team, info=latest.info, review=review, review_problem=problem))
    return Cohort(workshop=workshop, loaded_at=datetime.now(UTC), drafts=drafts)


# --- the findings table ---------------------------------------------------------------------


class TableRow(_Frozen):
    team: str
    version: int
    author: str
    saved_at: datetime
    objectives: int
    key_results: int
    errors: int
    warnings: int
    infos: int
    per_rule: dict[str, int]
    reviewed: bool


def findings_table(cohort: Cohort) -> list[TableRow]:
    rules = cohort.rules()
    rows = []
    for draft in cohort.drafts:
        counts = draft.rule_counts()
        rows.append(
            TableRow(
                team=draft.team,
                version=draft.info.version,
                author=draft.info.author,
                saved_at=draft.info.saved_at,
                objectives=len(draft.okr_set.objectives),
                key_results=draft.kr_count,
                errors=draft.review.count(Level.ERROR),
                warnings=draft.review.count(Level.WARNING),
                infos=draft.review.count(Level.INFO),
                per_rule={rule: counts.get(rule, 0) for rule in rules},
                reviewed=draft.review_problem is None,
            )
        )
    return rows


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


# --- the heatmap ----------------------------------------------------------------------------


def heatmap_png(cohort: Cohort, *, dpi: int = 110) -> bytes | None:
    """Rules x teams, shaded by how often each rule fired; None when there is nothing to plot."""
    from matplotlib.figure import Figure  # no pyplot: works headless and under Voila alike

    rules, teams = cohort.rules(), cohort.teams
    if not rules or not teams:
        return None
    grid = [[cohort.drafts[t].rule_counts().get(rule, 0) for t in range(len(teams))] for rule in rules]
    figure = Figure(figsize=(2.5 + 0.7 * len(teams), 1.8 + 0.35 * len(rules)), dpi=dpi, layout="constrained")
    axes = figure.add_subplot()
    image = axes.imshow(grid, cmap="Reds", aspect="auto", vmin=0)
    axes.set_xticks(range(len(teams)), labels=[_short(team) for team in teams], rotation=45, ha="right")
    axes.set_yticks(range(len(rules)), labels=rules)
    peak = max(max(line) for line in grid) or 1
    for r, line in enumerate(grid):
        for t, count in enumerate(line):
            if count:
                colour = "white" if count > peak / 2 else "black"
                axes.text(t, r, str(count), ha="center", va="center", color=colour, fontsize=8)
    axes.set_title("Findings per rule and team")
    figure.colorbar(image, ax=axes, label="findings")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


# --- calibration ----------------------------------------------------------------------------


class Deviation(_Frozen):
    standard: str
    share: float
    median: float

    def describe(self) -> str:
        side = "fewer" if self.share < self.median else "more"
        return f"{self.share:.0%} of KRs state the {self.standard} ({side} than the cohort median of {self.median:.0%})"


class CalibrationRow(_Frozen):
    team: str
    key_results: int
    shares: dict[str, float | None]
    deviations: list[Deviation]


class Calibration(_Frozen):
    medians: dict[str, float | None]
    rows: list[CalibrationRow]
    tolerance: float

    @property
    def outliers(self) -> list[CalibrationRow]:
        """Teams to calibrate: their KRs use a different standard from the rest of the room."""
        return [row for row in self.rows if row.deviations]


def calibration(cohort: Cohort, *, tolerance: float = DEFAULT_TOLERANCE) -> Calibration:
    """Share of each team's KRs that state baseline, target, deadline, owner and source, against the median.

    KRs are read like the rubric reads them: a baseline written in the text counts even when
    the field was left empty.
    """
    rows_data = []
    for draft in cohort.drafts:
        krs = [enrich(kr) for _, _, kr in draft.okr_set.key_results()]
        shares: dict[str, float | None] = {
            name: (sum(1 for kr in krs if met(kr)) / len(krs)) if krs else None for name, met in STANDARDS.items()
        }
        rows_data.append((draft.team, len(krs), shares))
    medians: dict[str, float | None] = {}
    for name in STANDARDS:
        values = [shares[name] for _, _, shares in rows_data if shares[name] is not None]
        medians[name] = statistics.median(values) if values else None  # type: ignore[type-var]
    rows = []
    for team, count, shares in rows_data:
        deviations = []
        for name, share in shares.items():
            median = medians[name]
            if share is not None and median is not None and abs(share - median) > tolerance:
                deviations.append(Deviation(standard=name, share=share, median=median))
        rows.append(CalibrationRow(team=team, key_results=count, shares=shares, deviations=deviations))
    return Calibration(medians=medians, rows=rows, tolerance=tolerance)


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


# --- drill-down and the cohort report -------------------------------------------------------


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


def _md_table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def cohort_report_markdown(cohort: Cohort) -> str:
    rules = cohort.rules()
    lines = [f"# Cohort report: {_md(cohort.workshop)}", "", f"{len(cohort.drafts)} teams.", ""]
    lines += [f"- **Not reviewed**: {_md(problem)}" for problem in cohort.problems]
    lines += ["", "## Findings per team", ""]
    table_rows = [
        [_md(c) for c in _table_cells(row)] + [str(row.per_rule[rule] or "") for rule in rules]
        for row in findings_table(cohort)
    ]
    lines += _md_table(_TABLE_HEAD + [f"`{rule}`" for rule in rules], table_rows)
    result = calibration(cohort)
    lines += ["", "## Calibration", ""]
    calibration_rows = [
        [_md(row.team), str(row.key_results)] + [_percent(row.shares[name]) for name in STANDARDS]
        for row in result.rows
    ]
    calibration_rows.append(["*cohort median*", ""] + [_percent(result.medians[name]) for name in STANDARDS])
    lines += _md_table(["Team", "KRs", *STANDARDS], calibration_rows)
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


def cohort_browser(store: Store, cohort: Cohort) -> Any:
    """Drill-down widget: pick a team to see its draft; pick an earlier version to see the rewrite."""
    import ipywidgets as widgets

    team_picker = widgets.Dropdown(options=cohort.teams, description="Team")
    compare_picker = widgets.Dropdown(description="Compare with", style={"description_width": "initial"})
    shown = widgets.HTML()

    def show_team(*_: object) -> None:
        team = team_picker.value
        if team is None:
            shown.value = "<p>No team has saved a draft yet.</p>"
            return
        latest = cohort.draft(team).info.version
        earlier = [(f"version {v.version} ({v.author})", v.version) for v in store.versions(cohort.workshop, team)]
        compare_picker.options = [("(nothing)", 0), *[o for o in earlier if o[1] != latest]]
        compare_picker.value = 0
        show_comparison()

    def show_comparison(*_: object) -> None:
        team = team_picker.value
        if team is None:
            return
        page = draft_html(cohort, team)
        if compare_picker.value:
            diff = store.diff(cohort.workshop, team, compare_picker.value, cohort.draft(team).info.version)
            page = f"<h3>Before and after</h3>{diff_html(diff)}<hr>{page}"
        shown.value = page

    team_picker.observe(show_team, names="value")
    compare_picker.observe(show_comparison, names="value")
    show_team()
    return widgets.VBox([widgets.HBox([team_picker, compare_picker]), shown])


# --- a sample workshop, to try the view before the real one -----------------------------------


def _kr(text: str, **fields: object) -> KeyResult:
    return KeyResult(text=text, **fields)


def sample_drafts() -> dict[str, list[OkrSet]]:
    """Four teams' drafts (each with a first and a rewritten version), written to differ in standard."""
    from kit.model import Objective

    support_first = OkrSet(
        title="Support",
        objectives=[
            Objective(
                text="Customers get answers fast",
                key_results=[_kr("Improve response times"), _kr("Launch the new help centre")],
            )
        ],
    )
    support = support_first.model_copy(deep=True)
    support.objectives[0].key_results = [
        _kr("Cut median first response from 9 hours to 2 hours by 30 June", owner="Lena", source="Helpdesk report"),
        _kr("Raise self-service resolution from 18% to 35% by 30 June", owner="Omar", source="Help centre analytics"),
    ]
    platform = OkrSet(
        title="Platform",
        objectives=[
            Objective(
                text="Make releasing boring",
                key_results=[
                    _kr("Lower failed deployments from 12% to 4% by end of Q3", owner="Ines", source="CI dashboard"),
                    _kr("Shorten lead time from 6 days to 2 days by end of Q3", owner="Ines", source="CI dashboard"),
                    _kr("Bring rollback time from 40 minutes to 10 minutes by end of Q3", owner="Tom"),
                ],
            )
        ],
    )
    sales = OkrSet(
        title="Sales",
        objectives=[
            Objective(
                text="Win the mid-market",
                key_results=[
                    _kr("Grow mid-market pipeline to 3 million"),
                    _kr("Sign 20 new mid-market logos"),
                    _kr("Hold more discovery calls"),
                ],
            )
        ],
    )
    people = OkrSet(
        title="People",
        objectives=[
            Objective(
                text="New joiners feel at home in their first month",
                key_results=[
                    _kr(
                        "Raise 30-day onboarding score from 3.4 to 4.2 by 1 October", owner="Mia", source="Pulse survey"
                    ),
                    _kr("Cut time to first merged change from 15 days to 5 days by 1 October", owner="Mia"),
                ],
            )
        ],
    )
    return {"Support": [support_first, support], "Platform": [platform], "Sales": [sales], "People": [people]}


def save_sample_workshop(store: Store, workshop: str = "Sample workshop") -> str:
    """Fill `workshop` with the sample teams (first drafts, then rewrites); returns the workshop name."""
    for team, drafts in sample_drafts().items():
        for okr_set in drafts:
            store.save_set(workshop, team, okr_set, author=f"{team} team")
    return workshop
