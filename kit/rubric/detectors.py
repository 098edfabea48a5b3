"""Named detectors: the small pieces of judgement a rule file points at by name.

Each detector takes the subject (named text fields plus OKR context) and its parameters, already
validated and compiled, and returns a Hit naming the words that triggered it, or None. Word
lists, patterns and thresholds live in the rule files; only the shape of the judgement lives here.

Word-list entries are case-insensitive phrases; a trailing `*` accepts any word ending
("launch*" matches launched, launches), so inflections stay readable in the YAML. Word lists and
patterns are compiled lower-cased and matched against `folded(text)` (lower-cased, same length),
so a Mark found there points at the author's own words; the engine restores their spelling.
"""

from __future__ import annotations

import itertools
import re
import re._parser as _regex_parser
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from kit.fast_regex import factor_alternations, fold_pattern, holds_any
from kit.model import Direction, Mark
from kit.quantities import Quantities, extract, strip_decoration

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
    params_model: type[BaseModel]
    fn: Callable[[Subject, Any], Hit | None]
    doc: str

    def run(self, subject: Subject, params: BaseModel) -> Hit | None:
        return self.fn(subject, params)


DETECTORS: dict[str, Detector] = {}


DetectorFn = Callable[..., Hit | None]


def detector(name: str, params_model: type[BaseModel]) -> Callable[[DetectorFn], DetectorFn]:
    """Register a detector under the name rule files use for it."""

    def register(fn: DetectorFn) -> DetectorFn:
        DETECTORS[name] = Detector(name=name, params_model=params_model, fn=fn, doc=(fn.__doc__ or "").strip())
        return fn

    return register


# --- word lists --------------------------------------------------------------------------------


_END, _STAR, _SPACE = "\x00end", "\x00star", "\x00space"


def _trie_regex(node: dict[str, Any]) -> str:
    """A regex for a trie of words: one branch per next character, so a long word list stays fast."""
    branches = []
    for key in sorted(k for k in node if not k.startswith("\x00")):
        branches.append(re.escape(key) + _trie_regex(node[key]))
    if _SPACE in node:
        branches.append(r"\s+" + _trie_regex(node[_SPACE]))
    if _STAR in node:
        branches.append(r"[\w'-]*")
    if _END in node:
        branches.append(node[_END])
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def word_tries(words: list[str]) -> dict[bool, dict[str, Any]]:
    """The entries of a word list as two tries: those that start with a letter or digit (True), the rest."""
    groups: dict[bool, dict[str, Any]] = {True: {}, False: {}}
    for word in {w.strip().lower() for w in words if w.strip()}:
        stem = " ".join(word.rstrip("*").split())
        if not stem:
            continue  # a lone "*" names no word
        node = groups[stem[:1].isalnum()]
        for char in stem:
            node = node.setdefault(_SPACE if char == " " else char, {})
        if word.endswith("*"):
            node[_STAR] = {}
        else:
            node[_END] = r"(?![\w-])" if stem[-1:].isalnum() else ""
    return groups


def compile_words(words: list[str]) -> re.Pattern[str] | None:
    """One pattern for a word list, matched against folded text; `*` at the end of an entry accepts any ending."""
    groups = word_tries(words)
    if not groups[True] and not groups[False]:
        return None
    # Every top branch starts with its literal first character, so a search skips straight to where one
    # occurs instead of trying the branches at every position; a word's start is checked right after
    # that character ("c" not preceded by a letter, digit or hyphen), which is where it began.
    branches = [
        re.escape(char) + (f"(?<![\\w-]{re.escape(char)})" if at_word_start else "") + _trie_regex(node)
        for at_word_start in (True, False)
        for char, node in sorted(groups[at_word_start].items())
    ]
    return re.compile("|".join(branches))


