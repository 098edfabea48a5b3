"""What a coach notices in one KR sentence, as named features with the words that show them.

A feature is computed once per sentence and vocabulary, whatever rule asks, and never depends on
which rule ran first. Rules in `rubrics/okr.yaml` are conditions over these names; the docs below
are what `okr-kit rules --features` prints, so keep them short and plain.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from kit.model import Direction, Mark
from kit.quantities import Quantities, extract
from kit.reading.fills import rewrite_fills
from kit.reading.fuzzy import any_fuzzy, before_purpose, not_at_least, outside_names, outside_object
from kit.reading.vocabulary import Vocabulary
from kit.reading.words import (
    Evidence,
    all_marks,
    as_mark,
    first,
    folded,
    head,
    mark_of,
    not_after_event,
    noun_phrase,
    outside_brackets,
    verb_at,
    word_ending_at,
)

KR_FEATURES: dict[str, str] = {
    # the KR is work to do, not a change it causes
    "activity_on_own_work": "headed by an activity verb whose object is our own output or staff (\"Write 3 guides\")",
    "activity_head": "headed by an activity verb whose object is not an outcome or a state (\"Launch the portal\")",
    "change_of_own_work": "a change verb on our own output or staff, nothing outside measured (\"Grow headcount\")",
    "artefact_improved": "a made thing made better (\"Better docs\", \"Update the pricing page\")",
    "activity_as_means": "a direction with no amount, reached by an activity (\"Cut churn by running calls\")",
    "own_work_named": "no verb; our own output or staff is what is counted (\"12 blog posts\")",
    "internal_practice": "our own people doing an internal practice (\"90% of staff log hours weekly\")",
    "finished_state": "a deliverable said to be done (\"Contract signed\", \"Portal live\")",
    "made_so": "we put a thing of ours into a state (\"Make the timetable public\", \"Make X the default\")",
    "capability_delivered": "people are able to do something: a feature shipped (\"Members can book online\")",
    "counted_output": "no verb; a number counts our own output somewhere in a list (\"3 guides; 5 talks\")",
    "completion_share": "a share of a task list done (\"100% of leads trained\")",
    "activity_noun_head": "no verb; headed by an activity noun (\"CRM rollout\")",
    "artefact_head": "no verb, nothing measured; headed by a made thing (\"Onboarding playbook\")",
    "coverage": "no verb, nothing measured; a thing spread to all or a share (\"Available to all teams\")",
    "bare_deliverable": "no verb, no number, no fuzzy word: a thing to tick off",
    "outcome_measured": "an outcome of others' behaviour, or start and end values, is measured",
    # how sure the end state is
    "no_amount": "no explicit end value, threshold or amount of change in the text (or the main one is withheld)"
                 " and none given in a field",
    "withheld_value": "a placeholder stands where a number should be (\"X%\", \"TBD\", \"$N\")",
    "pointer_to_unwritten": "points at a value not written here (\"ahead of plan\", \"hit our targets\")",
    "fuzzy": "fuzzy words or phrases in place of a measure (\"improve\", \"world-class\", \"can quickly ...\")",
    "analysis_head": "headed by an analysis verb (\"Identify\", \"Understand\")",
    "open_ended_head": "headed by an activity with no end of its own (\"Iterate on\", \"Socialise\", \"Engage\")",
    "direction_without_amount": "a change verb with no amount (\"Grow sign-ups\")",
    "open_quantity": "a verb that gains a quantity, a bare object and no amount (\"Attract donors\")",
    "open_ended_activity": "no verb; an ongoing activity with nothing observable (\"Partner enablement\")",
    "direction_word": "no verb; a direction word with no amount (\"Churn down\")",
    "bare_metric": "no verb, no number; a measure named without a target (\"Checkout error rate\")",
    "qualifier": "a qualifier decides which items count toward the amount (\"5 strategic partners\")",
    "direction_only_clause": "one clause of a compound KR has a direction but no amount",
    "no_number": "no number, change or zero state at all",
    "no_start_value": "no baseline written in the text or given in a field",
    "keep_level": "keeps a level where it is, with no start value and no change (\"Keep uptime at 99.9%\")",
    "no_time_box": "no deadline in the text or given in a field",
    "set_has_cycle": "the OKR set names its cycle (\"2027-Q1\"), a time box for every KR",
    "owner_named": "an owner is given in a field or named in the text (\"Owner: Sam\", \"@sam\")",
    "source_named": "a source of truth is given in a field or named in the text (\"Source: billing dashboard\")",
}

_SHARE_OF = re.compile(r"\s+of\b")
_DETERMINED_OBJECT = re.compile(r"\s+(?:the|a|an|our|their|its|this|that)\s")
_THRESHOLD = re.compile(r"[≥≤<>]\s*=?\s*[$€£]?\d")
_ING_WORD = re.compile(r"\w+ing\b")
_CLAUSE_BREAK = re.compile(r";|\.\s+(?=[A-Z])|,?\s+and\s+")
_CLAUSE_LABEL = re.compile(r"\s*(?:[^:]{1,40}:\s*)?")
_PREDICATE_END = re.compile(
    r"\s*(?:$|[.,;:()\[\]!-]|(?:by|for|on|in|within|to|with|at|and|or|across|before|after|from|via|through|"
    r"into|as|ahead|during|per|until|\d)\b)"
)
# an object with no article or count before it: a plural or mass noun, an open quantity ("Gain users")
_BARE_OBJECT = re.compile(r"\s+(?!(?:a|an|the|this|that|one|each|every|any|its|his|her|to|up|in|on|by)\b)[a-z]")
# a level with no number after it is only a place: "publish under this name"
_LEVEL_PREPOSITIONS = frozenset({"under", "below"})
# a participle or auxiliary after a word makes that word the subject: "Training delivered", "Hosting is"
_SAID_OF_IT = re.compile(r"\s+(?:\w+ed|is|are|was|were|has|have|will|would|can|could|should|must|may)\b")
# a capability measured against something else is a performance, not a feature: "in less time than ..."
_COMPARISON = re.compile(r"\b(?:than|compared\s+(?:to|with)|less|fewer|faster|quicker|easier|more\s+easily)\b")


@dataclass(frozen=True)
class KrReading:
    """The features one KR sentence shows, each with its evidence, and what it gives a rewrite shape."""

    text: str
    q: Quantities
    features: dict[str, Evidence]
    fills: dict[str, str] = field(default_factory=dict)


def read_key_result(text: str, vocabulary: Vocabulary) -> KrReading:
    """The reading of a KR sentence, made once per distinct sentence and vocabulary.

    Re-reviewing a draft while its author types reads only the line that changed. Readings are
    shared: callers must not modify them.
    """
    cache = vocabulary.readings("key_result")
    reading = cache.get(text)
    if reading is None:
        if len(cache) >= 4096:
            cache.clear()
        reading = cache[text] = _read(text, extract(text), vocabulary)
    return reading


def _read(text: str, q: Quantities, v: Vocabulary) -> KrReading:
    """Every feature of the sentence: the head word's role decides which deliverable features can hold."""
    pattern = v.pattern
    clean = folded(q.text)
    word, head_span, _ = head(clean, pattern("skip_at_start"))
    plain = outside_brackets(clean)
    features: dict[str, Evidence] = {}

    # ---- the head word, read as a verb; `directional` keeps a change verb a done state drops below
    activity = analysis = change = directional = outcome_verb = open_ended = metric = None
    # a participle right after a count describes what is counted: "10 engaged users", "five signed partners"
    counted_participle = head_span is not None and word.endswith("ed") and any(
        amount.span.end <= head_span.start and not clean[amount.span.end : head_span.start].strip()
        for amount in q.amounts
    )
    if head_span is not None and not counted_participle:
        at = head_span.start
        open_ended = verb_at(pattern("open_ended_verbs"), clean, at)
        activity = verb_at(pattern("activity_verbs"), clean, at, noun_heads=pattern("noun_use_heads"))
        analysis = verb_at(pattern("analysis_verbs"), clean, at, noun_heads=pattern("noun_use_heads"))
        change = directional = verb_at(pattern("change_verbs"), clean, at)
        if change is None:
            change = verb_at(pattern("artefact_verbs"), clean, at)
        if open_ended is not None:  # "Make progress on ...": the longer phrase, not "make"
            activity = analysis = change = directional = None
        if activity is None and analysis is None and change is None and open_ended is None:
            outcome_verb = verb_at(pattern("outcome_verbs"), clean, at)
    verb = activity or analysis or change or outcome_verb or open_ended
    done_states = pattern("done_states")
    if verb is not None and done_states is not None and done_states.match(clean, verb.end() + 1):
        activity = analysis = change = outcome_verb = open_ended = verb = None  # "Transfer completed": a noun here
    phrase, phrase_head = noun_phrase(  # asides in brackets are blanked: "Have 2 (/src) PRs merged"
        plain, verb.end() if verb else (head_span.start if head_span else 0), pattern("change_verbs")
    )
    phrase_text, phrase_from = (phrase.text, phrase.start) if phrase else ("", 0)
    if not verb and head_span is not None:
        phrase_text, phrase_from = clean[head_span.start : (phrase.end if phrase else head_span.end)], head_span.start

    # ---- what the sentence measures, and whose work it names
    outcome = first(pattern("outcome_patterns"), plain)
    by_numbers = (q.baseline is not None and q.target is not None) or _THRESHOLD.search(plain) is not None
    in_phrase = first(pattern("staffing_words"), phrase_text)
    staffing = mark_of(in_phrase, phrase_from) if in_phrase else as_mark(first(pattern("staffing_patterns"), plain))
    if staffing is None and phrase is not None and not by_numbers:
        # staff named near the phrase count too, unless the KR measures something other than our output
        nearby = first(pattern("staffing_words"), plain[: phrase.end + 40])
        if nearby is not None and outcome is None:
            staffing = mark_of(nearby)
    # the phrase's head as a measure or as the people or money counted, read once for every use below
    metric_head = word_ending_at(pattern("metric_nouns"), phrase_head, clean)
    outcome_head = word_ending_at(pattern("outcome_nouns"), phrase_head, clean)
    if staffing is not None and outcome_head is not None and staffing.end <= outcome_head.start:
        staffing = None  # "12 certified partners": the partners are counted, not our training
    output_head = word_ending_at(pattern("output_nouns"), phrase_head, clean)
    own_output = output_head or staffing
    placeholders = q.placeholders
    if outcome is not None or by_numbers:
        features["outcome_measured"] = (mark_of(outcome),) if outcome is not None else ()

    # ---- deliverables, by the head word's role
    made_so_pattern = pattern("made_so_patterns")
    made_so = None
    if made_so_pattern is not None and head_span is not None and not q.has_target:  # not "the default for 40%"
        made_so = made_so_pattern.match(clean, head_span.start)
    if made_so is not None:
        features["made_so"] = (mark_of(made_so),)
    elif open_ended is not None:
        features["open_ended_head"] = (mark_of(open_ended),)
    elif (head_verb := activity or analysis) is not None:
        if own_output is not None:
            features["activity_on_own_work"] = (mark_of(head_verb),)
        else:
            worth = (
                first(pattern("outcome_clause_patterns"), plain) is not None
                or (
                    first(pattern("acquisition_verbs"), head_verb.group(0)) is not None
                    and word_ending_at(pattern("outcome_nouns"), phrase_head, clean) is not None
                )
                or word_ending_at(pattern("state_nouns"), phrase_head, clean) is not None
            )
            participle = word.endswith("ed")
            if not worth and not (participle and (by_numbers or outcome is not None)):
                features["activity_head"] = (mark_of(head_verb),)
    elif (lead_verb := change or outcome_verb) is not None:
        if staffing is not None or (output_head is not None and outcome is None):
            features["change_of_own_work"] = (staffing or output_head,)  # type: ignore[assignment]
        elif first(pattern("artefact_verbs"), lead_verb.group(0)) and (
            made := word_ending_at(pattern("artefact_nouns"), phrase_head, clean)
            or word_ending_at(pattern("activity_nouns"), phrase_head, clean)
        ):
            features["artefact_improved"] = (made,)
        elif not q.has_target and not placeholders and (means := _activity_as_means(plain, v)) is not None:
            features["activity_as_means"] = (mark_of(means),)
    else:
        metric = _bare_metric(q, v, clean, metric_head, outcome_head)
        targeted = q.has_target and metric_head is not None
        _no_verb_deliverables(features, q, v, clean, plain, head_span, phrase_head, own_output, outcome,
                              by_numbers or metric is not None or targeted)  # "Attendance above 95%"

    # ---- how sure the end state is
    withheld = bool(placeholders) and placeholders[0].start < min(
        (a.span.start for a in q.amounts), default=len(clean)
    )
    if not q.has_target or withheld:
        features["no_amount"] = ()
        if placeholders:
            features["withheld_value"] = tuple(placeholders)
        if pointers := all_marks(pattern("pointer_patterns"), clean):
            features["pointer_to_unwritten"] = tuple(pointers)
        deliverable_name = None
        if activity is not None and ("activity_head" in features or "activity_on_own_work" in features):
            deliverable_name, _ = noun_phrase(clean, activity.end())  # the whole name: "timetable improvements"
        unpurposed = before_purpose(clean, pattern("purpose_patterns"))
        fuzzy_words = all_marks(pattern("fuzzy_words"), unpurposed)
        fuzzy = outside_object(outside_names(not_at_least(fuzzy_words, clean), q.text), deliverable_name)
        fuzzy += all_marks(pattern("fuzzy_patterns"), clean)
        if fuzzy:
            features["fuzzy"] = tuple(fuzzy)
        if analysis is not None:
            features["analysis_head"] = (mark_of(analysis),)
        elif (activity is not None and word.endswith("ing") and "open_ended_head" not in features
              and not _SAID_OF_IT.match(clean, activity.end())  # "Training delivered": a noun
              and not _DETERMINED_OBJECT.match(clean, activity.end())):  # "Launching the portal": a task's title
            features["open_ended_head"] = (mark_of(activity),)  # "Sourcing through communities": no end
        if directional is not None and "change_of_own_work" not in features:
            features["direction_without_amount"] = (mark_of(directional),)
        elif (verb is not None and _BARE_OBJECT.match(clean, verb.end())
              and first(pattern("amount_verbs"), verb.group(0))):
            features["open_quantity"] = (mark_of(verb),)
        if not verb:
            if (ongoing := word_ending_at(pattern("open_ended_nouns"), phrase_head, clean)) and _finished_state(
                done_states, plain[head_span.end :] if head_span else plain
            ) is None:
                features["open_ended_activity"] = (ongoing,)
            if (q.direction_span is not None and q.direction != Direction.MAINTAIN
                    and "capability_delivered" not in features  # "Members can upload file drops"
                    and q.direction_span.end <= len(unpurposed)  # not "... to improve their skills"
                    and not_at_least([q.direction_span], clean)  # not "one or more"
                    and not clean.startswith("-", q.direction_span.end)  # "Cut-over": a compound noun
                    and q.direction_span.text.lower() not in _LEVEL_PREPOSITIONS):  # "under this profile"
                features["direction_word"] = (q.direction_span,)
            if metric is not None:
                features["bare_metric"] = (metric,)
        elif (outcome_verb is not None and not q.amounts and not placeholders
              and metric_head is not None):
            features["bare_metric"] = (metric_head,)  # "Maintain uptime", "Keep customer churn": at which level?
    else:
        qualifiers = [m for m in all_marks(pattern("qualifier_words"), clean)
                      if not (m.text.endswith("ed") and _PREDICATE_END.match(clean, m.end))]
        if qualifiers := outside_names(qualifiers, q.text):  # "5 strategic partners", not "5 partners engaged"
            features["qualifier"] = tuple(qualifiers)
        if clause := _direction_only_clause(clean, v):
            features["direction_only_clause"] = clause
    if not q.amounts and q.change is None and q.zero_state is None:
        features["no_number"] = ()

    # ---- the start value, a level kept
    if q.baseline is None:
        features["no_start_value"] = (q.target.span,) if q.target is not None else ()
        keep = first(pattern("keep_words"), clean) if q.change is None else None
        if keep is not None and not _ING_WORD.match(clean, keep.end() + 1):  # not "keep using": a behaviour
            features["keep_level"] = (mark_of(keep),)

    deliverable = any(name in features for name in _DELIVERABLE_FEATURES)
    named_metric = None
    if metric is not None and head_span is not None:  # the whole sentence names it: "Time to first value"
        named_metric = _as_slot(q.text[head_span.start :].strip(" \t.;:!"))  # same offsets as `clean`
    return KrReading(text=text, q=q, features=features,
                     fills=rewrite_fills(q, v, head_span, deliverable, named_metric))


