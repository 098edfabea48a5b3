"""Loading, layering and validating rule files; running rules over OKR sets and other records."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.errors import RubricError
from kit.model import KeyResult, Objective, OkrSet
from kit.rubric import load_rubric, load_rule_files
from kit.rubric.loading import build_rubric
from kit.rubric.suggestion import render_suggestion

RULE_IDS = {
    "kr-task-list", "kr-no-baseline", "kr-no-target", "kr-vague", "kr-no-deadline", "kr-no-owner", "kr-no-source",
    "kr-binary", "kr-kpi-maintenance", "objective-has-metric", "objective-is-project", "objective-too-many-krs",
    "objective-too-few-krs", "set-too-many-objectives", "set-duplicate-kr", "kr-not-english", "objective-not-english",
    "set-unread-lines", "set-struck-lines", "objective-no-leading-kr", "objective-no-lagging-kr", "kr-not-weekly",
}


def _set(*krs: str, objective: str = "Riders get to work on time", cycle: str | None = None) -> OkrSet:
    return OkrSet(cycle=cycle, objectives=[Objective(text=objective, key_results=[KeyResult(text=t) for t in krs])])


def _rules_on_kr(okr_set: OkrSet, rubric_path: Path | None = None, kr_index: int = 0) -> set[str]:
    return {f.rule for f in load_rubric(rubric_path).check(okr_set) if f.kr_index == kr_index}


def test_house_rules_have_the_stable_ids_and_docs() -> None:
    rubric = load_rubric()
    assert {rule.id for rule in rubric.rules} == RULE_IDS
    for rule in rubric.rules:
        assert rule.spec.message and rule.spec.why and rule.spec.hint, rule.id


def test_load_rubric_is_cached() -> None:
    assert load_rubric() is load_rubric()


def test_each_rule_reports_independently() -> None:
    rules = _rules_on_kr(_set("Run 4 rider safety workshops", "On-time arrivals from 81% to 90% by June"))
    assert {"kr-task-list", "kr-no-baseline"} <= rules


def test_set_cycle_satisfies_deadline() -> None:
    text = "On-time arrivals from 81% to 90%"
    assert "kr-no-deadline" in _rules_on_kr(_set(text, "Late trains from 40 to 10 a week"))
    assert "kr-no-deadline" not in _rules_on_kr(_set(text, "Late trains from 40 to 10 a week", cycle="2027-Q1"))


def test_findings_name_the_triggering_words() -> None:
    findings = load_rubric().check(_set("Improve the rider app", "Late trains from 40 to 10 a week by June"))
    vague = next(f for f in findings if f.rule == "kr-vague")
    assert [span.text.lower() for span in vague.spans] == ["improve"]
    assert vague.text == "Improve the rider app"


def test_findings_point_at_the_authors_words_without_labels_or_blanks() -> None:
    okr_set = _set("Harbour ops KR: 100% of ferry crossings leave on time.",
                   "KR: 90% of berth bookings (in the busy month) are completed without a phone call",
                   "Key Result: How do we share berth data with pilots?", "Launch the new berth app",
                   "14 certified deckhands by autumn")
    spans = [(f.text, span) for f in load_rubric().check(okr_set) for span in f.spans]
    assert spans
    for text, span in spans:
        assert text[span.start : span.end] == span.text and span.text == span.text.strip(), (text, span)
    assert not any(span.text.startswith(("Harbour", "KR", "Key")) for _text, span in spans)


@pytest.mark.parametrize("text", ["Late trains from 40 to 10 a week, tracked in the control-room log",
                                  "Late trains from 40 to 10 a week according to the timetable report"])
def test_a_source_written_in_the_sentence_is_a_source(text: str) -> None:
    assert "kr-no-source" not in _rules_on_kr(_set(text))
    assert "kr-no-source" in _rules_on_kr(_set("Late trains measured in minutes from 40 to 10"))


def test_suggestion_fills_only_what_the_author_gave() -> None:
    findings = load_rubric().check(_set("Increase on-time arrivals by June", "Late trains from 40 to 10 a week"))
    target = next(f for f in findings if f.rule == "kr-no-target" and f.kr_index == 0)
    assert target.suggestion is not None
    assert "<target>" in target.suggestion and "<baseline>" in target.suggestion
    assert "by June" in target.suggestion
    assert render_suggestion("<verb> <metric> to <target>", {"verb": "Cut"}) == "Cut <metric> to <target>"


def test_task_suggestion_does_not_reuse_the_activity_count() -> None:
    findings = load_rubric().check(_set("Run 4 rider safety workshops by June", "Late trains from 40 to 10 a week"))
    task = next(f for f in findings if f.rule == "kr-task-list")
    assert task.suggestion is not None and "4" not in task.suggestion and "by June" in task.suggestion


def test_every_suggestion_on_a_task_kr_leaves_the_metric_to_the_author() -> None:
    findings = load_rubric().check(_set("Hold 6 rider workshops", "Late trains from 40 to 10 a week"))
    on_task = [f for f in findings if f.kr_index == 0 and f.suggestion]
    assert {"kr-task-list", "kr-no-baseline"} <= {f.rule for f in on_task}
    for finding in on_task:
        assert finding.suggestion is not None
        assert "<metric>" in finding.suggestion and "Hold" not in finding.suggestion, finding.rule
        assert "workshops" not in finding.suggestion and "6" not in finding.suggestion, finding.rule


@pytest.mark.parametrize(
    ("text", "metric"), [("Improve NPS", "NPS"), ("Raise rider satisfaction quickly", "rider satisfaction")]
)
def test_a_metric_named_without_numbers_fills_the_shape(text: str, metric: str) -> None:
    findings = load_rubric().check(_set(text, "Late trains from 40 to 10 a week"))
    shapes = [f.suggestion for f in findings if f.kr_index == 0 and f.rule in ("kr-no-target", "kr-vague")]
    assert shapes and all(shape is not None and f"Increase {metric} from <baseline>" in shape for shape in shapes)


@pytest.mark.parametrize("deadline", ["by end of Q2", "in 30 days", "before March", "within the quarter"])
def test_the_authors_time_box_is_not_doubled(deadline: str) -> None:
    findings = load_rubric().check(_set(f"Reach 40 paying riders {deadline}", "Late trains from 40 to 10 a week"))
    baseline = next(f for f in findings if f.rule == "kr-no-baseline" and f.kr_index == 0)
    assert baseline.suggestion is not None and baseline.suggestion.endswith(f"to 40 {deadline}")
    assert render_suggestion("to <target> by <date>", {"date": "Q3"}) == "to <target> by Q3"


def test_extra_file_overrides_disables_and_adds(tmp_path: Path) -> None:
    (tmp_path / "team_words.yaml").write_text("extend:\n  fuzzy_words: [nicer]\n", encoding="utf-8")
    extra = tmp_path / "team.yaml"
    extra.write_text(
        """