@lru_cache(maxsize=16384)
def folded(text: str) -> str:
    """Lower-cased text of the same length, so offsets found in it point at the original words.

    Patterns are compiled without IGNORECASE and matched against this: several times faster, which
    is what keeps review instant while typing.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def compile_patterns(patterns: list[str]) -> re.Pattern[str] | None:
    """One pattern for a list of regexes, lower-cased like the text it will be matched against."""
    if not patterns:
        return None
    return re.compile(factor_alternations("|".join(f"(?:{fold_pattern(p)})" for p in patterns)))


def _span(match: re.Match[str], offset: int = 0) -> Mark:
    start, end = match.span()  # one call, and positional fields: a reading makes several of these per KR
    return Mark(start + offset, end + offset, match.group(0))


def _all_spans(pattern: re.Pattern[str] | None, text: str, offset: int = 0) -> list[Mark]:
    if pattern is None:
        return []
    return [_span(m, offset) for m in pattern.finditer(text)]


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


# --- shared reading of KR and objective sentences ---------------------------------------------

_LEAD = re.compile(r"^[\W_]*", re.UNICODE)
_WORD_END = re.compile(r"\W|$")
_WORD = re.compile(r"(?<![\w])[A-Za-z][A-Za-z'’&-]*")


def head(text: str, skip: re.Pattern[str] | None = None) -> tuple[str, Mark | None, str]:
    """The first word of the cleaned sentence (skipping manner adverbs), its span, and the rest."""
    position = 0
    while True:
        match = _WORD.search(text, position)
        if match is None:
            return "", None, ""
        skipped = skip.match(text, match.start()) if skip is not None else None
        if skipped is not None and _WORD_END.match(text, skipped.end()):
            position = skipped.end()
            continue
        return match.group(0).lower(), _span(match), text[match.end() :]


def _first(pattern: re.Pattern[str] | None, text: str) -> re.Match[str] | None:
    return pattern.search(text) if pattern is not None else None


_MANNER_ADVERB = re.compile(r"[a-z]+ly")


def _named_metric(q: Quantities) -> str | None:
    """What a verb-led KR with no number names as its measure: "Improve NPS" names NPS."""
    lead = q.direction_span
    if lead is None or q.text[: lead.start].strip(" \t-*•:"):
        return None
    phrase, _ = noun_phrase(q.text, lead.end)
    if phrase is None:
        return None
    words = phrase.text.split()
    while words and _MANNER_ADVERB.fullmatch(words[-1]):
        words.pop()  # "Improve NPS significantly": the manner is not the measure
    return " ".join(words) or None


def _fills(q: Quantities, task: bool = False) -> dict[str, str]:
    """What the author wrote, for the rewrite shape's slots.

    For a task KR only the time box carries over: the activity's verb, noun and count ("Hold 6
    workshops") are not the outcome's metric or target, which the author has yet to name.
    """
    fills: dict[str, str] = {}
    if q.deadline:
        fills["date"] = q.deadline
    if task:
        return fills
    metric = q.metric or _named_metric(q)
    if metric:
        fills["metric"] = metric
    if q.baseline is not None:
        fills["baseline"] = q.baseline.span.text
    if q.target is not None:
        fills["target"] = q.target.span.text
    elif q.change is not None:
        fills["target"] = q.change.span.text
    if q.direction is not None:
        fills["verb"] = {"increase": "Increase", "decrease": "Reduce", "maintain": "Keep"}[q.direction.value]
    return fills


_FILLS_KEY = "\x00fills"


def _kr_fills(subject: Subject) -> dict[str, str]:
    """Fills for rules that do not read the KR themselves: a task KR, as read by the task rule (which the
    house rules run first), keeps only its time box in every rule's rewrite shape."""
    cached = subject.memo.get(_FILLS_KEY)
    if isinstance(cached, dict):
        return cached
    readings = [value for value in subject.memo.values() if isinstance(value, KrReading)]
    task = any(reading.is_task for reading in readings)
    fills = readings[0].fills(task) if readings else _fills(subject.quantities(), task=task)
    subject.memo[_FILLS_KEY] = fills
    return fills


# --- the KR reading, shared by the task, vague and target rules -----------------------------


class KrReadingParams(_Compiled):
    """Vocabulary for reading a KR sentence; every KR rule that judges wording uses the same lists."""

    _readings: dict[str, KrReading] = PrivateAttr(default_factory=dict)

    skip_at_start: list[str] = Field(default_factory=list)
    activity_verbs: list[str] = Field(default_factory=list)
    analysis_verbs: list[str] = Field(default_factory=list)
    change_verbs: list[str] = Field(default_factory=list)
    outcome_verbs: list[str] = Field(default_factory=list)
    done_states: list[str] = Field(default_factory=list)
    output_nouns: list[str] = Field(default_factory=list)
    outcome_nouns: list[str] = Field(default_factory=list)
    staffing_words: list[str] = Field(default_factory=list)
    artefact_nouns: list[str] = Field(default_factory=list)
    activity_nouns: list[str] = Field(default_factory=list)
    people_nouns: list[str] = Field(default_factory=list)
    internal_practice_verbs: list[str] = Field(default_factory=list)
    outcome_patterns: list[str] = Field(default_factory=list)
    outcome_clause_patterns: list[str] = Field(default_factory=list)
    coverage_patterns: list[str] = Field(default_factory=list)
    fuzzy_words: list[str] = Field(default_factory=list)
    fuzzy_patterns: list[str] = Field(default_factory=list)
    qualifier_words: list[str] = Field(default_factory=list)
    pointer_patterns: list[str] = Field(default_factory=list)
    purpose_patterns: list[str] = Field(default_factory=list)
    means_patterns: list[str] = Field(default_factory=list)
    completion_patterns: list[str] = Field(default_factory=list)
    artefact_verbs: list[str] = Field(default_factory=list)
    acquisition_verbs: list[str] = Field(default_factory=list)
    open_ended_nouns: list[str] = Field(default_factory=list)
    state_nouns: list[str] = Field(default_factory=list)
    metric_nouns: list[str] = Field(default_factory=list)
    metric_lead_patterns: list[str] = Field(default_factory=list)


@dataclass
class KrReading:
    """What a coach notices in one KR sentence, with the words that show it."""

    text: str
    q: Quantities
    head: str
    head_span: Mark | None
    task: list[Mark] = field(default_factory=list)
    vague: list[Mark] = field(default_factory=list)
    withheld: bool = False
    _fills_by_task: dict[bool, dict[str, str]] = field(default_factory=dict, repr=False)

    def fills(self, task: bool) -> dict[str, str]:
        """The rewrite shape's slots from this sentence, read once: four rules fill their shapes from it."""
        found = self._fills_by_task.get(task)
        if found is None:
            found = self._fills_by_task[task] = _fills(self.q, task=task)
        return found

    @property
    def is_task(self) -> bool:
        return bool(self.task)

    @property
    def is_vague(self) -> bool:
        return bool(self.vague)

    @property
    def has_amount(self) -> bool:
        """An explicit target counts, unless the main quantity is withheld ("N users with at least 1 repo")."""
        return self.q.has_target and not self.withheld


