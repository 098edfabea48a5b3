"""Hand-built reviews: the report formats are tested on known findings, independent of the rubric."""

from __future__ import annotations

import pytest

from kit.model import Finding, KeyResult, Level, Objective, OkrSet, Review, Span

HOSTILE = "<img src=x onerror=alert(1)>"


def build_review(path: str | None = "okrs/q1.md") -> Review:
    okr_set = OkrSet(
        title="Self-serve growth",
        team="Onboarding squad",
        cycle="2027-Q1",
        objectives=[
            Objective(
                text="Make the first week delightful for new customers",
                line=3,
                key_results=[
                    KeyResult(text="Hold 6 onboarding workshops", line=4, owner="Priya"),
                    KeyResult(
                        text="Raise week-one activation from 22% to 40% by 31 March",
                        line=5,
                        baseline=22,
                        target=40,
                        unit="%",
                        source="Product analytics dashboard",
                    ),
                ],
            ),
            Objective(text="Grow revenue 30%", line=7, key_results=[KeyResult(text="Improve NPS", line=8)]),
        ],
    )
    findings = [
        Finding(
            rule="kr-task-list",
            level=Level.ERROR,
            message="An activity, not an outcome.",
            hint="Ask what changes once the workshops are held, and measure that.",
            scope="key_result",
            objective_index=0,
            kr_index=0,
            text="Hold 6 onboarding workshops",
            spans=[Span(start=0, end=4, text="Hold")],
            suggestion="Increase <metric> from <baseline> to <target> by <date>",
        ),
        Finding(
            rule="objective-has-metric",
            level=Level.WARNING,
            message="The objective carries a number; numbers belong in the KRs.",
            hint="State the ambition in words.",
            scope="objective",
            objective_index=1,
            text="Grow revenue 30%",
            spans=[Span(start=13, end=16, text="30%")],
        ),
        Finding(
            rule="kr-vague",
            level=Level.ERROR,
            message="A fuzzy verb with no measure.",
            hint="Name the metric and the target.",
            scope="key_result",
            objective_index=1,
            kr_index=0,
            text="Improve NPS",
            spans=[Span(start=0, end=7, text="Improve")],
        ),
        Finding(
            rule="set-too-many-objectives",
            level=Level.INFO,
            message="Keep the set focused.",
            scope="set",
        ),
        Finding(
            rule="coach-outcome",
            level=Level.WARNING,
            message="Consider what customers feel in week one.",
            scope="key_result",
            objective_index=0,
            kr_index=1,
            text="Raise week-one activation from 22% to 40% by 31 March",
            source="coach",
        ),
    ]
    return Review(okr_set=okr_set, findings=findings, path=path)


def clean_review(path: str = "okrs/clean.md") -> Review:
    okr_set = OkrSet(
        objectives=[
            Objective(
                text="Customers succeed on their own",
                line=1,
                key_results=[KeyResult(text="Raise self-serve resolution from 30% to 55% by June", line=2)],
            )
        ]
    )
    return Review(okr_set=okr_set, path=path)


@pytest.fixture
def review() -> Review:
    return build_review()
