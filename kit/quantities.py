"""Baseline, target, unit, direction and deadline read from a KR sentence.

Contract: `extract(text) -> Quantities` (every field optional, with the spans it came from),
and `enrich(kr) -> KeyResult` which fills the KR's empty fields from its text and never
overwrites what the author gave explicitly. Placeholders ("X%", "from X to Y", "TBD") are
not numbers, and digits inside names ("#36", "5C", "v3", "Phase 2", "P0", "FY21") are not
amounts: a coach would not accept either as a target.

Offsets in every Mark refer to the text exactly as given, so a display can underline the words.
Decoration that real drafts carry (role prefixes such as "CEO KR:", tags such as "[P0]",
issue references, list bullets) is blanked out, not removed, for the same reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from kit.fast_regex import factor_alternations, fold_pattern, holds_any
from kit.model import Direction, KeyResult, Mark

AmountRole = Literal["baseline", "target", "change", "amount"]


# Plain dataclasses, not pydantic models: a KR sentence is read into a handful of these from
# values the reader made itself, and validating them again cost more than reading some numbers.
@dataclass(slots=True)
class Amount:
    """One real number in the text, with the role it plays in the KR."""

    value: float
    span: Mark
    unit: str | None = None
    role: AmountRole = "amount"


@dataclass(slots=True, frozen=True)
class Quantities:
    """What a KR sentence says about its numbers and its time box.

    `text` is the sentence with decoration (prefixes, tags, references) blanked out; `change` a
    relative change ("by 20%", "2x", "doubles"); `zero_state` "zero P1 incidents", "no tickets
    older than".
    """

    text: str
    baseline: Amount | None = None
    target: Amount | None = None
    change: Amount | None = None
    direction: Direction | None = None
    direction_span: Mark | None = None
    deadline: str | None = None
    deadline_span: Mark | None = None
    metric: str | None = None
    metric_span: Mark | None = None
    amounts: list[Amount] = field(default_factory=list)
    placeholders: list[Mark] = field(default_factory=list)
    zero_state: Mark | None = None

    @property
    def has_target(self) -> bool:
        """An explicit end value, threshold or amount of change is written."""
        return self.target is not None or self.change is not None or self.zero_state is not None


# --- decoration ------------------------------------------------------------------------------

# "[X]", "[target]", "[N]": a template slot or withheld value, which must stay visible as a placeholder
_BRACKETED_PLACEHOLDER = (
    r"\s*(?:[XYNZ]|x+|\?+|#|TBD|TBC|tbd|metric|baseline|target|date|number|amount|value|owner|goal)\s*"
)
_DECORATION = [
    # role or label prefixes: "CRO KR:", "Director of Sales KR:", "KR 1.2 -", "OBJECTIVE:", "O1:"
    re.compile(
        r"^\W*(?:[^:\n]{0,80}?\b(?:KR|key\s+result)\s*\d*(?:\.\d+)*\s*[:\-–—.)]|(?:KR|key\s+result)\s*\d+(?:\.\d+)*\b)\s*",
        re.I,
    ),
    re.compile(r"^\W*(?:OBJECTIVE|Objective\s*\d*(?:\.\d+)?|O\d+)\s*[:\-–—.)]\s*", re.I),
    # list bullets, numbering, check boxes
    re.compile(r"^\s*(?:[-*•→]\s*)?(?:\[[ xX]?\]\s*)?(?:\d{1,2}[.)]\s+)?"),
    # tags: [P0], [Internal only], [DevRel]
    re.compile(r"\[(?!" + _BRACKETED_PLACEHOLDER + r"\])[^\]\n]{1,40}\]"),
    # issue and epic references: (#36), gitlab-com&263, group/project#725
    re.compile(r"\(?#\d+\)?|\b[\w.-]+(?:/[\w.-]+)*[#&]\d+\b"),
    # HTML sub/sup markup around placeholders: N<sub>0</sub>
    re.compile(r"</?su[bp]>"),
    # annotation noise that carries digits or question marks but no amount: priority tags ("P0", "PX"),
    # handles ("@dana", "@???"), versions and dotted identifiers ("2.4.0", "2031.Q2.07.1")
    re.compile(
        r"(?<![\w@.-])(?:[Pp](?:[0-4]|X)(?![\w-])(?:\s*/\s*[Pp]?[0-4](?![\w-]))?"
        r"|@(?:[\w.-]+|\?+)"
        r"|(?!\d{1,3}(?:\.\d{3})+(?![\w.]))v?\d+(?:\.\d+){2,}(?![\w.])"
        r"|(?=[\w.]*\d)(?=[\w.]*[A-Za-z])[A-Za-z\d]+(?:\.[A-Za-z\d]+){2,}(?![\w.]))"
    ),
    # a one-word note in brackets: someone's initials or a status ("(dk)", "(Maren)", "(optional)")
    re.compile(r"\((?:[a-z]{1,12}|[A-Z][a-z]{1,12})\)"),
    # a short label before a sentence: "Reliability: Cut ...", "Feedback [LEARNING]: Ask ...", "Sync - The ..."
    re.compile(r"^\W*(?:[A-Za-z][\w&/'’-]*\s+){0,3}[A-Za-z][\w&/'’-]*\s*(?:\[[^\]\n]{1,30}\]\s*)?(?::|\s[-–—])\s+(?=[A-Z][\w'’-]*(?:\s+\S+){2})"),
]
# lower-cased text a decoration pattern cannot match without (empty: always run it); a KR label
# needs "kr" or "key", and its lazy scan of the first 80 characters is the costly one to skip
_DECORATION_NEEDS: list[tuple[str, ...]] = [
    ("kr", "key"), (), (), ("[",), ("#", "&"), ("<",), ("p", "@", "."), ("(",), (":", " -", " –", " —")
]
# the first three only match at the start of the sentence: one attempt there, not a scan
_DECORATION_ANCHORED = [True, True, True, False, False, False, False, False, True]
_PLACEHOLDER_MARKUP = re.compile(r"\b([A-Z])<sub>(\d+)</sub>")
_MARKUP_REST = re.compile(r"(?<=[A-Z])#+")


def _lower_same_length(text: str) -> str:
    """Lower-cased text whose offsets still match the original (a few letters change length)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _folded_regex(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same regex for lower-cased text, without IGNORECASE (several times faster on long alternations)."""
    return re.compile(fold_pattern(pattern.pattern), pattern.flags & ~re.I)


class _Gated:
    """A case-insensitive search that cannot match unless the lower-cased text holds one of `needs`.
    For ASCII text (`lowered` given) that cheap test runs first and the regex, if needed, runs
    without IGNORECASE on the lower-cased text; other text keeps the IGNORECASE regex, because
    re.I also equates letters such as "ı" or "ſ" with ASCII ones. Match offsets are the text's."""

    __slots__ = ("_any_case", "_lower", "_needs")

    def __init__(self, pattern: re.Pattern[str], needs: tuple[str, ...]) -> None:
        self._any_case = pattern
        self._lower = _folded_regex(pattern)
        self._needs = needs

    def search(self, text: str, lowered: str | None) -> re.Match[str] | None:
        if lowered is None:
            return self._any_case.search(text)
        if not holds_any(lowered, self._needs):
            return None
        return self._lower.search(lowered)


class _AnyCase:
    """A case-insensitive regex that answers yes or no. ASCII text, nearly every KR, is lower-cased and
    matched without IGNORECASE: the same answer, several times faster on the short windows around a
    number, where these cues are tried for every amount. `needs`, if given, are lower-case words the
    pattern cannot match without: ASCII text holding none of them is answered without the regex."""

    __slots__ = ("_any_case", "_lower", "_needs")

    def __init__(self, pattern: re.Pattern[str], needs: tuple[str, ...] = ()) -> None:
        self._any_case = pattern
        self._lower = _folded_regex(pattern)
        self._needs = needs

    def found_in(self, text: str) -> bool:
        if text.isascii():
            lowered = text.lower()
            if self._needs and not holds_any(lowered, self._needs):
                return False
            return self._lower.search(lowered) is not None
        return self._any_case.search(text) is not None

    def starts(self, text: str) -> bool:
        if text.isascii():
            return self._lower.match(text.lower()) is not None
        return self._any_case.match(text) is not None


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


@lru_cache(maxsize=8192)
def strip_decoration(text: str) -> str:
    """The text with prefixes, tags and references replaced by spaces (offsets stay valid)."""
    if "<sub>" in text:
        text = _PLACEHOLDER_MARKUP.sub(lambda m: m.group(1) + "#" * (len(m.group(0)) - 1), text)
    lowered = text.lower()
    for pattern, needed, anchored in zip(_DECORATION, _DECORATION_NEEDS, _DECORATION_ANCHORED, strict=True):
        if needed and not holds_any(lowered, needed):
            continue  # cheap test first: most sentences carry no labels, tags or references
        matches = [m for m in [pattern.match(text)] if m is not None] if anchored else list(pattern.finditer(text))
        for match in reversed(matches):
            if match.end() > match.start():
                text = _blank(text, match.start(), match.end())
    if "#" not in text:
        return text
    # the placeholder markup was turned into "N###..."; keep the letter, blank the rest ("C#" too)
    return _MARKUP_REST.sub(lambda m: " " * len(m.group(0)), text)


# --- numbers ---------------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_BEFORE = _AnyCase(re.compile(rf"\b{_MONTH}\s*$", re.I))
_DATE_AFTER = _AnyCase(re.compile(rf"(?:st|nd|rd|th)?\s*{_MONTH}(?![a-z])|/\d{{1,2}}\b", re.I))

_NUMBER = re.compile(
    r"(?P<sign>[+-])?(?P<cur>[$€£])?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<suffix>\s?(?:k|K|mm|MM|M|bn|B)(?![A-Za-z]))?"
    r"(?P<unit>\s?%|\s?percent\b|\s?(?:x|X)(?![A-Za-z])"
    r"|\s?(?:ms|s|sec|seconds?|mins?|minutes?|h|hrs?|hours?|days?|Tage|weeks?|wks?|months?|mo|years?"
    r"|bps|pp|p\.p\.|percentage\s+points?|points?|pts|stars?|GB|KB|MB|TB)(?![A-Za-z]))?"
)
_MULTIPLIERS = {"k": 1e3, "K": 1e3, "M": 1e6, "mm": 1e6, "MM": 1e6, "bn": 1e9, "B": 1e9}
# words right before a number that make it a name, not an amount ("Phase 2", "OKR 2.1", "Tier 1")
_NAME_WORDS = _AnyCase(re.compile(
    r"(?:\b(?:phase|type|level|version|release|releases|v|okr|kr|tier|stage|stages|step|sprint|grade|wave"
    r"|week|day|gen|generation|cohort|round|series|chapter|section|item|no|sev|iso|web"
    r"|plant|line|site|hall|gate|building|store|warehouse|district|ward|zone|grade|class|room|station|shift)\s?"
    r"|[#§]|[A-Za-z]-|[A-Za-z])$",
    re.I,
))
_LETTER_LAST = re.compile(r"[A-Za-z#§-]$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_AFTER_NUMBER_NAME = re.compile(r"^(?:[A-Za-z]{1,2}\b(?<!x)|[A-Za-z]\d|-(?:day|week|month|hour|minute)\b"
                                r"|(?:st|nd|rd|th)\b|/[A-Z])")
_DENOMINATOR = _AnyCase(re.compile(r"\b(?:per|every|each|out of|/)\s*$", re.I))


def _unit_of(unit_words: str | None, currency: str | None) -> str | None:
    unit = (unit_words or "").strip().lower()
    if unit in ("%", "percent"):
        return "%"
    if unit == "x":
        return "x"
    if currency:
        return currency
    return unit or None


_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "twenty": 20, "fifty": 50, "a dozen": 12, "a hundred": 100, "one or more": 1,
    "at least one": 1,
}
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b(?=\s+(?:new\s+|more\s+)?[a-z])")
_NUMBER_WORD_LITERALS = (*_NUMBER_WORDS, "one ", "half", "third", "majority", "top")
# a share or a rank written in words: "half of", "a majority of", "top 5", "top-10"
_SHARE_OR_RANK = re.compile(
    r"\b(?:(?:at\s+least\s+)?(?:half|a\s+third|two\s+thirds|(?:a|the)\s+majority)\s+of\b|top[\s-]?\d+\b)"
)
# "within one week", "more than one business day": a single period is an amount too
_ONE_PERIOD = re.compile(r"\bone(?=\s+(?:business\s+|working\s+)?(?:day|week|month|quarter|year|release|sprint)s?\b)")
_NOT_A_COUNT_BEFORE = re.compile(r"\b(?:the|of|top|bottom|these|those|all)\s+$", re.I)


def _number_words(text: str) -> list[Amount]:
    """Counts written as words ("hire two engineers"), but not "the four regions" (a reference)."""
    amounts: list[Amount] = []
    lowered = _lower_same_length(text)
    if not holds_any(lowered, _NUMBER_WORD_LITERALS):
        return amounts  # the regex cannot match without one of its words: most KRs write digits
    for match in _NUMBER_WORD.finditer(lowered):  # lower-cased: faster than IGNORECASE
        if _NOT_A_COUNT_BEFORE.search(text, max(0, match.start() - 10), match.start()):
            continue
        value = float(_NUMBER_WORDS[match.group(0)])
        amounts.append(Amount(value=value, unit=None, span=Mark(start=match.start(), end=match.end(),
                                                                text=text[match.start() : match.end()])))
    for match in _SHARE_OR_RANK.finditer(lowered):
        amounts.append(Amount(value=1.0, unit=None, span=Mark(start=match.start(), end=match.end(),
                                                              text=text[match.start() : match.end()])))
    for match in _ONE_PERIOD.finditer(lowered):
        amounts.append(Amount(value=1.0, unit=None, span=Mark(start=match.start(), end=match.end(),
                                                              text=text[match.start() : match.end()])))
    return sorted(amounts, key=lambda amount: amount.span.start)


_NUMBER_START = re.compile(r"[\d.]")


def _number_matches(text: str) -> list[re.Match[str]]:
    """What `_NUMBER.finditer` finds, trying the pattern only just before digits: a scan of every
    position with its optional sign and currency groups is the slowest step of reading a KR.

    Before the digits a match holds at most a sign, a currency and one space, in that order. The
    earliest place such a run can start (walking back over a space, a currency, a sign) is the only
    one to try: an earlier one cannot match, and if it fails every later one fails at the digits too.
    """
    found = []
    position = 0
    while (digit := _NUMBER_START.search(text, position)) is not None:
        start = digit.start()
        if start > position and text[start - 1].isspace():  # `\s`: the same characters as isspace
            start -= 1
        if start > position and text[start - 1] in "$€£":
            start -= 1
        if start > position and text[start - 1] in "+-":
            start -= 1
        match = _NUMBER.match(text, start)
        if match is not None:
            found.append(match)
            position = match.end()
        else:
            position = digit.start() + 1
    return found


def _numbers(text: str) -> list[Amount]:
    words = _number_words(text)
    amounts: list[Amount] = []
    for match in _number_matches(text):
        sign, currency, raw, suffix, unit_words = match.group("sign", "cur", "num", "suffix", "unit")
        start = match.start("cur") if currency else match.start("num")
        if sign and not currency:
            start = match.start("sign")
        end = match.end()
        before = text[max(0, start - 12) : start]
        # each test below tries its cheap conditions before its regex
        if not currency and (not unit_words or _LETTER_LAST.search(before)) and _NAME_WORDS.found_in(before):
            continue  # "FY21", "P0", "v3", "Phase 2" are names; "Tier 1 at 95%" keeps the 95%
        if not unit_words and not suffix and _AFTER_NUMBER_NAME.match(text[end : end + 4]):
            continue  # "5C", "1st", "2K reference", "S1/S2"
        if not unit_words and not currency and _YEAR.match(raw):
            continue
        if "." not in raw and (_DATE_BEFORE.found_in(before) or _DATE_AFTER.starts(text[end : end + 14])):
            continue  # "by 15 May", "Mar 31": a date, read by the deadline finder
        if not unit_words and _DENOMINATOR.found_in(before):
            continue  # "per 1k customers", "4 out of 5": the 5 is a scale, not the amount
        value = float(raw.replace(",", ""))
        value *= _MULTIPLIERS.get((suffix or "").strip(), 1.0)
        if sign == "-":
            value = -value
        amounts.append(
            Amount(value=value, unit=_unit_of(unit_words, currency),
                   span=Mark(start=start, end=end, text=text[start:end]))
        )
    if not words:
        return amounts  # found left to right, so already in order
    # a digit read as an amount wins over the words around it ("top 5": the 5)
    words = [w for w in words if not any(w.span.start <= a.span.start < w.span.end for a in amounts)]
    return sorted(words + amounts, key=lambda a: a.span.start)


# --- placeholders ----------------------------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"(?:\[" + _BRACKETED_PLACEHOLDER + r"\]|[$€£]\s?[A-Z]{1,3}\b|\?{2,}\s?%?"
    r"|\b(?:X|Y|N|Z{1,3}|X{2,3}|TBD|TBC|TK)\b(?:\s?%)?)"
)


