"""The four peer-learning measures and the comparison with teams that did not take part."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kit.cop.clinic import Clinic, Commitment, Experience, FollowUp, FollowUpStatus
from kit.cop.clinic_persistence import CLINIC_KIND
from kit.cop.cohort_design import CohortDesign
from kit.cop.forums import HeldClinic
from kit.cop.impact import CapabilityArea, CapabilityRating, Scorecard
from kit.cop.measures import measures_markdown, peer_learning_measures
from kit.model import KeyResult, Objective, OkrSet
from kit.store import open_store


def held(day: int, people: dict[str, str], follow_ups: tuple[FollowUpStatus, ...] = ()) -> HeldClinic:
    record = Clinic(held_on=date(2027, 3, day))
    for name, team in people.items():
        record.add_participant(name, team=team, experience=Experience.NEW)
    record.follow_ups = [FollowUp(commitment=Commitment(participant="Ana", action="x"), status=s) for s in follow_ups]
    return HeldClinic(key=f"2027-03-{day:02d}", kind=CLINIC_KIND, held_on=record.held_on, record=record)


def okr_set(team: str, kr_texts: list[str]) -> OkrSet:
    return OkrSet(team=team, objectives=[Objective(text="Customers get value in their first week",
                                                   key_results=[KeyResult(text=t) for t in kr_texts])])


def test_four_measures_from_clinics_ratings_and_the_cohort_design(tmp_path: Path) -> None:
    clinics = [held(2, {"Ana": "Growth", "Ben": "Ops"}, (FollowUpStatus.DONE,)),
               held(9, {"Ana": "Growth", "Ben": "Ops", "Chloe": "Ops"}, (FollowUpStatus.DONE, FollowUpStatus.NOT_DONE)),
               held(16, {"Ana": "Growth", "Chloe": "Ops"}, (FollowUpStatus.NOT_REVIEWED,)),
               held(23, {"Ana": "Growth", "Ben": "Ops", "Chloe": "Ops"})]
    design = CohortDesign(members=["Ana (new)", "Ben (developing)", "Chloe (experienced)", "Dev (new)"])
    area = CapabilityArea.CHALLENGING_WEAK_KRS
    scorecard = Scorecard(ratings=[
        CapabilityRating(participant="Ana", subgroup="new to OKRs", area=area, before=2, after=4),
        CapabilityRating(participant="Ben", subgroup="experienced", area=area, before=4, after=4),
    ])
    with open_store(tmp_path) as store:
        result = peer_learning_measures(store, clinics, scorecard, design, until=date(2027, 3, 31))
    values = {m.key: m.value for m in result.measures}
    assert values["participation"] == (2 + 3 + 2 + 3) / 4 / 4  # Dev never came
    assert values["completion"] == 0.75  # Ana, Ben and Chloe came to 3 of 4 or more; Dev to none
    assert values["skill"] == 1.0
    assert values["application"] == 2 / 3  # the unreviewed follow-up does not count


def test_clinics_outside_the_90_day_window_do_not_count(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        result = peer_learning_measures(store, [held(2, {"Ana": "Growth"})], until=date(2027, 9, 1))
    assert {m.key: m.value for m in result.measures}["participation"] is None


def test_teams_that_took_part_are_compared_with_teams_that_did_not(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.save_set("spring", "Growth", okr_set("Growth", ["Raise activation from 20% to 35% by June 30"]), "ana")
        store.save_set("spring", "Billing", okr_set("Billing", ["Launch the new invoice page", "Improve billing"]),
                       "eve")
        result = peer_learning_measures(store, [held(2, {"Ana": "growth"})], until=date(2027, 3, 31))
    quality = result.comparisons[0]
    assert (quality.participant_teams, quality.other_teams) == (1, 1)
    assert quality.participants is not None and quality.others is not None
    assert quality.participants < quality.others  # fewer rubric errors per KR where people took part
    text = measures_markdown(result)
    assert "| Participation rate |" in text and "Rubric errors per KR" in text
