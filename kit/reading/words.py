"""Reading words in OKR sentences: word lists compiled to fast patterns, the head word, noun phrases.

Word-list entries are case-insensitive phrases; a trailing `*` accepts any word ending
("launch*" matches launched, launches), so inflections stay readable in the YAML. Word lists and
patterns are compiled lower-cased and matched against `folded(text)` (lower-cased, same length),
so a Mark found there points at the author's own words; the engine restores their spelling.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kit.fast_regex import factor_alternations, fold_pattern
from kit.model import Mark

# the words that show a feature; an empty tuple is a feature that holds with nothing to point at
Evidence = tuple[Mark, ...]

_END, _STAR, _SPACE = "\x00end", "\x00star", "\x00space"


def _trie_regex(node: dict[str, Any]) -> str:
    """A regex for a trie of words: one branch per next character, so a long word list stays fast."""
    branches = []
    for key in sorted(k for k in node if not k.startswith("\x00")):
        branches.append(re.escape(key) + _trie_regex(node[key]))
    if _SPACE in node:
        branches.append(r"\s+" + _trie_regex(node[_SPACE]))
    if _STAR in node:
        branches.append(r"[\w'-]*+(?!\{)")
    if _END in node:
        branches.append(node[_END])
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def word_tries(words: list[str]) -> dict[bool, dict[str, Any]]:
    """The entries of a word list as two tries: those that start with a letter or digit (True), the rest."""
    groups: dict[bool, dict[str, Any]] = {True: {}, False: {}}
    for word in {w.strip().lower() for w in words if w.strip()}:
        stem = " ".join(word.rstrip("*").split())
        if not stem:
            continue  # a lone "*" names no word
        node = groups[stem[:1].isalnum()]
        for char in stem:
            node = node.setdefault(_SPACE if char == " " else char, {})
        if word.endswith("*"):
            node[_STAR] = {}
        else:
            node[_END] = r"(?![\w{-])" if stem[-1:].isalnum() else ""  # "name{x}": code, not a word
    return groups


def compile_words(words: list[str]) -> re.Pattern[str] | None:
    """One pattern for a word list, matched against folded text; `*` at the end of an entry accepts any ending."""
    groups = word_tries(words)
    if not groups[True] and not groups[False]:
        return None
    # Every top branch starts with its literal first character, so a search skips straight to where one
    # occurs instead of trying the branches at every position; a word's start is checked right after
    # that character ("c" not preceded by a letter, digit or hyphen), which is where it began.
    branches = [
        re.escape(char) + (f"(?<![\\w-]{re.escape(char)})" if at_word_start else "") + _trie_regex(node)
        for at_word_start in (True, False)
        for char, node in sorted(groups[at_word_start].items())
    ]
    return re.compile("|".join(branches))


@lru_cache(maxsize=16384)
def folded(text: str) -> str:
    """Lower-cased text of the same length, so offsets found in it point at the original words.

    Patterns are compiled without IGNORECASE and matched against this: several times faster, which
    is what keeps review instant while typing.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def compile_patterns(patterns: list[str]) -> re.Pattern[str] | None:
    """One pattern for a list of regexes, lower-cased like the text it will be matched against."""
    if not patterns:
        return None
    return re.compile(factor_alternations("|".join(f"(?:{fold_pattern(p)})" for p in patterns)))


def mark_of(match: re.Match[str], offset: int = 0) -> Mark:
    start, end = match.span()  # one call, and positional fields: a reading makes several of these per KR
    return Mark(start + offset, end + offset, match.group(0))


def all_marks(pattern: re.Pattern[str] | None, text: str, offset: int = 0) -> list[Mark]:
    if pattern is None:
        return []
    return [mark_of(m, offset) for m in pattern.finditer(text)]


_WORD_END = re.compile(r"\W|$")
_WORD = re.compile(r"(?<![\w])[A-Za-z][A-Za-z'’&-]*")


