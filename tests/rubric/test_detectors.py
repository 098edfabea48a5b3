"""The named detectors on sentences written for these tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.errors import RubricError
from kit.model import KeyResult, Objective, OkrSet
from kit.rubric import Rubric, load_rubric, load_rule_files
from kit.rubric.detectors import DETECTORS, _needles, _trie_regex, compile_words, folded, head, noun_phrase, word_tries


def _kr_rules(text: str) -> set[str]:
    okr_set = OkrSet(objectives=[Objective(text="Diners come back", key_results=[KeyResult(text=text)])])
    return {f.rule for f in load_rubric().check(okr_set) if f.kr_index == 0}


def _objective_rules(text: str) -> set[str]:
    okr_set = OkrSet(objectives=[Objective(text=text, key_results=[KeyResult(text="Covers from 80 to 95 a night")])])
    return {f.rule for f in load_rubric().check(okr_set) if f.scope == "objective"}


def test_word_lists_accept_endings_and_phrases() -> None:
    pattern = compile_words(["launch*", "roll out"])
    assert pattern is not None
    assert pattern.search(folded("We launched it")) and pattern.search("roll  out the menu")
    assert not pattern.search("relaunching")  # a word start is required
    assert compile_words([]) is None


_ENTRIES = st.sampled_from(["ab", "ab*", "a b", "abc", "b-c", "bc", "c", "#tag", "a", "ba*", "b a"])


@settings(max_examples=300, deadline=None)
@given(entries=st.lists(_ENTRIES, min_size=1, max_size=6), text=st.text(alphabet="abc #-'\t", max_size=30))
def test_word_list_matches_what_a_word_start_and_its_trie_would(entries: list[str], text: str) -> None:
    """Branching on first letters (for speed) finds exactly what the plain form does: a word start, then the trie."""
    pattern = compile_words(entries)
    assert pattern is not None
    tries = word_tries(entries)
    plain = []
    if tries[True]:
        plain.append(r"(?<![\w-])" + _trie_regex(tries[True]))
    if tries[False]:
        plain.append(_trie_regex(tries[False]))
    reference = re.compile("|".join(plain))
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in reference.finditer(text)]


def test_head_skips_manner_adverbs_and_phrases() -> None:
    skip = compile_words(["successfully", "we have"])
    word, span, _ = head(folded("  Successfully ship the menu"), skip)
    assert word == "ship" and span is not None and (span.start, span.end) == (15, 19)
    assert head(folded("We have planned two tastings"), skip)[0] == "planned"


def test_noun_phrase_head_is_its_last_word() -> None:
    text = "Grow the number of tasting events from 2 to 6"
    phrase, last = noun_phrase(text, len("Grow"))
    assert phrase is not None and phrase.text == "tasting events"
    assert last is not None and last.text == "events"


@pytest.mark.parametrize(
    "text",
    ["Hold 5 tasting evenings", "Train every waiter on the new till",
     "Transfer table bookings to the new app", "Menu v2 published", "Visit 12 regular diners",
     "95% of kitchen staff certified in allergen handling", "Write the allergen guide"],
)
def test_tasks(text: str) -> None:
    assert "kr-task-list" in _kr_rules(text)


@pytest.mark.parametrize(
    "text",
    ["Repeat diners from 22% to 30% by end of Q2", "Average table wait under 10 minutes",
     "Zero food-safety incidents in Q3", "Add 40 new corporate clients", "60% of diners rate the meal 5 stars",
     "Grow the supper-club newsletter to 4,000 subscribers", "Diners rate the service 4.6/5 or higher",
     "On-time table delivery from 64% to 85% by June", "Review complaints under 2 per 100 covers"],
)
def test_outcomes_are_not_tasks(text: str) -> None:
    assert "kr-task-list" not in _kr_rules(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Better dessert menu experience", {"kr-vague", "kr-no-target"}),
        ("Increase table turnover", {"kr-vague", "kr-no-target"}),
        ("Covers from X to Y", {"kr-vague", "kr-no-target", "kr-no-baseline"}),
        ("Covers ahead of plan", {"kr-vague", "kr-no-target"}),
        ("Sign 4 strategic suppliers", {"kr-vague"}),
        ("Keep hygiene score at 5 and grow reviews", {"kr-vague"}),
        ("Cut-over to the new till completed by 3 May", set()),  # a compound noun, not a direction
    ],
)
def test_vague_and_no_target(text: str, expected: set[str]) -> None:
    rules = _kr_rules(text)
    assert expected <= rules
    if "kr-no-target" not in expected:
        assert "kr-no-target" not in rules
    if not expected:
        assert "kr-vague" not in rules


def test_spans_keep_the_authors_spelling() -> None:
    okr_set = OkrSet(objectives=[Objective(text="Diners come back", key_results=[KeyResult(text="IMPROVE the Menu")])])
    vague = next(f for f in load_rubric().check(okr_set) if f.rule == "kr-vague")
    assert vague.spans[0].text == "IMPROVE"


def test_countable_task_is_not_vague() -> None:
    assert not {"kr-vague", "kr-no-target"} & _kr_rules("Hold 5 tasting evenings")


def test_binary_and_kpi_maintenance() -> None:
    assert "kr-binary" in _kr_rules("Launch the loyalty card")
    assert "kr-binary" not in _kr_rules("Hold 5 tasting evenings")
    assert "kr-kpi-maintenance" in _kr_rules("Maintain hygiene score at 5")


@pytest.mark.parametrize(
    ("text", "metric", "project"),
    [
        ("Open 3 new kitchens in 2027", True, True),
        ("Implement the booking system", False, True),
        ("Kitchen refit preparation", False, True),
        ("Migration of the booking system to the cloud", False, True),
        ("Digital transformation of the booking desk", False, True),
        ("Implement the booking system in store 4", False, True),
        ("Diners feel at home", False, False),
        ("Double weekday covers", True, False),
        ("Head chef: Diners come back every month", False, False),
        ("Be ready before the summer launch", False, False),
        ("Guests feel welcome in their first 10 minutes", False, False),
    ],
)
def test_objective_rules(text: str, metric: bool, project: bool) -> None:
    rules = _objective_rules(text)
    assert ("objective-has-metric" in rules) is metric
    assert ("objective-is-project" in rules) is project


def test_owner_and_source_from_fields_or_text() -> None:
    assert {"kr-no-owner", "kr-no-source"} <= _kr_rules("Covers from 80 to 95 a night")
    rules = _kr_rules("Covers from 80 to 95 a night. Owner: Sam. Source: booking dashboard")
    assert not {"kr-no-owner", "kr-no-source"} & rules
    okr_set = OkrSet(objectives=[Objective(text="Diners come back", key_results=[
        KeyResult(text="Covers from 80 to 95 a night", owner="Sam", source="till reports")])])
    assert not {"kr-no-owner", "kr-no-source"} & {f.rule for f in load_rubric().check(okr_set)}


def test_every_detector_documents_itself() -> None:
    for detector in DETECTORS.values():
        assert detector.doc, detector.name


def _record_rubric(tmp_path: Path, detector: str, params: str) -> Rubric:
    path = tmp_path / "record.yaml"
    path.write_text(
        f"rules:\n  - {{id: r, level: warning, scope: case, message: m, detector: {detector}, params: {params}}}\n",
        encoding="utf-8",
    )
    return load_rule_files(path)


def test_pattern_absent_ignores_empty_fields(tmp_path: Path) -> None:
    rubric = _record_rubric(tmp_path, "pattern_absent", "{field: outputs, patterns: ['templates?']}")
    assert [f.rule for f in rubric.check_record("case", {"outputs": "Meeting notes"})] == ["r"]
    assert rubric.check_record("case", {"outputs": "A check-in TEMPLATE"}) == []
    assert rubric.check_record("case", {"outputs": "  "}) == []


def test_abstract_topic_counts_kinds_of_signal_and_points_at_abstract_words(tmp_path: Path) -> None:
    rubric = _record_rubric(
        tmp_path, "abstract_topic",
        "{min_signals: 2, abstract_terms: [alignment], signals: {process: ['check-?ins?'], cost: ['slip\\w*']}}",
    )
    findings = rubric.check_record("case", {"title": "Better Alignment", "impact": "Work slips"})
    assert [s.text for s in findings[0].spans] == ["Alignment"]
    assert rubric.check_record("case", {"title": "Check-ins", "impact": "Work slips"}) == []


def test_no_practice_change_wants_a_decision_for_a_complaint(tmp_path: Path) -> None:
    rubric = _record_rubric(
        tmp_path, "no_practice_change",
        "{practice: ['review'], decision: ['decide'], complaint: ['their fault']}",
    )
    complaint = rubric.check_record("case", {"summary": "The review slips and it is their fault"})
    assert [s.text for s in complaint[0].spans] == ["their fault"]
    assert rubric.check_record("case", {"summary": "Their fault; decide who owns the review"}) == []
    assert len(rubric.check_record("case", {"summary": "People are unhappy"})) == 1
    assert rubric.check_record("case", {"summary": ""}) == []


def test_a_bad_record_pattern_fails_when_the_rubric_loads(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="bad pattern"):
        _record_rubric(tmp_path, "pattern_absent", "{patterns: ['(unclosed']}")


@pytest.mark.parametrize(
    ("patterns", "needles"),
    [
        ([r"\bowner\s*[:=]", r"(?:^|\s)@\w+", r"\bowned by\b"], ("owner", "@", "owned by")),
        ([r"\bSource\b|\bsrc\b"], ("s",)),  # folded; the parser keeps the shared "s" and branches after it
        ([r"(?i)owner"], None),  # case-blind: a plain test could miss "ſ"-style letters
        ([r"\d+\s?%"], ("%",)),
        ([r"\d+\s?\w+"], None),  # no plain run: always search
    ],
)
def test_a_field_mention_search_is_skipped_only_when_no_needed_text_is_there(
    patterns: list[str], needles: tuple[str, ...] | None
) -> None:
    assert _needles(patterns) == needles