# every placeholder starts with one of these characters (the pattern is case-sensitive)
_PLACEHOLDER_START = re.compile(r"[\[$€£?XYNZT]")


def _placeholders(text: str) -> list[Mark]:
    """What `_PLACEHOLDER.finditer` finds, tried only where a placeholder can start: scanning every
    position with the whole alternation cost more than the rest of reading the placeholders."""
    spans = []
    position = 0
    while (candidate := _PLACEHOLDER_START.search(text, position)) is not None:
        match = _PLACEHOLDER.match(text, candidate.start())
        if match is None:
            position = candidate.start() + 1
            continue
        start, end = match.span()
        # "criteria TBD" inside brackets still withholds a value, keep it
        spans.append(Mark(start=start, end=end, text=text[start:end]))
        position = end
    return spans


# --- baseline and target ---------------------------------------------------------------------

_VALUE = r"[+-]?[$€£]?\s?(?:\d[\d,.]*\s?(?:k|K|M|mm|bn|B)?\s?(?:%|x|X|[a-zA-Z/]{1,8})?|[A-Z]{1,3}\b|\?{2,})"
_ARROW = re.compile(r"(?:->|→|=>|⇒|—>|–>|>>)")
_BASELINE_CUES = _AnyCase(re.compile(
    r"(?:\bbaseline(?:\s+(?:of|is|was|at))?|\bcurrently(?:\s+at)?|\bcurrent\s+(?:state|value|level)\s+(?:is|of)"
    r"|\bnow|\bwas|\bup\s+from|\bdown\s+from|\bstarting\s+(?:at|from)|\btoday)\s*:?\s*(?:~|approx\.?\s*)?$",
    re.I,
), needs=("baseline", "current", "now", "was", "from", "starting", "today"))
# `\s*+` (possessive): blanked decoration leaves long runs of spaces after a number, and a plain
# `\s*\)?\s*\(?\s*` tries every way of sharing them out (hundreds of microseconds a number)
_LAST_PERIOD_AFTER = _AnyCase(re.compile(
    r"^\s*+\)?\s*+\(?\s*+(?:last|previous|prior)\s+(?:year|quarter|cohort|month)(?!\s*:)|^\s*\((?:FY|CY|Q)\d", re.I
))
# `\b` written once for all the words: repeated in each alternative, it was tested again by each
# one at every position (several microseconds a number)
_TARGET_CUES = _AnyCase(re.compile(
    r"(?:\b(?:to|target(?:\s+(?:of|is))?|reach(?:es|ing)?|at|achieve|hit|under|below|over|above"
    r"|at\s+least|at\s+most|minimum(?:\s+of)?|maximum(?:\s+of)?|less\s+than|more\s+than"
    r"|fewer\s+than|or\s+(?:less|more|higher|lower))|[<>≤≥=]|<=|>=|~)\s*:?\s*$",
    re.I,
))
_CHANGE_CUES = _AnyCase(
    re.compile(r"\bby\s*(?:at\s+least\s+|a\s+|~\s*)?(?:minimum\s+(?:of\s+)?)?$", re.I), needs=("by",)
)
_CHANGE_AFTER = _AnyCase(re.compile(r"\s*(?:increase|decrease|reduction|growth|lift|uplift|more|fewer|less|improvement"
                           r"|drop|rise|higher|lower)\b", re.I))