def head(text: str, skip: re.Pattern[str] | None = None) -> tuple[str, Mark | None, str]:
    """The first word of the cleaned sentence (skipping manner adverbs), its span, and the rest."""
    position = 0
    while True:
        match = _WORD.search(text, position)
        if match is None:
            return "", None, ""
        skipped = skip.match(text, match.start()) if skip is not None else None
        if skipped is not None and _WORD_END.match(text, skipped.end()):
            position = skipped.end()
            continue
        return match.group(0).lower(), mark_of(match), text[match.end() :]


def first(pattern: re.Pattern[str] | None, text: str) -> re.Match[str] | None:
    return pattern.search(text) if pattern is not None else None


_DETERMINERS = re.compile(
    r"(?:(?:the|a|an|our|their|its|all|every|each|any|new|more|at\s+least|at\s+most|over|up\s+to|one|two|three"
    r"|four|five|ten|(?:total\s+)?(?:number|amount|count|share|list|set)\s+of"
    r"|\d[\d,.]*\s?(?:%|k|m)?\+?(?:\s+of)?)\s+|[<>≤≥~+=]+\s*)*",
    re.I,
)
# the next word of a phrase, after the spaces or tabs before it (a line break ends the phrase)
_PHRASE_WORD = re.compile(r"[ \t]*([A-Za-z][\w'’/&.+-]*)")
# the spaces before a phrase and its determiners and counts, in one match (both parts may be empty)
_PHRASE_LEAD = re.compile(r"\s*" + _DETERMINERS.pattern, re.I)
_PHRASE_BREAKS = frozenset(":;,()→")
_PHRASE_STOP_WORDS = frozenset({
    "by", "from", "to", "of", "in", "into", "for", "at", "on", "with", "within", "per", "and", "or", "as", "via",
    "through", "across", "that", "which", "who", "is", "are", "was", "were", "has", "have", "be", "been", "being",
    "will", "can", "should", "than", "so", "while", "without", "after", "before", "over", "under", "using", "vs",
    "up", "down", "ahead", "during", "about", "around", "among", "including", "like", "such", "available",
    "public", "accessible", "visible", "ready", "above", "below", "between", "beyond", "until", "since", "against"
})
# the same words for text outside ASCII, where IGNORECASE also equates letters such as "ſ" and "s"
_PHRASE_STOP = re.compile("|".join(sorted(_PHRASE_STOP_WORDS)), re.I)


def _stops_phrase(word: str) -> bool:
    """A preposition, verb or predicate adjective ends a noun phrase; a set lookup, as this runs per word."""
    word = word.rstrip(".")
    if word.isascii():
        return word.lower() in _PHRASE_STOP_WORDS
    return _PHRASE_STOP.fullmatch(word) is not None


_IRREGULAR_PARTICIPLES = frozenset({
    "sent", "built", "done", "written", "held", "given", "made", "won", "kept", "brought", "taught", "spent", "sold",
    "paid", "shown", "found", "begun", "chosen", "drawn", "grown", "known", "met", "read", "rewritten", "rebuilt",
})
_PREDICATE_AFTER = re.compile(r"\s*(?:$|[.,;:()]|(?:by|to|in|on|for|at|within|before|after|from|into)\b)")


def noun_phrase(
    text: str, start: int, stop: re.Pattern[str] | None = None
) -> tuple[Mark | None, Mark | None]:
    """The noun phrase starting at `start` (after determiners and counts) and its head, its last word."""
    position = _PHRASE_LEAD.match(text, start).end()  # type: ignore[union-attr]  # always matches
    words: list[re.Match[str]] = []
    while len(words) < 6:
        match = _PHRASE_WORD.match(text, position)
        if match is None or _stops_phrase(match.group(1)):
            break
        if words and stop is not None and "-" not in match.group(1) and stop.match(text, match.start(1)):
            break  # "Refund rate drops": the verb ends the noun phrase (not "drop-out rate": a compound)
        participle = match.group(1).endswith("ed") or match.group(1).lower() in _IRREGULAR_PARTICIPLES
        if words and participle and _PREDICATE_AFTER.match(text, match.end()):
            break  # "Case studies added to the library", "12 newsletters sent": a participle said of the phrase
        words.append(match)
        position = match.end()
        if text[position : position + 1] in _PHRASE_BREAKS:
            break
    if not words:
        return None, None
    first, last = words[0].start(1), words[-1]
    phrase = Mark(first, last.end(), text[first : last.end()])
    word = last.group(1)
    if "/" in word and len(words) == 1:
        word = word.rstrip(".").split("/")[0]
    word = word.rstrip(".")
    return phrase, Mark(last.start(1), last.start(1) + len(word), word)


