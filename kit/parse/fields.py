"""What every format shares once it has found a KR: explicit fields, then inference from the text.

Explicit fields (a YAML key, a CSV column, an "Owner:" suffix) are what the author said; the
quantities read from the KR sentence only fill the gaps they left.
"""

from __future__ import annotations

import re
from typing import Any

from kit.model import KeyResult
from kit.quantities import extract, inferred_fields

_PLAIN_NUMBER = re.compile(r"[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def number_and_unit(value: str) -> tuple[float | None, str | None]:
    """A number typed into a field of its own ("46%", "1,200", "-5", "$2.5M"); None for "TBD" or "n/a"."""
    cell = value.strip()
    if not cell:
        return None, None
    if _PLAIN_NUMBER.fullmatch(cell):
        return float(cell.replace(",", "").replace("−", "-")), None
    amounts = extract(cell).amounts
    if len(amounts) != 1:
        return None, None
    return amounts[0].value, amounts[0].unit


def team_list(value: str | list[str] | None) -> list[str] | None:
    """Teams named in a field ("Platform, Data; Billing"), or None when none is."""
    if value is None:
        return None
    parts = value if isinstance(value, list) else re.split(r"[,;]| and ", value)
    teams = [part.strip() for part in parts if part.strip()]
    return teams or None


def key_result(text: str, line: int | None, **explicit: Any) -> KeyResult:
    """A KR from its text and the fields the author gave, gaps filled from the sentence."""
    return key_result_from(text, line, {name: value for name, value in explicit.items() if value is not None})


def key_result_from(text: str, line: int | None, given: dict[str, Any]) -> KeyResult:
    """`key_result` for fields already gathered in a dict, holding no None (a parser's hot path:
    one dict validated in one call, instead of keywords packed and unpacked on the way)."""
    fields: dict[str, Any] = {"text": text, "line": line, **given}
    fields.update(inferred_fields(text, given))
    return KeyResult.model_validate(fields)
