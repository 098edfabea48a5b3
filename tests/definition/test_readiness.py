"""The readiness quick check: items from the playbook, gates at 22 and 16, fix-first advice."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.definition.readiness import Checklist, baseline_coverage, load_checklist
from kit.errors import InputError
from kit.model import Finding, KeyResult, Level, Objective, OkrSet, Review


@pytest.fixture()
def checklist() -> Checklist:
    return load_checklist()


def scores_summing_to(checklist: Checklist, total: int) -> dict[str, int]:
    scores = {}
    left = total
    for item in checklist.items:
        scores[item.id] = min(2, left)
        left -= scores[item.id]
    return scores


def test_the_check_has_28_points_in_five_sections(checklist: Checklist) -> None:
    assert checklist.max_score == 28
    assert [s.max_score for s in checklist.sections] == [6, 6, 6, 6, 4]
    assert len(checklist.items) == 14


@pytest.mark.parametrize(("total", "colour"), [(28, "green"), (22, "green"), (21, "amber"), (16, "amber"),
                                                (15, "red"), (0, "red")])
def test_gates_follow_the_playbook(checklist: Checklist, total: int, colour: str) -> None:
    result = checklist.score(scores_summing_to(checklist, total))
    assert result.total == total
    assert result.gate.colour == colour


def test_lowest_items_get_their_remediation_play(checklist: Checklist) -> None:
    scores = {item.id: 2 for item in checklist.items}
    scores["baselines"] = 0
    scores["okr-space"] = 1
    result = checklist.score(scores)
    assert [item.id for item in result.lowest] == ["baselines"]
    assert [remedy.title for remedy in result.remedies] == ["No baselines"]
    assert "12 weeks" in result.remedies[0].action


def test_a_solid_organisation_has_nothing_to_fix(checklist: Checklist) -> None:
    result = checklist.score({item.id: 2 for item in checklist.items})
    assert result.complete and result.lowest == [] and result.remedies == []


def test_partial_scan_is_marked_incomplete(checklist: Checklist) -> None:
    result = checklist.score({"north-star": 2})
    assert not result.complete
    assert result.sections[0].score == 2


@pytest.mark.parametrize("scores", [{"no-such-item": 1}, {"north-star": 3}, {"north-star": -1}])
def test_bad_scores_are_refused_with_a_fix(checklist: Checklist, scores: dict[str, int]) -> None:
    with pytest.raises(InputError, match=r"readiness|scored"):
        checklist.score(scores)


def test_a_broken_checklist_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "readiness.yaml"
    path.write_text("version: 1\nsections: [\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_checklist(path)
    assert str(path) in str(caught.value)


def test_baseline_coverage_reads_the_rubric_findings() -> None:
    okr_set = OkrSet(objectives=[Objective(text="O", key_results=[KeyResult(text=f"KR {i}") for i in range(5)])])
    missing = Finding(rule="kr-no-baseline", level=Level.WARNING, message="m", scope="key_result",
                      objective_index=0, kr_index=3)
    coverage = baseline_coverage(Review(okr_set=okr_set, findings=[missing]))
    assert (coverage.known, coverage.total, coverage.missing) == (4, 5, [(0, 3)])
    assert coverage.meets_pilot_entry
    second = missing.model_copy(update={"kr_index": 1})
    coverage = baseline_coverage(Review(okr_set=okr_set, findings=[missing, second]))
    assert coverage.share == pytest.approx(0.6) and not coverage.meets_pilot_entry
