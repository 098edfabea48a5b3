"""Objective features on sentences written for these tests."""

from __future__ import annotations

import pytest

from kit.reading import load_vocabulary, read_objective
from kit.rubric import house_rules_path


def _features(text: str) -> dict[str, list[str]]:
    vocabulary = load_vocabulary((house_rules_path("vocabulary"),))
    return {name: [m.text for m in marks] for name, marks in read_objective(text, vocabulary).features.items()}


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Become the #3 ferry line on the coast", ["#3"]),
        ("Be the number one ferry app in the region", ["number one"]),
        ("Double weekend crossings", ["double"]),
        ("Double down on what our skippers love", None),
        ("Skippers come back every season", None),
        ("Harbour trusted by skippers within the first 90 days", None),  # a horizon, not a measure
        ("Win our first 10 ferry operators", ["10"]),  # a count after "first" is still a measure
    ],
)
def test_amounts_ranks_and_multipliers(text: str, amount: list[str] | None) -> None:
    found = _features(text).get("objective_amount")
    assert (found and [m.lower() for m in found]) == (amount and [m.lower() for m in amount])


@pytest.mark.parametrize(
    ("text", "feature"),
    [
        ("Launch the berth booking app", "making_verb_head"),
        ("Iterate on the winter timetable with skippers", "activity_verb_head"),
        ("Harbour office migration", "activity_noun_label"),
        ("Berth booking site redesign", "activity_noun_label"),
        ("Overhaul of the ferry ticket machines", "activity_noun_head"),
        ("Preparation of the summer timetable", "activity_noun_head"),
        ("THOUGHT LEADERSHIP: Test our route ideas with two partner ports", "activity_verb_head"),
        ("Harbour office migration phase 2", "activity_noun_label"),
        ("Ticketing rollout, wave II", "activity_noun_label"),
        ("Project Seagull", "code_name"),
        ("Operation Breakwater 2", "code_name"),
        ("New berth booking site", "new_artefact_label"),
        ("A next-generation ferry app", "new_artefact_label"),
    ],
)
def test_project_heads(text: str, feature: str) -> None:
    assert feature in _features(text)


@pytest.mark.parametrize(
    "text",
    ["Create greater trust among skippers", "Measure and reduce berth waiting time", "Writing good OKRs is easy",
     "Developers reach the harbour API in minutes", "Understand why skippers leave",
     "Project Excellence", "Programme leads trust the harbour data", "Operation Quality",
     "New skippers feel at home in their first week", "Our new booking site turns visitors into skippers"],
)
def test_states_learning_and_subjects_are_not_projects(text: str) -> None:
    assert not set(_features(text)) & {"making_verb_head", "activity_verb_head", "activity_noun_label",
                                       "activity_noun_head", "project_done", "code_name", "new_artefact_label"}
