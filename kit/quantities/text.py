"""Decoration blanked out of a KR sentence (same length, so offsets stay true), and cheap regex gates."""

from __future__ import annotations

import re
from functools import lru_cache

from kit.fast_regex import fold_pattern, holds_any

# "[X]", "[target]", "[N]": a template slot or withheld value, which must stay visible as a placeholder
BRACKETED_PLACEHOLDER = (
    r"\s*(?:[XYNZ]|x+|\?+|#|TBD|TBC|tbd|metric|baseline|target|date|number|amount|value|owner|goal)\s*"
)
# a date written with dots: "31.03.2027", "1.4.2027" (not a version such as "4.12.0")
DOTTED_DATE = r"(?<![\d.])(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.20\d\d(?![\w.])"
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
    re.compile(r"\[(?!" + BRACKETED_PLACEHOLDER + r"\])[^\]\n]{1,40}\]"),
    # issue and epic references: (#36), gitlab-com&263, group/project#725
    re.compile(r"\(?#\d+\)?|\b[\w.-]+(?:/[\w.-]+)*[#&]\d+\b"),
    # HTML sub/sup markup around placeholders: N<sub>0</sub>
    re.compile(r"</?su[bp]>"),
    # annotation noise that carries digits or question marks but no amount: priority tags ("P0", "PX"),
    # handles ("@dana", "@???"), versions and dotted identifiers ("2.4.0", "2031.Q2.07.1"), not dotted dates
    re.compile(
        r"(?<![\w@.-])(?:[Pp](?:[0-4]|X)(?![\w-])(?:\s*/\s*[Pp]?[0-4](?![\w-]))?"
        r"|@(?:[\w.-]+|\?+)"
        r"|(?!\d{1,3}(?:\.\d{3})+(?![\w.])|" + DOTTED_DATE + r")v?\d+(?:\.\d+){2,}(?![\w.])"
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


def lower_same_length(text: str) -> str:
    """Lower-cased text whose offsets still match the original (a few letters change length)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def folded_regex(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same regex for lower-cased text, without IGNORECASE (several times faster on long alternations)."""
    return re.compile(fold_pattern(pattern.pattern), pattern.flags & ~re.I)


class Gated:
    """A case-insensitive search that cannot match unless the lower-cased text holds one of `needs`.
    For ASCII text (`lowered` given) that cheap test runs first and the regex, if needed, runs
    without IGNORECASE on the lower-cased text; other text keeps the IGNORECASE regex, because
    re.I also equates letters such as "ı" or "ſ" with ASCII ones. Match offsets are the text's."""

    __slots__ = ("_any_case", "_lower", "_needs")

    def __init__(self, pattern: re.Pattern[str], needs: tuple[str, ...]) -> None:
        self._any_case = pattern
        self._lower = folded_regex(pattern)
        self._needs = needs

    def search(self, text: str, lowered: str | None) -> re.Match[str] | None:
        if lowered is None:
            return self._any_case.search(text)
        if not holds_any(lowered, self._needs):
            return None
        return self._lower.search(lowered)


class AnyCase:
    """A case-insensitive regex that answers yes or no. ASCII text, nearly every KR, is lower-cased and
    matched without IGNORECASE: the same answer, several times faster on the short windows around a
    number, where these cues are tried for every amount. `needs`, if given, are lower-case words the
    pattern cannot match without: ASCII text holding none of them is answered without the regex."""

    __slots__ = ("_any_case", "_lower", "_needs")

    def __init__(self, pattern: re.Pattern[str], needs: tuple[str, ...] = ()) -> None:
        self._any_case = pattern
        self._lower = folded_regex(pattern)
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
