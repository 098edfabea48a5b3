"""Excel workbooks as managers keep them: a title row, columns in any order, merged objective cells, two sheets."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import kit
from kit.errors import InputError
from kit.model import KeyResult, Objective, OkrSet
from kit.parse import parse
from kit.parse.write import okr_set_to_xlsx


def workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    growth = book.active
    growth.title = "Growth"
    growth.append(["Growth team OKRs Q3"])
    growth.append(["Owner", "Key result", "Objective", "Target"])
    growth.append(["Ana", "Raise activation from 30% to 45% by Sep 30", "Make onboarding effortless", 45])
    growth.append(["Ben", "Cut setup time from 3 days to 1 day by Sep 30", None, 1])
    growth.merge_cells("C3:C4")  # one objective written once for both of its KRs
    support = book.create_sheet("Support")
    support.append(["Objective", "Key result", "Owner"])
    support.append(["Answer customers faster", "Cut first reply from 9 h to 2 h by Sep 30", "Dana"])
    support["D2"] = "=1+1"  # a formula in a column the kit does not read: ignored, never evaluated
    book.create_sheet("Notes").append(["Remember to book the room"])
    book.save(path)
    return path


def test_every_okr_sheet_is_read_with_merged_objectives_and_any_column_order(tmp_path: Path) -> None:
    okr_set = parse(workbook(tmp_path / "okrs.xlsx"))
    assert [(o.text, [kr.text for kr in o.key_results]) for o in okr_set.objectives] == [
        ("Make onboarding effortless", ["Raise activation from 30% to 45% by Sep 30",
                                        "Cut setup time from 3 days to 1 day by Sep 30"]),
        ("Answer customers faster", ["Cut first reply from 9 h to 2 h by Sep 30"]),
    ]
    assert okr_set.objectives[0].key_results[1].owner == "Ben"
    assert okr_set.title == "Growth team OKRs Q3"


def test_the_cli_and_the_api_review_a_workbook(tmp_path: Path) -> None:
    review = kit.review(workbook(tmp_path / "okrs.xlsx"))
    assert len(review.okr_set.key_results()) == 3 and review.path and review.path.endswith("okrs.xlsx")


def test_a_written_workbook_reads_back_and_never_carries_a_live_formula(tmp_path: Path) -> None:
    okr_set = OkrSet(objectives=[Objective(text="=HYPERLINK(\"http://x\")", key_results=[
        KeyResult(text="Raise NPS from 20 to 35 by Sep 30", owner="Ana", source="Survey tool")])])
    path = tmp_path / "out.xlsx"
    path.write_bytes(okr_set_to_xlsx(okr_set))
    cells = [cell.value for row in openpyxl.load_workbook(path).active.iter_rows() for cell in row]
    assert not any(isinstance(value, str) and value.startswith("=") for value in cells)
    back = parse(path)
    assert back.objectives[0].key_results[0].text == "Raise NPS from 20 to 35 by Sep 30"
    assert back.objectives[0].key_results[0].owner == "Ana"


def test_a_damaged_workbook_or_one_without_okr_columns_is_one_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="not a readable Excel workbook") as caught:
        parse(broken)
    assert str(broken) in str(caught.value)
    book = openpyxl.Workbook()
    book.active.append(["Team", "Budget"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    with pytest.raises(InputError, match="no sheet has a header row"):
        parse(plain)


def test_a_row_with_text_only_in_columns_the_kit_does_not_read_is_reported_with_its_sheet_and_row(
    tmp_path: Path,
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Q3"
    sheet.append(["Objective", "Key result", "Notes"])
    sheet.append(["Answer customers faster", "Cut first reply from 9 h to 2 h by Sep 30", ""])
    sheet.append([None, None, "Ask finance about the budget"])
    path = tmp_path / "okrs.xlsx"
    book.save(path)
    okr_set = parse(path)
    assert [(u.line, u.text) for u in okr_set.unread_lines] == [(3, "sheet 'Q3', row 3: Ask finance about the budget")]
    assert any(f.rule == "set-unread-lines" for f in kit.review(path).findings)