vocabulary: team_words.yaml
rules:
  - id: kr-vague
    level: error
  - id: kr-no-owner
    enabled: false
  - id: kr-jargon
    level: info
    scope: key_result
    message: Jargon in a KR.
    detector: words
    params:
      words: [synerg*]
""",
        encoding="utf-8",
    )
    rubric = load_rubric(extra)
    ids = {rule.id for rule in rubric.rules}
    assert "kr-no-owner" not in ids and "kr-jargon" in ids
    assert rubric.rule("kr-vague").spec.level == "error"
    rules = _rules_on_kr(_set("Nicer rider app with synergies", "Late trains from 40 to 10 a week"), extra)
    assert {"kr-vague", "kr-jargon"} <= rules
    assert "kr-no-owner" not in rules


@pytest.mark.parametrize(
    ("text", "problem", "line"),
    [
        ("rules:\n  - id: kr-x\n    level: info\n    scope: key_result\n    message: m\n    detector: words\n"
         "    colour: red\n", "unknown key 'colour'", 7),
        ("rules:\n  - id: kr-x\n    level: info\n    scope: key_result\n    message: m\n    detector: nope\n",
         "unknown detector 'nope'", 2),
        ("rules:\n  - id: kr-x\n    level: loud\n    scope: key_result\n    message: m\n    detector: words\n",
         "'level'", 2),
        ("rules:\n  - id: kr-x\n    level: info\n    scope: key_result\n    message: m\n    detector: words\n"
         "    params:\n      wrods: [a]\n", "params unknown key 'wrods'", 2),
        ("rulez: []\n", "unknown key 'rulez'", 1),
        ("rules:\n  - id: kr-x\n    level: info\n    scope: key_result\n    message: m\n    detector: words\n"
         "    params:\n      patterns: ['(unclosed']\n", "bad pattern", 2),
        ("rules:\n  - id: kr-x\n   level: info\n", "not valid YAML", 3),
        ("vocabulary: vocabulary.yaml\nrules:\n  - id: kr-x\n    level: info\n    scope: key_result\n"
         "    message: m\n    when: {all: [no_amount, fuzy]}\n", "unknown feature 'fuzy'", 3),
        ("vocabulary: vocabulary.yaml\nrules:\n  - id: kr-x\n    level: info\n    scope: key_result\n"
         "    message: m\n    when: fuzzy\n    detector: words\n", "either 'when'", 3),
        ("vocabulary: vocabulary.yaml\nrules:\n  - id: kr-x\n    level: info\n    scope: case\n"
         "    message: m\n    when: fuzzy\n", "has no features", 3),
        ("vocabulary: absent.yaml\nrules: []\n", "vocabulary file 'absent.yaml' not found", 1),
        ("vocabulary: vocabulary.yaml\nrules:\n  - id: kr-x\n    level: info\n    scope: key_result\n"
         "    message: m\n    when: {some: [fuzzy]}\n", "a condition is a feature name", 3),
    ],
)
def test_bad_rule_files_name_file_line_and_problem(tmp_path: Path, text: str, problem: str, line: int) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "vocabulary.yaml").write_text("fuzzy_words: [better]\n", encoding="utf-8")
    with pytest.raises(RubricError) as caught:
        build_rubric([path])
    assert problem in str(caught.value)
    assert caught.value.path == str(path)
    assert caught.value.line == line


def test_missing_extra_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="not found"):
        load_rubric(tmp_path / "absent.yaml")


def test_check_record_runs_rules_of_another_scope(tmp_path: Path) -> None:
    path = tmp_path / "intake.yaml"
    path.write_text(
        """
