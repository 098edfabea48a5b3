"""Forming a peer-learning cohort: the governance checklist on one page, checked by rubrics/cohort_design.yaml.

The peer-learning playbook: a cohort is built around a business bottleneck, not a learning topic;
it mixes capability levels on purpose (the less experienced gain most, and a room of only
strugglers or only experts lifts nobody); it runs for a set time on the organisation's own rhythm;
one sponsor, one programme owner and facilitators are named, someone follows up when attendance
drops and someone checks whether behaviour changed; and the evidence is business behaviour or
KPIs, never satisfaction alone.
"""

from __future__ import annotations

from typing import Annotated

from kit.onepage import Lines, OnePage, Part, Prose

LEVELS = ("new", "developing", "experienced")


class CohortDesign(
    OnePage, kind="cohort design", untitled="Peer-learning cohort", rules="cohort_design", scope="cohort",
):
    name: Annotated[str, Part("Cohort", "e.g. Planning leads, spring cohort", aliases=("name",))] = ""
    purpose: Annotated[Prose, Part("Purpose", "The execution issue this cohort exists to fix")]
    scope: Annotated[str, Part("Who joins", "Which roles join, from which teams")] = ""
    duration: Annotated[str, Part("Duration", "How long it runs, e.g. 12 weeks (30 to 90 days)")] = ""
    rhythm: Annotated[str, Part(
        "Rhythm", "When it meets, tied to planning and reviews, e.g. fortnightly after the check-in",
    )] = ""
    sponsor: Annotated[str, Part("Executive sponsor", "Name, role", aliases=("sponsor",))] = ""
    programme_owner: Annotated[str, Part("Programme owner", "Who owns the cohort charter", aliases=("owner",))] = ""
    facilitator: Annotated[str, Part("Facilitator", "Who keeps the standard of each session high")] = ""
    attendance_owner: Annotated[str, Part(
        "Attendance owner", "Who follows up when participation drops", aliases=("attendance",),
    )] = ""
    outcome_reviewer: Annotated[str, Part(
        "Outcome review", "Who checks whether behaviour changed in the business",
    )] = ""
    evidence: Annotated[Lines, Part(
        "Evidence", "One per line: the behaviour or KPI that should improve, and by how much",
    )]
    members: Annotated[Lines, Part("Members", "One per line: name (new / developing / experienced)")]

    def level_counts(self) -> dict[str, int]:
        """Members by the capability level written after their name, in brackets."""
        counts = dict.fromkeys(LEVELS, 0)
        for member in self.members:
            for level in LEVELS:
                if f"({level}" in member.lower():
                    counts[level] += 1
        return counts
