"""Actuals import: BI exports in their many dialects, and errors that name the line and the column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kit.cycle.actuals import load_actuals_csv, parse_actuals_csv
from kit.errors import InputError


def test_bi_export_with_semicolons_decimal_commas_and_percent_signs() -> None:
    text = "\ufeffDate;Key Result;Actual\n2027-01-08;A1;19,5%\n2027-01-15T09:00:00;A2;470\n\n"
    actuals = parse_actuals_csv(text, known_ids=["A1", "A2"])
    assert [(a.day, a.kr_id, a.value) for a in actuals] == [
        (date(2027, 1, 8), "A1", 19.5), (date(2027, 1, 15), "A2", 470.0)]


def test_thousands_separators_as_bi_tools_write_them() -> None:
    comma = parse_actuals_csv('date,kr_id,value\n2027-01-08,A1,"12,480"\n2027-01-08,A2,"1,234.5"\n')
    semicolon = parse_actuals_csv("date;kr_id;value\n2027-01-08;A1;12.480,0\n2027-01-08;A2;1.234,5\n"
                                  "2027-01-08;A3;1.234.567\n2027-01-08;A4;12.480\n")
    assert [a.value for a in comma] == [12480.0, 1234.5]
    assert [a.value for a in semicolon] == [12480.0, 1234.5, 1234567.0, 12.48]  # a lone dot may be a decimal
    with pytest.raises(InputError, match="not a number"):
        parse_actuals_csv('date,kr_id,value\n2027-01-08,A1,"1,23,4"\n')


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("when,kr,amount\n2027-01-08,A1,3\n", 1, "no date column"),
        ("date,kr_id,value\n08/01/2027,A1,3\n", 2, "not a date"),
        ("date,kr_id,value\n2027-01-08,A1,3\n2027-01-09,ZZ,3\n", 3, "unknown KR 'ZZ'"),
        ("date,kr_id,value\n2027-01-08,A1,lots\n", 2, "not a number"),
        ("date,kr_id,value\n2027-01-08,A1,3\n2027-01-08,A1,4\n", 3, "on line 2"),
        ("date,kr_id,value\n2027-01-08,A1\n", 2, "columns"),
        ("date,kr_id,value\n2027-01-08,,3\n", 2, "empty"),
    ],
)
def test_csv_errors_name_the_line_and_column(text: str, line: int, words: str) -> None:
    with pytest.raises(InputError, match=words) as caught:
        parse_actuals_csv(text, path="export.csv", known_ids=["A1", "A2"])
    assert caught.value.line == line
    assert str(caught.value).startswith(f"export.csv:{line}:")


def test_empty_and_missing_files_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty"):
        parse_actuals_csv("  \n")
    with pytest.raises(InputError, match="cannot read"):
        load_actuals_csv(tmp_path / "nope.csv")


def test_same_reading_twice_is_kept_once() -> None:
    actuals = parse_actuals_csv("date,kr_id,value\n2027-01-08,A1,3\n2027-01-08,A1,3.0\n")
    assert len(actuals) == 1