rubric: intake
rules:
  - id: case-no-question
    level: warning
    scope: case
    message: The case does not ask the peers a question.
    detector: missing
    params: {field: question, patterns: ['\\?']}
  - id: case-blame
    level: info
    scope: case
    message: Blame words in the situation.
    detector: words
    params: {field: situation, words: [lazy, fault*]}
""",
        encoding="utf-8",
    )
    rubric = load_rule_files(path)
    findings = rubric.check_record("case", {"situation": "It is their fault the KR slipped", "question": "Ideas"})
    assert {f.rule for f in findings} == {"case-no-question", "case-blame"}
    blame = next(f for f in findings if f.rule == "case-blame")
    assert blame.spans[0].text == "fault"
    assert rubric.check_record("case", {"situation": "The KR slipped", "question": "What would you try?"}) == []
    assert rubric.check(_set("Late trains from 40 to 10 a week")) == []


def test_count_rules() -> None:
    krs = [f"Late trains on line {n} from 40 to 10 a week by June" for n in "ABCDE"]
    findings = load_rubric().check(_set(*krs))
    assert any(f.rule == "objective-too-many-krs" for f in findings)
    one = load_rubric().check(_set("Late trains from 40 to 10 a week by June"))
    assert any(f.rule == "objective-too-few-krs" for f in one)
    three = OkrSet(objectives=[Objective(text=f"Objective {n}", key_results=[]) for n in range(3)])
    assert not any(f.rule == "set-too-many-objectives" for f in load_rubric().check(three))
    four = OkrSet(objectives=[Objective(text=f"Objective {n}", key_results=[]) for n in range(4)])
    assert any(f.rule == "set-too-many-objectives" for f in load_rubric().check(four))  # the Focus step: 1 to 3


def test_duplicate_krs_in_a_set() -> None:
    findings = load_rubric().check(_set("Late trains from 40 to 10 a week", "Late trains from 40 to 10 a week"))
    assert [f.rule for f in findings if f.scope == "set"].count("set-duplicate-kr") == 1


def test_review_of_a_bare_model_reads_quantities() -> None:
    findings = load_rubric().check(_set("On-time arrivals from 81% to 90% by June", "Late trains from 40 to 10"))
    first = {f.rule for f in findings if f.kr_index == 0}
    assert not first & {"kr-no-baseline", "kr-no-target", "kr-no-deadline", "kr-task-list", "kr-vague"}


def test_record_findings_name_their_field_and_read_all_fields(tmp_path: Path) -> None:
    path = tmp_path / "record.yaml"
    path.write_text(
        """
