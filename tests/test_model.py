"""The review model: findings looked up by where they point."""

from __future__ import annotations

import kit
from kit.model import Finding, Level

DRAFT = """# Harbour
## Objective: Skippers trust our harbour
- Hold 6 harbour open days
- Improve skipper satisfaction
## Objective: Launch the berth app
- Berth waiting time from 40 to 25 minutes
"""


def test_lookups_by_place_match_a_scan_of_every_finding() -> None:
    review = kit.review(DRAFT)
    for oi, objective in enumerate(review.okr_set.objectives):
        assert review.for_objective(oi) == [
            f for f in review.findings if f.scope == "objective" and f.objective_index == oi]
        for ki in range(len(objective.key_results)):
            assert review.for_key_result(oi, ki) == [
                f for f in review.findings if f.scope == "key_result" and f.objective_index == oi and f.kr_index == ki]
    assert review.for_set() == [f for f in review.findings if f.scope == "set"]


def test_a_finding_added_later_is_found() -> None:
    review = kit.review(DRAFT)
    before = len(review.for_key_result(0, 1))
    review.findings.append(Finding(rule="coach-note", level=Level.INFO, message="m", scope="key_result",
                                   objective_index=0, kr_index=1, source="coach"))
    assert len(review.for_key_result(0, 1)) == before + 1
    replaced = review.model_copy(update={"findings": review.findings[:1]})
    assert sum(len(replaced.for_key_result(0, k)) for k in range(2)) <= 1
