"""The one-page CoP charter: an operating agreement, checked by rubrics/charter.yaml.

The CoP playbook: the charter names the execution problem the community exists to fix, who it
covers, what it must produce, its weekly/monthly/quarterly forums, its escalation path, one hard
participation rule, and the sponsor, facilitator and members. It fits on one page.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from kit.model import EditableModel
from kit.onepage import OnePage, PageCheck, Part, Section, labelled_lines

CADENCE = ("weekly", "monthly", "quarterly")


class Cadence(EditableModel):
    weekly: str = Field(default="", description="Working session: live cases, rewritten KRs, resolved dependencies.")
    monthly: str = Field(default="", description="Pattern review across teams, turned into standards.")
    quarterly: str = Field(default="", description="Reset: adopted vs dead artefacts, the next problem.")


class Charter(OnePage):
    PARTS = (
        Part("name", "Community", "e.g. Onboarding value stream OKR community", aliases=("name",)),
        Part("mandate", "Mandate", "The execution problem this community exists to fix", multiline=True),
        Part("scope", "Scope", "Teams, functions or value stream it covers"),
        Part("outputs", "Outputs", "One artefact per line: checklist, template, decision rule ...", multiline=True,
             split=";", aliases=("output",)),
        Part("cadence_weekly", "Weekly", "Working session: what happens every week"),
        Part("cadence_monthly", "Monthly", "Pattern review: what you look for across teams"),
        Part("cadence_quarterly", "Quarterly", "Reset: what you retire and what you pick next"),
        Part("escalation_path", "Escalation path", "What you resolve yourselves; what goes to whom, how fast",
             multiline=True, aliases=("escalation",)),
        Part("participation_rule", "Participation rule", "One hard rule, e.g. members bring live work",
             aliases=("participation",)),
        Part("sponsor", "Executive sponsor", "Name, role", aliases=("sponsor",)),
        Part("facilitator", "Facilitator", "Name (and a co-facilitator)"),
        Part("members", "Members", "One per line", multiline=True, split="[;,]", joiner=", "),
    )
    KIND = "charter"
    UNTITLED = "Community of Practice"
    RULES = "charter"
    SCOPE = "charter"

    mandate: str = ""
    scope: str = ""
    outputs: list[str] = Field(default_factory=list)
    cadence: Cadence = Field(default_factory=Cadence)
    escalation_path: str = ""
    participation_rule: str = ""
    sponsor: str = ""
    facilitator: str = ""
    members: list[str] = Field(default_factory=list)

    def get_part(self, key: str) -> str | list[str]:
        if key.startswith("cadence_"):
            return str(getattr(self.cadence, key.removeprefix("cadence_")))
        return super().get_part(key)

    def set_part(self, key: str, value: str | list[str]) -> None:
        if key.startswith("cadence_"):
            setattr(self.cadence, key.removeprefix("cadence_"), value)
        else:
            super().set_part(key, value)

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
