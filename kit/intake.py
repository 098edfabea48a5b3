"""Case intake for peer clinics: what a case must say before it gets an hour of the group's time.

The CoP playbook's intake rule decides what reaches the agenda: the process affected, the
execution impact, and the decision or standard the group must produce. The rules live in
rubrics/intake.yaml and run on the rubric engine (`check_record` over named fields). Three
detectors the engine does not ship are registered here: `abstract_topic`, `no_practice_change`
and `pattern_absent`. kit.charter checks its charter the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kit.errors import InputError
from kit.model import Level, OkrSet, Span
from kit.paths import data_dir
from kit.rubric import Rubric, load_rule_files
from kit.rubric.detectors import Hit, Params, detector

if TYPE_CHECKING:
    from kit.rubric.engine import Subject

# -- detectors for rules over named text fields ----------------------------------------------------

ALL_FIELDS = "all"


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@cache
def _word_regex(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b({alternatives})\b", re.IGNORECASE)


def _spans(pattern: re.Pattern[str] | None, text: str) -> list[Span]:
    if pattern is None:
        return []
    return [Span(start=m.start(), end=m.end(), text=m.group(0)) for m in pattern.finditer(text)]


def _matches_any(patterns: list[str], text: str) -> bool:
    return any(_regex(p).search(text) for p in patterns)


def _compile_all(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        _regex(pattern)  # a bad pattern fails when the rule file loads, with its file and line
    return patterns


class PatternAbsentParams(Params):
    field: str = "text"
    patterns: list[str]

    _check = field_validator("patterns")(_compile_all)


@detector("pattern_absent", PatternAbsentParams)
def pattern_absent(subject: Subject, params: PatternAbsentParams) -> Hit | None:
    """Fires when the field is filled in but matches none of `patterns` (empty is `missing`'s job)."""
    text = subject.fields.get(params.field, "")
    if text.strip() and not _matches_any(params.patterns, text):
        return Hit()
    return None


class AbstractTopicParams(Params):
    field: str = ALL_FIELDS
    min_signals: int = 2
    abstract_terms: list[str] = Field(default_factory=list)
    signals: dict[str, list[str]]

    @field_validator("signals")
    @classmethod
    def _compile_signals(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for patterns in value.values():
            _compile_all(patterns)
        return value


@detector("abstract_topic", AbstractTopicParams)
def abstract_topic(subject: Subject, params: AbstractTopicParams) -> Hit | None:
    """Fires when fewer than `min_signals` kinds of concrete signal appear (e.g. process named, cost
    named, decision named). The abstract words are pointed at, never counted: "KR alignment" is
    abstract because it names nothing that slips and no decision, not because it says "alignment"."""
    text = subject.fields.get(params.field, "")
    found = sum(1 for patterns in params.signals.values() if _matches_any(patterns, text))
    if found >= params.min_signals:
        return None
    return Hit(spans=_spans(_word_regex(tuple(params.abstract_terms)), text))


class PracticeChangeParams(Params):
    field: str = ALL_FIELDS
    practice: list[str]
    decision: list[str] = Field(default_factory=list)
    complaint: list[str] = Field(default_factory=list)

    _check = field_validator("practice", "decision", "complaint")(_compile_all)


@detector("no_practice_change", PracticeChangeParams)
def no_practice_change(subject: Subject, params: PracticeChangeParams) -> Hit | None:
    """Fires when nothing in the room could change: no process or decision named at all, or a
    complaint with no decision asked for."""
    text = subject.fields.get(params.field, "")
    if not text.strip():
        return None
    complaint = [s for p in params.complaint for s in _spans(_regex(p), text)]
    if complaint and not _matches_any(params.decision, text):
        return Hit(spans=complaint)
    if not _matches_any(params.practice, text):
        return Hit(spans=complaint)
    return None


# -- running a rule file over named fields -----------------------------------------------------------


class TextFinding(BaseModel):
    """A finding about one named field (or `all` fields together) of a case or a charter."""

    model_config = ConfigDict(extra="forbid")

    rule: str
    level: Level
    message: str
    hint: str = ""
    why: str = ""
    field: str = Field(description="The field the finding is about, or 'all' for the whole text.")
    text: str = ""
    spans: list[Span] = Field(default_factory=list)


def check_fields(values: Mapping[str, str], rubric: Rubric, scope: str) -> list[TextFinding]:
    """Run the `scope` rules over the named fields plus `all` (every field joined), and say which
    field each finding is about, so views can show it beside that field."""
    fields = dict(values)
    fields[ALL_FIELDS] = "\n".join(v for v in values.values() if v.strip())
    specs = {rule.id: rule.spec for rule in rubric.rules}
    findings = []
    for finding in rubric.check_record(scope, fields):
        spec = specs[finding.rule]
        field = str(spec.params.get("field", "text"))
        findings.append(
            TextFinding(
                rule=finding.rule,
                level=finding.level,
                message=finding.message,
                hint=finding.hint,
                why=spec.why,
                field=field,
                text=fields.get(field, ""),
                spans=finding.spans,
            )
        )
    return findings


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


class CaseIntake(BaseModel):
    """A live execution problem a member brings to a clinic. Every field may be empty: the
    intake check says what is missing rather than refusing the draft."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

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
    findings: list[TextFinding]

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

    def for_field(self, name: str) -> list[TextFinding]:
        return [f for f in self.findings if f.field == name]


def intake_rules_path() -> Path:
    return data_dir("rubrics") / "intake.yaml"


def check_case(case: CaseIntake | str, rules: str | Path | None = None) -> IntakeCheck:
    """Check a case (or pasted intake text) against rubrics/intake.yaml or another rule file."""
    if isinstance(case, str):
        case = CaseIntake.from_text(case)
    rubric = load_rule_files(rules or intake_rules_path())
    return IntakeCheck(case=case, findings=check_fields(case.field_values(), rubric, "case"))
