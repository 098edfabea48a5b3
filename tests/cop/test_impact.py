"""Impact scorecard: contribution and adoption lead; vanity stays apart; lift shows by subgroup."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.charts import impact_chart, impact_chart_png
from kit.cop.clinic import FollowUpStatus, sample_clinic
from kit.cop.impact import (
    ALL_AREAS,
    CapabilityArea,
    CapabilityRating,
    QuarterMetrics,
    Scorecard,
    sample_scorecard,
    scorecard_for,
)
from kit.cop.markdown import scorecard_markdown
from kit.errors import InputError


def rating(name: str, group: str, before: int, after: int, area: CapabilityArea) -> CapabilityRating:
    return CapabilityRating(participant=name, subgroup=group, area=area, before=before, after=after)


def test_lift_is_computed_per_subgroup_and_area() -> None:
    card = Scorecard(
        ratings=[
            rating("a", "new", 1, 4, CapabilityArea.CHALLENGING_WEAK_KRS),
            rating("b", "new", 2, 4, CapabilityArea.CHALLENGING_WEAK_KRS),
            rating("c", "experienced", 4, 4, CapabilityArea.CHALLENGING_WEAK_KRS),
            rating("c", "experienced", 3, 5, CapabilityArea.ESCALATING_BLOCKERS),
        ]
    )
    lifts = {(lift.subgroup, lift.area): lift for lift in card.lifts()}
    new = lifts[("new", CapabilityArea.CHALLENGING_WEAK_KRS.value)]
    assert (new.people, new.before, new.after, new.lift) == (2, 1.5, 4.0, 2.5)
    assert lifts[("experienced", ALL_AREAS)].lift == 1.0
    assert card.lift_by_subgroup() == {"new": 2.5, "experienced": 1.0}


def test_sample_shows_the_larger_lift_for_less_experienced_people() -> None:
    by_group = sample_scorecard().lift_by_subgroup()
    assert by_group["new to OKRs"] > by_group["developing"] > by_group["experienced"]


def test_markdown_keeps_vanity_metrics_out_of_the_headline() -> None:
    text = scorecard_markdown(sample_scorecard())
    headline, admin = text.split("| Admin only (not impact)")
    assert "Live issues brought" in headline and "Artefacts adopted" in headline
    assert "Attendance" not in headline and "Posts" not in headline
    assert "Attendance" in admin
    assert "| Commitments kept rate | 50% | 69% | 81% |" in headline
    assert "| Recurring defects reduced | - | 2 | 3 |" in headline


def test_chart_renders_to_png_without_a_display() -> None:
    card = sample_scorecard()
    figure = impact_chart(card)
    assert [ax.get_title() for ax in figure.axes][:3] == [
        "Impact per quarter",
        "Admin only",
        "Capability lift (after - before)",
    ]
    assert impact_chart_png(card).startswith(b"\x89PNG")


def test_quarter_metrics_from_clinic_records() -> None:
    first = sample_clinic()
    second = sample_clinic()
    second.follow_up_from(first)
    second.review_follow_up(0, FollowUpStatus.DONE, "owner named")
    second.review_follow_up(1, FollowUpStatus.NOT_DONE)
    metrics = QuarterMetrics.from_clinics("2026-Q4", [first, second], artefacts_created=2)
    assert metrics.live_issues_brought == 2
    assert metrics.commitments_made == 8
    assert metrics.commitments_kept == 1
    assert metrics.attendance == 8 and metrics.artefacts_created == 2


def test_ratings_outside_one_to_five_are_refused() -> None:
    with pytest.raises(ValueError):
        rating("a", "new", 0, 6, CapabilityArea.CHALLENGING_WEAK_KRS)


def test_load_reports_the_bad_field(tmp_path: Path) -> None:
    path = tmp_path / "impact.yaml"
    path.write_text("quarters:\n  - quarter: 2026-Q1\n    live_issues_brought: -3\n", encoding="utf-8")
    with pytest.raises(InputError, match="live_issues_brought"):
        Scorecard.load(path)
    good = tmp_path / "good.yaml"
    good.write_text("quarters:\n  - {quarter: 2026-Q1, artefacts_adopted: 2}\n", encoding="utf-8")
    assert Scorecard.load(good).quarters[0].artefacts_adopted == 2


def test_scorecard_for_falls_back_to_the_sample_and_says_why(tmp_path: Path) -> None:
    card, note = scorecard_for(tmp_path / "impact.yaml")
    assert card == sample_scorecard() and "save your own" in note
    (tmp_path / "impact.yaml").write_text("quarters: [{quarter: Q1, posts: many}]\n", encoding="utf-8")
    card, note = scorecard_for(tmp_path / "impact.yaml")
    assert card == sample_scorecard() and "posts" in note
