"""The structured schema written as JSON, with the line of every key and value.

The standard library's fast decoder checks the syntax but forgets positions, so a second,
linear scan of the tokens recovers the line of each key and value in document order; the
two walks line up because both visit the document front to back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from kit.errors import InputError
from kit.model import OkrSet
from kit.parse.structured import Node, to_okr_set

_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"(?P<colon>\s*:)?|[{\[]|-?\d[\d.eE+\-]*|true|false|null')
_MAX_DEPTH = 32
_JSON_FIX = (
    "Check this line and the one above for a missing comma, quote or bracket "
    "(JSON needs double quotes and no comma after the last item)."
)


class _Pairs(list[tuple[str, Any]]):
    """An object's key/value pairs in order, duplicates kept so the schema can report them."""


class _NotANumber(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _reject_constant(name: str) -> Any:
    raise _NotANumber(name)


def _positions(text: str) -> tuple[Iterator[int], Iterator[int]]:
    """Lines of every value start and of every key, each in document order."""
    values: list[int] = []
    keys: list[int] = []
    line, last = 1, 0
    for token in _TOKEN.finditer(text):
        start = token.start()
        line += text.count("\n", last, start)
        last = start
        (keys if token.group("colon") else values).append(line)
    return iter(values), iter(keys)


def _build(value: Any, values: Iterator[int], keys: Iterator[int], label: str | None, depth: int = 0) -> Node:
    line = next(values)
    if depth > _MAX_DEPTH:
        raise InputError("the JSON is nested far too deeply", path=label, line=line, fix=_JSON_FIX)
    if isinstance(value, _Pairs):
        pairs = []
        for key, item in value:
            key_line = next(keys)
            pairs.append((key, key_line, _build(item, values, keys, label, depth + 1)))
        return Node("map", line, pairs)
    if isinstance(value, list):
        return Node("list", line, [_build(item, values, keys, label, depth + 1) for item in value])
    return Node("scalar", line, value, value if isinstance(value, str) else None)


def parse_json(text: str, label: str | None = None) -> OkrSet:
    """JSON in the structured schema to an OkrSet."""
    try:
        data = json.loads(text, object_pairs_hook=_Pairs, parse_constant=_reject_constant)
    except _NotANumber as error:
        raise InputError(
            f"{error.name} is not a number the kit can use",
            path=label,
            line=text.count("\n", 0, max(text.find(error.name), 0)) + 1,
            fix="Write a real number, or leave the field out.",
        ) from None
    except json.JSONDecodeError as error:
        raise InputError(f"this is not valid JSON: {error.msg}", path=label, line=error.lineno, fix=_JSON_FIX) from None
    except RecursionError:
        raise InputError("the JSON is nested far too deeply", path=label, line=1, fix=_JSON_FIX) from None
    values, keys = _positions(text)
    return to_okr_set(_build(data, values, keys, label), label, "JSON")
