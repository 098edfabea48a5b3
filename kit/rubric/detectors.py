"""Named detectors: the small pieces of judgement a rule file points at by name.

Each detector takes the subject (named text fields plus OKR context) and its parameters, already
validated and compiled, and returns a Hit naming the words that triggered it, or None. Word
lists, patterns and thresholds live in the rule files; only the shape of the judgement lives here.
OKR wording rules need none of these: they are conditions over the reading's features
(`kit/reading`, `kit/rubric/conditions.py`). These serve counts, duplicates and the rubrics about
other records (clinic cases, charters).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, PrivateAttr, model_validator

from kit.model import FrozenModel, Mark
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


class Params(FrozenModel):
    """A detector's parameters as a rule's YAML gives them, checked when the rubric loads."""


class CompiledParams(Params):
    """Params whose word lists and patterns are compiled once, when the rubric loads."""

    _compiled: dict[str, re.Pattern[str] | None] = PrivateAttr(default_factory=dict)
    _key: str = PrivateAttr(default="")

    @model_validator(mode="after")
    def _compile_all(self) -> CompiledParams:
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


class WordsParams(CompiledParams):
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


class MissingParams(CompiledParams):
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


def pattern_found(pattern: re.Pattern[str] | None, text: str) -> bool:
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
    if text.strip() and not pattern_found(params._pattern, text):
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
    found = sum(1 for pattern in params._signals if pattern_found(pattern, text))
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
    if complaint and not pattern_found(params._decision, text):
        return Hit(spans=complaint)
    if not pattern_found(params._practice, text):
        return Hit(spans=complaint)
    return None
