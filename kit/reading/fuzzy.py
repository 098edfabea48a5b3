"""Which fuzzy words count against a KR: not those in a name, a bound, a purpose or a deliverable's topic.

"Improve" in "The Better Harbours Working Group", "more" in "one or more", "consistency" after "... to
ensure" and "awareness" in "Publish the awareness report" say nothing about how sure the end state is.
"""

from __future__ import annotations

import re

from kit.model import Mark
from kit.reading.vocabulary import Vocabulary
from kit.reading.words import all_marks, first

_CHANGE_NOUN = ("ment", "ments", "ed")
# a noun by its ending: inside a deliverable's name, before its last word, it names the topic ("awareness report")
_NOUN_ENDINGS = ("ness", "ity", "ion", "ance", "ence")
_CAPITALISED_WORD = re.compile(r"[A-Z][\w'’-]*")
_CAPITALISED_AFTER = re.compile(r"[ \t]+[A-Z]")
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w'’-]*[ \t]+$")


def any_fuzzy(v: Vocabulary, text: str, original: str) -> bool:
    """Any fuzzy word, fuzzy phrase or pointer to an unwritten value in the (folded) text."""
    return bool(outside_names(all_marks(v.pattern("fuzzy_words"), text), original)) or any(
        first(v.pattern(name), text) for name in ("fuzzy_patterns", "pointer_patterns")
    )


def before_purpose(clean: str, purpose_patterns: re.Pattern[str] | None) -> str:
    """The KR without a trailing purpose ("... to ensure consistency"): the purpose is not the KR."""
    purpose = first(purpose_patterns, clean)
    if purpose is not None and len(clean[: purpose.start()].split()) >= 3:
        return clean[: purpose.start()]
    return clean


_OR_BEFORE = re.compile(r"\bor\s*$")
_THAN_AMOUNT = re.compile(r"\s+than\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|a\s+(?:day|week|month))")


def not_at_least(marks: list[Mark], clean: str) -> list[Mark]:
    """Drop "more" in "one or more", "(or more)", "more than 2 days": a bound on an amount, not a comparison."""
    return [m for m in marks if not _OR_BEFORE.search(clean, max(0, m.start - 5), m.start)
            and not _THAN_AMOUNT.match(clean, m.end)]


def outside_object(marks: list[Mark], deliverable: Mark | None) -> list[Mark]:
    """Drop a change word that names a deliverable ("Publish the performance improvements", "Ship the improved
    search"): what is made is crisp, whatever it is about. A quality of it ("a healthy design system") is not."""
    if deliverable is None:
        return marks
    return [m for m in marks if not deliverable.start <= m.start < deliverable.end
            or not (m.text.endswith(_CHANGE_NOUN) or (m.end < deliverable.end and m.text.endswith(_NOUN_ENDINGS)))]


def outside_names(marks: list[Mark], original: str) -> list[Mark]:
    """Drop words that are part of a title-case name ("Working Group", "Quality Council"): a name, not a claim."""
    kept = []
    for mark in marks:
        capitalised = _CAPITALISED_WORD.match(original, mark.start) is not None
        sentence_start = not original[: mark.start].strip(" \t-*•:")
        if capitalised and not sentence_start and (
            _CAPITALISED_AFTER.match(original, mark.end)
            or _CAPITALISED_BEFORE.search(original, max(0, mark.start - 40), mark.start)
        ):
            continue
        kept.append(mark)
    return kept