_MULTIPLY_WORDS = re.compile(
    r"\b(?:doubl(?:e|es|ed|ing)|tripl(?:e|es|ed|ing)|halv(?:e|es|ed|ing)|quadrupl\w*|twice\s+as)\b(?!\s+down)", re.I
)
_ZERO_STATE_STRICT = re.compile(r"\bzero\b(?=\s+\S)|\beliminat\w*\b(?=\s+\S)"
                                r"|\bno\b(?=\s+(?:[\w-]+\s+){0,4}?(?:older|open|unresolved|incidents?|"
                                r"tickets?|customers?|defects?|bugs?|outages?|findings?|errors?|content|P\d|sev\d|"
                                r"manual|critical|material|blocked|\w+s\b))", re.I)
# the words each pattern starts with; most KRs hold none of them
_MULTIPLY_GATED = _Gated(_MULTIPLY_WORDS, ("doubl", "tripl", "halv", "quadrupl", "twice"))
_ZERO_STATE_GATED = _Gated(_ZERO_STATE_STRICT, ("zero", "no", "eliminat"))


_FROM_BEFORE = _AnyCase(re.compile(r"\bfrom\s*(?:[<>≤≥~]|approx\.?\s*|about\s+)?$", re.I), needs=("from",))
_DE_BEFORE = re.compile(r"\bde\s+$")
_A_AFTER = re.compile(r"\s+a\s+")
_ARROW_AFTER = re.compile(r"\s*+(?:\d+\s?[a-z]{1,3})?[^\d\s]{0,12}\s*(?:\([^)]{0,30}\)\s*)?" + _ARROW.pattern)
# "(was 43%)", "(baseline 46%)", and a value labelled with an earlier period: "(2026: 38%)", "(last year: 38%)"
_BRACKETED_BASELINE = _AnyCase(re.compile(
    r"\(\s*(?:(?:was|from|baseline|currently|now)\b|(?:(?:19|20)\d\d|(?:last|prior|previous)\s+(?:year|quarter))\s*:)"
    r"[^)]*$",
    re.I,
), needs=("(",))


