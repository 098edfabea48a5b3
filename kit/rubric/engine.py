"""Load rules from YAML, validate them, and run their detectors over OKR sets or any named text fields.

A rule file is data. An OKR wording rule is a condition over the reading's named features
(`when:`, see kit/rubric/conditions.py), read with the word lists of one vocabulary file (the rule
file's `vocabulary:`); any other rule names a detector and gives it parameters (thresholds, word
lists, patterns). The engine knows neither rules nor words, so adding or tuning a rule never needs a
code change. Mistakes in a rule file are reported with the file and line, because the people who
tune rules are coaches, not programmers.

A rule marked `exclusive: true` runs before the other rules of its scope; when it fires for a
subject, its finding is the only one about that subject from that scope (e.g. "this key result is
not in English" rather than English findings that cannot apply to it).

Layering: the house rules load first; an extra file then overrides rules with the same id (its
keys replace the house keys; `params` are merged key by key), adds rules with new ids, and
`enabled: false` switches a rule off.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kit.errors import RubricError
from kit.model import Finding, KeyResult, Level, Mark, Objective, OkrSet
from kit.quantities import enrich
from kit.reading import FEATURES, Vocabulary, load_vocabulary, read_key_result, read_objective
from kit.reading.context import in_context
from kit.reading.words import Evidence
from kit.rubric import language as _language  # noqa: F401  (registers the `not_english` detector)
from kit.rubric.conditions import Condition, Evaluator, compile_condition
from kit.rubric.detectors import DETECTORS, Detector, Hit
from kit.rubric.gates import Gate
from kit.rubric.suggestion import render_filled
from kit.yamlfile import line_for, read_yaml, validation_problem

OKR_SCOPES = ("set", "objective", "key_result")
ALL_FIELDS = "all"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Examples(_Strict):
    bad: list[str] = Field(default_factory=list)
    good: list[str] = Field(default_factory=list)


class RuleSpec(_Strict):
    """One rule as written in a rubric file."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    level: Level
    scope: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    message: str
    why: str = ""
    hint: str = ""
    suggestion: str | None = None
    examples: Examples = Field(default_factory=Examples)
    when: Any = None
    detector: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    enabled: bool = True
    exclusive: bool = False  # when it fires, the other rules of its scope are not run for that subject


class RubricFile(_Strict):
    rubric: str = "okr"
    description: str = ""
    vocabulary: str | None = None
    gates: dict[str, Gate] = Field(default_factory=dict)
    rules: list[dict[str, Any]] = Field(default_factory=list)


class RuleFile(NamedTuple):
    """One rule file as read: its rubric name, raw rules with their lines, vocabulary and gates."""

    name: str
    rules: list[tuple[dict[str, Any], int | None]]
    vocabulary: Path | None
    gates: dict[str, tuple[Gate, int | None]]


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
                "baseline": kr.baseline if kr else None, "deadline": kr.deadline if kr else None,
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


# --- loading ---------------------------------------------------------------------------------


def read_rule_file(path: Path) -> RuleFile:
    """The raw rules of one file with their line numbers, the vocabulary file it names (relative to it)
    and its gates; structural mistakes raise RubricError."""
    located = read_yaml(path)
    data = located.data
    if data is None:
        return RuleFile("okr", [], None, {})
    if not isinstance(data, dict):
        raise RubricError("a rubric file must be a mapping with a 'rules' list", path=str(path), line=1)
    # "x-" keys hold YAML anchors shared by several rules (e.g. one vocabulary); the engine ignores them
    data = {key: value for key, value in data.items() if not str(key).startswith("x-")}
    try:
        parsed = RubricFile.model_validate(data)
    except ValidationError as exc:
        loc, problem = validation_problem(exc)
        raise RubricError(
            problem, path=str(path), line=line_for(located.lines, loc),
            fix="Allowed top-level keys: rubric, description, vocabulary, gates, rules, and x-<name> for anchors.",
        ) from None
    raw_rules = []
    for index, raw in enumerate(parsed.rules):
        line = line_for(located.lines, ("rules", index))
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise RubricError("each rule needs an 'id'", path=str(path), line=line)
        unknown = set(raw) - set(RuleSpec.model_fields)
        if unknown:
            key = sorted(unknown)[0]
            raise RubricError(
                f"rule '{raw['id']}': unknown key '{key}'", path=str(path),
                line=line_for(located.lines, ("rules", index, key)),
                fix=f"Allowed keys: {', '.join(RuleSpec.model_fields)}.",
            )
        raw_rules.append((raw, line))
    vocabulary = None
    if parsed.vocabulary:
        vocabulary = (path.parent / parsed.vocabulary).resolve()
        if not vocabulary.is_file():
            raise RubricError(
                f"vocabulary file '{parsed.vocabulary}' not found", path=str(path),
                line=line_for(located.lines, ("vocabulary",)), fix="Give a path relative to the rule file.",
            )
    gates = {name: (gate, line_for(located.lines, ("gates", name))) for name, gate in parsed.gates.items()}
    return RuleFile(parsed.rubric, raw_rules, vocabulary, gates)


