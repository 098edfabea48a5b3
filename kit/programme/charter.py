"""The OKR programme charter: the one page a sponsor approves before a pilot starts.

The implementation playbook's first pilot entry criterion is "one page OKR Charter approved, with
scope, success criteria, non-goals": why OKRs now, the problems they should solve, the scope (whole
company or a pilot area), measurable success criteria, the time horizon, the non-goals (above all,
scores kept apart from pay and ratings), the cadence, the roles and the risks. Checked by
rubrics/programme_charter.yaml.
"""

from __future__ import annotations

from typing import Annotated

from kit.onepage import Lines, OnePage, Part, Prose, Section, labelled_lines


class ProgrammeCharter(
    OnePage, kind="OKR programme charter", untitled="OKR programme", rules="programme_charter",
    scope="programme_charter",
):
    name: Annotated[str, Part(
        "Programme", "e.g. Northwind OKR pilot", aliases=("name", "organisation", "organization"),
    )] = ""
    why_now: Annotated[Prose, Part(
        "Why OKRs now", "What is not working today, and why it matters this year",
        aliases=("why", "purpose", "why now"),
    )]
    problems: Annotated[Lines, Part(
        "Problems to solve", "One per line: where strategy loses force in execution", aliases=("problems",),
    )]
    scope: Annotated[str, Part("Scope", "The whole company, or the pilot area: which teams and levels")] = ""
    success_criteria: Annotated[Lines, Part(
        "Success criteria", "One per line, each with a number and a date", aliases=("success",),
    )]
    time_horizon: Annotated[str, Part(
        "Time horizon", "e.g. a 12-week pilot from 4 January, then the call to scale", aliases=("horizon",),
    )] = ""
    non_goals: Annotated[Lines, Part(
        "Non-goals", "One per line: what OKRs will not be used for", aliases=("non goals", "nongoals"),
    )]
    cadence: Annotated[Prose, Part(
        "Cadence", "Weekly check-ins, the monthly cross-functional review, the quarterly reset",
    )]
    sponsor: Annotated[str, Part("Executive sponsor", "Name, role", aliases=("sponsor",))] = ""
    program_lead: Annotated[str, Part(
        "Program lead", "Name: runs the calendar, templates and quality bar",
        aliases=("programme lead", "okr lead", "lead"),
    )] = ""
    champions: Annotated[Lines, Part("Champions", "One per line, with their team", split="[;,]", joiner=", ")]
    risks: Annotated[Lines, Part("Risks", "One per line, each with what you will do about it")]

    def sections(self) -> list[Section]:
        roles = labelled_lines([("Executive sponsor", self.sponsor), ("Program lead", self.program_lead),
                                ("Champions", ", ".join(self.champions))])
        return [
            ("Why OKRs now", self.why_now), ("Problems to solve", self.problems), ("Scope", self.scope),
            ("Success criteria", self.success_criteria), ("Time horizon", self.time_horizon),
            ("Non-goals", self.non_goals), ("Cadence", self.cadence), ("Roles", roles), ("Risks", self.risks),
        ]
