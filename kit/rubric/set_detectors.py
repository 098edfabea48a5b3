"""Detectors about an OKR set as a whole: counts, the leading/lagging mix, unread lines, look-alike KRs.

Registered under the names rubrics/okr.yaml gives them, like every detector (kit.rubric.detectors);
the word lists and thresholds they use are the rules' parameters.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from kit.model import Mark
from kit.reading.words import folded
from kit.rubric.detectors import CompiledParams, Hit, Params, detector, pattern_found

if TYPE_CHECKING:
    from kit.rubric.engine import Subject


class CountParams(Params):
    min: int | None = None
    max: int | None = None


@detector("objective_kr_count", CountParams)
def objective_kr_count(subject: Subject, params: CountParams) -> Hit | None:
    """The objective has fewer than `min` or more than `max` key results."""
    if subject.objective is None:
        return None
    count = len(subject.objective.key_results)
    if params.min is not None and count < params.min:
        return Hit(message=None, fills={"count": str(count)})
    if params.max is not None and count > params.max:
        return Hit(message=None, fills={"count": str(count)})
    return None


@detector("set_objective_count", CountParams)
def set_objective_count(subject: Subject, params: CountParams) -> Hit | None:
    """The set has more than `max` (or fewer than `min`) objectives."""
    if subject.okr_set is None:
        return None
    count = len(subject.okr_set.objectives)
    too_many = params.max is not None and count > params.max
    too_few = params.min is not None and count < params.min
    return Hit(fills={"count": str(count)}) if too_many or too_few else None


class MixParams(CompiledParams):
    leading_words: list[str] = Field(default_factory=list)
    leading_patterns: list[str] = Field(default_factory=list)
    lagging_words: list[str] = Field(default_factory=list)
    lagging_patterns: list[str] = Field(default_factory=list)
    missing: Literal["leading", "lagging"]
    min_krs: int = Field(default=2, ge=1, description="Objectives with fewer KRs are left to the KR-count rules.")


def kr_kind(params: MixParams, text: str) -> str | None:
    """The kind of signal ("leading" or "lagging") when the KR's words name only one; None for neither or both."""
    lists = tuple(params.pattern(f"{kind}_{part}") for kind in ("leading", "lagging") for part in ("words", "patterns"))
    return _kind(lists, text)


@lru_cache(maxsize=4096)
def _kind(lists: tuple[re.Pattern[str] | None, ...], text: str) -> str | None:
    """Read once per KR sentence: both mix rules ask, and a set is reviewed on every keystroke."""
    folded_text = folded(text)
    leading = pattern_found(lists[0], folded_text) or pattern_found(lists[1], folded_text)
    lagging = pattern_found(lists[2], folded_text) or pattern_found(lists[3], folded_text)
    return None if leading == lagging else "leading" if leading else "lagging"


@detector("objective_kr_mix", MixParams)
def objective_kr_mix(subject: Subject, params: MixParams) -> Hit | None:
    """Every KR of the objective reads as one kind of signal, and none as the `missing` kind.

    Only fires when each KR's words place it (a KR naming neither kind, or both, might be the missing
    one), so a set the lists cannot read is never blocked at sign-off on a guess.
    """
    if subject.objective is None or len(subject.objective.key_results) < params.min_krs:
        return None
    kinds = [kr_kind(params, kr.text) for kr in subject.objective.key_results]
    if None in kinds or params.missing in kinds:
        return None
    return Hit(fills={"count": str(len(kinds))})


class UnreadParams(Params):
    shown: int = Field(default=5, ge=1, description="Lines quoted in the message; the rest are counted.")
    struck: bool = Field(default=False, description="List the lines crossed out by their author instead.")


