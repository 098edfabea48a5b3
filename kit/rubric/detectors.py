"""Named detectors: the small pieces of judgement a rule file points at by name.

Each detector takes the subject (named text fields plus OKR context) and its parameters, already
validated and compiled, and returns a Hit naming the words that triggered it, or None. Word
lists, patterns and thresholds live in the rule files; only the shape of the judgement lives here.

Word-list entries are case-insensitive phrases; a trailing `*` accepts any word ending
("launch*" matches launched, launches), so inflections stay readable in the YAML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from kit.model import Span
from kit.quantities import Quantities

if TYPE_CHECKING:
    from kit.rubric.engine import Subject


@dataclass
class Hit:
    """Why a rule fired: the words to point at, and what the author gave for the rewrite shape."""

    spans: list[Span] = field(default_factory=list)
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


def detector(name: str, params_model: type[BaseModel]) -> Callable[[Callable[..., Hit | None]], Callable[..., Hit | None]]:
    def register(fn: Callable[..., Hit | None]) -> Callable[..., Hit | None]:
        DETECTORS[name] = Detector(name=name, params_model=params_model, fn=fn, doc=(fn.__doc__ or "").strip())
        return fn

    return register


# --- word lists --------------------------------------------------------------------------------


def compile_words(words: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for a word list; `*` at the end of an entry accepts any ending."""
    if not words:
        return None
    parts = []
    for word in sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True):
        stem = word.rstrip("*")
        body = r"\s+".join(re.escape(piece) for piece in stem.split())
        if word.endswith("*"):
            body += r"[\w'-]*"
        lead = r"(?<![\w-])" if stem[:1].isalnum() else ""
        tail = r"(?![\w])" if not word.endswith("*") and stem[-1:].isalnum() else ""
        parts.append(lead + body + tail)
    return re.compile("|".join(parts), re.I)


