"""Owner and source written into a line ("Owner: Ana", "(src: billing DB)", "[Ana]", "@ana").

The parser fills a KR's fields with them, and the rubric reads them the same way, so the two never
disagree about who owns a KR.
"""

from __future__ import annotations

import re

# "owned by" only counts inside brackets: "accounts owned by partners" is part of a KR.
_INLINE_KEY = re.compile(
    r"(?<!\w)(?P<key>owner,\s*source|owners?|dri|source of truth|data source|source|src)\s*:\s*"
    r"|(?<=[(\[])\s*owned by\s+",
    re.IGNORECASE,
)
# Bracketed words that mark a KR's status or kind, or a template blank, not its owner.
_NOT_OWNERS = frozenset(
    {
        "stretch", "committed", "aspirational", "moonshot", "roofshot", "draft", "wip", "new", "tbd", "tbc",
        "optional", "done", "blocked", "at risk", "on track", "off track", "green", "amber", "yellow", "red",
        "leading", "lagging", "kpi", "health", "link", "name", "owner", "metric", "source", "baseline",
        "target", "date", "team",
    }
)
_BRACKET_OWNER = re.compile(r"\s*\[(?P<owner>[^\[\]\d%:]{1,60})\]\s*\.?$")
_MENTION_OWNER = re.compile(r"\s+(?P<owner>@[\w.\-]{1,40})\s*\.?$")
_TRAILING_JOINERS = " \t|,;(—–-"
_VALUE_TRAILERS = " \t.,;|)]—–-"


def split_fields(text: str) -> tuple[str, str | None, str | None]:
    """Owner and source written into the line itself: the text without them, owner, source."""
    owner: str | None = None
    source: str | None = None
    matches = _inline_keys(text)
    if matches:
        kept, closer = _opens_bracket(text[: matches[0][0]])
        pieces = [kept]
        for index, (_, value_start, key) in enumerate(matches):
            end = matches[index + 1][0] if index + 1 < len(matches) else len(text)
            value = text[value_start:end]
            if closer and closer in value:
                value, rest = value.split(closer, 1)
                rest, closer = _opens_bracket(rest)
                pieces.append(rest)
            elif not closer:
                value, closer = _opens_bracket(value)
            value = value.strip(_VALUE_TRAILERS)
            if key.startswith("owner,"):
                first, _, second = value.partition(",")
                owner, source = owner or (first.strip() if second else None), source or (second or first).strip()
            elif key in ("source of truth", "data source", "source", "src"):
                source = source or value or None
            else:
                owner = owner or value or None
        text = " ".join(piece.strip() for piece in pieces if piece.strip()).rstrip(_TRAILING_JOINERS)
    if owner is None:
        # Neither pattern matches without its "]" or its "@": most lines are spared both searches.
        tail = _BRACKET_OWNER.search(text) if "]" in text else None
        if tail is None and "@" in text:
            tail = _MENTION_OWNER.search(text)
        if tail is not None and tail.start() > 0 and tail.group("owner").strip().lower() not in _NOT_OWNERS:
            owner = tail.group("owner").strip()
            text = text[: tail.start()].rstrip(_TRAILING_JOINERS)
    return text, owner or None, source or None


def _inline_keys(text: str) -> list[tuple[int, int, str]]:
    """Every `_INLINE_KEY` in the text: where it starts, where its value starts, and its key in lowercase."""
    if ":" not in text and "wned" not in text.lower():
        return []
    if text.isascii():
        # In ASCII text, ignoring case is the same as lowering it.
        lowered = text.lower()
        if "owned by" not in lowered:
            return _keys_before_colons(lowered)
    return [
        (match.start(), match.end(), (match.group("key") or "owned by").lower()) for match in _INLINE_KEY.finditer(text)
    ]


def _keys_before_colons(lowered: str) -> list[tuple[int, int, str]]:
    """`_inline_keys` for lower-cased ASCII text without "owned by", found from the colons rather than
    by trying the pattern at every position of the line.

    Without "owned by", every match is a key, blank space and a colon. A key holds no colon, so each
    colon ends at most one match, after the colon before it: the matches come in the order of their
    colons, and the one a colon ends is the key that ends where the blank space before the colon
    starts. Where two keys end there ("owner, source" and "source"), the one starting first wins,
    as in a search from left to right.
    """
    found: list[tuple[int, int, str]] = []
    colon = lowered.find(":")
    while colon >= 0:
        key_end = len(lowered[:colon].rstrip())
        start = _key_start(lowered, key_end)
        if start >= 0:
            value_start = len(lowered) - len(lowered[colon + 1 :].lstrip())
            found.append((start, value_start, lowered[start:key_end]))
        colon = lowered.find(":", colon + 1)
    return found


def _key_start(lowered: str, key_end: int) -> int:
    """Where the first `_INLINE_KEY` key that ends at `key_end` and follows no word character starts; -1 if none."""
    if lowered.endswith("source", 0, key_end):
        before_source = len(lowered[: key_end - 6].rstrip())
        if lowered.endswith("owner,", 0, before_source) and _starts_word(lowered, before_source - 6):
            return before_source - 6
        if lowered.endswith("data source", 0, key_end) and _starts_word(lowered, key_end - 11):
            return key_end - 11
        start = key_end - 6
    elif lowered.endswith("source of truth", 0, key_end):
        start = key_end - 15
    elif lowered.endswith("owners", 0, key_end):
        start = key_end - 6
    elif lowered.endswith("owner", 0, key_end):
        start = key_end - 5
    elif lowered.endswith(("dri", "src"), 0, key_end):
        start = key_end - 3
    else:
        return -1
    return start if _starts_word(lowered, start) else -1


def _starts_word(text: str, index: int) -> bool:
    """No word character (as the regex engine's `\\w` sees ASCII text) right before `index`."""
    return index == 0 or not (text[index - 1].isalnum() or text[index - 1] == "_")


_CLOSERS = {"(": ")", "[": "]"}


def _opens_bracket(text: str) -> tuple[str, str]:
    """Text before a field key, without the "(" or "[" that opens "(owner: ...)" or "[Owner: ...]",
    and the bracket that will close it ("" when none was opened)."""
    stripped = text.rstrip()
    if stripped[-1:] in _CLOSERS:
        return stripped[:-1], _CLOSERS[stripped[-1]]
    return text, ""
