"""Rule conditions over named features: what a rule's `when:` says, compiled once and evaluated per sentence.

A condition is a feature name, or a mapping with one key: `not: <condition>`, `all: [<conditions>]`
or `any: [<conditions>]`. A rule fires when its condition holds; its finding points at the evidence:
all of `all`'s parts, the first part of `any` that holds (so list the strongest reason first).

    when:
      all:
        - no_amount
        - any: [withheld_value, fuzzy, direction_without_amount]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kit.model import Mark
from kit.reading.words import Evidence

_KINDS = ("all", "any", "not")

Evaluator = Callable[[Mapping[str, Evidence]], Evidence | None]


@dataclass(frozen=True)
class Condition:
    """A compiled condition: `kind` is "feature", "all", "any" or "not"."""

    kind: str
    name: str = ""
    parts: tuple[Condition, ...] = ()

    def evidence(self, features: Mapping[str, Evidence]) -> Evidence | None:
        """The words that make the condition hold, or None when it does not (an empty tuple holds)."""
        if self.kind == "feature":
            return features.get(self.name)
        if self.kind == "not":
            return None if self.parts[0].evidence(features) is not None else ()
        if self.kind == "any":
            for part in self.parts:
                found = part.evidence(features)
                if found is not None:
                    return found
            return None
        marks: list[Mark] = []
        for part in self.parts:
            found = part.evidence(features)
            if found is None:
                return None
            marks += [mark for mark in found if mark not in marks]
        return tuple(marks)

    def evaluator(self) -> Evaluator:
        """The same judgement as `evidence`, as nested closures: a review asks it for every rule and KR."""
        if self.kind == "feature":
            name = self.name
            return lambda features: features.get(name)
        parts = [part.evaluator() for part in self.parts]
        if self.kind == "not":
            inner = parts[0]
            return lambda features: None if inner(features) is not None else ()
        if self.kind == "any":
            def any_part(features: Mapping[str, Evidence]) -> Evidence | None:
                for part in parts:
                    found = part(features)
                    if found is not None:
                        return found
                return None
            return any_part

        def all_parts(features: Mapping[str, Evidence]) -> Evidence | None:
            marks: list[Mark] = []
            for part in parts:
                found = part(features)
                if found is None:
                    return None
                marks += [mark for mark in found if mark not in marks]
            return tuple(marks)
        return all_parts

    def features(self) -> set[str]:
        """Every feature the condition reads."""
        if self.kind == "feature":
            return {self.name}
        return set().union(*(part.features() for part in self.parts))


def compile_condition(raw: Any, known: Mapping[str, str]) -> Condition:
    """Check a condition as written against the features its scope has; a mistake raises ValueError."""
    if isinstance(raw, str):
        if raw not in known:
            raise ValueError(f"unknown feature '{raw}' (known: {', '.join(sorted(known))})")
        return Condition("feature", name=raw)
    if isinstance(raw, Mapping) and len(raw) == 1:
        kind, value = next(iter(raw.items()))
        if kind == "not":
            return Condition("not", parts=(compile_condition(value, known),))
        if kind in ("all", "any"):
            if not isinstance(value, Sequence) or isinstance(value, str) or not value:
                raise ValueError(f"'{kind}' takes a non-empty list of conditions")
            return Condition(kind, parts=tuple(compile_condition(part, known) for part in value))
    raise ValueError(f"a condition is a feature name or one of {', '.join(_KINDS)} with its conditions, not {raw!r}")