_CLAUSE_BREAK = re.compile(r";|\.\s+(?=[A-Z])|,?\s+and\s+")
_CLAUSE_LABEL = re.compile(r"\s*(?:[^:]{1,40}:\s*)?")


def _direction_only_clause(text: str, p: KrReadingParams) -> list[Mark]:
    """In a compound KR ("raise X to 4.5 and grow Y"), the part that has a direction but no amount."""
    if ";" not in text and "." not in text and "and" not in text:
        return []  # no clause break can match: most KRs are one clause
    change = p.pattern("change_verbs")
    verbs = [p.pattern(name) for name in ("change_verbs", "outcome_verbs", "activity_verbs")]
    if change is None:
        return []
    cuts = [0]
    for match in _CLAUSE_BREAK.finditer(text):
        separator = match.group(0).strip()
        starts_with_verb = any(v is not None and v.match(text, match.end()) for v in verbs)
        if separator == ";" or separator.startswith(".") or starts_with_verb:
            cuts.append(match.end())
    if len(cuts) == 1:
        return []
    cuts.append(len(text) + 1)
    for start, end in itertools.pairwise(cuts):
        clause = text[start:end]
        label = _CLAUSE_LABEL.match(clause)
        offset = start + (label.end() if label else 0)
        verb = change.match(text, offset)
        if verb and not extract_has_amount(text[offset:end]):
            return [_span(verb)]
    return []


_DETERMINERS = re.compile(
    r"(?:(?:the|a|an|our|their|its|all|every|each|any|new|more|at\s+least|at\s+most|over|up\s+to|one|two|three"
    r"|four|five|ten|(?:total\s+)?(?:number|amount|count|share|list|set)\s+of"
    r"|\d[\d,.]*\s?(?:%|k|m)?\+?(?:\s+of)?)\s+|[<>≤≥~+=]+\s*)*",
    re.I,
)
# the next word of a phrase, after the spaces or tabs before it (a line break ends the phrase)
_PHRASE_WORD = re.compile(r"[ \t]*([A-Za-z][\w'’/&.+-]*)")
# the spaces before a phrase and its determiners and counts, in one match (both parts may be empty)
_PHRASE_LEAD = re.compile(r"\s*" + _DETERMINERS.pattern, re.I)
_PHRASE_BREAKS = frozenset(":;,()→")
_PHRASE_STOP_WORDS = frozenset({
    "by", "from", "to", "of", "in", "into", "for", "at", "on", "with", "within", "per", "and", "or", "as", "via",
    "through", "across", "that", "which", "who", "is", "are", "was", "were", "has", "have", "be", "been", "being",
    "will", "can", "should", "than", "so", "while", "without", "after", "before", "over", "under", "using", "vs",
    "up", "down", "ahead", "during", "about", "around", "among", "including", "like", "such", "available",
    "public", "accessible", "visible", "ready"
})
# the same words for text outside ASCII, where IGNORECASE also equates letters such as "ſ" and "s"
_PHRASE_STOP = re.compile("|".join(sorted(_PHRASE_STOP_WORDS)), re.I)


def _stops_phrase(word: str) -> bool:
    """A preposition, verb or predicate adjective ends a noun phrase; a set lookup, as this runs per word."""
    word = word.rstrip(".")
    if word.isascii():
        return word.lower() in _PHRASE_STOP_WORDS
    return _PHRASE_STOP.fullmatch(word) is not None


def noun_phrase(
    text: str, start: int, stop: re.Pattern[str] | None = None
) -> tuple[Mark | None, Mark | None]:
    """The noun phrase starting at `start` (after determiners and counts) and its head, its last word."""
    position = _PHRASE_LEAD.match(text, start).end()  # type: ignore[union-attr]  # always matches
    words: list[re.Match[str]] = []
    while len(words) < 6:
        match = _PHRASE_WORD.match(text, position)
        if match is None or _stops_phrase(match.group(1)):
            break
        if words and stop is not None and stop.match(text, match.start(1)):
            break  # "Refund rate drops": the verb ends the noun phrase
        words.append(match)
        position = match.end()
        if text[position : position + 1] in _PHRASE_BREAKS:
            break
    if not words:
        return None, None
    first, last = words[0].start(1), words[-1]
    phrase = Mark(first, last.end(), text[first : last.end()])
    word = last.group(1)
    if "/" in word and len(words) == 1:
        word = word.rstrip(".").split("/")[0]
    word = word.rstrip(".")
    return phrase, Mark(last.start(1), last.start(1) + len(word), word)


def _matches_word(pattern: re.Pattern[str] | None, span: Mark | None, text: str) -> Mark | None:
    """A list entry that ends exactly at the span's end (so "test coverage" and "coverage" both count)."""
    if pattern is None or span is None:
        return None
    offset = max(0, span.start - 30)
    window = text[offset : span.end]
    for match in pattern.finditer(window):
        if match.end() == len(window):
            return _span(match, offset)
    return None


_BRACKETED = re.compile(r"\([^)]*\)")


def _outside_brackets(text: str) -> str:
    if "(" not in text:
        return text
    return _BRACKETED.sub(lambda m: " " * len(m.group(0)), text)


def _span_of(evidence: re.Match[str] | Mark | None) -> Mark | None:
    if isinstance(evidence, re.Match):
        return _span(evidence)
    return evidence


