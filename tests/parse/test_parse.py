"""The entry point: which parser reads a text or a file, and how the caller can insist on one."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.errors import InputError
from kit.parse import detect_format, parse

MARKDOWN = "Objective: Faster month-end close\n- KR 1: Close in 5 days instead of 9 [Controller]\n"
YAML = "objectives:\n  - text: Faster month-end close\n    key_results:\n      - Close in 5 days instead of 9\n"
JSON = '{"objectives": [{"text": "Faster month-end close", "key_results": ["Close in 5 days instead of 9"]}]}'
CSV = "Objective,Key result\nFaster month-end close,Close in 5 days instead of 9\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (MARKDOWN, "text"),
        (YAML, "yaml"),
        (JSON, "json"),
        ("  \n[\n  {\"text\": \"A\"}\n]", "json"),
        (CSV, "csv"),
        ("objective;kr;owner\nA;B;C\n", "csv"),
        ("[Draft] Finance OKRs\nObjective: Faster close\n- KR: 5 days\n", "text"),
        ("Objectives:\n- text: looks like YAML but is a note\n", "text"),
        ("Objective, as we discussed, is growth\n- more revenue\n", "text"),
        ("title: Finance\nteam: Controlling\n", "text"),
    ],
)
def test_detect_format(text: str, expected: str) -> None:
    assert detect_format(text) == expected


@pytest.mark.parametrize("text", [MARKDOWN, YAML, JSON, CSV])
def test_every_format_gives_the_same_set(text: str) -> None:
    okr_set = parse(text)
    assert [o.text for o in okr_set.objectives] == ["Faster month-end close"]
    assert okr_set.objectives[0].key_results[0].text == "Close in 5 days instead of 9"


@pytest.mark.parametrize(
    ("name", "content"),
    [("okrs.md", MARKDOWN), ("okrs.MARKDOWN", MARKDOWN), ("okrs.txt", MARKDOWN), ("okrs.yml", YAML),
     ("okrs.yaml", YAML), ("okrs.json", JSON), ("okrs.csv", CSV), ("okrs.draft", YAML), ("OKRS", CSV)],
)
def test_file_suffix_picks_the_format_and_unknown_suffixes_are_sniffed(
    tmp_path: Path, name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert parse(path).objectives[0].text == "Faster month-end close"


def test_suffix_wins_over_content(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("objectives:\n  - text: Faster close\n    key_results: [Close in 5 days]\n", encoding="utf-8")
    # Read as Markdown, "- text: Faster close" is a line of text, not a YAML key.
    assert parse(path).objectives[0].text == "text: Faster close"
    assert parse(path, format="yaml").objectives[0].text == "Faster close"


@pytest.mark.parametrize("name", ["yaml", "YML", ".json", "markdown", "md", "txt", "plain", "csv", "tsv", "text"])
def test_format_names(name: str) -> None:
    text = {"yaml": YAML, "yml": YAML, "json": JSON, "csv": CSV, "tsv": CSV}.get(name.lower().lstrip("."), MARKDOWN)
    assert parse(text, format=name).objectives[0].text == "Faster month-end close"


@pytest.mark.parametrize(("name", "suffix"), [("okrs.yaml", ".md"), ("okrs.json", ".md"), ("okrs.csv", ".md")])
def test_a_draft_saved_under_the_wrong_suffix_says_which_suffix_fits(tmp_path: Path, name: str, suffix: str) -> None:
    path = tmp_path / name
    path.write_text(MARKDOWN, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse(path)
    assert f"save it as a {suffix} file" in caught.value.fix
    assert caught.value.path == str(path)