def word_ending_at(pattern: re.Pattern[str] | None, span: Mark | None, text: str) -> Mark | None:
    """A list entry that ends exactly at the span's end (so "test coverage" and "coverage" both count)."""
    if pattern is None or span is None:
        return None
    offset = max(0, span.start - 30)
    window = text[offset : span.end]
    for match in pattern.finditer(window):
        if match.end() == len(window):
            return mark_of(match, offset)
    return None


_BRACKETED = re.compile(r"\([^)]*\)")


def outside_brackets(text: str) -> str:
    if "(" not in text:
        return text
    return _BRACKETED.sub(lambda m: " " * len(m.group(0)), text)


def as_mark(evidence: re.Match[str] | Mark | None) -> Mark | None:
    if isinstance(evidence, re.Match):
        return mark_of(evidence)
    return evidence


_EVENT_BEFORE = re.compile(r"(?:\b(?:of|after|since|before|from)\s+|\b(?:pre|post)-)$")
# the gap after a listed verb, with the one word that may stand before the noun that makes the verb a noun
# ("Invoice accuracy rate"), never a determiner
_BEFORE_NOUN = re.compile(r"\s+((?!(?:a|an|the|our|their|its|this|that|all|every)\s)[\w-]+\s+)?")
# what follows a noun, never a verb: "of" ("List of vendors": a verb takes its object straight after
# it), or a plural noun and then a ceiling ("Audit adjustments below 50k": a level to stay under)
_NOUN_AFTER = re.compile(
    r"\s+of\b|\s+(?:[\w-]+\s+)?[\w-]+s(?:\s+(?:for|in|on|per)\s+[\w-]+)?\s+"
    r"(?:below|under|at\s+most|less\s+than|fewer\s+than|≤|<)\s*[$€£]?\d"
)


_NOUN_SUFFIXES = ("ers", "er", "ors", "or", "ments", "ment", "ances", "ance", "ences", "ence", "ations", "ation")


def _agent_noun(pattern: re.Pattern[str], word: str) -> bool:
    """A listed verb with a noun ending: "builders", "deployment", "attendance", "organisation" (a `*` entry
    takes any ending)."""
    for suffix in _NOUN_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            found = pattern.match(stem)
            if found is not None and found.end() == len(stem):
                return True
    return False


def not_after_event(match: re.Match[str] | None, text: str) -> re.Match[str] | None:
    """Drop a match that only names an event ("within 2 weeks of go-live", "pre-migration")."""
    if match is None:
        return None
    return None if _EVENT_BEFORE.search(text, max(0, match.start() - 10), match.start()) else match


def verb_at(
    pattern: re.Pattern[str] | None, text: str, start: int, noun_heads: re.Pattern[str] | None = None
) -> re.Match[str] | None:
    """A list entry at the head word, read as a verb; with `noun_heads`, not when "of" or one of them
    follows it (at most one word between) or it is a plural held under a ceiling: "List of vendors",
    "Launch rate of ...", "Invoice accuracy rate", "Audit adjustments below 50k": the verb is a noun there."""
    if pattern is None:
        return None
    match = pattern.match(text, start)
    if match is None or _agent_noun(pattern, match.group(0)):
        return None
    if noun_heads is None:
        return match
    if _NOUN_AFTER.match(text, match.end()) or _noun_follows(noun_heads, text, match.end()):
        return None
    return match


def _noun_follows(nouns: re.Pattern[str], text: str, end: int) -> bool:
    gap = _BEFORE_NOUN.match(text, end)
    if gap is None:
        return False
    if nouns.match(text, gap.end()):  # "Invoice accuracy rate", or "Launch rate" at the end of the text
        return True
    return gap.group(1) is not None and nouns.match(text, gap.start(1)) is not None  # "Launch rate of ..."
