"""Rewrites of a regex's source that find the same matches faster, and the cheap test before one.

`fold_pattern` lower-cases a pattern's literals, so it can run without IGNORECASE on text lower-cased
once (several times faster on long alternations).

`factor_alternations` makes word alternations branch on their first letter. Python's regex engine
tries the branches of `(?:customers?|users?|clients?|...)` one after another at every position it
searches from; a rule's patterns name dozens of words per alternation, so a search over one KR
sentence tried thousands of branches. Grouped by first letter, `(?:c(?:ustomers?|lients?)|u(?:sers?))`,
a position tries one branch per distinct letter instead. The rewrite never changes which text
matches, nor which branch wins: branches that start with different literal letters can never match
at one position, and branches that share a letter keep their order. An alternation is only rewritten
when every branch starts with a plain ASCII letter or digit (no quantifier on it); a pattern with
inline flags, conditionals, backreferences or comments is left exactly as written, and so is any
pattern compiled with IGNORECASE by its caller (there "a" and "A" branches could both match).
"""

from __future__ import annotations

import re

_UNTOUCHABLE = re.compile(r"\(\?(?:[aiLmsux-]|\(|P=|#)|\\\d")
_QUANTIFIERS = "?*+{"
_GROUP_OPENER = re.compile(r"\((?:\?(?::|=|!|<=|<!|P<\w+>))?")


def fold_pattern(source: str) -> str:
    """Lower-case a regex's literal letters (escapes such as \\S or \\W keep their meaning)."""
    out = []
    escaped = False
    for char in source:
        out.append(char if escaped else char.lower())
        escaped = char == "\\" and not escaped
    return "".join(out)


def factor_alternations(source: str) -> str:
    """`source` with every eligible `(?:a|b|...)` group branching on first letters (see module doc)."""
    if _UNTOUCHABLE.search(source):
        return source
    branches, end = _branches(source, 0)
    return "|".join(branches) if end == len(source) else source


def _branches(source: str, index: int) -> tuple[list[str], int]:
    """The branches from `index` to the `)` closing their group (or the end), groups inside rewritten."""
    branches: list[str] = []
    out: list[str] = []
    while index < len(source) and source[index] != ")":
        char = source[index]
        if char == "|":
            branches.append("".join(out))
            out = []
            index += 1
        elif char == "\\":
            out.append(source[index : index + 2])
            index += 2
        elif char == "[":
            end = _class_end(source, index)
            out.append(source[index:end])
            index = end
        elif char == "(":
            prefix = _GROUP_OPENER.match(source, index).group(0)  # type: ignore[union-attr]  # "(" always matches
            inner, index = _branches(source, index + len(prefix))
            out.append(prefix + (_by_first_letter(inner) if prefix == "(?:" else "|".join(inner)) + ")")
            index += 1
        else:
            out.append(char)
            index += 1
    branches.append("".join(out))
    return branches, index


def _class_end(source: str, index: int) -> int:
    """The index after the `]` that closes the character class opened at `index`."""
    position = index + 1
    if position < len(source) and source[position] == "^":
        position += 1
    if position < len(source) and source[position] == "]":
        position += 1  # a "]" first in the class is a literal
    while position < len(source) and source[position] != "]":
        position += 2 if source[position] == "\\" else 1
    return position + 1


def _splits_on_letter(branch: str) -> bool:
    """A branch that starts with one literal letter or digit, not repeated or made optional."""
    return (
        len(branch) >= 1 and branch[0].isascii() and branch[0].isalnum()
        and (len(branch) == 1 or branch[1] not in _QUANTIFIERS)
    )


def _by_first_letter(branches: list[str]) -> str:
    """The branches as one alternation, grouped by first letter when all of them start with one."""
    if len(branches) < 2 or not all(_splits_on_letter(branch) for branch in branches):
        return "|".join(branches)
    groups: dict[str, list[str]] = {}
    for branch in branches:
        groups.setdefault(branch[0], []).append(branch[1:])
    return "|".join(
        letter + (rests[0] if len(rests) == 1 else "(?:" + _by_first_letter(rests) + ")")
        for letter, rests in groups.items()
    )


def holds_any(text: str, needles: tuple[str, ...]) -> bool:
    """Whether one of `needles` occurs in `text`: the cheap, exact test to run before a regex that
    cannot match without one of them (a plain loop: cheaper than `any` over a generator)."""
    for needle in needles:  # noqa: SIM110 - the loop is the point
        if needle in text:
            return True
    return False
