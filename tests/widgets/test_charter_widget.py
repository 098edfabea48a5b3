"""Charter builder: typing updates the charter and its findings; exports escape user text."""

from __future__ import annotations

from pathlib import Path

from kit.cop.charter import Charter
from kit.widgets.onepage_builder import CharterBuilder


def test_an_empty_builder_lists_the_missing_elements() -> None:
    builder = CharterBuilder()
    assert 'data-missing="11"' in builder.summary.value
    assert "charter-no-mandate" in builder.findings["mandate"].value


def test_typing_a_vague_mandate_flags_it_beside_the_field() -> None:
    builder = CharterBuilder()
    builder.inputs["mandate"].value = "Improve collaboration across teams"
    assert builder.charter.mandate == "Improve collaboration across teams"
    assert "charter-vague-mandate" in builder.findings["mandate"].value
    builder.inputs["mandate"].value = "KR quality varies wildly between functions, so reviews cannot compare progress"
    assert "charter-vague-mandate" not in builder.findings["mandate"].value


def test_list_fields_take_one_item_per_line() -> None:
    builder = CharterBuilder()
    builder.inputs["outputs"].value = "KR quality checklist\n\nWeekly check-in template\n"
    assert builder.charter.outputs == ["KR quality checklist", "Weekly check-in template"]
    builder.inputs["cadence_weekly"].value = "Live cases every Tuesday"
    assert builder.charter.cadence.weekly == "Live cases every Tuesday"


def test_the_example_is_complete_and_exports_markdown_and_html() -> None:
    builder = CharterBuilder()
    builder.load(Charter.example())
    assert "complete: ready to print" in builder.summary.value
    builder.inputs["name"].value = "<script>alert(1)</script>"
    markdown, page = builder.export()
    assert "<script>alert" not in page and "<script>alert" not in markdown
    assert "cop-charter.html" in builder.export_output.value


def test_open_keeps_the_charter_in_its_file(tmp_path: Path) -> None:
    path = tmp_path / "cop-charter.yaml"
    builder = CharterBuilder.from_file(path)
    assert not path.exists()  # nothing written until someone types
    builder.inputs["sponsor"].value = "Maria Okafor, COO"
    reopened = CharterBuilder.from_file(path)
    assert reopened.charter.sponsor == "Maria Okafor, COO"
    assert reopened.inputs["sponsor"].value == "Maria Okafor, COO"


def test_an_unreadable_charter_file_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "cop-charter.yaml"
    path.write_text("mandate: [unclosed\n", encoding="utf-8")
    builder = CharterBuilder.from_file(path)
    assert "not valid YAML" in builder.save_status.value
    builder.inputs["sponsor"].value = "Someone"
    assert path.read_text(encoding="utf-8") == "mandate: [unclosed\n"
