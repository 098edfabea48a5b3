"""The one-page CoP charter: rules from rubrics/charter.yaml, Markdown and print-ready HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.cop.charter import Charter, check_charter
from kit.errors import InputError


def test_an_empty_charter_lists_every_missing_element() -> None:
    check = check_charter(Charter())
    missing = {f.rule for f in check.missing}
    assert {
        "charter-no-mandate",
        "charter-no-scope",
        "charter-no-outputs",
        "charter-no-weekly",
        "charter-no-monthly",
        "charter-no-quarterly",
        "charter-no-escalation",
        "charter-no-participation-rule",
        "charter-no-sponsor",
        "charter-no-facilitator",
        "charter-no-members",
    } <= missing
    assert not check.complete


@pytest.mark.parametrize(
    "mandate", ["Improve collaboration", "Increase alignment across the business", "Share best practice on OKRs"]
)
def test_vague_mandates_are_flagged_with_the_words(mandate: str) -> None:
    charter = Charter.example()
    charter.mandate = mandate
    flagged = [f for f in check_charter(charter).findings if f.rule == "charter-vague-mandate"]
    assert flagged and flagged[0].field == "mandate" and flagged[0].spans


def test_from_text_reads_labels_and_lists() -> None:
    charter = Charter.from_text(
        "Name: Ops CoP\n"
        "Outputs: KR checklist; check-in template\n"
        "  - dependency log\n"
        "Weekly: live cases\n"
        "Members: Ana, Ben; Chloe\n"
    )
    assert charter.outputs == ["KR checklist", "check-in template", "dependency log"]
    assert charter.cadence.weekly == "live cases"
    assert charter.members == ["Ana", "Ben", "Chloe"]


def test_markdown_export_has_every_section_and_marks_gaps() -> None:
    text = Charter(name="Ops CoP", mandate="Reviews surface blockers late").to_markdown()
    for heading in ("Mandate", "Scope", "Outputs", "Cadence", "Escalation path", "Participation rule", "Roles"):
        assert f"## {heading}" in text
    assert "_missing_" in text


def test_html_export_is_print_ready_and_escapes_user_text() -> None:
    charter = Charter.example()
    charter.name = "<script>alert(1)</script>"
    charter.members = ["<img src=x onerror=alert(1)>"]
    page = charter.to_html()
    assert "<script>alert" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x" in page
    assert "@page{size:A4" in page and page.startswith("<!DOCTYPE html>")


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    charter = Charter.example()
    assert Charter.load(charter.save(tmp_path / "charter.yaml")) == charter


def test_loading_a_charter_with_an_unknown_key_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "charter.yaml"
    path.write_text("name: x\nbudget: 10\n", encoding="utf-8")
    with pytest.raises(InputError, match="budget"):
        Charter.load(path)
