"""Paced scores: where a KR should be by this week, so week 2 is not judged against week 12's target.

A KR's end-of-cycle score compares the latest actual with the target, so every KR reads Red early in
the cycle and the "Red two weeks running" huddle would fire for all of them in week 2. The paced
score asks instead where the KR is heading: progress so far over the progress expected by now,
which is the end-of-cycle score the KR is on course for. Expected progress is linear over the cycle,
or follows the KR's own milestones ("27 by week 4, 33 by week 8") when its card gives them.

A binary KR is done or not done: it has no pace, so it has no paced score.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from kit.model import FrozenModel, ScoringMethod

if TYPE_CHECKING:
    from kit.cycle.plan import TrackedKeyResult

Pacing = Literal["paced", "end-of-cycle"]
PACINGS: dict[Pacing, str] = {
    "paced": "paced: progress so far against the progress expected by this week",
    "end-of-cycle": "end of cycle: progress so far against the final target",
}


class Milestone(FrozenModel):
    """A value the KR should have reached by the end of a week of the cycle."""

    week: int = Field(ge=1, le=26)
    value: float


def expected_value(tracked: TrackedKeyResult, weeks: int, week: int) -> float | None:
    """Where the KR should stand at the end of `week`: linear from baseline to target, or through its
    milestones; None without a baseline and a target."""
    kr = tracked.key_result
    if kr.baseline is None or kr.target is None:
        return None
    points = [(0, kr.baseline)] + [(m.week, m.value) for m in tracked.milestones if m.week < weeks]
    points.append((weeks, kr.target))
    week = min(max(week, 0), weeks)
    for (start_week, start), (end_week, end) in pairwise(points):
        if start_week <= week <= end_week:
            return start + (end - start) * (week - start_week) / (end_week - start_week)
    return kr.target


def projected_value(tracked: TrackedKeyResult, expected: float | None, actual: float) -> float | None:
    """The value the KR ends the cycle at if it keeps the pace it has against where it was `expected` to be
    by now; None when it has no pace (binary, no baseline or target, or a target equal to its baseline)."""
    kr = tracked.key_result
    if tracked.rule.method == ScoringMethod.BINARY or kr.baseline is None or kr.target is None:
        return None
    if expected is None or kr.target == kr.baseline:
        return None
    expected_share = (expected - kr.baseline) / (kr.target - kr.baseline)
    if expected_share <= 0:  # nothing was expected yet: wherever it stands, it is on course
        return max(actual, kr.target) if kr.target > kr.baseline else min(actual, kr.target)
    return kr.baseline + (actual - kr.baseline) / expected_share
