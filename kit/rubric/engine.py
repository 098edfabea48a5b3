"""Run validated rules over OKR sets or any named text fields: the one review engine.

The engine knows neither rules nor words: rules arrive compiled (kit.rubric.loading) with their
detector and parameters, so adding or tuning a rule never needs a code change here.

A rule marked `exclusive: true` runs before the other rules of its scope; when it fires for a
subject, its finding is the only one about that subject from that scope (e.g. "this key result is
not in English" rather than English findings that cannot apply to it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pydantic import BaseModel

from kit.model import Finding, KeyResult, Level, Mark, Objective, OkrSet
from kit.quantities import enrich
from kit.reading import Vocabulary, read_key_result, read_objective
from kit.reading.context import in_context
from kit.reading.words import Evidence
from kit.rubric import language as _language  # noqa: F401  (registers the `not_english` detector)
from kit.rubric import set_detectors as _set_detectors  # noqa: F401  (registers counts, mix and duplicates)
from kit.rubric.conditions import Condition, Evaluator
from kit.rubric.detectors import Detector, Hit
from kit.rubric.gates import Gate
from kit.rubric.spec import RuleSpec
from kit.rubric.suggestion import render_filled

OKR_SCOPES = ("set", "objective", "key_result")
ALL_FIELDS = "all"


@dataclass(slots=True)
class Subject:
    """What a detector looks at: named text fields, plus the OKR context when there is one.

    Slotted: a review makes one per KR and every detector reads its attributes.
    """

    fields: dict[str, str]
    scope: str
    okr_set: OkrSet | None = None
    objective: Objective | None = None
    objective_index: int | None = None
    key_result: KeyResult | None = None
    kr_index: int | None = None
    memo: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ConditionParams:
    """A `when:` rule's compiled condition and the vocabulary its features are read with."""

    condition: Condition
    holds: Evaluator
    vocabulary: Vocabulary
    key: str  # where a subject keeps the features read with this vocabulary


def _features(subject: Subject, vocabulary: Vocabulary, key: str) -> tuple[dict[str, Evidence], dict[str, str]]:
    """The subject's features and rewrite fills, read once per subject whatever rules ask for them."""
    found = subject.memo.get(key)
    if found is None:
        text = subject.fields.get("text", "")
        if subject.scope == "objective":
            found = (read_objective(text, vocabulary).features, {})
        else:
            reading = read_key_result(text, vocabulary)
            kr = subject.key_result
            given: dict[str, object] = {
                "baseline": kr.baseline if kr else None, "target": kr.target if kr else None,
                "deadline": kr.deadline if kr else None,
                "owner": subject.fields.get("owner"), "source": subject.fields.get("source"),
            }
            cycle = subject.okr_set.cycle if subject.okr_set is not None else None
            found = (in_context(reading, vocabulary, text, given, cycle), reading.fills)
        subject.memo[key] = found
    return found  # type: ignore[return-value]


def _run_condition(subject: Subject, params: ConditionParams) -> Hit | None:
    """Fires when the rule's condition holds over the subject's features, pointing at their evidence."""
    features, fills = _features(subject, params.vocabulary, params.key)
    evidence = params.holds(features)
    return None if evidence is None else Hit(spans=list(evidence), fills=fills)


CONDITION = Detector(name="when", params_model=ConditionParams, fn=_run_condition, doc=_run_condition.__doc__ or "")


@dataclass(frozen=True)
class Rule:
    """A validated rule with its detector's parameters compiled once."""

    spec: RuleSpec
    detector: Detector
    params: BaseModel | ConditionParams
    path: str
    line: int | None

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def field(self) -> str | None:
        """The record field the rule's detector reads, when its parameters name one."""
        value = getattr(self.params, "field", None)
        return value if isinstance(value, str) else None


# --- running ---------------------------------------------------------------------------------

def _in_original(spans: Sequence[Mark], text: str) -> list[dict[str, Any]]:
    """The finding's spans, pointing at the words as the author wrote them (detectors match lower-cased text),
    without the blanks around them.

    Given as plain dicts: validating the finding turns them into `Span`s at once, cheaper than one by one.
    """
    fixed = []
    for start, end, marked in spans:
        words = marked.strip()  # a pattern anchored at the start may take in a label blanked to spaces
        start += len(marked) - len(marked.lstrip())
        end = start + len(words)
        original = text[start:end]
        if len(original) == len(words):  # the same place, read lower-cased or with asides blanked
            words = original
        fixed.append({"start": start, "end": end, "text": words})
    return fixed


