"""Baseline, target, unit, direction and deadline read from a KR sentence.

Contract: `extract(text) -> Quantities` (every field optional, with the spans it came from),
and `enrich(kr) -> KeyResult` which fills the KR's empty fields from its text and never
overwrites what the author gave explicitly. Placeholders ("X%", "from X to Y", "TBD") are
not numbers, and digits inside names ("#36", "5C", "v3", "Phase 2", "P0", "FY21") are not
amounts: a coach would not accept either as a target.

Offsets in every Mark refer to the text exactly as given, so a display can underline the words.
Decoration that real drafts carry (role prefixes such as "CEO KR:", tags such as "[P0]",
issue references, list bullets) is blanked out, not removed, for the same reason.
"""

from __future__ import annotations

from functools import lru_cache

from kit.model import KeyResult, Mark
from kit.quantities.amounts import Amount, Quantities
from kit.quantities.deadline import find_deadline
from kit.quantities.direction import find_direction
from kit.quantities.metric import find_metric
from kit.quantities.numbers import find_numbers, find_placeholders
from kit.quantities.roles import MULTIPLY_GATED, ZERO_STATE_GATED, classify
from kit.quantities.text import strip_decoration

__all__ = ["Amount", "Quantities", "enrich", "extract", "inferred_fields", "strip_decoration"]


@lru_cache(maxsize=8192)
def extract(text: str) -> Quantities:
    """Read every quantity a KR sentence gives; withheld values and names never count as numbers."""
    clean = strip_decoration(text)
    placeholders = find_placeholders(clean)
    amounts = find_numbers(clean)
    if placeholders:
        amounts = [a for a in amounts if not any(p.start <= a.span.start < p.end for p in placeholders)]
    baseline, target, change = classify(clean, amounts)
    lowered = clean.lower() if clean.isascii() else None
    if change is None:
        multiplied = MULTIPLY_GATED.search(clean, lowered)
        if multiplied:
            start, end = multiplied.span()
            factor = {"d": 2.0, "t": 3.0, "h": 0.5, "q": 4.0}[clean[start].lower()] if clean[start + 1] != "w" else 2.0
            change = Amount(value=factor, unit="x", role="change",
                            span=Mark(start=start, end=end, text=clean[start:end]))
    zero = ZERO_STATE_GATED.search(clean, lowered)
    zero_state = Mark(start=zero.start(), end=zero.end(), text=clean[zero.start() : zero.end()]) if zero else None
    if zero_state is not None and target is None:
        target = Amount(value=0.0, unit=None, role="target", span=zero_state)
    direction, direction_span = find_direction(clean, baseline, target)
    deadline, deadline_span = find_deadline(clean)
    metric, metric_span = find_metric(clean)
    return Quantities(
        text=clean,
        baseline=baseline,
        target=target,
        change=change,
        direction=direction,
        direction_span=direction_span,
        deadline=deadline,
        deadline_span=deadline_span,
        metric=metric,
        metric_span=metric_span,
        amounts=amounts,
        placeholders=placeholders,
        zero_state=zero_state,
    )


def enrich(kr: KeyResult) -> KeyResult:
    """Fill the KR's empty fields from its text; what the author gave explicitly always wins."""
    update = inferred_fields(kr.text, kr.__dict__)
    return kr.model_copy(update=update) if update else kr


def inferred_fields(text: str, given: dict[str, object]) -> dict[str, object]:
    """The KR fields the sentence fills that `given` leaves empty (None or absent), so a parser can
    build each KeyResult once with them instead of building it and copying it."""
    found = extract(text)
    update: dict[str, object] = {}
    if given.get("baseline") is None and found.baseline is not None:
        update["baseline"] = found.baseline.value
    if given.get("target") is None and found.target is not None:
        update["target"] = found.target.value
    unit = (found.target or found.baseline or found.change)
    if given.get("unit") is None and unit is not None and unit.unit is not None:
        update["unit"] = unit.unit
    if given.get("direction") is None and found.direction is not None:
        update["direction"] = found.direction
    if given.get("deadline") is None and found.deadline is not None:
        update["deadline"] = found.deadline
    if given.get("metric") is None and found.metric is not None:
        update["metric"] = found.metric
    return update
