"""The accuracy benchmark's leave-one-organisation-out hook: nothing in the suite fits a part yet, so
these keep the hook honest (an organisation is never in its own training data)."""

from __future__ import annotations

import pytest

from benchmarks import accuracy

NO_FLAGS = {flag: False for flag in accuracy.KR_RULES}
NO_OBJECTIVE_FLAGS = {flag: False for flag in accuracy.OBJECTIVE_RULES}


def record(identifier: str, source: str, kr: str) -> accuracy.Record:
    return {"id": identifier, "source": source, "objective": "Customers renew without being chased", "kr": kr,
            "flags": dict(NO_FLAGS, task=kr.startswith("Run")), "objective_flags": NO_OBJECTIVE_FLAGS}


RECORDS = [
    record("a1", "Alpha", "Renewal rate from 80% to 90% by June"),
    record("a2", "Alpha", "Run 4 renewal workshops by June"),
    record("b1", "Beta", "Churned accounts from 40 to 20 by June"),
]


def test_without_a_fitted_part_it_says_leave_one_out_does_not_apply(capsys: pytest.CaptureFixture[str]) -> None:
    assert accuracy.leave_one_organisation_out(RECORDS)
    assert "does not apply" in capsys.readouterr().out


def test_each_organisation_is_scored_by_a_fit_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    trained_on: list[set[str]] = []

    def fit(train: list[accuracy.Record]) -> accuracy.Predictor:
        trained_on.append({r["source"] for r in train})
        return accuracy.predict

    monkeypatch.setitem(accuracy.FITTED_PARTS, "test part", fit)
    accuracy.leave_one_organisation_out(RECORDS)
    assert trained_on == [{"Beta"}, {"Alpha"}]