_PREDICATE_END = re.compile(
    r"\s*(?:$|[.,;:()\[\]!-]|(?:by|for|on|in|within|to|with|at|and|or|across|before|after|from|via|through|"
    r"into|as|ahead|during|\d)\b)"
)


def _as_predicate(match: re.Match[str] | None, text: str) -> re.Match[str] | None:
    """A finished state said of the subject ("Contract signed", "App live in stores"), not an adjective
    in front of a noun ("configured ACLs")."""
    if match is None:
        return None
    return match if _PREDICATE_END.match(text, match.end()) else None


_EVENT_BEFORE = re.compile(r"(?:\b(?:of|after|since|before|from)\s+|\b(?:pre|post)-)$")
_NOUN_USE_AFTER = re.compile(
    r"\s*(?:[\w-]+\s+)?(?:rate|rates|time|ratio|score|cycle|frequency|volume|cost|duration|count|effort|hours"
    r"|capacity|budget|spend|managers?)\b"
)
_THRESHOLD = re.compile(r"[≥≤<>]\s*=?\s*[$€£]?\d")
# a plural noun right after the head word, then a ceiling: a level to stay under, not an order to act
_HELD_UNDER = re.compile(
    r"\s+(?:[\w-]+\s+)?[\w-]+s(?:\s+(?:for|in|on|per)\s+[\w-]+)?\s+"
    r"(?:below|under|at\s+most|less\s+than|fewer\s+than|≤|<)\s*[$€£]?\d"
)


def _not_after_event(match: re.Match[str] | None, text: str) -> re.Match[str] | None:
    """Drop a match that only names an event ("within 2 weeks of go-live", "pre-migration")."""
    if match is None:
        return None
    return None if _EVENT_BEFORE.search(text, max(0, match.start() - 10), match.start()) else match


def _verb_at(
    pattern: re.Pattern[str] | None, text: str, start: int, noun_use_check: bool = False
) -> re.Match[str] | None:
    """A list entry at the head word, read as a verb."""
    if pattern is None:
        return None
    match = pattern.match(text, start)
    if match is None or not noun_use_check:
        return match
    # "Launch rate of ...", "Invoice accuracy rate", "Audit adjustments below 50k": the verb is a noun here
    if _NOUN_USE_AFTER.match(text, match.end()) or _HELD_UNDER.match(text, match.end()):
        return None
    return match


def _finished_state(done_states: re.Pattern[str] | None, after_head: str) -> re.Match[str] | None:
    """A finished state said of the subject after its head word ("Contract signed"), not an event."""
    found = _first(done_states, after_head)
    return _as_predicate(_not_after_event(found, after_head), after_head)


def _measured_by_numbers(q: Quantities, plain: str) -> bool:
    """An explicit start and end value, or a threshold: something other than our own output is measured."""
    return (q.baseline is not None and q.target is not None) or _THRESHOLD.search(plain) is not None


def _measured(q: Quantities, plain: str, outcome_patterns: re.Pattern[str] | None) -> bool:
    """Numbers or a named outcome measure something other than our own output.

    The outcome search, the slowest, comes last; the answer does not depend on the order.
    """
    return _measured_by_numbers(q, plain) or _first(outcome_patterns, plain) is not None


_ING_WORD = re.compile(r"\w+ing\b")


def _activity_as_means(
    plain: str, means_patterns: re.Pattern[str] | None, activity_verbs: re.Pattern[str] | None
) -> re.Match[str] | None:
    """The activity a KR names as its means: "Reduce onboarding time by creating a video series"."""
    if means_patterns is None or activity_verbs is None:
        return None
    means = means_patterns.search(plain)
    if means is None:
        return None
    verb_at = _ING_WORD.search(means.group(0))
    if verb_at is None:
        return None
    return activity_verbs.match(plain, means.start() + verb_at.start())


def _before_purpose(clean: str, purpose_patterns: re.Pattern[str] | None) -> str:
    """The KR without a trailing purpose ("... to ensure consistency"): the purpose is not the KR."""
    purpose = _first(purpose_patterns, clean)
    if purpose is not None and len(clean[: purpose.start()].split()) >= 3:
        return clean[: purpose.start()]
    return clean


