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

from typing import Annotated

from kit.onepage import Lines, OnePage, Part, Prose, Section, labelled_lines

ROLE_PARTS = ("sponsor", "program_lead", "coach", "champions", "data_stewards")
ENABLER_PARTS = ("vision", "leaders_use_okrs", "hypotheses", "flow", "self_correction")


class RolesAndEnablers(
    OnePage, kind="roles and enablers", untitled="OKR programme", rules="roles_enablers", scope="roles",
):
    name: Annotated[str, Part(
        "Organisation", "e.g. Northwind logistics, OKR pilot", aliases=("programme", "name"),
    )] = ""
    sponsor: Annotated[str, Part(
        "Executive sponsor", "Name, role: sets intent, makes trade-offs, protects the cadence", aliases=("sponsor",),
    )] = ""
    program_lead: Annotated[str, Part(
        "Program lead", "Name, and the time they have for it: runs the calendar and quality bar",
        aliases=("okr lead", "lead"),
    )] = ""
    coach: Annotated[str, Part("OKR coach", "Name: mentors the lead and champions, challenges rigid patterns")] = ""
    champions: Annotated[Lines, Part("Champions", "One per line: name, function, time in their plan (e.g. 10%)")]
    data_stewards: Annotated[Lines, Part("Data stewards", "One per line: name and the metrics they keep")]
    vision: Annotated[Prose, Part("Vision and goals", "Where the vision is written and how teams see it")]
    leaders_use_okrs: Annotated[Prose, Part("Leaders use OKRs", "How leaders set and reflect on OKRs of their own")]
    hypotheses: Annotated[Prose, Part(
        "Objectives as hypotheses", "How a bet that is not working gets tested and changed",
    )]
    flow: Annotated[Prose, Part("Flow awareness", "How work in progress and bottlenecks are made visible")]
    self_correction: Annotated[Prose, Part("Teams self-correct", "What teams may change without asking, and how fast")]

    def sections(self) -> list[Section]:
        roles = labelled_lines((self.part(key).label, self.part_text(key).replace("\n", "; ")) for key in ROLE_PARTS)
        enablers = labelled_lines((self.part(key).label, self.part_text(key)) for key in ENABLER_PARTS)
        return [("Roles", roles), ("Structural enablers", enablers)]
