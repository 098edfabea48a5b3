"""Every figure the kit draws: the weekly dashboard, the cohort heatmap and the impact scorecard.

All figures use matplotlib's object API on the Agg canvas (no pyplot state, no display, no
global backend switch), so they look the same in a notebook, under Voila, in nbval and in an
exported report, and can be pasted into a slide or a chat. The data behind each figure is
computed in kit.cycle and kit.cop; this module only draws it.
"""

from __future__ import annotations

import io
import math
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from kit.cop.impact import ALL_AREAS, IMPACT_METRICS, VANITY_METRICS, CapabilityArea, Scorecard
from kit.cycle.checkin import Cycle, Decision, KrSnapshot
from kit.cycle.plan import TrackedObjective
from kit.cycle.scoring import Band
from kit.errors import KitError
from kit.programme.adoption import BANDS, Adoption

if TYPE_CHECKING:
    from kit.cop.cohort import Cohort

# --- the weekly dashboard: one page per objective ----------------------------------------------
#
# Each page shows every KR with baseline, latest and target, a sparkline of weekly actuals,
# the score with its RAG band and the confidence trend, and the objective's decision log below.

_MUTED = "#777777"
_GRID = "#dddddd"
_KR_ROW_HEIGHT = 1.6
_DECISION_ROW_HEIGHT = 0.28
_WIDTH = 12.0
_DECISIONS_SHOWN = 8


def _fmt(value: float | None, unit: str | None) -> str:
    if value is None:
        return "—"
    if unit == "%":
        return f"{value:g}%"
    return f"{value:g} {unit}" if unit else f"{value:g}"


def _text(ax: Axes, x: float, y: float, text: str, **kwargs: object) -> None:
    """User text is never parsed as mathtext, so a '$' in a KR cannot break the page."""
    ax.text(x, y, text, transform=ax.transAxes, parse_math=False, **kwargs)  # type: ignore[arg-type]


def _objective(cycle: Cycle, objective_id: str) -> TrackedObjective:
    for objective in cycle.plan.objectives:
        if objective.id == objective_id:
            return objective
    known = ", ".join(o.id for o in cycle.plan.objectives)
    raise KitError(f"there is no objective {objective_id!r} in {cycle.plan.name}; it has {known}")


def _kr_card(ax: Axes, snap: KrSnapshot, scale_text: str) -> None:
    ax.set_axis_off()
    title = textwrap.wrap(f"{snap.kr_id}  {snap.text}", 62, max_lines=2, placeholder="…")
    _text(ax, 0.0, 1.02, "\n".join(title), fontsize=10, fontweight="bold", va="top", linespacing=1.2)
    when = f" ({snap.latest_on:%d %b})" if snap.latest_on else ""
    _text(ax, 0.0, 0.50, f"Baseline {_fmt(snap.baseline, snap.unit)}   ·   "
          f"Latest {_fmt(snap.latest, snap.unit)}{when}   ·   Target {_fmt(snap.target, snap.unit)}",
          fontsize=9.5, va="top")
    if snap.band is None:
        _text(ax, 0.0, 0.22, textwrap.shorten(f"No score: {snap.problem}", 80, placeholder="…"),
              fontsize=9, color=_MUTED, va="top")
        return
    _text(ax, 0.0, 0.22, f" {scale_text} · {snap.band.label} ", fontsize=10, fontweight="bold", color="white",
          va="top", bbox={"boxstyle": "round,pad=0.3", "facecolor": snap.band.colour, "edgecolor": "none"})
    _text(ax, 0.30, 0.20, textwrap.shorten(f"{snap.band.trigger} ({snap.band.deadline_text})", 55,
                                           placeholder="…"),
          fontsize=8.5, color=_MUTED, va="top")
    _text(ax, 0.30, 0.02, textwrap.shorten(f"scored by {snap.method}", 60, placeholder="…"),
          fontsize=7.5, color=_MUTED, va="top")


def _sparkline(ax: Axes, values: list[float | None], bands: list[Band | None], snap: KrSnapshot,
               weeks: int) -> None:
    xs = list(range(1, len(values) + 1))
    ys = [math.nan if v is None else v for v in values]
    if snap.baseline is not None:
        ax.axhline(snap.baseline, color=_MUTED, linewidth=0.8, linestyle=":")
    if snap.target is not None:
        ax.axhline(snap.target, color=Band.GREEN.colour, linewidth=0.8, linestyle="--")
    ax.plot(xs, ys, color="#444444", linewidth=1.4)
    for x, y, band in zip(xs, ys, bands, strict=False):
        if not math.isnan(y):
            ax.plot([x], [y], marker="o", markersize=3.5, color=band.colour if band else _MUTED)
    _week_axis(ax, weeks, "weekly actual (dotted: baseline, dashed: target)")


