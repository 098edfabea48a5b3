from __future__ import annotations

import json

from kit.errors import InputError
from kit.model import Level, Review
from kit.report.rules import RuleDoc
from kit.report.sarif import SCHEMA_URI, artifact_uri, render_sarif

from .conftest import build_review

DOCS = [
    RuleDoc(
        id="kr-task-list",
        level=Level.ERROR,
        message="A KR that is an activity.",
        why="Doing work is not the same as changing something.",
        hint="Measure the outcome the activity is meant to cause.",
        bad="Run 4 webinars",
        good="Raise trial-to-paid conversion from 8% to 12% by June",
    )
]


def test_sarif_log_shape(review: Review) -> None:
    log = json.loads(render_sarif([review], DOCS))
    assert log["version"] == "2.1.0"
    assert log["$schema"] == SCHEMA_URI
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "okr-kit"
    for descriptor in rules:
        assert descriptor["id"]
        assert descriptor["shortDescription"]["text"]
        assert descriptor["help"]["text"]
    assert rules[0]["fullDescription"]["text"] == DOCS[0].why
    assert "Bad: Run 4 webinars" in rules[0]["help"]["text"]
    rule_ids = [descriptor["id"] for descriptor in rules]
    assert len(run["results"]) == len(review.findings)
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note"}
        assert result["message"]["text"]


def test_results_point_at_the_lines_of_their_key_results(review: Review) -> None:
    results = json.loads(render_sarif([review], DOCS))["runs"][0]["results"]
    by_rule = {result["ruleId"]: result for result in results}
    task = by_rule["kr-task-list"]
    physical = task["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "okrs/q1.md"
    assert physical["region"]["startLine"] == 4
    assert task["level"] == "error"
    assert task["properties"]["words"] == ["Hold"]
    assert by_rule["objective-has-metric"]["locations"][0]["physicalLocation"]["region"]["startLine"] == 7
    assert by_rule["objective-has-metric"]["level"] == "warning"
    assert by_rule["set-too-many-objectives"]["level"] == "note"
    assert "region" not in by_rule["set-too-many-objectives"]["locations"][0]["physicalLocation"]
    assert by_rule["coach-outcome"]["properties"]["source"] == "coach"
    fingerprints = {r["partialFingerprints"]["okrKitFinding/v1"] for r in results}
    assert len(fingerprints) == len(results)
    review.okr_set.objectives[0].key_results[0].line = 40
    moved = json.loads(render_sarif([review], DOCS))["runs"][0]["results"]
    assert {r["partialFingerprints"]["okrKitFinding/v1"] for r in moved} == fingerprints


def test_uris_and_unreadable_files() -> None:
    assert artifact_uri("/srv/okrs/q1.md") == "file:///srv/okrs/q1.md"
    assert artifact_uri("<stdin>") is None
    assert artifact_uri("team okrs/q1 draft.md") == "team%20okrs/q1%20draft.md"
    problem = InputError("not valid JSON", path="bad.json", line=2)
    log = json.loads(render_sarif([build_review(path="<stdin>")], [], [problem]))
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notification = invocation["toolExecutionNotifications"][0]
    assert notification["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    assert all("physicalLocation" not in r["locations"][0] for r in log["runs"][0]["results"])