def _reads_as_baseline(before: str, after: str) -> bool:
    """A start value: "from 18%", "18% -> 28%", "(was 43%)", "(3 last year)", "currently 9 days"."""
    return bool(
        _BASELINE_CUES.found_in(before)
        or _FROM_BEFORE.found_in(before)
        or (_A_AFTER.match(after) and _DE_BEFORE.search(before))
        or _ARROW_AFTER.match(after)
        or _LAST_PERIOD_AFTER.starts(after)
        or _BRACKETED_BASELINE.found_in(before)
    )


# "12 new logos above 200 seats", "5 deals of at least $20k": a count, its noun, then a size that
# says which ones count; the words between may not be cues of their own ("to", "from", "by")
_QUALIFIER_BETWEEN = _AnyCase(re.compile(
    r"^\s*(?:(?!(?:to|from|by|at|in|on|per|than|vs|under|below|within|before|until)\b)[A-Za-z][\w'’/&-]*\s+){1,5}"
    r"(?:above|over|with\s+(?:at\s+least|more\s+than|over|above|min(?:imum)?(?:\s+of)?)|with|of\s+(?:at\s+least"
    r"|more\s+than|over|above)|larger\s+than|bigger\s+than|exceeding)\s*$",
    re.I,
), needs=("above", "over", "with", "of", "larger", "bigger", "exceeding"))


