"""A KR's features in its set: fields the author filled in count as written, and the set's cycle is a time box.

Not cached with the reading: it is a few lookups, and fields change without the sentence changing.
"""

from __future__ import annotations

from kit.parse.owners import split_fields
from kit.reading.key_result import KrReading
from kit.reading.vocabulary import Vocabulary
from kit.reading.words import Evidence, first, folded, mark_of


def in_context(
    reading: KrReading, vocabulary: Vocabulary, raw_text: str, given: dict[str, object], set_cycle: str | None
) -> dict[str, Evidence]:
    """The reading's features, with what the KR's fields and its set add: a field the author filled in
    counts as written. Not cached: it is a few lookups, and fields change without the sentence changing."""
    features = dict(reading.features)
    if given.get("baseline") is not None:
        features.pop("no_start_value", None)
        features.pop("keep_level", None)
    if given.get("target") is not None and reading.q.target is None:  # from a "Target" column or field
        features.pop("no_amount", None)
    if not reading.q.deadline and not given.get("deadline"):
        features["no_time_box"] = ()
    if set_cycle:
        features["set_has_cycle"] = ()
    text = folded(raw_text)
    written: dict[str, str | None] | None = None  # read as a pasted draft is, only when a field is empty
    for name, field_name in (("owner_named", "owner"), ("source_named", "source")):
        if str(given.get(field_name) or "").strip():
            features[name] = ()
            continue
        if written is None:
            written = dict(zip(("owner", "source"), split_fields(raw_text)[1:], strict=True))
        if written[field_name]:
            features[name] = ()
        elif (mention := first(vocabulary.pattern(f"{field_name}_patterns"), text)) is not None:
            features[name] = (mark_of(mention),)
    return features
