"""The reading layer: each KR or objective sentence read into named features with evidence spans.

Contract: `read_key_result(text, vocabulary)` and `read_objective(text, vocabulary)` give the
features of one sentence (cached per sentence); `FEATURES[scope]` names and explains every feature a
rule's `when:` condition can use; `load_vocabulary(paths)` reads the word lists from YAML.
"""

from __future__ import annotations

from kit.reading.key_result import KR_FEATURES, KrReading, read_key_result
from kit.reading.objective import OBJECTIVE_FEATURES, ObjectiveReading, read_objective
from kit.reading.vocabulary import Vocabulary, load_vocabulary

FEATURES: dict[str, dict[str, str]] = {"key_result": KR_FEATURES, "objective": OBJECTIVE_FEATURES}

__all__ = [
    "FEATURES", "KrReading", "ObjectiveReading", "Vocabulary", "load_vocabulary", "read_key_result", "read_objective",
]