def _is_qualifier(text: str, amount: Amount, earlier: list[Amount]) -> bool:
    """A number that narrows what an earlier count counts, not a value of its own."""
    return any(
        other.role in ("target", "amount") and _QUALIFIER_BETWEEN.starts(text[other.span.end : amount.span.start])
        for other in earlier
    )


def _classify(text: str, amounts: list[Amount]) -> tuple[Amount | None, Amount | None, Amount | None]:
    baseline: Amount | None = None
    change: Amount | None = None
    for index, amount in enumerate(amounts):
        start, end = amount.span.start, amount.span.end
        before = text[max(0, start - 40) : start]
        after = text[end : end + 60]
        if index and _is_qualifier(text, amount, amounts[:index]):
            amount.role = "amount"
        elif _reads_as_baseline(before, after):
            amount.role = "baseline"
        elif _CHANGE_CUES.found_in(before) or amount.unit == "x" or _CHANGE_AFTER.starts(after):
            amount.role = "change"
        else:
            amount.role = "target"
        if amount.role == "baseline" and baseline is None:
            baseline = amount
        elif amount.role == "change" and change is None:
            change = amount
    targets = [a for a in amounts if a.role == "target"]
    cued = [a for a in targets if _TARGET_CUES.found_in(text[max(0, a.span.start - 20) : a.span.start])]
    target = cued[-1] if cued else (targets[0] if targets else None)
    if target is not None and target.unit is None and baseline is not None and baseline.unit is not None:
        target.unit = baseline.unit  # "currently 9 days; target 4": the unit is written once
    return baseline, target, change


