"""Impact scorecard for a Community of Practice: changed practice, not activity.

The CoP playbook is blunt: attendance, meetings held and posts are admin metrics. The headline
is contribution and adoption - live issues brought, artefacts created and adopted, teams
applying standards, recurring defects reduced, commitments kept. The peer-learning playbook adds
before/after capability ratings, read by subgroup so the lift for less experienced people shows.
The scorecard's chart is drawn in kit.charts.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

import yaml
from pydantic import Field, ValidationError

from kit.content import load_content
from kit.cop.clinic import Clinic, FollowUpStatus
from kit.errors import InputError
from kit.model import EditableModel


class QuarterMetrics(EditableModel):
    quarter: str = Field(description="e.g. 2026-Q1")
    live_issues_brought: int = Field(default=0, ge=0)
    artefacts_created: int = Field(default=0, ge=0)
    artefacts_adopted: int = Field(default=0, ge=0)
    teams_applying_standards: int = Field(default=0, ge=0)
    recurring_defects: int | None = Field(default=None, ge=0, description="Recurring execution defects seen.")
    commitments_made: int = Field(default=0, ge=0)
    commitments_kept: int = Field(default=0, ge=0)
    attendance: int = Field(default=0, ge=0, description="Vanity: kept for administration only.")
    posts: int = Field(default=0, ge=0, description="Vanity: kept for administration only.")

    @property
    def commitments_kept_rate(self) -> float | None:
        return self.commitments_kept / self.commitments_made if self.commitments_made else None

    @classmethod
    def from_clinics(cls, quarter: str, clinics: Iterable[Clinic], **other: int) -> QuarterMetrics:
        """Count what clinic records already prove: cases brought, commitments made and kept."""
        records = list(clinics)
        return cls(
            quarter=quarter,
            live_issues_brought=sum(1 for c in records if c.case.title or c.case.process or c.case.summary),
            commitments_made=sum(1 for c in records for k in c.commitments if k.complete),
            commitments_kept=sum(1 for c in records for f in c.follow_ups if f.status is FollowUpStatus.DONE),
            attendance=sum(len(c.participants) for c in records),
            **other,
        )


# (attribute, label) - the headline; attendance and posts never appear here.
IMPACT_METRICS: tuple[tuple[str, str], ...] = (
    ("live_issues_brought", "Live issues brought"),
    ("artefacts_created", "Artefacts created"),
    ("artefacts_adopted", "Artefacts adopted"),
    ("teams_applying_standards", "Teams applying standards"),
    ("recurring_defects", "Recurring defects (lower is better)"),
    ("commitments_kept", "Commitments kept"),
)
VANITY_METRICS: tuple[tuple[str, str], ...] = (("attendance", "Attendance"), ("posts", "Posts"))


class CapabilityArea(StrEnum):
    CHALLENGING_WEAK_KRS = "Challenging weak key results"
    DECISION_CHECK_INS = "Running decision-focused check-ins"
    ESCALATING_BLOCKERS = "Escalating cross-team blockers"
    RESETTING_PRIORITIES = "Resetting priorities mid-cycle"


class CapabilityRating(EditableModel):
    """A participant's self-rated confidence (1-5) in one area before and after a cohort cycle."""

    participant: str
    subgroup: str = Field(description="e.g. the experience level: new to OKRs, developing, experienced.")
    area: CapabilityArea
    before: int = Field(ge=1, le=5)
    after: int = Field(ge=1, le=5)


class Lift(EditableModel):
    subgroup: str
    area: str
    people: int
    before: float
    after: float

    @property
    def lift(self) -> float:
        return round(self.after - self.before, 2)


ALL_AREAS = "All four areas"


class Scorecard(EditableModel):
    community: str = "OKR Community of Practice"
    quarters: list[QuarterMetrics] = Field(default_factory=list)
    ratings: list[CapabilityRating] = Field(default_factory=list)

    @classmethod
    def load(cls, path: str | Path) -> Scorecard:
        source = Path(path)
        try:
            return cls.model_validate(yaml.safe_load(source.read_text(encoding="utf-8")) or {})
        except FileNotFoundError:
            raise InputError("scorecard file not found", path=str(source)) from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise InputError("not valid YAML", path=str(source), line=mark.line + 1 if mark else None) from None
        except ValidationError as exc:
            first = exc.errors()[0]
            raise InputError(f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}", path=str(source)) from None

    def defects_reduced(self, index: int) -> int | None:
        """Fewer recurring defects than the quarter before (negative when they grew)."""
        if index == 0:
            return None
        before, now = self.quarters[index - 1].recurring_defects, self.quarters[index].recurring_defects
        return None if before is None or now is None else before - now

    def lifts(self) -> list[Lift]:
        """Mean before/after per subgroup and area, plus each subgroup across all areas."""
        groups: dict[tuple[str, str], list[CapabilityRating]] = {}
        for rating in self.ratings:
            groups.setdefault((rating.subgroup, rating.area.value), []).append(rating)
            groups.setdefault((rating.subgroup, ALL_AREAS), []).append(rating)
        return [
            Lift(
                subgroup=subgroup,
                area=area,
                people=len({r.participant for r in rows}),
                before=round(statistics.fmean(r.before for r in rows), 2),
                after=round(statistics.fmean(r.after for r in rows), 2),
            )
            for (subgroup, area), rows in groups.items()
        ]

    def lift_by_subgroup(self) -> dict[str, float]:
        return {lift.subgroup: lift.lift for lift in self.lifts() if lift.area == ALL_AREAS}


def sample_scorecard() -> Scorecard:
    """Three quarters of a pilot community, for the notebook and rehearsals: `content/impact_sample.yaml`."""
    return load_content("impact_sample", Scorecard)


def scorecard_for(path: str | Path) -> tuple[Scorecard, str]:
    """The workshop's own figures when `path` exists and reads, else the sample; with a line saying which."""
    source = Path(path)
    if not source.exists():
        return sample_scorecard(), f"Sample figures: save your own as {source.name} to replace them."
    try:
        return Scorecard.load(source), f"Figures from {source.name}."
    except InputError as error:
        return sample_scorecard(), f"Sample figures shown: {error}"
