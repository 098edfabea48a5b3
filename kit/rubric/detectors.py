"""Named detectors: the small pieces of judgement a rule file points at by name.

Each detector takes the subject (named text fields plus OKR context) and its parameters, already
validated and compiled, and returns a Hit naming the words that triggered it, or None. Word
lists, patterns and thresholds live in the rule files; only the shape of the judgement lives here.
OKR wording rules need none of these: they are conditions over the reading's features
(`kit/reading`, `kit/rubric/conditions.py`). These serve counts, duplicates and the rubrics about
other records (clinic cases, charters).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from kit.model import Mark
from kit.reading.words import compile_patterns, compile_words, folded

if TYPE_CHECKING:
    from kit.rubric.engine import Subject


@dataclass
class Hit:
    """Why a rule fired: the words to point at, and what the author gave for the rewrite shape."""

    spans: list[Mark] = field(default_factory=list)
    fills: dict[str, str] = field(default_factory=dict)
    message: str | None = None


@dataclass(frozen=True)
class Detector:
    name: str
    params_model: type[Any]
    fn: Callable[[Subject, Any], Hit | None]
    doc: str


DETECTORS: dict[str, Detector] = {}


DetectorFn = Callable[..., Hit | None]


def detector(name: str, params_model: type[BaseModel]) -> Callable[[DetectorFn], DetectorFn]:
    """Register a detector under the name rule files use for it."""

    def register(fn: DetectorFn) -> DetectorFn:
        DETECTORS[name] = Detector(name=name, params_model=params_model, fn=fn, doc=(fn.__doc__ or "").strip())
        return fn

    return register


def _all_spans(pattern: re.Pattern[str] | None, text: str) -> list[Mark]:
    if pattern is None:
        return []
    return [Mark(*m.span(), m.group(0)) for m in pattern.finditer(text)]


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Compiled(Params):
    """Params whose word lists and patterns are compiled once, when the rubric loads."""

    _compiled: dict[str, re.Pattern[str] | None] = PrivateAttr(default_factory=dict)
    _key: str = PrivateAttr(default="")

    @model_validator(mode="after")
    def _compile_all(self) -> _Compiled:
        self._key = type(self).__name__ + self.model_dump_json()
        for name, value in self:
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                if name.endswith("patterns"):
                    self._compiled[name] = compile_patterns(value)
                else:
                    self._compiled[name] = compile_words(value)
        return self

    def pattern(self, name: str) -> re.Pattern[str] | None:
        return self.compiled().get(name)

    def compiled(self) -> dict[str, re.Pattern[str] | None]:
        """Every compiled list by parameter name."""
        # read the private dict directly: pydantic's attribute lookup is slow on this hot path
        compiled: dict[str, re.Pattern[str] | None] = self.__pydantic_private__["_compiled"]  # type: ignore[index]
        return compiled

    @property
    def key(self) -> str:
        """Equal for equal parameters, so rules sharing one vocabulary share one reading per KR."""
        key: str = self.__pydantic_private__["_key"]  # type: ignore[index]
        return key


# --- generic detectors (any scope, any named field) ---------------------------------------------


class WordsParams(_Compiled):
    field: str = "text"
    words: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    unless_words: list[str] = Field(default_factory=list)
    unless_patterns: list[str] = Field(default_factory=list)


@detector("words", WordsParams)
def words(subject: Subject, params: WordsParams) -> Hit | None:
    """Fires when the field contains any listed word or pattern, unless an `unless_*` entry is present."""
    text = folded(subject.fields.get(params.field, ""))
    spans = _all_spans(params.pattern("words"), text) + _all_spans(params.pattern("patterns"), text)
    if not spans:
        return None
    for name in ("unless_words", "unless_patterns"):
        pattern = params.pattern(name)
        if pattern is not None and pattern.search(text):
            return None
    return Hit(spans=spans)


class MissingParams(_Compiled):
    field: str = "text"
    patterns: list[str] = Field(default_factory=list)
    min_words: int = 1


@detector("missing", MissingParams)
def missing(subject: Subject, params: MissingParams) -> Hit | None:
    """Fires when the field is empty, shorter than `min_words`, or matches none of `patterns`."""
    text = folded(subject.fields.get(params.field, "").strip())
    if len(text.split()) < params.min_words:
        return Hit()
    pattern = params.pattern("patterns")
    if pattern is not None and not pattern.search(text):
        return Hit()
    return None


class LengthParams(Params):
    field: str = "text"
    max_words: int


@detector("too_long", LengthParams)
def too_long(subject: Subject, params: LengthParams) -> Hit | None:
    """Fires when the field has more than `max_words` words."""
    count = len(subject.fields.get(params.field, "").split())
    return Hit(message=None) if count > params.max_words else None


# --- record detectors (clinic cases, charters: any scope, any named field) ----------------------
#
# These read the author's text as written, with case-insensitive regexes, because their vocabulary
# is patterns about whole sentences ("no decision named") rather than KR word lists.


def _ignorecase(patterns: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for any of `patterns`; a bad pattern fails when the rule file loads."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _search(pattern: re.Pattern[str] | None, text: str) -> bool:
    return pattern is not None and pattern.search(text) is not None


class PatternAbsentParams(Params):
    field: str = "text"
    patterns: list[str]
    _pattern: re.Pattern[str] | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _compile(self) -> PatternAbsentParams:
        self._pattern = _ignorecase(self.patterns)
        return self


@detector("pattern_absent", PatternAbsentParams)
def pattern_absent(subject: Subject, params: PatternAbsentParams) -> Hit | None:
    """Fires when the field is filled in but matches none of `patterns` (an empty field is `missing`'s job)."""
    text = subject.fields.get(params.field, "")
    if text.strip() and not _search(params._pattern, text):
        return Hit()
    return None


class AbstractTopicParams(Params):
    field: str = "all"
    min_signals: int = 2
    abstract_terms: list[str] = Field(default_factory=list)
    signals: dict[str, list[str]]
    _signals: list[re.Pattern[str] | None] = PrivateAttr(default_factory=list)
    _terms: re.Pattern[str] | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _compile(self) -> AbstractTopicParams:
        self._signals = [_ignorecase(patterns) for patterns in self.signals.values()]
        terms = sorted({t for t in self.abstract_terms if t.strip()}, key=len, reverse=True)
        if terms:
            self._terms = re.compile(rf"\b({'|'.join(re.escape(t) for t in terms)})\b", re.IGNORECASE)
        return self


@detector("abstract_topic", AbstractTopicParams)
def abstract_topic(subject: Subject, params: AbstractTopicParams) -> Hit | None:
    """Fires when fewer than `min_signals` kinds of concrete signal appear in the field.

    `signals` maps a kind (e.g. process named, cost named, decision named) to patterns for it. The
    `abstract_terms` are pointed at, never counted: "KR alignment" is abstract because it names
    nothing that slips and no decision, not because it says "alignment". `field: all` reads every
    field of the record joined.
    """
    text = subject.fields.get(params.field, "")
    found = sum(1 for pattern in params._signals if _search(pattern, text))
    if found >= params.min_signals:
        return None
    return Hit(spans=_all_spans(params._terms, text))


class PracticeChangeParams(Params):
    field: str = "all"
    practice: list[str]
    decision: list[str] = Field(default_factory=list)
    complaint: list[str] = Field(default_factory=list)
    _practice: re.Pattern[str] | None = PrivateAttr(default=None)
    _decision: re.Pattern[str] | None = PrivateAttr(default=None)
    _complaint: list[re.Pattern[str]] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _compile(self) -> PracticeChangeParams:
        self._practice = _ignorecase(self.practice)
        self._decision = _ignorecase(self.decision)
        self._complaint = [re.compile(p, re.IGNORECASE) for p in self.complaint]
        return self


@detector("no_practice_change", PracticeChangeParams)
def no_practice_change(subject: Subject, params: PracticeChangeParams) -> Hit | None:
    """Fires when nothing in the room could change: none of the `practice` patterns (a process or
    decision named) appears, or a `complaint` pattern does and no `decision` pattern asks for one."""
    text = subject.fields.get(params.field, "")
    if not text.strip():
        return None
    complaint = [span for pattern in params._complaint for span in _all_spans(pattern, text)]
    if complaint and not _search(params._decision, text):
        return Hit(spans=complaint)
    if not _search(params._practice, text):
        return Hit(spans=complaint)
    return None


# --- set level ----------------------------------------------------------------------------------


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


class MixParams(_Compiled):
    leading_words: list[str] = Field(default_factory=list)
    leading_patterns: list[str] = Field(default_factory=list)
    lagging_words: list[str] = Field(default_factory=list)
    lagging_patterns: list[str] = Field(default_factory=list)
    missing: Literal["leading", "lagging"]
    min_krs: int = Field(default=2, ge=1, description="Objectives with fewer KRs are left to the KR-count rules.")


def kr_kind(params: MixParams, text: str) -> str | None:
    """The kind of signal ("leading" or "lagging") when the KR's words name only one; None for neither or both."""
    folded_text = folded(text)
    kinds = [
        kind for kind in ("leading", "lagging")
        if any(_search(params.pattern(f"{kind}_{part}"), folded_text) for part in ("words", "patterns"))
    ]
    return kinds[0] if len(kinds) == 1 else None


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


@detector("set_unread_lines", UnreadParams)
def set_unread_lines(subject: Subject, params: UnreadParams) -> Hit | None:
    """Lines of the source the parser could not place as an objective, key result or field."""
    if subject.okr_set is None or not subject.okr_set.unread_lines:
        return None
    unread = subject.okr_set.unread_lines
    quoted = "; ".join(f"line {item.line}: “{_clipped(item.text)}”" for item in unread[: params.shown])
    more = f"; and {len(unread) - params.shown} more" if len(unread) > params.shown else ""
    count = f"{len(unread)} line{'s' if len(unread) > 1 else ''}"
    return Hit(
        fills={"count": str(len(unread))},
        message=f"{count} of the draft {'were' if len(unread) > 1 else 'was'} not read as an objective, key "
        f"result or field, so the review does not cover {'them' if len(unread) > 1 else 'it'}: {quoted}{more}.",
    )


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