# --- direction -------------------------------------------------------------------------------

_UP = re.compile(
    r"\b(?:increas\w*|grow\w*|rais\w*|lift\w*|boost\w*|doubl\w*|tripl\w*|expand\w*|improv\w*|maximi[sz]\w*"
    r"|accelerat\w*|up|higher|more|gain\w*|climb\w*|rise|rises|rising)\b|↑|📈",
    re.I,
)
_DOWN = re.compile(
    r"\b(?:reduc\w*|cut|cuts|cutting|decreas\w*|lower\w*|shrink\w*|halv\w*|down|fewer|less|minimi[sz]\w*"
    r"|eliminat\w*|drop\w*|shorten\w*|fall|falls|under|below)\b|↓|📉",
    re.I,
)
_KEEP = re.compile(r"\b(?:keep|keeps|maintain\w*|sustain\w*|hold\w*\s+(?:at|above|below)|stay\w*|remain\w*)\b", re.I)


# The first direction word in the text, keep before up before down where two start at one place:
# one search of the three patterns as alternatives finds the same match as the earliest of three
# searches. The look-ahead holds the first letter of every word (and the arrows), so most
# positions are passed over without trying each alternative.
_DIRECTION_WORD = re.compile(
    r"(?=[abcdefghiklmrstu↑📈↓📉])"
    rf"(?:(?P<keep>{_folded_regex(_KEEP).pattern})|(?P<up>{_folded_regex(_UP).pattern})"
    rf"|(?P<down>{_folded_regex(_DOWN).pattern}))"
)
# The same for ASCII text (no arrows), read behind one space: every word starts with `\b` and a letter,
# so reading the non-word character before it first lets the regex engine skip to word starts (as
# for the deadline below). A match starts at the real text's offset and ends one past its end.
_DIRECTION_WORD_AFTER_NON_WORD = re.compile(
    rf"\W(?:(?P<keep>{_folded_regex(_KEEP).pattern})|(?P<up>{_folded_regex(_UP).pattern})"
    rf"|(?P<down>{_folded_regex(_DOWN).pattern}))"
)
_DIRECTION_OF_GROUP = {"keep": Direction.MAINTAIN, "up": Direction.INCREASE, "down": Direction.DECREASE}


def _direction(text: str, baseline: Amount | None, target: Amount | None) -> tuple[Direction | None, Mark | None]:
    if baseline is not None and target is not None and baseline.value != target.value:
        kind = Direction.INCREASE if target.value > baseline.value else Direction.DECREASE
        return kind, None
    if text.isascii():
        match = _DIRECTION_WORD_AFTER_NON_WORD.search(" " + text.lower())
        end_shift = 1
    else:
        match = _DIRECTION_WORD.search(_lower_same_length(text))
        end_shift = 0
    if match is None:
        return None, None
    assert match.lastgroup is not None
    start, end = match.start(), match.end() - end_shift
    return _DIRECTION_OF_GROUP[match.lastgroup], Mark(start=start, end=end, text=text[start:end])


