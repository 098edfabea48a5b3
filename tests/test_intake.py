"""Case intake: the playbook's intake rule, read from rubrics/intake.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.errors import InputError, RubricError
from kit.intake import (
    CaseIntake,
    Verdict,
    check_case,
    intake_rules_path,
    load_field_rules,
)

RULES = load_field_rules(intake_rules_path())


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_each_rule_flags_its_bad_example_and_passes_its_good_one(rule) -> None:
    assert rule.examples.bad and rule.examples.good
    for text in rule.examples.bad:
        assert rule.id in {f.rule for f in check_case(text).findings}, text
    for text in rule.examples.good:
        assert rule.id not in {f.rule for f in check_case(text).findings}, text


def test_from_text_reads_labelled_lines_and_keeps_the_rest_as_summary() -> None:
    case = CaseIntake.from_text(
        "Dependency on ops keeps slipping\n"
        "Process: Weekly check-in\n"
        "  with the ops lead\n"
        "Decision needed: Agree who owns the trade-off\n"
        "KR: Cut time to first value from 3 days to 1 day by Mar 31\n"
    )
    assert case.summary == "Dependency on ops keeps slipping"
    assert case.process == "Weekly check-in with the ops lead"
    assert case.decision == "Agree who owns the trade-off"
    assert case.okr.startswith("Cut time to first value")


def test_a_complete_specific_case_is_ready() -> None:
    check = check_case(
        CaseIntake(
            title="Late blockers",
            owner="Priya",
            process="Monthly portfolio review",
            impact="Cross-team blockers reach the sponsor three weeks after they appear.",
            decision="Agree an escalation rule for KRs red two weeks running.",
            okr="Reduce time to first value from 3 days to 1 day by Mar 31",
            evidence="Review decks of March and April show the same blocker unresolved.",
        )
    )
    assert check.findings == []
    assert check.verdict is Verdict.READY


def test_an_abstract_topic_is_flagged_with_the_words_that_make_it_abstract() -> None:
    check = check_case("We need more alignment and better collaboration.")
    abstract = [f for f in check.findings if f.rule == "intake-abstract-topic"]
    assert abstract and {s.text.lower() for s in abstract[0].spans} == {"alignment", "collaboration"}
    assert "live issue" in abstract[0].hint
    assert check.verdict is not Verdict.READY


def test_a_complaint_with_no_ask_is_marked_to_park() -> None:
    check = check_case("Finance never listens and it is frustrating.")
    assert check.verdict is Verdict.PARK


def test_a_specific_case_is_not_abstract() -> None:
    check = check_case(
        "Two teams score confidence differently, so the portfolio dashboard was wrong twice; "
        "we need one confidence standard."
    )
    assert not check.is_abstract
    assert check.verdict is not Verdict.PARK


def test_markdown_export_escapes_html_and_marks_missing_fields() -> None:
    text = CaseIntake(title="<script>x</script>", process="Check-in").to_markdown()
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert "**Execution impact:** _missing_" in text


def test_linked_okr_set_that_does_not_exist_is_an_input_error(tmp_path: Path) -> None:
    case = CaseIntake(okr_set=str(tmp_path / "nope.md"))
    with pytest.raises(InputError, match=r"nope\.md"):
        case.linked_okr_set()


def test_rule_file_with_an_unknown_key_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rules:\n"
        "  - id: x\n"
        "    level: warning\n"
        "    scope: case\n"
        "    message: m\n"
        "    examples: {bad: [a], good: [b]}\n"
        "    detector: field_missing\n"
        "    colour: red\n",
        encoding="utf-8",
    )
    with pytest.raises(RubricError) as error:
        load_field_rules(path)
    assert "colour" in str(error.value)
    assert f"{path}:2" in str(error.value)


def test_rule_file_with_an_unknown_detector_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rules:\n  - {id: x, level: info, scope: case, message: m, examples: {bad: [a], good: [b]}, detector: nope}\n",
        encoding="utf-8",
    )
    with pytest.raises(RubricError, match="unknown detector 'nope'"):
        load_field_rules(path)


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  - id: [unclosed\n", encoding="utf-8")
    with pytest.raises(RubricError, match=r"rules\.yaml:\d"):
        load_field_rules(path)


def test_benchmark_meets_its_target() -> None:
    from benchmarks.intake_accuracy import TARGET_F1, load_cases, score

    cases = load_cases()
    assert len(cases) >= 40
    assert score(cases)[2] >= TARGET_F1