# features whose presence makes the rewrite shape leave the metric and target to the author
_DELIVERABLE_FEATURES = (
    "activity_on_own_work", "activity_head", "change_of_own_work", "artefact_improved", "activity_as_means",
    "own_work_named", "internal_practice", "finished_state", "made_so", "completion_share", "activity_noun_head",
    "artefact_head", "coverage", "bare_deliverable", "open_ended_head", "capability_delivered", "counted_output",
)


def _no_verb_deliverables(
    features: dict[str, Evidence], q: Quantities, v: Vocabulary, clean: str, plain: str,
    head_span: Mark | None, phrase_head: Mark | None, own_output: Mark | None,
    outcome: re.Match[str] | None, measured: bool,
) -> None:
    """A KR with no verb at its head ("Contract signed", "12 blog posts"): the first deliverable reading
    that holds. An outcome of others' behaviour outweighs all but our own output, a done state and a
    share of a task list."""
    pattern = v.pattern
    # not "Customers love the new dashboard" (their doing), nor "Referral programme drives 25% of sign-ups"
    # (what our output brings is counted, after it)
    brings = own_output is not None and outcome is not None and any(
        own_output.end <= a.span.start and outcome.start() <= a.span.start < outcome.end() for a in q.amounts
    )
    if own_output is not None and (outcome is None or own_output.start < outcome.end()) and not brings:
        features["own_work_named"] = (own_output,)
        return
    if (practice := first(pattern("internal_practice_verbs"), plain)) and first(pattern("people_nouns"), plain):
        if outcome is None:
            features["internal_practice"] = (mark_of(practice),)  # "90% of engineers log in weekly"
        return
    if head_span is not None and (done := _finished_state(pattern("done_states"), plain[head_span.end :])):
        state = mark_of(done, head_span.end)
        if outcome is None or not outcome.start() <= state.start < outcome.end():  # not "published by partners"
            features["finished_state"] = (state,)
            return
    if (able := first(pattern("capability_patterns"), plain)) is not None and not _COMPARISON.search(plain):
        features["capability_delivered"] = (mark_of(able),)
        return
    if outcome is None and (counted := _counted_output(q, v, clean)) is not None:
        features["counted_output"] = (counted,)
        return
    if (completion := first(pattern("completion_patterns"), plain)) is not None:
        features["completion_share"] = (mark_of(completion),)
        return
    both_values = q.baseline is not None and q.target is not None
    if not both_values and (noun := word_ending_at(pattern("activity_nouns"), phrase_head, clean)):
        if outcome is None:
            features["activity_noun_head"] = (noun,)  # "Delivery from 71% to 90%" measures its outcome
        return
    if outcome is not None or measured:
        return  # measured by numbers or a named metric, something other than our own output
    if artefact := word_ending_at(pattern("artefact_nouns"), phrase_head, clean):
        features["artefact_head"] = (artefact,)
    elif coverage := first(pattern("coverage_patterns"), plain):
        features["coverage"] = (mark_of(coverage),)
    elif (head_span is not None and q.direction is None and not q.amounts and q.change is None
          and q.zero_state is None and not q.placeholders and not any_fuzzy(v, clean, q.text)):
        features["bare_deliverable"] = (head_span,)