# --- deadline --------------------------------------------------------------------------------

_PERIOD = (
    rf"(?:(?:FY|CY)\s?'?\d{{2,4}}(?:\s?[-–]?\s?Q[1-4])?|Q[1-4](?:\s?(?:FY|CY)?\s?'?\d{{2,4}})?|H[12](?:\s?'?\d{{2,4}})?"
    rf"|(?:19|20)\d\d(?:\s?[-–]\s?Q[1-4])?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?"
    rf"|EO[YQMH]|year[- ]end|quarter[- ]end|month[- ]end)"
)
# what follows a preposition: "by Q3", "within 90 days", "by the end of the quarter"
_AFTER_PREPOSITION = (
    rf"\s+(?:the\s+)?(?:(?:end|start|beginning|close|middle)\s+of\s+(?:the\s+)?)?"
    rf"(?:{_PERIOD}|(?:this|the|next|each|every)\s+(?:quarter|year|month|half|term|cycle|season)"
    rf"|(?:\d+|one|two|three|six)\s+(?:business\s+|working\s+)?(?:days?|weeks?|months?)"
    rf"|(?:the\s+)?(?:first|1st)\s+(?:\d+\s+)?(?:days?|weeks?|months?)|school\s+year|[a-z]+\s+term|year\s+end"
    rf"|(?:spring|summer|autumn|fall|winter)\s+(?:cohort|intake|semester|season|campaign)"
    # `\w*`, not `[A-Z]?\w*`: the same words match, but a failed try backtracked through the word twice
    rf"|(?:the\s+)?\w*\s*(?:{_PERIOD})\s+\w+)"
)
# A deadline's alternatives, in the order they are tried; each starts at a word's first character
_DEADLINE_ALTERNATIVES = [
    rf"(?:by|before|until|till|in|during|for|within|through|at|on|after|over){_AFTER_PREPOSITION}",
    rf"(?:{_PERIOD})\s+(?:pipeline|cohort|budget|close|audit|survey|review|planning|wave|pulse|assessment)",
    r"(?:FY|CY)\s?\d{2}\s?[-–]\s?Q[1-4]\b",
    r"by\s+(?:the\s+)?(?:end|start)\s+of\s+\w+",
    rf"by\s+(?:the\s+)?{_MONTH}(?![a-z])",
    r"(?:end|start)\s+of\s+(?:the\s+)?(?:quarter|year|month|Q[1-4]|H[12]|FY\w*)",
    # "this school year", "each week of Q2": the period named without a preposition
    r"this\s+(?:school\s+|academic\s+|fiscal\s+|financial\s+)?(?:quarter|year|month|half|term|semester)\b",
    r"(?:months?|weeks?|sprints?)\s+of\s+(?:the\s+)?(?:Q[1-4]|H[12]|FY\s?'?\d{2,4})\b",
]
_NOT_DEADLINE_BEFORE = _AnyCase(re.compile(
    r"(?:\bvs\.?|\bversus|\bsince|\bcompared\s+(?:to|with)|\bthan|\bup\s+from|\bfrom)\s*(?:the\s+|last\s+)?$", re.I
), needs=("vs", "versus", "since", "compared", "than", "from"))


_LAST_AFTER = re.compile(r"\s*(?:last|previous)\b", re.I)


# Every alternative starts with `\b` and a word character, where `\b` holds just when the character
# before is not a word character or there is none. So the pattern starts by reading that character,
# `\W`, in the text behind one space: the regex engine skips to the few such characters at once,
# instead of trying every alternative at every position. A match starts at the offset of the real
# text's first character, and ends one past its end. Word lists branch on their first letters.
_DEADLINE_AFTER_NON_WORD = re.compile(
    r"\W(?:" + factor_alternations(fold_pattern("|".join(_DEADLINE_ALTERNATIVES))) + ")"
)
_VERB_NOT_MONTH = re.compile(r"(?:in|on|at|for|over|after)\s+(?:may|mar|march)", re.I)


def _deadline(text: str) -> tuple[str | None, Mark | None]:
    behind_space = " " + _lower_same_length(text)
    position = 0  # where finditer would search next, as an offset in `behind_space` too
    while (found := _DEADLINE_AFTER_NON_WORD.search(behind_space, position)) is not None:
        start, end = found.start(), found.end() - 1
        position = end
        before = text[max(0, start - 20) : start]
        if _NOT_DEADLINE_BEFORE.found_in(before):
            continue
        if _LAST_AFTER.match(text, end):
            continue
        words = text[start:end].strip()
        if _VERB_NOT_MONTH.fullmatch(words):
            continue  # "in may" is a verb here far more often than a month
        stripped_end = start + len(text[start:end].rstrip())
        return words, Mark(start=start, end=stripped_end, text=text[start:stripped_end])
    return None, None