def _confidence(ax: Axes, trend: list[int | None], weeks: int) -> None:
    xs = [week for week, value in enumerate(trend, start=1) if value is not None]
    ys = [value for value in trend if value is not None]
    ax.plot(xs, ys, color="#5b5ea6", linewidth=1.2, marker="s", markersize=3, drawstyle="steps-mid")
    ax.set_ylim(0.5, 5.5)
    ax.set_yticks([1, 3, 5])
    _week_axis(ax, weeks, "confidence 1-5")


def _week_axis(ax: Axes, weeks: int, title: str) -> None:
    """The quiet weekly axis every small chart of a KR shares, so the rows line up week by week."""
    ax.set_xlim(0.5, weeks + 0.5)
    ax.set_xticks([1, *range(4, weeks + 1, 4)])
    ax.tick_params(labelsize=7, length=2)
    ax.set_title(title, fontsize=7.5, color=_MUTED, loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color=_GRID, linewidth=0.5)


def _decision_log(ax: Axes, decisions: list[Decision], week_end: object) -> None:
    ax.set_axis_off()
    _text(ax, 0.0, 1.0, "Decision log", fontsize=10.5, fontweight="bold", va="top")
    if not decisions:
        _text(ax, 0.0, 0.55, "No decisions logged yet.", fontsize=9, color=_MUTED, va="top")
        return
    columns = [(0.0, "Date"), (0.09, "Decision"), (0.50, "Owner"), (0.63, "Due"), (0.72, "Resulting change")]
    rows = len(decisions) + 1
    step = 0.85 / rows
    for x, title in columns:
        _text(ax, x, 0.85, title, fontsize=8.5, color=_MUTED, fontweight="bold", va="top")
    for index, decision in enumerate(decisions, start=1):
        y = 0.85 - index * step
        status = "done" if decision.done_on is not None else f"{decision.due:%d %b}"
        cells = [
            f"{decision.made_on:%d %b}",
            textwrap.shorten(decision.decision, 62, placeholder="…"),
            textwrap.shorten(decision.owner, 18, placeholder="…"),
            status,
            textwrap.shorten(decision.change or "—", 42, placeholder="…"),
        ]
        for (x, _), cell in zip(columns, cells, strict=True):
            _text(ax, x, y, cell, fontsize=8.5, va="top")


def objective_page(cycle: Cycle, objective_id: str, week: int | None = None) -> Figure:
    """One dashboard page: the objective's KRs as of a week (default: the latest), decisions below."""
    objective = _objective(cycle, objective_id)
    week = week or cycle.current_week
    week_end = cycle.plan.week_end(week)
    decisions = [d for d in cycle.decisions(objective_id) if d.made_on <= week_end][-_DECISIONS_SHOWN:]
    krs = objective.key_results
    log_height = 0.6 + _DECISION_ROW_HEIGHT * max(1, len(decisions) + 1)
    header = 0.9
    height = header + _KR_ROW_HEIGHT * len(krs) + log_height
    figure = Figure(figsize=(_WIDTH, height), dpi=100)
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(
        nrows=len(krs) + 2, ncols=3, width_ratios=[5.2, 3.2, 1.8],
        height_ratios=[header, *([_KR_ROW_HEIGHT] * len(krs)), log_height],
        left=0.03, right=0.98, top=0.98, bottom=0.02, hspace=0.55, wspace=0.18,
    )
    title = figure.add_subplot(grid[0, :])
    title.set_axis_off()
    score = cycle.objective_scores(week)[objective_id]
    _text(title, 0.0, 0.95, f"{objective.id}  {textwrap.shorten(objective.text, 90, placeholder='…')}",
          fontsize=14, fontweight="bold", va="top")
    owner = f" · owner {objective.owner}" if objective.owner else ""
    rolled = f"objective score {cycle.plan.scale.show(score)}" if score is not None else "objective not scored yet"
    _text(title, 0.0, 0.25, f"{cycle.plan.name} · week {week} of {cycle.plan.weeks} · {rolled}{owner}",
          fontsize=9.5, color=_MUTED, va="bottom")
    for row, tracked in enumerate(krs, start=1):
        snap = cycle.snapshot(tracked.id, week)
        shown = cycle.plan.scale.show(snap.score) if snap.score is not None else "—"
        _kr_card(figure.add_subplot(grid[row, 0]), snap, shown)
        _sparkline(figure.add_subplot(grid[row, 1]), cycle.weekly_actuals(tracked.id, week),
                   cycle.weekly_bands(tracked.id, week), snap, cycle.plan.weeks)
        _confidence(figure.add_subplot(grid[row, 2]), cycle.confidence_trend(tracked.id, week), cycle.plan.weeks)
    _decision_log(figure.add_subplot(grid[len(krs) + 1, :]), decisions, week_end)
    return figure


def dashboard(cycle: Cycle, week: int | None = None) -> list[Figure]:
    """Every objective's page, in plan order."""
    return [objective_page(cycle, objective.id, week) for objective in cycle.plan.objectives]