def read_kr(text: str, q: Quantities, p: KrReadingParams) -> KrReading:
    """Decide, with evidence, whether a KR reads as a task, an outcome, and whether it is vague.

    Each list is searched only on the path that reads its answer (most KRs take one branch of the
    chains below), so the reading is the same as searching every list first, at a fraction of the cost.
    """
    pattern_of = p.compiled().get  # one lookup per KR, not one per list
    clean = folded(q.text)
    word, head_span, _ = head(clean, pattern_of("skip_at_start"))
    plain = _outside_brackets(clean)

    # The head word read as a verb. Outcome verbs are only read when no other kind matches: they are
    # used only then. `directional` keeps the change verb even when a done state below drops the rest.
    activity = analysis = change = directional = outcome_verb = None
    if head_span is not None:
        at = head_span.start
        activity = _verb_at(pattern_of("activity_verbs"), clean, at, noun_use_check=True)
        analysis = _verb_at(pattern_of("analysis_verbs"), clean, at, noun_use_check=True)
        change = directional = _verb_at(pattern_of("change_verbs"), clean, at)
        if change is None:
            change = _verb_at(pattern_of("artefact_verbs"), clean, at)
        if activity is None and analysis is None and change is None:
            outcome_verb = _verb_at(pattern_of("outcome_verbs"), clean, at)
    verb = activity or analysis or change or outcome_verb
    done_states = pattern_of("done_states")
    if verb is not None and done_states is not None and done_states.match(clean, verb.end() + 1):
        activity = analysis = change = outcome_verb = verb = None  # "Transfer completed by 12 May": a noun here
    phrase, phrase_head = noun_phrase(
        clean, verb.end() if verb else (head_span.start if head_span else 0), pattern_of("change_verbs")
    )
    phrase_text = phrase.text if phrase else ""
    if not verb and head_span is not None:
        phrase_text = clean[head_span.start : (phrase.end if phrase else head_span.end)]
    outcome_patterns = pattern_of("outcome_patterns")
    staffing_words = pattern_of("staffing_words")
    staffing = _first(staffing_words, phrase_text)
    if staffing is None and phrase is not None and not _measured_by_numbers(q, plain):
        # staff named near the phrase count too, unless the KR measures something other than our output
        nearby = _first(staffing_words, plain[: phrase.end + 40])
        if nearby is not None and _first(outcome_patterns, plain) is None:
            staffing = nearby
    output_head = _matches_word(pattern_of("output_nouns"), phrase_head, clean)
    own_output = output_head or staffing
    placeholders = q.placeholders
    evidence: re.Match[str] | Mark | None = None
    metric_head: Mark | None = None
    if (head_verb := activity or analysis) is not None:
        # "Add 30 logos", "Establish credibility": the object is an outcome, unless it is our own staff or output
        if own_output:
            evidence = head_verb
        else:
            worthless = (
                _first(pattern_of("outcome_clause_patterns"), plain) is not None
                or (
                    _first(pattern_of("acquisition_verbs"), head_verb.group(0)) is not None
                    and _matches_word(pattern_of("outcome_nouns"), phrase_head, clean) is not None
                )
                or _matches_word(pattern_of("state_nouns"), phrase_head, clean) is not None
            )
            participle = word.endswith("ed")
            if not worthless and not (participle and _measured(q, plain, outcome_patterns)):
                evidence = head_verb
    elif (lead_verb := change or outcome_verb) is not None:
        if staffing or (output_head and not _first(outcome_patterns, plain)):
            evidence = staffing or output_head  # "Grow the newsletter to 10,000 subscribers" measures readers
        elif _first(pattern_of("artefact_verbs"), lead_verb.group(0)) and (
            made := _matches_word(pattern_of("artefact_nouns"), phrase_head, clean)
            or _matches_word(pattern_of("activity_nouns"), phrase_head, clean)
        ):
            evidence = made  # "Better docs", "Make the dashboard available"
        elif not q.has_target and not placeholders:
            # "Reduce onboarding time by creating a video series"
            evidence = _activity_as_means(plain, pattern_of("means_patterns"), pattern_of("activity_verbs"))
    else:
        outcome = _first(outcome_patterns, plain)
        both_values = q.baseline is not None and q.target is not None
        done_span: Mark | None = None
        completion: re.Match[str] | None = None
        # a bare measure with no verb ("Checkout error rate", "Share of repeat buyers"): a metric named, no target
        if not q.amounts and not placeholders:
            metric_head = _matches_word(pattern_of("metric_nouns"), phrase_head, clean) or _span_of(
                _verb_at(pattern_of("metric_lead_patterns"), clean, head_span.start if head_span else 0)
            )
        if own_output:
            evidence = own_output
        elif (practice := _first(pattern_of("internal_practice_verbs"), plain)) and _first(
            pattern_of("people_nouns"), plain
        ):
            evidence = practice  # "90% of engineers log in weekly": our own practice
        elif head_span is not None and (done := _finished_state(done_states, plain[head_span.end :])) is not None:
            evidence = done_span = _span(done, head_span.end)
        elif (completion := _first(pattern_of("completion_patterns"), plain)) is not None:
            evidence = completion  # "95% of staff certified": completion of a task list
        elif not both_values and (activity_noun := _matches_word(pattern_of("activity_nouns"), phrase_head, clean)):
            evidence = activity_noun  # "Delivery from 71% to 90%" measures the activity's outcome
        elif outcome or metric_head or _measured_by_numbers(q, plain):
            evidence = None  # measured by something other than our own output
        elif artefact_head := _matches_word(pattern_of("artefact_nouns"), phrase_head, clean):
            evidence = artefact_head
        elif coverage := _first(pattern_of("coverage_patterns"), plain):
            evidence = coverage
        elif (head_span is not None and q.direction is None and not q.amounts and q.change is None
              and q.zero_state is None and not placeholders and not fuzzy_any(p, clean, q.text)):
            evidence = head_span  # no number, no fuzzy word, no change: a deliverable to tick off
        if evidence is not None and outcome and not own_output and evidence not in (done_span, completion):
            evidence = None
    task_span = _span_of(evidence)
    task = [task_span] if task_span is not None else []

    # ---- vague evidence
    withheld = bool(placeholders) and placeholders[0].start < min(
        (a.span.start for a in q.amounts), default=len(clean)
    )
    vague: list[Mark] = []
    if not q.has_target or withheld:
        if placeholders:
            vague += placeholders
        elif pointers := _all_spans(pattern_of("pointer_patterns"), clean):
            vague += pointers
        elif fuzzy := _outside_object(
            _outside_names(
                _all_spans(pattern_of("fuzzy_words"), _before_purpose(clean, pattern_of("purpose_patterns"))), q.text
            ),
            phrase if activity is not None and evidence is activity else None,
        ) + _all_spans(pattern_of("fuzzy_patterns"), clean):
            vague += fuzzy
        elif analysis:
            vague.append(_span(analysis))
        elif directional and (not task or not own_output):
            vague.append(_span(directional))
        elif (not verb and (open_ended := _matches_word(pattern_of("open_ended_nouns"), phrase_head, clean))
              and _finished_state(done_states, plain[head_span.end :] if head_span else plain) is None):
            vague.append(open_ended)  # "Partner enablement": an ongoing activity, nothing observable
        elif not verb and metric_head is not None:
            vague.append(metric_head)
        elif (not verb and q.direction_span is not None and q.direction != Direction.MAINTAIN
              and not clean.startswith("-", q.direction_span.end)):  # "Cut-over", "drop-off": a compound noun
            vague.append(q.direction_span)
    else:
        vague += _outside_names(_all_spans(pattern_of("qualifier_words"), clean), q.text)
        vague += _direction_only_clause(clean, p)
    return KrReading(text=text, q=q, head=word, head_span=head_span, task=task, vague=vague, withheld=withheld)