# --- metric words ----------------------------------------------------------------------------

_METRIC_VERB = re.compile(
    r"\s*(?:(?:increase|grow|raise|lift|boost|reduce|cut|decrease|lower|improve|drive|move|keep|maintain"
    r"|achieve|reach|get|hit|bring|halve|double)\w*\s+)?(?:the\s+|our\s+)?",
    re.I,
)
# the look-ahead: the first character of each alternative, so most positions are passed over at once
_METRIC_END = re.compile(
    r"(?=[abftu:()→≥≤<>=\d-])(?:\b(?:from|by|to|at|under|below|above)\b|[:()→≥≤<>=]|(?<![\w.])\d|->)"
)
_LETTER = re.compile(r"[A-Za-z]")


_COUNTED_NOUNS = re.compile(
    r"[\d,.]+\s?[kKmM]?\s+(?P<nouns>(?!(?:by|in|from|to|per|of|within)\b)[A-Za-z][\w-]*(?:\s+(?!(?:by|in|from|to|per"
    r"|of|within|for|with|at|above|over|below|under)\b)[A-Za-z][\w-]*){0,3})"
)


def _metric(text: str) -> tuple[str | None, Mark | None]:
    """The words naming what is measured: between a leading verb and the first number or cue."""
    verb = _METRIC_VERB.match(text)
    start = verb.end() if verb else 0
    end = _METRIC_END.search(text, start)
    if end is None:
        return None, None
    words = text[start : end.start()].strip(" ,;-")
    counted = _COUNTED_NOUNS.match(text, end.start())
    if len(words.split()) <= 1 and counted is not None:
        words = counted.group("nouns")  # "Hold 6 partner workshops": the workshops are what is counted
        start = counted.start("nouns")
    if not words or len(words.split()) > 10 or not _LETTER.search(words):
        return None, None
    begin = text.index(words, start)
    return words, Mark(start=begin, end=begin + len(words), text=words)


# --- public ----------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def extract(text: str) -> Quantities:
    """Read every quantity a KR sentence gives; withheld values and names never count as numbers."""
    clean = strip_decoration(text)
    placeholders = _placeholders(clean)
    amounts = _numbers(clean)
    if placeholders:
        amounts = [a for a in amounts if not any(p.start <= a.span.start < p.end for p in placeholders)]
    baseline, target, change = _classify(clean, amounts)
    lowered = clean.lower() if clean.isascii() else None
    if change is None:
        multiplied = _MULTIPLY_GATED.search(clean, lowered)
        if multiplied:
            start, end = multiplied.span()
            factor = {"d": 2.0, "t": 3.0, "h": 0.5, "q": 4.0}[clean[start].lower()] if clean[start + 1] != "w" else 2.0
            change = Amount(value=factor, unit="x", role="change",
                            span=Mark(start=start, end=end, text=clean[start:end]))
    zero = _ZERO_STATE_GATED.search(clean, lowered)
    zero_state = Mark(start=zero.start(), end=zero.end(), text=clean[zero.start() : zero.end()]) if zero else None
    if zero_state is not None and target is None:
        target = Amount(value=0.0, unit=None, role="target", span=zero_state)
    direction, direction_span = _direction(clean, baseline, target)
    deadline, deadline_span = _deadline(clean)
    metric, metric_span = _metric(clean)
    return Quantities(
        text=clean,
        baseline=baseline,
        target=target,
        change=change,
        direction=direction,
        direction_span=direction_span,
        deadline=deadline,
        deadline_span=deadline_span,
        metric=metric,
        metric_span=metric_span,
        amounts=amounts,
        placeholders=placeholders,
        zero_state=zero_state,
    )


def enrich(kr: KeyResult) -> KeyResult:
    """Fill the KR's empty fields from its text; what the author gave explicitly always wins."""
    update = inferred_fields(kr.text, kr.__dict__)
    return kr.model_copy(update=update) if update else kr


def inferred_fields(text: str, given: dict[str, object]) -> dict[str, object]:
    """The KR fields the sentence fills that `given` leaves empty (None or absent), so a parser can
    build each KeyResult once with them instead of building it and copying it."""
    found = extract(text)
    update: dict[str, object] = {}
    if given.get("baseline") is None and found.baseline is not None:
        update["baseline"] = found.baseline.value
    if given.get("target") is None and found.target is not None:
        update["target"] = found.target.value
    unit = (found.target or found.baseline or found.change)
    if given.get("unit") is None and unit is not None and unit.unit is not None:
        update["unit"] = unit.unit
    if given.get("direction") is None and found.direction is not None:
        update["direction"] = found.direction
    if given.get("deadline") is None and found.deadline is not None:
        update["deadline"] = found.deadline
    if given.get("metric") is None and found.metric is not None:
        update["metric"] = found.metric
    return update
