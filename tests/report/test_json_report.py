from __future__ import annotations

import json
import re
from typing import Any

from kit.errors import InputError
from kit.model import Review
from kit.report.json_report import render_json

from .conftest import build_review


def _walk(node: Any, ctx: dict[str, str], out: list[tuple[str, str | None, str | None]]) -> None:
    """The corpus scorer's reading of the JSON (/work/shared/tools/score_corpus.py), kept in step with it."""
    if isinstance(node, dict):
        text = next(
            (node[k] for k in ("text", "kr", "key_result", "objective", "statement") if isinstance(node.get(k), str)),
            None,
        )
        here = dict(ctx)
        if text is not None:
            here["text"] = text
        for k in ("path", "file", "document", "uri", "source"):
            if isinstance(node.get(k), str) and node[k].endswith(".json"):
                here["path"] = node[k]
        if isinstance(node.get("rule"), str):
            target = next(
                (
                    node[k]
                    for k in ("kr", "key_result", "kr_text", "objective", "objective_text", "target", "text")
                    if isinstance(node.get(k), str)
                ),
                None,
            )
            out.append((node["rule"], here.get("path"), target or ctx.get("text")))
        for value in node.values():
            _walk(value, here, out)
    elif isinstance(node, list):
        for value in node:
            _walk(value, ctx, out)


def test_document_objective_and_kr_nesting(review: Review) -> None:
    data = json.loads(render_json([review]))
    document = data["documents"][0]
    assert (document["path"], document["title"], document["cycle"]) == ("okrs/q1.md", "Self-serve growth", "2027-Q1")
    assert [f["rule"] for f in document["findings"]] == ["set-too-many-objectives"]
    first_kr = document["objectives"][0]["key_results"][0]
    assert first_kr["text"] == "Hold 6 onboarding workshops"
    assert (first_kr["line"], first_kr["owner"], first_kr["label"]) == (4, "Priya", "KR 1.1")
    second_kr = document["objectives"][0]["key_results"][1]
    assert (second_kr["baseline"], second_kr["target"], second_kr["unit"]) == (22, 40, "%")
    assert second_kr["source_of_truth"] == "Product analytics dashboard"
    assert [f["rule"] for f in document["objectives"][1]["findings"]] == ["objective-has-metric"]


def test_each_finding_carries_what_it_refers_to(review: Review) -> None:
    data = json.loads(render_json([review]))
    finding = data["documents"][0]["objectives"][0]["key_results"][0]["findings"][0]
    assert finding["rule"] == "kr-task-list"
    assert finding["level"] == "error"
    assert finding["hint"].startswith("Ask what changes")
    assert finding["suggestion"] == "Increase <metric> from <baseline> to <target> by <date>"
    assert finding["source"] == "rubric"
    assert finding["spans"] == [{"start": 0, "end": 4, "text": "Hold"}]
    assert (finding["objective_index"], finding["kr_index"], finding["location"]) == (0, 0, "KR 1.1")
    assert finding["text"] == finding["kr_text"] == "Hold 6 onboarding workshops"
    assert finding["objective_text"] == "Make the first week delightful for new customers"
    assert finding["line"] == 4


def test_summary_and_input_errors(review: Review) -> None:
    problem = InputError("not valid YAML", path="broken.yaml", line=3, fix="Check the indentation")
    data = json.loads(render_json([review], [problem]))
    assert data["summary"]["errors"] == 2
    assert data["summary"]["warnings"] == 2
    assert data["summary"]["key_results"] == 3
    assert data["summary"]["passes_gate"] is False
    assert data["input_errors"] == [
        {
            "path": "broken.yaml",
            "line": 3,
            "problem": "not valid YAML",
            "fix": "Check the indentation",
            "message": "broken.yaml:3: not valid YAML. Check the indentation",
        }
    ]


def test_corpus_scorer_finds_each_finding_on_its_text() -> None:
    reviews = [build_review(path=f"/tmp/eval/set{i:04d}.json") for i in range(2)]
    for review in reviews:  # a KR source of truth that looks like a file must not be taken for the document
        review.okr_set.objectives[0].key_results[1].source = "exports/metrics.json"
    found: list[tuple[str, str | None, str | None]] = []
    _walk(json.loads(render_json(reviews)), {}, found)
    by_text: dict[tuple[int, str], set[str]] = {}
    for rule, path, text in found:
        assert path is not None
        if text is None:  # a set-level finding: the scorer has no KR or objective to give it to
            assert rule == "set-too-many-objectives"
            continue
        match = re.search(r"set(\d{4})\.json", path)
        assert match is not None
        by_text.setdefault((int(match.group(1)), text), set()).add(rule)
    for index in (0, 1):
        assert by_text[(index, "Hold 6 onboarding workshops")] == {"kr-task-list"}
        assert by_text[(index, "Grow revenue 30%")] == {"objective-has-metric"}
        assert by_text[(index, "Improve NPS")] == {"kr-vague"}
        assert "coach-outcome" in by_text[(index, "Raise week-one activation from 22% to 40% by 31 March")]
