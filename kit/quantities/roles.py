"""Which amount is the baseline, which the target and which a change, read from the words around each."""

from __future__ import annotations

import re

from kit.quantities.amounts import Amount
from kit.quantities.text import AnyCase, Gated

_VALUE = r"[+-]?[$€£]?\s?(?:\d[\d,.]*\s?(?:k|K|M|mm|bn|B)?\s?(?:%|x|X|[a-zA-Z/]{1,8})?|[A-Z]{1,3}\b|\?{2,})"
_ARROW = re.compile(r"(?:->|→|=>|⇒|—>|–>|>>)")
_BASELINE_CUES = AnyCase(re.compile(
    r"(?:\bbaseline(?:\s+(?:of|is|was|at))?|\bcurrently(?:\s+(?:at|is))?|\bcurrent(?:\s+(?:state|value|level))?"
    r"(?:\s+(?:is|of))?|\bactual|\bnow|\bwas|\bup\s+from|\bdown\s+from|\bstarting\s+(?:at|from)|\btoday"
    r"|\bvs\.?|\bversus|\bcompared\s+(?:to|with))\s*:?\s*(?:~|approx\.?\s*)?$",
    re.I,
), needs=("baseline", "current", "actual", "now", "was", "from", "starting", "today", "vs", "versus", "compared"))
# `\s*+` (possessive): blanked decoration leaves long runs of spaces after a number, and a plain
# `\s*\)?\s*\(?\s*` tries every way of sharing them out (hundreds of microseconds a number)
_LAST_PERIOD_AFTER = AnyCase(re.compile(
    r"^\s*+\)?\s*+\(?\s*+(?:last|previous|prior)\s+(?:year|quarter|cohort|month)(?!\s*:)|^\s*\((?:FY|CY|Q)\d", re.I
))
# `\b` written once for all the words: repeated in each alternative, it was tested again by each
# one at every position (several microseconds a number)
_TARGET_CUES = AnyCase(re.compile(
    r"(?:\b(?:to|target(?:\s+(?:of|is))?|reach(?:es|ing)?|at|achieve|hit|under|below|over|above"
    r"|at\s+least|at\s+most|minimum(?:\s+of)?|maximum(?:\s+of)?|less\s+than|more\s+than"
    r"|fewer\s+than|or\s+(?:less|more|higher|lower))|[<>≤≥=]|<=|>=|~)\s*:?\s*$",
    re.I,
))
_CHANGE_CUES = AnyCase(
    re.compile(r"\bby\s*(?:at\s+least\s+|a\s+|~\s*)?(?:minimum\s+(?:of\s+)?)?$", re.I), needs=("by",)
)
_CHANGE_AFTER = AnyCase(re.compile(r"\s*(?:increase|decrease|reduction|growth|lift|uplift|more|fewer|less|improvement"
                           r"|drop|rise|higher|lower)\b", re.I))
_MULTIPLY_WORDS = re.compile(
    r"\b(?:doubl(?:e|es|ed|ing)|tripl(?:e|es|ed|ing)|halv(?:e|es|ed|ing)|quadrupl\w*|twice\s+as)\b(?!\s+down)", re.I
)
_ZERO_STATE_STRICT = re.compile(r"\bzero\b(?=\s+\S)|(?<=\bto\s)zero\b|(?<=\bat\s)zero\b|\beliminat\w*\b(?=\s+\S)"
                                r"|\bno\b(?=\s+(?:[\w-]+\s+){0,4}?(?:older|open|unresolved|incidents?|"
                                r"tickets?|customers?|defects?|bugs?|outages?|findings?|errors?|content|P\d|sev\d|"
                                r"manual|critical|material|blocked|\w+s\b))", re.I)
# the words each pattern starts with; most KRs hold none of them
MULTIPLY_GATED = Gated(_MULTIPLY_WORDS, ("doubl", "tripl", "halv", "quadrupl", "twice"))
ZERO_STATE_GATED = Gated(_ZERO_STATE_STRICT, ("zero", "no", "eliminat"))


_FROM_BEFORE = AnyCase(re.compile(r"\bfrom\s*(?:[<>≤≥~]|approx\.?\s*|about\s+)?$", re.I), needs=("from",))
_DE_BEFORE = re.compile(r"\bde\s+$")
_A_AFTER = re.compile(r"\s+a\s+")
_ARROW_AFTER = re.compile(r"\s*+(?:\d+\s?[a-z]{1,3})?[^\d\s]{0,12}\s*(?:\([^)]{0,30}\)\s*)?" + _ARROW.pattern)
# "(was 43%)", "(baseline 46%)", and a value labelled with an earlier period: "(2026: 38%)", "(last year: 38%)"
_BRACKETED_BASELINE = AnyCase(re.compile(
    r"\(\s*(?:(?:was|from|baseline|currently|now)\b|(?:(?:19|20)\d\d|(?:last|prior|previous)\s+(?:year|quarter))\s*:)"
    r"[^)]*$",
    re.I,
), needs=("(",))


# a value first in its brackets, dated to a month or quarter: "(180 in March 2027)", "(22%, Q1 2027)"
_OPENS_BRACKETS = re.compile(r"\(\s*$")
_DATED_AFTER = AnyCase(re.compile(
    r"^\s*+(?:(?!(?:by|to|until|before|due)\b)[a-z%/]{1,8}\s*)?,?\s*(?:in|as\s+of|at\s+the\s+end\s+of)?\s*"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|q[1-4]|h[12])\s*['’]?\d{2,4}\b",
    re.I,
))


def _reads_as_baseline(before: str, after: str) -> bool:
    """A start value: "from 18%", "18% -> 28%", "(was 43%)", "(3 last year)", "currently 9 days",
    "(current is 180)", "(vs 22% today)", "(17%, July 2026)"."""
    return bool(
        _BASELINE_CUES.found_in(before)
        or _FROM_BEFORE.found_in(before)
        or (_A_AFTER.match(after) and _DE_BEFORE.search(before))
        or _ARROW_AFTER.match(after)
        or _LAST_PERIOD_AFTER.starts(after)
        or _BRACKETED_BASELINE.found_in(before)
        or (_OPENS_BRACKETS.search(before) is not None and _DATED_AFTER.starts(after))
    )


# "12 new logos above 200 seats", "5 deals of at least $20k": a count, its noun, then a size that
# says which ones count; the words between may not be cues of their own ("to", "from", "by")
_QUALIFIER_BETWEEN = AnyCase(re.compile(
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


def classify(text: str, amounts: list[Amount]) -> tuple[Amount | None, Amount | None, Amount | None]:
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
