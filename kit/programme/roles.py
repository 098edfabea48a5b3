"""Roles and structural enablers on one page, checked by rubrics/roles_enablers.yaml.

The implementation playbook names who runs the OKR system (an executive sponsor who can make
trade-offs, a program lead with time and authority, champions per function with time in their
plans, a data steward per critical metric) and the OKR guide adds the coach who mentors leads and
champions. The guide's structural enablers (a clear vision, leaders who use OKRs themselves,
objectives held as hypotheses, flow awareness, teams trusted to self-correct) are the conditions
without which OKRs collapse into ritual. The readiness check and the rollout plan point here:
each gap on this page is a named person or condition still missing.
"""

from __future__ import annotations

from pydantic import Field

from kit.onepage import OnePage, Part, Section, labelled_lines

ROLE_PARTS = ("sponsor", "program_lead", "coach", "champions", "data_stewards")
ENABLER_PARTS = ("vision", "leaders_use_okrs", "hypotheses", "flow", "self_correction")


class RolesAndEnablers(OnePage):
    PARTS = (
        Part("name", "Organisation", "e.g. Northwind logistics, OKR pilot", aliases=("programme", "name")),
        Part("sponsor", "Executive sponsor", "Name, role: sets intent, makes trade-offs, protects the cadence",
             aliases=("sponsor",)),
        Part("program_lead", "Program lead", "Name, and the time they have for it: runs the calendar and quality bar",
             aliases=("okr lead", "lead")),
        Part("coach", "OKR coach", "Name: mentors the lead and champions, challenges rigid patterns"),
        Part("champions", "Champions", "One per line: name, function, time in their plan (e.g. 10%)",
             multiline=True, split=";"),
        Part("data_stewards", "Data stewards", "One per line: name and the metrics they keep", multiline=True,
             split=";"),
        Part("vision", "Vision and goals", "Where the vision is written and how teams see it", multiline=True),
        Part("leaders_use_okrs", "Leaders use OKRs", "How leaders set and reflect on OKRs of their own",
             multiline=True),
        Part("hypotheses", "Objectives as hypotheses", "How a bet that is not working gets tested and changed",
             multiline=True),
        Part("flow", "Flow awareness", "How work in progress and bottlenecks are made visible", multiline=True),
        Part("self_correction", "Teams self-correct", "What teams may change without asking, and how fast",
             multiline=True),
    )
    KIND = "roles and enablers"
    UNTITLED = "OKR programme"
    RULES = "roles_enablers"
    SCOPE = "roles"

    sponsor: str = ""
    program_lead: str = ""
    coach: str = ""
    champions: list[str] = Field(default_factory=list)
    data_stewards: list[str] = Field(default_factory=list)
    vision: str = ""
    leaders_use_okrs: str = ""
    hypotheses: str = ""
    flow: str = ""
    self_correction: str = ""

    def sections(self) -> list[Section]:
        roles = labelled_lines((self.part(key).label, self.part_text(key).replace("\n", "; ")) for key in ROLE_PARTS)
        enablers = labelled_lines((self.part(key).label, self.part_text(key)) for key in ENABLER_PARTS)
        return [("Roles", roles), ("Structural enablers", enablers)]
