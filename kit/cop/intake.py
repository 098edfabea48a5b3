"""Case intake for peer clinics: what a case must say before it gets an hour of the group's time.

The CoP playbook's intake rule decides what reaches the agenda: the process affected, the
execution impact, and the decision or standard the group must produce. The rules live in
rubrics/intake.yaml and run on the rubric engine (`check_record` over named fields, with the
engine's `abstract_topic`, `no_practice_change` and `pattern_absent` detectors). kit.cop.charter
checks its charter the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from kit.errors import InputError
from kit.model import EditableModel, Finding, Level, OkrSet
from kit.paths import data_dir
from kit.rubric import Rubric, load_rule_files

# -- running a rule file over named fields -----------------------------------------------------------


def check_fields(values: Mapping[str, str], rubric: Rubric, scope: str) -> list[Finding]:
    """Run the `scope` rules over the named fields (and `all` of them joined), keeping the field
    each finding is about, so views can show it beside that field."""
    return [
        finding if finding.field else finding.model_copy(update={"field": "text"})
        for finding in rubric.check_record(scope, dict(values))
    ]


# -- the case --------------------------------------------------------------------------------------

INTAKE_FIELDS = ("title", "owner", "process", "impact", "decision", "okr", "evidence", "summary")

_LABELS: dict[str, str] = {
    "case": "title",
    "title": "title",
    "topic": "title",
    "owner": "owner",
    "case owner": "owner",
    "process": "process",
    "process affected": "process",
    "impact": "impact",
    "execution impact": "impact",
    "cost": "impact",
    "decision": "decision",
    "decision needed": "decision",
    "standard": "decision",
    "ask": "decision",
    "okr": "okr",
    "kr": "okr",
    "key result": "okr",
    "live okr": "okr",
    "evidence": "evidence",
    "okr set": "okr_set",
    "link": "okr_set",
    "summary": "summary",
    "context": "summary",
}
_LABEL_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z ]{0,20}?)\s*:\s*(.*)$")


class CaseIntake(EditableModel):
    """A live execution problem a member brings to a clinic. Every field may be empty: the
    intake check says what is missing rather than refusing the draft."""

    title: str = ""
    owner: str = ""
    process: str = Field(default="", description="The process, meeting or hand-off affected.")
    impact: str = Field(default="", description="What the problem costs in execution.")
    decision: str = Field(default="", description="The decision or standard the group must produce.")
    okr: str = Field(default="", description="The live objective or key result it concerns.")
    okr_set: str | None = Field(default=None, description="Path of a saved OKR set the case links to.")
    evidence: str = ""
    summary: str = Field(default="", description="Free text that fits none of the fields.")

    @classmethod
    def from_text(cls, text: str) -> CaseIntake:
        """Read "Label: value" lines as a facilitator pastes them; other lines become the summary."""
        values: dict[str, list[str]] = {}
        current = "summary"
        for raw in text.splitlines():
            match = _LABEL_LINE.match(raw)
            label = match.group(1).strip().lower() if match else ""
            if match and label in _LABELS:
                current = _LABELS[label]
                values.setdefault(current, []).append(match.group(2).strip())
            elif raw.strip():
                values.setdefault(current, []).append(raw.strip())
        fields: dict[str, Any] = {name: " ".join(parts).strip() for name, parts in values.items()}
        if "okr_set" in fields:
            fields["okr_set"] = fields["okr_set"] or None
        return cls(**fields)

    def field_values(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in INTAKE_FIELDS}

    def linked_okr_set(self) -> OkrSet | None:
        """The saved OKR set the case points at; a missing or unreadable file is an InputError."""
        if not self.okr_set:
            return None
        from kit.parse import parse

        path = Path(self.okr_set)
        if not path.is_file():
            raise InputError(
                "the linked OKR set does not exist", path=str(path), fix="Check the path or save the set first."
            )
        return parse(path)

    def linked_item(self) -> str | None:
        """The objective or KR of the linked set that the case's `okr` names (by shared words), if any."""
        okr_set = self.linked_okr_set()
        if okr_set is None or not self.okr.strip():
            return None
        wanted = _words(self.okr)
        candidates = [o.text for o in okr_set.objectives] + [kr.text for _, _, kr in okr_set.key_results()]
        scored = [(len(wanted & _words(text)) / max(1, len(wanted | _words(text))), text) for text in candidates]
        best = max(scored, default=(0.0, ""))
        return best[1] if best[0] >= 0.5 else None

    def to_markdown(self) -> str:
        rows = [
            ("Process affected", self.process),
            ("Execution impact", self.impact),
            ("Decision or standard needed", self.decision),
            ("Live OKR / KR", self.okr),
            ("Evidence", self.evidence),
        ]
        lines = [f"### Case: {inline_md(self.title) or '(untitled)'}", ""]
        if self.owner:
            lines += [f"Case owner: {inline_md(self.owner)}", ""]
        if self.summary:
            lines += [inline_md(self.summary), ""]
        lines += [f"- **{label}:** {inline_md(value) or '_missing_'}" for label, value in rows]
        if self.okr_set:
            lines.append(f"- **Linked OKR set:** `{self.okr_set}`")
        return "\n".join(lines) + "\n"


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\w%]+", text)}


def inline_md(text: str) -> str:
    """User text inside Markdown: one line, no accidental headings or HTML."""
    flat = " ".join(text.split())
    return flat.replace("<", "&lt;").replace(">", "&gt;")


class Verdict(StrEnum):
    READY = "ready"
    NEEDS_WORK = "needs work"
    PARK = "park"


ABSTRACT_RULE = "intake-abstract-topic"
PARK_RULE = "intake-park"


class IntakeCheck(BaseModel):
    """The intake rubric's answer: findings, and whether the case goes on the agenda."""

    case: CaseIntake
    findings: list[Finding]

    @property
    def is_abstract(self) -> bool:
        return any(f.rule == ABSTRACT_RULE for f in self.findings)

    @property
    def verdict(self) -> Verdict:
        if any(f.rule == PARK_RULE for f in self.findings):
            return Verdict.PARK
        if any(f.level in (Level.ERROR, Level.WARNING) for f in self.findings):
            return Verdict.NEEDS_WORK
        return Verdict.READY

    def for_field(self, name: str) -> list[Finding]:
        return [f for f in self.findings if f.field == name]


def intake_rules_path() -> Path:
    return data_dir("rubrics") / "intake.yaml"


def check_case(case: CaseIntake | str, rules: str | Path | None = None) -> IntakeCheck:
    """Check a case (or pasted intake text) against rubrics/intake.yaml or another rule file."""
    if isinstance(case, str):
        case = CaseIntake.from_text(case)
    rubric = load_rule_files(rules or intake_rules_path())
    return IntakeCheck(case=case, findings=check_fields(case.field_values(), rubric, "case"))
