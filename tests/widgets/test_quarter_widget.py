"""The quarter review form: learnings and retro in, a live and escaped drafting brief out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kit.cycle.persistence import load_cycle
from kit.cycle.quarter import (
    QuarterResult,
    Retrospective,
    load_review_notes,
    lock_quarter,
    resume_review_notes,
    save_review_notes,
    score_quarter,
)
from kit.store import open_store
from kit.widgets.quarter import QuarterReview, results_html

DATA = Path(__file__).resolve().parents[2] / "notebooks" / "data"


@pytest.fixture
def result() -> QuarterResult:
    cycle = load_cycle(DATA / "sample_plan.yaml", DATA / "sample_actuals.csv", DATA / "sample_checkins.yaml")
    return score_quarter(lock_quarter(cycle, date(2027, 3, 29)))


def test_results_show_scores_and_the_weights_notice(result: QuarterResult) -> None:
    html = results_html(result)
    assert "data-kr='O1.KR1'" in html and "0.96 · Stretch" in html
    assert "were not agreed" in html


def test_brief_follows_what_the_room_types(result: QuarterResult) -> None:
    review = QuarterReview(result, Retrospective(), next_cycle="Q2 2027")
    assert "# Drafting brief for Q2 2027" in review.brief.value
    assert "No learning recorded yet for O1.KR1" in review.brief.value
    review.learnings["O1.KR1"].value = "Baskets <b>beat</b> reminders"
    assert result.learnings["O1.KR1"] == "Baskets <b>beat</b> reminders"
    assert "Baskets &lt;b&gt;beat&lt;/b&gt; reminders" in review.brief.value
    assert "<b>beat</b>" not in review.brief.value
    review.retro_areas["change_next"].value = "Agree weights up front\n\nAlert on missing exports\n"
    assert review.retro.change_next == ["Agree weights up front", "Alert on missing exports"]
    assert "aim for 3 to 5" in review.brief.value
    review.next_cycle.value = "Q3 <2027>"
    assert 'download="drafting-brief-Q3--2027-.md"' in review.download.value


def test_prepared_notes_fill_the_form(result: QuarterResult) -> None:
    notes = load_review_notes(DATA / "sample_review_notes.yaml")
    notes.apply(result)
    review = QuarterReview(result, notes.retro, next_cycle="Q2 2027")
    assert result.missing_learnings() == []
    assert review.learnings["O2.KR2"].value.startswith("One slow dependency")
    assert "Before drafting" in review.brief.value  # the unagreed weights still need a word
    assert "No learning recorded yet" not in review.brief.value


def test_saved_notes_come_back_from_the_store(result: QuarterResult, tmp_path: Path) -> None:
    plan = result.lock.plan
    with open_store(tmp_path) as store:
        review = QuarterReview(result, Retrospective(), next_cycle="Q2 2027",
                               on_save=lambda notes: save_review_notes(store, plan, notes, author="Priya"))
        review.learnings["O2.KR1"].value = "Checklists beat calls"
        review.retro_areas["worked"].value = "Numbers before the meeting"
        assert review.save()
        assert "Saved" in review.message.value
        resumed = resume_review_notes(store, plan)
    assert resumed is not None
    assert resumed.learnings == {"O2.KR1": "Checklists beat calls"}
    assert resumed.retro.worked == ["Numbers before the meeting"]


def test_failed_save_says_so(result: QuarterResult) -> None:
    def broken(_notes: object) -> None:
        raise OSError("read-only folder")

    review = QuarterReview(result, on_save=broken)
    assert not review.save()
    assert "read-only folder" in review.message.value