rules:
  - id: case-no-question
    level: warning
    scope: case
    message: No question.
    detector: pattern_absent
    params: {field: question, patterns: ['\\?']}
  - id: case-blame
    level: info
    scope: case
    message: Blame words anywhere.
    detector: words
    params: {field: all, words: [fault*]}
""",
        encoding="utf-8",
    )
    findings = load_rule_files(path).check_record("case", {"situation": "Their Fault, again", "question": "Ideas"})
    by_rule = {f.rule: f for f in findings}
    assert by_rule["case-no-question"].field == "question"
    assert by_rule["case-no-question"].text == "Ideas"
    blame = by_rule["case-blame"]
    assert blame.field == "all"
    assert blame.text == "Their Fault, again\nIdeas"
    assert blame.spans[0].text == "Fault"  # the author's spelling, from the field the rule read


def test_record_rubrics_load_without_the_modules_that_use_them() -> None:
    import subprocess
    import sys

    code = (
        "from kit.rubric import load_rule_files, house_rules_path\n"
        "import sys\n"
        "for name in ('intake', 'charter'):\n"
        "    load_rule_files(house_rules_path(name))\n"
        "assert 'kit.cop.intake' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


_EXCLUSIVE_RULES = """
rules:
  - id: case-blame
    level: warning
    scope: case
    message: Blame words.
    detector: words
    params: {field: situation, words: [fault*]}
  - id: case-draft
    level: info
    scope: case
    exclusive: true
    message: A draft; nothing else is checked.
    detector: words
    params: {field: situation, words: [draft]}
  - id: case-no-question
    level: warning
    scope: case
    message: No question.
    detector: pattern_absent
    params: {field: question, patterns: ['\\?']}
  - id: other-scope
    level: info
    scope: charter
    message: Blame in a charter.
    detector: words
    params: {field: situation, words: [fault*]}
"""


def test_an_exclusive_rule_that_fires_is_the_only_finding_of_its_scope(tmp_path: Path) -> None:
    path = tmp_path / "record.yaml"
    path.write_text(_EXCLUSIVE_RULES, encoding="utf-8")
    rubric = load_rule_files(path)
    assert rubric.rule("case-draft").spec.exclusive and not rubric.rule("case-blame").spec.exclusive
    # written after another rule, it still runs first, and stands alone when it fires
    drafted = rubric.check_record("case", {"situation": "Draft: their fault", "question": "Ideas"})
    assert [f.rule for f in drafted] == ["case-draft"]
    # when it does not fire, the other rules run in their order as before
    plain = rubric.check_record("case", {"situation": "Their fault", "question": "Ideas"})
    assert [f.rule for f in plain] == ["case-blame", "case-no-question"]
    # other scopes are not its business
    assert [f.rule for f in rubric.check_record("charter", {"situation": "Draft: their fault"})] == ["other-scope"]


def test_exclusive_must_be_true_or_false(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "rules:\n  - id: kr-x\n    level: info\n    scope: key_result\n    message: m\n    detector: words\n"
        "    exclusive: sometimes\n",
        encoding="utf-8",
    )
    with pytest.raises(RubricError, match="'exclusive'") as caught:
        build_rubric([path])
    assert caught.value.line == 2
