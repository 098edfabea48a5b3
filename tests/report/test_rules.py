from __future__ import annotations

import json
from types import SimpleNamespace

from kit.model import Level
from kit.report.rules import render_rules_json, render_rules_markdown, render_rules_text, rule_docs

AS_MAPPING = {
    "id": "kr-no-owner",
    "level": "warning",
    "message": "Nobody owns this KR.",
    "why": "A KR with no owner drifts.",
    "hint": "Name one person.",
    "examples": {"bad": ["Cut churn from 5% to 3%"], "good": ["Cut churn from 5% to 3% [Owner: Lee]"]},
}
AS_OBJECT = SimpleNamespace(
    id="kr-binary", level=Level.INFO, message="Done or not done.", why="", hint="", bad="Launch <beta>", good=""
)


def test_rule_docs_read_mappings_and_objects() -> None:
    mapping, obj = rule_docs([AS_MAPPING, AS_OBJECT])
    assert (mapping.id, mapping.level, mapping.bad) == ("kr-no-owner", Level.WARNING, "Cut churn from 5% to 3%")
    assert mapping.good == "Cut churn from 5% to 3% [Owner: Lee]"
    assert (obj.id, obj.level, obj.bad) == ("kr-binary", Level.INFO, "Launch <beta>")
    assert [doc.id for doc in rule_docs({"kr-binary": AS_OBJECT})] == ["kr-binary"]


def test_rule_docs_read_the_spec_of_engine_rules_and_skip_disabled_ones() -> None:
    switched_off = dict(AS_MAPPING, id="kr-no-source", enabled=False)
    engine_rules = [SimpleNamespace(id="kr-no-owner", spec=AS_MAPPING), SimpleNamespace(spec=switched_off)]
    assert [doc.id for doc in rule_docs(engine_rules)] == ["kr-no-owner"]


def test_rule_renderings() -> None:
    docs = rule_docs([AS_MAPPING, AS_OBJECT])
    text = render_rules_text(docs)
    assert "kr-no-owner (warning)" in text
    assert "  why: A KR with no owner drifts." in text
    markdown = render_rules_markdown(docs)
    assert "### `kr-no-owner` (warning)" in markdown
    assert "Launch \\<beta\\>" in markdown
    assert json.loads(render_rules_json(docs))["rules"][1]["level"] == "info"
