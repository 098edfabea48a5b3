"""What a coach notices in one objective sentence, as named features with the words that show them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kit.quantities import extract, strip_decoration
from kit.reading.vocabulary import Vocabulary
from kit.reading.words import Evidence, all_marks, first, folded, head, mark_of, noun_phrase, verb_at, word_ending_at

OBJECTIVE_FEATURES: dict[str, str] = {
    "objective_amount": "a number, percent, money placeholder or multiplier word (\"Double ...\") in the sentence",
    "making_verb_head": "headed by a verb that makes something (\"Build\", \"Launch\", \"Implement\")",
    "activity_verb_head": "headed by an activity verb not serving a change named next (\"Test ...\", \"Engage ...\")",
    "activity_noun_label": "a short label ending in an activity noun (\"Warehouse migration\")",
    "activity_noun_head": "headed by an activity noun (\"Rollout of the CRM\")",
    "project_done": "says a project is done (\"... is completed\")",
    "new_artefact_label": "a short label for a new thing to make (\"New website\", \"A new pricing model\")",
    "code_name": "a project noun and a name in capitals, and nothing else (\"Project Phoenix\")",
}

_OBJECTIVE_PREFIX = re.compile(r"^\s*(?:[^:\n]{1,70}?):\s+(?=\S)")
_DIGIT = re.compile(r"\d")
_HORIZON_BEFORE = re.compile(r"\b(?:first|next|last|past|coming)\s*$", re.I)
_PERIODS = frozenset({"h", "hr", "hour", "min", "minute", "day", "wk", "week", "mo", "month", "year"})
_MODIFIER = re.compile(r"[a-z][a-z-]*\s+")
_AGENT_NOUN = re.compile(r"\w+(?:ers|ors)")
_FINITE_AFTER_SUBJECT = re.compile(r"\s+(?:is|are|was|were|will|can|has|have|becomes?|feels?|gets?|goes|go)\b")
_AND_THEN = re.compile(r"\s+and\s+")
_PROJECT_NOUN_END = re.compile(r"\s*(?:$|[:.,-]|(?:of|to|for|into|and|across)\b)")
_LAST_WORD = re.compile(r"[\w-]+(?=\W*$)")
# a stage of a project written after its name: "ERP implementation phase 2", "CRM rollout, wave II"
_STAGE_AFTER = re.compile(
    r"[\s,:–-]+(?:phase|wave|stage|step|part|release|round|milestone)\s*(?:\d+|[ivx]+|one|two|three|four|five)\W*$",
    re.I,
)
# a label for a thing to be made: "New website", "A new pricing model", "Next-generation booking app"
_NEW_THING = re.compile(r"\s*(?:(?:a|our|the)\s+)?(?:new|next[- ]gen(?:eration)?|brand[- ]new)\s", re.I)
# a code name after a project noun: one word in capitals, perhaps numbered ("Project Phoenix", "Programme
# Atlas 2"), not an abstract noun ("Project Management", "Programme Excellence", "Operation Quality")
_CODE_NAME = re.compile(
    r"\s+(?![A-Z][a-z]*(?:ment|ness|ity|ence|ance|ship|ing|ion|ism|ure|cy)\b)[A-Z][\w-]*(?:\s+(?:\d+|[IVX]+))?\W*"
)
_STATE_HEADS = frozenset({"be", "become", "get", "stay", "have"})


@dataclass(frozen=True)
class ObjectiveReading:
    text: str
    features: dict[str, Evidence]


def objective_text(text: str) -> str:
    """The objective sentence with decoration and a role prefix ("CRO: ") blanked out."""
    clean = strip_decoration(text)
    match = _OBJECTIVE_PREFIX.match(clean)
    if match and len(match.group(0).split()) <= 9 and not _DIGIT.search(match.group(0)):
        clean = " " * match.end() + clean[match.end() :]
    return clean


def read_objective(text: str, vocabulary: Vocabulary) -> ObjectiveReading:
    """The reading of an objective sentence, made once per distinct sentence and vocabulary."""
    cache = vocabulary.readings("objective")
    reading = cache.get(text)
    if reading is None:
        if len(cache) >= 1024:
            cache.clear()
        clean = objective_text(text)
        features = _amount(clean, folded(text), vocabulary) | _project(folded(clean), clean, vocabulary)
        reading = cache[text] = ObjectiveReading(text=text, features=features)
    return reading


def _amount(clean: str, raw: str, v: Vocabulary) -> dict[str, Evidence]:
    """Numbers that are amounts, multiplier words and ranks; `raw` (folded, same offsets) still holds the
    "#3" that reading blanks as an issue reference."""
    q = extract(clean)
    # "within the first 60 days", "over the coming 9 months": a horizon, not a measure ("our first 10
    # customers" is one)
    marks = [a.span for a in q.amounts
             if not ((a.unit or "").rstrip("s") in _PERIODS and _HORIZON_BEFORE.search(clean, 0, a.span.start))]
    marks += [s for s in q.placeholders if s.text.startswith(("$", "€", "£"))]
    if q.change is not None and q.change.span not in marks:
        marks.append(q.change.span)
    marks += all_marks(v.pattern("objective_metric_words"), folded(clean))
    marks += all_marks(v.pattern("objective_metric_patterns"), raw)
    unique = tuple(dict.fromkeys((m.start, m.end) for m in marks))
    by_place = {(m.start, m.end): m for m in marks}
    return {"objective_amount": tuple(by_place[place] for place in unique)} if marks else {}


def _heads_subject(text: str, verb: re.Match[str]) -> bool:
    """Whether the word read as a verb is the subject of the sentence: an agent noun, or a noun phrase
    followed by its own verb ("Writing good OKRs is easy")."""
    if _AGENT_NOUN.fullmatch(verb.group(0)):
        return True
    phrase, _ = noun_phrase(text, verb.start())
    return phrase is not None and _FINITE_AFTER_SUBJECT.match(text, phrase.end) is not None


def _activity_verb(v: Vocabulary, clean: str, at: int) -> re.Match[str] | None:
    """An activity verb at `at`, or an open-ended one ("Engage the community", "Advocate for ...")."""
    return verb_at(v.pattern("activity_verbs"), clean, at, noun_heads=v.pattern("noun_use_heads")) or verb_at(
        v.pattern("open_ended_verbs"), clean, at
    )


def _project(clean: str, written: str, v: Vocabulary) -> dict[str, Evidence]:
    """Headed by a verb that makes or does something, or named after an activity: a project, not an outcome.
    `written` is `clean` with the author's capitals, which tell a code name."""
    word, span, _ = head(clean, v.pattern("objective_skip_at_start"))
    if span is None:
        return {}
    making = verb_at(v.pattern("project_verbs"), clean, span.start)
    verb = making or _activity_verb(v, clean, span.start)
    if verb is not None and not _heads_subject(clean, verb):
        exception = v.pattern("not_project_after_patterns")
        open_ended = verb_at(v.pattern("open_ended_verbs"), clean, span.start) is not None  # "Iterate on the ..."
        if exception is not None and not open_ended and exception.match(clean[verb.end() :].lstrip()):
            return {}  # "Create greater trust": a state to reach
        _, object_head = noun_phrase(clean, verb.end())
        if word_ending_at(v.pattern("state_nouns"), object_head, clean) is not None:
            return {}  # "Establish trust with regulators": a state to reach, not a thing to make
        if making is not None:
            return {"making_verb_head": (mark_of(verb),)}
        joined = _AND_THEN.match(clean, verb.end())
        if joined is None or verb_at(v.pattern("change_verbs"), clean, joined.end()) is None:
            return {"activity_verb_head": (mark_of(verb),)}  # not "Measure and reduce ...": that serves a change
        return {}
    nouns = v.pattern("project_nouns")
    if nouns is not None:
        # a noun-phrase objective named after an activity: "Warehouse migration", "Audit season preparation"
        label = _STAGE_AFTER.sub("", clean)
        last_word = _LAST_WORD.search(label)
        found = nouns.search(label) if len(label.split()) <= 5 else None
        if found is not None and last_word is not None and found.end() == last_word.end() and word not in _STATE_HEADS:
            return {"activity_noun_label": (mark_of(found),)}
        # headed by an activity noun, perhaps after a modifier or two: "Rollout of the CRM"
        starts = [span.start]
        for _ in range(2):
            modifier = _MODIFIER.match(clean, starts[-1])
            if modifier is None:
                break
            starts.append(modifier.end())
        for start in starts:
            lead = nouns.match(clean, start)
            if lead is not None and _PROJECT_NOUN_END.match(clean, lead.end()):
                return {"activity_noun_head": (mark_of(lead),)}
    if (new := _NEW_THING.match(clean)) is not None:
        thing, thing_head = noun_phrase(clean, new.end())
        made = word_ending_at(v.pattern("artefact_nouns"), thing_head, clean)
        if thing is not None and made is not None and not clean[thing.end :].strip(" .!"):
            return {"new_artefact_label": (made,)}
    code_name_nouns = v.pattern("code_name_nouns")
    named = code_name_nouns.match(clean, span.start) if code_name_nouns is not None else None
    if named is not None and _CODE_NAME.fullmatch(_STAGE_AFTER.sub("", written), named.end()):
        return {"code_name": (mark_of(named),)}
    done = first(v.pattern("objective_done_states"), clean)
    return {"project_done": (mark_of(done),)} if done is not None else {}

