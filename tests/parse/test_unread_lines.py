"""Nothing a person wrote is silently dropped: each line is read into the set or reported as unread."""

from __future__ import annotations

import kit
from kit.parse.text import parse_text

MIXED = """## Make onboarding effortless
- Raise week-one activation from 30% to 45% by June
- Cut setup time from 3 days to 1 day by June

Objective: Answer customers faster
- KR: Cut median first reply from 9 h to 2 h by June

A stray remark that belongs to no objective
"""


def test_a_heading_over_a_list_is_an_objective_even_beside_labelled_ones() -> None:
    okr_set = parse_text(MIXED)
    assert [(o.text, len(o.key_results)) for o in okr_set.objectives] == [
        ("Make onboarding effortless", 2),
        ("Answer customers faster", 1),
    ]


def test_lines_that_fit_nowhere_are_reported_with_their_line_numbers() -> None:
    okr_set = parse_text(MIXED)
    assert [(u.line, u.text) for u in okr_set.unread_lines] == [(8, "A stray remark that belongs to no objective")]


def test_notes_sections_are_left_out_on_purpose_and_not_reported() -> None:
    draft = "Objective: Answer customers faster\n- KR: Cut first reply from 9 h to 2 h\nNotes:\n- ask finance\n"
    assert parse_text(draft).unread_lines == []


def test_a_draft_with_unread_lines_never_passes_the_gate() -> None:
    review = kit.review(MIXED)
    assert not review.passes_gate
    (finding,) = [f for f in review.findings if f.rule == "set-unread-lines"]
    assert "line 8" in finding.message and "stray remark" in finding.message
    clean = kit.review(MIXED.replace("A stray remark that belongs to no objective\n", ""))
    assert not [f for f in clean.findings if f.rule == "set-unread-lines"]


STRUCK = """Objective: Fewer late ferries
- Late departures from 40 to 10 a week by June
- ~~Buy two spare engines~~ (moved to initiatives)
- <del>Repaint the ticket office</del>
- Complaints about delays from 30 to 10 a month by June
"""


def test_crossed_out_lines_are_left_out_and_said_without_blocking_the_gate() -> None:
    okr_set = parse_text(STRUCK)
    assert [kr.text for objective in okr_set.objectives for kr in objective.key_results] == [
        "Late departures from 40 to 10 a week by June", "Complaints about delays from 30 to 10 a month by June"]
    assert [(u.line, u.text, u.struck) for u in okr_set.unread_lines] == [
        (3, "Buy two spare engines", True), (4, "Repaint the ticket office", True)]
    review = kit.review(STRUCK)
    (finding,) = [f for f in review.findings if f.rule == "set-struck-lines"]
    assert finding.level == "info" and "line 3" in finding.message and "Repaint" in finding.message
    assert not [f for f in review.findings if f.rule == "set-unread-lines"]


def test_words_struck_inside_a_line_keep_the_line() -> None:
    okr_set = parse_text("Objective: Fewer late ferries\n- Late departures from ~~50~~ 40 to 10 a week by June\n")
    (kr,) = okr_set.objectives[0].key_results
    assert kr.text == "Late departures from ~~50~~ 40 to 10 a week by June"
    assert okr_set.unread_lines == []