def fuzzy_any(p: KrReadingParams, text: str, original: str) -> bool:
    """Any fuzzy word, fuzzy phrase or pointer to an unwritten value in the (folded) text."""
    return bool(_outside_names(_all_spans(p.pattern("fuzzy_words"), text), original)) or any(
        _first(p.pattern(name), text) for name in ("fuzzy_patterns", "pointer_patterns")
    )


_COMPARATIVES = frozenset({"more", "less", "fewer", "better", "worse"})


def _outside_object(spans: list[Mark], deliverable: Mark | None) -> list[Mark]:
    """Drop fuzzy words inside a deliverable's name ("Publish the performance improvements"): what is made
    is crisp, whatever it is about. A comparison ("more", "better") still leaves the degree open."""
    if deliverable is None:
        return spans
    return [
        span for span in spans
        if not deliverable.start <= span.start < deliverable.end or span.text in _COMPARATIVES
    ]


_CAPITALISED_WORD = re.compile(r"[A-Z][\w'’-]*")
_CAPITALISED_AFTER = re.compile(r"[ \t]+[A-Z]")
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w'’-]*[ \t]+$")


def _outside_names(spans: list[Mark], original: str) -> list[Mark]:
    """Drop words that are part of a title-case name ("Working Group", "Quality Council"): a name, not a claim."""
    kept = []
    for span in spans:
        capitalised = _CAPITALISED_WORD.match(original, span.start) is not None
        sentence_start = not original[: span.start].strip(" \t-*•:")
        if capitalised and not sentence_start and (
            _CAPITALISED_AFTER.match(original, span.end)
            or _CAPITALISED_BEFORE.search(original, max(0, span.start - 40), span.start)
        ):
            continue
        kept.append(span)
    return kept


def extract_has_amount(text: str) -> bool:
    """Whether this part of a sentence, read on its own, writes an end value or amount of change."""
    return extract(text).has_target


_READINGS_KEPT = 4096


def kr_reading(subject: Subject, params: KrReadingParams) -> KrReading:
    """The reading of this KR's sentence, made once per distinct sentence and vocabulary.

    A reading depends only on the text, so re-reviewing a draft while its author types reads only
    the line that changed. Readings are shared: detectors must not modify them.
    """
    cached = subject.memo.get(params.key)
    if isinstance(cached, KrReading):
        return cached
    text = subject.fields.get("text", "")
    readings: dict[str, KrReading] = params.__pydantic_private__["_readings"]  # type: ignore[index]
    reading = readings.get(text)
    if reading is None:
        if len(readings) >= _READINGS_KEPT:
            readings.clear()
        reading = readings[text] = read_kr(text, subject.quantities(), params)
    subject.memo[params.key] = reading
    return reading


@detector("kr_task", KrReadingParams)
def kr_task(subject: Subject, params: KrReadingParams) -> Hit | None:
    """A KR that is an activity, output or deliverable: it can be done without changing anything outside."""
    reading = kr_reading(subject, params)
    if not reading.is_task:
        return None
    return Hit(spans=reading.task, fills=reading.fills(task=True))


@detector("kr_vague", KrReadingParams)
def kr_vague(subject: Subject, params: KrReadingParams) -> Hit | None:
    """No observable end state: fuzzy words, a direction with no amount, withheld numbers, qualifiers."""
    reading = kr_reading(subject, params)
    if not reading.is_vague:
        return None
    return Hit(spans=reading.vague, fills=reading.fills(task=reading.is_task))


@detector("kr_no_target", KrReadingParams)
def kr_no_target(subject: Subject, params: KrReadingParams) -> Hit | None:
    """No end value, threshold or amount of change, and the end state is not a crisp 'done'."""
    reading = kr_reading(subject, params)
    if reading.has_amount or not reading.is_vague:
        return None
    return Hit(spans=reading.vague, fills=reading.fills(task=reading.is_task))


class NoParams(Params):
    pass


