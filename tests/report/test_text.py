from __future__ import annotations

from kit.model import Review
from kit.report.text import render_text, summary_line

from .conftest import clean_review


def test_findings_sit_under_their_objective_and_key_result(review: Review) -> None:
    text = render_text([review])
    lines = text.splitlines()
    kr_heading = next(i for i, line in enumerate(lines) if line.strip().startswith("KR 1.1"))
    task_finding = next(i for i, line in enumerate(lines) if "[kr-task-list]" in line)
    next_kr = next(i for i, line in enumerate(lines) if line.strip().startswith("KR 1.2"))
    assert kr_heading < task_finding < next_kr
    assert "okrs/q1.md:4: error [kr-task-list]" in lines[task_finding]
    assert "Objective 2 (okrs/q1.md:7): Grow revenue 30%" in text


def test_a_finding_shows_words_hint_and_rewrite_shape(review: Review) -> None:
    text = render_text([review])
    assert 'because of: "Hold"' in text
    assert "fix: Ask what changes once the workshops are held" in text
    assert "rewrite as: Increase <metric> from <baseline> to <target> by <date>" in text


def test_coach_remarks_are_labelled(review: Review) -> None:
    line = next(line for line in render_text([review]).splitlines() if "coach-outcome" in line)
    assert "(coach)" in line


def test_summary_counts_and_gate(review: Review) -> None:
    summary = summary_line([review, clean_review()])
    assert "2 documents, 3 objectives, 4 key results" in summary
    assert "2 errors, 2 warnings, 1 info" in summary
    assert "does not pass the quality gate" in summary
    assert "passes the quality gate." in summary_line([clean_review()])
    assert render_text([review]).rstrip().endswith(summary_line([review]))


def test_control_characters_in_a_draft_cannot_drive_the_terminal(review: Review) -> None:
    review.okr_set.objectives[0].key_results[0].text = "Hold \x1b[2J6 workshops\r"
    text = render_text([review])
    assert "\x1b" not in text and "\r" not in text
    assert "Hold \\x1b[2J6 workshops\\x0d" in text


def test_colour_only_on_request_and_never_from_the_draft(review: Review) -> None:
    assert "\x1b" not in render_text([review])
    coloured = render_text([review], color=True)
    assert "\x1b[1;31merror\x1b[0m [kr-task-list]" in coloured
    review.okr_set.objectives[0].key_results[0].text = "Hold \x1b[31m workshops"
    assert "\x1b[31m" not in render_text([review], color=True)
