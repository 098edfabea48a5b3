"""Loading rule files: read, validate, layer by rule id, and compile each rule's detector once.

A rule file is data. An OKR wording rule is a condition over the reading's named features
(`when:`, see kit/rubric/conditions.py), read with the word lists of one vocabulary file (the rule
file's `vocabulary:`); any other rule names a detector and gives it parameters (thresholds, word
lists, patterns). Mistakes in a rule file are reported with the file and line, because the people
who tune rules are coaches, not programmers.

Layering: the house rules load first; an extra file then overrides rules with the same id (its
keys replace the house keys; `params` are merged key by key), adds rules with new ids, and
`enabled: false` switches a rule off. Gates are layered by name the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kit.errors import RubricError
from kit.reading import FEATURES, Vocabulary, load_vocabulary
from kit.rubric.conditions import compile_condition
from kit.rubric.detectors import DETECTORS
from kit.rubric.engine import CONDITION, ConditionParams, Rubric, Rule
from kit.rubric.gates import Gate
from kit.rubric.spec import RubricFile, RuleFile, RuleSpec
from kit.yamlfile import line_for, read_yaml, validation_problem


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
                  gates={gate_name: gate for gate_name, (gate, _, _) in gates.items()}, vocabulary=vocabulary)
