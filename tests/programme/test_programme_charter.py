"""The OKR programme charter: rules from rubrics/programme_charter.yaml, exports, and its builder."""

from __future__ import annotations

from pathlib import Path

from kit.programme.charter import ProgrammeCharter
from kit.widgets.onepage_builder import ProgrammeCharterBuilder


def test_an_empty_charter_lists_every_missing_part_beside_its_field() -> None:
    check = ProgrammeCharter().check()
    assert {f.rule for f in check.missing} == {
        "programme-no-why", "programme-no-problems", "programme-no-scope", "programme-no-success",
        "programme-no-horizon", "programme-no-non-goals", "programme-no-cadence", "programme-no-sponsor",
        "programme-no-lead",
    }
    assert [f.rule for f in check.for_field("sponsor")] == ["programme-no-sponsor"]


def test_scores_tied_to_pay_is_flagged_until_a_non_goal_separates_them() -> None:
    charter = ProgrammeCharter.example()
    charter.non_goals = ["Not a task tracker"]
    assert "programme-scores-not-separated" in {f.rule for f in charter.check().findings}
    charter.non_goals.append("Scores never feed the annual appraisal")
    charter.non_goals = list(charter.non_goals)  # assignment re-validates
    assert "programme-scores-not-separated" not in {f.rule for f in charter.check().findings}


def test_from_text_reads_labels_aliases_and_lists() -> None:
    charter = ProgrammeCharter.from_text(
        "Programme: Harbour pilot\n"
        "Why: Plans list forty priorities and nobody knows which moved revenue\n"
        "Success: 90% check-ins completed; 2 reallocations a month\n"
        "  - 2 pilot KRs improved\n"
        "Champions: Ana, Ben; Chloe\n"
        "OKR lead: Tomas\n"
    )
    assert charter.name == "Harbour pilot" and charter.program_lead == "Tomas"
    assert charter.success_criteria == ["90% check-ins completed", "2 reallocations a month", "2 pilot KRs improved"]
    assert charter.champions == ["Ana", "Ben", "Chloe"]


def test_exports_have_every_section_and_escape_user_text() -> None:
    charter = ProgrammeCharter.example()
    charter.name = "<script>alert(1)</script>"
    markdown, page = charter.to_markdown(), charter.to_html()
    for heading in ("Why OKRs now", "Problems to solve", "Scope", "Success criteria", "Time horizon", "Non-goals",
                    "Cadence", "Roles", "Risks"):
        assert f"## {heading}" in markdown and f"<h2>{heading}</h2>" in page
    assert "<script>" not in page and "OKR programme charter" in page and "size:A4" in page


def test_the_builder_saves_as_you_type_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "okr-programme-charter.yaml"
    builder = ProgrammeCharterBuilder.from_file(path)
    assert 'data-missing="9"' in builder.summary.value
    builder.inputs["success_criteria"].value = "Better focus\nTeams like it"
    assert "programme-success-unmeasured" in builder.findings["success_criteria"].value
    reopened = ProgrammeCharterBuilder.from_file(path)
    assert reopened.page.success_criteria == ["Better focus", "Teams like it"]
    reopened.load(ProgrammeCharter.example())
    assert "complete: ready to print" in reopened.summary.value
    markdown, _page = reopened.export()
    assert "okr-programme-charter.html" in reopened.export_output.value and "Northwind" in markdown
