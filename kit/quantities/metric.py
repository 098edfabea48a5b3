"""The metric's words: the noun phrase a KR measures."""

from __future__ import annotations

import re

from kit.model import Mark

# a status symbol or emoji before the sentence ("🟢 Raise NPS ...", "✅ Cut churn ...") is no part of the metric
_METRIC_VERB = re.compile(
    r"[\s\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f\u200d]*(?:(?:increase|grow|raise|lift|boost|reduce|cut|decrease|lower|improve|drive|move|keep|maintain"
    r"|achieve|reach|get|hit|bring|halve|double)\w*\s+)?(?:the\s+|our\s+)?",
    re.I,
)
# the look-ahead: the first character of each alternative, so most positions are passed over at once
_METRIC_END = re.compile(
    r"(?=[abftu:()→≥≤<>=\d-])(?:\b(?:from|by|to|at|under|below|above)\b|[:()→≥≤<>=]|(?<![\w.])\d|->)"
)
# "<Verb> 75% of the tests": an amount of something, so the one word before it is the imperative's verb
_AMOUNT_OF = re.compile(r"[\d,.]+\s?(?:%|percent\b|[kKmM]\b)?\+?\s+of\s")
_LETTER = re.compile(r"[A-Za-z]")


_COUNTED_NOUNS = re.compile(
    r"[\d,.]+\s?[kKmM]?\+?\s+(?P<nouns>(?!(?:by|in|from|to|per|of|within)\b)[A-Za-z][\w-]*(?:\s+(?!(?:by|in|from|to|per"
    r"|of|within|for|with|at|above|over|below|under)\b)[A-Za-z][\w-]*){0,3})"
)


def find_metric(text: str) -> tuple[str | None, Mark | None]:
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
    elif len(words.split()) == 1 and not text[:start].strip() and _AMOUNT_OF.match(text, end.start()):
        return None, None  # "Answer 90% of tickets": a verb, and what is measured is not named as one phrase
    if not words or len(words.split()) > 10 or not _LETTER.search(words):
        return None, None
    begin = text.index(words, start)
    return words, Mark(start=begin, end=begin + len(words), text=words)
