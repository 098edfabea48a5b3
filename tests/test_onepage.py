"""Every one-page document's rule file: each rule flags its bad examples and passes its good ones, and each
document's worked example is complete and clean. One test for all pages, so a new page only adds a line."""

from __future__ import annotations

import pytest

from kit.cop.charter import Charter
from kit.cop.cohort_design import CohortDesign
from kit.onepage import OnePage
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
