"""The forums page: rotation, pattern review turned into artefact updates, register and reset, the measures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kit.cop.clinic import Clinic, ProblemCategory
from kit.cop.clinic_persistence import CLINIC_KIND, CLINIC_WORKSHOP
from kit.cop.forums import REGISTER_KEY, REGISTER_KIND, RESET_KIND, ArtefactRegister, QuarterlyReset
from kit.cop.intake import CaseIntake
from kit.store import Store, open_store
from kit.widgets.forums import open_forums

TODAY = date(2027, 3, 31)


def save_clinic(store: Store, day: int, owner: str, problem: str) -> None:
    record = Clinic(held_on=date(2027, 3, day), case=CaseIntake(title="A case", owner=owner, process="Weekly check-in"))
    for name, team in (("Ana", "Growth"), ("Ben", "Ops"), ("Chloe", "Sales")):
        record.add_participant(name, team=team)
    record.raise_problem(problem, "diagnosis", category=ProblemCategory.ESCALATION)
    store.save_record(CLINIC_WORKSHOP, CLINIC_KIND, f"2027-03-{day:02d}", record, "sam")


def test_the_forums_page_reads_the_clinics_and_saves_each_forums_record(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        save_clinic(store, 4, "Ana", "Operations <b>learn</b> about dependencies too late")
        save_clinic(store, 11, "Ben", "The dependency on operations is found in week six")
        page = open_forums(tmp_path, store, today=lambda: TODAY)
        assert "Next case by rotation: <b>Chloe</b>" in page.rotation.value
        assert page.month.value == "2027-03" and "Weekly check-in" in page.patterns.value
        assert "&lt;b&gt;learn" in page.patterns.value and "<b>learn" not in page.patterns.value
        page.pattern_pick.value = "Weekly check-in"
        page.artefact_pick.value = "Cross-team dependency log"
        page.change.value = "Log a dependency the day it is found"
        page.convert()
        assert "Log a dependency the day it is found" in page.updates.value
        assert store.record(CLINIC_WORKSHOP, "pattern_review", "2027-03") is not None

        page.entry_name.value = "Cross-team dependency log"
        page.entry_owner.value = "Ben"
        page.entry_adoption.value = "Ops and Growth review it weekly"
        page.entry_used.value = date(2027, 3, 20)
        page.save_entry()
        page.entry_name.value = "Manager onboarding page"
        page.retire_entry()
        record = store.record(CLINIC_WORKSHOP, REGISTER_KIND, REGISTER_KEY)
        assert record is not None
        saved = ArtefactRegister.model_validate(record.payload)
        assert saved.entry("Cross-team dependency log").version == 2
        assert saved.entry("Manager onboarding page").retired_on == TODAY
        assert "keep: 1 sign(s) of use; owner Ben" in page.register_table.value

        page.record_reset()
        assert "Name the problem" in page.reset_status.value
        page.next_problem.value = "Check-ins that end without a decision"
        page.record_reset()
        saved_reset = store.record(CLINIC_WORKSHOP, RESET_KIND, "2027-Q1")
        assert saved_reset is not None
        reset = QuarterlyReset.model_validate(saved_reset.payload)
        assert reset.retired == ["Manager onboarding page"] and "KR quality checklist" in [
            v.name for v in reset.verdicts if v.verdict == "retire"]
        assert "Participation rate" in page.measures.value and "okr-measures-comparison" in page.measures.value