def _counted_output(q: Quantities, v: Vocabulary, clean: str) -> Mark | None:
    """Our own output counted after any number, as in a list of deliverables ("2 talks; 4 guides")."""
    for amount in q.amounts:
        # "60% of our tests": the share's whole; not "30 days of articles", a period
        of = _SHARE_OF.match(clean, amount.span.end) if amount.unit in (None, "%") else None
        _, counted = noun_phrase(clean, of.end() if of else amount.span.end)
        if (own := word_ending_at(v.pattern("output_nouns"), counted, clean)) is not None:
            return own
    return None


def _bare_metric(
    q: Quantities, v: Vocabulary, clean: str, metric_head: Mark | None, outcome_head: Mark | None
) -> Mark | None:
    """A measure named with no number ("Checkout error rate", "Share of repeat buyers", "Weekly active users":
    people or money counted, unless the sentence goes on to say something of them)."""
    if q.amounts or q.placeholders:
        return None
    start = len(clean) - len(clean.lstrip(" \t-*•:"))  # "% of ..." starts before the first word
    counted = outcome_head
    if counted is not None and _SAID_OF_IT.match(clean, counted.end):
        counted = None  # "New contributors are greeted by a bot": a sentence about them, not their count
    return metric_head or counted or as_mark(
        verb_at(v.pattern("metric_lead_patterns"), clean, start)
    )


