"""What the author wrote that fits each slot of a rewrite shape ("<verb> <metric> from <baseline> to <target>").

A slot is filled only with words that fit it (the metric's noun phrase, a real amount), so a rewrite
reads as English; anything else keeps its <placeholder> for the author to fill.
"""

from __future__ import annotations

import re

from kit.model import Mark
from kit.quantities import Quantities
from kit.reading.vocabulary import Vocabulary
from kit.reading.words import folded, noun_phrase, verb_at

_MANNER_ADVERB = re.compile(r"[a-z]+ly")
_AUXILIARY = re.compile(r"\b(?:is|are|was|were|has|have|had|will|can|should|be|been)\b", re.I)
_VERB_OF_DIRECTION = {"increase": "Increase", "decrease": "Reduce", "maintain": "Keep"}


def rewrite_fills(
    q: Quantities, v: Vocabulary, head_span: Mark | None, deliverable: bool, named_metric: str | None = None
) -> dict[str, str]:
    """What the author wrote that fits each slot of a rewrite shape; a slot nothing fits keeps its <name>.

    A deliverable keeps only its time box: the activity's noun and count ("Hold 6 workshops") are not
    the outcome's metric or target, which the author has yet to name. `named_metric` is a measure the
    KR names on its own, with no verb and no number ("Weekly active users").
    """
    fills: dict[str, str] = {}
    if q.deadline:
        fills["date"] = q.deadline
    if deliverable:
        return fills
    metric = _metric_phrase(q, v, head_span, named_metric)
    if metric:
        fills["metric"] = metric
    if q.baseline is not None:
        fills["baseline"] = q.baseline.span.text
    if q.target is not None:
        fills["target"] = q.target.span.text
    elif q.change is not None:
        fills["target"] = q.change.span.text
    at_head = q.direction_span is not None and head_span is not None and q.direction_span.start == head_span.start
    if q.direction is not None and (at_head or (q.baseline is not None and q.target is not None)):
        fills["verb"] = _VERB_OF_DIRECTION[q.direction.value]
    return fills


def _metric_phrase(q: Quantities, v: Vocabulary, head_span: Mark | None, named: str | None) -> str | None:
    """The measure's noun phrase, when the KR names one: never a clause with its own verb, never a
    phrase that starts with an activity ("Communicate fetch times")."""
    candidate = named if named is not None else q.metric
    if candidate is None and q.direction_span is not None and not q.text[: q.direction_span.start].strip(" \t-*•:"):
        phrase, _ = noun_phrase(q.text, q.direction_span.end)  # "Improve NPS": the measure follows the verb
        if phrase is not None:
            words = phrase.text.split()
            while words and _MANNER_ADVERB.fullmatch(words[-1]):
                words.pop()  # "Improve NPS significantly": the manner is not the measure
            candidate = " ".join(words) or None
    if candidate is None or len(candidate.split()) > 6 or _AUXILIARY.search(candidate):
        return None
    lowered = folded(candidate)
    for name in ("activity_verbs", "analysis_verbs", "outcome_verbs"):
        if verb_at(v.pattern(name), lowered, 0) is not None:
            return None
    return candidate
