"""Actuals: readings of each KR's metric, imported from the BI export that is the source of truth.

BI tools export in many dialects (separators, decimal commas, header names); the parsing lives
here so the weekly record only ever holds clean, dated readings.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from pydantic import ValidationError

from kit.cycle.plan import KrId
from kit.errors import InputError
from kit.model import FrozenModel


class Actual(FrozenModel):
    """One reading of a KR's metric from its source of truth."""

    day: date
    kr_id: KrId
    value: float
    source: str = "import"


_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "day": ("date", "day", "week", "as_of", "as of", "period"),
    "kr_id": ("kr_id", "kr id", "kr", "key_result", "key result", "key result id", "kr_key", "metric_id"),
    "value": ("value", "actual", "latest", "measure", "amount"),
}


_COLUMN_NAMES = {"day": "date", "kr_id": "KR id", "value": "value"}


def _normalise_header(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower().replace("\ufeff", ""))


def _parse_day(text: str) -> date | None:
    text = text.strip()
    for candidate in (text, text[:10]):
        try:
            return date.fromisoformat(candidate)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


# thousands grouped as BI tools write them: "1,234.5" (a comma-separated export quotes it), and "1.234,5" or
# "1.234.567" (a lone "12.480" stays twelve point four eight: a dot may be a decimal point there too)
_GROUPED_WITH_COMMAS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_GROUPED_WITH_DOTS = re.compile(r"[-+]?\d{1,3}(?:(?:\.\d{3})+,\d+|(?:\.\d{3}){2,})")


def _parse_value(text: str, delimiter: str) -> float | None:
    cleaned = text.strip().rstrip("%").strip().replace("\u00a0", "").replace(" ", "")
    if delimiter == ";" and cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")  # decimal comma, as European BI exports write it
    elif delimiter == ";" and _GROUPED_WITH_DOTS.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _GROUPED_WITH_COMMAS.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def parse_actuals_csv(text: str, *, path: str = "<upload>", known_ids: Iterable[str] | None = None) -> list[Actual]:
    """Actuals from a BI export with date, KR id and value columns (any order, common header names).

    Comma, semicolon and tab separated files are accepted; dates are ISO (2027-01-04 or
    2027-01-04T09:00); a trailing % is ignored, and so are thousands separators ("1,234.5", and
    "1.234,5" in a semicolon-separated export). Two different values for the same KR on the
    same day are refused rather than silently picking one.
    """
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError("the file is empty", path=path, fix="export date, KR id and value columns")
    first_line = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [_normalise_header(cell) for cell in next(reader)]
    columns: dict[str, int] = {}
    for field, aliases in _HEADER_ALIASES.items():
        found = [i for i, name in enumerate(header) if name in aliases]
        if not found:
            raise InputError(
                f"no {_COLUMN_NAMES[field]} column (columns found: {', '.join(header) or 'none'})",
                path=path, line=1, fix="name the columns date, kr_id and value",
            )
        columns[field] = found[0]
    known = set(known_ids) if known_ids is not None else None
    actuals: list[Actual] = []
    first_seen: dict[tuple[date, str], tuple[float, int]] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(columns.values()):
            raise InputError(f"the row has {len(row)} columns, expected {len(header)}", path=path, line=line)
        raw_day, kr_id, raw_value = (row[columns[f]].strip() for f in ("day", "kr_id", "value"))
        day = _parse_day(raw_day)
        if day is None:
            raise InputError(f"column 'date': {raw_day!r} is not a date", path=path, line=line,
                             fix="use YYYY-MM-DD")
        if not kr_id:
            raise InputError("column 'kr_id' is empty", path=path, line=line)
        if known is not None and kr_id not in known:
            raise InputError(f"column 'kr_id': unknown KR {kr_id!r}", path=path, line=line,
                             fix=f"use one of {', '.join(sorted(known))}")
        value = _parse_value(raw_value, delimiter)
        if value is None:
            raise InputError(f"column 'value': {raw_value!r} is not a number", path=path, line=line)
        earlier = first_seen.get((day, kr_id))
        if earlier is not None and earlier[0] != value:
            raise InputError(
                f"{kr_id} on {day} is {value:g} here but {earlier[0]:g} on line {earlier[1]}",
                path=path, line=line, fix="keep one reading per KR and day in the export",
            )
        if earlier is None:
            first_seen[(day, kr_id)] = (value, line)
            try:
                actuals.append(Actual(day=day, kr_id=kr_id, value=value))
            except ValidationError:
                raise InputError(f"column 'kr_id': {kr_id!r} is not a usable KR id", path=path, line=line,
                                 fix="use letters, digits, dots, dashes or underscores") from None
    return actuals


def load_actuals_csv(path: str | Path, known_ids: Iterable[str] | None = None) -> list[Actual]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputError(f"cannot read the actuals export ({error.strerror})", path=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("the export is not UTF-8 text", path=str(path), fix="export as CSV (UTF-8)") from None
    return parse_actuals_csv(text, path=str(path), known_ids=known_ids)