@detector("kr_no_baseline", NoParams)
def kr_no_baseline(subject: Subject, params: NoParams) -> Hit | None:
    """No start value written: "from 18% to 28%", "(baseline 46%)", "currently 9 days" are what it wants."""
    q = subject.quantities()
    kr = subject.key_result
    if q.baseline is not None or (kr is not None and kr.baseline is not None):
        return None
    spans = [q.target.span] if q.target is not None else []
    return Hit(spans=spans, fills=_kr_fills(subject))


class DeadlineParams(Params):
    cycle_satisfies: bool = True


@detector("kr_no_deadline", DeadlineParams)
def kr_no_deadline(subject: Subject, params: DeadlineParams) -> Hit | None:
    """No time box in the KR; a set-level cycle ("2027-Q1") is a time box for every KR in the set."""
    if params.cycle_satisfies and subject.okr_set is not None and subject.okr_set.cycle:
        return None
    kr = subject.key_result
    if kr is not None and kr.deadline:
        return None
    q = subject.quantities()
    return None if q.deadline else Hit(fills=_kr_fills(subject))


def _needles(patterns: list[str]) -> tuple[str, ...] | None:
    """Strings one of which is in every (folded) text that one of `patterns` matches, or None if unknown.

    Read with the regex module's own parser: for each alternative of each pattern, its longest run of
    plain characters outside any group, repeat or character set. Such characters are matched one by
    one, in order, whenever the alternative matches, so a text holding none of the runs cannot match
    and needs no search. An alternative without a run, case-insensitive matching (a plain "s" would
    also match "ſ") or a pattern that only compiles inside the others gives None: always search.
    """
    needles = []
    for source in patterns:
        try:
            parsed = _regex_parser.parse(fold_pattern(source))
        except re.error:
            return None
        if parsed.state.flags & re.IGNORECASE:
            return None
        items = list(parsed)
        alternatives = items[0][1][1] if len(items) == 1 and items[0][0] is _regex_parser.BRANCH else [items]
        for alternative in alternatives:
            run, longest = "", ""
            for op, value in alternative:
                run = run + chr(value) if op is _regex_parser.LITERAL else ""
                if len(run) > len(longest):
                    longest = run
            if not longest:
                return None
            needles.append(longest)
    return tuple(needles)


class FieldOrPatternParams(_Compiled):
    field: str
    patterns: list[str] = Field(default_factory=list)
    _needles: tuple[str, ...] | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _find_needles(self) -> FieldOrPatternParams:
        self._needles = _needles(self.patterns)
        return self


@detector("kr_missing_field", FieldOrPatternParams)
def kr_missing_field(subject: Subject, params: FieldOrPatternParams) -> Hit | None:
    """The KR has neither the named field (owner, source) nor a mention of it in its text."""
    if subject.fields.get(params.field, "").strip():
        return None
    pattern = params.pattern("patterns")
    if pattern is not None:
        text = folded(subject.fields.get("text", ""))
        needles: tuple[str, ...] | None = params.__pydantic_private__["_needles"]  # type: ignore[index]
        if (needles is None or holds_any(text, needles)) and pattern.search(text):
            return None
    return Hit(fills=_kr_fills(subject))


@detector("kr_binary", KrReadingParams)
def kr_binary(subject: Subject, params: KrReadingParams) -> Hit | None:
    """A done/not-done deliverable with no number: it can only score 0 or 1."""
    reading = kr_reading(subject, params)
    q = reading.q
    if not reading.is_task or q.amounts or q.change is not None or q.zero_state is not None:
        return None
    return Hit(spans=reading.task, fills=reading.fills(task=True))


class KpiParams(_Compiled):
    words: list[str] = Field(default_factory=list)


@detector("kr_kpi_maintenance", KpiParams)
def kr_kpi_maintenance(subject: Subject, params: KpiParams) -> Hit | None:
    """Keeping a health metric where it is: a KPI to monitor, not a change to make."""
    q = subject.quantities()
    if q.baseline is not None or q.change is not None:
        return None  # a change from a start value is no KPI kept, whatever verb it uses: no need to look
    match = _first(params.pattern("words"), folded(q.text))
    if match is None:
        return None
    return Hit(spans=[_span(match)], fills=_kr_fills(subject))


# --- objectives ---------------------------------------------------------------------------------

_OBJECTIVE_PREFIX = re.compile(r"^\s*(?:[^:\n]{1,70}?):\s+(?=\S)")


def objective_text(text: str) -> str:
    """The objective sentence with a role prefix ("CRO: ") blanked out."""
    clean = strip_decoration(text)
    match = _OBJECTIVE_PREFIX.match(clean)
    if match and len(match.group(0).split()) <= 9 and not re.search(r"\d", match.group(0)):
        clean = " " * match.end() + clean[match.end() :]
    return clean


_HORIZON_BEFORE = re.compile(r"\b(?:first|next|last|past)\s*$", re.I)


class ObjectiveMetricParams(_Compiled):
    words: list[str] = Field(default_factory=list)


@detector("objective_has_metric", ObjectiveMetricParams)
def objective_has_metric(subject: Subject, params: ObjectiveMetricParams) -> Hit | None:
    """The objective sentence carries a number, percent or measurable target."""
    clean = objective_text(subject.fields.get("text", ""))
    q = extract(clean)
    # "within the first 60 days", "over the coming 9 months": a horizon, not a measure
    spans = [a.span for a in q.amounts if not _HORIZON_BEFORE.search(clean, 0, a.span.start)]
    spans += [s for s in q.placeholders if s.text.startswith(("$", "€", "£"))]
    if q.change is not None and q.change.span not in spans:
        spans.append(q.change.span)
    spans += _all_spans(params.pattern("words"), folded(clean))
    return Hit(spans=spans) if spans else None


