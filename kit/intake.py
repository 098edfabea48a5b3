"""Case intake for peer clinics: what a case must say before it gets an hour of the group's time.

The CoP playbook's intake rule decides what reaches the agenda: the process affected, the
execution impact, and the decision or standard the group must produce. The rules live in
rubrics/intake.yaml. Until kit.rubric checks named text fields, the small field-rule checker
below reads those files (same rule shape as rubrics/okr.yaml) so the data can move to the
engine unchanged; kit.charter uses it too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kit.errors import InputError, RubricError
from kit.model import Level, OkrSet, Span
from kit.paths import data_dir

# -- field rules: rules as data over named text fields -------------------------------------------

RULE_KEYS = {"id", "level", "scope", "message", "why", "hint", "examples", "detector", "params"}
FILE_KEYS = {"rubric", "description", "rules"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RuleExamples(_Strict):
    bad: list[str] = Field(default_factory=list)
    good: list[str] = Field(default_factory=list)


class FieldRule(_Strict):
    """One rule from a rule file; `detector` names a function in DETECTORS."""

    id: str
    level: Level
    scope: str
    message: str
    why: str = ""
    hint: str = ""
    examples: RuleExamples
    detector: str
    params: dict[str, Any] = Field(default_factory=dict)


class TextFinding(_Strict):
    """A finding about one named field (or all fields together) of a case or charter."""

    rule: str
    level: Level
    message: str
    hint: str = ""
    why: str = ""
    field: str = Field(description="The field the finding is about, or 'all' for the whole text.")
    text: str = ""
    spans: list[Span] = Field(default_factory=list)


class _Hit(BaseModel):
    field: str
    text: str = ""
    spans: list[Span] = Field(default_factory=list)


Detector = Callable[[Mapping[str, str], Mapping[str, Any]], "_Hit | None"]


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@cache
def _word_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b({alternatives})\b", re.IGNORECASE)


def _spans(pattern: re.Pattern[str], text: str) -> list[Span]:
    return [Span(start=m.start(), end=m.end(), text=m.group(0)) for m in pattern.finditer(text)]


def _target(values: Mapping[str, str], params: Mapping[str, Any]) -> tuple[str, str]:
    """The field a detector reads: one named field, or every field joined (`fields: all`)."""
    name = str(params.get("field", params.get("fields", "all")))
    if name == "all":
        return "all", "\n".join(v for v in values.values() if v.strip())
    return name, values.get(name, "")


def _matches_any(patterns: list[str], text: str) -> bool:
    return any(_regex(p).search(text) for p in patterns)


def field_missing(values: Mapping[str, str], params: Mapping[str, Any]) -> _Hit | None:
    """Empty, or fewer words than the rule asks for: a placeholder is not an answer."""
    name, text = _target(values, params)
    if len(text.split()) < int(params.get("min_words", 1)):
        return _Hit(field=name, text=text)
    return None


def pattern_absent(values: Mapping[str, str], params: Mapping[str, Any]) -> _Hit | None:
    """A filled-in field that matches none of the patterns (an empty one is field_missing's job)."""
    name, text = _target(values, params)
    if text.strip() and not _matches_any(list(params["patterns"]), text):
        return _Hit(field=name, text=text)
    return None


def pattern_present(values: Mapping[str, str], params: Mapping[str, Any]) -> _Hit | None:
    """Words a rule warns about (vague verbs, slogans), pointed at in the text."""
    name, text = _target(values, params)
    spans = [s for p in params.get("patterns", []) for s in _spans(_regex(p), text)]
    if params.get("words"):
        spans += _spans(_word_regex(tuple(params["words"])), text)
    if not spans:
        return None
    if "unless" in params and _matches_any(list(params["unless"]), text):
        return None
    return _Hit(field=name, text=text, spans=sorted(spans, key=lambda s: s.start))


def abstract_topic(values: Mapping[str, str], params: Mapping[str, Any]) -> _Hit | None:
    """Too few kinds of concrete signal (process named, cost named, decision named).

    The abstract words are only pointed at, never counted: "KR alignment" is abstract because
    it names nothing that slips and no decision, not because it says "alignment".
    """
    name, text = _target(values, params)
    signals: Mapping[str, list[str]] = params["signals"]
    found = sum(1 for patterns in signals.values() if _matches_any(list(patterns), text))
    if found >= int(params.get("min_signals", 2)):
        return None
    spans = _spans(_word_regex(tuple(params.get("abstract_terms", ()))), text)
    return _Hit(field=name, text=text, spans=spans)


def no_practice_change(values: Mapping[str, str], params: Mapping[str, Any]) -> _Hit | None:
    """Nothing in the room could change: no process or decision named, or a complaint with no ask."""
    name, text = _target(values, params)
    if not text.strip():
        return None
    complaint = [s for p in params.get("complaint", []) for s in _spans(_regex(p), text)]
    if complaint and not _matches_any(list(params.get("decision", [])), text):
        return _Hit(field=name, text=text, spans=complaint)
    if not _matches_any(list(params.get("practice", [])), text):
        return _Hit(field=name, text=text, spans=complaint)
    return None


def too_many_words(values: Mapping[str, str], params: Mapping[str, Any]) -> _Hit | None:
    """Longer than a page: documents people cannot scan in two minutes do not get used."""
    name, text = _target(values, params)
    if len(text.split()) > int(params["max_words"]):
        return _Hit(field=name, text=text)
    return None


DETECTORS: dict[str, Detector] = {
    "field_missing": field_missing,
    "pattern_absent": pattern_absent,
    "pattern_present": pattern_present,
    "abstract_topic": abstract_topic,
    "no_practice_change": no_practice_change,
    "too_many_words": too_many_words,
}


def _rule_lines(text: str) -> list[int]:
    """1-based line of each rule in the file, so a bad rule is reported where it is written."""
    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "rules" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


@cache
def _load_rules_cached(path: str, mtime: float) -> tuple[FieldRule, ...]:
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
        lines = _rule_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RubricError(
            f"not valid YAML ({getattr(exc, 'problem', exc)})",
            path=path,
            line=mark.line + 1 if mark else None,
            fix="Check the indentation and quoting around that line.",
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RubricError("expected a mapping with a `rules:` list", path=path, line=1)
    unknown_top = sorted(set(data) - FILE_KEYS)
    if unknown_top:
        raise RubricError(
            f"unknown top-level key(s) {', '.join(unknown_top)}",
            path=path,
            fix=f"Allowed: {', '.join(sorted(FILE_KEYS))}.",
        )
    rules: list[FieldRule] = []
    for index, raw in enumerate(data["rules"]):
        line = lines[index] if index < len(lines) else None
        if not isinstance(raw, dict):
            raise RubricError("each rule must be a mapping", path=path, line=line)
        unknown = sorted(set(raw) - RULE_KEYS)
        if unknown:
            raise RubricError(
                f"unknown key(s) {', '.join(unknown)} in rule {raw.get('id', index + 1)}",
                path=path,
                line=line,
                fix=f"Allowed keys: {', '.join(sorted(RULE_KEYS))}.",
            )
        try:
            rule = FieldRule.model_validate(raw)
        except ValidationError as exc:
            problem = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise RubricError(f"rule {raw.get('id', index + 1)}: {problem}", path=path, line=line) from None
        if rule.detector not in DETECTORS:
            raise RubricError(
                f"rule {rule.id} names unknown detector {rule.detector!r}",
                path=path,
                line=line,
                fix=f"Use one of: {', '.join(sorted(DETECTORS))}.",
            )
        for pattern in _patterns_of(rule.params):
            try:
                _regex(pattern)
            except re.error as exc:
                raise RubricError(f"rule {rule.id}: bad pattern {pattern!r} ({exc})", path=path, line=line) from None
        rules.append(rule)
    return tuple(rules)


def _patterns_of(params: Any) -> list[str]:
    """Every regular expression in a rule's params (lists of strings under pattern-ish keys)."""
    found: list[str] = []
    if isinstance(params, dict):
        for key, value in params.items():
            if key in {"abstract_terms", "words", "field", "fields"}:
                continue
            found += _patterns_of(value)
    elif isinstance(params, list):
        for item in params:
            found += [item] if isinstance(item, str) else _patterns_of(item)
    return found


def load_field_rules(path: str | Path) -> list[FieldRule]:
    """Rules from a YAML file, cached until the file changes (checking while typing stays instant)."""
    resolved = Path(path).resolve()
    if not resolved.is_file():
        raise RubricError("rule file not found", path=str(path))
    return list(_load_rules_cached(str(resolved), resolved.stat().st_mtime))


def check_fields(values: Mapping[str, str], rules: list[FieldRule]) -> list[TextFinding]:
    """Run each rule's detector over the named fields; one finding per rule that fires."""
    findings: list[TextFinding] = []
    for rule in rules:
        hit = DETECTORS[rule.detector](values, rule.params)
        if hit is not None:
            findings.append(
                TextFinding(
                    rule=rule.id,
                    level=rule.level,
                    message=rule.message,
                    hint=rule.hint,
                    why=rule.why,
                    field=hit.field,
                    text=hit.text,
                    spans=hit.spans,
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
    loaded = load_field_rules(rules or intake_rules_path())
    return IntakeCheck(case=case, findings=check_fields(case.field_values(), loaded))
