"""Rule documentation as the reports need it, read from whatever the rubric engine exposes.

`okr-kit rules`, the README's rule list and SARIF's rule table all come from here, so a rule
documented once in its YAML file reads the same everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from kit.model import Level
from kit.report.common import markdown_inline


@dataclass(frozen=True)
class RuleDoc:
    id: str
    level: Level
    message: str
    why: str = ""
    hint: str = ""
    bad: str = ""
    good: str = ""
    suggestion: str = ""
    when: str = ""


def rule_docs(rules: Iterable[Any] | Mapping[str, Any]) -> list[RuleDoc]:
    """Accept the rubric's rule objects (attributes) or plain mappings, as a list or keyed by id."""
    items = rules.values() if isinstance(rules, Mapping) else rules
    specs = [getattr(rule, "spec", rule) for rule in items]  # the engine keeps a rule's docs in `.spec`
    return [_doc(spec) for spec in specs if _field(spec, "enabled") is not False]


def _field(rule: Any, name: str) -> Any:
    if isinstance(rule, Mapping):
        return rule.get(name)
    return getattr(rule, name, None)


def _example(rule: Any, kind: str) -> str:
    direct = _field(rule, kind)
    if isinstance(direct, str):
        return direct
    examples = _field(rule, "examples")
    found = examples.get(kind) if isinstance(examples, Mapping) else getattr(examples, kind, None)
    if isinstance(found, list | tuple):
        return found[0] if found else ""
    return str(found) if found else ""


def _doc(rule: Any) -> RuleDoc:
    level = _field(rule, "level")
    return RuleDoc(
        id=str(_field(rule, "id")),
        level=Level(level.value if isinstance(level, Level) else str(level)),
        message=str(_field(rule, "message") or ""),
        why=str(_field(rule, "why") or ""),
        hint=str(_field(rule, "hint") or ""),
        bad=_example(rule, "bad"),
        good=_example(rule, "good"),
        suggestion=str(_field(rule, "suggestion") or ""),
        when=describe_condition(_field(rule, "when")),
    )


def describe_condition(raw: Any) -> str:
    """A rule's `when:` as one line a coach can read: "all of (no_amount, any of (fuzzy, ...))"."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, Mapping) and len(raw) == 1:
        kind, value = next(iter(raw.items()))
        if kind == "not":
            return f"not {describe_condition(value)}"
        parts = ", ".join(describe_condition(part) for part in value)
        return f"{kind} of ({parts})"
    return str(raw)


def render_features_text(features: Mapping[str, Mapping[str, str]]) -> str:
    """What a `when:` condition can name, scope by scope, with what each feature means."""
    blocks = []
    for scope, named in features.items():
        width = max(len(name) for name in named)
        lines = [f"{scope} features:"] + [f"  {name.ljust(width)}  {doc}" for name, doc in named.items()]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def render_rules_text(docs: Sequence[RuleDoc]) -> str:
    blocks = []
    for doc in docs:
        lines = [f"{doc.id} ({doc.level.value})", f"  {doc.message}"]
        lines += [f"  {label}: {value}" for label, value in _details(doc) if value]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def render_rules_markdown(docs: Sequence[RuleDoc]) -> str:
    """The rule list for the README: one section per rule, examples as quoted KR text."""
    blocks = []
    for doc in docs:
        lines = [f"### `{doc.id}` ({doc.level.value})", "", markdown_inline(doc.message)]
        for label, value in _details(doc):
            if value:
                lines += ["", f"**{label.capitalize()}:** {markdown_inline(value)}"]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def render_rules_json(docs: Sequence[RuleDoc]) -> str:
    return json.dumps({"rules": [asdict(doc) for doc in docs]}, indent=2, ensure_ascii=False) + "\n"


def _details(doc: RuleDoc) -> list[tuple[str, str]]:
    return [
        ("why", doc.why),
        ("fires when", doc.when),
        ("fix", doc.hint),
        ("rewrite as", doc.suggestion),
        ("bad", doc.bad),
        ("good", doc.good),
    ]
