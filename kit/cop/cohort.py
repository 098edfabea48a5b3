"""The facilitator's cohort view: every team's latest draft in a workshop, side by side.

It answers the questions a facilitator asks while teams work: which rules trip up the whole
room (teach them to everyone), which teams are stuck (visit them), and which teams write KRs
to a different standard than the rest (calibrate them: the same room should share one
definition of a finished KR). Every view is computed from the store and `kit.review`, so the
cohort view and what each team sees in its own editor never disagree. The numbers are here; the
report is drawn by kit.report.cohort, the heatmap by kit.charts, the drill-down by kit.widgets.cohort.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

import yaml
from pydantic import Field

from kit.errors import KitError
from kit.hub import require_every_team
from kit.model import FrozenModel, KeyResult, Level, OkrSet, Review
from kit.paths import data_dir
from kit.quantities import enrich
from kit.store import Store, StoreError, VersionInfo

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


class TeamDraft(FrozenModel):
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


class Cohort(FrozenModel):
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
    """Load and review every team's latest set. A set the rubric cannot review is shown unreviewed.
    Inside a hub, only a facilitator may (kit.hub)."""
    require_every_team(what="The cohort view")
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


class TableRow(FrozenModel):
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


# --- calibration ----------------------------------------------------------------------------


class Deviation(FrozenModel):
    standard: str
    share: float
    median: float

    def describe(self) -> str:
        side = "fewer" if self.share < self.median else "more"
        return f"{self.share:.0%} of KRs state the {self.standard} ({side} than the cohort median of {self.median:.0%})"


class CalibrationRow(FrozenModel):
    team: str
    key_results: int
    shares: dict[str, float | None]
    deviations: list[Deviation]


class Calibration(FrozenModel):
    medians: dict[str, float | None]
    rows: list[CalibrationRow]
    tolerance: float

    @property
    def outliers(self) -> list[CalibrationRow]:
        """Teams to calibrate: their KRs use a different standard from the rest of the room."""
        return [row for row in self.rows if row.deviations]


def calibration(cohort: Cohort, *, tolerance: float = DEFAULT_TOLERANCE) -> Calibration:
    """Share of each team's KRs that state baseline, target, deadline, owner and source, against the median.

    A team is flagged on a standard when its share is more than `tolerance` below the cohort's median.

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
            # Only a lower standard is calibrated: a team meeting a standard more often than the room is
            # never a problem to fix, and flagging it would highlight the best teams.
            if share is not None and median is not None and median - share > tolerance:
                deviations.append(Deviation(standard=name, share=share, median=median))
        rows.append(CalibrationRow(team=team, key_results=count, shares=shares, deviations=deviations))
    return Calibration(medians=medians, rows=rows, tolerance=tolerance)


# --- a sample workshop, to try the view before the real one -----------------------------------

SAMPLE_COHORT = "sample_cohort.yaml"


def sample_drafts() -> dict[str, list[OkrSet]]:
    """Four teams' drafts (each with a first and a rewritten version), written to differ in standard."""
    path = data_dir("notebooks") / "data" / SAMPLE_COHORT
    teams = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {team: [OkrSet.model_validate(draft) for draft in drafts] for team, drafts in teams.items()}


def save_sample_workshop(store: Store, workshop: str = "Sample workshop") -> str:
    """Fill `workshop` with the sample teams (first drafts, then rewrites); returns the workshop name."""
    for team, drafts in sample_drafts().items():
        for okr_set in drafts:
            store.save_set(workshop, team, okr_set, author=f"{team} team")
    return workshop
