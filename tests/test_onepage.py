"""Every one-page document's rule file: each rule flags its bad examples and passes its good ones, and each
document's worked example is complete and clean. One test for all pages, so a new page only adds a line."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import Field

from kit.cop.charter import Charter
from kit.cop.cohort_design import CohortDesign
from kit.model import EditableModel
from kit.onepage import Lines, OnePage, Part, Prose
from kit.programme.charter import ProgrammeCharter
from kit.programme.roles import RolesAndEnablers
from kit.rubric import load_rule_files

PAGES: list[tuple[type[OnePage], OnePage]] = [
    (Charter, Charter.example()), (ProgrammeCharter, ProgrammeCharter.example()),
    (CohortDesign, CohortDesign.example()), (RolesAndEnablers, RolesAndEnablers.example()),
]
RULES = [(page, rule) for page, _example in PAGES for rule in load_rule_files(page.rules_path()).rules]


@pytest.mark.parametrize(("page", "rule"), RULES, ids=[f"{page.RULES}:{rule.id}" for page, rule in RULES])
def test_each_rule_flags_its_bad_example_and_passes_its_good_one(page: type[OnePage], rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.spec.examples.bad and rule.spec.examples.good
    for text in rule.spec.examples.bad:
        assert rule.id in {f.rule for f in page.from_text(text).check().findings}, text
    for text in rule.spec.examples.good:
        assert rule.id not in {f.rule for f in page.from_text(text).check().findings}, text


@pytest.mark.parametrize(("page", "example"), PAGES, ids=[page.RULES for page, _ in PAGES])
def test_the_worked_example_is_complete_and_clean(page: type[OnePage], example: OnePage) -> None:
    check = example.check()
    assert check.complete and check.findings == []


class _Visit(EditableModel):
    day: Annotated[str, Part("Day", "e.g. Tuesday")] = ""


class _Page(OnePage, kind="visit plan", untitled="Visit", rules="charter", scope="charter"):
    name: Annotated[str, Part("Team")] = ""
    notes: str = ""  # not a part: no label, never on the form
    visit: _Visit = Field(default_factory=_Visit)
    goals: Annotated[Lines, Part("Goals")]
    story: Annotated[Prose, Part("Story")]


def test_parts_come_from_the_fields_in_order_with_nested_parts_in_their_place() -> None:
    assert [(part.key, part.label, part.multiline, part.split) for part in _Page.PARTS] == [
        ("name", "Team", False, None), ("visit_day", "Day", False, None), ("goals", "Goals", True, ";"),
        ("story", "Story", True, None),
    ]
    assert _Page().goals == [] and _Page().story == ""
    page = _Page.from_text("Notes: not a part\nTeam: Atlas\nDay: Friday\nGoals: ship; learn")
    assert (page.name, page.visit.day, page.goals, page.notes) == ("Atlas", "Friday", ["ship", "learn"], "")
    page.set_part("visit_day", "Monday")
    assert page.get_part("visit_day") == "Monday" == page.visit.day
    assert page.field_values() == {"name": "Atlas", "visit_day": "Monday", "goals": "ship; learn", "story": ""}
