"""An OKR set written out as YAML, JSON, CSV or an Excel workbook, in the shapes `kit.parse` reads back.

The drafting widget's export buttons use these, so a committed set can be edited in a text
editor or a spreadsheet and reviewed again without losing anything the author typed. Only what
the author gave or the parser read is written: line numbers are where a text came from, not data.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import yaml

from kit.model import KeyResult, Objective, OkrSet

CSV_COLUMNS = ["objective", "key_result", "owner", "source", "baseline", "target", "unit", "deadline"]
_SPREADSHEET_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def okr_set_to_dict(okr_set: OkrSet) -> dict[str, Any]:
    data: dict[str, Any] = {
        key: value
        for key, value in (("title", okr_set.title), ("team", okr_set.team), ("cycle", okr_set.cycle),
                           ("north_star", okr_set.north_star))
        if value
    }
    data["objectives"] = [_objective(objective) for objective in okr_set.objectives]
    return data


def okr_set_to_json(okr_set: OkrSet) -> str:
    return json.dumps(okr_set_to_dict(okr_set), indent=2, ensure_ascii=False) + "\n"


def okr_set_to_yaml(okr_set: OkrSet) -> str:
    return yaml.safe_dump(okr_set_to_dict(okr_set), sort_keys=False, allow_unicode=True, width=1000)


def okr_set_to_csv(okr_set: OkrSet) -> str:
    """One row per KR with its objective repeated, as spreadsheets export; an objective without KRs gets one row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for objective in okr_set.objectives:
        rows: list[KeyResult | None] = list(objective.key_results) or [None]
        for kr in rows:
            writer.writerow([spreadsheet_safe(objective.text), *_kr_cells(kr)])
    return buffer.getvalue()


def okr_set_to_xlsx(okr_set: OkrSet) -> bytes:
    """The CSV's rows as an Excel workbook; no cell written from user text is ever a live formula."""
    import openpyxl  # only when a workbook is asked for

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "OKRs"
    sheet.append(CSV_COLUMNS)
    for objective in okr_set.objectives:
        rows: list[KeyResult | None] = list(objective.key_results) or [None]
        for kr in rows:
            sheet.append([spreadsheet_safe(objective.text), *_kr_cells(kr)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _objective(objective: Objective) -> dict[str, Any]:
    data: dict[str, Any] = {"text": objective.text}
    if objective.owner:
        data["owner"] = objective.owner
    if objective.contributes_to:
        data["contributes_to"] = objective.contributes_to
    data["key_results"] = [_key_result(kr) for kr in objective.key_results]
    if objective.initiatives:
        data["initiatives"] = [initiative.model_dump(exclude_none=True) for initiative in objective.initiatives]
    return data


def _key_result(kr: KeyResult) -> dict[str, Any]:
    data = kr.model_dump(mode="json", exclude_none=True, exclude={"line"})
    if not data.get("depends_on"):
        data.pop("depends_on", None)
    for name in ("baseline", "target"):
        if isinstance(data.get(name), float) and data[name].is_integer():
            data[name] = int(data[name])  # "18", not "18.0", in a file people edit
    return data


def _kr_cells(kr: KeyResult | None) -> list[str]:
    if kr is None:
        return [""] * (len(CSV_COLUMNS) - 1)
    return [
        spreadsheet_safe(kr.text),
        spreadsheet_safe(kr.owner or ""),
        spreadsheet_safe(kr.source or ""),
        _number(kr.baseline),
        _number(kr.target),
        spreadsheet_safe(kr.unit or ""),
        spreadsheet_safe(kr.deadline or ""),
    ]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet would run as a formula ("=HYPERLINK(...)") is kept as text with a leading quote;
    every CSV the kit writes passes its text cells through this."""
    return "'" + text if text.startswith(_SPREADSHEET_FORMULA_START) else text
