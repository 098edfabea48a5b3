"""The monthly pattern review, the artefact register and quarterly reset, and the case rotation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kit.cop.async_clinic import ASYNC_CLINIC_KIND, AsyncClinic
from kit.cop.clinic import Clinic, Commitment, FollowUp, FollowUpStatus, ProblemCategory
from kit.cop.clinic_persistence import CLINIC_KIND, CLINIC_WORKSHOP
from kit.cop.forums import (
    ArtefactEntry,
    ArtefactRegister,
    HeldClinic,
    case_rotation,
    clinics_in_store,
    default_register,
    next_case_owner,
    pattern_review,
    recurring_patterns,
    reset_verdicts,
)
from kit.cop.intake import CaseIntake
from kit.store import Store, open_store


def clinic(day: int, owner: str, process: str, problems: list[tuple[str, ProblemCategory]],
           people: tuple[str, ...] = ("Ana", "Ben", "Chloe")) -> Clinic:
    record = Clinic(held_on=date(2027, 3, day), case=CaseIntake(title=f"Case of {owner}", owner=owner,
                                                                process=process))
    for name in people:
        record.add_participant(name)
    for text, category in problems:
        record.raise_problem(text, "diagnosis", category=category)
    return record


def saved_month(store: Store) -> None:
    parked = ProblemCategory.PARKED
    store.save_record(CLINIC_WORKSHOP, CLINIC_KIND, "2027-03-04", clinic(
        4, "Ana", "Weekly check-in", [("Dependencies on operations surface too late", ProblemCategory.ESCALATION),
                                      ("Confidence scores mean different things", parked)]), "sam")
    store.save_record(CLINIC_WORKSHOP, CLINIC_KIND, "2027-03-11", clinic(
        11, "Ben", "weekly check-in ", [("The dependency on operations is found in week six", parked)]), "sam")
    written = AsyncClinic(opens_on=date(2027, 3, 15), closes_on=date(2027, 3, 18),
                          case=CaseIntake(title="Late handover", owner="Ana", process="Quarterly planning"))
    for name in ("Ana", "Dev"):
        written.add_participant(name)
    written.answer("Dev", "Confidence scores are read differently by each team", "", date(2027, 3, 16))
    store.save_record(CLINIC_WORKSHOP, ASYNC_CLINIC_KIND, "2027-03-15", written, "sam")


def test_patterns_are_what_recurs_across_clinics_not_within_one(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        saved_month(store)
        clinics, unreadable = clinics_in_store(store)
    assert [h.key for h in clinics] == ["2027-03-04", "2027-03-11", "2027-03-15"] and unreadable == []
    patterns = {p.theme: p for p in recurring_patterns(clinics)}
    assert patterns["Weekly check-in"].kind == "process" and len(patterns["Weekly check-in"].clinics) == 2
    assert "“operations” in problems raised" in patterns  # two clinics, different wording around it
    confidence = patterns["“confidence” in problems raised"]
    assert confidence.clinics == ["2027-03-04", "2027-03-15 (written)"]
    assert patterns["Problems left parked"].kind == "parked"
    assert not [p for p in patterns.values() if p.theme.startswith("“surface")]  # one clinic only


def test_a_pattern_becomes_an_artefact_update_kept_with_the_months_review(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        saved_month(store)
        review = pattern_review(store, "2027-03")
        review.convert("Weekly check-in", "Weekly check-in template", "Add a dependencies line", "Ana")
        store.save_record(CLINIC_WORKSHOP, "pattern_review", "2027-03", review, "sam")
        again = pattern_review(store, "2027-03")
    assert [u.change for u in again.updates] == ["Add a dependencies line"]
    assert "Weekly check-in" not in again.unconverted and again.unconverted


def test_the_rotation_puts_who_has_brought_fewest_cases_first() -> None:
    held = [clinic(4, "Ana", "", []), clinic(11, "Ben", "", []), clinic(18, "Ana", "", [])]
    rows = case_rotation([HeldClinic(key=str(c.held_on), kind=CLINIC_KIND, held_on=c.held_on, record=c)
                          for c in held])
    assert [(r.name, r.cases, r.attended) for r in rows] == [("Chloe", 0, 3), ("Ben", 1, 3), ("Ana", 2, 3)]
    assert next_case_owner(rows).name == "Chloe"  # type: ignore[union-attr]
    assert next_case_owner(rows, present=["Ana", "Ben"]).name == "Ben"  # type: ignore[union-attr]


def test_the_reset_retires_what_nobody_uses_and_names_what_has_no_owner() -> None:
    register = ArtefactRegister(entries=[
        ArtefactEntry(name="Check-in template", owner="Ana", adoption=["Growth uses it weekly"],
                      last_used=date(2027, 3, 1)),
        ArtefactEntry(name="Dependency log", adoption=["Ops and Routing since January"], last_used=date(2027, 3, 1)),
        ArtefactEntry(name="Old RAG guide", owner="Ben"),
        ArtefactEntry(name="Decision rules", owner="Chloe", adoption=["Leadership"], last_used=date(2026, 10, 1)),
        ArtefactEntry(name="Onboarding page", owner="Dev", adoption=["All new managers"], retire_on=date(2027, 3, 31)),
    ])
    verdicts = {v.name: v.verdict for v in reset_verdicts(register, date(2027, 3, 31))}
    assert verdicts == {"Check-in template": "keep", "Dependency log": "needs an owner", "Old RAG guide": "retire",
                        "Decision rules": "retire", "Onboarding page": "retire"}
    register.retire("Old RAG guide", date(2027, 3, 31))
    assert {v.name: v.verdict for v in reset_verdicts(register, date(2027, 4, 1))}["Old RAG guide"] == "retired"


def test_a_changed_artefact_is_a_new_version_and_the_register_starts_from_the_library() -> None:
    register = default_register()
    assert "Weekly check-in template" in [e.name for e in register.entries]
    register.upsert(ArtefactEntry(name="Weekly check-in template", owner="Ana"))
    assert register.entry("Weekly check-in template").version == 2
    register.upsert(ArtefactEntry(name="Weekly check-in template", owner="Ana", version=2))
    assert register.entry("Weekly check-in template").version == 2  # nothing changed: same version


def test_follow_ups_not_done_in_two_clinics_are_a_pattern() -> None:
    first, second = clinic(4, "Ana", "", []), clinic(11, "Ben", "", [])
    for record in (first, second):
        record.follow_ups = [FollowUp(commitment=Commitment(participant="Ana", action="Call ops"),
                                      status=FollowUpStatus.NOT_DONE)]
    patterns = recurring_patterns([HeldClinic(key=str(c.held_on), kind=CLINIC_KIND, held_on=c.held_on, record=c)
                                   for c in (first, second)])
    assert [p.kind for p in patterns] == ["commitments"]