def to_png(figure: Figure, dpi: int = 100) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def save_dashboard(cycle: Cycle, folder: str | Path, week: int | None = None) -> list[Path]:
    """Write one PNG per objective (e.g. for a weekly note or the quarter review pack)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    week = week or cycle.current_week
    paths: list[Path] = []
    for objective, figure in zip(cycle.plan.objectives, dashboard(cycle, week), strict=True):
        path = folder / f"{objective.id}-week{week:02d}.png"
        path.write_bytes(to_png(figure))
        paths.append(path)
    return paths


# --- the cohort heatmap -------------------------------------------------------------------------


def heatmap_png(cohort: Cohort, *, dpi: int = 110) -> bytes | None:
    """Rules x teams, shaded by how often each rule fired; None when there is nothing to plot."""
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


# --- the impact scorecard -----------------------------------------------------------------------


def impact_chart(scorecard: Scorecard) -> Figure:
    """Impact metrics per quarter (headline), vanity metrics greyed beside them, and the
    capability lift per subgroup and area."""
    figure = Figure(figsize=(12, 4.2), layout="constrained")
    FigureCanvasAgg(figure)
    impact, vanity, lift = figure.subplots(1, 3, width_ratios=[3, 1, 2.2])
    labels = [q.quarter for q in scorecard.quarters]
    width = 0.8 / len(IMPACT_METRICS)
    for i, (attr, label) in enumerate(IMPACT_METRICS):
        values = [getattr(q, attr) or 0 for q in scorecard.quarters]
        impact.bar([x + i * width for x in range(len(labels))], values, width, label=label)
    impact.set_xticks([x + 0.4 - width / 2 for x in range(len(labels))], labels)
    impact.set_title("Impact per quarter")
    impact.legend(fontsize=7, loc="upper left")
    for (attr, label), style in zip(VANITY_METRICS, ("-", ":"), strict=True):
        values = [getattr(q, attr) for q in scorecard.quarters]
        vanity.plot(labels, values, marker="o", linestyle=style, color="#999", label=label)
    vanity.set_title("Admin only", color="#777")
    vanity.legend(fontsize=7)
    vanity.tick_params(colors="#777")
    lifts = [item for item in scorecard.lifts() if item.area != ALL_AREAS]
    before = {item.subgroup: item.before for item in scorecard.lifts() if item.area == ALL_AREAS}
    subgroups = sorted(before, key=lambda name: before[name])  # least experienced first
    areas = [a.value for a in CapabilityArea]
    bar = 0.8 / max(1, len(subgroups))
    for i, subgroup in enumerate(subgroups):
        by_area = {item.area: item.lift for item in lifts if item.subgroup == subgroup}
        lift.barh([y + i * bar for y in range(len(areas))], [by_area.get(a, 0) for a in areas], bar, label=subgroup)
    lift.set_yticks(
        [y + 0.4 - bar / 2 for y in range(len(areas))], [textwrap.fill(a, 18) for a in areas], fontsize=8
    )
    lift.set_title("Capability lift (after - before)")
    if subgroups:
        lift.legend(fontsize=7)
    return figure


def impact_chart_png(scorecard: Scorecard) -> bytes:
    buffer = io.BytesIO()
    impact_chart(scorecard).savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


# --- the programme's adoption page ---------------------------------------------------------------

_BAND_COLOURS = {"red": Band.RED.colour, "amber": Band.AMBER.colour, "green": Band.GREEN.colour,
                 "stretch": Band.STRETCH.colour, "no score": "#bbbbbb"}


def adoption_figure(page: Adoption) -> Figure:
    """Check-in completion per team and week (a grid), and the RAG mix week by week (stacked bars)."""
    teams = list(page.completion)
    figure = Figure(figsize=(11, 2.6 + 0.35 * len(teams)), layout="constrained")
    grid_axes, mix_axes = figure.subplots(1, 2, width_ratios=[1, 1])
    grid = [[-0.1 if share is None else share for share in page.completion[team]] for team in teams]
    grid_axes.imshow(grid or [[0.0]], cmap="RdYlGn", vmin=-0.1, vmax=1.0, aspect="auto")
    grid_axes.set_yticks(range(len(teams)), labels=[_short(team) for team in teams])
    grid_axes.set_xticks(range(len(page.weeks)), labels=[str(week) for week in page.weeks])
    for row, shares in enumerate(page.completion.values()):
        for column, share in enumerate(shares):
            grid_axes.text(column, row, "–" if share is None else f"{share:.0%}", ha="center", va="center", fontsize=7)
    grid_axes.set_xlabel("week")
    grid_axes.set_title("Check-ins complete (insight and next action per KR)")
    bottom = [0] * len(page.weeks)
    for band in BANDS:
        counts = [mix.get(band, 0) for mix in page.rag_mix]
        mix_axes.bar(page.weeks, counts, bottom=bottom, color=_BAND_COLOURS[band], label=band)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    mix_axes.set_xlabel("week")
    mix_axes.set_ylabel("key results")
    mix_axes.set_title("RAG mix (the band escalations read)")
    mix_axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), fontsize=8, ncols=len(BANDS), frameon=False)
    FigureCanvasAgg(figure)
    return figure
