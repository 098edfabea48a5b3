"""The direction a KR moves its metric: up, down or kept, from the values or the words."""

from __future__ import annotations

import re

from kit.model import Direction, Mark
from kit.quantities.amounts import Amount
from kit.quantities.text import folded_regex, lower_same_length

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
# A word inside a hyphenated compound names something else: "drop-out rate", "cut-over", "follow-up".
_DIRECTION_WORD = re.compile(
    r"(?<!-)(?=[abcdefghiklmrstu↑📈↓📉])"
    rf"(?:(?P<keep>{folded_regex(_KEEP).pattern})|(?P<up>{folded_regex(_UP).pattern})"
    rf"|(?P<down>{folded_regex(_DOWN).pattern}))(?!-\w)"
)
# The same for ASCII text (no arrows), read behind one space: every word starts with `\b` and a letter,
# so reading the non-word character before it first lets the regex engine skip to word starts (as
# for the deadline below). A match starts at the real text's offset and ends one past its end.
_DIRECTION_WORD_AFTER_NON_WORD = re.compile(
    rf"[^\w-](?:(?P<keep>{folded_regex(_KEEP).pattern})|(?P<up>{folded_regex(_UP).pattern})"
    rf"|(?P<down>{folded_regex(_DOWN).pattern}))(?!-\w)"
)
_DIRECTION_OF_GROUP = {"keep": Direction.MAINTAIN, "up": Direction.INCREASE, "down": Direction.DECREASE}


def find_direction(text: str, baseline: Amount | None, target: Amount | None) -> tuple[Direction | None, Mark | None]:
    if baseline is not None and target is not None and baseline.value != target.value:
        kind = Direction.INCREASE if target.value > baseline.value else Direction.DECREASE
        return kind, None
    if text.isascii():
        match = _DIRECTION_WORD_AFTER_NON_WORD.search(" " + text.lower())
        end_shift = 1
    else:
        match = _DIRECTION_WORD.search(lower_same_length(text))
        end_shift = 0
    if match is None:
        return None, None
    assert match.lastgroup is not None
    start, end = match.start(), match.end() - end_shift
    return _DIRECTION_OF_GROUP[match.lastgroup], Mark(start=start, end=end, text=text[start:end])
