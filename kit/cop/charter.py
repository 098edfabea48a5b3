"""The one-page CoP charter: an operating agreement, checked by rubrics/charter.yaml.

The CoP playbook: the charter names the execution problem the community exists to fix, who it
covers, what it must produce, its weekly/monthly/quarterly forums, its escalation path, one hard
participation rule, and the sponsor, facilitator and members. It fits on one page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field

from kit.model import EditableModel
from kit.onepage import Lines, OnePage, PageCheck, Part, Prose, Section, labelled_lines

CADENCE = ("weekly", "monthly", "quarterly")


class Cadence(EditableModel):
    weekly: Annotated[str, Part("Weekly", "Working session: what happens every week")] = Field(
        default="", description="Working session: live cases, rewritten KRs, resolved dependencies.",
    )
    monthly: Annotated[str, Part("Monthly", "Pattern review: what you look for across teams")] = Field(
        default="", description="Pattern review across teams, turned into standards.",
    )
    quarterly: Annotated[str, Part("Quarterly", "Reset: what you retire and what you pick next")] = Field(
        default="", description="Reset: adopted vs dead artefacts, the next problem.",
    )


class Charter(OnePage, kind="charter", untitled="Community of Practice", rules="charter", scope="charter"):
    name: Annotated[str, Part("Community", "e.g. Onboarding value stream OKR community", aliases=("name",))] = ""
    mandate: Annotated[Prose, Part("Mandate", "The execution problem this community exists to fix")]
    scope: Annotated[str, Part("Scope", "Teams, functions or value stream it covers")] = ""
    outputs: Annotated[Lines, Part(
        "Outputs", "One artefact per line: checklist, template, decision rule ...", aliases=("output",),
    )]
    cadence: Cadence = Field(default_factory=Cadence)
    escalation_path: Annotated[Prose, Part(
        "Escalation path", "What you resolve yourselves; what goes to whom, how fast",
        aliases=("escalation",),
    )]
    participation_rule: Annotated[str, Part(
        "Participation rule", "One hard rule, e.g. members bring live work", aliases=("participation",),
    )] = ""
    sponsor: Annotated[str, Part("Executive sponsor", "Name, role", aliases=("sponsor",))] = ""
    facilitator: Annotated[str, Part("Facilitator", "Name (and a co-facilitator)")] = ""
    members: Annotated[Lines, Part("Members", "One per line", split="[;,]", joiner=", ")]

    def sections(self) -> list[Section]:
        return [
            ("Mandate", self.mandate),
            ("Scope", self.scope),
            ("Outputs", self.outputs),
            (
                "Cadence",
                labelled_lines([
                    ("Weekly working session", self.cadence.weekly),
                    ("Monthly pattern review", self.cadence.monthly),
                    ("Quarterly reset", self.cadence.quarterly),
                ]),
            ),
            ("Escalation path", self.escalation_path),
            ("Participation rule", self.participation_rule),
            (
                "Roles",
                labelled_lines([
                    ("Executive sponsor", self.sponsor),
                    ("Facilitator", self.facilitator),
                    ("Members", ", ".join(self.members)),
                ]),
            ),
        ]


def check_charter(charter: Charter | str, rules: str | Path | None = None) -> PageCheck:
    if isinstance(charter, str):
        charter = Charter.from_text(charter)
    return charter.check(rules)
