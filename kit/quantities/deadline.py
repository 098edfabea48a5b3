"""The time box a KR names: a date, month, quarter or period after a preposition."""

from __future__ import annotations

import re

from kit.fast_regex import factor_alternations, fold_pattern
from kit.model import Mark
from kit.quantities.numbers import MONTH
from kit.quantities.text import AnyCase, lower_same_length

_PERIOD = (
    rf"(?:(?:FY|CY)\s?'?\d{{2,4}}(?:\s?[-–]?\s?Q[1-4])?|Q[1-4](?:\s?(?:FY|CY)?\s?'?\d{{2,4}})?|H[12](?:\s?'?\d{{2,4}})?"
    rf"|(?:19|20)\d\d(?:\s?[-–]\s?Q[1-4])?|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}(?:\s+\d{{4}})?"
    rf"|{MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?"
    rf"|EO[YQMH]|year[- ]end|quarter[- ]end|month[- ]end|\d{{1,2}}\.\d{{1,2}}\.(?:20\d\d)?)"
)
# what follows a preposition: "by Q3", "within 90 days", "by the end of the quarter"
_AFTER_PREPOSITION = (
    rf"\s+(?:the\s+)?(?:(?:end|start|beginning|close|middle)\s+of\s+(?:the\s+)?)?"
    rf"(?:{_PERIOD}|(?:this|the|next|each|every)\s+(?:quarter|year|month|half|term|cycle|season)"
    rf"|(?:\d+|one|two|three|six)\s+(?:business\s+|working\s+)?(?:days?|weeks?|months?)"
    rf"|(?:the\s+)?(?:first|1st)\s+(?:\d+\s+)?(?:days?|weeks?|months?)|school\s+year|[a-z]+\s+term|year\s+end"
    rf"|(?:spring|summer|autumn|fall|winter)\s+(?:cohort|intake|semester|season|campaign)"
    # a season, a holiday or a numbered week of the cycle: "before the summer", "by Christmas", "by week 12"
    rf"|(?:spring|summer|autumn|fall|winter|christmas|xmas|easter|thanksgiving|black\s+friday)(?:\s+'?\d{{2,4}})?\b"
    rf"|(?:week|sprint|day)\s+\d{{1,3}}\b|mid[- ]?(?:year|quarter|month|term|Q[1-4]|H[12]|{MONTH})"
    # `\w*`, not `[A-Z]?\w*`: the same words match, but a failed try backtracked through the word twice
    rf"|(?:the\s+)?\w*\s*(?:{_PERIOD})\s+\w+)"
)
# A deadline's alternatives, in the order they are tried; each starts at a word's first character
_DEADLINE_ALTERNATIVES = [
    rf"(?:by|before|until|till|in|during|for|within|through|at|on|after|over){_AFTER_PREPOSITION}",
    rf"(?:{_PERIOD})\s+(?:pipeline|cohort|budget|close|audit|survey|review|planning|wave|pulse|assessment)",
    r"(?:FY|CY)\s?\d{2}\s?[-–]\s?Q[1-4]\b",
    r"by\s+(?:the\s+)?(?:end|start)\s+of\s+\w+",
    rf"by\s+(?:the\s+)?{MONTH}(?![a-z])",
    r"(?:end|start)\s+of\s+(?:the\s+)?(?:quarter|year|month|Q[1-4]|H[12]|FY\w*)",
    # "this school year", "each week of Q2": the period named without a preposition
    r"this\s+(?:school\s+|academic\s+|fiscal\s+|financial\s+)?(?:quarter|year|month|half|term|semester)\b",
    r"(?:months?|weeks?|sprints?)\s+of\s+(?:the\s+)?(?:Q[1-4]|H[12]|FY\s?'?\d{2,4})\b",
]
_NOT_DEADLINE_BEFORE = AnyCase(re.compile(
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


def find_deadline(text: str) -> tuple[str | None, Mark | None]:
    behind_space = " " + lower_same_length(text)
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