# Builds a Finding from a dict without `BaseModel.__init__`'s Python layer (same validation, same model).
_new_finding = Finding.__pydantic_validator__.validate_python


class _Step(NamedTuple):
    """What running one rule needs, read from its spec and parameters once, when the rubric is built."""

    fn: Callable[[Subject, Any], Hit | None]
    params: BaseModel | ConditionParams
    rule: str
    level: Level
    message: str
    hint: str
    suggestion: str | None
    field: str | None
    exclusive: bool


class Rubric:
    """A loaded, validated set of rules; cheap to run, expensive only to build."""

    def __init__(self, name: str, rules: list[Rule], gates: dict[str, Gate] | None = None,
                 vocabulary: Vocabulary | None = None) -> None:
        self.name = name
        self.rules = rules
        self.gates = gates or {}
        self.vocabulary = vocabulary  # the word lists its conditions read, compiled once for every reader
        self._by_scope: dict[str, list[_Step]] = {}
        # exclusive rules first, so one that fires can stand for the whole scope before the others run
        for rule in sorted(rules, key=lambda rule: not rule.spec.exclusive):
            spec = rule.spec
            step = _Step(rule.detector.fn, rule.params, spec.id, spec.level, spec.message, spec.hint,
                         spec.suggestion or None, rule.field, spec.exclusive)
            self._by_scope.setdefault(spec.scope, []).append(step)

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def _findings(self, subject: Subject, text_field: str | None = None) -> list[Finding]:
        """Findings about `subject`; with `text_field` None (OKR items) each is about the `text` field,
        else (records) about the field its rule reads, or `text_field` when its rule names none.
        An exclusive rule that fires is the only finding (exclusive rules run first)."""
        findings = []
        okr_scope = subject.scope if subject.scope in OKR_SCOPES else "set"
        fields = subject.fields
        for fn, params, rule_id, level, message, hint, suggestion, rule_field, exclusive in self._by_scope.get(
            subject.scope, ()
        ):
            hit = fn(subject, params)
            if hit is None:
                continue
            field_name = None if text_field is None else rule_field or text_field
            text = fields.get(field_name or "text", "")
            findings.append(
                _new_finding({
                    "rule": rule_id,
                    "level": level,
                    "message": hit.message or message,
                    "hint": hint,
                    "scope": okr_scope,
                    "objective_index": subject.objective_index,
                    "kr_index": subject.kr_index,
                    "text": text,
                    "field": field_name,
                    "spans": _in_original(hit.spans, text) if hit.spans else [],
                    "suggestion": None if suggestion is None else render_filled(suggestion, tuple(hit.fills.items())),
                })
            )
            if exclusive:
                return findings[-1:]
        return findings

    def check_record(self, scope: str, fields: dict[str, str]) -> list[Finding]:
        """Run the rules of `scope` over any named text fields (e.g. a clinic case's `question`).

        This is how rubrics other than the OKR one reuse the engine: their YAML names a scope
        of their own and detectors such as `words`, `pattern_absent` or `missing` with
        `field: <name>`; `field: all` reads every filled-in field joined by newlines. Each
        finding's `field` names the field its rule reads and `text` is that field's text, so a
        view can show it beside that field (a rule naming no field concerns the `text` field when
        there is one, else the first field).
        """
        record = dict(fields)
        record.setdefault(ALL_FIELDS, "\n".join(value for value in fields.values() if value.strip()))
        text_field = "text" if "text" in fields else next(iter(fields), "text")
        return self._findings(Subject(fields=record, scope=scope), text_field)

    def check(self, okr_set: OkrSet) -> list[Finding]:
        """Every finding about an OKR set: set rules, then each objective and its KRs in order.

        KRs are enriched from their text here (idempotent), so a bare model reviews the same as
        a parsed file.
        """
        findings = self._findings(
            Subject(fields={"text": okr_set.title or "", "cycle": okr_set.cycle or ""}, scope="set",
                    okr_set=okr_set)
        )
        for oi, objective in enumerate(okr_set.objectives):
            findings += self._findings(
                Subject(fields={"text": objective.text, "owner": objective.owner or ""}, scope="objective",
                        okr_set=okr_set, objective=objective, objective_index=oi)
            )
            for ki, kr in enumerate(objective.key_results):
                enriched = enrich(kr)
                findings += self._findings(
                    Subject(
                        fields={"text": kr.text, "owner": enriched.owner or "", "source": enriched.source or "",
                                "objective": objective.text},
                        scope="key_result", okr_set=okr_set, objective=objective, objective_index=oi,
                        key_result=enriched, kr_index=ki,
                    )
                )
        return findings