def _as_slot(phrase: str) -> str:
    """A phrase as it reads inside a sentence: "Weekly active users" → "weekly active users"; names and
    acronyms ("NPS", "GitHub stars") keep their capitals."""
    first_word = phrase.split(" ", 1)[0]
    if first_word[:1].isupper() and first_word[1:].islower():
        return phrase[:1].lower() + phrase[1:]
    return phrase


def _as_predicate(match: re.Match[str] | None, text: str) -> re.Match[str] | None:
    """A finished state said of the subject ("Contract signed", "App live in stores"), not an adjective
    in front of a noun ("configured ACLs")."""
    if match is None:
        return None
    return match if _PREDICATE_END.match(text, match.end()) else None


def _finished_state(done_states: re.Pattern[str] | None, after_head: str) -> re.Match[str] | None:
    """A finished state said of the subject after its head word ("Contract signed"), not an event."""
    found = first(done_states, after_head)
    return _as_predicate(not_after_event(found, after_head), after_head)


def _activity_as_means(plain: str, v: Vocabulary) -> re.Match[str] | None:
    """The activity a KR names as its means: "Reduce onboarding time by creating a video series"."""
    means_patterns, activity_verbs = v.pattern("means_patterns"), v.pattern("activity_verbs")
    if means_patterns is None or activity_verbs is None:
        return None
    means = means_patterns.search(plain)
    if means is None:
        return None
    verb_in_means = _ING_WORD.search(means.group(0))
    if verb_in_means is None:
        return None
    return activity_verbs.match(plain, means.start() + verb_in_means.start())


def _direction_only_clause(text: str, v: Vocabulary) -> Evidence:
    """In a compound KR ("raise X to 4.5 and grow Y"), the part that has a direction but no amount."""
    if ";" not in text and "." not in text and "and" not in text:
        return ()  # no clause break can match: most KRs are one clause
    change = v.pattern("change_verbs")
    verbs = [v.pattern(name) for name in ("change_verbs", "outcome_verbs", "activity_verbs")]
    if change is None:
        return ()
    cuts = [0]
    for match in _CLAUSE_BREAK.finditer(text):
        separator = match.group(0).strip()
        starts_with_verb = any(p is not None and p.match(text, match.end()) for p in verbs)
        if separator == ";" or separator.startswith(".") or starts_with_verb:
            cuts.append(match.end())
    if len(cuts) == 1:
        return ()
    cuts.append(len(text) + 1)
    for start, end in itertools.pairwise(cuts):
        clause = text[start:end]
        label = _CLAUSE_LABEL.match(clause)
        offset = start + (label.end() if label else 0)
        verb = change.match(text, offset)
        if verb and not extract(text[offset:end]).has_target:
            return (mark_of(verb),)
    return ()
