"""Numbers that are amounts (not names, dates or scales), counts in words, and withheld values."""

from __future__ import annotations

import re

from kit.fast_regex import holds_any
from kit.model import Mark
from kit.quantities.amounts import Amount
from kit.quantities.text import BRACKETED_PLACEHOLDER, DOTTED_DATE, AnyCase, lower_same_length

MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_BEFORE = AnyCase(re.compile(rf"\b{MONTH}\s*$", re.I))
_DATE_AFTER = AnyCase(re.compile(rf"(?:st|nd|rd|th)?\s*{MONTH}(?![a-z])|/\d{{1,2}}\b", re.I))

_NUMBER = re.compile(
    r"(?P<sign>[+-])?(?P<cur>[$€£])?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}(?![\d.])|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<suffix>\s?(?:k|K|mm|MM|M|bn|B)(?![A-Za-z]))?"
    r"(?P<unit>\s?%|\s?percent\b|\s?(?:x|X)(?![A-Za-z])"
    r"|\s?(?:ms|s|sec|seconds?|mins?|minutes?|h|hrs?|hours?|days?|Tage|weeks?|wks?|months?|mo|years?"
    r"|bps|pp|p\.p\.|percentage\s+points?|points?|pts|stars?|GB|KB|MB|TB)(?![A-Za-z]))?"
)
_MULTIPLIERS = {"k": 1e3, "K": 1e3, "M": 1e6, "mm": 1e6, "MM": 1e6, "bn": 1e9, "B": 1e9}
# words right before a number that make it a name, not an amount ("Phase 2", "OKR 2.1", "Tier 1")
_NAME_WORDS = AnyCase(re.compile(
    r"(?:\b(?:phase|type|level|version|release|releases|v|okr|kr|tier|stage|stages|step|sprint|grade|wave"
    r"|week|day|gen|generation|cohort|round|series|chapter|section|item|no|sev|iso|soc|wcag|web"
    r"|plant|line|site|hall|gate|building|store|warehouse|district|ward|zone|grade|class|room|station|shift)\s?"
    r"|[#§]|[A-Za-z]-|[A-Za-z])$",
    re.I,
))
_LETTER_LAST = re.compile(r"[A-Za-z#§-]$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_AFTER_NUMBER_NAME = re.compile(r"^(?:[A-Za-z]{1,2}\b(?<!x)|[A-Za-z]\d|-(?:day|week|month|hour|minute)\b"
                                r"|(?:st|nd|rd|th)\b|/[A-Z])")
_DENOMINATOR = AnyCase(re.compile(r"\b(?:per|every|each|out of|/)\s*$", re.I))
# a rating on a scale of 5 or 10 ("satisfaction 4/5", "rate it 9/10"), unless a date's preposition comes first
_RATING_SCALE = re.compile(r"/(?P<scale>5|10)\b(?![/.-]\d)")
_DATE_PREPOSITION = re.compile(r"\b(?:by|on|before|until|till|due|after|since|deadline:?)\s*$", re.I)


def _unit_of(unit_words: str | None, currency: str | None) -> str | None:
    unit = (unit_words or "").strip().lower()
    if unit in ("%", "percent"):
        return "%"
    if unit == "x":
        return "x"
    if currency:
        return currency
    return unit or None


_NUMBER_WORDS = {  # the longer phrase first: "hundreds of thousands" before "hundreds"
    "tens of thousands": 10_000, "hundreds of thousands": 100_000, "millions": 1_000_000, "thousands": 1_000,
    "hundreds": 100, "dozens": 24,
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "twenty": 20, "fifty": 50, "a dozen": 12, "a hundred": 100, "one or more": 1,
    "at least one": 1,
}
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b(?=\s+(?:new\s+|more\s+)?[a-z])")
_NUMBER_WORD_LITERALS = (*_NUMBER_WORDS, "one ", "half", "third", "majority", "top", "quarter", "fifth", "tenth")
# a share or a rank written in words: "half of", "a majority of", "top 5", "top-10"
_SHARE_OR_RANK = re.compile(
    r"\b(?:(?:at\s+least\s+)?(?P<share>half|a\s+third|two\s+thirds|(?:a|the)\s+majority)\s+of\b"
    r"|top[\s-]?(?P<rank>\d+)\b)"
)
_SHARES = {"half": 50.0, "third": 33.3, "thirds": 66.7, "majority": 50.0}  # by the share's last word
# a change by a fraction: "cut costs by a third", "by half", "in half", "by three quarters" (not "by quarter end")
_FRACTION_CHANGE = re.compile(
    r"\b(?:by\s+(?:a\s+|one\s+)?(?P<fraction>half|third|quarter|fifth|tenth|two\s+thirds|three\s+quarters)"
    r"|in\s+(?P<halves>half))\b(?!\s+(?:of|end|close|start)\b|-)"
)
_FRACTIONS = {"half": 50.0, "third": 33.3, "quarter": 25.0, "fifth": 20.0, "tenth": 10.0, "thirds": 66.7,
              "quarters": 75.0}  # by the fraction's last word
# "within one week", "more than one business day": a single period is an amount too
_ONE_PERIOD = re.compile(r"\bone(?=\s+(?:business\s+|working\s+)?(?:day|week|month|quarter|year|release|sprint)s?\b)")
_NOT_A_COUNT_BEFORE = re.compile(r"\b(?:the|of|top|bottom|these|those|all)\s+$", re.I)


def _number_words(text: str) -> list[Amount]:
    """Counts written as words ("hire two engineers"), but not "the four regions" (a reference)."""
    amounts: list[Amount] = []
    lowered = lower_same_length(text)
    if not holds_any(lowered, _NUMBER_WORD_LITERALS):
        return amounts  # the regex cannot match without one of its words: most KRs write digits
    for match in _SHARE_OR_RANK.finditer(lowered):
        share, rank = match.group("share", "rank")
        value, unit = (_SHARES[share.split()[-1]], "%") if share else (float(rank), None)
        amounts.append(Amount(value=value, unit=unit, span=Mark(start=match.start(), end=match.end(),
                                                                text=text[match.start() : match.end()])))
    for match in _FRACTION_CHANGE.finditer(lowered):
        start, end = match.span("fraction") if match.group("fraction") else match.span("halves")
        value = _FRACTIONS[lowered[start:end].split()[-1]]
        amounts.append(Amount(value=value, unit="%", span=Mark(start=start, end=end, text=text[start:end])))
    shares = [(amount.span.start, amount.span.end) for amount in amounts]
    for match in _NUMBER_WORD.finditer(lowered):  # lower-cased: faster than IGNORECASE
        if any(start <= match.start() < end for start, end in shares):
            continue  # "two thirds of": the share, not a count of two
        if _NOT_A_COUNT_BEFORE.search(text, max(0, match.start() - 10), match.start()):
            continue
        value = float(_NUMBER_WORDS[match.group(0)])
        amounts.append(Amount(value=value, unit=None, span=Mark(start=match.start(), end=match.end(),
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


_DOTTED_DATE = re.compile(DOTTED_DATE)


def find_numbers(text: str) -> list[Amount]:
    words = _number_words(text)
    amounts: list[Amount] = []
    dates = [m.span() for m in _DOTTED_DATE.finditer(text)] if text.count(".") >= 2 else []
    for match in _number_matches(text):
        if dates and any(start <= match.start("num") < end for start, end in dates):
            continue  # "by 31.03.2027": a date, read by the deadline finder
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
            rating = _RATING_SCALE.match(text, end)
            if rating is None or int(raw) > int(rating.group("scale")) or _DATE_PREPOSITION.search(before):
                continue  # "by 15 May", "Mar 31", "by 4/5": a date, read by the deadline finder
        if not unit_words and _DENOMINATOR.found_in(before):
            continue  # "per 1k customers", "4 out of 5": the 5 is a scale, not the amount
        value = float(raw.replace(",", "") if raw.count(".") < 2 else raw.replace(".", ""))  # "1.200.000"
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


_PLACEHOLDER = re.compile(
    r"(?:\[" + BRACKETED_PLACEHOLDER + r"\]|[$€£]\s?[A-Z]{1,3}\b|\?{2,}\s?%?"
    r"|\b(?:X|Y|N|Z{1,3}|X{2,3}|TBD|TBC|TK)\b(?:\s?%)?)"
)


# every placeholder starts with one of these characters (the pattern is case-sensitive)
_PLACEHOLDER_START = re.compile(r"[\[$€£?XYNZT]")


# "tbd" and "tbc" in lower case too where a value goes ("from 32 to tbc", "rate: tbd"), not a decision
# still open ("a forum (tbd whether ...)"); the other letters stay upper case ("x" is a multiplier)
_LOWER_PLACEHOLDER = re.compile(r"(?:\b(?:to|from|by|at|is)\s+|[:=→>]\s*)(tbd|tbc)\b(?![\w-])")


def find_placeholders(text: str) -> list[Mark]:
    """What `_PLACEHOLDER.finditer` finds, tried only where a placeholder can start: scanning every
    position with the whole alternation cost more than the rest of reading the placeholders."""
    spans = []
    if "tbd" in text or "tbc" in text:
        spans += [Mark(start=m.start(1), end=m.end(1), text=m.group(1)) for m in _LOWER_PLACEHOLDER.finditer(text)]
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
    return sorted(spans, key=lambda mark: mark.start)
