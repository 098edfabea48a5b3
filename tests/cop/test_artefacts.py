"""The artefact library: the checklist follows the rubric; every artefact exports as Markdown."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kit.cop.artefacts import export_library, kr_checklist, kr_checklist_markdown, library, library_markdown
from kit.model import Level


@dataclass
class FakeSpec:
    id: str
    level: Level
    scope: str
    message: str
    hint: str = ""
    why: str = ""


@dataclass
class FakeRule:
    spec: FakeSpec


RULES = [
    FakeRule(FakeSpec("kr-vague", Level.WARNING, "key_result", "KR uses a fuzzy verb.", "Name the metric.")),
    FakeRule(FakeSpec("kr-task-list", Level.ERROR, "key_result", "KR is a task.", "Measure what changes.")),
    FakeRule(FakeSpec("objective-has-metric", Level.WARNING, "objective", "Objective holds a number.")),
    FakeRule(FakeSpec("intake-no-process", Level.ERROR, "case", "Case names no process.")),
]


def test_checklist_has_one_line_per_okr_rule_errors_first() -> None:
    items = kr_checklist(RULES)
    assert [i.rule for i in items] == ["objective-has-metric", "kr-task-list", "kr-vague"]
    assert items[1].check == "Not: KR is a task. Measure what changes."


def test_a_new_rule_appears_in_the_checklist_without_code_changes() -> None:
    extra = FakeRule(FakeSpec("kr-no-owner", Level.INFO, "key_result", "KR has no owner."))
    assert "kr-no-owner" in kr_checklist_markdown([*RULES, extra])
    assert "kr-no-owner" not in kr_checklist_markdown(RULES)


def test_checklist_from_the_live_rubric_lists_its_rules() -> None:
    from kit.rubric import load_rubric

    live = [r for r in load_rubric().rules if r.spec.scope in {"objective", "key_result", "set"}]
    text = kr_checklist_markdown()
    assert live and all(f"`{r.spec.id}`" in text for r in live)


def test_library_has_the_six_playbook_artefacts() -> None:
    keys = [a.key for a in library(RULES)]
    assert keys == [
        "kr-quality-checklist",
        "weekly-check-in",
        "dependency-log",
        "reprioritisation-rules",
        "objective-examples",
        "manager-onboarding",
    ]
    text = library_markdown(RULES)
    assert text.count("\n## ") == 6
    assert "What decision is needed" in text


def test_library_markdown_can_pick_artefacts() -> None:
    text = library_markdown(RULES, keys=["dependency-log"])
    assert "dependency log" in text.lower() and "check-in template" not in text.lower()


def test_export_writes_one_file_per_artefact(tmp_path: Path) -> None:
    paths = export_library(tmp_path / "library", RULES)
    assert len(paths) == 6 and all(p.read_text(encoding="utf-8").startswith("# ") for p in paths)