@detector("set_unread_lines", UnreadParams)
def set_unread_lines(subject: Subject, params: UnreadParams) -> Hit | None:
    """Lines of the source the parser could not place as an objective, key result or field; with `struck`,
    the lines their author crossed out, left out on purpose."""
    if subject.okr_set is None:
        return None
    unread = [item for item in subject.okr_set.unread_lines if item.struck == params.struck]
    if not unread:
        return None
    quoted = "; ".join(f"line {item.line}: “{_clipped(item.text)}”" for item in unread[: params.shown])
    more = f"; and {len(unread) - params.shown} more" if len(unread) > params.shown else ""
    count = f"{len(unread)} line{'s' if len(unread) > 1 else ''}"
    were = "were" if len(unread) > 1 else "was"
    said = (
        f"{count} crossed out in the draft {were} left out of the review: {quoted}{more}." if params.struck
        else f"{count} of the draft {were} not read as an objective, key result or field, so the review does not "
        f"cover {'them' if len(unread) > 1 else 'it'}: {quoted}{more}."
    )
    return Hit(fills={"count": str(len(unread))}, message=said)


def _clipped(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class DuplicateParams(Params):
    min_similarity: float = Field(default=0.9, ge=0.0, le=1.0)
    # KRs compared with each one, nearest first: keeps a file of many look-alike KRs linear
    max_comparisons: int = Field(default=50, ge=1)


_WORD_CHARS = re.compile(r"\w+")
# For ASCII text `\w` is exactly [A-Za-z0-9_]: one byte table lower-cases the letters and blanks every
# other character, so splitting on blanks gives the `\w+` words, lower-cased, at a third of the cost.
_ASCII_WORDS = bytes(
    code + 32 if "A" <= chr(code) <= "Z" else code if chr(code).isalnum() or chr(code) == "_" else ord(" ")
    for code in range(128)
) + bytes(range(128, 256))


def _words(text: str) -> frozenset[str]:
    if text.isascii():
        return frozenset(text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split())
    return frozenset(w.lower() for w in _WORD_CHARS.findall(text))


@detector("set_duplicate_kr", DuplicateParams)
def set_duplicate_kr(subject: Subject, params: DuplicateParams) -> Hit | None:
    """Two KRs in the set say (nearly) the same thing: the same words, in any order.

    Only KRs that share one of their rarest words can be that alike (prefix filtering: sets whose overlap
    is at least `min_similarity` of their union share a word among the first `n - ceil(t * n) + 1` of each,
    in any one fixed order), so each KR is compared with those, not with every KR before it, and with at
    most `max_comparisons` of them, nearest first.
    """
    if subject.okr_set is None:
        return None
    threshold = params.min_similarity
    texts = [kr.text for objective in subject.okr_set.objectives for kr in objective.key_results]
    word_sets = [_words(text) for text in texts]
    frequency = Counter(word for words in word_sets for word in words)
    seen: list[frozenset[str]] = []
    exact: set[frozenset[str]] = set()
    by_prefix_word: dict[str, list[int]] = {}
    duplicates: list[Mark] = []
    for text, words in zip(texts, word_sets, strict=True):
        size = len(words)
        if not size:
            continue
        prefix = sorted(words, key=lambda word: (frequency[word], word))[: size - math.ceil(threshold * size) + 1]
        if words in exact or _near_duplicate(words, prefix, seen, by_prefix_word, threshold, params.max_comparisons):
            duplicates.append(Mark(start=0, end=len(text), text=text))
        exact.add(words)
        for word in prefix:
            by_prefix_word.setdefault(word, []).append(len(seen))
        seen.append(words)
    if not duplicates:
        return None
    return Hit(spans=duplicates, fills={"count": str(len(duplicates))})


def _near_duplicate(
    words: frozenset[str], prefix: list[str], seen: list[frozenset[str]], by_prefix_word: dict[str, list[int]],
    threshold: float, limit: int,
) -> bool:
    size = len(words)
    checked: set[int] = set()
    for word in prefix:
        for index in reversed(by_prefix_word.get(word, ())):  # the nearest KRs first
            if index in checked:
                continue
            if len(checked) >= limit:
                return False
            checked.add(index)
            other = seen[index]
            # the overlap is at most the smaller set over the larger one: below the threshold, no need to intersect
            if min(size, len(other)) / max(size, len(other)) < threshold:
                continue
            shared = len(words & other)
            if shared / (size + len(other) - shared) >= threshold:  # the union's size, without building it
                return True
    return False
