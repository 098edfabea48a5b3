"""A rule's rewrite shape filled with what the author wrote: "<verb> <metric> from <baseline> to <target>".

Slots nothing fits stay as <slots>; the author's own time phrase ("in 30 days") replaces the shape's "by".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_FILL = re.compile(r"(?P<by>\bby\s+)?<(?P<slot>\w+)>")
_TIME_WORD = re.compile(r"(?:by|before|until|till|in|within|during|on|at|through|no\s+later\s+than)\b", re.I)


@dataclass(frozen=True)
class _Slot:
    """One `<slot>` of a rewrite shape, with the shape's text before it and its own optional "by "."""

    before: str
    by: str
    name: str
    written: str


@lru_cache(maxsize=256)
def _shape(template: str) -> tuple[tuple[_Slot, ...], str]:
    """A rewrite shape cut at its slots once, so filling it needs no regex search; the text after the last slot."""
    slots = []
    position = 0
    for match in _FILL.finditer(template):
        slots.append(_Slot(template[position : match.start()], match.group("by") or "", match.group("slot"),
                           match.group(0)))
        position = match.end()
    return tuple(slots), template[position:]


def render_suggestion(template: str | None, fills: dict[str, str]) -> str | None:
    """Put what the author wrote into the rewrite shape; unknown slots stay as <slots>."""
    if not template:
        return None
    return render_filled(template, tuple(fills.items()))


@lru_cache(maxsize=4096)
def render_filled(template: str, fills: tuple[tuple[str, str], ...]) -> str:
    """Most findings share a shape and the same few fills: render each combination once."""
    values = dict(fills)
    slots, tail = _shape(template)
    parts = []
    for slot in slots:
        parts.append(slot.before)
        value = values.get(slot.name)
        if not value:
            parts.append(slot.written)
        elif slot.by and _TIME_WORD.match(value):
            parts.append(value)  # the author's own "in 30 days" or "by end of Q2" replaces the shape's "by"
        else:
            parts.append(slot.by + value)
    parts.append(tail)
    return "".join(parts)
