"""The README is the user's manual: its commands and rule list must match what the kit really does."""

from __future__ import annotations

import re
from pathlib import Path

from kit.rubric import load_rubric

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_house_rule() -> None:
    listed = set(re.findall(r"^\| `([a-z-]+)` \|", README, flags=re.M))
    assert listed == {rule.id for rule in load_rubric().rules}


def test_ci_runs_exactly_the_readme_test_command() -> None:
    commands = re.findall(r"^(\./run\.sh \w+)", README, flags=re.M)
    assert "./run.sh lab" in commands and "./run.sh test" in commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./run.sh test" in ci.splitlines()[-1]


def test_readme_screenshots_exist() -> None:
    for image in re.findall(r"\]\((docs/screenshots/[^)]+\.png)\)", README):
        assert (ROOT / image).is_file(), image


def test_the_readme_example_rule_file_loads(tmp_path: Path) -> None:
    """The tuning example a coach copies from the README must load as written."""
    from kit.rubric import load_rubric as load

    block = re.search(r"```yaml\n(vocabulary: our-words\.yaml.*?)```", README, flags=re.S)
    assert block is not None
    (tmp_path / "our-words.yaml").write_text("extend: {fuzzy_words: [synergy]}\n", encoding="utf-8")
    rules = tmp_path / "ours.yaml"
    rules.write_text(block.group(1), encoding="utf-8")
    ids = {rule.id for rule in load(rules).rules}
    assert "kr-no-dashboard-link" in ids and "kr-no-source" not in ids
