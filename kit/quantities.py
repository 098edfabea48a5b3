"""Baseline, target, unit, direction and deadline read from a KR sentence.

Contract: `extract(text) -> Quantities` (every field optional, with the spans it came from),
and `enrich(kr) -> KeyResult` which fills the KR's empty fields from its text and never
overwrites what the author gave explicitly. Placeholders ("X%", "from X to Y", "TBD") are
not numbers.
"""

from __future__ import annotations

from kit.model import KeyResult


def enrich(kr: KeyResult) -> KeyResult:
    raise NotImplementedError("kit.quantities is being built")