def _compile(raw: dict[str, Any], path: str, line: int | None, vocabulary: Vocabulary | None) -> Rule:
    try:
        spec = RuleSpec.model_validate(raw)
    except ValidationError as exc:
        _, problem = validation_problem(exc)
        raise RubricError(f"rule '{raw.get('id')}': {problem}", path=path, line=line) from None
    if (spec.when is None) == (spec.detector is None):
        raise RubricError(
            f"rule '{spec.id}': give either 'when' (a condition over features) or 'detector'", path=path, line=line,
        )
    if spec.when is not None:
        if spec.params:
            raise RubricError(
                f"rule '{spec.id}': a 'when' rule takes no params", path=path, line=line,
                fix="Word lists live in the vocabulary: give your own with 'vocabulary:' and 'extend:' in it.",
            )
        return _compile_condition(spec, path, line, vocabulary)
    detector = DETECTORS.get(spec.detector or "")
    if detector is None:
        raise RubricError(
            f"rule '{spec.id}': unknown detector '{spec.detector}'", path=path, line=line,
            fix=f"Known detectors: {', '.join(sorted(DETECTORS))}.",
        )
    try:
        params = detector.params_model.model_validate(spec.params)
    except ValidationError as exc:
        _, problem = validation_problem(exc)
        raise RubricError(f"rule '{spec.id}': params {problem}", path=path, line=line) from None
    except re.error as exc:
        raise RubricError(f"rule '{spec.id}': bad pattern ({exc})", path=path, line=line) from None
    return Rule(spec=spec, detector=detector, params=params, path=path, line=line)


def _compile_condition(spec: RuleSpec, path: str, line: int | None, vocabulary: Vocabulary | None) -> Rule:
    features = FEATURES.get(spec.scope)
    if features is None:
        raise RubricError(
            f"rule '{spec.id}': scope '{spec.scope}' has no features to put a condition on", path=path, line=line,
            fix=f"Conditions read {' or '.join(FEATURES)}; other scopes name a detector.",
        )
    if vocabulary is None:
        raise RubricError(
            f"rule '{spec.id}': a condition needs a vocabulary", path=path, line=line,
            fix="Name one at the top of the rule file: vocabulary: vocabulary.yaml",
        )
    try:
        condition = compile_condition(spec.when, features)
    except ValueError as exc:
        raise RubricError(f"rule '{spec.id}': when: {exc}", path=path, line=line) from None
    params = ConditionParams(condition, condition.evaluator(), vocabulary, f"features:{id(vocabulary)}")
    return Rule(spec=spec, detector=CONDITION, params=params, path=path, line=line)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    if "when" in override:
        base = {key: value for key, value in base.items() if key not in ("detector", "params")}
    elif "detector" in override:
        base = {key: value for key, value in base.items() if key != "when"}
    merged = {**base, **override}
    if isinstance(base.get("params"), dict) and isinstance(override.get("params"), dict):
        merged["params"] = {**base["params"], **override["params"]}
    return merged


def build_rubric(paths: Iterable[Path]) -> Rubric:
    """Layer rule files in order: later files override earlier ones by rule id."""
    raw_by_id: dict[str, tuple[dict[str, Any], str, int | None]] = {}
    name = "okr"
    vocabularies: list[Path] = []
    gates: dict[str, tuple[Gate, str, int | None]] = {}
    for index, path in enumerate(paths):
        file_name, raw_rules, vocabulary_path, file_gates = read_rule_file(path)
        if vocabulary_path is not None:
            vocabularies.append(vocabulary_path)
        if index == 0:
            name = file_name
        gates.update({gate_name: (gate, str(path), line) for gate_name, (gate, line) in file_gates.items()})
        for raw, line in raw_rules:
            previous = raw_by_id.get(raw["id"])
            merged = _merge(previous[0], raw) if previous else raw
            raw_by_id[raw["id"]] = (merged, str(path), line)
    vocabulary = None
    if vocabularies:
        stamps = tuple((p.stat().st_mtime_ns, p.stat().st_size) for p in vocabularies)
        vocabulary = load_vocabulary(tuple(vocabularies), stamps)
    rules = [_compile(raw, path, line, vocabulary) for raw, path, line in raw_by_id.values()]
    for gate_name, (gate, gate_file, gate_line) in gates.items():
        unknown = [rule_id for rule_id in gate.block_rules if rule_id not in raw_by_id]
        if unknown:
            raise RubricError(
                f"gate '{gate_name}' names an unknown rule '{unknown[0]}'", path=gate_file, line=gate_line,
                fix="Name rules by their id, as `okr-kit rules` lists them.",
            )
    return Rubric(name=name, rules=[rule for rule in rules if rule.spec.enabled],
                  gates={gate_name: gate for gate_name, (gate, _, _) in gates.items()})


# --- running ---------------------------------------------------------------------------------

def _in_original(spans: Sequence[Mark], text: str) -> list[dict[str, Any]]:
    """The finding's spans, pointing at the words as the author wrote them (detectors match lower-cased text).

    Given as plain dicts: validating the finding turns them into `Span`s at once, cheaper than one by one.
    """
    fixed = []
    for start, end, words in spans:
        original = text[start:end]
        if original != words and original.lower() == words.lower():
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

    def __init__(self, name: str, rules: list[Rule], gates: dict[str, Gate] | None = None) -> None:
        self.name = name
        self.rules = rules
        self.gates = gates or {}
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