class ObjectiveProjectParams(_Compiled):
    skip_at_start: list[str] = Field(default_factory=list)
    project_verbs: list[str] = Field(default_factory=list)
    activity_verbs: list[str] = Field(default_factory=list)
    state_nouns: list[str] = Field(default_factory=list)
    change_verbs: list[str] = Field(default_factory=list)
    project_nouns: list[str] = Field(default_factory=list)
    not_project_after_patterns: list[str] = Field(default_factory=list)
    done_states: list[str] = Field(default_factory=list)


_MODIFIER = re.compile(r"[a-z][a-z-]*\s+")
_AGENT_NOUN = re.compile(r"\w+(?:ers|ors)")
_FINITE_AFTER_SUBJECT = re.compile(r"\s+(?:is|are|was|were|will|can|has|have|becomes?|feels?|gets?|goes|go)\b")


def _heads_subject(text: str, verb: re.Match[str]) -> bool:
    """Whether the word read as a verb is the subject of the sentence: an agent noun, or a noun phrase
    followed by its own verb ("Writing good OKRs is easy")."""
    if _AGENT_NOUN.fullmatch(verb.group(0)):
        return True
    phrase, _ = noun_phrase(text, verb.start())
    return phrase is not None and _FINITE_AFTER_SUBJECT.match(text, phrase.end) is not None
_AND_THEN = re.compile(r"\s+and\s+")
_PROJECT_NOUN_END = re.compile(r"\s*(?:$|[:.,-]|(?:of|to|for|into|and|across)\b)")


@detector("objective_is_project", ObjectiveProjectParams)
def objective_is_project(subject: Subject, params: ObjectiveProjectParams) -> Hit | None:
    """The objective is headed by an activity verb or noun: a project name, not a change in state."""
    clean = folded(objective_text(subject.fields.get("text", "")))
    word, span, _ = head(clean, params.pattern("skip_at_start"))
    if span is None:
        return None
    match = making = _verb_at(params.pattern("project_verbs"), clean, span.start)
    if match is None:
        match = _verb_at(params.pattern("activity_verbs"), clean, span.start, noun_use_check=True)
    if match is not None and _heads_subject(clean, match):
        match = None  # "Recruiting is a partner we rely on", "Developers reach ...": a subject, not an order
    if match is not None:
        after = clean[match.end() :]
        exception = params.pattern("not_project_after_patterns")
        if exception is not None and exception.match(after.lstrip()):
            return None
        joined = _AND_THEN.match(clean, match.end())
        if making is None and joined and _verb_at(params.pattern("change_verbs"), clean, joined.end()) is not None:
            return None  # "Measure and reduce ...": the activity serves the change named next
        _, object_head = noun_phrase(clean, match.end())
        if _matches_word(params.pattern("state_nouns"), object_head, clean) is not None:
            return None  # "Establish trust with regulators": a state to reach, not a thing to make
        return Hit(spans=[_span(match)])
    nouns = params.pattern("project_nouns")
    # a noun-phrase objective named after an activity: "Warehouse migration", "Audit season preparation"
    words_ = clean.split()
    if nouns is not None and len(words_) <= 5:
        phrase_end = re.search(r"[\w-]+(?=\W*$)", clean)
        found = nouns.search(clean)
        if found is not None and phrase_end is not None and found.end() == phrase_end.end() and word not in (
            "be", "become", "get", "stay", "have"
        ):
            return Hit(spans=[_span(found)])
    # headed by an activity noun, perhaps after a modifier or two: "Migration to the new warehouse",
    # "Rollout of the CRM", "Digital transformation of citizen services"
    if nouns is not None:
        starts = [span.start]
        for _ in range(2):
            modifier = _MODIFIER.match(clean, starts[-1])
            if modifier is None:
                break
            starts.append(modifier.end())
        for start in starts:
            lead = nouns.match(clean, start)
            if lead is not None and _PROJECT_NOUN_END.match(clean, lead.end()):
                return Hit(spans=[_span(lead)])
    done = _first(params.pattern("done_states"), clean)
    if done is not None:
        return Hit(spans=[_span(done)])
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


class DuplicateParams(Params):
    min_similarity: float = Field(default=0.9, ge=0.0, le=1.0)


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
    """Two KRs in the set say (nearly) the same thing: the same words, in any order."""
    if subject.okr_set is None:
        return None
    threshold = params.min_similarity
    seen: list[tuple[frozenset[str], int]] = []
    duplicates: list[Mark] = []
    for objective in subject.okr_set.objectives:
        for kr in objective.key_results:
            words_here = _words(kr.text)
            size = len(words_here)
            if not size:
                continue
            for other, other_size in seen:
                # the overlap is at most the smaller set over the larger one: when that is below the
                # threshold, so is the overlap, and the sets need not be intersected
                if min(size, other_size) / max(size, other_size) < threshold:
                    continue
                shared = len(words_here & other)
                if shared / (size + other_size - shared) >= threshold:  # the union's size, without building it
                    duplicates.append(Mark(start=0, end=len(kr.text), text=kr.text))
                    break
            seen.append((words_here, size))
    if not duplicates:
        return None
    return Hit(spans=duplicates, fills={"count": str(len(duplicates))})
