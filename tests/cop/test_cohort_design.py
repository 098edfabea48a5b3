"""Cohort design: rules from rubrics/cohort_design.yaml, the capability spread, and the builder kept in the store."""

from __future__ import annotations

from pathlib import Path

from kit.cop.cohort_design import CohortDesign
from kit.store import open_store
from kit.widgets.onepage_builder import CohortDesignBuilder


def test_a_cohort_of_one_level_is_flagged_whichever_level_it_is() -> None:
    def spread_rules(*members: str) -> set[str]:
        design = CohortDesign.example()
        design.members = list(members)
        return {f.rule for f in design.check().findings} & {"cohort-no-experienced", "cohort-no-learners"}

    assert spread_rules("Ana (new)", "Ben (developing)") == {"cohort-no-experienced"}
    assert spread_rules("Chloe (experienced)", "Eva (Experienced)") == {"cohort-no-learners"}
    assert spread_rules("Ana (new)", "Chloe (experienced)") == set()
    assert CohortDesign.example().level_counts() == {"new": 1, "developing": 2, "experienced": 2}


def test_an_empty_design_names_every_missing_owner_beside_its_field() -> None:
    check = CohortDesign().check()
    assert {"cohort-no-sponsor", "cohort-no-owner", "cohort-no-facilitator", "cohort-no-members"} <= {
        f.rule for f in check.missing}
    assert [f.rule for f in check.for_field("duration")] == ["cohort-no-duration"]


def test_the_builder_keeps_every_change_in_the_store_and_reopens_the_latest(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        builder = CohortDesignBuilder.in_store(store, "spring", "planning-cohort")
        builder.inputs["members"].value = "Ana (new)\nBen (developing)"
        assert "cohort-no-experienced" in builder.findings["members"].value
        builder.export()  # saves at once
        reopened = CohortDesignBuilder.in_store(store, "spring", "planning-cohort")
        assert reopened.page.members == ["Ana (new)", "Ben (developing)"]
        assert [v.version for v in store.history("spring", "cohort_design", "planning-cohort")] == [1]


def test_a_saved_design_that_no_longer_fits_is_named_and_never_written_over(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.save_record("spring", "cohort_design", "planning-cohort", {"purpose": 3, "colour": "red"}, "old")
        builder = CohortDesignBuilder.in_store(store, "spring", "planning-cohort")
        assert "okr-error" in builder.save_status.value and builder.autosave is None
        builder.inputs["purpose"].value = "Blockers wait a month for a decision"
        assert len(store.history("spring", "cohort_design", "planning-cohort")) == 1