def compile_patterns(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


def _span(match: re.Match[str], offset: int = 0) -> Span:
    return Span(start=match.start() + offset, end=match.end() + offset, text=match.group(0))


def _all_spans(pattern: re.Pattern[str] | None, text: str, offset: int = 0) -> list[Span]:
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
        return self._compiled.get(name)

    @property
    def key(self) -> str:
        """Equal for equal parameters, so rules sharing one vocabulary share one reading per KR."""
        return self._key


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
    text = subject.fields.get(params.field, "")
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
    text = subject.fields.get(params.field, "").strip()
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


# --- shared reading of KR and objective sentences ---------------------------------------------

_LEAD = re.compile(r"^[\W_]*", re.UNICODE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’&-]*")


def head(text: str, skip: re.Pattern[str] | None = None) -> tuple[str, Span | None, str]:
    """The first word of the cleaned sentence (skipping manner adverbs), its span, and the rest."""
    position = 0
    while True:
        match = _WORD.search(text, position)
        if match is None:
            return "", None, ""
        if skip is not None and skip.fullmatch(match.group(0)):
            position = match.end()
            continue
        return match.group(0).lower(), _span(match), text[match.end() :]


def _first(pattern: re.Pattern[str] | None, text: str) -> re.Match[str] | None:
    return pattern.search(text) if pattern is not None else None


def _fills(q: Quantities) -> dict[str, str]:
    fills: dict[str, str] = {}
    if q.metric:
        fills["metric"] = q.metric
    if q.baseline is not None:
        fills["baseline"] = q.baseline.span.text
    if q.target is not None:
        fills["target"] = q.target.span.text
    elif q.change is not None:
        fills["target"] = q.change.span.text
    if q.deadline:
        fills["date"] = q.deadline
    if q.direction is not None:
        fills["verb"] = {"increase": "Increase", "decrease": "Reduce", "maintain": "Keep"}[q.direction.value]
    return fills


# --- the KR reading, shared by the task, vague and target rules -----------------------------


class KrReadingParams(_Compiled):
    """Vocabulary for reading a KR sentence; every KR rule that judges wording uses the same lists."""

    manner_adverbs: list[str] = Field(default_factory=list)
    activity_verbs: list[str] = Field(default_factory=list)
    analysis_verbs: list[str] = Field(default_factory=list)
    change_verbs: list[str] = Field(default_factory=list)
    outcome_verbs: list[str] = Field(default_factory=list)
    done_states: list[str] = Field(default_factory=list)
    output_nouns: list[str] = Field(default_factory=list)
    staffing_words: list[str] = Field(default_factory=list)
    artefact_nouns: list[str] = Field(default_factory=list)
    activity_nouns: list[str] = Field(default_factory=list)
    people_nouns: list[str] = Field(default_factory=list)
    internal_practice_verbs: list[str] = Field(default_factory=list)
    outcome_patterns: list[str] = Field(default_factory=list)
    fuzzy_words: list[str] = Field(default_factory=list)
    fuzzy_patterns: list[str] = Field(default_factory=list)
    qualifier_words: list[str] = Field(default_factory=list)
    pointer_words: list[str] = Field(default_factory=list)
    not_a_number_patterns: list[str] = Field(default_factory=list)


@dataclass
class KrReading:
    """What a coach notices in one KR sentence, with the words that show it."""

    text: str
    q: Quantities
    head: str
    head_span: Span | None
    task: list[Span] = field(default_factory=list)
    outcome: list[Span] = field(default_factory=list)
    vague: list[Span] = field(default_factory=list)

    @property
    def is_task(self) -> bool:
        return bool(self.task)

    @property
    def is_vague(self) -> bool:
        return bool(self.vague)

    @property
    def has_amount(self) -> bool:
        return self.q.has_target


_CLAUSE_SPLIT = re.compile(r";|\.\s+(?=[A-Z])|,?\s+and\s+(?=\w+\s)|,\s+(?=[a-z]+\s)", re.I)


def _clauses(text: str) -> list[tuple[int, str]]:
    parts = []
    start = 0
    for match in _CLAUSE_SPLIT.finditer(text):
        parts.append((start, text[start : match.start()]))
        start = match.end()
    parts.append((start, text[start:]))
    return [(offset, part) for offset, part in parts if part.strip()]


def read_kr(text: str, q: Quantities, p: KrReadingParams) -> KrReading:
    """Decide, with evidence, whether a KR reads as a task, an outcome, and whether it is vague."""
    clean = q.text
    word, head_span, rest = head(clean, p.pattern("manner_adverbs"))
    reading = KrReading(text=text, q=q, head=word, head_span=head_span)
    has_amount = q.has_target
    first_words = clean[head_span.start : head_span.start + 60] if head_span else clean

    def at_head(name: str) -> re.Match[str] | None:
        pattern = p.pattern(name)
        if pattern is None or head_span is None:
            return None
        match = pattern.match(clean, head_span.start)
        return match

    # ---- task evidence
    activity = at_head("activity_verbs")
    analysis = at_head("analysis_verbs")
    change = at_head("change_verbs")
    outcome_verb = at_head("outcome_verbs")
    done = _first(p.pattern("done_states"), clean)
    staffing = _first(p.pattern("staffing_words"), clean)
    output = _first(p.pattern("output_nouns"), clean)
    outcome = _first(p.pattern("outcome_patterns"), clean)
    artefact_head = at_head("artefact_nouns") or at_head("activity_nouns")
    practice = _first(p.pattern("internal_practice_verbs"), clean)
    people = _first(p.pattern("people_nouns"), clean)

    if outcome:
        reading.outcome.append(_span(outcome))
    if activity or analysis:
        match = activity or analysis
        assert match is not None
        reading.task.append(_span(match))
    elif change or outcome_verb:
        # "Increase test coverage", "Grow the case-study library": a change verb on our own output
        if output or staffing:
            reading.task.append(_span(output or staffing))  # type: ignore[arg-type]
    elif artefact_head and not re.search(r"\b(?:rate|score|time|%)", first_words, re.I):
        reading.task.append(_span(artefact_head))
    if not reading.task:
        if staffing:
            reading.task.append(_span(staffing))
        elif done and not outcome:
            reading.task.append(_span(done))
        elif output and not change and not outcome_verb and not outcome:
            reading.task.append(_span(output))
        elif practice and people:
            reading.task.append(_span(practice))
    if reading.task and outcome and not staffing:
        reading.task = []

    # ---- vague evidence
    placeholders = q.placeholders
    fuzzy = _all_spans(p.pattern("fuzzy_words"), clean) + _all_spans(p.pattern("fuzzy_patterns"), clean)
    pointers = _all_spans(p.pattern("pointer_words"), clean)
    qualifiers = _all_spans(p.pattern("qualifier_words"), clean)
    if head_span is not None:
        qualifiers = [s for s in qualifiers if s.start > head_span.start]
    if not has_amount:
        if placeholders:
            reading.vague += placeholders
        elif pointers:
            reading.vague += pointers
        elif fuzzy:
            reading.vague += fuzzy
        elif analysis:
            reading.vague.append(_span(analysis))
        elif (change or outcome_verb) and not activity and not reading.task:
            reading.vague.append(_span(change or outcome_verb))  # type: ignore[arg-type]
        elif change and reading.task and not output:
            reading.vague.append(_span(change))
        elif not activity and not done and not artefact_head and not outcome:
            direction_only = q.direction_span is not None and q.direction is not None and not q.amounts
            if direction_only:
                reading.vague.append(q.direction_span)  # type: ignore[arg-type]
    else:
        if qualifiers:
            reading.vague += qualifiers
        # a compound KR whose other part has only a direction: "raise X and grow Y"
        change_pattern = p.pattern("change_verbs")
        if change_pattern is not None:
            for offset, clause in _clauses(clean):
                stripped = clause.lstrip()
                lead = len(clause) - len(stripped)
                match = change_pattern.match(stripped)
                if match and not extract_has_amount(stripped):
                    reading.vague.append(_span(match, offset + lead))
                    break
    return reading


def extract_has_amount(text: str) -> bool:
    from kit.quantities import extract

    return extract(text).has_target


def kr_reading(subject: Subject, params: KrReadingParams) -> KrReading:
    cached = subject.memo.get(params.key)
    if isinstance(cached, KrReading):
        return cached
    reading = read_kr(subject.fields.get("text", ""), subject.quantities(), params)
    subject.memo[params.key] = reading
    return reading


@detector("kr_task", KrReadingParams)
def kr_task(subject: Subject, params: KrReadingParams) -> Hit | None:
    """A KR that is an activity, output or deliverable: it can be done without changing anything outside."""
    reading = kr_reading(subject, params)
    if not reading.is_task:
        return None
    return Hit(spans=reading.task, fills=_fills(reading.q))


@detector("kr_vague", KrReadingParams)
def kr_vague(subject: Subject, params: KrReadingParams) -> Hit | None:
    """No observable end state: fuzzy words, a direction with no amount, withheld numbers, qualifiers."""
    reading = kr_reading(subject, params)
    if not reading.is_vague:
        return None
    return Hit(spans=reading.vague, fills=_fills(reading.q))


@detector("kr_no_target", KrReadingParams)
def kr_no_target(subject: Subject, params: KrReadingParams) -> Hit | None:
    """No end value, threshold or amount of change, and the end state is not a crisp 'done'."""
    reading = kr_reading(subject, params)
    if reading.has_amount or not reading.is_vague:
        return None
    return Hit(spans=reading.vague, fills=_fills(reading.q))


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
    return Hit(spans=spans, fills=_fills(q))


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
    return None if q.deadline else Hit(fills=_fills(q))


class FieldOrPatternParams(_Compiled):
    field: str
    patterns: list[str] = Field(default_factory=list)


@detector("kr_missing_field", FieldOrPatternParams)
def kr_missing_field(subject: Subject, params: FieldOrPatternParams) -> Hit | None:
    """The KR has neither the named field (owner, source) nor a mention of it in its text."""
    if subject.fields.get(params.field, "").strip():
        return None
    pattern = params.pattern("patterns")
    if pattern is not None and pattern.search(subject.fields.get("text", "")):
        return None
    return Hit(fills=_fills(subject.quantities()))


@detector("kr_binary", KrReadingParams)
def kr_binary(subject: Subject, params: KrReadingParams) -> Hit | None:
    """A done/not-done deliverable with no number: it can only score 0 or 1."""
    reading = kr_reading(subject, params)
    q = reading.q
    if not reading.is_task or q.amounts or q.change is not None or q.zero_state is not None:
        return None
    return Hit(spans=reading.task, fills=_fills(q))


class KpiParams(_Compiled):
    words: list[str] = Field(default_factory=list)


@detector("kr_kpi_maintenance", KpiParams)
def kr_kpi_maintenance(subject: Subject, params: KpiParams) -> Hit | None:
    """Keeping a health metric where it is: a KPI to monitor, not a change to make."""
    q = subject.quantities()
    match = _first(params.pattern("words"), q.text)
    if match is None or q.baseline is not None or q.change is not None:
        return None
    return Hit(spans=[_span(match)], fills=_fills(q))


# --- objectives ---------------------------------------------------------------------------------

_OBJECTIVE_PREFIX = re.compile(r"^\s*(?:[^:\n]{1,70}?):\s+(?=\S)")


def objective_text(text: str) -> str:
    """The objective sentence with a role prefix ("CRO: ") blanked out."""
    from kit.quantities import strip_decoration

    clean = strip_decoration(text)
    match = _OBJECTIVE_PREFIX.match(clean)
    if match and len(match.group(0).split()) <= 9 and not re.search(r"\d", match.group(0)):
        clean = " " * match.end() + clean[match.end() :]
    return clean


class ObjectiveMetricParams(_Compiled):
    words: list[str] = Field(default_factory=list)


@detector("objective_has_metric", ObjectiveMetricParams)
def objective_has_metric(subject: Subject, params: ObjectiveMetricParams) -> Hit | None:
    """The objective sentence carries a number, percent or measurable target."""
    from kit.quantities import extract

    clean = objective_text(subject.fields.get("text", ""))
    q = extract(clean)
    spans = [a.span for a in q.amounts]
    spans += [s for s in q.placeholders if s.text.startswith(("$", "€", "£"))]
    if q.change is not None and q.change.span not in spans:
        spans.append(q.change.span)
    spans += _all_spans(params.pattern("words"), clean)
    return Hit(spans=spans) if spans else None


class ObjectiveProjectParams(_Compiled):
    manner_adverbs: list[str] = Field(default_factory=list)
    project_verbs: list[str] = Field(default_factory=list)
    project_nouns: list[str] = Field(default_factory=list)
    not_project_after_verb: list[str] = Field(default_factory=list)
    done_states: list[str] = Field(default_factory=list)


@detector("objective_is_project", ObjectiveProjectParams)
def objective_is_project(subject: Subject, params: ObjectiveProjectParams) -> Hit | None:
    """The objective is headed by an activity verb or noun: a project name, not a change in state."""
    clean = objective_text(subject.fields.get("text", ""))
    word, span, rest = head(clean, params.pattern("manner_adverbs"))
    if span is None:
        return None
    verb = params.pattern("project_verbs")
    match = verb.match(clean, span.start) if verb is not None else None
    if match is not None:
        after = clean[match.end() :]
        exception = params.pattern("not_project_after_verb")
        if exception is not None and exception.match(after.lstrip()):
            return None
        return Hit(spans=[_span(match)])
    nouns = params.pattern("project_nouns")
    found = nouns.search(clean[: span.start + 60]) if nouns is not None else None
    if found is not None and found.start() <= span.start + 40 and len(clean.split()) <= 6:
        return Hit(spans=[_span(found)])
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


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"\w+", text))


@detector("set_duplicate_kr", DuplicateParams)
def set_duplicate_kr(subject: Subject, params: DuplicateParams) -> Hit | None:
    """Two KRs in the set say (nearly) the same thing: the same words, in any order."""
    if subject.okr_set is None:
        return None
    seen: list[tuple[frozenset[str], str]] = []
    duplicates: list[Span] = []
    for _, _, kr in subject.okr_set.key_results():
        words_here = _words(kr.text)
        if not words_here:
            continue
        for other, other_text in seen:
            overlap = len(words_here & other) / len(words_here | other)
            if overlap >= params.min_similarity:
                duplicates.append(Span(start=0, end=len(kr.text), text=kr.text))
                break
        seen.append((words_here, kr.text))
    if not duplicates:
        return None
    return Hit(spans=duplicates, fills={"count": str(len(duplicates))})
