"""Every rule's own bad and good examples, read from the rule files: a new rule is tested by adding it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kit.model import KeyResult, Objective, OkrSet
from kit.paths import data_dir
from kit.rubric import load_rubric

NEUTRAL_OBJECTIVE = "Customers trust us with their weekend plans"
NEUTRAL_KRS = ["Weekend booking cancellations from 9% to 4% by end of Q3", "Repeat weekend bookings up 20% by June"]


def _cases() -> list[tuple[str, str, str, bool]]:
    cases = []
    for path in sorted(Path(data_dir("rubrics")).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get("rubric", "okr") != "okr":
            continue
        for rule in data.get("rules", []):
            examples = rule.get("examples") or {}
            for text in examples.get("bad") or []:
                cases.append((rule["id"], rule["scope"], text, True))
            for text in examples.get("good") or []:
                cases.append((rule["id"], rule["scope"], text, False))
    return cases


def _set_for(scope: str, text: str) -> OkrSet:
    if scope == "objective":
        krs = [KeyResult(text=t) for t in NEUTRAL_KRS]
        return OkrSet(objectives=[Objective(text=text, key_results=krs)])
    krs = [KeyResult(text=text), *(KeyResult(text=t) for t in NEUTRAL_KRS)]
    return OkrSet(objectives=[Objective(text=NEUTRAL_OBJECTIVE, key_results=krs)])


CASES = _cases()
GROUP_DETECTORS = ("objective_kr_count", "objective_kr_mix")


def test_every_kr_and_objective_rule_has_examples() -> None:
    rules = {rule_id for rule_id, scope, _, _ in CASES}
    for rule in load_rubric().rules:
        # rules about an objective's KRs as a group (counts, the leading/lagging mix) are tested in test_detectors
        if rule.spec.scope in ("key_result", "objective") and rule.spec.detector not in GROUP_DETECTORS:
            assert rule.id in rules, f"{rule.id} has no examples"


@pytest.mark.parametrize(
    ("rule_id", "scope", "text", "fires"), CASES, ids=[f"{c[0]}-{'bad' if c[3] else 'good'}-{i}" for i, c in
                                                      enumerate(CASES)]
)
def test_rule_example(rule_id: str, scope: str, text: str, fires: bool) -> None:
    findings = load_rubric().check(_set_for(scope, text))
    if scope == "objective":
        hits = [f for f in findings if f.rule == rule_id and f.scope == "objective"]
    else:
        hits = [f for f in findings if f.rule == rule_id and f.kr_index == 0]
    assert bool(hits) is fires, f"{rule_id} {'should' if fires else 'should not'} fire on: {text}"
    for finding in hits:
        for span in finding.spans:
            assert finding.text[span.start : span.end] == span.text
