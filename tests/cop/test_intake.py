"""Case intake: the playbook's intake rule, read from rubrics/intake.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.cop.intake import CaseIntake, Verdict, check_case, intake_rules_path
from kit.errors import InputError, RubricError
from kit.rubric import load_rule_files

RULES = load_rule_files(intake_rules_path()).rules


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_each_rule_flags_its_bad_example_and_passes_its_good_one(rule) -> None:
    assert rule.spec.examples.bad and rule.spec.examples.good
    for text in rule.spec.examples.bad:
        assert rule.id in {f.rule for f in check_case(text).findings}, text
    for text in rule.spec.examples.good:
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


def test_a_users_rule_file_with_a_bad_pattern_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rubric: intake\n"
        "rules:\n"
        "  - id: my-rule\n"
        "    level: warning\n"
        "    scope: case\n"
        "    message: m\n"
        "    detector: pattern_absent\n"
        "    params: {field: decision, patterns: ['(unclosed']}\n",
        encoding="utf-8",
    )
    with pytest.raises(RubricError) as error:
        check_case("Decision: agree a rule", rules=path)
    assert f"{path}:3" in str(error.value) and "my-rule" in str(error.value)


def test_a_users_rule_file_can_add_a_rule(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rubric: intake\n"
        "rules:\n"
        "  - id: case-blame\n"
        "    level: info\n"
        "    scope: case\n"
        "    message: Blame words.\n"
        "    detector: words\n"
        "    params: {field: impact, words: [fault*]}\n",
        encoding="utf-8",
    )
    findings = check_case("Impact: it is ops' fault the KR slipped", rules=path).findings
    assert [(f.rule, f.field, [s.text for s in f.spans]) for f in findings] == [("case-blame", "impact", ["fault"])]


def test_the_case_finds_its_kr_in_the_linked_okr_set(tmp_path: Path) -> None:
    path = tmp_path / "growth.md"
    path.write_text(
        "# Growth OKRs\n\n"
        "## Objective: Shorten time to value for new customers\n\n"
        "- KR 1: Reduce median time to first use from 3 days to 1 day by Mar 31\n"
        "- KR 2: Increase day-7 active accounts from 46% to 65% by Mar 31\n",
        encoding="utf-8",
    )
    case = CaseIntake(okr="KR 2: increase day-7 active accounts from 46% to 65% by Mar 31", okr_set=str(path))
    assert case.linked_item() == "Increase day-7 active accounts from 46% to 65% by Mar 31"
    assert CaseIntake(okr="Cut hiring time", okr_set=str(path)).linked_item() is None
