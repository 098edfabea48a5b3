"""Forming a peer-learning cohort: the governance checklist on one page, checked by rubrics/cohort_design.yaml.

The peer-learning playbook: a cohort is built around a business bottleneck, not a learning topic;
it mixes capability levels on purpose (the less experienced gain most, and a room of only
strugglers or only experts lifts nobody); it runs for a set time on the organisation's own rhythm;
one sponsor, one programme owner and facilitators are named, someone follows up when attendance
drops and someone checks whether behaviour changed; and the evidence is business behaviour or
KPIs, never satisfaction alone.
"""

from __future__ import annotations

from pydantic import Field

from kit.onepage import OnePage, Part

LEVELS = ("new", "developing", "experienced")


class CohortDesign(OnePage):
    PARTS = (
        Part("name", "Cohort", "e.g. Planning leads, spring cohort", aliases=("name",)),
        Part("purpose", "Purpose", "The execution issue this cohort exists to fix", multiline=True),
        Part("scope", "Who joins", "Which roles join, from which teams"),
        Part("duration", "Duration", "How long it runs, e.g. 12 weeks (30 to 90 days)"),
        Part("rhythm", "Rhythm", "When it meets, tied to planning and reviews, e.g. fortnightly after the check-in"),
        Part("sponsor", "Executive sponsor", "Name, role", aliases=("sponsor",)),
        Part("programme_owner", "Programme owner", "Who owns the cohort charter", aliases=("owner",)),
        Part("facilitator", "Facilitator", "Who keeps the standard of each session high"),
        Part("attendance_owner", "Attendance owner", "Who follows up when participation drops",
             aliases=("attendance",)),
        Part("outcome_reviewer", "Outcome review", "Who checks whether behaviour changed in the business"),
        Part("evidence", "Evidence", "One per line: the behaviour or KPI that should improve, and by how much",
             multiline=True, split=";"),
        Part("members", "Members", "One per line: name (new / developing / experienced)", multiline=True,
             split=";"),
    )
    KIND = "cohort design"
    UNTITLED = "Peer-learning cohort"
    RULES = "cohort_design"
    SCOPE = "cohort"

    purpose: str = ""
    scope: str = ""
    duration: str = ""
    rhythm: str = ""
    sponsor: str = ""
    programme_owner: str = ""
    facilitator: str = ""
    attendance_owner: str = ""
    outcome_reviewer: str = ""
    evidence: list[str] = Field(default_factory=list)
    members: list[str] = Field(default_factory=list)

    def level_counts(self) -> dict[str, int]:
        """Members by the capability level written after their name, in brackets."""
        counts = dict.fromkeys(LEVELS, 0)
        for member in self.members:
            for level in LEVELS:
                if f"({level}" in member.lower():
                    counts[level] += 1
        return counts
