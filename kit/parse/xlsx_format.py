"""Excel workbooks, read the way a spreadsheet export (CSV) is read: one header row, one row per KR.

Every sheet whose header names an objective and a key-result column is read, in order; a merged
objective cell stands for every row it spans; formulas count as the value Excel last calculated.
openpyxl reads the file: a workbook is zipped XML that no one should parse by hand.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from kit.errors import InputError
from kit.model import OkrSet, UnreadLine
from kit.parse.csv_format import is_okr_header, read_rows
from kit.parse.source import MAX_BYTES, MAX_LINES

_XLSX_FIX = "Save the workbook as .xlsx with a header row (Objective, Key result, Owner, ...) and one row per KR."


def parse_xlsx(path: Path) -> OkrSet:
    """Every OKR sheet of the workbook as one set; errors name the file, the sheet and the row."""
    import openpyxl  # imported with the first workbook: reviews of text never pay for it

    if path.stat().st_size > MAX_BYTES:
        raise InputError(f"the workbook is over {MAX_BYTES // 1_000_000} MB", path=str(path), fix=_XLSX_FIX)
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise InputError(f"this is not a readable Excel workbook ({error})", path=str(path), fix=_XLSX_FIX) from None
    sets: list[OkrSet] = []
    for sheet in workbook.worksheets:
        rows = _rows(sheet, path)
        if not any(is_okr_header(cells) for _, cells in rows[:10]):
            continue  # a notes or chart sheet
        try:
            read = read_rows(rows, str(path))
            unread = [UnreadLine(line=u.line, text=f"sheet {sheet.title!r}, row {u.line}: {u.text}")
                      for u in read.unread_lines]
            sets.append(read.model_copy(update={"unread_lines": unread}))
        except InputError as error:
            raise InputError(f"sheet {sheet.title!r}, row {error.line}: {error.problem}", path=str(path),
                             fix=error.fix) from None
    if not sets:
        raise InputError("no sheet has a header row naming an objective and a key-result column", path=str(path),
                         fix=_XLSX_FIX)
    first = sets[0]
    return first.model_copy(update={
        "objectives": [o for okr_set in sets for o in okr_set.objectives],
        "unread_lines": [u for okr_set in sets for u in okr_set.unread_lines],
    })


def _rows(sheet: Any, path: Path) -> list[tuple[int, list[str]]]:
    """The sheet's rows as text cells, each merged range's value copied into every cell it covers."""
    if sheet.max_row > MAX_LINES:
        raise InputError(f"sheet {sheet.title!r} has {sheet.max_row:,} rows; the kit reads up to {MAX_LINES:,}",
                         path=str(path), fix="Split the workbook, or keep one cycle's OKRs per sheet")
    merged: dict[tuple[int, int], Any] = {}
    for cells in sheet.merged_cells.ranges:
        value = sheet.cell(cells.min_row, cells.min_col).value
        for row in range(cells.min_row, cells.max_row + 1):
            for column in range(cells.min_col, cells.max_col + 1):
                merged[(row, column)] = value
    rows = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        texts = [
            _text(merged.get((number, column), value)) for column, value in enumerate(row, start=1)
        ]
        rows.append((number, texts))
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
