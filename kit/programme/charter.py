"""The OKR programme charter: the one page a sponsor approves before a pilot starts.

The implementation playbook's first pilot entry criterion is "one page OKR Charter approved, with
scope, success criteria, non-goals": why OKRs now, the problems they should solve, the scope (whole
company or a pilot area), measurable success criteria, the time horizon, the non-goals (above all,
scores kept apart from pay and ratings), the cadence, the roles and the risks. Checked by
rubrics/programme_charter.yaml.
"""

from __future__ import annotations

from pydantic import Field

from kit.onepage import OnePage, Part, Section, labelled_lines


class ProgrammeCharter(OnePage):
    PARTS = (
        Part("name", "Programme", "e.g. Northwind OKR pilot", aliases=("name", "organisation", "organization")),
        Part("why_now", "Why OKRs now", "What is not working today, and why it matters this year", multiline=True,
             aliases=("why", "purpose", "why now")),
        Part("problems", "Problems to solve", "One per line: where strategy loses force in execution",
             multiline=True, split=";", aliases=("problems",)),
        Part("scope", "Scope", "The whole company, or the pilot area: which teams and levels"),
        Part("success_criteria", "Success criteria", "One per line, each with a number and a date", multiline=True,
             split=";", aliases=("success",)),
        Part("time_horizon", "Time horizon", "e.g. a 12-week pilot from 4 January, then the call to scale",
             aliases=("horizon",)),
        Part("non_goals", "Non-goals", "One per line: what OKRs will not be used for", multiline=True, split=";",
             aliases=("non goals", "nongoals")),
        Part("cadence", "Cadence", "Weekly check-ins, the monthly cross-functional review, the quarterly reset",
             multiline=True),
        Part("sponsor", "Executive sponsor", "Name, role", aliases=("sponsor",)),
        Part("program_lead", "Program lead", "Name: runs the calendar, templates and quality bar",
             aliases=("programme lead", "okr lead", "lead")),
        Part("champions", "Champions", "One per line, with their team", multiline=True, split="[;,]", joiner=", "),
        Part("risks", "Risks", "One per line, each with what you will do about it", multiline=True, split=";"),
    )
    KIND = "OKR programme charter"
    UNTITLED = "OKR programme"
    RULES = "programme_charter"
    SCOPE = "programme_charter"

    why_now: str = ""
    problems: list[str] = Field(default_factory=list)
    scope: str = ""
    success_criteria: list[str] = Field(default_factory=list)
    time_horizon: str = ""
    non_goals: list[str] = Field(default_factory=list)
    cadence: str = ""
    sponsor: str = ""
    program_lead: str = ""
    champions: list[str] = Field(default_factory=list)
    risks: list[str] = Field(default_factory=list)

    def sections(self) -> list[Section]:
        roles = labelled_lines([("Executive sponsor", self.sponsor), ("Program lead", self.program_lead),
                                ("Champions", ", ".join(self.champions))])
        return [
            ("Why OKRs now", self.why_now), ("Problems to solve", self.problems), ("Scope", self.scope),
            ("Success criteria", self.success_criteria), ("Time horizon", self.time_horizon),
            ("Non-goals", self.non_goals), ("Cadence", self.cadence), ("Roles", roles), ("Risks", self.risks),
        ]


def example_programme_charter() -> ProgrammeCharter:
    """A complete charter to start from, in the playbook's shape (a fictional company)."""
    return ProgrammeCharter(
        name="Northwind Logistics OKR pilot",
        why_now="Quarterly plans list forty priorities and reviews report activity, so nobody can say which "
        "work moved delivery reliability; budgets stay where they were set in January.",
        problems=["Priorities blur between operations and product within weeks of planning",
                  "Cross-team blockers wait a month for the leadership meeting",
                  "Reviews report tasks done, not outcomes moved"],
        scope="Pilot: the three teams of the last-mile delivery value stream (operations, routing product, "
        "customer care), team level only.",
        success_criteria=["90% of weekly check-ins completed with one insight and one next action per KR",
                          "At least 2 resource reallocations a month tied to KR signals",
                          "2 or more pilot KRs improved by the end of week 12",
                          "Baselines and sources confirmed for 80% of pilot KRs before week 1"],
        time_horizon="A 12-week pilot from 4 January 2027; the call to scale or fix in week 13.",
        non_goals=["Not a task tracker: initiatives stay in the project tools",
                   "Not performance ratings: OKR scores are never used for pay, bonus or appraisal",
                   "Not KPIs renamed: health metrics stay on the KPI dashboard"],
        cadence="Weekly 30-minute check-in per team; monthly cross-functional review of dependencies and "
        "reallocations; quarterly review and reset.",
        sponsor="Grace Mensah, COO",
        program_lead="Tomas Berg, strategy office",
        champions=["Lina (operations)", "Raj (routing product)", "Sofia (customer care)"],
        risks=["Sponsor time: a standing 45-minute monthly review with a 24-hour decision rule",
               "Messy data: a data steward per KR source, refresh agreed before week 1"],
    )
